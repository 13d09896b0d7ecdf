/*
 * schema.c - a PR template read as a schema (see schema.h): what each
 * section holds as written, which sections may be deleted, bold option
 * labels, and the judgement whether a description's section is filled in.
 */
#include "linter/schema.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "support/re.h"
#include "support/strbuf.h"

/*
 * The template's words, matched caselessly against a section's name and
 * its own text and comments (sentence by sentence: no pattern crosses
 * . ; ! ? or a line end).
 */

/* Words a deletion is about when it is not the section itself. */
#define NOT_SECTION                                                            \
	"(?:notes?|lines?|texts?|comments?|quotes?|quoted|options?|kinds?|"    \
	"types?|box(?:es)?|items?|choices?|ones?|others|the rest|prompts?|"    \
	"instructions?|sub-?sections?|sub-?headings?|headings|parts|"          \
	"sections)"

/* The section may be deleted. */
static const char optional_pattern[] =
    "\\boptional\\b"
    "|\\bif (?:applicable|relevant|any|needed|necessary|appropriate|"
    "required)\\b"
    "|\\b(?:where|when) (?:applicable|relevant|needed)\\b"
    "|\\bnot applicable\\b"
    "|\\b(?:delete|remove|omit|drop|skip)\\b(?:(?!\\b" NOT_SECTION
    "\\b)[^.;!?\\n])*\\b(?:if|when|unless|otherwise)\\b"
    "|\\botherwise,? (?:delete|remove|omit|drop)\\b(?! (?:this |the |that "
    ")?" NOT_SECTION "\\b)"
    "|\\b(?:delete|remove|omit|drop) (?:this|the|that) (?:whole )?"
    "(?:section|heading|part)\\b"
    "|\\bonly (?:for|if|when)\\b"
    "|\\((?:only )?(?:if|when|where|in case|for)\\b[^)]*\\)";

/* The section's subsections may be deleted (said in the parent). */
static const char children_pattern[] =
    "\\b(?:delete|remove|omit|drop)\\b[^.;!?\\n]*\\b(?:sub-?sections|"
    "sub-?headings|headings|parts|sections)\\b";

/* A weak hint: a prompt that starts or ends with a condition ("A ticket
 * for the proper fix, if this one is a stopgap."). */
static const char conditional_pattern[] =
    "^(?:if|when|in case|whenever)\\b|"
    ",\\s*(?:if|when|unless|in case)\\b[^,;.]*[.!]?\\s*$";

/* A weak hint: names teams leave out as a rule (on the words form). */
static const char optional_name_pattern[] =
    "screen ?shots?(?: .*)?|(?:additional|other|extra|further|special) "
    "(?:notes?|context|information|info|comments?|details)(?: .*)?|"
    "notes?(?: .*)?|(?:.* )?notes? for (?:the |your )?reviewers?|"
    "anything else.*|open questions?|references?|(?:related )?links?|"
    "misc.*|comments?";

/* Boilerplate meant to stay, by its name (on the words form). */
static const char keep_name_pattern[] =
    ".*\\breminders?\\b.*|.*\\breviewers? checklist\\b.*|"
    ".*\\bfor (?:the )?reviewers? only\\b.*|.*\\binternal use\\b.*";

/* Boilerplate meant to stay, by its text. */
static const char keep_text_pattern[] =
    "\\bfor internal use\\b|\\binternal use only\\b|\\bdo not (?:edit|"
    "change|remove|delete)\\b|\\bleave (?:this|it) as (?:it )?is\\b|"
    "\\b(?:added|filled in|updated|generated|written) (?:automatically|"
    "by (?:the |a )?bot)\\b|"
    "\\bto be (?:filled in|completed|ticked|checked) by (?:the )?"
    "reviewers?\\b";

/*
 * Names of the built-in roles (on the words form): rollback, risks,
 * roll-out and deployment steps, verification and tests. Such a section
 * is required even when the template only hints that it may go, and its
 * numbered steps that ask for nothing are defaults.
 */
static const char role_pattern[] =
    "\\b(?:roll ?backs?|revert|back ?out|risks?|roll ?outs?|release plan|"
    "deploy(?:ment)? (?:steps|plan|instructions)|deploy|verification|verify|"
    "tests?|testing|tested|test plan|qa)\\b";

/* A statement the author signs by leaving it (unless it is a box). */
static const char attest_pattern[] =
    "\\bby (?:submitting|opening|creating|sending) this\\b|"
    "\\bI (?:agree|confirm|certify|acknowledge|accept)\\b";

