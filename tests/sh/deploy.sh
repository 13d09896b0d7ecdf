#!/bin/sh
# deploy.sh - where the verdict lands in GitHub, end to end against the
# fake GitHub server with GitHub Actions' environment (event files,
# GITHUB_EVENT_NAME, GITHUB_RUN_ID, GITHUB_ACTOR, the step summary and
# output files):
#   - the commit status `prgate` every `prgate check --comment` sets on
#     the PR's head: exact state, description and target_url, for GO,
#     NO-GO, waiting, could not decide, a long reason cut at a character
#     boundary, a refused comment (the run's URL instead), a schedule
#     re-stamping every open PR, check_suite / workflow_run events, a
#     merge queue (the status on the queue's commit);
#   - nothing written when nothing but the time changed (no PATCH of the
#     comment, no POST of an identical status);
#   - the deployer checked only where a deploy happens: a reviewer's run
#     is not a deploy; push, workflow_dispatch ($GITHUB_SHA) and
#     deployment events and `--commit SHA` are, gated GO and NO-GO, bound
#     to the SHA (the PR's head moving makes it NO-GO; a merged PR's merge
#     commit is its own CI);
#   - the pre-push hook's deployer: --deployer, else the token's login.
# Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/../.." || exit 2
top=$(pwd)
PRGATE=${PRGATE:-$top/prgate}
case $PRGATE in /*) ;; *) PRGATE=$top/$PRGATE ;; esac
. tests/fakegh/lib.sh
. tests/sh/lib/origin.sh
export NO_COLOR=1 TZ=UTC LC_ALL=C
unset PRGATE_TOKEN GITHUB_TOKEN GH_TOKEN GITHUB_ACTIONS GITHUB_EVENT_PATH \
	GITHUB_EVENT_NAME GITHUB_REPOSITORY GITHUB_ACTOR PRGATE_API_URL \
	GITHUB_STEP_SUMMARY GITHUB_OUTPUT GITHUB_SERVER_URL GITHUB_RUN_ID \
	GITHUB_API_URL GITHUB_SHA PRGATE_SKIP PRGATE_HOOK_UNDECIDED GIT_DIR \
	GIT_WORK_TREE GIT_INDEX_FILE http_proxy https_proxy HTTP_PROXY \
	HTTPS_PROXY ALL_PROXY all_proxy
tmp=$(mktemp -d "${TMPDIR:-/tmp}/deploy-sh.XXXXXX") || exit 2
trap 'fakegh_stop; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
passed=0
failed=0
name=setup
P=/repos/hub4j-test-org/github-api
SHA=78b9ff49d47daaa158eb373c4e2e040f739df8b9
OTHER=1111111111111111111111111111111111111111
CLEAN=$top/tests/fakegh/scenarios/clean.json
COMMENT_URL=https://github.com/hub4j-test-org/github-api/pull/461#issuecomment-1254853699
RUN_URL=https://github.com/hub4j-test-org/github-api/actions/runs/9001

pass() { passed=$((passed + 1)); }
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
# same WHAT FILE: FILE equals stdin exactly
same() {
	cat >"$tmp/want"
	if cmp -s "$tmp/want" "$2"; then
		pass
	else
		fail "$1:"
		diff -u "$tmp/want" "$2" | head -40
	fi
}

# scenario FILE ROUTES-JSON: clean.json with these routes tried first
scenario() {
	printf '{"extends": "%s", "routes": %s}\n' "$CLEAN" "$2" >"$1"
}

# event FILE JSON
event() { printf '%s\n' "$2" >"$tmp/$1"; }

PR_EVENT='{"action": "synchronize", "number": 479,
 "pull_request": {"number": 479, "head": {"sha": "'$SHA'"}},
 "repository": {"full_name": "hub4j-test-org/github-api",
                "default_branch": "main"}}'

# bot EVENT-NAME EVENT-FILE ARGS...: `prgate check ARGS` as a workflow
# step runs it; $st its exit status, $tmp/out and $tmp/err.
bot() {
	ev_name=$1
	ev_file=$2
	shift 2
	rm -f "$tmp/summary.md" "$tmp/output.txt"
	(
		cd "$tmp" || exit 99
		GITHUB_ACTIONS=true GITHUB_EVENT_NAME=$ev_name \
			GITHUB_EVENT_PATH=$ev_file \
			GITHUB_REPOSITORY=hub4j-test-org/github-api \
			GITHUB_SERVER_URL=https://github.com GITHUB_RUN_ID=9001 \
			GITHUB_ACTOR=${ACTOR:-gsmet} \
			GITHUB_STEP_SUMMARY=summary.md GITHUB_OUTPUT=output.txt \
			PRGATE_TOKEN=ghs_botTestToken0123456789 \
			"$PRGATE" check --api-url "$FAKEGH_URL" "$@"
	) >"$tmp/out" 2>"$tmp/err"
	st=$?
}

# writes: every POST and PATCH the fake got, in order: a status as its
# JSON (keys sorted), a comment as its first line after the marker
writes() {
	python3 - "$FAKEGH_LOG" <<'EOF'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    if r["method"] not in ("POST", "PATCH"):
        continue
    b = json.loads(r["body"])
    if "/statuses/" in r["path"]:
        print(r["method"], r["path"], json.dumps(b, sort_keys=True,
                                                  ensure_ascii=False))
    else:
        print(r["method"], r["path"], b["body"].splitlines()[1][:40])
EOF
}

# line RULE: the check line of RULE in the text report on stdout
line() { grep "^  [a-zA-Z?]*  $1 " "$tmp/out" | sed 's/  */ /g'; }

