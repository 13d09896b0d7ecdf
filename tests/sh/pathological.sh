#!/bin/sh
# pathological.sh - hostile and huge descriptions: each ends with exact
# findings or a clear error, never a crash. (Their time is measured by
# `make bench`, not here.) Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
PRGATE=${PRGATE:-./prgate}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

# expect NAME STATUS LAST-LINE -- FILE: lint FILE (with $LINT_ARGS),
# check status and the last line of stdout (or of stderr when stdout is
# empty).
expect() {
	name=$1 want_status=$2 want_line=$3 file=$4
	# shellcheck disable=SC2086
	"$PRGATE" lint ${LINT_ARGS:-} "$file" >"$tmp/out" 2>"$tmp/err"
	status=$?
	if [ -s "$tmp/out" ]; then got=$(tail -n 1 "$tmp/out"); else got=$(tail -n 1 "$tmp/err"); fi
	if [ "$status" = "$want_status" ] && [ "$got" = "$want_line" ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL $name: status $status (want $want_status), last line:"
		echo "  got:  $got"
		echo "  want: $want_line"
	fi
}

# Every required section missing, as an empty body gives.
missing="$tmp/nested-lists.md: NO-GO: 11 errors, 0 warnings"

# "- - - item" nests one list per marker: 64 levels are read, 10,000 are
# refused (each costs cmark-gfm ~300 bytes of memory per input byte)
awk 'BEGIN { for (i = 0; i < 64; i++) printf "- "; print "item" }' >"$tmp/nested-lists.md"
expect nested-lists-64 1 "$missing" "$tmp/nested-lists.md"
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "- "; print "item" }' >"$tmp/nested-lists.md"
expect nested-lists 2 "prgate: error: $tmp/nested-lists.md: line 1: 10000 block quotes and list items open on one line (at most 64)" "$tmp/nested-lists.md"

awk 'BEGIN { s = ""; for (i = 0; i < 10000; i++) s = s ">"; print s " deep" }' >"$tmp/nested-quotes.md"
expect nested-quotes 2 "prgate: error: $tmp/nested-quotes.md: line 1: 10000 block quotes and list items open on one line (at most 64)" "$tmp/nested-quotes.md"

