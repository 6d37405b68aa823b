/*
 * store_tokens.c - refresh tokens, stored only as SHA-256 hashes, grouped
 * in families (one per login) for rotation and reuse detection.
 */
#include "store.h"
#include "common/timeutil.h"

int store_token_insert(struct db *db, const char *user_id, const char *family_id,
		       const char *token_hash, int64_t expires_at, char id_out[UUID_STR_LEN])
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, created_at,"
		" expires_at) VALUES (?, ?, ?, ?, ?, ?)");

	if (!st)
		return DB_ERROR;
	uuid_v4(id_out);
	if (db_bind_text(st, 1, id_out) || db_bind_text(st, 2, user_id) ||
	    db_bind_text(st, 3, family_id) || db_bind_text(st, 4, token_hash) ||
	    db_bind_int(st, 5, time_now_ms()) || db_bind_int(st, 6, expires_at)) {
		db_done(st);
		return DB_ERROR;
	}
	return db_run(st);
}

int store_token_find(struct db *db, const char *token_hash, struct token_row *out)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT id, user_id, family_id, expires_at, revoked_at IS NOT NULL"
		" FROM refresh_tokens WHERE token_hash = ?");
	int rc;

	if (!st)
		return DB_ERROR;
	if (db_bind_text(st, 1, token_hash) != DB_OK) {
		db_done(st);
		return DB_ERROR;
	}
	rc = db_step(st);
	if (rc == DB_ROW) {
		db_col_copy(st, 0, out->id, sizeof out->id);
		db_col_copy(st, 1, out->user_id, sizeof out->user_id);
		db_col_copy(st, 2, out->family_id, sizeof out->family_id);
		out->expires_at = db_col_int(st, 3);
		out->revoked = db_col_int(st, 4) != 0;
	}
	db_done(st);
	return rc;
}

int store_token_consume(struct db *db, const char *id, const char *replaced_by, int64_t now)
{
	struct db_stmt *st = db_prepare(db,
		"UPDATE refresh_tokens SET revoked_at = ?, replaced_by = ?"
		" WHERE id = ? AND revoked_at IS NULL");
	int rc;

	if (!st)
		return DB_ERROR;
	if (db_bind_int(st, 1, now) || db_bind_text_or_null(st, 2, replaced_by) ||
	    db_bind_text(st, 3, id)) {
		db_done(st);
		return DB_ERROR;
	}
	rc = db_run(st);
	if (rc != DB_OK)
		return rc;
	return db_changes(db) == 1 ? DB_OK : DB_DONE;
}

int store_token_revoke_family(struct db *db, const char *family_id, int64_t now)
{
	struct db_stmt *st = db_prepare(db,
		"UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL");

	if (!st)
		return DB_ERROR;
	if (db_bind_int(st, 1, now) || db_bind_text(st, 2, family_id)) {
		db_done(st);
		return DB_ERROR;
	}
	return db_run(st);
}

int store_token_revoke_user(struct db *db, const char *user_id, int64_t now)
{
	struct db_stmt *st = db_prepare(db,
		"UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL");

	if (!st)
		return DB_ERROR;
	if (db_bind_int(st, 1, now) || db_bind_text(st, 2, user_id)) {
		db_done(st);
		return DB_ERROR;
	}
	return db_run(st);
}
