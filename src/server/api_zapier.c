/*
 * api_zapier.c - /api/v1/zapier: what Zapier calls.  Polling triggers
 * (new calls, performance alerts), actions (create a call, send a
 * notification, ingest an OtterAI meeting), searches for dynamic dropdowns,
 * inbound webhooks, a test endpoint and a transcript fetcher.
 *
 * Every route takes an organization API key with the "zapier" scope
 * (X-API-Key; the key acts as an admin of its organization) or a user's
 * access token (then the user's own reach applies).  Nothing here reaches
 * outside the caller's organization.
 */
#include "authz.h"
#include "call_ops.h"
#include "netguard.h"
#include "otter_payload.h"
#include "resp.h"
#include "router.h"
#include "server.h"
#include "store.h"
#include "common/json.h"
#include "common/log.h"
#include "common/timeutil.h"
#include "common/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TRANSCRIPT_MAX_BYTES (5u * 1024 * 1024)
#define TRANSCRIPT_TIMEOUT_MS 15000L
#define REPORT_TTL_MS (30LL * 24 * 3600 * 1000)

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

/* An optional organizationId (body or query value) must be in reach:
 * 0 when fine (or absent), -1 after answering. */
static int check_org(struct request *r, const char *org)
{
	int rc;

	if (!org)
		return 0;
	if (!uuid_valid(org)) {
		struct verrs v = { 0 };

		verr_add(&v, "organizationId", "Organization ID must be a UUID", NULL);
		resp_validation(r, &v);
		return -1;
	}
	rc = authz_org_in_reach(r->db, r->who, org, 0);
	if (rc < 0) {
		resp_db_error(r, rc, "organization");
		return -1;
	}
	if (!rc) {
		resp_error(r, 404, "ORGANIZATION_NOT_FOUND", "Organization not found");
		return -1;
	}
	return 0;
}

static cJSON *answer_stamp(const char *k1, const char *v1, const char *k2, const char *v2)
{
	cJSON *d = cJSON_CreateObject();

	cJSON_AddStringToObject(d, k1, v1);
	cJSON_AddStringToObject(d, k2, v2);
	json_add_time(d, "processedAt", time_now_ms(), 1);
	return d;
}

/* ---- inbound webhooks ---- */

static void call_completed_hook(struct request *r)
{
	static const char *const events[] = { "completed", "analyzed", "failed", NULL };
	const char *call = json_str(r->json, "salesCallId"), *org = json_str(r->json, "organizationId");
	const char *ev = json_str(r->json, "eventType");
	const cJSON *data = json_get(r->json, "data");
	struct verrs v = { 0 };
	struct call_row c;
	struct scope s;
	int rc, i;

	if (!call || !uuid_valid(call))
		verr_add(&v, "salesCallId", "Sales call ID must be a UUID", NULL);
	if (!org || !uuid_valid(org))
		verr_add(&v, "organizationId", "Organization ID must be a UUID", NULL);
	for (i = 0; ev && events[i] && strcmp(ev, events[i]); i++)
		;
	if (!ev || !events[i])
		verr_add(&v, "eventType", "Event type must be completed, analyzed or failed", NULL);
	if (data && !cJSON_IsObject(data))
		verr_add(&v, "data", "Data must be an object", NULL);
	if (v.n) {
		resp_validation(r, &v);
		return;
	}
	if (scope_of(r, &s))
		return;
	rc = store_call_row(r->db, &s, call, &c);
	if (rc == DB_ROW && strcmp(c.org_id, org))
		rc = DB_DONE;
	if (rc == DB_DONE) {
		resp_error(r, 404, "SALES_CALL_NOT_FOUND", "Sales call not found");
		return;
	}
	if (rc != DB_ROW) {
		resp_db_error(r, rc, "read call");
		return;
	}
	log_info("zapier: sales call %s event %s (call status %s)", call, ev, c.status);
	resp_message(r, 200, "Webhook processed successfully",
		     answer_stamp("salesCallId", call, "eventType", ev));
}

