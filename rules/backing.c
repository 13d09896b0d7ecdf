/*
 * backing.c - changes to backing services (databases, queues, caches)
 * need a safety net: backups before the deploy, a rollback that restores
 * the data (backup-required), and an ops person on hand
 * (assistant-required).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"
#include "support/glob.h"

/* Words that show a rollback strategy deals with the data. */
static const char database_re[] =
    "\\b(?:database|db|data|backups?|restore[sd]?|migrations?|schema|"
    "dump|snapshot|pg_restore|pg_dump|downgrade|alembic|rollback_to)\\b";
/* A GitHub @handle (not an e-mail address). */
static const char handle_re[] =
    "(?<![\\w.])@([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))(?![\\w-])";

/*
 * The kinds of backing service a change touches, each with the words
 * that name it in the Backing services field, the words a rollback
 * strategy uses to put it back, and what the message asks for.
 */
enum kind { DATABASE, DROPS, CONFIG, QUEUE, CACHE, STORAGE, NKINDS };

static const struct {
	const char *names;   /* in the Backing services field */
	const char *restore; /* in the Rollback strategy */
	const char *what;    /* "must say how %s is restored%s" */
	const char *hint;
} kinds[NKINDS] = {
    [DATABASE] = {"\\b(?:databases?|db|postgres(?:ql)?|mysql|mariadb|"
		  "sqlite|mongo(?:db)?|tables?|columns?|index(?:es)?|schema|"
		  "migrations?|sql|rows?|records?)\\b",
		  database_re, "the database", ""},
    [DROPS] = {"\\b(?:drop(?:s|ped|ping)?|truncat(?:e|es|ed|ing)|"
	       "remov(?:e|es|ed|ing) (?:the |a |an |old )?(?:columns?|"
	       "tables?|fields?|rows?|records?|data)|"
	       "delet(?:e|es|ed|ing) (?:the |all |old )?(?:rows?|records?|"
	       "data))\\b",
	       "\\b(?:restor(?:e|es|ed|ing)|backups?|snapshots?|dumps?|"
	       "pg_restore|point[- ]in[- ]time|pitr|recover(?:y|ed)?|"
	       "re-?import(?:ed)?)\\b",
	       "the dropped data", " (from a backup or snapshot)"},
    [CONFIG] = {"\\b(?:env(?:ironment)?(?:[ -]?var(?:iable)?s?)?|"
		"config(?:uration)?|config vars?|settings?|feature[ -]flags?|"
		"secrets?)\\b",
		"\\b(?:config(?:uration)?|env(?:ironment)?|variables?|vars?|"
		"settings?|unset|(?:previous|old|former) values?|"
		"feature[ -]flags?|secrets?)\\b",
		"the previous configuration", " (the variables' old values)"},
    [QUEUE] = {"\\b(?:queues?|rabbitmq|amqp|sqs|kafka|sidekiq|celery|"
	       "resque|pub/?sub|topics?)\\b",
	       "\\b(?:queues?|drain(?:s|ed|ing)?|requeue[sd]?|purge[sd]?|"
	       "restore[sd]?|backups?|messages?|definitions?)\\b",
	       "the queue", ""},
    [CACHE] = {"\\b(?:cache[sd]?|caching|memcached?|varnish|cdn)\\b",
	       "\\b(?:cache[sd]?|flush(?:es|ed)?|clear(?:s|ed)?|warm(?:s|ed)?|"
	       "invalidate[sd]?|purge[sd]?|restore[sd]?)\\b",
	       "the cache", ""},
    [STORAGE] = {"\\b(?:s3|buckets?|storage|blobs?|uploads?|object store|"
		 "gcs|volumes?|disks?)\\b",
		 "\\b(?:restore[sd]?|backups?|snapshots?|versions?|versioning|"
		 "cop(?:y|ies)|sync|buckets?|storage|files?)\\b",
		 "the stored files", ""},
};

/*
 * What drops data in a migration's added lines (SQL, Rails, Alembic,
 * Django, Laravel, Knex); the rollback half of a migration (def down,
 * def downgrade, function down) is not read.
 */
static const char migration_drops_re[] =
    "\\bdrop\\s+(?:column|table)\\b|\\btruncate\\b|\\bdelete\\s+from\\b|"
    "\\b(?:remove_columns?|remove_reference|drop_table|drop_column|"
    "removefield|deletemodel|dropcolumn|dropifexists|droptable)\\b";
static const char migration_down_re[] =
    "^\\s*(?:def\\s+(?:down|downgrade)\\b|(?:public\\s+)?function\\s+down\\b"
    "|down\\s*\\()";
