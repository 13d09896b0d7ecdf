#!/bin/sh
# window.sh - a scheduled run over many open PRs (tests/fakegh/many_prs.py)
# against the fake GitHub server: how many requests prgate has in flight
# and over how many connections.
#   - over HTTPS with HTTP/2 (as api.github.com speaks), the requests are
#     multiplexed over two connections (one per client: the PR list's
#     and the PRs');
#   - never more than 96 requests in flight at once (GitHub allows 100):
#     the fake holds the PRs' reads at a barrier until 96 have arrived,
#     and its log counts how many were in flight at each arrival;
#   - over HTTP/1.1 at most 48 connections, kept open from one round to
#     the next;
#   - over HTTP/1.1 the requests beyond the 48 connections wait inside
#     libcurl for one, and that wait does not count against their
#     timeout: with 2 s per response and PRGATE_TIMEOUT=3, a read that
#     waited 2 s for a connection still gets its 2 s (no retry).
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
	GITHUB_API_URL PRGATE_CACHE_DIR PRGATE_TIMEOUT CURL_CA_BUNDLE \
	SSL_CERT_FILE http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY \
	all_proxy
tmp=$(mktemp -d "${TMPDIR:-/tmp}/window-sh.XXXXXX") || exit 2
trap 'fakegh_stop; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
passed=0
failed=0
name=setup

. tests/sh/lib/expect.sh

# bot URL [ARGS]: a scheduled bot run against URL; status, $tmp/err
bot() {
	bot_url=$1
	shift
	(
		cd "$tmp" || exit 99
		GITHUB_ACTIONS=true GITHUB_EVENT_NAME=schedule \
			GITHUB_EVENT_PATH=event.json \
			GITHUB_REPOSITORY=hub4j-test-org/github-api \
			GITHUB_RUN_ID=7007 PRGATE_TOKEN=ghs_windowTestToken0123 \
			CURL_CA_BUNDLE="$tmp/ca.pem" \
			exec "$PRGATE" check --comment --api-url "$bot_url" \
			--at 2026-11-25T10:00:00+01:00 "$@" >/dev/null 2>"$tmp/err"
	)
}

# stat EXPR: a Python expression over recs, the fake's log so far
stat() {
	python3 -c 'import json, sys
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
print(eval(sys.argv[2]))' "$FAKEGH_LOG" "$1"
}

# the PRs' lines on stderr that are not the writes each PR gets
others() {
	grep -v '^prgate: \(created comment 1254853699 on\|status prgate of\) hub4j-test-org/github-api#1[0-9]*' "$tmp/err"
}

# held N: $tmp/s.json with the PRs' reads held at a barrier until N have
# arrived (but the first: a client's first https request goes alone until
# the server's certificate is verified, and the PRs' client is not the one
# that listed them)
held() {
	python3 - "$tmp/s.json" "$1" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
routes = []
for r in s["routes"]:
    if r["method"] == "GET" and "path_regex" in r:
        if r["path_regex"].endswith("/pulls/([0-9]+)"):
            routes.append(dict(r, times=1))
        r = dict(r, barrier="reads:" + sys.argv[2])
    routes.append(r)
print(json.dumps(dict(s, routes=routes)))
EOF
}

printf '{"schedule": "*/30 * * * *", "repository": {"full_name": "hub4j-test-org/github-api", "default_branch": "main"}}\n' >"$tmp/event.json"
fakegh_certs "$tmp" || {
	echo "0 passed, 1 failed"
	exit 1
}
TLS="--tls-cert $tmp/srv.pem --tls-key $tmp/srv.key --http2"

# ---- HTTP/2: 20 PRs (181 requests) over two connections ----
name=multiplexed
python3 tests/fakegh/many_prs.py 20 >"$tmp/s.json"
# shellcheck disable=SC2086 # TLS is words
fakegh_start "$tmp/s.json" $TLS --conn-log "$tmp/conn" || exit 1
bot "https://127.0.0.1:$FAKEGH_PORT"
expect status "$?" 0
expect "nothing else said" "$(others)" ""
expect requests "$(stat 'len(recs)')" 181
expect "comments and statuses written" \
	"$(stat 'sum(r["method"] == "POST" and r["status"] == 201 for r in recs)')" 40
expect "every handshake chose h2" \
	"$(grep '"tls"' "$tmp/conn" | sort | uniq -c | tr -s ' ')" \
	' 2 {"event": "tls", "version": "TLSv1.3", "alpn": "h2"}'
expect connections "$(grep -c '"connect"' "$tmp/conn")" 2
fakegh_stop

# ---- at most 96 in flight: the reads held until 96 have arrived ----
name=window
held 96 >"$tmp/held.json"
# shellcheck disable=SC2086
fakegh_start "$tmp/held.json" $TLS || exit 1
bot "https://127.0.0.1:$FAKEGH_PORT"
expect status "$?" 0
expect "nothing else said" "$(others)" ""
expect "no 504" "$(stat 'sum(r["status"] == 504 for r in recs)')" 0
expect "the most in flight at once" "$(stat 'max(r["concurrent"] for r in recs)')" 96
expect requests "$(stat 'len(recs)')" 181
fakegh_stop

# ---- HTTP/1.1, 100 PRs: 48 connections (48 reads held until all have
# come), kept from one round to the next (libcurl's own cache would
# close some between rounds, as requests end) ----
name=http1.1
python3 tests/fakegh/many_prs.py 100 >"$tmp/s.json"
held 48 >"$tmp/held.json"
: >"$tmp/conn"
fakegh_start "$tmp/held.json" --conn-log "$tmp/conn" --content-limit 200 ||
	exit 1
bot "$FAKEGH_URL" --max-writes 200
expect status "$?" 0
expect "nothing else said" "$(others)" ""
expect requests "$(stat 'len(recs)')" 901
expect "the most in flight at once" "$(stat 'max(r["concurrent"] for r in recs)')" 48
expect "connections (one for the list)" "$(grep -c '"connect"' "$tmp/conn")" 49
fakegh_stop

# ---- HTTP/1.1: waiting for a connection is not part of the timeout ----
name=timeout
python3 tests/fakegh/many_prs.py 10 >"$tmp/s.json"
fakegh_start "$tmp/s.json" --delay-ms 2000 || exit 1
PRGATE_TIMEOUT=3 bot "$FAKEGH_URL"
expect status "$?" 0
expect "nothing else said" "$(others)" ""
expect "every request once" "$(stat 'len(recs)')" 91
expect "the reads waited for a connection" \
	"$(stat 'max(r["concurrent"] for r in recs)')" 48
fakegh_stop

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
