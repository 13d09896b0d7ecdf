/*
 * metrics.h - the gate's facts beyond GitHub's pull request endpoints:
 * the health gates' numbers (the policy's metrics, read over HTTP) and
 * the dependencies a description names ("Depends on #12"). The values
 * land in the types of linter/facts.h, which the gate rules read.
 *
 * prgate_gate_fetch_metrics() is the one place that reads the policy's
 * metrics over HTTP, so the rules themselves never do I/O.
 *
 * Ownership: the metric values belong to the struct prgate_gate_facts
 * they are written into (prgate_gate_facts_release() in linter/facts.h).
 */
#ifndef PRGATE_METRICS_H
#define PRGATE_METRICS_H

#include <time.h>

#include "gate/github.h"
#include "linter/facts.h"
#include "linter/policy.h"
#include "support/status.h"

/*
 * Read every metric of the policy: GET its url (headers with ${NAME}
 * taken from the environment; an unset variable is an error), the
 * number at its JSON pointer. Failures are recorded per metric (ok = 0
 * and error), not returned: the metric rule says "could not decide".
 */
void prgate_gate_fetch_metrics(const struct prgate_policy *policy,
			       const struct prgate_http_opts *opts,
			       struct prgate_gate_facts *gate);

/* dependencies.max is at most 1000: one more than that is all a
 * description's names are collected up to */
#define PRGATE_DEPS_NAMED_MAX 1000

/*
 * The github.h find_deps callback: every "Depends on #12", "Requires
 * org/repo#34", "Blocked by #5, #6 and #7" (also "needs") in the
 * description becomes a dependency of facts (the PR itself excepted),
 * up to PRGATE_DEPS_NAMED_MAX + 1 of them (the rest are not counted).
 */
void prgate_gate_find_deps(void *ctx, const char *body,
			   const struct prgate_github_ref *pr,
			   struct prgate_github_facts *facts);

#endif
