/*
 * test_md.c - the Markdown model: sections and fields, texts, items and
 * comments with their positions, line ends, and the input checks.
 */
#include "linter/md.h"
#include "test.h"

#include <stdlib.h>
#include <string.h>

#define CHECK_SECTION(d, i, kind_, level_, name_, key_, line_, col_, parent_,  \
		      child_end_)                                              \
	do {                                                                   \
		const struct prgate_md_section *s_ = &(d)->sections[i];        \
		CHECK_INT(s_->kind, kind_);                                    \
		CHECK_INT(s_->level, level_);                                  \
		CHECK_STR(s_->name, name_);                                    \
		CHECK_STR(s_->key, key_);                                      \
		CHECK_INT(s_->line, line_);                                    \
		CHECK_INT(s_->col, col_);                                      \
		CHECK_INT(s_->parent, parent_);                                \
		CHECK_INT(s_->child_end, child_end_);                          \
	} while (0)

#define CHECK_RANGES(d, i, tb, te, ib, ie)                                     \
	do {                                                                   \
		const struct prgate_md_section *s_ = &(d)->sections[i];        \
		CHECK_INT(s_->text_begin, tb);                                 \
		CHECK_INT(s_->text_end, te);                                   \
		CHECK_INT(s_->item_begin, ib);                                 \
		CHECK_INT(s_->item_end, ie);                                   \
	} while (0)

#define CHECK_TEXT(d, i, text_, line_, col_, flags_, section_)                 \
	do {                                                                   \
		const struct prgate_md_text *t_ = &(d)->texts[i];              \
		CHECK_STR(t_->text, text_);                                    \
		CHECK_INT(t_->len, strlen(text_));                             \
		CHECK_INT(t_->line, line_);                                    \
		CHECK_INT(t_->col, col_);                                      \
		CHECK_INT(t_->flags, flags_);                                  \
		CHECK_INT(t_->section, section_);                              \
	} while (0)

#define CHECK_ITEM(d, i, text_, line_, col_, depth_, task_, checked_, code_,   \
		   ordered_, section_)                                         \
	do {                                                                   \
		const struct prgate_md_item *it_ = &(d)->items[i];             \
		CHECK_STR(it_->text, text_);                                   \
		CHECK_INT(it_->line, line_);                                   \
		CHECK_INT(it_->col, col_);                                     \
		CHECK_INT(it_->depth, depth_);                                 \
		CHECK_INT(it_->is_task, task_);                                \
		CHECK_INT(it_->checked, checked_);                             \
		CHECK_INT(it_->is_code, code_);                                \
		CHECK_INT(it_->ordered, ordered_);                             \
		CHECK_INT(it_->section, section_);                             \
	} while (0)

#define CHECK_COMMENT(d, i, text_, line_, col_)                                \
	do {                                                                   \
		CHECK_STR((d)->comments[i].text, text_);                       \
		CHECK_INT((d)->comments[i].line, line_);                       \
		CHECK_INT((d)->comments[i].col, col_);                         \
	} while (0)

#define H PRGATE_MD_HEADING
#define F PRGATE_MD_FIELD

static struct prgate_md_doc *parse_len(const char *s, size_t len)
{
	struct prgate_md_doc *doc = NULL;
	struct prgate_error err;
	enum prgate_status st;

	prgate_error_clear(&err);
	st = prgate_md_parse(s, len, &doc, &err);
	CHECK_INT(st, PRGATE_OK);
	if (st != PRGATE_OK)
		fprintf(stderr, "  parse failed: %s\n", err.message);
	return doc;
}

static struct prgate_md_doc *parse(const char *s)
{
	return parse_len(s, strlen(s));
}

static void test_empty(void)
{
	struct prgate_md_doc *d = parse("");

	if (!d)
		return;
	CHECK_INT(d->nsections, 1);
	CHECK_SECTION(d, 0, PRGATE_MD_ROOT, 0, "", "", 1, 1, -1, 1);
	CHECK_RANGES(d, 0, 0, 0, 0, 0);
	CHECK_INT(d->ntexts, 0);
	CHECK_INT(d->nitems, 0);
	CHECK_INT(d->ncomments, 0);
	CHECK_INT(d->nlines, 0);
	prgate_md_free(d);
	prgate_md_free(NULL);

	d = parse("\n\n");
	if (!d)
		return;
	CHECK_INT(d->nsections, 1);
	CHECK_INT(d->nlines, 2);
	prgate_md_free(d);
}

static void test_headings(void)
{
	struct prgate_md_doc *d = parse("# One\n"
					"text\n"
					"## Two\n"
					"### Three\n"
					"## Four\n"
					"Five\n"
					"====\n"
					"body\n");

	if (!d)
		return;
	CHECK_INT(d->nlines, 8);
	CHECK_INT(d->nsections, 6);
	CHECK_SECTION(d, 0, PRGATE_MD_ROOT, 0, "", "", 1, 1, -1, 6);
	CHECK_SECTION(d, 1, H, 1, "One", "one", 1, 1, 0, 5);
	CHECK_SECTION(d, 2, H, 2, "Two", "two", 3, 1, 1, 4);
	CHECK_SECTION(d, 3, H, 3, "Three", "three", 4, 1, 2, 4);
	CHECK_SECTION(d, 4, H, 2, "Four", "four", 5, 1, 1, 5);
	CHECK_SECTION(d, 5, H, 1, "Five", "five", 6, 1, 0, 6);
	CHECK_RANGES(d, 0, 0, 2, 0, 2);
	CHECK_RANGES(d, 1, 0, 1, 0, 1);
	CHECK_RANGES(d, 2, 1, 1, 1, 1);
	CHECK_RANGES(d, 5, 1, 2, 1, 2);
	/* heading text is the section's name, not content */
	CHECK_INT(d->ntexts, 2);
	CHECK_TEXT(d, 0, "text", 2, 1, 0, 1);
	CHECK_TEXT(d, 1, "body", 8, 1, 0, 5);
	CHECK_INT(d->nitems, 2);
	CHECK_ITEM(d, 0, "text", 2, 1, 0, 0, 0, 0, 0, 1);
	CHECK_INT(prgate_md_own_text_end(d, 1), 1);
	CHECK_INT(prgate_md_own_text_end(d, 0), 0);
	prgate_md_free(d);

	/* names: plain text of the inlines, trimmed; emoji dropped by key */
	d = parse("## \xf0\x9f\x9a\x80 Roll-out plan\n"
		  "#   *Why* `this` [change](http://x) ##\n");
	if (!d)
		return;
	CHECK_INT(d->nsections, 3);
	CHECK_SECTION(d, 1, H, 2, "\xf0\x9f\x9a\x80 Roll-out plan",
		      "rolloutplan", 1, 1, 0, 2);
	CHECK_SECTION(d, 2, H, 1, "Why this change", "whythischange", 2, 1, 0,
		      3);
	CHECK_INT(d->ntexts, 0);
	prgate_md_free(d);
}

