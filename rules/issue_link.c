/*
 * issue_link.c - the original-issue field points somewhere: an issue
 * (#12, org/repo#34, ABC-123) or a URL (issue-link, a warning by
 * default).
 */
#include "rules/rules.h"

static const char link_re[] =
    "(?:^|[^\\w/])(?:[\\w.-]+/[\\w.-]+)?#[0-9]+\\b|\\b[A-Z][A-Z0-9]+-[0-9]+"
    "\\b|\\bhttps?://";

void check_issue_link(struct prgate_rule_ctx *ctx)
{
	const struct prgate_md_doc *doc = ctx->doc;
	struct prgate_re *re = RULE_RE(ctx, link_re, 0);
	int sec = ctx->role[PRGATE_ROLE_ISSUE];
	const struct prgate_md_section *s;

	if (sec < 0 || prgate_rule_section_is_empty(doc, sec))
		return; /* section-missing / section-empty say it */
	s = &doc->sections[sec];
	for (size_t i = s->text_begin; i < s->text_end; i++) {
		const struct prgate_md_text *t = &doc->texts[i];
		if (t->flags & PRGATE_MD_URL)
			return;
		if (!(t->flags & PRGATE_MD_CODE) &&
		    prgate_re_search(re, t->text, t->len, 0, NULL, NULL))
			return;
	}
	{
		struct strbuf label = STRBUF_INIT;
		prgate_rule_report(ctx, s->line, s->col,
				   prgate_rule_section_name(ctx, sec),
				   "'%s' links no issue or URL (write #12, "
				   "org/repo#34 or a link)",
				   prgate_rule_doc_label(ctx, sec, &label));
		strbuf_release(&label);
	}
}

const struct prgate_rule_doc doc_issue_link = {
    "Reviewers and whoever rolls back need the why: the original-issue "
    "field should link the issue (#12, org/repo#34, a tracker key such "
    "as SHOP-123) or a URL to the supporting material.",
    "**Original issue and supporting materials**: #128, "
    "https://example.com/spec\n",
    "**Original issue and supporting materials**: the customer asked "
    "for it\n"};
