/*
 * reviews.c - what the reviewers say: no outstanding change request
 * (changes-requested), enough approvals from the leads, in all and from
 * the named approvers (approvals), and how long the PR has waited for a
 * first review (review-latency, reported, not gating).
 *
 * A reviewer's say is their latest review (by submission time; ties keep
 * GitHub's order) that is not a comment or a pending draft; a dismissed
 * review as the latest clears it. The PR author's own reviews never
 * count. Logins compare ignoring case, as GitHub's do. The comment bot's
 * own review of the advice tags (a COMMENT starting with
 * PRGATE_ADVICE_MARKER) is nobody's say and no first review either.
 *
 * Trust: an approval counts only when GitHub says its author may write
 * to the repository: their author_association is one of the policy's
 * reviews.associations (OWNER, MEMBER, COLLABORATOR by default), for
 * leads and required approvers too. So does a change request, as on
 * GitHub: one from outside reviews.associations is named in the check's
 * detail but blocks nothing (anyone can review a public repository's PR,
 * and a stranger must not be able to stop every deploy).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "linter/clock.h"
#include "rules/rules.h"

/* One reviewer and the review that says where they stand. */
struct reviewer {
	const struct prgate_github_review *win;
};

struct entry {
	const struct prgate_github_review *r;
	size_t idx; /* position in GitHub's list */
};

static int by_login_then_time(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcasecmp(x->r->login, y->r->login);
	if (c)
		return c;
	if (x->r->submitted_at != y->r->submitted_at)
		return x->r->submitted_at < y->r->submitted_at ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static int is_author(const struct prgate_github_facts *gh, const char *login)
{
	return gh->author && login && !strcasecmp(gh->author, login);
}

static int state_is(const struct prgate_github_review *r, const char *state)
{
	return r && r->state && !strcasecmp(r->state, state);
}

/*
 * Every reviewer other than the author whose latest deciding review
 * still stands (approved or changes requested), sorted by login.
 * Returns how many; *out is malloc'd (free it), NULL when none.
 */
static size_t reviewers(const struct prgate_github_facts *gh,
			struct reviewer **out)
{
	struct entry *e = xcalloc(gh->nreviews ? gh->nreviews : 1, sizeof(*e));
	struct reviewer *v = NULL;
	size_t n = 0, nv = 0, alloc = 0;

	for (size_t i = 0; i < gh->nreviews; i++) {
		const struct prgate_github_review *r = &gh->reviews[i];
		if (!r->login || !r->state || is_author(gh, r->login) ||
		    !(state_is(r, "APPROVED") ||
		      state_is(r, "CHANGES_REQUESTED") ||
		      state_is(r, "DISMISSED")))
			continue;
		e[n].r = r;
		e[n].idx = i;
		n++;
	}
	qsort(e, n, sizeof(*e), by_login_then_time);
	for (size_t i = 0; i < n; i++) {
		const struct prgate_github_review *last = e[i].r;
		if (i + 1 < n && !strcasecmp(last->login, e[i + 1].r->login))
			continue;
		if (state_is(last, "DISMISSED"))
			continue;
		v = xgrow(v, sizeof(*v), nv + 1, &alloc);
		v[nv++].win = last;
	}
	free(e);
	*out = v;
	return nv;
}

/* The reviewer with this login, or NULL. */
static const struct reviewer *find(const struct reviewer *v, size_t n,
				   const char *login)
{
	for (size_t i = 0; i < n; i++)
		if (!strcasecmp(v[i].win->login, login))
			return &v[i];
	return NULL;
}

/* Append "a", "a and b" or "a, b and c" (conj "and"/"or"). */
static void add_names(struct strbuf *sb, char *const *names, size_t n,
		      const char *conj)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addstr(sb, i + 1 == n ? conj : ", ");
		strbuf_addstr(sb, names[i]);
	}
}

/*
 * "an approval from bob", "approvals from bob and carol" (more: as many
 * as there are names), "1 more approval from bob or carol", "2 more
 * approvals from bob, carol or dave".
 */