static void performance_alert_hook(struct request *r)
{
	static const char *const types[] = { "low_performance", "high_performance",
					     "script_violation", "objection_handling", NULL };
	const char *user = json_str(r->json, "userId"), *org = json_str(r->json, "organizationId");
	const char *type = json_str(r->json, "alertType");
	const cJSON *metrics = json_get(r->json, "metrics"), *thr = json_get(r->json, "threshold");
	struct verrs v = { 0 };
	char title[96], url[80], id[UUID_STR_LEN];
	cJSON *body, *data, *ans;
	struct user_row u;
	size_t k;
	int i, rc;

	if (!user || !uuid_valid(user))
		verr_add(&v, "userId", "User ID must be a UUID", NULL);
	if (!org || !uuid_valid(org))
		verr_add(&v, "organizationId", "Organization ID must be a UUID", NULL);
	for (i = 0; type && types[i] && strcmp(type, types[i]); i++)
		;
	if (!type || !types[i])
		verr_add(&v, "alertType",
			 "Alert type must be low_performance, high_performance, script_violation"
			 " or objection_handling", NULL);
	if (!cJSON_IsObject(metrics))
		verr_add(&v, "metrics", "Metrics must be an object", NULL);
	if (thr && !cJSON_IsNull(thr) && !cJSON_IsNumber(thr) &&
	    !(cJSON_IsString(thr) && *thr->valuestring && strspn(thr->valuestring, "0123456789.-") ==
								strlen(thr->valuestring)))
		verr_add(&v, "threshold", "Threshold must be numeric", thr);
	if (v.n) {
		resp_validation(r, &v);
		return;
	}
	rc = authz_user_in_reach(r->db, r->who, user, &u);
	if (rc < 0) {
		resp_db_error(r, rc, "read user");
		return;
	}
	if (rc == AUTHZ_NOT_FOUND || strcmp(u.org_id, org)) {
		resp_error(r, 404, "USER_NOT_FOUND", "User not found");
		return;
	}
	/* "LOW PERFORMANCE" */
	snprintf(title, sizeof title, "Performance Alert: %s", type);
	for (k = strlen("Performance Alert: "); title[k]; k++)
		title[k] = title[k] == '_' ? ' ' : (char)(title[k] >= 'a' && title[k] <= 'z'
								 ? title[k] - 32 : title[k]);
	snprintf(url, sizeof url, "/analytics/user/%s", user);
	body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "userId", user);
	cJSON_AddStringToObject(body, "type", "performance_alert");
	cJSON_AddStringToObject(body, "priority", "high");
	cJSON_AddStringToObject(body, "title", title);
	cJSON_AddStringToObject(body, "message",
				"Performance metrics have triggered an alert. Check your dashboard for"
				" details.");
	cJSON_AddStringToObject(body, "actionUrl", url);
	data = cJSON_AddObjectToObject(body, "actionData");
	cJSON_AddStringToObject(data, "alertType", type);
	cJSON_AddItemToObject(data, "metrics", cJSON_Duplicate(metrics, 1));
	if (cJSON_IsNumber(thr))
		cJSON_AddNumberToObject(data, "threshold", thr->valuedouble);
	else if (cJSON_IsString(thr))
		cJSON_AddNumberToObject(data, "threshold", strtod(thr->valuestring, NULL));
	else
		cJSON_AddNullToObject(data, "threshold");
	rc = notification_create(r, body, id);
	cJSON_Delete(body);
	if (rc)
		return;
	ans = answer_stamp("userId", user, "alertType", type);
	cJSON_AddStringToObject(ans, "notificationId", id);
	resp_message(r, 200, "Performance alert processed successfully", ans);
}

/* ---- polling triggers ---- */

static int trigger_limit(struct request *r, int64_t *limit, struct verrs *v)
{
	const char *l = req_query(r, "limit");
	char *end;
	long n;

	*limit = 50;
	if (!l || !*l)
		return 0;
	n = strtol(l, &end, 10);
	if (*end || n < 1 || n > 100) {
		verr_add_at(v, "query", "limit", "Limit must be between 1 and 100", NULL);
		return -1;
	}
	*limit = n;
	return 0;
}

