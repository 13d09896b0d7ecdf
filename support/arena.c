/*
 * arena.c - bump allocation of strings (see arena.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/arena.h"

struct prgate_arena_chunk {
	struct prgate_arena_chunk *next;
	size_t used, cap;
	_Alignas(max_align_t) char data[];
};

static struct prgate_arena_chunk *chunk_new(size_t cap)
{
	struct prgate_arena_chunk *c;

	if (cap > (size_t)-1 - sizeof(*c))
		die_oom(cap);
	c = xmalloc(sizeof(*c) + cap);
	c->next = NULL;
	c->used = 0;
	c->cap = cap;
	return c;
}

void prgate_arena_reserve(struct prgate_arena *a, size_t cap)
{
	if (!a->head)
		a->head = chunk_new(cap);
}

char *prgate_arena_alloc(struct prgate_arena *a, size_t n)
{
	struct prgate_arena_chunk *c = a->head;
	char *p;

	if (!c || c->cap - c->used < n) {
		/* twice the last chunk, up to PRGATE_ARENA_CHUNK */
		size_t cap = c && c->cap < PRGATE_ARENA_CHUNK / 2
				 ? 2 * c->cap
				 : PRGATE_ARENA_CHUNK;
		struct prgate_arena_chunk *fresh = chunk_new(n > cap ? n : cap);
		if (c && n > PRGATE_ARENA_CHUNK / 2) {
			/* a big string: keep filling the current chunk */
			fresh->next = c->next;
			c->next = fresh;
		} else {
			fresh->next = c;
			a->head = fresh;
		}
		c = fresh;
	}
	p = c->data + c->used;
	c->used += n;
	return p;
}

void *prgate_arena_alloc_aligned(struct prgate_arena *a, size_t n)
{
	size_t align = _Alignof(max_align_t);
	char *p;

	if (n > (size_t)-1 - align)
		die_oom(n);
	p = prgate_arena_alloc(a, n + align - 1);
	return p + (align - (uintptr_t)p % align) % align;
}

const char *prgate_arena_strndup(struct prgate_arena *a, const char *s,
				 size_t n)
{
	char *p = prgate_arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

const char *prgate_arena_vprintf(struct prgate_arena *a, const char *fmt,
				 va_list ap)
{
	struct prgate_arena_chunk *c = a->head;
	size_t room = c ? c->cap - c->used : 0;
	va_list cp;
	char *p;
	int n;

	/* format into the free end of the chunk; again if it did not fit */
	va_copy(cp, ap);
	n = vsnprintf(c ? c->data + c->used : NULL, room, fmt, cp);
	va_end(cp);
	if (n < 0)
		return prgate_arena_strndup(a, "", 0);
	if ((size_t)n < room) {
		p = prgate_arena_alloc(a, (size_t)n + 1);
		return p;
	}
	p = prgate_arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

void prgate_arena_release(struct prgate_arena *a)
{
	struct prgate_arena_chunk *c = a->head;

	while (c) {
		struct prgate_arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
}

void prgate_arena_keep_one(struct prgate_arena *a, size_t max)
{
	struct prgate_arena_chunk *c = a->head, *kept = NULL;

	while (c) {
		struct prgate_arena_chunk *next = c->next;
		if (c->cap <= max && (!kept || c->cap > kept->cap)) {
			free(kept);
			kept = c;
		} else {
			free(c);
		}
		c = next;
	}
	if (kept) {
		kept->next = NULL;
		kept->used = 0;
	}
	a->head = kept;
}

const char *prgate_arena_next(const struct prgate_arena *a, const void **cursor,
			      size_t *len)
{
	const struct prgate_arena_chunk *c =
	    *cursor ? ((const struct prgate_arena_chunk *)*cursor)->next
		    : a->head;

	while (c && !c->used)
		c = c->next;
	*cursor = c;
	if (!c)
		return NULL;
	*len = c->used;
	return c->data;
}
