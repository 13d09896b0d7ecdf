/*
 * test_comment.c - the CI comment bot's pure parts: the PR of every
 * recorded webhook payload in fixtures/github/events/ (and of merge
 * queue and schedule events), merge queue branch names, finding the
 * sticky comment (forged markers included), the comment's body, trimming
 * at GitHub's limit (character boundaries, closed fences and <details>),
 * the Actions outputs, and the Markdown report's escaping of hostile PR
 * text, checked against cmark-gfm itself: what GitHub will parse out of
 * the comment holds no HTML but prgate's own. No network.
 */
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "integrations/comment.h"
#include "support/json.h"
#include "linter/report.h"
#include "test.h"

#define MARKER PRGATE_COMMENT_MARKER
#define ZWSP "\xe2\x80\x8b"

static struct prgate_error err;

/* ---- events ---- */

static int event_text(const char *name, const char *text,
		      struct prgate_event *ev)
{
	prgate_error_clear(&err);
	return (int)prgate_event_parse(name, "event.json", text, strlen(text),
				       ev, &err);
}

static const struct {
	const char *file; /* under fixtures/github/events/ */
	const char *name; /* as $GITHUB_EVENT_NAME */
	long number;	  /* 0: not about a PR */
} recorded[] = {
    {"issue_comment.created.1.json", "issue_comment", 0},
    {"pull_request.converted_to_draft.1.json", "pull_request", 2},
    {"pull_request.opened.1.json", "pull_request", 2},
    {"pull_request.ready_for_review.1.json", "pull_request", 2},
    {"pull_request.synchronize.1.json", "pull_request", 2},
    {"pull_request_review.submitted.1.json", "pull_request_review", 2},
};

static void test_recorded_events(void)
{
	DIR *dir = opendir("fixtures/github/events");
	struct dirent *de;
	int seen = 0;

	CHECK(dir != NULL);
	while (dir && (de = readdir(dir))) {
		struct prgate_event ev;
		struct strbuf path = STRBUF_INIT;
		size_t i, n = strlen(de->d_name);
		int st;

		if (n < 5 || strcmp(de->d_name + n - 5, ".json"))
			continue;
		for (i = 0; i < ARRAY_SIZE(recorded); i++)
			if (!strcmp(recorded[i].file, de->d_name))
				break;
		if (i == ARRAY_SIZE(recorded)) {
			/* a new fixture: say what it should give */
			fprintf(stderr, "test_comment: no expectation for %s\n",
				de->d_name);
			CHECK(0);
			continue;
		}
		seen++;
		strbuf_addf(&path, "fixtures/github/events/%s", de->d_name);
		prgate_error_clear(&err);
		st = prgate_event_read(recorded[i].name, path.buf, &ev, &err);
		if (recorded[i].number) {
			CHECK_INT(st, PRGATE_OK);
			CHECK_INT(ev.number, recorded[i].number);
			CHECK_STR(ev.repo, "Codertocat/Hello-World");
			CHECK_STR(ev.default_branch, "master");
			CHECK_INT(ev.schedule, 0);
			prgate_event_release(&ev);
			/* pull_request_target has the same payload; so had
			 * the events before $GITHUB_EVENT_NAME was read */
			st = prgate_event_read("pull_request_target", path.buf,
					       &ev, &err);
			CHECK_INT(ev.number, recorded[i].number);
			prgate_event_release(&ev);
			st = prgate_event_read(NULL, path.buf, &ev, &err);
			CHECK_INT(ev.number, recorded[i].number);
			prgate_event_release(&ev);
		} else {
			struct strbuf want = STRBUF_INIT;
			CHECK_INT(st, PRGATE_ERR_USAGE);
			strbuf_addf(&want,
				    "the %s event in '%s' is not about a pull "
				    "request: name the PR",
				    recorded[i].name, path.buf);
			CHECK_STR(err.message, want.buf);
			CHECK(ev.repo == NULL);
			strbuf_release(&want);
		}
		strbuf_release(&path);
	}
	if (dir)
		closedir(dir);
	CHECK_INT(seen, ARRAY_SIZE(recorded));

	/* the same payloads as the recorded API fixtures keep them */
	{
		struct prgate_event ev;
		prgate_error_clear(&err);
		CHECK_INT(prgate_event_read("pull_request",
					    "fixtures/github/recorded/"
					    "event-pull_request-synchronize."
					    "json",
					    &ev, &err),
			  PRGATE_OK);
		CHECK_INT(ev.number, 2);
		CHECK_STR(ev.repo, "Codertocat/Hello-World");
		prgate_event_release(&ev);
		CHECK_INT(prgate_event_read("pull_request",
					    "fixtures/github/events/none.json",
					    &ev, &err),
			  PRGATE_ERR_USAGE);
		CHECK_STR(err.message, "cannot read the event file "
				       "'fixtures/github/events/none.json'");
	}
}

