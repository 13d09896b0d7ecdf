#!/bin/sh
# secrets.sh - the token stays with the GitHub API, over real TLS and
# real proxies: an HTTPS fake GitHub with a certificate from a CA made
# here with openssl (refused without the CA, trusted with CURL_CA_BUNDLE
# or SSL_CERT_FILE, one connection and no request to an untrusted one),
# SSLKEYLOGFILE ignored, a proxy that never sees a plain-http request
# and sees only a CONNECT for https, the hook refusing to derive an API
# from an origin that is not GitHub, a --mirror push with more than 1 MiB
# of refs, and the bot comment rendered by cmark-gfm without a live link.
# After every run the token must be nowhere but in the Authorization
# header of requests to the API: not in stdout, stderr, any file, nor any
# listener's log. Ends with "N passed, N failed".
#
#   PRGATE=path/to/prgate sh tests/sh/secrets.sh   (default ./prgate)
set -u
cd "$(dirname "$0")/../.." || exit 2
top=$(pwd)
PRGATE=${PRGATE:-$top/prgate}
case $PRGATE in /*) ;; *) PRGATE=$top/$PRGATE ;; esac
. tests/fakegh/lib.sh
. tests/sh/lib/origin.sh
tmp=$(mktemp -d)
proxy_pid=
trap 'fakegh_stop >/dev/null 2>&1; [ -n "$proxy_pid" ] && kill "$proxy_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
export NO_COLOR=1 TZ=UTC LC_ALL=C
unset PRGATE_TOKEN GITHUB_TOKEN GH_TOKEN GITHUB_ACTIONS GITHUB_EVENT_PATH \
	GITHUB_REPOSITORY GITHUB_ACTOR PRGATE_API_URL PRGATE_SKIP \
	PRGATE_HOOK_UNDECIDED GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE \
	CURL_CA_BUNDLE SSL_CERT_FILE SSL_CERT_DIR SSLKEYLOGFILE \
	http_proxy HTTP_PROXY https_proxy HTTPS_PROXY all_proxy ALL_PROXY \
	no_proxy NO_PROXY GITHUB_API_URL
mkdir "$tmp/home"
export HOME="$tmp/home" GIT_CONFIG_NOSYSTEM=1 GIT_CEILING_DIRECTORIES="$tmp"
export GIT_AUTHOR_NAME=Dev GIT_AUTHOR_EMAIL=dev@example.com \
	GIT_COMMITTER_NAME=Dev GIT_COMMITTER_EMAIL=dev@example.com
TOKEN=ghp_secretsSuiteToken0123456789
AT=2026-11-25T10:00:00+01:00
PR=hub4j-test-org/github-api#479
passed=0
failed=0

pass() { passed=$((passed + 1)); }
fail() {
	failed=$((failed + 1))
	echo "secrets $1: $2"
}
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
# nowhere NAME FILE...: the token is in none of the files
nowhere() {
	nowhere_name=$1
	shift
	for f in "$@"; do
		if [ -f "$f" ] && grep -qF "$TOKEN" "$f"; then
			fail "$nowhere_name" "the token is in $(basename "$f")"
			return
		fi
	done
	pass
}
# only_bearer NAME: the fake's log holds the token only as the bearer
only_bearer() {
	if grep -F "$TOKEN" "$FAKEGH_LOG" |
		grep -vqF "\"authorization\": \"Bearer $TOKEN\""; then
		fail "$1" "the token went to the fake outside the Authorization header"
	else
		pass
	fi
}
lines() { if [ -f "$1" ]; then wc -l <"$1" | tr -d ' '; else echo 0; fi; }

# ---- a CA and a certificate for 127.0.0.1, made here ----
fakegh_certs "$tmp" || {
	echo "0 passed, 1 failed"
	exit 1
}

# The expected GO report of the clean scenario (tests/check/go).
GO=tests/check/go/expected

# run NAME ARGS...: prgate with the token; $st, $tmp/out, $tmp/err
run() {
	: >"$FAKEGH_LOG"
	: >"$tmp/conn"
	PRGATE_TOKEN=$TOKEN "$PRGATE" "$@" >"$tmp/out" 2>"$tmp/err"
	st=$?
	sed -i "s|127.0.0.1:$FAKEGH_PORT|127.0.0.1:PORT|g" "$tmp/out" "$tmp/err"
}

# ---- TLS: refused without the CA, one handshake, no request ----
fakegh_start clean --tls-cert "$tmp/srv.pem" --tls-key "$tmp/srv.key" \
	--conn-log "$tmp/conn" || exit 1
U=https://127.0.0.1:$FAKEGH_PORT
run check "$PR" --api-url "$U" --at "$AT"
check "untrusted: exit 3" [ "$st" = 3 ]
same "untrusted: stdout" "$tmp/out" <<EOF
$PR: UNKNOWN: could not decide
EOF
same "untrusted: stderr" "$tmp/err" <<'EOF'
prgate: error: cannot GET https://127.0.0.1:PORT/repos/hub4j-test-org/github-api/pulls/479: SSL certificate problem: unable to get local issuer certificate (the server's certificate is not trusted; for a private CA set CURL_CA_BUNDLE or SSL_CERT_FILE to its certificate)
EOF
check "untrusted: one connection" [ "$(grep -c '"connect"' "$tmp/conn")" = 1 ]
check "untrusted: its handshake failed" [ "$(grep -c '"tls-failed"' "$tmp/conn")" = 1 ]
check "untrusted: no request" [ "$(lines "$FAKEGH_LOG")" = 0 ]
nowhere "untrusted: token" "$tmp/out" "$tmp/err" "$tmp/conn" "$FAKEGH_LOG"

# a CA file that is not there: the same, never the system's CAs instead
CURL_CA_BUNDLE=$tmp/nothing.pem run check "$PR" --api-url "$U" --at "$AT"
check "missing CA file: exit 3" [ "$st" = 3 ]
check "missing CA file: no request" [ "$(lines "$FAKEGH_LOG")" = 0 ]
check "missing CA file: one connection at most" [ "$(grep -c '"connect"' "$tmp/conn")" -le 1 ]

# ---- TLS: trusted with CURL_CA_BUNDLE, and with SSL_CERT_FILE ----
: >"$FAKEGH_LOG"
: >"$tmp/conn"
for var in CURL_CA_BUNDLE SSL_CERT_FILE; do
	(
		export "$var=$tmp/ca.pem" SSLKEYLOGFILE="$tmp/keys"
		PRGATE_TOKEN=$TOKEN exec "$PRGATE" check "$PR" --api-url "$U" \
			--at "$AT"
	) >"$tmp/out" 2>"$tmp/err"
	st=$?
	check "$var: exit 0" [ "$st" = 0 ]
	same "$var: the GO report" "$tmp/out" <"$GO"
	check "$var: nothing on stderr" [ ! -s "$tmp/err" ]
	check "$var: every request had the token" \
		[ "$(grep -c "\"authorization\": \"Bearer $TOKEN\"" "$FAKEGH_LOG")" = "$(lines "$FAKEGH_LOG")" ]
	check "$var: asked" [ "$(lines "$FAKEGH_LOG")" -ge 5 ]
	check "$var: no TLS failure" [ "$(grep -c '"tls-failed"' "$tmp/conn")" = 0 ]
	check "$var: SSLKEYLOGFILE not written" [ ! -e "$tmp/keys" ]
	only_bearer "$var: token"
	nowhere "$var: token" "$tmp/out" "$tmp/err" "$tmp/conn"
	: >"$FAKEGH_LOG"
	: >"$tmp/conn"
done

# ---- a proxy: https only through CONNECT (it sees the host, no header) ----
cat >"$tmp/proxy.py" <<'PY'
import json, select, socket, socketserver, sys, threading
log = open(sys.argv[2], "a")
lock = threading.Lock()
class H(socketserver.BaseRequestHandler):
    def handle(self):
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = self.request.recv(65536)
            if not chunk:
                break
            data += chunk
        head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1")
        with lock:
            log.write(json.dumps({"head": head}) + "\n")
            log.flush()
        line = head.split("\r\n", 1)[0].split()
        if len(line) < 2 or line[0] != "CONNECT":
            self.request.sendall(b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n")
            return
        host, port = line[1].rsplit(":", 1)
        up = socket.create_connection((host, int(port)))
        self.request.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        socks = [self.request, up]
        while True:
            r, _, _ = select.select(socks, [], [], 5)
            if not r:
                break
            for s in r:
                d = s.recv(65536)
                if not d:
                    return
                (up if s is self.request else self.request).sendall(d)
class S(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
s = S(("127.0.0.1", 0), H)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(s.server_address[1]))
import os
os.replace(sys.argv[1] + ".tmp", sys.argv[1])
s.serve_forever()
PY
python3 "$tmp/proxy.py" "$tmp/proxy.port" "$tmp/proxy.log" </dev/null >/dev/null 2>&1 &
proxy_pid=$!
tries=0
while [ ! -s "$tmp/proxy.port" ] && [ $tries -lt 200 ]; do
	sleep 0.05
	tries=$((tries + 1))
done
P=http://127.0.0.1:$(cat "$tmp/proxy.port")
: >"$tmp/proxy.log"
: >"$FAKEGH_LOG"
HTTPS_PROXY=$P https_proxy=$P ALL_PROXY=$P CURL_CA_BUNDLE=$tmp/ca.pem \
	PRGATE_TOKEN=$TOKEN "$PRGATE" check "$PR" --api-url "$U" --at "$AT" \
	>"$tmp/out" 2>"$tmp/err"
st=$?
check "https proxy: exit 0" [ "$st" = 0 ]
same "https proxy: the GO report" "$tmp/out" <"$GO"
check "https proxy: went through it" [ "$(lines "$tmp/proxy.log")" -ge 1 ]
check "https proxy: CONNECT only" \
	[ "$(grep -c "\"head\": \"CONNECT 127.0.0.1:$FAKEGH_PORT HTTP/1.1" "$tmp/proxy.log")" = "$(lines "$tmp/proxy.log")" ]
nowhere "https proxy: token" "$tmp/out" "$tmp/err" "$tmp/proxy.log"
only_bearer "https proxy: token"
fakegh_stop

# ---- plain http (loopback only) never goes to a proxy ----
fakegh_start clean || exit 1
: >"$tmp/proxy.log"
http_proxy=$P HTTP_PROXY=$P ALL_PROXY=$P all_proxy=$P \
	PRGATE_TOKEN=$TOKEN "$PRGATE" check "$PR" --api-url "$FAKEGH_URL" \
	--at "$AT" >"$tmp/out" 2>"$tmp/err"
st=$?
check "http proxy: exit 0" [ "$st" = 0 ]
same "http proxy: the GO report" "$tmp/out" <"$GO"
check "http proxy: never asked" [ "$(lines "$tmp/proxy.log")" = 0 ]
nowhere "http proxy: token" "$tmp/out" "$tmp/err" "$tmp/proxy.log"
only_bearer "http proxy: token"
kill "$proxy_pid" 2>/dev/null
wait "$proxy_pid" 2>/dev/null
proxy_pid=
fakegh_stop

# ---- the hook: no API derived from an origin that is not GitHub ----
fakegh_start "$top/tests/fakegh/scenarios/hook-go.json" || exit 1
W=$tmp/t/work
rm -rf "$tmp/t" && mkdir "$tmp/t" &&
	git init -q --bare "$tmp/t/prod.git" &&
	git init -q --bare "$tmp/t/backup.git" &&
	git init -q -b main "$W" || exit 2
(
	cd "$W" &&
		echo one >f && git add f && git commit -qm one &&
		git remote add origin https://git.example.com/hub4j-test-org/github-api.git &&
		git remote add production ../prod.git &&
		git remote add backup ../backup.git &&
		git push -q production main:master &&
		echo two >f && git commit -qam two &&
		printf '%s\n' '{"window": {"timezone": "UTC", "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "start": "00:00", "end": "24:00"}}' >.prgate.json &&
		origin_main . &&
		"$PRGATE" hook install
) >/dev/null 2>&1 || exit 2
OLD=$(git --git-dir="$tmp/t/prod.git" rev-parse master)
: >"$FAKEGH_LOG"
(cd "$W" && PRGATE_TOKEN=$TOKEN git push production main:master) >"$tmp/out" 2>"$tmp/err"
st=$?
check "foreign origin: push refused" [ "$st" != 0 ]
check "foreign origin: production unchanged" \
	[ "$(git --git-dir="$tmp/t/prod.git" rev-parse master)" = "$OLD" ]
check "foreign origin: the reason" grep -qxF \
	"prgate: error: 'git.example.com' is not a known GitHub host: give its API with --api-url or PRGATE_API_URL, or list the host in the policy's \"github.hosts\"" "$tmp/err"
check "foreign origin: nothing asked" [ "$(lines "$FAKEGH_LOG")" = 0 ]
nowhere "foreign origin: token" "$tmp/out" "$tmp/err"
# named by PRGATE_API_URL, the same push goes through
(cd "$W" && PRGATE_TOKEN=$TOKEN PRGATE_API_URL=$FAKEGH_URL git push production main:master) >"$tmp/out" 2>"$tmp/err"
check "foreign origin, API named: pushed" [ $? = 0 ]
check "foreign origin, API named: asked the fake" [ "$(lines "$FAKEGH_LOG")" -ge 1 ]
only_bearer "foreign origin, API named: token"

# ---- the hook shows GitHub's text with its control characters visible ----
python3 - "$top" "$tmp/hook-esc.json" <<'EOF'
import json, sys
top, out = sys.argv[1], sys.argv[2]
go = json.load(open(top + "/tests/fakegh/scenarios/hook-go.json"))
pr = next(r for r in go["routes"] if r.get("path", "").endswith("/pulls/479"))
title = "Cache\x1b[2K\r  pass  freeze\x1b]52;c;ZWNobyBoaQ==\x07\u009b"
json.dump({"extends": top + "/tests/fakegh/scenarios/hook-go.json",
           "routes": [dict(pr, patch=dict(pr["patch"], title=title))]}, open(out, "w"))
EOF
fakegh_stop
fakegh_start "$tmp/hook-esc.json" || exit 1
(cd "$W" && echo esc >f && git commit -qam esc &&
	PRGATE_TOKEN=$TOKEN PRGATE_API_URL=$FAKEGH_URL git push production main:master) >"$tmp/out" 2>"$tmp/err"
check "hook escapes: pushed" [ $? = 0 ]
check "hook escapes: no ESC, BEL or CR reaches the terminal" \
	[ "$(tr -d -c '\033\007\015' <"$tmp/err" | wc -c)" = 0 ]
check "hook escapes: the title made visible" grep -qF \
	'#479: Cache\e[2K\x0d  pass  freeze\e]52;c;ZWNobyBoaQ==\x07\x9b' "$tmp/err"
nowhere "hook escapes: token" "$tmp/out" "$tmp/err"

# ---- the hook reads more than 1 MiB of refs (a --mirror push) ----
(
	cd "$W" &&
		long=$(printf 'r%.0s' $(seq 1 200)) &&
		i=0 && while [ $i -lt 3000 ]; do
			echo "create refs/tags/$long-$i HEAD"
			i=$((i + 1))
		done | git update-ref --stdin
) || exit 2
: >"$FAKEGH_LOG"
(cd "$W" && git push --mirror backup) >"$tmp/out" 2>"$tmp/err"
st=$?
check "mirror push: pushed" [ "$st" = 0 ]
# what git writes to the hook: "<ref> <sha> <ref> <sha>" a ref
check "mirror push: over 1 MiB of refs" \
	[ "$(git --git-dir="$tmp/t/backup.git" for-each-ref --format='%(refname)' |
		awk '{ n += 2 * length($0) + 84 } END { print n }')" -gt 1048576 ]
check "mirror push: not a deploy, nothing asked" [ "$(lines "$FAKEGH_LOG")" = 0 ]
(cd "$W" && echo three >f && git commit -qam three &&
	PRGATE_API_URL=$FAKEGH_URL git push production 'refs/tags/*:refs/tags/*' main:master) >"$tmp/out" 2>"$tmp/err"
st=$?
check "many refs to a deploy remote: pushed" [ "$st" = 0 ]
check "many refs to a deploy remote: gated" grep -q '^prgate: deploying ' "$tmp/err"
fakegh_stop

# ---- the bot comment, as GitHub renders it: no live link or image ----
if command -v cmark-gfm >/dev/null 2>&1; then
	for c in bot-title-links bot-hostile; do
		# the comment's body only (a commit status's target_url is
		# a link, and may be)
		awk '/^--- POST .*\/comments ---$/ { on = 1; next }
			/^--- / { on = 0 } on' "tests/check/$c/expected" >"$tmp/comment.md"
		check "$c: a comment to render" [ -s "$tmp/comment.md" ]
		cmark-gfm -e autolink -e table -e strikethrough -e tagfilter \
			"$tmp/comment.md" >"$tmp/html"
		check "$c: rendered without a link" [ "$(grep -c '<a ' "$tmp/html")" = 0 ]
		check "$c: rendered without an image" [ "$(grep -c '<img' "$tmp/html")" = 0 ]
	done
	cmark-gfm -e autolink "tests/check/bot-title-links/expected" >"$tmp/html"
	check "bot-title-links: the links shown as text" \
		grep -qF 'Fix [the login](https' "$tmp/html"
else
	fail "render" "cmark-gfm is not installed (make deps)"
fi

echo "$passed passed, $failed failed"
