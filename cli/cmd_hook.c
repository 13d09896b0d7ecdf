/*
 * cmd_hook.c - `prgate hook`: install and uninstall the git pre-push
 * hook, and `prgate hook pre-push`, what the hook runs. A push to a
 * deploy target (policy deploy.remotes and deploy.branches) goes through
 * only when the pushed commit's pull request is GO - decided by
 * prgate_decide() exactly as `prgate check` decides - and is then
 * recorded in the deploy journal (journal.h) with the SHA to roll back
 * to. Every other push passes at once, without asking anyone. The policy
 * is origin's default branch's (hook.h), never the working tree's.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "linter/clock.h"
#include "gate/decide.h"
#include "gate/github.h"
#include "integrations/hook.h"
#include "support/visible.h"
#include "integrations/journal.h"

static const char hook_help[] =
    "usage: prgate hook install|uninstall|pre-push\n"
    "\n"
    "The git pre-push hook: a push to a deploy target (the policy's\n"
    "deploy.remotes and deploy.branches; default: production, master or\n"
    "main) goes through only when the pushed commit's pull request is GO,\n"
    "and is recorded in the deploy journal with the SHA to roll back to.\n"
    "The policy is the one on origin's default branch (origin/HEAD),\n"
    "never the working tree's: see 'prgate hook pre-push --help'.\n"
    "\n"
    "  prgate hook install     write the hook where git looks for it\n"
    "  prgate hook uninstall   remove it, restoring what was there\n"
    "  prgate hook pre-push REMOTE URL\n"
    "                          what the hook runs (git passes the\n"
    "                          arguments and the refs on stdin)\n"
    "\n"
    "'prgate hook SUBCOMMAND --help' tells more about each.\n";

static const char install_help[] =
    "usage: prgate hook install\n"
    "\n"
    "Write prgate's pre-push hook into the current repository's hooks\n"
    "folder (core.hooksPath when set, else .git/hooks). A pre-push hook\n"
    "already there is kept as " PRGATE_HOOK_CHAINED " and runs\n"
    "first, with the same arguments and input; when it fails the push\n"
    "fails. The hook runs this prgate by its absolute path (prgate from\n"
    "PATH when that is gone). Installing again changes nothing.\n"
    "\n"
    "  -h, --help         this help\n";

static const char uninstall_help[] =
    "usage: prgate hook uninstall\n"
    "\n"
    "Remove prgate's pre-push hook and put back the hook it kept, byte for\n"
    "byte and with its mode. A pre-push hook that is not prgate's is left\n"
    "as it is.\n"
    "\n"
    "  -h, --help         this help\n";

static const char pre_push_help[] =
    "usage: prgate hook pre-push [--deployer LOGIN] REMOTE URL < refs\n"
    "\n"
    "What the installed hook runs: git gives the remote's name and URL and,\n"
    "on stdin, one line per ref: <local ref> <local sha> <remote ref>\n"
    "<remote sha>. A push to a remote in the policy's deploy.remotes (or\n"
    "to one of its push URLs) of a branch in deploy.branches is a deploy;\n"
    "anything else passes at once.\n"
    "\n"
    "A deploy looks up the pull request of the pushed commit on GitHub\n"
    "(the repository of the origin remote, else $GITHUB_REPOSITORY),\n"
    "decides it as 'prgate check' does and prints the report on stderr.\n"
    "The push is blocked when it is NO-GO, when the commit is in no pull\n"
    "request, when a deploy branch would be deleted, and when prgate\n"
    "could not decide (GitHub unreachable, rate-limited...). A deploy\n"
    "that goes through is appended to .git/prgate/deploys.jsonl and the\n"
    "command to roll it back is printed.\n"
    "\n"
    "Which policy: the .prgate.json of origin's default branch as this\n"
    "clone last fetched it (refs/remotes/origin/HEAD, e.g. origin/main),\n"
    "and the template it names from there too; never the working tree's,\n"
    "which is whatever branch is checked out (a pull request's own). A\n"
    "note says so when the working tree's differs. 'git fetch origin'\n"
    "brings a newer policy. When origin's default branch is not known\n"
    "(git remote add does not set it) every push is refused until\n"
    "'git remote set-head origin --auto'; when its policy is broken,\n"
    "every push is refused until it is fixed there.\n"
    "\n"
    "A rollback goes through at once, at any hour and without asking\n"
    "GitHub: a push of the commit the journal records as the target's\n"
    "just before a deploy (not before a rollback). Nothing else is one.\n"
    "\n"
    "Environment:\n"
    "  PRGATE_SKIP=REASON           let a deploy through without asking\n"
    "                               GitHub; the reason is journaled (an\n"
    "                               empty reason is refused)\n"
    "  PRGATE_HOOK_UNDECIDED=allow  let a deploy through when prgate could\n"
    "                               not decide (default: block it)\n"
    "  PRGATE_API_URL               the GitHub API (default\n"
    "                               https://api.github.com, or\n"
    "                               https://HOST/api/v3 for an origin on a\n"
    "                               host listed in github.hosts)\n"
    "  PRGATE_TOKEN, GITHUB_TOKEN, GH_TOKEN   the token (else `gh auth token`\n"
    "                               when gh is logged in), never printed\n"
    "\n"
    "Who deploys (the deployer rule) is --deployer LOGIN, else the GitHub\n"
    "login of the token (GET /user); with neither, the rule is skipped.\n"
    "\n"
    "Under the pre-commit framework (its pre-push stage; no REMOTE and\n"
    "URL given) the push is read from the PRE_COMMIT_REMOTE_NAME,\n"
    "PRE_COMMIT_REMOTE_URL, PRE_COMMIT_LOCAL_BRANCH, PRE_COMMIT_TO_REF and\n"
    "PRE_COMMIT_REMOTE_BRANCH it sets (one ref per push: see the README).\n"
    "\n"
    "'git push --no-verify' skips every pre-push hook, this one included.\n"
    "Exit: 0 the push may go, 1 NO-GO or refused, 2 usage, config or\n"
    "input error, 3 could not decide; anything but 0 blocks the push.\n";

/* The trimmed output of `git ARGS`; -1 when git fails or says nothing. */
static int git_out(const char *args, struct strbuf *out)
{
	struct strbuf cmd = STRBUF_INIT;
	FILE *fp;
	int rc = -1;

	strbuf_reset(out);
	strbuf_addf(&cmd, "git %s 2>/dev/null", args);
	fp = popen(cmd.buf, "r");
	strbuf_release(&cmd);
	if (!fp)
		return -1;
	strbuf_read_stream(out, fp, 65536);
	if (pclose(fp) == 0) {
		strbuf_trim(out);
		rc = out->len ? 0 : -1;
	}
	return rc;
}

