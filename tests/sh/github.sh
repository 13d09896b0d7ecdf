#!/bin/sh
# github.sh - the GitHub client (gate/github.c, gate/http.c) against the
# fake GitHub server: every fact of the ready scenarios, pagination, the
# second look at mergeability, retries, rate limits, transport faults, the
# size cap, refusals, redirects and where the token goes. It drives
# build/github-driver (make build/github-driver; tests/github_driver.c) and
# asserts exact stdout, stderr, exit codes and request logs; never the
# clock. Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/../.." || exit 2
DRIVER=${DRIVER:-./build/github-driver}
. tests/fakegh/lib.sh
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy \
	GITHUB_TOKEN GH_TOKEN
TOKEN=ghp_prgateTestToken0123456789abcdefSECRET
PRGATE_TOKEN=$TOKEN
export PRGATE_TOKEN
tmp=$(mktemp -d "${TMPDIR:-/tmp}/github-sh.XXXXXX") || exit 2
trap 'fakegh_stop; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
passed=0
failed=0
name=setup
: >"$tmp/all-output"
# short timings for the tests (the defaults: 1 s, 60 s, 30 s, 10 s, 2 s)
FAST="--retry-base 50 --max-wait 2000 --timeout 2000 --connect-timeout 1000 \
--mergeable-delay 100"
PR=hub4j-test-org/github-api#479
P=/repos/hub4j-test-org/github-api
SHA=78b9ff49d47daaa158eb373c4e2e040f739df8b9

pass() {
	passed=$((passed + 1))
}

fail() {
	failed=$((failed + 1))
	echo "FAIL $name: $*"
}

if [ ! -x "$DRIVER" ]; then
	echo "github.sh: $DRIVER is missing (make build/github-driver)"
	echo "0 passed, 1 failed"
	exit 1
fi

# Every request in the fake's log carries exactly "Bearer $TOKEN" (or, with
# $1 = none, no authorization at all), and the token is nowhere else in it.
check_log_token() {
	if python3 - "$FAKEGH_LOG" "$TOKEN" "${1:-bearer}" <<'EOF'; then
import json, sys
log, tok, want = sys.argv[1], sys.argv[2], sys.argv[3]
bad = 0
for line in open(log, encoding="utf-8"):
    r = json.loads(line)
    auth = r["headers"].pop("authorization", None)
    if want == "none" and auth is not None:
        print("authorization sent for", r["method"], r["target"]); bad = 1
    if want != "none" and auth != "Bearer " + tok:
        print("wrong or no authorization for", r["method"], r["target"]); bad = 1
    if tok in json.dumps(r):
        print("token outside authorization in", r["method"], r["target"]); bad = 1
sys.exit(bad)
EOF
		pass
	else
		fail "the token went somewhere else (see above)"
	fi
}

# Replace what changes from run to run: the server's URL, clock times and
# curl's elapsed milliseconds.
normalise() {
	sed -e "s|$1|URL|g" \
		-e 's/\([0-9]\{4\}-[0-9][0-9]-[0-9][0-9] \)\{0,1\}[0-9][0-9]:[0-9][0-9]:[0-9][0-9] UTC/HH:MM:SS UTC/g' \
		-e 's/after [0-9]* milliseconds/after N milliseconds/g' \
		-e 's/after [0-9]* ms/after N ms/g'
}

# drive NAME SCENARIO [DRIVER ARGS...]: start the fake with SCENARIO, run the
# driver at it, stop it. Leaves $tmp/out, $tmp/err (normalised),
# $tmp/status, $tmp/requests (sorted "METHOD target" lines) and $tmp/log;
# checks the token in the log (one assertion).
drive() {
	name=$1
	scenario=$2
	shift 2
	: >"$tmp/out"
	: >"$tmp/err"
	: >"$tmp/requests"
	echo none >"$tmp/status"
	if ! fakegh_start "$scenario"; then
		fail "the fake server did not start"
		return 1
	fi
	# shellcheck disable=SC2086
	"$DRIVER" --api-url "$FAKEGH_URL" $FAST "$@" \
		>"$tmp/out.raw" 2>"$tmp/err.raw"
	echo $? >"$tmp/status"
	fakegh_requests | sort >"$tmp/requests"
	cp "$FAKEGH_LOG" "$tmp/log"
	if [ -n "${PRGATE_TOKEN:-}" ]; then
		check_log_token
	else
		check_log_token none
	fi
	fakegh_stop
	cat "$tmp/out.raw" "$tmp/err.raw" >>"$tmp/all-output"
	normalise "$FAKEGH_URL" <"$tmp/out.raw" >"$tmp/out"
	normalise "$FAKEGH_URL" <"$tmp/err.raw" >"$tmp/err"
}

