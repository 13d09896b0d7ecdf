/*
 * cmd_check.c - `prgate check`: the whole gate for one pull request. The
 * description is linted as `prgate lint` does, GitHub is asked about the
 * PR (reviews, CI, freshness, dependencies), the clock about the window
 * and freezes, the monitoring about the health gates, and the answer is
 * GO, NO-GO or - when a fact is missing - unknown (exit 3), never GO.
 *
 * With --comment it is also the CI bot: it finds the PRs in the GitHub
 * Actions event (a schedule event means every open PR into the default
 * branch, check_suite / workflow_run the PRs of a head commit), keeps one
 * sticky comment on each up to date (integrations/comment.h), sets the
 * commit status on each PR's head and, in a workflow, writes the job
 * summary and the step outputs. Several PRs share one connection pool
 * (at most MAX_REQUESTS requests in flight over at most MAX_CONNECTIONS
 * connections): each PR's facts are read in one round when the PR list
 * gave its head, and each kind of write (comments, then statuses) goes
 * out for every PR at once.
 *
 * A deploy (--commit SHA; a push, workflow_dispatch or deployment event)
 * decides the PR of that commit (integrations/hook.h's lookup) with the
 * verdict bound to the commit; the deployer rule applies only in a
 * deploy or with --deployer.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cli/cli.h"
#include "linter/clock.h"
#include "integrations/comment.h"
#include "integrations/hook.h"
#include "gate/decide.h"
#include "gate/github.h"
#include "gate/metrics.h"
#include "support/json.h"
#include "linter/lint.h"

static const char check_help[] =
    "usage: prgate check [options] [PR]\n"
    "\n"
    "Decide GO or NO-GO for a pull request: its description (as prgate\n"
    "lint), its reviews, CI, freshness, draft state and dependencies on\n"
    "GitHub, and the deployment window and freezes.\n"
    "\n"
    "PR is 123, owner/repo#123 or a PR URL (GitHub Enterprise too). With a\n"
    "bare number the repository is the origin remote's, else\n"
    "$GITHUB_REPOSITORY. In GitHub Actions the PR may be left out: it comes\n"
    "from the event ($GITHUB_EVENT_NAME, $GITHUB_EVENT_PATH): pull_request,\n"
    "pull_request_target, pull_request_review, pull_request_review_comment,\n"
    "issue_comment (a comment on a PR, such as '/prgate allow'),\n"
    "merge_group (the PR of the merge queue branch); a schedule event\n"
    "checks every open PR into the default branch and exits with the worst\n"
    "verdict; check_suite and workflow_run (completed) check the PRs of\n"
    "that head commit.\n"
    "\n"
    "A deploy: with --commit SHA, and in a push, workflow_dispatch or\n"
    "deployment event (the commit of the event, $GITHUB_SHA for\n"
    "workflow_dispatch), the PR is the one of that commit (its head, or its\n"
    "merge commit once merged) and the verdict is bound to the commit: the\n"
    "PR's head moving meanwhile is NO-GO. The deployer rule is checked only\n"
    "in a deploy: --deployer, else $GITHUB_ACTOR in those events.\n"
    "\n"
    "  --at TIME          decide as if it were TIME: RFC 3339\n"
    "                     (2026-12-24T16:55:00+01:00), or a local time\n"
    "                     in the window's zone (2026-12-24T16:55)\n"
    "  --api-url URL      the GitHub API (default $PRGATE_API_URL, else\n"
    "                     https://api.github.com; Enterprise:\n"
    "                     https://HOST/api/v3 for a host listed in the\n"
    "                     policy's github.hosts)\n"
    "  --deployer LOGIN   who deploys (a deploy; default $GITHUB_ACTOR in\n"
    "                     a push, workflow_dispatch or deployment event)\n"
    "  --commit SHA       decide the PR of this commit as a deploy of it\n"
    "  --cache-dir DIR    keep GitHub's replies in DIR and ask again\n"
    "                     conditionally (default $PRGATE_CACHE_DIR; a 304\n"
    "                     costs no rate limit)\n"
    "  --max-writes N     with --comment, write at most N comments,\n"
    "                     statuses and reviews (default 50; GitHub refuses\n"
    "                     more than 80 a minute): status changes first,\n"
    "                     those that turn GO off always; the next run does\n"
    "                     the rest\n"
    "  --config FILE      the policy file (default: origin's default\n"
    "                     branch's .prgate.json, else the one found from\n"
    "                     here; in Actions the workspace's)\n"
    "  --template FILE    the PR template as schema\n"
    "  --format FORMAT    text (default), json, markdown or github\n"
    "  --comment          create or update the PR's one sticky comment\n"
    "                     (a 403, e.g. a fork's read-only token, is a\n"
    "                     warning); in GitHub Actions also append the\n"
    "                     report to $GITHUB_STEP_SUMMARY, the outputs\n"
    "                     verdict and expires_at to $GITHUB_OUTPUT, and\n"
    "                     print annotations (--format github) by default,\n"
    "                     and there set the commit status (policy\n"
    "                     status.context, default prgate) on the PR's\n"
    "                     head: success, failure, pending or error\n"
    "  -h, --help         this help\n"
    "\n"
    "The token comes from $PRGATE_TOKEN, $GITHUB_TOKEN or $GH_TOKEN, else\n"
    "from `gh auth token` when the GitHub CLI is installed and logged in\n"
    "(public repositories work without one); it is never printed.\n"
    "Exit: 0 GO, 1 NO-GO (a check failed or is still pending: CI running,\n"
    "no CI yet), 2 usage or config error, 3 could not decide.\n";

/*
 * What to check: one PR, every open PR of a repository (schedule), the
 * PRs of a head commit (check_suite, workflow_run), or the PR of a
 * commit deployed.
 */
