/*
 * fuzz_guard.c - fuzzes the pre-scan that refuses the shapes cmark-gfm is
 * slow on (prgate_md_guard in linter/md_guard.c), and what it lets
 * through: an input the guard accepts (within GitHub's 65,536 characters)
 * is parsed with prgate_md_parse(), so libFuzzer's -timeout and
 * -rss_limit_mb flag any shape that is still slow or greedy after the
 * guard. The guard must also agree with the parser: whatever the guard
 * refuses, prgate_md_parse() refuses with the same message.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "linter/md.h"
#include "linter/md_guard.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct prgate_error e1, e2;
	struct prgate_md_doc *doc = NULL;
	enum prgate_status g, p;
	const char *s = (const char *)data;

	if (size > 65536 || memchr(s, '\r', size) ||
	    prgate_md_validate(s, size, &e1) != PRGATE_OK ||
	    (size >= 3 && !memcmp(s, "\xef\xbb\xbf", 3)))
		return 0;
	prgate_error_clear(&e1);
	prgate_error_clear(&e2);
	g = prgate_md_guard(s, size, &e1);
	p = prgate_md_parse(s, size, &doc, &e2);
	if (g != PRGATE_OK && (p != g || strcmp(e1.message, e2.message)))
		abort();
	if (g == PRGATE_OK && p != PRGATE_OK)
		abort();
	prgate_md_free(doc);
	return 0;
}
