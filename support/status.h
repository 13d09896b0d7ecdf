/*
 * status.h - the one status enum, its messages and exit codes.
 *
 * Core functions return an enum prgate_status and, on failure, fill a
 * caller-owned struct prgate_error with a one-line message in git's style
 * (lowercase, no final period, subject quoted). Only the command layer
 * prints the message and turns the status into an exit code:
 *
 *   0  GO / clean
 *   1  NO-GO / error findings
 *   2  usage, config or input error
 *   3  could not decide (API unreachable, rate-limited, timed out)
 */
#ifndef PRGATE_STATUS_H
#define PRGATE_STATUS_H

#include "support/util.h"

/* STATUS(name, exit code, description) */
#define PRGATE_STATUS_LIST(_)                                                  \
	_(OK, 0, "ok")                                                         \
	_(USAGE, 2, "usage error")                                             \
	_(IO, 2, "cannot read input")                                          \
	_(INPUT, 2, "bad input")                                               \
	_(TOO_LARGE, 2, "input too large")                                     \
	_(CONFIG, 2, "bad config")                                             \
	_(NETWORK, 3, "network error")                                         \
	_(API, 3, "api error")                                                 \
	_(UNDECIDED, 3, "could not decide")

enum prgate_status {
#define PRGATE_STATUS_ENUM(name, code, desc) PRGATE_ERR_##name,
	PRGATE_STATUS_LIST(PRGATE_STATUS_ENUM)
#undef PRGATE_STATUS_ENUM
};
#define PRGATE_OK PRGATE_ERR_OK

struct prgate_error {
	enum prgate_status status;
	char message[1024];
};

const char *prgate_status_describe(enum prgate_status st);
int prgate_status_exit_code(enum prgate_status st);

/*
 * Record a failure in err (which may be NULL) and return st, so callers
 * can write `return prgate_error_set(err, PRGATE_ERR_IO, "...", ...);`.
 */
enum prgate_status prgate_error_set(struct prgate_error *err,
				    enum prgate_status st, const char *fmt, ...)
    PRGATE_PRINTF(3, 4);
void prgate_error_clear(struct prgate_error *err);

#endif
