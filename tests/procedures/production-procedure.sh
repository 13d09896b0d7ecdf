#!/bin/sh
# production-procedure.sh - a school's production procedure: carol must
# approve every release, and one of bob or dave a release with downtime;
# production must be under 15k requests per minute (New Relic); release
# notes the PR depends on must be closed first; a downtime is announced
# 72 hours ahead (in Eastern time) and never starts during live teaching
# (09:00-17:00 on weekdays), database migrations go out only after
# teaching hours; the site goes into maintenance mode for a downtime; the
# production SHA is noted before the push and a rollback force-pushes it.
. "$(dirname "$0")/lib.sh"

repo production
commit "timetable export"
NEW=$SHA
OLD=$(git -C "$W" rev-parse HEAD~1)
export NEW_RELIC_KEY=nr-key
# the policy names the monitoring API, on the fake server: written again
# after every (re)start of the server
policy() {
	cat >"$W/.prgate.json" <<JSON
{
  "reviews": {"leads": ["bob", "carol"],
              "required_approvers": ["carol",
                {"any_of": ["bob", "dave"], "when": {"downtime": true}}],
              "ops": ["dave"]},
  "ci": {"required": ["test"]},
  "window": {"timezone": "America/New_York",
             "days": ["mon", "tue", "wed", "thu", "fri"],
             "start": "09:00", "end": "21:00"},
  "windows": [{"when": {"paths": ["migrations/*"]},
               "days": ["mon", "tue", "wed", "thu", "fri"],
               "start": "17:00", "end": "21:00"}],
  "downtime": {"notice_hours": 72,
               "blackout": [{"days": ["mon", "tue", "wed", "thu", "fri"],
                             "start": "09:00", "end": "17:00"}]},
  "metrics": [{"name": "throughput",
               "url": "$URL/v2/applications/7/metrics/data.json?names[]=HttpDispatcher&values[]=requests_per_minute&summarize=true",
               "headers": ["X-Api-Key: \${NEW_RELIC_KEY}"],
               "pointer": "/metric_data/metrics/0/timeslices/0/values/requests_per_minute",
               "below": 15000}],
  "deploy": {"remotes": ["production"], "branches": ["master"]},
  "checklist": {
    "maintenance_on": ["heroku maintenance:on -a school"],
    "maintenance_off": ["heroku maintenance:off -a school"]
  }
}
JSON
}
# pr + policy
prp() {
	pr "$@"
	policy
}

cat >"$tmp/good.md" <<'MD'
## Solution

Export the timetable as iCalendar. Depends on #12 (the release note).

**Original issue and supporting materials**: #9
**Downsides**: None

## Roll-out plan

**Deployment risks**: the calendar cache is rebuilt
**Deployment assistants**: None
**Backing services related changes**: None
**Backuping steps**: None

**Deployment steps**:

- [ ] Deploy master

## Downtime

**Start**: 2026-12-10 18:00 ET
**Length**: 30 min
**Nature**: calendar cache rebuild
**Affected**: students and teachers using the timetable
**What users see**: the maintenance page

## Verification plan

- [ ] Subscribe to a class calendar and check the next lesson shows

## Rollback strategy

Force-push the production SHA noted before the deploy.
MD
cp "$tmp/good.md" "$W/body.md"
# Tuesday 2026-12-08 17:30 in New York: after teaching, inside the window
TUE=2026-12-08T17:30:00-05:00
GOOD="title=Timetable\ export"

step="lint: a downtime notice in Eastern time"
policy
run lint body.md
status 0
same "$tmp/out" <<'OUT'
body.md: GO: 0 errors, 0 warnings
OUT

step="lint: EDT in December"
sed 's/18:00 ET$/18:00 EDT/' "$tmp/good.md" >"$W/edt.md"
run lint edt.md
status 1
same "$tmp/out" <<'OUT'
edt.md:21:1: error: downtime start "2026-12-10 18:00 EDT": EDT is not in effect on 2026-12-10 in America/New_York (EST is; write EST, an offset such as -05:00, or a zone such as America/New_York) [downtime-notice]
edt.md: NO-GO: 1 error, 0 warnings
OUT

step="the release note is still open, carol has not approved"
prp open title="Timetable export" body=@"$tmp/good.md" labels=downtime \
	created_at=2026-12-04T12:00:00Z reviews=bob:APPROVED deps=12:open rpm=9000
run check 479 --api-url "$URL" --at $TUE
status 1
has "$tmp/out" <<'OUT'
  FAIL  dependencies       depends on #12 (open issue)
  FAIL  approvals          carol must approve
  pass  window             open until 21:00 EST (3 h 30 min)
  pass  metric             throughput 9000 (below 15000)
hub4j-test-org/github-api#479: NO-GO: 2 errors, 0 warnings
OUT

step="downtime: carol alone is not enough"
prp carol title="Timetable export" body=@"$tmp/good.md" labels=downtime \
	created_at=2026-12-04T12:00:00Z reviews=carol:APPROVED deps=12:closed rpm=9000
run check 479 --api-url "$URL" --at $TUE
status 1
has "$tmp/out" <<'OUT'
  FAIL  approvals          bob or dave must approve (the deploy has downtime)
hub4j-test-org/github-api#479: NO-GO: 1 error, 0 warnings
OUT

