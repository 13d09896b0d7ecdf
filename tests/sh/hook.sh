#!/bin/sh
# hook.sh - `prgate hook` end to end with real git and the fake GitHub
# server: a work repository with a bare `production` remote (a deploy
# target), a bare `backup` remote (not one) and `origin` on GitHub
# (hub4j-test-org/github-api), cloned from a bare copy of it whose default
# branch main holds the policy the hook judges by; the hook installed with
# `prgate hook install`; pushes made with `git push`. GO comes from a
# policy whose window is always open, NO-GO from a freeze around now, so
# nothing here depends on the clock. Ends with "N passed, N failed".
#
#   PRGATE=path/to/prgate sh tests/sh/hook.sh   (default ./prgate)
set -u
cd "$(dirname "$0")/../.." || exit 2
top=$(pwd)
PRGATE=${PRGATE:-$top/prgate}
case $PRGATE in /*) ;; *) PRGATE=$top/$PRGATE ;; esac
. tests/fakegh/lib.sh
tmp=$(mktemp -d)
trap 'fakegh_stop >/dev/null 2>&1; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
export NO_COLOR=1 TZ=UTC LC_ALL=C
unset PRGATE_TOKEN GITHUB_TOKEN GH_TOKEN GITHUB_ACTIONS GITHUB_EVENT_PATH \
	GITHUB_REPOSITORY GITHUB_ACTOR PRGATE_API_URL PRGATE_SKIP \
	PRGATE_HOOK_UNDECIDED GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
# no global or system git config (a global core.hooksPath would move
# the hooks); commits with a fixed identity
mkdir "$tmp/home"
export HOME="$tmp/home" GIT_CONFIG_NOSYSTEM=1 GIT_CEILING_DIRECTORIES="$tmp"
export GIT_AUTHOR_NAME=Dev GIT_AUTHOR_EMAIL=dev@example.com \
	GIT_COMMITTER_NAME=Dev GIT_COMMITTER_EMAIL=dev@example.com
passed=0
failed=0

pass() { passed=$((passed + 1)); }
fail() {
	failed=$((failed + 1))
	echo "hook $1: $2"
}
# check NAME CONDITION-COMMAND...: passes when the command succeeds
check() {
	check_name=$1
	shift
	if "$@"; then pass; else fail "$check_name" "failed: $*"; fi
}
# same NAME FILE: FILE equals stdin exactly
same() {
	cat >"$tmp/want"
	if cmp -s "$tmp/want" "$2"; then
		pass
	else
		fail "$1" "output differs:"
		diff -u "$tmp/want" "$2" | head -40
	fi
}

W=$tmp/t/work
GO_POLICY='{"window": {"timezone": "UTC", "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "start": "00:00", "end": "24:00"}}'
NOGO_POLICY='{"window": {"timezone": "UTC", "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "start": "00:00", "end": "24:00"},
 "freezes": [{"from": "2000-01-01T00:00", "to": "2100-01-01T00:00", "reason": "the test freeze"}]}'

# A fresh work repository, cloned from hub.git (GitHub's copy of origin:
# its default branch main, the policy the hook judges by, is written in
# the lead's checkout $L and pushed there) and pointed at GitHub;
# production and backup have its first commit on master (pushed before
# any hook). $OLD is that commit, $NEW the next.
L=$tmp/t/lead
new_repo() {
	rm -rf "$tmp/t" && mkdir "$tmp/t" || exit 2
	git init -q --bare "$tmp/t/prod.git" &&
		git init -q --bare "$tmp/t/backup.git" &&
		git init -q --bare -b main "$tmp/t/hub.git" &&
		git init -q -b main "$L" || exit 2
	(
		cd "$L" &&
			echo one >f && printf '%s\n' "$GO_POLICY" >.prgate.json &&
			git add f .prgate.json && git commit -qm one &&
			git push -q ../hub.git main
	) || exit 2
	# a fresh clone knows origin's default branch (origin/HEAD)
	git clone -q "$tmp/t/hub.git" "$W" || exit 2
	(
		cd "$W" &&
			git remote set-url origin \
				git@github.com:hub4j-test-org/github-api.git &&
			git remote add production ../prod.git &&
			git remote add backup ../backup.git &&
			git push -q production main:master &&
			git push -q backup main:master &&
			echo two >f && git commit -qam two
	) || exit 2
	OLD=$(git -C "$W" rev-parse HEAD~1)
	NEW=$(git -C "$W" rev-parse HEAD)
	policy "$GO_POLICY"
}

# policy TEXT: the policy of the default branch and of the working tree
policy() {
	printf '%s\n' "$1" >"$W/.prgate.json"
	main_file .prgate.json "$1"
}
# main_file PATH TEXT: PATH holds TEXT on the default branch: committed
# on main, pushed to GitHub (hub.git) and fetched into the work repository
main_file() {
	mkdir -p "$(dirname "$L/$1")" && printf '%s\n' "$2" >"$L/$1" &&
		(cd "$L" && git add "$1" && git commit -q --allow-empty -m "$1" &&
			git push -q ../hub.git main) &&
		git -C "$W" fetch -q ../hub.git '+refs/heads/*:refs/remotes/origin/*' ||
		exit 2
}
# main_rm PATH: a commit on the default branch removes PATH; fetched
main_rm() {
	(cd "$L" && git rm -q "$1" && git commit -qm "rm $1" &&
		git push -q ../hub.git main) &&
		git -C "$W" fetch -q ../hub.git '+refs/heads/*:refs/remotes/origin/*' ||
		exit 2
}
# pr_branch FILE TEXT [FILE TEXT...]: alice's pull request branch, checked
# out in the work repository: the default branch (origin/main) and one
# commit that sets the files (her branch, her files); $NEW is its head
pr_branch() {
	(cd "$W" && git checkout -q -f -B alice/cache origin/main) || exit 2
	while [ $# -ge 2 ]; do
		mkdir -p "$(dirname "$W/$1")" && printf '%s\n' "$2" >"$W/$1" &&
			git -C "$W" add "$1" || exit 2
		shift 2
	done
	git -C "$W" commit -q --allow-empty -m "alice: cache the checklist" ||
		exit 2
	NEW=$(git -C "$W" rev-parse HEAD)
}
install() { (cd "$W" && "$PRGATE" hook install) >"$tmp/install" 2>&1; }
prod() { git --git-dir="$tmp/t/prod.git" rev-parse -q --verify "refs/heads/${1:-master}"; }
journal_lines() {
	if [ -f "$W/.git/prgate/deploys.jsonl" ]; then
		wc -l <"$W/.git/prgate/deploys.jsonl" | tr -d ' '
	else
		echo 0
	fi
}
requests() { fakegh_requests | wc -l | tr -d ' '; }

# push ARGS...: git push in the work repository against the fake server;
# $st is git's exit status, $tmp/n its stderr with shas and the fake's
# URL normalised and git's own lines left out.
push() {
	: >"$FAKEGH_LOG"
	(cd "$W" && PRGATE_API_URL=${API:-$FAKEGH_URL} git push "$@") \
		>"$tmp/out" 2>"$tmp/err"
	st=$?
	norm <"$tmp/err" >"$tmp/n"
}
norm() {
	grep -Ev '^To |^error: failed to push some refs|^ [-*+!=] |^   [0-9a-f]{7,}\.\.' |
		sed -e "s/$OLD/OLD/g" -e "s/$NEW/NEW/g" \
			-e "s/$(echo "$OLD" | cut -c1-7)/OLD7/g" \
			-e "s/$(echo "$NEW" | cut -c1-7)/NEW7/g" \
			-e "s|$FAKEGH_URL|http://fake|g" \
			-e 's/after [0-9]* ms/after N ms/'
}
# the journal's lines, one field per line, shas normalised
journal() {
	python3 -c 'import json, re, sys
for line in open(sys.argv[1], encoding="utf-8"):
    e = json.loads(line)
    t = e.pop("time")
    print("time", "ok" if re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", t) else t)
    for k, v in e.items():
        print(k, json.dumps(v))' "$W/.git/prgate/deploys.jsonl" | norm
}

fakegh_start "$top/tests/fakegh/scenarios/hook-go.json" || exit 1

GO_REPORT='hub4j-test-org/github-api#479: Cache the rendered checklist
  pass  pr-state           open
  pass  draft              not a draft
  pass  conflicts          merges cleanly into main
  pass  behind-base        up to date with main
  skip  dependencies       no dependencies named
  skip  deployer           the deploying user is unknown (pass --deployer LOGIN, or a token)
  pass  deploy-commit      deploying NEW7, the PR'\''s head
  pass  advice-tag         no advice tags in the added lines
  pass  changes-requested  no outstanding change requests
  pass  approvals          2 approvals in all (maximevw approved 78b9ff4 and sahansera-test2 approved 78b9ff4, not the head)
  pass  review-latency     first review after 0 min
  pass  ci                 all 4 checks passed
  pass  window             open, no close within 14 days'
# a GO deploy of $NEW over $OLD, and the NO-GO of the freeze, as printed
GO_LINES="prgate: deploying NEW7 to production/master: hub4j-test-org/github-api#479
$GO_REPORT
  pass  freeze             no freeze
  skip  metric             no health gates
hub4j-test-org/github-api#479: GO: 0 errors, 0 warnings
prgate: to roll back: git push -f production OLD:master"
NOGO_LINES="prgate: deploying NEW7 to production/master: hub4j-test-org/github-api#479
$GO_REPORT
  FAIL  freeze             freeze: 'the test freeze' until 1 Jan 2100 00:00 UTC
  skip  metric             no health gates
hub4j-test-org/github-api#479: NO-GO: 1 error, 0 warnings; the clock changes this at 2100-01-01T00:00:00Z
prgate: push to production/master blocked: NO-GO
prgate: to push anyway, give the reason: PRGATE_SKIP=\"...\" git push ..."

# ---- help ----
for sub in "" install uninstall pre-push; do
	# shellcheck disable=SC2086
	"$PRGATE" hook $sub --help >"$tmp/help" 2>&1
	check "help $sub" [ $? = 0 ]
	check "help $sub" grep -q "^usage: prgate hook" "$tmp/help"
done
"$PRGATE" hook >"$tmp/o" 2>&1
check "no subcommand" [ $? = 2 ]
same "no subcommand" "$tmp/o" <<'EOF'
prgate: error: name what to do: install, uninstall or pre-push
see 'prgate hook --help'
EOF

# ---- install, outside a repository ----
mkdir "$tmp/nogit"
(cd "$tmp/nogit" && "$PRGATE" hook install) >"$tmp/o" 2>&1
check "install outside git" [ $? = 2 ]
same "install outside git" "$tmp/o" <<'EOF'
prgate: error: not in a git repository (or git is not installed)
EOF

# ---- (1) NO-GO: the push is blocked, production stays ----
new_repo
install
same "install" "$tmp/install" <<'EOF'
installed prgate's pre-push hook in .git/hooks/pre-push
EOF
check "install: absolute path" grep -qxF -e "prgate='$(realpath "$PRGATE")'" \
	"$W/.git/hooks/pre-push"
check "install: executable" [ -x "$W/.git/hooks/pre-push" ]
policy "$NOGO_POLICY"
push production main:master
check "no-go: git fails" [ "$st" != 0 ]
check "no-go: production unchanged" [ "$(prod)" = "$OLD" ]
check "no-go: no journal" [ "$(journal_lines)" = 0 ]
same "no-go" "$tmp/n" <<EOF
$NOGO_LINES
EOF

# ---- the same push by URL: git names no remote, the URL is production's ----
push ../prod.git main:master
check "by URL: git fails" [ "$st" != 0 ]
check "by URL: production unchanged" [ "$(prod)" = "$OLD" ]
check "by URL: no journal" [ "$(journal_lines)" = 0 ]
check "by URL: asked GitHub" [ "$(requests)" != 0 ]
check "by URL: named as production" \
	grep -qxF 'prgate: push to production/master blocked: NO-GO' "$tmp/n"
# a URL that is no deploy remote's: none of the hook's business
push ../backup.git main:master
check "backup by URL: pushed" [ "$st" = 0 ]
check "backup by URL: no request" [ "$(requests)" = 0 ]
check "backup by URL: nothing said" [ ! -s "$tmp/n" ]
git --git-dir="$tmp/t/backup.git" update-ref refs/heads/master "$OLD"

# ---- another name, or another spelling, of production's URL ----
# a second remote whose URL is production's is production too
git -C "$W" remote add live ../prod.git
git -C "$W" remote add live2 "$tmp/t/prod.git/"
for target in live live2 ../prod.git/ "file://$tmp/t/prod.git" \
	"$tmp/t/prod.git" "file://$tmp/t/prod.git/"; do
	push "$target" main:master
	check "alias $target: git fails" [ "$st" != 0 ]
	check "alias $target: production unchanged" [ "$(prod)" = "$OLD" ]
	check "alias $target: named as production" \
		grep -qxF 'prgate: push to production/master blocked: NO-GO' "$tmp/n"
done
# backup's URL spelt another way is still not production
push "file://$tmp/t/backup.git/" main:master
check "backup alias: pushed" [ "$st" = 0 ]
check "backup alias: no request" [ "$(requests)" = 0 ]
git --git-dir="$tmp/t/backup.git" update-ref refs/heads/master "$OLD"

# ---- (8) --no-verify: git skips the hook ----
push --no-verify production main:master
check "no-verify: pushed" [ "$st" = 0 ]
check "no-verify: production moved" [ "$(prod)" = "$NEW" ]
check "no-verify: no request" [ "$(requests)" = 0 ]
check "no-verify: no journal" [ "$(journal_lines)" = 0 ]

# ---- (2) GO: pushed, journaled, rollback printed ----
new_repo
install
push production main:master
check "go: pushed" [ "$st" = 0 ]
check "go: production moved" [ "$(prod)" = "$NEW" ]
check "go: one journal line" [ "$(journal_lines)" = 1 ]
same "go" "$tmp/n" <<EOF
$GO_LINES
EOF
journal >"$tmp/j"
same "go: journal" "$tmp/j" <<'EOF'
time ok
remote "production"
ref "refs/heads/master"
old_sha "OLD"
new_sha "NEW"
pr "hub4j-test-org/github-api#479"
verdict "go"
EOF
fakegh_requests | sed "s/$NEW/NEW/" | LC_ALL=C sort >"$tmp/r"
same "go: requests" "$tmp/r" <<'EOF'
GET /repos/hub4j-test-org/github-api/commits/NEW/check-runs?per_page=100
GET /repos/hub4j-test-org/github-api/commits/NEW/pulls?per_page=100
GET /repos/hub4j-test-org/github-api/commits/NEW/status?per_page=100
GET /repos/hub4j-test-org/github-api/compare/main...NEW?per_page=1
GET /repos/hub4j-test-org/github-api/pulls/479
GET /repos/hub4j-test-org/github-api/pulls/479
GET /repos/hub4j-test-org/github-api/pulls/479/files?per_page=100
GET /repos/hub4j-test-org/github-api/pulls/479/reviews?per_page=100
EOF

# ---- (11) the checklist takes the rollback point from the journal ----
(cd "$W" && "$PRGATE" checklist "$top/examples/ready.md") 2>&1 | norm \
	>"$tmp/c"
check "checklist: before" grep -qxF -e \
	'- [ ] Production is at `OLD`: the rollback point' "$tmp/c"
check "checklist: rollback" grep -qxF -e \
	'- [ ] `git push -f production OLD:master`' "$tmp/c"
(cd "$W" && "$PRGATE" checklist --set prev_sha=abc123 \
	"$top/examples/ready.md") >"$tmp/c" 2>&1
check "checklist: --set wins" grep -qxF -e \
	'- [ ] `git push -f production abc123:master`' "$tmp/c"

# ---- several refs in one push: two deploys, two lines, one write ----
(cd "$W" && echo three >f && git commit -qam three)
PREV=$NEW
NEW=$(git -C "$W" rev-parse HEAD)
push production main:master main:main
check "two refs: pushed" [ "$st" = 0 ]
check "two refs: master moved" [ "$(prod master)" = "$NEW" ]
check "two refs: main made" [ "$(prod main)" = "$NEW" ]
check "two refs: journal" [ "$(journal_lines)" = 3 ]
grep -F 'prgate: ' "$tmp/n" | sed "s/$PREV/PREV/" >"$tmp/p"
same "two refs" "$tmp/p" <<'EOF'
prgate: deploying NEW7 to production/master: hub4j-test-org/github-api#479
prgate: deploying NEW7 to production/main: hub4j-test-org/github-api#479
prgate: to roll back: git push -f production PREV:master
prgate: production/main is a new branch: nothing to roll back to
EOF

# ---- (3) a non-deploy remote: passes, no request at all ----
push backup main:master
check "backup: pushed" [ "$st" = 0 ]
check "backup: moved" [ "$(git --git-dir="$tmp/t/backup.git" rev-parse master)" = "$NEW" ]
check "backup: no request" [ "$(requests)" = 0 ]
check "backup: nothing said" [ ! -s "$tmp/n" ]
check "backup: no journal line" [ "$(journal_lines)" = 3 ]

# ---- (4) a non-deploy branch to production: no request ----
push production main:feature
check "feature: pushed" [ "$st" = 0 ]
check "feature: made" [ "$(prod feature)" = "$NEW" ]
check "feature: no request" [ "$(requests)" = 0 ]
check "feature: nothing said" [ ! -s "$tmp/n" ]

# ---- pre-push input straight to the command ----
Z=0000000000000000000000000000000000000000
printf 'refs/heads/main %s refs/heads/feature %s\nrefs/tags/v1 %s refs/tags/v1 %s\n' \
	"$NEW" "$OLD" "$NEW" "$Z" |
	(cd "$W" && PRGATE_API_URL=$FAKEGH_URL "$PRGATE" hook pre-push \
		production ../prod.git) >"$tmp/o" 2>&1
check "stdin: not a deploy" [ $? = 0 ]
check "stdin: silent" [ ! -s "$tmp/o" ]
printf 'refs/heads/main %s refs/heads/master\n' "$NEW" |
	(cd "$W" && "$PRGATE" hook pre-push production ../prod.git) \
		>"$tmp/o" 2>&1
check "stdin: bad line" [ $? = 2 ]
same "stdin: bad line" "$tmp/o" <<'EOF'
prgate: error: line 1 of the pre-push input is not '<local ref> <local sha> <remote ref> <remote sha>'
EOF
(cd "$W" && "$PRGATE" hook pre-push production </dev/null) >"$tmp/o" 2>&1
check "pre-push: one argument" [ $? = 2 ]

# ---- (12) deleting the deploy branch is refused ----
push production :main
check "delete: refused" [ "$st" != 0 ]
check "delete: still there" [ "$(prod main)" = "$NEW" ]
same "delete" "$tmp/n" <<'EOF'
prgate: error: deleting production/main is refused: a deploy branch is not deleted by a push (PRGATE_SKIP="why" forces it)
EOF
check "delete: no request" [ "$(requests)" = 0 ]
PRGATE_SKIP="main is retired" push production :main
check "delete with a reason" [ "$st" = 0 ]
check "delete with a reason: gone" [ -z "$(prod main)" ]
tail -n 1 "$W/.git/prgate/deploys.jsonl" >"$tmp/last"
python3 -c 'import json, sys
e = json.loads(open(sys.argv[1]).read())
print(e["ref"], e["new_sha"], e["verdict"], e["reason"])' "$tmp/last" >"$tmp/o"
same "delete with a reason: journal" "$tmp/o" <<'EOF'
refs/heads/main None skipped main is retired
EOF

# ---- (9) PRGATE_SKIP ----
new_repo
install
policy "$NOGO_POLICY"
PRGATE_SKIP='hotfix "ORD-7": the checkout is down' push production main:master
check "skip: pushed" [ "$st" = 0 ]
check "skip: production moved" [ "$(prod)" = "$NEW" ]
check "skip: no request" [ "$(requests)" = 0 ]
same "skip" "$tmp/n" <<'EOF'
prgate: push to production/master not checked (PRGATE_SKIP): hotfix "ORD-7": the checkout is down
prgate: to roll back: git push -f production OLD:master
EOF
journal >"$tmp/j"
same "skip: journal" "$tmp/j" <<'EOF'
time ok
remote "production"
ref "refs/heads/master"
old_sha "OLD"
new_sha "NEW"
pr null
verdict "skipped"
reason "hotfix \"ORD-7\": the checkout is down"
EOF
(cd "$W" && git reset -q --hard HEAD~1 && echo again >f &&
	git commit -qam again)
OLD=$NEW
NEW=$(git -C "$W" rev-parse HEAD)
for reason in "" "   "; do
	PRGATE_SKIP=$reason push -f production main:master
	check "skip '$reason': refused" [ "$st" != 0 ]
	check "skip '$reason': production unchanged" [ "$(prod)" = "$OLD" ]
	same "skip '$reason'" "$tmp/n" <<'EOF'
prgate: error: PRGATE_SKIP needs a reason: PRGATE_SKIP="why" git push ...
EOF
done
check "skip: one journal line" [ "$(journal_lines)" = 1 ]

# ---- (10) GitHub unreachable: blocked, unless told to allow ----
policy "$GO_POLICY"
CLOSED=$(python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()')
API=http://127.0.0.1:$CLOSED push -f production main:master
check "unreachable: blocked" [ "$st" != 0 ]
check "unreachable: production unchanged" [ "$(prod)" = "$OLD" ]
sed "s/$CLOSED/PORT/g" "$tmp/n" >"$tmp/m"
same "unreachable" "$tmp/m" <<'EOF'
prgate: error: cannot GET http://127.0.0.1:PORT/repos/hub4j-test-org/github-api/commits/NEW/pulls: Failed to connect to 127.0.0.1 port PORT after N ms: Couldn't connect to server (gave up after 3 tries)
prgate: push to production/master blocked: prgate could not decide (PRGATE_HOOK_UNDECIDED=allow lets it through)
prgate: to push anyway, give the reason: PRGATE_SKIP="..." git push ...
EOF
PRGATE_HOOK_UNDECIDED=allow API=http://127.0.0.1:$CLOSED \
	push -f production main:master
check "unreachable, allowed: pushed" [ "$st" = 0 ]
check "unreachable, allowed: production moved" [ "$(prod)" = "$NEW" ]
sed "s/$CLOSED/PORT/g" "$tmp/n" >"$tmp/m"
same "unreachable, allowed" "$tmp/m" <<'EOF'
prgate: error: cannot GET http://127.0.0.1:PORT/repos/hub4j-test-org/github-api/commits/NEW/pulls: Failed to connect to 127.0.0.1 port PORT after N ms: Couldn't connect to server (gave up after 3 tries)
prgate: could not decide; PRGATE_HOOK_UNDECIDED=allow lets the push to production/master through
prgate: to roll back: git push -f production OLD:master
EOF
tail -n 1 "$W/.git/prgate/deploys.jsonl" | python3 -c 'import json, sys
e = json.loads(sys.stdin.read())
print(e["pr"], e["verdict"], e["reason"][:10])' >"$tmp/o"
same "unreachable, allowed: journal" "$tmp/o" <<'EOF'
None unknown cannot GET
EOF

# ---- (5) chaining: the hook that was there runs first ----
new_repo
cat >"$W/.git/hooks/pre-push" <<EOF
#!/bin/sh
# the team's own pre-push hook
echo "args: \$*" >>"$tmp/marker"
cat >>"$tmp/marker"
EOF
chmod 750 "$W/.git/hooks/pre-push"
cp -p "$W/.git/hooks/pre-push" "$tmp/original"
install
same "chain: install" "$tmp/install" <<'EOF'
installed prgate's pre-push hook in .git/hooks/pre-push; the hook that was there is kept as .git/hooks/pre-push.prgate-chained and runs first
EOF
check "chain: kept" cmp -s "$tmp/original" "$W/.git/hooks/pre-push.prgate-chained"
rm -f "$tmp/marker"
push production main:master
check "chain: pushed" [ "$st" = 0 ]
check "chain: production moved" [ "$(prod)" = "$NEW" ]
norm <"$tmp/marker" >"$tmp/m"
same "chain: ran with the same arguments and input" "$tmp/m" <<'EOF'
args: production ../prod.git
refs/heads/main NEW refs/heads/master OLD
EOF
check "chain: prgate ran too" grep -qxF -e \
	'prgate: to roll back: git push -f production OLD:master' "$tmp/n"

# ---- (6) install twice; uninstall restores byte for byte, mode too ----
cp -p "$W/.git/hooks/pre-push" "$tmp/ours"
install
same "install again" "$tmp/install" <<'EOF'
prgate's pre-push hook is already installed in .git/hooks/pre-push: nothing changed
EOF
check "install again: unchanged" cmp -s "$tmp/ours" "$W/.git/hooks/pre-push"
check "install again: chained unchanged" cmp -s "$tmp/original" \
	"$W/.git/hooks/pre-push.prgate-chained"
(cd "$W" && "$PRGATE" hook uninstall) >"$tmp/o" 2>&1
check "uninstall" [ $? = 0 ]
same "uninstall" "$tmp/o" <<'EOF'
removed prgate's pre-push hook from .git/hooks/pre-push and put back the hook it had kept
EOF
check "uninstall: restored" cmp -s "$tmp/original" "$W/.git/hooks/pre-push"
check "uninstall: mode" [ "$(stat -c %a "$W/.git/hooks/pre-push")" = 750 ]
check "uninstall: chained gone" [ ! -e "$W/.git/hooks/pre-push.prgate-chained" ]
(cd "$W" && "$PRGATE" hook uninstall) >"$tmp/o" 2>&1
check "uninstall foreign" [ $? = 0 ]
same "uninstall foreign" "$tmp/o" <<'EOF'
the pre-push hook in .git/hooks is not prgate's: left as it is
EOF
check "uninstall foreign: untouched" cmp -s "$tmp/original" \
	"$W/.git/hooks/pre-push"
rm "$W/.git/hooks/pre-push"
(cd "$W" && "$PRGATE" hook uninstall) >"$tmp/o" 2>&1
check "uninstall none" [ $? = 0 ]
same "uninstall none" "$tmp/o" <<'EOF'
no prgate pre-push hook in .git/hooks: nothing to uninstall
EOF
install
(cd "$W" && "$PRGATE" hook uninstall) >"$tmp/o" 2>&1
same "uninstall alone" "$tmp/o" <<'EOF'
removed prgate's pre-push hook from .git/hooks/pre-push
EOF
check "uninstall alone: gone" [ ! -e "$W/.git/hooks/pre-push" ]

# ---- (5) a chained hook that fails blocks the push ----
new_repo
printf '#!/bin/sh\necho "team hook says no" >&2\nexit 7\n' \
	>"$W/.git/hooks/pre-push"
chmod +x "$W/.git/hooks/pre-push"
install
push production main:master
check "chain fails: blocked" [ "$st" != 0 ]
check "chain fails: production unchanged" [ "$(prod)" = "$OLD" ]
check "chain fails: no request" [ "$(requests)" = 0 ]
same "chain fails" "$tmp/n" <<'EOF'
team hook says no
EOF
# both existing and taken: refuse, change nothing
(cd "$W" && "$PRGATE" hook uninstall && cp .git/hooks/pre-push \
	.git/hooks/pre-push.prgate-chained) >/dev/null 2>&1
install
check "chain taken: refused" [ $? = 2 ]
same "chain taken" "$tmp/install" <<'EOF'
prgate: error: '.git/hooks/pre-push' is not prgate's and '.git/hooks/pre-push.prgate-chained' is taken: move one of them away, then install again
EOF

# ---- (7) core.hooksPath ----
new_repo
git -C "$W" config core.hooksPath .githooks
install
same "hooksPath: install" "$tmp/install" <<'EOF'
installed prgate's pre-push hook in .githooks/pre-push
EOF
check "hooksPath: there" [ -x "$W/.githooks/pre-push" ]
check "hooksPath: not in .git/hooks" [ ! -e "$W/.git/hooks/pre-push" ]
policy "$NOGO_POLICY"
push production main:master
check "hooksPath: hook ran" [ "$st" != 0 ]
check "hooksPath: production unchanged" [ "$(prod)" = "$OLD" ]
check "hooksPath: blocked" grep -qxF -e \
	'prgate: push to production/master blocked: NO-GO' "$tmp/n"

# ---- which policy: the default branch's, never the working tree's ----
# main (origin/HEAD, as last fetched) says NO-GO: a freeze. alice's pull
# request branch carries a .prgate.json of its own that would let her
# deploy; a deploy pushed from a checkout of her branch is still judged
# by main's policy, line for line as a deploy of main's would be.
DIFFERS='prgate: note: the working tree'\''s .prgate.json is not origin/main'\''s: this deploy is judged by origin/main'\''s'
new_repo
install
policy "$NOGO_POLICY"
n=0
for pr_policy in \
	'{"deploy": {"remotes": [], "branches": []}}' \
	'{"deploy": {"remotes": ["staging"]}}' \
	'{"deploy": {"branches": ["release"]}}' \
	"$GO_POLICY" \
	'{"freezes": [], "rules": {"freeze": "off", "window": "off"}}' \
	'{"window": 5, "deploy": '; do
	n=$((n + 1))
	pr_branch .prgate.json "$pr_policy"
	push production alice/cache:master
	check "PR's policy $n: git fails" [ "$st" != 0 ]
	check "PR's policy $n: production unchanged" [ "$(prod)" = "$OLD" ]
	check "PR's policy $n: no journal" [ "$(journal_lines)" = 0 ]
	same "PR's policy $n" "$tmp/n" <<EOF
$DIFFERS
$NOGO_LINES
EOF
done
# the PR's broken policy blocks no push that is not a deploy
push backup alice/cache:master
check "PR's broken policy, backup: pushed" [ "$st" = 0 ]
check "PR's broken policy, backup: nothing said" [ ! -s "$tmp/n" ]
push production alice/cache:alice/cache
check "PR's broken policy, feature: pushed" [ "$st" = 0 ]
check "PR's broken policy, feature: no request" [ "$(requests)" = 0 ]
check "PR's broken policy, feature: nothing said" [ ! -s "$tmp/n" ]
# a deploy straight to the hook from a subfolder of the checkout
mkdir -p "$W/sub"
printf 'refs/heads/alice/cache %s refs/heads/master %s\n' "$NEW" "$OLD" |
	(cd "$W/sub" && PRGATE_API_URL=$FAKEGH_URL "$PRGATE" hook pre-push \
		production ../prod.git) >"$tmp/o" 2>&1
check "PR's policy, from a subfolder: NO-GO" [ $? = 1 ]
norm <"$tmp/o" >"$tmp/n"
same "PR's policy, from a subfolder" "$tmp/n" <<EOF
$DIFFERS
$NOGO_LINES
EOF

# main's policy also in the working tree: as before, no note
pr_branch .prgate.json "$NOGO_POLICY"
push production alice/cache:master
check "PR keeps main's policy: blocked" [ "$st" != 0 ]
same "PR keeps main's policy" "$tmp/n" <<EOF
$NOGO_LINES
EOF
policy "$GO_POLICY"
pr_branch .prgate.json "$GO_POLICY"
push production alice/cache:master
check "PR keeps main's GO policy: pushed" [ "$st" = 0 ]
check "PR keeps main's GO policy: production moved" [ "$(prod)" = "$NEW" ]
same "PR keeps main's GO policy" "$tmp/n" <<EOF
$GO_LINES
EOF

# main requires carol's approval; alice's policy drops the requirement
new_repo
install
policy '{"window": {"timezone": "UTC", "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "start": "00:00", "end": "24:00"},
 "reviews": {"required_approvers": ["carol"]}}'
pr_branch .prgate.json "$GO_POLICY"
push production alice/cache:master
check "PR drops a review: blocked" [ "$st" != 0 ]
check "PR drops a review: production unchanged" [ "$(prod)" = "$OLD" ]
same "PR drops a review" "$tmp/n" <<EOF
$DIFFERS
prgate: deploying NEW7 to production/master: hub4j-test-org/github-api#479
$(printf '%s\n' "$GO_REPORT" | sed 's/^  pass  approvals .*/  FAIL  approvals          carol must approve/')
  pass  freeze             no freeze
  skip  metric             no health gates
