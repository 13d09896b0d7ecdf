/*
 * test_github.c - the GitHub client's pure parts: pull request references,
 * git remote URLs, Link headers, ISO 8601 times, decoding the recorded
 * replies in fixtures/github/ (and broken ones), and the HTTP client's URL
 * helpers and token refusal. Nothing here touches the network.
 */
#include <stdlib.h>
#include <string.h>

#include "gate/github.h"
#include "gate/http.h"
#include "test.h"

static struct prgate_error err;

static int ref(const char *s, const char *dflt, struct prgate_github_ref *r)
{
	prgate_error_clear(&err);
	return (int)prgate_github_parse_ref(s, dflt, r, &err);
}

static void test_refs(void)
{
	struct prgate_github_ref r;

	CHECK_INT(ref("123", "o/r", &r), PRGATE_OK);
	CHECK_STR(r.owner, "o");
	CHECK_STR(r.repo, "r");
	CHECK_INT(r.number, 123);
	CHECK_STR(r.host, "");
	CHECK_INT(ref(" #7 ", "octo-org/hello.world", &r), PRGATE_OK);
	CHECK_STR(r.owner, "octo-org");
	CHECK_STR(r.repo, "hello.world");
	CHECK_INT(r.number, 7);
	CHECK_INT(ref("hub4j-test-org/github-api#479", NULL, &r), PRGATE_OK);
	CHECK_STR(r.owner, "hub4j-test-org");
	CHECK_STR(r.repo, "github-api");
	CHECK_INT(r.number, 479);
	CHECK_INT(ref("https://github.com/owner/repo/pull/123", "x/y", &r),
		  PRGATE_OK);
	CHECK_STR(r.host, "github.com");
	CHECK_STR(r.owner, "owner");
	CHECK_STR(r.repo, "repo");
	CHECK_INT(r.number, 123);
	CHECK_INT(ref("https://github.com/o/r/pull/5/files#diff-1", NULL, &r),
		  PRGATE_OK);
	CHECK_INT(r.number, 5);
	CHECK_INT(ref("https://github.com/o/r/pull/5?w=1", NULL, &r),
		  PRGATE_OK);
	CHECK_INT(r.number, 5);
	CHECK_INT(ref("https://GHE.example.com/team/app/pull/9", NULL, &r),
		  PRGATE_OK);
	CHECK_STR(r.host, "ghe.example.com");
	CHECK_STR(r.owner, "team");
	CHECK_STR(r.repo, "app");
	CHECK_INT(r.number, 9);
	CHECK_INT(ref("http://127.0.0.1:8080/o/r/pulls/3", NULL, &r),
		  PRGATE_OK);
	CHECK_STR(r.host, "127.0.0.1:8080");
	CHECK_INT(r.number, 3);

	CHECK_INT(ref("", "o/r", &r), PRGATE_ERR_USAGE);
	CHECK_STR(err.message, "empty pull request reference");
	CHECK_INT(ref("abc", "o/r", &r), PRGATE_ERR_USAGE);
	CHECK_STR(err.message, "\"abc\" is not a pull request: use NUMBER, "
			       "OWNER/REPO#NUMBER or a pull request URL");
	CHECK_INT(r.number, 0);
	CHECK_INT(ref("0", "o/r", &r), PRGATE_ERR_USAGE);
	CHECK_STR(err.message, "\"0\" is not a valid pull request number");
	CHECK_INT(ref("o/r#12x", NULL, &r), PRGATE_ERR_USAGE);
	CHECK_STR(err.message,
		  "\"o/r#12x\" is not a valid pull request number");
	CHECK_INT(ref("99999999999", "o/r", &r), PRGATE_ERR_USAGE);
	CHECK_INT(ref("-1", "o/r", &r), PRGATE_ERR_USAGE);
	CHECK_INT(ref("o#1", NULL, &r), PRGATE_ERR_USAGE);
	CHECK_INT(ref("o/r/x#1", NULL, &r), PRGATE_ERR_USAGE);
	CHECK_INT(ref("o/..#1", NULL, &r), PRGATE_ERR_USAGE);
	CHECK_INT(ref("o?x/r#1", NULL, &r), PRGATE_ERR_USAGE);
	CHECK_INT(ref("12", NULL, &r), PRGATE_ERR_USAGE);
	CHECK_STR(err.message,
		  "no repository for pull request #12: use OWNER/REPO#12");
	CHECK_INT(ref("12", "just-a-name", &r), PRGATE_ERR_USAGE);
	CHECK_STR(err.message,
		  "default repository \"just-a-name\" is not OWNER/REPO");
	CHECK_INT(ref("https://github.com/o/r/issues/5", NULL, &r),
		  PRGATE_ERR_USAGE);
	CHECK_STR(err.message,
		  "\"https://github.com/o/r/issues/5\" is not a pull request "
		  "URL (want https://HOST/OWNER/REPO/pull/NUMBER)");
	CHECK_INT(ref("https://github.com/o/r/pull/", NULL, &r),
		  PRGATE_ERR_USAGE);
	CHECK_INT(ref("https://github.com/o/r/pull/x1", NULL, &r),
		  PRGATE_ERR_USAGE);
	CHECK_INT(ref("https://github.com/o/r", NULL, &r), PRGATE_ERR_USAGE);
	CHECK_INT(ref("https://u:pw@github.com/o/r/pull/1", NULL, &r),
		  PRGATE_ERR_USAGE);
	CHECK_STR(r.owner, "");
}

