/*
 * fuzz_gate.c - fuzzes `prgate check` after the fetch: prgate_decide()
 * (gate/decide.c) on GitHub replies taken from the input, so every gate
 * rule (draft, conflicts, behind-base, dependencies, deployer, advice-tag,
 * changes-requested, approvals, review-latency, ci, window, freeze,
 * metric), the lint rules on the PR's title and description (wip, the
 * downtime notice and its timing...), the checklist, the expiry and the
 * reports run on whatever the replies say.
 *
 * The input is parts separated by a line "~~~" (the bytes "\n~~~\n"):
 *   0 the PR (GET /pulls/N)         1 its reviews
 *   2 the head's check runs         3 the head's combined status
 *   4 the comparison with the base  5 the changed files
 *   6 a policy file applied on top of the built-in one (empty: none); its
 *     "template" is dropped, as the target reads no files
 *   7 the deployer's login (empty: unknown)
 *   8 the moment asked about, RFC 3339 as --at takes it (anything else:
 *     2026-11-25T10:00:00+01:00)
 *   9 the health gates' numbers, one word per metric of the policy in
 *     turn; a word that is not a number, or none, is a metric that could
 *     not be read
 *   10 the PR's conversation (GET /issues/N/comments; empty: none), the
 *     channel of '/prgate allow' overrides
 *   11... the replies about the dependencies the description names (GET
 *     /issues/N), one per dependency in turn; one without a reply stays
 *     not looked up
 * prgate_decide() gets them through its gather hook (decide.h), decoded
 * with the decoders prgate_github_fetch() uses; a missing reply (0 to 5)
 * or one that does not decode fails the gathering as a bad reply from
 * GitHub does (an open PR's "mergeable": null is not asked again: the
 * first answer stands). The decision is rendered in every format and as the
 * bot's comment, and these must hold (else abort()):
 *   - a fact that could not be had (a bad reply, a description that does
 *     not parse): no findings, verdict unknown, exit 3;
 *   - otherwise every gate rule answered exactly once, and a failed,
 *     pending or unknown check has a finding of its rule;
 *   - GO (exit 0) only when no check failed, is pending or is unknown,
 *     except for a rule the policy sets below "error" (advice-tag's
 *     unread files: advice_tag.unread), or a failed one someone allowed
 *     (state "allowed");
 *   - trust, as the PR's author attacking their own PR would try it: a
 *     prgate-allow comment in the description never covers a gate rule;
 *     an allowed check has exactly one override, of a rule in
 *     overrides.rules, by someone in overrides.by who is not the author,
 *     whose comment or review says '/prgate allow RULE: ...'; pending and
 *     unknown checks are never allowed; passed approvals have enough
 *     approvers with write access (reviews.associations) other than the
 *     author, required approvers included;
 *   - the JSON report is valid UTF-8 whatever the input (RFC 8259), is
 *     JSON and says the verdict; the comment fits in PRGATE_COMMENT_MAX.
 * FUZZ_GATE_SHOW=1 build-fuzz/fuzz_gate FILE prints the text report.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "linter/clock.h"
#include "integrations/comment.h"
#include "gate/decide.h"
#include "support/json.h"
#include "rules/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SEP "\n~~~\n"
#define MAX_PARTS 64
#define DEFAULT_AT "2026-11-25T10:00:00+01:00"

enum part {
	P_PR,
	P_REVIEWS,
	P_CHECKS,
	P_STATUS,
	P_COMPARE,
	P_FILES,
	P_POLICY,
	P_DEPLOYER,
	P_AT,
	P_METRICS,
	P_COMMENTS,
	P_DEPS,
};

struct input {
	const char *part[MAX_PARTS];
	size_t len[MAX_PARTS];
	size_t n;
};

#define NEED(cond)                                                             \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "fuzz_gate: %s:%d: not %s\n",          \
				__FILE__, __LINE__, #cond);                    \
			abort();                                               \
		}                                                              \
	} while (0)

static void split(const char *s, size_t len, struct input *in)
{
	const size_t seplen = strlen(SEP);

	memset(in, 0, sizeof(*in));
	for (;;) {
		const char *sep =
		    in->n + 1 < MAX_PARTS ? memmem(s, len, SEP, seplen) : NULL;
		in->part[in->n] = s;
		in->len[in->n] = sep ? (size_t)(sep - s) : len;
		in->n++;
		if (!sep)
			return;
		len -= (size_t)(sep - s) + seplen;
		s = sep + seplen;
	}
}

/* Part i as a string (malloc'd; "" when missing). */
static char *part_str(const struct input *in, size_t i)
{
	return i < in->n ? xstrndup(in->part[i], in->len[i]) : xstrdup("");
}

