/*
 * lint.h - the lint driver: one description in, findings and the
 * generated checklist out.
 *
 * A struct prgate_linter is built once per run from a policy (it compiles
 * what the policy needs) and then lints any number of descriptions. With
 * a template (template_path, else the policy's "template") it first reads
 * the template as a schema (linter/schema.h) and makes its headings and
 * fields the policy's sections, required or optional as the template
 * says; the linter owns the schema. It borrows the policy, which must
 * outlive it.
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
 * info findings carrying the reason) and sorts the findings.
 */
#ifndef PRGATE_LINT_H
#define PRGATE_LINT_H

#include "linter/finding.h"
#include "linter/facts.h"
#include "linter/md.h"
#include "linter/policy.h"
#include "support/status.h"
#include "support/strbuf.h"

struct prgate_linter;

struct prgate_lint_input {
	const char *name; /* shown in reports: a path, "-" or "PR #12" */
	const char *body;
	size_t len;
	const char *title;		     /* may be NULL */
	const struct prgate_strlist *labels; /* may be NULL */
	const char *author;		     /* may be NULL */
	/* prgate check: GitHub's facts and the clock; NULL for lint */
	const struct prgate_gate_facts *gate;
};

struct prgate_lint_result {
	struct prgate_findings findings;
	struct prgate_checks checks; /* the gate rules' answers (check only) */
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

/*
 * For rules (via prgate_rule_report): record a finding of `rule`, with the
 * policy's severity for it, into `out` (an info finding when a
 * prgate-allow comment with a reason covers the rule); the message from
 * printf. NULL when the rule is off.
 */
struct prgate_finding *prgate_lint_add(struct prgate_linter *linter,
				       struct prgate_findings *out,
				       enum prgate_rule rule, int line, int col,
				       const char *section, const char *fmt,
				       ...) PRGATE_PRINTF(7, 8);
struct prgate_finding *
prgate_lint_vadd(struct prgate_linter *linter, struct prgate_findings *out,
		 enum prgate_rule rule, int line, int col, const char *section,
		 const char *fmt, va_list ap) PRGATE_PRINTF(7, 0);
/*
 * The same for a check prgate could not decide (the finding is marked
 * undecided). No prgate-allow covers it: an allow overrides a check that
 * failed, and nobody knows whether this one would have.
 */
struct prgate_finding *prgate_lint_add_undecided(struct prgate_linter *linter,
						 struct prgate_findings *out,
						 enum prgate_rule rule,
						 const char *fmt, ...)
    PRGATE_PRINTF(4, 5);
/* The line of the prgate-allow comment that names rule, or 0. */
int prgate_lint_allow_line(const struct prgate_linter *linter,
			   enum prgate_rule rule);
/*
 * For rules: the pattern compiled once per linter (cached by the address
 * of the static string, freed with the linter). Patterns are fixed strings
 * in the rules' code, so a compile failure is a bug: it aborts.
 */
struct prgate_re *prgate_lint_pattern(struct prgate_linter *linter,
				      const char *pattern, unsigned flags);
/* For rules: the placeholder pattern built from the policy, or NULL. */
struct prgate_re *prgate_lint_placeholders(struct prgate_linter *linter);

#endif
