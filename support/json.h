/*
 * json.h - JSON documents: the config file (JSON with comments) and the
 * GitHub API's responses, parsed into a read-only tree that remembers
 * where every value (and every object member's key) starts.
 *
 * This is the only module that includes cJSON; everything else uses the
 * opaque types and getters below.
 *
 * Parsing is strict RFC 8259 JSON (no trailing commas, no single quotes,
 * no leading zeros, no raw control characters in strings), plus // and
 * block comments when PRGATE_JSON_COMMENTS is given. Duplicate keys in
 * one object are an error, and so is nesting deeper than
 * PRGATE_JSON_MAX_DEPTH arrays/objects. Every error message has the form
 * "NAME:LINE:COL: what is wrong", with 1-based lines and byte columns
 * (CRLF, LF and a lone CR each end one line).
 *
 * Ownership: prgate_json_parse() returns a document the caller frees with
 * prgate_json_free() (NULL is fine). Every node and string reached from it
 * is owned by the document and lives until then. The input text is not
 * referenced after parsing returns.
 */
#ifndef PRGATE_JSON_H
#define PRGATE_JSON_H

#include <stddef.h>

#include "support/status.h"
#include "support/strbuf.h"

/* Allow // line and block comments (they count as whitespace). */
#define PRGATE_JSON_COMMENTS 0x1

/*
 * The text is known to be valid (built into the binary, and parsed
 * without this flag by the tests): skip the strict scan, the duplicate
 * key check and the positions (every node's position is 0:0). Makes
 * loading the built-in policy about three times cheaper.
 */
#define PRGATE_JSON_TRUSTED 0x2

/* The deepest nesting accepted (cJSON's own limit). */
#define PRGATE_JSON_MAX_DEPTH 1000

enum prgate_json_type {
	PRGATE_JSON_NULL,
	PRGATE_JSON_BOOL,
	PRGATE_JSON_NUMBER,
	PRGATE_JSON_STRING,
	PRGATE_JSON_ARRAY,
	PRGATE_JSON_OBJECT,
};

struct prgate_json_doc; /* a parsed document */
struct prgate_json;	/* one value in it */

/*
 * Parse text[0, len) (need not be NUL-terminated). `name` (a file name,
 * or e.g. "GET /repos/o/r/pulls/1") prefixes error messages. On success
 * *out is the document; on failure *out is NULL and err holds
 * PRGATE_ERR_INPUT (callers re-tag it, e.g. as PRGATE_ERR_CONFIG).
 */
enum prgate_status prgate_json_parse(const char *name, const char *text,
				     size_t len, unsigned flags,
				     struct prgate_json_doc **out,
				     struct prgate_error *err);
void prgate_json_free(struct prgate_json_doc *doc);

const struct prgate_json *prgate_json_root(const struct prgate_json_doc *doc);

/*
 * cJSON's strings end at their first NUL, so a "\u0000" in one would
 * silently cut it short; and a string of bytes that are not UTF-8 is no
 * text. Returns 1 when some string (a value, or an object member's key)
 * holds a "\u0000", 2 when one holds bytes that are not UTF-8 (and no
 * earlier one a NUL), 0 when none; path gets the first such string's
 * place: "body", "[0].user.login", "check_runs[2].name" (a key holding
 * it is named by its own text up to the NUL).
 */
int prgate_json_find_bad_string(const struct prgate_json_doc *doc,
				struct strbuf *path);
/* The name given to prgate_json_parse(). */
const char *prgate_json_name(const struct prgate_json_doc *doc);

/*
 * Where node's value starts (prgate_json_pos) or, for an object member,
 * where its key starts (prgate_json_key_pos; the value's position for
 * anything else). Return 0 and set both to 0 for a node not in doc.
 */
int prgate_json_pos(const struct prgate_json_doc *doc,
		    const struct prgate_json *node, int *line, int *col);
int prgate_json_key_pos(const struct prgate_json_doc *doc,
			const struct prgate_json *node, int *line, int *col);

/*
 * Record "NAME:LINE:COL: message" in err, at node's value, or at its key
 * when at_key is set (and node is an object member), and return st.
 */
enum prgate_status prgate_json_error(const struct prgate_json_doc *doc,
				     const struct prgate_json *node, int at_key,
				     struct prgate_error *err,
				     enum prgate_status st, const char *fmt,
				     ...) PRGATE_PRINTF(6, 7);

/* Inspecting a node. All accept NULL (and then say no / return NULL). */
enum prgate_json_type prgate_json_type(const struct prgate_json *node);
/* "null", "true or false", "a number", "a string", "an array", ... */
const char *prgate_json_type_name(enum prgate_json_type type);
int prgate_json_is(const struct prgate_json *node, enum prgate_json_type t);
/* An object member's key, else NULL. */
const char *prgate_json_key(const struct prgate_json *node);
/* The string's value (UTF-8, NUL-terminated), or NULL if not a string. */
const char *prgate_json_string(const struct prgate_json *node);
/* 1 and *out for a number / a boolean, else 0. */
int prgate_json_number(const struct prgate_json *node, double *out);
int prgate_json_bool(const struct prgate_json *node, int *out);
/*
 * 1 and *out for a number that is a whole number within [min, max],
 * else 0 (also for 1e999, 1.5 or -1 with min 0).
 */
int prgate_json_int(const struct prgate_json *node, long long min,
		    long long max, long long *out);

/*
 * Children of an array or object, in document order:
 *   for (c = prgate_json_child(a); c; c = prgate_json_next(c))
 */
const struct prgate_json *prgate_json_child(const struct prgate_json *node);
const struct prgate_json *prgate_json_next(const struct prgate_json *node);
/* Number of children of an array or object, else 0. */
size_t prgate_json_count(const struct prgate_json *node);
/* The i-th element of an array (or member of an object), or NULL. */
const struct prgate_json *prgate_json_at(const struct prgate_json *node,
					 size_t i);
/* The member of an object with exactly this key, or NULL. */
const struct prgate_json *prgate_json_get(const struct prgate_json *obj,
					  const char *key);
/* Shorthands: the member's string / number / bool, if it has that type. */
const char *prgate_json_get_string(const struct prgate_json *obj,
				   const char *key);
int prgate_json_get_number(const struct prgate_json *obj, const char *key,
			   double *out);
int prgate_json_get_bool(const struct prgate_json *obj, const char *key,
			 int *out);
/*
 * The value an RFC 6901 JSON pointer ("/results/0/rpm", "" for the root)
 * names, or NULL when it names nothing or is malformed.
 */
const struct prgate_json *prgate_json_pointer(const struct prgate_json *root,
					      const char *pointer);

/*
 * Append s as a JSON string literal (quotes included) to out, escaping
 * what must be escaped; invalid UTF-8 bytes become U+FFFD.
 */
void prgate_json_quote(struct strbuf *out, const char *s);
/*
 * Append node as JSON on one line, ", " and ": " between members, keys
 * in document order, numbers in the fewest digits that read back the
 * same. Recursive: for parsed documents (at most PRGATE_JSON_MAX_DEPTH).
 */
void prgate_json_print(struct strbuf *out, const struct prgate_json *node);

#endif
