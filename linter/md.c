/*
 * md.c - the Markdown model: validates a PR description, parses it with
 * cmark-gfm and flattens the tree into sections, texts, items and
 * comments in one iterative walk (see md.h for the contract).
 *
 * Positions: cmark-gfm reports no position for line breaks and autolinks,
 * a wrong column for some inlines (lazy continuation lines, autolinks)
 * and garbage for a paragraph that a table cuts short and for that
 * table's header row. So the walk keeps its own line (the block's start
 * line plus the line breaks seen, moved forward when a text reports a
 * later line) and checks each column against the source line, searching
 * a short window after the previous inline when it does not match.
 * Every position it records lies inside the document.
 */
#include "linter/md.h"
#include "linter/md_guard.h"

#include <stdint.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#if defined(__has_include)
#if __has_include(<cmark-gfm/node.h>)
/* the node layout of the very cmark-gfm we link (its soname is its version) */
#include <cmark-gfm/node.h>
#define HAVE_CMARK_NODE_H 1
#endif
#endif

#include "support/util.h"

/* How far past the expected column a column check searches the source. */
#define COL_SEARCH_WINDOW 512

/* n pieces in the arena, aligned. */
static struct prgate_md_piece *arena_pieces(struct prgate_arena *a, size_t n)
{
	if (n > (size_t)-1 / sizeof(struct prgate_md_piece))
		die_oom((size_t)-1);
	return prgate_arena_alloc_aligned(a,
					  n * sizeof(struct prgate_md_piece));
}

/* ---- input checks ---- */

/* Line and column (1-based) of byte off; CRLF and lone CR end lines. */
static void position_of(const unsigned char *s, size_t off, int *line, int *col)
{
	size_t start = 0;
	int l = 1;
	for (size_t i = 0; i < off; i++) {
		if (s[i] == '\n' || (s[i] == '\r' && s[i + 1] != '\n')) {
			l++;
			start = i + 1;
		}
	}
	*line = l;
	*col = (int)(off - start + 1);
}

/* Length of the valid UTF-8 sequence at s[i] (lead byte >= 0x80), or 0. */
static size_t utf8_seq(const unsigned char *s, size_t i, size_t len)
{
	unsigned char c = s[i], lo = 0x80, hi = 0xbf;
	size_t n;

	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		if (c == 0xe0)
			lo = 0xa0; /* overlong */
		else if (c == 0xed)
			hi = 0x9f; /* surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		if (c == 0xf0)
			lo = 0x90; /* overlong */
		else if (c == 0xf4)
			hi = 0x8f; /* over U+10FFFF */
	} else {
		return 0;
	}
	if (len - i < n)
		return 0;
	if (s[i + 1] < lo || s[i + 1] > hi)
		return 0;
	for (size_t k = 2; k < n; k++)
		if (s[i + k] < 0x80 || s[i + k] > 0xbf)
			return 0;
	return n;
}

enum prgate_status prgate_md_validate(const char *buf, size_t len,
				      struct prgate_error *err)
{
	const unsigned char *s = (const unsigned char *)buf;
	const uint64_t high = 0x8080808080808080ull;
	const uint64_t ones = 0x0101010101010101ull;
	size_t i = 0;
	int line, col;

	if (len > PRGATE_MD_MAX_BYTES)
		return prgate_error_set(
		    err, PRGATE_ERR_TOO_LARGE,
		    "description is %zu bytes, over the %zu-byte limit", len,
		    PRGATE_MD_MAX_BYTES);
	while (i < len) {
		size_t n;
		if (len - i >= 8) {
			uint64_t v;
			memcpy(&v, s + i, 8);
			/* all ASCII and no zero byte */
			if (!(v & high) && !((v - ones) & ~v & high)) {
				i += 8;
				continue;
			}
		}
		if (s[i] == 0) {
			position_of(s, i, &line, &col);
			return prgate_error_set(
			    err, PRGATE_ERR_INPUT,
			    "NUL byte at line %d, column %d", line, col);
		}
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_seq(s, i, len);
		if (!n) {
			position_of(s, i, &line, &col);
			return prgate_error_set(
			    err, PRGATE_ERR_INPUT,
			    "invalid UTF-8 at line %d, column %d (byte 0x%02x)",
			    line, col, s[i]);
		}
		i += n;
	}
	return PRGATE_OK;
}

/* ---- parser setup ---- */

static cmark_syntax_extension *ext_table, *ext_strikethrough, *ext_autolink,
    *ext_tasklist;

static cmark_parser *new_parser(void)
{
	cmark_parser *p;

	if (!ext_table) {
		cmark_gfm_core_extensions_ensure_registered();
		ext_strikethrough =
		    cmark_find_syntax_extension("strikethrough");
		ext_autolink = cmark_find_syntax_extension("autolink");
		ext_tasklist = cmark_find_syntax_extension("tasklist");
		ext_table = cmark_find_syntax_extension("table");
	}
	p = cmark_parser_new(CMARK_OPT_SOURCEPOS);
	if (!p)
		die_oom(0);
	if (ext_table)
		cmark_parser_attach_syntax_extension(p, ext_table);
	if (ext_strikethrough)
		cmark_parser_attach_syntax_extension(p, ext_strikethrough);
	if (ext_autolink)
		cmark_parser_attach_syntax_extension(p, ext_autolink);
	if (ext_tasklist)
		cmark_parser_attach_syntax_extension(p, ext_tasklist);
	return p;
}

int prgate_md_parse_only(const char *buf, size_t len)
{
	cmark_parser *p = new_parser();
	cmark_node *root;

	cmark_parser_feed(p, buf, len);
	root = cmark_parser_finish(p);
	cmark_parser_free(p);
	if (!root)
		return -1;
	cmark_node_free(root);
	return 0;
}

/* ---- the walk ---- */

/*
 * The node accessors the walk calls for every node. With the node layout
 * at hand they read the fields in place: cmark-gfm's own accessors are
 * calls into the shared library, several per node.
 */
#ifdef HAVE_CMARK_NODE_H
static inline cmark_node_type node_type(const cmark_node *n)
{
	return (cmark_node_type)n->type;
}
static inline cmark_node *node_parent(const cmark_node *n)
{
	return n->parent;
}
static inline cmark_node *node_next(const cmark_node *n)
{
	return n->next;
}
static inline cmark_node *node_first_child(const cmark_node *n)
{
	return n->first_child;
}
static inline cmark_node *node_last_child(const cmark_node *n)
{
	return n->last_child;
}
static inline int node_start_line(const cmark_node *n)
{
	return n->start_line;
}
static inline int node_start_column(const cmark_node *n)
{
	return n->start_column;
}
#else
#define node_type cmark_node_get_type
#define node_parent cmark_node_parent
#define node_next cmark_node_next
#define node_first_child cmark_node_first_child
#define node_last_child cmark_node_last_child
#define node_start_line cmark_node_get_start_line
#define node_start_column cmark_node_get_start_column
#endif

/*
 * A node's literal and its length, not necessarily NUL-terminated.
 * cmark_node_get_literal() copies the literal into a fresh allocation on
 * first use, which would cost a malloc and a free per inline node, so the
 * chunk is read in place where the node layout is known.
 */
