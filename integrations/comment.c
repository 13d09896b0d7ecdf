/*
 * comment.c - the CI comment bot: events, the sticky comment, trimming
 * and the Actions outputs (see comment.h).
 */
#include "integrations/comment.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/rules.h"
#include "support/json.h"

/* ---- events ---- */

static enum prgate_status not_a_pr(const char *name, const char *path,
				   struct prgate_error *err)
{
	if (name && *name)
		return prgate_error_set(err, PRGATE_ERR_USAGE,
					"the %s event in '%s' is not about a "
					"pull request: name the PR",
					name, path);
	return prgate_error_set(err, PRGATE_ERR_USAGE,
				"the event in '%s' is not about a pull "
				"request: name the PR",
				path);
}

/* obj[key] as a whole number in [1, 2^31 - 1], else 0. */
static long number_of(const struct prgate_json *obj, const char *key)
{
	long long v;
	if (!prgate_json_int(prgate_json_get(obj, key), 1, 2147483647LL, &v))
		return 0;
	return (long)v;
}

long prgate_event_merge_group_pr(const char *head_ref)
{
	static const char queue[] = "gh-readonly-queue/";
	const char *s = head_ref, *last, *p;
	long n = 0;
	size_t hex;

	if (!s)
		return 0;
	if (!strncmp(s, "refs/heads/", 11))
		s += 11;
	if (strncmp(s, queue, sizeof(queue) - 1))
		return 0;
	s += sizeof(queue) - 1;
	last = strrchr(s, '/');
	/* a base branch, then "/pr-N-SHA" */
	if (!last || last == s || strncmp(last + 1, "pr-", 3))
		return 0;
	p = last + 4;
	if (*p == '0' || !isdigit((unsigned char)*p))
		return 0;
	for (; isdigit((unsigned char)*p); p++) {
		if (n > 214748364L)
			return 0;
		n = n * 10 + (*p - '0');
	}
	if (*p++ != '-')
		return 0;
	hex = strspn(p, "0123456789abcdef");
	if (hex < 7 || p[hex])
		return 0;
	return n;
}

/* 1 when s is a commit id: 40 or 64 hex digits, not all zeros. */
static int is_sha(const char *s)
{
	size_t n = s ? strspn(s, "0123456789abcdefABCDEF") : 0;
	return s && (n == 40 || n == 64) && !s[n] && strspn(s, "0") != n;
}

/* push (after), deployment (deployment.sha); workflow_dispatch: none. */
static enum prgate_status deploy_sha_of(const char *name, const char *path,
					const struct prgate_json *root,
					struct prgate_event *ev,
					struct prgate_error *err)
{
	const char *s = NULL;

	if (!strcmp(name, "workflow_dispatch"))
		return PRGATE_OK;
	if (!strcmp(name, "push")) {
		s = prgate_json_get_string(root, "after");
		if (s && *s && strspn(s, "0") == strlen(s))
			return prgate_error_set(
			    err, PRGATE_ERR_USAGE,
			    "the push event in '%s' deletes "
			    "a branch: nothing to deploy",
			    path);
	} else {
		s = prgate_json_get_string(prgate_json_get(root, "deployment"),
					   "sha");
	}
	if (!is_sha(s))
		return prgate_error_set(err, PRGATE_ERR_USAGE,
					"the %s event in '%s' names no commit: "
					"name it with --commit SHA",
					name, path);
	ev->deploy_sha = xstrdup(s);
	return PRGATE_OK;
}

/* check_suite, workflow_run: obj.head_sha and obj.pull_requests[]. */
static enum prgate_status prs_of_head(const char *name, const char *path,
				      const struct prgate_json *obj,
				      struct prgate_event *ev,
				      struct prgate_error *err)
{
	const char *s = prgate_json_get_string(obj, "head_sha");
	const struct prgate_json *c;
	size_t alloc = 0;

	if (!is_sha(s))
		return prgate_error_set(err, PRGATE_ERR_USAGE,
					"the %s event in '%s' names no head "
					"commit (%s.head_sha)",
					name, path, name);
	ev->head_sha = xstrdup(s);
	for (c = prgate_json_child(prgate_json_get(obj, "pull_requests")); c;
	     c = prgate_json_next(c)) {
		long n = number_of(c, "number");
		if (!n)
			continue;
		ev->prs =
		    xgrow(ev->prs, sizeof(*ev->prs), ev->nprs + 1, &alloc);
		ev->prs[ev->nprs].number = n;
		snprintf(ev->prs[ev->nprs].head_sha,
			 sizeof(ev->prs[ev->nprs].head_sha), "%s", s);
		ev->nprs++;
	}
	return PRGATE_OK;
}

enum prgate_status prgate_event_parse(const char *name, const char *path,
				      const char *text, size_t len,
				      struct prgate_event *ev,
				      struct prgate_error *err)
{
	struct prgate_json_doc *doc = NULL;
	const struct prgate_json *root, *repo, *o;
	const char *s;
	enum prgate_status st;

	memset(ev, 0, sizeof(*ev));
	st = prgate_json_parse(path, text, len, 0, &doc, err);
	if (st != PRGATE_OK)
		return st;
	root = prgate_json_root(doc);
	if (!prgate_json_is(root, PRGATE_JSON_OBJECT)) {
		st = not_a_pr(name, path, err);
		goto out;
	}
	repo = prgate_json_get(root, "repository");
	if ((s = prgate_json_get_string(repo, "full_name")) && *s)
		ev->repo = xstrdup(s);
	if ((s = prgate_json_get_string(repo, "default_branch")) && *s)
		ev->default_branch = xstrdup(s);
	if (!name)
		name = "";
	if (!strcmp(name, "schedule")) {
		ev->schedule = 1;
	} else if (!strcmp(name, "push") || !strcmp(name, "deployment") ||
		   !strcmp(name, "workflow_dispatch")) {
		ev->deploy = 1;
		st = deploy_sha_of(name, path, root, ev, err);
		goto out;
	} else if (!strcmp(name, "check_suite") ||
		   !strcmp(name, "workflow_run")) {
		ev->by_head = 1;
		st = prs_of_head(name, path, prgate_json_get(root, name), ev,
				 err);
		goto out;
	} else if (!strcmp(name, "merge_group")) {
		o = prgate_json_get(root, "merge_group");
		if (is_sha(prgate_json_get_string(o, "head_sha")))
			ev->head_sha =
			    xstrdup(prgate_json_get_string(o, "head_sha"));
		ev->queue = 1;
		s = prgate_json_get_string(o, "head_ref");
		ev->number = prgate_event_merge_group_pr(s);
		if (!ev->number && s) {
			st = prgate_error_set(
			    err, PRGATE_ERR_USAGE,
			    "the merge_group event in '%s': head_ref '%.200s' "
			    "names no pull request (want "
			    "gh-readonly-queue/BASE/pr-N-SHA)",
			    path, s);
			goto out;
		}
	} else if (!strcmp(name, "issue_comment")) {
		o = prgate_json_get(root, "issue");
		if (prgate_json_get(o, "pull_request"))
			ev->number = number_of(o, "number");
	} else {
		/* pull_request, pull_request_target, pull_request_review... */
		o = prgate_json_get(root, "pull_request");
		ev->number = number_of(o, "number");
		s = prgate_json_get_string(prgate_json_get(o, "head"), "sha");
		if (is_sha(s))
			ev->head_sha = xstrdup(s);
	}
	if (!ev->schedule && !ev->number)
		st = not_a_pr(*name ? name : NULL, path, err);
out:
	prgate_json_free(doc);
	if (st != PRGATE_OK)
		prgate_event_release(ev);
	return st;
}