# ---- GO: the comment, then the status success pointing at it ----
name=status-go
scenario "$tmp/s.json" '[]'
event pr.json "$PR_EVENT"
if fakegh_start "$tmp/s.json"; then
	bot pull_request_target pr.json --comment --format text \
		--at 2026-11-25T10:00:00+01:00
	expect exit "$st" 0
	writes >"$tmp/w"
	same writes "$tmp/w" <<EOF
POST $P/issues/479/comments ✅ prgate: **GO** — checked 2026-11-25 09
POST $P/statuses/$SHA {"context": "prgate", "description": "GO: every check passed, until 2026-11-25 16:00 UTC", "state": "success", "target_url": "$COMMENT_URL"}
EOF
	same stderr "$tmp/err" <<EOF
prgate: created comment 1254853699 on hub4j-test-org/github-api#479
prgate: status prgate of hub4j-test-org/github-api#479 (78b9ff4): success
EOF
	# a reviewer's run: bob triggered it, but nobody is deploying
	expect "deployer line" "$(line deployer)" \
		" skip deployer checked when deploying"
	fakegh_stop
else
	fail "the fake server did not start"
fi

# ---- the reviewer's run: pull_request_review by bob is not a deploy ----
name=reviewer-actor
scenario "$tmp/s.json" '[]'
event review.json '{"action": "submitted", "review": {"state": "approved",
 "user": {"login": "bob"}},
 "pull_request": {"number": 479, "head": {"sha": "'$SHA'"}},
 "repository": {"full_name": "hub4j-test-org/github-api"}}'
if fakegh_start "$tmp/s.json"; then
	ACTOR=bob bot pull_request_review review.json --comment --format text \
		--at 2026-11-25T10:00:00+01:00
	expect exit "$st" 0
	expect "deployer line" "$(line deployer)" \
		" skip deployer checked when deploying"
	expect "verdict" "$(cat "$tmp/output.txt" | head -1)" verdict=go
	fakegh_stop
else
	fail "the fake server did not start"
fi

# ---- NO-GO: failure naming the first reason ----
name=status-no-go
scenario "$tmp/s.json" '[{"method": "GET", "path": "'$P'/pulls/479",
  "fixture": "recorded/pulls-get.json",
  "patch": '"$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps(dict(d["routes"][0]["patch"], draft=True)))' "$CLEAN")"'}]'
if fakegh_start "$tmp/s.json"; then
	bot pull_request_target pr.json --comment \
		--at 2026-11-25T10:00:00+01:00
	expect exit "$st" 1
	writes | grep statuses >"$tmp/w"
	same writes "$tmp/w" <<EOF
POST $P/statuses/$SHA {"context": "prgate", "description": "NO-GO: draft: the PR is a draft: mark it ready for review", "state": "failure", "target_url": "$COMMENT_URL"}
EOF
	fakegh_stop
else
	fail "the fake server did not start"
fi

# ---- waiting for CI: pending ----
name=status-pending
scenario "$tmp/s.json" '[{"method": "GET",
  "path": "'$P'/commits/'$SHA'/check-runs",
  "fixture": "recorded/check-runs-list-page1.json",
  "patch": {"total_count": 2, "check_runs": [
   {"conclusion": "success", "status": "completed"},
   {"conclusion": null, "status": "in_progress"}]},
  "headers": {"link": null}}]'
