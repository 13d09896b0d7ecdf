/*
 * github.c - what GitHub says about the PR itself: not a draft (draft),
 * merges cleanly (conflicts), has the base branch merged in
 * (behind-base), what it depends on is done (dependencies), the author
 * deploys it (deployer), the commit deployed is the PR's own
 * (deploy-commit), and no advice tags ("# ???:", "# !!!:") in the
 * lines it adds (advice-tag).
 *
 * Gate rules: each gives one answer with prgate_rule_check(). pr-state
 * comes first: a PR closed without merging is nothing to deploy.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/rules.h"

/* GitHub's facts, or NULL after answering SKIPPED (no PR was fetched). */
static const struct prgate_github_facts *facts(struct prgate_rule_ctx *ctx)
{
	if (!ctx->gate->gh)
		prgate_rule_check(ctx, PRGATE_CHECK_SKIPPED, NULL,
				  "GitHub was not asked (no pull request)");
	return ctx->gate->gh;
}

static const char *base_of(const struct prgate_github_facts *gh)
{
	return gh->base_ref ? gh->base_ref : "the base branch";
}

/* ---- pr-state ---- */

static int closed_unmerged(const struct prgate_github_facts *gh)
{
	return !gh->merged && gh->state && !strcasecmp(gh->state, "closed");
}

void check_pr_state(struct prgate_rule_ctx *ctx)
{
	const struct prgate_github_facts *gh = facts(ctx);
	if (!gh)
		return;
	if (gh->merged)
		prgate_rule_check(ctx, PRGATE_CHECK_PASS, NULL,
				  "merged into %s", base_of(gh));
	else if (closed_unmerged(gh)) {
		prgate_rule_check(ctx, PRGATE_CHECK_FAIL, NULL,
				  "closed without merging");
		prgate_rule_step(ctx, NULL,
				 "reopen the PR (it was closed "
				 "without merging)");
	} else if (gh->state && !strcasecmp(gh->state, "open"))
		prgate_rule_check(ctx, PRGATE_CHECK_PASS, NULL, "open");
	else
		prgate_rule_check(ctx, PRGATE_CHECK_UNKNOWN, NULL,
				  "GitHub says the PR is '%s', neither open "
				  "nor closed",
				  gh->state ? gh->state : "");
}

/* ---- draft ---- */

void check_draft(struct prgate_rule_ctx *ctx)
{
	const struct prgate_github_facts *gh = facts(ctx);
	if (!gh)
		return;
	if (gh->draft) {
		prgate_rule_check(ctx, PRGATE_CHECK_FAIL, NULL,
				  "the PR is a draft: mark it ready for "
				  "review");
		prgate_rule_step(ctx, NULL, "mark the PR ready for review");
	} else
		prgate_rule_check(ctx, PRGATE_CHECK_PASS, NULL, "not a draft");
}

/* ---- conflicts ---- */

/*
 * conflicts and behind-base only mean something before the merge: GitHub
 * stops computing mergeability then, and the base moves on past the PR's
 * head. Skips the check for a merged PR and says so.
 */
static int merged(struct prgate_rule_ctx *ctx,
		  const struct prgate_github_facts *gh, const char *base)
{
	if (closed_unmerged(gh)) {
		/* pr-state says NO-GO; nobody computes merges of it */
		prgate_rule_check(ctx, PRGATE_CHECK_SKIPPED, NULL,
				  "closed without merging");
		return 1;
	}
	if (!gh->merged)
		return 0;
	prgate_rule_check(ctx, PRGATE_CHECK_SKIPPED, NULL,
			  "already merged into %s", base);
	return 1;
}

