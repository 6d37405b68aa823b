/*
 * store_users.c - users.
 */
#include "store.h"
#include "fields.h"
#include "common/timeutil.h"
#include "common/xmalloc.h"

#include <stdlib.h>
#include <ctype.h>
#include <string.h>

/* Emails are unique case-insensitively and stored as given (API.md); the
 * key column holds the ASCII-lower-cased form. */
static char *email_key(const char *email)
{
	char *k = xstrdup(email), *p;

	for (p = k; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return k;
}

#define USER_ROW_COLS \
	"u.id, u.email, u.password_hash, u.role, u.status, u.organization_id, " \
	"o.status, u.manager_id"

static int read_user_row(struct db_stmt *st, struct user_row *out)
{
	int rc = db_step(st);

	if (rc == DB_ROW) {
		db_col_copy(st, 0, out->id, sizeof out->id);
		db_col_copy(st, 1, out->email, sizeof out->email);
		db_col_copy(st, 2, out->password_hash, sizeof out->password_hash);
		db_col_copy(st, 3, out->role, sizeof out->role);
		db_col_copy(st, 4, out->status, sizeof out->status);
		db_col_copy(st, 5, out->org_id, sizeof out->org_id);
		db_col_copy(st, 6, out->org_status, sizeof out->org_status);
		db_col_copy(st, 7, out->manager_id, sizeof out->manager_id);
	}
	db_done(st);
	return rc;
}

int store_users_count(struct db *db, int64_t *n)
{
	struct db_stmt *st = db_prepare(db, "SELECT COUNT(*) FROM users");
	int rc;

	if (!st)
		return DB_ERROR;
	rc = db_step(st);
	if (rc == DB_ROW)
		*n = db_col_int(st, 0);
	db_done(st);
	return rc == DB_ROW ? DB_OK : rc;
}

int store_user_by_email(struct db *db, const char *email, struct user_row *out)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT " USER_ROW_COLS " FROM users u "
		"LEFT JOIN organizations o ON o.id = u.organization_id WHERE u.email_key = ?");
	char *key = email_key(email);
	int rc;

	if (!st) {
		free(key);
		return DB_ERROR;
	}
	rc = db_bind_text(st, 1, key);
	free(key);
	if (rc != DB_OK) {
		db_done(st);
		return rc;
	}
	return read_user_row(st, out);
}

int store_user_by_id(struct db *db, const char *id, struct user_row *out)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT " USER_ROW_COLS " FROM users u "
		"LEFT JOIN organizations o ON o.id = u.organization_id WHERE u.id = ?");

	if (!st)
		return DB_ERROR;
	if (db_bind_text(st, 1, id) != DB_OK) {
		db_done(st);
		return DB_ERROR;
	}
	return read_user_row(st, out);
}

int store_user_insert(struct db *db, const struct new_user *u, char id_out[UUID_STR_LEN])
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO users (id, email, email_key, password_hash, first_name, last_name,"
		" phone, role, organization_id, manager_id, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	int64_t now = time_now_ms();
	char *key = email_key(u->email);
	int rc;

	if (!st) {
		free(key);
		return DB_ERROR;
	}
	uuid_v4(id_out);
	if (db_bind_text(st, 1, id_out) || db_bind_text(st, 2, u->email) ||
	    db_bind_text(st, 3, key) || db_bind_text(st, 4, u->password_hash) ||
	    db_bind_text(st, 5, u->first_name) || db_bind_text(st, 6, u->last_name) ||
	    db_bind_text_or_null(st, 7, u->phone) || db_bind_text(st, 8, u->role) ||
	    db_bind_text_or_null(st, 9, u->org_id) || db_bind_text_or_null(st, 10, u->manager_id) ||
	    db_bind_int(st, 11, now) || db_bind_int(st, 12, now)) {
		db_done(st);
		free(key);
		return DB_ERROR;
	}
	free(key);
	rc = db_run(st);
	return rc;
}

int store_user_set_password(struct db *db, const char *id, const char *hash)
{
	struct db_stmt *st = db_prepare(db,
		"UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?");

	if (!st)
		return DB_ERROR;
	if (db_bind_text(st, 1, hash) || db_bind_int(st, 2, time_now_ms()) ||
	    db_bind_text(st, 3, id)) {
		db_done(st);
		return DB_ERROR;
	}
	return db_run(st);
}

