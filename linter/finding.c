/*
 * finding.c - the findings list (see finding.h).
 */
#include <stdlib.h>
#include <string.h>

#include "linter/finding.h"

static const char *const severity_names[] = {"off", "info", "warning", "error"};

const char *prgate_severity_name(enum prgate_severity sev)
{
	return severity_names[sev];
}

int prgate_severity_parse(const char *s)
{
	for (size_t i = 0; i < ARRAY_SIZE(severity_names); i++)
		if (!strcmp(severity_names[i], s))
			return (int)i;
	return -1;
}

/* The strings of a dozen findings fit in the first chunk. */
#define FIRST_CHUNK 2048

static struct prgate_finding *add(struct prgate_findings *list,
				  enum prgate_rule rule,
				  enum prgate_severity sev, int line, int col,
				  const char *section)
{
	struct prgate_finding *f;

	list->v = xgrow(list->v, sizeof(*list->v), list->n + 1, &list->alloc);
	f = &list->v[list->n++];
	memset(f, 0, sizeof(*f));
	f->rule = rule;
	f->severity = sev;
	f->line = line;
	f->col = col;
	f->section = section ? prgate_findings_strdup(list, section) : NULL;
	f->seq = list->n - 1;
	return f;
}

struct prgate_finding *prgate_findings_add(struct prgate_findings *list,
					   enum prgate_rule rule,
					   enum prgate_severity sev, int line,
					   int col, const char *section,
					   const char *message)
{
	struct prgate_finding *f = add(list, rule, sev, line, col, section);
	f->message = prgate_findings_strdup(list, message);
	return f;
}

struct prgate_finding *prgate_findings_addv(struct prgate_findings *list,
					    enum prgate_rule rule,
					    enum prgate_severity sev, int line,
					    int col, const char *section,
					    const char *fmt, va_list ap)
{
	struct prgate_finding *f = add(list, rule, sev, line, col, section);
	prgate_arena_reserve(&list->strings, FIRST_CHUNK);
	f->message = prgate_arena_vprintf(&list->strings, fmt, ap);
	return f;
}

const char *prgate_findings_strdup(struct prgate_findings *list, const char *s)
{
	prgate_arena_reserve(&list->strings, FIRST_CHUNK);
	return prgate_arena_strndup(&list->strings, s, strlen(s));
}

static int cmp_finding(const void *a, const void *b)
{
	const struct prgate_finding *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	if (x->rule != y->rule)
		return x->rule < y->rule ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void prgate_findings_sort(struct prgate_findings *list)
{
	if (list->n > 1)
		qsort(list->v, list->n, sizeof(*list->v), cmp_finding);
}

void prgate_finding_allowed_note(const struct prgate_finding *f,
				 struct strbuf *out)
{
	if (f->allowed_by)
		strbuf_addf(out, "allowed by @%s: ", f->allowed_by);
	else
		strbuf_addstr(out, "allowed: ");
	strbuf_addstr(out, f->allowed_reason ? f->allowed_reason : "");
}

size_t prgate_findings_count(const struct prgate_findings *list,
			     enum prgate_severity sev)
{
	size_t n = 0;
	for (size_t i = 0; i < list->n; i++)
		n += list->v[i].severity == sev;
	return n;
}

void prgate_findings_release(struct prgate_findings *list)
{
	prgate_arena_release(&list->strings);
	free(list->v);
	memset(list, 0, sizeof(*list));
}

static const char *const check_state_names[] = {
    "pass", "fail", "pending", "unknown", "skipped", "allowed"};

void prgate_overrides_add(struct prgate_overrides *list, enum prgate_rule rule,
			  const char *by, const char *reason, const char *url)
{
	struct prgate_override *o;
	list->v = xgrow(list->v, sizeof(*list->v), list->n + 1, &list->alloc);
	o = &list->v[list->n++];
	o->rule = rule;
	o->by = xstrdup(by);
	o->reason = xstrdup(reason);
	o->url = xstrdup(url ? url : "");
}

void prgate_overrides_release(struct prgate_overrides *list)
{
	for (size_t i = 0; i < list->n; i++) {
		free(list->v[i].by);
		free(list->v[i].reason);
		free(list->v[i].url);
	}
	free(list->v);
	memset(list, 0, sizeof(*list));
}

const char *prgate_check_state_name(enum prgate_check_state st)
{
	return check_state_names[st];
}

void prgate_checks_add(struct prgate_checks *list, enum prgate_rule rule,
		       enum prgate_check_state state, const char *detail,
		       const char *url)
{
	struct prgate_check *c;
	list->v = xgrow(list->v, sizeof(*list->v), list->n + 1, &list->alloc);
	c = &list->v[list->n++];
	c->rule = rule;
	c->state = state;
	c->detail = xstrdup(detail);
	c->url = url ? xstrdup(url) : NULL;
	c->steps = NULL;
	c->nsteps = c->asteps = 0;
}

void prgate_check_add_step(struct prgate_check *c, const char *text,
			   const char *url)
{
	c->steps =
	    xgrow(c->steps, sizeof(*c->steps), c->nsteps + 1, &c->asteps);
	c->steps[c->nsteps].text = xstrdup(text);
	c->steps[c->nsteps].url = url ? xstrdup(url) : NULL;
	c->nsteps++;
}

void prgate_checks_release(struct prgate_checks *list)
{
	for (size_t i = 0; i < list->n; i++) {
		free(list->v[i].detail);
		free(list->v[i].url);
		for (size_t k = 0; k < list->v[i].nsteps; k++) {
			free(list->v[i].steps[k].text);
			free(list->v[i].steps[k].url);
		}
		free(list->v[i].steps);
	}
	free(list->v);
	memset(list, 0, sizeof(*list));
}
