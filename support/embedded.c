/*
 * embedded.c - lookup of the files built into the binary (see embedded.h;
 * the data itself is generated into build/embedded_data.c).
 */
#include <string.h>

#include "support/embedded.h"

const struct prgate_embedded *prgate_embedded_find(const char *name)
{
	for (const struct prgate_embedded *e = prgate_embedded_files; e->name;
	     e++)
		if (!strcmp(e->name, name))
			return e;
	return NULL;
}
