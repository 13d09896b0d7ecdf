/*
 * cmd_check.c - `prgate check`: the whole gate for one pull request. The
 * description is linted as `prgate lint` does, GitHub is asked about the
 * PR (reviews, CI, freshness, dependencies), the clock about the window
 * and freezes, the monitoring about the health gates, and the answer is
 * GO, NO-GO or - when a fact is missing - unknown (exit 3), never GO.
 *
 * With --comment it is also the CI bot: it finds the PRs in the GitHub
 * Actions event (a schedule event means every open PR into the default
 * branch), keeps one sticky comment on each up to date (integrations/comment.h)
 * and, in a workflow, writes the job summary and the step outputs.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cli/cli.h"
#include "linter/clock.h"
#include "integrations/comment.h"
#include "gate/decide.h"
#include "gate/github.h"
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
    "pull_request_target, pull_request_review, merge_group (the PR of the\n"
    "merge queue branch); a schedule event checks every open PR into the\n"
    "default branch and exits with the worst verdict.\n"
    "\n"
    "  --at TIME          decide as if it were TIME (RFC 3339,\n"
    "                     e.g. 2026-12-24T16:55:00+01:00)\n"
    "  --api-url URL      the GitHub API (default $PRGATE_API_URL, else\n"
    "                     https://api.github.com; Enterprise:\n"
    "                     https://HOST/api/v3 for a host listed in the\n"
    "                     policy's github.hosts)\n"
    "  --deployer LOGIN   who deploys (default $GITHUB_ACTOR)\n"
    "  --config FILE      the policy file\n"
    "  --template FILE    the PR template as schema\n"
    "  --format FORMAT    text (default), json, markdown or github\n"
    "  --comment          create or update the PR's one sticky comment\n"
    "                     (a 403, e.g. a fork's read-only token, is a\n"
    "                     warning); in GitHub Actions also append the\n"
    "                     report to $GITHUB_STEP_SUMMARY, the outputs\n"
    "                     verdict and expires_at to $GITHUB_OUTPUT, and\n"
    "                     print annotations (--format github) by default\n"
    "  -h, --help         this help\n"
    "\n"
    "The token comes from $PRGATE_TOKEN, $GITHUB_TOKEN or $GH_TOKEN (public\n"
    "repositories work without one); it is never printed.\n"
    "Exit: 0 GO, 1 NO-GO, 2 usage or config error, 3 could not decide.\n";

/* What to check: one PR, or (schedule) every open PR of a repository. */
struct targets {
	struct prgate_github_ref *v;
	size_t n;
	int schedule;	/* v[0] is the repository */
	char *base;	/* schedule: the default branch, or NULL */
	int from_event; /* found in $GITHUB_EVENT_PATH */
};

static void targets_release(struct targets *t)
{
	free(t->v);
	free(t->base);
	memset(t, 0, sizeof(*t));
}

/* The PR reference to check, from the argument or the environment. */
static int resolve(const char *arg, struct targets *t, struct prgate_error *err)
{
	struct strbuf ev_ref = STRBUF_INIT;
	struct prgate_event ev;
	const char *event = getenv("GITHUB_EVENT_PATH");
	char *repo = NULL;
	int rc;

	memset(&ev, 0, sizeof(ev));
	t->v = xcalloc(1, sizeof(*t->v));
	t->n = 1;
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
		if (ev.default_branch)
			t->base = xstrdup(ev.default_branch);
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
		strbuf_addf(&ev_ref, "#%ld", ev.schedule ? 1 : ev.number);
		prgate_event_release(&ev);
		arg = ev_ref.buf;
	}
	/* only a bare number ("123", "#123") needs the default repository */
	if (!strchr(arg, '/'))
		repo = cli_default_repo();
	rc = prgate_github_parse_ref(arg, repo, &t->v[0], err) == PRGATE_OK
		 ? 0
		 : -1;
	if (t->schedule)
		t->v[0].number = 0;
	free(repo);
	strbuf_release(&ev_ref);
	return rc;
}

/* schedule: replace the repository with its open PRs. */
static int list_open_prs(struct targets *t, const struct prgate_decide_opts *o,
			 const struct prgate_http_opts *http,
			 struct prgate_error *err)
{
	struct prgate_github gh;
	struct prgate_github_ref repo = t->v[0];
	long *nums = NULL;
	size_t n = 0;
	enum prgate_status st;