if fakegh_start "$tmp/s.json"; then
	bot pull_request_target pr.json --comment \
		--at 2026-11-25T10:00:00+01:00
	expect exit "$st" 1
	writes | grep statuses | sed "s/$SHA/SHA/" >"$tmp/w"
	python3 - "$tmp/w" >"$tmp/w2" <<'EOF'
import json, sys
for l in open(sys.argv[1], encoding="utf-8"):
    b = json.loads(l.split(" ", 2)[2])
    print(b["state"], b["description"].split(":")[0:2])
EOF
	same writes "$tmp/w2" <<EOF
pending ['waiting', ' ci']
EOF
	fakegh_stop
else
	fail "the fake server did not start"
fi

# ---- could not decide: error ----
name=status-error
scenario "$tmp/s.json" '[{"method": "GET",
  "path": "'$P'/commits/'$SHA'/check-runs", "status": 500},
  {"method": "GET", "path": "'$P'/commits/'$SHA'/check-runs", "status": 500},
  {"method": "GET", "path": "'$P'/commits/'$SHA'/check-runs", "status": 500},
  {"method": "GET", "path": "'$P'/commits/'$SHA'/check-runs", "status": 500}]'
if fakegh_start "$tmp/s.json"; then
	PRGATE_TIMEOUT=5 bot pull_request_target pr.json --comment \
		--at 2026-11-25T10:00:00+01:00
	expect exit "$st" 3
	writes | grep statuses | sed "s/$SHA/SHA/" >"$tmp/w"
	python3 - "$tmp/w" >"$tmp/w2" <<'EOF'
import json, sys
for l in open(sys.argv[1], encoding="utf-8"):
    b = json.loads(l.split(" ", 2)[2])
    print(b["state"], b["description"][:33], len(b["description"]) <= 140)
EOF
	same writes "$tmp/w2" <<EOF
error could not decide: GitHub answered True
EOF
	fakegh_stop
else
	fail "the fake server did not start"
fi

# ---- a long reason: cut to 140 characters between characters ----
name=status-long
long=$(python3 -c 'print("d\u00e9ploiement \U0001f680 " * 12)')
scenario "$tmp/s.json" '[{"method": "GET",
  "path": "'$P'/commits/'$SHA'/check-runs",
  "fixture": "recorded/check-runs-list-page1.json",
  "patch": {"total_count": 1, "check_runs": [
   {"name": "'"$long"'", "conclusion": "failure", "status": "completed"}]},
  "headers": {"link": null}}]'
if fakegh_start "$tmp/s.json"; then
	bot pull_request_target pr.json --comment \
		--at 2026-11-25T10:00:00+01:00
	expect exit "$st" 1
	writes | grep statuses >"$tmp/w"
	python3 - "$tmp/w" >"$tmp/w2" <<'EOF'
import json, sys
for l in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(l.split(" ", 2)[2])["description"]
    print(d.startswith("NO-GO: ci: "), len(d), d[-1] == "\u2026",
          "\ufffd" not in d)
EOF
	same writes "$tmp/w2" <<EOF
True 140 True True
EOF
	fakegh_stop
else
	fail "the fake server did not start"
fi

# ---- the comment refused (a fork's read-only token): the run's URL ----
name=status-run-url
if fakegh_start "$top/tests/fakegh/scenarios/bot-forbidden.json"; then
	bot pull_request_target pr.json --comment \
		--at 2026-11-25T10:00:00+01:00
	expect exit "$st" 0
	writes | grep statuses >"$tmp/w"
	same writes "$tmp/w" <<EOF
POST $P/statuses/$SHA {"context": "prgate", "description": "GO: every check passed, until 2026-11-25 16:00 UTC", "state": "success", "target_url": "$RUN_URL"}
EOF
	fakegh_stop
else
	fail "the fake server did not start"
fi

