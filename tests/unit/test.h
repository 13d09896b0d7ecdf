/*
 * test.h - the unit-test framework: a suite is a function of checks.
 *
 * Each CHECK* compares and, on a mismatch, prints the file, line and both
 * values, and counts a failure; every check counts as passed or failed.
 * Suites are listed in suites.def; tests/unit/main.c runs them and ends
 * with "N passed, N failed".
 */
#ifndef PRGATE_TEST_H
#define PRGATE_TEST_H

#include <stdio.h>
#include <string.h>

extern int test_passed, test_failed;

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (cond) {                                                    \
			test_passed++;                                         \
		} else {                                                       \
			test_failed++;                                         \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
				__LINE__, #cond);                              \
		}                                                              \
	} while (0)

#define CHECK_INT(got, want)                                                   \
	do {                                                                   \
		long long g_ = (long long)(got), w_ = (long long)(want);       \
		if (g_ == w_) {                                                \
			test_passed++;                                         \
		} else {                                                       \
			test_failed++;                                         \
			fprintf(stderr, "%s:%d: %s: got %lld, want %lld\n",    \
				__FILE__, __LINE__, #got, g_, w_);             \
		}                                                              \
	} while (0)

#define CHECK_STR(got, want)                                                   \
	do {                                                                   \
		const char *g_ = (got), *w_ = (want);                          \
		if (g_ && w_ && !strcmp(g_, w_)) {                             \
			test_passed++;                                         \
		} else if (!g_ && !w_) {                                       \
			test_passed++;                                         \
		} else {                                                       \
			test_failed++;                                         \
			fprintf(stderr,                                        \
				"%s:%d: %s: got \"%s\", want \"%s\"\n",        \
				__FILE__, __LINE__, #got, g_ ? g_ : "(null)",  \
				w_ ? w_ : "(null)");                           \
		}                                                              \
	} while (0)

#define SUITE(name) void test_##name(void);
#include "suites.def"
#undef SUITE

#endif
