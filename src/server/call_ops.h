/*
 * call_ops.h - sales-call, notification and live-session changes shared by more than one resource (the
 * sales-calls API and the Zapier actions), with the same rules wherever
 * they are made.
 */
#ifndef SALESAN_CALL_OPS_H
#define SALESAN_CALL_OPS_H

#include "http.h"
#include "common/ids.h"

/*
 * Create a call from body, validated as POST /sales-calls validates it, as
 * r's caller: the representative defaults to the caller (an API key must
 * name one), must be within reach, and decides the organization.  Returns
 * 0 with id filled, or -1 after answering (400, 503, ...).
 */
int call_create(struct request *r, const cJSON *body, char id[UUID_STR_LEN]);

/*
 * Create a notification from body (validated as POST /notifications;
 * "normal" priority is "medium"): the recipient must be within reach.
 * Returns 0 with id filled, or -1 after answering.  body may be modified.
 */
int notification_create(struct request *r, cJSON *body, char id[UUID_STR_LEN]);

struct call_row;
struct live_row;
struct transcript;

/* The call named by r's first path parameter, within the caller's reach
 * (authz.h): 0 with *c, or -1 after answering 404 (or a database error). */
int call_load(struct request *r, struct call_row *c);

/*
 * Store transcript t on call id (the engine's JSON and the plain text),
 * keeping everything else.  Returns 0, or -1 after answering.
 */
int call_store_transcript(struct request *r, const char *id, const struct transcript *t);

/*
 * Analyse call c's stored transcript against script_id (NULL: the
 * organization's default active script, else its most recently updated
 * one, else no script: metrics only) on this worker, store the results in
 * the call's columns and analysis_data (so analytics see them), and
 * notify the rep's manager when the score is under the organization's
 * threshold.  On success returns 0 with the scorecard in *out (caller
 * owns it); otherwise -1 after answering (404 TRANSCRIPT_NOT_FOUND,
 * SCRIPT_NOT_FOUND, 422 INVALID_TRANSCRIPT, ...).
 */
int call_analyze(struct request *r, const struct call_row *c, const char *script_id, cJSON **out);

/*
 * End live session l: mark it ended, make its streamed segments the call's
 * transcript, analyse it, and tell the hub (watchers hear
 * live_session_ended).  Returns 0 with l refreshed and the scorecard in
 * *analysis (NULL when nothing was said; caller owns it), 1 when it had
 * already ended, or -1 after answering an error (it has ended regardless).
 */
int live_finish(struct request *r, struct live_row *l, cJSON **analysis);

struct file_row;

/*
 * Move r's upload (ROUTE_UPLOAD) into file storage as f (org_id, category,
 * related_id and description set by the caller; the type comes from the
 * bytes) and record it.  Returns 0, or -1 after answering (400 for a type
 * not allowed, 503 when storage fails).  api_files.c.
 */
int file_store_upload(struct request *r, struct file_row *f);

/*
 * Check that the audio file at path can be transcribed here for org_id's
 * call: a WAV this build reads, and a speech backend (the organization's or
 * the server's) that is configured and available.
 * Returns 0 with its rate, channels and duration, or -1 with the reason
 * in why and the status to answer (400 for the audio, 503 for speech to
 * text).  api_recordings.c.
 */
struct recording_row;
int recording_check(const struct request *r, const char *org_id, const char *path,
		    struct recording_row *rec, int *status, char *why, size_t whylen);

/*
 * After file_store_upload of recording f (checked by recording_check into
 * rec) for call_id: record it as the call's recording and queue its
 * transcription (transcription.h).  Returns 0 with the recording's JSON
 * in *out (caller owns it), or a DB_* error (nothing answered).
 */
int recording_queue(struct request *r, const char *call_id, const struct file_row *f,
		    struct recording_row *rec, cJSON **out);

#endif
