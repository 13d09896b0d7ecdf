/*
 * json.c - the cJSON wrapper (see json.h): comment stripping, a strict
 * validating scan that gives precise error positions and records where
 * every value and key starts, cJSON for the tree, and the getters.
 *
 * The scan runs before cJSON, over the comment-stripped copy of the text,
 * and is iterative (an explicit bracket stack), so deep nesting is a
 * clear error instead of a crash. It emits the offsets of keys and values
 * in document order; a pre-order walk of cJSON's tree (which keeps member
 * order) pairs them with the nodes into a pointer-keyed hash table.
 */
#include <cjson/cJSON.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/json.h"

struct pos_slot {
	const cJSON *node; /* NULL: empty slot */
	size_t val, key;   /* byte offsets into the text */
	/* its string value or key holds a NUL (1) or bytes that are not
	 * UTF-8 (2) */
	unsigned char bad;
};

struct prgate_json_doc {
	char *name;
	cJSON *root;
	size_t *lines; /* byte offset where each line starts */
	size_t nlines;
	size_t nbad; /* strings (values or keys) cJSON can't hand over whole */
	struct pos_slot *slots;
	size_t mask; /* number of slots - 1 (a power of two minus one) */
};

/* cJSON nodes are handed out as the opaque struct prgate_json. */
static const cJSON *cj(const struct prgate_json *node)
{
	return (const cJSON *)(const void *)node;
}

static const struct prgate_json *pj(const cJSON *node)
{
	return (const struct prgate_json *)(const void *)node;
}

/* Length of the valid UTF-8 sequence at s (at most avail bytes), or 0. */
static size_t utf8_seq(const unsigned char *s, size_t avail)
{
	unsigned char c = s[0];
	size_t n;
	unsigned char lo = 0x80, hi = 0xbf;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (avail < n || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

/* ---- line table ---- */

static void build_lines(struct prgate_json_doc *doc, const char *s, size_t len)
{
	size_t alloc = 0;
	doc->lines = xgrow(NULL, sizeof(*doc->lines), 64, &alloc);
	doc->lines[doc->nlines++] = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n' ||
		    (s[i] == '\r' && (i + 1 >= len || s[i + 1] != '\n'))) {
			doc->lines = xgrow(doc->lines, sizeof(*doc->lines),
					   doc->nlines + 1, &alloc);
			doc->lines[doc->nlines++] = i + 1;
		}
	}
}

