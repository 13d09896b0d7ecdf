/*
 * cache.c - the response cache of conditional GETs (see cache.h).
 */
#include "gate/cache.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "support/util.h"

#define MAGIC "prgate-cache 1\n"

struct prgate_cache {
	char *dir;
	void (*warn)(const char *message);
	struct prgate_strlist warned; /* entries warned about */
	int write_warned;
};

/* ---- pruning ---- */

struct aged {
	char *path;
	time_t mtime;
	long long size;
};

static int by_age(const void *a, const void *b)
{
	const struct aged *x = a, *y = b;
	return (x->mtime > y->mtime) - (x->mtime < y->mtime);
}

/* An entry's name: 64 lower-case hex digits. */
static int is_entry_name(const char *s)
{
	return strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64;
}

static void prune(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct aged *v = NULL;
	size_t n = 0, alloc = 0;
	long long total = 0;
	time_t now = time(NULL);

	if (!d)
		return;
	while ((de = readdir(d))) {
		struct strbuf path = STRBUF_INIT;
		struct stat st;
		int tmp = !strncmp(de->d_name, ".tmp-", 5);
		if (!is_entry_name(de->d_name) && !tmp)
			continue;
		strbuf_addf(&path, "%s/%s", dir, de->d_name);
		if (lstat(path.buf, &st) || !S_ISREG(st.st_mode)) {
			strbuf_release(&path);
			continue;
		}
		/* a temporary file left by a run that died; an old entry */
		if ((tmp && st.st_mtime < now - 3600) ||
		    (!tmp &&
		     st.st_mtime < now - PRGATE_CACHE_MAX_AGE * 86400)) {
			unlink(path.buf);
			strbuf_release(&path);
			continue;
		}
		if (tmp) {
			strbuf_release(&path);
			continue;
		}
		v = xgrow(v, sizeof(*v), n + 1, &alloc);
		v[n].path = strbuf_detach(&path, NULL);
		v[n].mtime = st.st_mtime;
		v[n].size = (long long)st.st_size;
		total += v[n].size;
		n++;
	}
	closedir(d);
	if (total > PRGATE_CACHE_MAX_BYTES) {
		qsort(v, n, sizeof(*v), by_age);
		for (size_t i = 0; i < n && total > PRGATE_CACHE_MAX_BYTES;
		     i++) {
			unlink(v[i].path);
			total -= v[i].size;
		}
	}
	for (size_t i = 0; i < n; i++)
		free(v[i].path);
	free(v);
}

enum prgate_status prgate_cache_open(const char *dir,
				     void (*warn)(const char *message),
				     struct prgate_cache **out,
				     struct prgate_error *err)
{
	struct stat st;
	struct prgate_cache *c;

	*out = NULL;
	if (mkdir(dir, 0700) && errno != EEXIST)
		return prgate_error_set(err, PRGATE_ERR_IO,
					"cannot create the cache folder '%s': "
					"%s",
					dir, strerror(errno));
	if (stat(dir, &st) || !S_ISDIR(st.st_mode))
		return prgate_error_set(err, PRGATE_ERR_IO,
					"the cache folder '%s' is not a folder",
					dir);
	/* whoever can write an entry chooses what a 304 confirms */
	if (st.st_uid != geteuid() || (st.st_mode & 022))
		return prgate_error_set(
		    err, PRGATE_ERR_IO, "the cache folder '%s' is %s", dir,
		    st.st_uid != geteuid() ? "not yours"
					   : "writable by others (chmod 700)");
	prune(dir);
	c = xcalloc(1, sizeof(*c));
	c->dir = xstrdup(dir);
	c->warn = warn;
	*out = c;
	return PRGATE_OK;
}

void prgate_cache_free(struct prgate_cache *c)
{
	if (!c)
		return;
	free(c->dir);
	prgate_strlist_release(&c->warned);
	free(c);
}

/* ---- entries ---- */

static void entry_path(const struct prgate_cache *c, const char *url,
		       struct strbuf *out)
{
	char hex[PRGATE_SHA256_HEX_LEN];
	prgate_sha256_hex(url, strlen(url), hex);
	strbuf_addf(out, "%s/%s", c->dir, hex);
}

void prgate_cache_entry_release(struct prgate_cache_entry *e)
{
	free(e->etag);
	free(e->link);
	strbuf_release(&e->body);
	e->etag = e->link = NULL;
}

/* The value of the line "name value\n" at *p, advancing; NULL if not. */
static char *field(const char **p, const char *end, const char *name)
{
	size_t n = strlen(name);
	const char *nl;

	if ((size_t)(end - *p) <= n || strncmp(*p, name, n) || (*p)[n] != ' ')
		return NULL;
	nl = memchr(*p + n + 1, '\n', (size_t)(end - *p - (long)n - 1));
	if (!nl)
		return NULL;
	{
		char *v = xstrndup(*p + n + 1, (size_t)(nl - *p) - n - 1);
		*p = nl + 1;
		return v;
	}
}

/*
 * One strong or weak entity-tag, as GitHub sends them: (W/)"..." with no
 * quote, space or control inside. Not "*" (which matches anything) nor a
 * list: a stored tag must name one body.
 */
static int etag_ok(const char *t)
{
	size_t n;
	if (!strncmp(t, "W/", 2))
		t += 2;
	n = strlen(t);
	if (n < 2 || t[0] != '"' || t[n - 1] != '"')
		return 0;
	for (size_t i = 1; i + 1 < n; i++)
		if ((unsigned char)t[i] < 0x21 || t[i] == '"' ||
		    (unsigned char)t[i] > 0x7e)
			return 0;
	return 1;
}

