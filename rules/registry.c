/*
 * registry.c - the rule table behind `prgate rules` and the lint driver,
 * expanded from rules.def: each rule's check, default severity and docs.
 * (Naming rules by id is rules/rule_ids.c, which needs no rule.)
 */
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
