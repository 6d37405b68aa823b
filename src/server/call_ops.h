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

#endif
