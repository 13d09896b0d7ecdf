/*
 * md_guard.h - a linear pre-scan of a description, before cmark-gfm sees
 * it, that refuses the shapes on which cmark-gfm 0.29.0.gfm.6 (Debian 12)
 * takes time or memory out of proportion to the input. Measured on that
 * version (one core, -O2; see `make bench`):
 *
 *   - a table row of many cells: quadratic in the cells of one row (one
 *     64 KB row of '|' takes 8.6 s; a 32,000-column header 0.7 s; a 64 KB
 *     line of '|' over a ":-:" delimiter row 24 s);
 *   - a table whose rows are shorter than its header: every row is padded
 *     to the header's width (400 columns by 32,000 one-cell rows, 64 KB of
 *     input, take 1 GB and 5.6 s);
 *   - deep nesting of block quotes and lists: emphasis under 32,000 '>'
 *     takes 1.5 s at 64 KB, and every nested list costs ~300 bytes of
 *     memory per input byte;
 *   - emphasis delimiters ('*', '_', '~') before links in one paragraph:
 *     each link's end rescans the delimiters before it (4,000 of them
 *     before 10,000 links: 1.4 s; "*[a](b) _" repeated over 256 KB: 36 s);
 *   - '@' in a long run of letters and digits: the e-mail autolink
 *     extension scans the whole run from each of (up to 1,000 of) them
 *     ("a@" repeated over 1 MiB: 15 s).
 *
 * The budgets below keep each of these under a few tenths of a second at
 * the 16 MiB hard cap and far below that within GitHub's 65,536
 * characters, while no description a person writes comes near them. The
 * scan errs on the side of counting too much (it knows lines, not
 * cmark's blocks): it may refuse a freak description, never let a slow
 * one through. It allocates nothing.
 */
#ifndef PRGATE_MD_GUARD_H
#define PRGATE_MD_GUARD_H

#include <stddef.h>

#include "support/status.h"

/* cells ('|'-separated) in one line of a table: header, delimiter, row
 * (a line of '|' that is no table's costs nothing and is not counted) */
#define PRGATE_MD_MAX_TABLE_CELLS 128
/* empty cells added where a row is shorter than its header, in all */
#define PRGATE_MD_MAX_PADDED_CELLS 100000
/* block quotes and list items opened on one line */
#define PRGATE_MD_MAX_NESTING 64
/* per paragraph, emphasis delimiter runs times ']', summed over all */
#define PRGATE_MD_MAX_DELIM_WORK 2000000
/* per '@', the letters, digits and @._+- around it, summed over all */
#define PRGATE_MD_MAX_AT_WORK 10000000

/*
 * Check buf (LF line ends, valid UTF-8, len bytes) against the budgets.
 * PRGATE_OK, or PRGATE_ERR_INPUT with a message naming the line and the
 * limit ("line 3: a table row of 40000 cells (at most 128 are read)").
 */
enum prgate_status prgate_md_guard(const char *buf, size_t len,
				   struct prgate_error *err);

#endif
