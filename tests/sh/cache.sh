#!/bin/sh
# cache.sh - the response cache ($PRGATE_CACHE_DIR, --cache-dir) and the
# schedule's writes, against the fake GitHub server (which makes ETags as
# GitHub does, from the Accept and Authorization values and the body, and
# counts the rate limit but for 304s):
#   - a second run with another token (the next Actions run) asks every
#     GET with If-None-Match, gets 304s, spends no rate limit and decides
#     exactly the same;
#   - a corrupt entry: one warning, that GET asked unconditionally, the
#     same verdict;
#   - a changed resource: 200 and the new verdict, never the cached one;
#   - no token in the cache, files 0600 in a 0700 folder;
#   - a list's further pages after a 304 (the cached Link header);
#   - a schedule's reads and writes for several PRs go together: the
#     fake holds them at a barrier until both PRs' have arrived;
#   - a schedule reads a PR's CI in the same round as the PR when the
#     list gave its head (a barrier across both).
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
	GITHUB_API_URL PRGATE_CACHE_DIR http_proxy https_proxy HTTP_PROXY \
	HTTPS_PROXY ALL_PROXY all_proxy
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cache-sh.XXXXXX") || exit 2
trap 'fakegh_stop; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
passed=0
failed=0
name=setup
P=/repos/hub4j-test-org/github-api
AT=2026-11-25T10:00:00+01:00
TOKEN1=ghs_cacheRunOneToken0123456789
TOKEN2=ghs_cacheRunTwoToken9876543210
SHA=78b9ff49d47daaa158eb373c4e2e040f739df8b9

pass() {
	passed=$((passed + 1))
}

fail() {
	failed=$((failed + 1))
	echo "FAIL $name: $*"
}

# expect WHAT GOT WANT
expect() {
	if [ "$2" = "$3" ]; then
		pass
	else
		fail "$1: got '$2', want '$3'"
	fi
}

# check TOKEN [ARGS]: `prgate check 479` with the cache; out, err, status
check() {
	t=$1
	shift
	PRGATE_TOKEN=$t PRGATE_CACHE_DIR="$tmp/cache" "$PRGATE" check \
		hub4j-test-org/github-api#479 --api-url "$FAKEGH_URL" --at "$AT" \
		"$@" >"$tmp/out" 2>"$tmp/err"
	echo $? >"$tmp/status"
}

# log: one "METHOD target STATUS counted INM" line per request so far,
# INM the number of tags If-None-Match listed (0: none), sorted
log() {
	python3 -c 'import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    inm = r["headers"].get("if-none-match")
    print(r["method"], r["target"], r["status"],
          "counted" if r["counted"] else "free",
          len(inm.split(",")) if inm else 0)' "$FAKEGH_LOG" | LC_ALL=C sort
}

# the cache file of URL
entry() {
	printf '%s/%s' "$tmp/cache" "$(printf '%s' "$1" | sha256sum | cut -c1-64)"
}

# ---- a second run with another token: 304s, same verdict, no budget ----
name=second-run
fakegh_start clean || exit 1
check "$TOKEN1"
cp "$tmp/out" "$tmp/out1"
cp "$tmp/err" "$tmp/err1"
expect status "$(cat "$tmp/status")" 0
expect "first run" "$(log)" "GET $P/commits/78b9ff49d47daaa158eb373c4e2e040f739df8b9/check-runs?per_page=100 200 counted 0
GET $P/commits/78b9ff49d47daaa158eb373c4e2e040f739df8b9/status?per_page=100 200 counted 0
GET $P/compare/main...78b9ff49d47daaa158eb373c4e2e040f739df8b9?per_page=1 200 counted 0
GET $P/pulls/479 200 counted 0
GET $P/pulls/479/files?per_page=100 200 counted 0
GET $P/pulls/479/reviews?per_page=100 200 counted 0"
expect "entries" "$(ls "$tmp/cache" | wc -l | tr -d ' ')" 6
: >"$FAKEGH_LOG"
check "$TOKEN2"
expect status "$(cat "$tmp/status")" 0
expect stdout "$(cat "$tmp/out")" "$(cat "$tmp/out1")"
expect stderr "$(cat "$tmp/err")" "$(cat "$tmp/err1")"
# both tags: this run's (computed) and the first run's (stored)
expect "second run" "$(log)" "GET $P/commits/78b9ff49d47daaa158eb373c4e2e040f739df8b9/check-runs?per_page=100 304 free 2
GET $P/commits/78b9ff49d47daaa158eb373c4e2e040f739df8b9/status?per_page=100 304 free 2
GET $P/compare/main...78b9ff49d47daaa158eb373c4e2e040f739df8b9?per_page=1 304 free 2
GET $P/pulls/479 304 free 2
GET $P/pulls/479/files?per_page=100 304 free 2
GET $P/pulls/479/reviews?per_page=100 304 free 2"
expect "rate limit used" "$(grep -c '"counted": true' "$FAKEGH_LOG")" 0

