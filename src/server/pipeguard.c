#include "pipeguard.h"
#include "common/log.h"

#include <dlfcn.h>
#include <libwebsockets.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>

#define PG_MAX_FD 65536

typedef ssize_t (*recv_fn)(int, void *, size_t, int);

static atomic_uint reads[PG_MAX_FD]; /* written from any thread */
static unsigned marks[PG_MAX_FD];     /* loop thread only */
static _Atomic(recv_fn) real_recv;
static int disabled = -1;              /* -1 unknown, 0 active, 1 off */

ssize_t recv(int fd, void *buf, size_t n, int flags)
{
	recv_fn f = atomic_load(&real_recv);
	ssize_t r;

	if (!f) {
		void *sym = dlsym(RTLD_NEXT, "recv");
		memcpy(&f, &sym, sizeof f); /* POSIX guarantees this round trip */
		atomic_store(&real_recv, f);
	}
	r = f(fd, buf, n, flags);
	if (r > 0 && !(flags & MSG_PEEK) && fd >= 0 && fd < PG_MAX_FD)
		atomic_fetch_add_explicit(&reads[fd], 1, memory_order_relaxed);
	return r;
}

static int self_check(void)
{
	if (disabled < 0) {
		void *def = dlsym(RTLD_DEFAULT, "recv"), *ours;
		recv_fn self = recv;
		memcpy(&ours, &self, sizeof ours);
		disabled = def != ours;
		if (disabled)
			log_warn("pipeguard: recv() interposition not in effect");
	}
	return !disabled;
}

int pipeguard_keepalive_ok(void)
{
	return self_check();
}

void pipeguard_mark(struct lws *wsi)
{
	int fd = lws_get_socket_fd(wsi);

	if (fd < 0 || fd >= PG_MAX_FD || lws_get_network_wsi(wsi) != wsi)
		return;
	marks[fd] = atomic_load_explicit(&reads[fd], memory_order_relaxed);
	log_debug("pipeguard: mark fd=%d reads=%u", fd, marks[fd]);
}

/* Would this request carry a body as lws frames it? */
static int carries_body(struct lws *wsi)
{
	char *uri;
	int len, m = lws_http_get_uri_and_method(wsi, &uri, &len);

	if (lws_hdr_total_length(wsi, WSI_TOKEN_HTTP_TRANSFER_ENCODING) > 0)
		return 1;
	if (lws_hdr_total_length(wsi, WSI_TOKEN_HTTP_CONTENT_LENGTH) > 0) {
		char cl[32];
		if (lws_hdr_copy(wsi, cl, sizeof cl, WSI_TOKEN_HTTP_CONTENT_LENGTH) < 0)
			return 1;
		return strspn(cl, "0") != strlen(cl); /* anything but zeros */
	}
	/* lws treats POST/PUT/PATCH without Content-Length as a huge body. */
	return m == LWSHUMETH_POST || m == LWSHUMETH_PUT || m == LWSHUMETH_PATCH;
}

static void refuse(struct lws *wsi)
{
	static const char body[] =
		"{\"success\":false,\"error\":{\"message\":\"Pipelined requests with a body are "
		"not supported; send one request at a time\",\"code\":\"PIPELINING_REFUSED\"}}";
	unsigned char buf[LWS_PRE + 1024], *start = buf + LWS_PRE, *p = start,
					      *end = buf + sizeof buf - 1;
	char cl[16];

	snprintf(cl, sizeof cl, "%zu", sizeof body - 1);
	if (lws_add_http_header_status(wsi, 400, &p, end) ||
	    lws_add_http_header_by_token(wsi, WSI_TOKEN_HTTP_CONTENT_TYPE,
					 (const unsigned char *)"application/json", 16, &p, end) ||
	    lws_add_http_header_by_token(wsi, WSI_TOKEN_HTTP_CONTENT_LENGTH,
					 (const unsigned char *)cl, (int)strlen(cl), &p, end) ||
	    lws_add_http_header_by_token(wsi, WSI_TOKEN_CONNECTION,
					 (const unsigned char *)"close", 5, &p, end) ||
	    lws_finalize_http_header(wsi, &p, end))
		return;
	if ((size_t)(end - p) < sizeof body)
		return;
	memcpy(p, body, sizeof body - 1);
	p += sizeof body - 1;
	(void)lws_write(wsi, start, (size_t)(p - start), LWS_WRITE_HTTP_FINAL);
}

int pipeguard_check(struct lws *wsi)
{
	int fd = lws_get_socket_fd(wsi);
	unsigned now;

	if (!self_check() || fd < 0 || fd >= PG_MAX_FD || lws_get_network_wsi(wsi) != wsi)
		return 0;
	now = atomic_load_explicit(&reads[fd], memory_order_relaxed);
	log_debug("pipeguard: check fd=%d reads=%u mark=%u", fd, now, marks[fd]);
	if (now != marks[fd])
		return 0; /* the headers came from a fresh socket read */
	if (!carries_body(wsi))
		return 0;
	log_info("pipeguard: refused a pipelined request with a body fd=%d", fd);
	refuse(wsi);
	return -1;
}
