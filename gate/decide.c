/*
 * decide.c - one pull request from its reference to a verdict (see
 * decide.h).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "linter/checklist.h"
#include "linter/clock.h"
#include "gate/decide.h"
#include "rules/rules.h"

void prgate_decision_init(struct prgate_decision *d)
{
	memset(d, 0, sizeof(*d));
	prgate_github_init(&d->gh);
	strbuf_init(&d->name, 0);
	strbuf_init(&d->title, 0);
	strbuf_init(&d->checklist, 0);
	strbuf_init(&d->api, 0);
	strbuf_init(&d->error, 0);
}

static void build_checklist(struct prgate_decision *d,
			    const struct prgate_policy *policy,
			    const struct prgate_github_ref *ref,
			    const struct prgate_decide_opts *o)
{
	struct strbuf pr = STRBUF_INIT;
	struct prgate_kv *vars = xcalloc(o->nvars + 4, sizeof(*vars));
	size_t n = 0;

	/* the caller's values first: they win over these */
	for (size_t i = 0; i < o->nvars; i++)
		vars[n++] = o->vars[i];
	strbuf_addf(&pr, "%ld", ref->number);
	vars[n].key = (char *)"pr";
	vars[n++].value = pr.buf;
	vars[n].key = (char *)"sha";
	vars[n++].value = d->facts.head_sha;
	vars[n].key = (char *)"branch";
	vars[n++].value = d->facts.head_ref;
	vars[n].key = (char *)"base";
	vars[n++].value = d->facts.base_ref;
	prgate_checklist_build(&d->checklist, policy, &d->res, vars, n);
	free(vars);
	strbuf_release(&pr);
}

/* The facts from GitHub, then the health gates' numbers. */
static enum prgate_status gather_remote(void *ctx, struct prgate_decision *d,
					const struct prgate_policy *policy,
					const struct prgate_github_ref *ref,
					struct prgate_error *err)
{
	enum prgate_status st =
	    prgate_github_fetch(&d->gh, ref, &d->facts, err);

	(void)ctx;
	if (st == PRGATE_OK)
		prgate_gate_fetch_metrics(policy, &d->gh.http, &d->gate);
	return st;
}

static int blocks(const struct prgate_policy *policy, enum prgate_rule r)
{
	int sev = policy->severity[r] >= 0 ? policy->severity[r]
					   : (int)prgate_rules[r].severity;
	return sev == PRGATE_SEV_ERROR;
}

/*
 * When the clock alone changes this verdict, or 0. Only the window and
 * the freezes are the clock's, and only when they are errors in the
 * policy (an "off" or "warning" window changes no verdict). A NO-GO or
 * an unknown verdict for any other reason (a change request, a failed
 * or running CI, a finding in the description, a fact prgate could not
 * get) stays when the window opens, so it has no expiry; neither does a
 * window or freeze that an override let through.
 */
static time_t clock_expiry(const struct prgate_decision *d,
			   const struct prgate_policy *policy, time_t now)
{
	const struct prgate_findings *findings = &d->res.findings;
	unsigned parts = 0;
	struct prgate_error why;
	struct prgate_policy p = *policy;
	const struct prgate_window_rule *w = prgate_policy_window_for(
	    policy, &d->facts.labels, &d->facts, d->res.downtime);
	time_t t;

	if (w)
		p.window.hours = w->hours;

	if (blocks(policy, PRGATE_RULE_WINDOW))
		parts |= PRGATE_CLOCK_WINDOW;
	if (blocks(policy, PRGATE_RULE_FREEZE))
		parts |= PRGATE_CLOCK_FREEZE;
	for (size_t i = 0; i < findings->n; i++) {
		const struct prgate_finding *f = &findings->v[i];
		int clock = f->rule == PRGATE_RULE_WINDOW ||
			    f->rule == PRGATE_RULE_FREEZE;
		if (clock && f->allowed_reason)
			parts &= ~(f->rule == PRGATE_RULE_WINDOW
				       ? (unsigned)PRGATE_CLOCK_WINDOW
				       : (unsigned)PRGATE_CLOCK_FREEZE);
		if (f->severity != PRGATE_SEV_ERROR)
			continue;
		if (!clock || f->undecided)
			return 0;
	}
	/* a gate override ('/prgate allow window: ...') let it through */
	for (size_t i = 0; i < d->res.checks.n; i++) {
		const struct prgate_check *c = &d->res.checks.v[i];
		if (c->state != PRGATE_CHECK_ALLOWED)
			continue;
		if (c->rule == PRGATE_RULE_WINDOW)
			parts &= ~(unsigned)PRGATE_CLOCK_WINDOW;
		else if (c->rule == PRGATE_RULE_FREEZE)
			parts &= ~(unsigned)PRGATE_CLOCK_FREEZE;
	}
	if (prgate_clock_expires(&p, now, parts, &t, &why) != PRGATE_OK)
		return 0;
	return t;
}

