/*
 * github.c - the GitHub facts about a pull request: references, remote
 * URLs, Link headers, times, the JSON decoders and the fetch rounds (see
 * github.h).
 */
#include "support/datetime.h"
#include "gate/github.h"

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "support/json.h"

/* ---- configuration ---- */

void prgate_github_init(struct prgate_github *gh)
{
	memset(gh, 0, sizeof(*gh));
	prgate_http_opts_init(&gh->http);
	gh->mergeable_delay_ms = 2000;
	gh->max_pages = 50;
	gh->max_deps = 20;
}

void prgate_github_release(struct prgate_github *gh)
{
	prgate_http_free(gh->client);
	gh->client = NULL;
}

enum prgate_status prgate_github_client(struct prgate_github *gh,
					struct prgate_http **out,
					struct prgate_error *err)
{
	enum prgate_status st = PRGATE_OK;

	if (!gh->client && gh->shared) {
		*out = gh->shared;
		return PRGATE_OK;
	}
	if (!gh->client)
		st = prgate_http_new(gh->api_url ? gh->api_url
						 : PRGATE_GITHUB_API_URL,
				     gh->token, &gh->http, &gh->client, err);
	*out = gh->client;
	return st;
}

enum prgate_status prgate_github_login(struct prgate_github *gh,
				       struct strbuf *out,
				       struct prgate_error *err)
{
	struct prgate_http *h;
	struct prgate_http_req req;
	struct prgate_json_doc *doc = NULL;
	struct strbuf url = STRBUF_INIT, ep = STRBUF_INIT, msg = STRBUF_INIT;
	enum prgate_status st;
	const char *login;

	if ((st = prgate_github_client(gh, &h, err)) != PRGATE_OK)
		return st;
	strbuf_addf(&url, "%s/user", prgate_http_base(h));
	prgate_http_describe(h, "GET", url.buf, &ep);
	st = prgate_http_send(h, NULL, url.buf, NULL, &req, err);
	if (st == PRGATE_OK && req.st != PRGATE_OK) {
		if (err)
			*err = req.err;
		st = req.st;
	}
	if (st != PRGATE_OK)
		goto out;
	if (req.code == 403 || req.code == 404)
		goto out; /* a token of no user (an app's): out stays empty */
	if (req.code != 200) {
		prgate_github_error_message(&req, &msg);
		st = prgate_error_set(err, PRGATE_ERR_API,
				      "%s answered %ld %s%s%s", ep.buf,
				      req.code, prgate_http_reason(req.code),
				      msg.len ? ": " : "", msg.buf);
		goto out;
	}
	if ((st = prgate_github_parse_reply(
		 ep.buf, req.reply.buf, req.reply.len, &doc, err)) != PRGATE_OK)
		goto out;
	login = prgate_json_get_string(prgate_json_root(doc), "login");
	if (!login || !*login)
		st = prgate_error_set(err, PRGATE_ERR_API,
				      "unexpected reply from %s: \"login\" is "
				      "missing",
				      ep.buf);
	else
		strbuf_addstr(out, login);
out:
	prgate_json_free(doc);
	prgate_http_req_release(&req);
	strbuf_release(&url);
	strbuf_release(&ep);
	strbuf_release(&msg);
	return st;
}

/* ---- references ---- */

static int is_owner_char(int c)
{
	return isalnum(c) || c == '-' || c == '_';
}

static int is_repo_char(int c)
{
	return isalnum(c) || c == '-' || c == '_' || c == '.';
}

/* Copy s[0, n) to an owner or repository field if it is a valid name. */
static int set_name(char *dst, size_t cap, const char *s, size_t n,
		    int (*ok)(int))
{
	if (n == 0 || n >= cap)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!ok((unsigned char)s[i]))
			return -1;
	if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
		return -1;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return 0;
}

/* Are ref's owner, repository and number valid (safe in a URL path)? */
static int ref_ok(const struct prgate_github_ref *ref)
{
	char tmp[128];
	return ref->number > 0 &&
	       !set_name(tmp, sizeof(tmp), ref->owner,
			 strnlen(ref->owner, sizeof(ref->owner)),
			 is_owner_char) &&
	       !set_name(tmp, sizeof(tmp), ref->repo,
			 strnlen(ref->repo, sizeof(ref->repo)), is_repo_char);
}

/* "owner/repo" in s[0, n) into ref; -1 when it is not that. */
static int set_repo(struct prgate_github_ref *ref, const char *s, size_t n)
{
	const char *slash = memchr(s, '/', n);
	if (!slash)
		return -1;
	if (set_name(ref->owner, sizeof(ref->owner), s, (size_t)(slash - s),
		     is_owner_char))
		return -1;
	return set_name(ref->repo, sizeof(ref->repo), slash + 1,
			n - (size_t)(slash - s) - 1, is_repo_char);
}

/* A PR number in s[0, n): 1 to INT_MAX, no sign, no leading zero. */
static long parse_number(const char *s, size_t n)
{
	long v = 0;
	if (n == 0 || n > 10 || s[0] == '0')
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v > INT_MAX ? -1 : v;
}

static int set_host(struct prgate_github_ref *ref, const char *s, size_t n)
{
	if (n == 0 || n >= sizeof(ref->host))
		return -1;
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)s[i];
		if (!isalnum(c) && c != '.' && c != '-' && c != ':' &&
		    c != '[' && c != ']')
			return -1;
		ref->host[i] = (char)tolower(c);
	}
	ref->host[n] = '\0';
	return 0;
}

static enum prgate_status bad_ref(const char *s, struct prgate_github_ref *ref,
				  struct prgate_error *err)
{
	memset(ref, 0, sizeof(*ref));
	return prgate_error_set(err, PRGATE_ERR_USAGE,
				"\"%.200s\" is not a pull request: use NUMBER, "
				"OWNER/REPO#NUMBER or a pull request URL",
				s);
}

static enum prgate_status bad_number(const char *s,
				     struct prgate_github_ref *ref,
				     struct prgate_error *err)
{
	memset(ref, 0, sizeof(*ref));
	return prgate_error_set(err, PRGATE_ERR_USAGE,
				"\"%.200s\" is not a valid pull request number",
				s);
}

/* HOST/OWNER/REPO/pull/NUMBER[/...] (after the scheme) into ref; 0 or -1. */
static int split_pr_url(const char *p, struct prgate_github_ref *ref)
{
	const char *seg[4];
	size_t len[4];
	size_t hn = strcspn(p, "/?#");
	int i;

	if (memchr(p, '@', hn) || set_host(ref, p, hn))
		return -1;
	p += hn;
	for (i = 0; i < 4; i++) {
		if (*p != '/')
			return -1;
		p++;
		seg[i] = p;
		len[i] = strcspn(p, "/?#");
		p += len[i];
	}
	if (*p && *p != '/' && *p != '?' && *p != '#')
		return -1;
	if (!((len[2] == 4 && !strncmp(seg[2], "pull", 4)) ||
	      (len[2] == 5 && !strncmp(seg[2], "pulls", 5))))
		return -1;
	if (set_name(ref->owner, sizeof(ref->owner), seg[0], len[0],
		     is_owner_char) ||
	    set_name(ref->repo, sizeof(ref->repo), seg[1], len[1],
		     is_repo_char))
		return -1;
	ref->number = parse_number(seg[3], len[3]);
	if (ref->number < 0)
		return -1;
	return 0;
}

enum prgate_status prgate_github_parse_ref(const char *s,
					   const char *default_repo,
					   struct prgate_github_ref *ref,
					   struct prgate_error *err)
{
	const char *b = s, *e, *hash;
	size_t n;

