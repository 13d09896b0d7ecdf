/*
 * http.c - the HTTP client (see http.h): libcurl loaded on first use,
 * one multi handle per client, batches of parallel requests, retries.
 */
#include "gate/http.h"

#include "gate/cache.h"

#include <ctype.h>
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* Plain prototypes: the calls below go through pointers (see lib). */
#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>

/*
 * libcurl is loaded on first use, not when prgate starts: it brings some
 * thirty shared libraries (TLS, GSSAPI, LDAP...) that cost about 5 ms per
 * process, which every `prgate lint` and every pre-push hook that makes
 * no request would pay for nothing. The functions used are listed here
 * once; the #defines after the table send each call through its pointer.
 */
#define CURL_FUNCTIONS(_)                                                      \
	_(curl_easy_cleanup)                                                   \
	_(curl_easy_getinfo)                                                   \
	_(curl_easy_header)                                                    \
	_(curl_easy_init)                                                      \
	_(curl_easy_setopt)                                                    \
	_(curl_easy_strerror)                                                  \
	_(curl_free)                                                           \
	_(curl_getdate)                                                        \
	_(curl_global_cleanup)                                                 \
	_(curl_global_init)                                                    \
	_(curl_multi_add_handle)                                               \
	_(curl_multi_cleanup)                                                  \
	_(curl_multi_info_read)                                                \
	_(curl_multi_init)                                                     \
	_(curl_multi_perform)                                                  \
	_(curl_multi_poll)                                                     \
	_(curl_multi_remove_handle)                                            \
	_(curl_multi_setopt)                                                   \
	_(curl_slist_append)                                                   \
	_(curl_slist_free_all)                                                 \
	_(curl_url)                                                            \
	_(curl_url_cleanup)                                                    \
	_(curl_url_get)                                                        \
	_(curl_url_set)

static struct {
#define CURL_FN_FIELD(name) __typeof__(name) *name;
	CURL_FUNCTIONS(CURL_FN_FIELD)
#undef CURL_FN_FIELD
} lib;

static int lib_state; /* 0 not tried yet, 1 loaded, -1 failed */
static char lib_error[256];

/* Load libcurl once; 0 on success, else -1 with lib_error set. */
static int lib_load(void)
{
	void *h;
	if (lib_state)
		return lib_state > 0 ? 0 : -1;
	lib_state = -1;
	h = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(lib_error, sizeof(lib_error),
			 "cannot load libcurl (%s): install Debian's libcurl4",
			 dlerror());
		return -1;
	}
