#!/bin/sh
# run.sh - `make bench`: lint throughput against the parse-only baseline,
# the whole-process time of one `prgate lint`, and peak memory and time
# growth from 1 MB to 10 MB descriptions.
set -eu
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== machine"
echo "$(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"

echo
echo "== lint throughput (10,000 generated descriptions)"
./build/bench 10000

if command -v valgrind >/dev/null 2>&1 && command -v callgrind_annotate >/dev/null 2>&1; then
	echo
	echo "== the same ratio in instructions (callgrind, 1,000 descriptions: repeatable where wall time is noisy)"
	valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" ./build/bench 1000 >/dev/null 2>&1
	callgrind_annotate --inclusive=yes "$tmp/cg.out" 2>/dev/null | awk '
		/linter\/lint.c:prgate_lint_run \[/ { gsub(",", "", $1); lint = $1 }
		/linter\/md.c:prgate_md_parse_only \[/ { gsub(",", "", $1); parse = $1 }
		END { if (parse > 0) printf "lint %.0f M instructions, parse-only %.0f M: %.2fx (target <= 1.5x)\n", lint / 1e6, parse / 1e6, lint / parse }'
fi

echo
echo "== one 'prgate lint' process on a typical description against cmark-gfm parsing it (examples/ready.md; target: lint <= 1.3x cmark-gfm)"
CMARK="cmark-gfm -e table -e strikethrough -e autolink -e tasklist examples/ready.md"
if command -v hyperfine >/dev/null 2>&1 && command -v cmark-gfm >/dev/null 2>&1; then
	# the three interleaved in one hyperfine run, so a slow spell of the
	# machine falls on all alike; the ratio from the means
	hyperfine -N --warmup 50 --runs 500 --style basic \
		--export-json "$tmp/one.json" \
		'./prgate lint examples/ready.md' "$CMARK" './prgate --version' \
		2>&1 | grep -E 'Benchmark|Time'
	python3 - "$tmp/one.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
lint, cmark = r[0]["mean"], r[1]["mean"]
med_l, med_c = r[0]["median"], r[1]["median"]
print("lint / cmark-gfm: %.2fx by the means, %.2fx by the medians" % (lint / cmark, med_l / med_c))
PY
else
	echo "(hyperfine or cmark-gfm missing: make deps-bench installs both)"
fi
if command -v valgrind >/dev/null 2>&1 && command -v cmark-gfm >/dev/null 2>&1; then
	# instructions of the whole process, start-up included: repeatable
	valgrind --tool=callgrind --callgrind-out-file="$tmp/l.cg" \
		./prgate lint examples/ready.md >/dev/null 2>"$tmp/l.err"
	valgrind --tool=callgrind --callgrind-out-file="$tmp/c.cg" \
		$CMARK >/dev/null 2>"$tmp/c.err"
	l=$(sed -n 's/.*Collected : //p' "$tmp/l.err")
	c=$(sed -n 's/.*Collected : //p' "$tmp/c.err")
	echo "instructions: prgate lint $l, cmark-gfm $c: $(awk "BEGIN { printf \"%.2f\", $l / $c }")x"
fi

echo
echo "== growth with size (each body is the typical description repeated)"
for mb in 1 2 5 10; do
	f="$tmp/body-$mb.md"
	: >"$f"
	while [ "$(wc -c <"$f")" -lt $((mb * 1000000)) ]; do
		cat examples/ready.md examples/ready.md examples/ready.md \
			examples/ready.md >>"$f"
	done
	./build/bench --file "$f" | sed "s|$tmp/||"
done

echo
echo "== the gate: prgate check against the fake GitHub server, 100 ms added to every response (target <= 2.5x the delay)"
. tests/fakegh/lib.sh
if fakegh_start clean --delay-ms 100; then
	best=
	for i in 1 2 3 4 5; do
		: >"$FAKEGH_LOG"
		start=$(date +%s%N)
		./prgate check hub4j-test-org/github-api#479 --api-url "$FAKEGH_URL" \
			--at 2026-11-25T10:00:00+01:00 >/dev/null 2>&1
		end=$(date +%s%N)
		ms=$(((end - start) / 1000000))
		if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
	done
	requests=$(wc -l <"$FAKEGH_LOG" | tr -d ' ')
	fakegh_stop || :
	echo "wall time $best ms (best of 5) = $(awk -v m="$best" 'BEGIN { printf "%.2f", m / 100 }')x the 100 ms delay; $requests requests in 2 rounds"
else
	echo "the fake GitHub server did not start"
fi

echo
echo "== a pre-push of a non-deploy branch (no network; target: well under a second)"
git init -q "$tmp/repo"
printf 'refs/heads/topic %s refs/heads/topic %s\n' \
	1111111111111111111111111111111111111111 0000000000000000000000000000000000000000 \
	>"$tmp/push-input"
if command -v hyperfine >/dev/null 2>&1; then
	(cd "$tmp/repo" && hyperfine --warmup 20 --runs 200 --style basic \
		"$OLDPWD/prgate hook pre-push origin git@example.com:o/r.git <$tmp/push-input") 2>&1 |
		grep -E 'Time' | sed 's/^ */prgate hook pre-push: /'
fi

echo
echo "== 'prgate lint' over many files: peak memory (target: the same for any number of files)"
mkdir "$tmp/many"
i=0
while [ $i -lt 10000 ]; do
	cp examples/not-ready.md "$tmp/many/pr$i.md"
	i=$((i + 1))
done
for n in 100 1000 10000; do
	for fmt in text json; do
		python3 - "$n" "$fmt" "$tmp/many" <<'PY'
import os, resource, subprocess, sys, time
n, fmt, d = int(sys.argv[1]), sys.argv[2], sys.argv[3]
files = [os.path.join(d, "pr%d.md" % i) for i in range(n)]
t = time.monotonic()
subprocess.run(["./prgate", "lint", "--format", fmt] + files, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print("%6d files, %-4s: %.2f s, peak %.1f MiB" % (n, fmt, time.monotonic() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024))
PY
	done
done

echo
echo "== peak memory of one typical description"
./build/bench --file examples/ready.md | sed 's|^.*: \(.*\)peak memory|peak memory|'

echo
echo "== pathological shapes: time as the input grows (should be linear)"
for n in 2500 5000 10000; do
	awk -v n=$((n / 10)) 'BEGIN { for (i = 0; i < n; i++) { for (k = 0; k < 60; k++) printf "- "; print "item" } }' >"$tmp/nest.md"
	awk -v n=$((n * 10)) 'BEGIN { for (i = 0; i < n; i++) printf "## Heading %d\n", i }' >"$tmp/heads.md"
	awk -v n=$((n * 4)) 'BEGIN { for (i = 0; i < n; i++) printf "**Field %d**: value\n", i }' >"$tmp/fields.md"
	awk -v n=$((n * 40)) 'BEGIN { for (i = 0; i < n; i++) printf "["; print "" }' >"$tmp/brackets.md"
	for f in "nest $((n / 10))x60 levels" "heads $((n * 10)) headings" \
		"fields $((n * 4)) fields" "brackets $((n * 40)) ["; do
		set -- $f
		printf '%-9s %7s %-9s ' "$1" "$2" "$3"
		./build/bench --file "$tmp/$1.md" | sed 's/^[^:]*: //'
	done
done

echo
sh tests/bench/scale.sh

echo
echo "== the shapes cmark-gfm 0.29.0.gfm.6 is slow on (linter/md_guard.h):"
echo "   time and peak memory of 'prgate lint' at 64 KB and at the lint cap (1 MiB)"
for name in $(python3 tests/bench/shapes.py --list); do
	for size in 65536 1048576; do
		python3 tests/bench/shapes.py "$name" "$size" >"$tmp/shape.md"
		st=0
		/usr/bin/time -f '%e %M' -o "$tmp/time" ./prgate lint "$tmp/shape.md" \
			>/dev/null 2>"$tmp/err" || st=$?
		case $st in
		0 | 1) what=read ;;
		2) what=refused ;;
		*) what="exit $st" ;;
		esac
		read -r secs kb <<EOF
$(tail -n 1 "$tmp/time")
EOF
		printf '%-30s %8s bytes  %-8s %6s s  %7s KiB peak\n' "$name" "$size" \
			"$what" "$secs" "$kb"
	done
done
