#!/bin/sh
# schema.sh - doc/prgate.schema.json, the JSON Schema (draft 2020-12) of
# the policy file, against the loader (linter/policy.c): the schema is a
# valid 2020-12 schema; its keys are the loader's key tables and its rule
# ids rules/rules.def's; every policy file in the repository that
# `prgate policy --config FILE` accepts validates (comments stripped, and
# "@URL@" in tests/check replaced as check.sh does); and each policy in a
# set of bad ones is refused by prgate (exit 2) and by the schema.
# Needs python3-jsonschema (TEST_DEB_PKGS). Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/../.." || exit 2
top=$(pwd)
PRGATE=${PRGATE:-$top/prgate}
SCHEMA=${SCHEMA:-$top/doc/prgate.schema.json}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/schema-sh.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
passed=0
failed=0

check() {
	name=$1
	shift
	if "$@"; then passed=$((passed + 1)); else
		failed=$((failed + 1))
		echo "FAIL $name"
	fi
}

# same NAME WANT GOT
same() {
	if [ "$2" = "$3" ]; then passed=$((passed + 1)); else
		failed=$((failed + 1))
		echo "FAIL $1: want '$2', got '$3'"
	fi
}

# The helper: "strip FILE" prints FILE without // and /* */ comments
# (outside strings); "validate FILE..." prints "ok FILE" or "bad FILE:
# why" for each; "keys POINTER" prints the property names of the schema
# at POINTER (an object's, or an array items' object's), sorted, on one
# line; "enum POINTER" the values of the enum at POINTER.
cat >"$tmp/helper.py" <<'PY'
import json, sys
import jsonschema

def strip(text):
    out, i, n, instr = [], 0, len(text), False
    while i < n:
        c = text[i]
        if instr:
            out.append(c)
            if c == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 1
            elif c == '"':
                instr = False
        elif c == '"':
            instr = True
            out.append(c)
        elif text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
            continue
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                sys.exit("unterminated comment")
            out.append(" ")
            i = end + 2
            continue
        else:
            out.append(c)
        i += 1
    return "".join(out)

schema = json.load(open(sys.argv[1]))
cmd, args = sys.argv[2], sys.argv[3:]
if cmd == "check":
    jsonschema.Draft202012Validator.check_schema(schema)
    print("ok")
elif cmd == "strip":
    sys.stdout.write(strip(open(args[0], encoding="utf-8").read()))
elif cmd == "validate":
    v = jsonschema.Draft202012Validator(schema)
    for f in args:
        doc = json.loads(strip(open(f, encoding="utf-8").read()))
        errs = sorted(v.iter_errors(doc), key=lambda e: list(e.path))
        if errs:
            print("bad %s: %s at /%s" % (f, errs[0].message,
                  "/".join(map(str, errs[0].path))))
        else:
            print("ok " + f)
else:
    node = schema
    for part in args[0].strip("/").split("/") if args[0] != "/" else []:
        node = node[int(part) if part.isdigit() else part]
        if "$ref" in node and len(node) <= 2:
            node = schema["$defs"][node["$ref"].split("/")[-1]]
    if cmd == "keys":
        if "items" in node:
            node = node["items"]
        if "$ref" in node:
            node = schema["$defs"][node["$ref"].split("/")[-1]]
        print(" ".join(sorted(node["properties"])))
    else:
        if "items" in node:
            node = node["items"]
        print(" ".join(sorted(str(x) for x in node["enum"])))
PY
py() {
	python3 "$tmp/helper.py" "$SCHEMA" "$@" 2>&1
}

# ---- the schema itself ----
same schema-is-2020-12 "ok" "$(py check)"

# ---- the keys: the loader's tables, one by one ----
# table KEYS_TABLE: the strings of "static const char *const NAME[]"
table() {
	awk -v t="static const char *const $1[] = {" \
		'index($0, t) == 1 { on = 1 } on { print } on && /};/ { on = 0 }' \
		"$top/linter/policy.c" | grep -o '"[^"]*"' | tr -d '"' |
		LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//'
}
top_keys=$(sed -n '/} top_keys\[\] = {/,/^};/p' linter/policy.c |
	grep -o '{"[^"]*"' | tr -d '{"' | LC_ALL=C sort | tr '\n' ' ' |
	sed 's/ $//')
same keys-top "$top_keys" "$(py keys / | tr ' ' '\n' | LC_ALL=C sort |
	tr '\n' ' ' | sed 's/ $//')"
