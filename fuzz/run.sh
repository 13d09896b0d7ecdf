#!/bin/sh
# run.sh - run the libFuzzer targets built by `make fuzz-build`.
#
#   FUZZ_SECONDS=60 sh fuzz/run.sh [lint policy github link ref time]
#
# Each target runs FUZZ_SECONDS (default 10) on a scratch corpus,
# build-fuzz/corpus/TARGET, seeded from the repository's own inputs (never
# written back), plus fuzz/regressions/TARGET, whose past crashers are
# re-run every time. A crash, a hang (-timeout=5), a leak, an ASan or
# UBSan report or running out of memory fails the run; the crashing input
# lands in build-fuzz/artifacts/TARGET/ and the log in build-fuzz/logs/.
set -u
cd "$(dirname "$0")/.." || exit 2
FZ=build-fuzz
secs=${FUZZ_SECONDS:-10}
[ $# -gt 0 ] || set -- lint policy github link ref time
export TZ=UTC LC_ALL=C

# seed TARGET FILE... - copy the files into TARGET's corpus, each under a
# name made of its path so same-named files do not clobber each other.
seed() {
	t=$1
	shift
	for f in "$@"; do
		[ -f "$f" ] || continue
		cp "$f" "$FZ/corpus/$t/seed-$(printf '%s' "$f" | tr '/' '_')"
	done
}

failed=
for t in "$@"; do
	bin=$FZ/fuzz_$t
	if [ ! -x "$bin" ]; then
		echo "fuzz $t: $bin is missing (make fuzz-build)"
		failed="$failed $t"
		continue
	fi
	mkdir -p "$FZ/corpus/$t" "$FZ/artifacts/$t" "$FZ/logs"
	case $t in
	lint)
		maxlen=65536
		seed "$t" templates/*.md examples/*.md tests/golden/*/*.md ;;
	policy)
		maxlen=65536
		seed "$t" tests/golden/*/policy.json tests/golden/*/.prgate.json \
			templates/*.json ;;
	github)
		maxlen=131072
		# the first byte picks the decoder (fuzz_github.c): give every
		# reply to every decoder
		i=0
		find fixtures/github -name '*.json' ! -name '*.headers.json' |
			sort | while read -r f; do
			i=$((i + 1))
			for d in 0 1 2 3 4 5 6; do
				{ printf '%s' "$d"; cat "$f"; } \
					>"$FZ/corpus/$t/seed-$i-$d"
			done
		done ;;
	link) maxlen=4096 ;;
	ref) maxlen=1024 ;;
	time) maxlen=256 ;;
	*)
		echo "fuzz $t: no such target"
		failed="$failed $t"
		continue ;;
	esac
	[ -d "fuzz/seeds/$t" ] && seed "$t" fuzz/seeds/"$t"/*
	dirs="$FZ/corpus/$t"
	[ -d "fuzz/regressions/$t" ] && dirs="$dirs fuzz/regressions/$t"
	log=$FZ/logs/$t.log
	# shellcheck disable=SC2086 # dirs is a list of folders
	"$bin" -max_total_time="$secs" -timeout=5 -rss_limit_mb=2048 \
		-max_len="$maxlen" -print_final_stats=1 \
		-artifact_prefix="$FZ/artifacts/$t/" $dirs >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	if [ $rc = 0 ]; then
		echo "fuzz $t: ok, ${secs}s, ${execs:-?} runs, ${rate:-?}/s"
	else
		echo "fuzz $t: FAILED (exit $rc), see $log:"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)|Test unit written' \
			"$log" | head -5
		failed="$failed $t"
	fi
done
if [ -n "$failed" ]; then
	echo "fuzz: failed:$failed"
	exit 1
fi
echo "fuzz: all passed"
