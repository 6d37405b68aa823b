/*
 * store_notifications.c - notifications.
 */
#include "store.h"
#include "fields.h"

#include <pthread.h>
#include <string.h>

static const char *const types[] = { "call_started", "call_completed", "performance_alert",
				     "live_intervention", "system_alert", "reminder",
				     "achievement", "coaching_tip", "email", "info", NULL };
static const char *const priorities[] = { "low", "medium", "high", "urgent", NULL };

const char *const *notification_types = types;
const char *const *notification_priorities = priorities;

const struct field notification_fields[] = {
	{ "id", NULL, "id", FT_UUID, 0, 0, NULL, 0, 0 },
	{ "organizationId", NULL, "organization_id", FT_UUID, 0, 0, NULL, 0, 0 },
	{ "userId", "user_id", "user_id", FT_UUID, FF_CREATE | FF_REQUIRED, 0, NULL, 0, 0 },
	{ "type", NULL, "type", FT_ENUM, FF_CREATE | FF_REQUIRED, 0, types, 0, 0 },
	{ "title", NULL, "title", FT_TEXT, FF_CREATE | FF_REQUIRED, 255, NULL, 0, 0 },
	{ "message", NULL, "message", FT_LONGTEXT, FF_CREATE | FF_REQUIRED, 5000, NULL, 0, 0 },
	{ "priority", NULL, "priority", FT_ENUM, FF_CREATE, 0, priorities, 0, 0 },
	{ "isRead", NULL, "is_read", FT_BOOL, FF_HIDDEN, 0, NULL, 0, 0 },
	{ "readAt", NULL, "read_at", FT_TIME, 0, 0, NULL, 0, 0 },
	{ "expiresAt", "expires_at", "expires_at", FT_TIME, FF_CREATE | FF_NULLABLE, 0, NULL, 0, 0 },
	{ "actionUrl", "action_url", "action_url", FT_TEXT, FF_CREATE | FF_NULLABLE, 2000, NULL, 0, 0 },
	{ "actionData", "action_data", "data", FT_JSON, FF_CREATE, 16384, NULL, 0, 0 },
	{ "relatedEntityType", "related_entity_type", "related_entity_type", FT_TEXT,
	  FF_CREATE | FF_NULLABLE, 50, NULL, 0, 0 },
	{ "relatedEntityId", "related_entity_id", "related_entity_id", FT_TEXT,
	  FF_CREATE | FF_NULLABLE, 64, NULL, 0, 0 },
	{ "isSent", NULL, "is_sent", FT_BOOL, 0, 0, NULL, 0, 0 },
	{ "sentAt", NULL, "sent_at", FT_TIME, 0, 0, NULL, 0, 0 },
	{ "createdAt", NULL, "created_at", FT_TIME, 0, 0, NULL, 0, 0 },
	{ "updatedAt", NULL, "updated_at", FT_TIME, 0, 0, NULL, 0, 0 },
};

const size_t notification_nfields = sizeof notification_fields / sizeof notification_fields[0];

static char *head;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void build(void)
{
	struct buf b = BUF_INIT;

	buf_addstr(&b, "SELECT ");
	fields_select(notification_fields, notification_nfields, "n.", FF_HIDDEN, &b);
	buf_addstr(&b, ", n.is_read, u.id, u.first_name, u.last_name, u.email FROM notifications n"
		       " LEFT JOIN users u ON u.id = n.user_id");
	head = buf_detach(&b, NULL);
}

static cJSON *row(struct db_stmt *st, int with_user)
{
	cJSON *o = cJSON_CreateObject();
	int col = fields_row_json(st, 0, notification_fields, notification_nfields, FF_HIDDEN, o);

	/* The original's derived status. */
	cJSON_AddStringToObject(o, "status", db_col_int(st, col) ? "read" : "unread");
	if (with_user) {
		if (db_col_is_null(st, col + 1)) {
			cJSON_AddNullToObject(o, "user");
		} else {
			cJSON *u = cJSON_AddObjectToObject(o, "user");
			cJSON_AddStringToObject(u, "id", db_col_text(st, col + 1));
			cJSON_AddStringToObject(u, "firstName", db_col_text(st, col + 2));
			cJSON_AddStringToObject(u, "lastName", db_col_text(st, col + 3));
			cJSON_AddStringToObject(u, "email", db_col_text(st, col + 4));
		}
	}
	return o;
}

/* WHERE for a filter: one user's, or within a scope over the recipients. */
static void where_sql(const struct notification_filter *f, struct buf *w)
{
	buf_addstr(w, " WHERE ");
	if (f->user_id)
		buf_addstr(w, "n.user_id = ?");
	else
		scope_sql(f->scope, "n.organization_id", "n.user_id", w);
	if (f->has_read)
		buf_addstr(w, " AND n.is_read = ?");
	if (f->type)
		buf_addstr(w, " AND n.type = ?");
	if (f->recipient)
		buf_addstr(w, " AND n.user_id = ?");
	/* Expired notifications are gone for their users. */
	buf_addstr(w, " AND (n.expires_at IS NULL OR n.expires_at > ?)");
}

