/*
 * tap.h - a small Test Anything Protocol emitter for the C unit tests.
 *
 *   plan(n) or done_testing() at the end;
 *   ok(cond, fmt, ...), is_int(got, want, name), is_str(got, want, name),
 *   skip(why), diag(fmt, ...);
 *   exit_status() returns non-zero when anything failed.
 */
#ifndef SALESAN_TAP_H
#define SALESAN_TAP_H

#include <stdarg.h>
#include <regex.h>
#include <stdio.h>
#include <string.h>

static int tap_run, tap_fail, tap_planned;

static inline void plan(int n)
{
	tap_planned = n;
	printf("1..%d\n", n);
}

static inline void diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static inline int ok_at(int cond, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	tap_run++;
	printf("%sok %d - ", cond ? "" : "not ", tap_run);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!cond) {
		tap_fail++;
		diag("  failed at %s:%d", file, line);
	}
	fflush(stdout);
	return cond;
}

#define ok(cond, ...) ok_at(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

#define is_int(got, want, name)                                                        \
	do {                                                                           \
		long long g_ = (long long)(got), w_ = (long long)(want);               \
		if (!ok(g_ == w_, "%s", name))                                         \
			diag("  got %lld, want %lld", g_, w_);                         \
	} while (0)

#define is_str(got, want, name)                                                        \
	do {                                                                           \
		const char *g_ = (got), *w_ = (want);                                  \
		int same_ = (g_ && w_) ? !strcmp(g_, w_) : g_ == w_;                   \
		if (!ok(same_, "%s", name))                                            \
			diag("  got '%s', want '%s'", g_ ? g_ : "(null)", w_ ? w_ : "(null)"); \
	} while (0)

/* got matches the POSIX extended regular expression re. */
static inline int like_at(const char *got, const char *re, const char *name)
{
	regex_t rx;
	int m = 0;

	if (got && regcomp(&rx, re, REG_EXTENDED | REG_NOSUB) == 0) {
		m = regexec(&rx, got, 0, NULL, 0) == 0;
		regfree(&rx);
	}
	if (!ok(m, "%s", name))
		diag("  '%s' does not match /%s/", got ? got : "(null)", re);
	return m;
}
#define like(got, re, name) like_at((got), (re), (name))

static inline void skip(const char *why)
{
	tap_run++;
	printf("ok %d # SKIP %s\n", tap_run, why);
}

static inline int done_testing(void)
{
	if (!tap_planned)
		printf("1..%d\n", tap_run);
	else if (tap_planned != tap_run)
		diag("planned %d tests but ran %d", tap_planned, tap_run);
	return tap_fail || (tap_planned && tap_planned != tap_run) ? 1 : 0;
}

#endif
