/*
 * store_calls.c - sales calls.
 */
#include "store.h"
#include "fields.h"
#include "store_rollups.h"
#include "common/json.h"
#include "common/timeutil.h"
#include "common/xmalloc.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

static const char *const statuses[] = { "scheduled", "in_progress", "completed",
					"cancelled", "no_show", NULL };
static const char *const outcomes[] = { "sale", "no_sale", "follow_up", "rescheduled", NULL };
static const char *const sentiments[] = { "positive", "neutral", "negative", NULL };

#define CU (FF_CREATE | FF_UPDATE)

const struct field call_fields[] = {
	{ "id", NULL, "id", FT_UUID, 0, 0, NULL, 0, 0 },
	{ "organizationId", "organization_id", "organization_id", FT_UUID, 0, 0, NULL, 0, 0 },
	{ "salesRepresentativeId", "sales_representative_id", "sales_representative_id", FT_UUID,
	  CU, 0, NULL, 0, 0 },
	{ "managerId", "manager_id", "manager_id", FT_UUID, CU | FF_NULLABLE, 0, NULL, 0, 0 },
	{ "customerName", "customer_name", "customer_name", FT_TEXT, CU | FF_REQUIRED, 255, NULL, 0, 0 },
	{ "customerPhone", "customer_phone", "customer_phone", FT_PHONE, CU | FF_NULLABLE, 32, NULL, 0, 0 },
	{ "customerEmail", "customer_email", "customer_email", FT_EMAIL, CU | FF_NULLABLE, 254, NULL, 0, 0 },
	{ "appointmentDate", "appointment_date", "appointment_date", FT_TIME, CU | FF_REQUIRED, 0, NULL, 0, 0 },
	{ "callStartTime", "call_start_time", "call_start_time", FT_TIME, 0, 0, NULL, 0, 0 },
	{ "callEndTime", "call_end_time", "call_end_time", FT_TIME, 0, 0, NULL, 0, 0 },
	{ "duration", NULL, "duration", FT_INT, 0, 0, NULL, 0, 0 },
	{ "status", NULL, "status", FT_ENUM, FF_UPDATE, 0, statuses, 0, 0 },
	{ "outcome", NULL, "outcome", FT_ENUM, FF_UPDATE | FF_NULLABLE, 0, outcomes, 0, 0 },
	{ "saleAmount", "sale_amount", "sale_amount_cents", FT_MONEY, FF_UPDATE | FF_NULLABLE, 0, NULL, 0, 0 },
	{ "otterAIRecordingId", "otter_ai_recording_id", "otterai_recording_id", FT_TEXT, 0, 255, NULL, 0, 0 },
	{ "recordingUrl", "recording_url", "recording_url", FT_URL, CU | FF_NULLABLE, 2000, NULL, 0, 0 },
	{ "transcriptUrl", "transcript_url", "transcript_url", FT_URL, CU | FF_NULLABLE, 2000, NULL, 0, 0 },
	{ "analysisData", NULL, "analysis_data", FT_JSON, FF_DETAIL, 0, NULL, 0, 0 },
	/* Written by ingestion (OtterAI); served by the transcript API. */
	{ "transcriptText", NULL, "transcript_text", FT_LONGTEXT, FF_HIDDEN, 0, NULL, 0, 0 },
	{ "transcript", NULL, "transcript", FT_JSON, FF_HIDDEN, 0, NULL, 0, 0 },
	{ "performanceScore", NULL, "performance_score", FT_REAL, 0, 0, NULL, 0, 1 },
	{ "strengths", NULL, "strengths", FT_STRINGS, 0, 0, NULL, 0, 0 },
	{ "weaknesses", NULL, "weaknesses", FT_STRINGS, 0, 0, NULL, 0, 0 },
	{ "recommendations", NULL, "recommendations", FT_STRINGS, 0, 0, NULL, 0, 0 },
	{ "scriptCompliance", NULL, "script_compliance", FT_REAL, 0, 0, NULL, 0, 1 },
	{ "talkRatio", NULL, "talk_ratio", FT_REAL, 0, 0, NULL, 0, 1 },
	{ "keyTopicsCovered", NULL, "key_topics_covered", FT_STRINGS, 0, 0, NULL, 0, 0 },
	{ "objectionsHandled", NULL, "objections_handled", FT_STRINGS, 0, 0, NULL, 0, 0 },
	{ "customerSentiment", NULL, "customer_sentiment", FT_ENUM, 0, 0, sentiments, 0, 0 },
	{ "notes", "notes", "notes", FT_LONGTEXT, CU | FF_NULLABLE, 10000, NULL, 0, 0 },
	{ "tags", NULL, "tags", FT_STRINGS, CU, 50, NULL, 0, 0 },
	{ "isLiveMonitored", "is_live_monitored", "is_live_monitored", FT_BOOL, 0, 0, NULL, 0, 0 },
	{ "liveSessionId", NULL, "live_session_id", FT_UUID, 0, 0, NULL, 0, 0 },
	{ "createdAt", NULL, "created_at", FT_TIME, 0, 0, NULL, 0, 0 },
	{ "updatedAt", NULL, "updated_at", FT_TIME, 0, 0, NULL, 0, 0 },
};

