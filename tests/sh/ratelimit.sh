#!/bin/sh
# ratelimit.sh - what a scheduled bot run does when GitHub's rate limit is
# spent, against the fake GitHub server, which refuses as GitHub does once
# a repository's budget (--rate-limit N requests a window) is used up:
#   - spent for the hour: the client sends nothing more after the first
#     refusal (only the requests already in flight, at most the WINDOW
#     of them, are refused), writes no comment or status, says once how
#     many PRs were not checked and when the limit resets, and exits 3;
#   - spent for a few seconds (within the wait budget): the requests not
#     yet sent wait for the reset instead of each being refused, and the
#     run decides every PR as an unlimited run does;
#   - a secondary limit whose Retry-After is beyond the budget: the same
#     latch, until then; within it, the rest waits as for the primary;
#   - the budget running short (kept, kept-early): the reads stop while
#     --max-writes are left, and the PRs read get their statuses;
#   - a window closing (closing): every status that turns a success off
#     is written in the run, whatever --max-writes says.
# Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/../.." || exit 2
top=$(pwd)
PRGATE=${PRGATE:-$top/prgate}
. tests/fakegh/lib.sh
export NO_COLOR=1 TZ=UTC LC_ALL=C
unset PRGATE_TOKEN GITHUB_TOKEN GH_TOKEN GITHUB_ACTIONS GITHUB_EVENT_PATH \
	GITHUB_EVENT_NAME GITHUB_REPOSITORY GITHUB_ACTOR PRGATE_API_URL \
	GITHUB_STEP_SUMMARY GITHUB_OUTPUT GITHUB_SERVER_URL GITHUB_RUN_ID \
	GITHUB_API_URL PRGATE_CACHE_DIR PRGATE_TIMEOUT http_proxy https_proxy \
	HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ratelimit-sh.XXXXXX") || exit 2
trap 'fakegh_stop; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
passed=0
failed=0
name=setup
P=/repos/hub4j-test-org/github-api
# the requests a scheduled run has in flight at once (cli/cmd_check.c's
# MAX_REQUESTS): all that can still be refused once the client has seen
# the limit
WINDOW=96

. tests/sh/lib/expect.sh

# scenario N [ROUTE...]: N open PRs (1000, 1001, ...) into main, each the
# clean PR of clean.json; extra routes (JSON objects) come first
scenario() {
	python3 - "$top" "$@" <<'PYEOF'
import json, sys
top, n, extra = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
P = "/repos/hub4j-test-org/github-api"
SHA = "78b9ff49d47daaa158eb373c4e2e040f739df8b9"
clean = json.load(open(top + "/tests/fakegh/scenarios/clean.json"))
def like(path, regex):
    r = dict(next(r for r in clean["routes"] if r.get("path") == P + path
                  and r.get("method", "GET") == "GET"))
    del r["path"]
    r["path_regex"] = P + regex
    return r
routes = [json.loads(x) for x in extra] + [
    {"method": "GET", "path": P + "/pulls", "query": {"state": "open"},
     "body": [{"number": x, "state": "open", "head": {"sha": SHA}}
              for x in range(1000, 1000 + n)]},
    like("/pulls/479", "/pulls/[0-9]+"),
    like("/pulls/479/reviews", "/pulls/[0-9]+/reviews"),
    like("/pulls/479/files", "/pulls/[0-9]+/files"),
    like("/issues/479/comments", "/issues/[0-9]+/comments"),
    {"method": "POST", "path_regex": P + "/issues/[0-9]+/comments",
     "fixture": "recorded/issue-comment-create.json"},
]
print(json.dumps({"extends": top + "/tests/fakegh/scenarios/clean.json",
                  "routes": routes}))
PYEOF
}

printf '{"schedule": "*/30 * * * *", "repository": {"full_name": "hub4j-test-org/github-api", "default_branch": "main"}}\n' >"$tmp/event.json"

