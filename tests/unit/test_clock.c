/*
 * test_clock.c - the clock against the real system zone database: zone
 * conversions across daylight-saving changes, the deployment window,
 * freezes, downtime notices, RFC 3339 and verdict expiry.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "linter/clock.h"
#include "test.h"

static char ljubljana[] = "Europe/Ljubljana";
static char new_york[] = "America/New_York";

/* A UTC instant, computed without the code under test. */
static time_t utc(int y, int mon, int d, int h, int mi, int s)
{
	struct tm tm;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mon - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return timegm(&tm);
}

static void policy_window(struct prgate_policy *p, char *zone, unsigned days,
			  int start_min, int end_min)
{
	memset(p, 0, sizeof(*p));
	p->window.timezone = zone;
	p->window.hours.days = days;
	p->window.hours.start_min = start_min;
	p->window.hours.end_min = end_min;
	p->downtime.notice_hours = 72;
}

#define WEEKDAYS 0x3eu /* mon-fri */
#define EVERY_DAY 0x7fu
#define SUNDAY 0x01u
#define MONDAY 0x02u

static struct strbuf describe_window(const struct prgate_policy *p, time_t now,
				     struct prgate_window_state *ws)
{
	struct strbuf sb = STRBUF_INIT;
	struct prgate_error err;
	CHECK_INT(prgate_window_eval(p, now, ws, &err), PRGATE_OK);
	prgate_window_describe(ws, &sb);
	return sb;
}

/* Check a window state and its description in one go. */
#define CHECK_WINDOW(p, now, want_open, want_at, want_text)                    \
	do {                                                                   \
		struct prgate_window_state ws_;                                \
		struct strbuf sb_ = describe_window(p, now, &ws_);             \
		CHECK_INT(ws_.open, want_open);                                \
		if (want_open)                                                 \
			CHECK_INT(ws_.closes_at, want_at);                     \
		else                                                           \
			CHECK_INT(ws_.next_open, want_at);                     \
		CHECK_STR(sb_.buf, want_text);                                 \
		strbuf_release(&sb_);                                          \
	} while (0)

static void test_zones(void)
{
	struct prgate_zonetime zt;
	struct prgate_error err;
	time_t t;

	/* UTC -> local, both sides of both changes */
	CHECK_INT(prgate_zone_to_local(ljubljana, utc(2026, 1, 12, 7, 0, 0),
				       &zt, &err),
		  PRGATE_OK);
	CHECK_INT(zt.tm.tm_year, 126);
	CHECK_INT(zt.tm.tm_mon, 0);
	CHECK_INT(zt.tm.tm_mday, 12);
	CHECK_INT(zt.tm.tm_wday, 1);
	CHECK_INT(zt.tm.tm_hour, 8);
	CHECK_INT(zt.offset_sec, 3600);
	CHECK_STR(zt.abbrev, "CET");
	CHECK(zt.tm.tm_zone == NULL);
	prgate_zone_to_local(ljubljana, utc(2026, 3, 29, 0, 59, 59), &zt, &err);
	CHECK_INT(zt.tm.tm_hour, 1);
	CHECK_STR(zt.abbrev, "CET");
	prgate_zone_to_local(ljubljana, utc(2026, 3, 29, 1, 0, 0), &zt, &err);
	CHECK_INT(zt.tm.tm_hour, 3);
	CHECK_INT(zt.offset_sec, 7200);
	CHECK_STR(zt.abbrev, "CEST");
	prgate_zone_to_local(ljubljana, utc(2026, 10, 25, 0, 30, 0), &zt, &err);
	CHECK_INT(zt.tm.tm_hour, 2);
	CHECK_STR(zt.abbrev, "CEST");
	prgate_zone_to_local(ljubljana, utc(2026, 10, 25, 1, 30, 0), &zt, &err);
	CHECK_INT(zt.tm.tm_hour, 2);
	CHECK_STR(zt.abbrev, "CET");
	prgate_zone_to_local(new_york, utc(2026, 3, 8, 6, 59, 0), &zt, &err);
	CHECK_INT(zt.tm.tm_hour, 1);
	CHECK_INT(zt.offset_sec, -5 * 3600);
	CHECK_STR(zt.abbrev, "EST");
	prgate_zone_to_local(new_york, utc(2026, 3, 8, 7, 0, 0), &zt, &err);
	CHECK_INT(zt.tm.tm_hour, 3);
	CHECK_INT(zt.offset_sec, -4 * 3600);
	CHECK_STR(zt.abbrev, "EDT");

	/* local -> UTC: plain times */
	CHECK_INT(prgate_zone_to_utc(ljubljana, 2026, 1, 12, 8, 0, 0, &t, &err),
		  PRGATE_OK);
	CHECK_INT(t, utc(2026, 1, 12, 7, 0, 0));
	prgate_zone_to_utc(ljubljana, 2026, 7, 1, 8, 0, 0, &t, &err);
	CHECK_INT(t, utc(2026, 7, 1, 6, 0, 0));

	/* the spring-forward gap: 02:00-03:00 does not exist; 02:30 is
	 * read as CET, which is 03:30 CEST */
	prgate_zone_to_utc(ljubljana, 2026, 3, 29, 1, 59, 59, &t, &err);
	CHECK_INT(t, utc(2026, 3, 29, 0, 59, 59));
	CHECK_INT(
	    prgate_zone_to_utc(ljubljana, 2026, 3, 29, 2, 30, 0, &t, &err),
	    PRGATE_OK);
	CHECK_INT(t, utc(2026, 3, 29, 1, 30, 0));
	prgate_zone_to_local(ljubljana, t, &zt, &err);
	CHECK_INT(zt.tm.tm_hour, 3);
	CHECK_INT(zt.tm.tm_min, 30);
	CHECK_STR(zt.abbrev, "CEST");
	prgate_zone_to_utc(ljubljana, 2026, 3, 29, 2, 0, 0, &t, &err);
	CHECK_INT(t, utc(2026, 3, 29, 1, 0, 0));
	prgate_zone_to_utc(ljubljana, 2026, 3, 29, 3, 0, 0, &t, &err);
	CHECK_INT(t, utc(2026, 3, 29, 1, 0, 0));

	/* the fall-back overlap: 02:00-03:00 happens twice; the first,
	 * CEST, one wins */
	prgate_zone_to_utc(ljubljana, 2026, 10, 25, 2, 30, 0, &t, &err);
	CHECK_INT(t, utc(2026, 10, 25, 0, 30, 0));
	prgate_zone_to_utc(ljubljana, 2026, 10, 25, 2, 0, 0, &t, &err);
	CHECK_INT(t, utc(2026, 10, 25, 0, 0, 0));
	prgate_zone_to_utc(ljubljana, 2026, 10, 25, 1, 59, 0, &t, &err);
	CHECK_INT(t, utc(2026, 10, 24, 23, 59, 0));
	prgate_zone_to_utc(ljubljana, 2026, 10, 25, 3, 0, 0, &t, &err);
	CHECK_INT(t, utc(2026, 10, 25, 2, 0, 0));

	/* the same in New York */
	prgate_zone_to_utc(new_york, 2026, 3, 8, 2, 30, 0, &t, &err);
	CHECK_INT(t, utc(2026, 3, 8, 7, 30, 0)); /* 03:30 EDT */
	prgate_zone_to_utc(new_york, 2026, 11, 1, 1, 30, 0, &t, &err);
	CHECK_INT(t, utc(2026, 11, 1, 5, 30, 0)); /* the EDT one */
	prgate_zone_to_utc(new_york, 2026, 11, 1, 2, 0, 0, &t, &err);
	CHECK_INT(t, utc(2026, 11, 1, 7, 0, 0));

	/* out of range */
	CHECK_INT(prgate_zone_to_utc(ljubljana, 2026, 2, 29, 8, 0, 0, &t, &err),
		  PRGATE_ERR_INPUT);
	CHECK_STR(err.message, "no such time 2026-02-29 08:00:00");
	CHECK_INT(prgate_zone_to_utc(ljubljana, 2026, 1, 1, 24, 0, 0, &t, &err),
		  PRGATE_ERR_INPUT);
}