# ---- nothing but the time changed: no PATCH, no status POST ----
name=unchanged
# the GO comment an earlier run wrote: one line and the checklist
GO_BODY=$(python3 -c 'import json, sys; print(json.dumps(sys.stdin.read()))' <<'EOF'
<!-- prgate:sticky -->
✅ prgate: **GO** — checked 2026-11-25 07:30 UTC; the clock changes this at 2026-11-25 16:00 UTC

<details><summary>Deployment checklist</summary>

### Before

- [ ] Note the production SHA (the rollback point): `git ls-remote production main`
- [ ] Staging run: restore a production snapshot to QA, deploy this branch there and test

### Deploy

- [ ] Merge the PR
- [ ] Deploy `main` to production

### Verify

- [ ] Open the dashboard and check that the checklist renders.
- [ ] Tail the logs for new errors
- [ ] Smoke test the main user flows

### Rollback (if needed)

- [ ] Revert the merge commit and deploy again.
- [ ] `git push -f production PREVIOUS_SHA:main` with the SHA noted before the deploy

</details>
EOF
)
scenario "$tmp/s.json" '[{"method": "GET", "path": "'$P'/issues/479/comments",
   "fixture": "recorded/issue-comments-list.json",
   "patch": [{}, {"id": 1254853752,
     "user": {"login": "github-actions[bot]", "type": "Bot"},
     "body": '"$GO_BODY"'}]},
  {"method": "GET", "path": "'$P'/commits/'$SHA'/status",
   "fixture": "recorded/status-combined.json",
   "patch": {"state": "success", "sha": "'$SHA'",
     "statuses": [{"state": "success", "context": "prgate",
       "description": "GO: every check passed, until 2026-11-25 16:00 UTC",
       "target_url": "'"$COMMENT_URL"'"}]}}]'
if fakegh_start "$tmp/s.json"; then
	bot pull_request_target pr.json --comment \
		--at 2026-11-25T10:00:00+01:00
	expect exit "$st" 0
	writes >"$tmp/w"
	same writes "$tmp/w" </dev/null
	same stderr "$tmp/err" <<EOF
prgate: comment 1254853752 on hub4j-test-org/github-api#479 is up to date
prgate: status prgate of hub4j-test-org/github-api#479 (78b9ff4): success, up to date
EOF
	fakegh_stop
else
	fail "the fake server did not start"
fi

# ---- the state changed: the same comment PATCHed, a new status ----
name=changed
scenario "$tmp/s.json" '[{"method": "GET", "path": "'$P'/issues/479/comments",
   "fixture": "recorded/issue-comments-list.json",
   "patch": [{}, {"id": 1254853752,
     "user": {"login": "github-actions[bot]", "type": "Bot"},
     "body": "<!-- prgate:sticky -->\n\u2705 prgate: **GO** \u2014 checked 2026-11-25 07:30 UTC; the clock changes this at 2026-11-25 16:00 UTC\n"}]},
  {"method": "GET", "path": "'$P'/commits/'$SHA'/status",
   "fixture": "recorded/status-combined.json",
   "patch": {"state": "success", "sha": "'$SHA'",
     "statuses": [{"state": "success", "context": "prgate",
       "description": "GO: every check passed, until 2026-11-25 16:00 UTC",
       "target_url": "'"$COMMENT_URL"'"}]}}]'
if fakegh_start "$tmp/s.json"; then
	bot pull_request_target pr.json --comment \
		--at 2026-11-25T17:30:00+01:00
	expect exit "$st" 1
	writes >"$tmp/w"
	same writes "$tmp/w" <<EOF
PATCH $P/issues/comments/1254853752 ❌ prgate: **NO-GO** — hub4j-test-org/git
POST $P/statuses/$SHA {"context": "prgate", "description": "NO-GO: window: closed — next opens Thu 26 Nov 08:00 CET", "state": "failure", "target_url": "https://github.com/hub4j-test-org/github-api/pull/461#issuecomment-1254853752"}
EOF
	fakegh_stop
else
	fail "the fake server did not start"
fi

# ---- schedule: every open PR re-stamped ----
name=schedule
event schedule.json '{"schedule": "*/30 * * * *"}'
if fakegh_start "$top/tests/fakegh/scenarios/bot-schedule.json"; then
	bot schedule schedule.json --comment --at 2026-11-25T10:00:00+01:00
	expect exit "$st" 1
	# both statuses go out together: in any order
	writes | grep statuses | sed "s/$SHA/SHA/" | LC_ALL=C sort >"$tmp/w"
	same writes "$tmp/w" <<EOF
POST $P/statuses/SHA {"context": "prgate", "description": "GO: every check passed, until 2026-11-25 16:00 UTC", "state": "success", "target_url": "$COMMENT_URL"}
POST $P/statuses/SHA {"context": "prgate", "description": "NO-GO: draft: the PR is a draft: mark it ready for review", "state": "failure", "target_url": "$COMMENT_URL"}
EOF
	fakegh_stop
else
	fail "the fake server did not start"
