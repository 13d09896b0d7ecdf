/*
 * lint.c - the lint driver (see lint.h): template as schema, section
 * matching, reading the break-glass comments, running the rules. The
 * rules report into the linter's sink (linter/sink.h), which applies the
 * severities and the allows this file accepted.
 */
#include <errno.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/rules.h"
#include "support/glob.h"
#include "linter/lint.h"
#include "linter/schema.h"
#include "linter/sink.h"

struct prgate_linter {
	const struct prgate_policy *policy;
	/* severities, the run's allows and overrides, the rules' patterns */
	struct prgate_sink *sink;
	struct prgate_schema *schema; /* the template's, or NULL */
	/* every section's aliases in one pattern, (*MARK:index) on each */
	struct prgate_re *aliases;
};

/* ---- template as schema ---- */

/*
 * Is schema section t the template's title: its first section, a level-1
 * heading that holds all the others ("# Pull request" over the "##"
 * sections)? It is not a section a description must have.
 */
static int is_title(const struct prgate_schema *sc, size_t t)
{
	const struct prgate_md_section *ds = &sc->doc->sections[t + 1];
	return t == 0 && ds->kind == PRGATE_MD_HEADING && ds->level == 1 &&
	       sc->nsections > 1 && ds->child_end == sc->doc->nsections;
}

/* name without its asides in parentheses, trimmed. */
static void bare_name(const char *name, struct strbuf *out)
{
	strbuf_reset(out);
	prgate_md_strip_asides(name, out);
	strbuf_trim(out);
}

/*
 * The template's sections become the policy's sections (see schema.h and
 * README "Template as schema"). While the sections are still the built-in
 * ones (no config set "sections"), the template replaces them: built-in
 * sections it names keep their flags, aliases and roles, the others are
 * dropped. Whether a template section is required: the policy's own
 * "sections" decide for the ones they name; else <!-- prgate: required
 * --> or <!-- prgate: optional -->; else the template's words (optional
 * when it lets the author delete it, boilerplate never required); a weak
 * hint (a conditional prompt, a name such as Screenshots) makes it
 * optional unless it has a built-in role; everything else is required.
 */
static enum prgate_status apply_template(struct prgate_policy *policy,
					 const char *path,
					 struct prgate_schema **schema,
					 struct prgate_error *err)
{
	struct prgate_schema *sc;
	unsigned char *keep = NULL;
	struct strbuf words = STRBUF_INIT;
	enum prgate_status st;

	/* the policy's template may come with its text (read from git) */
	st = path == policy->template_path && policy->template_text
		 ? prgate_schema_parse(path, policy->template_text,
				       policy->template_len, &sc, err)
		 : prgate_schema_load(path, &sc, err);
	if (st != PRGATE_OK)
		return st;
	/* every section the template may add, plus the existing ones */
	keep = xcalloc(policy->nsections + sc->nsections, 1);
	for (size_t t = 0; t < sc->nsections; t++) {
		const struct prgate_schema_section *s = &sc->sections[t];
		struct prgate_policy_section *ps;
		int idx, named, role;
		if (!*s->key || s->option_of >= 0 || is_title(sc, t))
			continue;
		idx = prgate_policy_match_section(policy, s->name);
		if (idx < 0) {
			/* "Migration (optional)" is the policy's Migration */
			bare_name(s->name, &words);
			if (words.len && strcmp(words.buf, s->name))
				idx = prgate_policy_match_section(policy,
								  words.buf);
		}
		if (idx >= 0 && policy->sections[idx].tpl)
			continue; /* a second heading of the same name */
		named = idx >= 0 && !policy->sections_builtin;
		role = idx >= 0 && policy->sections[idx].role >= 0;
		if (idx < 0) {
			prgate_policy_add_section(policy, s->name);
			idx = (int)policy->nsections - 1;
		}
		ps = &policy->sections[idx];
		keep[idx] = 1;
		ps->tpl = (int)t + 1;
		if (named)
			continue; /* the policy's "required" decides */
		strbuf_reset(&words);
		prgate_md_words(s->name, &words);
		role = role || ps->role >= 0 || s->role;
		switch (s->presence) {
		case PRGATE_SCHEMA_OPTIONAL:
		case PRGATE_SCHEMA_BOILERPLATE:
			ps->required = 0;
			break;
		case PRGATE_SCHEMA_MAYBE:
			ps->required = role;
			break;
		default:
			ps->required = 1;
			break;
		}
		ps->optional = !ps->required;
	}
	if (policy->sections_builtin)
		prgate_policy_retain_sections(policy, keep);
	free(keep);
	strbuf_release(&words);
	*schema = sc;
	return PRGATE_OK;
}

