/*
 * webhooks.c - the webhook delivery thread (see webhooks.h).
 */
#include "webhooks.h"
#include "db.h"
#include "fields.h"
#include "live.h"
#include "netguard.h"
#include "server.h"
#include "store.h"
#include "common/buf.h"
#include "common/json.h"
#include "common/log.h"
#include "common/timeutil.h"

#include <curl/curl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define POLL_MS 200
#define BATCH 16
#define MAX_DELAY_MS (3600 * 1000LL)
#define MAX_RESPONSE (64 * 1024)

const char *const webhook_events[] = {
	"sales_call.created", "sales_call.completed", "sales_call.analyzed", "performance.alert",
	"live_session.started", "live_session.ended", "notification.created", NULL,
};

static struct {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cond;
	int running, stop;
	const struct srv_config *cfg;
} W = { .mu = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER };

void webhook_sign(const char *secret, int64_t t, const char *body, size_t len, char *out, size_t n)
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	char ts[24], hex[2 * sizeof mac + 1];

	snprintf(ts, sizeof ts, "%lld.", (long long)t);
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, strlen(secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)ts, strlen(ts));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, len);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
	snprintf(out, n, "t=%lld,v1=%s", (long long)t, hex);
}

const char *webhook_url_problem(const char *url)
{
	const char *host;

	if (!url || strlen(url) > 2000)
		return "must be an http(s) URL of at most 2000 characters";
	if (!strncasecmp(url, "https://", 8))
		host = url + 8;
	else if (!strncasecmp(url, "http://", 7))
		host = url + 7;
	else
		return "must be an http or https URL";
	if (!*host || *host == '/' || *host == ':' || strpbrk(url, " \t\r\n\\"))
		return "must name a host";
	return NULL;
}

struct answer {
	struct buf body;
	long retry_after_s; /* -1 when absent */
};

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
	struct answer *a = ud;

	if (a->body.len < MAX_RESPONSE)
		buf_add(&a->body, p, size * n);
	return size * n;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
	struct answer *a = ud;
	size_t len = size * n;

	if (len > 12 && !strncasecmp(p, "retry-after:", 12)) {
		char *end;
		long v = strtol(p + 12, &end, 10);
		if (end != p + 12 && v >= 0)
			a->retry_after_s = v;
	}
	return len;
}

/* One attempt.  Returns the HTTP status (0 when none) and sets *err for
 * failures without one; *refused when the target is internal. */
