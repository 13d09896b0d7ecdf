/*
 * cmd_template.c - `prgate template` and `prgate init`: the stock PR
 * templates built into the binary, printed or written into a repository
 * with a starter policy.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "support/embedded.h"
#include "support/strbuf.h"
#include "support/tz.h"

static const struct {
	const char *name;
	const char *summary;
} templates[] = {
    {"basic", "the release template with XXX/vXX placeholders to fill in"},
    {"simple", "filled in: a small change with no backing services"},
    {"db-migration", "filled in: a database migration with backups, an "
		     "assistant and downtime"},
};

static const struct prgate_embedded *find_template(const char *name)
{
	struct strbuf file = STRBUF_INIT;
	const struct prgate_embedded *e;
	strbuf_addf(&file, "%s.md", name);
	e = prgate_embedded_find(file.buf);
	strbuf_release(&file);
	return e;
}

static void list_templates(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(templates); i++)
		printf("%-14s %s\n", templates[i].name, templates[i].summary);
}

static const char template_help[] =
    "usage: prgate template [NAME]\n"
    "       prgate template --list\n"
    "\n"
    "Print a stock PR description template (default: basic).\n";

int cmd_template(int argc, char **argv)
{
	const struct prgate_embedded *e;
	const char *name = "basic";
	if (argc > 1 &&
	    (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		fputs(template_help, stdout);
		list_templates();
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "--list")) {
		list_templates();
		return 0;
	}
	if (argc > 2)
		return cli_usage_error("template", "one template at a time");
	if (argc == 2) {
		if (argv[1][0] == '-')
			return cli_usage_error("template",
					       "unknown option '%s'", argv[1]);
		name = argv[1];
	}
	if (!(e = find_template(name))) {
		cli_error("no template '%s' (see 'prgate template --list')",
			  name);
		return 2;
	}
	fwrite(e->data, 1, e->len, stdout);
	return 0;
}

static const char init_help[] =
    "usage: prgate init [--force] [--template NAME] [--timezone ZONE]\n"
    "                   [--window WINDOW]\n"
    "\n"
    "Set prgate up in this repository: write a starter .prgate.json at the\n"
    "repository's root (the current folder outside a git repository) and,\n"
    "unless the repository already has a PR template, the stock template\n"
    "NAME (default basic) as .github/pull_request_template.md. An existing\n"
    "template (pull_request_template.md in .github/, docs/ or the root, any\n"
    "case, or the first one in .github/PULL_REQUEST_TEMPLATE/) is kept and\n"
    "becomes the policy's schema. Refuses to overwrite a file unless\n"
    "--force is given (an existing template is only replaced when\n"
    "--template is given too).\n"
    "\n"
    "  --template NAME    the stock template to write (prgate template "
    "--list)\n"
    "  --timezone ZONE    the deployment window's zone (default: this\n"
    "                     machine's zone, else UTC), e.g. America/New_York\n"
    "  --window WINDOW    when deploys may happen: DAYS START-END, e.g.\n"
    "                     'mon-fri 08:00-17:00' (the default) or\n"
    "                     'mon,tue,thu 09:00-15:30'; 'off' for no window\n"
    "  --force            overwrite what is there\n";

/* A PR template the repository already has (GitHub's places), or NULL. */
static char *existing_template(void)
{
	static const char *const dirs[] = {".github", ".", "docs"};
	char *found = NULL;

	for (size_t i = 0; i < ARRAY_SIZE(dirs) && !found; i++) {
		DIR *d = opendir(dirs[i]);
		struct dirent *de;
		if (!d)
			continue;
		while (!found && (de = readdir(d))) {
			if (strcasecmp(de->d_name,
				       "pull_request_template.md") &&
			    strcasecmp(de->d_name, "pull_request_template.txt"))
				continue;
			struct strbuf p = STRBUF_INIT;
			struct stat st;
			if (strcmp(dirs[i], "."))
				strbuf_addf(&p, "%s/", dirs[i]);
			strbuf_addstr(&p, de->d_name);
			if (!stat(p.buf, &st) && S_ISREG(st.st_mode))
				found = strbuf_detach(&p, NULL);
			strbuf_release(&p);
		}
		closedir(d);
	}
	if (!found) {
		/* several templates: the first by name is the schema */
		struct dirent **names;
		int n = scandir(".github/PULL_REQUEST_TEMPLATE", &names, NULL,
				alphasort);
		for (int i = 0; i < n; i++) {
			size_t len = strlen(names[i]->d_name);
			if (!found && len > 3 &&
			    !strcasecmp(names[i]->d_name + len - 3, ".md")) {
				struct strbuf p = STRBUF_INIT;
				strbuf_addf(&p,
					    ".github/PULL_REQUEST_TEMPLATE/%s",
					    names[i]->d_name);
				found = strbuf_detach(&p, NULL);
			}
			free(names[i]);
		}
		if (n >= 0)
			free(names);
	}
	return found;
}

