/*
 * fuzz_time.c - fuzzes the time parsers and the clock: RFC 3339
 * (prgate_rfc3339_parse, the --at option, and prgate_github_parse_time),
 * written date-times with zones (prgate_datetime_parse, turned into UTC
 * with prgate_datetime_to_utc and checked as a downtime start) and
 * durations (prgate_duration_parse). When the input is an RFC 3339 time,
 * the built-in policy's deployment window, freezes and expiry are
 * evaluated and described at that instant (linter/clock.c).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "linter/clock.h"
#include "support/datetime.h"
#include "gate/github.h"
#include "linter/policy.h"
#include "support/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct prgate_policy policy;
static int have_policy;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct prgate_error err;
	struct prgate_datetime dt;
	struct strbuf sb = STRBUF_INIT;
	time_t t = 0, u;
	char *s;

	if (!have_policy) {
		prgate_error_clear(&err);
		if (prgate_policy_init_default(&policy, &err) != PRGATE_OK)
			abort();
		have_policy = 1;
	}
	s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	prgate_error_clear(&err);
	(void)prgate_github_parse_time(s, &u);
	(void)prgate_duration_parse(s);
	if (prgate_datetime_parse(s, &dt) == PRGATE_DT_OK) {
		struct prgate_downtime_state ds;
		if (prgate_datetime_to_utc(&dt, &u, &err) == PRGATE_OK)
			prgate_rfc3339_format(&sb, u, 0);
		(void)prgate_downtime_eval(&policy, &dt, 0, NULL, &ds, &err);
		{
			char now_in[16];
			int ok;
			(void)prgate_datetime_zone_check(&dt, &ok, now_in, NULL,
							 &err);
		}
	}
	if (prgate_rfc3339_parse(s, &t, &err) == PRGATE_OK) {
		struct prgate_window_state ws;
		struct prgate_freeze_state fs;
		prgate_rfc3339_format(&sb, t, 3600);
		prgate_duration_format(&sb, (long long)t);
		if (prgate_window_eval(&policy, t, &ws, &err) == PRGATE_OK)
			prgate_window_describe(&ws, &sb);
		if (prgate_freeze_eval(&policy, t, &fs, &err) == PRGATE_OK) {
			prgate_freeze_describe(&fs, &sb);
			prgate_freeze_describe_next(&fs, &sb);
		}
		(void)prgate_clock_expires(
		    &policy, t, PRGATE_CLOCK_WINDOW | PRGATE_CLOCK_FREEZE, &u,
		    &err);
	}
	strbuf_release(&sb);
	free(s);
	return 0;
}