enum prgate_status prgate_event_read(const char *name, const char *path,
				     struct prgate_event *ev,
				     struct prgate_error *err)
{
	struct strbuf text = STRBUF_INIT;
	enum prgate_status st;

	memset(ev, 0, sizeof(*ev));
	if (strbuf_read_file(&text, path, (size_t)16 << 20) < 0) {
		strbuf_release(&text);
		return prgate_error_set(err, PRGATE_ERR_USAGE,
					"cannot read the event file '%s'",
					path);
	}
	st = prgate_event_parse(name, path, text.buf, text.len, ev, err);
	strbuf_release(&text);
	return st;
}

void prgate_event_release(struct prgate_event *ev)
{
	free(ev->repo);
	free(ev->default_branch);
	free(ev->head_sha);
	free(ev->prs);
	free(ev->deploy_sha);
	memset(ev, 0, sizeof(*ev));
}

/* ---- requests ---- */

/*
 * "403: Resource not accessible by integration" (or the reason); for a
 * redirect, where to and that it is not followed.
 */
static enum prgate_status refused(const struct prgate_http *h,
				  const struct prgate_http_req *req,
				  struct prgate_error *err)
{
	struct strbuf msg = STRBUF_INIT;
	enum prgate_status st;

	if (req->code >= 300 && req->code < 400) {
		prgate_http_describe(h, req->method, req->url, &msg);
		st = prgate_github_redirect_error(msg.buf, req, err);
		strbuf_release(&msg);
		return st;
	}
	prgate_github_error_message(req, &msg);
	if (!msg.len)
		strbuf_addstr(&msg, *prgate_http_reason(req->code)
					? prgate_http_reason(req->code)
					: "unexpected reply");
	st = prgate_error_set(err, PRGATE_ERR_API, "%ld: %s", req->code,
			      msg.buf);
	strbuf_release(&msg);
	return st;
}

/*
 * Send one request; PRGATE_OK with req filled when a reply came (the
 * caller judges its code and releases req), else the transport error.
 */
static enum prgate_status send(struct prgate_http *h, const char *method,
			       const char *url, const char *json,
			       struct prgate_http_req *req,
			       struct prgate_error *err)
{
	enum prgate_status st =
	    prgate_http_send(h, method, url, json, req, err);
	if (st == PRGATE_OK && req->st != PRGATE_OK) {
		if (err)
			*err = req->err;
		st = req->st;
	}
	return st;
}

/* The Link header's next page as an absolute URL: 1, 0 (none), -1. */
static int next_url(struct prgate_http *h, const struct prgate_http_req *req,
		    struct strbuf *out)
{
	int r;

	strbuf_reset(out);
	if (!req->link)
		return 0;
	r = prgate_github_link_find(req->link, "next", out);
	if (r <= 0)
		return r;
	if (out->buf[0] == '/') {
		/* relative: on the API's own origin */
		const char *base = prgate_http_base(h);
		const char *host = strstr(base, "://") + 3;
		struct strbuf abs = STRBUF_INIT;
		strbuf_add(&abs, base,
			   (size_t)(host - base) + strcspn(host, "/"));
		strbuf_add(&abs, out->buf, out->len);
		strbuf_release(out);
		*out = abs;
	} else if (strncasecmp(out->buf, "https://", 8) &&
		   strncasecmp(out->buf, "http://", 7)) {
		return -1;
	}
	return 1;
}

/* One page of a list: decode text into ctx. */
struct pager {
	enum prgate_status (*page)(void *ctx, const char *endpoint,
				   const char *text, size_t len,
				   struct prgate_error *err);
	void *ctx;
};

/*
 * Judge the reply req to GET url, one page of a list: a 200 JSON reply
 * goes to pg and next is set to the next page's URL (empty when none);
 * any other reply fails with refused()'s "CODE: message", a transport
 * error with its own.
 */
static enum prgate_status take_page(struct prgate_http *h, const char *url,
				    const struct prgate_http_req *req,
				    const struct pager *pg, struct strbuf *next,
				    struct prgate_error *err)
{
	struct strbuf ep = STRBUF_INIT;
	enum prgate_status st = req->st;

	strbuf_reset(next);
	if (st != PRGATE_OK) {
		if (err)
			*err = req->err;
		return st;
	}
	prgate_http_describe(h, "GET", url, &ep);
	if (req->code != 200)
		st = refused(h, req, err);
	else if (req->content_type && !strstr(req->content_type, "json"))
		st = prgate_error_set(err, PRGATE_ERR_API,
				      "unexpected reply from %s: "
				      "content type \"%.80s\", not JSON",
				      ep.buf, req->content_type);
	if (st == PRGATE_OK)
		st = pg->page(pg->ctx, ep.buf, req->reply.buf, req->reply.len,
			      err);
	if (st == PRGATE_OK && next_url(h, req, next) < 0)
		st = prgate_error_set(err, PRGATE_ERR_API,
				      "unexpected reply from %s: "
				      "malformed Link header",
				      ep.buf);
	if (st != PRGATE_OK)
		strbuf_reset(next);
	strbuf_release(&ep);
	return st;
}

/* "GET /x has more than N pages" for the list of url. */
static enum prgate_status too_many_pages(struct prgate_github *gh,
					 struct prgate_http *h, const char *url,
					 struct prgate_error *err)
{
	struct strbuf ep = STRBUF_INIT;
	enum prgate_status st;

	prgate_http_describe(h, "GET", url, &ep);
	st = prgate_error_set(err, PRGATE_ERR_API, "%s has more than %d pages",
			      ep.buf, gh->max_pages);
	strbuf_release(&ep);
	return st;
}

/*
 * Where the "page" parameter's number starts in url (after "?page=" or
 * "&page="), its value in *page; NULL when it has none.
 */
static const char *page_param(const char *url, long *page)
{
	const char *q = strchr(url, '?');

	for (const char *p = q; p && *p; p = strchr(p + 1, '&')) {
		char *end;
		if (strncmp(p + 1, "page=", 5))
			continue;
		*page = strtol(p + 6, &end, 10);
		if (end == p + 6 || (*end && *end != '&') || *page < 1)
			return NULL;
		return p + 6;
	}
	return NULL;
}

/*
 * The pages after the first, when its Link header names the next and
 * the last as the same URL but for their "page" numbers (as GitHub
 * does): all of them in one batch, handed to pg in order; next is then
 * the last one's next page (none, unless the list grew meanwhile).
 * Returns the last page's number, or 0 when the header is not of that
 * shape (nothing done).
 */
static long all_pages(struct prgate_github *gh, struct prgate_http *h,
		      const char *url, const struct prgate_http_req *first,
		      const struct pager *pg, struct strbuf *next,
		      enum prgate_status *st, struct prgate_error *err)
{
	struct strbuf last = STRBUF_INIT, u = STRBUF_INIT;
	struct prgate_http_req *reqs = NULL, **ptrs = NULL;
	const char *pn, *pl;
	long from, to;
	size_t n = 0;