# run NAME [DRIVER ARGS...]: the driver with no server.
run() {
	name=$1
	shift
	"$DRIVER" "$@" >"$tmp/out.raw" 2>"$tmp/err.raw"
	echo $? >"$tmp/status"
	cat "$tmp/out.raw" "$tmp/err.raw" >>"$tmp/all-output"
	normalise "no server" <"$tmp/out.raw" >"$tmp/out"
	normalise "no server" <"$tmp/err.raw" >"$tmp/err"
}

expect_status() {
	got=$(cat "$tmp/status")
	if [ "$got" = "$1" ]; then
		pass
	else
		fail "exit status $got, want $1"
		sed 's/^/  stderr: /' "$tmp/err" | head -5
	fi
}

# The expectations compare files, so that no pass or fail is counted in a
# subshell: write what is wanted to $tmp/want first (never pipe into these).

# expect_file WHAT FILE: FILE against $tmp/want, exactly.
expect_file() {
	if cmp -s "$tmp/want" "$2"; then
		pass
	else
		fail "$1 differs (- want, + got):"
		diff -u "$tmp/want" "$2" | sed '1,2d' | head -40
	fi
}

# expect_out: stdout against $tmp/want.
expect_out() {
	expect_file stdout "$tmp/out"
}

# expect_got WHAT: $tmp/got (a part of the output) against $tmp/want.
expect_got() {
	expect_file "$1" "$tmp/got"
}

# expect_err LINE...: stderr, exactly these lines.
expect_err() {
	printf '%s\n' "$@" >"$tmp/want"
	expect_file stderr "$tmp/err"
}

expect_no_out() {
	: >"$tmp/want"
	expect_file stdout "$tmp/out"
}

expect_no_err() {
	: >"$tmp/want"
	expect_file stderr "$tmp/err"
}

# expect_requests: the request log against $tmp/want, both sorted.
expect_requests() {
	sort "$tmp/want" >"$tmp/want.sorted"
	mv "$tmp/want.sorted" "$tmp/want"
	expect_file requests "$tmp/requests"
}

# expect_count N LINE: LINE appears N times in the request log.
expect_count() {
	got=$(grep -c -x -F "$2" "$tmp/requests")
	if [ "$got" = "$1" ]; then
		pass
	else
		fail "\"$2\" requested $got times, want $1"
	fi
}

# The facts of the clean scenario, in the driver's form.
cat >"$tmp/clean" <<'EOF'
pr hub4j-test-org/github-api#479
title Cache the rendered checklist
state open
draft no
merged no
mergeable yes
mergeable_state clean
author gsmet
head test/stable 78b9ff49d47daaa158eb373c4e2e040f739df8b9
base main
created 2024-03-09T14:27:06Z
updated 2024-03-09T14:27:06Z
labels -
requested_reviewers -
requested_teams -
body 515 bytes
| ## Solution
|
| Cache the rendered checklist so `prgate check` answers faster.
|
| **Original issue and supporting materials**: #478
| **Downsides**: None
|
| ## Roll-out plan
|
| **Deployment risks**: None
| **Deployment assistants**: None
| **Backing services related changes**: None
| **Backuping steps**: None
|
| **Deployment steps**
|
| - [ ] Merge the PR
| - [ ] Deploy `main` to production
|
| ## Verification plan
|
| Open the dashboard and check that the checklist renders.
|
| ## Rollback strategy
|
| Revert the merge commit and deploy again.
review sahansera-test2 APPROVED 78b9ff49d47daaa158eb373c4e2e040f739df8b9 submitted 2021-11-23T10:51:35Z
review maximevw APPROVED 78b9ff49d47daaa158eb373c4e2e040f739df8b9 submitted 2021-11-23T11:02:10Z
check "test (windows, Java 13)" completed success https://github.com/hub4j/github-api/runs/514982798
check "test (windows, Java 11)" completed success https://github.com/hub4j/github-api/runs/514982790
status example/1 success https://example.com
status example/2 success https://example.com
combined success
compare ahead ahead 9 behind 0
file added file1.txt patch 65 bytes
requests 6
rounds 2
EOF

