/*
 * test_policy.c - the policy loader, the JSON wrapper under it and the
 * time-zone check: exact error messages with positions, defaults,
 * partial overrides, discovery and section matching.
 */
#include "support/embedded.h"
#include "support/json.h"
#include "linter/policy.h"
#include "support/strbuf.h"
#include "support/tz.h"
#include "test.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char msgbuf[1024];

/* Apply text on top of the default policy; "ok" or the error message. */
static const char *try_apply(const char *text)
{
	struct prgate_policy p;
	struct prgate_error err = {0};
	if (prgate_policy_init_default(&p, &err))
		return "init failed";
	if (prgate_policy_apply(&p, ".prgate.json", "/repo", text, strlen(text),
				&err)) {
		CHECK_INT(err.status, PRGATE_ERR_CONFIG);
		snprintf(msgbuf, sizeof(msgbuf), "%s", err.message);
	} else {
		snprintf(msgbuf, sizeof(msgbuf), "ok");
	}
	prgate_policy_release(&p);
	return msgbuf;
}

/* Parse text as plain JSON; "ok" or the error message. */
static const char *try_json(const char *text, size_t len, unsigned flags)
{
	struct prgate_json_doc *doc = NULL;
	struct prgate_error err = {0};
	if (prgate_json_parse("t.json", text, len, flags, &doc, &err)) {
		CHECK(doc == NULL);
		CHECK_INT(err.status, PRGATE_ERR_INPUT);
		snprintf(msgbuf, sizeof(msgbuf), "%s", err.message);
	} else {
		snprintf(msgbuf, sizeof(msgbuf), "ok");
	}
	prgate_json_free(doc);
	return msgbuf;
}

static const char *try_json_str(const char *text)
{
	return try_json(text, strlen(text), PRGATE_JSON_COMMENTS);
}

static void test_json_syntax(void)
{
	char *deep;

	CHECK_STR(
	    try_json_str("{\"a\": 1, \"b\": [true, false, null, -1.5e3]}"),
	    "ok");
	CHECK_STR(try_json_str("{\n  \"a\": 1\n  \"b\": 2\n}"),
		  "t.json:3:3: invalid JSON: expected ',' or '}'");
	CHECK_STR(try_json_str("[1, 2 3]"),
		  "t.json:1:7: invalid JSON: expected ',' or ']'");
	CHECK_STR(try_json_str("[1, 2,]"),
		  "t.json:1:6: invalid JSON: trailing comma");
	CHECK_STR(try_json_str("{\"a\": 1,\n}"),
		  "t.json:1:8: invalid JSON: trailing comma");
	CHECK_STR(try_json_str("{a: 1}"),
		  "t.json:1:2: invalid JSON: expected a key in double quotes");
	CHECK_STR(try_json_str("{\"a\" 1}"),
		  "t.json:1:6: invalid JSON: expected ':' after the key");
	CHECK_STR(try_json_str("['x']"),
		  "t.json:1:2: invalid JSON: strings must be in double quotes");
	CHECK_STR(try_json_str("{\"a\": \"abc\n}"),
		  "t.json:1:7: invalid JSON: unterminated string");
	CHECK_STR(try_json_str("\"ab\\q\""),
		  "t.json:1:4: invalid JSON: bad escape '\\q'");
	CHECK_STR(try_json_str("\"\\u12G4\""),
		  "t.json:1:2: invalid JSON: bad \\u escape");
	CHECK_STR(try_json_str("\"a\tb\""),
		  "t.json:1:3: invalid JSON: control character in a string");
	CHECK_STR(try_json_str("[01]"),
		  "t.json:1:2: invalid JSON: bad number '01'");
	CHECK_STR(try_json_str("[1.]"),
		  "t.json:1:2: invalid JSON: bad number '1.'");
	CHECK_STR(try_json_str("[-]"),
		  "t.json:1:2: invalid JSON: bad number '-'");
	CHECK_STR(try_json_str("[+1]"),
		  "t.json:1:2: invalid JSON: unexpected '+'");
	CHECK_STR(try_json_str("[tru]"),
		  "t.json:1:2: invalid JSON: unexpected 'tru'");
	CHECK_STR(try_json_str("{\"a\": \xe2\x80\x9cx\xe2\x80\x9d}"),
		  "t.json:1:7: invalid JSON: unexpected '\xe2\x80\x9c'");
	CHECK_STR(try_json_str("{} x"),
		  "t.json:1:4: invalid JSON: unexpected text after the end");
	CHECK_STR(try_json_str(""), "t.json:1:1: unexpected end of input");
	CHECK_STR(try_json_str("  \n "), "t.json:2:2: unexpected end of input");
	CHECK_STR(try_json_str("{\"a\": [1,"),
		  "t.json:1:10: unexpected end of input");
	CHECK_STR(try_json("[1]\0", 4, 0),
		  "t.json:1:4: invalid JSON: unexpected text after the end");
	CHECK_STR(try_json("[1, \0]", 6, 0),
		  "t.json:1:5: invalid JSON: unexpected byte 0x00");
	/* cJSON refuses what the scan lets through: an unpaired surrogate */
	CHECK_STR(try_json_str("[\"\\ud800\"]"),
		  "t.json:1:3: invalid JSON: bad \\u escape (unpaired "
		  "surrogate)");
	/* CRLF and a lone CR end lines like LF */
	CHECK_STR(try_json_str("{\r\n\"a\": 1\r\"b\": 2}"),
		  "t.json:3:1: invalid JSON: expected ',' or '}'");
	/* a byte order mark is skipped */
	CHECK_STR(try_json_str("\xef\xbb\xbf{}"), "ok");

	/* comments */
	CHECK_STR(try_json_str("// c\n{\"a\": /* b */ 1} // d"), "ok");
	CHECK_STR(try_json("{\"a\": 1} // d", 13, 0),
		  "t.json:1:10: invalid JSON: comments are not allowed");
	CHECK_STR(try_json_str("{\"a\": 1}\n  /* never\nclosed"),
		  "t.json:2:3: unterminated comment");
	CHECK_STR(try_json_str("{\"a\": 1} /"),
		  "t.json:1:10: invalid JSON: unexpected text after the end");
	CHECK_STR(try_json_str("[1, / 2]"),
		  "t.json:1:5: invalid JSON: unexpected '/'");

	/* duplicate keys, in a small and in a large object */
	CHECK_STR(try_json_str("{\"a\": {\"x\": 1, \"y\": 2,\n \"x\": 3}}"),
		  "t.json:2:2: duplicate key \"x\" (first at 1:8)");
	{
		struct strbuf sb = STRBUF_INIT;
		strbuf_addch(&sb, '{');
		for (int i = 0; i < 40; i++)
			strbuf_addf(&sb, "\"k%d\": %d,\n", i % 30, i);
		strbuf_addstr(&sb, "\"end\": 0}");
		CHECK_STR(try_json_str(sb.buf),
			  "t.json:31:1: duplicate key \"k0\" (first at 1:2)");
		strbuf_release(&sb);
	}
	CHECK_STR(try_json_str("{\"a\": 1, \"A\": 2}"), "ok");

	/* nesting: cJSON's limit of 1000 exactly, and far beyond it */
	deep = malloc(20001);
	memset(deep, '[', 1000);
	memset(deep + 1000, ']', 1000);
	CHECK_STR(try_json(deep, 2000, 0), "ok");
	memset(deep, '[', 10000);
	memset(deep + 10000, ']', 10000);
	CHECK_STR(try_json(deep, 20000, 0),
		  "t.json:1:1001: nested too deep (more than 1000 levels)");
	free(deep);
}

