/*
 * decide.h - one pull request from its reference to a verdict: GitHub's
 * facts, the health gates, the description linted with every rule, the
 * checklist and when the answer expires. `prgate check` and the pre-push
 * hook both decide through here; they only differ in how they find the
 * PR and what they print.
 *
 * A struct prgate_decision owns everything it gathered (release it with
 * prgate_decision_release(), also after a failure); it borrows the
 * policy, which must outlive it.
 */
#ifndef PRGATE_DECIDE_H
#define PRGATE_DECIDE_H

#include <time.h>

#include "gate/metrics.h"
#include "gate/github.h"
#include "linter/lint.h"
#include "linter/policy.h"
#include "linter/report.h"
#include "support/strbuf.h"

struct prgate_decision;

/* GitHub's limit on a PR's description, in characters: a longer one (only
 * a server that is not GitHub can send it) makes the verdict unknown */
#define PRGATE_DESCRIPTION_MAX_CHARS 65536

struct prgate_decide_opts {
	const char *template_path; /* --template, or NULL */
	/* --api-url; NULL: $PRGATE_API_URL, then https://HOST/api/v3 for a
	 * GitHub Enterprise PR URL, then https://api.github.com */
	const char *api_url;
	const char *token; /* NULL: anonymous */
	/* a deploy is being decided: the deployer rule applies */
	int deploying;
	const char *deployer;	    /* NULL: unknown */
	const char *deployer_error; /* why the deployer is unknown, or NULL */
	/* the commit deployed: bound to the PR's head or merge commit, the
	 * head read twice (the deploy-commit rule); NULL: none */
	const char *deploy_sha;
	/* $GITHUB_RUN_ID: check runs of this workflow run are prgate's own
	 * job and never count as CI; NULL outside Actions */
	const char *run_id;
	/* the words are kept (the bot's comment): see struct
	 * prgate_gate_facts' absolute_times */
	int absolute_times;
	time_t now;
	/* more {name} values for the checklist (prev_sha, remote...) */
	const struct prgate_kv *vars;
	size_t nvars;
	/*
	 * Where the facts come from; NULL: GitHub and the metrics' URLs
	 * (prgate_github_fetch(), prgate_gate_fetch_metrics()). Otherwise
	 * it fills d->facts as prgate_github_fetch() would (ref included,
	 * d->gh.find_deps called on the body) and d->gate's metrics, or
	 * fails like it, which makes the verdict unknown. The fuzz target
	 * fuzz/fuzz_gate.c decides on replies it decodes itself this way.
	 */
	enum prgate_status (*gather)(void *ctx, struct prgate_decision *d,
				     const struct prgate_policy *policy,
				     const struct prgate_github_ref *ref,
				     struct prgate_error *err);
	void *gather_ctx;
};

struct prgate_decision {
	struct prgate_linter *linter;
	struct prgate_github gh;
	struct prgate_github_facts facts;
	struct prgate_gate_facts gate;
	struct prgate_lint_result res;
	int have_res;
	struct strbuf name;	 /* "owner/repo#7" */
	struct strbuf title;	 /* "owner/repo#7: the PR's title" */
	struct strbuf checklist; /* Markdown */
	struct strbuf api;
	/* set when GitHub could not be asked: the verdict is unknown */
	struct strbuf error;
	int error_exit;
	time_t expires; /* 0: no time-based change ahead */
};

void prgate_decision_init(struct prgate_decision *d);
/*
 * What the GitHub client must read for policy and o: the dependencies
 * (policy dependencies.max), the head again for a deploy, the
 * conversation when the policy allows gate overrides. prgate_decide()
 * does it for its own client; a caller that reads the facts itself (the
 * gather hook) does it for its client.
 */
void prgate_decide_github_setup(struct prgate_github *gh,
				const struct prgate_policy *policy,
				const struct prgate_decide_opts *o);

/*
 * Decide ref's PR under policy. Returns an error status only for what
 * the user must fix (a bad template: exit 2); when GitHub can't be asked
 * it returns PRGATE_OK with d->error set, so the report says "unknown".
 */
enum prgate_status prgate_decide(struct prgate_decision *d,
				 struct prgate_policy *policy,
				 const struct prgate_github_ref *ref,
				 const struct prgate_decide_opts *o,
				 struct prgate_error *err);
/* Fill a report file from the decision (pointers into d). */
void prgate_decision_report(const struct prgate_decision *d,
			    struct prgate_report_file *f);
void prgate_decision_release(struct prgate_decision *d);

#endif
