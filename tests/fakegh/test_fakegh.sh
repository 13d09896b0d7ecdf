#!/bin/sh
# test_fakegh.sh - checks the fake GitHub server and lib.sh over real HTTP
# with curl(1): every route feature, every fault, the request log, start-up
# errors, shutdown, and the ready scenarios. Prints "N passed, N failed";
# exits 1 if anything failed. Run from anywhere: sh tests/fakegh/test_fakegh.sh

cd "$(dirname "$0")/../.." || exit 1
. tests/fakegh/lib.sh

pass=0
fail=0
T=$(mktemp -d "${TMPDIR:-/tmp}/fakegh-test.XXXXXX") || exit 1
trap 'fakegh_stop; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM
FIX=fixtures/github
REPO=/repos/hub4j-test-org/github-api
HEAD_SHA=78b9ff49d47daaa158eb373c4e2e040f739df8b9

# check NAME EXPECTED ACTUAL
check() {
	if [ "$2" = "$3" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		printf 'FAIL %s\n  expected: %s\n  actual:   %s\n' "$1" "$2" "$3"
	fi
}

# req PATH [curl args]: sets code (HTTP status, 000 if none) and rc (curl's
# exit status); the body goes to $T/body, the headers to $T/head.
req() {
	req_path=$1
	shift
	: >"$T/body"
	: >"$T/head"
	code=$(curl -sS --max-time 5 -o "$T/body" -D "$T/head" \
		-w '%{http_code}' "$@" "$FAKEGH_URL$req_path" 2>"$T/err")
	rc=$?
}

# hdr NAME: the first value of response header NAME ("" if absent)
hdr() {
	tr -d '\r' <"$T/head" | grep -i "^$1:" | head -n 1 | cut -d' ' -f2-
}

body() { cat "$T/body"; }
size() { wc -c <"$1" | tr -d ' '; }

# js EXPR: a Python expression over d, the response body parsed as JSON
js() {
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
print(eval(sys.argv[2]))' "$T/body" "$1"
}

# at_least SECONDS VALUE / below SECONDS VALUE: "yes" or "no"
at_least() { awk -v a="$1" -v b="$2" 'BEGIN { print (b >= a) ? "yes" : "no" }'; }
below() { awk -v a="$1" -v b="$2" 'BEGIN { print (b < a) ? "yes" : "no" }'; }

# logged EXPR: a Python expression over r, the last logged request
logged() {
	python3 -c 'import json, sys
r = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")][-1]
print(eval(sys.argv[2]))' "$FAKEGH_LOG" "$1"
}

# ---------------------------------------------------------------- start-up
fakegh_start selftest || exit 1
check "port file" yes "$(expr "$FAKEGH_PORT" : '[0-9][0-9]*$' >/dev/null && echo yes)"
check "url" "http://127.0.0.1:$FAKEGH_PORT" "$FAKEGH_URL"

# ---------------------------------------------------------------- routes
req /nope
check "unmatched status" 404 "$code"
check "unmatched body" '{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}' "$(body)"
check "unmatched type" "application/json; charset=utf-8" "$(hdr content-type)"

req /t/fixture
check "fixture status" 200 "$code"
check "fixture bytes" same "$(cmp -s "$T/body" $FIX/recorded/pulls-get.json && echo same)"
check "fixture length" "$(size $FIX/recorded/pulls-get.json)" "$(hdr content-length)"
check "fixture recorded type" "application/json; charset=utf-8" "$(hdr content-type)"
# the recording said 4956 left (another token's, another hour): the
# server's own count replaces it
check "fixture rate limit is the server's" "5000 5000" \
	"$(hdr x-ratelimit-limit) $(($(hdr x-ratelimit-remaining) + $(hdr x-ratelimit-used)))"
check "fixture recorded request id" "ED8C:21CA73:E8BE77D:EA5B97D:65EC71BD" "$(hdr x-github-request-id)"
check "fixture two vary lines" 2 "$(tr -d '\r' <"$T/head" | grep -ci '^vary:')"
check "fixture no transfer-encoding" "" "$(hdr transfer-encoding)"

# HEAD: the headers of the GET, no body (curl -I would print the headers)
python3 -c 'import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"HEAD /t/fixture HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
data = b""
while chunk := s.recv(65536):
    data += chunk
sys.stdout.buffer.write(data)' "$FAKEGH_PORT" >"$T/head"
check "HEAD status" "HTTP/1.1 200 OK" "$(head -n 1 "$T/head" | tr -d '\r')"
check "HEAD length" "$(size $FIX/recorded/pulls-get.json)" "$(hdr content-length)"
check "HEAD no body" "" "$(tr -d '\r' <"$T/head" | sed '1,/^$/d')"

req /t/patched
check "patch draft" True "$(js 'd["draft"]')"
check "patch number" 7 "$(js 'd["number"]')"
check "patch nested merge" "0123 test/stable" "$(js 'd["head"]["sha"] + " " + d["head"]["ref"]')"
check "patch list item merge" "x" "$(js '",".join(l["name"] for l in d["labels"])')"
check "patch keeps the rest" refreshFromSearchResults "$(js 'd["title"]')"

req /t/list-patch
check "list patch length" 2 "$(js 'len(d)')"
check "list patch items" "813498682 sahansera-test2 APPROVED|2 second APPROVED" \
	"$(js '"|".join("%s %s %s" % (r["id"], r["user"]["login"], r["state"]) for r in d)')"

req '/t/query?page=2&per_page=100'
check "query subset match" per_page "$(js 'd["which"]')"
req '/t/query?page=2'
check "query fall through" any "$(js 'd["which"]')"

req /t/times
check "times 1" 503 "$code"
req /t/times
check "times 2" 503 "$code"
req /t/times
check "times exhausted" '200 {"ok":true}' "$code $(body)"

req /t/headers
check "header {base}" "<$FAKEGH_URL/t/next?page=2>; rel=\"next\"" "$(hdr link)"
check "header added" 1 "$(hdr x-custom)"

req /t/recorded-link
check "recorded link rewritten" \
	"<$FAKEGH_URL/repositories/617210/commits/$HEAD_SHA/check-runs?per_page=2&page=2>; rel=\"next\", <$FAKEGH_URL/repositories/617210/commits/$HEAD_SHA/check-runs?per_page=2&page=4>; rel=\"last\"" \
	"$(hdr link)"
check "header null removes" "" "$(hdr etag)"
check "recorded status header dropped" "" "$(hdr status)"

req /t/regex/42
check "path_regex" 200 "$code"
req /t/regex/42x
check "path_regex full match" 404 "$code"
req /t/recall
check "recall before remember: the scenario's memory" '{"head":"before"}' "$(body)"
req /t/remember/abc123
check "remember answers" '{"asked":"abc123"}' "$(body)"
req /t/recall
check "recall" '{"head":"abc123"}' "$(body)"

req /t/500
check "500" '500 {"message":"Internal Server Error","documentation_url":"https://docs.github.com/rest"}' "$code $(body)"
req /t/502
check "502" '502 {"message":"Bad Gateway","documentation_url":"https://docs.github.com/rest"}' "$code $(body)"
req /t/503
check "503" '503 {"message":"Service Unavailable","documentation_url":"https://docs.github.com/rest"}' "$code $(body)"

req /t/304
check "304 status" 304 "$code"
check "304 etag" '"1254fe8f5cfcbd4afc2f692827da4f04a3033c56"' "$(hdr etag)"
check "304 no body" 0 "$(size "$T/body")"

# ---------------------------------------------------------------- request log
req /t/comments -X POST -H 'Authorization: Bearer ghp_secret' \
	-H 'Content-Type: application/json' --data-binary '{"body":"hello"}'
check "POST status" '201 {"id":1}' "$code $(body)"
check "log method path" "POST /t/comments" "$(logged 'r["method"] + " " + r["path"]')"
check "log body" '{"body":"hello"}' "$(logged 'r["body"]')"
check "log authorization verbatim" "Bearer ghp_secret" "$(logged 'r["headers"]["authorization"]')"
check "log time" yes "$(logged '"yes" if abs(r["time"] - __import__("time").time()) < 60 else "no"')"
python3 -c 'print("x" * 5000, end="")' >"$T/big-post"
t=$(curl -sS -o /dev/null -w '%{http_code} %{time_total}' -H 'Expect: 100-continue' \
	--data-binary @"$T/big-post" "$FAKEGH_URL/t/comments")
check "POST with Expect: 100-continue" 201 "${t% *}"
check "100 Continue sent (no 1 s expect wait)" yes "$(below 0.9 "${t#* }")"
check "log expect header" 100-continue "$(logged 'r["headers"].get("expect")')"
check "log big body" 5000 "$(logged 'len(r["body"])')"
req /t/comments/1 -X PATCH --data-binary 'edit'
check "PATCH raw body" '200 raw text' "$code $(body)"
req '/t/query?per_page=100&q=a%20b'
check "log query" "{'per_page': '100', 'q': 'a b'}" "$(logged 'r["query"]')"
check "log target" "/t/query?per_page=100&q=a%20b" "$(logged 'r["target"]')"
check "log GET body" None "$(logged 'r["body"]')"

# ---------------------------------------------------------------- keep-alive
conns=$(curl -sS -o /dev/null -o /dev/null -w '%{num_connects} ' \
	"$FAKEGH_URL/t/fixture" "$FAKEGH_URL/t/patched")
check "connection reused" "1 0 " "$conns"
conns=$(curl -sS -o /dev/null -o /dev/null -o /dev/null -w '%{num_connects} ' \
	"$FAKEGH_URL/nope" "$FAKEGH_URL/t/503" "$FAKEGH_URL/t/fixture")
check "connection reused after 404 and 503" "1 0 0 " "$conns"

# Three 600 ms answers and a hang at once: each slow one within ~0.6 s.
t=$(curl -sS -Z --parallel-immediate --no-progress-meter --max-time 1.5 -w '%{http_code}:%{time_total}\n' \
	-o /dev/null -o /dev/null -o /dev/null -o /dev/null "$FAKEGH_URL/t/slow" \
	"$FAKEGH_URL/t/slow" "$FAKEGH_URL/t/slow" "$FAKEGH_URL/t/hang" 2>/dev/null |
	awk -F: '{ print $1 ($1 == 200 && $2 < 1.1 ? "-concurrent" : "") }' | sort | paste -sd' ' -)
check "parallel requests" "000 200-concurrent 200-concurrent 200-concurrent" "$t"

# ---------------------------------------------------------------- faults
t=$(curl -sS -o "$T/body" -w '%{time_starttransfer}' "$FAKEGH_URL/t/slow")
check "slow answers" '{"slow":true}' "$(body)"
check "slow waits before the status line" yes "$(at_least 0.6 "$t")"
req /t/slow --max-time 0.3
check "slow times out" "28 000" "$rc $code"

t=$(curl -sS -o "$T/body" -w '%{time_starttransfer} %{time_total}' "$FAKEGH_URL/t/slow-body")
check "slow-body bytes" same "$(cmp -s "$T/body" $FIX/recorded/pulls-reviews-list.json && echo same)"
check "slow-body headers first" yes "$(below 0.3 "${t% *}")"
check "slow-body takes its time" yes "$(at_least 0.55 "${t#* }")"

req /t/truncate
check "truncate curl error" "18 200" "$rc $code"
check "truncate half the body" $(($(size $FIX/recorded/pulls-get.json) / 2)) "$(size "$T/body")"
check "truncate full length" "$(size $FIX/recorded/pulls-get.json)" "$(hdr content-length)"

req /t/close-mid-body
check "close-mid-body reset" "56 200" "$rc $code"
check "close-mid-body message" yes "$(grep -q 'Connection reset by peer' "$T/err" && echo yes)"

req /t/hang --max-time 1
check "hang never answers" "28 000" "$rc $code"
req /t/fixture
check "still serving after hang" 200 "$code"

req /t/invalid-json
check "invalid-json" '200 {"id": 1,, broken' "$code $(body)"

req /t/big-length
check "big-length curl error" "18 200" "$rc $code"
check "big-length declared" $(($(size $FIX/recorded/pulls-reviews-list.json) + 1000000)) "$(hdr content-length)"
check "big-length sends the body" same "$(cmp -s "$T/body" $FIX/recorded/pulls-reviews-list.json && echo same)"

now=$(date +%s)
req /t/rate-limit
check "rate-limit status" 403 "$code"
check "rate-limit body" '{"message":"API rate limit exceeded for 127.0.0.1.","documentation_url":"https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api"}' "$(body)"
check "rate-limit remaining" 0 "$(hdr x-ratelimit-remaining)"
check "rate-limit limit" 5000 "$(hdr x-ratelimit-limit)"
reset=$(hdr x-ratelimit-reset)
check "rate-limit reset now+120" yes "$(awk -v r="$reset" -v n="$now" 'BEGIN { print (r >= n + 119 && r <= n + 122) ? "yes" : "no" }')"
check "rate-limit no retry-after" "" "$(hdr retry-after)"

req /t/secondary
check "secondary status" 403 "$code"
check "secondary retry-after" 7 "$(hdr retry-after)"
check "secondary body" '{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.","documentation_url":"https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api"}' "$(body)"
check "secondary remaining non-zero" 4999 "$(hdr x-ratelimit-remaining)"

req /t/too-many
check "too-many status" 429 "$code"
check "too-many retry-after" 5 "$(hdr retry-after)"

req /t/redirect
check "redirect status" 302 "$code"
check "redirect location" "$FAKEGH_URL/t/fixture" "$(hdr location)"
req /t/redirect -L
check "redirect followed" 200 "$code"
check "redirect target bytes" same "$(cmp -s "$T/body" $FIX/recorded/pulls-get.json && echo same)"

req /t/huge
check "huge size" 1048576 "$(size "$T/body")"
check "huge valid JSON" 1048566 "$(js 'len(d["pad"])')"

fakegh_stop
check "SIGTERM exits 0" 0 "$FAKEGH_STATUS"

# ---------------------------------------------------------------- lib.sh log
fakegh_start selftest || exit 1
curl -s -o /dev/null "$FAKEGH_URL/t/fixture"
curl -s -o /dev/null -X POST -d x "$FAKEGH_URL/t/comments"
curl -s -o /dev/null "$FAKEGH_URL/t/query?per_page=100&page=2"
check "fakegh_requests" "GET /t/fixture|POST /t/comments|GET /t/query?per_page=100&page=2" \
	"$(fakegh_requests | paste -sd'|' -)"

# ---------------------------------------------------------------- shutdown
curl -s --max-time 20 -o /dev/null "$FAKEGH_URL/t/hang" &
hang_curl=$!
curl -s --max-time 20 -o /dev/null "$FAKEGH_URL/t/slow-body" &
slow_curl=$!
sleep 0.3
start=$(date +%s%N)
fakegh_stop
stop_ms=$((($(date +%s%N) - start) / 1000000))
check "stop during hang and slow-body exits 0" 0 "$FAKEGH_STATUS"
check "stop during hang is quick" yes "$(below 2000 "$stop_ms")"
wait "$hang_curl"
check "hanging client sees the close" 52 "$?"
wait "$slow_curl"
check "slow-body client sees the close" 18 "$?"

fakegh_start selftest || exit 1
kill -INT "$FAKEGH_PID"
wait "$FAKEGH_PID"
check "SIGINT exits 0" 0 "$?"
FAKEGH_PID=
fakegh_stop

fakegh_start selftest --delay-ms 300 || exit 1
t=$(curl -sS -o /dev/null -w '%{time_total}' "$FAKEGH_URL/t/fixture")
check "delay-ms" yes "$(at_least 0.3 "$t")"
busy=$FAKEGH_PORT

# Started by a shell that exits at once: must not outlive it.
sh -c 'python3 tests/fakegh/fakegh.py --scenario tests/fakegh/scenarios/selftest.json \
	--port-file "$1" --parent-pid $$ >/dev/null 2>&1 & echo $!' sh "$T/orphan-port" >"$T/orphan-pid"
# it served (wrote its port), then noticed its parent gone; the loops
# only bound a hang (a loaded machine starts python slowly)
orphan_gone() {
	orphan_state=$(ps -o stat= -p "$(cat "$T/orphan-pid")") # Z: exited, unreaped
	case $orphan_state in '' | Z*) return 0 ;; *) return 1 ;; esac
}
tries=0
while [ ! -s "$T/orphan-port" ] && ! orphan_gone && [ $tries -lt 600 ]; do
	sleep 0.1
	tries=$((tries + 1))
done
check "parent-pid: served first" yes "$([ -s "$T/orphan-port" ] && echo yes)"
tries=0
while ! orphan_gone && [ $tries -lt 600 ]; do
	sleep 0.1
	tries=$((tries + 1))
done
check "parent-pid" gone "$(orphan_gone && echo gone || echo alive)"

# ---------------------------------------------------------------- errors
# start_error ARGS...: the exit status and stderr of a server that must fail
start_error() {
	python3 tests/fakegh/fakegh.py "$@" >/dev/null 2>"$T/err" </dev/null
	echo "$? $(cat "$T/err")"
}
check "port in use" "2 fakegh: error: [Errno 98] Address already in use" \
	"$(start_error --scenario tests/fakegh/scenarios/selftest.json --port "$busy")"
fakegh_stop

bad() { # bad NAME ROUTE-JSON EXPECTED-MESSAGE
	printf '{"routes": [%s]}' "$2" >"$T/bad.json"
	check "$1" "2 fakegh: error: scenario '$T/bad.json': route 0: $3" \
		"$(start_error --scenario "$T/bad.json")"
}
bad "unknown fault" '{"path": "/", "fault": "slowly:5"}' "unknown fault 'slowly'"
bad "fault needs a number" '{"path": "/", "fault": "slow:soon"}' "fault 'slow' needs a number"
bad "fault takes no argument" '{"path": "/", "fault": "hang:5"}' "fault 'hang' takes no argument"
bad "unknown key" '{"path": "/", "stauts": 200}' "unknown key 'stauts'"
bad "missing fixture" '{"path": "/", "fixture": "recorded/nope.json"}' "no fixture 'recorded/nope.json'"
bad "fixture outside" '{"path": "/", "fixture": "../../Makefile"}' "fixture outside fixtures/github"
bad "no path" '{"status": 200}' "needs exactly one of path, path_regex"
bad "status type" '{"path": "/", "status": "503"}' "status must be int"
bad "patch without JSON" '{"path": "/", "body": "x", "patch": {}}' "patch needs a JSON fixture or body"
check "missing scenario" 2 "$(start_error --scenario "$T/none.json" | cut -d' ' -f1)"

# ---------------------------------------------------------------- scenarios
fakegh_start clean || exit 1
req $REPO/pulls/479
check "clean pr" "open False True clean $HEAD_SHA main" \
	"$(js '" ".join(str(x) for x in (d["state"], d["draft"], d["mergeable"], d["mergeable_state"], d["head"]["sha"], d["base"]["ref"]))')"
req $REPO/pulls/479/reviews
check "clean reviews" "APPROVED sahansera-test2 $HEAD_SHA|APPROVED maximevw $HEAD_SHA" \
	"$(js '"|".join("%s %s %s" % (r["state"], r["user"]["login"], r["commit_id"]) for r in d)')"
req $REPO/commits/$HEAD_SHA/check-runs
check "clean check runs" "2 completed/success $HEAD_SHA completed/success $HEAD_SHA" \
	"$(js '" ".join([str(d["total_count"])] + ["%s/%s %s" % (c["status"], c["conclusion"], c["head_sha"]) for c in d["check_runs"]])')"
check "clean check runs single page" "" "$(hdr link)"
req $REPO/commits/$HEAD_SHA/status
check "clean combined status" "success $HEAD_SHA success success" \
	"$(js '" ".join([d["state"], d["sha"]] + [s["state"] for s in d["statuses"]])')"
req "$REPO/compare/main...$HEAD_SHA"
check "clean compare" "ahead 9 0" "$(js '"%s %s %s" % (d["status"], d["ahead_by"], d["behind_by"])')"
req $REPO/pulls/479/files
check "clean files" "file1.txt" "$(js 'd[0]["filename"]')"
req $REPO/commits/$HEAD_SHA/pulls
check "clean commit pulls" "479 $HEAD_SHA" "$(js '"%s %s" % (d[0]["number"], d[0]["head"]["sha"])')"
req $REPO/issues/479/comments
check "clean comments" 200 "$code"
req $REPO/issues/479/comments -X POST -d '{"body":"x"}'
check "clean comment create" 201 "$code"
req $REPO/issues/comments/1254853699 -X PATCH -d '{"body":"y"}'
check "clean comment update" 200 "$code"
fakegh_stop

fakegh_start draft || exit 1
req $REPO/pulls/479
check "draft pr" "True draft $HEAD_SHA Cache the rendered checklist" \
	"$(js '"%s %s %s %s" % (d["draft"], d["mergeable_state"], d["head"]["sha"], d["title"])')"
req $REPO/pulls/479/reviews
check "draft inherits clean" 2 "$(js 'len(d)')"
fakegh_stop

fakegh_start behind || exit 1
req $REPO/pulls/479
check "behind pr" behind "$(js 'd["mergeable_state"]')"
req "$REPO/compare/main...$HEAD_SHA"
check "behind compare" "diverged 9 2" "$(js '"%s %s %s" % (d["status"], d["ahead_by"], d["behind_by"])')"
fakegh_stop

fakegh_start paginated-checks || exit 1
next="$FAKEGH_URL$REPO/commits/$HEAD_SHA/check-runs?per_page=100"
runs=
pages=0
while [ -n "$next" ] && [ "$pages" -lt 10 ]; do
	curl -sS -o "$T/body" -D "$T/head" "$next"
	runs="$runs$(js '" ".join(c["conclusion"] for c in d["check_runs"])') "
	next=$(hdr link | tr ',' '\n' | grep 'rel="next"' | sed 's/.*<\(.*\)>.*/\1/')
	pages=$((pages + 1))
done
check "paginated pages" 4 "$pages"
check "paginated runs" "success success success success success success success success " "$runs"
check "paginated total" 8 "$(js 'd["total_count"]')"
fakegh_stop

fakegh_start rate-limited || exit 1
req $REPO/pulls/479
check "rate-limited" "403 0" "$code $(hdr x-ratelimit-remaining)"
req $REPO/issues/479/comments -X POST -d x
check "rate-limited POST" 403 "$code"
req /rate_limit
check "rate-limited /rate_limit" "0 0" "$(js '"%s %s" % (d["resources"]["core"]["remaining"], d["rate"]["remaining"])')"
fakegh_stop

# --content-limit N: content-creating requests a minute per repository;
# past it GitHub's secondary-limit 403, before any route sees it
fakegh_start clean --content-limit 2 || exit 1
req $REPO/statuses/78b9ff49d47daaa158eb373c4e2e040f739df8b9 -X POST -d '{"state":"success"}'
first=$code
req $REPO/issues/479/comments -X PATCH -d '{"body":"x"}'
second=$code
req $REPO/pulls/479
check "content: reads do not count" 200 "$code"
req $REPO/issues/479/comments -X POST -d '{"body":"x"}'
check "content: the third write refused" "$first $second 403 60" "$first $second $code $(hdr retry-after)"
check "content: refused body" '{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.","documentation_url":"https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api"}' "$(body)"
req /repos/octo/other/issues/1/comments -X POST -d '{"body":"x"}'
check "content: another repository's own" 404 "$code"
fakegh_stop

# --rate-limit N: a repository's budget a window (--rate-window s from
# its first request); past it GitHub's 403, a conditional request too;
# other repositories have their own
fakegh_start clean --rate-limit 2 --rate-window 3 || exit 1
now=$(date +%s)
req $REPO/pulls/479/files
etag=$(hdr etag)
check "budget: first" "200 2 1 1 core" "$code $(hdr x-ratelimit-limit) $(hdr x-ratelimit-used) $(hdr x-ratelimit-remaining) $(hdr x-ratelimit-resource)"
reset=$(hdr x-ratelimit-reset)
check "budget: reset now+3" yes "$(awk -v r="$reset" -v n="$now" 'BEGIN { print (r >= n + 3 && r <= n + 4) ? "yes" : "no" }')"
req $REPO/pulls/479/files -H "If-None-Match: $etag"
check "budget: a 304 is free" "304 True" "$code $(logged 'r["counted"] is False')"
req $REPO/pulls/479/files
check "budget: last" "200 2 0" "$code $(hdr x-ratelimit-used) $(hdr x-ratelimit-remaining)"
req $REPO/pulls/479/files
check "budget: spent" "403 2 2 0 core $reset" "$code $(hdr x-ratelimit-limit) $(hdr x-ratelimit-used) $(hdr x-ratelimit-remaining) $(hdr x-ratelimit-resource) $(hdr x-ratelimit-reset)"
check "budget: spent body" '{"message":"API rate limit exceeded for installation ID 4242424.","documentation_url":"https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api"}' "$(body)"
check "budget: spent logged" "403 False" "$(logged '"%s %s" % (r["status"], r["counted"])')"
req $REPO/pulls/479/files -H "If-None-Match: $etag"
check "budget: spent, conditional" 403 "$code"
req $REPO/issues/479/comments -X POST -d '{"body":"x"}'
check "budget: spent, POST" 403 "$code"
req /repos/octo/other/pulls/1
check "budget: another repository" "404 1" "$code $(hdr x-ratelimit-used)"
# the window's end (no client waits in the tests; this one must)
while [ "$(date +%s)" -lt "$reset" ]; do sleep 0.2; done
req $REPO/pulls/479/files
check "budget: after the reset" "200 1 1" "$code $(hdr x-ratelimit-used) $(hdr x-ratelimit-remaining)"
fakegh_stop

fakegh_start flaky-503 || exit 1
req $REPO/pulls/479
check "flaky-503 body" '503 {"message":"Service Unavailable","documentation_url":"https://docs.github.com/rest"}' "$code $(body)"
codes=
for _ in 2 3 4; do
	req $REPO/pulls/479
	codes="$codes$code "
done
check "flaky-503 then 200" "503 200 200 " "$codes"
fakegh_stop

fakegh_start mergeable-unknown || exit 1
req $REPO/pulls/479
check "mergeable unknown" "None unknown" "$(js '"%s %s" % (d["mergeable"], d["mergeable_state"])')"
req $REPO/pulls/479
check "mergeable computed" "True clean" "$(js '"%s %s" % (d["mergeable"], d["mergeable_state"])')"
fakegh_stop

fakegh_start secondary-rate-limit || exit 1
req $REPO/pulls/479
check "secondary then" "403 1" "$code $(hdr retry-after)"
req $REPO/pulls/479
check "secondary now" 200 "$code"
fakegh_stop

# ---- HTTP/2 (--http2, over TLS): the same answers, streams in parallel ----
mkdir "$T/tls"
if fakegh_certs "$T/tls"; then
	cat >"$T/h2.json" <<EOF
{"extends": "$(pwd)/tests/fakegh/scenarios/clean.json",
 "routes": [{"path": "/together", "barrier": 5, "body": {"ok": true}},
            {"path": "/cut", "fault": "truncate", "body": {"pad": "0123456789"}}]}
EOF
	fakegh_start "$T/h2.json" --tls-cert "$T/tls/srv.pem" \
		--tls-key "$T/tls/srv.key" --http2 --conn-log "$T/conn" || exit 1
	H2=https://127.0.0.1:$FAKEGH_PORT
	# get VERSION PATH NAME [curl args]: the answer's headers to
	# $T/NAME.head, its body to $T/NAME.body; prints the HTTP version
	# curl spoke and the status
	get() {
		get_v=$1 get_p=$2 get_n=$3
		shift 3
		curl -sS --max-time 20 --cacert "$T/tls/ca.pem" "--http$get_v" \
			-o "$T/$get_n.body" -D "$T/$get_n.head" \
			-w '%{http_version} %{http_code}' "$@" "$H2$get_p" 2>"$T/err"
	}
	# heads NAME: the headers, names lower-case, sorted, without the
	# status line and the rate-limit counters (each request counts)
	heads() {
		tr -d '\r' <"$T/$1.head" | sed 1d | grep . |
			sed 's/^\([^:]*\)/\L\1/' |
			grep -v '^x-ratelimit-\(used\|remaining\):' | sort
	}
	P479=$REPO/pulls/479
	check "h2: curl speaks HTTP/2" "2 200" "$(get 2 $P479 two)"
	check "h2: ALPN chose h2" '{"event": "tls", "version": "TLSv1.3", "alpn": "h2"}' \
		"$(grep '"tls"' "$T/conn" | tail -n 1)"
	check "h2: a client without h2 gets HTTP/1.1" "1.1 200" "$(get 1.1 $P479 one)"
	check "h2: ALPN fell back to http/1.1" '"alpn": "http/1.1"}' \
		"$(grep '"tls"' "$T/conn" | tail -n 1 | sed 's/.*, //')"
	check "h2: the body of HTTP/1.1" "same $(size "$T/one.body")" \
		"$(cmp -s "$T/one.body" "$T/two.body" && echo same) $(size "$T/two.body")"
	check "h2: the headers of HTTP/1.1" "$(heads one)" "$(heads two)"
	tag=$(heads two | sed -n 's/^etag: //p')
	check "h2: a 304 to If-None-Match" "2 304 no body" \
		"$(get 2 $P479 three -H "If-None-Match: $tag") $([ -s "$T/three.body" ] || echo no body)"
	check "h2: the 304 not counted" False "$(logged 'r["counted"]')"
	check "h2: a POST" "2 201" "$(get 2 $REPO/issues/479/comments post \
		-H 'Content-Type: application/json' --data-binary '{"body":"hi"}')"
	check "h2: the POST logged" 'POST {"body":"hi"}' \
		"$(logged '"%s %s" % (r["method"], r["body"])')"
	check "h2: an unknown path" "2 404" "$(get 2 /nothing none)"
	get 2 /cut cut >/dev/null
	check "h2: truncate: the stream ends short of its content-length" \
		"92 curl: (92) HTTP/2 stream 1 was not closed cleanly: PROTOCOL_ERROR (err 1)" \
		"$? $(cat "$T/err")"
	# five streams on one connection, each held until all five have
	# arrived: answered together (one after another, they would time out
	# at the barrier: 504)
	: >"$T/conn"
	: >"$FAKEGH_LOG"
	curl -sS --max-time 30 --cacert "$T/tls/ca.pem" --http2 -Z -w '%{http_version} %{http_code}\n' \
		-o /dev/null -o /dev/null -o /dev/null -o /dev/null -o /dev/null \
		"$H2/together" "$H2/together" "$H2/together" "$H2/together" \
		"$H2/together" 2>"$T/err" | sort | uniq -c | tr -s ' ' >"$T/out"
	check "h2: five streams answered together" " 5 2 200" "$(cat "$T/out")"
	check "h2: on one connection" 1 "$(grep -c '"connect"' "$T/conn")"
	check "h2: the log tells how many were in flight" "1 2 3 4 5" \
		"$(python3 -c 'import json, sys
print(*sorted(json.loads(l)["concurrent"] for l in open(sys.argv[1])))' \
			"$FAKEGH_LOG")"
	fakegh_stop
else
	check "h2: certificates made" 0 1
fi
check "h2: --http2 needs TLS" \
	"2 fakegh: error: --http2 needs --tls-cert and --tls-key" \
	"$(start_error --scenario tests/fakegh/scenarios/selftest.json --http2)"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
