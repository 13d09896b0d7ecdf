/*
 * gate.h - what `prgate check` knows beyond the description: GitHub's
 * facts about the PR, the moment it asks about, who deploys, and the
 * health gates' numbers. The gate rules (rules/github.c, reviews.c,
 * ci.c, schedule.c, metric.c) read it through the rule context; the lint
 * driver runs them only when it is there.
 *
 * prgate_gate_fetch_metrics() is the one place that reads the policy's
 * metrics over HTTP, so the rules themselves never do I/O.
 *
 * Ownership: a struct prgate_gate_facts borrows the GitHub facts and the
 * policy; it owns its metric values (prgate_gate_facts_release()).
 */
#ifndef PRGATE_GATE_H
#define PRGATE_GATE_H

#include <time.h>

#include "github.h"
#include "policy.h"
#include "status.h"

struct prgate_metric_value {
	const struct prgate_metric *metric; /* the policy's entry */
	int ok;				    /* value is known */
	double value;
	char *error; /* why not, when !ok: "GET ... timed out" */
};

struct prgate_gate_facts {
	const struct prgate_github_facts *gh;
	time_t now;	      /* the moment asked about (--at, or the clock) */
	const char *deployer; /* GITHUB_ACTOR or --deployer; NULL: unknown */
	struct prgate_metric_value *metrics; /* one per policy metric */
	size_t nmetrics;
};

/*
 * Read every metric of the policy: GET its url (headers with ${NAME}
 * taken from the environment; an unset variable is an error), the
 * number at its JSON pointer. Failures are recorded per metric (ok = 0
 * and error), not returned: the metric rule says "could not decide".
 */
void prgate_gate_fetch_metrics(const struct prgate_policy *policy,
			       const struct prgate_http_opts *opts,
			       struct prgate_gate_facts *gate);
void prgate_gate_facts_release(struct prgate_gate_facts *gate);

/*
 * The github.h find_deps callback: every "Depends on #12", "Requires
 * org/repo#34", "Blocked by #5, #6 and #7" (also "needs") in the
 * description becomes a dependency of facts (the PR itself excepted).
 */
void prgate_gate_find_deps(void *ctx, const char *body,
			   const struct prgate_github_ref *pr,
			   struct prgate_github_facts *facts);

#endif
