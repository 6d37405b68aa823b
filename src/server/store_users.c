/*
 * store_users.c - users.
 */
#include "store.h"
#include "fields.h"
#include "common/timeutil.h"
#include "common/xmalloc.h"

#include <stdlib.h>
#include <ctype.h>
#include <pthread.h>
#include <string.h>

/* Emails are unique case-insensitively and stored as given (API.md); the
 * key column holds the ASCII-lower-cased form. */
char *store_email_key(const char *email)
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
	char *key = store_email_key(email);
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
	char *key = store_email_key(u->email);
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

static const char *const roles[] = { "sales_representative", "sales_manager", "admin",
				     "super_admin", NULL };
static const char *const statuses[] = { "active", "inactive", "suspended", NULL };

#define CU (FF_CREATE | FF_UPDATE)

/* Who may write which field is decided by api_users.c; the flags here only
 * say what a request may carry at all. */
const struct field user_fields[] = {
	{ "id", NULL, "id", FT_UUID, 0, 0, NULL, 0, 0 },
	{ "email", NULL, "email", FT_EMAIL, CU | FF_REQUIRED, 254, NULL, 0, 0 },
	{ "emailKey", NULL, "email_key", FT_TEXT, FF_HIDDEN, 254, NULL, 0, 0 },
	{ "firstName", "first_name", "first_name", FT_TEXT, CU | FF_REQUIRED, 100, NULL, 0, 0 },
	{ "lastName", "last_name", "last_name", FT_TEXT, CU | FF_REQUIRED, 100, NULL, 0, 0 },
	{ "phone", NULL, "phone", FT_PHONE, CU | FF_NULLABLE, 32, NULL, 0, 0 },
	{ "role", NULL, "role", FT_ENUM, CU, 0, roles, 0, 0 },
	{ "status", NULL, "status", FT_ENUM, FF_UPDATE, 0, statuses, 0, 0 },
	{ "organizationId", "organization_id", "organization_id", FT_UUID, CU, 0, NULL, 0, 0 },
	{ "managerId", "manager_id", "manager_id", FT_UUID, CU | FF_NULLABLE, 0, NULL, 0, 0 },
	{ "lastLoginAt", NULL, "last_login_at", FT_TIME, 0, 0, NULL, 0, 0 },
	{ "preferences", NULL, "preferences", FT_JSON, CU, 16384, NULL, 0, 0 },
	{ "profileImageUrl", "profile_image_url", "profile_image_url", FT_URL, CU | FF_NULLABLE, 500, NULL, 0, 0 },
	{ "isOnline", NULL, "is_online", FT_BOOL, 0, 0, NULL, 0, 0 },
	{ "passwordHash", NULL, "password_hash", FT_TEXT, FF_HIDDEN, 0, NULL, 0, 0 },
	{ "createdAt", NULL, "created_at", FT_TIME, 0, 0, NULL, 0, 0 },
	{ "updatedAt", NULL, "updated_at", FT_TIME, 0, 0, NULL, 0, 0 },
};

const size_t user_nfields = sizeof user_fields / sizeof user_fields[0];

/* SELECT list of users in API shape (table alias u), built once. */
static char *user_select;
static pthread_once_t user_select_once = PTHREAD_ONCE_INIT;

static void build_user_select(void)
{
	struct buf b = BUF_INIT;

	fields_select(user_fields, user_nfields, "u.", FF_HIDDEN, &b);
	user_select = buf_detach(&b, NULL);
}

static const char *user_cols(void)
{
	pthread_once(&user_select_once, build_user_select);
	return user_select;
}

static cJSON *user_row_json(struct db_stmt *st, int *next_col)
{
	cJSON *u = cJSON_CreateObject();
	int col = fields_row_json(st, 0, user_fields, user_nfields, FF_HIDDEN, u);

	if (next_col)
		*next_col = col;
	return u;
}

