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
	/* failed gate checks someone allowed; NULL or empty: none */
	const struct prgate_overrides *overrides;
	const char *title; /* "octo/app#7: Add export" */
	time_t expires_at; /* 0: no time-based change */
};

struct prgate_report {
	struct prgate_report_file *files;
	size_t nfiles;
	int color; /* text: ANSI colours */
	/* markdown: name each file, as in a report of several (a report
	 * written one file at a time) */
	int many;
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
/*
 * The Markdown list of f's gate overrides ("Overrides:" and one item
 * each: rule, who, why, a link to the comment), escaped like the rest of
 * the Markdown report; nothing when there are none.
 */
void prgate_report_markdown_overrides(struct strbuf *out,
				      const struct prgate_report_file *f);
/* How many gate overrides f has. */
size_t prgate_report_file_noverrides(const struct prgate_report_file *f);
/* How a file is named in reports: "-" is "<stdin>". */
const char *prgate_report_file_name(const struct prgate_report_file *f);

/*
 * The file's checklist as a collapsed Markdown block, escaped as the
 * Markdown report does (nothing when it has none): the GO comment keeps
 * it too.
 */
void prgate_report_markdown_checklist(struct strbuf *out,
				      const struct prgate_report_file *f);

/*
 * The verdict and exit code of files seen one at a time (what
 * prgate_report_verdict() and prgate_report_exit_code() say of them all);
 * zero it to start.
 */
struct prgate_report_tally {
	size_t nfiles;
	int no_go, unknown;
	int error_exit; /* the first input error's exit code, or 0 */
};
void prgate_report_tally_add(struct prgate_report_tally *t,
			     const struct prgate_report_file *f);
const char *prgate_report_tally_verdict(const struct prgate_report_tally *t);
int prgate_report_tally_exit_code(const struct prgate_report_tally *t);

/*
 * A report of many files written one file at a time (prgate lint FILE...,
 * so memory does not grow with the number of files): the pieces that,
 * concatenated in this order, are byte for byte what
 * prgate_report_render() writes for all the files at once.
 *   text, github, markdown: prgate_report_render_part() for each file,
 *     i its index and n the number of files;
 *   json (its verdict comes first, so a caller keeps the pieces aside
 *     until the last file is done): prgate_report_json_head(verdict),
 *     every file's prgate_report_json_findings(),
 *     prgate_report_json_middle(), every file's
 *     prgate_report_json_summary(), prgate_report_json_tail(n).
 * Only for several files: the JSON of one file has more (its checklist).
 */
void prgate_report_render_part(struct strbuf *out, enum prgate_format fmt,
			       const struct prgate_report_file *f, size_t i,
			       size_t n, int color);
void prgate_report_json_head(struct strbuf *out, const char *verdict);
/* *first: no finding written yet; cleared once one is */
void prgate_report_json_findings(struct strbuf *out,
				 const struct prgate_report_file *f,
				 int *first);
void prgate_report_json_middle(struct strbuf *out, int no_findings);
void prgate_report_json_summary(struct strbuf *out,
				const struct prgate_report_file *f, int first);
void prgate_report_json_tail(struct strbuf *out, size_t nfiles);

#endif
