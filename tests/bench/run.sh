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

echo
echo "== one 'prgate lint' process on a typical description (examples/ready.md)"
runs=200
start=$(date +%s%N)
i=0
while [ $i -lt $runs ]; do
	./prgate lint examples/ready.md >/dev/null
	i=$((i + 1))
done
end=$(date +%s%N)
echo "mean over $runs runs: $(( (end - start) / runs / 1000 )) us per process (target < 5000 us)"

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