# run [ARGS]: a scheduled bot run against the running fake; out, err,
# status
run() {
	(
		cd "$tmp" || exit 99
		GITHUB_ACTIONS=true GITHUB_EVENT_NAME=schedule \
			GITHUB_EVENT_PATH=event.json \
			GITHUB_REPOSITORY=hub4j-test-org/github-api \
			GITHUB_RUN_ID=7007 PRGATE_TOKEN=ghs_rateLimitTestToken0123 \
			"$PRGATE" check --comment --api-url "$FAKEGH_URL" \
			--at 2026-11-25T10:00:00+01:00 --format text "$@"
	) >"$tmp/out" 2>"$tmp/err"
	echo $? >"$tmp/status"
}

# count WHAT: requests in the log; WHAT is refused (403), counted, writes
# (not GET), all, or after (requests that arrived after the first 403)
count() {
	python3 - "$FAKEGH_LOG" "$1" <<'PYEOF'
import json, sys
log, what = sys.argv[1], sys.argv[2]
recs = [json.loads(l) for l in open(log, encoding="utf-8")]
if what == "refused":
    n = sum(r["status"] == 403 for r in recs)
elif what == "counted":
    n = sum(r["counted"] for r in recs)
elif what == "writes":
    n = sum(r["method"] != "GET" for r in recs)
elif what == "after":
    first = next((i for i, r in enumerate(recs) if r["status"] == 403), len(recs))
    n = len(recs) - first - 1 if first < len(recs) else 0
else:
    n = len(recs)
print(n)
PYEOF
}

# the PRs the report says were not decided
unknown() {
	grep -c '^hub4j-test-org/github-api#[0-9]*: UNKNOWN: could not decide$' "$tmp/out"
}

# the run's stderr, the reset time made HH:MM:SS UTC and the count N
norm_err() {
	sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9] UTC/HH:MM:SS UTC/g' \
		-e 's/^prgate: error: [0-9]* of /prgate: error: N of /' "$tmp/err"
}

# ---- the hour's budget spent: nothing more is sent ----
name=spent
scenario 100 >"$tmp/spent.json"
fakegh_start "$tmp/spent.json" --rate-limit 60 || exit 1
# nothing kept for writes (below): the hold alone
run --max-writes 0
expect status "$(cat "$tmp/status")" 3
expect "counted" "$(count counted)" 60
refused=$(count refused)
at_least "refused" "$refused" 1
# only what was in flight when the client saw the first refusal: the
# window (a refused request sent earlier would have been seen first)
at_most "refused" "$refused" $WINDOW
at_most "sent after the first refusal" "$(count after)" $((WINDOW - 1))
expect "no comment or status write" "$(count writes)" 0
n=$(unknown)
at_least "not decided" "$n" 50
expect "decided" "$(grep -c '^hub4j-test-org/github-api#[0-9]*: GO: ' "$tmp/out")" $((100 - n))
expect "said once" "$(grep '^prgate: error: ' "$tmp/err")" \
	"prgate: error: $n of 100 pull requests not checked: GitHub API rate limit exceeded; it resets at $(grep -o '[0-9:]* UTC (in 60 min)' "$tmp/err" | head -n 1)"
expect "errors" "$(norm_err | grep '^prgate: error: ')" \
	"prgate: error: N of 100 pull requests not checked: GitHub API rate limit exceeded; it resets at HH:MM:SS UTC (in 60 min)"
fakegh_stop