static const char *literal_of(cmark_node *node, size_t *len)
{
#ifdef HAVE_CMARK_NODE_H
	const cmark_chunk *c = node->type == CMARK_NODE_CODE_BLOCK
				   ? &node->as.code.literal
				   : &node->as.literal;
	*len = c->len > 0 ? (size_t)c->len : 0;
	return *len ? (const char *)c->data : "";
#else
	const char *s = cmark_node_get_literal(node);
	*len = s ? strlen(s) : 0;
	return s ? s : "";
#endif
}

/* A link's or image's destination, as literal_of(). */
static const char *url_of(cmark_node *node, size_t *len)
{
#ifdef HAVE_CMARK_NODE_H
	const cmark_chunk *c = &node->as.link.url;
	*len = c->len > 0 ? (size_t)c->len : 0;
	return *len ? (const char *)c->data : "";
#else
	const char *s = cmark_node_get_url(node);
	*len = s ? strlen(s) : 0;
	return s ? s : "";
#endif
}

enum ctx_kind {
	CTX_NONE,
	CTX_PARA,
	CTX_HEADING,
	CTX_CELL,
};

/* An open list item. */
struct item_frame {
	cmark_node *node;
	int line, col;
	int depth, is_task, checked, ordered;
	int list;	/* its list's number (see prgate_md_item.list) */
	int pending;	/* its item is not in doc->items yet */
	int seen_child; /* a child block has started */
};

/* An open link or image: where its destination text goes. */
struct link_frame {
	int line, col;
};

struct walker {
	struct prgate_md_doc *doc;

	/* the normalised source and a cursor on one of its lines */
	const char *src;
	size_t srclen;
	int cur_line;
	size_t cur_off, cur_end;
	/* where each line starts; [nlines] is just past the last line end */
	uint32_t *starts;
	size_t starts_alloc;

	/* open sections, innermost last */
	int *open;
	size_t nopen, open_alloc;
	/* open list items, innermost last */
	struct item_frame *frames;
	size_t nframes, frames_alloc;
	int task_depth;
	int list_seq; /* lists numbered so far */
	/* open ~~strikethrough~~ (its text is deleted, not content) */
	int struck;
	cmark_node_type strike_type;
	/* open links and images */
	struct link_frame *links;
	size_t nlinks, links_alloc;

	/* the paragraph, heading or table cell whose inlines are walked */
	cmark_node *ctx;
	enum ctx_kind ctx_kind;
	int line;   /* line of the current inline */
	int cursor; /* column the next inline starts at or after; 0 unknown */
	int bol;    /* nothing yet on this line of the block */
	int first;  /* nothing yet in the block */
	int ctx_line, ctx_col, ctx_end;
	int last_line;	   /* the last line a block was seen at */
	cmark_node *label; /* the bold being read as a field label */
	int label_line, label_col;
	int strip; /* drop ':' and spaces from the next text */
	struct strbuf name;

	/* the run of text being merged */
	struct strbuf run;
	const char *run_ptr; /* the run while it is one piece (not copied) */
	size_t run_len;
	int run_line, run_col;
	/* where each piece starts, once there is a second one */
	struct prgate_md_piece *pieces;
	size_t npieces, pieces_alloc;

	/* the item text of the current paragraph segment */
	struct strbuf item;
	int item_line, item_col;
	int para_frame;	 /* frame whose first paragraph this is, or -1 */
	int after_label; /* the segment follows a field label */
	int eat_space;	 /* a comment was cut out: no second space */

	/*
	 * Tables. A table right after paragraph lines has its header row
	 * reported at the paragraph's position, so that row is placed anew.
	 */
	cmark_node_type table_type, cell_type;
	cmark_node *header_row;
	int header_line, header_lost, cell_cursor;
	int lost_cols; /* the block's inline columns are not to be trusted */

	struct strbuf tmp;
};

/* ---- buffers kept from one document for the next ---- */

/*
 * A linter parses one description after another. The last document's
 * arrays and first arena chunk, and the walk's scratch buffers, are kept
 * here for the next parse instead of going back to malloc: that saves
 * some twenty allocations and frees per description, and the heap
 * consolidation that freeing the bigger ones set off (make bench). Only
 * buffers up to SPARE_MAX bytes are kept, so a huge body's memory goes
 * back at once. prgate is single-threaded; nothing here is shared across
 * threads.
 */
#define SPARE_MAX ((size_t)256 * 1024)

static struct prgate_md_doc spare_doc; /* arrays and their allocs */
static int spare_doc_full;

struct scratch {
	struct strbuf name, run, item, tmp;
	int *open;
	size_t open_alloc;
	struct item_frame *frames;
	size_t frames_alloc;
	struct link_frame *links;
	size_t links_alloc;
	struct prgate_md_piece *pieces;
	size_t pieces_alloc;
	uint32_t *starts;
	size_t starts_alloc;
};
static struct scratch spare_scratch;
static int spare_scratch_full;

static int spare_fits(size_t n, size_t elem)
{
	return n <= SPARE_MAX / elem;
}

/* Give doc the spare arrays (or none); doc is zeroed. */
static void take_spare_doc(struct prgate_md_doc *doc)
{
	if (spare_doc_full) {
		*doc = spare_doc;
		doc->nsections = doc->ntexts = doc->nitems = doc->ncomments = 0;
		doc->nlines = 0;
		spare_doc_full = 0;
		memset(&spare_doc, 0, sizeof(spare_doc));
	}
}

/* Keep doc's buffers for the next parse if they are small; 1 if kept. */
static int keep_spare_doc(struct prgate_md_doc *doc)
{
	if (spare_doc_full ||
	    !spare_fits(doc->sections_alloc, sizeof(*doc->sections)) ||
	    !spare_fits(doc->texts_alloc, sizeof(*doc->texts)) ||
	    !spare_fits(doc->items_alloc, sizeof(*doc->items)) ||
	    !spare_fits(doc->comments_alloc, sizeof(*doc->comments)))
		return 0;
	prgate_arena_keep_one(&doc->arena, SPARE_MAX);
	prgate_arena_keep_one(&doc->text_arena, SPARE_MAX);
	spare_doc = *doc;
	spare_doc_full = 1;
	return 1;
}

static void take_spare_scratch(struct scratch *s)
{
	if (spare_scratch_full) {
		*s = spare_scratch;
		spare_scratch_full = 0;
		strbuf_reset(&s->name);
		strbuf_reset(&s->run);
		strbuf_reset(&s->item);
		strbuf_reset(&s->tmp);
	} else {
		memset(s, 0, sizeof(*s));
		strbuf_init(&s->name, 0);
		strbuf_init(&s->run, 0);
		strbuf_init(&s->item, 0);
		strbuf_init(&s->tmp, 0);
	}
}

static void release_scratch(struct scratch *s)
{
	strbuf_release(&s->name);
	strbuf_release(&s->run);
	strbuf_release(&s->item);
	strbuf_release(&s->tmp);
	free(s->open);
	free(s->frames);
	free(s->links);
	free(s->pieces);
	free(s->starts);
}

static void keep_spare_scratch(struct scratch *s)
{
	if (spare_scratch_full || s->name.alloc > SPARE_MAX ||
	    s->run.alloc > SPARE_MAX || s->item.alloc > SPARE_MAX ||
	    s->tmp.alloc > SPARE_MAX ||
	    !spare_fits(s->open_alloc, sizeof(*s->open)) ||
	    !spare_fits(s->frames_alloc, sizeof(*s->frames)) ||
	    !spare_fits(s->links_alloc, sizeof(*s->links)) ||
	    !spare_fits(s->pieces_alloc, sizeof(*s->pieces)) ||
	    !spare_fits(s->starts_alloc, sizeof(*s->starts))) {
		release_scratch(s);
		return;
	}
	spare_scratch = *s;
	spare_scratch_full = 1;
}