void check_conflicts(struct prgate_rule_ctx *ctx)
{
	const struct prgate_github_facts *gh = facts(ctx);
	const char *base;
	if (!gh)
		return;
	base = base_of(gh);
	if (merged(ctx, gh, base))
		return;
	if (gh->mergeable == 0) {
		prgate_rule_check(ctx, PRGATE_CHECK_FAIL, NULL,
				  "the PR conflicts with %s: merge %s in and "
				  "resolve the conflicts",
				  base, base);
		prgate_rule_step(ctx, NULL,
				 "merge %s in and resolve the conflicts", base);
	} else if (gh->mergeable < 0) {
		prgate_rule_check(ctx, PRGATE_CHECK_UNKNOWN, NULL,
				  "GitHub is still working out whether the PR "
				  "merges cleanly; ask again in a minute");
		prgate_rule_step(ctx, NULL,
				 "wait for GitHub to work out whether the PR "
				 "merges cleanly");
	} else
		prgate_rule_check(ctx, PRGATE_CHECK_PASS, NULL,
				  "merges cleanly into %s", base);
}

/* ---- behind-base ---- */

void check_behind_base(struct prgate_rule_ctx *ctx)
{
	const struct prgate_github_facts *gh = facts(ctx);
	const char *base;
	if (!gh)
		return;
	base = base_of(gh);
	if (merged(ctx, gh, base))
		return;
	if (gh->behind_by > 0) {
		prgate_rule_check(
		    ctx, PRGATE_CHECK_FAIL, NULL,
		    "%ld commit%s behind %s: merge %s into %s "
		    "first",
		    gh->behind_by, gh->behind_by == 1 ? "" : "s", base, base,
		    gh->head_ref ? gh->head_ref : "the PR branch");
		prgate_rule_step(ctx, NULL,
				 "merge %s into the PR branch (%ld commit%s "
				 "behind)",
				 base, gh->behind_by,
				 gh->behind_by == 1 ? "" : "s");
	} else
		prgate_rule_check(ctx, PRGATE_CHECK_PASS, NULL,
				  "up to date with %s", base);
}

/* ---- dependencies ---- */

/* How many blocking dependencies the detail names before "and N more". */
#define DEPS_LISTED 5

/* "#12" in the PR's own repository, else "org/lib#34". */
static void add_dep_name(struct strbuf *sb,
			 const struct prgate_github_facts *gh,
			 const struct prgate_github_dep *d)
{
	if (strcasecmp(d->ref.owner, gh->ref.owner) ||
	    strcasecmp(d->ref.repo, gh->ref.repo))
		strbuf_addf(sb, "%s/%s", d->ref.owner, d->ref.repo);
	strbuf_addf(sb, "#%ld", d->ref.number);
}

void check_dependencies(struct prgate_rule_ctx *ctx)
{
	const struct prgate_github_facts *gh = facts(ctx);
	struct strbuf blocking = STRBUF_INIT, unknown = STRBUF_INIT;
	size_t nblocking = 0, nunknown = 0;

	if (!gh)
		return;
	if (!gh->ndeps) {
		prgate_rule_check(ctx, PRGATE_CHECK_SKIPPED, NULL,
				  "no dependencies named");
		return;
	}
	if (gh->deps_over) {
		/* bounded work: the author cannot make prgate ask GitHub
		 * thousands of times */
		prgate_rule_check(ctx, PRGATE_CHECK_FAIL, NULL,
				  "the description names %s%zu dependencies; "
				  "at most %d are looked up (dependencies.max)",
				  gh->ndeps > 1000 ? "more than " : "",
				  gh->ndeps > 1000 ? (size_t)1000 : gh->ndeps,
				  gh->deps_max);
		return;
	}
	for (size_t i = 0; i < gh->ndeps; i++) {
		const struct prgate_github_dep *d = &gh->deps[i];
		const char *why = NULL;
		if (!d->state) {
			strbuf_addstr(&unknown, nunknown ? ", " : "");
			add_dep_name(&unknown, gh, d);
			nunknown++;
			continue;
		}
		if (d->is_pr && !d->merged)
			why = strcasecmp(d->state, "closed")
				  ? "open pull request"
				  : "pull request closed without merging";
		else if (!d->is_pr && strcasecmp(d->state, "closed"))
			why = "open issue";
		if (!why)
			continue;
		if (++nblocking <= DEPS_LISTED) {
			strbuf_addstr(&blocking, nblocking > 1 ? ", " : "");
			add_dep_name(&blocking, gh, d);
			strbuf_addf(&blocking, " (%s)", why);
		}
	}
	if (nblocking > DEPS_LISTED)
		strbuf_addf(&blocking, " (and %zu more)",
			    nblocking - DEPS_LISTED);
	if (nblocking)
		prgate_rule_check(ctx, PRGATE_CHECK_FAIL, NULL,
				  "depends on %s%s%s%s", blocking.buf,
				  nunknown ? "; could not look up " : "",
				  unknown.buf, nunknown ? " either" : "");
	else if (nunknown)
		prgate_rule_check(ctx, PRGATE_CHECK_UNKNOWN, NULL,
				  "could not find out whether %s %s done; ask "
				  "again later",
				  unknown.buf, nunknown > 1 ? "are" : "is");
	else if (gh->ndeps == 1) {
		strbuf_addstr(&blocking, "dependency ");
		add_dep_name(&blocking, gh, &gh->deps[0]);
		prgate_rule_check(ctx, PRGATE_CHECK_PASS, NULL, "%s is done",
				  blocking.buf);
	} else
		prgate_rule_check(ctx, PRGATE_CHECK_PASS, NULL,
				  "all %zu dependencies done", gh->ndeps);
	strbuf_release(&blocking);
	strbuf_release(&unknown);
}