static void trigger_calls(struct request *r)
{
	static const char *const statuses[] = { "scheduled", "in_progress", "completed",
						"cancelled", "no_show", NULL };
	static const char *const keep[] = { "id", "customerName", "customerEmail", "customerPhone",
					    "appointmentDate", "callStartTime", "callEndTime",
					    "duration", "status", "outcome", "saleAmount",
					    "performanceScore", "salesRepresentative", "createdAt",
					    "updatedAt", NULL };
	struct call_filter f = { 0 };
	struct verrs v = { 0 };
	cJSON *items = NULL, *out, *it;
	int64_t total;
	struct scope s;
	int rc, i;

	query_uuid(r, "organizationId", &f.org_id, &v);
	query_enum(r, "status", statuses, &f.status, &v);
	query_date_range(r, &f.start_ms, &f.has_start, &f.end_ms, &f.has_end, &v);
	trigger_limit(r, &f.limit, &v);
	if (v.n) {
		resp_validation(r, &v);
		return;
	}
	if (!f.status)
		f.status = "completed";
	if (check_org(r, f.org_id) || scope_of(r, &s))
		return;
	f.order = ORDER_CREATED;
	f.page = 1;
	rc = store_calls_list(r->db, &s, &f, &items, &total);
	if (rc != DB_OK) {
		resp_db_error(r, rc, "list calls");
		return;
	}
	out = cJSON_CreateArray();
	cJSON_ArrayForEach(it, items) {
		cJSON *o = cJSON_CreateObject(), *org = NULL;
		const char *oid = json_str(it, "organizationId");

		for (i = 0; keep[i]; i++) {
			cJSON *x = cJSON_GetObjectItemCaseSensitive(it, keep[i]);
			cJSON_AddItemToObject(o, keep[i], x ? cJSON_Duplicate(x, 1) : cJSON_CreateNull());
		}
		if (oid && store_org_brief_json(r->db, oid, &org) == DB_ROW)
			cJSON_AddItemToObject(o, "organization", org);
		else
			cJSON_AddNullToObject(o, "organization");
		cJSON_AddItemToArray(out, o);
	}
	cJSON_Delete(items);
	resp_data(r, 200, out);
}

static void trigger_alerts(struct request *r)
{
	static const char *const types[] = { "low_performance", "high_performance",
					     "script_violation", "objection_handling", NULL };
	struct alert_filter f = { 0 };
	struct verrs v = { 0 };
	cJSON *items = NULL;
	struct scope s;
	int rc;

	query_uuid(r, "organizationId", &f.org_id, &v);
	query_enum(r, "alertType", types, &f.alert_type, &v);
	query_date_range(r, &f.start_ms, &f.has_start, &f.end_ms, &f.has_end, &v);
	trigger_limit(r, &f.limit, &v);
	if (v.n) {
		resp_validation(r, &v);
		return;
	}
	if (check_org(r, f.org_id) || scope_of(r, &s))
		return;
	rc = store_alerts_trigger(r->db, &s, &f, &items);
	if (rc != DB_OK)
		resp_db_error(r, rc, "list alerts");
	else
		resp_data(r, 200, items);
}

/* ---- actions ---- */

static void create_call_action(struct request *r)
{
	const char *org = json_str(r->json, "organizationId");
	static const char *const keep[] = { "id", "customerName", "customerEmail", "customerPhone",
					    "appointmentDate", "status", "createdAt", NULL };
	char id[UUID_STR_LEN];
	cJSON *full = NULL, *o;
	struct scope all = { .kind = SCOPE_ALL };
	int rc, i;

	if (check_org(r, org))
		return;
	if (call_create(r, r->json, id))
		return;
	rc = store_call_json(r->db, &all, id, &full);
	if (rc != DB_ROW) {
		resp_db_error(r, rc, "read call");
		return;
	}
	if (org && strcmp(json_str(full, "organizationId") ? json_str(full, "organizationId") : "",
			  org))
		log_warn("zapier: call %s created in the representative's organization %s, not %s",
			 id, json_str(full, "organizationId"), org);
	o = cJSON_CreateObject();
	for (i = 0; keep[i]; i++) {
		cJSON *x = cJSON_GetObjectItemCaseSensitive(full, keep[i]);
		cJSON_AddItemToObject(o, keep[i], x ? cJSON_Duplicate(x, 1) : cJSON_CreateNull());
	}
	cJSON_Delete(full);
	resp_message(r, 201, "Sales call created successfully", o);
}

static void send_notification_action(struct request *r)
{
	static const char *const keep[] = { "id", "title", "message", "priority", "type",
					    "status", "createdAt", NULL };
	const char *org = json_str(r->json, "organizationId");
	char id[UUID_STR_LEN];
	cJSON *full = NULL, *o;
	int rc, i;

	if (check_org(r, org))
		return;
	if (!json_get(r->json, "type"))
		cJSON_AddStringToObject(r->json, "type", "info");
	if (notification_create(r, r->json, id))
		return;
	rc = store_notification_json(r->db, id, NULL, &full);
	if (rc != DB_ROW) {
		resp_db_error(r, rc, "read notification");
		return;
	}
	o = cJSON_CreateObject();
	for (i = 0; keep[i]; i++) {
		cJSON *x = cJSON_GetObjectItemCaseSensitive(full, keep[i]);
		cJSON_AddItemToObject(o, keep[i], x ? cJSON_Duplicate(x, 1) : cJSON_CreateNull());
	}
	cJSON_Delete(full);
	resp_message(r, 201, "Notification sent successfully", o);
}