/* Point the line cursor at line (1-based); 0 if out of range. */
static inline int seek_line(struct walker *w, int line)
{
	if (line == w->cur_line)
		return 1;
	if (line < 1 || line > w->doc->nlines)
		return 0;
	w->cur_line = line;
	w->cur_off = w->starts[line - 1];
	w->cur_end = w->starts[line] - 1;
	return 1;
}

/* Does line have the n bytes of needle at column col? */
static inline int source_has(struct walker *w, int line, int col,
			     const char *needle, size_t n)
{
	size_t at;

	if (col < 1 || !seek_line(w, line))
		return 0;
	at = w->cur_off + (size_t)col - 1;
	return at <= w->cur_end && w->cur_end - at >= n &&
	       w->src[at] == needle[0] && !memcmp(w->src + at, needle, n);
}

/* Column of needle on line at or after column from (a short search). */
static int source_find(struct walker *w, int line, int from, const char *needle,
		       size_t n)
{
	size_t at, end;
	const char *hit;

	if (from < 1)
		from = 1;
	if (!n || !seek_line(w, line))
		return 0;
	at = w->cur_off + (size_t)from - 1;
	if (at >= w->cur_end)
		return 0;
	end = w->cur_end;
	if (end - at > COL_SEARCH_WINDOW + n)
		end = at + COL_SEARCH_WINDOW + n;
	hit = memmem(w->src + at, end - at, needle, n);
	return hit ? (int)(hit - (w->src + w->cur_off)) + 1 : 0;
}

static int is_ascii_punct(unsigned char c)
{
	return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') ||
	       (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

/*
 * The column of an inline whose source starts with lit (as far as its
 * literal says), reported at column reported (0: not known).
 */
static int resolve_col(struct walker *w, int reported, const char *lit,
		       size_t len)
{
	size_t n = len < 8 ? len : 8, safe = 0;
	int col;

	if (!n)
		return reported ? reported : (w->cursor ? w->cursor : 1);
	if (reported && reported >= w->cursor &&
	    source_has(w, w->line, reported, lit, n))
		return reported;
	/*
	 * Compare up to the first punctuation after the first byte: it may
	 * come from an escape (\*) or an entity (&amp;) in the source.
	 */
	while (safe < n && !is_ascii_punct((unsigned char)lit[safe]))
		safe++;
	n = safe ? safe : 1;
	while (n < len && n < 8 && !is_ascii_punct((unsigned char)lit[n]))
		n++;
	if (reported && reported >= w->cursor &&
	    (source_has(w, w->line, reported, lit, n) ||
	     (!safe && (source_has(w, w->line, reported, "\\", 1) ||
			source_has(w, w->line, reported, "&", 1)))))
		return reported;
	if (w->cursor && source_has(w, w->line, w->cursor, lit, n))
		return w->cursor;
	col = source_find(w, w->line, w->cursor, lit, n);
	if (col)
		return col;
	if (w->first && w->ctx_kind == CTX_PARA && safe) {
		/* link reference definitions before it took lines */
		for (int l = w->line + 1; l <= w->ctx_end; l++) {
			col = source_find(w, l, 1, lit, n);
			if (col) {
				w->line = l;
				return col;
			}
		}
	}
	if (reported)
		return reported;
	return w->cursor ? w->cursor : 1;
}

static int innermost(const struct walker *w)
{
	return w->open[w->nopen - 1];
}

/* A node's reported column, or 0 where cmark-gfm lost it. */
static int node_col(cmark_node *node)
{
	int col = node_start_column(node);
	return col > 0 ? col : 0;
}

/*
 * A block's start line. cmark-gfm loses it for some blocks (a paragraph
 * that a table cut short reports 0:0): take the line after the last block.
 */
static int block_line(struct walker *w, cmark_node *node)
{
	int line = node_start_line(node);
	cmark_node *next;

	/* a paragraph cut short by a table: the table has its line */
	if ((line < 1 || line > w->doc->nlines) && (next = node_next(node)))
		line = node_start_line(next);
	if (line < 1 || line > w->doc->nlines)
		line = w->last_line + 1;
	if (line > w->doc->nlines)
		line = w->doc->nlines;
	if (line < 1)
		line = 1;
	if (line > w->last_line)
		w->last_line = line;
	return line;
}

/* An inline's reported column, unless its block's columns are lost. */
static int inline_col(const struct walker *w, cmark_node *node)
{
	return w->lost_cols ? 0 : node_col(node);
}

/* Keep a position inside the document whatever the parser reported. */
static void clamp_pos(const struct walker *w, int *line, int *col)
{
	if (*line > w->doc->nlines)
		*line = w->doc->nlines;
	if (*line < 1)
		*line = 1;
	if (*col < 1)
		*col = 1;
}

static void add_text(struct walker *w, const char *s, size_t len, int line,
		     int col, int flags)
{
	struct prgate_md_doc *doc = w->doc;
	struct prgate_md_text *t;

	if (doc->ntexts == doc->texts_alloc)
		doc->texts = xgrow(doc->texts, sizeof(*doc->texts),
				   doc->ntexts + 1, &doc->texts_alloc);
	t = &doc->texts[doc->ntexts++];
	clamp_pos(w, &line, &col);
	t->text = prgate_arena_strndup(&doc->text_arena, s, len);
	t->len = len;
	t->line = line;
	t->col = col;
	t->flags = flags | (w->task_depth ? PRGATE_MD_TASK : 0);
	t->section = innermost(w);
	t->pieces = NULL;
	t->npieces = 0;
}

static void add_item(struct walker *w, const char *s, size_t len, int line,
		     int col, int depth)
{
	struct prgate_md_doc *doc = w->doc;
	struct prgate_md_item *it;

	if (doc->nitems == doc->items_alloc)
		doc->items = xgrow(doc->items, sizeof(*doc->items),
				   doc->nitems + 1, &doc->items_alloc);
	it = &doc->items[doc->nitems++];
	memset(it, 0, sizeof(*it));
	clamp_pos(w, &line, &col);
	it->text = prgate_arena_strndup(&doc->arena, s, len);
	it->line = line;
	it->col = col;
	it->depth = depth;
	it->section = innermost(w);
}

static void add_frame_item(struct walker *w, struct item_frame *f,
			   const char *s, size_t len)
{
	struct prgate_md_item *it;

	add_item(w, s, len, f->line, f->col, f->depth);
	it = &w->doc->items[w->doc->nitems - 1];
	it->is_task = f->is_task;
	it->checked = f->checked;
	it->ordered = f->ordered;
	it->list = f->list;
	f->pending = 0;
}

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* Trim s[0, *len) in place: returns the new start, updates *len. */
static const char *trim(const char *s, size_t *len)
{
	size_t b = 0, e = *len;
	while (b < e && is_space((unsigned char)s[b]))
		b++;
	while (e > b && is_space((unsigned char)s[e - 1]))
		e--;
	*len = e - b;
	return s + b;
}

static void add_comment(struct walker *w, const char *s, size_t len, int line,
			int col)
{
	struct prgate_md_doc *doc = w->doc;
	struct prgate_md_comment *c;

	s = trim(s, &len);
	doc->comments = xgrow(doc->comments, sizeof(*doc->comments),
			      doc->ncomments + 1, &doc->comments_alloc);
	c = &doc->comments[doc->ncomments++];
	clamp_pos(w, &line, &col);
	c->text = prgate_arena_strndup(&doc->arena, s, len);
	c->line = line;
	c->col = col;
}

/*
 * The keys of recent section names: descriptions repeat the template's
 * names ("Deployment risks"), so most keys are found here rather than
 * worked out again. Direct-mapped by a hash of the name; names longer
 * than KEY_CACHE_NAME are not kept.
 */
#define KEY_CACHE_SIZE 64
#define KEY_CACHE_NAME 64

static struct key_cache_entry {
	size_t len, key_len;
	char name[KEY_CACHE_NAME];
	char key[KEY_CACHE_NAME]; /* never longer than the name */
} key_cache[KEY_CACHE_SIZE];

/* prgate_md_key() of name (len bytes), in the document's arena. */
static const char *key_of(struct walker *w, const char *name, size_t len)
{
	struct key_cache_entry *e;
	uint32_t h = 2166136261u;

	if (len >= KEY_CACHE_NAME) {
		strbuf_reset(&w->tmp);
		prgate_md_key(name, &w->tmp);
		return prgate_arena_strndup(&w->doc->arena, w->tmp.buf,
					    w->tmp.len);
	}
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)name[i]) * 16777619u;
	e = &key_cache[h % KEY_CACHE_SIZE];
	if (e->len != len || memcmp(e->name, name, len)) {
		strbuf_reset(&w->tmp);
		prgate_md_key(name, &w->tmp);
		memcpy(e->name, name, len);
		e->len = len;
		memcpy(e->key, w->tmp.buf, w->tmp.len);
		e->key_len = w->tmp.len;
	}
	return prgate_arena_strndup(&w->doc->arena, e->key, e->key_len);
}

