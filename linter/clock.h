/*
 * clock.h - the clock: time zones, the deployment window, freezes and
 * downtime notices, evaluated at a given instant.
 *
 * Time zones come from the system's zone database: a call sets TZ to
 * the zone's name, runs tzset() and localtime_r(), and puts the previous
 * TZ back (set or unset) before it returns. A zone is refused with
 * PRGATE_ERR_CONFIG unless prgate_tz_exists() accepts it, since glibc
 * would quietly read an unknown name as UTC. Because TZ is process-wide
 * these functions are not thread-safe; nothing else may read local time
 * while one runs.
 *
 * Local wall times are read like this:
 *   - a wall time that does not exist because the clocks jump forward
 *     (02:30 on 2026-03-29 in Europe/Ljubljana) is read with the offset
 *     in force before the jump, so it lands as far past the gap as it
 *     was into it: 02:30 CET is 03:30 CEST, 01:30 UTC;
 *   - a wall time that happens twice because the clocks fall back
 *     (02:30 on 2026-10-25 in Europe/Ljubljana) is its first, earlier
 *     occurrence: 02:30 CEST, 00:30 UTC.
 *
 * The window and blackout hours are laid on the local calendar: a day's
 * window runs from its start wall time to its end wall time (24:00 is
 * the next day's 00:00), so on the 23- and 25-hour days of a clock
 * change an all-day window lasts 23 or 25 hours.
 *
 * The states below hold copies of everything except the pointers into
 * the policy, which stay valid as long as the policy does; nothing here
 * needs freeing. Core code: nothing prints.
 */
#ifndef PRGATE_CLOCK_H
#define PRGATE_CLOCK_H

#include <time.h>

#include "support/datetime.h"
#include "linter/policy.h"
#include "support/status.h"
#include "support/strbuf.h"

/* How far ahead the next opening, close or freeze is looked for. */
#define PRGATE_CLOCK_HORIZON_DAYS 14

/* An instant as the clocks in one zone show it. */
struct prgate_zonetime {
	struct tm tm;	 /* local; tm_zone is NULL (see abbrev) */
	long offset_sec; /* east of UTC, daylight saving included */
	char abbrev[16]; /* "CET", "CEST", "EST", "EDT", "+0530" */
};

/* UTC instant t in zone, e.g. "Europe/Ljubljana". */
enum prgate_status prgate_zone_to_local(const char *zone, time_t t,
					struct prgate_zonetime *out,
					struct prgate_error *err);
/*
 * The UTC instant of a wall time in zone (mon 1-12, hour 0-23, sec
 * 0-60), with gaps and overlaps read as described above.
 * PRGATE_ERR_INPUT for a date or time out of range.
 */
enum prgate_status prgate_zone_to_utc(const char *zone, int year, int mon,
				      int day, int hour, int min, int sec,
				      time_t *out, struct prgate_error *err);

/*
 * A policy moment (a freeze bound): its own offset, else zone.
 * PRGATE_ERR_INPUT for a date or time out of range; the zone is only
 * looked at (and refused when unknown) without an offset.
 */
enum prgate_status prgate_localtime_to_utc(const struct prgate_localtime *lt,
					   const char *zone, time_t *out,
					   struct prgate_error *err);
/*
 * A written date-time (a downtime start): its fixed offset, or its IANA
 * zone. PRGATE_ERR_INPUT when it has neither.
 */
enum prgate_status prgate_datetime_to_utc(const struct prgate_datetime *dt,
					  time_t *out,
					  struct prgate_error *err);
/*
 * Whether the abbreviation a date-time was written with is in effect on
 * its date in the zone that uses it (dt->tzdb): *ok is 0 for "EDT" on
 * 2026-12-10 (New York is on EST then), with the abbreviation in effect
 * at that instant in now_in ("EST") and its offset in *offset_sec
 * (when not NULL). *ok is 1 when it is in effect, and when there is
 * nothing to check: an offset, a zone name, ET/CT/MT/PT, an
 * abbreviation of a zone without daylight saving (JST).
 */
enum prgate_status prgate_datetime_zone_check(const struct prgate_datetime *dt,
					      int *ok, char now_in[16],
					      long *offset_sec,
					      struct prgate_error *err);

/*
 * Parse an RFC 3339 time such as "2026-12-24T16:55:00+01:00" or
 * "2026-12-24T15:55:00.250Z" (the --at option). 't' or a space may
 * stand for 'T' and 'z' for 'Z'; fractional seconds are dropped; the
 * seconds may be left out ("2026-12-24T16:55+01:00"); the UTC offset
 * is required. Anything else, trailing text included, is
 * PRGATE_ERR_USAGE with a message saying what is wrong.
 */
enum prgate_status prgate_rfc3339_parse(const char *s, time_t *out,
					struct prgate_error *err);
/*
 * The --at option: an RFC 3339 time as above, or a local date-time with
 * no offset ("2026-12-24T16:55", "2026-12-24 16:55:30") read in zone
 * (the deployment window's). A local time that does not exist (a spring
 * forward gap) or that happens twice (a fall back) is PRGATE_ERR_USAGE
 * saying so: give an offset then.
 */
enum prgate_status prgate_at_parse(const char *s, const char *zone, time_t *out,
				   struct prgate_error *err);
/*
 * Append t as RFC 3339 at offset_sec east of UTC: "2026-03-30T06:00:00Z"
 * when offset_sec is 0, else "2026-03-30T08:00:00+02:00".
 */
void prgate_rfc3339_format(struct strbuf *sb, time_t t, long offset_sec);