	if (!first->link ||
	    prgate_github_link_find(first->link, "last", &last) != 1 ||
	    !(pn = page_param(next->buf, &from)) ||
	    !(pl = page_param(last.buf, &to)) || to < from ||
	    pn - next->buf != pl - last.buf ||
	    strncmp(next->buf, last.buf, (size_t)(pn - next->buf)) ||
	    strcmp(pn + strspn(pn, "0123456789"),
		   pl + strspn(pl, "0123456789")) ||
	    strncmp(next->buf, "http", 4)) {
		strbuf_release(&last);
		return 0;
	}
	if (to > gh->max_pages) {
		*st = too_many_pages(gh, h, url, err);
		strbuf_reset(next);
		strbuf_release(&last);
		return 1;
	}
	n = (size_t)(to - from + 1);
	reqs = xcalloc(n, sizeof(*reqs));
	ptrs = xcalloc(n, sizeof(*ptrs));
	for (size_t i = 0; i < n; i++) {
		strbuf_reset(&u);
		strbuf_add(&u, next->buf, (size_t)(pn - next->buf));
		strbuf_addf(&u, "%ld%s", from + (long)i,
			    pn + strspn(pn, "0123456789"));
		prgate_http_req_init(&reqs[i], "GET", u.buf, NULL);
		ptrs[i] = &reqs[i];
	}
	prgate_http_run(h, ptrs, n, NULL);
	*st = PRGATE_OK;
	for (size_t i = 0; i < n && *st == PRGATE_OK; i++)
		*st = take_page(h, reqs[i].url, &reqs[i], pg, next, err);
	for (size_t i = 0; i < n; i++)
		prgate_http_req_release(&reqs[i]);
	free(reqs);
	free(ptrs);
	strbuf_release(&last);
	strbuf_release(&u);
	return to;
}

/*
 * GET url and then every next page its Link headers name (at most
 * gh->max_pages), handing each 200 reply to pg (take_page()); when the
 * first names the last page, the rest at once (all_pages()).
 */
static enum prgate_status get_pages(struct prgate_github *gh,
				    struct prgate_http *h, const char *url,
				    const struct pager *pg,
				    struct prgate_error *err)
{
	struct strbuf cur = STRBUF_INIT, next = STRBUF_INIT;
	enum prgate_status st = PRGATE_OK;
	long pages = 0, last;

	strbuf_addstr(&cur, url);
	while (st == PRGATE_OK && cur.len) {
		struct prgate_http_req req;

		if (++pages > gh->max_pages) {
			st = too_many_pages(gh, h, url, err);
			break;
		}
		prgate_http_send(h, "GET", cur.buf, NULL, &req, NULL);
		st = take_page(h, cur.buf, &req, pg, &next, err);
		if (st == PRGATE_OK && pages == 1 && next.len &&
		    (last = all_pages(gh, h, url, &req, pg, &next, &st, err)))
			pages = last;
		prgate_http_req_release(&req);
		strbuf_reset(&cur);
		strbuf_add(&cur, next.buf, next.len);
	}
	strbuf_release(&cur);
	strbuf_release(&next);
	return st;
}

/* Parse a reply that must be a JSON array (or object, want_object). */
static enum prgate_status parse_reply(const char *endpoint, const char *text,
				      size_t len, int want_object,
				      struct prgate_json_doc **doc,
				      struct prgate_error *err)
{
	const struct prgate_json *root;
	enum prgate_status st =
	    prgate_github_parse_reply(endpoint, text, len, doc, err);
	if (st != PRGATE_OK)
		return st;
	root = prgate_json_root(*doc);
	if (!prgate_json_is(root, want_object ? PRGATE_JSON_OBJECT
					      : PRGATE_JSON_ARRAY)) {
		st = prgate_error_set(
		    err, PRGATE_ERR_API, "unexpected reply from %s: %s, not %s",
		    endpoint, prgate_json_type_name(prgate_json_type(root)),
		    want_object ? "an object" : "an array");
		prgate_json_free(*doc);
		*doc = NULL;
	}
	return st;
}

/* ---- open pull requests ---- */

struct open_prs {
	struct prgate_event_pr *v;
	size_t n, alloc;
	const char *head_sha; /* keep only these heads; NULL: all */
};

static enum prgate_status pulls_page(void *ctx, const char *endpoint,
				     const char *text, size_t len,
				     struct prgate_error *err)
{
	struct open_prs *prs = ctx;
	struct prgate_json_doc *doc = NULL;
	const struct prgate_json *c;
	enum prgate_status st = parse_reply(endpoint, text, len, 0, &doc, err);

	if (st != PRGATE_OK)
		return st;
	for (c = prgate_json_child(prgate_json_root(doc)); c;
	     c = prgate_json_next(c)) {
		long n = number_of(c, "number");
		const char *sha =
		    prgate_json_get_string(prgate_json_get(c, "head"), "sha");
		if (!n) {
			st = prgate_error_set(err, PRGATE_ERR_API,
					      "unexpected reply from %s: a "
					      "pull request without a number",
					      endpoint);
			break;
		}
		if (prs->head_sha && (!sha || strcasecmp(sha, prs->head_sha)))
			continue;
		prs->v =
		    xgrow(prs->v, sizeof(*prs->v), prs->n + 1, &prs->alloc);
		prs->v[prs->n].number = n;
		snprintf(prs->v[prs->n].head_sha,
			 sizeof(prs->v[prs->n].head_sha), "%s",
			 is_sha(sha) ? sha : "");
		prs->n++;
	}
	prgate_json_free(doc);
	return st;
}
/* The repository's default branch (GET /repos/o/r) into out. */
static enum prgate_status default_branch(struct prgate_http *h,
					 const struct prgate_github_ref *repo,
					 struct strbuf *out,
					 struct prgate_error *err)
{
	struct strbuf url = STRBUF_INIT, ep = STRBUF_INIT;
	struct prgate_http_req req;
	struct prgate_json_doc *doc = NULL;
	enum prgate_status st;
	const char *b;

	strbuf_addf(&url, "%s/repos/%s/%s", prgate_http_base(h), repo->owner,
		    repo->repo);
	prgate_http_describe(h, "GET", url.buf, &ep);
	st = send(h, "GET", url.buf, NULL, &req, err);
	if (st == PRGATE_OK && req.code != 200)
		st = refused(h, &req, err);
	if (st == PRGATE_OK)
		st = parse_reply(ep.buf, req.reply.buf, req.reply.len, 1, &doc,
				 err);
	if (st == PRGATE_OK) {
		b = prgate_json_get_string(prgate_json_root(doc),
					   "default_branch");
		if (b && *b)
			strbuf_addstr(out, b);
		else
			st = prgate_error_set(err, PRGATE_ERR_API,
					      "unexpected reply from %s: "
					      "\"default_branch\" is missing",
					      ep.buf);
	}
	prgate_json_free(doc);
	prgate_http_req_release(&req);
	strbuf_release(&url);
	strbuf_release(&ep);
	return st;
}