static void test_json_api(void)
{
	const char *text = "{\n"
			   "  \"a\": [1, {\"b\": \"x/y\"}],\n"
			   "  /* c */ \"a/b\": 2.5, \"m~n\": true,\n"
			   "  \"big\": 1e999, \"neg\": -3, \"s\": \"\\u00e9\"\n"
			   "}";
	struct prgate_json_doc *doc;
	struct prgate_error err = {0};
	const struct prgate_json *root, *a, *b, *n;
	int line, col, bv;
	double d;
	long long ll;
	struct strbuf sb = STRBUF_INIT;

	CHECK_INT(prgate_json_parse("api", text, strlen(text),
				    PRGATE_JSON_COMMENTS, &doc, &err),
		  PRGATE_OK);
	root = prgate_json_root(doc);
	CHECK_STR(prgate_json_name(doc), "api");
	CHECK_INT(prgate_json_type(root), PRGATE_JSON_OBJECT);
	CHECK_INT(prgate_json_count(root), 6);
	CHECK(prgate_json_pos(doc, root, &line, &col));
	CHECK_INT(line, 1);
	CHECK_INT(col, 1);

	a = prgate_json_get(root, "a");
	CHECK_INT(prgate_json_count(a), 2);
	CHECK(prgate_json_key_pos(doc, a, &line, &col));
	CHECK_INT(line, 2);
	CHECK_INT(col, 3);
	CHECK(prgate_json_pos(doc, a, &line, &col));
	CHECK_INT(col, 8);
	b = prgate_json_get(prgate_json_at(a, 1), "b");
	CHECK_STR(prgate_json_string(b), "x/y");
	CHECK(prgate_json_pos(doc, b, &line, &col));
	CHECK_INT(line, 2);
	CHECK_INT(col, 18);
	CHECK_STR(prgate_json_key(b), "b");
	CHECK(prgate_json_key(prgate_json_at(a, 0)) == NULL);

	n = prgate_json_get(root, "a/b");
	CHECK(prgate_json_key_pos(doc, n, &line, &col));
	CHECK_INT(line, 3);
	CHECK_INT(col, 11);
	CHECK(prgate_json_number(n, &d) && d == 2.5);
	CHECK(!prgate_json_int(n, 0, 10, &ll));
	CHECK(prgate_json_get_bool(root, "m~n", &bv) && bv == 1);
	CHECK(!prgate_json_get_number(root, "m~n", &d));
	CHECK(!prgate_json_int(prgate_json_get(root, "big"), LLONG_MIN,
			       LLONG_MAX, &ll));
	CHECK(prgate_json_int(prgate_json_get(root, "neg"), -5, 5, &ll) &&
	      ll == -3);
	CHECK(!prgate_json_int(prgate_json_get(root, "neg"), 0, 5, &ll));
	CHECK_STR(prgate_json_get_string(root, "s"), "\xc3\xa9");
	CHECK(prgate_json_get(root, "A") == NULL); /* keys are exact */
	CHECK(prgate_json_get_string(root, "a") == NULL);

	/* JSON pointers */
	CHECK(prgate_json_pointer(root, "") == root);
	CHECK(prgate_json_pointer(root, "/a/1/b") == b);
	CHECK(prgate_json_pointer(root, "/a~1b") == n);
	CHECK(prgate_json_pointer(root, "/m~0n") ==
	      prgate_json_get(root, "m~n"));
	CHECK(prgate_json_pointer(root, "/a/01") == NULL);
	CHECK(prgate_json_pointer(root, "/a/2") == NULL);
	CHECK(prgate_json_pointer(root, "/a/-") == NULL);
	CHECK(prgate_json_pointer(root, "/nope") == NULL);
	CHECK(prgate_json_pointer(root, "a") == NULL);
	CHECK(prgate_json_pointer(root, "/m~2n") == NULL);

	/* errors at a node or at its key */
	prgate_json_error(doc, n, 1, &err, PRGATE_ERR_API, "bad %s", "key");
	CHECK_STR(err.message, "api:3:11: bad key");
	CHECK_INT(err.status, PRGATE_ERR_API);
	prgate_json_error(doc, n, 0, &err, PRGATE_ERR_API, "bad value");
	CHECK_STR(err.message, "api:3:18: bad value");

	/* iteration */
	{
		int count = 0;
		for (const struct prgate_json *c = prgate_json_child(root); c;
		     c = prgate_json_next(c))
			count++;
		CHECK_INT(count, 6);
	}
	prgate_json_free(doc);
	prgate_json_free(NULL);

	prgate_json_quote(&sb, "a\"b\\c\n\t\x01\xff\xc3\xa9");
	CHECK_STR(sb.buf, "\"a\\\"b\\\\c\\n\\t\\u0001\\ufffd\xc3\xa9\"");
	strbuf_release(&sb);
}