/*
 * Append a duration, its seconds rounded up to whole minutes:
 * "45 min", "2 h 13 min", "2 h"; from a day on without the minutes:
 * "3 d 2 h", "3 d". Negative durations count as 0 ("0 min").
 */
void prgate_duration_format(struct strbuf *sb, long long seconds);

struct prgate_window_state {
	time_t now;
	struct prgate_zonetime now_local;
	int open;
	/* When open: */
	int has_close;		/* 0: open beyond the horizon */
	time_t closes_at;	/* UTC; the end of back-to-back windows */
	long long seconds_left; /* closes_at - now */
	long minutes_left;	/* seconds_left rounded up: 1 s is 1 min */
	/* When closed: */
	int has_next; /* 0: no opening within the horizon */
	time_t next_open;
	/* closes_at or next_open in the window's zone (when has_*). */
	struct prgate_zonetime at;
	/* set by the caller after prgate_window_eval(): describe it in
	 * absolute times only, the same words wherever now is ("open until
	 * Wed 25 Nov 17:00 CET", "next opens Mon 30 Nov 08:00 CET") */
	int absolute;
};

/*
 * Whether the policy's window is open at now (start inclusive, end
 * exclusive) and when that changes. PRGATE_ERR_CONFIG for an unknown
 * zone.
 */
enum prgate_status prgate_window_eval(const struct prgate_policy *p, time_t now,
				      struct prgate_window_state *out,
				      struct prgate_error *err);
/* "Mon 30 Nov 08:00": zt's weekday, date and time, without its zone. */
void prgate_zonetime_format(struct strbuf *sb,
			    const struct prgate_zonetime *zt);

/*
 * Append "open until 17:00 CET (2 h 13 min)" (the weekday goes before
 * the time when the close is on another day: "open until Sat 00:00
 * CET (4 d 3 h)"), "closed — next opens Mon 08:00 CET" (with the date,
 * "Mon 6 Apr 08:00 CEST", a week or more ahead), "open, no close
 * within 14 days" or "closed, no opening within 14 days".
 */
void prgate_window_describe(const struct prgate_window_state *st,
			    struct strbuf *sb);

struct prgate_freeze_state {
	time_t now;
	struct prgate_zonetime now_local; /* in the window's zone */
	/* The active freeze (from <= now < to), or NULL; when several
	 * are, the one that ends last. */
	const struct prgate_freeze *active;
	time_t active_from, active_to;
	/* When no freeze is active any more: active_to, or later when
	 * other freezes overlap or adjoin it. */
	time_t until;
	struct prgate_zonetime until_local; /* in the window's zone */
	/* The next freeze to start (now < from <= now + 14 days), or
	 * NULL; informational. */
	const struct prgate_freeze *next;
	time_t next_from, next_to;
	struct prgate_zonetime next_from_local, next_to_local;
	/* set by the caller after prgate_freeze_eval(): no "(in 3 d 2 h)" */
	int absolute;
};

/*
 * The freezes at now. Bounds without an offset are in the window's
 * zone; a freeze whose to is not after its from never applies.
 */
enum prgate_status prgate_freeze_eval(const struct prgate_policy *p, time_t now,
				      struct prgate_freeze_state *out,
				      struct prgate_error *err);
/* "freeze: 'holidays' until 2 Jan 00:00 CET", or "no freeze". */
void prgate_freeze_describe(const struct prgate_freeze_state *st,
			    struct strbuf *sb);
/*
 * "next freeze: 'release' from 10 Dec 00:00 CET until 14 Dec 00:00 CET
 * (in 3 d 2 h)", or "no freeze within 14 days".
 */
void prgate_freeze_describe_next(const struct prgate_freeze_state *st,
				 struct strbuf *sb);

struct prgate_downtime_state {
	time_t start;		/* UTC */
	long long notice_sec;	/* start - announced_at; may be negative */
	long long required_sec; /* downtime.notice_hours in seconds */
	int notice_ok;		/* notice_sec >= required_sec */
	/* The start in the window's zone, and the blackout it falls in
	 * (start inclusive, end exclusive), or NULL / -1. */
	struct prgate_zonetime start_local;
	const struct prgate_hours *blackout;
	int blackout_index;
};

/*
 * A downtime starting at start, announced at announced_at (UTC); only
 * the blackouts with applies[i] set count (applies NULL: all of them).
 * PRGATE_ERR_INPUT when start has no zone, PRGATE_ERR_CONFIG for an
 * unknown zone.
 */
enum prgate_status prgate_downtime_eval(const struct prgate_policy *p,
					const struct prgate_datetime *start,
					time_t announced_at,
					const unsigned char *applies,
					struct prgate_downtime_state *out,
					struct prgate_error *err);

/* The parts of the clock a verdict depends on (prgate_clock_expires). */
enum {
	PRGATE_CLOCK_WINDOW = 1, /* the window must be open */
	PRGATE_CLOCK_FREEZE = 2, /* no freeze may be on */
};

/*
 * When the clock alone changes whether deploying is allowed: the first
 * instant after now at which "the window is open and no freeze is on"
 * (of the parts given; a part left out always holds) turns from true to
 * false or from false to true. Instants where the window or a freeze
 * changes but the answer does not (the window closing during a freeze,
 * a freeze ending at night) are passed over. *out is 0 when nothing
 * changes: no parts, an always-open window and no freeze ahead, or no
 * change found within 64 of the window's and freezes' changes (the
 * window is searched up to the horizon from each, the freezes however
 * far ahead they are).
 */
enum prgate_status prgate_clock_expires(const struct prgate_policy *p,
					time_t now, unsigned parts, time_t *out,
					struct prgate_error *err);

#endif
