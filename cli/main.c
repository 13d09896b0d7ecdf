/*
 * main.c - the prgate command: dispatch to a subcommand (the table is
 * PRGATE_COMMAND_LIST in cli.h), --help and --version, and the helpers
 * the commands share.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "gate/github.h"
#include "integrations/hook.h"
#include "linter/md.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *usage;
	const char *summary;
} commands[] = {
#define PRGATE_COMMAND_ROW(name, usage, summary)                               \
	{#name, cmd_##name, usage, summary},
    PRGATE_COMMAND_LIST(PRGATE_COMMAND_ROW)
#undef PRGATE_COMMAND_ROW
};

static void usage(FILE *fp)
{
	fprintf(fp, "usage: prgate <command> [options]\n\n"
		    "prgate tells you whether a pull request may ship (GO) or "
		    "not (NO-GO), and why.\n\ncommands:\n");
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(fp, "  %-10s %s\n", commands[i].name,
			commands[i].summary);
	fprintf(fp, "\n'prgate <command> --help' tells more about one.\n"
		    "Exit codes: 0 GO/clean, 1 NO-GO/errors, 2 usage, config "
		    "or input error, 3 could not decide.\n");
}

void cli_error(const char *fmt, ...)
{
	va_list ap;
	fputs("prgate: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fputs("prgate: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nsee 'prgate %s --help'\n", cmd);
	return 2;
}

int cli_bad_option(const char *cmd, char **argv, const struct option *opts)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "";
	const char *names[64];
	size_t n = 0, len;
	const char *eq;

	if (strncmp(arg, "--", 2)) {
		if (optopt > ' ' && optopt < 127)
			return cli_usage_error(cmd, "unknown option '-%c'",
					       optopt);
		return cli_usage_error(cmd, "unknown option '%.200s'", arg);
	}
	eq = strchr(arg, '=');
	len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
	for (const struct option *o = opts; o->name && n < ARRAY_SIZE(names);
	     o++) {
		if (strlen(o->name) == len && !strncmp(o->name, arg + 2, len)) {
			if (o->has_arg == required_argument && !eq)
				return cli_usage_error(
				    cmd, "option '--%s' needs a value",
				    o->name);
			if (o->has_arg == no_argument && eq)
				return cli_usage_error(
				    cmd, "option '--%s' takes no value",
				    o->name);
			return cli_usage_error(cmd, "bad use of '--%s'",
					       o->name);
		}
		names[n++] = o->name;
	}
	{
		char word[64];
		const char *sug;
		snprintf(word, sizeof(word), "%.*s",
			 (int)(len < sizeof(word) ? len : sizeof(word) - 1),
			 arg + 2);
		sug = prgate_suggest(word, names, n);
		if (sug)
			return cli_usage_error(
			    cmd, "unknown option '%.*s' (did you mean '--%s'?)",
			    (int)(len + 2 > 200 ? 200 : len + 2), arg, sug);
	}
	return cli_usage_error(cmd, "unknown option '%.*s'",
			       (int)(len + 2 > 200 ? 200 : len + 2), arg);
}

int cli_fail(const struct prgate_error *err)
{
	cli_error("%s", err->message);
	return prgate_status_exit_code(err->status);
}

int cli_color(void)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
	if (nc && *nc)
		return 0;
	if (term && !strcmp(term, "dumb"))
		return 0;
	return isatty(STDOUT_FILENO);
}

int cli_load_policy(struct prgate_policy *p, const char *config)
{
	struct prgate_error err;
	prgate_error_clear(&err);
	if (prgate_policy_load(p, config, &err) != PRGATE_OK)
		return cli_fail(&err);
	return 0;
}

int cli_load_check_policy(struct prgate_policy *p, const char *config)
{
	struct prgate_hook_source src;
	struct prgate_error err;
	const char *actions = getenv("GITHUB_ACTIONS");
	int rc;

	/* --config: that file, on purpose; a workflow checks out the
	 * default branch's policy itself (examples/workflows) */
	if (config || (actions && !strcmp(actions, "true")))
		return cli_load_policy(p, config);
	prgate_error_clear(&err);
	if (prgate_hook_policy_load(p, PRGATE_HOOK_POLICY_REMOTE, &src, &err) ==
	    PRGATE_OK) {
		if (prgate_hook_read_template(p, &src, &err) != PRGATE_OK) {
			prgate_policy_release(p);
			memset(p, 0, sizeof(*p));
			return cli_fail(&err);
		}
		if (prgate_hook_policy_differs(&src) == 1)
			fprintf(stderr,
				"prgate: note: judging by %s's .prgate.json, "
				"not this checkout's (--config .prgate.json to "
				"use it)\n",
				src.branch);
		return 0;
	}
	if (src.commit[0])
		return cli_fail(&err); /* the default branch's is bad */
	/* not a clone of a remote whose default branch is known */
	if ((rc = cli_load_policy(p, NULL)))
		return rc;
	if (src.no_default && p->path)
		fprintf(
		    stderr,
		    "prgate: note: judging by this checkout's .prgate.json: "
		    "%s's default branch is not known here (git remote "
		    "set-head %s --auto)\n",
		    src.remote, src.remote);
	else if (src.no_remote && p->path)
		fprintf(stderr,
			"prgate: note: judging by this checkout's "
			".prgate.json: there is no remote '%s' here to read "
			"the default branch's from\n",
			src.remote);
	return 0;
}

int cli_format(const char *cmd, const char *name)
{
	int f = prgate_format_parse(name);
	if (f < 0)
		cli_usage_error(cmd,
				"unknown format '%s' (text, json, markdown or "
				"github)",
				name);
	return f;
}