static void close_section(struct walker *w)
{
	struct prgate_md_doc *doc = w->doc;
	struct prgate_md_section *s = &doc->sections[w->open[--w->nopen]];

	s->child_end = doc->nsections;
	s->text_end = doc->ntexts;
	s->item_end = doc->nitems;
}

static void open_section(struct walker *w, enum prgate_md_kind kind, int level,
			 const char *name, size_t len, int line, int col)
{
	struct prgate_md_doc *doc = w->doc;
	struct prgate_md_section *s;

	while (w->nopen && doc->sections[innermost(w)].level >= level)
		close_section(w);
	if (doc->nsections == doc->sections_alloc)
		doc->sections = xgrow(doc->sections, sizeof(*doc->sections),
				      doc->nsections + 1, &doc->sections_alloc);
	s = &doc->sections[doc->nsections];
	s->kind = kind;
	s->level = level;
	s->name = prgate_arena_strndup(&doc->text_arena, name, len);
	s->key = key_of(w, s->name, len);
	if (kind != PRGATE_MD_ROOT)
		clamp_pos(w, &line, &col);
	s->line = line;
	s->col = col;
	s->parent = w->nopen ? innermost(w) : -1;
	s->list = 0;
	if (kind == PRGATE_MD_FIELD && w->para_frame >= 0 &&
	    (size_t)w->para_frame < w->nframes &&
	    w->frames[w->para_frame].line == line)
		s->list = w->frames[w->para_frame].list;
	s->child_end = doc->nsections + 1;
	s->text_begin = s->text_end = doc->ntexts;
	s->item_begin = s->item_end = doc->nitems;
	if (w->nopen == w->open_alloc)
		w->open = xgrow(w->open, sizeof(*w->open), w->nopen + 1,
				&w->open_alloc);
	w->open[w->nopen++] = (int)doc->nsections++;
}

static void flush_run(struct walker *w)
{
	if (!w->run_len)
		return;
	add_text(w, w->run_ptr, w->run_len, w->run_line, w->run_col, 0);
	if (w->npieces) {
		struct prgate_md_text *t = &w->doc->texts[w->doc->ntexts - 1];
		struct prgate_md_piece *p =
		    arena_pieces(&w->doc->arena, w->npieces);
		memcpy(p, w->pieces, w->npieces * sizeof(*p));
		for (size_t i = 0; i < w->npieces; i++)
			if (p[i].col < 1)
				p[i].col = 1;
		t->pieces = p;
		t->npieces = w->npieces;
		w->npieces = 0;
	}
	w->run_len = 0;
	strbuf_reset(&w->run);
}

/*
 * The end of a paragraph segment: the part of a paragraph before its
 * first field label, or after one.
 */
static void flush_segment(struct walker *w)
{
	size_t len = w->item.len;
	const char *s = trim(w->item.buf, &len);

	if (w->para_frame >= 0 && w->frames[w->para_frame].pending) {
		/* a list item's first paragraph: the item's own text */
		struct item_frame *f = &w->frames[w->para_frame];
		if (!w->after_label || len)
			add_frame_item(w, f, s, len);
		f->pending = 0;
	} else if (len && (!w->nframes || w->after_label)) {
		add_item(w, s, len, w->item_line, w->item_col, (int)w->nframes);
	}
	strbuf_reset(&w->item);
	w->item_line = 0;
}

/* Note the start of content in the current item segment. */
static void item_mark(struct walker *w, int line, int col)
{
	if (!w->item_line) {
		w->item_line = line;
		w->item_col = col;
	}
}

/* Add s as content at line:col: to the run and the item text. */
static void add_content(struct walker *w, const char *s, size_t len, int col)
{
	if (!len)
		return;
	if (!w->run_len) {
		w->run_line = w->line;
		w->run_col = col;
		w->run_ptr = s;
		w->run_len = len;
	} else {
		/* a second piece: merge in the buffer, note where it starts */
		if (w->npieces + 2 > w->pieces_alloc)
			w->pieces = xgrow(w->pieces, sizeof(*w->pieces),
					  w->npieces + 2, &w->pieces_alloc);
		if (!w->npieces) {
			w->pieces[0].off = 0;
			w->pieces[0].col = w->run_col;
			w->npieces = 1;
		}
		w->pieces[w->npieces].off = w->run_len;
		w->pieces[w->npieces++].col = col;
		if (w->run_ptr != w->run.buf)
			strbuf_add(&w->run, w->run_ptr, w->run_len);
		strbuf_add(&w->run, s, len);
		w->run_ptr = w->run.buf;
		w->run_len = w->run.len;
	}
	if (w->ctx_kind == CTX_PARA) {
		size_t skip = 0;
		if (w->eat_space)
			while (skip < len && s[skip] == ' ')
				skip++;
		w->eat_space = 0;
		item_mark(w, w->line, col);
		strbuf_add(&w->item, s + skip, len - skip);
	}
	if (w->nlinks && !w->links[w->nlinks - 1].col) {
		w->links[w->nlinks - 1].line = w->line;
		w->links[w->nlinks - 1].col = col;
	}
}

static int naming(const struct walker *w)
{
	return w->ctx_kind == CTX_HEADING || w->label;
}