static int remote(const char *url, struct prgate_github_ref *r)
{
	prgate_error_clear(&err);
	return (int)prgate_github_parse_remote(url, r, &err);
}

static void test_remotes(void)
{
	static const struct {
		const char *url, *host, *owner, *repo;
	} ok[] = {
	    {"git@github.com:o/r.git", "github.com", "o", "r"},
	    {"git@github.com:octo-org/hello.world", "github.com", "octo-org",
	     "hello.world"},
	    {"github.com:o/r.git/", "github.com", "o", "r"},
	    {"ssh://git@github.com/o/r", "github.com", "o", "r"},
	    {"ssh://git@ghe.example.com:2222/team/app.git", "ghe.example.com",
	     "team", "app"},
	    {"https://github.com/o/r.git", "github.com", "o", "r"},
	    {"https://github.com/o/r/", "github.com", "o", "r"},
	    {"https://x-access-token:secret@github.com/o/r.git", "github.com",
	     "o", "r"},
	    {"http://GHE.corp:8080/o/r.git", "ghe.corp", "o", "r"},
	    {"git://github.com/o/r.git", "github.com", "o", "r"},
	};
	struct prgate_github_ref r;

	for (size_t i = 0; i < ARRAY_SIZE(ok); i++) {
		CHECK_INT(remote(ok[i].url, &r), PRGATE_OK);
		CHECK_STR(r.host, ok[i].host);
		CHECK_STR(r.owner, ok[i].owner);
		CHECK_STR(r.repo, ok[i].repo);
		CHECK_INT(r.number, 0);
	}
	CHECK_INT(remote("/srv/git/repo.git", &r), PRGATE_ERR_INPUT);
	CHECK_STR(err.message, "remote URL \"/srv/git/repo.git\" is not a "
			       "GitHub repository URL (want HOST/OWNER/REPO)");
	CHECK_INT(remote("https://github.com/o", &r), PRGATE_ERR_INPUT);
	CHECK_INT(remote("https://github.com/a/b/c", &r), PRGATE_ERR_INPUT);
	CHECK_INT(remote("ftp://github.com/o/r", &r), PRGATE_ERR_INPUT);
	CHECK_INT(remote("", &r), PRGATE_ERR_INPUT);
	CHECK_INT(remote("https://user:hunter2@example.com/o", &r),
		  PRGATE_ERR_INPUT);
	CHECK_STR(err.message,
		  "remote URL \"https://example.com/o\" is not "
		  "a GitHub repository URL (want HOST/OWNER/REPO)");
	CHECK(!strstr(err.message, "hunter2"));
}

static int link(const char *h, const char *rel, struct strbuf *out)
{
	return prgate_github_link_find(h, rel, out);
}