static void test_unknown_zone(void)
{
	struct prgate_zonetime zt;
	struct prgate_window_state ws;
	struct prgate_policy p;
	struct prgate_error err;
	char atlantis[] = "Europe/Atlantis";
	time_t t;

	CHECK_INT(prgate_zone_to_local("Europe/Atlantis", 0, &zt, &err),
		  PRGATE_ERR_CONFIG);
	CHECK_STR(err.message, "unknown time zone 'Europe/Atlantis': not in "
			       "the system's zone database");
	CHECK_INT(prgate_zone_to_utc("../../etc/passwd", 2026, 1, 1, 0, 0, 0,
				     &t, &err),
		  PRGATE_ERR_CONFIG);
	CHECK_INT(prgate_zone_to_utc("", 2026, 1, 1, 0, 0, 0, &t, &err),
		  PRGATE_ERR_CONFIG);
	CHECK_INT(prgate_zone_to_local(NULL, 0, &zt, &err), PRGATE_ERR_CONFIG);
	policy_window(&p, atlantis, WEEKDAYS, 8 * 60, 17 * 60);
	CHECK_INT(prgate_window_eval(&p, 0, &ws, &err), PRGATE_ERR_CONFIG);
	CHECK_STR(err.message, "unknown time zone 'Europe/Atlantis': not in "
			       "the system's zone database");
	CHECK_INT(prgate_clock_expires(&p, 0, PRGATE_CLOCK_WINDOW, &t, &err),
		  PRGATE_ERR_CONFIG);
	/* UTC itself is a zone */
	CHECK_INT(
	    prgate_zone_to_local("UTC", utc(2026, 7, 1, 12, 0, 0), &zt, &err),
	    PRGATE_OK);
	CHECK_INT(zt.tm.tm_hour, 12);
	CHECK_STR(zt.abbrev, "UTC");
}

static void test_tz_restored(void)
{
	const char *orig = getenv("TZ");
	char *saved = orig ? strdup(orig) : NULL;
	struct prgate_policy p;
	struct prgate_window_state ws;
	struct prgate_zonetime zt;
	struct prgate_error err;
	struct tm tm;
	time_t t, epoch = 0;

	setenv("TZ", "Asia/Tokyo", 1);
	tzset();
	policy_window(&p, ljubljana, WEEKDAYS, 8 * 60, 17 * 60);
	prgate_window_eval(&p, utc(2026, 3, 27, 16, 0, 0), &ws, &err);
	prgate_zone_to_utc(new_york, 2026, 3, 8, 2, 30, 0, &t, &err);
	prgate_zone_to_local(new_york, t, &zt, &err);
	prgate_clock_expires(&p, t, PRGATE_CLOCK_WINDOW, &t, &err);
	prgate_zone_to_local("Europe/Atlantis", 0, &zt, &err);
	CHECK_STR(getenv("TZ"), "Asia/Tokyo");
	localtime_r(&epoch, &tm);
	CHECK_INT(tm.tm_hour, 9);
	CHECK_INT(tm.tm_gmtoff, 9 * 3600);

	unsetenv("TZ");
	tzset();
	prgate_window_eval(&p, utc(2026, 3, 27, 16, 0, 0), &ws, &err);
	prgate_zone_to_utc(new_york, 2026, 3, 8, 2, 30, 0, &t, &err);
	CHECK(getenv("TZ") == NULL);

	if (saved)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved);
}