	memset(ref, 0, sizeof(*ref));
	if (!s)
		s = b = "";
	while (isspace((unsigned char)*b))
		b++;
	e = b + strlen(b);
	while (e > b && isspace((unsigned char)e[-1]))
		e--;
	n = (size_t)(e - b);
	if (n == 0)
		return prgate_error_set(err, PRGATE_ERR_USAGE,
					"empty pull request reference");
	if (n > 1000)
		return bad_ref(s, ref, err);
	if (!strncasecmp(b, "https://", 8) || !strncasecmp(b, "http://", 7)) {
		char *copy = xstrndup(b, n);
		int bad = split_pr_url(strstr(copy, "://") + 3, ref);
		free(copy);
		if (!bad)
			return PRGATE_OK;
		memset(ref, 0, sizeof(*ref));
		return prgate_error_set(err, PRGATE_ERR_USAGE,
					"\"%.200s\" is not a pull request URL "
					"(want https://HOST/OWNER/REPO/pull/"
					"NUMBER)",
					s);
	}
	hash = memchr(b, '#', n);
	if (hash && hash > b) {
		if (set_repo(ref, b, (size_t)(hash - b)))
			return bad_ref(s, ref, err);
		ref->number = parse_number(hash + 1, (size_t)(e - hash - 1));
		if (ref->number < 0)
			return bad_number(s, ref, err);
		return PRGATE_OK;
	}
	if (hash)
		b++;
	ref->number = parse_number(b, (size_t)(e - b));
	if (ref->number < 0) {
		for (const char *p = b; p < e; p++)
			if (!isdigit((unsigned char)*p))
				return bad_ref(s, ref, err);
		return bad_number(s, ref, err);
	}
	if (!default_repo || !*default_repo) {
		memset(ref, 0, sizeof(*ref));
		return prgate_error_set(
		    err, PRGATE_ERR_USAGE,
		    "no repository for pull request #%.20s: "
		    "use OWNER/REPO#%.20s",
		    b, b);
	}
	if (set_repo(ref, default_repo, strlen(default_repo))) {
		memset(ref, 0, sizeof(*ref));
		return prgate_error_set(err, PRGATE_ERR_USAGE,
					"default repository \"%.200s\" is not "
					"OWNER/REPO",
					default_repo);
	}
	return PRGATE_OK;
}

/* url without the user info of scheme://user:pass@host/... */
static void redact_remote(const char *url, struct strbuf *out)
{
	const char *p = strstr(url, "://");
	const char *at, *end;

	if (!p) {
		strbuf_addstr(out, url);
		return;
	}
	p += 3;
	end = p + strcspn(p, "/");
	at = NULL;
	for (const char *q = p; q < end; q++)
		if (*q == '@')
			at = q;
	if (!at) {
		strbuf_addstr(out, url);
		return;
	}
	strbuf_add(out, url, (size_t)(p - url));
	strbuf_addstr(out, at + 1);
}

/* The host, owner and repository of a remote URL into ref; 0 or -1. */
static int split_remote(const char *url, struct prgate_github_ref *ref)
{
	const char *p, *auth, *auth_end, *host, *host_end, *path, *pe, *slash;
	size_t n;

	p = strstr(url, "://");
	if (p) {
		static const char *const schemes[] = {
		    "ssh", "git", "http", "https", "git+ssh", "ssh+git"};
		size_t sl = (size_t)(p - url);
		int known = 0;
		for (size_t i = 0; i < ARRAY_SIZE(schemes); i++)
			if (strlen(schemes[i]) == sl &&
			    !strncasecmp(url, schemes[i], sl))
				known = 1;
		if (!known)
			return -1;
		auth = p + 3;
		auth_end = auth + strcspn(auth, "/");
		host = auth;
		for (const char *q = auth; q < auth_end; q++)
			if (*q == '@')
				host = q + 1;
		host_end = host;
		if (*host == '[') {
			host_end = memchr(host, ']', (size_t)(auth_end - host));
			if (!host_end)
				return -1;
			host_end++;
		} else {
			while (host_end < auth_end && *host_end != ':')
				host_end++;
		}
		path = auth_end;
	} else {
		/* scp-like: [user@]host:owner/repo */
		const char *colon = strchr(url, ':');
		if (!colon || memchr(url, '/', (size_t)(colon - url)))
			return -1;
		host = url;
		for (const char *q = url; q < colon; q++)
			if (*q == '@')
				host = q + 1;
		host_end = colon;
		path = colon + 1;
	}
	if (set_host(ref, host, (size_t)(host_end - host)))
		return -1;
	while (*path == '/')
		path++;
	pe = path + strlen(path);
	while (pe > path && pe[-1] == '/')
		pe--;
	if (pe - path > 4 && !strncmp(pe - 4, ".git", 4))
		pe -= 4;
	n = (size_t)(pe - path);
	slash = memchr(path, '/', n);
	if (!slash || memchr(slash + 1, '/', (size_t)(pe - slash - 1)))
		return -1;
	return set_repo(ref, path, n);
}

enum prgate_status prgate_github_parse_remote(const char *url,
					      struct prgate_github_ref *ref,
					      struct prgate_error *err)
{
	struct strbuf shown = STRBUF_INIT;

	memset(ref, 0, sizeof(*ref));
	if (!url)
		url = "";
	if (!split_remote(url, ref))
		return PRGATE_OK;
	memset(ref, 0, sizeof(*ref));
	redact_remote(url, &shown);
	prgate_error_set(err, PRGATE_ERR_INPUT,
			 "remote URL \"%.300s\" is not a GitHub repository "
			 "URL (want HOST/OWNER/REPO)",
			 shown.buf);
	strbuf_release(&shown);
	return PRGATE_ERR_INPUT;
}

/* ---- Link headers ---- */

static void skip_ows(const char **p)
{
	while (**p == ' ' || **p == '\t')
		(*p)++;
}

static int is_tchar(int c)
{
	return isalnum(c) || (c && strchr("!#$%&'*+-.^_`|~", c));
}

/* Does the space-separated list s[0, n) hold word (case-insensitive)? */
static int has_word(const char *s, size_t n, const char *word)
{
	size_t wl = strlen(word), i = 0;
	while (i < n) {
		size_t j;
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		j = i;
		while (j < n && s[j] != ' ' && s[j] != '\t')
			j++;
		if (j - i == wl && !strncasecmp(s + i, word, wl))
			return 1;
		i = j;
	}
	return 0;
}

int prgate_github_link_find(const char *header, const char *rel,
			    struct strbuf *out)
{
	const char *p = header ? header : "";
	struct strbuf val = STRBUF_INIT;
	int found = 0, ret = -1;

	strbuf_reset(out);
	for (;;) {
		const char *uri, *gt;
		int match = 0;

		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (!*p)
			break;
		if (*p != '<')
			goto out;
		uri = p + 1;
		gt = strchr(uri, '>');
		if (!gt || gt == uri)
			goto out;
		p = gt + 1;
		for (;;) {
			const char *name;
			size_t nl;
			skip_ows(&p);
			if (*p == ',' || !*p)
				break;
			if (*p != ';')
				goto out;
			p++;
			skip_ows(&p);
			name = p;
			while (is_tchar((unsigned char)*p))
				p++;
			nl = (size_t)(p - name);
			if (!nl)
				goto out;
			skip_ows(&p);
			strbuf_reset(&val);
			if (*p == '=') {
				p++;
				skip_ows(&p);
				if (*p == '"') {
					p++;
					while (*p && *p != '"') {
						if (*p == '\\' && p[1])
							p++;
						strbuf_addch(&val, *p++);
					}
					if (*p != '"')
						goto out;
					p++;
				} else {
					const char *v = p;
					while (is_tchar((unsigned char)*p))
						p++;
					if (p == v)
						goto out;
					strbuf_add(&val, v, (size_t)(p - v));
				}
			}
			if (nl == 3 && !strncasecmp(name, "rel", 3) &&
			    has_word(val.buf, val.len, rel))
				match = 1;
		}
		if (match && !found) {
			found = 1;
			strbuf_add(out, uri, (size_t)(gt - uri));
			strbuf_trim(out);
		}
	}
	ret = found;
out:
	if (ret < 0)
		strbuf_reset(out);
	strbuf_release(&val);
	return ret;
}

/* ---- times ---- */

