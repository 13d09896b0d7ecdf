/*
 * sections.c - the template's shape: required sections are present
 * (section-missing; info for a section the template lets the author
 * delete), say something (section-empty), say more than "None" where
 * that is not an answer (none-not-allowed), and checklist sections hold
 * task items, ticked as "checked" asks (checklist-required).
 */
#include "rules/rules.h"

/* Does a required policy section match a descendant of doc section s? */
static int has_required_child(const struct prgate_rule_ctx *ctx, int s)
{
	const struct prgate_md_section *sec = &ctx->doc->sections[s];
	for (size_t i = 0; i < ctx->policy->nsections; i++) {
		int m = ctx->match[i];
		if (ctx->policy->sections[i].required && m > s &&
		    (size_t)m < sec->child_end)
			return 1;
	}
	return 0;
}

/*
 * Is a subsection of template section i there, though i is not? Then
 * only its heading was dropped: the subsections answer for it.
 */
static int subsections_there(const struct prgate_rule_ctx *ctx, size_t i)
{
	const struct prgate_policy *p = ctx->policy;
	int t = p->sections[i].tpl - 1;
	if (t < 0 || !ctx->schema)
		return 0;
	for (size_t j = 0; j < p->nsections; j++) {
		int u = p->sections[j].tpl - 1;
		if (u <= t || ctx->match[j] < 0)
			continue;
		/* u inside t: t is one of u's ancestors */
		for (int a = ctx->schema->sections[u].parent; a >= 0;
		     a = ctx->schema->sections[a].parent)
			if (a == t)
				return 1;
	}
	return 0;
}

void check_section_missing(struct prgate_rule_ctx *ctx)
{
	struct strbuf label = STRBUF_INIT;
	for (size_t i = 0; i < ctx->policy->nsections; i++) {
		const struct prgate_policy_section *ps =
		    &ctx->policy->sections[i];
		if (ctx->match[i] >= 0 || subsections_there(ctx, i))
			continue;
		if (ps->required)
			prgate_rule_report(
			    ctx, 0, 0, ps->name,
			    "required section '%s' is missing",
			    prgate_rule_section_label(ctx, i, &label));
		else if (ps->optional)
			prgate_rule_note(
			    ctx, 0, 0, ps->name,
			    "optional section '%s' is not there (the "
			    "template lets it be deleted)",
			    prgate_rule_section_label(ctx, i, &label));
	}
	strbuf_release(&label);
}

void check_section_empty(struct prgate_rule_ctx *ctx)
{
	struct strbuf label = STRBUF_INIT;
	for (size_t i = 0; i < ctx->policy->nsections; i++) {
		const struct prgate_policy_section *ps =
		    &ctx->policy->sections[i];
		int m = ctx->match[i];
		const struct prgate_md_section *s;
		int empty;
		if (m < 0)
			continue;
		s = &ctx->doc->sections[m];
		if (ps->tpl && ctx->schema) {
			/* any section of the template, as it judges */
			struct prgate_schema_verdict v;
			empty = prgate_schema_judge(
				    ctx->schema, (size_t)ps->tpl - 1, ctx->doc,
				    m, &v) == PRGATE_SCHEMA_EMPTY;
		} else {
			empty = ps->required &&
				prgate_rule_section_is_empty(ctx->doc, m) &&
				!has_required_child(ctx, m);
		}
		if (empty)
			prgate_rule_report(
			    ctx, s->line, s->col, ps->name,
			    "section '%s' is empty",
			    prgate_rule_section_label(ctx, i, &label));
	}
	strbuf_release(&label);
}

/*
 * The text a "None" test looks at: a section with subsections answers in
 * its own content only (its fields answer for themselves).
 */
static void answer_text(const struct prgate_rule_ctx *ctx, int m,
			struct strbuf *out)
{
	const struct prgate_md_doc *doc = ctx->doc;
	const struct prgate_md_section *s = &doc->sections[m];
	if (s->child_end > (size_t)m + 1) {
		for (size_t i = s->text_begin;
		     i < prgate_md_own_text_end(doc, (size_t)m); i++) {
			if (doc->texts[i].flags & PRGATE_MD_URL)
				continue;
			if (out->len)
				strbuf_addch(out, ' ');
			strbuf_add(out, doc->texts[i].text, doc->texts[i].len);
		}
		strbuf_trim(out);
	} else {
		prgate_rule_section_text(doc, m, 0, out);
	}
}

void check_none_not_allowed(struct prgate_rule_ctx *ctx)
{
	struct strbuf text = STRBUF_INIT;
	for (size_t i = 0; i < ctx->policy->nsections; i++) {
		const struct prgate_policy_section *ps =
		    &ctx->policy->sections[i];
		int m = ctx->match[i];
		const struct prgate_md_section *s;
		if (ps->allow_none || m < 0)
			continue;
		s = &ctx->doc->sections[m];
		if (!prgate_rule_section_says_none(
			ctx->doc, m, s->child_end > (size_t)m + 1))
			continue;
		strbuf_reset(&text);
		answer_text(ctx, m, &text);
		prgate_rule_report(
		    ctx, s->line, s->col, ps->name,
		    "section '%s' says \"%s\": it needs a real answer",
		    ps->name, text.buf);
	}
	strbuf_release(&text);
}

