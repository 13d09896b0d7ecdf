/*
 * finding.h - one finding (a rule's verdict on one place) and the list a
 * run collects.
 *
 * A finding's strings are copies the list owns (in one arena, so adding
 * a finding costs no allocation of its own): they never point into the
 * parsed description or the policy, so they outlive both.
 * prgate_findings_release() frees them all.
 */
#ifndef PRGATE_FINDING_H
#define PRGATE_FINDING_H

#include <stdarg.h>
#include <stddef.h>

#include "rules/rule_ids.h"
#include "support/arena.h"
#include "support/strbuf.h"
#include "support/util.h"

enum prgate_severity {
	PRGATE_SEV_OFF,
	PRGATE_SEV_INFO,
	PRGATE_SEV_WARNING,
	PRGATE_SEV_ERROR,
};

/* "error", "warning", "info", "off" */
const char *prgate_severity_name(enum prgate_severity sev);
/* The severity named s, or -1. */
int prgate_severity_parse(const char *s);

struct prgate_finding {
	enum prgate_rule rule;
	enum prgate_severity severity;
	const char *message;
	int line, col; /* 0 when the finding is about the whole input */
	/* the heading or label as the description wrote it (or, for a
	 * missing section, as the template or policy names it); NULL when
	 * not about one section */
	const char *section;
	/* the policy's name for that section; NULL when not a policy
	 * section */
	const char *policy_section;
	/* Set when a prgate-allow comment turned an error into info: its
	 * reason, as the comment gives it, and the line of the comment */
	const char *allowed_reason;
	int allowed_line;
	/* who allowed it: the description's author (a login, no '@'); NULL
	 * when not known (a file linted offline) */
	const char *allowed_by;
	size_t seq; /* order of addition: ties keep it */
	/* from a check GitHub or the clock could not answer: counts toward
	 * an "unknown" verdict, not "no-go" */
	int undecided;
};

struct prgate_findings {
	struct prgate_finding *v;
	size_t n, alloc;
	struct prgate_arena strings; /* of every finding */
};

/* What one gate rule concluded (prgate check). */
enum prgate_check_state {
	PRGATE_CHECK_PASS,
	PRGATE_CHECK_FAIL,
	PRGATE_CHECK_PENDING, /* waiting: CI running, review due... NO-GO */
	PRGATE_CHECK_UNKNOWN, /* could not find out: the verdict is unknown */
	PRGATE_CHECK_SKIPPED, /* does not apply, or off in the policy */
	/* failed, but someone in overrides.by allowed it ('/prgate allow') */
	PRGATE_CHECK_ALLOWED,
};

/* "pass", "fail", "pending", "unknown", "skipped", "allowed" */
const char *prgate_check_state_name(enum prgate_check_state st);

/*
 * One thing to do before the PR can ship, in the words a person needs:
 * "1 more approval from bob or carol", "fix CI 'integration'", "wait for
 * the window: opens Mon 30 Nov 08:00 Europe/Ljubljana". Plain text (it
 * may quote names from the PR or its apps: renderers escape it); url is
 * where to look (a failed CI run's page), or NULL.
 */
struct prgate_step {
	char *text;
	char *url;
};

struct prgate_check {
	enum prgate_rule rule;
	enum prgate_check_state state;
	char *detail; /* in words a person acts on */
	char *url;    /* evidence, or NULL */
	/* what to do next, when the check did not pass; none: the detail
	 * says it */
	struct prgate_step *steps;
	size_t nsteps, asteps;
};

struct prgate_checks {
	struct prgate_check *v;
	size_t n, alloc;
};

/*
 * A gate override: a failed check of rule allowed by `by` (a login, as
 * GitHub reports the author of the comment or review) for `reason`;
 * url is that comment's or review's html_url ("" when GitHub gave none).
 */
struct prgate_override {
	enum prgate_rule rule;
	char *by, *reason, *url;
};

struct prgate_overrides {
	struct prgate_override *v;
	size_t n, alloc;
};

/* Append a copy of by, reason and url (NULL: ""). */
void prgate_overrides_add(struct prgate_overrides *list, enum prgate_rule rule,
			  const char *by, const char *reason, const char *url);
void prgate_overrides_release(struct prgate_overrides *list);

void prgate_checks_add(struct prgate_checks *list, enum prgate_rule rule,
		       enum prgate_check_state state, const char *detail,
		       const char *url);
void prgate_checks_release(struct prgate_checks *list);
/* Add a step (copies text and url, which may be NULL) to check c. */
void prgate_check_add_step(struct prgate_check *c, const char *text,
			   const char *url);

/* Append a finding; copies message and section. Returns the new finding. */
struct prgate_finding *prgate_findings_add(struct prgate_findings *list,
					   enum prgate_rule rule,
					   enum prgate_severity sev, int line,
					   int col, const char *section,
					   const char *message);
/* The same with the message from printf. */
struct prgate_finding *
prgate_findings_addv(struct prgate_findings *list, enum prgate_rule rule,
		     enum prgate_severity sev, int line, int col,
		     const char *section, const char *fmt, va_list ap)
    PRGATE_PRINTF(7, 0);
/* A copy of s that lives as long as the list's findings. */
const char *prgate_findings_strdup(struct prgate_findings *list, const char *s);
/*
 * Append how reports show an allowed finding: "allowed by @LOGIN: REASON",
 * or "allowed: REASON" when who allowed it is not known.
 */
void prgate_finding_allowed_note(const struct prgate_finding *f,
				 struct strbuf *out);
/* Sort by line, column and rule; otherwise keep the order of addition. */
void prgate_findings_sort(struct prgate_findings *list);
size_t prgate_findings_count(const struct prgate_findings *list,
			     enum prgate_severity sev);
void prgate_findings_release(struct prgate_findings *list);

#endif
