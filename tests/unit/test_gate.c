/*
 * test_gate.c - the gate rules (GitHub and the clock) on hand-made
 * facts: each rule's one answer (state and exact detail) and the finding
 * it makes, for passing, failing, pending, unknown and skipped cases;
 * the path globs; the downtime notice's timing.
 *
 * Every case lints the stock simple.md template with a struct
 * prgate_lint_input whose .gate points at the facts, as `prgate check`
 * does.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "support/embedded.h"
#include "gate/github.h"
#include "support/glob.h"
#include "linter/lint.h"
#include "rules/rules.h"
#include "test.h"

/* A UTC instant, computed without the code under test. */
static time_t utc(int y, int mon, int d, int h, int mi, int s)
{
	struct tm tm;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mon - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return timegm(&tm);
}

#define HOUR 3600

/* Tuesday 1 Dec 2026, 11:00 in Ljubljana (CET). */
#define NOW utc(2026, 12, 1, 10, 0, 0)

static const char config[] =
    "{\"reviews\": {\"leads\": [\"alice\", \"bob\", \"carol\"],"
    " \"leads_quorum\": 0.5, \"min_approvals\": 1,"
    " \"required_approvers\": [], \"ops\": [], \"dismiss_stale\": false},"
    " \"ci\": {\"required\": [\"frontend\", \"backend\", \"integration\"]},"
    " \"freezes\": [{\"from\": \"2026-12-24T00:00\","
    " \"to\": \"2027-01-02T00:00\", \"reason\": \"holidays\"}],"
    " \"downtime\": {\"notice_hours\": 72, \"labels\": [\"downtime\"],"
    " \"blackout\": [{\"days\": [\"mon\", \"tue\", \"wed\", \"thu\","
    " \"fri\"], \"start\": \"08:00\", \"end\": \"16:00\"}]},"
    " \"metrics\": [{\"name\": \"throughput\","
    " \"url\": \"https://monitor.example/api/rpm\", \"pointer\": \"/rpm\","
    " \"max\": 15000}, {\"name\": \"apdex\","
    " \"url\": \"https://monitor.example/api/apdex\","
    " \"pointer\": \"/apdex\", \"min\": 0.9}]}";

static struct prgate_policy policy;
static struct prgate_linter *linter;
static const char *body;

/* ---- building facts by hand ---- */

static void facts_init(struct prgate_github_facts *gh)
{
	memset(gh, 0, sizeof(*gh));
	strcpy(gh->ref.host, "github.com");
	strcpy(gh->ref.owner, "shop");
	strcpy(gh->ref.repo, "app");
	gh->ref.number = 7;
	gh->title = xstrdup("Delivery estimate on checkout");
	gh->body = xstrdup("");
	gh->state = xstrdup("open");
	gh->mergeable = 1;
	gh->mergeable_state = xstrdup("clean");
	gh->head_sha = xstrdup("head1");
	gh->head_ref = xstrdup("feature/estimate");
	gh->base_ref = xstrdup("master");
	gh->author = xstrdup("dave");
	gh->created_at = NOW - 2 * HOUR;
	gh->updated_at = NOW;
	gh->compare_status = xstrdup("ahead");
	gh->ahead_by = 3;
}

static void add_review(struct prgate_github_facts *gh, const char *login,
		       const char *state, const char *commit, time_t at)
{
	struct prgate_github_review *r;
	gh->reviews = xgrow(gh->reviews, sizeof(*gh->reviews), gh->nreviews + 1,
			    &gh->areviews);
	r = &gh->reviews[gh->nreviews++];
	memset(r, 0, sizeof(*r));
	r->association = xstrdup("MEMBER");
	r->login = xstrdup(login);
	r->state = xstrdup(state);
	r->commit_id = commit ? xstrdup(commit) : NULL;
	r->submitted_at = at;
}

static void add_check(struct prgate_github_facts *gh, const char *name,
		      const char *status, const char *conclusion,
		      const char *url)
{
	struct prgate_github_check *c;
	gh->checks = xgrow(gh->checks, sizeof(*gh->checks), gh->nchecks + 1,
			   &gh->achecks);
	c = &gh->checks[gh->nchecks++];
	memset(c, 0, sizeof(*c));
	c->name = xstrdup(name);
	c->status = xstrdup(status);
	c->conclusion = conclusion ? xstrdup(conclusion) : NULL;
	c->html_url = url ? xstrdup(url) : NULL;
}

static void add_status(struct prgate_github_facts *gh, const char *context,
		       const char *state, const char *url)
{
	struct prgate_github_status *s;
	gh->statuses = xgrow(gh->statuses, sizeof(*gh->statuses),
			     gh->nstatuses + 1, &gh->astatuses);
	s = &gh->statuses[gh->nstatuses++];
	s->context = xstrdup(context);
	s->state = xstrdup(state);
	s->target_url = url ? xstrdup(url) : NULL;
	s->description = NULL;
}

static void add_file(struct prgate_github_facts *gh, const char *name,
		     const char *patch)
{
	struct prgate_github_file *f;
	gh->files =
	    xgrow(gh->files, sizeof(*gh->files), gh->nfiles + 1, &gh->afiles);
	f = &gh->files[gh->nfiles++];
	memset(f, 0, sizeof(*f));
	f->additions = -1;
	f->filename = xstrdup(name);
	f->status = xstrdup("modified");
	f->patch = patch ? xstrdup(patch) : NULL;
}

static void add_dep(struct prgate_github_facts *gh, const char *owner,
		    const char *repo, long number, int is_pr, const char *state,
		    int merged)
{
	struct prgate_github_ref ref;
	memset(&ref, 0, sizeof(ref));
	strcpy(ref.owner, owner);
	strcpy(ref.repo, repo);
	ref.number = number;
	CHECK_INT(prgate_github_facts_add_dep(gh, &ref), 0);
	gh->deps[gh->ndeps - 1].is_pr = is_pr;
	gh->deps[gh->ndeps - 1].state = state ? xstrdup(state) : NULL;
	gh->deps[gh->ndeps - 1].merged = merged;
}

/* A PR that passes everything at NOW. */
static void facts_good(struct prgate_github_facts *gh)
{
	facts_init(gh);
	add_review(gh, "alice", "APPROVED", "head1", NOW - 50 * 60);
	add_review(gh, "bob", "APPROVED", "head1", NOW - 40 * 60);
	add_check(gh, "frontend", "completed", "success", NULL);
	add_check(gh, "backend", "completed", "success", NULL);
	add_check(gh, "integration", "completed", "success", NULL);
	add_file(gh, "app/models/order.rb",
		 "@@ -1,2 +1,3 @@\n class Order\n+  # the cut-off time\n"
		 "   def total\n");
}

/* ---- running the rules ---- */

static struct prgate_metric_value metrics[2];

/* The GitHub Actions run the cases run in (prgate's own check runs). */
static const char *case_run_id;

static void gate_init(struct prgate_gate_facts *g,
		      const struct prgate_github_facts *gh, time_t now)
{
	memset(g, 0, sizeof(*g));
	g->gh = gh;
	g->now = now;
	g->deploying = 1;
	g->deployer = "dave";
	g->deploy_sha = "head1";
	g->run_id = case_run_id;
	memset(metrics, 0, sizeof(metrics));
	metrics[0].metric = &policy.metrics[0];
	metrics[0].ok = 1;
	metrics[0].value = 12000;
	metrics[1].metric = &policy.metrics[1];
	metrics[1].ok = 1;
	metrics[1].value = 0.95;
	g->metrics = metrics;
	g->nmetrics = 2;
}