/*
 * The deploy remote a push goes to, or NULL. git passes the remote's name
 * and URL when the push named one, else the URL twice. A push is to a
 * deploy remote when the remote is one by name, or when its URL is one of
 * a deploy remote's push URLs, spelt any way git accepts
 * (prgate_hook_url_normalize()): a second name for production, or
 * production's URL typed by hand, is production too. The name returned
 * is the policy's.
 */
static const char *deploy_remote(const struct prgate_strlist *remotes,
				 const char *name, const char *url)
{
	struct strbuf args = STRBUF_INIT, out = STRBUF_INIT, want = STRBUF_INIT,
		      have = STRBUF_INIT;
	const char *hit = NULL;

	if (prgate_strlist_has(remotes, name))
		return name;
	prgate_hook_url_normalize(url, &want);
	for (size_t i = 0; i < remotes->n && !hit; i++) {
		char *line, *save = NULL;
		strbuf_reset(&args);
		strbuf_addstr(&args, "remote get-url --push --all ");
		prgate_shell_quote_always(&args, remotes->v[i]);
		if (git_out(args.buf, &out))
			continue;
		for (line = strtok_r(out.buf, "\n", &save); line && !hit;
		     line = strtok_r(NULL, "\n", &save)) {
			prgate_hook_url_normalize(line, &have);
			if (!strcmp(have.buf, want.buf))
				hit = remotes->v[i];
		}
	}
	strbuf_release(&args);
	strbuf_release(&out);
	strbuf_release(&want);
	strbuf_release(&have);
	return hit;
}

/* A subcommand's options: only --help. Returns 0 to go on, else exit + 1. */
static int sub_options(int argc, char **argv, const char *cmd, const char *help)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	int c;

	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		if (c == 'h') {
			fputs(help, stdout);
			return 1;
		}
		return cli_bad_option(cmd, argv, opts) + 1;
	}
	return 0;
}

/* pre-push's options: --deployer LOGIN, --help; as sub_options(). */
static int pre_push_options(int argc, char **argv, const char **deployer)
{
	static const struct option opts[] = {
	    {"deployer", required_argument, NULL, 'd'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	int c;

	/* options may follow the remote and URL: the hook script passes
	 * git's arguments first */
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			fputs(pre_push_help, stdout);
			return 1;
		}
		if (c != 'd')
			return cli_bad_option("hook pre-push", argv, opts) + 1;
		if (!*optarg)
			return cli_usage_error("hook pre-push",
					       "--deployer: name the login") +
			       1;
		*deployer = optarg;
	}
	return 0;
}

/* ---- install and uninstall ---- */

struct hook_paths {
	struct strbuf dir, hook, chained, tmp;
};

static void hook_paths_release(struct hook_paths *p)
{
	strbuf_release(&p->dir);
	strbuf_release(&p->hook);
	strbuf_release(&p->chained);
	strbuf_release(&p->tmp);
}