struct targets {
	struct prgate_github_ref *v;
	char (*sha)[72]; /* per PR: its head as the event says, or "" */
	size_t n;
	int schedule;	/* v[0] is the repository */
	char *base;	/* schedule: the default branch, or NULL */
	int from_event; /* found in $GITHUB_EVENT_PATH */
	int queue;	/* merge_group: the status goes on sha[0] */
	/* by head: v[0] is the repository; prs the event's PRs, if any */
	char *head_sha;
	struct prgate_event_pr *prs;
	size_t nprs;
	char *deploy_sha; /* a deploy: v[0] is the repository until found */
};

static void targets_release(struct targets *t)
{
	free(t->v);
	free(t->sha);
	free(t->base);
	free(t->head_sha);
	free(t->prs);
	free(t->deploy_sha);
	memset(t, 0, sizeof(*t));
}

/* Make t the PRs of prs[0, n) in repository v[0]. */
static void targets_set(struct targets *t, const struct prgate_event_pr *prs,
			size_t n)
{
	struct prgate_github_ref repo = t->v[0];

	t->v = xrealloc(t->v, (n ? n : 1) * sizeof(*t->v));
	t->sha = xrealloc(t->sha, (n ? n : 1) * sizeof(*t->sha));
	for (size_t i = 0; i < n; i++) {
		t->v[i] = repo;
		t->v[i].number = prs[i].number;
		memcpy(t->sha[i], prs[i].head_sha, sizeof(t->sha[i]));
	}
	t->n = n;
}

/* 1 when s is 40 or 64 hex digits. */
static int is_commit(const char *s)
{
	size_t n = s ? strspn(s, "0123456789abcdefABCDEF") : 0;
	return s && (n == 40 || n == 64) && !s[n];
}

/*
 * The PR reference to check, from the argument, --commit (commit) or the
 * environment.
 */
static int resolve(const char *arg, const char *commit, struct targets *t,
		   struct prgate_error *err)
{
	struct strbuf ev_ref = STRBUF_INIT;
	struct prgate_event ev;
	const char *event = getenv("GITHUB_EVENT_PATH");
	char *repo = NULL;
	int rc;

	memset(&ev, 0, sizeof(ev));
	t->v = xcalloc(1, sizeof(*t->v));
	t->sha = xcalloc(1, sizeof(*t->sha));
	t->n = 1;
	if (commit) {
		/* the repository: the argument, else the default one */
		if (!is_commit(commit))
			return prgate_error_set(err, PRGATE_ERR_USAGE,
						"--commit: '%.80s' is not a "
						"commit id (40 hex digits)",
						commit),
			       -1;
		t->deploy_sha = xstrdup(commit);
		if (!arg && !(arg = repo = cli_default_repo()))
			return prgate_error_set(err, PRGATE_ERR_USAGE,
						"--commit: name the repository "
						"(owner/repo) or set "
						"GITHUB_REPOSITORY"),
			       -1;
		strbuf_addf(&ev_ref, "%s#1", arg);
		rc = prgate_github_parse_ref(ev_ref.buf, NULL, &t->v[0], err) ==
			     PRGATE_OK
			 ? 0
			 : -1;
		t->v[0].number = 0;
		free(repo);
		strbuf_release(&ev_ref);
		return rc;
	}
	if (!arg) {
		if (!event || !*event)
			return prgate_error_set(err, PRGATE_ERR_USAGE,
						"name the pull request: prgate "
						"check 123"),
			       -1;
		if (prgate_event_read(getenv("GITHUB_EVENT_NAME"), event, &ev,
				      err) != PRGATE_OK)
			return -1;
		t->from_event = 1;
		t->schedule = ev.schedule;
		t->queue = ev.queue;
		if (ev.default_branch)
			t->base = xstrdup(ev.default_branch);
		if (ev.head_sha && strlen(ev.head_sha) < sizeof(t->sha[0]))
			memcpy(t->sha[0], ev.head_sha, strlen(ev.head_sha) + 1);
		if (ev.by_head) {
			t->head_sha = xstrdup(ev.head_sha);
			t->prs = ev.prs;
			t->nprs = ev.nprs;
			ev.prs = NULL;
		}
		if (ev.deploy) {
			const char *sha = ev.deploy_sha ? ev.deploy_sha
							: getenv("GITHUB_SHA");
			if (!is_commit(sha)) {
				prgate_event_release(&ev);
				return prgate_error_set(
					   err, PRGATE_ERR_USAGE,
					   "the %s event names no commit: "
					   "set GITHUB_SHA or name it with "
					   "--commit SHA",
					   getenv("GITHUB_EVENT_NAME")),
				       -1;
			}
			t->deploy_sha = xstrdup(sha);
		}
		/* a repository named in the event, else the workflow's */
		if (ev.repo)
			strbuf_addstr(&ev_ref, ev.repo);
		else if (getenv("GITHUB_REPOSITORY"))
			strbuf_addstr(&ev_ref, getenv("GITHUB_REPOSITORY"));
		if (!ev_ref.len) {
			prgate_event_release(&ev);
			return prgate_error_set(err, PRGATE_ERR_USAGE,
						"the event in '%s' names no "
						"repository: set "
						"GITHUB_REPOSITORY",
						event),
			       -1;
		}
		strbuf_addf(&ev_ref, "#%ld", ev.number ? ev.number : 1);
		prgate_event_release(&ev);
		arg = ev_ref.buf;
	}
	/* only a bare number ("123", "#123") needs the default repository */
	if (!strchr(arg, '/'))
		repo = cli_default_repo();
	rc = prgate_github_parse_ref(arg, repo, &t->v[0], err) == PRGATE_OK
		 ? 0
		 : -1;
	if (t->schedule || t->head_sha || t->deploy_sha)
		t->v[0].number = 0;
	free(repo);
	strbuf_release(&ev_ref);
	return rc;
}