enum prgate_status prgate_event_open_prs(struct prgate_github *gh,
					 const struct prgate_github_ref *repo,
					 const char *base, const char *head_sha,
					 struct prgate_event_pr **out,
					 size_t *n, struct prgate_error *err)
{
	struct prgate_http *h;
	struct strbuf branch = STRBUF_INIT, url = STRBUF_INIT;
	struct open_prs prs = {NULL, 0, 0, head_sha};
	struct pager pg = {pulls_page, &prs};
	enum prgate_status st;

	*out = NULL;
	*n = 0;
	st = prgate_github_client(gh, &h, err);
	if (st == PRGATE_OK && !base && !head_sha) {
		st = default_branch(h, repo, &branch, err);
		base = branch.buf;
	}
	if (st == PRGATE_OK) {
		strbuf_addf(&url, "%s/repos/%s/%s/pulls?state=open",
			    prgate_http_base(h), repo->owner, repo->repo);
		if (!head_sha) {
			strbuf_addstr(&url, "&base=");
			prgate_github_url_encode(&url, base, 0);
		}
		strbuf_addstr(&url, "&per_page=100");
		st = get_pages(gh, h, url.buf, &pg, err);
	}
	if (st == PRGATE_OK) {
		*out = prs.v;
		*n = prs.n;
	} else {
		free(prs.v);
	}
	strbuf_release(&branch);
	strbuf_release(&url);
	return st;
}

/* ---- the sticky comment ---- */

int prgate_comment_is_sticky(const char *body)
{
	return body && !strncmp(body, PRGATE_COMMENT_MARKER,
				sizeof(PRGATE_COMMENT_MARKER) - 1);
}

static int is_bot(const struct prgate_json *user)
{
	const char *type = prgate_json_get_string(user, "type");
	const char *login = prgate_json_get_string(user, "login");
	size_t n = login ? strlen(login) : 0;
	return (type && !strcmp(type, "Bot")) ||
	       (n > 5 && !strcmp(login + n - 5, "[bot]"));
}

void prgate_comment_pick_release(struct prgate_comment_pick *pick)
{
	free(pick->body);
	free(pick->html_url);
	for (size_t i = 0; i < pick->npeople; i++) {
		free(pick->people[i].body);
		free(pick->people[i].html_url);
	}
	memset(pick, 0, sizeof(*pick));
}

/* Keep c aside as login's sticky comment unless one of theirs is. */
static void keep_person(struct prgate_comment_pick *pick, long long id,
			const char *login, const struct prgate_json *c)
{
	struct prgate_comment_person *p;
	const char *u = prgate_json_get_string(c, "html_url");

	if (!login || strlen(login) >= sizeof(p->login) ||
	    pick->npeople == PRGATE_COMMENT_PICK_PEOPLE)
		return;
	for (size_t i = 0; i < pick->npeople; i++)
		if (!strcasecmp(pick->people[i].login, login))
			return;
	p = &pick->people[pick->npeople++];
	p->id = id;
	strcpy(p->login, login);
	p->body = xstrdup(prgate_json_get_string(c, "body"));
	p->html_url = u ? xstrdup(u) : NULL;
}

enum prgate_status prgate_comment_pick_page(struct prgate_comment_pick *pick,
					    const char *endpoint,
					    const char *text, size_t len,
					    struct prgate_error *err)
{
	struct prgate_json_doc *doc = NULL;
	const struct prgate_json *c;
	enum prgate_status st = parse_reply(endpoint, text, len, 0, &doc, err);

	if (st != PRGATE_OK)
		return st;
	for (c = prgate_json_child(prgate_json_root(doc)); c;
	     c = prgate_json_next(c)) {
		long long id;
		int bot;
		if (!prgate_comment_is_sticky(
			prgate_json_get_string(c, "body")))
			continue;
		if (!prgate_json_int(prgate_json_get(c, "id"), 1,
				     9007199254740991LL, &id)) {
			st = prgate_error_set(err, PRGATE_ERR_API,
					      "unexpected reply from %s: a "
					      "comment without an id",
					      endpoint);
			break;
		}
		bot = is_bot(prgate_json_get(c, "user"));
		if (bot && !pick->id) {
			const char *u = prgate_json_get_string(c, "html_url");
			const char *login = prgate_json_get_string(
			    prgate_json_get(c, "user"), "login");
			pick->id = id;
			snprintf(pick->login, sizeof(pick->login), "%s",
				 login && strlen(login) < sizeof(pick->login)
				     ? login
				     : "");
			free(pick->body);
			free(pick->html_url);
			pick->body = xstrdup(prgate_json_get_string(c, "body"));
			pick->html_url = u ? xstrdup(u) : NULL;
		} else if (!bot) {
			keep_person(pick, id,
				    prgate_json_get_string(
					prgate_json_get(c, "user"), "login"),
				    c);
		}
	}
	prgate_json_free(doc);
	return st;
}

static enum prgate_status comments_page(void *ctx, const char *endpoint,
					const char *text, size_t len,
					struct prgate_error *err)
{
	return prgate_comment_pick_page(ctx, endpoint, text, len, err);
}

/* The id in a created comment's reply, or 0; its html_url into res. */
static long long reply_id(const struct prgate_http_req *req,
			  struct prgate_comment_result *res)
{
	struct prgate_json_doc *doc = NULL;
	struct prgate_error e;
	long long id = 0;

	if (prgate_json_parse("reply", req->reply.buf, req->reply.len, 0, &doc,
			      &e) == PRGATE_OK) {
		const char *u =
		    prgate_json_get_string(prgate_json_root(doc), "html_url");
		if (!prgate_json_int(
			prgate_json_get(prgate_json_root(doc), "id"), 1,
			9007199254740991LL, &id))
			id = 0;
		const char *login = prgate_json_get_string(
		    prgate_json_get(prgate_json_root(doc), "user"), "login");
		if (u && strlen(u) < sizeof(res->html_url))
			snprintf(res->html_url, sizeof(res->html_url), "%s", u);
		if (login && strlen(login) < sizeof(res->login))
			snprintf(res->login, sizeof(res->login), "%s", login);
	}
	prgate_json_free(doc);
	return id;
}

/* "checked YYYY-MM-DD HH:MM UTC" at s: the length of the time, else 0 */
static size_t checked_time(const char *s)
{
	static const char shape[] = "dddd-dd-dd dd:dd UTC";
	size_t i;

	if (strncmp(s, "checked ", 8))
		return 0;
	s += 8;
	for (i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? !isdigit((unsigned char)s[i])
				    : s[i] != shape[i])
			return 0;
	return i;
}

int prgate_comment_same(const char *a, const char *b)
{
	if (!a || !b)
		return 0;
	while (*a && *b) {
		size_t ta = checked_time(a), tb = checked_time(b);
		if (ta && tb) {
			a += 8 + ta;
			b += 8 + tb;
			continue;
		}
		if (*a++ != *b++)
			return 0;
	}
	return *a == *b;
}

/*
 * The token's own login (GET /user) into me, "" when GitHub does not say:
 * returns 0 when it answered (a refusal too: GitHub Actions' token may
 * not ask, and prgate then writes a comment of its own rather than edit
 * someone else's), -1 when it could not be asked (the network, a rate
 * limit): the token's own comment may be there, unseen.
 */
static int token_login(struct prgate_http *h, char *me, size_t size)
{
	int rc = -1;
	struct prgate_http_req req;
	struct prgate_error e;
	struct prgate_json_doc *doc = NULL;
	struct strbuf url = STRBUF_INIT;
	const char *login;

	me[0] = '\0';
	strbuf_addf(&url, "%s/user", prgate_http_base(h));
	if (prgate_http_send(h, NULL, url.buf, NULL, &req, &e) == PRGATE_OK) {
		if (req.code == 200 &&
		    parse_reply("GET /user", req.reply.buf, req.reply.len, 1,
				&doc, &e) == PRGATE_OK &&
		    (login = prgate_json_get_string(prgate_json_root(doc),
						    "login")) &&
		    strlen(login) < size)
			strcpy(me, login);
		rc = req.code < 500 ? 0 : -1;
	}
	prgate_http_req_release(&req); /* a failed one holds its reply too */
	prgate_json_free(doc);
	strbuf_release(&url);
	return rc;
}