#define CURL_FN_LOAD(name)                                                     \
	if (!(*(void **)&lib.name = dlsym(h, #name))) {                        \
		snprintf(lib_error, sizeof(lib_error),                         \
			 "libcurl.so.4 has no %s: it is too old", #name);      \
		return -1;                                                     \
	}
	CURL_FUNCTIONS(CURL_FN_LOAD)
#undef CURL_FN_LOAD
	lib_state = 1;
	return 0;
}

#undef curl_easy_cleanup
#define curl_easy_cleanup lib.curl_easy_cleanup
#undef curl_easy_getinfo
#define curl_easy_getinfo lib.curl_easy_getinfo
#undef curl_easy_header
#define curl_easy_header lib.curl_easy_header
#undef curl_easy_init
#define curl_easy_init lib.curl_easy_init
#undef curl_easy_setopt
#define curl_easy_setopt lib.curl_easy_setopt
#undef curl_easy_strerror
#define curl_easy_strerror lib.curl_easy_strerror
#undef curl_free
#define curl_free lib.curl_free
#undef curl_getdate
#define curl_getdate lib.curl_getdate
#undef curl_global_cleanup
#define curl_global_cleanup lib.curl_global_cleanup
#undef curl_global_init
#define curl_global_init lib.curl_global_init
#undef curl_multi_add_handle
#define curl_multi_add_handle lib.curl_multi_add_handle
#undef curl_multi_cleanup
#define curl_multi_cleanup lib.curl_multi_cleanup
#undef curl_multi_info_read
#define curl_multi_info_read lib.curl_multi_info_read
#undef curl_multi_init
#define curl_multi_init lib.curl_multi_init
#undef curl_multi_perform
#define curl_multi_perform lib.curl_multi_perform
#undef curl_multi_poll
#define curl_multi_poll lib.curl_multi_poll
#undef curl_multi_remove_handle
#define curl_multi_remove_handle lib.curl_multi_remove_handle
#undef curl_multi_setopt
#define curl_multi_setopt lib.curl_multi_setopt
#undef curl_slist_append
#define curl_slist_append lib.curl_slist_append
#undef curl_slist_free_all
#define curl_slist_free_all lib.curl_slist_free_all
#undef curl_url
#define curl_url lib.curl_url
#undef curl_url_cleanup
#define curl_url_cleanup lib.curl_url_cleanup
#undef curl_url_get
#define curl_url_get lib.curl_url_get
#undef curl_url_set
#define curl_url_set lib.curl_url_set

struct prgate_http {
	CURLM *multi;
	char *base;
	char *auth;  /* "Authorization: Bearer ...", or NULL */
	char *token; /* the token alone, or NULL */
	/* set when a server's certificate could not be verified: the
	 * client makes no more connections, every request fails with it */
	struct prgate_error untrusted;
	/* a reply came over https: a certificate was verified */
	int verified;
	struct prgate_http_opts opts;
	unsigned requests, batches;
	struct prgate_cache *cache; /* opts.cache_dir's, or NULL */
	/*
	 * The API's rate limit (see http.h): until hold_ms (monotonic ms; 0:
	 * no hold, LLONG_MAX: for good) no request to the base URL's origin
	 * starts; latched: the hold is beyond the wait budget, so they fail
	 * at once instead of waiting. hold_at is the same moment in epoch
	 * seconds, for the message; hold_kind which limit it is.
	 */
	long long hold_ms;
	time_t hold_at;
	int hold_kind; /* HOLD_PRIMARY, HOLD_NO_RESET or HOLD_SECONDARY */
	int latched;
	/*
	 * prgate_http_keep(): no GET to the API's origin starts while the
	 * budget left (remaining, as of its replies; -1 unknown, until the
	 * epoch time remaining_reset) less the requests to it in flight is
	 * at most keep.
	 */
	long keep;
	long long remaining;
	long long remaining_reset;
};

enum { HOLD_PRIMARY = 1, HOLD_NO_RESET, HOLD_SECONDARY };

/* libcurl's global state, shared by every client. */
static unsigned curl_users;

/*
 * Every token a client was made with, for as long as the process lives:
 * any reply from any server has them replaced by "***" before anyone
 * reads it (prgate_redact()).
 */
static struct prgate_strlist secrets;

void prgate_redact_add(const char *secret)
{
	if (!secret || strlen(secret) < 4)
		return;
	for (size_t i = 0; i < secrets.n; i++)
		if (!strcmp(secrets.v[i], secret))
			return;
	prgate_strlist_add(&secrets, secret);
}

int prgate_redact(struct strbuf *sb)
{
	int found = 0;
	for (size_t i = 0; i < secrets.n; i++) {
		const char *t = secrets.v[i];
		size_t n = strlen(t), from = 0;
		struct strbuf out = STRBUF_INIT;
		char *p;
		if (!memmem(sb->buf, sb->len, t, n))
			continue;
		while ((p = memmem(sb->buf + from, sb->len - from, t, n))) {
			strbuf_add(&out, sb->buf + from,
				   (size_t)(p - sb->buf) - from);
			strbuf_addstr(&out, "***");
			from = (size_t)(p - sb->buf) + n;
		}
		strbuf_add(&out, sb->buf + from, sb->len - from);
		explicit_bzero(sb->buf, sb->len);
		strbuf_release(sb);
		*sb = out;
		found = 1;
	}
	return found;
}

static char *redact_str(char *s)
{
	struct strbuf sb = STRBUF_INIT;
	if (!s || !secrets.n)
		return s;
	strbuf_addstr(&sb, s);
	if (!prgate_redact(&sb)) {
		strbuf_release(&sb);
		return s;
	}
	free(s);
	return strbuf_detach(&sb, NULL);
}

void prgate_http_opts_init(struct prgate_http_opts *o)
{
	o->connect_timeout_ms = 10000;
	o->timeout_ms = 30000;
	o->max_wait_ms = 60000;
	o->retry_base_ms = 1000;
	o->max_retries = 3;
	o->max_body = PRGATE_HTTP_MAX_BODY;
	o->service = NULL;
	o->cache_dir = NULL;
	o->max_connections = 0;
	o->max_requests = 0;
	o->warn = NULL;
}

/* ---- URLs ---- */

struct origin {
	char *scheme;
	char *host;
	char *port;
};

static void origin_release(struct origin *o)
{
	curl_free(o->scheme);
	curl_free(o->host);
	curl_free(o->port);
	o->scheme = o->host = o->port = NULL;
}

/* Split an http(s) URL into its origin; -1 when it does not parse. */
static int origin_of(const char *url, struct origin *o)
{
	CURLU *u;
	int ret = -1;

	o->scheme = o->host = o->port = NULL;
	if (lib_load() || !(u = curl_url()))
		return -1;
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK)
		goto out;
	if (curl_url_get(u, CURLUPART_SCHEME, &o->scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &o->host, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PORT, &o->port, CURLU_DEFAULT_PORT) !=
		CURLUE_OK)
		goto out;
	if (strcasecmp(o->scheme, "http") && strcasecmp(o->scheme, "https"))
		goto out;
	ret = 0;
out:
	if (ret)
		origin_release(o);
	curl_url_cleanup(u);
	return ret;
}

int prgate_http_same_origin(const char *a, const char *b)
{
	struct origin oa, ob;
	int same = 0;

	if (origin_of(a, &oa))
		return 0;
	if (origin_of(b, &ob)) {
		origin_release(&oa);
		return 0;
	}
	same = !strcasecmp(oa.scheme, ob.scheme) &&
	       !strcasecmp(oa.host, ob.host) && !strcmp(oa.port, ob.port);
	origin_release(&oa);
	origin_release(&ob);
	return same;
}

void prgate_http_redact(const char *url, struct strbuf *out)
{
	CURLU *u;
	char *scheme = NULL, *host = NULL, *port = NULL, *path = NULL;

	if (lib_load()) {
		/* without libcurl: everything before the query or fragment */
		strbuf_add(out, url, strcspn(url, "?#"));
		return;
	}
	u = curl_url();
	if (!u || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PATH, &path, 0) != CURLUE_OK) {
		strbuf_addstr(out, "(bad URL)");
		goto out;
	}
	strbuf_addf(out, "%s://%s", scheme, host);
	if (curl_url_get(u, CURLUPART_PORT, &port, 0) == CURLUE_OK)
		strbuf_addf(out, ":%s", port);
	strbuf_addstr(out, path);
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_free(path);
	curl_url_cleanup(u);
}

static int is_loopback(const char *host)
{
	return !strcasecmp(host, "localhost") || !strcmp(host, "127.0.0.1") ||
	       !strcmp(host, "[::1]") || !strcmp(host, "::1");
}

/* The part of url after the base URL, or NULL when url is not under it. */
static const char *under_base(const struct prgate_http *h, const char *url)
{
	size_t n = strlen(h->base);
	if (strncmp(url, h->base, n))
		return NULL;
	if (url[n] != '/' && url[n] != '?' && url[n] != '#' && url[n])
		return NULL;
	return url + n;
}

void prgate_http_describe(const struct prgate_http *h, const char *method,
			  const char *url, struct strbuf *out)
{
	const char *rest = under_base(h, url);

	strbuf_addf(out, "%s ", method ? method : "GET");
	if (!rest) {
		prgate_http_redact(url, out);
		return;
	}
	if (*rest != '/')
		strbuf_addch(out, '/');
	strbuf_add(out, rest, strcspn(rest, "?#"));
}