/* ---- deployer ---- */

void check_deployer(struct prgate_rule_ctx *ctx)
{
	const struct prgate_github_facts *gh = facts(ctx);
	const char *who = ctx->gate->deployer;

	if (!gh)
		return;
	if (!ctx->gate->deploying)
		prgate_rule_check(ctx, PRGATE_CHECK_SKIPPED, NULL,
				  "checked when deploying");
	else if (ctx->gate->deployer_error)
		prgate_rule_check(ctx, PRGATE_CHECK_UNKNOWN, NULL,
				  "cannot tell who deploys: %s",
				  ctx->gate->deployer_error);
	else if (!who || !*who)
		prgate_rule_check(ctx, PRGATE_CHECK_SKIPPED, NULL,
				  "the deploying user is unknown (pass "
				  "--deployer LOGIN, or a token)");
	else if (!gh->author)
		prgate_rule_check(ctx, PRGATE_CHECK_UNKNOWN, NULL,
				  "GitHub did not say who wrote the PR");
	else if (!strcasecmp(who, gh->author))
		prgate_rule_check(ctx, PRGATE_CHECK_PASS, NULL,
				  "%s is the author", gh->author);
	else
		prgate_rule_check(ctx, PRGATE_CHECK_FAIL, NULL,
				  "only the author (%s) may deploy; %s is "
				  "deploying",
				  gh->author, who);
}

/* ---- deploy-commit ---- */

static int same_sha(const char *a, const char *b)
{
	return a && b && !strcasecmp(a, b);
}

void check_deploy_commit(struct prgate_rule_ctx *ctx)
{
	const struct prgate_github_facts *gh;
	const char *sha = ctx->gate->deploy_sha;

	if (!sha)
		return; /* no commit is being deployed: no check at all */
	if (!(gh = facts(ctx)))
		return;
	if (gh->merged && same_sha(sha, gh->merge_commit_sha))
		prgate_rule_check(ctx, PRGATE_CHECK_PASS, NULL,
				  "deploying %.7s, the PR's merge commit", sha);
	else if (!same_sha(sha, gh->head_sha))
		prgate_rule_check(ctx, PRGATE_CHECK_FAIL, NULL,
				  "the PR changed while checking: its head is "
				  "%.7s, not %.7s",
				  gh->head_sha ? gh->head_sha : "unknown", sha);
	else if (gh->head_sha_again && !same_sha(sha, gh->head_sha_again))
		prgate_rule_check(ctx, PRGATE_CHECK_FAIL, NULL,
				  "the PR changed while checking: its head "
				  "moved from %.7s to %.7s",
				  sha, gh->head_sha_again);
	else
		prgate_rule_check(ctx, PRGATE_CHECK_PASS, NULL,
				  "deploying %.7s, the PR's head", sha);
}

