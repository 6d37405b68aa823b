/*
 * api_calls.c - /api/v1/sales-calls: the seven routes of the original, with
 * per-role visibility (authz.h), known fields only, and a checked life
 * cycle:
 *
 *   scheduled --start--> in_progress --complete--> completed
 *       |  ^                  |
 *       v  |                  v
 *   cancelled / no_show   cancelled
 *
 * A call can also be completed straight from scheduled (logged after the
 * fact; its duration is then unknown).  Completed calls are final.
 */
#include "authz.h"
#include "call_ops.h"
#include "resp.h"
#include "router.h"
#include "server.h"
#include "store.h"
#include "common/json.h"
#include "common/log.h"
#include "common/timeutil.h"

#include <stdio.h>
#include <string.h>

static const char *const outcomes[] = { "sale", "no_sale", "follow_up", "rescheduled", NULL };
static const char *const statuses[] = { "scheduled", "in_progress", "completed",
					"cancelled", "no_show", NULL };

/* Permitted status changes; start/complete/PUT all go through this. */
static int transition_ok(const char *from, const char *to)
{
	static const char *const allowed[][2] = {
		{ "scheduled", "in_progress" }, { "scheduled", "completed" },
		{ "scheduled", "cancelled" },   { "scheduled", "no_show" },
		{ "in_progress", "completed" }, { "in_progress", "cancelled" },
		{ "cancelled", "scheduled" },   { "no_show", "scheduled" },
	};
	size_t i;

	for (i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
		if (!strcmp(allowed[i][0], from) && !strcmp(allowed[i][1], to))
			return 1;
	return 0;
}

static const struct field *F(const char *name)
{
	return fields_find(call_fields, call_nfields, name);
}

static void not_found(struct request *r)
{
	resp_error(r, 404, "SALES_CALL_NOT_FOUND", "Sales call not found");
}

/* Resolve the caller's scope, or answer 500/503 and return -1. */
static int scope_of(struct request *r, struct scope *s)
{
	int rc = authz_scope(r->db, r->who, s);

	if (rc != DB_OK) {
		resp_db_error(r, rc, "scope");
		return -1;
	}
	return 0;
}

/* Fetch the call the path names, within the caller's scope.  Returns 0, or
 * -1 after answering (404 for malformed ids and invisible calls). */
static int load_call(struct request *r, struct scope *s, struct call_row *c)
{
	const char *id = req_param(r, 0);
	int rc;

	if (!uuid_valid(id)) {
		not_found(r);
		return -1;
	}
	if (scope_of(r, s))
		return -1;
	rc = store_call_row(r->db, s, id, c);
	if (rc == DB_DONE) {
		not_found(r);
		return -1;
	}
	if (rc != DB_ROW) {
		resp_db_error(r, rc, "read call");
		return -1;
	}
	return 0;
}

/* Answer with the current state of call id. */
static void answer_call(struct request *r, const struct scope *s, const char *id, int status,
			const char *message)
{
	cJSON *obj = NULL;
	int rc = store_call_json(r->db, s, id, &obj);

	if (rc == DB_DONE) { /* moved out of the caller's reach by this very change */
		struct scope all = { .kind = SCOPE_ALL };
		rc = store_call_json(r->db, &all, id, &obj);
	}
	if (rc != DB_ROW) {
		resp_db_error(r, rc, "read call");
		return;
	}
	if (message)
		resp_message(r, status, message, obj);
	else
		resp_data(r, status, obj);
}

static void list_calls(struct request *r)
{
	struct call_filter f = { 0 };
	struct verrs v = { 0 };
	struct scope s;
	cJSON *items = NULL, *data;
	int64_t total = 0;
	int rc;

	parse_pagination(r, 10, 100, &f.page, &f.limit, &v);
	query_enum(r, "status", statuses, &f.status, &v);
	query_enum(r, "outcome", outcomes, &f.outcome, &v);
	query_uuid(r, "salesRepresentativeId", &f.rep_id, &v);
	query_date_range(r, &f.start_ms, &f.has_start, &f.end_ms, &f.has_end, &v);
	if (v.n) {
		resp_validation(r, &v);
		return;
	}
	if (scope_of(r, &s))
		return;
	rc = store_calls_list(r->db, &s, &f, &items, &total);
	if (rc != DB_OK) {
		resp_db_error(r, rc, "list calls");
		return;
	}
	data = cJSON_CreateObject();
	cJSON_AddItemToObject(data, "salesCalls", items);
	cJSON_AddItemToObject(data, "pagination", pagination_json(f.page, f.limit, total));
	resp_data(r, 200, data);
}

static void get_call(struct request *r)
{
	struct scope s;
	cJSON *obj = NULL;
	int rc;

	if (!uuid_valid(req_param(r, 0))) {
		not_found(r);
		return;
	}
	if (scope_of(r, &s))
		return;
	rc = store_call_json(r->db, &s, req_param(r, 0), &obj);
	if (rc == DB_DONE)
		not_found(r);
	else if (rc != DB_ROW)
		resp_db_error(r, rc, "read call");
	else
		resp_data(r, 200, obj);
}

/*
 * Check salesRepresentativeId and managerId in v against the caller's
 * reach, and derive the call's organization from the representative.
 * Returns 0, or -1 after answering.
 */
static int check_people(struct request *r, struct fvals *vals, int creating)
{
	const struct fval *rep = fvals_get(vals, "salesRepresentativeId");
	const struct fval *mgr = fvals_get(vals, "managerId");
	struct verrs v = { 0 };
	struct user_row ru, mu;
	int rc;

	if (!rep && creating)
		fvals_set_text(vals, F("salesRepresentativeId"), r->who->id);
	rep = fvals_get(vals, "salesRepresentativeId");
	if (rep) {
		rc = authz_user_in_reach(r->db, r->who, rep->text, &ru);
		if (rc < 0) {
			resp_db_error(r, rc, "read user");
			return -1;
		}
		if (rc != AUTHZ_OK) {
			verr_add(&v, "salesRepresentativeId",
				 rc == AUTHZ_INACTIVE ? "is not an active user"
						      : "must be you or a member of your team or organization",
				 NULL);
			resp_validation(r, &v);
			return -1;
		}
		if (ru.org_id[0])
			fvals_set_text(vals, F("organizationId"), ru.org_id);
		else if (creating && r->who->org_id[0])
			fvals_set_text(vals, F("organizationId"), r->who->org_id);
		if (!mgr && creating && ru.manager_id[0])
			fvals_set_text(vals, F("managerId"), ru.manager_id);
	}
	mgr = fvals_get(vals, "managerId");
	if (mgr && !mgr->is_null) {
		rc = store_user_by_id(r->db, mgr->text, &mu);
		if (rc < 0) {
			resp_db_error(r, rc, "read user");
			return -1;
		}
		const struct fval *org = fvals_get(vals, "organizationId");
		int same_org = rc == DB_ROW && (!org || org->is_null || !strcmp(org->text, mu.org_id));
		if (rc == DB_DONE || !same_org || !(role_from_str(mu.role) & ROLES_MANAGERS) ||
		    strcmp(mu.status, "active")) {
			verr_add(&v, "managerId", "must be an active manager of the call's organization",
				 NULL);
			resp_validation(r, &v);
			return -1;
		}
	}
	return 0;
}

int call_create(struct request *r, const cJSON *body, char id[UUID_STR_LEN])
{
	struct fvals vals = { 0 };
	struct verrs v = { 0 };
	int rc, ret = -1;

	fields_parse(call_fields, call_nfields, body, FF_CREATE, &vals, &v);
	if (r->who->via_key && !fvals_get(&vals, "salesRepresentativeId"))
		verr_add(&v, "salesRepresentativeId", "Sales representative ID is required", NULL);
	if (v.n) {
		resp_validation(r, &v);
		goto out;
	}
	if (check_people(r, &vals, 1))
		goto out;
	rc = store_call_insert(r->db, &vals, time_now_ms(), id);
	if (rc != DB_OK) {
		resp_db_error(r, rc, "insert call");
		goto out;
	}
	log_info("sales call created id=%s by=%s%s", id, r->who->via_key ? "api-key:" : "",
		 r->who->id);
	ret = 0;
out:
	fvals_free(&vals);
	return ret;
}

static void create_call(struct request *r)
{
	char id[UUID_STR_LEN];
	struct scope s;

	if (call_create(r, r->json, id) == 0 && scope_of(r, &s) == 0)
		answer_call(r, &s, id, 201, NULL);
}

static int apply_transition(struct request *r, const struct call_row *c, const char *to,
			    struct fvals *vals)
{
	int64_t now = time_now_ms();

	if (!strcmp(c->status, to) && strcmp(to, "completed"))
		return 0; /* no change */
	if (!transition_ok(c->status, to)) {
		if (!strcmp(c->status, "completed"))
			resp_error(r, 409, "SALES_CALL_COMPLETED",
				   "Sales call is already completed; its status cannot change");
		else
			resp_error(r, 409, "INVALID_STATUS_TRANSITION",
				   "A %s sales call cannot become %s", c->status, to);
		return -1;
	}
	fvals_set_text(vals, F("status"), to);
	if (!strcmp(to, "in_progress")) {
		fvals_set_int(vals, F("callStartTime"), now);
	} else if (!strcmp(to, "completed")) {
		const struct fval *o = fvals_get(vals, "outcome");
		if (!o || o->is_null) {
			struct verrs v = { 0 };
			verr_add(&v, "outcome", "is required to complete a call", NULL);
			resp_validation(r, &v);
			return -1;
		}
		fvals_set_int(vals, F("callEndTime"), now);
		if (c->has_start)
			fvals_set_int(vals, F("duration"), (now - c->start_ms) / 1000);
	}
	return 0;
}

static void update_call(struct request *r)
{
	struct fvals vals = { 0 };
	struct verrs v = { 0 };
	struct call_row c;
	struct scope s;
	const struct fval *st;
	int rc;

	if (load_call(r, &s, &c))
		return;
	fields_parse(call_fields, call_nfields, r->json, FF_UPDATE, &vals, &v);
	if (v.n) {
		resp_validation(r, &v);
		goto out;
	}
	if (check_people(r, &vals, 0))
		goto out;
	st = fvals_get(&vals, "status");
	if (st) {
		char to[16];
		snprintf(to, sizeof to, "%s", st->text);
		if (!strcmp(c.status, "completed") && !strcmp(to, "completed")) {
			fvals_remove(&vals, "status"); /* editing a completed call's fields */
		} else if (apply_transition(r, &c, to, &vals)) {
			goto out;
		}
	}
	if (vals.n) {
		rc = store_call_update(r->db, c.id, &vals, time_now_ms());
		if (rc == DB_DONE) {
			not_found(r);
			goto out;
		}
		if (rc != DB_OK) {
			resp_db_error(r, rc, "update call");
			goto out;
		}
		log_info("sales call updated id=%s by=%s", c.id, r->who->id);
	}
	answer_call(r, &s, c.id, 200, NULL);
out:
	fvals_free(&vals);
}

static void delete_call(struct request *r)
{
	struct call_row c;
	struct scope s;
	int rc;

	if (load_call(r, &s, &c))
		return;
	rc = store_call_delete(r->db, c.id);
	if (rc == DB_DONE) {
		not_found(r);
		return;
	}
	if (rc != DB_OK) {
		resp_db_error(r, rc, "delete call");
		return;
	}
	log_info("sales call deleted id=%s by=%s", c.id, r->who->id);
	resp_message(r, 200, "Sales call deleted successfully", NULL);
}

static void start_call(struct request *r)
{
	struct fvals vals = { 0 };
	struct call_row c;
	struct scope s;
	int rc;

	if (load_call(r, &s, &c))
		return;
	if (!strcmp(c.status, "in_progress")) {
		resp_error(r, 409, "SALES_CALL_IN_PROGRESS", "Sales call is already in progress");
		return;
	}
	if (apply_transition(r, &c, "in_progress", &vals))
		goto out;
	rc = store_call_update(r->db, c.id, &vals, time_now_ms());
	if (rc != DB_OK) {
		resp_db_error(r, rc, "start call");
		goto out;
	}
	log_info("sales call started id=%s by=%s", c.id, r->who->id);
	answer_call(r, &s, c.id, 200, NULL);
out:
	fvals_free(&vals);
}

static const struct field complete_fields[] = {
	{ "outcome", NULL, "outcome", FT_ENUM, FF_CREATE | FF_REQUIRED, 0, outcomes, 0, 0 },
	{ "saleAmount", "sale_amount", "sale_amount_cents", FT_MONEY, FF_CREATE | FF_NULLABLE, 0, NULL, 0, 0 },
	{ "notes", NULL, "notes", FT_LONGTEXT, FF_CREATE, 10000, NULL, 0, 0 },
};

static void complete_call(struct request *r)
{
	struct fvals vals = { 0 };
	struct verrs v = { 0 };
	struct call_row c;
	struct scope s;
	int rc;

	if (load_call(r, &s, &c))
		return;
	fields_parse(complete_fields, sizeof complete_fields / sizeof complete_fields[0], r->json,
		     FF_CREATE, &vals, &v);
	if (v.n) {
		resp_validation(r, &v);
		goto out;
	}
	if (!strcmp(c.status, "completed")) {
		resp_error(r, 409, "SALES_CALL_COMPLETED", "Sales call is already completed");
		goto out;
	}
	if (apply_transition(r, &c, "completed", &vals))
		goto out;
	rc = store_call_update(r->db, c.id, &vals, time_now_ms());
	if (rc != DB_OK) {
		resp_db_error(r, rc, "complete call");
		goto out;
	}
	log_info("sales call completed id=%s by=%s", c.id, r->who->id);
	answer_call(r, &s, c.id, 200, NULL);
out:
	fvals_free(&vals);
}

static const struct route routes[] = {
	{ HTTP_GET, "/api/v1/sales-calls", list_calls, AUTH_JWT, ROLES_ANY, 0,
	  "List visible sales calls (filters, pagination)", 0 },
	{ HTTP_POST, "/api/v1/sales-calls", create_call, AUTH_JWT, ROLES_ANY, ROUTE_BODY_JSON,
	  "Create a sales call", 0 },
	{ HTTP_GET, "/api/v1/sales-calls/:id", get_call, AUTH_JWT, ROLES_ANY, 0,
	  "One sales call", 0 },
	{ HTTP_PUT, "/api/v1/sales-calls/:id", update_call, AUTH_JWT, ROLES_ANY, ROUTE_BODY_JSON,
	  "Update a sales call's fields or status", 0 },
	{ HTTP_DELETE, "/api/v1/sales-calls/:id", delete_call, AUTH_JWT, ROLES_MANAGERS, 0,
	  "Delete a sales call", 0 },
	{ HTTP_POST, "/api/v1/sales-calls/:id/start", start_call, AUTH_JWT, ROLES_ANY, ROUTE_BODY_JSON,
	  "Start a scheduled call", 0 },
	{ HTTP_POST, "/api/v1/sales-calls/:id/complete", complete_call, AUTH_JWT, ROLES_ANY,
	  ROUTE_BODY_JSON, "Complete a call with its outcome", 0 },
};

const struct route_table api_calls_routes = ROUTE_TABLE(routes);