static void test_fields(void)
{
	struct prgate_md_doc *d;

	/* two fields in one paragraph, split at the soft break */
	d = parse("## Risks\n"
		  "**A**: x\n"
		  "**B**: y\n");
	if (!d)
		return;
	CHECK_INT(d->nsections, 4);
	CHECK_SECTION(d, 1, H, 2, "Risks", "risks", 1, 1, 0, 4);
	CHECK_SECTION(d, 2, F, 7, "A", "a", 2, 1, 1, 3);
	CHECK_SECTION(d, 3, F, 7, "B", "b", 3, 1, 1, 4);
	CHECK_RANGES(d, 2, 0, 1, 0, 1);
	CHECK_RANGES(d, 3, 1, 2, 1, 2);
	CHECK_INT(d->ntexts, 2);
	CHECK_TEXT(d, 0, "x", 2, 8, 0, 2);
	CHECK_TEXT(d, 1, "y", 3, 8, 0, 3);
	CHECK_INT(d->nitems, 2);
	CHECK_ITEM(d, 0, "x", 2, 8, 0, 0, 0, 0, 0, 2);
	CHECK_ITEM(d, 1, "y", 3, 8, 0, 0, 0, 0, 0, 3);
	prgate_md_free(d);

	/* ": None" becomes "None"; a label alone on its line; hard breaks */
	d = parse("**Deployment risks**: None\n"
		  "some `code` here XXX\n"
		  "**Empty**:\n"
		  "**Alone**  \n"
		  "text\n");
	if (!d)
		return;
	CHECK_INT(d->nsections, 4);
	CHECK_SECTION(d, 1, F, 7, "Deployment risks", "deploymentrisks", 1, 1,
		      0, 2);
	CHECK_SECTION(d, 2, F, 7, "Empty", "empty", 3, 1, 0, 3);
	CHECK_SECTION(d, 3, F, 7, "Alone", "alone", 4, 1, 0, 4);
	CHECK_INT(d->ntexts, 5);
	CHECK_TEXT(d, 0, "None", 1, 23, 0, 1);
	CHECK_TEXT(d, 1, "some ", 2, 1, 0, 1);
	CHECK_TEXT(d, 2, "code", 2, 7, PRGATE_MD_CODE, 1);
	CHECK_TEXT(d, 3, " here XXX", 2, 12, 0, 1);
	CHECK_TEXT(d, 4, "text", 5, 1, 0, 3);
	CHECK_RANGES(d, 2, 4, 4, 1, 1);
	CHECK_INT(d->nitems, 2);
	CHECK_ITEM(d, 0, "None some `code` here XXX", 1, 23, 0, 0, 0, 0, 0, 1);
	CHECK_ITEM(d, 1, "text", 5, 1, 0, 0, 0, 0, 0, 3);
	prgate_md_free(d);

	/* **Label:** form; bold in the middle of a line is not a field */
	d = parse("see **bold**: no\n"
		  "\n"
		  "**Label:** value *em*\n"
		  "**Not** a field\n");
	if (!d)
		return;
	CHECK_INT(d->nsections, 2);
	CHECK_SECTION(d, 1, F, 7, "Label", "label", 3, 1, 0, 2);
	CHECK_INT(d->ntexts, 3);
	CHECK_TEXT(d, 0, "see bold: no", 1, 1, 0, 0);
	CHECK_TEXT(d, 1, "value em", 3, 12, 0, 1);
	CHECK_TEXT(d, 2, "Not a field", 4, 3, 0, 1);
	CHECK_INT(d->nitems, 2);
	CHECK_ITEM(d, 0, "see bold: no", 1, 1, 0, 0, 0, 0, 0, 0);
	CHECK_ITEM(d, 1, "value em Not a field", 3, 12, 0, 0, 0, 0, 0, 1);
	prgate_md_free(d);

	/* a bold task item is not a field */
	d = parse("- [ ] **Task**: t\n");
	if (!d)
		return;
	CHECK_INT(d->nsections, 1);
	CHECK_INT(d->ntexts, 1);
	CHECK_TEXT(d, 0, "Task: t", 1, 9, PRGATE_MD_TASK, 0);
	CHECK_INT(d->nitems, 1);
	CHECK_ITEM(d, 0, "Task: t", 1, 1, 0, 1, 0, 0, 0, 0);
	prgate_md_free(d);

	/* text before a label on the same paragraph stays outside */
	d = parse("intro\n"
		  "**A**: x\n");
	if (!d)
		return;
	CHECK_INT(d->nsections, 2);
	CHECK_SECTION(d, 1, F, 7, "A", "a", 2, 1, 0, 2);
	CHECK_INT(d->nitems, 2);
	CHECK_ITEM(d, 0, "intro", 1, 1, 0, 0, 0, 0, 0, 0);
	CHECK_ITEM(d, 1, "x", 2, 8, 0, 0, 0, 0, 0, 1);
	prgate_md_free(d);
}