static const char migration_up_re[] =
    "^\\s*(?:def\\s+(?:up|upgrade|change)\\b|(?:public\\s+)?function\\s+up\\b"
    "|up\\s*\\()";

/*
 * The first added line of a changed migration that drops data: 1 with
 * *file and the matched words in *what, else 0.
 */
static int migration_drops(struct prgate_rule_ctx *ctx, const char **file,
			   struct strbuf *what)
{
	const struct prgate_github_facts *gh = ctx->gate ? ctx->gate->gh : NULL;
	const struct prgate_strlist *paths = &ctx->policy->migrations.paths;
	struct prgate_re *drops =
	    RULE_RE(ctx, migration_drops_re, PRGATE_RE_CASELESS);
	struct prgate_re *down = RULE_RE(ctx, migration_down_re, 0);
	struct prgate_re *up = RULE_RE(ctx, migration_up_re, 0);

	for (size_t i = 0; gh && i < gh->nfiles; i++) {
		const struct prgate_github_file *f = &gh->files[i];
		const char *line;
		int is_migration = 0, in_down = 0;
		for (size_t k = 0; f->filename && k < paths->n; k++)
			if (prgate_glob_match(paths->v[k], f->filename))
				is_migration = 1;
		if (!is_migration || !f->patch)
			continue;
		for (line = f->patch; *line;) {
			size_t n = strcspn(line, "\n"), b, e;
			if (line[0] == '+' && strncmp(line, "+++", 3)) {
				if (prgate_re_search(down, line + 1, n - 1, 0,
						     NULL, NULL))
					in_down = 1;
				else if (prgate_re_search(up, line + 1, n - 1,
							  0, NULL, NULL))
					in_down = 0;
				else if (!in_down &&
					 prgate_re_search(drops, line + 1,
							  n - 1, 0, &b, &e)) {
					*file = f->filename;
					strbuf_add(what, line + 1 + b, e - b);
					return 1;
				}
			}
			line += n + (line[n] == '\n');
		}
	}
	return 0;
}

void check_backup_required(struct prgate_rule_ctx *ctx)
{
	struct strbuf text = STRBUF_INIT, why = STRBUF_INIT,
		      dropped = STRBUF_INIT, label = STRBUF_INIT;
	int backup = ctx->role[PRGATE_ROLE_BACKUP];
	int rollback = ctx->role[PRGATE_ROLE_ROLLBACK];
	int backing = ctx->role[PRGATE_ROLE_BACKING];
	int has[NKINDS] = {0}, named = 0;
	const char *file = NULL;

	if (!ctx->backing_changes)
		return;
	strbuf_addstr(&why, ctx->backing_why);
	if (backup < 0) {
		prgate_rule_report(ctx, 0, 0, "Backuping steps",
				   "%s but the description has no backup "
				   "steps",
				   why.buf);
	} else {
		const struct prgate_md_section *s = &ctx->doc->sections[backup];
		prgate_rule_section_text(ctx->doc, backup, 0, &text);
		if (!text.len || prgate_rule_is_none(text.buf))
			prgate_rule_report(
			    ctx, s->line, s->col,
			    prgate_rule_section_name(ctx, backup),
			    "%s: '%s' can't be %s", why.buf,
			    prgate_rule_doc_label(ctx, backup, &label),
			    text.len ? "None" : "empty");
	}

	/* what changed: the field's words, the migrations' paths and lines */
	strbuf_reset(&text);
	if (backing >= 0)
		prgate_rule_section_text(ctx->doc, backing, 0, &text);
	/* (a field still holding the template's prompt names no kind) */
	if (text.len && !prgate_rule_is_none(text.buf) &&
	    !(prgate_sink_placeholders(ctx->sink) &&
	      prgate_re_search(prgate_sink_placeholders(ctx->sink), text.buf,
			       text.len, 0, NULL, NULL)))
		for (int k = 0; k < NKINDS; k++)
			if (prgate_re_search(RULE_RE(ctx, kinds[k].names,
						     PRGATE_RE_CASELESS),
					     text.buf, text.len, 0, NULL, NULL))
				named = has[k] = 1;
	if (has[DROPS]) {
		has[DATABASE] = 1;
		strbuf_addstr(&why, " drops data");
	}
	if (prgate_gate_migrations(ctx->policy,
				   ctx->gate ? ctx->gate->gh : NULL, NULL)) {
		has[DATABASE] = named = 1;
		if (!has[DROPS] && migration_drops(ctx, &file, &dropped)) {
			has[DROPS] = 1;
			strbuf_reset(&why);
			strbuf_addf(&why,
				    "the PR's migration %s drops data (%s)",
				    file, dropped.buf);
		}
	}
	/* a change of something else: the data it holds */
	if (!named)
		has[DATABASE] = 1;

	if (rollback >= 0) {
		const struct prgate_md_section *s =
		    &ctx->doc->sections[rollback];
		int missing[NKINDS], nmissing = 0;
		strbuf_reset(&text);
		prgate_rule_section_text(ctx->doc, rollback, 0, &text);
		for (int k = 0; text.len && k < NKINDS; k++) {
			/* dropped data is restored, not migrated back */
			if (!has[k] || (k == DATABASE && has[DROPS]))
				continue;
			if (!prgate_re_search(RULE_RE(ctx, kinds[k].restore,
						      PRGATE_RE_CASELESS),
					      text.buf, text.len, 0, NULL,
					      NULL))
				missing[nmissing++] = k;
		}
		if (nmissing) {
			struct strbuf list = STRBUF_INIT;
			for (int i = 0; i < nmissing; i++)
				strbuf_addf(&list, "%s%s%s",
					    !i			? ""
					    : i == nmissing - 1 ? " and "
								: ", ",
					    kinds[missing[i]].what,
					    kinds[missing[i]].hint);
			prgate_rule_report(
			    ctx, s->line, s->col,
			    prgate_rule_section_name(ctx, rollback),
			    "%s: '%s' must say how %s %s restored", why.buf,
			    prgate_rule_doc_label(ctx, rollback, &label),
			    list.buf, nmissing > 1 ? "are" : "is");
			strbuf_release(&list);
		}
	}
	strbuf_release(&text);
	strbuf_release(&why);
	strbuf_release(&dropped);
	strbuf_release(&label);
}

