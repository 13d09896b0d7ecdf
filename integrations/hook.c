/*
 * hook.c - the pre-push hook's parts: git's pre-push input, deploy
 * targets, the hook script and a commit's pull request (see hook.h).
 */
#include "integrations/hook.h"
#include "support/visible.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include "linter/md.h"
#include "linter/schema.h"
#include "support/json.h"

/* ---- git's pre-push input ---- */

static int is_hex_sha(const char *s, size_t n)
{
	if (n != 40 && n != 64)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

int prgate_hook_sha_is_zero(const char *sha)
{
	if (!*sha)
		return 0;
	for (; *sha; sha++)
		if (*sha != '0')
			return 0;
	return 1;
}

/* Split line[0, len) at single spaces into at most max fields. */
static size_t split_fields(const char *line, size_t len, const char **f,
			   size_t *flen, size_t max)
{
	size_t n = 0, start = 0;

	for (size_t i = 0; i <= len; i++) {
		if (i < len && line[i] != ' ')
			continue;
		if (n == max)
			return max + 1;
		f[n] = line + start;
		flen[n++] = i - start;
		start = i + 1;
	}
	return n;
}

enum prgate_status prgate_hook_parse_updates(const char *text, size_t len,
					     struct prgate_hook_updates *out,
					     struct prgate_error *err)
{
	size_t pos = 0, lineno = 0;

	while (pos < len) {
		const char *line = text + pos, *nl;
		const char *f[4];
		size_t flen[4], n, ll;
		struct prgate_hook_update *u;

		nl = memchr(line, '\n', len - pos);
		ll = nl ? (size_t)(nl - line) : len - pos;
		pos += ll + (nl ? 1 : 0);
		lineno++;
		if (ll && line[ll - 1] == '\r')
			ll--;
		if (!ll)
			continue;
		n = split_fields(line, ll, f, flen, 4);
		if (n != 4 || !flen[0] || !flen[2] || memchr(line, '\0', ll) ||
		    !is_hex_sha(f[1], flen[1]) || !is_hex_sha(f[3], flen[3]))
			return prgate_error_set(
			    err, PRGATE_ERR_INPUT,
			    "line %zu of the pre-push input is not '<local "
			    "ref> <local sha> <remote ref> <remote sha>'",
			    lineno);
		out->v =
		    xgrow(out->v, sizeof(*out->v), out->n + 1, &out->alloc);
		u = &out->v[out->n++];
		u->local_ref = xstrndup(f[0], flen[0]);
		u->local_sha = xstrndup(f[1], flen[1]);
		u->remote_ref = xstrndup(f[2], flen[2]);
		u->remote_sha = xstrndup(f[3], flen[3]);
	}
	return PRGATE_OK;
}

void prgate_hook_updates_release(struct prgate_hook_updates *u)
{
	for (size_t i = 0; i < u->n; i++) {
		free(u->v[i].local_ref);
		free(u->v[i].local_sha);
		free(u->v[i].remote_ref);
		free(u->v[i].remote_sha);
	}
	free(u->v);
	memset(u, 0, sizeof(*u));
}

const char *prgate_hook_deploy_branch(const struct prgate_strlist *remotes,
				      const struct prgate_strlist *branches,
				      const char *remote,
				      const char *remote_ref)
{
	static const char heads[] = "refs/heads/";

	if (!prgate_strlist_has(remotes, remote))
		return NULL;
	if (strncmp(remote_ref, heads, sizeof(heads) - 1))
		return NULL;
	remote_ref += sizeof(heads) - 1;
	return prgate_strlist_has(branches, remote_ref) ? remote_ref : NULL;
}

/* ---- remote URLs ---- */

/* Drop trailing '/', then one ".git", then trailing '/' again. */
static void trim_repo_suffix(struct strbuf *sb, size_t min)
{
	while (sb->len > min + 1 && sb->buf[sb->len - 1] == '/')
		strbuf_setlen(sb, sb->len - 1);
	if (sb->len >= min + 4 && !strcmp(sb->buf + sb->len - 4, ".git"))
		strbuf_setlen(sb, sb->len - 4);
	while (sb->len > min + 1 && sb->buf[sb->len - 1] == '/')
		strbuf_setlen(sb, sb->len - 1);
}

/* scheme://[user@]host[:port]/path, host lower-cased, ssh's :22 dropped */
static void url_with_host(const char *scheme, const char *rest,
			  struct strbuf *out)
{
	const char *slash = strchr(rest, '/');
	size_t hlen = slash ? (size_t)(slash - rest) : strlen(rest);
	const char *at = memchr(rest, '@', hlen);
	size_t start;

	strbuf_addf(out, "%s://", scheme);
	if (at) {
		strbuf_add(out, rest, (size_t)(at + 1 - rest));
		hlen -= (size_t)(at + 1 - rest);
		rest = at + 1;
	}
	start = out->len;
	for (size_t i = 0; i < hlen; i++)
		strbuf_addch(out, (char)tolower((unsigned char)rest[i]));
	if (!strcmp(scheme, "ssh") && out->len - start > 3 &&
	    !strcmp(out->buf + out->len - 3, ":22"))
		strbuf_setlen(out, out->len - 3);
	start = out->len;
	strbuf_addstr(out, slash ? slash : "/");
	trim_repo_suffix(out, start);
}

void prgate_hook_url_normalize(const char *url, struct strbuf *out)
{
	const char *scheme_end = strstr(url, "://");
	const char *colon = strchr(url, ':');
	const char *slash = strchr(url, '/');

	strbuf_reset(out);
	if (!strncmp(url, "file://", 7)) {
		url += 7;
	} else if (scheme_end && scheme_end == colon) {
		struct strbuf scheme = STRBUF_INIT;
		for (const char *p = url; p < scheme_end; p++)
			strbuf_addch(&scheme, (char)tolower((unsigned char)*p));
		if (!strcmp(scheme.buf, "git+ssh") ||
		    !strcmp(scheme.buf, "ssh+git"))
			strbuf_reset(&scheme), strbuf_addstr(&scheme, "ssh");
		url_with_host(scheme.buf, scheme_end + 3, out);
		strbuf_release(&scheme);
		return;
	} else if (colon && (!slash || colon < slash)) {
		/* scp-like: [user@]host:path (git's rule: a ':' before any
		 * '/'); a relative path means one under the user's home */
		struct strbuf rest = STRBUF_INIT;
		strbuf_add(&rest, url, (size_t)(colon - url));
		strbuf_addch(&rest, '/');
		strbuf_addstr(&rest, colon + 1 + (colon[1] == '/'));
		url_with_host("ssh", rest.buf, out);
		strbuf_release(&rest);
		return;
	}
	/* a local path */
	{
		char *real = realpath(url, NULL);
		struct strbuf path = STRBUF_INIT;
		if (real) {
			strbuf_addstr(&path, real);
			free(real);
		} else {
			char cwd[4096];
			if (*url != '/' && getcwd(cwd, sizeof(cwd)))
				strbuf_addf(&path, "%s/", cwd);
			strbuf_addstr(&path, url);
		}
		/* realpath of "x.git/" and "x.git" are the same folder */
		trim_repo_suffix(&path, 0);
		strbuf_addstr(out, "file://");
		strbuf_add(out, path.buf, path.len);
		strbuf_release(&path);
	}
}

/* ---- the hook script ---- */

void prgate_hook_script(struct strbuf *out, const char *prgate_path)
{
	strbuf_addstr(out, "#!/bin/sh\n" PRGATE_HOOK_MARKER "\n");
	strbuf_addstr(
	    out,
	    "# Written by 'prgate hook install'. A push to a deploy target\n"
	    "# (the policy's deploy.remotes and deploy.branches) goes through\n"
	    "# only when prgate says GO; see 'prgate hook pre-push --help'.\n"
	    "# The pre-push hook that was here before, if any, is kept as\n"
	    "# " PRGATE_HOOK_CHAINED " and runs first.\n"
	    "prgate=");
	prgate_shell_quote_always(out, prgate_path);
	strbuf_addstr(out,
		      "\n"
		      "[ -x \"$prgate\" ] || prgate=prgate\n"
		      "chained=\"$(dirname \"$0\")/" PRGATE_HOOK_CHAINED "\"\n"
		      "if [ -x \"$chained\" ]; then\n"
		      "\tinput=$(cat)\n"
		      "\treplay() {\n"
		      "\t\t[ -z \"$input\" ] || printf '%s\\n' \"$input\"\n"
		      "\t}\n"
		      "\treplay | \"$chained\" \"$@\" || exit\n"
		      "\treplay | \"$prgate\" hook pre-push \"$@\"\n"
		      "\texit\n"
		      "fi\n"
		      "exec \"$prgate\" hook pre-push \"$@\"\n");
}

int prgate_hook_is_ours(const char *text, size_t len)
{
	static const char marker[] = PRGATE_HOOK_MARKER;
	size_t mlen = sizeof(marker) - 1;

	for (size_t pos = 0; pos < len;) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t ll = nl ? (size_t)(nl - (text + pos)) : len - pos;
		if (ll == mlen && !memcmp(text + pos, marker, mlen))
			return 1;
		pos += ll + 1;
	}
	return 0;
}

