/*
 * report_markdown.c - the report as a PR comment: a verdict line, what
 * to do next ("To ship: ..."), the checks that did not pass (a failing
 * one linked to its evidence), the findings table, the checks that
 * passed or were skipped collapsed, and the checklist in a collapsible
 * block.
 *
 * Everything taken from the PR (its title, the description text that
 * messages quote, the checklist items copied from its sections) is
 * escaped so that it can't break the table, inject HTML, close the
 * <details> block, forge the comment bot's hidden marker ("<!--" is
 * nowhere, not even in code) or @mention anyone (a zero-width space
 * follows every '@'). Code spans stay code spans: inside them nothing
 * is interpreted, so only '|' (in a table) and "<!--" are touched. The
 * escaping decides where code spans and fenced code blocks are exactly
 * as GitHub will (an unmatched backtick is escaped, so is every
 * backslash), so text it leaves raw is always code.
 */
#include <string.h>
#include <strings.h>

#include "linter/report.h"
#include "support/visible.h"

#define ZWSP "\xe2\x80\x8b" /* U+200B ZERO WIDTH SPACE */

/*
 * The length of the control character at s (n bytes left) that a
 * terminal would act on: C0 but tab and line breaks, DEL, C1 (U+0080..
 * U+009F); 0 for anything else.
 */
static size_t control_len(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
		return 1;
	if (c == 0xc2 && n >= 2 && (unsigned char)s[1] >= 0x80 &&
	    (unsigned char)s[1] <= 0x9f)
		return 2;
	return 0;
}

/*
 * Append the control character at s (len bytes) made visible as the text
 * report shows it ("\e", "\x07"), its backslash escaped when outside a
 * code span (code set).
 */
static void add_control(struct strbuf *out, const char *s, size_t len, int code)
{
	char one[3] = {0};
	struct strbuf vis = STRBUF_INIT;
	memcpy(one, s, len);
	prgate_visible_add(&vis, one);
	for (size_t i = 0; i < vis.len; i++)
		if (vis.buf[i] == '\\' && !code)
			strbuf_addstr(out, "\\\\");
		else
			strbuf_addch(out, vis.buf[i]);
	strbuf_release(&vis);
}

/* Code text: verbatim but for "<!--" (and, in a table, '|' and breaks). */
static void code_text(struct strbuf *out, const char *s, size_t n, int table)
{
	for (size_t i = 0; i < n; i++) {
		size_t c = control_len(s + i, n - i);
		if (c) {
			add_control(out, s + i, c, 1);
			i += c - 1;
		} else if (s[i] == '<' && n - i >= 4 &&
			   !memcmp(s + i, "<!--", 4))
			strbuf_addstr(out, "<" ZWSP);
		else if (table && s[i] == '|')
			strbuf_addstr(out, "\\|");
		else if (table && (s[i] == '\n' || s[i] == '\r'))
			strbuf_addch(out, ' ');
		else
			strbuf_addch(out, s[i]);
	}
}

/* The length of the run of backticks at s. */
static size_t ticks(const char *s, size_t n)
{
	size_t k = 0;
	while (k < n && s[k] == '`')
		k++;
	return k;
}

/*
 * Inline Markdown text from the PR. Outside code spans: '<' and '&' as
 * entities, a zero-width space after '@', before "://" and between "www"
 * and '.', '[', backslashes and unmatched backticks escaped; in a table (table
 * set) also '>' and '|', and line breaks become spaces.
 */
/* inline_text() flags */
#define IN_TABLE 1
#define OWN_LINKS 2 /* prgate's own message: its URLs may stay links */

static void inline_text(struct strbuf *out, const char *s, size_t n, int flags)
{
	const int table = flags & IN_TABLE, own = flags & OWN_LINKS;
	size_t i = 0;
	while (i < n) {
		size_t k, j;
		if (s[i] != '`') {
			switch (s[i]) {
			case '<':
				strbuf_addstr(out, "&lt;");
				break;
			case '&':
				strbuf_addstr(out, "&amp;");
				break;
			case '@':
				strbuf_addstr(out, "@" ZWSP);
				break;
			case '[':
				/* no link, image or reference from the PR */
				strbuf_addstr(out, "\\[");
				break;
			case ':':
				/* no "https://..." autolink either */
				if (!own && n - i >= 3 && s[i + 1] == '/' &&
				    s[i + 2] == '/')
					strbuf_addstr(out, ZWSP);
				strbuf_addch(out, ':');
				break;
			case '.':
				/* nor a "www." one */
				if (!own && i >= 3 &&
				    !strncasecmp(s + i - 3, "www", 3))
					strbuf_addstr(out, ZWSP);
				strbuf_addch(out, '.');
				break;
			case '\\':
				strbuf_addstr(out, "\\\\");
				break;
			case '>':
				strbuf_addstr(out, table ? "&gt;" : ">");
				break;
			case '|':
				strbuf_addstr(out, table ? "\\|" : "|");
				break;
			case '\n':
			case '\r':
				strbuf_addch(out, table ? ' ' : s[i]);
				break;
			default:
				if ((k = control_len(s + i, n - i))) {
					add_control(out, s + i, k, 0);
					i += k;
					continue;
				}
				strbuf_addch(out, s[i]);
			}
			i++;
			continue;
		}
		/* a code span runs to the next run of exactly as many */
		k = ticks(s + i, n - i);
		for (j = i + k; j < n;) {
			size_t m = ticks(s + j, n - j);
			if (m == k)
				break;
			j += m ? m : 1;
		}
		if (j < n) {
			strbuf_add(out, s + i, k);
			code_text(out, s + i + k, j - i - k, table);
			strbuf_add(out, s + j, k);
			i = j + k;
		} else {
			for (; k; k--, i++)
				strbuf_addstr(out, "\\`");
		}
	}
}

