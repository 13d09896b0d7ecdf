/*
 * policy.h - the team's release policy: which sections a description
 * needs, placeholders, rule severities, reviews, CI, the deployment
 * window, freezes, downtime, migrations, metrics, deploy targets and the
 * checklist's commands.
 *
 * The built-in default policy (templates/default-policy.json, embedded in
 * the binary) is the release procedure's template; a `.prgate.json` found
 * by walking up from the current directory, or --config FILE, is applied
 * on top of it: every top-level key it sets replaces that key of the
 * default, keys it leaves out keep the default.
 *
 * The file is JSON with // and block comments. Every error - bad JSON,
 * an unknown key, a wrong type, a bad pattern, an unknown time zone -
 * is PRGATE_ERR_CONFIG with a message "FILE:LINE:COL: what is wrong",
 * never a silent default.
 *
 * The struct owns everything in it; prgate_policy_release() frees it.
 */
#ifndef PRGATE_POLICY_H
#define PRGATE_POLICY_H

#include <stddef.h>

#include "rules/rule_ids.h"
#include "linter/finding.h"
#include "support/re.h"
#include "support/status.h"
#include "support/util.h"

/* Sections some rules need to find, whatever the team calls them. */
#define PRGATE_ROLE_LIST(_)                                                    \
	_(ISSUE, "issue", "original issue( and supporting materials)?")        \
	_(BACKING, "backing", "backing services?( related)?( changes)?")       \
	_(BACKUP, "backup", "back ?up(ing)? steps|backups?")                   \
	_(ASSISTANTS, "assistants", "deployment assistants?")                  \
	_(STEPS, "steps", "deployment steps")                                  \
	_(VERIFICATION, "verification", "verification plan")                   \
	_(ROLLBACK, "rollback", "roll ?back strategy|roll ?back plan")         \
	_(DOWNTIME, "downtime", "downtime( notice)?")

enum prgate_role {
#define PRGATE_ROLE_ENUM(NAME, key, pattern) PRGATE_ROLE_##NAME,
	PRGATE_ROLE_LIST(PRGATE_ROLE_ENUM)
#undef PRGATE_ROLE_ENUM
	    PRGATE_ROLE_COUNT,
	PRGATE_ROLE_NONE = -1
};

struct prgate_policy_section {
	char *name;
	char *key;		    /* prgate_md_key(name) */
	struct prgate_re **aliases; /* PRGATE_RE_CASELESS | PRGATE_RE_WHOLE */
	size_t naliases;
	int required;
	int allow_none;
	int checklist;
	int role; /* enum prgate_role, or PRGATE_ROLE_NONE */
	/* "checked": PRGATE_CHECKED_ANY or _ALL boxes ticked, or 0 */
	int checked;
	/*
	 * From a template (linter/schema.h): 1 + the index of its template
	 * section, 0 for none; and, for a section that is not required,
	 * whether the template lets the author delete it (section-missing
	 * is then info).
	 */
	int tpl;
	int optional;
};

#define PRGATE_CHECKED_ANY 1
#define PRGATE_CHECKED_ALL 2

/* A moment written in the config: local to window.timezone unless
 * has_offset. */
struct prgate_localtime {
	int year, mon, day, hour, min; /* mon 1-12 */
	int has_offset;
	int offset_min; /* east of UTC */
};

struct prgate_freeze {
	struct prgate_localtime from, to;
	char *reason;
};

/* days: bit 0 = Sunday ... bit 6 = Saturday (struct tm's tm_wday) */
struct prgate_hours {
	unsigned days;
	int start_min, end_min; /* minutes after midnight; end exclusive */
};

/*
 * A condition on the pull request ("when" in the policy): every part
 * given must hold, and a list holds when one of its items does. An
 * empty condition (no part given) always holds.
 */
struct prgate_when {
	struct prgate_strlist labels; /* the PR carries one of these */
	struct prgate_strlist paths;  /* a changed path matches one (globs) */
	int downtime; /* -1: either; 0: no downtime; 1: downtime */
};

