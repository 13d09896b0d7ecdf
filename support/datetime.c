/*
 * datetime.c - parsing of written dates, times and durations (see
 * datetime.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "support/datetime.h"
#include "support/tz.h"
#include "support/util.h"

/* Abbreviations as fixed offsets; those of zones with daylight saving
 * name the zone they are checked in. */
static const struct {
	const char *name;
	int offset_min;
	const char *tzdb;
} abbreviations[] = {
    {"UTC", 0, NULL},
    {"GMT", 0, NULL},
    {"WET", 0, "Europe/Lisbon"},
    {"WEST", 60, "Europe/Lisbon"},
    {"BST", 60, "Europe/London"},
    {"CET", 60, "Europe/Berlin"},
    {"CEST", 120, "Europe/Berlin"},
    {"EET", 120, "Europe/Athens"},
    {"EEST", 180, "Europe/Athens"},
    {"MSK", 180, NULL},
    {"EST", -300, "America/New_York"},
    {"EDT", -240, "America/New_York"},
    {"CST", -360, "America/Chicago"},
    {"CDT", -300, "America/Chicago"},
    {"MST", -420, "America/Denver"},
    {"MDT", -360, "America/Denver"},
    {"PST", -480, "America/Los_Angeles"},
    {"PDT", -420, "America/Los_Angeles"},
    {"AKST", -540, "America/Anchorage"},
    {"AKDT", -480, "America/Anchorage"},
    {"HST", -600, NULL},
    {"JST", 540, NULL},
    {"KST", 540, NULL},
    {"AEST", 600, "Australia/Sydney"},
    {"AEDT", 660, "Australia/Sydney"},
    {"NZST", 720, "Pacific/Auckland"},
    {"NZDT", 780, "Pacific/Auckland"},
};

/* The US zones by their generic names, read in the zone database. */
static const struct {
	const char *name, *tzdb;
} generic_zones[] = {
    {"ET", "America/New_York"},
    {"CT", "America/Chicago"},
    {"MT", "America/Denver"},
    {"PT", "America/Los_Angeles"},
};

int prgate_digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 1;
}

static int days_in_month(int year, int mon)
{
	static const int days[] = {31, 28, 31, 30, 31, 30,
				   31, 31, 30, 31, 30, 31};
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return mon == 2 && leap ? 29 : days[mon - 1];
}

/* "+01:00", "+0100", "+01", "-05:30"; returns characters used or 0. */
static int parse_offset(const char *s, int *offset)
{
	int h, m = 0, n;
	if (*s != '+' && *s != '-')
		return 0;
	if (!prgate_digits(s + 1, 2, &h))
		return 0;
	n = 3;
	if (s[3] == ':' && prgate_digits(s + 4, 2, &m))
		n = 6;
	else if (prgate_digits(s + 3, 2, &m))
		n = 5;
	if (h > 14 || m > 59)
		return 0;
	*offset = (*s == '-' ? -1 : 1) * (h * 60 + m);
	return n;
}

/* The rest of "UTC+1", "GMT-05:00", "UTC+0530": sets *offset. */
static int parse_utc_offset(const char *s, int *offset)
{
	int sign, h = 0, m = 0, nd = 0;
	if (*s != '+' && *s != '-')
		return 0;
	sign = *s++ == '-' ? -1 : 1;
	while (nd < 2 && isdigit((unsigned char)*s)) {
		h = h * 10 + (*s++ - '0');
		nd++;
	}
	if (!nd)
		return 0;
	if (*s == ':')
		s++;
	if (*s && (!prgate_digits(s, 2, &m) || s[2]))
		return 0;
	if (h > 14 || m > 59)
		return 0;
	*offset = sign * (h * 60 + m);
	return 1;
}

