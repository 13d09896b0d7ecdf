/*
 * facts.h - what GitHub and the deployment tooling say about a pull
 * request, as values: its state, reviews, check runs, statuses, changed
 * files and dependencies (struct prgate_github_facts), and the gate's
 * extra facts (the moment asked about, who deploys, the health gates'
 * numbers: struct prgate_gate_facts). The gate rules read these through
 * the rule context; the lint driver runs them only when they are there.
 *
 * Only types and plain helpers live here, no I/O: fetching is the gate
 * layer's (gate/github.h fills struct prgate_github_facts over the REST
 * API, gate/metrics.h the metric values), so the rules below it never
 * reach up to the network.
 *
 * Trust: fields GitHub records about who did what (a review's or a
 * comment's login and author_association, a user's type, a check run's
 * app, an id) are GitHub's word; titles, bodies, branch and check names
 * and URLs a check run points to are whatever the PR's author or any app
 * wrote. A rule that decides who approved or who allowed reads the first
 * kind only (the body of a comment counts only together with its
 * author's login).
 *
 * Ownership: every string in struct prgate_github_facts is owned by the
 * facts and freed by prgate_github_facts_release(). A struct
 * prgate_gate_facts borrows the GitHub facts and the policy; it owns its
 * metric values (prgate_gate_facts_release()).
 */
#ifndef PRGATE_FACTS_H
#define PRGATE_FACTS_H

#include <stddef.h>
#include <time.h>

#include "linter/policy.h"
#include "support/strbuf.h"
#include "support/util.h"

/* A repository, or an issue or pull request in one (number > 0). */
struct prgate_github_ref {
	char host[256]; /* "github.com", a GHE host, or "" when not given */
	char owner[64]; /* a user or organisation login */
	char repo[128]; /* the repository's name, without ".git" */
	long number;	/* 0 for a repository */
};

struct prgate_github_review {
	char *login;	     /* GitHub's word; "ghost" for a deleted account */
	char *state;	     /* APPROVED, CHANGES_REQUESTED, COMMENTED, ... */
	char *commit_id;     /* NULL when GitHub gives none */
	time_t submitted_at; /* 0 when not submitted (PENDING) */
	/* GitHub's word: OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, NONE...;
	 * NULL when GitHub gives none (then it is no one's approval) */
	char *association;
	char *body;	/* the reviewer's text; NULL when none */
	char *html_url; /* NULL when GitHub gives none */
};

/* A comment in the PR's conversation (GET /repos/o/r/issues/N/comments). */
struct prgate_github_comment {
	char *login;	/* GitHub's word; "ghost" for a deleted account */
	char *type;	/* the author's type, GitHub's word: User, Bot... */
	char *body;	/* the author's text; "" when empty */
	char *html_url; /* NULL when GitHub gives none */
};

struct prgate_github_check {
	char *name;
	char *status;	   /* queued, in_progress, completed, ... */
	char *conclusion;  /* success, failure, ...; NULL until completed */
	char *html_url;	   /* NULL when GitHub gives none */
	long long id;	   /* GitHub's; higher is newer; 0 when not given */
	char *app;	   /* the reporting app's slug; NULL when not given */
	char *details_url; /* NULL when the app gives none */
};

struct prgate_github_status {
	char *context;
	char *state;	   /* error, failure, pending, success */
	char *target_url;  /* NULL when GitHub gives none */
	char *description; /* NULL when GitHub gives none */
};

struct prgate_github_file {
	char *filename;
	char *status;	/* added, removed, modified, renamed, ... */
	char *patch;	/* the unified diff; NULL for binary or huge files */
	long additions; /* lines added; -1 when GitHub does not say */
};

struct prgate_github_dep {
	struct prgate_github_ref ref;
	int is_pr;   /* a pull request, not an issue */
	char *state; /* open, closed; NULL until fetched */
	int merged;  /* a merged pull request */
};

