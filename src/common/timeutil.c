#include "timeutil.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

int64_t time_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t time_mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Howard Hinnant's days_from_civil / civil_from_days. */
int64_t time_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t yy = (int64_t)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yy + (*m <= 2);
}

static int64_t floordiv(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

char *time_format_iso(int64_t ms, char *out, size_t outlen)
{
	const int64_t min_ms = -62167219200000LL;  /* 0000-01-01 */
	const int64_t max_ms = 253402300799999LL;  /* 9999-12-31T23:59:59.999 */
	int64_t days, rem, y;
	unsigned m, d;

	if (ms < min_ms)
		ms = min_ms;
	if (ms > max_ms)
		ms = max_ms;
	days = floordiv(ms, 86400000);
	rem = ms - days * 86400000;
	civil_from_days(days, &y, &m, &d);
	snprintf(out, outlen, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", (int)y, m, d,
		 (int)(rem / 3600000), (int)(rem / 60000 % 60), (int)(rem / 1000 % 60),
		 (int)(rem % 1000));
	return out;
}

/* Read exactly n digits. */
static int digits(const char **p, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

static int days_in_month(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 ? 28 + leap : dm[m - 1];
}

int time_parse_iso(const char *s, int64_t *ms_out)
{
	const char *p = s;
	int y, mo, d, h = 0, mi = 0, sec = 0, msec = 0, tz = 0;

	if (digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mo) || *p++ != '-' ||
	    digits(&p, 2, &d))
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
		return -1;
	if (*p == 'T' || *p == 't' || (*p == ' ' && isdigit((unsigned char)p[1]))) {
		p++;
		if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi))
			return -1;
		if (*p == ':') {
			p++;
			if (digits(&p, 2, &sec))
				return -1;
			if (*p == '.' || *p == ',') {
				int scale = 100, n = 0;
				p++;
				if (!isdigit((unsigned char)*p))
					return -1;
				while (isdigit((unsigned char)*p)) {
					if (n++ < 3) {
						msec += (*p - '0') * scale;
						scale /= 10;
					}
					p++;
				}
				if (n > 9)
					return -1;
			}
		}
		if (h > 23 || mi > 59 || sec > 60)
			return -1;
		if (sec == 60)
			sec = 59; /* leap second: clamp rather than roll over */
		if (*p == 'Z' || *p == 'z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			int sign = *p++ == '-' ? -1 : 1, th, tm;
			if (digits(&p, 2, &th))
				return -1;
			if (*p == ':')
				p++;
			if (digits(&p, 2, &tm) || th > 23 || tm > 59)
				return -1;
			tz = sign * (th * 60 + tm);
		}
	}
	if (*p != '\0')
		return -1;
	*ms_out = (time_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 +
		   h * 3600 + mi * 60 + sec - tz * 60) * 1000 + msec;
	return 0;
}

int time_parse_duration(const char *s, int64_t *secs)
{
	int64_t v = 0, mult = 1;
	const char *p = s;

	while (*p == ' ')
		p++;
	if (!isdigit((unsigned char)*p))
		return -1;
	while (isdigit((unsigned char)*p)) {
		v = v * 10 + (*p++ - '0');
		if (v > 10LL * 366 * 86400)
			return -1;
	}
	while (*p == ' ')
		p++;
	if (*p) {
		char u = (char)tolower((unsigned char)*p++);
		if (u == 'm' && (*p == 's' || *p == 'S')) {
			/* milliseconds, as the `ms` package reads "1500ms" */
			p++;
			v /= 1000;
			u = 's';
		}
		switch (u) {
		case 's': mult = 1; break;
		case 'm': mult = 60; break;
		case 'h': mult = 3600; break;
		case 'd': mult = 86400; break;
		case 'w': mult = 7 * 86400; break;
		case 'y': mult = 365 * 86400; break;
		default: return -1;
		}
		while (isalpha((unsigned char)*p))
			p++; /* "hours", "days", "min" */
		while (*p == ' ')
			p++;
		if (*p)
			return -1;
	}
	v *= mult;
	if (v <= 0 || v > 10LL * 366 * 86400)
		return -1;
	*secs = v;
	return 0;
}
