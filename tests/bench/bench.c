/*
 * bench.c - lint throughput on a generated corpus of realistic PR
 * descriptions, against a parse-only baseline (cmark-gfm with the same
 * extensions) run in the same process over the same corpus.
 *
 *   bench [N]            corpus of N descriptions (default 10000)
 *   bench --file FILE    lint one file, print time and peak memory
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "../../linter/embedded.h"
#include "../../linter/lint.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static long peak_kib(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* A deterministic generator, so every run lints the same corpus. */
static unsigned long seed = 12345;
static unsigned rnd(unsigned n)
{
	seed = seed * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)((seed >> 33) % n);
}

static const char *const words[] = {
    "checkout", "invoice", "cache",  "queue",	"export", "customer",
    "order",	"payment", "search", "profile", "report", "address",
    "the",	"a",	   "with",   "for",	"and",	  "when"};

static void sentence(struct strbuf *sb, int n)
{
	for (int i = 0; i < n; i++)
		strbuf_addf(sb, "%s%s", i ? " " : "",
			    words[rnd(ARRAY_SIZE(words))]);
	strbuf_addstr(sb, ".");
}

/* One description: a stock one, varied, sometimes with extra prose. */
static void generate(struct strbuf *sb)
{
	static const char *const stock[] = {"simple.md", "db-migration.md",
					    "basic.md"};
	const struct prgate_embedded *e =
	    prgate_embedded_find(stock[rnd(ARRAY_SIZE(stock))]);
	strbuf_add(sb, e->data, e->len);
	strbuf_addstr(sb, "\n## Notes\n\n");
	for (unsigned i = 0, n = 1 + rnd(6); i < n; i++) {
		sentence(sb, 8 + (int)rnd(20));
		strbuf_addstr(sb, rnd(3) ? "\n\n" : "\n- [ ] ");
	}
	if (rnd(4) == 0)
		strbuf_addstr(sb,
			      "\n```sh\nheroku run -a shop rake db:migrate\n"
			      "```\n");
}

static int bench_file(const char *path)
{
	struct prgate_policy policy;
	struct prgate_linter *linter;
	struct prgate_lint_result res;
	struct prgate_error err;
	struct strbuf body = STRBUF_INIT;
	double t0, t1;

	memset(&policy, 0, sizeof(policy));
	if (strbuf_read_file(&body, path, (size_t)64 << 20) < 0) {
		perror(path);
		return 2;
	}
	if (prgate_policy_init_default(&policy, &err) ||
	    prgate_linter_new(&policy, NULL, &linter, &err)) {
		fprintf(stderr, "%s\n", err.message);
		return 2;
	}
	struct prgate_lint_input in = {
	    .name = path, .body = body.buf, .len = body.len};
	t0 = now();
	if (prgate_lint_run(linter, &in, &res, &err)) {
		fprintf(stderr, "%s\n", err.message);
		return 2;
	}
	t1 = now();
	printf("%s: %.2f MB in %.1f ms (%.1f MB/s), %zu findings, peak "
	       "memory %.1f MiB\n",
	       path, (double)body.len / 1e6, (t1 - t0) * 1e3,
	       (double)body.len / 1e6 / (t1 - t0), res.findings.n,
	       (double)peak_kib() / 1024);
	prgate_lint_result_release(&res);
	prgate_linter_free(linter);
	prgate_policy_release(&policy);
	strbuf_release(&body);
	return 0;
}

int main(int argc, char **argv)
{
	int n = 10000, rounds = 9;
	const char *only = NULL;
	double ratio[9], model_ratio[9];
	struct strbuf *corpus;
	size_t bytes = 0, findings = 0;
	double best_parse = 1e9, best_model = 1e9, best_lint = 1e9;
	struct prgate_policy policy;
	struct prgate_linter *linter;
	struct prgate_error err;

	if (argc == 3 && !strcmp(argv[1], "--file"))
		return bench_file(argv[2]);
	if (argc >= 3 && !strcmp(argv[1], "--only")) {
		/* one loop alone, for a profiler: --only parse|model|lint [N]
		 */
		only = argv[2];
		argc -= 2;
		argv += 2;
	}
	if (argc == 2)
		n = atoi(argv[1]);
	corpus = calloc((size_t)n, sizeof(*corpus));
	for (int i = 0; i < n; i++) {
		strbuf_init(&corpus[i], 4096);
		generate(&corpus[i]);
		bytes += corpus[i].len;
	}
	memset(&policy, 0, sizeof(policy));
	if (prgate_policy_init_default(&policy, &err) ||
	    prgate_linter_new(&policy, NULL, &linter, &err)) {
		fprintf(stderr, "%s\n", err.message);
		return 2;
	}
	for (int r = 0; r < rounds; r++) {
		double t0 = now(), t1, tp, tm;
		for (int i = 0; i < n && (!only || !strcmp(only, "parse")); i++)
			prgate_md_parse_only(corpus[i].buf, corpus[i].len);
		t1 = now();
		tp = t1 - t0;
		if (tp < best_parse)
			best_parse = tp;
		t0 = now();
		for (int i = 0; i < n && (!only || !strcmp(only, "model"));
		     i++) {
			struct prgate_md_doc *doc;
			if (prgate_md_parse(corpus[i].buf, corpus[i].len, &doc,
					    &err) == PRGATE_OK)
				prgate_md_free(doc);
		}
		t1 = now();
		tm = t1 - t0;
		if (tm < best_model)
			best_model = tm;
		model_ratio[r] = tm / tp;
		t0 = now();
		findings = 0;
		for (int i = 0; i < n && (!only || !strcmp(only, "lint"));
		     i++) {
			struct prgate_lint_input in = {.name = "bench",
						       .body = corpus[i].buf,
						       .len = corpus[i].len};
			struct prgate_lint_result res;
			if (prgate_lint_run(linter, &in, &res, &err)) {
				fprintf(stderr, "%s\n", err.message);
				return 2;
			}
			findings += res.findings.n;
			prgate_lint_result_release(&res);
		}
		t1 = now();
		if (t1 - t0 < best_lint)
			best_lint = t1 - t0;
		ratio[r] = (t1 - t0) / tp;
	}
	printf("corpus: %d descriptions, %.1f MB, %zu findings\n", n,
	       (double)bytes / 1e6, findings);
	printf("rates: the best of %d rounds\n", rounds);
	printf("parse only: %8.0f descriptions/s %6.1f MB/s\n", n / best_parse,
	       (double)bytes / 1e6 / best_parse);
	printf("model:      %8.0f descriptions/s %6.1f MB/s  (parse + the "
	       "Markdown model, no rules)\n",
	       n / best_model, (double)bytes / 1e6 / best_model);
	printf("lint:       %8.0f descriptions/s %6.1f MB/s\n", n / best_lint,
	       (double)bytes / 1e6 / best_lint);
	qsort(ratio, (size_t)rounds, sizeof(*ratio), cmp_double);
	qsort(model_ratio, (size_t)rounds, sizeof(*model_ratio), cmp_double);
	printf("lint / parse-only: %.2fx (target <= 1.5x; model alone %.2fx): "
	       "median of %d back-to-back rounds (range %.2f-%.2f)\n",
	       ratio[rounds / 2], model_ratio[rounds / 2], rounds, ratio[0],
	       ratio[rounds - 1]);
	printf("peak memory: %.1f MiB (corpus included)\n",
	       (double)peak_kib() / 1024);
	for (int i = 0; i < n; i++)
		strbuf_release(&corpus[i]);
	free(corpus);
	prgate_linter_free(linter);
	prgate_policy_release(&policy);
	return 0;
}
