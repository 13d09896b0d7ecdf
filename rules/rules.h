/*
 * rules.h - what a rule sees and how it reports.
 *
 * A rule is a function that reads a struct prgate_rule_ctx (the parsed
 * description, the policy, the matched sections) and calls
 * prgate_rule_report() for each problem. Rules never print, never exit
 * and never decide severity: they report into the findings sink
 * (linter/sink.h), which applies the policy's severity, "off", the
 * description's prgate-allow comments and the gate overrides the lint
 * driver (linter/lint.c, which runs the rules) accepted. Rules never
 * include linter/lint.h. The registry is rules/rules.def.
 */
#ifndef PRGATE_RULES_H
#define PRGATE_RULES_H

#include "linter/finding.h"
#include "linter/facts.h"
#include "linter/md.h"
#include "linter/policy.h"
#include "linter/schema.h"
#include "linter/sink.h"

#include "rules/rule_ids.h"

struct prgate_rule_ctx {
	const struct prgate_policy *policy;
	const struct prgate_md_doc *doc;
	const struct prgate_lint_input *in;
	/* per policy section: the document section it matched, or -1 */
	const int *match;
	/* what GitHub and the clock say; NULL in prgate lint */
	const struct prgate_gate_facts *gate;
	/* the template read as a schema (--template), or NULL; a policy
	 * section's tpl indexes it */
	const struct prgate_schema *schema;
	/* per role (enum prgate_role): the document section, or -1 */
	int role[PRGATE_ROLE_COUNT];
	/* "Backing services related changes" says something but "None", or
	 * (prgate check) the PR changes a path of migrations.paths */
	int backing_changes;
	/* why, for messages: "backing services change (line 12)" or
	 * "the PR changes db/migrate/001.rb" */
	const char *backing_why;
	/* a Downtime section that says something, or a downtime label */
	int downtime;
	/* private to the driver and rules/common.c */
	struct prgate_sink *sink;
	struct prgate_findings *out;
	struct prgate_checks *checks;
	enum prgate_rule current;
};

struct prgate_rule_doc {
	const char *explain; /* a paragraph: what and why */
	const char *pass;    /* an example description that passes */
	const char *fail;    /* an example description that fails */
};

typedef void (*prgate_rule_fn)(struct prgate_rule_ctx *ctx);

struct prgate_rule_info {
	const char *id;
	enum prgate_severity severity;
	prgate_rule_fn check;
	const char *summary;
	const struct prgate_rule_doc *doc;
	int gate; /* needs GitHub or the clock: prgate check only */
};

#define LINT_RULE(NAME, name, id, sev, summary)                                \
	void check_##name(struct prgate_rule_ctx *ctx);                        \
	extern const struct prgate_rule_doc doc_##name;
#define GATE_RULE LINT_RULE
#include "rules/rules.def"
#undef LINT_RULE
#undef GATE_RULE

extern const struct prgate_rule_info prgate_rules[PRGATE_RULE_COUNT];

/*
 * A gate rule's answer: one call per run. FAIL and PENDING also make a
 * finding (the detail is its message) with the rule's severity; UNKNOWN
 * makes an undecided finding (the verdict is "unknown" unless something
 * else fails); PASS and SKIPPED only show in the report's checks. url
 * (may be NULL) points at the evidence, e.g. a failed CI run.
 */
void prgate_rule_check(struct prgate_rule_ctx *ctx,
		       enum prgate_check_state state, const char *url,
		       const char *fmt, ...) PRGATE_PRINTF(4, 5);
/* The same, with the finding's severity sev instead of the rule's. */
void prgate_rule_check_sev(struct prgate_rule_ctx *ctx,
			   enum prgate_check_state state,
			   enum prgate_severity sev, const char *url,
			   const char *fmt, ...) PRGATE_PRINTF(5, 6);

/*
 * What to do next about the answer the current rule just gave (after
 * prgate_rule_check()): one step of the report's "To ship" line, in the
 * words a person needs ("1 more approval from bob or carol"); url (may
 * be NULL) is where to look. A rule that adds none is shown by its
 * detail.
 */
void prgate_rule_step(struct prgate_rule_ctx *ctx, const char *url,
		      const char *fmt, ...) PRGATE_PRINTF(3, 4);

/*
 * Report a finding of the current rule at line:col of the description,
 * in the named section (may be NULL).
 */
void prgate_rule_report(struct prgate_rule_ctx *ctx, int line, int col,
			const char *section, const char *fmt, ...)
    PRGATE_PRINTF(5, 6);