static void test_field_names(void)
{
	/* link and code in a label; __strong__; no URL text from a label */
	struct prgate_md_doc *d = parse("**[Issue](http://x)**: y\n"
					"**`cfg` name**:\n"
					"- item\n"
					"\n"
					"__U__ <!-- hint -->\n"
					"under\n");

	if (!d)
		return;
	CHECK_INT(d->nsections, 4);
	CHECK_SECTION(d, 1, F, 7, "Issue", "issue", 1, 1, 0, 2);
	CHECK_SECTION(d, 2, F, 7, "cfg name", "cfgname", 2, 1, 0, 3);
	CHECK_SECTION(d, 3, F, 7, "U", "u", 5, 1, 0, 4);
	CHECK_INT(d->ntexts, 3);
	CHECK_TEXT(d, 0, "y", 1, 24, 0, 1);
	CHECK_TEXT(d, 1, "item", 3, 3, 0, 2);
	CHECK_TEXT(d, 2, "under", 6, 1, 0, 3);
	CHECK_INT(d->nitems, 3);
	CHECK_ITEM(d, 1, "item", 3, 1, 0, 0, 0, 0, 0, 2);
	CHECK_ITEM(d, 2, "under", 6, 1, 0, 0, 0, 0, 0, 3);
	CHECK_INT(d->ncomments, 1);
	CHECK_COMMENT(d, 0, "hint", 5, 7);
	prgate_md_free(d);

	/* link reference definitions do not shift the text's line */
	d = parse("[ref]: http://r\n"
		  "[b]: http://s\n"
		  "After &amp; \\*esc\n");
	if (!d)
		return;
	CHECK_INT(d->ntexts, 1);
	CHECK_TEXT(d, 0, "After & *esc", 3, 1, 0, 0);
	prgate_md_free(d);
}

static void test_field_lists(void)
{
	/* fields as list items; a field's value runs on past its list */
	struct prgate_md_doc *d = parse("# Plan\n"
					"- **Owner**: bob\n"
					"- **Steps**\n"
					"  - [ ] one\n"
					"  - [x] two\n"
					"\n"
					"after\n"
					"## Next\n");

	if (!d)
		return;
	CHECK_INT(d->nsections, 5);
	CHECK_SECTION(d, 1, H, 1, "Plan", "plan", 1, 1, 0, 5);
	CHECK_SECTION(d, 2, F, 7, "Owner", "owner", 2, 3, 1, 3);
	CHECK_SECTION(d, 3, F, 7, "Steps", "steps", 3, 3, 1, 4);
	CHECK_SECTION(d, 4, H, 2, "Next", "next", 8, 1, 1, 5);
	CHECK_RANGES(d, 2, 0, 1, 0, 1);
	CHECK_RANGES(d, 3, 1, 4, 1, 4);
	CHECK_RANGES(d, 4, 4, 4, 4, 4);
	CHECK_INT(d->ntexts, 4);
	CHECK_TEXT(d, 0, "bob", 2, 14, 0, 2);
	CHECK_TEXT(d, 1, "one", 4, 9, PRGATE_MD_TASK, 3);
	CHECK_TEXT(d, 2, "two", 5, 9, PRGATE_MD_TASK, 3);
	CHECK_TEXT(d, 3, "after", 7, 1, 0, 3);
	CHECK_INT(d->nitems, 4);
	/* the field's list item is the value; "- **Steps**" has none */
	CHECK_ITEM(d, 0, "bob", 2, 1, 0, 0, 0, 0, 0, 2);
	CHECK_ITEM(d, 1, "one", 4, 3, 1, 1, 0, 0, 0, 3);
	CHECK_ITEM(d, 2, "two", 5, 3, 1, 1, 1, 0, 0, 3);
	CHECK_ITEM(d, 3, "after", 7, 1, 0, 0, 0, 0, 0, 3);
	prgate_md_free(d);
}

static void test_tasks(void)
{
	struct prgate_md_doc *d = parse("1. [ ] step\n"
					"2. [x] done\n"
					"\n"
					"- [x] a\n"
					"* [ ] b\n"
					"+ [X] c\n"
					"- plain\n"
					"  1. nested\n"
					"     - [ ] deep\n");

	if (!d)
		return;
	CHECK_INT(d->nsections, 1);
	CHECK_INT(d->ntexts, 8);
	CHECK_TEXT(d, 0, "step", 1, 8, PRGATE_MD_TASK, 0);
	CHECK_TEXT(d, 1, "done", 2, 8, PRGATE_MD_TASK, 0);
	CHECK_TEXT(d, 2, "a", 4, 7, PRGATE_MD_TASK, 0);
	CHECK_TEXT(d, 3, "b", 5, 7, PRGATE_MD_TASK, 0);
	CHECK_TEXT(d, 4, "c", 6, 7, PRGATE_MD_TASK, 0);
	CHECK_TEXT(d, 5, "plain", 7, 3, 0, 0);
	CHECK_TEXT(d, 6, "nested", 8, 6, 0, 0);
	CHECK_TEXT(d, 7, "deep", 9, 12, PRGATE_MD_TASK, 0);
	CHECK_INT(d->nitems, 8);
	CHECK_ITEM(d, 0, "step", 1, 1, 0, 1, 0, 0, 1, 0);
	CHECK_ITEM(d, 1, "done", 2, 1, 0, 1, 1, 0, 1, 0);
	CHECK_ITEM(d, 2, "a", 4, 1, 0, 1, 1, 0, 0, 0);
	CHECK_ITEM(d, 3, "b", 5, 1, 0, 1, 0, 0, 0, 0);
	CHECK_ITEM(d, 4, "c", 6, 1, 0, 1, 1, 0, 0, 0);
	CHECK_ITEM(d, 5, "plain", 7, 1, 0, 0, 0, 0, 0, 0);
	CHECK_ITEM(d, 6, "nested", 8, 3, 1, 0, 0, 0, 1, 0);
	CHECK_ITEM(d, 7, "deep", 9, 6, 2, 1, 0, 0, 0, 0);
	prgate_md_free(d);

	/* empty task items, and a later paragraph of an item is no item */
	d = parse("- [x] \n"
		  "- [ ] <!-- step -->\n"
		  "- first\n"
		  "\n"
		  "  second\n");
	if (!d)
		return;
	CHECK_INT(d->nitems, 3);
	CHECK_ITEM(d, 0, "", 1, 1, 0, 1, 1, 0, 0, 0);
	CHECK_ITEM(d, 1, "", 2, 1, 0, 1, 0, 0, 0, 0);
	CHECK_ITEM(d, 2, "first", 3, 1, 0, 0, 0, 0, 0, 0);
	CHECK_INT(d->ntexts, 2);
	CHECK_TEXT(d, 1, "second", 5, 3, 0, 0);
	CHECK_INT(d->ncomments, 1);
	CHECK_COMMENT(d, 0, "step", 2, 7);
	prgate_md_free(d);
}

