/*
 * checklist.c - the generated deployment checklist (see checklist.h).
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
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
	const struct prgate_kv *vars; /* the caller's, then the defaults */
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
 * One item at depth holding cmd as inline code ("label: `cmd`" with a
 * label), with a backtick fence longer than any run of backticks in it
 * (a quoted branch name may hold some).
 */
static void code_item(struct builder *b, int depth, const char *label,
		      const char *cmd)
{
	size_t longest = 0, run = 0;
	struct strbuf fence = STRBUF_INIT, line = STRBUF_INIT;
	for (const char *p = cmd; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	for (size_t i = 0; i <= longest; i++)
		strbuf_addch(&fence, '`');
	if (label)
		strbuf_addf(&line, "%s: ", label);
	strbuf_addf(&line, "%s%s%s%s%s", fence.buf, longest ? " " : "", cmd,
		    longest ? " " : "", fence.buf);
	item(b, depth, "%s", line.buf);
	strbuf_release(&line);
	strbuf_release(&fence);
}

/* 1 when the built-in line bit is on (not left out by the policy). */
static int builtin(const struct builder *b, unsigned bit)
{
	return !(b->policy->checklist.builtin_off & bit);
}

/* 1 when the checklist so far holds cmd as inline code already. */
static int written(const struct builder *b, const char *cmd)
{
	struct strbuf code = STRBUF_INIT;
	int hit;
	strbuf_addf(&code, "`%s`", cmd);
	hit = strstr(b->out->buf ? b->out->buf : "", code.buf) != NULL;
	strbuf_release(&code);
	return hit;
}

/* 1 when the PR's section of role holds code (a `command`). */
static int in_section(const struct builder *b, int role, const char *code)
{
	const struct prgate_md_doc *doc = b->res->doc;
	for (size_t i = 0; i < b->policy->nsections; i++) {
		int sec = b->res->match[i];
		if (b->policy->sections[i].role != role || sec < 0)
			continue;
		for (size_t k = doc->sections[sec].item_begin;
		     k < doc->sections[sec].item_end; k++)
			if (strstr(doc->items[k].text, code))
				return 1;
	}
	return 0;
}

/*
 * 1 when the checklist holds cmd as inline code already, or will: the
 * PR's Deployment steps, Verification plan and Rollback strategy are
 * always copied into it.
 */
static int had(const struct builder *b, const char *cmd)
{
	struct strbuf code = STRBUF_INIT;
	int hit;
	strbuf_addf(&code, "`%s`", cmd);
	hit = written(b, cmd) || in_section(b, PRGATE_ROLE_STEPS, code.buf) ||
	      in_section(b, PRGATE_ROLE_VERIFICATION, code.buf) ||
	      in_section(b, PRGATE_ROLE_ROLLBACK, code.buf);
	strbuf_release(&code);
	return hit;
}

/*
 * The policy's commands, one item each as code, skipping any the
 * checklist holds already or will (a PR's own step, another phase's
 * command).
 * With a label (a built-in line, NULL: none): "label: `cmd`" for one
 * command, the label with the commands under it for several, the label
 * alone for none - and nothing when the PR has every command already.
 */
static void labelled(struct builder *b, const char *label,
		     const struct prgate_strlist *cmds)
{
	struct strbuf cmd = STRBUF_INIT;
	struct prgate_strlist todo = {0};

	for (size_t i = 0; i < cmds->n; i++) {
		strbuf_reset(&cmd);
		prgate_checklist_expand(&cmd, cmds->v[i], b->policy, b->vars,
					b->nvars);
		if (!had(b, cmd.buf) && !prgate_strlist_has(&todo, cmd.buf))
			prgate_strlist_add(&todo, cmd.buf);
	}
	if (cmds->n && !todo.n)
		; /* the PR does it all in its own words */
	else if (label && todo.n == 1)
		code_item(b, 0, label, todo.v[0]);
	else {
		if (label)
			item(b, 0, "%s%s", label, todo.n ? ":" : "");
		for (size_t i = 0; i < todo.n; i++)
			code_item(b, label ? 1 : 0, NULL, todo.v[i]);
	}
	prgate_strlist_release(&todo);
	strbuf_release(&cmd);
}

static void commands(struct builder *b, const struct prgate_strlist *cmds)
{
	labelled(b, NULL, cmds);
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

/* The value of name among vars, or NULL. */
static const char *own(const struct prgate_kv *vars, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(vars[i].key, name))
			return vars[i].value;
	return NULL;
}

void prgate_checklist_build(struct strbuf *out,
			    const struct prgate_policy *policy,
			    const struct prgate_lint_result *res,
			    const struct prgate_kv *vars, size_t nvars)
{
	struct prgate_kv *all = xcalloc(nvars + 2, sizeof(*all));
	struct builder b = {out, policy, res, all, 0};
	const struct prgate_strlist *branches = &policy->deploy.branches;
	const char *remote, *branch, *prev, *base;
	const char *maintenance = "Turn maintenance mode on";

	/*
	 * The deploy remote and branch, for the built-in lines and as
	 * {remote} and {deploy_branch} in the policy's commands: the
	 * caller's (the deploy journal's), else the policy's vars, else the
	 * first deploy remote and the PR's base when it is a deploy branch
	 * (else the first deploy branch).
	 */
	for (size_t i = 0; i < nvars; i++)
		all[b.nvars++] = vars[i];
	base = own(vars, nvars, "base");
	if (!var(&b, "remote", NULL)) {
		all[b.nvars].key = (char *)"remote";
		all[b.nvars++].value = policy->deploy.remotes.n
					   ? policy->deploy.remotes.v[0]
					   : (char *)"production";
	}
	if (!var(&b, "deploy_branch", NULL)) {
		all[b.nvars].key = (char *)"deploy_branch";
		all[b.nvars++].value =
		    base && prgate_strlist_has(branches, base) ? (char *)base
		    : branches->n			       ? branches->v[0]
				  : (char *)"master";
	}
	remote = var(&b, "remote", "production");
	branch = var(&b, "deploy_branch", "master");
	prev = var(&b, "prev_sha", NULL);

	heading(&b, "Before");
	if (res->backing_changes && builtin(&b, PRGATE_CHECKLIST_BACKUP)) {
		item(&b, 0, "Back up the data (backing services change):");
		if (!section_items(&b, PRGATE_ROLE_BACKUP, 1))
			item(&b, 1,
			     "take a backup of every changed backing "
			     "service");
	}
	commands(&b, &policy->checklist.before);
	if (!builtin(&b, PRGATE_CHECKLIST_ROLLBACK_POINT))
		;
	else if (prev)
		item(&b, 0, "Production is at `%s`: the rollback point", prev);
	else
		item(&b, 0,
		     "Note the production SHA (the rollback point): "
		     "`git ls-remote %s %s`",
		     remote, branch);
	if (res->backing_changes && builtin(&b, PRGATE_CHECKLIST_ASSISTANT)) {
		struct strbuf who = STRBUF_INIT;
		assistants(&b, &who);
		item(&b, 0, "%s on hand for the deploy",
		     who.len ? who.buf : "The deployment assistant is");
		strbuf_release(&who);
	}
	if (builtin(&b, PRGATE_CHECKLIST_STAGING))
		item(&b, 0,
		     "Staging run: restore a production snapshot to QA, "
		     "deploy this branch there and test");
	commands(&b, &policy->checklist.staging);

	heading(&b, "Deploy");
	if (!builtin(&b, PRGATE_CHECKLIST_MAINTENANCE))
		maintenance = NULL;
	if (res->downtime)
		labelled(&b, maintenance, &policy->checklist.maintenance_on);
	if (!section_items(&b, PRGATE_ROLE_STEPS, 0) &&
	    builtin(&b, PRGATE_CHECKLIST_DEPLOY))
		item(&b, 0, "Deploy: `git push %s %s`", remote, branch);
	if (res->downtime)
		labelled(&b, maintenance ? "Turn maintenance mode off" : NULL,
			 &policy->checklist.maintenance_off);

	heading(&b, "Verify");
	section_items(&b, PRGATE_ROLE_VERIFICATION, 0);
	commands(&b, &policy->checklist.verify);
	if (builtin(&b, PRGATE_CHECKLIST_LOGS))
		item(&b, 0, "Tail the logs for new errors");
	if (builtin(&b, PRGATE_CHECKLIST_SMOKE))
		item(&b, 0, "Smoke test the main user flows");

	heading(&b, "Rollback (if needed)");
	section_items(&b, PRGATE_ROLE_ROLLBACK, 0);
	commands(&b, &policy->checklist.rollback);
	if (res->backing_changes && builtin(&b, PRGATE_CHECKLIST_RESTORE))
		item(&b, 0, "Restore the backup taken before the deploy");
	if (!builtin(&b, PRGATE_CHECKLIST_ROLLBACK_PUSH))
		;
	else if (prev) {
		struct strbuf cmd = STRBUF_INIT;
		strbuf_addf(&cmd, "git push -f %s %s:%s", remote, prev, branch);
		if (!written(&b, cmd.buf))
			item(&b, 0, "`%s`", cmd.buf);
		strbuf_release(&cmd);
	} else
		item(&b, 0,
		     "`git push -f %s PREVIOUS_SHA:%s` with the SHA "
		     "noted before the deploy",
		     remote, branch);

	if (policy->checklist.after.n) {
		heading(&b, "After");
		commands(&b, &policy->checklist.after);
	}
	free(all);
}