ROUND1="GET $P/pulls/479
GET $P/pulls/479/reviews?per_page=100
GET $P/pulls/479/files?per_page=100"
ROUND2="GET $P/commits/$SHA/check-runs?per_page=100
GET $P/commits/$SHA/status?per_page=100
GET $P/compare/main...$SHA?per_page=1"

# --- the ready scenarios: every fact ---

drive clean clean "$PR"
expect_status 0
cp "$tmp/clean" "$tmp/want"
expect_out
expect_no_err
printf '%s\n%s\n' "$ROUND1" "$ROUND2" >"$tmp/want"
expect_requests
# the headers every request carries (no body on a GET)
python3 -c 'import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    h = r["headers"]
    print(h.get("accept"), h.get("x-github-api-version"), h.get("user-agent"),
          r["body"])' "$tmp/log" | sort -u >"$tmp/got"
echo "application/vnd.github+json 2022-11-28 prgate/$(cat VERSION) None" >"$tmp/want"
expect_got "request headers"

# the conversation (for '/prgate allow' overrides): in round one, so still
# two rounds
drive clean-comments clean "$PR" --comments 1
expect_status 0
sed 's/^requests 6$/requests 7/' "$tmp/clean" |
	sed '/^requests 7$/i\
comment yrodiere User https://github.com/hub4j-test-org/github-api/pull/461#issuecomment-1254853699 13 bytes\
comment yrodiere User https://github.com/hub4j-test-org/github-api/pull/461#issuecomment-1254853752 14 bytes' \
	>"$tmp/want"
expect_out
printf '%s\n%s\n%s\n' "$ROUND1" "GET $P/issues/479/comments?per_page=100" \
	"$ROUND2" >"$tmp/want"
expect_requests

drive clean-bare-number clean 479 --repo hub4j-test-org/github-api
expect_status 0
cp "$tmp/clean" "$tmp/want"
expect_out

drive clean-url clean "https://github.com/hub4j-test-org/github-api/pull/479"
expect_status 0
cp "$tmp/clean" "$tmp/want"
expect_out

drive draft draft "$PR"
expect_status 0
sed -e 's/^draft no$/draft yes/' \
	-e 's/^mergeable_state clean$/mergeable_state draft/' "$tmp/clean" \
	>"$tmp/want"
expect_out

drive behind behind "$PR"
expect_status 0
sed -e 's/^mergeable_state clean$/mergeable_state behind/' \
	-e 's/^compare ahead ahead 9 behind 0$/compare diverged ahead 9 behind 2/' \
	"$tmp/clean" >"$tmp/want"
expect_out

# GitHub still computing mergeability: asked once more, in round two
drive mergeable-unknown mergeable-unknown "$PR"
expect_status 0
sed 's/^requests 6$/requests 7/' "$tmp/clean" >"$tmp/want"
expect_out
expect_count 2 "GET $P/pulls/479"

# ...and never done: reported as unknown, not guessed
drive mergeable-never github-mergeable-null "$PR"
expect_status 0
grep -E '^(mergeable|mergeable_state|requests|rounds) ' "$tmp/out" >"$tmp/got"
cat >"$tmp/want" <<'EOF'
mergeable unknown
mergeable_state unknown
requests 7
rounds 2
EOF
expect_got "mergeable lines"
expect_count 2 "GET $P/pulls/479"

# four pages of check runs by their Link headers, each a round of its own
drive paginated-checks paginated-checks "$PR"
expect_status 0
{
	grep -v -E '^(check|requests|rounds) ' "$tmp/clean"
	cat <<'EOF'
check "test (windows, Java 13)" completed success https://github.com/hub4j/github-api/runs/514982798
check "test (windows, Java 11)" completed success https://github.com/hub4j/github-api/runs/514982790
check "test (windows, Java 8)" completed success https://github.com/hub4j/github-api/runs/514982786
check "test (ubuntu, Java 13)" completed success https://github.com/hub4j/github-api/runs/514982783
check "test (ubuntu, Java 11)" completed success https://github.com/hub4j/github-api/runs/514982775
check "test (ubuntu, Java 8)" completed success https://github.com/hub4j/github-api/runs/514982765
check "site (Java 11)" completed success https://github.com/hub4j/github-api/runs/514982741
check "build-only (Java 11)" completed success https://github.com/hub4j/github-api/runs/514982721
requests 9
rounds 5
EOF
} | sort >"$tmp/want"
sort "$tmp/out" >"$tmp/got"
expect_got "stdout (sorted)"
grep '^check ' "$tmp/out" | sed 's/ completed.*//' >"$tmp/got"
cat >"$tmp/want" <<'EOF'
check "test (windows, Java 13)"
check "test (windows, Java 11)"
check "test (windows, Java 8)"
check "test (ubuntu, Java 13)"
check "test (ubuntu, Java 11)"
check "test (ubuntu, Java 8)"
check "site (Java 11)"
check "build-only (Java 11)"
EOF
expect_got "check order"
{
	printf '%s\n%s\n' "$ROUND1" "$ROUND2"
	for p in 2 3 4; do
		echo "GET /repositories/617210/commits/$SHA/check-runs?per_page=2&page=$p"
	done
} >"$tmp/want"
expect_requests

