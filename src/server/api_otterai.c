/*
 * api_otterai.c - /api/v1/otterai: recordings through the OtterAI API
 * (start, stop, details), fetching a recording's transcript onto its call
 * and analysing it with the engine (call_ops.h),
 * the signed webhook OtterAI calls, and the integration's status.
 *
 * Every recording is reached through its sales call, so the caller's reach
 * over calls (authz.h) decides what they may record, stop or read.  The
 * webhook is public but must carry a valid HMAC-SHA256 signature of its raw
 * body (x-otter-signature) under OTTERAI_WEBHOOK_SECRET; with an
 * x-otter-timestamp header the signature covers "TIMESTAMP.BODY" and
 * deliveries older than five minutes are refused as replays, and one
 * seen before (its signature remembered for a day) is acknowledged
 * without effect.
 */
#include "authz.h"
#include "call_ops.h"
#include "otterai.h"
#include "resp.h"
#include "analysis/transcript.h"
#include "router.h"
#include "server.h"
#include "store.h"
#include "common/ids.h"
#include "common/json.h"
#include "common/log.h"
#include "common/timeutil.h"
#include "common/utf8.h"
#include "common/xmalloc.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define REPLAY_WINDOW_S 300
#define RECEIPT_KEEP_MS (24 * 3600 * 1000LL) /* signed deliveries remembered this long */
#define OPTIONS_MAX_BYTES 16384
#define TRANSCRIPT_MAX_CHARS (4L * 1024 * 1024)

static const struct field *CF(const char *name)
{
	return fields_find(call_fields, call_nfields, name);
}

static int scope_of(struct request *r, struct scope *s)
{
	int rc = authz_scope(r->db, r->who, s);

	if (rc != DB_OK) {
		resp_db_error(r, rc, "scope");
		return -1;
	}
	return 0;
}

/* Recording ids go into upstream paths: letters, digits, - and _ only. */
static int recording_id_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	return n > 0 && n <= 128 && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
					   "0123456789-_") == n;
}

/* OtterAI as org_id uses it (its own settings, else the server's), or 1
 * after answering 503 when neither has a key. */
static int not_configured(struct request *r, const char *org_id, struct otterai_target *t)
{
	int rc = otterai_target_for(r->db, &r->srv->cfg, org_id, t);

	if (rc > 0)
		return 0;
	if (rc < 0)
		resp_db_error(r, DB_ERROR, "read integration");
	else
		resp_error(r, 503, "OTTERAI_NOT_CONFIGURED",
			   "OtterAI is not configured for this organization or server"
			   " (PUT /api/v1/organizations/:id/integrations/otterai, or OTTERAI_API_KEY)");
	return 1;
}

static void upstream_failed(struct request *r, const char *code, const char *what,
			    const struct otterai_result *o)
{
	log_warn("otterai: %s: %s", what, o->error);
	resp_error_details(r, o->http_status == 404 ? 404 : 502, code,
			   o->http_status == 404 ? "Recording not found at OtterAI" : what,
			   cJSON_CreateString(o->error));
}

/* The recording the caller names, through a call within reach. */
static int load_by_recording(struct request *r, const char *rec, struct call_row *c)
{
	struct scope s;
	int rc;

	if (!recording_id_ok(rec)) {
		resp_error(r, 404, "RECORDING_NOT_FOUND", "Recording not found");
		return -1;
	}
	if (scope_of(r, &s))
		return -1;
	rc = store_call_row_by_recording(r->db, &s, rec, c);
	if (rc == DB_DONE) {
		resp_error(r, 404, "RECORDING_NOT_FOUND", "Recording not found");
		return -1;
	}
	if (rc != DB_ROW) {
		resp_db_error(r, rc, "read call");
		return -1;
	}
	return 0;
}

