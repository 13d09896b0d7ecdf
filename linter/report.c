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

const char *prgate_report_verdict(const struct prgate_report *r)
{
	int unknown = 0;
	for (size_t i = 0; i < r->nfiles; i++) {
		const char *v = prgate_report_file_verdict(&r->files[i]);
		if (!strcmp(v, "no-go"))
			return v;
		unknown |= !strcmp(v, "unknown");
	}
	return unknown || !r->nfiles ? "unknown" : "go";
}

int prgate_report_exit_code(const struct prgate_report *r)
{
	const char *v = prgate_report_verdict(r);
	for (size_t i = 0; i < r->nfiles; i++)
		if (r->files[i].error)
			return r->files[i].error_exit ? r->files[i].error_exit
						      : 2;
	if (!strcmp(v, "no-go"))
		return 1;
	return !strcmp(v, "unknown") ? 3 : 0;
}

const char *prgate_report_file_name(const struct prgate_report_file *f)
{
	return strcmp(f->name, "-") ? f->name : "<stdin>";
}
