#!/bin/sh
# layers.sh - the folders are layers, and a file includes headers of its
# own layer or the layers below it only (README "Development"):
#
#   cli -> integrations -> gate -> linter, rules -> support
#
# linter/ and rules/ are one layer (the description side and the rules
# that judge it). Every #include "folder/file.h" of every .c and .h file
# is checked; an include without a folder is an error too, so the check
# cannot be dodged. Within the shared layer one loop is barred too: the
# lint driver (linter/lint.c) runs the rules, so no rules/ file may
# include linter/lint.h; the rules report into linter/sink.h instead.
# Prints one line per violation and the usual totals.
set -u
cd "$(dirname "$0")/../.." || exit 2
passed=0
failed=0

rank() {
	case $1 in
	support) echo 0 ;;
	linter | rules) echo 1 ;;
	gate) echo 2 ;;
	integrations) echo 3 ;;
	cli) echo 4 ;;
	*) echo x ;;
	esac
}

for dir in support linter rules gate integrations cli; do
	mine=$(rank "$dir")
	for f in "$dir"/*.c "$dir"/*.h; do
		[ -f "$f" ] || continue
		ok=1
		incs=$(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f")
		for inc in $incs; do
			case $inc in
			*/*) ;;
			*)
				echo "layers: $f: include \"$inc\" names no folder"
				ok=0
				continue
				;;
			esac
			theirs=$(rank "${inc%%/*}")
			if [ "$theirs" = x ] || [ "$theirs" -gt "$mine" ]; then
				echo "layers: $f: includes \"$inc\" from a layer above its own"
				ok=0
			fi
			if [ "$dir" = rules ] && [ "$inc" = linter/lint.h ]; then
				echo "layers: $f: includes \"$inc\": rules report into linter/sink.h, the driver that runs them stays above"
				ok=0
			fi
		done
		if [ $ok = 1 ]; then
			passed=$((passed + 1))
		else
			failed=$((failed + 1))
		fi
	done
done
echo "layers.sh: $passed passed, $failed failed"
[ "$failed" = 0 ]
