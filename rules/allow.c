/*
 * allow.c - break glass. In the description, written by the PR's author,
 * `<!-- prgate-allow RULE: reason -->` turns a description rule's errors
 * into info findings that carry the reason (only the rules of the
 * policy's allow.rules). In a comment or review by someone in
 * overrides.by, a line `/prgate allow RULE: reason` allows a failed gate
 * rule of overrides.rules. The lint driver applies both; this rule
 * reports the description comments it can't honour (allow-reason): an
 * unknown rule, no reason, a gate rule, a rule allow.rules leaves out.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"

#define ALLOW_WORD "prgate-allow"

int prgate_allow_parse(const char *comment, char **rule, char **reason)
{
	const char *p = comment, *b;
	*rule = *reason = NULL;
	if (strncmp(p, ALLOW_WORD, strlen(ALLOW_WORD)))
		return 0;
	p += strlen(ALLOW_WORD);
	if (*p && !isspace((unsigned char)*p))
		return 0;
	while (isspace((unsigned char)*p))
		p++;
	b = p;
	while (*p && !isspace((unsigned char)*p) && *p != ':')
		p++;
	*rule = xstrndup(b, (size_t)(p - b));
	while (isspace((unsigned char)*p))
		p++;
	if (*p == ':') {
		size_t n;
		p++;
		while (isspace((unsigned char)*p))
			p++;
		n = strlen(p);
		while (n && isspace((unsigned char)p[n - 1]))
			n--;
		if (n)
			*reason = xstrndup(p, n);
	}
	return 1;
}

#define COMMAND "/prgate allow"

int prgate_allow_command(const char *s, size_t len, char **rule, char **reason)
{
	const char *end = s + len, *b;
	size_t n = strlen(COMMAND);

	*rule = *reason = NULL;
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	while (end > s &&
	       (end[-1] == '\r' || end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if ((size_t)(end - s) <= n || memcmp(s, COMMAND, n) ||
	    (s[n] != ' ' && s[n] != '\t'))
		return 0;
	s += n;
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	b = s;
	while (s < end && *s != ' ' && *s != '\t' && *s != ':')
		s++;
	*rule = xstrndup(b, (size_t)(s - b));
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	if (s < end && *s == ':') {
		s++;
		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		if (s < end)
			*reason = xstrndup(s, (size_t)(end - s));
	}
	return 1;
}

void check_allow_reason(struct prgate_rule_ctx *ctx)
{
	const struct prgate_md_doc *doc = ctx->doc;
	for (size_t i = 0; i < doc->ncomments; i++) {
		const struct prgate_md_comment *c = &doc->comments[i];
		char *rule, *reason;
		if (!prgate_allow_parse(c->text, &rule, &reason))
			continue;
		if (!*rule)
			prgate_rule_report(
			    ctx, c->line, c->col, NULL,
			    "prgate-allow names no rule: write "
			    "<!-- prgate-allow RULE: reason -->");
		else if (prgate_rule_find(rule) < 0)
			prgate_rule_report(
			    ctx, c->line, c->col, NULL,
			    "prgate-allow names unknown rule '%s' "
			    "(see prgate rules)",
			    rule);
		else if (!reason)
			prgate_rule_report(ctx, c->line, c->col, NULL,
					   "prgate-allow %s needs a reason: "
					   "<!-- prgate-allow %s: why -->",
					   rule, rule);
		else if (prgate_rule_find(rule) == PRGATE_RULE_ALLOW_REASON)
			prgate_rule_report(ctx, c->line, c->col, NULL,
					   "prgate-allow can't allow itself");
		else if (prgate_rules[prgate_rule_find(rule)].gate)
			/* the author can't waive what others must judge */
			prgate_rule_report(
			    ctx, c->line, c->col, NULL,
			    "'%s' is a gate rule: it can only be overridden "
			    "by a '/prgate allow' comment from someone in "
			    "overrides.by",
			    rule);
		else if (!ctx->policy->allow.rules[prgate_rule_find(rule)])
			prgate_rule_report(ctx, c->line, c->col, NULL,
					   "'%s' is not in the policy's "
					   "allow.rules: a description can't "
					   "override it",
					   rule);
		free(rule);
		free(reason);
	}
}

const struct prgate_rule_doc doc_allow_reason = {
    "When a description rule must be broken (a hotfix at night), the "
    "description can say so in a comment: "
    "<!-- prgate-allow RULE: reason -->. RULE's errors then become info "
    "findings that show who allowed it and why, in every report. Only "
    "description rules the policy lists in allow.rules can be allowed "
    "this way: the PR's author writes the description. A gate rule "
    "(approvals, ci, window...) is overridden only by someone in "
    "overrides.by with a '/prgate allow RULE: reason' comment. A "
    "prgate-allow without a reason, naming an unknown rule, a gate rule "
    "or a rule allow.rules leaves out is itself an error.",
    "<!-- prgate-allow issue-link: hotfix for the outage, issue follows -->\n",
    "<!-- prgate-allow section-empty -->\n"};
