/*
 * report_json.c - the JSON report: SPEC's stable schema (verdict,
 * findings, checklist) with keys in a fixed order, plus per-file
 * summaries. Written by hand rather than through cJSON so the key order
 * and number formatting never change under us.
 */
#include <time.h>

#include "support/json.h"
#include "linter/report.h"

/* Quoted and escaped; invalid UTF-8 (a Latin-1 config, a message cut
 * inside a character) as U+FFFD, so the report is always valid JSON. */
static void json_str(struct strbuf *out, const char *s)
{
	prgate_json_quote(out, s);
}

static void json_int_or_null(struct strbuf *out, int v)
{
	if (v > 0)
		strbuf_addf(out, "%d", v);
	else
		strbuf_addstr(out, "null");
}

static void finding(struct strbuf *out, const char *file,
		    const struct prgate_finding *f)
{
	strbuf_addstr(out, "    {\"rule\": ");
	json_str(out, prgate_rule_id(f->rule));
	strbuf_addstr(out, ", \"severity\": ");
	json_str(out, prgate_severity_name(f->severity));
	strbuf_addstr(out, ", \"message\": ");
	json_str(out, f->message);
	strbuf_addstr(out, ", \"line\": ");
	json_int_or_null(out, f->line);
	strbuf_addstr(out, ", \"column\": ");
	json_int_or_null(out, f->line ? f->col : 0);
	strbuf_addstr(out, ", \"section\": ");
	if (f->section)
		json_str(out, f->section);
	else
		strbuf_addstr(out, "null");
	strbuf_addstr(out, ", \"policy_section\": ");
	if (f->policy_section)
		json_str(out, f->policy_section);
	else
		strbuf_addstr(out, "null");
	strbuf_addstr(out, ", \"file\": ");
	json_str(out, file);
	if (f->allowed_reason) {
		strbuf_addstr(out, ", \"allowed\": {\"reason\": ");
		json_str(out, f->allowed_reason);
		strbuf_addstr(out, ", \"by\": ");
		if (f->allowed_by)
			json_str(out, f->allowed_by);
		else
			strbuf_addstr(out, "null");
		strbuf_addf(out, ", \"line\": %d}", f->allowed_line);
	}
	strbuf_addch(out, '}');
}

void prgate_report_json_head(struct strbuf *out, const char *verdict)
{
	strbuf_addstr(out, "{\"verdict\": ");
	json_str(out, verdict);
	strbuf_addstr(out, ",\n  \"findings\": [");
}

void prgate_report_json_findings(struct strbuf *out,
				 const struct prgate_report_file *f, int *first)
{
	for (size_t k = 0; f->findings && k < f->findings->n; k++) {
		strbuf_addstr(out, *first ? "\n" : ",\n");
		finding(out, prgate_report_file_name(f), &f->findings->v[k]);
		*first = 0;
	}
}

void prgate_report_json_middle(struct strbuf *out, int no_findings)
{
	strbuf_addstr(out, no_findings ? "],\n" : "\n  ],\n");
	strbuf_addstr(out, "  \"checklist\": null");
	strbuf_addstr(out, ",\n  \"files\": [");
}

void prgate_report_json_summary(struct strbuf *out,
				const struct prgate_report_file *f, int first)
{
	strbuf_addstr(out, first ? "\n" : ",\n");
	strbuf_addstr(out, "    {\"file\": ");
	json_str(out, prgate_report_file_name(f));
	strbuf_addstr(out, ", \"verdict\": ");
	json_str(out, prgate_report_file_verdict(f));
	if (f->findings)
		strbuf_addf(
		    out, ", \"errors\": %zu, \"warnings\": %zu, \"infos\": %zu",
		    prgate_findings_count(f->findings, PRGATE_SEV_ERROR),
		    prgate_findings_count(f->findings, PRGATE_SEV_WARNING),
		    prgate_findings_count(f->findings, PRGATE_SEV_INFO));
	if (f->error) {
		strbuf_addstr(out, ", \"error\": ");
		json_str(out, f->error);
	}
	strbuf_addch(out, '}');
}

void prgate_report_json_tail(struct strbuf *out, size_t nfiles)
{
	strbuf_addstr(out, nfiles ? "\n  ]}\n" : "]}\n");
}

void prgate_report_json(struct strbuf *out, const struct prgate_report *r)
{
	int first = 1;
	prgate_report_json_head(out, prgate_report_verdict(r));
	for (size_t i = 0; i < r->nfiles; i++)
		prgate_report_json_findings(out, &r->files[i], &first);
	strbuf_addstr(out, first ? "],\n" : "\n  ],\n");
	strbuf_addstr(out, "  \"checklist\": ");
	if (r->nfiles == 1 && r->files[0].checklist)
		json_str(out, r->files[0].checklist);
	else
		strbuf_addstr(out, "null");
	if (r->nfiles == 1 && r->files[0].checks) {
		const struct prgate_checks *cs = r->files[0].checks;
		strbuf_addstr(out, ",\n  \"checks\": [");
		for (size_t i = 0; i < cs->n; i++) {
			strbuf_addstr(out, i ? ",\n    {\"rule\": "
					     : "\n    {\"rule\": ");
			json_str(out, prgate_rule_id(cs->v[i].rule));
			strbuf_addstr(out, ", \"state\": ");
			json_str(out, prgate_check_state_name(cs->v[i].state));
			strbuf_addstr(out, ", \"detail\": ");
			json_str(out, cs->v[i].detail);
			strbuf_addstr(out, ", \"url\": ");
			if (cs->v[i].url)
				json_str(out, cs->v[i].url);
			else
				strbuf_addstr(out, "null");
			strbuf_addch(out, '}');
		}
		strbuf_addstr(out, cs->n ? "\n  ]" : "]");
	}
	if (r->nfiles == 1 && r->files[0].checks) {
		const struct prgate_overrides *os = r->files[0].overrides;
		size_t n = os ? os->n : 0;
		strbuf_addstr(out, ",\n  \"overrides\": [");
		for (size_t i = 0; i < n; i++) {
			strbuf_addstr(out, i ? ",\n    {\"rule\": "
					     : "\n    {\"rule\": ");
			json_str(out, prgate_rule_id(os->v[i].rule));
			strbuf_addstr(out, ", \"by\": ");
			json_str(out, os->v[i].by);
			strbuf_addstr(out, ", \"reason\": ");
			json_str(out, os->v[i].reason);
			strbuf_addstr(out, ", \"url\": ");
			json_str(out, os->v[i].url);
			strbuf_addch(out, '}');
		}
		strbuf_addstr(out, n ? "\n  ]" : "]");
	}
	if (r->nfiles == 1 && (r->files[0].checks || r->files[0].expires_at)) {
		strbuf_addstr(out, ",\n  \"expires_at\": ");
		if (r->files[0].expires_at) {
			struct tm tm;
			char when[32];
			gmtime_r(&r->files[0].expires_at, &tm);
			strftime(when, sizeof(when), "\"%Y-%m-%dT%H:%M:%SZ\"",
				 &tm);
			strbuf_addstr(out, when);
		} else {
			strbuf_addstr(out, "null");
		}
	}
	strbuf_addstr(out, ",\n  \"files\": [");
	for (size_t i = 0; i < r->nfiles; i++)
		prgate_report_json_summary(out, &r->files[i], !i);
	prgate_report_json_tail(out, r->nfiles);
}