static void add_approvals(struct strbuf *sb, int more,
			  const struct prgate_strlist *who)
{
	if (more >= (int)who->n) {
		strbuf_addstr(sb, who->n == 1 ? "an approval from "
					      : "approvals from ");
		add_names(sb, who->v, who->n, " and ");
		return;
	}
	strbuf_addf(sb, "%d more approval%s from ", more, more == 1 ? "" : "s");
	add_names(sb, who->v, who->n, " or ");
}

/* GitHub says the review's author may write to the repository. */
static int trusted(const struct prgate_policy *p,
		   const struct prgate_github_review *r)
{
	return r->association && prgate_strlist_has_icase(
				     &p->reviews.associations, r->association);
}

/* ---- changes-requested ---- */

void check_changes_requested(struct prgate_rule_ctx *ctx)
{
	const struct prgate_github_facts *gh = ctx->gate->gh;
	struct strbuf sb = STRBUF_INIT, outside = STRBUF_INIT;
	struct prgate_strlist who = {NULL, 0, 0};
	struct reviewer *v;
	size_t n, nout = 0;

	if (!gh) {
		prgate_rule_check(ctx, PRGATE_CHECK_SKIPPED, NULL,
				  "GitHub was not asked (no pull request)");
		return;
	}
	n = reviewers(gh, &v);
	for (size_t i = 0; i < n; i++) {
		const struct prgate_github_review *r = v[i].win;
		static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr",
						  "May", "Jun", "Jul", "Aug",
						  "Sep", "Oct", "Nov", "Dec"};
		struct tm tm;
		if (!state_is(r, "CHANGES_REQUESTED"))
			continue;
		if (!trusted(ctx->policy, r)) {
			strbuf_addf(&outside, "%s%s's, %s", nout++ ? "; " : "",
				    r->login,
				    r->association ? r->association : "none");
			continue;
		}
		strbuf_addf(&sb, "%s%s requested changes", who.n ? "; " : "",
			    r->login);
		if (r->submitted_at > 0 && gmtime_r(&r->submitted_at, &tm))
			strbuf_addf(&sb, " (%d %s %02d:%02d UTC)", tm.tm_mday,
				    mon[tm.tm_mon], tm.tm_hour, tm.tm_min);
		prgate_strlist_add(&who, r->login);
	}
	if (who.n) {
		strbuf_addstr(&sb, ": address them or ask ");
		add_names(&sb, who.v, who.n, " and ");
		strbuf_addstr(&sb, " to re-review");
		prgate_rule_check(ctx, PRGATE_CHECK_FAIL, NULL, "%s", sb.buf);
		strbuf_reset(&sb);
		strbuf_addstr(&sb, "address the changes ");
		add_names(&sb, who.v, who.n, " and ");
		strbuf_addstr(&sb, " requested, or ask ");
		strbuf_addstr(&sb, who.n == 1 ? who.v[0] : "them");
		strbuf_addstr(&sb, " to re-review");
		prgate_rule_step(ctx, NULL, "%s", sb.buf);
	} else {
		strbuf_addstr(&sb, "no outstanding change requests");
		if (nout)
			strbuf_addf(&sb,
				    " (not counted: %s, not one of "
				    "reviews.associations)",
				    outside.buf);
		prgate_rule_check(ctx, PRGATE_CHECK_PASS, NULL, "%s", sb.buf);
	}
	prgate_strlist_release(&who);
	strbuf_release(&outside);
	strbuf_release(&sb);
	free(v);
}

/* ---- approvals ---- */

/* Doubles such as 0.5 x 3 are exact, but 0.1 x 30 is 3.0000000000000004. */
#define QUORUM_EPSILON 1e-9

/*
 * The leads, or the required approvers, without the author (who can't
 * approve their own PR) and without repeats.
 */
static void others(const struct prgate_strlist *list,
		   const struct prgate_github_facts *gh,
		   struct prgate_strlist *out)
{
	for (size_t i = 0; i < list->n; i++)
		if (!is_author(gh, list->v[i]) &&
		    !prgate_strlist_has_icase(out, list->v[i]))
			prgate_strlist_add(out, list->v[i]);
}

