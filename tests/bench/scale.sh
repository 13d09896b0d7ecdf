#!/bin/sh
# scale.sh - scheduled bot runs over N open PRs (10, 100, 500) against the
# fake GitHub server with 50 ms added to every response. Every PR is the
# clean PR of tests/fakegh/scenarios/clean.json. Three runs per size, each
# with a token of its own (an Actions token is new every run) and the
# response cache ($PRGATE_CACHE_DIR) the runs before it left:
#   cold    no cache, no prgate comment or status yet: writes one comment
#           and one status per PR;
#   next    the next scheduled run: GitHub shows the first run's comment
#           and status (so those two reads are new), nothing to write;
#   steady  nothing changed: every read is a 304, nothing to write.
# Per run: requests sent per PR, requests counted against the rate limit
# per PR (the fake's accounting: all but the 304s), sequential round trips
# (request bursts more than 25 ms apart), wall time, wall time over
# (50 ms x PRs / 50) (the target is under 10), the peak of prgate's open
# file descriptors (sampled every 10 ms) and the fake server's CPU time.
# Part of `make bench`; SCALE="10 100" picks the sizes. Prints figures,
# asserts nothing: no test here is timed.
set -eu
cd "$(dirname "$0")/../.."
top=$(pwd)
. tests/fakegh/lib.sh
tmp=$(mktemp -d)
trap 'fakegh_stop >/dev/null 2>&1 || :; rm -rf "$tmp"' EXIT
unset PRGATE_TOKEN GITHUB_TOKEN GH_TOKEN PRGATE_API_URL GITHUB_API_URL \
	PRGATE_CACHE_DIR
DELAY=50

# scenario N [LOG]: N open PRs into main, 100 a page; with LOG (a run's
# request log), GitHub as that run left it: its comments and statuses
scenario() {
	python3 - "$1" "$top" "${2:-}" <<'PYEOF'
import json, sys
n, top, log = int(sys.argv[1]), sys.argv[2], sys.argv[3]
P = "/repos/hub4j-test-org/github-api"
clean = json.load(open(top + "/tests/fakegh/scenarios/clean.json"))
def route(path):
    return next(r for r in clean["routes"] if r.get("path") == P + path)
SHA = "78b9ff49d47daaa158eb373c4e2e040f739df8b9"
# PRs 1000, 1001...: each its own head, 78b9...739d then its number
first = 1000
def head(x):
    return SHA[:36] + "%04d" % x
pr = route("/pulls/479")
pages = [list(range(i, min(i + 100, first + n))) for i in range(first, first + n, 100)]
status = route("/commits/%s/status" % SHA)
status = dict(status, path=None, path_regex=P + "/commits/([0-9a-f]{40})/status",
              patch=dict(status["patch"], sha="{path:1}"))
routes = []
if log:
    posted, statuses = {}, []
    for line in open(log, encoding="utf-8"):
        r = json.loads(line)
        if r["method"] == "POST" and r["path"].endswith("/comments"):
            num = int(r["path"].split("/")[-2])
            posted.setdefault(json.loads(r["body"])["body"], []).append(num)
        elif r["method"] == "POST" and "/statuses/" in r["path"]:
            st = json.loads(r["body"])
            if st not in statuses:
                statuses.append(st)
    for k, (body, nums) in enumerate(sorted(posted.items())):
        routes.append({"method": "GET",
                       "path_regex": P + "/issues/(%s)/comments" % "|".join(map(str, nums)),
                       "body": [{"id": 9000 + k, "body": body,
                                 "html_url": "https://github.com/hub4j-test-org/github-api/pull/1#issuecomment-%d" % (9000 + k),
                                 "user": {"login": "github-actions[bot]", "id": 41898282, "type": "Bot"}}]})
    # every head's combined status as the first run left it (one
    # verdict for all: the same statuses on each)
    status = dict(status, patch=dict(status["patch"],
                                     statuses=statuses + status["patch"]["statuses"]))
for k, nums in reversed(list(enumerate(pages, 1))):
    r = {"method": "GET", "path": P + "/pulls",
         "query": {"state": "open"} if k == 1 else {"state": "open", "page": str(k)},
         "body": [{"number": x, "state": "open", "head": {"sha": head(x)}}
                  for x in nums]}
    if k < len(pages):
        r["headers"] = {"link": "<{base}%s/pulls?state=open&base=main&per_page=100&page=%d>; rel=\"next\", <{base}%s/pulls?state=open&base=main&per_page=100&page=%d>; rel=\"last\"" % (P, k + 1, P, len(pages))}
    routes.append(r)
reviews = route("/pulls/479/reviews")
checks = route("/commits/%s/check-runs" % SHA)
routes += [
    dict(pr, path=None, path_regex=P + "/pulls/([0-9]+)",
         patch=dict(pr["patch"], head={"sha": SHA[:36] + "{path:1}"})),
    {"method": "GET", "path_regex": P + "/pulls/([0-9]+)/reviews",
     "fixture": reviews["fixture"],
     "patch": [dict(x, commit_id=SHA[:36] + "{path:1}") for x in reviews["patch"]]},
    {"method": "GET", "path_regex": P + "/pulls/[0-9]+/files",
     "fixture": "openapi/pulls-files-list.json"},
    dict(checks, path=None, path_regex=P + "/commits/[0-9a-f]{40}/check-runs"),
    status,
    {"method": "GET", "path_regex": P + "/issues/[0-9]+/comments",
     "fixture": "recorded/issue-comments-list.json"},
    {"method": "POST", "path_regex": P + "/issues/[0-9]+/comments",
     "fixture": "recorded/issue-comment-create.json"},
]
for r in routes:
    if r.get("path") is None:
        r.pop("path", None)
print(json.dumps({"extends": top + "/tests/fakegh/scenarios/clean.json",
                  "routes": routes}))
PYEOF
}

