/*
 * report_markdown.c - the report as a PR comment: a verdict line, a
 * findings table and the checklist in a collapsible block.
 *
 * Text from the description (messages quote it) is escaped so it can't
 * break the table, inject HTML, close the <details> block or @mention
 * anyone (a zero-width space follows every '@').
 */
#include "report.h"

/* Table-cell text: no pipes, no HTML, no line breaks. */
static void cell(struct strbuf *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '|':
			strbuf_addstr(out, "\\|");
			break;
		case '<':
			strbuf_addstr(out, "&lt;");
			break;
		case '>':
			strbuf_addstr(out, "&gt;");
			break;
		case '&':
			strbuf_addstr(out, "&amp;");
			break;
		case '\n':
		case '\r':
			strbuf_addch(out, ' ');
			break;
		case '@':
			strbuf_addstr(out, "@\xe2\x80\x8b");
			break;
		default:
			strbuf_addch(out, *s);
		}
	}
}

static const char *icon(enum prgate_severity sev)
{
	return sev == PRGATE_SEV_ERROR ? "\xe2\x9d\x8c" /* cross */
	       : sev == PRGATE_SEV_WARNING
		   ? "\xe2\x9a\xa0\xef\xb8\x8f"	 /* warn */
		   : "\xe2\x84\xb9\xef\xb8\x8f"; /* info */
}

static void file_report(struct strbuf *out, const struct prgate_report_file *f,
			int many)
{
	const char *v = prgate_report_file_verdict(f);
	size_t e, w;
	strbuf_addf(out, "%s prgate: **%s**",
		    *v == 'g'	? "\xe2\x9c\x85"
		    : *v == 'n' ? "\xe2\x9d\x8c"
				: "\xe2\x9d\x93",
		    *v == 'g'	? "GO"
		    : *v == 'n' ? "NO-GO"
				: "UNKNOWN");
	if (many || f->title) {
		strbuf_addstr(out, " \xe2\x80\x94 ");
		cell(out, f->title ? f->title : prgate_report_file_name(f));
	}
	strbuf_addstr(out, "\n\n");
	if (!f->findings) {
		strbuf_addstr(out, "Could not lint: ");
		cell(out, f->error ? f->error : "unknown error");
		strbuf_addstr(out, "\n\n");
		return;
	}
	if (f->checks && f->checks->n) {
		static const char *const marks[] = {
		    "\xe2\x9c\x85", "\xe2\x9d\x8c", "\xe2\x8f\xb3",
		    "\xe2\x9d\x93", "\xe2\x9e\x96"};
		strbuf_addstr(out, "| | Check | |\n|---|---|---|\n");
		for (size_t k = 0; k < f->checks->n; k++) {
			const struct prgate_check *x = &f->checks->v[k];
			strbuf_addf(out, "| %s | `%s` | ", marks[x->state],
				    prgate_rule_id(x->rule));
			cell(out, x->detail);
			strbuf_addstr(out, " |\n");
		}
		strbuf_addch(out, '\n');
	}
	e = prgate_findings_count(f->findings, PRGATE_SEV_ERROR);
	w = prgate_findings_count(f->findings, PRGATE_SEV_WARNING);
	strbuf_addf(out, "%zu error%s, %zu warning%s.\n\n", e,
		    e == 1 ? "" : "s", w, w == 1 ? "" : "s");
	if (f->findings->n) {
		strbuf_addstr(out, "| | Rule | Line | Finding |\n"
				   "|---|---|---|---|\n");
		for (size_t k = 0; k < f->findings->n; k++) {
			const struct prgate_finding *x = &f->findings->v[k];
			if (f->checks && prgate_rule_is_gate(x->rule) &&
			    !x->allowed_reason)
				continue; /* in the checks table */
			strbuf_addf(out, "| %s %s | `%s` | ", icon(x->severity),
				    prgate_severity_name(x->severity),
				    prgate_rule_id(x->rule));
			if (x->line)
				strbuf_addf(out, "%d", x->line);
			strbuf_addstr(out, " | ");
			cell(out, x->message);
			if (x->allowed_reason) {
				strbuf_addstr(out, " (");
				cell(out, x->allowed_reason);
				strbuf_addch(out, ')');
			}
			strbuf_addstr(out, " |\n");
		}
		strbuf_addch(out, '\n');
	}
	if (f->checklist) {
		strbuf_addstr(out, "<details><summary>Deployment "
				   "checklist</summary>\n\n");
		strbuf_addstr(out, f->checklist);
		strbuf_addstr(out, "\n</details>\n\n");
	}
}

void prgate_report_markdown(struct strbuf *out, const struct prgate_report *r)
{
	for (size_t i = 0; i < r->nfiles; i++)
		file_report(out, &r->files[i], r->nfiles > 1);
	while (out->len >= 2 && out->buf[out->len - 1] == '\n' &&
	       out->buf[out->len - 2] == '\n')
		strbuf_setlen(out, out->len - 1);
}