/* This machine's zone name: $TZ, /etc/timezone, /etc/localtime's link. */
static char *system_zone(void)
{
	const char *tz = getenv("TZ");
	char buf[256];
	FILE *fp;
	ssize_t n;

	if (tz && *tz == ':')
		tz++;
	if (tz && *tz && prgate_tz_exists(tz))
		return xstrdup(tz);
	if ((fp = fopen("/etc/timezone", "r"))) {
		if (fgets(buf, sizeof(buf), fp)) {
			buf[strcspn(buf, " \t\r\n")] = '\0';
			if (*buf && prgate_tz_exists(buf)) {
				fclose(fp);
				return xstrdup(buf);
			}
		}
		fclose(fp);
	}
	n = readlink("/etc/localtime", buf, sizeof(buf) - 1);
	if (n > 0) {
		const char *z;
		buf[n] = '\0';
		z = strstr(buf, "zoneinfo/");
		if (z && prgate_tz_exists(z + 9))
			return xstrdup(z + 9);
	}
	return xstrdup("UTC");
}

static const char *const day_names[] = {"sun", "mon", "tue", "wed",
					"thu", "fri", "sat"};

static int day_index(const char *s, size_t n)
{
	for (int i = 0; i < 7; i++)
		if (n == 3 && !strncasecmp(s, day_names[i], 3))
			return i;
	return -1;
}

static int hhmm(const char *s, size_t n, char out[6])
{
	if (n != 5 || s[2] != ':' || !isdigit((unsigned char)s[0]) ||
	    !isdigit((unsigned char)s[1]) || !isdigit((unsigned char)s[3]) ||
	    !isdigit((unsigned char)s[4]))
		return -1;
	if ((s[0] - '0') * 10 + (s[1] - '0') > 24 ||
	    (s[3] - '0') * 10 + (s[4] - '0') > 59)
		return -1;
	memcpy(out, s, 5);
	out[5] = '\0';
	return 0;
}

/*
 * "mon-fri 08:00-17:00" into the JSON array of days (`"mon", "tue"...`),
 * start and end. Returns -1 when it is not that.
 */
static int parse_window(const char *spec, struct strbuf *days, char start[6],
			char end[6])
{
	const char *sp = strchr(spec, ' '), *p = spec, *dash;
	int seen[7] = {0};

	if (!sp || strchr(sp + 1, ' '))
		return -1;
	while (p < sp) {
		const char *comma = memchr(p, ',', (size_t)(sp - p));
		const char *stop = comma ? comma : sp;
		int a, b;
		dash = memchr(p, '-', (size_t)(stop - p));
		a = day_index(p, (size_t)((dash ? dash : stop) - p));
		b = dash ? day_index(dash + 1, (size_t)(stop - dash - 1)) : a;
		if (a < 0 || b < 0)
			return -1;
		for (int d = a;; d = (d + 1) % 7) {
			seen[d] = 1;
			if (d == b)
				break;
		}
		p = stop + (comma ? 1 : 0);
		if (comma && p == sp)
			return -1;
	}
	dash = strchr(sp + 1, '-');
	if (!dash || hhmm(sp + 1, (size_t)(dash - sp - 1), start) ||
	    hhmm(dash + 1, strlen(dash + 1), end) || strcmp(start, end) >= 0)
		return -1;
	for (int i = 1; i <= 7; i++)
		if (seen[i % 7])
			strbuf_addf(days, "%s\"%s\"", days->len ? ", " : "",
				    day_names[i % 7]);
	return 0;
}

