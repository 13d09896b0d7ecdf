/*
 * placeholder.c - text the author forgot to replace: the policy's
 * placeholders (XXX, TODO, TBD, vXX) as whole words anywhere outside code,
 * and, with a template, the template's own prompt text left unchanged.
 */
#include <string.h>

#include "rules/rules.h"

static void scan_placeholders(struct prgate_rule_ctx *ctx)
{
	struct prgate_re *re = prgate_sink_placeholders(ctx->sink);
	const struct prgate_md_doc *doc = ctx->doc;
	struct strbuf label = STRBUF_INIT;
	if (!re || !prgate_rule_texts_may_match(ctx, re))
		return;
	for (size_t i = 0; i < doc->ntexts; i++) {
		const struct prgate_md_text *t = &doc->texts[i];
		size_t at = 0, b, e;
		if (t->flags & (PRGATE_MD_CODE | PRGATE_MD_URL))
			continue;
		while (at < t->len &&
		       prgate_re_search(re, t->text, t->len, at, &b, &e)) {
			const char *section = NULL, *name = NULL;
			if (t->section) {
				section = name =
				    prgate_rule_section_name(ctx, t->section);
				for (size_t k = 0; k < ctx->policy->nsections;
				     k++)
					if (ctx->match[k] == t->section)
						name =
						    prgate_rule_section_label(
							ctx, k, &label);
			}
			prgate_rule_report(
			    ctx, t->line, prgate_md_text_col(t, b), section,
			    "placeholder '%.*s' left in %s%s%s", (int)(e - b),
			    t->text + b, name ? "'" : "the description",
			    name ? name : "", name ? "'" : "");
			at = e > b ? e : b + 1;
		}
	}
	strbuf_release(&label);
}

/* Does section m (with its subsections) hold a placeholder? */
static int has_placeholder(struct prgate_rule_ctx *ctx, int m)
{
	struct prgate_re *re = prgate_sink_placeholders(ctx->sink);
	const struct prgate_md_section *s = &ctx->doc->sections[m];
	for (size_t k = s->text_begin; re && k < s->text_end; k++) {
		const struct prgate_md_text *t = &ctx->doc->texts[k];
		if (!(t->flags & (PRGATE_MD_CODE | PRGATE_MD_URL)) &&
		    prgate_re_search(re, t->text, t->len, 0, NULL, NULL))
			return 1;
	}
	return 0;
}

/*
 * With a template: each section left as the template had it (see
 * linter/schema.h), once, where the template's text remains. An empty
 * one is section-empty's; one with a placeholder in it the
 * placeholder's.
 */
static void scan_unfilled(struct prgate_rule_ctx *ctx)
{
	struct strbuf item = STRBUF_INIT, label = STRBUF_INIT;
	for (size_t i = 0; ctx->schema && i < ctx->policy->nsections; i++) {
		const struct prgate_policy_section *ps =
		    &ctx->policy->sections[i];
		struct prgate_schema_verdict v;
		const char *name;
		int m = ctx->match[i];
		if (m < 0 || !ps->tpl)
			continue;
		switch (prgate_schema_judge(ctx->schema, (size_t)ps->tpl - 1,
					    ctx->doc, m, &v)) {
		case PRGATE_SCHEMA_FILLED:
		case PRGATE_SCHEMA_EMPTY:
			continue;
		default:
			break;
		}
		if (has_placeholder(ctx, m))
			continue;
		name = prgate_rule_section_label(ctx, i, &label);
		switch (v.fill) {
		case PRGATE_SCHEMA_PROMPT:
			strbuf_reset(&item);
			prgate_rule_collapse_space(v.text, &item);
			prgate_rule_report(ctx, v.line, v.col, ps->name,
					   "the template's prompt \"%.*s%s\" "
					   "in '%s' is unchanged",
					   prgate_utf8_cut(item.buf, 60),
					   item.buf, item.len > 60 ? "..." : "",
					   name);
			break;
		case PRGATE_SCHEMA_BOXES:
			prgate_rule_report(ctx, v.line, v.col, ps->name,
					   "no box in '%s' is ticked: tick the "
					   "ones that apply",
					   name);
			break;
		case PRGATE_SCHEMA_OPTIONS:
			prgate_rule_report(ctx, v.line, v.col, ps->name,
					   "'%s' keeps every option the "
					   "template offers: keep the ones "
					   "that apply",
					   name);
			break;
		default:
			prgate_rule_report(ctx, v.line, v.col, ps->name,
					   "'%s' holds only the template's "
					   "text",
					   name);
			break;
		}
	}
	strbuf_release(&item);
	strbuf_release(&label);
}

void check_placeholder(struct prgate_rule_ctx *ctx)
{
	scan_placeholders(ctx);
	scan_unfilled(ctx);
}

const struct prgate_rule_doc doc_placeholder = {
    "The stock templates mark what the author must fill in with "
    "placeholders such as XXX, vXX, TODO and TBD (the policy's "
    "\"placeholders\"). Any left as a whole word outside code spans and "
    "code blocks means the description is unfinished. With a template "
    "(\"template\" or --template), a section left as the template had it "
    "counts too: only its prompt text, comments, a table as it was, every "
    "option of a list, or unticked boxes. Any text of the author's, a "
    "ticked box or options cut down to the ones that apply answer it.",
    "**Rollback strategy**: `heroku rollback v142`, then restore the "
    "backup.\n",
    "**Rollback strategy**: heroku rollback vXX, then restore the "
    "backup.\n"};
