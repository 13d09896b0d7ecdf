/*
 * comment.h - the CI comment bot (`prgate check --comment`): which pull
 * requests a GitHub Actions event is about (or which commit it deploys),
 * the one sticky comment prgate keeps up to date on each, the commit
 * status it sets on each PR's head, and the Actions outputs (the job
 * summary, the step's outputs).
 *
 * The sticky comment is the PR's issue comment whose body starts with
 * PRGATE_COMMENT_MARKER (a hidden HTML comment). A comment that only
 * contains the marker somewhere else does not count, so nobody can make
 * prgate edit their comment by quoting it. Only a comment prgate itself
 * wrote counts: a bot account's, or the token's own login's (see struct
 * prgate_comment_pick); a person's comment that starts with the marker
 * is never edited. It is
 * created once (POST) and edited afterwards (PATCH). Its body is one
 * line and the collapsed checklist on GO, else the Markdown report, trimmed
 * to fit GitHub's limit of PRGATE_COMMENT_MAX characters with a pointer to
 * the job summary. A
 * body that differs from the comment's only in its "checked" times is
 * not written again.
 *
 * The commit status (context from the policy, "prgate") says success,
 * failure, pending or error with the first reason in at most
 * PRGATE_STATUS_DESCRIPTION_MAX characters.
 *
 * Nothing here prints: errors come back in struct prgate_error. Strings
 * and arrays in struct prgate_event are owned by it
 * (prgate_event_release()); those of struct prgate_comment_pick are the
 * caller's to free();
 * arrays returned through out parameters are the caller's to free().
 */
#ifndef PRGATE_COMMENT_H
#define PRGATE_COMMENT_H

#include <stddef.h>
#include <time.h>

#include "gate/github.h"
#include "linter/report.h"
#include "rules/rules.h"
#include "support/status.h"
#include "support/strbuf.h"

#define PRGATE_COMMENT_MARKER "<!-- prgate:sticky -->"
/* GitHub's limit on a comment's body, in characters */
#define PRGATE_COMMENT_MAX 65536

/* ---- events ---- */

/*
 * What a GitHub Actions event ($GITHUB_EVENT_NAME, the JSON payload at
 * $GITHUB_EVENT_PATH) asks prgate to decide:
 *   pull_request, pull_request_target, pull_request_review,
 *   pull_request_review_comment   pull_request.number (head_sha from
 *                                 pull_request.head.sha)
 *   issue_comment                 issue.number, when the issue is a PR
 *   merge_group                   the PR in merge_group.head_ref
 *                                 (refs/heads/gh-readonly-queue/BASE/pr-N-SHA);
 *                                 head_sha the queue's commit (queue)
 *   schedule                      every open PR into the default branch
 *   check_suite, workflow_run     (by_head) the PRs whose head is
 *                                 check_suite.head_sha / workflow_run.
 *                                 head_sha: the payload's pull_requests,
 *                                 else the open PRs with that head
 *   push, deployment,             (deploy) the commit deployed: push's
 *   workflow_dispatch             "after", deployment.sha; a
 *                                 workflow_dispatch names none (the
 *                                 caller takes $GITHUB_SHA)
 *   any other name, or none       pull_request.number if the payload
 *                                 has one
 */
struct prgate_event_pr {
	long number;
	char head_sha[72]; /* the head the event or list says; "" unknown */
};

struct prgate_event {
	char *repo;	      /* "owner/repo" (repository.full_name), or NULL */
	char *default_branch; /* repository.default_branch, or NULL */
	long number;	      /* the pull request; 0 for the others below */
	char *head_sha;	      /* the PR's head, or by_head's; NULL unknown */
	int schedule;	      /* every open PR into the default branch */
	int queue;   /* merge_group: the status goes on head_sha, the queue's */
	int by_head; /* the PRs of head_sha */
	struct prgate_event_pr *prs; /* by_head: the payload's PRs */
	size_t nprs;
	int deploy;	  /* a deploy event: decide the PR of deploy_sha */
	char *deploy_sha; /* NULL for workflow_dispatch */
};

