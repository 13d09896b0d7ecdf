/*
 * cmd_lint.c - `prgate lint`: lint PR descriptions offline.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "linter/checklist.h"
#include "cli/cli.h"
#include "linter/lint.h"

static const char lint_help[] =
    "usage: prgate lint [options] [FILE...|-]\n"
    "\n"
    "Lint pull-request descriptions offline against the release template\n"
    "(the policy's sections). Reads stdin for '-', and when no FILE is\n"
    "given and stdin is not a terminal.\n"
    "\n"
    "  --title TEXT       the PR title (checked for [WIP])\n"
    "  --label NAME       a PR label (repeatable; e.g. downtime)\n"
    "  --config FILE      the policy file (default: .prgate.json found by\n"
    "                     walking up from here, else the built-in policy)\n"
    "  --template FILE    require every heading and bold field of FILE\n"
    "  --format FORMAT    text (default), json, markdown or github\n"
    "  --max-size SIZE    refuse input larger than SIZE bytes (K and M\n"
    "                     suffixes; default 1M, at most 16M)\n"
    "  -h, --help         this help\n"
    "\n"
    "Exit: 0 clean (warnings allowed), 1 error findings, 2 usage, config\n"
    "or input error (the other files are still linted).\n";

struct lint_file {
	struct strbuf body;
	struct prgate_lint_result res;
	struct prgate_error err;
	struct strbuf checklist;
	struct strbuf error; /* the input error, naming the file */
	int ok;
};

int cmd_lint(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"title", required_argument, NULL, 't'},
	    {"label", required_argument, NULL, 'l'},
	    {"config", required_argument, NULL, 'c'},
	    {"template", required_argument, NULL, 'T'},
	    {"format", required_argument, NULL, 'f'},
	    {"max-size", required_argument, NULL, 'm'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	const char *title = NULL, *config = NULL, *tpl = NULL;
	struct prgate_strlist labels = {0};
	struct prgate_policy policy;
	struct prgate_linter *linter = NULL;
	struct prgate_error err;
	struct lint_file *files = NULL;
	struct prgate_report report = {0};
	struct strbuf out = STRBUF_INIT;
	int fmt = PRGATE_FORMAT_TEXT, c, rc = 2, nfiles;
	size_t max_size = CLI_LINT_MAX_SIZE;
	char *stdin_only[] = {(char *)"-"};
	char **paths;

	memset(&policy, 0, sizeof(policy));
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			title = optarg;
			break;
		case 'l':
			prgate_strlist_add(&labels, optarg);
			break;
		case 'c':
			config = optarg;
			break;
		case 'T':
			tpl = optarg;
			break;
		case 'f':
			if ((fmt = cli_format("lint", optarg)) < 0)
				goto out;
			break;
		case 'm':
			if (cli_parse_size("lint", optarg, &max_size))
				goto out;
			break;
		case 'h':
			fputs(lint_help, stdout);
			rc = 0;
			goto out;
		default:
			rc = cli_bad_option("lint", argv, opts);
			goto out;
		}
	}
	nfiles = argc - optind;
	if (!nfiles && isatty(STDIN_FILENO)) {
		/* nothing piped in: don't wait silently for typing */
		rc = cli_usage_error(
		    "lint", "no description to lint: name a FILE, pipe "
			    "one in, or give '-' to type it");
		goto out;
	}
	paths = nfiles ? argv + optind : stdin_only;
	if (!nfiles)
		nfiles = 1;
	if ((rc = cli_load_policy(&policy, config)))
		goto out;
	prgate_error_clear(&err);
	if (prgate_linter_new(&policy, tpl, &linter, &err) != PRGATE_OK) {
		rc = cli_fail(&err);
		goto out;
	}

	files = xcalloc((size_t)nfiles, sizeof(*files));
	report.files = xcalloc((size_t)nfiles, sizeof(*report.files));
	report.nfiles = (size_t)nfiles;
	report.color = fmt == PRGATE_FORMAT_TEXT && cli_color();
	for (int i = 0; i < nfiles; i++) {
		struct lint_file *f = &files[i];
		struct prgate_lint_input in = {
		    .name = paths[i], .title = title, .labels = &labels};
		strbuf_init(&f->body, 0);
		strbuf_init(&f->checklist, 0);
		strbuf_init(&f->error, 0);
		prgate_error_clear(&f->err);
		report.files[i].name = paths[i];
		if (cli_read_input(paths[i], max_size, &f->body, &f->err) ==
		    PRGATE_OK) {
			in.body = f->body.buf;
			in.len = f->body.len;
			f->ok = prgate_lint_run(linter, &in, &f->res,
						&f->err) == PRGATE_OK;
			/* a position in the input: name the file */
			if (!f->ok)
				strbuf_addf(
				    &f->error, "%s: ",
				    prgate_report_file_name(&report.files[i]));
		}
		if (!f->ok) {
			strbuf_addstr(&f->error, f->err.message);
			cli_error("%s", f->error.buf);
			report.files[i].error = f->error.buf;
			continue;
		}
		report.files[i].findings = &f->res.findings;
		if (nfiles == 1 && (fmt == PRGATE_FORMAT_JSON ||
				    fmt == PRGATE_FORMAT_MARKDOWN)) {
			prgate_checklist_build(&f->checklist, &policy, &f->res,
					       NULL, 0);
			report.files[i].checklist = f->checklist.buf;
		}
	}
	prgate_report_render(&out, (enum prgate_format)fmt, &report);
	fwrite(out.buf, 1, out.len, stdout);
	rc = prgate_report_exit_code(&report);
out:
	for (int i = 0; files && i < nfiles; i++) {
		strbuf_release(&files[i].body);
		strbuf_release(&files[i].checklist);
		strbuf_release(&files[i].error);
		if (files[i].ok)
			prgate_lint_result_release(&files[i].res);
	}
	free(files);
	free(report.files);
	strbuf_release(&out);
	prgate_linter_free(linter);
	prgate_policy_release(&policy);
	prgate_strlist_release(&labels);
	return rc;
}