static void test_events(void)
{
	struct prgate_event ev;
	static const char mg[] =
	    "{\"action\": \"checks_requested\", \"merge_group\": {"
	    "\"head_sha\": \"ec26c3e57ca3a959ca5aad62de7213c562f8c821\","
	    "\"head_ref\": \"refs/heads/gh-readonly-queue/main/"
	    "pr-123-9049f1265b7d61be4a8904a9a27120d2064dab3b\","
	    "\"base_sha\": \"9049f1265b7d61be4a8904a9a27120d2064dab3b\","
	    "\"base_ref\": \"refs/heads/main\"},"
	    "\"repository\": {\"full_name\": \"octo-org/shop\","
	    "\"default_branch\": \"main\"}}";

	CHECK_INT(event_text("merge_group", mg, &ev), PRGATE_OK);
	CHECK_INT(ev.number, 123);
	CHECK_STR(ev.repo, "octo-org/shop");
	prgate_event_release(&ev);
	CHECK_INT(event_text("merge_group",
			     "{\"merge_group\": {\"head_ref\": "
			     "\"refs/heads/main\"}}",
			     &ev),
		  PRGATE_ERR_USAGE);
	CHECK_STR(err.message,
		  "the merge_group event in 'event.json': head_ref "
		  "'refs/heads/main' names no pull request (want "
		  "gh-readonly-queue/BASE/pr-N-SHA)");
	CHECK_INT(event_text("merge_group", "{}", &ev), PRGATE_ERR_USAGE);
	CHECK_STR(err.message, "the merge_group event in 'event.json' is not "
			       "about a pull request: name the PR");

	/* schedule: GitHub's payload names the cron line only */
	CHECK_INT(
	    event_text("schedule", "{\"schedule\": \"*/30 * * * *\"}", &ev),
	    PRGATE_OK);
	CHECK_INT(ev.schedule, 1);
	CHECK_INT(ev.number, 0);
	CHECK(ev.repo == NULL);
	CHECK(ev.default_branch == NULL);
	prgate_event_release(&ev);
	CHECK_INT(event_text("schedule",
			     "{\"schedule\": \"*/30 * * * *\", \"repository\": "
			     "{\"full_name\": \"o/r\", \"default_branch\": "
			     "\"trunk\"}}",
			     &ev),
		  PRGATE_OK);
	CHECK_STR(ev.repo, "o/r");
	CHECK_STR(ev.default_branch, "trunk");
	prgate_event_release(&ev);

	/* issue_comment: a PR's comment thread is an issue with a
	 * pull_request link */
	CHECK_INT(event_text("issue_comment",
			     "{\"issue\": {\"number\": 7, \"pull_request\": "
			     "{\"url\": \"x\"}}, \"repository\": "
			     "{\"full_name\": \"o/r\"}}",
			     &ev),
		  PRGATE_OK);
	CHECK_INT(ev.number, 7);
	prgate_event_release(&ev);

	/* no event name, or another event */
	CHECK_INT(event_text(NULL, "{\"issue\": {\"number\": 5}}", &ev),
		  PRGATE_ERR_USAGE);
	CHECK_STR(err.message, "the event in 'event.json' is not about a pull "
			       "request: name the PR");
	CHECK_INT(event_text("push", "{\"ref\": \"refs/heads/main\"}", &ev),
		  PRGATE_ERR_USAGE);
	CHECK_STR(err.message,
		  "the push event in 'event.json' names no commit: "
		  "name it with --commit SHA");

	/* deploy events: the commit deployed */
	CHECK_INT(
	    event_text(
		"push",
		"{\"after\": \"78b9ff49d47daaa158eb373c4e2e040f739df8b9\","
		" \"repository\": {\"full_name\": \"o/r\"}}",
		&ev),
	    PRGATE_OK);
	CHECK_INT(ev.deploy, 1);
	CHECK_STR(ev.deploy_sha, "78b9ff49d47daaa158eb373c4e2e040f739df8b9");
	CHECK_INT(ev.number, 0);
	prgate_event_release(&ev);
	CHECK_INT(
	    event_text(
		"push",
		"{\"after\": \"0000000000000000000000000000000000000000\"}",
		&ev),
	    PRGATE_ERR_USAGE);
	CHECK_STR(err.message, "the push event in 'event.json' deletes a "
			       "branch: nothing to deploy");
	CHECK_INT(event_text("deployment",
			     "{\"deployment\": {\"sha\": "
			     "\"1111111111111111111111111111111111111111\"}}",
			     &ev),
		  PRGATE_OK);
	CHECK_STR(ev.deploy_sha, "1111111111111111111111111111111111111111");
	prgate_event_release(&ev);
	CHECK_INT(event_text("workflow_dispatch", "{\"ref\": \"main\"}", &ev),
		  PRGATE_OK);
	CHECK_INT(ev.deploy, 1);
	CHECK(ev.deploy_sha == NULL);
	prgate_event_release(&ev);

	/* check_suite, workflow_run: the PRs of a head */
	CHECK_INT(
	    event_text("check_suite",
		       "{\"check_suite\": {\"head_sha\": "
		       "\"78b9ff49d47daaa158eb373c4e2e040f739df8b9\", "
		       "\"pull_requests\": [{\"number\": 7}, {\"number\": "
		       "9}, {\"id\": 3}]}}",
		       &ev),
	    PRGATE_OK);
	CHECK_INT(ev.by_head, 1);
	CHECK_STR(ev.head_sha, "78b9ff49d47daaa158eb373c4e2e040f739df8b9");
	CHECK_INT(ev.nprs, 2);
	if (ev.nprs == 2) {
		CHECK_INT(ev.prs[0].number, 7);
		CHECK_INT(ev.prs[1].number, 9);
		CHECK_STR(ev.prs[1].head_sha,
			  "78b9ff49d47daaa158eb373c4e2e040f739df8b9");
	}
	prgate_event_release(&ev);
	CHECK_INT(event_text("workflow_run",
			     "{\"workflow_run\": {\"head_sha\": \"nope\"}}",
			     &ev),
		  PRGATE_ERR_USAGE);
	CHECK_STR(err.message,
		  "the workflow_run event in 'event.json' names no "
		  "head commit (workflow_run.head_sha)");
	CHECK_INT(event_text("pull_request",
			     "{\"pull_request\": {\"number\": 1.5}}", &ev),
		  PRGATE_ERR_USAGE);
	CHECK_INT(event_text("pull_request",
			     "{\"pull_request\": {\"number\": -3}}", &ev),
		  PRGATE_ERR_USAGE);
	CHECK_INT(event_text("pull_request", "[1]", &ev), PRGATE_ERR_USAGE);
	CHECK_INT(event_text("pull_request", "{\"pull_request\": ", &ev),
		  PRGATE_ERR_INPUT);
	CHECK(!strncmp(err.message, "event.json:1:", 13));
}

