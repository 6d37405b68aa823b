/*
 * store_zapier.c - the queries behind the Zapier routes: searches for
 * dynamic dropdowns, the performance-alert trigger, finding a call by its
 * OtterAI meeting id, and stored reports.
 */
#include "store.h"
#include "common/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEARCH_MAX 100

/* "%query%" for LIKE ... ESCAPE '\', with % _ \ in query taken literally. */
static char *like_pattern(const char *q)
{
	struct buf b = BUF_INIT;

	buf_addch(&b, '%');
	for (; *q; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			buf_addch(&b, '\\');
		buf_addch(&b, *q);
	}
	buf_addch(&b, '%');
	return buf_detach(&b, NULL);
}

int store_search_users(struct db *db, const struct scope *s, const char *org_id,
		       const char *role, const char *query, cJSON **out)
{
	struct buf sql = BUF_INIT;
	struct db_stmt *st;
	char *pat = query && *query ? like_pattern(query) : NULL;
	int rc, i;

	buf_addstr(&sql, "SELECT u.id, u.first_name, u.last_name, u.email, u.role FROM users u"
			 " WHERE u.status <> 'deleted' AND ");
	scope_sql(s, "u.organization_id", "u.id", &sql);
	if (org_id)
		buf_addstr(&sql, " AND u.organization_id = ?");
	if (role)
		buf_addstr(&sql, " AND u.role = ?");
	if (pat)
		buf_addstr(&sql, " AND (u.first_name LIKE ? ESCAPE '\\' OR u.last_name LIKE"
				 " ? ESCAPE '\\' OR u.email LIKE ? ESCAPE '\\')");
	buf_addf(&sql, " ORDER BY u.first_name, u.last_name, u.id LIMIT %d", SEARCH_MAX);
	st = db_prepare(db, sql.s);
	buf_free(&sql);
	if (!st) {
		free(pat);
		return DB_ERROR;
	}
	i = scope_bind(s, st, 1);
	if (i < 0 || (org_id && db_bind_text(st, i++, org_id)) || (role && db_bind_text(st, i++, role)) ||
	    (pat && (db_bind_text(st, i, pat) || db_bind_text(st, i + 1, pat) ||
		     db_bind_text(st, i + 2, pat)))) {
		db_done(st);
		free(pat);
		return DB_ERROR;
	}
	free(pat);
	*out = cJSON_CreateArray();
	while ((rc = db_step(st)) == DB_ROW) {
		cJSON *o = cJSON_CreateObject();
		struct buf label = BUF_INIT;

		buf_addf(&label, "%s %s (%s)", db_col_text(st, 1), db_col_text(st, 2),
			 db_col_text(st, 3));
		cJSON_AddStringToObject(o, "id", db_col_text(st, 0));
		cJSON_AddStringToObject(o, "label", label.s);
		cJSON_AddStringToObject(o, "value", db_col_text(st, 0));
		cJSON_AddStringToObject(o, "firstName", db_col_text(st, 1));
		cJSON_AddStringToObject(o, "lastName", db_col_text(st, 2));
		cJSON_AddStringToObject(o, "email", db_col_text(st, 3));
		cJSON_AddStringToObject(o, "role", db_col_text(st, 4));
		cJSON_AddItemToArray(*out, o);
		buf_free(&label);
	}
	db_done(st);
	if (rc != DB_DONE) {
		cJSON_Delete(*out);
		*out = NULL;
		return rc;
	}
	return DB_OK;
}