/* Table-cell text: no pipes, no HTML, no line breaks. */
static void cell(struct strbuf *out, const char *s)
{
	inline_text(out, s, strlen(s), IN_TABLE);
}

/* 1 when line (after its indentation) starts a code fence. */
static int fence_like(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && s[i] == ' ')
		i++;
	return n - i >= 3 &&
	       (!memcmp(s + i, "```", 3) || !memcmp(s + i, "~~~", 3));
}

/* 1 when the line is nothing but indentation and a fence of backticks. */
static int bare_fence(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && s[i] == ' ')
		i++;
	return n - i >= 3 && ticks(s + i, n - i) == n - i;
}

/*
 * The generated checklist, escaped. Its lines are headings, task items
 * (inline text from the PR), and code blocks the generator fenced with a
 * bare "```" line at some indentation. Inside such a fence the lines are
 * code, kept as they are, except that a line that could end the fence
 * gets a zero-width space before its backticks - all but the
 * generator's own closing line (the opening line again, followed by a
 * blank line or the end). A fence still open at the end is closed.
 */
static void checklist_block(struct strbuf *out, const char *s)
{
	const char *fence = NULL;
	size_t fence_len = 0;

	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		const char *next = nl ? nl + 1 : s + len;

		if (fence) {
			if (len == fence_len && !memcmp(s, fence, len) &&
			    (!*next || *next == '\n')) {
				strbuf_add(out, s, len);
				fence = NULL;
			} else if (fence_like(s, len)) {
				size_t ind = strspn(s, " ");
				strbuf_add(out, s, ind);
				strbuf_addstr(out, ZWSP);
				code_text(out, s + ind, len - ind, 0);
			} else {
				code_text(out, s, len, 0);
			}
		} else if (bare_fence(s, len)) {
			strbuf_add(out, s, len);
			fence = s;
			fence_len = len;
		} else {
			size_t ind = strspn(s, " ");
			/* no fence opens here: "~~~" at a line's start would */
			if (fence_like(s, len) && s[ind] == '~') {
				strbuf_add(out, s, ind);
				strbuf_addch(out, '\\');
				s += ind;
				len -= ind;
			} else if (len - ind >= 6 &&
				   !memcmp(s + ind, "- [ ] ", 6)) {
				/* the generator's own task box */
				strbuf_add(out, s, ind + 6);
				s += ind + 6;
				len -= ind + 6;
			}
			inline_text(out, s, len, 0);
		}
		if (nl)
			strbuf_addch(out, '\n');
		s = next;
	}
	if (fence) {
		if (out->len && out->buf[out->len - 1] != '\n')
			strbuf_addch(out, '\n');
		strbuf_add(out, fence, fence_len);
		strbuf_addch(out, '\n');
	}
}

static const char *icon(enum prgate_severity sev)
{
	return sev == PRGATE_SEV_ERROR ? "\xe2\x9d\x8c" /* cross */
	       : sev == PRGATE_SEV_WARNING
		   ? "\xe2\x9a\xa0\xef\xb8\x8f"	 /* warn */
		   : "\xe2\x84\xb9\xef\xb8\x8f"; /* info */
}

/* A gate rule's finding is in the checks table, unless it was allowed. */
static int in_checks(const struct prgate_report_file *f,
		     const struct prgate_finding *x)
{
	return f->checks && prgate_rule_is_gate(x->rule) && !x->allowed_reason;
}

static const char *const marks[] = {"\xe2\x9c\x85", "\xe2\x9d\x8c",
				    "\xe2\x8f\xb3", "\xe2\x9d\x93",
				    "\xe2\x9e\x96", "\xe2\x98\x91\xef\xb8\x8f"};

/* A URL that can stand in a Markdown link as it is. */
static int plain_url(const char *url)
{
	return url && !strncmp(url, "https://", 8) &&
	       !strpbrk(url, " ()<>\"'`\\[]\n\r\t");
}

