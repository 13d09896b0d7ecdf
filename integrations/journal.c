/*
 * journal.c - the deploy journal: format, parse, append, find the latest
 * entry (see journal.h).
 */
#include "integrations/journal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "linter/clock.h"
#include "support/json.h"

/* Look at no more than this much of the journal's end. */
#define JOURNAL_TAIL ((off_t)1 << 20)

void prgate_journal_entry_release(struct prgate_journal_entry *e)
{
	free(e->remote);
	free(e->ref);
	free(e->old_sha);
	free(e->new_sha);
	free(e->pr);
	free(e->verdict);
	free(e->reason);
	memset(e, 0, sizeof(*e));
}

static void add_member(struct strbuf *out, const char *key, const char *v)
{
	strbuf_addf(out, ", \"%s\": ", key);
	if (v)
		prgate_json_quote(out, v);
	else
		strbuf_addstr(out, "null");
}

void prgate_journal_format(struct strbuf *out,
			   const struct prgate_journal_entry *e)
{
	strbuf_addstr(out, "{\"time\": \"");
	prgate_rfc3339_format(out, e->time, 0);
	strbuf_addch(out, '"');
	add_member(out, "remote", e->remote);
	add_member(out, "ref", e->ref);
	add_member(out, "old_sha", e->old_sha);
	add_member(out, "new_sha", e->new_sha);
	add_member(out, "pr", e->pr);
	add_member(out, "verdict", e->verdict);
	if (e->reason)
		add_member(out, "reason", e->reason);
	strbuf_addstr(out, "}\n");
}

/* The string or null member key of obj into *out; -1 for another type. */
static int take(const struct prgate_json *obj, const char *key, char **out)
{
	const struct prgate_json *v = prgate_json_get(obj, key);

	if (!v || prgate_json_is(v, PRGATE_JSON_NULL))
		return 0;
	if (!prgate_json_is(v, PRGATE_JSON_STRING))
		return -1;
	*out = xstrdup(prgate_json_string(v));
	return 0;
}

enum prgate_status prgate_journal_parse(const char *line, size_t len,
					struct prgate_journal_entry *e,
					struct prgate_error *err)
{
	struct prgate_json_doc *doc = NULL;
	const struct prgate_json *root;
	const char *time;
	enum prgate_status st = PRGATE_OK;
	struct prgate_error why;

	memset(e, 0, sizeof(*e));
	prgate_error_clear(&why);
	if (prgate_json_parse("journal", line, len, 0, &doc, err) != PRGATE_OK)
		return PRGATE_ERR_INPUT;
	root = prgate_json_root(doc);
	time = prgate_json_get_string(root, "time");
	if (!time || prgate_rfc3339_parse(time, &e->time, &why) != PRGATE_OK ||
	    take(root, "remote", &e->remote) || take(root, "ref", &e->ref) ||
	    take(root, "old_sha", &e->old_sha) ||
	    take(root, "new_sha", &e->new_sha) || take(root, "pr", &e->pr) ||
	    take(root, "verdict", &e->verdict) ||
	    take(root, "reason", &e->reason) || !e->remote || !e->ref ||
	    !e->verdict)
		st = prgate_error_set(err, PRGATE_ERR_INPUT,
				      "not a deploy journal entry");
	prgate_json_free(doc);
	return st;
}

/* Create the folder of path (its last component's parent), one level. */
static int make_parent(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	int rc = 0;

	if (slash && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0777) && errno != EEXIST)
			rc = -1;
	}
	free(dir);
	return rc;
}

