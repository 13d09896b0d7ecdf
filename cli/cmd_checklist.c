/*
 * cmd_checklist.c - `prgate checklist`: the generated deployment
 * checklist for a description, as Markdown.
 */
#include <ctype.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "linter/checklist.h"
#include "gate/decide.h"
#include "cli/cli.h"
#include "integrations/journal.h"
#include "linter/lint.h"

static const char checklist_help[] =
    "usage: prgate checklist [options] [FILE|-|PR]\n"
    "\n"
    "Print the deployment checklist for a PR description (stdin for '-',\n"
    "or when no FILE is given and stdin is not a terminal), or for a pull "
    "request on GitHub (123, owner/repo#123 or a PR\n"
    "URL; found and asked as by prgate check, with {pr}, {sha}, {branch}\n"
    "and {base} filled in): before (backups, the production SHA, assistant, "
    "staging run),\n"
    "deploy (the PR's Deployment steps; maintenance mode when it declares\n"
    "downtime), verify (its Verification plan), rollback (its Rollback\n"
    "strategy and the policy's rollback commands), after (the policy's\n"
    "after commands).\n"
    "\n"
    "  --set NAME=VALUE   fill {NAME} in the policy's commands (repeatable;\n"
    "                     e.g. pr=12, sha=..., prev_sha=..., remote=...)\n"
    "                     prev_sha defaults to the SHA production had\n"
    "                     before the PR's deploy (for a file: the last\n"
    "                     deploy) in the deploy journal the pre-push\n"
    "                     hook keeps in .git/prgate/\n"
    "  --label NAME       a PR label (repeatable; e.g. downtime)\n"
    "  --config FILE      the policy file\n"
    "  --template FILE    the PR template the policy follows\n"
    "  --api-url URL      the GitHub API, for a PR (as for prgate check)\n"
    "  -h, --help         this help\n";

static const char *var_of(const struct prgate_kv *vars, size_t n,
			  const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(vars[i].key, key))
			return vars[i].value;
	return NULL;
}

/* Add key=value to vars (both copied). */
static void add_var(struct prgate_kv **vars, size_t *nvars, size_t *avars,
		    const char *key, const char *value)
{
	*vars = xgrow(*vars, sizeof(**vars), *nvars + 1, avars);
	(*vars)[*nvars].key = xstrdup(key);
	(*vars)[(*nvars)++].value = xstrdup(value);
}

/*
 * Without --set prev_sha, take the rollback point from the deploy
 * journal: for a pull request (pr, "owner/repo#N"), the SHA production
 * had before the deploy of that PR, and none when it was not deployed
 * (the checklist then says to note it); for a description, the SHA
 * before the latest deploy (a rollback is none) to a deploy remote's
 * first deploy branch.
 * The remote and the branch deployed to come along, unless set.
 */
static void journal_vars(const struct prgate_policy *policy, const char *pr,
			 struct prgate_kv **vars, size_t *nvars, size_t *avars)
{
	struct prgate_journal_entry e;
	struct prgate_error err;
	struct prgate_strlist one = {0};
	struct strbuf path = STRBUF_INIT, ref = STRBUF_INIT;
	const char *remote = var_of(*vars, *nvars, "remote");
	int found;

	if (var_of(*vars, *nvars, "prev_sha") || prgate_journal_locate(&path))
		goto out;
	if (remote)
		prgate_strlist_add(&one, remote);
	strbuf_addf(&ref, "refs/heads/%s",
		    policy->deploy.branches.n ? policy->deploy.branches.v[0]
					      : "master");
	prgate_error_clear(&err);
	if (pr)
		found = prgate_journal_deploy_of(path.buf, pr, &e, &err);
	else
		found = prgate_journal_latest_deploy(
		    path.buf, remote ? &one : &policy->deploy.remotes, ref.buf,
		    &e, &err);
	if (found < 0)
		fprintf(stderr, "prgate: warning: %s\n", err.message);
	if (found > 0 && e.old_sha) {
		add_var(vars, nvars, avars, "prev_sha", e.old_sha);
		if (!remote)
			add_var(vars, nvars, avars, "remote", e.remote);
		if (!var_of(*vars, *nvars, "deploy_branch") &&
		    !strncmp(e.ref, "refs/heads/", 11))
			add_var(vars, nvars, avars, "deploy_branch",
				e.ref + 11);
	}
	if (found > 0)
		prgate_journal_entry_release(&e);
out:
	prgate_strlist_release(&one);
	strbuf_release(&path);
	strbuf_release(&ref);
}

