/*
 * test_hook.c - the pre-push hook's parts: git's pre-push input, deploy
 * targets, the hook script, a commit's pull request, and the deploy
 * journal (format, parse, append, latest) with hostile strings.
 */
#include "integrations/hook.h"
#include "support/visible.h"
#include "integrations/journal.h"
#include "test.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define Z40 "0000000000000000000000000000000000000000"
#define A40 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define B40 "b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0"
#define C64 "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"

static int parses(const char *text)
{
	struct prgate_hook_updates u = {0};
	struct prgate_error err;
	int ok = prgate_hook_parse_updates(text, strlen(text), &u, &err) ==
		 PRGATE_OK;
	prgate_hook_updates_release(&u);
	return ok;
}

static void test_parse(void)
{
	static const char text[] =
	    "refs/heads/main " A40 " refs/heads/master " B40 "\n"
	    "\n"
	    "(delete) " Z40 " refs/heads/old " A40 "\n"
	    "refs/heads/new " B40 " refs/heads/new " Z40 "\r\n"
	    "refs/tags/v1 " C64 " refs/tags/v1 " Z40;
	struct prgate_hook_updates u = {0};
	struct prgate_error err;

	prgate_error_clear(&err);
	CHECK_INT(prgate_hook_parse_updates(text, strlen(text), &u, &err),
		  PRGATE_OK);
	CHECK_INT(u.n, 4);
	if (u.n == 4) {
		CHECK_STR(u.v[0].local_ref, "refs/heads/main");
		CHECK_STR(u.v[0].local_sha, A40);
		CHECK_STR(u.v[0].remote_ref, "refs/heads/master");
		CHECK_STR(u.v[0].remote_sha, B40);
		CHECK_STR(u.v[1].local_ref, "(delete)");
		CHECK(prgate_hook_sha_is_zero(u.v[1].local_sha));
		CHECK(!prgate_hook_sha_is_zero(u.v[1].remote_sha));
		CHECK_STR(u.v[2].remote_sha, Z40);
		CHECK(prgate_hook_sha_is_zero(u.v[2].remote_sha));
		CHECK_STR(u.v[3].local_sha, C64);
	}
	prgate_hook_updates_release(&u);
	CHECK_INT(u.n, 0);

	CHECK(parses(""));
	CHECK(parses("\n\n"));
	CHECK(!parses("refs/heads/a " A40 " refs/heads/a\n"));
	CHECK(!parses("refs/heads/a " A40 " refs/heads/a " B40 " extra\n"));
	CHECK(!parses("refs/heads/a  " A40 " refs/heads/a " B40 "\n"));
	CHECK(!parses("refs/heads/a " A40 "x refs/heads/a " B40 "\n"));
	CHECK(!parses("refs/heads/a abc refs/heads/a " B40 "\n"));
	CHECK(!parses("refs/heads/a " A40 " refs/heads/a "
		      "gggggggggggggggggggggggggggggggggggggggg\n"));
	{
		struct prgate_hook_updates v = {0};
		static const char bad[] =
		    "refs/heads/a " A40 " refs/heads/a " B40 "\nnonsense\n";
		CHECK_INT(prgate_hook_parse_updates(bad, strlen(bad), &v, &err),
			  PRGATE_ERR_INPUT);
		CHECK_STR(err.message,
			  "line 2 of the pre-push input is not '<local ref> "
			  "<local sha> <remote ref> <remote sha>'");
		prgate_hook_updates_release(&v);
	}
	CHECK(!prgate_hook_sha_is_zero(""));
	CHECK(!prgate_hook_sha_is_zero("00a0"));
}

