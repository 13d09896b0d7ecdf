/*
 * fuzz_lint.c - fuzzes the Markdown model (linter/md.c, cmark-gfm) and
 * every lint rule: the input is linted as a PR description with the
 * built-in policy (prgate_policy_init_default), then the deployment
 * checklist is built and the text, JSON, Markdown and GitHub reports are
 * rendered, to exercise them on whatever the rules found.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "linter/checklist.h"
#include "linter/lint.h"
#include "linter/policy.h"
#include "linter/report.h"
#include "support/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct prgate_policy policy;
static struct prgate_linter *linter;

static void setup(void)
{
	struct prgate_error err;
	prgate_error_clear(&err);
	if (prgate_policy_init_default(&policy, &err) != PRGATE_OK ||
	    prgate_linter_new(&policy, NULL, &linter, &err) != PRGATE_OK)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct prgate_error err;
	struct prgate_lint_result res;
	struct prgate_strlist labels = {0};
	struct prgate_lint_input in = {0};
	struct strbuf checklist = STRBUF_INIT, out = STRBUF_INIT;
	struct prgate_report_file file = {0};
	struct prgate_report report = {0};

	if (!linter)
		setup();
	prgate_strlist_add(&labels, "downtime");
	in.name = "fuzz.md";
	in.body = (const char *)data;
	in.len = size;
	in.title = "Fuzz";
	in.labels = &labels;
	in.author = "fuzzer";
	prgate_error_clear(&err);
	file.name = in.name;
	report.files = &file;
	report.nfiles = 1;
	if (prgate_lint_run(linter, &in, &res, &err) != PRGATE_OK) {
		file.error = err.message;
		prgate_report_render(&out, PRGATE_FORMAT_JSON, &report);
		strbuf_release(&out);
		prgate_strlist_release(&labels);
		return 0;
	}
	prgate_checklist_build(&checklist, &policy, &res, NULL, 0);
	file.findings = &res.findings;
	file.checklist = checklist.buf;
	prgate_report_render(&out, PRGATE_FORMAT_TEXT, &report);
	strbuf_reset(&out);
	prgate_report_render(&out, PRGATE_FORMAT_JSON, &report);
	strbuf_reset(&out);
	prgate_report_render(&out, PRGATE_FORMAT_MARKDOWN, &report);
	strbuf_reset(&out);
	prgate_report_render(&out, PRGATE_FORMAT_GITHUB, &report);
	(void)prgate_report_exit_code(&report);
	strbuf_release(&out);
	strbuf_release(&checklist);
	prgate_lint_result_release(&res);
	prgate_strlist_release(&labels);
	return 0;
}