/* ---- advice-tag ---- */

/* How many tags the detail names before "and N more". */
#define TAGS_LISTED 3

/* Comment markers, longest first where one starts another. */
static const char *const markers[] = {"<!--", "//", "/*", "--", "#", ";", "%"};

/* The length of an advice tag starting at s (before end), or 0. */
static size_t tag_at(const char *s, const char *end)
{
	for (size_t m = 0; m < ARRAY_SIZE(markers); m++) {
		size_t ml = strlen(markers[m]);
		const char *p = s + ml;
		if ((size_t)(end - s) < ml || memcmp(s, markers[m], ml))
			continue;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (end - p >= 4 &&
		    (!memcmp(p, "???:", 4) || !memcmp(p, "!!!:", 4)))
			return (size_t)(p + 4 - s);
	}
	return 0;
}

/* Record the first advice tag in one added line, if any. */
static void scan_line(struct prgate_advice_tags *t, const char *file, long line,
		      const char *s, const char *end)
{
	for (const char *p = s; p < end; p++) {
		size_t len = tag_at(p, end);
		struct prgate_advice_tag *a;
		if (!len)
			continue;
		t->v = xgrow(t->v, sizeof(*t->v), t->n + 1, &t->alloc);
		a = &t->v[t->n++];
		a->file = file;
		a->line = line;
		a->tag = p;
		a->len = len;
		return;
	}
}

/*
 * Read "@@ -a[,b] +c[,d] @@": the new file's first line c and the
 * hunk's line counts. Returns 0, or -1 when it is not a hunk header.
 */
static int hunk_header(const char *s, long *line, long *old_left,
		       long *new_left)
{
	char *e;
	long a, b = 1, c, d = 1;

	if (strncmp(s, "@@ -", 4))
		return -1;
	a = strtol(s + 4, &e, 10);
	if (e == s + 4 || a < 0)
		return -1;
	if (*e == ',')
		b = strtol(e + 1, &e, 10);
	if (strncmp(e, " +", 2))
		return -1;
	s = e + 2;
	c = strtol(s, &e, 10);
	if (e == s || c < 0)
		return -1;
	if (*e == ',')
		d = strtol(e + 1, &e, 10);
	if (strncmp(e, " @@", 3) || b < 0 || d < 0)
		return -1;
	*line = c;
	*old_left = b;
	*new_left = d;
	return 0;
}

/*
 * The added lines of one file's unified diff, with their line numbers
 * in the new file. Lines before the first hunk header are ignored;
 * between hunks (once a hunk's counts are used up) a "+++" line is a
 * file header, not an added line.
 */
static void scan_patch(struct prgate_advice_tags *t, const char *file,
		       const char *patch)
{
	long line = 0, old_left = 0, new_left = 0;
	int hunk = 0;

	for (const char *s = patch; *s;) {
		const char *eol = strchr(s, '\n');
		const char *end = eol ? eol : s + strlen(s);
		const char *next = eol ? eol + 1 : end;
		int inside = old_left > 0 || new_left > 0;

		if (end > s && end[-1] == '\r')
			end--;
		if (*s == '@' && !inside) {
			hunk = !hunk_header(s, &line, &old_left, &new_left);
		} else if (!hunk) {
			/* a header, or a hunk we could not read */
		} else if (*s == '+') {
			if (inside || strncmp(s, "+++", 3))
				scan_line(t, file, line, s + 1, end);
			line++;
			if (new_left)
				new_left--;
		} else if (*s == '-') {
			if (old_left)
				old_left--;
		} else if (*s == ' ' || s == end) {
			/* context (an empty line is a blank context line) */
			line++;
			if (old_left)
				old_left--;
			if (new_left)
				new_left--;
		}
		s = next;
	}
}

/*
 * A file GitHub sent no patch for although it adds lines (too large a
 * diff, or binary) could hide a tag: it is named, never passed over.
 */
