/*
 * live.h - the live hub: WebSocket connections at /api/v1/live (subprotocol
 * salesan.live.v1) where reps stream transcript segments and managers
 * watch, whisper and take notes (the live protocol of API.md).
 *
 * Threading: connections, sessions and their analyzers live on the event
 * loop thread only.  The hub reads through its own database connection
 * (short primary-key reads); every write goes to the worker pool.  Other
 * threads reach the hub only through the live_post_* inbox, which wakes
 * the loop with lws_cancel_service.
 */
#ifndef SALESAN_LIVE_H
#define SALESAN_LIVE_H

#include <cJSON.h>
#include <libwebsockets.h>

struct server;
struct live_row;

#define LIVE_PROTOCOL "salesan.live.v1"
#define LIVE_PATH "/api/v1/live"

/* Loop thread, before and after the loop runs.  live_init returns 0 or -1. */
int live_init(struct server *srv);
void live_fini(void);
/* Loop thread: handle what other threads posted. */
void live_drain(void);
/* Loop thread, periodically: end sessions whose rep has been away longer
 * than LIVE_GRACE_SECONDS (a rep who comes back sooner resumes). */
void live_tick(void);

/* The lws callback of the live protocol (http.c registers it). */
int live_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
		  size_t len);
/* Per-connection state size for the protocol table. */
size_t live_conn_size(void);

/* Any thread.  The cJSON arguments are taken over. */
void live_post_started(const struct live_row *r);
void live_post_ended(const char *session_id, const char *org_id, cJSON *analysis);
void live_post_notification(const char *user_id, cJSON *notification);

#endif