fi

# ---- schedule: a PR GitHub can't give still gets its status, error,
# on the head the list of open PRs named ----
name=schedule-one-missing
scenario "$tmp/s.json" '[{"method": "GET", "path": "'$P'/pulls",
  "query": {"state": "open", "base": "main"}, "fixture": "openapi/pulls-list.json",
  "patch": [{"number": 479, "head": {"sha": "'$SHA'"}},
            {"number": 481, "head": {"sha": "'$OTHER'"}}]},
 {"method": "GET", "path": "'$P'/issues/481/comments", "body": []},
 {"method": "POST", "path": "'$P'/issues/481/comments", "status": 201,
  "body": {"id": 481, "html_url": "https://github.com/hub4j-test-org/github-api/pull/481#issuecomment-481"}},
 {"method": "POST", "path": "'$P'/statuses/'$OTHER'", "status": 201,
  "body": {"id": 2}}]'
event schedule-main.json '{"schedule": "*/30 * * * *",
 "repository": {"full_name": "hub4j-test-org/github-api", "default_branch": "main"}}'
if fakegh_start "$tmp/s.json"; then
	bot schedule schedule-main.json --comment --at 2026-11-25T10:00:00+01:00
	expect exit "$st" 3
	# the statuses of several PRs go together, in no fixed order
	writes | grep statuses | LC_ALL=C sort >"$tmp/w"
	same writes "$tmp/w" <<EOF
POST $P/statuses/$OTHER {"context": "prgate", "description": "could not decide: pull request hub4j-test-org/github-api#481 not found, or the token has no access to it", "state": "error", "target_url": "https://github.com/hub4j-test-org/github-api/pull/481#issuecomment-481"}
POST $P/statuses/$SHA {"context": "prgate", "description": "GO: every check passed, until 2026-11-25 16:00 UTC", "state": "success", "target_url": "$COMMENT_URL"}
EOF
	fakegh_stop
else
	fail "the fake server did not start"
fi

# ---- merge_group: the status on the queue's commit ----
name=merge-group
QUEUE=ec26c3e57ca3a959ca5aad62de7213c562f8c821
event queue.json '{"action": "checks_requested", "merge_group": {"head_sha": "'$QUEUE'",
 "head_ref": "refs/heads/gh-readonly-queue/main/pr-479-'$SHA'",
 "base_sha": "'$SHA'", "base_ref": "refs/heads/main"},
 "repository": {"full_name": "hub4j-test-org/github-api"}}'
scenario "$tmp/s.json" '[{"method": "POST", "path": "'$P'/statuses/'$QUEUE'",
  "status": 201, "body": {"id": 1}}]'
if fakegh_start "$tmp/s.json"; then
	bot merge_group queue.json --comment --at 2026-11-25T10:00:00+01:00
	expect exit "$st" 0
	writes | grep statuses >"$tmp/w"
	same writes "$tmp/w" <<EOF
POST $P/statuses/$QUEUE {"context": "prgate", "description": "GO: every check passed, until 2026-11-25 16:00 UTC", "state": "success", "target_url": "$COMMENT_URL"}
EOF
	fakegh_stop
else
	fail "the fake server did not start"
fi

# ---- check_suite completed: the PRs the event names ----
name=check-suite
event suite.json '{"action": "completed", "check_suite": {"head_sha": "'$SHA'",
 "status": "completed", "conclusion": "success",
 "pull_requests": [{"number": 479, "head": {"sha": "'$SHA'"}}]},
 "repository": {"full_name": "hub4j-test-org/github-api"}}'
scenario "$tmp/s.json" '[]'
if fakegh_start "$tmp/s.json"; then
	ACTOR=bob bot check_suite suite.json --comment --format text \
		--at 2026-11-25T10:00:00+01:00
	expect exit "$st" 0
	writes | grep statuses >"$tmp/w"
	same writes "$tmp/w" <<EOF
POST $P/statuses/$SHA {"context": "prgate", "description": "GO: every check passed, until 2026-11-25 16:00 UTC", "state": "success", "target_url": "$COMMENT_URL"}
EOF
	expect "deployer line" "$(line deployer)" \
		" skip deployer checked when deploying"
	fakegh_stop
else
	fail "the fake server did not start"
fi

# ---- workflow_run completed without PRs (a fork): open PRs by head ----
name=workflow-run
event run.json '{"action": "completed", "workflow_run": {"head_sha": "'$SHA'",
 "status": "completed", "conclusion": "success", "pull_requests": []},
 "repository": {"full_name": "hub4j-test-org/github-api"}}'