/* A check that passed or does not apply: shown collapsed. */
static int collapsed(const struct prgate_check *x)
{
	return x->state == PRGATE_CHECK_PASS ||
	       x->state == PRGATE_CHECK_SKIPPED;
}

/* One row of the checks table. */
static void check_row(struct strbuf *out, const struct prgate_check *x)
{
	strbuf_addf(out, "| %s | `%s` | ", marks[x->state],
		    prgate_rule_id(x->rule));
	cell(out, x->detail);
	if (!collapsed(x) && plain_url(x->url))
		strbuf_addf(out, " ([details](%s))", x->url);
	strbuf_addstr(out, " |\n");
}

/* A check that did not pass: it is what stands between the PR and GO. */
static int open_check(const struct prgate_check *x)
{
	return x->state == PRGATE_CHECK_FAIL ||
	       x->state == PRGATE_CHECK_PENDING ||
	       x->state == PRGATE_CHECK_UNKNOWN;
}

/* 1 when a failed check of rule blocks the PR (an error, not allowed). */
static int blocks(const struct prgate_report_file *f, enum prgate_rule rule)
{
	for (size_t k = 0; k < f->findings->n; k++)
		if (f->findings->v[k].rule == rule &&
		    f->findings->v[k].severity == PRGATE_SEV_ERROR &&
		    !f->findings->v[k].allowed_reason)
			return 1;
	return 0;
}

/*
 * "**To ship:** 1 more approval from bob or carol; fix CI 'integration'
 * ([details](...)); wait for the window: opens Mon 30 Nov 08:00
 * Europe/Ljubljana; fix 2 errors in the description": what to do about
 * every check that did not pass, in the report's order (its steps, or
 * else its detail), then the description's errors. A step's text is
 * escaped as the PR's text is, its control characters made visible;
 * only its URL, when plain (https, nothing to escape), is a link.
 */
static void next_step(struct strbuf *out, const struct prgate_report_file *f)
{
	size_t n = 0, errors = 0;

	for (size_t k = 0; f->checks && k < f->checks->n; k++) {
		const struct prgate_check *x = &f->checks->v[k];
		if (!open_check(x) ||
		    (x->state == PRGATE_CHECK_FAIL && !blocks(f, x->rule)))
			continue; /* a warning is reported, not in the way */
		for (size_t s = 0; s < x->nsteps; s++) {
			strbuf_addstr(out, n++ ? "; " : "**To ship:** ");
			cell(out, x->steps[s].text); /* controls made visible */
			if (plain_url(x->steps[s].url))
				strbuf_addf(out, " ([details](%s))",
					    x->steps[s].url);
		}
		if (x->nsteps)
			continue;
		strbuf_addstr(out, n++ ? "; " : "**To ship:** ");
		strbuf_addf(out,
			    x->state == PRGATE_CHECK_PENDING ? "wait for `%s`: "
			    : x->state == PRGATE_CHECK_UNKNOWN
				? "`%s` could not be checked: "
				: "`%s`: ",
			    prgate_rule_id(x->rule));
		cell(out, x->detail);
	}
	for (size_t k = 0; k < f->findings->n; k++)
		errors += f->findings->v[k].severity == PRGATE_SEV_ERROR &&
			  !in_checks(f, &f->findings->v[k]) &&
			  !f->findings->v[k].allowed_reason;
	if (errors)
		strbuf_addf(out, "%sfix %zu error%s in the description",
			    n++ ? "; " : "**To ship:** ", errors,
			    errors == 1 ? "" : "s");
	if (n)
		strbuf_addstr(out, "\n\n");
}

void prgate_report_markdown_checklist(struct strbuf *out,
				      const struct prgate_report_file *f)
{
	if (!f->checklist)
		return;
	strbuf_addstr(out, "<details><summary>Deployment "
			   "checklist</summary>\n\n");
	checklist_block(out, f->checklist);
	strbuf_addstr(out, "\n</details>\n\n");
}

void prgate_report_markdown_overrides(struct strbuf *out,
				      const struct prgate_report_file *f)
{
	if (!prgate_report_file_noverrides(f))
		return;
	strbuf_addstr(out, "Overrides:\n\n");
	for (size_t k = 0; k < f->overrides->n; k++) {
		const struct prgate_override *o = &f->overrides->v[k];
		strbuf_addf(out, "- `%s` by ", prgate_rule_id(o->rule));
		cell(out, "@");
		cell(out, o->by);
		strbuf_addstr(out, ": ");
		cell(out, o->reason);
		if (*o->url && !strncmp(o->url, "https://", 8) &&
		    !strpbrk(o->url, " ()<>\"'`\\"))
			strbuf_addf(out, " ([comment](%s))", o->url);
		strbuf_addch(out, '\n');
	}
	strbuf_addch(out, '\n');
}

