#!/bin/sh
# bot.sh - the CI comment bot (`prgate check --comment`) across runs and
# at GitHub's size limit, against the fake GitHub server: two runs make
# one POST and then one PATCH of that same comment; a report far over
# 65,536 characters is trimmed under it (counted as GitHub counts, whole
# characters, code fence and <details> closed, pointer to the run) while
# the job summary keeps all of it. The single-run cases are in
# tests/check/bot-*. Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/../.." || exit 2
top=$(pwd)
PRGATE=${PRGATE:-$top/prgate}
. tests/fakegh/lib.sh
export NO_COLOR=1 TZ=UTC LC_ALL=C
unset PRGATE_TOKEN GITHUB_TOKEN GH_TOKEN GITHUB_ACTIONS GITHUB_EVENT_PATH \
	GITHUB_EVENT_NAME GITHUB_REPOSITORY GITHUB_ACTOR PRGATE_API_URL \
	GITHUB_STEP_SUMMARY GITHUB_OUTPUT GITHUB_SERVER_URL GITHUB_RUN_ID \
	GITHUB_API_URL http_proxy https_proxy HTTP_PROXY HTTPS_PROXY \
	ALL_PROXY all_proxy
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bot-sh.XXXXXX") || exit 2
trap 'fakegh_stop; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
passed=0
failed=0
name=setup
P=/repos/hub4j-test-org/github-api

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

# A pull_request event for PR 479, in a workflow run.
cat >"$tmp/event.json" <<'EOF'
{"action": "synchronize", "number": 479, "pull_request": {"number": 479},
 "repository": {"full_name": "hub4j-test-org/github-api",
                "default_branch": "main"}}
EOF

# bot AT [OPTION...]: `prgate check --comment` as the workflow step runs it, at AT.
bot() {
	(
		cd "$tmp" || exit 99
		GITHUB_ACTIONS=true GITHUB_EVENT_NAME=pull_request \
			GITHUB_EVENT_PATH=event.json \
			GITHUB_REPOSITORY=hub4j-test-org/github-api \
			GITHUB_SERVER_URL=https://github.com GITHUB_RUN_ID=9001 \
			GITHUB_STEP_SUMMARY=summary.md GITHUB_OUTPUT=output.txt \
			PRGATE_TOKEN=ghs_botTestToken0123456789 \
			"$PRGATE" check --comment --api-url "$FAKEGH_URL" --at "$@"
	) >"$tmp/out" 2>"$tmp/err"
	echo $? >"$tmp/status"
}

# ---- two runs: one POST, then one PATCH of that comment ----
name=two-runs
cat >"$tmp/two-runs.json" <<EOF
{"comment": "run 1: no comment of prgate's; run 2: run 1's, by the bot",
 "extends": "$top/tests/fakegh/scenarios/clean.json",
 "routes": [
  {"method": "GET", "path": "$P/issues/479/comments", "times": 1,
   "fixture": "recorded/issue-comments-list.json",
   "patch": [{"issue_url": "https://api.github.com$P/issues/479"},
             {"issue_url": "https://api.github.com$P/issues/479"}]},
  {"method": "GET", "path": "$P/issues/479/comments",
   "fixture": "recorded/issue-comments-list.json",
   "patch": [{"issue_url": "https://api.github.com$P/issues/479"},
             {"issue_url": "https://api.github.com$P/issues/479"},
             {"id": 1254853699,
              "user": {"login": "github-actions[bot]", "type": "Bot"},
              "body": "<!-- prgate:sticky -->\\n\\u274c prgate: **NO-GO**"}]}
 ]}
EOF
if fakegh_start "$tmp/two-runs.json"; then
	bot 2026-11-27T17:30:00+01:00
	expect "run 1 exit" "$(cat "$tmp/status")" 1
	expect "run 1 says" "$(cat "$tmp/err")" \
		"prgate: created comment 1254853699 on hub4j-test-org/github-api#479
prgate: status prgate of hub4j-test-org/github-api#479 (78b9ff4): failure"
	fakegh_requests | grep -v '^GET .*/\(pulls\|commits\|compare\)' \
		>"$tmp/run1"
	bot 2026-11-25T10:00:00+01:00
	expect "run 2 exit" "$(cat "$tmp/status")" 0
	expect "run 2 says" "$(cat "$tmp/err")" \
		"prgate: updated comment 1254853699 on hub4j-test-org/github-api#479
