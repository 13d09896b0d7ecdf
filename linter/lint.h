/*
 * lint.h - the lint driver: one description in, findings and the
 * generated checklist out.
 *
 * A struct prgate_linter is built once per run from a policy (it compiles
 * what the policy needs) and then lints any number of descriptions. With
 * a template (template_path, else the policy's "template", from the
 * policy's template_text when it carries one) it first reads the
 * template as a schema (linter/schema.h) and makes its headings and
 * fields the policy's sections, required or optional as the template
 * says; the linter owns the schema. It borrows the policy, which must
 * outlive it. The linter owns a findings sink (linter/sink.h) that the
 * rules report into: they see the sink, never the linter, so the driver
 * stands above the rules and the rules above the sink.
 *
 * Matching a description's sections: by key or alias; then, with a
 * template, a template section nobody matched by loose words ("Risk
 * level" for Risk, one heading for two) or by its place between matched
 * sections.
 *
 * prgate_lint_run() parses the description (linter/md.h), matches its
 * sections against the policy, runs every rule of rules/rules.def whose
 * severity is not "off", applies the description's
 * `<!-- prgate-allow RULE: reason -->` comments (errors of RULE become
 * info findings carrying the reason; only for the description rules the
 * policy's allow.rules lists, since the PR's author writes them) and
 * sorts the findings.
 *
 * Gate overrides (prgate check) come from someone else: a line
 * `/prgate allow RULE: reason` in one of the PR's comments or review
 * bodies, whose author as GitHub reports it is in the policy's
 * overrides.by ("leads" and "ops" stand for reviews.leads and
 * reviews.ops) and is not the PR's author, for a rule in
 * overrides.rules. It turns that rule's failed check into an allowed
 * one (listed in the result's overrides), never a pending or unknown
 * check.
 */
#ifndef PRGATE_LINT_H
#define PRGATE_LINT_H

#include "linter/finding.h"
#include "linter/facts.h"
#include "linter/md.h"
#include "linter/policy.h"
#include "linter/sink.h"
#include "support/status.h"
#include "support/strbuf.h"

struct prgate_linter;

/* struct prgate_lint_input, what one run lints, is in linter/sink.h. */

struct prgate_lint_result {
	struct prgate_findings findings;
	struct prgate_checks checks; /* the gate rules' answers (check only) */
	/* failed gate checks someone in overrides.by allowed (check only) */
	struct prgate_overrides overrides;
	struct prgate_md_doc *doc;
	/* per policy section: the document section it matched, or -1 */
	int *match;
	int backing_changes;
	int downtime;
};

enum prgate_status prgate_linter_new(struct prgate_policy *policy,
				     const char *template_path,
				     struct prgate_linter **out,
				     struct prgate_error *err);
void prgate_linter_free(struct prgate_linter *linter);

/*
 * Lint one description. On PRGATE_OK, *res holds the findings (the caller
 * releases it with prgate_lint_result_release()). On bad input (invalid
 * UTF-8, NUL bytes, over the size cap) returns the error with err filled
 * and res empty.
 */
enum prgate_status prgate_lint_run(struct prgate_linter *linter,
				   const struct prgate_lint_input *in,
				   struct prgate_lint_result *res,
				   struct prgate_error *err);
void prgate_lint_result_release(struct prgate_lint_result *res);

#endif