/*
 * Warn about each --set NAME that fills nothing: not a built-in name and
 * in none of the policy's commands (a typo, or a policy without it).
 */
static void warn_unused(const struct prgate_policy *p,
			const struct prgate_kv *vars, size_t n)
{
	static const char *const builtins[] = {
	    "pr",   "sha",    "prev_sha",      "branch",
	    "base", "remote", "deploy_branch", NULL};
	const struct prgate_strlist *lists[] = {
	    &p->checklist.before,	  &p->checklist.staging,
	    &p->checklist.verify,	  &p->checklist.rollback,
	    &p->checklist.after,	  &p->checklist.maintenance_on,
	    &p->checklist.maintenance_off};
	struct strbuf want = STRBUF_INIT;

	for (size_t i = 0; i < n; i++) {
		int used = 0;
		for (size_t k = 0; builtins[k] && !used; k++)
			used = !strcmp(builtins[k], vars[i].key);
		strbuf_reset(&want);
		strbuf_addf(&want, "{%s}", vars[i].key);
		for (size_t l = 0; l < sizeof(lists) / sizeof(*lists); l++)
			for (size_t k = 0; k < lists[l]->n && !used; k++)
				used = strstr(lists[l]->v[k], want.buf) != NULL;
		if (!used)
			fprintf(stderr,
				"prgate: warning: --set %s: no {%s} in the "
				"checklist's commands, so it changes "
				"nothing\n",
				vars[i].key, vars[i].key);
	}
	strbuf_release(&want);
}

/* A PR reference rather than a file: 123, owner/repo#123 or a URL. */
static int looks_like_pr(const char *s)
{
	const char *p = s;
	while (isdigit((unsigned char)*p))
		p++;
	if (p != s && !*p)
		return 1;
	if (!strncmp(s, "https://", 8) && strstr(s, "/pull/"))
		return 1;
	p = strchr(s, '#');
	return p && p > s && strchr(s, '/') && strchr(s, '/') < p &&
	       isdigit((unsigned char)p[1]);
}

/*
 * The checklist of a pull request on GitHub: its description, number,
 * head SHA and branches filled in (and the journal's production SHA,
 * already among vars). Returns the exit code.
 */
static int pr_checklist(const char *arg, struct prgate_policy *policy,
			const char *tpl, const char *api,
			struct prgate_kv **vars, size_t *nvars, size_t *avars)
{
	struct strbuf name = STRBUF_INIT;
	struct prgate_decide_opts o = {0};
	struct prgate_decision d;
	struct prgate_github_ref ref;
	struct prgate_error err;
	char *repo = strchr(arg, '/') ? NULL : cli_default_repo();
	char *token = NULL;
	int rc;

