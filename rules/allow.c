/*
 * allow.c - break-glass comments: `<!-- prgate-allow RULE: reason -->`
 * turns RULE's errors into info findings that carry the reason. The lint
 * driver applies them; this rule reports the ones it can't honour: an
 * unknown rule, or no reason (allow-reason).
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
		free(rule);
		free(reason);
	}
}

const struct prgate_rule_doc doc_allow_reason = {
    "When a rule must be broken (a hotfix at night), the description can "
    "say so in a comment: <!-- prgate-allow RULE: reason -->. RULE's "
    "errors then become info findings that show who allowed it and why, "
    "in every report. It overrides checks that failed, never one that "
    "could not be decided (that stays unknown). A prgate-allow without a "
    "reason, or naming an unknown rule, is itself an error.",
    "<!-- prgate-allow issue-link: hotfix for the outage, issue follows -->\n",
    "<!-- prgate-allow section-empty -->\n"};
