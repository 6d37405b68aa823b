/*
 * store_scripts.c - sales (training) scripts.
 */
#include "store.h"
#include "fields.h"

#include <pthread.h>
#include <string.h>

#define CU (FF_CREATE | FF_UPDATE)

const struct field script_fields[] = {
	{ "id", NULL, "id", FT_UUID, 0, 0, NULL, 0, 0 },
	{ "organizationId", "organization_id", "organization_id", FT_UUID, FF_CREATE, 0, NULL, 0, 0 },
	{ "name", NULL, "name", FT_TEXT, CU | FF_REQUIRED, 255, NULL, 0, 0 },
	{ "description", NULL, "description", FT_LONGTEXT, CU | FF_NULLABLE, 5000, NULL, 0, 0 },
	{ "content", NULL, "content", FT_LONGTEXT, CU, 200000, NULL, 0, 0 },
	{ "category", NULL, "category", FT_TEXT, CU | FF_NULLABLE, 100, NULL, 0, 0 },
	{ "tags", NULL, "tags", FT_STRINGS, CU, 50, NULL, 0, 0 },
	{ "version", NULL, "version", FT_TEXT, CU, 20, NULL, 0, 0 },
	{ "isActive", "is_active", "is_active", FT_BOOL, CU, 0, NULL, 0, 0 },
	{ "isDefault", "is_default", "is_default", FT_BOOL, CU, 0, NULL, 0, 0 },
	/* Validated and normalised by api_scripts.c (structure, not flat). */
	{ "stages", NULL, "stages", FT_JSON, 0, 0, NULL, 0, 0 },
	{ "objections", NULL, "objections", FT_JSON, 0, 0, NULL, 0, 0 },
	{ "forbidden", NULL, "forbidden", FT_JSON, 0, 0, NULL, 0, 0 },
	{ "createdBy", NULL, "created_by", FT_UUID, 0, 0, NULL, 0, 0 },
	{ "createdAt", NULL, "created_at", FT_TIME, 0, 0, NULL, 0, 0 },
	{ "updatedAt", NULL, "updated_at", FT_TIME, 0, 0, NULL, 0, 0 },
};

const size_t script_nfields = sizeof script_fields / sizeof script_fields[0];

static char *select_head;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void build(void)
{
	struct buf b = BUF_INIT;

	buf_addstr(&b, "SELECT ");
	fields_select(script_fields, script_nfields, "s.", 0, &b);
	buf_addstr(&b, " FROM sales_scripts s");
	select_head = buf_detach(&b, NULL);
}

static cJSON *row(struct db_stmt *st)
{
	cJSON *o = cJSON_CreateObject();

	fields_row_json(st, 0, script_fields, script_nfields, 0, o);
	return o;
}

int store_scripts_list(struct db *db, const struct scope *s, const struct script_filter *f,
		       cJSON **items, int64_t *total)
{
	struct buf where = BUF_INIT, sql = BUF_INIT;
	struct db_stmt *st;
	int rc = DB_ERROR, i, pass;
	cJSON *arr;

	pthread_once(&once, build);
	buf_addstr(&where, " WHERE ");
	scope_sql(s, "s.organization_id", "s.created_by", &where);
	if (f->has_active)
		buf_addstr(&where, " AND s.is_active = ?");
	if (f->category)
		buf_addstr(&where, " AND s.category = ?");
	for (pass = 0; pass < 2; pass++) {
		buf_reset(&sql);
		if (pass == 0)
			buf_addf(&sql, "SELECT COUNT(*) FROM sales_scripts s%s", where.s);
		else
			buf_addf(&sql, "%s%s ORDER BY s.is_default DESC, s.updated_at DESC, s.id"
				       " LIMIT ? OFFSET ?", select_head, where.s);
		st = db_prepare(db, sql.s);
		if (!st)
			goto out;
		i = scope_bind(s, st, 1);
		if (i < 0 || (f->has_active && db_bind_int(st, i++, f->active)) ||
		    (f->category && db_bind_text(st, i++, f->category)) ||
		    (pass == 1 && (db_bind_int(st, i, f->limit) ||
				   db_bind_int(st, i + 1, (f->page - 1) * f->limit)))) {
			db_done(st);
			rc = DB_ERROR;
			goto out;
		}
		if (pass == 0) {
			rc = db_step(st);
			if (rc == DB_ROW)
				*total = db_col_int(st, 0);
			db_done(st);
			if (rc != DB_ROW)
				goto out;
			continue;
		}
		arr = cJSON_CreateArray();
		while ((rc = db_step(st)) == DB_ROW)
			cJSON_AddItemToArray(arr, row(st));
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

int store_script_json(struct db *db, const struct scope *s, const char *id, cJSON **out,
		      char org_out[UUID_STR_LEN])
{
	struct buf sql = BUF_INIT;
	struct db_stmt *st;
	int rc;

	pthread_once(&once, build);
	buf_addf(&sql, "%s WHERE s.id = ? AND ", select_head);
	scope_sql(s, "s.organization_id", "s.created_by", &sql);
	st = db_prepare(db, sql.s);
	buf_free(&sql);
	if (!st)
		return DB_ERROR;
	if (db_bind_text(st, 1, id) || scope_bind(s, st, 2) < 0) {
		db_done(st);
		return DB_ERROR;
	}
	rc = db_step(st);
	if (rc == DB_ROW) {
		if (org_out)
			db_col_copy(st, 1, org_out, UUID_STR_LEN);
		if (out)
			*out = row(st);
	}
	db_done(st);
	return rc;
}

int store_script_create(struct db *db, const struct fvals *v, int64_t now, char id_out[UUID_STR_LEN])
{
	return store_insert_row(db, "sales_scripts", v, now, id_out);
}

int store_script_update(struct db *db, const char *id, const struct fvals *v, int64_t now)
{
	return store_update_row(db, "sales_scripts", id, v, now);
}

int store_script_delete(struct db *db, const char *id)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM sales_scripts WHERE id = ?");
	int rc;

	if (!st)
		return DB_ERROR;
	if (db_bind_text(st, 1, id)) {
		db_done(st);
		return DB_ERROR;
	}
	rc = db_run(st);
	if (rc != DB_OK)
		return rc;
	return db_changes(db) ? DB_OK : DB_DONE;
}

int store_script_clear_default(struct db *db, const char *org_id, const char *except_id)
{
	struct db_stmt *st = db_prepare(db,
		"UPDATE sales_scripts SET is_default = 0 WHERE organization_id = ? AND id <> ?"
		" AND is_default = 1");

	if (!st)
		return DB_ERROR;
	if (db_bind_text(st, 1, org_id) || db_bind_text(st, 2, except_id)) {
		db_done(st);
		return DB_ERROR;
	}
	return db_run(st);
}
