/*
 * re.c - the PCRE2 wrapper (see re.h).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdlib.h>

#include "support/re.h"

struct prgate_re {
	pcre2_code *code;
	pcre2_match_data *md;
	char *pattern;
};

struct prgate_re *prgate_re_new(const char *pattern, unsigned flags,
				struct prgate_error *err)
{
	struct prgate_re *re;
	uint32_t opts = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;
	int errcode;
	PCRE2_SIZE erroff;
	pcre2_code *code;

	if (flags & PRGATE_RE_CASELESS)
		opts |= PCRE2_CASELESS;
	if (flags & PRGATE_RE_WHOLE)
		opts |= PCRE2_ANCHORED | PCRE2_ENDANCHORED;
	code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, opts,
			     &errcode, &erroff, NULL);
	if (!code) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(errcode, msg, sizeof(msg));
		prgate_error_set(err, PRGATE_ERR_CONFIG,
				 "bad pattern '%s': %s at offset %zu", pattern,
				 (const char *)msg, (size_t)erroff);
		return NULL;
	}
	/*
	 * JIT is an optimisation: without it matching still works.
	 * PRGATE_NO_JIT (set, any value) skips it: a debugging knob for
	 * valgrind, which cannot see into JIT-generated code and reports
	 * false "uninitialised value" errors from it (make check-valgrind).
	 */
	if (!getenv("PRGATE_NO_JIT"))
		(void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
	re = xcalloc(1, sizeof(*re));
	re->code = code;
	re->md = pcre2_match_data_create_from_pattern(code, NULL);
	if (!re->md)
		die_oom(0);
	re->pattern = xstrdup(pattern);
	return re;
}

int prgate_re_search(struct prgate_re *re, const char *subject, size_t len,
		     size_t start, size_t *mstart, size_t *mend)
{
	PCRE2_SIZE *ov;
	int rc = pcre2_match(re->code, (PCRE2_SPTR)subject, len, start, 0,
			     re->md, NULL);
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
	int rc =
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
	pcre2_match_data_free(re->md);
	pcre2_code_free(re->code);
	free(re->pattern);
	free(re);
}