/* The reply of part i; a missing one is empty (not JSON). */
static const char *reply(const struct input *in, size_t i, size_t *len)
{
	*len = i < in->n ? in->len[i] : 0;
	return i < in->n ? in->part[i] : "";
}

/* What prgate_gate_fetch_metrics() would have read: part P_METRICS. */
static void read_metrics(const struct input *in,
			 const struct prgate_policy *policy,
			 struct prgate_gate_facts *gate)
{
	char *words = part_str(in, P_METRICS), *save = NULL;
	char *w = strtok_r(words, " \t\r\n", &save);

	gate->nmetrics = policy->nmetrics;
	gate->metrics = xcalloc(policy->nmetrics ? policy->nmetrics : 1,
				sizeof(*gate->metrics));
	for (size_t i = 0; i < policy->nmetrics; i++) {
		struct prgate_metric_value *v = &gate->metrics[i];
		struct strbuf why = STRBUF_INIT;
		char *end = NULL;

		v->metric = &policy->metrics[i];
		if (w)
			v->value = strtod(w, &end);
		if (w && end != w && !*end) {
			v->ok = 1;
		} else {
			strbuf_addf(&why, "GET %s: \"%s\" is not a number",
				    policy->metrics[i].url, w ? w : "");
			v->error = strbuf_detach(&why, NULL);
		}
		strbuf_release(&why);
		if (w)
			w = strtok_r(NULL, " \t\r\n", &save);
	}
	free(words);
}

/* The gather hook: prgate_github_fetch() and the metrics, from the input. */
static enum prgate_status gather(void *ctx, struct prgate_decision *d,
				 const struct prgate_policy *policy,
				 const struct prgate_github_ref *ref,
				 struct prgate_error *err)
{
	static const struct {
		enum part part;
		const char *endpoint;
		enum prgate_status (*decode)(const char *, const char *, size_t,
					     struct prgate_github_facts *,
					     struct prgate_error *);
	} lists[] = {
	    {P_REVIEWS, "GET /repos/octocat/Hello-World/pulls/1347/reviews",
	     prgate_github_decode_reviews},
	    {P_FILES, "GET /repos/octocat/Hello-World/pulls/1347/files",
	     prgate_github_decode_files},
	    {P_CHECKS, "GET /repos/octocat/Hello-World/commits/HEAD/check-runs",
	     prgate_github_decode_check_runs},
	    {P_STATUS, "GET /repos/octocat/Hello-World/commits/HEAD/status",
	     prgate_github_decode_status},
	    {P_COMPARE, "GET /repos/octocat/Hello-World/compare/BASE...HEAD",
	     prgate_github_decode_compare},
	};
	const struct input *in = ctx;
	struct prgate_github_facts *f = &d->facts;
	enum prgate_status st;
	const char *text;
	size_t len;

	f->ref = *ref;
	f->mergeable = -1;
	text = reply(in, P_PR, &len);
	st = prgate_github_decode_pr(
	    "GET /repos/octocat/Hello-World/pulls/1347", text, len, f, err);
	if (st != PRGATE_OK)
		return st;
	if (d->gh.find_deps)
		d->gh.find_deps(d->gh.deps_ctx, f->body, &f->ref, f);
	for (size_t i = 0; i < ARRAY_SIZE(lists); i++) {
		text = reply(in, lists[i].part, &len);
		st = lists[i].decode(lists[i].endpoint, text, len, f, err);
		if (st != PRGATE_OK)
			return st;
	}
	if (in->n > P_COMMENTS && in->len[P_COMMENTS]) {
		st = prgate_github_decode_comments(
		    "GET /repos/octocat/Hello-World/issues/1347/comments",
		    in->part[P_COMMENTS], in->len[P_COMMENTS], f, err);
		if (st != PRGATE_OK)
			return st;
	}
	for (size_t i = 0; i < f->ndeps && P_DEPS + i < in->n; i++) {
		st = prgate_github_decode_issue(
		    "GET /repos/o/r/issues/N", in->part[P_DEPS + i],
		    in->len[P_DEPS + i], &f->deps[i], err);
		if (st != PRGATE_OK)
			return st;
	}
	read_metrics(in, policy, &d->gate);
	return PRGATE_OK;
}

