/*
 * schema.h - a PR template read as a schema: its sections, what each one
 * holds as the template wrote it, which ones the author may delete, and
 * whether a description's section is filled in.
 *
 * Filled in follows the author's edit, not the template's text: a
 * section is unfilled when what remains in it is only what the template
 * put there (prompt paragraphs, HTML comments, a table as it was, every
 * option of a list, unticked boxes) or nothing. Any text of the author's,
 * a ticked box, a list of options cut down to some of them, or a note
 * that asks to be deleted once dealt with and was deleted, or a line the
 * author edited, is an answer; so are standing statements ("unless
 * stated otherwise") and, in a section of a built-in role (rollback,
 * deploy steps, tests...), numbered steps that ask for nothing and
 * instructions to whoever deploys ("Revert ...", "Switch ..."), kept as
 * they are; and a section that is only a bulleted list of statements
 * (sentences of four words or more that ask for nothing, and no word
 * telling the author to pick) kept as it is. A section with no content of its
 * own answers through its subsections; a subsection the template does not have
 * is an answer.
 *
 * Sections the author may delete (PRGATE_SCHEMA_OPTIONAL): the template
 * says so ("(optional)", "(if applicable)" or another condition in the
 * heading's parentheses, "delete this section if ...", "remove it
 * otherwise", "only for ...", or <!-- prgate: optional --> in the
 * section), or a parent says to delete the subsections that do not
 * apply. Weaker hints (PRGATE_SCHEMA_MAYBE) - a prompt that starts or
 * ends with a condition ("If the UI changes, ...", "..., if any.") or a
 * name teams leave out as a
 * rule (Screenshots, Notes, Additional context, Open questions,
 * References) - make it optional only without a built-in role (the lint
 * driver decides). Boilerplate meant to stay (reminders, a reviewer
 * checklist, "for internal use only", "do not edit", "added by the bot",
 * a statement signed by leaving it, <!-- prgate: keep -->) is never
 * unfilled and may be deleted. <!-- prgate: required --> makes a section
 * required.
 *
 * Bold option labels: a list in a template section whose items all start
 * with a bold label ("- **Low risk:** ...") is a list of options of that
 * section, not fields of their own, when the labels end in the same word
 * or in a word of the section's name ("Low risk", "High risk" under
 * "Risk"; not "Deployment steps", "Deployment risks"), have nothing after
 * them, are each followed by a description (three words or more that ask
 * for nothing), or the section tells the author to keep, pick or delete
 * some.
 *
 * Ownership: prgate_schema_load() returns a schema the caller frees with
 * prgate_schema_free(); its strings live until then.
 */
#ifndef PRGATE_SCHEMA_H
#define PRGATE_SCHEMA_H

#include <stddef.h>

#include "linter/md.h"
#include "support/status.h"
#include "support/util.h"

/* What the template says about a section's presence. */
enum prgate_schema_presence {
	PRGATE_SCHEMA_UNMARKED, /* nothing: the policy and roles decide */
	PRGATE_SCHEMA_REQUIRED, /* <!-- prgate: required --> */
	PRGATE_SCHEMA_OPTIONAL, /* the template lets it be deleted */
	PRGATE_SCHEMA_MAYBE,	/* a weak hint only: optional unless a role */
	PRGATE_SCHEMA_BOILERPLATE, /* meant to stay as it is */
};

struct prgate_schema_item {
	const char *text; /* white space collapsed */
	int list;	  /* the template's list number, 0 for none */
	int list_size;	  /* items in that list (2 or more: options) */
	int is_task;
	int drop_note;	/* asks to be deleted once dealt with */
	int option;	/* for an option label: its schema section */
	int is_default; /* a numbered step that asks for nothing */
	int ordered;	/* an item of a numbered list: a step, not an option */
};

struct prgate_schema_section {
	const char *name; /* as the template wrote it */
	const char *key;
	int level;
	int parent;    /* schema index of the enclosing section, or -1 */
	int option_of; /* a bold option label of that section, or -1 */
	/* named for a built-in role: rollback, risks, roll-out or deployment
	 * steps, verification, tests */
	int role;
	int pick; /* tells the author to keep, pick or delete some options */
	enum prgate_schema_presence presence;
	/* own texts (and its options' texts), white space collapsed */
	struct prgate_strlist texts;
	struct prgate_schema_item *items;
	size_t nitems;
	/* private: texts sorted, items (not options) in order of text */
	size_t *by_text;
	size_t nby_text;
};

struct prgate_schema {
	struct prgate_schema_section *sections;
	size_t nsections;
	struct prgate_md_doc *doc; /* the parsed template: owns the names */
};

/* What a template may hold: real ones are a few KiB and a few sections. */
#define PRGATE_SCHEMA_MAX_BYTES ((size_t)256 * 1024)
#define PRGATE_SCHEMA_MAX_SECTIONS 500

/*
 * Read and parse the template at path (errors: PRGATE_ERR_CONFIG, also
 * for a template over PRGATE_SCHEMA_MAX_BYTES or with more sections than
 * PRGATE_SCHEMA_MAX_SECTIONS).
 */
enum prgate_status prgate_schema_load(const char *path,
				      struct prgate_schema **out,
				      struct prgate_error *err);
/*
 * The same for a template's text[0, len) already at hand (read from git,
 * say); path names it in error messages.
 */
enum prgate_status prgate_schema_parse(const char *path, const char *text,
				       size_t len, struct prgate_schema **out,
				       struct prgate_error *err);
void prgate_schema_free(struct prgate_schema *s);

enum prgate_schema_fill {
	PRGATE_SCHEMA_FILLED,
	PRGATE_SCHEMA_EMPTY,	/* nothing in it */
	PRGATE_SCHEMA_PROMPT,	/* only the template's prompt text */
	PRGATE_SCHEMA_BOXES,	/* only the template's unticked boxes */
	PRGATE_SCHEMA_OPTIONS,	/* every option of the template's list */
	PRGATE_SCHEMA_TEMPLATE, /* only the template's text (a table...) */
};

struct prgate_schema_verdict {
	enum prgate_schema_fill fill;
	int line, col;	  /* where the template's text remains */
	const char *text; /* that text (PROMPT), owned by the document */
};

/*
 * Is section m of doc, which is schema section t, filled in? The
 * description's subsections that are t's options count as t's content.
 */
enum prgate_schema_fill prgate_schema_judge(const struct prgate_schema *s,
					    size_t t,
					    const struct prgate_md_doc *doc,
					    int m,
					    struct prgate_schema_verdict *v);

/* The schema section that is t's option named by key, or -1. */
int prgate_schema_option(const struct prgate_schema *s, size_t t,
			 const char *key);

#endif
