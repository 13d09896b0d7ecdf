/*
 * github_driver.c - a test driver for the GitHub client (tests/sh/github.sh):
 * fetch one PR's facts and print them in a fixed text form, or send one
 * request through the same client, and exit with the status's exit code.
 *
 *   github-driver [options] PR          print the facts
 *   github-driver [options] --send METHOD PATH [JSON]
 *                                       print the reply's status and body
 *
 * With --repeat N the request is sent N times (N batches) through the
 * one client, each outcome printed, the last one's status the exit code;
 * with --also URL a GET of that absolute URL follows through the same
 * client, its outcome printed.
 *
 * Options: --api-url URL, --repo OWNER/REPO (for a bare number),
 * --dep REF (repeatable: a dependency, relative to the PR's repository),
 * and the timings in ms: --connect-timeout, --timeout, --max-wait,
 * --retry-base, --mergeable-delay; --retries N, --max-body BYTES,
 * --max-pages N, --repeat N, --also URL. The token comes from PRGATE_TOKEN.
 * Errors go to stderr as "github-driver: <status>: <message>".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gate/github.h"
#include "gate/http.h"
#include "support/status.h"

struct deps {
	const char **v;
	size_t n;
};

static void find_deps(void *ctx, const char *body,
		      const struct prgate_github_ref *pr,
		      struct prgate_github_facts *facts)
{
	const struct deps *d = ctx;
	char repo[256];

	(void)body;
	snprintf(repo, sizeof(repo), "%s/%s", pr->owner, pr->repo);
	for (size_t i = 0; i < d->n; i++) {
		struct prgate_github_ref ref;
		if (prgate_github_parse_ref(d->v[i], repo, &ref, NULL) ==
		    PRGATE_OK)
			prgate_github_facts_add_dep(facts, &ref);
	}
}

static const char *yes_no(int b)
{
	return b ? "yes" : "no";
}

static const char *or_dash(const char *s)
{
	return s ? s : "-";
}

static void print_time(const char *what, time_t t)
{
	char buf[64];
	struct tm tm;

	if (!t) {
		printf("%s -\n", what);
		return;
	}
	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	printf("%s %s\n", what, buf);
}

static void print_list(const char *what, const struct prgate_strlist *l)
{
	printf("%s", what);
	if (!l->n)
		printf(" -");
	for (size_t i = 0; i < l->n; i++)
		printf(" %s", l->v[i]);
	printf("\n");
}

static void print_facts(const struct prgate_github_facts *f)
{
	const char *p;

	printf("pr %s/%s#%ld\n", f->ref.owner, f->ref.repo, f->ref.number);
	printf("title %s\n", f->title);
	printf("state %s\n", f->state);
	printf("draft %s\n", yes_no(f->draft));
	printf("merged %s\n", yes_no(f->merged));
	printf("mergeable %s\n",
	       f->mergeable < 0 ? "unknown" : yes_no(f->mergeable));
	printf("mergeable_state %s\n", f->mergeable_state);
	printf("author %s\n", f->author);
	printf("head %s %s\n", f->head_ref, f->head_sha);
	printf("base %s\n", f->base_ref);
	print_time("created", f->created_at);
	print_time("updated", f->updated_at);
	print_list("labels", &f->labels);
	print_list("requested_reviewers", &f->requested_reviewers);
	print_list("requested_teams", &f->requested_teams);
	printf("body %zu bytes\n", strlen(f->body));
	for (p = f->body; *p;) {
		size_t n = strcspn(p, "\n");
		if (n)
			printf("| %.*s\n", (int)n, p);
		else
			printf("|\n");
		p += n;
		if (*p)
			p++;
	}
	for (size_t i = 0; i < f->nreviews; i++) {
		printf("review %s %s %s ", f->reviews[i].login,
		       f->reviews[i].state, or_dash(f->reviews[i].commit_id));
		print_time("submitted", f->reviews[i].submitted_at);
	}
	for (size_t i = 0; i < f->nchecks; i++)
		printf("check \"%s\" %s %s %s\n", f->checks[i].name,
		       f->checks[i].status, or_dash(f->checks[i].conclusion),
		       or_dash(f->checks[i].html_url));
	for (size_t i = 0; i < f->nstatuses; i++)
		printf("status %s %s %s\n", f->statuses[i].context,
		       f->statuses[i].state,
		       or_dash(f->statuses[i].target_url));
	printf("combined %s\n", or_dash(f->combined_state));
	printf("compare %s ahead %ld behind %ld\n", or_dash(f->compare_status),
	       f->ahead_by, f->behind_by);
	for (size_t i = 0; i < f->nfiles; i++) {
		printf("file %s %s ", f->files[i].status, f->files[i].filename);
		if (f->files[i].patch)
			printf("patch %zu bytes\n", strlen(f->files[i].patch));
		else
			printf("no patch\n");
	}
	for (size_t i = 0; i < f->ndeps; i++)
		printf("dep %s/%s#%ld %s %s%s\n", f->deps[i].ref.owner,
		       f->deps[i].ref.repo, f->deps[i].ref.number,
		       f->deps[i].is_pr ? "pr" : "issue",
		       or_dash(f->deps[i].state),
		       f->deps[i].merged ? " merged" : "");
	for (size_t i = 0; i < f->ncomments; i++)
		printf("comment %s %s %s %zu bytes\n", f->comments[i].login,
		       or_dash(f->comments[i].type),
		       or_dash(f->comments[i].html_url),
		       strlen(f->comments[i].body));
	printf("requests %u\n", f->requests);
	printf("rounds %u\n", f->rounds);
}

static int usage(void)
{
	fprintf(stderr, "usage: github-driver [options] PR\n"
			"       github-driver [options] --send METHOD PATH "
			"[JSON]\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct prgate_github gh;
	struct prgate_github_ref ref;
	struct prgate_github_facts facts;
	struct prgate_error err;
	struct deps deps = {NULL, 0};
	const char *repo = NULL, *pr = NULL;
	const char *send_method = NULL, *send_path = NULL, *send_json = NULL;
	const char *also = NULL;
	enum prgate_status st;
	int i, repeat = 1;

	prgate_github_init(&gh);
	prgate_error_clear(&err);
	memset(&facts, 0, sizeof(facts));
	deps.v = calloc((size_t)argc, sizeof(*deps.v));
	if (!deps.v)
		return 2;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--send")) {
			if (i + 2 >= argc)
				return usage();
			send_method = argv[++i];
			send_path = argv[++i];
			if (i + 1 < argc && argv[i + 1][0] != '-')
				send_json = argv[++i];
			continue;
		}
		if (a[0] != '-' || !strcmp(a, "-")) {
			pr = a;
			continue;
		}
		if (!v)
			return usage();
		i++;
		if (!strcmp(a, "--api-url"))
			gh.api_url = v;
		else if (!strcmp(a, "--repo"))
			repo = v;
		else if (!strcmp(a, "--dep"))
			deps.v[deps.n++] = v;
		else if (!strcmp(a, "--connect-timeout"))
			gh.http.connect_timeout_ms = atol(v);
		else if (!strcmp(a, "--timeout"))
			gh.http.timeout_ms = atol(v);
		else if (!strcmp(a, "--max-wait"))
			gh.http.max_wait_ms = atol(v);
		else if (!strcmp(a, "--retry-base"))
			gh.http.retry_base_ms = atol(v);
		else if (!strcmp(a, "--retries"))
			gh.http.max_retries = atoi(v);
		else if (!strcmp(a, "--max-body"))
			gh.http.max_body = (size_t)atol(v);
		else if (!strcmp(a, "--mergeable-delay"))
			gh.mergeable_delay_ms = atol(v);
		else if (!strcmp(a, "--max-pages"))
			gh.max_pages = atoi(v);
		else if (!strcmp(a, "--comments"))
			gh.want_comments = atoi(v);
		else if (!strcmp(a, "--repeat"))
			repeat = atoi(v);
		else if (!strcmp(a, "--also"))
			also = v;
		else
			return usage();
	}
	gh.token = getenv("PRGATE_TOKEN");
	gh.find_deps = find_deps;
	gh.deps_ctx = &deps;

	if (send_method) {
		struct prgate_http *http = NULL;
		struct prgate_http_req req;
		struct strbuf url = STRBUF_INIT;
		memset(&req, 0, sizeof(req));
		st = prgate_github_client(&gh, &http, &err);
		if (st == PRGATE_OK)
			strbuf_addf(&url, "%s%s", prgate_http_base(http),
				    send_path);
		for (int k = 0; st == PRGATE_OK && k < repeat; k++) {
			st = prgate_http_send(http, send_method, url.buf,
					      send_json, &req, &err);
			if (st == PRGATE_OK)
				printf("%ld %zu bytes\n", req.code,
				       req.reply.len);
			else if (k + 1 < repeat || also)
				printf("%s: %s\n", prgate_status_describe(st),
				       err.message);
			prgate_http_req_release(&req);
			if (k + 1 < repeat || also)
				st = PRGATE_OK;
		}
		if (st == PRGATE_OK && also) {
			struct prgate_error e2;
			if (prgate_http_send(http, NULL, also, NULL, &req,
					     &e2) == PRGATE_OK)
				printf("%ld %zu bytes\n", req.code,
				       req.reply.len);
			else
				printf("%s: %s\n",
				       prgate_status_describe(e2.status),
				       e2.message);
			prgate_http_req_release(&req);
		}
		strbuf_release(&url);
	} else if (!pr) {
		free(deps.v);
		return usage();
	} else {
		st = prgate_github_parse_ref(pr, repo, &ref, &err);
		if (st == PRGATE_OK)
			st = prgate_github_fetch(&gh, &ref, &facts, &err);
		if (st == PRGATE_OK)
			print_facts(&facts);
		prgate_github_facts_release(&facts);
	}
	prgate_github_release(&gh);
	free(deps.v);
	fflush(stdout);
	if (st != PRGATE_OK)
		fprintf(stderr, "github-driver: %s: %s\n",
			prgate_status_describe(st), err.message);
	return prgate_status_exit_code(st);
}
