/*
 * common.c - what several rules share: reporting a finding and the text
 * tests ("is this section empty", "does it only say None").
 */
#include <stdarg.h>
#include <string.h>

#include "rules/rules.h"
#include "support/visible.h"

/* The policy section named section (the very string first), or -1. */
static int policy_index(const struct prgate_rule_ctx *ctx, const char *section)
{
	const struct prgate_policy *p = ctx->policy;
	for (size_t i = 0; i < p->nsections; i++)
		if (p->sections[i].name == section)
			return (int)i;
	for (size_t i = 0; i < p->nsections; i++)
		if (!strcmp(p->sections[i].name, section))
			return (int)i;
	return -1;
}

const char *prgate_rule_written_name(const struct prgate_rule_ctx *ctx,
				     size_t i)
{
	const struct prgate_policy_section *ps = &ctx->policy->sections[i];
	if (ctx->match[i] >= 0)
		return ctx->doc->sections[ctx->match[i]].name;
	if (ps->tpl && ctx->schema)
		return ctx->schema->sections[ps->tpl - 1].name;
	return ps->name;
}

/* A key without its leading numbering: "3howtotest" -> "howtotest". */
static const char *skip_digits(const char *key)
{
	while (*key >= '0' && *key <= '9')
		key++;
	return key;
}

/* The key of name without asides in parentheses and numbering. */
static void bare_key(const char *name, struct strbuf *out)
{
	struct strbuf bare = STRBUF_INIT;
	prgate_md_strip_asides(name, &bare);
	strbuf_reset(out);
	prgate_md_key(bare.buf, out);
	strbuf_release(&bare);
}

const char *prgate_rule_section_label(const struct prgate_rule_ctx *ctx,
				      size_t i, struct strbuf *buf)
{
	const struct prgate_policy_section *ps = &ctx->policy->sections[i];
	const char *written = prgate_rule_written_name(ctx, i);
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

	bare_key(written, &a);
	bare_key(ps->name, &b);
	strbuf_reset(buf);
	strbuf_addstr(buf, written);
	if (strcmp(skip_digits(a.buf), skip_digits(b.buf)))
		strbuf_addf(buf, " (%s)", ps->name);
	strbuf_release(&a);
	strbuf_release(&b);
	return buf->buf;
}

const char *prgate_rule_doc_label(const struct prgate_rule_ctx *ctx,
				  int section, struct strbuf *buf)
{
	for (size_t i = 0; i < ctx->policy->nsections; i++)
		if (ctx->match[i] == section)
			return prgate_rule_section_label(ctx, i, buf);
	strbuf_reset(buf);
	strbuf_addstr(buf, ctx->doc->sections[section].name);
	return buf->buf;
}

static void report(struct prgate_rule_ctx *ctx, int line, int col,
		   const char *section, int info, const char *fmt, va_list ap)
{
	struct prgate_finding *f;
	int i = section ? policy_index(ctx, section) : -1;
	const char *written =
	    i >= 0 ? prgate_rule_written_name(ctx, (size_t)i) : section;

	f = prgate_sink_vadd(ctx->sink, ctx->out, ctx->current, line, col,
			     written, fmt, ap);
	if (!f)
		return;
	if (i >= 0)
		f->policy_section = prgate_findings_strdup(
		    ctx->out, ctx->policy->sections[i].name);
	if (info && f->severity > PRGATE_SEV_INFO)
		f->severity = PRGATE_SEV_INFO;
}

void prgate_rule_report(struct prgate_rule_ctx *ctx, int line, int col,
			const char *section, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(ctx, line, col, section, 0, fmt, ap);
	va_end(ap);
}

void prgate_rule_note(struct prgate_rule_ctx *ctx, int line, int col,
		      const char *section, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(ctx, line, col, section, 1, fmt, ap);
	va_end(ap);
}

static void check_v(struct prgate_rule_ctx *ctx, enum prgate_check_state state,
		    int sev, const char *url, const char *fmt, va_list ap)
    PRGATE_PRINTF(5, 0);

static void check_v(struct prgate_rule_ctx *ctx, enum prgate_check_state state,
		    int sev, const char *url, const char *fmt, va_list ap)
{
	struct strbuf detail = STRBUF_INIT;

	strbuf_vaddf(&detail, fmt, ap);
	/* an override covers a check that failed: never one pending or
	 * undecided, nobody knows yet whether it would fail */
	if (state == PRGATE_CHECK_FAIL &&
	    prgate_sink_override(ctx->sink, ctx->current))
		state = PRGATE_CHECK_ALLOWED;
	prgate_checks_add(ctx->checks, ctx->current, state, detail.buf, url);
	if (state == PRGATE_CHECK_UNKNOWN)
		prgate_sink_add_undecided(ctx->sink, ctx->out, ctx->current,
					  "%s", detail.buf);
	else if ((state == PRGATE_CHECK_FAIL ||
		  state == PRGATE_CHECK_PENDING) &&
		 sev >= 0)
		prgate_sink_add_sev(ctx->sink, ctx->out, ctx->current,
				    (enum prgate_severity)sev, "%s",
				    detail.buf);
	else if (state == PRGATE_CHECK_FAIL || state == PRGATE_CHECK_PENDING)
		prgate_sink_add(ctx->sink, ctx->out, ctx->current, 0, 0, NULL,
				"%s", detail.buf);
	strbuf_release(&detail);
}

