/*
 * md_guard.c - the pre-scan that keeps cmark-gfm's work bounded (see
 * md_guard.h). One pass over the lines, no allocation.
 *
 * What it knows of Markdown, and why each guess is safe:
 *   - container prefixes: '>' and list markers ("-", "+", "*", "1." ...)
 *     at the start of a line, each after at most 3 spaces;
 *   - paragraphs: delimiter work is summed from a paragraph's start to
 *     its end, which the scan puts only where cmark surely ends one (a
 *     blank line, a bullet or "1." item, an ATX heading, a fence, a line
 *     of only '-', '=', '*' or '_', a table). Anywhere else the count goes
 *     on, so a misjudged line only counts too much;
 *   - tables: a delimiter row under a line with the same number of cells
 *     (cmark-gfm's own rule), then every line up to a blank line or the
 *     start of another block is a row, padded to the header's cells. When
 *     the header began a paragraph, each row (its cells are parsed on
 *     their own) is a paragraph of its own; else the rows count on in the
 *     paragraph. The cell limit applies to
 *     table lines only (a delimiter row, the line above it, the rows):
 *     '|' elsewhere costs nothing;
 *   - fences: ``` or ~~~ at the start of a line (after block quotes),
 *     outside list items, up to the closing fence or the end of the block
 *     quote it is in. Lines in a fence are not inline text and count
 *     nothing; an indented fence (maybe a list item's, which ends at a
 *     less indented line) is counted as text.
 */
#include "linter/md_guard.h"

#include <string.h>

struct scan {
	/* e-mail autolinks: each '@' costs the run of [A-Za-z0-9@._+-]
	 * around it */
	unsigned long long at_work;
	/* the paragraph being counted */
	int para_lines;		   /* its lines so far */
	unsigned long long delims; /* emphasis delimiter runs so far */
	unsigned long long work;   /* sum over ']' of delims before it */
	/* the table being read (table_cells 0: none); sure when its header
	 * began a paragraph (else cmark-gfm 0.29.0.gfm.6 may not make it a
	 * table: its padding is counted, its rows are not paragraphs) */
	size_t table_cells;
	int table_sure;
	int table_quotes;
	unsigned long long padded;
	/* the fence being skipped (fence_len 0: none) */
	char fence_ch;
	size_t fence_len;
	int fence_quotes;
	/* the line before: its cells when it could be a table's header */
	size_t prev_cells;
	int prev_quotes;
};

/* One line's container prefix. */
struct prefix {
	int quotes;	  /* '>' */
	int lists;	  /* list markers */
	int starts_item;  /* the first list marker can interrupt a paragraph */
	const char *rest; /* what follows the prefix */
};

static const char *skip_spaces(const char *p, const char *e, int max)
{
	for (int n = 0; p < e && *p == ' ' && (max < 0 || n < max); n++)
		p++;
	return p;
}

static int is_blank(const char *p, const char *e)
{
	for (; p < e; p++)
		if (*p != ' ' && *p != '\t')
			return 0;
	return 1;
}

static void read_prefix(const char *p, const char *e, struct prefix *x)
{
	memset(x, 0, sizeof(*x));
	for (;;) {
		const char *q = skip_spaces(p, e, 3), *d;
		if (q < e && *q == '>') {
			x->quotes++;
			p = q + 1;
			if (p < e && *p == ' ')
				p++;
			continue;
		}
		if (q + 1 < e && (*q == '-' || *q == '+' || *q == '*') &&
		    (q[1] == ' ' || q[1] == '\t')) {
			if (!x->quotes && !x->lists)
				x->starts_item = !is_blank(q + 2, e);
			x->lists++;
			p = q + 2;
			continue;
		}
		for (d = q; d < e && d - q < 9 && *d >= '0' && *d <= '9'; d++)
			;
		if (d > q && d + 1 < e && (*d == '.' || *d == ')') &&
		    (d[1] == ' ' || d[1] == '\t')) {
			if (!x->quotes && !x->lists)
				x->starts_item = d - q == 1 && *q == '1' &&
						 !is_blank(d + 2, e);
			x->lists++;
			p = d + 2;
			continue;
		}
		x->rest = p;
		return;
	}
}

/* Cells of a table line as cmark-gfm counts them: unescaped '|' split
 * it, a leading and a trailing one do not add a cell. */
