/*
 * test_rules.c - the rules against their own documentation: every rule's
 * passing example gives no finding of that rule and its failing example
 * gives at least one, with the built-in policy. Keeps `prgate rules ID`
 * honest.
 */
#include <stdlib.h>
#include <string.h>

#include "linter/lint.h"
#include "rules/rules.h"
#include "test.h"

static size_t count_rule(struct prgate_linter *l, int rule, const char *body)
{
	struct prgate_lint_input in = {
	    .name = "example", .body = body, .len = strlen(body)};
	struct prgate_lint_result res;
	struct prgate_error err;
	size_t n = 0;
	if (prgate_lint_run(l, &in, &res, &err) != PRGATE_OK) {
		fprintf(stderr, "lint failed: %s\n", err.message);
		return (size_t)-1;
	}
	for (size_t i = 0; i < res.findings.n; i++)
		n += (int)res.findings.v[i].rule == rule;
	prgate_lint_result_release(&res);
	return n;
}

void test_rules(void)
{
	struct prgate_policy policy;
	struct prgate_linter *l = NULL;
	struct prgate_error err;

	CHECK_INT(prgate_policy_init_default(&policy, &err), PRGATE_OK);
	CHECK_INT(prgate_linter_new(&policy, NULL, &l, &err), PRGATE_OK);
	for (int r = 0; r < PRGATE_RULE_COUNT; r++) {
		const struct prgate_rule_info *ri = &prgate_rules[r];
		size_t pass, fail;
		if (ri->gate) {
			/* needs GitHub: its examples describe situations
			 * (tests/unit/test_gate.c and tests/check/ run it) */
			CHECK(strlen(ri->doc->explain) > 40);
			CHECK(strlen(ri->doc->pass) > 10);
			CHECK(strlen(ri->doc->fail) > 10);
			continue;
		}
		if (r == PRGATE_RULE_SECTION_MISSING) {
			/* examples are fragments: the rule fires on both,
			 * but not for the section the passing one has */
			continue;
		}
		pass = count_rule(l, r, ri->doc->pass);
		fail = count_rule(l, r, ri->doc->fail);
		if (pass != 0 || fail == 0 || fail == (size_t)-1)
			fprintf(stderr, "rule %s: pass example %zu, fail %zu\n",
				ri->id, pass, fail);
		CHECK_INT(pass, 0);
		CHECK(fail > 0 && fail != (size_t)-1);
		CHECK_INT(prgate_rule_find(ri->id), r);
		CHECK(strlen(ri->summary) > 10);
	}
	CHECK_INT(prgate_rule_find("no-such-rule"), -1);
	CHECK_INT(prgate_rule_find("review-latency"),
		  PRGATE_RULE_REVIEW_LATENCY);
	CHECK(prgate_rules[PRGATE_RULE_REVIEW_LATENCY].gate);
	CHECK(!prgate_rules[PRGATE_RULE_SECTION_MISSING].gate);

	/* section-missing: the Rollback strategy example has it, the other
	 * does not */
	{
		const struct prgate_rule_doc *d = prgate_rules[0].doc;
		struct prgate_lint_input in = {
		    .name = "x", .body = d->fail, .len = strlen(d->fail)};
		struct prgate_lint_result res;
		int found = 0;
		CHECK_INT(prgate_lint_run(l, &in, &res, &err), PRGATE_OK);
		for (size_t i = 0; i < res.findings.n; i++)
			found |= res.findings.v[i].section &&
				 !strcmp(res.findings.v[i].section,
					 "Rollback strategy");
		CHECK(found);
		prgate_lint_result_release(&res);
	}

	/* is_none */
	CHECK(prgate_rule_is_none("None"));
	CHECK(prgate_rule_is_none("N/A"));
	CHECK(prgate_rule_is_none("n/a."));
	CHECK(prgate_rule_is_none("-"));
	CHECK(prgate_rule_is_none("Not applicable"));
	CHECK(!prgate_rule_is_none("None of the users notice"));
	CHECK(!prgate_rule_is_none("Revert"));

	/* allow comments */
	{
		char *rule, *reason;
		CHECK_INT(prgate_allow_parse("prgate-allow wip: hotfix now",
					     &rule, &reason),
			  1);
		CHECK_STR(rule, "wip");
		CHECK_STR(reason, "hotfix now");
		free(rule);
		free(reason);
		CHECK_INT(
		    prgate_allow_parse("prgate-allow wip", &rule, &reason), 1);
		CHECK_STR(rule, "wip");
		CHECK(reason == NULL);
		free(rule);
		CHECK_INT(
		    prgate_allow_parse("prgate-allowed wip: x", &rule, &reason),
		    0);
		CHECK_INT(
		    prgate_allow_parse("describe the change", &rule, &reason),
		    0);
	}
	prgate_linter_free(l);
	prgate_policy_release(&policy);
}
