/*
 * embedded.h - files built into the binary from templates/: the stock PR
 * templates (*.md) and the default policy (default-policy.json), so the
 * tool works with no files installed.
 */
#ifndef PRGATE_EMBEDDED_H
#define PRGATE_EMBEDDED_H

#include <stddef.h>

struct prgate_embedded {
	const char *name; /* file name, e.g. "basic.md" */
	const char *data; /* NUL-terminated */
	size_t len;
};

/* Terminated by an entry with name NULL. */
extern const struct prgate_embedded prgate_embedded_files[];

/* The embedded file with this name, or NULL. */
const struct prgate_embedded *prgate_embedded_find(const char *name);

#endif
