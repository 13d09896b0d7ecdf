/*
 * github.h - the facts GitHub knows about a pull request (its state,
 * reviews, checks, freshness, changed files, dependencies), fetched over
 * the REST API with http.h and decoded with json.h; plus the pure string
 * helpers around it: pull request references, git remote URLs, Link
 * headers and ISO 8601 times.
 *
 * prgate_github_fetch() makes two sequential rounds of parallel requests
 * (prgate_github_fetch_many() one, when the head SHA is known),
 * plus one more round per further page of a list:
 *   1. the PR, its reviews, its changed files (and, with want_comments,
 *      its conversation's comments);
 *   2. the head commit's check runs and combined status (the merge
 *      commit's when deploy_sha is it), the comparison
 *      of the base branch with the head, each dependency, the next pages
 *      of the round-one lists, and, when GitHub is still computing an open
 *      PR's mergeability (mergeable null), the PR once more after
 *      mergeable_delay_ms; if it still does not know, mergeable is -1.
 *      With recheck_head (a deploy) an open PR is read once more in this
 *      round (at once, or after the delay when both), for its head.
 *
 * Errors: PRGATE_ERR_USAGE for a bad reference or API URL,
 * PRGATE_ERR_NETWORK, PRGATE_ERR_API (a refusal, a 404, a reply that is
 * not what the API documents: "unexpected reply from GET /repos/o/r/pulls/7:
 * \"head.sha\" is missing") and PRGATE_ERR_UNDECIDED (rate limited); all
 * but the first mean "could not decide" (exit 3).
 *
 * Ownership: every string in struct prgate_github_facts is owned by the
 * facts and freed by prgate_github_facts_release(). struct prgate_github
 * borrows api_url and token (keep them alive while it is used) and owns
 * its HTTP client, freed by prgate_github_release().
 */
#ifndef PRGATE_GITHUB_H
#define PRGATE_GITHUB_H

#include <stddef.h>
#include <time.h>

#include "gate/http.h"
#include "linter/facts.h"
#include "support/status.h"
#include "support/strbuf.h"
#include "support/util.h"

#define PRGATE_GITHUB_API_URL "https://api.github.com"

struct prgate_json_doc;

/* The client's configuration. Set it up with prgate_github_init(). */
struct prgate_github {
	const char *api_url; /* NULL: PRGATE_GITHUB_API_URL */
	const char *token;   /* NULL or "": anonymous requests */
	struct prgate_http_opts http;
	long mergeable_delay_ms; /* 2 000: wait before asking again */
	int max_pages;		 /* 50: pages per list, then an error */
	/* 20 (dependencies.max): more dependencies named than this, and
	 * none is looked up (facts->deps_over is set instead) */
	int max_deps;
	/*
	 * 1: read an open PR once more in the second round, into
	 * facts->head_sha_again, so a deploy can tell that its head moved
	 * while the rest was read (a verdict is bound to one SHA)
	 */
	int recheck_head;
	/*
	 * The commit being deployed, or NULL: when it is the merge commit of
	 * the (merged) PR, the CI read is that commit's, not the PR head's.
	 */
	const char *deploy_sha;
	/*
	 * Optional: called once the PR's body is known, to name the issues
	 * and PRs it depends on (with prgate_github_facts_add_dep()); their
	 * state is then fetched in round two. pr is the PR being fetched,
	 * for relative references such as "#12".
	 */
	void (*find_deps)(void *ctx, const char *body,
			  const struct prgate_github_ref *pr,
			  struct prgate_github_facts *facts);
	void *deps_ctx;
	/*
	 * Also fetch the PR's conversation (its issue comments, every
	 * page) in round one, into facts->comments: the gate overrides'
	 * channel. Off by default: one request fewer.
	 */
	int want_comments;

	/*
	 * Optional: another prgate_github's client (same API URL and token)
	 * to use instead of making one, so many PRs share one connection
	 * pool; borrowed, never freed here.
	 */
	struct prgate_http *shared;

	struct prgate_http *client; /* made on first use; private */
};

