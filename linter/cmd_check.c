/*
 * cmd_check.c - `prgate check`: the whole gate for one pull request. The
 * description is linted as `prgate lint` does, GitHub is asked about the
 * PR (reviews, CI, freshness, dependencies), the clock about the window
 * and freezes, the monitoring about the health gates, and the answer is
 * GO, NO-GO or - when a fact is missing - unknown (exit 3), never GO.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cli.h"
#include "clock.h"
#include "decide.h"
#include "github.h"
#include "json.h"
#include "lint.h"

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
    "from the event file ($GITHUB_EVENT_PATH).\n"
    "\n"
    "  --at TIME          decide as if it were TIME (RFC 3339,\n"
    "                     e.g. 2026-12-24T16:55:00+01:00)\n"
    "  --api-url URL      the GitHub API (default $PRGATE_API_URL, else\n"
    "                     https://api.github.com; Enterprise:\n"
    "                     https://HOST/api/v3)\n"
    "  --deployer LOGIN   who deploys (default $GITHUB_ACTOR)\n"
    "  --config FILE      the policy file\n"
    "  --template FILE    the PR template as schema\n"
    "  --format FORMAT    text (default), json, markdown or github\n"
    "  -h, --help         this help\n"
    "\n"
    "The token comes from $PRGATE_TOKEN, $GITHUB_TOKEN or $GH_TOKEN (public\n"
    "repositories work without one); it is never printed.\n"
    "Exit: 0 GO, 1 NO-GO, 2 usage or config error, 3 could not decide.\n";

static const char *env_first(const char *const *names)
{
	for (; *names; names++) {
		const char *v = getenv(*names);
		if (v && *v)
			return v;
	}
	return NULL;
}

/* "owner/repo" of the origin remote, or NULL. */
static char *origin_repo(void)
{
	struct prgate_github_ref ref;
	struct prgate_error err;
	struct strbuf url = STRBUF_INIT;
	char *out = NULL;
	FILE *fp = popen("git remote get-url origin 2>/dev/null", "r");
	if (!fp)
		return NULL;
	strbuf_read_stream(&url, fp, 4096);
	if (pclose(fp) == 0) {
		strbuf_trim(&url);
		if (prgate_github_parse_remote(url.buf, &ref, &err) ==
		    PRGATE_OK) {
			struct strbuf r = STRBUF_INIT;
			strbuf_addf(&r, "%s/%s", ref.owner, ref.repo);
			out = strbuf_detach(&r, NULL);
		}
	}
	strbuf_release(&url);
	return out;
}

/*
 * The PR of a GitHub Actions event: pull_request.number (pull_request,
 * pull_request_target, pull_request_review events) with the repository's
 * full_name. Writes "owner/repo#N" into out; -1 when there is none.
 */
static int event_pr(const char *path, struct strbuf *out,
		    struct prgate_error *err)
{
	struct strbuf text = STRBUF_INIT;
	struct prgate_json_doc *doc = NULL;
	const struct prgate_json *root, *pr, *repo;
	double number;
	const char *full;
	int rc = -1;

	if (strbuf_read_file(&text, path, (size_t)16 << 20) < 0) {
		prgate_error_set(err, PRGATE_ERR_USAGE,
				 "cannot read the event file '%s'", path);
		goto out;
	}
	if (prgate_json_parse(path, text.buf, text.len, 0, &doc, err) !=
	    PRGATE_OK)
		goto out;
	root = prgate_json_root(doc);
	pr = prgate_json_get(root, "pull_request");
	repo = prgate_json_get(root, "repository");
	full = repo ? prgate_json_get_string(repo, "full_name") : NULL;
	if (!pr || !prgate_json_get_number(pr, "number", &number) || !full) {
		prgate_error_set(
		    err, PRGATE_ERR_USAGE,
		    "the event in '%s' is not about a pull request: "
		    "name the PR",
		    path);
		goto out;
	}
	strbuf_addf(out, "%s#%.0f", full, number);
	rc = 0;
out:
	prgate_json_free(doc);
	strbuf_release(&text);
	return rc;
}

/* The PR reference to check, from the argument or the environment. */
static int resolve_ref(const char *arg, struct prgate_github_ref *ref,
		       struct prgate_error *err)
{
	struct strbuf ev = STRBUF_INIT;
	const char *event = getenv("GITHUB_EVENT_PATH");
	char *repo = NULL;
	int rc;

	if (!arg) {
		if (!event || !*event)
			return prgate_error_set(err, PRGATE_ERR_USAGE,
						"name the pull request: prgate "
						"check 123"),
			       -1;
		if (event_pr(event, &ev, err)) {
			strbuf_release(&ev);
			return -1;
		}
		arg = ev.buf;
	}
	/* only a bare number ("123", "#123") needs the default repository */
	if (!strchr(arg, '/')) {
		repo = origin_repo();
		if (!repo && getenv("GITHUB_REPOSITORY") &&
		    *getenv("GITHUB_REPOSITORY"))
			repo = xstrdup(getenv("GITHUB_REPOSITORY"));
	}
	rc = prgate_github_parse_ref(arg, repo, ref, err) == PRGATE_OK ? 0 : -1;
	free(repo);
	strbuf_release(&ev);
	return rc;
}

int cmd_check(int argc, char **argv)
{
	static const char *const token_env[] = {"PRGATE_TOKEN", "GITHUB_TOKEN",
						"GH_TOKEN", NULL};
	static const struct option opts[] = {
	    {"at", required_argument, NULL, 'a'},
	    {"api-url", required_argument, NULL, 'u'},
	    {"deployer", required_argument, NULL, 'd'},
	    {"config", required_argument, NULL, 'c'},
	    {"template", required_argument, NULL, 'T'},
	    {"format", required_argument, NULL, 'f'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	const char *config = NULL, *at = NULL;
	struct prgate_decide_opts o = {0};
	struct prgate_policy policy;
	struct prgate_decision d;
	struct prgate_github_ref ref;
	struct prgate_error err;
	struct prgate_report report = {0};
	struct prgate_report_file file;
	struct strbuf out = STRBUF_INIT;
	int fmt = PRGATE_FORMAT_TEXT, c, rc = 2;

	memset(&policy, 0, sizeof(policy));
	prgate_decision_init(&d);
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
			break;
		case 'h':
			fputs(check_help, stdout);
			rc = 0;
			goto out;
		default:
			rc = cli_usage_error("check", "bad option");
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
	if (resolve_ref(optind < argc ? argv[optind] : NULL, &ref, &err)) {
		rc = cli_fail(&err);
		goto out;
	}
	if ((rc = cli_load_policy(&policy, config)))
		goto out;
	o.token = env_first(token_env);
	if (prgate_decide(&d, &policy, &ref, &o, &err) != PRGATE_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	if (d.error.len)
		cli_error("%s", d.error.buf);
	prgate_decision_report(&d, &file);
	report.files = &file;
	report.nfiles = 1;
	report.color = fmt == PRGATE_FORMAT_TEXT && cli_color();
	prgate_report_render(&out, (enum prgate_format)fmt, &report);
	fwrite(out.buf, 1, out.len, stdout);
	rc = prgate_report_exit_code(&report);
out:
	prgate_decision_release(&d);
	prgate_policy_release(&policy);
	strbuf_release(&out);
	return rc;
}
