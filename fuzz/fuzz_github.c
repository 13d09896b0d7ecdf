/*
 * fuzz_github.c - fuzzes the GitHub REST reply decoders (gate/github.c
 * on top of support/json.c): the first byte picks the decoder (pull
 * request, reviews, check runs, combined status, compare, files, issue)
 * and the rest is the reply's JSON body. Every decoder runs twice into
 * the same facts: paging appends to the lists, and a second decode of
 * the pull request replaces its fields (nothing may leak).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gate/github.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef enum prgate_status (*decoder)(const char *, const char *, size_t,
				      struct prgate_github_facts *,
				      struct prgate_error *);

static const decoder decoders[] = {
    prgate_github_decode_pr,	     prgate_github_decode_reviews,
    prgate_github_decode_check_runs, prgate_github_decode_status,
    prgate_github_decode_compare,    prgate_github_decode_files,
};
#define NDECODERS (sizeof(decoders) / sizeof(decoders[0]))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct prgate_github_facts facts;
	struct prgate_error err;
	const char *text;
	unsigned pick;

	if (size < 1)
		return 0;
	pick = data[0] % (NDECODERS + 1);
	text = (const char *)data + 1;
	size--;
	prgate_error_clear(&err);
	if (pick == NDECODERS) {
		struct prgate_github_dep dep;
		memset(&dep, 0, sizeof(dep));
		(void)prgate_github_decode_issue("GET /repos/o/r/issues/1",
						 text, size, &dep, &err);
		free(dep.state);
		return 0;
	}
	memset(&facts, 0, sizeof(facts));
	(void)decoders[pick]("GET /fuzz", text, size, &facts, &err);
	(void)decoders[pick]("GET /fuzz?page=2", text, size, &facts, &err);
	prgate_github_facts_release(&facts);
	return 0;
}