static void test_links(void)
{
	struct strbuf u = STRBUF_INIT;
	const char *gh =
	    "<https://api.github.com/repositories/617210/commits/78b9/"
	    "check-runs?per_page=2&page=3>; rel=\"next\", "
	    "<https://api.github.com/repositories/617210/commits/78b9/"
	    "check-runs?per_page=2&page=4>; rel=\"last\", "
	    "<https://api.github.com/x?page=1>; rel=\"first\"";

	CHECK_INT(link(gh, "next", &u), 1);
	CHECK_STR(u.buf, "https://api.github.com/repositories/617210/commits/"
			 "78b9/check-runs?per_page=2&page=3");
	CHECK_INT(link(gh, "last", &u), 1);
	CHECK_STR(u.buf, "https://api.github.com/repositories/617210/commits/"
			 "78b9/check-runs?per_page=2&page=4");
	CHECK_INT(link(gh, "first", &u), 1);
	CHECK_STR(u.buf, "https://api.github.com/x?page=1");
	CHECK_INT(link(gh, "prev", &u), 0);
	CHECK_STR(u.buf, "");
	/* several rels in one, case, unquoted, spaces, other params */
	CHECK_INT(link("<https://h/a?x=1,2;3>;rel=\"prev first\" ,"
		       "  < https://h/b > ;  title=\"a, b; c\" ; REL = Next",
		       "next", &u),
		  1);
	CHECK_STR(u.buf, "https://h/b");
	CHECK_INT(link("<https://h/a>; rel=\"prev first\"", "first", &u), 1);
	CHECK_STR(u.buf, "https://h/a");
	CHECK_INT(link("<https://h/a>; rel=\"nextpage\"", "next", &u), 0);
	CHECK_INT(link("<https://h/a>; rel=\"n\\\"ext\"", "n\"ext", &u), 1);
	CHECK_INT(link("<https://h/a>; rel=next, <https://h/b>; rel=next",
		       "next", &u),
		  1);
	CHECK_STR(u.buf, "https://h/a");
	CHECK_INT(link("", "next", &u), 0);
	CHECK_INT(link(NULL, "next", &u), 0);
	CHECK_INT(link(" , ", "next", &u), 0);
	/* garbage */
	CHECK_INT(link("https://h/a; rel=next", "next", &u), -1);
	CHECK_STR(u.buf, "");
	CHECK_INT(link("<https://h/a; rel=next", "next", &u), -1);
	CHECK_INT(link("<https://h/a>; rel=\"next", "next", &u), -1);
	CHECK_INT(link("<https://h/a> rel=next", "next", &u), -1);
	CHECK_INT(link("<https://h/a>; =next", "next", &u), -1);
	CHECK_INT(link("<https://h/a>; rel=", "next", &u), -1);
	CHECK_INT(link("<>; rel=next", "next", &u), -1);
	CHECK_INT(link("<https://h/a>; rel=next, garbage", "next", &u), -1);
	strbuf_release(&u);
}

static long long when(const char *s)
{
	time_t t = 12345;
	if (prgate_github_parse_time(s, &t))
		return -999;
	return (long long)t;
}

static void test_times(void)
{
	CHECK_INT(when("2026-11-21T10:00:00Z"), 1795255200);
	CHECK_INT(when("2011-01-26T19:01:12Z"), 1296068472);
	CHECK_INT(when("2024-02-29T23:59:59Z"), 1709251199);
	CHECK_INT(when("1970-01-01T00:00:00Z"), 0);
	CHECK_INT(when("1969-12-31T23:59:59Z"), -1);
	CHECK_INT(when("2026-11-21T10:00:00.123Z"), 1795255200);
	CHECK_INT(when("2026-11-21T12:00:00+02:00"), 1795255200);
	CHECK_INT(when("2026-11-21T05:30:00-0430"), 1795255200);
	CHECK_INT(when("2026-11-21 10:00:00z"), 1795255200);
	CHECK_INT(when("2026-11-21T10:00:00"), -999);
	CHECK_INT(when("2026-11-21T10:00Z"), -999);
	CHECK_INT(when("2026-02-29T10:00:00Z"), -999);
	CHECK_INT(when("2026-13-01T10:00:00Z"), -999);
	CHECK_INT(when("2026-11-21T24:00:00Z"), -999);
	CHECK_INT(when("2026-11-21T10:00:00Z "), -999);
	CHECK_INT(when("2026-11-21T10:00:00.Z"), -999);
	CHECK_INT(when("2026-11-21T10:00:00+2"), -999);
	CHECK_INT(when(""), -999);
	CHECK_INT(when(NULL), -999);
}

/* Decode a fixture file with fn into f; the status. */
static int fixture(const char *name,
		   enum prgate_status (*fn)(const char *, const char *, size_t,
					    struct prgate_github_facts *,
					    struct prgate_error *),
		   struct prgate_github_facts *f)
{
	struct strbuf sb = STRBUF_INIT;
	struct strbuf path = STRBUF_INIT;
	int st;

	strbuf_addf(&path, "fixtures/github/%s", name);
	if (strbuf_read_file(&sb, path.buf, 1 << 20)) {
		fprintf(stderr, "test_github: cannot read %s\n", path.buf);
		strbuf_release(&path);
		return -1;
	}
	prgate_error_clear(&err);
	st = (int)fn("GET /x", sb.buf, sb.len, f, &err);
	strbuf_release(&sb);
	strbuf_release(&path);
	return st;
}

static int text(const char *s,
		enum prgate_status (*fn)(const char *, const char *, size_t,
					 struct prgate_github_facts *,
					 struct prgate_error *),
		struct prgate_github_facts *f)
{
	prgate_error_clear(&err);
	return (int)fn("GET /repos/o/r/pulls/7", s, strlen(s), f, &err);
}

