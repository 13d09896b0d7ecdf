/*
 * datetime.h - the dates, times and durations people write in PR
 * descriptions: "2026-12-01 22:00 CET", "2026-12-01T22:00+01:00",
 * "2026-12-01 22:00 Europe/Ljubljana", "1 h 30 min", "90 minutes".
 *
 * Pure parsing: no clock, no allocation. Abbreviations are read as
 * their fixed offset (EDT is -04:00 whatever the date); whether one is
 * in effect on its date is the clock's question
 * (prgate_datetime_zone_check in linter/clock.h). A time zone given by IANA
 * name is checked against the system zone database (support/tz.h) and kept by
 * name; turning it into an offset is the clock's job.
 */
#ifndef PRGATE_DATETIME_H
#define PRGATE_DATETIME_H

struct prgate_datetime {
	int year, mon, day, hour, min, sec; /* mon 1-12 */
	/* The zone: either a fixed offset (from "Z", "+01:00" or an
	 * abbreviation such as CET) or an IANA name. */
	int has_offset;
	int offset_min; /* east of UTC */
	char zone[64];	/* as written: "CET", "+01:00", "Europe/Paris" */
	/* Read in the zone database (tzdb): an IANA name, or ET, CT, MT,
	 * PT (the US zones: America/New_York, America/Chicago,
	 * America/Denver, America/Los_Angeles, daylight saving included). */
	int zone_is_iana;
	/* The zone database name that governs the zone: the IANA name
	 * itself, the US zone of ET/CT/MT/PT, or for an abbreviation of a
	 * zone with daylight saving the zone it is checked in on its date
	 * (EST and EDT: America/New_York; CET and CEST: Europe/Berlin);
	 * "" for an offset or an abbreviation without daylight saving. */
	char tzdb[64];
};

enum prgate_datetime_result {
	PRGATE_DT_OK,
	PRGATE_DT_NO_DATE,  /* no YYYY-MM-DD HH:MM at the start */
	PRGATE_DT_BAD_DATE, /* out of range: 2026-02-30, 25:00 */
	PRGATE_DT_NO_ZONE,  /* a time but no zone after it */
	PRGATE_DT_BAD_ZONE, /* a zone that is neither known nor in tzdata */
};

/*
 * Parse a date-time with zone at the start of s (leading spaces
 * skipped; anything after the zone is ignored).
 */
enum prgate_datetime_result prgate_datetime_parse(const char *s,
						  struct prgate_datetime *out);

/*
 * Parse a duration: one or more "NUMBER UNIT" pairs (h, hr, hour(s), m,
 * min(s), minute(s); decimals allowed: "1.5 h"), after optional words
 * such as "about". Returns the total in minutes (> 0), or -1.
 */
int prgate_duration_parse(const char *s);

/* Exactly n ASCII digits at s (no sign, no space): 1 and *out, or 0. */
int prgate_digits(const char *s, int n, int *out);

#endif