static int days_in_month(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

int prgate_github_parse_time(const char *s, time_t *out)
{
	struct tm tm;
	int y, mo, d, h, mi, sec, off = 0;
	time_t t;

	if (!s || !prgate_digits(s, 4, &y) || s[4] != '-' ||
	    !prgate_digits(s + 5, 2, &mo) || s[7] != '-' ||
	    !prgate_digits(s + 8, 2, &d) ||
	    (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
	    !prgate_digits(s + 11, 2, &h) || s[13] != ':' ||
	    !prgate_digits(s + 14, 2, &mi) || s[16] != ':' ||
	    !prgate_digits(s + 17, 2, &sec))
		return -1;
	s += 19;
	if (*s == '.') {
		s++;
		if (!isdigit((unsigned char)*s))
			return -1;
		while (isdigit((unsigned char)*s))
			s++;
	}
	if (*s == 'Z' || *s == 'z') {
		s++;
	} else if (*s == '+' || *s == '-') {
		int oh, om, sign = *s == '-' ? -1 : 1;
		if (!prgate_digits(s + 1, 2, &oh))
			return -1;
		s += 3;
		if (*s == ':')
			s++;
		if (!prgate_digits(s, 2, &om) || oh > 23 || om > 59)
			return -1;
		s += 2;
		off = sign * (oh * 60 + om) * 60;
	} else {
		return -1;
	}
	if (*s || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) ||
	    h > 23 || mi > 59 || sec > 60)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	t = timegm(&tm);
	if (t == (time_t)-1 && !(y == 1969 && mo == 12 && d == 31))
		return -1;
	*out = t - off;
	return 0;
}

/* ---- decoding ---- */

struct dec {
	const char *ep;
	struct prgate_error *err;
};

static enum prgate_status bad(const struct dec *d, const char *fmt, ...)
    PRGATE_PRINTF(2, 3);

static enum prgate_status bad(const struct dec *d, const char *fmt, ...)
{
	char msg[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return prgate_error_set(d->err, PRGATE_ERR_API,
				"unexpected reply from %s: %s", d->ep, msg);
}

enum prgate_status prgate_github_parse_reply(const char *endpoint,
					     const char *text, size_t len,
					     struct prgate_json_doc **doc,
					     struct prgate_error *err)
{
	struct prgate_error e;
	const char *msg;
	size_t n = strlen(endpoint);

	if (prgate_json_parse(endpoint, text, len, 0, doc, &e) == PRGATE_OK) {
		struct strbuf path = STRBUF_INIT;
		enum prgate_status st = PRGATE_OK;
		/* a cut text could hide what follows the NUL: refuse it */
		int bad = prgate_json_find_bad_string(*doc, &path);
		if (bad) {
			st = prgate_error_set(
			    err, PRGATE_ERR_API,
			    "unexpected reply from %s: \"%.200s\" %s", endpoint,
			    path.buf,
			    bad == 1 ? "holds a NUL character (\\u0000)"
				     : "is not valid UTF-8");
			prgate_json_free(*doc);
			*doc = NULL;
		}
		strbuf_release(&path);
		return st;
	}
	/* "ENDPOINT:1:10: invalid JSON...": name the endpoint once */
	msg = e.message;
	if (!strncmp(msg, endpoint, n) && msg[n] == ':')
		msg += n + 1;
	if (len == 0)
		msg = "an empty body, not JSON";
	return prgate_error_set(err, PRGATE_ERR_API,
				"unexpected reply from %s: %s", endpoint, msg);
}

static enum prgate_status parse_doc(const struct dec *d, const char *text,
				    size_t len, struct prgate_json_doc **doc)
{
	return prgate_github_parse_reply(d->ep, text, len, doc, d->err);
}

static const char *type_name(const struct prgate_json *v)
{
	return prgate_json_type_name(prgate_json_type(v));
}

static enum prgate_status want_root(const struct dec *d,
				    const struct prgate_json *root,
				    enum prgate_json_type t)
{
	if (prgate_json_is(root, t))
		return PRGATE_OK;
	return bad(d, "the reply is %s, not %s", type_name(root),
		   prgate_json_type_name(t));
}

/*
 * Member key of obj (called path+key in messages) of type t. Absent: an
 * error when required, else *out NULL. null: *out NULL when nullable,
 * else an error.
 */
static enum prgate_status member(const struct dec *d,
				 const struct prgate_json *obj,
				 const char *path, const char *key,
				 enum prgate_json_type t, int required,
				 int nullable, const struct prgate_json **out)
{
	const struct prgate_json *v = prgate_json_get(obj, key);

	*out = NULL;
	if (!v) {
		if (required)
			return bad(d, "\"%s%s\" is missing", path, key);
		return PRGATE_OK;
	}
	if (prgate_json_is(v, PRGATE_JSON_NULL) && nullable)
		return PRGATE_OK;
	if (!prgate_json_is(v, t))
		return bad(d, "\"%s%s\" is %s, not %s", path, key, type_name(v),
			   prgate_json_type_name(t));
	*out = v;
	return PRGATE_OK;
}

/* A required, non-null string, copied to *out. */
static enum prgate_status str_req(const struct dec *d,
				  const struct prgate_json *obj,
				  const char *path, const char *key, char **out)
{
	const struct prgate_json *v;
	enum prgate_status st =
	    member(d, obj, path, key, PRGATE_JSON_STRING, 1, 0, &v);
	if (st == PRGATE_OK)
		*out = xstrdup(prgate_json_string(v));
	return st;
}

/* An optional string (absent or null: *out NULL). */
static enum prgate_status str_opt(const struct dec *d,
				  const struct prgate_json *obj,
				  const char *path, const char *key, char **out)
{
	const struct prgate_json *v;
	enum prgate_status st =
	    member(d, obj, path, key, PRGATE_JSON_STRING, 0, 1, &v);
	*out = NULL;
	if (st == PRGATE_OK && v)
		*out = xstrdup(prgate_json_string(v));
	return st;
}

static enum prgate_status time_of(const struct dec *d,
				  const struct prgate_json *v, const char *path,
				  const char *key, time_t *out)
{
	if (prgate_github_parse_time(prgate_json_string(v), out))
		return bad(d, "\"%s%s\" is not an ISO 8601 time: \"%.*s\"",
			   path, key,
			   prgate_utf8_cut(prgate_json_string(v), 60),
			   prgate_json_string(v));
	return PRGATE_OK;
}

static enum prgate_status time_req(const struct dec *d,
				   const struct prgate_json *obj,
				   const char *path, const char *key,
				   time_t *out)
{
	const struct prgate_json *v;
	enum prgate_status st =
	    member(d, obj, path, key, PRGATE_JSON_STRING, 1, 0, &v);
	if (st != PRGATE_OK)
		return st;
	return time_of(d, v, path, key, out);
}

static enum prgate_status time_opt(const struct dec *d,
				   const struct prgate_json *obj,
				   const char *path, const char *key,
				   time_t *out)
{
	const struct prgate_json *v;
	enum prgate_status st =
	    member(d, obj, path, key, PRGATE_JSON_STRING, 0, 1, &v);
	*out = 0;
	if (st != PRGATE_OK || !v)
		return st;
	return time_of(d, v, path, key, out);
}

static enum prgate_status bool_opt(const struct dec *d,
				   const struct prgate_json *obj,
				   const char *path, const char *key, int dflt,
				   int *out)
{
	const struct prgate_json *v;
	enum prgate_status st =
	    member(d, obj, path, key, PRGATE_JSON_BOOL, 0, 1, &v);
	*out = dflt;
	if (st == PRGATE_OK && v)
		prgate_json_bool(v, out);
	return st;
}

static enum prgate_status count_req(const struct dec *d,
				    const struct prgate_json *obj,
				    const char *path, const char *key,
				    long *out)
{
	const struct prgate_json *v;
	long long n;
	enum prgate_status st =
	    member(d, obj, path, key, PRGATE_JSON_NUMBER, 1, 0, &v);
	if (st != PRGATE_OK)
		return st;
	if (!prgate_json_int(v, 0, LONG_MAX, &n))
		return bad(d, "\"%s%s\" is not a count", path, key);
	*out = (long)n;
	return PRGATE_OK;
}

/*
 * Element i of the array called name ("" for the root), which must be
 * an object; path gets "name[i]." for the element's own keys.
 */
static enum prgate_status elem_obj(const struct dec *d,
				   const struct prgate_json *v,
				   const char *name, size_t i, char *path,
				   size_t size)
{
	int n = snprintf(path, size, "%s[%zu]", name, i);

	if (!prgate_json_is(v, PRGATE_JSON_OBJECT))
		return bad(d, "\"%s\" is %s, not an object", path,
			   type_name(v));
	if (n > 0 && (size_t)n + 1 < size)
		strcpy(path + n, ".");
	return PRGATE_OK;
}

static int is_sha(const char *s)
{
	size_t n = strlen(s);
	if (n != 40 && n != 64)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]) ||
		    isupper((unsigned char)s[i]))
			return 0;
	return 1;
}

/* Each element's string member key of an array into list. */
static enum prgate_status names_of(const struct dec *d,
				   const struct prgate_json *arr,
				   const char *name, const char *key,
				   struct prgate_strlist *list)
{
	size_t i = 0;
	for (const struct prgate_json *c = prgate_json_child(arr); c;
	     c = prgate_json_next(c), i++) {
		char path[96];
		char *s = NULL;
		enum prgate_status st;
		st = elem_obj(d, c, name, i, path, sizeof(path));
		if (st != PRGATE_OK)
			return st;
		st = str_req(d, c, path, key, &s);
		if (st != PRGATE_OK)
			return st;
		prgate_strlist_add(list, s);
		free(s);
	}
	return PRGATE_OK;
}