static void test_window(void)
{
	struct prgate_policy p;
	struct prgate_window_state ws;
	struct strbuf sb;

	/* 08:00-17:00 mon-fri in Ljubljana; 2026-01-12 is a Monday (CET) */
	policy_window(&p, ljubljana, WEEKDAYS, 8 * 60, 17 * 60);
	CHECK_WINDOW(&p, utc(2026, 1, 12, 7, 0, 0), 1,
		     utc(2026, 1, 12, 16, 0, 0), "open until 17:00 CET (9 h)");
	CHECK_WINDOW(&p, utc(2026, 1, 12, 6, 59, 59), 0,
		     utc(2026, 1, 12, 7, 0, 0),
		     "closed \xe2\x80\x94 next opens Mon 08:00 CET");
	CHECK_WINDOW(&p, utc(2026, 1, 12, 13, 47, 0), 1,
		     utc(2026, 1, 12, 16, 0, 0),
		     "open until 17:00 CET (2 h 13 min)");
	CHECK_WINDOW(&p, utc(2026, 1, 12, 15, 15, 0), 1,
		     utc(2026, 1, 12, 16, 0, 0),
		     "open until 17:00 CET (45 min)");
	/* 16:59:59: one second left, rounded up to a minute */
	sb = describe_window(&p, utc(2026, 1, 12, 15, 59, 59), &ws);
	CHECK_INT(ws.open, 1);
	CHECK_INT(ws.has_close, 1);
	CHECK_INT(ws.closes_at, utc(2026, 1, 12, 16, 0, 0));
	CHECK_INT(ws.seconds_left, 1);
	CHECK_INT(ws.minutes_left, 1);
	CHECK_STR(ws.at.abbrev, "CET");
	CHECK_STR(sb.buf, "open until 17:00 CET (1 min)");
	strbuf_release(&sb);
	/* 17:00 on a Monday: closed until Tuesday */
	CHECK_WINDOW(&p, utc(2026, 1, 12, 16, 0, 0), 0,
		     utc(2026, 1, 13, 7, 0, 0),
		     "closed \xe2\x80\x94 next opens Tue 08:00 CET");
	/* 17:00 on a Friday: closed until Monday */
	sb = describe_window(&p, utc(2026, 1, 16, 16, 0, 0), &ws);
	CHECK_INT(ws.open, 0);
	CHECK_INT(ws.has_next, 1);
	CHECK_INT(ws.next_open, utc(2026, 1, 19, 7, 0, 0));
	CHECK_INT(ws.at.tm.tm_wday, 1);
	CHECK_STR(sb.buf, "closed \xe2\x80\x94 next opens Mon 08:00 CET");
	strbuf_release(&sb);
	/* Saturday noon */
	CHECK_WINDOW(&p, utc(2026, 1, 17, 11, 0, 0), 0,
		     utc(2026, 1, 19, 7, 0, 0),
		     "closed \xe2\x80\x94 next opens Mon 08:00 CET");

	/* Friday before the spring-forward weekend: next opening is CEST */
	sb = describe_window(&p, utc(2026, 3, 27, 16, 0, 0), &ws);
	CHECK_INT(ws.open, 0);
	CHECK_INT(ws.next_open, utc(2026, 3, 30, 6, 0, 0));
	CHECK_INT(ws.at.offset_sec, 7200);
	CHECK_STR(sb.buf, "closed \xe2\x80\x94 next opens Mon 08:00 CEST");
	strbuf_release(&sb);
	CHECK_WINDOW(&p, utc(2026, 3, 27, 15, 59, 59), 1,
		     utc(2026, 3, 27, 16, 0, 0),
		     "open until 17:00 CET (1 min)");
	CHECK_WINDOW(&p, utc(2026, 3, 30, 5, 59, 59), 0,
		     utc(2026, 3, 30, 6, 0, 0),
		     "closed \xe2\x80\x94 next opens Mon 08:00 CEST");
	CHECK_WINDOW(&p, utc(2026, 3, 30, 6, 0, 0), 1,
		     utc(2026, 3, 30, 15, 0, 0), "open until 17:00 CEST (9 h)");
	/* and the fall-back weekend */
	CHECK_WINDOW(&p, utc(2026, 10, 23, 15, 0, 0), 0,
		     utc(2026, 10, 26, 7, 0, 0),
		     "closed \xe2\x80\x94 next opens Mon 08:00 CET");
	CHECK_WINDOW(&p, utc(2026, 10, 23, 14, 59, 59), 1,
		     utc(2026, 10, 23, 15, 0, 0),
		     "open until 17:00 CEST (1 min)");

	/* 00:00-24:00 on Sundays only: the spring-forward Sunday lasts
	 * 23 hours, the fall-back one 25 */
	policy_window(&p, ljubljana, SUNDAY, 0, 24 * 60);
	CHECK_WINDOW(&p, utc(2026, 3, 28, 22, 59, 59), 0,
		     utc(2026, 3, 28, 23, 0, 0),
		     "closed \xe2\x80\x94 next opens Sun 00:00 CET");
	CHECK_WINDOW(&p, utc(2026, 3, 28, 23, 0, 0), 1,
		     utc(2026, 3, 29, 22, 0, 0),
		     "open until Mon 00:00 CEST (23 h)");
	CHECK_WINDOW(&p, utc(2026, 3, 29, 21, 59, 59), 1,
		     utc(2026, 3, 29, 22, 0, 0),
		     "open until Mon 00:00 CEST (1 min)");
	CHECK_WINDOW(&p, utc(2026, 3, 29, 22, 0, 0), 0,
		     utc(2026, 4, 4, 22, 0, 0),
		     "closed \xe2\x80\x94 next opens Sun 00:00 CEST");
	CHECK_WINDOW(&p, utc(2026, 10, 24, 22, 0, 0), 1,
		     utc(2026, 10, 25, 23, 0, 0),
		     "open until Mon 00:00 CET (1 d 1 h)");

	/* 00:00-24:00 mon-fri: the days run together until Saturday */
	policy_window(&p, ljubljana, WEEKDAYS, 0, 24 * 60);
	CHECK_WINDOW(&p, utc(2026, 1, 12, 11, 0, 0), 1,
		     utc(2026, 1, 16, 23, 0, 0),
		     "open until Sat 00:00 CET (4 d 12 h)");
	/* every day: never closes */
	policy_window(&p, ljubljana, EVERY_DAY, 0, 24 * 60);
	sb = describe_window(&p, utc(2026, 1, 12, 11, 0, 0), &ws);
	CHECK_INT(ws.open, 1);
	CHECK_INT(ws.has_close, 0);
	CHECK_STR(sb.buf, "open, no close within 14 days");
	strbuf_release(&sb);
	/* no days: never opens */
	policy_window(&p, ljubljana, 0, 8 * 60, 17 * 60);
	sb = describe_window(&p, utc(2026, 1, 12, 11, 0, 0), &ws);
	CHECK_INT(ws.open, 0);
	CHECK_INT(ws.has_next, 0);
	CHECK_STR(sb.buf, "closed, no opening within 14 days");
	strbuf_release(&sb);
	/* Mondays only: a week ahead gets its date */
	policy_window(&p, ljubljana, MONDAY, 8 * 60, 17 * 60);
	CHECK_WINDOW(&p, utc(2026, 1, 12, 16, 0, 0), 0,
		     utc(2026, 1, 19, 7, 0, 0),
		     "closed \xe2\x80\x94 next opens Mon 19 Jan 08:00 CET");

	/* 09:00-18:00 mon-fri in New York around its changes */
	policy_window(&p, new_york, WEEKDAYS, 9 * 60, 18 * 60);
	CHECK_WINDOW(&p, utc(2026, 3, 6, 23, 0, 0), 0,
		     utc(2026, 3, 9, 13, 0, 0),
		     "closed \xe2\x80\x94 next opens Mon 09:00 EDT");
	CHECK_WINDOW(&p, utc(2026, 3, 6, 22, 59, 59), 1,
		     utc(2026, 3, 6, 23, 0, 0), "open until 18:00 EST (1 min)");
	CHECK_WINDOW(&p, utc(2026, 3, 9, 12, 59, 59), 0,
		     utc(2026, 3, 9, 13, 0, 0),
		     "closed \xe2\x80\x94 next opens Mon 09:00 EDT");
	CHECK_WINDOW(&p, utc(2026, 3, 9, 13, 0, 0), 1,
		     utc(2026, 3, 9, 22, 0, 0), "open until 18:00 EDT (9 h)");
	CHECK_WINDOW(&p, utc(2026, 10, 30, 22, 0, 0), 0,
		     utc(2026, 11, 2, 14, 0, 0),
		     "closed \xe2\x80\x94 next opens Mon 09:00 EST");
	CHECK_WINDOW(&p, utc(2026, 11, 2, 14, 0, 0), 1,
		     utc(2026, 11, 2, 23, 0, 0), "open until 18:00 EST (9 h)");
	/* Sunday 2026-11-01 evening local is Monday in UTC: still closed */
	CHECK_WINDOW(&p, utc(2026, 11, 2, 2, 0, 0), 0,
		     utc(2026, 11, 2, 14, 0, 0),
		     "closed \xe2\x80\x94 next opens Mon 09:00 EST");
}