static size_t count_cells(const char *p, const char *e)
{
	size_t pipes = 0;
	const char *first, *last;

	p = skip_spaces(p, e, -1);
	while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (p == e)
		return 0;
	first = p;
	last = e - 1;
	for (const char *q = p; q < e; q++) {
		if (*q == '\\' && q + 1 < e) {
			q++;
			continue;
		}
		if (*q == '|' && q != first && q != last)
			pipes++;
	}
	return pipes + 1;
}

/*
 * A table's delimiter row ("| --- | :-: |", also ":-:" with no '|'): its
 * cells, else 0; *pipe set when it has a '|'.
 */
static size_t delimiter_row(const char *p, const char *e, int *pipe)
{
	int dash = 0;
	*pipe = 0;
	for (const char *q = p; q < e; q++) {
		if (*q == '|')
			*pipe = 1;
		else if (*q == '-')
			dash = 1;
		else if (*q != ':' && *q != ' ' && *q != '\t')
			return 0;
	}
	return dash ? count_cells(p, e) : 0;
}

/* ``` or ~~~ opening a fence: sets the fence, returns 1. */
static int fence_open(struct scan *sc, const char *p, const char *e, int quotes)
{
	const char *q = p; /* not indented: an indented fence may be a list
			      item's, which a line less indented ends */
	const char *r = q;
	if (q >= e || (*q != '`' && *q != '~'))
		return 0;
	while (r < e && *r == *q)
		r++;
	if (r - q < 3)
		return 0;
	if (*q == '`' && memchr(r, '`', (size_t)(e - r)))
		return 0; /* "```a`b" is code in a paragraph */
	sc->fence_ch = *q;
	sc->fence_len = (size_t)(r - q);
	sc->fence_quotes = quotes;
	return 1;
}

static int fence_close(const struct scan *sc, const char *p, const char *e)
{
	const char *q = skip_spaces(p, e, 3), *r = q;
	while (r < e && *r == sc->fence_ch)
		r++;
	return (size_t)(r - q) >= sc->fence_len && is_blank(r, e);
}

/* Only '-', '=', '*' or '_' (and spaces): a setext underline or a
 * thematic break, either way the end of a paragraph. */
static int is_rule(const char *p, const char *e)
{
	char c = 0;
	for (; p < e; p++) {
		if (*p == ' ' || *p == '\t')
			continue;
		if (!c && strchr("-=*_", *p))
			c = *p;
		if (*p != c)
			return 0;
	}
	return c != 0;
}

static int is_heading(const char *p, const char *e)
{
	const char *q = skip_spaces(p, e, 3), *r = q;
	while (r < e && *r == '#' && r - q < 7)
		r++;
	return r > q && r - q <= 6 && (r == e || *r == ' ' || *r == '\t');
}

static void end_paragraph(struct scan *sc)
{
	sc->delims = 0;
	sc->para_lines = 0;
}

static int email_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '@' || c == '.' || c == '_' ||
	       c == '+' || c == '-';
}

/*
 * The e-mail autolink extension scans, from each '@', back and forth over
 * the letters, digits, '@', '.', '_', '+' and '-' around it: a run of n
 * such characters holding k '@' costs k * n.
 */
static void count_at(struct scan *sc, const char *p, const char *e)
{
	while (p < e) {
		const char *q = p;
		unsigned long long ats = 0;
		while (q < e && email_char(*q))
			ats += *q++ == '@';
		sc->at_work += ats * (unsigned long long)(q - p);
		p = q < e ? q + 1 : q;
	}
}

/* Count a line's delimiter runs and link ends into the paragraph. */
static void count_inline(struct scan *sc, const char *p, const char *e)
{
	sc->para_lines++;
	char run = 0;
	for (; p < e; p++) {
		char c = *p;
		if (c == '*' || c == '_' || c == '~') {
			if (c != run)
				sc->delims++;
			run = c;
			continue;
		}
		run = 0;
		if (c == ']')
			sc->work += sc->delims;
	}
}

static enum prgate_status too_many_cells(struct prgate_error *err, int line,
					 size_t cells)
{
	return prgate_error_set(err, PRGATE_ERR_INPUT,
				"line %d: %zu table cells on one line (at most "
				"%d)",
				line, cells, PRGATE_MD_MAX_TABLE_CELLS);
}

enum prgate_status prgate_md_guard(const char *buf, size_t len,
				   struct prgate_error *err)
{
	struct scan sc;
	const char *p, *e, *end = buf + len;
	int line = 0;

