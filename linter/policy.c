/*
 * policy.c - loading and validating the release policy (see policy.h):
 * the built-in default, then .prgate.json on top, every key checked with
 * a "FILE:LINE:COL: what is wrong" error; plus section matching and the
 * section roles.
 *
 * prgate_policy_apply() is all-or-nothing: the file is read into a
 * scratch policy, and only when all of it is valid are the top-level
 * parts it sets swapped into the caller's policy.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support/embedded.h"
#include "support/json.h"
#include "linter/md.h"
#include "support/datetime.h"
#include "linter/policy.h"
#include "support/strbuf.h"
#include "support/tz.h"

#define CONFIG_NAME ".prgate.json"
#define CONFIG_CAP (1024 * 1024)
#define DEFAULT_POLICY "default-policy.json"

#define ROLE_UNSET (-2) /* while loading: guess from the name later */

/* ---- roles ---- */

static const char *const role_keys[] = {
#define PRGATE_ROLE_KEY(NAME, key, pattern) key,
    PRGATE_ROLE_LIST(PRGATE_ROLE_KEY)
#undef PRGATE_ROLE_KEY
};

static const char *const role_patterns[] = {
#define PRGATE_ROLE_PATTERN(NAME, key, pattern) pattern,
    PRGATE_ROLE_LIST(PRGATE_ROLE_PATTERN)
#undef PRGATE_ROLE_PATTERN
};

/*
 * The role patterns, compiled on first use and freed at exit. Policy
 * loading is single-threaded, so a plain flag is enough.
 */
static struct prgate_re *role_re[PRGATE_ROLE_COUNT];
static int role_re_ready;

static void role_re_free(void)
{
	for (int i = 0; i < PRGATE_ROLE_COUNT; i++) {
		prgate_re_free(role_re[i]);
		role_re[i] = NULL;
	}
	role_re_ready = 0;
}

static void role_re_compile(void)
{
	if (role_re_ready)
		return;
	for (int i = 0; i < PRGATE_ROLE_COUNT; i++) {
		/* the built-in patterns are valid; NULL would just not match */
		role_re[i] = prgate_re_new(role_patterns[i],
					   PRGATE_RE_CASELESS |
					       PRGATE_RE_WHOLE | PRGATE_RE_LAZY,
					   NULL);
	}
	role_re_ready = 1;
	atexit(role_re_free);
}

int prgate_role_find(const char *key)
{
	for (int i = 0; i < PRGATE_ROLE_COUNT; i++)
		if (!strcmp(role_keys[i], key))
			return i;
	return PRGATE_ROLE_NONE;
}

const char *prgate_role_key(enum prgate_role role)
{
	if ((int)role < 0 || (int)role >= PRGATE_ROLE_COUNT)
		return NULL;
	return role_keys[role];
}

int prgate_role_guess(const char *name)
{
	struct strbuf words = STRBUF_INIT;
	int role = PRGATE_ROLE_NONE;
	role_re_compile();
	prgate_md_words(name, &words);
	for (int i = 0; i < PRGATE_ROLE_COUNT && role < 0; i++)
		if (role_re[i] && prgate_re_search(role_re[i], words.buf,
						   words.len, 0, NULL, NULL))
			role = i;
	strbuf_release(&words);
	return role;
}

/* ---- sections ---- */

static void section_release(struct prgate_policy_section *s)
{
	free(s->name);
	free(s->key);
	for (size_t i = 0; i < s->naliases; i++)
		prgate_re_free(s->aliases[i]);
	free(s->aliases);
}

void prgate_policy_retain_sections(struct prgate_policy *p,
				   const unsigned char *keep)
{
	size_t n = 0;
	for (size_t i = 0; i < p->nsections; i++) {
		if (!keep[i]) {
			section_release(&p->sections[i]);
			continue;
		}
		p->sections[n++] = p->sections[i];
	}
	p->nsections = n;
}

static int role_taken(const struct prgate_policy *p, int role, size_t except)
{
	for (size_t i = 0; i < p->nsections; i++)
		if (i != except && p->sections[i].role == role)
			return 1;
	return 0;
}

static char *name_key(const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	prgate_md_key(name, &sb);
	return strbuf_detach(&sb, NULL);
}

struct prgate_policy_section *prgate_policy_add_section(struct prgate_policy *p,
							const char *name)
{
	struct prgate_policy_section *s;
	int role = prgate_role_guess(name);
	p->sections =
	    xrealloc(p->sections, (p->nsections + 1) * sizeof(*p->sections));
	s = &p->sections[p->nsections];
	memset(s, 0, sizeof(*s));
	s->name = xstrdup(name);
	s->key = name_key(name);
	s->required = 1;
	s->allow_none = 1;
	s->role = role >= 0 && !role_taken(p, role, p->nsections)
		      ? role
		      : PRGATE_ROLE_NONE;
	p->nsections++;
	return s;
}

int prgate_policy_match_key(const struct prgate_policy *p, const char *key,
			    const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	int found = -1;

	for (size_t i = 0; *key && i < p->nsections; i++)
		if (!strcmp(p->sections[i].key, key))
			return (int)i;
	for (size_t i = 0; i < p->nsections && found < 0; i++) {
		const struct prgate_policy_section *s = &p->sections[i];
		if (s->naliases && !sb.len)
			prgate_md_words(name, &sb);
		for (size_t j = 0; j < s->naliases && found < 0; j++)
			if (prgate_re_search(s->aliases[j], sb.buf, sb.len, 0,
					     NULL, NULL))
				found = (int)i;
	}
	strbuf_release(&sb);
	return found;
}

int prgate_policy_match_section(const struct prgate_policy *p, const char *name)
{
	struct strbuf key = STRBUF_INIT;
	int found;
	prgate_md_key(name, &key);
	found = prgate_policy_match_key(p, key.buf, name);
	strbuf_release(&key);
	return found;
}

/* ---- release ---- */

static void release_sections(struct prgate_policy *p)
{
	for (size_t i = 0; i < p->nsections; i++)
		section_release(&p->sections[i]);
	free(p->sections);
	p->sections = NULL;
	p->nsections = 0;
}

static void when_release(struct prgate_when *w)
{
	prgate_strlist_release(&w->labels);
	prgate_strlist_release(&w->paths);
}

void prgate_policy_release(struct prgate_policy *p)
{
	if (!p)
		return;
	free(p->path);
	free(p->template_path);
	free(p->template_text);
	release_sections(p);
	prgate_strlist_release(&p->placeholders);
	prgate_strlist_release(&p->reviews.leads);
	prgate_strlist_release(&p->reviews.required_approvers);
	prgate_strlist_release(&p->reviews.ops);
	prgate_strlist_release(&p->reviews.associations);
	prgate_strlist_release(&p->ci.required);
	prgate_strlist_release(&p->ci.required_apps);
	prgate_strlist_release(&p->overrides.by);
	free(p->status.context);
	free(p->window.timezone);
	for (size_t i = 0; i < p->nfreezes; i++)
		free(p->freezes[i].reason);
	free(p->freezes);
	prgate_strlist_release(&p->downtime.labels);
	free(p->downtime.blackout);
	if (p->downtime.blackout_when)
		for (size_t i = 0; i < p->downtime.nblackout; i++)
			when_release(&p->downtime.blackout_when[i]);
	free(p->downtime.blackout_when);
	for (size_t i = 0; i < p->reviews.napprover_rules; i++) {
		prgate_strlist_release(&p->reviews.approver_rules[i].logins);
		when_release(&p->reviews.approver_rules[i].when);
	}
	free(p->reviews.approver_rules);
	for (size_t i = 0; i < p->nwindows; i++)
		when_release(&p->windows[i].when);
	free(p->windows);
	prgate_strlist_release(&p->migrations.paths);
	for (size_t i = 0; i < p->nmetrics; i++) {
		struct prgate_metric *m = &p->metrics[i];
		free(m->name);
		free(m->url);
		prgate_strlist_release(&m->headers);
		free(m->pointer);
		free(m->method);
		free(m->body);
		free(m->content_type);
	}
	free(p->metrics);
	prgate_strlist_release(&p->deploy.remotes);
	prgate_strlist_release(&p->deploy.branches);
	prgate_strlist_release(&p->github.hosts);
	for (size_t i = 0; i < p->checklist.nvars; i++) {
		free(p->checklist.vars[i].key);
		free(p->checklist.vars[i].value);
	}
	free(p->checklist.vars);
	prgate_strlist_release(&p->checklist.before);
	prgate_strlist_release(&p->checklist.staging);
	prgate_strlist_release(&p->checklist.verify);
	prgate_strlist_release(&p->checklist.rollback);
	prgate_strlist_release(&p->checklist.after);
	prgate_strlist_release(&p->checklist.maintenance_on);
	prgate_strlist_release(&p->checklist.maintenance_off);
	memset(p, 0, sizeof(*p));
}

/* ---- defaults of the parts ---- */

#define WEEKDAYS 0x3eu /* mon-fri: bits 1-5 */

static void default_list(struct prgate_strlist *l, const char *const *v);

static void default_reviews(struct prgate_policy *p)
{
	static const char *const assoc[] = {"OWNER", "MEMBER", "COLLABORATOR",
					    NULL};
	p->reviews.leads_quorum = 0.5;
	p->reviews.min_approvals = 1;
	default_list(&p->reviews.associations, assoc);
}

static void default_allow(struct prgate_policy *p)
{
	for (int r = 0; r < PRGATE_RULE_COUNT; r++)
		p->allow.rules[r] = !prgate_rule_is_gate((enum prgate_rule)r) &&
				    r != PRGATE_RULE_ALLOW_REASON;
}

static void default_status(struct prgate_policy *p)
{
	free(p->status.context);
	p->status.context = xstrdup("prgate");
}

static void default_advice_tag(struct prgate_policy *p)
{
	p->advice_tag.unread = PRGATE_SEV_WARNING;
	p->advice_tag.annotate = 1;
}

