/*
 * sink.h - the findings sink: what the rules report into and the
 * services they call, below both the rules and the lint driver.
 *
 * The lint driver (linter/lint.h) runs the rules (rules/rules.h); the
 * rules report back here, never into the driver, so the two do not
 * depend on each other in a loop. A struct prgate_sink holds:
 *
 * - each rule's severity from the policy ("off" drops its findings);
 * - per run, the description's `<!-- prgate-allow RULE: reason -->`
 *   comments the driver accepted (an error of RULE becomes an info
 *   finding carrying the reason) and the gate overrides
 *   (`/prgate allow RULE: reason` from someone in overrides.by; see
 *   lint.h), which turn a failed gate check into an allowed one;
 * - the fixed patterns the rules compile once (RULE_RE) and the
 *   policy's placeholder pattern.
 *
 * Which allows and overrides count is the driver's decision (it parses
 * them with the rules' parsers); the sink only records and applies
 * them. The driver owns the sink (prgate_sink_new/free, one per linter)
 * and brackets each run with prgate_sink_begin/end; the rules reach it
 * through their context. Findings go into the caller's struct
 * prgate_findings, which the sink does not own.
 */
#ifndef PRGATE_SINK_H
#define PRGATE_SINK_H

#include <stdarg.h>

#include "linter/facts.h"
#include "linter/finding.h"
#include "support/re.h"
#include "support/util.h"

/* What one run lints; the rules read it (title, labels, author). */
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

struct prgate_sink;

/*
 * A sink with severity[r] for each rule r (copied) and the placeholder
 * pattern (may be NULL; the sink takes it and frees it).
 */
struct prgate_sink *
prgate_sink_new(const enum prgate_severity severity[PRGATE_RULE_COUNT],
		struct prgate_re *placeholders);
void prgate_sink_free(struct prgate_sink *sink);
enum prgate_severity prgate_sink_severity(const struct prgate_sink *sink,
					  enum prgate_rule rule);

/*
 * For the driver: start a run. author (may be NULL) names who allowed in
 * an allowed finding's reason; accepted overrides are added to overrides
 * (may be NULL). Both are borrowed until prgate_sink_end().
 */
void prgate_sink_begin(struct prgate_sink *sink, const char *author,
		       struct prgate_overrides *overrides);
/* A prgate-allow comment at line for rule; the sink takes reason. */
void prgate_sink_allow(struct prgate_sink *sink, enum prgate_rule rule,
		       char *reason, int line);
/*
 * A gate override of rule by login `by` (comment at url); by and url are
 * borrowed until prgate_sink_end(), the sink takes reason.
 */
void prgate_sink_grant(struct prgate_sink *sink, enum prgate_rule rule,
		       const char *by, const char *url, char *reason);
/* End the run: frees its allows and overrides, forgets the borrowed. */
void prgate_sink_end(struct prgate_sink *sink);

/*
 * For rules (via prgate_rule_report): record a finding of `rule`, with the
 * policy's severity for it, into `out` (an info finding when a
 * prgate-allow comment with a reason covers the rule); the message from
 * printf. NULL when the rule is off.
 */
struct prgate_finding *prgate_sink_add(struct prgate_sink *sink,
				       struct prgate_findings *out,
				       enum prgate_rule rule, int line, int col,
				       const char *section, const char *fmt,
				       ...) PRGATE_PRINTF(7, 8);
struct prgate_finding *
prgate_sink_vadd(struct prgate_sink *sink, struct prgate_findings *out,
		 enum prgate_rule rule, int line, int col, const char *section,
		 const char *fmt, va_list ap) PRGATE_PRINTF(7, 0);
/*
 * The same for a check prgate could not decide (the finding is marked
 * undecided). No prgate-allow covers it: an allow overrides a check that
 * failed, and nobody knows whether this one would have.
 */
struct prgate_finding *
prgate_sink_add_undecided(struct prgate_sink *sink, struct prgate_findings *out,
			  enum prgate_rule rule, const char *fmt, ...)
    PRGATE_PRINTF(4, 5);
/* The same with the finding's severity sev rather than the rule's. */
struct prgate_finding *
prgate_sink_add_sev(struct prgate_sink *sink, struct prgate_findings *out,
		    enum prgate_rule rule, enum prgate_severity sev,
		    const char *fmt, ...) PRGATE_PRINTF(5, 6);
/*
 * For gate rules: whether someone in overrides.by allowed rule with a
 * '/prgate allow' line (see lint.h). When so, the first such override is
 * added to the run's overrides and 1 is returned.
 */
int prgate_sink_override(struct prgate_sink *sink, enum prgate_rule rule);
/*
 * For rules: the pattern compiled once per sink (cached by the address
 * of the static string, freed with the sink). Patterns are fixed strings
 * in the rules' code, so a compile failure is a bug: it aborts.
 */
struct prgate_re *prgate_sink_pattern(struct prgate_sink *sink,
				      const char *pattern, unsigned flags);
/* For rules: the placeholder pattern built from the policy, or NULL. */
struct prgate_re *prgate_sink_placeholders(const struct prgate_sink *sink);

#endif
