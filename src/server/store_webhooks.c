/*
 * store_webhooks.c - outbound webhook subscriptions, the event outbox and
 * the delivery log (see webhooks.h for the delivery rules).
 */
#include "store.h"
#include "common/buf.h"
#include "common/json.h"
#include "common/timeutil.h"
#include "common/xmalloc.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static const char hook_cols[] =
	"w.id, w.organization_id, w.event, w.target_url, w.source, w.status, w.failures,"
	" w.disabled_reason, w.created_by, w.created_at, w.updated_at";

static cJSON *hook_json(struct db_stmt *st)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "id", db_col_text(st, 0));
	cJSON_AddStringToObject(o, "organizationId", db_col_text(st, 1));
	cJSON_AddStringToObject(o, "event", db_col_text(st, 2));
	cJSON_AddStringToObject(o, "targetUrl", db_col_text(st, 3));
	cJSON_AddStringToObject(o, "source", db_col_text(st, 4));
	cJSON_AddStringToObject(o, "status", db_col_text(st, 5));
	cJSON_AddNumberToObject(o, "consecutiveFailures", (double)db_col_int(st, 6));
	json_add_str_or_null(o, "disabledReason", db_col_text(st, 7));
	json_add_str_or_null(o, "createdBy", db_col_text(st, 8));
	json_add_time(o, "createdAt", db_col_int(st, 9), 1);
	json_add_time(o, "updatedAt", db_col_int(st, 10), 1);
	return o;
}

int store_webhook_create(struct db *db, const char *org_id, const char *event, const char *url,
			 const char *secret, const char *source, const char *created_by,
			 int64_t now, char id_out[UUID_STR_LEN])
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO webhooks (id, organization_id, event, target_url, secret, source,"
		" created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");

	if (!st)
		return DB_ERROR;
	uuid_v4(id_out);
	if (db_bind_text(st, 1, id_out) || db_bind_text(st, 2, org_id) || db_bind_text(st, 3, event) ||
	    db_bind_text(st, 4, url) || db_bind_text(st, 5, secret) || db_bind_text(st, 6, source) ||
	    db_bind_text_or_null(st, 7, created_by) || db_bind_int(st, 8, now) ||
	    db_bind_int(st, 9, now)) {
		db_done(st);
		return DB_ERROR;
	}
	return db_run(st);
}

/* Run a query over webhooks w limited to scope s (plus one bound id when
 * id is non-NULL), collecting rows; out is an array. */
static int hooks_query(struct db *db, const struct scope *s, const char *id, cJSON **out)
{
	struct buf sql = BUF_INIT;
	struct db_stmt *st;
	int rc, i;

	buf_addf(&sql, "SELECT %s FROM webhooks w WHERE ", hook_cols);
	scope_sql(s, "w.organization_id", "w.created_by", &sql);
	buf_addstr(&sql, id ? " AND w.id = ?" : " ORDER BY w.created_at DESC, w.id");
	st = db_prepare(db, sql.s);
	buf_free(&sql);
	if (!st)
		return DB_ERROR;
	i = scope_bind(s, st, 1);
	if (i < 0 || (id && db_bind_text(st, i, id))) {
		db_done(st);
		return DB_ERROR;
	}
	*out = cJSON_CreateArray();
	while ((rc = db_step(st)) == DB_ROW)
		cJSON_AddItemToArray(*out, hook_json(st));
	db_done(st);
	if (rc != DB_DONE) {
		cJSON_Delete(*out);
		*out = NULL;
		return rc;
	}
	return DB_OK;
}

int store_webhooks_list(struct db *db, const struct scope *s, cJSON **out)
{
	return hooks_query(db, s, NULL, out);
}

int store_webhook_json(struct db *db, const struct scope *s, const char *id, cJSON **out)
{
	cJSON *arr = NULL;
	int rc = hooks_query(db, s, id, &arr);

	*out = NULL;
	if (rc != DB_OK)
		return rc;
	if (!cJSON_GetArraySize(arr)) {
		cJSON_Delete(arr);
		return DB_DONE;
	}
	*out = cJSON_DetachItemFromArray(arr, 0);
	cJSON_Delete(arr);
	return DB_ROW;
}

int store_webhook_delete(struct db *db, const char *id)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM webhooks WHERE id = ?");

	if (!st || db_bind_text(st, 1, id)) {
		if (st)
			db_done(st);
		return DB_ERROR;
	}
	return db_run(st);
}