static void start_recording(struct request *r)
{
	const char *call = json_str(r->json, "salesCallId");
	const cJSON *opts = json_get(r->json, "options"), *it;
	struct otterai_result o;
	struct otterai_target t;
	struct fvals vals = { 0 };
	struct verrs v = { 0 };
	struct call_row c;
	struct scope s;
	cJSON *body, *full = NULL, *data;
	char buf[600], *text;
	const char *cust, *rid;
	int rc;

	if (!call || !uuid_valid(call))
		verr_add(&v, "salesCallId", "Sales call ID must be a UUID", NULL);
	if (opts && !cJSON_IsObject(opts))
		verr_add(&v, "options", "Options must be an object", NULL);
	if (opts && cJSON_IsObject(opts)) {
		text = json_print(opts);
		if (strlen(text) > OPTIONS_MAX_BYTES)
			verr_add(&v, "options", "Options must be at most 16384 bytes of JSON", NULL);
		free(text);
	}
	if (v.n) {
		resp_validation(r, &v);
		return;
	}
	if (scope_of(r, &s))
		return;
	rc = store_call_row(r->db, &s, call, &c);
	if (rc == DB_DONE) {
		resp_error(r, 404, "SALES_CALL_NOT_FOUND", "Sales call not found");
		return;
	}
	if (rc != DB_ROW) {
		resp_db_error(r, rc, "read call");
		return;
	}
	if (strcmp(c.status, "scheduled") && strcmp(c.status, "in_progress")) {
		resp_error(r, 409, "INVALID_STATUS_TRANSITION", "A %s sales call cannot be recorded",
			   c.status);
		return;
	}
	if (not_configured(r, c.org_id, &t))
		return;
	if (store_call_json(r->db, &s, call, &full) != DB_ROW) {
		resp_db_error(r, DB_ERROR, "read call");
		return;
	}
	cust = json_str(full, "customerName");
	body = cJSON_CreateObject();
	/* Caller options first, so they cannot replace the fixed fields. */
	cJSON_ArrayForEach(it, opts)
		if (strcmp(it->string, "name") && strcmp(it->string, "description"))
			cJSON_AddItemToObject(body, it->string, cJSON_Duplicate(it, 1));
	snprintf(buf, sizeof buf, "Sales Call - %s", cust ? cust : "Customer");
	cJSON_AddStringToObject(body, "name", buf);
	snprintf(buf, sizeof buf, "Sales presentation for %s", cust ? cust : "the customer");
	cJSON_AddStringToObject(body, "description", buf);
	if (!json_get(body, "language"))
		cJSON_AddStringToObject(body, "language", "en-US");
	cJSON_Delete(full);
	rc = otterai_call(&t, "POST", "/v1/recordings", body, &o);
	otterai_target_clear(&t);
	cJSON_Delete(body);
	if (rc) {
		upstream_failed(r, "RECORDING_START_FAILED", "Failed to start recording", &o);
		return;
	}
	rid = json_str(o.json, "id");
	if (!rid || !recording_id_ok(rid)) {
		snprintf(o.error, sizeof o.error, "OtterAI returned no usable recording id");
		upstream_failed(r, "RECORDING_START_FAILED", "Failed to start recording", &o);
		cJSON_Delete(o.json);
		return;
	}
	fvals_set_text(&vals, CF("otterAIRecordingId"), rid);
	if (!strcmp(c.status, "scheduled")) {
		fvals_set_text(&vals, CF("status"), "in_progress");
		fvals_set_int(&vals, CF("callStartTime"), time_now_ms());
	}
	rc = store_call_update(r->db, c.id, &vals, time_now_ms());
	fvals_free(&vals);
	if (rc != DB_OK) {
		cJSON_Delete(o.json);
		resp_db_error(r, rc, "update call");
		return;
	}
	data = cJSON_CreateObject();
	cJSON_AddStringToObject(data, "recordingId", rid);
	json_add_str_or_null(data, "status", json_str(o.json, "status"));
	json_add_str_or_null(data, "joinUrl", json_str(o.json, "join_url"));
	json_add_str_or_null(data, "recordingUrl", json_str(o.json, "recording_url"));
	cJSON_AddStringToObject(data, "salesCallId", c.id);
	log_info("otterai: recording %s started for call %s", rid, c.id);
	cJSON_Delete(o.json); /* rid points into it */
	resp_data(r, 200, data);
}

