/*
 * ci.c - continuous integration on the PR's head commit passes (ci):
 * every check run and commit status passes, and every name the policy's
 * ci.required lists has run.
 *
 * Check runs: a completed run whose conclusion is success, neutral or
 * skipped passes; failure, cancelled, timed_out, action_required, stale,
 * startup_failure (or anything else) fails; a run not completed yet
 * (queued, in_progress, waiting, requested, pending) is pending.
 * Statuses (the combined status' contexts): success passes, pending is
 * pending, failure, error (or anything else) fails.
 *
 * The same name listed more than once: the FIRST entry wins. GitHub
 * lists a commit's check runs newest first (and by default keeps only
 * the latest run per check suite), and the combined status gives each
 * context's latest status, newest first; so the first entry is the
 * current answer and an older re-run further down is history. A check
 * run and a status that share a name are two checks.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/rules.h"

/* How many failing checks the detail names before "and N more". */
#define CI_LISTED 3

enum outcome { OK, FAILED, WAITING };

struct result {
	const char *name;
	enum outcome outcome;
	/* what happened, for FAILED ("failed", "timed out") and WAITING
	 * ("is queued", "is still running") */
	const char *what;
	const char *url;
};

/* A check run's conclusion, and what the detail says of it. */
static const struct {
	const char *conclusion, *what;
} run_failures[] = {
    {"failure", "failed"},	{"cancelled", "was cancelled"},
    {"timed_out", "timed out"}, {"action_required", "needs action"},
    {"stale", "went stale"},	{"startup_failure", "failed to start"},
};

static void run_outcome(const struct prgate_github_check *c, struct result *r)
{
	const char *con = c->conclusion;

	r->name = c->name;
	r->url = c->html_url;
	r->outcome = FAILED;
	r->what = "failed";
	if (!c->status || strcasecmp(c->status, "completed")) {
		r->outcome = WAITING;
		r->what = c->status && !strcasecmp(c->status, "in_progress")
			      ? "is still running"
			      : "is queued";
		return;
	}
	if (con &&
	    (!strcasecmp(con, "success") || !strcasecmp(con, "neutral") ||
	     !strcasecmp(con, "skipped"))) {
		r->outcome = OK;
		return;
	}
	for (size_t i = 0; con && i < ARRAY_SIZE(run_failures); i++)
		if (!strcasecmp(con, run_failures[i].conclusion))
			r->what = run_failures[i].what;
}

static void status_outcome(const struct prgate_github_status *s,
			   struct result *r)
{
	r->name = s->context;
	r->url = s->target_url;
	r->outcome = FAILED;
	r->what = "failed";
	if (s->state && !strcasecmp(s->state, "success")) {
		r->outcome = OK;
	} else if (s->state && !strcasecmp(s->state, "pending")) {
		r->outcome = WAITING;
		r->what = "is still running";
	} else if (s->state && !strcasecmp(s->state, "error")) {
		r->what = "errored";
	}
}

/* Whether results[0..n) already has a check run (or status) name. */
static int seen(const struct result *v, size_t from, size_t n, const char *name)
{
	for (size_t i = from; i < n; i++)
		if (!strcmp(v[i].name, name))
			return 1;
	return 0;
}

/* "'integration' has not run", "'a' and 'b' have not run" */
static void add_missing(struct strbuf *sb, const struct prgate_strlist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			strbuf_addstr(sb, i + 1 == l->n ? " and " : ", ");
		strbuf_addf(sb, "'%s'", l->v[i]);
	}
	strbuf_addstr(sb, l->n > 1 ? " have not run" : " has not run");
}

