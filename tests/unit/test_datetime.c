/*
 * test_datetime.c - written dates, times with zones, and durations.
 */
#include "support/datetime.h"
#include "test.h"

static int parse(const char *s, struct prgate_datetime *dt)
{
	return (int)prgate_datetime_parse(s, dt);
}

void test_datetime(void)
{
	struct prgate_datetime dt;

	CHECK_INT(parse("2026-12-01 22:00 CET", &dt), PRGATE_DT_OK);
	CHECK_INT(dt.year, 2026);
	CHECK_INT(dt.mon, 12);
	CHECK_INT(dt.day, 1);
	CHECK_INT(dt.hour, 22);
	CHECK_INT(dt.has_offset, 1);
	CHECK_INT(dt.offset_min, 60);
	CHECK_STR(dt.zone, "CET");

	CHECK_INT(parse("2026-12-01T22:00:30+05:30 (the evening)", &dt),
		  PRGATE_DT_OK);
	CHECK_INT(dt.sec, 30);
	CHECK_INT(dt.offset_min, 330);
	CHECK_STR(dt.zone, "+05:30");

	CHECK_INT(parse("2026-12-01T22:00Z", &dt), PRGATE_DT_OK);
	CHECK_INT(dt.offset_min, 0);
	CHECK_INT(parse("2026-03-29 02:30 Europe/Ljubljana", &dt),
		  PRGATE_DT_OK);
	CHECK_INT(dt.zone_is_iana, 1);
	CHECK_INT(dt.has_offset, 0);
	CHECK_STR(dt.zone, "Europe/Ljubljana");
	CHECK_INT(parse("2026-07-04 09:00 America/New_York", &dt),
		  PRGATE_DT_OK);
	CHECK_INT(parse("2026-07-04 09:00 UTC+2", &dt), PRGATE_DT_OK);
	CHECK_INT(dt.offset_min, 120);
	CHECK_INT(parse("2026-07-04 09:00 GMT-05:00", &dt), PRGATE_DT_OK);
	CHECK_INT(dt.offset_min, -300);
	CHECK_INT(parse("2026-07-04 09:00 PDT", &dt), PRGATE_DT_OK);
	CHECK_INT(dt.offset_min, -420);

	/* an offset or Z after a space, as people write them */
	CHECK_INT(parse("2026-12-10 21:00 +01:00", &dt), PRGATE_DT_OK);
	CHECK_INT(dt.has_offset, 1);
	CHECK_INT(dt.offset_min, 60);
	CHECK_STR(dt.zone, "+01:00");
	CHECK_INT(parse("2026-12-10 21:00 Z", &dt), PRGATE_DT_OK);
	CHECK_INT(dt.has_offset, 1);
	CHECK_INT(dt.offset_min, 0);
	CHECK_INT(parse("2026-12-10 21:00 -0500", &dt), PRGATE_DT_OK);
	CHECK_INT(dt.offset_min, -300);
	/* the US zones by their generic names, read in the zone database */
	CHECK_INT(parse("2026-12-10 16:00 ET", &dt), PRGATE_DT_OK);
	CHECK_INT(dt.has_offset, 0);
	CHECK_INT(dt.zone_is_iana, 1);
	CHECK_STR(dt.zone, "ET");
	CHECK_STR(dt.tzdb, "America/New_York");
	CHECK_INT(parse("2026-12-10 16:00 PT", &dt), PRGATE_DT_OK);
	CHECK_STR(dt.tzdb, "America/Los_Angeles");
	CHECK_INT(parse("2026-12-10 16:00 CT", &dt), PRGATE_DT_OK);
	CHECK_STR(dt.tzdb, "America/Chicago");
	CHECK_INT(parse("2026-12-10 16:00 MT", &dt), PRGATE_DT_OK);
	CHECK_STR(dt.tzdb, "America/Denver");
	/* an abbreviation with daylight saving names the zone it is
	 * checked in; one without it names none */
	CHECK_INT(parse("2026-12-10 16:00 EDT", &dt), PRGATE_DT_OK);
	CHECK_INT(dt.offset_min, -240);
	CHECK_STR(dt.tzdb, "America/New_York");
	CHECK_INT(parse("2026-12-10 16:00 CET", &dt), PRGATE_DT_OK);
	CHECK_STR(dt.tzdb, "Europe/Berlin");
	CHECK_INT(parse("2026-12-10 16:00 JST", &dt), PRGATE_DT_OK);
	CHECK_STR(dt.tzdb, "");
	CHECK_INT(parse("2026-12-10 16:00 Europe/Ljubljana", &dt),
		  PRGATE_DT_OK);
	CHECK_STR(dt.tzdb, "Europe/Ljubljana");

	CHECK_INT(parse("2026-12-01 22:00", &dt), PRGATE_DT_NO_ZONE);
	CHECK_INT(parse("2026-12-01 22:00 tonight", &dt), PRGATE_DT_NO_ZONE);
	CHECK_INT(parse("2026-12-01 22:00 Europe/Atlantis", &dt),
		  PRGATE_DT_BAD_ZONE);
	CHECK_INT(parse("2026-12-01 22:00 XYZT", &dt), PRGATE_DT_BAD_ZONE);
	CHECK_INT(parse("2026-02-29 10:00 CET", &dt), PRGATE_DT_BAD_DATE);
	CHECK_INT(parse("2028-02-29 10:00 CET", &dt), PRGATE_DT_OK);
	CHECK_INT(parse("2026-12-01 25:00 CET", &dt), PRGATE_DT_BAD_DATE);
	CHECK_INT(parse("tomorrow 22:00 CET", &dt), PRGATE_DT_NO_DATE);
	CHECK_INT(parse("", &dt), PRGATE_DT_NO_DATE);
	CHECK_INT(parse("2026-12-01", &dt), PRGATE_DT_NO_DATE);

	CHECK_INT(prgate_duration_parse("30 min"), 30);
	CHECK_INT(prgate_duration_parse("1 h 30 min"), 90);
	CHECK_INT(prgate_duration_parse("1h30m"), 90);
	CHECK_INT(prgate_duration_parse("about 2 hours"), 120);
	CHECK_INT(prgate_duration_parse("1.5 hours"), 90);
	CHECK_INT(prgate_duration_parse("2 hours and 15 minutes"), 135);
	CHECK_INT(prgate_duration_parse("90 MINUTES"), 90);
	CHECK_INT(prgate_duration_parse("a while"), -1);
	CHECK_INT(prgate_duration_parse("30"), -1);
	CHECK_INT(prgate_duration_parse("30 parsecs"), -1);
	CHECK_INT(prgate_duration_parse("0 min"), -1);
	CHECK_INT(prgate_duration_parse("99999999 hours"), -1);
}