enum prgate_status prgate_journal_append(const char *path,
					 const struct prgate_journal_entry *e,
					 size_t n, struct prgate_error *err)
{
	struct strbuf text = STRBUF_INIT;
	enum prgate_status st = PRGATE_OK;
	ssize_t w;
	int fd;

	for (size_t i = 0; i < n; i++)
		prgate_journal_format(&text, &e[i]);
	if (make_parent(path)) {
		st = prgate_error_set(err, PRGATE_ERR_IO,
				      "cannot create the folder of '%s': %s",
				      path, strerror(errno));
		goto out;
	}
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0) {
		st =
		    prgate_error_set(err, PRGATE_ERR_IO, "cannot open '%s': %s",
				     path, strerror(errno));
		goto out;
	}
	do
		w = write(fd, text.buf, text.len);
	while (w < 0 && errno == EINTR);
	if (w < 0 || (size_t)w != text.len)
		st = prgate_error_set(err, PRGATE_ERR_IO,
				      "cannot write to '%s': %s", path,
				      w < 0 ? strerror(errno) : "short write");
	if (close(fd) && st == PRGATE_OK)
		st = prgate_error_set(err, PRGATE_ERR_IO,
				      "cannot write to '%s': %s", path,
				      strerror(errno));
out:
	strbuf_release(&text);
	return st;
}

/* The last JOURNAL_TAIL bytes of the file, from a line's start. */
static int read_tail(const char *path, struct strbuf *out,
		     struct prgate_error *err)
{
	struct stat sb;
	off_t from = 0;
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		prgate_error_set(err, PRGATE_ERR_IO, "cannot read '%s': %s",
				 path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) == 0 && sb.st_size > JOURNAL_TAIL)
		from = sb.st_size - JOURNAL_TAIL;
	if (from && lseek(fd, from, SEEK_SET) < 0)
		goto fail;
	strbuf_grow(out, (size_t)JOURNAL_TAIL);
	while (out->len < (size_t)JOURNAL_TAIL) {
		r = read(fd, out->buf + out->len,
			 (size_t)JOURNAL_TAIL - out->len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			goto fail;
		if (!r)
			break;
		strbuf_setlen(out, out->len + (size_t)r);
	}
	close(fd);
	if (from) {
		/* a partial first line: drop it */
		char *nl = memchr(out->buf, '\n', out->len);
		size_t skip = nl ? (size_t)(nl - out->buf) + 1 : out->len;
		memmove(out->buf, out->buf + skip, out->len - skip);
		strbuf_setlen(out, out->len - skip);
	}
	return 0;
fail:
	prgate_error_set(err, PRGATE_ERR_IO, "cannot read '%s': %s", path,
			 strerror(errno));
	close(fd);
	return -1;
}

int prgate_journal_latest(const char *path,
			  const struct prgate_strlist *remotes, const char *ref,
			  struct prgate_journal_entry *out,
			  struct prgate_error *err)
{
	struct strbuf text = STRBUF_INIT;
	struct prgate_error why;
	size_t end;
	int found = 0;

	memset(out, 0, sizeof(*out));
	if (read_tail(path, &text, err)) {
		strbuf_release(&text);
		return -1;
	}
	end = text.len;
	while (end > 0 && !found) {
		size_t start = end;
		while (start > 0 && text.buf[start - 1] != '\n')
			start--;
		if (end > start &&
		    prgate_journal_parse(text.buf + start, end - start, out,
					 &why) == PRGATE_OK &&
		    (!remotes || prgate_strlist_has(remotes, out->remote)) &&
		    (!ref || !strcmp(ref, out->ref)))
			found = 1;
		else
			prgate_journal_entry_release(out);
		end = start ? start - 1 : 0;
	}
	strbuf_release(&text);
	return found;
}

int prgate_journal_locate(struct strbuf *out)
{
	struct strbuf dir = STRBUF_INIT;
	FILE *fp = popen("git rev-parse --git-common-dir 2>/dev/null", "r");
	int rc = -1;

	strbuf_reset(out);
	if (!fp)
		return -1;
	strbuf_read_stream(&dir, fp, 4096);
	if (pclose(fp) == 0) {
		strbuf_trim(&dir);
		if (dir.len) {
			strbuf_addf(out, "%s/%s", dir.buf, PRGATE_JOURNAL_NAME);
			rc = 0;
		}
	}
	strbuf_release(&dir);
	return rc;
}
