/*
 * live_client.c - see live_client.h.
 */
#include "live_client.h"
#include "common/json.h"
#include "common/timeutil.h"
#include "common/xmalloc.h"

#include <libwebsockets.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LC_PROTOCOL "salesan.live.v1"
#define LC_MAX_MSG (1024 * 1024)

struct node {
	char *text;
	size_t len;
	int binary;
	cJSON *json;
	struct node *next;
};

struct live_client {
	struct lws_context *ctx;
	struct lws *wsi;
	int established, closed;
	struct node *out, **out_tail;
	struct node *in, **in_tail;
	char *rx;
	size_t rxlen;
	char error[256];
};

static void push(struct node ***tail, struct node *n)
{
	**tail = n;
	*tail = &n->next;
	n->next = NULL;
}

static int cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in, size_t len)
{
	struct live_client *lc = lws_context_user(lws_get_context(wsi));
	struct node *n;

	(void)user;
	if (!lc)
		return 0;
	switch (reason) {
	case LWS_CALLBACK_CLIENT_ESTABLISHED:
		lc->established = 1;
		if (lc->out)
			lws_callback_on_writable(wsi);
		break;
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
		snprintf(lc->error, sizeof lc->error, "cannot connect to the live hub: %s",
			 in ? (const char *)in : "refused");
		lc->closed = 1;
		lc->wsi = NULL;
		break;
	case LWS_CALLBACK_CLIENT_RECEIVE:
		if (lc->rxlen + len > LC_MAX_MSG) {
			snprintf(lc->error, sizeof lc->error, "message from the server too large");
			return -1;
		}
		lc->rx = xrealloc(lc->rx, lc->rxlen + len + 1);
		memcpy(lc->rx + lc->rxlen, in, len);
		lc->rxlen += len;
		if (lws_is_final_fragment(wsi) && !lws_remaining_packet_payload(wsi)) {
			n = xcalloc(1, sizeof *n);
			n->json = json_parse(lc->rx, lc->rxlen, 32, NULL);
			lc->rxlen = 0;
			if (n->json)
				push(&lc->in_tail, n);
			else
				free(n);
		}
		break;
	case LWS_CALLBACK_CLIENT_WRITEABLE:
		if ((n = lc->out)) {
			unsigned char *buf = xmalloc(LWS_PRE + n->len);
			int w;

			memcpy(buf + LWS_PRE, n->text, n->len);
			w = lws_write(wsi, buf + LWS_PRE, n->len,
				      n->binary ? LWS_WRITE_BINARY : LWS_WRITE_TEXT);
			free(buf);
			if (w < (int)n->len)
				return -1;
			lc->out = n->next;
			if (!lc->out)
				lc->out_tail = &lc->out;
			free(n->text);
			free(n);
			if (lc->out)
				lws_callback_on_writable(wsi);
		}
		break;
	case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
		if (len > 2)
			snprintf(lc->error, sizeof lc->error, "the server closed the connection: %.*s",
				 (int)(len - 2), (const char *)in + 2);
		break;
	case LWS_CALLBACK_CLIENT_CLOSED:
		if (!lc->error[0])
			snprintf(lc->error, sizeof lc->error, "the server closed the connection");
		lc->closed = 1;
		lc->wsi = NULL;
		break;
	default:
		break;
	}
	return 0;
}