/* A statement of what holds unless the author says otherwise. */
static const char standing_pattern[] =
    "\\b(?:unless|except (?:where|when|if)?) ?(?:stated|noted|specified|"
    "described|said|written) (?:otherwise|below|here)\\b|\\bby default\\b";

/* A note that asks to be deleted once dealt with. */
static const char drop_note_pattern[] =
    "\\b(?:delete|remove)\\b[^.;!?\\n]*\\b(?:this|the) (?:note|line|text|"
    "comment|paragraph|instruction)s?\\b";

/* The section tells the author to keep or pick some of its options. */
static const char pick_pattern[] =
    "\\b(?:keep|leave|pick|choose|select|delete|remove|tick|check|mark)"
    "\\b[^.;!?\\n]*\\b(?:one|ones|appl(?:y|ies)|fits?|others|the rest|"
    "relevant)\\b";

static const char marker_pattern[] =
    "^prgate:\\s*(?:required|optional|keep)\\s*$";

struct patterns {
	struct prgate_re *optional, *children, *conditional, *optional_name,
	    *keep_name, *keep_text, *attest, *standing, *drop_note, *pick,
	    *marker, *role;
};

static struct prgate_re *compile(const char *p, unsigned flags)
{
	struct prgate_error err;
	struct prgate_re *re =
	    prgate_re_new(p, PRGATE_RE_CASELESS | flags, &err);
	if (!re) { /* fixed patterns: a failure is a bug */
		fprintf(stderr, "prgate: bug: %s\n", err.message);
		abort();
	}
	return re;
}

static void patterns_new(struct patterns *p)
{
	p->optional = compile(optional_pattern, 0);
	p->children = compile(children_pattern, 0);
	p->conditional = compile(conditional_pattern, 0);
	p->optional_name = compile(optional_name_pattern, PRGATE_RE_WHOLE);
	p->keep_name = compile(keep_name_pattern, PRGATE_RE_WHOLE);
	p->keep_text = compile(keep_text_pattern, 0);
	p->attest = compile(attest_pattern, 0);
	p->standing = compile(standing_pattern, 0);
	p->drop_note = compile(drop_note_pattern, 0);
	p->pick = compile(pick_pattern, 0);
	p->marker = compile(marker_pattern, 0);
	p->role = compile(role_pattern, 0);
}

static void patterns_free(struct patterns *p)
{
	prgate_re_free(p->optional);
	prgate_re_free(p->children);
	prgate_re_free(p->conditional);
	prgate_re_free(p->optional_name);
	prgate_re_free(p->keep_name);
	prgate_re_free(p->keep_text);
	prgate_re_free(p->attest);
	prgate_re_free(p->standing);
	prgate_re_free(p->drop_note);
	prgate_re_free(p->pick);
	prgate_re_free(p->marker);
	prgate_re_free(p->role);
}

static int found(struct prgate_re *re, const struct strbuf *sb)
{
	return prgate_re_search(re, sb->buf, sb->len, 0, NULL, NULL);
}

/* Append s with white space runs as one space, none at either end. */
static void collapse(const char *s, size_t len, struct strbuf *out)
{
	int space = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = 1;
			continue;
		}
		if (space && out->len)
			strbuf_addch(out, ' ');
		space = 0;
		strbuf_addch(out, c);
	}
}

/* The first line after section i's own content (its first child or the
 * next section), or INT_MAX-ish for the last. */
static int own_end_line(const struct prgate_md_doc *doc, size_t i)
{
	return i + 1 < doc->nsections ? doc->sections[i + 1].line : 1 << 30;
}

/*
 * Section i's own words: its paragraphs and list items (each one line,
 * however the template wraps it) and the comments in it, one per line
 * (so no pattern runs from one into the next).
 */
static void own_words(const struct prgate_md_doc *doc, size_t i,
		      struct strbuf *out)
{
	const struct prgate_md_section *s = &doc->sections[i];
	int from = s->line, to = own_end_line(doc, i);

	strbuf_reset(out);
	for (size_t k = s->item_begin; k < s->item_end; k++) {
		if (doc->items[k].section != (int)i || doc->items[k].is_code)
			continue;
		strbuf_addstr(out, doc->items[k].text);
		strbuf_addch(out, '\n');
	}
	for (size_t k = 0; k < doc->ncomments; k++)
		if (doc->comments[k].line >= from &&
		    doc->comments[k].line < to) {
			strbuf_addstr(out, doc->comments[k].text);
			strbuf_addch(out, '\n');
		}
}

