/*
 * schedule.c - the clock: now is inside the deployment window (window)
 * and no deploy freeze is on (freeze). "Now" is the moment `prgate
 * check` asks about (--at, or the clock); the window's zone comes from
 * the system's zone database through linter/clock.h.
 */
#include "linter/clock.h"
#include "rules/rules.h"

void check_window(struct prgate_rule_ctx *ctx)
{
	struct prgate_window_state st;
	struct prgate_error err;
	struct strbuf sb = STRBUF_INIT;
	/* the policy with the window this PR gets ("windows") */
	struct prgate_policy p = *ctx->policy;
	const struct prgate_window_rule *w = prgate_policy_window_for(
	    ctx->policy, ctx->in ? ctx->in->labels : NULL, ctx->gate->gh,
	    ctx->downtime);

	if (w)
		p.window.hours = w->hours;
	if (prgate_window_eval(&p, ctx->gate->now, &st, &err)) {
		prgate_rule_check(ctx, PRGATE_CHECK_UNKNOWN, NULL,
				  "could not read the clock: %s", err.message);
		return;
	}
	st.absolute = ctx->gate->absolute_times;
	prgate_window_describe(&st, &sb);
	if (w) {
		strbuf_addstr(&sb, " (the window when ");
		prgate_when_describe(&w->when, &sb);
		strbuf_addch(&sb, ')');
	}
	prgate_rule_check(ctx, st.open ? PRGATE_CHECK_PASS : PRGATE_CHECK_FAIL,
			  NULL, "%s", sb.buf);
	if (!st.open) {
		strbuf_reset(&sb);
		if (st.has_next) {
			prgate_zonetime_format(&sb, &st.at);
			prgate_rule_step(ctx, NULL,
					 "wait for the window: opens %s %s",
					 sb.buf, p.window.timezone);
		} else {
			prgate_rule_step(ctx, NULL,
					 "the window does not open within %d "
					 "days: see window in the policy",
					 PRGATE_CLOCK_HORIZON_DAYS);
		}
	}
	strbuf_release(&sb);
}

void check_freeze(struct prgate_rule_ctx *ctx)
{
	struct prgate_freeze_state st;
	struct prgate_error err;
	struct strbuf sb = STRBUF_INIT;

	if (prgate_freeze_eval(ctx->policy, ctx->gate->now, &st, &err)) {
		prgate_rule_check(ctx, PRGATE_CHECK_UNKNOWN, NULL,
				  "could not read the clock: %s", err.message);
		return;
	}
	st.absolute = ctx->gate->absolute_times;
	prgate_freeze_describe(&st, &sb);
	if (!st.active && st.next) {
		strbuf_addstr(&sb, "; ");
		prgate_freeze_describe_next(&st, &sb);
	}
	prgate_rule_check(ctx,
			  st.active ? PRGATE_CHECK_FAIL : PRGATE_CHECK_PASS,
			  NULL, "%s", sb.buf);
	if (st.active) {
		struct prgate_zonetime z = st.until_local;
		strbuf_reset(&sb);
		prgate_zonetime_format(&sb, &z);
		prgate_rule_step(
		    ctx, NULL, "wait for the freeze '%s' to end: %s %s",
		    st.active->reason ? st.active->reason : "freeze", sb.buf,
		    ctx->policy->window.timezone);
	}
	strbuf_release(&sb);
}

const struct prgate_rule_doc doc_window = {
    "Deploys happen inside the window: on window.days, from window.start "
    "to window.end (end exclusive) in window.timezone, a zone of the "
    "system's database, so daylight saving time is followed. A pass says "
    "how long the window stays open, a fail when it opens next.",
    "Tuesday 14:47 in Ljubljana, window mon-fri 08:00-17:00 "
    "Europe/Ljubljana: open until 17:00 CET (2 h 13 min).",
    "Saturday 10:00 in Ljubljana: closed \xe2\x80\x94 next opens Mon 08:00 "
    "CET."};

const struct prgate_rule_doc doc_freeze = {
    "No deploys while a freeze is on: each of the policy's freezes runs "
    "from \"from\" (inclusive) to \"to\" (exclusive), local to "
    "window.timezone unless the bound has an offset; freezes that "
    "overlap or adjoin count as one. A pass also names the next freeze "
    "when it starts within 14 days.",
    "19 Dec; the 'holidays' freeze runs 24 Dec to 2 Jan: no freeze; next "
    "freeze: 'holidays' from 24 Dec 00:00 CET until 2 Jan 00:00 CET (in "
    "5 d).",
    "27 Dec, during that freeze: freeze: 'holidays' until 2 Jan 00:00 "
    "CET."};
