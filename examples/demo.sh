#!/bin/sh
# demo.sh - what `make demo` shows: prgate linting two bundled PR
# descriptions, one ready to ship and one not, and the checklist of the
# ready one. The NO-GO exit status (1) is the expected result here.
cd "$(dirname "$0")/.." || exit 2
# run 'COMMAND': show it as written (ready to copy), run it, show its status
run() {
	printf '\n$ %s\n' "$1"
	eval "$1"
	echo "(exit status $?)"
}
run './prgate lint --title "Show the delivery estimate at checkout" examples/ready.md'
run './prgate lint --title "WIP: invoice export on the job queue" examples/not-ready.md'
run './prgate checklist examples/ready.md'
echo
echo "Next: README.md, \"From zero to a gated deploy\": make install, then"
echo "prgate init and prgate hook install in your repository, and the bot."
exit 0
