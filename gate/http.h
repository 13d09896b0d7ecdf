/*
 * http.h - the HTTP client prgate talks to the GitHub API with (and to any
 * other JSON API on the same terms). The only module that includes libcurl.
 *
 * One client (struct prgate_http) owns a libcurl multi handle: its
 * connection cache keeps connections open and reuses them across requests
 * and batches, and HTTP/2 streams are multiplexed when an https server
 * offers HTTP/2. prgate_http_run() starts a batch of independent requests
 * in parallel and returns when every one of them has finished; with
 * opts.max_requests, at most that many are in flight at once (a sliding
 * window: the next starts when one ends), over at most
 * opts.max_connections connections (over HTTP/1.1 a request waits for a
 * free one; its timeout starts when it has one).
 *
 * With opts.cache_dir, a GET of the base URL's API is asked
 * conditionally from the response cache (cache.h) and a 304 is answered
 * from it (see the field).
 *
 * Every request carries `Accept: application/vnd.github+json`,
 * `X-GitHub-Api-Version: 2022-11-28` and `User-Agent: prgate/VERSION`.
 * Redirects are never followed (the 3xx and its Location are reported);
 * only http and https are spoken; curl's verbose output stays off;
 * $SSLKEYLOGFILE is removed from the environment before libcurl starts
 * (no TLS keys are ever written). Proxies come from libcurl's usual
 * environment variables, for https only (tunnelled with CONNECT, so the
 * proxy sees no header): plain http, which only ever goes to loopback, is
 * never proxied. $CURL_CA_BUNDLE, else $SSL_CERT_FILE, names the CA
 * certificates to trust instead of the system's.
 *
 * The token goes only into `Authorization: Bearer ...` of requests to the
 * base URL's scheme, host and port. prgate_http_new() refuses a token with
 * a plain http:// base URL unless the host is 127.0.0.1, localhost or ::1.
 * No message this module makes contains the token, and the URLs in them
 * have no user info, query or fragment.
 *
 * Retries, per request, with exponential backoff (retry_base_ms, doubled
 * each time, at most max_retries more attempts, and never more than
 * max_wait_ms of sleeping in all):
 *   - transport errors (refused, reset, timed out, truncated body, a
 *     Content-Length that the body does not fill): PRGATE_ERR_NETWORK
 *     with curl's message and the URL when they persist; a certificate
 *     that cannot be verified is never retried (one attempt);
 *   - 5xx, honouring Retry-After: PRGATE_ERR_API when it persists;
 *   - the primary rate limit (403 or 429 with x-ratelimit-remaining: 0):
 *     waits until x-ratelimit-reset if that is within the budget, else
 *     PRGATE_ERR_UNDECIDED "GitHub API rate limit exceeded; it resets at
 *     14:05:00 UTC (in 12 min)";
 *   - a secondary rate limit (403 with Retry-After or a body that says
 *     "secondary rate limit", or any other 429): waits Retry-After (a
 *     minute when not given) if within the budget, else
 *     PRGATE_ERR_UNDECIDED naming when to retry.
 *
 * Rate limits hold for the whole client, not per request: GitHub may ban
 * an integration that goes on sending while it is limited. Once a reply
 * from the base URL's origin says the primary limit is spent (403 or
 * 429 with x-ratelimit-remaining: 0, or any reply with remaining 0 and a
 * reset ahead) or a secondary limit holds (until Retry-After), no request
 * to that origin starts until then, in this batch or any later one (a
 * request started but still waiting for a connection has sent nothing
 * and is taken back):
 *   - within max_wait_ms: the requests not yet sent wait for it (each
 *     one's wait counts against its own budget) instead of each being
 *     sent and refused; the sliding window stays idle meanwhile;
 *   - beyond it (or a primary limit with no reset time): every request
 *     not yet sent, and every later one, fails at once with the same
 *     PRGATE_ERR_UNDECIDED message ("GitHub API rate limit exceeded; it
 *     resets at ..."), never reaching the wire.
 * Only the requests already sent when the limit is seen (at most
 * max_requests) can still be refused. The hold is the
 * client's own and only for the base URL's origin: a request to another
 * origin through it is not held, and other clients (a monitor's, made
 * by metrics.c with its own base URL) know nothing of it.
 *
 * POST and PATCH are retried only when the request surely had no effect
 * (no connection, or a rate limit), never after a 5xx or a timeout.
 * A reply bigger than max_body fails at once with PRGATE_ERR_API.
 * Any other complete reply (2xx, 3xx, 4xx) is PRGATE_OK: the caller judges
 * the status code.
 */