/*
 * Forget what an earlier decode_pr() into f set, so that decoding the PR
 * again replaces it rather than leaking it (and doubling the labels).
 */
static void forget_pr(struct prgate_github_facts *f)
{
	char **strs[] = {
	    &f->title,		 &f->body,     &f->state,
	    &f->mergeable_state, &f->head_sha, &f->head_ref,
	    &f->base_ref,	 &f->author,   &f->merge_commit_sha};

	for (size_t i = 0; i < ARRAY_SIZE(strs); i++) {
		free(*strs[i]);
		*strs[i] = NULL;
	}
	prgate_strlist_release(&f->labels);
	prgate_strlist_release(&f->requested_reviewers);
	prgate_strlist_release(&f->requested_teams);
}

static enum prgate_status decode_pr(const struct dec *d,
				    const struct prgate_json *r,
				    struct prgate_github_facts *f)
{
	const struct prgate_json *head, *base, *user, *v, *arr;
	enum prgate_status st;

	forget_pr(f);
	if ((st = want_root(d, r, PRGATE_JSON_OBJECT)) ||
	    (st = str_req(d, r, "", "title", &f->title)) ||
	    (st = member(d, r, "", "body", PRGATE_JSON_STRING, 1, 1, &v)))
		return st;
	f->body = xstrdup(v ? prgate_json_string(v) : "");
	if ((st = bool_opt(d, r, "", "draft", 0, &f->draft)) ||
	    (st = str_req(d, r, "", "state", &f->state)) ||
	    (st =
		 member(d, r, "", "merged_at", PRGATE_JSON_STRING, 0, 1, &v)) ||
	    (st = bool_opt(d, r, "", "merged", v != NULL, &f->merged)) ||
	    (st = member(d, r, "", "mergeable", PRGATE_JSON_BOOL, 0, 1, &v)))
		return st;
	f->mergeable = -1;
	if (v)
		prgate_json_bool(v, &f->mergeable);
	if ((st = str_opt(d, r, "", "mergeable_state", &f->mergeable_state)))
		return st;
	if (!f->mergeable_state)
		f->mergeable_state = xstrdup("unknown");
	if ((st = member(d, r, "", "head", PRGATE_JSON_OBJECT, 1, 0, &head)) ||
	    (st = str_req(d, head, "head.", "sha", &f->head_sha)) ||
	    (st = str_req(d, head, "head.", "ref", &f->head_ref)) ||
	    (st = member(d, r, "", "base", PRGATE_JSON_OBJECT, 1, 0, &base)) ||
	    (st = str_req(d, base, "base.", "ref", &f->base_ref)))
		return st;
	if (!is_sha(f->head_sha))
		return bad(d, "\"head.sha\" is not a commit id: \"%.*s\"",
			   prgate_utf8_cut(f->head_sha, 60), f->head_sha);
	if ((st = str_opt(d, r, "", "merge_commit_sha", &f->merge_commit_sha)))
		return st;
	if ((st = member(d, r, "", "user", PRGATE_JSON_OBJECT, 1, 1, &user)))
		return st;
	if (user) {
		if ((st = str_req(d, user, "user.", "login", &f->author)))
			return st;
	} else {
		f->author = xstrdup("ghost");
	}
	if ((st = member(d, r, "", "labels", PRGATE_JSON_ARRAY, 0, 1, &arr)) ||
	    (st = names_of(d, arr, "labels", "name", &f->labels)) ||
	    (st = member(d, r, "", "requested_reviewers", PRGATE_JSON_ARRAY, 0,
			 1, &arr)) ||
	    (st = names_of(d, arr, "requested_reviewers", "login",
			   &f->requested_reviewers)) ||
	    (st = member(d, r, "", "requested_teams", PRGATE_JSON_ARRAY, 0, 1,
			 &arr)) ||
	    (st = names_of(d, arr, "requested_teams", "slug",
			   &f->requested_teams)) ||
	    (st = time_req(d, r, "", "created_at", &f->created_at)) ||
	    (st = time_req(d, r, "", "updated_at", &f->updated_at)))
		return st;
	return PRGATE_OK;
}

static enum prgate_status decode_reviews(const struct dec *d,
					 const struct prgate_json *r,
					 struct prgate_github_facts *f)
{
	enum prgate_status st = want_root(d, r, PRGATE_JSON_ARRAY);
	size_t i = 0;

	for (const struct prgate_json *c = prgate_json_child(r); !st && c;
	     c = prgate_json_next(c), i++) {
		struct prgate_github_review rv;
		const struct prgate_json *user;
		char path[48];

		memset(&rv, 0, sizeof(rv));

		if ((st = elem_obj(d, c, "", i, path, sizeof(path))))
			break;
		st =
		    member(d, c, path, "user", PRGATE_JSON_OBJECT, 1, 1, &user);
		if (!st && user) {
			char up[64];
			snprintf(up, sizeof(up), "%suser.", path);
			st = str_req(d, user, up, "login", &rv.login);
		} else if (!st) {
			rv.login = xstrdup("ghost");
		}
		if (!st)
			st = str_req(d, c, path, "state", &rv.state);
		if (!st)
			st = str_opt(d, c, path, "commit_id", &rv.commit_id);
		if (!st)
			st = time_opt(d, c, path, "submitted_at",
				      &rv.submitted_at);
		if (!st)
			st = str_opt(d, c, path, "author_association",
				     &rv.association);
		if (!st)
			st = str_opt(d, c, path, "body", &rv.body);
		if (!st)
			st = str_opt(d, c, path, "html_url", &rv.html_url);
		if (st) {
			free(rv.login);
			free(rv.state);
			free(rv.commit_id);
			free(rv.association);
			free(rv.body);
			free(rv.html_url);
			break;
		}
		f->reviews = xgrow(f->reviews, sizeof(*f->reviews),
				   f->nreviews + 1, &f->areviews);
		f->reviews[f->nreviews++] = rv;
	}
	return st;
}

static enum prgate_status decode_check_runs(const struct dec *d,
					    const struct prgate_json *r,
					    struct prgate_github_facts *f)
{
	const struct prgate_json *arr;
	enum prgate_status st;
	size_t i = 0;

	if ((st = want_root(d, r, PRGATE_JSON_OBJECT)) ||
	    (st =
		 member(d, r, "", "check_runs", PRGATE_JSON_ARRAY, 1, 0, &arr)))
		return st;
	for (const struct prgate_json *c = prgate_json_child(arr); !st && c;
	     c = prgate_json_next(c), i++) {
		struct prgate_github_check ck;
		const struct prgate_json *app, *id;
		char path[48], ap[64];

		memset(&ck, 0, sizeof(ck));
		if ((st = elem_obj(d, c, "check_runs", i, path, sizeof(path))))
			break;
		snprintf(ap, sizeof(ap), "%sapp.", path);
		if ((st = str_req(d, c, path, "name", &ck.name)) ||
		    (st = str_req(d, c, path, "status", &ck.status)) ||
		    (st = str_opt(d, c, path, "conclusion", &ck.conclusion)) ||
		    (st = str_opt(d, c, path, "html_url", &ck.html_url)) ||
		    (st =
			 str_opt(d, c, path, "details_url", &ck.details_url)) ||
		    (st = member(d, c, path, "id", PRGATE_JSON_NUMBER, 0, 1,
				 &id)) ||
		    (st = member(d, c, path, "app", PRGATE_JSON_OBJECT, 0, 1,
				 &app)) ||
		    (app && (st = str_opt(d, app, ap, "slug", &ck.app)))) {
			free(ck.name);
			free(ck.status);
			free(ck.conclusion);
			free(ck.html_url);
			free(ck.details_url);
			free(ck.app);
			break;
		}
		if (id && !prgate_json_int(id, 0, 9007199254740991LL, &ck.id)) {
			free(ck.name);
			free(ck.status);
			free(ck.conclusion);
			free(ck.html_url);
			free(ck.details_url);
			free(ck.app);
			st = bad(d, "\"%sid\" is not an id", path);
			break;
		}
		f->checks = xgrow(f->checks, sizeof(*f->checks), f->nchecks + 1,
				  &f->achecks);
		f->checks[f->nchecks++] = ck;
	}
	return st;
}

