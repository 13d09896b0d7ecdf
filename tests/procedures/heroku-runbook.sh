#!/bin/sh
# heroku-runbook.sh - a team that ships to Heroku straight from the pull
# request: the branch must be up to date with master and CI green; they
# snapshot the production database, restore it into the QA app, push the
# branch there and test; then they push the PR's branch to production
# (before merging) inside the working-hours window; a rollback is a
# migration rollback or a backup restore, and redeploying master.
# Played with their policy, their PRs, the fake GitHub server and real
# pushes through the pre-push hook into bare repositories.
. "$(dirname "$0")/lib.sh"

repo production qa
git -C "$W" checkout -q -b estimate
commit "delivery estimate"
EST=$SHA
MASTER=$(git -C "$W" rev-parse master)
cat >"$W/.prgate.json" <<'JSON'
{
  "reviews": {"leads": ["bob", "carol"], "ops": ["dave"]},
  "ci": {"required": ["test"]},
  "window": {"timezone": "Europe/Ljubljana",
             "days": ["mon", "tue", "wed", "thu", "fri"],
             "start": "08:00", "end": "17:00"},
  "deploy": {"remotes": ["production"], "branches": ["master"]},
  "checklist": {
    "vars": {"app": "shop", "qa_app": "shop-qa"},
    "before": ["heroku pg:backups:capture -a {app}"],
    "staging": ["heroku pg:copy {app}::DATABASE_URL DATABASE_URL -a {qa_app} --confirm {qa_app}",
                "git push -f qa {branch}:master"],
    "verify": ["heroku logs -t -a {app}"],
    "rollback": ["heroku pg:backups:restore -a {app} --confirm {app}",
                 "git push -f production master:master"]
  }
}
JSON
(cd "$W" && git add .prgate.json && git commit -qm policy) || exit 2
EST=$(git -C "$W" rev-parse HEAD)

# The author's description, as the runbook asks for it.
cat >"$tmp/good.md" <<'MD'
## Solution

Show the delivery estimate at checkout, from the warehouse's cut-off time.

**Original issue and supporting materials**: #482
**Downsides**: None

## Roll-out plan

**Deployment risks**: the estimate may be a day off around holidays
**Deployment assistants**: @dave
**Backing services related changes**: PostgreSQL: a new column `orders.estimate`
**Backuping steps**: `heroku pg:backups:capture -a shop`

**Deployment steps**:

- [ ] Push the branch to production: `git push production estimate:master`
- [ ] Run the migration: `heroku run rails db:migrate -a shop`

## Verification plan

- [ ] Put an item in the cart and check the estimate shows

## Rollback strategy

Run the down migration (`heroku run rails db:rollback -a shop`); if the
data is damaged, restore the backup; then redeploy master.
MD
MIGRATION=db/migrate/20261120_add_estimate.rb:@$tmp/add.patch
printf '@@ -0,0 +1,1 @@\n+add_column :orders, :estimate, :date\n' >"$tmp/add.patch"
TUE=2026-11-24T10:00:00+01:00

step="lint the description"
cp "$tmp/good.md" "$W/body.md"
run lint body.md
status 0
same "$tmp/out" <<'OUT'
body.md: GO: 0 errors, 0 warnings
OUT

step="the branch is behind master"
pr behind title="Delivery estimate" branch=estimate body=@"$tmp/good.md" behind=2 \
	reviews=bob:APPROVED files="$MIGRATION"
run check 479 --api-url "$URL" --at $TUE
status 1
has "$tmp/out" <<'OUT'
  FAIL  behind-base        2 commits behind master: merge master into estimate first
hub4j-test-org/github-api#479: NO-GO: 1 error, 0 warnings
OUT

step="CI still running"
pr running title="Delivery estimate" branch=estimate body=@"$tmp/good.md" ci=test:running \
	files="$MIGRATION"
