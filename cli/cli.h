/*
 * cli.h - what the command layer shares: the command table, printing
 * errors in git's style, loading the policy, colour. Only files named
 * main.c and cmd_*.c print or exit; everything else returns data.
 */
#ifndef PRGATE_CLI_H
#define PRGATE_CLI_H

#include <stdio.h>

#include "gate/github.h"
#include "linter/policy.h"
#include "linter/report.h"
#include "support/status.h"

/* COMMAND(name, "usage line", "one-line summary") */
#define PRGATE_COMMAND_LIST(_)                                                 \
	_(lint, "prgate lint [options] [FILE...|-]",                           \
	  "lint PR descriptions offline against the release template")         \
	_(check, "prgate check [options] [PR]",                                \
	  "decide GO or NO-GO for a pull request (GitHub, clock, "             \
	  "description)")                                                      \
	_(checklist, "prgate checklist [options] [FILE|-|PR]",                 \
	  "print the generated deployment checklist (Markdown)")               \
	_(hook, "prgate hook install|uninstall|pre-push",                      \
	  "the git pre-push hook: deploy only what is GO")                     \
	_(template, "prgate template [NAME] | --list",                         \
	  "print a stock PR template")                                         \
	_(init, "prgate init [--force] [--template NAME]",                     \
	  "write .prgate.json, and a PR template when there is none")          \
	_(rules, "prgate rules [ID]",                                          \
	  "list every rule, or explain one with examples")                     \
	_(policy, "prgate policy [--config FILE]",                             \
	  "check the policy and print the one in effect, value by value")

#define PRGATE_COMMAND_PROTO(name, usage, summary)                             \
	int cmd_##name(int argc, char **argv);
PRGATE_COMMAND_LIST(PRGATE_COMMAND_PROTO)
#undef PRGATE_COMMAND_PROTO

/* "prgate: error: ..." on stderr. */
void cli_error(const char *fmt, ...) PRGATE_PRINTF(1, 2);
/* Print the usage error and "see 'prgate CMD --help'"; returns 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...) PRGATE_PRINTF(2, 3);
/*
 * For getopt_long()'s '?': say which argument was wrong (an unknown
 * option, with "did you mean" when one of opts is close; a missing or
 * unwanted value) and point at --help; returns 2. main() turns getopt's
 * own messages off.
 */
struct option;
int cli_bad_option(const char *cmd, char **argv, const struct option *opts);
/* Print err's message as an error; returns its exit code. */
int cli_fail(const struct prgate_error *err);
/* Colour for stdout: a terminal, NO_COLOR unset, TERM not "dumb". */
int cli_color(void);
/* Load the policy (default + --config or discovered); prints on error. */
int cli_load_policy(struct prgate_policy *p, const char *config);
/*
 * prgate check's policy: --config's when given; in GitHub Actions
 * ($GITHUB_ACTIONS) the one found from the workspace (the workflow checks
 * out the default branch's); else, in a clone whose origin's default
 * branch is known, that branch's policy and template, as the hook reads
 * them (a checkout of a PR's branch must not judge the PR by its own
 * policy), with a note when the checkout's differs; else the one found
 * from here, with a note when origin's default branch is not known.
 */
int cli_load_check_policy(struct prgate_policy *p, const char *config);
/* Parse --format NAME; prints on error and returns -1. */
int cli_format(const char *cmd, const char *name);
/*
 * The GitHub token: $PRGATE_TOKEN, $GITHUB_TOKEN or $GH_TOKEN, else what
 * `gh auth token` says when the gh CLI is installed and logged in. NULL
 * for none (public repositories work without). malloc'd; never printed.
 */
char *cli_token(void);
/*
 * $PRGATE_TIMEOUT, the seconds one request may take (1-600), into
 * o->timeout_ms; unset or empty leaves o alone. Returns 0, or 2 after an
 * error message naming the variable for any other value. Also
 * $PRGATE_CACHE_DIR, when set and not empty, into o->cache_dir, and
 * cli_warning() as o->warn.
 */
int cli_http_timeout(struct prgate_http_opts *o);
/* Print "prgate: warning: MESSAGE" to stderr. */
void cli_warning(const char *message);
/*
 * "owner/repo" for a bare PR number: the origin remote's repository (ssh
 * or https, any host), else $GITHUB_REPOSITORY, else NULL. malloc'd.
 */
char *cli_default_repo(void);
/* The same as a reference, its host included (GitHub Enterprise); -1 if
 * there is none. */
int cli_default_repo_ref(struct prgate_github_ref *ref);
/*
 * Read a whole file, or stdin for "-", at most max bytes (more is
 * PRGATE_ERR_TOO_LARGE naming --max-size).
 */
enum prgate_status cli_read_input(const char *path, size_t max,
				  struct strbuf *out, struct prgate_error *err);
/* The default of lint's --max-size: 1 MiB. */
#define CLI_LINT_MAX_SIZE ((size_t)1 << 20)
/*
 * Parse a --max-size value: bytes, or with K/KiB or M/MiB, 1 byte to
 * PRGATE_MD_MAX_BYTES. Prints a usage error for cmd and returns -1 when
 * bad.
 */
int cli_parse_size(const char *cmd, const char *arg, size_t *out);

#endif