/* The policy's github.hosts, once the policy is loaded. */
static const struct prgate_strlist *api_hosts;

/*
 * A client for the repository of t->v[0]; -1 (err set) when its host is
 * no GitHub the user named (prgate_github_api_url()).
 */
static int repo_client(struct prgate_github *gh, const struct targets *t,
		       const struct prgate_decide_opts *o,
		       const struct prgate_http_opts *http, struct strbuf *api,
		       struct prgate_error *err)
{
	prgate_github_init(gh);
	gh->http = *http;
	gh->api_url =
	    prgate_github_api_url(o->api_url, &t->v[0], api_hosts, api, err);
	gh->token = o->token;
	return gh->api_url ? 0 : -1;
}

/*
 * schedule: replace the repository with its open PRs; by head: with the
 * event's PRs, else the open PRs whose head it is. lister (the caller
 * releases it) keeps the client that listed them: what it heard of the
 * rate limit.
 */
static int list_open_prs(struct targets *t, const struct prgate_decide_opts *o,
			 const struct prgate_http_opts *http,
			 struct prgate_github *lister, struct prgate_error *err)
{
	struct prgate_github *gh = lister;
	struct prgate_github_ref repo = t->v[0];
	struct prgate_event_pr *prs = NULL;
	struct strbuf api = STRBUF_INIT;
	size_t n = 0;
	enum prgate_status st;

	if (t->head_sha && t->nprs) {
		targets_set(t, t->prs, t->nprs);
		return 0;
	}
	if (repo_client(gh, t, o, http, &api, err)) {
		strbuf_release(&api);
		return -1;
	}
	st = prgate_event_open_prs(gh, &repo, t->head_sha ? NULL : t->base,
				   t->head_sha, &prs, &n, err);
	gh->api_url = NULL; /* api's, released here; the client stays */
	strbuf_release(&api);
	if (st != PRGATE_OK) {
		char msg[sizeof(err->message)];
		snprintf(msg, sizeof(msg), "%s", err->message);
		prgate_error_set(err, st,
				 "cannot list the open pull requests of %s/%s: "
				 "%s",
				 repo.owner, repo.repo, msg);
		return -1;
	}
	targets_set(t, prs, n);
	free(prs);
	return 0;
}

/*
 * A deploy: the PR of t->deploy_sha (hook.h's lookup). Returns 0 and
 * sets t->v[0].number, else the exit code after saying why.
 */
static int find_deploy_pr(struct targets *t, const struct prgate_decide_opts *o,
			  const struct prgate_http_opts *http,
			  const struct prgate_strlist *branches)
{
	struct prgate_github gh;
	struct prgate_error err;
	struct strbuf api = STRBUF_INIT;
	struct prgate_hook_pick pick;
	struct strbuf why = STRBUF_INIT;
	const char *short_why;
	int rc = 0;

	prgate_error_clear(&err);
	if (repo_client(&gh, t, o, http, &api, &err)) {
		rc = cli_fail(&err);
		goto out;
	}
	switch (prgate_hook_find_pr(&gh, &t->v[0], t->deploy_sha, branches,
				    &pick, &err)) {
	case PRGATE_OK:
		break;
	case PRGATE_ERR_USAGE:
		rc = cli_fail(&err);
		goto out;
	default:
		cli_error("cannot find the pull request of commit %.7s: %s",
			  t->deploy_sha, err.message);
		rc = 3;
		goto out;
	}
	if (prgate_hook_pick_refused(&pick, t->deploy_sha, &t->v[0], branches,
				     &why, &short_why)) {
		cli_error("%s", why.buf);
		rc = 1;
	} else {
		t->v[0].number = pick.number;
		fprintf(stderr, "prgate: deploying %.7s: %s/%s#%ld\n",
			t->deploy_sha, t->v[0].owner, t->v[0].repo,
			pick.number);
	}
out:
	prgate_github_release(&gh);
	strbuf_release(&api);
	strbuf_release(&why);
	return rc;
}

/*
 * Several PRs: their GitHub facts are read together, every PR's requests
 * of a round in one batch through the one connection pool, the CI of the
 * head the PR list gave in the first round; then each is decided on its
 * own facts (prgate_decide()'s gather hook). At most MAX_REQUESTS
 * requests are in flight at once (GitHub allows 100 concurrent requests),
 * over at most MAX_CONNECTIONS connections: over HTTP/2 (api.github.com)
 * they are multiplexed on one or two; over HTTP/1.1 each needs its own, the
 * rest wait for one. 48 connections keep a run within 64 open files.
 */
#define MAX_REQUESTS 96
#define MAX_CONNECTIONS 48
/* comments, statuses and reviews written a run, by default: GitHub
 * allows 80 content-creating requests a minute and 500 an hour */
#define MAX_WRITES 50
/* ...and kept of the hour's budget for them at most (GitHub allows 80
 * writes a minute: a larger --max-writes does not stop the reads sooner) */
#define KEEP_MAX 80

struct prefetched {
	struct prgate_github_facts *facts;
	struct prgate_error *errs;
	enum prgate_status *sts;
	size_t n, next;
	/* the health gates' numbers: read once, the same for every PR */
	struct prgate_gate_facts metrics;
	int have_metrics;
};