/* reviews.required_approvers entries that are objects */
struct prgate_approver_rule {
	struct prgate_strlist logins;
	int any; /* "any_of": one of them; else "all_of": every one */
	struct prgate_when when;
};

/* "windows": the window's days and hours for the PRs when matches */
struct prgate_window_rule {
	struct prgate_hours hours;
	struct prgate_when when;
};

struct prgate_metric {
	char *name;
	char *url;
	struct prgate_strlist headers; /* "Name: value", ${ENV} unexpanded */
	char *pointer;		       /* RFC 6901 JSON pointer */
	char *method;		       /* "GET" (default) or "POST" */
	char *body;		       /* POST body, or NULL */
	char *content_type;	       /* the body's; NULL: application/json */
	/* the bounds: "max"/"min" inclusive, "below"/"above" strict */
	int has_max, has_min;
	int max_strict, min_strict;
	double max, min;
};

struct prgate_kv {
	char *key, *value;
};

/* dependencies.max by default */
#define PRGATE_DEPENDENCIES_MAX 20

struct prgate_policy {
	char *path; /* the config file, or NULL for the built-in default */
	char *template_path; /* resolved against the config's folder */
	/*
	 * The template's text when whoever loaded the policy read it too
	 * (the pre-push hook reads both from the default branch in git):
	 * then template_path only names it. NULL: read template_path.
	 */
	char *template_text;
	size_t template_len;

	struct prgate_policy_section *sections;
	size_t nsections;
	int sections_builtin; /* no config set "sections" */
	struct prgate_strlist placeholders;
	/* per rule: enum prgate_severity, or -1 for the rule's default */
	int severity[PRGATE_RULE_COUNT];

	struct {
		struct prgate_strlist leads;
		double leads_quorum;
		int min_approvals;
		struct prgate_strlist required_approvers;
		/* conditional (or any-of) approvers, in the policy's order */
		struct prgate_approver_rule *approver_rules;
		size_t napprover_rules;
		struct prgate_strlist ops;
		int dismiss_stale;
		/* whose approvals count: GitHub's author_association values
		 * (OWNER, MEMBER, COLLABORATOR by default), upper case */
		struct prgate_strlist associations;
	} reviews;
	struct {
		/* check names (a check run's name or a status' context) */
		struct prgate_strlist required;
		/* per required name, the app that must report it ("" for
		 * any): {"name": "test", "app": "github-actions"} */
		struct prgate_strlist required_apps;
		int none_pass; /* "none": "pass": no CI at all passes */
	} ci;
	struct {
		/* the rules a description's prgate-allow may cover (1 each):
		 * description rules only; all of them by default */
		unsigned char rules[PRGATE_RULE_COUNT];
	} allow;
	struct {
		/* logins, and "leads" / "ops" for reviews.leads / .ops */
		struct prgate_strlist by;
		/* the gate rules a '/prgate allow' may cover; none by default
		 */
		unsigned char rules[PRGATE_RULE_COUNT];
	} overrides;
	struct {
		char *context; /* prgate's own commit status; "prgate" */
	} status;
	struct {
		/* enum prgate_severity of "could not read a file's added
		 * lines" (GitHub sent no patch); warning by default */
		int unread;
		/* the comment bot annotates each tag on its diff line (one
		 * pull request review); default 1 */
		int annotate;
	} advice_tag;
	struct {
		char *
		    timezone; /* IANA name, checked against the zone database */
		struct prgate_hours hours;
	} window;
	/* tried in order before window.hours; the first that matches wins */
	struct prgate_window_rule *windows;
	size_t nwindows;
	struct prgate_freeze *freezes;
	size_t nfreezes;
	struct {
		int notice_hours;
		struct prgate_strlist labels;
		struct prgate_hours *blackout;
		/* per blackout (NULL when none has one): when it applies */
		struct prgate_when *blackout_when;
		size_t nblackout;
	} downtime;
	struct {
		struct prgate_strlist paths; /* glob patterns, ** allowed */
	} migrations;
	struct prgate_metric *metrics;
	size_t nmetrics;
	struct {
		struct prgate_strlist remotes;
		struct prgate_strlist branches;
	} deploy;
	struct {
		/* GitHub Enterprise hosts ("ghe.example.com", lower case) whose
		 * https://HOST/api/v3 may be asked, with the token, for a PR
		 * URL or origin remote on that host */
		struct prgate_strlist hosts;
	} github;
	struct {
		int max; /* dependency look-ups per PR (20) */
	} dependencies;
	struct {
		struct prgate_kv *vars;
		size_t nvars;
		struct prgate_strlist before, staging, verify, rollback, after;
		struct prgate_strlist maintenance_on, maintenance_off;
		unsigned builtin_off; /* PRGATE_CHECKLIST_* lines left out */
	} checklist;
};