static int unread(const struct prgate_github_file *f)
{
	return f->filename && !f->patch && f->additions != 0 &&
	       !(f->status && !strcmp(f->status, "removed"));
}

void prgate_advice_tags_find(const struct prgate_github_facts *gh,
			     struct prgate_advice_tags *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; gh && i < gh->nfiles; i++)
		if (gh->files[i].patch && gh->files[i].filename)
			scan_patch(out, gh->files[i].filename,
				   gh->files[i].patch);
}

void prgate_advice_tags_release(struct prgate_advice_tags *t)
{
	free(t->v);
	memset(t, 0, sizeof(*t));
}

void check_advice_tag(struct prgate_rule_ctx *ctx)
{
	const struct prgate_github_facts *gh = facts(ctx);
	struct prgate_advice_tags t;
	struct strbuf list = STRBUF_INIT, blind = STRBUF_INIT;
	struct strbuf sb = STRBUF_INIT;
	size_t nblind = 0;

	if (!gh)
		return;
	prgate_advice_tags_find(gh, &t);
	for (size_t i = 0; i < t.n && i < TAGS_LISTED; i++) {
		strbuf_addstr(&list, i ? ", '" : "'");
		for (size_t k = 0; k < t.v[i].len; k++)
			strbuf_addch(
			    &list, t.v[i].tag[k] == '\t' ? ' ' : t.v[i].tag[k]);
		strbuf_addf(&list, "' in %s:%ld", t.v[i].file, t.v[i].line);
	}
	for (size_t i = 0; i < gh->nfiles; i++) {
		const struct prgate_github_file *f = &gh->files[i];
		if (!(f->patch && f->filename) && unread(f) &&
		    ++nblind <= TAGS_LISTED)
			strbuf_addf(&blind, "%s%s", nblind > 1 ? ", " : "",
				    f->filename);
	}
	if (nblind > TAGS_LISTED)
		strbuf_addf(&blind, " (and %zu more)", nblind - TAGS_LISTED);
	if (t.n > TAGS_LISTED)
		strbuf_addf(&sb, "advice tags %s (and %zu more)", list.buf,
			    t.n - TAGS_LISTED);
	else if (t.n)
		strbuf_addf(&sb, "advice tag%s %s", t.n > 1 ? "s" : "",
			    list.buf);
	if (nblind)
		strbuf_addf(&sb,
			    "%scould not read the added lines of %s (GitHub "
			    "sent no patch): look for advice tags there by "
			    "hand",
			    t.n ? "; " : "", blind.buf);
	if (!t.n && !nblind)
		prgate_rule_check(ctx, PRGATE_CHECK_PASS, NULL,
				  "no advice tags in the added lines");
	else if (!t.n)
		prgate_rule_check_sev(
		    ctx, PRGATE_CHECK_FAIL,
		    (enum prgate_severity)ctx->policy->advice_tag.unread, NULL,
		    "%s", sb.buf);
	else
		prgate_rule_check(ctx, PRGATE_CHECK_FAIL, NULL, "%s", sb.buf);
	if (t.n) {
		strbuf_reset(&list);
		for (size_t i = 0; i < t.n && i < TAGS_LISTED; i++)
			strbuf_addf(&list, "%s%s:%ld", i ? ", " : "",
				    t.v[i].file, t.v[i].line);
		if (t.n > TAGS_LISTED)
			strbuf_addf(&list, " and %zu more", t.n - TAGS_LISTED);
		prgate_rule_step(
		    ctx, NULL, "settle the advice tag%s and remove %s (%s)",
		    t.n == 1 ? "" : "s", t.n == 1 ? "it" : "them", list.buf);
	}
	if (nblind)
		prgate_rule_step(
		    ctx, NULL, "look for advice tags in %s by hand", blind.buf);
	prgate_advice_tags_release(&t);
	strbuf_release(&list);
	strbuf_release(&blind);
	strbuf_release(&sb);
}

/* ---- docs ---- */