static void test_targets(void)
{
	struct prgate_strlist remotes = {0}, branches = {0};

	prgate_strlist_add(&remotes, "production");
	prgate_strlist_add(&remotes, "prod-eu");
	prgate_strlist_add(&branches, "master");
	prgate_strlist_add(&branches, "main");
	CHECK_STR(prgate_hook_deploy_branch(&remotes, &branches, "production",
					    "refs/heads/master"),
		  "master");
	CHECK_STR(prgate_hook_deploy_branch(&remotes, &branches, "prod-eu",
					    "refs/heads/main"),
		  "main");
	CHECK_STR(prgate_hook_deploy_branch(&remotes, &branches, "backup",
					    "refs/heads/master"),
		  NULL);
	CHECK_STR(prgate_hook_deploy_branch(&remotes, &branches, "Production",
					    "refs/heads/master"),
		  NULL);
	CHECK_STR(prgate_hook_deploy_branch(&remotes, &branches, "production",
					    "refs/heads/feature"),
		  NULL);
	CHECK_STR(prgate_hook_deploy_branch(&remotes, &branches, "production",
					    "refs/tags/master"),
		  NULL);
	CHECK_STR(prgate_hook_deploy_branch(&remotes, &branches, "production",
					    "refs/heads/master2"),
		  NULL);
	CHECK_STR(prgate_hook_deploy_branch(&remotes, &branches, "production",
					    "refs/heads/"),
		  NULL);
	CHECK_STR(prgate_hook_deploy_branch(&remotes, &branches, "production",
					    "master"),
		  NULL);
	/* a push to a URL: git passes the URL as the remote's name */
	CHECK_STR(prgate_hook_deploy_branch(&remotes, &branches,
					    "git@example.com:o/r.git",
					    "refs/heads/master"),
		  NULL);
	prgate_strlist_release(&remotes);
	prgate_strlist_release(&branches);
}

static void test_script(void)
{
	struct strbuf sb = STRBUF_INIT;
	static const char other[] = "#!/bin/sh\necho '" PRGATE_HOOK_MARKER
				    "'\n# prgate pre-push hook\n";

	prgate_shell_quote_always(&sb, "/opt/it's here/prgate");
	CHECK_STR(sb.buf, "'/opt/it'\\''s here/prgate'");
	strbuf_reset(&sb);
	prgate_hook_script(&sb, "/opt/it's/prgate");
	CHECK(!strncmp(sb.buf, "#!/bin/sh\n" PRGATE_HOOK_MARKER "\n",
		       strlen("#!/bin/sh\n" PRGATE_HOOK_MARKER "\n")));
	CHECK(strstr(sb.buf, "\nprgate='/opt/it'\\''s/prgate'\n") != NULL);
	CHECK(strstr(sb.buf, "exec \"$prgate\" hook pre-push \"$@\"\n") !=
	      NULL);
	CHECK(strstr(sb.buf, PRGATE_HOOK_CHAINED) != NULL);
	CHECK(prgate_hook_is_ours(sb.buf, sb.len));
	/* the marker inside another line is not the marker */
	CHECK(!prgate_hook_is_ours(other, strlen(other)));
	CHECK(!prgate_hook_is_ours("", 0));
	/* the marker as the last line without a newline */
	CHECK(prgate_hook_is_ours("#!/bin/sh\n" PRGATE_HOOK_MARKER,
				  strlen("#!/bin/sh\n" PRGATE_HOOK_MARKER)));
	strbuf_release(&sb);
}

/* Two spellings of one remote normalise to the same URL. */
static void test_remote_urls(void)
{
	static const struct {
		const char *a, *b;
		int same;
	} cases[] = {
	    {"git@github.com:o/prod.git", "ssh://git@github.com/o/prod", 1},
	    {"git@github.com:o/prod.git", "ssh://git@GitHub.com:22/o/prod/", 1},
	    {"git@github.com:o/prod.git", "git+ssh://git@github.com/o/prod.git",
	     1},
	    {"git@github.com:o/prod", "git@github.com:o/prod.git/", 1},
	    {"https://github.com/o/prod.git", "https://GITHUB.com/o/prod/", 1},
	    {"/srv/git/prod.git", "file:///srv/git/prod.git/", 1},
	    {"/srv/git/prod.git", "/srv/git/prod", 1},
	    {"/srv/git/prod.git", "/srv/git/backup.git", 0},
	    {"git@github.com:o/prod.git", "git@github.com:o/backup.git", 0},
	    {"git@github.com:o/prod.git", "git@gitlab.com:o/prod.git", 0},
	    {"ssh://git@github.com:2222/o/prod", "git@github.com:o/prod", 0},
	    {"https://github.com/o/prod", "ssh://git@github.com/o/prod", 0},
	};
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		prgate_hook_url_normalize(cases[i].a, &a);
		prgate_hook_url_normalize(cases[i].b, &b);
		if ((strcmp(a.buf, b.buf) == 0) != cases[i].same) {
			fprintf(stderr, "  '%s' -> '%s', '%s' -> '%s'\n",
				cases[i].a, a.buf, cases[i].b, b.buf);
			CHECK(0);
		}
	}
	prgate_hook_url_normalize("git@github.com:o/prod.git", &a);
	CHECK_STR(a.buf, "ssh://git@github.com/o/prod");
	prgate_hook_url_normalize("file:///srv/nowhere/prod.git/", &a);
	CHECK_STR(a.buf, "file:///srv/nowhere/prod");
	strbuf_release(&a);
	strbuf_release(&b);
}

