/*
 * store_orgs.c - organizations and their branches.
 */
#include "store.h"
#include "fields.h"
#include "common/json.h"
#include "common/timeutil.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

int store_org_insert(struct db *db, const struct new_org *o, char id_out[UUID_STR_LEN])
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO organizations (id, name, type, subscription_plan, max_users, timezone,"
		" parent_organization_id, subscription_start_date, subscription_end_date,"
		" created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	int64_t now = time_now_ms();

	if (!st)
		return DB_ERROR;
	uuid_v4(id_out);
	if (db_bind_text(st, 1, id_out) || db_bind_text(st, 2, o->name) ||
	    db_bind_text(st, 3, o->type) || db_bind_text(st, 4, o->subscription_plan) ||
	    db_bind_int(st, 5, o->max_users) || db_bind_text_or_null(st, 6, o->timezone) ||
	    db_bind_text_or_null(st, 7, o->parent_id) || db_bind_int(st, 8, now) ||
	    db_bind_int(st, 9, now + 365LL * 86400000) || db_bind_int(st, 10, now) ||
	    db_bind_int(st, 11, now)) {
		db_done(st);
		return DB_ERROR;
	}
	return db_run(st);
}

int store_org_by_id(struct db *db, const char *id, struct org_row *out)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT o.id, o.status, o.parent_organization_id, o.max_users, o.settings,"
		" EXISTS (SELECT 1 FROM organizations c WHERE c.parent_organization_id = o.id)"
		" FROM organizations o WHERE o.id = ?");
	int rc;

	if (!st)
		return DB_ERROR;
	if (db_bind_text(st, 1, id) != DB_OK) {
		db_done(st);
		return DB_ERROR;
	}
	rc = db_step(st);
	if (rc == DB_ROW) {
		cJSON *settings = cJSON_Parse(db_col_text(st, 4));
		cJSON *allow = json_get(settings, "allowSelfRegistration");
		db_col_copy(st, 0, out->id, sizeof out->id);
		db_col_copy(st, 1, out->status, sizeof out->status);
		db_col_copy(st, 2, out->parent_id, sizeof out->parent_id);
		out->max_users = db_col_int(st, 3);
		out->allow_self_registration = !cJSON_IsFalse(allow);
		allow = json_get(settings, "performanceAlertThreshold");
		out->alert_threshold = cJSON_IsNumber(allow) && allow->valuedouble >= 0 &&
				       allow->valuedouble <= 1 ? allow->valuedouble : 0.6;
		out->has_children = db_col_int(st, 5) != 0;
		allow = json_get(settings, "speechBackend");
		out->speech_backend[0] = '\0';
		if (cJSON_IsString(allow) && (!strcmp(allow->valuestring, "pocketsphinx") ||
					      !strcmp(allow->valuestring, "whisper-http") ||
					      !strcmp(allow->valuestring, "none")))
			snprintf(out->speech_backend, sizeof out->speech_backend, "%s", allow->valuestring);
		cJSON_Delete(settings);
	}
	db_done(st);
	return rc;
}

int store_org_within(struct db *db, const char *org_id, const char *ancestor_id)
{
	/* Walk up from org_id; bounded so a corrupted cycle cannot spin. */
	struct db_stmt *st = db_prepare(db,
		"WITH RECURSIVE up(id, depth) AS (SELECT ?, 0 UNION ALL "
		"SELECT o.parent_organization_id, u.depth + 1 FROM organizations o "
		"JOIN up u ON o.id = u.id WHERE o.parent_organization_id IS NOT NULL "
		"AND u.depth < 64) SELECT 1 FROM up WHERE id = ? LIMIT 1");
	int rc;

	if (!st)
		return DB_ERROR;
	if (db_bind_text(st, 1, org_id) || db_bind_text(st, 2, ancestor_id)) {
		db_done(st);
		return DB_ERROR;
	}
	rc = db_step(st);
	db_done(st);
	if (rc == DB_ROW)
		return 1;
	return rc == DB_DONE ? 0 : rc;
}

int store_org_brief_json(struct db *db, const char *id, cJSON **out)
{
	struct db_stmt *st = db_prepare(db, "SELECT id, name, type FROM organizations WHERE id = ?");
	int rc;

	if (!st)
		return DB_ERROR;
	if (db_bind_text(st, 1, id) != DB_OK) {
		db_done(st);
		return DB_ERROR;
	}
	rc = db_step(st);
	if (rc == DB_ROW) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", db_col_text(st, 0));
		cJSON_AddStringToObject(o, "name", db_col_text(st, 1));
		cJSON_AddStringToObject(o, "type", db_col_text(st, 2));
		*out = o;
	}
	db_done(st);
	return rc;
}

