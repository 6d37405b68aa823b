/*
 * api_live.c - /api/v1/live-sessions: starting, listing, reading and ending
 * live sessions over REST.  The streaming itself happens on the live hub
 * (live.c); these handlers run on workers and tell the hub through its
 * inbox.  Ending a session turns its streamed segments into the call's
 * transcript and analyses it.
 */
#include "authz.h"
#include "call_ops.h"
#include "live.h"
#include "resp.h"
#include "router.h"
#include "store.h"
#include "common/json.h"
#include "common/log.h"
#include "common/timeutil.h"

#include <string.h>

static void not_found(struct request *r)
{
	resp_error(r, 404, "LIVE_SESSION_NOT_FOUND", "Live session not found");
}

/* Session id of the path, when its rep is within the caller's reach. */
static int load(struct request *r, struct live_row *l)
{
	const char *id = req_param(r, 0);
	struct user_row u;
	int rc;

	if (!uuid_valid(id)) {
		not_found(r);
		return -1;
	}
	rc = store_live_get(r->db, id, l);
	if (rc == DB_ROW) {
		rc = authz_user_in_reach(r->db, r->who, l->rep_id, &u);
		rc = rc == AUTHZ_NOT_FOUND ? DB_DONE : rc < 0 ? rc : DB_ROW;
	}
	if (rc == DB_DONE) {
		not_found(r);
		return -1;
	}
	if (rc != DB_ROW) {
		resp_db_error(r, rc, "read live session");
		return -1;
	}
	return 0;
}

static void start(struct request *r)
{
	const char *call = json_str(r->json, "salesCallId");
	struct fvals v = { 0 };
	struct live_row l;
	struct call_row c;
	struct scope s;
	char id[UUID_STR_LEN];
	int rc;

	if (!call || !uuid_valid(call)) {
		struct verrs e = { 0 };
		verr_add(&e, "salesCallId", "Sales call ID must be a UUID", NULL);
		resp_validation(r, &e);
		return;
	}
	rc = authz_scope(r->db, r->who, &s);
	if (rc == DB_OK)
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
		resp_error(r, 409, "INVALID_STATUS_TRANSITION", "A %s call cannot go live", c.status);
		return;
	}
	if (!c.rep_id[0] || !c.org_id[0]) {
		resp_error(r, 409, "SALES_CALL_UNASSIGNED",
			   "The call needs a sales representative and an organization");
		return;
	}
	if (db_begin(r->db) != DB_OK) {
		resp_db_error(r, DB_BUSY, "begin");
		return;
	}
	rc = store_live_active_for_call(r->db, c.id, &l);
	if (rc == DB_ROW) {
		db_rollback(r->db);
		resp_error_details(r, 409, "LIVE_SESSION_EXISTS", "This call already has a live session",
				   cJSON_CreateString(l.id));
		return;
	}
	if (rc == DB_DONE)
		rc = store_live_create(r->db, c.org_id, c.id, c.rep_id, time_now_ms(), id);
	if (rc == DB_OK && !strcmp(c.status, "scheduled")) {
		fvals_set_text(&v, fields_find(call_fields, call_nfields, "status"), "in_progress");
		fvals_set_int(&v, fields_find(call_fields, call_nfields, "callStartTime"), time_now_ms());
		fvals_set_int(&v, fields_find(call_fields, call_nfields, "isLiveMonitored"), 1);
		fvals_set_text(&v, fields_find(call_fields, call_nfields, "liveSessionId"), id);
		rc = store_call_update(r->db, c.id, &v, time_now_ms());
		fvals_free(&v);
	}
	if (rc == DB_OK)
		rc = db_commit(r->db) == DB_OK ? store_live_get(r->db, id, &l) : DB_BUSY;
	else
		db_rollback(r->db);
	if (rc != DB_ROW) {
		resp_db_error(r, rc, "start live session");
		return;
	}
	live_post_started(&l);
	log_info("live session %s started for call %s by %s", l.id, c.id, r->who->id);
	resp_data(r, 201, store_live_json(&l));
}

static void list(struct request *r)
{
	struct scope s;
	cJSON *items = NULL;
	int rc = authz_scope(r->db, r->who, &s);

	if (rc == DB_OK)
		rc = store_live_list(r->db, &s, &items);
	if (rc != DB_OK)
		resp_db_error(r, rc, "list live sessions");
	else
		resp_data(r, 200, items);
}

static void get(struct request *r)
{
	struct live_row l;
	cJSON *d, *segs = NULL, *evs = NULL, *iv, *ev;
	int rc;

	if (load(r, &l))
		return;
	rc = store_live_segments(r->db, l.id, &segs);
	if (rc == DB_OK)
		rc = store_live_events(r->db, l.id, &evs);
	if (rc != DB_OK) {
		cJSON_Delete(segs);
		cJSON_Delete(evs);
		resp_db_error(r, rc, "read live session");
		return;
	}
	d = store_live_json(&l);
	cJSON_AddItemToObject(d, "transcript", segs);
	iv = cJSON_AddArrayToObject(d, "interventions");
	cJSON_AddNullToObject(d, "notes");
	cJSON_ArrayForEach(ev, evs) {
		const char *k = json_str(ev, "kind");
		if (!strcmp(k, "intervention") || !strcmp(k, "response"))
			cJSON_AddItemToArray(iv, cJSON_Duplicate(ev, 1));
		else if (!strcmp(k, "notes"))
			cJSON_ReplaceItemInObjectCaseSensitive(
				d, "notes", cJSON_Duplicate(json_get(json_get(ev, "data"), "notes"), 1));
	}
	cJSON_AddItemToObject(d, "events", evs);
	resp_data(r, 200, d);
}

static void end(struct request *r)
{
	struct live_row l;
	cJSON *sc = NULL, *d;
	int rc;

	if (load(r, &l))
		return;
	if (strcmp(r->who->id, l.rep_id) && !(r->who->role & ROLES_MANAGERS)) {
		resp_error(r, 403, "INSUFFICIENT_PERMISSIONS", "Only the rep or their managers end it");
		return;
	}
	rc = live_finish(r, &l, &sc);
	if (rc == 1) {
		resp_error(r, 409, "LIVE_SESSION_ENDED", "The live session has already ended");
		return;
	}
	if (rc)
		return; /* answered; the session has ended regardless */
	log_info("live session %s ended by %s", l.id, r->who->id);
	d = cJSON_CreateObject();
	cJSON_AddItemToObject(d, "session", store_live_json(&l));
	cJSON_AddItemToObject(d, "analysis", sc ? sc : cJSON_CreateNull());
	resp_message(r, 200, "Live session ended", d);
}

static const struct route routes[] = {
	{ HTTP_POST, "/api/v1/live-sessions", start, AUTH_JWT, ROLES_ANY, ROUTE_BODY_JSON,
	  "Start a live session for a sales call", 0 },
	{ HTTP_GET, "/api/v1/live-sessions", list, AUTH_JWT, ROLES_ANY, 0,
	  "Active live sessions the caller may watch", 0 },
	{ HTTP_GET, "/api/v1/live-sessions/:id", get, AUTH_JWT, ROLES_ANY, 0,
	  "A live session with its transcript so far, interventions and notes", 0 },
	{ HTTP_POST, "/api/v1/live-sessions/:id/end", end, AUTH_JWT, ROLES_ANY, ROUTE_BODY_JSON,
	  "End a live session: transcript to the call, then analysis", 0 },
};

const struct route_table api_live_routes = ROUTE_TABLE(routes);