# ---- the budget running out: the last requests kept for the writes ----
# 250 a window for 100 PRs (751 requests): the reads stop while 50 (the
# run's --max-writes) are left, and the PRs read get their statuses
# first (GO: success), those not read after them (error)
name=kept
fakegh_start "$tmp/spent.json" --rate-limit 250 || exit 1
run
expect status "$(cat "$tmp/status")" 3
expect "refused" "$(count refused)" 0
n=$(grep -c '^hub4j-test-org/github-api#[0-9]*: GO: ' "$tmp/out")
at_least "decided" "$n" 1
at_most "decided" "$n" 40
expect "undecided" "$(unknown)" $((100 - n))
# every PR decided (GO) got its success status
expect "success statuses" "$(python3 -c 'import json, sys
print(sum(1 for l in open(sys.argv[1]) for r in [json.loads(l)]
          if r["method"] == "POST" and "/statuses/" in r["path"]
          and r["status"] == 201 and json.loads(r["body"])["state"] == "success"))' "$FAKEGH_LOG")" "$n"
at_most "writes" "$(count writes)" 50
at_most "counted" "$(count counted)" 250
expect "said once" "$(norm_err | grep '^prgate: error: ' | sed 's/spent: [0-9]* requests/spent: M requests/')" \
	"prgate: error: N of 100 pull requests not checked: GitHub API rate limit nearly spent: M requests left until HH:MM:SS UTC (in 60 min), kept for this run's writes"
fakegh_stop

# ---- little budget from the start: kept from the first request ----
# 100 a window: the PR list's reply says 99 are left, so the first reads
# already keep 50 (the pool knew nothing of the budget before: 96 reads
# went out at once and the statuses of the PRs read were refused)
name=kept-early
fakegh_start "$tmp/spent.json" --rate-limit 100 || exit 1
run
expect status "$(cat "$tmp/status")" 3
expect "refused" "$(count refused)" 0
n=$(grep -c '^hub4j-test-org/github-api#[0-9]*: GO: ' "$tmp/out")
at_least "decided" "$n" 1
expect "success statuses" "$(python3 -c 'import json, sys
print(sum(1 for l in open(sys.argv[1]) for r in [json.loads(l)]
          if r["method"] == "POST" and "/statuses/" in r["path"]
          and r["status"] == 201 and json.loads(r["body"])["state"] == "success"))' "$FAKEGH_LOG")" "$n"
fakegh_stop

# ---- a window closing: every green status turned off, cap or not ----
# 60 PRs whose head says prgate success, checked on a Saturday (the
# window closed: NO-GO): all 60 statuses turn failure in this run,
# though --max-writes is 5 (someone's fake green statuses on PRs of their
# own must not crowd a real one out); the comments wait
name=closing
scenario 60 '{"method": "GET", "path": "'$P'/commits/78b9ff49d47daaa158eb373c4e2e040f739df8b9/status", "fixture": "recorded/status-combined.json", "patch": {"state": "success", "sha": "78b9ff49d47daaa158eb373c4e2e040f739df8b9", "statuses": [{"state": "success"}, {"state": "success"}, {"context": "prgate", "state": "success", "description": "GO: every check passed"}]}}' >"$tmp/closing.json"
fakegh_start "$tmp/closing.json" || exit 1
(
	cd "$tmp" || exit 99
	GITHUB_ACTIONS=true GITHUB_EVENT_NAME=schedule \
		GITHUB_EVENT_PATH=event.json \
		GITHUB_REPOSITORY=hub4j-test-org/github-api \
		GITHUB_RUN_ID=7007 PRGATE_TOKEN=ghs_rateLimitTestToken0123 \
		"$PRGATE" check --comment --api-url "$FAKEGH_URL" \
		--at 2026-11-28T10:00:00+01:00 --format text --max-writes 5
) >"$tmp/out" 2>"$tmp/err"
expect status "$?" 1
expect "failure statuses" "$(python3 -c 'import json, sys
print(sum(1 for l in open(sys.argv[1]) for r in [json.loads(l)]
          if r["method"] == "POST" and "/statuses/" in r["path"]
          and r["status"] == 201 and json.loads(r["body"])["state"] == "failure"))' "$FAKEGH_LOG")" 60
expect "writes" "$(count writes)" 60
expect "left" "$(tail -n 1 "$tmp/err")" "prgate: 60 writes left for the next run (at most 5 a run, --max-writes; GitHub refuses more than 80 content-creating requests a minute)"
fakegh_stop