#ifndef PRGATE_HTTP_H
#define PRGATE_HTTP_H

#include <stddef.h>

#include "support/status.h"
#include "support/strbuf.h"
#include "support/util.h"

#define PRGATE_HTTP_MAX_BODY ((size_t)8 << 20)

struct prgate_http_opts {
	long connect_timeout_ms; /* 10 000 */
	/* 30 000: one attempt, from when it has its connection (a wait
	 * for a free one does not count: connect_timeout_ms bounds making
	 * one) to the reply's end */
	long timeout_ms;
	long max_wait_ms;   /* 60 000: sleeping between attempts, in all */
	long retry_base_ms; /* 1 000: the first backoff, then doubled */
	int max_retries;    /* 3: attempts after the first */
	size_t max_body;    /* PRGATE_HTTP_MAX_BODY */
	/* who answers, in messages ("GitHub answered 500 ..."); NULL:
	 * "GitHub" for the base URL's origin, "the server" elsewhere */
	const char *service;
	/*
	 * The response cache's folder (gate/cache.h), or NULL: then every
	 * GET of the base URL's API without headers of its own is asked
	 * with If-None-Match, and a 304 gives the cached reply (code 200,
	 * not_modified 1). Borrowed: keep it alive while the client is.
	 */
	const char *cache_dir;
	/*
	 * At most this many requests in flight at once (0: no limit): a
	 * sliding window, the next starts when one ends. GitHub allows 100
	 * concurrent requests per token.
	 */
	long max_requests;
	/*
	 * At most this many connections open at once (0: no limit), all
	 * kept open from one batch to the next. Over HTTP/2 the requests in
	 * flight share them (multiplexed); over HTTP/1.1 each needs one of
	 * its own, and those beyond it wait inside libcurl for one to come
	 * free (timeout_ms not counting).
	 */
	long max_connections;
	/* told what is worth a warning (the cache's), without "prgate:
	 * warning: "; NULL: nothing is said */
	void (*warn)(const char *message);
};

/* Fill o with the defaults above. */
void prgate_http_opts_init(struct prgate_http_opts *o);

/*
 * One request and, after prgate_http_run(), its outcome. Set it up with
 * prgate_http_req_init() (which copies the strings) and free what it owns
 * with prgate_http_req_release().
 */
struct prgate_http_req {
	/* what to send */
	char *method;		       /* "GET", "POST" or "PATCH" */
	char *url;		       /* absolute http(s) URL */
	char *body;		       /* NULL, or the body to send */
	char *body_type;	       /* its Content-Type (malloc'd, or
					* NULL: application/json) */
	struct prgate_strlist headers; /* more "Name: value" lines */
	long delay_ms;		       /* start this long after the batch */

	/* what came back */
	enum prgate_status st; /* PRGATE_OK: a reply is in code/reply */
	struct prgate_error err;
	long code;	     /* the last HTTP status, 0 when none came */
	struct strbuf reply; /* the last reply's body */
	/* response headers, NULL when absent; repeated ones joined by ", " */
	char *link;
	char *retry_after;
	char *ratelimit_remaining;
	char *ratelimit_reset;
	char *content_type;
	char *location;
	int attempts;	  /* requests sent for it */
	int not_modified; /* 1: a 304, the reply is the cached one */

	/*
	 * Optional: called once it has finished for good (st, code, reply
	 * set), from inside prgate_http_run() while other requests of the
	 * batch may still run, so their waits overlap its handling. It must
	 * not run requests itself.
	 */
	void (*done)(struct prgate_http_req *r, void *ctx);
	void *done_ctx;
};

struct prgate_http; /* a client */