prgate: status prgate of hub4j-test-org/github-api#479 (78b9ff4): success"
	fakegh_requests | grep -v '^GET .*/\(pulls\|commits\|compare\)' \
		>"$tmp/runs"
	# the comment and status requests, in order: run 1's, then run 2's
	printf '%s\n' "GET $P/issues/479/comments?per_page=100" \
		"POST $P/issues/479/comments" \
		"POST $P/statuses/78b9ff49d47daaa158eb373c4e2e040f739df8b9" \
		>"$tmp/want"
	if cmp -s "$tmp/want" "$tmp/run1"; then pass; else
		fail "run 1's comment requests:"
		cat "$tmp/run1"
	fi
	printf '%s\n' "GET $P/issues/479/comments" \
		"PATCH $P/issues/comments/1254853699" \
		"POST $P/statuses/78b9ff49d47daaa158eb373c4e2e040f739df8b9" |
		sed '1s/$/?per_page=100/' >>"$tmp/want"
	if cmp -s "$tmp/want" "$tmp/runs"; then pass; else
		fail "the comment requests of both runs:"
		cat "$tmp/runs"
	fi
	# what each run wrote: the full report, then one line and the
	# checklist for GO
	python3 - "$FAKEGH_LOG" >"$tmp/bodies" <<'EOF'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    if r["method"] in ("POST", "PATCH") and "/statuses/" not in r["path"]:
        b = json.loads(r["body"])["body"]
        first = b.splitlines()[1].split(" \u2014 ")[0]
        print(r["method"], len(b.splitlines()), first)
EOF
	printf '%s\n' "POST 57 ❌ prgate: **NO-GO**" "PATCH 27 ✅ prgate: **GO**" \
		>"$tmp/want"
	if cmp -s "$tmp/want" "$tmp/bodies"; then pass; else
		fail "the bodies:"
		cat "$tmp/bodies"
	fi
	# each run appended its outputs and its report
	printf '%s\n' verdict=no-go expires_at=2026-11-30T07:00:00Z \
		verdict=go expires_at=2026-11-25T16:00:00Z >"$tmp/want"
	if cmp -s "$tmp/want" "$tmp/output.txt"; then pass; else
		fail "output.txt:"
		cat "$tmp/output.txt"
	fi
	expect "summaries" "$(grep -c '^.* prgate: \*\*' "$tmp/summary.md")" 2
	fakegh_stop
	rm -f "$tmp/summary.md" "$tmp/output.txt"
else
	fail "the fake server did not start"
fi

# ---- the clock moved, nothing else: the second run writes nothing ----
# Run 1 at 10:00 (NO-GO: CI failed, no review for days; the window open
# until 17:00, a freeze 5 days ahead) posts the comment and the status; run 2 at 11:30
# reads them back (the fake serves what run 1 sent) and finds them the
# same: nothing that only moved with the clock ("7 h", "in 5 d") is in
# them.
name=clock-moved
printf '%s\n' '{"freezes": [{"from": "2026-11-30T00:00", "to": "2026-12-02T00:00", "reason": "release"}]}' \
	>"$tmp/clock-policy.json"
cat >"$tmp/clock1.json" <<EOF
{"comment": "a failed CI check; no sticky comment yet",
 "extends": "$top/tests/fakegh/scenarios/clean.json",
 "routes": [
  {"method": "GET",
   "path": "$P/commits/78b9ff49d47daaa158eb373c4e2e040f739df8b9/check-runs",
   "fixture": "recorded/check-runs-list-page1.json",
   "patch": {"total_count": 1, "check_runs": [{"conclusion": "failure"}]},
   "headers": {"link": null}},
  {"method": "GET", "path": "$P/pulls/479/reviews", "body": []}
 ]}
EOF
if fakegh_start "$tmp/clock1.json"; then
	bot 2026-11-25T10:00:00+01:00 --config clock-policy.json
	expect "run 1 exit" "$(cat "$tmp/status")" 1
	expect "run 1 says" "$(cat "$tmp/err")" \
		"prgate: created comment 1254853699 on hub4j-test-org/github-api#479
prgate: status prgate of hub4j-test-org/github-api#479 (78b9ff4): failure"
	# the clock's words in it are absolute, in the window's zone
	python3 - "$FAKEGH_LOG" >"$tmp/clock-lines" <<'EOF'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    if r["method"] == "POST" and r["path"].endswith("/comments"):
        for l in json.loads(r["body"])["body"].splitlines():
            if "`review-latency`" in l or "`window`" in l or "`freeze`" in l:
                print(l)
EOF
	printf '%s\n' \
		"| ❌ | \`review-latency\` | no review since the PR was opened (Sat 9 Mar 15:27 CET): raise it as a blocker |" \
		"| ✅ | \`window\` | open until Wed 25 Nov 17:00 CET |" \
		"| ✅ | \`freeze\` | no freeze; next freeze: 'release' from 30 Nov 00:00 CET until 2 Dec 00:00 CET |" \
		>"$tmp/want"
	if cmp -s "$tmp/want" "$tmp/clock-lines"; then pass; else
		fail "run 1's clock words:"
		diff "$tmp/want" "$tmp/clock-lines"
	fi
	# run 2's scenario: run 1's comment by the bot, run 1's status
	python3 - "$FAKEGH_LOG" "$tmp/clock1.json" "$tmp/clock2.json" <<'EOF'
import json, sys
log = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
comment = next(json.loads(r["body"])["body"] for r in log
               if r["method"] == "POST" and r["path"].endswith("/comments"))