static void default_window(struct prgate_policy *p)
{
	free(p->window.timezone);
	p->window.timezone = xstrdup("Europe/Ljubljana");
	p->window.hours.days = WEEKDAYS;
	p->window.hours.start_min = 8 * 60;
	p->window.hours.end_min = 17 * 60;
}

/*
 * A part's keys left out of a config take these values, which are the
 * built-in policy's: {"downtime": {"notice_hours": 48}} keeps the
 * "downtime" label.
 */
static void default_list(struct prgate_strlist *l, const char *const *v)
{
	prgate_strlist_release(l);
	for (; *v; v++)
		prgate_strlist_add(l, *v);
}

static void default_downtime(struct prgate_policy *p)
{
	static const char *const labels[] = {"downtime", NULL};
	p->downtime.notice_hours = 72;
	default_list(&p->downtime.labels, labels);
}

static void default_migrations(struct prgate_policy *p)
{
	static const char *const paths[] = {
	    "**/migrations/*", "alembic/versions/*", "db/migrate/*", NULL};
	default_list(&p->migrations.paths, paths);
}

static void default_deploy(struct prgate_policy *p)
{
	static const char *const remotes[] = {"production", NULL};
	static const char *const branches[] = {"master", "main", NULL};
	default_list(&p->deploy.remotes, remotes);
	default_list(&p->deploy.branches, branches);
}

static void default_rules(struct prgate_policy *p)
{
	for (int i = 0; i < PRGATE_RULE_COUNT; i++)
		p->severity[i] = -1;
}

/* ---- the loader's error helpers ---- */

struct loader {
	const struct prgate_json_doc *doc;
	struct prgate_error *err;
	const char *dir;
	int builtin; /* the embedded default policy: its patterns are valid */
};

static enum prgate_status bad(struct loader *ld, const struct prgate_json *n,
			      int at_key, const char *fmt, ...)
    PRGATE_PRINTF(4, 5);