/* Is s[0, len) valid UTF-8 (no overlong forms, surrogates or code
 * points past U+10FFFF)? */
static int utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;

	while (p < end) {
		unsigned c = *p;
		size_t n;
		unsigned cp;
		if (c < 0x80) {
			p++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			n = 1, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			n = 2, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			n = 3, cp = c & 0x07;
		else
			return 0;
		if ((size_t)(end - p) <= n)
			return 0;
		for (size_t k = 1; k <= n; k++) {
			if ((p[k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (p[k] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		p += n + 1;
	}
	return 1;
}

/* The effective severity of rule r under policy (lint.c's rule). */
static int severity(const struct prgate_policy *policy, int r)
{
	return policy->severity[r] >= 0 ? policy->severity[r]
					: (int)prgate_rules[r].severity;
}

static int same_login(const char *a, const char *b)
{
	return a && b && !strcasecmp(a, b);
}

/* Is login one of overrides.by, "leads" and "ops" expanded? */
static int in_by(const struct prgate_policy *p, const char *login)
{
	for (size_t i = 0; i < p->overrides.by.n; i++) {
		const char *b = p->overrides.by.v[i];
		if ((!strcmp(b, "leads") &&
		     prgate_strlist_has_icase(&p->reviews.leads, login)) ||
		    (!strcmp(b, "ops") &&
		     prgate_strlist_has_icase(&p->reviews.ops, login)) ||
		    same_login(b, login))
			return 1;
	}
	return 0;
}

/* Did login approve with write access, not being the PR's author? */
static int trusted_approval(const struct prgate_policy *p,
			    const struct prgate_github_facts *gh,
			    const char *login)
{
	if (same_login(login, gh->author))
		return 0;
	for (size_t i = 0; i < gh->nreviews; i++) {
		const struct prgate_github_review *r = &gh->reviews[i];
		if (same_login(r->login, login) && r->state &&
		    !strcasecmp(r->state, "APPROVED") && r->association &&
		    prgate_strlist_has_icase(&p->reviews.associations,
					     r->association))
			return 1;
	}
	return 0;
}

/* The trust invariants of a decided PR (see the top of this file). */
static void check_trust(const struct prgate_decision *d,
			const struct prgate_policy *p)
{
	const struct prgate_github_facts *gh = &d->facts;
	const struct prgate_checks *cs = &d->res.checks;
	const struct prgate_findings *fs = &d->res.findings;
	const struct prgate_overrides *os = &d->res.overrides;
	size_t nallowed = 0;

	/* the description never waives a gate rule */
	for (size_t k = 0; k < fs->n; k++)
		NEED(!fs->v[k].allowed_reason ||
		     !prgate_rules[fs->v[k].rule].gate);
	for (size_t i = 0; i < cs->n; i++) {
		const struct prgate_check *c = &cs->v[i];
		size_t n = 0;
		if (c->state != PRGATE_CHECK_ALLOWED)
			continue;
		nallowed++;
		for (size_t k = 0; k < os->n; k++)
			n += os->v[k].rule == c->rule;
		NEED(n == 1);
	}
	NEED(nallowed == os->n);
	for (size_t k = 0; k < os->n; k++) {
		const struct prgate_override *o = &os->v[k];
		int said = 0;
		NEED(p->overrides.rules[o->rule]);
		NEED(in_by(p, o->by));
		NEED(!same_login(o->by, gh->author));
		for (size_t i = 0; i < gh->ncomments; i++)
			said |= same_login(gh->comments[i].login, o->by) &&
				strstr(gh->comments[i].body, "/prgate allow");
		for (size_t i = 0; i < gh->nreviews; i++)
			said |= same_login(gh->reviews[i].login, o->by) &&
				gh->reviews[i].body &&
				strstr(gh->reviews[i].body, "/prgate allow");
		NEED(said);
	}
	/* a passed approvals check: enough approvers it may count */
	for (size_t i = 0; i < cs->n; i++) {
		const struct prgate_check *c = &cs->v[i];
		size_t n = 0;
		if (c->rule != PRGATE_RULE_APPROVALS ||
		    c->state != PRGATE_CHECK_PASS)
			continue;
		for (size_t k = 0; k < gh->nreviews; k++) {
			const char *login = gh->reviews[k].login;
			int first = 1;
			for (size_t j = 0; j < k; j++)
				if (same_login(gh->reviews[j].login, login))
					first = 0;
			n += first && trusted_approval(p, gh, login);
		}
		NEED((int)n >= p->reviews.min_approvals);
		for (size_t k = 0; k < p->reviews.required_approvers.n; k++) {
			const char *who = p->reviews.required_approvers.v[k];
			NEED(same_login(who, gh->author) ||
			     trusted_approval(p, gh, who));
		}
		/* the any_of / all_of rules that always apply (no "when") */
		for (size_t k = 0; k < p->reviews.napprover_rules; k++) {
			const struct prgate_approver_rule *r =
			    &p->reviews.approver_rules[k];
			size_t yes = 0, others = 0;
			if (r->when.labels.n || r->when.paths.n ||
			    r->when.downtime >= 0)
				continue;
			for (size_t j = 0; j < r->logins.n; j++) {
				if (same_login(r->logins.v[j], gh->author))
					continue;
				others++;
				yes += trusted_approval(p, gh, r->logins.v[j]);
			}
			NEED(r->any ? yes > 0 : yes == others && others > 0);
		}
	}
}

/* The invariants of one decision (see the top of this file). */
static void check(const struct prgate_decision *d,
		  const struct prgate_policy *policy, time_t now)
{
	struct prgate_report_file file;
	struct prgate_report report = {.files = &file, .nfiles = 1};
	struct strbuf out = STRBUF_INIT;
	struct prgate_json_doc *doc = NULL;
	struct prgate_error err;
	const char *verdict;
	int exit_code;

	prgate_decision_report(d, &file);
	verdict = prgate_report_file_verdict(&file);
	exit_code = prgate_report_exit_code(&report);
	NEED(!strcmp(verdict, prgate_report_verdict(&report)));
	NEED((exit_code == 0) == !strcmp(verdict, "go"));
	if (d->error.len) {
		NEED(!d->have_res && !file.findings);
		NEED(!strcmp(verdict, "unknown"));
		NEED(exit_code == 3);
	} else {
		const struct prgate_checks *cs = &d->res.checks;
		const struct prgate_findings *fs = &d->res.findings;
		int go = !strcmp(verdict, "go");

		NEED(d->have_res && file.findings && file.checks);
		for (int r = 0; r < PRGATE_RULE_COUNT; r++) {
			size_t n = 0;
			for (size_t i = 0; i < cs->n; i++)
				n += cs->v[i].rule == (enum prgate_rule)r;
			/* deploy-commit answers only when a commit is
			 * deployed (or is off in the policy) */
			if (r == PRGATE_RULE_DEPLOY_COMMIT)
				NEED(n <= 1 && (n == 1 || !d->gate.deploy_sha));
			else
				NEED(n == (prgate_rules[r].gate ? 1u : 0u));
		}
		for (size_t i = 0; i < cs->n; i++) {
			const struct prgate_check *c = &cs->v[i];
			int found = 0, allowed = 0, worst = 0;
			if (c->state == PRGATE_CHECK_ALLOWED) {
				for (size_t k = 0; k < fs->n; k++)
					NEED(fs->v[k].rule != c->rule);
				continue;
			}
			if (c->state == PRGATE_CHECK_PASS ||
			    c->state == PRGATE_CHECK_SKIPPED)
				continue;
			for (size_t k = 0; k < fs->n; k++) {
				if (fs->v[k].rule != c->rule)
					continue;
				found = 1;
				if ((int)fs->v[k].severity > worst)
					worst = (int)fs->v[k].severity;
				allowed |= fs->v[k].allowed_reason != NULL;
				NEED(fs->v[k].undecided ==
				     (c->state == PRGATE_CHECK_UNKNOWN));
				NEED(!fs->v[k].undecided ||
				     !fs->v[k].allowed_reason);
			}
			NEED(found);
			/* a gate rule's finding is never allowed */
			NEED(!allowed);
			/* GO only past findings the policy made less than
			 * errors (the rule's severity, advice_tag.unread) */
			if (go)
				NEED(worst < PRGATE_SEV_ERROR &&
				     (c->rule == PRGATE_RULE_ADVICE_TAG ||
				      severity(policy, (int)c->rule) <
					  PRGATE_SEV_ERROR));
		}
		check_trust(d, policy);
	}

	for (int fmt = PRGATE_FORMAT_TEXT; fmt <= PRGATE_FORMAT_GITHUB; fmt++) {
		strbuf_reset(&out);
		prgate_report_render(&out, (enum prgate_format)fmt, &report);
		if (fmt == PRGATE_FORMAT_TEXT && getenv("FUZZ_GATE_SHOW"))
			fprintf(stderr, "%s", out.buf);
		if (fmt != PRGATE_FORMAT_JSON)
			continue;
		NEED(utf8_valid(out.buf, out.len));
		if (prgate_json_parse("report", out.buf, out.len, 0, &doc,
				      &err) != PRGATE_OK) {
			fprintf(stderr, "fuzz_gate: the JSON report: %s\n",
				err.message);
			abort();
		}
		NEED(prgate_json_get_string(prgate_json_root(doc), "verdict"));
		NEED(!strcmp(
		    prgate_json_get_string(prgate_json_root(doc), "verdict"),
		    verdict));
		prgate_json_free(doc);
	}
	strbuf_reset(&out);
	prgate_comment_body(&out, &file, now,
			    "https://github.com/octocat/Hello-World/actions/"
			    "runs/1");
	NEED(prgate_comment_length(out.buf, out.len) <= PRGATE_COMMENT_MAX);
	strbuf_release(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct prgate_github_ref ref;
	static time_t default_at;
	struct input in;
	struct prgate_policy policy;
	struct prgate_decision d;
	struct prgate_decide_opts o;
	struct prgate_error err;
	char *deployer, *at;

	prgate_error_clear(&err);
	if (!ref.number &&
	    (prgate_github_parse_ref("octocat/Hello-World#1347", NULL, &ref,
				     &err) != PRGATE_OK ||
	     prgate_rfc3339_parse(DEFAULT_AT, &default_at, &err) != PRGATE_OK))
		abort();
	split((const char *)data, size, &in);
	if (prgate_policy_init_default(&policy, &err) != PRGATE_OK)
		abort();
	if (in.n > P_POLICY && in.len[P_POLICY] &&
	    prgate_policy_apply(&policy, "fuzz.json", "/nonexistent-fuzz-dir",
				in.part[P_POLICY], in.len[P_POLICY],
				&err) != PRGATE_OK) {
		prgate_policy_release(&policy);
		return 0;
	}
	free(policy.template_path);
	policy.template_path = NULL;

	memset(&o, 0, sizeof(o));
	deployer = part_str(&in, P_DEPLOYER);
	at = part_str(&in, P_AT);
	o.api_url = "https://api.github.com";
	o.deployer = deployer;
	/* a deployer named: decide as a deploy, so the rule is checked */
	o.deploying = *deployer != '\0';
	if (prgate_rfc3339_parse(at, &o.now, &err) != PRGATE_OK)
		o.now = default_at;
	o.gather = gather;
	o.gather_ctx = &in;
	prgate_decision_init(&d);
	if (prgate_decide(&d, &policy, &ref, &o, &err) == PRGATE_OK)
		check(&d, &policy, o.now);
	prgate_decision_release(&d);
	prgate_policy_release(&policy);
	free(deployer);
	free(at);
	return 0;
}
