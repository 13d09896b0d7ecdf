/*
 * re.h - regular expressions (the only module that includes PCRE2).
 *
 * Patterns are compiled once, UTF-8 aware, and own their match data, so
 * a compiled pattern is used by one thread at a time. A pattern is
 * JIT-compiled (where the platform allows) once it has been matched a
 * few times: a one-shot run would spend more on JIT than on matching.
 * A PRGATE_RE_LAZY pattern (one known to be valid: built into prgate,
 * or already checked) is compiled on its first use, so the patterns a
 * run never needs cost nothing. prgate_re_free(NULL) is fine.
 */
#ifndef PRGATE_RE_H
#define PRGATE_RE_H

#include <stddef.h>

#include "support/status.h"

#define PRGATE_RE_CASELESS 0x1
#define PRGATE_RE_WHOLE 0x2 /* anchored at both ends */
#define PRGATE_RE_LAZY 0x4  /* compile on first use (a valid pattern) */

struct prgate_re;

/*
 * Compile pattern (PRGATE_RE_LAZY: only keep it). On a bad pattern
 * returns NULL with err set to PRGATE_ERR_CONFIG and a message such as
 * "bad pattern 'roll(back': missing closing parenthesis at offset 9".
 * Matching a lazy pattern that turns out bad aborts (a bug).
 */
struct prgate_re *prgate_re_new(const char *pattern, unsigned flags,
				struct prgate_error *err);
/*
 * Compile a PRGATE_RE_LAZY pattern now: 0, or -1 when it does not
 * compile (it then never matches: check before using a lazy pattern that
 * may be bad). A no-op returning 0 for a compiled pattern.
 */
int prgate_re_ready(struct prgate_re *re);
/*
 * Search subject[0, len) from offset start. Returns 1 and sets
 * mstart and mend (either may be NULL) on a match, 0 on no match.
 */
int prgate_re_search(struct prgate_re *re, const char *subject, size_t len,
		     size_t start, size_t *mstart, size_t *mend);
/*
 * Match the whole of subject (for a PRGATE_RE_WHOLE pattern) and return
 * the name of the last (*MARK:name) passed on the way, or NULL on no
 * match. The string lives until the next match with re.
 */
const char *prgate_re_mark(struct prgate_re *re, const char *subject,
			   size_t len);
const char *prgate_re_pattern(const struct prgate_re *re);
void prgate_re_free(struct prgate_re *re);

#endif
