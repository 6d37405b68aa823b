/*
 * call_analysis.c - running the analysis engine for a stored call (see
 * call_ops.h): shared by the sales-call analysis routes and OtterAI's.
 *
 * Each worker thread keeps one analysis context (the stemmer and the word
 * cache), created on first use and freed when the thread ends.
 */
#include "authz.h"
#include "call_ops.h"
#include "live.h"
#include "resp.h"
#include "store.h"
#include "analysis/engine.h"
#include "common/json.h"
#include "common/log.h"
#include "common/timeutil.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_key_t ctx_key;
static pthread_once_t ctx_once = PTHREAD_ONCE_INIT;

static void ctx_destroy(void *p)
{
	analysis_ctx_free(p);
}

static void ctx_key_init(void)
{
	pthread_key_create(&ctx_key, ctx_destroy);
}

static struct analysis_ctx *worker_ctx(void)
{
	struct analysis_ctx *c;

	pthread_once(&ctx_once, ctx_key_init);
	c = pthread_getspecific(ctx_key);
	if (!c && (c = analysis_ctx_new()))
		pthread_setspecific(ctx_key, c);
	return c;
}

static const struct field *CF(const char *name)
{
	return fields_find(call_fields, call_nfields, name);
}

int call_load(struct request *r, struct call_row *c)
{
	const char *id = req_param(r, 0);
	struct scope s;
	int rc = DB_DONE;

	if (uuid_valid(id) && (rc = authz_scope(r->db, r->who, &s)) == DB_OK)
		rc = store_call_row(r->db, &s, id, c);
	if (rc == DB_DONE) {
		resp_error(r, 404, "SALES_CALL_NOT_FOUND", "Sales call not found");
		return -1;
	}
	if (rc != DB_ROW) {
		resp_db_error(r, rc, "read call");
		return -1;
	}
	return 0;
}

int call_store_transcript(struct request *r, const char *id, const struct transcript *t)
{
	struct fvals v = { 0 };
	cJSON *j = transcript_to_json(t);
	char *json = json_print(j), *text = transcript_to_text(t);
	int rc;

	fvals_set_text(&v, CF("transcript"), json);
	fvals_set_text(&v, CF("transcriptText"), text);
	rc = store_call_update(r->db, id, &v, time_now_ms());
	fvals_free(&v);
	cJSON_Delete(j);
	free(json);
	free(text);
	if (rc == DB_DONE) {
		resp_error(r, 404, "SALES_CALL_NOT_FOUND", "Sales call not found");
		return -1;
	}
	if (rc != DB_OK) {
		resp_db_error(r, rc, "store transcript");
		return -1;
	}
	return 0;
}

/* The script to use: the one named (within the call's organization), else
 * the organization's default or latest active one; *script NULL when the
 * organization has none. */
static int find_script(struct request *r, const struct call_row *c, const char *script_id,
		       cJSON **script)
{
	struct scope org = { .kind = SCOPE_ORG };
	char sorg[UUID_STR_LEN];
	int rc;

	*script = NULL;
	memcpy(org.org_id, c->org_id, sizeof org.org_id);
	if (script_id) {
		rc = uuid_valid(script_id) ? store_script_json(r->db, &org, script_id, script, sorg)
					   : DB_DONE;
		if (rc == DB_DONE) {
			resp_error(r, 404, "SCRIPT_NOT_FOUND", "Sales script not found");
			return -1;
		}
	} else {
		struct script_filter f = { .has_active = 1, .active = 1, .page = 1, .limit = 1 };
		cJSON *items = NULL;
		int64_t total = 0;

		rc = c->org_id[0] ? store_scripts_list(r->db, &org, &f, &items, &total) : DB_OK;
		if (rc == DB_OK && cJSON_GetArraySize(items) > 0)
			*script = cJSON_DetachItemFromArray(items, 0);
		cJSON_Delete(items);
		if (rc == DB_OK)
			rc = DB_ROW;
	}
	if (rc != DB_ROW) {
		resp_db_error(r, rc, "read script");
		return -1;
	}
	return 0;
}

/* sales_call.analyzed with the scorecard's summary, and performance.alert
 * when the call scored under the organization's threshold, used a
 * forbidden phrase or left an objection unanswered. */