static void test_decode_pr(void)
{
	struct prgate_github_facts f;
	const char *sha = "\"0123456789abcdef0123456789abcdef01234567\"";
	struct strbuf sb = STRBUF_INIT;

	memset(&f, 0, sizeof(f));
	CHECK_INT(
	    fixture("openapi/pulls-get.json", prgate_github_decode_pr, &f),
	    PRGATE_OK);
	CHECK_STR(f.title, "Amazing new feature");
	CHECK_STR(f.body, "Please pull these awesome changes in!");
	CHECK_STR(f.state, "open");
	CHECK_INT(f.draft, 0);
	CHECK_INT(f.merged, 0);
	CHECK_INT(f.mergeable, 1);
	CHECK_STR(f.mergeable_state, "clean");
	CHECK_STR(f.head_sha, "6dcb09b5b57875f334f61aebed695e2e4193db5e");
	CHECK_STR(f.merge_commit_sha,
		  "e5bd3914e2e596debea16f433f57875b5b90bcd6");
	CHECK_STR(f.head_ref, "new-topic");
	CHECK_STR(f.base_ref, "master");
	CHECK_STR(f.author, "octocat");
	CHECK_INT(f.labels.n, 1);
	CHECK_STR(f.labels.n ? f.labels.v[0] : NULL, "bug");
	CHECK_INT(f.requested_reviewers.n, 1);
	CHECK_STR(f.requested_reviewers.n ? f.requested_reviewers.v[0] : NULL,
		  "other_user");
	CHECK_INT(f.requested_teams.n, 1);
	CHECK_STR(f.requested_teams.n ? f.requested_teams.v[0] : NULL,
		  "justice-league");
	CHECK_INT(f.created_at, 1296068472);
	CHECK_INT(f.updated_at, 1296068472);
	prgate_github_facts_release(&f);

	CHECK_INT(fixture("recorded/pulls-get-draft.json",
			  prgate_github_decode_pr, &f),
		  PRGATE_OK);
	CHECK_INT(f.draft, 1);
	CHECK_STR(f.mergeable_state, "draft");
	prgate_github_facts_release(&f);

	/* the same facts decoded twice: the second PR replaces the first
	 * (nothing leaks: check-asan, check-valgrind) */
	CHECK_INT(
	    fixture("openapi/pulls-get.json", prgate_github_decode_pr, &f),
	    PRGATE_OK);
	CHECK_INT(fixture("recorded/pulls-get-draft.json",
			  prgate_github_decode_pr, &f),
		  PRGATE_OK);
	CHECK_STR(f.title, "createDraftPullRequest");
	CHECK_INT(f.draft, 1);
	CHECK_INT(f.labels.n, 0);
	CHECK_INT(f.requested_reviewers.n, 0);
	CHECK_INT(f.requested_teams.n, 0);
	prgate_github_facts_release(&f);

	/* 2019 recording: no "draft" key, mergeable null */
	CHECK_INT(fixture("recorded/pulls-get-mergeable-unknown.json",
			  prgate_github_decode_pr, &f),
		  PRGATE_OK);
	CHECK_INT(f.draft, 0);
	CHECK_INT(f.mergeable, -1);
	CHECK_STR(f.mergeable_state, "unknown");
	CHECK_INT(f.created_at, 1570309900);
	prgate_github_facts_release(&f);

	/* broken replies */
	CHECK_INT(text("{\"title\": \"t\"", prgate_github_decode_pr, &f),
		  PRGATE_ERR_API);
	CHECK(!strncmp(err.message,
		       "unexpected reply from GET /repos/o/r/pulls/7: 1:", 48));
	CHECK_INT(text("", prgate_github_decode_pr, &f), PRGATE_ERR_API);
	CHECK_STR(err.message, "unexpected reply from GET /repos/o/r/pulls/7: "
			       "an empty body, not JSON");
	CHECK_INT(text("[]", prgate_github_decode_pr, &f), PRGATE_ERR_API);
	CHECK_STR(err.message, "unexpected reply from GET /repos/o/r/pulls/7: "
			       "the reply is an array, not an object");
	prgate_github_facts_release(&f);

	strbuf_addf(
	    &sb, "{\"title\": \"t\", \"body\": null, \"state\": \"open\", "
		 "\"merged\": false, \"mergeable\": false, "
		 "\"head\": {\"ref\": \"x\"}, \"base\": {\"ref\": \"main\"}, "
		 "\"user\": null, \"created_at\": \"2026-11-21T10:00:00Z\", "
		 "\"updated_at\": \"2026-11-21T10:00:00Z\"}");
	CHECK_INT(text(sb.buf, prgate_github_decode_pr, &f), PRGATE_ERR_API);
	CHECK_STR(err.message, "unexpected reply from GET /repos/o/r/pulls/7: "
			       "\"head.sha\" is missing");
	prgate_github_facts_release(&f);

	strbuf_reset(&sb);
	strbuf_addf(&sb,
		    "{\"title\": \"t\", \"body\": null, \"state\": \"open\", "
		    "\"merged\": false, \"mergeable\": false, "
		    "\"head\": {\"ref\": \"x\", \"sha\": %s}, "
		    "\"base\": {\"ref\": \"main\"}, \"user\": null, "
		    "\"labels\": [{\"name\": \"a\"}, {\"name\": 2}], "
		    "\"created_at\": \"2026-11-21T10:00:00Z\", "
		    "\"updated_at\": \"2026-11-21T10:00:00Z\"}",
		    sha);
	CHECK_INT(text(sb.buf, prgate_github_decode_pr, &f), PRGATE_ERR_API);
	CHECK_STR(err.message, "unexpected reply from GET /repos/o/r/pulls/7: "
			       "\"labels[1].name\" is a number, not a string");
	prgate_github_facts_release(&f);

	strbuf_reset(&sb);
	strbuf_addf(&sb,
		    "{\"title\": \"t\", \"body\": null, \"state\": \"open\", "
		    "\"merged\": false, \"mergeable\": false, "
		    "\"head\": {\"ref\": \"x\", \"sha\": %s}, "
		    "\"base\": {\"ref\": \"main\"}, \"user\": null, "
		    "\"created_at\": \"yesterday\", "
		    "\"updated_at\": \"2026-11-21T10:00:00Z\"}",
		    sha);
	CHECK_INT(text(sb.buf, prgate_github_decode_pr, &f), PRGATE_ERR_API);
	CHECK_STR(err.message, "unexpected reply from GET /repos/o/r/pulls/7: "
			       "\"created_at\" is not an ISO 8601 time: "
			       "\"yesterday\"");
	prgate_github_facts_release(&f);

	strbuf_reset(&sb);
	strbuf_addf(&sb,
		    "{\"title\": \"t\", \"body\": null, \"state\": \"open\", "
		    "\"merged\": false, \"mergeable\": false, "
		    "\"head\": {\"ref\": \"x\", \"sha\": %s}, "
		    "\"base\": {\"ref\": \"main\"}, \"user\": null, "
		    "\"created_at\": \"2026-11-21T10:00:00Z\", "
		    "\"updated_at\": \"2026-11-21T10:00:00Z\"}",
		    sha);
	CHECK_INT(text(sb.buf, prgate_github_decode_pr, &f), PRGATE_OK);
	CHECK_STR(f.body, "");
	CHECK_STR(f.author, "ghost");
	CHECK_INT(f.mergeable, 0);
	CHECK_STR(f.mergeable_state, "unknown");
	CHECK_INT(f.labels.n, 0);
	prgate_github_facts_release(&f);

	CHECK_INT(
	    text("{\"title\": \"t\", \"body\": \"\", \"state\": \"open\", "
		 "\"draft\": \"yes\"}",
		 prgate_github_decode_pr, &f),
	    PRGATE_ERR_API);
	CHECK_STR(err.message, "unexpected reply from GET /repos/o/r/pulls/7: "
			       "\"draft\" is a string, not true or false");
	prgate_github_facts_release(&f);
	strbuf_release(&sb);
}

