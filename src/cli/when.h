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

/*
 * A report period's start (and, for closed periods, end) from s: "7d",
 * "12w" (that many days or weeks back from now), "today", "yesterday",
 * "this-week" (from Monday), "this-month", "last-month", "this-year",
 * or anything when_parse takes (then *has_end is 0).  Local time.
 * Returns 0, or -1 when s is none of these.
 */
int when_period(const char *s, int64_t *start, int64_t *end, int *has_end);

/* The end of an inclusive --to: a bare date "YYYY-MM-DD" means the end of
 * that day; anything else as when_parse. */
int when_until(const char *s, int64_t *ms);

#endif
