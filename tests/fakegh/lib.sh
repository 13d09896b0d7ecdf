# lib.sh - start and stop the fake GitHub server from a shell test.
#
# Source it from the repository root (or set FAKEGH_HOME to this folder):
#
#     . tests/fakegh/lib.sh
#     trap fakegh_stop EXIT            # a failing test still stops it
#     trap 'exit 1' INT TERM           # ...and so does ^C
#     fakegh_start clean || exit 1     # scenarios/clean.json, or a path
#     prgate check 479 --api-url "$FAKEGH_URL" ...
#     fakegh_requests                  # GET /repos/.../pulls/479 ...
#     fakegh_stop
#
# fakegh_start SCENARIO [fakegh.py args]   start in the background, wait (at
#     most 10 s) until it listens; sets and exports FAKEGH_PORT, FAKEGH_URL,
#     FAKEGH_LOG (JSON lines, one per request), FAKEGH_PID, FAKEGH_TMP.
#     Returns 1 (after printing the server's error) if it cannot start.
#     Call it in the test's own shell, not in $(...), so fakegh_stop can wait.
# fakegh_stop      SIGTERM, wait (SIGKILL after 5 s), remove FAKEGH_TMP unless
#     FAKEGH_KEEP=1; sets FAKEGH_STATUS to the server's exit status. Safe to
#     call twice or when nothing was started.
# fakegh_requests  print "METHOD path?query" for each request so far.
# fakegh_certs DIR  a CA and a certificate for 127.0.0.1 (see below).
#
# POSIX sh; needs python3. One server at a time per shell.

FAKEGH_HOME=${FAKEGH_HOME:-tests/fakegh}

fakegh_start() {
	fakegh_scenario=$1
	shift
	case $fakegh_scenario in
	*/* | *.json) ;;
	*) fakegh_scenario=$FAKEGH_HOME/scenarios/$fakegh_scenario.json ;;
	esac
	FAKEGH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/fakegh.XXXXXX") || return 1
	FAKEGH_LOG=$FAKEGH_TMP/requests.jsonl
	: >"$FAKEGH_LOG"
	python3 "$FAKEGH_HOME/fakegh.py" --scenario "$fakegh_scenario" \
		--port-file "$FAKEGH_TMP/port" --log "$FAKEGH_LOG" \
		--parent-pid $$ "$@" \
		</dev/null >"$FAKEGH_TMP/stdout" 2>"$FAKEGH_TMP/stderr" &
	FAKEGH_PID=$!
	fakegh_tries=0
	while [ ! -s "$FAKEGH_TMP/port" ]; do
		if ! kill -0 "$FAKEGH_PID" 2>/dev/null ||
			[ "$fakegh_tries" -ge 200 ]; then
			echo "fakegh: error: server did not start" >&2
			cat "$FAKEGH_TMP/stderr" >&2
			fakegh_stop
			return 1
		fi
		fakegh_tries=$((fakegh_tries + 1))
		sleep 0.05
	done
	FAKEGH_PORT=$(cat "$FAKEGH_TMP/port")
	FAKEGH_URL=http://127.0.0.1:$FAKEGH_PORT
	export FAKEGH_PORT FAKEGH_URL FAKEGH_LOG FAKEGH_PID FAKEGH_TMP
}

fakegh_stop() {
	FAKEGH_STATUS=
	if [ -n "${FAKEGH_PID:-}" ]; then
		kill "$FAKEGH_PID" 2>/dev/null
		fakegh_tries=0
		while kill -0 "$FAKEGH_PID" 2>/dev/null &&
			[ "$fakegh_tries" -lt 100 ]; do
			fakegh_tries=$((fakegh_tries + 1))
			sleep 0.05
		done
		kill -9 "$FAKEGH_PID" 2>/dev/null
		wait "$FAKEGH_PID" 2>/dev/null
		FAKEGH_STATUS=$?
		export FAKEGH_STATUS
	fi
	if [ -n "${FAKEGH_TMP:-}" ] && [ "${FAKEGH_KEEP:-0}" != 1 ]; then
		rm -rf "$FAKEGH_TMP"
	fi
	FAKEGH_PID=
	FAKEGH_TMP=
	return 0
}

fakegh_requests() {
	python3 -c 'import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    print(r["method"], r["target"])' "$FAKEGH_LOG"
}

# fakegh_certs DIR: a CA (DIR/ca.pem, to trust) and a certificate for
# 127.0.0.1 and localhost signed by it (DIR/srv.pem, DIR/srv.key, for
# --tls-cert and --tls-key), valid two days; needs openssl. Returns 1,
# after printing openssl's complaint, if it cannot make them.
fakegh_certs() {
	(
		cd "$1" &&
			openssl req -x509 -newkey ec \
				-pkeyopt ec_paramgen_curve:prime256v1 -nodes \
				-keyout ca.key -out ca.pem -days 2 \
				-subj "/CN=prgate test CA" &&
			printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >ext &&
			openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
				-nodes -keyout srv.key -out srv.csr \
				-subj "/CN=127.0.0.1" &&
			openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key \
				-CAcreateserial -out srv.pem -days 2 -extfile ext
	) >"$1/openssl.log" 2>&1 || {
		cat "$1/openssl.log" >&2
		return 1
	}
}