/* Parse a file's text into e; NULL, or why it is not an entry of url. */
static const char *parse_entry(const struct strbuf *f, const char *url,
			       struct prgate_cache_entry *e)
{
	const char *p = f->buf, *end = f->buf + f->len;
	char *v, *stop;
	unsigned long long len;

	if (f->len < strlen(MAGIC) || memcmp(p, MAGIC, strlen(MAGIC)))
		return "not a prgate cache entry";
	p += strlen(MAGIC);
	if (!(v = field(&p, end, "url")))
		return "no URL";
	if (strcmp(v, url)) {
		free(v);
		return "it is another URL's";
	}
	free(v);
	if (!(e->etag = field(&p, end, "etag")) || !etag_ok(e->etag))
		return "no ETag, or not one entity-tag";
	e->link = field(&p, end, "link");
	if (!(v = field(&p, end, "length")))
		return "no length";
	errno = 0;
	len = strtoull(v, &stop, 10);
	if (errno || !*v || *stop) {
		free(v);
		return "a bad length";
	}
	free(v);
	if (p >= end || *p != '\n')
		return "no blank line before the body";
	p++;
	if ((unsigned long long)(end - p) != len)
		return "the body is not as long as it says";
	strbuf_add(&e->body, p, len);
	return NULL;
}

static void say(const struct prgate_cache *c, const char *fmt, ...)
    PRGATE_PRINTF(2, 3);

static void say(const struct prgate_cache *c, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;

	if (!c->warn)
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	c->warn(msg.buf);
	strbuf_release(&msg);
}

static void warn_entry(struct prgate_cache *c, const char *path,
		       const char *why)
{
	if (prgate_strlist_has(&c->warned, path))
		return;
	prgate_strlist_add(&c->warned, path);
	say(c, "ignoring cache entry %s: %s", path, why);
}

/*
 * Read the entry file at path into f: a regular file only (a link, a
 * FIFO or a device is not followed or waited on). 0, or -1 with errno.
 */
static int read_entry(const char *path, struct strbuf *f)
{
	struct stat st;
	FILE *fp;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC), rc;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	if (!(fp = fdopen(fd, "rb"))) {
		close(fd);
		return -1;
	}
	rc = strbuf_read_stream(f, fp, PRGATE_CACHE_MAX_BYTES);
	fclose(fp);
	return rc < 0 ? -1 : 0;
}

int prgate_cache_get(struct prgate_cache *c, const char *url,
		     struct prgate_cache_entry *e)
{
	struct strbuf path = STRBUF_INIT, f = STRBUF_INIT;
	const char *why;
	int found = 0;

	memset(e, 0, sizeof(*e));
	strbuf_init(&e->body, 0);
	entry_path(c, url, &path);
	if (read_entry(path.buf, &f)) {
		if (errno != ENOENT)
			warn_entry(c, path.buf, strerror(errno));
		goto out;
	}
	if ((why = parse_entry(&f, url, e))) {
		warn_entry(c, path.buf, why);
		prgate_cache_entry_release(e);
		goto out;
	}
	/* used: it is kept as long as it is (prune() goes by mtime) */
	utimensat(AT_FDCWD, path.buf, NULL, 0);
	found = 1;
out:
	strbuf_release(&path);
	strbuf_release(&f);
	return found;
}

void prgate_cache_put(struct prgate_cache *c, const char *url, const char *etag,
		      const char *link, const char *body, size_t len)
{
	struct strbuf path = STRBUF_INIT, tmp = STRBUF_INIT, head = STRBUF_INIT;
	FILE *fp = NULL;
	int fd, ok = 0;

	if (!etag || !etag_ok(etag) || (link && strpbrk(link, "\r\n")) ||
	    strchr(url, '\n'))
		return;
	entry_path(c, url, &path);
	strbuf_addf(&tmp, "%s/.tmp-XXXXXX", c->dir);
	fd = mkstemp(tmp.buf); /* 0600 */
	if (fd >= 0 && (fp = fdopen(fd, "w"))) {
		strbuf_addf(&head, MAGIC "url %s\netag %s\n", url, etag);
		if (link)
			strbuf_addf(&head, "link %s\n", link);
		strbuf_addf(&head, "length %zu\n\n", len);
		ok = fwrite(head.buf, 1, head.len, fp) == head.len &&
		     fwrite(body, 1, len, fp) == len;
		ok = !fclose(fp) && ok;
		ok = ok && !rename(tmp.buf, path.buf);
	} else if (fd >= 0) {
		close(fd);
	}
	if (!ok) {
		if (fd >= 0)
			unlink(tmp.buf);
		if (!c->write_warned)
			say(c, "cannot write to the cache folder %s: %s",
			    c->dir, strerror(errno));
		c->write_warned = 1;
	}
	strbuf_release(&path);
	strbuf_release(&tmp);
	strbuf_release(&head);
}

void prgate_cache_etag(const char *accept, const char *authorization,
		       const char *body, size_t len,
		       char out[PRGATE_SHA256_HEX_LEN + 2])
{
	struct prgate_sha256 h;

	prgate_sha256_init(&h);
	if (accept) {
		prgate_sha256_update(&h, accept, strlen(accept));
		prgate_sha256_update(&h, ":", 1);
	}
	if (authorization) {
		prgate_sha256_update(&h, authorization, strlen(authorization));
		prgate_sha256_update(&h, ":", 1);
	}
	prgate_sha256_update(&h, body, len);
	out[0] = '"';
	prgate_sha256_final_hex(&h, out + 1); /* wipes h */
	out[PRGATE_SHA256_HEX_LEN] = '"';
	out[PRGATE_SHA256_HEX_LEN + 1] = '\0';
}
