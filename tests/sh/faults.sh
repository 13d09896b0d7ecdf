#!/bin/sh
# faults.sh - the faults of the world (tests/fakegh) through the two ways
# prgate talks to GitHub besides `prgate check`: the pre-push hook (a real
# `git push production main:master` with the hook as `prgate hook install`
# wrote it) and the CI comment bot (`prgate check --comment` as the
# workflow step runs it: event file, GITHUB_API_URL, job summary, step
# outputs). Faults: connection refused (a closed port), a reset mid-body,
# a server that never answers (once: the timeout - the hook's 10 s, or
# PRGATE_TIMEOUT - then the retry; a bad PRGATE_TIMEOUT is refused),
# 500/502/503 (once: retried; always: given up), a secondary rate limit
# (403 + Retry-After) and 429 (waited for; too long: not waited for),
# truncated and invalid JSON, a Content-Length far over the body, a body
# over the 8 MiB cap, a redirect to another host (a second server that
# must get nothing), a plain-http API URL that is not loopback; and for
# the bot, faults on the comment endpoints themselves (listing, POST,
# PATCH). Each case asserts the exact exit status and messages: a deploy
# ends GO (pushed, journaled) or blocked (exit 3, or 2 for the refused
# URL; production unchanged, no journal line); the bot ends in the right
# verdict or exit 3, never with a GO comment; a fault on a comment
# endpoint is a warning and the exit status is the verdict's. In every
# case the token is nowhere in what was printed or written, and reaches
# the fake only as "Authorization: Bearer" of requests to the API's own
# origin.
#
# The retry waits (1 s, then doubled; the hook: 250 ms) have no option,
# so the cases run as background jobs, FAULTS_JOBS (default 10) at a
# time: about 20 s in all.
# Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/../.." || exit 2
top=$(pwd)
PRGATE=${PRGATE:-$top/prgate}
case $PRGATE in /*) ;; *) PRGATE=$top/$PRGATE ;; esac
. tests/fakegh/lib.sh
. tests/sh/lib/origin.sh
export NO_COLOR=1 TZ=UTC LC_ALL=C
unset PRGATE_TOKEN GITHUB_TOKEN GH_TOKEN GITHUB_ACTIONS GITHUB_EVENT_PATH \
	PRGATE_TIMEOUT \
	GITHUB_EVENT_NAME GITHUB_REPOSITORY GITHUB_ACTOR PRGATE_API_URL \
	GITHUB_STEP_SUMMARY GITHUB_OUTPUT GITHUB_SERVER_URL GITHUB_RUN_ID \
	GITHUB_API_URL PRGATE_SKIP PRGATE_HOOK_UNDECIDED GIT_DIR \
	GIT_WORK_TREE GIT_INDEX_FILE http_proxy https_proxy HTTP_PROXY \
	HTTPS_PROXY ALL_PROXY all_proxy
# a token no output could show by chance
TOKEN=ghp_faultsSh0nlyEverInTheAuthorizationHeader
PRGATE_TOKEN=$TOKEN
export PRGATE_TOKEN
tmp=$(mktemp -d "${TMPDIR:-/tmp}/faults-sh.XXXXXX") || exit 2
job_pids=
trap 'for p in $job_pids; do kill "$p" 2>/dev/null; done; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
# no global or system git config; commits with a fixed identity
mkdir "$tmp/home"
export HOME="$tmp/home" GIT_CONFIG_NOSYSTEM=1 GIT_CEILING_DIRECTORIES="$tmp"
export GIT_AUTHOR_NAME=Dev GIT_AUTHOR_EMAIL=dev@example.com \
	GIT_COMMITTER_NAME=Dev GIT_COMMITTER_EMAIL=dev@example.com
SC=$top/tests/fakegh/scenarios
P=/repos/hub4j-test-org/github-api
PR=hub4j-test-org/github-api#479
# nothing listens on port 1
CLOSED=http://127.0.0.1:1
GO_POLICY='{"window": {"timezone": "UTC", "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "start": "00:00", "end": "24:00"}}'
# the bot: GO on a Wednesday morning, NO-GO (window closed) on a Friday
# evening
GO_AT=2026-11-25T10:00:00+01:00
NOGO_AT=2026-11-27T17:30:00+01:00
UNDECIDED='prgate: push to production/master blocked: prgate could not decide (PRGATE_HOOK_UNDECIDED=allow lets it through)
prgate: to push anyway, give the reason: PRGATE_SKIP="..." git push ...'
cat >"$tmp/event.json" <<'EOF'
{"action": "synchronize", "number": 479, "pull_request": {"number": 479},
 "repository": {"full_name": "hub4j-test-org/github-api",
                "default_branch": "main"}}
EOF

# ---- checks: inside a case, each one appends a line to $res ----

pass() { echo ok >>"$res"; }
fail() { echo "FAIL $name: $*" >>"$res"; }

# expect WHAT GOT WANT
expect() {
	if [ "$2" = "$3" ]; then pass; else fail "$1: got '$2', want '$3'"; fi
}

# same WHAT FILE: FILE holds exactly stdin
same() {
	cat >"$W.want"
	if cmp -s "$W.want" "$2"; then
		pass
	else
		fail "$1 differs (- want, + got):"
		diff -u "$W.want" "$2" | sed '1,2d; s/^/    /' | head -30 >>"$res"
	fi
}

# count LINE: how many times the fake got "METHOD target" LINE
count() {
	if [ -n "${FAKEGH_LOG:-}" ]; then
		fakegh_requests | norm | grep -cxF -e "$1"
	else
		echo 0
	fi
}

# gap TARGET: seconds between the first two requests for TARGET
gap() {
	python3 - "$FAKEGH_LOG" "$1" "${NEW:-@}" <<'EOF'
import json, sys
log, want, new = sys.argv[1], sys.argv[2], sys.argv[3]
t = [r["time"] for r in map(json.loads, open(log, encoding="utf-8"))
     if r["target"].replace(new, "NEW") == want]
print(int(t[1] - t[0]) if len(t) > 1 else "none")
EOF
}

# at_least WHAT GOT MIN
at_least() {
	if [ "$2" != none ] && [ "$2" -ge "$3" ]; then pass; else
		fail "$1: $2, want at least $3"
	fi
}

# below WHAT GOT MAX: a configured limit was used, not a longer default
below() {
	if [ "$2" != none ] && [ "$2" -lt "$3" ]; then pass; else
		fail "$1: $2, want less than $3"
	fi
}

# Replace what changes from run to run: the servers' URLs, the commits,
# curl's milliseconds, clock times.
norm() {
	set -- -e 's/after [0-9]* ms/after N ms/g' \
		-e 's/after [0-9]* milliseconds/after N milliseconds/g' \
		-e 's/\([0-9]\{4\}-[0-9][0-9]-[0-9][0-9] \)\{0,1\}[0-9][0-9]:[0-9][0-9]:[0-9][0-9] UTC/HH:MM:SS UTC/g'
	[ -z "${FAKEGH_URL:-}" ] || set -- "$@" -e "s|$FAKEGH_URL|http://fake|g"
	[ -z "${TRAP_PORT:-}" ] || set -- "$@" -e "s|localhost:$TRAP_PORT|localhost:TRAP|g"
	[ -z "${OLD:-}" ] || set -- "$@" -e "s/$OLD/OLD/g"
	[ -z "${NEW:-}" ] || set -- "$@" -e "s/$NEW/NEW/g" \
		-e "s/$(printf %.7s "$NEW")/NEW7/g"
	sed "$@"
}

# The token: nowhere in the case's folder (stdout, stderr, the journal,
# the summary, the outputs, the repositories, the redirect target's
# request log), and in the fake's log only as the Authorization header,
# which every request carries.
check_token() {
	if grep -rlF "$TOKEN" "$W" >"$W.leaks" 2>/dev/null; then
		fail "the token is in: $(sed "s|$W/||" "$W.leaks" | tr '\n' ' ')"
	else
		pass
	fi
	[ -n "${FAKEGH_LOG:-}" ] || return 0
	if python3 - "$FAKEGH_LOG" "$TOKEN" >"$W.tokenlog" <<'EOF'; then
import json, sys
log, tok = sys.argv[1], sys.argv[2]
bad = 0
for line in open(log, encoding="utf-8"):
    r = json.loads(line)
    if r["headers"].pop("authorization", None) != "Bearer " + tok:
        print("no or a wrong authorization:", r["method"], r["target"]); bad = 1
    if tok in json.dumps(r):
        print("the token outside authorization:", r["method"], r["target"]); bad = 1
sys.exit(bad)
EOF
		pass
	else
		fail "the fake's log: $(cat "$W.tokenlog")"
	fi
}

# A second server on another origin (http://localhost:TRAP_PORT) for a
# redirect to point at; its request log is in the case's folder.
trap_start() {
	mkdir "$W/trap"
	python3 "$FAKEGH_HOME/fakegh.py" --scenario "$SC/clean.json" \
		--port-file "$W/trap/port" --log "$W/trap/requests.jsonl" \
		--parent-pid $$ </dev/null >"$W/trap/stdout" 2>&1 &
	TRAP_PID=$!
	trap_tries=0
	while [ ! -s "$W/trap/port" ] && [ "$trap_tries" -lt 200 ]; do
		trap_tries=$((trap_tries + 1))
		sleep 0.05
	done
	TRAP_PORT=$(cat "$W/trap/port" 2>/dev/null)
	[ -n "$TRAP_PORT" ]
}

trap_stop() {
	if [ -n "${TRAP_PID:-}" ]; then
		kill "$TRAP_PID" 2>/dev/null
		wait "$TRAP_PID" 2>/dev/null
	fi
	TRAP_PID=
}

# redirect_scenario BASE METHOD PATH-REGEX: $W/redirect.json, the
# scenario BASE, but METHOD PATH-REGEX redirects to the trap server (with
# a query that must not show anywhere).
redirect_scenario() {
	cat >"$W/redirect.json" <<EOF
{"comment": "$1, but $2 $3 redirects to another origin",
 "extends": "$SC/$1",
 "routes": [
  {"method": "$2", "path_regex": "$3",
   "fault": "redirect:http://localhost:$TRAP_PORT$P/moved?token=leak"}
 ]}
EOF
}

# ---- the pre-push hook ----

# A work repository in $W/work whose push to production (a bare
# repository with $OLD on master) of main ($NEW) is a deploy; the policy's
# window always open; the hook installed by `prgate hook install`, with
# prgate run through a wrapper that keeps its exit status.
hook_repo() {
	git init -q --bare "$W/prod.git" &&
		git init -q -b main "$W/work" &&
		(
			cd "$W/work" &&
				echo one >f && git add f && git commit -qm one &&
				git remote add origin \
					git@github.com:hub4j-test-org/github-api.git &&
				git remote add production ../prod.git &&
				git push -q production main:master &&
				echo two >f && git commit -qam two
		) >"$W/setup" 2>&1 || {
		fail "the repository could not be made: $(cat "$W/setup")"
		return 1
	}
	OLD=$(git -C "$W/work" rev-parse HEAD~1)
	NEW=$(git -C "$W/work" rev-parse HEAD)
	printf '%s\n' "$GO_POLICY" >"$W/work/.prgate.json"
	origin_main "$W/work"
	(cd "$W/work" && "$PRGATE" hook install) >"$W/setup" 2>&1
	cat >"$W/prgate-rec" <<EOF
#!/bin/sh
"$PRGATE" "\$@"
st=\$?
echo \$st >"$W/hook-status"
exit \$st
EOF
	chmod +x "$W/prgate-rec"
	sed -i "s|^prgate=.*|prgate='$W/prgate-rec'|" "$W/work/.git/hooks/pre-push"
	grep -q "prgate-rec" "$W/work/.git/hooks/pre-push" || {
		fail "the hook was not installed: $(cat "$W/setup")"
		return 1
	}
}

prod() { git --git-dir="$W/prod.git" rev-parse -q --verify refs/heads/master; }

journal_lines() {
	if [ -f "$W/work/.git/prgate/deploys.jsonl" ]; then
		wc -l <"$W/work/.git/prgate/deploys.jsonl" | tr -d ' '
	else
		echo 0
	fi
}

# deploy [API]: `git push production main:master` against API (default:
# the fake). $git_st is git's status, $hook_st prgate's, $W/n prgate's
# stderr (git's own lines left out, normalised), $elapsed whole seconds.
deploy() {
	rm -f "$W/hook-status"
	deploy_start=$(date +%s)
	(cd "$W/work" && PRGATE_API_URL=${1:-$FAKEGH_URL} \
		git push production main:master) >"$W/out" 2>"$W/err"
	git_st=$?
	elapsed=$(($(date +%s) - deploy_start))
	hook_st=$(cat "$W/hook-status" 2>/dev/null || echo "not run")
	grep -Ev '^To |^error: failed to push some refs|^ [-*+!=] |^   [0-9a-f]{7,}\.\.' \
		"$W/err" | norm >"$W/n"
}

# blocked STATUS: the push was refused, prgate said why (stdin, exactly)
blocked() {
	expect "prgate's exit status" "$hook_st" "$1"
	expect "git push's exit status" "$git_st" 1
	expect "production/master" "$(prod)" "$OLD"
	expect "journal lines" "$(journal_lines)" 0
	same "stderr" "$W/n"
}

# pushed: the deploy went through as GO, journaled
pushed() {
	expect "prgate's exit status" "$hook_st" 0
	expect "git push's exit status" "$git_st" 0
	expect "production/master" "$(prod)" "$NEW"
	expect "journal" "$(python3 -c 'import json, sys
e = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
print(len(e), e[-1]["verdict"], e[-1]["pr"])' \
		"$W/work/.git/prgate/deploys.jsonl" 2>&1)" "1 go $PR"
	grep -E '^prgate: |: (GO|NO-GO|UNKNOWN)' "$W/n" >"$W/key"
	same "stderr's key lines" "$W/key" <<EOF
prgate: deploying NEW7 to production/master: $PR
$PR: GO: 0 errors, 0 warnings
prgate: to roll back: git push -f production OLD:master
EOF
}

# hook_case SCENARIO: a fresh repository, the fake with SCENARIO, a push
hook_case() {
	hook_repo || return 1
	fakegh_start "$SC/$1.json" || {
		fail "the fake server did not start"
		return 1
	}
	deploy
}

h_refused() {
	hook_repo || return 1
	deploy "$CLOSED"
	blocked 3 <<EOF
prgate: error: cannot GET $CLOSED$P/commits/NEW/pulls: Failed to connect to 127.0.0.1 port 1 after N ms: Couldn't connect to server (gave up after 3 tries)
$UNDECIDED
EOF
	check_token
}

h_reset() {
	hook_case faults-hook-reset || return 1
	blocked 3 <<EOF
prgate: error: cannot GET http://fake$P/commits/NEW/pulls: Recv failure: Connection reset by peer (gave up after 3 tries)
$UNDECIDED
EOF
	expect "lookups" "$(count "GET $P/commits/NEW/pulls?per_page=100")" 3
	check_token
}

h_hang_once() {
	hook_case faults-hook-hang-once || return 1
	pushed
	expect "lookups" "$(count "GET $P/commits/NEW/pulls?per_page=100")" 2
	# the hook's own timeout: 10 s, not check's 30 s
	g=$(gap "$P/commits/NEW/pulls?per_page=100")
	at_least "seconds before the second lookup (the timeout)" "$g" 10
	below "seconds before the second lookup (the timeout)" "$g" 30
	check_token
}

# PRGATE_TIMEOUT that is not a number of seconds from 1 to 600
h_bad_timeout() {
	PRGATE_TIMEOUT=0
	export PRGATE_TIMEOUT
	hook_case faults-hook-hang-once || return 1
	blocked 2 <<'EOF'
prgate: error: PRGATE_TIMEOUT must be a whole number of seconds from 1 to 600, not '0'
prgate: push to production/master blocked: PRGATE_TIMEOUT is wrong (see above)
prgate: to push anyway, give the reason: PRGATE_SKIP="..." git push ...
EOF
	expect "requests" "$(wc -l <"$FAKEGH_LOG" | tr -d ' ')" 0
	check_token
}

h_5xx_once() {
	hook_case faults-hook-5xx-once || return 1
	pushed
	expect "lookups (502, then 200)" \
		"$(count "GET $P/commits/NEW/pulls?per_page=100")" 2
	# 500, then 200, then once more for the head (the deploy's SHA)
	expect "GETs of the PR (500, then 200, then the head)" \
		"$(count "GET $P/pulls/479")" 3
	expect "GETs of the reviews (503, then 200)" \
		"$(count "GET $P/pulls/479/reviews?per_page=100")" 2
	check_token
}

h_503() {
	hook_case faults-hook-503 || return 1
	blocked 3 <<EOF
prgate: error: GitHub answered 503 Service Unavailable to GET $P/commits/NEW/pulls (gave up after 3 tries)
$UNDECIDED
EOF
	expect "lookups" "$(count "GET $P/commits/NEW/pulls?per_page=100")" 3
	check_token
}

h_rate_limit_wait() {
	hook_case faults-hook-rate-limit-wait || return 1
	pushed
	at_least "seconds waited after the 403 (retry-after 1)" \
		"$(gap "$P/commits/NEW/pulls?per_page=100")" 1
	at_least "seconds waited after the 429 (retry-after 1)" \
		"$(gap "$P/pulls/479")" 1
	check_token
}

h_secondary_too_long() {
	hook_case faults-hook-secondary-too-long || return 1
	blocked 3 <<EOF
prgate: error: GitHub secondary rate limit exceeded; retry after HH:MM:SS UTC (in 1 min)
$UNDECIDED
EOF
	expect "lookups" "$(count "GET $P/commits/NEW/pulls?per_page=100")" 1
	expect "did not wait" "$([ "$elapsed" -le 5 ] && echo yes)" yes
	check_token
}

h_too_many_too_long() {
	hook_case faults-hook-too-many-too-long || return 1
	blocked 3 <<EOF
prgate: deploying NEW7 to production/master: $PR
prgate: error: GitHub secondary rate limit exceeded; retry after HH:MM:SS UTC (in 60 min)
$PR: UNKNOWN: could not decide
$UNDECIDED
EOF
	expect "GETs of the PR" "$(count "GET $P/pulls/479")" 1
	expect "did not wait" "$([ "$elapsed" -le 5 ] && echo yes)" yes
	check_token
}

h_truncate() {
	hook_case faults-hook-truncate || return 1
	blocked 3 <<EOF
prgate: error: cannot GET http://fake$P/commits/NEW/pulls: transfer closed with 13125 bytes remaining to read (gave up after 3 tries)
$UNDECIDED
EOF
	check_token
}

h_invalid_json() {
	hook_case faults-hook-invalid-json || return 1
	blocked 3 <<EOF
prgate: error: unexpected reply from GET $P/commits/NEW/pulls: 1:10: invalid JSON: expected a key in double quotes
$UNDECIDED
EOF
	expect "lookups" "$(count "GET $P/commits/NEW/pulls?per_page=100")" 1
	check_token
}

h_big_length() {
	hook_case faults-hook-big-length || return 1
	blocked 3 <<EOF
prgate: deploying NEW7 to production/master: $PR
prgate: error: cannot GET http://fake$P/pulls/479: transfer closed with 1000000 bytes remaining to read (gave up after 3 tries)
$PR: UNKNOWN: could not decide
$UNDECIDED
EOF
	check_token
}

h_huge() {
	hook_case faults-hook-huge || return 1
	blocked 3 <<EOF
prgate: error: the reply to GET $P/commits/NEW/pulls is over the 8 MiB limit
$UNDECIDED
EOF
	expect "lookups" "$(count "GET $P/commits/NEW/pulls?per_page=100")" 1
	check_token
}

h_redirect() {
	hook_repo || return 1
	trap_start || {
		fail "the second server did not start"
		return 1
	}
	redirect_scenario hook-go.json GET "$P/commits/[0-9a-f]{40}/pulls"
	fakegh_start "$W/redirect.json" || {
		fail "the fake server did not start"
		return 1
	}
	deploy
	blocked 3 <<EOF
prgate: error: GitHub redirected GET $P/commits/NEW/pulls to http://localhost:TRAP$P/moved (302 Found); redirects are not followed
$UNDECIDED
EOF
	expect "requests to the redirect's target" \
		"$(wc -l <"$W/trap/requests.jsonl" | tr -d ' ')" 0
	check_token
}

h_plain_http() {
	hook_repo || return 1
	deploy http://api.example.com
	blocked 2 <<'EOF'
prgate: error: refusing to send the token to "http://api.example.com/" over plain http: use https (http is only for 127.0.0.1, localhost and ::1)
prgate: push to production/master blocked: prgate cannot ask GitHub (see above)
prgate: to push anyway, give the reason: PRGATE_SKIP="..." git push ...
EOF
	check_token
}

# ---- the comment bot ----

# bot AT [API]: `prgate check --comment` as the workflow step runs it (a
# pull_request event, the API from GITHUB_API_URL) at AT; $bot_st, $W/o
# and $W/e (stdout, stderr, normalised), $elapsed whole seconds.
bot() {
	bot_start=$(date +%s)
	(
		cd "$W" || exit 99
		GITHUB_ACTIONS=true GITHUB_EVENT_NAME=pull_request \
			GITHUB_EVENT_PATH="$tmp/event.json" \
			GITHUB_REPOSITORY=hub4j-test-org/github-api \
			GITHUB_API_URL=${2:-$FAKEGH_URL} \
			GITHUB_SERVER_URL=https://github.com GITHUB_RUN_ID=4242 \
			GITHUB_STEP_SUMMARY=summary.md GITHUB_OUTPUT=output.txt \
			"$PRGATE" check --comment --at "$1"
	) >"$W/out" 2>"$W/err"
	bot_st=$?
	elapsed=$(($(date +%s) - bot_start))
	norm <"$W/out" >"$W/o"
	norm <"$W/err" >"$W/e"
}

# What the run wrote: the step outputs' verdict and the job summary's
# first line
outputs() {
	expect "step outputs" "$(sed -n 's/^verdict=//p' "$W/output.txt" 2>&1)" "$1"
	expect "job summary" "$(head -n 1 "$W/summary.md" 2>&1 | sed 's/ — .*//')" \
		"$2"
}