static struct prgate_localtime moment(int y, int mon, int d, int h, int mi)
{
	struct prgate_localtime lt;
	memset(&lt, 0, sizeof(lt));
	lt.year = y;
	lt.mon = mon;
	lt.day = d;
	lt.hour = h;
	lt.min = mi;
	return lt;
}

static struct prgate_localtime moment_utc(int y, int mon, int d, int h, int mi)
{
	struct prgate_localtime lt = moment(y, mon, d, h, mi);
	lt.has_offset = 1;
	return lt;
}

#define CHECK_FREEZE(p, now, want_text, want_next)                             \
	do {                                                                   \
		struct prgate_freeze_state fs_;                                \
		struct strbuf sb_ = STRBUF_INIT, next_ = STRBUF_INIT;          \
		struct prgate_error err_;                                      \
		CHECK_INT(prgate_freeze_eval(p, now, &fs_, &err_), PRGATE_OK); \
		prgate_freeze_describe(&fs_, &sb_);                            \
		prgate_freeze_describe_next(&fs_, &next_);                     \
		CHECK_STR(sb_.buf, want_text);                                 \
		CHECK_STR(next_.buf, want_next);                               \
		strbuf_release(&sb_);                                          \
		strbuf_release(&next_);                                        \
	} while (0)

static void test_freezes(void)
{
	struct prgate_policy p;
	struct prgate_freeze f[3];
	struct prgate_freeze_state fs;
	struct prgate_error err;
	struct prgate_localtime lt;
	char holidays[] = "holidays", utc_reason[] = "utc", stock[] = "stock";
	time_t t;

	/* a bound's own offset, else the window's zone */
	lt = moment(2026, 12, 24, 0, 0);
	CHECK_INT(prgate_localtime_to_utc(&lt, ljubljana, &t, &err), PRGATE_OK);
	CHECK_INT(t, utc(2026, 12, 23, 23, 0, 0));
	lt = moment(2026, 7, 1, 0, 0);
	prgate_localtime_to_utc(&lt, ljubljana, &t, &err);
	CHECK_INT(t, utc(2026, 6, 30, 22, 0, 0));
	lt = moment_utc(2026, 12, 24, 0, 0);
	CHECK_INT(prgate_localtime_to_utc(&lt, "Mars/Olympus", &t, &err),
		  PRGATE_OK); /* the zone is not needed */
	CHECK_INT(t, utc(2026, 12, 24, 0, 0, 0));
	lt.offset_min = -330;
	prgate_localtime_to_utc(&lt, ljubljana, &t, &err);
	CHECK_INT(t, utc(2026, 12, 24, 5, 30, 0));
	lt = moment(2026, 3, 29, 2, 30); /* the gap */
	prgate_localtime_to_utc(&lt, ljubljana, &t, &err);
	CHECK_INT(t, utc(2026, 3, 29, 1, 30, 0));
	lt = moment(2026, 13, 1, 0, 0);
	CHECK_INT(prgate_localtime_to_utc(&lt, ljubljana, &t, &err),
		  PRGATE_ERR_INPUT);

	policy_window(&p, ljubljana, WEEKDAYS, 8 * 60, 17 * 60);
	f[0].from = moment(2026, 12, 24, 0, 0);
	f[0].to = moment(2027, 1, 2, 0, 0);
	f[0].reason = holidays;
	p.freezes = f;
	p.nfreezes = 1;
	CHECK_FREEZE(&p, utc(2026, 12, 1, 12, 0, 0), "no freeze",
		     "no freeze within 14 days");
	CHECK_FREEZE(&p, utc(2026, 12, 23, 22, 59, 59), "no freeze",
		     "next freeze: 'holidays' from 24 Dec 00:00 CET until "
		     "2 Jan 00:00 CET (in 1 min)");
	CHECK_FREEZE(&p, utc(2026, 12, 10, 23, 0, 0), "no freeze",
		     "next freeze: 'holidays' from 24 Dec 00:00 CET until "
		     "2 Jan 00:00 CET (in 13 d)");
	/* from inclusive */
	CHECK_INT(
	    prgate_freeze_eval(&p, utc(2026, 12, 23, 23, 0, 0), &fs, &err),
	    PRGATE_OK);
	CHECK(fs.active == &f[0]);
	CHECK_INT(fs.active_from, utc(2026, 12, 23, 23, 0, 0));
	CHECK_INT(fs.active_to, utc(2027, 1, 1, 23, 0, 0));
	CHECK_INT(fs.until, utc(2027, 1, 1, 23, 0, 0));
	CHECK_STR(fs.until_local.abbrev, "CET");
	CHECK(fs.next == NULL);
	CHECK_FREEZE(&p, utc(2026, 12, 23, 23, 0, 0),
		     "freeze: 'holidays' until 2 Jan 00:00 CET",
		     "no freeze within 14 days");
	/* to exclusive */
	CHECK_FREEZE(&p, utc(2027, 1, 1, 22, 59, 59),
		     "freeze: 'holidays' until 2 Jan 00:00 CET",
		     "no freeze within 14 days");
	CHECK_FREEZE(&p, utc(2027, 1, 1, 23, 0, 0), "no freeze",
		     "no freeze within 14 days");

	/* the same dates with an explicit +00:00 offset: an hour later */
	f[0].from = moment_utc(2026, 12, 24, 0, 0);
	f[0].to = moment_utc(2027, 1, 2, 0, 0);
	f[0].reason = utc_reason;
	CHECK_FREEZE(&p, utc(2026, 12, 23, 23, 30, 0), "no freeze",
		     "next freeze: 'utc' from 24 Dec 01:00 CET until "
		     "2 Jan 01:00 CET (in 30 min)");
	CHECK_FREEZE(&p, utc(2026, 12, 24, 0, 0, 0),
		     "freeze: 'utc' until 2 Jan 01:00 CET",
		     "no freeze within 14 days");
	CHECK_FREEZE(&p, utc(2027, 1, 1, 23, 30, 0),
		     "freeze: 'utc' until 2 Jan 01:00 CET",
		     "no freeze within 14 days");
	CHECK_FREEZE(&p, utc(2027, 1, 2, 0, 0, 0), "no freeze",
		     "no freeze within 14 days");

	/* freezes that adjoin: the freeze lasts until the last one ends;
	 * the one ending last is reported */
	f[0].from = moment(2026, 12, 24, 0, 0);
	f[0].to = moment(2027, 1, 2, 0, 0);
	f[0].reason = holidays;
	f[1].from = moment(2027, 1, 2, 0, 0);
	f[1].to = moment(2027, 1, 5, 12, 0);
	f[1].reason = stock;
	/* a freeze that ends before it starts never applies */
	f[2].from = moment(2026, 12, 31, 0, 0);
	f[2].to = moment(2026, 12, 30, 0, 0);
	f[2].reason = utc_reason;
	p.nfreezes = 3;
	prgate_freeze_eval(&p, utc(2026, 12, 30, 12, 0, 0), &fs, &err);
	CHECK(fs.active == &f[0]);
	CHECK_INT(fs.until, utc(2027, 1, 5, 11, 0, 0));
	CHECK(fs.next == &f[1]);
	CHECK_FREEZE(&p, utc(2026, 12, 30, 12, 0, 0),
		     "freeze: 'holidays' until 5 Jan 12:00 CET",
		     "next freeze: 'stock' from 2 Jan 00:00 CET until 5 Jan "
		     "12:00 CET (in 2 d 11 h)");
	CHECK_FREEZE(&p, utc(2027, 1, 1, 23, 0, 0),
		     "freeze: 'stock' until 5 Jan 12:00 CET",
		     "no freeze within 14 days");

	/* a summer freeze across the fall-back change */
	f[0].from = moment(2026, 10, 20, 0, 0);
	f[0].to = moment(2026, 10, 28, 0, 0);
	p.nfreezes = 1;
	prgate_freeze_eval(&p, utc(2026, 10, 19, 22, 0, 0), &fs, &err);
	CHECK(fs.active == &f[0]);
	CHECK_INT(fs.until, utc(2026, 10, 27, 23, 0, 0));
	CHECK_FREEZE(&p, utc(2026, 10, 19, 22, 0, 0),
		     "freeze: 'holidays' until 28 Oct 00:00 CET",
		     "no freeze within 14 days");
	CHECK_FREEZE(&p, utc(2026, 10, 19, 21, 59, 0), "no freeze",
		     "next freeze: 'holidays' from 20 Oct 00:00 CEST until "
		     "28 Oct 00:00 CET (in 1 min)");
	/* a year away */
	f[0].from = moment(2026, 1, 1, 0, 0);
	f[0].to = moment(2027, 1, 1, 0, 0);
	CHECK_FREEZE(&p, utc(2026, 2, 1, 0, 0, 0),
		     "freeze: 'holidays' until 1 Jan 2027 00:00 CET",
		     "no freeze within 14 days");

	/* an unknown window zone */
	p.window.timezone = NULL;
	CHECK_INT(prgate_freeze_eval(&p, 0, &fs, &err), PRGATE_ERR_CONFIG);
}