/* With no bot's comment: take the one of the person me, if any. */
static void take_own(struct prgate_comment_pick *pick, const char *me)
{
	for (size_t i = 0; !pick->id && *me && i < pick->npeople; i++) {
		struct prgate_comment_person *p = &pick->people[i];
		if (strcasecmp(p->login, me))
			continue;
		pick->id = p->id;
		memcpy(pick->login, p->login, sizeof(pick->login));
		free(pick->body);
		free(pick->html_url);
		pick->body = p->body;
		pick->html_url = p->html_url;
		p->body = p->html_url = NULL;
	}
}

/* One PR's sticky comment on its way (prgate_comment_upsert_many()). */
struct upsert {
	struct prgate_comment_pick pick;
	struct strbuf next; /* the next page of comments to read; "" none */
	int pages;
	char *json;   /* {"body": ...} */
	char *method; /* the write to make: "PATCH", "POST" or NULL */
	char *url;    /* ...and where */
};

/* Run reqs[i] for every i with send_it[i], all together. */
static void run_all(struct prgate_http *h, struct prgate_http_req *reqs,
		    const int *send_it, size_t n)
{
	struct prgate_http_req **ptrs = xcalloc(n ? n : 1, sizeof(*ptrs));
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (send_it[i])
			ptrs[k++] = &reqs[i];
	if (k)
		prgate_http_run(h, ptrs, k, NULL);
	free(ptrs);
}

/* The comment's writes of one round (PATCH or POST), judged. */
static void upsert_writes(struct prgate_http *h,
			  struct prgate_comment_job *jobs, struct upsert *ups,
			  size_t n, size_t *writes_left)
{
	struct prgate_http_req *reqs = xcalloc(n ? n : 1, sizeof(*reqs));
	int *send_it = xcalloc(n ? n : 1, sizeof(*send_it));

	for (size_t i = 0; i < n; i++) {
		send_it[i] = jobs[i].st == PRGATE_OK && ups[i].method;
		if (send_it[i] && writes_left && !*writes_left) {
			jobs[i].res.deferred = 1;
			send_it[i] = 0;
			free(ups[i].method);
			free(ups[i].url);
			ups[i].method = ups[i].url = NULL;
		} else if (send_it[i] && writes_left) {
			--*writes_left;
		}
		if (send_it[i])
			prgate_http_req_init(&reqs[i], ups[i].method,
					     ups[i].url, ups[i].json);
	}
	run_all(h, reqs, send_it, n);
	for (size_t i = 0; i < n; i++) {
		struct prgate_comment_job *j = &jobs[i];
		struct prgate_http_req *req = &reqs[i];
		int patch;
		if (!send_it[i])
			continue;
		patch = !strcmp(ups[i].method, "PATCH");
		free(ups[i].method);
		free(ups[i].url);
		ups[i].method = ups[i].url = NULL;
		if (req->st != PRGATE_OK) {
			j->err = req->err;
			j->st = req->st;
		} else if (patch && req->code == 200) {
			j->res.id = ups[i].pick.id;
		} else if (patch && req->code == 404) {
			/* deleted meanwhile: write a new one */
			struct strbuf url = STRBUF_INIT;
			strbuf_addf(&url, "%s/repos/%s/%s/issues/%ld/comments",
				    prgate_http_base(h), j->pr->owner,
				    j->pr->repo, j->pr->number);
			ups[i].method = xstrdup("POST");
			ups[i].url = strbuf_detach(&url, NULL);
		} else if (!patch && (req->code == 201 || req->code == 200)) {
			j->res.html_url[0] = '\0';
			j->res.login[0] = '\0';
			j->res.id = reply_id(req, &j->res);
			j->res.created = 1;
		} else {
			j->st = refused(h, req, &j->err);
		}
		prgate_http_req_release(req);
	}
	free(reqs);
	free(send_it);
}

void prgate_comment_upsert_many(struct prgate_github *gh,
				struct prgate_comment_job *jobs, size_t n,
				size_t *writes_left)
{
	char me[128] = "";
	int asked = 0, unknown = 0;
	struct upsert *ups;
	struct prgate_http_req *reqs;
	int *send_it;
	struct prgate_http *h = NULL;
	struct prgate_error err;
	enum prgate_status st;

	if (!n)
		return;
	ups = xcalloc(n, sizeof(*ups));
	reqs = xcalloc(n, sizeof(*reqs));
	send_it = xcalloc(n, sizeof(*send_it));
	prgate_error_clear(&err);
	st = prgate_github_client(gh, &h, &err);
	for (size_t i = 0; i < n; i++) {
		struct prgate_comment_job *j = &jobs[i];
		struct strbuf json = STRBUF_INIT;
		memset(&j->res, 0, sizeof(j->res));
		j->st = st;
		j->err = err;
		strbuf_init(&ups[i].next, 0);
		if (st != PRGATE_OK)
			continue;
		strbuf_addstr(&json, "{\"body\":");
		prgate_json_quote(&json, j->body);
		strbuf_addch(&json, '}');
		ups[i].json = strbuf_detach(&json, NULL);
		strbuf_addf(&ups[i].next,
			    "%s/repos/%s/%s/issues/%ld/comments?per_page=100",
			    prgate_http_base(h), j->pr->owner, j->pr->repo,
			    j->pr->number);
	}
	/* every page of every PR's comments, a page of each at a time */
	for (;;) {
		size_t k = 0;
		for (size_t i = 0; i < n; i++) {
			send_it[i] =
			    jobs[i].st == PRGATE_OK && ups[i].next.len > 0;
			if (send_it[i] && ++ups[i].pages > gh->max_pages) {
				/* the list's first page names it */
				struct strbuf first = STRBUF_INIT;
				strbuf_addf(&first,
					    "%s/repos/%s/%s/issues/%ld/"
					    "comments?per_page=100",
					    prgate_http_base(h),
					    jobs[i].pr->owner, jobs[i].pr->repo,
					    jobs[i].pr->number);
				jobs[i].st = too_many_pages(gh, h, first.buf,
							    &jobs[i].err);
				strbuf_release(&first);
				send_it[i] = 0;
			}
			if (send_it[i]) {
				prgate_http_req_init(&reqs[i], "GET",
						     ups[i].next.buf, NULL);
				k++;
			}
		}
		if (!k)
			break;
		run_all(h, reqs, send_it, n);
		for (size_t i = 0; i < n; i++) {
			struct pager pg = {comments_page, &ups[i].pick};
			if (!send_it[i])
				continue;
			jobs[i].st = take_page(h, reqs[i].url, &reqs[i], &pg,
					       &ups[i].next, &jobs[i].err);
			prgate_http_req_release(&reqs[i]);
		}
	}
	/* what to write */
	for (size_t i = 0; i < n; i++) {
		struct prgate_comment_job *j = &jobs[i];
		struct prgate_comment_pick *pick = &ups[i].pick;
		struct strbuf url = STRBUF_INIT;
		if (j->st != PRGATE_OK)
			continue;
		if (!pick->id && pick->npeople && !asked) {
			/* prgate's may be a person's: the token's (asked
			 * once a run) */
			unknown = token_login(h, me, sizeof(me)) < 0;
			asked = 1;
		}
		take_own(pick, me);
		if (!pick->id && pick->npeople && unknown) {
			/* whose is unknown: no second comment of its own */
			j->st = prgate_error_set(
			    &j->err, PRGATE_ERR_UNDECIDED,
			    "GET /user failed, so whether %s's comment is "
			    "this token's is unknown; the next run tries "
			    "again",
			    pick->people[0].login);
			continue;
		}
		if (pick->id)
			memcpy(j->res.login, pick->login, sizeof(j->res.login));
		if (pick->id && pick->html_url &&
		    strlen(pick->html_url) < sizeof(j->res.html_url))
			snprintf(j->res.html_url, sizeof(j->res.html_url), "%s",
				 pick->html_url);
		if (pick->id && prgate_comment_same(pick->body, j->body)) {
			j->res.id = pick->id;
			j->res.unchanged = 1;
			continue; /* nothing to write */
		}
		if (pick->id)
			strbuf_addf(&url, "%s/repos/%s/%s/issues/comments/%lld",
				    prgate_http_base(h), j->pr->owner,
				    j->pr->repo, pick->id);
		else
			strbuf_addf(&url, "%s/repos/%s/%s/issues/%ld/comments",
				    prgate_http_base(h), j->pr->owner,
				    j->pr->repo, j->pr->number);
		ups[i].method = xstrdup(pick->id ? "PATCH" : "POST");
		ups[i].url = strbuf_detach(&url, NULL);
	}
	/* the edits and new comments of every PR together, then a new
	 * comment for each one deleted meanwhile */
	upsert_writes(h, jobs, ups, n, writes_left);
	upsert_writes(h, jobs, ups, n, writes_left);
	for (size_t i = 0; i < n; i++) {
		prgate_comment_pick_release(&ups[i].pick);
		strbuf_release(&ups[i].next);
		free(ups[i].json);
		free(ups[i].method);
		free(ups[i].url);
	}
	free(ups);
	free(reqs);
	free(send_it);
}