static int analysis_events(struct request *r, const struct call_row *c, const cJSON *sc)
{
	static const char *const keys[] = { "performanceScore", "scriptCompliance", "orderAdherence",
					    "customerSentiment", "strengths", "weaknesses",
					    "recommendations", "keyTopicsCovered", "objectionsHandled",
					    "scriptId", "analyzedAt", NULL };
	const cJSON *it;
	struct org_row org;
	cJSON *d = cJSON_CreateObject(), *reasons;
	double score = cJSON_GetNumberValue(json_get(sc, "performanceScore"));
	int64_t now = time_now_ms();
	int rc, i, covered = 0, total = 0;

	cJSON_AddStringToObject(d, "salesCallId", c->id);
	json_add_str_or_null(d, "salesRepresentativeId", c->rep_id[0] ? c->rep_id : NULL);
	for (i = 0; keys[i]; i++)
		if (json_get(sc, keys[i]))
			cJSON_AddItemToObject(d, keys[i], cJSON_Duplicate(json_get(sc, keys[i]), 1));
	if (json_get(json_get(sc, "metrics"), "talkRatio"))
		cJSON_AddItemToObject(d, "talkRatio",
				      cJSON_Duplicate(json_get(json_get(sc, "metrics"), "talkRatio"), 1));
	cJSON_ArrayForEach(it, json_get(sc, "stages")) {
		total++;
		covered += json_true(it, "covered");
	}
	cJSON_AddNumberToObject(d, "stagesCovered", covered);
	cJSON_AddNumberToObject(d, "stagesTotal", total);
	rc = store_event_emit(r->db, c->org_id, "sales_call.analyzed", d, now);
	cJSON_Delete(d);
	if (rc != DB_OK)
		return rc;

	reasons = cJSON_CreateArray();
	if (store_org_by_id(r->db, c->org_id, &org) == DB_ROW && score < org.alert_threshold) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "type", "low_score");
		cJSON_AddNumberToObject(o, "performanceScore", score);
		cJSON_AddNumberToObject(o, "threshold", org.alert_threshold);
		cJSON_AddItemToArray(reasons, o);
	}
	cJSON_ArrayForEach(it, json_get(sc, "forbidden")) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "type", "forbidden_phrase");
		cJSON_AddItemToObject(o, "detail", cJSON_Duplicate(it, 1));
		cJSON_AddItemToArray(reasons, o);
	}
	cJSON_ArrayForEach(it, json_get(sc, "objections"))
		if (!json_true(it, "handled")) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "type", "objection_unhandled");
			json_add_str_or_null(o, "objection", json_str(it, "type"));
			cJSON_AddItemToArray(reasons, o);
		}
	if (cJSON_GetArraySize(reasons)) {
		d = cJSON_CreateObject();
		cJSON_AddStringToObject(d, "salesCallId", c->id);
		json_add_str_or_null(d, "salesRepresentativeId", c->rep_id[0] ? c->rep_id : NULL);
		cJSON_AddNumberToObject(d, "performanceScore", score);
		cJSON_AddItemToObject(d, "reasons", reasons);
		rc = store_event_emit(r->db, c->org_id, "performance.alert", d, now);
		cJSON_Delete(d);
	} else {
		cJSON_Delete(reasons);
	}
	return rc;
}