static void test_downtime(void)
{
	struct prgate_policy p;
	struct prgate_hours blackout[2] = {{WEEKDAYS, 8 * 60, 16 * 60},
					   {0x40u, 10 * 60, 12 * 60}};
	struct prgate_datetime dt;
	struct prgate_downtime_state ds;
	struct prgate_error err;
	time_t start = utc(2026, 12, 1, 21, 0, 0), t;

	policy_window(&p, ljubljana, WEEKDAYS, 8 * 60, 17 * 60);
	p.downtime.blackout = blackout;
	p.downtime.nblackout = 2;

	/* 2026-12-01 is a Tuesday; 22:00 CET is outside the blackout */
	CHECK_INT(prgate_datetime_parse("2026-12-01 22:00 CET", &dt),
		  PRGATE_DT_OK);
	CHECK_INT(
	    prgate_downtime_eval(&p, &dt, start - 72 * 3600, NULL, &ds, &err),
	    PRGATE_OK);
	CHECK_INT(ds.start, start);
	CHECK_INT(ds.notice_sec, 72 * 3600);
	CHECK_INT(ds.required_sec, 72 * 3600);
	CHECK_INT(ds.notice_ok, 1);
	CHECK(ds.blackout == NULL);
	CHECK_INT(ds.blackout_index, -1);
	CHECK_INT(ds.start_local.tm.tm_hour, 22);
	CHECK_STR(ds.start_local.abbrev, "CET");
	/* 71 h 59 min is not enough */
	prgate_downtime_eval(&p, &dt, start - 72 * 3600 + 60, NULL, &ds, &err);
	CHECK_INT(ds.notice_sec, 71 * 3600 + 59 * 60);
	CHECK_INT(ds.notice_ok, 0);
	/* announced after the start */
	prgate_downtime_eval(&p, &dt, start + 60, NULL, &ds, &err);
	CHECK_INT(ds.notice_sec, -60);
	CHECK_INT(ds.notice_ok, 0);

	/* by IANA zone, in the blackout */
	prgate_datetime_parse("2026-12-01 09:30 Europe/Ljubljana", &dt);
	CHECK_INT(prgate_downtime_eval(&p, &dt, 0, NULL, &ds, &err), PRGATE_OK);
	CHECK_INT(ds.start, utc(2026, 12, 1, 8, 30, 0));
	CHECK(ds.blackout == &blackout[0]);
	CHECK_INT(ds.blackout_index, 0);
	{
		/* a blackout that does not apply to this PR */
		const unsigned char second_only[2] = {0, 1};
		prgate_downtime_eval(&p, &dt, 0, second_only, &ds, &err);
		CHECK_INT(ds.blackout_index, -1);
		CHECK(ds.blackout == NULL);
	}
	/* a fixed offset from elsewhere, judged on Ljubljana's clock:
	 * 03:30 EST is 09:30 CET */
	prgate_datetime_parse("2026-12-01 03:30 EST", &dt);
	prgate_downtime_eval(&p, &dt, 0, NULL, &ds, &err);
	CHECK_INT(ds.start, utc(2026, 12, 1, 8, 30, 0));
	CHECK_INT(ds.blackout_index, 0);
	/* the blackout's bounds: start inclusive, end exclusive */
	prgate_datetime_parse("2026-12-01T08:00+01:00", &dt);
	prgate_downtime_eval(&p, &dt, 0, NULL, &ds, &err);
	CHECK_INT(ds.blackout_index, 0);
	prgate_datetime_parse("2026-12-01T07:59:59+01:00", &dt);
	prgate_downtime_eval(&p, &dt, 0, NULL, &ds, &err);
	CHECK_INT(ds.blackout_index, -1);
	prgate_datetime_parse("2026-12-01T15:59:59+01:00", &dt);
	prgate_downtime_eval(&p, &dt, 0, NULL, &ds, &err);
	CHECK_INT(ds.blackout_index, 0);
	prgate_datetime_parse("2026-12-01T16:00:00+01:00", &dt);
	prgate_downtime_eval(&p, &dt, 0, NULL, &ds, &err);
	CHECK_INT(ds.blackout_index, -1);
	CHECK(ds.blackout == NULL);
	/* Saturday 2026-12-05: the second blackout only */
	prgate_datetime_parse("2026-12-05 09:00 Europe/Ljubljana", &dt);
	prgate_downtime_eval(&p, &dt, 0, NULL, &ds, &err);
	CHECK_INT(ds.blackout_index, -1);
	prgate_datetime_parse("2026-12-05 11:00 Europe/Ljubljana", &dt);
	prgate_downtime_eval(&p, &dt, 0, NULL, &ds, &err);
	CHECK_INT(ds.blackout_index, 1);
	CHECK(ds.blackout == &blackout[1]);
	/* summer time: 08:30 CEST is 06:30 UTC */
	prgate_datetime_parse("2026-07-01T06:30Z", &dt);
	prgate_downtime_eval(&p, &dt, 0, NULL, &ds, &err);
	CHECK_INT(ds.blackout_index, 0);
	CHECK_STR(ds.start_local.abbrev, "CEST");

	/* a downtime start written in New York's gap */
	prgate_datetime_parse("2026-03-08 02:30 America/New_York", &dt);
	CHECK_INT(prgate_datetime_to_utc(&dt, &t, &err), PRGATE_OK);
	CHECK_INT(t, utc(2026, 3, 8, 7, 30, 0));
	/* ET is New York's clock, daylight saving included: 16:00 EST in
	 * December, 16:00 EDT in July */
	prgate_datetime_parse("2026-12-10 16:00 ET", &dt);
	CHECK_INT(prgate_datetime_to_utc(&dt, &t, &err), PRGATE_OK);
	CHECK_INT(t, utc(2026, 12, 10, 21, 0, 0));
	prgate_datetime_parse("2026-07-10 16:00 ET", &dt);
	CHECK_INT(prgate_datetime_to_utc(&dt, &t, &err), PRGATE_OK);
	CHECK_INT(t, utc(2026, 7, 10, 20, 0, 0));
	prgate_datetime_parse("2026-12-10 13:00 PT", &dt);
	CHECK_INT(prgate_datetime_to_utc(&dt, &t, &err), PRGATE_OK);
	CHECK_INT(t, utc(2026, 12, 10, 21, 0, 0));

	/* an abbreviation is checked against its zone on that date */
	{
		char now_in[16];
		int ok = -1;
		prgate_datetime_parse("2026-12-10 16:00 EDT", &dt);
		CHECK_INT(
		    prgate_datetime_zone_check(&dt, &ok, now_in, NULL, &err),
		    PRGATE_OK);
		CHECK_INT(ok, 0);
		CHECK_STR(now_in, "EST");
		prgate_datetime_parse("2026-07-10 16:00 EDT", &dt);
		prgate_datetime_zone_check(&dt, &ok, now_in, NULL, &err);
		CHECK_INT(ok, 1);
		prgate_datetime_parse("2026-12-10 16:00 EST", &dt);
		prgate_datetime_zone_check(&dt, &ok, now_in, NULL, &err);
		CHECK_INT(ok, 1);
		prgate_datetime_parse("2026-07-10 16:00 CET", &dt);
		prgate_datetime_zone_check(&dt, &ok, now_in, NULL, &err);
		CHECK_INT(ok, 0);
		CHECK_STR(now_in, "CEST");
		/* the night the clocks fall back: 01:30 happens as EDT and
		 * then as EST, both are right */
		prgate_datetime_parse("2026-11-01 01:30 EDT", &dt);
		prgate_datetime_zone_check(&dt, &ok, now_in, NULL, &err);
		CHECK_INT(ok, 1);
		prgate_datetime_parse("2026-11-01 01:30 EST", &dt);
		prgate_datetime_zone_check(&dt, &ok, now_in, NULL, &err);
		CHECK_INT(ok, 1);
		/* nothing to check: offsets, names, zones without DST */
		prgate_datetime_parse("2026-07-10 16:00 +01:00", &dt);
		prgate_datetime_zone_check(&dt, &ok, now_in, NULL, &err);
		CHECK_INT(ok, 1);
		prgate_datetime_parse("2026-07-10 16:00 JST", &dt);
		prgate_datetime_zone_check(&dt, &ok, now_in, NULL, &err);
		CHECK_INT(ok, 1);
		prgate_datetime_parse("2026-07-10 16:00 ET", &dt);
		prgate_datetime_zone_check(&dt, &ok, now_in, NULL, &err);
		CHECK_INT(ok, 1);
	}

	/* no zone at all */
	memset(&dt, 0, sizeof(dt));
	dt.year = 2026;
	dt.mon = 12;
	dt.day = 1;
	CHECK_INT(prgate_downtime_eval(&p, &dt, 0, NULL, &ds, &err),
		  PRGATE_ERR_INPUT);
	CHECK_STR(err.message, "time 2026-12-01 00:00 has no time zone");
}

