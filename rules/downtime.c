/*
 * downtime.c - a deploy with downtime carries a complete notice: when it
 * starts (with a time zone), how long it takes, what is being done, who
 * is affected and what users will see (downtime-notice).
 *
 * A deploy has downtime when its Downtime section says something other
 * than None, or (in `prgate check`, or lint --label) the PR carries one of
 * the policy's downtime labels. The notice's parts are fields or headings
 * inside the Downtime section ("**Start**: 2026-12-01 22:00 CET"), or
 * "Start: ..." lines in it.
 */
#include <stdlib.h>
#include <string.h>

#include "../linter/datetime.h"
#include "rules.h"

enum part { START, LENGTH, NATURE, AFFECTED, SEES, NPARTS };

static const char *const what[NPARTS] = {
	[START] = "the start time with a time zone",
	[LENGTH] = "the expected length",
	[NATURE] = "the nature of the work",
	[AFFECTED] = "who is affected",
	[SEES] = "what users will see",
};

/*
 * Which part a name announces, by its words (whole, caseless); the mark
 * is the part's number. "what users see" is tried before "what".
 */
static const char parts_re[] =
	"(?:what (?:users|customers|visitors) (?:will )?see|"
	"(?:users?|customers?) will see|user (?:impact|experience|message)|"
	"message|visible)(*MARK:4)"
	"|(?:(?:expected )?start(?:s|ing)?(?: time| at)?|begins?|from|when)"
	"(*MARK:0)"
	"|(?:(?:expected )?(?:length|duration)|how long|lasts?|"
	"downtime length)(*MARK:1)"
	"|(?:(?:who is )?affected(?: users| services)?|who|"
	"impact(?:ed)?(?: users)?|audience|scope)(*MARK:3)"
	"|(?:nature(?: of (?:the )?(?:work|change|downtime))?|what|reason|"
	"why|work)(*MARK:2)";

static int part_of(struct prgate_rule_ctx *ctx, const char *name)
{
	struct strbuf w = STRBUF_INIT;
	const char *mark;
	prgate_md_words(name, &w);
	mark = prgate_re_mark(RULE_RE(ctx, parts_re,
				      PRGATE_RE_CASELESS | PRGATE_RE_WHOLE),
			      w.buf, w.len);
	strbuf_release(&w);
	return mark ? mark[0] - '0' : -1;
}

struct notice {
	int line[NPARTS];
	struct strbuf value[NPARTS];
};

/* Fill the notice from fields/headings and "Name: value" lines. */
static void read_notice(struct prgate_rule_ctx *ctx, int sec, struct notice *n)
{
	const struct prgate_md_doc *doc = ctx->doc;
	const struct prgate_md_section *s = &doc->sections[sec];

	for (size_t i = (size_t)sec + 1; i < s->child_end; i++) {
		int p = part_of(ctx, doc->sections[i].name);
		if (p < 0 || n->line[p])
			continue;
		n->line[p] = doc->sections[i].line;
		prgate_rule_section_text(doc, (int)i, 0, &n->value[p]);
	}
	for (size_t i = s->text_begin; i < prgate_md_own_text_end(doc, sec);
	     i++) {
		const struct prgate_md_text *t = &doc->texts[i];
		const char *colon;
		char *name;
		int p;
		if (t->flags & (PRGATE_MD_CODE | PRGATE_MD_URL))
			continue;
		colon = memchr(t->text, ':', t->len);
		if (!colon || colon - t->text > 40)
			continue;
		name = xstrndup(t->text, (size_t)(colon - t->text));
		p = part_of(ctx, name);
		free(name);
		if (p < 0 || n->line[p])
			continue;
		n->line[p] = t->line;
		strbuf_addstr(&n->value[p], colon + 1);
		strbuf_trim(&n->value[p]);
	}
}

static void check_start(struct prgate_rule_ctx *ctx, const char *section,
			int line, const char *value)
{
	struct prgate_datetime dt;
	switch (prgate_datetime_parse(value, &dt)) {
	case PRGATE_DT_OK:
		return;
	case PRGATE_DT_NO_DATE:
		prgate_rule_report(ctx, line, 1, section,
				   "downtime start \"%s\" is not a date and "
				   "time (write 2026-12-01 22:00 CET)",
				   value);
		return;
	case PRGATE_DT_BAD_DATE:
		prgate_rule_report(ctx, line, 1, section,
				   "downtime start \"%s\" is not a real date "
				   "and time",
				   value);
		return;
	case PRGATE_DT_NO_ZONE:
		prgate_rule_report(ctx, line, 1, section,
				   "downtime start \"%s\" has no time zone "
				   "(add e.g. CET, +01:00 or Europe/Ljubljana)",
				   value);
		return;
	case PRGATE_DT_BAD_ZONE:
		prgate_rule_report(ctx, line, 1, section,
				   "downtime start \"%s\": unknown time zone "
				   "'%s'",
				   value, dt.zone);
		return;
	}
}

void check_downtime_notice(struct prgate_rule_ctx *ctx)
{
	int sec = ctx->role[PRGATE_ROLE_DOWNTIME];
	struct notice n;
	const char *name;

	if (!ctx->downtime)
		return;
	if (sec < 0) {
		prgate_rule_report(ctx, 0, 0, "Downtime",
				   "the PR is labelled for downtime but has no "
				   "Downtime section with a downtime notice");
		return;
	}
	name = prgate_rule_section_name(ctx, sec);
	memset(&n, 0, sizeof(n));
	for (int p = 0; p < NPARTS; p++)
		strbuf_init(&n.value[p], 0);
	read_notice(ctx, sec, &n);
	for (int p = 0; p < NPARTS; p++) {
		const struct prgate_md_section *s = &ctx->doc->sections[sec];
		if (!n.line[p] || !n.value[p].len) {
			prgate_rule_report(ctx, n.line[p] ? n.line[p] : s->line,
					   n.line[p] ? 1 : s->col, name,
					   "the downtime notice does not give "
					   "%s",
					   what[p]);
			continue;
		}
		if (p == START)
			check_start(ctx, name, n.line[p], n.value[p].buf);
		if (p == LENGTH && prgate_duration_parse(n.value[p].buf) < 0)
			prgate_rule_report(ctx, n.line[p], 1, name,
					   "downtime length \"%s\" is not a "
					   "duration (write e.g. 30 min or 1 h "
					   "30 min)",
					   n.value[p].buf);
	}
	for (int p = 0; p < NPARTS; p++)
		strbuf_release(&n.value[p]);
}

const struct prgate_rule_doc doc_downtime_notice = {
    "A deploy that takes the service down must say so ahead: when the "
    "downtime starts (date, time and time zone), how long it lasts, "
    "the nature of the work, who is affected and what users will see. "
    "`prgate check` also checks it was announced downtime.notice_hours "
    "(72) before the start and that the start falls outside the "
    "blackout hours.",
    "## Downtime\n**Start**: 2026-12-01 22:00 CET\n**Length**: 30 min\n"
    "**Nature**: database upgrade\n**Affected**: all shop users\n"
    "**What users see**: a maintenance page\n",
    "## Downtime\n**Start**: tomorrow evening\n**Length**: 30 min\n"};