static void prefetch(struct prefetched *pre, struct prgate_github *pool,
		     const struct targets *t)
{
	const char **heads = xcalloc(t->n ? t->n : 1, sizeof(*heads));

	pre->n = t->n;
	pre->facts = xcalloc(t->n ? t->n : 1, sizeof(*pre->facts));
	pre->errs = xcalloc(t->n ? t->n : 1, sizeof(*pre->errs));
	pre->sts = xcalloc(t->n ? t->n : 1, sizeof(*pre->sts));
	for (size_t i = 0; i < t->n; i++)
		heads[i] = t->sha[i];
	prgate_github_fetch_many(pool, t->v, heads,
				 t->schedule ? t->base : NULL, pre->facts,
				 pre->errs, pre->sts, t->n);
	free(heads);
}

static void prefetched_release(struct prefetched *pre)
{
	for (size_t i = 0; i < pre->n; i++)
		prgate_github_facts_release(&pre->facts[i]);
	free(pre->facts);
	free(pre->errs);
	free(pre->sts);
	prgate_gate_facts_release(&pre->metrics);
	memset(pre, 0, sizeof(*pre));
}

/* prgate_decide()'s gather: the facts read for this PR, and the
 * metrics, read for the first PR and copied for the others. */
static enum prgate_status gather_prefetched(void *ctx,
					    struct prgate_decision *d,
					    const struct prgate_policy *policy,
					    const struct prgate_github_ref *ref,
					    struct prgate_error *err)
{
	struct prefetched *pre = ctx;
	size_t i = pre->next;

	(void)ref;
	if (pre->sts[i] != PRGATE_OK) {
		if (err)
			*err = pre->errs[i];
		return pre->sts[i];
	}
	d->facts = pre->facts[i];
	memset(&pre->facts[i], 0, sizeof(pre->facts[i]));
	if (!pre->have_metrics) {
		prgate_gate_fetch_metrics(policy, &d->gh.http, &pre->metrics);
		pre->have_metrics = 1;
	}
	d->gate.nmetrics = pre->metrics.nmetrics;
	d->gate.metrics = xcalloc(d->gate.nmetrics ? d->gate.nmetrics : 1,
				  sizeof(*d->gate.metrics));
	for (size_t k = 0; k < d->gate.nmetrics; k++) {
		d->gate.metrics[k] = pre->metrics.metrics[k];
		if (pre->metrics.metrics[k].error)
			d->gate.metrics[k].error =
			    xstrdup(pre->metrics.metrics[k].error);
	}
	return PRGATE_OK;
}

/* The exit code of several PRs: 1 if any is NO-GO, else 3 if any is not
 * GO, else 0. */
static int worst_exit(const struct prgate_report *r)
{
	int unknown = 0;
	for (size_t i = 0; i < r->nfiles; i++) {
		const char *v = prgate_report_file_verdict(&r->files[i]);
		if (!strcmp(v, "no-go"))
			return 1;
		unknown |= strcmp(v, "go") != 0;
	}
	return unknown ? 3 : 0;
}

/*
 * The commit status of one PR (its report f, decision d) on its head: a
 * job to post into j (returns 1), or 0 with what to say in msg when
 * none is written: the latest status of that context on the head
 * already says the same, or the head is unknown.
 */
static int plan_status(struct prgate_decision *d, const struct targets *t,
		       size_t i, const struct prgate_report_file *f,
		       const char *context, struct prgate_status_job *j,
		       int *rank, struct strbuf *desc, struct strbuf *msg)
{
	/* a merge queue's required status is on its own commit */
	const char *sha = t->queue && t->sha[i][0] ? t->sha[i]
			  : d->facts.head_sha	   ? d->facts.head_sha
						   : t->sha[i];
	const char *state = NULL;

	if (!sha || !*sha) {
		strbuf_addf(msg,
			    "prgate: warning: no status for %s: its head "
			    "commit is unknown\n",
			    f->name);
		return 0;
	}
	prgate_commit_status_describe(f, &state, desc);
	*rank = 1;
	for (size_t k = 0; !t->queue && k < d->facts.nstatuses; k++) {
		const struct prgate_github_status *s = &d->facts.statuses[k];
		if (strcmp(s->context, context))
			continue;
		if (!strcmp(s->state, state) && s->description &&
		    !strcmp(s->description, desc->buf)) {
			strbuf_addf(msg,
				    "prgate: status %s of %s (%.7s): %s, up "
				    "to date\n",
				    context, f->name, sha, state);
			return 0;
		}
		*rank = !strcmp(s->state, "success") && strcmp(state, "success")
			    ? 0 /* it closes the merge button */
			: strcmp(s->state, state) ? 1
						  : 2; /* a new description */
	}
	memset(j, 0, sizeof(*j));
	j->repo = &t->v[i];
	j->sha = sha;
	j->context = context;
	j->state = state;
	j->description = desc->buf;
	return 1;
}

/*
 * The advice tags on their diff lines (one review of kind COMMENT), when
 * the advice-tag check found some; login: the bot's, from its comment;
 * a review posted takes one of *writes_left (none left, or writes_left
 * NULL when the comment itself waits: 1 is returned, it waits for the
 * next run). What happened is appended to msg.
 */
