/*
 * strbuf.h - a growable byte string with git strbuf semantics.
 *
 * A struct strbuf is never NULL-buffered: after STRBUF_INIT or
 * strbuf_init() its buf points at a NUL-terminated string (possibly a
 * shared empty one), so it can always be printed. The buffer is owned by
 * the strbuf until strbuf_detach() hands it to the caller, who then frees
 * it with free(). strbuf_release() frees it and leaves an empty strbuf.
 *
 * For anything read from the outside (files, stdin, the network) use the
 * capped readers: they stop with PRGATE_ERR_TOO_LARGE instead of growing
 * without bound (curl dynbuf's size cap).
 */
#ifndef PRGATE_STRBUF_H
#define PRGATE_STRBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "support/util.h"

struct strbuf {
	size_t alloc;
	size_t len;
	char *buf;
};

extern char strbuf_slopbuf[];
#define STRBUF_INIT                                                            \
	{                                                                      \
		0, 0, strbuf_slopbuf                                           \
	}

void strbuf_init(struct strbuf *sb, size_t hint);
void strbuf_release(struct strbuf *sb);
/* Hands the buffer to the caller (free() it); sb is left empty. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_reset(struct strbuf *sb);
void strbuf_setlen(struct strbuf *sb, size_t len);

void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) PRGATE_PRINTF(2, 3);
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
/* Strip ASCII whitespace at both ends. */
void strbuf_trim(struct strbuf *sb);
/*
 * A number as people write it: whole numbers without a point ("17200"),
 * others with up to 4 decimals and no trailing zeros ("0.75").
 */
void strbuf_addnum(struct strbuf *sb, double x);

/*
 * Append the whole of a stream or file, failing with -1 when more than cap
 * bytes arrive (errno EFBIG) or on a read error (errno set by the OS).
 */
int strbuf_read_stream(struct strbuf *sb, FILE *fp, size_t cap);
int strbuf_read_file(struct strbuf *sb, const char *path, size_t cap);

#endif