int store_user_touch_login(struct db *db, const char *id, int64_t now_ms)
{
	struct db_stmt *st = db_prepare(db, "UPDATE users SET last_login_at = ? WHERE id = ?");

	if (!st)
		return DB_ERROR;
	if (db_bind_int(st, 1, now_ms) || db_bind_text(st, 2, id)) {
		db_done(st);
		return DB_ERROR;
	}
	return db_run(st);
}

static const struct field user_out[] = {
	{ "id", NULL, "u.id", FT_UUID, 0, 0, NULL, 0, 0 },
	{ "email", NULL, "u.email", FT_EMAIL, 0, 0, NULL, 0, 0 },
	{ "firstName", NULL, "u.first_name", FT_TEXT, 0, 0, NULL, 0, 0 },
	{ "lastName", NULL, "u.last_name", FT_TEXT, 0, 0, NULL, 0, 0 },
	{ "phone", NULL, "u.phone", FT_PHONE, 0, 0, NULL, 0, 0 },
	{ "role", NULL, "u.role", FT_ENUM, 0, 0, NULL, 0, 0 },
	{ "status", NULL, "u.status", FT_ENUM, 0, 0, NULL, 0, 0 },
	{ "organizationId", NULL, "u.organization_id", FT_UUID, 0, 0, NULL, 0, 0 },
	{ "managerId", NULL, "u.manager_id", FT_UUID, 0, 0, NULL, 0, 0 },
	{ "lastLoginAt", NULL, "u.last_login_at", FT_TIME, 0, 0, NULL, 0, 0 },
	{ "preferences", NULL, "u.preferences", FT_JSON, 0, 0, NULL, 0, 0 },
	{ "profileImageUrl", NULL, "u.profile_image_url", FT_URL, 0, 0, NULL, 0, 0 },
	{ "isOnline", NULL, "u.is_online", FT_BOOL, 0, 0, NULL, 0, 0 },
	{ "createdAt", NULL, "u.created_at", FT_TIME, 0, 0, NULL, 0, 0 },
	{ "updatedAt", NULL, "u.updated_at", FT_TIME, 0, 0, NULL, 0, 0 },
};

#define N_USER_OUT (sizeof user_out / sizeof user_out[0])

int store_user_json(struct db *db, const char *id, int with_org, cJSON **out)
{
	static const char org_cols[] = ", o.id, o.name, o.type, o.status, o.subscription_plan";
	struct buf sql = BUF_INIT;
	struct db_stmt *st;
	int rc, col;

	buf_addstr(&sql, "SELECT ");
	fields_select(user_out, N_USER_OUT, "", 0, &sql);
	buf_addf(&sql, "%s FROM users u LEFT JOIN organizations o ON o.id = u.organization_id"
		       " WHERE u.id = ?", org_cols);
	st = db_prepare(db, sql.s);
	buf_free(&sql);
	if (!st)
		return DB_ERROR;
	if (db_bind_text(st, 1, id) != DB_OK) {
		db_done(st);
		return DB_ERROR;
	}
	rc = db_step(st);
	if (rc == DB_ROW) {
		cJSON *u = cJSON_CreateObject();
		col = fields_row_json(st, 0, user_out, N_USER_OUT, 0, u);
		if (with_org) {
			if (db_col_is_null(st, col)) {
				cJSON_AddNullToObject(u, "organization");
			} else {
				cJSON *o = cJSON_AddObjectToObject(u, "organization");
				cJSON_AddStringToObject(o, "id", db_col_text(st, col));
				cJSON_AddStringToObject(o, "name", db_col_text(st, col + 1));
				cJSON_AddStringToObject(o, "type", db_col_text(st, col + 2));
				cJSON_AddStringToObject(o, "status", db_col_text(st, col + 3));
				cJSON_AddStringToObject(o, "subscriptionPlan", db_col_text(st, col + 4));
			}
		}
		*out = u;
	}
	db_done(st);
	return rc;
}

int store_users_in_org(struct db *db, const char *org_id, int64_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT COUNT(*) FROM users WHERE organization_id = ? AND status = 'active'");
	int rc;

	if (!st)
		return DB_ERROR;
	if (db_bind_text(st, 1, org_id) != DB_OK) {
		db_done(st);
		return DB_ERROR;
	}
	rc = db_step(st);
	if (rc == DB_ROW)
		*n = db_col_int(st, 0);
	db_done(st);
	return rc == DB_ROW ? DB_OK : rc;
}
