# expect.sh - sourced (never run) by the shell suites: their tallies.
# The suite sets name (what is being tested, for FAIL lines) and starts
# passed and failed at 0; it ends with "$passed passed, $failed failed".
#
#   pass / fail MESSAGE     count one check
#   expect WHAT GOT WANT    GOT must be WANT
#   at_most WHAT GOT MAX    GOT (a number) must be at most MAX
#   at_least WHAT GOT MIN   ...and at least MIN
pass() {
	passed=$((passed + 1))
}

fail() {
	failed=$((failed + 1))
	echo "FAIL $name: $*"
}

expect() {
	if [ "$2" = "$3" ]; then
		pass
	else
		fail "$1: got '$2', want '$3'"
	fi
}

at_most() {
	if [ "$2" -le "$3" ]; then pass; else fail "$1: got $2, want at most $3"; fi
}

at_least() {
	if [ "$2" -ge "$3" ]; then pass; else fail "$1: got $2, want at least $3"; fi
}
