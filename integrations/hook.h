/*
 * hook.h - the parts of the pre-push hook that are not the command: the
 * lines git writes to a pre-push hook's stdin, which of them push to a
 * deploy target, the policy a push is judged by (the default branch's,
 * read with git), the text of the hook script `prgate hook install`
 * writes, and the pull request a pushed commit belongs to (asked of
 * GitHub through the client of github.h).
 *
 * Ownership: struct prgate_hook_updates owns its strings; release it with
 * prgate_hook_updates_release(). The policy loaded by
 * prgate_hook_policy_load() is the caller's to release. The other
 * functions borrow their arguments and write into the caller's strbuf.
 */
#ifndef PRGATE_HOOK_H
#define PRGATE_HOOK_H

#include <stddef.h>

#include "gate/github.h"
#include "linter/policy.h"
#include "support/status.h"
#include "support/strbuf.h"
#include "support/util.h"

/* The line that marks a hook script as prgate's own (install, uninstall). */
#define PRGATE_HOOK_MARKER                                                     \
	"# prgate pre-push hook: 'prgate hook uninstall' restores what was "   \
	"here"
/* The name an existing pre-push hook is kept under, next to prgate's. */
#define PRGATE_HOOK_CHAINED "pre-push.prgate-chained"

/*
 * One line of a pre-push hook's stdin:
 *   <local ref> SP <local sha> SP <remote ref> SP <remote sha> LF
 * A deletion has the local ref "(delete)" and a local sha of zeros; a
 * new remote branch has a remote sha of zeros.
 */
struct prgate_hook_update {
	char *local_ref;
	char *local_sha;
	char *remote_ref;
	char *remote_sha;
};

struct prgate_hook_updates {
	struct prgate_hook_update *v;
	size_t n, alloc;
};

/*
 * Parse git's pre-push input text[0, len) into out (appending). Empty
 * lines are skipped. A line that is not four fields, or whose shas are
 * not 40 or 64 hex digits, is PRGATE_ERR_INPUT naming the line.
 */
enum prgate_status prgate_hook_parse_updates(const char *text, size_t len,
					     struct prgate_hook_updates *out,
					     struct prgate_error *err);
void prgate_hook_updates_release(struct prgate_hook_updates *u);

/* 1 when sha is all zeros (a deletion's local sha, a new branch's old). */
int prgate_hook_sha_is_zero(const char *sha);

/*
 * When a push of remote_ref to the remote named remote is a deploy (the
 * remote is one of remotes and remote_ref is refs/heads/B with B one of
 * branches), the branch name B (pointing into remote_ref); else NULL.
 */
const char *prgate_hook_deploy_branch(const struct prgate_strlist *remotes,
				      const struct prgate_strlist *branches,
				      const char *remote,
				      const char *remote_ref);

/*
 * A git remote URL in one spelling, so that two spellings of the same
 * repository compare equal (out is reset first): "file://" dropped and a
 * local path made absolute (symbolic links resolved when it exists);
 * scp-like "user@host:path" as "ssh://user@host/path"; the host in lower
 * case, ssh's default port 22 dropped; trailing "/" and one ".git" at the
 * end dropped.
 */
void prgate_hook_url_normalize(const char *url, struct strbuf *out);

/*
 * The pre-push hook script: POSIX sh, marked with PRGATE_HOOK_MARKER. It
 * runs PRGATE_HOOK_CHAINED (when executable) first with the same
 * arguments and stdin and fails when it fails, then execs
 * `PRGATE hook pre-push "$@"`, PRGATE being prgate_path when it is
 * executable, else `prgate` from PATH.
 */
void prgate_hook_script(struct strbuf *out, const char *prgate_path);
/* 1 when text holds PRGATE_HOOK_MARKER as a whole line. */
int prgate_hook_is_ours(const char *text, size_t len);

/*
 * The policy a push is judged by. The working tree is whatever branch is
 * checked out - a pull request's own, whose author may have loosened its
 * .prgate.json - so the hook reads the policy, and every file the policy
 * names (the template), from the default branch of a remote as this
 * clone last fetched it: refs/remotes/REMOTE/HEAD (set by `git clone`
 * and `git remote set-head`; `git remote add` does not set it). Nothing
 * is asked of the network.
 */
struct prgate_hook_source {
	char remote[128]; /* "origin" */
	char branch[256]; /* "origin/main": names the source in messages */
	char commit[65];  /* the default branch's commit, read once */
	char blob[65];	  /* its .prgate.json's blob, "" when it has none */
	/* set when the load failed for want of the default branch while the
	 * remote exists (origin/HEAD not set, or gone) */
	int no_default;
	int no_remote; /* ...because there is no such remote (or no git) */
};

