/*
 * cmd_template.c - `prgate template` and `prgate init`: the stock PR
 * templates built into the binary, printed or written into a repository
 * with a starter policy.
 */
#include <errno.h>
#include <getopt.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "support/embedded.h"

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
    "usage: prgate init [--force] [--template NAME]\n"
    "\n"
    "Write .github/pull_request_template.md (the stock template NAME,\n"
    "default basic) and a starter .prgate.json into the current folder\n"
    "(run it at the repository root). Refuses to overwrite either file\n"
    "unless --force is given.\n";

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

int cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"force", no_argument, NULL, 'f'},
	    {"template", required_argument, NULL, 't'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	static const char tpl_path[] = ".github/pull_request_template.md";
	static const char cfg_path[] = ".prgate.json";
	const struct prgate_embedded *tpl, *cfg;
	const char *name = "basic";
	int force = 0, c;
	struct stat st;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			force = 1;
			break;
		case 't':
			name = optarg;
			break;
		case 'h':
			fputs(init_help, stdout);
			return 0;
		default:
			return cli_usage_error("init", "bad option");
		}
	}
	if (optind < argc)
		return cli_usage_error("init", "unexpected argument '%s'",
				       argv[optind]);
	if (!(tpl = find_template(name))) {
		cli_error("no template '%s' (see 'prgate template --list')",
			  name);
		return 2;
	}
	cfg = prgate_embedded_find("starter-config.json");
	if (!cfg) {
		cli_error("this prgate was built without its starter config "
			  "(templates/starter-config.json)");
		return 2;
	}
	if (!force) {
		const char *paths[] = {tpl_path, cfg_path};
		for (size_t i = 0; i < ARRAY_SIZE(paths); i++)
			if (!stat(paths[i], &st)) {
				cli_error("'%s' already exists (use --force to "
					  "overwrite it); nothing written",
					  paths[i]);
				return 2;
			}
	}
	if (mkdir(".github", 0777) && errno != EEXIST) {
		cli_error("cannot create '.github': %s", strerror(errno));
		return 2;
	}
	if (write_file(tpl_path, tpl->data, tpl->len) ||
	    write_file(cfg_path, cfg->data, cfg->len))
		return 2;
	return 0;
}