static int annotate(struct prgate_decision *d,
		    const struct prgate_github_ref *ref,
		    const struct prgate_report_file *f, const char *login,
		    size_t *writes_left, struct strbuf *msg)
{
	struct prgate_advice_result res;
	struct prgate_error err;
	int found = 0;

	for (size_t k = 0; f->checks && k < f->checks->n; k++)
		found |= f->checks->v[k].rule == PRGATE_RULE_ADVICE_TAG &&
			 (f->checks->v[k].state == PRGATE_CHECK_FAIL ||
			  f->checks->v[k].state == PRGATE_CHECK_ALLOWED);
	if (!found)
		return 0;
	if (!writes_left) {
		strbuf_addf(msg,
			    "prgate: the advice tags of %s: left for the "
			    "next run\n",
			    f->name);
		return 1;
	}
	if (!login || !*login) {
		/* a review with the marker could be any bot's */
		strbuf_addf(msg,
			    "prgate: the advice tags of %s: not annotated "
			    "(without its comment prgate cannot tell its "
			    "own review)\n",
			    f->name);
		return 0;
	}
	prgate_error_clear(&err);
	if (prgate_advice_review(&d->gh, ref, &d->facts, login,
				 *writes_left > 0, &res, &err) != PRGATE_OK)
		strbuf_addf(msg,
			    "prgate: warning: cannot annotate the advice tags "
			    "of %s: %s\n",
			    f->name, err.message);
	else if (res.posted) {
		--*writes_left;
		strbuf_addf(
		    msg,
		    "prgate: annotated %zu advice tag%s on the diff of %s\n",
		    res.ntags, res.ntags == 1 ? "" : "s", f->name);
	} else if (res.deferred)
		strbuf_addf(msg,
			    "prgate: the advice tags of %s: left for the "
			    "next run\n",
			    f->name);
	else if (res.unchanged)
		strbuf_addf(msg,
			    "prgate: the advice tags of %s are annotated "
			    "already\n",
			    f->name);
	return res.deferred;
}

/* --max-writes N: 0 to 10000; else a usage error and -1. */
static int parse_max_writes(const char *arg, size_t *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (!isdigit((unsigned char)*arg) || *end || errno || v > 10000) {
		cli_usage_error("check", "bad --max-writes '%s' (0 to 10000)",
				arg);
		return -1;
	}
	*out = v;
	return 0;
}

/* Failures of several writes: the first is said, the same ones after
 * it only counted (a spent rate limit fails them all alike). */
struct alike {
	struct prgate_error first;
	size_t n; /* the same as first, after it */
};

/* 1 when err is the same as the first failure (counted), else 0 (the
 * first is remembered). */
static int again(struct alike *a, const struct prgate_error *err)
{
	if (!a->first.status) {
		a->first = *err;
		return 0;
	}
	if (a->first.status == err->status &&
	    !strcmp(a->first.message, err->message)) {
		a->n++;
		return 1;
	}
	return 0;
}

/* The budget gh's client has left, as GitHub last said; -1 unknown (or
 * no client yet: none is made for it). */
static long long gh_remaining(const struct prgate_github *gh)
{
	const struct prgate_http *h = gh->client ? gh->client : gh->shared;
	return h ? prgate_http_remaining(h) : -1;
}

/* Order status writes: the lower rank first, then a verdict before
 * "could not decide" (error), else as listed. */
static const int *sort_ranks;
static const struct prgate_status_job *sort_jobs;
static int by_rank(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int ex = !strcmp(sort_jobs[x].state, "error");
	int ey = !strcmp(sort_jobs[y].state, "error");
	if (sort_ranks[x] != sort_ranks[y])
		return sort_ranks[x] - sort_ranks[y];
	if (ex != ey)
		return ex - ey;
	return x < y ? -1 : x > y;
}

/*
 * The bot's part: the sticky comment on each PR and, in GitHub Actions,
 * its commit status (every PR's writes of a kind together, through gh's
 * client), then in a workflow the job summary and the step outputs.
 * At most max_writes comments, statuses and reviews are written (GitHub
 * refuses more than 80 content-creating requests a minute): statuses
 * first, those that close the merge button (success before) ahead of
 * new states and then of new descriptions; the rest waits for the next
 * run, which finds it still to do. Failures to comment are warnings: the
 * verdict decides the exit code.
 */