static void test_policy_errors(void)
{
	/* bad JSON and comments */
	CHECK_STR(try_apply("{\n"
			    "  \"reviews\": {\n"
			    "    \"leads\": [\"alice\"]\n"
			    "    \"min_approvals\": 2\n"
			    "  }\n"
			    "}"),
		  ".prgate.json:4:5: invalid JSON: expected ',' or '}'");
	CHECK_STR(try_apply("{\n  /* oops\n  \"ci\": {}\n}"),
		  ".prgate.json:2:3: unterminated comment");
	CHECK_STR(try_apply("[]"),
		  ".prgate.json:1:1: the policy must be a JSON object, not an "
		  "array");

	/* unknown keys */
	CHECK_STR(try_apply("{\n  \"reveiws\": {}\n}"),
		  ".prgate.json:2:3: unknown key \"reveiws\" in the policy "
		  "(did you mean \"reviews\"?)");
	CHECK_STR(try_apply("{\"frobnicate\": 1}"),
		  ".prgate.json:1:2: unknown key \"frobnicate\" in the policy");
	CHECK_STR(try_apply("{\"reviews\": {\"leeds\": []}}"),
		  ".prgate.json:1:14: unknown key \"leeds\" in \"reviews\" "
		  "(did you mean \"leads\"?)");
	CHECK_STR(try_apply("{\"sections\": [\n"
			    "  {\"name\": \"X\", \"alias\": []}]}"),
		  ".prgate.json:2:17: unknown key \"alias\" in a section "
		  "(did you mean \"aliases\"?)");
	CHECK_STR(try_apply("{\"downtime\": {\"blackout\": [\n"
			    "  {\"days\": [\"sat\"], \"start\": \"01:00\", "
			    "\"ende\": \"02:00\"}]}}"),
		  ".prgate.json:2:39: unknown key \"ende\" in a blackout "
		  "(did you mean \"end\"?)");
	CHECK_STR(try_apply("{\"$schema\": \"https://x/schema.json\"}"), "ok");

	/* trust: who may change a verdict */
	CHECK_STR(try_apply("{\"ci\": {\"required\": [\"a\", "
			    "{\"name\": \"t\", \"app\": \"github-actions\"}], "
			    "\"none\": \"pass\"},\n"
			    " \"reviews\": {\"associations\": [\"OWNER\"]},\n"
			    " \"allow\": {\"rules\": [\"issue-link\"]},\n"
			    " \"overrides\": {\"by\": [\"@alice\", \"leads\"], "
			    "\"rules\": [\"window\"]},\n"
			    " \"status\": {\"context\": \"gate\"},\n"
			    " \"advice_tag\": {\"unread\": \"error\"}}"),
		  "ok");
	CHECK_STR(try_apply("{\"ci\": {\"required\": [{\"name\": \"t\", "
			    "\"ap\": \"x\"}]}}"),
		  ".prgate.json:1:36: unknown key \"ap\" in a required check "
		  "(did you mean \"app\"?)");
	CHECK_STR(try_apply("{\"ci\": {\"required\": [{\"app\": \"x\"}]}}"),
		  ".prgate.json:1:22: a required check needs a \"name\" (a "
		  "string)");
	CHECK_STR(
	    try_apply("{\"ci\": {\"none\": \"skip\"}}"),
	    ".prgate.json:1:17: \"none\" must be \"pending\" or \"pass\"");
	CHECK_STR(try_apply("{\"reviews\": {\"associations\": [\"member\"]}}"),
		  ".prgate.json:1:31: unknown author association \"member\" "
		  "(OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, "
		  "FIRST_TIME_CONTRIBUTOR, FIRST_TIMER, MANNEQUIN or NONE)");
	CHECK_STR(try_apply("{\"allow\": {\"rules\": [\"approvals\"]}}"),
		  ".prgate.json:1:22: 'approvals' is a gate rule: allow.rules "
		  "lists description rules only (gate rules are overridden "
		  "with '/prgate allow', see overrides.rules)");
	CHECK_STR(try_apply("{\"overrides\": {\"rules\": [\"wip\"]}}"),
		  ".prgate.json:1:26: 'wip' is a description rule: "
		  "overrides.rules lists gate rules only (a description rule "
		  "is allowed by a prgate-allow comment, see allow.rules)");
	CHECK_STR(try_apply("{\"overrides\": {\"rules\": [\"allow-reason\"]}}"),
		  ".prgate.json:1:26: 'allow-reason' can't be allowed");
	CHECK_STR(try_apply("{\"overrides\": {\"rules\": [\"windoe\"]}}"),
		  ".prgate.json:1:26: unknown rule \"windoe\" (see prgate "
		  "rules)");
	CHECK_STR(try_apply("{\"advice_tag\": {\"unread\": \"off\"}}"),
		  ".prgate.json:1:27: \"unread\" must be \"error\", "
		  "\"warning\" or \"info\"");

	/* wrong types */
	CHECK_STR(try_apply("{\"sections\": {}}"),
		  ".prgate.json:1:14: \"sections\" must be an array, not an "
		  "object");
	CHECK_STR(try_apply("{\"reviews\": {\"min_approvals\": \"2\"}}"),
		  ".prgate.json:1:31: \"min_approvals\" must be a whole number "
		  "from 0 to 1000");
	CHECK_STR(try_apply("{\"reviews\": {\"leads\": [\"a\", 7]}}"),
		  ".prgate.json:1:29: \"leads\" must be an array of strings, "
		  "not hold a number");
	CHECK_STR(try_apply("{\"reviews\": {\"dismiss_stale\": 1}}"),
		  ".prgate.json:1:31: \"dismiss_stale\" must be true or false");
	CHECK_STR(try_apply("{\"placeholders\": [\"\"]}"),
		  ".prgate.json:1:19: empty string in \"placeholders\"");
	CHECK_STR(try_apply("{\"ci\": null}"),
		  ".prgate.json:1:8: \"ci\" must be an object, not null");
	CHECK_STR(try_apply("{\"template\": \"\"}"),
		  ".prgate.json:1:14: \"template\" must not be empty");

	/* duplicate keys */
	CHECK_STR(try_apply("{\n  \"ci\": {},\n  \"ci\": {}\n}"),
		  ".prgate.json:3:3: duplicate key \"ci\" (first at 2:3)");

	/* numbers */
	CHECK_STR(try_apply("{\"reviews\": {\"min_approvals\": 1e999}}"),
		  ".prgate.json:1:31: \"min_approvals\" must be a whole number "
		  "from 0 to 1000");
	CHECK_STR(try_apply("{\"reviews\": {\"min_approvals\": 1.5}}"),
		  ".prgate.json:1:31: \"min_approvals\" must be a whole number "
		  "from 0 to 1000");
	CHECK_STR(try_apply("{\"reviews\": {\"min_approvals\": -1}}"),
		  ".prgate.json:1:31: \"min_approvals\" must be a whole number "
		  "from 0 to 1000");
	CHECK_STR(try_apply("{\"downtime\": {\"notice_hours\": "
			    "99999999999999999999}}"),
		  ".prgate.json:1:31: \"notice_hours\" must be a whole number "
		  "from 0 to 8760");
	CHECK_STR(try_apply("{\"reviews\": {\"leads_quorum\": 1e999}}"),
		  ".prgate.json:1:30: \"leads_quorum\" must be a number from 0 "
		  "to 1");
	CHECK_STR(try_apply("{\"reviews\": {\"leads_quorum\": 1.01}}"),
		  ".prgate.json:1:30: \"leads_quorum\" must be a number from 0 "
		  "to 1");

	/* nesting far too deep: a clear error, no crash */
	{
		struct strbuf sb = STRBUF_INIT;
		strbuf_addstr(&sb, "{\"x\": ");
		for (int i = 0; i < 10000; i++)
			strbuf_addch(&sb, '[');
		for (int i = 0; i < 10000; i++)
			strbuf_addch(&sb, ']');
		strbuf_addch(&sb, '}');
		CHECK_STR(try_apply(sb.buf),
			  ".prgate.json:1:1006: nested too deep (more than "
			  "1000 levels)");
		strbuf_release(&sb);
	}

	/* sections */
	CHECK_STR(try_apply("{\"sections\": [\n"
			    "  {\"name\": \"Rollback\", \"aliases\": "
			    "[\"roll(back\"]}]}"),
		  ".prgate.json:2:36: bad pattern 'roll(back': missing closing "
		  "parenthesis at offset 9");
	CHECK_STR(try_apply("{\"sections\": [{\"required\": true}]}"),
		  ".prgate.json:1:15: missing \"name\" in a section");
	CHECK_STR(try_apply("{\"sections\": [\"Solution\"]}"),
		  ".prgate.json:1:15: each section must be an object, not a "
		  "string");
	CHECK_STR(try_apply("{\"sections\": [{\"name\": \"Roll-out plan\"},\n"
			    "  {\"name\": \"Roll out plan\"}]}"),
		  ".prgate.json:2:12: section \"Roll out plan\" is the same as "
		  "\"Roll-out plan\"");
	CHECK_STR(try_apply("{\"sections\": [{\"name\": \"A\"},\n"
			    "  {\"name\": \"A\"}]}"),
		  ".prgate.json:2:12: duplicate section \"A\"");
	CHECK_STR(
	    try_apply("{\"sections\": [{\"name\": \"\xf0\x9f\x9a\x80\"}]}"),
	    ".prgate.json:1:24: section name \"\xf0\x9f\x9a\x80\" has no "
	    "letters or digits");
	CHECK_STR(try_apply("{\"sections\": [{\"name\": \"A\", \"role\": "
			    "\"bakup\"}]}"),
		  ".prgate.json:1:37: unknown role \"bakup\" (one of "
		  "\"issue\", \"backing\", \"backup\", \"assistants\", "
		  "\"steps\", \"verification\", \"rollback\", \"downtime\", or "
		  "null)");
	CHECK_STR(try_apply("{\"sections\": [{\"name\": \"A\", \"role\": "
			    "\"backup\"},\n"
			    "  {\"name\": \"B\", \"role\": \"backup\"}]}"),
		  ".prgate.json:2:25: role \"backup\" is already given to "
		  "section \"A\"");

	/* rules */
	CHECK_STR(try_apply("{\"rules\": {\"foo\": \"error\"}}"),
		  ".prgate.json:1:12: unknown rule \"foo\" in \"rules\"");
	CHECK_STR(try_apply("{\"rules\": {\"placeholdr\": \"error\"}}"),
		  ".prgate.json:1:12: unknown rule \"placeholdr\" in \"rules\" "
		  "(did you mean \"placeholder\"?)");
	CHECK_STR(try_apply("{\"rules\": {\"placeholder\": \"fatal\"}}"),
		  ".prgate.json:1:27: severity must be \"error\", \"warning\", "
		  "\"info\" or \"off\"");
	CHECK_STR(try_apply("{\"rules\": {\"placeholder\": 3}}"),
		  ".prgate.json:1:27: severity must be \"error\", \"warning\", "
		  "\"info\" or \"off\"");

	/* the window */
	CHECK_STR(try_apply("{\n"
			    "  \"window\": {\n"
			    "    \"timezone\": \"Europe/Atlantis\"\n"
			    "  }\n"
			    "}"),
		  ".prgate.json:3:17: unknown time zone \"Europe/Atlantis\" "
		  "(not in the system zone database)");
	CHECK_STR(
	    try_apply("{\"window\": {\"timezone\": \"../../etc/passwd\"}}"),
	    ".prgate.json:1:25: unknown time zone \"../../etc/passwd\" "
	    "(not in the system zone database)");
	CHECK_STR(try_apply("{\n"
			    "  \"window\": {\n"
			    "    \"start\": \"8:00\"\n"
			    "  }\n"
			    "}"),
		  ".prgate.json:3:14: \"start\" must be a time HH:MM");
	CHECK_STR(try_apply("{\"window\": {\"end\": \"24:01\"}}"),
		  ".prgate.json:1:20: \"end\" must be a time HH:MM");
	CHECK_STR(try_apply("{\"window\": {\"start\": \"10:00\", \"end\": "
			    "\"09:00\"}}"),
		  ".prgate.json:1:38: \"end\" must be after \"start\"");
	CHECK_STR(try_apply("{\"window\": {\"start\": \"18:00\"}}"),
		  ".prgate.json:1:22: \"start\" must be before \"end\"");
	CHECK_STR(try_apply("{\"window\": {\"days\": []}}"),
		  ".prgate.json:1:21: \"days\" must name at least one day");
	CHECK_STR(try_apply("{\"window\": {\"days\": [\"mon\", \"fry\"]}}"),
		  ".prgate.json:1:29: unknown day \"fry\" in \"days\" (use "
		  "\"mon\", \"tue\", ... \"sun\")");

	/* freezes */
	CHECK_STR(
	    try_apply("{\n"
		      "  \"freezes\": [\n"
		      "    {\"from\": \"2026-02-30\", \"to\": \"2026-03-02\", "
		      "\"reason\": \"x\"}\n"
		      "  ]\n"
		      "}"),
	    ".prgate.json:3:14: \"from\" must be a time "
	    "YYYY-MM-DDTHH:MM (with an optional offset such as "
	    "\"+01:00\" or \"Z\") or a date YYYY-MM-DD");
	CHECK_STR(try_apply("{\"freezes\": [{\"from\": \"2026-12-24 10:00\", "
			    "\"to\": \"2027-01-02\", \"reason\": \"x\"}]}"),
		  ".prgate.json:1:23: \"from\" must be a time "
		  "YYYY-MM-DDTHH:MM (with an optional offset such as "
		  "\"+01:00\" or \"Z\") or a date YYYY-MM-DD");
	CHECK_STR(try_apply("{\n"
			    "  \"freezes\": [\n"
			    "    {\"from\": \"2026-12-24T10:00\", \"to\": "
			    "\"2026-12-24T10:00\", \"reason\": \"x\"}\n"
			    "  ]\n"
			    "}"),
		  ".prgate.json:3:40: \"to\" must be after \"from\"");
	CHECK_STR(try_apply("{\"freezes\": [{\"from\": \"2026-12-24T10:00Z\", "
			    "\"to\": \"2026-12-24T10:30+01:00\", "
			    "\"reason\": \"x\"}]}"),
		  ".prgate.json:1:50: \"to\" must be after \"from\"");
	CHECK_STR(try_apply("{\"freezes\": [{\"from\": \"2026-12-24\", "
			    "\"to\": \"2026-12-26\"}]}"),
		  ".prgate.json:1:14: missing \"reason\" in a freeze");
	CHECK_STR(try_apply("{\"freezes\": [{\"from\": \"2026-12-24\", "
			    "\"to\": \"2026-12-26\", \"reason\": \"\"}]}"),
		  ".prgate.json:1:67: \"reason\" must not be empty");

	/* metrics */
	CHECK_STR(try_apply("{\"metrics\": [{\"name\": \"rpm\", \"url\": "
			    "\"https://m/x\"}]}"),
		  ".prgate.json:1:14: metric \"rpm\" needs \"max\", \"below\", "
		  "\"min\" or \"above\"");
	CHECK_STR(try_apply("{\"metrics\": [{\"name\": \"rpm\", \"url\": "
			    "\"https://m/x\", \"pointer\": \"a/b\", "
			    "\"max\": 1}]}"),
		  ".prgate.json:1:63: \"pointer\" must be a JSON pointer: \"\" "
		  "or starting with \"/\"");

	/* a query string is part of a metric's URL */
	CHECK_STR(try_apply("{\"metrics\": [{\"name\": \"rpm\", \"url\": "
			    "\"https://m/x?names[]=rpm&from=-5m\", "
			    "\"max\": 1}]}"),
		  "ok");
	/* strict bounds: below / above, one of each pair */
	CHECK_STR(try_apply("{\"metrics\": [{\"name\": \"rpm\", \"url\": "
			    "\"https://m/x\", \"below\": 1, \"above\": 0}]}"),
		  "ok");
	CHECK_STR(try_apply("{\"metrics\": [{\"name\": \"rpm\", \"url\": "
			    "\"https://m/x\", \"max\": 1, \"below\": 2}]}"),
		  ".prgate.json:1:71: \"max\" and \"below\" are both upper "
		  "bounds: give one");
	CHECK_STR(try_apply("{\"metrics\": [{\"name\": \"rpm\", \"url\": "
			    "\"https://m/x\", \"above\": 1, \"min\": 2}]}"),
		  ".prgate.json:1:71: \"above\" and \"min\" are both lower "
		  "bounds: give one");
	CHECK_STR(try_apply("{\"metrics\": [{\"name\": \"rpm\", \"url\": "
			    "\"https://m/x\", \"above\": 5, \"below\": 5}]}"),
		  ".prgate.json:1:14: metric \"rpm\": no number is above 5 "
		  "and below 5");
	/* the request: GET, or POST with a body */
	CHECK_STR(try_apply("{\"metrics\": [{\"name\": \"rpm\", \"url\": "
			    "\"https://m/q\", \"method\": \"POST\", "
			    "\"body\": \"{}\", \"content_type\": "
			    "\"application/graphql\", \"max\": 1}]}"),
		  "ok");
	CHECK_STR(try_apply("{\"metrics\": [{\"name\": \"rpm\", \"url\": "
			    "\"https://m/q\", \"method\": \"PUT\", "
			    "\"max\": 1}]}"),
		  ".prgate.json:1:62: \"method\" must be \"GET\" or \"POST\"");
	CHECK_STR(try_apply("{\"metrics\": [{\"name\": \"rpm\", \"url\": "
			    "\"https://m/q\", \"body\": \"{}\", \"max\": 1}]}"),
		  ".prgate.json:1:14: metric \"rpm\" has a \"body\": set "
		  "\"method\": \"POST\"");
	CHECK_STR(try_apply("{\"metrics\": [{\"name\": \"rpm\", \"url\": "
			    "\"https://m/q\", \"method\": \"POST\", "
			    "\"content_type\": \"a\\nb\", \"max\": 1}]}"),
		  ".prgate.json:1:86: \"content_type\" must be one line");
	CHECK_STR(try_apply("{\"metrics\": [{\"name\": \"rpm\", \"url\": "
			    "\"https://m/q\", \"headers\": [\"Content-Type: "
			    "text/plain\"], \"max\": 1}]}"),
		  ".prgate.json:1:64: set the content type with "
		  "\"content_type\", not in \"headers\"");

	/* conditions */
	CHECK_STR(
	    try_apply("{\"reviews\": {\"required_approvers\": [\"carol\", "
		      "{\"any_of\": [\"alice\", \"bob\"], \"when\": "
		      "{\"downtime\": true}}]}, \"windows\": [{\"when\": "
		      "{\"paths\": [\"db/**\"], \"labels\": [\"db\"]}, "
		      "\"days\": [\"mon\"], \"start\": \"16:00\", "
		      "\"end\": \"20:00\"}], \"downtime\": {\"blackout\": "
		      "[{\"days\": [\"mon\"], \"start\": \"08:00\", "
		      "\"end\": \"16:00\", \"when\": {\"paths\": "
		      "[\"db/**\"]}}]}}"),
	    "ok");
	CHECK_STR(try_apply("{\"windows\": [{\"days\": [\"mon\"], \"start\": "
			    "\"16:00\", \"end\": \"20:00\"}]}"),
		  ".prgate.json:1:14: missing \"when\" in a window");
	CHECK_STR(
	    try_apply("{\"reviews\": {\"required_approvers\": [{\"any_of\": "
		      "[\"a\"], \"all_of\": [\"b\"]}]}}"),
	    ".prgate.json:1:65: give one of \"any_of\" and \"all_of\"");
	CHECK_STR(
	    try_apply("{\"reviews\": {\"required_approvers\": [{\"any_of\": "
		      "[\"a\"], \"when\": {}}]}}"),
	    ".prgate.json:1:63: \"when\" must give \"labels\", "
	    "\"paths\" or \"downtime\"");
	CHECK_STR(
	    try_apply("{\"reviews\": {\"required_approvers\": [{\"when\": "
		      "{\"label\": [\"x\"]}}]}}"),
	    ".prgate.json:1:47: unknown key \"label\" in \"when\" (did "
	    "you mean \"labels\"?)");
	CHECK_STR(
	    try_apply("{\"reviews\": {\"required_approvers\": [{\"when\": "
		      "{\"downtime\": true}}]}}"),
	    ".prgate.json:1:37: missing \"any_of\" or \"all_of\" in a "
	    "required approver");
	CHECK_STR(try_apply("{\"reviews\": {\"required_approvers\": [3]}}"),
		  ".prgate.json:1:37: each of \"required_approvers\" must be "
		  "a login or an object with \"any_of\" or \"all_of\"");

	/* checklist */
	CHECK_STR(try_apply("{\"checklist\": {\"vars\": {\"a b\": \"x\"}}}"),
		  ".prgate.json:1:25: variable name \"a b\" must be letters, "
		  "digits, \"_\" and \"-\"");
}

