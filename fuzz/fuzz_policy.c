/*
 * fuzz_policy.c - fuzzes the policy-file parser (linter/policy.c on top
 * of support/json.c): the input is applied as a .prgate.json config on top
 * of the built-in default policy with prgate_policy_apply(); when it is
 * accepted, a linter is built from the result too (compiling its section
 * aliases and placeholders) and the policy is released. Relative
 * "template" paths resolve under a folder that does not exist; an
 * absolute one is dropped, since /dev/stdin or /dev/zero would block or
 * feed the run (a file the fuzzer does not control is not its input).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "linter/lint.h"
#include "linter/policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct prgate_policy policy;
	struct prgate_linter *linter = NULL;
	struct prgate_error err;

	prgate_error_clear(&err);
	if (prgate_policy_init_default(&policy, &err) != PRGATE_OK)
		return 0;
	if (prgate_policy_apply(&policy, "fuzz.json", "/nonexistent-fuzz-dir",
				(const char *)data, size, &err) != PRGATE_OK)
		goto out;
	if (policy.template_path && policy.template_path[0] == '/') {
		free(policy.template_path);
		policy.template_path = NULL;
	}
	if (prgate_linter_new(&policy, NULL, &linter, &err) == PRGATE_OK)
		prgate_linter_free(linter);
out:
	prgate_policy_release(&policy);
	return 0;
}