/* ---- searches ---- */

static const char *search_query(struct request *r, struct verrs *v)
{
	const char *q = req_query(r, "query");
	int ctrl = 0;

	if (q && (utf8_count(q, 0, &ctrl) > 100 || ctrl)) {
		verr_add_at(v, "query", "query", "Query must be at most 100 characters", NULL);
		return NULL;
	}
	return q;
}

static void search_users(struct request *r)
{
	static const char *const roles[] = { "sales_representative", "sales_manager", "admin",
					     "super_admin", NULL };
	const char *org = NULL, *role = NULL, *q;
	struct verrs v = { 0 };
	cJSON *items = NULL;
	struct scope s;
	int rc;

	query_uuid(r, "organizationId", &org, &v);
	query_enum(r, "role", roles, &role, &v);
	q = search_query(r, &v);
	if (v.n) {
		resp_validation(r, &v);
		return;
	}
	if (check_org(r, org) || scope_of(r, &s))
		return;
	rc = store_search_users(r->db, &s, org, role, q, &items);
	if (rc != DB_OK)
		resp_db_error(r, rc, "search users");
	else
		resp_data(r, 200, items);
}

static void search_orgs(struct request *r)
{
	struct verrs v = { 0 };
	const char *q = search_query(r, &v);
	cJSON *items = NULL;
	struct scope s;
	int rc;

	if (v.n) {
		resp_validation(r, &v);
		return;
	}
	if (scope_of(r, &s))
		return;
	if (s.kind == SCOPE_TEAM || s.kind == SCOPE_SELF) {
		/* Representatives and managers see their own organization. */
		s.kind = SCOPE_ORG;
		memcpy(s.org_id, r->who->org_id, sizeof s.org_id);
	}
	rc = store_search_orgs(r->db, &s, q, &items);
	if (rc != DB_OK)
		resp_db_error(r, rc, "search organizations");
	else
		resp_data(r, 200, items);
}

/* ---- OtterAI ingestion ---- */

static void set_strings(struct fvals *v, const char *field, const cJSON *arr)
{
	char *t = json_print(arr);

	fvals_set_text(v, CF(field), t);
	free(t);
}

/* The representative: the Otter user who recorded the meeting, when that
 * is an active user of the organization. */
static void find_rep(struct request *r, const struct otter_payload *p, const char *org,
		     char rep[UUID_STR_LEN])
{
	struct user_row u;

	rep[0] = '\0';
	if (p->host_email && store_user_by_email(r->db, p->host_email, &u) == DB_ROW &&
	    !strcmp(u.org_id, org) && !strcmp(u.status, "active"))
		memcpy(rep, u.id, UUID_STR_LEN);
}

/* The customer: the first calendar guest who is not the host. */
static const char *customer_of(const struct otter_payload *p)
{
	const cJSON *g;

	cJSON_ArrayForEach(g, p->guests)
		if (!p->host_email || !strstr(g->valuestring, p->host_email))
			return g->valuestring;
	return NULL;
}

