/*
 * store_recordings.c - the recordings table: a call's uploaded audio (a
 * row of files, by key) and the state of its transcription.
 */
#include "store.h"
#include "common/xmalloc.h"

#include <stdlib.h>
#include <string.h>

int store_recording_put(struct db *db, const struct recording_row *r, int64_t now)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO recordings (call_id, organization_id, file_key, uploaded_by, status,"
		" error, backend, duration_ms, channels, sample_rate, segments, speakers_estimated,"
		" created_at, updated_at, finished_at)"
		" VALUES (?, ?, ?, ?, 'queued', NULL, ?, ?, ?, ?, 0, 0, ?, ?, NULL)"
		" ON CONFLICT (call_id) DO UPDATE SET organization_id = excluded.organization_id,"
		" file_key = excluded.file_key, uploaded_by = excluded.uploaded_by,"
		" status = 'queued', error = NULL, backend = excluded.backend,"
		" duration_ms = excluded.duration_ms, channels = excluded.channels,"
		" sample_rate = excluded.sample_rate, segments = 0, speakers_estimated = 0,"
		" created_at = excluded.created_at, updated_at = excluded.updated_at,"
		" finished_at = NULL");

	if (!st)
		return DB_ERROR;
	if (db_bind_text(st, 1, r->call_id) || db_bind_text(st, 2, r->org_id) ||
	    db_bind_text(st, 3, r->file_key) ||
	    db_bind_text_or_null(st, 4, r->uploaded_by[0] ? r->uploaded_by : NULL) ||
	    db_bind_text(st, 5, r->backend) || db_bind_int(st, 6, r->duration_ms) ||
	    db_bind_int(st, 7, r->channels) || db_bind_int(st, 8, r->sample_rate) ||
	    db_bind_int(st, 9, now) || db_bind_int(st, 10, now)) {
		db_done(st);
		return DB_ERROR;
	}
	return db_run(st);
}

int store_recording_get(struct db *db, const char *call_id, struct recording_row *out)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT call_id, organization_id, file_key, COALESCE(uploaded_by, ''), status,"
		" COALESCE(error, ''), backend, duration_ms, channels, sample_rate, segments,"
		" speakers_estimated, created_at, updated_at, COALESCE(finished_at, 0)"
		" FROM recordings WHERE call_id = ?");
	int rc;

	if (!st)
		return DB_ERROR;
	if (db_bind_text(st, 1, call_id)) {
		db_done(st);
		return DB_ERROR;
	}
	rc = db_step(st);
	if (rc == DB_ROW) {
		memset(out, 0, sizeof *out);
		db_col_copy(st, 0, out->call_id, sizeof out->call_id);
		db_col_copy(st, 1, out->org_id, sizeof out->org_id);
		db_col_copy(st, 2, out->file_key, sizeof out->file_key);
		db_col_copy(st, 3, out->uploaded_by, sizeof out->uploaded_by);
		db_col_copy(st, 4, out->status, sizeof out->status);
		db_col_copy(st, 5, out->error, sizeof out->error);
		db_col_copy(st, 6, out->backend, sizeof out->backend);
		out->duration_ms = db_col_int(st, 7);
		out->channels = (int)db_col_int(st, 8);
		out->sample_rate = (int)db_col_int(st, 9);
		out->segments = (int)db_col_int(st, 10);
		out->speakers_estimated = (int)db_col_int(st, 11);
		out->created_at = db_col_int(st, 12);
		out->updated_at = db_col_int(st, 13);
		out->finished_at = db_col_int(st, 14);
	}
	db_done(st);
	return rc;
}

int store_recording_set(struct db *db, const char *call_id, const char *from_status,
			const char *status, const char *error, int segments, int estimated,
			int64_t now)
{
	int final = !strcmp(status, "done") || !strcmp(status, "failed");
	struct db_stmt *st = db_prepare(db,
		"UPDATE recordings SET status = ?, error = ?, segments = ?, speakers_estimated = ?,"
		" updated_at = ?, finished_at = ? WHERE call_id = ? AND status = ?");
	int rc;

	if (!st)
		return DB_ERROR;
	if (db_bind_text(st, 1, status) || db_bind_text_or_null(st, 2, error) ||
	    db_bind_int(st, 3, segments) || db_bind_int(st, 4, estimated) ||
	    db_bind_int(st, 5, now) ||
	    (final ? db_bind_int(st, 6, now) : db_bind_null(st, 6)) ||
	    db_bind_text(st, 7, call_id) || db_bind_text(st, 8, from_status)) {
		db_done(st);
		return DB_ERROR;
	}
	rc = db_run(st);
	if (rc == DB_OK && db_changes(db) == 0)
		rc = DB_DONE;
	return rc;
}

int store_recordings_unfinished(struct db *db, char (**ids)[UUID_STR_LEN], int *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT call_id FROM recordings WHERE status IN ('queued', 'transcribing')"
		" ORDER BY updated_at");
	int rc, cap = 0;

	*ids = NULL;
	*n = 0;
	if (!st)
		return DB_ERROR;
	while ((rc = db_step(st)) == DB_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*ids = xrealloc(*ids, (size_t)cap * sizeof **ids);
		}
		db_col_copy(st, 0, (*ids)[*n], UUID_STR_LEN);
		(*n)++;
	}
	db_done(st);
	if (rc != DB_DONE) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return rc;
	}
	return DB_OK;
}