int store_search_orgs(struct db *db, const struct scope *s, const char *query, cJSON **out)
{
	struct buf sql = BUF_INIT;
	struct db_stmt *st;
	char *pat = query && *query ? like_pattern(query) : NULL;
	int rc, i;

	buf_addstr(&sql, "SELECT o.id, o.name, o.type FROM organizations o WHERE o.status <> 'deleted'"
			 " AND ");
	scope_sql(s, "o.id", "''", &sql);
	if (pat)
		buf_addstr(&sql, " AND o.name LIKE ? ESCAPE '\\'");
	buf_addf(&sql, " ORDER BY o.name, o.id LIMIT %d", SEARCH_MAX);
	st = db_prepare(db, sql.s);
	buf_free(&sql);
	if (!st) {
		free(pat);
		return DB_ERROR;
	}
	i = scope_bind(s, st, 1);
	if (i < 0 || (pat && db_bind_text(st, i, pat))) {
		db_done(st);
		free(pat);
		return DB_ERROR;
	}
	free(pat);
	*out = cJSON_CreateArray();
	while ((rc = db_step(st)) == DB_ROW) {
		cJSON *o = cJSON_CreateObject();
		struct buf label = BUF_INIT;

		buf_addf(&label, "%s (%s)", db_col_text(st, 1), db_col_text(st, 2));
		cJSON_AddStringToObject(o, "id", db_col_text(st, 0));
		cJSON_AddStringToObject(o, "label", label.s);
		cJSON_AddStringToObject(o, "value", db_col_text(st, 0));
		cJSON_AddStringToObject(o, "name", db_col_text(st, 1));
		cJSON_AddStringToObject(o, "type", db_col_text(st, 2));
		cJSON_AddItemToArray(*out, o);
		buf_free(&label);
	}
	db_done(st);
	if (rc != DB_DONE) {
		cJSON_Delete(*out);
		*out = NULL;
		return rc;
	}
	return DB_OK;
}

int store_alerts_trigger(struct db *db, const struct scope *s, const struct alert_filter *f,
			 cJSON **out)
{
	struct buf sql = BUF_INIT;
	struct db_stmt *st;
	int rc, i;

	/* Dialect: json_extract is SQLite's; PostgreSQL spells it
	 * (n.data::jsonb ->> 'alertType'). */
	buf_addstr(&sql, "SELECT n.id, n.title, n.message, n.priority, n.data, n.created_at,"
			 " u.id, u.first_name, u.last_name, u.email, o.id, o.name"
			 " FROM notifications n JOIN users u ON u.id = n.user_id"
			 " LEFT JOIN organizations o ON o.id = n.organization_id"
			 " WHERE n.type = 'performance_alert' AND ");
	scope_sql(s, "u.organization_id", "u.id", &sql);
	if (f->org_id)
		buf_addstr(&sql, " AND n.organization_id = ?");
	if (f->alert_type)
		buf_addstr(&sql, " AND json_extract(n.data, '$.alertType') = ?");
	if (f->has_start)
		buf_addstr(&sql, " AND n.created_at >= ?");
	if (f->has_end)
		buf_addstr(&sql, " AND n.created_at <= ?");
	buf_addstr(&sql, " ORDER BY n.created_at DESC, n.id LIMIT ?");
	st = db_prepare(db, sql.s);
	buf_free(&sql);
	if (!st)
		return DB_ERROR;
	i = scope_bind(s, st, 1);
	if (i < 0 || (f->org_id && db_bind_text(st, i++, f->org_id)) ||
	    (f->alert_type && db_bind_text(st, i++, f->alert_type)) ||
	    (f->has_start && db_bind_int(st, i++, f->start_ms)) ||
	    (f->has_end && db_bind_int(st, i++, f->end_ms)) || db_bind_int(st, i, f->limit)) {
		db_done(st);
		return DB_ERROR;
	}
	*out = cJSON_CreateArray();
	while ((rc = db_step(st)) == DB_ROW) {
		cJSON *o = cJSON_CreateObject(), *meta = cJSON_Parse(db_col_text(st, 4)), *x;

		cJSON_AddStringToObject(o, "id", db_col_text(st, 0));
		cJSON_AddStringToObject(o, "title", db_col_text(st, 1));
		cJSON_AddStringToObject(o, "message", db_col_text(st, 2));
		cJSON_AddStringToObject(o, "priority", db_col_text(st, 3));
		json_add_str_or_null(o, "alertType", json_str(meta, "alertType"));
		x = json_get(meta, "metrics");
		cJSON_AddItemToObject(o, "metrics", x ? cJSON_Duplicate(x, 1) : cJSON_CreateNull());
		x = json_get(meta, "threshold");
		cJSON_AddItemToObject(o, "threshold", x ? cJSON_Duplicate(x, 1) : cJSON_CreateNull());
		x = cJSON_AddObjectToObject(o, "user");
		cJSON_AddStringToObject(x, "id", db_col_text(st, 6));
		cJSON_AddStringToObject(x, "firstName", db_col_text(st, 7));
		cJSON_AddStringToObject(x, "lastName", db_col_text(st, 8));
		cJSON_AddStringToObject(x, "email", db_col_text(st, 9));
		if (db_col_is_null(st, 10)) {
			cJSON_AddNullToObject(o, "organization");
		} else {
			x = cJSON_AddObjectToObject(o, "organization");
			cJSON_AddStringToObject(x, "id", db_col_text(st, 10));
			cJSON_AddStringToObject(x, "name", db_col_text(st, 11));
		}
		json_add_time(o, "createdAt", db_col_int(st, 5), 1);
		cJSON_AddItemToArray(*out, o);
		cJSON_Delete(meta);
	}
	db_done(st);
	if (rc != DB_DONE) {
		cJSON_Delete(*out);
		*out = NULL;
		return rc;
	}
	return DB_OK;
}