static void test_merge_group_ref(void)
{
	static const char sha[] = "9049f1265b7d61be4a8904a9a27120d2064dab3b";
	struct strbuf s = STRBUF_INIT;

	strbuf_addf(&s, "refs/heads/gh-readonly-queue/main/pr-123-%s", sha);
	CHECK_INT(prgate_event_merge_group_pr(s.buf), 123);
	strbuf_reset(&s);
	strbuf_addf(&s, "gh-readonly-queue/main/pr-123-%s", sha);
	CHECK_INT(prgate_event_merge_group_pr(s.buf), 123);
	strbuf_reset(&s);
	strbuf_addf(&s, "gh-readonly-queue/release/v1.x/pr-7-%s", sha);
	CHECK_INT(prgate_event_merge_group_pr(s.buf), 7);
	CHECK_INT(prgate_event_merge_group_pr(
		      "gh-readonly-queue/main/pr-840-abc1234"),
		  840);
	/* not a merge queue branch */
	CHECK_INT(prgate_event_merge_group_pr(NULL), 0);
	CHECK_INT(prgate_event_merge_group_pr(""), 0);
	CHECK_INT(prgate_event_merge_group_pr("refs/heads/main"), 0);
	CHECK_INT(prgate_event_merge_group_pr("feature/pr-1-abc1234"), 0);
	CHECK_INT(prgate_event_merge_group_pr("gh-readonly-queue/pr-5-abc1234"),
		  0);
	CHECK_INT(prgate_event_merge_group_pr("gh-readonly-queue/main/pr-5"),
		  0);
	CHECK_INT(
	    prgate_event_merge_group_pr("gh-readonly-queue/main/pr-5-abc12"),
	    0);
	CHECK_INT(
	    prgate_event_merge_group_pr("gh-readonly-queue/main/pr-5-ABC1234"),
	    0);
	CHECK_INT(
	    prgate_event_merge_group_pr("gh-readonly-queue/main/pr-05-abc1234"),
	    0);
	CHECK_INT(
	    prgate_event_merge_group_pr("gh-readonly-queue/main/pr-x-abc1234"),
	    0);
	CHECK_INT(prgate_event_merge_group_pr(
		      "gh-readonly-queue/main/pr-5-abc1234/extra"),
		  0);
	CHECK_INT(prgate_event_merge_group_pr(
		      "gh-readonly-queue/main/pr-99999999999-abc1234"),
		  0);
	strbuf_release(&s);
}

/* ---- the sticky comment ---- */

/* A comment object for a page. */
static void comment(struct strbuf *page, long long id, const char *login,
		    const char *type, const char *body)
{
	strbuf_addf(page,
		    "%s{\"id\": %lld, \"user\": {\"login\": \"%s\", \"type\": "
		    "\"%s\"}, \"body\": ",
		    page->len > 1 ? ", " : "", id, login, type);
	prgate_json_quote(page, body);
	strbuf_addch(page, '}');
}

static int pick_page(struct prgate_comment_pick *p, struct strbuf *page)
{
	strbuf_addch(page, ']');
	prgate_error_clear(&err);
	return (int)prgate_comment_pick_page(p, "GET /c", page->buf, page->len,
					     &err);
}