# ---- the cache holds no token; its modes ----
name=no-token
expect "token 1 in the cache" "$(grep -rl "$TOKEN1" "$tmp/cache" | wc -l | tr -d ' ')" 0
expect "token 2 in the cache" "$(grep -rl "$TOKEN2" "$tmp/cache" | wc -l | tr -d ' ')" 0
expect "Bearer in the cache" "$(grep -rl "Bearer" "$tmp/cache" | wc -l | tr -d ' ')" 0
expect "folder mode" "$(stat -c %a "$tmp/cache")" 700
expect "file modes" "$(stat -c %a "$tmp/cache"/* | sort -u)" 600

# ---- a corrupt entry: a warning, asked again, the same verdict ----
name=corrupt
pr=$(entry "$FAKEGH_URL$P/pulls/479")
printf 'prgate-cache 1\nurl %s\netag "x"\nlength 99\n\n{"cut' \
	"$FAKEGH_URL$P/pulls/479" >"$pr"
: >"$FAKEGH_LOG"
check "$TOKEN2"
expect status "$(cat "$tmp/status")" 0
expect stdout "$(cat "$tmp/out")" "$(cat "$tmp/out1")"
expect stderr "$(cat "$tmp/err")" "prgate: warning: ignoring cache entry $pr: the body is not as long as it says"
expect "the PR asked again" "$(log | grep " $P/pulls/479 ")" "GET $P/pulls/479 200 counted 0"
expect "the rest" "$(log | grep -c ' 304 free 2$')" 5
# written again whole: the next run takes a 304 and says nothing
: >"$FAKEGH_LOG"
check "$TOKEN1"
expect "stderr after" "$(cat "$tmp/err")" "$(cat "$tmp/err1")"
expect "the PR after" "$(log | grep " $P/pulls/479 ")" "GET $P/pulls/479 304 free 2"
printf 'not an entry' >"$pr"
check "$TOKEN1"
expect "garbage" "$(cat "$tmp/err")" "prgate: warning: ignoring cache entry $pr: not a prgate cache entry"
expect "garbage verdict" "$(cat "$tmp/status")" 0
# a stored tag of "*" would match any body: not an entry
printf 'prgate-cache 1\nurl %s\netag *\nlength 2\n\n{}' \
	"$FAKEGH_URL$P/pulls/479" >"$pr"
: >"$FAKEGH_LOG"
check "$TOKEN1"
expect "etag *" "$(cat "$tmp/err")" "prgate: warning: ignoring cache entry $pr: no ETag, or not one entity-tag"
expect "etag *: asked unconditionally" "$(log | grep " $P/pulls/479 ")" "GET $P/pulls/479 200 counted 0"
expect "etag *: verdict" "$(cat "$tmp/status")" 0
# a FIFO where an entry goes: not waited on (a hang without the fix)
rm -f "$pr" && mkfifo "$pr"
check "$TOKEN1"
expect "fifo" "$(cat "$tmp/err")" "prgate: warning: ignoring cache entry $pr: Invalid argument"
expect "fifo: verdict" "$(cat "$tmp/status")" 0
expect "fifo: replaced by the new entry" "$([ -f "$pr" ] && [ ! -p "$pr" ] && echo file)" file
# a folder others may write: not used
chmod 777 "$tmp/cache"
: >"$FAKEGH_LOG"
check "$TOKEN1"
expect "shared folder" "$(cat "$tmp/err")" "prgate: warning: the cache folder '$tmp/cache' is writable by others (chmod 700); asking without the cache"
expect "shared folder: no conditional request" "$(log | grep -c ' 0$')" 6
expect "shared folder: verdict" "$(cat "$tmp/status")" 0
chmod 700 "$tmp/cache"
port=$FAKEGH_PORT
fakegh_stop