static int login_char(int c)
{
	return isalnum(c) || c == '-' || c == '_';
}

/* Whether text has login as a whole word, caselessly. */
static int names_word(const char *text, const char *login)
{
	size_t n = strlen(login);
	if (!n)
		return 0;
	for (const char *p = text; (p = strcasestr(p, login)); p++)
		if ((p == text || !login_char((unsigned char)p[-1])) &&
		    !login_char((unsigned char)p[n]))
			return 1;
	return 0;
}

void check_assistant_required(struct prgate_rule_ctx *ctx)
{
	const struct prgate_strlist *ops = &ctx->policy->reviews.ops;
	struct prgate_re *re = RULE_RE(ctx, handle_re, 0);
	struct strbuf text = STRBUF_INIT, named = STRBUF_INIT,
		      label = STRBUF_INIT;
	int sec = ctx->role[PRGATE_ROLE_ASSISTANTS];
	const char *why = ctx->backing_why;
	int handles = 0, from_ops = 0;
	size_t at = 0, b, e;
	const char *name, *shown;

	if (!ctx->backing_changes)
		return;
	if (sec < 0) {
		prgate_rule_report(ctx, 0, 0, "Deployment assistants",
				   "%s but no deployment assistant is named",
				   why);
		return;
	}
	name = prgate_rule_section_name(ctx, sec);
	shown = prgate_rule_doc_label(ctx, sec, &label);
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
	/* an ops login written without its @ ("dave, I will need your
	 * help") names that person too */
	for (size_t i = 0; !from_ops && i < ops->n; i++)
		if (names_word(text.buf, ops->v[i])) {
			handles++;
			from_ops++;
		}
	if (!handles) {
		const struct prgate_md_section *s = &ctx->doc->sections[sec];
		struct strbuf list = STRBUF_INIT;
		for (size_t i = 0; i < ops->n; i++)
			strbuf_addf(&list, "%s@%s", i ? ", " : "", ops->v[i]);
		if (ops->n)
			prgate_rule_report(ctx, s->line, s->col, name,
					   "%s: '%s' must name an assistant as "
					   "@login or by a login from the ops "
					   "list (%s)",
					   why, shown, list.buf);
		else
			prgate_rule_report(ctx, s->line, s->col, name,
					   "%s: '%s' must name an assistant as "
					   "@login",
					   why, shown);
		strbuf_release(&list);
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
	strbuf_release(&label);
}

const struct prgate_rule_doc doc_backup_required = {
    "When 'Backing services related changes' says anything but None "
    "(or, in `prgate check`, the PR touches the policy's migration "
    "paths), the deploy changes data: 'Backuping steps' can't be None and "
    "the 'Rollback strategy' must say how what changed comes back: the "
    "database (restore, backup, migration downgrade...), the previous "
    "configuration for environment variables and settings, the queue, "
    "the cache or the stored files, as the field names them. Data a "
    "migration drops (DROP COLUMN, remove_column, op.drop_column...) "
    "comes back only from a backup, snapshot or dump.",
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
