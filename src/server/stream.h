/*
 * stream.h - response bodies produced while they are sent (exports).
 *
 * A handler that answers with resp_stream() returns at once; the loop
 * sends the headers, and then, still on the same worker thread (with its
 * database connection), the produce function runs and writes the body
 * through stream_write().  The loop writes what is produced as the socket
 * drains (LWS_CALLBACK_HTTP_WRITEABLE), so memory stays bounded:
 * stream_write blocks while STREAM_HIGH bytes are waiting, and gives up
 * (returns -1) when the client has gone or has read nothing for
 * STREAM_STALL_S seconds.  The body's end is marked by closing the
 * connection (no Content-Length is known in advance).
 *
 * At most STREAM_MAX streams run at once (each holds a worker); more get
 * 503 with Retry-After from resp_stream's caller (stream_acquire).
 *
 * Threads: produce and stream_write run on the worker; stream_take,
 * stream_cancel and stream_wants_write on the loop.  The stream belongs to
 * its request and is freed with it, which the loop does only after the
 * worker has finished with it.
 */
#ifndef SALESAN_STREAM_H
#define SALESAN_STREAM_H

#include <stddef.h>
#include <stdint.h>

#define STREAM_HIGH (256 * 1024)
#define STREAM_STALL_S 60
#define STREAM_MAX 2

struct request;
struct resp_stream;

/* Write the body; return 0 when complete, -1 on failure (the connection
 * is then closed early, so a client sees a truncated body, never a
 * complete-looking one). */
typedef int (*stream_fn)(struct request *r, struct resp_stream *s, void *arg);

/* Reserve one of the STREAM_MAX slots; 0, or -1 when all are in use. */
int stream_acquire(void);

/*
 * Answer r with status and content_type (a static string), the body to
 * come from produce(r, stream, arg) once the headers are on their way.
 * arg_free (may be NULL) releases arg afterwards.  The caller must hold a
 * slot from stream_acquire(); it is released when the stream ends.
 */
void resp_stream(struct request *r, int status, const char *content_type, stream_fn produce,
		 void *arg, void (*arg_free)(void *));

/* Worker: queue len bytes.  0, or -1 when the client is gone or stalled
 * (stop producing). */
int stream_write(struct resp_stream *s, const void *data, size_t len);

/* Worker (http.c): run the producer and mark the end. */
void stream_run(struct request *r);

/* Loop: copy up to n produced bytes into dst; *done is set when nothing
 * more will come (then the return value is 0 and *failed tells whether
 * the producer failed).  Returns the bytes copied. */
size_t stream_take(struct resp_stream *s, void *dst, size_t n, int *done, int *failed);
/* Loop: whether a writable callback would make progress. */
int stream_wants_write(struct resp_stream *s);
/* Loop: the client went away; wake and stop the producer. */
void stream_cancel(struct resp_stream *s);
/* Bytes written to the socket so far (loop). */
int64_t stream_sent(const struct resp_stream *s);

void stream_free(struct resp_stream *s);

#endif