static void test_marker(void)
{
	struct prgate_comment_pick p;
	struct strbuf page = STRBUF_INIT, text = STRBUF_INIT;

	memset(&p, 0, sizeof(p));
	CHECK(prgate_comment_is_sticky(MARKER));
	CHECK(prgate_comment_is_sticky(MARKER "\nreport"));
	CHECK(!prgate_comment_is_sticky(NULL));
	CHECK(!prgate_comment_is_sticky(""));
	CHECK(!prgate_comment_is_sticky(" " MARKER));
	CHECK(!prgate_comment_is_sticky("quoting " MARKER));
	CHECK(!prgate_comment_is_sticky("<!-- prgate:sticky"));
	CHECK(!prgate_comment_is_sticky("<!-- PRGATE:STICKY -->"));

	/* the recorded list: two comments, none prgate's */
	CHECK_INT(strbuf_read_file(&text,
				   "fixtures/github/recorded/"
				   "issue-comments-list.json",
				   1 << 20),
		  0);
	CHECK_INT(
	    prgate_comment_pick_page(&p, "GET /c", text.buf, text.len, &err),
	    PRGATE_OK);
	CHECK_INT(p.id, 0);

	/* forged: the marker inside someone's comment does not count */
	strbuf_addch(&page, '[');
	comment(&page, 11, "mallory", "User", "look: " MARKER " here");
	comment(&page, 12, "mallory", "User", "\n" MARKER);
	comment(&page, 13, "github-actions", "User", "no marker");
	CHECK_INT(pick_page(&p, &page), PRGATE_OK);
	CHECK_INT(p.id, 0);

	/* a person's comment starting with it is only kept aside (it is
	 * prgate's only if GET /user says the token is that person's); a
	 * bot's is taken, on a later page too */
	strbuf_reset(&page);
	strbuf_addch(&page, '[');
	comment(&page, 21, "alice", "User", MARKER "\ncopied");
	comment(&page, 22, "bob", "User", MARKER "\ncopied too");
	CHECK_INT(pick_page(&p, &page), PRGATE_OK);
	CHECK_INT(p.id, 0);
	CHECK_INT(p.npeople, 2);
	CHECK_INT(p.people[0].id, 21);
	CHECK_STR(p.people[0].login, "alice");
	CHECK_INT(p.people[1].id, 22);
	CHECK_STR(p.people[1].login, "bob");
	CHECK_STR(p.people[1].body, MARKER "\ncopied too");
	strbuf_reset(&page);
	strbuf_addch(&page, '[');
	comment(&page, 31, "someone", "User", "hello");
	comment(&page, 9007199254740991LL, "github-actions[bot]", "Bot",
		MARKER "\nreport");
	comment(&page, 33, "prgate-app[bot]", "Bot", MARKER "\nlater");
	CHECK_INT(pick_page(&p, &page), PRGATE_OK);
	CHECK_INT(p.id, 9007199254740991LL);
	CHECK_INT(p.npeople, 2);
	/* a login ending in [bot] is a bot's, whatever its type says */
	prgate_comment_pick_release(&p);
	strbuf_reset(&page);
	strbuf_addch(&page, '[');
	comment(&page, 41, "carol", "User", MARKER);
	comment(&page, 42, "renovate[bot]", "User", MARKER);
	CHECK_INT(pick_page(&p, &page), PRGATE_OK);
	CHECK_INT(p.id, 42);
	CHECK_STR(p.body, MARKER);
	CHECK(p.html_url == NULL);
	CHECK_INT(p.npeople, 1);
	CHECK_INT(p.people[0].id, 41);
	/* each person's first, of the first eight people */
	prgate_comment_pick_release(&p);
	strbuf_reset(&page);
	strbuf_addch(&page, '[');
	comment(&page, 50, "Carol", "User", MARKER "\nfirst");
	comment(&page, 51, "carol", "User", MARKER "\nsecond");
	for (int k = 0; k < 8; k++) {
		char who[16];
		snprintf(who, sizeof(who), "user%d", k);
		comment(&page, 60 + k, who, "User", MARKER);
	}
	CHECK_INT(pick_page(&p, &page), PRGATE_OK);
	CHECK_INT(p.npeople, PRGATE_COMMENT_PICK_PEOPLE);
	CHECK_STR(p.people[0].body, MARKER "\nfirst");
	CHECK_STR(p.people[1].login, "user0");
	CHECK_STR(p.people[7].login, "user6");
	/* a comment with no body (null) is skipped */
	p.id = 0;
	CHECK_INT(prgate_comment_pick_page(
		      &p, "GET /c", "[{\"id\": 5, \"body\": null}]", 25, &err),
		  PRGATE_OK);
	CHECK_INT(p.id, 0);

	/* replies that are not what the API documents */
	CHECK_INT(prgate_comment_pick_page(&p, "GET /c", "{}", 2, &err),
		  PRGATE_ERR_API);
	CHECK_STR(err.message,
		  "unexpected reply from GET /c: an object, not an array");
	CHECK_INT(prgate_comment_pick_page(
		      &p, "GET /c", "[{\"body\": \"" MARKER "\"}]",
		      strlen("[{\"body\": \"" MARKER "\"}]"), &err),
		  PRGATE_ERR_API);
	CHECK_STR(err.message,
		  "unexpected reply from GET /c: a comment without an id");
	CHECK_INT(prgate_comment_pick_page(&p, "GET /c", "[", 1, &err),
		  PRGATE_ERR_API);
	CHECK_STR(err.message,
		  "unexpected reply from GET /c: 1:2: unexpected end of input");
	prgate_comment_pick_release(&p);
	strbuf_release(&page);
	strbuf_release(&text);

	/* the same but for the time it was checked: nothing to write */
	CHECK(prgate_comment_same(MARKER "\nGO \u2014 checked 2026-11-25 "
					 "07:30 UTC; the clock changes this at "
					 "2026-11-25 16:00 UTC\n",
				  MARKER "\nGO \u2014 checked 2026-11-25 "
					 "09:00 UTC; the clock changes this at "
					 "2026-11-25 16:00 UTC\n"));
	CHECK(
	    !prgate_comment_same(MARKER "\nGO \u2014 checked 2026-11-25 "
					"07:30 UTC; the clock changes this at "
					"2026-11-25 16:00 UTC\n",
				 MARKER "\nGO \u2014 checked 2026-11-25 "
					"09:00 UTC; the clock changes this at "
					"2026-11-26 16:00 UTC\n"));
	CHECK(prgate_comment_same("a <sub>checked 2026-11-25 07:30 UTC</sub>",
				  "a <sub>checked 2027-01-02 23:59 UTC</sub>"));
	CHECK(!prgate_comment_same("checked 2026-11-25 07:30 UTC",
				   "checked 2026-11-25 07:30 UTC more"));
	CHECK(!prgate_comment_same("checked 2026-11-25 07:30 UTC",
				   "checked yesterday"));
	CHECK(!prgate_comment_same(NULL, "x"));
	CHECK(prgate_comment_same("", ""));
}

/* ---- trimming ---- */