# ---- a changed resource (the same API URL): 200 and the new verdict ----
name=changed
fakegh_start behind --port "$port" || exit 1
check "$TOKEN2"
cp "$tmp/out" "$tmp/out2"
expect status "$(cat "$tmp/status")" 1
expect "changed ones asked again" "$(log | grep -v ' 304 ')" "GET $P/compare/main...78b9ff49d47daaa158eb373c4e2e040f739df8b9?per_page=1 200 counted 2
GET $P/pulls/479 200 counted 2"
expect "unchanged ones" "$(log | grep -c ' 304 free 2$')" 4
# the verdict of a run without the cache
PRGATE_TOKEN=$TOKEN2 "$PRGATE" check hub4j-test-org/github-api#479 \
	--api-url "$FAKEGH_URL" --at "$AT" >"$tmp/out" 2>/dev/null
expect "as without the cache" "$(cat "$tmp/out2")" "$(cat "$tmp/out")"
expect "behind" "$(grep -c 'behind-base' "$tmp/out2")" 1
fakegh_stop

# ---- --cache-dir; a list's next pages after a 304 (cached Link) ----
name=pages
fakegh_start bot-comments-page3 || exit 1
rm -rf "$tmp/cache"
bot() {
	PRGATE_TOKEN=$1 "$PRGATE" check hub4j-test-org/github-api#479 \
		--comment --cache-dir "$tmp/cache2" --api-url "$FAKEGH_URL" \
		--at "$AT" >"$tmp/out" 2>"$tmp/err"
	echo $? >"$tmp/status"
}
bot "$TOKEN1"
cp "$tmp/err" "$tmp/err1"
python3 -c 'import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    print(r["method"], r["target"])' "$FAKEGH_LOG" | LC_ALL=C sort >"$tmp/req1"
: >"$FAKEGH_LOG"
bot "$TOKEN2"
expect status "$(cat "$tmp/status")" 0
expect stderr "$(cat "$tmp/err")" "$(cat "$tmp/err1")"
expect "same requests" "$(log | cut -d' ' -f1,2)" "$(cat "$tmp/req1")"
expect "pages 2 and 3" "$(log | grep -c "/issues/479/comments?per_page=100&page=[23] 304 free 2")" 2
expect "no cache from the environment" "$(test -d "$tmp/cache" && echo yes || echo no)" no
fakegh_stop

# ---- a schedule: both PRs' reads, comments and statuses together ----
name=together
cat >"$tmp/together.json" <<EOF
{"comment": "bot-schedule, but each of these is answered only once both PRs' have arrived",
 "extends": "$top/tests/fakegh/scenarios/bot-schedule.json",
 "routes": [
  {"method": "GET", "path_regex": "$P/pulls/(479|480)/files", "barrier": 2,
   "fixture": "openapi/pulls-files-list.json"},
  {"method": "POST", "path_regex": "$P/issues/(479|480)/comments", "barrier": 2,
   "fixture": "recorded/issue-comment-create.json"},
  {"method": "POST", "path_regex": "$P/statuses/[0-9a-f]{40}", "barrier": 2,
   "status": 201, "body": {"state": "success", "context": "prgate"}}
 ]}
EOF
fakegh_start "$tmp/together.json" || exit 1
printf '{"schedule": "*/30 * * * *"}\n' >"$tmp/event.json"
(
	cd "$tmp" || exit 99
	GITHUB_ACTIONS=true GITHUB_EVENT_NAME=schedule \
		GITHUB_EVENT_PATH=event.json \
		GITHUB_REPOSITORY=hub4j-test-org/github-api \
		GITHUB_RUN_ID=7007 PRGATE_TOKEN=$TOKEN1 \
		"$PRGATE" check --comment --api-url "$FAKEGH_URL" --at "$AT" \
		--format text
) >"$tmp/out" 2>"$tmp/err"
expect status "$?" 1
expect stderr "$(cat "$tmp/err")" "prgate: created comment 1254853699 on hub4j-test-org/github-api#479
prgate: status prgate of hub4j-test-org/github-api#479 (78b9ff4): success
prgate: created comment 1254853699 on hub4j-test-org/github-api#480
prgate: status prgate of hub4j-test-org/github-api#480 (78b9ff4): failure"
expect "no 504" "$(log | grep -c ' 504 ')" 0
expect "writes" "$(log | grep -c '^POST ')" 4
fakegh_stop