/* ---- the linter ---- */

/* One pattern for all placeholders: each literal, as a whole word. */
static struct prgate_re *placeholder_pattern(const struct prgate_policy *p,
					     struct prgate_error *err)
{
	struct strbuf re = STRBUF_INIT;
	struct prgate_re *out;
	if (!p->placeholders.n)
		return NULL;
	strbuf_addstr(&re, "(?<![\\w])(?:");
	for (size_t i = 0; i < p->placeholders.n; i++) {
		const char *s = p->placeholders.v[i];
		strbuf_addstr(&re, i ? "|\\Q" : "\\Q");
		/* \Q...\E quotes all but "\E" itself */
		for (; *s; s++) {
			if (s[0] == '\\' && s[1] == 'E') {
				strbuf_addstr(&re, "\\E\\\\E\\Q");
				s++;
				continue;
			}
			strbuf_addch(&re, *s);
		}
		strbuf_addstr(&re, "\\E");
	}
	strbuf_addstr(&re, ")(?![\\w])");
	out = prgate_re_new(re.buf, 0, err);
	strbuf_release(&re);
	return out;
}

/*
 * All aliases as one pattern, so a heading that matches no key costs one
 * match, not one per alias. NULL when there are none, or when combining
 * fails (numbered back-references); matching then goes alias by alias.
 */
static struct prgate_re *alias_pattern(const struct prgate_policy *p)
{
	struct strbuf re = STRBUF_INIT;
	struct prgate_re *out = NULL;
	for (size_t i = 0; i < p->nsections; i++)
		for (size_t j = 0; j < p->sections[i].naliases; j++)
			strbuf_addf(
			    &re, "%s(?:%s)(*MARK:%zu)", re.len ? "|" : "",
			    prgate_re_pattern(p->sections[i].aliases[j]), i);
	if (re.len) /* compiled when first needed (match_section) */
		out = prgate_re_new(re.buf,
				    PRGATE_RE_CASELESS | PRGATE_RE_WHOLE |
					PRGATE_RE_LAZY,
				    NULL);
	strbuf_release(&re);
	return out;
}

/* The policy section a document section is, or -1. */
static int match_section(struct prgate_linter *l,
			 const struct prgate_md_section *s)
{
	const struct prgate_policy *p = l->policy;
	struct strbuf words = STRBUF_INIT;
	const char *mark;
	for (size_t i = 0; *s->key && i < p->nsections; i++)
		if (p->sections[i].key[0] == s->key[0] &&
		    !strcmp(p->sections[i].key, s->key))
			return (int)i;
	if (!l->aliases || prgate_re_ready(l->aliases))
		return prgate_policy_match_key(p, s->key, s->name);
	prgate_md_words(s->name, &words);
	mark = prgate_re_mark(l->aliases, words.buf, words.len);
	strbuf_release(&words);
	return mark ? atoi(mark) : -1;
}

enum prgate_status prgate_linter_new(struct prgate_policy *policy,
				     const char *template_path,
				     struct prgate_linter **out,
				     struct prgate_error *err)
{
	struct prgate_linter *l;
	enum prgate_severity severity[PRGATE_RULE_COUNT];
	struct prgate_re *placeholders;
	const char *tpl = template_path ? template_path : policy->template_path;
	enum prgate_status st;

	struct prgate_schema *schema = NULL;