static void run_body(const char *text, const struct prgate_gate_facts *g,
		     struct prgate_lint_result *res)
{
	struct prgate_lint_input in = {
	    .name = "PR #7", .body = text, .len = strlen(text), .gate = g};
	struct prgate_error err;
	if (prgate_lint_run(linter, &in, res, &err) != PRGATE_OK) {
		fprintf(stderr, "lint failed: %s\n", err.message);
		memset(res, 0, sizeof(*res));
		CHECK(0);
	}
}

static void run(const struct prgate_gate_facts *g,
		struct prgate_lint_result *res)
{
	run_body(body, g, res);
}

static size_t count_checks(const struct prgate_lint_result *res,
			   enum prgate_rule rule)
{
	size_t n = 0;
	for (size_t i = 0; i < res->checks.n; i++)
		n += res->checks.v[i].rule == rule;
	return n;
}

/*
 * The rule answered exactly once, with this state and detail (and url,
 * unless ANY_URL); FAIL and PENDING made a finding with the rule's
 * severity and the detail as its message, UNKNOWN an undecided one, PASS
 * and SKIPPED none.
 */
static const char any_url[] = "";
#define ANY_URL any_url

static void expect_at(int line, const struct prgate_lint_result *res,
		      enum prgate_rule rule, enum prgate_check_state state,
		      const char *detail, const char *url)
{
	const struct prgate_check *c = NULL;
	const struct prgate_finding *f = NULL;
	size_t nf = 0;
	int before = test_failed;

	CHECK_INT(count_checks(res, rule), 1);
	for (size_t i = 0; i < res->checks.n; i++)
		if (res->checks.v[i].rule == rule)
			c = &res->checks.v[i];
	for (size_t i = 0; i < res->findings.n; i++)
		if (res->findings.v[i].rule == rule) {
			f = &res->findings.v[i];
			nf++;
		}
	if (c) {
		CHECK_STR(prgate_check_state_name(c->state),
			  prgate_check_state_name(state));
		CHECK_STR(c->detail, detail);
		if (url != ANY_URL)
			CHECK_STR(c->url, url);
	}
	if (state == PRGATE_CHECK_PASS || state == PRGATE_CHECK_SKIPPED ||
	    state == PRGATE_CHECK_ALLOWED) {
		CHECK_INT(nf, 0);
	} else {
		CHECK_INT(nf, 1);
		if (f) {
			CHECK_STR(f->message, detail);
			CHECK_STR(
			    prgate_severity_name(f->severity),
			    prgate_severity_name(prgate_rules[rule].severity));
			CHECK_INT(f->undecided, state == PRGATE_CHECK_UNKNOWN);
			CHECK_INT(f->line, 0);
		}
	}
	if (test_failed != before)
		fprintf(stderr, "  (rule %s, expected at %s:%d)\n",
			prgate_rule_id(rule), __FILE__, line);
}

#define EXPECT(res, rule, state, detail)                                       \
	expect_at(__LINE__, res, PRGATE_RULE_##rule, PRGATE_CHECK_##state,     \
		  detail, ANY_URL)
#define EXPECT_URL(res, rule, state, detail, url)                              \
	expect_at(__LINE__, res, PRGATE_RULE_##rule, PRGATE_CHECK_##state,     \
		  detail, url)

/* Run the facts at now and expect one rule's answer. */
#define CASE(gh, now, rule, state, detail)                                     \
	do {                                                                   \
		struct prgate_gate_facts g_;                                   \
		struct prgate_lint_result r_;                                  \
		gate_init(&g_, gh, now);                                       \
		run(&g_, &r_);                                                 \
		EXPECT(&r_, rule, state, detail);                              \
		prgate_lint_result_release(&r_);                               \
	} while (0)

/* ---- the cases ---- */

static void test_all_pass(void)
{
	struct prgate_github_facts gh;
	struct prgate_gate_facts g;
	struct prgate_lint_result res;
	struct prgate_lint_input in = {
	    .name = "x", .body = body, .len = strlen(body)};
	struct prgate_error err;

	facts_good(&gh);
	gate_init(&g, &gh, NOW);
	run(&g, &res);
	for (int r = 0; r < PRGATE_RULE_COUNT; r++)
		if (prgate_rules[r].gate)
			CHECK_INT(count_checks(&res, (enum prgate_rule)r), 1);
	EXPECT(&res, DRAFT, PASS, "not a draft");
	EXPECT(&res, CONFLICTS, PASS, "merges cleanly into master");
	EXPECT(&res, BEHIND_BASE, PASS, "up to date with master");
	EXPECT(&res, DEPENDENCIES, SKIPPED, "no dependencies named");
	EXPECT(&res, DEPLOYER, PASS, "dave is the author");
	EXPECT(&res, DEPLOY_COMMIT, PASS, "deploying head1, the PR's head");
	EXPECT(&res, ADVICE_TAG, PASS, "no advice tags in the added lines");
	EXPECT(&res, CHANGES_REQUESTED, PASS, "no outstanding change requests");
	EXPECT(&res, APPROVALS, PASS,
	       "2 of 2 from leads (alice, bob); 2 approvals in all");
	EXPECT(&res, REVIEW_LATENCY, PASS, "first review after 1 h 10 min");
	EXPECT(&res, CI, PASS, "all 3 checks passed");
	EXPECT(&res, WINDOW, PASS, "open until 17:00 CET (6 h)");
	EXPECT(&res, FREEZE, PASS, "no freeze");
	EXPECT(&res, METRIC, PASS,
	       "throughput 12000 (max 15000); apdex 0.95 (min 0.9)");
	CHECK_INT(res.findings.n, 0);
	prgate_lint_result_release(&res);

	/* prgate lint: no gate, no gate rule runs */
	CHECK_INT(prgate_lint_run(linter, &in, &res, &err), PRGATE_OK);
	CHECK_INT(res.checks.n, 0);
	prgate_lint_result_release(&res);

	/* no pull request: the GitHub rules are skipped, the clock's run */
	gate_init(&g, NULL, NOW);
	run(&g, &res);
	EXPECT(&res, DRAFT, SKIPPED, "GitHub was not asked (no pull request)");
	EXPECT(&res, APPROVALS, SKIPPED,
	       "GitHub was not asked (no pull request)");
	EXPECT(&res, CI, SKIPPED, "GitHub was not asked (no pull request)");
	EXPECT(&res, WINDOW, PASS, "open until 17:00 CET (6 h)");
	prgate_lint_result_release(&res);
	prgate_github_facts_release(&gh);
}

static void test_github_state(void)
{
	struct prgate_github_facts gh;

	facts_good(&gh);
	gh.draft = 1;
	CASE(&gh, NOW, DRAFT, FAIL,
	     "the PR is a draft: mark it ready for review");
	gh.draft = 0;

	gh.mergeable = 0;
	CASE(&gh, NOW, CONFLICTS, FAIL,
	     "the PR conflicts with master: merge master in and resolve the "
	     "conflicts");
	gh.mergeable = -1;
	CASE(&gh, NOW, CONFLICTS, UNKNOWN,
	     "GitHub is still working out whether the PR merges cleanly; ask "
	     "again in a minute");
	gh.mergeable = 1;

	gh.behind_by = 1;
	CASE(&gh, NOW, BEHIND_BASE, FAIL,
	     "1 commit behind master: merge master into feature/estimate "
	     "first");
	gh.behind_by = 4;
	CASE(&gh, NOW, BEHIND_BASE, FAIL,
	     "4 commits behind master: merge master into feature/estimate "
	     "first");
	gh.behind_by = 0;
	prgate_github_facts_release(&gh);
}

