#!/bin/sh
# precommit.sh - prgate's deploy gate under the pre-commit framework (the
# real one, Debian's pre-commit): a repository whose
# .pre-commit-config.yaml runs `prgate hook pre-push` at the push stage,
# `pre-commit install --hook-type pre-push`, then real pushes to a bare
# `production` remote against the fake GitHub server: GO goes through
# and is journaled, NO-GO is blocked, a push elsewhere asks nothing.
# Also checks .pre-commit-hooks.yaml, the manifest other repositories
# use. Skipped (and said so) when pre-commit is not installed.
# Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/../.." || exit 2
top=$(pwd)
PRGATE=${PRGATE:-$top/prgate}
case $PRGATE in /*) ;; *) PRGATE=$top/$PRGATE ;; esac
passed=0
failed=0
check() {
	name=$1
	shift
	if "$@"; then passed=$((passed + 1)); else
		failed=$((failed + 1))
		echo "FAIL precommit $name"
	fi
}

# the manifest: one hook, what it runs, at the pre-push stage
python3 - "$top/.pre-commit-hooks.yaml" >"${TMPDIR:-/tmp}/precommit-manifest.$$" 2>&1 <<'PY'
import sys, yaml
hooks = yaml.safe_load(open(sys.argv[1]))
h = hooks[0]
print(len(hooks), h["id"], h["entry"], h["language"], h["stages"],
      h["pass_filenames"], h["always_run"], h["verbose"])
PY
check "manifest" [ "$(cat "${TMPDIR:-/tmp}/precommit-manifest.$$")" = "1 prgate-pre-push prgate hook pre-push system ['pre-push'] False True True" ]
rm -f "${TMPDIR:-/tmp}/precommit-manifest.$$"

if ! command -v pre-commit >/dev/null 2>&1; then
	echo "precommit.sh: pre-commit runs skipped: pre-commit is not installed (Debian: apt-get install pre-commit)"
	echo "precommit.sh: $passed passed, $failed failed"
	[ "$failed" = 0 ]
	exit
fi

. tests/fakegh/lib.sh
. tests/sh/lib/origin.sh
tmp=$(mktemp -d)
trap 'fakegh_stop >/dev/null 2>&1; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
export NO_COLOR=1 TZ=UTC LC_ALL=C
unset PRGATE_TOKEN GITHUB_TOKEN GH_TOKEN GITHUB_ACTIONS GITHUB_EVENT_PATH \
	GITHUB_REPOSITORY GITHUB_ACTOR PRGATE_API_URL PRGATE_SKIP \
	PRGATE_HOOK_UNDECIDED GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
mkdir "$tmp/home" "$tmp/bin"
export HOME="$tmp/home" GIT_CONFIG_NOSYSTEM=1 GIT_CEILING_DIRECTORIES="$tmp"
export PRE_COMMIT_HOME="$tmp/cache"
export GIT_AUTHOR_NAME=Dev GIT_AUTHOR_EMAIL=dev@example.com \
	GIT_COMMITTER_NAME=Dev GIT_COMMITTER_EMAIL=dev@example.com
# the `prgate` on PATH is the one under test
ln -s "$PRGATE" "$tmp/bin/prgate"
PATH=$tmp/bin:$PATH

W=$tmp/work
git init -q --bare "$tmp/prod.git" && git init -q --bare "$tmp/backup.git" &&
	git init -q -b main "$W" || exit 2
# Debian 12's pre-commit (3.0) names the stage "push"; 3.2 and later
# "pre-push" (the manifest's name)
stage=pre-push
case $(pre-commit --version | sed 's/^pre-commit //') in
[012].* | 3.[01].*) stage=push ;;
esac
cat >"$W/.pre-commit-config.yaml" <<YAML
repos:
  - repo: local
    hooks:
      - id: prgate-pre-push
        name: prgate deploy gate
        entry: prgate hook pre-push
        language: system
        stages: [$stage]
        pass_filenames: false
        always_run: true
        verbose: true
YAML
(
	cd "$W" &&
		echo one >f && git add f .pre-commit-config.yaml &&
		git commit -qm one &&
		git remote add origin git@github.com:hub4j-test-org/github-api.git &&
		git remote add production ../prod.git &&
		git remote add backup ../backup.git &&
		git push -q production main:master &&
		git fetch -q production &&
		echo two >f && git commit -qam two &&
		pre-commit install --hook-type pre-push >/dev/null
) || exit 2
OLD=$(git -C "$W" rev-parse HEAD~1)
NEW=$(git -C "$W" rev-parse HEAD)
# policy TEXT: the policy of the default branch (origin/main, which the
# hook judges by) and of the working tree
policy() {
	printf '%s\n' "$1" >"$W/.prgate.json" && origin_main "$W" || exit 2
}
prod() { git --git-dir="$tmp/prod.git" rev-parse -q --verify "refs/heads/${1:-master}"; }
push() {
	: >"$FAKEGH_LOG"
	(cd "$W" && PRGATE_API_URL=$FAKEGH_URL git push "$@") \
		>"$tmp/out" 2>&1
	st=$?
}
requests() { fakegh_requests | wc -l | tr -d ' '; }
asked() { fakegh_requests >"$tmp/req" && grep -qxF "$1" "$tmp/req"; }
ALWAYS='"window": {"timezone": "UTC", "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "start": "00:00", "end": "24:00"}'

fakegh_start "$top/tests/fakegh/scenarios/hook-go.json" || exit 1

# NO-GO (a freeze around now): pre-commit's hook fails, nothing pushed
policy "{$ALWAYS, \"freezes\": [{\"from\": \"2000-01-01T00:00\", \"to\": \"2100-01-01T00:00\", \"reason\": \"the test freeze\"}]}"
push production main:master
check "no-go: git fails" [ "$st" != 0 ]
check "no-go: production unchanged" [ "$(prod)" = "$OLD" ]
check "no-go: asked GitHub for the pushed commit" \
	asked "GET /repos/hub4j-test-org/github-api/commits/$NEW/pulls?per_page=100"
check "no-go: says why" grep -qxF 'prgate: push to production/master blocked: NO-GO' "$tmp/out"
check "no-go: the freeze" grep -q "FAIL  freeze             freeze: 'the test freeze'" "$tmp/out"

# the pushed checkout's own policy (a pull request's branch) lets
# everything through: the default branch's still judges the deploy
printf '%s\n' '{"deploy": {"remotes": []}}' >"$W/.prgate.json"
push production main:master
check "PR's policy: git fails" [ "$st" != 0 ]
check "PR's policy: production unchanged" [ "$(prod)" = "$OLD" ]
check "PR's policy: says which policy" grep -qxF "prgate: note: the working tree's .prgate.json is not origin/main's: this deploy is judged by origin/main's" "$tmp/out"
check "PR's policy: NO-GO" grep -qxF 'prgate: push to production/master blocked: NO-GO' "$tmp/out"

# GO: pushed, journaled with the rollback point production had
policy "{$ALWAYS}"
push production main:master
check "go: git succeeds" [ "$st" = 0 ]
check "go: production moved" [ "$(prod)" = "$NEW" ]
check "go: the rollback point" grep -qxF "prgate: to roll back: git push -f production $OLD:master" "$tmp/out"
check "go: journaled" [ "$(grep -c "\"old_sha\": \"$OLD\", \"new_sha\": \"$NEW\"" "$W/.git/prgate/deploys.jsonl")" = 1 ]

# not a deploy: no request
(cd "$W" && echo three >f && git commit -qam three)
push backup main:master
check "backup: pushed" [ "$st" = 0 ]
check "backup: no request" [ "$(requests)" = 0 ]

# the environment alone, as pre-commit sets it: a branch with ; and $ in
# its name is looked up as a name, never run
(cd "$W" && git branch 'x;touch${IFS}pwned' HEAD)
(cd "$W" && PRE_COMMIT_REMOTE_NAME=production PRE_COMMIT_REMOTE_URL=../prod.git \
	PRE_COMMIT_LOCAL_BRANCH='refs/heads/x;touch${IFS}pwned' \
	PRE_COMMIT_REMOTE_BRANCH=refs/heads/feature \
	PRGATE_API_URL=$FAKEGH_URL "$PRGATE" hook pre-push </dev/null) >"$tmp/out" 2>&1
check "env: a non-deploy branch passes" [ $? = 0 ]
check "env: nothing run from the name" [ ! -e "$W/pwned" ]
(cd "$W" && PRE_COMMIT_REMOTE_NAME=production \
	PRGATE_API_URL=$FAKEGH_URL "$PRGATE" hook pre-push </dev/null) >"$tmp/out" 2>&1
check "env: incomplete is an error" [ $? = 2 ]
check "env: incomplete says what" [ "$(cat "$tmp/out")" = "prgate: error: the pre-commit framework did not say what is pushed (PRE_COMMIT_REMOTE_BRANCH and PRE_COMMIT_LOCAL_BRANCH are unset)" ]

fakegh_stop
echo "precommit.sh: $passed passed, $failed failed"
[ "$failed" = 0 ]
