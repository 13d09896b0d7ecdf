/*
 * checklist.c - the generated deployment checklist (see checklist.h).
 */
#include <ctype.h>
#include <stdarg.h>
#include <string.h>

#include "rules/rules.h"
#include "linter/checklist.h"
#include "support/visible.h"

static const char *lookup(const char *name, size_t n,
			  const struct prgate_policy *p,
			  const struct prgate_kv *vars, size_t nvars)
{
	for (size_t i = 0; i < nvars; i++)
		if (strlen(vars[i].key) == n && !strncmp(vars[i].key, name, n))
			return vars[i].value;
	for (size_t i = 0; i < p->checklist.nvars; i++)
		if (strlen(p->checklist.vars[i].key) == n &&
		    !strncmp(p->checklist.vars[i].key, name, n))
			return p->checklist.vars[i].value;
	return NULL;
}

void prgate_checklist_expand(struct strbuf *out, const char *tpl,
			     const struct prgate_policy *policy,
			     const struct prgate_kv *vars, size_t nvars)
{
	while (*tpl) {
		const char *close;
		const char *val;
		if (*tpl != '{' || !(close = strchr(tpl + 1, '}'))) {
			strbuf_addch(out, *tpl++);
			continue;
		}
		val = lookup(tpl + 1, (size_t)(close - tpl - 1), policy, vars,
			     nvars);
		if (val)
			prgate_shell_quote(out, val); /* a branch may be
							 "x;curl ...|sh" */
		else
			strbuf_add(out, tpl, (size_t)(close - tpl + 1));
		tpl = close + 1;
	}
}

struct builder {
	struct strbuf *out;
	const struct prgate_policy *policy;
	const struct prgate_lint_result *res;
	const struct prgate_kv *vars;
	size_t nvars;
};

static void item(struct builder *b, int depth, const char *fmt, ...)
    PRGATE_PRINTF(3, 4);

static void item(struct builder *b, int depth, const char *fmt, ...)
{
	va_list ap;
	for (int i = 0; i < depth; i++)
		strbuf_addstr(b->out, "  ");
	strbuf_addstr(b->out, "- [ ] ");
	va_start(ap, fmt);
	strbuf_vaddf(b->out, fmt, ap);
	va_end(ap);
	strbuf_addch(b->out, '\n');
}

/*
 * One item holding cmd as inline code, with a backtick fence longer than
 * any run of backticks in it (a quoted branch name may hold some).
 */