drive page-cap paginated-checks "$PR" --max-pages 3
expect_status 3
expect_no_out
expect_err "github-driver: api error: GET $P/commits/$SHA/check-runs has more than 3 pages"

drive dependencies github-deps "$PR" --dep '#478' \
	--dep hub4j-test-org/github-api#12 --dep octo/other#13
expect_status 0
{
	grep -v -E '^(requests|rounds) ' "$tmp/clean"
	cat <<'EOF'
dep hub4j-test-org/github-api#478 issue closed
dep hub4j-test-org/github-api#12 pr closed merged
dep octo/other#13 pr open
requests 9
rounds 2
EOF
} >"$tmp/want"
expect_out
{
	printf '%s\n%s\n' "$ROUND1" "$ROUND2"
	echo "GET $P/issues/478"
	echo "GET $P/issues/12"
	echo "GET /repos/octo/other/issues/13"
} >"$tmp/want"
expect_requests

drive dependency-missing clean "$PR" --dep '#478'
expect_status 3
expect_err "github-driver: api error: dependency hub4j-test-org/github-api#478 not found, or the token has no access to it"

# --- retries and rate limits ---

drive flaky-503 flaky-503 "$PR"
expect_status 0
sed 's/^requests 6$/requests 8/' "$tmp/clean" >"$tmp/want"
expect_out
expect_count 3 "GET $P/pulls/479"

drive server-error github-server-error "$PR"
expect_status 3
expect_no_out
expect_err "github-driver: api error: GitHub answered 500 Internal Server Error to GET $P/pulls/479 (gave up after 4 tries)"
expect_count 4 "GET $P/pulls/479"

drive rate-limited rate-limited "$PR"
expect_status 3
expect_no_out
expect_err "github-driver: could not decide: GitHub API rate limit exceeded; it resets at HH:MM:SS UTC (in 60 min)"
printf '%s\n' "$ROUND1" >"$tmp/want"
expect_requests

drive rate-limit-wait github-rate-limit-wait "$PR"
expect_status 0
sed 's/^requests 6$/requests 7/' "$tmp/clean" >"$tmp/want"
expect_out
expect_count 2 "GET $P/pulls/479"

drive secondary-rate-limit secondary-rate-limit "$PR"
expect_status 0
sed 's/^requests 6$/requests 7/' "$tmp/clean" >"$tmp/want"
expect_out
expect_count 2 "GET $P/pulls/479"

drive secondary-over-budget secondary-rate-limit "$PR" --max-wait 500
expect_status 3
expect_err "github-driver: could not decide: GitHub secondary rate limit exceeded; retry after HH:MM:SS UTC (in 1 s)"
expect_count 1 "GET $P/pulls/479"

# a limit beyond the budget latches the client: the next batch through
# it fails at once with the same message, sending nothing
drive rate-limited-twice rate-limited --send GET "$P/pulls/479" --repeat 3
expect_status 3
printf '%s\n' "could not decide: GitHub API rate limit exceeded; it resets at HH:MM:SS UTC (in 60 min)" \
	"could not decide: GitHub API rate limit exceeded; it resets at HH:MM:SS UTC (in 60 min)" >"$tmp/want"
expect_out
expect_err "github-driver: could not decide: GitHub API rate limit exceeded; it resets at HH:MM:SS UTC (in 60 min)"
expect_count 1 "GET $P/pulls/479"

cat >"$tmp/secondary-long.json" <<EOF
{"extends": "$(pwd)/tests/fakegh/scenarios/clean.json",
 "routes": [{"method": "GET", "path": "$P/pulls/479", "fault": "secondary-rate-limit:600"}]}
