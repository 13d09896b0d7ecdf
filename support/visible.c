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

size_t prgate_invisible_len(const char *str, size_t n)
{
	static const char *const seqs[] = {
	    "\xc2\xa0",	    /* U+00A0 no-break space */
	    "\xc2\xad",	    /* U+00AD soft hyphen */
	    "\xcd\x8f",	    /* U+034F combining grapheme joiner */
	    "\xe1\x85\x9f", /* U+115F Hangul choseong filler */
	    "\xe1\x85\xa0", /* U+1160 Hangul jungseong filler */
	    "\xe1\x9a\x80", /* U+1680 Ogham space mark */
	    "\xe1\xa0\x8e", /* U+180E Mongolian vowel separator */
	    "\xe2\x80\xaf", /* U+202F narrow no-break space */
	    "\xe2\x81\x9f", /* U+205F medium mathematical space */
	    "\xe3\x80\x80", /* U+3000 ideographic space */
	    "\xe3\x85\xa4", /* U+3164 Hangul filler */
	    "\xef\xbb\xbf", /* U+FEFF zero-width no-break space */
	    "\xef\xbe\xa0", /* U+FFA0 half-width Hangul filler */
	};
	const unsigned char *s = (const unsigned char *)str;

	if (!n)
		return 0;
	if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f' ||
	    *s == '\v')
		return 1;
	if (n >= 3 && s[0] == 0xe2 && s[1] == 0x80 &&
	    ((s[2] >= 0x80 && s[2] <= 0x8f) || /* U+2000..U+200F */
	     (s[2] >= 0xa8 && s[2] <= 0xae)))  /* U+2028..U+202E */
		return 3;
	if (n >= 3 && s[0] == 0xe2 && s[1] == 0x81 && s[2] >= 0xa0 &&
	    s[2] <= 0xaf) /* U+2060..U+206F */
		return 3;
	for (size_t i = 0; i < sizeof(seqs) / sizeof(seqs[0]); i++) {
		size_t k = strlen(seqs[i]);
		if (n >= k && !memcmp(s, seqs[i], k))
			return k;
	}
	return 0;
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
	if (prgate_shell_plain(s))
		strbuf_addstr(out, s);
	else
		prgate_shell_quote_always(out, s);
}

void prgate_shell_quote_always(struct strbuf *out, const char *s)
{
	strbuf_addch(out, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			strbuf_addstr(out, "'\\''");
		else
			strbuf_addch(out, *s);
	}
	strbuf_addch(out, '\'');
}