enum prgate_status prgate_comment_upsert(struct prgate_github *gh,
					 const struct prgate_github_ref *pr,
					 const char *body,
					 struct prgate_comment_result *res,
					 struct prgate_error *err)
{
	struct prgate_comment_job job;

	memset(&job, 0, sizeof(job));
	job.pr = pr;
	job.body = body;
	prgate_comment_upsert_many(gh, &job, 1, NULL);
	*res = job.res;
	if (job.st != PRGATE_OK && err)
		*err = job.err;
	return job.st;
}

/* ---- the advice-tag review ---- */

/* FNV-1a, 64 bits, over s[0, len), continuing from h. */
static unsigned long long fnv1a(unsigned long long h, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

void prgate_advice_review_marker(struct strbuf *out, const char *head_sha,
				 const struct prgate_advice_tags *tags)
{
	unsigned long long h = 14695981039346656037ULL;
	char line[32];

	for (size_t i = 0; i < tags->n; i++) {
		const struct prgate_advice_tag *t = &tags->v[i];
		h = fnv1a(h, t->file, strlen(t->file) + 1);
		snprintf(line, sizeof(line), "%ld", t->line);
		h = fnv1a(h, line, strlen(line) + 1);
		h = fnv1a(h, t->tag, t->len);
		h = fnv1a(h, "", 1);
	}
	strbuf_addf(out, PRGATE_ADVICE_MARKER " %s %016llx -->", head_sha, h);
}

/* "???:" or "!!!:": what the tag asks, in prgate's words only. */
static const char *tag_kind(const struct prgate_advice_tag *t)
{
	return t->len >= 4 && !memcmp(t->tag + t->len - 4, "!!!:", 4) ? "!!!:"
								      : "???:";
}

void prgate_advice_review_json(struct strbuf *out, const char *head_sha,
			       const struct prgate_advice_tags *tags)
{
	struct strbuf body = STRBUF_INIT;

	prgate_advice_review_marker(&body, head_sha, tags);
	strbuf_addf(&body,
		    "\nprgate: %zu advice tag%s in the lines this pull "
		    "request adds (`advice-tag`): settle each and remove its "
		    "tag before the deploy.",
		    tags->n, tags->n == 1 ? "" : "s");
	strbuf_addstr(out, "{\"commit_id\":");
	prgate_json_quote(out, head_sha);
	strbuf_addstr(out, ",\"event\":\"COMMENT\",\"body\":");
	prgate_json_quote(out, body.buf);
	strbuf_addstr(out, ",\"comments\":[");
	for (size_t i = 0; i < tags->n; i++) {
		strbuf_reset(&body);
		strbuf_addf(&body,
			    "Advice tag `%s`: this line still asks for "
			    "someone's advice. Settle it and remove the tag "
			    "before the deploy (prgate `advice-tag`).",
			    tag_kind(&tags->v[i]));
		strbuf_addstr(out, i ? ",{\"path\":" : "{\"path\":");
		prgate_json_quote(out, tags->v[i].file);
		strbuf_addf(out, ",\"line\":%ld,\"side\":\"RIGHT\",\"body\":",
			    tags->v[i].line);
		prgate_json_quote(out, body.buf);
		strbuf_addch(out, '}');
	}
	strbuf_addstr(out, "]}");
	strbuf_release(&body);
}

enum prgate_status prgate_advice_review(struct prgate_github *gh,
					const struct prgate_github_ref *pr,
					const struct prgate_github_facts *facts,
					const char *login, int may_post,
					struct prgate_advice_result *res,
					struct prgate_error *err)
{
	struct prgate_advice_tags tags;
	struct strbuf marker = STRBUF_INIT, json = STRBUF_INIT;
	struct strbuf url = STRBUF_INIT;
	struct prgate_http *h;
	struct prgate_http_req req;
	enum prgate_status st = PRGATE_OK;

	memset(res, 0, sizeof(*res));
	prgate_advice_tags_find(facts, &tags);
	res->ntags = tags.n;
	/* who prgate is must be known: any bot could copy the marker */
	if (!tags.n || !facts->head_sha || !login || !*login)
		goto out;
	prgate_advice_review_marker(&marker, facts->head_sha, &tags);
	for (size_t i = 0; i < facts->nreviews; i++) {
		const struct prgate_github_review *r = &facts->reviews[i];
		if (r->body && strstr(r->body, marker.buf) && r->login &&
		    !strcasecmp(r->login, login)) {
			res->unchanged = 1;
			goto out;
		}
	}
	if (!may_post) {
		res->deferred = 1;
		goto out;
	}
	st = prgate_github_client(gh, &h, err);
	if (st != PRGATE_OK)
		goto out;
	prgate_advice_review_json(&json, facts->head_sha, &tags);
	strbuf_addf(&url, "%s/repos/%s/%s/pulls/%ld/reviews",
		    prgate_http_base(h), pr->owner, pr->repo, pr->number);
	st = send(h, "POST", url.buf, json.buf, &req, err);
	if (st == PRGATE_OK && req.code != 200 && req.code != 201)
		st = refused(h, &req, err);
	else if (st == PRGATE_OK)
		res->posted = 1;
	prgate_http_req_release(&req);
out:
	prgate_advice_tags_release(&tags);
	strbuf_release(&marker);
	strbuf_release(&json);
	strbuf_release(&url);
	return st;
}

/* ---- the body ---- */

size_t prgate_comment_length(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c & 0xc0) != 0x80)
			n += c >= 0xf0 ? 2 : 1;
	}
	return n;
}

