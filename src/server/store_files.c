/*
 * store_files.c - the files table: one row per upload.  The bytes live on
 * disk (api_files.c); the row says whose they are.
 */
#include "store.h"

#include <stdio.h>
#include <string.h>

int store_file_insert(struct db *db, struct file_row *f, const char *url, int64_t now)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO files (id, organization_id, user_id, file_key, file_url, original_name,"
		" content_type, file_size, category, description, related_id, metadata, created_at,"
		" updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	char meta[128];

	if (!st)
		return DB_ERROR;
	uuid_v4(f->id);
	f->created_at = now;
	snprintf(meta, sizeof meta, "{\"etag\":\"%s\"}", f->etag);
	if (db_bind_text(st, 1, f->id) || db_bind_text(st, 2, f->org_id) ||
	    db_bind_text_or_null(st, 3, f->user_id[0] ? f->user_id : NULL) ||
	    db_bind_text(st, 4, f->key) || db_bind_text(st, 5, url) ||
	    db_bind_text(st, 6, f->original_name) || db_bind_text(st, 7, f->content_type) ||
	    db_bind_int(st, 8, f->size) || db_bind_text(st, 9, f->category) ||
	    db_bind_text_or_null(st, 10, f->description[0] ? f->description : NULL) ||
	    db_bind_text_or_null(st, 11, f->related_id[0] ? f->related_id : NULL) ||
	    db_bind_text(st, 12, meta) || db_bind_int(st, 13, now) || db_bind_int(st, 14, now)) {
		db_done(st);
		return DB_ERROR;
	}
	return db_run(st);
}

int store_file_by_key(struct db *db, const char *key, struct file_row *f)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT id, file_key, organization_id, COALESCE(user_id, ''), category,"
		" COALESCE(related_id, ''), COALESCE(content_type, ''), original_name,"
		" COALESCE(description, ''), COALESCE(json_extract(metadata, '$.etag'), ''),"
		" COALESCE(file_size, 0), created_at FROM files WHERE file_key = ? AND is_deleted = 0");
	int rc;

	if (!st)
		return DB_ERROR;
	if (db_bind_text(st, 1, key)) {
		db_done(st);
		return DB_ERROR;
	}
	rc = db_step(st);
	if (rc == DB_ROW) {
		db_col_copy(st, 0, f->id, sizeof f->id);
		db_col_copy(st, 1, f->key, sizeof f->key);
		db_col_copy(st, 2, f->org_id, sizeof f->org_id);
		db_col_copy(st, 3, f->user_id, sizeof f->user_id);
		db_col_copy(st, 4, f->category, sizeof f->category);
		db_col_copy(st, 5, f->related_id, sizeof f->related_id);
		db_col_copy(st, 6, f->content_type, sizeof f->content_type);
		db_col_copy(st, 7, f->original_name, sizeof f->original_name);
		db_col_copy(st, 8, f->description, sizeof f->description);
		db_col_copy(st, 9, f->etag, sizeof f->etag);
		f->size = db_col_int(st, 10);
		f->created_at = db_col_int(st, 11);
	}
	db_done(st);
	return rc;
}

int store_file_delete(struct db *db, const char *key, int64_t now)
{
	struct db_stmt *st = db_prepare(db, "UPDATE files SET is_deleted = 1, deleted_at = ?,"
					    " updated_at = ? WHERE file_key = ? AND is_deleted = 0");
	int rc;

	if (!st)
		return DB_ERROR;
	if (db_bind_int(st, 1, now) || db_bind_int(st, 2, now) || db_bind_text(st, 3, key)) {
		db_done(st);
		return DB_ERROR;
	}
	rc = db_run(st);
	return rc == DB_OK && db_changes(db) == 0 ? DB_DONE : rc;
}

int store_files_usage(struct db *db, const struct scope *s, int64_t *count, int64_t *bytes)
{
	struct buf sql = BUF_INIT;
	struct db_stmt *st;
	int rc;

	buf_addstr(&sql, "SELECT COUNT(*), COALESCE(SUM(file_size), 0) FROM files f"
			 " WHERE f.is_deleted = 0 AND ");
	scope_sql(s, "f.organization_id", "f.user_id", &sql);
	st = db_prepare(db, sql.s);
	buf_free(&sql);
	if (!st)
		return DB_ERROR;
	if (scope_bind(s, st, 1) < 0) {
		db_done(st);
		return DB_ERROR;
	}
	rc = db_step(st);
	if (rc == DB_ROW) {
		*count = db_col_int(st, 0);
		*bytes = db_col_int(st, 1);
		rc = DB_OK;
	}
	db_done(st);
	return rc;
}