/* Where git runs hooks from (core.hooksPath honoured); prints on error. */
static int find_hooks(struct hook_paths *p)
{
	memset(p, 0, sizeof(*p));
	strbuf_init(&p->dir, 0);
	strbuf_init(&p->hook, 0);
	strbuf_init(&p->chained, 0);
	strbuf_init(&p->tmp, 0);
	if (git_out("rev-parse --git-path hooks", &p->dir)) {
		cli_error("not in a git repository (or git is not installed)");
		return 2;
	}
	strbuf_addf(&p->hook, "%s/pre-push", p->dir.buf);
	strbuf_addf(&p->chained, "%s/" PRGATE_HOOK_CHAINED, p->dir.buf);
	strbuf_addf(&p->tmp, "%s/pre-push.prgate-new", p->dir.buf);
	return 0;
}

/* mkdir -p */
static int make_dirs(const char *path)
{
	char *d = xstrdup(path);
	int rc = 0;

	for (char *s = d + 1;; s++) {
		if (*s && *s != '/')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(d, 0777) && errno != EEXIST) {
			rc = -1;
			break;
		}
		*s = c;
		if (!c)
			break;
	}
	free(d);
	return rc;
}

/* Write text as an executable file at p->hook (through p->tmp). */
static int write_hook(const struct hook_paths *p, const struct strbuf *text)
{
	FILE *fp;
	int ok;

	if (make_dirs(p->dir.buf)) {
		cli_error("cannot create '%s': %s", p->dir.buf,
			  strerror(errno));
		return -1;
	}
	unlink(p->tmp.buf);
	fp = fopen(p->tmp.buf, "wx");
	if (!fp) {
		cli_error("cannot write '%s': %s", p->tmp.buf, strerror(errno));
		return -1;
	}
	ok = fwrite(text->buf, 1, text->len, fp) == text->len;
	ok = !fclose(fp) && ok;
	/* rwx for whoever may read it: 0777 less the umask */
	if (ok) {
		mode_t mask = umask(0);
		umask(mask);
		ok = !chmod(p->tmp.buf, 0777 & ~mask);
	}
	if (!ok || rename(p->tmp.buf, p->hook.buf)) {
		cli_error("cannot write '%s': %s", p->hook.buf,
			  strerror(errno));
		unlink(p->tmp.buf);
		return -1;
	}
	return 0;
}

/*
 * What is at p->hook: -1 nothing, 0 something not prgate's, 1 prgate's
 * (its text in text), 2 an error (printed).
 */
static int what_is_there(const struct hook_paths *p, struct strbuf *text)
{
	struct stat st;

	if (lstat(p->hook.buf, &st)) {
		if (errno == ENOENT || errno == ENOTDIR)
			return -1;
		cli_error("cannot look at '%s': %s", p->hook.buf,
			  strerror(errno));
		return 2;
	}
	if (S_ISDIR(st.st_mode)) {
		cli_error("'%s' is a folder", p->hook.buf);
		return 2;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > 65536)
		return 0;
	if (strbuf_read_file(text, p->hook.buf, 65536)) {
		cli_error("cannot read '%s': %s", p->hook.buf, strerror(errno));
		return 2;
	}
	return prgate_hook_is_ours(text->buf, text->len);
}

static int exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

/* The absolute path of this prgate, or "prgate". Owned by the caller. */
static char *self_path(void)
{
	char *p = realpath("/proc/self/exe", NULL);
	return p ? p : xstrdup("prgate");
}

static int hook_install(int argc, char **argv)
{
	struct hook_paths p;
	struct strbuf have = STRBUF_INIT, want = STRBUF_INIT;
	char *self = NULL;
	int rc, there;

	if ((rc = sub_options(argc, argv, "hook install", install_help)))
		return rc - 1;
	if (optind < argc)
		return cli_usage_error("hook install", "no arguments wanted");
	if ((rc = find_hooks(&p)))
		goto out;
	self = self_path();
	prgate_hook_script(&want, self);
	there = what_is_there(&p, &have);
	rc = 2;
	if (there == 2)
		goto out;
	if (there == 1) {
		if (have.len == want.len &&
		    !memcmp(have.buf, want.buf, have.len)) {
			printf("prgate's pre-push hook is already installed in "
			       "%s: nothing changed\n",
			       p.hook.buf);
		} else {
			if (write_hook(&p, &want))
				goto out;
			printf("updated prgate's pre-push hook in %s\n",
			       p.hook.buf);
		}
		rc = 0;
		goto out;
	}
	if (there == 0) {
		if (exists(p.chained.buf)) {
			cli_error(
			    "'%s' is not prgate's and '%s' is taken: move "
			    "one of them away, then install again",
			    p.hook.buf, p.chained.buf);
			goto out;
		}
		if (rename(p.hook.buf, p.chained.buf)) {
			cli_error("cannot rename '%s' to '%s': %s", p.hook.buf,
				  p.chained.buf, strerror(errno));
			goto out;
		}
		if (write_hook(&p, &want)) {
			if (rename(p.chained.buf, p.hook.buf))
				cli_error("cannot put '%s' back: %s",
					  p.hook.buf, strerror(errno));
			goto out;
		}
		printf("installed prgate's pre-push hook in %s; the hook that "
		       "was there is kept as %s and runs first\n",
		       p.hook.buf, p.chained.buf);
		rc = 0;
		goto out;
	}
	if (write_hook(&p, &want))
		goto out;
	printf("installed prgate's pre-push hook in %s\n", p.hook.buf);
	rc = 0;
out:
	free(self);
	strbuf_release(&have);
	strbuf_release(&want);
	hook_paths_release(&p);
	return rc;
}

