/*
 * report_github.c - findings as GitHub Actions workflow commands
 * (::error file=...,line=...::message), escaped as GitHub requires:
 * '%', CR and LF in messages; also ':' and ',' in properties.
 */
#include <string.h>

#include "linter/report.h"

static void escape(struct strbuf *out, const char *s, int property)
{
	for (; *s; s++) {
		if (*s == '%')
			strbuf_addstr(out, "%25");
		else if (*s == '\r')
			strbuf_addstr(out, "%0D");
		else if (*s == '\n')
			strbuf_addstr(out, "%0A");
		else if (property && *s == ':')
			strbuf_addstr(out, "%3A");
		else if (property && *s == ',')
			strbuf_addstr(out, "%2C");
		else
			strbuf_addch(out, *s);
	}
}

static const char *command(enum prgate_severity sev)
{
	return sev == PRGATE_SEV_ERROR	   ? "error"
	       : sev == PRGATE_SEV_WARNING ? "warning"
					   : "notice";
}

void prgate_report_github(struct strbuf *out, const struct prgate_report *r)
{
	for (size_t i = 0; i < r->nfiles; i++) {
		const struct prgate_report_file *f = &r->files[i];
		if (!f->findings) {
			strbuf_addstr(out, "::error file=");
			escape(out, prgate_report_file_name(f), 1);
			strbuf_addstr(out, ",title=prgate::");
			escape(out, f->error ? f->error : "could not lint", 0);
			strbuf_addch(out, '\n');
			continue;
		}
		if (prgate_report_file_noverrides(f)) {
			size_t no = prgate_report_file_noverrides(f);
			if (!strcmp(prgate_report_file_verdict(f), "go"))
				strbuf_addf(out,
					    "::notice title=prgate::GO with "
					    "%zu override%s\n",
					    no, no == 1 ? "" : "s");
			for (size_t k = 0; k < no; k++) {
				const struct prgate_override *o =
				    &f->overrides->v[k];
				strbuf_addstr(out, "::notice title=");
				escape(out, prgate_rule_id(o->rule), 1);
				strbuf_addstr(out, "::overridden by @");
				escape(out, o->by, 0);
				strbuf_addstr(out, ": ");
				escape(out, o->reason, 0);
				if (*o->url) {
					strbuf_addstr(out, " (");
					escape(out, o->url, 0);
					strbuf_addch(out, ')');
				}
				strbuf_addch(out, '\n');
			}
		}
		for (size_t k = 0; k < f->findings->n; k++) {
			const struct prgate_finding *x = &f->findings->v[k];
			strbuf_addf(out, "::%s ", command(x->severity));
			/* prgate check: the lines are the PR's description,
			 * not a file of the repository */
			if (!f->checks) {
				strbuf_addstr(out, "file=");
				escape(out, prgate_report_file_name(f), 1);
				if (x->line)
					strbuf_addf(out, ",line=%d,col=%d",
						    x->line,
						    x->col > 0 ? x->col : 1);
				strbuf_addch(out, ',');
			}
			strbuf_addstr(out, "title=");
			escape(out, prgate_rule_id(x->rule), 1);
			strbuf_addstr(out, "::");
			escape(out, x->message, 0);
			if (x->allowed_reason) {
				struct strbuf note = STRBUF_INIT;

				strbuf_addstr(out, " (");
				prgate_finding_allowed_note(x, &note);
				escape(out, note.buf, 0);
				strbuf_release(&note);
				strbuf_addch(out, ')');
			}
			strbuf_addch(out, '\n');
		}
	}
}