static long post(CURL *c, const struct due_delivery *d, struct answer *a, char *err,
		 size_t errlen, int *refused)
{
	struct netguard_sock g = { W.cfg->ssrf_allow, 0, "" };
	struct curl_slist *h = NULL;
	char sig[128], hdr[256], errbuf[CURL_ERROR_SIZE] = "";
	long status = 0;
	CURLcode rc;

	*refused = 0;
	curl_easy_reset(c); /* (the connection cache stays: keep-alive per receiver) */
	webhook_sign(d->secret, time_now_ms() / 1000, d->body, strlen(d->body), sig, sizeof sig);
	h = curl_slist_append(h, "Content-Type: application/json");
	h = curl_slist_append(h, "Expect:");
	snprintf(hdr, sizeof hdr, "X-Salesan-Event: %s", d->event);
	h = curl_slist_append(h, hdr);
	snprintf(hdr, sizeof hdr, "X-Salesan-Delivery: %s", d->id);
	h = curl_slist_append(h, hdr);
	snprintf(hdr, sizeof hdr, "X-Salesan-Signature: %s", sig);
	h = curl_slist_append(h, hdr);
	curl_easy_setopt(c, CURLOPT_URL, d->url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, d->body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(d->body));
	curl_easy_setopt(c, CURLOPT_USERAGENT, "salesand-webhooks/" SALESAN_VERSION);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)W.cfg->webhook_timeout_ms);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)W.cfg->webhook_timeout_ms);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 3L);
	curl_easy_setopt(c, CURLOPT_POSTREDIR, (long)CURL_REDIR_POST_ALL);
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, a);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, a);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	if (!W.cfg->webhook_allow_private)
		netguard_guard(c, &g);
	rc = curl_easy_perform(c);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	else if (g.refused) {
		*refused = 1;
		snprintf(err, errlen, "refused: %s", g.error);
	} else {
		snprintf(err, errlen, "%s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(h);
	return status;
}

/* Notify one user that subscription d was disabled, in salesan and live. */
static void notify_one(struct db *db, const char *user, const char *org, const char *title,
		       const char *msg, const char *hook_id)
{
	struct fvals v = { 0 };
	char id[UUID_STR_LEN];
	cJSON *o = NULL;

	fvals_set_text(&v, fields_find(notification_fields, notification_nfields, "userId"), user);
	fvals_set_text(&v, fields_find(notification_fields, notification_nfields, "organizationId"),
		       org);
	fvals_set_text(&v, fields_find(notification_fields, notification_nfields, "type"),
		       "system_alert");
	fvals_set_text(&v, fields_find(notification_fields, notification_nfields, "priority"), "high");
	fvals_set_text(&v, fields_find(notification_fields, notification_nfields, "title"), title);
	fvals_set_text(&v, fields_find(notification_fields, notification_nfields, "message"), msg);
	fvals_set_text(&v, fields_find(notification_fields, notification_nfields, "relatedEntityType"),
		       "webhook");
	fvals_set_text(&v, fields_find(notification_fields, notification_nfields, "relatedEntityId"),
		       hook_id);
	if (store_notification_create(db, &v, time_now_ms(), id) == DB_OK &&
	    store_notification_json(db, id, user, &o) == DB_ROW)
		live_post_notification(user, o);
	fvals_free(&v);
}

/* Tell whoever created the subscription (else, for one an API key made,
 * the organization's admins) that it was disabled. */
static void notify_disabled(struct db *db, const struct due_delivery *d, const char *reason)
{
	char org[UUID_STR_LEN], by[UUID_STR_LEN], ev[40], title[120], msg[600];
	char (*admins)[UUID_STR_LEN] = NULL;
	int n = 0, i;

	if (store_webhook_owner(db, d->webhook_id, org, by, ev) != DB_ROW)
		return;
	snprintf(title, sizeof title, "Webhook disabled: %s", ev);
	snprintf(msg, sizeof msg, "The webhook to %.300s for %s was disabled after repeated failures "
				  "(%s). Fix the receiver, then create the subscription again.",
		 d->url, ev, reason);
	if (by[0]) {
		notify_one(db, by, org, title, msg, d->webhook_id);
		return;
	}
	if (store_org_admins(db, org, &admins, &n) == DB_OK)
		for (i = 0; i < n; i++)
			notify_one(db, admins[i], org, title, msg, d->webhook_id);
	free(admins);
}

static int64_t backoff_ms(int attempts, long retry_after_s)
{
	int64_t delay = W.cfg->webhook_retry_base_ms;
	int i;

	if (retry_after_s >= 0)
		return retry_after_s * 1000 < MAX_DELAY_MS ? retry_after_s * 1000 : MAX_DELAY_MS;
	for (i = 0; i < attempts && delay < MAX_DELAY_MS; i++)
		delay *= 2;
	if (delay > MAX_DELAY_MS)
		delay = MAX_DELAY_MS;
	/* +-20 % so that receivers coming back are not hit all at once */
	return delay + (int64_t)((double)delay * 0.4 * (randombytes_uniform(1001) / 1000.0 - 0.5));
}

static void attempt(struct db *db, CURL *c, const struct due_delivery *d)
{
	struct answer a = { BUF_INIT, -1 };
	char err[256] = "";
	int refused;
	long code = post(c, d, &a, err, sizeof err, &refused);
	int64_t now = time_now_ms(), next = now, failures = 0;
	const char *status;

	if (code >= 200 && code < 300) {
		status = "delivered";
	} else if (!refused && (code == 0 || code == 408 || code == 429 || code >= 500)) {
		next = now + backoff_ms(d->attempts, a.retry_after_s);
		status = next - d->created_at > W.cfg->webhook_max_age_ms ? "failed" : "pending";
		if (!err[0])
			snprintf(err, sizeof err, "HTTP %ld", code);
	} else {
		status = "failed";
		if (!err[0])
			snprintf(err, sizeof err, "HTTP %ld (not retried)", code);
	}
	if (store_delivery_result(db, d, status, code, status[0] == 'd' ? NULL : err, next, now,
				  &failures) != DB_OK) {
		log_error("webhooks: cannot record delivery %s", d->id);
	} else if (strcmp(status, "delivered")) {
		log_warn("webhook delivery %s (%s to %s) attempt %d: %s; %s", d->id, d->event, d->url,
			 d->attempts + 1, err, status);
		if (failures >= W.cfg->webhook_max_failures &&
		    store_webhook_set_status(db, d->webhook_id, "disabled", err, now) == DB_OK) {
			log_warn("webhook %s disabled after %lld failures in a row", d->webhook_id,
				 (long long)failures);
			notify_disabled(db, d, err);
		}
	} else {
		log_info("webhook delivery %s (%s) delivered: HTTP %ld", d->id, d->event, code);
	}
	buf_free(&a.body);
}

static void *run(void *arg)
{
	struct server *srv = arg;
	char *err = NULL;
	struct db *db = db_open(srv->cfg.db_path, srv->cfg.db_durable, &err);
	CURL *c = curl_easy_init();

	if (!db || !c) {
		log_error("webhooks: %s; no deliveries", db ? "out of memory" : err);
		free(err);
		db_close(db);
		if (c)
			curl_easy_cleanup(c);
		return NULL;
	}
	pthread_mutex_lock(&W.mu);
	while (!W.stop) {
		struct due_delivery *v = NULL;
		struct timespec until;
		int n = 0, i;

		pthread_mutex_unlock(&W.mu);
		if (store_deliveries_due(db, time_now_ms(), BATCH, &v, &n) != DB_OK)
			log_error("webhooks: cannot read due deliveries");
		for (i = 0; i < n && !W.stop; i++)
			attempt(db, c, &v[i]);
		due_deliveries_free(v, n);
		pthread_mutex_lock(&W.mu);
		if (n > 0 || W.stop)
			continue; /* the next events of these subscriptions may be due now */
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += POLL_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&W.cond, &W.mu, &until);
	}
	pthread_mutex_unlock(&W.mu);
	curl_easy_cleanup(c);
	db_close(db);
	return NULL;
}

int webhooks_start(struct server *srv)
{
	W.cfg = &srv->cfg;
	W.stop = 0;
	if (srv->cfg.webhook_allow_private)
		log_warn("SALESAN_WEBHOOK_ALLOW_PRIVATE is on: webhooks may reach loopback and private "
			 "addresses (SSRF protection off; for tests only)");
	if (pthread_create(&W.thread, NULL, run, srv)) {
		log_error("webhooks: cannot start the delivery thread");
		return -1;
	}
	W.running = 1;
	return 0;
}

void webhooks_stop(void)
{
	if (!W.running)
		return;
	pthread_mutex_lock(&W.mu);
	W.stop = 1;
	pthread_cond_signal(&W.cond);
	pthread_mutex_unlock(&W.mu);
	pthread_join(W.thread, NULL);
	W.running = 0;
}