/* The marker comment in section i: "required", "optional", "keep", or 0. */
static const char *marker(const struct prgate_md_doc *doc, size_t i,
			  struct patterns *p)
{
	int from = doc->sections[i].line, to = own_end_line(doc, i);
	for (size_t k = 0; k < doc->ncomments; k++) {
		const char *c = doc->comments[k].text;
		if (doc->comments[k].line < from || doc->comments[k].line >= to)
			continue;
		if (prgate_re_search(p->marker, c, strlen(c), 0, NULL, NULL)) {
			if (strstr(c, "required") || strstr(c, "REQUIRED"))
				return "required";
			if (strstr(c, "optional") || strstr(c, "OPTIONAL"))
				return "optional";
			return "keep";
		}
	}
	return NULL;
}

/* The name without parenthesised asides: "Screenshots (if any)". */
static void name_words(const char *name, struct strbuf *out)
{
	struct strbuf bare = STRBUF_INIT;
	prgate_md_strip_asides(name, &bare);
	strbuf_reset(out);
	prgate_md_words(bare.buf, out);
	strbuf_release(&bare);
	/* numbering is not part of the name: "5. Additional notes" */
	for (;;) {
		size_t n = 0;
		while (n < out->len && out->buf[n] >= '0' && out->buf[n] <= '9')
			n++;
		if (!n || n >= out->len || out->buf[n] != ' ')
			break;
		memmove(out->buf, out->buf + n + 1, out->len - n);
		out->len -= n + 1;
	}
}

/* Words a prompt to the author starts with. */
static const char *const prompt_verbs[] = {
    "describe", "explain",   "list",	  "add",     "link",	 "include",
    "mention",	"summarise", "summarize", "provide", "tell",	 "write",
    "give",	"attach",    "paste",	  "replace", "fill",	 "drag",
    "put",	"note",	     "state",	  "outline", "enter",	 "insert",
    "specify",	"detail",    "share",	  "please",  "remember", "what",
    "how",	"why",	     "which",	  "who",     "when",	 "where",
    NULL};

/* Words a standing instruction to whoever deploys starts with. */
static const char *const op_verbs[] = {
    "revert",  "redeploy", "roll",	"rollback", "switch",  "restore",
    "disable", "enable",   "turn",	"flip",	    "toggle",  "restart",
    "scale",   "undo",	   "downgrade", "rerun",    "reapply", NULL};