#define CHECK_RFC3339(s, want)                                                 \
	do {                                                                   \
		time_t t_ = 0;                                                 \
		struct prgate_error e_;                                        \
		CHECK_INT(prgate_rfc3339_parse(s, &t_, &e_), PRGATE_OK);       \
		CHECK_INT(t_, want);                                           \
	} while (0)

#define CHECK_RFC3339_BAD(s, want_msg)                                         \
	do {                                                                   \
		time_t t_ = 0;                                                 \
		struct prgate_error e_;                                        \
		CHECK_INT(prgate_rfc3339_parse(s, &t_, &e_),                   \
			  PRGATE_ERR_USAGE);                                   \
		CHECK_STR(e_.message, want_msg);                               \
	} while (0)

static void test_rfc3339(void)
{
	struct strbuf sb = STRBUF_INIT;
	time_t want = utc(2026, 12, 24, 15, 55, 0);

	CHECK_RFC3339("2026-12-24T16:55:00+01:00", want);
	CHECK_RFC3339("2026-12-24T15:55:00Z", want);
	CHECK_RFC3339("2026-12-24t15:55:00z", want);
	CHECK_RFC3339("2026-12-24 15:55:00Z", want);
	CHECK_RFC3339("2026-12-24T15:55:00.999999Z", want);
	CHECK_RFC3339("2026-12-24T15:55:00.5-00:00", want);
	CHECK_RFC3339("2026-12-24T10:25:00-05:30", want);
	CHECK_RFC3339("2026-12-25T01:55:00+10:00", want);
	CHECK_RFC3339("2026-12-24T16:55+01:00", want);
	CHECK_RFC3339("2026-12-24T15:55:07Z", want + 7);
	CHECK_RFC3339("2028-02-29T00:00:00Z", utc(2028, 2, 29, 0, 0, 0));
	CHECK_RFC3339("1970-01-01T00:00:00Z", 0);
	CHECK_RFC3339("1969-12-31T23:59:59Z", -1);

	CHECK_RFC3339_BAD("", "empty time: expected an RFC 3339 time such as "
			      "2026-12-24T16:55:00+01:00");
	CHECK_RFC3339_BAD("2026-12-24T16:55:00",
			  "invalid time '2026-12-24T16:55:00': missing UTC "
			  "offset (add Z or +HH:MM)");
	CHECK_RFC3339_BAD("2026-12-24T16:55:00.25",
			  "invalid time '2026-12-24T16:55:00.25': missing UTC "
			  "offset (add Z or +HH:MM)");
	CHECK_RFC3339_BAD("2026-12-24",
			  "invalid time '2026-12-24': expected an RFC 3339 "
			  "time such as 2026-12-24T16:55:00+01:00");
	CHECK_RFC3339_BAD("tomorrow 17:00",
			  "invalid time 'tomorrow 17:00': expected an RFC "
			  "3339 time such as 2026-12-24T16:55:00+01:00");
	CHECK_RFC3339_BAD("2026-12-24T16:5:00Z",
			  "invalid time '2026-12-24T16:5:00Z': expected an RFC "
			  "3339 time such as 2026-12-24T16:55:00+01:00");
	CHECK_RFC3339_BAD("2026-02-30T00:00:00Z",
			  "invalid time '2026-02-30T00:00:00Z': no such date "
			  "or time of day");
	CHECK_RFC3339_BAD("2026-12-24T24:00:00Z",
			  "invalid time '2026-12-24T24:00:00Z': no such date "
			  "or time of day");
	CHECK_RFC3339_BAD("2026-12-24T16:55:61Z",
			  "invalid time '2026-12-24T16:55:61Z': no such date "
			  "or time of day");
	CHECK_RFC3339_BAD("2026-12-24T16:55:0Z",
			  "invalid time '2026-12-24T16:55:0Z': the seconds "
			  "need two digits");
	CHECK_RFC3339_BAD("2026-12-24T16:55:00.Z",
			  "invalid time '2026-12-24T16:55:00.Z': a digit must "
			  "follow the decimal point");
	CHECK_RFC3339_BAD("2026-12-24T16:55:00+0100",
			  "invalid time '2026-12-24T16:55:00+0100': the UTC "
			  "offset must be Z or +HH:MM / -HH:MM");
	CHECK_RFC3339_BAD("2026-12-24T16:55:00 CET",
			  "invalid time '2026-12-24T16:55:00 CET': the UTC "
			  "offset must be Z or +HH:MM / -HH:MM");
	CHECK_RFC3339_BAD("2026-12-24T16:55:00+24:00",
			  "invalid time '2026-12-24T16:55:00+24:00': UTC "
			  "offset out of range");
	CHECK_RFC3339_BAD("2026-12-24T16:55:00+01:00 please",
			  "invalid time '2026-12-24T16:55:00+01:00 please': "
			  "unexpected ' please' after the UTC offset");
	CHECK_RFC3339_BAD("2026-12-24T16:55:00ZZ",
			  "invalid time '2026-12-24T16:55:00ZZ': unexpected "
			  "'Z' after the UTC offset");

	prgate_rfc3339_format(&sb, utc(2026, 3, 30, 6, 0, 0), 0);
	CHECK_STR(sb.buf, "2026-03-30T06:00:00Z");
	strbuf_reset(&sb);
	prgate_rfc3339_format(&sb, utc(2026, 3, 30, 6, 0, 0), 7200);
	CHECK_STR(sb.buf, "2026-03-30T08:00:00+02:00");
	strbuf_reset(&sb);
	prgate_rfc3339_format(&sb, want, -19800);
	CHECK_STR(sb.buf, "2026-12-24T10:25:00-05:30");
	strbuf_reset(&sb);
	prgate_rfc3339_format(&sb, -1, 0);
	CHECK_STR(sb.buf, "1969-12-31T23:59:59Z");
	strbuf_release(&sb);
}