int store_call_by_recording(struct db *db, const char *org_id, const char *recording_id,
			    char id_out[UUID_STR_LEN])
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM sales_calls WHERE otterai_recording_id = ?"
					    " AND organization_id = ? ORDER BY created_at, id LIMIT 1");
	int rc;

	if (!st)
		return DB_ERROR;
	if (db_bind_text(st, 1, recording_id) || db_bind_text(st, 2, org_id)) {
		db_done(st);
		return DB_ERROR;
	}
	rc = db_step(st);
	if (rc == DB_ROW)
		db_col_copy(st, 0, id_out, UUID_STR_LEN);
	db_done(st);
	return rc;
}

int store_report_insert(struct db *db, const char *org_id, const char *user_id,
			const char *type, const char *name, const cJSON *data, int64_t now,
			int64_t ttl_ms, char id_out[UUID_STR_LEN])
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO analytics (id, organization_id, user_id, report_type, report_name,"
		" report_data, filters, date_range, generated_at, expires_at, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?, '{}', ?, ?, ?, ?, ?)");
	char *text = json_print(data), range[96];
	int rc;

	if (!st) {
		free(text);
		return DB_ERROR;
	}
	snprintf(range, sizeof range, "{\"start\":%lld,\"end\":%lld}", (long long)now, (long long)now);
	uuid_v4(id_out);
	if (db_bind_text(st, 1, id_out) || db_bind_text_or_null(st, 2, org_id) ||
	    db_bind_text_or_null(st, 3, user_id) || db_bind_text(st, 4, type) ||
	    db_bind_text(st, 5, name) || db_bind_text(st, 6, text) || db_bind_text(st, 7, range) ||
	    db_bind_int(st, 8, now) || db_bind_int(st, 9, now + ttl_ms) || db_bind_int(st, 10, now) ||
	    db_bind_int(st, 11, now)) {
		db_done(st);
		free(text);
		return DB_ERROR;
	}
	rc = db_run(st);
	free(text);
	return rc;
}

int store_report_org(struct db *db, const char *id, char org[UUID_STR_LEN])
{
	struct db_stmt *st = db_prepare(db, "SELECT COALESCE(organization_id, '') FROM analytics"
					    " WHERE id = ?");
	int rc;

	if (!st)
		return DB_ERROR;
	if (db_bind_text(st, 1, id)) {
		db_done(st);
		return DB_ERROR;
	}
	rc = db_step(st);
	if (rc == DB_ROW)
		db_col_copy(st, 0, org, UUID_STR_LEN);
	db_done(st);
	return rc;
}