static void test_policy_default(void)
{
	static const struct {
		const char *name;
		int required, allow_none, checklist, role;
		size_t naliases;
	} want[] = {
	    {"Solution", 1, 0, 0, PRGATE_ROLE_NONE, 0},
	    {"Original issue and supporting materials", 1, 0, 0,
	     PRGATE_ROLE_ISSUE, 4},
	    {"Downsides", 1, 1, 0, PRGATE_ROLE_NONE, 0},
	    {"Roll-out plan", 1, 0, 0, PRGATE_ROLE_NONE, 2},
	    {"Deployment risks", 1, 1, 0, PRGATE_ROLE_NONE, 1},
	    {"Deployment assistants", 1, 1, 0, PRGATE_ROLE_ASSISTANTS, 1},
	    {"Backing services related changes", 1, 1, 0, PRGATE_ROLE_BACKING,
	     1},
	    {"Backuping steps", 1, 1, 0, PRGATE_ROLE_BACKUP, 2},
	    {"Deployment steps", 1, 0, 1, PRGATE_ROLE_STEPS, 0},
	    {"Verification plan", 1, 0, 0, PRGATE_ROLE_VERIFICATION, 3},
	    {"Rollback strategy", 1, 0, 0, PRGATE_ROLE_ROLLBACK, 3},
	    {"Downtime", 0, 1, 0, PRGATE_ROLE_DOWNTIME, 1},
	};
	struct prgate_policy p;
	struct prgate_error err = {0};

	CHECK_INT(prgate_policy_init_default(&p, &err), PRGATE_OK);
	CHECK_STR(err.message, "");
	CHECK(p.path == NULL);
	CHECK(p.template_path == NULL);
	CHECK_INT(p.nsections, ARRAY_SIZE(want));
	for (size_t i = 0; i < ARRAY_SIZE(want) && i < p.nsections; i++) {
		const struct prgate_policy_section *s = &p.sections[i];
		CHECK_STR(s->name, want[i].name);
		CHECK_INT(s->required, want[i].required);
		CHECK_INT(s->allow_none, want[i].allow_none);
		CHECK_INT(s->checklist, want[i].checklist);
		CHECK_INT(s->role, want[i].role);
		CHECK_INT(s->naliases, want[i].naliases);
	}
	CHECK_STR(p.sections[3].key, "rolloutplan");
	CHECK_INT(p.placeholders.n, 4);
	CHECK(prgate_strlist_has(&p.placeholders, "vXX"));
	for (int i = 0; i < PRGATE_RULE_COUNT; i++)
		CHECK_INT(p.severity[i], -1);
	CHECK_INT(p.reviews.leads.n, 0);
	CHECK(p.reviews.leads_quorum == 0.5);
	CHECK_INT(p.reviews.min_approvals, 1);
	CHECK_INT(p.reviews.dismiss_stale, 0);
	CHECK_INT(p.ci.required.n, 0);
	CHECK_STR(p.window.timezone, "Europe/Ljubljana");
	CHECK_INT(p.window.hours.days, 0x3e);
	CHECK_INT(p.window.hours.start_min, 8 * 60);
	CHECK_INT(p.window.hours.end_min, 17 * 60);
	CHECK_INT(p.nfreezes, 0);
	CHECK_INT(p.downtime.notice_hours, 72);
	CHECK_INT(p.downtime.labels.n, 1);
	CHECK_STR(p.downtime.labels.v[0], "downtime");
	CHECK_INT(p.downtime.nblackout, 0);
	CHECK_INT(p.migrations.paths.n, 3);
	CHECK_STR(p.migrations.paths.v[0], "**/migrations/*");
	CHECK_INT(p.nmetrics, 0);
	CHECK_INT(p.deploy.remotes.n, 1);
	CHECK_STR(p.deploy.remotes.v[0], "production");
	CHECK_INT(p.deploy.branches.n, 2);
	CHECK_STR(p.status.context, "prgate");
	CHECK_INT(p.checklist.nvars, 0);
	CHECK_INT(p.checklist.rollback.n, 0);

	/* matching headings and labels to sections */
	CHECK_INT(prgate_policy_match_section(&p, "\xf0\x9f\x9a\x80 Roll-out "
						  "plan:"),
		  3);
	CHECK_INT(prgate_policy_match_section(&p, "ROLLBACK STRATEGY"), 10);
	CHECK_INT(prgate_policy_match_section(&p, "Rollback plan"), 10);
	CHECK_INT(prgate_policy_match_section(&p, "Back-out plan"), 10);
	CHECK_INT(prgate_policy_match_section(&p, "Backups"), 7);
	CHECK_INT(prgate_policy_match_section(&p, "Related issue"), 1);
	CHECK_INT(prgate_policy_match_section(&p, "How to verify?"), 9);
	CHECK_INT(prgate_policy_match_section(&p, "Risk"), 4);
	CHECK_INT(prgate_policy_match_section(&p, "Risky business"), -1);
	CHECK_INT(prgate_policy_match_section(&p, "Changelog"), -1);
	CHECK_INT(prgate_policy_match_section(&p, ""), -1);

	/* adding a section (a template's heading) */
	{
		struct prgate_policy_section *s =
		    prgate_policy_add_section(&p, "Changelog");
		CHECK_INT(p.nsections, 13);
		CHECK_STR(s->key, "changelog");
		CHECK_INT(s->required, 1);
		CHECK_INT(s->allow_none, 1);
		CHECK_INT(s->role, PRGATE_ROLE_NONE);
		/* the downtime role is taken by "Downtime" */
		s = prgate_policy_add_section(&p, "Downtime notice");
		CHECK_INT(s->role, PRGATE_ROLE_NONE);
		CHECK_INT(prgate_policy_match_section(&p, "changelog"), 12);
	}
	prgate_policy_release(&p);
	prgate_policy_release(&p); /* released is empty: fine again */
}