static enum prgate_datetime_result parse_zone(const char *s,
					      struct prgate_datetime *out)
{
	size_t n = 0;
	int off;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == 'Z' && !isalnum((unsigned char)s[1])) {
		out->has_offset = 1;
		strcpy(out->zone, "Z");
		return PRGATE_DT_OK;
	}
	if ((n = (size_t)parse_offset(s, &off))) {
		out->has_offset = 1;
		out->offset_min = off;
		memcpy(out->zone, s, n);
		out->zone[n] = '\0';
		return PRGATE_DT_OK;
	}
	while (*s == ' ' || *s == '\t' || *s == '(')
		s++;
	while (isalnum((unsigned char)s[n]) || s[n] == '/' || s[n] == '_' ||
	       s[n] == '-' || s[n] == '+')
		n++;
	if (!n)
		return PRGATE_DT_NO_ZONE;
	if (n >= sizeof(out->zone))
		return PRGATE_DT_BAD_ZONE;
	memcpy(out->zone, s, n);
	out->zone[n] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(abbreviations); i++) {
		size_t an = strlen(abbreviations[i].name);
		if (strncmp(out->zone, abbreviations[i].name, an))
			continue;
		if (!out->zone[an]) {
			out->has_offset = 1;
			out->offset_min = abbreviations[i].offset_min;
			if (abbreviations[i].tzdb)
				snprintf(out->tzdb, sizeof(out->tzdb), "%s",
					 abbreviations[i].tzdb);
			return PRGATE_DT_OK;
		}
		if (abbreviations[i].offset_min == 0 && an == 3 &&
		    parse_utc_offset(out->zone + an, &off)) {
			out->has_offset = 1;
			out->offset_min = off;
			return PRGATE_DT_OK;
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(generic_zones); i++)
		if (!strcmp(out->zone, generic_zones[i].name)) {
			out->zone_is_iana = 1;
			snprintf(out->tzdb, sizeof(out->tzdb), "%s",
				 generic_zones[i].tzdb);
			return PRGATE_DT_OK;
		}
	if (strchr(out->zone, '/') && prgate_tz_exists(out->zone)) {
		out->zone_is_iana = 1;
		memcpy(out->tzdb, out->zone, n + 1);
		return PRGATE_DT_OK;
	}
	/* A word that is not a zone: "tonight", "(Tuesday)". */
	if (!strchr(out->zone, '/') && !isupper((unsigned char)out->zone[1]))
		return PRGATE_DT_NO_ZONE;
	return PRGATE_DT_BAD_ZONE;
}

enum prgate_datetime_result prgate_datetime_parse(const char *s,
						  struct prgate_datetime *out)
{
	memset(out, 0, sizeof(*out));
	while (*s == ' ' || *s == '\t')
		s++;
	if (!prgate_digits(s, 4, &out->year) || s[4] != '-' ||
	    !prgate_digits(s + 5, 2, &out->mon) || s[7] != '-' ||
	    !prgate_digits(s + 8, 2, &out->day) ||
	    (s[10] != ' ' && s[10] != 'T'))
		return PRGATE_DT_NO_DATE;
	s += 11;
	while (*s == ' ')
		s++;
	if (!prgate_digits(s, 2, &out->hour) || s[2] != ':' ||
	    !prgate_digits(s + 3, 2, &out->min))
		return PRGATE_DT_NO_DATE;
	s += 5;
	if (*s == ':' && prgate_digits(s + 1, 2, &out->sec))
		s += 3;
	if (out->mon < 1 || out->mon > 12 || out->day < 1 ||
	    out->day > days_in_month(out->year, out->mon) || out->hour > 24 ||
	    out->min > 59 || out->sec > 60 ||
	    (out->hour == 24 && (out->min || out->sec)))
		return PRGATE_DT_BAD_DATE;
	if (*s == 'Z' || *s == '+' || *s == '-')
		return parse_zone(s, out);
	if (*s != ' ' && *s != '\t' && *s != '(')
		return PRGATE_DT_NO_ZONE;
	return parse_zone(s, out);
}

static const struct {
	const char *unit;
	int minutes;
} units[] = {
    {"h", 60}, {"hr", 60}, {"hrs", 60}, {"hour", 60},  {"hours", 60},
    {"m", 1},  {"min", 1}, {"mins", 1}, {"minute", 1}, {"minutes", 1},
};

int prgate_duration_parse(const char *s)
{
	double total = 0;
	int pairs = 0;

	while (*s && !isdigit((unsigned char)*s))
		s++;
	for (;;) {
		char *end;
		double v;
		size_t n = 0, i;

		while (*s == ' ' || *s == ',' || *s == '\t')
			s++;
		if (pairs && !strncasecmp(s, "and ", 4))
			s += 4;
		if (!isdigit((unsigned char)*s))
			break;
		v = strtod(s, &end);
		s = end;
		while (*s == ' ')
			s++;
		while (isalpha((unsigned char)s[n]))
			n++;
		for (i = 0; i < ARRAY_SIZE(units); i++)
			if (strlen(units[i].unit) == n &&
			    !strncasecmp(s, units[i].unit, n))
				break;
		if (i == ARRAY_SIZE(units))
			break;
		total += v * units[i].minutes;
		pairs++;
		s += n;
	}
	if (!pairs || total < 1 || total > 60 * 24 * 365)
		return -1;
	return (int)(total + 0.5);
}