static void test_deployer(void)
{
	struct prgate_github_facts gh;
	struct prgate_gate_facts g;
	struct prgate_lint_result res;

	facts_good(&gh);
	gate_init(&g, &gh, NOW);
	g.deployer = "DAVE";
	run(&g, &res);
	EXPECT(&res, DEPLOYER, PASS, "dave is the author");
	prgate_lint_result_release(&res);

	g.deployer = "bob";
	run(&g, &res);
	EXPECT(&res, DEPLOYER, FAIL,
	       "only the author (dave) may deploy; bob is deploying");
	prgate_lint_result_release(&res);

	g.deployer = NULL;
	run(&g, &res);
	EXPECT(&res, DEPLOYER, SKIPPED,
	       "the deploying user is unknown (pass --deployer LOGIN, or a "
	       "token)");
	prgate_lint_result_release(&res);

	g.deployer_error = "GET /user: 503 Service Unavailable";
	run(&g, &res);
	EXPECT(&res, DEPLOYER, UNKNOWN,
	       "cannot tell who deploys: GET /user: 503 Service Unavailable");
	prgate_lint_result_release(&res);

	/* not a deploy: whoever triggered the run is not deploying */
	g.deployer_error = NULL;
	g.deploying = 0;
	g.deployer = "bob";
	run(&g, &res);
	EXPECT(&res, DEPLOYER, SKIPPED, "checked when deploying");
	prgate_lint_result_release(&res);
	prgate_github_facts_release(&gh);
}

/* the commit deployed is the PR's head or merge commit, and stays so */
static void test_deploy_commit(void)
{
	struct prgate_github_facts gh;
	struct prgate_gate_facts g;
	struct prgate_lint_result res;
	const char *a = "78b9ff49d47daaa158eb373c4e2e040f739df8b9";
	const char *b = "1111111111111111111111111111111111111111";

	facts_good(&gh);
	gate_init(&g, &gh, NOW);
	free(gh.head_sha);
	gh.head_sha = xstrdup(a);
	g.deploy_sha = "78B9FF49D47DAAA158EB373C4E2E040F739DF8B9";
	run(&g, &res);
	EXPECT(&res, DEPLOY_COMMIT, PASS, "deploying 78B9FF4, the PR's head");
	prgate_lint_result_release(&res);

	g.deploy_sha = a;
	gh.head_sha_again = xstrdup(a);
	run(&g, &res);
	EXPECT(&res, DEPLOY_COMMIT, PASS, "deploying 78b9ff4, the PR's head");
	prgate_lint_result_release(&res);

	memcpy(gh.head_sha_again, b, 40);
	run(&g, &res);
	EXPECT(&res, DEPLOY_COMMIT, FAIL,
	       "the PR changed while checking: its head moved from 78b9ff4 "
	       "to 1111111");
	prgate_lint_result_release(&res);

	g.deploy_sha = b;
	run(&g, &res);
	EXPECT(&res, DEPLOY_COMMIT, FAIL,
	       "the PR changed while checking: its head is 78b9ff4, not "
	       "1111111");
	prgate_lint_result_release(&res);

	/* merged: the merge commit is what is deployed */
	gh.merged = 1;
	gh.merge_commit_sha = xstrdup(b);
	run(&g, &res);
	EXPECT(&res, DEPLOY_COMMIT, PASS,
	       "deploying 1111111, the PR's merge commit");
	prgate_lint_result_release(&res);

	/* nothing deployed: no check at all */
	g.deploy_sha = NULL;
	run(&g, &res);
	CHECK_INT(count_checks(&res, PRGATE_RULE_DEPLOY_COMMIT), 0);
	prgate_lint_result_release(&res);
	prgate_github_facts_release(&gh);
}

static void test_dependencies(void)
{
	struct prgate_github_facts gh;

	facts_good(&gh);
	add_dep(&gh, "shop", "app", 12, 1, "closed", 1);
	CASE(&gh, NOW, DEPENDENCIES, PASS, "dependency #12 is done");
	add_dep(&gh, "org", "lib", 34, 0, "closed", 0);
	CASE(&gh, NOW, DEPENDENCIES, PASS, "all 2 dependencies done");
	prgate_github_facts_release(&gh);

	facts_good(&gh);
	add_dep(&gh, "shop", "app", 12, 1, "open", 0);
	add_dep(&gh, "org", "lib", 34, 0, "open", 0);
	add_dep(&gh, "Shop", "App", 13, 1, "closed", 0);
	CASE(&gh, NOW, DEPENDENCIES, FAIL,
	     "depends on #12 (open pull request), org/lib#34 (open issue), "
	     "#13 (pull request closed without merging)");
	add_dep(&gh, "shop", "app", 15, 1, NULL, 0);
	CASE(&gh, NOW, DEPENDENCIES, FAIL,
	     "depends on #12 (open pull request), org/lib#34 (open issue), "
	     "#13 (pull request closed without merging); could not look up "
	     "#15 either");
	prgate_github_facts_release(&gh);

	facts_good(&gh);
	add_dep(&gh, "shop", "app", 12, 1, "closed", 1);
	add_dep(&gh, "shop", "app", 15, 1, NULL, 0);
	CASE(&gh, NOW, DEPENDENCIES, UNKNOWN,
	     "could not find out whether #15 is done; ask again later");
	prgate_github_facts_release(&gh);
}

static void test_advice_tags(void)
{
	struct prgate_github_facts gh;
	/* two hunks: tags on new lines 2, 12 and 13; the tags in the removed
	 * line and the context line don't count */
	static const char patch[] = "@@ -1,3 +1,3 @@\n"
				    " class Order\n"
				    "+  # ???: is the cut-off local time?\n"
				    "   def total\n"
				    "-    # !!!: an old tag, removed\n"
				    "@@ -10,3 +10,5 @@ def total\n"
				    "   # ???: a context line, not added\n"
				    "   x = 1\n"
				    "+  y = 2 // !!!: check this\n"
				    "+  z = 3 /*???: no space */\n"
				    "   end\n"
				    "\\ No newline at end of file\n";

	facts_good(&gh);
	add_file(&gh, "app/models/order.rb", patch);
	CASE(&gh, NOW, ADVICE_TAG, FAIL,
	     "advice tags '# ???:' in app/models/order.rb:2, '// !!!:' in "
	     "app/models/order.rb:12, '/*???:' in app/models/order.rb:13");
	add_file(&gh, "logo.png", NULL);
	add_file(&gh, "db/x.sql",
		 "@@ -0,0 +1,3 @@\n+--  !!!: fix the index\n+SELECT 1;\n"
		 "+<!-- ???: ask ops -->\n");
	/* logo.png came without a patch: named, never passed over */
	CASE(&gh, NOW, ADVICE_TAG, FAIL,
	     "advice tags '# ???:' in app/models/order.rb:2, '// !!!:' in "
	     "app/models/order.rb:12, '/*???:' in app/models/order.rb:13 (and "
	     "2 more); could not read the added lines of logo.png (GitHub "
	     "sent no patch): look for advice tags there by hand");
	prgate_github_facts_release(&gh);

	/* one tag; look-alikes that are not tags */
	facts_good(&gh);
	add_file(&gh, "a.py",
		 "@@ -5,2 +5,6 @@\n"
		 " import os\n"
		 "+x = '???: not after a comment marker'\n"
		 "+# ??? no colon\n"
		 "+# ?!?: not a tag\n"
		 "+y = 1  ;   ???: after a semicolon\n"
		 " z = 2\n");
	CASE(&gh, NOW, ADVICE_TAG, FAIL, "advice tag ';   ???:' in a.py:9");
	prgate_github_facts_release(&gh);

	/* "+++" is a header before a hunk and outside one; inside a hunk
	 * it is an added line starting "++" */
	facts_good(&gh);
	add_file(&gh, "b.c",
		 "--- a/b.c\n+++ b/b.c # ???: header\n@@ -1 +1,2 @@\n"
		 " int x;\n+++y; // !!!: inside\n");
	CASE(&gh, NOW, ADVICE_TAG, FAIL, "advice tag '// !!!:' in b.c:2");
	prgate_github_facts_release(&gh);
}

