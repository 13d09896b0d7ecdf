/*
 * facts.c - the plain helpers of the facts' types (linter/facts.h).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "linter/facts.h"
#include "support/glob.h"

void prgate_github_facts_release(struct prgate_github_facts *f)
{
	free(f->title);
	free(f->body);
	free(f->state);
	free(f->mergeable_state);
	free(f->head_sha);
	free(f->merge_commit_sha);
	free(f->head_sha_again);
	free(f->head_ref);
	free(f->base_ref);
	free(f->author);
	prgate_strlist_release(&f->labels);
	prgate_strlist_release(&f->requested_reviewers);
	prgate_strlist_release(&f->requested_teams);
	for (size_t i = 0; i < f->nreviews; i++) {
		free(f->reviews[i].login);
		free(f->reviews[i].state);
		free(f->reviews[i].commit_id);
	}
	free(f->reviews);
	for (size_t i = 0; i < f->nchecks; i++) {
		free(f->checks[i].name);
		free(f->checks[i].status);
		free(f->checks[i].conclusion);
		free(f->checks[i].html_url);
	}
	free(f->checks);
	for (size_t i = 0; i < f->nstatuses; i++) {
		free(f->statuses[i].context);
		free(f->statuses[i].state);
		free(f->statuses[i].target_url);
		free(f->statuses[i].description);
	}
	free(f->statuses);
	free(f->combined_state);
	free(f->compare_status);
	for (size_t i = 0; i < f->nfiles; i++) {
		free(f->files[i].filename);
		free(f->files[i].status);
		free(f->files[i].patch);
	}
	free(f->files);
	for (size_t i = 0; i < f->ndeps; i++)
		free(f->deps[i].state);
	free(f->deps);
	memset(f, 0, sizeof(*f));
	f->mergeable = -1;
}

void prgate_gate_facts_release(struct prgate_gate_facts *gate)
{
	for (size_t i = 0; i < gate->nmetrics; i++)
		free(gate->metrics[i].error);
	free(gate->metrics);
	gate->metrics = NULL;
	gate->nmetrics = 0;
}

int prgate_gate_migrations(const struct prgate_policy *p,
			   const struct prgate_github_facts *gh,
			   const char **first)
{
	if (first)
		*first = NULL;
	if (!gh)
		return 0;
	for (size_t i = 0; i < gh->nfiles; i++) {
		const char *name = gh->files[i].filename;
		if (!name)
			continue;
		for (size_t k = 0; k < p->migrations.paths.n; k++)
			if (prgate_glob_match(p->migrations.paths.v[k], name)) {
				if (first)
					*first = name;
				return 1;
			}
	}
	return 0;
}

int prgate_when_matches(const struct prgate_when *w,
			const struct prgate_strlist *labels,
			const struct prgate_github_facts *gh, int downtime)
{
	if (w->downtime >= 0 && !w->downtime != !downtime)
		return 0;
	if (w->labels.n) {
		int hit = 0;
		for (size_t i = 0; labels && !hit && i < labels->n; i++)
			hit =
			    prgate_strlist_has_icase(&w->labels, labels->v[i]);
		if (!hit)
			return 0;
	}
	if (w->paths.n) {
		int hit = 0;
		for (size_t i = 0; gh && !hit && i < gh->nfiles; i++)
			for (size_t k = 0;
			     gh->files[i].filename && !hit && k < w->paths.n;
			     k++)
				hit = prgate_glob_match(w->paths.v[k],
							gh->files[i].filename);
		if (!hit)
			return 0;
	}
	return 1;
}

static void add_or_list(struct strbuf *sb, const struct prgate_strlist *l,
			const char *quote)
{
	for (size_t i = 0; i < l->n; i++)
		strbuf_addf(sb, "%s%s%s%s", i ? " or " : "", quote, l->v[i],
			    quote);
}

void prgate_when_describe(const struct prgate_when *w, struct strbuf *sb)
{
	size_t start = sb->len;
	if (w->downtime >= 0)
		strbuf_addstr(sb, w->downtime ? "the deploy has downtime"
					      : "the deploy has no downtime");
	if (w->labels.n) {
		strbuf_addstr(sb, sb->len > start ? " and the PR is labelled "
						  : "the PR is labelled ");
		add_or_list(sb, &w->labels, "'");
	}
	if (w->paths.n) {
		strbuf_addstr(sb, sb->len > start ? " and the PR changes "
						  : "the PR changes ");
		add_or_list(sb, &w->paths, "");
	}
}

const struct prgate_window_rule *
prgate_policy_window_for(const struct prgate_policy *p,
			 const struct prgate_strlist *labels,
			 const struct prgate_github_facts *gh, int downtime)
{
	for (size_t i = 0; i < p->nwindows; i++)
		if (prgate_when_matches(&p->windows[i].when, labels, gh,
					downtime))
			return &p->windows[i];
	return NULL;
}
