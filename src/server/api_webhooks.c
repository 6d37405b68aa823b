/*
 * api_webhooks.c - outbound webhook subscriptions (delivery: webhooks.h).
 *
 *   POST   /api/v1/webhooks                 {event, targetUrl, secret?, organizationId?}
 *   GET    /api/v1/webhooks                 the organization's subscriptions
 *   GET    /api/v1/webhooks/:id
 *   DELETE /api/v1/webhooks/:id
 *   GET    /api/v1/webhooks/:id/deliveries  the delivery log (newest first, ?limit)
 *   POST   /api/v1/zapier/hooks             Zapier REST hooks: {target_url|targetUrl, event}
 *   DELETE /api/v1/zapier/hooks/:id
 *
 * Admins (their organization and branches) and API keys with the
 * "webhooks" scope (Zapier's routes: the "zapier" scope).  A target must be
 * an http(s) URL that does not resolve to an internal address (checked
 * here and again on every delivery).  Secrets are never shown again,
 * except a generated one in the creation answer.
 */
#include "authz.h"
#include "netguard.h"
#include "resp.h"
#include "router.h"
#include "server.h"
#include "store.h"
#include "webhooks.h"
#include "common/json.h"
#include "common/log.h"
#include "common/timeutil.h"

#include <curl/curl.h>
#include <netdb.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whether url's host resolves only to addresses outbound calls may reach.
 * NULL, or why not. */
static const char *target_problem(const struct request *r, const char *url)
{
	CURLU *u = curl_url();
	char *host = NULL;
	struct addrinfo hints, *res = NULL, *ai;
	const char *why = NULL;

	if (r->srv->cfg.webhook_allow_private)
		goto out;
	if (!u || curl_url_set(u, CURLUPART_URL, url, 0) ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) || !host) {
		why = "must be an http or https URL with a host";
		goto out;
	}
	if (host[0] == '[') { /* an IPv6 literal */
		size_t n = strlen(host);
		memmove(host, host + 1, n);
		if (n > 1)
			host[n - 2] = '\0';
	}
	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, NULL, &hints, &res)) {
		why = "has a host name that does not resolve";
		goto out;
	}
	for (ai = res; ai && !why; ai = ai->ai_next)
		if (netguard_refused(ai->ai_addr, r->srv->cfg.ssrf_allow))
			why = "resolves to an internal address (loopback, private, link-local or metadata)";
	freeaddrinfo(res);
out:
	curl_free(host);
	curl_url_cleanup(u);
	return why;
}

/* The organization a new subscription belongs to (the caller's, or the
 * one named within reach).  0, or -1 after answering. */
static int target_org(struct request *r, const char *org, const char **out)
{
	int rc;

	if (!org)
		org = r->who->org_id;
	if (!*org || !uuid_valid(org)) {
		resp_error(r, 400, "ORGANIZATION_REQUIRED",
			   "A webhook belongs to an organization: give organizationId");
		return -1;
	}
	rc = authz_org_in_reach(r->db, r->who, org, 0);
	if (rc <= 0) {
		if (rc < 0)
			resp_db_error(r, rc, "webhook organization");
		else
			resp_error(r, 404, "ORGANIZATION_NOT_FOUND", "Organization not found");
		return -1;
	}
	*out = org;
	return 0;
}

static void subscribe(struct request *r, const char *url, const char *source)
{
	const char *event = json_str(r->json, "event"), *secret = json_str(r->json, "secret");
	const char *org = NULL, *msg;
	struct verrs v = { 0 };
	char id[UUID_STR_LEN], gen[65];
	cJSON *data = NULL, *sj = json_get(r->json, "secret");
	struct scope all = { .kind = SCOPE_ALL };
	int i, known = 0, rc;

	for (i = 0; event && webhook_events[i]; i++)
		known |= !strcmp(event, webhook_events[i]);
	if (!known)
		verr_add(&v, "event", "Event must be one of sales_call.created, sales_call.completed, "
				      "sales_call.analyzed, performance.alert, live_session.started, "
				      "live_session.ended, notification.created", NULL);
	if ((msg = webhook_url_problem(url)))
		verr_addf(&v, "targetUrl", NULL, "Target URL %s", msg);
	if (sj && (!cJSON_IsString(sj) || strlen(secret) < 16 || strlen(secret) > 200))
		verr_add(&v, "secret", "Secret must be a string of 16 to 200 characters", NULL);
	if (v.n) {
		resp_validation(r, &v);
		return;
	}
	if ((msg = target_problem(r, url))) {
		verr_addf(&v, "targetUrl", NULL, "Target URL %s", msg);
		resp_validation(r, &v);
		return;
	}
	if (target_org(r, json_str(r->json, "organizationId"), &org))
		return;
	if (!secret) {
		unsigned char raw[32];
		randombytes_buf(raw, sizeof raw);
		sodium_bin2hex(gen, sizeof gen, raw, sizeof raw);
		secret = gen;
	}
	rc = store_webhook_create(r->db, org, event, url, secret, source,
				  r->who->via_key ? NULL : r->who->id, time_now_ms(), id);
	if (rc == DB_OK)
		rc = store_webhook_json(r->db, &all, id, &data) == DB_ROW ? DB_OK : DB_ERROR;
	if (rc != DB_OK) {
		resp_db_error(r, rc, "create webhook");
		return;
	}
	if (secret == gen)
		cJSON_AddStringToObject(data, "secret", gen); /* shown this once */
	log_info("webhook %s created: %s -> %s (org %s)", id, event, url, org);
	sodium_memzero(gen, sizeof gen);
	resp_data(r, 201, data);
}

