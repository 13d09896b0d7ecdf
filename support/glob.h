/*
 * glob.h - path patterns for changed files (the policy's migrations.paths):
 * `*` any run of characters within one path segment, `?` one character
 * other than '/', `**` + '/' zero or more whole directories, '/' + `**`
 * at the end everything below; every other character stands for itself,
 * case-sensitively. A `**` anywhere else is a plain `*`.
 *
 * Matching is iterative (no recursion): a failed attempt resumes from
 * the last `*` or, failing that, from the last `**` + '/' one segment
 * further on, so hostile patterns ("*a*a*a*...b") cost O(pattern x path),
 * never exponential time.
 */
#ifndef PRGATE_GLOB_H
#define PRGATE_GLOB_H

/* Whether the whole of path matches pattern. */
int prgate_glob_match(const char *pattern, const char *path);

#endif