static struct prgate_hook_pick last;

/* The kind picked for sha, and in *number the PR; -1 on an error. */
static int pick(const char *json, const char *sha, long *number)
{
	static const char *const deploy[] = {"master", "main"};
	struct prgate_strlist branches = {(char **)deploy, 2, 0};
	struct prgate_error err;
	if (prgate_hook_decode_pulls("GET /x", json, strlen(json), sha,
				     &branches, &last, &err) != PRGATE_OK)
		return -1;
	*number = last.number;
	return (int)last.kind;
}

/* A PR of the list: number, base, state, head sha, merged as mc. */
#define PR(n, base, state, head, mc)                                           \
	"{\"number\": " #n ", \"base\": {\"ref\": \"" base "\"}, "             \
	"\"state\": \"" state "\", \"head\": {\"sha\": \"" head "\"}, "        \
	"\"merged_at\": " mc "}"
#define MERGED(sha)                                                            \
	"\"2026-01-01T00:00:00Z\", \"merge_commit_sha\": \"" sha "\""
#define NOT_MERGED "null, \"merge_commit_sha\": \"" A40 "\""

static void test_pulls(void)
{
	long n = -1;

	CHECK_INT(pick("[]", A40, &n), PRGATE_HOOK_NO_PR);
	CHECK_INT(n, 0);
	/* merged with this merge commit: deploy it */
	CHECK_INT(pick("[" PR(12, "main", "open", B40, NOT_MERGED) "," PR(
			   13, "main", "closed", B40, MERGED(A40)) "]",
		       A40, &n),
		  PRGATE_HOOK_DEPLOY);
	CHECK_INT(n, 13);
	/* an open PR's head; an open PR's test merge is not deployed */
	CHECK_INT(
	    pick("[" PR(7, "master", "open", A40, NOT_MERGED) "]", A40, &n),
	    PRGATE_HOOK_DEPLOY);
	CHECK_INT(n, 7);
	CHECK_INT(
	    pick("[" PR(9, "master", "open", B40, NOT_MERGED) "]", A40, &n),
	    PRGATE_HOOK_OLDER);
	CHECK_INT(n, 9);
	/* closed without merging: picked, so that pr-state says NO-GO; an
	 * open PR with the same head wins */
	CHECK_INT(pick("[" PR(5, "main", "closed", A40, "null") "]", A40, &n),
		  PRGATE_HOOK_DEPLOY);
	CHECK_INT(n, 5);
	CHECK_INT(pick("[" PR(5, "main", "closed", A40, "null") "," PR(
			   6, "main", "open", A40, "null") "]",
		       A40, &n),
		  PRGATE_HOOK_DEPLOY);
	CHECK_INT(n, 6);
	/* a PR into a scratch branch is not a deploy, even listed first */
	CHECK_INT(pick("[" PR(480, "scratch", "open", A40, "null") "," PR(
			   479, "main", "open", A40, "null") "]",
		       A40, &n),
		  PRGATE_HOOK_DEPLOY);
	CHECK_INT(n, 479);
	CHECK_INT(
	    pick("[" PR(480, "scratch", "open", A40, "null") "]", A40, &n),
	    PRGATE_HOOK_ELSEWHERE);
	CHECK_INT(n, 480);
	CHECK_STR(last.base, "scratch");
	CHECK_INT(pick("[{\"number\": 3, \"head\": {\"sha\": \"" A40 "\"}}]",
		       A40, &n),
		  PRGATE_HOOK_ELSEWHERE); /* no base: not a deploy branch */
	/* the pre-merge head of a merged PR is not its deploy */
	CHECK_INT(
	    pick("[" PR(8, "main", "closed", A40, MERGED(B40)) "]", A40, &n),
	    PRGATE_HOOK_PREMERGE);
	CHECK_INT(n, 8);
	CHECK_STR(last.merge_sha, B40);
	/* ... unless it was merged fast-forward, as itself */
	CHECK_INT(
	    pick("[" PR(8, "main", "closed", A40, MERGED(A40)) "]", A40, &n),
	    PRGATE_HOOK_DEPLOY);
	CHECK_INT(pick("{\"message\": \"Not Found\"}", A40, &n), -1);
	CHECK_INT(pick("[{\"title\": \"no number\"}]", A40, &n), -1);
	CHECK_INT(pick("[{\"number\": 1.5}]", A40, &n), -1);
	CHECK_INT(pick("[", A40, &n), -1);
}

