/*
 * strbuf.c - the growable string (see strbuf.h).
 */
#include "support/strbuf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

char strbuf_slopbuf[1];

void strbuf_init(struct strbuf *sb, size_t hint)
{
	sb->alloc = sb->len = 0;
	sb->buf = strbuf_slopbuf;
	if (hint)
		strbuf_grow(sb, hint);
}

void strbuf_release(struct strbuf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	strbuf_init(sb, 0);
}

char *strbuf_detach(struct strbuf *sb, size_t *len)
{
	char *res;
	strbuf_grow(sb, 0);
	res = sb->buf;
	if (len)
		*len = sb->len;
	strbuf_init(sb, 0);
	return res;
}

void strbuf_grow(struct strbuf *sb, size_t extra)
{
	int fresh = !sb->alloc;
	if (sb->len + extra + 1 <= sb->len)
		die_oom((size_t)-1);
	if (fresh)
		sb->buf = NULL;
	sb->buf = xgrow(sb->buf, 1, sb->len + extra + 1, &sb->alloc);
	if (fresh)
		sb->buf[0] = '\0';
}

void strbuf_reset(struct strbuf *sb)
{
	strbuf_setlen(sb, 0);
}

void strbuf_setlen(struct strbuf *sb, size_t len)
{
	if (!sb->alloc)
		return;
	sb->len = len;
	sb->buf[len] = '\0';
}

void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	if (!len)
		return;
	strbuf_grow(sb, len);
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void strbuf_addstr(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_addch(struct strbuf *sb, int c)
{
	strbuf_grow(sb, 1);
	sb->buf[sb->len++] = (char)c;
	sb->buf[sb->len] = '\0';
}

void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;
	va_copy(cp, ap);
	n = vsnprintf(sb->buf + sb->len, sb->alloc ? sb->alloc - sb->len : 0,
		      fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n >= (sb->alloc ? sb->alloc - sb->len : 0)) {
		strbuf_grow(sb, (size_t)n);
		n = vsnprintf(sb->buf + sb->len, sb->alloc - sb->len, fmt, ap);
	}
	sb->len += (size_t)n;
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

void strbuf_trim(struct strbuf *sb)
{
	size_t b = 0, e = sb->len;
	while (b < e && is_space(sb->buf[b]))
		b++;
	while (e > b && is_space(sb->buf[e - 1]))
		e--;
	if (!sb->alloc)
		return;
	memmove(sb->buf, sb->buf + b, e - b);
	strbuf_setlen(sb, e - b);
}

int strbuf_read_stream(struct strbuf *sb, FILE *fp, size_t cap)
{
	size_t start = sb->len;
	for (;;) {
		size_t n;
		strbuf_grow(sb, 65536);
		n = fread(sb->buf + sb->len, 1, sb->alloc - sb->len - 1, fp);
		sb->len += n;
		sb->buf[sb->len] = '\0';
		if (sb->len - start > cap) {
			errno = EFBIG;
			return -1;
		}
		if (n == 0) {
			if (ferror(fp))
				return -1;
			return 0;
		}
	}
}

int strbuf_read_file(struct strbuf *sb, const char *path, size_t cap)
{
	FILE *fp = fopen(path, "rb");
	int ret, saved;
	if (!fp)
		return -1;
	ret = strbuf_read_stream(sb, fp, cap);
	saved = errno;
	fclose(fp);
	errno = saved;
	return ret;
}

void strbuf_addnum(struct strbuf *sb, double x)
{
	char buf[64];
	size_t n;

	if (x > -1e15 && x < 1e15 && x == (double)(long long)x) {
		strbuf_addf(sb, "%.0f", x);
		return;
	}
	snprintf(buf, sizeof(buf), "%.4f", x);
	n = strlen(buf);
	if (memchr(buf, '.', n)) {
		while (n && buf[n - 1] == '0')
			n--;
		if (n && buf[n - 1] == '.')
			n--;
	}
	strbuf_add(sb, buf, n);
}