static int valid_utf8(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		size_t k = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
		if ((c & 0xc0) == 0x80 || i + k > n)
			return 0;
		for (size_t j = 1; j < k; j++)
			if (((unsigned char)s[i + j] & 0xc0) != 0x80)
				return 0;
		i += k;
	}
	return 1;
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;
	for (s = strstr(s, what); s; s = strstr(s + 1, what))
		n++;
	return n;
}

static int ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);
	return n >= t && !strcmp(s + n - t, tail);
}

static void test_length(void)
{
	CHECK_INT(prgate_comment_length("", 0), 0);
	CHECK_INT(prgate_comment_length("abc", 3), 3);
	CHECK_INT(prgate_comment_length("\xc3\xa9", 2), 1);	    /* é */
	CHECK_INT(prgate_comment_length("\xe2\x9c\x85", 3), 1);	    /* ✅ */
	CHECK_INT(prgate_comment_length("\xf0\x9f\x98\x80", 4), 2); /* 😀 */
	CHECK_INT(prgate_comment_length("a\xf0\x9f\x98\x80\xc3\xa9", 7), 4);
}

static void test_trim(void)
{
	static const char ptr[] = "\xe2\x80\xa6 see the summary";
	struct strbuf md = STRBUF_INIT, want = STRBUF_INIT;
	size_t plen = prgate_comment_length(ptr, strlen(ptr));

	/* exactly at the limit: untouched */
	strbuf_addstr(&md, "12345\n7890");
	CHECK_INT(prgate_comment_trim(&md, 10, ptr), 0);
	CHECK_STR(md.buf, "12345\n7890");
	/* over: cut at a line end */
	for (int i = 0; i < 10; i++)
		strbuf_addstr(&md, "7890");
	CHECK_INT(prgate_comment_trim(&md, 5 + 3 + plen, ptr), 1);
	strbuf_addf(&want, "12345\n\n%s", ptr);
	CHECK_STR(md.buf, want.buf);

	/* one long line of two-byte characters: never half of one */
	for (size_t max = plen + 3; max < plen + 40; max++) {
		strbuf_reset(&md);
		for (int i = 0; i < 100; i++)
			strbuf_addstr(&md, "\xc3\xa9");
		CHECK_INT(prgate_comment_trim(&md, max, ptr), 1);
		CHECK(valid_utf8(md.buf, md.len));
		CHECK(prgate_comment_length(md.buf, md.len) <= max);
		CHECK(ends_with(md.buf, ptr));
	}
	/* characters outside the BMP count twice, and are not split */
	for (size_t max = plen + 3; max < plen + 12; max++) {
		strbuf_reset(&md);
		for (int i = 0; i < 20; i++)
			strbuf_addstr(&md, "\xf0\x9f\x98\x80");
		prgate_comment_trim(&md, max, ptr);
		CHECK(valid_utf8(md.buf, md.len));
		CHECK(prgate_comment_length(md.buf, md.len) <= max);
	}

	/* cut inside the checklist's code fence inside <details>: both
	 * closed again, the fence with its own indentation */
	strbuf_reset(&md);
	strbuf_addstr(&md, "\xe2\x9d\x8c prgate: **NO-GO**\n\n"
			   "<details><summary>Deployment checklist</summary>"
			   "\n\n### Deploy\n\n- [ ] Run:\n\n    ```\n");
	for (int i = 0; i < 200; i++)
		strbuf_addf(&md, "    step %d \xc3\xa9\n", i);
	strbuf_addstr(&md, "    ```\n\n### Verify\n\n- [ ] Smoke test\n\n"
			   "</details>");
	CHECK_INT(prgate_comment_trim(&md, 400, ptr), 1);
	CHECK(prgate_comment_length(md.buf, md.len) <= 400);
	CHECK(ends_with(md.buf, "    ```\n\n</details>\n\n\xe2\x80\xa6 see "
				"the summary"));
	CHECK_INT(count(md.buf, "    ```\n"), 2);
	CHECK_INT(count(md.buf, "<details>"), 1);
	CHECK_INT(count(md.buf, "</details>"), 1);
	CHECK(strstr(md.buf, "    step 0 \xc3\xa9\n") != NULL);

	/* cut after the fence closed: only </details> */
	strbuf_reset(&md);
	strbuf_addstr(&md, "<details><summary>x</summary>\n\n- [ ] Run:\n\n"
			   "    ```\n    make\n    ```\n\n");
	for (int i = 0; i < 100; i++)
		strbuf_addf(&md, "- [ ] item %d\n", i);
	strbuf_addstr(&md, "\n</details>");
	CHECK_INT(prgate_comment_trim(&md, 200, ptr), 1);
	CHECK(prgate_comment_length(md.buf, md.len) <= 200);
	CHECK_INT(count(md.buf, "    ```\n"), 2);
	CHECK(ends_with(md.buf, "\n\n</details>\n\n\xe2\x80\xa6 see the "
				"summary"));
	/* a cut that would leave the fence's own line open drops it */
	for (size_t max = 60; max < 200; max++) {
		strbuf_reset(&md);
		strbuf_addstr(&md, "<details><summary>x</summary>\n\n"
				   "- [ ] Run:\n\n    ```\n    make it\n"
				   "    make it again\n    ```\n\n- [ ] more "
				   "text here\n\n</details>");
		if (prgate_comment_length(md.buf, md.len) <= max)
			break;
		CHECK_INT(prgate_comment_trim(&md, max, ptr), 1);
		CHECK(prgate_comment_length(md.buf, md.len) <= max);
		CHECK_INT(count(md.buf, "    ```\n") % 2, 0);
		CHECK_INT(count(md.buf, "<details>"),
			  count(md.buf, "</details>"));
	}
	/* a limit below the pointer: the pointer alone */
	strbuf_reset(&md);
	strbuf_addstr(&md, "abcdefghijklmnopqrstuvwxyz0123456789abcdef");
	prgate_comment_trim(&md, 5, ptr);
	CHECK_STR(md.buf, ptr);
	strbuf_release(&md);
	strbuf_release(&want);
}