/* Defaults for everything; api_url and token NULL. */
void prgate_github_init(struct prgate_github *gh);
/* Free the client it made; the configuration stays. */
void prgate_github_release(struct prgate_github *gh);
/*
 * The HTTP client for gh's API URL and token (made on first use, owned by
 * gh), for requests of its own such as the comment bot's POST/PATCH.
 */
enum prgate_status prgate_github_client(struct prgate_github *gh,
					struct prgate_http **out,
					struct prgate_error *err);

/*
 * The login of the token's user (GET /user) appended to out: who pushes,
 * for the pre-push hook. A token of no user (403 or 404, e.g. an app's
 * installation token) appends nothing. Errors: PRGATE_ERR_API ("GET
 * /user answered 401 Unauthorized: Bad credentials"), PRGATE_ERR_NETWORK,
 * _UNDECIDED.
 */
enum prgate_status prgate_github_login(struct prgate_github *gh,
				       struct strbuf *out,
				       struct prgate_error *err);

/*
 * Parse a pull request reference: "123", "#123", "owner/repo#123",
 * "https://github.com/owner/repo/pull/123" (anything after the number is
 * ignored: "/files", "#discussion_r1"), or the same on a GitHub
 * Enterprise host. default_repo ("owner/repo", may be NULL) supplies the
 * repository for a bare number. Errors are PRGATE_ERR_USAGE.
 */
enum prgate_status prgate_github_parse_ref(const char *s,
					   const char *default_repo,
					   struct prgate_github_ref *ref,
					   struct prgate_error *err);

/*
 * The repository of a git remote URL: git@github.com:o/r.git,
 * ssh://git@github.com[:port]/o/r, https://github.com/o/r.git,
 * git://host/o/r, on any host (number is 0). Errors are
 * PRGATE_ERR_INPUT, naming the URL without its credentials.
 */
enum prgate_status prgate_github_parse_remote(const char *url,
					      struct prgate_github_ref *ref,
					      struct prgate_error *err);

/*
 * Find the URL of the link with relation rel (case-insensitive; a link
 * may list several: rel="next last") in an RFC 8288 Link header value.
 * Returns 1 and sets out (reset first) when found, 0 when not, -1 when
 * the header is malformed.
 */
int prgate_github_link_find(const char *header, const char *rel,
			    struct strbuf *out);

/*
 * Parse an ISO 8601 / RFC 3339 time as GitHub writes them,
 * "2026-11-21T10:00:00Z" (also fractional seconds and +HH:MM offsets).
 * Returns 0 and *out (UTC seconds), or -1.
 */
int prgate_github_parse_time(const char *s, time_t *out);

/*
 * Fetch the facts about ref's pull request (see the top of this file).
 * facts is overwritten (pass an empty or released one) and, on failure,
 * left empty.
 */
enum prgate_status prgate_github_fetch(struct prgate_github *gh,
				       const struct prgate_github_ref *ref,
				       struct prgate_github_facts *facts,
				       struct prgate_error *err);

/*
 * The same for the PRs refs[0, n) at once, sharing each round: every
 * PR's first requests in one batch, then every PR's second... facts[i]
 * (overwritten), errs[i] and sts[i] are PR i's, as prgate_github_fetch()
 * would give them. requests and rounds are not counted.
 *
 * heads (NULL, or n head SHAs, NULL or "" when unknown) and base (the
 * base branch, NULL when unknown) are what a list of open PRs said: the
 * CI of that head (and its comparison with base) is then asked in round
 * one with the rest, so a PR whose head and base are still those is read
 * in one round; when the PR's own differ, those answers are dropped and
 * its CI is asked in round two as prgate_github_fetch() does. With
 * gh->want_comments each PR's conversation is read too.
 */
enum prgate_status prgate_github_fetch_many(
    struct prgate_github *gh, const struct prgate_github_ref *refs,
    const char *const *heads, const char *base,
    struct prgate_github_facts *facts, struct prgate_error *errs,
    enum prgate_status *sts, size_t n);

/*
 * Look up the state of every dependency in facts not yet fetched, in one
 * round (for callers that add dependencies after prgate_github_fetch()).
 */