# the CPU seconds process $1 has used so far
cpu() {
	awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"
}

# run NAME N TOKEN: one scheduled run against the running fake; a line
run() {
	c0=$(cpu "$FAKEGH_PID")
	start=$(date +%s%N)
	(
		cd "$tmp" &&
			GITHUB_ACTIONS=true GITHUB_EVENT_NAME=schedule \
				GITHUB_EVENT_PATH=event.json \
				GITHUB_REPOSITORY=hub4j-test-org/github-api \
				GITHUB_RUN_ID=1 PRGATE_TOKEN=$3 \
				PRGATE_CACHE_DIR="$tmp/cache" \
				exec "$top/prgate" check --comment --api-url "$FAKEGH_URL" \
				--at 2026-11-25T10:00:00+01:00 >/dev/null 2>"$tmp/err"
	) &
	pid=$!
	peak=0
	while kill -0 "$pid" 2>/dev/null; do
		fds=$(ls "/proc/$pid/fd" 2>/dev/null | wc -l)
		[ "$fds" -gt "$peak" ] && peak=$fds
		sleep 0.01
	done
	rc=0
	wait "$pid" || rc=$?
	end=$(date +%s%N)
	c1=$(cpu "$FAKEGH_PID")
	if [ "$rc" != 0 ]; then
		echo "scale: the $1 run over $2 PRs exited $rc:" >&2
		tail -5 "$tmp/err" >&2
	fi
	python3 - "$FAKEGH_LOG" "$1" "$2" "$(((end - start) / 1000000))" "$peak" \
		"$c0" "$c1" "$DELAY" <<'PYEOF'
import json, sys
log, name, n, ms, peak, c0, c1, delay = sys.argv[1:]
n, ms, delay = int(n), int(ms), int(delay)
recs = [json.loads(l) for l in open(log, encoding="utf-8")]
times = sorted(r["time"] for r in recs)
rounds = 1 + sum(1 for a, b in zip(times, times[1:]) if b - a > 0.025)
counted = sum(1 for r in recs if r.get("counted"))
writes = sum(1 for r in recs if r["method"] != "GET")
print("%-6s %5d %8d %7.1f %7.2f %6d %6d %6.1f %6.1f %5s %6.1f" % (
    name, n, len(recs), len(recs) / n, counted / n, writes, rounds,
    ms / 1000, ms / (delay * n / 50), peak, float(c1) - float(c0)))
PYEOF
}

printf '{"schedule": "*/30 * * * *", "repository": {"full_name": "hub4j-test-org/github-api", "default_branch": "main"}}\n' >"$tmp/event.json"
echo "== scale: scheduled runs over N open PRs, $DELAY ms per response"
printf '%-6s %5s %8s %7s %7s %6s %6s %6s %6s %5s %6s\n' run PRs requests "req/PR" "rate/PR" writes rounds "wall s" "x50ms" "fds" "fake s"
for n in ${SCALE:-10 100 500}; do
	rm -rf "$tmp/cache"
	scenario "$n" >"$tmp/s.json"
	fakegh_start "$tmp/s.json" --delay-ms "$DELAY" --rate-limit 1000 >/dev/null || exit 1
	run cold "$n" ghs_benchTokenCold1
	cp "$FAKEGH_LOG" "$tmp/cold.jsonl"
	port=$FAKEGH_PORT
	fakegh_stop >/dev/null || :
	# the same API URL (the cache is by URL), GitHub as the run left it
	scenario "$n" "$tmp/cold.jsonl" >"$tmp/s2.json"
	fakegh_start "$tmp/s2.json" --port "$port" --delay-ms "$DELAY" \
		--rate-limit 1000 >/dev/null || exit 1
	run next "$n" ghs_benchTokenNext2
	: >"$FAKEGH_LOG"
	run steady "$n" ghs_benchTokenSteady3
	fakegh_stop >/dev/null || :
done
echo "(rate/PR: requests counted against the rate limit, per PR; x50ms: wall / ($DELAY ms x PRs / 50), target < 10)"
