/*
 * backing.c - changes to backing services (databases, queues, caches)
 * need a safety net: backups before the deploy, a rollback that restores
 * the data (backup-required), and an ops person on hand
 * (assistant-required).
 */
#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"

/* Words that show a rollback strategy deals with the data. */
static const char database_re[] =
    "\\b(?:database|db|data|backups?|restore[sd]?|migrations?|schema|"
    "dump|snapshot|pg_restore|pg_dump|downgrade|alembic|rollback_to)\\b";
/* A GitHub @handle (not an e-mail address). */
static const char handle_re[] =
    "(?<![\\w.])@([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))(?![\\w-])";

void check_backup_required(struct prgate_rule_ctx *ctx)
{
	struct strbuf text = STRBUF_INIT;
	int backup = ctx->role[PRGATE_ROLE_BACKUP];
	int rollback = ctx->role[PRGATE_ROLE_ROLLBACK];
	const char *why = ctx->backing_why;

	if (!ctx->backing_changes)
		return;
	if (backup < 0) {
		prgate_rule_report(ctx, 0, 0, "Backuping steps",
				   "%s but the description has no backup "
				   "steps",
				   why);
	} else {
		const struct prgate_md_section *s = &ctx->doc->sections[backup];
		prgate_rule_section_text(ctx->doc, backup, 0, &text);
		if (!text.len || prgate_rule_is_none(text.buf))
			prgate_rule_report(
			    ctx, s->line, s->col,
			    prgate_rule_section_name(ctx, backup),
			    "%s: '%s' can't be %s", why,
			    prgate_rule_section_name(ctx, backup),
			    text.len ? "None" : "empty");
	}
	if (rollback >= 0) {
		const struct prgate_md_section *s =
		    &ctx->doc->sections[rollback];
		strbuf_reset(&text);
		prgate_rule_section_text(ctx->doc, rollback, 0, &text);
		if (text.len &&
		    !prgate_re_search(
			RULE_RE(ctx, database_re, PRGATE_RE_CASELESS), text.buf,
			text.len, 0, NULL, NULL))
			prgate_rule_report(
			    ctx, s->line, s->col,
			    prgate_rule_section_name(ctx, rollback),
			    "%s: '%s' must say how the database is restored",
			    why, prgate_rule_section_name(ctx, rollback));
	}
	strbuf_release(&text);
}

void check_assistant_required(struct prgate_rule_ctx *ctx)
{
	const struct prgate_strlist *ops = &ctx->policy->reviews.ops;
	struct prgate_re *re = RULE_RE(ctx, handle_re, 0);
	struct strbuf text = STRBUF_INIT, named = STRBUF_INIT;
	int sec = ctx->role[PRGATE_ROLE_ASSISTANTS];
	const char *why = ctx->backing_why;
	int handles = 0, from_ops = 0;
	size_t at = 0, b, e;
	const char *name;

	if (!ctx->backing_changes)
		return;
	if (sec < 0) {
		prgate_rule_report(ctx, 0, 0, "Deployment assistants",
				   "%s but no deployment assistant is named",
				   why);
		return;
	}
	name = prgate_rule_section_name(ctx, sec);
	prgate_rule_section_text(ctx->doc, sec, 1, &text);
	while (prgate_re_search(re, text.buf, text.len, at, &b, &e)) {
		char *login = xstrndup(text.buf + b + 1, e - b - 1);
		handles++;
		if (prgate_strlist_has_icase(ops, login))
			from_ops++;
		strbuf_addf(&named, "%s@%s", named.len ? ", " : "", login);
		free(login);
		at = e;
	}
	if (!handles) {
		const struct prgate_md_section *s = &ctx->doc->sections[sec];
		prgate_rule_report(ctx, s->line, s->col, name,
				   "%s: '%s' must name an assistant as @login",
				   why, name);
	} else if (ops->n && !from_ops) {
		const struct prgate_md_section *s = &ctx->doc->sections[sec];
		struct strbuf list = STRBUF_INIT;
		for (size_t i = 0; i < ops->n; i++)
			strbuf_addf(&list, "%s@%s", i ? ", " : "", ops->v[i]);
		prgate_rule_report(ctx, s->line, s->col, name,
				   "%s: %s %s not on the ops list (%s)", why,
				   named.buf, handles > 1 ? "are" : "is",
				   list.buf);
		strbuf_release(&list);
	}
	strbuf_release(&named);
	strbuf_release(&text);
}

const struct prgate_rule_doc doc_backup_required = {
    "When 'Backing services related changes' says anything but None "
    "(or, in `prgate check`, the PR touches the policy's migration "
    "paths), the deploy changes data: 'Backuping steps' can't be None and "
    "the 'Rollback strategy' must say how the database comes back "
    "(restore, backup, migration downgrade...).",
    "**Backing services related changes**: adds a column to orders\n"
    "**Backuping steps**: `heroku pg:backups:capture`\n"
    "**Rollback strategy**: restore the backup, redeploy master\n",
    "**Backing services related changes**: adds a column to orders\n"
    "**Backuping steps**: None\n"
    "**Rollback strategy**: redeploy master\n"};

const struct prgate_rule_doc doc_assistant_required = {
    "A deploy that changes backing services needs a second pair of hands "
    "from ops: 'Deployment assistants' must name someone as @login, and "
    "when the policy lists reviews.ops, one of them.",
    "**Backing services related changes**: new Redis queue\n"
    "**Deployment assistants**: @dave\n",
    "**Backing services related changes**: new Redis queue\n"
    "**Deployment assistants**: None\n"};
