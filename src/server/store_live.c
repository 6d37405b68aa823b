/*
 * store_live.c - live sessions, their streamed segments and audit events.
 */
#include "store.h"
#include "common/json.h"
#include "common/xmalloc.h"

#include <stdlib.h>
#include <string.h>

#define ROW_COLS "id, organization_id, COALESCE(sales_call_id, ''), user_id, status, started_at," \
		 " COALESCE(ended_at, 0)"

static void row(struct db_stmt *st, struct live_row *r)
{
	db_col_copy(st, 0, r->id, sizeof r->id);
	db_col_copy(st, 1, r->org_id, sizeof r->org_id);
	db_col_copy(st, 2, r->call_id, sizeof r->call_id);
	db_col_copy(st, 3, r->rep_id, sizeof r->rep_id);
	db_col_copy(st, 4, r->status, sizeof r->status);
	r->started_at = db_col_int(st, 5);
	r->ended_at = db_col_int(st, 6);
}

cJSON *store_live_json(const struct live_row *r)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "id", r->id);
	cJSON_AddStringToObject(o, "organizationId", r->org_id);
	json_add_str_or_null(o, "salesCallId", r->call_id[0] ? r->call_id : NULL);
	cJSON_AddStringToObject(o, "salesRepresentativeId", r->rep_id);
	cJSON_AddStringToObject(o, "status", r->status);
	json_add_time(o, "startedAt", r->started_at, 1);
	json_add_time(o, "endedAt", r->ended_at, r->ended_at > 0);
	if (r->ended_at > 0)
		cJSON_AddNumberToObject(o, "duration", (double)((r->ended_at - r->started_at) / 1000));
	return o;
}

/* End the transaction of a session change rc, recording event for the
 * session id first. */
static int live_event(struct db *db, int rc, const char *id, const char *event, int64_t now)
{
	struct live_row r;

	if (rc == DB_OK && (rc = store_live_get(db, id, &r)) == DB_ROW) {
		cJSON *o = store_live_json(&r);
		rc = store_event_emit(db, r.org_id, event, o, now);
		cJSON_Delete(o);
	}
	if (rc != DB_OK) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db);
}

int store_live_create(struct db *db, const char *org_id, const char *call_id, const char *rep_id,
		      int64_t now, char id_out[UUID_STR_LEN])
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO live_sessions (id, organization_id, sales_call_id, user_id, session_token,"
		" status, started_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'active', ?, ?, ?)");
	char *tok = random_token(24);
	int rc;

	if (!st || db_begin(db) != DB_OK) {
		if (st)
			db_done(st);
		free(tok);
		return DB_ERROR;
	}
	uuid_v4(id_out);
	if (db_bind_text(st, 1, id_out) || db_bind_text(st, 2, org_id) ||
	    db_bind_text(st, 3, call_id) || db_bind_text(st, 4, rep_id) ||
	    db_bind_text(st, 5, tok) || db_bind_int(st, 6, now) || db_bind_int(st, 7, now) ||
	    db_bind_int(st, 8, now)) {
		db_done(st);
		db_rollback(db);
		free(tok);
		return DB_ERROR;
	}
	rc = db_run(st);
	free(tok);
	return live_event(db, rc, id_out, "live_session.started", now);
}

static int one(struct db *db, const char *sql, const char *arg, struct live_row *out)
{
	struct db_stmt *st = db_prepare(db, sql);
	int rc;

	if (!st)
		return DB_ERROR;
	if (db_bind_text(st, 1, arg)) {
		db_done(st);
		return DB_ERROR;
	}
	rc = db_step(st);
	if (rc == DB_ROW)
		row(st, out);
	db_done(st);
	return rc;
}

int store_live_active_for_call(struct db *db, const char *call_id, struct live_row *out)
{
	return one(db, "SELECT " ROW_COLS " FROM live_sessions WHERE sales_call_id = ?"
		       " AND status = 'active' ORDER BY started_at DESC LIMIT 1", call_id, out);
}

int store_live_get(struct db *db, const char *id, struct live_row *out)
{
	return one(db, "SELECT " ROW_COLS " FROM live_sessions WHERE id = ?", id, out);
}

int store_live_list(struct db *db, const struct scope *s, cJSON **items)
{
	struct buf sql = BUF_INIT;
	struct db_stmt *st;
	int rc;

	buf_addstr(&sql, "SELECT " ROW_COLS " FROM live_sessions l WHERE l.status = 'active' AND ");
	scope_sql(s, "l.organization_id", "l.user_id", &sql);
	buf_addstr(&sql, " ORDER BY l.started_at DESC, l.id LIMIT 500");
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
		struct live_row r;
		row(st, &r);
		cJSON_AddItemToArray(*items, store_live_json(&r));
	}
	db_done(st);
	if (rc != DB_DONE) {
		cJSON_Delete(*items);
		*items = NULL;
		return rc;
	}
	return DB_OK;
}