const size_t call_nfields = sizeof call_fields / sizeof call_fields[0];

/* The SELECT heads, built once: the calls' columns plus the two embedded
 * users {id, firstName, lastName, email}. */
static char *select_list, *select_detail;
static pthread_once_t select_once = PTHREAD_ONCE_INIT;

static void build_selects(void)
{
	static const char people[] = ", r.id, r.first_name, r.last_name, r.email,"
				     " m.id, m.first_name, m.last_name, m.email"
				     " FROM sales_calls c"
				     " LEFT JOIN users r ON r.id = c.sales_representative_id"
				     " LEFT JOIN users m ON m.id = c.manager_id";
	struct buf b = BUF_INIT;

	buf_addstr(&b, "SELECT ");
	fields_select(call_fields, call_nfields, "c.", FF_DETAIL | FF_HIDDEN, &b);
	buf_addstr(&b, people);
	select_list = buf_detach(&b, NULL);
	buf_addstr(&b, "SELECT ");
	fields_select(call_fields, call_nfields, "c.", FF_HIDDEN, &b);
	buf_addstr(&b, people);
	select_detail = buf_detach(&b, NULL);
}

static void add_person(struct db_stmt *st, int col, cJSON *obj, const char *key)
{
	cJSON *p;

	if (db_col_is_null(st, col)) {
		cJSON_AddNullToObject(obj, key);
		return;
	}
	p = cJSON_AddObjectToObject(obj, key);
	cJSON_AddStringToObject(p, "id", db_col_text(st, col));
	cJSON_AddStringToObject(p, "firstName", db_col_text(st, col + 1));
	cJSON_AddStringToObject(p, "lastName", db_col_text(st, col + 2));
	cJSON_AddStringToObject(p, "email", db_col_text(st, col + 3));
}

static cJSON *row_json(struct db_stmt *st, unsigned skip)
{
	cJSON *o = cJSON_CreateObject();
	int col = fields_row_json(st, 0, call_fields, call_nfields, skip, o);

	add_person(st, col, o, "salesRepresentative");
	add_person(st, col + 4, o, "manager");
	return o;
}

static void filter_sql(const struct scope *s, const struct call_filter *f, struct buf *sql)
{
	buf_addstr(sql, " WHERE ");
	scope_sql(s, "c.organization_id", "c.sales_representative_id", sql);
	if (f->status)
		buf_addstr(sql, " AND c.status = ?");
	if (f->outcome)
		buf_addstr(sql, " AND c.outcome = ?");
	if (f->rep_id)
		buf_addstr(sql, " AND c.sales_representative_id = ?");
	if (f->has_start)
		buf_addstr(sql, " AND c.appointment_date >= ?");
	if (f->has_end)
		buf_addstr(sql, " AND c.appointment_date <= ?");
	if (f->org_id)
		buf_addstr(sql, " AND c.organization_id = ?");
	if (f->order == ORDER_SCORE)
		buf_addstr(sql, " AND c.performance_score IS NOT NULL");
}

static int filter_bind(const struct scope *s, const struct call_filter *f, struct db_stmt *st)
{
	int i = scope_bind(s, st, 1);

	if (i < 0)
		return -1;
	if (f->status && db_bind_text(st, i++, f->status))
		return -1;
	if (f->outcome && db_bind_text(st, i++, f->outcome))
		return -1;
	if (f->rep_id && db_bind_text(st, i++, f->rep_id))
		return -1;
	if (f->has_start && db_bind_int(st, i++, f->start_ms))
		return -1;
	if (f->has_end && db_bind_int(st, i++, f->end_ms))
		return -1;
	if (f->org_id && db_bind_text(st, i++, f->org_id))
		return -1;
	return i;
}