/*
 * Parse the payload text[0, len) of the event called name (NULL or ""
 * when unknown); path names it in messages. Errors (PRGATE_ERR_USAGE or
 * PRGATE_ERR_INPUT) say why there is no pull request in it: "the push
 * event in 'event.json' is not about a pull request: name the PR".
 */
enum prgate_status prgate_event_parse(const char *name, const char *path,
				      const char *text, size_t len,
				      struct prgate_event *ev,
				      struct prgate_error *err);
/* The same, reading the file at path. */
enum prgate_status prgate_event_read(const char *name, const char *path,
				     struct prgate_event *ev,
				     struct prgate_error *err);
void prgate_event_release(struct prgate_event *ev);

/*
 * The PR number in a merge queue branch: "gh-readonly-queue/main/pr-123-
 * <sha>" (a "refs/heads/" prefix and slashes in the base branch
 * allowed) gives 123; anything else 0.
 */
long prgate_event_merge_group_pr(const char *head_ref);

/*
 * The open pull requests of repository repo (number unused), all pages
 * of GET /repos/o/r/pulls?state=open[&base=..] in GitHub's order: those
 * into base (base NULL: the repository's default branch, asked from
 * GitHub, GET /repos/o/r), or with head_sha given, those of any base
 * whose head is head_sha. *out (malloc'd, the caller frees it) and *n;
 * errors are GitHub's (PRGATE_ERR_API, _NETWORK, _UNDECIDED).
 */
enum prgate_status prgate_event_open_prs(struct prgate_github *gh,
					 const struct prgate_github_ref *repo,
					 const char *base, const char *head_sha,
					 struct prgate_event_pr **out,
					 size_t *n, struct prgate_error *err);

/* ---- the sticky comment ---- */

/* 1 when body is a sticky comment's: it starts with the marker. */
int prgate_comment_is_sticky(const char *body);

/*
 * The sticky comment found so far while reading the comment pages. It is
 * only ever one prgate wrote: a bot account's (type Bot, or a login
 * ending in "[bot]", as GitHub Actions' github-actions[bot]), or, with a
 * personal token, the token's own login's. The first sticky comment of
 * each person (of the first PRGATE_COMMENT_PICK_PEOPLE people) is kept
 * aside until GET /user says who owns the token; anyone else's is never
 * edited, so nobody can turn prgate's comment into a fake GO, and a
 * person who copies the marker first does not hide prgate's own.
 */
#define PRGATE_COMMENT_PICK_PEOPLE 8
struct prgate_comment_person {
	long long id;
	char login[128];
	char *body, *html_url; /* NULL when none: the caller frees them */
};
struct prgate_comment_pick {
	long long id;	 /* a bot's sticky comment; 0: none yet */
	char login[128]; /* that bot's login */
	/* its body and page (NULL when none): the caller frees them */
	char *body, *html_url;
	struct prgate_comment_person people[PRGATE_COMMENT_PICK_PEOPLE];
	size_t npeople;
};

/* Free what pick holds and empty it. */
void prgate_comment_pick_release(struct prgate_comment_pick *pick);

/*
 * Consider one page of GET /repos/o/r/issues/N/comments (the JSON array
 * text[0, len); endpoint names it in errors, PRGATE_ERR_API): the first
 * sticky comment by a bot is taken, and each person's first kept aside.
 */
enum prgate_status prgate_comment_pick_page(struct prgate_comment_pick *pick,
					    const char *endpoint,
					    const char *text, size_t len,
					    struct prgate_error *err);

struct prgate_comment_result {
	long long id;	    /* the comment's id (0 when GitHub did not say) */
	int created;	    /* 1: a new comment (POST), 0: edited (PATCH) */
	int unchanged;	    /* 1: it already said that: nothing written */
	char html_url[512]; /* its page, "" when GitHub did not say */
	char login[128];    /* who wrote it (the bot), "" when unknown */
	int deferred;	    /* 1: it needed a write and none was left */
};