static int where_bind(const struct notification_filter *f, struct db_stmt *st, int64_t now)
{
	int i = 1;

	if (f->user_id) {
		if (db_bind_text(st, i++, f->user_id))
			return -1;
	} else if ((i = scope_bind(f->scope, st, 1)) < 0) {
		return -1;
	}
	if ((f->has_read && db_bind_int(st, i++, f->read)) || (f->type && db_bind_text(st, i++, f->type)) ||
	    (f->recipient && db_bind_text(st, i++, f->recipient)) || db_bind_int(st, i++, now))
		return -1;
	return i;
}

int store_notifications_list(struct db *db, const struct notification_filter *f, int64_t now,
			     cJSON **items, int64_t *total)
{
	struct buf where = BUF_INIT, sql = BUF_INIT;
	struct db_stmt *st;
	int rc = DB_ERROR, i, pass;
	cJSON *arr;

	pthread_once(&once, build);
	where_sql(f, &where);
	for (pass = 0; pass < 2; pass++) {
		buf_reset(&sql);
		if (pass == 0)
			buf_addf(&sql, "SELECT COUNT(*) FROM notifications n%s", where.s);
		else
			buf_addf(&sql, "%s%s ORDER BY n.created_at DESC, n.id DESC LIMIT ? OFFSET ?", head,
				 where.s);
		st = db_prepare(db, sql.s);
		if (!st)
			goto out;
		i = where_bind(f, st, now);
		if (i < 0 || (pass == 1 && (db_bind_int(st, i, f->limit) ||
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
			if (!items)
				break;
			continue;
		}
		arr = cJSON_CreateArray();
		while ((rc = db_step(st)) == DB_ROW)
			cJSON_AddItemToArray(arr, row(st, !f->user_id));
		db_done(st);
		if (rc != DB_DONE) {
			cJSON_Delete(arr);
			goto out;
		}
		*items = arr;
	}
	rc = DB_OK;
out:
	buf_free(&where);
	buf_free(&sql);
	return rc;
}

int store_notification_json(struct db *db, const char *id, const char *user_id, cJSON **out)
{
	struct buf sql = BUF_INIT;
	struct db_stmt *st;
	int rc;

	pthread_once(&once, build);
	buf_addf(&sql, "%s WHERE n.id = ?%s", head, user_id ? " AND n.user_id = ?" : "");
	st = db_prepare(db, sql.s);
	buf_free(&sql);
	if (!st)
		return DB_ERROR;
	if (db_bind_text(st, 1, id) || (user_id && db_bind_text(st, 2, user_id))) {
		db_done(st);
		return DB_ERROR;
	}
	rc = db_step(st);
	if (rc == DB_ROW)
		*out = row(st, 0);
	db_done(st);
	return rc;
}

int store_notification_create(struct db *db, const struct fvals *v, int64_t now,
			      char id_out[UUID_STR_LEN])
{
	const struct fval *user = fvals_get(v, "userId"), *org = fvals_get(v, "organizationId");
	cJSON *o = NULL;
	int rc = db_begin(db);

	if (rc != DB_OK)
		return rc;
	rc = store_insert_row(db, "notifications", v, now, id_out);
	if (rc == DB_OK && org && org->text && user && user->text &&
	    (rc = store_notification_json(db, id_out, user->text, &o)) == DB_ROW) {
		rc = store_event_emit(db, org->text, "notification.created", o, now);
		cJSON_Delete(o);
	}
	if (rc != DB_OK) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db);
}

int store_notifications_mark_read(struct db *db, const char *user_id, const char *id, int64_t now,
				  int64_t *changed)
{
	struct db_stmt *st = db_prepare(db, id ?
		"UPDATE notifications SET is_read = 1, read_at = ?, updated_at = ?"
		" WHERE user_id = ? AND id = ? AND is_read = 0" :
		"UPDATE notifications SET is_read = 1, read_at = ?, updated_at = ?"
		" WHERE user_id = ? AND is_read = 0");
	int rc;

	if (!st)
		return DB_ERROR;
	if (db_bind_int(st, 1, now) || db_bind_int(st, 2, now) || db_bind_text(st, 3, user_id) ||
	    (id && db_bind_text(st, 4, id))) {
		db_done(st);
		return DB_ERROR;
	}
	rc = db_run(st);
	if (rc == DB_OK && changed)
		*changed = db_changes(db);
	return rc;
}

int store_notification_delete(struct db *db, const char *user_id, const char *id)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM notifications WHERE id = ? AND user_id = ?");
	int rc;

	if (!st)
		return DB_ERROR;
	if (db_bind_text(st, 1, id) || db_bind_text(st, 2, user_id)) {
		db_done(st);
		return DB_ERROR;
	}
	rc = db_run(st);
	if (rc != DB_OK)
		return rc;
	return db_changes(db) ? DB_OK : DB_DONE;
}

int store_notification_mark_sent(struct db *db, const char *id, int64_t now)
{
	struct db_stmt *st = db_prepare(db,
		"UPDATE notifications SET is_sent = 1, sent_at = ?, updated_at = ? WHERE id = ?");

	if (!st)
		return DB_ERROR;
	if (db_bind_int(st, 1, now) || db_bind_int(st, 2, now) || db_bind_text(st, 3, id)) {
		db_done(st);
		return DB_ERROR;
	}
	return db_run(st);
}
