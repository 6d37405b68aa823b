#include "log.h"
#include "buf.h"
#include "timeutil.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <strings.h>
#include <unistd.h>

static enum log_level cur_level = LOG_INFO;
static int log_fd = -1;
static int to_stderr = 1;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

static const char *const level_names[] = { "ERROR", "WARN ", "INFO ", "DEBUG" };

int log_parse_level(const char *s, enum log_level *out)
{
	if (!strcasecmp(s, "error"))
		*out = LOG_ERROR;
	else if (!strcasecmp(s, "warn") || !strcasecmp(s, "warning"))
		*out = LOG_WARN;
	else if (!strcasecmp(s, "info"))
		*out = LOG_INFO;
	else if (!strcasecmp(s, "debug"))
		*out = LOG_DEBUG;
	else
		return -1;
	return 0;
}

void log_set_level(enum log_level lvl) { cur_level = lvl; }
enum log_level log_get_level(void) { return cur_level; }
void log_set_stderr(int enabled) { to_stderr = enabled; }
int log_enabled(enum log_level lvl) { return lvl <= cur_level; }

int log_open_file(const char *path)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);

	if (fd < 0)
		return -1;
	pthread_mutex_lock(&log_lock);
	if (log_fd >= 0)
		close(log_fd);
	log_fd = fd;
	pthread_mutex_unlock(&log_lock);
	return 0;
}

void log_close_file(void)
{
	pthread_mutex_lock(&log_lock);
	if (log_fd >= 0)
		close(log_fd);
	log_fd = -1;
	pthread_mutex_unlock(&log_lock);
}

static void write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return; /* nowhere left to report a logging failure */
		}
		s += w;
		n -= (size_t)w;
	}
}

void log_msg(enum log_level lvl, const char *fmt, ...)
{
	struct buf line = BUF_INIT;
	char ts[32];
	size_t start, i;
	va_list ap;

	if (!log_enabled(lvl))
		return;
	time_format_iso(time_now_ms(), ts, sizeof ts);
	buf_addstr(&line, ts);
	buf_addch(&line, ' ');
	buf_addstr(&line, level_names[lvl]);
	buf_addch(&line, ' ');
	start = line.len;
	va_start(ap, fmt);
	buf_vaddf(&line, fmt, ap);
	va_end(ap);
	for (i = start; i < line.len; i++) {
		unsigned char c = (unsigned char)line.s[i];
		if (c < 0x20 || c == 0x7f)
			line.s[i] = '?';
	}
	buf_addch(&line, '\n');
	pthread_mutex_lock(&log_lock);
	if (to_stderr)
		write_all(2, line.s, line.len);
	if (log_fd >= 0)
		write_all(log_fd, line.s, line.len);
	pthread_mutex_unlock(&log_lock);
	buf_free(&line);
}
