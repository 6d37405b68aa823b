/*
 * when.h - dates as people type them on the command line.
 */
#ifndef SALESAN_WHEN_H
#define SALESAN_WHEN_H

#include <stdint.h>

/*
 * Parse s into ms since the epoch.  Accepted: "now"; "today" or
 * "tomorrow", optionally followed by HH:MM; "YYYY-MM-DD" with an optional
 * " HH:MM[:SS]" or "THH:MM[:SS]" in local time; or any ISO-8601 form with
 * Z or an offset.  Returns 0, or -1 when s is none of these.
 */
int when_parse(const char *s, int64_t *ms);

#endif
