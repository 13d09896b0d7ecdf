/*
 * ci.c - continuous integration on the PR's head commit passes (ci),
 * judged the way GitHub judges it: every check and status passes, and
 * every name the policy's ci.required lists has run.
 *
 * Check runs: a completed run whose conclusion is success, neutral or
 * skipped passes; failure, cancelled, timed_out, action_required, stale,
 * startup_failure (or anything else) fails; a run not completed yet
 * (queued, in_progress, waiting, requested, pending) is pending. Runs
 * are grouped by (app, name): the latest of a group (the highest id;
 * GitHub's order breaks a tie) is its answer, so a re-run replaces the
 * run before it and a passing run listed first can't hide a later
 * failure. Statuses (the combined status' contexts, newest first): the
 * first of a context is its answer; success passes, pending is pending,
 * failure, error (or anything else) fails. A check run and a status that
 * share a name are two checks.
 *
 * ci.required: a plain name is met by any group (a check run of any app,
 * or a status) of that name; {"name", "app"} only by that app's runs.
 *
 * No check run and no status at all is pending ("no CI has reported on
 * SHA yet": CI may not have started), unless ci.none is "pass". prgate's
 * own job never counts: a check run whose details_url or html_url is in
 * the current workflow run (/actions/runs/$GITHUB_RUN_ID/), and the
 * commit status context prgate writes (status.context).
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
	/* where to look, for the step: the app's details (a check run's
	 * details_url, a status' target_url), else GitHub's page */
	const char *details;
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
	r->details = c->details_url ? c->details_url : c->html_url;
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
	r->details = s->target_url;
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

static int same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* Is this check run a run of prgate's own job (this workflow run)? */
static int own_run(const struct prgate_github_check *c, const char *run_id)
{
	struct strbuf needle = STRBUF_INIT;
	int own;

	if (!run_id || !*run_id)
		return 0;
	strbuf_addf(&needle, "/actions/runs/%s/", run_id);
	own = (c->details_url && strstr(c->details_url, needle.buf)) ||
	      (c->html_url && strstr(c->html_url, needle.buf));
	strbuf_release(&needle);
	return own;
}

/*
 * The latest run of c's (app, name) group: c itself unless a run of the
 * group has a higher id (or the same id, listed earlier). own[i] says
 * which runs are prgate's own (left out).
 */
static int latest_of_group(const struct prgate_github_facts *gh, size_t k,
			   const unsigned char *own)
{
	const struct prgate_github_check *c = &gh->checks[k];
	for (size_t i = 0; i < gh->nchecks; i++) {
		const struct prgate_github_check *o = &gh->checks[i];
		if (i == k || own[i] || !o->name || strcmp(o->name, c->name) ||
		    !same(o->app, c->app))
			continue;
		if (o->id > c->id || (o->id == c->id && i < k))
			return 0;
	}
	return 1;
}

/* Whether results[from, n) already has a status of this context. */
static int seen(const struct result *v, size_t from, size_t n, const char *name)
{
	for (size_t i = from; i < n; i++)
		if (!strcmp(v[i].name, name))
			return 1;
	return 0;
}

/* Has the required check (name, app; app "" for any) run? */
static int has_run(const struct prgate_github_facts *gh,
		   const unsigned char *own, const struct result *v, size_t n,
		   const char *name, const char *app)
{
	if (!*app)
		return seen(v, 0, n, name);
	for (size_t i = 0; i < gh->nchecks; i++)
		if (!own[i] && gh->checks[i].name &&
		    !strcmp(gh->checks[i].name, name) &&
		    same(gh->checks[i].app, app))
			return 1;
	return 0;
}

/* "'integration' has not run", "'a' and 'b' from x have not run" */
static void add_missing(struct strbuf *sb, const struct prgate_strlist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			strbuf_addstr(sb, i + 1 == l->n ? " and " : ", ");
		strbuf_addstr(sb, l->v[i]);
	}
	strbuf_addstr(sb, l->n > 1 ? " have not run" : " has not run");
}

/*
 * The steps: "fix CI 'a'" (or "CI 'a' timed out: run it again") for
 * each failed one, "wait for CI 'b'" for each still running, at most
 * CI_LISTED of each, "get CI 'c' to run (required)" for each missing.
 */
static void ci_steps(struct prgate_rule_ctx *ctx, const struct result *v,
		     size_t n, const struct prgate_strlist *missing)
{
	size_t failed = 0, waiting = 0;

	for (size_t i = 0; i < n; i++) {
		if (v[i].outcome == FAILED && ++failed <= CI_LISTED) {
			if (!strcmp(v[i].what, "failed"))
				prgate_rule_step(ctx, v[i].details,
						 "fix CI '%s'", v[i].name);
			else
				prgate_rule_step(ctx, v[i].details,
						 "CI '%s' %s: run it again",
						 v[i].name, v[i].what);
		}
	}
	if (failed > CI_LISTED)
		prgate_rule_step(ctx, NULL, "fix %zu more failing CI checks",
				 failed - CI_LISTED);
	for (size_t i = 0; i < n; i++)
		if (v[i].outcome == WAITING && ++waiting <= CI_LISTED)
			prgate_rule_step(ctx, v[i].details, "wait for CI '%s'",
					 v[i].name);
	if (waiting > CI_LISTED)
		prgate_rule_step(ctx, NULL, "wait for %zu more CI checks",
				 waiting - CI_LISTED);
	for (size_t i = 0; i < missing->n; i++)
		prgate_rule_step(ctx, NULL, "get CI %s to run (required)",
				 missing->v[i]);
}