/* ---- the body ---- */

/*
 * What GitHub's parser makes of md: every raw HTML node, one per line,
 * into html; every '@' in text not followed by the zero-width space
 * counted in *mentions. Returns the number of HTML nodes.
 */
static int parse_html(const char *md, struct strbuf *html, int *mentions)
{
	static const char *const ext[] = {"table", "strikethrough", "autolink",
					  "tasklist"};
	cmark_parser *p;
	cmark_node *doc;
	cmark_iter *it;
	cmark_event_type ev;
	int n = 0;

	cmark_gfm_core_extensions_ensure_registered();
	p = cmark_parser_new(CMARK_OPT_DEFAULT);
	for (size_t i = 0; i < ARRAY_SIZE(ext); i++)
		cmark_parser_attach_syntax_extension(
		    p, cmark_find_syntax_extension(ext[i]));
	cmark_parser_feed(p, md, strlen(md));
	doc = cmark_parser_finish(p);
	it = cmark_iter_new(doc);
	*mentions = 0;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *x = cmark_iter_get_node(it);
		int t = cmark_node_get_type(x);
		const char *lit;
		if (ev != CMARK_EVENT_ENTER)
			continue;
		lit = cmark_node_get_literal(x);
		if (t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_HTML_INLINE) {
			strbuf_addstr(html, lit);
			if (!html->len || html->buf[html->len - 1] != '\n')
				strbuf_addch(html, '\n');
			n++;
		} else if (t == CMARK_NODE_TEXT && lit) {
			for (const char *a = strchr(lit, '@'); a;
			     a = strchr(a + 1, '@'))
				*mentions += strncmp(a + 1, ZWSP, 3) != 0;
		}
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	cmark_parser_free(p);
	return n;
}