static void test_journal_lines(void)
{
	/* hostile: quotes, backslashes, newlines, controls, non-ASCII */
	static const char hostile[] =
	    "it's \"quoted\" \\ back\\slash\nnew line\r\t\x01\x1f "
	    "\xc3\xa9t\xc3\xa9 \xe2\x80\xa8 </script> }{ \"verdict\": \"go\"";
	struct prgate_journal_entry e = {0}, back;
	struct prgate_error err;
	struct strbuf line = STRBUF_INIT;

	e.time = 1795000000; /* 2026-11-18T11:06:40Z */
	e.remote = (char *)hostile;
	e.ref = (char *)"refs/heads/master";
	e.old_sha = NULL;
	e.new_sha = (char *)A40;
	e.pr = NULL;
	e.verdict = (char *)"skipped";
	e.reason = (char *)hostile;
	prgate_journal_format(&line, &e);
	CHECK(line.len > 0 && line.buf[line.len - 1] == '\n');
	CHECK(memchr(line.buf, '\n', line.len) == line.buf + line.len - 1);
	CHECK(!strncmp(line.buf, "{\"time\": \"2026-11-18T11:06:40Z\", ", 33));
	CHECK(strstr(line.buf, "\"old_sha\": null") != NULL);
	CHECK(strstr(line.buf, "\"pr\": null") != NULL);
	CHECK_INT(prgate_journal_parse(line.buf, line.len - 1, &back, &err),
		  PRGATE_OK);
	CHECK_INT(back.time, e.time);
	CHECK_STR(back.remote, hostile);
	CHECK_STR(back.ref, "refs/heads/master");
	CHECK_STR(back.old_sha, NULL);
	CHECK_STR(back.new_sha, A40);
	CHECK_STR(back.pr, NULL);
	CHECK_STR(back.verdict, "skipped");
	CHECK_STR(back.reason, hostile);
	prgate_journal_entry_release(&back);

	strbuf_reset(&line);
	e.remote = (char *)"production";
	e.old_sha = (char *)B40;
	e.pr = (char *)"octo/shop#482";
	e.verdict = (char *)"go";
	e.reason = NULL;
	e.time = 0;
	prgate_journal_format(&line, &e);
	CHECK_STR(line.buf,
		  "{\"time\": \"1970-01-01T00:00:00Z\", \"remote\": "
		  "\"production\", \"ref\": \"refs/heads/master\", "
		  "\"old_sha\": \"" B40 "\", \"new_sha\": \"" A40 "\", "
		  "\"pr\": \"octo/shop#482\", \"verdict\": \"go\"}\n");

	/* not entries */
	CHECK_INT(prgate_journal_parse("{}", 2, &back, &err), PRGATE_ERR_INPUT);
	prgate_journal_entry_release(&back);
	CHECK_INT(prgate_journal_parse("nonsense", 8, &back, &err),
		  PRGATE_ERR_INPUT);
	prgate_journal_entry_release(&back);
	{
		static const char num[] =
		    "{\"time\": \"2026-01-01T00:00:00Z\", \"remote\": 1, "
		    "\"ref\": \"r\", \"verdict\": \"go\"}";
		CHECK_INT(prgate_journal_parse(num, strlen(num), &back, &err),
			  PRGATE_ERR_INPUT);
		prgate_journal_entry_release(&back);
	}
	strbuf_release(&line);
}