scenario "$tmp/s.json" '[{"method": "GET", "path": "'$P'/pulls",
  "query": {"state": "open"}, "fixture": "openapi/pulls-list.json",
  "patch": [{"number": 12, "head": {"sha": "'$OTHER'"}},
            {"number": 479, "head": {"sha": "'$SHA'"}}]}]'
if fakegh_start "$tmp/s.json"; then
	bot workflow_run run.json --comment --at 2026-11-25T10:00:00+01:00
	expect exit "$st" 0
	fakegh_requests | grep -v "^GET $P/\(commits\|compare\|pulls/479/\)" \
		>"$tmp/r"
	same requests "$tmp/r" <<EOF
GET $P/pulls?state=open&per_page=100
GET $P/pulls/479
GET $P/issues/479/comments?per_page=100
POST $P/issues/479/comments
POST $P/statuses/$SHA
EOF
	fakegh_stop
else
	fail "the fake server did not start"
fi

# ---- a push event: the deploy job gates itself ----
name=push-go
event push.json '{"ref": "refs/heads/main", "before": "'$OTHER'",
 "after": "'$SHA'", "head_commit": {"id": "'$SHA'"},
 "repository": {"full_name": "hub4j-test-org/github-api",
                "default_branch": "main"}}'
scenario "$tmp/s.json" '[]'
if fakegh_start "$tmp/s.json"; then
	bot push push.json --format text --at 2026-11-25T10:00:00+01:00
	expect exit "$st" 0
	expect "deployer line" "$(line deployer)" \
		" pass deployer gsmet is the author"
	expect "deploy-commit line" "$(line deploy-commit)" \
		" pass deploy-commit deploying 78b9ff4, the PR's head"
	expect "last line" "$(tail -1 "$tmp/out")" \
		"hub4j-test-org/github-api#479: GO: 0 errors, 0 warnings; the clock changes this at 2026-11-25T16:00:00Z"
	expect stderr "$(cat "$tmp/err")" \
		"prgate: deploying 78b9ff4: hub4j-test-org/github-api#479"
	fakegh_requests | grep "/pulls?\|/commits/$SHA/pulls" >"$tmp/r"
	same "the lookup" "$tmp/r" <<EOF
GET $P/commits/$SHA/pulls?per_page=100
EOF
	fakegh_stop
else
	fail "the fake server did not start"
fi

# a merged PR deployed by its merge commit: that commit's CI counts
name=push-merged
MERGE=2222222222222222222222222222222222222222
event push-merged.json '{"ref": "refs/heads/main", "after": "'$MERGE'",
 "repository": {"full_name": "hub4j-test-org/github-api"}}'
PR_MERGED=$(python3 -c 'import json,sys; p=json.load(open(sys.argv[1]))["routes"][0]["patch"]; p.update(merged=True, state="closed", mergeable=None, mergeable_state="unknown", merged_at="2026-11-24T18:00:00Z", merge_commit_sha=sys.argv[2]); print(json.dumps(p))' "$CLEAN" $MERGE)
scenario "$tmp/s.json" '[{"method": "GET", "path": "'$P'/pulls/479",
  "fixture": "recorded/pulls-get.json", "patch": '"$PR_MERGED"'},
 {"method": "GET", "path": "'$P'/commits/'$MERGE'/pulls",
  "fixture": "openapi/commit-pulls-list.json",
  "patch": [{"number": 479, "state": "closed",
    "merged_at": "2026-11-24T18:00:00Z", "merge_commit_sha": "'$MERGE'",
    "head": {"sha": "'$SHA'"}}]},
 {"method": "GET", "path": "'$P'/commits/'$MERGE'/check-runs",
  "fixture": "recorded/check-runs-list-page1.json",
  "patch": {"total_count": 1, "check_runs": [
   {"name": "build", "conclusion": "failure", "status": "completed"}]},
  "headers": {"link": null}},
 {"method": "GET", "path": "'$P'/commits/'$MERGE'/status",
  "fixture": "recorded/status-combined-empty.json"}]'
