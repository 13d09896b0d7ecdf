#!/bin/sh
# run.sh - run the libFuzzer targets built by `make fuzz-build`.
#
#   FUZZ_SECONDS=60 sh fuzz/run.sh [lint policy github link ref time gate guard]
#
# Each target runs FUZZ_SECONDS (default 10) on a scratch corpus,
# build-fuzz/corpus/TARGET, seeded from the repository's own inputs (never
# written back), plus fuzz/regressions/TARGET, whose past crashers are
# re-run every time. A crash, a hang (-timeout=5), a leak, an ASan or
# UBSan report or running out of memory fails the run; the crashing input
# lands in build-fuzz/artifacts/TARGET/ and the log in build-fuzz/logs/.
# FUZZ_FLAGS adds libFuzzer flags to every run; a flag given again there
# wins over the one here (FUZZ_FLAGS='-max_len=1048576 -len_control=0').
# lint runs with -len_control=0 (see below); others with libFuzzer's
# default, growing the input length cap as coverage flattens.
set -u
cd "$(dirname "$0")/.." || exit 2
FZ=build-fuzz
secs=${FUZZ_SECONDS:-10}
[ $# -gt 0 ] || set -- lint policy github link ref time gate guard
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

# pick N ITEM... - seed text: the (N mod count)th item, a file's contents
# ("@URL@" in it made a URL) or, after "=", the text itself
pick() {
	n=$1
	shift
	shift $((n % $#))
	case $1 in
	=*) printf '%s' "${1#=}" ;;
	*) sed 's|@URL@|https://monitor.example.com|g' "$1" ;;
	esac
}
# replies FILE... - the files that are replies, not *.headers.json
replies() {
	for f in "$@"; do
		case $f in *.headers.json) ;; *) echo "$f" ;; esac
	done
}
# sep - the separator of fuzz_gate's parts
sep() { printf '\n~~~\n'; }

failed=
for t in "$@"; do
	bin=$FZ/fuzz_$t
	if [ ! -x "$bin" ]; then
		echo "fuzz $t: $bin is missing (make fuzz-build)"
		failed="$failed $t"
		continue
	fi
	mkdir -p "$FZ/corpus/$t" "$FZ/artifacts/$t" "$FZ/logs"
	flags=
	case $t in
	lint)
		# -len_control=0: by default libFuzzer raises its length cap
		# only as coverage stops growing, which kept this target's
		# inputs under 1.6 KB; long descriptions (many sections, deep
		# lists, long lines) are where slow paths hide. With it, 5
		# minutes reach 250 KB at about 1000 runs/s
		maxlen=262144
		flags=-len_control=0
		seed "$t" templates/*.md examples/*.md tests/golden/*/*.md ;;
	guard)
		# the pre-scan of linter/md_guard.c and cmark-gfm on what it
		# lets through, up to GitHub's 65,536 characters: a slow shape
		# the guard misses shows as a hang (-timeout), a greedy one
		# as -rss_limit_mb; fuzz/seeds/guard/ has the slow shapes small
		maxlen=65536
		flags=-len_control=0
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
			for d in 0 1 2 3 4 5 6 7; do
				{ printf '%s' "$d"; cat "$f"; } \
					>"$FZ/corpus/$t/seed-$i-$d"
			done
		done ;;
	gate)
		maxlen=262144
		# fuzz_gate.c's parts, "\n~~~\n" between them: the recorded
		# replies (every PR, review list, check-run page, status,
		# comparison and file list, in turn), the check cases' policies,
		# deployers, moments, metric values and comment lists;
		# fuzz/seeds/gate/ adds
		# small hand-made decisions (GO ones, dependencies, metrics)
		g=fixtures/github
		i=0
		while [ $i -lt 60 ]; do
			# shellcheck disable=SC2046 # replies prints paths
			{
				pick $i $(replies $g/recorded/pulls-get*.json \
					$g/openapi/pulls-get.json)
				sep
				pick $i $(replies \
					$g/recorded/pulls-reviews-list*.json \
					$g/openapi/pulls-reviews-list.json) =[]
				sep
				pick $i $(replies \
					$g/recorded/check-runs-list-page*.json \
					$g/openapi/checks-list-for-ref.json)
				sep
				pick $i $(replies \
					$g/recorded/status-combined*.json \
					$g/openapi/status-combined.json)
				sep
				pick $i $(replies $g/recorded/compare*.json \
					$g/openapi/compare.json)
				sep
				pick $i $g/openapi/pulls-files-list.json =[]
				sep
				pick $i = tests/check/*/policy.json
				sep
				pick $i = =bitwiseman =octocat
				sep
				pick $i =2026-11-25T10:00:00+01:00 \
					=2026-11-28T12:00:00Z =2019-10-05T20:00:00Z \
					=2026-12-28T10:00:00+01:00 =tomorrow
				sep
				pick $i = =12000 "=17200 0.5" =nan
				sep
				pick $i = $g/recorded/issue-comments-list.json \
					$g/openapi/issue-comments-list.json
			} >"$FZ/corpus/$t/seed-fixtures-$i"
			i=$((i + 1))
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
		-max_len="$maxlen" -print_final_stats=1 $flags ${FUZZ_FLAGS:-} \
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
