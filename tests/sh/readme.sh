#!/bin/sh
# readme.sh - what README.md shows, run as a reader would run it:
#   - the "Try it without GitHub" block of "From zero to a gated deploy",
#     taken from the README as it is (the fenced block after the marker
#     "<!-- tests/sh/readme.sh runs this block -->") and run from the
#     repository root with this tree's prgate on PATH: init, the hook,
#     a real git push to a non-deploy and a deploy remote (blocked, GO,
#     GO, rollback), the deploy journal, the bot with Actions' variables
#     against the fake GitHub server;
#   - the sample output of `prgate rules ID`, byte for byte;
#   - the samples of `prgate lint` and `prgate checklist` up to their
#     "..." (the lines shown are the real output's first lines).
# Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/../.." || exit 2
top=$(pwd)
PRGATE=${PRGATE:-$top/prgate}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/readme-sh.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
export NO_COLOR=1 LC_ALL=C
unset PRGATE_TOKEN GITHUB_TOKEN GH_TOKEN GITHUB_ACTIONS GITHUB_EVENT_PATH \
	GITHUB_EVENT_NAME GITHUB_REPOSITORY GITHUB_ACTOR PRGATE_API_URL \
	GITHUB_STEP_SUMMARY GITHUB_OUTPUT GITHUB_SERVER_URL GITHUB_RUN_ID \
	GITHUB_API_URL PRGATE_AT PRGATE_SKIP PRGATE_HOOK_UNDECIDED \
	http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
passed=0
failed=0
name=setup

pass() {
	passed=$((passed + 1))
}

fail() {
	failed=$((failed + 1))
	echo "FAIL $name: $*"
}

# same NAME WANT GOT
same() {
	name=$1
	if [ "$2" = "$3" ]; then
		pass
	else
		fail "differs"
		printf '%s\n' "$2" >"$tmp/want"
		printf '%s\n' "$3" >"$tmp/got"
		diff -u "$tmp/want" "$tmp/got" | sed -n '3,40p'
	fi
}

# block MARKER-LINE: the fenced block that follows the line, fences off
block() {
	awk -v m="$1" '
		$0 == m { found = 1; next }
		found && !open && /^```/ { open = 1; next }
		open && /^```$/ { exit }
		open { print }' README.md
}

# ---- the walkthrough ----
# (a failing step still stops the fake server the block starts)
echo 'trap '"'"'[ -z "${fakegh:-}" ] || kill "$fakegh" 2>/dev/null'"'"' EXIT' \
	>"$tmp/walk.sh"
block "<!-- tests/sh/readme.sh runs this block -->" >>"$tmp/walk.sh"
name=walkthrough-found
if [ "$(grep -c 'git push' "$tmp/walk.sh")" -ge 4 ]; then pass; else
	fail "no walkthrough block after the marker in README.md"
fi
# the git identity a reader has configured; this tree's prgate on PATH
mkdir -p "$tmp/bin" "$tmp/scratch" "$tmp/home"
ln -s "$PRGATE" "$tmp/bin/prgate"
HOME=$tmp/home TMPDIR=$tmp/scratch PATH=$tmp/bin:$PATH \
	GIT_AUTHOR_NAME=alice GIT_AUTHOR_EMAIL=alice@example.com \
	GIT_COMMITTER_NAME=alice GIT_COMMITTER_EMAIL=alice@example.com \
	GIT_CONFIG_NOSYSTEM=1 sh "$tmp/walk.sh" >"$tmp/walk.out" 2>&1
same walkthrough-exit 0 "$?"
work=$(ls -d "$tmp"/scratch/tmp.* 2>/dev/null | head -n 1)
out=$tmp/walk.out
same init-says "wrote .github/pull_request_template.md
wrote .prgate.json
deploys allowed mon-fri 08:00-17:00 UTC (change it with --window and --timezone, or in .prgate.json)" \
	"$(grep -e '^wrote ' -e '^deploys allowed' "$out")"
same hook-installed "installed prgate's pre-push hook in .git/hooks/pre-push" \
	"$(grep '^installed ' "$out")"