static enum prgate_status bad(struct loader *ld, const struct prgate_json *n,
			      int at_key, const char *fmt, ...)
{
	char msg[sizeof(ld->err->message)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return prgate_json_error(ld->doc, n, at_key, ld->err, PRGATE_ERR_CONFIG,
				 "%s", msg);
}

static size_t count_keys(const char *const *keys)
{
	size_t n = 0;
	while (keys[n])
		n++;
	return n;
}

static enum prgate_status unknown_key(struct loader *ld,
				      const struct prgate_json *member,
				      const char *where,
				      const char *const *keys)
{
	const char *key = prgate_json_key(member);
	const char *s = prgate_suggest(key, keys, count_keys(keys));
	if (s)
		return bad(ld, member, 1,
			   "unknown key \"%s\" in %s (did you mean \"%s\"?)",
			   key, where, s);
	return bad(ld, member, 1, "unknown key \"%s\" in %s", key, where);
}

static enum prgate_status
need_object(struct loader *ld, const struct prgate_json *n, const char *what)
{
	if (prgate_json_is(n, PRGATE_JSON_OBJECT))
		return PRGATE_OK;
	return bad(ld, n, 0, "%s must be an object, not %s", what,
		   prgate_json_type_name(prgate_json_type(n)));
}

static enum prgate_status
need_array(struct loader *ld, const struct prgate_json *n, const char *what)
{
	if (prgate_json_is(n, PRGATE_JSON_ARRAY))
		return PRGATE_OK;
	return bad(ld, n, 0, "%s must be an array, not %s", what,
		   prgate_json_type_name(prgate_json_type(n)));
}

/* ---- typed readers of members ---- */

static enum prgate_status read_string(struct loader *ld,
				      const struct prgate_json *m, char **out)
{
	const char *s = prgate_json_string(m);
	if (!s)
		return bad(ld, m, 0, "\"%s\" must be a string, not %s",
			   prgate_json_key(m),
			   prgate_json_type_name(prgate_json_type(m)));
	if (!*s)
		return bad(ld, m, 0, "\"%s\" must not be empty",
			   prgate_json_key(m));
	free(*out);
	*out = xstrdup(s);
	return PRGATE_OK;
}

static enum prgate_status read_bool(struct loader *ld,
				    const struct prgate_json *m, int *out)
{
	if (!prgate_json_bool(m, out))
		return bad(ld, m, 0, "\"%s\" must be true or false",
			   prgate_json_key(m));
	return PRGATE_OK;
}

static enum prgate_status read_int(struct loader *ld,
				   const struct prgate_json *m, int min,
				   int max, int *out)
{
	long long v;
	if (!prgate_json_int(m, min, max, &v))
		return bad(ld, m, 0,
			   "\"%s\" must be a whole number from %d to %d",
			   prgate_json_key(m), min, max);
	*out = (int)v;
	return PRGATE_OK;
}

static enum prgate_status read_strlist(struct loader *ld,
				       const struct prgate_json *m,
				       struct prgate_strlist *out)
{
	const struct prgate_json *c;
	if (!prgate_json_is(m, PRGATE_JSON_ARRAY))
		return bad(ld, m, 0, "\"%s\" must be an array of strings",
			   prgate_json_key(m));
	prgate_strlist_release(out);
	for (c = prgate_json_child(m); c; c = prgate_json_next(c)) {
		const char *s = prgate_json_string(c);
		if (!s)
			return bad(ld, c, 0,
				   "\"%s\" must be an array of strings, not "
				   "hold %s",
				   prgate_json_key(m),
				   prgate_json_type_name(prgate_json_type(c)));
		if (!*s)
			return bad(ld, c, 0, "empty string in \"%s\"",
				   prgate_json_key(m));
		prgate_strlist_add(out, s);
	}
	return PRGATE_OK;
}

/*
 * A list of GitHub logins: "@dave" is read as "dave" (people write
 * logins the way they mention them), and a login with a space or
 * another '@' in it is an error rather than a name nobody can match.
 */
/* "@dave" as "dave"; -1 for a login with a space, comma or another @. */
static int normalise_login(char *s)
{
	if (*s == '@')
		memmove(s, s + 1, strlen(s));
	return !*s || strpbrk(s, " \t\r\n@,") ? -1 : 0;
}

static enum prgate_status read_logins(struct loader *ld,
				      const struct prgate_json *m,
				      struct prgate_strlist *out)
{
	const struct prgate_json *c;
	enum prgate_status st = read_strlist(ld, m, out);
	size_t i = 0;

	if (st != PRGATE_OK)
		return st;
	for (c = prgate_json_child(m); c; c = prgate_json_next(c), i++)
		if (normalise_login(out->v[i]))
			return bad(ld, c, 0,
				   "\"%s\" holds GitHub logins, not \"%.60s\"",
				   prgate_json_key(m), prgate_json_string(c));
	return PRGATE_OK;
}

/* ---- times and dates ---- */

/* "HH:MM" from 00:00 to 24:00, as minutes after midnight. */
static int parse_hhmm(const char *s, int *out)
{
	int h, m;
	if (strlen(s) != 5 || s[2] != ':' || !prgate_digits(s, 2, &h) ||
	    !prgate_digits(s + 3, 2, &m))
		return 0;
	if (m > 59 || h > 24 || (h == 24 && m))
		return 0;
	*out = h * 60 + m;
	return 1;
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int dim[] = {31, 28, 31, 30, 31, 30,
				  31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/*
 * "YYYY-MM-DD", or "YYYY-MM-DDTHH:MM" with optional ":SS" (dropped) and
 * an optional "Z" or "+HH:MM"/"-HH:MM" offset.
 */
static int parse_moment(const char *s, struct prgate_localtime *t)
{
	int sec, oh, om;
	memset(t, 0, sizeof(*t));
	if (strlen(s) < 10 || !prgate_digits(s, 4, &t->year) || s[4] != '-' ||
	    !prgate_digits(s + 5, 2, &t->mon) || s[7] != '-' ||
	    !prgate_digits(s + 8, 2, &t->day))
		return 0;
	if (t->year < 1 || t->mon < 1 || t->mon > 12 || t->day < 1 ||
	    t->day > days_in_month(t->year, t->mon))
		return 0;
	s += 10;
	if (!*s)
		return 1;
	if ((*s != 'T' && *s != 't') || strlen(s) < 6 ||
	    !prgate_digits(s + 1, 2, &t->hour) || s[3] != ':' ||
	    !prgate_digits(s + 4, 2, &t->min) || t->hour > 23 || t->min > 59)
		return 0;
	s += 6;
	if (*s == ':') {
		if (!prgate_digits(s + 1, 2, &sec) || sec > 59)
			return 0;
		s += 3;
	}
	if (!*s)
		return 1;
	if ((*s == 'Z' || *s == 'z') && !s[1]) {
		t->has_offset = 1;
		return 1;
	}
	if ((*s != '+' && *s != '-') || strlen(s) != 6 ||
	    !prgate_digits(s + 1, 2, &oh) || s[3] != ':' ||
	    !prgate_digits(s + 4, 2, &om) || oh > 23 || om > 59)
		return 0;
	t->has_offset = 1;
	t->offset_min = (*s == '-' ? -1 : 1) * (oh * 60 + om);
	return 1;
}

/* Days since 1970-01-01 of a civil date (H. Hinnant's algorithm). */
static long long days_from_civil(int y, int m, int d)
{
	long long era, yoe, doy, doe;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Minutes since the epoch, reading a local time as if it were UTC. */
static long long moment_minutes(const struct prgate_localtime *t)
{
	return days_from_civil(t->year, t->mon, t->day) * 1440 + t->hour * 60 +
	       t->min - t->offset_min;
}

/*
 * Whether from < to may hold. When only one of them has an offset the
 * window's zone decides, which can be anywhere from UTC-12 to UTC+14, so
 * only a pair that is wrong in every zone is refused.
 */
static int moment_before(const struct prgate_localtime *from,
			 const struct prgate_localtime *to)
{
	long long f = moment_minutes(from), t = moment_minutes(to);
	if (from->has_offset == to->has_offset)
		return f < t;
	if (!from->has_offset)
		return f - 14 * 60 < t; /* from is earliest in UTC+14 */
	return f < t + 12 * 60;		/* to is latest in UTC-12 */
}

/* ---- days and hours ---- */

static const char *const day_names[] = {"sun", "mon", "tue", "wed",
					"thu", "fri", "sat"};

static enum prgate_status read_days(struct loader *ld,
				    const struct prgate_json *m, unsigned *out)
{
	const struct prgate_json *c;
	unsigned days = 0;
	if (!prgate_json_is(m, PRGATE_JSON_ARRAY))
		return bad(ld, m, 0,
			   "\"days\" must be an array of days (\"mon\" ... "
			   "\"sun\")");
	for (c = prgate_json_child(m); c; c = prgate_json_next(c)) {
		const char *s = prgate_json_string(c);
		int found = -1;
		for (int i = 0; s && i < 7; i++)
			if (!strcasecmp(s, day_names[i]))
				found = i;
		if (found < 0 && s)
			return bad(ld, c, 0,
				   "unknown day \"%s\" in \"days\" (use "
				   "\"mon\", \"tue\", ... \"sun\")",
				   s);
		if (found < 0)
			return bad(ld, c, 0,
				   "\"days\" must be an array of days "
				   "(\"mon\" ... \"sun\")");
		days |= 1u << found;
	}
	if (!days)
		return bad(ld, m, 0, "\"days\" must name at least one day");
	*out = days;
	return PRGATE_OK;
}

static enum prgate_status read_hhmm(struct loader *ld,
				    const struct prgate_json *m, int *out)
{
	const char *s = prgate_json_string(m);
	if (!s || !parse_hhmm(s, out))
		return bad(ld, m, 0, "\"%s\" must be a time HH:MM",
			   prgate_json_key(m));
	return PRGATE_OK;
}

static enum prgate_status check_hours(struct loader *ld,
				      const struct prgate_hours *h,
				      const struct prgate_json *start,
				      const struct prgate_json *end,
				      const struct prgate_json *obj)
{
	if (h->start_min < h->end_min)
		return PRGATE_OK;
	if (end)
		return bad(ld, end, 0, "\"end\" must be after \"start\"");
	return bad(ld, start ? start : obj, 0,
		   "\"start\" must be before \"end\"");
}

/* ---- the parts ---- */

static const char *const section_keys[] = {
    "name",	 "aliases", "required", "allow_none",
    "checklist", "checked", "role",	NULL};

static enum prgate_status read_role(struct loader *ld,
				    const struct prgate_json *m, int *out)
{
	const char *s = prgate_json_string(m);
	struct strbuf list = STRBUF_INIT;
	enum prgate_status st;
	if (prgate_json_is(m, PRGATE_JSON_NULL)) {
		*out = PRGATE_ROLE_NONE;
		return PRGATE_OK;
	}
	if (s && (*out = prgate_role_find(s)) >= 0)
		return PRGATE_OK;
	for (int i = 0; i < PRGATE_ROLE_COUNT; i++)
		strbuf_addf(&list, "%s\"%s\"", i ? ", " : "", role_keys[i]);
	if (s)
		st = bad(ld, m, 0, "unknown role \"%s\" (one of %s, or null)",
			 s, list.buf);
	else
		st = bad(ld, m, 0,
			 "\"role\" must be a string (one of %s) or null",
			 list.buf);
	strbuf_release(&list);
	return st;
}

static enum prgate_status read_aliases(struct loader *ld,
				       const struct prgate_json *m,
				       struct prgate_policy_section *s)
{
	const struct prgate_json *c;
	if (!prgate_json_is(m, PRGATE_JSON_ARRAY))
		return bad(ld, m, 0,
			   "\"aliases\" must be an array of patterns");
	for (size_t i = 0; i < s->naliases; i++)
		prgate_re_free(s->aliases[i]);
	free(s->aliases);
	s->aliases = xcalloc(prgate_json_count(m), sizeof(*s->aliases));
	s->naliases = 0;
	for (c = prgate_json_child(m); c; c = prgate_json_next(c)) {
		const char *pat = prgate_json_string(c);
		struct prgate_error rerr;
		struct prgate_re *re;
		if (!pat || !*pat)
			return bad(ld, c, 0,
				   "\"aliases\" must be an array of "
				   "non-empty patterns");
		/* the built-in policy's patterns are known to compile */
		re = prgate_re_new(pat,
				   PRGATE_RE_CASELESS | PRGATE_RE_WHOLE |
				       (ld->builtin ? PRGATE_RE_LAZY : 0),
				   &rerr);
		if (!re)
			return bad(ld, c, 0, "%s", rerr.message);
		s->aliases[s->naliases++] = re;
	}
	return PRGATE_OK;
}

static enum prgate_status parse_section(struct loader *ld,
					const struct prgate_json *n,
					struct prgate_policy *p, size_t idx)
{
	struct prgate_policy_section *s = &p->sections[idx];
	const struct prgate_json *m, *name = NULL;
	enum prgate_status st = PRGATE_OK;

	if ((st = need_object(ld, n, "each section")))
		return st;
	s->required = 1;
	s->allow_none = 1;
	s->role = ROLE_UNSET;
	for (m = prgate_json_child(n); m && !st; m = prgate_json_next(m)) {
		const char *k = prgate_json_key(m);
		if (!strcmp(k, "name")) {
			name = m;
			st = read_string(ld, m, &s->name);
		} else if (!strcmp(k, "aliases")) {
			st = read_aliases(ld, m, s);
		} else if (!strcmp(k, "required")) {
			st = read_bool(ld, m, &s->required);
		} else if (!strcmp(k, "allow_none")) {
			st = read_bool(ld, m, &s->allow_none);
		} else if (!strcmp(k, "checklist")) {
			st = read_bool(ld, m, &s->checklist);
		} else if (!strcmp(k, "checked")) {
			const char *v = prgate_json_string(m);
			if (v && !strcmp(v, "any"))
				s->checked = PRGATE_CHECKED_ANY;
			else if (v && !strcmp(v, "all"))
				s->checked = PRGATE_CHECKED_ALL;
			else
				st = bad(ld, m, 0,
					 "\"checked\" must be \"any\" or "
					 "\"all\"");
		} else if (!strcmp(k, "role")) {
			st = read_role(ld, m, &s->role);
		} else {
			st = unknown_key(ld, m, "a section", section_keys);
		}
	}
	if (st)
		return st;
	if (!name)
		return bad(ld, n, 0, "missing \"name\" in a section");
	s->key = name_key(s->name);
	if (!*s->key)
		return bad(ld, name, 0,
			   "section name \"%s\" has no letters or digits",
			   s->name);
	for (size_t i = 0; i < idx; i++) {
		const struct prgate_policy_section *o = &p->sections[i];
		if (strcmp(o->key, s->key))
			continue;
		if (!strcmp(o->name, s->name))
			return bad(ld, name, 0, "duplicate section \"%s\"",
				   s->name);
		return bad(ld, name, 0, "section \"%s\" is the same as \"%s\"",
			   s->name, o->name);
	}
	if (s->role >= 0) {
		for (size_t i = 0; i < idx; i++)
			if (p->sections[i].role == s->role)
				return bad(ld, prgate_json_get(n, "role"), 0,
					   "role \"%s\" is already given to "
					   "section \"%s\"",
					   role_keys[s->role],
					   p->sections[i].name);
	}
	return PRGATE_OK;
}

static enum prgate_status parse_sections(struct loader *ld,
					 const struct prgate_json *m,
					 struct prgate_policy *p)
{
	const struct prgate_json *c;
	enum prgate_status st;
	size_t n = prgate_json_count(m);

	if ((st = need_array(ld, m, "\"sections\"")))
		return st;
	p->sections = xcalloc(n, sizeof(*p->sections));
	for (c = prgate_json_child(m); c; c = prgate_json_next(c)) {
		p->nsections++;
		if ((st = parse_section(ld, c, p, p->nsections - 1)))
			return st;
	}
	/* Guess the roles not given, where no other section has them. */
	for (size_t i = 0; i < p->nsections; i++) {
		struct prgate_policy_section *s = &p->sections[i];
		int role;
		if (s->role != ROLE_UNSET)
			continue;
		role = prgate_role_guess(s->name);
		s->role = role >= 0 && !role_taken(p, role, i)
			      ? role
			      : PRGATE_ROLE_NONE;
	}
	return PRGATE_OK;
}

static enum prgate_status parse_template(struct loader *ld,
					 const struct prgate_json *m,
					 struct prgate_policy *p)
{
	char *path = NULL;
	enum prgate_status st = read_string(ld, m, &path);
	if (st)
		return st;
	free(p->template_path); /* duplicate keys are refused; be safe */
	free(p->template_text);
	p->template_text = NULL;
	p->template_len = 0;
	if (path[0] == '/' || !ld->dir || !*ld->dir || !strcmp(ld->dir, ".")) {
		p->template_path = path;
	} else {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "%s%s%s", ld->dir,
			    ld->dir[strlen(ld->dir) - 1] == '/' ? "" : "/",
			    path);
		p->template_path = strbuf_detach(&sb, NULL);
		free(path);
	}
	return PRGATE_OK;
}

static enum prgate_status parse_placeholders(struct loader *ld,
					     const struct prgate_json *m,
					     struct prgate_policy *p)
{
	return read_strlist(ld, m, &p->placeholders);
}

static enum prgate_status parse_rules(struct loader *ld,
				      const struct prgate_json *m,
				      struct prgate_policy *p)
{
	const char *ids[PRGATE_RULE_COUNT];
	const struct prgate_json *c;
	enum prgate_status st;

	if ((st = need_object(ld, m, "\"rules\"")))
		return st;
	for (int i = 0; i < PRGATE_RULE_COUNT; i++)
		ids[i] = prgate_rule_id((enum prgate_rule)i);
	for (c = prgate_json_child(m); c; c = prgate_json_next(c)) {
		const char *id = prgate_json_key(c), *s;
		int rule = prgate_rule_find(id), sev;
		if (rule < 0) {
			const char *sug =
			    prgate_suggest(id, ids, PRGATE_RULE_COUNT);
			if (sug)
				return bad(ld, c, 1,
					   "unknown rule \"%s\" in \"rules\" "
					   "(did you mean \"%s\"?)",
					   id, sug);
			return bad(ld, c, 1, "unknown rule \"%s\" in \"rules\"",
				   id);
		}
		s = prgate_json_string(c);
		sev = s ? prgate_severity_parse(s) : -1;
		if (sev < 0)
			return bad(ld, c, 0,
				   "severity must be \"error\", \"warning\", "
				   "\"info\" or \"off\"");
		p->severity[rule] = sev;
	}
	return PRGATE_OK;
}

static const char *const when_keys[] = {"labels", "paths", "downtime", NULL};

static enum prgate_status parse_when(struct loader *ld,
				     const struct prgate_json *m,
				     struct prgate_when *w)
{
	const struct prgate_json *c;
	enum prgate_status st;

	w->downtime = -1;
	if ((st = need_object(ld, m, "\"when\"")))
		return st;
	if (!prgate_json_child(m))
		return bad(ld, m, 0,
			   "\"when\" must give \"labels\", \"paths\" or "
			   "\"downtime\"");
	for (c = prgate_json_child(m); c && !st; c = prgate_json_next(c)) {
		const char *k = prgate_json_key(c);
		if (!strcmp(k, "labels"))
			st = read_strlist(ld, c, &w->labels);
		else if (!strcmp(k, "paths"))
			st = read_strlist(ld, c, &w->paths);
		else if (!strcmp(k, "downtime"))
			st = read_bool(ld, c, &w->downtime);
		else
			st = unknown_key(ld, c, "\"when\"", when_keys);
	}
	return st;
}

static const char *const approver_keys[] = {"any_of", "all_of", "when", NULL};

/* A required approver: a login, or {"any_of"|"all_of": [...], "when"} */
static enum prgate_status parse_approver(struct loader *ld,
					 const struct prgate_json *n,
					 struct prgate_policy *p)
{
	const struct prgate_json *c, *logins = NULL;
	struct prgate_approver_rule *r;
	enum prgate_status st = PRGATE_OK;
	const char *s = prgate_json_string(n);

	if (s) {
		char *login = xstrdup(s);
		if (!*s || normalise_login(login)) {
			free(login);
			return bad(
			    ld, n, 0,
			    "\"required_approvers\" holds GitHub logins, "
			    "not \"%.60s\"",
			    s);
		}
		prgate_strlist_add(&p->reviews.required_approvers, login);
		free(login);
		return PRGATE_OK;
	}
	if (!prgate_json_is(n, PRGATE_JSON_OBJECT))
		return bad(ld, n, 0,
			   "each of \"required_approvers\" must be a login "
			   "or an object with \"any_of\" or \"all_of\"");
	r = &p->reviews.approver_rules[p->reviews.napprover_rules++];
	r->when.downtime = -1;
	for (c = prgate_json_child(n); c && !st; c = prgate_json_next(c)) {
		const char *k = prgate_json_key(c);
		if (!strcmp(k, "any_of") || !strcmp(k, "all_of")) {
			if (logins)
				return bad(ld, c, 0,
					   "give one of \"any_of\" and "
					   "\"all_of\"");
			logins = c;
			r->any = !strcmp(k, "any_of");
			st = read_logins(ld, c, &r->logins);
			if (!st && !r->logins.n)
				st = bad(ld, c, 0, "\"%s\" must not be empty",
					 k);
		} else if (!strcmp(k, "when")) {
			st = parse_when(ld, c, &r->when);
		} else {
			st = unknown_key(ld, c, "a required approver",
					 approver_keys);
		}
	}
	if (!st && !logins)
		st = bad(ld, n, 0,
			 "missing \"any_of\" or \"all_of\" in a required "
			 "approver");
	return st;
}

static const char *const reviews_keys[] = {
    "leads", "leads_quorum",  "min_approvals", "required_approvers",
    "ops",   "dismiss_stale", "associations",  NULL};

/* GitHub's author_association values. */
static const char *const associations[] = {"OWNER",
					   "MEMBER",
					   "COLLABORATOR",
					   "CONTRIBUTOR",
					   "FIRST_TIME_CONTRIBUTOR",
					   "FIRST_TIMER",
					   "MANNEQUIN",
					   "NONE",
					   NULL};

static enum prgate_status read_associations(struct loader *ld,
					    const struct prgate_json *m,
					    struct prgate_strlist *out)
{
	enum prgate_status st = read_strlist(ld, m, out);
	size_t i = 0;

	for (const struct prgate_json *c = prgate_json_child(m); !st && c;
	     c = prgate_json_next(c), i++) {
		size_t k = 0;
		while (associations[k] && strcmp(associations[k], out->v[i]))
			k++;
		if (!associations[k])
			st = bad(ld, c, 0,
				 "unknown author association \"%s\" (OWNER, "
				 "MEMBER, COLLABORATOR, CONTRIBUTOR, "
				 "FIRST_TIME_CONTRIBUTOR, FIRST_TIMER, "
				 "MANNEQUIN or NONE)",
				 out->v[i]);
	}
	return st;
}

static enum prgate_status parse_reviews(struct loader *ld,
					const struct prgate_json *m,
					struct prgate_policy *p)
{
	const struct prgate_json *c;
	enum prgate_status st;

	if ((st = need_object(ld, m, "\"reviews\"")))
		return st;
	default_reviews(p);
	for (c = prgate_json_child(m); c && !st; c = prgate_json_next(c)) {
		const char *k = prgate_json_key(c);
		double q;
		if (!strcmp(k, "leads")) {
			st = read_logins(ld, c, &p->reviews.leads);
		} else if (!strcmp(k, "leads_quorum")) {
			if (!prgate_json_number(c, &q) || !(q >= 0 && q <= 1))
				st = bad(ld, c, 0,
					 "\"leads_quorum\" must be a number "
					 "from 0 to 1");
			else
				p->reviews.leads_quorum = q;
		} else if (!strcmp(k, "min_approvals")) {
			st =
			    read_int(ld, c, 0, 1000, &p->reviews.min_approvals);
		} else if (!strcmp(k, "required_approvers")) {
			const struct prgate_json *a;
			if (!prgate_json_is(c, PRGATE_JSON_ARRAY)) {
				st = bad(ld, c, 0,
					 "\"required_approvers\" must be an "
					 "array");
				break;
			}
			prgate_strlist_release(&p->reviews.required_approvers);
			p->reviews.approver_rules = xcalloc(
			    prgate_json_count(c) ? prgate_json_count(c) : 1,
			    sizeof(*p->reviews.approver_rules));
			for (a = prgate_json_child(c); a && !st;
			     a = prgate_json_next(a))
				st = parse_approver(ld, a, p);
		} else if (!strcmp(k, "ops")) {
			st = read_logins(ld, c, &p->reviews.ops);
		} else if (!strcmp(k, "dismiss_stale")) {
			st = read_bool(ld, c, &p->reviews.dismiss_stale);
		} else if (!strcmp(k, "associations")) {
			st = read_associations(ld, c, &p->reviews.associations);
		} else {
			st = unknown_key(ld, c, "\"reviews\"", reviews_keys);
		}
	}
	return st;
}

static const char *const ci_keys[] = {"required", "none", NULL};
static const char *const ci_required_keys[] = {"name", "app", NULL};

/* ci.required: names, or {"name": ..., "app": ...} pinning the app. */
static enum prgate_status read_required(struct loader *ld,
					const struct prgate_json *m,
					struct prgate_policy *p)
{
	const char *what = "\"required\" must be an array of check names "
			   "or {\"name\": ..., \"app\": ...} objects";

	if (!prgate_json_is(m, PRGATE_JSON_ARRAY))
		return bad(ld, m, 0, "%s", what);
	prgate_strlist_release(&p->ci.required);
	prgate_strlist_release(&p->ci.required_apps);
	for (const struct prgate_json *c = prgate_json_child(m); c;
	     c = prgate_json_next(c)) {
		const char *name = prgate_json_string(c), *app = "";
		if (prgate_json_is(c, PRGATE_JSON_OBJECT)) {
			const struct prgate_json *k;
			for (k = prgate_json_child(c); k;
			     k = prgate_json_next(k))
				if (strcmp(prgate_json_key(k), "name") &&
				    strcmp(prgate_json_key(k), "app"))
					return unknown_key(ld, k,
							   "a required check",
							   ci_required_keys);
			k = prgate_json_get(c, "name");
			name = k ? prgate_json_string(k) : NULL;
			if (!name || !*name)
				return bad(ld, k ? k : c, 0,
					   "a required check needs a \"name\" "
					   "(a string)");
			k = prgate_json_get(c, "app");
			if (k) {
				app = prgate_json_string(k);
				if (!app || !*app)
					return bad(ld, k, 0,
						   "\"app\" must be an app's "
						   "slug such as "
						   "\"github-actions\"");
			}
		} else if (!name || !*name) {
			return bad(ld, c, 0, "%s", what);
		}
		prgate_strlist_add(&p->ci.required, name);
		prgate_strlist_add(&p->ci.required_apps, app);
	}
	return PRGATE_OK;
}

static enum prgate_status parse_ci(struct loader *ld,
				   const struct prgate_json *m,
				   struct prgate_policy *p)
{
	const struct prgate_json *c;
	enum prgate_status st;

	if ((st = need_object(ld, m, "\"ci\"")))
		return st;
	for (c = prgate_json_child(m); c && !st; c = prgate_json_next(c)) {
		const char *k = prgate_json_key(c), *v;
		if (!strcmp(k, "required")) {
			st = read_required(ld, c, p);
		} else if (!strcmp(k, "none")) {
			v = prgate_json_string(c);
			if (v && !strcmp(v, "pending"))
				p->ci.none_pass = 0;
			else if (v && !strcmp(v, "pass"))
				p->ci.none_pass = 1;
			else
				st = bad(ld, c, 0,
					 "\"none\" must be \"pending\" or "
					 "\"pass\"");
		} else {
			st = unknown_key(ld, c, "\"ci\"", ci_keys);
		}
	}
	return st;
}

/* A list of rule ids into flags; gate (1) or description (0) rules only. */
static enum prgate_status read_rule_flags(struct loader *ld,
					  const struct prgate_json *m, int gate,
					  unsigned char *flags)
{
	if (!prgate_json_is(m, PRGATE_JSON_ARRAY))
		return bad(ld, m, 0, "\"rules\" must be an array of rule ids");
	memset(flags, 0, PRGATE_RULE_COUNT);
	for (const struct prgate_json *c = prgate_json_child(m); c;
	     c = prgate_json_next(c)) {
		const char *id = prgate_json_string(c);
		int r = id ? prgate_rule_find(id) : -1;
		if (!id)
			return bad(ld, c, 0,
				   "\"rules\" must be an array of rule ids");
		if (r < 0)
			return bad(ld, c, 0,
				   "unknown rule \"%s\" (see prgate rules)",
				   id);
		if (r == PRGATE_RULE_ALLOW_REASON)
			return bad(ld, c, 0, "'%s' can't be allowed", id);
		if (gate && !prgate_rule_is_gate((enum prgate_rule)r))
			return bad(
			    ld, c, 0,
			    "'%s' is a description rule: overrides.rules "
			    "lists gate rules only (a description rule "
			    "is allowed by a prgate-allow comment, see "
			    "allow.rules)",
			    id);
		if (!gate && prgate_rule_is_gate((enum prgate_rule)r))
			return bad(ld, c, 0,
				   "'%s' is a gate rule: allow.rules lists "
				   "description rules only (gate rules are "
				   "overridden with '/prgate allow', see "
				   "overrides.rules)",
				   id);
		flags[r] = 1;
	}
	return PRGATE_OK;
}

static const char *const allow_keys[] = {"rules", NULL};

static enum prgate_status parse_allow(struct loader *ld,
				      const struct prgate_json *m,
				      struct prgate_policy *p)
{
	const struct prgate_json *c;
	enum prgate_status st;

	if ((st = need_object(ld, m, "\"allow\"")))
		return st;
	default_allow(p);
	for (c = prgate_json_child(m); c && !st; c = prgate_json_next(c)) {
		if (!strcmp(prgate_json_key(c), "rules"))
			st = read_rule_flags(ld, c, 0, p->allow.rules);
		else
			st = unknown_key(ld, c, "\"allow\"", allow_keys);
	}
	return st;
}

static const char *const overrides_keys[] = {"by", "rules", NULL};

static enum prgate_status parse_overrides(struct loader *ld,
					  const struct prgate_json *m,
					  struct prgate_policy *p)
{
	const struct prgate_json *c;
	enum prgate_status st;

	if ((st = need_object(ld, m, "\"overrides\"")))
		return st;
	for (c = prgate_json_child(m); c && !st; c = prgate_json_next(c)) {
		const char *k = prgate_json_key(c);
		if (!strcmp(k, "by"))
			st = read_logins(ld, c, &p->overrides.by);
		else if (!strcmp(k, "rules"))
			st = read_rule_flags(ld, c, 1, p->overrides.rules);
		else
			st =
			    unknown_key(ld, c, "\"overrides\"", overrides_keys);
	}
	return st;
}

static const char *const status_keys[] = {"context", NULL};

static enum prgate_status parse_status(struct loader *ld,
				       const struct prgate_json *m,
				       struct prgate_policy *p)
{
	const struct prgate_json *c;
	enum prgate_status st;

	if ((st = need_object(ld, m, "\"status\"")))
		return st;
	default_status(p);
	for (c = prgate_json_child(m); c && !st; c = prgate_json_next(c)) {
		if (!strcmp(prgate_json_key(c), "context"))
			st = read_string(ld, c, &p->status.context);
		else
			st = unknown_key(ld, c, "\"status\"", status_keys);
	}
	return st;
}

static const char *const advice_tag_keys[] = {"unread", "annotate", NULL};

static enum prgate_status parse_advice_tag(struct loader *ld,
					   const struct prgate_json *m,
					   struct prgate_policy *p)
{
	const struct prgate_json *c;
	enum prgate_status st;

	if ((st = need_object(ld, m, "\"advice_tag\"")))
		return st;
	default_advice_tag(p);
	for (c = prgate_json_child(m); c && !st; c = prgate_json_next(c)) {
		const char *v = prgate_json_string(c);
		int sev = v ? prgate_severity_parse(v) : -1;
		if (!strcmp(prgate_json_key(c), "annotate"))
			st = read_bool(ld, c, &p->advice_tag.annotate);
		else if (strcmp(prgate_json_key(c), "unread"))
			st = unknown_key(ld, c, "\"advice_tag\"",
					 advice_tag_keys);
		else if (sev < 0 || sev == PRGATE_SEV_OFF)
			st = bad(ld, c, 0,
				 "\"unread\" must be \"error\", \"warning\" "
				 "or \"info\"");
		else
			p->advice_tag.unread = sev;
	}
	return st;
}

static const char *const window_keys[] = {"timezone", "days", "start", "end",
					  NULL};

static enum prgate_status parse_window(struct loader *ld,
				       const struct prgate_json *m,
				       struct prgate_policy *p)
{
	const struct prgate_json *c, *start = NULL, *end = NULL;
	enum prgate_status st;

	if ((st = need_object(ld, m, "\"window\"")))
		return st;
	default_window(p);
	for (c = prgate_json_child(m); c && !st; c = prgate_json_next(c)) {
		const char *k = prgate_json_key(c);
		if (!strcmp(k, "timezone")) {
			const char *tz = prgate_json_string(c);
			if (!tz)
				st = bad(ld, c, 0,
					 "\"timezone\" must be a string such "
					 "as \"Europe/Ljubljana\"");
			else if (!prgate_tz_exists(tz))
				st = bad(ld, c, 0,
					 "unknown time zone \"%s\" (not in "
					 "the system zone database)",
					 tz);
			else
				st = read_string(ld, c, &p->window.timezone);
		} else if (!strcmp(k, "days")) {
			st = read_days(ld, c, &p->window.hours.days);
		} else if (!strcmp(k, "start")) {
			start = c;
			st = read_hhmm(ld, c, &p->window.hours.start_min);
		} else if (!strcmp(k, "end")) {
			end = c;
			st = read_hhmm(ld, c, &p->window.hours.end_min);
		} else {
			st = unknown_key(ld, c, "\"window\"", window_keys);
		}
	}
	if (st)
		return st;
	return check_hours(ld, &p->window.hours, start, end, m);
}

static const char *const window_rule_keys[] = {"when", "days", "start", "end",
					       NULL};

static enum prgate_status parse_window_rule(struct loader *ld,
					    const struct prgate_json *n,
					    struct prgate_window_rule *w)
{
	const struct prgate_json *c, *when = NULL, *days = NULL, *start = NULL,
				     *end = NULL;
	enum prgate_status st;

	w->when.downtime = -1;
	if ((st = need_object(ld, n, "each of \"windows\"")))
		return st;
	for (c = prgate_json_child(n); c && !st; c = prgate_json_next(c)) {
		const char *k = prgate_json_key(c);
		if (!strcmp(k, "when")) {
			when = c;
			st = parse_when(ld, c, &w->when);
		} else if (!strcmp(k, "days")) {
			days = c;
			st = read_days(ld, c, &w->hours.days);
		} else if (!strcmp(k, "start")) {
			start = c;
			st = read_hhmm(ld, c, &w->hours.start_min);
		} else if (!strcmp(k, "end")) {
			end = c;
			st = read_hhmm(ld, c, &w->hours.end_min);
		} else {
			st = unknown_key(ld, c, "a window", window_rule_keys);
		}
	}
	if (st)
		return st;
	if (!when)
		return bad(ld, n, 0, "missing \"when\" in a window");
	if (!days)
		return bad(ld, n, 0, "missing \"days\" in a window");
	if (!start)
		return bad(ld, n, 0, "missing \"start\" in a window");
	if (!end)
		return bad(ld, n, 0, "missing \"end\" in a window");
	return check_hours(ld, &w->hours, start, end, n);
}

static enum prgate_status parse_windows(struct loader *ld,
					const struct prgate_json *m,
					struct prgate_policy *p)
{
	const struct prgate_json *c;
	enum prgate_status st;

	if ((st = need_array(ld, m, "\"windows\"")))
		return st;
	p->windows = xcalloc(prgate_json_count(m) ? prgate_json_count(m) : 1,
			     sizeof(*p->windows));
	for (c = prgate_json_child(m); c; c = prgate_json_next(c)) {
		p->nwindows++;
		if ((st = parse_window_rule(ld, c,
					    &p->windows[p->nwindows - 1])))
			return st;
	}
	return PRGATE_OK;
}

static const char *const freeze_keys[] = {"from", "to", "reason", NULL};

static enum prgate_status read_moment(struct loader *ld,
				      const struct prgate_json *m,
				      struct prgate_localtime *out)
{
	const char *s = prgate_json_string(m);
	if (!s || !parse_moment(s, out))
		return bad(ld, m, 0,
			   "\"%s\" must be a time YYYY-MM-DDTHH:MM (with an "
			   "optional offset such as \"+01:00\" or \"Z\") or "
			   "a date YYYY-MM-DD",
			   prgate_json_key(m));
	return PRGATE_OK;
}

static enum prgate_status parse_freeze(struct loader *ld,
				       const struct prgate_json *n,
				       struct prgate_freeze *f)
{
	const struct prgate_json *c, *from = NULL, *to = NULL, *reason = NULL;
	enum prgate_status st;

	if ((st = need_object(ld, n, "each freeze")))
		return st;
	for (c = prgate_json_child(n); c && !st; c = prgate_json_next(c)) {
		const char *k = prgate_json_key(c);
		if (!strcmp(k, "from")) {
			from = c;
			st = read_moment(ld, c, &f->from);
		} else if (!strcmp(k, "to")) {
			to = c;
			st = read_moment(ld, c, &f->to);
		} else if (!strcmp(k, "reason")) {
			reason = c;
			st = read_string(ld, c, &f->reason);
		} else {
			st = unknown_key(ld, c, "a freeze", freeze_keys);
		}
	}
	if (st)
		return st;
	if (!from)
		return bad(ld, n, 0, "missing \"from\" in a freeze");
	if (!to)
		return bad(ld, n, 0, "missing \"to\" in a freeze");
	if (!reason)
		return bad(ld, n, 0, "missing \"reason\" in a freeze");
	if (!moment_before(&f->from, &f->to))
		return bad(ld, to, 0, "\"to\" must be after \"from\"");
	return PRGATE_OK;
}

static enum prgate_status parse_freezes(struct loader *ld,
					const struct prgate_json *m,
					struct prgate_policy *p)
{
	const struct prgate_json *c;
	enum prgate_status st;

	if ((st = need_array(ld, m, "\"freezes\"")))
		return st;
	p->freezes = xcalloc(prgate_json_count(m), sizeof(*p->freezes));
	for (c = prgate_json_child(m); c; c = prgate_json_next(c)) {
		p->nfreezes++;
		if ((st = parse_freeze(ld, c, &p->freezes[p->nfreezes - 1])))
			return st;
	}
	return PRGATE_OK;
}

static const char *const blackout_keys[] = {"days", "start", "end", "when",
					    NULL};

static enum prgate_status parse_blackout(struct loader *ld,
					 const struct prgate_json *n,
					 struct prgate_hours *h,
					 struct prgate_when *when)
{
	const struct prgate_json *c, *days = NULL, *start = NULL, *end = NULL;
	enum prgate_status st;

	if ((st = need_object(ld, n, "each blackout")))
		return st;
	for (c = prgate_json_child(n); c && !st; c = prgate_json_next(c)) {
		const char *k = prgate_json_key(c);
		if (!strcmp(k, "days")) {
			days = c;
			st = read_days(ld, c, &h->days);
		} else if (!strcmp(k, "start")) {
			start = c;
			st = read_hhmm(ld, c, &h->start_min);
		} else if (!strcmp(k, "end")) {
			end = c;
			st = read_hhmm(ld, c, &h->end_min);
		} else if (!strcmp(k, "when")) {
			st = parse_when(ld, c, when);
		} else {
			st = unknown_key(ld, c, "a blackout", blackout_keys);
		}
	}
	if (st)
		return st;
	if (!days)
		return bad(ld, n, 0, "missing \"days\" in a blackout");
	if (!start)
		return bad(ld, n, 0, "missing \"start\" in a blackout");
	if (!end)
		return bad(ld, n, 0, "missing \"end\" in a blackout");
	return check_hours(ld, h, start, end, n);
}

static const char *const downtime_keys[] = {"notice_hours", "labels",
					    "blackout", NULL};

static enum prgate_status parse_downtime(struct loader *ld,
					 const struct prgate_json *m,
					 struct prgate_policy *p)
{
	const struct prgate_json *c, *b;
	enum prgate_status st;

	if ((st = need_object(ld, m, "\"downtime\"")))
		return st;
	default_downtime(p);
	for (c = prgate_json_child(m); c && !st; c = prgate_json_next(c)) {
		const char *k = prgate_json_key(c);
		if (!strcmp(k, "notice_hours")) {
			st =
			    read_int(ld, c, 0, 8760, &p->downtime.notice_hours);
		} else if (!strcmp(k, "labels")) {
			st = read_strlist(ld, c, &p->downtime.labels);
		} else if (!strcmp(k, "blackout")) {
			if ((st = need_array(ld, c, "\"blackout\"")))
				break;
			free(p->downtime.blackout);
			if (p->downtime.blackout_when)
				for (size_t i = 0; i < p->downtime.nblackout;
				     i++)
					when_release(
					    &p->downtime.blackout_when[i]);
			free(p->downtime.blackout_when);
			p->downtime.nblackout = 0;
			p->downtime.blackout =
			    xcalloc(prgate_json_count(c) + 1,
				    sizeof(*p->downtime.blackout));
			p->downtime.blackout_when =
			    xcalloc(prgate_json_count(c) + 1,
				    sizeof(*p->downtime.blackout_when));
			for (b = prgate_json_child(c); b && !st;
			     b = prgate_json_next(b)) {
				size_t i = p->downtime.nblackout++;
				p->downtime.blackout_when[i].downtime = -1;
				st = parse_blackout(
				    ld, b, &p->downtime.blackout[i],
				    &p->downtime.blackout_when[i]);
			}
		} else {
			st = unknown_key(ld, c, "\"downtime\"", downtime_keys);
		}
	}
	return st;
}

static const char *const migrations_keys[] = {"paths", NULL};

static enum prgate_status parse_migrations(struct loader *ld,
					   const struct prgate_json *m,
					   struct prgate_policy *p)
{
	const struct prgate_json *c;
	enum prgate_status st;

	if ((st = need_object(ld, m, "\"migrations\"")))
		return st;
	default_migrations(p);
	for (c = prgate_json_child(m); c && !st; c = prgate_json_next(c)) {
		if (!strcmp(prgate_json_key(c), "paths"))
			st = read_strlist(ld, c, &p->migrations.paths);
		else
			st = unknown_key(ld, c, "\"migrations\"",
					 migrations_keys);
	}
	return st;
}

/* where the token comes from: never into a metric's headers */
static const char *const token_vars[] = {"${PRGATE_TOKEN}", "${GITHUB_TOKEN}",
					 "${GH_TOKEN}"};

static const char *const metric_keys[] = {
    "name",	    "url", "headers", "pointer", "method", "body",
    "content_type", "max", "min",     "below",	 "above",  NULL};

static enum prgate_status read_limit(struct loader *ld,
				     const struct prgate_json *m, double *out,
				     int *has)
{
	if (!prgate_json_number(m, out) || !(*out > -1e308 && *out < 1e308))
		return bad(ld, m, 0, "\"%s\" must be a number",
			   prgate_json_key(m));
	*has = 1;
	return PRGATE_OK;
}

/* One bound of a pair ("max"/"below", "min"/"above"): at most one. */
static enum prgate_status read_bound(struct loader *ld,
				     const struct prgate_json *m,
				     const struct prgate_json **seen,
				     const char *what, double *out, int *has,
				     int *strict)
{
	if (*seen)
		return bad(ld, m, 0,
			   "\"%s\" and \"%s\" are both %s bounds: "
			   "give one",
			   prgate_json_key(*seen), prgate_json_key(m), what);
	*seen = m;
	*strict = !strcmp(prgate_json_key(m), "below") ||
		  !strcmp(prgate_json_key(m), "above");
	return read_limit(ld, m, out, has);
}

static enum prgate_status parse_metric(struct loader *ld,
				       const struct prgate_json *n,
				       struct prgate_metric *mt)
{
	const struct prgate_json *c, *upper = NULL, *lower = NULL;
	enum prgate_status st;

	if ((st = need_object(ld, n, "each metric")))
		return st;
	for (c = prgate_json_child(n); c && !st; c = prgate_json_next(c)) {
		const char *k = prgate_json_key(c);
		if (!strcmp(k, "name")) {
			st = read_string(ld, c, &mt->name);
		} else if (!strcmp(k, "url")) {
			st = read_string(ld, c, &mt->url);
			if (!st && strncmp(mt->url, "https://", 8) &&
			    strncmp(mt->url, "http://", 7))
				st = bad(ld, c, 0,
					 "\"url\" must start with https:// or "
					 "http://");
		} else if (!strcmp(k, "headers")) {
			st = read_strlist(ld, c, &mt->headers);
			for (size_t i = 0; !st && i < mt->headers.n; i++) {
				const char *h = mt->headers.v[i];
				const char *colon = strchr(h, ':');
				if (!colon || colon == h || strchr(h, '\n') ||
				    strchr(h, '\r'))
					st = bad(ld, prgate_json_at(c, i), 0,
						 "a header must be "
						 "\"Name: value\"");
				else if (!strncasecmp(h, "Content-Type:", 13))
					st = bad(ld, prgate_json_at(c, i), 0,
						 "set the content type with "
						 "\"content_type\", not in "
						 "\"headers\"");
				for (size_t t = 0;
				     !st && t < ARRAY_SIZE(token_vars); t++)
					if (strstr(h, token_vars[t]))
						st = bad(
						    ld, prgate_json_at(c, i), 0,
						    "a metric header must "
						    "not hold the GitHub "
						    "token (%s): it goes "
						    "to GitHub alone",
						    token_vars[t]);
			}
		} else if (!strcmp(k, "pointer")) {
			const char *s = prgate_json_string(c);
			if (!s || (*s && *s != '/'))
				st = bad(ld, c, 0,
					 "\"pointer\" must be a JSON pointer: "
					 "\"\" or starting with \"/\"");
			else {
				free(mt->pointer);
				mt->pointer = xstrdup(s);
			}
		} else if (!strcmp(k, "method")) {
			const char *s = prgate_json_string(c);
			if (!s || (strcmp(s, "GET") && strcmp(s, "POST")))
				st = bad(ld, c, 0,
					 "\"method\" must be \"GET\" or "
					 "\"POST\"");
			else {
				free(mt->method);
				mt->method = xstrdup(s);
			}
		} else if (!strcmp(k, "body")) {
			st = read_string(ld, c, &mt->body);
		} else if (!strcmp(k, "content_type")) {
			st = read_string(ld, c, &mt->content_type);
			if (!st && strpbrk(mt->content_type, "\r\n"))
				st = bad(ld, c, 0,
					 "\"content_type\" must be one line");
		} else if (!strcmp(k, "max") || !strcmp(k, "below")) {
			st = read_bound(ld, c, &upper, "upper", &mt->max,
					&mt->has_max, &mt->max_strict);
		} else if (!strcmp(k, "min") || !strcmp(k, "above")) {
			st = read_bound(ld, c, &lower, "lower", &mt->min,
					&mt->has_min, &mt->min_strict);
		} else {
			st = unknown_key(ld, c, "a metric", metric_keys);
		}
	}
	if (st)
		return st;
	if (!mt->name)
		return bad(ld, n, 0, "missing \"name\" in a metric");
	if (!mt->url)
		return bad(ld, n, 0, "missing \"url\" in metric \"%s\"",
			   mt->name);
	if (!mt->pointer)
		mt->pointer = xstrdup("");
	if (!mt->method)
		mt->method = xstrdup("GET");
	if ((mt->body || mt->content_type) && strcmp(mt->method, "POST"))
		return bad(ld, n, 0,
			   "metric \"%s\" has a \"%s\": set \"method\": "
			   "\"POST\"",
			   mt->name, mt->body ? "body" : "content_type");
	if (!mt->has_max && !mt->has_min)
		return bad(ld, n, 0,
			   "metric \"%s\" needs \"max\", \"below\", \"min\" "
			   "or \"above\"",
			   mt->name);
	if (mt->has_max && mt->has_min &&
	    (mt->min > mt->max ||
	     (mt->min == mt->max && (mt->min_strict || mt->max_strict)))) {
		struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
		if (mt->min_strict || mt->max_strict) {
			strbuf_addnum(&a, mt->min);
			strbuf_addnum(&b, mt->max);
			st = bad(ld, n, 0,
				 "metric \"%s\": no number is %s %s and %s %s",
				 mt->name,
				 mt->min_strict ? "above" : "at least", a.buf,
				 mt->max_strict ? "below" : "at most", b.buf);
		} else {
			st = bad(ld, lower, 0,
				 "\"min\" must not be above \"max\"");
		}
		strbuf_release(&a);
		strbuf_release(&b);
		return st;
	}
	return PRGATE_OK;
}

static enum prgate_status parse_metrics(struct loader *ld,
					const struct prgate_json *m,
					struct prgate_policy *p)
{
	const struct prgate_json *c;
	enum prgate_status st;

	if ((st = need_array(ld, m, "\"metrics\"")))
		return st;
	p->metrics = xcalloc(prgate_json_count(m), sizeof(*p->metrics));
	for (c = prgate_json_child(m); c; c = prgate_json_next(c)) {
		p->nmetrics++;
		if ((st = parse_metric(ld, c, &p->metrics[p->nmetrics - 1])))
			return st;
	}
	return PRGATE_OK;
}

static const char *const deploy_keys[] = {"remotes", "branches", NULL};

static enum prgate_status parse_deploy(struct loader *ld,
				       const struct prgate_json *m,
				       struct prgate_policy *p)
{
	const struct prgate_json *c;
	enum prgate_status st;

	if ((st = need_object(ld, m, "\"deploy\"")))
		return st;
	default_deploy(p);
	for (c = prgate_json_child(m); c && !st; c = prgate_json_next(c)) {
		const char *k = prgate_json_key(c);
		if (!strcmp(k, "remotes"))
			st = read_strlist(ld, c, &p->deploy.remotes);
		else if (!strcmp(k, "branches"))
			st = read_strlist(ld, c, &p->deploy.branches);
		else
			st = unknown_key(ld, c, "\"deploy\"", deploy_keys);
	}
	return st;
}

static const char *const github_keys[] = {"hosts", NULL};

static enum prgate_status parse_github(struct loader *ld,
				       const struct prgate_json *m,
				       struct prgate_policy *p)
{
	const struct prgate_json *c;
	enum prgate_status st;

	if ((st = need_object(ld, m, "\"github\"")))
		return st;
	for (c = prgate_json_child(m); c && !st; c = prgate_json_next(c)) {
		const char *k = prgate_json_key(c);
		if (strcmp(k, "hosts")) {
			st = unknown_key(ld, c, "\"github\"", github_keys);
			continue;
		}
		st = read_strlist(ld, c, &p->github.hosts);
		for (size_t i = 0; !st && i < p->github.hosts.n; i++) {
			char *h = p->github.hosts.v[i];
			if (!*h || strspn(h, "abcdefghijklmnopqrstuvwxyz"
					     "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
					     "0123456789.-:[]") != strlen(h))
				st = bad(ld, prgate_json_at(c, i), 0,
					 "a host must be a name such as "
					 "\"ghe.example.com\" (no scheme or "
					 "path)");
			for (; *h; h++)
				*h = (char)tolower((unsigned char)*h);
		}
	}
	return st;
}

static const char *const dependencies_keys[] = {"max", NULL};

static enum prgate_status parse_dependencies(struct loader *ld,
					     const struct prgate_json *m,
					     struct prgate_policy *p)
{
	const struct prgate_json *c;
	enum prgate_status st;
	double v;

	if ((st = need_object(ld, m, "\"dependencies\"")))
		return st;
	p->dependencies.max = PRGATE_DEPENDENCIES_MAX;
	for (c = prgate_json_child(m); c && !st; c = prgate_json_next(c)) {
		const char *k = prgate_json_key(c);
		if (strcmp(k, "max"))
			st = unknown_key(ld, c, "\"dependencies\"",
					 dependencies_keys);
		else if (!prgate_json_number(c, &v) || v != (int)v || v < 0 ||
			 v > 1000)
			st = bad(ld, c, 0,
				 "\"max\" must be a whole number from 0 to "
				 "1000");
		else
			p->dependencies.max = (int)v;
	}
	return st;
}

static const char *const checklist_keys[] = {
    "vars",	"builtin", "before",	     "staging",		"verify",
    "rollback", "after",   "maintenance_on", "maintenance_off", NULL};

const char *const prgate_checklist_line_names[] = {
    "backup",  "rollback_point", "assistant", "staging",
    "deploy",  "maintenance",	 "logs",      "smoke",
    "restore", "rollback_push",	 NULL};

/* "builtin": true, false, or {"staging": false, ...} */
static enum prgate_status parse_builtin(struct loader *ld,
					const struct prgate_json *m,
					struct prgate_policy *p)
{
	const struct prgate_json *c;
	int on;

	if (prgate_json_bool(m, &on)) {
		p->checklist.builtin_off = on ? 0 : ~0u;
		return PRGATE_OK;
	}
	if (!prgate_json_is(m, PRGATE_JSON_OBJECT))
		return bad(ld, m, 0,
			   "\"builtin\" must be true, false or an object of "
			   "line names and true or false");
	for (c = prgate_json_child(m); c; c = prgate_json_next(c)) {
		const char *k = prgate_json_key(c);
		size_t i = 0;
		enum prgate_status st;
		while (prgate_checklist_line_names[i] &&
		       strcmp(prgate_checklist_line_names[i], k))
			i++;
		if (!prgate_checklist_line_names[i])
			return unknown_key(ld, c, "\"builtin\"",
					   prgate_checklist_line_names);
		if ((st = read_bool(ld, c, &on)))
			return st;
		if (on)
			p->checklist.builtin_off &= ~(1u << i);
		else
			p->checklist.builtin_off |= 1u << i;
	}
	return PRGATE_OK;
}

static enum prgate_status parse_vars(struct loader *ld,
				     const struct prgate_json *m,
				     struct prgate_policy *p)
{
	const struct prgate_json *c;
	enum prgate_status st;

	if ((st = need_object(ld, m, "\"vars\"")))
		return st;
	p->checklist.vars =
	    xcalloc(prgate_json_count(m), sizeof(*p->checklist.vars));
	for (c = prgate_json_child(m); c; c = prgate_json_next(c)) {
		const char *k = prgate_json_key(c), *v = prgate_json_string(c);
		struct prgate_kv *kv;
		if (!*k || k[strspn(k, "abcdefghijklmnopqrstuvwxyz"
				       "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				       "0123456789_-")])
			return bad(ld, c, 1,
				   "variable name \"%s\" must be letters, "
				   "digits, \"_\" and \"-\"",
				   k);
		if (!v)
			return bad(ld, c, 0, "variable \"%s\" must be a string",
				   k);
		kv = &p->checklist.vars[p->checklist.nvars++];
		kv->key = xstrdup(k);
		kv->value = xstrdup(v);
	}
	return PRGATE_OK;
}

static enum prgate_status parse_checklist(struct loader *ld,
					  const struct prgate_json *m,
					  struct prgate_policy *p)
{
	const struct prgate_json *c;
	enum prgate_status st;

	if ((st = need_object(ld, m, "\"checklist\"")))
		return st;
	for (c = prgate_json_child(m); c && !st; c = prgate_json_next(c)) {
		const char *k = prgate_json_key(c);
		if (!strcmp(k, "vars"))
			st = parse_vars(ld, c, p);
		else if (!strcmp(k, "builtin"))
			st = parse_builtin(ld, c, p);
		else if (!strcmp(k, "after"))
			st = read_strlist(ld, c, &p->checklist.after);
		else if (!strcmp(k, "before"))
			st = read_strlist(ld, c, &p->checklist.before);
		else if (!strcmp(k, "staging"))
			st = read_strlist(ld, c, &p->checklist.staging);
		else if (!strcmp(k, "verify"))
			st = read_strlist(ld, c, &p->checklist.verify);
		else if (!strcmp(k, "rollback"))
			st = read_strlist(ld, c, &p->checklist.rollback);
		else if (!strcmp(k, "maintenance_on"))
			st = read_strlist(ld, c, &p->checklist.maintenance_on);
		else if (!strcmp(k, "maintenance_off"))
			st = read_strlist(ld, c, &p->checklist.maintenance_off);
		else
			st =
			    unknown_key(ld, c, "\"checklist\"", checklist_keys);
	}
	return st;
}

static enum prgate_status parse_schema(struct loader *ld,
				       const struct prgate_json *m,
				       struct prgate_policy *p)
{
	(void)p;
	if (!prgate_json_is(m, PRGATE_JSON_STRING))
		return bad(ld, m, 0, "\"$schema\" must be a string");
	return PRGATE_OK;
}

/*
 * The top-level keys: how to read each into a scratch policy, and which
 * bytes of struct prgate_policy it owns (swapped in on success).
 */
#define PART(first, last)                                                      \
	offsetof(struct prgate_policy, first),                                 \
	    offsetof(struct prgate_policy, last) -                             \
		offsetof(struct prgate_policy, first) +                        \
		sizeof(((struct prgate_policy *)0)->last)

static const struct top_key {
	const char *name;
	enum prgate_status (*parse)(struct loader *, const struct prgate_json *,
				    struct prgate_policy *);
	size_t offset, size;
} top_keys[] = {
    {"$schema", parse_schema, 0, 0},
    {"template", parse_template, PART(template_path, template_path)},
    {"sections", parse_sections, PART(sections, nsections)},
    {"placeholders", parse_placeholders, PART(placeholders, placeholders)},
    {"rules", parse_rules, PART(severity, severity)},
    {"reviews", parse_reviews, PART(reviews, reviews)},
    {"ci", parse_ci, PART(ci, ci)},
    {"window", parse_window, PART(window, window)},
    {"windows", parse_windows, PART(windows, nwindows)},
    {"freezes", parse_freezes, PART(freezes, nfreezes)},
    {"downtime", parse_downtime, PART(downtime, downtime)},
    {"migrations", parse_migrations, PART(migrations, migrations)},
    {"metrics", parse_metrics, PART(metrics, nmetrics)},
    {"deploy", parse_deploy, PART(deploy, deploy)},
    {"status", parse_status, PART(status, status)},
    {"github", parse_github, PART(github, github)},
    {"dependencies", parse_dependencies, PART(dependencies, dependencies)},
    {"checklist", parse_checklist, PART(checklist, checklist)},
    {"allow", parse_allow, PART(allow, allow)},
    {"overrides", parse_overrides, PART(overrides, overrides)},
    {"advice_tag", parse_advice_tag, PART(advice_tag, advice_tag)},
};

static void swap_bytes(void *a, void *b, size_t n)
{
	unsigned char *x = a, *y = b;
	for (size_t i = 0; i < n; i++) {
		unsigned char t = x[i];
		x[i] = y[i];
		y[i] = t;
	}
}

enum prgate_status prgate_policy_apply(struct prgate_policy *p,
				       const char *name, const char *dir,
				       const char *text, size_t len,
				       struct prgate_error *err)
{
	struct prgate_json_doc *doc;
	const struct prgate_json *root, *m;
	struct prgate_policy n;
	struct loader ld;
	const char *names[ARRAY_SIZE(top_keys) + 1];
	unsigned seen = 0;
	enum prgate_status st = PRGATE_OK;
	struct prgate_error why;

	/* JSON is UTF-8: a config saved in Latin-1 would quietly never match */
	if (prgate_md_validate(text, len, &why) != PRGATE_OK)
		return prgate_error_set(err, PRGATE_ERR_CONFIG, "%s: %s", name,
					why.message);
	st = prgate_json_parse(name, text, len,
			       PRGATE_JSON_COMMENTS |
				   (!dir && !strcmp(name, DEFAULT_POLICY)
					? PRGATE_JSON_TRUSTED
					: 0),
			       &doc, err);
	if (st) {
		if (err)
			err->status = PRGATE_ERR_CONFIG;
		return PRGATE_ERR_CONFIG;
	}
	ld.doc = doc;
	ld.err = err;
	ld.dir = dir;
	ld.builtin = !dir && !strcmp(name, DEFAULT_POLICY);
	root = prgate_json_root(doc);
	memset(&n, 0, sizeof(n));
	default_rules(&n);
	for (size_t i = 0; i < ARRAY_SIZE(top_keys); i++)
		names[i] = top_keys[i].name;
	names[ARRAY_SIZE(top_keys)] = NULL;

	if (!prgate_json_is(root, PRGATE_JSON_OBJECT)) {
		st = bad(&ld, root, 0,
			 "the policy must be a JSON object, not %s",
			 prgate_json_type_name(prgate_json_type(root)));
		goto out;
	}
	for (m = prgate_json_child(root); m && !st; m = prgate_json_next(m)) {
		size_t i;
		for (i = 0; i < ARRAY_SIZE(top_keys); i++)
			if (!strcmp(prgate_json_key(m), top_keys[i].name))
				break;
		if (i == ARRAY_SIZE(top_keys)) {
			st = unknown_key(&ld, m, "the policy", names);
			break;
		}
		st = top_keys[i].parse(&ld, m, &n);
		seen |= 1u << i;
	}
	if (st)
		goto out;
	for (size_t i = 0; i < ARRAY_SIZE(top_keys); i++)
		if (seen & (1u << i) &&
		    top_keys[i].offset ==
			offsetof(struct prgate_policy, sections))
			p->sections_builtin = 0;
	for (size_t i = 0; i < ARRAY_SIZE(top_keys); i++)
		if (seen & (1u << i))
			swap_bytes((char *)p + top_keys[i].offset,
				   (char *)&n + top_keys[i].offset,
				   top_keys[i].size);
out:
	/* n holds the parts p had before, or the half-read new ones */
	prgate_policy_release(&n);
	prgate_json_free(doc);
	return st;
}

/* ---- loading ---- */

enum prgate_status prgate_policy_init_default(struct prgate_policy *p,
					      struct prgate_error *err)
{
	const struct prgate_embedded *e = prgate_embedded_find(DEFAULT_POLICY);
	enum prgate_status st;

	memset(p, 0, sizeof(*p));
	default_rules(p);
	default_reviews(p);
	default_allow(p);
	default_status(p);
	default_advice_tag(p);
	default_window(p);
	default_downtime(p);
	default_migrations(p);
	default_deploy(p);
	p->dependencies.max = PRGATE_DEPENDENCIES_MAX;
	if (!e) {
		prgate_policy_release(p);
		return prgate_error_set(err, PRGATE_ERR_CONFIG,
					"the built-in %s is missing",
					DEFAULT_POLICY);
	}
	st = prgate_policy_apply(p, DEFAULT_POLICY, NULL, e->data, e->len, err);
	if (st)
		prgate_policy_release(p);
	else
		p->sections_builtin = 1;
	return st;
}

/*
 * The .prgate.json nearest above start_dir, and how many folders up it
 * is (0: in start_dir itself). The walk stops at the root of the git
 * repository start_dir is in (the folder holding .git, a folder or a
 * worktree's file): a policy above it belongs to someone else. Outside a
 * repository only start_dir itself is looked at.
 */
/* Some folder from dir up holds .git. */
static int in_repository(const char *dir)
{
	struct strbuf d = STRBUF_INIT, f = STRBUF_INIT;
	struct stat st;
	int yes = 0;

	strbuf_addstr(&d, dir);
	for (;;) {
		char *slash;
		strbuf_reset(&f);
		strbuf_addf(&f, "%s/.git", d.len > 1 ? d.buf : "");
		if (!stat(f.buf, &st)) {
			yes = 1;
			break;
		}
		if (d.len <= 1)
			break;
		slash = strrchr(d.buf, '/');
		strbuf_setlen(
		    &d, slash && slash > d.buf ? (size_t)(slash - d.buf) : 1);
	}
	strbuf_release(&d);
	strbuf_release(&f);
	return yes;
}

static char *discover(const char *start_dir, int *levels)
{
	struct strbuf dir = STRBUF_INIT, file = STRBUF_INIT;
	int first = 1;
	char *real = realpath(start_dir, NULL);
	char *found = NULL;

	*levels = 0;
	if (real) {
		strbuf_addstr(&dir, real);
		free(real);
	} else {
		if (start_dir[0] != '/') {
			char *cwd = getcwd(NULL, 0);
			if (!cwd)
				return NULL;
			strbuf_addf(&dir, "%s/", cwd);
			free(cwd);
		}
		strbuf_addstr(&dir, start_dir);
	}
	while (dir.len > 1 && dir.buf[dir.len - 1] == '/')
		strbuf_setlen(&dir, dir.len - 1);
	for (;;) {
		struct stat st;
		char *slash;
		strbuf_reset(&file);
		strbuf_addf(&file, "%s/%s", dir.len > 1 ? dir.buf : "",
			    CONFIG_NAME);
		if (!stat(file.buf, &st) && S_ISREG(st.st_mode)) {
			found = strbuf_detach(&file, NULL);
			break;
		}
		if (dir.len <= 1)
			break;
		strbuf_reset(&file);
		strbuf_addf(&file, "%s/.git", dir.buf);
		if (!stat(file.buf, &st))
			break; /* the repository's root */
		if (first && !in_repository(dir.buf))
			break;
		first = 0;
		slash = strrchr(dir.buf, '/');
		strbuf_setlen(&dir, slash && slash > dir.buf
					? (size_t)(slash - dir.buf)
					: 1);
		(*levels)++;
	}
	strbuf_release(&dir);
	strbuf_release(&file);
	return found;
}

char *prgate_policy_discover(const char *start_dir)
{
	int levels;
	return discover(start_dir, &levels);
}

enum prgate_status prgate_policy_load(struct prgate_policy *p, const char *path,
				      struct prgate_error *err)
{
	struct strbuf buf = STRBUF_INIT, name = STRBUF_INIT;
	char *found = NULL, *dir, *slash;
	enum prgate_status st;

	if ((st = prgate_policy_init_default(p, err)))
		return st;
	if (!path) {
		int levels;
		found = discover(".", &levels);
		if (!found)
			return PRGATE_OK;
		path = found;
		/* name it as the user would from here: ../../.prgate.json */
		for (int i = 0; i < levels; i++)
			strbuf_addstr(&name, "../");
		strbuf_addstr(&name, CONFIG_NAME);
	} else {
		strbuf_addstr(&name, path);
	}

	if (strbuf_read_file(&buf, path, CONFIG_CAP)) {
		if (errno == EFBIG)
			st = prgate_error_set(err, PRGATE_ERR_CONFIG,
					      "cannot read config '%s': larger "
					      "than 1 MiB",
					      path);
		else
			st = prgate_error_set(err, PRGATE_ERR_CONFIG,
					      "cannot read config '%s': %s",
					      path, strerror(errno));
		goto out;
	}
	dir = xstrdup(path);
	slash = strrchr(dir, '/');
	if (!slash)
		strcpy(dir, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	st = prgate_policy_apply(p, name.buf, dir, buf.buf, buf.len, err);
	free(dir);
	if (!st)
		p->path = xstrdup(path);
out:
	if (st)
		prgate_policy_release(p);
	strbuf_release(&buf);
	strbuf_release(&name);
	free(found);
	return st;
}