/*
 * 1 when two sticky comment bodies say the same thing: equal but for
 * the times after "checked " ("checked 2026-11-25 09:00 UTC").
 */
int prgate_comment_same(const char *a, const char *b);

/*
 * Make body pr's sticky comment: read every page of its comments,
 * then PATCH the sticky one - unless it already says the same
 * (prgate_comment_same(): res->unchanged, no write) - or, when there is
 * none (or it was deleted meanwhile), POST a new one. On failure err says why
 * in a few words, "403: Resource not accessible by integration" for a refusal
 * (a fork's read-only token), else the network error.
 */
enum prgate_status prgate_comment_upsert(struct prgate_github *gh,
					 const struct prgate_github_ref *pr,
					 const char *body,
					 struct prgate_comment_result *res,
					 struct prgate_error *err);

/*
 * The same for several PRs at once, each step of every PR in one batch
 * of requests through gh's client: a page of each PR's comments (until
 * every list is read), GET /user once if a person's comment may be the
 * token's, then every PATCH and POST together, then a POST for each
 * comment deleted meanwhile. jobs[i].res, .st and .err are PR i's, as
 * prgate_comment_upsert() would give them. With writes_left, each PATCH
 * or POST takes one from it, in the jobs' order; a job that needs one
 * when none is left writes nothing (res.deferred, st PRGATE_OK).
 */
struct prgate_comment_job {
	const struct prgate_github_ref *pr; /* borrowed */
	const char *body;		    /* borrowed */
	struct prgate_comment_result res;
	enum prgate_status st;
	struct prgate_error err;
};
void prgate_comment_upsert_many(struct prgate_github *gh,
				struct prgate_comment_job *jobs, size_t n,
				size_t *writes_left);

/*
 * The comment's body for one PR's report, checked at `checked`:
 *   GO:   the marker and one line, "✅ prgate: **GO** — checked
 *         2026-11-25 09:00 UTC" (and when the clock changes it);
 *   else: the marker, the Markdown report and a line saying when it was
 *         checked, trimmed to PRGATE_COMMENT_MAX with a pointer to the
 *         job summary of run_url (NULL when not in a workflow run).
 * Appends to out.
 */
void prgate_comment_body(struct strbuf *out, const struct prgate_report_file *f,
			 time_t checked, const char *run_url);

/*
 * The length of s[0, len) as GitHub counts characters, in UTF-16 code
 * units (a character outside the BMP counts twice), so a body within
 * the limit is within it however GitHub counts.
 */
size_t prgate_comment_length(const char *s, size_t len);

/*
 * Cut the Markdown report md to at most max characters (as above) when
 * it is longer: at a line end (else at a UTF-8 character boundary),
 * closing a code fence and a <details> block left open, then a
 * paragraph with pointer. Returns 1 when it cut, 0 when md fits.
 */
int prgate_comment_trim(struct strbuf *md, size_t max, const char *pointer);

/* ---- the advice-tag review ---- */

/*
 * The advice tags a PR adds (rules/rules.h's prgate_advice_tags_find())
 * annotated on their diff lines: one pull request review of kind
 * COMMENT (it never approves or requests changes, and the review rules
 * ignore COMMENTED reviews), a line comment per tag (path, line, side
 * RIGHT) in prgate's own words only. Its body starts with a hidden
 * marker, PRGATE_ADVICE_MARKER, the head commit and a digest of the
 * tags (file, line, tag); a run posts only when no review by the bot's
 * login already carries the same marker, so one head and set of tags is
 * annotated once. A tag in a file GitHub sent no patch for is not in
 * it (the comment names that file). PRGATE_ADVICE_MARKER is in
 * rules/rules.h: the review rules know the bot's review by it.
 */

