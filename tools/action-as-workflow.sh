#!/bin/sh
# action-as-workflow.sh ACTION_YML - print a workflow that runs the steps
# of a composite action (its runs.steps) with the action's inputs as
# workflow_dispatch inputs, so actionlint, which reads workflows, checks
# the action's steps, expressions and inputs. Plain text: the action's
# top-level keys start at column 0, its inputs at 2 and its steps at 4.
set -eu
awk '
/^[^ #]/ { part = $0; sub(/:.*/, "", part); next }
# the default of an action input may be an expression (github.token),
# that of a workflow_dispatch input may not: it becomes ""
part == "inputs" && /^    default: .*[$][{][{]/ { sub(/default: .*/, "default: \"\""); }
part == "inputs" && /^  / { inputs = inputs "    " $0 "\n"; next }
part == "runs" && /^  steps:/ { steps = 1; next }
part == "runs" && steps && (/^    / || /^$/) { body = body "  " $0 "\n"; next }
END {
	printf "# generated from the action by tools/action-as-workflow.sh\n"
	printf "on:\n  workflow_dispatch:\n    inputs:\n%s", inputs
	printf "jobs:\n  action:\n    runs-on: ubuntu-latest\n    steps:\n%s", body
}' "$1"