int store_calls_list(struct db *db, const struct scope *s, const struct call_filter *f,
		     cJSON **items, int64_t *total)
{
	struct buf sql = BUF_INIT;
	struct db_stmt *st;
	cJSON *arr;
	int rc, i;

	pthread_once(&select_once, build_selects);
	/* The total for the pagination: without status, outcome, date or score
	 * conditions it is the sum of the rollups' call counts over the same
	 * scope (a few rows per representative and day), not a COUNT(*) over
	 * every call in reach. */
	if (!f->status && !f->outcome && !f->has_start && !f->has_end && f->order != ORDER_SCORE) {
		buf_addstr(&sql, "SELECT COALESCE(SUM(r.calls), 0) FROM call_rollups r WHERE ");
		scope_sql(s, "r.organization_id", "r.rep_id", &sql);
		if (f->rep_id)
			buf_addstr(&sql, " AND r.rep_id = ?");
		if (f->org_id)
			buf_addstr(&sql, " AND r.organization_id = ?");
	} else {
		buf_addstr(&sql, "SELECT COUNT(*) FROM sales_calls c");
		filter_sql(s, f, &sql);
	}
	st = db_prepare(db, sql.s);
	if (!st || filter_bind(s, f, st) < 0) {
		if (st)
			db_done(st);
		buf_free(&sql);
		return DB_ERROR;
	}
	rc = db_step(st);
	if (rc == DB_ROW)
		*total = db_col_int(st, 0);
	db_done(st);
	if (rc != DB_ROW) {
		buf_free(&sql);
		return rc;
	}

	buf_reset(&sql);
	buf_addstr(&sql, select_list);
	filter_sql(s, f, &sql);
	buf_addstr(&sql, f->order == ORDER_CREATED ? " ORDER BY c.created_at DESC, c.id DESC"
			 : f->order == ORDER_SCORE ? " ORDER BY c.performance_score DESC, c.id DESC"
						   : " ORDER BY c.appointment_date DESC, c.id DESC");
	buf_addstr(&sql, " LIMIT ? OFFSET ?");
	st = db_prepare(db, sql.s);
	buf_free(&sql);
	if (!st)
		return DB_ERROR;
	i = filter_bind(s, f, st);
	if (i < 0 || db_bind_int(st, i, f->limit) || db_bind_int(st, i + 1, (f->page - 1) * f->limit)) {
		db_done(st);
		return DB_ERROR;
	}
	arr = cJSON_CreateArray();
	while ((rc = db_step(st)) == DB_ROW)
		cJSON_AddItemToArray(arr, row_json(st, FF_DETAIL | FF_HIDDEN));
	db_done(st);
	if (rc != DB_DONE) {
		cJSON_Delete(arr);
		return rc;
	}
	*items = arr;
	return DB_OK;
}

int store_call_json(struct db *db, const struct scope *s, const char *id, cJSON **out)
{
	struct buf sql = BUF_INIT;
	struct db_stmt *st;
	int rc, i;

	pthread_once(&select_once, build_selects);
	buf_addf(&sql, "%s WHERE c.id = ? AND ", select_detail);
	scope_sql(s, "c.organization_id", "c.sales_representative_id", &sql);
	st = db_prepare(db, sql.s);
	buf_free(&sql);
	if (!st)
		return DB_ERROR;
	if (db_bind_text(st, 1, id) || (i = scope_bind(s, st, 2)) < 0) {
		db_done(st);
		return DB_ERROR;
	}
	rc = db_step(st);
	if (rc == DB_ROW)
		*out = row_json(st, FF_HIDDEN);
	db_done(st);
	return rc;
}

/* The call whose column col equals key, within s. */
static int call_row_by(struct db *db, const struct scope *s, const char *col, const char *key,
		       struct call_row *out)
{
	struct buf sql = BUF_INIT;
	struct db_stmt *st;
	int rc;