static void on_text(struct walker *w, cmark_node *node)
{
	size_t len, off = 0;
	const char *lit = literal_of(node, &len);
	int col;

	if (!len)
		return;
	col = resolve_col(w, inline_col(w, node), lit, len);
	w->cursor = col + (int)len;
	if (naming(w)) {
		strbuf_add(&w->name, lit, len);
		return;
	}
	if (w->struck)
		return; /* struck out: deleted */
	if (w->strip) {
		while (off < len && (lit[off] == ' ' || lit[off] == '\t'))
			off++;
		if (off < len && lit[off] == ':')
			off++;
		while (off < len && (lit[off] == ' ' || lit[off] == '\t'))
			off++;
		w->strip = 0;
	}
	add_content(w, lit + off, len - off, col + (int)off);
}

static void on_code(struct walker *w, cmark_node *node)
{
	size_t len, run = 0, longest = 0, word = 0;
	const char *lit = literal_of(node, &len);
	int col;

	/* a space in the literal may be a line end in the source */
	while (word < len && lit[word] != ' ')
		word++;
	col = resolve_col(w, inline_col(w, node), lit, word ? word : len);

	w->cursor = col + (int)len + 1;
	if (naming(w)) {
		strbuf_add(&w->name, lit, len);
		return;
	}
	if (w->struck)
		return;
	flush_run(w);
	if (len)
		add_text(w, lit, len, w->line, col, PRGATE_MD_CODE);
	if (w->nlinks && !w->links[w->nlinks - 1].col) {
		w->links[w->nlinks - 1].line = w->line;
		w->links[w->nlinks - 1].col = col;
	}
	if (w->ctx_kind != CTX_PARA)
		return;
	/* back into backticks, with a fence longer than any inside */
	for (size_t i = 0; i < len; i++) {
		run = lit[i] == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	item_mark(w, w->line, col);
	for (size_t i = 0; i <= longest; i++)
		strbuf_addch(&w->item, '`');
	if (len && (lit[0] == '`' || lit[len - 1] == '`'))
		strbuf_addch(&w->item, ' ');
	strbuf_add(&w->item, lit, len);
	if (len && (lit[0] == '`' || lit[len - 1] == '`'))
		strbuf_addch(&w->item, ' ');
	for (size_t i = 0; i <= longest; i++)
		strbuf_addch(&w->item, '`');
}

/*
 * Where the HTML construct at s[i] ('<', not a comment) ends: a tag with
 * its attributes (a quoted value may hold '>' or "<!--": that is text,
 * not a comment, as GitHub renders it), a declaration, a processing
 * instruction or CDATA. A '<' that starts none of them is text.
 */
static size_t skip_markup(const char *s, size_t len, size_t i)
{
	const char *close = ">", *p;
	size_t start = i;

	if (i + 1 < len && s[i + 1] == '?') {
		close = "?>";
	} else if (len - i >= 9 && !memcmp(s + i, "<![CDATA[", 9)) {
		close = "]]>";
	} else if (i + 1 < len && s[i + 1] == '!') {
		close = ">";
	} else if (i + 1 < len &&
		   (isalpha((unsigned char)s[i + 1]) || s[i + 1] == '/')) {
		char q = 0;
		int after_eq = 0;
		for (i++; i < len; i++) {
			char c = s[i];
			if (q) {
				if (c == q)
					q = 0;
			} else if (after_eq && (c == '"' || c == '\'')) {
				q = c;
			} else if (c == '>') {
				return i + 1;
			}
			if (!q && c == '=')
				after_eq = 1;
			else if (!q && c != ' ' && c != '\t' && c != '\n')
				after_eq = 0;
		}
		return len;
	} else {
		return i + 1;
	}
	p = memmem(s + start + 2, len - start - 2, close, strlen(close));
	return p ? (size_t)(p - s) + strlen(close) : len;
}

/*
 * Record the HTML comments in s (an HTML block or inline HTML) that
 * starts at line:col; later lines are taken to start at column col too.
 * Only what GitHub renders as a comment counts: "<!--" inside a tag's
 * attribute value is text.
 */
static void scan_comments(struct walker *w, const char *s, size_t len, int line,
			  int col)
{
	size_t i = 0, bol = 0;

	while (i < len) {
		const char *lt = memchr(s + i, '<', len - i);
		const char *open, *inner, *close, *end = s + len;
		size_t at, next;
		int l, c;
		size_t inner_len;

		if (!lt)
			break;
		at = (size_t)(lt - s);
		if (len - at < 4 || memcmp(lt, "<!--", 4)) {
			next = skip_markup(s, len, at);
		} else {
			open = lt;
			for (; i < at; i++) {
				if (s[i] == '\n') {
					line++;
					bol = i + 1;
				}
			}
			l = line;
			c = col + (int)(at - bol);
			if (!source_has(w, l, c, "<!--", 4)) {
				int f = source_find(w, l, 1, "<!--", 4);
				if (f)
					c = f;
			}
			inner = open + 4;
			if (inner < end && *inner == '>') {
				/* <!--> */
				close = inner;
				next = (size_t)(inner + 1 - s);
			} else if (end - inner >= 2 &&
				   !memcmp(inner, "->", 2)) {
				/* <!---> */
				close = inner;
				next = (size_t)(inner + 2 - s);
			} else {
				close = memmem(inner, (size_t)(end - inner),
					       "-->", 3);
				if (!close)
					close = end;
				next = close == end ? len
						    : (size_t)(close + 3 - s);
			}
			inner_len = (size_t)(close - inner);
			add_comment(w, inner, inner_len, l, c);
		}
		/* keep counting lines through what was skipped */
		for (; i < next; i++) {
			if (s[i] == '\n') {
				line++;
				bol = i + 1;
			}
		}
	}
}

static void on_html_inline(struct walker *w, cmark_node *node)
{
	size_t len;
	const char *lit = literal_of(node, &len);
	int col = resolve_col(w, inline_col(w, node), lit, len);
	int nl = 0;

	flush_run(w);
	if (len >= 4 && !memcmp(lit, "<!--", 4))
		scan_comments(w, lit, len, w->line, col);
	/* cut out of the item text: do not leave two spaces */
	w->eat_space = !w->item.len || w->item.buf[w->item.len - 1] == ' ';
	for (size_t i = 0; i < len; i++)
		nl += lit[i] == '\n';
	if (nl) {
		w->line += nl;
		w->cursor = 0;
	} else {
		w->cursor = col + (int)len;
	}
}

/* Is s (len bytes) only spaces and tabs? */
static int blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

/* Lead words of a note ("**Note:** ..."), not of a field. */
static const char *const note_words[] = {
    "note",	"important",  "warning",   "caution", "tip",
    "hint",	"reminder",   "attention", "nb",      "n.b.",
    "heads-up", "disclaimer", NULL};

/*
 * Does the bold's text look like a label: at most 8 words, no sentence
 * end inside it or at its end ('.', '!'), not a note's lead word?
 */
static int looks_like_label(cmark_node *strong)
{
	char buf[160];
	size_t n = 0, len;
	int words = 0, in_word = 0;
	cmark_node *c = node_first_child(strong);

	/* the text of the bold (its direct text, code and emphasis) */
	while (c) {
		cmark_node_type t = node_type(c);
		if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE) {
			const char *lit = literal_of(c, &len);
			if (n + len >= sizeof(buf))
				return 0; /* far too long for a label */
			memcpy(buf + n, lit, len);
			n += len;
		} else if (t == CMARK_NODE_SOFTBREAK ||
			   t == CMARK_NODE_LINEBREAK) {
			return 0;
		}
		if (node_first_child(c) && t != CMARK_NODE_CODE) {
			c = node_first_child(c);
			continue;
		}
		while (c != strong && !node_next(c))
			c = node_parent(c);
		if (c == strong)
			break;
		c = node_next(c);
	}
	while (n &&
	       (buf[n - 1] == ' ' || buf[n - 1] == ':' || buf[n - 1] == '\t'))
		n--;
	if (!n || buf[n - 1] == '.' || buf[n - 1] == '!')
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (buf[i] == ' ' || buf[i] == '\t') {
			in_word = 0;
			continue;
		}
		if ((buf[i] == '.' || buf[i] == '!' || buf[i] == '?') &&
		    i + 1 < n && buf[i + 1] == ' ')
			return 0; /* a sentence ends inside */
		if (!in_word)
			words++;
		in_word = 1;
	}
	if (words > 8)
		return 0;
	for (size_t k = 0; note_words[k]; k++) {
		size_t wl = strlen(note_words[k]);
		if (n >= wl && !strncasecmp(buf, note_words[k], wl) &&
		    (n == wl || buf[wl] == ' ' || buf[wl] == ':'))
			return 0;
	}
	return 1;
}