static void offset_pos(const struct prgate_json_doc *doc, size_t off, int *line,
		       int *col)
{
	size_t lo = 0, hi = doc->nlines; /* lines[lo] <= off < lines[hi] */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (doc->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	*line = (int)(lo + 1);
	*col = (int)(off - doc->lines[lo] + 1);
}

static enum prgate_status fail_at(const struct prgate_json_doc *doc, size_t off,
				  struct prgate_error *err, const char *msg)
{
	int line, col;
	offset_pos(doc, off, &line, &col);
	return prgate_error_set(err, PRGATE_ERR_INPUT, "%s:%d:%d: %s",
				doc->name, line, col, msg);
}

/* ---- comments ---- */

/*
 * Blank out // and block comments in s (keeping line ends, so offsets
 * and lines stay put). Returns 0, or -1 with *bad at an unterminated
 * block comment.
 */
static int strip_comments(char *s, size_t len, size_t *bad)
{
	size_t i = 0;
	while (i < len) {
		if (s[i] == '"') {
			for (i++; i < len && s[i] != '"'; i++) {
				if (s[i] == '\n' || s[i] == '\r')
					break; /* the scan reports it */
				if (s[i] == '\\' && i + 1 < len)
					i++;
			}
			if (i < len && s[i] == '"')
				i++;
		} else if (s[i] == '/' && i + 1 < len && s[i + 1] == '/') {
			while (i < len && s[i] != '\n' && s[i] != '\r')
				s[i++] = ' ';
		} else if (s[i] == '/' && i + 1 < len && s[i + 1] == '*') {
			size_t start = i;
			s[i++] = ' ';
			s[i++] = ' ';
			for (;;) {
				if (i >= len) {
					*bad = start;
					return -1;
				}
				if (s[i] == '*' && i + 1 < len &&
				    s[i + 1] == '/') {
					s[i++] = ' ';
					s[i++] = ' ';
					break;
				}
				if (s[i] != '\n' && s[i] != '\r')
					s[i] = ' ';
				i++;
			}
		} else {
			i++;
		}
	}
	return 0;
}

/* ---- the validating scan ---- */

struct bad_str {
	size_t off;	    /* where the string starts */
	unsigned char kind; /* 1: a \u0000; 2: not UTF-8 */
};

struct scan {
	const char *s;
	size_t len, i;
	unsigned flags;
	size_t *ev; /* offsets of keys and values, in document order */
	size_t nev, aev;
	/* the strings that hold a \u0000 or bytes that are not UTF-8, in
	 * document order */
	struct bad_str *bad;
	size_t nbad, abad;
	size_t nvalues;
	size_t depth;
	char stack[PRGATE_JSON_MAX_DEPTH];
	size_t err_off;
	char msg[160];
};

static int scan_err(struct scan *sc, size_t off, const char *fmt, ...)
    PRGATE_PRINTF(3, 4);

static int scan_err(struct scan *sc, size_t off, const char *fmt, ...)
{
	va_list ap;
	sc->err_off = off;
	va_start(ap, fmt);
	vsnprintf(sc->msg, sizeof(sc->msg), fmt, ap);
	va_end(ap);
	return -1;
}

static void scan_event(struct scan *sc, size_t off)
{
	sc->ev = xgrow(sc->ev, sizeof(*sc->ev), sc->nev + 1, &sc->aev);
	sc->ev[sc->nev++] = off;
}

static void skip_ws(struct scan *sc)
{
	while (sc->i < sc->len &&
	       (sc->s[sc->i] == ' ' || sc->s[sc->i] == '\t' ||
		sc->s[sc->i] == '\n' || sc->s[sc->i] == '\r'))
		sc->i++;
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int is_word(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
}

static int is_hex(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* An error for the unexpected thing at sc->i. */
static int scan_unexpected(struct scan *sc)
{
	const unsigned char *p = (const unsigned char *)sc->s + sc->i;
	size_t n;
	if (is_word(*p)) {
		n = 0;
		while (sc->i + n < sc->len && n < 32 && is_word(p[n]))
			n++;
		return scan_err(sc, sc->i, "invalid JSON: unexpected '%.*s'",
				(int)n, (const char *)p);
	}
	if (*p == '\'')
		return scan_err(sc, sc->i,
				"invalid JSON: strings must be in double "
				"quotes");
	if (*p == '/' && !(sc->flags & PRGATE_JSON_COMMENTS))
		return scan_err(sc, sc->i,
				"invalid JSON: comments are not allowed");
	if (*p >= 0x20 && *p < 0x7f)
		return scan_err(sc, sc->i, "invalid JSON: unexpected '%c'", *p);
	n = utf8_seq(p, sc->len - sc->i);
	if (n > 1)
		return scan_err(sc, sc->i, "invalid JSON: unexpected '%.*s'",
				(int)n, (const char *)p);
	return scan_err(sc, sc->i, "invalid JSON: unexpected byte 0x%02x", *p);
}

/* Record that the string starting at start can't be handed over whole. */
static void bad_string(struct scan *sc, size_t start, unsigned char kind)
{
	if (sc->nbad && sc->bad[sc->nbad - 1].off == start) {
		sc->bad[sc->nbad - 1].kind |= kind;
		return;
	}
	sc->bad = xgrow(sc->bad, sizeof(*sc->bad), sc->nbad + 1, &sc->abad);
	sc->bad[sc->nbad].off = start;
	sc->bad[sc->nbad++].kind = kind;
}

static int scan_string(struct scan *sc)
{
	size_t start = sc->i;
	const char *s = sc->s;
	for (sc->i++;; sc->i++) {
		unsigned char c;
		if (sc->i >= sc->len)
			return scan_err(sc, start,
					"invalid JSON: unterminated string");
		c = (unsigned char)s[sc->i];
		if (c == '"') {
			sc->i++;
			return 0;
		}
		if (c == '\n' || c == '\r')
			return scan_err(sc, start,
					"invalid JSON: unterminated string");
		if (c < 0x20)
			return scan_err(sc, sc->i,
					"invalid JSON: control character in a "
					"string");
		if (c >= 0x80) {
			size_t n = utf8_seq((const unsigned char *)s + sc->i,
					    sc->len - sc->i);
			if (!n)
				bad_string(sc, start, 2);
			else
				sc->i += n - 1;
			continue;
		}
		if (c != '\\')
			continue;
		if (sc->i + 1 >= sc->len)
			return scan_err(sc, start,
					"invalid JSON: unterminated string");
		c = (unsigned char)s[sc->i + 1];
		if (c == 'u') {
			for (size_t k = 2; k < 6; k++)
				if (sc->i + k >= sc->len ||
				    !is_hex(s[sc->i + k]))
					return scan_err(sc, sc->i,
							"invalid JSON: bad "
							"\\u escape");
			if (!memcmp(s + sc->i + 2, "0000", 4))
				bad_string(sc, start, 1);
			sc->i += 5;
		} else if (c && strchr("\"\\/bfnrt", c)) {
			sc->i++;
		} else if (c >= 0x20 && c < 0x7f) {
			return scan_err(sc, sc->i,
					"invalid JSON: bad escape '\\%c'", c);
		} else {
			return scan_err(sc, sc->i, "invalid JSON: bad escape");
		}
	}
}

static int scan_number(struct scan *sc)
{
	const char *s = sc->s;
	size_t start = sc->i, i = sc->i, n;
	int ok = 1;
	if (s[i] == '-')
		i++;
	if (i < sc->len && s[i] == '0') {
		i++;
	} else if (i < sc->len && is_digit(s[i])) {
		while (i < sc->len && is_digit(s[i]))
			i++;
	} else {
		ok = 0;
	}
	if (ok && i < sc->len && s[i] == '.') {
		i++;
		if (i >= sc->len || !is_digit(s[i]))
			ok = 0;
		while (i < sc->len && is_digit(s[i]))
			i++;
	}
	if (ok && i < sc->len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < sc->len && (s[i] == '+' || s[i] == '-'))
			i++;
		if (i >= sc->len || !is_digit(s[i]))
			ok = 0;
		while (i < sc->len && is_digit(s[i]))
			i++;
	}
	if (ok && (i >= sc->len || !(is_word(s[i]) || s[i] == '.' ||
				     s[i] == '+' || s[i] == '-'))) {
		sc->i = i;
		return 0;
	}
	n = 0;
	while (start + n < sc->len && n < 32 &&
	       (is_word(s[start + n]) || strchr(".+-", s[start + n])))
		n++;
	return scan_err(sc, start, "invalid JSON: bad number '%.*s'", (int)n,
			s + start);
}

static int scan_literal(struct scan *sc)
{
	static const char *const words[] = {"true", "false", "null"};
	size_t n = 0;
	while (sc->i + n < sc->len && is_word(sc->s[sc->i + n]))
		n++;
	for (size_t k = 0; k < ARRAY_SIZE(words); k++) {
		if (n == strlen(words[k]) &&
		    !memcmp(sc->s + sc->i, words[k], n)) {
			sc->i += n;
			return 0;
		}
	}
	return scan_unexpected(sc);
}

/* A member's key and its colon; the value follows. */
static int scan_key(struct scan *sc)
{
	skip_ws(sc);
	if (sc->i >= sc->len)
		return scan_err(sc, sc->i, "unexpected end of input");
	if (sc->s[sc->i] != '"')
		return scan_err(sc, sc->i,
				"invalid JSON: expected a key in double "
				"quotes");
	scan_event(sc, sc->i);
	if (scan_string(sc))
		return -1;
	skip_ws(sc);
	if (sc->i >= sc->len)
		return scan_err(sc, sc->i, "unexpected end of input");
	if (sc->s[sc->i] != ':')
		return scan_err(sc, sc->i,
				"invalid JSON: expected ':' after the key");
	sc->i++;
	return 0;
}

static int scan_doc(struct scan *sc)
{
	if (sc->len >= 3 && !memcmp(sc->s, "\xef\xbb\xbf", 3))
		sc->i = 3; /* a UTF-8 byte order mark, as cJSON allows */
	for (;;) {
		char c, close;
		/* at a value */
		skip_ws(sc);
		if (sc->i >= sc->len)
			return scan_err(sc, sc->i, "unexpected end of input");
		c = sc->s[sc->i];
		scan_event(sc, sc->i);
		sc->nvalues++;
		if (c == '{' || c == '[') {
			if (sc->depth >= PRGATE_JSON_MAX_DEPTH)
				return scan_err(sc, sc->i,
						"nested too deep (more than %d "
						"levels)",
						PRGATE_JSON_MAX_DEPTH);
			sc->stack[sc->depth++] = c;
			sc->i++;
			skip_ws(sc);
			if (sc->i < sc->len &&
			    sc->s[sc->i] == (c == '{' ? '}' : ']')) {
				sc->depth--;
				sc->i++;
			} else {
				if (c == '{' && scan_key(sc))
					return -1;
				continue;
			}
		} else if (c == '"') {
			if (scan_string(sc))
				return -1;
		} else if (c == '-' || is_digit(c)) {
			if (scan_number(sc))
				return -1;
		} else if (is_word(c)) {
			if (scan_literal(sc))
				return -1;
		} else {
			return scan_unexpected(sc);
		}
		/* after a value: close containers until a comma */
		for (;;) {
			skip_ws(sc);
			if (!sc->depth) {
				if (sc->i < sc->len && sc->s[sc->i] == '/' &&
				    !(sc->flags & PRGATE_JSON_COMMENTS))
					return scan_unexpected(sc);
				if (sc->i < sc->len)
					return scan_err(sc, sc->i,
							"invalid JSON: "
							"unexpected text after "
							"the end");
				return 0;
			}
			close = sc->stack[sc->depth - 1] == '{' ? '}' : ']';
			if (sc->i >= sc->len)
				return scan_err(sc, sc->i,
						"unexpected end of input");
			if (sc->s[sc->i] == close) {
				sc->depth--;
				sc->i++;
				continue;
			}
			if (sc->s[sc->i] != ',')
				return scan_err(sc, sc->i,
						"invalid JSON: expected ',' or "
						"'%c'",
						close);
			size_t comma = sc->i++;
			skip_ws(sc);
			if (sc->i < sc->len && sc->s[sc->i] == close)
				return scan_err(sc, comma,
						"invalid JSON: trailing comma");
			if (close == '}' && scan_key(sc))
				return -1;
			break;
		}
	}
}

/* ---- the position table ---- */

static size_t hash_ptr(const void *p)
{
	uint64_t h = (uint64_t)(uintptr_t)p;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return (size_t)h;
}

static struct pos_slot *slot_find(const struct prgate_json_doc *doc,
				  const cJSON *node)
{
	size_t i;
	if (!doc || !doc->slots || !node)
		return NULL;
	for (i = hash_ptr(node) & doc->mask; doc->slots[i].node;
	     i = (i + 1) & doc->mask)
		if (doc->slots[i].node == node)
			return &doc->slots[i];
	return NULL;
}

static void slot_add(struct prgate_json_doc *doc, const cJSON *node, size_t val,
		     size_t key)
{
	size_t i = hash_ptr(node) & doc->mask;
	while (doc->slots[i].node)
		i = (i + 1) & doc->mask;
	doc->slots[i].node = node;
	doc->slots[i].val = val;
	doc->slots[i].key = key;
}

static int is_container(const cJSON *n)
{
	return (n->type & 0xff) == cJSON_Array ||
	       (n->type & 0xff) == cJSON_Object;
}

/*
 * Pre-order walk of the tree, calling fn on each node. The stack holds,
 * per level, the next sibling to visit. Returns fn's first nonzero.
 */
static int walk(const cJSON *root, int (*fn)(const cJSON *, void *), void *data)
{
	const cJSON **stack = NULL;
	size_t sp = 0, alloc = 0;
	int ret;
	if ((ret = fn(root, data)))
		return ret;
	if (!is_container(root) || !root->child)
		return 0;
	stack = xgrow(stack, sizeof(*stack), 16, &alloc);
	stack[sp++] = root->child;
	while (sp) {
		const cJSON *n = stack[sp - 1];
		if (!n) {
			sp--;
			continue;
		}
		stack[sp - 1] = n->next;
		if ((ret = fn(n, data)))
			break;
		if (is_container(n) && n->child) {
			stack = xgrow(stack, sizeof(*stack), sp + 1, &alloc);
			stack[sp++] = n->child;
		}
	}
	free(stack);
	return ret;
}

struct pair_ctx {
	struct prgate_json_doc *doc;
	const struct scan *sc;
	size_t k;
	size_t ibad; /* the next of sc->bad to pair */
};

/* The kind of the string at offset off when it is the next bad one. */
static unsigned char pair_bad(struct pair_ctx *pc, size_t off)
{
	if (pc->ibad < pc->sc->nbad && pc->sc->bad[pc->ibad].off == off) {
		pc->doc->nbad++;
		return pc->sc->bad[pc->ibad++].kind;
	}
	return 0;
}

static int pair_node(const cJSON *n, void *data)
{
	struct pair_ctx *pc = data;
	size_t key = 0, val;
	if (n->string) {
		if (pc->k >= pc->sc->nev)
			return -1;
		key = pc->sc->ev[pc->k++];
	}
	if (pc->k >= pc->sc->nev)
		return -1;
	val = pc->sc->ev[pc->k++];
	slot_add(pc->doc, n, val, n->string ? key : val);
	if (pc->ibad < pc->sc->nbad) {
		unsigned char bad = 0;
		if (n->string)
			bad |= pair_bad(pc, key);
		if ((n->type & 0xff) == cJSON_String)
			bad |= pair_bad(pc, val);
		if (bad)
			slot_find(pc->doc, n)->bad = bad;
	}
	return 0;
}

/* ---- duplicate keys ---- */

struct dup_ctx {
	const struct prgate_json_doc *doc;
	const cJSON *worst;	/* the earliest repeated key so far */
	const cJSON *worst_obj; /* its object */
	size_t worst_off;
	const cJSON **members;
	size_t amembers;
};

struct keyed {
	const char *key;
	size_t order;
};

static int keyed_cmp(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	if (c)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

static int dup_node(const cJSON *n, void *data)
{
	struct dup_ctx *dc = data;
	const cJSON *c, *rep = NULL;
	size_t count = 0;
	struct pos_slot *slot;
	if ((n->type & 0xff) != cJSON_Object)
		return 0;
	for (c = n->child; c; c = c->next) {
		dc->members = xgrow(dc->members, sizeof(*dc->members),
				    count + 1, &dc->amembers);
		dc->members[count++] = c;
	}
	if (count < 2)
		return 0;
	if (count <= 16) {
		for (size_t j = 1; j < count && !rep; j++)
			for (size_t i = 0; i < j && !rep; i++)
				if (!strcmp(dc->members[i]->string,
					    dc->members[j]->string))
					rep = dc->members[j];
	} else {
		struct keyed *k = xmalloc(count * sizeof(*k));
		size_t best = count;
		for (size_t i = 0; i < count; i++) {
			k[i].key = dc->members[i]->string;
			k[i].order = i;
		}
		qsort(k, count, sizeof(*k), keyed_cmp);
		for (size_t i = 1; i < count; i++)
			if (!strcmp(k[i - 1].key, k[i].key) &&
			    (i < 2 || strcmp(k[i - 2].key, k[i].key)) &&
			    k[i].order < best)
				best = k[i].order;
		free(k);
		if (best < count)
			rep = dc->members[best];
	}
	if (!rep)
		return 0;
	slot = slot_find(dc->doc, rep);
	if (slot && (!dc->worst || slot->key < dc->worst_off)) {
		dc->worst = rep;
		dc->worst_obj = n;
		dc->worst_off = slot->key;
	}
	return 0;
}

/* The first member of obj with rep's key. */
static const cJSON *first_with_key(const cJSON *obj, const cJSON *rep)
{
	for (const cJSON *c = obj->child; c && c != rep; c = c->next)
		if (!strcmp(c->string, rep->string))
			return c;
	return rep;
}

/* ---- parse ---- */

enum prgate_status prgate_json_parse(const char *name, const char *text,
				     size_t len, unsigned flags,
				     struct prgate_json_doc **out,
				     struct prgate_error *err)
{
	struct prgate_json_doc *doc = xcalloc(1, sizeof(*doc));
	struct scan *sc = xcalloc(1, sizeof(*sc));
	char *buf = xmalloc(len + 1);
	enum prgate_status st = PRGATE_OK;
	const char *end = NULL;
	size_t bad, nslots;

	*out = NULL;
	doc->name = xstrdup(name ? name : "(json)");
	memcpy(buf, text, len);
	buf[len] = '\0';
	build_lines(doc, buf, len);

	if ((flags & PRGATE_JSON_COMMENTS) && strip_comments(buf, len, &bad)) {
		st = fail_at(doc, bad, err, "unterminated comment");
		goto done;
	}
	sc->s = buf;
	sc->len = len;
	sc->flags = flags;
	if (flags & PRGATE_JSON_TRUSTED) {
		doc->root = cJSON_ParseWithLengthOpts(buf, len, &end, 0);
		if (!doc->root)
			st = fail_at(doc, 0, err, "invalid JSON");
		goto done;
	}
	if (scan_doc(sc)) {
		st = fail_at(doc, sc->err_off, err, sc->msg);
		goto done;
	}

	doc->root = cJSON_ParseWithLengthOpts(buf, len, &end, 0);
	if (!doc->root) {
		size_t off = end && end >= buf && end <= buf + len
				 ? (size_t)(end - buf)
				 : 0;
		st = fail_at(doc, off, err,
			     off + 1 < len && buf[off] == '\\' &&
				     buf[off + 1] == 'u'
				 ? "invalid JSON: bad \\u escape "
				   "(unpaired surrogate)"
				 : "invalid JSON");
		goto done;
	}

	for (nslots = 16; nslots < 2 * sc->nvalues; nslots *= 2)
		;
	doc->slots = xcalloc(nslots, sizeof(*doc->slots));
	doc->mask = nslots - 1;
	{
		struct pair_ctx pc = {doc, sc, 0, 0};
		if (walk(doc->root, pair_node, &pc) || pc.k != sc->nev) {
			/* cannot happen: the scan and cJSON disagree */
			st = fail_at(doc, 0, err,
				     "invalid JSON (internal: positions do "
				     "not match the tree)");
			goto done;
		}
	}
	{
		struct dup_ctx dc = {doc, NULL, NULL, 0, NULL, 0};
		walk(doc->root, dup_node, &dc);
		free(dc.members);
		if (dc.worst) {
			int line, col;
			char msg[160];
			struct pos_slot *first = slot_find(
			    doc, first_with_key(dc.worst_obj, dc.worst));
			offset_pos(doc, first ? first->key : 0, &line, &col);
			snprintf(msg, sizeof(msg),
				 "duplicate key \"%.*s\" (first at %d:%d)",
				 prgate_utf8_cut(dc.worst->string, 80),
				 dc.worst->string, line, col);
			st = fail_at(doc, dc.worst_off, err, msg);
			goto done;
		}
	}

done:
	free(buf);
	free(sc->ev);
	free(sc->bad);
	free(sc);
	if (st != PRGATE_OK) {
		prgate_json_free(doc);
		return st;
	}
	*out = doc;
	return PRGATE_OK;
}

void prgate_json_free(struct prgate_json_doc *doc)
{
	if (!doc)
		return;
	cJSON_Delete(doc->root);
	free(doc->name);
	free(doc->lines);
	free(doc->slots);
	free(doc);
}

/* Append node's place under its parent: ".key", "[i]". */
static void path_step(struct strbuf *path, const cJSON *parent, const cJSON *n)
{
	if (n->string) {
		if (path->len)
			strbuf_addch(path, '.');
		strbuf_addstr(path, n->string);
		return;
	}
	{
		size_t i = 0;
		for (const cJSON *c = parent->child; c && c != n; c = c->next)
			i++;
		strbuf_addf(path, "[%zu]", i);
	}
}

static int find_bad(const struct prgate_json_doc *doc, const cJSON *parent,
		    const cJSON *n, struct strbuf *path)
{
	size_t len = path->len;
	const struct pos_slot *slot = slot_find(doc, n);
	int kind;

	if (parent)
		path_step(path, parent, n);
	if (slot && slot->bad)
		return slot->bad & 1 ? 1 : 2;
	if (is_container(n))
		for (const cJSON *c = n->child; c; c = c->next)
			if ((kind = find_bad(doc, n, c, path)))
				return kind;
	strbuf_setlen(path, len);
	return 0;
}

int prgate_json_find_bad_string(const struct prgate_json_doc *doc,
				struct strbuf *path)
{
	if (!doc || !doc->nbad || !doc->root)
		return 0;
	return find_bad(doc, NULL, doc->root, path);
}

const struct prgate_json *prgate_json_root(const struct prgate_json_doc *doc)
{
	return doc ? pj(doc->root) : NULL;
}

const char *prgate_json_name(const struct prgate_json_doc *doc)
{
	return doc->name;
}

int prgate_json_pos(const struct prgate_json_doc *doc,
		    const struct prgate_json *node, int *line, int *col)
{
	struct pos_slot *slot = slot_find(doc, cj(node));
	if (!slot) {
		*line = *col = 0;
		return 0;
	}
	offset_pos(doc, slot->val, line, col);
	return 1;
}

int prgate_json_key_pos(const struct prgate_json_doc *doc,
			const struct prgate_json *node, int *line, int *col)
{
	struct pos_slot *slot = slot_find(doc, cj(node));
	if (!slot) {
		*line = *col = 0;
		return 0;
	}
	offset_pos(doc, slot->key, line, col);
	return 1;
}

enum prgate_status prgate_json_error(const struct prgate_json_doc *doc,
				     const struct prgate_json *node, int at_key,
				     struct prgate_error *err,
				     enum prgate_status st, const char *fmt,
				     ...)
{
	char msg[sizeof(err->message)];
	va_list ap;
	int line, col, found;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	found = at_key ? prgate_json_key_pos(doc, node, &line, &col)
		       : prgate_json_pos(doc, node, &line, &col);
	if (!found)
		return prgate_error_set(err, st, "%s: %s", doc->name, msg);
	return prgate_error_set(err, st, "%s:%d:%d: %s", doc->name, line, col,
				msg);
}

/* ---- getters ---- */

enum prgate_json_type prgate_json_type(const struct prgate_json *node)
{
	const cJSON *n = cj(node);
	if (!n)
		return PRGATE_JSON_NULL;
	switch (n->type & 0xff) {
	case cJSON_False:
	case cJSON_True:
		return PRGATE_JSON_BOOL;
	case cJSON_Number:
		return PRGATE_JSON_NUMBER;
	case cJSON_String:
		return PRGATE_JSON_STRING;
	case cJSON_Array:
		return PRGATE_JSON_ARRAY;
	case cJSON_Object:
		return PRGATE_JSON_OBJECT;
	default:
		return PRGATE_JSON_NULL;
	}
}

const char *prgate_json_type_name(enum prgate_json_type type)
{
	switch (type) {
	case PRGATE_JSON_NULL:
		return "null";
	case PRGATE_JSON_BOOL:
		return "true or false";
	case PRGATE_JSON_NUMBER:
		return "a number";
	case PRGATE_JSON_STRING:
		return "a string";
	case PRGATE_JSON_ARRAY:
		return "an array";
	case PRGATE_JSON_OBJECT:
		return "an object";
	}
	return "a value";
}

int prgate_json_is(const struct prgate_json *node, enum prgate_json_type t)
{
	return node && prgate_json_type(node) == t;
}

const char *prgate_json_key(const struct prgate_json *node)
{
	return node ? cj(node)->string : NULL;
}

const char *prgate_json_string(const struct prgate_json *node)
{
	if (!prgate_json_is(node, PRGATE_JSON_STRING))
		return NULL;
	return cj(node)->valuestring;
}

int prgate_json_number(const struct prgate_json *node, double *out)
{
	if (!prgate_json_is(node, PRGATE_JSON_NUMBER))
		return 0;
	*out = cj(node)->valuedouble;
	return 1;
}

int prgate_json_bool(const struct prgate_json *node, int *out)
{
	if (!prgate_json_is(node, PRGATE_JSON_BOOL))
		return 0;
	*out = (cj(node)->type & 0xff) == cJSON_True;
	return 1;
}

int prgate_json_int(const struct prgate_json *node, long long min,
		    long long max, long long *out)
{
	double v;
	long long ll;
	if (!prgate_json_number(node, &v))
		return 0;
	/* NaN and +-inf fail these; so does anything outside long long */
	if (!(v >= -9223372036854775808.0 && v < 9223372036854775808.0))
		return 0;
	ll = (long long)v;
	if ((double)ll != v || ll < min || ll > max)
		return 0;
	*out = ll;
	return 1;
}

const struct prgate_json *prgate_json_child(const struct prgate_json *node)
{
	if (!node || !is_container(cj(node)))
		return NULL;
	return pj(cj(node)->child);
}

const struct prgate_json *prgate_json_next(const struct prgate_json *node)
{
	return node ? pj(cj(node)->next) : NULL;
}

size_t prgate_json_count(const struct prgate_json *node)
{
	size_t n = 0;
	for (const struct prgate_json *c = prgate_json_child(node); c;
	     c = prgate_json_next(c))
		n++;
	return n;
}

const struct prgate_json *prgate_json_at(const struct prgate_json *node,
					 size_t i)
{
	const struct prgate_json *c = prgate_json_child(node);
	while (c && i--)
		c = prgate_json_next(c);
	return c;
}

const struct prgate_json *prgate_json_get(const struct prgate_json *obj,
					  const char *key)
{
	if (!prgate_json_is(obj, PRGATE_JSON_OBJECT))
		return NULL;
	for (const cJSON *c = cj(obj)->child; c; c = c->next)
		if (c->string && !strcmp(c->string, key))
			return pj(c);
	return NULL;
}

const char *prgate_json_get_string(const struct prgate_json *obj,
				   const char *key)
{
	return prgate_json_string(prgate_json_get(obj, key));
}

int prgate_json_get_number(const struct prgate_json *obj, const char *key,
			   double *out)
{
	return prgate_json_number(prgate_json_get(obj, key), out);
}

int prgate_json_get_bool(const struct prgate_json *obj, const char *key,
			 int *out)
{
	return prgate_json_bool(prgate_json_get(obj, key), out);
}

const struct prgate_json *prgate_json_pointer(const struct prgate_json *root,
					      const char *pointer)
{
	const struct prgate_json *cur = root;
	struct strbuf tok = STRBUF_INIT;
	const char *p = pointer;

	if (!root || !pointer)
		return NULL;
	if (*p && *p != '/')
		return NULL;
	while (cur && *p == '/') {
		p++;
		strbuf_reset(&tok);
		for (; *p && *p != '/'; p++) {
			if (*p != '~') {
				strbuf_addch(&tok, *p);
			} else if (p[1] == '0' || p[1] == '1') {
				strbuf_addch(&tok, p[1] == '0' ? '~' : '/');
				p++;
			} else {
				cur = NULL; /* a malformed escape */
				break;
			}
		}
		if (!cur)
			break;
		if (prgate_json_is(cur, PRGATE_JSON_OBJECT)) {
			cur = prgate_json_get(cur, tok.buf);
		} else if (prgate_json_is(cur, PRGATE_JSON_ARRAY)) {
			size_t idx = 0, k;
			int ok = tok.len > 0 && tok.len <= 9 &&
				 (tok.buf[0] != '0' || tok.len == 1);
			for (k = 0; ok && k < tok.len; k++) {
				if (!is_digit(tok.buf[k]))
					ok = 0;
				else
					idx = idx * 10 +
					      (size_t)(tok.buf[k] - '0');
			}
			cur = ok ? prgate_json_at(cur, idx) : NULL;
		} else {
			cur = NULL;
		}
	}
	strbuf_release(&tok);
	return cur;
}

void prgate_json_quote(struct strbuf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t avail = strlen(s);
	strbuf_addch(out, '"');
	while (avail) {
		size_t n;
		switch (*p) {
		case '"':
			strbuf_addstr(out, "\\\"");
			break;
		case '\\':
			strbuf_addstr(out, "\\\\");
			break;
		case '\b':
			strbuf_addstr(out, "\\b");
			break;
		case '\f':
			strbuf_addstr(out, "\\f");
			break;
		case '\n':
			strbuf_addstr(out, "\\n");
			break;
		case '\r':
			strbuf_addstr(out, "\\r");
			break;
		case '\t':
			strbuf_addstr(out, "\\t");
			break;
		default:
			if (*p < 0x20) {
				strbuf_addf(out, "\\u%04x", *p);
				break;
			}
			n = utf8_seq(p, avail);
			if (!n) {
				strbuf_addstr(out, "\\ufffd");
				break;
			}
			strbuf_add(out, p, n);
			p += n;
			avail -= n;
			continue;
		}
		p++;
		avail--;
	}
	strbuf_addch(out, '"');
}

static void print_node(struct strbuf *out, const cJSON *n)
{
	switch (n->type & 0xff) {
	case cJSON_NULL:
		strbuf_addstr(out, "null");
		break;
	case cJSON_True:
		strbuf_addstr(out, "true");
		break;
	case cJSON_False:
		strbuf_addstr(out, "false");
		break;
	case cJSON_Number: {
		char buf[64];
		double back;
		snprintf(buf, sizeof(buf), "%.15g", n->valuedouble);
		if (sscanf(buf, "%lg", &back) != 1 || back != n->valuedouble)
			snprintf(buf, sizeof(buf), "%.17g", n->valuedouble);
		strbuf_addstr(out, buf);
		break;
	}
	case cJSON_String:
		prgate_json_quote(out, n->valuestring ? n->valuestring : "");
		break;
	case cJSON_Array:
	case cJSON_Object: {
		int obj = (n->type & 0xff) == cJSON_Object;
		strbuf_addch(out, obj ? '{' : '[');
		for (const cJSON *c = n->child; c; c = c->next) {
			if (obj) {
				prgate_json_quote(out,
						  c->string ? c->string : "");
				strbuf_addstr(out, ": ");
			}
			print_node(out, c);
			if (c->next)
				strbuf_addstr(out, ", ");
		}
		strbuf_addch(out, obj ? '}' : ']');
		break;
	}
	default:
		strbuf_addstr(out, "null");
	}
}

void prgate_json_print(struct strbuf *out, const struct prgate_json *node)
{
	print_node(out, cj(node));
}
