/*
 * md.h - the Markdown model: a PR description parsed by cmark-gfm and
 * flattened into what the rules need.
 *
 * This is the only module that includes cmark-gfm. It parses with the
 * table, strikethrough, autolink and tasklist extensions (as GitHub does)
 * and walks the tree once, iteratively (no recursion, so 10,000 nested
 * lists cannot overflow the stack), producing flat arrays in document
 * order:
 *
 *  - sections: section 0 is the whole document (level 0, name ""). Then
 *    every ATX or setext heading (level 1-6) and every *field*, in order.
 *    A field is a bold label at the start of a line - the first inline of
 *    a paragraph or the first after a soft/hard line break, or the first
 *    inline of a list item's first paragraph - that is followed by ':'
 *    (inside or right after the bold), ends in '?' inside the bold (a
 *    question: "**Reviewed?** yes"), or is followed by the end of its
 *    line, and
 *    that looks like a label: at most 8 words, no sentence end inside or
 *    at its end ('.' or '!'; a question mark is fine), and not a note's
 *    lead word (Note, Important, Warning, Caution, Tip, Hint, Reminder,
 *    Attention, NB). A bold sentence alone on its line is content.
 *    Task items never start fields, except on a line of their own that
 *    is not indented into the item (a lazy continuation line: the field
 *    written right after the list). Fields have level 7, so they nest under the
 *    nearest heading; a field's value runs to the next field or heading
 *    (including following lists and paragraphs). Sections nest by level:
 *    a section's descendants are sections [i + 1, child_end).
 *  - texts: every run of content text with its line and column, split at
 *    code spans, links and line breaks. Label text is not content. HTML
 *    comments (block or inline) are not content: they go to `comments`.
 *    Text struck out (~~text~~) is deleted, not content (a template's
 *    options struck out are options not chosen), except in names.
 *    Code spans and code blocks are content with PRGATE_MD_CODE set; link
 *    and autolink destinations are extra texts with PRGATE_MD_URL set.
 *    A field's value starts after its label; a leading ':' and the spaces
 *    after it are dropped.
 *  - items: the content units a checklist is made of: each paragraph that
 *    is not inside a list item, each list item (its first paragraph's
 *    inline text, with code spans back in backticks; nested lists are
 *    items of their own with depth + 1), and each code block. Task items
 *    carry is_task and checked (any bullet style and ordered lists).
 *
 * Every section's texts are [text_begin, text_end) and items
 * [item_begin, item_end); both ranges include the descendants'. A
 * section's *own* content ends where its first child's begins.
 *
 * Line numbers are 1-based lines of the input as given: CRLF and lone CR
 * line ends count as one line end, exactly like LF, so a CRLF body gives
 * the same positions as its LF twin. Columns are 1-based byte columns.
 *
 * Ownership: prgate_md_parse() returns a document the caller frees with
 * prgate_md_free(); every string in it is owned by the document (one
 * arena) and lives until then. Nothing points into the input buffer.
 */
#ifndef PRGATE_MD_H
#define PRGATE_MD_H

#include <stddef.h>

#include "support/arena.h"
#include "support/status.h"
#include "support/strbuf.h"

enum prgate_md_kind {
	PRGATE_MD_ROOT,
	PRGATE_MD_HEADING,
	PRGATE_MD_FIELD,
};

#define PRGATE_MD_FIELD_LEVEL 7

/* flags of a text */
#define PRGATE_MD_CODE 0x1 /* code span or code block: not scanned */
#define PRGATE_MD_URL 0x2  /* a link or autolink destination */
#define PRGATE_MD_TASK 0x4 /* inside a task item */

/* Where a piece of a merged text starts: its byte offset and column. */
struct prgate_md_piece {
	size_t off;
	int col;
};

/*
 * A run of text on one line. Pieces on either side of emphasis are one
 * text ("Work *In* Progress"), so its bytes and the source's columns part
 * ways at each marker: prgate_md_text_col() gives a byte's column.
 */
struct prgate_md_text {
	const char *text; /* NUL-terminated, owned by the document */
	size_t len;
	int line, col;
	int flags;
	int section;			      /* innermost section index */
	const struct prgate_md_piece *pieces; /* NULL when one piece */
	size_t npieces;
};

struct prgate_md_item {
	const char *text; /* Markdown-ish single line: code spans re-quoted */
	int line, col;
	int depth;   /* 0 = paragraph or top-level list item */
	int is_task; /* a GitHub task list item */
	int checked;
	int is_code; /* a code block; text is its literal */
	int ordered; /* item of an ordered list */
	/* the list it is an item of: the same number for the items of one
	 * list, different for different lists; 0 for a paragraph or code */
	int list;
	int section;
};