/* The remote whose default branch's policy judges: the hook's pushes
 * and `prgate check` outside Actions. */
#define PRGATE_HOOK_POLICY_REMOTE "origin"

/*
 * Load p from remote's default branch: the built-in default, then the
 * .prgate.json at the top of that commit's tree, named
 * "origin/main:.prgate.json" in messages (none there: the built-in
 * policy alone). src says where it came from. PRGATE_ERR_CONFIG (p left
 * released) when there is no such remote, its default branch is not
 * known or is gone (the message says how to fix it), git cannot read the
 * file, or the policy is bad. The template the policy names is not read
 * here: prgate_hook_read_template() does that.
 */
enum prgate_status prgate_hook_policy_load(struct prgate_policy *p,
					   const char *remote,
					   struct prgate_hook_source *src,
					   struct prgate_error *err);

/*
 * Read the template p names, when it names one, from src's commit into
 * p->template_text; p->template_path becomes "origin/main:PATH".
 * PRGATE_ERR_CONFIG when the path leaves the repository (absolute, or
 * ".." above its top) or is not a file there.
 */
enum prgate_status
prgate_hook_read_template(struct prgate_policy *p,
			  const struct prgate_hook_source *src,
			  struct prgate_error *err);

/*
 * Whether the working tree's .prgate.json (at the top of the working
 * tree; none counts) is not the one src's policy came from: 1 it
 * differs, 0 the same, -1 git could not tell.
 */
int prgate_hook_policy_differs(const struct prgate_hook_source *src);

/* What GitHub's list of a commit's pull requests says the commit is. */
enum prgate_hook_pick_kind {
	PRGATE_HOOK_NO_PR,     /* in no pull request at all */
	PRGATE_HOOK_DEPLOY,    /* what number would deploy: decide it */
	PRGATE_HOOK_OLDER,     /* an older commit of number, not its tip */
	PRGATE_HOOK_PREMERGE,  /* the head of number, merged as merge_sha */
	PRGATE_HOOK_ELSEWHERE, /* only in PRs into other branches (number,
				  into base) */
};

struct prgate_hook_pick {
	enum prgate_hook_pick_kind kind;
	long number;
	char merge_sha[65]; /* PREMERGE: the merge commit to deploy */
	char base[256];	    /* ELSEWHERE: the other PR's base branch */
};

/*
 * Pick the pull request a pushed commit sha deploys from GitHub's reply
 * to GET /repos/o/r/commits/SHA/pulls (an array of pull requests). Only
 * PRs into one of branches (the policy's deploy.branches) count: first a
 * merged one whose merge commit is sha; else one whose head is sha, open
 * before closed (a PR closed without merging is still picked, so that
 * the gate says NO-GO for it). The head of a merged PR is not its
 * deploy (PREMERGE: its merge commit is); another commit of a PR into a
 * deploy branch is OLDER. endpoint names the reply in error messages
 * (PRGATE_ERR_API).
 */
enum prgate_status
prgate_hook_decode_pulls(const char *endpoint, const char *text, size_t len,
			 const char *sha, const struct prgate_strlist *branches,
			 struct prgate_hook_pick *pick,
			 struct prgate_error *err);

/*
 * Ask GitHub which pull request of repo the pushed commit sha deploys,
 * with gh's client (made on first use, so a later prgate_github_fetch()
 * reuses its connection), as prgate_hook_decode_pulls() picks it. The
 * kind is NO_PR when GitHub does not know the commit (422). Errors mean
 * "could not decide" (PRGATE_ERR_NETWORK, PRGATE_ERR_API,
 * PRGATE_ERR_UNDECIDED) except PRGATE_ERR_USAGE for a bad API URL.
 */
enum prgate_status prgate_hook_find_pr(struct prgate_github *gh,
				       const struct prgate_github_ref *repo,
				       const char *sha,
				       const struct prgate_strlist *branches,
				       struct prgate_hook_pick *pick,
				       struct prgate_error *err);

/*
 * Why pick is no deploy of sha (the hook and `prgate check --commit`
 * say the same): 0 for PRGATE_HOOK_DEPLOY, else 1 with why set to the
 * sentence to print ("commit 83d13c0 is not in any pull request: deploy
 * only what was reviewed") and *blocked to the short reason ("no pull
 * request"; static).
 */
int prgate_hook_pick_refused(const struct prgate_hook_pick *pick,
			     const char *sha,
			     const struct prgate_github_ref *repo,
			     const struct prgate_strlist *branches,
			     struct strbuf *why, const char **blocked);

#endif
