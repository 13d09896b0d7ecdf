# lib.sh - what every procedure suite shares (sourced, not run): the
# fake GitHub server with a pull request the suite describes, a work
# repository with bare remotes where the procedure pushes, and checks
# that compare prgate's exit code and exact output.
#
# A suite plays its team's release procedure step by step and ends with
# "N passed, N failed" (tests/run.sh adds it to the total).
set -u
cd "$(dirname "$0")/../.." || exit 2
top=$(pwd)
PRGATE=${PRGATE:-$top/prgate}
case $PRGATE in /*) ;; *) PRGATE=$top/$PRGATE ;; esac
. tests/fakegh/lib.sh
. tests/sh/lib/origin.sh
tmp=$(mktemp -d)
trap 'fakegh_stop >/dev/null 2>&1; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
export NO_COLOR=1 TZ=UTC LC_ALL=C
unset PRGATE_TOKEN GITHUB_TOKEN GH_TOKEN GITHUB_ACTIONS GITHUB_EVENT_PATH \
	GITHUB_REPOSITORY GITHUB_ACTOR PRGATE_API_URL PRGATE_SKIP PRGATE_AT \
	PRGATE_HOOK_UNDECIDED GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE \
	GITHUB_EVENT_NAME GITHUB_STEP_SUMMARY GITHUB_OUTPUT GITHUB_SERVER_URL \
	GITHUB_RUN_ID GITHUB_API_URL
mkdir "$tmp/home"
export HOME="$tmp/home" GIT_CONFIG_NOSYSTEM=1 GIT_CEILING_DIRECTORIES="$tmp"
export GIT_AUTHOR_NAME=Alice GIT_AUTHOR_EMAIL=alice@example.com \
	GIT_COMMITTER_NAME=Alice GIT_COMMITTER_EMAIL=alice@example.com
SUITE=$(basename "$0" .sh)
passed=0
failed=0
step=""
URL=http://127.0.0.1:1

pass() { passed=$((passed + 1)); }
fail() {
	failed=$((failed + 1))
	echo "$SUITE: $step: $1"
}
# check WHAT COMMAND...: the command succeeds
check() {
	what=$1
	shift
	if "$@"; then pass; else fail "$what (failed: $*)"; fi
}
# status WANT: the last run's exit code
status() {
	if [ "$st" = "$1" ]; then pass; else fail "exit $st, want $1"; fi
}
# same FILE: FILE equals stdin exactly
same() {
	cat >"$tmp/want"
	if cmp -s "$tmp/want" "$1"; then
		pass
	else
		fail "output differs:"
		diff -u "$tmp/want" "$1" | head -40
	fi
}
# has FILE: every line of stdin is a line of FILE
has() {
	while IFS= read -r line; do
		if grep -qxF -e "$line" "$1"; then
			pass
		else
			fail "missing line: $line"
			sed 's/^/    | /' "$1" | head -30
		fi
	done
}
# lacks FILE PATTERN: no line of FILE contains the fixed string
lacks() {
	if grep -qF -e "$2" "$1"; then
		fail "unexpected: $2"
		grep -F -e "$2" "$1" | head -3
	else
		pass
	fi
}

# pr NAME key=value...: write a fake GitHub scenario for PR
# hub4j-test-org/github-api#479 (see tests/procedures/scenario.py) and
# (re)start the server on it; $URL is the server's URL.
pr() {
	name=$1
	shift
	fakegh_stop >/dev/null 2>&1
	python3 tests/procedures/scenario.py "$tmp/$name.json" "$@" || exit 2
	fakegh_start "$tmp/$name.json" || exit 2
	URL=$FAKEGH_URL
}

# run ARGS...: prgate in the work repository ($W); $st, $tmp/out (stdout
# then stderr, the fake's URL as http://fake)
run() {
	# the team's policy is main's: prgate check judges by origin/main's
	[ -d "$W/.git" ] && { origin_main "$W" || exit 2; }
	(cd "$W" && "$PRGATE" "$@") >"$tmp/o1" 2>"$tmp/o2"
	st=$?
	cat "$tmp/o1" "$tmp/o2" | sed -e "s|$URL|http://fake|g" >"$tmp/out"
}

# A work repository $W with bare remotes (their names in $@) holding its
# first commit on master; origin is the PR's GitHub repository.
repo() {
	rm -rf "$tmp/r" && mkdir "$tmp/r" || exit 2
	git init -q -b master "$tmp/r/work" || exit 2
	W=$tmp/r/work
	(
		cd "$W" && echo "v1" >app.txt && git add app.txt &&
			git commit -qm "release 1" &&
			git remote add origin \
				git@github.com:hub4j-test-org/github-api.git
	) || exit 2
	for r in "$@"; do
		git init -q --bare "$tmp/r/$r.git" &&
			git -C "$W" remote add "$r" "../$r.git" &&
			git -C "$W" push -q "$r" master:master || exit 2
	done
}
# commit MESSAGE: a new commit on the current branch; $SHA is it
commit() {
	(cd "$W" && echo "$1" >>app.txt && git commit -qam "$1") || exit 2
	SHA=$(git -C "$W" rev-parse HEAD)
}
# remote_sha REMOTE [BRANCH]: what the bare remote has
remote_sha() {
	git --git-dir="$tmp/r/$1.git" rev-parse -q --verify \
		"refs/heads/${2:-master}"
}
# push ARGS...: git push from $W through the hook; $st, $tmp/out (git's
# stderr without its own progress lines, shas as OLD7/NEW7 when set).
# The hook judges by the policy of origin's default branch: the team's,
# the one the suite wrote into $W, is made origin/main's first.
push() {
	origin_main "$W" || exit 2
	(cd "$W" && PRGATE_API_URL=$URL git push "$@") >"$tmp/o1" 2>"$tmp/o2"
	st=$?
	grep -Ev '^To |^error: failed to push some refs|^ [-*+!=] |^   [0-9a-f]{7,}\.\.' \
		"$tmp/o2" | sed -e "s|$URL|http://fake|g" >"$tmp/out"
}

finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" = 0 ]
}