static void create(struct request *r)
{
	subscribe(r, json_str(r->json, "targetUrl"), "api");
}

static void zapier_subscribe(struct request *r)
{
	const char *url = json_str(r->json, "target_url");

	subscribe(r, url ? url : json_str(r->json, "targetUrl"), "zapier");
}

static int caller_scope(struct request *r, struct scope *s)
{
	int rc = authz_scope(r->db, r->who, s);

	if (rc != DB_OK)
		resp_db_error(r, rc, "scope");
	return rc == DB_OK ? 0 : -1;
}

static void list(struct request *r)
{
	struct scope s;
	cJSON *items = NULL;
	int rc;

	if (caller_scope(r, &s))
		return;
	if ((rc = store_webhooks_list(r->db, &s, &items)) != DB_OK)
		resp_db_error(r, rc, "list webhooks");
	else
		resp_data(r, 200, items);
}

/* The subscription the path names, within reach; NULL after answering. */
static cJSON *load(struct request *r)
{
	const char *id = req_param(r, 0);
	struct scope s;
	cJSON *o = NULL;
	int rc;

	if (!uuid_valid(id)) {
		resp_error(r, 404, "WEBHOOK_NOT_FOUND", "Webhook not found");
		return NULL;
	}
	if (caller_scope(r, &s))
		return NULL;
	rc = store_webhook_json(r->db, &s, id, &o);
	if (rc == DB_DONE)
		resp_error(r, 404, "WEBHOOK_NOT_FOUND", "Webhook not found");
	else if (rc != DB_ROW)
		resp_db_error(r, rc, "read webhook");
	return rc == DB_ROW ? o : NULL;
}

static void get_one(struct request *r)
{
	cJSON *o = load(r);

	if (o)
		resp_data(r, 200, o);
}

static void delete_one(struct request *r)
{
	cJSON *o = load(r);
	int rc;

	if (!o)
		return;
	rc = store_webhook_delete(r->db, json_str(o, "id"));
	if (rc != DB_OK) {
		cJSON_Delete(o);
		resp_db_error(r, rc, "delete webhook");
		return;
	}
	log_info("webhook %s deleted", json_str(o, "id"));
	resp_message(r, 200, "Webhook deleted", o);
}

static void deliveries(struct request *r)
{
	struct verrs v = { 0 };
	int64_t page, limit;
	cJSON *o, *items = NULL;
	int rc;

	parse_pagination(r, 50, 500, &page, &limit, &v);
	if (v.n) {
		resp_validation(r, &v);
		return;
	}
	if (!(o = load(r)))
		return;
	rc = store_webhook_deliveries(r->db, json_str(o, "id"), (int)limit, &items);
	cJSON_Delete(o);
	if (rc != DB_OK)
		resp_db_error(r, rc, "webhook deliveries");
	else
		resp_data(r, 200, items);
}

static const struct route routes[] = {
	{ HTTP_POST, "/api/v1/webhooks", create, AUTH_JWT_OR_KEY, ROLES_ADMINS, ROUTE_BODY_JSON,
	  "Subscribe a URL to an event (signed deliveries with retries)", KEY_SCOPE_WEBHOOKS },
	{ HTTP_GET, "/api/v1/webhooks", list, AUTH_JWT_OR_KEY, ROLES_ADMINS, 0,
	  "The organization's webhook subscriptions", KEY_SCOPE_WEBHOOKS },
	{ HTTP_GET, "/api/v1/webhooks/:id", get_one, AUTH_JWT_OR_KEY, ROLES_ADMINS, 0,
	  "One webhook subscription", KEY_SCOPE_WEBHOOKS },
	{ HTTP_DELETE, "/api/v1/webhooks/:id", delete_one, AUTH_JWT_OR_KEY, ROLES_ADMINS, 0,
	  "Delete a webhook subscription", KEY_SCOPE_WEBHOOKS },
	{ HTTP_GET, "/api/v1/webhooks/:id/deliveries", deliveries, AUTH_JWT_OR_KEY, ROLES_ADMINS, 0,
	  "A subscription's delivery log, newest first", KEY_SCOPE_WEBHOOKS },
	{ HTTP_POST, "/api/v1/zapier/hooks", zapier_subscribe, AUTH_JWT_OR_KEY, ROLES_ADMINS,
	  ROUTE_BODY_JSON, "Zapier REST hook: subscribe target_url to an event", KEY_SCOPE_ZAPIER },
	{ HTTP_DELETE, "/api/v1/zapier/hooks/:id", delete_one, AUTH_JWT_OR_KEY, ROLES_ADMINS, 0,
	  "Zapier REST hook: unsubscribe", KEY_SCOPE_ZAPIER },
};

const struct route_table api_webhooks_routes = ROUTE_TABLE(routes);
