/*
 * api_integrations.c - an organization's own settings for outside services:
 *
 *   GET    /api/v1/organizations/:id/integrations/otterai
 *   PUT    /api/v1/organizations/:id/integrations/otterai  {apiKey, apiUrl?}
 *   DELETE /api/v1/organizations/:id/integrations/otterai
 *
 * Admins of the organization (or of one above it) only.  The key is
 * write-only: answers show its last four characters.  The organization's
 * calls then use its own OtterAI account (otterai.h); its URL, being the
 * organization's choice, may not reach internal addresses.
 */
#include "authz.h"
#include "resp.h"
#include "router.h"
#include "server.h"
#include "store.h"
#include "validate.h"
#include "common/json.h"
#include "common/log.h"
#include "common/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROVIDER "otterai"

/* The organization of the path within the caller's reach, or NULL after a 404. */
static const char *org_of(struct request *r)
{
	const char *id = req_param(r, 0);
	int rc = uuid_valid(id) ? authz_org_in_reach(r->db, r->who, id, 0) : 0;

	if (rc < 0) {
		resp_db_error(r, DB_ERROR, "read organization");
		return NULL;
	}
	if (!rc) {
		resp_error(r, 404, "ORGANIZATION_NOT_FOUND", "Organization not found");
		return NULL;
	}
	return id;
}

/* The stored settings as the API shows them (no key). */
static cJSON *shown(const char *org, const char *conf, int64_t updated)
{
	cJSON *j = conf ? cJSON_Parse(conf) : NULL, *d = cJSON_CreateObject();
	const char *key = json_str(j, "apiKey"), *url = json_str(j, "apiUrl");
	char hint[16], ts[40];

	cJSON_AddStringToObject(d, "organizationId", org);
	cJSON_AddStringToObject(d, "provider", PROVIDER);
	cJSON_AddBoolToObject(d, "configured", key && *key);
	json_add_str_or_null(d, "apiUrl", url);
	if (key && strlen(key) >= 4) {
		snprintf(hint, sizeof hint, "...%s", key + strlen(key) - 4);
		cJSON_AddStringToObject(d, "keyHint", hint);
	} else {
		cJSON_AddNullToObject(d, "keyHint");
	}
	if (updated) {
		time_format_iso(updated, ts, sizeof ts);
		cJSON_AddStringToObject(d, "updatedAt", ts);
	} else {
		cJSON_AddNullToObject(d, "updatedAt");
	}
	if (key)
		memset((char *)key, 0, strlen(key));
	cJSON_Delete(j);
	return d;
}

static void get_otterai(struct request *r)
{
	const char *org = org_of(r);
	char *conf = NULL;
	int64_t at = 0;
	int rc;

	if (!org)
		return;
	rc = store_integration_get(r->db, org, PROVIDER, &conf, &at);
	if (rc != DB_ROW && rc != DB_DONE) {
		resp_db_error(r, rc, "read integration");
		return;
	}
	resp_data(r, 200, shown(org, conf, at));
	if (conf)
		memset(conf, 0, strlen(conf));
	free(conf);
}

static int printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x21 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

static void put_otterai(struct request *r)
{
	const char *org = org_of(r), *key = json_str(r->json, "apiKey");
	const cJSON *url = json_get(r->json, "apiUrl");
	struct verrs v = { 0 };
	cJSON *conf;
	char *text;
	int rc;

	if (!org)
		return;
	if (!key || strlen(key) < 8 || strlen(key) > 500 || !printable(key))
		verr_add(&v, "apiKey", "API key must be 8 to 500 printable characters", NULL);
	if (url && !cJSON_IsNull(url) &&
	    (!cJSON_IsString(url) || strlen(url->valuestring) > 500 ||
	     (strncmp(url->valuestring, "https://", 8) && strncmp(url->valuestring, "http://", 7)) ||
	     !printable(url->valuestring)))
		verr_add(&v, "apiUrl", "API URL must be an http(s) URL of at most 500 characters", NULL);
	if (v.n) {
		resp_validation(r, &v);
		return;
	}
	conf = cJSON_CreateObject();
	cJSON_AddStringToObject(conf, "apiKey", key);
	if (cJSON_IsString(url))
		cJSON_AddStringToObject(conf, "apiUrl", url->valuestring);
	text = json_print(conf);
	cJSON_Delete(conf);
	rc = store_integration_put(r->db, org, PROVIDER, text, r->who->via_key ? NULL : r->who->id,
				   time_now_ms());
	if (rc != DB_OK) {
		memset(text, 0, strlen(text));
		free(text);
		resp_db_error(r, rc, "store integration");
		return;
	}
	log_info("otterai settings of organization %s changed by %s", org, r->who->id);
	resp_message(r, 200, "OtterAI settings saved", shown(org, text, time_now_ms()));
	memset(text, 0, strlen(text));
	free(text);
}

static void delete_otterai(struct request *r)
{
	const char *org = org_of(r);
	int rc;

	if (!org)
		return;
	rc = store_integration_delete(r->db, org, PROVIDER);
	if (rc == DB_DONE) {
		resp_error(r, 404, "INTEGRATION_NOT_FOUND", "No OtterAI settings for this organization");
		return;
	}
	if (rc != DB_OK) {
		resp_db_error(r, rc, "delete integration");
		return;
	}
	log_info("otterai settings of organization %s removed by %s", org, r->who->id);
	resp_message(r, 200, "OtterAI settings removed; the server's apply", NULL);
}

static const struct route routes[] = {
	{ HTTP_GET, "/api/v1/organizations/:id/integrations/otterai", get_otterai, AUTH_JWT,
	  ROLES_ADMINS, 0, "An organization's own OtterAI settings (the key is never shown)", 0 },
	{ HTTP_PUT, "/api/v1/organizations/:id/integrations/otterai", put_otterai, AUTH_JWT,
	  ROLES_ADMINS, ROUTE_BODY_JSON, "Use the organization's own OtterAI account", 0 },
	{ HTTP_DELETE, "/api/v1/organizations/:id/integrations/otterai", delete_otterai, AUTH_JWT,
	  ROLES_ADMINS, 0, "Go back to the server's OtterAI account", 0 },
};

const struct route_table api_integrations_routes = ROUTE_TABLE(routes);