static void test_decode_lists(void)
{
	struct prgate_github_facts f;

	memset(&f, 0, sizeof(f));
	CHECK_INT(fixture("recorded/pulls-reviews-list.json",
			  prgate_github_decode_reviews, &f),
		  PRGATE_OK);
	CHECK_INT(fixture("recorded/pulls-reviews-list-pending.json",
			  prgate_github_decode_reviews, &f),
		  PRGATE_OK);
	CHECK_INT(f.nreviews, 2);
	if (f.nreviews == 2) {
		CHECK_STR(f.reviews[0].login, "sahansera-test2");
		CHECK_STR(f.reviews[0].state, "APPROVED");
		CHECK_STR(f.reviews[0].commit_id,
			  "70b9fde43c4b762670022ceb64a2a234d86084ac");
		CHECK_INT(f.reviews[0].submitted_at, 1637664695);
		CHECK_STR(f.reviews[1].login, "maximevw");
		CHECK_STR(f.reviews[1].state, "PENDING");
		CHECK_INT(f.reviews[1].submitted_at, 0);
	}
	CHECK_INT(text("[{\"user\": {\"login\": \"a\"}, \"state\": 1}]",
		       prgate_github_decode_reviews, &f),
		  PRGATE_ERR_API);
	CHECK_STR(err.message, "unexpected reply from GET /repos/o/r/pulls/7: "
			       "\"[0].state\" is a number, not a string");
	CHECK_INT(text("[{\"user\": {}, \"state\": \"APPROVED\"}]",
		       prgate_github_decode_reviews, &f),
		  PRGATE_ERR_API);
	CHECK_STR(err.message, "unexpected reply from GET /repos/o/r/pulls/7: "
			       "\"[0].user.login\" is missing");
	CHECK_INT(text("[1]", prgate_github_decode_reviews, &f),
		  PRGATE_ERR_API);
	CHECK_STR(err.message, "unexpected reply from GET /repos/o/r/pulls/7: "
			       "\"[0]\" is a number, not an object");
	CHECK_INT(text("{}", prgate_github_decode_reviews, &f), PRGATE_ERR_API);
	CHECK_STR(err.message, "unexpected reply from GET /repos/o/r/pulls/7: "
			       "the reply is an object, not an array");
	CHECK_INT(f.nreviews, 2);

	for (int p = 1; p <= 4; p++) {
		char name[64];
		snprintf(name, sizeof(name),
			 "recorded/check-runs-list-page%d.json", p);
		CHECK_INT(fixture(name, prgate_github_decode_check_runs, &f),
			  PRGATE_OK);
	}
	CHECK_INT(fixture("openapi/checks-list-for-ref.json",
			  prgate_github_decode_check_runs, &f),
		  PRGATE_OK);
	CHECK_INT(f.nchecks, 9);
	if (f.nchecks == 9) {
		CHECK_STR(f.checks[0].name, "test (windows, Java 13)");
		CHECK_STR(f.checks[0].status, "completed");
		CHECK_STR(f.checks[0].conclusion, "success");
		CHECK_STR(f.checks[0].html_url,
			  "https://github.com/hub4j/github-api/runs/514982798");
		CHECK_STR(f.checks[7].name, "build-only (Java 11)");
		CHECK_STR(f.checks[8].name, "mighty_readme");
		CHECK_STR(f.checks[8].conclusion, "neutral");
	}
	CHECK_INT(text("{\"total_count\": 1, \"check_runs\": [{\"name\": "
		       "\"ci\", \"status\": \"in_progress\", \"conclusion\": "
		       "null}]}",
		       prgate_github_decode_check_runs, &f),
		  PRGATE_OK);
	CHECK_INT(f.nchecks, 10);
	if (f.nchecks == 10) {
		CHECK_STR(f.checks[9].conclusion, NULL);
		CHECK_STR(f.checks[9].html_url, NULL);
	}
	CHECK_INT(text("{\"check_runs\": [{\"status\": \"queued\"}]}",
		       prgate_github_decode_check_runs, &f),
		  PRGATE_ERR_API);
	CHECK_STR(err.message, "unexpected reply from GET /repos/o/r/pulls/7: "
			       "\"check_runs[0].name\" is missing");
	CHECK_INT(
	    text("{\"total_count\": 0}", prgate_github_decode_check_runs, &f),
	    PRGATE_ERR_API);
	CHECK_STR(err.message, "unexpected reply from GET /repos/o/r/pulls/7: "
			       "\"check_runs\" is missing");

	CHECK_INT(fixture("recorded/status-combined.json",
			  prgate_github_decode_status, &f),
		  PRGATE_OK);
	CHECK_STR(f.combined_state, "failure");
	CHECK_INT(f.nstatuses, 2);
	if (f.nstatuses == 2) {
		CHECK_STR(f.statuses[0].context, "example/1");
		CHECK_STR(f.statuses[0].state, "failure");
		CHECK_STR(f.statuses[0].target_url, "https://example.com");
		CHECK_STR(f.statuses[0].description,
			  "create-status failure test");
		CHECK_STR(f.statuses[1].state, "success");
	}
	prgate_github_facts_release(&f);
	CHECK_INT(fixture("recorded/status-combined-empty.json",
			  prgate_github_decode_status, &f),
		  PRGATE_OK);
	CHECK_STR(f.combined_state, "pending");
	CHECK_INT(f.nstatuses, 0);

	CHECK_INT(
	    fixture("recorded/compare.json", prgate_github_decode_compare, &f),
	    PRGATE_OK);
	CHECK_STR(f.compare_status, "ahead");
	CHECK_INT(f.ahead_by, 9);
	CHECK_INT(f.behind_by, 0);
	CHECK_INT(fixture("recorded/compare-behind.json",
			  prgate_github_decode_compare, &f),
		  PRGATE_OK);
	CHECK_STR(f.compare_status, "behind");
	CHECK_INT(f.ahead_by, 0);
	CHECK_INT(f.behind_by, 2);
	CHECK_INT(text("{\"status\": \"ahead\", \"ahead_by\": 1.5, "
		       "\"behind_by\": 0}",
		       prgate_github_decode_compare, &f),
		  PRGATE_ERR_API);
	CHECK_STR(err.message, "unexpected reply from GET /repos/o/r/pulls/7: "
			       "\"ahead_by\" is not a count");

	CHECK_INT(fixture("openapi/pulls-files-list.json",
			  prgate_github_decode_files, &f),
		  PRGATE_OK);
	CHECK_INT(text("[{\"filename\": \"logo.png\", \"status\": \"added\"}]",
		       prgate_github_decode_files, &f),
		  PRGATE_OK);
	CHECK_INT(f.nfiles, 2);
	if (f.nfiles == 2) {
		CHECK_STR(f.files[0].filename, "file1.txt");
		CHECK_STR(f.files[0].status, "added");
		CHECK_STR(f.files[0].patch,
			  "@@ -132,7 +132,7 @@ module Test "
			  "@@ -1000,7 +1000,7 @@ module Test");
		CHECK_STR(f.files[1].patch, NULL);
	}
	prgate_github_facts_release(&f);
}