static void otterai_analyze(struct request *r)
{
	struct otter_payload p;
	struct fvals vals = { 0 };
	char err[128], call_id[UUID_STR_LEN] = "", rep[UUID_STR_LEN], rid[UUID_STR_LEN];
	const char *org;
	int created = 0, rc, ctrl;
	struct scope s;
	int64_t now = time_now_ms();
	cJSON *data, *rx, *sum;

	if (otter_payload_parse(r->json, &p, err, sizeof err)) {
		resp_error(r, 400, "INVALID_PAYLOAD", "%s", err);
		return;
	}
	org = p.organization_id ? p.organization_id : r->who->org_id;
	if (!*org) {
		resp_error(r, 400, "ORGANIZATION_REQUIRED", "organizationId is required");
		goto out;
	}
	if (check_org(r, org) || scope_of(r, &s))
		goto out;
	if (db_begin(r->db) != DB_OK) {
		resp_db_error(r, DB_BUSY, "begin");
		goto out;
	}
	/* Which call: the one named, else the one of this meeting (so a
	 * delivery repeated by Zapier updates instead of duplicating). */
	if (p.sales_call_id && uuid_valid(p.sales_call_id)) {
		struct call_row c;

		rc = store_call_row(r->db, &s, p.sales_call_id, &c);
		if (rc == DB_ROW && strcmp(c.org_id, org))
			rc = DB_DONE;
		if (rc == DB_ROW)
			memcpy(call_id, c.id, sizeof call_id);
	} else {
		const char *rec = p.sales_call_id ? p.sales_call_id : p.meeting_id;

		rc = rec ? store_call_by_recording(r->db, org, rec, call_id) : DB_DONE;
		if (rc == DB_DONE && p.sales_call_id && p.meeting_id)
			rc = store_call_by_recording(r->db, org, p.meeting_id, call_id);
		if (rc == DB_DONE && !p.sales_call_id)
			rc = DB_OK; /* a new meeting: create its call */
	}
	if (rc == DB_DONE) {
		db_rollback(r->db);
		resp_error(r, 404, "SALES_CALL_NOT_FOUND", "Sales call not found");
		goto out;
	}
	if (rc < 0)
		goto dberr;
	/* Only what the payload carries; nothing it lacks is cleared. */
	{
		char *a = json_print(p.analysis);
		fvals_set_text(&vals, CF("analysisData"), a);
		free(a);
	}
	if (p.transcript_url)
		fvals_set_text(&vals, CF("transcriptUrl"), p.transcript_url);
	if (p.transcript_text)
		fvals_set_text(&vals, CF("transcriptText"), p.transcript_text);
	if (p.captured_url)
		fvals_set_text(&vals, CF("recordingUrl"), p.captured_url);
	if (p.meeting_id)
		fvals_set_text(&vals, CF("otterAIRecordingId"), p.meeting_id);
	if (p.start_ms)
		fvals_set_int(&vals, CF("callStartTime"), p.start_ms);
	if (p.end_ms)
		fvals_set_int(&vals, CF("callEndTime"), p.end_ms);
	if (p.duration_s > 0)
		fvals_set_int(&vals, CF("duration"), p.duration_s);
	if (p.has_score)
		fvals_set_real(&vals, CF("performanceScore"), p.score);
	if (p.strengths)
		set_strings(&vals, "strengths", p.strengths);
	if (p.weaknesses)
		set_strings(&vals, "weaknesses", p.weaknesses);
	if (p.customer_sentiment)
		fvals_set_text(&vals, CF("customerSentiment"), p.customer_sentiment);
	if (call_id[0]) {
		rc = store_call_update(r->db, call_id, &vals, now);
	} else {
		const char *cust = customer_of(&p);

		find_rep(r, &p, org, rep);
		fvals_set_text(&vals, CF("organizationId"), org);
		if (rep[0])
			fvals_set_text(&vals, CF("salesRepresentativeId"), rep);
		fvals_set_text(&vals, CF("customerName"), cust ? cust : "Unknown Customer");
		fvals_set_int(&vals, CF("appointmentDate"), p.start_ms ? p.start_ms : now);
		fvals_set_text(&vals, CF("status"), "completed");
		rc = store_call_insert(r->db, &vals, now, call_id);
		created = 1;
	}
	if (rc != DB_OK)
		goto dberr;
	if (p.got_sentiment) {
		char name[160];

		snprintf(name, sizeof name, "OtterAI Analysis - %s", call_id);
		rc = store_report_insert(r->db, org, NULL, "otterai_analysis", name, p.analysis, now,
					 REPORT_TTL_MS, rid);
		if (rc != DB_OK)
			goto dberr;
	}
	if (db_commit(r->db) != DB_OK) {
		rc = DB_BUSY;
		goto dberr_committed;
	}
	log_info("zapier: OtterAI meeting %s %s call %s", p.meeting_id ? p.meeting_id : "-",
		 created ? "created" : "updated", call_id);
	data = cJSON_CreateObject();
	json_add_time(data, "processedAt", now, 1);
	cJSON_AddStringToObject(data, "salesCallId", call_id);
	cJSON_AddStringToObject(data, "organizationId", org);
	json_add_str_or_null(data, "meeting_id", p.meeting_id);
	cJSON_AddBoolToObject(data, "salesCallCreated", created);
	rx = cJSON_AddObjectToObject(data, "dataReceived");
	cJSON_AddBoolToObject(rx, "transcript", p.got_transcript);
	cJSON_AddBoolToObject(rx, "capturedDataUrl", p.captured_url != NULL);
	cJSON_AddBoolToObject(rx, "sentimentAnalysis", p.got_sentiment);
	cJSON_AddBoolToObject(rx, "userIdentification", p.got_user_identification);
	cJSON_AddBoolToObject(rx, "userInfo", p.got_user_info);
	cJSON_AddBoolToObject(rx, "meetingDetails", p.got_meeting_details);
	cJSON_AddNumberToObject(rx, "transcriptLength",
				p.transcript_text ? (double)utf8_count(p.transcript_text, 1, &ctrl)
				: p.transcript_url ? (double)utf8_count(p.transcript_url, 1, &ctrl) : 0);
	sum = cJSON_AddObjectToObject(data, "analysisSummary");
	json_add_str_or_null(sum, "sentimentCategory", p.sentiment_category);
	cJSON_AddItemToObject(sum, "meetingScore",
			      p.raw_score ? cJSON_Duplicate(p.raw_score, 1) : cJSON_CreateNull());
	if (p.has_score)
		cJSON_AddNumberToObject(sum, "performanceScore", p.score);
	else
		cJSON_AddNullToObject(sum, "performanceScore");
	cJSON_AddBoolToObject(sum, "hasStrengths", p.strengths && cJSON_GetArraySize(p.strengths));
	cJSON_AddBoolToObject(sum, "hasWeaknesses", p.weaknesses && cJSON_GetArraySize(p.weaknesses));
	resp_message(r, created ? 201 : 200,
		     created ? "Sales call record created with OtterAI analysis data"
			     : "Sales call updated with OtterAI analysis data",
		     data);
	goto out;
dberr:
	db_rollback(r->db);
dberr_committed:
	resp_db_error(r, rc, "OtterAI analysis");
out:
	fvals_free(&vals);
	otter_payload_free(&p);
}

