/*
 * test_re.c - the PCRE2 wrapper: eager and lazy compiling, a bad pattern
 * reported or refused, the same answers before and after the pattern
 * turns hot and is JIT-compiled, and the "did you mean" helper.
 */
#include <string.h>

#include "support/re.h"
#include "support/util.h"
#include "test.h"

void test_re(void)
{
	struct prgate_error err;
	struct prgate_re *re;
	size_t a, b;
	const char *cands[] = {"check", "checklist", "lint", "rules"};

	/* eager: a bad pattern is an error naming it */
	prgate_error_clear(&err);
	CHECK(prgate_re_new("roll(back", 0, &err) == NULL);
	CHECK_STR(err.message, "bad pattern 'roll(back': missing closing "
			       "parenthesis at offset 9");

	/* lazy: kept, then refused at prgate_re_ready, never matching */
	re = prgate_re_new("roll(back", PRGATE_RE_LAZY, NULL);
	CHECK(re != NULL);
	CHECK_INT(prgate_re_ready(re), -1);
	CHECK_INT(prgate_re_ready(re), -1);
	CHECK_STR(prgate_re_pattern(re), "roll(back");
	prgate_re_free(re);

	/* lazy and valid: compiled on first use, caseless and whole */
	re = prgate_re_new(
	    "roll ?back( plan)?",
	    PRGATE_RE_LAZY | PRGATE_RE_CASELESS | PRGATE_RE_WHOLE, NULL);
	CHECK(re != NULL);
	/* past the JIT threshold and on: the same answers every time */
	for (int i = 0; i < 40; i++) {
		CHECK_INT(prgate_re_search(re, "Rollback Plan", 13, 0, &a, &b),
			  1);
		CHECK_INT(a, 0);
		CHECK_INT(b, 13);
		CHECK_INT(
		    prgate_re_search(re, "rollback plans", 14, 0, NULL, NULL),
		    0);
	}
	CHECK_INT(prgate_re_ready(re), 0);
	prgate_re_free(re);

	/* marks survive the switch to JIT too */
	re = prgate_re_new("a(*MARK:1)|b(*MARK:2)", PRGATE_RE_WHOLE, &err);
	for (int i = 0; i < 40; i++) {
		const char *m = prgate_re_mark(re, "b", 1);
		CHECK(m && !strcmp(m, "2"));
		CHECK(prgate_re_mark(re, "c", 1) == NULL);
	}
	prgate_re_free(re);
	prgate_re_free(NULL);

	/* prgate_suggest: one edit under 6 characters, two from 6 on */
	CHECK_STR(prgate_suggest("chek", cands, 4), "check");
	CHECK_STR(prgate_suggest("CHECKLST", cands, 4), "checklist");
	CHECK_STR(prgate_suggest("lnit", cands, 4), "lint");
	CHECK(prgate_suggest("lnti", cands, 4) == NULL);
	CHECK(prgate_suggest("deploy", cands, 4) == NULL);
}