static void test_journal_file(void)
{
	char dir[] = "/tmp/prgate-journal-XXXXXX";
	struct strbuf path = STRBUF_INIT, sub = STRBUF_INIT;
	struct prgate_journal_entry e[2] = {{0}}, got;
	struct prgate_strlist prod = {0};
	struct prgate_error err;
	struct stat st;
	FILE *fp;

	if (!mkdtemp(dir)) {
		CHECK(!"mkdtemp");
		return;
	}
	strbuf_addf(&sub, "%s/prgate", dir);
	strbuf_addf(&path, "%s/" PRGATE_JOURNAL_NAME, dir);
	prgate_error_clear(&err);
	/* no journal yet */
	CHECK_INT(prgate_journal_latest(path.buf, NULL, NULL, &got, &err), 0);

	e[0].time = 1000;
	e[0].remote = (char *)"production";
	e[0].ref = (char *)"refs/heads/master";
	e[0].old_sha = (char *)A40;
	e[0].new_sha = (char *)B40;
	e[0].pr = (char *)"o/r#1";
	e[0].verdict = (char *)"go";
	e[1] = e[0];
	e[1].time = 2000;
	e[1].remote = (char *)"staging \"eu\"\n";
	e[1].old_sha = (char *)B40;
	e[1].new_sha = (char *)A40;
	CHECK_INT(prgate_journal_append(path.buf, e, 2, &err), PRGATE_OK);
	CHECK(stat(sub.buf, &st) == 0 && S_ISDIR(st.st_mode));

	/* a hand-edited, broken line is skipped */
	fp = fopen(path.buf, "a");
	if (fp) {
		fputs("{broken\n\n", fp);
		fclose(fp);
	}
	CHECK_INT(prgate_journal_latest(path.buf, NULL, NULL, &got, &err), 1);
	CHECK_STR(got.remote, "staging \"eu\"\n");
	CHECK_INT(got.time, 2000);
	prgate_journal_entry_release(&got);
	prgate_strlist_add(&prod, "production");
	CHECK_INT(prgate_journal_latest(path.buf, &prod, "refs/heads/master",
					&got, &err),
		  1);
	CHECK_STR(got.old_sha, A40);
	CHECK_STR(got.pr, "o/r#1");
	CHECK_INT(got.time, 1000);
	prgate_journal_entry_release(&got);
	CHECK_INT(prgate_journal_latest(path.buf, &prod, "refs/heads/main",
					&got, &err),
		  0);

	/* more than the MiB looked at: the latest is still found */
	e[1].remote = (char *)"production";
	e[1].reason = (char *)"padding padding padding padding padding";
	e[1].verdict = (char *)"skipped";
	for (int i = 0; i < 6000; i++) {
		e[1].time = 3000 + i;
		CHECK_INT(prgate_journal_append(path.buf, &e[1], 1, &err),
			  PRGATE_OK);
	}
	CHECK(stat(path.buf, &st) == 0 && st.st_size > (1 << 20));
	CHECK_INT(prgate_journal_latest(path.buf, &prod, NULL, &got, &err), 1);
	CHECK_INT(got.time, 8999);
	CHECK_STR(got.verdict, "skipped");
	prgate_journal_entry_release(&got);
	/* only in the old part: not found, no crash */
	CHECK_INT(prgate_journal_latest(path.buf, NULL, "refs/heads/none", &got,
					&err),
		  0);

	unlink(path.buf);
	/* the folder can't be made: an error naming the file */
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/nowhere/deep/deploys.jsonl", dir);
	CHECK_INT(prgate_journal_append(path.buf, e, 1, &err), PRGATE_ERR_IO);
	CHECK(strstr(err.message, "nowhere/deep/deploys.jsonl") != NULL);
	rmdir(sub.buf);
	rmdir(dir);
	prgate_strlist_release(&prod);
	strbuf_release(&path);
	strbuf_release(&sub);
}