static void test_comments(void)
{
	struct prgate_md_doc *d = parse("<!--  block\n"
					"note -->\n"
					"Say <!-- inline --> hi <br> there\n"
					"\n"
					"## Title <!-- hint -->\n"
					"> <!-- prgate-allow wip: demo -->\n"
					"\n"
					"<!---->\n"
					"`<!-- code -->`\n");

	if (!d)
		return;
	CHECK_INT(d->ncomments, 5);
	CHECK_COMMENT(d, 0, "block\nnote", 1, 1);
	CHECK_COMMENT(d, 1, "inline", 3, 5);
	CHECK_COMMENT(d, 2, "hint", 5, 10);
	CHECK_COMMENT(d, 3, "prgate-allow wip: demo", 6, 3);
	CHECK_COMMENT(d, 4, "", 8, 1);
	CHECK_INT(d->nsections, 2);
	CHECK_SECTION(d, 1, H, 2, "Title", "title", 5, 1, 0, 2);
	CHECK_INT(d->ntexts, 4);
	CHECK_TEXT(d, 0, "Say ", 3, 1, 0, 0);
	CHECK_TEXT(d, 1, " hi ", 3, 20, 0, 0);
	CHECK_TEXT(d, 2, " there", 3, 28, 0, 0);
	CHECK_TEXT(d, 3, "<!-- code -->", 9, 2, PRGATE_MD_CODE, 1);
	CHECK_INT(d->nitems, 2);
	CHECK_ITEM(d, 0, "Say hi there", 3, 1, 0, 0, 0, 0, 0, 0);
	CHECK_ITEM(d, 1, "`<!-- code -->`", 9, 2, 0, 0, 0, 0, 0, 1);
	prgate_md_free(d);

	/* an unclosed comment runs to the end */
	d = parse("text\n\n<!-- open\nstill\n");
	if (!d)
		return;
	CHECK_INT(d->ncomments, 1);
	CHECK_COMMENT(d, 0, "open\nstill", 3, 1);
	CHECK_INT(d->ntexts, 1);
	prgate_md_free(d);

	/* "<!--" in a tag's attribute is text, as GitHub renders it; a
	 * comment after the tag, on a later line too, is a comment */
	d = parse("<img alt=\"<!-- prgate-allow wip: a -->\" src=\"x.png\">\n"
		  "\n"
		  "<div title='a > <!-- b -->'\n"
		  "     data-x=\"1\"><!-- real -->\n"
		  "<p x=<!--y>z</p>\n"
		  "</div>\n");
	if (!d)
		return;
	CHECK_INT(d->ncomments, 1);
	if (d->ncomments == 1)
		CHECK_COMMENT(d, 0, "real", 4, 17);
	prgate_md_free(d);
}

static void test_code(void)
{
	struct prgate_md_doc *d = parse("Run `make x` now\n"
					"\n"
					"```sh\n"
					"ls -l\n"
					"\n"
					"echo hi\n"
					"```\n"
					"\n"
					"    indented\n"
					"\n"
					"- item\n"
					"\n"
					"  ~~~\n"
					"  in item\n"
					"  ~~~\n"
					"\n"
					"``a`b``\n");

	if (!d)
		return;
	CHECK_INT(d->ntexts, 9);
	CHECK_TEXT(d, 0, "Run ", 1, 1, 0, 0);
	CHECK_TEXT(d, 1, "make x", 1, 6, PRGATE_MD_CODE, 0);
	CHECK_TEXT(d, 2, " now", 1, 13, 0, 0);
	CHECK_TEXT(d, 3, "ls -l", 4, 1, PRGATE_MD_CODE, 0);
	CHECK_TEXT(d, 4, "echo hi", 6, 1, PRGATE_MD_CODE, 0);
	CHECK_TEXT(d, 5, "indented", 9, 5, PRGATE_MD_CODE, 0);
	CHECK_TEXT(d, 6, "item", 11, 3, 0, 0);
	CHECK_TEXT(d, 7, "in item", 14, 3, PRGATE_MD_CODE, 0);
	CHECK_TEXT(d, 8, "a`b", 17, 3, PRGATE_MD_CODE, 0);
	CHECK_INT(d->nitems, 6);
	CHECK_ITEM(d, 0, "Run `make x` now", 1, 1, 0, 0, 0, 0, 0, 0);
	CHECK_ITEM(d, 1, "ls -l\n\necho hi", 3, 1, 0, 0, 0, 1, 0, 0);
	CHECK_ITEM(d, 2, "indented", 9, 5, 0, 0, 0, 1, 0, 0);
	CHECK_ITEM(d, 3, "item", 11, 1, 0, 0, 0, 0, 0, 0);
	CHECK_ITEM(d, 4, "in item", 13, 3, 1, 0, 0, 1, 0, 0);
	CHECK_ITEM(d, 5, "``a`b``", 17, 3, 0, 0, 0, 0, 0, 0);
	prgate_md_free(d);
}