static void code_item(struct builder *b, const char *cmd)
{
	size_t longest = 0, run = 0;
	struct strbuf fence = STRBUF_INIT;
	for (const char *p = cmd; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	for (size_t i = 0; i <= longest; i++)
		strbuf_addch(&fence, '`');
	if (longest)
		item(b, 0, "%s %s %s", fence.buf, cmd, fence.buf);
	else
		item(b, 0, "`%s`", cmd);
	strbuf_release(&fence);
}

/* One policy command per item, as code. */
static void commands(struct builder *b, const struct prgate_strlist *cmds)
{
	struct strbuf cmd = STRBUF_INIT;
	for (size_t i = 0; i < cmds->n; i++) {
		strbuf_reset(&cmd);
		prgate_checklist_expand(&cmd, cmds->v[i], b->policy, b->vars,
					b->nvars);
		code_item(b, cmd.buf);
	}
	strbuf_release(&cmd);
}

/*
 * The PR's own section as checklist items: its list items and
 * paragraphs; code blocks as fenced blocks under the item before.
 * Returns the number of items written.
 */
static int section_items(struct builder *b, int role, int indent)
{
	const struct prgate_md_doc *doc = b->res->doc;
	int sec = -1, n = 0;
	for (size_t i = 0; i < b->policy->nsections; i++)
		if (b->policy->sections[i].role == role &&
		    b->res->match[i] >= 0) {
			sec = b->res->match[i];
			break;
		}
	if (sec < 0)
		return 0;
	for (size_t k = doc->sections[sec].item_begin;
	     k < doc->sections[sec].item_end; k++) {
		const struct prgate_md_item *it = &doc->items[k];
		if (it->is_code) {
			const char *line = it->text;
			strbuf_addstr(b->out, n ? "\n    ```\n"
						: "- [ ] Run:\n\n    ```\n");
			while (*line) {
				const char *nl = strchr(line, '\n');
				size_t len =
				    nl ? (size_t)(nl - line) : strlen(line);
				strbuf_addstr(b->out, "    ");
				strbuf_add(b->out, line, len);
				strbuf_addch(b->out, '\n');
				line += len + (nl ? 1 : 0);
			}
			strbuf_addstr(b->out, "    ```\n\n");
			n++;
			continue;
		}
		if (!*it->text || prgate_rule_is_none(it->text))
			continue;
		item(b, indent + it->depth, "%s", it->text);
		n++;
	}
	return n;
}

/* The @logins the Deployment assistants section names, "@a, @b is". */
static void assistants(struct builder *b, struct strbuf *who)
{
	const struct prgate_md_doc *doc = b->res->doc;
	int sec = -1, n = 0;
	for (size_t i = 0; i < b->policy->nsections && sec < 0; i++)
		if (b->policy->sections[i].role == PRGATE_ROLE_ASSISTANTS)
			sec = b->res->match[i];
	for (size_t k = sec >= 0 ? doc->sections[sec].text_begin : 0;
	     sec >= 0 && k < doc->sections[sec].text_end; k++) {
		const char *t = doc->texts[k].text;
		for (const char *p = strchr(t, '@'); p;
		     p = strchr(p + 1, '@')) {
			size_t len = strspn(p + 1, "abcdefghijklmnopqrstuvwxyz"
						   "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
						   "0123456789-");
			if (!len || (p > t && (isalnum((unsigned char)p[-1]) ||
					       p[-1] == '.')))
				continue;
			strbuf_addf(who, "%s@%.*s", n++ ? ", " : "", (int)len,
				    p + 1);
		}
	}
	if (n)
		strbuf_addstr(who, n > 1 ? " are" : " is");
}

static void heading(struct builder *b, const char *title)
{
	strbuf_addf(b->out, "%s### %s\n\n", b->out->len ? "\n" : "", title);
}

static const char *var(struct builder *b, const char *name, const char *dflt)
{
	const char *v =
	    lookup(name, strlen(name), b->policy, b->vars, b->nvars);
	return v ? v : dflt;
}

void prgate_checklist_build(struct strbuf *out,
			    const struct prgate_policy *policy,
			    const struct prgate_lint_result *res,
			    const struct prgate_kv *vars, size_t nvars)
{
	struct builder b = {out, policy, res, vars, nvars};
	const char *remote =
	    var(&b, "remote",
		policy->deploy.remotes.n ? policy->deploy.remotes.v[0]
					 : "production");
	/* the production branch ({branch} is the PR's own) */
	const char *branch =
	    policy->deploy.branches.n ? policy->deploy.branches.v[0] : "master";
	const char *prev = var(&b, "prev_sha", NULL);

	heading(&b, "Before");
	if (res->backing_changes) {
		item(&b, 0, "Back up the data (backing services change):");
		if (!section_items(&b, PRGATE_ROLE_BACKUP, 1))
			item(&b, 1,
			     "take a backup of every changed backing "
			     "service");
	}
	commands(&b, &policy->checklist.before);
	if (prev)
		item(&b, 0, "Production is at `%s`: the rollback point", prev);
	else
		item(&b, 0,
		     "Note the production SHA (the rollback point): "
		     "`git ls-remote %s %s`",
		     remote, branch);
	if (res->backing_changes) {
		struct strbuf who = STRBUF_INIT;
		assistants(&b, &who);
		item(&b, 0, "%s on hand for the deploy",
		     who.len ? who.buf : "The deployment assistant is");
		strbuf_release(&who);
	}
	item(&b, 0,
	     "Staging run: restore a production snapshot to QA, "
	     "deploy this branch there and test");
	commands(&b, &policy->checklist.staging);

	heading(&b, "Deploy");
	if (res->downtime) {
		item(&b, 0, "Turn maintenance mode on");
		commands(&b, &policy->checklist.maintenance_on);
	}
	if (!section_items(&b, PRGATE_ROLE_STEPS, 0))
		item(&b, 0, "Deploy: `git push %s %s`", remote, branch);
	if (res->downtime) {
		item(&b, 0, "Turn maintenance mode off");
		commands(&b, &policy->checklist.maintenance_off);
	}

	heading(&b, "Verify");
	section_items(&b, PRGATE_ROLE_VERIFICATION, 0);
	commands(&b, &policy->checklist.verify);
	item(&b, 0, "Tail the logs for new errors");
	item(&b, 0, "Smoke test the main user flows");

	heading(&b, "Rollback (if needed)");
	section_items(&b, PRGATE_ROLE_ROLLBACK, 0);
	commands(&b, &policy->checklist.rollback);
	if (res->backing_changes)
		item(&b, 0, "Restore the backup taken before the deploy");
	if (prev)
		item(&b, 0, "`git push -f %s %s:%s`", remote, prev, branch);
	else
		item(&b, 0,
		     "`git push -f %s PREVIOUS_SHA:%s` with the SHA "
		     "noted before the deploy",
		     remote, branch);
}
