/*
 * report.h - turning a run's results into text, JSON, Markdown or GitHub
 * workflow commands.
 *
 * Renderers write into a strbuf and never print: the command layer
 * decides where output goes. The formats are a table (PRGATE_FORMAT_LIST),
 * one file each: report_text.c, report_json.c, report_markdown.c,
 * report_github.c. A report borrows everything it points to.
 */
#ifndef PRGATE_REPORT_H
#define PRGATE_REPORT_H

#include <time.h>

#include "linter/finding.h"
#include "support/strbuf.h"

struct prgate_report_file {
	const char *name; /* path, "-" (shown as <stdin>) */
	const struct prgate_findings *findings; /* NULL on an input error */
	const char *error;			/* the input error, or NULL */
	int error_exit;				/* its exit code; 0 means 2 */
	const char *checklist;			/* Markdown, or NULL */
	/* prgate check */
	const struct prgate_checks *checks; /* the gate rules' answers */
	const char *title;		    /* "octo/app#7: Add export" */
	time_t expires_at;		    /* 0: no time-based change */
};

struct prgate_report {
	struct prgate_report_file *files;
	size_t nfiles;
	int color; /* text: ANSI colours */
};

/* FORMAT(NAME, name) */
#define PRGATE_FORMAT_LIST(_)                                                  \
	_(TEXT, text)                                                          \
	_(JSON, json)                                                          \
	_(MARKDOWN, markdown)                                                  \
	_(GITHUB, github)

enum prgate_format {
#define PRGATE_FORMAT_ENUM(NAME, name) PRGATE_FORMAT_##NAME,
	PRGATE_FORMAT_LIST(PRGATE_FORMAT_ENUM)
#undef PRGATE_FORMAT_ENUM
};

#define PRGATE_FORMAT_PROTO(NAME, name)                                        \
	void prgate_report_##name(struct strbuf *out,                          \
				  const struct prgate_report *r);
PRGATE_FORMAT_LIST(PRGATE_FORMAT_PROTO)
#undef PRGATE_FORMAT_PROTO

/* The format called name, or -1. */
int prgate_format_parse(const char *name);
void prgate_report_render(struct strbuf *out, enum prgate_format fmt,
			  const struct prgate_report *r);

/* "go", "no-go" or "unknown" for one file or the whole report. */
const char *prgate_report_file_verdict(const struct prgate_report_file *f);
const char *prgate_report_verdict(const struct prgate_report *r);
/*
 * The exit code: an input error's (2, or 3 when GitHub could not be
 * asked), else 1 on errors, 3 when undecided, else 0.
 */
int prgate_report_exit_code(const struct prgate_report *r);
/* How a file is named in reports: "-" is "<stdin>". */
const char *prgate_report_file_name(const struct prgate_report_file *f);

#endif