	*out = NULL;
	if (tpl &&
	    (st = apply_template(policy, tpl, &schema, err)) != PRGATE_OK)
		return st;
	l = xcalloc(1, sizeof(*l));
	l->policy = policy;
	l->schema = schema;
	for (int r = 0; r < PRGATE_RULE_COUNT; r++)
		severity[r] = policy->severity[r] >= 0
				  ? (enum prgate_severity)policy->severity[r]
				  : prgate_rules[r].severity;
	l->aliases = alias_pattern(policy);
	placeholders = placeholder_pattern(policy, err);
	l->sink = prgate_sink_new(severity, placeholders);
	if (policy->placeholders.n && !placeholders) {
		prgate_linter_free(l);
		return err ? err->status : PRGATE_ERR_CONFIG;
	}
	*out = l;
	return PRGATE_OK;
}

void prgate_linter_free(struct prgate_linter *l)
{
	if (!l)
		return;
	prgate_sink_free(l->sink);
	prgate_re_free(l->aliases);
	prgate_schema_free(l->schema);
	free(l);
}

/* ---- loose names ---- */

static const char *const stop_words[] = {
    "a",    "an",  "the", "and",  "or",	  "of",	  "to",	  "for", "in", "on",
    "is",   "are", "was", "were", "has",  "have", "been", "be",	 "it", "this",
    "that", "its", "pr",  "do",	  "does", "did",  "your", NULL};

/*
 * The words of a name for a loose match: its words form without asides
 * in parentheses, each word without a plural s or an -ing, stop words
 * dropped; "," between words.
 */
static void loose_words(const char *name, struct strbuf *out)
{
	struct strbuf bare = STRBUF_INIT, w = STRBUF_INIT;
	const char *p;

	prgate_md_strip_asides(name, &bare);
	prgate_md_words(bare.buf, &w);
	strbuf_reset(out);
	strbuf_addch(out, ',');
	for (p = w.buf; *p;) {
		const char *e = strchr(p, ' ');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		int stop = 0;
		for (size_t k = 0; stop_words[k]; k++)
			stop |= strlen(stop_words[k]) == n &&
				!strncmp(stop_words[k], p, n);
		if (!stop) {
			if (n > 5 && !strncmp(p + n - 3, "ing", 3))
				n -= 3;
			else if (n > 3 && p[n - 1] == 's' && p[n - 2] != 's')
				n--;
			strbuf_add(out, p, n);
			strbuf_addch(out, ',');
		}
		p = e ? e + 1 : p + n + strlen(p + n);
	}
	strbuf_release(&bare);
	strbuf_release(&w);
}

/* Is every word of a (",w1,w2,") one of b's? */
static int words_within(const char *a, const char *b)
{
	const char *p = a + 1;
	if (!*p)
		return 0;
	while (*p) {
		const char *e = strchr(p, ',');
		char word[128];
		size_t n = (size_t)(e - p);
		if (n + 3 > sizeof(word))
			return 0;
		word[0] = ',';
		memcpy(word + 1, p, n);
		word[n + 1] = ',';
		word[n + 2] = 0;
		if (!strstr(b, word))
			return 0;
		p = e + 1;
	}
	return 1;
}

/* Is doc section c an option (linter/schema.h) of the section above? */
static int is_doc_option(const struct prgate_linter *l,
			 const struct prgate_md_doc *doc, const int *match,
			 size_t c)
{
	const struct prgate_policy *p = l->policy;
	int parent = doc->sections[c].parent;
	for (size_t j = 0; parent > 0 && j < p->nsections; j++)
		if (match[j] == parent && p->sections[j].tpl)
			return prgate_schema_option(
				   l->schema, (size_t)p->sections[j].tpl - 1,
				   doc->sections[c].key) >= 0;
	return 0;
}

/*
 * A template section renamed outright ("Overview" for "Summary"): when it
 * is the only unmatched template section of its level between two
 * matched ones (or the start or end), and the description has exactly one
 * unmatched section of that level between the same two, it is that one.
 */
