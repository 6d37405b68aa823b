/*
 * http.c - salesand's libwebsockets 4.1.6 glue.
 *
 * One lws context, one vhost, protocols[0] "http" handles every request;
 * no mounts.  Per request:
 *
 *   LWS_CALLBACK_HTTP             build a struct request; decide how the
 *                                 body is framed; route; maybe answer now
 *   LWS_CALLBACK_HTTP_BODY        append, bounded (413)
 *   LWS_CALLBACK_HTTP_BODY_COMPLETION
 *                                 hand the request to the worker pool
 *   (worker)                      dispatch.c runs auth and the handler
 *   LWS_CALLBACK_EVENT_WAIT_CANCELLED
 *                                 completed jobs come back; ask for
 *                                 writable
 *   LWS_CALLBACK_HTTP_WRITEABLE   headers and body in as few writes as
 *                                 possible, 64 KiB per callback
 *
 * The lws pitfalls of platform-notes §2.6 and how they are met here:
 *  - P2: POST/PUT/PATCH without Content-Length, or with Transfer-Encoding,
 *    get 411 and the connection is closed (lws would treat the rest of the
 *    stream as body).
 *  - P3: only POST with Content-Length 0 gets body callbacks; other
 *    methods with no body are dispatched from LWS_CALLBACK_HTTP.
 *  - P5: HEAD runs the GET handler and sends only the headers (with the
 *    GET's content-length).
 *  - P7: max_http_header_data is raised to 16 KiB.
 *  - P9: WebSocket upgrades belong to protocols[1] (live.c), which accepts
 *    only LIVE_PATH; a client offering no subprotocol is bound to it by
 *    the vhost's "default" option, never to the HTTP handler.
 *  - P11: every lws_write buffer has LWS_PRE bytes of headroom.
 *  - P14: bodies are bounded both by Content-Length up front and while
 *    accumulating.
 *  - The per-request pss is re-zeroed by lws after every transaction, so
 *    the request lives on the heap, the pss only points at it, and a
 *    connection that closes while its request is on a worker marks the
 *    request orphaned; the completion then frees it instead of writing.
 *  - P1 (pipelined requests with bodies livelock lws): see pipeguard.c.
 */
#include "httpd.h"
#include "dispatch.h"
#include "jobs.h"
#include "live.h"
#include "lws_alloc.h"
#include "transcription.h"
#include "pipeguard.h"
#include "stream.h"
#include "watchdog.h"
#include "ratelimit.h"
#include "router.h"
#include "resp.h"
#include "server.h"
#include "common/fsutil.h"
#include "common/log.h"
#include "common/timeutil.h"
#include "common/xmalloc.h"

#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <libwebsockets.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define WRITE_CHUNK (64 * 1024)
#define HEADER_SPACE 4096
#define DRAIN_SECONDS 10

enum req_state {
	RS_BODY,    /* receiving the body */
	RS_PENDING, /* on a worker */
	RS_READY,   /* response ready to write */
	RS_WRITING, /* headers sent, body in progress */
};

struct conn_req {
	struct request *req;
	struct lws *wsi;     /* NULL once orphaned */
	enum req_state state;
	int orphaned;
	int on_worker;
	int counted;         /* included in g_busy */
	int published;       /* a stream's headers went out before its worker finished */
	struct conn_req *snext, *sprev; /* the loop's list of streaming responses */
	size_t sent;
	int64_t t0_us;
	/* A multipart upload in progress (ROUTE_UPLOAD). */
	struct lws_spa *spa;
	int raw_upload;              /* ROUTE_UPLOAD_RAW: the body is the file */
	int upload_fd;               /* the temporary file, 0 when none */
	int upload_status;           /* 413 or 400 when the callback refused */
	size_t since_deadline;       /* upload bytes since the body deadline was last moved */
	int64_t body_deadline_us;    /* the body must be in by then (monotonic) */
	crypto_hash_sha256_state upload_hash;
};

struct pss {
	struct conn_req *cr;
};

static struct server *g_srv;
static struct lws_context *volatile g_ctx;
static volatile sig_atomic_t g_stop;
static int g_busy; /* requests between dispatch and their last write (loop thread) */

/* Streaming responses (stream.h).  A worker that is about to produce a
 * stream's body first publishes the request here so the loop sends the
 * headers; the loop keeps the ones being written in g_streams. */
static pthread_mutex_t g_pub_mu = PTHREAD_MUTEX_INITIALIZER;
static struct conn_req *g_published[64];
static int g_npublished;
static struct conn_req *g_streams;

void httpd_stop(void)
{
	g_stop = 1;
	if (g_ctx)
		lws_cancel_service(g_ctx);
}

void httpd_wake(void *unused)
{
	(void)unused;
	if (g_ctx)
		lws_cancel_service(g_ctx);
}

static void stream_unlink(struct conn_req *cr)
{
	if (cr->sprev)
		cr->sprev->snext = cr->snext;
	else if (g_streams == cr)
		g_streams = cr->snext;
	if (cr->snext)
		cr->snext->sprev = cr->sprev;
	cr->snext = cr->sprev = NULL;
}

static void cr_free(struct conn_req *cr)
{
	stream_unlink(cr);
	if (cr->spa)
		lws_spa_destroy(cr->spa);
	if (cr->upload_fd > 0)
		close(cr->upload_fd);
	if (cr->counted)
		g_busy--;
	request_free(cr->req);
	free(cr);
}

/* ---- building the request ---- */

static char *hdr_dup(struct lws *wsi, enum lws_token_indexes h)
{
	int n = lws_hdr_total_length(wsi, h);
	char *s;

	if (n <= 0)
		return NULL;
	s = xmalloc((size_t)n + 1);
	if (lws_hdr_copy(wsi, s, n + 1, h) < 0) {
		free(s);
		return NULL;
	}
	return s;
}

static char *custom_dup(struct lws *wsi, const char *name)
{
	int nl = (int)strlen(name), n = lws_hdr_custom_length(wsi, name, nl);
	char *s;

	if (n <= 0)
		return NULL;
	s = xmalloc((size_t)n + 1);
	if (lws_hdr_custom_copy(wsi, s, n + 1, name, nl) < 0) {
		free(s);
		return NULL;
	}
	return s;
}