static void test_policy_override(void)
{
	struct prgate_policy p;
	struct prgate_error err = {0};
	const char *text =
	    "// the team's policy\n"
	    "{\n"
	    "  /* block\n"
	    "     comment */ \"placeholders\": [\"//not a comment\", "
	    "\"/* nor this */\"], // trailing\n"
	    "  \"reviews\": {\"leads\": [\"alice\", \"bob\"], "
	    "\"min_approvals\": 2},\n"
	    "  \"rules\": {\"placeholder\": \"warning\", \"wip\": \"off\"},\n"
	    "  \"window\": {\"timezone\": \"UTC\", \"days\": [\"Sat\", "
	    "\"sun\"],"
	    " \"end\": \"24:00\"},\n"
	    "  \"template\": \"tpl/pr.md\",\n"
	    "  \"freezes\": [{\"from\": \"2026-12-24\", \"to\": "
	    "\"2027-01-02T08:00:00+01:00\", \"reason\": \"holidays\"}],\n"
	    "  \"downtime\": {\"blackout\": [{\"days\": [\"mon\"], \"start\": "
	    "\"08:00\", \"end\": \"16:00\"}]},\n"
	    "  \"metrics\": [{\"name\": \"throughput\", \"url\": "
	    "\"https://monitor.example/api/rpm\", \"headers\": [\"X-Api-Key: "
	    "${K}\"], \"pointer\": \"/results/0/rpm\", \"max\": 15000}],\n"
	    "  \"checklist\": {\"vars\": {\"app\": \"shop\"}, \"rollback\": "
	    "[\"heroku rollback -a {app}\"]},\n"
	    "  \"sections\": [{\"name\": \"Backups\"}, {\"name\": \"Plan\", "
	    "\"role\": null, \"required\": false}]\n"
	    "}\n";

	CHECK_INT(prgate_policy_init_default(&p, &err), PRGATE_OK);
	CHECK_INT(prgate_policy_apply(&p, "team.json", "/repo", text,
				      strlen(text), &err),
		  PRGATE_OK);
	CHECK_STR(err.message, "");
	CHECK_INT(p.placeholders.n, 2);
	CHECK_STR(p.placeholders.v[0], "//not a comment");
	CHECK_STR(p.placeholders.v[1], "/* nor this */");
	CHECK_INT(p.reviews.leads.n, 2);
	CHECK(p.reviews.leads_quorum == 0.5);
	CHECK_INT(p.reviews.min_approvals, 2);
	CHECK_INT(p.severity[PRGATE_RULE_PLACEHOLDER], PRGATE_SEV_WARNING);
	CHECK_INT(p.severity[PRGATE_RULE_WIP], PRGATE_SEV_OFF);
	CHECK_INT(p.severity[PRGATE_RULE_SECTION_MISSING], -1);
	CHECK_STR(p.window.timezone, "UTC");
	CHECK_INT(p.window.hours.days, 0x41);
	CHECK_INT(p.window.hours.start_min, 8 * 60);
	CHECK_INT(p.window.hours.end_min, 24 * 60);
	CHECK_STR(p.template_path, "/repo/tpl/pr.md");
	CHECK_INT(p.nfreezes, 1);
	CHECK_INT(p.freezes[0].from.year, 2026);
	CHECK_INT(p.freezes[0].from.hour, 0);
	CHECK_INT(p.freezes[0].from.has_offset, 0);
	CHECK_INT(p.freezes[0].to.mon, 1);
	CHECK_INT(p.freezes[0].to.hour, 8);
	CHECK_INT(p.freezes[0].to.has_offset, 1);
	CHECK_INT(p.freezes[0].to.offset_min, 60);
	CHECK_STR(p.freezes[0].reason, "holidays");
	CHECK_INT(p.downtime.notice_hours, 72);
	/* "labels" left out of "downtime": the built-in ["downtime"] stays */
	CHECK_INT(p.downtime.labels.n, 1);
	CHECK_STR(p.downtime.labels.v[0], "downtime");
	CHECK_INT(p.downtime.nblackout, 1);
	CHECK_INT(p.downtime.blackout[0].days, 0x2);
	CHECK_INT(p.downtime.blackout[0].end_min, 16 * 60);
	CHECK_INT(p.nmetrics, 1);
	CHECK_STR(p.metrics[0].pointer, "/results/0/rpm");
	CHECK_INT(p.metrics[0].has_max, 1);
	CHECK_INT(p.metrics[0].has_min, 0);
	CHECK(p.metrics[0].max == 15000);
	CHECK_STR(p.metrics[0].headers.v[0], "X-Api-Key: ${K}");
	CHECK_INT(p.checklist.nvars, 1);
	CHECK_STR(p.checklist.vars[0].key, "app");
	CHECK_STR(p.checklist.vars[0].value, "shop");
	CHECK_INT(p.checklist.rollback.n, 1);
	CHECK_INT(p.checklist.before.n, 0);
	CHECK_INT(p.nsections, 2);
	CHECK_INT(p.sections[0].role, PRGATE_ROLE_BACKUP); /* guessed */
	CHECK_INT(p.sections[1].role, PRGATE_ROLE_NONE);
	CHECK_INT(p.sections[1].required, 0);
	/* untouched keys keep the default */
	CHECK_INT(p.migrations.paths.n, 3);
	CHECK_INT(p.deploy.branches.n, 2);

	/* a failed apply changes nothing */
	text = "{\"ci\": {\"required\": [\"x\"]}, \"reviews\": {\"ops\": 1}}";
	CHECK_INT(
	    prgate_policy_apply(&p, "bad.json", NULL, text, strlen(text), &err),
	    PRGATE_ERR_CONFIG);
	CHECK_STR(err.message,
		  "bad.json:1:48: \"ops\" must be an array of strings");
	CHECK_INT(p.ci.required.n, 0);
	CHECK_INT(p.reviews.min_approvals, 2);
	prgate_policy_release(&p);

	/* only "reviews": the 12 default sections stay */
	text = "{\"reviews\": {\"leads\": [\"a\", \"b\", \"c\"]}}";
	CHECK_INT(prgate_policy_init_default(&p, &err), PRGATE_OK);
	CHECK_INT(prgate_policy_apply(&p, "x", NULL, text, strlen(text), &err),
		  PRGATE_OK);
	CHECK_INT(p.nsections, 12);
	CHECK_INT(p.reviews.leads.n, 3);
	CHECK_INT(p.reviews.min_approvals, 1);
	CHECK_INT(p.placeholders.n, 4);
	CHECK_STR(p.window.timezone, "Europe/Ljubljana");
	prgate_policy_release(&p);
}

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	CHECK(fp != NULL);
	if (!fp)
		return;
	fputs(text, fp);
	fclose(fp);
}

