/*
 * store_orgs.c - organizations and their branches.
 */
#include "store.h"
#include "common/json.h"
#include "common/timeutil.h"

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
		out->has_children = db_col_int(st, 5) != 0;
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
