/*
 * cmd_lint.c - `prgate lint`: lint PR descriptions offline.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
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

/*
 * Files are linted and reported one at a time, so memory does not grow
 * with their number: the text, github and markdown reports are printed
 * as each file is done; the JSON report of several files starts with
 * the verdict of them all, so its findings and file summaries wait in
 * two temporary files until the last is done.
 */
struct spool {
	FILE *findings, *files;
	int no_findings;
};

static int spool_open(struct spool *sp)
{
	sp->no_findings = 1;
	sp->findings = tmpfile();
	sp->files = sp->findings ? tmpfile() : NULL;
	if (!sp->files) {
		cli_error("cannot make a temporary file for the JSON report: "
			  "%s",
			  strerror(errno));
		return -1;
	}
	return 0;
}

static void spool_close(struct spool *sp)
{
	if (sp->findings)
		fclose(sp->findings);
	if (sp->files)
		fclose(sp->files);
}

static int copy_out(FILE *from)
{
	char buf[8192];
	size_t n;
	rewind(from);
	while ((n = fread(buf, 1, sizeof(buf), from)) > 0)
		if (fwrite(buf, 1, n, stdout) != n)
			return -1;
	return ferror(from) ? -1 : 0;
}

/* out goes to stdout, or to a spool file; emptied either way */
static int put(struct strbuf *out, FILE *to)
{
	int bad = fwrite(out->buf, 1, out->len, to) != out->len;
	strbuf_reset(out);
	return bad ? -1 : 0;
}

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
	struct prgate_report_tally tally = {0};
	struct spool spool = {0};
	struct strbuf out = STRBUF_INIT, body = STRBUF_INIT;
	struct strbuf checklist = STRBUF_INIT, error = STRBUF_INIT;
	int fmt = PRGATE_FORMAT_TEXT, c, rc = 2, nfiles, color;
	int json_many, write_bad = 0;
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

	json_many = fmt == PRGATE_FORMAT_JSON && nfiles > 1;
	if (json_many && spool_open(&spool))
		goto out;
	color = fmt == PRGATE_FORMAT_TEXT && cli_color();
	for (int i = 0; i < nfiles; i++) {
		struct prgate_lint_input in = {
		    .name = paths[i], .title = title, .labels = &labels};
		struct prgate_report_file rf = {.name = paths[i]};
		struct prgate_lint_result res;
		int ok = 0;

		prgate_error_clear(&err);
		strbuf_reset(&body);
		strbuf_reset(&checklist);
		strbuf_reset(&error);
		if (cli_read_input(paths[i], max_size, &body, &err) ==
		    PRGATE_OK) {
			in.body = body.buf;
			in.len = body.len;
			ok = prgate_lint_run(linter, &in, &res, &err) ==
			     PRGATE_OK;
			/* a position in the input: name the file */
			if (!ok)
				strbuf_addf(&error, "%s: ",
					    prgate_report_file_name(&rf));
		}
		if (!ok) {
			strbuf_addstr(&error, err.message);
			cli_error("%s", error.buf);
			rf.error = error.buf;
		} else {
			rf.findings = &res.findings;
			if (nfiles == 1 && (fmt == PRGATE_FORMAT_JSON ||
					    fmt == PRGATE_FORMAT_MARKDOWN)) {
				prgate_checklist_build(&checklist, &policy,
						       &res, NULL, 0);
				rf.checklist = checklist.buf;
			}
		}
		prgate_report_tally_add(&tally, &rf);
		if (json_many) {
			prgate_report_json_findings(&out, &rf,
						    &spool.no_findings);
			write_bad |= put(&out, spool.findings);
			prgate_report_json_summary(&out, &rf, !i);
			write_bad |= put(&out, spool.files);
		} else {
			prgate_report_render_part(&out, (enum prgate_format)fmt,
						  &rf, (size_t)i,
						  (size_t)nfiles, color);
			write_bad |= put(&out, stdout);
			fflush(stdout);
		}
		if (ok)
			prgate_lint_result_release(&res);
		/* a big file's buffer is not kept for the next one */
		if (body.alloc > 65536)
			strbuf_release(&body);
	}
	if (json_many) {
		prgate_report_json_head(&out,
					prgate_report_tally_verdict(&tally));
		write_bad |= put(&out, stdout);
		write_bad |= copy_out(spool.findings);
		prgate_report_json_middle(&out, spool.no_findings);
		write_bad |= put(&out, stdout);
		write_bad |= copy_out(spool.files);
		prgate_report_json_tail(&out, (size_t)nfiles);
		write_bad |= put(&out, stdout);
	}
	if (write_bad) {
		cli_error("cannot write the report: %s", strerror(errno));
		rc = 2;
		goto out;
	}
	rc = prgate_report_tally_exit_code(&tally);
out:
	spool_close(&spool);
	strbuf_release(&body);
	strbuf_release(&checklist);
	strbuf_release(&error);
	strbuf_release(&out);
	prgate_linter_free(linter);
	prgate_policy_release(&policy);
	prgate_strlist_release(&labels);
	return rc;
}