static void match_between(const struct prgate_linter *l,
			  const struct prgate_md_doc *doc, int *match,
			  unsigned char *taken)
{
	const struct prgate_policy *p = l->policy;
	const struct prgate_schema *sc = l->schema;
	int *by_tpl = xmalloc((sc->nsections + 1) * sizeof(*by_tpl));

	for (size_t t = 0; t < sc->nsections; t++)
		by_tpl[t] = -1;
	for (size_t j = 0; j < p->nsections; j++)
		if (p->sections[j].tpl)
			by_tpl[p->sections[j].tpl - 1] = (int)j;
	for (size_t t = 0; t < sc->nsections; t++) {
		int j = by_tpl[t], level = sc->sections[t].level, lo = 0;
		int hi = (int)doc->nsections, gap = 0, found = -1, n = 0;
		size_t a, b;
		if (j < 0 || match[j] >= 0)
			continue;
		/* the matched template sections before and after it */
		for (a = t; a-- > 0;)
			if (by_tpl[a] >= 0 && match[by_tpl[a]] >= 0) {
				lo = match[by_tpl[a]];
				break;
			}
		for (b = t + 1; b < sc->nsections; b++)
			if (by_tpl[b] >= 0 && match[by_tpl[b]] >= 0) {
				hi = match[by_tpl[b]];
				break;
			}
		if (lo >= hi)
			continue;
		for (size_t u = a == (size_t)-1 ? 0 : a + 1; u < b; u++)
			gap += by_tpl[u] >= 0 && match[by_tpl[u]] < 0 &&
			       sc->sections[u].level == level;
		if (gap != 1)
			continue;
		for (int c = lo + 1; c < hi; c++) {
			const struct prgate_md_section *ds = &doc->sections[c];
			if (taken[c] || !*ds->key || ds->level != level ||
			    is_doc_option(l, doc, match, (size_t)c))
				continue;
			found = c;
			n++;
		}
		if (n == 1) {
			match[j] = found;
			taken[found] = 1;
		}
	}
	free(by_tpl);
}

/*
 * Do the words of a heading (a) hold all the words of every unmatched
 * template section they share words with, so that it names several?
 */
static int covers_all(const struct prgate_linter *l, const char *a,
		      const int *match, struct strbuf *b)
{
	const struct prgate_policy *p = l->policy;
	for (size_t j = 0; j < p->nsections; j++) {
		const struct prgate_policy_section *ps = &p->sections[j];
		if (match[j] >= 0 || !ps->tpl)
			continue;
		loose_words(l->schema->sections[ps->tpl - 1].name, b);
		if (words_within(a, b->buf) && !words_within(b->buf, a))
			return 0; /* a is the shorter name: ambiguous */
	}
	return 1;
}

/*
 * A template's section the description names differently ("Risk level"
 * for "Risk", "What and why" for "What & why", "Testing" for "Test
 * plan"): when the words of one name are all words of the other, and
 * only one unmatched section fits, it is that section.
 */
static void match_loosely(const struct prgate_linter *l,
			  const struct prgate_md_doc *doc, int *match)
{
	const struct prgate_policy *p = l->policy;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	unsigned char *taken = xcalloc(doc->nsections, 1);

	for (size_t j = 0; j < p->nsections; j++)
		if (match[j] >= 0)
			taken[match[j]] = 1;
	for (size_t i = 1; i < doc->nsections; i++) {
		const struct prgate_md_section *ds = &doc->sections[i];
		int found = -1, n = 0;
		if (taken[i] || !*ds->key)
			continue;
		loose_words(ds->name, &a);
		for (size_t j = 0; j < p->nsections; j++) {
			const struct prgate_policy_section *ps =
			    &p->sections[j];
			if (match[j] >= 0 || !ps->tpl)
				continue;
			loose_words(l->schema->sections[ps->tpl - 1].name, &b);
			if (words_within(a.buf, b.buf) ||
			    words_within(b.buf, a.buf)) {
				found = (int)j;
				n++;
			}
		}
		if (n == 1) {
			match[found] = (int)i;
			taken[i] = 1;
		} else if (n > 1 && covers_all(l, a.buf, match, &b)) {
			/* "Summary and motivation": one heading for two */
			for (size_t j = 0; j < p->nsections; j++) {
				const struct prgate_policy_section *ps =
				    &p->sections[j];
				if (match[j] >= 0 || !ps->tpl)
					continue;
				loose_words(
				    l->schema->sections[ps->tpl - 1].name, &b);
				if (words_within(b.buf, a.buf))
					match[j] = (int)i;
			}
			taken[i] = 1;
		}
	}
	match_between(l, doc, match, taken);
	free(taken);
	strbuf_release(&a);
	strbuf_release(&b);
}