	prgate_github_init(&gh);
	gh.http = *http;
	gh.api_url = o->api_url;
	if (!gh.api_url && getenv("PRGATE_API_URL") &&
	    *getenv("PRGATE_API_URL"))
		gh.api_url = getenv("PRGATE_API_URL");
	gh.token = o->token;
	st = prgate_event_open_prs(&gh, &repo, t->base, &nums, &n, err);
	prgate_github_release(&gh);
	if (st != PRGATE_OK) {
		char msg[sizeof(err->message)];
		snprintf(msg, sizeof(msg), "%s", err->message);
		prgate_error_set(err, st,
				 "cannot list the open pull requests of %s/%s: "
				 "%s",
				 repo.owner, repo.repo, msg);
		return -1;
	}
	t->v = xrealloc(t->v, (n ? n : 1) * sizeof(*t->v));
	for (size_t i = 0; i < n; i++) {
		t->v[i] = repo;
		t->v[i].number = nums[i];
	}
	t->n = n;
	free(nums);
	return 0;
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
 * The bot's part: the sticky comment on each PR, then in a workflow the
 * job summary and the step outputs. Failures to comment are warnings:
 * the verdict decides the exit code.
 */
static void comment_all(struct prgate_decision *ds,
			const struct prgate_github_ref *refs,
			const struct prgate_report *report, time_t now)
{
	const char *summary = getenv("GITHUB_STEP_SUMMARY");
	const char *output = getenv("GITHUB_OUTPUT");
	struct strbuf run = STRBUF_INIT, body = STRBUF_INIT;
	struct prgate_error err;
	time_t expires = 0;

	prgate_actions_run_url(&run, getenv("GITHUB_SERVER_URL"),
			       getenv("GITHUB_REPOSITORY"),
			       getenv("GITHUB_RUN_ID"));
	for (size_t i = 0; i < report->nfiles; i++) {
		const struct prgate_report_file *f = &report->files[i];
		struct prgate_comment_result res;
		strbuf_reset(&body);
		prgate_comment_body(&body, f, now, run.len ? run.buf : NULL);
		prgate_error_clear(&err);
		if (prgate_comment_upsert(&ds[i].gh, &refs[i], body.buf, &res,
					  &err) != PRGATE_OK)
			fprintf(stderr,
				"prgate: warning: cannot comment on %s (%s): "
				"the report is %s\n",
				report->nfiles == 1 ? "the PR" : f->name,
				err.message,
				summary && *summary ? "in the job summary"
						    : "on standard output");
		else
			fprintf(stderr, "prgate: %s comment %lld on %s\n",
				res.created ? "created" : "updated", res.id,
				f->name);
		if (f->expires_at && (!expires || f->expires_at < expires))
			expires = f->expires_at;
	}
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
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	const char *config = NULL, *at = NULL, *actions;
	char *token = NULL;
	struct prgate_decide_opts o = {0};
	struct prgate_http_opts http;
	struct prgate_policy policy;
	struct prgate_decision *ds = NULL;
	struct targets t = {NULL, 0, 0, NULL, 0};
	struct prgate_error err;
	struct prgate_report report = {0};
	struct prgate_report_file *files = NULL;
	struct strbuf out = STRBUF_INIT;
	int fmt = PRGATE_FORMAT_TEXT, fmt_given = 0, comment = 0, c, rc = 2;
	size_t ndecided = 0;

	memset(&policy, 0, sizeof(policy));
	prgate_error_clear(&err);
	o.deployer = getenv("GITHUB_ACTOR");
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
			o.deployer = optarg;
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
	if (at && prgate_rfc3339_parse(at, &o.now, &err) != PRGATE_OK) {
		rc = cli_usage_error("check", "--at: %s", err.message);
		goto out;
	}
	if (resolve(optind < argc ? argv[optind] : NULL, &t, &err)) {
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
	if ((rc = cli_load_policy(&policy, config)))
		goto out;
	prgate_http_opts_init(&http);
	if ((rc = cli_http_timeout(&http)))
		goto out;
	o.token = token = cli_token();
	if (t.schedule) {
		if (list_open_prs(&t, &o, &http, &err)) {
			rc = cli_fail(&err);
			goto out;
		}
		if (!t.n)
			fprintf(stderr,
				"prgate: no open pull requests to check in "
				"%s/%s\n",
				t.v[0].owner, t.v[0].repo);
	}
	ds = xcalloc(t.n ? t.n : 1, sizeof(*ds));
	files = xcalloc(t.n ? t.n : 1, sizeof(*files));
	for (; ndecided < t.n; ndecided++) {
		struct prgate_decision *d = &ds[ndecided];
		prgate_decision_init(d);
		d->gh.http = http;
		if (prgate_decide(d, &policy, &t.v[ndecided], &o, &err) !=
		    PRGATE_OK) {
			rc = cli_fail(&err);
			ndecided++;
			goto out;
		}
		if (d->error.len)
			cli_error("%s", d->error.buf);
		prgate_decision_report(d, &files[ndecided]);
	}
	report.files = files;
	report.nfiles = t.n;
	report.color = fmt == PRGATE_FORMAT_TEXT && cli_color();
	if (fmt == PRGATE_FORMAT_GITHUB && t.n > 1) {
		/* several PRs: each one's annotations in a group of its own */
		for (size_t i = 0; i < t.n; i++) {
			struct prgate_report one = {&files[i], 1, 0};
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
		comment_all(ds, t.v, &report, o.now);
	rc =
	    t.schedule ? worst_exit(&report) : prgate_report_exit_code(&report);
out:
	for (size_t i = 0; i < ndecided; i++)
		prgate_decision_release(&ds[i]);
	free(ds);
	free(files);
	targets_release(&t);
	prgate_policy_release(&policy);
	strbuf_release(&out);
	free(token);
	return rc;
}