/* ---- utilities ---- */

static void test_otterai(struct request *r)
{
	cJSON *d = cJSON_CreateObject(), *x;

	cJSON_AddStringToObject(d, "endpoint", "/api/v1/zapier/actions/otterai-analyze");
	cJSON_AddStringToObject(d, "method", "POST");
	cJSON_AddStringToObject(d, "description",
				"Send an OtterAI meeting (transcript, sentiment analysis, user and"
				" meeting details) to create or update its sales call");
	x = cJSON_AddObjectToObject(d, "expectedData");
	cJSON_AddStringToObject(x, "meeting_id", "Otter meeting id (deduplicates deliveries)");
	cJSON_AddStringToObject(x, "transcript", "transcript text or an http(s) URL to it");
	cJSON_AddStringToObject(x, "captured_data_url", "URL of the recording");
	cJSON_AddStringToObject(x, "sentiment_analysis",
				"{sentiment_category, strengths, weaknesses, meeting_score (0-10)}");
	cJSON_AddStringToObject(x, "user_info", "{user_email, user_name, calendar_guests}");
	cJSON_AddStringToObject(x, "meeting_details",
				"{duration, start_datetime, end_datetime, summary}");
	cJSON_AddStringToObject(x, "salesCallId", "optional: the call to update");
	cJSON_AddStringToObject(x, "organizationId", "optional: defaults to the API key's");
	x = cJSON_AddObjectToObject(d, "behavior");
	cJSON_AddStringToObject(x, "deduplication",
				"a meeting already received updates its call instead of creating"
				" another");
	cJSON_AddStringToObject(x, "fields", "fields absent from the payload are left unchanged");
	cJSON_AddStringToObject(x, "performanceScore", "meeting_score / 10, within 0..1");
	cJSON_AddStringToObject(x, "representative",
				"the organization's user whose email is the Otter user's");
	x = cJSON_AddObjectToObject(d, "salesCallStructure");
	cJSON_AddStringToObject(x, "status", "completed");
	cJSON_AddStringToObject(x, "customerName",
				"first calendar guest who is not the host, else Unknown Customer");
	cJSON_AddStringToObject(x, "analysisData", "the normalized payload");
	json_add_time(d, "timestamp", time_now_ms(), 1);
	resp_message(r, 200, "OtterAI connection test successful", d);
}

