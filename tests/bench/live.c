/*
 * live bench - the live hub under load, from many raw WebSocket clients in
 * one epoll loop.  Prints figures; asserts nothing.
 *
 *   live HOST PORT latency REP_TOKEN MGR_TOKEN SESSIONS_FILE SECONDS
 *       every session streams segments (2 a second) with its rep and one
 *       watching manager; managers whisper every 250 ms; the latency from
 *       a manager's send to the rep's receipt
 *   live HOST PORT fanout REP_TOKEN MGR_TOKEN SESSION WATCHERS SEGMENTS
 *       one session watched by WATCHERS connections; the rep sends SEGMENTS
 *       as fast as it can; messages delivered per second
 *   live HOST PORT idle TOKEN N SERVER_PID
 *       N authenticated idle connections; the server's resident memory
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "ws.h"

enum { C_CONNECTING, C_UPGRADING, C_OPEN, C_DEAD };

struct wc {
	int fd, state, role, idx, joined, authed;
	unsigned char *rb;
	size_t rlen, rcap;
	long got;            /* messages received */
	int last_seen;       /* fan-out: the highest segment number seen */
};

static struct sockaddr_in addr;
static const char *host_s;
static int port_n, ep;
static long long t_start;
static double *lat;
static long nlat, caplat;

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static int send_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n) {
		ssize_t k = write(fd, c, n);
		if (k < 0 && (errno == EINTR || errno == EAGAIN))
			continue; /* the bench keeps sends small; spin briefly */
		if (k <= 0)
			return -1;
		c += k;
		n -= (size_t)k;
	}
	return 0;
}

static int ws_send(struct wc *c, const char *text)
{
	size_t n = strlen(text);
	unsigned char *f = malloc(n + 14);
	int rc = send_all(c->fd, f, ws_encode(f, 1, 1, text, n));

	free(f);
	return rc;
}

static struct wc *dial(const char *token, int role, int idx)
{
	struct wc *c = calloc(1, sizeof *c);
	struct epoll_event ev;
	char req[4096];
	int one = 1;

	c->fd = socket(AF_INET, SOCK_STREAM, 0);
	if (c->fd < 0) {
		perror("socket");
		exit(1);
	}
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (connect(c->fd, (struct sockaddr *)&addr, sizeof addr)) {
		perror("connect");
		exit(1);
	}
	snprintf(req, sizeof req,
		 "GET /api/v1/live HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
		 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
		 "Sec-WebSocket-Protocol: salesan.live.v1\r\nAuthorization: Bearer %s\r\n\r\n",
		 host_s, port_n, token);
	send_all(c->fd, req, strlen(req));
	fcntl(c->fd, F_SETFL, O_NONBLOCK);
	c->state = C_UPGRADING;
	c->role = role;
	c->idx = idx;
	c->rcap = 1 << 16;
	c->rb = malloc(c->rcap);
	ev.events = EPOLLIN;
	ev.data.ptr = c;
	epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
	return c;
}

typedef void (*msg_fn)(struct wc *c, const char *msg, size_t n);

static void readable(struct wc *c, msg_fn on_msg)
{
	for (;;) {
		ssize_t k;
		const unsigned char *p;
		size_t total, n;
		int fin, op;

		if (c->rlen == c->rcap) {
			c->rcap *= 2;
			c->rb = realloc(c->rb, c->rcap);
		}
		k = read(c->fd, c->rb + c->rlen, c->rcap - c->rlen);
		if (k == 0 || (k < 0 && errno != EAGAIN && errno != EINTR)) {
			c->state = C_DEAD;
			epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
			close(c->fd);
			return;
		}
		if (k < 0)
			return;
		c->rlen += (size_t)k;
		if (c->state == C_UPGRADING) {
			unsigned char *e = memmem(c->rb, c->rlen, "\r\n\r\n", 4);
			size_t hl;
			if (!e)
				continue;
			hl = (size_t)(e - c->rb) + 4;
			if (c->rlen < 12 || memcmp(c->rb + 9, "101", 3)) {
				fprintf(stderr, "live bench: upgrade refused\n");
				exit(1);
			}
			memmove(c->rb, c->rb + hl, c->rlen - hl);
			c->rlen -= hl;
			c->state = C_OPEN;
		}
		while ((total = ws_parse(c->rb, c->rlen, &fin, &op, &p, &n))) {
			if (op == 1)
				on_msg(c, (const char *)p, n);
			memmove(c->rb, c->rb + total, c->rlen - total);
			c->rlen -= total;
		}
	}
}

static void pump(int timeout_ms, msg_fn on_msg)
{
	struct epoll_event evs[256];
	int n = epoll_wait(ep, evs, 256, timeout_ms), i;

	for (i = 0; i < n; i++)
		readable(evs[i].data.ptr, on_msg);
}

