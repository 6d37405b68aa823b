/*
 * wsclient - a small WebSocket client for the tests (RFC 6455 over plain
 * TCP): lines on standard input are sent as text messages, each message
 * received is printed as one line on standard output.
 *
 *   wsclient [options] HOST PORT PATH
 *     -p PROTO    offer this subprotocol (default salesan.live.v1; "" none)
 *     -H HEADER   an extra request header ("Authorization: Bearer ...")
 *     -f N        send each message in fragments of N bytes
 *     -s          stall: never read from the server (a slow consumer)
 *     -w MS       after standard input ends, keep printing for MS ms
 *                 (default 1000), then close
 *
 * A line "#binfile PATH" sends that file as binary messages of 3200 bytes.
 *
 * Prints "#open" when the upgrade succeeded, "#refused STATUS" when it did
 * not, and "#closed CODE REASON" when the server closes.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "ws.h"

static int fd = -1;

static int write_all(const void *p, size_t n)
{
	const char *c = p;

	while (n) {
		ssize_t k = write(fd, c, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		c += k;
		n -= (size_t)k;
	}
	return 0;
}

static int send_frame(int opcode, int fin, const char *data, size_t n)
{
	unsigned char *f = malloc(n + 14);
	int rc = write_all(f, ws_encode(f, opcode, fin, data, n));

	free(f);
	return rc;
}

static int send_message(const char *s, size_t n, size_t frag)
{
	size_t off = 0;

	if (!frag || frag >= n)
		return send_frame(1, 1, s, n);
	while (off < n) {
		size_t k = n - off < frag ? n - off : frag;
		if (send_frame(off ? 0 : 1, off + k == n, s + off, k))
			return -1;
		off += k;
	}
	return 0;
}

/* "#binfile PATH": the file's bytes as binary messages of 3200 bytes
 * (100 ms of 16 kHz s16le audio). */
static int send_binfile(const char *path)
{
	char buf[3200];
	FILE *f = fopen(path, "rb");
	size_t k;
	int rc = 0;

	if (!f) {
		printf("#error cannot open %s\n", path);
		return 0;
	}
	while (!rc && (k = fread(buf, 1, sizeof buf, f)) > 0)
		rc = send_frame(2, 1, buf, k);
	fclose(f);
	return rc;
}

/* Buffered reads from the socket. */
static unsigned char rbuf[1 << 16];
static size_t rlen;

static int fill(int timeout_ms)
{
	struct pollfd p = { fd, POLLIN, 0 };
	ssize_t k;

	if (poll(&p, 1, timeout_ms) <= 0)
		return 0;
	k = read(fd, rbuf + rlen, sizeof rbuf - rlen);
	if (k <= 0)
		return -1;
	rlen += (size_t)k;
	return 1;
}

/* One complete frame from rbuf, if there is one: returns its total size. */
static size_t frame(int *fin, int *op, unsigned char **payload, size_t *plen)
{
	const unsigned char *p;
	size_t total = ws_parse(rbuf, rlen, fin, op, &p, plen);

	if (!total && rlen == sizeof rbuf) {
		fprintf(stderr, "wsclient: a frame too big for this client\n");
		exit(1);
	}
	*payload = (unsigned char *)p;
	return total;
}

/* Print what arrived; returns -1 once the server closed. */
static char *msg;
static size_t msglen;

static int parse(void);

static int pump(int timeout_ms)
{
	int r = fill(timeout_ms);

	if (parse() < 0)
		return -1;
	if (r < 0) {
		printf("#closed 1006 connection dropped\n");
		fflush(stdout);
		return -1;
	}
	return 0;
}

/* Handle every complete frame already buffered. */
static int parse(void)
{
	int fin, op;
	unsigned char *p;
	size_t n, total;

	while ((total = frame(&fin, &op, &p, &n))) {
		if (op == 8) {
			int code = n >= 2 ? p[0] << 8 | p[1] : 1005;
			printf("#closed %d %.*s\n", code, n > 2 ? (int)(n - 2) : 0, (char *)p + 2);
			fflush(stdout);
			return -1;
		}
		if (op == 9) { /* ping: pong */
			unsigned char pong[2 + 125];
			send_frame(10, 1, (char *)p, n > 125 ? 125 : n);
			(void)pong;
		} else if (op == 1 || op == 2 || op == 0) {
			msg = realloc(msg, msglen + n + 1);
			memcpy(msg + msglen, p, n);
			msglen += n;
			if (fin) {
				printf("%.*s\n", (int)msglen, msg);
				fflush(stdout);
				msglen = 0;
			}
		}
		memmove(rbuf, rbuf + total, rlen - total);
		rlen -= total;
	}
	return 0;
}