	memset(&sc, 0, sizeof(sc));
	for (p = buf; p < end; p = e + 1) {
		struct prefix x;
		size_t cells = 0, delim_cells;
		int delim_pipe;

		e = memchr(p, '\n', (size_t)(end - p));
		if (!e)
			e = end;
		line++;
		read_prefix(p, e, &x);
		if (x.quotes + x.lists > PRGATE_MD_MAX_NESTING)
			return prgate_error_set(
			    err, PRGATE_ERR_INPUT,
			    "line %d: %d block quotes and list items open on "
			    "one line (at most %d)",
			    line, x.quotes + x.lists, PRGATE_MD_MAX_NESTING);

		if (sc.fence_len) {
			if (x.quotes < sc.fence_quotes)
				sc.fence_len = 0; /* its quote ended */
			else {
				if (fence_close(&sc, x.rest, e))
					sc.fence_len = 0;
				goto next;
			}
		}
		if (is_blank(x.rest, e)) {
			end_paragraph(&sc);
			sc.table_cells = 0;
			sc.prev_cells = 0;
			goto next;
		}
		if (!x.lists && fence_open(&sc, x.rest, e, x.quotes)) {
			end_paragraph(&sc);
			sc.table_cells = 0;
			sc.prev_cells = 0;
			goto next;
		}
		if (sc.table_cells && (x.lists || x.quotes != sc.table_quotes ||
				       is_heading(x.rest, e)))
			sc.table_cells = 0; /* another block ends the table */

		if (memchr(x.rest, '|', (size_t)(e - x.rest)))
			cells = count_cells(x.rest, e);

		if (sc.table_cells) {
			if (cells > PRGATE_MD_MAX_TABLE_CELLS)
				return too_many_cells(err, line, cells);
			/* a row: padded to the header's width */
			size_t have = cells ? cells : 1;
			if (have < sc.table_cells)
				sc.padded += sc.table_cells - have;
			if (sc.padded > PRGATE_MD_MAX_PADDED_CELLS)
				return prgate_error_set(
				    err, PRGATE_ERR_INPUT,
				    "line %d: the table's rows are short of "
				    "more than %d cells (rows with fewer cells "
				    "than the header)",
				    line, PRGATE_MD_MAX_PADDED_CELLS);
			if (sc.table_sure)
				end_paragraph(&sc);
			count_inline(&sc, x.rest, e);
			if (sc.table_sure)
				end_paragraph(&sc);
			goto checked;
		}
		delim_cells = delimiter_row(x.rest, e, &delim_pipe);
		/* cmark-gfm reads a delimiter row and the line above it as a
		 * table's, even when their cells do not match in the end */
		if (delim_cells && sc.prev_cells > PRGATE_MD_MAX_TABLE_CELLS)
			return too_many_cells(err, line - 1, sc.prev_cells);
		if (delim_cells > PRGATE_MD_MAX_TABLE_CELLS)
			return too_many_cells(err, line, delim_cells);
		/* a table starts (as far as the scan tells: with no '|' in
		 * it, the row and the header have one cell, nothing to pad,
		 * and its rows may as well count as one paragraph) */
		if (delim_cells && delim_pipe && delim_cells == sc.prev_cells &&
		    x.quotes == sc.prev_quotes) {
			/* the line before was its header */
			sc.table_cells = delim_cells;
			sc.table_quotes = x.quotes;
			sc.table_sure = sc.para_lines == 1;
			if (sc.table_sure)
				end_paragraph(&sc);
			goto checked;
		}
		if (x.starts_item || is_heading(x.rest, e))
			end_paragraph(&sc);
		count_inline(&sc, x.rest, e);
		if (is_rule(x.rest, e) || is_heading(x.rest, e))
			end_paragraph(&sc);
	checked:
		if (memchr(x.rest, '@', (size_t)(e - x.rest)))
			count_at(&sc, x.rest, e);
		if (sc.at_work > PRGATE_MD_MAX_AT_WORK)
			return prgate_error_set(
			    err, PRGATE_ERR_INPUT,
			    "line %d: too many '@' in runs of letters and "
			    "digits (over %d characters to scan for e-mail "
			    "addresses)",
			    line, PRGATE_MD_MAX_AT_WORK);
		if (sc.work > PRGATE_MD_MAX_DELIM_WORK)
			return prgate_error_set(
			    err, PRGATE_ERR_INPUT,
			    "line %d: too much emphasis before links in one "
			    "paragraph (over %d delimiter and link pairs)",
			    line, PRGATE_MD_MAX_DELIM_WORK);
		sc.prev_cells = sc.table_cells ? 0 : cells;
		sc.prev_quotes = x.quotes;
		continue;
	next:
		sc.prev_cells = 0;
		sc.prev_quotes = x.quotes;
	}
	return PRGATE_OK;
}
