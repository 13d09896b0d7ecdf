#!/bin/sh
# cli.sh - the command line's rough edges: a mistyped command, option or
# rule id gets "did you mean", a missing value is named, lint and
# checklist on a terminal with nothing piped in say so instead of
# waiting, rules shows the policy's severities. Ends with
# "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
PRGATE=${PRGATE:-$(pwd)/prgate}
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
# run ARGS...: stdout in $tmp/out, stderr in $tmp/err, status in $rc
run() {
	"$PRGATE" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
}

run chek 12
check "command typo: exit 2" [ $rc = 2 ]
check "command typo: did you mean" [ "$(cat "$tmp/err")" = "prgate: error: 'chek' is not a prgate command (did you mean 'check'?)" ]
run frobnicate
check "unknown command: exit 2" [ $rc = 2 ]
check "unknown command: named, then the usage" [ "$(head -n 2 "$tmp/err")" = "prgate: error: 'frobnicate' is not a prgate command
usage: prgate <command> [options]" ]

run lint --titel WIP body.md
check "option typo: exit 2" [ $rc = 2 ]
check "option typo: did you mean" [ "$(cat "$tmp/err")" = "prgate: error: unknown option '--titel' (did you mean '--title'?)
see 'prgate lint --help'" ]
run check --deployr bob 12
check "check option typo" [ "$(head -n 1 "$tmp/err")" = "prgate: error: unknown option '--deployr' (did you mean '--deployer'?)" ]
run lint --config
check "missing value: exit 2" [ $rc = 2 ]
check "missing value: named" [ "$(head -n 1 "$tmp/err")" = "prgate: error: option '--config' needs a value" ]
run lint --help=yes
check "unwanted value" [ "$(head -n 1 "$tmp/err")" = "prgate: error: option '--help' takes no value" ]
run lint -q
check "unknown short option" [ "$(head -n 1 "$tmp/err")" = "prgate: error: unknown option '-q'" ]
run hook pre-push --frob
check "hook option: exit 2" [ $rc = 2 ]
check "hook option: named" [ "$(head -n 1 "$tmp/err")" = "prgate: error: unknown option '--frob'" ]
check "no getopt noise" [ "$(grep -c 'unrecognized' "$tmp/err")" = 0 ]

# rules: a rule id typo, --config, the policy's severities
run rules wipp
check "rule typo: exit 2" [ $rc = 2 ]
check "rule typo: did you mean" [ "$(cat "$tmp/err")" = "prgate: error: unknown rule 'wipp' (did you mean 'wip'?)" ]
printf '{"rules": {"wip": "warning", "issue-link": "off"}}\n' >"$tmp/p.json"
run rules --config "$tmp/p.json"
check "rules --config: exit 0" [ $rc = 0 ]
check "rules --config: a changed severity is marked" [ "$(grep '^wip ' "$tmp/out")" = "wip                  warning  lint   the PR is marked work in progress ([WIP] title or body note) (policy)" ]
check "rules --config: off is shown" [ "$(grep -c '^issue-link  *off .*(policy)$' "$tmp/out")" = 1 ]
check "rules --config: unchanged ones are not marked" [ "$(grep -c '(policy)$' "$tmp/out")" = 2 ]
run rules --config "$tmp/p.json" wip
check "rules ID --config: says both" [ "$(head -n 1 "$tmp/out")" = "wip (warning in this policy; default: error)" ]
run rules
check "rules: built-in severities" [ "$(grep -c '(policy)$' "$tmp/out")" = 0 ]

# nothing piped in on a terminal: say so, don't wait (script(1) gives
# the command a terminal; it is in util-linux, part of every Debian)
if command -v script >/dev/null 2>&1; then
	script -qec "$PRGATE lint" /dev/null >"$tmp/tty" 2>&1
	check "lint on a terminal: exit 2" [ $? = 2 ]
	check "lint on a terminal: says what to do" [ "$(head -n 1 "$tmp/tty" | tr -d '\r')" = "prgate: error: no description to lint: name a FILE, pipe one in, or give '-' to type it" ]
	script -qec "$PRGATE checklist" /dev/null >"$tmp/tty" 2>&1
	check "checklist on a terminal: exit 2" [ $? = 2 ]
	check "checklist on a terminal: says what to do" [ "$(head -n 1 "$tmp/tty" | tr -d '\r')" = "prgate: error: no description: name a FILE or a PR, pipe one in, or give '-' to type it" ]
else
	echo "cli.sh: terminal cases skipped: script(1) is missing"
fi
# a pipe is still read as before
printf '## Solution\n\nWIP\n' | "$PRGATE" lint >"$tmp/out" 2>&1
check "lint from a pipe: read" [ "$(tail -n 1 "$tmp/out")" = "<stdin>: NO-GO: 10 errors, 0 warnings" ]

# policy: check it, print what is in effect and where each value is from
run policy
check "policy built-in: exit 0" [ $rc = 0 ]
check "policy built-in: says so" [ "$(head -n 1 "$tmp/out")" = "// The policy in effect: prgate's built-in policy." ]
check "policy built-in: a value and its origin" [ "$(grep '^    "remotes"' "$tmp/out")" = '    "remotes": ["production"],                   // built-in' ]
cat >"$tmp/team.json" <<'JSON'
// the team's policy
{
  "reviews": {"leads": ["@alice", "bob"],
              "min_approvals": 2},
  "template": "tpl.md"
}
JSON
printf '## What\n\nSay what.\n' >"$tmp/tpl.md"
run policy --config "$tmp/team.json"
check "policy file: exit 0" [ $rc = 0 ]
check "policy file: names it" [ "$(head -n 1 "$tmp/out")" = "// The policy in effect: prgate's built-in policy with $tmp/team.json on top." ]
check "policy file: the object's own keys, with their lines" [ "$(sed -n '/^  "reviews"/,/^  }/p' "$tmp/out" | sed 's/  *\/\//  \/\//')" = "  \"reviews\": {  // $tmp/team.json:3
    \"leads\": [\"@alice\", \"bob\"],  // $tmp/team.json:3
    \"min_approvals\": 2,  // $tmp/team.json:4
    \"leads_quorum\": 0.5,  // built-in
    \"required_approvers\": [],  // built-in
    \"ops\": [],  // built-in
    \"dismiss_stale\": false,  // built-in
    \"associations\": [\"OWNER\", \"MEMBER\", \"COLLABORATOR\"]  // built-in
  }," ]
check "policy file: a key only the file has" [ "$(grep '^  "template"' "$tmp/out" | sed 's/  *\/\//  \/\//')" = "  \"template\": \"tpl.md\"  // $tmp/team.json:5" ]
# the output is itself a valid policy that says the same
cp "$tmp/out" "$tmp/effective.json"
run policy --config "$tmp/effective.json"
check "policy round trip: loads" [ $rc = 0 ]
sed '1d; s|  *//.*||' "$tmp/effective.json" >"$tmp/a"
sed '1d; s|  *//.*||' "$tmp/out" >"$tmp/b"
check "policy round trip: the same values" cmp -s "$tmp/a" "$tmp/b"
printf '{"reviews": {"min_aprovals": 2}}\n' >"$tmp/bad.json"
run policy --config "$tmp/bad.json"
check "policy invalid: exit 2" [ $rc = 2 ]
check "policy invalid: names the place" [ "$(cat "$tmp/err")" = "prgate: error: $tmp/bad.json:1:14: unknown key \"min_aprovals\" in \"reviews\" (did you mean \"min_approvals\"?)" ]
check "policy invalid: prints no policy" [ ! -s "$tmp/out" ]

# check --help: where the token comes from (the gh CLI's login too), that
# pending is NO-GO, and every GitHub Actions event it decides
run check --help
check "check --help: exit 0" [ $rc = 0 ]
check "check --help: the token, gh auth token" [ "$(sed -n '/^The token comes from/,/never printed\.$/p' "$tmp/out")" = 'The token comes from $PRGATE_TOKEN, $GITHUB_TOKEN or $GH_TOKEN, else
from `gh auth token` when the GitHub CLI is installed and logged in
(public repositories work without one); it is never printed.' ]
check "check --help: pending is NO-GO" [ "$(tail -n 2 "$tmp/out")" = "Exit: 0 GO, 1 NO-GO (a check failed or is still pending: CI running,
no CI yet), 2 usage or config error, 3 could not decide." ]
# the events integrations/comment.c decides, in --help, the man page and
# the README's bot section
events="pull_request pull_request_target pull_request_review
pull_request_review_comment issue_comment merge_group schedule check_suite
workflow_run push workflow_dispatch deployment"
for e in $events; do
	check "check --help names the event $e" grep -qw -- "$e" "$tmp/out"
	check "prgate.1 names the event $e" grep -qw -- "$e" doc/prgate.1
	check "README's bot section names the event $e" sh -c "sed -n '/^## CI comment bot/,/^## Pre-push hook/p' README.md | grep -qw -- '\`$e\`'"
done
# the Actions files and variables the bot reads and writes, in the man
# page's ENVIRONMENT
for v in GITHUB_ACTIONS GITHUB_EVENT_NAME GITHUB_EVENT_PATH GITHUB_RUN_ID \
	GITHUB_STEP_SUMMARY GITHUB_OUTPUT GITHUB_REPOSITORY GITHUB_SHA \
	GITHUB_ACTOR GITHUB_SERVER_URL; do
	check "prgate.1 ENVIRONMENT names $v" sh -c "sed -n '/^\.SH ENVIRONMENT/,/^\.SH LIMITS/p' doc/prgate.1 | grep -q '^\.B.* $v\( \|\$\)'"
done
check "prgate.1: the gh auth token fallback" grep -q 'gh auth token' doc/prgate.1
# every option a command's --help names is in the man page (as man(7)
# writes it: \-\-name)
for c in lint check checklist template init rules policy "hook pre-push"; do
	# shellcheck disable=SC2086
	for o in $("$PRGATE" $c --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		check "prgate.1 names $c's $o" grep -qF -- "$(echo "$o" | sed 's/-/\\-/g')" doc/prgate.1
	done
done
run hook pre-push --help
check "hook pre-push --help: the token, gh auth token" grep -q 'else `gh auth token`' "$tmp/out"

# lint over many files: each file is reported as it is done, so memory
# does not grow with the number of files (it kept every body and result
# until the end: 340 MiB for 20,000 files)
python3 - "$tmp/many" <<'PYEOF'
import os, sys
d = sys.argv[1]
os.makedirs(d)
body = open("examples/not-ready.md").read()
pad = "\n<!-- " + "x" * 60000 + " -->\n"
for i in range(600):
    open(os.path.join(d, "pr%03d.md" % i), "w").write(body + pad)
PYEOF
# peak heap in KiB (valgrind's massif): the heap alone, so neither the
# process's start-up nor how the kernel counts resident pages can blur it
peak() {
	for try in 1 2; do
		rm -f "$tmp/ms"
		PRGATE_NO_JIT=1 valgrind --tool=massif \
			--massif-out-file="$tmp/ms" "$@" >/dev/null 2>"$tmp/ms.err"
		[ -s "$tmp/ms" ] && break
		# no profile written: say why (valgrind's own words)
		sed "s/^/  valgrind (try $try): /" "$tmp/ms.err" | grep -v '^.*== *$' | tail -n 5 >&2
	done
	awk -F= '/^mem_heap_B=/ { if ($2 + 0 > m) m = $2 + 0 }
		END { print int(m / 1024) }' "$tmp/ms" 2>/dev/null || echo 0
}
# FEW MANY: measured, and MANY within 1 MiB of FEW
heap_flat() { [ "$1" -gt 0 ] && [ $(($2 - $1)) -lt 1024 ]; }
if ldd "$PRGATE" 2>/dev/null | grep -q 'libasan'; then
	: # make check-asan: ASan's allocator is not malloc's, valgrind can't watch it
elif command -v valgrind >/dev/null 2>&1; then
	for fmt in text json markdown github; do
		few=$(peak "$PRGATE" lint --format $fmt "$tmp"/many/pr00*.md)
		many=$(peak "$PRGATE" lint --format $fmt "$tmp"/many/*.md)
		check "lint 600 files ($fmt): peak heap within 1 MiB of 10 files' ($few KiB, $many KiB)" \
			heap_flat "${few:-0}" "${many:-0}"
	done
else
	check "lint over many files: valgrind is installed (make deps)" false
fi

echo "cli.sh: $passed passed, $failed failed"
[ "$failed" = 0 ]