static long now_ms(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return tv.tv_sec * 1000L + tv.tv_usec / 1000;
}

int main(int argc, char **argv)
{
	const char *proto = "salesan.live.v1", *headers[8];
	int nh = 0, c, stall = 0, opened = 0, in_open = 1;
	long wait_ms = 1000, until = 0;
	size_t frag = 0;
	struct addrinfo hints = { 0 }, *ai;
	char req[8192];
	static char line[1 << 20];
	size_t rl, linelen = 0;

	while ((c = getopt(argc, argv, "p:H:f:sw:")) != -1) {
		switch (c) {
		case 'p': proto = optarg; break;
		case 'H': if (nh < 8) headers[nh++] = optarg; break;
		case 'f': frag = (size_t)atol(optarg); break;
		case 's': stall = 1; break;
		case 'w': wait_ms = atol(optarg); break;
		default: return 2;
		}
	}
	if (argc - optind != 3) {
		fprintf(stderr, "usage: wsclient [-p PROTO] [-H HEADER] [-f N] [-s] [-w MS] HOST PORT PATH\n");
		return 2;
	}
	srand((unsigned)getpid());
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(argv[optind], argv[optind + 1], &hints, &ai) ||
	    (fd = socket(ai->ai_family, SOCK_STREAM, 0)) < 0 || connect(fd, ai->ai_addr, ai->ai_addrlen)) {
		printf("#refused connect\n");
		return 1;
	}
	freeaddrinfo(ai);
	rl = (size_t)snprintf(req, sizeof req,
			      "GET %s HTTP/1.1\r\nHost: %s:%s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
			      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n",
			      argv[optind + 2], argv[optind], argv[optind + 1]);
	if (*proto)
		rl += (size_t)snprintf(req + rl, sizeof req - rl, "Sec-WebSocket-Protocol: %s\r\n", proto);
	for (c = 0; c < nh; c++)
		rl += (size_t)snprintf(req + rl, sizeof req - rl, "%s\r\n", headers[c]);
	rl += (size_t)snprintf(req + rl, sizeof req - rl, "\r\n");
	write_all(req, rl);
	/* the upgrade answer */
	while (!opened) {
		char *end;
		int r = fill(5000);
		if (r <= 0) {
			printf("#refused %s\n", r < 0 ? "closed" : "timeout");
			return 1;
		}
		if ((end = memmem(rbuf, rlen, "\r\n\r\n", 4))) {
			size_t hl = (size_t)(end - (char *)rbuf) + 4;
			if (rlen < 12 || memcmp(rbuf + 9, "101", 3)) {
				printf("#refused %.3s\n", rlen >= 12 ? (char *)rbuf + 9 : "???");
				return 1;
			}
			memmove(rbuf, rbuf + hl, rlen - hl);
			rlen -= hl;
			opened = 1;
		}
	}
	printf("#open\n");
	fflush(stdout);
	if (parse() < 0) /* frames that came with the handshake's answer */
		return 0;
	for (;;) {
		struct pollfd p[2] = { { fd, stall ? 0 : POLLIN, 0 }, { 0, in_open ? POLLIN : 0, 0 } };
		int t = in_open ? 100 : (int)(until - now_ms());

		if (!in_open && t <= 0)
			break;
		poll(p, 2, t < 0 ? 0 : t);
		if (!stall && (p[0].revents & (POLLIN | POLLHUP)) && pump(0) < 0)
			return 0;
		if (in_open && (p[1].revents & (POLLIN | POLLHUP))) {
			/* raw reads: no stdio buffer hiding lines from poll() */
			ssize_t k = read(0, line + linelen, sizeof line - 1 - linelen);
			char *nl;

			if (k <= 0) {
				if (linelen && send_message(line, linelen, frag) == 0)
					linelen = 0;
				in_open = 0;
				until = now_ms() + wait_ms;
				continue;
			}
			linelen += (size_t)k;
			while ((nl = memchr(line, '\n', linelen))) {
				size_t n = (size_t)(nl - line);
				int rc;

				if (n > 9 && !memcmp(line, "#binfile ", 9)) {
					*nl = '\0';
					rc = send_binfile(line + 9);
				} else {
					rc = send_message(line, n, frag);
				}
				if (rc) {
					printf("#closed 1006 write failed\n");
					return 0;
				}
				memmove(line, nl + 1, linelen - n - 1);
				linelen -= n + 1;
			}
			if (linelen == sizeof line - 1) { /* an endless line: send what we have */
				send_message(line, linelen, frag);
				linelen = 0;
			}
		}
	}
	send_frame(8, 1, "\x03\xe8", 2);
	if (!stall)
		while (pump(500) == 0 && rlen)
			;
	close(fd);
	return 0;
}