struct prgate_advice_result {
	size_t ntags;  /* the tags found; 0: nothing to annotate */
	int posted;    /* 1: the review was posted */
	int unchanged; /* 1: a review of the bot's already says it */
	int deferred;  /* 1: it needed posting and may_post was 0 */
};

/* "<!-- prgate:advice-tag SHA DIGEST -->" appended to out. */
void prgate_advice_review_marker(struct strbuf *out, const char *head_sha,
				 const struct prgate_advice_tags *tags);
/* The review's JSON: commit_id, event COMMENT, body, comments[]. */
void prgate_advice_review_json(struct strbuf *out, const char *head_sha,
			       const struct prgate_advice_tags *tags);
/*
 * Annotate pr's advice tags (from facts, which prgate read this run: no
 * other request) unless done: a review in facts->reviews whose body
 * carries the marker, by login (prgate's own, as GitHub named it when
 * prgate wrote the sticky comment: unknown (NULL or "") means nothing is
 * posted, since any other bot could have copied the marker). POST
 * /repos/o/r/pulls/N/reviews when may_post, else res->deferred; on
 * failure err says why as prgate_comment_upsert() does.
 */
enum prgate_status prgate_advice_review(struct prgate_github *gh,
					const struct prgate_github_ref *pr,
					const struct prgate_github_facts *facts,
					const char *login, int may_post,
					struct prgate_advice_result *res,
					struct prgate_error *err);

/* ---- the commit status ---- */

/* GitHub's limit on a commit status's description, in characters */
#define PRGATE_STATUS_DESCRIPTION_MAX 140

/*
 * The commit status of one PR's report: *state "success" (GO),
 * "failure" (NO-GO), "pending" (NO-GO only because something is still
 * waiting: CI running, no CI yet) or "error" (could not decide), and a
 * description naming the first reason ("NO-GO: window: closed ...",
 * "GO: every check passed, until 2026-11-25 16:00 UTC"), at most
 * PRGATE_STATUS_DESCRIPTION_MAX characters (cut between characters,
 * ending in an ellipsis), appended to desc.
 */
void prgate_commit_status_describe(const struct prgate_report_file *f,
				   const char **state, struct strbuf *desc);

/*
 * POST /repos/o/r/statuses/SHA of repo with context, state, description
 * and target_url (NULL: none). On failure err says why in a few words,
 * as prgate_comment_upsert() does.
 */
enum prgate_status prgate_commit_status_post(
    struct prgate_github *gh, const struct prgate_github_ref *repo,
    const char *sha, const char *context, const char *state,
    const char *description, const char *target_url, struct prgate_error *err);

/* The same for several statuses at once, in one batch of requests. */
struct prgate_status_job {
	/* borrowed */
	const struct prgate_github_ref *repo;
	const char *sha, *context, *state, *description, *target_url;
	enum prgate_status st; /* the outcome, as above */
	struct prgate_error err;
};
void prgate_commit_status_post_many(struct prgate_github *gh,
				    struct prgate_status_job *jobs, size_t n);

/* ---- GitHub Actions ---- */

/*
 * The workflow run's page, SERVER/REPOSITORY/actions/runs/ID, appended
 * to out (server NULL or "": https://github.com). Returns 1, or 0 and
 * appends nothing when repository or run_id is missing.
 */
int prgate_actions_run_url(struct strbuf *out, const char *server,
			   const char *repository, const char *run_id);

/*
 * The step outputs, "verdict=go|no-go|unknown" and "expires_at=<RFC 3339
 * UTC, or empty>", one line each, appended to out.
 */
void prgate_actions_outputs(struct strbuf *out, const char *verdict,
			    time_t expires_at);

/* Append text[0, len) to the file at path (PRGATE_ERR_IO naming it). */
enum prgate_status prgate_actions_append(const char *path, const char *text,
					 size_t len, struct prgate_error *err);

#endif
