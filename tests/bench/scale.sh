#!/bin/sh
# scale.sh - scheduled bot runs over N open PRs (10, 100, 500) against the
# fake GitHub server with 50 ms added to every response. Every PR is the
# clean PR of tests/fakegh/scenarios/clean.json. Three runs per size, each
# with a token of its own (an Actions token is new every run) and the
# response cache ($PRGATE_CACHE_DIR) the runs before it left:
#   cold    no cache, no prgate comment or status yet: writes a comment
#           and a status per PR, at most 50 a run (--max-writes; statuses
#           first), the rest left to the next runs;
#   next    a scheduled run once the runs have written everything: GitHub
#           shows prgate's comment and status on every PR (so those two
#           reads are new to the cache), nothing to write;
#   steady  nothing changed: every read is a 304, nothing to write.
# (What a run writes on a PR is learnt first from an untimed run over one
# PR: every PR is alike.)
# Every size is run twice: over plain HTTP/1.1 (http/1.1: each request in
# flight needs a connection of its own) and over HTTPS with HTTP/2 (h2, as
# api.github.com speaks: the requests multiplexed over few connections).
# Per run: requests sent per PR, requests counted against the rate limit
# per PR (the fake's accounting: all but the 304s), sequential round trips
# (request bursts more than 25 ms apart), wall time, wall time over
# (50 ms x PRs / 50) (the target is under 10), the peak of prgate's open
# file descriptors (sampled every 10 ms), the connections it opened, the
# most requests in flight at once (the fake's count) and the fake
# server's CPU time. Part of `make bench`; SCALE="10 100" picks the sizes,
# PROTOS="h2" the protocols. Prints figures, asserts nothing: no test
# here is timed.
set -eu
cd "$(dirname "$0")/../.."
top=$(pwd)
. tests/fakegh/lib.sh
tmp=$(mktemp -d)
trap 'fakegh_stop >/dev/null 2>&1 || :; rm -rf "$tmp"' EXIT
unset PRGATE_TOKEN GITHUB_TOKEN GH_TOKEN PRGATE_API_URL GITHUB_API_URL \
	PRGATE_CACHE_DIR
DELAY=50

# scenario N [LOG]: N open PRs (tests/fakegh/many_prs.py)
scenario() {
	python3 tests/fakegh/many_prs.py "$@"
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
				CURL_CA_BUNDLE="$tmp/ca.pem" \
				exec "$top/prgate" check --comment --api-url "$url" \
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
		"$c0" "$c1" "$DELAY" "$proto" "$tmp/conn" <<'PYEOF'
import json, sys
log, name, n, ms, peak, c0, c1, delay, proto, conn = sys.argv[1:]
n, ms, delay = int(n), int(ms), int(delay)
recs = [json.loads(l) for l in open(log, encoding="utf-8")]
times = sorted(r["time"] for r in recs)
rounds = 1 + sum(1 for a, b in zip(times, times[1:]) if b - a > 0.025)
counted = sum(1 for r in recs if r.get("counted"))
writes = sum(1 for r in recs if r["method"] != "GET")
conns = sum(1 for l in open(conn) if '"connect"' in l)
flight = max((r["concurrent"] for r in recs), default=0)
print("%-8s %-6s %5d %8d %7.1f %7.2f %6d %6d %6.1f %6.1f %5s %5d %6d %6.1f" % (
    proto, name, n, len(recs), len(recs) / n, counted / n, writes, rounds,
    ms / 1000, ms / (delay * n / 50), peak, conns, flight,
    float(c1) - float(c0)))
PYEOF
}

# serve FILE [ARGS]: the fake with the scenario FILE as $proto says;
# sets url. The fake refuses past its rate limit as GitHub does: the
# budget here is far above what the runs need, so they measure speed; what
# they would cost an Actions token (1,000 an hour) is the rate/PR column,
# and what a run does once that is spent is tests/sh/ratelimit.sh's.
serve() {
	serve_s=$1
	shift
	: >"$tmp/conn"
	case $proto in
	h2) set -- "$@" --tls-cert "$tmp/srv.pem" --tls-key "$tmp/srv.key" \
		--http2 ;;
	esac
	fakegh_start "$serve_s" --delay-ms "$DELAY" --rate-limit 1000000 \
		--conn-log "$tmp/conn" "$@" >/dev/null || exit 1
	case $proto in
	h2) url=https://127.0.0.1:$FAKEGH_PORT ;;
	*) url=$FAKEGH_URL ;;
	esac
}

fakegh_certs "$tmp" || exit 1
printf '{"schedule": "*/30 * * * *", "repository": {"full_name": "hub4j-test-org/github-api", "default_branch": "main"}}\n' >"$tmp/event.json"
echo "== scale: scheduled runs over N open PRs, $DELAY ms per response"
printf '%-8s %-6s %5s %8s %7s %7s %6s %6s %6s %6s %5s %5s %6s %6s\n' proto run PRs requests "req/PR" "rate/PR" writes rounds "wall s" "x50ms" "fds" conns flight "fake s"
for proto in ${PROTOS:-http/1.1 h2}; do
	rm -rf "$tmp/cache"
	scenario 1 >"$tmp/s.json"
	serve "$tmp/s.json"
	run one 1 ghs_benchTokenOne0 >/dev/null
	cp "$FAKEGH_LOG" "$tmp/one.jsonl"
	fakegh_stop >/dev/null || :
	for n in ${SCALE:-10 100 500}; do
		rm -rf "$tmp/cache"
		scenario "$n" >"$tmp/s.json"
		serve "$tmp/s.json"
		run cold "$n" ghs_benchTokenCold1
		port=$FAKEGH_PORT
		fakegh_stop >/dev/null || :
		# the same API URL (the cache is by URL), GitHub with every
		# PR's comment and status written
		scenario "$n" "$tmp/one.jsonl" >"$tmp/s2.json"
		serve "$tmp/s2.json" --port "$port"
		run next "$n" ghs_benchTokenNext2
		: >"$FAKEGH_LOG"
		: >"$tmp/conn"
		run steady "$n" ghs_benchTokenSteady3
		fakegh_stop >/dev/null || :
	done
done
echo "(rate/PR: requests counted against the rate limit, per PR; x50ms: wall / ($DELAY ms x PRs / 50), target < 10;"
echo " conns: connections prgate opened; flight: the most requests in flight at once)"