# ---- a schedule's writes, capped: the merge button closes first ----
# Both PRs share one head, whose prgate status says success ("an old
# description"): 479 (GO) needs a new description only, 480 (a draft,
# NO-GO) turns it to failure, and neither has a comment yet.
name=write-cap
cat >"$tmp/cap.json" <<EOF
{"comment": "bot-schedule, the head's prgate status success with an old description",
 "extends": "$top/tests/fakegh/scenarios/bot-schedule.json",
 "routes": [
  {"method": "GET", "path": "$P/commits/$SHA/status",
   "fixture": "recorded/status-combined.json",
   "patch": {"state": "success", "sha": "$SHA",
             "statuses": [{"state": "success", "description": "create-status success test"}, {},
                          {"context": "prgate", "state": "success",
                           "description": "an old description"}]}}
 ]}
EOF
fakegh_start "$tmp/cap.json" || exit 1
# schedule [MAX]: one scheduled run (with --max-writes MAX); out, err, status
schedule() {
	(
		cd "$tmp" || exit 99
		GITHUB_ACTIONS=true GITHUB_EVENT_NAME=schedule \
			GITHUB_EVENT_PATH=event.json \
			GITHUB_REPOSITORY=hub4j-test-org/github-api \
			GITHUB_RUN_ID=7007 PRGATE_TOKEN=$TOKEN1 \
			"$PRGATE" check --comment --api-url "$FAKEGH_URL" \
			--at "$AT" --format text ${1:+--max-writes "$1"}
	) >"$tmp/out" 2>"$tmp/err"
	echo $? >"$tmp/status"
}
# writes: "METHOD path status state" of each write so far, in order
writes() {
	python3 -c 'import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    if r["method"] != "GET":
        b = json.loads(r["body"] or "{}")
        print(r["method"], r["path"], r["status"], b.get("state", "-"))' "$FAKEGH_LOG"
}
schedule 1
expect status "$(cat "$tmp/status")" 1
expect stderr "$(cat "$tmp/err")" "prgate: comment on hub4j-test-org/github-api#479: left for the next run
prgate: status prgate of hub4j-test-org/github-api#479 (78b9ff4): success, left for the next run
prgate: comment on hub4j-test-org/github-api#480: left for the next run
prgate: status prgate of hub4j-test-org/github-api#480 (78b9ff4): failure
prgate: 3 writes left for the next run (at most 1 a run, --max-writes; GitHub refuses more than 80 content-creating requests a minute)"
expect "the one write: the merge button off" "$(writes)" "POST $P/statuses/$SHA 201 failure"
: >"$FAKEGH_LOG"
schedule 3
expect "three writes: statuses first" "$(writes | sort)" "POST $P/issues/479/comments 201 -
POST $P/statuses/$SHA 201 failure
POST $P/statuses/$SHA 201 success"
expect "left" "$(grep -c 'left for the next run' "$tmp/err")" 2
: >"$FAKEGH_LOG"
schedule 0
expect "no writes" "$(writes)" ""
expect "--max-writes 0: all left" "$(tail -1 "$tmp/err")" "prgate: 4 writes left for the next run (at most 0 a run, --max-writes; GitHub refuses more than 80 content-creating requests a minute)"
fakegh_stop

# ---- GitHub's own limit (2 a minute here): the cap keeps under it ----
name=content-limit
fakegh_start "$tmp/cap.json" --content-limit 2 || exit 1
schedule 2
expect "capped: none refused" "$(writes | grep -c ' 403 ')" 0
expect "capped: two written" "$(writes | grep -c ' 201 ')" 2
fakegh_stop

# ---- a person's token: GET /user once a run, not once a PR ----
name=user-once
cat >"$tmp/user.json" <<EOF
{"comment": "bot-schedule run with carol's token; mallory copied the marker into a comment on both PRs",
 "extends": "$top/tests/fakegh/scenarios/bot-schedule.json",
 "routes": [
  {"method": "GET", "path_regex": "$P/issues/(479|480)/comments",
   "body": [{"id": 1000, "user": {"login": "mallory", "id": 6666, "type": "User"},
             "body": "<!-- prgate:sticky -->\\nGO, says mallory",
             "html_url": "https://github.com/hub4j-test-org/github-api/pull/479#issuecomment-1000"}]},
  {"method": "GET", "path": "/user", "body": {"login": "carol", "id": 4242, "type": "User"}}
 ]}
EOF
fakegh_start "$tmp/user.json" || exit 1
schedule
expect "GET /user" "$(log | grep -c '^GET /user ')" 1
expect "new comments" "$(writes | grep -c '/comments 201')" 2
expect "mallory's untouched" "$(writes | grep -c '/comments/1000')" 0
fakegh_stop