static int hook_uninstall(int argc, char **argv)
{
	struct hook_paths p;
	struct strbuf have = STRBUF_INIT;
	int rc, there;

	if ((rc = sub_options(argc, argv, "hook uninstall", uninstall_help)))
		return rc - 1;
	if (optind < argc)
		return cli_usage_error("hook uninstall", "no arguments wanted");
	if ((rc = find_hooks(&p)))
		goto out;
	there = what_is_there(&p, &have);
	rc = 0;
	if (there == 2) {
		rc = 2;
	} else if (there == -1) {
		printf("no prgate pre-push hook in %s: nothing to uninstall\n",
		       p.dir.buf);
	} else if (there == 0) {
		printf("the pre-push hook in %s is not prgate's: left as it "
		       "is\n",
		       p.dir.buf);
	} else if (exists(p.chained.buf)) {
		if (rename(p.chained.buf, p.hook.buf)) {
			cli_error("cannot rename '%s' to '%s': %s",
				  p.chained.buf, p.hook.buf, strerror(errno));
			rc = 2;
		} else {
			printf("removed prgate's pre-push hook from %s and put "
			       "back the hook it had kept\n",
			       p.hook.buf);
		}
	} else if (unlink(p.hook.buf)) {
		cli_error("cannot remove '%s': %s", p.hook.buf,
			  strerror(errno));
		rc = 2;
	} else {
		printf("removed prgate's pre-push hook from %s\n", p.hook.buf);
	}
out:
	strbuf_release(&have);
	hook_paths_release(&p);
	return rc;
}

/* ---- pre-push ---- */

struct push {
	const char *remote;
	const char *deployer; /* --deployer, else the token's login */
	struct strbuf login;  /* the token's login, asked once */
	struct strbuf login_error;
	int asked_login;
	struct prgate_policy policy;   /* the default branch's */
	struct prgate_hook_source src; /* where policy came from */
	int noted;		       /* the note on which policy said */
	char *token; /* asked for on the first deploy push only */
	int allow_undecided;
	time_t now;
	/* the GitHub repository, resolved on first need */
	int have_repo;
	struct prgate_github_ref repo;
	struct strbuf api;
	struct strbuf journal; /* the deploy journal's path, found once */
	int color;
};

/* Colour for stderr, where the hook's report goes. */
static int stderr_color(void)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
	if ((nc && *nc) || (term && !strcmp(term, "dumb")))
		return 0;
	return isatty(STDERR_FILENO);
}

/*
 * The GitHub repository (origin remote, else $GITHUB_REPOSITORY) and the
 * API to ask ($PRGATE_API_URL, else GitHub's, else a GitHub Enterprise
 * origin's when the policy's github.hosts lists it). Prints and returns an
 * exit code on failure.
 */
static int resolve_repo(struct push *ps)
{
	if (ps->have_repo)
		return 0;
	if (cli_default_repo_ref(&ps->repo)) {
		cli_error("cannot tell which GitHub repository to ask: the "
			  "origin remote is not on GitHub and "
			  "GITHUB_REPOSITORY is not set");
		return 2;
	}
	{
		struct strbuf buf = STRBUF_INIT;
		struct prgate_error err;
		const char *api = prgate_github_api_url(
		    NULL, &ps->repo, &ps->policy.github.hosts, &buf, &err);
		if (!api) {
			strbuf_release(&buf);
			return cli_fail(&err);
		}
		strbuf_addstr(&ps->api, api);
		strbuf_release(&buf);
	}
	ps->token = cli_token();
	ps->have_repo = 1;
	return 0;
}

static void blocked(const char *where, const char *why)
{
	fprintf(stderr,
		"prgate: push to %s blocked: %s\n"
		"prgate: to push anyway, give the reason: PRGATE_SKIP=\"...\" "
		"git push ...\n",
		where, why);
}

/*
 * Let a deploy whose verdict is unknown through, when told to; fills the
 * journal entry. Returns the exit code.
 */
