/*
 * visible.c - control characters made visible, shell quoting (see
 * visible.h).
 */
#include "support/visible.h"

#include <string.h>

/* Length of the UTF-8 sequence at s (1..4), 0 when it is not one. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if (n == 3 && s[0] == 0xe0 && s[1] < 0xa0)
		return 0; /* overlong */
	if (n == 3 && s[0] == 0xed && s[1] >= 0xa0)
		return 0; /* a surrogate */
	if (n == 4 &&
	    ((s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] >= 0x90)))
		return 0;
	return n;
}

void prgate_visible_add(struct strbuf *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	while (*s) {
		size_t n = utf8_len(s);
		if (*s == 0x1b) {
			strbuf_addstr(out, "\\e");
			s++;
		} else if (*s < 0x20 || *s == 0x7f || n == 0) {
			strbuf_addf(out, "\\x%02x", *s);
			s++;
		} else if (n == 2 && s[0] == 0xc2 && s[1] < 0xa0) {
			strbuf_addf(out, "\\x%02x", s[1]); /* C1 */
			s += 2;
		} else {
			strbuf_add(out, s, n);
			s += n;
		}
	}
}

int prgate_shell_plain(const char *s)
{
	static const char ok[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				 "abcdefghijklmnopqrstuvwxyz"
				 "0123456789._/-+@:";
	return *s && strspn(s, ok) == strlen(s);
}

void prgate_shell_quote(struct strbuf *out, const char *s)
{
	if (prgate_shell_plain(s)) {
		strbuf_addstr(out, s);
		return;
	}
	strbuf_addch(out, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			strbuf_addstr(out, "'\\''");
		else
			strbuf_addch(out, *s);
	}
	strbuf_addch(out, '\'');
}
