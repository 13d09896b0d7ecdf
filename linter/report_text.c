/*
 * report_text.c - the terminal report: compiler-style finding lines
 * (`body.md:12:1: error: ... [rule]`) and a verdict line per file, in
 * colour when asked. Text that came from elsewhere (titles, check names,
 * messages quoting GitHub or the description) is printed with its control
 * characters made visible (prgate_visible_add()): only the colours this
 * file adds reach the terminal.
 */
#include <time.h>

#include "support/visible.h"

#include "linter/report.h"

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

static const char *state_mark(enum prgate_check_state st, int color)
{
	static const char *const plain[] = {"pass", "FAIL", "wait",
					    "????", "skip", "over"};
	static const char *const colored[] = {
	    GREEN "pass" RESET,	 RED "FAIL" RESET, YELLOW "wait" RESET,
	    YELLOW "????" RESET, "skip",	   YELLOW "over" RESET};
	return color ? colored[st] : plain[st];
}

/* prgate check: one line per gate rule, its state and why. */
static void checks(struct strbuf *out, const struct prgate_report_file *f,
		   int c)
{
	strbuf_addstr(out, c ? BOLD : "");
	prgate_visible_add(out, f->title ? f->title : f->name);
	strbuf_addf(out, "%s\n", c ? RESET : "");
	for (size_t k = 0; k < f->checks->n; k++) {
		const struct prgate_check *x = &f->checks->v[k];
		strbuf_addf(out, "  %s  %-18s ", state_mark(x->state, c),
			    prgate_rule_id(x->rule));
		prgate_visible_add(out, x->detail);
		if (x->url) {
			strbuf_addstr(out, " (");
			prgate_visible_add(out, x->url);
			strbuf_addch(out, ')');
		}
		strbuf_addch(out, '\n');
	}
}

void prgate_report_text(struct strbuf *out, const struct prgate_report *r)
{
	int c = r->color;
	for (size_t i = 0; i < r->nfiles; i++) {
		const struct prgate_report_file *f = &r->files[i];
		const char *name = prgate_report_file_name(f);
		size_t e, w, n, u;
		const char *v;
		if (!f->findings) {
			/* the command printed the error; say what it means */
			if (f->checks || f->error_exit == 3)
				strbuf_addf(out,
					    "%s: UNKNOWN: could not decide\n",
					    name);
			continue;
		}
		if (f->checks)
			checks(out, f, c);
		for (size_t k = 0; k < f->findings->n; k++) {
			const struct prgate_finding *x = &f->findings->v[k];
			if (f->checks && prgate_rule_is_gate(x->rule) &&
			    !x->allowed_reason)
				continue; /* shown as a check above */
			if (x->line)
				strbuf_addf(out, "%s%s:%d:%d:%s ",
					    c ? BOLD : "", name, x->line,
					    x->col > 0 ? x->col : 1,
					    c ? RESET : "");
			else
				strbuf_addf(out, "%s%s:%s ", c ? BOLD : "",
					    name, c ? RESET : "");
			strbuf_addf(
			    out, "%s%s:%s ", c ? sev_color(x->severity) : "",
			    prgate_severity_name(x->severity), c ? RESET : "");
			prgate_visible_add(out, x->message);
			strbuf_addf(out, " [%s]", prgate_rule_id(x->rule));
			if (x->allowed_reason) {
				struct strbuf note = STRBUF_INIT;

				strbuf_addstr(out, " (");
				prgate_finding_allowed_note(x, &note);
				prgate_visible_add(out, note.buf);
				strbuf_release(&note);
				strbuf_addf(out, "; line %d)", x->allowed_line);
			}
			strbuf_addch(out, '\n');
		}
		for (size_t k = 0; f->overrides && k < f->overrides->n; k++) {
			const struct prgate_override *o = &f->overrides->v[k];
			strbuf_addf(out, "%s%s:%s %soverride:%s %s by @%s: %s",
				    c ? BOLD : "", name, c ? RESET : "",
				    c ? YELLOW : "", c ? RESET : "",
				    prgate_rule_id(o->rule), o->by, o->reason);
			if (*o->url)
				strbuf_addf(out, " (%s)", o->url);
			strbuf_addch(out, '\n');
		}
		e = prgate_findings_count(f->findings, PRGATE_SEV_ERROR);
		w = prgate_findings_count(f->findings, PRGATE_SEV_WARNING);
		n = prgate_findings_count(f->findings, PRGATE_SEV_INFO);
		u = 0;
		for (size_t k = 0; k < f->findings->n; k++)
			u += f->findings->v[k].undecided &&
			     f->findings->v[k].severity == PRGATE_SEV_ERROR;
		v = prgate_report_file_verdict(f);
		strbuf_addf(out, "%s: %s%s%s: ", name,
			    c ? (*v == 'g'   ? GREEN
				 : *v == 'n' ? RED
					     : YELLOW)
			      : "",
			    *v == 'g'	? "GO"
			    : *v == 'n' ? "NO-GO"
					: "UNKNOWN",
			    c ? RESET : "");
		if (*v == 'g' && prgate_report_file_noverrides(f)) {
			size_t no = prgate_report_file_noverrides(f);
			/* "GO with 1 override: ..." */
			strbuf_setlen(out, out->len - 2);
			strbuf_addf(out, " with %zu override%s: ", no,
				    no == 1 ? "" : "s");
		}
		if (u) {
			strbuf_addf(out, "could not decide %zu check%s, ", u,
				    u == 1 ? "" : "s");
		}
		plural(out, e - u, "error");
		strbuf_addstr(out, ", ");
		plural(out, w, "warning");
		if (n) {
			strbuf_addstr(out, ", ");
			plural(out, n, "note");
		}
		if (f->expires_at) {
			struct tm tm;
			char when[32];
			gmtime_r(&f->expires_at, &tm);
			strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
			strbuf_addf(out, "; the clock changes this at %s",
				    when);
		}
		strbuf_addch(out, '\n');
	}
}
