/*
 * glob.c - path patterns for changed files (see glob.h), and the check
 * whether a PR touches the policy's migration paths.
 */
#include <string.h>

#include "support/glob.h"

/* p starts a "**" + '/' that stands for whole directories. */
static int at_globstar(const char *pattern, const char *p)
{
	return p[0] == '*' && p[1] == '*' && p[2] == '/' &&
	       (p == pattern || p[-1] == '/');
}

/* p is a final '/' + "**": everything below the directory so far. */
static int at_tail(const char *p)
{
	return p[0] == '/' && p[1] == '*' && p[2] == '*' && !p[3];
}

int prgate_glob_match(const char *pattern, const char *path)
{
	const char *p = pattern, *s = path;
	/* resume points: after the last '*' (and what it has eaten so far),
	 * after the last globstar (and the segment it resumes at) */
	const char *star_p = NULL, *star_s = NULL;
	const char *deep_p = NULL, *deep_s = NULL;

	if (!strcmp(pattern, "**"))
		return *path != '\0';
	for (;;) {
		int ok = 0;

		if (at_tail(p)) {
			if (s[0] == '/' && s[1])
				return 1;
		} else if (at_globstar(pattern, p)) {
			p += 3;
			deep_p = p;
			deep_s = s;
			star_p = NULL;
			continue;
		} else if (*p == '*') {
			while (*p == '*')
				p++;
			star_p = p;
			star_s = s;
			continue;
		} else if (!*p) {
			if (!*s)
				return 1;
		} else if (*s && (*p == '?' ? *s != '/' : *p == *s)) {
			ok = 1;
		}
		if (ok) {
			p++;
			s++;
			continue;
		}
		/* Mismatch: let the last '*' eat one more character of its
		 * segment, else move the last globstar one directory on. */
		if (star_p && *star_s && *star_s != '/') {
			s = ++star_s;
			p = star_p;
			continue;
		}
		if (deep_p) {
			const char *slash = strchr(deep_s, '/');
			if (!slash)
				return 0;
			s = deep_s = slash + 1;
			p = deep_p;
			star_p = NULL;
			continue;
		}
		return 0;
	}
}