	buf_addf(&sql, "SELECT c.id, c.organization_id, c.sales_representative_id, c.status,"
		       " c.call_start_time FROM sales_calls c WHERE c.%s = ? AND ", col);
	scope_sql(s, "c.organization_id", "c.sales_representative_id", &sql);
	buf_addstr(&sql, " ORDER BY c.created_at, c.id LIMIT 1");
	st = db_prepare(db, sql.s);
	buf_free(&sql);
	if (!st)
		return DB_ERROR;
	if (db_bind_text(st, 1, key) || scope_bind(s, st, 2) < 0) {
		db_done(st);
		return DB_ERROR;
	}
	rc = db_step(st);
	if (rc == DB_ROW) {
		db_col_copy(st, 0, out->id, sizeof out->id);
		db_col_copy(st, 1, out->org_id, sizeof out->org_id);
		db_col_copy(st, 2, out->rep_id, sizeof out->rep_id);
		db_col_copy(st, 3, out->status, sizeof out->status);
		out->has_start = !db_col_is_null(st, 4);
		out->start_ms = db_col_int(st, 4);
	}
	db_done(st);
	return rc;
}

int store_call_row(struct db *db, const struct scope *s, const char *id, struct call_row *out)
{
	return call_row_by(db, s, "id", id, out);
}

int store_call_row_by_recording(struct db *db, const struct scope *s, const char *recording_id,
				struct call_row *out)
{
	return call_row_by(db, s, "otterai_recording_id", recording_id, out);
}

/*
 * Every write to a call moves its contribution in the rollups within the
 * same transaction: read the old contribution, change the call, read the
 * new one, apply the difference.
 */
static int finish(struct db *db, int rc, struct call_agg *before, struct call_agg *after)
{
	if (rc == DB_OK)
		rc = rollup_apply(db, before, -1);
	if (rc == DB_OK)
		rc = rollup_apply(db, after, 1);
	rollup_free(before);
	rollup_free(after);
	if (rc == DB_OK)
		return db_commit(db);
	db_rollback(db);
	return rc;
}

/* Record event for call id (its list JSON as the data), in the open
 * transaction. */
static int call_event(struct db *db, const char *id, const char *org, const char *event,
		      int64_t now)
{
	struct scope all = { .kind = SCOPE_ALL };
	cJSON *o = NULL;
	int rc;

	if (!org[0])
		return DB_OK;
	if ((rc = store_call_json(db, &all, id, &o)) != DB_ROW)
		return rc == DB_DONE ? DB_OK : rc;
	/* the list's shape: no transcript or analysis blobs */
	cJSON_DeleteItemFromObjectCaseSensitive(o, "analysisData");
	rc = store_event_emit(db, org, event, o, now);
	cJSON_Delete(o);
	return rc;
}

int store_call_insert(struct db *db, const struct fvals *v, int64_t now,
		      char id_out[UUID_STR_LEN])
{
	struct call_agg before = { 0 }, after = { 0 };
	int rc = db_begin(db);

	if (rc != DB_OK)
		return rc;
	rc = store_insert_row(db, "sales_calls", v, now, id_out);
	if (rc == DB_OK && (rc = rollup_read(db, id_out, &after)) == DB_ROW)
		rc = DB_OK;
	if (rc == DB_OK)
		rc = call_event(db, id_out, after.org, "sales_call.created", now);
	if (rc == DB_OK && after.completed)
		rc = call_event(db, id_out, after.org, "sales_call.completed", now);
	return finish(db, rc, &before, &after);
}

int store_call_update(struct db *db, const char *id, const struct fvals *v, int64_t now)
{
	struct call_agg before = { 0 }, after = { 0 };
	int rc = db_begin(db);

	if (rc != DB_OK)
		return rc;
	rc = rollup_read(db, id, &before);
	if (rc == DB_ROW)
		rc = store_update_row(db, "sales_calls", id, v, now);
	if (rc == DB_OK && (rc = rollup_read(db, id, &after)) == DB_ROW)
		rc = DB_OK;
	if (rc == DB_DONE) {
		rollup_free(&before);
		db_rollback(db);
		return DB_DONE;
	}
	if (rc == DB_OK && after.completed && !before.completed)
		rc = call_event(db, id, after.org, "sales_call.completed", now);
	return finish(db, rc, &before, &after);
}