static int undecided(const struct push *ps, const char *where, const char *why,
		     struct prgate_journal_entry *e)
{
	if (!ps->allow_undecided) {
		blocked(where, "prgate could not decide "
			       "(PRGATE_HOOK_UNDECIDED=allow lets it through)");
		return 3;
	}
	fprintf(stderr,
		"prgate: could not decide; PRGATE_HOOK_UNDECIDED=allow lets "
		"the push to %s through\n",
		where);
	e->verdict = xstrdup("unknown");
	e->reason = xstrdup(why);
	return 0;
}

/* Decide one deploy push; fills e when it may go. Returns the exit code. */
static int gate(struct push *ps, const struct prgate_hook_update *u,
		const char *where, struct prgate_journal_entry *e)
{
	struct prgate_decision d;
	struct prgate_decide_opts o = {0};
	struct prgate_github_ref ref;
	struct prgate_error err;
	struct prgate_report report = {0};
	struct prgate_report_file file;
	struct prgate_kv vars[2];
	struct strbuf out = STRBUF_INIT;
	struct prgate_hook_pick pick;
	struct strbuf why = STRBUF_INIT;
	const char *short_why;
	int rc;

	/* once: which policy judges, when the working tree says otherwise */
	if (!ps->noted && prgate_hook_policy_differs(&ps->src) == 1) {
		if (ps->src.blob[0])
			fprintf(stderr,
				"prgate: note: the working tree's .prgate.json "
				"is not %s's: this deploy is judged by %s's\n",
				ps->src.branch, ps->src.branch);
		else
			fprintf(stderr,
				"prgate: note: %s has no .prgate.json: this "
				"deploy is judged by the built-in policy, not "
				"the working tree's .prgate.json\n",
				ps->src.branch);
	}
	ps->noted = 1;
	prgate_error_clear(&err);
	if (prgate_hook_read_template(&ps->policy, &ps->src, &err) !=
	    PRGATE_OK) {
		rc = cli_fail(&err);
		blocked(where, "prgate failed");
		return rc;
	}
	if ((rc = resolve_repo(ps)))
		return rc;
	prgate_decision_init(&d);
	prgate_error_clear(&err);
	/*
	 * a developer is waiting: retry less than `prgate check` does, and
	 * give up on a silent GitHub sooner (3 x 10 s at most)
	 */
	d.gh.http.retry_base_ms = 250;
	d.gh.http.max_retries = 2;
	d.gh.http.max_wait_ms = 10000;
	d.gh.http.timeout_ms = 10000;
	if ((rc = cli_http_timeout(&d.gh.http))) {
		blocked(where, "PRGATE_TIMEOUT is wrong (see above)");
		goto out;
	}
	d.gh.api_url = ps->api.buf;
	d.gh.token = ps->token;
	/* who pushes: --deployer, else the token's login (asked once) */
	if (!ps->deployer && ps->token && *ps->token && !ps->asked_login) {
		ps->asked_login = 1;
		if (prgate_github_login(&d.gh, &ps->login, &err) != PRGATE_OK)
			strbuf_addstr(&ps->login_error, err.message);
		prgate_error_clear(&err);
	}
	switch (prgate_hook_find_pr(&d.gh, &ps->repo, u->local_sha,
				    &ps->policy.deploy.branches, &pick, &err)) {
	case PRGATE_OK:
		break;
	case PRGATE_ERR_USAGE:
		rc = cli_fail(&err);
		blocked(where, "prgate cannot ask GitHub (see above)");
		goto out;
	default:
		cli_error("%s", err.message);
		rc = undecided(ps, where, err.message, e);
		goto out;
	}
	rc = 1;
	if (prgate_hook_pick_refused(&pick, u->local_sha, &ps->repo,
				     &ps->policy.deploy.branches, &why,
				     &short_why)) {
		cli_error("%s", why.buf);
		blocked(where, short_why);
		goto out;
	}
	ref = ps->repo;
	ref.number = pick.number;
	fprintf(stderr, "prgate: deploying %.7s to %s: %s/%s#%ld\n",
		u->local_sha, where, ref.owner, ref.repo, pick.number);
	o.api_url = ps->api.buf;
	o.token = ps->token;
	o.deploying = 1;
	o.deploy_sha = u->local_sha;
	o.deployer = ps->deployer    ? ps->deployer
		     : ps->login.len ? ps->login.buf
				     : NULL;
	o.deployer_error = ps->login_error.len ? ps->login_error.buf : NULL;
	o.now = ps->now;
	vars[0].key = (char *)"remote";
	vars[0].value = (char *)ps->remote;
	vars[1].key = (char *)"prev_sha";
	vars[1].value = u->remote_sha;
	o.vars = vars;
	o.nvars = prgate_hook_sha_is_zero(u->remote_sha) ? 1 : 2;
	if (prgate_decide(&d, &ps->policy, &ref, &o, &err) != PRGATE_OK) {
		rc = cli_fail(&err);
		blocked(where, "prgate failed");
		goto out;
	}
	if (d.error.len)
		cli_error("%s", d.error.buf);
	prgate_decision_report(&d, &file);
	report.files = &file;
	report.nfiles = 1;
	report.color = ps->color;
	prgate_report_render(&out, PRGATE_FORMAT_TEXT, &report);
	fwrite(out.buf, 1, out.len, stderr);
	rc = prgate_report_exit_code(&report);
	if (rc == 0) {
		e->verdict = xstrdup("go");
	} else if (rc == 1) {
		blocked(where, "NO-GO");
	} else if (rc == 3) {
		rc = undecided(ps, where,
			       d.error.len ? d.error.buf
					   : "a check could not be decided",
			       e);
	} else {
		blocked(where, "prgate failed");
	}
	if (rc == 0)
		e->pr = xstrdup(d.name.buf);
out:
	prgate_decision_release(&d);
	strbuf_release(&out);
	strbuf_release(&why);
	return rc;
}