static void test_links(void)
{
	struct prgate_md_doc *d =
	    parse("See https://x.io/a and [docs](https://d.io \"t\") or "
		  "<https://z.io>.\n"
		  "www.w.org\n"
		  "![logo](img.png)\n");

	if (!d)
		return;
	CHECK_INT(d->ntexts, 14);
	CHECK_TEXT(d, 0, "See ", 1, 1, 0, 0);
	CHECK_TEXT(d, 1, "https://x.io/a", 1, 5, 0, 0);
	CHECK_TEXT(d, 2, "https://x.io/a", 1, 5, PRGATE_MD_URL, 0);
	CHECK_TEXT(d, 3, " and ", 1, 19, 0, 0);
	CHECK_TEXT(d, 4, "docs", 1, 25, 0, 0);
	CHECK_TEXT(d, 5, "https://d.io", 1, 24, PRGATE_MD_URL, 0);
	CHECK_TEXT(d, 6, " or ", 1, 48, 0, 0);
	CHECK_TEXT(d, 7, "https://z.io", 1, 53, 0, 0);
	CHECK_TEXT(d, 8, "https://z.io", 1, 52, PRGATE_MD_URL, 0);
	CHECK_TEXT(d, 9, ".", 1, 66, 0, 0);
	CHECK_TEXT(d, 10, "www.w.org", 2, 1, 0, 0);
	CHECK_TEXT(d, 11, "http://www.w.org", 2, 1, PRGATE_MD_URL, 0);
	CHECK_TEXT(d, 12, "logo", 3, 3, 0, 0);
	CHECK_TEXT(d, 13, "img.png", 3, 1, PRGATE_MD_URL, 0);
	CHECK_INT(d->nitems, 1);
	CHECK_ITEM(
	    d, 0, "See https://x.io/a and docs or https://z.io. www.w.org logo",
	    1, 1, 0, 0, 0, 0, 0, 0);
	prgate_md_free(d);
}

static void test_table(void)
{
	struct prgate_md_doc *d = parse("## \xf0\x9f\x9a\x80 Roll-out plan\n"
					"\n"
					"| Step | Owner |\n"
					"|------|-------|\n"
					"| deploy `app` | bob |\n");

	if (!d)
		return;
	CHECK_INT(d->nsections, 2);
	CHECK_STR(d->sections[1].key, "rolloutplan");
	CHECK_INT(d->ntexts, 5);
	CHECK_TEXT(d, 0, "Step", 3, 3, 0, 1);
	CHECK_TEXT(d, 1, "Owner", 3, 10, 0, 1);
	CHECK_TEXT(d, 2, "deploy ", 5, 3, 0, 1);
	CHECK_TEXT(d, 3, "app", 5, 11, PRGATE_MD_CODE, 1);
	CHECK_TEXT(d, 4, "bob", 5, 18, 0, 1);
	CHECK_INT(d->nitems, 0);
	prgate_md_free(d);

	/* a table right under a field label (cmark-gfm misplaces these) */
	d = parse("**Plan**: soon **x**\n"
		  "| Step | Owner |\n"
		  "|---|---|\n"
		  "| go | bob |\n");
	if (!d)
		return;
	CHECK_INT(d->nsections, 2);
	CHECK_SECTION(d, 1, F, 7, "Plan", "plan", 1, 1, 0, 2);
	CHECK_INT(d->ntexts, 5);
	CHECK_TEXT(d, 0, "soon x", 1, 11, 0, 1);
	CHECK_TEXT(d, 1, "Step", 2, 3, 0, 1);
	CHECK_TEXT(d, 2, "Owner", 2, 10, 0, 1);
	CHECK_TEXT(d, 3, "go", 4, 3, 0, 1);
	CHECK_TEXT(d, 4, "bob", 4, 8, 0, 1);
	CHECK_INT(d->nitems, 1);
	CHECK_ITEM(d, 0, "soon x", 1, 11, 0, 0, 0, 0, 0, 1);
	prgate_md_free(d);
}

static void test_quote(void)
{
	struct prgate_md_doc *d = parse("> quoted **text**\n"
					"lazy line\n"
					"> - in list\n");

	if (!d)
		return;
	CHECK_INT(d->ntexts, 3);
	CHECK_TEXT(d, 0, "quoted text", 1, 3, 0, 0);
	CHECK_TEXT(d, 1, "lazy line", 2, 1, 0, 0);
	CHECK_TEXT(d, 2, "in list", 3, 5, 0, 0);
	CHECK_INT(d->nitems, 2);
	CHECK_ITEM(d, 0, "quoted text lazy line", 1, 3, 0, 0, 0, 0, 0, 0);
	CHECK_ITEM(d, 1, "in list", 3, 3, 0, 0, 0, 0, 0, 0);
	prgate_md_free(d);
}