/* Is the first word of text one of words? */
static int first_word_in(const char *text, const char *const *words)
{
	const char *p = text;
	size_t n = 0;
	while (*p && !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		p++;
	while ((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z'))
		n++;
	for (size_t k = 0; n && words[k]; k++)
		if (strlen(words[k]) == n && !strncasecmp(words[k], p, n))
			return 1;
	return 0;
}

/* How many words text has. */
static int count_words(const char *text)
{
	int n = 0, in = 0;
	for (const char *c = text; *c; c++) {
		int sp = *c == ' ' || *c == '\t';
		n += !sp && !in;
		in = !sp;
	}
	return n;
}

/*
 * Does an item of the template ask the author for something (a prompt),
 * rather than say something meant to stay (a default step)? A question,
 * an instruction verb or question word first, a short label and a colon
 * ("Ticket: link it here", "Build number:"), an ellipsis, an angle
 * bracket or nothing.
 */
static int asks(const char *text)
{
	int letters = 0;

	for (const char *c = text; *c; c++)
		letters |= (*c >= 'a' && *c <= 'z') ||
			   (*c >= 'A' && *c <= 'Z') ||
			   (unsigned char)*c >= 0x80;
	size_t len = strlen(text);

	const char *colon = strchr(text, ':');

	if (len && text[len - 1] == ':')
		return 1; /* "Build number:" */
	if (colon && colon > text && colon - text <= 30 && colon[1] == ' ') {
		/* a short label and its blank: "Ticket: link it here" */
		int words = 1;
		for (const char *c = text; c < colon; c++)
			words += *c == ' ';
		if (words <= 4)
			return 1;
	}
	if (!letters || strchr(text, '?') || strchr(text, '<') ||
	    strstr(text, "...") || strstr(text, "\xe2\x80\xa6") ||
	    strstr(text, "e.g."))
		return 1;
	return first_word_in(text, prompt_verbs);
}

/* The last word of a words form, without a plural s; its length. */
static const char *head_word(const char *w, size_t *len)
{
	const char *sp = strrchr(w, ' ');
	const char *h = sp ? sp + 1 : w;
	size_t n = strlen(h);
	if (n > 3 && h[n - 1] == 's' && h[n - 2] != 's')
		n--;
	*len = n;
	return h;
}

/*
 * Is the head (last) word of label a one of the words of b, plural or
 * not? Options name kinds of one thing ("Low risk", "High risk" under
 * "Risk"); fields name things of one kind ("Deployment steps",
 * "Deployment risks"), so only the head word counts.
 */
static int head_in(const char *a, const char *b)
{
	size_t n, m;
	const char *h = head_word(a, &n), *q = b;
	if (n < 2)
		return 0;
	while (*q) {
		const char *e = strchr(q, ' ');
		size_t k = e ? (size_t)(e - q) : strlen(q);
		m = k > 3 && q[k - 1] == 's' && q[k - 2] != 's' ? k - 1 : k;
		if (m == n && !strncmp(h, q, n))
			return 1;
		q = e ? e + 1 : q + k;
	}
	return 0;
}

/* Do labels a and b end in the same word? */
static int same_head(const char *a, const char *b)
{
	size_t n, m;
	const char *x = head_word(a, &n), *y = head_word(b, &m);
	return n >= 2 && n == m && !strncmp(x, y, n);
}

static void add_item(struct prgate_schema_section *s, const char *text,
		     int list, int is_task, int drop_note, int option,
		     int is_default)
{
	struct prgate_schema_item *it;
	s->items = xrealloc(s->items, (s->nitems + 1) * sizeof(*s->items));
	it = &s->items[s->nitems++];
	it->text = text;
	it->list = list;
	it->list_size = 0;
	it->is_task = is_task;
	it->drop_note = drop_note;
	it->option = option;
	it->is_default = is_default;
	it->ordered = 0;
}

/* The list number of field section i when it is a list item's label. */
static int label_list(const struct prgate_md_doc *doc, size_t i)
{
	const struct prgate_md_section *s = &doc->sections[i];
	return s->kind == PRGATE_MD_FIELD ? s->list : 0;
}

/* The text after field k's label on its list item, or NULL. */
static const char *label_value(const struct prgate_md_doc *doc, size_t k)
{
	const struct prgate_md_section *s = &doc->sections[k];
	for (size_t j = s->item_begin; j < s->item_end; j++)
		if (doc->items[j].section == (int)k)
			return doc->items[j].text;
	return NULL;
}

/* Mark the lists of labelled options of section i (see schema.h). */
static void find_options(struct prgate_schema *sc, size_t i, struct patterns *p,
			 const struct strbuf *words)
{
	const struct prgate_md_doc *doc = sc->doc;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, parent = STRBUF_INIT;
	size_t c = i + 1;
	int pick = found(p->pick, words);

	sc->sections[i - 1].pick = pick;

	name_words(doc->sections[i].name, &parent);
	while (c < doc->sections[i].child_end) {
		int list = label_list(doc, c);
		size_t n = 0, k, end;
		int share_all = 1, share_parent = 1, bare = 1, described = 1;
		if (doc->sections[c].parent != (int)i || !list) {
			c = doc->sections[c].child_end;
			continue;
		}
		/* the run of sibling fields labelling items of this list */
		for (end = c; end < doc->sections[i].child_end &&
			      doc->sections[end].parent == (int)i &&
			      label_list(doc, end) == list;
		     end = doc->sections[end].child_end)
			n++;
		for (k = c; k < end; k = doc->sections[k].child_end) {
			name_words(doc->sections[k].name, &a);
			if (!head_in(a.buf, parent.buf))
				share_parent = 0;
			if (k != c) {
				name_words(doc->sections[c].name, &b);
				if (!same_head(a.buf, b.buf))
					share_all = 0;
			}
		}
		/* labels with nothing after them are choices too, and so
		 * are labels each followed by a description, not a prompt */
		for (k = c; k < end; k = doc->sections[k].child_end) {
			const char *v = label_value(doc, k);
			if (doc->sections[k].text_begin !=
			    doc->sections[k].text_end)
				bare = 0;
			if (!v || count_words(v) < 3 || asks(v))
				described = 0;
		}
		if (n >= 2 &&
		    (pick || share_all || share_parent || bare || described))
			for (k = c; k < end; k = doc->sections[k].child_end)
				sc->sections[k - 1].option_of = (int)(i - 1);
		c = end;
	}
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&parent);
}

/* Section i's own texts and items (and its options') into sc. */
static void collect(struct prgate_schema *sc, size_t i, struct patterns *p,
		    struct strbuf *tmp)
{
	const struct prgate_md_doc *doc = sc->doc;
	struct prgate_schema_section *s = &sc->sections[i - 1];
	const struct prgate_md_section *ds = &doc->sections[i];
	size_t end = prgate_md_own_text_end(doc, i);

	for (size_t k = ds->text_begin; k < end; k++) {
		strbuf_reset(tmp);
		collapse(doc->texts[k].text, doc->texts[k].len, tmp);
		if (tmp->len)
			prgate_strlist_add(&s->texts, tmp->buf);
	}
	for (size_t k = ds->item_begin; k < ds->item_end; k++) {
		const struct prgate_md_item *it = &doc->items[k];
		const char *text;
		if (it->section != (int)i)
			continue;
		strbuf_reset(tmp);
		collapse(it->text, strlen(it->text), tmp);
		text =
		    prgate_arena_strndup(&sc->doc->arena, tmp->buf, tmp->len);
		add_item(s, text, it->list, it->is_task,
			 found(p->drop_note, tmp), -1,
			 !it->is_task &&
			     ((s->role &&
			       (it->ordered || first_word_in(text, op_verbs)) &&
			       !asks(text)) ||
			      found(p->standing, tmp)));
		s->items[s->nitems - 1].ordered = it->ordered;
	}
}

/* Options' texts and items go to the section they are options of. */
static void fold_options(struct prgate_schema *sc)
{
	for (size_t o = 0; o < sc->nsections; o++) {
		struct prgate_schema_section *opt = &sc->sections[o], *s;
		if (opt->option_of < 0)
			continue;
		s = &sc->sections[opt->option_of];
		for (size_t k = 0; k < opt->texts.n; k++)
			prgate_strlist_add(&s->texts, opt->texts.v[k]);
		/* one item per option, in a list of its own number */
		add_item(s, opt->nitems ? opt->items[0].text : "",
			 -1 - opt->option_of, 0, 0, (int)o, 0);
	}
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* For qsort_r-less sorting of item indices by text. */
static const struct prgate_schema_item *sort_items;

static int cmp_item(const void *a, const void *b)
{
	return strcmp(sort_items[*(const size_t *)a].text,
		      sort_items[*(const size_t *)b].text);
}

/* Each item's list size; the texts sorted; the items in text order. */
static void index_section(struct prgate_schema_section *s)
{
	int *ids = xcalloc(s->nitems + 1, sizeof(*ids));
	for (size_t k = 0; k < s->nitems; k++)
		ids[k] = s->items[k].list;
	qsort(ids, s->nitems, sizeof(*ids), cmp_int);
	for (size_t k = 0; k < s->nitems; k++) {
		size_t lo = 0, hi = s->nitems, first, n = 0;
		int l = s->items[k].list;
		if (!l)
			continue;
		while (lo < hi) { /* the first id >= l */
			size_t mid = lo + (hi - lo) / 2;
			if (ids[mid] < l)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (first = lo; first + n < s->nitems && ids[first + n] == l;
		     n++)
			;
		s->items[k].list_size = (int)n;
	}
	free(ids);
	if (s->texts.n)
		qsort(s->texts.v, s->texts.n, sizeof(*s->texts.v), cmp_str);
	s->by_text = xcalloc(s->nitems + 1, sizeof(*s->by_text));
	for (size_t k = 0; k < s->nitems; k++)
		if (s->items[k].option < 0)
			s->by_text[s->nby_text++] = k;
	sort_items = s->items;
	qsort(s->by_text, s->nby_text, sizeof(*s->by_text), cmp_item);
	sort_items = NULL;
}

/*
 * A section that is only a bulleted list of statements - sentences of
 * four words or more that ask for nothing, with no word telling the
 * author to pick ("- A guardrail metric drops by more than 2%") - states
 * defaults meant to stay, not options to choose from.
 */
static void find_statements(struct prgate_schema_section *s)
{
	if (s->pick || s->nitems < 2)
		return;
	for (size_t k = 0; k < s->nitems; k++) {
		const struct prgate_schema_item *it = &s->items[k];
		if (it->option >= 0 || !it->list || it->ordered ||
		    it->is_task || it->list_size < 2 ||
		    count_words(it->text) < 4 || asks(it->text))
			return;
	}
	for (size_t k = 0; k < s->nitems; k++)
		s->items[k].is_default = 1;
}

/* Is text one of s's texts? */
static int has_text(const struct prgate_schema_section *s, const char *text)
{
	const char *key = text;
	return s->texts.n && bsearch(&key, s->texts.v, s->texts.n,
				     sizeof(*s->texts.v), cmp_str) != NULL;
}

/* Does section i hold task items of its own? */
static int has_tasks(const struct prgate_md_doc *doc, size_t i)
{
	const struct prgate_md_section *s = &doc->sections[i];
	for (size_t k = s->item_begin; k < s->item_end; k++)
		if (doc->items[k].section == (int)i && doc->items[k].is_task)
			return 1;
	return 0;
}

/* What the template says about section i's presence. */
static enum prgate_schema_presence presence(struct prgate_schema *sc, size_t i,
					    struct patterns *p,
					    const struct strbuf *words,
					    struct strbuf *tmp)
{
	const struct prgate_md_doc *doc = sc->doc;
	const struct prgate_md_section *ds = &doc->sections[i];
	const char *mark = marker(doc, i, p);
	struct strbuf own = STRBUF_INIT;
	enum prgate_schema_presence pr = PRGATE_SCHEMA_UNMARKED;

	if (mark)
		return !strcmp(mark, "required")   ? PRGATE_SCHEMA_REQUIRED
		       : !strcmp(mark, "optional") ? PRGATE_SCHEMA_OPTIONAL
						   : PRGATE_SCHEMA_BOILERPLATE;
	name_words(ds->name, tmp);
	if (prgate_re_search(p->keep_name, tmp->buf, tmp->len, 0, NULL, NULL) ||
	    found(p->keep_text, words) ||
	    (found(p->attest, words) && !has_tasks(doc, i)))
		return PRGATE_SCHEMA_BOILERPLATE;
	/* the name (asides included) and the section's own words */
	strbuf_addstr(&own, ds->name);
	strbuf_addch(&own, '\n');
	strbuf_add(&own, words->buf, words->len);
	if (found(p->optional, &own))
		pr = PRGATE_SCHEMA_OPTIONAL;
	else if (ds->parent > 0 && sc->sections[ds->parent - 1].presence ==
				       PRGATE_SCHEMA_UNMARKED) {
		/* a parent that says to delete the subsections that don't
		 * apply */
		struct strbuf pw = STRBUF_INIT;
		own_words(doc, (size_t)ds->parent, &pw);
		if (found(p->children, &pw))
			pr = PRGATE_SCHEMA_OPTIONAL;
		strbuf_release(&pw);
	}
	if (pr == PRGATE_SCHEMA_UNMARKED) {
		size_t first = ds->text_begin;
		if ((first < prgate_md_own_text_end(doc, i) &&
		     prgate_re_search(p->conditional, doc->texts[first].text,
				      doc->texts[first].len, 0, NULL, NULL)) ||
		    prgate_re_search(p->optional_name, tmp->buf, tmp->len, 0,
				     NULL, NULL))
			pr = PRGATE_SCHEMA_MAYBE;
	}
	strbuf_release(&own);
	return pr;
}

enum prgate_status prgate_schema_load(const char *path,
				      struct prgate_schema **out,
				      struct prgate_error *err)
{
	struct strbuf text = STRBUF_INIT;
	enum prgate_status st;

	*out = NULL;
	if (strbuf_read_file(&text, path, PRGATE_MD_MAX_BYTES) < 0) {
		st = prgate_error_set(err, PRGATE_ERR_CONFIG,
				      "cannot read template '%s': %s", path,
				      strerror(errno));
		strbuf_release(&text);
		return st;
	}
	st = prgate_schema_parse(path, text.buf, text.len, out, err);
	strbuf_release(&text);
	return st;
}

enum prgate_status prgate_schema_parse(const char *path, const char *text,
				       size_t len, struct prgate_schema **out,
				       struct prgate_error *err)
{
	struct strbuf words = STRBUF_INIT, tmp = STRBUF_INIT;
	struct prgate_schema *sc;
	struct patterns p;
	enum prgate_status st;

	*out = NULL;
	if (len > PRGATE_SCHEMA_MAX_BYTES)
		return prgate_error_set(err, PRGATE_ERR_CONFIG,
					"template '%s' is %zu bytes, over the "
					"%zu-byte limit of a template",
					path, len, PRGATE_SCHEMA_MAX_BYTES);
	sc = xcalloc(1, sizeof(*sc));
	st = prgate_md_parse(text, len, &sc->doc, err);
	if (st != PRGATE_OK) {
		char inner[sizeof(err->message)];
		memcpy(inner, err->message, sizeof(inner));
		free(sc);
		return prgate_error_set(err, PRGATE_ERR_CONFIG,
					"template '%s': %.900s", path, inner);
	}
	if (sc->doc->nsections - 1 > PRGATE_SCHEMA_MAX_SECTIONS) {
		st = prgate_error_set(
		    err, PRGATE_ERR_CONFIG,
		    "template '%s' has %zu sections, over the "
		    "limit of %d",
		    path, sc->doc->nsections - 1, PRGATE_SCHEMA_MAX_SECTIONS);
		prgate_md_free(sc->doc);
		free(sc);
		return st;
	}
	patterns_new(&p);
	sc->nsections = sc->doc->nsections - 1;
	sc->sections =
	    xcalloc(sc->nsections ? sc->nsections : 1, sizeof(*sc->sections));
	for (size_t i = 1; i < sc->doc->nsections; i++) {
		const struct prgate_md_section *ds = &sc->doc->sections[i];
		struct prgate_schema_section *s = &sc->sections[i - 1];
		s->name = ds->name;
		s->key = ds->key;
		s->level = ds->level;
		s->parent = ds->parent > 0 ? ds->parent - 1 : -1;
		s->option_of = -1;
	}
	for (size_t i = 1; i < sc->doc->nsections; i++) {
		own_words(sc->doc, i, &words);
		name_words(sc->doc->sections[i].name, &tmp);
		sc->sections[i - 1].role = found(p.role, &tmp);
		sc->sections[i - 1].presence =
		    presence(sc, i, &p, &words, &tmp);
		find_options(sc, i, &p, &words);
		collect(sc, i, &p, &tmp);
	}
	fold_options(sc);
	for (size_t i = 0; i < sc->nsections; i++) {
		index_section(&sc->sections[i]);
		find_statements(&sc->sections[i]);
	}
	patterns_free(&p);
	strbuf_release(&words);
	strbuf_release(&tmp);
	*out = sc;
	return PRGATE_OK;
}

void prgate_schema_free(struct prgate_schema *sc)
{
	if (!sc)
		return;
	for (size_t i = 0; i < sc->nsections; i++) {
		prgate_strlist_release(&sc->sections[i].texts);
		free(sc->sections[i].items);
		free(sc->sections[i].by_text);
	}
	free(sc->sections);
	prgate_md_free(sc->doc);
	free(sc);
}

int prgate_schema_option(const struct prgate_schema *sc, size_t t,
			 const char *key)
{
	for (size_t o = 0; o < sc->nsections; o++)
		if (sc->sections[o].option_of == (int)t &&
		    !strcmp(sc->sections[o].key, key))
			return (int)o;
	return -1;
}

/* Is doc section c one of t's options in the description? */
static int is_option_child(const struct prgate_schema *sc, size_t t,
			   const struct prgate_md_doc *doc, int m, size_t c)
{
	return doc->sections[c].parent == m &&
	       prgate_schema_option(sc, t, doc->sections[c].key) >= 0;
}

/* Is key the key of one of the template's sections? */
static int is_template_section(const struct prgate_schema *sc, const char *key)
{
	for (size_t i = 0; i < sc->nsections; i++)
		if (!strcmp(sc->sections[i].key, key))
			return 1;
	return 0;
}

/* The template's item of t with this text (not an option), or NULL. */
static const struct prgate_schema_item *
template_item(const struct prgate_schema_section *s, const char *text)
{
	size_t lo = 0, hi = s->nby_text;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(s->items[s->by_text[mid]].text, text);
		if (!c)
			return &s->items[s->by_text[mid]];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

enum prgate_schema_fill prgate_schema_judge(const struct prgate_schema *sc,
					    size_t t,
					    const struct prgate_md_doc *doc,
					    int m,
					    struct prgate_schema_verdict *v)
{
	const struct prgate_schema_section *s = &sc->sections[t];
	const struct prgate_md_section *ds = &doc->sections[m];
	struct strbuf tmp = STRBUF_INIT;
	enum prgate_schema_fill fill = PRGATE_SCHEMA_FILLED;
	int content = 0, answer = 0, children = 0, defaults = 0, asked = 0;
	unsigned char *kept = xcalloc(s->nitems + 1, 1);

	/* which of the description's sections below m are t's options */
	unsigned char *opt = xcalloc(ds->child_end - (size_t)m, 1);
#define IS_OPTION(c) ((long)(c) > (long)m && opt[(size_t)(c) - (size_t)m])

	memset(v, 0, sizeof(*v));
	for (size_t c = (size_t)m + 1; c < ds->child_end;
	     c = doc->sections[c].child_end)
		opt[c - (size_t)m] = is_option_child(sc, t, doc, m, c);
	/* the description's subsections: t's options, or answers of their
	 * own */
	for (size_t c = (size_t)m + 1; c < ds->child_end;
	     c = doc->sections[c].child_end) {
		if (!IS_OPTION(c)) {
			/* the template's own subsections answer for
			 * themselves; the author's answer for this one */
			children = 1;
			if (!is_template_section(sc, doc->sections[c].key))
				answer = 1;
			continue;
		}
		for (size_t k = 0; k < s->nitems; k++)
			if (s->items[k].option >= 0 &&
			    !strcmp(sc->sections[s->items[k].option].key,
				    doc->sections[c].key))
				kept[k] = 1;
		content = 1;
		if (!v->line) {
			v->line = doc->sections[c].line;
			v->col = doc->sections[c].col;
			fill = PRGATE_SCHEMA_OPTIONS;
		}
	}
	/* every text: the template's, or the author's */
	for (size_t k = ds->text_begin; k < ds->text_end && !answer; k++) {
		const struct prgate_md_text *x = &doc->texts[k];
		if (x->section != m && !IS_OPTION(x->section))
			continue;
		strbuf_reset(&tmp);
		collapse(x->text, x->len, &tmp);
		if (!tmp.len)
			continue;
		content = 1;
		if (!has_text(s, tmp.buf))
			answer = 1;
		else if (!v->line) {
			v->line = x->line;
			v->col = x->col;
			fill = PRGATE_SCHEMA_TEMPLATE;
		}
	}
	/* items: a ticked box answers; which of the template's remain */
	for (size_t k = ds->item_begin; k < ds->item_end && !answer; k++) {
		const struct prgate_md_item *it = &doc->items[k];
		const struct prgate_schema_item *ti;
		int own = it->section == m;
		if (!own && !IS_OPTION(it->section))
			continue;
		if (it->is_task && it->checked) {
			answer = 1;
			break;
		}
		if (!own)
			continue;
		strbuf_reset(&tmp);
		collapse(it->text, strlen(it->text), &tmp);
		if (!tmp.len && !it->is_task)
			continue;
		content = 1;
		ti = template_item(s, tmp.buf);
		if (!ti) {
			/* the author's edit of a line (an option kept out of
			 * "Pick one: a | b | c") */
			answer = 1;
			break;
		}
		kept[ti - s->items] = 1;
		if (ti->is_default) {
			defaults = 1;
			continue;
		}
		asked = 1;
		if (fill == PRGATE_SCHEMA_TEMPLATE || !v->line ||
		    (it->line < v->line ||
		     (it->line == v->line && it->col <= v->col))) {
			v->line = it->line;
			v->col = it->col;
			v->text = it->text;
			fill = ti->is_task ? PRGATE_SCHEMA_BOXES
			       : ti->list_size >= 2 && !ti->ordered &&
				       !asks(ti->text)
				   ? PRGATE_SCHEMA_OPTIONS
				   : PRGATE_SCHEMA_PROMPT;
		}
	}
	/* a list of options cut down, or a note deleted as it asks */
	for (size_t k = 0; k < s->nitems && !answer && content; k++) {
		const struct prgate_schema_item *ti = &s->items[k];
		if (ti->drop_note && !kept[k])
			answer = 1;
		if (ti->list && ti->list_size >= 2 && !kept[k])
			for (size_t j = 0; j < s->nitems; j++)
				if (s->items[j].list == ti->list && kept[j])
					answer = 1;
	}
#undef IS_OPTION
	free(opt);
	free(kept);
	strbuf_release(&tmp);
	/* the template's default steps kept, and nothing it asks */
	if (defaults && !asked && fill != PRGATE_SCHEMA_OPTIONS)
		answer = 1;
	if (answer || (children && !content) ||
	    s->presence == PRGATE_SCHEMA_BOILERPLATE) {
		memset(v, 0, sizeof(*v));
		return v->fill = PRGATE_SCHEMA_FILLED;
	}
	if (!content) {
		memset(v, 0, sizeof(*v));
		v->line = ds->line;
		v->col = ds->col;
		return v->fill = PRGATE_SCHEMA_EMPTY;
	}
	return v->fill = fill;
}