/*
 * Make a client for the API at base_url ("https://api.github.com",
 * "https://ghe.example.com/api/v3", "http://127.0.0.1:8080"; a trailing
 * slash is dropped). token may be NULL or "" for anonymous requests; it is
 * copied. opts may be NULL for the defaults. Errors: PRGATE_ERR_USAGE for
 * a malformed base URL, one with user info, query or fragment, or a token
 * that would go over plain http to a host that is not loopback. Free the
 * client with prgate_http_free() (NULL is fine).
 */
enum prgate_status prgate_http_new(const char *base_url, const char *token,
				   const struct prgate_http_opts *opts,
				   struct prgate_http **out,
				   struct prgate_error *err);
void prgate_http_free(struct prgate_http *h);

/* The normalised base URL (no trailing slash), owned by the client. */
const char *prgate_http_base(const struct prgate_http *h);

/*
 * Requests sent so far (each retry counts) and batches run (each a
 * sequential round trip, however many requests it had in parallel).
 */
void prgate_http_counts(const struct prgate_http *h, unsigned *requests,
			unsigned *batches);

/*
 * Keep the last n requests of the API's budget for writes: from now on,
 * a GET to the base URL's origin does not start while the budget GitHub
 * last said is left (x-ratelimit-remaining), less the requests to it in
 * flight, is at most n; it fails at once with PRGATE_ERR_UNDECIDED
 * ("GitHub API rate limit nearly spent: 48 requests left until 14:05:00
 * UTC (in 12 min), kept for this run's writes"). POST and PATCH still
 * go. 0 (the default) keeps nothing. A scheduled run keeps what its
 * writes need, so the PRs it could read get their statuses written.
 */
void prgate_http_keep(struct prgate_http *h, long n);

/* The API's budget left in this window, as GitHub last said it; -1 when
 * not known (no reply yet, or its reset has passed). */
long long prgate_http_remaining(const struct prgate_http *h);

/* Take what other (another client with the same token) last heard of
 * the budget, when it is newer or less: the next client of a run starts
 * knowing it. */
void prgate_http_budget_from(struct prgate_http *h,
			     const struct prgate_http *other);

/* method NULL means GET; body NULL means none. Copies the strings. */
void prgate_http_req_init(struct prgate_http_req *r, const char *method,
			  const char *url, const char *body);
void prgate_http_req_release(struct prgate_http_req *r);

/*
 * Run reqs[0..n) in parallel, with retries, until every one has finished.
 * Each request's st, err, code, headers and reply are set. Returns
 * PRGATE_OK when every st is PRGATE_OK, else the first failed request's
 * status, with its message copied to err.
 */
enum prgate_status prgate_http_run(struct prgate_http *h,
				   struct prgate_http_req **reqs, size_t n,
				   struct prgate_error *err);

/*
 * One request (a POST or PATCH of json, or a GET when json is NULL and
 * method is NULL or "GET"): prgate_http_req_init() and prgate_http_run().
 * The caller releases req afterwards, whatever the result.
 */
enum prgate_status prgate_http_send(struct prgate_http *h, const char *method,
				    const char *url, const char *json,
				    struct prgate_http_req *req,
				    struct prgate_error *err);

/*
 * "GET /repos/o/r/pulls/7" for a URL under the base URL (the path after
 * it, without query), else "GET https://host:port/path". Appends to out.
 */
void prgate_http_describe(const struct prgate_http *h, const char *method,
			  const char *url, struct strbuf *out);

/*
 * Redaction: every token a client is made with is remembered for the
 * process's life (prgate_redact_add() does it for others), and every
 * reply body and header read from any server has each of them replaced
 * by "***" before the caller sees it, so no report, annotation, summary
 * or comment can repeat a token a server echoed. prgate_redact() does the
 * same to sb; returns 1 when it replaced something. Secrets shorter than
 * 4 characters are not remembered.
 */
void prgate_redact_add(const char *secret);
int prgate_redact(struct strbuf *sb);

/* Pure helpers, exported for the tests. */

/* 1 when a and b are http(s) URLs with the same scheme, host and port. */
int prgate_http_same_origin(const char *a, const char *b);
/*
 * Append scheme://host[:port]/path of url to out (no user info, query or
 * fragment); "(bad URL)" when it does not parse.
 */
void prgate_http_redact(const char *url, struct strbuf *out);
/* "Not Found" for 404 and so on; "" for a code it does not know. */
const char *prgate_http_reason(long code);

#endif
