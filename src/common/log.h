/*
 * log.h - leveled, line-oriented logging shared by both binaries.
 *
 * Each call writes exactly one line, "<ISO-8601 UTC> <LEVEL> <message>", to
 * stderr and, when log_open_file() succeeded, to that file as well.  Lines
 * are written with a single write(2) under a mutex, so threads never
 * interleave.  Control characters in the formatted message are replaced by
 * '?' so that client-supplied text (paths, names) cannot forge log lines.
 * Callers format messages as "event key=value ..." and must never pass
 * secrets (passwords, tokens, keys).
 */
#ifndef SALESAN_LOG_H
#define SALESAN_LOG_H

enum log_level { LOG_ERROR = 0, LOG_WARN = 1, LOG_INFO = 2, LOG_DEBUG = 3 };

/* Parse "error|warn|info|debug" (case-insensitive; "warning" too).
 * Returns 0 and sets *out, or -1 for anything else. */
int log_parse_level(const char *s, enum log_level *out);
void log_set_level(enum log_level lvl);
enum log_level log_get_level(void);
/* Append to path (created 0640).  Returns 0, or -1 with errno set. */
int log_open_file(const char *path);
void log_close_file(void);
/* When quiet, nothing goes to stderr (the file, if any, still gets lines). */
void log_set_stderr(int enabled);

int log_enabled(enum log_level lvl);
void log_msg(enum log_level lvl, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...)  do { if (log_enabled(LOG_INFO)) log_msg(LOG_INFO, __VA_ARGS__); } while (0)
#define log_debug(...) do { if (log_enabled(LOG_DEBUG)) log_msg(LOG_DEBUG, __VA_ARGS__); } while (0)

#endif