#define CHECK_DURATION(secs, want)                                             \
	do {                                                                   \
		struct strbuf sb_ = STRBUF_INIT;                               \
		prgate_duration_format(&sb_, secs);                            \
		CHECK_STR(sb_.buf, want);                                      \
		strbuf_release(&sb_);                                          \
	} while (0)

static void test_durations(void)
{
	CHECK_DURATION(0, "0 min");
	CHECK_DURATION(-5, "0 min");
	CHECK_DURATION(1, "1 min");
	CHECK_DURATION(60, "1 min");
	CHECK_DURATION(61, "2 min");
	CHECK_DURATION(45 * 60, "45 min");
	CHECK_DURATION(2 * 3600 + 13 * 60, "2 h 13 min");
	CHECK_DURATION(2 * 3600, "2 h");
	CHECK_DURATION(3 * 86400 + 2 * 3600, "3 d 2 h");
	CHECK_DURATION(3 * 86400 + 2 * 3600 + 59 * 60, "3 d 2 h");
	CHECK_DURATION(86400, "1 d");
}

static void test_expiry(void)
{
	struct prgate_policy p;
	struct prgate_freeze f[1];
	struct prgate_error err;
	char reason[] = "launch";
	const unsigned both = PRGATE_CLOCK_WINDOW | PRGATE_CLOCK_FREEZE;
	time_t t;

	policy_window(&p, ljubljana, WEEKDAYS, 8 * 60, 17 * 60);
	/* open: the close */
	CHECK_INT(
	    prgate_clock_expires(&p, utc(2026, 1, 12, 9, 0, 0), both, &t, &err),
	    PRGATE_OK);
	CHECK_INT(t, utc(2026, 1, 12, 16, 0, 0));
	/* closed on Friday evening before the spring change: Monday CEST */
	prgate_clock_expires(&p, utc(2026, 3, 27, 16, 0, 0), both, &t, &err);
	CHECK_INT(t, utc(2026, 3, 30, 6, 0, 0));
	/* the window not counted: nothing the clock changes */
	t = 1;
	CHECK_INT(prgate_clock_expires(&p, utc(2026, 1, 12, 9, 0, 0),
				       PRGATE_CLOCK_FREEZE, &t, &err),
		  PRGATE_OK);
	CHECK_INT(t, 0);
	t = 1;
	prgate_clock_expires(&p, utc(2026, 1, 12, 9, 0, 0), 0, &t, &err);
	CHECK_INT(t, 0);
	/* a freeze starting first wins */
	f[0].from = moment(2026, 1, 12, 12, 0);
	f[0].to = moment(2026, 1, 14, 0, 0);
	f[0].reason = reason;
	p.freezes = f;
	p.nfreezes = 1;
	prgate_clock_expires(&p, utc(2026, 1, 12, 9, 0, 0), both, &t, &err);
	CHECK_INT(t, utc(2026, 1, 12, 11, 0, 0));
	/* inside it, the window's close changes nothing: the freeze ends
	 * at midnight, when the window is closed, so deploying is next
	 * allowed when it opens on Wednesday */
	prgate_clock_expires(&p, utc(2026, 1, 12, 11, 0, 0), both, &t, &err);
	CHECK_INT(t, utc(2026, 1, 14, 7, 0, 0));
	/* the same at night */
	prgate_clock_expires(&p, utc(2026, 1, 13, 22, 0, 0), both, &t, &err);
	CHECK_INT(t, utc(2026, 1, 14, 7, 0, 0));
	/* only the window counts: its close */
	prgate_clock_expires(&p, utc(2026, 1, 12, 11, 0, 0),
			     PRGATE_CLOCK_WINDOW, &t, &err);
	CHECK_INT(t, utc(2026, 1, 12, 16, 0, 0));
	/* only the freeze counts: its end */
	prgate_clock_expires(&p, utc(2026, 1, 12, 11, 0, 0),
			     PRGATE_CLOCK_FREEZE, &t, &err);
	CHECK_INT(t, utc(2026, 1, 13, 23, 0, 0));
	/* always open, no freezes: never */
	policy_window(&p, ljubljana, EVERY_DAY, 0, 24 * 60);
	prgate_clock_expires(&p, utc(2026, 1, 12, 9, 0, 0), both, &t, &err);
	CHECK_INT(t, 0);
	/* always open, a freeze far ahead */
	f[0].from = moment(2026, 6, 1, 0, 0);
	f[0].to = moment(2026, 6, 2, 0, 0);
	p.freezes = f;
	p.nfreezes = 1;
	prgate_clock_expires(&p, utc(2026, 1, 12, 9, 0, 0), both, &t, &err);
	CHECK_INT(t, utc(2026, 5, 31, 22, 0, 0));
}