struct tally {
	struct prgate_strlist leads, required;
	struct prgate_strlist leads_yes, leads_wait;
	struct prgate_strlist required_yes, required_missing;
	struct prgate_strlist stale;
	/* counted, though of an earlier commit (no dismiss_stale):
	 * "bob approved 1a2b3c4" */
	struct prgate_strlist earlier;
	struct prgate_strlist untrusted; /* "carol: CONTRIBUTOR" */
	struct prgate_strlist untrusted_logins;
	int need_leads;
	int total;
};

/* An approval that counts (or would, but for dismiss_stale). */
static int approves(const struct tally *t, const struct reviewer *rv)
{
	return rv && state_is(rv->win, "APPROVED") &&
	       !prgate_strlist_has_icase(&t->stale, rv->win->login) &&
	       !prgate_strlist_has_icase(&t->untrusted_logins, rv->win->login);
}

static void tally(const struct prgate_policy *p,
		  const struct prgate_github_facts *gh, struct tally *t)
{
	struct reviewer *v;
	size_t n = reviewers(gh, &v);
	double need;

	memset(t, 0, sizeof(*t));
	others(&p->reviews.leads, gh, &t->leads);
	others(&p->reviews.required_approvers, gh, &t->required);
	for (size_t i = 0; i < n; i++) {
		const struct prgate_github_review *r = v[i].win;
		if (!state_is(r, "APPROVED"))
			continue;
		if (!trusted(p, r)) {
			struct strbuf who = STRBUF_INIT;
			strbuf_addf(&who, "%s: %s", r->login,
				    r->association ? r->association : "none");
			prgate_strlist_add(&t->untrusted, who.buf);
			prgate_strlist_add(&t->untrusted_logins, r->login);
			strbuf_release(&who);
			continue;
		}
		if (p->reviews.dismiss_stale &&
		    (!r->commit_id || !gh->head_sha ||
		     strcmp(r->commit_id, gh->head_sha))) {
			prgate_strlist_add(&t->stale, r->login);
			continue;
		}
		if (r->commit_id && gh->head_sha &&
		    strcmp(r->commit_id, gh->head_sha)) {
			struct strbuf what = STRBUF_INIT;
			strbuf_addf(&what, "%s approved %.7s", r->login,
				    r->commit_id);
			prgate_strlist_add(&t->earlier, what.buf);
			strbuf_release(&what);
		}
		t->total++;
	}
	for (size_t i = 0; i < t->leads.n; i++) {
		const struct reviewer *rv = find(v, n, t->leads.v[i]);
		int yes = approves(t, rv);
		prgate_strlist_add(yes ? &t->leads_yes : &t->leads_wait,
				   yes ? rv->win->login : t->leads.v[i]);
	}
	for (size_t i = 0; i < t->required.n; i++) {
		const struct reviewer *rv = find(v, n, t->required.v[i]);
		int yes = approves(t, rv);
		prgate_strlist_add(yes ? &t->required_yes
				       : &t->required_missing,
				   t->required.v[i]);
	}
	need = p->reviews.leads_quorum * (double)t->leads.n;
	t->need_leads =
	    need > QUORUM_EPSILON ? (int)(need - QUORUM_EPSILON) + 1 : 0;
	if (t->need_leads > (int)t->leads.n)
		t->need_leads = (int)t->leads.n;
	free(v);
}

static void tally_release(struct tally *t)
{
	prgate_strlist_release(&t->leads);
	prgate_strlist_release(&t->required);
	prgate_strlist_release(&t->leads_yes);
	prgate_strlist_release(&t->leads_wait);
	prgate_strlist_release(&t->required_yes);
	prgate_strlist_release(&t->required_missing);
	prgate_strlist_release(&t->stale);
	prgate_strlist_release(&t->earlier);
	prgate_strlist_release(&t->untrusted);
	prgate_strlist_release(&t->untrusted_logins);
}

static void part(struct strbuf *sb)
{
	if (sb->len)
		strbuf_addstr(sb, "; ");
}