static int valid_request_id(const char *s)
{
	size_t n = strlen(s);

	return n >= 1 && n <= 64 && strspn(s, "abcdefghijklmnopqrstuvwxyz"
					      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == n;
}

static int map_method(int m, enum http_method *out)
{
	switch (m) {
	case LWSHUMETH_GET: *out = HTTP_GET; return 0;
	case LWSHUMETH_POST: *out = HTTP_POST; return 0;
	case LWSHUMETH_PUT: *out = HTTP_PUT; return 0;
	case LWSHUMETH_PATCH: *out = HTTP_PATCH; return 0;
	case LWSHUMETH_DELETE: *out = HTTP_DELETE; return 0;
	case LWSHUMETH_OPTIONS: *out = HTTP_OPTIONS; return 0;
	case LWSHUMETH_HEAD: *out = HTTP_HEAD; return 0;
	default: return -1;
	}
}

/* Query arguments, already URL-decoded by lws.  Returns -1 when there are
 * too many or one is too long. */
static int read_query(struct lws *wsi, struct request *r)
{
	char frag[2048];
	int i;

	for (i = 0;; i++) {
		int fl = lws_hdr_fragment_length(wsi, WSI_TOKEN_HTTP_URI_ARGS, i);
		char *eq;

		if (fl <= 0)
			break;
		if (fl >= (int)sizeof frag || r->nquery >= HTTP_MAX_QUERY)
			return -1;
		if (lws_hdr_copy_fragment(wsi, frag, sizeof frag, WSI_TOKEN_HTTP_URI_ARGS, i) < 0)
			return -1;
		eq = strchr(frag, '=');
		if (eq) {
			r->query[r->nquery].key = xstrndup(frag, (size_t)(eq - frag));
			r->query[r->nquery].value = xstrdup(eq + 1);
		} else {
			r->query[r->nquery].key = xstrdup(frag);
			r->query[r->nquery].value = xstrdup("");
		}
		r->nquery++;
	}
	return 0;
}

/* ---- answering ---- */

static void cors_headers(struct request *r)
{
	const char *allow = g_srv->cfg.cors_origin;

	if (!r->origin)
		return;
	if (!strcmp(allow, "*")) {
		resp_header(r, "access-control-allow-origin", "*");
	} else {
		size_t ol = strlen(r->origin);
		const char *p = allow;
		while (*p) {
			size_t n = strcspn(p, ",");
			const char *s = p, *e = p + n;
			while (s < e && *s == ' ')
				s++;
			while (e > s && e[-1] == ' ')
				e--;
			if ((size_t)(e - s) == ol && !memcmp(s, r->origin, ol)) {
				resp_header(r, "access-control-allow-origin", r->origin);
				break;
			}
			p += n + (p[n] == ',');
		}
		resp_header(r, "vary", "Origin");
	}
	resp_header(r, "access-control-expose-headers",
		    "X-Request-Id, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset");
}

static int add_hdr(struct lws *wsi, const char *name, const char *value, unsigned char **p,
		   unsigned char *end)
{
	struct buf n = BUF_INIT;
	int rc;

	buf_addf(&n, "%s:", name);
	rc = lws_add_http_header_by_name(wsi, (const unsigned char *)n.s,
					 (const unsigned char *)value, (int)strlen(value), p, end);
	buf_free(&n);
	return rc;
}

/* n bytes of the response body from offset off into dst. */
static int body_chunk(const struct response *resp, size_t off, unsigned char *dst, size_t n)
{
	ssize_t got;

	if (resp->file_fd <= 0) {
		memcpy(dst, resp->body.s + off, n);
		return 0;
	}
	while (n) {
		got = pread(resp->file_fd, dst, n, (off_t)off);
		if (got <= 0) {
			if (got < 0 && errno == EINTR)
				continue;
			log_error("reading a file response: %s", got ? strerror(errno) : "file shrank");
			return -1;
		}
		dst += got;
		off += (size_t)got;
		n -= (size_t)got;
	}
	return 0;
}

/* Write the next part of cr's response.  Returns 1 when all was written,
 * 0 when more remains, -1 on a write error. */
static int write_stream(struct conn_req *cr);

static int write_response(struct conn_req *cr)
{
	struct request *r = cr->req;
	struct response *resp = &r->resp;
	struct lws *wsi = cr->wsi;
	size_t full_len = resp->file_fd > 0 ? (size_t)resp->file_len : resp->body.len;
	size_t body_len = r->head ? 0 : full_len, chunk, cap;
	unsigned char *buf, *start, *p, *end;
	int i, n, final;

	if (resp->stream && !r->head && cr->state == RS_WRITING)
		return write_stream(cr);
	if (cr->state == RS_READY) {
		static const char *const sec[][2] = {
			{ "x-content-type-options", "nosniff" },
			{ "x-frame-options", "DENY" },
			{ "referrer-policy", "no-referrer" },
			{ "content-security-policy", "default-src 'none'; frame-ancestors 'none'" },
			{ "cross-origin-resource-policy", "same-origin" },
			{ "cache-control", "no-store" },
		};
		char cl[24];

		cors_headers(r);
		chunk = body_len < WRITE_CHUNK ? body_len : WRITE_CHUNK;
		cap = LWS_PRE + HEADER_SPACE + chunk;
		buf = xmalloc(cap);
		start = p = buf + LWS_PRE;
		end = buf + LWS_PRE + HEADER_SPACE - 1;
		snprintf(cl, sizeof cl, "%zu", full_len);
		if (resp->stream) /* length unknown: the body ends with the connection */
			chunk = body_len = 0;
		if (lws_add_http_header_status(wsi, (unsigned)resp->status, &p, end) ||
		    ((full_len || resp->stream) &&
		     lws_add_http_header_by_token(wsi, WSI_TOKEN_HTTP_CONTENT_TYPE,
						  (const unsigned char *)resp->content_type,
						  (int)strlen(resp->content_type), &p, end)) ||
		    (!resp->stream &&
		     lws_add_http_header_by_token(wsi, WSI_TOKEN_HTTP_CONTENT_LENGTH,
						  (const unsigned char *)cl, (int)strlen(cl), &p, end)) ||
		    add_hdr(wsi, "x-request-id", r->request_id, &p, end)) {
			free(buf);
			return -1;
		}
		for (i = 0; i < (int)(sizeof sec / sizeof sec[0]); i++)
			if (add_hdr(wsi, sec[i][0], sec[i][1], &p, end)) {
				free(buf);
				return -1;
			}
		for (i = 0; i < resp->nheaders; i++)
			if (add_hdr(wsi, resp->headers[i].key, resp->headers[i].value, &p, end)) {
				free(buf);
				return -1;
			}
		if ((resp->stream && !r->head &&
		     add_hdr(wsi, "transfer-encoding", "chunked", &p, end)) ||
		    (resp->close && add_hdr(wsi, "connection", "close", &p, end)) ||
		    lws_finalize_http_header(wsi, &p, end)) {
			free(buf);
			return -1;
		}
		if (body_chunk(resp, 0, p, chunk)) {
			free(buf);
			return -1;
		}
		p += chunk;
		final = chunk == body_len && (!resp->stream || r->head);
		n = lws_write(wsi, start, (size_t)(p - start),
			      final ? LWS_WRITE_HTTP_FINAL : LWS_WRITE_HTTP);
		free(buf);
		if (n < 0)
			return -1;
		cr->sent = chunk;
		cr->state = RS_WRITING;
		return final;
	}
	chunk = body_len - cr->sent;
	if (chunk > WRITE_CHUNK)
		chunk = WRITE_CHUNK;
	buf = xmalloc(LWS_PRE + chunk);
	if (body_chunk(resp, cr->sent, buf + LWS_PRE, chunk)) {
		free(buf);
		return -1;
	}
	final = cr->sent + chunk == body_len;
	n = lws_write(wsi, buf + LWS_PRE, chunk, final ? LWS_WRITE_HTTP_FINAL : LWS_WRITE_HTTP);
	free(buf);
	if (n < 0)
		return -1;
	cr->sent += chunk;
	return final;
}

/* The next part of a streamed body: what the producer has made so far.
 * Returns 1 at the end, 0 when more will come, -1 on error (or when the
 * producer failed: the connection is closed without a clean end). */
static int write_stream(struct conn_req *cr)
{
	/* Chunked framing, so a body cut short by a failure is detectable:
	 * [hex size CRLF] data CRLF, and "0" CRLF CRLF at the end. */
	enum { ROOM = 12 };
	unsigned char *buf = xmalloc(LWS_PRE + ROOM + WRITE_CHUNK + 2 + 5), *start, *p;
	int done = 0, failed = 0, n = 0;
	size_t got = stream_take(cr->req->resp.stream, buf + LWS_PRE + ROOM, WRITE_CHUNK, &done,
				 &failed);
	char hdr[ROOM + 1];

	start = p = buf + LWS_PRE + ROOM;
	if (got) {
		int h = snprintf(hdr, sizeof hdr, "%zx\r\n", got);
		start -= h;
		memcpy(start, hdr, (size_t)h);
		p += got;
		memcpy(p, "\r\n", 2);
		p += 2;
	}
	if (done && !failed) {
		memcpy(p, "0\r\n\r\n", 5);
		p += 5;
	}
	if (p > start)
		n = lws_write(cr->wsi, start, (size_t)(p - start), LWS_WRITE_HTTP);
	free(buf);
	if (n < 0 || (done && failed))
		return -1;
	if (done)
		return 1;
	/* More to come: ask to write again if some is already there; else
	 * the producer's wake (streams_service) asks. */
	if (stream_wants_write(cr->req->resp.stream))
		lws_callback_on_writable(cr->wsi);
	return 2;
}

/* Loop: publish the streams workers announced, and let the ones with new
 * data write. */
static void streams_service(void)
{
	struct conn_req *cr, *pub[64];
	int i, n;

	pthread_mutex_lock(&g_pub_mu);
	n = g_npublished;
	memcpy(pub, g_published, (size_t)n * sizeof *pub);
	g_npublished = 0;
	pthread_mutex_unlock(&g_pub_mu);
	for (i = 0; i < n; i++) {
		cr = pub[i];
		if (cr->orphaned)
			continue;
		cr->published = 1;
		lws_set_timeout(cr->wsi, NO_PENDING_TIMEOUT, 0);
		cr->snext = g_streams;
		if (g_streams)
			g_streams->sprev = cr;
		g_streams = cr;
		cr->state = RS_READY;
		lws_callback_on_writable(cr->wsi);
	}
	for (cr = g_streams; cr; cr = cr->snext)
		if (cr->state == RS_WRITING && cr->wsi && stream_wants_write(cr->req->resp.stream))
			lws_callback_on_writable(cr->wsi);
}

/* The response is in cr->req->resp: ask lws for a writable callback. */
static void ready(struct conn_req *cr)
{
	cr->state = RS_READY;
	lws_callback_on_writable(cr->wsi);
}

static void answer_now(struct conn_req *cr, int status, const char *code, const char *msg,
		       int close)
{
	resp_error(cr->req, status, code, "%s", msg);
	cr->req->resp.close = close;
	ready(cr);
}

static void log_request(struct conn_req *cr)
{
	struct request *r = cr->req;
	double ms = (double)(time_mono_us() - cr->t0_us) / 1000.0;

	atomic_fetch_add(&g_srv->requests, 1);
	if (r->resp.status >= 500)
		log_warn("request method=%s path=%s status=%d ms=%.2f rid=%s ip=%s",
			 http_method_name(r->head ? HTTP_HEAD : r->method), r->path ? r->path : "-",
			 r->resp.status, ms, r->request_id, r->ip);
	else
		log_info("request method=%s path=%s status=%d ms=%.2f rid=%s ip=%s",
			 http_method_name(r->head ? HTTP_HEAD : r->method), r->path ? r->path : "-",
			 r->resp.status, ms, r->request_id, r->ip);
}

/* ---- the worker pool round trip ---- */

static void job_run(void *arg, void *thread_state)
{
	struct conn_req *cr = arg;
	struct request *r = cr->req;

	dispatch_request(r, thread_state);
	if (!r->resp.stream || r->head)
		return;
	/* Let the loop send the headers now, then produce the body here,
	 * with this worker's database connection. */
	pthread_mutex_lock(&g_pub_mu);
	if (g_npublished < (int)(sizeof g_published / sizeof g_published[0]))
		g_published[g_npublished++] = cr;
	pthread_mutex_unlock(&g_pub_mu);
	httpd_wake(NULL);
	stream_run(r);
}

static void job_done(void *arg)
{
	struct conn_req *cr = arg;

	cr->on_worker = 0;
	if (cr->orphaned) {
		/* The client went away while a worker had the request. */
		cr_free(cr);
		return;
	}
	if (cr->published) {
		/* A stream already being written: let it see its end. */
		lws_callback_on_writable(cr->wsi);
		return;
	}
	lws_set_timeout(cr->wsi, NO_PENDING_TIMEOUT, 0);
	ready(cr);
}

static void submit(struct conn_req *cr)
{
	struct jobs *pool = (cr->req->route->flags & ROUTE_HASHES) && g_srv->hash_jobs
				    ? g_srv->hash_jobs : g_srv->jobs;

	cr->req->srv = g_srv;
	if (jobs_submit(pool, job_run, job_done, cr) != 0) {
		answer_now(cr, 503, "SERVER_BUSY", "Server is busy; retry shortly", 0);
		resp_header(cr->req, "retry-after", "1");
		return;
	}
	g_busy++;
	cr->counted = 1;
	cr->on_worker = 1;
	cr->state = RS_PENDING;
	lws_set_timeout(cr->wsi, PENDING_TIMEOUT_HTTP_CONTENT, g_srv->cfg.request_timeout_s);
}

/* ---- lws callbacks ---- */

static void preflight(struct conn_req *cr, unsigned allowed)
{
	struct request *r = cr->req;
	struct buf b = BUF_INIT;

	r->resp.status = 204;
	router_allow_header(allowed, &b);
	resp_header(r, "allow", b.s);
	if (r->origin) {
		resp_header(r, "access-control-allow-methods", b.s);
		resp_header(r, "access-control-allow-headers",
			    "Content-Type, Authorization, X-Requested-With, Accept, Origin, "
			    "X-Request-Id, X-API-Key");
		resp_header(r, "access-control-max-age", "600");
	}
	buf_free(&b);
	ready(cr);
}

/*
 * The client address: the peer, or with TRUST_PROXY=N, the address N hops
 * from the right of X-Forwarded-For (what the Nth trusted proxy saw).
 */
static void client_address(struct request *r)
{
	int hops = g_srv->cfg.trust_proxy;
	const char *xff = r->forwarded_for, *end, *start;

	if (!hops || !xff || !*xff)
		return;
	end = xff + strlen(xff);
	while (hops-- > 0) {
		start = end;
		while (start > xff && start[-1] != ',')
			start--;
		if (hops == 0) {
			while (*start == ' ')
				start++;
			size_t n = (size_t)(end - start);
			while (n && start[n - 1] == ' ')
				n--;
			if (n && n < sizeof r->ip && strspn(start, "0123456789abcdefABCDEF.:") >= n) {
				memcpy(r->ip, start, n);
				r->ip[n] = '\0';
			}
			return;
		}
		if (start == xff)
			return; /* fewer addresses than trusted hops: keep the peer */
		end = start - 1;
	}
}

/* Count the request against its client address (express-rate-limit's
 * fixed window, draft-6 headers).  Returns 0 to proceed, or -1 after
 * queueing the 429. */
static int rate_limit(struct conn_req *cr)
{
	struct request *r = cr->req;
	struct rl_state st;
	char v[64];

	if (!g_srv->ip_limit)
		return 0;
	rl_hit(g_srv->ip_limit, r->ip, time_now_ms(), &st);
	snprintf(v, sizeof v, "%lld;w=%lld", (long long)st.limit,
		 (long long)(g_srv->cfg.rate_window_ms / 1000));
	if (!st.allowed)
		resp_error(r, 429, "RATE_LIMITED", "Too many requests from this IP, please try again later.");
	resp_header(r, "ratelimit-policy", v);
	snprintf(v, sizeof v, "%lld", (long long)st.limit);
	resp_header(r, "ratelimit-limit", v);
	snprintf(v, sizeof v, "%lld", (long long)st.remaining);
	resp_header(r, "ratelimit-remaining", v);
	snprintf(v, sizeof v, "%lld", (long long)st.reset_s);
	resp_header(r, "ratelimit-reset", v);
	if (st.allowed)
		return 0;
	resp_header(r, "retry-after", v);
	r->resp.close = r->content_length > 0; /* do not read a body we will not use */
	ready(cr);
	return -1;
}

/* ---- uploads (ROUTE_UPLOAD) ----
 *
 * lws's form parser (lws_spa) runs on the loop as the body arrives: text
 * fields are kept by the parser, the one file part is written straight to
 * a temporary file under DATA_DIR/files/.tmp (so memory stays flat at any
 * size) and hashed on the way.  With ROUTE_UPLOAD_RAW, an audio body
 * (curl --data-binary @call.wav -H 'Content-Type: audio/wav') is the file
 * and takes the same path without the parser.  The handler gets a struct
 * upload.
 */
#define UPLOAD_FORM_SLACK 65536 /* room for the text fields and part headers */

static void upload_fail(struct conn_req *cr, int status, const char *code, const char *msg)
{
	if (cr->spa) {
		lws_spa_destroy(cr->spa);
		cr->spa = NULL;
	}
	if (cr->upload_fd > 0) {
		close(cr->upload_fd);
		cr->upload_fd = 0;
	}
	resp_error(cr->req, status, code, "%s", msg);
	cr->req->resp.close = 1;
	ready(cr);
}

/* Start the upload's file: a temporary file under DATA_DIR/files/.tmp.
 * 0, or -1 with cr->upload_status 503. */
static int upload_open(struct conn_req *cr, const char *name, const char *filename)
{
	struct upload *u = cr->req->upload;
	struct buf path = BUF_INIT;

	buf_addf(&path, "%s/files/.tmp", g_srv->cfg.data_dir);
	if (mkdir_p(path.s, 0700) != 0) {
		log_error("uploads: cannot create %s: %s", path.s, strerror(errno));
		buf_free(&path);
		cr->upload_status = 503;
		return -1;
	}
	buf_addstr(&path, "/upload-XXXXXX");
	cr->upload_fd = mkstemp(path.s);
	if (cr->upload_fd < 0) {
		log_error("uploads: cannot create a temporary file: %s", strerror(errno));
		cr->upload_fd = 0;
		buf_free(&path);
		cr->upload_status = 503;
		return -1;
	}
	u->path = buf_detach(&path, NULL);
	u->field = xstrdup(name ? name : "");
	u->filename = xstrdup(filename ? filename : "");
	crypto_hash_sha256_init(&cr->upload_hash);
	return 0;
}

/* Append to the upload's file and hash.  0, or -1 with upload_status 413
 * (over MAX_FILE_SIZE) or 503 (the disk). */
static int upload_write(struct conn_req *cr, const char *buf, size_t len)
{
	struct upload *u = cr->req->upload;

	if (u->size + (int64_t)len > g_srv->cfg.max_file_size) {
		cr->upload_status = 413;
		return -1;
	}
	for (size_t off = 0; off < len;) {
		ssize_t n = write(cr->upload_fd, buf + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			log_error("uploads: write failed: %s", strerror(errno));
			cr->upload_status = 503;
			return -1;
		}
		off += (size_t)n;
	}
	crypto_hash_sha256_update(&cr->upload_hash, (const unsigned char *)buf,
				  (unsigned long long)len);
	u->size += (int64_t)len;
	return 0;
}

static void upload_close(struct conn_req *cr)
{
	crypto_hash_sha256_final(&cr->upload_hash, cr->req->upload->sha256);
	close(cr->upload_fd);
	cr->upload_fd = 0;
}

static int upload_cb(void *data, const char *name, const char *filename, char *buf, int len,
		     enum lws_spa_fileupload_states state)
{
	struct conn_req *cr = data;
	struct upload *u = cr->req->upload;

	switch (state) {
	case LWS_UFS_OPEN:
		if (u->path) {
			cr->upload_status = 400;
			return -1; /* one file per upload */
		}
		return upload_open(cr, name, filename);
	case LWS_UFS_CONTENT:
	case LWS_UFS_FINAL_CONTENT:
		if (cr->upload_fd <= 0 || len < 0)
			return 0;
		if (upload_write(cr, buf, (size_t)len))
			return -1;
		if (state == LWS_UFS_FINAL_CONTENT)
			upload_close(cr);
		return 0;
	case LWS_UFS_CLOSE:
		return 0;
	}
	return 0;
}

/*
 * Slow bodies: a request body must arrive within REQUEST_TIMEOUT seconds.
 * lws's own timeout only catches a silent client (it restarts with every
 * byte), so on_body also checks a deadline and closes a client that drips.
 * Uploads may be large, so theirs moves on with every UPLOAD_PROGRESS
 * bytes received: the bound is a minimum rate, not a total time.
 */
#define UPLOAD_PROGRESS (256 * 1024)

static void body_begin(struct conn_req *cr)
{
	cr->state = RS_BODY;
	cr->since_deadline = 0;
	cr->body_deadline_us = time_mono_us() + g_srv->cfg.request_timeout_s * 1000000LL;
	lws_set_timeout(cr->wsi, PENDING_TIMEOUT_HTTP_CONTENT, g_srv->cfg.request_timeout_s);
}

static int upload_begin(struct conn_req *cr, struct lws *wsi)
{
	struct request *r = cr->req;
	lws_spa_create_info_t info;
	int n;

	int raw = (r->route->flags & ROUTE_UPLOAD_RAW) && r->content_type &&
		  (!strncasecmp(r->content_type, "audio/", 6) ||
		   !strncasecmp(r->content_type, "application/octet-stream", 24));

	for (n = 0; http_form_fields[n]; n++)
		;
	if (!raw && (!r->content_type || strncasecmp(r->content_type, "multipart/form-data", 19))) {
		answer_now(cr, 415, "UNSUPPORTED_MEDIA_TYPE",
			   r->route->flags & ROUTE_UPLOAD_RAW
				   ? "Send the recording as audio/wav (or multipart/form-data)"
				   : "Uploads must be multipart/form-data", r->content_length > 0);
		return 0;
	}
	if (r->content_length > g_srv->cfg.max_file_size + UPLOAD_FORM_SLACK) {
		resp_error(r, 413, "FILE_TOO_LARGE", "File too large (limit %lld bytes)",
			   (long long)g_srv->cfg.max_file_size);
		r->resp.close = 1;
		ready(cr);
		return 0;
	}
	r->upload = xcalloc(1, sizeof *r->upload);
	if (raw) {
		/* The body is the file: straight to disk as it arrives. */
		if (upload_open(cr, "recording", "recording.wav")) {
			upload_fail(cr, 503, "STORAGE_UNAVAILABLE", "File storage is unavailable");
			return 0;
		}
		cr->raw_upload = 1;
		body_begin(cr);
		return 0;
	}
	memset(&info, 0, sizeof info);
	info.param_names = http_form_fields;
	info.count_params = n;
	info.max_storage = 8192;
	info.opt_cb = upload_cb;
	info.opt_data = cr;
	cr->spa = lws_spa_create_via_info(wsi, &info);
	if (!cr->spa) {
		answer_now(cr, 400, "INVALID_MULTIPART", "Malformed multipart/form-data request", 1);
		return 0;
	}
	body_begin(cr);
	return 0;
}

static int upload_chunk(struct conn_req *cr, const void *in, size_t len)
{
	if (cr->raw_upload) {
		if (cr->upload_fd > 0 && upload_write(cr, in, len))
			upload_fail(cr, cr->upload_status, cr->upload_status == 413 ? "FILE_TOO_LARGE"
						       : "STORAGE_UNAVAILABLE",
				    cr->upload_status == 413 ? "File too large"
							     : "File storage is unavailable");
		return 0;
	}
	if (lws_spa_process(cr->spa, in, (int)len) < 0) {
		if (cr->upload_status == 413)
			upload_fail(cr, 413, "FILE_TOO_LARGE", "File too large");
		else if (cr->upload_status == 503)
			upload_fail(cr, 503, "STORAGE_UNAVAILABLE", "File storage is unavailable");
		else
			upload_fail(cr, 400, "INVALID_MULTIPART",
				    cr->upload_status == 400 ? "Only one file per upload"
							     : "Malformed multipart/form-data body");
	}
	return 0;
}

/* The body is complete: collect the fields.  0, or -1 after answering. */
static int upload_end(struct conn_req *cr)
{
	struct upload *u = cr->req->upload;
	int i;

	if (lws_spa_finalize(cr->spa) < 0) {
		upload_fail(cr, 400, "INVALID_MULTIPART", "Malformed multipart/form-data body");
		return -1;
	}
	for (i = 0; http_form_fields[i] && u->nfields < HTTP_MAX_FORM; i++) {
		const char *v = lws_spa_get_string(cr->spa, i);

		if (v) {
			u->fields[u->nfields].key = xstrdup(http_form_fields[i]);
			u->fields[u->nfields++].value = xstrndup(v, (size_t)lws_spa_get_length(cr->spa, i));
		}
	}
	lws_spa_destroy(cr->spa);
	cr->spa = NULL;
	if (cr->upload_fd > 0) { /* no final chunk was seen */
		close(cr->upload_fd);
		cr->upload_fd = 0;
		crypto_hash_sha256_final(&cr->upload_hash, u->sha256);
	}
	return 0;
}

/* The largest body r's route accepts. */
static size_t body_limit(const struct request *r)
{
	if (r->route && (r->route->flags & ROUTE_BODY_LARGE) && ROUTE_LARGE_BODY > g_srv->cfg.max_body)
		return ROUTE_LARGE_BODY;
	return g_srv->cfg.max_body;
}

static int on_http(struct lws *wsi, struct pss *pss, const char *path)
{
	struct conn_req *cr = xcalloc(1, sizeof *cr);
	struct request *r = cr->req = request_new();
	char *uri, *cl;
	int ulen, m, np = 0, has_te;
	unsigned allowed = 0;
	enum match_result mr;
	const struct route *rt = NULL;

	cr->wsi = wsi;
	cr->t0_us = time_mono_us();
	pss->cr = cr;
	lws_get_peer_simple(wsi, r->ip, sizeof r->ip);
	if (!strncmp(r->ip, "::ffff:", 7)) /* an IPv4 client on a dual-stack socket */
		memmove(r->ip, r->ip + 7, strlen(r->ip + 7) + 1);
	r->path = xstrdup(path && *path ? path : "/");
	{
		char *rid = custom_dup(wsi, "x-request-id:");
		if (rid && valid_request_id(rid)) {
			snprintf(r->request_id, sizeof r->request_id, "%s", rid);
		} else {
			unsigned char b[8];
			randombytes_buf(b, sizeof b);
			sodium_bin2hex(r->request_id, sizeof r->request_id, b, sizeof b);
		}
		free(rid);
	}
	m = lws_http_get_uri_and_method(wsi, &uri, &ulen);
	if (map_method(m, &r->method)) {
		r->method = HTTP_GET;
		answer_now(cr, 405, "METHOD_NOT_ALLOWED", "Method not allowed", 1);
		return 0;
	}
	if (r->method == HTTP_HEAD) {
		r->head = 1;
		r->method = HTTP_GET;
	}
	r->content_type = hdr_dup(wsi, WSI_TOKEN_HTTP_CONTENT_TYPE);
	r->authorization = hdr_dup(wsi, WSI_TOKEN_HTTP_AUTHORIZATION);
	r->origin = hdr_dup(wsi, WSI_TOKEN_ORIGIN);
	r->user_agent = hdr_dup(wsi, WSI_TOKEN_HTTP_USER_AGENT);
	r->api_key = custom_dup(wsi, "x-api-key:");
	for (int i = 0; http_extra_headers[i] && r->nextra < HTTP_MAX_EXTRA; i++) {
		char name[64], *v;

		snprintf(name, sizeof name, "%s:", http_extra_headers[i]);
		/* lws parses the headers it knows into tokens, not custom ones */
		v = !strcmp(http_extra_headers[i], "if-none-match")
			    ? hdr_dup(wsi, WSI_TOKEN_HTTP_IF_NONE_MATCH)
			    : custom_dup(wsi, name);
		if (v) {
			r->extra[r->nextra].key = xstrdup(http_extra_headers[i]);
			r->extra[r->nextra++].value = v;
		}
	}
	if (g_srv->cfg.trust_proxy) {
		r->forwarded_for = hdr_dup(wsi, WSI_TOKEN_X_FORWARDED_FOR);
		client_address(r);
	}
	has_te = lws_hdr_total_length(wsi, WSI_TOKEN_HTTP_TRANSFER_ENCODING) > 0;
	cl = hdr_dup(wsi, WSI_TOKEN_HTTP_CONTENT_LENGTH);
	if (cl) {
		char *end;
		unsigned long long v;
		errno = 0;
		v = strtoull(cl, &end, 10);
		if (errno || end == cl || *end || cl[0] == '-' || cl[0] == '+') {
			free(cl);
			answer_now(cr, 400, "BAD_REQUEST", "Invalid Content-Length", 1);
			return 0;
		}
		r->content_length = v > (unsigned long long)INT64_MAX ? INT64_MAX : (int64_t)v;
		free(cl);
	}

	if (atomic_load(&g_srv->draining)) {
		answer_now(cr, 503, "SHUTTING_DOWN", "Server is shutting down", 1);
		resp_header(r, "retry-after", "5");
		return 0;
	}
	if (has_te) {
		answer_now(cr, 411, "LENGTH_REQUIRED",
			   "Chunked request bodies are not supported; send Content-Length", 1);
		return 0;
	}
	if (r->content_length < 0 &&
	    (r->method == HTTP_POST || r->method == HTTP_PUT || r->method == HTTP_PATCH)) {
		answer_now(cr, 411, "LENGTH_REQUIRED", "Content-Length required", 1);
		return 0;
	}
	if (read_query(wsi, r)) {
		answer_now(cr, 414, "URI_TOO_LONG", "Too many or too long query parameters", 1);
		return 0;
	}

	mr = router_match(r->method, r->path, &rt, r->params, &np, &allowed);
	r->nparams = np;
	if (r->method == HTTP_OPTIONS && mr == MATCH_BAD_METHOD) {
		r->resp.close = r->content_length > 0;
		preflight(cr, allowed);
		return 0;
	}
	if (mr != MATCH_OK) {
		int body = r->content_length > 0;
		if (mr == MATCH_TOO_LONG) {
			answer_now(cr, 414, "URI_TOO_LONG", "Path too long", body);
		} else if (mr == MATCH_BAD_METHOD) {
			struct buf b = BUF_INIT;
			resp_error(r, 405, "METHOD_NOT_ALLOWED", "Method %s not allowed on %s",
				   http_method_name(r->method), r->path);
			router_allow_header(allowed, &b);
			resp_header(r, "allow", b.s);
			buf_free(&b);
			r->resp.close = body;
			ready(cr);
		} else {
			resp_error(r, 404, "ROUTE_NOT_FOUND", "Route %s %s not found",
				   http_method_name(r->head ? HTTP_HEAD : r->method), r->path);
			r->resp.close = body;
			ready(cr);
		}
		return 0;
	}
	r->route = rt;
	/* /health stays outside the limit, so monitoring never trips it. */
	if (strcmp(rt->pattern, "/health") && rate_limit(cr))
		return 0;
	if (rt->flags & ROUTE_UPLOAD)
		return upload_begin(cr, wsi);
	if (r->content_length > (int64_t)body_limit(r)) {
		resp_error(r, 413, "PAYLOAD_TOO_LARGE", "Request body too large (limit %zu bytes)",
			   body_limit(r));
		r->resp.close = 1;
		ready(cr);
		return 0;
	}
	/* P3: POST with a zero Content-Length still gets the body callbacks. */
	if (r->content_length > 0 || (r->method == HTTP_POST && r->content_length == 0)) {
		body_begin(cr);
		return 0;
	}
	submit(cr);
	return 0;
}

static int on_body(struct pss *pss, const void *in, size_t len)
{
	struct conn_req *cr = pss->cr;

	if (!cr || cr->state != RS_BODY)
		return 0; /* an answer is already on its way; discard */
	if (time_mono_us() > cr->body_deadline_us) {
		log_warn("request body too slow: closing rid=%s ip=%s", cr->req->request_id, cr->req->ip);
		return -1;
	}
	if (cr->spa || cr->raw_upload) {
		cr->since_deadline += len;
		if (cr->since_deadline >= UPLOAD_PROGRESS) {
			cr->since_deadline = 0;
			cr->body_deadline_us = time_mono_us() + g_srv->cfg.request_timeout_s * 1000000LL;
		}
		return upload_chunk(cr, in, len);
	}
	if (cr->req->body.len + len > body_limit(cr->req)) {
		resp_error(cr->req, 413, "PAYLOAD_TOO_LARGE",
			   "Request body too large (limit %zu bytes)", body_limit(cr->req));
		cr->req->resp.close = 1;
		ready(cr);
		return 0;
	}
	buf_add(&cr->req->body, in, len);
	return 0;
}

static int on_body_done(struct pss *pss)
{
	struct conn_req *cr = pss->cr;

	/* lws may deliver the completion twice for one request (platform
	 * notes §11.4): only the first one in RS_BODY counts. */
	if (!cr || cr->state != RS_BODY)
		return 0;
	if (cr->spa && upload_end(cr))
		return 0;
	if (cr->raw_upload && cr->upload_fd > 0)
		upload_close(cr);
	submit(cr);
	return 0;
}

static int on_writeable(struct lws *wsi, struct pss *pss)
{
	struct conn_req *cr = pss->cr;
	int rc, close;

	if (!cr || (cr->state != RS_READY && cr->state != RS_WRITING))
		return 0;
	rc = write_response(cr);
	if (rc < 0) {
		if (cr->req->resp.stream)
			stream_cancel(cr->req->resp.stream);
		return -1;
	}
	if (rc == 2)
		return 0; /* a stream waiting for its producer */
	if (rc == 0) {
		lws_callback_on_writable(wsi);
		return 0;
	}
	log_request(cr);
	close = cr->req->resp.close || !pipeguard_keepalive_ok();
	pss->cr = NULL;
	if (cr->on_worker) {
		/* A stream whose worker has not returned yet: it frees cr. */
		stream_unlink(cr);
		cr->orphaned = 1;
		cr->wsi = NULL;
	} else {
		cr_free(cr);
	}
	if (close)
		return -1;
	if (lws_http_transaction_completed(wsi))
		return -1;
	return 0;
}

static void detach(struct pss *pss)
{
	struct conn_req *cr = pss ? pss->cr : NULL;

	if (!cr)
		return;
	pss->cr = NULL;
	if (cr->req->resp.stream)
		stream_cancel(cr->req->resp.stream);
	if (cr->on_worker) {
		stream_unlink(cr);
		cr->orphaned = 1;
		cr->wsi = NULL;
		return;
	}
	cr_free(cr);
}

static int http_cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
		   size_t len)
{
	struct pss *pss = user;

	switch (reason) {
	case LWS_CALLBACK_HTTP:
		if (pss->cr) /* never expected: a previous request was not finished */
			detach(pss);
		return on_http(wsi, pss, in);
	case LWS_CALLBACK_HTTP_BODY:
		return on_body(pss, in, len);
	case LWS_CALLBACK_HTTP_BODY_COMPLETION:
		return on_body_done(pss);
	case LWS_CALLBACK_HTTP_WRITEABLE:
		return on_writeable(wsi, pss);
	case LWS_CALLBACK_CLOSED_HTTP:
	case LWS_CALLBACK_HTTP_DROP_PROTOCOL:
		detach(pss);
		break;
	case LWS_CALLBACK_HTTP_BIND_PROTOCOL:
		pipeguard_mark(wsi);
		break;
	case LWS_CALLBACK_FILTER_HTTP_CONNECTION:
		return pipeguard_check(wsi);
	case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
		return 1; /* WebSockets belong to the live protocol (live.c) */
	case LWS_CALLBACK_EVENT_WAIT_CANCELLED:
		streams_service(); /* before completions: a published stream may end now */
		if (g_srv && g_srv->jobs)
			jobs_drain_completed(g_srv->jobs);
		if (g_srv && g_srv->hash_jobs)
			jobs_drain_completed(g_srv->hash_jobs);
		transcription_drain();
		live_drain();
		break;
	default:
		break;
	}
	return lws_callback_http_dummy(wsi, reason, user, in, len);
}