static enum prgate_status decode_status(const struct dec *d,
					const struct prgate_json *r,
					struct prgate_github_facts *f)
{
	const struct prgate_json *arr;
	enum prgate_status st;
	char *state = NULL;
	size_t i = 0;

	if ((st = want_root(d, r, PRGATE_JSON_OBJECT)) ||
	    (st = str_req(d, r, "", "state", &state)) ||
	    (st =
		 member(d, r, "", "statuses", PRGATE_JSON_ARRAY, 1, 0, &arr))) {
		free(state);
		return st;
	}
	if (!f->combined_state)
		f->combined_state = state;
	else
		free(state);
	for (const struct prgate_json *c = prgate_json_child(arr); !st && c;
	     c = prgate_json_next(c), i++) {
		struct prgate_github_status s = {NULL, NULL, NULL, NULL};
		char path[48];

		if ((st = elem_obj(d, c, "statuses", i, path, sizeof(path))))
			break;
		if ((st = str_req(d, c, path, "context", &s.context)) ||
		    (st = str_req(d, c, path, "state", &s.state)) ||
		    (st = str_opt(d, c, path, "target_url", &s.target_url)) ||
		    (st = str_opt(d, c, path, "description", &s.description))) {
			free(s.context);
			free(s.state);
			free(s.target_url);
			break;
		}
		f->statuses = xgrow(f->statuses, sizeof(*f->statuses),
				    f->nstatuses + 1, &f->astatuses);
		f->statuses[f->nstatuses++] = s;
	}
	return st;
}

static enum prgate_status decode_compare(const struct dec *d,
					 const struct prgate_json *r,
					 struct prgate_github_facts *f)
{
	enum prgate_status st;
	char *status = NULL;

	if ((st = want_root(d, r, PRGATE_JSON_OBJECT)) ||
	    (st = str_req(d, r, "", "status", &status)) ||
	    (st = count_req(d, r, "", "ahead_by", &f->ahead_by)) ||
	    (st = count_req(d, r, "", "behind_by", &f->behind_by))) {
		free(status);
		return st;
	}
	free(f->compare_status);
	f->compare_status = status;
	return PRGATE_OK;
}

static enum prgate_status decode_files(const struct dec *d,
				       const struct prgate_json *r,
				       struct prgate_github_facts *f)
{
	enum prgate_status st = want_root(d, r, PRGATE_JSON_ARRAY);
	size_t i = 0;

	for (const struct prgate_json *c = prgate_json_child(r); !st && c;
	     c = prgate_json_next(c), i++) {
		struct prgate_github_file fl = {NULL, NULL, NULL, -1};
		const struct prgate_json *add;
		long long n;
		char path[48];

		if ((st = elem_obj(d, c, "", i, path, sizeof(path))))
			break;
		if ((st = str_req(d, c, path, "filename", &fl.filename)) ||
		    (st = str_req(d, c, path, "status", &fl.status)) ||
		    (st = str_opt(d, c, path, "patch", &fl.patch)) ||
		    (st = member(d, c, path, "additions", PRGATE_JSON_NUMBER, 0,
				 1, &add))) {
			free(fl.filename);
			free(fl.status);
			free(fl.patch);
			break;
		}
		if (add && prgate_json_int(add, 0, LONG_MAX, &n))
			fl.additions = (long)n;
		f->files = xgrow(f->files, sizeof(*f->files), f->nfiles + 1,
				 &f->afiles);
		f->files[f->nfiles++] = fl;
	}
	return st;
}

static enum prgate_status decode_comments(const struct dec *d,
					  const struct prgate_json *r,
					  struct prgate_github_facts *f)
{
	enum prgate_status st = want_root(d, r, PRGATE_JSON_ARRAY);
	size_t i = 0;

	for (const struct prgate_json *c = prgate_json_child(r); !st && c;
	     c = prgate_json_next(c), i++) {
		struct prgate_github_comment cm;
		const struct prgate_json *user;
		char path[48], up[64];

		memset(&cm, 0, sizeof(cm));
		if ((st = elem_obj(d, c, "", i, path, sizeof(path))))
			break;
		snprintf(up, sizeof(up), "%suser.", path);
		st =
		    member(d, c, path, "user", PRGATE_JSON_OBJECT, 1, 1, &user);
		if (!st && user)
			st = str_req(d, user, up, "login", &cm.login);
		else if (!st)
			cm.login = xstrdup("ghost");
		if (!st && user)
			st = str_opt(d, user, up, "type", &cm.type);
		if (!st)
			st = str_opt(d, c, path, "body", &cm.body);
		if (!st)
			st = str_opt(d, c, path, "html_url", &cm.html_url);
		if (st) {
			free(cm.login);
			free(cm.type);
			free(cm.body);
			free(cm.html_url);
			break;
		}
		if (!cm.body)
			cm.body = xstrdup("");
		f->comments = xgrow(f->comments, sizeof(*f->comments),
				    f->ncomments + 1, &f->acomments);
		f->comments[f->ncomments++] = cm;
	}
	return st;
}

static enum prgate_status decode_issue(const struct dec *d,
				       const struct prgate_json *r,
				       struct prgate_github_dep *dep)
{
	const struct prgate_json *pr, *merged_at = NULL;
	enum prgate_status st;
	char *state = NULL;

	if ((st = want_root(d, r, PRGATE_JSON_OBJECT)) ||
	    (st = str_req(d, r, "", "state", &state)) ||
	    (st = member(d, r, "", "pull_request", PRGATE_JSON_OBJECT, 0, 1,
			 &pr)) ||
	    (pr && (st = member(d, pr, "pull_request.", "merged_at",
				PRGATE_JSON_STRING, 0, 1, &merged_at)))) {
		free(state);
		return st;
	}
	free(dep->state);
	dep->state = state;
	dep->is_pr = pr != NULL;
	dep->merged = merged_at != NULL;
	return PRGATE_OK;
}

/* Parse text and run one of the decoders above on it. */
static enum prgate_status decode_with(
    const char *endpoint, const char *text, size_t len,
    enum prgate_status (*fn)(const struct dec *, const struct prgate_json *,
			     struct prgate_github_facts *),
    struct prgate_github_facts *f, struct prgate_error *err)
{
	struct dec d = {endpoint, err};
	struct prgate_json_doc *doc = NULL;
	enum prgate_status st = parse_doc(&d, text, len, &doc);

	if (st == PRGATE_OK)
		st = fn(&d, prgate_json_root(doc), f);
	prgate_json_free(doc);
	return st;
}

enum prgate_status prgate_github_decode_pr(const char *endpoint,
					   const char *text, size_t len,
					   struct prgate_github_facts *facts,
					   struct prgate_error *err)
{
	return decode_with(endpoint, text, len, decode_pr, facts, err);
}

enum prgate_status
prgate_github_decode_reviews(const char *endpoint, const char *text, size_t len,
			     struct prgate_github_facts *facts,
			     struct prgate_error *err)
{
	return decode_with(endpoint, text, len, decode_reviews, facts, err);
}

enum prgate_status
prgate_github_decode_check_runs(const char *endpoint, const char *text,
				size_t len, struct prgate_github_facts *facts,
				struct prgate_error *err)
{
	return decode_with(endpoint, text, len, decode_check_runs, facts, err);
}

enum prgate_status
prgate_github_decode_status(const char *endpoint, const char *text, size_t len,
			    struct prgate_github_facts *facts,
			    struct prgate_error *err)
{
	return decode_with(endpoint, text, len, decode_status, facts, err);
}

enum prgate_status
prgate_github_decode_compare(const char *endpoint, const char *text, size_t len,
			     struct prgate_github_facts *facts,
			     struct prgate_error *err)
{
	return decode_with(endpoint, text, len, decode_compare, facts, err);
}

enum prgate_status prgate_github_decode_files(const char *endpoint,
					      const char *text, size_t len,
					      struct prgate_github_facts *facts,
					      struct prgate_error *err)
{
	return decode_with(endpoint, text, len, decode_files, facts, err);
}

enum prgate_status
prgate_github_decode_comments(const char *endpoint, const char *text,
			      size_t len, struct prgate_github_facts *facts,
			      struct prgate_error *err)
{
	return decode_with(endpoint, text, len, decode_comments, facts, err);
}

enum prgate_status prgate_github_decode_issue(const char *endpoint,
					      const char *text, size_t len,
					      struct prgate_github_dep *dep,
					      struct prgate_error *err)
{
	struct dec d = {endpoint, err};
	struct prgate_json_doc *doc = NULL;
	enum prgate_status st = parse_doc(&d, text, len, &doc);

