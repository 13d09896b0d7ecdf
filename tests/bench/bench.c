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

#include "support/embedded.h"
#include "linter/lint.h"

/* Descriptions per batch: each is parsed, modelled and linted in turn. */
#define BATCH 100

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

/* Parse and model one description (the model's cost, no rules). */
static void model_one(const struct strbuf *body, struct prgate_error *err)
{
	struct prgate_md_doc *doc;
	if (prgate_md_parse(body->buf, body->len, &doc, err) == PRGATE_OK)
		prgate_md_free(doc);
}

/* Lint one description; its number of findings. */
static size_t lint_one(struct prgate_linter *linter, const struct strbuf *body,
		       struct prgate_error *err)
{
	struct prgate_lint_input in = {
	    .name = "bench", .body = body->buf, .len = body->len};
	struct prgate_lint_result res;
	size_t n;

	if (prgate_lint_run(linter, &in, &res, err)) {
		fprintf(stderr, "%s\n", err->message);
		exit(2);
	}
	n = res.findings.n;
	prgate_lint_result_release(&res);
	return n;
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
	/*
	 * Each round goes through the corpus in batches of BATCH, timing
	 * parse-only, model and lint over the same batch back to back, so a
	 * slow spell of this shared machine falls on all three alike; a
	 * round's ratio is its sums' ratio. Which of the three goes first
	 * (and reads the batch into the cache) rotates from batch to batch.
	 */
	for (int r = 0; r < rounds; r++) {
		double t[3] = {0, 0, 0}, tp, tm, tl;
		findings = 0;
		for (int lo = 0, b = 0; lo < n; lo += BATCH, b++) {
			int hi = lo + BATCH < n ? lo + BATCH : n;
			for (int k = 0; k < 3; k++) {
				int what = (b + k) % 3;
				double t0 = now();
				if (what == 0 &&
				    (!only || !strcmp(only, "parse")))
					for (int i = lo; i < hi; i++)
						prgate_md_parse_only(
						    corpus[i].buf,
						    corpus[i].len);
				else if (what == 1 &&
					 (!only || !strcmp(only, "model")))
					for (int i = lo; i < hi; i++)
						model_one(&corpus[i], &err);
				else if (what == 2 &&
					 (!only || !strcmp(only, "lint")))
					for (int i = lo; i < hi; i++)
						findings += lint_one(
						    linter, &corpus[i], &err);
				t[what] += now() - t0;
			}
		}
		tp = t[0];
		tm = t[1];
		tl = t[2];
		if (tp < best_parse)
			best_parse = tp;
		if (tm < best_model)
			best_model = tm;
		if (tl < best_lint)
			best_lint = tl;
		model_ratio[r] = tm / tp;
		ratio[r] = tl / tp;
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
	       "median of %d rounds, each timing the three in turn on batches "
	       "of %d (range %.2f-%.2f)\n",
	       ratio[rounds / 2], model_ratio[rounds / 2], rounds, BATCH,
	       ratio[0], ratio[rounds - 1]);
	printf("peak memory: %.1f MiB (corpus included)\n",
	       (double)peak_kib() / 1024);
	for (int i = 0; i < n; i++)
		strbuf_release(&corpus[i]);
	free(corpus);
	prgate_linter_free(linter);
	prgate_policy_release(&policy);
	return 0;
}
