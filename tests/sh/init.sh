#!/bin/sh
# init.sh - `prgate init`: what it writes (at the repository's root, with
# the zone and window asked for, keeping an existing template), that the
# result lints as intended, and that it refuses to overwrite without
# --force. Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
PRGATE=${PRGATE:-$(pwd)/prgate}
top=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
check() {
	name=$1
	shift
	if "$@"; then passed=$((passed + 1)); else
		failed=$((failed + 1))
		echo "FAIL $name"
	fi
}

cd "$tmp" || exit 2
"$PRGATE" init >out 2>err
check "init: exit 0" [ $? = 0 ]
check "init: says what it wrote and the window" [ "$(cat out)" = "wrote .github/pull_request_template.md
wrote .prgate.json
deploys allowed mon-fri 08:00-17:00 UTC (change it with --window and --timezone, or in .prgate.json)" ]
check "init: quiet on stderr" [ ! -s err ]
"$PRGATE" template basic >basic.md
check "init: the basic template" cmp -s basic.md .github/pull_request_template.md
# the starter config with this machine's zone (the suite runs with TZ=UTC)
sed 's|"timezone": "Europe/Ljubljana"|"timezone": "UTC"|' \
	"$top/templates/starter-config.json" >starter-utc.json
check "init: the starter config in this machine's zone" cmp -s starter-utc.json .prgate.json

# the starter config uses the template as schema: the template itself is
# unfilled, the filled-in simple example passes
"$PRGATE" lint .github/pull_request_template.md >out 2>&1
check "lint template: NO-GO" [ $? = 1 ]
check "lint template: its placeholders" [ "$(tail -n 1 out)" = ".github/pull_request_template.md: NO-GO: 12 errors, 0 warnings" ]
cp "$top/templates/simple.md" body.md
"$PRGATE" lint body.md >out 2>&1
check "lint simple with the starter config: GO" [ "$(cat out)" = "body.md: GO: 0 errors, 0 warnings" ]

printf 'mine\n' >.prgate.json
"$PRGATE" init >out 2>err
check "again: refused" [ $? = 2 ]
check "again: message" [ "$(cat err)" = "prgate: error: '.prgate.json' already exists (use --force to overwrite it); nothing written" ]
check "again: nothing written" [ "$(cat .prgate.json)" = mine ]

"$PRGATE" init --force --template simple >out 2>err
check "force: exit 0" [ $? = 0 ]
"$PRGATE" template simple >simple.md
check "force: the simple template" cmp -s simple.md .github/pull_request_template.md
check "force: the starter config again" cmp -s starter-utc.json .prgate.json

"$PRGATE" init --template nope >out 2>err
check "unknown template: exit 2" [ $? = 2 ]
check "unknown template: message" [ "$(cat err)" = "prgate: error: no template 'nope' (see 'prgate template --list')" ]

# --timezone and --window fill the window; run from a subfolder of a git
# repository, init writes at its root and says so
mkdir "$tmp/repo" && cd "$tmp/repo" && git init -q && mkdir -p app/src &&
	cd app/src || exit 2
"$PRGATE" init --timezone America/New_York --window 'mon,wed-thu 09:30-16:00' >out 2>err
check "window: exit 0" [ $? = 0 ]
check "window: says where and what" [ "$(cat out)" = "in $tmp/repo (the repository's root)
wrote .github/pull_request_template.md
wrote .prgate.json
deploys allowed mon,wed-thu 09:30-16:00 America/New_York (change it with --window and --timezone, or in .prgate.json)" ]
check "window: nothing in the subfolder" [ ! -e .github ] && [ ! -e .prgate.json ]
check "window: the zone, days and hours" [ "$(grep -A2 '"window"' "$tmp/repo/.prgate.json")" = '  "window": {"timezone": "America/New_York",
             "days": ["mon", "wed", "thu"],
             "start": "09:30", "end": "16:00"},' ]
cd "$tmp/repo" || exit 2
printf '## Solution\n\nx\n' | "$PRGATE" lint --format json >/dev/null 2>err
check "window: the written policy loads" [ ! -s err ]

# an existing template, any case, in docs/: kept and made the schema
mkdir "$tmp/repo2" && cd "$tmp/repo2" && git init -q && mkdir docs || exit 2
printf '## What\n\nSay what.\n\n## Rollback plan\n\nSay how.\n' >docs/PULL_REQUEST_TEMPLATE.md
cp docs/PULL_REQUEST_TEMPLATE.md mine.md
"$PRGATE" init --window off >out 2>err
check "existing: exit 0" [ $? = 0 ]
check "existing: kept, and said" [ "$(cat out)" = "kept docs/PULL_REQUEST_TEMPLATE.md (the policy's template)
wrote .prgate.json
no deployment window (the window rule is off in .prgate.json)" ]
check "existing: unchanged" cmp -s mine.md docs/PULL_REQUEST_TEMPLATE.md
check "existing: no second template" [ ! -e .github ]
check "existing: the policy names it" [ "$(grep -c '"template": "docs/PULL_REQUEST_TEMPLATE.md"' .prgate.json)" = 1 ]
check "window off: the rule is off" [ "$(grep -c '"window": "off"' .prgate.json)" = 1 ]
printf '## What\n\nSay what.\n\n## Rollback plan\n\nRevert the commit.\n' >pr.md
"$PRGATE" lint pr.md >out 2>&1
check "existing: its prompt is unfilled" [ "$(cat out)" = "pr.md:3:1: error: the template's prompt \"Say what.\" in 'What' is unchanged [placeholder]
pr.md: NO-GO: 1 error, 0 warnings" ]

# bad values: nothing written
mkdir "$tmp/repo3" && cd "$tmp/repo3" || exit 2
out=$tmp/out
err=$tmp/err
"$PRGATE" init --timezone Mars/Olympus >"$out" 2>"$err"
check "bad zone: exit 2" [ $? = 2 ]
check "bad zone: message" [ "$(head -n 1 "$err")" = "prgate: error: unknown time zone 'Mars/Olympus' (not in the system zone database; e.g. Europe/Ljubljana, America/New_York)" ]
"$PRGATE" init --window 'weekdays 8-17' >"$out" 2>"$err"
check "bad window: exit 2" [ $? = 2 ]
check "bad window: message" [ "$(head -n 1 "$err")" = "prgate: error: --window wants DAYS START-END, such as 'mon-fri 08:00-17:00', or 'off'; not 'weekdays 8-17'" ]
check "bad values: nothing written" [ -z "$(ls -A)" ]

echo "$passed passed, $failed failed"