const struct prgate_rule_doc doc_pr_state = {
    "A pull request closed without merging is nothing to ship: the gate "
    "says NO-GO (\"closed without merging\"), never GO and never \"could "
    "not decide\". An open PR passes; so does a merged one, whose merge "
    "commit is what a deploy ships.",
    "The PR is open, or was merged into master.",
    "The PR was closed without merging (abandoned, or replaced by "
    "another)."};

const struct prgate_rule_doc doc_draft = {
    "A GitHub draft is work in progress by its author's own word: it is "
    "NO-GO until someone marks it ready for review.",
    "The PR was opened as a normal pull request (or marked ready for "
    "review).",
    "The PR was opened as a draft and is still one."};

const struct prgate_rule_doc doc_conflicts = {
    "The PR must merge into its base branch without conflicts, as "
    "GitHub computes it. While GitHub is still working it out (it says "
    "\"mergeable\": null) the answer is unknown, not a pass: ask again in "
    "a minute.",
    "GitHub says the PR merges cleanly into master.",
    "master changed the same lines of app/models/order.rb: GitHub says "
    "the PR conflicts with master."};

const struct prgate_rule_doc doc_behind_base = {
    "The base branch must be merged into the PR branch before the deploy, "
    "so what ships is what was tested: the head may not be behind the "
    "base by any commit.",
    "master's latest commit is already merged into the PR branch.",
    "Two commits landed on master after the PR branch was cut and were "
    "not merged in: 2 commits behind master."};

const struct prgate_rule_doc doc_dependencies = {
    "What the description says the PR depends on (\"Depends on #12\", "
    "\"Requires org/lib#34\") must be done first: a pull request merged, "
    "an issue closed. A dependency GitHub could not be asked about makes "
    "the answer unknown; a PR closed without merging still blocks.",
    "\"Depends on #12\" and #12 is merged; \"Requires org/lib#34\" and the "
    "issue is closed.",
    "\"Depends on #12\" and #12 is still an open pull request."};

const struct prgate_rule_doc doc_deployer = {
    "Only the PR's author deploys it: they know what it changes and watch "
    "it land. Checked only where a deploy happens: the pre-push hook (the "
    "pusher: --deployer, else the GitHub login of the token), prgate "
    "check --deployer LOGIN or --commit, and the push, workflow_dispatch "
    "and deployment events of GitHub Actions (GITHUB_ACTOR). Elsewhere - "
    "a pull_request, review, merge queue or scheduled run - whoever "
    "triggered the run is not deploying, and the rule is skipped. Logins "
    "are compared ignoring case.",
    "alice wrote the PR and alice runs the deploy.",
    "alice wrote the PR but bob runs the deploy."};

const struct prgate_rule_doc doc_deploy_commit = {
    "A deploy is bound to one commit: the one pushed (the hook), named "
    "(--commit SHA) or of the push, workflow_dispatch or deployment "
    "event must be the PR's head or, once merged, its merge commit, and "
    "the PR's head must not move while prgate reads the rest; otherwise "
    "the verdict would be about other code than the code deployed (\"the "
    "PR changed while checking\"). Only deploys show this check.",
    "The deploy job runs for 78b9ff4, the head of the PR, and nobody "
    "pushes to the PR meanwhile.",
    "Someone pushes 1111111 to the PR while prgate reads its reviews."};

const struct prgate_rule_doc doc_advice_tag = {
    "A code comment tagged ???: or !!!: (after #, //, --, /*, ;, % or "
    "<!--, spaces allowed between) marks a place that still needs "
    "someone's advice; none may remain in the lines the PR adds. Removed "
    "and unchanged lines don't count. A file that adds lines GitHub "
    "gives no diff for (binary or very large) can't be read: the check "
    "names it, as a warning by default (advice_tag.unread), never a "
    "silent pass. The finding names the file and the line in the new "
    "version.",
    "The PR adds `# check the cut-off time` to app/models/order.rb.",
    "The PR adds `# ???: is the cut-off local time?` as line 42 of "
    "app/models/order.rb."};
