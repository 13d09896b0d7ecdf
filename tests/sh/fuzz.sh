#!/bin/sh
# fuzz.sh - the fuzz targets' saved inputs, replayed without libFuzzer:
# every file of fuzz/regressions/TARGET/ (fixed crashers, and inputs that
# broke an invariant) and fuzz/seeds/TARGET/ (fuzz_gate asserts its
# invariants on each decision there) runs once through
# build/fuzz/replay_TARGET (fuzz/replay.c; REPLAY=FOLDER takes another
# build, make check-asan's). One test per file; a crash or an abort()
# fails it. Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/../.." || exit 2
REPLAY=${REPLAY:-build/fuzz}
export TZ=UTC LC_ALL=C
passed=0
failed=0
for f in fuzz/regressions/*/* fuzz/seeds/*/*; do
	[ -f "$f" ] || continue
	t=$(basename "$(dirname "$f")")
	if out=$("$REPLAY/replay_$t" "$f" 2>&1); then
		passed=$((passed + 1))
	else
		echo "fuzz $t: $f fails:"
		printf '%s\n' "$out" | tail -n 5
		failed=$((failed + 1))
	fi
done
echo "$passed passed, $failed failed"
