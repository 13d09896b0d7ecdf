/*
 * hook.c - the pre-push hook's parts: git's pre-push input, deploy
 * targets, the hook script and a commit's pull request (see hook.h).
 */
#include "integrations/hook.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* ---- the hook script ---- */

void prgate_hook_sh_quote(struct strbuf *out, const char *s)
{
	strbuf_addch(out, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			strbuf_addstr(out, "'\\''");
		else
			strbuf_addch(out, *s);
	}
	strbuf_addch(out, '\'');
}

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
	prgate_hook_sh_quote(out, prgate_path);
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

enum prgate_status prgate_hook_decode_pulls(const char *endpoint,
					    const char *text, size_t len,
					    const char *sha, long *number,
					    int *is_tip,
					    struct prgate_error *err)
{
	struct prgate_json_doc *doc = NULL;
	const struct prgate_json *root, *pr;
	long first = 0, merged = 0;
	int first_tip = 0;
	size_t i = 0;

	*number = 0;
	*is_tip = 0;
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
		const char *mc = prgate_json_get_string(pr, "merge_commit_sha");
		const char *merged_at = prgate_json_get_string(pr, "merged_at");
		long long n;

		if (!prgate_json_int(num, 1, 2147483647, &n)) {
			prgate_json_free(doc);
			return prgate_error_set(err, PRGATE_ERR_API,
						"unexpected reply from %s: "
						"\"[%zu].number\" is missing",
						endpoint, i);
		}
		if (!first) {
			const struct prgate_json *head =
			    prgate_json_get(pr, "head");
			const char *hs =
			    head ? prgate_json_get_string(head, "sha") : NULL;
			first = (long)n;
			first_tip = hs && !strcasecmp(hs, sha);
		}
		if (!merged && merged_at && mc && !strcasecmp(mc, sha))
			merged = (long)n;
	}
	prgate_json_free(doc);
	*number = merged ? merged : first;
	*is_tip = merged ? 1 : first_tip;
	return PRGATE_OK;
}

enum prgate_status prgate_hook_find_pr(struct prgate_github *gh,
				       const struct prgate_github_ref *repo,
				       const char *sha, long *number,
				       int *is_tip, struct prgate_error *err)
{
	struct prgate_http *h;
	struct prgate_http_req req;
	struct strbuf url = STRBUF_INIT, ep = STRBUF_INIT, msg = STRBUF_INIT;
	enum prgate_status st;

	*number = 0;
	*is_tip = 0;
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
					      req.reply.len, sha, number,
					      is_tip, err);
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