/* 1 when the line is indentation and a bare fence of backticks. */
static int bare_fence(const char *s, size_t n)
{
	size_t i = 0, k;
	while (i < n && s[i] == ' ')
		i++;
	for (k = i; k < n && s[k] == '`'; k++)
		;
	return k == n && n - i >= 3;
}

/*
 * What is open at the end of md[0, len): the fence (its opening line,
 * *fence_len > 0) and how many <details> blocks.
 */
static void open_blocks(const char *md, size_t len, const char **fence,
			size_t *fence_len, int *details)
{
	const char *s = md, *end = md + len;

	*fence = NULL;
	*fence_len = 0;
	*details = 0;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
		if (*fence) {
			if (n == *fence_len && !memcmp(s, *fence, n)) {
				*fence = NULL;
				*fence_len = 0;
			}
		} else if (bare_fence(s, n)) {
			*fence = s;
			*fence_len = n;
		} else if (n >= 9 && !memcmp(s, "<details>", 9)) {
			(*details)++;
		} else if (n >= 10 && !memcmp(s, "</details>", 10) &&
			   *details) {
			(*details)--;
		}
		s += n + 1;
	}
}

int prgate_comment_trim(struct strbuf *md, size_t max, const char *pointer)
{
	struct strbuf tail = STRBUF_INIT;
	size_t budget, keep, units = 0, i;
	/* "\n\n" and the pointer after the report, one more for a line end */
	size_t plen = prgate_comment_length(pointer, strlen(pointer)) + 3;

	if (prgate_comment_length(md->buf, md->len) <= max)
		return 0;
	budget = max > plen ? max - plen : 0;
	/* the longest prefix within the budget, ending between characters */
	for (i = 0; i < md->len; i++) {
		unsigned char c = (unsigned char)md->buf[i];
		size_t w = (c & 0xc0) == 0x80 ? 0 : c >= 0xf0 ? 2 : 1;
		if (w && units + w > budget)
			break;
		units += w;
	}
	keep = i;
	for (;;) {
		const char *fence;
		size_t fence_len, cut = keep;
		int details;

		/* at a line end, when there is one */
		while (cut && md->buf[cut - 1] != '\n')
			cut--;
		if (!cut)
			cut = keep;
		open_blocks(md->buf, cut, &fence, &fence_len, &details);
		strbuf_reset(&tail);
		if (fence) {
			strbuf_add(&tail, fence, fence_len);
			strbuf_addch(&tail, '\n');
		}
		while (details-- > 0)
			strbuf_addstr(&tail, "\n</details>\n");
		if (!cut || prgate_comment_length(md->buf, cut) +
				    prgate_comment_length(tail.buf, tail.len) <=
				budget) {
			strbuf_setlen(md, cut);
			if (md->len && md->buf[md->len - 1] != '\n')
				strbuf_addch(md, '\n');
			strbuf_add(md, tail.buf, tail.len);
			break;
		}
		/* one line less, or within the one line one character less */
		keep = cut - 1;
		if (md->buf[keep] != '\n')
			while (keep && (md->buf[keep] & 0xc0) == 0x80)
				keep--;
	}
	while (md->len && md->buf[md->len - 1] == '\n')
		strbuf_setlen(md, md->len - 1);
	if (md->len)
		strbuf_addstr(md, "\n\n");
	strbuf_addstr(md, pointer);
	strbuf_release(&tail);
	return 1;
}

/* "2026-11-25 09:00 UTC" */
static void add_time(struct strbuf *out, time_t t)
{
	struct tm tm;
	char buf[32];
	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M UTC", &tm);
	strbuf_addstr(out, buf);
}

/* "checked 2026-11-25 09:00 UTC; the clock changes this at ..." */
static void add_checked(struct strbuf *out, time_t checked, time_t expires)
{
	strbuf_addstr(out, "checked ");
	add_time(out, checked);
	if (expires) {
		strbuf_addstr(out, "; the clock changes this at ");
		add_time(out, expires);
	}
}

void prgate_comment_body(struct strbuf *out, const struct prgate_report_file *f,
			 time_t checked, const char *run_url)
{
	struct prgate_report r = {.files = (struct prgate_report_file *)f,
				  .nfiles = 1};
	struct strbuf md = STRBUF_INIT, foot = STRBUF_INIT, ptr = STRBUF_INIT;
	size_t head, max;

	strbuf_addstr(out, PRGATE_COMMENT_MARKER "\n");
	if (!strcmp(prgate_report_file_verdict(f), "go")) {
		size_t no = prgate_report_file_noverrides(f);
		strbuf_addstr(out, "\xe2\x9c\x85 prgate: **GO");
		if (no)
			strbuf_addf(out, " with %zu override%s", no,
				    no == 1 ? "" : "s");
		strbuf_addstr(out, "** \xe2\x80\x94 ");
		add_checked(out, checked, f->expires_at);
		strbuf_addch(out, '\n');
		if (no) {
			/* who broke the glass, and why, stays in sight */
			strbuf_addch(out, '\n');
			prgate_report_markdown_overrides(out, f);
			strbuf_setlen(out, out->len - 1);
		}
		if (f->checklist) {
			/* the checklist is what a GO is for: keep it at hand */
			strbuf_addch(out, '\n');
			prgate_report_markdown_checklist(out, f);
			strbuf_setlen(out, out->len - 1);
		}
		return;
	}
	prgate_report_markdown(&md, &r);
	strbuf_addstr(&foot, "\n\n<sub>");
	add_checked(&foot, checked, f->expires_at);
	strbuf_addstr(&foot, "</sub>\n");
	if (run_url && *run_url)
		strbuf_addf(&ptr,
			    "\xe2\x80\xa6 the full report is in the job "
			    "summary of run %s",
			    run_url);
	else
		strbuf_addstr(&ptr, "\xe2\x80\xa6 the rest of the report does "
				    "not fit in a comment");
	head = prgate_comment_length(out->buf, out->len);
	max = PRGATE_COMMENT_MAX - head -
	      prgate_comment_length(foot.buf, foot.len);
	while (md.len && md.buf[md.len - 1] == '\n')
		strbuf_setlen(&md, md.len - 1);
	prgate_comment_trim(&md, max, ptr.buf);
	strbuf_add(out, md.buf, md.len);
	strbuf_add(out, foot.buf, foot.len);
	strbuf_release(&md);
	strbuf_release(&foot);
	strbuf_release(&ptr);
}

/* ---- the commit status ---- */

/* Append "rule: text" ("text" for no rule), control characters as
 * spaces. */
static void add_reason(struct strbuf *out, enum prgate_rule rule,
		       const char *text)
{
	if (rule < PRGATE_RULE_COUNT)
		strbuf_addf(out, "%s: ", prgate_rule_id(rule));
	for (; text && *text; text++)
		strbuf_addch(out, iscntrl((unsigned char)*text) ? ' ' : *text);
}

