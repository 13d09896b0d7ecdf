/*
 * cache.h - the response cache of conditional GETs ($PRGATE_CACHE_DIR,
 * --cache-dir): the last 200 reply of each API URL with its ETag and Link
 * header, so the next run can ask `If-None-Match` and take a 304 (which
 * GitHub does not count against the rate limit) for the body it already
 * has. Used by http.h only.
 *
 * GitHub's ETags depend on the request's Authorization header, and an
 * Actions token is new every run, so a stored ETag alone never matches
 * in the next run. GitHub's strong ETag is (observed, not documented) the
 * hex SHA-256 of the values of the request's Accept, Authorization and
 * Cookie headers (those sent, in that order), each followed by ':', then
 * the body: prgate_cache_etag() computes it for this run's headers and
 * the cached body, in memory, and the request carries both tags. If
 * GitHub changes how it computes them, only the 304s are lost: GitHub
 * answers 304 only when a tag is the current body's.
 *
 * One file per URL (named by the SHA-256 of the URL), 0600 in a 0700
 * folder, written to a temporary file and renamed; it holds the URL, the
 * ETag, the Link header and the body (as the client saw it: a token a
 * server echoed is already "***"), never a request header. An entry that
 * cannot be read or is not well-formed is ignored with one warning
 * ("ignoring cache entry PATH: reason") and the request
 * is made unconditionally. prgate_cache_open() prunes the folder: entries
 * not used for PRGATE_CACHE_MAX_AGE days go, then the least recently used
 * while the folder holds more than PRGATE_CACHE_MAX_BYTES.
 *
 * Ownership: struct prgate_cache is the caller's (prgate_cache_free());
 * an entry's strings are its own (prgate_cache_entry_release()).
 */
#ifndef PRGATE_CACHE_H
#define PRGATE_CACHE_H

#include <stddef.h>

#include "support/sha256.h"
#include "support/status.h"
#include "support/strbuf.h"

#define PRGATE_CACHE_MAX_AGE 7			     /* days since last use */
#define PRGATE_CACHE_MAX_BYTES ((long long)64 << 20) /* 64 MiB */

struct prgate_cache;

struct prgate_cache_entry {
	char *etag; /* as the server sent it, quotes included */
	char *link; /* the Link header, or NULL */
	struct strbuf body;
};

/*
 * Open (and create, 0700) the cache folder dir, and prune it. warn (may
 * be NULL) is told the cache's warnings, without "prgate: warning: ".
 * Errors: PRGATE_ERR_IO when it cannot be created or is not a folder.
 */
enum prgate_status prgate_cache_open(const char *dir,
				     void (*warn)(const char *message),
				     struct prgate_cache **out,
				     struct prgate_error *err);
void prgate_cache_free(struct prgate_cache *c);

/*
 * The entry for url: 1 and e filled (release it), 0 when there is none or
 * it is unusable (warned once per entry and process).
 */
int prgate_cache_get(struct prgate_cache *c, const char *url,
		     struct prgate_cache_entry *e);
void prgate_cache_entry_release(struct prgate_cache_entry *e);

/*
 * Store the 200 reply to url (replacing any entry); a failure to write
 * is a warning (once per process).
 */
void prgate_cache_put(struct prgate_cache *c, const char *url, const char *etag,
		      const char *link, const char *body, size_t len);

/*
 * The ETag GitHub gives body when answering a request whose Accept
 * header is accept and Authorization header authorization (NULL when
 * not sent): "\"<hex sha256>\"" into out. Nothing is kept.
 */
void prgate_cache_etag(const char *accept, const char *authorization,
		       const char *body, size_t len,
		       char out[PRGATE_SHA256_HEX_LEN + 2]);

#endif
