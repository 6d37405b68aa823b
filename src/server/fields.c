#include "fields.h"
#include "common/ids.h"
#include "common/json.h"

#include <string.h>

void fields_select(const struct field *fs, size_t n, const char *prefix, unsigned skip,
		   struct buf *b)
{
	size_t i;
	int first = 1;

	for (i = 0; i < n; i++) {
		if (fs[i].flags & skip)
			continue;
		buf_addf(b, "%s%s%s", first ? "" : ", ", prefix, fs[i].column);
		first = 0;
	}
}

int fields_row_json(struct db_stmt *st, int col, const struct field *fs, size_t n,
		    unsigned skip, cJSON *obj)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct field *f = &fs[i];

		if (f->flags & skip)
			continue;
		if (db_col_is_null(st, col)) {
			cJSON_AddNullToObject(obj, f->json);
			col++;
			continue;
		}
		switch (f->type) {
		case FT_TIME:
			json_add_time(obj, f->json, db_col_int(st, col), 1);
			break;
		case FT_MONEY:
			cJSON_AddNumberToObject(obj, f->json, (double)db_col_int(st, col) / 100.0);
			break;
		case FT_INT:
			cJSON_AddNumberToObject(obj, f->json, (double)db_col_int(st, col));
			break;
		case FT_REAL:
			cJSON_AddNumberToObject(obj, f->json, db_col_double(st, col));
			break;
		case FT_BOOL:
			cJSON_AddBoolToObject(obj, f->json, db_col_int(st, col) != 0);
			break;
		case FT_JSON:
		case FT_STRINGS: {
			const char *t = db_col_text(st, col);
			cJSON *v = cJSON_Parse(t);
			/* Stored JSON is written only by us, validated; a broken
			 * value would be a bug, shown as null rather than a 500. */
			cJSON_AddItemToObject(obj, f->json, v ? v : cJSON_CreateNull());
			break;
		}
		default:
			cJSON_AddStringToObject(obj, f->json, db_col_text(st, col));
			break;
		}
		col++;
	}
	return col;
}

int fields_bind(struct db_stmt *st, int idx, const struct fvals *v)
{
	int i, rc;

	for (i = 0; i < v->n; i++) {
		const struct fval *fv = &v->v[i];

		if (fv->is_null) {
			rc = db_bind_null(st, idx);
		} else {
			switch (fv->f->type) {
			case FT_TIME:
			case FT_MONEY:
			case FT_INT:
			case FT_BOOL:
				rc = db_bind_int(st, idx, fv->i);
				break;
			case FT_REAL:
				rc = db_bind_double(st, idx, fv->d);
				break;
			default:
				rc = db_bind_text(st, idx, fv->text);
				break;
			}
		}
		if (rc != DB_OK)
			return -1;
		idx++;
	}
	return idx;
}

int store_insert_row(struct db *db, const char *table, const struct fvals *v, int64_t now,
		     char id_out[UUID_STR_LEN])
{
	struct buf sql = BUF_INIT;
	struct db_stmt *st;
	int i, idx, rc;

	buf_addf(&sql, "INSERT INTO %s (id", table);
	for (i = 0; i < v->n; i++)
		buf_addf(&sql, ", %s", v->v[i].f->column);
	buf_addstr(&sql, ", created_at, updated_at) VALUES (?");
	for (i = 0; i < v->n; i++)
		buf_addstr(&sql, ", ?");
	buf_addstr(&sql, ", ?, ?)");
	st = db_prepare_once(db, sql.s);
	buf_free(&sql);
	if (!st)
		return DB_ERROR;
	uuid_v4(id_out);
	if (db_bind_text(st, 1, id_out) || (idx = fields_bind(st, 2, v)) < 0 ||
	    db_bind_int(st, idx, now) || db_bind_int(st, idx + 1, now)) {
		db_finalize(st);
		return DB_ERROR;
	}
	rc = db_step(st);
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}

int store_update_row(struct db *db, const char *table, const char *id, const struct fvals *v,
		     int64_t now)
{
	struct buf sql = BUF_INIT;
	struct db_stmt *st;
	int i, idx, rc;

	buf_addf(&sql, "UPDATE %s SET ", table);
	for (i = 0; i < v->n; i++)
		buf_addf(&sql, "%s = ?, ", v->v[i].f->column);
	buf_addstr(&sql, "updated_at = ? WHERE id = ?");
	st = db_prepare_once(db, sql.s);
	buf_free(&sql);
	if (!st)
		return DB_ERROR;
	if ((idx = fields_bind(st, 1, v)) < 0 || db_bind_int(st, idx, now) ||
	    db_bind_text(st, idx + 1, id)) {
		db_finalize(st);
		return DB_ERROR;
	}
	rc = db_step(st);
	db_finalize(st);
	if (rc != DB_DONE)
		return rc;
	return db_changes(db) ? DB_OK : DB_DONE;
}
