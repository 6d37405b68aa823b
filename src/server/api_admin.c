/*
 * api_admin.c - /api/v1/admin: dashboard, system statistics (super
 * admins), users with their organizations, user status, analytics with a
 * per-organization breakdown, and bulk status changes.  Authenticated, and
 * admins stay within their organization and its branches.
 */
#include "authz.h"
#include "resp.h"
#include "router.h"
#include "server.h"
#include "store.h"
#include "user_ops.h"
#include "common/json.h"
#include "common/log.h"

#include <stdio.h>
#include <string.h>

#define BULK_MAX 500

static const char *const statuses[] = { "active", "inactive", "suspended", NULL };
static const char *const roles[] = { "sales_representative", "sales_manager", "admin",
				     "super_admin", NULL };

static int scope_or_fail(struct request *r, struct scope *s)
{
	int rc = authz_scope(r->db, r->who, s);

	if (rc != DB_OK)
		resp_db_error(r, rc, "scope");
	return rc == DB_OK ? 0 : -1;
}

/* A list of calls within s, for embedding. */
static int calls(struct request *r, const struct scope *s, struct call_filter *f, cJSON **out)
{
	int64_t total;

	f->page = 1;
	return store_calls_list(r->db, s, f, out, &total);
}

static void dashboard(struct request *r)
{
	struct scope s;
	struct stats_filter sf = { 0 };
	struct stats_rows tot;
	struct call_filter recent = { 0 }, top = { 0 };
	int64_t users = 0, active = 0;
	cJSON *data, *st, *x = NULL, *y = NULL;
	int rc;

	if (scope_or_fail(r, &s))
		return;
	sf.scope = &s;
	if ((rc = store_users_count_scope(r->db, &s, &users, &active)) != DB_OK ||
	    (rc = store_stats(r->db, &sf, GROUP_NONE, &tot)) != DB_OK) {
		resp_db_error(r, rc, "dashboard");
		return;
	}
	data = cJSON_CreateObject();
	st = cJSON_AddObjectToObject(data, "stats");
	cJSON_AddNumberToObject(st, "totalUsers", (double)users);
	cJSON_AddNumberToObject(st, "activeUsers", (double)active);
	cJSON_AddNumberToObject(st, "totalSalesCalls", (double)tot.v[0].s.v[ST_CALLS]);
	cJSON_AddNumberToObject(st, "completedSalesCalls", (double)tot.v[0].s.v[ST_COMPLETED]);
	stats_rows_free(&tot);
	recent.order = ORDER_CREATED;
	recent.limit = 10;
	top.order = ORDER_SCORE;
	top.status = "completed";
	top.limit = 5;
	if ((rc = calls(r, &s, &recent, &x)) != DB_OK || (rc = calls(r, &s, &top, &y)) != DB_OK) {
		cJSON_Delete(x);
		cJSON_Delete(data);
		resp_db_error(r, rc, "dashboard");
		return;
	}
	cJSON_AddItemToObject(data, "recentActivity", x);
	/* As in the original: the best-scored completed calls. */
	cJSON_AddItemToObject(data, "topPerformers", y);
	resp_data(r, 200, data);
}

static void system_stats(struct request *r)
{
	cJSON *o = NULL;
	int rc = store_system_stats(r->db, &o);

	if (rc != DB_OK)
		resp_db_error(r, rc, "system stats");
	else
		resp_data(r, 200, o);
}

static void users(struct request *r)
{
	struct user_filter f = { 0 };
	struct verrs v = { 0 };
	struct scope s;
	cJSON *items = NULL;
	int64_t total = 0;
	int rc;

	parse_pagination(r, 20, 100, &f.page, &f.limit, &v);
	query_enum(r, "role", roles, &f.role, &v);
	query_enum(r, "status", statuses, &f.status, &v);
	query_uuid(r, "organizationId", &f.org_id, &v);
	if (v.n) {
		resp_validation(r, &v);
		return;
	}
	f.with_org = 1;
	if (scope_or_fail(r, &s))
		return;
	rc = store_users_list(r->db, &s, &f, &items, &total);
	if (rc != DB_OK)
		resp_db_error(r, rc, "list users");
	else
		resp_list(r, "users", items, f.page, f.limit, total);
}

