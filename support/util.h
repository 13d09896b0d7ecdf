/*
 * util.h - small helpers every module uses: allocation that dies on
 * out-of-memory, string duplication, and attribute macros.
 *
 * prgate treats out-of-memory as fatal (like git's xmalloc): the process
 * prints one line and exits with status 2. Everything else reports errors
 * through struct prgate_error (see status.h).
 */
#ifndef PRGATE_UTIL_H
#define PRGATE_UTIL_H

#include <stddef.h>

/* The version, from the file VERSION: the Makefile passes it as
 * -DPRGATE_VERSION='"X.Y.Z"'. */
#ifndef PRGATE_VERSION
#error "PRGATE_VERSION is not defined: build with make (it reads VERSION)"
#endif

#if defined(__GNUC__)
#define PRGATE_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define PRGATE_NORETURN __attribute__((noreturn))
#else
#define PRGATE_PRINTF(f, a)
#define PRGATE_NORETURN
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Print "prgate: fatal: out of memory" and exit(2). */
PRGATE_NORETURN void die_oom(size_t n);
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Grow *p (holding *alloc elements of size elem) to hold at least need. */
void *xgrow(void *p, size_t elem, size_t need, size_t *alloc);

/* A NULL-terminated-free list of owned strings. */
struct prgate_strlist {
	char **v;
	size_t n, alloc;
};
void prgate_strlist_add(struct prgate_strlist *l, const char *s);
void prgate_strlist_release(struct prgate_strlist *l);
int prgate_strlist_has(const struct prgate_strlist *l, const char *s);
/* Case-insensitive ASCII membership test (GitHub logins, labels). */
int prgate_strlist_has_icase(const struct prgate_strlist *l, const char *s);

/*
 * How many bytes of s to print so that at most max are printed and the
 * cut does not fall inside a UTF-8 character: printf("%.*s",
 * prgate_utf8_cut(s, 60), s).
 */
int prgate_utf8_cut(const char *s, int max);

/*
 * The candidate closest to word (ASCII case ignored) if it is close
 * enough to be a typo of it: one edit for names under 6 characters, two
 * for longer ones (an edit: insert, delete, change, or swap two
 * neighbours). NULL when none is; borrowed from cands.
 */
const char *prgate_suggest(const char *word, const char *const *cands,
			   size_t n);

#endif
