/*
 * timeutil.h - wall-clock and monotonic time, ISO-8601 and durations.
 *
 * salesan stores times as int64 milliseconds since the Unix epoch (UTC) and
 * shows them as "YYYY-MM-DDTHH:MM:SS.mmmZ".  Nothing here allocates.
 */
#ifndef SALESAN_TIMEUTIL_H
#define SALESAN_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>

#define TIME_ISO_LEN 25 /* "2024-01-15T10:00:00.000Z" plus NUL */

/* Milliseconds since the epoch (CLOCK_REALTIME). */
int64_t time_now_ms(void);
/* Monotonic microseconds, for measuring durations only. */
int64_t time_mono_us(void);

/* Format ms as ISO-8601 UTC with milliseconds into out (at least
 * TIME_ISO_LEN bytes).  Returns out.  Years outside 0000..9999 are clamped. */
char *time_format_iso(int64_t ms, char *out, size_t outlen);

/*
 * Parse an ISO-8601 date or date-time into *ms.  Accepted forms:
 *   YYYY-MM-DD                         (midnight UTC)
 *   YYYY-MM-DDTHH:MM[:SS[.fraction]]   followed by Z, +HH:MM, -HH:MM, +HHMM
 *                                      or nothing (then UTC)
 * A space may replace the 'T'.  Fields are range-checked (Feb 30 fails).
 * Returns 0 on success, -1 on any malformed input (nothing else is set).
 */
int time_parse_iso(const char *s, int64_t *ms);

/*
 * Parse a duration like the original's JWT_EXPIRES_IN: "90" (seconds),
 * "30s", "15m", "24h", "7d", "2w", "1y" (365 days); optional spaces before
 * the unit.  Returns seconds in *secs and 0, or -1 when malformed, zero or
 * larger than ten years.
 */
int time_parse_duration(const char *s, int64_t *secs);

/* Days since 1970-01-01 for a proleptic Gregorian date. */
int64_t time_days_from_civil(int64_t y, unsigned m, unsigned d);

#endif
