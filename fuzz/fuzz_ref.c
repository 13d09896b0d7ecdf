/*
 * fuzz_ref.c - fuzzes the pull request reference parser
 * (prgate_github_parse_ref: "#12", "o/r#12", PR URLs, GHE hosts), with
 * and without a default repository, and the git remote URL parser
 * (prgate_github_parse_remote), both in gate/github.c. The input is
 * the string.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gate/github.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct prgate_github_ref ref;
	struct prgate_error err;
	char *s = malloc(size + 1);

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	prgate_error_clear(&err);
	(void)prgate_github_parse_ref(s, NULL, &ref, &err);
	(void)prgate_github_parse_ref(s, "octo/app", &ref, &err);
	(void)prgate_github_parse_ref("7", s, &ref, &err);
	(void)prgate_github_parse_remote(s, &ref, &err);
	free(s);
	return 0;
}