# The shapes cmark-gfm 0.29.0.gfm.6 is slower than linear on, each at
# GitHub's limit of 65,536 characters (`make bench` times them, with
# their time before the guard in linter/md_guard.h). Refused before
# parsing, with the line and the limit.
shape() { # NAME: the shape's text on stdout, 65,536 bytes
	python3 - "$1" <<'PY'
import sys
N = 65536
def rep(s, n): return (s * (n // len(s) + 1))[:n]
shapes = {
    # one table row of '|': 8.6 s
    "table-row-of-pipes": lambda: "| a | b |\n|---|---|\n" + rep("|", N - 21) + "\n",
    # a 16,382-column header: 0.7 s (2.8 s at 128 KB)
    "table-wide-header": lambda: "|a" * 16382 + "\n" + "|-" * 16382 + "\n|xyzw\n",
    # one-cell rows padded to the header's 127 cells (400 cells by
    # 32,000 rows: 5.6 s, 1 GB)
    "table-padded-rows": lambda: "|a" * 127 + "|\n" + "|-" * 127 + "|\n" + rep("|x\n", N - 513) + "\n",
    # 32,768 nested quotes, then emphasis: 1.5 s (quadratic)
    "quotes-then-emphasis": lambda: ">" * (N // 2) + rep(" *a", N // 2 - 1) + "\n",
    # emphasis mixed with links: 0.35 s here, 3.1 s at 128 KB, 36 s at 256 KB
    "emphasis-and-links": lambda: rep("*[a](b) _", N - 1) + "\n",
    # '@' in one long run: 0.26 s here, 15 s at 1 MiB
    "at-signs": lambda: rep("a@", N - 1) + "\n",
    # a header of '|' over a delimiter row with none: 24 s
    "table-header-of-pipes": lambda: "a" + rep("|", N - 6) + "\n:-:\n",
    # a list item's fence, then text at column 0 (the item and its fence
    # end there): emphasis and links, 5.4 s
    "fence-in-item-then-text": lambda: "- a\n\n  ```\n" + rep("*[a](b) _", N - 12) + "\n",
    # a table under a paragraph's second line, rows padded: 6.6 s, 650 MB
    "table-under-text-padded": lambda: "text\n" + "|a" * 127 + "|\n" + "|-" * 127 + "|\n" + rep("|x\n", N - 518) + "\n",
    # '|' outside a table: read, however many
    "pipes-in-a-paragraph": lambda: "Pipes: " + rep("|", N - 8) + "\n",
    # the most a table may have: 128 cells a row, read
    "table-128-columns": lambda: "|a" * 127 + "|\n" + "|-" * 127 + "|\n" + rep("|x" * 127 + "\n", N - 512),
}
sys.stdout.write(shapes[sys.argv[1]]())
PY
}
for name in table-row-of-pipes table-wide-header table-padded-rows \
	quotes-then-emphasis emphasis-and-links at-signs table-128-columns \
	pipes-in-a-paragraph table-header-of-pipes fence-in-item-then-text \
	table-under-text-padded; do
	shape "$name" >"$tmp/$name.md"
	if [ "$(wc -c <"$tmp/$name.md")" != 65536 ]; then
		failed=$((failed + 1))
		echo "FAIL $name: $(wc -c <"$tmp/$name.md") bytes, want 65536"
	fi
done
expect table-row-of-pipes 2 "prgate: error: $tmp/table-row-of-pipes.md: line 3: 65514 table cells on one line (at most 128)" "$tmp/table-row-of-pipes.md"
expect table-wide-header 2 "prgate: error: $tmp/table-wide-header.md: line 1: 16382 table cells on one line (at most 128)" "$tmp/table-wide-header.md"
expect table-padded-rows 2 "prgate: error: $tmp/table-padded-rows.md: line 796: the table's rows are short of more than 100000 cells (rows with fewer cells than the header)" "$tmp/table-padded-rows.md"
expect quotes-then-emphasis 2 "prgate: error: $tmp/quotes-then-emphasis.md: line 1: 32768 block quotes and list items open on one line (at most 64)" "$tmp/quotes-then-emphasis.md"
expect emphasis-and-links 2 "prgate: error: $tmp/emphasis-and-links.md: line 1: too much emphasis before links in one paragraph (over 2000000 delimiter and link pairs)" "$tmp/emphasis-and-links.md"
expect at-signs 2 "prgate: error: $tmp/at-signs.md: line 1: too many '@' in runs of letters and digits (over 10000000 characters to scan for e-mail addresses)" "$tmp/at-signs.md"
expect table-header-of-pipes 2 "prgate: error: $tmp/table-header-of-pipes.md: line 1: 65530 table cells on one line (at most 128)" "$tmp/table-header-of-pipes.md"
expect fence-in-item-then-text 2 "prgate: error: $tmp/fence-in-item-then-text.md: line 4: too much emphasis before links in one paragraph (over 2000000 delimiter and link pairs)" "$tmp/fence-in-item-then-text.md"
expect table-under-text-padded 2 "prgate: error: $tmp/table-under-text-padded.md: line 797: the table's rows are short of more than 100000 cells (rows with fewer cells than the header)" "$tmp/table-under-text-padded.md"
expect pipes-in-a-paragraph 1 "$tmp/pipes-in-a-paragraph.md: NO-GO: 11 errors, 0 warnings" "$tmp/pipes-in-a-paragraph.md"
expect table-128-columns 1 "$tmp/table-128-columns.md: NO-GO: 11 errors, 0 warnings" "$tmp/table-128-columns.md"

awk 'BEGIN { for (i = 0; i < 100000; i++) printf "## Heading %d\n", i }' >"$tmp/headings.md"
LINT_ARGS="--max-size 16M" expect headings-100k 1 "$tmp/headings.md: NO-GO: 11 errors, 0 warnings" "$tmp/headings.md"

awk 'BEGIN { for (i = 0; i < 100000; i++) printf "## Rollback strategy\n\n" }' >"$tmp/same-heading.md"
LINT_ARGS="--max-size 16M" expect same-heading-100k 1 "$tmp/same-heading.md: NO-GO: 11 errors, 0 warnings" "$tmp/same-heading.md"

awk 'BEGIN { s = "aaaaaaaaaa"; for (i = 0; i < 17; i++) s = s s; print substr(s, 1, 1000000) }' >"$tmp/long-line.md"
expect long-line 1 "$tmp/long-line.md: NO-GO: 11 errors, 0 warnings" "$tmp/long-line.md"

for ch in '[' '*' '`' '_' '<' '!['; do
	awk -v c="$ch" 'BEGIN { s = c; for (i = 0; i < 17; i++) s = s s; print s }' >"$tmp/run.md"
	expect "run-of-$ch" 1 "$tmp/run.md: NO-GO: 11 errors, 0 warnings" "$tmp/run.md"
done

# 10 MB of a clean description repeated: still clean, still linted.
i=0
: >"$tmp/ten-mb.md"
while [ $i -lt 8 ]; do cat templates/simple.md >>"$tmp/ten-mb.md"; i=$((i + 1)); done
while [ "$(wc -c <"$tmp/ten-mb.md")" -lt 10000000 ]; do
	cat "$tmp/ten-mb.md" "$tmp/ten-mb.md" >"$tmp/t" && mv "$tmp/t" "$tmp/ten-mb.md"
done
head -c 10000000 "$tmp/ten-mb.md" >"$tmp/t"
# end on a whole description: cut at the last "## Solution"
awk '/^## Solution/ { n = NR } { line[NR] = $0 } END { for (i = 1; i < n; i++) print line[i] }' "$tmp/t" >"$tmp/ten-mb.md"
LINT_ARGS="--max-size 16M" expect ten-mb 0 "$tmp/ten-mb.md: GO: 0 errors, 0 warnings" "$tmp/ten-mb.md"
# over the default --max-size (1 MiB): refused, naming the option
expect ten-mb-default 2 "prgate: error: '$tmp/ten-mb.md' is over the 1048576-byte limit for a description (--max-size)" "$tmp/ten-mb.md"
head -c 1048576 "$tmp/ten-mb.md" >"$tmp/one-mib.md"
expect one-mib 0 "$tmp/one-mib.md: GO: 0 errors, 0 warnings" "$tmp/one-mib.md"
LINT_ARGS="--max-size 1048575" expect one-mib-minus-1 2 "prgate: error: '$tmp/one-mib.md' is over the 1048575-byte limit for a description (--max-size)" "$tmp/one-mib.md"
LINT_ARGS="--max-size 17M" expect max-size-over-cap 2 "see 'prgate lint --help'" "$tmp/one-mib.md"

# Over the 16 MiB cap: a clear error naming the file and the limit.
cat "$tmp/ten-mb.md" "$tmp/ten-mb.md" >"$tmp/too-big.md"
LINT_ARGS="--max-size 16M" expect too-big 2 "prgate: error: '$tmp/too-big.md' is over the 16777216-byte limit for a description (--max-size)" "$tmp/too-big.md"

# Invalid UTF-8 late in a big file: the exact position.
{ cat templates/simple.md; printf 'tail \300\257 overlong\n'; } >"$tmp/overlong.md"
expect overlong-utf8 2 "prgate: error: $tmp/overlong.md: invalid UTF-8 at line $(($(wc -l <templates/simple.md) + 1)), column 6 (byte 0xc0)" "$tmp/overlong.md"

# A UTF-16 surrogate encoded in UTF-8 is not valid UTF-8.
{ printf '## Solution\n\n\355\240\200\n'; } >"$tmp/surrogate.md"
expect surrogate 2 "prgate: error: $tmp/surrogate.md: invalid UTF-8 at line 3, column 1 (byte 0xed)" "$tmp/surrogate.md"

# A directory is not a description.
expect directory 2 "prgate: error: cannot read '$tmp': Is a directory" "$tmp"

echo "$passed passed, $failed failed"