static void notify_manager(struct request *r, const struct call_row *c, double score)
{
	struct user_row rep;
	struct org_row org;
	struct fvals v = { 0 };
	char id[UUID_STR_LEN], title[160], msg[400], url[96], data[200];

	if (!c->rep_id[0] || store_user_by_id(r->db, c->rep_id, &rep) != DB_ROW || !rep.manager_id[0])
		return;
	if (store_org_by_id(r->db, c->org_id, &org) != DB_ROW || score >= org.alert_threshold)
		return;
	snprintf(title, sizeof title, "Low call score: %.0f%%", score * 100);
	snprintf(msg, sizeof msg, "A call by %s scored %.0f%%, under the team's threshold of %.0f%%.",
		 rep.email, score * 100, org.alert_threshold * 100);
	snprintf(url, sizeof url, "/sales-calls/%s", c->id);
	snprintf(data, sizeof data, "{\"salesCallId\":\"%s\",\"performanceScore\":%.3f,\"threshold\":%.3f}",
		 c->id, score, org.alert_threshold);
	fvals_set_text(&v, fields_find(notification_fields, notification_nfields, "userId"),
		       rep.manager_id);
	fvals_set_text(&v, fields_find(notification_fields, notification_nfields, "organizationId"),
		       c->org_id);
	fvals_set_text(&v, fields_find(notification_fields, notification_nfields, "type"),
		       "performance_alert");
	fvals_set_text(&v, fields_find(notification_fields, notification_nfields, "priority"), "high");
	fvals_set_text(&v, fields_find(notification_fields, notification_nfields, "title"), title);
	fvals_set_text(&v, fields_find(notification_fields, notification_nfields, "message"), msg);
	fvals_set_text(&v, fields_find(notification_fields, notification_nfields, "actionUrl"), url);
	fvals_set_text(&v, fields_find(notification_fields, notification_nfields, "actionData"), data);
	if (store_notification_create(r->db, &v, time_now_ms(), id) == DB_OK) {
		cJSON *o = NULL;
		log_info("performance alert %s to manager %s for call %s", id, rep.manager_id, c->id);
		if (store_notification_json(r->db, id, NULL, &o) == DB_ROW)
			live_post_notification(rep.manager_id, o);
	}
	fvals_free(&v);
}

static void set_strings(struct fvals *v, const char *field, const cJSON *arr)
{
	char *t = arr ? json_print(arr) : NULL;

	fvals_set_text(v, CF(field), t ? t : "[]");
	free(t);
}

int call_analyze(struct request *r, const struct call_row *c, const char *script_id, cJSON **out)
{
	struct analysis_ctx *ctx = worker_ctx();
	struct script_model *model = NULL;
	struct transcript t = { 0 };
	struct fvals v = { 0 };
	char *json = NULL, *text = NULL, *old = NULL, err[256];
	cJSON *script = NULL, *sc = NULL, *ad = NULL;
	const cJSON *x;
	int rc, ret = -1;

	*out = NULL;
	if (!ctx) {
		resp_internal(r, "analysis context");
		return -1;
	}
	rc = store_call_transcript(r->db, c->id, &json, &text, &old);
	if (rc != DB_ROW) {
		resp_db_error(r, rc == DB_DONE ? DB_ERROR : rc, "read transcript");
		goto out;
	}
	if (!json && !text) {
		resp_error(r, 404, "TRANSCRIPT_NOT_FOUND",
			   "This call has no transcript yet (PUT /api/v1/sales-calls/%s/transcript)", c->id);
		goto out;
	}
	rc = json ? transcript_import(json, strlen(json), TF_JSON, &t, NULL, err, sizeof err)
		  : transcript_import(text, strlen(text), TF_AUTO, &t, NULL, err, sizeof err);
	if (rc) {
		resp_error(r, 422, "INVALID_TRANSCRIPT", "The stored transcript cannot be read: %s", err);
		goto out;
	}
	if (find_script(r, c, script_id, &script))
		goto out;
	model = script_model_new(ctx, script, err, sizeof err);
	if (!model) {
		resp_error(r, 422, "INVALID_SCRIPT", "The sales script cannot be used: %s", err);
		goto out;
	}
	sc = analyze_transcript(ctx, model, &t, NULL, err, sizeof err);
	if (!sc) {
		resp_error(r, 422, "ANALYSIS_FAILED", "%s", err);
		goto out;
	}
	if (script)
		cJSON_AddStringToObject(sc, "scriptId", json_str(script, "id"));
	else
		cJSON_AddNullToObject(sc, "scriptId");
	json_add_time(sc, "analyzedAt", time_now_ms(), 1);
	/* the call's columns, for lists and analytics */
	fvals_set_real(&v, CF("performanceScore"), cJSON_GetNumberValue(json_get(sc, "performanceScore")));
	x = json_get(sc, "scriptCompliance");
	if (cJSON_IsNumber(x))
		fvals_set_real(&v, CF("scriptCompliance"), x->valuedouble);
	else
		fvals_set_null(&v, CF("scriptCompliance"));
	x = json_get(json_get(sc, "metrics"), "talkRatio");
	if (cJSON_IsNumber(x) && x->valuedouble >= 0 && x->valuedouble <= 1)
		fvals_set_real(&v, CF("talkRatio"), x->valuedouble);
	else
		fvals_set_null(&v, CF("talkRatio"));
	set_strings(&v, "strengths", json_get(sc, "strengths"));
	set_strings(&v, "weaknesses", json_get(sc, "weaknesses"));
	set_strings(&v, "recommendations", json_get(sc, "recommendations"));
	set_strings(&v, "keyTopicsCovered", json_get(sc, "keyTopicsCovered"));
	set_strings(&v, "objectionsHandled", json_get(sc, "objectionsHandled"));
	fvals_set_text(&v, CF("customerSentiment"), json_str(sc, "customerSentiment"));
	/* analysis_data keeps what other sources put there (OtterAI) */
	ad = old ? cJSON_Parse(old) : NULL;
	if (!cJSON_IsObject(ad)) {
		cJSON_Delete(ad);
		ad = cJSON_CreateObject();
	}
	cJSON_DeleteItemFromObjectCaseSensitive(ad, "scorecard");
	cJSON_AddItemToObject(ad, "scorecard", cJSON_Duplicate(sc, 1));
	{
		char *a = json_print(ad);
		fvals_set_text(&v, CF("analysisData"), a);
		free(a);
	}
	/* The scorecard, its events and the manager's alert commit together. */
	if ((rc = db_begin(r->db)) == DB_OK) {
		rc = store_call_update(r->db, c->id, &v, time_now_ms());
		if (rc == DB_OK)
			rc = analysis_events(r, c, sc);
		if (rc == DB_OK)
			notify_manager(r, c, cJSON_GetNumberValue(json_get(sc, "performanceScore")));
		if (rc == DB_OK)
			rc = db_commit(r->db);
		else
			db_rollback(r->db);
	}
	if (rc != DB_OK) {
		resp_db_error(r, rc, "store analysis");
		goto out;
	}
	log_info("call %s analysed: score %.3f", c->id,
		 cJSON_GetNumberValue(json_get(sc, "performanceScore")));
	*out = sc;
	sc = NULL;
	ret = 0;
out:
	fvals_free(&v);
	cJSON_Delete(sc);
	cJSON_Delete(ad);
	cJSON_Delete(script);
	script_model_free(model);
	transcript_free(&t);
	free(json);
	free(text);
	free(old);
	return ret;
}

