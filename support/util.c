/*
 * util.c - allocation helpers and the owned string list.
 */
#include "support/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

PRGATE_NORETURN void die_oom(size_t n)
{
	fprintf(stderr, "prgate: fatal: out of memory (%zu bytes)\n", n);
	exit(2);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die_oom(n);
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		die_oom(nmemb * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		die_oom(n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void *xgrow(void *p, size_t elem, size_t need, size_t *alloc)
{
	size_t a = *alloc;
	if (need <= a)
		return p;
	a = a ? a : 8;
	while (a < need)
		a = a + a / 2 + 8;
	if (a > (size_t)-1 / elem)
		die_oom((size_t)-1);
	*alloc = a;
	return xrealloc(p, a * elem);
}

void prgate_strlist_add(struct prgate_strlist *l, const char *s)
{
	l->v = xgrow(l->v, sizeof(*l->v), l->n + 1, &l->alloc);
	l->v[l->n++] = xstrdup(s);
}

void prgate_strlist_release(struct prgate_strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->alloc = 0;
}

int prgate_strlist_has(const struct prgate_strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], s))
			return 1;
	return 0;
}

int prgate_strlist_has_icase(const struct prgate_strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcasecmp(l->v[i], s))
			return 1;
	return 0;
}

int prgate_utf8_cut(const char *s, int max)
{
	size_t n = strnlen(s, max > 0 ? (size_t)max : 0);

	/* cut before a character whose continuation bytes would be lost */
	if (s[n])
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	return (int)n;
}

static int ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Optimal string alignment distance, caseless, capped at 3. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *d, cols = lb + 1, r;
	if (la > 64 || lb > 64)
		return 3;
	d = xcalloc((la + 1) * cols, sizeof(*d));
	for (size_t i = 0; i <= la; i++)
		d[i * cols] = i;
	for (size_t j = 0; j <= lb; j++)
		d[j] = j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			size_t cost =
			    ascii_lower(a[i - 1]) != ascii_lower(b[j - 1]);
			size_t v = d[(i - 1) * cols + j] + 1;
			if (d[i * cols + j - 1] + 1 < v)
				v = d[i * cols + j - 1] + 1;
			if (d[(i - 1) * cols + j - 1] + cost < v)
				v = d[(i - 1) * cols + j - 1] + cost;
			if (i > 1 && j > 1 &&
			    ascii_lower(a[i - 1]) == ascii_lower(b[j - 2]) &&
			    ascii_lower(a[i - 2]) == ascii_lower(b[j - 1]) &&
			    d[(i - 2) * cols + j - 2] + 1 < v)
				v = d[(i - 2) * cols + j - 2] + 1;
			d[i * cols + j] = v;
		}
	}
	r = d[la * cols + lb];
	free(d);
	return r;
}

/* The candidate closest to word, if close enough to be a typo. */
const char *prgate_suggest(const char *word, const char *const *cands, size_t n)
{
	const char *best = NULL;
	size_t best_d = 3;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(cands[i]);
		size_t limit = len >= 6 ? 2 : 1;
		size_t dist = edit_distance(word, cands[i]);
		if (dist <= limit && dist < best_d) {
			best = cands[i];
			best_d = dist;
		}
	}
	return best;
}