static void test_reviews(void)
{
	struct prgate_github_facts gh;
	time_t t0 = NOW - HOUR;

	/* latest review wins: approved after requesting changes */
	facts_init(&gh);
	add_review(&gh, "bob", "CHANGES_REQUESTED", "old", t0);
	add_review(&gh, "bob", "APPROVED", "head1", t0 + 60);
	add_review(&gh, "alice", "APPROVED", "head1", t0 + 120);
	CASE(&gh, NOW, CHANGES_REQUESTED, PASS,
	     "no outstanding change requests");
	CASE(&gh, NOW, APPROVALS, PASS,
	     "2 of 2 from leads (alice, bob); 2 approvals in all");
	prgate_github_facts_release(&gh);

	/* ... and the other way round, listed out of order; a comment
	 * afterwards changes nothing */
	facts_init(&gh);
	add_review(&gh, "bob", "CHANGES_REQUESTED", "head1",
		   utc(2026, 12, 1, 9, 5, 0));
	add_review(&gh, "Bob", "APPROVED", "head1", utc(2026, 11, 30, 9, 0, 0));
	add_review(&gh, "bob", "COMMENTED", "head1",
		   utc(2026, 12, 1, 9, 30, 0));
	add_review(&gh, "alice", "APPROVED", "head1", t0);
	CASE(&gh, NOW, CHANGES_REQUESTED, FAIL,
	     "bob requested changes (1 Dec 09:05 UTC): address them or ask "
	     "bob to re-review");
	CASE(&gh, NOW, APPROVALS, FAIL,
	     "1 of 2 needed from leads \xe2\x80\x94 alice \xe2\x9c\x94; "
	     "waiting for bob or carol");
	/* two of them */
	add_review(&gh, "carol", "CHANGES_REQUESTED", "head1",
		   utc(2026, 12, 1, 9, 40, 0));
	CASE(&gh, NOW, CHANGES_REQUESTED, FAIL,
	     "bob requested changes (1 Dec 09:05 UTC); carol requested "
	     "changes (1 Dec 09:40 UTC): address them or ask bob and carol "
	     "to re-review");
	prgate_github_facts_release(&gh);

	/* same submission time: the later in the list wins */
	facts_init(&gh);
	add_review(&gh, "bob", "APPROVED", "head1", t0);
	add_review(&gh, "bob", "CHANGES_REQUESTED", "head1", t0);
	CASE(&gh, NOW, CHANGES_REQUESTED, FAIL,
	     "bob requested changes (1 Dec 09:00 UTC): address them or ask "
	     "bob to re-review");
	prgate_github_facts_release(&gh);

	/* DISMISSED clears: a dismissed change request, a dismissed
	 * approval */
	facts_init(&gh);
	add_review(&gh, "bob", "DISMISSED", "head1", t0);
	add_review(&gh, "carol", "APPROVED", "head1", t0);
	add_review(&gh, "carol", "DISMISSED", "head1", t0 + 60);
	add_review(&gh, "alice", "APPROVED", "head1", t0);
	CASE(&gh, NOW, CHANGES_REQUESTED, PASS,
	     "no outstanding change requests");
	CASE(&gh, NOW, APPROVALS, FAIL,
	     "1 of 2 needed from leads \xe2\x80\x94 alice \xe2\x9c\x94; "
	     "waiting for bob or carol");
	prgate_github_facts_release(&gh);

	/* COMMENTED alone is no say; the author's own reviews never count */
	facts_init(&gh);
	add_review(&gh, "alice", "COMMENTED", "head1", t0);
	add_review(&gh, "dave", "APPROVED", "head1", t0);
	add_review(&gh, "Dave", "CHANGES_REQUESTED", "head1", t0 + 60);
	CASE(&gh, NOW, CHANGES_REQUESTED, PASS,
	     "no outstanding change requests");
	CASE(&gh, NOW, APPROVALS, FAIL,
	     "0 of 2 needed from leads; waiting for 2 of alice, bob, carol; 0 "
	     "of 1 needed in all");
	prgate_github_facts_release(&gh);
}