shop=$work/shop
same non-deploy-pushed "$(git -C "$shop" rev-parse HEAD~1)" \
	"$(git -C "$work/origin.git" rev-parse main 2>&1)"
same verdicts "NO-GO: 1 error, 0 warnings; the clock changes this at 2026-11-30T08:00:00Z
GO: 0 errors, 0 warnings; the clock changes this at 2026-11-25T17:00:00Z
GO: 0 errors, 0 warnings; the clock changes this at 2026-11-25T17:00:00Z" \
	"$(sed -n 's/^hub4j-test-org\/github-api#479: \(N*O*-*GO:\)/\1/p' "$out")"
same saturday-window "  FAIL  window             closed — next opens Mon 08:00 UTC" \
	"$(grep 'FAIL' "$out")"
same blocked "prgate: push to production/master blocked: NO-GO" \
	"$(grep 'blocked' "$out")"
first=$(git -C "$shop" rev-parse HEAD~1)
same rollback-printed "prgate: to roll back: git push -f production $first:master" \
	"$(grep '^prgate: to roll back' "$out")"
same rollback-done "prgate: push to production/master is a rollback to $(echo "$first" | cut -c1-7): production had it before the deploy of hub4j-test-org/github-api#479 at 2026-11-25T11:00:00Z; not gated" \
	"$(grep 'is a rollback' "$out")"
same production-at-rollback "$first" \
	"$(git -C "$work/production.git" rev-parse master 2>&1)"
same journal-verdicts "go
go
rollback" "$(sed 's/.*"verdict": "\([a-z]*\)".*/\1/' "$shop/.git/prgate/deploys.jsonl" 2>&1)"
same bot-says "prgate: created comment 1254853699 on hub4j-test-org/github-api#479
prgate: status prgate of hub4j-test-org/github-api#479 ($(git -C "$shop" rev-parse --short=7 HEAD)): success" \
	"$(grep -e '^prgate: created' -e '^prgate: status' "$out")"
same bot-outputs "verdict=go
expires_at=2026-11-25T17:00:00Z" "$(cat "$work/output.txt" 2>&1)"
name=bot-summary
if grep -q 'prgate' "$work/summary.md" 2>/dev/null; then pass; else
	fail "no job summary written"
fi
name=no-errors
if grep -v -e '^error: failed to push some refs' "$out" | grep -q 'error:'; then
	fail "the walkthrough printed an error:"
	grep 'error:' "$out" | sed -n '1,10p'
else
	pass
fi
[ "$failed" = 0 ] || sed -n '1,60p' "$out"

# ---- the samples ----
# sample COMMAND: the lines after "$ COMMAND" in README.md up to the
# block's end
sample() {
	awk -v m="\$ $1" '
		$0 == m { on = 1; next }
		on && /^```$/ { exit }
		on { print }' README.md
}
(cd "$tmp/scratch" && "$PRGATE" rules issue-link) >"$tmp/real" 2>&1
sample "./prgate rules issue-link" >"$tmp/shown"
name=rules-sample
if [ -s "$tmp/shown" ] && cmp -s "$tmp/shown" "$tmp/real"; then pass; else
	fail "README's 'prgate rules issue-link' is not the real output:"
	diff -u "$tmp/shown" "$tmp/real" | sed -n '3,30p'
fi
for cmd in './prgate lint --title "WIP: invoice export" examples/not-ready.md' \
	'./prgate checklist --set prev_sha=4f2a9c1 examples/ready.md'; do
	sample "$cmd" | sed '/^\.\.\.$/,$d' >"$tmp/shown"
	eval "$cmd" >"$tmp/real" 2>&1
	name="sample: $cmd"
	n=$(wc -l <"$tmp/shown")
	if [ "$n" -gt 0 ] && head -n "$n" "$tmp/real" | cmp -s - "$tmp/shown"; then
		pass
	else
		fail "its first $n lines are not the real output's:"
		head -n "$n" "$tmp/real" | diff -u "$tmp/shown" - | sed -n '3,30p'
	fi
done

echo "readme.sh: $passed passed, $failed failed"
[ "$failed" = 0 ]