for pair in section_keys:/\$defs/section when_keys:/\$defs/when \
	approver_keys:/\$defs/approver/anyOf/1 reviews_keys:/properties/reviews \
	ci_keys:/properties/ci ci_required_keys:/properties/ci/properties/required/items/anyOf/1 \
	allow_keys:/properties/allow overrides_keys:/properties/overrides \
	status_keys:/properties/status advice_tag_keys:/properties/advice_tag \
	window_keys:/properties/window window_rule_keys:/properties/windows \
	freeze_keys:/properties/freezes blackout_keys:/properties/downtime/properties/blackout \
	downtime_keys:/properties/downtime migrations_keys:/properties/migrations \
	github_keys:/properties/github dependencies_keys:/properties/dependencies \
	metric_keys:/\$defs/metric deploy_keys:/properties/deploy \
	checklist_keys:/properties/checklist; do
	t=${pair%%:*}
	want=$(table "$t")
	[ -n "$want" ] || want="(table $t not found in linter/policy.c)"
	same "keys-$t" "$want" "$(py keys "${pair#*:}" | tr ' ' '\n' |
		LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')"
done

# ---- the enums: rules.def's ids ----
ids() {
	grep -o "^$1_RULE([A-Z_]*, [a-z_]*, \"[a-z-]*\"" rules/rules.def |
		sed 's/.*"\(.*\)"/\1/' | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//'
}
lint=$(ids LINT)
gate=$(ids GATE)
sorted() {
	tr ' ' '\n' | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//'
}
same enum-rule-ids "$(printf '%s %s' "$lint" "$gate" | sorted)" \
	"$(py enum /\$defs/rule | sorted)"
same enum-allow-rules "$(printf '%s' "$lint" | tr ' ' '\n' |
	grep -vx allow-reason | tr '\n' ' ' | sed 's/ $//')" \
	"$(py enum /properties/allow/properties/rules | sorted)"
same enum-overrides-rules "$gate" \
	"$(py enum /properties/overrides/properties/rules | sorted)"
same enum-severity "error info off warning" "$(py enum /\$defs/severity)"

# ---- the comment stripper respects strings ----
printf '%s\n' '// a comment' '{"a": "x // y", /* c */ "b": "/* z */ \" //",' \
	'"c": "\\"} // end' >"$tmp/comments.json"
same strip-comments '{"a": "x // y",   "b": "/* z */ \" //",
"c": "\\"} ' "$(py strip "$tmp/comments.json" | sed 1d)"

