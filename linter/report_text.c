/*
 * report_text.c - the terminal report: compiler-style finding lines
 * (`body.md:12:1: error: ... [rule]`) and a verdict line per file, in
 * colour when asked.
 */
#include "report.h"

#define RED "\033[1;31m"
#define YELLOW "\033[1;33m"
#define CYAN "\033[1;36m"
#define GREEN "\033[1;32m"
#define BOLD "\033[1m"
#define RESET "\033[0m"

static const char *sev_color(enum prgate_severity sev)
{
	return sev == PRGATE_SEV_ERROR	   ? RED
	       : sev == PRGATE_SEV_WARNING ? YELLOW
					   : CYAN;
}

static void plural(struct strbuf *out, size_t n, const char *what)
{
	strbuf_addf(out, "%zu %s%s", n, what, n == 1 ? "" : "s");
}

void prgate_report_text(struct strbuf *out, const struct prgate_report *r)
{
	int c = r->color;
	for (size_t i = 0; i < r->nfiles; i++) {
		const struct prgate_report_file *f = &r->files[i];
		const char *name = prgate_report_file_name(f);
		size_t e, w, n;
		if (!f->findings)
			continue; /* the command printed the input error */
		for (size_t k = 0; k < f->findings->n; k++) {
			const struct prgate_finding *x = &f->findings->v[k];
			if (x->line)
				strbuf_addf(out, "%s%s:%d:%d:%s ",
					    c ? BOLD : "", name, x->line,
					    x->col > 0 ? x->col : 1,
					    c ? RESET : "");
			else
				strbuf_addf(out, "%s%s:%s ", c ? BOLD : "",
					    name, c ? RESET : "");
			strbuf_addf(out, "%s%s:%s %s [%s]",
				    c ? sev_color(x->severity) : "",
				    prgate_severity_name(x->severity),
				    c ? RESET : "", x->message,
				    prgate_rule_id(x->rule));
			if (x->allowed_reason)
				strbuf_addf(out, " (%s; line %d)",
					    x->allowed_reason, x->allowed_line);
			strbuf_addch(out, '\n');
		}
		e = prgate_findings_count(f->findings, PRGATE_SEV_ERROR);
		w = prgate_findings_count(f->findings, PRGATE_SEV_WARNING);
		n = prgate_findings_count(f->findings, PRGATE_SEV_INFO);
		strbuf_addf(out, "%s: %s%s%s: ", name,
			    c ? (e ? RED : GREEN) : "", e ? "NO-GO" : "GO",
			    c ? RESET : "");
		plural(out, e, "error");
		strbuf_addstr(out, ", ");
		plural(out, w, "warning");
		if (n) {
			strbuf_addstr(out, ", ");
			plural(out, n, "note");
		}
		strbuf_addch(out, '\n');
	}
}