run check 479 --api-url "$URL" --at $TUE
status 1
has "$tmp/out" <<'OUT'
  wait  ci                 CI: 'test' is still running (1 of 1 pending) (https://github.com/hub4j-test-org/github-api/runs/1000)
OUT

step="CI red"
pr red title="Delivery estimate" branch=estimate body=@"$tmp/good.md" ci=test:failure \
	files="$MIGRATION"
run check 479 --api-url "$URL" --at $TUE
status 1
has "$tmp/out" <<'OUT'
  FAIL  ci                 CI: 'test' failed (https://github.com/hub4j-test-org/github-api/runs/1000)
hub4j-test-org/github-api#479: NO-GO: 1 error, 0 warnings
OUT

step="up to date and green: GO"
pr go base=hook title="Delivery estimate" branch=estimate body=@"$tmp/good.md" \
	files="$MIGRATION"
run check 479 --api-url "$URL" --at $TUE
status 0
has "$tmp/out" <<'OUT'
  pass  behind-base        up to date with master
  pass  approvals          1 of 1 from leads (bob); 1 approval in all
  pass  ci                 the 1 check passed
  pass  window             open until 17:00 CET (7 h)
hub4j-test-org/github-api#479: GO: 0 errors, 0 warnings; the clock changes this at 2026-11-24T16:00:00Z
OUT

step="the checklist: snapshot, restore to QA, push there, test"
run checklist 479 --api-url "$URL"
status 0
has "$tmp/out" <<'OUT'
- [ ] `heroku pg:backups:capture -a shop`
- [ ] `heroku pg:copy shop::DATABASE_URL DATABASE_URL -a shop-qa --confirm shop-qa`
- [ ] `git push -f qa estimate:master`
- [ ] `heroku logs -t -a shop`
- [ ] `heroku pg:backups:restore -a shop --confirm shop`
OUT

step="push to QA: not a deploy target, nobody is asked"
(cd "$W" && "$PRGATE" hook install) >/dev/null 2>&1 || fail "hook install"
: >"$FAKEGH_LOG"
push -f qa estimate:master
status 0
check "qa has the branch" [ "$(remote_sha qa)" = "$EST" ]
check "GitHub not asked" [ "$(fakegh_requests | wc -l)" = 0 ]

step="deploy the branch after 17:00 on Friday: blocked"
PRGATE_AT=2026-11-27T17:30:00+01:00 push production estimate:master
check "git fails" [ "$st" != 0 ]
check "production unchanged" [ "$(remote_sha production)" = "$MASTER" ]
has "$tmp/out" <<'OUT'
  FAIL  window             closed — next opens Mon 08:00 CET
hub4j-test-org/github-api#479: NO-GO: 1 error, 0 warnings; the clock changes this at 2026-11-30T07:00:00Z
prgate: push to production/master blocked: NO-GO
OUT

step="deploy the branch on Tuesday morning: GO"
PRGATE_AT=$TUE push production estimate:master
status 0
check "production runs the branch" [ "$(remote_sha production)" = "$EST" ]
has "$tmp/out" <<'OUT'
hub4j-test-org/github-api#479: GO: 0 errors, 0 warnings; the clock changes this at 2026-11-24T16:00:00Z
OUT
same "$W/.git/prgate/deploys.jsonl" <<JSONL
{"time": "2026-11-24T09:00:00Z", "remote": "production", "ref": "refs/heads/master", "old_sha": "$MASTER", "new_sha": "$EST", "pr": "hub4j-test-org/github-api#479", "verdict": "go"}
JSONL

step="rollback: redeploy master"
# pending: the hook lets the rollback the checklist prints
# (git push -f production master:master) through without PRGATE_SKIP
PRGATE_AT=$TUE PRGATE_SKIP="rollback: estimate wrong" push -f production master:master
status 0
check "production back on master" [ "$(remote_sha production)" = "$MASTER" ]
has "$tmp/out" <<'OUT'
prgate: push to production/master not checked (PRGATE_SKIP): rollback: estimate wrong
OUT

step="a migration that drops a column, the rollback keeps the data"
sed -e 's/a new column `orders.estimate`/drops the column `orders.legacy_estimate`/' \
	-e '/^Run the down migration/,$d' "$tmp/good.md" >"$tmp/drop.md"
echo "Redeploy master; the data stays where it is." >>"$tmp/drop.md"
printf '@@ -0,0 +1,1 @@\n+remove_column :orders, :legacy_estimate\n' >"$tmp/drop.patch"
pr drop title="Drop legacy estimate" body=@"$tmp/drop.md" \
	files="db/migrate/20261121_drop_legacy.rb:@$tmp/drop.patch"
run check 479 --api-url "$URL" --at $TUE
status 1
has "$tmp/out" <<'OUT'
hub4j-test-org/github-api#479:24:1: error: backing services change (line 12) drops data: 'Rollback strategy' must say how the dropped data (from a backup or snapshot) is restored [backup-required]
hub4j-test-org/github-api#479: NO-GO: 1 error, 0 warnings
OUT

step="a migration with nobody from ops on hand"
sed 's/^\*\*Deployment assistants\*\*: @dave/**Deployment assistants**: @bob/' \
	"$tmp/good.md" >"$tmp/noops.md"
pr noops title="Delivery estimate" branch=estimate body=@"$tmp/noops.md" files="$MIGRATION"
run check 479 --api-url "$URL" --at $TUE
status 1
has "$tmp/out" <<'OUT'
hub4j-test-org/github-api#479:11:1: error: backing services change (line 12): @bob is not on the ops list (@dave) [assistant-required]
OUT

finish
