/*
 * test_strbuf.c - the growable string.
 */
#include "../../linter/strbuf.h"
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
}