static void test_approvals(void)
{
	struct prgate_github_facts gh;
	time_t t0 = NOW - HOUR;

	/* the author is a lead: the quorum is of the other two,
	 * ceil(0.5 x 2) = 1 */
	facts_init(&gh);
	free(gh.author);
	gh.author = xstrdup("carol");
	add_review(&gh, "carol", "APPROVED", "head1", t0);
	CASE(&gh, NOW, APPROVALS, FAIL,
	     "0 of 1 needed from leads; waiting for alice or bob; 0 of 1 "
	     "needed in all");
	add_review(&gh, "alice", "APPROVED", "head1", t0);
	CASE(&gh, NOW, APPROVALS, PASS,
	     "1 of 1 from leads (alice); 1 approval in all");
	add_review(&gh, "bob", "APPROVED", "head1", t0);
	CASE(&gh, NOW, APPROVALS, PASS,
	     "2 from leads (alice, bob), 1 needed; 2 approvals in all");
	prgate_github_facts_release(&gh);

	/* dismiss_stale: an approval of an older commit doesn't count */
	facts_init(&gh);
	add_review(&gh, "alice", "APPROVED", "old", t0);
	add_review(&gh, "bob", "APPROVED", "head1", t0);
	/* without dismiss_stale it counts, and the detail says it is not
	 * of the head (commits were pushed since) */
	CASE(&gh, NOW, APPROVALS, PASS,
	     "2 of 2 from leads (alice, bob); 2 approvals in all (alice "
	     "approved old, not the head)");
	policy.reviews.dismiss_stale = 1;
	CASE(&gh, NOW, APPROVALS, FAIL,
	     "1 of 2 needed from leads \xe2\x80\x94 bob \xe2\x9c\x94; waiting "
	     "for alice or carol; approvals of an older commit don't count "
	     "(alice)");
	add_review(&gh, "carol", "APPROVED", "head1", t0);
	CASE(&gh, NOW, APPROVALS, PASS,
	     "2 of 2 from leads (bob, carol); 2 approvals in all");
	policy.reviews.dismiss_stale = 0;
	prgate_github_facts_release(&gh);

	/* a required approver */
	prgate_strlist_add(&policy.reviews.required_approvers, "erin");
	facts_init(&gh);
	add_review(&gh, "alice", "APPROVED", "head1", t0);
	add_review(&gh, "bob", "APPROVED", "head1", t0);
	CASE(&gh, NOW, APPROVALS, FAIL, "erin must approve");
	add_review(&gh, "ERIN", "APPROVED", "head1", t0);
	CASE(&gh, NOW, APPROVALS, PASS,
	     "2 of 2 from leads (alice, bob); 3 approvals in all; erin "
	     "approved as required");
	prgate_github_facts_release(&gh);
	prgate_strlist_release(&policy.reviews.required_approvers);

	/* only a minimum; then nothing asked */
	{
		struct prgate_strlist leads = policy.reviews.leads;
		memset(&policy.reviews.leads, 0, sizeof(leads));
		policy.reviews.min_approvals = 2;
		facts_init(&gh);
		add_review(&gh, "zed", "APPROVED", "head1", t0);
		CASE(&gh, NOW, APPROVALS, FAIL, "1 of 2 needed in all");
		add_review(&gh, "yan", "APPROVED", "head1", t0);
		CASE(&gh, NOW, APPROVALS, PASS, "2 approvals in all");
		policy.reviews.min_approvals = 0;
		CASE(&gh, NOW, APPROVALS, SKIPPED,
		     "no approvals are asked for");
		prgate_github_facts_release(&gh);
		policy.reviews.leads = leads;
		policy.reviews.min_approvals = 1;
	}

	/* 0.28 x 25 is 7.000000000000001 in doubles: still 7 needed */
	{
		struct prgate_strlist leads = policy.reviews.leads;
		char login[16];
		memset(&policy.reviews.leads, 0, sizeof(leads));
		policy.reviews.leads_quorum = 0.28;
		facts_init(&gh);
		for (int i = 0; i < 25; i++) {
			snprintf(login, sizeof(login), "lead%d", i);
			prgate_strlist_add(&policy.reviews.leads, login);
			if (i < 7)
				add_review(&gh, login, "APPROVED", "head1", t0);
		}
		CASE(&gh, NOW, APPROVALS, PASS,
		     "7 of 7 from leads (lead0, lead1, lead2, lead3, lead4, "
		     "lead5, lead6); 7 approvals in all");
		prgate_github_facts_release(&gh);
		prgate_strlist_release(&policy.reviews.leads);
		policy.reviews.leads = leads;
		policy.reviews.leads_quorum = 0.5;
	}

	/* more than one lead still needed */
	facts_init(&gh);
	add_review(&gh, "zed", "APPROVED", "head1", t0);
	policy.reviews.leads_quorum = 1;
	CASE(&gh, NOW, APPROVALS, FAIL,
	     "0 of 3 needed from leads; waiting for alice, bob and carol");
	add_review(&gh, "bob", "APPROVED", "head1", t0);
	policy.reviews.leads_quorum = 0.75;
	CASE(&gh, NOW, APPROVALS, FAIL,
	     "1 of 3 needed from leads \xe2\x80\x94 bob \xe2\x9c\x94; waiting "
	     "for alice and carol");
	prgate_strlist_add(&policy.reviews.leads, "fay");
	CASE(&gh, NOW, APPROVALS, FAIL,
	     "1 of 3 needed from leads \xe2\x80\x94 bob \xe2\x9c\x94; waiting "
	     "for 2 of alice, carol, fay");
	free(policy.reviews.leads.v[--policy.reviews.leads.n]);
	policy.reviews.leads_quorum = 0.5;
	prgate_github_facts_release(&gh);
}

static void test_latency(void)
{
	struct prgate_github_facts gh;

	facts_init(&gh);
	gh.created_at = NOW - 2 * HOUR;
	CASE(&gh, NOW, REVIEW_LATENCY, PASS, "waiting 2 h, under the 3 h ping");
	gh.created_at = NOW - 3 * HOUR + 1;
	CASE(&gh, NOW, REVIEW_LATENCY, PASS,
	     "waiting 2 h 59 min, under the 3 h ping");
	gh.created_at = NOW - 3 * HOUR;
	CASE(&gh, NOW, REVIEW_LATENCY, FAIL,
	     "no review after 3 h: ping the team chat");
	gh.created_at = NOW - 6 * HOUR + 1;
	CASE(&gh, NOW, REVIEW_LATENCY, FAIL,
	     "no review after 5 h 59 min: ping the team chat");
	gh.created_at = NOW - 7 * HOUR - 5 * 60;
	CASE(&gh, NOW, REVIEW_LATENCY, FAIL,
	     "no review after 7 h 5 min: message the PM");
	gh.created_at = NOW - 24 * HOUR;
	CASE(&gh, NOW, REVIEW_LATENCY, FAIL,
	     "no review after 1 d: raise it as a blocker");
	/* the author's own comment is no review; anyone else's comment is */
	add_review(&gh, "dave", "COMMENTED", NULL, NOW - HOUR);
	CASE(&gh, NOW, REVIEW_LATENCY, FAIL,
	     "no review after 1 d: raise it as a blocker");
	add_review(&gh, "erin", "COMMENTED", NULL, gh.created_at + 70 * 60);
	add_review(&gh, "bob", "APPROVED", "head1", gh.created_at + 2 * HOUR);
	CASE(&gh, NOW, REVIEW_LATENCY, PASS, "first review after 1 h 10 min");
	gh.draft = 1;
	CASE(&gh, NOW, REVIEW_LATENCY, SKIPPED,
	     "the PR is a draft: no review is due yet");
	prgate_github_facts_release(&gh);
}