# comments: every POST and PATCH the fake got, as "METHOD path", the
# comment's verdict line and, for UNKNOWN, the line that says why, into
# $W/c
comments() {
	python3 - "$FAKEGH_LOG" >"$W/c.raw" <<'EOF'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    if r["method"] in ("POST", "PATCH"):
        body = json.loads(r["body"])["body"].split("\n")
        print(r["method"], r["path"])
        print(" ", body[1].split(" \u2014 ")[0])
        if "UNKNOWN" in body[1]:
            print(" ", body[3])
EOF
	norm <"$W/c.raw" >"$W/c"
}

# undecided_bot REASON: the bot could not decide (exit 3), said why, and
# wrote an UNKNOWN comment, summary and outputs
undecided_bot() {
	expect "exit status" "$bot_st" 3
	same "stdout" "$W/o" <<EOF
::error file=$PR,title=prgate::$1
EOF
	same "stderr" "$W/e" <<EOF
prgate: error: $1
prgate: created comment 1254853699 on $PR
prgate: warning: no status for $PR: its head commit is unknown
EOF
	comments
	same "the comment" "$W/c" <<EOF
POST $P/issues/479/comments
  ❓ prgate: **UNKNOWN**
  Could not decide: $1
EOF
	outputs unknown "❓ prgate: **UNKNOWN**"
}