/* ---- the pull request of a commit ---- */

/* The string at obj.key.sub (sub NULL: obj.key), or NULL. */
static const char *str_at(const struct prgate_json *obj, const char *key,
			  const char *sub)
{
	const struct prgate_json *v = prgate_json_get(obj, key);
	if (v && sub)
		v = prgate_json_get(v, sub);
	return v ? prgate_json_string(v) : NULL;
}

enum prgate_status
prgate_hook_decode_pulls(const char *endpoint, const char *text, size_t len,
			 const char *sha, const struct prgate_strlist *branches,
			 struct prgate_hook_pick *pick,
			 struct prgate_error *err)
{
	struct prgate_json_doc *doc = NULL;
	const struct prgate_json *root, *pr;
	/* the best of each kind, in the order of preference */
	long merged = 0, open_head = 0, closed_head = 0, premerge = 0,
	     older = 0, elsewhere = 0;
	const char *premerge_sha = NULL, *elsewhere_base = NULL;
	size_t i = 0;

	memset(pick, 0, sizeof(*pick));
	if (prgate_github_parse_reply(endpoint, text, len, &doc, err) !=
	    PRGATE_OK)
		return PRGATE_ERR_API;
	root = prgate_json_root(doc);
	if (!prgate_json_is(root, PRGATE_JSON_ARRAY)) {
		prgate_json_free(doc);
		return prgate_error_set(err, PRGATE_ERR_API,
					"unexpected reply from %s: not an "
					"array of pull requests",
					endpoint);
	}
	for (pr = prgate_json_child(root); pr; pr = prgate_json_next(pr), i++) {
		const struct prgate_json *num = prgate_json_get(pr, "number");
		const char *mc = str_at(pr, "merge_commit_sha", NULL);
		const char *merged_at = str_at(pr, "merged_at", NULL);
		const char *state = str_at(pr, "state", NULL);
		const char *head = str_at(pr, "head", "sha");
		const char *base = str_at(pr, "base", "ref");
		int is_head = head && !strcasecmp(head, sha);
		long long n;

		if (!prgate_json_int(num, 1, 2147483647, &n)) {
			prgate_json_free(doc);
			return prgate_error_set(err, PRGATE_ERR_API,
						"unexpected reply from %s: "
						"\"[%zu].number\" is missing",
						endpoint, i);
		}
		if (!base || !prgate_strlist_has(branches, base)) {
			/* a scratch branch that shares the commit */
			if (!elsewhere) {
				elsewhere = (long)n;
				elsewhere_base = base ? base : "";
			}
			continue;
		}
		if (merged_at && mc && !strcasecmp(mc, sha)) {
			if (!merged)
				merged = (long)n;
		} else if (merged_at && is_head) {
			if (!premerge) {
				premerge = (long)n;
				premerge_sha = mc;
			}
		} else if (is_head && state && !strcmp(state, "open")) {
			if (!open_head)
				open_head = (long)n;
		} else if (is_head && !merged_at) {
			if (!closed_head)
				closed_head = (long)n;
		} else if (!older) {
			older = (long)n;
		}
	}
	if (merged || open_head || closed_head) {
		pick->kind = PRGATE_HOOK_DEPLOY;
		pick->number = merged	   ? merged
			       : open_head ? open_head
					   : closed_head;
	} else if (premerge) {
		pick->kind = PRGATE_HOOK_PREMERGE;
		pick->number = premerge;
		snprintf(pick->merge_sha, sizeof(pick->merge_sha), "%s",
			 premerge_sha ? premerge_sha : "");
	} else if (older) {
		pick->kind = PRGATE_HOOK_OLDER;
		pick->number = older;
	} else if (elsewhere) {
		pick->kind = PRGATE_HOOK_ELSEWHERE;
		pick->number = elsewhere;
		snprintf(pick->base, sizeof(pick->base), "%s", elsewhere_base);
	}
	prgate_json_free(doc);
	return PRGATE_OK;
}

