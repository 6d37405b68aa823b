/*
 * httpd.h - the libwebsockets event loop: accepts HTTP requests, frames
 * bodies, routes, hands requests to the worker pool and writes responses.
 * See http.c for how each lws 4.1.6 pitfall (platform-notes §2.6) is met.
 */
#ifndef SALESAN_HTTPD_H
#define SALESAN_HTTPD_H

struct server;

/*
 * Listen and serve until httpd_stop() (or SIGTERM/SIGINT, which call it),
 * then stop accepting work, let in-flight requests finish (up to 10 s) and
 * tear the context down.  Returns 0 on a clean stop, -1 when the server
 * could not start (the reason is logged).
 */
int httpd_run(struct server *srv);

/* Ask the loop to stop; async-signal-safe. */
void httpd_stop(void);

/* The wake hook for the worker pool (any thread). */
void httpd_wake(void *unused);

#endif
