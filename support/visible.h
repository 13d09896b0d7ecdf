/*
 * visible.h - text from elsewhere (GitHub's titles, check names, logins,
 * messages) made safe to print to a terminal or paste into a shell
 * command. Pure functions: they append to a strbuf the caller owns.
 */
#ifndef PRGATE_VISIBLE_H
#define PRGATE_VISIBLE_H

#include <stddef.h>

#include "support/strbuf.h"

/*
 * Append s with every control character made visible: ESC as "\e", the
 * other C0 controls (line breaks and tabs included), DEL and the C1
 * controls (U+0080..U+009F) as "\xNN" (the code point), a byte that is
 * not UTF-8 as "\xNN" (the byte), a backslash as itself. Nothing a
 * terminal acts on is left: no colour, cursor move, title or clipboard
 * write (OSC 52) can come through.
 */
void prgate_visible_add(struct strbuf *out, const char *s);

/*
 * The length in bytes of the invisible character at s (n bytes left):
 * white space (ASCII and Unicode: no-break, en/em/thin spaces...),
 * zero-width characters (U+200B..U+200D, U+2060, U+FEFF), soft hyphen,
 * direction marks and isolates, Hangul fillers. 0 when s starts with a
 * character that shows.
 */
size_t prgate_invisible_len(const char *s, size_t n);

/* s needs no quoting in a POSIX shell: only A-Z a-z 0-9 . _ / - + @ : */
int prgate_shell_plain(const char *s);
/*
 * Append s for a POSIX shell: as it is when plain, else in single
 * quotes ('...'), a single quote as '\''. "" becomes ''.
 */
void prgate_shell_quote(struct strbuf *out, const char *s);
/* The same, always in single quotes (a word the shell must never split
 * or expand, whatever it holds: a path, a ref name). */
void prgate_shell_quote_always(struct strbuf *out, const char *s);

#endif
