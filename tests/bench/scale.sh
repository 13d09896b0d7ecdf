#!/bin/sh
# scale.sh - a scheduled bot run over N open PRs (10, 100, 500) against
# the fake GitHub server with 50 ms added to every response: requests per
# PR, sequential round trips (request bursts more than 25 ms apart), wall
# time and the peak of prgate's open file descriptors (sampled every
# 10 ms). Every PR is the clean PR of tests/fakegh/scenarios/clean.json;
# the first run writes one comment and one status per PR.
# Part of `make bench`; SCALE="10 100" picks the sizes.
set -eu
cd "$(dirname "$0")/../.."
top=$(pwd)
. tests/fakegh/lib.sh
tmp=$(mktemp -d)
trap 'fakegh_stop >/dev/null 2>&1 || :; rm -rf "$tmp"' EXIT
unset PRGATE_TOKEN GITHUB_TOKEN GH_TOKEN PRGATE_API_URL GITHUB_API_URL
P=/repos/hub4j-test-org/github-api

# scenario N: N open PRs into main, 100 a page
scenario() {
	python3 - "$1" "$top" >"$tmp/s.json" <<'PYEOF'
import json, sys
n, top = int(sys.argv[1]), sys.argv[2]
P = "/repos/hub4j-test-org/github-api"
clean = json.load(open(top + "/tests/fakegh/scenarios/clean.json"))
pr = next(r for r in clean["routes"] if r.get("path") == P + "/pulls/479")
pages = [list(range(i, min(i + 100, n + 1))) for i in range(1, n + 1, 100)]
routes = []
for k, nums in reversed(list(enumerate(pages, 1))):
    r = {"method": "GET", "path": P + "/pulls",
         "query": {"state": "open"} if k == 1 else {"state": "open", "page": str(k)},
         "body": [{"number": x, "state": "open",
                   "head": {"sha": "78b9ff49d47daaa158eb373c4e2e040f739df8b9"}}
                  for x in nums]}
    if k < len(pages):
        r["headers"] = {"link": "<{base}%s/pulls?state=open&base=main&per_page=100&page=%d>; rel=\"next\"" % (P, k + 1)}
    routes.append(r)
routes += [
    dict(pr, path=None, path_regex=P + "/pulls/[0-9]+"),
    {"method": "GET", "path_regex": P + "/pulls/[0-9]+/reviews",
     "fixture": next(r for r in clean["routes"] if r.get("path") == P + "/pulls/479/reviews")["fixture"],
     "patch": next(r for r in clean["routes"] if r.get("path") == P + "/pulls/479/reviews")["patch"]},
    {"method": "GET", "path_regex": P + "/pulls/[0-9]+/files",
     "fixture": "openapi/pulls-files-list.json"},
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

printf '{"schedule": "*/30 * * * *", "repository": {"full_name": "hub4j-test-org/github-api", "default_branch": "main"}}\n' >"$tmp/event.json"
echo "== scale: a scheduled run over N open PRs, 50 ms per response"
printf '%6s %9s %9s %7s %9s %8s\n' PRs requests "per PR" rounds "wall s" "peak fds"
for n in ${SCALE:-10 100 500}; do
	scenario "$n"
	fakegh_start "$tmp/s.json" --delay-ms 50 >/dev/null || exit 1
	start=$(date +%s%N)
	(
		cd "$tmp" &&
			GITHUB_ACTIONS=true GITHUB_EVENT_NAME=schedule \
				GITHUB_EVENT_PATH=event.json \
				GITHUB_REPOSITORY=hub4j-test-org/github-api \
				GITHUB_RUN_ID=1 PRGATE_TOKEN=ghs_benchToken \
				exec "$top/prgate" check --comment --api-url "$FAKEGH_URL" \
				--at 2026-11-25T10:00:00+01:00 >/dev/null 2>&1
	) &
	pid=$!
	peak=0
	while kill -0 "$pid" 2>/dev/null; do
		fds=$(ls "/proc/$pid/fd" 2>/dev/null | wc -l)
		[ "$fds" -gt "$peak" ] && peak=$fds
		sleep 0.01
	done
	wait "$pid" || :
	end=$(date +%s%N)
	python3 - "$FAKEGH_LOG" "$n" "$(((end - start) / 1000000))" "$peak" <<'PYEOF'
import json, sys
log, n, ms, peak = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
times = sorted(json.loads(l)["time"] for l in open(log, encoding="utf-8"))
rounds = 1 + sum(1 for a, b in zip(times, times[1:]) if b - a > 0.025)
print("%6d %9d %9.1f %7d %9.1f %8s" % (n, len(times), len(times) / n, rounds,
                                      ms / 1000, peak))
PYEOF
	fakegh_stop >/dev/null || :
done