	prgate_error_clear(&err);
	prgate_decision_init(&d);
	if ((rc = cli_http_timeout(&d.gh.http)))
		goto out;
	if (prgate_github_parse_ref(arg, repo, &ref, &err) != PRGATE_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	strbuf_addf(&name, "%s/%s#%ld", ref.owner, ref.repo, ref.number);
	journal_vars(policy, name.buf, vars, nvars, avars);
	o.template_path = tpl;
	o.api_url = api;
	o.token = token = cli_token();
	o.run_id = getenv("GITHUB_RUN_ID");
	o.now = time(NULL);
	o.vars = *vars;
	o.nvars = *nvars;
	if (prgate_decide(&d, policy, &ref, &o, &err) != PRGATE_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	if (d.error.len) {
		cli_error("%s", d.error.buf);
		rc = d.error_exit ? d.error_exit : 3;
		goto out;
	}
	fwrite(d.checklist.buf, 1, d.checklist.len, stdout);
	rc = 0;
out:
	prgate_decision_release(&d);
	strbuf_release(&name);
	free(repo);
	free(token);
	return rc;
}

int cmd_checklist(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"set", required_argument, NULL, 's'},
	    {"label", required_argument, NULL, 'l'},
	    {"config", required_argument, NULL, 'c'},
	    {"template", required_argument, NULL, 'T'},
	    {"api-url", required_argument, NULL, 'u'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	const char *config = NULL, *tpl = NULL, *path = "-", *api = NULL;
	struct prgate_strlist labels = {0};
	struct prgate_kv *vars = NULL;
	size_t nvars = 0, avars = 0;
	struct prgate_policy policy;
	struct prgate_linter *linter = NULL;
	struct prgate_lint_result res;
	struct prgate_error err;
	struct strbuf body = STRBUF_INIT, out = STRBUF_INIT;
	int c, rc = 2, have_res = 0;

	memset(&policy, 0, sizeof(policy));
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		char *eq;
		switch (c) {
		case 's':
			eq = strchr(optarg, '=');
			if (!eq || eq == optarg) {
				rc = cli_usage_error("checklist",
						     "--set wants NAME=VALUE, "
						     "not '%s'",
						     optarg);
				goto out;
			}
			vars = xgrow(vars, sizeof(*vars), nvars + 1, &avars);
			vars[nvars].key =
			    xstrndup(optarg, (size_t)(eq - optarg));
			vars[nvars++].value = xstrdup(eq + 1);
			break;
		case 'l':
			prgate_strlist_add(&labels, optarg);
			break;
		case 'c':
			config = optarg;
			break;
		case 'T':
			tpl = optarg;
			break;
		case 'u':
			api = optarg;
			break;
		case 'h':
			fputs(checklist_help, stdout);
			rc = 0;
			goto out;
		default:
			rc = cli_bad_option("checklist", argv, opts);
			goto out;
		}
	}
	if (argc - optind > 1) {
		rc = cli_usage_error("checklist", "one description at a time");
		goto out;
	}
	if (argc - optind == 1)
		path = argv[optind];
	else if (isatty(STDIN_FILENO)) {
		rc = cli_usage_error(
		    "checklist", "no description: name a FILE or a PR, pipe "
				 "one in, or give '-' to type it");
		goto out;
	}
	if ((rc = cli_load_policy(&policy, config)))
		goto out;
	warn_unused(&policy, vars, nvars);
	if (looks_like_pr(path)) {
		rc = pr_checklist(path, &policy, tpl, api, &vars, &nvars,
				  &avars);
		goto out;
	}
	journal_vars(&policy, NULL, &vars, &nvars, &avars);
	prgate_error_clear(&err);
	if (prgate_linter_new(&policy, tpl, &linter, &err) != PRGATE_OK ||
	    cli_read_input(path, CLI_LINT_MAX_SIZE, &body, &err) != PRGATE_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	{
		struct prgate_lint_input in = {.name = path,
					       .body = body.buf,
					       .len = body.len,
					       .labels = &labels};
		if (prgate_lint_run(linter, &in, &res, &err) != PRGATE_OK) {
			rc = cli_fail(&err);
			goto out;
		}
		have_res = 1;
	}
	prgate_checklist_build(&out, &policy, &res, vars, nvars);
	fwrite(out.buf, 1, out.len, stdout);
	rc = 0;
out:
	if (have_res)
		prgate_lint_result_release(&res);
	for (size_t i = 0; i < nvars; i++) {
		free(vars[i].key);
		free(vars[i].value);
	}
	free(vars);
	strbuf_release(&body);
	strbuf_release(&out);
	prgate_linter_free(linter);
	prgate_policy_release(&policy);
	prgate_strlist_release(&labels);
	return rc;
}
