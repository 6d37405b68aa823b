/*
 * pipeguard.h - defence against the lws 4.1.6 pipelining livelock
 * (platform-notes P1 and §11).
 *
 * A request that carries a body and whose headers were already sitting in
 * lws's buffer (i.e. it was pipelined behind another request on the same
 * connection) makes lws spin forever inside one lws_service() call.  lws
 * never recv()s from an HTTP/1.1 socket while that connection's buffer
 * still holds data, so "no recv() on this fd since the previous transaction
 * completed" is exactly "these headers were pipelined".  We count recv()
 * calls per fd (by defining recv() in the executable, which lws resolves
 * before glibc's), record the count whenever lws binds the HTTP protocol to
 * a connection (at request start and at every keep-alive completion), and
 * in LWS_CALLBACK_FILTER_HTTP_CONNECTION refuse a pipelined request that
 * would carry a body: 400 and close, before lws reaches the looping code.
 * Pipelined requests without bodies are served normally.
 *
 * If the interposition is not in effect (the self-check fails), keep-alive
 * is turned off instead: every response closes its connection, so nothing
 * can ever be pipelined.
 */
#ifndef SALESAN_PIPEGUARD_H
#define SALESAN_PIPEGUARD_H

struct lws;

/* LWS_CALLBACK_HTTP_BIND_PROTOCOL: remember the fd's read count. */
void pipeguard_mark(struct lws *wsi);
/* LWS_CALLBACK_FILTER_HTTP_CONNECTION: 0 to proceed, or -1 after writing
 * a 400 for a pipelined request with a body (lws then closes). */
int pipeguard_check(struct lws *wsi);
/* False when the recv() counter is not active: use no keep-alive. */
int pipeguard_keepalive_ok(void);

#endif
