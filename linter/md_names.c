/*
 * md_names.c - how section names compare: the key (letters and digits
 * only) and the words form alias patterns see (see md.h).
 *
 * Both fold case and Unicode normalisation, so "NAČRT UVAJANJA",
 * "Načrt uvajanja" and its decomposed spelling (c + U+030C) have one key:
 * Latin, Greek and Cyrillic capitals become lower case, and a Latin
 * letter followed by a combining mark becomes the composed letter (NFC),
 * from the tables of linter/md_fold.h (tools/unicode_fold.py).
 */
#include <string.h>

#include "linter/md.h"
#include "linter/md_fold.h"

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

static void utf8_put(char **w, unsigned long cp)
{
	unsigned char *o = (unsigned char *)*w;
	if (cp < 0x80) {
		*o++ = (unsigned char)cp;
	} else if (cp < 0x800) {
		*o++ = (unsigned char)(0xc0 | (cp >> 6));
		*o++ = (unsigned char)(0x80 | (cp & 0x3f));
	} else {
		*o++ = (unsigned char)(0xe0 | (cp >> 12));
		*o++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		*o++ = (unsigned char)(0x80 | (cp & 0x3f));
	}
	*w = (char *)o;
}

/* The lower case of cp by md_folds, or cp. */
static unsigned long fold(unsigned long cp)
{
	size_t lo = 0, hi = sizeof(md_folds) / sizeof(md_folds[0]);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (md_folds[mid].upper == cp)
			return md_folds[mid].lower;
		if (md_folds[mid].upper < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return cp;
}

/* The composed letter of ASCII lower case base + mark, or 0. */
static unsigned long compose(unsigned char base, unsigned long mark)
{
	size_t lo = 0, hi = sizeof(md_composes) / sizeof(md_composes[0]);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct md_compose *c = &md_composes[mid];
		if (c->mark == mark && c->base == base)
			return c->composed;
		if (c->mark < mark || (c->mark == mark && c->base < base))
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* The combining mark (U+0300-U+036F) at s, with its length, or 0. */
static unsigned long mark_at(const unsigned char *s, size_t *len)
{
	unsigned long cp;
	if (s[0] != 0xcc && s[0] != 0xcd)
		return 0;
	if ((s[1] & 0xc0) != 0x80)
		return 0;
	cp = utf8_decode(s, 2);
	if (cp < 0x300 || cp > 0x36f)
		return 0;
	*len = 2;
	return cp;
}

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
		unsigned long cp, mark, composed;
		size_t mlen = 0;
		if (*s < 0x80) {
			unsigned char k = ascii_keep[*s++];
			if (!k) {
				pending = 1;
				continue;
			}
			if (spaces && pending && w > start)
				*w++ = ' ';
			pending = 0;
			/* a letter and a combining mark: the composed letter */
			if (k >= 'a' && (mark = mark_at(s, &mlen)) &&
			    (composed = compose(k, mark))) {
				utf8_put(&w, composed);
				s += mlen;
				continue;
			}
			*w++ = (char)k;
			continue;
		}
		len = utf8_len(*s);
		len = strnlen((const char *)s, len);
		cp = utf8_decode(s, len);
		if (is_symbol(cp)) {
			pending = 1;
		} else {
			unsigned long low =
			    len == 2 || len == 3 ? fold(cp) : cp;
			if (spaces && pending && w > start)
				*w++ = ' ';
			pending = 0;
			if (low != cp)
				utf8_put(&w, low);
			else {
				memcpy(w, s, len);
				w += len;
			}
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

void prgate_md_strip_asides(const char *name, struct strbuf *out)
{
	int depth = 0;
	for (const char *c = name; *c; c++) {
		if (*c == '(')
			depth++;
		else if (*c == ')' && depth)
			depth--;
		else if (!depth)
			strbuf_addch(out, *c);
	}
}