/* Replace the first "from" in sb with "to"; -1 when it is not there. */
static int replace(struct strbuf *sb, const char *from, const char *to)
{
	char *at = strstr(sb->buf, from);
	struct strbuf out = STRBUF_INIT;
	if (!at)
		return -1;
	strbuf_add(&out, sb->buf, (size_t)(at - sb->buf));
	strbuf_addstr(&out, to);
	strbuf_addstr(&out, at + strlen(from));
	strbuf_release(sb);
	*sb = out;
	return 0;
}

static int write_file(const char *path, const char *data, size_t len)
{
	FILE *fp = fopen(path, "wb");
	if (!fp || fwrite(data, 1, len, fp) != len) {
		cli_error("cannot write '%s': %s", path, strerror(errno));
		if (fp)
			fclose(fp);
		return 2;
	}
	if (fclose(fp)) {
		cli_error("cannot write '%s': %s", path, strerror(errno));
		return 2;
	}
	printf("wrote %s\n", path);
	return 0;
}

/* The repository's root (git rev-parse --show-toplevel), or NULL. */
static char *repo_root(void)
{
	struct strbuf out = STRBUF_INIT;
	FILE *fp = popen("git rev-parse --show-toplevel 2>/dev/null", "r");
	if (!fp)
		return NULL;
	strbuf_read_stream(&out, fp, 4096);
	if (pclose(fp) != 0 || !out.len) {
		strbuf_release(&out);
		return NULL;
	}
	strbuf_trim(&out);
	return strbuf_detach(&out, NULL);
}

int cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"force", no_argument, NULL, 'f'},
	    {"template", required_argument, NULL, 't'},
	    {"timezone", required_argument, NULL, 'z'},
	    {"window", required_argument, NULL, 'w'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	static const char stock_path[] = ".github/pull_request_template.md";
	static const char cfg_path[] = ".prgate.json";
	const struct prgate_embedded *tpl, *cfg;
	const char *name = "basic", *window = "mon-fri 08:00-17:00";
	const char *tpl_path = stock_path;
	char *zone = NULL, *root = NULL, *existing = NULL;
	static const char starter_window[] =
	    "\"window\": {\"timezone\": \"Europe/Ljubljana\",\n"
	    "             \"days\": [\"mon\", \"tue\", \"wed\", \"thu\", "
	    "\"fri\"],\n"
	    "             \"start\": \"08:00\", \"end\": \"17:00\"},";
	struct strbuf config = STRBUF_INIT, days = STRBUF_INIT,
		      line = STRBUF_INIT, hours = STRBUF_INIT;
	char start[6], end[6], cwd_before[4096];
	int force = 0, named = 0, write_tpl, c, rc = 2;
	struct stat st;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			force = 1;
			break;
		case 't':
			name = optarg;
			named = 1;
			break;
		case 'z':
			free(zone);
			zone = xstrdup(optarg);
			break;
		case 'w':
			window = optarg;
			break;
		case 'h':
			fputs(init_help, stdout);
			rc = 0;
			goto out;
		default:
			rc = cli_bad_option("init", argv, opts);
			goto out;
		}
	}
	if (optind < argc) {
		rc = cli_usage_error("init", "unexpected argument '%s'",
				     argv[optind]);
		goto out;
	}
	if (!(tpl = find_template(name))) {
		cli_error("no template '%s' (see 'prgate template --list')",
			  name);
		goto out;
	}
	if (zone && !prgate_tz_exists(zone)) {
		rc = cli_usage_error("init",
				     "unknown time zone '%.200s' (not in the "
				     "system zone database; e.g. "
				     "Europe/Ljubljana, America/New_York)",
				     zone);
		goto out;
	}
	if (strcmp(window, "off") && parse_window(window, &days, start, end)) {
		rc = cli_usage_error("init",
				     "--window wants DAYS START-END, such as "
				     "'mon-fri 08:00-17:00', or 'off'; not "
				     "'%.200s'",
				     window);
		goto out;
	}
	cfg = prgate_embedded_find("starter-config.json");
	if (!cfg) {
		cli_error("this prgate was built without its starter config "
			  "(templates/starter-config.json)");
		goto out;
	}
	if (!zone)
		zone = system_zone();
	if (!getcwd(cwd_before, sizeof(cwd_before)))
		cwd_before[0] = '\0';
	if ((root = repo_root()) && chdir(root)) {
		cli_error("cannot enter '%s': %s", root, strerror(errno));
		goto out;
	}
	/* an existing template is kept; --template (with --force) replaces
	 * it where it is */
	if ((existing = existing_template()))
		tpl_path = existing;
	write_tpl = !existing || named;
	if (!force) {
		const char *paths[] = {write_tpl ? tpl_path : NULL, cfg_path};
		for (size_t i = 0; i < ARRAY_SIZE(paths); i++)
			if (paths[i] && !stat(paths[i], &st)) {
				cli_error("'%s' already exists (use --force to "
					  "overwrite it); nothing written",
					  paths[i]);
				goto out;
			}
	}

	strbuf_add(&config, cfg->data, cfg->len);
	strbuf_addf(&line, "\"template\": \"%s\"", tpl_path);
	/* a zone that exists is made of letters, digits and / _ - +: no
	 * JSON escaping needed; the same for the template's path found
	 * above only when it has no '"' or '\\' (checked) */
	if (strpbrk(tpl_path, "\"\\")) {
		cli_error("cannot name '%s' in JSON", tpl_path);
		goto out;
	}
	if (strcmp(window, "off"))
		strbuf_addf(&hours,
			    "\"window\": {\"timezone\": \"%s\",\n"
			    "             \"days\": [%s],\n"
			    "             \"start\": \"%s\", \"end\": \"%s\"},",
			    zone, days.buf, start, end);
	else
		strbuf_addf(&hours,
			    "\"window\": {\"timezone\": \"%s\"}, // the rule "
			    "is off: no window",
			    zone);
	if (replace(&config,
		    "\"template\": \".github/pull_request_template.md\"",
		    line.buf) ||
	    replace(&config, starter_window, hours.buf) ||
	    (!strcmp(window, "off") &&
	     replace(&config, "\"rules\": {\"issue-link\": \"warning\"}",
		     "\"rules\": {\"issue-link\": \"warning\", \"window\": "
		     "\"off\"}"))) {
		cli_error(
		    "this prgate's starter config does not have the "
		    "shape init fills in (templates/starter-config.json)");
		goto out;
	}

	if (root && strcmp(root, cwd_before))
		printf("in %s (the repository's root)\n", root);
	if (write_tpl && !strncmp(tpl_path, ".github/", 8) &&
	    mkdir(".github", 0777) && errno != EEXIST) {
		cli_error("cannot create '.github': %s", strerror(errno));
		goto out;
	}
	if (write_tpl && write_file(tpl_path, tpl->data, tpl->len))
		goto out;
	if (!write_tpl)
		printf("kept %s (the policy's template)\n", tpl_path);
	if (write_file(cfg_path, config.buf, config.len))
		goto out;
	if (strcmp(window, "off"))
		printf("deploys allowed %.*s %s-%s %s (change it with --window "
		       "and --timezone, or in .prgate.json)\n",
		       (int)strcspn(window, " "), window, start, end, zone);
	else
		printf("no deployment window (the window rule is off in "
		       ".prgate.json)\n");
	rc = 0;
out:
	free(zone);
	free(root);
	free(existing);
	strbuf_release(&config);
	strbuf_release(&days);
	strbuf_release(&line);
	strbuf_release(&hours);
	return rc;
}