/* The deploy journal's path into ps->journal, found once; -1 if none. */
static int journal_path(struct push *ps)
{
	if (!ps->journal.len && prgate_journal_locate(&ps->journal))
		return -1;
	return 0;
}

/* "the deploy of owner/repo#N at TIME" (or of the commit, unnamed) */
static void describe_deploy(struct strbuf *out,
			    const struct prgate_journal_entry *d)
{
	strbuf_addstr(out, "the deploy of ");
	if (d->pr)
		strbuf_addstr(out, d->pr);
	else if (d->new_sha)
		strbuf_addf(out, "%.7s", d->new_sha);
	else
		strbuf_addstr(out, "a deletion");
	strbuf_addstr(out, " at ");
	prgate_rfc3339_format(out, d->time, 0);
}

/*
 * Whether u is a rollback: its commit is a rollback point of the target
 * (journal.h): what the remote had there just before a deploy the hook
 * let through. A rollback is not gated - not the window, not GitHub -
 * since it deploys only what production already ran. Returns 1 (e filled
 * in, verdict "rollback") or 0.
 */
static int rollback(struct push *ps, const struct prgate_hook_update *u,
		    const char *where, struct prgate_journal_entry *e)
{
	struct prgate_journal_entry d;
	struct prgate_error err;
	struct strbuf why = STRBUF_INIT;
	int found;

	prgate_error_clear(&err);
	if (journal_path(ps))
		return 0;
	found = prgate_journal_rollback_point(ps->journal.buf, ps->remote,
					      u->remote_ref, u->local_sha, NULL,
					      &d, &err);
	if (found < 0)
		fprintf(stderr, "prgate: warning: %s\n", err.message);
	if (found <= 0)
		return 0;
	strbuf_addf(&why, "%s had it before ", ps->remote);
	describe_deploy(&why, &d);
	fprintf(stderr,
		"prgate: push to %s is a rollback to %.7s: %s; not gated\n",
		where, u->local_sha, why.buf);
	e->verdict = xstrdup("rollback");
	e->reason = strbuf_detach(&why, NULL);
	prgate_journal_entry_release(&d);
	return 1;
}

/* After a blocked deploy: the rollback the journal knows, if any. */
static void rollback_hint(struct push *ps, const struct prgate_hook_update *u,
			  const char *branch)
{
	struct prgate_journal_entry d;
	struct prgate_error err;

	prgate_error_clear(&err);
	if (journal_path(ps) ||
	    prgate_journal_rollback_point(
		ps->journal.buf, ps->remote, u->remote_ref, NULL,
		prgate_hook_sha_is_zero(u->remote_sha) ? NULL : u->remote_sha,
		&d, &err) <= 0)
		return;
	fprintf(stderr,
		"prgate: to roll back, push what %s had before its last "
		"deploy: git push -f %s %s:%s\n",
		ps->remote, ps->remote, d.old_sha, branch);
	prgate_journal_entry_release(&d);
}

/* The reason in PRGATE_SKIP, NULL when unset, "" when blank. */
static const char *skip_reason(void)
{
	const char *s = getenv("PRGATE_SKIP");
	if (!s)
		return NULL;
	for (const char *p = s; *p; p++)
		if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' &&
		    *p != '\v' && *p != '\f')
			return s;
	return "";
}

/* The SHA `git rev-parse --verify` gives for rev, into sha; -1 if none. */
static int rev_parse(const char *rev, char sha[41])
{
	struct strbuf cmd = STRBUF_INIT, out = STRBUF_INIT,
		      rev_commit = STRBUF_INIT;
	FILE *fp;
	int ok = 0;

	/* a ref name may hold ; $ ( ) and more: single-quoted for sh */
	strbuf_addstr(&cmd, "git rev-parse --verify -q ");
	strbuf_addf(&rev_commit, "%s^{commit}", rev);
	prgate_shell_quote_always(&cmd, rev_commit.buf);
	strbuf_addstr(&cmd, " 2>/dev/null");
	if ((fp = popen(cmd.buf, "r"))) {
		strbuf_read_stream(&out, fp, 256);
		ok = pclose(fp) == 0;
	}
	strbuf_trim(&out);
	ok = ok && out.len == 40;
	if (ok)
		memcpy(sha, out.buf, 41);
	strbuf_release(&cmd);
	strbuf_release(&rev_commit);
	strbuf_release(&out);
	return ok ? 0 : -1;
}