/* "1 of 2 needed from leads — alice ✔; waiting for bob or carol" */
static void add_leads_missing(struct strbuf *sb, const struct tally *t)
{
	int got = (int)t->leads_yes.n, more = t->need_leads - got;
	part(sb);
	strbuf_addf(sb, "%d of %d needed from leads", got, t->need_leads);
	for (size_t i = 0; i < t->leads_yes.n; i++)
		strbuf_addf(sb, "%s%s \xe2\x9c\x94",
			    i ? ", " : " \xe2\x80\x94 ", t->leads_yes.v[i]);
	strbuf_addstr(sb, "; waiting for ");
	if (more >= (int)t->leads_wait.n) {
		add_names(sb, t->leads_wait.v, t->leads_wait.n, " and ");
	} else if (more == 1) {
		add_names(sb, t->leads_wait.v, t->leads_wait.n, " or ");
	} else {
		strbuf_addf(sb, "%d of ", more);
		add_names(sb, t->leads_wait.v, t->leads_wait.n, ", ");
	}
}

/*
 * The policy's conditional and any-of approvers (required_approvers
 * objects) that apply to this PR: what is missing goes to fail ("alice
 * or bob must approve (the deploy has downtime)"), what is met to pass;
 * what to do about each one missing to steps ("an approval from alice or
 * bob (the deploy has downtime)"), and how many approvals that names to
 * *named. Returns how many apply.
 */
static int approver_rules(struct prgate_rule_ctx *ctx,
			  const struct prgate_github_facts *gh,
			  const struct tally *t, struct strbuf *fail,
			  struct strbuf *pass, struct prgate_strlist *steps,
			  int *named)
{
	const struct prgate_policy *p = ctx->policy;
	struct reviewer *v;
	size_t n = reviewers(gh, &v);
	int applied = 0;

	for (size_t i = 0; i < p->reviews.napprover_rules; i++) {
		const struct prgate_approver_rule *r =
		    &p->reviews.approver_rules[i];
		struct prgate_strlist who = {NULL, 0, 0}, yes = {NULL, 0, 0},
				      missing = {NULL, 0, 0};
		struct strbuf cond = STRBUF_INIT;
		struct strbuf *out;
		size_t from;
		int met;
		if (!prgate_rule_when(ctx, &r->when))
			continue;
		applied++;
		others(&r->logins, gh, &who);
		for (size_t k = 0; k < who.n; k++) {
			const struct reviewer *rv = find(v, n, who.v[k]);
			int ok = approves(t, rv);
			prgate_strlist_add(ok ? &yes : &missing, who.v[k]);
		}
		met = r->any ? yes.n > 0 : !missing.n && who.n > 0;
		out = met ? pass : fail;
		part(out);
		from = out->len;
		if (met) {
			add_names(out, yes.v, yes.n, " and ");
			strbuf_addstr(out, " approved as required");
		} else if (!who.n) {
			add_names(out, r->logins.v, r->logins.n,
				  r->any ? " or " : " and ");
			strbuf_addstr(out, " must approve, but cannot (the "
					   "PR's author)");
		} else {
			add_names(out, r->any ? who.v : missing.v,
				  r->any ? who.n : missing.n,
				  r->any ? " or " : " and ");
			strbuf_addstr(out, " must approve");
		}
		prgate_when_describe(&r->when, &cond);
		if (cond.len)
			strbuf_addf(out, " (%s)", cond.buf);
		if (!met && who.n) {
			struct strbuf step = STRBUF_INIT;
			if (r->any)
				add_approvals(&step, 1, &who);
			else
				add_approvals(&step, (int)missing.n, &missing);
			if (cond.len)
				strbuf_addf(&step, " (%s)", cond.buf);
			prgate_strlist_add(steps, step.buf);
			*named += r->any ? 1 : (int)missing.n;
			strbuf_release(&step);
		} else if (!met) {
			/* nobody can: the policy's words say it */
			prgate_strlist_add(steps, out->buf + from);
		}
		strbuf_release(&cond);
		prgate_strlist_release(&who);
		prgate_strlist_release(&yes);
		prgate_strlist_release(&missing);
	}
	free(v);
	return applied;
}

/* "anyone with write access", or whom reviews.associations names. */
static void add_anyone(struct strbuf *sb, const struct prgate_policy *p)
{
	static const char *const write[] = {"OWNER", "MEMBER", "COLLABORATOR"};
	const struct prgate_strlist *a = &p->reviews.associations;
	int all = a->n == ARRAY_SIZE(write);

	for (size_t i = 0; all && i < ARRAY_SIZE(write); i++)
		all = prgate_strlist_has_icase(a, write[i]);
	if (all) {
		strbuf_addstr(sb, "anyone with write access");
		return;
	}
	strbuf_addstr(sb, "anyone GitHub lists as ");
	add_names(sb, a->v, a->n, " or ");
}