/*
 * Sections with "checked": "any" need a ticked box, "all" every box
 * ticked (a procedure that must be done before the deploy).
 */
static void check_ticked(struct prgate_rule_ctx *ctx)
{
	struct strbuf label = STRBUF_INIT;
	for (size_t i = 0; i < ctx->policy->nsections; i++) {
		const struct prgate_policy_section *ps =
		    &ctx->policy->sections[i];
		const struct prgate_md_item *first = NULL;
		int m = ctx->match[i], tasks = 0, ticked = 0;
		const struct prgate_md_section *s;
		if (!ps->checked || m < 0)
			continue;
		s = &ctx->doc->sections[m];
		for (size_t k = s->item_begin; k < s->item_end; k++) {
			const struct prgate_md_item *it = &ctx->doc->items[k];
			if (!it->is_task)
				continue;
			tasks++;
			ticked += it->checked;
			if (!it->checked && !first)
				first = it;
		}
		if (!tasks)
			continue; /* checklist-required or section-empty */
		if (ps->checked == PRGATE_CHECKED_ANY && !ticked)
			prgate_rule_report(
			    ctx, s->line, s->col, ps->name,
			    "no box in '%s' is ticked: the policy wants at "
			    "least one",
			    prgate_rule_section_label(ctx, i, &label));
		else if (ps->checked == PRGATE_CHECKED_ALL && ticked < tasks)
			prgate_rule_report(
			    ctx, first->line, first->col, ps->name,
			    "%d of %d boxes in '%s' are not ticked: the "
			    "policy wants all of them",
			    tasks - ticked, tasks,
			    prgate_rule_section_label(ctx, i, &label));
	}
	strbuf_release(&label);
}

void check_checklist_required(struct prgate_rule_ctx *ctx)
{
	struct strbuf text = STRBUF_INIT;
	for (size_t i = 0; i < ctx->policy->nsections; i++) {
		const struct prgate_policy_section *ps =
		    &ctx->policy->sections[i];
		int m = ctx->match[i], tasks = 0;
		const struct prgate_md_section *s;
		if (!ps->checklist || m < 0)
			continue;
		s = &ctx->doc->sections[m];
		if (prgate_rule_section_is_empty(ctx->doc, m))
			continue; /* section-empty says it */
		if (prgate_rule_section_says_none(ctx->doc, m,
						  s->child_end > (size_t)m + 1))
			continue; /* none-not-allowed says it */
		for (size_t k = s->item_begin; k < s->item_end; k++)
			tasks += ctx->doc->items[k].is_task;
		if (!tasks)
			prgate_rule_report(
			    ctx, s->line, s->col, ps->name,
			    "section '%s' has no task items: write the steps "
			    "as a checklist (- [ ] step)",
			    ps->name);
	}
	strbuf_release(&text);
	check_ticked(ctx);
}

const struct prgate_rule_doc doc_section_missing = {
    "Every section the policy marks required (by default the release "
    "template's Solution, Original issue, Downsides, Roll-out plan with "
    "its fields, Verification plan and Rollback strategy) must appear, "
    "as a heading (ATX or setext) or as a bold label such as "
    "**Deployment risks**:. Names match case-, space- and "
    "punctuation-insensitively, or by the policy's alias patterns.",
    "## Rollback strategy\nRedeploy the previous release tag.\n",
    "## Verification plan\nOpen the shop and buy a test item.\n"};

const struct prgate_rule_doc doc_section_empty = {
    "A required section that is present must say something: a heading "
    "or label followed by nothing (or only an HTML comment from the "
    "template) is not an answer.",
    "**Deployment risks**: the cache is cold for ten minutes\n",
    "**Deployment risks**:\n<!-- what could go wrong? -->\n"};

const struct prgate_rule_doc doc_none_not_allowed = {
    "Some sections can't be answered with \"None\", \"N/A\" or \"-\": "
    "every release has a way to verify it and a way back. The policy's "
    "\"allow_none\": false marks them (by default Solution, Original "
    "issue, Roll-out plan, Deployment steps, Verification plan and "
    "Rollback strategy).",
    "## Rollback strategy\nRevert the merge commit and redeploy master.\n",
    "## Rollback strategy\nN/A\n"};

const struct prgate_rule_doc doc_checklist_required = {
    "Sections with \"checklist\": true (by default Deployment steps) are "
    "followed step by step during the deploy, so they must be a task "
    "list: - [ ] step, * [ ] step or 1. [ ] step.",
    "**Deployment steps**:\n1. [ ] Merge the PR\n2. [ ] Run the deploy "
    "job\n",
    "**Deployment steps**:\n1. Merge the PR\n2. Run the deploy job\n"};