static void test_decode_issue(void)
{
	struct prgate_github_dep d;
	const char *pr = "{\"state\": \"closed\", \"pull_request\": "
			 "{\"merged_at\": \"2024-03-01T09:00:00Z\"}}";
	const char *open_pr = "{\"state\": \"open\", \"pull_request\": "
			      "{\"merged_at\": null}}";
	const char *closed = "{\"state\": \"closed\"}";

	memset(&d, 0, sizeof(d));
	CHECK_INT(prgate_github_decode_issue("GET /i", closed, strlen(closed),
					     &d, &err),
		  PRGATE_OK);
	CHECK_STR(d.state, "closed");
	CHECK_INT(d.is_pr, 0);
	CHECK_INT(d.merged, 0);
	CHECK_INT(
	    prgate_github_decode_issue("GET /i", pr, strlen(pr), &d, &err),
	    PRGATE_OK);
	CHECK_INT(d.is_pr, 1);
	CHECK_INT(d.merged, 1);
	CHECK_INT(prgate_github_decode_issue("GET /i", open_pr, strlen(open_pr),
					     &d, &err),
		  PRGATE_OK);
	CHECK_STR(d.state, "open");
	CHECK_INT(d.is_pr, 1);
	CHECK_INT(d.merged, 0);
	CHECK_INT(prgate_github_decode_issue("GET /i", "{}", 2, &d, &err),
		  PRGATE_ERR_API);
	CHECK_STR(err.message, "unexpected reply from GET /i: \"state\" is "
			       "missing");
	CHECK_STR(d.state, "open");
	free(d.state);
}