static void markdown_overrides(struct strbuf *out,
			       const struct prgate_report_file *f)
{
	prgate_report_markdown_overrides(out, f);
}

static void file_report(struct strbuf *out, const struct prgate_report_file *f,
			int many)
{
	const char *v = prgate_report_file_verdict(f);
	size_t e, w, rows = 0, passed = 0, skipped = 0;
	size_t no = prgate_report_file_noverrides(f);
	strbuf_addf(out, "%s prgate: **%s",
		    *v == 'g'	? "\xe2\x9c\x85"
		    : *v == 'n' ? "\xe2\x9d\x8c"
				: "\xe2\x9d\x93",
		    *v == 'g'	? "GO"
		    : *v == 'n' ? "NO-GO"
				: "UNKNOWN");
	if (*v == 'g' && no)
		strbuf_addf(out, " with %zu override%s", no,
			    no == 1 ? "" : "s");
	strbuf_addstr(out, "**");
	if (many || f->title) {
		strbuf_addstr(out, " \xe2\x80\x94 ");
		cell(out, f->title ? f->title : prgate_report_file_name(f));
	}
	strbuf_addstr(out, "\n\n");
	if (!f->findings) {
		/* an unreadable input, or a PR GitHub could not tell about */
		strbuf_addstr(out, "Could not decide: ");
		if (f->error)
			inline_text(out, f->error, strlen(f->error),
				    IN_TABLE | OWN_LINKS);
		else
			cell(out, "unknown error");
		strbuf_addstr(out, "\n\n");
		return;
	}
	next_step(out, f);
	for (size_t k = 0; f->checks && k < f->checks->n; k++) {
		passed += f->checks->v[k].state == PRGATE_CHECK_PASS;
		skipped += f->checks->v[k].state == PRGATE_CHECK_SKIPPED;
	}
	if (f->checks && f->checks->n > passed + skipped) {
		/* what did not pass first, in sight */
		strbuf_addstr(out, "| | Check | |\n|---|---|---|\n");
		for (size_t k = 0; k < f->checks->n; k++)
			if (!collapsed(&f->checks->v[k]))
				check_row(out, &f->checks->v[k]);
		strbuf_addch(out, '\n');
	}
	e = prgate_findings_count(f->findings, PRGATE_SEV_ERROR);
	w = prgate_findings_count(f->findings, PRGATE_SEV_WARNING);
	strbuf_addf(out, "%zu error%s, %zu warning%s.\n\n", e,
		    e == 1 ? "" : "s", w, w == 1 ? "" : "s");
	markdown_overrides(out, f);
	for (size_t k = 0; k < f->findings->n; k++)
		rows += !in_checks(f, &f->findings->v[k]);
	if (rows) {
		strbuf_addstr(out, "| | Rule | Line | Finding |\n"
				   "|---|---|---|---|\n");
		for (size_t k = 0; k < f->findings->n; k++) {
			const struct prgate_finding *x = &f->findings->v[k];
			if (in_checks(f, x))
				continue;
			strbuf_addf(out, "| %s %s | `%s` | ", icon(x->severity),
				    prgate_severity_name(x->severity),
				    prgate_rule_id(x->rule));
			if (x->line)
				strbuf_addf(out, "%d", x->line);
			strbuf_addstr(out, " | ");
			cell(out, x->message);
			if (x->allowed_reason) {
				struct strbuf note = STRBUF_INIT;

				strbuf_addstr(out, " (");
				prgate_finding_allowed_note(x, &note);
				cell(out, note.buf);
				strbuf_release(&note);
				strbuf_addch(out, ')');
			}
			strbuf_addstr(out, " |\n");
		}
		strbuf_addch(out, '\n');
	}
	if (passed + skipped) {
		/* the passes, out of the way */
		strbuf_addf(out, "<details><summary>%zu check%s passed", passed,
			    passed == 1 ? "" : "s");
		if (skipped)
			strbuf_addf(out, ", %zu skipped", skipped);
		strbuf_addstr(out, "</summary>\n\n| | Check | |\n"
				   "|---|---|---|\n");
		for (size_t k = 0; k < f->checks->n; k++)
			if (collapsed(&f->checks->v[k]))
				check_row(out, &f->checks->v[k]);
		strbuf_addstr(out, "\n</details>\n\n");
	}
	prgate_report_markdown_checklist(out, f);
}

void prgate_report_markdown(struct strbuf *out, const struct prgate_report *r)
{
	for (size_t i = 0; i < r->nfiles; i++)
		file_report(out, &r->files[i], r->nfiles > 1 || r->many);
	while (out->len >= 2 && out->buf[out->len - 1] == '\n' &&
	       out->buf[out->len - 2] == '\n')
		strbuf_setlen(out, out->len - 1);
}