/*
 * The approvals rule's steps: who can approve ("1 more approval from
 * bob or carol", "an approval from erin", the policy's own rules' steps,
 * whose approval of an older commit to renew), then the approvals still
 * missing in all that nobody is named for ("1 more approval from anyone
 * with write access"). named: how many
 * approvals the approver rules' steps ask for.
 */
static void approval_steps(struct prgate_rule_ctx *ctx, const struct tally *t,
			   const struct prgate_strlist *rule_steps, int named)
{
	struct strbuf sb = STRBUF_INIT;
	int more = t->need_leads - (int)t->leads_yes.n;
	int rest;

	if (more > 0 && t->leads_wait.n) {
		add_approvals(&sb, more, &t->leads_wait);
		prgate_rule_step(ctx, NULL, "%s", sb.buf);
		named += more;
	}
	if (t->required_missing.n) {
		strbuf_reset(&sb);
		add_approvals(&sb, (int)t->required_missing.n,
			      &t->required_missing);
		prgate_rule_step(ctx, NULL, "%s", sb.buf);
		named += (int)t->required_missing.n;
	}
	for (size_t i = 0; i < rule_steps->n; i++)
		prgate_rule_step(ctx, NULL, "%s", rule_steps->v[i]);
	/* an approval of an older commit counts again once renewed */
	if (t->stale.n) {
		strbuf_reset(&sb);
		strbuf_addstr(&sb, "ask ");
		add_names(&sb, t->stale.v, t->stale.n, " and ");
		strbuf_addstr(&sb, " to approve the latest commit again");
		prgate_rule_step(ctx, NULL, "%s", sb.buf);
		for (size_t i = 0; i < t->stale.n; i++)
			named += !prgate_strlist_has_icase(&t->leads_wait,
							   t->stale.v[i]) &&
				 !prgate_strlist_has_icase(&t->required_missing,
							   t->stale.v[i]);
	}
	rest = ctx->policy->reviews.min_approvals - t->total - named;
	if (rest > 0) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%d more approval%s from ", rest,
			    rest == 1 ? "" : "s");
		add_anyone(&sb, ctx->policy);
		prgate_rule_step(ctx, NULL, "%s", sb.buf);
	}
	strbuf_release(&sb);
}

