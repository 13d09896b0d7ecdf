#!/bin/sh
# realworld.sh - the template-as-schema targets on tests/realworld: F1 of
# the unfilled sections at least 0.92, false section-missing alarms at
# most 0.3 per PR (make realworld prints the figures).
cd "$(dirname "$0")/../.." || exit 2
python3 tests/realworld/score.py "${PRGATE:-./prgate}" --check
