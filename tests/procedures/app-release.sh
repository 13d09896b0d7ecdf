#!/bin/sh
# app-release.sh - the app release procedure that prgate's built-in
# policy encodes, played with no configuration at all: the author fills
# the stock template (no placeholders left, no WIP, no advice tags in the
# code), the PR is approved with no change request outstanding, CI is
# green, the branch is up to date, and the deploy happens on a working
# day between 08:00 and 17:00 in Ljubljana; a PR that changes the
# database needs backups, a rollback that restores the data and an
# assistant. The deploy is `git push production master` through the hook.
. "$(dirname "$0")/lib.sh"

repo production
commit "export invoices"
NEW=$SHA
OLD=$(git -C "$W" rev-parse HEAD~1)
WED=2026-11-25T10:00:00+01:00

step="the stock template, unfilled"
run template basic
status 0
cp "$tmp/out" "$W/pr.md"
run lint pr.md
status 1
check "placeholders found" grep -q "placeholder 'XXX' left in 'Solution' \[placeholder\]" "$tmp/out"
check "NO-GO line" grep -qE '^pr.md: NO-GO: [0-9]+ errors, 0 warnings$' "$tmp/out"

step="the template filled in"
cat >"$tmp/good.md" <<'MD'
## Solution

Export invoices as CSV from the admin.

**Original issue and supporting materials**: #517
**Downsides**: None

## Roll-out plan

**Deployment risks**: None
**Deployment assistants**: None
**Backing services related changes**: None
**Backuping steps**: None

**Deployment steps**:

- [ ] Merge this PR
- [ ] Deploy master: `git push production master`

## Verification plan

- [ ] Export last month's invoices and open the file

## Rollback strategy

Revert the merge commit and deploy master again.
MD
cp "$tmp/good.md" "$W/pr.md"
run lint pr.md
status 0
same "$tmp/out" <<'OUT'
pr.md: GO: 0 errors, 0 warnings
OUT

step="still work in progress"
run lint --title "[WIP] Export invoices" pr.md
status 1
same "$tmp/out" <<'OUT'
pr.md: error: the title "[WIP] Export invoices" marks the PR as work in progress [wip]
pr.md: NO-GO: 1 error, 0 warnings
OUT

step="a draft with an advice tag left in the code"
printf '@@ -1 +1,3 @@\n v1\n+def export():\n+    # ???: is CSV enough for accounting?\n' >"$tmp/advice.patch"
pr advice title="Export invoices" body=@"$tmp/good.md" \
	files="admin/export.py:@$tmp/advice.patch" draft=true
run check 479 --api-url "$URL" --at $WED
status 1
has "$tmp/out" <<'OUT'
  FAIL  draft              the PR is a draft: mark it ready for review
  FAIL  advice-tag         advice tag '# ???:' in admin/export.py:3
hub4j-test-org/github-api#479: NO-GO: 2 errors, 0 warnings
OUT

step="carol asks for changes"
pr changes title="Export invoices" body=@"$tmp/good.md" \
	reviews=bob:APPROVED,carol:CHANGES_REQUESTED
run check 479 --api-url "$URL" --at $WED
status 1
has "$tmp/out" <<'OUT'
  FAIL  changes-requested  carol requested changes (20 Nov 10:00 UTC): address them or ask carol to re-review
hub4j-test-org/github-api#479: NO-GO: 1 error, 0 warnings
OUT

step="no approval yet"
pr none title="Export invoices" body=@"$tmp/good.md" reviews=
run check 479 --api-url "$URL" --at $WED
status 1
has "$tmp/out" <<'OUT'
  FAIL  approvals          0 of 1 needed in all
OUT

step="approved, green, up to date, Wednesday morning: GO"
pr go base=hook title="Export invoices" body=@"$tmp/good.md"
run check 479 --api-url "$URL" --at $WED
status 0
same "$tmp/out" <<'OUT'
hub4j-test-org/github-api#479: Export invoices
  pass  draft              not a draft
  pass  conflicts          merges cleanly into master
  pass  behind-base        up to date with master
  skip  dependencies       no dependencies named
  skip  deployer           checked when deploying
  pass  advice-tag         no advice tags in the added lines
  pass  changes-requested  no outstanding change requests
  pass  approvals          1 approval in all
  pass  review-latency     first review after 1 h
  pass  ci                 the 1 check passed
  pass  window             open until 17:00 CET (7 h)
  pass  freeze             no freeze
  skip  metric             no health gates
hub4j-test-org/github-api#479: GO: 0 errors, 0 warnings; the clock changes this at 2026-11-25T16:00:00Z
OUT

step="Saturday: the window is closed"
run check 479 --api-url "$URL" --at 2026-11-28T10:00:00+01:00
status 1
has "$tmp/out" <<'OUT'
  FAIL  window             closed — next opens Mon 08:00 CET
hub4j-test-org/github-api#479: NO-GO: 1 error, 0 warnings; the clock changes this at 2026-11-30T07:00:00Z
OUT

step="deploy on Saturday through the hook: blocked"
(cd "$W" && "$PRGATE" hook install) >/dev/null 2>&1 || fail "hook install"
PRGATE_AT=2026-11-28T10:00:00+01:00 push production master
check "git fails" [ "$st" != 0 ]
check "production unchanged" [ "$(remote_sha production)" = "$OLD" ]
has "$tmp/out" <<'OUT'
prgate: push to production/master blocked: NO-GO
OUT

step="deploy on Wednesday: GO, the SHA before it noted"
PRGATE_AT=$WED push production master
status 0
check "production runs it" [ "$(remote_sha production)" = "$NEW" ]
same "$W/.git/prgate/deploys.jsonl" <<JSONL
{"time": "2026-11-25T09:00:00Z", "remote": "production", "ref": "refs/heads/master", "old_sha": "$OLD", "new_sha": "$NEW", "pr": "hub4j-test-org/github-api#479", "verdict": "go"}
JSONL

step="a database change without a safety net"
cat >"$tmp/db.md" <<'MD'
## Solution

Store the export format per customer.

**Original issue and supporting materials**: #518
**Downsides**: None

## Roll-out plan

**Deployment risks**: None
**Deployment assistants**: None
**Backing services related changes**: a new column `customers.export_format`
**Backuping steps**: None

**Deployment steps**:

- [ ] Merge this PR
- [ ] Deploy master

## Verification plan

- [ ] Change a customer's format and export

## Rollback strategy

Revert the merge commit and deploy master again.
MD
cp "$tmp/db.md" "$W/db.md"
run lint db.md
status 1
same "$tmp/out" <<'OUT'
db.md:11:1: error: backing services change (line 12): 'Deployment assistants' must name an assistant as @login [assistant-required]
db.md:13:1: error: backing services change (line 12): 'Backuping steps' can't be None [backup-required]
db.md:24:1: error: backing services change (line 12): 'Rollback strategy' must say how the database is restored [backup-required]
db.md: NO-GO: 3 errors, 0 warnings
OUT

finish