void check_approvals(struct prgate_rule_ctx *ctx)
{
	struct strbuf rules_fail = STRBUF_INIT, rules_pass = STRBUF_INIT;
	int nrules, named = 0;
	struct prgate_strlist steps = {NULL, 0, 0};
	const struct prgate_policy *p = ctx->policy;
	const struct prgate_github_facts *gh = ctx->gate->gh;
	struct strbuf sb = STRBUF_INIT;
	struct tally t;
	int min = p->reviews.min_approvals;

	if (!gh) {
		prgate_rule_check(ctx, PRGATE_CHECK_SKIPPED, NULL,
				  "GitHub was not asked (no pull request)");
		return;
	}
	tally(p, gh, &t);
	nrules = approver_rules(ctx, gh, &t, &rules_fail, &rules_pass, &steps,
				&named);
	if (!t.need_leads && min <= 0 && !t.required.n && !nrules) {
		prgate_rule_check(ctx, PRGATE_CHECK_SKIPPED, NULL,
				  "no approvals are asked for");
		prgate_strlist_release(&steps);
		tally_release(&t);
		return;
	}
	if ((int)t.leads_yes.n < t.need_leads)
		add_leads_missing(&sb, &t);
	if (t.total < min) {
		part(&sb);
		strbuf_addf(&sb, "%d of %d needed in all", t.total, min);
	}
	if (t.required_missing.n) {
		part(&sb);
		add_names(&sb, t.required_missing.v, t.required_missing.n,
			  " and ");
		strbuf_addstr(&sb, " must approve");
	}
	if (rules_fail.len) {
		part(&sb);
		strbuf_add(&sb, rules_fail.buf, rules_fail.len);
	}
	if (sb.len) {
		if (t.stale.n) {
			strbuf_addstr(&sb, "; approvals of an older commit "
					   "don't count (");
			add_names(&sb, t.stale.v, t.stale.n, ", ");
			strbuf_addch(&sb, ')');
		}
		if (t.untrusted.n) {
			strbuf_addstr(&sb, "; approvals without write access "
					   "don't count (");
			add_names(&sb, t.untrusted.v, t.untrusted.n, ", ");
			strbuf_addch(&sb, ')');
		}
		prgate_rule_check(ctx, PRGATE_CHECK_FAIL, NULL, "%s", sb.buf);
		approval_steps(ctx, &t, &steps, named);
		prgate_strlist_release(&steps);
		strbuf_release(&sb);
		strbuf_release(&rules_fail);
		strbuf_release(&rules_pass);
		tally_release(&t);
		return;
	}
	if (t.need_leads) {
		if ((int)t.leads_yes.n == t.need_leads)
			strbuf_addf(&sb, "%d of %d from leads (", t.need_leads,
				    t.need_leads);
		else
			strbuf_addf(&sb, "%zu from leads (", t.leads_yes.n);
		add_names(&sb, t.leads_yes.v, t.leads_yes.n, ", ");
		strbuf_addch(&sb, ')');
		if ((int)t.leads_yes.n > t.need_leads)
			strbuf_addf(&sb, ", %d needed", t.need_leads);
	}
	part(&sb);
	strbuf_addf(&sb, "%d approval%s in all", t.total,
		    t.total == 1 ? "" : "s");
	if (t.earlier.n) {
		/* commits pushed since were not approved: say so */
		strbuf_addstr(&sb, " (");
		add_names(&sb, t.earlier.v, t.earlier.n, " and ");
		strbuf_addstr(&sb, ", not the head)");
	}
	if (t.required.n) {
		strbuf_addstr(&sb, "; ");
		add_names(&sb, t.required.v, t.required.n, " and ");
		strbuf_addstr(&sb, " approved as required");
	}
	if (rules_pass.len) {
		part(&sb);
		strbuf_add(&sb, rules_pass.buf, rules_pass.len);
	}
	prgate_rule_check(ctx, PRGATE_CHECK_PASS, NULL, "%s", sb.buf);
	prgate_strlist_release(&steps);
	strbuf_release(&sb);
	strbuf_release(&rules_fail);
	strbuf_release(&rules_pass);
	tally_release(&t);
}

/* ---- review-latency ---- */

/*
 * The comment bot's own review (a COMMENT whose body starts with its
 * marker): nobody reviewed. Whoever forges the marker only makes their
 * own review not count as the first.
 */
static int own_review(const struct prgate_github_review *r)
{
	return state_is(r, "COMMENTED") && r->body &&
	       !strncmp(r->body, PRGATE_ADVICE_MARKER,
			sizeof(PRGATE_ADVICE_MARKER) - 1);
}

/* Elapsed time, whole minutes (floored: 2 h 59 min 50 s is not 3 h). */
static void add_elapsed(struct strbuf *sb, long long sec)
{
	prgate_duration_format(sb, sec > 0 ? sec / 60 * 60 : 0);
}

/*
 * "Wed 25 Nov 09:00 CET": when t was in the window's zone (the same
 * words at every run), else in UTC.
 */
static void add_since(const struct prgate_rule_ctx *ctx, struct strbuf *sb,
		      time_t t)
{
	struct prgate_zonetime zt;
	struct prgate_error err;

	if (prgate_zone_to_local(ctx->policy->window.timezone, t, &zt, &err) !=
	    PRGATE_OK) {
		memset(&zt, 0, sizeof(zt));
		gmtime_r(&t, &zt.tm);
		strcpy(zt.abbrev, "UTC");
	}
	prgate_zonetime_format(sb, &zt);
	if (zt.abbrev[0])
		strbuf_addf(sb, " %s", zt.abbrev);
}