static const char *const org_types[] = { "branch", "headquarters", "subsidiary", NULL };
static const char *const org_statuses[] = { "active", "inactive", "suspended", NULL };
static const char *const plans[] = { "beta", "basic", "professional", "enterprise", NULL };
static const char *const sub_statuses[] = { "active", "inactive", "expired", "cancelled", NULL };

#define CU (FF_CREATE | FF_UPDATE)

const struct field org_fields[] = {
	{ "id", NULL, "id", FT_UUID, 0, 0, NULL, 0, 0 },
	{ "name", NULL, "name", FT_TEXT, CU | FF_REQUIRED, 255, NULL, 0, 0 },
	{ "type", NULL, "type", FT_ENUM, CU, 0, org_types, 0, 0 },
	{ "industry", NULL, "industry", FT_TEXT, CU | FF_NULLABLE, 100, NULL, 0, 0 },
	{ "size", NULL, "size", FT_TEXT, CU | FF_NULLABLE, 50, NULL, 0, 0 },
	{ "website", NULL, "website", FT_URL, CU | FF_NULLABLE, 255, NULL, 0, 0 },
	{ "phone", NULL, "phone", FT_PHONE, CU | FF_NULLABLE, 32, NULL, 0, 0 },
	{ "email", NULL, "email", FT_EMAIL, CU | FF_NULLABLE, 254, NULL, 0, 0 },
	{ "address", NULL, "address", FT_TEXT, CU | FF_NULLABLE, 500, NULL, 0, 0 },
	{ "city", NULL, "city", FT_TEXT, CU | FF_NULLABLE, 100, NULL, 0, 0 },
	{ "state", NULL, "state", FT_TEXT, CU | FF_NULLABLE, 100, NULL, 0, 0 },
	{ "country", NULL, "country", FT_TEXT, CU | FF_NULLABLE, 100, NULL, 0, 0 },
	{ "postalCode", "postal_code", "postal_code", FT_TEXT, CU | FF_NULLABLE, 20, NULL, 0, 0 },
	{ "parentOrganizationId", "parent_organization_id", "parent_organization_id", FT_UUID,
	  CU | FF_NULLABLE, 0, NULL, 0, 0 },
	{ "status", NULL, "status", FT_ENUM, FF_UPDATE, 0, org_statuses, 0, 0 },
	{ "subscriptionPlan", "subscription_plan", "subscription_plan", FT_ENUM, CU, 0, plans, 0, 0 },
	{ "subscriptionStatus", "subscription_status", "subscription_status", FT_ENUM, CU, 0,
	  sub_statuses, 0, 0 },
	{ "subscriptionStartDate", "subscription_start_date", "subscription_start_date", FT_TIME,
	  CU | FF_NULLABLE, 0, NULL, 0, 0 },
	{ "subscriptionEndDate", "subscription_end_date", "subscription_end_date", FT_TIME,
	  CU | FF_NULLABLE, 0, NULL, 0, 0 },
	{ "maxUsers", "max_users", "max_users", FT_INT, CU, 0, NULL, 0, 1000000 },
	{ "settings", NULL, "settings", FT_JSON, CU, 16384, NULL, 0, 0 },
	{ "timezone", NULL, "timezone", FT_TEXT, CU | FF_NULLABLE, 64, NULL, 0, 0 },
	{ "currency", NULL, "currency", FT_TEXT, CU, 3, NULL, 0, 0 },
	{ "createdAt", NULL, "created_at", FT_TIME, 0, 0, NULL, 0, 0 },
	{ "updatedAt", NULL, "updated_at", FT_TIME, 0, 0, NULL, 0, 0 },
};

const size_t org_nfields = sizeof org_fields / sizeof org_fields[0];

static char *org_select;
static pthread_once_t org_select_once = PTHREAD_ONCE_INIT;

static void build_org_select(void)
{
	struct buf b = BUF_INIT;

	buf_addstr(&b, "SELECT ");
	fields_select(org_fields, org_nfields, "o.", 0, &b);
	/* currentUsers: active users, what max_users limits. */
	buf_addstr(&b, ", (SELECT COUNT(*) FROM users cu WHERE cu.organization_id = o.id"
		       " AND cu.status = 'active') FROM organizations o");
	org_select = buf_detach(&b, NULL);
}