const char *prgate_http_reason(long code)
{
	static const struct {
		long code;
		const char *reason;
	} reasons[] = {
	    {200, "OK"},
	    {201, "Created"},
	    {204, "No Content"},
	    {301, "Moved Permanently"},
	    {302, "Found"},
	    {303, "See Other"},
	    {304, "Not Modified"},
	    {307, "Temporary Redirect"},
	    {308, "Permanent Redirect"},
	    {400, "Bad Request"},
	    {401, "Unauthorized"},
	    {403, "Forbidden"},
	    {404, "Not Found"},
	    {409, "Conflict"},
	    {410, "Gone"},
	    {422, "Unprocessable Entity"},
	    {429, "Too Many Requests"},
	    {500, "Internal Server Error"},
	    {501, "Not Implemented"},
	    {502, "Bad Gateway"},
	    {503, "Service Unavailable"},
	    {504, "Gateway Timeout"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(reasons); i++)
		if (reasons[i].code == code)
			return reasons[i].reason;
	return "";
}

/* ---- the client ---- */

enum prgate_status prgate_http_new(const char *base_url, const char *token,
				   const struct prgate_http_opts *opts,
				   struct prgate_http **out,
				   struct prgate_error *err)
{
	struct prgate_http *h = NULL;
	struct origin o = {NULL, NULL, NULL};
	struct strbuf shown = STRBUF_INIT;
	enum prgate_status st = PRGATE_OK;
	size_t n;

	*out = NULL;
	if (!base_url || !*base_url)
		return prgate_error_set(err, PRGATE_ERR_USAGE, "empty API URL");
	prgate_http_redact(base_url, &shown);
	if (origin_of(base_url, &o)) {
		st = prgate_error_set(err, PRGATE_ERR_USAGE,
				      "API URL \"%s\" is not an http(s) URL",
				      shown.buf);
		goto out;
	}
	if (strpbrk(base_url, "@?#")) {
		st = prgate_error_set(err, PRGATE_ERR_USAGE,
				      "API URL \"%s\" must not have user "
				      "info, a query or a fragment",
				      shown.buf);
		goto out;
	}
	if (token && *token) {
		if (strpbrk(token, "\r\n")) {
			st = prgate_error_set(err, PRGATE_ERR_USAGE,
					      "the token has a line break in "
					      "it");
			goto out;
		}
		if (!strcasecmp(o.scheme, "http") && !is_loopback(o.host)) {
			st = prgate_error_set(
			    err, PRGATE_ERR_USAGE,
			    "refusing to send the token to \"%s\" over plain "
			    "http: use https (http is only for 127.0.0.1, "
			    "localhost and ::1)",
			    shown.buf);
			goto out;
		}
	}

	if (lib_load()) {
		st = prgate_error_set(err, PRGATE_ERR_NETWORK, "%s", lib_error);
		goto out;
	}
	/*
	 * libcurl (OpenSSL) writes every TLS session key to $SSLKEYLOGFILE
	 * when that is set at its initialisation: whoever set it could read
	 * the token off the wire. Never.
	 */
	unsetenv("SSLKEYLOGFILE");
	if (!curl_users && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		st = prgate_error_set(err, PRGATE_ERR_NETWORK,
				      "cannot initialise libcurl");
		goto out;
	}
	curl_users++;
	h = xcalloc(1, sizeof(*h));
	h->remaining = -1;
	h->multi = curl_multi_init();
	if (!h->multi) {
		prgate_http_free(h);
		h = NULL;
		st = prgate_error_set(err, PRGATE_ERR_NETWORK,
				      "cannot initialise libcurl");
		goto out;
	}
	curl_multi_setopt(h->multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
	if (opts && opts->max_connections > 0) {
		curl_multi_setopt(h->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
				  opts->max_connections);
		curl_multi_setopt(h->multi, CURLMOPT_MAX_HOST_CONNECTIONS,
				  opts->max_connections);
		/* and keep them between batches (libcurl's own cache size
		 * shrinks with the requests running, closing connections
		 * the next batch opens again) */
		curl_multi_setopt(h->multi, CURLMOPT_MAXCONNECTS,
				  opts->max_connections);
	}
	h->base = xstrdup(base_url);
	n = strlen(h->base);
	while (n > 0 && h->base[n - 1] == '/')
		h->base[--n] = '\0';
	if (token && *token) {
		struct strbuf a = STRBUF_INIT;
		strbuf_addf(&a, "Authorization: Bearer %s", token);
		h->auth = strbuf_detach(&a, NULL);
		h->token = xstrdup(token);
		prgate_redact_add(token);
	}
	if (opts)
		h->opts = *opts;
	else
		prgate_http_opts_init(&h->opts);
	if (h->opts.cache_dir && *h->opts.cache_dir) {
		struct prgate_error ce;
		if (prgate_cache_open(h->opts.cache_dir, h->opts.warn,
				      &h->cache, &ce) != PRGATE_OK &&
		    h->opts.warn) {
			struct strbuf msg = STRBUF_INIT;
			strbuf_addf(&msg, "%s; asking without the cache",
				    ce.message);
			h->opts.warn(msg.buf);
			strbuf_release(&msg);
		}
	}
	*out = h;
out:
	origin_release(&o);
	strbuf_release(&shown);
	return st;
}

void prgate_http_free(struct prgate_http *h)
{
	if (!h)
		return;
	if (h->multi)
		curl_multi_cleanup(h->multi);
	if (h->auth) {
		explicit_bzero(h->auth, strlen(h->auth));
		free(h->auth);
	}
	if (h->token) {
		explicit_bzero(h->token, strlen(h->token));
		free(h->token);
	}
	free(h->base);
	prgate_cache_free(h->cache);
	free(h);
	if (curl_users && !--curl_users)
		curl_global_cleanup();
}

const char *prgate_http_base(const struct prgate_http *h)
{
	return h->base;
}

void prgate_http_counts(const struct prgate_http *h, unsigned *requests,
			unsigned *batches)
{
	if (requests)
		*requests = h->requests;
	if (batches)
		*batches = h->batches;
}

/* ---- requests ---- */

void prgate_http_req_init(struct prgate_http_req *r, const char *method,
			  const char *url, const char *body)
{
	memset(r, 0, sizeof(*r));
	r->method = xstrdup(method ? method : "GET");
	r->url = xstrdup(url);
	r->body = body ? xstrdup(body) : NULL;
	strbuf_init(&r->reply, 0);
	prgate_error_clear(&r->err);
}

static void clear_headers(struct prgate_http_req *r)
{
	free(r->link);
	free(r->retry_after);
	free(r->ratelimit_remaining);
	free(r->ratelimit_reset);
	free(r->content_type);
	free(r->location);
	r->link = r->retry_after = r->ratelimit_remaining = NULL;
	r->ratelimit_reset = r->content_type = r->location = NULL;
}

void prgate_http_req_release(struct prgate_http_req *r)
{
	free(r->method);
	free(r->url);
	free(r->body);
	free(r->body_type);
	r->body_type = NULL;
	prgate_strlist_release(&r->headers);
	strbuf_release(&r->reply);
	clear_headers(r);
	r->method = r->url = r->body = NULL;
}

#define ACCEPT "application/vnd.github+json"

/* A request's progress through the batch. */
struct slot {
	struct prgate_http *h;
	struct prgate_http_req *req;
	CURL *easy;
	struct curl_slist *hdrs;
	long long due; /* monotonic ms: start the next attempt then */
	/* monotonic ms: the attempt times out then (0: it has no connection
	 * yet, so its clock has not started) */
	long long deadline;
	long waited;   /* ms slept between attempts so far */
	int state;     /* SLOT_WAITING, SLOT_RUNNING, SLOT_DONE */
	int too_big;   /* the reply went over max_body */
	int https;     /* the URL is https */
	int cacheable; /* a GET of the API: asked conditionally, kept */
	int cached;    /* ce holds the cached reply */
	int told;      /* req->done was called */
	int api;       /* the URL is of the base URL's origin */
	struct prgate_cache_entry ce;
	char errbuf[CURL_ERROR_SIZE];
};

enum { SLOT_WAITING, SLOT_RUNNING, SLOT_DONE };

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *userp)
{
	struct slot *s = userp;
	size_t n = size * nmemb;

	if (s->req->reply.len + n > s->h->opts.max_body) {
		s->too_big = 1;
		return 0; /* aborts with CURLE_WRITE_ERROR */
	}
	strbuf_add(&s->req->reply, data, n);
	return n;
}

static struct curl_slist *add_header(struct curl_slist *l, const char *line)
{
	struct curl_slist *n = curl_slist_append(l, line);
	if (!n)
		die_oom(strlen(line));
	return n;
}

static void build_headers(struct slot *s)
{
	struct prgate_http_req *r = s->req;
	struct curl_slist *l = NULL;

	l = add_header(l, "Accept: " ACCEPT);
	l = add_header(l, "X-GitHub-Api-Version: 2022-11-28");
	if (r->body) {
		struct strbuf ct = STRBUF_INIT;
		strbuf_addf(&ct, "Content-Type: %s",
			    r->body_type ? r->body_type : "application/json");
		l = add_header(l, ct.buf);
		strbuf_release(&ct);
		l = add_header(l, "Expect:");
	}
	for (size_t i = 0; i < r->headers.n; i++)
		l = add_header(l, r->headers.v[i]);
	if (s->h->auth && prgate_http_same_origin(r->url, s->h->base))
		l = add_header(l, s->h->auth);
	s->cacheable = s->h->cache && !strcmp(r->method, "GET") &&
		       under_base(s->h, r->url) && !r->headers.n;
	if (s->cacheable && prgate_cache_get(s->h->cache, r->url, &s->ce)) {
		/*
		 * Both tags: the one GitHub would give the cached body
		 * with this run's Accept and Authorization (an Actions
		 * token is new every run) and the one it gave then.
		 */
		struct strbuf inm = STRBUF_INIT;
		char tag[PRGATE_SHA256_HEX_LEN + 2];
		prgate_cache_etag(ACCEPT, s->h->auth ? s->h->auth + 15 : NULL,
				  s->ce.body.buf, s->ce.body.len, tag);
		strbuf_addf(&inm, "If-None-Match: %s", tag);
		if (strcmp(tag, s->ce.etag))
			strbuf_addf(&inm, ", %s", s->ce.etag);
		l = add_header(l, inm.buf);
		explicit_bzero(tag, sizeof(tag));
		strbuf_release(&inm);
		s->cached = 1;
	}
	s->hdrs = l;
}

static void free_headers(struct curl_slist *l)
{
	for (struct curl_slist *p = l; p; p = p->next)
		if (!strncasecmp(p->data, "Authorization:", 14))
			explicit_bzero(p->data, strlen(p->data));
	curl_slist_free_all(l);
}

/* A trusted CA bundle other than the system's: $CURL_CA_BUNDLE, else
 * $SSL_CERT_FILE; NULL for libcurl's default. */
static const char *ca_file(void)
{
	const char *v = getenv("CURL_CA_BUNDLE");
	if (v && *v)
		return v;
	v = getenv("SSL_CERT_FILE");
	return v && *v ? v : NULL;
}

/* url is http:// (not https) to a loopback host. */
static int is_plain_loopback(const char *url)
{
	struct origin o = {NULL, NULL, NULL};
	int yes = !origin_of(url, &o) && !strcasecmp(o.scheme, "http") &&
		  is_loopback(o.host);
	origin_release(&o);
	return yes;
}

/*
 * libcurl calls this when the attempt has its connection, right before the
 * request goes out: its timeout counts from here, not from when it joined
 * the queue for a connection (CURLOPT_TIMEOUT_MS would count that wait).
 */
static int on_connected(void *userp, char *ip, char *local_ip, int port,
			int local_port)
{
	struct slot *s = userp;
	(void)ip;
	(void)local_ip;
	(void)port;
	(void)local_port;
	s->deadline = now_ms() + s->h->opts.timeout_ms;
	return CURL_PREREQFUNC_OK;
}

/* Start one attempt; -1 when libcurl cannot even set it up. */
static int start_attempt(struct slot *s)
{
	struct prgate_http *h = s->h;
	struct prgate_http_req *r = s->req;
	CURL *e = curl_easy_init();

	if (!e)
		return -1;
	if (!s->hdrs)
		build_headers(s);
	strbuf_reset(&r->reply);
	clear_headers(r);
	r->code = 0;
	r->not_modified = 0;
	s->too_big = 0;
	s->errbuf[0] = '\0';
	curl_easy_setopt(e, CURLOPT_URL, r->url);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "https,http");
	/*
	 * Plain http goes only to loopback (the token never goes anywhere
	 * else in clear): never through a proxy, which would see it all.
	 * https may use the proxy of the environment: libcurl tunnels it
	 * (CONNECT), so the proxy sees the host name and nothing else.
	 */
	if (is_plain_loopback(r->url))
		curl_easy_setopt(e, CURLOPT_PROXY, "");
	if (ca_file())
		curl_easy_setopt(e, CURLOPT_CAINFO, ca_file());
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	/*
	 * Over https, wait for the first connection's TLS handshake to tell
	 * whether HTTP/2 multiplexes the batch on it. Over plain http (only
	 * loopback, for tests) there is no HTTP/2 to wait for, and waiting
	 * would send a batch's requests one after another.
	 */
	curl_easy_setopt(e, CURLOPT_PIPEWAIT,
			 strncasecmp(r->url, "https:", 6) ? 0L : 1L);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_VERBOSE, 0L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
			 h->opts.connect_timeout_ms);
	s->deadline = 0;
	if (curl_easy_setopt(e, CURLOPT_PREREQFUNCTION, on_connected) !=
		CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_PREREQDATA, s) != CURLE_OK)
		/* a libcurl older than 7.80: its own clock, wait included */
		curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, h->opts.timeout_ms);
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE,
			 (curl_off_t)h->opts.max_body);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_USERAGENT, "prgate/" PRGATE_VERSION);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, s->hdrs);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, s);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, s->errbuf);
	curl_easy_setopt(e, CURLOPT_PRIVATE, s);
	if (strcmp(r->method, "GET")) {
		if (!strcmp(r->method, "POST"))
			curl_easy_setopt(e, CURLOPT_POST, 1L);
		else
			curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, r->method);
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, r->body ? r->body : "");
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
				 (curl_off_t)(r->body ? strlen(r->body) : 0));
	}
	if (curl_multi_add_handle(h->multi, e) != CURLM_OK) {
		curl_easy_cleanup(e);
		return -1;
	}
	s->easy = e;
	s->state = SLOT_RUNNING;
	r->attempts++;
	h->requests++;
	return 0;
}