static void test_ci(void)
{
	static const struct {
		const char *conclusion, *what;
	} failing[] = {
	    {"failure", "failed"},	 {"cancelled", "was cancelled"},
	    {"timed_out", "timed out"},	 {"action_required", "needs action"},
	    {"stale", "went stale"},	 {"startup_failure", "failed to start"},
	    {"something_new", "failed"}, /* unknown: a failure */
	};
	struct prgate_github_facts gh;
	struct prgate_gate_facts g;
	struct prgate_lint_result res;
	char want[128];

	/* success, neutral and skipped pass; a status counts too */
	facts_init(&gh);
	add_check(&gh, "frontend", "completed", "success", NULL);
	add_check(&gh, "backend", "completed", "neutral", NULL);
	add_check(&gh, "lint", "completed", "skipped", NULL);
	add_status(&gh, "integration", "success", "https://ci.example/1");
	add_status(&gh, "ci/deploy-preview", "success", NULL);
	CASE(&gh, NOW, CI, PASS, "all 5 checks passed");

	/* each failing conclusion, with the run's page as evidence */
	for (size_t i = 0; i < ARRAY_SIZE(failing); i++) {
		add_check(&gh, "e2e", "completed", failing[i].conclusion,
			  "https://github.com/shop/app/runs/9");
		gate_init(&g, &gh, NOW);
		run(&g, &res);
		snprintf(want, sizeof(want), "CI: 'e2e' %s", failing[i].what);
		EXPECT_URL(&res, CI, FAIL, want,
			   "https://github.com/shop/app/runs/9");
		prgate_lint_result_release(&res);
		/* drop it again */
		gh.nchecks--;
		free(gh.checks[gh.nchecks].name);
		free(gh.checks[gh.nchecks].status);
		free(gh.checks[gh.nchecks].conclusion);
		free(gh.checks[gh.nchecks].html_url);
	}

	/* statuses: failure and error fail; pending is pending */
	add_status(&gh, "ci/circleci", "failure", "https://circleci.example/5");
	gate_init(&g, &gh, NOW);
	run(&g, &res);
	EXPECT_URL(&res, CI, FAIL, "CI: 'ci/circleci' failed",
		   "https://circleci.example/5");
	prgate_lint_result_release(&res);
	free(gh.statuses[gh.nstatuses - 1].state);
	gh.statuses[gh.nstatuses - 1].state = xstrdup("error");
	CASE(&gh, NOW, CI, FAIL, "CI: 'ci/circleci' errored");
	free(gh.statuses[gh.nstatuses - 1].state);
	gh.statuses[gh.nstatuses - 1].state = xstrdup("pending");
	gate_init(&g, &gh, NOW);
	run(&g, &res);
	EXPECT_URL(&res, CI, PENDING,
		   "CI: 'ci/circleci' is still running (1 of 6 pending)",
		   "https://circleci.example/5");
	prgate_lint_result_release(&res);

	/* queued and in progress runs are pending too; failures first */
	add_check(&gh, "backend-slow", "queued", NULL, NULL);
	add_check(&gh, "docs", "in_progress", NULL, NULL);
	CASE(&gh, NOW, CI, PENDING,
	     "CI: 'backend-slow' is queued (3 of 8 pending)");
	add_check(&gh, "a", "completed", "failure", "https://x/a");
	add_check(&gh, "b", "completed", "timed_out", NULL);
	add_check(&gh, "c", "completed", "cancelled", NULL);
	add_check(&gh, "d", "completed", "failure", NULL);
	gate_init(&g, &gh, NOW);
	run(&g, &res);
	EXPECT_URL(&res, CI, FAIL,
		   "CI: 'a' failed, 'b' timed out, 'c' was cancelled (and 1 "
		   "more)",
		   "https://x/a");
	prgate_lint_result_release(&res);
	prgate_github_facts_release(&gh);

	/* a required check that has not run; with a failure */
	facts_init(&gh);
	add_check(&gh, "frontend", "completed", "success", NULL);
	add_check(&gh, "backend", "completed", "success", NULL);
	add_check(&gh, "Integration", "completed", "success", NULL);
	CASE(&gh, NOW, CI, FAIL, "'integration' has not run");
	add_check(&gh, "lint", "completed", "failure", NULL);
	CASE(&gh, NOW, CI, FAIL,
	     "CI: 'lint' failed; 'integration' has not run");
	prgate_github_facts_release(&gh);

	facts_init(&gh);
	add_check(&gh, "frontend", "in_progress", NULL, NULL);
	CASE(&gh, NOW, CI, FAIL, "'backend' and 'integration' have not run");

	/* the same name twice, no ids: GitHub's order (newest first) decides */
	add_check(&gh, "backend", "completed", "success", NULL);
	add_check(&gh, "integration", "completed", "success", NULL);
	add_check(&gh, "integration", "completed", "failure", NULL);
	add_check(&gh, "frontend", "completed", "failure", NULL);
	CASE(&gh, NOW, CI, PENDING,
	     "CI: 'frontend' is still running (1 of 3 pending)");
	prgate_github_facts_release(&gh);

	/* nothing ran: CI may not have started yet */
	facts_init(&gh);
	CASE(&gh, NOW, CI, PENDING, "no CI has reported on head1 yet");
	policy.ci.none_pass = 1;
	CASE(&gh, NOW, CI, FAIL,
	     "no CI ran, but frontend, backend, integration are required");
	{
		struct prgate_strlist req = policy.ci.required;
		memset(&policy.ci.required, 0, sizeof(req));
		CASE(&gh, NOW, CI, PASS,
		     "no CI has reported on head1 (ci.none is \"pass\")");
		policy.ci.none_pass = 0;
		CASE(&gh, NOW, CI, PENDING, "no CI has reported on head1 yet");
		add_status(&gh, "only", "success", NULL);
		CASE(&gh, NOW, CI, PASS, "the 1 check passed");
		/* prgate's own status is not CI */
		add_status(&gh, "prgate", "failure", NULL);
		CASE(&gh, NOW, CI, PASS, "the 1 check passed");
		policy.ci.required = req;
	}
	prgate_github_facts_release(&gh);

	/* a re-run: the highest id of an (app, name) group counts */
	{
		struct prgate_strlist req = policy.ci.required;
		memset(&policy.ci.required, 0, sizeof(req));
		facts_init(&gh);
		add_check(&gh, "test", "completed", "success", "u/1");
		gh.checks[0].id = 1;
		add_check(&gh, "test", "completed", "failure", "u/2");
		gh.checks[1].id = 2;
		CASE(&gh, NOW, CI, FAIL, "CI: 'test' failed");
		gh.checks[0].id = 3;
		CASE(&gh, NOW, CI, PASS, "the 1 check passed");
		/* another app's run of the same name is its own group */
		gh.checks[1].app = xstrdup("other-ci");
		CASE(&gh, NOW, CI, FAIL, "CI: 'test' failed");
		/* this workflow run's own check run never counts */
		gh.checks[1].html_url =
		    (free(gh.checks[1].html_url),
		     xstrdup("https://github.com/o/r/actions/runs/77/job/5"));
		case_run_id = "77";
		CASE(&gh, NOW, CI, PASS, "the 1 check passed");
		case_run_id = "78";
		CASE(&gh, NOW, CI, FAIL, "CI: 'test' failed");
		case_run_id = NULL;
		prgate_github_facts_release(&gh);
		policy.ci.required = req;
	}
}

