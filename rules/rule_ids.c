/*
 * rule_ids.c - rule ids and kinds (see rule_ids.h), expanded from
 * rules.def on their own, so that the policy and the reports can name
 * rules without linking the rules themselves (rules/registry.c).
 */
#include <string.h>

#include "rules/rule_ids.h"

static const struct {
	const char *id;
	int gate;
} ids[PRGATE_RULE_COUNT] = {
#define LINT_RULE(NAME, name, id, sev, summary) {id, 0},
#define GATE_RULE(NAME, name, id, sev, summary) {id, 1},
#include "rules/rules.def"
#undef LINT_RULE
#undef GATE_RULE
};

int prgate_rule_find(const char *id)
{
	for (int i = 0; i < PRGATE_RULE_COUNT; i++)
		if (!strcmp(ids[i].id, id))
			return i;
	return -1;
}

const char *prgate_rule_id(enum prgate_rule rule)
{
	return ids[rule].id;
}

int prgate_rule_is_gate(enum prgate_rule rule)
{
	return ids[rule].gate;
}