if fakegh_start "$tmp/s.json"; then
	bot push push-merged.json --format text --at 2026-11-25T10:00:00+01:00
	expect exit "$st" 1
	expect "deploy-commit line" "$(line deploy-commit)" \
		" pass deploy-commit deploying 2222222, the PR's merge commit"
	expect "ci line" "$(line ci | cut -c1-27)" " FAIL ci CI: 'build' failed"
	expect "CI of the merge commit" \
		"$(fakegh_requests | grep -c "commits/$MERGE/\(check-runs\|status\)")" 2
	expect "not of the head" \
		"$(fakegh_requests | grep -c "commits/$SHA/\(check-runs\|status\)")" 0
	fakegh_stop
else
	fail "the fake server did not start"
fi

# workflow_dispatch names no commit: $GITHUB_SHA is the one deployed
name=workflow-dispatch
event dispatch.json '{"ref": "refs/heads/main", "inputs": {},
 "repository": {"full_name": "hub4j-test-org/github-api"}}'
scenario "$tmp/s.json" '[]'
if fakegh_start "$tmp/s.json"; then
	GITHUB_SHA=$SHA bot workflow_dispatch dispatch.json --format text \
		--at 2026-11-25T10:00:00+01:00
	expect exit "$st" 0
	expect "deploy-commit line" "$(line deploy-commit)" \
		" pass deploy-commit deploying 78b9ff4, the PR's head"
	bot workflow_dispatch dispatch.json --format text
	expect "no GITHUB_SHA: exit" "$st" 2
	expect "no GITHUB_SHA: says" "$(cat "$tmp/err")" \
		"prgate: error: the workflow_dispatch event names no commit: set GITHUB_SHA or name it with --commit SHA"
	fakegh_stop
else
	fail "the fake server did not start"
fi

# a deployment event: deployment.sha, deployed by GITHUB_ACTOR
name=deployment
event deployment.json '{"action": "created", "deployment": {"id": 1,
 "sha": "'$SHA'", "ref": "main", "environment": "production"},
 "repository": {"full_name": "hub4j-test-org/github-api"}}'
if fakegh_start "$tmp/s.json"; then
	ACTOR=bob bot deployment deployment.json --format text \
		--at 2026-11-25T10:00:00+01:00
	expect exit "$st" 1
	expect "deployer line" "$(line deployer)" \
		" FAIL deployer only the author (gsmet) may deploy; bob is deploying"
	expect "deploy-commit line" "$(line deploy-commit)" \
		" pass deploy-commit deploying 78b9ff4, the PR's head"
	fakegh_stop
else
	fail "the fake server did not start"
fi

name=push-no-go
if fakegh_start "$tmp/s.json"; then
	ACTOR=bob bot push push.json --format text \
		--at 2026-11-25T10:00:00+01:00
	expect exit "$st" 1
	expect "deployer line" "$(line deployer)" \
		" FAIL deployer only the author (gsmet) may deploy; bob is deploying"
	fakegh_stop
else
	fail "the fake server did not start"
fi

# ---- --commit SHA anywhere: the PR of that commit, as a deploy ----
name=commit
if fakegh_start "$tmp/s.json"; then
	(
		cd "$tmp" &&
			GITHUB_REPOSITORY=hub4j-test-org/github-api \
				PRGATE_TOKEN=ghs_botTestToken0123456789 \
				"$PRGATE" check --commit $SHA --deployer gsmet \
				--api-url "$FAKEGH_URL" \
				--at 2026-11-25T10:00:00+01:00
	) >"$tmp/out" 2>"$tmp/err"
	expect exit $? 0
	expect "deploy-commit line" "$(line deploy-commit)" \
		" pass deploy-commit deploying 78b9ff4, the PR's head"
	expect "deployer line" "$(line deployer)" \
		" pass deployer gsmet is the author"
	fakegh_stop
else
	fail "the fake server did not start"
fi

name=commit-no-pr
scenario "$tmp/s.json" '[{"method": "GET", "path": "'$P'/commits/'$OTHER'/pulls",
  "body": []}]'
if fakegh_start "$tmp/s.json"; then
	(
		cd "$tmp" &&
			GITHUB_REPOSITORY=hub4j-test-org/github-api \
				"$PRGATE" check --commit $OTHER \
				--api-url "$FAKEGH_URL"
	) >"$tmp/out" 2>"$tmp/err"
	expect exit $? 1
	expect stderr "$(cat "$tmp/err")" \
		"prgate: error: commit 1111111 is not in any pull request: deploy only what was reviewed"
	fakegh_stop
else
	fail "the fake server did not start"
fi