static void test_body(void)
{
	struct prgate_findings findings = {0};
	struct prgate_checks checks = {NULL, 0, 0};
	struct prgate_report_file f;
	struct strbuf body = STRBUF_INIT, html = STRBUF_INIT;
	struct strbuf cl = STRBUF_INIT;
	int mentions;

	/* GO: the marker, one line and the checklist, collapsed */
	memset(&f, 0, sizeof(f));
	f.name = "o/r#7";
	f.findings = &findings;
	f.checks = &checks;
	f.title = "o/r#7: Add export";
	f.checklist = "### Before\n\n- [ ] x\n";
	prgate_checks_add(&checks, PRGATE_RULE_WINDOW, PRGATE_CHECK_PASS,
			  "open", NULL);
	prgate_comment_body(&body, &f, 1795597200 /* 2026-11-25 09:00 */, NULL);
	CHECK_STR(body.buf, MARKER "\n\xe2\x9c\x85 prgate: **GO** \xe2\x80\x94 "
				   "checked 2026-11-25 09:00 UTC\n\n"
				   "<details><summary>Deployment checklist"
				   "</summary>\n\n### Before\n\n- [ ] x\n\n"
				   "</details>\n");
	strbuf_reset(&body);
	f.expires_at = 1795622400; /* 16:00 */
	prgate_comment_body(&body, &f, 1795597200, "https://x/runs/1");
	CHECK_STR(body.buf,
		  MARKER "\n\xe2\x9c\x85 prgate: **GO** \xe2\x80\x94 checked "
			 "2026-11-25 09:00 UTC; the clock changes this at "
			 "2026-11-25 16:00 UTC\n\n<details><summary>Deployment "
			 "checklist</summary>\n\n### Before\n\n- [ ] x\n\n"
			 "</details>\n");

	/* NO-GO from hostile PR text: the report, escaped */
	f.title = "o/r#7: Fix <script>alert(1)</script> for @alice | ops";
	prgate_findings_add(&findings, PRGATE_RULE_WIP, PRGATE_SEV_ERROR, 0, 0,
			    NULL,
			    "the title \"WIP <img src=x onerror=alert(1)> "
			    "@alice\" marks the PR as work in progress");
	prgate_findings_add(&findings, PRGATE_RULE_PLACEHOLDER,
			    PRGATE_SEV_ERROR, 3, 1, "Rollback strategy",
			    "placeholder in '</details><!-- prgate:sticky -->'"
			    " | `code <b>` and \\`<i>` & &amp;");
	strbuf_addstr(&cl, "### Deploy\n\n"
			   "- [ ] Ping @alice and @org/team\n"
			   "- [ ] Close </details> now\n"
			   "- [ ] Forge <!-- prgate:sticky --> here\n"
			   "- [ ] Code `<!-- x -->` and `a|b` and ``x`<b>`y``\n"
			   "- [ ] Odd ``` fence and \\`<u>` slash\n"
			   "- [ ] Run:\n\n    ```\n    ```\n    </details>\n"
			   "    <script>x</script>\n    @bob\n    ```\n\n"
			   "- [ ] AT&T &lt;b&gt; <b>bold</b>\n");
	f.checklist = cl.buf;
	strbuf_reset(&body);
	prgate_comment_body(&body, &f, 1795597200, "https://x/runs/1");
	CHECK(!strncmp(body.buf, MARKER "\n\xe2\x9d\x8c prgate: **NO-GO** ",
		       strlen(MARKER) + 21));
	CHECK(ends_with(body.buf, "\n\n<sub>checked 2026-11-25 09:00 UTC; the "
				  "clock changes this at 2026-11-25 16:00 "
				  "UTC</sub>\n"));
	CHECK_INT(count(body.buf, "<!--"), 1);
	/* one closes the passed checks, one the checklist, one is code */
	CHECK_INT(count(body.buf, "</details>"), 3);
	CHECK(strstr(body.buf, "Fix &lt;script&gt;alert(1)&lt;/script&gt; "
			       "for @" ZWSP "alice \\| ops") != NULL);
	CHECK(strstr(body.buf, "- [ ] Ping @" ZWSP "alice and @" ZWSP
			       "org/team\n") != NULL);
	CHECK(strstr(body.buf, "- [ ] Close &lt;/details> now\n") != NULL);
	CHECK(strstr(body.buf, "- [ ] Code `<" ZWSP "!-- x -->` and `a|b` and "
			       "``x`<b>`y``\n") != NULL);
	CHECK(strstr(body.buf, "- [ ] Odd \\`\\`\\` fence and \\\\`<u>` "
			       "slash\n") != NULL);
	CHECK(strstr(body.buf,
		     "    ```\n    " ZWSP "```\n    </details>\n"
		     "    <script>x</script>\n    @bob\n    ```\n") != NULL);
	CHECK(strstr(body.buf, "- [ ] AT&amp;T &amp;lt;b&amp;gt; &lt;b>bold"
			       "&lt;/b>\n") != NULL);
	CHECK(strstr(body.buf, "`code <b>` and \\\\`<i>` &amp; &amp;amp;") !=
	      NULL);
	/* and what GitHub parses: the marker, the two <details> (the checks
	 * that passed, the checklist), <sub> as the only HTML; no one
	 * mentioned */
	CHECK_INT(parse_html(body.buf, &html, &mentions), 7);
	CHECK_STR(html.buf, MARKER "\n<details><summary>1 check passed"
				   "</summary>\n</details>\n"
				   "<details><summary>Deployment "
				   "checklist</summary>\n</details>\n<sub>\n"
				   "</sub>\n");
	CHECK_INT(mentions, 0);

	/* a huge report: under the limit, the pointer, <details> closed */
	strbuf_reset(&cl);
	strbuf_addstr(&cl, "### Deploy\n\n- [ ] Run:\n\n    ```\n");
	for (int i = 0; i < 20000; i++)
		strbuf_addf(&cl, "    step %d \xf0\x9f\x9a\x80 caf\xc3\xa9\n",
			    i);
	strbuf_addstr(&cl, "    ```\n");
	f.checklist = cl.buf;
	strbuf_reset(&body);
	prgate_comment_body(&body, &f, 1795597200,
			    "https://github.com/o/r/actions/runs/42");
	CHECK(prgate_comment_length(body.buf, body.len) <= PRGATE_COMMENT_MAX);
	CHECK(prgate_comment_length(body.buf, body.len) >
	      PRGATE_COMMENT_MAX - 100);
	CHECK(valid_utf8(body.buf, body.len));
	CHECK(ends_with(
	    body.buf, "    ```\n\n</details>\n\n\xe2\x80\xa6 the full report "
		      "is in the job summary of run "
		      "https://github.com/o/r/actions/runs/42\n\n<sub>checked "
		      "2026-11-25 09:00 UTC; the clock changes this at "
		      "2026-11-25 16:00 UTC</sub>\n"));
	strbuf_reset(&html);
	CHECK_INT(parse_html(body.buf, &html, &mentions), 7);
	/* not in a workflow: no run to point at */
	strbuf_reset(&body);
	prgate_comment_body(&body, &f, 1795597200, NULL);
	CHECK(strstr(body.buf,
		     "</details>\n\n\xe2\x80\xa6 the rest of the "
		     "report does not fit in a comment\n\n<sub>") != NULL);

	prgate_findings_release(&findings);
	prgate_checks_release(&checks);
	strbuf_release(&body);
	strbuf_release(&html);
	strbuf_release(&cl);
}

static void test_actions(void)
{
	struct strbuf sb = STRBUF_INIT;

	prgate_actions_outputs(&sb, "no-go", 0);
	CHECK_STR(sb.buf, "verdict=no-go\nexpires_at=\n");
	strbuf_reset(&sb);
	prgate_actions_outputs(&sb, "go", 1795622400);
	CHECK_STR(sb.buf, "verdict=go\nexpires_at=2026-11-25T16:00:00Z\n");
	strbuf_reset(&sb);
	CHECK_INT(
	    prgate_actions_run_url(&sb, "https://ghe.example.com", "o/r", "42"),
	    1);
	CHECK_STR(sb.buf, "https://ghe.example.com/o/r/actions/runs/42");
	strbuf_reset(&sb);
	CHECK_INT(prgate_actions_run_url(&sb, NULL, "o/r", "7"), 1);
	CHECK_STR(sb.buf, "https://github.com/o/r/actions/runs/7");
	strbuf_reset(&sb);
	CHECK_INT(prgate_actions_run_url(&sb, NULL, "o/r", ""), 0);
	CHECK_INT(prgate_actions_run_url(&sb, NULL, NULL, "7"), 0);
	CHECK_STR(sb.buf, "");
	prgate_error_clear(&err);
	CHECK_INT(prgate_actions_append("/nonexistent/dir/out", "x", 1, &err),
		  PRGATE_ERR_IO);
	CHECK_STR(err.message, "cannot write '/nonexistent/dir/out': No such "
			       "file or directory");
	strbuf_release(&sb);
}

