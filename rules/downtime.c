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
 *
 * In `prgate check` the notice's timing is checked too: the notice counts
 * as announced when the PR was opened (GitHub's created_at), which must
 * be at least downtime.notice_hours before the start, and the start must
 * fall outside the blackout hours (in the window's time zone).
 */
#include <stdlib.h>
#include <string.h>

#include "linter/clock.h"
#include "support/datetime.h"
#include "rules/rules.h"

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
	mark = prgate_re_mark(
	    RULE_RE(ctx, parts_re, PRGATE_RE_CASELESS | PRGATE_RE_WHOLE), w.buf,
	    w.len);
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

/*
 * Check the start's form; 1 with *dt when it is a date and time whose
 * zone abbreviation, if any, is in effect on that date (EDT in December
 * is not: New York is on EST then).
 */
static int check_start(struct prgate_rule_ctx *ctx, const char *section,
		       int line, const char *value, struct prgate_datetime *dt)
{
	char now_in[16];
	long off;
	int ok;
	struct prgate_error err;

	switch (prgate_datetime_parse(value, dt)) {
	case PRGATE_DT_OK:
		if (prgate_datetime_zone_check(dt, &ok, now_in, &off, &err)) {
			prgate_rule_report(ctx, line, 1, section,
					   "downtime start \"%s\": %s", value,
					   err.message);
			return 0;
		}
		if (ok)
			return 1;
		prgate_rule_report(
		    ctx, line, 1, section,
		    "downtime start \"%s\": %s is not in effect on "
		    "%04d-%02d-%02d in %s (%s is; write %s, an offset such as "
		    "%c%02ld:%02ld, or a zone such as %s)",
		    value, dt->zone, dt->year, dt->mon, dt->day, dt->tzdb,
		    now_in, now_in, off < 0 ? '-' : '+', labs(off) / 3600,
		    labs(off) % 3600 / 60, dt->tzdb);
		return 0;
	case PRGATE_DT_NO_DATE:
		prgate_rule_report(ctx, line, 1, section,
				   "downtime start \"%s\" is not a date and "
				   "time (write 2026-12-01 22:00 CET)",
				   value);
		return 0;
	case PRGATE_DT_BAD_DATE:
		prgate_rule_report(ctx, line, 1, section,
				   "downtime start \"%s\" is not a real date "
				   "and time",
				   value);
		return 0;
	case PRGATE_DT_NO_ZONE:
		prgate_rule_report(ctx, line, 1, section,
				   "downtime start \"%s\" has no time zone "
				   "(add e.g. CET, +01:00 or Europe/Ljubljana)",
				   value);
		return 0;
	case PRGATE_DT_BAD_ZONE:
		prgate_rule_report(ctx, line, 1, section,
				   "downtime start \"%s\": unknown time zone "
				   "'%s'",
				   value, dt->zone);
		return 0;
	}
	return 0;
}

/* "mon-fri", "mon, wed", "sat-sun", "every day" */
static void add_days(struct strbuf *sb, unsigned days)
{
	static const char *const names[] = {"sun", "mon", "tue", "wed",
					    "thu", "fri", "sat"};
	int n = 0;

	if ((days & 0x7fu) == 0x7fu) {
		strbuf_addstr(sb, "every day");
		return;
	}
	/* Monday first; runs of three days or more as a range */
	for (int i = 0; i < 7;) {
		int j = i;
		if (!(days & (1u << (i + 1) % 7))) {
			i++;
			continue;
		}
		while (j + 1 < 7 && (days & (1u << (j + 2) % 7)))
			j++;
		if (j - i >= 2) {
			strbuf_addf(sb, "%s%s-%s", n++ ? ", " : "",
				    names[(i + 1) % 7], names[(j + 1) % 7]);
		} else {
			for (int k = i; k <= j; k++)
				strbuf_addf(sb, "%s%s", n++ ? ", " : "",
					    names[(k + 1) % 7]);
		}
		i = j + 1;
	}
}

/*
 * prgate check: the notice was given long enough ahead (the PR's
 * creation is the announcement) and the start is outside the blackout.
 */
static void check_timing(struct prgate_rule_ctx *ctx, const char *section,
			 int line, const struct prgate_datetime *dt)
{
	static const char *const wday[] = {"Sun", "Mon", "Tue", "Wed",
					   "Thu", "Fri", "Sat"};
	const struct prgate_policy *p = ctx->policy;
	struct prgate_downtime_state st;
	struct prgate_error err;
	struct strbuf sb = STRBUF_INIT;

	unsigned char *applies = xcalloc(p->downtime.nblackout + 1, 1);

	/* a blackout with a "when" counts only for the PRs it names */
	for (size_t i = 0; i < p->downtime.nblackout; i++)
		applies[i] =
		    !p->downtime.blackout_when ||
		    prgate_rule_when(ctx, &p->downtime.blackout_when[i]);
	if (prgate_downtime_eval(p, dt, ctx->gate->gh->created_at, applies, &st,
				 &err)) {
		free(applies);
		prgate_rule_report(ctx, line, 1, section,
				   "could not check the downtime's timing: %s",
				   err.message);
		return;
	}
	if (!st.notice_ok) {
		if (st.notice_sec < 0) {
			prgate_duration_format(&sb, -st.notice_sec / 60 * 60);
			prgate_rule_report(ctx, line, 1, section,
					   "downtime starts %s before it was "
					   "announced (the PR was opened); the "
					   "policy asks for %d h notice",
					   sb.buf, p->downtime.notice_hours);
		} else {
			prgate_duration_format(&sb, st.notice_sec / 60 * 60);
			prgate_rule_report(ctx, line, 1, section,
					   "downtime announced %s before its "
					   "start; the policy asks for %d h",
					   sb.buf, p->downtime.notice_hours);
		}
	}
	free(applies);
	if (st.blackout) {
		const struct prgate_hours *h = st.blackout;
		strbuf_reset(&sb);
		add_days(&sb, h->days);
		prgate_rule_report(
		    ctx, line, 1, section,
		    "downtime starts at %s %02d:%02d%s%s, inside the blackout "
		    "hours (%s %02d:%02d-%02d:%02d)",
		    wday[st.start_local.tm.tm_wday], st.start_local.tm.tm_hour,
		    st.start_local.tm.tm_min,
		    st.start_local.abbrev[0] ? " " : "", st.start_local.abbrev,
		    sb.buf, h->start_min / 60, h->start_min % 60,
		    h->end_min / 60, h->end_min % 60);
	}
	strbuf_release(&sb);
}

void check_downtime_notice(struct prgate_rule_ctx *ctx)
{
	int sec = ctx->role[PRGATE_ROLE_DOWNTIME];
	struct notice n;
	struct prgate_datetime dt;
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
		if (p == START &&
		    check_start(ctx, name, n.line[p], n.value[p].buf, &dt) &&
		    ctx->gate && ctx->gate->gh)
			check_timing(ctx, name, n.line[p], &dt);
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
    "(72) before the start - the announcement being when the PR was "
    "opened on GitHub - and that the start falls outside the "
    "downtime.blackout hours (in the window's time zone).",
    "## Downtime\n**Start**: 2026-12-01 22:00 CET\n**Length**: 30 min\n"
    "**Nature**: database upgrade\n**Affected**: all shop users\n"
    "**What users see**: a maintenance page\n",
    "## Downtime\n**Start**: tomorrow evening\n**Length**: 30 min\n"};