/* The first check of f in state st, or NULL. */
static const struct prgate_check *
first_check(const struct prgate_report_file *f, enum prgate_check_state st)
{
	for (size_t i = 0; f->checks && i < f->checks->n; i++)
		if (f->checks->v[i].state == st)
			return &f->checks->v[i];
	return NULL;
}

/* 1 when rule's check in f is pending (so its error is only waiting). */
static int waiting(const struct prgate_report_file *f, enum prgate_rule rule)
{
	for (size_t i = 0; f->checks && i < f->checks->n; i++)
		if (f->checks->v[i].rule == rule)
			return f->checks->v[i].state == PRGATE_CHECK_PENDING;
	return 0;
}

void prgate_commit_status_describe(const struct prgate_report_file *f,
				   const char **state, struct strbuf *desc)
{
	const char *verdict = prgate_report_file_verdict(f);
	const struct prgate_check *c;
	size_t start = desc->len, chars = 0, i;

	if (!strcmp(verdict, "go")) {
		*state = "success";
		strbuf_addstr(desc, "GO: every check passed");
		if (f->expires_at) {
			strbuf_addstr(desc, ", until ");
			add_time(desc, f->expires_at);
		}
	} else if (!strcmp(verdict, "unknown")) {
		*state = "error";
		strbuf_addstr(desc, "could not decide: ");
		if (f->error)
			add_reason(desc, PRGATE_RULE_COUNT, f->error);
		else if ((c = first_check(f, PRGATE_CHECK_UNKNOWN)))
			add_reason(desc, c->rule, c->detail);
		else
			strbuf_addstr(desc, "a check could not be decided");
	} else if ((c = first_check(f, PRGATE_CHECK_FAIL))) {
		*state = "failure";
		strbuf_addstr(desc, "NO-GO: ");
		add_reason(desc, c->rule, c->detail);
	} else {
		const struct prgate_finding *e = NULL;
		for (i = 0; f->findings && i < f->findings->n && !e; i++)
			if (f->findings->v[i].severity == PRGATE_SEV_ERROR &&
			    !waiting(f, f->findings->v[i].rule))
				e = &f->findings->v[i];
		if (e || !(c = first_check(f, PRGATE_CHECK_PENDING))) {
			*state = "failure";
			strbuf_addstr(desc, "NO-GO: ");
			if (e)
				add_reason(desc, e->rule, e->message);
			else
				strbuf_addstr(desc, "see the report");
		} else {
			*state = "pending";
			strbuf_addstr(desc, "waiting: ");
			add_reason(desc, c->rule, c->detail);
		}
	}
	/* at most PRGATE_STATUS_DESCRIPTION_MAX characters: cut between
	 * characters, leaving room for the ellipsis */
	for (i = start; i < desc->len; i++)
		if (((unsigned char)desc->buf[i] & 0xc0) != 0x80)
			chars++;
	if (chars <= PRGATE_STATUS_DESCRIPTION_MAX)
		return;
	chars = 0;
	for (i = start; i < desc->len; i++) {
		if (((unsigned char)desc->buf[i] & 0xc0) != 0x80 &&
		    ++chars == PRGATE_STATUS_DESCRIPTION_MAX)
			break;
	}
	strbuf_setlen(desc, i);
	strbuf_addstr(desc, "\xe2\x80\xa6");
}

void prgate_commit_status_post_many(struct prgate_github *gh,
				    struct prgate_status_job *jobs, size_t n)
{
	struct prgate_http_req *reqs;
	int *send_it;
	struct prgate_http *h = NULL;
	struct prgate_error err;
	enum prgate_status st;

	if (!n)
		return;
	reqs = xcalloc(n, sizeof(*reqs));
	send_it = xcalloc(n, sizeof(*send_it));
	prgate_error_clear(&err);
	st = prgate_github_client(gh, &h, &err);
	for (size_t i = 0; i < n; i++) {
		struct prgate_status_job *j = &jobs[i];
		struct strbuf url = STRBUF_INIT, json = STRBUF_INIT;
		j->st = st;
		j->err = err;
		if (st != PRGATE_OK)
			continue;
		strbuf_addstr(&json, "{\"state\":");
		prgate_json_quote(&json, j->state);
		strbuf_addstr(&json, ",\"context\":");
		prgate_json_quote(&json, j->context);
		strbuf_addstr(&json, ",\"description\":");
		prgate_json_quote(&json, j->description);
		if (j->target_url && *j->target_url) {
			strbuf_addstr(&json, ",\"target_url\":");
			prgate_json_quote(&json, j->target_url);
		}
		strbuf_addch(&json, '}');
		strbuf_addf(&url, "%s/repos/%s/%s/statuses/%s",
			    prgate_http_base(h), j->repo->owner, j->repo->repo,
			    j->sha);
		prgate_http_req_init(&reqs[i], "POST", url.buf, json.buf);
		send_it[i] = 1;
		strbuf_release(&url);
		strbuf_release(&json);
	}
	run_all(h, reqs, send_it, n);
	for (size_t i = 0; i < n; i++) {
		struct prgate_status_job *j = &jobs[i];
		if (!send_it[i])
			continue;
		if (reqs[i].st != PRGATE_OK) {
			j->st = reqs[i].st;
			j->err = reqs[i].err;
		} else if (reqs[i].code != 201 && reqs[i].code != 200) {
			j->st = refused(h, &reqs[i], &j->err);
		}
		prgate_http_req_release(&reqs[i]);
	}
	free(reqs);
	free(send_it);
}

enum prgate_status prgate_commit_status_post(
    struct prgate_github *gh, const struct prgate_github_ref *repo,
    const char *sha, const char *context, const char *state,
    const char *description, const char *target_url, struct prgate_error *err)
{
	struct prgate_status_job job;

	memset(&job, 0, sizeof(job));
	job.repo = repo;
	job.sha = sha;
	job.context = context;
	job.state = state;
	job.description = description;
	job.target_url = target_url;
	prgate_commit_status_post_many(gh, &job, 1);
	if (job.st != PRGATE_OK && err)
		*err = job.err;
	return job.st;
}

/* ---- GitHub Actions ---- */

int prgate_actions_run_url(struct strbuf *out, const char *server,
			   const char *repository, const char *run_id)
{
	if (!repository || !*repository || !run_id || !*run_id)
		return 0;
	if (!server || !*server)
		server = "https://github.com";
	strbuf_addf(out, "%s/%s/actions/runs/%s", server, repository, run_id);
	return 1;
}

void prgate_actions_outputs(struct strbuf *out, const char *verdict,
			    time_t expires_at)
{
	strbuf_addf(out, "verdict=%s\nexpires_at=", verdict);
	if (expires_at) {
		struct tm tm;
		char when[32];
		gmtime_r(&expires_at, &tm);
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
		strbuf_addstr(out, when);
	}
	strbuf_addch(out, '\n');
}

enum prgate_status prgate_actions_append(const char *path, const char *text,
					 size_t len, struct prgate_error *err)
{
	FILE *fp = fopen(path, "a");
	int ok;

	if (!fp)
		return prgate_error_set(err, PRGATE_ERR_IO,
					"cannot write '%s': %s", path,
					strerror(errno));
	ok = fwrite(text, 1, len, fp) == len;
	if (fclose(fp) != 0)
		ok = 0;
	if (!ok)
		return prgate_error_set(err, PRGATE_ERR_IO,
					"cannot write '%s': %s", path,
					strerror(errno));
	return PRGATE_OK;
}
