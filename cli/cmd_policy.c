/*
 * cmd_policy.c - `prgate policy`: load the policy as every command does
 * (the built-in one, with --config FILE or the discovered .prgate.json on
 * top), report its first error, or print the policy in effect as JSON
 * with comments, each value followed by where it comes from. The output
 * is itself a valid .prgate.json.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "support/embedded.h"
#include "support/json.h"

static const char policy_help[] =
    "usage: prgate policy [--config FILE]\n"
    "\n"
    "Check the policy (the built-in one with --config FILE, else the\n"
    ".prgate.json found by walking up to the repository's root, on top)\n"
    "and print the one in effect as JSON with comments: every value with\n"
    "where it comes from (FILE:LINE, or built-in). A top-level key the file\n"
    "sets replaces the built-in one; keys an object of the file leaves out\n"
    "keep the built-in values. The output is itself a valid .prgate.json.\n"
    "\n"
    "  --config FILE      the policy file\n"
    "  -h, --help         this help\n"
    "\n"
    "Exit: 0 the policy is valid, 2 it is not (the error names "
    "FILE:LINE:COL).\n";

struct source {
	const struct prgate_json_doc *doc; /* NULL: built-in */
	const char *name;
};

/* "  // FROM" for node of src, padded after a line of width col. */
static void origin(struct strbuf *out, size_t line_start,
		   const struct source *src, const struct prgate_json *node)
{
	size_t width = out->len - line_start;
	int line, col;
	while (width++ < 48)
		strbuf_addch(out, ' ');
	if (src->doc && prgate_json_key_pos(src->doc, node, &line, &col))
		strbuf_addf(out, " // %s:%d", src->name, line);
	else
		strbuf_addstr(out, " // built-in");
}

/* One member: `indent"key": value,` with its origin. */
static void member(struct strbuf *out, const char *indent,
		   const struct prgate_json *node, const struct source *src,
		   int last)
{
	size_t start = out->len;
	strbuf_addstr(out, indent);
	prgate_json_quote(out, prgate_json_key(node));
	strbuf_addstr(out, ": ");
	if (prgate_json_is(node, PRGATE_JSON_ARRAY) &&
	    prgate_json_count(node) &&
	    prgate_json_is(prgate_json_child(node), PRGATE_JSON_OBJECT)) {
		/* a list of objects (sections, freezes, metrics): one a line */
		strbuf_addch(out, '[');
		origin(out, start, src, node);
		strbuf_addch(out, '\n');
		for (const struct prgate_json *c = prgate_json_child(node); c;
		     c = prgate_json_next(c)) {
			strbuf_addf(out, "%s  ", indent);
			prgate_json_print(out, c);
			strbuf_addstr(out, prgate_json_next(c) ? ",\n" : "\n");
		}
		strbuf_addf(out, "%s]%s\n", indent, last ? "" : ",");
		return;
	}
	prgate_json_print(out, node);
	if (!last)
		strbuf_addch(out, ',');
	origin(out, start, src, node);
	strbuf_addch(out, '\n');
}

/*
 * An object key by key: the file's members (mine; NULL when the file
 * does not set it), then the built-in members it leaves out, which keep
 * their built-in values.
 */
static void merged_object(struct strbuf *out, const struct prgate_json *mine,
			  const struct source *file,
			  const struct prgate_json *builtin, int last)
{
	static const struct source builtin_src = {NULL, "built-in"};
	const struct prgate_json *c, *head = mine ? mine : builtin;
	size_t n = 0, i = 0;
	size_t start = out->len;

	strbuf_addstr(out, "  ");
	prgate_json_quote(out, prgate_json_key(head));
	strbuf_addstr(out, ": {");
	origin(out, start, mine ? file : &builtin_src, head);
	strbuf_addch(out, '\n');
	n = mine ? prgate_json_count(mine) : 0;
	for (c = prgate_json_child(builtin); c; c = prgate_json_next(c))
		if (!mine || !prgate_json_get(mine, prgate_json_key(c)))
			n++;
	for (c = mine ? prgate_json_child(mine) : NULL; c;
	     c = prgate_json_next(c))
		member(out, "    ", c, file, ++i == n);
	for (c = prgate_json_child(builtin); c; c = prgate_json_next(c))
		if (!mine || !prgate_json_get(mine, prgate_json_key(c)))
			member(out, "    ", c, &builtin_src, ++i == n);
	strbuf_addf(out, "  }%s\n", last ? "" : ",");
}