int store_call_delete(struct db *db, const char *id)
{
	struct call_agg before = { 0 }, after = { 0 };
	struct db_stmt *st;
	int rc = db_begin(db);

	if (rc != DB_OK)
		return rc;
	rc = rollup_read(db, id, &before);
	if (rc == DB_DONE) {
		db_rollback(db);
		return DB_DONE;
	}
	if (rc == DB_ROW) {
		st = db_prepare(db, "DELETE FROM sales_calls WHERE id = ?");
		if (!st || db_bind_text(st, 1, id)) {
			if (st)
				db_done(st);
			rc = DB_ERROR;
		} else {
			rc = db_run(st);
		}
	}
	return finish(db, rc, &before, &after);
}

int store_call_transcript(struct db *db, const char *id, char **json, char **text,
			  char **analysis)
{
	struct db_stmt *st = db_prepare(db, "SELECT transcript, transcript_text, analysis_data"
					    " FROM sales_calls WHERE id = ?");
	int rc;

	*json = *text = NULL;
	if (analysis)
		*analysis = NULL;
	if (!st)
		return DB_ERROR;
	if (db_bind_text(st, 1, id)) {
		db_done(st);
		return DB_ERROR;
	}
	rc = db_step(st);
	if (rc == DB_ROW) {
		if (!db_col_is_null(st, 0))
			*json = xstrdup(db_col_text(st, 0));
		if (!db_col_is_null(st, 1))
			*text = xstrdup(db_col_text(st, 1));
		if (analysis && !db_col_is_null(st, 2))
			*analysis = xstrdup(db_col_text(st, 2));
	}
	db_done(st);
	return rc;
}

int store_calls_each(struct db *db, const struct scope *s, const struct export_filter *f,
		     int (*each)(const cJSON *row, void *arg), void *arg)
{
	/* Keyset batches: each query sorts at most EXPORT_BATCH rows (temp
	 * storage is memory), so memory stays flat at any size; the indexes on
	 * (updated_at, id) and (organization_id, updated_at, id) make each
	 * batch a range scan. */
	enum { EXPORT_BATCH = 500 };
	struct buf sql = BUF_INIT, next = BUF_INIT;
	struct db_stmt *st;
	char last_id[UUID_STR_LEN] = "";
	int64_t last_at = 0;
	int rc = DB_OK, i, n, first = 1, stop = 0;

	pthread_once(&select_once, build_selects);
	buf_addstr(&sql, select_list);
	buf_addstr(&sql, " WHERE ");
	scope_sql(s, "c.organization_id", "c.sales_representative_id", &sql);
	if (f->has_since)
		buf_addstr(&sql, " AND c.updated_at >= ?");
	if (f->has_until)
		buf_addstr(&sql, " AND c.updated_at < ?");
	/* the first batch, and the ones after a row (a plain range on the index) */
	buf_addstr(&next, sql.s);
	buf_addstr(&next, " AND (c.updated_at, c.id) > (?, ?) ORDER BY c.updated_at, c.id LIMIT ?");
	buf_addstr(&sql, " ORDER BY c.updated_at, c.id LIMIT ?");
	do {
		st = db_prepare(db, first ? sql.s : next.s);
		if (!st) {
			rc = DB_ERROR;
			break;
		}
		i = scope_bind(s, st, 1);
		if (i < 0 || (f->has_since && db_bind_int(st, i++, f->since_ms)) ||
		    (f->has_until && db_bind_int(st, i++, f->until_ms)) ||
		    (!first && (db_bind_int(st, i++, last_at) || db_bind_text(st, i++, last_id))) ||
		    db_bind_int(st, i, EXPORT_BATCH)) {
			db_done(st);
			rc = DB_ERROR;
			break;
		}
		n = 0;
		while (!stop && (rc = db_step(st)) == DB_ROW) {
			cJSON *o = row_json(st, FF_DETAIL | FF_HIDDEN);
			const char *id = json_str(o, "id");
			const char *at = json_str(o, "updatedAt");
			n++;
			if (id)
				snprintf(last_id, sizeof last_id, "%s", id);
			if (at)
				time_parse_iso(at, &last_at);
			stop = each(o, arg);
			cJSON_Delete(o);
		}
		db_done(st);
		first = 0;
		if (rc == DB_ROW || rc == DB_DONE)
			rc = DB_OK;
	} while (rc == DB_OK && !stop && n == EXPORT_BATCH);
	buf_free(&sql);
	buf_free(&next);
	return rc;
}
