/*
 * ws.h - RFC 6455 framing for the test and benchmark clients (client side:
 * frames out are masked).  Header-only; no I/O.
 */
#ifndef SALESAN_TESTS_WS_H
#define SALESAN_TESTS_WS_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Encode one masked frame of n payload bytes into out (room for n + 14);
 * returns its size. */
static inline size_t ws_encode(unsigned char *out, int opcode, int fin, const void *data, size_t n)
{
	const unsigned char *d = data;
	size_t hl = 2, i;
	unsigned char mask[4];

	out[0] = (unsigned char)((fin ? 0x80 : 0) | opcode);
	if (n < 126) {
		out[1] = (unsigned char)(0x80 | n);
	} else if (n < 65536) {
		out[1] = 0x80 | 126;
		out[2] = (unsigned char)(n >> 8);
		out[3] = (unsigned char)n;
		hl = 4;
	} else {
		out[1] = 0x80 | 127;
		for (i = 0; i < 8; i++)
			out[2 + i] = (unsigned char)((uint64_t)n >> (56 - 8 * i));
		hl = 10;
	}
	for (i = 0; i < 4; i++)
		mask[i] = (unsigned char)(rand() & 0xff);
	memcpy(out + hl, mask, 4);
	hl += 4;
	for (i = 0; i < n; i++)
		out[hl + i] = d[i] ^ mask[i % 4];
	return hl + n;
}

/* The first complete frame in buf[0..len): returns its total size (0 when
 * incomplete) with its fin bit, opcode, payload and payload size. */
static inline size_t ws_parse(const unsigned char *buf, size_t len, int *fin, int *op,
			      const unsigned char **payload, size_t *plen)
{
	size_t hl = 2, n, i;

	if (len < 2)
		return 0;
	*fin = buf[0] & 0x80;
	*op = buf[0] & 0x0f;
	n = buf[1] & 0x7f;
	if (n == 126) {
		if (len < 4)
			return 0;
		n = (size_t)buf[2] << 8 | buf[3];
		hl = 4;
	} else if (n == 127) {
		if (len < 10)
			return 0;
		for (n = 0, i = 0; i < 8; i++)
			n = n << 8 | buf[2 + i];
		hl = 10;
	}
	if (len < hl + n)
		return 0;
	*payload = buf + hl;
	*plen = n;
	return hl + n;
}

#endif
