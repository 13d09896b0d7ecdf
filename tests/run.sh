#!/bin/sh
# run.sh - every test prgate has: the unit suites, the golden cases and
# the shell suites; ends with "N passed, N failed" (the sum of all).
#
#   sh tests/run.sh            everything
#   UPDATE=1 sh tests/run.sh   rewrite the golden cases' expected output
#                              (review the diff before committing it)
#   GOLDEN=name sh tests/run.sh  only the golden cases matching name
#   SUITES=golden sh tests/run.sh  only these parts (of: unit golden sh
#                              procedures)
#   PRGATE_WRAP='valgrind -q' sh tests/run.sh  run the unit binary and
#                              each golden case's prgate under this command
#                              (make check-valgrind)
set -u
cd "$(dirname "$0")/.." || exit 2
top=$(pwd)
PRGATE=${PRGATE:-$top/prgate}
UNIT=${UNIT:-$top/build/test-unit}
export PRGATE NO_COLOR=1 TZ=UTC LC_ALL=C
unset PRGATE_TOKEN GITHUB_TOKEN GH_TOKEN GITHUB_ACTIONS GITHUB_EVENT_PATH \
	PRGATE_CACHE_DIR
passed=0
failed=0
SUITES=${SUITES:-unit golden sh procedures}

# --- unit suites ---
case " $SUITES " in *" unit "*)
out=$(${PRGATE_WRAP:-} "$UNIT" 2>&1)
ustatus=$?
printf '%s\n' "$out" | grep -v '^unit:'
line=$(printf '%s\n' "$out" | grep '^unit:')
if [ -n "$line" ]; then
	p=$(echo "$line" | sed 's/^unit: \([0-9]*\) passed, \([0-9]*\) failed$/\1/')
	f=$(echo "$line" | sed 's/^unit: \([0-9]*\) passed, \([0-9]*\) failed$/\2/')
	passed=$((passed + p))
	failed=$((failed + f))
	# a clean count but a failing exit: a sanitizer or valgrind report
	# at exit (a leak), after the count was printed
	if [ "$ustatus" != 0 ] && [ "$f" = 0 ]; then
		echo "unit: the test binary exited with status $ustatus"
		failed=$((failed + 1))
	fi
else
	echo "unit: the test binary did not finish"
	failed=$((failed + 1))
fi
;; esac

# --- golden cases: tests/golden/NAME/{cmd,expected,status[,stdin,expected-stderr]} ---
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gpass=0
gfail=0
for dir in tests/golden/*/; do
	case " $SUITES " in *" golden "*) ;; *) break ;; esac
	name=$(basename "$dir")
	case "$name" in *"${GOLDEN:-}"*) ;; *) continue ;; esac
	work="$tmp/$name"
	mkdir -p "$work"
	cp -R "$dir". "$work/"
	stdin=/dev/null
	[ -f "$work/stdin" ] && stdin="$work/stdin"
	(cd "$work" && eval "${PRGATE_WRAP:-} \"\$PRGATE\" $(cat cmd)") <"$stdin" \
		>"$tmp/$name.out" 2>"$tmp/$name.err"
	status=$?
	if [ -n "${UPDATE:-}" ]; then
		cp "$tmp/$name.out" "$dir/expected"
		echo "$status" >"$dir/status"
		if [ -s "$tmp/$name.err" ] || [ -f "$dir/expected-stderr" ]; then
			cp "$tmp/$name.err" "$dir/expected-stderr"
		fi
	fi
	ok=1
	if ! cmp -s "$tmp/$name.out" "$dir/expected"; then
		ok=0
		echo "golden $name: stdout differs:"
		diff -u "$dir/expected" "$tmp/$name.out" | head -40
	fi
	if [ "$status" != "$(cat "$dir/status")" ]; then
		ok=0
		echo "golden $name: exit status $status, want $(cat "$dir/status")"
	fi
	if [ -f "$dir/expected-stderr" ] &&
		! cmp -s "$tmp/$name.err" "$dir/expected-stderr"; then
		ok=0
		echo "golden $name: stderr differs:"
		diff -u "$dir/expected-stderr" "$tmp/$name.err" | head -20
	fi
	if [ $ok = 1 ]; then
		gpass=$((gpass + 1))
	else
		gfail=$((gfail + 1))
	fi
done
case " $SUITES " in *" golden "*)
	echo "golden: $gpass passed, $gfail failed" ;;
esac
passed=$((passed + gpass))
failed=$((failed + gfail))

# --- shell suites: tests/sh/*.sh and the release procedures played end
# to end, tests/procedures/*.sh (lib.sh is their shared part), each
# ending "N passed, N failed" ---
for t in tests/sh/*.sh tests/procedures/*.sh; do
	[ -f "$t" ] || continue
	case "$t" in tests/procedures/lib.sh) continue ;; esac
	case "$t" in
	tests/procedures/*) case " $SUITES " in *" procedures "*) ;; *) continue ;; esac ;;
	*) case " $SUITES " in *" sh "*) ;; *) continue ;; esac ;;
	esac
	out=$(sh "$t" 2>&1)
	printf '%s\n' "$out" | sed '$d'
	line=$(printf '%s\n' "$out" | tail -n 1)
	case "$line" in
	*" passed, "*" failed")
		p=$(echo "$line" | sed 's/.*\b\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1/')
		f=$(echo "$line" | sed 's/.*\b\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\2/')
		echo "$(basename "$t"): $p passed, $f failed"
		passed=$((passed + p))
		failed=$((failed + f))
		;;
	*)
		echo "$(basename "$t"): did not finish"
		failed=$((failed + 1))
		;;
	esac
done

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
