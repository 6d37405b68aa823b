/*
 * stream.c - response bodies produced while they are sent (see stream.h).
 */
#include "stream.h"
#include "http.h"
#include "httpd.h"
#include "common/buf.h"
#include "common/log.h"
#include "common/xmalloc.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct resp_stream {
	pthread_mutex_t mu;
	pthread_cond_t cond;
	struct buf buf;   /* produced bytes; buf.s[off..len) not yet taken */
	size_t off;
	int done, failed, cancelled;
	int waiting;      /* the loop found nothing to write and waits for a wake */
	int64_t sent;
	int ran;          /* stream_run happened (and released the slot) */
	stream_fn produce;
	void *arg;
	void (*arg_free)(void *);
};

static atomic_int active;

int stream_acquire(void)
{
	int n = atomic_fetch_add(&active, 1);

	if (n >= STREAM_MAX) {
		atomic_fetch_sub(&active, 1);
		return -1;
	}
	return 0;
}

void resp_stream(struct request *r, int status, const char *content_type, stream_fn produce,
		 void *arg, void (*arg_free)(void *))
{
	struct resp_stream *s = xcalloc(1, sizeof *s);

	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cond, NULL);
	buf_init(&s->buf);
	s->produce = produce;
	s->arg = arg;
	s->arg_free = arg_free;
	buf_reset(&r->resp.body);
	r->resp.status = status;
	r->resp.content_type = content_type;
	r->resp.close = 1; /* the end of the body is the end of the connection */
	r->resp.stream = s;
}

/* Tell the loop there is something to do (called with s->mu held). */
static void wake_loop(struct resp_stream *s)
{
	if (s->waiting) {
		s->waiting = 0;
		httpd_wake(NULL);
	}
}

int stream_write(struct resp_stream *s, const void *data, size_t len)
{
	int rc = 0;

	pthread_mutex_lock(&s->mu);
	while (!s->cancelled && s->buf.len - s->off >= STREAM_HIGH) {
		struct timespec until;
		int64_t before = s->sent;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += STREAM_STALL_S;
		if (pthread_cond_timedwait(&s->cond, &s->mu, &until) == ETIMEDOUT &&
		    s->sent == before) {
			log_warn("stream: the client read nothing for %d s; giving up", STREAM_STALL_S);
			s->cancelled = 1;
		}
	}
	if (s->cancelled) {
		rc = -1;
	} else {
		if (s->off && s->off == s->buf.len) {
			buf_reset(&s->buf);
			s->off = 0;
		} else if (s->off > STREAM_HIGH) {
			memmove(s->buf.s, s->buf.s + s->off, s->buf.len - s->off);
			buf_truncate(&s->buf, s->buf.len - s->off);
			s->off = 0;
		}
		buf_add(&s->buf, data, len);
		wake_loop(s);
	}
	pthread_mutex_unlock(&s->mu);
	return rc;
}

void stream_run(struct request *r)
{
	struct resp_stream *s = r->resp.stream;
	int rc;

	s->ran = 1;
	rc = s->produce(r, s, s->arg);

	if (s->arg_free)
		s->arg_free(s->arg);
	s->arg = NULL;
	pthread_mutex_lock(&s->mu);
	s->done = 1;
	s->failed = rc != 0;
	s->waiting = 1; /* always wake: the loop must see the end */
	wake_loop(s);
	pthread_mutex_unlock(&s->mu);
	atomic_fetch_sub(&active, 1);
}

size_t stream_take(struct resp_stream *s, void *dst, size_t n, int *done, int *failed)
{
	size_t avail;

	pthread_mutex_lock(&s->mu);
	avail = s->buf.len - s->off;
	if (avail > n)
		avail = n;
	memcpy(dst, s->buf.s + s->off, avail);
	s->off += avail;
	s->sent += (int64_t)avail;
	*done = s->done && s->off == s->buf.len;
	*failed = s->failed;
	if (s->off == s->buf.len && !s->done)
		s->waiting = 1; /* drained: the producer's next write must wake us */
	pthread_cond_signal(&s->cond);
	pthread_mutex_unlock(&s->mu);
	return avail;
}

int stream_wants_write(struct resp_stream *s)
{
	int yes;

	pthread_mutex_lock(&s->mu);
	yes = s->done || s->off < s->buf.len;
	pthread_mutex_unlock(&s->mu);
	return yes;
}

void stream_cancel(struct resp_stream *s)
{
	pthread_mutex_lock(&s->mu);
	s->cancelled = 1;
	pthread_cond_broadcast(&s->cond);
	pthread_mutex_unlock(&s->mu);
}

int64_t stream_sent(const struct resp_stream *s)
{
	return s->sent;
}

void stream_free(struct resp_stream *s)
{
	if (!s)
		return;
	if (!s->ran)
		atomic_fetch_sub(&active, 1);
	if (s->arg_free && s->arg)
		s->arg_free(s->arg);
	buf_free(&s->buf);
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->cond);
	free(s);
}