/* Report a user_set_status failure. */
static void status_error(struct request *r, const char *code)
{
	if (!strcmp(code, "USER_NOT_FOUND"))
		resp_error(r, 404, code, "User not found");
	else if (!strcmp(code, "CANNOT_CHANGE_SELF"))
		resp_error(r, 409, code, "You cannot change your own status");
	else if (!strcmp(code, "INSUFFICIENT_PERMISSIONS"))
		resp_error(r, 403, code, "Only a super admin can change a super admin");
	else if (!strcmp(code, "USER_LIMIT_REACHED"))
		resp_error(r, 403, code, "The organization has no free seat");
	else
		resp_db_error(r, DB_ERROR, "user status");
}

static void user_status(struct request *r)
{
	const char *status = json_str(r->json, "status"), *err;
	const char *const *p;
	struct verrs v = { 0 };
	cJSON *u = NULL;

	for (p = statuses; status && *p && strcmp(*p, status); p++)
		;
	if (!status || !*p) {
		verr_add(&v, "status", "must be one of: active, inactive, suspended",
			 json_get(r->json, "status"));
		resp_validation(r, &v);
		return;
	}
	if ((err = user_set_status(r, req_param(r, 0), status))) {
		status_error(r, err);
		return;
	}
	if (store_user_json(r->db, req_param(r, 0), 0, &u) != DB_ROW)
		resp_db_error(r, DB_ERROR, "read user");
	else
		resp_data(r, 200, u);
}

static void analytics(struct request *r)
{
	struct stats_filter f = { 0 };
	struct stats_rows tot, orgs;
	struct call_filter cf = { 0 };
	struct verrs v = { 0 };
	struct scope s;
	cJSON *data, *ov, *br, *x = NULL;
	size_t i;
	int rc;

	query_date_range(r, &f.start_ms, &f.has_start, &f.end_ms, &f.has_end, &v);
	query_uuid(r, "organizationId", &f.org_id, &v);
	if (v.n) {
		resp_validation(r, &v);
		return;
	}
	if (scope_or_fail(r, &s))
		return;
	f.scope = &s;
	if ((rc = store_stats(r->db, &f, GROUP_NONE, &tot)) != DB_OK) {
		resp_db_error(r, rc, "admin analytics");
		return;
	}
	if ((rc = store_stats(r->db, &f, GROUP_ORG, &orgs)) != DB_OK) {
		stats_rows_free(&tot);
		resp_db_error(r, rc, "admin analytics");
		return;
	}
	data = cJSON_CreateObject();
	ov = cJSON_AddObjectToObject(data, "overview");
	{
		const int64_t *t = tot.v[0].s.v;
		cJSON_AddNumberToObject(ov, "totalCalls", (double)t[ST_CALLS]);
		cJSON_AddNumberToObject(ov, "completedCalls", (double)t[ST_COMPLETED]);
		cJSON_AddNumberToObject(ov, "successfulSales", (double)t[ST_SALES]);
		cJSON_AddNumberToObject(ov, "totalRevenue", (double)t[ST_REVENUE] / 100.0);
		cJSON_AddNumberToObject(ov, "averagePerformanceScore",
					t[ST_SCORE_N] ? (double)t[ST_SCORE_SUM] / (double)t[ST_SCORE_N] / 1e6 : 0);
		cJSON_AddNumberToObject(ov, "conversionRate",
					t[ST_COMPLETED] ? (double)t[ST_SALES] / (double)t[ST_COMPLETED] * 100 : 0);
	}
	br = cJSON_AddArrayToObject(data, "organizationBreakdown");
	for (i = 0; i < orgs.n; i++) {
		const int64_t *t = orgs.v[i].s.v;
		cJSON *o = cJSON_CreateObject(), *brief = NULL;
		json_add_str_or_null(o, "organizationId", orgs.v[i].key[0] ? orgs.v[i].key : NULL);
		if (orgs.v[i].key[0] && store_org_brief_json(r->db, orgs.v[i].key, &brief) == DB_ROW)
			cJSON_AddStringToObject(o, "organizationName", json_str(brief, "name"));
		else
			cJSON_AddNullToObject(o, "organizationName");
		cJSON_Delete(brief);
		cJSON_AddNumberToObject(o, "totalCalls", (double)t[ST_CALLS]);
		cJSON_AddNumberToObject(o, "completedCalls", (double)t[ST_COMPLETED]);
		cJSON_AddNumberToObject(o, "successfulSales", (double)t[ST_SALES]);
		cJSON_AddNumberToObject(o, "totalRevenue", (double)t[ST_REVENUE] / 100.0);
		cJSON_AddItemToArray(br, o);
	}
	stats_rows_free(&tot);
	stats_rows_free(&orgs);
	cf.limit = 20;
	cf.org_id = f.org_id;
	cf.start_ms = f.start_ms;
	cf.has_start = f.has_start;
	cf.end_ms = f.end_ms;
	cf.has_end = f.has_end;
	if ((rc = calls(r, &s, &cf, &x)) != DB_OK) {
		cJSON_Delete(data);
		resp_db_error(r, rc, "admin analytics");
		return;
	}
	cJSON_AddItemToObject(data, "recentCalls", x);
	resp_data(r, 200, data);
}