/*
 * Rollback points: the old_sha of a deploy of that remote and ref, never
 * what a rollback replaced; the deploy of a PR is its latest.
 */
static void test_journal_rollback(void)
{
	char dir[] = "/tmp/prgate-test-rollback-XXXXXX";
	struct strbuf path = STRBUF_INIT, sub = STRBUF_INIT;
	struct prgate_journal_entry e[4] = {{0}}, got;
	struct prgate_error err;
	const char *C40 = "c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0";

	if (!mkdtemp(dir)) {
		CHECK(!"mkdtemp");
		return;
	}
	strbuf_addf(&sub, "%s/prgate", dir);
	strbuf_addf(&path, "%s/" PRGATE_JOURNAL_NAME, dir);
	prgate_error_clear(&err);
	/* A -> B (#1), B -> C (#2), C -> B (rollback), B -> C (#2 again) */
	for (int i = 0; i < 4; i++) {
		e[i].time = 1000 * (i + 1);
		e[i].remote = (char *)"production";
		e[i].ref = (char *)"refs/heads/main";
		e[i].verdict = (char *)"go";
	}
	e[0].old_sha = (char *)A40, e[0].new_sha = (char *)B40;
	e[0].pr = (char *)"o/r#1";
	e[1].old_sha = (char *)B40, e[1].new_sha = (char *)C40;
	e[1].pr = (char *)"o/r#2";
	e[2].old_sha = (char *)C40, e[2].new_sha = (char *)B40;
	e[2].verdict = (char *)"rollback";
	e[3] = e[1];
	e[3].time = 4000;
	CHECK_INT(prgate_journal_append(path.buf, e, 3, &err), PRGATE_OK);

	CHECK_INT(prgate_journal_rollback_point(path.buf, "production",
						"refs/heads/main", A40, NULL,
						&got, &err),
		  1);
	CHECK_STR(got.pr, "o/r#1");
	prgate_journal_entry_release(&got);
	CHECK_INT(prgate_journal_rollback_point(path.buf, "production",
						"refs/heads/main", B40, NULL,
						&got, &err),
		  1);
	CHECK_STR(got.pr, "o/r#2");
	prgate_journal_entry_release(&got);
	/* C was only replaced by a rollback: deploying it again is no
	 * rollback; nor is a push to another branch or remote */
	CHECK_INT(prgate_journal_rollback_point(path.buf, "production",
						"refs/heads/main", C40, NULL,
						&got, &err),
		  0);
	CHECK_INT(prgate_journal_rollback_point(path.buf, "production",
						"refs/heads/master", A40, NULL,
						&got, &err),
		  0);
	CHECK_INT(prgate_journal_rollback_point(path.buf, "staging",
						"refs/heads/main", A40, NULL,
						&got, &err),
		  0);
	/* the latest deploy is not the rollback after it */
	CHECK_INT(prgate_journal_latest_deploy(path.buf, NULL,
					       "refs/heads/main", &got, &err),
		  1);
	CHECK_INT(got.time, 2000);
	prgate_journal_entry_release(&got);
	/* the latest point other than production's current commit */
	CHECK_INT(prgate_journal_rollback_point(path.buf, "production",
						"refs/heads/main", NULL, B40,
						&got, &err),
		  1);
	CHECK_STR(got.old_sha, A40);
	prgate_journal_entry_release(&got);
	/* the deploy of #2: its latest, not the rollback */
	CHECK_INT(prgate_journal_append(path.buf, &e[3], 1, &err), PRGATE_OK);
	CHECK_INT(prgate_journal_deploy_of(path.buf, "o/r#2", &got, &err), 1);
	CHECK_INT(got.time, 4000);
	CHECK_STR(got.old_sha, B40);
	prgate_journal_entry_release(&got);
	CHECK_INT(prgate_journal_deploy_of(path.buf, "o/r#3", &got, &err), 0);

	unlink(path.buf);
	rmdir(sub.buf);
	rmdir(dir);
	strbuf_release(&path);
	strbuf_release(&sub);
}

void test_hook(void)
{
	test_parse();
	test_targets();
	test_script();
	test_pulls();
	test_remote_urls();
	test_journal_lines();
	test_journal_file();
	test_journal_rollback();
}