/*
 * Is this bold (first on its line of a paragraph) a field label: ':' or
 * '?' at the end inside it, or ':' right after it, or nothing but blanks
 * and HTML comments up to the end of its line; and does it look like one?
 */
static int is_label(cmark_node *strong)
{
	cmark_node *n = strong, *c;
	const char *lit;
	size_t len;

	if (!looks_like_label(strong))
		return 0;

	while ((c = node_last_child(n)))
		n = c;
	if (n != strong && node_type(n) == CMARK_NODE_TEXT) {
		lit = literal_of(n, &len);
		while (len && (lit[len - 1] == ' ' || lit[len - 1] == '\t'))
			len--;
		/* "**Risks:** ..." or a question, "**Reviewed?** yes" */
		if (len && (lit[len - 1] == ':' || lit[len - 1] == '?'))
			return 1;
	}
	for (n = node_next(strong); n; n = node_next(n)) {
		switch (node_type(n)) {
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			return 1;
		case CMARK_NODE_TEXT:
			lit = literal_of(n, &len);
			if (len && lit[0] == ':')
				return 1;
			if (!blank(lit, len))
				return 0;
			break;
		case CMARK_NODE_HTML_INLINE:
			lit = literal_of(n, &len);
			if (len < 4 || memcmp(lit, "<!--", 4))
				return 0;
			break;
		default:
			return 0;
		}
	}
	return 1;
}

static void on_strong(struct walker *w, cmark_node *node)
{
	int col = inline_col(w, node);

	if (w->ctx_kind != CTX_PARA || !w->bol || w->label ||
	    node_parent(node) != w->ctx || !is_label(node))
		return;
	if (!source_has(w, w->line, col, "**", 2) &&
	    !source_has(w, w->line, col, "__", 2)) {
		int f = source_find(w, w->line, w->cursor, "**", 2);
		if (!f)
			f = source_find(w, w->line, w->cursor, "__", 2);
		if (f)
			col = f;
		else if (!col)
			col = w->cursor ? w->cursor : 1;
	}
	/*
	 * In a task item only a line not indented into the item (a lazy
	 * continuation: the field written right after the list) has fields.
	 */
	if (w->task_depth && (w->line <= w->ctx_line || !w->nframes ||
			      col > w->frames[w->nframes - 1].col))
		return;
	flush_run(w);
	/* the segment before the label is an item of the enclosing section */
	{
		size_t len = w->item.len;
		trim(w->item.buf, &len);
		if (len)
			flush_segment(w);
		else
			strbuf_reset(&w->item);
		w->item_line = 0;
	}
	w->label = node;
	w->label_line = w->line;
	w->label_col = col;
	strbuf_reset(&w->name);
}

static void end_label(struct walker *w)
{
	size_t len = w->name.len;
	const char *s = trim(w->name.buf, &len);

	w->label = NULL;
	if (len && s[len - 1] == ':') {
		len--;
		s = trim(s, &len);
	}
	if (!len)
		return;
	open_section(w, PRGATE_MD_FIELD, PRGATE_MD_FIELD_LEVEL, s, len,
		     w->label_line, w->label_col);
	w->after_label = 1;
	w->strip = 1;
}

static void on_link_enter(struct walker *w, cmark_node *node)
{
	int col = inline_col(w, node);
	struct link_frame *l;

	flush_run(w);
	w->links =
	    xgrow(w->links, sizeof(*w->links), w->nlinks + 1, &w->links_alloc);
	l = &w->links[w->nlinks++];
	l->line = w->line;
	l->col = 0;
	if (col >= w->cursor && (source_has(w, w->line, col, "[", 1) ||
				 source_has(w, w->line, col, "<", 1) ||
				 source_has(w, w->line, col, "!", 1)))
		l->col = col;
}

static void on_link_exit(struct walker *w, cmark_node *node)
{
	struct link_frame l;
	size_t len;
	const char *url = url_of(node, &len);

	if (!w->nlinks)
		return;
	l = w->links[--w->nlinks];
	if (naming(w))
		return;
	flush_run(w);
	if (!l.col) {
		l.line = w->line;
		l.col = w->cursor ? w->cursor : 1;
	}
	if (len)
		add_text(w, url, len, l.line, l.col, PRGATE_MD_URL);
}

static void on_break(struct walker *w)
{
	flush_run(w);
	w->line++;
	w->cursor = 0;
	w->bol = 1;
	if (naming(w))
		strbuf_addch(&w->name, ' ');
	else if (w->ctx_kind == CTX_PARA)
		strbuf_addch(&w->item, ' ');
}

static void on_inline(struct walker *w, cmark_node *node, cmark_node_type type,
		      cmark_event_type ev)
{
	int line;

	if (!w->ctx)
		return;
	if (ev == CMARK_EVENT_EXIT) {
		if (node == w->label)
			end_label(w);
		else if (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE)
			on_link_exit(w, node);
		else if (w->struck && type == w->strike_type)
			w->struck--;
		return;
	}
	/* a later line than counted: a code span or HTML ran over a line end */
	line = node_start_line(node);
	if ((type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE ||
	     type == CMARK_NODE_HTML_INLINE) &&
	    line > w->line && line <= w->doc->nlines &&
	    (w->ctx_end < w->ctx_line || line <= w->ctx_end)) {
		flush_run(w);
		w->line = line;
		w->cursor = 0;
	}
	switch (type) {
	case CMARK_NODE_TEXT:
		on_text(w, node);
		break;
	case CMARK_NODE_SOFTBREAK:
	case CMARK_NODE_LINEBREAK:
		on_break(w);
		w->strip = 0;
		return;
	case CMARK_NODE_CODE:
		on_code(w, node);
		break;
	case CMARK_NODE_HTML_INLINE:
		on_html_inline(w, node);
		break;
	case CMARK_NODE_STRONG:
		on_strong(w, node);
		break;
	case CMARK_NODE_LINK:
	case CMARK_NODE_IMAGE:
		on_link_enter(w, node);
		break;
	default:
		if (!w->strike_type &&
		    !strcmp(cmark_node_get_type_string(node), "strikethrough"))
			w->strike_type = type;
		if (type == w->strike_type) {
			flush_run(w);
			w->struck++;
		}
		break;
	}
	w->bol = 0;
	w->first = 0;
	if (node != w->label)
		w->strip = 0;
}

