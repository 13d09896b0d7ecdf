/*
 * tz.h - time zones: whether a zone exists in the system's zone database.
 *
 * glibc quietly treats an unknown TZ name as UTC, so a typo in the
 * deployment window's zone would move the window by hours without a
 * word. prgate therefore checks a zone name against the database itself
 * ($TZDIR, default /usr/share/zoneinfo) before it is ever used.
 *
 * (Later: local time <-> UTC conversion for the window and freezes.)
 */
#ifndef PRGATE_TZ_H
#define PRGATE_TZ_H

/*
 * 1 if name ("Europe/Ljubljana", "UTC") is a zone in the database: a
 * regular file under $TZDIR that starts with "TZif". 0 for anything else,
 * including empty names, absolute paths, "." or ".." components, empty
 * components and characters outside [A-Za-z0-9/_+-].
 */
int prgate_tz_exists(const char *name);

#endif