static void test_window(void)
{
	struct prgate_github_facts gh;
	char *zone = policy.window.timezone;
	char nowhere[] = "Mars/Olympus_Mons";

	facts_good(&gh);
	/* Tuesday 1 Dec 2026 in Ljubljana (CET, UTC+1) */
	CASE(&gh, utc(2026, 12, 1, 7, 0, 0), WINDOW, PASS,
	     "open until 17:00 CET (9 h)");
	CASE(&gh, utc(2026, 12, 1, 6, 59, 59), WINDOW, FAIL,
	     "closed \xe2\x80\x94 next opens Tue 08:00 CET");
	CASE(&gh, utc(2026, 12, 1, 15, 59, 59), WINDOW, PASS,
	     "open until 17:00 CET (1 min)");
	CASE(&gh, utc(2026, 12, 1, 16, 0, 0), WINDOW, FAIL,
	     "closed \xe2\x80\x94 next opens Wed 08:00 CET");
	/* Friday evening, the weekend */
	CASE(&gh, utc(2026, 12, 4, 16, 0, 0), WINDOW, FAIL,
	     "closed \xe2\x80\x94 next opens Mon 08:00 CET");
	CASE(&gh, utc(2026, 12, 5, 12, 0, 0), WINDOW, FAIL,
	     "closed \xe2\x80\x94 next opens Mon 08:00 CET");

	/* across the change to summer time on Sunday 29 Mar 2026: Monday
	 * opens at 08:00 CEST, 06:00 UTC */
	CASE(&gh, utc(2026, 3, 27, 16, 0, 0), WINDOW, FAIL,
	     "closed \xe2\x80\x94 next opens Mon 08:00 CEST");
	CASE(&gh, utc(2026, 3, 29, 12, 0, 0), WINDOW, FAIL,
	     "closed \xe2\x80\x94 next opens Mon 08:00 CEST");
	CASE(&gh, utc(2026, 3, 30, 5, 59, 59), WINDOW, FAIL,
	     "closed \xe2\x80\x94 next opens Mon 08:00 CEST");
	CASE(&gh, utc(2026, 3, 30, 6, 0, 0), WINDOW, PASS,
	     "open until 17:00 CEST (9 h)");
	CASE(&gh, utc(2026, 3, 30, 14, 59, 59), WINDOW, PASS,
	     "open until 17:00 CEST (1 min)");
	CASE(&gh, utc(2026, 3, 30, 15, 0, 0), WINDOW, FAIL,
	     "closed \xe2\x80\x94 next opens Tue 08:00 CEST");
	/* the Friday before: 08:00 CET is 07:00 UTC */
	CASE(&gh, utc(2026, 3, 27, 7, 0, 0), WINDOW, PASS,
	     "open until 17:00 CET (9 h)");

	/* the zone vanished: could not decide */
	policy.window.timezone = nowhere;
	CASE(&gh, NOW, WINDOW, UNKNOWN,
	     "could not read the clock: unknown time zone "
	     "'Mars/Olympus_Mons': not in the system's zone database");
	CASE(&gh, NOW, FREEZE, UNKNOWN,
	     "could not read the clock: unknown time zone "
	     "'Mars/Olympus_Mons': not in the system's zone database");
	policy.window.timezone = zone;
	prgate_github_facts_release(&gh);
}

static void test_freeze(void)
{
	struct prgate_github_facts gh;

	facts_good(&gh);
	/* 24 Dec 00:00 CET is 23 Dec 23:00 UTC */
	CASE(&gh, utc(2026, 12, 23, 22, 59, 59), FREEZE, PASS,
	     "no freeze; next freeze: 'holidays' from 24 Dec 00:00 CET until "
	     "2 Jan 00:00 CET (in 1 min)");
	CASE(&gh, utc(2026, 12, 19, 23, 0, 0), FREEZE, PASS,
	     "no freeze; next freeze: 'holidays' from 24 Dec 00:00 CET until "
	     "2 Jan 00:00 CET (in 4 d)");
	CASE(&gh, utc(2026, 12, 23, 23, 0, 0), FREEZE, FAIL,
	     "freeze: 'holidays' until 2 Jan 00:00 CET");
	CASE(&gh, utc(2027, 1, 1, 22, 59, 59), FREEZE, FAIL,
	     "freeze: 'holidays' until 2 Jan 00:00 CET");
	CASE(&gh, utc(2027, 1, 1, 23, 0, 0), FREEZE, PASS, "no freeze");
	/* more than 14 days ahead: not mentioned */
	CASE(&gh, NOW, FREEZE, PASS, "no freeze");
	prgate_github_facts_release(&gh);
}

static void test_metric(void)
{
	struct prgate_github_facts gh;
	struct prgate_gate_facts g;
	struct prgate_lint_result res;
	char err[] = "GET https://monitor.example/api/rpm timed out";

	facts_good(&gh);
	gate_init(&g, &gh, NOW);
	metrics[0].value = 15000; /* the bound itself is fine */
	metrics[1].value = 0.9;
	run(&g, &res);
	EXPECT(&res, METRIC, PASS,
	       "throughput 15000 (max 15000); apdex 0.9 (min 0.9)");
	prgate_lint_result_release(&res);

	metrics[0].value = 17200;
	run(&g, &res);
	EXPECT(&res, METRIC, FAIL, "throughput is 17200, over the 15000 limit");
	prgate_lint_result_release(&res);

	metrics[0].value = 12000;
	metrics[1].value = 0.85;
	run(&g, &res);
	EXPECT(&res, METRIC, FAIL, "apdex is 0.85, under the 0.9 minimum");
	prgate_lint_result_release(&res);

	metrics[1].value = 0.95;
	metrics[0].ok = 0;
	metrics[0].error = err;
	run(&g, &res);
	EXPECT(&res, METRIC, UNKNOWN,
	       "throughput: GET https://monitor.example/api/rpm timed out");
	prgate_lint_result_release(&res);

	metrics[1].value = 0.5;
	run(&g, &res);
	EXPECT(&res, METRIC, FAIL,
	       "apdex is 0.5, under the 0.9 minimum; throughput: GET "
	       "https://monitor.example/api/rpm timed out");
	prgate_lint_result_release(&res);

	{
		size_t n = policy.nmetrics;
		policy.nmetrics = 0;
		g.nmetrics = 0;
		run(&g, &res);
		EXPECT(&res, METRIC, SKIPPED, "no health gates");
		prgate_lint_result_release(&res);
		policy.nmetrics = n;
	}
	prgate_github_facts_release(&gh);
}

/* The body with a downtime notice starting at `start`. */
static char *downtime_body(const char *start, int *line)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, body);
	strbuf_addstr(&sb, "\n## Downtime\n\n");
	*line = 1;
	for (size_t i = 0; i < sb.len; i++)
		*line += sb.buf[i] == '\n';
	strbuf_addf(&sb,
		    "**Start**: %s\n**Length**: 30 min\n"
		    "**Nature**: database upgrade\n"
		    "**Affected**: all shop users\n"
		    "**What users see**: a maintenance page\n",
		    start);
	return strbuf_detach(&sb, NULL);
}

/* The downtime-notice findings of one run: how many, and the first. */
static size_t downtime_findings(const char *text, time_t created, int gate,
				struct strbuf *first, int *line)
{
	struct prgate_github_facts gh;
	struct prgate_gate_facts g;
	struct prgate_lint_result res;
	struct prgate_lint_input in = {
	    .name = "x", .body = text, .len = strlen(text)};
	struct prgate_error err;
	size_t n = 0;

	facts_good(&gh);
	gh.created_at = created;
	gate_init(&g, &gh, NOW);
	if (gate)
		run_body(text, &g, &res);
	else
		CHECK_INT(prgate_lint_run(linter, &in, &res, &err), PRGATE_OK);
	strbuf_reset(first);
	*line = 0;
	for (size_t i = 0; i < res.findings.n; i++) {
		const struct prgate_finding *f = &res.findings.v[i];
		if (f->rule != PRGATE_RULE_DOWNTIME_NOTICE)
			continue;
		if (!n++) {
			strbuf_addstr(first, f->message);
			*line = f->line;
			CHECK_INT(f->severity, PRGATE_SEV_ERROR);
			CHECK_STR(f->section, "Downtime");
		}
	}
	prgate_lint_result_release(&res);
	prgate_github_facts_release(&gh);
	return n;
}