enum prgate_status prgate_hook_find_pr(struct prgate_github *gh,
				       const struct prgate_github_ref *repo,
				       const char *sha,
				       const struct prgate_strlist *branches,
				       struct prgate_hook_pick *pick,
				       struct prgate_error *err)
{
	struct prgate_http *h;
	struct prgate_http_req req;
	struct strbuf url = STRBUF_INIT, ep = STRBUF_INIT, msg = STRBUF_INIT;
	enum prgate_status st;

	memset(pick, 0, sizeof(*pick));
	if ((st = prgate_github_client(gh, &h, err)) != PRGATE_OK)
		return st;
	strbuf_addf(&url, "%s/repos/%s/%s/commits/%s/pulls?per_page=100",
		    prgate_http_base(h), repo->owner, repo->repo, sha);
	st = prgate_http_send(h, NULL, url.buf, NULL, &req, err);
	if (st != PRGATE_OK)
		goto out;
	prgate_http_describe(h, "GET", url.buf, &ep);
	prgate_github_error_message(&req, &msg);
	if (req.code >= 200 && req.code < 300)
		st = prgate_hook_decode_pulls(ep.buf, req.reply.buf,
					      req.reply.len, sha, branches,
					      pick, err);
	else if (req.code == 422 || req.code == 409)
		st = PRGATE_OK; /* a commit GitHub does not have; empty repo */
	else if (req.code >= 300 && req.code < 400)
		st = prgate_github_redirect_error(ep.buf, &req, err);
	else if (req.code == 401)
		st = prgate_error_set(
		    err, PRGATE_ERR_API,
		    "GitHub refused the token (401 %s): check PRGATE_TOKEN",
		    msg.len ? msg.buf : "Unauthorized");
	else if (req.code == 404)
		st = prgate_error_set(err, PRGATE_ERR_API,
				      "GitHub has no repository %s/%s (404 "
				      "from %s): check the origin remote, "
				      "or set PRGATE_TOKEN for a private one",
				      repo->owner, repo->repo, ep.buf);
	else
		st = prgate_error_set(err, PRGATE_ERR_API,
				      "%s answered %ld %s%s%s", ep.buf,
				      req.code, prgate_http_reason(req.code),
				      msg.len ? ": " : "", msg.buf);
out:
	prgate_http_req_release(&req);
	strbuf_release(&url);
	strbuf_release(&ep);
	strbuf_release(&msg);
	return st;
}