/* Absolute: the same words wherever now is (the bot's comment). */
static void test_absolute(void)
{
	struct prgate_policy p;
	struct prgate_window_state ws;
	struct prgate_error err;
	struct strbuf sb = STRBUF_INIT;
	/* Fri 27 Nov 2026 17:30 and Sat 28 Nov 10:00 CET: both closed */
	const time_t at[] = {utc(2026, 11, 27, 16, 30, 0),
			     utc(2026, 11, 28, 9, 0, 0)};

	policy_window(&p, ljubljana, WEEKDAYS, 8 * 60, 17 * 60);
	for (size_t i = 0; i < 2; i++) {
		CHECK_INT(prgate_window_eval(&p, at[i], &ws, &err), PRGATE_OK);
		ws.absolute = 1;
		strbuf_reset(&sb);
		prgate_window_describe(&ws, &sb);
		CHECK_STR(
		    sb.buf,
		    "closed \xe2\x80\x94 next opens Mon 30 Nov 08:00 CET");
	}
	/* open: no countdown */
	CHECK_INT(prgate_window_eval(&p, utc(2026, 11, 25, 9, 0, 0), &ws, &err),
		  PRGATE_OK);
	ws.absolute = 1;
	strbuf_reset(&sb);
	prgate_window_describe(&ws, &sb);
	CHECK_STR(sb.buf, "open until Wed 25 Nov 17:00 CET");
	ws.absolute = 0;
	strbuf_reset(&sb);
	prgate_window_describe(&ws, &sb);
	CHECK_STR(sb.buf, "open until 17:00 CET (7 h)");
	strbuf_release(&sb);
}

void test_clock(void)
{
	test_absolute();
	test_zones();
	test_unknown_zone();
	test_tz_restored();
	test_window();
	test_freezes();
	test_downtime();
	test_rfc3339();
	test_durations();
	test_expiry();
}
