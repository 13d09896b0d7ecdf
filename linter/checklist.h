/*
 * checklist.h - the generated deployment checklist: a Markdown task list
 * in four phases (before, deploy, verify, rollback) built from the PR's
 * own sections and the policy's commands.
 *
 * Conditional items: backups and an assistant on hand when backing
 * services change; maintenance mode on/off around the steps when the
 * deploy has downtime. Commands are the policy's "checklist" templates
 * with {name} filled in from `vars` (the caller's: pr, sha, prev_sha,
 * branch, base, remote...) then the policy's checklist.vars; an unknown
 * {name} is left as written so the reader sees what to fill in.
 */
#ifndef PRGATE_CHECKLIST_H
#define PRGATE_CHECKLIST_H

#include "linter/lint.h"
#include "linter/policy.h"
#include "support/strbuf.h"

void prgate_checklist_build(struct strbuf *out,
			    const struct prgate_policy *policy,
			    const struct prgate_lint_result *res,
			    const struct prgate_kv *vars, size_t nvars);

/*
 * Expand {name} in tpl (exposed for tests): each value shell-quoted
 * (prgate_shell_quote()) unless made only of A-Z a-z 0-9 . _ / - + @ :,
 * since branch names and the like come from the PR's author.
 */
void prgate_checklist_expand(struct strbuf *out, const char *tpl,
			     const struct prgate_policy *policy,
			     const struct prgate_kv *vars, size_t nvars);

#endif