static void render(struct strbuf *out, const struct prgate_json *builtin,
		   const struct prgate_json *mine, const struct source *file)
{
	static const struct source builtin_src = {NULL, "built-in"};
	const struct prgate_json *c;
	size_t n = 0, i = 0;

	strbuf_addstr(out, "// The policy in effect: prgate's built-in policy");
	if (file->doc)
		strbuf_addf(out, " with %s on top", file->name);
	strbuf_addstr(out, ".\n// After each value: where it comes from.\n{\n");
	for (c = prgate_json_child(builtin); c; c = prgate_json_next(c))
		n++;
	for (c = mine ? prgate_json_child(mine) : NULL; c;
	     c = prgate_json_next(c))
		if (!prgate_json_get(builtin, prgate_json_key(c)))
			n++;
	/* the built-in policy's order, each key from the file when set */
	for (c = prgate_json_child(builtin); c; c = prgate_json_next(c)) {
		const struct prgate_json *m =
		    mine ? prgate_json_get(mine, prgate_json_key(c)) : NULL;
		int last = ++i == n;
		if ((!m || prgate_json_is(m, PRGATE_JSON_OBJECT)) &&
		    prgate_json_is(c, PRGATE_JSON_OBJECT) &&
		    prgate_json_count(c))
			merged_object(out, m, file, c, last);
		else if (m)
			member(out, "  ", m, file, last);
		else
			member(out, "  ", c, &builtin_src, last);
	}
	/* keys only the file has ("template", ...) */
	for (c = mine ? prgate_json_child(mine) : NULL; c;
	     c = prgate_json_next(c))
		if (!prgate_json_get(builtin, prgate_json_key(c)))
			member(out, "  ", c, file, ++i == n);
	strbuf_addstr(out, "}\n");
}

int cmd_policy(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"config", required_argument, NULL, 'c'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	const struct prgate_embedded *def =
	    prgate_embedded_find("default-policy.json");
	struct prgate_policy policy;
	struct prgate_json_doc *builtin = NULL, *file = NULL;
	struct strbuf text = STRBUF_INIT, out = STRBUF_INIT;
	struct prgate_error err;
	struct source src = {NULL, NULL};
	const char *config = NULL;
	int c, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			config = optarg;
			break;
		case 'h':
			fputs(policy_help, stdout);
			return 0;
		default:
			return cli_bad_option("policy", argv, opts);
		}
	}
	if (optind < argc)
		return cli_usage_error("policy", "unexpected argument '%s'",
				       argv[optind]);
	memset(&policy, 0, sizeof(policy));
	if ((rc = cli_load_policy(&policy, config)))
		return rc;
	rc = 2;
	prgate_error_clear(&err);
	if (!def || prgate_json_parse("default-policy.json", def->data,
				      def->len, PRGATE_JSON_COMMENTS, &builtin,
				      &err) != PRGATE_OK) {
		cli_error("this prgate's built-in policy does not parse");
		goto out;
	}
	if (policy.path) {
		/* it loaded a moment ago: read and parse it the same way */
		if (strbuf_read_file(&text, policy.path, (size_t)1 << 20) ||
		    prgate_json_parse(config ? config : policy.path, text.buf,
				      text.len, PRGATE_JSON_COMMENTS, &file,
				      &err) != PRGATE_OK) {
			cli_error("cannot read '%s' again", policy.path);
			goto out;
		}
		src.doc = file;
		src.name = config ? config : policy.path;
	}
	render(&out, prgate_json_root(builtin),
	       file ? prgate_json_root(file) : NULL, &src);
	fwrite(out.buf, 1, out.len, stdout);
	rc = 0;
out:
	prgate_json_free(builtin);
	prgate_json_free(file);
	strbuf_release(&text);
	strbuf_release(&out);
	prgate_policy_release(&policy);
	return rc;
}