static void test_policy_discover(void)
{
	char tmpl[] = "/tmp/prgate-policy-XXXXXX";
	char *root = mkdtemp(tmpl), *real, *found, *cwd;
	struct strbuf a = STRBUF_INIT, c = STRBUF_INIT, cfg = STRBUF_INIT;
	struct strbuf want = STRBUF_INIT;
	struct prgate_policy p;
	struct prgate_error err = {0};

	CHECK(root != NULL);
	if (!root)
		return;
	real = realpath(root, NULL);
	strbuf_addf(&a, "%s/a", root);
	strbuf_addf(&c, "%s/a/b/c", root);
	mkdir(a.buf, 0700);
	strbuf_addstr(&a, "/b");
	mkdir(a.buf, 0700);
	mkdir(c.buf, 0700);
	strbuf_setlen(&a, a.len - 2);
	strbuf_addf(&cfg, "%s/.prgate.json", a.buf);

	/* nothing yet (unless someone left one in /tmp or /) */
	found = prgate_policy_discover(c.buf);
	if (access("/tmp/.prgate.json", F_OK) && access("/.prgate.json", F_OK))
		CHECK(found == NULL);
	free(found);

	write_file(cfg.buf, "{\"ci\": {\"required\": [\"backend\"]},\n"
			    " \"template\": \"pr.md\"}\n");
	strbuf_addf(&want, "%s/a/.prgate.json", real);
	/* outside a repository only the folder itself counts */
	found = prgate_policy_discover(c.buf);
	CHECK(found == NULL);
	free(found);
	/* in a repository: up to its root (a/.git), never above it */
	strbuf_addf(&a, "/.git");
	mkdir(a.buf, 0700);
	strbuf_setlen(&a, a.len - 5);
	found = prgate_policy_discover(c.buf);
	CHECK_STR(found, want.buf);
	free(found);
	{
		/* a repository at a/b (a .git file, as a worktree has): the
		 * config in a/ is above its root */
		struct strbuf b = STRBUF_INIT;
		strbuf_addf(&b, "%s/a/b/.git", root);
		write_file(b.buf, "gitdir: /nowhere\n");
		found = prgate_policy_discover(c.buf);
		CHECK(found == NULL);
		free(found);
		unlink(b.buf);
		strbuf_release(&b);
	}
	found = prgate_policy_discover(c.buf);
	CHECK_STR(found, want.buf);
	free(found);
	found = prgate_policy_discover(a.buf);
	CHECK_STR(found, want.buf);
	free(found);

	/* load from a folder below: found by walking up */
	cwd = getcwd(NULL, 0);
	CHECK_INT(chdir(c.buf), 0);
	CHECK_INT(prgate_policy_load(&p, NULL, &err), PRGATE_OK);
	CHECK_STR(p.path, want.buf);
	CHECK_INT(p.ci.required.n, 1);
	strbuf_reset(&want);
	strbuf_addf(&want, "%s/a/pr.md", real);
	CHECK_STR(p.template_path, want.buf);
	CHECK_INT(p.nsections, 12);
	prgate_policy_release(&p);

	/* errors name the file as seen from here */
	write_file(cfg.buf, "{\"ci\": {\"requird\": []}}");
	CHECK_INT(prgate_policy_load(&p, NULL, &err), PRGATE_ERR_CONFIG);
	CHECK_STR(err.message,
		  "../../.prgate.json:1:9: unknown key \"requird\" in \"ci\" "
		  "(did you mean \"required\"?)");
	CHECK(p.sections == NULL); /* released on failure */
	prgate_policy_release(&p);

	/* --config FILE */
	CHECK_INT(prgate_policy_load(&p, "../../.prgate.json", &err),
		  PRGATE_ERR_CONFIG);
	CHECK_STR(err.message,
		  "../../.prgate.json:1:9: unknown key \"requird\" in \"ci\" "
		  "(did you mean \"required\"?)");
	write_file(cfg.buf, "{\"template\": \"t.md\"}");
	CHECK_INT(prgate_policy_load(&p, "../../.prgate.json", &err),
		  PRGATE_OK);
	CHECK_STR(p.path, "../../.prgate.json");
	CHECK_STR(p.template_path, "../../t.md");
	prgate_policy_release(&p);
	CHECK_INT(prgate_policy_load(&p, "/nonexistent/prgate.json", &err),
		  PRGATE_ERR_CONFIG);
	CHECK_STR(err.message, "cannot read config '/nonexistent/prgate.json': "
			       "No such file or directory");
	prgate_policy_release(&p);

	/* more than 1 MiB */
	{
		FILE *fp = fopen(cfg.buf, "w");
		for (int i = 0; fp && i < 70000; i++)
			fputs("                ", fp);
		if (fp)
			fclose(fp);
		CHECK_INT(prgate_policy_load(&p, "../../.prgate.json", &err),
			  PRGATE_ERR_CONFIG);
		CHECK_STR(err.message, "cannot read config "
				       "'../../.prgate.json': larger than 1 "
				       "MiB");
	}

	CHECK_INT(chdir(cwd), 0);
	free(cwd);
	unlink(cfg.buf);
	rmdir(c.buf);
	strbuf_setlen(&c, c.len - 2);
	rmdir(c.buf);
	strbuf_addstr(&a, "/.git");
	rmdir(a.buf);
	strbuf_setlen(&a, a.len - 5);
	rmdir(a.buf);
	rmdir(root);
	free(real);
	strbuf_release(&a);
	strbuf_release(&c);
	strbuf_release(&cfg);
	strbuf_release(&want);
}