enum prgate_status prgate_github_fetch_deps(struct prgate_github *gh,
					    struct prgate_github_facts *facts,
					    struct prgate_error *err);

/*
 * Add a dependency (unless already listed) for the fetch to look up.
 * Returns 0, or -1 (and adds nothing) when ref is not a valid
 * owner/repo#number.
 */
int prgate_github_facts_add_dep(struct prgate_github_facts *facts,
				const struct prgate_github_ref *ref);

/*
 * The API to ask about ref: given (--api-url) when set, else
 * $PRGATE_API_URL, else PRGATE_GITHUB_API_URL for github.com (or no
 * host), else https://HOST/api/v3 when HOST is listed in hosts (the
 * policy's github.hosts, lower case; may be NULL). Any other host is
 * PRGATE_ERR_USAGE in err and NULL: the token goes to no server that was
 * not named. The result may live in buf.
 */
const char *prgate_github_api_url(const char *given,
				  const struct prgate_github_ref *ref,
				  const struct prgate_strlist *hosts,
				  struct strbuf *buf, struct prgate_error *err);

/* Append s percent-encoded for a URL (a path when keep_slash, '/' kept). */
void prgate_github_url_encode(struct strbuf *sb, const char *s, int keep_slash);

/*
 * Append the "message" of GitHub's error reply in req (at most 200
 * characters, control characters as spaces); nothing when it has none.
 */
void prgate_github_error_message(const struct prgate_http_req *req,
				 struct strbuf *out);

/*
 * Parse a reply's JSON; on failure PRGATE_ERR_API with "unexpected reply
 * from ENDPOINT: 1:10: invalid JSON: ..." (or "an empty body, not JSON").
 */
enum prgate_status prgate_github_parse_reply(const char *endpoint,
					     const char *text, size_t len,
					     struct prgate_json_doc **doc,
					     struct prgate_error *err);

/*
 * The error for a 3xx reply to req: "GitHub redirected GET /x to
 * https://elsewhere/y (302 Found); redirects are not followed" (the
 * target without its credentials). endpoint is how req is named.
 */
enum prgate_status
prgate_github_redirect_error(const char *endpoint,
			     const struct prgate_http_req *req,
			     struct prgate_error *err);

/*
 * Decode one reply into facts: the list replies append to its lists (one
 * page after another), the PR's reply replaces the PR's own fields (its
 * strings, labels and requested reviewers). endpoint
 * ("GET /repos/o/r/pulls/7") names the reply in error messages, which are
 * PRGATE_ERR_API. Used by prgate_github_fetch(); exported for the tests.
 */
enum prgate_status prgate_github_decode_pr(const char *endpoint,
					   const char *text, size_t len,
					   struct prgate_github_facts *facts,
					   struct prgate_error *err);
enum prgate_status
prgate_github_decode_reviews(const char *endpoint, const char *text, size_t len,
			     struct prgate_github_facts *facts,
			     struct prgate_error *err);
enum prgate_status
prgate_github_decode_check_runs(const char *endpoint, const char *text,
				size_t len, struct prgate_github_facts *facts,
				struct prgate_error *err);
enum prgate_status
prgate_github_decode_status(const char *endpoint, const char *text, size_t len,
			    struct prgate_github_facts *facts,
			    struct prgate_error *err);
enum prgate_status
prgate_github_decode_compare(const char *endpoint, const char *text, size_t len,
			     struct prgate_github_facts *facts,
			     struct prgate_error *err);
enum prgate_status prgate_github_decode_files(const char *endpoint,
					      const char *text, size_t len,
					      struct prgate_github_facts *facts,
					      struct prgate_error *err);
enum prgate_status
prgate_github_decode_comments(const char *endpoint, const char *text,
			      size_t len, struct prgate_github_facts *facts,
			      struct prgate_error *err);
enum prgate_status prgate_github_decode_issue(const char *endpoint,
					      const char *text, size_t len,
					      struct prgate_github_dep *dep,
					      struct prgate_error *err);

#endif