# go_bot: the normal verdict, GO, and its comment
go_bot() {
	expect "exit status" "$bot_st" 0
	same "stdout" "$W/o" </dev/null
	same "stderr" "$W/e" <<EOF
prgate: created comment 1254853699 on $PR
prgate: status prgate of $PR (78b9ff4): success
EOF
	comments
	same "the comment" "$W/c" <<EOF
POST $P/issues/479/comments
  ✅ prgate: **GO**
EOF
	outputs go "✅ prgate: **GO**"
}

# bot_case SCENARIO [AT]: the fake with SCENARIO, one run of the bot
bot_case() {
	fakegh_start "$SC/$1.json" || {
		fail "the fake server did not start"
		return 1
	}
	bot "${2:-$GO_AT}"
}

b_refused() {
	bot "$GO_AT" "$CLOSED"
	expect "exit status" "$bot_st" 3
	same "stdout" "$W/o" <<EOF
::error file=$PR,title=prgate::cannot GET $CLOSED$P/pulls/479: Failed to connect to 127.0.0.1 port 1 after N ms: Couldn't connect to server (gave up after 4 tries)
EOF
	same "stderr" "$W/e" <<EOF
prgate: error: cannot GET $CLOSED$P/pulls/479: Failed to connect to 127.0.0.1 port 1 after N ms: Couldn't connect to server (gave up after 4 tries)
prgate: warning: cannot comment on the PR (cannot GET $CLOSED$P/issues/479/comments: Failed to connect to 127.0.0.1 port 1 after N ms: Couldn't connect to server (gave up after 4 tries)): the report is in the job summary
prgate: warning: no status for $PR: its head commit is unknown
EOF
	outputs unknown "❓ prgate: **UNKNOWN**"
	check_token
}

b_reset() {
	bot_case github-close-mid-body || return 1
	undecided_bot "cannot GET http://fake$P/pulls/479: Recv failure: Connection reset by peer (gave up after 4 tries)"
	expect "GETs of the PR" "$(count "GET $P/pulls/479")" 4
	check_token
}

b_hang_once() {
	PRGATE_TIMEOUT=3
	export PRGATE_TIMEOUT
	bot_case faults-bot-hang-once || return 1
	go_bot
	expect "GETs of the PR" "$(count "GET $P/pulls/479")" 2
	g=$(gap "$P/pulls/479")
	at_least "seconds before the second GET (PRGATE_TIMEOUT=3)" "$g" 3
	below "seconds before the second GET (PRGATE_TIMEOUT=3)" "$g" 30
	check_token
}

b_bad_timeout() {
	PRGATE_TIMEOUT=2.5
	export PRGATE_TIMEOUT
	bot_case faults-bot-hang-once || return 1
	expect "exit status" "$bot_st" 2
	same "stderr" "$W/e" <<'EOF'
prgate: error: PRGATE_TIMEOUT must be a whole number of seconds from 1 to 600, not '2.5'
EOF
	expect "requests" "$(wc -l <"$FAKEGH_LOG" | tr -d ' ')" 0
}

b_5xx_once() {
	bot_case faults-bot-5xx-once || return 1
	go_bot
	expect "GETs of the PR (500, then 200)" "$(count "GET $P/pulls/479")" 2
	expect "GETs of the reviews (502, then 200)" \
		"$(count "GET $P/pulls/479/reviews?per_page=100")" 2
	expect "GETs of the files (503, then 200)" \
		"$(count "GET $P/pulls/479/files?per_page=100")" 2
	check_token
}

b_502() {
	bot_case faults-bot-502 || return 1
	undecided_bot "GitHub answered 502 Bad Gateway to GET $P/pulls/479 (gave up after 4 tries)"
	expect "GETs of the PR" "$(count "GET $P/pulls/479")" 4
	check_token
}

b_secondary_once() {
	bot_case secondary-rate-limit || return 1
	go_bot
	at_least "seconds waited (retry-after 1)" "$(gap "$P/pulls/479")" 1
	check_token
}

b_too_many_once() {
	bot_case github-too-many || return 1
	go_bot
	at_least "seconds waited (retry-after 1)" "$(gap "$P/pulls/479")" 1
	check_token
}

# a secondary limit beyond the wait budget: nothing more is sent until
# then, not even the comment (the report is in the job summary)
b_secondary_too_long() {
	bot_case faults-bot-secondary-too-long || return 1
	m="GitHub secondary rate limit exceeded; retry after HH:MM:SS UTC (in 2 min)"
	expect "exit status" "$bot_st" 3
	same "stdout" "$W/o" <<EOF
::error file=$PR,title=prgate::$m
EOF
	same "stderr" "$W/e" <<EOF
prgate: error: $m
prgate: warning: cannot comment on the PR ($m): the report is in the job summary
prgate: warning: no status for $PR: its head commit is unknown
EOF
	outputs unknown "❓ prgate: **UNKNOWN**"
	expect "writes" "$(fakegh_requests | grep -cv '^GET ')" 0
	expect "GETs of the PR" "$(count "GET $P/pulls/479")" 1
	expect "did not wait" "$([ "$elapsed" -le 5 ] && echo yes)" yes
	check_token
}

b_truncate() {
	bot_case github-truncate || return 1
	undecided_bot "cannot GET http://fake$P/pulls/479: transfer closed with 9460 bytes remaining to read (gave up after 4 tries)"
	check_token
}

b_invalid_json() {
	bot_case github-invalid-json || return 1
	undecided_bot "unexpected reply from GET $P/pulls/479: 1:10: invalid JSON: expected a key in double quotes"
	check_token
}

b_big_length() {
	bot_case github-big-length || return 1
	undecided_bot "cannot GET http://fake$P/pulls/479: transfer closed with 1000000 bytes remaining to read (gave up after 4 tries)"
	check_token
}

b_huge() {
	bot_case github-huge || return 1
	undecided_bot "the reply to GET $P/pulls/479 is over the 8 MiB limit"
	expect "GETs of the PR" "$(count "GET $P/pulls/479")" 1
	check_token
}

b_redirect() {
	trap_start || {
		fail "the second server did not start"
		return 1
	}
	redirect_scenario clean.json GET "$P/pulls/479"
	fakegh_start "$W/redirect.json" || {
		fail "the fake server did not start"
		return 1
	}
	bot "$GO_AT"
	undecided_bot "GitHub redirected GET $P/pulls/479 to http://localhost:TRAP$P/moved (302 Found); redirects are not followed"
	expect "requests to the redirect's target" \
		"$(wc -l <"$W/trap/requests.jsonl" | tr -d ' ')" 0
	check_token
}

b_plain_http() {
	bot "$GO_AT" http://ghe.example.com/api/v3
	expect "exit status" "$bot_st" 2
	msg='refusing to send the token to "http://ghe.example.com/api/v3" over plain http: use https (http is only for 127.0.0.1, localhost and ::1)'
	same "stdout" "$W/o" <<EOF
::error file=$PR,title=prgate::$msg
EOF
	same "stderr" "$W/e" <<EOF
prgate: error: $msg
prgate: warning: cannot comment on the PR ($msg): the report is in the job summary
prgate: warning: no status for $PR: its head commit is unknown
EOF
	outputs unknown "❓ prgate: **UNKNOWN**"
	check_token
}

# ---- faults on the comment endpoints: a warning, the verdict's status ----

# not_commented STATUS VERDICT WHY: the run ended with the verdict's
# status, warned that it could not comment and why
not_commented() {
	expect "exit status" "$bot_st" "$1"
	same "stderr" "$W/e" <<EOF
prgate: warning: cannot comment on the PR ($3): the report is in the job summary
prgate: status prgate of $PR (78b9ff4): $([ "$2" = go ] && echo success || echo failure)
EOF
	outputs "$2" "$([ "$2" = go ] && echo "✅ prgate: **GO**" || echo "❌ prgate: **NO-GO**")"
}

c_list_502() {
	bot_case faults-comments-list-502 || return 1
	not_commented 0 go "GitHub answered 502 Bad Gateway to GET $P/issues/479/comments (gave up after 4 tries)"
	expect "comment listings" \
		"$(count "GET $P/issues/479/comments?per_page=100")" 4
	comments
	same "comments written" "$W/c" </dev/null
	check_token
}

c_list_invalid_json() {
	bot_case faults-comments-list-invalid-json "$NOGO_AT" || return 1
	not_commented 1 no-go "unexpected reply from GET $P/issues/479/comments: 1:10: invalid JSON: expected a key in double quotes"
	comments
	same "comments written" "$W/c" </dev/null
	check_token
}

# the comments' list refused for an hour: no status either (nothing
# more is sent until then)
c_list_too_many() {
	bot_case faults-comments-list-too-many || return 1
	m="GitHub secondary rate limit exceeded; retry after HH:MM:SS UTC (in 60 min)"
	expect "exit status" "$bot_st" 0
	same "stderr" "$W/e" <<EOF
prgate: warning: cannot comment on the PR ($m): the report is in the job summary
prgate: warning: cannot set the status prgate of $PR: $m
EOF
	outputs go "✅ prgate: **GO**"
	expect "writes" "$(fakegh_requests | grep -cv '^GET ')" 0
	expect "comment listings" \
		"$(count "GET $P/issues/479/comments?per_page=100")" 1
	expect "did not wait" "$([ "$elapsed" -le 5 ] && echo yes)" yes
	comments
	same "comments written" "$W/c" </dev/null
	check_token
}

c_list_huge() {
	bot_case faults-comments-list-huge "$NOGO_AT" || return 1
	not_commented 1 no-go "the reply to GET $P/issues/479/comments is over the 8 MiB limit"
	comments
	same "comments written" "$W/c" </dev/null
	check_token
}

c_list_redirect() {
	trap_start || {
		fail "the second server did not start"
		return 1
	}
	redirect_scenario clean.json GET "$P/issues/479/comments"
	fakegh_start "$W/redirect.json" || {
		fail "the fake server did not start"
		return 1
	}
	bot "$GO_AT"
	not_commented 0 go "GitHub redirected GET $P/issues/479/comments to http://localhost:TRAP$P/moved (302 Found); redirects are not followed"
	comments
	same "comments written" "$W/c" </dev/null
	expect "requests to the redirect's target" \
		"$(wc -l <"$W/trap/requests.jsonl" | tr -d ' ')" 0
	check_token
}

c_post_500() {
	bot_case faults-comment-post-500 "$NOGO_AT" || return 1
	not_commented 1 no-go "GitHub answered 500 Internal Server Error to POST $P/issues/479/comments"
	expect "POSTs (a 5xx is not retried)" \
		"$(count "POST $P/issues/479/comments")" 1
	check_token
}

c_post_reset() {
	bot_case faults-comment-post-reset || return 1
	not_commented 0 go "cannot POST http://fake$P/issues/479/comments: Recv failure: Connection reset by peer"
	expect "POSTs (not retried: it may have been made)" \
		"$(count "POST $P/issues/479/comments")" 1
	check_token
}

c_post_hang() {
	PRGATE_TIMEOUT=3
	export PRGATE_TIMEOUT
	bot_case faults-comment-post-hang || return 1
	not_commented 0 go "cannot POST http://fake$P/issues/479/comments: Operation timed out after N milliseconds with 0 bytes received"
	expect "POSTs (not retried: it may have been made)" \
		"$(count "POST $P/issues/479/comments")" 1
	check_token
}

c_post_secondary_once() {
	bot_case faults-comment-post-secondary-once "$NOGO_AT" || return 1
	expect "exit status" "$bot_st" 1
	same "stderr" "$W/e" <<EOF
prgate: created comment 1254853699 on $PR
prgate: status prgate of $PR (78b9ff4): failure
EOF
	expect "POSTs (a rate limit is retried)" \
		"$(count "POST $P/issues/479/comments")" 2
	at_least "seconds waited (retry-after 1)" \
		"$(gap "$P/issues/479/comments")" 1
	comments
	same "comments written" "$W/c" <<EOF
POST $P/issues/479/comments
  ❌ prgate: **NO-GO**
POST $P/issues/479/comments
  ❌ prgate: **NO-GO**
EOF
	check_token
}

c_patch_503() {
	bot_case faults-comment-patch-503 || return 1
	not_commented 0 go "GitHub answered 503 Service Unavailable to PATCH $P/issues/comments/1254853901"
	comments
	same "comments written (no second comment)" "$W/c" <<EOF
PATCH $P/issues/comments/1254853901
  ✅ prgate: **GO**
EOF
	check_token
}

c_patch_truncate() {
	bot_case faults-comment-patch-truncate "$NOGO_AT" || return 1
	not_commented 1 no-go "cannot PATCH http://fake$P/issues/comments/1254853901: transfer closed with 713 bytes remaining to read"
	comments
	same "comments written (no second comment)" "$W/c" <<EOF
PATCH $P/issues/comments/1254853901
  ❌ prgate: **NO-GO**
EOF
	check_token
}

# ---- running the cases ----

MAX_JOBS=${FAULTS_JOBS:-10}
spawned=0
job_names=

# spawn CASE: run the function CASE in the background, in a shell of its
# own (its own fake server, folder $W and results $W.res)
spawn() {
	while [ $((spawned - $(find "$tmp" -maxdepth 1 -name '*.end' | wc -l))) \
		-ge "$MAX_JOBS" ]; do
		sleep 0.1
	done
	mkdir "$tmp/$1"
	(
		name=$1
		W=$tmp/$1
		res=$W.res
		: >"$res"
		trap 'fakegh_stop >/dev/null 2>&1; trap_stop; : >"$W.end"' EXIT
		trap 'exit 1' INT TERM
		"$1"
		echo finished >>"$res"
	) >"$tmp/$1.log" 2>&1 &
	job_pids="$job_pids $!"
	spawned=$((spawned + 1))
	job_names="$job_names $1"
}

# the slow ones first: a timeout each, then 7 s of retries
for c in h_hang_once b_hang_once c_post_hang h_bad_timeout b_bad_timeout b_refused b_reset b_502 \
	b_truncate b_big_length c_list_502 h_refused h_reset h_5xx_once h_503 \
	h_rate_limit_wait h_secondary_too_long h_too_many_too_long \
	h_truncate h_invalid_json h_big_length h_huge h_redirect h_plain_http \
	b_5xx_once b_secondary_once b_too_many_once b_secondary_too_long \
	b_invalid_json b_huge b_redirect b_plain_http c_list_invalid_json \
	c_list_too_many c_list_huge c_list_redirect c_post_500 c_post_reset \
	c_post_secondary_once c_patch_503 c_patch_truncate; do
	spawn "$c"
done
wait
job_pids=

passed=0
failed=0
for c in $job_names; do
	p=$(grep -c '^ok$' "$tmp/$c.res")
	f=$(grep -c '^FAIL ' "$tmp/$c.res")
	grep -v '^ok$' "$tmp/$c.res" | grep -vx finished
	if ! grep -qx finished "$tmp/$c.res"; then
		echo "FAIL $c: did not finish"
		sed 's/^/    /' "$tmp/$c.log" | tail -n 10
		f=$((f + 1))
	fi
	passed=$((passed + p))
	failed=$((failed + f))
done
# and nothing any case printed on the side has the token
if grep -rlF "$TOKEN" "$tmp" >/dev/null 2>&1; then
	echo "FAIL the token is in: $(grep -rlF "$TOKEN" "$tmp" | tr '\n' ' ')"
	failed=$((failed + 1))
else
	passed=$((passed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
