/*
 * tz.c - time-zone helpers (see tz.h).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support/strbuf.h"
#include "support/tz.h"

#define DEFAULT_TZDIR "/usr/share/zoneinfo"

/* A relative path of safe components: no "", "." or "..", safe bytes. */
static int tz_name_ok(const char *name)
{
	size_t comp = 0; /* length of the current component */
	const char *start = name;
	if (!*name || strlen(name) > 255)
		return 0;
	for (const char *p = name;; p++) {
		if (*p == '/' || !*p) {
			if (!comp)
				return 0; /* leading '/', "//" or trailing */
			if ((comp == 1 && start[0] == '.') ||
			    (comp == 2 && start[0] == '.' && start[1] == '.'))
				return 0;
			if (!*p)
				return 1;
			comp = 0;
			start = p + 1;
			continue;
		}
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '+' ||
		      *p == '-'))
			return 0;
		comp++;
	}
}

static int tz_file_ok(const char *path)
{
	struct stat st;
	char magic[4];
	int fd, ok = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return 0;
	if (!fstat(fd, &st) && S_ISREG(st.st_mode) &&
	    read(fd, magic, sizeof(magic)) == (ssize_t)sizeof(magic) &&
	    !memcmp(magic, "TZif", 4))
		ok = 1;
	close(fd);
	return ok;
}

/*
 * The answers so far, by full path: a linter run asks about the same few
 * zones for every description, and the database does not change under a
 * running process. A full cache starts again from empty.
 */
#define TZ_CACHE_SIZE 32

static struct {
	char *path;
	int ok;
} tz_cache[TZ_CACHE_SIZE];
static size_t tz_cached;

int prgate_tz_exists(const char *name)
{
	const char *dir = getenv("TZDIR");
	struct strbuf path = STRBUF_INIT;
	int ok;

	if (!name || !tz_name_ok(name))
		return 0;
	if (!dir || !*dir)
		dir = DEFAULT_TZDIR;
	strbuf_addf(&path, "%s/%s", dir, name);
	for (size_t i = 0; i < tz_cached; i++) {
		if (!strcmp(tz_cache[i].path, path.buf)) {
			strbuf_release(&path);
			return tz_cache[i].ok;
		}
	}
	ok = tz_file_ok(path.buf);
	if (tz_cached == TZ_CACHE_SIZE) {
		for (size_t i = 0; i < tz_cached; i++)
			free(tz_cache[i].path);
		tz_cached = 0;
	}
	tz_cache[tz_cached].path = strbuf_detach(&path, NULL);
	tz_cache[tz_cached++].ok = ok;
	return ok;
}
