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