void prgate_rule_check(struct prgate_rule_ctx *ctx,
		       enum prgate_check_state state, const char *url,
		       const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	check_v(ctx, state, -1, url, fmt, ap);
	va_end(ap);
}

void prgate_rule_check_sev(struct prgate_rule_ctx *ctx,
			   enum prgate_check_state state,
			   enum prgate_severity sev, const char *url,
			   const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	check_v(ctx, state, (int)sev, url, fmt, ap);
	va_end(ap);
}

void prgate_rule_step(struct prgate_rule_ctx *ctx, const char *url,
		      const char *fmt, ...)
{
	struct strbuf text = STRBUF_INIT;
	struct prgate_check *c;
	va_list ap;

	if (!ctx->checks->n)
		return;
	c = &ctx->checks->v[ctx->checks->n - 1];
	if (c->rule != ctx->current)
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&text, fmt, ap);
	va_end(ap);
	prgate_check_add_step(c, text.buf, url);
	strbuf_release(&text);
}

int prgate_rule_texts_may_match(const struct prgate_rule_ctx *ctx,
				struct prgate_re *re)
{
	const void *cursor = NULL;
	const char *s;
	size_t len;

	while ((s = prgate_md_text_stretch(ctx->doc, &cursor, &len)))
		if (prgate_re_search(re, s, len, 0, NULL, NULL))
			return 1;
	return 0;
}

void prgate_rule_section_text(const struct prgate_md_doc *doc, int section,
			      int skip_code, struct strbuf *out)
{
	const struct prgate_md_section *s = &doc->sections[section];
	for (size_t i = s->text_begin; i < s->text_end; i++) {
		const struct prgate_md_text *t = &doc->texts[i];
		if (t->flags & PRGATE_MD_URL)
			continue;
		if (skip_code && (t->flags & PRGATE_MD_CODE))
			continue;
		if (out->len)
			strbuf_addch(out, ' ');
		strbuf_add(out, t->text, t->len);
	}
	strbuf_trim(out);
}

int prgate_rule_section_is_empty(const struct prgate_md_doc *doc, int section)
{
	const struct prgate_md_section *s = &doc->sections[section];
	/* invisible characters (a zero-width space...) fill nothing */
	for (size_t i = s->text_begin; i < s->text_end; i++) {
		const struct prgate_md_text *t = &doc->texts[i];
		for (size_t k = 0; k < t->len;) {
			size_t n =
			    prgate_invisible_len(t->text + k, t->len - k);
			if (!n)
				return 0;
			k += n;
		}
	}
	return 1;
}

/* Longer than this, a text is never only a "None". */
#define NONE_MAX 32

int prgate_rule_section_says_none(const struct prgate_md_doc *doc, int section,
				  int own_only)
{
	const struct prgate_md_section *s = &doc->sections[section];
	size_t end = own_only ? prgate_md_own_text_end(doc, (size_t)section)
			      : s->text_end;
	char buf[NONE_MAX + 2];
	size_t n = 0;

	for (size_t i = s->text_begin; i < end; i++) {
		const struct prgate_md_text *t = &doc->texts[i];
		if (t->flags & PRGATE_MD_URL)
			continue;
		if (n + t->len + 1 > NONE_MAX)
			return 0;
		if (n)
			buf[n++] = ' ';
		memcpy(buf + n, t->text, t->len);
		n += t->len;
	}
	buf[n] = '\0';
	return n && prgate_rule_is_none(buf);
}

int prgate_rule_is_none(const char *text)
{
	static const char *const nones[] = {
	    "none",	    "na",	  "n a",	 "nothing",
	    "no",	    "nope",	  "nil",	 "not applicable",
	    "not relevant", "no changes", "none needed", "not needed"};
	struct strbuf w = STRBUF_INIT;
	int hit = 0;

	/* "-", "—" and "–" alone mean nothing too. */
	if (!strcmp(text, "-") || !strcmp(text, "\xe2\x80\x94") ||
	    !strcmp(text, "\xe2\x80\x93"))
		return 1;
	if (strlen(text) > NONE_MAX)
		return 0;
	prgate_md_words(text, &w);
	for (size_t i = 0; i < ARRAY_SIZE(nones) && !hit; i++)
		hit = !strcmp(w.buf, nones[i]);
	strbuf_release(&w);
	return hit;
}

const char *prgate_rule_section_name(const struct prgate_rule_ctx *ctx,
				     int section)
{
	for (size_t i = 0; i < ctx->policy->nsections; i++)
		if (ctx->match[i] == section)
			return ctx->policy->sections[i].name;
	return ctx->doc->sections[section].name;
}

void prgate_rule_collapse_space(const char *s, struct strbuf *out)
{
	int space = 0;
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n') {
			space = 1;
			continue;
		}
		if (space && out->len)
			strbuf_addch(out, ' ');
		space = 0;
		strbuf_addch(out, *s);
	}
}

int prgate_rule_when(const struct prgate_rule_ctx *ctx,
		     const struct prgate_when *w)
{
	return prgate_when_matches(w, ctx->in ? ctx->in->labels : NULL,
				   ctx->gate ? ctx->gate->gh : NULL,
				   ctx->downtime);
}
