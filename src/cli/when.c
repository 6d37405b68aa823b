#include "when.h"
#include "common/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int local_ms(int y, int mo, int d, int h, int mi, int s, int64_t *ms)
{
	struct tm tm;
	time_t t;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	if (t == (time_t)-1)
		return -1;
	*ms = (int64_t)t * 1000;
	return 0;
}

int when_parse(const char *s, int64_t *ms)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, n = 0;
	char sep;
	size_t len = strlen(s);

	if (!strcmp(s, "now")) {
		*ms = time_now_ms();
		return 0;
	}
	if (!strncmp(s, "today", 5) || !strncmp(s, "tomorrow", 8)) {
		int add = s[2] == 'm' ? 1 : 0;
		const char *rest = s + (add ? 8 : 5);
		time_t now = time(NULL);
		struct tm tm;
		localtime_r(&now, &tm);
		if (*rest) {
			if (sscanf(rest, " %d:%d%n", &h, &mi, &n) != 2 || rest[n] || h > 23 || mi > 59)
				return -1;
		}
		return local_ms(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday + add, h, mi, 0, ms);
	}
	/* Explicit zone: let the ISO parser decide. */
	if (len > 10 && (s[len - 1] == 'Z' || s[len - 1] == 'z' || strchr(s + 10, '+') ||
			 (strlen(s + 10) > 6 && strchr(s + 16, '-'))))
		return time_parse_iso(s, ms);
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
		return -1;
	if (s[10]) {
		int m2 = 0;
		if (sscanf(s + 10, "%c%2d:%2d%n", &sep, &h, &mi, &m2) != 3 || (sep != ' ' && sep != 'T'))
			return -1;
		if (s[10 + m2] == ':') {
			int m3 = 0;
			if (sscanf(s + 10 + m2, ":%2d%n", &sec, &m3) != 1)
				return -1;
			m2 += m3;
		}
		if (s[10 + m2])
			return -1;
	}
	{
		/* Range-check through the strict parser before mktime normalises. */
		int64_t dummy;
		char iso[32];
		snprintf(iso, sizeof iso, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, h, mi, sec);
		if (time_parse_iso(iso, &dummy))
			return -1;
	}
	return local_ms(y, mo, d, h, mi, sec, ms);
}

int when_period(const char *s, int64_t *start, int64_t *end, int *has_end)
{
	time_t now = time(NULL);
	struct tm tm;
	long n;
	char unit, *e;

	*has_end = 0;
	localtime_r(&now, &tm);
	n = strtol(s, &e, 10);
	if (e != s && s[0] != '-' && s[0] != '+' && (*e == 'd' || *e == 'w') && !e[1] && n > 0 &&
	    n <= 36600) {
		unit = *e;
		*start = time_now_ms() - (int64_t)n * (unit == 'w' ? 7 : 1) * 86400000;
		return 0;
	}
	if (!strcmp(s, "today"))
		return local_ms(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, 0, 0, 0, start);
	if (!strcmp(s, "yesterday")) {
		*has_end = 1;
		if (local_ms(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, 0, 0, 0, end))
			return -1;
		*end -= 1;
		return local_ms(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday - 1, 0, 0, 0, start);
	}
	if (!strcmp(s, "this-week"))
		return local_ms(tm.tm_year + 1900, tm.tm_mon + 1,
				tm.tm_mday - (tm.tm_wday + 6) % 7, 0, 0, 0, start);
	if (!strcmp(s, "this-month"))
		return local_ms(tm.tm_year + 1900, tm.tm_mon + 1, 1, 0, 0, 0, start);
	if (!strcmp(s, "last-month")) {
		*has_end = 1;
		if (local_ms(tm.tm_year + 1900, tm.tm_mon + 1, 1, 0, 0, 0, end))
			return -1;
		*end -= 1;
		return local_ms(tm.tm_year + 1900, tm.tm_mon, 1, 0, 0, 0, start);
	}
	if (!strcmp(s, "this-year"))
		return local_ms(tm.tm_year + 1900, 1, 1, 0, 0, 0, start);
	return when_parse(s, start);
}

int when_until(const char *s, int64_t *ms)
{
	if (when_parse(s, ms))
		return -1;
	if (strlen(s) == 10 || !strcmp(s, "today") || !strcmp(s, "tomorrow"))
		*ms += 86400000 - 1;
	return 0;
}
