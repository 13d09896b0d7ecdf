#!/bin/sh
# actions-cicd.sh - a team whose GitHub Actions workflow runs the tests
# on every pull request and deploys automatically when a PR is merged
# into main. There is no deployment window (they ship continuously), but
# there is a holiday freeze. prgate runs as the bot on the pull request
# (`prgate check --comment` with Actions' variables): one sticky comment,
# the step summary, and the verdict and its expiry as step outputs.
. "$(dirname "$0")/lib.sh"

repo
cat >"$W/.prgate.json" <<'JSON'
{
  "rules": {"window": "off"},
  "ci": {"required": ["test"]},
  "freezes": [{"from": "2026-12-24T00:00", "to": "2027-01-02T00:00",
               "reason": "holidays"}],
  "deploy": {"branches": ["main"]}
}
JSON
cat >"$tmp/pr.md" <<'MD'
## Solution

Cache the product page for anonymous visitors.

**Original issue and supporting materials**: #301
**Downsides**: None

## Roll-out plan

**Deployment risks**: None
**Deployment assistants**: None
**Backing services related changes**: None
**Backuping steps**: None

**Deployment steps**:

- [ ] Merge: the workflow tests and deploys main

## Verification plan

- [ ] Load a product page twice and check the second answer is cached

## Rollback strategy

Revert the merge commit; the workflow deploys the revert.
MD
printf '{"action": "%s", "number": 479, "pull_request": {"number": 479, "state": "open"}, "repository": {"full_name": "hub4j-test-org/github-api", "default_branch": "main"}}\n' \
	opened >"$W/opened.json"
printf '{"action": "submitted", "pull_request": {"number": 479, "state": "open"}, "repository": {"full_name": "hub4j-test-org/github-api", "default_branch": "main"}}\n' \
	>"$W/review.json"

# bot EVENT-NAME EVENT-FILE AT: prgate as the workflow step runs it
bot() {
	rm -f "$W/summary.md" "$W/output.txt"
	: >"$FAKEGH_LOG"
	(cd "$W" && GITHUB_ACTIONS=true GITHUB_EVENT_NAME=$1 \
		GITHUB_EVENT_PATH=$2 GITHUB_REPOSITORY=hub4j-test-org/github-api \
		GITHUB_SERVER_URL=https://github.com GITHUB_RUN_ID=88 \
		GITHUB_STEP_SUMMARY=summary.md GITHUB_OUTPUT=output.txt \
		PRGATE_TOKEN=ghs_procedureToken \
		"$PRGATE" check --comment --api-url "$URL" --at "$3") \
		>"$tmp/o1" 2>"$tmp/o2"
	st=$?
	cat "$tmp/o1" "$tmp/o2" | sed -e "s|$URL|http://fake|g" >"$tmp/out"
	python3 -c 'import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    if r["method"] in ("POST", "PATCH"):
        print(r["method"], r["path"])
        j = json.loads(r["body"])
        # a comment: its body; the commit status: its fields
        print(j["body"] if "body" in j else json.dumps(j, sort_keys=True))' \
		"$FAKEGH_LOG" >"$tmp/written"
}
MON=2026-11-23T11:00:00+01:00

step="PR opened, tests running"
pr opened title="Cache product pages" body=@"$tmp/pr.md" into=main \
	ci=test:running reviews=
bot pull_request opened.json $MON
status 1
has "$tmp/out" <<'OUT'
prgate: created comment 1254853699 on hub4j-test-org/github-api#479
OUT
same "$W/output.txt" <<'OUT'
verdict=no-go
expires_at=
OUT
check "comment created" grep -qx "POST /repos/hub4j-test-org/github-api/issues/479/comments" "$tmp/written"
has "$tmp/written" <<'OUT'
**To ship:** 1 more approval from anyone with write access; wait for CI 'test' ([details](https://github.com/hub4j-test-org/github-api/actions/runs/1000))
| ⏳ | `ci` | CI: 'test' is still running (1 of 1 pending) ([details](https://github.com/hub4j-test-org/github-api/runs/1000)) |
| ❌ | `approvals` | 0 of 1 needed in all |
| ➖ | `window` | off in the policy |
OUT
lacks "$tmp/written" "the clock changes this"

step="tests green, bob approves: the same comment says GO"
pr approved title="Cache product pages" body=@"$tmp/pr.md" into=main \
	sticky=1254853699
bot pull_request_review review.json $MON
status 0
same "$W/output.txt" <<'OUT'
verdict=go
expires_at=2026-12-23T23:00:00Z
OUT
check "comment updated, not added" grep -qx "PATCH /repos/hub4j-test-org/github-api/issues/comments/1254853699" "$tmp/written"
lacks "$tmp/written" "POST /repos/hub4j-test-org/github-api/issues"
has "$tmp/written" <<'OUT'
✅ prgate: **GO** — checked 2026-11-23 10:00 UTC; the clock changes this at 2026-12-23 23:00 UTC
{"context": "prgate", "description": "GO: every check passed, until 2026-12-23 23:00 UTC", "state": "success", "target_url": "https://github.com/hub4j-test-org/github-api/pull/479#issuecomment-1254853699"}
OUT

step="the holiday freeze: NO-GO until it ends"
bot pull_request_review review.json 2026-12-28T10:00:00+01:00
status 1
same "$W/output.txt" <<'OUT'
verdict=no-go
expires_at=2027-01-01T23:00:00Z
OUT
has "$tmp/out" <<'OUT'
::error title=freeze::freeze: 'holidays' until 2 Jan 00:00 CET
OUT

# pending: the deploy job gates itself in the push event of the merge
# (prgate check in a push event, or --commit SHA, finds the merged PR
# from the SHA); today a push event is "not about a pull request".

finish
