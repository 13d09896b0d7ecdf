/*
 * arena.h - strings that live and die together (a document's texts, one
 * run's findings) allocated by bumping a pointer: one malloc per chunk,
 * and one free per chunk when they all go, instead of one each.
 *
 * An arena is a list of chunks, the one being filled first; each new one
 * twice the size of the last, up to PRGATE_ARENA_CHUNK. A string over half
 * of that gets a chunk of its own (kept behind the one being filled, so
 * the small ones go on filling it). A zeroed struct is an empty arena.
 */
#ifndef PRGATE_ARENA_H
#define PRGATE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

#include "support/util.h"

struct prgate_arena_chunk;

struct prgate_arena {
	struct prgate_arena_chunk *head;
};

/* Bytes in a chunk unless a first chunk or a string asks for more. */
#define PRGATE_ARENA_CHUNK ((size_t)64 * 1024)

/* Give an empty arena a first chunk of cap bytes (its expected size). */
void prgate_arena_reserve(struct prgate_arena *a, size_t cap);

/* n bytes, not aligned. */
char *prgate_arena_alloc(struct prgate_arena *a, size_t n);

/* n bytes aligned for any object. */
void *prgate_arena_alloc_aligned(struct prgate_arena *a, size_t n);

/* A NUL-terminated copy of s[0, n). */
const char *prgate_arena_strndup(struct prgate_arena *a, const char *s,
				 size_t n);

/* printf into the arena; the string is NUL-terminated. */
const char *prgate_arena_vprintf(struct prgate_arena *a, const char *fmt,
				 va_list ap) PRGATE_PRINTF(2, 0);

/* Free every chunk; a is empty again. */
void prgate_arena_release(struct prgate_arena *a);

/*
 * Keep only the biggest chunk of at most max bytes, emptied, and free the
 * rest: for reusing the arena without holding on to a huge input's memory.
 */
void prgate_arena_keep_one(struct prgate_arena *a, size_t max);

/*
 * The chunks' used bytes, one after another: start with *cursor NULL;
 * returns NULL after the last. Each string lies whole in one chunk.
 */
const char *prgate_arena_next(const struct prgate_arena *a, const void **cursor,
			      size_t *len);

#endif