/* Every value of a response header, joined by ", "; NULL when absent. */
static char *get_header(CURL *e, const char *name)
{
	struct curl_header *hh;
	struct strbuf sb = STRBUF_INIT;
	size_t amount;

	if (curl_easy_header(e, name, 0, CURLH_HEADER, -1, &hh) != CURLHE_OK)
		return NULL;
	amount = hh->amount;
	for (size_t i = 0; i < amount; i++) {
		if (curl_easy_header(e, name, i, CURLH_HEADER, -1, &hh) !=
		    CURLHE_OK)
			break;
		if (i)
			strbuf_addstr(&sb, ", ");
		strbuf_addstr(&sb, hh->value);
	}
	return strbuf_detach(&sb, NULL);
}

/* Seconds as a number, or -1 when s is not one. */
static long long parse_seconds(const char *s)
{
	long long v = 0;
	if (!s)
		return -1;
	while (*s == ' ' || *s == '\t')
		s++;
	if (!isdigit((unsigned char)*s))
		return -1;
	for (; isdigit((unsigned char)*s); s++) {
		if (v > (LLONG_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	while (*s == ' ' || *s == '\t')
		s++;
	return *s ? -1 : v;
}

/* Retry-After in ms from now: delta-seconds or an HTTP date; -1 if none. */
static long long retry_after_ms(const char *v)
{
	long long secs = parse_seconds(v);
	time_t t;

	if (secs >= 0)
		return secs * 1000;
	if (!v)
		return -1;
	t = curl_getdate(v, NULL);
	if (t == (time_t)-1)
		return -1;
	secs = (long long)(t - time(NULL));
	return secs > 0 ? secs * 1000 : 0;
}

/*
 * "14:05:00 UTC (in 12 min)" for the epoch time now + secs; with the date
 * when that is not today.
 */
static void when(struct strbuf *out, time_t now, long long secs)
{
	time_t at = now + (time_t)secs;
	struct tm tm_at, tm_now;
	char buf[64];

	gmtime_r(&at, &tm_at);
	gmtime_r(&now, &tm_now);
	if (tm_at.tm_year == tm_now.tm_year && tm_at.tm_yday == tm_now.tm_yday)
		strftime(buf, sizeof(buf), "%H:%M:%S UTC", &tm_at);
	else
		strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S UTC", &tm_at);
	strbuf_addstr(out, buf);
	if (secs <= 0)
		strbuf_addstr(out, " (now)");
	else if (secs < 60)
		strbuf_addf(out, " (in %lld s)", secs);
	else if (secs < 120 * 60)
		strbuf_addf(out, " (in %lld min)", (secs + 30) / 60);
	else
		strbuf_addf(out, " (in %lld h %lld min)", secs / 3600,
			    (secs % 3600 + 30) / 60);
}

static int contains_icase(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= len; i++)
		if (!strncasecmp(hay + i, needle, n))
			return 1;
	return 0;
}

/*
 * The error of a rate limit (kind: HOLD_*) that lifts at the epoch time
 * at, as of the epoch time wall.
 */
static void limit_error(struct prgate_error *err, int kind, time_t at,
			time_t wall)
{
	struct strbuf msg = STRBUF_INIT;

	if (kind == HOLD_NO_RESET) {
		prgate_error_set(err, PRGATE_ERR_UNDECIDED,
				 "GitHub API rate limit exceeded; no reset "
				 "time was given");
		return;
	}
	when(&msg, wall, (long long)(at - wall));
	if (kind == HOLD_SECONDARY)
		prgate_error_set(err, PRGATE_ERR_UNDECIDED,
				 "GitHub secondary rate limit exceeded; retry "
				 "after %s",
				 msg.buf);
	else
		prgate_error_set(err, PRGATE_ERR_UNDECIDED,
				 "GitHub API rate limit exceeded; it resets at "
				 "%s",
				 msg.buf);
	strbuf_release(&msg);
}

/* The error of a read refused by prgate_http_keep(), with left
 * requests left once those in flight are done. */
static void kept_error(const struct prgate_http *h, long long left,
		       struct prgate_error *err)
{
	struct strbuf msg = STRBUF_INIT;
	time_t wall = time(NULL);

	if (h->remaining_reset > 0) {
		strbuf_addstr(&msg, " until ");
		when(&msg, wall, h->remaining_reset - (long long)wall);
	}
	prgate_error_set(err, PRGATE_ERR_UNDECIDED,
			 "GitHub API rate limit nearly spent: %lld requests "
			 "left%s, kept for this run's writes",
			 left, msg.buf);
	strbuf_release(&msg);
}

void prgate_http_keep(struct prgate_http *h, long n)
{
	h->keep = n;
}

long long prgate_http_remaining(const struct prgate_http *h)
{
	if (h->remaining < 0 || h->remaining_reset <= (long long)time(NULL))
		return -1;
	return h->remaining;
}

void prgate_http_budget_from(struct prgate_http *h,
			     const struct prgate_http *other)
{
	if (prgate_http_remaining(other) < 0 ||
	    (prgate_http_remaining(h) >= 0 &&
	     other->remaining_reset <= h->remaining_reset &&
	     other->remaining >= h->remaining))
		return;
	h->remaining = other->remaining;
	h->remaining_reset = other->remaining_reset;
}

/* The error of h's rate limit hold, as of now. */
static void hold_error(const struct prgate_http *h, struct prgate_error *err)
{
	limit_error(err, h->hold_kind, h->hold_at, time(NULL));
}

/*
 * The API said a rate limit holds for delay ms more (at: when, in epoch
 * seconds; delay < 0: for good): nothing more to its origin until then,
 * and nothing at all when that is beyond the wait budget.
 */
static void hold(struct prgate_http *h, int kind, long long delay, time_t at,
		 long long now)
{
	long long until = delay < 0 ? LLONG_MAX : now + delay;

	if (until <= h->hold_ms)
		return;
	h->hold_ms = until;
	h->hold_at = at;
	h->hold_kind = kind;
	h->latched = delay < 0 || delay > h->opts.max_wait_ms;
}

/*
 * Schedule another attempt after delay ms if the budget allows;
 * 0 when scheduled, -1 when the caller must give up.
 */
static int retry_after(struct slot *s, long long delay, long long now)
{
	struct prgate_http_opts *o = &s->h->opts;

	if (s->req->attempts > o->max_retries)
		return -1;
	if (delay < 0)
		delay = 0;
	if (delay > (long long)o->max_wait_ms - s->waited)
		return -1;
	s->waited += (long)delay;
	s->due = now + delay;
	s->state = SLOT_WAITING;
	return 0;
}

static long long backoff(const struct slot *s)
{
	long long d = s->h->opts.retry_base_ms;
	for (int i = 1; i < s->req->attempts && d < 3600000; i++)
		d *= 2;
	return d;
}

static void give_up_suffix(struct strbuf *sb, const struct slot *s)
{
	if (s->req->attempts > 1)
		strbuf_addf(sb, " (gave up after %d tries)", s->req->attempts);
}

/*
 * The server's certificate could not be verified (or the CA file could
 * not be read): trying again would only ask the same untrusted server.
 */
static int is_certificate_error(CURLcode res)
{
	return res == CURLE_PEER_FAILED_VERIFICATION ||
	       res == CURLE_SSL_CACERT_BADFILE ||
	       res == CURLE_SSL_CERTPROBLEM || res == CURLE_SSL_ISSUER_ERROR ||
	       res == CURLE_SSL_PINNEDPUBKEYNOTMATCH ||
	       res == CURLE_SSL_INVALIDCERTSTATUS ||
	       res == CURLE_SSL_CRL_BADFILE;
}

/* Judge a finished attempt: done (with st/err set) or retry. */
static void finish_attempt(struct slot *s, CURLcode res)
{
	struct prgate_http *h = s->h;
	struct prgate_http_req *r = s->req;
	CURL *e = s->easy;
	int is_get = !strcmp(r->method, "GET");
	long long now = now_ms();
	struct strbuf msg = STRBUF_INIT;
	long code = 0;

	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code);
	r->code = code;
	if (code > 0 && !strncasecmp(r->url, "https:", 6))
		h->verified = 1;
	if (code > 0) {
		r->link = get_header(e, "Link");
		r->retry_after = get_header(e, "Retry-After");
		r->ratelimit_remaining = get_header(e, "x-ratelimit-remaining");
		r->ratelimit_reset = get_header(e, "x-ratelimit-reset");
		r->content_type = get_header(e, "Content-Type");
		r->location = get_header(e, "Location");
		/* a server that repeats the token never gets it shown */
		prgate_redact(&r->reply);
		r->link = redact_str(r->link);
		r->location = redact_str(r->location);
		r->content_type = redact_str(r->content_type);
		r->retry_after = redact_str(r->retry_after);
	}
	if (code == 304 && s->cached) {
		/* not modified: the cached reply, which GitHub confirmed */
		strbuf_reset(&r->reply);
		strbuf_add(&r->reply, s->ce.body.buf, s->ce.body.len);
		free(r->link);
		r->link = s->ce.link ? xstrdup(s->ce.link) : NULL;
		r->code = code = 200;
		r->not_modified = 1;
		prgate_cache_entry_release(&s->ce); /* copied: not kept twice */
	} else if (code == 200 && s->cacheable && res == CURLE_OK &&
		   !s->too_big) {
		char *etag = redact_str(get_header(e, "ETag"));
		if (etag)
			prgate_cache_put(h->cache, r->url, etag, r->link,
					 r->reply.buf, r->reply.len);
		free(etag);
	}
	curl_multi_remove_handle(h->multi, e);
	curl_easy_cleanup(e);
	s->easy = NULL;
	s->state = SLOT_DONE;
	r->st = PRGATE_OK;
	prgate_error_clear(&r->err);

	if (s->too_big || res == CURLE_FILESIZE_EXCEEDED) {
		prgate_http_describe(h, r->method, r->url, &msg);
		if (h->opts.max_body % ((size_t)1 << 20) == 0)
			prgate_error_set(&r->err, PRGATE_ERR_API,
					 "the reply to %s is over the %zu MiB "
					 "limit",
					 msg.buf, h->opts.max_body >> 20);
		else
			prgate_error_set(&r->err, PRGATE_ERR_API,
					 "the reply to %s is over the %zu "
					 "byte limit",
					 msg.buf, h->opts.max_body);
		goto out;
	}

	if (res != CURLE_OK) {
		int unsent = res == CURLE_COULDNT_CONNECT ||
			     res == CURLE_COULDNT_RESOLVE_HOST ||
			     res == CURLE_COULDNT_RESOLVE_PROXY;
		int cert = is_certificate_error(res);
		if ((is_get || unsent) && !cert &&
		    !retry_after(s, backoff(s), now))
			goto out;
		strbuf_addf(&msg, "cannot %s ", r->method);
		prgate_http_redact(r->url, &msg);
		strbuf_addf(&msg, ": %s",
			    s->errbuf[0] ? s->errbuf : curl_easy_strerror(res));
		if (cert)
			strbuf_addstr(&msg,
				      " (the server's certificate is "
				      "not trusted; for a private CA set "
				      "CURL_CA_BUNDLE or SSL_CERT_FILE to "
				      "its certificate)");
		give_up_suffix(&msg, s);
		prgate_error_set(&r->err, PRGATE_ERR_NETWORK, "%s", msg.buf);
		if (cert && !h->untrusted.status)
			h->untrusted = r->err;
		goto out;
	}

	if (s->api && r->ratelimit_remaining) {
		/* the budget left: the least said in this window (GitHub's
		 * is an hour: a reset not within it is not this window's) */
		long long left = parse_seconds(r->ratelimit_remaining);
		long long reset = parse_seconds(r->ratelimit_reset);
		long long wall = (long long)time(NULL);
		if (left >= 0 && reset > wall && reset <= wall + 3660 &&
		    (h->remaining < 0 || reset > h->remaining_reset + 5 ||
		     left < h->remaining)) {
			h->remaining = left;
			h->remaining_reset = reset;
		}
	}
	/*
	 * The primary rate limit spent: a refusal (403 or 429), or the
	 * reply that spent it, whose x-ratelimit-remaining is 0 (a reset
	 * in the past is an old recording's: nothing to wait for).
	 */
	if (r->ratelimit_remaining &&
	    parse_seconds(r->ratelimit_remaining) == 0) {
		long long reset = parse_seconds(r->ratelimit_reset);
		long long wall = (long long)time(NULL);
		long long delay = (reset - wall) * 1000 + 500;
		int refused = code == 403 || code == 429;
		if (s->api && reset < 0 && refused)
			hold(h, HOLD_NO_RESET, -1, 0, now);
		else if (s->api && reset >= wall && (refused || reset > wall))
			hold(h, HOLD_PRIMARY, delay, (time_t)reset, now);
		if (refused) {
			if (reset >= 0 && !retry_after(s, delay, now))
				goto out;
			limit_error(&r->err,
				    reset >= 0 ? HOLD_PRIMARY : HOLD_NO_RESET,
				    (time_t)reset, (time_t)wall);
			goto out;
		}
	}
	if (code == 429 ||
	    (code == 403 &&
	     (r->retry_after || contains_icase(r->reply.buf, r->reply.len,
					       "secondary rate limit")))) {
		long long delay = retry_after_ms(r->retry_after);
		time_t wall = time(NULL);
		if (delay < 0)
			delay = backoff(s) > 60000 ? backoff(s) : 60000;
		if (s->api)
			hold(h, HOLD_SECONDARY, delay,
			     wall + (time_t)((delay + 999) / 1000), now);
		if (!retry_after(s, delay, now))
			goto out;
		limit_error(&r->err, HOLD_SECONDARY,
			    wall + (time_t)((delay + 999) / 1000), wall);
		goto out;
	}
	if (code >= 500) {
		long long delay = retry_after_ms(r->retry_after);
		if (delay < backoff(s))
			delay = backoff(s);
		if (is_get && !retry_after(s, delay, now))
			goto out;
		strbuf_addstr(&msg, h->opts.service ? h->opts.service
				    : prgate_http_same_origin(r->url, h->base)
					? "GitHub"
					: "the server");
		strbuf_addf(&msg, " answered %ld", code);
		if (*prgate_http_reason(code))
			strbuf_addf(&msg, " %s", prgate_http_reason(code));
		strbuf_addstr(&msg, " to ");
		if (h->opts.service) {
			strbuf_addf(&msg, "%s ", r->method);
			prgate_http_redact(r->url, &msg);
		} else {
			prgate_http_describe(h, r->method, r->url, &msg);
		}
		give_up_suffix(&msg, s);
		prgate_error_set(&r->err, PRGATE_ERR_API, "%s", msg.buf);
		goto out;
	}
out:
	r->st = r->err.status; /* PRGATE_OK when done or retrying */
	strbuf_release(&msg);
}

/* Call s's req->done, once. */
static void tell(struct slot *s)
{
	if (s->told)
		return;
	s->told = 1;
	if (s->req->done)
		s->req->done(s->req, s->req->done_ctx);
}

/*
 * 1 when s's attempt runs but has sent nothing yet: it waits for a
 * connection (libcurl's queue), or its connection is being made.
 */
static int unsent(struct slot *s)
{
	long size = -1;
	return s->state == SLOT_RUNNING && s->easy &&
	       curl_easy_getinfo(s->easy, CURLINFO_REQUEST_SIZE, &size) ==
		   CURLE_OK &&
	       size == 0;
}

/* Take back s's attempt, which sent nothing: it waits again, due now. */
static void unstart(struct slot *s, long long now)
{
	curl_multi_remove_handle(s->h->multi, s->easy);
	curl_easy_cleanup(s->easy);
	s->easy = NULL;
	s->state = SLOT_WAITING;
	s->due = now;
	s->deadline = 0;
	s->req->attempts--;
	s->h->requests--;
}

/* End s's attempt as timed out (libcurl's words), to retry or fail. */
static void time_out(struct slot *s, long long now)
{
	snprintf(s->errbuf, sizeof(s->errbuf),
		 "Operation timed out after %lld milliseconds with %zu bytes "
		 "received",
		 now - s->deadline + s->h->opts.timeout_ms, s->req->reply.len);
	finish_attempt(s, CURLE_OPERATION_TIMEDOUT);
	if (s->state == SLOT_DONE)
		tell(s);
}

/* End s, waiting or running, with the client's certificate error. */
static void untrusted(struct slot *s)
{
	if (s->easy) {
		curl_multi_remove_handle(s->h->multi, s->easy);
		curl_easy_cleanup(s->easy);
		s->easy = NULL;
	}
	s->state = SLOT_DONE;
	s->req->err = s->h->untrusted;
	s->req->st = s->req->err.status;
}

enum prgate_status prgate_http_run(struct prgate_http *h,
				   struct prgate_http_req **reqs, size_t n,
				   struct prgate_error *err)
{
	struct slot *slots = xcalloc(n ? n : 1, sizeof(*slots));
	long long start = now_ms();
	enum prgate_status st = PRGATE_OK;

	h->batches++;
	for (size_t i = 0; i < n; i++) {
		struct prgate_http_req *r = reqs[i];
		slots[i].h = h;
		slots[i].req = r;
		slots[i].state = SLOT_WAITING;
		slots[i].https = !strncasecmp(r->url, "https:", 6);
		slots[i].api = prgate_http_same_origin(r->url, h->base);
		slots[i].due = start + (r->delay_ms > 0 ? r->delay_ms : 0);
		r->attempts = 0;
		r->st = PRGATE_OK;
		r->code = 0;
		prgate_error_clear(&r->err);
		/* the headers when it first starts: reading the cache and
		 * hashing overlap the other requests' waits */
	}

	for (;;) {
		long long now = now_ms();
		int running = 0, waiting = 0, still = 0;
		struct CURLMsg *m;
		int left;

		int probing = 0; /* an https request runs, none verified */
		long active = 0; /* requests running */
		long long api_active = 0; /* ...of them to the API */
		if (h->hold_ms && h->hold_ms != LLONG_MAX &&
		    now >= h->hold_ms) {
			h->hold_ms = 0; /* the limit has lifted */
			h->latched = 0;
		}
		for (size_t i = 0; i < n; i++) {
			probing |= slots[i].state == SLOT_RUNNING &&
				   !h->verified && slots[i].https;
			active += slots[i].state == SLOT_RUNNING;
			api_active +=
			    slots[i].state == SLOT_RUNNING && slots[i].api;
		}
		for (size_t i = 0; i < n; i++) {
			struct slot *s = &slots[i];
			int https = s->https;
			if (s->state == SLOT_DONE)
				continue;
			if (h->untrusted.status && s->state != SLOT_DONE)
				untrusted(s); /* no more connections */
			/* rate limited: the API's requests not yet sent
			 * (started but still waiting for a connection too)
			 * wait for the reset, or fail now when it is beyond
			 * their budget */
			if (s->api && h->hold_ms && unsent(s)) {
				unstart(s, now);
				active--;
				api_active--;
			}
			if (s->state == SLOT_WAITING && s->api && h->hold_ms &&
			    (h->latched || s->due <= now)) {
				long long extra = h->hold_ms - now;
				if (h->latched ||
				    extra > h->opts.max_wait_ms - s->waited) {
					s->state = SLOT_DONE;
					hold_error(h, &s->req->err);
					s->req->st = s->req->err.status;
					tell(s);
					continue;
				}
				s->waited += (long)extra;
				s->due = h->hold_ms;
			}
			/* the budget left is kept for writes: no more reads */
			if (s->state == SLOT_WAITING && s->api && h->keep > 0 &&
			    h->remaining >= 0 &&
			    !strcmp(s->req->method, "GET") &&
			    h->remaining - api_active <= h->keep &&
			    (h->remaining_reset - (long long)time(NULL)) *
				    1000 >
				h->opts.max_wait_ms) {
				kept_error(h,
					   h->remaining > api_active
					       ? h->remaining - api_active
					       : 0,
					   &s->req->err);
				s->state = SLOT_DONE;
				s->req->st = s->req->err.status;
				tell(s);
				continue;
			}
			/* a sliding window: at most max_requests at once */
			if (s->state == SLOT_WAITING &&
			    h->opts.max_requests > 0 &&
			    active >= h->opts.max_requests) {
				waiting++;
				continue;
			}
			/* until a certificate is verified, one https request
			 * at a time: an untrusted server gets one handshake */
			if (s->state == SLOT_WAITING && https && !h->verified &&
			    probing)
				continue;
			if (s->state == SLOT_WAITING && s->due <= now &&
			    https && !h->verified)
				probing = 1;
			if (s->state == SLOT_WAITING && s->due <= now) {
				if (start_attempt(s)) {
					s->state = SLOT_DONE;
					s->req->st = prgate_error_set(
					    &s->req->err, PRGATE_ERR_NETWORK,
					    "cannot set up a request with "
					    "libcurl");
				} else {
					active++;
					api_active += s->api;
				}
			}
			if (s->state == SLOT_RUNNING)
				running++;
			if (s->state == SLOT_WAITING)
				waiting++;
		}
		if (!running && !waiting)
			break;
		if (running &&
		    curl_multi_perform(h->multi, &still) != CURLM_OK) {
			for (size_t i = 0; i < n; i++)
				if (slots[i].state == SLOT_RUNNING)
					finish_attempt(&slots[i],
						       CURLE_OUT_OF_MEMORY);
			continue;
		}
		while ((m = curl_multi_info_read(h->multi, &left))) {
			char *p = NULL;
			if (m->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &p);
			if (p) {
				struct slot *s = (struct slot *)(void *)p;
				finish_attempt(s, m->data.result);
				if (s->state == SLOT_DONE)
					tell(s);
			}
		}
		now = now_ms();
		for (size_t i = 0; i < n; i++)
			if (slots[i].state == SLOT_RUNNING &&
			    slots[i].deadline && now >= slots[i].deadline)
				time_out(&slots[i], now);
		{
			/*
			 * At most 20 ms while requests run: libcurl 7.88 can
			 * take in the end of an HTTP/2 stream without waking
			 * the poll for it, and the request then waited for
			 * the next wake-up (a second, when nothing else
			 * happened). Waking 50 times a second costs nothing.
			 */
			long long wait = running ? 20 : 1000;
			int rest = 0;
			long busy = 0;
			now = now_ms();
			for (size_t i = 0; i < n; i++)
				busy += slots[i].state == SLOT_RUNNING;
			/* a full window waits for a reply, not for a due time
			 */
			if (h->opts.max_requests > 0 &&
			    busy >= h->opts.max_requests)
				busy = -1;
			for (size_t i = 0; i < n; i++) {
				if (slots[i].state == SLOT_WAITING &&
				    busy >= 0 && slots[i].due - now < wait)
					wait = slots[i].due - now;
				if (slots[i].state == SLOT_RUNNING &&
				    slots[i].deadline &&
				    slots[i].deadline - now < wait)
					wait = slots[i].deadline - now;
				if (slots[i].state != SLOT_DONE)
					rest = 1;
			}
			if (!rest)
				break;
			if (wait < 0)
				wait = 0;
			curl_multi_poll(h->multi, NULL, 0, (int)wait, NULL);
		}
	}

	for (size_t i = 0; i < n; i++)
		tell(&slots[i]); /* those that never started, or failed so */
	for (size_t i = 0; i < n; i++) {
		free_headers(slots[i].hdrs);
		if (slots[i].cached)
			prgate_cache_entry_release(&slots[i].ce);
		if (st == PRGATE_OK && reqs[i]->st != PRGATE_OK) {
			st = reqs[i]->st;
			if (err)
				*err = reqs[i]->err;
		}
	}
	free(slots);
	return st;
}

enum prgate_status prgate_http_send(struct prgate_http *h, const char *method,
				    const char *url, const char *json,
				    struct prgate_http_req *req,
				    struct prgate_error *err)
{
	struct prgate_http_req *one = req;
	prgate_http_req_init(req, method, url, json);
	return prgate_http_run(h, &one, 1, err);
}
