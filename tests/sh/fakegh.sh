#!/bin/sh
# fakegh.sh - the fake GitHub server's own self-test (its faults and
# scenarios, checked with curl), so the tests built on it stand on
# something tested. Ends with "N passed, N failed".
exec sh "$(dirname "$0")/../fakegh/test_fakegh.sh"
