/*
 * manpage.h - a command's manual page (roff, man(7) macros) written from
 * its --help text, the one source both come from.
 */
#ifndef SALESAN_MANPAGE_H
#define SALESAN_MANPAGE_H

struct buf;

/* Append salesan-<name>(1) for the command with this summary and usage
 * text to b; version and date (YYYY-MM-DD) go in the title line. */
void manpage_write(struct buf *b, const char *name, const char *summary, const char *usage,
		   const char *version, const char *date);

#endif