static void stop_recording(struct request *r)
{
	const char *rec = json_str(r->json, "recordingId");
	struct otterai_result o;
	struct otterai_target t;
	struct fvals vals = { 0 };
	struct call_row c;
	char path[200];
	cJSON *data, *d;
	int rc;

	if (!rec || !*rec) {
		struct verrs v = { 0 };

		verr_add(&v, "recordingId", "Recording ID is required", NULL);
		resp_validation(r, &v);
		return;
	}
	if (load_by_recording(r, rec, &c) || not_configured(r, c.org_id, &t))
		return;
	snprintf(path, sizeof path, "/v1/recordings/%s/stop", rec);
	rc = otterai_call(&t, "POST", path, NULL, &o);
	otterai_target_clear(&t);
	if (rc) {
		upstream_failed(r, "RECORDING_STOP_FAILED", "Failed to stop recording", &o);
		return;
	}
	d = json_get(o.json, "duration");
	if (cJSON_IsNumber(d) && d->valuedouble >= 0 && d->valuedouble < 1e9) {
		fvals_set_int(&vals, CF("duration"), (int64_t)d->valuedouble);
		fvals_set_int(&vals, CF("callEndTime"), time_now_ms());
		if (store_call_update(r->db, c.id, &vals, time_now_ms()) != DB_OK)
			log_warn("otterai: could not record the duration of call %s", c.id);
	}
	fvals_free(&vals);
	data = cJSON_CreateObject();
	cJSON_AddStringToObject(data, "recordingId", rec);
	json_add_str_or_null(data, "status", json_str(o.json, "status"));
	cJSON_AddItemToObject(data, "duration", cJSON_IsNumber(d) ? cJSON_CreateNumber(d->valuedouble)
								    : cJSON_CreateNull());
	cJSON_Delete(o.json);
	resp_data(r, 200, data);
}

/* The recording's details in the original's shape. */
static cJSON *details_json(const cJSON *j)
{
	static const char *const map[][2] = {
		{ "id", "id" }, { "name", "name" }, { "status", "status" },
		{ "duration", "duration" }, { "transcript", "transcript" },
		{ "speakers", "speakers" }, { "summary", "summary" }, { "insights", "insights" },
		{ "recording_url", "recordingUrl" }, { "transcript_url", "transcriptUrl" },
	};
	cJSON *d = cJSON_CreateObject();
	size_t i;

	for (i = 0; i < sizeof map / sizeof map[0]; i++) {
		const cJSON *x = json_get(j, map[i][0]);
		cJSON_AddItemToObject(d, map[i][1], x ? cJSON_Duplicate(x, 1) : cJSON_CreateNull());
	}
	return d;
}

static int fetch_details(struct request *r, struct otterai_target *t, const char *rec,
			 struct otterai_result *o)
{
	char path[200];
	int rc;

	snprintf(path, sizeof path, "/v1/recordings/%s", rec);
	rc = otterai_call(t, "GET", path, NULL, o);
	otterai_target_clear(t);
	if (rc) {
		upstream_failed(r, "RECORDING_DETAILS_FAILED", "Failed to get recording details", o);
		return -1;
	}
	return 0;
}

static void recording_details(struct request *r)
{
	const char *rec = req_param(r, 0);
	struct otterai_result o;
	struct otterai_target t;
	struct call_row c;
	cJSON *d;

	if (load_by_recording(r, rec, &c) || not_configured(r, c.org_id, &t) ||
	    fetch_details(r, &t, rec, &o))
		return;
	d = details_json(o.json);
	cJSON_AddStringToObject(d, "salesCallId", c.id);
	cJSON_Delete(o.json);
	resp_data(r, 200, d);
}

