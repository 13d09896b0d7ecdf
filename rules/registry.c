/*
 * registry.c - the rule table behind `prgate rules`, the policy's "rules"
 * key and the lint driver, expanded from rules.def.
 */
#include <string.h>

#include "rules/rules.h"

const struct prgate_rule_info prgate_rules[PRGATE_RULE_COUNT] = {
#define LINT_RULE(NAME, name, id, sev, summary)                                \
	{id, PRGATE_SEV_##sev, check_##name, summary, &doc_##name, 0},
#define GATE_RULE(NAME, name, id, sev, summary)                                \
	{id, PRGATE_SEV_##sev, check_##name, summary, &doc_##name, 1},
#include "rules/rules.def"
#undef LINT_RULE
#undef GATE_RULE
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

int prgate_rule_is_gate(enum prgate_rule rule)
{
	return prgate_rules[rule].gate;
}