static void enter_ctx(struct walker *w, cmark_node *node, enum ctx_kind kind)
{
	w->ctx = node;
	w->ctx_kind = kind;
	w->lost_cols = node_start_line(node) < 1;
	w->line = w->ctx_line = block_line(w, node);
	w->cursor = w->ctx_col = w->lost_cols ? 0 : node_col(node);
	w->ctx_end = cmark_node_get_end_line(node);
	w->bol = 1;
	w->first = 1;
	w->label = NULL;
	w->strip = 0;
	w->struck = 0;
	w->nlinks = 0;
	w->run_len = 0;
	w->npieces = 0;
	strbuf_reset(&w->run);
	strbuf_reset(&w->name);
}

static void on_code_block(struct walker *w, cmark_node *node)
{
	size_t len, i = 0;
	const char *lit = literal_of(node, &len);
	int line = block_line(w, node);
	int col = node_col(node);
	int fence_len, fence_off;
	char fence_char;
	struct prgate_md_item *it;

	add_item(w, lit, len && lit[len - 1] == '\n' ? len - 1 : len, line, col,
		 (int)w->nframes);
	it = &w->doc->items[w->doc->nitems - 1];
	it->is_code = 1;
	if (cmark_node_get_fenced(node, &fence_len, &fence_off, &fence_char))
		line++;
	while (i < len) {
		const char *nl = memchr(lit + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - lit) : len;
		if (end > i)
			add_text(w, lit + i, end - i, line, col,
				 PRGATE_MD_CODE);
		line++;
		i = end + 1;
	}
}

/* Tables and their cells (extension blocks); other blocks just nest. */
static void on_custom_block(struct walker *w, cmark_node *node,
			    cmark_node_type type)
{
	if (!w->table_type || !w->cell_type) {
		const char *name = cmark_node_get_type_string(node);
		if (!strcmp(name, "table"))
			w->table_type = type;
		else if (!strcmp(name, "table_cell"))
			w->cell_type = type;
	}
	if (type == w->table_type) {
		/* one line per row, the delimiter row after the header */
		int rows = 0;
		for (cmark_node *c = node_first_child(node); c;
		     c = node_next(c))
			rows++;
		w->header_row = node_first_child(node);
		w->header_line = cmark_node_get_end_line(node) - rows;
		w->header_lost = w->header_line >= 1 &&
				 w->header_line <= w->doc->nlines &&
				 w->header_line != node_start_line(node);
		w->cell_cursor = 0;
	} else if (type == w->cell_type) {
		enter_ctx(w, node, CTX_CELL);
		if (w->header_lost && node_parent(node) == w->header_row) {
			w->line = w->ctx_line = w->ctx_end = w->header_line;
			w->cursor = w->ctx_col = w->cell_cursor;
			w->lost_cols = 1;
		}
	}
}

static void on_block_enter(struct walker *w, cmark_node *node,
			   cmark_node_type type)
{
	struct item_frame *f;

	/* the first child block of a list item decides the item's text */
	if (w->nframes) {
		f = &w->frames[w->nframes - 1];
		if (!f->seen_child && node_parent(node) == f->node) {
			f->seen_child = 1;
			if (type != CMARK_NODE_PARAGRAPH && f->pending)
				add_frame_item(w, f, "", 0);
		}
	}
	switch (type) {
	case CMARK_NODE_ITEM: {
		cmark_node *list = node_parent(node);
		int list_no;
		w->frames = xgrow(w->frames, sizeof(*w->frames), w->nframes + 1,
				  &w->frames_alloc);
		f = &w->frames[w->nframes];
		/*
		 * The slot at this depth last held the previous item of the
		 * same list, unless this item starts a list.
		 */
		list_no = list && node_first_child(list) != node && f->list
			      ? f->list
			      : ++w->list_seq;
		memset(f, 0, sizeof(*f));
		f->list = list_no;
		f->node = node;
		f->line = block_line(w, node);
		f->col = node_col(node);
		f->depth = (int)w->nframes;
		f->is_task = ext_tasklist && cmark_node_get_syntax_extension(
						 node) == ext_tasklist;
		if (f->is_task) {
			f->checked =
			    cmark_gfm_extensions_get_tasklist_item_checked(
				node);
			w->task_depth++;
		}
		f->ordered = list && cmark_node_get_list_type(list) ==
					 CMARK_ORDERED_LIST;
		f->pending = 1;
		w->nframes++;
		break;
	}
	case CMARK_NODE_PARAGRAPH:
		enter_ctx(w, node, CTX_PARA);
		strbuf_reset(&w->item);
		w->item_line = 0;
		w->after_label = 0;
		w->eat_space = 0;
		w->para_frame = -1;
		if (w->nframes) {
			f = &w->frames[w->nframes - 1];
			if (f->pending && node_first_child(f->node) == node)
				w->para_frame = (int)w->nframes - 1;
		}
		break;
	case CMARK_NODE_HEADING:
		enter_ctx(w, node, CTX_HEADING);
		break;
	case CMARK_NODE_CODE_BLOCK:
		on_code_block(w, node);
		break;
	case CMARK_NODE_HTML_BLOCK: {
		size_t len;
		const char *lit = literal_of(node, &len);
		if (len)
			scan_comments(w, lit, len, block_line(w, node),
				      node_col(node));
		break;
	}
	default:
		on_custom_block(w, node, type);
		break;
	}
}

static void on_block_exit(struct walker *w, cmark_node *node,
			  cmark_node_type type)
{
	if (node == w->ctx) {
		flush_run(w);
		if (w->label) /* a label cut short: drop it */
			w->label = NULL;
		if (type == CMARK_NODE_PARAGRAPH) {
			flush_segment(w);
		} else if (type == CMARK_NODE_HEADING) {
			size_t len = w->name.len;
			const char *s = trim(w->name.buf, &len);
			open_section(w, PRGATE_MD_HEADING,
				     cmark_node_get_heading_level(node), s, len,
				     w->ctx_line, w->ctx_col);
		}
		if (type == w->cell_type)
			w->cell_cursor = w->cursor ? w->cursor + 1 : 0;
		w->ctx = NULL;
		w->ctx_kind = CTX_NONE;
		return;
	}
	if (type == CMARK_NODE_ITEM && w->nframes) {
		struct item_frame *f = &w->frames[w->nframes - 1];
		if (f->pending)
			add_frame_item(w, f, "", 0);
		if (f->is_task)
			w->task_depth--;
		w->nframes--;
	}
}

/* Nodes the iterator visits once (ENTER only): they never have children. */
static int is_leaf(cmark_node_type type)
{
	switch (type) {
	case CMARK_NODE_HTML_BLOCK:
	case CMARK_NODE_THEMATIC_BREAK:
	case CMARK_NODE_CODE_BLOCK:
	case CMARK_NODE_TEXT:
	case CMARK_NODE_SOFTBREAK:
	case CMARK_NODE_LINEBREAK:
	case CMARK_NODE_CODE:
	case CMARK_NODE_HTML_INLINE:
		return 1;
	default:
		return 0;
	}
}