static const struct lws_protocols protocols[] = {
	{ LC_PROTOCOL, cb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

/* Service until cond or the deadline.  lws 4.1's own wait is bounded only
 * by its internal timers (its timeout argument is not honoured), so it runs
 * non-blocking (a negative timeout) between short sleeps. */
static void service(struct live_client *lc, int timeout_ms, int (*cond)(struct live_client *))
{
	int64_t end = time_mono_us() + (int64_t)timeout_ms * 1000;

	for (;;) {
		if (lws_service(lc->ctx, -1) < 0 || lc->closed || (cond && cond(lc)))
			break;
		if (time_mono_us() >= end)
			break;
		usleep(2000);
	}
}

static int is_established(struct live_client *lc)
{
	return lc->established;
}

static int has_input(struct live_client *lc)
{
	return lc->in != NULL;
}

static int out_empty(struct live_client *lc)
{
	return lc->out == NULL;
}

struct live_client *live_client_connect(const char *server_url, const char *token,
					int timeout_ms, char *err, size_t errlen)
{
	struct lws_context_creation_info info;
	struct lws_client_connect_info ci;
	struct live_client *lc = xcalloc(1, sizeof *lc);
	char host[256], path[] = "/api/v1/live";
	const char *p = server_url, *hs;
	int port, ssl = 0;
	size_t hl;
	cJSON *d;

	lc->out_tail = &lc->out;
	lc->in_tail = &lc->in;
	if (!strncmp(p, "https://", 8)) {
		ssl = 1;
		p += 8;
	} else if (!strncmp(p, "http://", 7)) {
		p += 7;
	}
	hl = strcspn(p, ":/");
	if (!hl || hl >= sizeof host) {
		snprintf(err, errlen, "bad server URL %s", server_url);
		free(lc);
		return NULL;
	}
	memcpy(host, p, hl);
	host[hl] = '\0';
	hs = p + hl;
	port = *hs == ':' ? (int)strtol(hs + 1, NULL, 10) : ssl ? 443 : 80;
	if (port <= 0 || port > 65535) {
		snprintf(err, errlen, "bad port in %s", server_url);
		free(lc);
		return NULL;
	}
	lws_set_log_level(0, NULL);
	memset(&info, 0, sizeof info);
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.protocols = protocols;
	info.user = lc;
	if (ssl)
		info.options = LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
	lc->ctx = lws_create_context(&info);
	if (!lc->ctx) {
		snprintf(err, errlen, "cannot create a WebSocket context");
		free(lc);
		return NULL;
	}
	memset(&ci, 0, sizeof ci);
	ci.context = lc->ctx;
	ci.address = host;
	ci.port = port;
	ci.path = path;
	ci.host = host;
	ci.origin = host;
	ci.protocol = LC_PROTOCOL;
	ci.local_protocol_name = LC_PROTOCOL;
	ci.ssl_connection = ssl ? LCCSCF_USE_SSL : 0;
	ci.pwsi = &lc->wsi;
	d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "token", token ? token : "");
	live_client_send(lc, "authenticate", d);
	if (!lws_client_connect_via_info(&ci)) {
		snprintf(err, errlen, "cannot connect to %s", server_url);
		live_client_close(lc, 0);
		return NULL;
	}
	service(lc, timeout_ms, is_established);
	if (!lc->established) {
		snprintf(err, errlen, "%s", lc->error[0] ? lc->error : "the live hub did not answer");
		live_client_close(lc, 0);
		return NULL;
	}
	return lc;
}

int live_client_send(struct live_client *lc, const char *event, cJSON *data)
{
	cJSON *o = cJSON_CreateObject();
	struct node *n;

	cJSON_AddStringToObject(o, "event", event);
	cJSON_AddItemToObject(o, "data", data ? data : cJSON_CreateObject());
	if (lc->closed) {
		cJSON_Delete(o);
		return -1;
	}
	n = xcalloc(1, sizeof *n);
	n->text = json_print(o);
	n->len = strlen(n->text);
	cJSON_Delete(o);
	push(&lc->out_tail, n);
	if (lc->wsi && lc->established)
		lws_callback_on_writable(lc->wsi);
	return 0;
}

int live_client_send_binary(struct live_client *lc, const void *data, size_t len)
{
	struct node *n;

	if (lc->closed)
		return -1;
	n = xcalloc(1, sizeof *n);
	n->text = xmalloc(len ? len : 1);
	memcpy(n->text, data, len);
	n->len = len;
	n->binary = 1;
	push(&lc->out_tail, n);
	if (lc->wsi && lc->established)
		lws_callback_on_writable(lc->wsi);
	return 0;
}

cJSON *live_client_poll(struct live_client *lc, int timeout_ms, int *closed)
{
	struct node *n;
	cJSON *j;

	if (!lc->in)
		service(lc, timeout_ms, has_input);
	*closed = lc->closed && !lc->in;
	if (!(n = lc->in))
		return NULL;
	lc->in = n->next;
	if (!lc->in)
		lc->in_tail = &lc->in;
	j = n->json;
	free(n);
	return j;
}

const char *live_client_error(const struct live_client *lc)
{
	return lc->error;
}

void live_client_close(struct live_client *lc, int timeout_ms)
{
	struct node *n;

	if (!lc)
		return;
	if (timeout_ms > 0 && lc->established)
		service(lc, timeout_ms, out_empty);
	lws_context_destroy(lc->ctx);
	while ((n = lc->out)) {
		lc->out = n->next;
		free(n->text);
		free(n);
	}
	while ((n = lc->in)) {
		lc->in = n->next;
		cJSON_Delete(n->json);
		free(n);
	}
	free(lc->rx);
	free(lc);
}