	if (st == PRGATE_OK)
		st = decode_issue(&d, prgate_json_root(doc), dep);
	prgate_json_free(doc);
	return st;
}

/* ---- fetching ---- */

enum job_kind {
	JOB_PR,
	JOB_PR_AGAIN,
	JOB_REVIEWS,
	JOB_FILES,
	JOB_CHECKS,
	JOB_STATUS,
	JOB_COMPARE,
	JOB_DEP,
	JOB_COMMENTS,
};

struct job {
	enum job_kind kind;
	char *url;
	char *first; /* the list's first page, for a later page */
	int page;
	size_t dep;
	long delay_ms;
	int guess; /* asked by the head SHA the PR list gave, in round one */
};

struct jobs {
	struct job *v;
	size_t n, alloc;
};

struct fetch {
	struct prgate_github *gh;
	struct prgate_http *http;
	struct prgate_github_facts *f;
	struct jobs todo;
	/* the head and base the PR list gave, asked about in round one */
	const char *guess_head, *guess_base;
	int head_ok, base_ok; /* the PR has them: the answers count */
};

static void add_job(struct jobs *js, enum job_kind kind, char *url, int page,
		    size_t dep, long delay_ms)
{
	js->v = xgrow(js->v, sizeof(*js->v), js->n + 1, &js->alloc);
	js->v[js->n].kind = kind;
	js->v[js->n].url = url;
	js->v[js->n].first = NULL;
	js->v[js->n].page = page;
	js->v[js->n].dep = dep;
	js->v[js->n].delay_ms = delay_ms;
	js->v[js->n].guess = 0;
	js->n++;
}

static void jobs_release(struct jobs *js)
{
	for (size_t i = 0; i < js->n; i++) {
		free(js->v[i].url);
		free(js->v[i].first);
	}
	free(js->v);
	js->v = NULL;
	js->n = js->alloc = 0;
}

/* base + "/repos/OWNER/REPO" + the formatted rest, as an owned string. */
static char *repo_url(const struct fetch *fe,
		      const struct prgate_github_ref *ref, const char *fmt, ...)
    PRGATE_PRINTF(3, 4);

static char *repo_url(const struct fetch *fe,
		      const struct prgate_github_ref *ref, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	strbuf_addf(&sb, "%s/repos/%s/%s", prgate_http_base(fe->http),
		    ref->owner, ref->repo);
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	return strbuf_detach(&sb, NULL);
}

const char *prgate_github_api_url(const char *given,
				  const struct prgate_github_ref *ref,
				  const struct prgate_strlist *hosts,
				  struct strbuf *buf, struct prgate_error *err)
{
	const char *env = getenv("PRGATE_API_URL");
	struct strbuf lower = STRBUF_INIT;
	int listed;

	if (given && *given)
		return given;
	if (env && *env)
		return env;
	if (!*ref->host || !strcasecmp(ref->host, "github.com"))
		return PRGATE_GITHUB_API_URL;
	/* an Enterprise host only when the policy names it: the token must
	 * not go to whatever server a PR URL or a remote points at */
	for (const char *h = ref->host; *h; h++)
		strbuf_addch(&lower, (char)tolower((unsigned char)*h));
	listed = hosts && prgate_strlist_has(hosts, lower.buf);
	strbuf_release(&lower);
	if (!listed) {
		prgate_error_set(err, PRGATE_ERR_USAGE,
				 "'%s' is not a known GitHub host: give its "
				 "API with --api-url or PRGATE_API_URL, or "
				 "list the host in the policy's "
				 "\"github.hosts\"",
				 ref->host);
		return NULL;
	}
	strbuf_reset(buf);
	strbuf_addf(buf, "https://%s/api/v3", ref->host);
	return buf->buf;
}

void prgate_github_url_encode(struct strbuf *sb, const char *s, int keep_slash)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c) || strchr("-._~", c) || (keep_slash && c == '/'))
			strbuf_addch(sb, c);
		else
			strbuf_addf(sb, "%%%02X", c);
	}
}

enum prgate_status
prgate_github_redirect_error(const char *endpoint,
			     const struct prgate_http_req *req,
			     struct prgate_error *err)
{
	struct strbuf to = STRBUF_INIT;
	enum prgate_status st;

	if (req->location) {
		strbuf_addstr(&to, " to ");
		prgate_http_redact(req->location, &to);
	}
	st = prgate_error_set(err, PRGATE_ERR_API,
			      "GitHub redirected %s%s (%ld %s); redirects are "
			      "not followed",
			      endpoint, to.buf, req->code,
			      prgate_http_reason(req->code));
	strbuf_release(&to);
	return st;
}

void prgate_github_error_message(const struct prgate_http_req *req,
				 struct strbuf *out)
{
	struct prgate_json_doc *doc = NULL;
	struct prgate_error e;
	const char *m = NULL;

	if (prgate_json_parse("reply", req->reply.buf, req->reply.len, 0, &doc,
			      &e) == PRGATE_OK)
		m = prgate_json_get_string(prgate_json_root(doc), "message");
	if (m)
		for (size_t i = 0; m[i] && i < 200; i++)
			strbuf_addch(out,
				     iscntrl((unsigned char)m[i]) ? ' ' : m[i]);
	prgate_json_free(doc);
}

/* The CI of commit sha: its check runs and combined status. */
static void add_ci(struct fetch *fe, const struct prgate_github_ref *ref,
		   const char *sha, int guess)
{
	add_job(&fe->todo, JOB_CHECKS,
		repo_url(fe, ref, "/commits/%s/check-runs?per_page=100", sha),
		1, 0, 0);
	fe->todo.v[fe->todo.n - 1].guess = guess;
	add_job(&fe->todo, JOB_STATUS,
		repo_url(fe, ref, "/commits/%s/status?per_page=100", sha), 1, 0,
		0);
	fe->todo.v[fe->todo.n - 1].guess = guess;
}

/* The comparison of branch base with commit head. */
static void add_compare(struct fetch *fe, const struct prgate_github_ref *ref,
			const char *base, const char *head, int guess)
{
	struct strbuf b = STRBUF_INIT;

	prgate_github_url_encode(&b, base, 1);
	add_job(&fe->todo, JOB_COMPARE,
		repo_url(fe, ref, "/compare/%s...%s?per_page=1", b.buf, head),
		1, 0, 0);
	fe->todo.v[fe->todo.n - 1].guess = guess;
	strbuf_release(&b);
}

/* Round one: the PR, its reviews, files and (want_comments) comments. */
static void add_first_round(struct fetch *fe,
			    const struct prgate_github_ref *ref)
{
	add_job(&fe->todo, JOB_PR, repo_url(fe, ref, "/pulls/%ld", ref->number),
		1, 0, 0);
	add_job(
	    &fe->todo, JOB_REVIEWS,
	    repo_url(fe, ref, "/pulls/%ld/reviews?per_page=100", ref->number),
	    1, 0, 0);
	add_job(&fe->todo, JOB_FILES,
		repo_url(fe, ref, "/pulls/%ld/files?per_page=100", ref->number),
		1, 0, 0);
	if (fe->gh->want_comments)
		add_job(&fe->todo, JOB_COMMENTS,
			repo_url(fe, ref, "/issues/%ld/comments?per_page=100",
				 ref->number),
			1, 0, 0);
}

static void after_pr(struct fetch *fe)
{
	struct prgate_github_facts *f = fe->f;
	struct prgate_github *gh = fe->gh;
	/* a merged PR deployed by its merge commit: that commit's CI */
	const char *ci =
	    gh->deploy_sha && f->merged && f->merge_commit_sha &&
		    !strcasecmp(gh->deploy_sha, f->merge_commit_sha)
		? f->merge_commit_sha
		: f->head_sha;

	/* asked already in round one when the list's head is the PR's */
	fe->head_ok = fe->guess_head && !strcmp(ci, fe->guess_head) &&
		      !strcmp(f->head_sha, fe->guess_head);
	fe->base_ok = fe->head_ok && fe->guess_base &&
		      !strcmp(f->base_ref, fe->guess_base);
	if (!fe->head_ok)
		add_ci(fe, &f->ref, ci, 0);
	if (!fe->base_ok)
		add_compare(fe, &f->ref, f->base_ref, f->head_sha, 0);
	if (gh->find_deps)
		gh->find_deps(gh->deps_ctx, f->body, &f->ref, f);
	if (f->ndeps > (size_t)(gh->max_deps > 0 ? gh->max_deps : 0)) {
		f->deps_over = 1;
		f->deps_max = gh->max_deps > 0 ? gh->max_deps : 0;
	}
	for (size_t i = 0; !f->deps_over && i < f->ndeps; i++)
		if (!f->deps[i].state)
			add_job(&fe->todo, JOB_DEP,
				repo_url(fe, &f->deps[i].ref, "/issues/%ld",
					 f->deps[i].ref.number),
				1, i, 0);
	/* GitHub computes mergeability of open PRs only, in the background;
	 * a deploy reads the head again (the same request when both) */
	if (!strcmp(f->state, "open") && (f->mergeable < 0 || gh->recheck_head))
		add_job(&fe->todo, JOB_PR_AGAIN,
			repo_url(fe, &f->ref, "/pulls/%ld", f->ref.number), 1,
			0, f->mergeable < 0 ? gh->mergeable_delay_ms : 0);
}