/*
 * What to do next comes first; a check that did not pass links its
 * evidence only when the URL is plain https (nothing that could leave
 * the link); a warning is not in the way; a check that could not be
 * decided says so.
 */
static void test_next_step(void)
{
	struct prgate_findings findings = {0};
	struct prgate_checks checks = {0};
	struct prgate_report_file f;
	struct prgate_report r = {.files = &f, .nfiles = 1};
	struct strbuf out = STRBUF_INIT;

	memset(&f, 0, sizeof(f));
	f.name = "o/r#7";
	f.findings = &findings;
	f.checks = &checks;
	prgate_checks_add(&checks, PRGATE_RULE_DRAFT, PRGATE_CHECK_PASS,
			  "not a draft", NULL);
	prgate_checks_add(&checks, PRGATE_RULE_REVIEW_LATENCY,
			  PRGATE_CHECK_FAIL, "no review after 4 h", NULL);
	prgate_findings_add(&findings, PRGATE_RULE_REVIEW_LATENCY,
			    PRGATE_SEV_WARNING, 0, 0, NULL,
			    "no review after 4 h");
	prgate_checks_add(&checks, PRGATE_RULE_CI, PRGATE_CHECK_PENDING,
			  "CI: 'a|b' is still running",
			  "https://github.com/o/r/runs/1");
	prgate_findings_add(&findings, PRGATE_RULE_CI, PRGATE_SEV_ERROR, 0, 0,
			    NULL, "CI: 'a|b' is still running");
	prgate_checks_add(&checks, PRGATE_RULE_METRIC, PRGATE_CHECK_UNKNOWN,
			  "rpm: unreachable", "https://x/a)](javascript:1)");
	prgate_report_markdown(&out, &r);
	/* the verdict line, then what to do next */
	CHECK(!strncmp(strchr(out.buf, '\n'),
		       "\n\n**To ship:** wait for `ci`: CI: 'a\\|b' is still "
		       "running; `metric` could not be checked: rpm: "
		       "unreachable\n\n| |",
		       strlen("\n\n**To ship:** wait for `ci`: CI: 'a\\|b' is "
			      "still running; `metric` could not be checked: "
			      "rpm: unreachable\n\n| |")));
	CHECK(strstr(out.buf, "| \xe2\x8f\xb3 | `ci` | CI: 'a\\|b' is still "
			      "running ([details](https://github.com/o/r/"
			      "runs/1)) |\n") != NULL);
	CHECK(strstr(out.buf, "| `metric` | rpm: unreachable |\n") != NULL);
	CHECK(strstr(out.buf, "javascript") == NULL);
	CHECK(strstr(out.buf, "<details><summary>1 check passed</summary>") !=
	      NULL);
	prgate_findings_release(&findings);
	prgate_checks_release(&checks);
	strbuf_release(&out);
}

/* The advice-tag review: its marker names the head and the tags' set. */
static void test_advice_review(void)
{
	static const char sha[] = "78b9ff49d47daaa158eb373c4e2e040f739df8b9";
	struct prgate_github_file files[2] = {
	    {(char *)"a.rb", (char *)"modified",
	     (char *)"@@ -1,1 +1,3 @@\n x\n+# ???: why\n+y\n", 2},
	    {(char *)"big.sql", (char *)"modified", NULL, 9}};
	struct prgate_github_facts gh;
	struct prgate_advice_tags tags;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, json = STRBUF_INIT;

	memset(&gh, 0, sizeof(gh));
	gh.files = files;
	gh.nfiles = 2;
	prgate_advice_tags_find(&gh, &tags);
	CHECK(tags.n == 1);
	CHECK_STR(tags.v[0].file, "a.rb");
	CHECK(tags.v[0].line == 2);
	prgate_advice_review_marker(&a, sha, &tags);
	CHECK(!strncmp(a.buf, PRGATE_ADVICE_MARKER " ", 23));
	CHECK(a.len == strlen(PRGATE_ADVICE_MARKER) + 1 + 40 + 1 + 16 + 4);
	CHECK(!strcmp(a.buf + a.len - 4, " -->"));
	prgate_advice_review_json(&json, sha, &tags);
	CHECK(strstr(json.buf, "\"comments\":[{\"path\":\"a.rb\",\"line\":2,"
			       "\"side\":\"RIGHT\",") != NULL);
	CHECK(strstr(json.buf, "\"event\":\"COMMENT\"") != NULL);
	CHECK(strstr(json.buf, "big.sql") == NULL);
	/* the same tag a line further down is another set */
	tags.v[0].line = 3;
	prgate_advice_review_marker(&b, sha, &tags);
	CHECK(strcmp(a.buf, b.buf) != 0);
	tags.v[0].line = 2;
	strbuf_reset(&b);
	prgate_advice_review_marker(&b, sha, &tags);
	CHECK_STR(a.buf, b.buf);
	prgate_advice_tags_release(&tags);
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&json);
}

void test_comment(void)
{
	test_advice_review();
	test_recorded_events();
	test_events();
	test_merge_group_ref();
	test_marker();
	test_length();
	test_trim();
	test_body();
	test_next_step();
	test_actions();
}