int store_webhook_deliveries(struct db *db, const char *id, int limit, cJSON **out)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT d.id, d.event_id, e.event, d.status, d.attempts, d.last_status, d.last_error,"
		" d.created_at, d.delivered_at, d.next_at FROM webhook_deliveries d"
		" JOIN webhook_events e ON e.id = d.event_id WHERE d.webhook_id = ?"
		" ORDER BY d.seq DESC LIMIT ?");
	int rc;

	if (!st || db_bind_text(st, 1, id) || db_bind_int(st, 2, limit)) {
		if (st)
			db_done(st);
		return DB_ERROR;
	}
	*out = cJSON_CreateArray();
	while ((rc = db_step(st)) == DB_ROW) {
		cJSON *o = cJSON_CreateObject();
		int pending = !strcmp(db_col_text(st, 3), "pending");
		cJSON_AddStringToObject(o, "id", db_col_text(st, 0));
		cJSON_AddStringToObject(o, "eventId", db_col_text(st, 1));
		cJSON_AddStringToObject(o, "event", db_col_text(st, 2));
		cJSON_AddStringToObject(o, "status", db_col_text(st, 3));
		cJSON_AddNumberToObject(o, "attempts", (double)db_col_int(st, 4));
		if (db_col_is_null(st, 5))
			cJSON_AddNullToObject(o, "lastResponseStatus");
		else
			cJSON_AddNumberToObject(o, "lastResponseStatus", (double)db_col_int(st, 5));
		json_add_str_or_null(o, "lastError", db_col_text(st, 6));
		json_add_time(o, "createdAt", db_col_int(st, 7), 1);
		json_add_time(o, "deliveredAt", db_col_int(st, 8), !db_col_is_null(st, 8));
		json_add_time(o, "nextAttemptAt", db_col_int(st, 9), pending);
		cJSON_AddItemToArray(*out, o);
	}
	db_done(st);
	if (rc != DB_DONE) {
		cJSON_Delete(*out);
		*out = NULL;
		return rc;
	}
	return DB_OK;
}

static atomic_int emitted;

int store_event_emit(struct db *db, const char *org_id, const char *event, const cJSON *data,
		     int64_t now)
{
	struct db_stmt *st;
	cJSON *body;
	char id[UUID_STR_LEN], ts[40], *text;
	int64_t seq;
	int rc;

	if (!org_id || !*org_id)
		return DB_OK;
	/* Nothing to do (the common case) unless someone subscribed. */
	st = db_prepare(db, "SELECT 1 FROM webhooks WHERE organization_id = ? AND event = ?"
			    " AND status = 'active' LIMIT 1");
	if (!st || db_bind_text(st, 1, org_id) || db_bind_text(st, 2, event)) {
		if (st)
			db_done(st);
		return DB_ERROR;
	}
	rc = db_step(st);
	db_done(st);
	if (rc == DB_DONE)
		return DB_OK;
	if (rc != DB_ROW)
		return rc;
	/* The event as receivers get it: a stable id to deduplicate by. */
	uuid_v4(id);
	body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "id", id);
	cJSON_AddStringToObject(body, "event", event);
	time_format_iso(now, ts, sizeof ts);
	cJSON_AddStringToObject(body, "createdAt", ts);
	cJSON_AddStringToObject(body, "organizationId", org_id);
	cJSON_AddItemToObject(body, "data", data ? cJSON_Duplicate(data, 1) : cJSON_CreateObject());
	text = json_print(body);
	cJSON_Delete(body);
	st = db_prepare(db, "INSERT INTO webhook_events (id, organization_id, event, payload, created_at)"
			    " VALUES (?, ?, ?, ?, ?)");
	if (!st || db_bind_text(st, 1, id) || db_bind_text(st, 2, org_id) ||
	    db_bind_text(st, 3, event) || db_bind_text(st, 4, text) || db_bind_int(st, 5, now)) {
		if (st)
			db_done(st);
		free(text);
		return DB_ERROR;
	}
	free(text);
	if ((rc = db_run(st)) != DB_OK)
		return rc;
	/* The delivery order: event time, then emission order in this process. */
	seq = now * 1000 + atomic_fetch_add(&emitted, 1) % 1000;
	st = db_prepare(db, "INSERT INTO webhook_deliveries (id, webhook_id, event_id, seq, next_at,"
			    " created_at) SELECT lower(hex(randomblob(16))), w.id, ?, ?, ?, ? FROM webhooks w"
			    " WHERE w.organization_id = ? AND w.event = ? AND w.status = 'active'");
	if (!st || db_bind_text(st, 1, id) || db_bind_int(st, 2, seq) || db_bind_int(st, 3, now) ||
	    db_bind_int(st, 4, now) || db_bind_text(st, 5, org_id) || db_bind_text(st, 6, event)) {
		if (st)
			db_done(st);
		return DB_ERROR;
	}
	return db_run(st);
}