void check_review_latency(struct prgate_rule_ctx *ctx)
{
	static const struct {
		long long sec;
		const char *hours, *what;
	} steps[] = {{24 * 3600, "24 h", "raise it as a blocker"},
		     {6 * 3600, "6 h", "message the PM"},
		     {3 * 3600, "3 h", "ping the team chat"}};
	const struct prgate_github_facts *gh = ctx->gate->gh;
	struct strbuf sb = STRBUF_INIT;
	time_t first = 0;
	long long wait;

	if (!gh) {
		prgate_rule_check(ctx, PRGATE_CHECK_SKIPPED, NULL,
				  "GitHub was not asked (no pull request)");
		return;
	}
	if (gh->draft) {
		prgate_rule_check(ctx, PRGATE_CHECK_SKIPPED, NULL,
				  "the PR is a draft: no review is due yet");
		return;
	}
	for (size_t i = 0; i < gh->nreviews; i++) {
		const struct prgate_github_review *r = &gh->reviews[i];
		if (r->submitted_at > 0 && !is_author(gh, r->login) &&
		    !own_review(r) && (!first || r->submitted_at < first))
			first = r->submitted_at;
	}
	if (first) {
		add_elapsed(&sb, (long long)first - gh->created_at);
		prgate_rule_check(ctx, PRGATE_CHECK_PASS, NULL,
				  "first review after %s", sb.buf);
		strbuf_release(&sb);
		return;
	}
	wait = (long long)ctx->gate->now - gh->created_at;
	if (ctx->gate->absolute_times)
		add_since(ctx, &sb, gh->created_at);
	else
		add_elapsed(&sb, wait);
	for (size_t i = 0; i < ARRAY_SIZE(steps); i++)
		if (wait >= steps[i].sec) {
			prgate_rule_check(ctx, PRGATE_CHECK_FAIL, NULL,
					  ctx->gate->absolute_times
					      ? "no review since the PR was "
						"opened (%s): %s"
					      : "no review after %s: %s",
					  sb.buf, steps[i].what);
			strbuf_release(&sb);
			return;
		}
	prgate_rule_check(ctx, PRGATE_CHECK_PASS, NULL,
			  ctx->gate->absolute_times
			      ? "waiting for a first review since %s, under "
				"the %s ping"
			      : "waiting %s, under the %s ping",
			  sb.buf, steps[ARRAY_SIZE(steps) - 1].hours);
	strbuf_release(&sb);
}

/* ---- docs ---- */

const struct prgate_rule_doc doc_changes_requested = {
    "No reviewer may have changes outstanding. A reviewer's latest "
    "review that is not a comment decides: \"changes requested\" blocks "
    "until they approve or their review is dismissed; a comment after it "
    "changes nothing. The author's own reviews don't count, nor (as on "
    "GitHub) change requests from outside reviews.associations: those "
    "are named in the check's detail.",
    "bob requested changes, then approved after the fix.",
    "bob requested changes on 2 Dec and has only commented since."};

const struct prgate_rule_doc doc_approvals = {
    "The PR needs approvals from at least reviews.leads_quorum (0.5: half, "
    "rounded up) of reviews.leads other than the author, at least "
    "reviews.min_approvals in all, and one from every "
    "reviews.required_approvers login. A reviewer's latest non-comment "
    "review counts; dismissed ones don't. With reviews.dismiss_stale only "
    "approvals of the current head commit count; without it the detail "
    "names approvals of an earlier commit. Only approvals whose "
    "author GitHub lists as one of reviews.associations (OWNER, MEMBER, "
    "COLLABORATOR by default: people with write access) count, and never "
    "the PR's author's own.",
    "alice and bob approved; the leads are alice, bob and carol (2 of 3 "
    "needed).",
    "only alice approved; the leads are alice, bob, carol and dave (2 of 4 "
    "needed)."};

const struct prgate_rule_doc doc_review_latency = {
    "How long the PR has waited for its first review by someone other "
    "than its author, from when it was opened: 3 h or more, ping the team "
    "chat; 6 h, message the PM; 24 h, raise it as a blocker. A warning "
    "by default, not gating; drafts are skipped. Once reviewed it passes "
    "and says how long the first review took.",
    "The PR was opened at 09:00 and carol reviewed it at 10:10.",
    "The PR was opened at 09:00 and at 16:05 nobody has reviewed it yet "
    "(message the PM)."};
