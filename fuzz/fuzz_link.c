/*
 * fuzz_link.c - fuzzes the RFC 8288 Link header parser
 * (prgate_github_link_find in gate/github.c): the input is the header
 * value, searched for the "next", "last" and a made-up relation.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gate/github.h"
#include "support/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const rels[] = {"next", "last", "Prev", "x"};
	struct strbuf out = STRBUF_INIT;
	char *s = malloc(size + 1);

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	for (size_t i = 0; i < sizeof(rels) / sizeof(rels[0]); i++)
		(void)prgate_github_link_find(s, rels[i], &out);
	strbuf_release(&out);
	free(s);
	return 0;
}
