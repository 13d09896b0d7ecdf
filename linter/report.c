/*
 * report.c - the format table and the verdict shared by all formats.
 */
#include <string.h>

#include "linter/report.h"

static const struct {
	const char *name;
	void (*render)(struct strbuf *out, const struct prgate_report *r);
} formats[] = {
#define PRGATE_FORMAT_ROW(NAME, name) {#name, prgate_report_##name},
    PRGATE_FORMAT_LIST(PRGATE_FORMAT_ROW)
#undef PRGATE_FORMAT_ROW
};

int prgate_format_parse(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(formats); i++)
		if (!strcmp(formats[i].name, name))
			return (int)i;
	return -1;
}

void prgate_report_render(struct strbuf *out, enum prgate_format fmt,
			  const struct prgate_report *r)
{
	formats[fmt].render(out, r);
}

void prgate_report_render_part(struct strbuf *out, enum prgate_format fmt,
			       const struct prgate_report_file *f, size_t i,
			       size_t n, int color)
{
	struct prgate_report one = {
	    .files = (struct prgate_report_file *)f,
	    .nfiles = 1,
	    .color = color,
	    .many = n > 1,
	};
	/* Markdown ends the whole report with one newline, a file's part
	 * with a blank line before the next */
	if (fmt == PRGATE_FORMAT_MARKDOWN && i > 0)
		strbuf_addch(out, '\n');
	formats[fmt].render(out, &one);
}

const char *prgate_report_file_verdict(const struct prgate_report_file *f)
{
	int undecided = 0;
	if (!f->findings)
		return "unknown";
	for (size_t i = 0; i < f->findings->n; i++) {
		const struct prgate_finding *x = &f->findings->v[i];
		if (x->severity != PRGATE_SEV_ERROR)
			continue;
		if (!x->undecided)
			return "no-go";
		undecided = 1;
	}
	return undecided ? "unknown" : "go";
}

size_t prgate_report_file_noverrides(const struct prgate_report_file *f)
{
	return f->overrides ? f->overrides->n : 0;
}

void prgate_report_tally_add(struct prgate_report_tally *t,
			     const struct prgate_report_file *f)
{
	const char *v = prgate_report_file_verdict(f);
	if (f->error && !t->error_exit)
		t->error_exit = f->error_exit ? f->error_exit : 2;
	t->no_go |= !strcmp(v, "no-go");
	t->unknown |= !strcmp(v, "unknown");
	t->nfiles++;
}

const char *prgate_report_tally_verdict(const struct prgate_report_tally *t)
{
	if (t->no_go)
		return "no-go";
	return t->unknown || !t->nfiles ? "unknown" : "go";
}

int prgate_report_tally_exit_code(const struct prgate_report_tally *t)
{
	const char *v = prgate_report_tally_verdict(t);
	if (t->error_exit)
		return t->error_exit;
	if (!strcmp(v, "no-go"))
		return 1;
	return !strcmp(v, "unknown") ? 3 : 0;
}

static void tally(struct prgate_report_tally *t, const struct prgate_report *r)
{
	memset(t, 0, sizeof(*t));
	for (size_t i = 0; i < r->nfiles; i++)
		prgate_report_tally_add(t, &r->files[i]);
}

const char *prgate_report_verdict(const struct prgate_report *r)
{
	struct prgate_report_tally t;
	tally(&t, r);
	return prgate_report_tally_verdict(&t);
}

int prgate_report_exit_code(const struct prgate_report *r)
{
	struct prgate_report_tally t;
	tally(&t, r);
	return prgate_report_tally_exit_code(&t);
}

const char *prgate_report_file_name(const struct prgate_report_file *f)
{
	return strcmp(f->name, "-") ? f->name : "<stdin>";
}
