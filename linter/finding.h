/*
 * finding.h - one finding (a rule's verdict on one place) and the list a
 * run collects.
 *
 * A finding owns copies of its strings: it never points into the parsed
 * description or the policy, so it outlives both. The list owns its
 * findings; prgate_findings_release() frees them all.
 */
#ifndef PRGATE_FINDING_H
#define PRGATE_FINDING_H

#include <stddef.h>

#include "../rules/rule_ids.h"
#include "util.h"

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
	char *message;
	int line, col; /* 0 when the finding is about the whole input */
	char *section; /* NULL when not about one section */
	/* Set when a prgate-allow comment turned an error into info. */
	char *allowed_reason;
	int allowed_line;
	size_t seq; /* order of addition: ties keep it */
};

struct prgate_findings {
	struct prgate_finding *v;
	size_t n, alloc;
};

/* Append a finding; copies message and section. Returns the new finding. */
struct prgate_finding *prgate_findings_add(struct prgate_findings *list,
					   enum prgate_rule rule,
					   enum prgate_severity sev, int line,
					   int col, const char *section,
					   const char *message);
/* The same, taking ownership of message (malloc'd). */
struct prgate_finding *prgate_findings_add_owned(struct prgate_findings *list,
						 enum prgate_rule rule,
						 enum prgate_severity sev,
						 int line, int col,
						 const char *section,
						 char *message);
/* Sort by line, column and rule; otherwise keep the order of addition. */
void prgate_findings_sort(struct prgate_findings *list);
size_t prgate_findings_count(const struct prgate_findings *list,
			     enum prgate_severity sev);
void prgate_findings_release(struct prgate_findings *list);

#endif