static void proxy_transcript(struct request *r)
{
	const char *url = req_query(r, "url");
	struct fetch_result f;
	cJSON *doc;
	int st, ctrl;
	long n;

	if (!url || !*url) {
		resp_error(r, 400, "URL_REQUIRED", "URL parameter is required");
		return;
	}
	switch (netguard_get(url, TRANSCRIPT_TIMEOUT_MS, TRANSCRIPT_MAX_BYTES,
			     r->srv->cfg.ssrf_allow, &f)) {
	case FETCH_OK:
		break;
	case FETCH_BAD_URL:
		resp_error(r, 400, "INVALID_URL", "Invalid URL format: %s", f.error);
		return;
	case FETCH_FORBIDDEN:
		log_warn("zapier: transcript fetch refused: %s", f.error);
		resp_error(r, 403, "DESTINATION_FORBIDDEN",
			   "URL resolves to an internal address and is not fetched");
		return;
	case FETCH_TOO_LARGE:
		resp_error(r, 502, "UPSTREAM_TOO_LARGE", "Transcript is larger than %u bytes",
			   TRANSCRIPT_MAX_BYTES);
		return;
	case FETCH_TIMEOUT:
		resp_error(r, 504, "UPSTREAM_TIMEOUT", "Transcript source did not answer in time");
		return;
	case FETCH_NETWORK:
		resp_error(r, 502, "UPSTREAM_UNREACHABLE", "Failed to fetch content: %s", f.error);
		return;
	}
	if (f.http_status < 200 || f.http_status > 299) {
		st = (int)f.http_status;
		buf_free(&f.body);
		resp_error(r, 502, "UPSTREAM_ERROR", "Failed to fetch content: upstream answered %d", st);
		return;
	}
	doc = cJSON_CreateObject();
	cJSON_AddTrueToObject(doc, "success");
	buf_addch(&f.body, '\0');
	f.body.len--;
	if (memchr(f.body.s, '\0', f.body.len) || (n = utf8_count(f.body.s, 1, &ctrl)) < 0) {
		cJSON_Delete(doc);
		buf_free(&f.body);
		resp_error(r, 502, "UPSTREAM_NOT_TEXT", "Transcript is not UTF-8 text");
		return;
	}
	cJSON_AddStringToObject(doc, "content", f.body.s);
	cJSON_AddStringToObject(doc, "contentType", f.content_type[0] ? f.content_type : "text/plain");
	cJSON_AddNumberToObject(doc, "contentLength", (double)n);
	buf_free(&f.body);
	resp_json(r, 200, doc);
}

#define Z(m, p, h, fl, sum) \
	{ m, "/api/v1/zapier/" p, h, AUTH_JWT_OR_KEY, ROLES_ANY, fl, sum, KEY_SCOPE_ZAPIER }

static const struct route routes[] = {
	Z(HTTP_POST, "webhook/sales-call-completed", call_completed_hook, ROUTE_BODY_JSON,
	  "Zapier tells salesan a call completed, was analyzed or failed"),
	Z(HTTP_POST, "webhook/performance-alert", performance_alert_hook, ROUTE_BODY_JSON,
	  "Zapier raises a performance alert (a high-priority notification)"),
	Z(HTTP_GET, "triggers/sales-calls", trigger_calls, 0, "Polling trigger: newest sales calls"),
	Z(HTTP_GET, "triggers/performance-alerts", trigger_alerts, 0,
	  "Polling trigger: newest performance alerts"),
	Z(HTTP_POST, "actions/create-sales-call", create_call_action, ROUTE_BODY_JSON,
	  "Action: create a sales call"),
	Z(HTTP_POST, "actions/send-notification", send_notification_action, ROUTE_BODY_JSON,
	  "Action: notify a user"),
	Z(HTTP_GET, "search/users", search_users, 0, "Search users (dropdown items)"),
	Z(HTTP_GET, "search/organizations", search_orgs, 0, "Search organizations (dropdown items)"),
	Z(HTTP_POST, "actions/otterai-analyze", otterai_analyze, ROUTE_BODY_JSON,
	  "Action: create or update a call from an OtterAI meeting"),
	Z(HTTP_GET, "test/otterai", test_otterai, 0, "What otterai-analyze expects"),
	Z(HTTP_GET, "proxy/transcript", proxy_transcript, 0,
	  "Fetch a transcript from a public http(s) URL"),
};

const struct route_table api_zapier_routes = ROUTE_TABLE(routes);
