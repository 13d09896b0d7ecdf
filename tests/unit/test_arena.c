/*
 * test_arena.c - bump allocation of strings: formatting in place and
 * again when it does not fit, big strings, alignment, reuse, walking the
 * chunks.
 */
#include <stdint.h>
#include <string.h>

#include "support/arena.h"
#include "test.h"

static const char *fmt(struct prgate_arena *a, const char *f, ...)
    PRGATE_PRINTF(2, 3);

static const char *fmt(struct prgate_arena *a, const char *f, ...)
{
	const char *s;
	va_list ap;
	va_start(ap, f);
	s = prgate_arena_vprintf(a, f, ap);
	va_end(ap);
	return s;
}

/* Bytes in use over all chunks, and how many chunks are in use. */
static size_t used(const struct prgate_arena *a, size_t *chunks)
{
	const void *cursor = NULL;
	size_t len, total = 0;

	*chunks = 0;
	while (prgate_arena_next(a, &cursor, &len)) {
		total += len;
		(*chunks)++;
	}
	return total;
}

void test_arena(void)
{
	struct prgate_arena a = {NULL};
	const char *s, *t, *big;
	size_t chunks;
	char long_word[300];
	void *p;

	/* an empty arena formats into its first chunk */
	s = fmt(&a, "%s-%d", "rule", 7);
	CHECK_STR(s, "rule-7");
	t = prgate_arena_strndup(&a, "abcdef", 3);
	CHECK_STR(t, "abc");
	CHECK_STR(s, "rule-7");
	CHECK_INT(used(&a, &chunks), 7 + 4);
	CHECK_INT(chunks, 1);
	prgate_arena_release(&a);
	CHECK(a.head == NULL);

	/* a small first chunk: a message that does not fit is formatted
	 * again into the next chunk, twice the size */
	prgate_arena_reserve(&a, 16);
	s = fmt(&a, "%s", "0123456789");
	memset(long_word, 'w', sizeof(long_word) - 1);
	long_word[sizeof(long_word) - 1] = '\0';
	t = fmt(&a, "<%s>", long_word);
	CHECK_INT(strlen(t), 301);
	CHECK(t[0] == '<' && t[300] == '>');
	CHECK_STR(s, "0123456789");
	CHECK_INT(used(&a, &chunks), 11 + 302);
	CHECK_INT(chunks, 2);

	/* a string over half a chunk gets its own, behind the one being
	 * filled; the next small string still goes into that one */
	s = prgate_arena_strndup(&a, "before", 6); /* a new chunk of 604 */
	CHECK_INT(used(&a, &chunks), 11 + 302 + 7);
	CHECK_INT(chunks, 3);
	{
		static char huge[PRGATE_ARENA_CHUNK];
		memset(huge, 'h', sizeof(huge) - 1);
		big = prgate_arena_strndup(&a, huge, sizeof(huge) - 1);
	}
	CHECK_INT(strlen(big), PRGATE_ARENA_CHUNK - 1);
	t = prgate_arena_strndup(&a, "after", 5);
	CHECK_STR(t, "after");
	CHECK(t == s + 7); /* right behind "before" */
	CHECK_INT(used(&a, &chunks), 11 + 302 + 7 + 6 + PRGATE_ARENA_CHUNK);
	CHECK_INT(chunks, 4);

	/* aligned blocks */
	prgate_arena_alloc(&a, 1);
	p = prgate_arena_alloc_aligned(&a, 24);
	CHECK((uintptr_t)p % _Alignof(max_align_t) == 0);

	/* keep one small chunk, emptied, for reuse */
	prgate_arena_keep_one(&a, 4096);
	CHECK_INT(used(&a, &chunks), 0);
	CHECK(a.head != NULL);
	s = fmt(&a, "%d", 42);
	CHECK_STR(s, "42");
	CHECK_INT(used(&a, &chunks), 3);
	CHECK_INT(chunks, 1);
	/* nothing small enough: nothing kept */
	prgate_arena_keep_one(&a, 8);
	CHECK(a.head == NULL);
	prgate_arena_release(&a);
}