static void comment_all(struct prgate_github *gh, struct prgate_decision *ds,
			const struct targets *t,
			const struct prgate_policy *policy,
			const struct prgate_report *report, time_t now,
			size_t max_writes)
{
	const char *summary = getenv("GITHUB_STEP_SUMMARY");
	const char *output = getenv("GITHUB_OUTPUT");
	const char *actions = getenv("GITHUB_ACTIONS");
	int in_actions = actions && !strcmp(actions, "true");
	size_t n = report->nfiles, m = 0, left = max_writes, deferred = 0;
	struct strbuf run = STRBUF_INIT, body = STRBUF_INIT;
	struct strbuf *bodies = xcalloc(n ? n : 1, sizeof(*bodies));
	struct strbuf *descs = xcalloc(n ? n : 1, sizeof(*descs));
	struct strbuf *msgs = xcalloc(n ? n : 1, sizeof(*msgs));
	struct strbuf *smsgs = xcalloc(n ? n : 1, sizeof(*smsgs));
	struct prgate_comment_job *jobs = xcalloc(n ? n : 1, sizeof(*jobs));
	struct prgate_status_job *sjobs = xcalloc(n ? n : 1, sizeof(*sjobs));
	struct prgate_status_job *posts = xcalloc(n ? n : 1, sizeof(*posts));
	size_t *which = xcalloc(n ? n : 1, sizeof(*which));
	size_t *order = xcalloc(n ? n : 1, sizeof(*order));
	int *ranks = xcalloc(n ? n : 1, sizeof(*ranks));
	size_t nposts, nfirst, budget = 0;
	long long remaining;
	int budget_left = 0;
	struct alike alike = {0};
	struct prgate_error err;
	time_t expires = 0;

	prgate_actions_run_url(&run, getenv("GITHUB_SERVER_URL"),
			       getenv("GITHUB_REPOSITORY"),
			       getenv("GITHUB_RUN_ID"));
	for (size_t i = 0; i < n; i++) {
		const struct prgate_report_file *f = &report->files[i];
		strbuf_init(&bodies[i], 0);
		strbuf_init(&descs[i], 0);
		strbuf_init(&msgs[i], 0);
		strbuf_init(&smsgs[i], 0);
		prgate_comment_body(&bodies[i], f, now,
				    run.len ? run.buf : NULL);
		jobs[i].pr = &t->v[i];
		jobs[i].body = bodies[i].buf;
		/* the commit status: in GitHub Actions only */
		if (in_actions &&
		    plan_status(&ds[i], t, i, f, policy->status.context,
				&sjobs[m], &ranks[m], &descs[i], &smsgs[i])) {
			order[m] = m;
			which[m++] = i;
		}
		if (f->expires_at && (!expires || f->expires_at < expires))
			expires = f->expires_at;
	}
	/* the statuses that get a write, the most urgent first */
	sort_ranks = ranks;
	sort_jobs = sjobs;
	qsort(order, m, sizeof(*order), by_rank);
	/* no more writes than the hour's budget has left */
	remaining = gh_remaining(gh);
	if (remaining >= 0 && (unsigned long long)remaining < left) {
		left = budget = (size_t)remaining;
		budget_left = 1;
	}
	/* turning a success off is never left for later (someone's fake
	 * green statuses must not crowd a real one out): only the budget
	 * bounds those; they go before anything else */
	for (nfirst = 0; max_writes && nfirst < m && !ranks[order[nfirst]];
	     nfirst++)
		;
	if (remaining >= 0 && (unsigned long long)remaining < nfirst)
		nfirst = (size_t)remaining;
	nposts = m < left ? m : left;
	if (nposts < nfirst)
		nposts = nfirst;
	left -= nposts < left ? nposts : left;
	/* several PRs: before their comments (one PR: after its comment,
	 * which the status links to) */
	if (n == 1)
		nfirst = 0;
	for (size_t k = 0; k < nfirst; k++) {
		posts[k] = sjobs[order[k]];
		posts[k].target_url = run.len ? run.buf : NULL;
	}
	prgate_commit_status_post_many(gh, posts, nfirst);
	prgate_comment_upsert_many(gh, jobs, n, &left);
	for (size_t i = 0; i < n; i++) {
		const struct prgate_report_file *f = &report->files[i];
		struct prgate_comment_result *res = &jobs[i].res;
		if (jobs[i].st != PRGATE_OK && n > 1 &&
		    again(&alike, &jobs[i].err)) {
			res->html_url[0] = '\0'; /* said for the first */
		} else if (jobs[i].st != PRGATE_OK) {
			strbuf_addf(&msgs[i],
				    "prgate: warning: cannot comment on %s "
				    "(%s): the report is %s\n",
				    n == 1 ? "the PR" : f->name,
				    jobs[i].err.message,
				    summary && *summary ? "in the job summary"
							: "on standard output");
			res->html_url[0] = '\0';
		} else if (res->deferred) {
			strbuf_addf(&msgs[i],
				    "prgate: comment on %s: left for the next "
				    "run\n",
				    f->name);
			deferred++;
		} else if (res->unchanged) {
			strbuf_addf(
			    &msgs[i],
			    "prgate: comment %lld on %s is up to date\n",
			    res->id, f->name);
		} else {
			strbuf_addf(&msgs[i], "prgate: %s comment %lld on %s\n",
				    res->created ? "created" : "updated",
				    res->id, f->name);
		}
		/* the comment first: without it prgate's login is unknown */
		if (policy->advice_tag.annotate && res->deferred)
			deferred +=
			    annotate(&ds[i], &t->v[i], f, NULL, NULL, &msgs[i]);
		else if (policy->advice_tag.annotate)
			deferred += annotate(&ds[i], &t->v[i], f, res->login,
					     &left, &msgs[i]);
	}
	for (size_t k = nfirst; k < m; k++) {
		size_t i = which[order[k]];
		struct prgate_status_job *j = &sjobs[order[k]];
		const char *url = jobs[i].res.html_url;
		if (k >= nposts) {
			strbuf_addf(&smsgs[i],
				    "prgate: status %s of %s (%.7s): %s, left "
				    "for the next run\n",
				    j->context, report->files[i].name, j->sha,
				    j->state);
			deferred++;
			continue;
		}
		j->target_url = *url ? url : run.len ? run.buf : NULL;
		posts[k] = *j;
	}
	prgate_commit_status_post_many(gh, posts + nfirst, nposts - nfirst);
	for (size_t k = 0; k < nposts; k++) {
		const struct prgate_status_job *j = &posts[k];
		size_t i = which[order[k]];
		const char *name = report->files[i].name;
		if (j->st != PRGATE_OK && (n == 1 || !again(&alike, &j->err)))
			strbuf_addf(&smsgs[i],
				    "prgate: warning: cannot set the status %s "
				    "of %s: %s\n",
				    j->context, name, j->err.message);
		else if (j->st != PRGATE_OK)
			; /* said for the first */
		else
			strbuf_addf(&smsgs[i],
				    "prgate: status %s of %s (%.7s): %s\n",
				    j->context, name, j->sha, j->state);
	}
	for (size_t i = 0; i < n; i++) {
		fputs(msgs[i].buf, stderr);
		fputs(smsgs[i].buf, stderr);
		strbuf_release(&bodies[i]);
		strbuf_release(&descs[i]);
		strbuf_release(&msgs[i]);
		strbuf_release(&smsgs[i]);
	}
	if (alike.n)
		fprintf(stderr,
			"prgate: warning: %zu more comment%s or status%s "
			"failed the same way: %s\n",
			alike.n, alike.n == 1 ? "" : "s",
			alike.n == 1 ? "" : "es", alike.first.message);
	if (deferred && budget_left)
		fprintf(stderr,
			"prgate: %zu write%s left for the next run (GitHub's "
			"rate limit had %zu requests left for this run's "
			"writes)\n",
			deferred, deferred == 1 ? "" : "s", budget);
	else if (deferred)
		fprintf(stderr,
			"prgate: %zu write%s left for the next run (at most "
			"%zu a run, --max-writes; GitHub refuses more than "
			"80 content-creating requests a minute)\n",
			deferred, deferred == 1 ? "" : "s", max_writes);
	free(bodies);
	free(descs);
	free(msgs);
	free(smsgs);
	free(jobs);
	free(sjobs);
	free(posts);
	free(which);
	free(order);
	free(ranks);
	if (summary && *summary) {
		strbuf_reset(&body);
		if (report->nfiles)
			prgate_report_render(&body, PRGATE_FORMAT_MARKDOWN,
					     report);
		else
			strbuf_addstr(&body, "prgate: no open pull requests to "
					     "check.");
		strbuf_addch(&body, '\n');
		if (prgate_actions_append(summary, body.buf, body.len, &err) !=
		    PRGATE_OK)
			fprintf(stderr,
				"prgate: warning: the job summary: %s\n",
				err.message);
	}
	if (output && *output) {
		strbuf_reset(&body);
		prgate_actions_outputs(
		    &body,
		    report->nfiles ? prgate_report_verdict(report) : "go",
		    expires);
		if (prgate_actions_append(output, body.buf, body.len, &err) !=
		    PRGATE_OK)
			fprintf(stderr,
				"prgate: warning: the step outputs: %s\n",
				err.message);
	}
	strbuf_release(&run);
	strbuf_release(&body);
}