int store_user_json(struct db *db, const char *id, int with_org, cJSON **out)
{
	static const char org_cols[] = ", o.id, o.name, o.type, o.status, o.subscription_plan";
	struct buf sql = BUF_INIT;
	struct db_stmt *st;
	int rc, col;

	buf_addf(&sql, "SELECT %s%s FROM users u LEFT JOIN organizations o ON o.id = u.organization_id"
		       " WHERE u.id = ?", user_cols(), org_cols);
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
		cJSON *u = user_row_json(st, &col);
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

int store_users_list(struct db *db, const struct scope *s, const struct user_filter *f,
		     cJSON **items, int64_t *total)
{
	struct buf where = BUF_INIT, sql = BUF_INIT;
	struct db_stmt *st;
	cJSON *arr;
	int rc, i;

	buf_addstr(&where, " WHERE ");
	scope_sql(s, "u.organization_id", "u.id", &where);
	if (f->role)
		buf_addstr(&where, " AND u.role = ?");
	if (f->status)
		buf_addstr(&where, " AND u.status = ?");
	if (f->org_id)
		buf_addstr(&where, " AND u.organization_id = ?");
	if (f->email_key)
		buf_addstr(&where, " AND u.email_key = ?");
	for (int pass = 0; pass < 2; pass++) {
		buf_reset(&sql);
		if (pass == 0)
			buf_addf(&sql, "SELECT COUNT(*) FROM users u%s", where.s);
		else
			buf_addf(&sql, "SELECT %s%s FROM users u%s%s ORDER BY u.created_at DESC, u.id DESC"
				       " LIMIT ? OFFSET ?", user_cols(),
				 f->with_org ? ", o.id, o.name, o.type" : "",
				 f->with_org ? " LEFT JOIN organizations o ON o.id = u.organization_id" : "",
				 where.s);
		st = db_prepare(db, sql.s);
		if (!st) {
			rc = DB_ERROR;
			goto out;
		}
		i = scope_bind(s, st, 1);
		if (i < 0 || (f->role && db_bind_text(st, i++, f->role)) ||
		    (f->status && db_bind_text(st, i++, f->status)) ||
		    (f->org_id && db_bind_text(st, i++, f->org_id)) ||
		    (f->email_key && db_bind_text(st, i++, f->email_key)) ||
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
		while ((rc = db_step(st)) == DB_ROW) {
			int col;
			cJSON *u = user_row_json(st, &col);
			if (f->with_org) {
				if (db_col_is_null(st, col)) {
					cJSON_AddNullToObject(u, "organization");
				} else {
					cJSON *o = cJSON_AddObjectToObject(u, "organization");
					cJSON_AddStringToObject(o, "id", db_col_text(st, col));
					cJSON_AddStringToObject(o, "name", db_col_text(st, col + 1));
					cJSON_AddStringToObject(o, "type", db_col_text(st, col + 2));
				}
			}
			cJSON_AddItemToArray(arr, u);
		}
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

int store_user_create(struct db *db, const struct fvals *v, int64_t now, char id_out[UUID_STR_LEN])
{
	return store_insert_row(db, "users", v, now, id_out);
}

int store_user_update(struct db *db, const char *id, const struct fvals *v, int64_t now)
{
	return store_update_row(db, "users", id, v, now);
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

int store_user_visible(struct db *db, const struct scope *s, const char *id)
{
	struct buf sql = BUF_INIT;
	struct db_stmt *st;
	int rc;

	buf_addstr(&sql, "SELECT 1 FROM users u WHERE u.id = ? AND ");
	scope_sql(s, "u.organization_id", "u.id", &sql);
	st = db_prepare(db, sql.s);
	buf_free(&sql);
	if (!st)
		return DB_ERROR;
	if (db_bind_text(st, 1, id) || scope_bind(s, st, 2) < 0) {
		db_done(st);
		return DB_ERROR;
	}
	rc = db_step(st);
	db_done(st);
	return rc;
}

int store_user_reports_to(struct db *db, const char *user_id, const char *ancestor_id)
{
	/* Walk up the manager chain; bounded so a corrupt cycle cannot spin. */
	struct db_stmt *st = db_prepare(db,
		"WITH RECURSIVE up(id, depth) AS (SELECT ?, 0 UNION ALL "
		"SELECT u.manager_id, p.depth + 1 FROM users u JOIN up p ON u.id = p.id "
		"WHERE u.manager_id IS NOT NULL AND p.depth < 64) "
		"SELECT 1 FROM up WHERE id = ? LIMIT 1");
	int rc;

	if (!st)
		return DB_ERROR;
	if (db_bind_text(st, 1, user_id) || db_bind_text(st, 2, ancestor_id)) {
		db_done(st);
		return DB_ERROR;
	}
	rc = db_step(st);
	db_done(st);
	if (rc == DB_ROW)
		return 1;
	return rc == DB_DONE ? 0 : rc;
}

int store_user_set_reset(struct db *db, const char *id, const char *hash, int64_t expires)
{
	struct db_stmt *st = db_prepare(db,
		"UPDATE users SET reset_token_hash = ?, reset_token_expires = ? WHERE id = ?");

	if (!st)
		return DB_ERROR;
	if (db_bind_text_or_null(st, 1, hash) || (hash ? db_bind_int(st, 2, expires) : db_bind_null(st, 2)) ||
	    db_bind_text(st, 3, id)) {
		db_done(st);
		return DB_ERROR;
	}
	return db_run(st);
}

int store_user_by_reset(struct db *db, const char *hash, int64_t now, struct user_row *out)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT " USER_ROW_COLS " FROM users u LEFT JOIN organizations o"
		" ON o.id = u.organization_id WHERE u.reset_token_hash = ? AND u.reset_token_expires > ?");

	if (!st)
		return DB_ERROR;
	if (db_bind_text(st, 1, hash) || db_bind_int(st, 2, now)) {
		db_done(st);
		return DB_ERROR;
	}
	return read_user_row(st, out);
}

int store_users_count_scope(struct db *db, const struct scope *s, int64_t *total, int64_t *active)
{
	struct buf sql = BUF_INIT;
	struct db_stmt *st;
	int rc;

	buf_addstr(&sql, "SELECT COUNT(*), COALESCE(SUM(CASE WHEN u.status = 'active' THEN 1 ELSE 0 END), 0)"
			 " FROM users u WHERE ");
	scope_sql(s, "u.organization_id", "u.id", &sql);
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
		*total = db_col_int(st, 0);
		*active = db_col_int(st, 1);
	}
	db_done(st);
	return rc == DB_ROW ? DB_OK : rc;
}