void prgate_decide_github_setup(struct prgate_github *gh,
				const struct prgate_policy *policy,
				const struct prgate_decide_opts *o)
{
	gh->find_deps = prgate_gate_find_deps;
	gh->max_deps = policy->dependencies.max;
	gh->recheck_head = o->deploy_sha != NULL;
	gh->deploy_sha = o->deploy_sha;
	/* the gate overrides' channel, when the policy allows any */
	for (int r = 0; r < PRGATE_RULE_COUNT; r++)
		if (policy->overrides.rules[r] && policy->overrides.by.n)
			gh->want_comments = 1;
}

enum prgate_status prgate_decide(struct prgate_decision *d,
				 struct prgate_policy *policy,
				 const struct prgate_github_ref *ref,
				 const struct prgate_decide_opts *o,
				 struct prgate_error *err)
{
	struct prgate_error why;
	enum prgate_status st;

	strbuf_addf(&d->name, "%s/%s#%ld", ref->owner, ref->repo, ref->number);
	st = prgate_linter_new(policy, o->template_path, &d->linter, err);
	if (st != PRGATE_OK)
		return st;
	d->gh.api_url = prgate_github_api_url(
	    o->api_url, ref, &policy->github.hosts, &d->api, err);
	if (!d->gh.api_url)
		return err ? err->status : PRGATE_ERR_USAGE;
	d->gh.token = o->token;
	prgate_decide_github_setup(&d->gh, policy, o);

	prgate_error_clear(&why);
	if ((o->gather ? o->gather : gather_remote)(o->gather_ctx, d, policy,
						    ref, &why) != PRGATE_OK) {
		/* nothing to decide on: say so, never GO */
		strbuf_addstr(&d->error, why.message);
		d->error_exit = prgate_status_exit_code(why.status);
		return PRGATE_OK;
	}
	{
		/* GitHub stores at most 65,536 characters: more is not a
		 * description GitHub shows, and not worth parsing */
		size_t chars = 0;
		for (const char *p = d->facts.body; *p; p++)
			chars += ((unsigned char)*p & 0xc0) != 0x80;
		if (chars > PRGATE_DESCRIPTION_MAX_CHARS) {
			strbuf_addf(&d->error,
				    "the PR's description is %zu characters "
				    "long, over GitHub's limit of %d; it is "
				    "not read",
				    chars, PRGATE_DESCRIPTION_MAX_CHARS);
			d->error_exit = 3;
			return PRGATE_OK;
		}
	}
	d->gate.gh = &d->facts;
	d->gate.now = o->now;
	d->gate.deploying = o->deploying || o->deploy_sha;
	d->gate.deployer = o->deployer && *o->deployer ? o->deployer : NULL;
	d->gate.deployer_error = o->deployer_error;
	d->gate.deploy_sha = o->deploy_sha;
	d->gate.run_id = o->run_id && *o->run_id ? o->run_id : NULL;
	d->gate.absolute_times = o->absolute_times;
	{
		struct prgate_lint_input in = {
		    .name = d->name.buf,
		    .body = d->facts.body,
		    .len = strlen(d->facts.body),
		    .title = d->facts.title,
		    .labels = &d->facts.labels,
		    .author = d->facts.author,
		    .gate = &d->gate,
		};
		if (prgate_lint_run(d->linter, &in, &d->res, &why) !=
		    PRGATE_OK) {
			strbuf_addf(&d->error, "the PR's description: %s",
				    why.message);
			d->error_exit = 3;
			return PRGATE_OK;
		}
		d->have_res = 1;
	}
	build_checklist(d, policy, ref, o);
	d->expires = clock_expiry(d, policy, o->now);
	strbuf_addf(&d->title, "%s: %s", d->name.buf, d->facts.title);
	return PRGATE_OK;
}

void prgate_decision_report(const struct prgate_decision *d,
			    struct prgate_report_file *f)
{
	memset(f, 0, sizeof(*f));
	f->name = d->name.buf;
	if (d->error.len) {
		f->error = d->error.buf;
		f->error_exit = d->error_exit;
		return;
	}
	f->findings = &d->res.findings;
	f->checks = &d->res.checks;
	f->overrides = &d->res.overrides;
	f->checklist = d->checklist.buf;
	f->title = d->title.buf;
	f->expires_at = d->expires;
}

void prgate_decision_release(struct prgate_decision *d)
{
	if (d->have_res)
		prgate_lint_result_release(&d->res);
	prgate_gate_facts_release(&d->gate);
	prgate_github_facts_release(&d->facts);
	prgate_github_release(&d->gh);
	prgate_linter_free(d->linter);
	strbuf_release(&d->name);
	strbuf_release(&d->title);
	strbuf_release(&d->checklist);
	strbuf_release(&d->api);
	strbuf_release(&d->error);
	memset(d, 0, sizeof(*d));
}