struct prgate_md_comment {
	const char *text; /* the inside of <!-- ... -->, trimmed */
	int line, col;
};

struct prgate_md_section {
	enum prgate_md_kind kind;
	int level;	  /* 0 root, 1-6 headings, 7 fields */
	const char *name; /* plain text of the heading or label, trimmed */
	const char *key;  /* prgate_md_key() of name */
	int line, col;	  /* of the heading or label */
	int parent;	  /* -1 for the root */
	int list;	  /* a field on a list item's first line: its list */
	size_t child_end;
	size_t text_begin, text_end;
	size_t item_begin, item_end;
};

struct prgate_md_doc {
	struct prgate_md_section *sections;
	size_t nsections;
	struct prgate_md_text *texts;
	size_t ntexts;
	struct prgate_md_item *items;
	size_t nitems;
	struct prgate_md_comment *comments;
	size_t ncomments;
	int nlines;
	/* private: the string arenas and the arrays' capacities */
	struct prgate_arena arena, text_arena;
	size_t sections_alloc, texts_alloc, items_alloc, comments_alloc;
};

/* Hard cap on a description's size; larger input is PRGATE_ERR_TOO_LARGE. */
#define PRGATE_MD_MAX_BYTES ((size_t)16 * 1024 * 1024)

/*
 * Check that buf is acceptable input: at most PRGATE_MD_MAX_BYTES, valid
 * UTF-8, no NUL bytes. On failure returns PRGATE_ERR_INPUT (or TOO_LARGE)
 * with a message naming line and column, e.g.
 * "invalid UTF-8 at line 3, column 7 (byte 0xff)".
 */
enum prgate_status prgate_md_validate(const char *buf, size_t len,
				      struct prgate_error *err);

/*
 * Parse buf (len bytes; a leading UTF-8 BOM is skipped; need not be
 * NUL-terminated) into *out. Calls prgate_md_validate() first. Returns
 * PRGATE_OK and sets *out, or an error status with err filled.
 */
enum prgate_status prgate_md_parse(const char *buf, size_t len,
				   struct prgate_md_doc **out,
				   struct prgate_error *err);
void prgate_md_free(struct prgate_md_doc *doc);

/* The source column of byte off of t's text. */
int prgate_md_text_col(const struct prgate_md_text *t, size_t off);

/*
 * The storage of every text (doc->texts) and section name, in stretches:
 * each such string lies whole and NUL-terminated inside one stretch, with
 * only other such strings and their NULs around it. So a pattern without
 * ^ or $ that finds nothing in any stretch matches no text and no name,
 * whatever the Markdown around it in the source (emphasis inside a word,
 * escapes, entities): rules test the stretches before they search text
 * by text. Start with *cursor NULL; returns NULL after the last stretch.
 */
const char *prgate_md_text_stretch(const struct prgate_md_doc *doc,
				   const void **cursor, size_t *len);

/*
 * Parse only, for the benchmark's baseline: cmark-gfm with the same
 * extensions, no model built. Returns 0 or -1.
 */
int prgate_md_parse_only(const char *buf, size_t len);

/*
 * The matching key of a section name: letters lowercased (ASCII, and the
 * Latin, Greek and Cyrillic capitals), a Latin letter and a combining
 * mark composed into one letter (so NFD and NFC spellings agree), digits
 * and other letters kept, and spaces, punctuation, symbols and emoji
 * dropped. "🚀 Roll-out plan:" -> "rolloutplan", "NAČRT" -> "načrt".
 */
void prgate_md_key(const char *name, struct strbuf *out);

/*
 * The form alias patterns are matched against: like the key but words
 * kept apart by single spaces. "🚀 Roll-out  plan:" -> "roll out plan".
 */
void prgate_md_words(const char *name, struct strbuf *out);
/*
 * name without its asides in parentheses ("Screenshots (if any)" is
 * "Screenshots "), appended to out; an unmatched ')' is dropped.
 */
void prgate_md_strip_asides(const char *name, struct strbuf *out);

/* One past the last text of section i's own content (before any child). */
static inline size_t prgate_md_own_text_end(const struct prgate_md_doc *d,
					    size_t i)
{
	const struct prgate_md_section *s = &d->sections[i];
	return s->child_end > i + 1 ? d->sections[i + 1].text_begin
				    : s->text_end;
}

#endif