# ---- a schedule: the CI of the head the list gave, in round one ----
name=one-round
cat >"$tmp/one-round.json" <<EOF
{"comment": "bot-schedule, the list giving each PR its own head: the PRs' files (round one) are answered only once both PRs' check runs have arrived too, so only a CI read in round one gets through",
 "extends": "$top/tests/fakegh/scenarios/bot-schedule.json",
 "routes": [
  {"method": "GET", "path": "$P/pulls", "query": {"state": "open", "base": "main"},
   "body": [{"number": 479, "state": "open", "head": {"sha": "$SHA"}},
            {"number": 480, "state": "open", "head": {"sha": "$SHA"}}]},
  {"method": "GET", "path_regex": "$P/pulls/(479|480)/files", "barrier": "round1:4",
   "fixture": "openapi/pulls-files-list.json"},
  {"method": "GET", "path": "$P/commits/$SHA/check-runs", "barrier": "round1:4",
   "fixture": "recorded/check-runs-list-page1.json", "patch": {"total_count": 2},
   "headers": {"link": null}}
 ]}
EOF
fakegh_start "$tmp/one-round.json" || exit 1
(
	cd "$tmp" || exit 99
	GITHUB_ACTIONS=true GITHUB_EVENT_NAME=schedule \
		GITHUB_EVENT_PATH=event.json \
		GITHUB_REPOSITORY=hub4j-test-org/github-api \
		GITHUB_RUN_ID=7007 PRGATE_TOKEN=$TOKEN1 \
		"$PRGATE" check --api-url "$FAKEGH_URL" --at "$AT" --format text
) >"$tmp/out" 2>"$tmp/err"
expect status "$?" 1
expect stderr "$(cat "$tmp/err")" ""
expect "no 504" "$(log | grep -c ' 504 ')" 0
# the repository and the list, then 6 requests for each PR, none twice
expect "requests" "$(log | grep -c "^GET ")" 14
fakegh_stop

# ---- the open PRs' list: the pages after the first at once ----
name=list-pages
L="{base}$P/pulls?state=open\u0026base=main\u0026per_page=100\u0026page="
cat >"$tmp/list-pages.json" <<EOF
{"comment": "bot-schedule, its open PRs on three pages (the last empty) as GitHub links them (next and last); pages 2 and 3 are answered only once both have arrived",
 "extends": "$top/tests/fakegh/scenarios/bot-schedule.json",
 "routes": [
  {"method": "GET", "path": "$P/pulls", "query": {"state": "open", "page": "2"},
   "barrier": "pages:2", "headers": {"link": "<${L}1>; rel=\"prev\", <${L}3>; rel=\"next\", <${L}3>; rel=\"last\""},
   "body": [{"number": 480, "state": "open", "head": {"sha": "$SHA"}}]},
  {"method": "GET", "path": "$P/pulls", "query": {"state": "open", "page": "3"},
   "barrier": "pages:2", "headers": {"link": "<${L}2>; rel=\"prev\""},
   "body": []},
  {"method": "GET", "path": "$P/pulls", "query": {"state": "open"},
   "headers": {"link": "<${L}2>; rel=\"next\", <${L}3>; rel=\"last\""},
   "body": [{"number": 479, "state": "open", "head": {"sha": "$SHA"}}]}
 ]}
EOF
fakegh_start "$tmp/list-pages.json" || exit 1
(
	cd "$tmp" || exit 99
	GITHUB_ACTIONS=true GITHUB_EVENT_NAME=schedule \
		GITHUB_EVENT_PATH=event.json \
		GITHUB_REPOSITORY=hub4j-test-org/github-api \
		GITHUB_RUN_ID=7007 PRGATE_TOKEN=$TOKEN1 \
		"$PRGATE" check --api-url "$FAKEGH_URL" --at "$AT" --format text
) >"$tmp/out" 2>"$tmp/err"
expect status "$?" 1
expect stderr "$(cat "$tmp/err")" ""
expect "both PRs" "$(grep -cE "^hub4j-test-org/github-api#(479: GO|480: NO-GO):" "$tmp/out")" 2
expect "no 504" "$(log | grep -c ' 504 ')" 0
expect "pages" "$(log | grep -c "^GET $P/pulls?state=open.*200 counted")" 3
fakegh_stop

echo "$passed passed, $failed failed"
