#!/bin/sh
# check.sh - `prgate check` end to end over real HTTP: one folder per case
# in tests/check/NAME/ holding
#   scenario.json  the fake GitHub server's routes (usually "extends" a
#                  scenario of tests/fakegh/scenarios/ by relative path)
#   cmd            the arguments after `prgate`; $URL is the fake's URL
#   expected       stdout, the fake's URL shown as http://fake
#   status         the exit status
#   [policy.json]  and any other input the arguments name; "@URL@" in a
#                  .json file becomes the fake's URL (metrics' URLs)
#   [env]          NAME=value lines exported for the run
#   [token]        the token every request must carry as a bearer (and
#                  that must never show in the output)
#                  (PRGATE_TOKEN of env, or token, must never show in
#                  stdout, stderr, the files, the bodies, or reach the fake
#                  anywhere but the Authorization header)
#   [setup]        a shell script run first in the case's copy (git init)
#   [requests]     when present: the exact "METHOD path?query" lines the
#                  fake server got, sorted (requests of one round run in
#                  parallel, so their order is not fixed)
#   [files]        names of files the run writes (one a line), each shown
#                  after stdout and stderr as "--- NAME ---" and its text
#   [bodies]       when present: every POST and PATCH the fake got
#                  (the writes for several PRs go together, in no fixed
#                  order, so: each PR's comments and reviews by its
#                  number, in order, a comment edit (no number) first;
#                  then the statuses by path and text), shown last as
#                  "--- METHOD path ---" and the "body" string of its
#                  JSON (what a comment would say; a review's line
#                  comments after it, one a line), or for a commit status
#                  its JSON, keys sorted
# UPDATE=1 rewrites expected, status and requests (review the diff).
# CHECK=name runs the cases whose name contains name.
# Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
top=$(pwd)
PRGATE=${PRGATE:-$top/prgate}
. tests/fakegh/lib.sh
export NO_COLOR=1 TZ=UTC LC_ALL=C
unset PRGATE_TOKEN GITHUB_TOKEN GH_TOKEN GITHUB_ACTIONS GITHUB_EVENT_PATH \
	GITHUB_REPOSITORY GITHUB_ACTOR PRGATE_API_URL GITHUB_EVENT_NAME \
	GITHUB_STEP_SUMMARY GITHUB_OUTPUT GITHUB_SERVER_URL GITHUB_RUN_ID \
	GITHUB_API_URL
passed=0
failed=0
tmp=$(mktemp -d)
trap 'fakegh_stop >/dev/null 2>&1; rm -rf "$tmp"' EXIT

for dir in tests/check/*/; do
	name=$(basename "$dir")
	case "$name" in *"${CHECK:-}"*) ;; *) continue ;; esac
	if ! fakegh_start "$top/${dir}scenario.json"; then
		echo "check $name: the fake GitHub server did not start"
		failed=$((failed + 1))
		continue
	fi
	URL=$FAKEGH_URL
	rm -rf "$tmp/work" && mkdir "$tmp/work" && cp -R "$dir". "$tmp/work/"
	for f in "$tmp/work"/*.json; do
		[ -f "$f" ] && sed -i "s|@URL@|$URL|g" "$f"
	done
	(
		cd "$tmp/work" || exit 99
		if [ -f setup ]; then
			sh ./setup >/dev/null 2>&1 || exit 98
		fi
		if [ -f env ]; then
			set -a
			. ./env
			set +a
		fi
		eval "\"\$PRGATE\" $(cat cmd)"
	) >"$tmp/out" 2>"$tmp/err"
	status=$?
	: >"$tmp/extra"
	if [ -f "$dir/files" ]; then
		while IFS= read -r f; do
			[ -n "$f" ] || continue
			echo "--- $f ---"
			cat "$tmp/work/$f" 2>/dev/null || echo "(not written)"
		done <"$dir/files" >>"$tmp/extra"
	fi
	if [ -f "$dir/bodies" ]; then
		python3 -c 'import json, sys
import re
def key(ir):
    i, r = ir
    m = re.search(r"/(?:issues|pulls)/([0-9]+)/", r["path"])
    if "/statuses/" in r["path"]:  # one per PR: by what it says
        return (1, r["path"], r["body"] or "", i)
    return (0, int(m.group(1)) if m else -1, "", i)
recs = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
recs = [r for _, r in sorted(enumerate(recs), key=key)]
for r in recs:
    if r["method"] in ("POST", "PATCH"):
        print("---", r["method"], r["path"], "---")
        j = json.loads(r["body"])
        if "body" not in j:  # a commit status: its fields
            print(json.dumps(j, sort_keys=True, ensure_ascii=False))
            continue
        b = j["body"]
        sys.stdout.write(b if b.endswith("\n") else b + "\n")
        for c in j.get("comments", []):  # a review: its line comments
            print("-- %s:%s %s: %s" % (c["path"], c["line"], c["side"],
                                       c["body"]))' \
			"$FAKEGH_LOG" \
			>>"$tmp/extra"
	fi
	token=$(sed -n 's/^PRGATE_TOKEN=//p' "$dir/env" 2>/dev/null)
	if [ -f "$dir/token" ]; then
		token=$(cat "$dir/token")
		if [ "$(grep -c "\"authorization\": \"Bearer $token\"" "$FAKEGH_LOG")" != "$(wc -l <"$FAKEGH_LOG" | tr -d ' ')" ]; then
			echo "check $name: not every request carried the token"
			failed=$((failed + 1))
		fi
	fi
	# the token must never show, and reach the fake only as a bearer
	if [ -n "$token" ]; then
		if grep -qF "$token" "$tmp/out" "$tmp/err" "$tmp/extra"; then
			echo "check $name: the token was printed (stdout, stderr, a file it wrote or a comment it posted)"
			failed=$((failed + 1))
		fi
		if grep -F "$token" "$FAKEGH_LOG" | grep -vqF "\"authorization\": \"Bearer $token\""; then
			echo "check $name: the token went somewhere else than the Authorization header"
			failed=$((failed + 1))
		fi
	fi
	# the fake's URL and the wall clock (a rate limit's reset) vary
	cat "$tmp/out" "$tmp/err" "$tmp/extra" | sed -e "s|$URL|http://fake|g" \
		-e 's/resets at \([0-9]\{4\}-[0-9][0-9]-[0-9][0-9] \)\{0,1\}[0-9][0-9]:[0-9][0-9]:[0-9][0-9] UTC/resets at HH:MM:SS UTC/' \
		>"$tmp/out.n"
	fakegh_requests | LC_ALL=C sort >"$tmp/requests"
	fakegh_stop
	if [ -n "${UPDATE:-}" ]; then
		cp "$tmp/out.n" "$dir/expected"
		echo "$status" >"$dir/status"
		[ -f "$dir/requests" ] && cp "$tmp/requests" "$dir/requests"
	fi
	ok=1
	if ! cmp -s "$tmp/out.n" "$dir/expected"; then
		ok=0
		echo "check $name: output differs:"
		diff -u "$dir/expected" "$tmp/out.n" | head -40
	fi
	if [ "$status" != "$(cat "$dir/status" 2>/dev/null)" ]; then
		ok=0
		echo "check $name: exit status $status, want $(cat "$dir/status" 2>/dev/null)"
	fi
	if [ -f "$dir/requests" ] && ! cmp -s "$tmp/requests" "$dir/requests"; then
		ok=0
		echo "check $name: requests differ:"
		diff -u "$dir/requests" "$tmp/requests" | head -20
	fi
	if [ $ok = 1 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
echo "$passed passed, $failed failed"
