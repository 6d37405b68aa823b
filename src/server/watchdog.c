/*
 * watchdog.c - event-loop liveness and sd_notify (see watchdog.h).
 */
#include "watchdog.h"
#include "common/log.h"
#include "common/timeutil.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static atomic_llong last_beat_us;
static pthread_t thread;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int running, stopping;

void watchdog_notify(const char *msg)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un a;
	socklen_t len;
	int fd;

	if (!path || !*path || strlen(path) >= sizeof a.sun_path)
		return;
	memset(&a, 0, sizeof a);
	a.sun_family = AF_UNIX;
	memcpy(a.sun_path, path, strlen(path));
	if (a.sun_path[0] == '@') /* an abstract socket */
		a.sun_path[0] = '\0';
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path));
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	if (sendto(fd, msg, strlen(msg), MSG_NOSIGNAL, (struct sockaddr *)&a, len) < 0)
		log_debug("sd_notify %s: %s", msg, strerror(errno));
	close(fd);
}

void watchdog_beat(void)
{
	atomic_store(&last_beat_us, time_mono_us());
}

static void *run(void *arg)
{
	const char *wu = getenv("WATCHDOG_USEC");
	long long interval_ms = wu ? atoll(wu) / 1000 : 0, since_ping = 0, stalled = 0;

	(void)arg;
	pthread_mutex_lock(&mu);
	while (!stopping) {
		struct timespec until;
		long long age_ms;

		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += WATCHDOG_CHECK_MS / 1000;
		pthread_cond_timedwait(&cond, &mu, &until);
		if (stopping)
			break;
		age_ms = (time_mono_us() - atomic_load(&last_beat_us)) / 1000;
		if (age_ms > WATCHDOG_STALL_MS) {
			if (!stalled)
				log_error("watchdog: the event loop has not turned for %lld ms%s", age_ms,
					  interval_ms ? "; no longer telling systemd it is alive" : "");
			stalled = 1;
			continue;
		}
		if (stalled)
			log_warn("watchdog: the event loop turns again");
		stalled = 0;
		since_ping += WATCHDOG_CHECK_MS;
		if (interval_ms && since_ping * 2 >= interval_ms) {
			watchdog_notify("WATCHDOG=1");
			since_ping = 0;
		}
	}
	pthread_mutex_unlock(&mu);
	return NULL;
}

int watchdog_start(void)
{
	watchdog_beat();
	stopping = 0;
	if (pthread_create(&thread, NULL, run, NULL)) {
		log_error("watchdog: cannot start its thread");
		return -1;
	}
	running = 1;
	return 0;
}

void watchdog_stop(void)
{
	if (!running)
		return;
	pthread_mutex_lock(&mu);
	stopping = 1;
	pthread_cond_signal(&cond);
	pthread_mutex_unlock(&mu);
	pthread_join(thread, NULL);
	running = 0;
}