EOF
drive secondary-latched "$tmp/secondary-long.json" --send GET "$P/pulls/479" --repeat 2
expect_status 3
printf '%s\n' "could not decide: GitHub secondary rate limit exceeded; retry after HH:MM:SS UTC (in 10 min)" >"$tmp/want"
expect_out
expect_err "github-driver: could not decide: GitHub secondary rate limit exceeded; retry after HH:MM:SS UTC (in 10 min)"
expect_count 1 "GET $P/pulls/479"

# the latch holds the API's origin only: the same client still asks
# another origin (localhost is not 127.0.0.1; no token goes there)
name=latch-other-origin
if fakegh_start rate-limited; then
	# shellcheck disable=SC2086
	"$DRIVER" --api-url "$FAKEGH_URL" $FAST --send GET "$P/pulls/479" \
		--repeat 2 --also "http://localhost:$FAKEGH_PORT/rate_limit" \
		>"$tmp/out.raw" 2>"$tmp/err.raw"
	echo $? >"$tmp/status"
	fakegh_requests >"$tmp/requests"
	python3 -c 'import json, sys
for l in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(l)
    print(r["target"], r["headers"]["host"].split(":")[0], "authorization" in r["headers"])' \
		"$FAKEGH_LOG" >"$tmp/hosts"
	fakegh_stop
	normalise "$FAKEGH_URL" <"$tmp/out.raw" | sed 's/ [0-9]* bytes$/ N bytes/' >"$tmp/out"
	expect_status 0
	printf '%s\n' "could not decide: GitHub API rate limit exceeded; it resets at HH:MM:SS UTC (in 60 min)" \
		"could not decide: GitHub API rate limit exceeded; it resets at HH:MM:SS UTC (in 60 min)" \
		"200 N bytes" >"$tmp/want"
	expect_out
	printf '%s\n' "$P/pulls/479 127.0.0.1 True" "/rate_limit localhost False" >"$tmp/want"
	expect_file "requests (target, host, token)" "$tmp/hosts"
else
	fail "the fake server did not start"
fi

# the reply that spends the budget (200, x-ratelimit-remaining: 0, the
# reset an hour ahead) latches the client too: the next request would be
# refused, so it is not sent
name=latch-spent-by-a-200
if fakegh_start clean --rate-limit 1; then
	# shellcheck disable=SC2086
	"$DRIVER" --api-url "$FAKEGH_URL" $FAST --send GET "$P/pulls/479/files" \
		--repeat 2 >"$tmp/out.raw" 2>"$tmp/err.raw"
	echo $? >"$tmp/status"
	fakegh_requests >"$tmp/requests"
	fakegh_stop
	normalise "$FAKEGH_URL" <"$tmp/out.raw" | sed 's/ [0-9]* bytes$/ N bytes/' >"$tmp/out"
	normalise "$FAKEGH_URL" <"$tmp/err.raw" >"$tmp/err"
	expect_status 3
	echo "200 N bytes" >"$tmp/want"
	expect_out
	expect_err "github-driver: could not decide: GitHub API rate limit exceeded; it resets at HH:MM:SS UTC (in 60 min)"
	expect_count 1 "GET $P/pulls/479/files"
else
	fail "the fake server did not start"
fi

drive too-many github-too-many "$PR"
expect_status 0
sed 's/^requests 6$/requests 7/' "$tmp/clean" >"$tmp/want"
expect_out
expect_count 2 "GET $P/pulls/479"

# --- broken replies and transport faults ---

drive invalid-json github-invalid-json "$PR"
expect_status 3
expect_no_out
expect_err "github-driver: api error: unexpected reply from GET $P/pulls/479: 1:10: invalid JSON: expected a key in double quotes"

drive wrong-type github-wrong-type "$PR"
expect_status 3
expect_err "github-driver: api error: unexpected reply from GET $P/pulls/479: \"draft\" is a string, not true or false"

drive null-sha github-null-sha "$PR"
expect_status 3
expect_err "github-driver: api error: unexpected reply from GET $P/pulls/479: \"head.sha\" is null, not a string"

drive truncated github-truncate "$PR"
expect_status 3
expect_no_out
expect_err "github-driver: network error: cannot GET URL$P/pulls/479: transfer closed with 9460 bytes remaining to read (gave up after 4 tries)"
expect_count 4 "GET $P/pulls/479"

drive close-mid-body github-close-mid-body "$PR"
expect_status 3
expect_err "github-driver: network error: cannot GET URL$P/pulls/479: Recv failure: Connection reset by peer (gave up after 4 tries)"
expect_count 4 "GET $P/pulls/479"

