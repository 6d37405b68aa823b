/*
 * webhooks.h - outbound webhooks: delivering the events store_event_emit()
 * recorded (store.h) to the subscribers' URLs.
 *
 * Events: sales_call.created, sales_call.completed, sales_call.analyzed,
 * performance.alert, live_session.started, live_session.ended,
 * notification.created.  A delivery is
 *
 *   POST <targetUrl>
 *   Content-Type: application/json
 *   X-Salesan-Event: <event>
 *   X-Salesan-Delivery: <delivery id, the same on every retry>
 *   X-Salesan-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
 *
 *   {"id": <event id>, "event", "createdAt", "organizationId", "data"}
 *
 * Durable and at-least-once: events and deliveries are rows written in the
 * transaction of the change, so a crash loses none and a rolled-back change
 * sends none; receivers deduplicate by the event id.  One thread (with its
 * own database connection) polls for due deliveries; each subscription
 * gets its events in order, one at a time.  A 2xx answer delivers; network
 * errors, timeouts, 429 and 5xx retry after WEBHOOK_RETRY_BASE_MS doubling
 * to an hour, with +-20 % jitter, or after Retry-After; other answers fail
 * the delivery; after WEBHOOK_MAX_AGE_MS a delivery is given up.
 * WEBHOOK_MAX_FAILURES failed attempts in a row disable the subscription,
 * and its creator (else the organization's admins) is notified.
 *
 * SSRF: targets must be http(s) and may not resolve to internal addresses,
 * checked on every connection (after DNS, on redirects; netguard.h);
 * SALESAN_WEBHOOK_ALLOW_PRIVATE=1 lifts that for tests, loudly.
 */
#ifndef SALESAN_WEBHOOKS_H
#define SALESAN_WEBHOOKS_H

#include <stddef.h>
#include <stdint.h>

struct server;

/* The events subscriptions may name (NULL-terminated). */
extern const char *const webhook_events[];

/* Start and stop the delivery thread.  0, or -1 (logged). */
int webhooks_start(struct server *srv);
void webhooks_stop(void);

/* "t=<t>,v1=<hex>" for body signed with secret, into out (>= 80 bytes). */
void webhook_sign(const char *secret, int64_t t, const char *body, size_t len, char *out,
		  size_t n);

/* Whether url is an acceptable target (absolute http or https with a
 * host, at most 2000 characters); NULL, or why not. */
const char *webhook_url_problem(const char *url);

#endif