# ---- the PR's head moves while prgate decides: NO-GO ----
name=head-moved
PR_PATCH=$(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["routes"][0]["patch"]))' "$CLEAN")
scenario "$tmp/s.json" '[{"method": "GET", "path": "'$P'/pulls/479", "times": 1,
  "fixture": "recorded/pulls-get.json", "patch": '"$PR_PATCH"'},
 {"method": "GET", "path": "'$P'/pulls/479",
  "fixture": "recorded/pulls-get.json",
  "patch": {"head": {"sha": "'$OTHER'"}}}]'
if fakegh_start "$tmp/s.json"; then
	bot push push.json --format text --at 2026-11-25T10:00:00+01:00
	expect exit "$st" 1
	expect "deploy-commit line" "$(line deploy-commit)" \
		" FAIL deploy-commit the PR changed while checking: its head moved from 78b9ff4 to 1111111"
	fakegh_stop
else
	fail "the fake server did not start"
fi

# the PR's head is no longer the commit when prgate reads the PR
name=head-moved-before
scenario "$tmp/s.json" '[{"method": "GET", "path": "'$P'/pulls/479",
  "fixture": "recorded/pulls-get.json",
  "patch": {"head": {"sha": "'$OTHER'"}}},
 {"method": "GET", "path": "'$P'/commits/'$OTHER'/check-runs",
  "fixture": "recorded/check-runs-list-page1.json",
  "patch": {"total_count": 2}, "headers": {"link": null}},
 {"method": "GET", "path": "'$P'/commits/'$OTHER'/status",
  "fixture": "recorded/status-combined.json",
  "patch": {"state": "success"}}]'
if fakegh_start "$tmp/s.json"; then
	bot push push.json --format text --at 2026-11-25T10:00:00+01:00
	expect exit "$st" 1
	expect "deploy-commit line" "$(line deploy-commit)" \
		" FAIL deploy-commit the PR changed while checking: its head is 1111111, not 78b9ff4"
	fakegh_stop
else
	fail "the fake server did not start"
fi

# ---- the hook: --deployer, else the token's login (GET /user) ----
name=hook-deployer
W=$tmp/work
mkdir "$tmp/home"
(
	export HOME="$tmp/home" GIT_CONFIG_NOSYSTEM=1 \
		GIT_CEILING_DIRECTORIES="$tmp"
	git init -q -b main "$W" &&
		cd "$W" &&
		git remote add origin \
			git@github.com:hub4j-test-org/github-api.git &&
		printf '%s\n' '{"window": {"timezone": "UTC", "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "start": "00:00", "end": "24:00"}}' >.prgate.json &&
		origin_main .
) || exit 2
# hook ARGS...: `prgate hook pre-push production URL ARGS` pushing $SHA
hook() {
	(
		cd "$W" &&
			HOME="$tmp/home" GIT_CONFIG_NOSYSTEM=1 \
				GIT_CEILING_DIRECTORIES="$tmp" \
				PRGATE_API_URL=$FAKEGH_URL \
				"$PRGATE" hook pre-push production ../prod.git "$@" \
				<<EOF
refs/heads/main $SHA refs/heads/master 0000000000000000000000000000000000000000
EOF
	) >"$tmp/out" 2>"$tmp/err"
	st=$?
	grep '^  [a-zA-Z?]*  deployer ' "$tmp/err" | sed 's/  */ /g' >"$tmp/d"
}
scenario "$tmp/s.json" '[{"method": "GET", "path": "/user",
  "body": {"login": "bob", "id": 2, "type": "User"}}]'
if fakegh_start "$tmp/s.json"; then
	hook --deployer gsmet
	expect "--deployer exit" "$st" 0
	expect "--deployer line" "$(cat "$tmp/d")" \
		" pass deployer gsmet is the author"
	expect "--deployer: no GET /user" \
		"$(fakegh_requests | grep -c '^GET /user')" 0
	: >"$FAKEGH_LOG"
	PRGATE_TOKEN=ghp_hookTestToken0123456789 hook
	expect "token exit" "$st" 1
	expect "token line" "$(cat "$tmp/d")" \
		" FAIL deployer only the author (gsmet) may deploy; bob is deploying"
	expect "token: GET /user" \
		"$(fakegh_requests | grep -c '^GET /user$')" 1
	: >"$FAKEGH_LOG"
	hook
	expect "anonymous exit" "$st" 0
	expect "anonymous line" "$(cat "$tmp/d")" \
		" skip deployer the deploying user is unknown (pass --deployer LOGIN, or a token)"
	fakegh_stop
else
	fail "the fake server did not start"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