/* The transcript as text: a string, or segments [{speaker, text}]. */
static char *transcript_text(const cJSON *t)
{
	struct buf b = BUF_INIT;
	const cJSON *seg;

	if (cJSON_IsString(t))
		return t->valuestring[0] ? xstrdup(t->valuestring) : NULL;
	if (!cJSON_IsArray(t))
		return NULL;
	cJSON_ArrayForEach(seg, t) {
		const char *sp = json_str(seg, "speaker"), *tx = json_str(seg, "text");

		if (!tx)
			continue;
		if (sp)
			buf_addf(&b, "%s: %s\n", sp, tx);
		else
			buf_addf(&b, "%s\n", tx);
	}
	if (!b.len) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

static void analyze(struct request *r)
{
	const char *rec = json_str(r->json, "recordingId");
	const char *id = req_param(r, 0);
	struct otterai_result o;
	struct otterai_target t;
	struct fvals vals = { 0 };
	struct call_row c;
	struct scope s;
	cJSON *data, *an, *sc = NULL;
	char *text, *a;
	int rc, ctrl = 0;
	long n = 0;

	if (!rec || !*rec) {
		resp_error(r, 400, "RECORDING_ID_REQUIRED", "Recording ID is required");
		return;
	}
	if (!recording_id_ok(rec)) {
		struct verrs v = { 0 };

		verr_add(&v, "recordingId", "Recording ID may hold letters, digits, - and _ only",
			 NULL);
		resp_validation(r, &v);
		return;
	}
	if (!uuid_valid(id)) {
		resp_error(r, 404, "SALES_CALL_NOT_FOUND", "Sales call not found");
		return;
	}
	if (scope_of(r, &s))
		return;
	rc = store_call_row(r->db, &s, id, &c);
	if (rc == DB_DONE) {
		resp_error(r, 404, "SALES_CALL_NOT_FOUND", "Sales call not found");
		return;
	}
	if (rc != DB_ROW) {
		resp_db_error(r, rc, "read call");
		return;
	}
	if (not_configured(r, c.org_id, &t) || fetch_details(r, &t, rec, &o))
		return;
	text = transcript_text(json_get(o.json, "transcript"));
	if (text && ((n = utf8_count(text, 1, &ctrl)) < 0 || n > TRANSCRIPT_MAX_CHARS)) {
		free(text);
		cJSON_Delete(o.json);
		resp_error(r, 502, "ANALYSIS_FAILED",
			   "OtterAI's transcript is not UTF-8 text or is too long");
		return;
	}
	an = cJSON_CreateObject();
	cJSON_AddStringToObject(an, "source", "otterai");
	cJSON_AddStringToObject(an, "recordingId", rec);
	cJSON_AddItemToObject(an, "recording", details_json(o.json));
	a = json_print(an);
	fvals_set_text(&vals, CF("analysisData"), a);
	free(a);
	fvals_set_text(&vals, CF("otterAIRecordingId"), rec);
	if (text)
		fvals_set_text(&vals, CF("transcriptText"), text);
	if (json_str(o.json, "transcript_url") &&
	    !strncmp(json_str(o.json, "transcript_url"), "http", 4))
		fvals_set_text(&vals, CF("transcriptUrl"), json_str(o.json, "transcript_url"));
	if (json_str(o.json, "recording_url") && !strncmp(json_str(o.json, "recording_url"), "http", 4))
		fvals_set_text(&vals, CF("recordingUrl"), json_str(o.json, "recording_url"));
	rc = store_call_update(r->db, c.id, &vals, time_now_ms());
	fvals_free(&vals);
	cJSON_Delete(o.json);
	if (rc != DB_OK) {
		free(text);
		cJSON_Delete(an);
		resp_db_error(r, rc, "store transcript");
		return;
	}
	/* The same engine as POST /sales-calls/:id/analyze, on the
	 * speaker-attributed transcript. */
	if (text) {
		struct transcript tr;
		char terr[256];

		if (transcript_import(text, strlen(text), TF_AUTO, &tr, NULL, terr, sizeof terr) == 0) {
			rc = call_store_transcript(r, c.id, &tr);
			transcript_free(&tr);
			if (rc || call_analyze(r, &c, NULL, &sc)) {
				free(text);
				cJSON_Delete(an);
				return;
			}
		} else {
			log_info("otterai: transcript of %s has no speakers to analyse: %s", rec, terr);
		}
	}
	data = cJSON_CreateObject();
	cJSON_AddStringToObject(data, "salesCallId", c.id);
	cJSON_AddStringToObject(data, "recordingId", rec);
	cJSON_AddBoolToObject(data, "transcriptStored", text != NULL);
	cJSON_AddNumberToObject(data, "transcriptLength", (double)n);
	cJSON_AddItemToObject(data, "recording", cJSON_DetachItemFromObject(an, "recording"));
	cJSON_AddItemToObject(data, "analysis", sc ? sc : cJSON_CreateNull());
	cJSON_Delete(an);
	free(text);
	resp_message(r, 200, sc ? "Recording analysed" : "Recording transcript stored on the sales call",
		     data);
}

/* ---- webhook ---- */

static int hexval(int c)
{
	return isdigit(c) ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10
				   : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
}

/* 1 when sig is the HMAC of [ts "."] body; its hex in digest[65]. */
static int signature_ok(struct request *r, const char *sig, const char *ts, char digest[65])
{
	const struct srv_config *cfg = &r->srv->cfg;
	unsigned char want[32], got[32];
	struct buf pre = BUF_INIT;
	size_t i;

	if (!strncasecmp(sig, "sha256=", 7))
		sig += 7;
	if (strlen(sig) != 64)
		return 0;
	for (i = 0; i < 32; i++) {
		int hi = hexval((unsigned char)sig[2 * i]), lo = hexval((unsigned char)sig[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return 0;
		got[i] = (unsigned char)(hi << 4 | lo);
	}
	if (ts)
		buf_addf(&pre, "%s.", ts);
	hmac_sha256(cfg->otterai_webhook_secret, strlen(cfg->otterai_webhook_secret),
		    pre.s ? pre.s : "", pre.len, r->body.s ? r->body.s : "", r->body.len, want);
	buf_free(&pre);
	for (i = 0; i < 32; i++)
		snprintf(digest + 2 * i, 3, "%02x", want[i]);
	return ct_equal(want, got, sizeof want);
}

static void webhook(struct request *r)
{
	const char *sig = req_header(r, "x-otter-signature"), *ts = req_header(r, "x-otter-timestamp");
	const char *ev, *rec;
	const cJSON *data;
	struct scope all = { .kind = SCOPE_ALL };
	struct fvals vals = { 0 };
	struct call_row c;
	char digest[65];
	cJSON *ans;
	int rc, handled = 0;

	if (!r->srv->cfg.otterai_webhook_secret || !*r->srv->cfg.otterai_webhook_secret) {
		resp_error(r, 503, "WEBHOOK_NOT_CONFIGURED",
			   "The OtterAI webhook is not configured (OTTERAI_WEBHOOK_SECRET)");
		return;
	}
	if (!sig || !*sig) {
		resp_error(r, 401, "MISSING_SIGNATURE", "Missing webhook signature");
		return;
	}
	if (ts) {
		char *end;
		long long t = strtoll(ts, &end, 10);
		int64_t now = time_now_ms() / 1000;

		if (!*ts || *end || t < now - REPLAY_WINDOW_S || t > now + REPLAY_WINDOW_S) {
			resp_error(r, 401, "STALE_SIGNATURE",
				   "Webhook timestamp is missing, malformed or more than five minutes"
				   " away");
			return;
		}
	}
	if (!signature_ok(r, sig, ts, digest)) {
		resp_error(r, 401, "INVALID_SIGNATURE", "Invalid webhook signature");
		return;
	}
	/* The same signed delivery again (a replay, or OtterAI retrying after a
	 * lost answer) is acknowledged and changes nothing. */
	rc = store_receipt_new(r->db, "otterai", digest, time_now_ms(), RECEIPT_KEEP_MS);
	if (rc == 0) {
		log_info("otterai webhook: delivery %.16s seen before; ignored", digest);
		ans = cJSON_CreateObject();
		cJSON_AddBoolToObject(ans, "handled", 0);
		cJSON_AddBoolToObject(ans, "duplicate", 1);
		resp_data(r, 200, ans);
		return;
	}
	if (rc < 0) {
		resp_db_error(r, rc, "record delivery");
		return;
	}
	ev = json_str(r->json, "event_type");
	rec = json_str(r->json, "recording_id");
	data = json_get(r->json, "data");
	if (!ev || !recording_id_ok(rec)) {
		struct verrs v = { 0 };

		if (!ev)
			verr_add(&v, "event_type", "Event type is required", NULL);
		if (!recording_id_ok(rec))
			verr_add(&v, "recording_id", "Recording ID is required", NULL);
		resp_validation(r, &v);
		return;
	}
	if (strcmp(ev, "recording.completed") && strcmp(ev, "transcript.ready") &&
	    strcmp(ev, "analysis.completed")) {
		log_info("otterai webhook: unhandled event %s", ev);
		goto answer;
	}
	rc = store_call_row_by_recording(r->db, &all, rec, &c);
	if (rc == DB_DONE) {
		log_info("otterai webhook: %s for unknown recording %s", ev, rec);
		goto answer;
	}
	if (rc != DB_ROW) {
		resp_db_error(r, rc, "read call");
		return;
	}
	if (!strcmp(ev, "recording.completed")) {
		const cJSON *d = json_get(data, "duration");

		fvals_set_int(&vals, CF("callEndTime"), time_now_ms());
		if (cJSON_IsNumber(d) && d->valuedouble >= 0 && d->valuedouble < 1e9)
			fvals_set_int(&vals, CF("duration"), (int64_t)d->valuedouble);
	} else if (!strcmp(ev, "transcript.ready")) {
		const char *u = json_str(data, "transcript_url");

		if (u && (!strncmp(u, "https://", 8) || !strncmp(u, "http://", 7)) &&
		    strlen(u) <= 2000 && !strpbrk(u, " \t\r\n"))
			fvals_set_text(&vals, CF("transcriptUrl"), u);
	} else {
		/* analysis.completed: OtterAI's own insights, kept with the call. */
		cJSON *an = cJSON_CreateObject();
		char *t;

		cJSON_AddStringToObject(an, "source", "otterai");
		cJSON_AddStringToObject(an, "recordingId", rec);
		if (data)
			cJSON_AddItemToObject(an, "otterAnalysis", cJSON_Duplicate(data, 1));
		t = json_print(an);
		if (strlen(t) <= 1024 * 1024)
			fvals_set_text(&vals, CF("analysisData"), t);
		free(t);
		cJSON_Delete(an);
	}
	if (vals.n) {
		rc = store_call_update(r->db, c.id, &vals, time_now_ms());
		fvals_free(&vals);
		if (rc != DB_OK) {
			resp_db_error(r, rc, "update call");
			return;
		}
	}
	handled = 1;
	log_info("otterai webhook: %s for call %s", ev, c.id);
answer:
	ans = cJSON_CreateObject();
	cJSON_AddBoolToObject(ans, "handled", handled);
	resp_data(r, 200, ans);
}

static void status(struct request *r)
{
	const struct srv_config *cfg = &r->srv->cfg;
	cJSON *d = cJSON_CreateObject();
	struct otterai_target t;
	int rc = otterai_target_for(r->db, cfg, r->who->org_id, &t);

	otterai_target_clear(&t);
	cJSON_AddBoolToObject(d, "configured", rc > 0);
	cJSON_AddStringToObject(d, "source", t.source ? t.source : "server");
	cJSON_AddStringToObject(d, "apiUrl", t.url);
	cJSON_AddBoolToObject(d, "webhookConfigured",
			      cfg->otterai_webhook_secret && *cfg->otterai_webhook_secret);
	resp_data(r, 200, d);
}

static const struct route routes[] = {
	{ HTTP_POST, "/api/v1/otterai/start-recording", start_recording, AUTH_JWT, ROLES_ANY,
	  ROUTE_BODY_JSON, "Start an OtterAI recording for a sales call", 0 },
	{ HTTP_POST, "/api/v1/otterai/stop-recording", stop_recording, AUTH_JWT, ROLES_ANY,
	  ROUTE_BODY_JSON, "Stop an OtterAI recording", 0 },
	{ HTTP_GET, "/api/v1/otterai/recording/:recordingId", recording_details, AUTH_JWT,
	  ROLES_ANY, 0, "An OtterAI recording's details", 0 },
	{ HTTP_POST, "/api/v1/otterai/analyze/:salesCallId", analyze, AUTH_JWT, ROLES_ANY,
	  ROUTE_BODY_JSON, "Fetch a recording's transcript onto its sales call", 0 },
	{ HTTP_POST, "/api/v1/otterai/webhook", webhook, AUTH_PUBLIC, 0, ROUTE_BODY_JSON,
	  "OtterAI's signed event callback", 0 },
	{ HTTP_GET, "/api/v1/otterai/status", status, AUTH_JWT, ROLES_ANY, 0,
	  "Whether OtterAI and its webhook are configured", 0 },
};

const struct route_table api_otterai_routes = ROUTE_TABLE(routes);