/*
 * The pre-commit framework's pre-push stage: it reads git's ref lines
 * itself and passes one of them in its environment. Rebuild that line
 * (the remote's SHA from its remote-tracking branch, as this clone last
 * saw it; zeros when there is none) into input; *remote and *url from
 * the environment. -1 (and an error printed) when the environment does
 * not say enough.
 */
static int pre_commit_push(struct strbuf *input, const char **remote,
			   const char **url)
{
	const char *local = getenv("PRE_COMMIT_LOCAL_BRANCH");
	const char *to = getenv("PRE_COMMIT_TO_REF");
	const char *dest = getenv("PRE_COMMIT_REMOTE_BRANCH");
	char local_sha[41], remote_sha[41];
	struct strbuf tracking = STRBUF_INIT;

	*remote = getenv("PRE_COMMIT_REMOTE_NAME");
	*url = getenv("PRE_COMMIT_REMOTE_URL");
	if (!*url || !*url[0])
		*url = *remote;
	if (!dest || !*dest || !local || !*local) {
		cli_error(
		    "the pre-commit framework did not say what is pushed "
		    "(PRE_COMMIT_REMOTE_BRANCH and PRE_COMMIT_LOCAL_BRANCH "
		    "are unset)");
		return -1;
	}
	if (rev_parse(to && *to ? to : local, local_sha)) {
		cli_error("cannot find the pushed commit '%.200s'",
			  to && *to ? to : local);
		return -1;
	}
	strbuf_addf(&tracking, "refs/remotes/%s/%s", *remote,
		    !strncmp(dest, "refs/heads/", 11) ? dest + 11 : dest);
	if (rev_parse(tracking.buf, remote_sha))
		memset(remote_sha, '0', 40), remote_sha[40] = '\0';
	strbuf_addf(input, "%s %s %s %s\n", local, local_sha, dest, remote_sha);
	strbuf_release(&tracking);
	return 0;
}