static void test_roles(void)
{
	CHECK_INT(prgate_role_find("backup"), PRGATE_ROLE_BACKUP);
	CHECK_INT(prgate_role_find("downtime"), PRGATE_ROLE_DOWNTIME);
	CHECK_INT(prgate_role_find("Backup"), PRGATE_ROLE_NONE);
	CHECK_INT(prgate_role_find("nope"), PRGATE_ROLE_NONE);
	CHECK_STR(prgate_role_key(PRGATE_ROLE_ROLLBACK), "rollback");
	CHECK(prgate_role_key(PRGATE_ROLE_NONE) == NULL);
	CHECK_INT(prgate_role_guess("Backuping steps"), PRGATE_ROLE_BACKUP);
	CHECK_INT(prgate_role_guess("**Back-up steps**:"), PRGATE_ROLE_BACKUP);
	CHECK_INT(prgate_role_guess("Rollback plan"), PRGATE_ROLE_ROLLBACK);
	CHECK_INT(prgate_role_guess("Original issue"), PRGATE_ROLE_ISSUE);
	CHECK_INT(prgate_role_guess("Deployment assistant"),
		  PRGATE_ROLE_ASSISTANTS);
	CHECK_INT(prgate_role_guess("Solution"), PRGATE_ROLE_NONE);
	CHECK_INT(prgate_role_guess("Downtime notice"), PRGATE_ROLE_DOWNTIME);
}