int prgate_hook_pick_refused(const struct prgate_hook_pick *pick,
			     const char *sha,
			     const struct prgate_github_ref *repo,
			     const struct prgate_strlist *branches,
			     struct strbuf *why, const char **blocked)
{
	switch (pick->kind) {
	case PRGATE_HOOK_DEPLOY:
		return 0;
	case PRGATE_HOOK_NO_PR:
		strbuf_addf(why,
			    "commit %.7s is not in any pull request: deploy "
			    "only what was reviewed",
			    sha);
		*blocked = "no pull request";
		return 1;
	case PRGATE_HOOK_ELSEWHERE:
		/* a PR into a scratch branch proves nothing about a deploy */
		strbuf_addf(why, "commit %.7s is in no pull request into ",
			    sha);
		for (size_t i = 0; i < branches->n; i++)
			strbuf_addf(why, "%s%s",
				    !i			   ? ""
				    : i + 1 == branches->n ? " or "
							   : ", ",
				    branches->v[i]);
		strbuf_addf(why,
			    " (only in %s/%s#%ld into %s): deploy only what "
			    "was reviewed",
			    repo->owner, repo->repo, pick->number, pick->base);
		*blocked = "no pull request";
		return 1;
	case PRGATE_HOOK_OLDER:
		/* the gate judges the PR as it is now: an older commit of it
		 * is not what was reviewed and tested */
		strbuf_addf(why,
			    "commit %.7s is in %s/%s#%ld but is neither its "
			    "head nor its merge commit: deploy what was "
			    "reviewed",
			    sha, repo->owner, repo->repo, pick->number);
		*blocked = "not the pull request's head";
		return 1;
	case PRGATE_HOOK_PREMERGE:
		/* what shipped on the base is the merge, not this commit */
		strbuf_addf(why,
			    "commit %.7s is the head of %s/%s#%ld, which was "
			    "merged as %.7s: deploy the merge commit",
			    sha, repo->owner, repo->repo, pick->number,
			    pick->merge_sha);
		*blocked = "not the pull request's merge commit";
		return 1;
	}
	strbuf_addf(why, "commit %.7s: no pull request to deploy", sha);
	*blocked = "no pull request";
	return 1;
}

