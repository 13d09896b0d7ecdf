/*
 * re.c - the PCRE2 wrapper (see re.h).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdio.h>
#include <stdlib.h>

#include "support/re.h"

struct prgate_re {
	pcre2_code *code; /* NULL: PRGATE_RE_LAZY, not compiled yet */
	pcre2_match_data *md;
	char *pattern;
	uint32_t opts;
	int failed;	  /* a lazy compile failed */
	unsigned matches; /* so far; JIT-compiled at PRGATE_RE_JIT_AFTER */
};

/*
 * JIT compiling costs more than a few interpreted matches (about
 * 100,000 instructions for an alias pattern, against a few hundred per
 * match): a one-shot `prgate lint` matches most patterns once or twice,
 * a linter over thousands of descriptions thousands of times. So a
 * pattern is JIT-compiled once it has been matched this often.
 */
#define PRGATE_RE_JIT_AFTER 16

/* Count a match; JIT-compile the pattern when it has become hot. */
static void count_match(struct prgate_re *re)
{
	/*
	 * JIT is an optimisation: without it matching still works.
	 * PRGATE_NO_JIT (set, any value) skips it: a debugging knob for
	 * valgrind, which cannot see into JIT-generated code and reports
	 * false "uninitialised value" errors from it (make check-valgrind).
	 */
	if (re->matches < PRGATE_RE_JIT_AFTER &&
	    ++re->matches == PRGATE_RE_JIT_AFTER && !getenv("PRGATE_NO_JIT"))
		(void)pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE);
}

static pcre2_code *compile(const char *pattern, uint32_t opts,
			   struct prgate_error *err)
{
	int errcode;
	PCRE2_SIZE erroff;
	pcre2_code *code =
	    pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, opts,
			  &errcode, &erroff, NULL);
	if (!code) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(errcode, msg, sizeof(msg));
		prgate_error_set(err, PRGATE_ERR_CONFIG,
				 "bad pattern '%s': %s at offset %zu", pattern,
				 (const char *)msg, (size_t)erroff);
	}
	return code;
}

static void set_code(struct prgate_re *re, pcre2_code *code)
{
	re->code = code;
	re->md = pcre2_match_data_create_from_pattern(code, NULL);
	if (!re->md)
		die_oom(0);
}

struct prgate_re *prgate_re_new(const char *pattern, unsigned flags,
				struct prgate_error *err)
{
	struct prgate_re *re;
	uint32_t opts = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;
	pcre2_code *code = NULL;

	if (flags & PRGATE_RE_CASELESS)
		opts |= PCRE2_CASELESS;
	if (flags & PRGATE_RE_WHOLE)
		opts |= PCRE2_ANCHORED | PCRE2_ENDANCHORED;
	if (!(flags & PRGATE_RE_LAZY) && !(code = compile(pattern, opts, err)))
		return NULL;
	re = xcalloc(1, sizeof(*re));
	re->pattern = xstrdup(pattern);
	re->opts = opts;
	if (code)
		set_code(re, code);
	return re;
}

int prgate_re_ready(struct prgate_re *re)
{
	pcre2_code *code;
	if (re->code)
		return 0;
	if (re->failed || !(code = compile(re->pattern, re->opts, NULL))) {
		re->failed = 1;
		return -1;
	}
	set_code(re, code);
	return 0;
}

/* Compile a lazy pattern on its first use; a bad one is a bug. */
static void need(struct prgate_re *re)
{
	if (!re->code && prgate_re_ready(re)) {
		fprintf(stderr, "prgate: bug: bad built-in pattern '%s'\n",
			re->pattern);
		abort();
	}
}

int prgate_re_search(struct prgate_re *re, const char *subject, size_t len,
		     size_t start, size_t *mstart, size_t *mend)
{
	PCRE2_SIZE *ov;
	int rc;

	need(re);
	count_match(re);
	rc = pcre2_match(re->code, (PCRE2_SPTR)subject, len, start, 0, re->md,
			 NULL);
	if (rc < 0)
		return 0;
	ov = pcre2_get_ovector_pointer(re->md);
	if (mstart)
		*mstart = ov[0];
	if (mend)
		*mend = ov[1];
	return 1;
}

const char *prgate_re_mark(struct prgate_re *re, const char *subject,
			   size_t len)
{
	int rc;

	need(re);
	count_match(re);
	rc =
	    pcre2_match(re->code, (PCRE2_SPTR)subject, len, 0, 0, re->md, NULL);
	if (rc < 0)
		return NULL;
	return (const char *)pcre2_get_mark(re->md);
}

const char *prgate_re_pattern(const struct prgate_re *re)
{
	return re->pattern;
}

void prgate_re_free(struct prgate_re *re)
{
	if (!re)
		return;
	if (re->code) {
		pcre2_match_data_free(re->md);
		pcre2_code_free(re->code);
	}
	free(re->pattern);
	free(re);
}