static void test_tz(void)
{
	char tmpl[] = "/tmp/prgate-tz-XXXXXX";
	char *dir = mkdtemp(tmpl);
	struct strbuf path = STRBUF_INIT;
	char *old = getenv("TZDIR") ? strdup(getenv("TZDIR")) : NULL;

	CHECK_INT(prgate_tz_exists("Europe/Ljubljana"), 1);
	CHECK_INT(prgate_tz_exists("UTC"), 1);
	CHECK_INT(prgate_tz_exists("America/Argentina/Buenos_Aires"), 1);
	CHECK_INT(prgate_tz_exists("Etc/GMT+1"), 1);
	CHECK_INT(prgate_tz_exists("Europe/Atlantis"), 0);
	CHECK_INT(prgate_tz_exists("../etc/passwd"), 0);
	CHECK_INT(prgate_tz_exists("Europe/../UTC"), 0);
	CHECK_INT(prgate_tz_exists("./UTC"), 0);
	CHECK_INT(prgate_tz_exists("Europe//Ljubljana"), 0);
	CHECK_INT(prgate_tz_exists("Europe/Ljubljana/"), 0);
	CHECK_INT(prgate_tz_exists("/usr/share/zoneinfo/UTC"), 0);
	CHECK_INT(prgate_tz_exists("Europe"), 0); /* a folder */
	CHECK_INT(prgate_tz_exists(""), 0);
	CHECK_INT(prgate_tz_exists("Europe/Ljubljana "), 0);
	CHECK_INT(prgate_tz_exists("zone.tab"), 0); /* '.': not a zone */

	/* $TZDIR: a zone is a file starting with TZif */
	CHECK(dir != NULL);
	if (!dir)
		return;
	strbuf_addf(&path, "%s/Fake", dir);
	mkdir(path.buf, 0700);
	strbuf_addstr(&path, "/Zone");
	write_file(path.buf, "TZif2 and the rest");
	strbuf_addstr(&path, "2");
	write_file(path.buf, "# not a zone");
	setenv("TZDIR", dir, 1);
	CHECK_INT(prgate_tz_exists("Fake/Zone"), 1);
	CHECK_INT(prgate_tz_exists("Fake/Zone2"), 0);
	CHECK_INT(prgate_tz_exists("Europe/Ljubljana"), 0);
	if (old)
		setenv("TZDIR", old, 1);
	else
		unsetenv("TZDIR");
	free(old);
	unlink(path.buf);
	strbuf_setlen(&path, path.len - 1);
	unlink(path.buf);
	strbuf_setlen(&path, path.len - 5);
	rmdir(path.buf);
	rmdir(dir);
	strbuf_release(&path);
}

/* status.context: the commit status prgate sets */
static void test_policy_status(void)
{
	struct prgate_policy p;
	struct prgate_error err = {0};
	const char *text = "{\"status\": {\"context\": \"release-gate\"}}";

	CHECK_INT(prgate_policy_init_default(&p, &err), PRGATE_OK);
	CHECK_INT(prgate_policy_apply(&p, ".prgate.json", NULL, text,
				      strlen(text), &err),
		  PRGATE_OK);
	CHECK_STR(p.status.context, "release-gate");
	prgate_policy_release(&p);
	CHECK_STR(try_apply("{\"status\": {}}"), "ok");
	CHECK_STR(try_apply("{\"status\": {\"context\": \"\"}}"),
		  ".prgate.json:1:24: \"context\" must not be empty");
	CHECK_STR(try_apply("{\"status\": {\"context\": 7}}"),
		  ".prgate.json:1:24: \"context\" must be a string, not a "
		  "number");
	CHECK_STR(try_apply("{\"status\": {\"contxt\": \"x\"}}"),
		  ".prgate.json:1:13: unknown key \"contxt\" in \"status\" "
		  "(did you mean \"context\"?)");
	CHECK_STR(try_apply("{\"status\": \"prgate\"}"),
		  ".prgate.json:1:12: \"status\" must be an object, not a "
		  "string");
}

/*
 * A "\u0000", or bytes that are not UTF-8, are found and named by their
 * place, never silently cut.
 */
static void test_json_nul(void)
{
	static const struct {
		const char *text, *path;
	} cases[] = {
	    {"{\"body\": \"ok\\u0000 WIP\"}", "body"},
	    {"[{\"user\": {\"login\": \"a\"}}, {\"user\": {\"login\": "
	     "\"b\\u0000c\"}}]",
	     "[1].user.login"},
	    {"{\"a\": [\"x\", \"\\u0000\"], \"b\": \"\\u0000\"}", "a[1]"},
	    {"{\"k\\u0000ey\": 1}", "k"},
	    {"{\"a\": \"\\\\u0000\"}", NULL}, /* an escaped backslash */
	    {"{\"a\": \"\\u00000\", \"b\": \"\\u0001\"}", "a"},
	    {"{\"a\": \"\\u0001\"}", NULL},
	    {"{\"a\": \"ok \xc3\xa9\", \"b\": [\"x\xffy\"]}", "b[0]"},
	    {"{\"a\": \"\xed\xa0\x80\"}", "a"}, /* a raw surrogate */
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct prgate_json_doc *doc = NULL;
		struct prgate_error err = {0};
		struct strbuf path = STRBUF_INIT;
		CHECK_INT(prgate_json_parse("api", cases[i].text,
					    strlen(cases[i].text), 0, &doc,
					    &err),
			  PRGATE_OK);
		CHECK_INT(prgate_json_find_bad_string(doc, &path) != 0,
			  cases[i].path != NULL);
		CHECK_STR(path.buf, cases[i].path ? cases[i].path : "");
		strbuf_release(&path);
		prgate_json_free(doc);
	}
}

/*
 * The built-in policy is parsed PRGATE_JSON_TRUSTED (no strict scan, no
 * duplicate keys check): so the strict parse must accept it here, and the
 * two parses must hold the same values.
 */
static void test_json_trusted(void)
{
	const struct prgate_embedded *e =
	    prgate_embedded_find("default-policy.json");
	struct prgate_json_doc *strict = NULL, *trusted = NULL;
	struct prgate_error err = {0};
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	int line = -1, col = -1;

	CHECK(e != NULL);
	if (!e)
		return;
	CHECK_INT(prgate_json_parse("default-policy.json", e->data, e->len,
				    PRGATE_JSON_COMMENTS, &strict, &err),
		  PRGATE_OK);
	CHECK_INT(prgate_json_parse("default-policy.json", e->data, e->len,
				    PRGATE_JSON_COMMENTS | PRGATE_JSON_TRUSTED,
				    &trusted, &err),
		  PRGATE_OK);
	if (!strict || !trusted)
		goto out;
	prgate_json_print(&a, prgate_json_root(strict));
	prgate_json_print(&b, prgate_json_root(trusted));
	CHECK(a.len > 1000);
	CHECK_STR(a.buf, b.buf);
	/* a trusted document has no positions */
	CHECK_INT(
	    prgate_json_pos(trusted, prgate_json_root(trusted), &line, &col),
	    0);
	CHECK_INT(line, 0);
out:
	strbuf_release(&a);
	strbuf_release(&b);
	prgate_json_free(strict);
	prgate_json_free(trusted);
}

void test_policy(void)
{
	test_json_trusted();
	test_json_syntax();
	test_json_api();
	test_json_nul();
	test_policy_errors();
	test_policy_default();
	test_policy_override();
	test_policy_status();
	test_policy_discover();
	test_roles();
	test_tz();
}