/*
 * Several PRs: why some could not be decided, each reason once; one
 * shared by several (GitHub's rate limit, spent for the hour) says how
 * many: "prgate: error: 91 of 100 pull requests not checked: ...".
 */
static void say_not_checked(const struct prgate_decision *ds, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *why = ds[i].error.buf;
		size_t same = 0, k;
		if (!ds[i].error.len)
			continue;
		for (k = 0; k < i && strcmp(ds[k].error.buf, why); k++)
			;
		if (k < i)
			continue; /* said with the first */
		for (k = i; k < n; k++)
			same += !strcmp(ds[k].error.buf, why);
		if (same > 1)
			cli_error("%zu of %zu pull requests not checked: %s",
				  same, n, why);
		else
			cli_error("%s", why);
	}
}

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"at", required_argument, NULL, 'a'},
	    {"api-url", required_argument, NULL, 'u'},
	    {"deployer", required_argument, NULL, 'd'},
	    {"config", required_argument, NULL, 'c'},
	    {"template", required_argument, NULL, 'T'},
	    {"format", required_argument, NULL, 'f'},
	    {"comment", no_argument, NULL, 'C'},
	    {"commit", required_argument, NULL, 'S'},
	    {"cache-dir", required_argument, NULL, 'K'},
	    {"max-writes", required_argument, NULL, 'W'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	const char *config = NULL, *at = NULL, *actions, *commit = NULL;
	const char *cache_dir = NULL;
	size_t max_writes = MAX_WRITES;
	const char *event_name = getenv("GITHUB_EVENT_NAME");
	char *token = NULL;
	struct prgate_decide_opts o = {0};
	struct prgate_http_opts http;
	struct prgate_policy policy;
	struct prgate_decision *ds = NULL;
	struct targets t;
	struct prgate_error err;
	struct prgate_report report = {0};
	struct prgate_report_file *files = NULL;
	struct strbuf out = STRBUF_INIT, pool_api = STRBUF_INIT;
	struct prgate_github pool, lister;
	struct prgate_http *shared = NULL;
	struct prefetched pre;
	int fmt = PRGATE_FORMAT_TEXT, fmt_given = 0, comment = 0, c, rc = 2;
	size_t ndecided = 0;

	memset(&policy, 0, sizeof(policy));
	memset(&t, 0, sizeof(t));
	prgate_github_init(&pool);
	prgate_github_init(&lister);
	memset(&pre, 0, sizeof(pre));
	prgate_error_clear(&err);
	/* a deploy event: whoever triggered it deploys */
	if (event_name && (!strcmp(event_name, "push") ||
			   !strcmp(event_name, "workflow_dispatch") ||
			   !strcmp(event_name, "deployment"))) {
		o.deploying = 1;
		o.deployer = getenv("GITHUB_ACTOR");
	}
	o.run_id = getenv("GITHUB_RUN_ID");
	o.now = time(NULL);
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			at = optarg;
			break;
		case 'u':
			o.api_url = optarg;
			break;
		case 'd':
			o.deploying = 1;
			o.deployer = optarg;
			break;
		case 'S':
			commit = optarg;
			break;
		case 'K':
			cache_dir = optarg;
			break;
		case 'W':
			if (parse_max_writes(optarg, &max_writes)) {
				rc = 2;
				goto out;
			}
			break;
		case 'c':
			config = optarg;
			break;
		case 'T':
			o.template_path = optarg;
			break;
		case 'f':
			if ((fmt = cli_format("check", optarg)) < 0)
				goto out;
			fmt_given = 1;
			break;
		case 'C':
			comment = 1;
			break;
		case 'h':
			fputs(check_help, stdout);
			rc = 0;
			goto out;
		default:
			rc = cli_bad_option("check", argv, opts);
			goto out;
		}
	}
	if (argc - optind > 1) {
		rc = cli_usage_error("check", "one pull request at a time");
		goto out;
	}
	if (resolve(optind < argc ? argv[optind] : NULL, commit, &t, &err)) {
		rc = cli_fail(&err);
		goto out;
	}
	/* in a workflow, the event's PR is on the workflow's GitHub */
	if (t.from_event && !o.api_url &&
	    !(getenv("PRGATE_API_URL") && *getenv("PRGATE_API_URL")) &&
	    getenv("GITHUB_API_URL") && *getenv("GITHUB_API_URL"))
		o.api_url = getenv("GITHUB_API_URL");
	actions = getenv("GITHUB_ACTIONS");
	if (comment && !fmt_given && actions && !strcmp(actions, "true"))
		fmt = PRGATE_FORMAT_GITHUB;
	o.absolute_times = comment; /* the comment is compared next run */
	if ((rc = cli_load_check_policy(&policy, config)))
		goto out;
	/* --at: RFC 3339, or a local time in the window's zone */
	if (at && prgate_at_parse(at, policy.window.timezone, &o.now, &err) !=
		      PRGATE_OK) {
		rc = cli_usage_error("check", "--at: %s", err.message);
		goto out;
	}
	api_hosts = &policy.github.hosts;
	prgate_http_opts_init(&http);
	if ((rc = cli_http_timeout(&http)))
		goto out;
	if (cache_dir)
		http.cache_dir = cache_dir;
	http.max_requests = MAX_REQUESTS;
	http.max_connections = MAX_CONNECTIONS;
	o.token = token = cli_token();
	if (t.schedule || t.head_sha) {
		if (list_open_prs(&t, &o, &http, &lister, &err)) {
			rc = cli_fail(&err);
			goto out;
		}
		if (!t.n && t.head_sha)
			fprintf(stderr,
				"prgate: no open pull request of %.7s to check "
				"in %s/%s\n",
				t.head_sha, t.v[0].owner, t.v[0].repo);
		else if (!t.n)
			fprintf(stderr,
				"prgate: no open pull requests to check in "
				"%s/%s\n",
				t.v[0].owner, t.v[0].repo);
	}
	if (t.deploy_sha) {
		if ((rc = find_deploy_pr(&t, &o, &http,
					 &policy.deploy.branches)))
			goto out;
		o.deploying = 1;
		o.deploy_sha = t.deploy_sha;
	}
	ds = xcalloc(t.n ? t.n : 1, sizeof(*ds));
	files = xcalloc(t.n ? t.n : 1, sizeof(*files));
	/* several PRs of one repository: one connection pool for all */
	if (t.n > 1) {
		if (repo_client(&pool, &t, &o, &http, &pool_api, &err) ||
		    prgate_github_client(&pool, &shared, &err) != PRGATE_OK)
			shared = NULL; /* each decision says why */
		/* a budget running out: its last requests for the writes,
		 * so the PRs read get their statuses */
		if (shared && comment)
			prgate_http_keep(shared, (long)(max_writes < KEEP_MAX
							    ? max_writes
							    : KEEP_MAX));
		if (shared && lister.client)
			prgate_http_budget_from(shared, lister.client);
		/* what each PR's own client would read */
		prgate_decide_github_setup(&pool, &policy, &o);
	}
	for (; ndecided < t.n; ndecided++) {
		struct prgate_decision *d = &ds[ndecided];
		struct prgate_decide_opts od = o;
		prgate_decision_init(d);
		d->gh.http = http;
		d->gh.shared = shared;
		/* several PRs: their GitHub facts read together */
		if (shared && !ndecided)
			prefetch(&pre, &pool, &t);
		if (shared) {
			pre.next = ndecided;
			od.gather = gather_prefetched;
			od.gather_ctx = &pre;
		}
		if (prgate_decide(d, &policy, &t.v[ndecided], &od, &err) !=
		    PRGATE_OK) {
			rc = cli_fail(&err);
			ndecided++;
			goto out;
		}
		if (d->error.len && t.n == 1)
			cli_error("%s", d->error.buf);
		prgate_decision_report(d, &files[ndecided]);
	}
	if (t.n > 1)
		say_not_checked(ds, t.n);
	report.files = files;
	report.nfiles = t.n;
	report.color = fmt == PRGATE_FORMAT_TEXT && cli_color();
	if (fmt == PRGATE_FORMAT_GITHUB && t.n > 1) {
		/* several PRs: each one's annotations in a group of its own */
		for (size_t i = 0; i < t.n; i++) {
			struct prgate_report one = {.files = &files[i],
						    .nfiles = 1};
			strbuf_addf(&out, "::group::%s\n", files[i].name);
			prgate_report_render(&out, PRGATE_FORMAT_GITHUB, &one);
			strbuf_addstr(&out, "::endgroup::\n");
		}
	} else {
		prgate_report_render(&out, (enum prgate_format)fmt, &report);
	}
	fwrite(out.buf, 1, out.len, stdout);
	fflush(stdout);
	if (comment)
		comment_all(shared ? &pool : &ds[0].gh, ds, &t, &policy,
			    &report, o.now, max_writes);
	rc = t.n != 1 ? worst_exit(&report) : prgate_report_exit_code(&report);
out:
	for (size_t i = 0; i < ndecided; i++)
		prgate_decision_release(&ds[i]);
	prefetched_release(&pre);
	prgate_github_release(&pool);
	prgate_github_release(&lister);
	strbuf_release(&pool_api);
	free(ds);
	free(files);
	targets_release(&t);
	prgate_policy_release(&policy);
	strbuf_release(&out);
	free(token);
	return rc;
}