/*
 * The checklist's built-in lines, by their key in checklist.builtin
 * (prgate_checklist_line_names[], in this order): false for a key (or
 * "builtin": false for all) leaves that line out.
 */
enum {
	PRGATE_CHECKLIST_BACKUP = 1u << 0,	   /* back up the data */
	PRGATE_CHECKLIST_ROLLBACK_POINT = 1u << 1, /* note the production SHA */
	PRGATE_CHECKLIST_ASSISTANT = 1u << 2,	   /* assistant on hand */
	PRGATE_CHECKLIST_STAGING = 1u << 3,	   /* staging run */
	PRGATE_CHECKLIST_DEPLOY = 1u << 4,	   /* git push REMOTE BRANCH */
	PRGATE_CHECKLIST_MAINTENANCE = 1u << 5,	   /* maintenance mode on/off */
	PRGATE_CHECKLIST_LOGS = 1u << 6,	   /* tail the logs */
	PRGATE_CHECKLIST_SMOKE = 1u << 7,	   /* smoke test */
	PRGATE_CHECKLIST_RESTORE = 1u << 8,	   /* restore the backup */
	PRGATE_CHECKLIST_ROLLBACK_PUSH = 1u << 9,  /* git push -f the SHA */
};
extern const char *const prgate_checklist_line_names[];

/* Load the built-in default policy. */
enum prgate_status prgate_policy_init_default(struct prgate_policy *p,
					      struct prgate_error *err);
/*
 * Apply the config text (JSON with comments) named `name` on top of p.
 * `dir` is the folder relative paths in it ("template") resolve against.
 */
enum prgate_status prgate_policy_apply(struct prgate_policy *p,
				       const char *name, const char *dir,
				       const char *text, size_t len,
				       struct prgate_error *err);
/*
 * The whole load: the default, then `path` when given, else the
 * `.prgate.json` found by walking up from the current directory, if any.
 */
enum prgate_status prgate_policy_load(struct prgate_policy *p, const char *path,
				      struct prgate_error *err);
/* The .prgate.json nearest above start_dir (malloc'd), or NULL. */
char *prgate_policy_discover(const char *start_dir);
void prgate_policy_release(struct prgate_policy *p);

/* The role with this key ("backup"), or PRGATE_ROLE_NONE. */
int prgate_role_find(const char *key);
const char *prgate_role_key(enum prgate_role role);
/* The role a section name implies by the built-in role patterns. */
int prgate_role_guess(const char *name);

/* Add a section (used by template-as-schema); returns it. */
struct prgate_policy_section *prgate_policy_add_section(struct prgate_policy *p,
							const char *name);
/*
 * Keep only the sections with keep[i] set (an array of nsections flags),
 * in their order; free the others.
 */
void prgate_policy_retain_sections(struct prgate_policy *p,
				   const unsigned char *keep);
/* The section whose key or alias matches the heading/label `name`, or -1. */
int prgate_policy_match_section(const struct prgate_policy *p,
				const char *name);
/* The same, with name's prgate_md_key() already at hand. */
int prgate_policy_match_key(const struct prgate_policy *p, const char *key,
			    const char *name);

#endif