hub4j-test-org/github-api#479: NO-GO: 1 error, 0 warnings
prgate: push to production/master blocked: NO-GO
prgate: to push anyway, give the reason: PRGATE_SKIP="..." git push ...
EOF

# a reviewer's terminal: `prgate check` in that checkout of alice's
# branch is judged by main's policy too (hers drops carol), with a note;
# --config .prgate.json uses the checkout's on purpose
(cd "$W" && PRGATE_API_URL=$FAKEGH_URL "$PRGATE" check \
	hub4j-test-org/github-api#479 --at 2026-11-25T10:00:00+01:00) \
	>"$tmp/out" 2>"$tmp/err"
check "reviewer's check of alice's branch: NO-GO" [ $? = 1 ]
check "reviewer's check of alice's branch: carol must approve" \
	grep -qxF '  FAIL  approvals          carol must approve' "$tmp/out"
same "reviewer's check of alice's branch: the note" "$tmp/err" <<'EOF'
prgate: note: judging by origin/main's .prgate.json, not this checkout's (--config .prgate.json to use it)
EOF
(cd "$W" && PRGATE_API_URL=$FAKEGH_URL "$PRGATE" check --config .prgate.json \
	hub4j-test-org/github-api#479 --at 2026-11-25T10:00:00+01:00) \
	>"$tmp/out" 2>"$tmp/err"
check "reviewer's check, --config: the checkout's policy" [ $? = 0 ]
check "reviewer's check, --config: no note" [ ! -s "$tmp/err" ]
# no origin/HEAD: the checkout's policy, and a note saying why
git -C "$W" symbolic-ref -d refs/remotes/origin/HEAD
(cd "$W" && PRGATE_API_URL=$FAKEGH_URL "$PRGATE" check \
	hub4j-test-org/github-api#479 --at 2026-11-25T10:00:00+01:00) \
	>"$tmp/out" 2>"$tmp/err"
check "reviewer's check, no origin/HEAD: the checkout's policy" [ $? = 0 ]
same "reviewer's check, no origin/HEAD: the note" "$tmp/err" <<'EOF'
prgate: note: judging by this checkout's .prgate.json: origin's default branch is not known here (git remote set-head origin --auto)
EOF
git -C "$W" symbolic-ref refs/remotes/origin/HEAD refs/remotes/origin/main
# no origin at all: the checkout's policy, and a note saying why
git -C "$W" remote rename origin upstream
(cd "$W" && PRGATE_API_URL=$FAKEGH_URL "$PRGATE" check \
	hub4j-test-org/github-api#479 --at 2026-11-25T10:00:00+01:00) \
	>"$tmp/out" 2>"$tmp/err"
check "reviewer's check, no origin: the checkout's policy" [ $? = 0 ]
same "reviewer's check, no origin: the note" "$tmp/err" <<'EOF'
prgate: note: judging by this checkout's .prgate.json: there is no remote 'origin' here to read the default branch's from
EOF
git -C "$W" remote rename upstream origin
git -C "$W" symbolic-ref refs/remotes/origin/HEAD refs/remotes/origin/main

# main's policy names a template: the template is main's too, not the
# one alice's branch rewrites so that her description passes
new_repo
install
main_file .github/pull_request_template.md '## Solution

## Load test results

What the load test measured.'
policy '{"window": {"timezone": "UTC", "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "start": "00:00", "end": "24:00"},
 "template": ".github/pull_request_template.md"}'
pr_branch .github/pull_request_template.md '## Solution'
push production alice/cache:master
check "PR's template: blocked" [ "$st" != 0 ]
check "PR's template: production unchanged" [ "$(prod)" = "$OLD" ]
same "PR's template" "$tmp/n" <<EOF
prgate: deploying NEW7 to production/master: hub4j-test-org/github-api#479
$GO_REPORT
  pass  freeze             no freeze
  skip  metric             no health gates
hub4j-test-org/github-api#479: error: required section 'Load test results' is missing [section-missing]
hub4j-test-org/github-api#479: NO-GO: 1 error, 0 warnings
prgate: push to production/master blocked: NO-GO
prgate: to push anyway, give the reason: PRGATE_SKIP="..." git push ...
EOF
# a template over the template limit on main: said as that limit (git
# is not asked for more than it)
main_file .github/pull_request_template.md "$(head -c 300000 /dev/zero | tr '\0' x)"
push production alice/cache:master
check "main's template too big: blocked" [ "$st" != 0 ]
same "main's template too big" "$tmp/n" <<'EOF'
prgate: error: template 'origin/main:.github/pull_request_template.md' is over the 262144-byte limit of a template
prgate: push to production/master blocked: prgate failed
prgate: to push anyway, give the reason: PRGATE_SKIP="..." git push ...
EOF
# main's template gone while its policy names it: a config error
main_rm .github/pull_request_template.md
push production alice/cache:master
check "main's template gone: blocked" [ "$st" != 0 ]
same "main's template gone" "$tmp/n" <<'EOF'
prgate: error: template 'origin/main:.github/pull_request_template.md' is not in origin/main (named by origin/main:.prgate.json)
prgate: push to production/master blocked: prgate failed
prgate: to push anyway, give the reason: PRGATE_SKIP="..." git push ...
EOF
# a template outside the repository is not the hook's to read
for t in ../t.md docs/../../t.md /etc/t.md; do
	policy "{\"template\": \"$t\"}"
	push production alice/cache:master
	check "template outside $t: blocked" [ "$st" != 0 ]
	same "template outside $t" "$tmp/n" <<EOF
prgate: error: origin/main:.prgate.json: the hook reads the template from origin/main, and '$t' is not a path in the repository
prgate: push to production/master blocked: prgate failed
prgate: to push anyway, give the reason: PRGATE_SKIP="..." git push ...
EOF
done
# a path spelt another way inside the repository is the same file
main_file .github/pull_request_template.md '## Load test results'
policy '{"window": {"timezone": "UTC", "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "start": "00:00", "end": "24:00"},
 "template": "./docs/../.github//pull_request_template.md"}'
push production alice/cache:master
check "template ./docs/../: blocked" [ "$st" != 0 ]
check "template ./docs/../: main's section" grep -qxF \
	"hub4j-test-org/github-api#479: error: required section 'Load test results' is missing [section-missing]" \
	"$tmp/n"

# ---- main's own policy broken: every push is refused, saying where ----
new_repo
install
policy "$GO_POLICY"
main_file .prgate.json '{"window": 5}'
for target in "production main:master" "backup main:master"; do
	# shellcheck disable=SC2086
	push $target
	check "main's policy broken, $target: refused" [ "$st" != 0 ]
	same "main's policy broken, $target" "$tmp/n" <<'EOF'
prgate: error: origin/main:.prgate.json:1:12: "window" must be an object, not a number
prgate: the hook judges every push by origin/main's policy: fix it there (a push that deploys nothing may go with 'git push --no-verify')
EOF
done
check "main's policy broken: production unchanged" [ "$(prod)" = "$OLD" ]

# ---- main without a .prgate.json: the built-in policy, not the tree's ----
new_repo
install
main_rm .prgate.json
printf '%s\n' '{"deploy": {"remotes": []}}' >"$W/.prgate.json"
PRGATE_AT=2026-12-05T03:00:00Z push production main:master
check "main without a policy: blocked" [ "$st" != 0 ]
check "main without a policy: note" grep -qxF \
	"prgate: note: origin/main has no .prgate.json: this deploy is judged by the built-in policy, not the working tree's .prgate.json" \
	"$tmp/n"
check "main without a policy: window" grep -q '^  FAIL  window ' "$tmp/n"

# ---- no default branch known for origin: never GO, says how to fix ----
NO_HEAD="prgate: error: cannot tell origin's default branch, whose .prgate.json the hook judges a push by: refs/remotes/origin/HEAD is not set (git remote add does not set it); run 'git remote set-head origin --auto'"
new_repo
install
git -C "$W" remote set-head origin -d
for target in "production main:master" "backup main:master"; do
	# shellcheck disable=SC2086
	push $target
	check "no origin/HEAD, $target: refused" [ "$st" != 0 ]
	check "no origin/HEAD, $target: no request" [ "$(requests)" = 0 ]
	printf '%s\n' "$NO_HEAD" | same "no origin/HEAD, $target" "$tmp/n"
done
check "no origin/HEAD: production unchanged" [ "$(prod)" = "$OLD" ]
printf 'refs/heads/main %s refs/heads/master %s\n' "$NEW" "$OLD" |
	(cd "$W" && PRGATE_API_URL=$FAKEGH_URL "$PRGATE" hook pre-push \
		production ../prod.git) >"$tmp/o" 2>&1
check "no origin/HEAD: exit 2" [ $? = 2 ]
printf '%s\n' "$NO_HEAD" | same "no origin/HEAD: direct" "$tmp/o"
# origin/HEAD naming a branch that is gone (main renamed)
git -C "$W" symbolic-ref refs/remotes/origin/HEAD refs/remotes/origin/master
push production main:master
check "origin/HEAD dangling: refused" [ "$st" != 0 ]
same "origin/HEAD dangling" "$tmp/n" <<'EOF'
prgate: error: origin's default branch refs/remotes/origin/master (refs/remotes/origin/HEAD) does not exist; run 'git remote set-head origin --auto'
EOF
# set offline to the branch git has: as before
git -C "$W" remote set-head origin main >/dev/null
push production main:master
check "set-head: pushed" [ "$st" = 0 ]
check "set-head: production moved" [ "$(prod)" = "$NEW" ]
# no origin at all
git -C "$W" remote remove origin
GITHUB_REPOSITORY=hub4j-test-org/github-api push backup main:master
check "no origin: refused" [ "$st" != 0 ]
same "no origin" "$tmp/n" <<'EOF'
prgate: error: cannot tell origin's default branch, whose .prgate.json the hook judges a push by: there is no remote 'origin'
EOF

fakegh_stop

# ---- the commit is in no pull request ----
fakegh_start "$top/tests/fakegh/scenarios/hook-no-pr.json" || exit 1
new_repo
install
push production main:master
check "no PR: blocked" [ "$st" != 0 ]
check "no PR: production unchanged" [ "$(prod)" = "$OLD" ]
same "no PR" "$tmp/n" <<'EOF'
prgate: error: commit NEW7 is not in any pull request: deploy only what was reviewed
prgate: push to production/master blocked: no pull request
prgate: to push anyway, give the reason: PRGATE_SKIP="..." git push ...
EOF
fakegh_stop

# ---- an older commit of the PR, not its head ----
fakegh_start "$top/tests/fakegh/scenarios/hook-stale.json" || exit 1
new_repo
install
push production main:master
check "stale commit: blocked" [ "$st" != 0 ]
check "stale commit: production unchanged" [ "$(prod)" = "$OLD" ]
check "stale commit: no journal" [ "$(journal_lines)" = 0 ]
same "stale commit" "$tmp/n" <<'EOF'
prgate: error: commit NEW7 is in hub4j-test-org/github-api#479 but is neither its head nor its merge commit: deploy what was reviewed
prgate: push to production/master blocked: not the pull request's head
prgate: to push anyway, give the reason: PRGATE_SKIP="..." git push ...
EOF
fakegh_stop

# ---- break glass: ops' '/prgate allow' lets a deploy through ----
fakegh_start "$top/tests/fakegh/scenarios/hook-override.json" || exit 1
new_repo
install
policy '{"window": {"timezone": "UTC", "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "start": "00:00", "end": "24:00"},
 "freezes": [{"from": "2000-01-01T00:00", "to": "2100-01-01T00:00", "reason": "the test freeze"}],
 "reviews": {"ops": ["alice", "bob"]},
 "overrides": {"by": ["ops", "gsmet"], "rules": ["freeze"]}}'
push production main:master
check "override: pushed" [ "$st" = 0 ]
check "override: production moved" [ "$(prod)" = "$NEW" ]
check "override: journaled as go" grep -q '"verdict": "go"' \
	"$W/.git/prgate/deploys.jsonl"
grep -E '^  over |override|GO' "$tmp/n" >"$tmp/o"
same "override" "$tmp/o" <<'EOF'
  over  freeze             freeze: 'the test freeze' until 1 Jan 2100 00:00 UTC
hub4j-test-org/github-api#479: override: freeze by @alice: the checkout is down, alice watches the deploy (https://github.com/hub4j-test-org/github-api/pull/479#issuecomment-2)
hub4j-test-org/github-api#479: GO with 1 override: 0 errors, 0 warnings
EOF
fakegh_stop

# ---- the PR of a pushed commit: into a deploy branch, head or merge ----
# closed without merging: NO-GO from pr-state, never GO or "undecided"
fakegh_start "$top/tests/fakegh/scenarios/hook-closed.json" || exit 1
new_repo
install
push production main:master
check "closed PR: blocked" [ "$st" != 0 ]
check "closed PR: production unchanged" [ "$(prod)" = "$OLD" ]
check "closed PR: no journal" [ "$(journal_lines)" = 0 ]
check "closed PR: deploying" grep -qxF \
	'prgate: deploying NEW7 to production/master: hub4j-test-org/github-api#479' "$tmp/n"
check "closed PR: pr-state" grep -qxF \
	'  FAIL  pr-state           closed without merging' "$tmp/n"
check "closed PR: NO-GO" grep -qxF \
	'prgate: push to production/master blocked: NO-GO' "$tmp/n"
fakegh_stop

# a PR into a scratch branch that shares the head is not the deploy
fakegh_start "$top/tests/fakegh/scenarios/hook-scratch.json" || exit 1
new_repo
install
push production main:master
check "scratch PR: blocked" [ "$st" != 0 ]
check "scratch PR: production unchanged" [ "$(prod)" = "$OLD" ]
same "scratch PR" "$tmp/n" <<'EOF'
prgate: error: commit NEW7 is in no pull request into master or main (only in hub4j-test-org/github-api#480 into scratch): deploy only what was reviewed
prgate: push to production/master blocked: no pull request
prgate: to push anyway, give the reason: PRGATE_SKIP="..." git push ...
EOF
fakegh_stop

# ... but the PR into main with the same head is
fakegh_start "$top/tests/fakegh/scenarios/hook-scratch-and-main.json" || exit 1
new_repo
install
push production main:master
check "scratch and main: pushed" [ "$st" = 0 ]
check "scratch and main: production moved" [ "$(prod)" = "$NEW" ]
check "scratch and main: PR 479" grep -qxF \
	'prgate: deploying NEW7 to production/master: hub4j-test-org/github-api#479' "$tmp/n"
fakegh_stop

# the pre-merge head of a merged PR is not its deploy: the merge commit is
fakegh_start "$top/tests/fakegh/scenarios/hook-merged-head.json" || exit 1
new_repo
install
push production main:master
check "merged head: blocked" [ "$st" != 0 ]
check "merged head: production unchanged" [ "$(prod)" = "$OLD" ]
same "merged head" "$tmp/n" <<'EOF'
prgate: error: commit NEW7 is the head of hub4j-test-org/github-api#479, which was merged as 4be26e7: deploy the merge commit
prgate: push to production/master blocked: not the pull request's merge commit
prgate: to push anyway, give the reason: PRGATE_SKIP="..." git push ...
EOF
fakegh_stop

echo "$passed passed, $failed failed"
