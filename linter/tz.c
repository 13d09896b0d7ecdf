/*
 * tz.c - time-zone helpers (see tz.h).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "strbuf.h"
#include "tz.h"

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

int prgate_tz_exists(const char *name)
{
	const char *dir = getenv("TZDIR");
	struct strbuf path = STRBUF_INIT;
	struct stat st;
	char magic[4];
	int fd, ok = 0;

	if (!name || !tz_name_ok(name))
		return 0;
	if (!dir || !*dir)
		dir = DEFAULT_TZDIR;
	strbuf_addf(&path, "%s/%s", dir, name);
	fd = open(path.buf, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	strbuf_release(&path);
	if (fd < 0)
		return 0;
	if (!fstat(fd, &st) && S_ISREG(st.st_mode) &&
	    read(fd, magic, sizeof(magic)) == (ssize_t)sizeof(magic) &&
	    !memcmp(magic, "TZif", 4))
		ok = 1;
	close(fd);
	return ok;
}
