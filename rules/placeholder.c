/*
 * placeholder.c - text the author forgot to replace: the policy's
 * placeholders (XXX, TODO, TBD, vXX) as whole words anywhere outside code,
 * and, with a template, the template's own prompt text left unchanged.
 */
#include <string.h>

#include "rules/rules.h"

static void scan_placeholders(struct prgate_rule_ctx *ctx)
{
	struct prgate_re *re = prgate_lint_placeholders(ctx->linter);
	const struct prgate_md_doc *doc = ctx->doc;
	if (!re || !prgate_rule_texts_may_match(ctx, re))
		return;
	for (size_t i = 0; i < doc->ntexts; i++) {
		const struct prgate_md_text *t = &doc->texts[i];
		size_t at = 0, b, e;
		if (t->flags & (PRGATE_MD_CODE | PRGATE_MD_URL))
			continue;
		while (at < t->len &&
		       prgate_re_search(re, t->text, t->len, at, &b, &e)) {
			const char *name =
			    t->section
				? prgate_rule_section_name(ctx, t->section)
				: NULL;
			prgate_rule_report(
			    ctx, t->line, prgate_md_text_col(t, b), name,
			    "placeholder '%.*s' left in %s%s%s", (int)(e - b),
			    t->text + b, name ? "'" : "the description",
			    name ? name : "", name ? "'" : "");
			at = e > b ? e : b + 1;
		}
	}
}
static void scan_prompts(struct prgate_rule_ctx *ctx)
{
	struct prgate_re *re = prgate_lint_placeholders(ctx->linter);
	struct strbuf item = STRBUF_INIT;
	for (size_t i = 0; i < ctx->policy->nsections; i++) {
		const struct prgate_policy_section *ps =
		    &ctx->policy->sections[i];
		const struct prgate_md_section *s;
		int m = ctx->match[i];
		if (m < 0 || !ps->prompts.n)
			continue;
		s = &ctx->doc->sections[m];
		for (size_t k = s->item_begin; k < s->item_end; k++) {
			const struct prgate_md_item *it = &ctx->doc->items[k];
			if (it->section != m)
				continue; /* a subsection answers for itself */
			strbuf_reset(&item);
			prgate_rule_collapse_space(it->text, &item);
			if (!prgate_strlist_has(&ps->prompts, item.buf))
				continue;
			/* one finding per place: its placeholder says it */
			if (re && prgate_re_search(re, item.buf, item.len, 0,
						   NULL, NULL))
				continue;
			prgate_rule_report(ctx, it->line, it->col, ps->name,
					   "the template's prompt \"%.*s%s\" "
					   "in '%s' is unchanged",
					   prgate_utf8_cut(item.buf, 60),
					   item.buf, item.len > 60 ? "..." : "",
					   ps->name);
		}
	}
	strbuf_release(&item);
}

void check_placeholder(struct prgate_rule_ctx *ctx)
{
	scan_placeholders(ctx);
	scan_prompts(ctx);
}

const struct prgate_rule_doc doc_placeholder = {
    "The stock templates mark what the author must fill in with "
    "placeholders such as XXX, vXX, TODO and TBD (the policy's "
    "\"placeholders\"). Any left as a whole word outside code spans and "
    "code blocks means the description is unfinished. With a template "
    "(\"template\" or --template), a paragraph or list item left exactly "
    "as the template wrote it counts too.",
    "**Rollback strategy**: `heroku rollback v142`, then restore the "
    "backup.\n",
    "**Rollback strategy**: heroku rollback vXX, then restore the "
    "backup.\n"};
