/*
 * status.c - status descriptions, exit codes and the error recorder.
 */
#include "support/status.h"

#include <stdarg.h>
#include <stdio.h>

static const struct {
	int exit_code;
	const char *desc;
} statuses[] = {
#define PRGATE_STATUS_ROW(name, code, desc) {code, desc},
    PRGATE_STATUS_LIST(PRGATE_STATUS_ROW)
#undef PRGATE_STATUS_ROW
};

const char *prgate_status_describe(enum prgate_status st)
{
	if ((size_t)st >= ARRAY_SIZE(statuses))
		return "unknown status";
	return statuses[st].desc;
}

int prgate_status_exit_code(enum prgate_status st)
{
	if ((size_t)st >= ARRAY_SIZE(statuses))
		return 3;
	return statuses[st].exit_code;
}

enum prgate_status prgate_error_set(struct prgate_error *err,
				    enum prgate_status st, const char *fmt, ...)
{
	va_list ap;
	if (!err)
		return st;
	err->status = st;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return st;
}

void prgate_error_clear(struct prgate_error *err)
{
	err->status = PRGATE_OK;
	err->message[0] = '\0';
}
