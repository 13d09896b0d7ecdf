/*
 * journal.h - the deploy journal: one JSON line per push to a deploy
 * target that the pre-push hook let through, in
 * GIT_COMMON_DIR/prgate/deploys.jsonl, so the production SHA before each
 * deploy (the rollback point) is on record for `prgate checklist`.
 *
 * A line, keys always in this order ("reason" only when there is one):
 *   {"time": "2026-11-25T09:00:00Z", "remote": "production",
 *    "ref": "refs/heads/master", "old_sha": "4f2a...", "new_sha": "78b9...",
 *    "pr": "octo/shop#482", "verdict": "go"}
 * old_sha is null for a new branch, new_sha null for a deletion, pr null
 * when the gate was skipped; verdict is "go", "skipped" (PRGATE_SKIP,
 * with its reason) or "unknown" (let through by
 * PRGATE_HOOK_UNDECIDED=allow, with why it could not be decided).
 *
 * Ownership: struct prgate_journal_entry owns its strings (NULL for a
 * JSON null or an absent key); prgate_journal_entry_release() frees them.
 */
#ifndef PRGATE_JOURNAL_H
#define PRGATE_JOURNAL_H

#include <stddef.h>
#include <time.h>

#include "support/status.h"
#include "support/strbuf.h"
#include "support/util.h"

/* The journal's path under the git common directory. */
#define PRGATE_JOURNAL_NAME "prgate/deploys.jsonl"

struct prgate_journal_entry {
	time_t time; /* UTC seconds */
	char *remote;
	char *ref;
	char *old_sha;
	char *new_sha;
	char *pr;
	char *verdict;
	char *reason;
};

void prgate_journal_entry_release(struct prgate_journal_entry *e);

/* Append e as one JSON line, newline included, to out. */
void prgate_journal_format(struct strbuf *out,
			   const struct prgate_journal_entry *e);
/*
 * Parse one line (without its newline) into e, which the caller
 * releases whatever the result. A line that is not a journal entry is
 * PRGATE_ERR_INPUT.
 */
enum prgate_status prgate_journal_parse(const char *line, size_t len,
					struct prgate_journal_entry *e,
					struct prgate_error *err);

/*
 * Append entries e[0, n) to the journal at path with a single write to a
 * file opened O_APPEND (so concurrent pushes never interleave lines),
 * creating its folder (one level) and the file (mode 0644 less the
 * umask). Errors are PRGATE_ERR_IO naming the file.
 */
enum prgate_status prgate_journal_append(const char *path,
					 const struct prgate_journal_entry *e,
					 size_t n, struct prgate_error *err);

/*
 * The latest entry (the last line that parses; others are skipped) whose
 * remote is in remotes (NULL: any) and whose ref is ref (NULL: any),
 * looking at the last MiB of the journal. Returns 1 and fills out (the
 * caller releases it), 0 when there is none (no journal included), -1
 * with err set when the journal can't be read.
 */
int prgate_journal_latest(const char *path,
			  const struct prgate_strlist *remotes, const char *ref,
			  struct prgate_journal_entry *out,
			  struct prgate_error *err);

/*
 * The journal's path for the git repository around the current directory
 * (from `git rev-parse --git-common-dir`, so every worktree shares one).
 * Returns 0 and sets out (reset first), or -1 outside a repository.
 */
int prgate_journal_locate(struct strbuf *out);

#endif
