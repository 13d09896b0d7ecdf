/*
 * md_names.c - how section names compare: the key (letters and digits
 * only) and the words form alias patterns see (see md.h).
 */
#include <string.h>

#include "linter/md.h"

/* Length of the UTF-8 sequence starting with byte c (1 for bad bytes). */
static size_t utf8_len(unsigned char c)
{
	if (c < 0xc0)
		return 1;
	if (c < 0xe0)
		return 2;
	if (c < 0xf0)
		return 3;
	return 4;
}

static unsigned long utf8_decode(const unsigned char *s, size_t n)
{
	unsigned long cp = n == 1 ? s[0] : s[0] & (0x3f >> (n - 1));
	for (size_t i = 1; i < n; i++)
		cp = (cp << 6) | (s[i] & 0x3f);
	return cp;
}

/*
 * Non-ASCII code points that are symbols or emoji rather than letters:
 * general punctuation, arrows, technical and dingbat symbols, emoji and
 * their modifiers, variation selectors and joiners.
 */
static int is_symbol(unsigned long cp)
{
	return (cp >= 0x2000 && cp <= 0x2bff) ||   /* punctuation .. symbols */
	       (cp >= 0x3000 && cp <= 0x303f) ||   /* CJK punctuation */
	       (cp >= 0xfe00 && cp <= 0xfe0f) ||   /* variation selectors */
	       (cp >= 0x1f000 && cp <= 0x1faff) || /* emoji */
	       (cp >= 0xe0000 && cp <= 0xe007f) || /* tags */
	       cp == 0xa0 || cp == 0xa9 || cp == 0xae || cp == 0xfeff ||
	       (cp >= 0x80 && cp <= 0xbf) || cp == 0xd7 || cp == 0xf7;
}

/* ASCII letters and digits, and what they become (lowercase); 0: drop. */
static const unsigned char ascii_keep[128] = {
    ['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4',
    ['5'] = '5', ['6'] = '6', ['7'] = '7', ['8'] = '8', ['9'] = '9',
#define L(c) [c] = c, [c - 32] = c
    L('a'),	 L('b'),      L('c'),	   L('d'),	L('e'),
    L('f'),	 L('g'),      L('h'),	   L('i'),	L('j'),
    L('k'),	 L('l'),      L('m'),	   L('n'),	L('o'),
    L('p'),	 L('q'),      L('r'),	   L('s'),	L('t'),
    L('u'),	 L('v'),      L('w'),	   L('x'),	L('y'),
    L('z'),
#undef L
};

/* Write name's kept characters to out; spaces between words if asked. */
static void words(const char *name, struct strbuf *out, int spaces)
{
	const unsigned char *s = (const unsigned char *)name;
	char *w, *start;
	int pending = 0;

	strbuf_grow(out, strlen(name)); /* never longer than name */
	start = w = out->buf + out->len;
	while (*s) {
		size_t len;
		if (*s < 0x80) {
			unsigned char k = ascii_keep[*s++];
			if (!k) {
				pending = 1;
				continue;
			}
			if (spaces && pending && w > start)
				*w++ = ' ';
			pending = 0;
			*w++ = (char)k;
			continue;
		}
		len = utf8_len(*s);
		len = strnlen((const char *)s, len);
		if (is_symbol(utf8_decode(s, len))) {
			pending = 1;
		} else {
			if (spaces && pending && w > start)
				*w++ = ' ';
			pending = 0;
			memcpy(w, s, len);
			w += len;
		}
		s += len;
	}
	strbuf_setlen(out, (size_t)(w - out->buf));
}

void prgate_md_key(const char *name, struct strbuf *out)
{
	words(name, out, 0);
}

void prgate_md_words(const char *name, struct strbuf *out)
{
	words(name, out, 1);
}
