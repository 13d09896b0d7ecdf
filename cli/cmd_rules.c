/*
 * cmd_rules.c - `prgate rules`: every rule with its default severity and
 * summary, or one rule explained with a passing and a failing example
 * (and what linting the failing one reports).
 */
#include <string.h>

#include "rules/rules.h"
#include "cli/cli.h"

static const char rules_help[] =
    "usage: prgate rules [ID]\n"
    "\n"
    "Without ID, list every rule: id, default severity, what it checks.\n"
    "With ID, explain the rule and show a passing and a failing example.\n"
    "Severities are changed per rule in the policy's \"rules\" key.\n";

static void indent(const char *text)
{
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		printf("    %.*s\n", (int)n, p);
		p += n + (nl ? 1 : 0);
	}
}

/* Lint the example with the built-in policy; print this rule's findings. */
static int show_findings(int rule, const char *example)
{
	struct prgate_policy policy;
	struct prgate_linter *linter = NULL;
	struct prgate_lint_result res;
	struct prgate_error err;
	struct prgate_lint_input in = {
	    .name = "example", .body = example, .len = strlen(example)};
	int n = 0;

	memset(&policy, 0, sizeof(policy));
	if (prgate_policy_init_default(&policy, &err) != PRGATE_OK ||
	    prgate_linter_new(&policy, NULL, &linter, &err) != PRGATE_OK ||
	    prgate_lint_run(linter, &in, &res, &err) != PRGATE_OK) {
		prgate_linter_free(linter);
		prgate_policy_release(&policy);
		return cli_fail(&err);
	}
	for (size_t i = 0; i < res.findings.n; i++) {
		const struct prgate_finding *f = &res.findings.v[i];
		if ((int)f->rule != rule)
			continue;
		if (f->line)
			printf("    example:%d: %s: %s\n", f->line,
			       prgate_severity_name(f->severity), f->message);
		else
			printf("    example: %s: %s\n",
			       prgate_severity_name(f->severity), f->message);
		n++;
	}
	prgate_lint_result_release(&res);
	prgate_linter_free(linter);
	prgate_policy_release(&policy);
	return n ? 0 : 1;
}

int cmd_rules(int argc, char **argv)
{
	int r;
	if (argc > 1 &&
	    (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		fputs(rules_help, stdout);
		return 0;
	}
	if (argc > 2)
		return cli_usage_error("rules", "one rule at a time");
	if (argc == 1) {
		for (r = 0; r < PRGATE_RULE_COUNT; r++)
			printf("%-20s %-8s %-6s %s\n", prgate_rules[r].id,
			       prgate_severity_name(prgate_rules[r].severity),
			       prgate_rules[r].gate ? "check" : "lint",
			       prgate_rules[r].summary);
		return 0;
	}
	if ((r = prgate_rule_find(argv[1])) < 0) {
		cli_error("unknown rule '%s' (see 'prgate rules')", argv[1]);
		return 2;
	}
	printf("%s (default: %s%s)\n\n", prgate_rules[r].id,
	       prgate_severity_name(prgate_rules[r].severity),
	       prgate_rules[r].gate ? "; checked by prgate check" : "");
	printf("%s\n\n", prgate_rules[r].doc->explain);
	printf("Passes:\n\n");
	indent(prgate_rules[r].doc->pass);
	printf("\nFails:\n\n");
	indent(prgate_rules[r].doc->fail);
	if (prgate_rules[r].gate)
		return 0; /* needs GitHub or the clock: nothing to lint */
	printf("\nprgate lint on the failing example reports:\n\n");
	return show_findings(r, prgate_rules[r].doc->fail) == 2 ? 2 : 0;
}