# ---- a few seconds to the reset: the rest waits for it ----
# 100 PRs: the list, 6 reads each in the first round (601 in one batch),
# 100 in the second, 50 writes (--max-writes); 400 a window: 201 reads
# of the first round, more than the window, are left when it is spent
# (each refused without the hold), and the rest fits in the next window
name=waits
scenario 100 >"$tmp/waits.json"
fakegh_start "$tmp/waits.json" || exit 1
run
expect "unlimited status" "$(cat "$tmp/status")" 0
cp "$tmp/out" "$tmp/out-unlimited"
cp "$tmp/err" "$tmp/err-unlimited"
expect "unlimited requests" "$(count all)" 751
fakegh_stop
fakegh_start "$tmp/waits.json" --rate-limit 400 --rate-window 4 || exit 1
run
expect status "$(cat "$tmp/status")" 0
expect stdout "$(cat "$tmp/out")" "$(cat "$tmp/out-unlimited")"
expect stderr "$(cat "$tmp/err")" "$(cat "$tmp/err-unlimited")"
# every request once, none counted twice
expect "counted" "$(count counted)" 751
refused=$(count refused)
at_least "refused" "$refused" 1
at_most "refused" "$refused" $WINDOW
expect "sent" "$(count all)" $((751 + refused))
fakegh_stop

# ---- a secondary limit beyond the budget: nothing more until then ----
# every read but the list refused for 10 min: only what was in flight
# when the first refusal came is sent (every request refused, so the
# first refusal the client sees comes before any other reply)
name=secondary
scenario 100 '{"method": "GET", "path_regex": "'$P'/[^/]+/.+", "fault": "secondary-rate-limit:600"}' >"$tmp/secondary.json"
fakegh_start "$tmp/secondary.json" || exit 1
run
expect status "$(cat "$tmp/status")" 3
refused=$(count refused)
at_least "refused" "$refused" 1
at_most "refused" "$refused" $WINDOW
expect "sent" "$(count all)" $((refused + 1))
expect "no comment or status write" "$(count writes)" 0
expect "not decided" "$(unknown)" 100
expect "errors" "$(norm_err | grep '^prgate: error: ')" \
	"prgate: error: N of 100 pull requests not checked: GitHub secondary rate limit exceeded; retry after HH:MM:SS UTC (in 10 min)"
fakegh_stop

# ---- a secondary limit of 2 s (within the budget): the rest waits ----
# PR 1000's read is refused once with Retry-After: 2; what was not sent
# yet waits the 2 s instead of going on (the fake refuses nothing else,
# so without the hold the run would go on at once)
name=secondary-waits
scenario 100 '{"method": "GET", "path": "'$P'/pulls/1000", "fault": "secondary-rate-limit:2", "times": 1}' >"$tmp/secondary-waits.json"
fakegh_start "$tmp/secondary-waits.json" || exit 1
run
expect status "$(cat "$tmp/status")" 0
expect "decided" "$(grep -c '^hub4j-test-org/github-api#[0-9]*: GO: ' "$tmp/out")" 100
expect "refused" "$(count refused)" 1
# requests the fake got in the 1.5 s after the refusal: those in flight
# when the client saw it, and those it sent on as other replies came in
# while the refusal was on its way to it (a few ms: not the whole
# window again); from then on it waits 2 s
python3 - "$FAKEGH_LOG" >"$tmp/soon" <<'PYEOF'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
t = next(r["time"] for r in recs if r["status"] == 403)
print(sum(1 for r in recs if t < r["time"] < t + 1.5),
      sum(1 for r in recs if r["time"] >= t + 1.5))
PYEOF
read -r soon later <"$tmp/soon"
at_most "sent within 1.5 s of the refusal" "$soon" $((2 * WINDOW))
at_least "sent after" "$later" 100
fakegh_stop

echo "$passed passed, $failed failed"