static cJSON *org_row_json(struct db_stmt *st)
{
	cJSON *o = cJSON_CreateObject();
	int col = fields_row_json(st, 0, org_fields, org_nfields, 0, o);

	cJSON_AddNumberToObject(o, "currentUsers", (double)db_col_int(st, col));
	return o;
}

int store_orgs_list(struct db *db, const struct scope *s, const struct org_filter *f,
		    cJSON **items, int64_t *total)
{
	struct buf where = BUF_INIT, sql = BUF_INIT;
	struct db_stmt *st;
	int rc = DB_ERROR, i, pass;
	cJSON *arr;

	pthread_once(&org_select_once, build_org_select);
	buf_addstr(&where, " WHERE ");
	scope_sql(s, "o.id", "o.id", &where);
	if (f->status)
		buf_addstr(&where, " AND o.status = ?");
	if (f->type)
		buf_addstr(&where, " AND o.type = ?");
	if (f->parent_id)
		buf_addstr(&where, " AND o.parent_organization_id = ?");
	for (pass = 0; pass < 2; pass++) {
		buf_reset(&sql);
		if (pass == 0)
			buf_addf(&sql, "SELECT COUNT(*) FROM organizations o%s", where.s);
		else if (f->limit)
			buf_addf(&sql, "%s%s ORDER BY o.created_at DESC, o.id DESC LIMIT ? OFFSET ?",
				 org_select, where.s);
		else
			buf_addf(&sql, "%s%s ORDER BY o.name, o.id", org_select, where.s);
		st = db_prepare(db, sql.s);
		if (!st)
			goto out;
		i = scope_bind(s, st, 1);
		if (i < 0 || (f->status && db_bind_text(st, i++, f->status)) ||
		    (f->type && db_bind_text(st, i++, f->type)) ||
		    (f->parent_id && db_bind_text(st, i++, f->parent_id)) ||
		    (pass == 1 && f->limit &&
		     (db_bind_int(st, i, f->limit) || db_bind_int(st, i + 1, (f->page - 1) * f->limit)))) {
			db_done(st);
			rc = DB_ERROR;
			goto out;
		}
		if (pass == 0) {
			rc = db_step(st);
			if (rc == DB_ROW && total)
				*total = db_col_int(st, 0);
			db_done(st);
			if (rc != DB_ROW)
				goto out;
			continue;
		}
		arr = cJSON_CreateArray();
		while ((rc = db_step(st)) == DB_ROW)
			cJSON_AddItemToArray(arr, org_row_json(st));
		db_done(st);
		if (rc != DB_DONE) {
			cJSON_Delete(arr);
			goto out;
		}
		*items = arr;
		rc = DB_OK;
	}
out:
	buf_free(&where);
	buf_free(&sql);
	return rc;
}

int store_org_json(struct db *db, const struct scope *s, const char *id, cJSON **out)
{
	struct buf sql = BUF_INIT;
	struct db_stmt *st;
	int rc;

	pthread_once(&org_select_once, build_org_select);
	buf_addf(&sql, "%s WHERE o.id = ? AND ", org_select);
	scope_sql(s, "o.id", "o.id", &sql);
	st = db_prepare(db, sql.s);
	buf_free(&sql);
	if (!st)
		return DB_ERROR;
	if (db_bind_text(st, 1, id) || scope_bind(s, st, 2) < 0) {
		db_done(st);
		return DB_ERROR;
	}
	rc = db_step(st);
	if (rc == DB_ROW)
		*out = org_row_json(st);
	db_done(st);
	return rc;
}

int store_org_create(struct db *db, const struct fvals *v, int64_t now, char id_out[UUID_STR_LEN])
{
	return store_insert_row(db, "organizations", v, now, id_out);
}

int store_org_update(struct db *db, const char *id, const struct fvals *v, int64_t now)
{
	return store_update_row(db, "organizations", id, v, now);
}