/*
 * The same with the severity at most info (a section-missing for a
 * section the template lets the author delete).
 *
 * Both name the section as the description wrote it: when section is a
 * policy section's name, the finding's section is the heading or label
 * it matched (or the template's name for it when missing) and its
 * policy_section the policy's name.
 */
void prgate_rule_note(struct prgate_rule_ctx *ctx, int line, int col,
		      const char *section, const char *fmt, ...)
    PRGATE_PRINTF(5, 6);

/* Policy section i's name as the description wrote it (see above). */
const char *prgate_rule_written_name(const struct prgate_rule_ctx *ctx,
				     size_t i);
/*
 * Policy section i's name for messages: as written, with the policy's
 * name after it when they differ: "Risks (Deployment risks)". In buf.
 */
const char *prgate_rule_section_label(const struct prgate_rule_ctx *ctx,
				      size_t i, struct strbuf *buf);

/* The same for document section `section` (its policy section's, if any). */
const char *prgate_rule_doc_label(const struct prgate_rule_ctx *ctx,
				  int section, struct strbuf *buf);

/* A fixed pattern, compiled once per linter (see prgate_sink_pattern). */
#define RULE_RE(ctx, pattern, flags)                                           \
	prgate_sink_pattern((ctx)->sink, (pattern), (flags))

/*
 * Parse an HTML comment's text as `prgate-allow RULE: reason`. Returns 0
 * when it is not one; else 1 with *rule (maybe "") and *reason (NULL when
 * missing) malloc'd for the caller to free.
 */
int prgate_allow_parse(const char *comment, char **rule, char **reason);
/*
 * Parse one line s[0, len) of a comment or review as
 * `/prgate allow RULE: reason` (leading blanks and a trailing CR
 * allowed). Returns 0 when it is not one; else 1 with *rule and *reason
 * (NULL when missing: no ':' or nothing after it) malloc'd.
 */
int prgate_allow_command(const char *s, size_t len, char **rule, char **reason);

/*
 * Could re (no ^ or $) match any text or section name of the document?
 * One search per stretch of their storage (prgate_md_text_stretch()):
 * 0 means none can, so a rule need not search them one by one.
 */
int prgate_rule_texts_may_match(const struct prgate_rule_ctx *ctx,
				struct prgate_re *re);

/*
 * The advice tags ("# ???:", "// !!!:") in the lines a PR adds, in the
 * order of GitHub's files and their patches: the file, the line in the
 * new version (the RIGHT side of the diff) and the tag as written
 * (tag[0, len): its comment marker, blanks and "???:"), all borrowed
 * from gh. Files GitHub sent no patch for are
 * not in it. The advice-tag rule reports them; the comment bot
 * annotates them on the diff. Release with prgate_advice_tags_release().
 */
struct prgate_advice_tag {
	const char *file;
	long line;
	const char *tag;
	size_t len;
};

struct prgate_advice_tags {
	struct prgate_advice_tag *v;
	size_t n, alloc;
};

/*
 * How the comment bot's review of the advice tags starts (then the head
 * commit, a digest of the tags and " -->"): it is prgate's own, not a
 * review anyone gave; review-latency does not count it.
 */
#define PRGATE_ADVICE_MARKER "<!-- prgate:advice-tag"

void prgate_advice_tags_find(const struct prgate_github_facts *gh,
			     struct prgate_advice_tags *out);
void prgate_advice_tags_release(struct prgate_advice_tags *t);

/* Shared text tests (rules/common.c). */
/* The section's whole text (own and descendants), space-joined, trimmed. */
void prgate_rule_section_text(const struct prgate_md_doc *doc, int section,
			      int skip_code, struct strbuf *out);
/*
 * Append s with runs of white space as one space and none at either end:
 * how a template's prompt and a description's item are compared.
 */
void prgate_rule_collapse_space(const char *s, struct strbuf *out);
/* Text is only a "None"/"N/A"/"nothing"/"-" answer. */
int prgate_rule_is_none(const char *text);
/*
 * The section only says "None" (or the like): its text, or with own_only
 * its own text before any subsection, passes prgate_rule_is_none(). Cheap
 * on long sections: it gives up once the text is longer than any "None".
 */
int prgate_rule_section_says_none(const struct prgate_md_doc *doc, int section,
				  int own_only);
/* Section has no content at all (no text, no item). */
int prgate_rule_section_is_empty(const struct prgate_md_doc *doc, int section);
/* The display name of a section: the policy's name where matched. */
/* Whether the PR being checked meets a policy condition ("when"). */
int prgate_rule_when(const struct prgate_rule_ctx *ctx,
		     const struct prgate_when *w);
const char *prgate_rule_section_name(const struct prgate_rule_ctx *ctx,
				     int section);

#endif