void check_ci(struct prgate_rule_ctx *ctx)
{
	const struct prgate_github_facts *gh = ctx->gate->gh;
	const struct prgate_strlist *required = &ctx->policy->ci.required;
	struct prgate_strlist missing = {NULL, 0, 0};
	struct strbuf sb = STRBUF_INIT;
	struct result *v;
	size_t n = 0, runs, nfailed = 0, nwaiting = 0;
	const struct result *first_failed = NULL, *first_waiting = NULL;

	if (!gh) {
		prgate_rule_check(ctx, PRGATE_CHECK_SKIPPED, NULL,
				  "GitHub was not asked (no pull request)");
		return;
	}
	v = xcalloc(gh->nchecks + gh->nstatuses + 1, sizeof(*v));
	for (size_t i = 0; i < gh->nchecks; i++)
		if (gh->checks[i].name && !seen(v, 0, n, gh->checks[i].name))
			run_outcome(&gh->checks[i], &v[n++]);
	runs = n;
	for (size_t i = 0; i < gh->nstatuses; i++)
		if (gh->statuses[i].context &&
		    !seen(v, runs, n, gh->statuses[i].context))
			status_outcome(&gh->statuses[i], &v[n++]);

	if (!n && required->n) {
		strbuf_addstr(&sb, "no CI ran, but ");
		for (size_t i = 0; i < required->n; i++)
			strbuf_addf(&sb, "%s%s", i ? ", " : "", required->v[i]);
		strbuf_addstr(&sb, required->n > 1 ? " are required"
						   : " is required");
		prgate_rule_check(ctx, PRGATE_CHECK_FAIL, NULL, "%s", sb.buf);
		goto out;
	}
	if (!n) {
		prgate_rule_check(ctx, PRGATE_CHECK_SKIPPED, NULL,
				  "no CI checks");
		goto out;
	}
	for (size_t i = 0; i < required->n; i++)
		if (!seen(v, 0, n, required->v[i]) &&
		    !prgate_strlist_has(&missing, required->v[i]))
			prgate_strlist_add(&missing, required->v[i]);
	for (size_t i = 0; i < n; i++) {
		if (v[i].outcome == FAILED) {
			if (!first_failed)
				first_failed = &v[i];
			if (++nfailed > CI_LISTED)
				continue;
			strbuf_addf(&sb, "%s'%s' %s",
				    nfailed > 1 ? ", " : "CI: ", v[i].name,
				    v[i].what);
		} else if (v[i].outcome == WAITING) {
			if (!first_waiting)
				first_waiting = &v[i];
			nwaiting++;
		}
	}
	if (nfailed > CI_LISTED)
		strbuf_addf(&sb, " (and %zu more)", nfailed - CI_LISTED);
	if (missing.n) {
		if (sb.len)
			strbuf_addstr(&sb, "; ");
		add_missing(&sb, &missing);
	}
	if (sb.len) {
		prgate_rule_check(ctx, PRGATE_CHECK_FAIL,
				  first_failed ? first_failed->url : NULL, "%s",
				  sb.buf);
	} else if (nwaiting) {
		prgate_rule_check(ctx, PRGATE_CHECK_PENDING, first_waiting->url,
				  "CI: '%s' %s (%zu of %zu pending)",
				  first_waiting->name, first_waiting->what,
				  nwaiting, n);
	} else {
		prgate_rule_check(ctx, PRGATE_CHECK_PASS, NULL,
				  n == 1 ? "the %zu check passed"
					 : "all %zu checks passed",
				  n);
	}
out:
	prgate_strlist_release(&missing);
	strbuf_release(&sb);
	free(v);
}

const struct prgate_rule_doc doc_ci = {
    "Every check run and commit status on the PR's head commit must pass "
    "(success; for check runs also neutral or skipped), and every name in "
    "ci.required (a check run's name or a status' context, exact case) "
    "must have run. A check still queued or running makes the answer "
    "pending; a failure, cancellation or time-out is a fail. When the "
    "same name is listed twice the newest (GitHub's first) entry counts.",
    "frontend, backend and integration are required; all three ran and "
    "passed, and the lint check was skipped.",
    "frontend and backend passed, integration failed."};