static void test_add_dep(void)
{
	struct prgate_github_facts f;
	struct prgate_github_ref r;

	memset(&f, 0, sizeof(f));
	CHECK_INT(ref("o/r#12", NULL, &r), PRGATE_OK);
	CHECK_INT(prgate_github_facts_add_dep(&f, &r), 0);
	CHECK_INT(prgate_github_facts_add_dep(&f, &r), 0);
	CHECK_INT(f.ndeps, 1);
	strcpy(r.repo, "r?x=1");
	CHECK_INT(prgate_github_facts_add_dep(&f, &r), -1);
	strcpy(r.repo, "r");
	r.number = 0;
	CHECK_INT(prgate_github_facts_add_dep(&f, &r), -1);
	CHECK_INT(f.ndeps, 1);
	if (f.ndeps) {
		CHECK_STR(f.deps[0].ref.repo, "r");
		CHECK_INT(f.deps[0].ref.number, 12);
		CHECK_STR(f.deps[0].state, NULL);
	}
	prgate_github_facts_release(&f);
}

static void test_http_helpers(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct prgate_http *h = NULL;

	CHECK(prgate_http_same_origin("https://api.github.com/repos/o/r",
				      "https://API.github.com"));
	CHECK(prgate_http_same_origin("https://api.github.com:443/x",
				      "https://api.github.com/y"));
	CHECK(prgate_http_same_origin("http://127.0.0.1:8080/a?b",
				      "http://127.0.0.1:8080"));
	CHECK(!prgate_http_same_origin("http://api.github.com/x",
				       "https://api.github.com"));
	CHECK(!prgate_http_same_origin("https://api.github.com.evil.com/x",
				       "https://api.github.com"));
	CHECK(!prgate_http_same_origin("http://127.0.0.1:8081/",
				       "http://127.0.0.1:8080"));
	CHECK(!prgate_http_same_origin("http://localhost:8080/",
				       "http://127.0.0.1:8080"));
	CHECK(!prgate_http_same_origin("file:///etc/passwd", "file:///etc"));
	CHECK(!prgate_http_same_origin("not a url", "not a url"));

	prgate_http_redact("https://u:pw@h.example:8443/a/b?token=x#f", &sb);
	CHECK_STR(sb.buf, "https://h.example:8443/a/b");
	strbuf_reset(&sb);
	prgate_http_redact("::", &sb);
	CHECK_STR(sb.buf, "(bad URL)");
	CHECK_STR(prgate_http_reason(404), "Not Found");
	CHECK_STR(prgate_http_reason(299), "");

	CHECK_INT(prgate_http_new("http://example.com:8080", "ghp_secret", NULL,
				  &h, &err),
		  PRGATE_ERR_USAGE);
	CHECK(h == NULL);
	CHECK_STR(err.message,
		  "refusing to send the token to \"http://example.com:8080/\" "
		  "over plain http: use https (http is only for 127.0.0.1, "
		  "localhost and ::1)");
	CHECK_INT(prgate_http_new("https://u:ghp_secret@example.com", NULL,
				  NULL, &h, &err),
		  PRGATE_ERR_USAGE);
	CHECK(!strstr(err.message, "ghp_secret"));
	CHECK_INT(prgate_http_new("https://example.com/api?x=1", NULL, NULL, &h,
				  &err),
		  PRGATE_ERR_USAGE);
	CHECK_INT(prgate_http_new("ftp://example.com", NULL, NULL, &h, &err),
		  PRGATE_ERR_USAGE);
	CHECK_INT(
	    prgate_http_new("https://example.com", "a\nb", NULL, &h, &err),
	    PRGATE_ERR_USAGE);
	CHECK_INT(prgate_http_new("http://example.com", NULL, NULL, &h, &err),
		  PRGATE_OK);
	prgate_http_free(h);
	h = NULL;
	CHECK_INT(prgate_http_new("http://[::1]:9/", "t", NULL, &h, &err),
		  PRGATE_OK);
	prgate_http_free(h);
	h = NULL;
	CHECK_INT(prgate_http_new("https://ghe.example.com/api/v3/", "t", NULL,
				  &h, &err),
		  PRGATE_OK);
	if (h) {
		CHECK_STR(prgate_http_base(h),
			  "https://ghe.example.com/api/v3");
		strbuf_reset(&sb);
		prgate_http_describe(
		    h, "GET",
		    "https://ghe.example.com/api/v3/repos/o/r/pulls/7?x=1",
		    &sb);
		CHECK_STR(sb.buf, "GET /repos/o/r/pulls/7");
		strbuf_reset(&sb);
		prgate_http_describe(h, "POST", "https://other.example/p?q=1",
				     &sb);
		CHECK_STR(sb.buf, "POST https://other.example/p");
	}
	prgate_http_free(h);
	strbuf_release(&sb);
}