static void visit(struct walker *w, cmark_node *node, cmark_node_type type,
		  cmark_event_type ev)
{
	if ((type & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_INLINE)
		on_inline(w, node, type, ev);
	else if (ev == CMARK_EVENT_ENTER)
		on_block_enter(w, node, type);
	else
		on_block_exit(w, node, type);
}

/*
 * Every node below root in document order, with the events cmark_iter
 * gives (ENTER, and EXIT after the children of all but leaves), walked
 * along the tree's own links: the handlers never change the tree.
 */
static void walk(struct walker *w, cmark_node *root)
{
	cmark_node *node = node_first_child(root);

	while (node) {
		cmark_node_type type = node_type(node);
		cmark_node *child;

		visit(w, node, type, CMARK_EVENT_ENTER);
		if (!is_leaf(type)) {
			child = node_first_child(node);
			if (child) {
				node = child;
				continue;
			}
			visit(w, node, type, CMARK_EVENT_EXIT);
		}
		while (!node_next(node)) {
			node = node_parent(node);
			if (!node || node == root)
				return;
			visit(w, node, node_type(node), CMARK_EVENT_EXIT);
		}
		node = node_next(node);
	}
}

/* Copy buf with CRLF and lone CR turned into LF; returns the new length. */
static size_t normalise(const char *buf, size_t len, char *out)
{
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\r') {
			out[o++] = '\n';
			if (i + 1 < len && buf[i + 1] == '\n')
				i++;
		} else {
			out[o++] = buf[i];
		}
	}
	return o;
}

/*
 * Index the lines of s (LF only, at most PRGATE_MD_MAX_BYTES) into
 * w->starts; returns how many there are.
 */
static int index_lines(struct walker *w, const char *s, size_t len)
{
	size_t n = 0;
	const char *p = s, *end = s + len;

	w->starts = xgrow(w->starts, sizeof(*w->starts), 2, &w->starts_alloc);
	w->starts[0] = 0;
	if (!len)
		return 0;
	while ((p = memchr(p, '\n', (size_t)(end - p)))) {
		p++;
		n++;
		if (n + 1 >= w->starts_alloc)
			w->starts = xgrow(w->starts, sizeof(*w->starts), n + 2,
					  &w->starts_alloc);
		w->starts[n] = (uint32_t)(p - s);
	}
	if (s[len - 1] != '\n')
		w->starts[++n] =
		    (uint32_t)len + 1; /* as if a line end followed */
	return (int)n;
}

enum prgate_status prgate_md_parse(const char *buf, size_t len,
				   struct prgate_md_doc **out,
				   struct prgate_error *err)
{
	struct walker w;
	struct scratch scratch;
	struct prgate_md_doc *doc;
	enum prgate_status st;
	char *copy = NULL;
	cmark_parser *parser;
	cmark_node *root;

	*out = NULL;
	if (len > PRGATE_MD_MAX_BYTES)
		return prgate_md_validate(buf, len, err);
	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3)) {
		buf += 3;
		len -= 3;
	}
	st = prgate_md_validate(buf, len, err);
	if (st != PRGATE_OK)
		return st;
	if (len && memchr(buf, '\r', len)) {
		copy = xmalloc(len);
		len = normalise(buf, len, copy);
		buf = copy;
	}
	/* shapes cmark-gfm is slow on: refused before it sees them */
	st = prgate_md_guard(buf, len, err);
	if (st != PRGATE_OK) {
		free(copy);
		return st;
	}

	parser = new_parser();
	cmark_parser_feed(parser, buf, len);
	root = cmark_parser_finish(parser);
	cmark_parser_free(parser);
	if (!root) {
		st = prgate_error_set(err, PRGATE_ERR_INPUT,
				      "cannot parse the description");
		goto out;
	}

	doc = xmalloc(sizeof(*doc));
	memset(doc, 0, sizeof(*doc));
	take_spare_doc(doc);
	memset(&w, 0, sizeof(w));
	w.doc = doc;
	take_spare_scratch(&scratch);
	w.name = scratch.name;
	w.run = scratch.run;
	w.item = scratch.item;
	w.tmp = scratch.tmp;
	w.open = scratch.open;
	w.open_alloc = scratch.open_alloc;
	w.frames = scratch.frames;
	w.frames_alloc = scratch.frames_alloc;
	w.links = scratch.links;
	w.links_alloc = scratch.links_alloc;
	w.pieces = scratch.pieces;
	w.pieces_alloc = scratch.pieces_alloc;
	w.starts = scratch.starts;
	w.starts_alloc = scratch.starts_alloc;
	/* sized for a typical description, so small ones never grow */
	prgate_arena_reserve(&doc->arena, len < PRGATE_ARENA_CHUNK / 2
					      ? 2 * len + 256
					      : PRGATE_ARENA_CHUNK);
	prgate_arena_reserve(&doc->text_arena, len < PRGATE_ARENA_CHUNK
						   ? len + 256
						   : PRGATE_ARENA_CHUNK);
	doc->texts = xgrow(doc->texts, sizeof(*doc->texts), len / 24 + 16,
			   &doc->texts_alloc);
	doc->items = xgrow(doc->items, sizeof(*doc->items), len / 48 + 8,
			   &doc->items_alloc);
	doc->sections = xgrow(doc->sections, sizeof(*doc->sections),
			      len / 256 + 8, &doc->sections_alloc);
	w.src = buf;
	w.srclen = len;
	w.para_frame = -1;
	doc->nlines = index_lines(&w, buf, len);
	w.cur_line = 0; /* seek_line() sets the cursor */

	open_section(&w, PRGATE_MD_ROOT, 0, "", 0, 1, 1);
	walk(&w, root);
	while (w.nopen)
		close_section(&w);
	cmark_node_free(root);

	scratch.name = w.name;
	scratch.run = w.run;
	scratch.item = w.item;
	scratch.tmp = w.tmp;
	scratch.open = w.open;
	scratch.open_alloc = w.open_alloc;
	scratch.frames = w.frames;
	scratch.frames_alloc = w.frames_alloc;
	scratch.links = w.links;
	scratch.links_alloc = w.links_alloc;
	scratch.pieces = w.pieces;
	scratch.pieces_alloc = w.pieces_alloc;
	scratch.starts = w.starts;
	scratch.starts_alloc = w.starts_alloc;
	keep_spare_scratch(&scratch);
	*out = doc;
	st = PRGATE_OK;
out:
	free(copy);
	return st;
}

void prgate_md_free(struct prgate_md_doc *doc)
{
	if (!doc)
		return;
	if (keep_spare_doc(doc)) {
		free(doc);
		return;
	}
	free(doc->sections);
	free(doc->texts);
	free(doc->items);
	free(doc->comments);
	prgate_arena_release(&doc->arena);
	prgate_arena_release(&doc->text_arena);
	free(doc);
}

int prgate_md_text_col(const struct prgate_md_text *t, size_t off)
{
	size_t lo = 0, hi = t->npieces;

	if (!t->npieces)
		return t->col + (int)off;
	/* the last piece that starts at or before off */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->pieces[mid].off <= off)
			lo = mid;
		else
			hi = mid;
	}
	return t->pieces[lo].col + (int)(off - t->pieces[lo].off);
}

const char *prgate_md_text_stretch(const struct prgate_md_doc *doc,
				   const void **cursor, size_t *len)
{
	return prgate_arena_next(&doc->text_arena, cursor, len);
}