static int has(const char *msg, size_t n, const char *needle)
{
	return memmem(msg, n, needle, strlen(needle)) != NULL;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* ---- latency ---- */

static void on_latency(struct wc *c, const char *msg, size_t n)
{
	c->got++;
	if (has(msg, n, "\"event\":\"authenticated\""))
		c->authed = 1;
	else if (has(msg, n, "\"event\":\"joined_live_session\""))
		c->joined = 1;
	else if (c->role == 0 && has(msg, n, "\"event\":\"manager_intervention\"")) {
		const char *m = memmem(msg, n, "lat ", 4);
		if (m) {
			long long sent = strtoll(m + 4, NULL, 10);
			if (nlat == caplat) {
				caplat = caplat ? caplat * 2 : 4096;
				lat = realloc(lat, (size_t)caplat * sizeof *lat);
			}
			lat[nlat++] = (double)(now_us() - sent) / 1000.0;
		}
	}
}

static void wait_joined(struct wc **v, int n, msg_fn fn)
{
	long long until = now_us() + 30000000LL;
	int i, all;

	do {
		pump(50, fn);
		for (i = 0, all = 1; i < n; i++)
			all &= v[i]->joined;
	} while (!all && now_us() < until);
	if (!all) {
		fprintf(stderr, "live bench: not every connection joined\n");
		exit(1);
	}
}

static int latency(const char *rep, const char *mgr, const char *file, int seconds)
{
	char ids[1024][40], buf[512];
	struct wc *reps[1024], *mgrs[1024], *all[2048];
	FILE *f = fopen(file, "r");
	static long long next_seg[1024], next_iv[1024];
	int n = 0, i, seq = 0;
	long long end;

	while (f && n < 1024 && fgets(ids[n], sizeof ids[n], f)) {
		ids[n][strcspn(ids[n], "\n")] = '\0';
		if (ids[n][0])
			n++;
	}
	if (f)
		fclose(f);
	for (i = 0; i < n; i++) {
		reps[i] = dial(rep, 0, i);
		mgrs[i] = dial(mgr, 1, i);
		all[2 * i] = reps[i];
		all[2 * i + 1] = mgrs[i];
	}
	for (i = 0; i < 2 * n; i++) { /* join after the upgrade */
		while (all[i]->state == C_UPGRADING)
			pump(10, on_latency);
		snprintf(buf, sizeof buf, "{\"event\":\"join_live_session\",\"data\":{\"sessionId\":\"%.36s\"}}",
			 ids[all[i]->idx]);
		ws_send(all[i], buf);
	}
	wait_joined(all, 2 * n, on_latency);
	/* each session on its own clock, spread over the period, as real calls
	 * are: segments every 500 ms, whispers every 250 ms */
	end = now_us() + seconds * 1000000LL;
	t_start = now_us();
	for (i = 0; i < n; i++) {
		next_seg[i] = t_start + 500000LL * i / n;
		next_iv[i] = t_start + 250000LL * i / n + 125000LL / n;
	}
	while (now_us() < end) {
		long long t = now_us();
		for (i = 0; i < n; i++) {
			if (t >= next_seg[i]) {
				long long ms = (t - t_start) / 1000;
				snprintf(buf, sizeof buf,
					 "{\"event\":\"transcript_segment\",\"data\":{\"sessionId\":\"%.36s\",\"segmentId\":"
					 "\"%08x-0000-4000-8000-%012x\",\"speaker\":\"Rep\",\"role\":\"%s\",\"startMs\":%lld,"
					 "\"endMs\":%lld,\"text\":\"So tell me how your team handles follow ups today\"}}",
					 ids[i], (unsigned)i, seq, seq % 2 ? "customer" : "rep", ms, ms + 400);
				seq++;
				ws_send(reps[i], buf);
				next_seg[i] += 500000;
			}
			if (t >= next_iv[i]) {
				snprintf(buf, sizeof buf,
					 "{\"event\":\"manager_intervention\",\"data\":{\"sessionId\":\"%.36s\",\"message\":"
					 "\"lat %lld\",\"type\":\"whisper\"}}", ids[i], now_us());
				ws_send(mgrs[i], buf);
				next_iv[i] += 250000;
			}
		}
		pump(0, on_latency);
		usleep(200);
	}
	for (i = 0; i < 200; i++)
		pump(5, on_latency);
	qsort(lat, (size_t)nlat, sizeof *lat, cmp_d);
	printf("intervention latency, %d live sessions streaming (%d segments/s, %d whispers/s):\n"
	       "  n %ld  p50 %.3f ms  p90 %.3f ms  p99 %.3f ms  max %.3f ms\n",
	       n, n * 2, n * 4, nlat, nlat ? lat[nlat / 2] : 0, nlat ? lat[nlat * 9 / 10] : 0,
	       nlat ? lat[nlat * 99 / 100] : 0, nlat ? lat[nlat - 1] : 0);
	return 0;
}

/* ---- fan-out ---- */

static long total_msgs;
static int target_seg;

static void on_fanout(struct wc *c, const char *msg, size_t n)
{
	if (has(msg, n, "\"event\":\"joined_live_session\"")) {
		c->joined = 1;
		return;
	}
	if (!c->joined)
		return;
	total_msgs++;
	if (c->role == 1 && has(msg, n, "\"event\":\"transcript_segment\"")) {
		const char *m = memmem(msg, n, "seg ", 4);
		if (m)
			{
			int k = (int)strtol(m + 4, NULL, 10);
			if (k > c->last_seen)
				c->last_seen = k;
		}
	}
}

static int fanout(const char *rep, const char *mgr, const char *session, int watchers, int segs)
{
	struct wc **w = calloc((size_t)watchers + 1, sizeof *w), *r;
	char buf[512];
	int i, done;
	long long t0, t1, deadline;

	r = dial(rep, 0, 0);
	for (i = 0; i < watchers; i++)
		w[i] = dial(mgr, 1, i);
	w[watchers] = r;
	for (i = 0; i <= watchers; i++) {
		while (w[i]->state == C_UPGRADING)
			pump(10, on_fanout);
		snprintf(buf, sizeof buf, "{\"event\":\"join_live_session\",\"data\":{\"sessionId\":\"%s\"}}",
			 session);
		ws_send(w[i], buf);
	}
	wait_joined(w, watchers + 1, on_fanout);
	total_msgs = 0;
	target_seg = segs;
	t0 = now_us();
	for (i = 1; i <= segs; i++) {
		snprintf(buf, sizeof buf,
			 "{\"event\":\"transcript_segment\",\"data\":{\"sessionId\":\"%s\",\"segmentId\":"
			 "\"%08x-0000-4000-8000-000000000001\",\"speaker\":\"Rep\",\"role\":\"rep\",\"startMs\":%d,"
			 "\"endMs\":%d,\"text\":\"seg %d of the fan-out benchmark\"}}", session, i, i * 10,
			 i * 10 + 5, i);
		ws_send(r, buf);
		pump(0, on_fanout);
	}
	deadline = now_us() + 120000000LL;
	do {
		pump(20, on_fanout);
		for (i = 0, done = 1; i < watchers; i++)
			done &= w[i]->last_seen >= segs || w[i]->state == C_DEAD;
	} while (!done && now_us() < deadline);
	t1 = now_us();
	for (i = 0, done = 0; i < watchers; i++)
		done += w[i]->state == C_DEAD;
	printf("fan-out: 1 session, %d watchers, %d segments: %ld messages in %.3f s = %.0f messages/s"
	       " (%d watchers dropped)\n", watchers, segs, total_msgs, (t1 - t0) / 1e6,
	       total_msgs / ((t1 - t0) / 1e6), done);
	return 0;
}

/* ---- idle ---- */

static void on_idle(struct wc *c, const char *msg, size_t n)
{
	if (has(msg, n, "\"event\":\"authenticated\""))
		c->authed = c->joined = 1;
}

static long rss_kb(const char *pid)
{
	char path[64], line[256];
	long kb = -1;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%s/status", pid);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof line, f))
		if (!strncmp(line, "VmRSS:", 6))
			kb = strtol(line + 6, NULL, 10);
	if (f)
		fclose(f);
	return kb;
}

static int idle(const char *token, int n, const char *pid)
{
	struct wc **v = calloc((size_t)n, sizeof *v);
	long before = rss_kb(pid), after;
	int i, batch;

	for (i = 0; i < n; i += batch) {
		batch = n - i < 200 ? n - i : 200;
		for (int k = 0; k < batch; k++)
			v[i + k] = dial(token, 0, i + k);
		for (int k = 0; k < 20; k++)
			pump(5, on_idle);
	}
	wait_joined(v, n, on_idle);
	sleep(6); /* the server trims its heap every 5 s */
	after = rss_kb(pid);
	printf("idle: %d authenticated connections: server RSS %.1f MB (%.1f MB before, %.1f KB each)\n",
	       n, after / 1024.0, before / 1024.0, n ? (after - before) / (double)n : 0);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: live HOST PORT latency|fanout|idle ...\n");
		return 2;
	}
	host_s = argv[1];
	port_n = (int)strtol(argv[2], NULL, 10);
	addr.sin_family = AF_INET;
	addr.sin_port = htons((unsigned short)port_n);
	inet_pton(AF_INET, host_s, &addr.sin_addr);
	ep = epoll_create1(0);
	srand((unsigned)getpid());
	if (!strcmp(argv[3], "latency") && argc == 8)
		return latency(argv[4], argv[5], argv[6], (int)strtol(argv[7], NULL, 10));
	if (!strcmp(argv[3], "fanout") && argc == 9)
		return fanout(argv[4], argv[5], argv[6], (int)strtol(argv[7], NULL, 10),
			      (int)strtol(argv[8], NULL, 10));
	if (!strcmp(argv[3], "idle") && argc == 7)
		return idle(argv[4], (int)strtol(argv[5], NULL, 10), argv[6]);
	fprintf(stderr, "live bench: bad arguments\n");
	return 2;
}