/* The job's next page, if its Link header names one. */
static enum prgate_status next_page(struct fetch *fe, const struct job *j,
				    const struct prgate_http_req *req,
				    const char *ep, struct prgate_error *err)
{
	struct dec d = {ep, err};
	struct strbuf url = STRBUF_INIT;
	enum prgate_status st = PRGATE_OK;
	int r;

	if (!req->link)
		return PRGATE_OK;
	r = prgate_github_link_find(req->link, "next", &url);
	if (r < 0) {
		st = bad(&d, "malformed Link header");
		goto out;
	}
	if (r == 0)
		goto out;
	if (url.buf[0] == '/') {
		/* relative: on the API's own origin */
		const char *base = prgate_http_base(fe->http);
		const char *host = strstr(base, "://") + 3;
		struct strbuf abs = STRBUF_INIT;
		strbuf_add(&abs, base,
			   (size_t)(host - base) + strcspn(host, "/"));
		strbuf_add(&abs, url.buf, url.len);
		strbuf_release(&url);
		url = abs;
	} else if (strncasecmp(url.buf, "https://", 8) &&
		   strncasecmp(url.buf, "http://", 7)) {
		st = bad(&d, "the Link header's next page is not an http(s) "
			     "URL");
		goto out;
	}
	if (j->page >= fe->gh->max_pages) {
		struct strbuf list = STRBUF_INIT;
		prgate_http_describe(fe->http, "GET",
				     j->first ? j->first : j->url, &list);
		st = prgate_error_set(err, PRGATE_ERR_API,
				      "%s has more than %d pages", list.buf,
				      fe->gh->max_pages);
		strbuf_release(&list);
		goto out;
	}
	add_job(&fe->todo, j->kind, strbuf_detach(&url, NULL), j->page + 1,
		j->dep, 0);
	fe->todo.v[fe->todo.n - 1].first =
	    xstrdup(j->first ? j->first : j->url);
out:
	strbuf_release(&url);
	return st;
}

/* Judge one finished request of a round and decode its reply. */
static enum prgate_status handle(struct fetch *fe, const struct job *j,
				 struct prgate_http_req *req,
				 struct prgate_error *err)
{
	struct prgate_github_facts *f = fe->f;
	struct strbuf ep = STRBUF_INIT, msg = STRBUF_INIT;
	enum prgate_status st = PRGATE_OK;
	const struct prgate_github_ref *ref =
	    j->kind == JOB_DEP ? &f->deps[j->dep].ref : &f->ref;
	const char *text = req->reply.buf;
	size_t len = req->reply.len;

	/* asked by a head (or base) the PR does not have: not its facts */
	if (j->guess && (j->kind == JOB_COMPARE ? !fe->base_ok : !fe->head_ok))
		return PRGATE_OK;
	if (req->st != PRGATE_OK) {
		if (err)
			*err = req->err;
		st = req->st;
		goto out;
	}
	prgate_http_describe(fe->http, req->method, req->url, &ep);
	if (req->code >= 300 && req->code < 400) {
		st = prgate_github_redirect_error(ep.buf, req, err);
		goto out;
	}
	if (req->code == 401) {
		prgate_github_error_message(req, &msg);
		st = prgate_error_set(
		    err, PRGATE_ERR_API,
		    "GitHub refused the token (401 %s): check PRGATE_TOKEN",
		    msg.len ? msg.buf : "Unauthorized");
		goto out;
	}
	if (req->code == 404 && j->kind != JOB_CHECKS &&
	    j->kind != JOB_STATUS && j->kind != JOB_COMPARE) {
		st = prgate_error_set(err, PRGATE_ERR_API,
				      "%s %s/%s#%ld not found, or the token "
				      "has no access to it",
				      j->kind == JOB_DEP ? "dependency"
							 : "pull request",
				      ref->owner, ref->repo, ref->number);
		goto out;
	}
	if (req->code != 200) {
		prgate_github_error_message(req, &msg);
		st = prgate_error_set(
		    err, PRGATE_ERR_API, "GitHub %s %s (%ld%s%s)%s%s",
		    req->code == 403 ? "refused" : "could not answer", ep.buf,
		    req->code, *prgate_http_reason(req->code) ? " " : "",
		    prgate_http_reason(req->code), msg.len ? ": " : "",
		    msg.buf);
		goto out;
	}
	if (req->content_type && !strstr(req->content_type, "json")) {
		struct dec d = {ep.buf, err};
		st = bad(&d, "content type \"%.80s\", not JSON",
			 req->content_type);
		goto out;
	}

	switch (j->kind) {
	case JOB_PR:
		st = prgate_github_decode_pr(ep.buf, text, len, f, err);
		if (st == PRGATE_OK)
			after_pr(fe);
		break;
	case JOB_PR_AGAIN: {
		struct prgate_github_facts again;
		memset(&again, 0, sizeof(again));
		st = prgate_github_decode_pr(ep.buf, text, len, &again, err);
		if (st == PRGATE_OK && f->mergeable < 0) {
			char *ms = f->mergeable_state;
			f->mergeable = again.mergeable;
			f->mergeable_state = again.mergeable_state;
			again.mergeable_state = ms;
		}
		if (st == PRGATE_OK && fe->gh->recheck_head) {
			free(f->head_sha_again);
			f->head_sha_again = again.head_sha;
			again.head_sha = NULL;
		}
		prgate_github_facts_release(&again);
		break;
	}
	case JOB_REVIEWS:
		st = prgate_github_decode_reviews(ep.buf, text, len, f, err);
		break;
	case JOB_FILES:
		st = prgate_github_decode_files(ep.buf, text, len, f, err);
		break;
	case JOB_CHECKS:
		st = prgate_github_decode_check_runs(ep.buf, text, len, f, err);
		break;
	case JOB_STATUS:
		st = prgate_github_decode_status(ep.buf, text, len, f, err);
		break;
	case JOB_COMPARE:
		st = prgate_github_decode_compare(ep.buf, text, len, f, err);
		break;
	case JOB_DEP:
		st = prgate_github_decode_issue(ep.buf, text, len,
						&f->deps[j->dep], err);
		break;
	case JOB_COMMENTS:
		st = prgate_github_decode_comments(ep.buf, text, len, f, err);
		break;
	}
	if (st == PRGATE_OK &&
	    (j->kind == JOB_REVIEWS || j->kind == JOB_FILES ||
	     j->kind == JOB_COMMENTS || j->kind == JOB_CHECKS ||
	     j->kind == JOB_STATUS))
		st = next_page(fe, j, req, ep.buf, err);
out:
	strbuf_release(&ep);
	strbuf_release(&msg);
	return st;
}

/* Run the queued jobs round after round until none are left. */
static enum prgate_status run_jobs(struct fetch *fe, struct prgate_error *err)
{
	enum prgate_status st = PRGATE_OK;

	while (st == PRGATE_OK && fe->todo.n) {
		struct jobs cur = fe->todo;
		struct prgate_http_req *reqs = xcalloc(cur.n, sizeof(*reqs));
		struct prgate_http_req **ptrs = xcalloc(cur.n, sizeof(*ptrs));

		memset(&fe->todo, 0, sizeof(fe->todo));
		for (size_t i = 0; i < cur.n; i++) {
			prgate_http_req_init(&reqs[i], "GET", cur.v[i].url,
					     NULL);
			reqs[i].delay_ms = cur.v[i].delay_ms;
			ptrs[i] = &reqs[i];
		}
		prgate_http_run(fe->http, ptrs, cur.n, NULL);
		for (size_t i = 0; i < cur.n && st == PRGATE_OK; i++)
			st = handle(fe, &cur.v[i], &reqs[i], err);
		for (size_t i = 0; i < cur.n; i++)
			prgate_http_req_release(&reqs[i]);
		free(reqs);
		free(ptrs);
		jobs_release(&cur);
	}
	jobs_release(&fe->todo);
	return st;
}

