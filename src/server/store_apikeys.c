/*
 * store_apikeys.c - organization API keys.  Only the SHA-256 of a key is
 * stored; the key itself is shown once, when it is created.
 */
#include "store.h"
#include "auth.h"
#include "common/json.h"

#include <stdlib.h>
#include <string.h>

static unsigned scopes_from_json(const char *text)
{
	cJSON *a = cJSON_Parse(text), *it;
	unsigned bits = 0;
	int i;

	cJSON_ArrayForEach(it, a)
		for (i = 0; cJSON_IsString(it) && key_scope_names[i]; i++)
			if (!strcmp(it->valuestring, key_scope_names[i]))
				bits |= 1u << i;
	cJSON_Delete(a);
	return bits;
}

cJSON *key_scopes_json(unsigned bits)
{
	cJSON *a = cJSON_CreateArray();
	int i;

	for (i = 0; key_scope_names[i]; i++)
		if (bits & (1u << i))
			cJSON_AddItemToArray(a, cJSON_CreateString(key_scope_names[i]));
	return a;
}

int store_apikey_create(struct db *db, const char *org_id, const char *created_by,
			const char *name, const char *prefix, const char *key_hash, unsigned scopes,
			int64_t now, char id_out[UUID_STR_LEN])
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO api_keys (id, organization_id, created_by, name, prefix, key_hash,"
		" scopes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	cJSON *a = key_scopes_json(scopes);
	char *text = json_print(a);
	int rc;

	cJSON_Delete(a);
	if (!st) {
		free(text);
		return DB_ERROR;
	}
	uuid_v4(id_out);
	if (db_bind_text(st, 1, id_out) || db_bind_text(st, 2, org_id) ||
	    db_bind_text_or_null(st, 3, created_by) || db_bind_text(st, 4, name) ||
	    db_bind_text(st, 5, prefix) || db_bind_text(st, 6, key_hash) ||
	    db_bind_text(st, 7, text) || db_bind_int(st, 8, now)) {
		db_done(st);
		free(text);
		return DB_ERROR;
	}
	rc = db_run(st);
	free(text);
	return rc;
}

int store_apikeys_list(struct db *db, const struct scope *s, cJSON **items)
{
	struct buf sql = BUF_INIT;
	struct db_stmt *st;
	int rc;

	buf_addstr(&sql, "SELECT k.id, k.name, k.prefix, k.scopes, k.organization_id, k.created_by,"
			 " k.created_at, k.last_used_at FROM api_keys k WHERE k.revoked_at IS NULL AND ");
	scope_sql(s, "k.organization_id", "k.created_by", &sql);
	buf_addstr(&sql, " ORDER BY k.created_at DESC, k.id");
	st = db_prepare(db, sql.s);
	buf_free(&sql);
	if (!st)
		return DB_ERROR;
	if (scope_bind(s, st, 1) < 0) {
		db_done(st);
		return DB_ERROR;
	}
	*items = cJSON_CreateArray();
	while ((rc = db_step(st)) == DB_ROW) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "id", db_col_text(st, 0));
		cJSON_AddStringToObject(o, "name", db_col_text(st, 1));
		cJSON_AddStringToObject(o, "prefix", db_col_text(st, 2));
		cJSON_AddItemToObject(o, "scopes", key_scopes_json(scopes_from_json(db_col_text(st, 3))));
		cJSON_AddStringToObject(o, "organizationId", db_col_text(st, 4));
		json_add_str_or_null(o, "createdBy", db_col_text(st, 5));
		json_add_time(o, "createdAt", db_col_int(st, 6), 1);
		json_add_time(o, "lastUsedAt", db_col_int(st, 7), !db_col_is_null(st, 7));
		cJSON_AddItemToArray(*items, o);
	}
	db_done(st);
	if (rc != DB_DONE) {
		cJSON_Delete(*items);
		*items = NULL;
		return rc;
	}
	return DB_OK;
}

static int find(struct db *db, const char *where, const char *arg, struct apikey_row *out)
{
	struct buf sql = BUF_INIT;
	struct db_stmt *st;
	int rc;

	buf_addf(&sql, "SELECT k.id, k.organization_id, COALESCE(o.status, ''), k.scopes,"
		       " k.revoked_at IS NOT NULL, COALESCE(k.last_used_at, 0) FROM api_keys k"
		       " LEFT JOIN organizations o ON o.id = k.organization_id WHERE %s = ?",
		 where);
	st = db_prepare(db, sql.s);
	buf_free(&sql);
	if (!st)
		return DB_ERROR;
	if (db_bind_text(st, 1, arg)) {
		db_done(st);
		return DB_ERROR;
	}
	rc = db_step(st);
	if (rc == DB_ROW) {
		db_col_copy(st, 0, out->id, sizeof out->id);
		db_col_copy(st, 1, out->org_id, sizeof out->org_id);
		db_col_copy(st, 2, out->org_status, sizeof out->org_status);
		out->scopes = scopes_from_json(db_col_text(st, 3));
		out->revoked = db_col_int(st, 4) != 0;
		out->last_used_at = db_col_int(st, 5);
	}
	db_done(st);
	return rc;
}

int store_apikey_by_id(struct db *db, const char *id, struct apikey_row *out)
{
	return find(db, "k.id", id, out);
}

int store_apikey_by_hash(struct db *db, const char *key_hash, struct apikey_row *out)
{
	return find(db, "k.key_hash", key_hash, out);
}

int store_apikey_revoke(struct db *db, const char *id, int64_t now)
{
	struct db_stmt *st = db_prepare(db, "UPDATE api_keys SET revoked_at = ?"
					    " WHERE id = ? AND revoked_at IS NULL");
	int rc;

	if (!st)
		return DB_ERROR;
	if (db_bind_int(st, 1, now) || db_bind_text(st, 2, id)) {
		db_done(st);
		return DB_ERROR;
	}
	rc = db_run(st);
	if (rc == DB_OK && db_changes(db) == 0)
		return DB_DONE;
	return rc;
}

int store_apikey_touch(struct db *db, const char *id, int64_t now)
{
	struct db_stmt *st = db_prepare(db, "UPDATE api_keys SET last_used_at = ? WHERE id = ?"
					    " AND (last_used_at IS NULL OR last_used_at < ?)");

	if (!st)
		return DB_ERROR;
	if (db_bind_int(st, 1, now) || db_bind_text(st, 2, id) || db_bind_int(st, 3, now - 60000)) {
		db_done(st);
		return DB_ERROR;
	}
	return db_run(st);
}
