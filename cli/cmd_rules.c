/*
 * cmd_rules.c - `prgate rules`: every rule with its default severity and
 * summary, or one rule explained with a passing and a failing example
 * (and what linting the failing one reports).
 */
#include <getopt.h>
#include <string.h>

#include "rules/rules.h"
#include "linter/lint.h"
#include "cli/cli.h"

static const char rules_help[] =
    "usage: prgate rules [--config FILE] [ID]\n"
    "\n"
    "Without ID, list every rule: id, severity, where it runs (lint: the\n"
    "description; check: GitHub and the clock), what it checks.\n"
    "With ID, explain the rule and show a passing and a failing example.\n"
    "Severities are the policy's (its \"rules\" key; a changed one is\n"
    "marked \"(policy)\"), else the built-in defaults.\n"
    "\n"
    "  --config FILE      the policy file (default: .prgate.json found by\n"
    "                     walking up from here, else the built-in policy)\n"
    "  -h, --help         this help\n";

/* The severity the policy gives rule r, and whether it differs. */
static const char *severity_of(const struct prgate_policy *p, int r,
			       int *changed)
{
	int sev = p->severity[r];
	*changed = sev >= 0 && sev != (int)prgate_rules[r].severity;
	return prgate_severity_name(sev >= 0 ? (enum prgate_severity)sev
					     : prgate_rules[r].severity);
}

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
	static const struct option opts[] = {
	    {"config", required_argument, NULL, 'c'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	struct prgate_policy policy;
	const char *config = NULL, *sev;
	int r, c, changed, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			config = optarg;
			break;
		case 'h':
			fputs(rules_help, stdout);
			return 0;
		default:
			return cli_bad_option("rules", argv, opts);
		}
	}
	if (argc - optind > 1)
		return cli_usage_error("rules", "one rule at a time");
	memset(&policy, 0, sizeof(policy));
	if ((rc = cli_load_policy(&policy, config)))
		return rc;
	if (argc == optind) {
		for (r = 0; r < PRGATE_RULE_COUNT; r++) {
			sev = severity_of(&policy, r, &changed);
			printf("%-20s %-8s %-6s %s%s\n", prgate_rules[r].id,
			       sev, prgate_rules[r].gate ? "check" : "lint",
			       prgate_rules[r].summary,
			       changed ? " (policy)" : "");
		}
		prgate_policy_release(&policy);
		return 0;
	}
	if ((r = prgate_rule_find(argv[optind])) < 0) {
		const char *ids[PRGATE_RULE_COUNT];
		const char *sug;
		for (int i = 0; i < PRGATE_RULE_COUNT; i++)
			ids[i] = prgate_rules[i].id;
		sug = prgate_suggest(argv[optind], ids, PRGATE_RULE_COUNT);
		if (sug)
			cli_error("unknown rule '%.200s' (did you mean '%s'?)",
				  argv[optind], sug);
		else
			cli_error("unknown rule '%.200s' (see 'prgate rules')",
				  argv[optind]);
		prgate_policy_release(&policy);
		return 2;
	}
	sev = severity_of(&policy, r, &changed);
	if (changed)
		printf("%s (%s in this policy; default: %s%s)\n\n",
		       prgate_rules[r].id, sev,
		       prgate_severity_name(prgate_rules[r].severity),
		       prgate_rules[r].gate ? "; checked by prgate check" : "");
	else
		printf("%s (default: %s%s)\n\n", prgate_rules[r].id, sev,
		       prgate_rules[r].gate ? "; checked by prgate check" : "");
	prgate_policy_release(&policy);
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