/* ---- one run ---- */

/*
 * The description's prgate-allow comments, written by the PR's author:
 * only for the description rules the policy lists in allow.rules (a gate
 * rule named there waives nothing; allow-reason says so).
 */
static void read_allows(struct prgate_linter *l,
			const struct prgate_md_doc *doc)
{
	for (size_t i = 0; i < doc->ncomments; i++) {
		char *rule, *reason;
		int r;
		if (!prgate_allow_parse(doc->comments[i].text, &rule, &reason))
			continue;
		r = prgate_rule_find(rule);
		if (r >= 0 && reason && l->policy->allow.rules[r]) {
			prgate_sink_allow(l->sink, (enum prgate_rule)r, reason,
					  doc->comments[i].line);
			reason = NULL;
		}
		free(rule);
		free(reason);
	}
}

/* The longest reason of a gate override shown, in bytes. */
#define OVERRIDE_REASON_MAX 300

/* Is login one of overrides.by ("leads", "ops" expanded)? */
static int may_override(const struct prgate_policy *p, const char *login)
{
	const struct prgate_strlist *by = &p->overrides.by;
	for (size_t i = 0; i < by->n; i++) {
		if (!strcmp(by->v[i], "leads")) {
			if (prgate_strlist_has_icase(&p->reviews.leads, login))
				return 1;
		} else if (!strcmp(by->v[i], "ops")) {
			if (prgate_strlist_has_icase(&p->reviews.ops, login))
				return 1;
		} else if (!strcasecmp(by->v[i], login)) {
			return 1;
		}
	}
	return 0;
}

/* Every '/prgate allow RULE: reason' line of text from login. */
static void grant_from(struct prgate_linter *l, const char *author,
		       const char *login, const char *text, const char *url)
{
	const struct prgate_policy *p = l->policy;

	if (!login || !text || (author && !strcasecmp(login, author)) ||
	    !may_override(p, login))
		return;
	for (const char *s = text; *s;) {
		const char *eol = strchr(s, '\n');
		size_t len = eol ? (size_t)(eol - s) : strlen(s);
		char *rule, *reason;
		int r;
		if (prgate_allow_command(s, len, &rule, &reason)) {
			r = prgate_rule_find(rule);
			if (reason && strlen(reason) > OVERRIDE_REASON_MAX) {
				/* every report, the bot's comment too, shows
				 * it: keep it to a sentence or two */
				int n = prgate_utf8_cut(
				    reason, OVERRIDE_REASON_MAX - 3);
				strcpy(reason + n, "\xe2\x80\xa6");
			}
			if (r >= 0 && reason && p->overrides.rules[r]) {
				prgate_sink_grant(l->sink, (enum prgate_rule)r,
						  login, url, reason);
				reason = NULL;
			}
			free(rule);
			free(reason);
		}
		s += len + (eol != NULL);
	}
}

/*
 * The gate overrides: '/prgate allow' lines in the PR's comments and
 * review bodies whose author (GitHub's word) is in overrides.by and is
 * not the PR's author, for rules in overrides.rules. The first grant of
 * a rule is the one shown.
 */
static void read_grants(struct prgate_linter *l,
			const struct prgate_github_facts *gh)
{
	const struct prgate_policy *p = l->policy;
	int any = 0;

	for (int r = 0; r < PRGATE_RULE_COUNT; r++)
		any |= p->overrides.rules[r];
	if (!gh || !any || !p->overrides.by.n)
		return;
	for (size_t i = 0; i < gh->ncomments; i++)
		grant_from(l, gh->author, gh->comments[i].login,
			   gh->comments[i].body, gh->comments[i].html_url);
	for (size_t i = 0; i < gh->nreviews; i++) {
		const struct prgate_github_review *rv = &gh->reviews[i];
		if (rv->state && (!strcasecmp(rv->state, "DISMISSED") ||
				  !strcasecmp(rv->state, "PENDING")))
			continue;
		grant_from(l, gh->author, rv->login, rv->body, rv->html_url);
	}
}

/* A section that says something other than None. */
static int says_something(const struct prgate_md_doc *doc, int sec)
{
	return sec >= 0 && !prgate_rule_section_is_empty(doc, sec) &&
	       !prgate_rule_section_says_none(doc, sec, 0);
}

