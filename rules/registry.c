/*
 * registry.c - the rule table behind `prgate rules`, the policy's "rules"
 * key and the lint driver, expanded from rules.def.
 */
#include <string.h>

#include "rules.h"

const struct prgate_rule_info prgate_rules[PRGATE_RULE_COUNT] = {
#define LINT_RULE(NAME, name, id, sev, summary)                                \
	{id, PRGATE_SEV_##sev, check_##name, summary, &doc_##name},
#include "rules.def"
#undef LINT_RULE
};

int prgate_rule_find(const char *id)
{
	for (int i = 0; i < PRGATE_RULE_COUNT; i++)
		if (!strcmp(prgate_rules[i].id, id))
			return i;
	return -1;
}

const char *prgate_rule_id(enum prgate_rule rule)
{
	return prgate_rules[rule].id;
}

int prgate_rule_reserved(const char *id)
{
	static const char *const reserved[] = {
	    "draft",	     "changes-requested", "approvals", "ci",
	    "behind-base",   "conflicts",	  "window",    "freeze",
	    "advice-tag",    "dependencies",	  "deployer",  "metric",
	    "review-latency"};
	for (size_t i = 0; i < ARRAY_SIZE(reserved); i++)
		if (!strcmp(reserved[i], id))
			return 1;
	return 0;
}