struct prgate_github_facts {
	struct prgate_github_ref ref;
	char *title;
	char *body; /* "" when the PR has no description */
	int draft;
	char *state; /* open, closed */
	int merged;
	int mergeable;	       /* 1, 0, or -1 when GitHub did not know */
	char *mergeable_state; /* clean, behind, dirty, blocked, unknown... */
	char *head_sha;
	char *merge_commit_sha; /* NULL when GitHub gives none */
	/* the head read once more in the second round (a deploy's SHA
	 * binding, gh->recheck_head); NULL when not read again */
	char *head_sha_again;
	char *head_ref;
	char *base_ref;
	char *author;
	struct prgate_strlist labels;
	struct prgate_strlist requested_reviewers; /* logins */
	struct prgate_strlist requested_teams;	   /* team slugs */
	time_t created_at, updated_at;		   /* UTC */

	struct prgate_github_review *reviews;
	size_t nreviews, areviews;
	struct prgate_github_check *checks;
	size_t nchecks, achecks;
	struct prgate_github_status *statuses;
	size_t nstatuses, astatuses;
	char *combined_state; /* the combined status: success, pending... */
	char *compare_status; /* ahead, behind, diverged, identical */
	long ahead_by, behind_by;
	struct prgate_github_file *files;
	size_t nfiles, afiles;
	struct prgate_github_dep *deps;
	size_t ndeps, adeps;
	/* the conversation, when fetched (prgate_github.want_comments) */
	struct prgate_github_comment *comments;
	size_t ncomments, acomments;
	/* 1: the description names more dependencies than deps_max
	 * (dependencies.max), and none was looked up */
	int deps_over;
	int deps_max;

	unsigned requests; /* HTTP requests made, retries included */
	unsigned rounds;   /* sequential batches of them */
};

struct prgate_metric_value {
	const struct prgate_metric *metric; /* the policy's entry */
	int ok;				    /* value is known */
	double value;
	char *error; /* why not, when !ok: "GET ... timed out" */
};

struct prgate_gate_facts {
	const struct prgate_github_facts *gh;
	time_t now; /* the moment asked about (--at, or the clock) */
	/*
	 * A deploy is being decided (the hook, --deployer, --commit, a push,
	 * workflow_dispatch or deployment event): only then does the
	 * deployer rule apply. deployer is who deploys (NULL: unknown);
	 * deployer_error why it could not be found out (GET /user failed),
	 * or NULL.
	 */
	int deploying;
	const char *deployer;
	const char *deployer_error;
	/* the commit being deployed, bound to the PR's head or merge commit
	 * (the deploy-commit rule); NULL when no commit is being deployed */
	const char *deploy_sha;
	/* the GitHub Actions run prgate is part of ($GITHUB_RUN_ID), whose
	 * check runs are prgate's own; NULL outside Actions */
	const char *run_id;
	/*
	 * The answer is kept and compared with the next run's (the bot's
	 * sticky comment): the checks say nothing that changes only because
	 * the clock moved - absolute times in the window's zone ("open
	 * until Wed 25 Nov 17:00 CET"), no "(2 h 13 min)" or "(in 3 d)".
	 */
	int absolute_times;
	struct prgate_metric_value *metrics; /* one per policy metric */
	size_t nmetrics;
};

void prgate_github_facts_release(struct prgate_github_facts *facts);
void prgate_gate_facts_release(struct prgate_gate_facts *gate);

/*
 * Whether any file the PR changes matches one of the policy's
 * migrations.paths; *first (when first is not NULL) is then the first
 * such file's name (borrowed from gh), else NULL.
 */
int prgate_gate_migrations(const struct prgate_policy *p,
			   const struct prgate_github_facts *gh,
			   const char **first);

/*
 * Whether the PR meets a policy condition: labels (NULL: none), the
 * changed files in gh (NULL: not known, so a "paths" condition fails)
 * and whether the deploy declares downtime.
 */
int prgate_when_matches(const struct prgate_when *w,
			const struct prgate_strlist *labels,
			const struct prgate_github_facts *gh, int downtime);
/* "the deploy has downtime and the PR changes db/migrate/..." */
void prgate_when_describe(const struct prgate_when *w, struct strbuf *sb);
/*
 * The first of the policy's "windows" the PR meets, or NULL (then the
 * window is window.hours).
 */
const struct prgate_window_rule *
prgate_policy_window_for(const struct prgate_policy *p,
			 const struct prgate_strlist *labels,
			 const struct prgate_github_facts *gh, int downtime);

#endif
