#!/bin/sh
# init.sh - `prgate init` in an empty repository: what it writes, that the
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
check "init: says what it wrote" [ "$(cat out)" = "wrote .github/pull_request_template.md
wrote .prgate.json" ]
check "init: quiet on stderr" [ ! -s err ]
"$PRGATE" template basic >basic.md
check "init: the basic template" cmp -s basic.md .github/pull_request_template.md
check "init: the starter config" cmp -s "$top/templates/starter-config.json" .prgate.json

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
check "again: message" [ "$(cat err)" = "prgate: error: '.github/pull_request_template.md' already exists (use --force to overwrite it); nothing written" ]
check "again: nothing written" [ "$(cat .prgate.json)" = mine ]

"$PRGATE" init --force --template simple >out 2>err
check "force: exit 0" [ $? = 0 ]
"$PRGATE" template simple >simple.md
check "force: the simple template" cmp -s simple.md .github/pull_request_template.md
check "force: the starter config again" cmp -s "$top/templates/starter-config.json" .prgate.json

"$PRGATE" init --template nope >out 2>err
check "unknown template: exit 2" [ $? = 2 ]
check "unknown template: message" [ "$(cat err)" = "prgate: error: no template 'nope' (see 'prgate template --list')" ]

echo "$passed passed, $failed failed"
