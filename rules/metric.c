/*
 * metric.c - external health gates (metric): each of the policy's
 * metrics, a number read from a monitoring API before the rules run
 * (prgate_gate_fetch_metrics() in gate/metrics.h), must be within its
 * bounds. "max" and "min" are inclusive ("max": 15000 lets 15000
 * through); "below" and "above" are strict ("below": 15000 does not).
 */
#include <stdio.h>
#include <string.h>

#include "rules/rules.h"

static void sep(struct strbuf *sb)
{
	if (sb->len)
		strbuf_addstr(sb, "; ");
}

void check_metric(struct prgate_rule_ctx *ctx)
{
	const struct prgate_policy *p = ctx->policy;
	const struct prgate_gate_facts *g = ctx->gate;
	struct strbuf bad = STRBUF_INIT, unknown = STRBUF_INIT,
		      good = STRBUF_INIT;

	if (!p->nmetrics) {
		prgate_rule_check(ctx, PRGATE_CHECK_SKIPPED, NULL,
				  "no health gates");
		return;
	}
	for (size_t i = 0; i < p->nmetrics; i++) {
		const struct prgate_metric *m = &p->metrics[i];
		const struct prgate_metric_value *mv =
		    i < g->nmetrics && g->metrics ? &g->metrics[i] : NULL;

		if (mv && mv->metric)
			m = mv->metric;
		/* (a NaN is not equal to itself) */
		if (!mv || !mv->ok || mv->value != mv->value) {
			const char *why = "not a number";
			if (!mv)
				why = "not read";
			else if (!mv->ok)
				why =
				    mv->error ? mv->error : "could not be read";
			sep(&unknown);
			strbuf_addf(&unknown, "%s: %s", m->name, why);
			continue;
		}
		if (m->has_max && (m->max_strict ? mv->value >= m->max
						 : mv->value > m->max)) {
			sep(&bad);
			strbuf_addf(&bad, "%s is ", m->name);
			strbuf_addnum(&bad, mv->value);
			strbuf_addstr(&bad, m->max_strict ? ", not below "
							  : ", over the ");
			strbuf_addnum(&bad, m->max);
			if (!m->max_strict)
				strbuf_addstr(&bad, " limit");
		} else if (m->has_min && (m->min_strict ? mv->value <= m->min
							: mv->value < m->min)) {
			sep(&bad);
			strbuf_addf(&bad, "%s is ", m->name);
			strbuf_addnum(&bad, mv->value);
			strbuf_addstr(&bad, m->min_strict ? ", not above "
							  : ", under the ");
			strbuf_addnum(&bad, m->min);
			if (!m->min_strict)
				strbuf_addstr(&bad, " minimum");
		} else {
			sep(&good);
			strbuf_addf(&good, "%s ", m->name);
			strbuf_addnum(&good, mv->value);
			strbuf_addstr(&good, " (");
			if (m->has_min) {
				strbuf_addstr(&good, m->min_strict ? "above "
								   : "min ");
				strbuf_addnum(&good, m->min);
			}
			if (m->has_max) {
				if (m->has_min)
					strbuf_addstr(&good, ", ");
				strbuf_addstr(&good, m->max_strict ? "below "
								   : "max ");
				strbuf_addnum(&good, m->max);
			}
			strbuf_addch(&good, ')');
		}
	}
	if (bad.len)
		prgate_rule_check(ctx, PRGATE_CHECK_FAIL, NULL, "%s%s%s",
				  bad.buf, unknown.len ? "; " : "",
				  unknown.buf);
	else if (unknown.len)
		prgate_rule_check(ctx, PRGATE_CHECK_UNKNOWN, NULL, "%s",
				  unknown.buf);
	else
		prgate_rule_check(ctx, PRGATE_CHECK_PASS, NULL, "%s", good.buf);
	strbuf_release(&bad);
	strbuf_release(&unknown);
	strbuf_release(&good);
}

const struct prgate_rule_doc doc_metric = {
    "External health gates: before deciding, prgate reads each of the "
    "policy's metrics (an HTTP GET, or a POST with a body, and the "
    "number at a JSON pointer) and the rule checks it against its "
    "bounds: max and min are inclusive, below and above strict. A "
    "metric that could not be read (timeout, bad JSON, no number at the "
    "pointer) makes the answer unknown, never a pass.",
    "throughput max 15000; the monitor says 12000 rpm: throughput 12000 "
    "(max 15000).",
    "throughput max 15000; the monitor says 17200 rpm: throughput is "
    "17200, over the 15000 limit."};
