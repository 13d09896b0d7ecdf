/*
 * sink.c - the findings sink (see sink.h): severities, the run's allows
 * and gate overrides, the rules' pattern cache.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linter/sink.h"
#include "support/strbuf.h"

struct cached_re {
	const char *pattern; /* compared by address: static strings */
	unsigned flags;
	struct prgate_re *re;
};

struct allow {
	enum prgate_rule rule;
	char *reason;
	int line;
};

/* A '/prgate allow RULE: reason' from someone in overrides.by. */
struct grant {
	enum prgate_rule rule;
	const char *by, *url; /* borrowed from the facts */
	char *reason;
};

struct prgate_sink {
	enum prgate_severity severity[PRGATE_RULE_COUNT];
	struct prgate_re *placeholders;
	struct cached_re *res;
	size_t nres, ares;
	/* the run in progress */
	struct allow *allows;
	size_t nallows, aallows;
	struct grant *grants;
	size_t ngrants, agrants;
	struct prgate_overrides *overrides; /* the run's result */
	const char *author;
};

struct prgate_sink *
prgate_sink_new(const enum prgate_severity severity[PRGATE_RULE_COUNT],
		struct prgate_re *placeholders)
{
	struct prgate_sink *s = xcalloc(1, sizeof(*s));
	memcpy(s->severity, severity, sizeof(s->severity));
	s->placeholders = placeholders;
	return s;
}

void prgate_sink_free(struct prgate_sink *s)
{
	if (!s)
		return;
	prgate_sink_end(s);
	for (size_t i = 0; i < s->nres; i++)
		prgate_re_free(s->res[i].re);
	free(s->res);
	free(s->allows);
	free(s->grants);
	prgate_re_free(s->placeholders);
	free(s);
}

enum prgate_severity prgate_sink_severity(const struct prgate_sink *s,
					  enum prgate_rule rule)
{
	return s->severity[rule];
}

void prgate_sink_begin(struct prgate_sink *s, const char *author,
		       struct prgate_overrides *overrides)
{
	s->author = author;
	s->overrides = overrides;
}

void prgate_sink_allow(struct prgate_sink *s, enum prgate_rule rule,
		       char *reason, int line)
{
	s->allows =
	    xgrow(s->allows, sizeof(*s->allows), s->nallows + 1, &s->aallows);
	s->allows[s->nallows].rule = rule;
	s->allows[s->nallows].reason = reason;
	s->allows[s->nallows++].line = line;
}

void prgate_sink_grant(struct prgate_sink *s, enum prgate_rule rule,
		       const char *by, const char *url, char *reason)
{
	s->grants =
	    xgrow(s->grants, sizeof(*s->grants), s->ngrants + 1, &s->agrants);
	s->grants[s->ngrants].rule = rule;
	s->grants[s->ngrants].by = by;
	s->grants[s->ngrants].url = url;
	s->grants[s->ngrants++].reason = reason;
}

void prgate_sink_end(struct prgate_sink *s)
{
	for (size_t i = 0; i < s->nallows; i++)
		free(s->allows[i].reason);
	s->nallows = 0;
	for (size_t i = 0; i < s->ngrants; i++)
		free(s->grants[i].reason);
	s->ngrants = 0;
	s->overrides = NULL;
	s->author = NULL;
}

struct prgate_re *prgate_sink_pattern(struct prgate_sink *s,
				      const char *pattern, unsigned flags)
{
	struct prgate_error err;
	struct prgate_re *re;
	for (size_t i = 0; i < s->nres; i++)
		if (s->res[i].pattern == pattern && s->res[i].flags == flags)
			return s->res[i].re;
	re = prgate_re_new(pattern, flags | PRGATE_RE_LAZY, &err);
	if (!re) {
		fprintf(stderr, "prgate: bug: %s\n", err.message);
		abort();
	}
	s->res = xgrow(s->res, sizeof(*s->res), s->nres + 1, &s->ares);
	s->res[s->nres].pattern = pattern;
	s->res[s->nres].flags = flags;
	s->res[s->nres++].re = re;
	return re;
}

struct prgate_re *prgate_sink_placeholders(const struct prgate_sink *s)
{
	return s->placeholders;
}

static struct prgate_finding *
add(struct prgate_sink *s, struct prgate_findings *out, enum prgate_rule rule,
    int line, int col, const char *section, int may_allow, int severity,
    const char *fmt, va_list ap) PRGATE_PRINTF(9, 0);

static struct prgate_finding *add(struct prgate_sink *s,
				  struct prgate_findings *out,
				  enum prgate_rule rule, int line, int col,
				  const char *section, int may_allow,
				  int severity, const char *fmt, va_list ap)
{
	enum prgate_severity sev = s->severity[rule];
	struct prgate_finding *f;
	const struct allow *a = NULL;

	if (sev == PRGATE_SEV_OFF)
		return NULL;
	if (severity >= 0)
		sev = (enum prgate_severity)severity;
	for (size_t i = 0;
	     i < s->nallows && sev == PRGATE_SEV_ERROR && may_allow; i++)
		if (s->allows[i].rule == rule)
			a = &s->allows[i];
	f = prgate_findings_addv(out, rule, a ? PRGATE_SEV_INFO : sev, line,
				 col, section, fmt, ap);
	if (a) {
		f->allowed_reason = prgate_findings_strdup(out, a->reason);
		f->allowed_line = a->line;
		if (s->author)
			f->allowed_by = prgate_findings_strdup(out, s->author);
	}
	return f;
}

struct prgate_finding *prgate_sink_vadd(struct prgate_sink *s,
					struct prgate_findings *out,
					enum prgate_rule rule, int line,
					int col, const char *section,
					const char *fmt, va_list ap)
{
	return add(s, out, rule, line, col, section, 1, -1, fmt, ap);
}

struct prgate_finding *prgate_sink_add(struct prgate_sink *s,
				       struct prgate_findings *out,
				       enum prgate_rule rule, int line, int col,
				       const char *section, const char *fmt,
				       ...)
{
	struct prgate_finding *f;
	va_list ap;

	va_start(ap, fmt);
	f = add(s, out, rule, line, col, section, 1, -1, fmt, ap);
	va_end(ap);
	return f;
}

struct prgate_finding *prgate_sink_add_sev(struct prgate_sink *s,
					   struct prgate_findings *out,
					   enum prgate_rule rule,
					   enum prgate_severity sev,
					   const char *fmt, ...)
{
	struct prgate_finding *f;
	va_list ap;

	va_start(ap, fmt);
	f = add(s, out, rule, 0, 0, NULL, 1, (int)sev, fmt, ap);
	va_end(ap);
	return f;
}

struct prgate_finding *prgate_sink_add_undecided(struct prgate_sink *s,
						 struct prgate_findings *out,
						 enum prgate_rule rule,
						 const char *fmt, ...)
{
	struct prgate_finding *f;
	va_list ap;

	va_start(ap, fmt);
	f = add(s, out, rule, 0, 0, NULL, 0, -1, fmt, ap);
	va_end(ap);
	if (f)
		f->undecided = 1;
	return f;
}

int prgate_sink_override(struct prgate_sink *s, enum prgate_rule rule)
{
	for (size_t i = 0; i < s->ngrants; i++) {
		const struct grant *g = &s->grants[i];
		if (g->rule != rule)
			continue;
		if (s->overrides)
			prgate_overrides_add(s->overrides, rule, g->by,
					     g->reason, g->url);
		return 1;
	}
	return 0;
}