void check_ci(struct prgate_rule_ctx *ctx)
{
	const struct prgate_github_facts *gh = ctx->gate->gh;
	const struct prgate_policy *p = ctx->policy;
	const struct prgate_strlist *required = &p->ci.required;
	const char *run_id = ctx->gate->run_id;
	struct prgate_strlist missing = {NULL, 0, 0};
	struct strbuf sb = STRBUF_INIT;
	struct result *v;
	unsigned char *own;
	size_t n = 0, runs, nfailed = 0, nwaiting = 0;
	const struct result *first_failed = NULL, *first_waiting = NULL;

	if (!gh) {
		prgate_rule_check(ctx, PRGATE_CHECK_SKIPPED, NULL,
				  "GitHub was not asked (no pull request)");
		return;
	}
	v = xcalloc(gh->nchecks + gh->nstatuses + 1, sizeof(*v));
	own = xcalloc(gh->nchecks + 1, 1);
	for (size_t i = 0; i < gh->nchecks; i++)
		own[i] = (unsigned char)own_run(&gh->checks[i], run_id);
	for (size_t i = 0; i < gh->nchecks; i++)
		if (gh->checks[i].name && !own[i] &&
		    latest_of_group(gh, i, own))
			run_outcome(&gh->checks[i], &v[n++]);
	runs = n;
	for (size_t i = 0; i < gh->nstatuses; i++)
		if (gh->statuses[i].context &&
		    !same(gh->statuses[i].context, p->status.context) &&
		    !seen(v, runs, n, gh->statuses[i].context))
			status_outcome(&gh->statuses[i], &v[n++]);

	if (!n && !p->ci.none_pass) {
		/* right after a push, before CI starts: wait, never GO */
		prgate_rule_check(ctx, PRGATE_CHECK_PENDING, NULL,
				  "no CI has reported on %.7s yet",
				  gh->head_sha ? gh->head_sha : "the head");
		prgate_rule_step(ctx, NULL, "wait for CI to report on %.7s",
				 gh->head_sha ? gh->head_sha : "the head");
		goto out;
	}
	if (!n && required->n) {
		strbuf_addstr(&sb, "no CI ran, but ");
		for (size_t i = 0; i < required->n; i++)
			strbuf_addf(&sb, "%s%s", i ? ", " : "", required->v[i]);
		strbuf_addstr(&sb, required->n > 1 ? " are required"
						   : " is required");
		prgate_rule_check(ctx, PRGATE_CHECK_FAIL, NULL, "%s", sb.buf);
		for (size_t i = 0; i < required->n; i++)
			prgate_rule_step(ctx, NULL,
					 "get CI '%s' to run (required)",
					 required->v[i]);
		goto out;
	}
	if (!n) {
		prgate_rule_check(ctx, PRGATE_CHECK_PASS, NULL,
				  "no CI has reported on %.7s (ci.none is "
				  "\"pass\")",
				  gh->head_sha ? gh->head_sha : "the head");
		goto out;
	}
	for (size_t i = 0; i < required->n; i++) {
		const char *app =
		    i < p->ci.required_apps.n ? p->ci.required_apps.v[i] : "";
		struct strbuf what = STRBUF_INIT;
		strbuf_addf(&what, "'%s'", required->v[i]);
		if (*app)
			strbuf_addf(&what, " from %s", app);
		if (!has_run(gh, own, v, n, required->v[i], app) &&
		    !prgate_strlist_has(&missing, what.buf))
			prgate_strlist_add(&missing, what.buf);
		strbuf_release(&what);
	}
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
		ci_steps(ctx, v, n, &missing);
	} else if (nwaiting) {
		prgate_rule_check(ctx, PRGATE_CHECK_PENDING, first_waiting->url,
				  "CI: '%s' %s (%zu of %zu pending)",
				  first_waiting->name, first_waiting->what,
				  nwaiting, n);
		ci_steps(ctx, v, n, &missing);
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
	free(own);
}

const struct prgate_rule_doc doc_ci = {
    "Every check run and commit status on the PR's head commit must pass "
    "(success; for check runs also neutral or skipped), and every name in "
    "ci.required (a check run's name or a status' context, exact case; "
    "{\"name\", \"app\"} for a check run of that app only) must have "
    "run. Check runs count per (app, name): the latest run, by id, is the "
    "answer. A check still queued or running makes the answer pending, "
    "and so does no CI at all on the head (unless ci.none is \"pass\"); "
    "a failure, cancellation or time-out is a fail. prgate's own job and "
    "its own commit status (status.context) never count.",
    "frontend, backend and integration are required; all three ran and "
    "passed, and the lint check was skipped.",
    "frontend and backend passed, integration failed (a re-run of "
    "frontend that failed after it passed fails too)."};