int store_live_segments(struct db *db, const char *id, cJSON **out)
{
	struct db_stmt *st = db_prepare(db, "SELECT id, speaker, role, start_ms, end_ms, text"
					    " FROM live_segments WHERE session_id = ?"
					    " ORDER BY start_ms, created_at, id");
	int rc;

	if (!st)
		return DB_ERROR;
	if (db_bind_text(st, 1, id)) {
		db_done(st);
		return DB_ERROR;
	}
	*out = cJSON_CreateArray();
	while ((rc = db_step(st)) == DB_ROW) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "segmentId", db_col_text(st, 0));
		cJSON_AddStringToObject(o, "speaker", db_col_text(st, 1));
		cJSON_AddStringToObject(o, "role", db_col_text(st, 2));
		cJSON_AddNumberToObject(o, "startMs", (double)db_col_int(st, 3));
		cJSON_AddNumberToObject(o, "endMs", (double)db_col_int(st, 4));
		cJSON_AddStringToObject(o, "text", db_col_text(st, 5));
		cJSON_AddItemToArray(*out, o);
	}
	db_done(st);
	return rc == DB_DONE ? DB_OK : rc;
}

int store_live_events(struct db *db, const char *id, cJSON **out)
{
	struct db_stmt *st = db_prepare(db, "SELECT id, COALESCE(user_id, ''), kind, data, at"
					    " FROM live_events WHERE session_id = ? ORDER BY at, id");
	int rc;

	if (!st)
		return DB_ERROR;
	if (db_bind_text(st, 1, id)) {
		db_done(st);
		return DB_ERROR;
	}
	*out = cJSON_CreateArray();
	while ((rc = db_step(st)) == DB_ROW) {
		cJSON *o = cJSON_CreateObject(), *d = cJSON_Parse(db_col_text(st, 3));
		cJSON_AddStringToObject(o, "id", db_col_text(st, 0));
		json_add_str_or_null(o, "userId", *db_col_text(st, 1) ? db_col_text(st, 1) : NULL);
		cJSON_AddStringToObject(o, "kind", db_col_text(st, 2));
		cJSON_AddItemToObject(o, "data", d ? d : cJSON_CreateObject());
		json_add_time(o, "at", db_col_int(st, 4), 1);
		cJSON_AddItemToArray(*out, o);
	}
	db_done(st);
	return rc == DB_DONE ? DB_OK : rc;
}

int store_live_end(struct db *db, const char *id, int64_t now)
{
	struct db_stmt *st = db_prepare(db, "UPDATE live_sessions SET status = 'ended', ended_at = ?,"
					    " duration = (? - started_at) / 1000, updated_at = ?"
					    " WHERE id = ? AND status = 'active'");
	int rc;

	if (!st || db_begin(db) != DB_OK) {
		if (st)
			db_done(st);
		return DB_ERROR;
	}
	if (db_bind_int(st, 1, now) || db_bind_int(st, 2, now) || db_bind_int(st, 3, now) ||
	    db_bind_text(st, 4, id)) {
		db_done(st);
		db_rollback(db);
		return DB_ERROR;
	}
	rc = db_run(st);
	if (rc == DB_OK && db_changes(db) == 0) {
		db_rollback(db);
		return DB_DONE;
	}
	return live_event(db, rc, id, "live_session.ended", now);
}

int store_live_segment(struct db *db, const char *session_id, const char *seg_id,
		       const char *speaker, const char *role, int64_t start_ms, int64_t end_ms,
		       const char *text, int64_t now)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO live_segments (id, session_id, speaker, role, start_ms, end_ms, text,"
		" created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING");

	if (!st)
		return DB_ERROR;
	if (db_bind_text(st, 1, seg_id) || db_bind_text(st, 2, session_id) ||
	    db_bind_text(st, 3, speaker) || db_bind_text(st, 4, role) ||
	    db_bind_int(st, 5, start_ms) || db_bind_int(st, 6, end_ms) || db_bind_text(st, 7, text) ||
	    db_bind_int(st, 8, now)) {
		db_done(st);
		return DB_ERROR;
	}
	return db_run(st);
}

int store_live_event(struct db *db, const char *session_id, const char *user_id,
		     const char *kind, const char *data_json, int64_t at, char id_out[UUID_STR_LEN])
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO live_events (id, session_id, user_id, kind,"
					    " data, at) VALUES (?, ?, ?, ?, ?, ?)");

	if (!st)
		return DB_ERROR;
	uuid_v4(id_out);
	if (db_bind_text(st, 1, id_out) || db_bind_text(st, 2, session_id) ||
	    db_bind_text_or_null(st, 3, user_id) || db_bind_text(st, 4, kind) ||
	    db_bind_text(st, 5, data_json ? data_json : "{}") || db_bind_int(st, 6, at)) {
		db_done(st);
		return DB_ERROR;
	}
	return db_run(st);
}

int store_live_set_notes(struct db *db, const char *id, const char *notes, int64_t now)
{
	struct db_stmt *st = db_prepare(db, "UPDATE live_sessions SET notes = ?, updated_at = ?"
					    " WHERE id = ?");

	if (!st)
		return DB_ERROR;
	if (db_bind_text(st, 1, notes) || db_bind_int(st, 2, now) || db_bind_text(st, 3, id)) {
		db_done(st);
		return DB_ERROR;
	}
	return db_run(st);
}