int store_org_stats(struct db *db, const char *id, cJSON **out)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT COUNT(u.id),"
		" COALESCE(SUM(CASE WHEN u.status = 'active' THEN 1 ELSE 0 END), 0),"
		" COALESCE(SUM(CASE WHEN u.role = 'sales_representative' THEN 1 ELSE 0 END), 0),"
		" COALESCE(SUM(CASE WHEN u.role = 'sales_manager' THEN 1 ELSE 0 END), 0),"
		" COALESCE(SUM(CASE WHEN u.role IN ('admin', 'super_admin') THEN 1 ELSE 0 END), 0),"
		" o.subscription_plan, o.subscription_status, o.subscription_end_date,"
		" o.subscription_expires_at, o.max_users"
		" FROM organizations o LEFT JOIN users u ON u.organization_id = o.id"
		" WHERE o.id = ? GROUP BY o.id");
	int64_t now = time_now_ms(), end;
	int rc, active;

	if (!st)
		return DB_ERROR;
	if (db_bind_text(st, 1, id)) {
		db_done(st);
		return DB_ERROR;
	}
	rc = db_step(st);
	if (rc == DB_ROW) {
		cJSON *o = cJSON_CreateObject();
		/* Active subscription: status active and, when an end is set,
		 * not past it (the original's isSubscriptionActive). */
		active = !strcmp(db_col_text(st, 6), "active");
		if (active && (!db_col_is_null(st, 7) || !db_col_is_null(st, 8))) {
			end = db_col_is_null(st, 7) ? db_col_int(st, 8) : db_col_int(st, 7);
			active = now <= end;
		}
		cJSON_AddNumberToObject(o, "totalUsers", (double)db_col_int(st, 0));
		cJSON_AddNumberToObject(o, "activeUsers", (double)db_col_int(st, 1));
		cJSON_AddNumberToObject(o, "salesRepresentatives", (double)db_col_int(st, 2));
		cJSON_AddNumberToObject(o, "managers", (double)db_col_int(st, 3));
		cJSON_AddNumberToObject(o, "admins", (double)db_col_int(st, 4));
		cJSON_AddBoolToObject(o, "subscriptionActive", active);
		cJSON_AddStringToObject(o, "subscriptionPlan", db_col_text(st, 5));
		cJSON_AddNumberToObject(o, "maxUsers", (double)db_col_int(st, 9));
		cJSON_AddNumberToObject(o, "currentUsers", (double)db_col_int(st, 1));
		*out = o;
	}
	db_done(st);
	return rc;
}

/* One row of two counts from a fixed query. */
static int two_counts(struct db *db, const char *sql, int64_t *a, int64_t *b)
{
	struct db_stmt *st = db_prepare(db, sql);
	int rc;

	if (!st)
		return DB_ERROR;
	rc = db_step(st);
	if (rc == DB_ROW) {
		*a = db_col_int(st, 0);
		*b = db_col_int(st, 1);
	}
	db_done(st);
	return rc == DB_ROW ? DB_OK : rc;
}

int store_system_stats(struct db *db, cJSON **out)
{
	static const char *const queries[][2] = {
		{ "organizations", "SELECT COUNT(*), COALESCE(SUM(CASE WHEN status = 'active' THEN 1"
				   " ELSE 0 END), 0) FROM organizations" },
		{ "users", "SELECT COUNT(*), COALESCE(SUM(CASE WHEN status = 'active' THEN 1 ELSE 0 END),"
			   " 0) FROM users" },
		{ "salesCalls", "SELECT COALESCE(SUM(calls), 0), COALESCE(SUM(completed), 0)"
				" FROM call_rollups" },
	};
	cJSON *o = cJSON_CreateObject(), *subs;
	struct db_stmt *st;
	int64_t a = 0, b = 0;
	size_t i;
	int rc;

	for (i = 0; i < 3; i++) {
		cJSON *x;
		if ((rc = two_counts(db, queries[i][1], &a, &b)) != DB_OK) {
			cJSON_Delete(o);
			return rc;
		}
		x = cJSON_AddObjectToObject(o, queries[i][0]);
		cJSON_AddNumberToObject(x, "total", (double)a);
		cJSON_AddNumberToObject(x, i == 2 ? "completed" : "active", (double)b);
	}
	st = db_prepare(db, "SELECT subscription_plan, COUNT(*) FROM organizations"
			    " GROUP BY subscription_plan ORDER BY subscription_plan");
	if (!st) {
		cJSON_Delete(o);
		return DB_ERROR;
	}
	subs = cJSON_AddArrayToObject(o, "subscriptions");
	while ((rc = db_step(st)) == DB_ROW) {
		cJSON *x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "subscriptionPlan", db_col_text(st, 0));
		cJSON_AddNumberToObject(x, "count", (double)db_col_int(st, 1));
		cJSON_AddItemToArray(subs, x);
	}
	db_done(st);
	if (rc != DB_DONE) {
		cJSON_Delete(o);
		return rc;
	}
	*out = o;
	return DB_OK;
}