static struct lws_protocols protocols[] = {
	{ "http", http_cb, sizeof(struct pss), 0, 0, NULL, 0 },
	{ LIVE_PROTOCOL, live_callback, 0, 1024, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

/* P9: a WebSocket client that offers no subprotocol gets the live one. */
static const struct lws_protocol_vhost_options live_default = { NULL, NULL, "default", "1" };
static const struct lws_protocol_vhost_options live_pvo = { NULL, &live_default, LIVE_PROTOCOL, "" };

static void lws_log(int level, const char *line)
{
	size_t n = strlen(line);

	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		n--;
	if (level & LLL_ERR)
		log_warn("lws: %.*s", (int)n, line);
	else
		log_debug("lws: %.*s", (int)n, line);
}

/* A periodic wake-up so the loop notices deadlines even when idle. */
static lws_sorted_usec_list_t g_tick;

/* Every 250 ms; every 5 s it also hands freed heap back to the system, so
 * bursts (thousands of WebSocket upgrades, big uploads) do not leave the
 * resident size at its peak. */
static void tick(lws_sorted_usec_list_t *sul)
{
	static unsigned n;

	watchdog_beat();
	if (++n % 20 == 0) {
		lws_alloc_trim();
		malloc_trim(128 * 1024);
	}
	if (n % 4 == 0)
		live_tick();
	lws_sul_schedule(g_ctx, 0, sul, tick, 250 * LWS_US_PER_MS);
}

static void on_signal(int sig)
{
	(void)sig;
	httpd_stop();
}

static int write_port_file(const char *path, int port)
{
	struct buf tmp = BUF_INIT;
	FILE *f;
	int rc = -1;

	buf_addf(&tmp, "%s.tmp", path);
	f = fopen(tmp.s, "w");
	if (f) {
		fprintf(f, "%d\n", port);
		if (fclose(f) == 0 && rename(tmp.s, path) == 0)
			rc = 0;
	}
	buf_free(&tmp);
	return rc;
}

int httpd_run(struct server *srv)
{
	struct lws_context_creation_info info;
	struct sigaction sa;
	struct lws_vhost *vh;
	int64_t deadline;

	g_srv = srv;
	lws_set_log_level(log_enabled(LOG_DEBUG) ? LLL_ERR | LLL_WARN | LLL_NOTICE : LLL_ERR,
			  lws_log);
	memset(&info, 0, sizeof info);
	info.port = srv->cfg.port;
	info.iface = srv->cfg.host;
	protocols[1].per_session_data_size = live_conn_size();
	info.protocols = protocols;
	info.pvo = &live_pvo;
	info.server_string = "salesan";
	info.keepalive_timeout = 30;
	info.timeout_secs = 20;
	info.max_http_header_data = 16384;
	info.options = LWS_SERVER_OPTION_VALIDATE_UTF8;
	info.user = srv;
	lws_set_allocator(lws_alloc_realloc); /* lws_alloc.h: why */
	if (live_init(srv))
		return -1;
	g_ctx = lws_create_context(&info);
	if (!g_ctx) {
		live_fini();
		log_error("cannot listen on %s:%d (address in use, or not a local address?)",
			  srv->cfg.host, srv->cfg.port);
		return -1;
	}
	srv->lws_ctx = g_ctx;
	vh = lws_get_vhost_by_name(g_ctx, "default");
	srv->bound_port = vh ? lws_get_vhost_listen_port(vh) : srv->cfg.port;
	if (srv->bound_port <= 0) {
		log_error("cannot listen on %s:%d", srv->cfg.host, srv->cfg.port);
		lws_context_destroy(g_ctx);
		g_ctx = NULL;
		live_fini();
		return -1;
	}

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (srv->cfg.port_file && write_port_file(srv->cfg.port_file, srv->bound_port))
		log_warn("cannot write port file %s: %s", srv->cfg.port_file, strerror(errno));
	log_info("salesand %s listening on http://%s:%d data=%s", SALESAN_VERSION, srv->cfg.host,
		 srv->bound_port, srv->cfg.data_dir);

	memset(&g_tick, 0, sizeof g_tick);
	lws_sul_schedule(g_ctx, 0, &g_tick, tick, 250 * LWS_US_PER_MS);
	watchdog_start();
	watchdog_notify("READY=1");
	if (!pipeguard_keepalive_ok())
		log_warn("pipelining guard unavailable: keep-alive disabled (every response closes)");
	while (!g_stop)
		if (lws_service(g_ctx, 0) < 0)
			break;

	/* Graceful stop: refuse new requests, finish the ones in flight. */
	atomic_store(&srv->draining, 1);
	watchdog_notify("STOPPING=1");
	log_info("shutting down: finishing %d request(s) in flight", g_busy);
	deadline = time_mono_us() + DRAIN_SECONDS * 1000000LL;
	while (g_busy > 0 && time_mono_us() < deadline)
		if (lws_service(g_ctx, 0) < 0)
			break;
	lws_sul_cancel(&g_tick);
	watchdog_stop();
	if (g_busy > 0)
		log_warn("shutdown: %d request(s) still unfinished after %d s", g_busy, DRAIN_SECONDS);
	lws_context_destroy(g_ctx);
	g_ctx = NULL;
	srv->lws_ctx = NULL;
	live_fini();
	return 0;
}