/* The streamed segments as a transcript (speakers by name and role). */
static int segments_transcript(const cJSON *segs, struct transcript *t)
{
	const cJSON *it;

	memset(t, 0, sizeof *t);
	cJSON_ArrayForEach(it, segs) {
		const char *name = json_str(it, "speaker"), *role = json_str(it, "role"), *text;
		int k = transcript_speaker(t, name ? name : "Speaker");

		if (k < 0)
			continue;
		t->speakers[k].role = role && !strcmp(role, "rep") ? SPK_REP : SPK_CUSTOMER;
		text = json_str(it, "text");
		transcript_add(t, k, (int64_t)cJSON_GetNumberValue(json_get(it, "startMs")),
			       (int64_t)cJSON_GetNumberValue(json_get(it, "endMs")), text, strlen(text));
	}
	transcript_finish(t);
	return t->nturns;
}

int live_finish(struct request *r, struct live_row *l, cJSON **analysis)
{
	struct scope all = { .kind = SCOPE_ALL };
	struct transcript t;
	struct call_row c;
	cJSON *segs = NULL, *sc = NULL;
	int rc;

	*analysis = NULL;
	rc = store_live_end(r->db, l->id, time_now_ms());
	if (rc == DB_DONE)
		return 1;
	if (rc != DB_OK || (rc = store_live_segments(r->db, l->id, &segs)) != DB_OK) {
		resp_db_error(r, rc, "end live session");
		return -1;
	}
	if (l->call_id[0] && segments_transcript(segs, &t) > 0 &&
	    store_call_row(r->db, &all, l->call_id, &c) == DB_ROW) {
		rc = call_store_transcript(r, c.id, &t);
		transcript_free(&t);
		if (rc || call_analyze(r, &c, NULL, &sc)) {
			cJSON_Delete(segs);
			live_post_ended(l->id, l->org_id, NULL);
			return -1;
		}
	}
	cJSON_Delete(segs);
	store_live_get(r->db, l->id, l);
	live_post_ended(l->id, l->org_id, sc ? cJSON_Duplicate(sc, 1) : NULL);
	*analysis = sc;
	return 0;
}