static void test_api_url(void)
{
	struct prgate_github_ref dot = {"github.com", "o", "r", 7};
	struct prgate_github_ref ghe = {"ghe.example.com", "o", "r", 7};
	struct prgate_github_ref GHE = {"GHE.Example.com", "o", "r", 7};
	struct prgate_github_ref none = {"", "o", "r", 7};
	struct prgate_strlist hosts = {0};
	struct prgate_error why;
	struct strbuf buf = STRBUF_INIT;
	char *saved =
	    getenv("PRGATE_API_URL") ? xstrdup(getenv("PRGATE_API_URL")) : NULL;

	unsetenv("PRGATE_API_URL");
	CHECK_STR(
	    prgate_github_api_url("http://127.0.0.1:9", &ghe, NULL, &buf, &why),
	    "http://127.0.0.1:9");
	/* an Enterprise host nobody named: no URL, a clear error */
	prgate_error_clear(&why);
	CHECK(prgate_github_api_url(NULL, &ghe, NULL, &buf, &why) == NULL);
	CHECK_INT(why.status, PRGATE_ERR_USAGE);
	CHECK_STR(why.message,
		  "'ghe.example.com' is not a known GitHub host: give its API "
		  "with --api-url or PRGATE_API_URL, or list the host in the "
		  "policy's \"github.hosts\"");
	prgate_strlist_add(&hosts, "other.example");
	CHECK(prgate_github_api_url(NULL, &ghe, &hosts, &buf, &why) == NULL);
	/* listed in github.hosts (lower case): its /api/v3 */
	prgate_strlist_add(&hosts, "ghe.example.com");
	CHECK_STR(prgate_github_api_url(NULL, &ghe, &hosts, &buf, &why),
		  "https://ghe.example.com/api/v3");
	CHECK_STR(prgate_github_api_url(NULL, &GHE, &hosts, &buf, &why),
		  "https://GHE.Example.com/api/v3");
	CHECK_STR(prgate_github_api_url(NULL, &dot, NULL, &buf, &why),
		  "https://api.github.com");
	CHECK_STR(prgate_github_api_url(NULL, &none, NULL, &buf, &why),
		  "https://api.github.com");
	setenv("PRGATE_API_URL", "https://mirror.example/api", 1);
	CHECK_STR(prgate_github_api_url(NULL, &ghe, NULL, &buf, &why),
		  "https://mirror.example/api");
	CHECK_STR(prgate_github_api_url("https://given.example", &ghe, NULL,
					&buf, &why),
		  "https://given.example");
	if (saved)
		setenv("PRGATE_API_URL", saved, 1);
	else
		unsetenv("PRGATE_API_URL");
	free(saved);
	prgate_strlist_release(&hosts);
	strbuf_release(&buf);
}

void test_github(void)
{
	test_api_url();
	test_refs();
	test_remotes();
	test_links();
	test_times();
	test_decode_pr();
	test_decode_lists();
	test_decode_issue();
	test_add_dep();
	test_http_helpers();
}