static void test_downtime(void)
{
	struct strbuf msg = STRBUF_INIT;
	int want_line, line;
	/* Saturday 5 Dec 2026 22:00 CET = 21:00 UTC: outside the blackout */
	time_t start = utc(2026, 12, 5, 21, 0, 0);
	char *text = downtime_body("2026-12-05 22:00 CET", &want_line);

	CHECK_INT(downtime_findings(text, start - 72 * HOUR, 1, &msg, &line),
		  0);
	CHECK_INT(downtime_findings(text, start - 71 * HOUR, 1, &msg, &line),
		  1);
	CHECK_STR(msg.buf, "downtime announced 2 d 23 h before its start; the "
			   "policy asks for 72 h");
	CHECK_INT(line, want_line);
	CHECK_INT(
	    downtime_findings(text, start - 72 * HOUR + 1, 1, &msg, &line), 1);
	CHECK_STR(msg.buf, "downtime announced 2 d 23 h before its start; the "
			   "policy asks for 72 h");
	CHECK_INT(downtime_findings(text, start - 40 * HOUR, 1, &msg, &line),
		  1);
	CHECK_STR(msg.buf, "downtime announced 1 d 16 h before its start; the "
			   "policy asks for 72 h");
	CHECK_INT(downtime_findings(text, start + 3 * HOUR, 1, &msg, &line), 1);
	CHECK_STR(msg.buf, "downtime starts 3 h before it was announced (the "
			   "PR was opened); the policy asks for 72 h notice");
	/* prgate lint: no timing */
	CHECK_INT(downtime_findings(text, start - 71 * HOUR, 0, &msg, &line),
		  0);
	free(text);

	/* Tuesday 8 Dec 10:00 CET: inside the mon-fri 08:00-16:00 blackout */
	text = downtime_body("2026-12-08 10:00 CET", &want_line);
	CHECK_INT(downtime_findings(text, NOW - 24 * HOUR, 1, &msg, &line), 1);
	CHECK_STR(msg.buf, "downtime starts at Tue 10:00 CET, inside the "
			   "blackout hours (mon-fri 08:00-16:00)");
	CHECK_INT(line, want_line);
	free(text);
	/* its edges: 08:00 is in, 16:00 and 07:59 are out */
	text = downtime_body("2026-12-08 08:00 Europe/Ljubljana", &want_line);
	CHECK_INT(downtime_findings(text, NOW - 24 * HOUR, 1, &msg, &line), 1);
	CHECK_STR(msg.buf, "downtime starts at Tue 08:00 CET, inside the "
			   "blackout hours (mon-fri 08:00-16:00)");
	free(text);
	text = downtime_body("2026-12-08 16:00 CET", &want_line);
	CHECK_INT(downtime_findings(text, NOW - 24 * HOUR, 1, &msg, &line), 0);
	free(text);
	text = downtime_body("2026-12-08 07:59 CET", &want_line);
	CHECK_INT(downtime_findings(text, NOW - 24 * HOUR, 1, &msg, &line), 0);
	free(text);
	strbuf_release(&msg);
}

static void test_glob(void)
{
	struct prgate_github_facts gh;
	const char *first = "x";
	char hostile[256], path[256];

	CHECK(
	    prgate_glob_match("**/migrations/*", "app/db/migrations/001.sql"));
	CHECK(prgate_glob_match("**/migrations/*", "migrations/001.sql"));
	CHECK(!prgate_glob_match("**/migrations/*", "migrations/sub/x"));
	CHECK(!prgate_glob_match("**/migrations/*", "app/migrations"));
	CHECK(!prgate_glob_match("**/migrations/*", "app/old_migrations/1"));
	CHECK(prgate_glob_match("db/migrate/*", "db/migrate/20261201_add.rb"));
	CHECK(!prgate_glob_match("db/migrate/*", "x/db/migrate/1.rb"));
	CHECK(!prgate_glob_match("db/migrate/*", "db/migrate/a/1.rb"));
	CHECK(
	    prgate_glob_match("alembic/versions/*", "alembic/versions/ab.py"));
	CHECK(prgate_glob_match("src/**", "src/a"));
	CHECK(prgate_glob_match("src/**", "src/a/b/c"));
	CHECK(!prgate_glob_match("src/**", "src"));
	CHECK(!prgate_glob_match("src/**", "srcx/a"));
	CHECK(prgate_glob_match("**", "any/thing"));
	CHECK(prgate_glob_match("a/**/b", "a/b"));
	CHECK(prgate_glob_match("a/**/b", "a/x/y/b"));
	CHECK(!prgate_glob_match("a/**/b", "a/xb"));
	CHECK(prgate_glob_match("**/a/**/b.sql", "x/a/y/a/z/b.sql"));
	CHECK(prgate_glob_match("*.sql", "x.sql"));
	CHECK(!prgate_glob_match("*.sql", "d/x.sql"));
	CHECK(prgate_glob_match("?.c", "a.c"));
	CHECK(!prgate_glob_match("?.c", "ab.c"));
	CHECK(!prgate_glob_match("a?b", "a/b"));
	CHECK(prgate_glob_match("a**b", "axxb"));
	CHECK(!prgate_glob_match("a**b", "a/b"));
	CHECK(prgate_glob_match("*", ""));
	CHECK(!prgate_glob_match("a", "A"));
	CHECK(prgate_glob_match("a*b*c", "a-b-b-c"));
	/* hostile patterns finish (they would take ages when backtracking
	 * recursively) */
	strcpy(hostile, "");
	for (int i = 0; i < 30; i++)
		strcat(hostile, "*a");
	strcat(hostile, "*b");
	memset(path, 'a', 200);
	path[200] = '\0';
	CHECK(!prgate_glob_match(hostile, path));
	strcpy(hostile, "");
	for (int i = 0; i < 20; i++)
		strcat(hostile, "**/a");
	strcat(hostile, "/b");
	for (int i = 0; i < 100; i++)
		memcpy(path + 2 * i, "a/", 2);
	strcpy(path + 200, "c");
	CHECK(!prgate_glob_match(hostile, path));

	facts_init(&gh);
	add_file(&gh, "app/models/order.rb", NULL);
	CHECK_INT(prgate_gate_migrations(&policy, &gh, &first), 0);
	CHECK(first == NULL);
	add_file(&gh, "app/db/migrations/001_add.sql", NULL);
	add_file(&gh, "db/migrate/002.rb", NULL);
	CHECK_INT(prgate_gate_migrations(&policy, &gh, &first), 1);
	CHECK_STR(first, "app/db/migrations/001_add.sql");
	CHECK_INT(prgate_gate_migrations(&policy, &gh, NULL), 1);
	prgate_github_facts_release(&gh);
}

void test_gate(void)
{
	const struct prgate_embedded *e = prgate_embedded_find("simple.md");
	struct prgate_error err;

	CHECK(e != NULL);
	if (!e)
		return;
	body = e->data;
	CHECK_INT(prgate_policy_init_default(&policy, &err), PRGATE_OK);
	CHECK_INT(prgate_policy_apply(&policy, "test.json", NULL, config,
				      strlen(config), &err),
		  PRGATE_OK);
	CHECK_INT(prgate_linter_new(&policy, NULL, &linter, &err), PRGATE_OK);
	if (!linter) {
		fprintf(stderr, "gate setup: %s\n", err.message);
		prgate_policy_release(&policy);
		return;
	}
	test_all_pass();
	test_github_state();
	test_deployer();
	test_deploy_commit();
	test_dependencies();
	test_advice_tags();
	test_reviews();
	test_approvals();
	test_latency();
	test_ci();
	test_window();
	test_freeze();
	test_metric();
	test_downtime();
	test_glob();
	prgate_linter_free(linter);
	prgate_policy_release(&policy);
}