/* Every position and string of a and b is the same. */
static void check_same(const struct prgate_md_doc *a,
		       const struct prgate_md_doc *b)
{
	CHECK_INT(a->nlines, b->nlines);
	CHECK_INT(a->nsections, b->nsections);
	CHECK_INT(a->ntexts, b->ntexts);
	CHECK_INT(a->nitems, b->nitems);
	CHECK_INT(a->ncomments, b->ncomments);
	if (a->nsections != b->nsections || a->ntexts != b->ntexts ||
	    a->nitems != b->nitems || a->ncomments != b->ncomments)
		return;
	for (size_t i = 0; i < a->nsections; i++) {
		const struct prgate_md_section *x = &a->sections[i],
					       *y = &b->sections[i];
		CHECK_STR(x->name, y->name);
		CHECK_INT(x->line, y->line);
		CHECK_INT(x->col, y->col);
		CHECK_INT(x->child_end, y->child_end);
		CHECK_INT(x->text_end, y->text_end);
		CHECK_INT(x->item_end, y->item_end);
	}
	for (size_t i = 0; i < a->ntexts; i++) {
		CHECK_STR(a->texts[i].text, b->texts[i].text);
		CHECK_INT(a->texts[i].line, b->texts[i].line);
		CHECK_INT(a->texts[i].col, b->texts[i].col);
		CHECK_INT(a->texts[i].flags, b->texts[i].flags);
	}
	for (size_t i = 0; i < a->nitems; i++) {
		CHECK_STR(a->items[i].text, b->items[i].text);
		CHECK_INT(a->items[i].line, b->items[i].line);
		CHECK_INT(a->items[i].col, b->items[i].col);
	}
	for (size_t i = 0; i < a->ncomments; i++) {
		CHECK_STR(a->comments[i].text, b->comments[i].text);
		CHECK_INT(a->comments[i].line, b->comments[i].line);
		CHECK_INT(a->comments[i].col, b->comments[i].col);
	}
}

/* s with every LF replaced by eol. */
static char *with_eol(const char *s, const char *eol)
{
	struct strbuf sb = STRBUF_INIT;
	for (; *s; s++) {
		if (*s == '\n')
			strbuf_addstr(&sb, eol);
		else
			strbuf_addch(&sb, *s);
	}
	return strbuf_detach(&sb, NULL);
}

static void test_line_ends(void)
{
	static const char lf[] = "# Title\n"
				 "**A**: x\n"
				 "**B**: y `z`\n"
				 "\n"
				 "- [ ] step\n"
				 "\n"
				 "<!-- a\n"
				 "b -->\n"
				 "```\n"
				 "code\n"
				 "```\n"
				 "Setext\n"
				 "---\n"
				 "tail https://x.io";
	char *crlf = with_eol(lf, "\r\n"), *cr = with_eol(lf, "\r");
	char *bom = with_eol("\xef\xbb\xbf# Title\n**A**: x\n", "\n");
	struct prgate_md_doc *a = parse(lf), *b = parse(crlf), *c = parse(cr);
	struct prgate_md_doc *d = parse(bom);

	if (a && b && c) {
		CHECK_INT(a->nlines, 14);
		CHECK_INT(a->nsections, 5);
		CHECK_SECTION(a, 4, H, 2, "Setext", "setext", 12, 1, 1, 5);
		CHECK_TEXT(a, a->ntexts - 1, "https://x.io", 14, 6,
			   PRGATE_MD_URL, 4);
		CHECK_COMMENT(a, 0, "a\nb", 7, 1);
		check_same(a, b);
		check_same(a, c);
	}
	if (d) {
		CHECK_INT(d->nsections, 3);
		CHECK_SECTION(d, 1, H, 1, "Title", "title", 1, 1, 0, 3);
		CHECK_SECTION(d, 2, F, 7, "A", "a", 2, 1, 1, 3);
		CHECK_TEXT(d, 0, "x", 2, 8, 0, 2);
	}
	prgate_md_free(a);
	prgate_md_free(b);
	prgate_md_free(c);
	prgate_md_free(d);
	free(crlf);
	free(cr);
	free(bom);
}

static void check_error(const char *s, size_t len, enum prgate_status want,
			const char *message)
{
	static struct prgate_md_doc dummy;
	struct prgate_md_doc *d = &dummy;
	struct prgate_error err;

	prgate_error_clear(&err);
	CHECK_INT(prgate_md_validate(s, len, &err), want);
	CHECK_STR(err.message, message);
	prgate_error_clear(&err);
	CHECK_INT(prgate_md_parse(s, len, &d, &err), want);
	CHECK_STR(err.message, message);
	CHECK(d == NULL);
}

static void test_input_errors(void)
{
	char *big;

	check_error("ab\n\ncd\r\nxy\0z", 12, PRGATE_ERR_INPUT,
		    "NUL byte at line 4, column 3");
	check_error("ab\r\ncd\rxy\xff", 10, PRGATE_ERR_INPUT,
		    "invalid UTF-8 at line 3, column 3 (byte 0xff)");
	check_error("a\nb\nxxxxxx\xc3(", 12, PRGATE_ERR_INPUT,
		    "invalid UTF-8 at line 3, column 7 (byte 0xc3)");
	/* overlong, surrogate, over U+10FFFF, truncated, stray */
	check_error("a\xc0\x80", 3, PRGATE_ERR_INPUT,
		    "invalid UTF-8 at line 1, column 2 (byte 0xc0)");
	check_error("a\xe0\x80\x80", 4, PRGATE_ERR_INPUT,
		    "invalid UTF-8 at line 1, column 2 (byte 0xe0)");
	check_error("a\xed\xa0\x80", 4, PRGATE_ERR_INPUT,
		    "invalid UTF-8 at line 1, column 2 (byte 0xed)");
	check_error("a\xf4\x90\x80\x80", 5, PRGATE_ERR_INPUT,
		    "invalid UTF-8 at line 1, column 2 (byte 0xf4)");
	check_error("abcdefgh\xe2\x82", 10, PRGATE_ERR_INPUT,
		    "invalid UTF-8 at line 1, column 9 (byte 0xe2)");
	check_error("a\x80", 2, PRGATE_ERR_INPUT,
		    "invalid UTF-8 at line 1, column 2 (byte 0x80)");
	/* the longest valid sequences pass */
	CHECK_INT(prgate_md_validate("\xf4\x8f\xbf\xbf \xed\x9f\xbf \xc2\x80",
				     11, NULL),
		  PRGATE_OK);

	big = xcalloc(1, 17000000);
	memset(big, 'a', 17000000);
	check_error(big, 17000000, PRGATE_ERR_TOO_LARGE,
		    "description is 17000000 bytes, over the 16777216-byte "
		    "limit");
	free(big);
}