step="production is too busy"
prp busy title="Timetable export" body=@"$tmp/good.md" labels=downtime \
	created_at=2026-12-04T12:00:00Z reviews=carol:APPROVED,dave:APPROVED \
	deps=12:closed rpm=15000
run check 479 --api-url "$URL" --at $TUE
status 1
has "$tmp/out" <<'OUT'
  FAIL  metric             throughput is 15000, not below 15000
hub4j-test-org/github-api#479: NO-GO: 1 error, 0 warnings
OUT

step="the notice came too late"
prp late title="Timetable export" body=@"$tmp/good.md" labels=downtime \
	created_at=2026-12-08T12:00:00Z reviews=carol:APPROVED,dave:APPROVED \
	deps=12:closed rpm=9000
run check 479 --api-url "$URL" --at $TUE
status 1
has "$tmp/out" <<'OUT'
hub4j-test-org/github-api#479:21:1: error: downtime announced 2 d 11 h before its start; the policy asks for 72 h [downtime-notice]
OUT

step="a downtime during live teaching"
sed 's/18:00 ET$/10:00 ET/' "$tmp/good.md" >"$tmp/teaching.md"
prp teaching title="Timetable export" body=@"$tmp/teaching.md" labels=downtime \
	created_at=2026-12-04T12:00:00Z reviews=carol:APPROVED,dave:APPROVED \
	deps=12:closed rpm=9000
run check 479 --api-url "$URL" --at $TUE
status 1
has "$tmp/out" <<'OUT'
hub4j-test-org/github-api#479:21:1: error: downtime starts at Thu 10:00 EST, inside the blackout hours (mon-fri 09:00-17:00) [downtime-notice]
OUT

step="everything in order: GO, with maintenance mode in the checklist"
prp go base=hook title="Timetable export" body=@"$tmp/good.md" labels=downtime \
	created_at=2026-12-04T12:00:00Z reviews=carol:APPROVED,dave:APPROVED \
	deps=12:closed rpm=9000
run check 479 --api-url "$URL" --at $TUE
status 0
has "$tmp/out" <<'OUT'
  pass  dependencies       dependency #12 is done
  pass  approvals          1 of 1 from leads (carol); 2 approvals in all; carol approved as required; dave approved as required (the deploy has downtime)
  pass  metric             throughput 9000 (below 15000)
hub4j-test-org/github-api#479: GO: 0 errors, 0 warnings; the clock changes this at 2026-12-09T02:00:00Z
OUT
run checklist 479 --api-url "$URL"
status 0
sed -n '/^### Deploy/,/^### Verify/p' "$tmp/out" >"$tmp/deploy"
same "$tmp/deploy" <<'OUT'
### Deploy

- [ ] Turn maintenance mode on
- [ ] `heroku maintenance:on -a school`
- [ ] Deploy master
- [ ] Turn maintenance mode off
- [ ] `heroku maintenance:off -a school`

### Verify
OUT

step="deploy: the hook notes the production SHA"
(cd "$W" && "$PRGATE" hook install) >/dev/null 2>&1 || fail "hook install"
PRGATE_AT=$TUE push production master:master
status 0
check "production runs the release" [ "$(remote_sha production)" = "$NEW" ]
same "$W/.git/prgate/deploys.jsonl" <<JSONL
{"time": "2026-12-08T22:30:00Z", "remote": "production", "ref": "refs/heads/master", "old_sha": "$OLD", "new_sha": "$NEW", "pr": "hub4j-test-org/github-api#479", "verdict": "go"}
JSONL

step="rollback: force-push the noted SHA"
# pending: the hook lets the rollback it printed (git push -f production
# OLD:master) through without PRGATE_SKIP
PRGATE_AT=$TUE PRGATE_SKIP="rollback: calendars empty" push -f production "$OLD:master"
status 0
check "production back on the noted SHA" [ "$(remote_sha production)" = "$OLD" ]

step="a migration during teaching hours waits for 17:00"
sed -e 's/^\*\*Deployment assistants\*\*: None/**Deployment assistants**: dave I will need your assistance/' \
	-e 's/^\*\*Backing services related changes\*\*: None/**Backing services related changes**: PostgreSQL: a new table `calendar_feeds`/' \
	-e 's/^\*\*Backuping steps\*\*: None/**Backuping steps**: `heroku pg:backups:capture -a school`/' \
	-e 's/^Force-push the production SHA noted before the deploy./Run the down migration or restore the backup, then force-push the production SHA noted before the deploy./' \
	"$tmp/good.md" >"$tmp/migration.md"
prp migration title="Timetable export" body=@"$tmp/migration.md" labels=downtime \
	created_at=2026-12-04T12:00:00Z reviews=carol:APPROVED,dave:APPROVED \
	deps=12:closed rpm=9000 files=migrations/0007_ical.py
run check 479 --api-url "$URL" --at 2026-12-08T14:00:00-05:00
status 1
has "$tmp/out" <<'OUT'
  FAIL  window             closed — next opens Tue 17:00 EST (the window when the PR changes migrations/*)
hub4j-test-org/github-api#479: NO-GO: 1 error, 0 warnings; the clock changes this at 2026-12-08T22:00:00Z
OUT
run check 479 --api-url "$URL" --at $TUE
status 0

finish
