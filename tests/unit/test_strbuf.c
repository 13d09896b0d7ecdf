/*
 * test_strbuf.c - the growable string.
 */
#include "support/strbuf.h"
#include "test.h"

#include <errno.h>
#include <stdlib.h>

void test_strbuf(void)
{
	struct strbuf sb = STRBUF_INIT;
	char *s;
	size_t len;
	FILE *fp;

	CHECK_STR(sb.buf, "");
	strbuf_addf(&sb, "%s-%d", "a", 42);
	CHECK_STR(sb.buf, "a-42");
	for (int i = 0; i < 1000; i++)
		strbuf_addch(&sb, 'x');
	CHECK_INT(sb.len, 1004);
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "  \t trim me \n");
	strbuf_trim(&sb);
	CHECK_STR(sb.buf, "trim me");
	s = strbuf_detach(&sb, &len);
	CHECK_STR(s, "trim me");
	CHECK_INT(len, 7);
	CHECK_STR(sb.buf, "");
	free(s);

	fp = tmpfile();
	for (int i = 0; i < 3000; i++)
		fputs("0123456789", fp);
	rewind(fp);
	CHECK_INT(strbuf_read_stream(&sb, fp, 30000), 0);
	CHECK_INT(sb.len, 30000);
	strbuf_reset(&sb);
	rewind(fp);
	CHECK_INT(strbuf_read_stream(&sb, fp, 29999), -1);
	CHECK_INT(errno, EFBIG);
	fclose(fp);
	strbuf_release(&sb);
	CHECK_INT(strbuf_read_file(&sb, "/nonexistent/x", 10), -1);
	CHECK_INT(errno, ENOENT);

	/* cutting printed text at a character boundary */
	CHECK_INT(prgate_utf8_cut("abc", 10), 3);
	CHECK_INT(prgate_utf8_cut("abcdef", 4), 4);
	CHECK_INT(prgate_utf8_cut("abc", 0), 0);
	/* "ab" then U+010D (2 bytes): a cut after 3 bytes drops its lead */
	CHECK_INT(prgate_utf8_cut("ab\xc4\x8d", 3), 2);
	CHECK_INT(prgate_utf8_cut("ab\xc4\x8d", 4), 4);
	CHECK_INT(prgate_utf8_cut("ab\xc4\x8dx", 4), 4);
	/* U+20AC (3 bytes) and U+1F680 (4 bytes), cut inside */
	CHECK_INT(prgate_utf8_cut("a\xe2\x82\xac", 3), 1);
	CHECK_INT(prgate_utf8_cut("a\xf0\x9f\x9a\x80"
				  "b",
				  4),
		  1);
	CHECK_INT(prgate_utf8_cut("a\xf0\x9f\x9a\x80"
				  "b",
				  5),
		  5);
}