/* Refused by the guard before parsing (valid input otherwise). */
static void guard_error(const char *s, size_t len, const char *message)
{
	struct prgate_md_doc *d = NULL;
	struct prgate_error err;

	prgate_error_clear(&err);
	CHECK_INT(prgate_md_parse(s, len, &d, &err), PRGATE_ERR_INPUT);
	CHECK_STR(err.message, message);
	CHECK(d == NULL);
}

static void test_deep(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct prgate_md_doc *d;

	/* 64 levels are read (md_guard.h), more are refused */
	for (int i = 0; i < 64; i++)
		strbuf_addstr(&sb, "- ");
	strbuf_addstr(&sb, "x\n");
	d = parse_len(sb.buf, sb.len);
	if (d) {
		CHECK_INT(d->nitems, 64);
		CHECK_ITEM(d, 0, "", 1, 1, 0, 0, 0, 0, 0, 0);
		CHECK_ITEM(d, 63, "x", 1, 127, 63, 0, 0, 0, 0, 0);
		CHECK_INT(d->ntexts, 1);
		CHECK_TEXT(d, 0, "x", 1, 129, 0, 0);
	}
	prgate_md_free(d);
	strbuf_reset(&sb);
	for (int i = 0; i < 10000; i++)
		strbuf_addstr(&sb, "- ");
	strbuf_addstr(&sb, "x\n");
	guard_error(
	    sb.buf, sb.len,
	    "line 1: 10000 block quotes and list items open on one line "
	    "(at most 64)");

	strbuf_reset(&sb);
	for (int i = 0; i < 64; i++)
		strbuf_addstr(&sb, "> ");
	strbuf_addstr(&sb, "x\n");
	d = parse_len(sb.buf, sb.len);
	if (d) {
		CHECK_INT(d->nitems, 1);
		CHECK_ITEM(d, 0, "x", 1, 129, 0, 0, 0, 0, 0, 0);
	}
	prgate_md_free(d);
	strbuf_reset(&sb);
	for (int i = 0; i < 10000; i++)
		strbuf_addstr(&sb, "> ");
	strbuf_addstr(&sb, "x\n");
	guard_error(
	    sb.buf, sb.len,
	    "line 1: 10000 block quotes and list items open on one line "
	    "(at most 64)");

	strbuf_reset(&sb);
	for (int i = 0; i < 100000; i++)
		strbuf_addf(&sb, "%s h%d\ntext\n", i % 3 ? "##" : "#", i);
	d = parse_len(sb.buf, sb.len);
	if (d) {
		CHECK_INT(d->nsections, 100001);
		CHECK_INT(d->sections[0].child_end, 100001);
		CHECK_SECTION(d, 100000, H, 1, "h99999", "h99999", 199999, 1, 0,
			      100001);
		CHECK_SECTION(d, 99999, H, 2, "h99998", "h99998", 199997, 1,
			      99997, 100000);
		CHECK_INT(d->ntexts, 100000);
		CHECK_TEXT(d, 99999, "text", 200000, 1, 0, 100000);
		CHECK_INT(d->nlines, 200000);
	}
	prgate_md_free(d);
	strbuf_release(&sb);
}

/* Columns of bytes in a text merged across emphasis markers. */
static void test_text_columns(void)
{
	struct prgate_md_doc *d =
	    parse("Revert (_TODO_ ask) then T*B*D, see **v**X*X*.\n"
		  "plain text\n");

	if (!d)
		return;
	CHECK_INT(d->ntexts, 2);
	CHECK_TEXT(d, 0, "Revert (TODO ask) then TBD, see vXX.", 1, 1, 0, 0);
	/* R, the T of TODO (after '_'), the D of TBD, both X of **v**X*X* */
	CHECK_INT(prgate_md_text_col(&d->texts[0], 0), 1);
	CHECK_INT(prgate_md_text_col(&d->texts[0], 8), 10);
	CHECK_INT(prgate_md_text_col(&d->texts[0], 12), 15);
	CHECK_INT(prgate_md_text_col(&d->texts[0], 25), 30);
	CHECK_INT(prgate_md_text_col(&d->texts[0], 33), 42);
	CHECK_INT(prgate_md_text_col(&d->texts[0], 34), 44);
	CHECK_INT(d->texts[0].npieces > 1, 1);
	/* one piece: the text's column plus the offset */
	CHECK_TEXT(d, 1, "plain text", 2, 1, 0, 0);
	CHECK_INT(d->texts[1].npieces, 0);
	CHECK_INT(prgate_md_text_col(&d->texts[1], 6), 7);
	prgate_md_free(d);
}

/* Every text and section name lies whole in one stretch. */
static void test_text_stretches(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct prgate_md_doc *d;
	size_t n = 0, total = 0;

	strbuf_addstr(&sb, "# Heading one\n\nfirst `code` text\n\n");
	/* texts over half a chunk get chunks of their own */
	for (int i = 0; i < 40000; i++)
		strbuf_addch(&sb, 'a' + i % 26);
	strbuf_addstr(&sb, "\n\n**Field**: last\n\n");
	for (int i = 0; i < 40000; i++)
		strbuf_addch(&sb, 'z' - i % 26);
	strbuf_addch(&sb, '\n');
	d = parse_len(sb.buf, sb.len);
	if (d) {
		const void *cursor = NULL;
		const char *st;
		size_t len;
		int found[8] = {0};
		while ((st = prgate_md_text_stretch(d, &cursor, &len))) {
			n++;
			total += len;
			for (size_t i = 0; i < d->ntexts && i < 8; i++)
				if (d->texts[i].text >= st &&
				    d->texts[i].text + d->texts[i].len <
					st + len)
					found[i] = 1;
		}
		CHECK_INT(d->ntexts, 6);
		CHECK_INT(n >= 2, 1);
		for (size_t i = 0; i < d->ntexts && i < 8; i++)
			CHECK_INT(found[i], 1);
		/* texts and names with their NULs (the root's name is ""),
		 * nothing else */
		CHECK_INT(total, 1 + strlen("Heading one") + strlen("first ") +
				     strlen("code") + strlen(" text") + 40000 +
				     strlen("Field") + strlen("last") + 40000 +
				     8);
	}
	prgate_md_free(d);
	strbuf_release(&sb);
}