status = next(json.loads(r["body"]) for r in log
              if r["method"] == "POST" and "/statuses/" in r["path"])
scn = json.load(open(sys.argv[2]))
p = "/repos/hub4j-test-org/github-api"
scn["routes"] += [
    {"method": "GET", "path": p + "/issues/479/comments",
     "fixture": "recorded/issue-comments-list.json",
     "patch": [{}, {}, {"id": 1254853699, "body": comment,
                        "user": {"login": "github-actions[bot]",
                                 "type": "Bot"}}]},
    {"method": "GET",
     "path": p + "/commits/78b9ff49d47daaa158eb373c4e2e040f739df8b9/status",
     "fixture": "recorded/status-combined.json",
     "patch": {"state": "failure",
               "statuses": [{"context": "prgate", "state": status["state"],
                             "description": status["description"]}, {}]}}]
json.dump(scn, open(sys.argv[3], "w"))
EOF
	fakegh_stop
	if fakegh_start "$tmp/clock2.json"; then
		bot 2026-11-25T11:30:00+01:00 --config clock-policy.json
		expect "run 2 exit" "$(cat "$tmp/status")" 1
		expect "run 2 says" "$(cat "$tmp/err")" \
			"prgate: comment 1254853699 on hub4j-test-org/github-api#479 is up to date
prgate: status prgate of hub4j-test-org/github-api#479 (78b9ff4): failure, up to date"
		expect "run 2 writes" \
			"$(fakegh_requests | grep -c '^\(POST\|PATCH\)')" 0
		fakegh_stop
	else
		fail "the fake server did not start (run 2)"
	fi
	rm -f "$tmp/summary.md" "$tmp/output.txt"
else
	fail "the fake server did not start"
fi

# ---- a huge report: trimmed under GitHub's limit ----
name=huge
python3 - "$top" "$tmp/huge.json" <<'EOF'
import json, sys
top, out = sys.argv[1], sys.argv[2]
clean = json.load(open(top + "/tests/fakegh/scenarios/clean.json"))
pr = next(r for r in clean["routes"]
          if r.get("path", "").endswith("/pulls/479"))
steps = "".join("- [ ] step %d: deploy caf\u00e9 \U0001f680 to the next "
                "shard, @alice checks <b>it</b> <<<<<<<<<< &&&&&\n" % i
                for i in range(700))
# under GitHub's 65,536 characters for a description (more is refused)
assert len(pr["patch"]["body"]) + len(steps) < 65536
body = pr["patch"]["body"].replace("- [ ] Merge the PR\n", steps)
assert body != pr["patch"]["body"]
json.dump({"comment": "clean, with 700 deployment steps (multi-byte and "
           "astral characters, mentions, HTML): a report far over 65,536 "
           "characters",
           "extends": top + "/tests/fakegh/scenarios/clean.json",
           "routes": [dict(pr, patch=dict(pr["patch"], body=body))]},
          open(out, "w"))
EOF
if fakegh_start "$tmp/huge.json"; then
	bot 2026-11-27T17:30:00+01:00
	expect "exit" "$(cat "$tmp/status")" 1
	expect "stderr" "$(cat "$tmp/err")" \
		"prgate: created comment 1254853699 on hub4j-test-org/github-api#479
prgate: status prgate of hub4j-test-org/github-api#479 (78b9ff4): failure"
	python3 - "$FAKEGH_LOG" "$tmp/summary.md" >"$tmp/huge" <<'EOF'
import json, sys
posts = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
posts = [r for r in posts
         if r["method"] == "POST" and "/statuses/" not in r["path"]]
print("posts", len(posts))
b = json.loads(posts[0]["body"])["body"]
units = len(b.encode("utf-16-le")) // 2
print("under the limit", units <= 65536, "close to it", units > 65000)
print("code points", len(b) <= units)
print("marker first",
      b.startswith("<!-- prgate:sticky -->\n\u274c prgate: **NO-GO**"))
print("no U+FFFD", "\ufffd" not in b)
print("details", b.count("<details>"), b.count("</details>"))
print("tail", repr(b[b.rindex("</details>"):]))
s = open(sys.argv[2], encoding="utf-8").read()
print("summary complete", "step 699: deploy caf\u00e9" in s, len(s) > 65536)
print("mentions", b.count("@alice"), b.count("@\u200balice") > 100)
EOF
	cat >"$tmp/want" <<'EOF'
posts 1
under the limit True close to it True
code points True
marker first True
no U+FFFD True
details 2 2
tail '</details>\n\n… the full report is in the job summary of run https://github.com/hub4j-test-org/github-api/actions/runs/9001\n\n<sub>checked 2026-11-27 16:30 UTC; the clock changes this at 2026-11-30 07:00 UTC</sub>\n'
summary complete True True
mentions 0 True
EOF
	if cmp -s "$tmp/want" "$tmp/huge"; then pass; else
		fail "the trimmed comment:"
		diff "$tmp/want" "$tmp/huge"
	fi
	fakegh_stop
else
	fail "the fake server did not start"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