int store_deliveries_due(struct db *db, int64_t now, int max, struct due_delivery **out, int *n)
{
	/* The oldest pending delivery of each active subscription, when due:
	 * a subscription receives its events in order, one at a time. */
	struct db_stmt *st = db_prepare(db,
		"SELECT d.id, d.webhook_id, d.event_id, e.event, w.target_url, w.secret, e.payload,"
		" d.attempts, d.created_at FROM webhook_deliveries d"
		" JOIN webhooks w ON w.id = d.webhook_id AND w.status = 'active'"
		" JOIN webhook_events e ON e.id = d.event_id"
		" WHERE d.status = 'pending' AND d.next_at <= ? AND NOT EXISTS ("
		" SELECT 1 FROM webhook_deliveries p WHERE p.webhook_id = d.webhook_id"
		" AND p.status = 'pending' AND p.seq < d.seq)"
		" ORDER BY d.next_at, d.seq LIMIT ?");
	int rc;

	*out = NULL;
	*n = 0;
	if (!st || db_bind_int(st, 1, now) || db_bind_int(st, 2, max)) {
		if (st)
			db_done(st);
		return DB_ERROR;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		struct due_delivery *d;
		*out = xrealloc(*out, (size_t)(*n + 1) * sizeof **out);
		d = &(*out)[(*n)++];
		memset(d, 0, sizeof *d);
		db_col_copy(st, 0, d->id, sizeof d->id);
		db_col_copy(st, 1, d->webhook_id, sizeof d->webhook_id);
		db_col_copy(st, 2, d->event_id, sizeof d->event_id);
		db_col_copy(st, 3, d->event, sizeof d->event);
		d->url = xstrdup(db_col_text(st, 4));
		d->secret = xstrdup(db_col_text(st, 5));
		d->body = xstrdup(db_col_text(st, 6));
		d->attempts = (int)db_col_int(st, 7);
		d->created_at = db_col_int(st, 8);
	}
	db_done(st);
	return rc == DB_DONE ? DB_OK : rc;
}

void due_deliveries_free(struct due_delivery *v, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		free(v[i].url);
		free(v[i].secret);
		free(v[i].body);
	}
	free(v);
}

int store_delivery_result(struct db *db, const struct due_delivery *d, const char *status,
			  long http_status, const char *error, int64_t next_at, int64_t now,
			  int64_t *failures)
{
	struct db_stmt *st;
	int ok = !strcmp(status, "delivered"), rc = db_begin(db);

	if (rc != DB_OK)
		return rc;
	st = db_prepare(db, "UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1,"
			    " last_status = ?, last_error = ?, next_at = ?, delivered_at = ? WHERE id = ?");
	if (!st || db_bind_text(st, 1, status) ||
	    (http_status ? db_bind_int(st, 2, http_status) : db_bind_null(st, 2)) ||
	    db_bind_text_or_null(st, 3, error) || db_bind_int(st, 4, next_at) ||
	    (ok ? db_bind_int(st, 5, now) : db_bind_null(st, 5)) || db_bind_text(st, 6, d->id)) {
		if (st)
			db_done(st);
		db_rollback(db);
		return DB_ERROR;
	}
	if ((rc = db_run(st)) == DB_OK) {
		st = db_prepare(db, ok ? "UPDATE webhooks SET failures = 0 WHERE id = ?"
				       : "UPDATE webhooks SET failures = failures + 1 WHERE id = ?");
		rc = st && !db_bind_text(st, 1, d->webhook_id) ? db_run(st) : DB_ERROR;
	}
	if (rc == DB_OK) {
		st = db_prepare(db, "SELECT failures FROM webhooks WHERE id = ?");
		if (st && !db_bind_text(st, 1, d->webhook_id) && db_step(st) == DB_ROW)
			*failures = db_col_int(st, 0);
		if (st)
			db_done(st);
	}
	if (rc != DB_OK) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db);
}

int store_webhook_set_status(struct db *db, const char *id, const char *status, const char *reason,
			     int64_t now)
{
	struct db_stmt *st = db_prepare(db, "UPDATE webhooks SET status = ?, disabled_reason = ?,"
					    " failures = CASE WHEN ? = 'active' THEN 0 ELSE failures END,"
					    " updated_at = ? WHERE id = ?");

	if (!st || db_bind_text(st, 1, status) || db_bind_text_or_null(st, 2, reason) ||
	    db_bind_text(st, 3, status) || db_bind_int(st, 4, now) || db_bind_text(st, 5, id)) {
		if (st)
			db_done(st);
		return DB_ERROR;
	}
	return db_run(st);
}

int store_webhook_owner(struct db *db, const char *id, char org[UUID_STR_LEN],
			char created_by[UUID_STR_LEN], char event[40])
{
	struct db_stmt *st = db_prepare(db, "SELECT organization_id, created_by, event FROM webhooks"
					    " WHERE id = ?");
	int rc;

	if (!st || db_bind_text(st, 1, id)) {
		if (st)
			db_done(st);
		return DB_ERROR;
	}
	rc = db_step(st);
	if (rc == DB_ROW) {
		db_col_copy(st, 0, org, UUID_STR_LEN);
		db_col_copy(st, 1, created_by, UUID_STR_LEN);
		db_col_copy(st, 2, event, 40);
	}
	db_done(st);
	return rc;
}

int store_org_admins(struct db *db, const char *org, char (**ids)[UUID_STR_LEN], int *n)
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM users WHERE organization_id = ?"
					    " AND role = 'admin' AND status = 'active' ORDER BY id LIMIT 50");
	int rc;

	*ids = NULL;
	*n = 0;
	if (!st || db_bind_text(st, 1, org)) {
		if (st)
			db_done(st);
		return DB_ERROR;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		*ids = xrealloc(*ids, (size_t)(*n + 1) * sizeof **ids);
		db_col_copy(st, 0, (*ids)[(*n)++], UUID_STR_LEN);
	}
	db_done(st);
	return rc == DB_DONE ? DB_OK : rc;
}
