/*
 * api_apikeys.c - /api/v1/api-keys: organization API keys for integrations
 * (Zapier, webhooks, export).  Admins create, list and revoke the keys of
 * their organization and its branches; super admins any.  A key is shown
 * once, in the creation answer, and stored as a SHA-256 hash.
 */
#include "authz.h"
#include "resp.h"
#include "router.h"
#include "store.h"
#include "common/json.h"
#include "common/timeutil.h"

#include <stdlib.h>
#include <string.h>

static void not_found(struct request *r)
{
	resp_error(r, 404, "API_KEY_NOT_FOUND", "API key not found");
}

/* scopes: absent → zapier; otherwise a non-empty array of known names. */
static unsigned parse_scopes(const cJSON *a, struct verrs *v)
{
	const cJSON *it;
	unsigned bits = 0;
	int i, n = 0;

	if (!a)
		return KEY_SCOPE_ZAPIER;
	if (!cJSON_IsArray(a) || !cJSON_GetArraySize(a) || cJSON_GetArraySize(a) > 8) {
		verr_add(v, "scopes", "Scopes must be a non-empty array of zapier, webhooks, export",
			 NULL);
		return 0;
	}
	cJSON_ArrayForEach(it, a) {
		for (i = 0; cJSON_IsString(it) && key_scope_names[i]; i++)
			if (!strcmp(it->valuestring, key_scope_names[i]))
				break;
		if (!cJSON_IsString(it) || !key_scope_names[i]) {
			verr_addf(v, "scopes", it, "Unknown scope at index %d (zapier, webhooks, export)",
				  n);
			return 0;
		}
		bits |= 1u << i;
		n++;
	}
	return bits;
}

static void create(struct request *r)
{
	const char *name = json_str(r->json, "name"), *org = json_str(r->json, "organizationId");
	const char *msg;
	struct verrs v = { 0 };
	char id[UUID_STR_LEN], prefix[13], hash[65];
	unsigned scopes;
	cJSON *data;
	char *key;
	int rc;

	if (!name)
		verr_add(&v, "name", "Name is required", NULL);
	else if ((msg = check_text(name, 100, 0)) || !*name)
		verr_add(&v, "name", msg ? msg : "Name is required", NULL);
	scopes = parse_scopes(json_get(r->json, "scopes"), &v);
	if (cJSON_GetObjectItemCaseSensitive(r->json, "organizationId") && (!org || !uuid_valid(org)))
		verr_add(&v, "organizationId", "Organization ID must be a UUID", NULL);
	if (v.n) {
		resp_validation(r, &v);
		return;
	}
	if (!org)
		org = r->who->org_id;
	if (!*org) {
		resp_error(r, 400, "ORGANIZATION_REQUIRED",
			   "An API key belongs to an organization: give organizationId");
		return;
	}
	rc = authz_org_in_reach(r->db, r->who, org, 0);
	if (rc < 0) {
		resp_db_error(r, rc, "create API key");
		return;
	}
	if (!rc) {
		resp_error(r, 404, "ORGANIZATION_NOT_FOUND", "Organization not found");
		return;
	}
	key = auth_new_api_key(prefix);
	sha256_hex(key, strlen(key), hash);
	rc = store_apikey_create(r->db, org, r->who->id, name, prefix, hash, scopes, time_now_ms(), id);
	if (rc == DB_CONSTRAINT) {
		/* organizationId names no organization (the FK) */
		resp_error(r, 404, "ORGANIZATION_NOT_FOUND", "Organization not found");
	} else if (rc != DB_OK) {
		resp_db_error(r, rc, "create API key");
	} else {
		data = cJSON_CreateObject();
		cJSON_AddStringToObject(data, "id", id);
		cJSON_AddStringToObject(data, "name", name);
		cJSON_AddStringToObject(data, "prefix", prefix);
		cJSON_AddStringToObject(data, "key", key);
		cJSON_AddItemToObject(data, "scopes", key_scopes_json(scopes));
		cJSON_AddStringToObject(data, "organizationId", org);
		json_add_time(data, "createdAt", time_now_ms(), 1);
		resp_message(r, 201, "API key created; it is shown only this once", data);
	}
	free(key);
}

static void list(struct request *r)
{
	struct scope s;
	cJSON *items = NULL;
	int rc = authz_scope(r->db, r->who, &s);

	if (rc == DB_OK)
		rc = store_apikeys_list(r->db, &s, &items);
	if (rc != DB_OK)
		resp_db_error(r, rc, "list API keys");
	else
		resp_data(r, 200, items);
}

static void revoke(struct request *r)
{
	const char *id = req_param(r, 0);
	struct apikey_row k;
	cJSON *data;
	int rc;

	if (!uuid_valid(id)) {
		not_found(r);
		return;
	}
	rc = store_apikey_by_id(r->db, id, &k);
	if (rc == DB_ROW && !k.revoked) {
		rc = authz_org_in_reach(r->db, r->who, k.org_id, 0);
		if (rc == 1)
			rc = store_apikey_revoke(r->db, id, time_now_ms());
		else if (rc == 0)
			rc = DB_DONE;
	} else if (rc == DB_ROW) {
		rc = DB_DONE;
	}
	if (rc == DB_DONE) {
		not_found(r);
		return;
	}
	if (rc != DB_OK) {
		resp_db_error(r, rc, "revoke API key");
		return;
	}
	data = cJSON_CreateObject();
	cJSON_AddStringToObject(data, "id", id);
	json_add_time(data, "revokedAt", time_now_ms(), 1);
	resp_message(r, 200, "API key revoked", data);
}

static const struct route routes[] = {
	{ HTTP_GET, "/api/v1/api-keys", list, AUTH_JWT, ROLES_ADMINS, 0,
	  "List the organization's API keys (never the keys themselves)", 0 },
	{ HTTP_POST, "/api/v1/api-keys", create, AUTH_JWT, ROLES_ADMINS, ROUTE_BODY_JSON,
	  "Create an API key; the key is returned once", 0 },
	{ HTTP_DELETE, "/api/v1/api-keys/:id", revoke, AUTH_JWT, ROLES_ADMINS, 0,
	  "Revoke an API key", 0 },
};

const struct route_table api_apikeys_routes = ROUTE_TABLE(routes);