static void bulk(struct request *r)
{
	static const char *const actions[][2] = {
		{ "activate", "active" }, { "deactivate", "inactive" }, { "suspend", "suspended" },
	};
	const char *action = json_str(r->json, "action"), *status = NULL;
	const cJSON *ids = json_get(r->json, "userIds"), *it;
	struct verrs v = { 0 };
	cJSON *data, *skipped;
	int updated = 0, n = 0;
	size_t k;

	for (k = 0; action && k < 3; k++)
		if (!strcmp(action, actions[k][0]))
			status = actions[k][1];
	if (!status)
		verr_add(&v, "action", "must be one of: activate, deactivate, suspend",
			 json_get(r->json, "action"));
	if (!cJSON_IsArray(ids) || cJSON_GetArraySize(ids) == 0 ||
	    cJSON_GetArraySize(ids) > BULK_MAX)
		verr_addf(&v, "userIds", NULL, "must be an array of 1 to %d user ids", BULK_MAX);
	else
		cJSON_ArrayForEach(it, ids)
			if (!cJSON_IsString(it) || !uuid_valid(it->valuestring)) {
				verr_add(&v, "userIds", "must hold only UUIDs", NULL);
				break;
			}
	if (v.n) {
		resp_validation(r, &v);
		return;
	}
	data = cJSON_CreateObject();
	skipped = cJSON_CreateArray();
	cJSON_ArrayForEach(it, ids) {
		const char *err = user_set_status(r, it->valuestring, status);
		n++;
		if (!err) {
			updated++;
			continue;
		}
		cJSON *s = cJSON_CreateObject();
		cJSON_AddStringToObject(s, "id", it->valuestring);
		cJSON_AddStringToObject(s, "reason", err);
		cJSON_AddItemToArray(skipped, s);
	}
	cJSON_AddStringToObject(data, "action", action);
	cJSON_AddStringToObject(data, "status", status);
	cJSON_AddNumberToObject(data, "affectedUsers", n);
	cJSON_AddNumberToObject(data, "updatedCount", updated);
	cJSON_AddItemToObject(data, "skipped", skipped);
	log_info("bulk action %s: %d of %d users by=%s", action, updated, n, r->who->id);
	resp_data(r, 200, data);
}

static const struct route routes[] = {
	{ HTTP_GET, "/api/v1/admin/dashboard", dashboard, AUTH_JWT, ROLES_ADMINS, 0,
	  "Counts, recent calls and best-scored calls", 0 },
	{ HTTP_GET, "/api/v1/admin/system-stats", system_stats, AUTH_JWT, ROLE_SUPER, 0,
	  "Counts across every organization", 0 },
	{ HTTP_GET, "/api/v1/admin/users", users, AUTH_JWT, ROLES_ADMINS, 0,
	  "Users with their organizations (role, status, organizationId)", 0 },
	{ HTTP_PUT, "/api/v1/admin/users/:id/status", user_status, AUTH_JWT, ROLES_ADMINS,
	  ROUTE_BODY_JSON, "Set a user's status", 0 },
	{ HTTP_GET, "/api/v1/admin/analytics", analytics, AUTH_JWT, ROLES_ADMINS, 0,
	  "Overview with a per-organization breakdown", 0 },
	{ HTTP_POST, "/api/v1/admin/bulk-actions", bulk, AUTH_JWT, ROLES_ADMINS, ROUTE_BODY_JSON,
	  "Activate, deactivate or suspend many users", 0 },
};

const struct route_table api_admin_routes = ROUTE_TABLE(routes);
