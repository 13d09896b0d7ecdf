#!/usr/bin/env python3
"""shapes.py NAME SIZE - write one of the Markdown shapes cmark-gfm
0.29.0.gfm.6 is slower than linear on (or that come near the budgets of
linter/md_guard.h) to stdout, SIZE bytes long. `shapes.py --list` names
them. Used by `make bench` (tests/bench/run.sh); tests/sh/pathological.sh
checks the same shapes at 64 KB with their exact results."""
import sys


def rep(s, n):
    return (s * (n // len(s) + 1))[:n]


SHAPES = {
    # one table row of '|': quadratic in the cells of a row
    "table-row-of-pipes": lambda n: "| a | b |\n|---|---|\n" + rep("|", n - 21) + "\n",
    # a header of n/4 columns: quadratic
    "table-wide-header": lambda n: rep("|a", n // 2 - 2) + "\n" + rep("|-", n // 2 - 2) + "\n|\n",
    # one-cell rows padded to 400 columns: memory per row
    "table-padded-rows": lambda n: "|a" * 400 + "\n" + "|-" * 400 + "\n" + rep("|x\n", n - 1602),
    # a header of '|' over a pipe-less delimiter row: quadratic (24 s)
    "table-header-of-pipes": lambda n: "a" + rep("|", n - 6) + "\n:-:\n",
    # a list item's fence, then text at column 0: emphasis and links
    "fence-in-item-then-text": lambda n: "- a\n\n  ```\n" + rep("*[a](b) _", n - 12) + "\n",
    # a table under a paragraph's second line, rows padded
    "table-under-text-padded": lambda n: "text\n" + "|a" * 127 + "|\n" + "|-" * 127 + "|\n" + rep("|x\n", n - 518) + "\n",
    # '|' outside any table: read
    "pipes-in-a-paragraph": lambda n: "Pipes: " + rep("|", n - 8) + "\n",
    # the widest table that is read: 128 cells a row
    "table-128-columns": lambda n: "|a" * 127 + "|\n" + "|-" * 127 + "|\n" + rep("|x" * 127 + "\n", n - 512),
    # nested quotes, then emphasis: quadratic
    "quotes-then-emphasis": lambda n: ">" * (n // 2) + rep(" *a", n // 2 - 1) + "\n",
    # nested lists: ~300 bytes of memory per input byte
    "nested-lists": lambda n: rep("- ", n - 2) + "x\n",
    # 64 levels a line, the most that is read
    "nested-64-a-line": lambda n: rep("- " * 63 + "x\n", n),
    # emphasis delimiters before links in one paragraph: cubic
    "emphasis-and-links": lambda n: rep("*[a](b) _", n - 1) + "\n",
    # the same with a blank line every 80 links: read
    "emphasis-and-links-paragraphs": lambda n: rep("*[a](b) _" * 80 + "\n\n", n),
    # '@' in one long run: the e-mail autolink scan
    "at-signs": lambda n: rep("a@", n - 1) + "\n",
    # e-mail addresses, one a line: read
    "addresses": lambda n: rep("write to alice@example.com\n", n),
}

if __name__ == "__main__":
    if sys.argv[1:] == ["--list"]:
        print("\n".join(SHAPES))
    else:
        sys.stdout.write(SHAPES[sys.argv[1]](int(sys.argv[2])))
