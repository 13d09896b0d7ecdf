/*
 * clock.c - time zones, the deployment window, freezes and downtime
 * notices (see clock.h).
 *
 * Every conversion between UTC and a zone's wall clock runs inside a
 * "zone session": zone_enter() checks the zone against the database,
 * saves TZ and switches to the zone; zone_leave() puts TZ back. Only
 * localtime_r() is asked anything: a wall time is turned into UTC here
 * (wall_to_utc), so gaps and overlaps are read the documented way
 * whatever mktime() would guess.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linter/clock.h"
#include "support/tz.h"

#define DAY 86400LL
#define HORIZON_SEC (PRGATE_CLOCK_HORIZON_DAYS * DAY)

static const char *const wday_names[] = {"Sun", "Mon", "Tue", "Wed",
					 "Thu", "Fri", "Sat"};
static const char *const mon_names[] = {"Jan", "Feb", "Mar", "Apr",
					"May", "Jun", "Jul", "Aug",
					"Sep", "Oct", "Nov", "Dec"};

/* ---- the civil calendar ---- */

static long long floor_div(long long a, long long b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

static int is_leap(long long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(long long y, int m)
{
	static const int dim[] = {31, 28, 31, 30, 31, 30,
				  31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/* Days since 1970-01-01 of a civil date (H. Hinnant's algorithm). */
static long long days_from_civil(long long y, int m, int d)
{
	long long era, yoe, doy, doe;
	y -= m <= 2;
	era = floor_div(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long long z, long long *y, int *m, int *d)
{
	long long era, doe, yoe, doy, mp;
	z += 719468;
	era = floor_div(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* 0 = Sunday, as tm_wday and struct prgate_hours' day bits. */
static int weekday_of(long long days)
{
	return (int)(days - floor_div(days + 4, 7) * 7 + 4);
}

/* Seconds since the epoch of a wall time read as if it were UTC. */
static long long wall_seconds(long long y, int mon, int day, int hour, int min,
			      int sec)
{
	return days_from_civil(y, mon, day) * DAY + hour * 3600LL + min * 60LL +
	       sec;
}

static int civil_ok(long long y, int mon, int day, int hour, int min, int sec)
{
	return y >= 1 && y <= 9999 && mon >= 1 && mon <= 12 && day >= 1 &&
	       day <= days_in_month(y, mon) && hour >= 0 && hour <= 23 &&
	       min >= 0 && min <= 59 && sec >= 0 && sec <= 60;
}

/* ---- zone sessions ---- */

struct zone_saved {
	char *tz; /* TZ before the session, or NULL when it was unset */
};

static enum prgate_status zone_enter(const char *zone, struct zone_saved *s,
				     struct prgate_error *err)
{
	const char *old;
	s->tz = NULL;
	if (!zone || !*zone)
		return prgate_error_set(err, PRGATE_ERR_CONFIG,
					"no time zone given");
	if (!prgate_tz_exists(zone))
		return prgate_error_set(err, PRGATE_ERR_CONFIG,
					"unknown time zone '%s': not in the "
					"system's zone database",
					zone);
	old = getenv("TZ");
	s->tz = old ? xstrdup(old) : NULL;
	if (setenv("TZ", zone, 1))
		die_oom(strlen(zone));
	tzset();
	return PRGATE_OK;
}

static void zone_leave(struct zone_saved *s)
{
	if (s->tz) {
		if (setenv("TZ", s->tz, 1))
			die_oom(strlen(s->tz));
		free(s->tz);
		s->tz = NULL;
	} else {
		unsetenv("TZ");
	}
	tzset();
}

/* In a session: t on the zone's clocks. 0 when t is out of range. */
static int local_of(time_t t, struct prgate_zonetime *out)
{
	memset(out, 0, sizeof(*out));
	if (!localtime_r(&t, &out->tm))
		return 0;
	out->offset_sec = out->tm.tm_gmtoff;
	if (out->tm.tm_zone)
		snprintf(out->abbrev, sizeof(out->abbrev), "%s",
			 out->tm.tm_zone);
	out->tm.tm_zone = NULL;
	return 1;
}

static long offset_at(long long t)
{
	struct tm tm;
	time_t tt = (time_t)t;
	if (!localtime_r(&tt, &tm))
		return 0;
	return tm.tm_gmtoff;
}

/*
 * In a session: the UTC instant of wall time w (seconds, read as if
 * UTC). The offsets a day before and a day after are the candidates; one
 * that reproduces w is the answer, the earlier if both do (an overlap),
 * and in a gap, where neither does, the offset before it.
 */
static long long wall_to_utc(long long w)
{
	long before = offset_at(w - DAY), after = offset_at(w + DAY);
	long long tb = w - before, ta = w - after;
	int okb = offset_at(tb) == before, oka = offset_at(ta) == after;
	if (okb && oka)
		return tb < ta ? tb : ta;
	if (oka)
		return ta;
	return tb;
}

/* In a session: the local day number (days since 1970-01-01) of zt. */
static long long local_day(const struct prgate_zonetime *zt)
{
	return days_from_civil(zt->tm.tm_year + 1900LL, zt->tm.tm_mon + 1,
			       zt->tm.tm_mday);
}

static enum prgate_status out_of_range(struct prgate_error *err)
{
	return prgate_error_set(err, PRGATE_ERR_INPUT, "time out of range");
}

/* ---- conversions ---- */

enum prgate_status prgate_zone_to_local(const char *zone, time_t t,
					struct prgate_zonetime *out,
					struct prgate_error *err)
{
	struct zone_saved saved;
	enum prgate_status st;
	int ok;
	if ((st = zone_enter(zone, &saved, err)))
		return st;
	ok = local_of(t, out);
	zone_leave(&saved);
	return ok ? PRGATE_OK : out_of_range(err);
}

enum prgate_status prgate_zone_to_utc(const char *zone, int year, int mon,
				      int day, int hour, int min, int sec,
				      time_t *out, struct prgate_error *err)
{
	struct zone_saved saved;
	enum prgate_status st;
	if (!civil_ok(year, mon, day, hour, min, sec))
		return prgate_error_set(err, PRGATE_ERR_INPUT,
					"no such time %04d-%02d-%02d "
					"%02d:%02d:%02d",
					year, mon, day, hour, min, sec);
	if ((st = zone_enter(zone, &saved, err)))
		return st;
	*out =
	    (time_t)wall_to_utc(wall_seconds(year, mon, day, hour, min, sec));
	zone_leave(&saved);
	return PRGATE_OK;
}

/* In a session of the window's zone when lt has no offset. */
static long long moment_to_utc(const struct prgate_localtime *lt)
{
	long long w =
	    wall_seconds(lt->year, lt->mon, lt->day, lt->hour, lt->min, 0);
	return lt->has_offset ? w - lt->offset_min * 60LL : wall_to_utc(w);
}

static int moment_ok(const struct prgate_localtime *lt)
{
	return civil_ok(lt->year, lt->mon, lt->day, lt->hour, lt->min, 0) &&
	       lt->offset_min > -24 * 60 && lt->offset_min < 24 * 60;
}

enum prgate_status prgate_localtime_to_utc(const struct prgate_localtime *lt,
					   const char *zone, time_t *out,
					   struct prgate_error *err)
{
	struct zone_saved saved;
	enum prgate_status st;
	if (!moment_ok(lt))
		return prgate_error_set(err, PRGATE_ERR_INPUT,
					"no such time %04d-%02d-%02dT%02d:%02d",
					lt->year, lt->mon, lt->day, lt->hour,
					lt->min);
	if (lt->has_offset) {
		*out = (time_t)moment_to_utc(lt);
		return PRGATE_OK;
	}
	if ((st = zone_enter(zone, &saved, err)))
		return st;
	*out = (time_t)moment_to_utc(lt);
	zone_leave(&saved);
	return PRGATE_OK;
}

enum prgate_status prgate_datetime_to_utc(const struct prgate_datetime *dt,
					  time_t *out, struct prgate_error *err)
{
	struct zone_saved saved;
	enum prgate_status st;
	long long w;
	if (!civil_ok(dt->year, dt->mon, dt->day, dt->hour, dt->min, dt->sec))
		return prgate_error_set(err, PRGATE_ERR_INPUT,
					"no such time %04d-%02d-%02d "
					"%02d:%02d:%02d",
					dt->year, dt->mon, dt->day, dt->hour,
					dt->min, dt->sec);
	w = wall_seconds(dt->year, dt->mon, dt->day, dt->hour, dt->min,
			 dt->sec);
	if (dt->has_offset) {
		*out = (time_t)(w - dt->offset_min * 60LL);
		return PRGATE_OK;
	}
	if (!dt->zone_is_iana)
		return prgate_error_set(err, PRGATE_ERR_INPUT,
					"time %04d-%02d-%02d %02d:%02d has no "
					"time zone",
					dt->year, dt->mon, dt->day, dt->hour,
					dt->min);
	if ((st = zone_enter(dt->tzdb, &saved, err)))
		return st;
	*out = (time_t)wall_to_utc(w);
	zone_leave(&saved);
	return PRGATE_OK;
}

enum prgate_status prgate_datetime_zone_check(const struct prgate_datetime *dt,
					      int *ok, char now_in[16],
					      long *offset_sec,
					      struct prgate_error *err)
{
	struct zone_saved saved;
	struct prgate_zonetime zt;
	enum prgate_status st;
	int got;
	*ok = 1;
	now_in[0] = '\0';
	if (offset_sec)
		*offset_sec = 0;
	if (!dt->has_offset || !dt->tzdb[0])
		return PRGATE_OK;
	if (!civil_ok(dt->year, dt->mon, dt->day, dt->hour, dt->min, dt->sec))
		return out_of_range(err);
	if ((st = zone_enter(dt->tzdb, &saved, err)))
		return st;
	got = local_of((time_t)(wall_seconds(dt->year, dt->mon, dt->day,
					     dt->hour, dt->min, dt->sec) -
				dt->offset_min * 60LL),
		       &zt);
	zone_leave(&saved);
	if (!got)
		return out_of_range(err);
	if (strcmp(zt.abbrev, dt->zone)) {
		*ok = 0;
		memcpy(now_in, zt.abbrev, 16);
		if (offset_sec)
			*offset_sec = zt.offset_sec;
	}
	return PRGATE_OK;
}

/* ---- RFC 3339 ---- */

#define RFC3339_EXAMPLE "2026-12-24T16:55:00+01:00"

enum prgate_status prgate_rfc3339_parse(const char *s, time_t *out,
					struct prgate_error *err)
{
	const char *p = s;
	int y, mon, d, h, mi, sec = 0, oh, om, off;
	if (!s || !*s)
		return prgate_error_set(err, PRGATE_ERR_USAGE,
					"empty time: expected an RFC 3339 "
					"time such as " RFC3339_EXAMPLE);
	if (!prgate_digits(p, 4, &y) || p[4] != '-' ||
	    !prgate_digits(p + 5, 2, &mon) || p[7] != '-' ||
	    !prgate_digits(p + 8, 2, &d) ||
	    (p[10] != 'T' && p[10] != 't' && p[10] != ' ') ||
	    !prgate_digits(p + 11, 2, &h) || p[13] != ':' ||
	    !prgate_digits(p + 14, 2, &mi))
		return prgate_error_set(err, PRGATE_ERR_USAGE,
					"invalid time '%.*s': expected an RFC "
					"3339 time such as " RFC3339_EXAMPLE,
					prgate_utf8_cut(s, 64), s);
	p += 16;
	if (*p == ':') {
		if (!prgate_digits(p + 1, 2, &sec))
			return prgate_error_set(err, PRGATE_ERR_USAGE,
						"invalid time '%.*s': the "
						"seconds need two digits",
						prgate_utf8_cut(s, 64), s);
		p += 3;
		if (*p == '.') {
			if (p[1] < '0' || p[1] > '9')
				return prgate_error_set(
				    err, PRGATE_ERR_USAGE,
				    "invalid time '%.*s': a digit must follow "
				    "the decimal point",
				    prgate_utf8_cut(s, 64), s);
			for (p++; *p >= '0' && *p <= '9'; p++)
				;
		}
	}
	if (y < 1 || !civil_ok(y, mon, d, h, mi, sec))
		return prgate_error_set(err, PRGATE_ERR_USAGE,
					"invalid time '%.*s': no such date "
					"or time of day",
					prgate_utf8_cut(s, 64), s);
	if (!*p)
		return prgate_error_set(err, PRGATE_ERR_USAGE,
					"invalid time '%.*s': missing UTC "
					"offset (add Z or +HH:MM)",
					prgate_utf8_cut(s, 64), s);
	if (*p == 'Z' || *p == 'z') {
		off = 0;
		p++;
	} else if ((*p == '+' || *p == '-') && prgate_digits(p + 1, 2, &oh) &&
		   p[3] == ':' && prgate_digits(p + 4, 2, &om)) {
		if (oh > 23 || om > 59)
			return prgate_error_set(err, PRGATE_ERR_USAGE,
						"invalid time '%.*s': UTC "
						"offset out of range",
						prgate_utf8_cut(s, 64), s);
		off = (*p == '-' ? -1 : 1) * (oh * 60 + om);
		p += 6;
	} else {
		return prgate_error_set(err, PRGATE_ERR_USAGE,
					"invalid time '%.*s': the UTC offset "
					"must be Z or +HH:MM / -HH:MM",
					prgate_utf8_cut(s, 64), s);
	}
	if (*p)
		return prgate_error_set(err, PRGATE_ERR_USAGE,
					"invalid time '%.*s': unexpected "
					"'%.*s' after the UTC offset",
					prgate_utf8_cut(s, 64), s,
					prgate_utf8_cut(p, 16), p);
	*out = (time_t)(wall_seconds(y, mon, d, h, mi, sec) - off * 60LL);
	return PRGATE_OK;
}

void prgate_rfc3339_format(struct strbuf *sb, time_t t, long offset_sec)
{
	long long w = (long long)t + offset_sec;
	long long days = floor_div(w, DAY), secs = w - days * DAY, y;
	long off = offset_sec < 0 ? -offset_sec : offset_sec;
	int m, d;
	civil_from_days(days, &y, &m, &d);
	strbuf_addf(sb, "%04lld-%02d-%02dT%02lld:%02lld:%02lld", y, m, d,
		    secs / 3600, secs / 60 % 60, secs % 60);
	if (!offset_sec)
		strbuf_addch(sb, 'Z');
	else
		strbuf_addf(sb, "%c%02ld:%02ld", offset_sec < 0 ? '-' : '+',
			    off / 3600, off / 60 % 60);
}

/* ---- formatting ---- */

void prgate_duration_format(struct strbuf *sb, long long seconds)
{
	long long min = seconds > 0 ? (seconds + 59) / 60 : 0;
	long long d = min / 1440, h = min / 60 % 24, m = min % 60;
	if (d) {
		strbuf_addf(sb, "%lld d", d);
		if (h)
			strbuf_addf(sb, " %lld h", h);
	} else if (h) {
		strbuf_addf(sb, "%lld h", h);
		if (m)
			strbuf_addf(sb, " %lld min", m);
	} else {
		strbuf_addf(sb, "%lld min", m);
	}
}

/* "08:00 CET" */
static void add_hm(struct strbuf *sb, const struct prgate_zonetime *zt)
{
	strbuf_addf(sb, "%02d:%02d", zt->tm.tm_hour, zt->tm.tm_min);
	if (zt->abbrev[0])
		strbuf_addf(sb, " %s", zt->abbrev);
}

/* "2 Jan 00:00 CET", with the year when it is half a year or more off. */
static void add_date_hm(struct strbuf *sb, const struct prgate_zonetime *zt,
			const struct prgate_zonetime *now)
{
	long long dd = local_day(zt) - local_day(now);
	strbuf_addf(sb, "%d %s ", zt->tm.tm_mday, mon_names[zt->tm.tm_mon]);
	if (dd >= 183 || dd <= -183)
		strbuf_addf(sb, "%d ", zt->tm.tm_year + 1900);
	add_hm(sb, zt);
}

void prgate_zonetime_format(struct strbuf *sb, const struct prgate_zonetime *zt)
{
	strbuf_addf(sb, "%s %d %s %02d:%02d", wday_names[zt->tm.tm_wday],
		    zt->tm.tm_mday, mon_names[zt->tm.tm_mon], zt->tm.tm_hour,
		    zt->tm.tm_min);
}

/* "Mon 30 Nov 08:00 CET": the same wherever now is. */
static void add_absolute(struct strbuf *sb, const struct prgate_zonetime *zt)
{
	prgate_zonetime_format(sb, zt);
	if (zt->abbrev[0])
		strbuf_addf(sb, " %s", zt->abbrev);
}

/*
 * "08:00 CET" on now's day unless always_day, "Mon 08:00 CET" within
 * the week, "Mon 6 Apr 08:00 CEST" beyond.
 */
static void add_when(struct strbuf *sb, const struct prgate_zonetime *zt,
		     const struct prgate_zonetime *now, int always_day)
{
	long long dd = local_day(zt) - local_day(now);
	if (!dd && !always_day) {
		add_hm(sb, zt);
		return;
	}
	strbuf_addf(sb, "%s ", wday_names[zt->tm.tm_wday]);
	if (dd >= 7 || dd < 0)
		add_date_hm(sb, zt, now);
	else
		add_hm(sb, zt);
}

/* ---- the window ---- */

struct interval {
	long long open, close;
};

/*
 * In a session: the window's intervals from the local day before now's
 * to a little past the horizon, in order.
 */
static size_t window_intervals(const struct prgate_hours *h, long long day0,
			       struct interval *iv, size_t cap)
{
	size_t n = 0;
	for (long long d = day0 - 1;
	     d <= day0 + PRGATE_CLOCK_HORIZON_DAYS + 2 && n < cap; d++) {
		long long open, close;
		if (!(h->days & (1u << weekday_of(d))))
			continue;
		open = wall_to_utc(d * DAY + h->start_min * 60LL);
		close = wall_to_utc(d * DAY + h->end_min * 60LL);
		if (close <= open)
			continue; /* swallowed by a clock change */
		iv[n].open = open;
		iv[n].close = close;
		n++;
	}
	return n;
}

/* In a session of the window's zone. */
static enum prgate_status window_eval(const struct prgate_policy *p, time_t now,
				      struct prgate_window_state *out,
				      struct prgate_error *err)
{
	struct interval iv[PRGATE_CLOCK_HORIZON_DAYS + 4];
	size_t n;
	long long closes = 0, next = 0;
	int found = 0, changed;

	memset(out, 0, sizeof(*out));
	out->now = now;
	if (!local_of(now, &out->now_local))
		return out_of_range(err);
	n = window_intervals(&p->window.hours, local_day(&out->now_local), iv,
			     ARRAY_SIZE(iv));
	for (size_t i = 0; i < n; i++)
		if (iv[i].open <= now && now < iv[i].close) {
			closes = iv[i].close;
			found = 1;
		}
	if (found) {
		/* Back-to-back windows (00:00-24:00 on days in a row) are
		 * one. */
		do {
			changed = 0;
			for (size_t i = 0; i < n; i++)
				if (iv[i].open <= closes &&
				    closes < iv[i].close) {
					closes = iv[i].close;
					changed = 1;
				}
		} while (changed);
		out->open = 1;
		if (closes - now > HORIZON_SEC)
			return PRGATE_OK;
		out->has_close = 1;
		out->closes_at = (time_t)closes;
		out->seconds_left = closes - now;
		out->minutes_left = (long)((out->seconds_left + 59) / 60);
		if (!local_of(out->closes_at, &out->at))
			return out_of_range(err);
		return PRGATE_OK;
	}
	for (size_t i = 0; i < n; i++)
		if (iv[i].open > now && (!next || iv[i].open < next))
			next = iv[i].open;
	if (!next || next - now > HORIZON_SEC)
		return PRGATE_OK;
	out->has_next = 1;
	out->next_open = (time_t)next;
	if (!local_of(out->next_open, &out->at))
		return out_of_range(err);
	return PRGATE_OK;
}

enum prgate_status prgate_window_eval(const struct prgate_policy *p, time_t now,
				      struct prgate_window_state *out,
				      struct prgate_error *err)
{
	struct zone_saved saved;
	enum prgate_status st;
	memset(out, 0, sizeof(*out));
	if ((st = zone_enter(p->window.timezone, &saved, err)))
		return st;
	st = window_eval(p, now, out, err);
	zone_leave(&saved);
	return st;
}

void prgate_window_describe(const struct prgate_window_state *st,
			    struct strbuf *sb)
{
	if (st->open && !st->has_close) {
		strbuf_addf(sb, "open, no close within %d days",
			    PRGATE_CLOCK_HORIZON_DAYS);
	} else if (st->open && st->absolute) {
		strbuf_addstr(sb, "open until ");
		add_absolute(sb, &st->at);
	} else if (st->open) {
		strbuf_addstr(sb, "open until ");
		add_when(sb, &st->at, &st->now_local, 0);
		strbuf_addstr(sb, " (");
		prgate_duration_format(sb, st->seconds_left);
		strbuf_addch(sb, ')');
	} else if (!st->has_next) {
		strbuf_addf(sb, "closed, no opening within %d days",
			    PRGATE_CLOCK_HORIZON_DAYS);
	} else {
		strbuf_addstr(sb, "closed \xe2\x80\x94 next opens ");
		if (st->absolute)
			add_absolute(sb, &st->at);
		else
			add_when(sb, &st->at, &st->now_local, 1);
	}
}

/* ---- freezes ---- */

/* In a session of the window's zone. */
static enum prgate_status freeze_eval(const struct prgate_policy *p, time_t now,
				      struct prgate_freeze_state *out,
				      struct prgate_error *err)
{
	long long *from, *to, until = 0;
	int changed;
	enum prgate_status st = PRGATE_OK;

	memset(out, 0, sizeof(*out));
	out->now = now;
	if (!local_of(now, &out->now_local))
		return out_of_range(err);
	from = xcalloc(p->nfreezes, sizeof(*from));
	to = xcalloc(p->nfreezes, sizeof(*to));
	for (size_t i = 0; i < p->nfreezes; i++) {
		const struct prgate_freeze *f = &p->freezes[i];
		if (!moment_ok(&f->from) || !moment_ok(&f->to)) {
			st = prgate_error_set(err, PRGATE_ERR_CONFIG,
					      "freeze '%s' has a bound out of "
					      "range",
					      f->reason ? f->reason : "");
			goto out;
		}
		from[i] = moment_to_utc(&f->from);
		to[i] = moment_to_utc(&f->to);
		if (to[i] <= from[i])
			continue;
		if (from[i] <= now && now < to[i] &&
		    (!out->active || to[i] > until)) {
			out->active = f;
			out->active_from = (time_t)from[i];
			out->active_to = (time_t)to[i];
			until = to[i];
		}
		if (from[i] > now && from[i] - now <= HORIZON_SEC &&
		    (!out->next || from[i] < out->next_from)) {
			out->next = f;
			out->next_from = (time_t)from[i];
			out->next_to = (time_t)to[i];
		}
	}
	if (out->active) {
		do {
			changed = 0;
			for (size_t i = 0; i < p->nfreezes; i++)
				if (from[i] <= until && until < to[i]) {
					until = to[i];
					changed = 1;
				}
		} while (changed);
		out->until = (time_t)until;
		if (!local_of(out->until, &out->until_local)) {
			st = out_of_range(err);
			goto out;
		}
	}
	if (out->next && (!local_of(out->next_from, &out->next_from_local) ||
			  !local_of(out->next_to, &out->next_to_local)))
		st = out_of_range(err);
out:
	free(from);
	free(to);
	return st;
}

enum prgate_status prgate_freeze_eval(const struct prgate_policy *p, time_t now,
				      struct prgate_freeze_state *out,
				      struct prgate_error *err)
{
	struct zone_saved saved;
	enum prgate_status st;
	memset(out, 0, sizeof(*out));
	if ((st = zone_enter(p->window.timezone, &saved, err)))
		return st;
	st = freeze_eval(p, now, out, err);
	zone_leave(&saved);
	return st;
}

void prgate_freeze_describe(const struct prgate_freeze_state *st,
			    struct strbuf *sb)
{
	if (!st->active) {
		strbuf_addstr(sb, "no freeze");
		return;
	}
	strbuf_addf(sb, "freeze: '%s' until ",
		    st->active->reason ? st->active->reason : "freeze");
	add_date_hm(sb, &st->until_local, &st->now_local);
}

void prgate_freeze_describe_next(const struct prgate_freeze_state *st,
				 struct strbuf *sb)
{
	if (!st->next) {
		strbuf_addf(sb, "no freeze within %d days",
			    PRGATE_CLOCK_HORIZON_DAYS);
		return;
	}
	strbuf_addf(sb, "next freeze: '%s' from ",
		    st->next->reason ? st->next->reason : "freeze");
	add_date_hm(sb, &st->next_from_local, &st->now_local);
	strbuf_addstr(sb, " until ");
	add_date_hm(sb, &st->next_to_local, &st->now_local);
	if (st->absolute)
		return;
	strbuf_addstr(sb, " (in ");
	prgate_duration_format(sb, (long long)st->next_from - st->now);
	strbuf_addch(sb, ')');
}

/* ---- downtime ---- */

static int hours_contain(const struct prgate_hours *h,
			 const struct prgate_zonetime *zt)
{
	int sod = zt->tm.tm_hour * 3600 + zt->tm.tm_min * 60 + zt->tm.tm_sec;
	return (h->days & (1u << zt->tm.tm_wday)) && h->start_min * 60 <= sod &&
	       sod < h->end_min * 60;
}

enum prgate_status prgate_downtime_eval(const struct prgate_policy *p,
					const struct prgate_datetime *start,
					time_t announced_at,
					const unsigned char *applies,
					struct prgate_downtime_state *out,
					struct prgate_error *err)
{
	enum prgate_status st;
	memset(out, 0, sizeof(*out));
	out->blackout_index = -1;
	if ((st = prgate_datetime_to_utc(start, &out->start, err)))
		return st;
	out->notice_sec = (long long)out->start - announced_at;
	out->required_sec = p->downtime.notice_hours * 3600LL;
	out->notice_ok = out->notice_sec >= out->required_sec;
	if ((st = prgate_zone_to_local(p->window.timezone, out->start,
				       &out->start_local, err)))
		return st;
	for (size_t i = 0; i < p->downtime.nblackout; i++)
		if ((!applies || applies[i]) &&
		    hours_contain(&p->downtime.blackout[i],
				  &out->start_local)) {
			out->blackout = &p->downtime.blackout[i];
			out->blackout_index = (int)i;
			break;
		}
	return PRGATE_OK;
}

/* ---- expiry ---- */

/* In a session of the window's zone: whether deploying is allowed at t
 * by the given parts, and the next instant after t that may change it
 * (0: none). */
static enum prgate_status clock_allows(const struct prgate_policy *p,
				       long long t, unsigned parts,
				       int *allowed, long long *next,
				       struct prgate_error *err)
{
	struct prgate_window_state w;
	enum prgate_status st;

	*allowed = 1;
	*next = 0;
	if (parts & PRGATE_CLOCK_WINDOW) {
		if ((st = window_eval(p, (time_t)t, &w, err)))
			return st;
		*allowed = w.open;
		if (w.open && w.has_close)
			*next = w.closes_at;
		else if (!w.open && w.has_next)
			*next = w.next_open;
	}
	if (!(parts & PRGATE_CLOCK_FREEZE))
		return PRGATE_OK;
	for (size_t i = 0; i < p->nfreezes; i++) {
		const struct prgate_freeze *f = &p->freezes[i];
		long long b[2];
		if (!moment_ok(&f->from) || !moment_ok(&f->to))
			continue;
		b[0] = moment_to_utc(&f->from);
		b[1] = moment_to_utc(&f->to);
		if (b[1] <= b[0])
			continue;
		if (b[0] <= t && t < b[1])
			*allowed = 0;
		for (int k = 0; k < 2; k++)
			if (b[k] > t && (!*next || b[k] < *next))
				*next = b[k];
	}
	return PRGATE_OK;
}

enum prgate_status prgate_clock_expires(const struct prgate_policy *p,
					time_t now, unsigned parts, time_t *out,
					struct prgate_error *err)
{
	struct zone_saved saved;
	enum prgate_status st;
	long long t = now, next;
	int allowed_now, allowed;

	*out = 0;
	if (!parts)
		return PRGATE_OK;
	if ((st = zone_enter(p->window.timezone, &saved, err)))
		return st;
	if ((st = clock_allows(p, t, parts, &allowed_now, &next, err)))
		goto out;
	for (int i = 0; i < 64 && next > t; i++) {
		t = next;
		if ((st = clock_allows(p, t, parts, &allowed, &next, err)))
			goto out;
		if (allowed != allowed_now) {
			*out = (time_t)t;
			break;
		}
	}
out:
	zone_leave(&saved);
	return st;
}

enum prgate_status prgate_at_parse(const char *s, const char *zone, time_t *out,
				   struct prgate_error *err)
{
	struct prgate_localtime lt = {0};
	struct prgate_zonetime back;
	int sec = 0, n = 0;
	char sep;
	time_t t;

	if (prgate_rfc3339_parse(s, out, err) == PRGATE_OK)
		return PRGATE_OK;
	/* a local time: no offset, in the window's zone */
	if (sscanf(s, "%4d-%2d-%2d%c%2d:%2d%n", &lt.year, &lt.mon, &lt.day,
		   &sep, &lt.hour, &lt.min, &n) != 6 ||
	    (sep != 'T' && sep != 't' && sep != ' ') || n != 16)
		goto bad;
	if (s[n] == ':') {
		int m = 0;
		if (sscanf(s + n + 1, "%2d%n", &sec, &m) != 1 || m != 2 ||
		    sec > 59)
			goto bad;
		n += 3;
	}
	if (s[n])
		goto bad;
	if (prgate_localtime_to_utc(&lt, zone, &t, err) != PRGATE_OK)
		return prgate_error_set(err, PRGATE_ERR_USAGE,
					"no such time '%.60s'", s);
	t += sec;
	/* the same wall time back, once: neither in a gap nor twice */
	if (prgate_zone_to_local(zone, t, &back, err) != PRGATE_OK)
		return PRGATE_ERR_USAGE;
	if (back.tm.tm_hour != lt.hour || back.tm.tm_min != lt.min)
		return prgate_error_set(err, PRGATE_ERR_USAGE,
					"'%.60s' does not exist in %s (the "
					"clocks move forward then): give an "
					"offset",
					s, zone);
	for (int d = -1; d <= 1; d += 2) {
		struct prgate_zonetime other;
		if (prgate_zone_to_local(zone, t + d * 3600, &other, err) ==
			PRGATE_OK &&
		    other.tm.tm_hour == lt.hour && other.tm.tm_min == lt.min)
			return prgate_error_set(
			    err, PRGATE_ERR_USAGE,
			    "'%.60s' happens twice in %s (the clocks move "
			    "back then): give an offset",
			    s, zone);
	}
	*out = t;
	return PRGATE_OK;
bad:
	return prgate_error_set(err, PRGATE_ERR_USAGE,
				"invalid time '%.60s': expected an RFC 3339 "
				"time such as 2026-12-24T16:55:00+01:00, or a "
				"local time in the window's zone such as "
				"2026-12-24T16:55",
				s);
}
