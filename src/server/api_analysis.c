/*
 * api_analysis.c - a sales call's transcript and analysis:
 *
 *   PUT  /api/v1/sales-calls/:id/transcript   any supported format, sniffed
 *                                             (or ?format=); stored in the
 *                                             engine's model
 *   GET  /api/v1/sales-calls/:id/transcript   that model as salesan JSON
 *   POST /api/v1/sales-calls/:id/analyze      run the engine ({scriptId}?)
 *   GET  /api/v1/sales-calls/:id/analysis     the stored scorecard
 *
 * Whoever can see a call (authz.h) can read and analyse it; a
 * representative uploads transcripts for their own calls.
 */
#include "authz.h"
#include "call_ops.h"
#include "resp.h"
#include "router.h"
#include "store.h"
#include "analysis/transcript.h"
#include "common/json.h"
#include "common/log.h"

#include <stdlib.h>
#include <string.h>

static void put_transcript(struct request *r)
{
	const char *fname = req_query(r, "format");
	enum transcript_format f = TF_AUTO, used;
	struct transcript t;
	struct call_row c;
	char err[256];
	cJSON *d, *sp;
	int i;

	if (call_load(r, &c))
		return;
	if (fname && (i = transcript_format_from_name(fname)) < 0) {
		struct verrs v = { 0 };
		verr_add_at(&v, "query", "format",
			    "Format must be otter, srt, vtt, json, whisper, deepgram, assemblyai or plain",
			    NULL);
		resp_validation(r, &v);
		return;
	} else if (fname) {
		f = (enum transcript_format)i;
	}
	if (!r->body.len) {
		resp_error(r, 400, "TRANSCRIPT_REQUIRED", "Send the transcript as the request body");
		return;
	}
	if (transcript_import(r->body.s, r->body.len, f, &t, &used, err, sizeof err)) {
		resp_error(r, 400, "INVALID_TRANSCRIPT", "%s", err);
		return;
	}
	if (call_store_transcript(r, c.id, &t)) {
		transcript_free(&t);
		return;
	}
	d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "salesCallId", c.id);
	cJSON_AddStringToObject(d, "format", transcript_format_name(used));
	sp = cJSON_AddArrayToObject(d, "speakers");
	for (i = 0; i < t.nspeakers; i++)
		cJSON_AddItemToArray(sp, cJSON_CreateString(t.speakers[i].name));
	cJSON_AddNumberToObject(d, "turns", t.nturns);
	cJSON_AddNumberToObject(d, "durationMs",
				t.nturns ? (double)(t.turns[t.nturns - 1].end_ms - t.turns[0].start_ms) : 0);
	log_info("transcript stored for call %s: %s, %d turns", c.id, transcript_format_name(used),
		 t.nturns);
	transcript_free(&t);
	resp_message(r, 200, "Transcript stored", d);
}

static void get_transcript(struct request *r)
{
	char *json = NULL, *text = NULL, err[256];
	struct transcript t;
	struct call_row c;
	int rc;

	if (call_load(r, &c))
		return;
	rc = store_call_transcript(r->db, c.id, &json, &text, NULL);
	if (rc != DB_ROW) {
		resp_db_error(r, rc, "read transcript");
	} else if (!json && !text) {
		resp_error(r, 404, "TRANSCRIPT_NOT_FOUND", "This call has no transcript");
	} else if (json ? transcript_import(json, strlen(json), TF_JSON, &t, NULL, err, sizeof err)
			: transcript_import(text, strlen(text), TF_AUTO, &t, NULL, err, sizeof err)) {
		resp_error(r, 422, "INVALID_TRANSCRIPT", "The stored transcript cannot be read: %s", err);
	} else {
		resp_data(r, 200, transcript_to_json(&t));
		transcript_free(&t);
	}
	free(json);
	free(text);
}

static void analyze(struct request *r)
{
	const cJSON *sid = json_get(r->json, "scriptId");
	struct call_row c;
	cJSON *sc;

	if (sid && !cJSON_IsNull(sid) && (!cJSON_IsString(sid) || !uuid_valid(sid->valuestring))) {
		struct verrs v = { 0 };
		verr_add(&v, "scriptId", "Script ID must be a UUID", NULL);
		resp_validation(r, &v);
		return;
	}
	if (call_load(r, &c))
		return;
	if (call_analyze(r, &c, cJSON_IsString(sid) ? sid->valuestring : NULL, &sc))
		return;
	resp_data(r, 200, sc);
}

static void get_analysis(struct request *r)
{
	char *json = NULL, *text = NULL, *ad = NULL;
	struct call_row c;
	cJSON *doc = NULL, *sc;
	int rc;

	if (call_load(r, &c))
		return;
	rc = store_call_transcript(r->db, c.id, &json, &text, &ad);
	free(json);
	free(text);
	if (rc != DB_ROW) {
		free(ad);
		resp_db_error(r, rc, "read analysis");
		return;
	}
	doc = ad ? cJSON_Parse(ad) : NULL;
	free(ad);
	sc = cJSON_DetachItemFromObjectCaseSensitive(doc, "scorecard");
	cJSON_Delete(doc);
	if (!cJSON_IsObject(sc)) {
		cJSON_Delete(sc);
		resp_error(r, 404, "ANALYSIS_NOT_FOUND",
			   "This call has not been analysed (POST /api/v1/sales-calls/%s/analyze)", c.id);
		return;
	}
	resp_data(r, 200, sc);
}

static const struct route routes[] = {
	{ HTTP_PUT, "/api/v1/sales-calls/:id/transcript", put_transcript, AUTH_JWT, ROLES_ANY,
	  ROUTE_BODY_LARGE, "Store a call's transcript (Otter TXT, SRT, WebVTT, JSON formats)", 0 },
	{ HTTP_GET, "/api/v1/sales-calls/:id/transcript", get_transcript, AUTH_JWT, ROLES_ANY, 0,
	  "A call's transcript as salesan JSON", 0 },
	{ HTTP_POST, "/api/v1/sales-calls/:id/analyze", analyze, AUTH_JWT, ROLES_ANY, ROUTE_BODY_JSON,
	  "Analyse a call against a training script", 0 },
	{ HTTP_GET, "/api/v1/sales-calls/:id/analysis", get_analysis, AUTH_JWT, ROLES_ANY, 0,
	  "A call's scorecard", 0 },
};

const struct route_table api_analysis_routes = ROUTE_TABLE(routes);