static int hook_pre_push(int argc, char **argv)
{
	struct push ps;
	struct prgate_hook_updates ups = {0};
	struct prgate_journal_entry *entries = NULL;
	const char **branches = NULL;
	size_t nentries = 0;
	struct strbuf input = STRBUF_INIT, where = STRBUF_INIT;
	struct prgate_error err;
	const char *skip, *v, *remote_name = NULL, *remote_url = NULL;
	int rc;

	memset(&ps, 0, sizeof(ps));
	strbuf_init(&ps.api, 0);
	strbuf_init(&ps.journal, 0);
	strbuf_init(&ps.login, 0);
	strbuf_init(&ps.login_error, 0);
	if ((rc = pre_push_options(argc, argv, &ps.deployer)))
		return rc - 1;
	if (argc - optind == 0 && getenv("PRE_COMMIT_REMOTE_NAME")) {
		/* the pre-commit framework passes the push in its
		 * environment, git's stdin is already read */
		if (pre_commit_push(&input, &remote_name, &remote_url))
			return 2;
	} else if (argc - optind != 2) {
		return cli_usage_error("hook pre-push",
				       "want the remote's name and URL (git "
				       "passes them to the hook)");
	} else {
		remote_name = argv[optind];
		remote_url = argv[optind + 1];
	}
	prgate_error_clear(&err);
	/* the default branch's policy, never the working tree's: that is
	 * the checked-out branch's, maybe a pull request's own */
	if (prgate_hook_policy_load(&ps.policy, PRGATE_HOOK_POLICY_REMOTE,
				    &ps.src, &err) != PRGATE_OK) {
		rc = cli_fail(&err);
		if (ps.src.commit[0])
			fprintf(stderr,
				"prgate: the hook judges every push by %s's "
				"policy: fix it there (a push that deploys "
				"nothing may go with 'git push --no-verify')\n",
				ps.src.branch);
		goto out;
	}
	rc = 2;
	ps.remote =
	    deploy_remote(&ps.policy.deploy.remotes, remote_name, remote_url);
	if (!ps.remote) {
		/* not a deploy remote: none of our business, however many
		 * refs (a --mirror push); git's are read only so git can
		 * write them */
		char buf[65536];
		while (!input.len &&
		       fread(buf, 1, sizeof(buf), stdin) == sizeof(buf))
			;
		rc = 0;
		goto out;
	}
	/* the refs are the user's own (git writes them): no size limit */
	if (!input.len && strbuf_read_stream(&input, stdin, SIZE_MAX)) {
		cli_error("cannot read the refs on stdin: %s", strerror(errno));
		goto out;
	}
	if (prgate_hook_parse_updates(input.buf, input.len, &ups, &err) !=
	    PRGATE_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	entries = xcalloc(ups.n ? ups.n : 1, sizeof(*entries));
	branches = xcalloc(ups.n ? ups.n : 1, sizeof(*branches));
	skip = skip_reason();
	v = getenv("PRGATE_HOOK_UNDECIDED");
	ps.allow_undecided = v && !strcmp(v, "allow");
	ps.now = time(NULL);
	/* "would this push be let through then?" (tests, dry runs) */
	v = getenv("PRGATE_AT");
	if (v && *v && prgate_rfc3339_parse(v, &ps.now, &err) != PRGATE_OK) {
		cli_error("PRGATE_AT: %s", err.message);
		rc = 2;
		goto out;
	}
	ps.color = stderr_color();
	for (size_t i = 0; i < ups.n; i++) {
		const struct prgate_hook_update *u = &ups.v[i];
		const char *b = prgate_hook_deploy_branch(
		    &ps.policy.deploy.remotes, &ps.policy.deploy.branches,
		    ps.remote, u->remote_ref);
		struct prgate_journal_entry *e = &entries[nentries];
		int deletion = prgate_hook_sha_is_zero(u->local_sha);

		if (!b)
			continue; /* not a deploy: none of our business */
		strbuf_reset(&where);
		strbuf_addf(&where, "%s/%s", ps.remote, b);
		if (skip && !*skip) {
			cli_error("PRGATE_SKIP needs a reason: "
				  "PRGATE_SKIP=\"why\" git push ...");
			rc = 1;
			goto out;
		}
		e->time = ps.now;
		e->remote = xstrdup(ps.remote);
		e->ref = xstrdup(u->remote_ref);
		if (!prgate_hook_sha_is_zero(u->remote_sha))
			e->old_sha = xstrdup(u->remote_sha);
		if (!deletion)
			e->new_sha = xstrdup(u->local_sha);
		branches[nentries++] = b;
		if (skip) {
			fprintf(stderr,
				"prgate: push to %s not checked "
				"(PRGATE_SKIP): %s\n",
				where.buf, skip);
			e->verdict = xstrdup("skipped");
			e->reason = xstrdup(skip);
			continue;
		}
		if (deletion) {
			cli_error("deleting %s is refused: a deploy branch is "
				  "not deleted by a push (PRGATE_SKIP=\"why\" "
				  "forces it)",
				  where.buf);
			rc = 1;
			goto out;
		}
		if (rollback(&ps, u, where.buf, e))
			continue;
		if ((rc = gate(&ps, u, where.buf, e))) {
			if (rc == 1)
				rollback_hint(&ps, u, b);
			goto out;
		}
	}
	rc = 0;
	if (!nentries)
		goto out;
	if (journal_path(&ps)) {
		cli_error("cannot find the git folder for the deploy journal");
		rc = 2;
		goto out;
	}
	if (prgate_journal_append(ps.journal.buf, entries, nentries, &err) !=
	    PRGATE_OK) {
		rc = cli_fail(&err);
		blocked(ps.remote, "the deploy journal could not be written");
		goto out;
	}
	for (size_t i = 0; i < nentries; i++) {
		if (!prgate_journal_is_deploy(&entries[i]))
			continue; /* undoing a rollback is a deploy */
		if (entries[i].old_sha)
			fprintf(stderr,
				"prgate: to roll back: git push -f %s %s:%s\n",
				ps.remote, entries[i].old_sha, branches[i]);
		else
			fprintf(stderr,
				"prgate: %s/%s is a new branch: nothing to "
				"roll back to\n",
				ps.remote, branches[i]);
	}
out:
	for (size_t i = 0; i < nentries; i++)
		prgate_journal_entry_release(&entries[i]);
	free(entries);
	free(branches);
	prgate_hook_updates_release(&ups);
	prgate_policy_release(&ps.policy);
	strbuf_release(&ps.api);
	strbuf_release(&ps.login);
	strbuf_release(&ps.login_error);
	free(ps.token);
	strbuf_release(&ps.journal);
	strbuf_release(&input);
	strbuf_release(&where);
	return rc;
}

int cmd_hook(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;

	if (!sub)
		return cli_usage_error("hook", "name what to do: install, "
					       "uninstall or pre-push");
	if (!strcmp(sub, "--help") || !strcmp(sub, "-h") ||
	    !strcmp(sub, "help")) {
		fputs(hook_help, stdout);
		return 0;
	}
	if (!strcmp(sub, "install"))
		return hook_install(argc - 1, argv + 1);
	if (!strcmp(sub, "uninstall"))
		return hook_uninstall(argc - 1, argv + 1);
	if (!strcmp(sub, "pre-push"))
		return hook_pre_push(argc - 1, argv + 1);
	return cli_usage_error("hook",
			       "'%s' is not a hook subcommand "
			       "(install, uninstall or pre-push)",
			       sub);
}