# ---- every policy prgate accepts validates ----
: >"$tmp/accepted"
for f in templates/default-policy.json templates/starter-config.json \
	tests/golden/*/policy.json tests/check/*/policy.json; do
	[ -f "$f" ] || continue
	case $f in
	tests/check/*)
		mkdir -p "$tmp/${f%/policy.json}"
		sed 's|@URL@|http://127.0.0.1:9|g' "$f" >"$tmp/$f"
		f=$tmp/$f
		;;
	esac
	if "$PRGATE" policy --config "$f" >/dev/null 2>&1; then
		echo "$f" >>"$tmp/accepted"
	fi
done
same accepted-count 66 "$(wc -l <"$tmp/accepted" | tr -d ' ')"
# shellcheck disable=SC2046 # the paths have no spaces
py validate $(cat "$tmp/accepted") >"$tmp/valid"
same accepted-all-validate "" "$(grep -v '^ok ' "$tmp/valid")"
same accepted-validated-count 66 "$(grep -c '^ok ' "$tmp/valid")"

# ---- bad policies: prgate refuses them (exit 2), so does the schema ----
mkdir "$tmp/bad"
n=0
while IFS='|' read -r bname json; do
	[ -n "$bname" ] || continue
	n=$((n + 1))
	printf '%s\n' "$json" >"$tmp/bad/$bname.json"
	"$PRGATE" policy --config "$tmp/bad/$bname.json" >/dev/null 2>&1
	same "bad-$bname-prgate-exit" 2 "$?"
	got=$(py validate "$tmp/bad/$bname.json")
	case $got in
	"bad "*) passed=$((passed + 1)) ;;
	*)
		failed=$((failed + 1))
		echo "FAIL bad-$bname-schema: $got"
		;;
	esac
done <<'BAD'
unknown-top-key|{"reveiws": {}}
github-host-url|{"github": {"hosts": ["https://ghe.example.com"]}}
unknown-github-key|{"github": {"host": ["ghe.example.com"]}}
dependencies-max-over|{"dependencies": {"max": 1001}}
dependencies-max-fraction|{"dependencies": {"max": 2.5}}
unknown-reviews-key|{"reviews": {"min_approval": 1}}
unknown-section-key|{"sections": [{"name": "Summary", "optional": true}]}
unknown-when-key|{"windows": [{"when": {"label": ["x"]}, "days": ["mon"], "start": "09:00", "end": "10:00"}]}
unknown-metric-key|{"metrics": [{"name": "m", "url": "https://example.org", "maximum": 1}]}
unknown-ci-required-key|{"ci": {"required": [{"name": "build", "workflow": "ci"}]}}
unknown-approver-key|{"reviews": {"required_approvers": [{"one_of": ["alice"]}]}}
unknown-blackout-key|{"downtime": {"blackout": [{"days": ["sat"], "start": "00:00", "end": "06:00", "reason": "x"}]}}
type-min-approvals|{"reviews": {"min_approvals": "2"}}
type-dismiss-stale|{"reviews": {"dismiss_stale": "yes"}}
type-sections|{"sections": {"name": "Summary"}}
type-placeholders|{"placeholders": ["TODO", 1]}
type-schema|{"$schema": 1}
type-checklist-var|{"checklist": {"vars": {"app": 1}}}
empty-template|{"template": ""}
quorum-above-1|{"reviews": {"leads_quorum": 1.5}}
notice-hours-negative|{"downtime": {"notice_hours": -1}}
enum-rule-id|{"rules": {"placeholders": "off"}}
enum-severity|{"rules": {"wip": "fatal"}}
enum-day|{"window": {"days": ["monday"]}}
enum-days-empty|{"window": {"days": []}}
enum-role|{"sections": [{"name": "Summary", "role": "summary"}]}
enum-checked|{"sections": [{"name": "Steps", "checked": "some"}]}
enum-ci-none|{"ci": {"none": "fail"}}
enum-association|{"reviews": {"associations": ["member"]}}
enum-method|{"metrics": [{"name": "m", "url": "https://example.org", "method": "PUT", "max": 1}]}
enum-advice-unread-off|{"advice_tag": {"unread": "off"}}
enum-allow-gate-rule|{"allow": {"rules": ["window"]}}
enum-overrides-lint-rule|{"overrides": {"rules": ["wip"]}}
login-double-at|{"reviews": {"ops": ["@@erin"]}}
login-space|{"reviews": {"required_approvers": ["alice bob"]}}
approver-both|{"reviews": {"required_approvers": [{"any_of": ["alice"], "all_of": ["bob"]}]}}
approver-empty|{"reviews": {"required_approvers": [{"any_of": []}]}}
when-empty|{"reviews": {"required_approvers": [{"any_of": ["alice"], "when": {}}]}}
hhmm-one-digit|{"window": {"start": "9:00"}}
hhmm-25|{"window": {"end": "25:00"}}
hhmm-minutes|{"downtime": {"blackout": [{"days": ["sat"], "start": "00:60", "end": "06:00"}]}}
hhmm-24-30|{"window": {"end": "24:30"}}
window-missing-when|{"windows": [{"days": ["mon"], "start": "09:00", "end": "10:00"}]}
freeze-bad-moment|{"freezes": [{"from": "2026-12-24 10:00", "to": "2026-12-27", "reason": "holidays"}]}
freeze-missing-reason|{"freezes": [{"from": "2026-12-24", "to": "2026-12-27"}]}
metric-no-bound|{"metrics": [{"name": "m", "url": "https://example.org"}]}
metric-two-upper|{"metrics": [{"name": "m", "url": "https://example.org", "max": 1, "below": 2}]}
metric-ftp|{"metrics": [{"name": "m", "url": "ftp://example.org", "max": 1}]}
metric-body-get|{"metrics": [{"name": "m", "url": "https://example.org", "body": "{}", "max": 1}]}
metric-content-type-header|{"metrics": [{"name": "m", "url": "https://example.org", "headers": ["Content-Type: text/plain"], "max": 1}]}
metric-pointer|{"metrics": [{"name": "m", "url": "https://example.org", "pointer": "a/b", "max": 1}]}
section-no-name|{"sections": [{"required": true}]}
BAD
same bad-count 52 "$n"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