drive hang github-hang "$PR" --timeout 300
expect_status 3
expect_err "github-driver: network error: cannot GET URL$P/pulls/479: Operation timed out after N milliseconds with 0 bytes received (gave up after 4 tries)"
expect_count 4 "GET $P/pulls/479"

drive big-length github-big-length "$PR"
expect_status 3
expect_err "github-driver: network error: cannot GET URL$P/pulls/479: transfer closed with 1000000 bytes remaining to read (gave up after 4 tries)"

drive huge github-huge "$PR"
expect_status 3
expect_err "github-driver: api error: the reply to GET $P/pulls/479 is over the 8 MiB limit"
expect_count 1 "GET $P/pulls/479"

drive small-cap clean "$PR" --max-body 1000
expect_status 3
expect_err "github-driver: api error: the reply to GET $P/pulls/479 is over the 1000 byte limit"

run refused --api-url http://127.0.0.1:1 --retry-base 10 "$PR"
expect_status 3
expect_err "github-driver: network error: cannot GET http://127.0.0.1:1$P/pulls/479: Failed to connect to 127.0.0.1 port 1 after N ms: Couldn't connect to server (gave up after 4 tries)"

# --- refusals ---

drive unauthorized github-unauthorized "$PR"
expect_status 3
expect_no_out
expect_err "github-driver: api error: GitHub refused the token (401 Bad credentials): check PRGATE_TOKEN"

drive not-found clean hub4j-test-org/github-api#7
expect_status 3
expect_err "github-driver: api error: pull request hub4j-test-org/github-api#7 not found, or the token has no access to it"

# a redirect elsewhere is reported, not followed (and its query not shown)
drive redirect github-redirect "$PR"
expect_status 3
expect_err "github-driver: api error: GitHub redirected GET $P/pulls/479 to http://localhost:9$P/pulls/479 (302 Found); redirects are not followed"
printf '%s\n' "$ROUND1" >"$tmp/want"
expect_requests

run bad-ref "$PR#"
expect_status 2
expect_err "github-driver: usage error: \"$PR#\" is not a valid pull request number"

# --- where the token goes ---

# a token over plain http to a host that is not loopback: refused before
# any request is made (127.0.0.2 is not on the list)
run plain-http-token --api-url http://127.0.0.2:8080 "$PR"
expect_status 2
expect_err "github-driver: usage error: refusing to send the token to \"http://127.0.0.2:8080/\" over plain http: use https (http is only for 127.0.0.1, localhost and ::1)"

# no token: no authorization header at all
PRGATE_TOKEN=
drive anonymous clean "$PR"
expect_status 0
cp "$tmp/clean" "$tmp/want"
expect_out
PRGATE_TOKEN=$TOKEN

# a POST with a JSON body through the same client (the comment bot's way)
drive post clean --send POST "$P/issues/479/comments" '{"body":"hello"}'
expect_status 0
echo "201 1852 bytes" >"$tmp/want"
expect_out
python3 -c 'import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    h = r["headers"]
    print(r["method"], r["target"], h.get("content-type"), h.get("accept"),
          h.get("x-github-api-version"), h.get("user-agent"), r["body"])' \
	"$tmp/log" >"$tmp/got"
cat >"$tmp/want" <<EOF
POST $P/issues/479/comments application/json application/vnd.github+json 2022-11-28 prgate/$(cat VERSION) {"body":"hello"}
EOF
expect_got "POST request"

drive patch clean --send PATCH "$P/issues/comments/42" '{"body":"edited"}'
expect_status 0
echo "200 1426 bytes" >"$tmp/want"
expect_out
python3 -c 'import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    print(r["method"], r["target"], r["headers"].get("content-type"),
          r["body"])' "$tmp/log" >"$tmp/got"
cat >"$tmp/want" <<EOF
PATCH $P/issues/comments/42 application/json {"body":"edited"}
EOF
expect_got "PATCH request"

# a 5xx to a POST is not retried: the comment might have been made
drive post-no-retry github-server-error --send POST "$P/issues/479/comments" '{"body":"x"}'
expect_status 3
expect_err "github-driver: api error: GitHub answered 500 Internal Server Error to POST $P/issues/479/comments"
expect_count 1 "POST $P/issues/479/comments"

name=token-in-output
if grep -q -F "$TOKEN" "$tmp/all-output"; then
	fail "the token appeared in the driver's stdout or stderr"
else
	pass
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
