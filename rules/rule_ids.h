/*
 * rule_ids.h - the rule enum, expanded from rules.def, for modules that
 * name rules (the policy's "rules" key, findings) without needing the
 * rule context in rules.h. The functions below are rules/rule_ids.c,
 * which links no rule: the policy and the reports use them, and the
 * rules use the policy.
 */
#ifndef PRGATE_RULE_IDS_H
#define PRGATE_RULE_IDS_H

enum prgate_rule {
#define LINT_RULE(NAME, name, id, sev, summary) PRGATE_RULE_##NAME,
#define GATE_RULE(NAME, name, id, sev, summary) PRGATE_RULE_##NAME,
#include "rules/rules.def"
#undef LINT_RULE
#undef GATE_RULE
	PRGATE_RULE_COUNT
};

/* The rule with this id ("section-missing"), or -1. */
int prgate_rule_find(const char *id);
/* Whether a rule needs GitHub or the clock (runs in prgate check only). */
int prgate_rule_is_gate(enum prgate_rule rule);
/* The id of a rule. */
const char *prgate_rule_id(enum prgate_rule rule);

#endif