/* ---- the policy a push is judged by: the default branch's ---- */

#define POLICY_NAME ".prgate.json"
#define POLICY_CAP ((size_t)1 << 20)

/*
 * Run git with argv (argv[0] is "git"; no shell), input (when not NULL)
 * on its stdin, its stdout into out, its stderr dropped: 0 when git
 * exited 0, -2 when it wrote more than max bytes, else -1.
 */
static int git_run(const char *const *argv, const char *input, size_t max,
		   struct strbuf *out)
{
	int in[2] = {-1, -1}, from[2] = {-1, -1}, rc = -1, status = 0, big = 0;
	posix_spawn_file_actions_t fa;
	struct sigaction ign, old;
	FILE *fp;
	pid_t pid, w;

	strbuf_reset(out);
	if ((input && pipe2(in, O_CLOEXEC)) || pipe2(from, O_CLOEXEC))
		goto fail;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, from[1], 1);
	if (input)
		posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	else
		posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY,
						 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	rc = posix_spawnp(&pid, "git", &fa, NULL, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(from[1]);
	from[1] = -1;
	if (rc) {
		rc = -1;
		goto fail;
	}
	if (input) {
		/* git may be gone already: no SIGPIPE for that */
		memset(&ign, 0, sizeof(ign));
		ign.sa_handler = SIG_IGN;
		sigaction(SIGPIPE, &ign, &old);
		close(in[0]);
		in[0] = -1;
		if (write(in[1], input, strlen(input)) < 0)
			rc = -1;
		close(in[1]);
		in[1] = -1;
		sigaction(SIGPIPE, &old, NULL);
	}
	fp = fdopen(from[0], "r");
	if (fp) {
		from[0] = -1;
		if (strbuf_read_stream(out, fp, max)) {
			big = errno == EFBIG;
			rc = -1;
		}
		fclose(fp);
	} else {
		rc = -1;
	}
	while ((w = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
		;
	if (w < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
		rc = -1;
fail:
	for (int k = 0; k < 2; k++) {
		if (in[k] >= 0)
			close(in[k]);
		if (from[k] >= 0)
			close(from[k]);
	}
	return big ? -2 : rc ? -1 : 0;
}

/* One line of git's output (trimmed) into out; -1 when git fails. */
static int git_line(const char *const *argv, struct strbuf *out)
{
	if (git_run(argv, NULL, 4096, out))
		return -1;
	strbuf_trim(out);
	return out->len && !strchr(out->buf, '\n') ? 0 : -1;
}

/*
 * The file at path (from the top of the tree, no "./" or "../") in
 * commit into out, at most max bytes, and its blob's sha into blob (when
 * not NULL): 0 read, 1 not there, 2 there but no file (a folder), 3 over
 * max bytes, -1 git failed. One `git cat-file
 * --batch`; a symbolic link is read as the file it is (its target's
 * name), not followed.
 */
static int tree_file(const char *commit, const char *path, size_t max,
		     struct strbuf *out, char blob[65])
{
	static const char *const argv[] = {"git", "cat-file", "--batch", NULL};
	struct strbuf name = STRBUF_INIT, got = STRBUF_INIT;
	char type[16], sha[65];
	size_t size;
	const char *nl;
	int rc, n;

	strbuf_reset(out);
	if (strchr(path, '\n'))
		return 1;
	strbuf_addf(&name, "%s:%s\n", commit, path);
	/* "<sha> <type> <size>\n<bytes>\n", or "<name> missing\n" */
	rc = git_run(argv, name.buf, max + 256, &got);
	if (rc == -2) {
		rc = 3;
		goto out;
	}
	nl = rc ? NULL : memchr(got.buf, '\n', got.len);
	rc = -1;
	if (!nl)
		goto out;
	if (nl - got.buf >= 8 && !memcmp(nl - 8, " missing", 8)) {
		rc = 1;
		goto out;
	}
	if (sscanf(got.buf, "%64s %15s %zu%n", sha, type, &size, &n) != 3 ||
	    got.buf + n != nl)
		goto out;
	if (strcmp(type, "blob")) {
		rc = 2;
		goto out;
	}
	if (size > max) {
		rc = 3;
		goto out;
	}
	if ((size_t)(got.buf + got.len - (nl + 1)) < size)
		goto out;
	strbuf_add(out, nl + 1, size);
	if (blob)
		memcpy(blob, sha, sizeof(sha));
	rc = 0;
out:
	strbuf_release(&name);
	strbuf_release(&got);
	return rc;
}

/* Find remote's default branch into src (commit and name). */
static enum prgate_status find_default_branch(const char *remote,
					      struct prgate_hook_source *src,
					      struct prgate_error *err)
{
	struct strbuf head = STRBUF_INIT, rev = STRBUF_INIT, out = STRBUF_INIT;
	enum prgate_status st = PRGATE_OK;
	const char *nl, *target;

	memset(src, 0, sizeof(*src));
	snprintf(src->remote, sizeof(src->remote), "%s", remote);
	strbuf_addf(&head, "refs/remotes/%s/HEAD", remote);
	strbuf_addf(&rev, "%s^{commit}", head.buf);
	{
		/* the commit, then the branch it is: one git */
		const char *argv[] = {"git",	"rev-parse",
				      rev.buf,	"--symbolic-full-name",
				      head.buf, NULL};
		if (!git_run(argv, NULL, 4096, &out) &&
		    (strbuf_trim(&out), nl = strchr(out.buf, '\n')) &&
		    (nl - out.buf == 40 || nl - out.buf == 64) &&
		    !strchr(nl + 1, '\n')) {
			memcpy(src->commit, out.buf, (size_t)(nl - out.buf));
			target = nl + 1;
			/* refs/remotes/origin/main, shown as origin/main */
			snprintf(src->branch, sizeof(src->branch), "%s",
				 !strncmp(target, "refs/remotes/", 13)
				     ? target + 13
				     : target);
			goto out;
		}
	}
	/* what is wrong: a branch that is gone, none known, no remote */
	{
		const char *argv[] = {"git", "symbolic-ref", "-q", head.buf,
				      NULL};
		if (!git_line(argv, &out)) {
			src->no_default = 1;
			st = prgate_error_set(
			    err, PRGATE_ERR_CONFIG,
			    "%s's default branch %s (%s) does not exist; run "
			    "'git remote set-head %s --auto'",
			    remote, out.buf, head.buf, remote);
			goto out;
		}
	}
	{
		const char *argv[] = {"git", "remote", "get-url",
				      "--",  remote,   NULL};
		if (git_line(argv, &out) && (src->no_remote = 1))
			st = prgate_error_set(
			    err, PRGATE_ERR_CONFIG,
			    "cannot tell %s's default branch, whose %s the "
			    "hook "
			    "judges a push by: there is no remote '%s'",
			    remote, POLICY_NAME, remote);
		else {
			src->no_default = 1;
			st = prgate_error_set(
			    err, PRGATE_ERR_CONFIG,
			    "cannot tell %s's default branch, whose %s the "
			    "hook "
			    "judges a push by: %s is not set (git remote add "
			    "does not set it); run 'git remote set-head %s "
			    "--auto'",
			    remote, POLICY_NAME, head.buf, remote);
		}
	}
out:
	strbuf_release(&head);
	strbuf_release(&rev);
	strbuf_release(&out);
	return st;
}

enum prgate_status prgate_hook_policy_load(struct prgate_policy *p,
					   const char *remote,
					   struct prgate_hook_source *src,
					   struct prgate_error *err)
{
	struct strbuf text = STRBUF_INIT, name = STRBUF_INIT;
	enum prgate_status st;
	int rc;

	memset(p, 0, sizeof(*p));
	if ((st = find_default_branch(remote, src, err)))
		return st;
	if ((st = prgate_policy_init_default(p, err)))
		return st;
	strbuf_addf(&name, "%s:%s", src->branch, POLICY_NAME);
	rc = tree_file(src->commit, POLICY_NAME, POLICY_CAP, &text, src->blob);
	if (rc == 1)
		goto out; /* none there: the built-in policy */
	if (rc == 2 || rc == 3)
		st = prgate_error_set(
		    err, PRGATE_ERR_CONFIG, "cannot read config '%s': %s",
		    name.buf, rc == 3 ? "larger than 1 MiB" : "not a file");
	else if (rc)
		st = prgate_error_set(err, PRGATE_ERR_CONFIG,
				      "cannot read config '%s' with git",
				      name.buf);
	else
		st = prgate_policy_apply(p, name.buf, ".", text.buf, text.len,
					 err);
	if (!st)
		p->path = strbuf_detach(&name, NULL);
out:
	if (st) {
		src->blob[0] = '\0';
		prgate_policy_release(p);
		memset(p, 0, sizeof(*p));
	}
	strbuf_release(&text);
	strbuf_release(&name);
	return st;
}

/*
 * path (relative to the top of the repository) in one spelling, "." and
 * empty parts dropped, ".." resolved, into out; -1 when it leaves the
 * repository or names its top.
 */
static int repo_path(const char *path, struct strbuf *out)
{
	const char *s = path, *e;

	strbuf_reset(out);
	if (*path == '/')
		return -1;
	for (; *s; s = *e ? e + 1 : e) {
		size_t n;
		e = strchr(s, '/');
		if (!e)
			e = s + strlen(s);
		n = (size_t)(e - s);
		if (!n || (n == 1 && *s == '.'))
			continue;
		if (n == 2 && s[0] == '.' && s[1] == '.') {
			char *slash;
			if (!out->len)
				return -1;
			slash = strrchr(out->buf, '/');
			strbuf_setlen(out,
				      slash ? (size_t)(slash - out->buf) : 0);
			continue;
		}
		if (out->len)
			strbuf_addch(out, '/');
		strbuf_add(out, s, n);
	}
	return out->len ? 0 : -1;
}

enum prgate_status
prgate_hook_read_template(struct prgate_policy *p,
			  const struct prgate_hook_source *src,
			  struct prgate_error *err)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT,
		      name = STRBUF_INIT;
	enum prgate_status st = PRGATE_OK;
	const char *by = p->path ? p->path : src->branch;

	if (!p->template_path || p->template_text)
		return PRGATE_OK;
	if (repo_path(p->template_path, &path)) {
		st = prgate_error_set(
		    err, PRGATE_ERR_CONFIG,
		    "%s: the hook reads the template from %s, and '%s' is not "
		    "a path in the repository",
		    by, src->branch, p->template_path);
		goto out;
	}
	strbuf_addf(&name, "%s:%s", src->branch, path.buf);
	switch (tree_file(src->commit, path.buf, PRGATE_SCHEMA_MAX_BYTES, &text,
			  NULL)) {
	case 0:
		free(p->template_path);
		p->template_len = text.len;
		p->template_text = strbuf_detach(&text, NULL);
		p->template_path = strbuf_detach(&name, NULL);
		break;
	case 1:
		st = prgate_error_set(err, PRGATE_ERR_CONFIG,
				      "template '%s' is not in %s (named by "
				      "%s)",
				      name.buf, src->branch, by);
		break;
	case 2:
		st = prgate_error_set(err, PRGATE_ERR_CONFIG,
				      "template '%s' is not a file", name.buf);
		break;
	case 3:
		st = prgate_error_set(err, PRGATE_ERR_CONFIG,
				      "template '%s' is over the %zu-byte "
				      "limit of a template",
				      name.buf, PRGATE_SCHEMA_MAX_BYTES);
		break;
	default:
		st = prgate_error_set(err, PRGATE_ERR_CONFIG,
				      "cannot read template '%s' with git",
				      name.buf);
	}
out:
	strbuf_release(&path);
	strbuf_release(&text);
	strbuf_release(&name);
	return st;
}

int prgate_hook_policy_differs(const struct prgate_hook_source *src)
{
	static const char *const top_argv[] = {"git", "rev-parse",
					       "--show-toplevel", NULL};
	struct strbuf top = STRBUF_INIT, sha = STRBUF_INIT;
	int rc = -1;

	if (git_line(top_argv, &top))
		goto out;
	strbuf_addf(&top, "/%s", POLICY_NAME);
	if (access(top.buf, F_OK)) {
		rc = src->blob[0] != '\0';
		goto out;
	}
	{
		/* the blob git would make of it (its clean filters applied) */
		const char *argv[] = {"git", "hash-object", "--", top.buf,
				      NULL};
		if (git_line(argv, &sha))
			goto out;
	}
	rc = strcmp(sha.buf, src->blob) != 0;
out:
	strbuf_release(&top);
	strbuf_release(&sha);
	return rc;
}
