/*
 * live_client.h - the CLI's WebSocket client for salesand's live hub
 * (/api/v1/live, subprotocol salesan.live.v1), on libwebsockets.
 *
 * Single-threaded: the caller drives it with live_client_poll(), which
 * services the connection for up to a timeout and hands back received
 * messages one at a time.  Sending queues a message and returns at once.
 */
#ifndef SALESAN_LIVE_CLIENT_H
#define SALESAN_LIVE_CLIENT_H

#include <cJSON.h>
#include <stddef.h>

struct live_client;

/*
 * Connect to server_url ("http://host:port" or https) and authenticate
 * with token.  Returns NULL with a message in err when the connection or
 * the upgrade fails (within timeout_ms).
 */
struct live_client *live_client_connect(const char *server_url, const char *token,
					int timeout_ms, char *err, size_t errlen);
/* Queue {"event", "data"} (data taken; may be NULL).  0, or -1 when closed. */
int live_client_send(struct live_client *lc, const char *event, cJSON *data);
/* Queue one binary message (copied): the live protocol's audio frames.
 * 0, or -1 when closed. */
int live_client_send_binary(struct live_client *lc, const void *data, size_t len);
/*
 * Service the connection for at most timeout_ms.  Returns the next
 * message received (the whole {"event","data"} object; caller frees), or
 * NULL when none arrived in time.  *closed is set once the connection is
 * gone (reason in live_client_error()).
 */
cJSON *live_client_poll(struct live_client *lc, int timeout_ms, int *closed);
const char *live_client_error(const struct live_client *lc);
/* Send what is queued (up to timeout_ms), close and free. */
void live_client_close(struct live_client *lc, int timeout_ms);

#endif