/* Buffers kept from one document do not leak into the next. */
static void test_reuse(void)
{
	struct prgate_md_doc *a, *b;

	a = parse("# A\n\n- [ ] one\n- [x] two\n\n<!-- c -->\n");
	if (!a)
		return;
	CHECK_INT(a->nitems, 2);
	CHECK_INT(a->ncomments, 1);
	prgate_md_free(a);
	b = parse("just *one* text\n");
	if (!b)
		return;
	CHECK_INT(b->nsections, 1);
	CHECK_INT(b->ntexts, 1);
	CHECK_TEXT(b, 0, "just one text", 1, 1, 0, 0);
	CHECK_INT(prgate_md_text_col(&b->texts[0], 5), 7);
	CHECK_INT(b->nitems, 1);
	CHECK_INT(b->ncomments, 0);
	/* two documents alive at once: the second gets fresh buffers */
	a = parse("# A\n\ntext a\n");
	if (a) {
		CHECK_TEXT(a, 0, "text a", 3, 1, 0, 1);
		CHECK_TEXT(b, 0, "just one text", 1, 1, 0, 0);
		prgate_md_free(a);
	}
	prgate_md_free(b);
}

static void test_parse_only(void)
{
	static const char s[] = "# T\n- [ ] x\n\n| a |\n|---|\n| b |\n";
	CHECK_INT(prgate_md_parse_only(s, sizeof(s) - 1), 0);
	CHECK_INT(prgate_md_parse_only("", 0), 0);
}

static void test_unicode_keys(void)
{
	struct strbuf k = STRBUF_INIT;
	const char *want = "na\xc4\x8drtuvajanja"; /* "načrtuvajanja" */

	/* capitals fold, NFD composes: one key for all three spellings */
	prgate_md_key("NA\xc4\x8cRT UVAJANJA", &k);
	CHECK_STR(k.buf, want);
	strbuf_reset(&k);
	prgate_md_key("Na\xc4\x8drt uvajanja", &k);
	CHECK_STR(k.buf, want);
	strbuf_reset(&k);
	prgate_md_key("NAC\xcc\x8cRT uvajanja", &k); /* C + U+030C */
	CHECK_STR(k.buf, want);
	strbuf_reset(&k);
	/* Greek and Cyrillic capitals; an uncomposable mark is kept */
	prgate_md_key("\xce\x94\xd0\x96", &k);
	CHECK_STR(k.buf, "\xce\xb4\xd0\xb6");
	strbuf_reset(&k);
	prgate_md_words("R\xc3\x89SUM\xc3\x89 (e\xcc\x81t\xc3\xa9)", &k);
	CHECK_STR(k.buf, "r\xc3\xa9sum\xc3\xa9 \xc3\xa9t\xc3\xa9");
	strbuf_release(&k);
}

static void test_label_looks(void)
{
	struct prgate_md_doc *d;

	/* a bold sentence, a bold note and a long bold run are content */
	d = parse("## Rollback\n\n"
		  "**If this needs more, you MUST say so. Otherwise, delete "
		  "this note.**\n\n"
		  "**Note:** deploys are frozen on Fridays.\n\n"
		  "**one two three four five six seven eight nine**\n\n"
		  "**Why is it needed?**\nBecause.\n");
	if (!d)
		return;
	CHECK_INT(d->nsections, 3);
	CHECK_SECTION(d, 2, F, 7, "Why is it needed?", "whyisitneeded", 9, 1, 1,
		      3);
	prgate_md_free(d);
}

static void test_field_after_tasks(void)
{
	struct prgate_md_doc *d;

	/* a field on the line after a task item, not indented: its own */
	d = parse("- [x] CI is green\n"
		  "**Deployment steps**:\n"
		  "1. [ ] Merge\n");
	if (!d)
		return;
	CHECK_INT(d->nsections, 2);
	CHECK_SECTION(d, 1, F, 7, "Deployment steps", "deploymentsteps", 2, 1,
		      0, 2);
	prgate_md_free(d);
	/* indented into the item: part of the task */
	d = parse("- [x] CI is green\n"
		  "  **Deployment steps**: merge\n");
	if (!d)
		return;
	CHECK_INT(d->nsections, 1);
	prgate_md_free(d);
}

static void test_item_lists(void)
{
	struct prgate_md_doc *d;

	/* items of one list share a number; another list has another */
	d = parse("- a\n- b\n  - c\n- d\n\ntext\n\n1. e\n");
	if (!d)
		return;
	CHECK_INT(d->nitems, 6);
	if (d->nitems == 6) {
		CHECK_INT(d->items[0].list == d->items[1].list, 1);
		CHECK_INT(d->items[1].list == d->items[3].list, 1);
		CHECK_INT(d->items[2].list != d->items[1].list, 1);
		CHECK_INT(d->items[4].list, 0);
		CHECK_INT(d->items[5].list != d->items[0].list, 1);
		CHECK_INT(d->items[5].list != 0, 1);
	}
	prgate_md_free(d);
}

void test_md(void)
{
	test_empty();
	test_headings();
	test_fields();
	test_field_names();
	test_field_lists();
	test_tasks();
	test_comments();
	test_code();
	test_links();
	test_table();
	test_quote();
	test_line_ends();
	test_input_errors();
	test_deep();
	test_text_columns();
	test_text_stretches();
	test_reuse();
	test_parse_only();
	test_unicode_keys();
	test_label_looks();
	test_field_after_tasks();
	test_item_lists();
}