static int has_downtime_label(const struct prgate_policy *p,
			      const struct prgate_strlist *labels)
{
	for (size_t i = 0; labels && i < labels->n; i++)
		if (prgate_strlist_has_icase(&p->downtime.labels, labels->v[i]))
			return 1;
	return 0;
}

enum prgate_status prgate_lint_run(struct prgate_linter *l,
				   const struct prgate_lint_input *in,
				   struct prgate_lint_result *res,
				   struct prgate_error *err)
{
	const struct prgate_policy *p = l->policy;
	struct prgate_rule_ctx ctx;
	struct strbuf why = STRBUF_INIT;
	const char *migration = NULL;
	enum prgate_status st;

	memset(res, 0, sizeof(*res));
	st = prgate_md_parse(in->body, in->len, &res->doc, err);
	if (st != PRGATE_OK)
		return st;
	res->match =
	    xmalloc((p->nsections ? p->nsections : 1) * sizeof(*res->match));
	for (size_t i = 0; i < p->nsections; i++)
		res->match[i] = -1;
	for (size_t i = 1; i < res->doc->nsections; i++) {
		int idx = match_section(l, &res->doc->sections[i]);
		if (idx >= 0 && res->match[idx] < 0)
			res->match[idx] = (int)i;
	}
	if (l->schema)
		match_loosely(l, res->doc, res->match);

	memset(&ctx, 0, sizeof(ctx));
	ctx.policy = p;
	ctx.doc = res->doc;
	ctx.in = in;
	ctx.match = res->match;
	ctx.sink = l->sink;
	ctx.schema = l->schema;
	ctx.out = &res->findings;
	ctx.checks = &res->checks;
	ctx.gate = in->gate;
	for (int r = 0; r < PRGATE_ROLE_COUNT; r++)
		ctx.role[r] = -1;
	for (size_t i = 0; i < p->nsections; i++) {
		int role = p->sections[i].role;
		if (role >= 0 && ctx.role[role] < 0)
			ctx.role[role] = res->match[i];
	}
	ctx.backing_changes =
	    says_something(res->doc, ctx.role[PRGATE_ROLE_BACKING]);
	if (ctx.backing_changes) {
		strbuf_addf(
		    &why, "backing services change (line %d)",
		    res->doc->sections[ctx.role[PRGATE_ROLE_BACKING]].line);
	} else if (in->gate &&
		   prgate_gate_migrations(p, in->gate->gh, &migration)) {
		ctx.backing_changes = 1;
		strbuf_addf(&why, "the PR changes %s", migration);
	}
	ctx.backing_why = why.buf;
	ctx.downtime =
	    says_something(res->doc, ctx.role[PRGATE_ROLE_DOWNTIME]) ||
	    has_downtime_label(p, in->labels);
	res->backing_changes = ctx.backing_changes;
	res->downtime = ctx.downtime;

	prgate_sink_begin(l->sink, in->author, &res->overrides);
	read_allows(l, res->doc);
	if (in->gate)
		read_grants(l, in->gate->gh);
	for (int r = 0; r < PRGATE_RULE_COUNT; r++) {
		if (prgate_rules[r].gate && !in->gate)
			continue;
		if (prgate_sink_severity(l->sink, (enum prgate_rule)r) ==
		    PRGATE_SEV_OFF) {
			if (prgate_rules[r].gate)
				prgate_checks_add(&res->checks,
						  (enum prgate_rule)r,
						  PRGATE_CHECK_SKIPPED,
						  "off in the policy", NULL);
			continue;
		}
		ctx.current = (enum prgate_rule)r;
		prgate_rules[r].check(&ctx);
	}
	prgate_sink_end(l->sink);
	strbuf_release(&why);
	prgate_findings_sort(&res->findings);
	return PRGATE_OK;
}

void prgate_lint_result_release(struct prgate_lint_result *res)
{
	prgate_findings_release(&res->findings);
	prgate_checks_release(&res->checks);
	prgate_overrides_release(&res->overrides);
	prgate_md_free(res->doc);
	free(res->match);
	memset(res, 0, sizeof(*res));
}
