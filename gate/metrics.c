/*
 * metrics.c - gathering what the gate rules need beyond GitHub's facts: the
 * health gates' numbers (the only HTTP the rules' answers depend on besides
 * the GitHub client), and the dependencies a description names.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gate/metrics.h"
#include "support/json.h"

/* Expand ${NAME} from the environment; -1 (and the name in err) if unset. */
static int expand_env(const char *s, struct strbuf *out, struct strbuf *err)
{
	while (*s) {
		const char *end, *val;
		char *name;
		if (s[0] != '$' || s[1] != '{' || !(end = strchr(s + 2, '}'))) {
			strbuf_addch(out, *s++);
			continue;
		}
		name = xstrndup(s + 2, (size_t)(end - s - 2));
		val = getenv(name);
		if (!val) {
			strbuf_addf(err, "${%s} is not set", name);
			free(name);
			return -1;
		}
		strbuf_addstr(out, val);
		free(name);
		s = end + 1;
	}
	return 0;
}

/* scheme://host[:port] of an http(s) URL, the client's base: the
 * metric's URL itself, query and all, is the request's. */
static void origin_of(const char *url, struct strbuf *out)
{
	const char *host = strstr(url, "://");
	host = host ? host + 3 : url;
	strbuf_add(out, url, (size_t)(host - url) + strcspn(host, "/?#"));
}

static void fetch_metric(const struct prgate_metric *m,
			 const struct prgate_http_opts *opts,
			 struct prgate_metric_value *v)
{
	struct prgate_http *h = NULL;
	struct prgate_http_req req, *reqs[1] = {&req};
	struct prgate_json_doc *doc = NULL;
	struct prgate_error err;
	struct strbuf why = STRBUF_INIT, line = STRBUF_INIT,
		      shown = STRBUF_INIT, base = STRBUF_INIT;
	const char *method = m->method ? m->method : "GET";
	const struct prgate_json *node;
	struct prgate_http_opts mopts;

	/* messages name the URL without its query: it may hold a key */
	prgate_http_redact(m->url, &shown);
	origin_of(m->url, &base);
	prgate_http_req_init(&req, method, m->url,
			     strcmp(method, "POST") ? NULL
			     : m->body		    ? m->body
						    : "");
	if (m->content_type)
		req.body_type = xstrdup(m->content_type);
	for (size_t i = 0; i < m->headers.n; i++) {
		strbuf_reset(&line);
		if (expand_env(m->headers.v[i], &line, &why))
			goto out;
		prgate_strlist_add(&req.headers, line.buf);
	}
	/* no token: it belongs to GitHub alone; and the monitor is not
	 * GitHub, whatever its URL */
	mopts = *opts;
	mopts.service = "the server";
	mopts.cache_dir = NULL; /* only GitHub's replies are cached */
	if (prgate_http_new(base.buf, NULL, &mopts, &h, &err) != PRGATE_OK ||
	    prgate_http_run(h, reqs, 1, &err) != PRGATE_OK) {
		strbuf_addstr(&why, err.message);
		goto out;
	}
	if (req.code != 200) {
		strbuf_addf(&why, "%s %s answered %ld", method, shown.buf,
			    req.code);
		goto out;
	}
	if (prgate_json_parse(shown.buf, req.reply.buf, req.reply.len, 0, &doc,
			      &err) != PRGATE_OK) {
		strbuf_addstr(&why, err.message);
		goto out;
	}
	node = prgate_json_pointer(prgate_json_root(doc), m->pointer);
	if (!node) {
		strbuf_addf(&why, "%s %s: nothing at \"%s\"", method, shown.buf,
			    m->pointer);
		goto out;
	}
	if (!prgate_json_number(node, &v->value)) {
		strbuf_addf(&why, "%s %s: \"%s\" is not a number", method,
			    shown.buf, m->pointer);
		goto out;
	}
	v->ok = 1;
out:
	if (!v->ok)
		v->error = strbuf_detach(&why, NULL);
	strbuf_release(&why);
	strbuf_release(&line);
	strbuf_release(&shown);
	strbuf_release(&base);
	prgate_json_free(doc);
	prgate_http_req_release(&req);
	prgate_http_free(h);
}

void prgate_gate_fetch_metrics(const struct prgate_policy *policy,
			       const struct prgate_http_opts *opts,
			       struct prgate_gate_facts *gate)
{
	gate->nmetrics = policy->nmetrics;
	gate->metrics = xcalloc(policy->nmetrics ? policy->nmetrics : 1,
				sizeof(*gate->metrics));
	for (size_t i = 0; i < policy->nmetrics; i++) {
		gate->metrics[i].metric = &policy->metrics[i];
		fetch_metric(&policy->metrics[i], opts, &gate->metrics[i]);
	}
}

/* Case-insensitive: does s start with the word w? */
static int starts_word(const char *s, const char *w)
{
	size_t n = strlen(w);
	return !strncasecmp(s, w, n) && !isalnum((unsigned char)s[n]);
}

void prgate_gate_find_deps(void *ctx, const char *body,
			   const struct prgate_github_ref *pr,
			   struct prgate_github_facts *facts)
{
	static const char *const verbs[] = {"depends on", "requires",
					    "blocked by", "needs"};
	struct strbuf repo = STRBUF_INIT;
	const char *p = body;
	(void)ctx;
	for (; *p; p++) {
		size_t v;
		if (p != body && isalnum((unsigned char)p[-1]))
			continue;
		for (v = 0; v < ARRAY_SIZE(verbs); v++)
			if (starts_word(p, verbs[v]))
				break;
		if (v == ARRAY_SIZE(verbs))
			continue;
		p += strlen(verbs[v]);
		/* one or more refs: "#12", "org/repo#34", "#12, #13 and #14" */
		for (;;) {
			struct prgate_github_ref ref;
			struct prgate_error err;
			const char *b;
			char *word;
			while (*p == ' ' || *p == ':' || *p == ',' ||
			       *p == '\t')
				p++;
			if (starts_word(p, "and")) {
				p += 3;
				continue;
			}
			b = p;
			while (*p && (isalnum((unsigned char)*p) || *p == '-' ||
				      *p == '_' || *p == '.' || *p == '/' ||
				      *p == '#'))
				p++;
			while (p > b && p[-1] == '.')
				p--; /* end of sentence */
			if (p == b || !memchr(b, '#', (size_t)(p - b)))
				break;
			word = xstrndup(b, (size_t)(p - b));
			strbuf_reset(&repo);
			strbuf_addf(&repo, "%s/%s", pr->owner, pr->repo);
			/* a PR naming itself is not a dependency */
			if (prgate_github_parse_ref(word, repo.buf, &ref,
						    &err) == PRGATE_OK &&
			    !(ref.number == pr->number &&
			      !strcasecmp(ref.owner, pr->owner) &&
			      !strcasecmp(ref.repo, pr->repo)) &&
			    facts->ndeps <= PRGATE_DEPS_NAMED_MAX)
				prgate_github_facts_add_dep(facts, &ref);
			free(word);
		}
		if (!*p)
			break;
	}
	strbuf_release(&repo);
}