static enum prgate_status check_ref(const struct prgate_github_ref *ref,
				    struct prgate_error *err)
{
	if (!ref_ok(ref))
		return prgate_error_set(err, PRGATE_ERR_USAGE,
					"no valid pull request to fetch");
	return PRGATE_OK;
}

enum prgate_status prgate_github_fetch(struct prgate_github *gh,
				       const struct prgate_github_ref *ref,
				       struct prgate_github_facts *facts,
				       struct prgate_error *err)
{
	struct fetch fe;
	unsigned req0, rounds0, req1, rounds1;
	enum prgate_status st;

	memset(facts, 0, sizeof(*facts));
	facts->mergeable = -1;
	memset(&fe, 0, sizeof(fe));
	if ((st = check_ref(ref, err)) ||
	    (st = prgate_github_client(gh, &fe.http, err)))
		return st;
	facts->ref = *ref;
	fe.gh = gh;
	fe.f = facts;
	prgate_http_counts(fe.http, &req0, &rounds0);
	add_first_round(&fe, ref);
	st = run_jobs(&fe, err);
	prgate_http_counts(fe.http, &req1, &rounds1);
	if (st != PRGATE_OK) {
		prgate_github_facts_release(facts);
		return st;
	}
	facts->requests = req1 - req0;
	facts->rounds = rounds1 - rounds0;
	return PRGATE_OK;
}

/* One PR's requests of a round in prgate_github_fetch_many(). */
struct pr_round {
	struct fetch *fe;
	struct jobs *jobs;
	struct prgate_http_req *reqs; /* jobs->n of them */
	size_t left;		      /* not yet finished */
	enum prgate_status *st;
	struct prgate_error *err;
};

/* A request of a PR's round finished: the last one decodes them all. */
static void round_done(struct prgate_http_req *r, void *ctx)
{
	struct pr_round *pr = ctx;

	(void)r;
	if (--pr->left)
		return;
	for (size_t j = 0; j < pr->jobs->n && *pr->st == PRGATE_OK; j++)
		*pr->st =
		    handle(pr->fe, &pr->jobs->v[j], &pr->reqs[j], pr->err);
}

enum prgate_status prgate_github_fetch_many(
    struct prgate_github *gh, const struct prgate_github_ref *refs,
    const char *const *heads, const char *base,
    struct prgate_github_facts *facts, struct prgate_error *errs,
    enum prgate_status *sts, size_t n)
{
	struct fetch *fe = xcalloc(n ? n : 1, sizeof(*fe));
	struct prgate_http *http;
	struct prgate_error err;
	enum prgate_status st;

	if ((st = prgate_github_client(gh, &http, &err)) != PRGATE_OK) {
		for (size_t i = 0; i < n; i++) {
			memset(&facts[i], 0, sizeof(facts[i]));
			errs[i] = err;
			sts[i] = st;
		}
		free(fe);
		return st;
	}
	for (size_t i = 0; i < n; i++) {
		memset(&facts[i], 0, sizeof(facts[i]));
		facts[i].mergeable = -1;
		prgate_error_clear(&errs[i]);
		sts[i] = check_ref(&refs[i], &errs[i]);
		if (sts[i] != PRGATE_OK)
			continue;
		facts[i].ref = refs[i];
		fe[i].gh = gh;
		fe[i].http = http;
		fe[i].f = &facts[i];
		add_first_round(&fe[i], &refs[i]);
		/* the list's head: its CI (and freshness) in this round */
		if (heads && heads[i] && is_sha(heads[i]) && !gh->deploy_sha) {
			fe[i].guess_head = heads[i];
			add_ci(&fe[i], &refs[i], heads[i], 1);
			if (base && *base) {
				fe[i].guess_base = base;
				add_compare(&fe[i], &refs[i], base, heads[i],
					    1);
			}
		}
	}
	/* round after round: every PR's next requests in one batch */
	for (;;) {
		struct jobs *cur = xcalloc(n ? n : 1, sizeof(*cur));
		struct pr_round *round = xcalloc(n ? n : 1, sizeof(*round));
		struct prgate_http_req *reqs;
		struct prgate_http_req **ptrs;
		size_t total = 0, k = 0;

		for (size_t i = 0; i < n; i++) {
			if (sts[i] != PRGATE_OK)
				jobs_release(&fe[i].todo);
			cur[i] = fe[i].todo;
			memset(&fe[i].todo, 0, sizeof(fe[i].todo));
			total += cur[i].n;
		}
		if (!total) {
			free(cur);
			free(round);
			break;
		}
		reqs = xcalloc(total, sizeof(*reqs));
		ptrs = xcalloc(total, sizeof(*ptrs));
		for (size_t i = 0; i < n; i++)
			for (size_t j = 0; j < cur[i].n; j++, k++) {
				prgate_http_req_init(&reqs[k], "GET",
						     cur[i].v[j].url, NULL);
				reqs[k].delay_ms = cur[i].v[j].delay_ms;
				ptrs[k] = &reqs[k];
			}
		/* each PR's replies decoded, in order, as soon as all of its
		 * round are in, while the other PRs' are still on their way */
		k = 0;
		for (size_t i = 0; i < n; i++) {
			round[i].fe = &fe[i];
			round[i].jobs = &cur[i];
			round[i].reqs = &reqs[k];
			round[i].left = cur[i].n;
			round[i].st = &sts[i];
			round[i].err = &errs[i];
			for (size_t j = 0; j < cur[i].n; j++, k++) {
				reqs[k].done = round_done;
				reqs[k].done_ctx = &round[i];
			}
		}
		prgate_http_run(http, ptrs, total, NULL);
		for (k = 0; k < total; k++)
			prgate_http_req_release(&reqs[k]);
		for (size_t i = 0; i < n; i++)
			jobs_release(&cur[i]);
		free(reqs);
		free(ptrs);
		free(cur);
		free(round);
	}
	for (size_t i = 0; i < n; i++)
		if (sts[i] != PRGATE_OK)
			prgate_github_facts_release(&facts[i]);
	free(fe);
	return PRGATE_OK;
}

enum prgate_status prgate_github_fetch_deps(struct prgate_github *gh,
					    struct prgate_github_facts *facts,
					    struct prgate_error *err)
{
	struct fetch fe;
	unsigned req0, rounds0, req1, rounds1;
	enum prgate_status st;

	memset(&fe, 0, sizeof(fe));
	if ((st = prgate_github_client(gh, &fe.http, err)))
		return st;
	fe.gh = gh;
	fe.f = facts;
	prgate_http_counts(fe.http, &req0, &rounds0);
	if (facts->ndeps > (size_t)(gh->max_deps > 0 ? gh->max_deps : 0)) {
		facts->deps_over = 1;
		facts->deps_max = gh->max_deps > 0 ? gh->max_deps : 0;
	}
	for (size_t i = 0; !facts->deps_over && i < facts->ndeps; i++)
		if (!facts->deps[i].state)
			add_job(&fe.todo, JOB_DEP,
				repo_url(&fe, &facts->deps[i].ref,
					 "/issues/%ld",
					 facts->deps[i].ref.number),
				1, i, 0);
	st = run_jobs(&fe, err);
	prgate_http_counts(fe.http, &req1, &rounds1);
	facts->requests += req1 - req0;
	facts->rounds += rounds1 - rounds0;
	return st;
}

/* ---- facts ---- */

int prgate_github_facts_add_dep(struct prgate_github_facts *facts,
				const struct prgate_github_ref *ref)
{
	struct prgate_github_dep *dep;

	if (!ref_ok(ref))
		return -1;
	for (size_t i = 0; i < facts->ndeps; i++) {
		const struct prgate_github_ref *o = &facts->deps[i].ref;
		if (o->number == ref->number &&
		    !strcasecmp(o->owner, ref->owner) &&
		    !strcasecmp(o->repo, ref->repo))
			return 0;
	}
	facts->deps = xgrow(facts->deps, sizeof(*facts->deps), facts->ndeps + 1,
			    &facts->adeps);
	dep = &facts->deps[facts->ndeps++];
	memset(dep, 0, sizeof(*dep));
	dep->ref = *ref;
	return 0;
}
