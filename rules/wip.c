/*
 * wip.c - work in progress is not released: a title starting with [WIP],
 * (WIP) or WIP, or "Work In Progress, do not merge" in the description.
 */
#include <string.h>

#include "rules/rules.h"

static const char title_re[] =
    "^\\s*(?:\\[\\s*wip\\s*\\]|\\(\\s*wip\\s*\\)|wip\\b)";
static const char body_re[] =
    "work[\\s-]+in[\\s-]+progress\\W*(?:do\\s+not|don'?t)\\s+merge";

void check_wip(struct prgate_rule_ctx *ctx)
{
	struct prgate_re *body = RULE_RE(ctx, body_re, PRGATE_RE_CASELESS);
	const struct prgate_md_doc *doc = ctx->doc;
	const char *title = ctx->in->title;

	if (title &&
	    prgate_re_search(RULE_RE(ctx, title_re, PRGATE_RE_CASELESS), title,
			     strlen(title), 0, NULL, NULL))
		prgate_rule_report(ctx, 0, 0, NULL,
				   "the title \"%s\" marks the PR as work in "
				   "progress",
				   title);
	if (!prgate_rule_texts_may_match(ctx, body))
		return;
	for (size_t i = 1; i < doc->nsections; i++) {
		const struct prgate_md_section *s = &doc->sections[i];
		if (prgate_re_search(body, s->name, strlen(s->name), 0, NULL,
				     NULL))
			prgate_rule_report(ctx, s->line, s->col, NULL,
					   "the description says \"%s\"",
					   s->name);
	}
	for (size_t i = 0; i < doc->ntexts; i++) {
		const struct prgate_md_text *t = &doc->texts[i];
		size_t b, e;
		if (t->flags & (PRGATE_MD_CODE | PRGATE_MD_URL))
			continue;
		if (prgate_re_search(body, t->text, t->len, 0, &b, &e))
			prgate_rule_report(ctx, t->line,
					   prgate_md_text_col(t, b), NULL,
					   "the description says \"%.*s\"",
					   (int)(e - b), t->text + b);
	}
}

const struct prgate_rule_doc doc_wip = {
    "Work in progress must not ship: a title that starts with [WIP], "
    "(WIP) or WIP, or a description saying \"Work In Progress, do not "
    "merge\", is NO-GO until it is removed. `prgate check` also treats a "
    "GitHub draft as NO-GO (rule draft). Give the title with --title "
    "when linting a file.",
    "Adds the invoice export.\n",
    "**Work In Progress, do not merge**\n\nAdds the invoice export.\n"};