enum prgate_status cli_read_input(const char *path, size_t max,
				  struct strbuf *out, struct prgate_error *err)
{
	int rc = !strcmp(path, "-") ? strbuf_read_stream(out, stdin, max)
				    : strbuf_read_file(out, path, max);
	if (rc == 0)
		return PRGATE_OK;
	if (errno == EFBIG)
		return prgate_error_set(err, PRGATE_ERR_TOO_LARGE,
					"'%s' is over the %zu-byte limit for a "
					"description (--max-size)",
					strcmp(path, "-") ? path : "<stdin>",
					max);
	return prgate_error_set(err, PRGATE_ERR_IO, "cannot read '%s': %s",
				strcmp(path, "-") ? path : "<stdin>",
				strerror(errno));
}

int cli_parse_size(const char *cmd, const char *arg, size_t *out)
{
	char *end;
	unsigned long long v;
	unsigned long long unit = 1;

	errno = 0;
	v = strtoull(arg, &end, 10);
	if (end != arg && *end) {
		if (!strcmp(end, "K") || !strcmp(end, "KiB"))
			unit = 1024;
		else if (!strcmp(end, "M") || !strcmp(end, "MiB"))
			unit = 1024 * 1024;
		else
			end = (char *)arg;
	}
	if (end == arg || *arg == '-' || errno || v == 0 ||
	    v > PRGATE_MD_MAX_BYTES / unit) {
		cli_usage_error(cmd,
				"bad --max-size '%s' (bytes, or with K or M: "
				"1 to 16M)",
				arg);
		return -1;
	}
	*out = (size_t)(v * unit);
	return 0;
}

char *cli_token(void)
{
	static const char *const names[] = {"PRGATE_TOKEN", "GITHUB_TOKEN",
					    "GH_TOKEN"};
	struct strbuf out = STRBUF_INIT;
	FILE *fp;

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		const char *v = getenv(names[i]);
		if (v && *v)
			return xstrdup(v);
	}
	/* the gh CLI's login; a missing gh fails quietly */
	fp = popen("gh auth token 2>/dev/null", "r");
	if (!fp)
		return NULL;
	strbuf_read_stream(&out, fp, 4096);
	if (pclose(fp) != 0 || (strbuf_trim(&out), !out.len) ||
	    strpbrk(out.buf, " \t\n")) {
		strbuf_release(&out);
		return NULL;
	}
	return strbuf_detach(&out, NULL);
}

void cli_warning(const char *message)
{
	fprintf(stderr, "prgate: warning: %s\n", message);
}

int cli_http_timeout(struct prgate_http_opts *o)
{
	const char *v = getenv("PRGATE_TIMEOUT");
	const char *cache = getenv("PRGATE_CACHE_DIR");
	char *end;
	long s;

	if (cache && *cache)
		o->cache_dir = cache;
	o->warn = cli_warning;
	if (!v || !*v)
		return 0;
	errno = 0;
	s = strtol(v, &end, 10);
	if (errno || *end || end == v || *v == '+' || *v == '-' || s < 1 ||
	    s > 600) {
		cli_error("PRGATE_TIMEOUT must be a whole number of seconds "
			  "from 1 to 600, not '%s'",
			  v);
		return 2;
	}
	o->timeout_ms = s * 1000;
	return 0;
}

int cli_default_repo_ref(struct prgate_github_ref *ref)
{
	struct prgate_error err;
	struct strbuf url = STRBUF_INIT;
	const char *env = getenv("GITHUB_REPOSITORY");
	FILE *fp = popen("git remote get-url origin 2>/dev/null", "r");
	int found = 0;

	if (fp) {
		strbuf_read_stream(&url, fp, 4096);
		if (pclose(fp) == 0) {
			strbuf_trim(&url);
			found = prgate_github_parse_remote(url.buf, ref,
							   &err) == PRGATE_OK;
		}
	}
	if (!found && env && *env) {
		/* "owner/repo": a reference without a number is not one */
		strbuf_reset(&url);
		strbuf_addf(&url, "%s#1", env);
		found = !strchr(env, '#') &&
			prgate_github_parse_ref(url.buf, NULL, ref, &err) ==
			    PRGATE_OK;
		ref->number = 0;
	}
	strbuf_release(&url);
	return found ? 0 : -1;
}

char *cli_default_repo(void)
{
	struct prgate_github_ref ref;
	struct strbuf r = STRBUF_INIT;
	if (cli_default_repo_ref(&ref))
		return NULL;
	strbuf_addf(&r, "%s/%s", ref.owner, ref.repo);
	return strbuf_detach(&r, NULL);
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;
	const char *names[ARRAY_SIZE(commands)];
	const char *sug;

	opterr = 0; /* the commands say what was wrong (cli_bad_option()) */
	if (!cmd) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") ||
	    !strcmp(cmd, "help")) {
		if (argc > 2 && strcmp(cmd, "help") == 0) {
			char *sub[] = {argv[2], (char *)"--help", NULL};
			for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
				if (!strcmp(commands[i].name, argv[2]))
					return commands[i].fn(2, sub);
		}
		usage(stdout);
		return 0;
	}
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
		printf("prgate %s\n", PRGATE_VERSION);
		return 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(commands[i].name, cmd))
			return commands[i].fn(argc - 1, argv + 1);
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		names[i] = commands[i].name;
	sug = prgate_suggest(cmd, names, ARRAY_SIZE(commands));
	if (sug) {
		cli_error("'%.200s' is not a prgate command (did you mean "
			  "'%s'?)",
			  cmd, sug);
		return 2;
	}
	cli_error("'%.200s' is not a prgate command", cmd);
	usage(stderr);
	return 2;
}
