/*
 * api_orgs.c - /api/v1/organizations: list (with a correct total), get,
 * create, update, soft delete, branches and stats.
 *
 * Admins see their organization and its branches (at any depth) and may
 * create and manage branches below their own; super admins manage every
 * organization.  The commercial fields (plan, subscription, seat limit,
 * status of the admin's own organization, parent) are the super admin's.
 */
#include "authz.h"
#include "resp.h"
#include "router.h"
#include "server.h"
#include "store.h"
#include "common/json.h"
#include "common/log.h"
#include "common/timeutil.h"

#include <string.h>

static const char *const org_types[] = { "branch", "headquarters", "subsidiary", NULL };
static const char *const org_statuses[] = { "active", "inactive", "suspended", NULL };

/* Fields only a super admin may set. */
static const char *const super_fields[] = {
	"subscriptionPlan", "subscriptionStatus", "subscriptionStartDate", "subscriptionEndDate",
	"maxUsers", NULL,
};

static const struct field *F(const char *name)
{
	return fields_find(org_fields, org_nfields, name);
}

static void not_found(struct request *r)
{
	resp_error(r, 404, "ORGANIZATION_NOT_FOUND", "Organization not found");
}

/* The organization the path names, if the caller reaches it: 0, or -1 after
 * answering. */
static int load_org(struct request *r, struct scope *s, struct org_row *o)
{
	const char *id = req_param(r, 0);
	cJSON *tmp = NULL;
	int rc;

	if (!uuid_valid(id)) {
		not_found(r);
		return -1;
	}
	if ((rc = authz_scope(r->db, r->who, s)) != DB_OK ||
	    ((rc = store_org_json(r->db, s, id, &tmp)) != DB_ROW && rc != DB_DONE)) {
		resp_db_error(r, rc, "read organization");
		return -1;
	}
	cJSON_Delete(tmp);
	if (rc == DB_DONE || (rc = store_org_by_id(r->db, id, o)) == DB_DONE) {
		not_found(r);
		return -1;
	}
	if (rc != DB_ROW) {
		resp_db_error(r, rc, "read organization");
		return -1;
	}
	return 0;
}

static void answer_org(struct request *r, const char *id, int status)
{
	struct scope all = { .kind = SCOPE_ALL };
	cJSON *o = NULL;
	int rc = store_org_json(r->db, &all, id, &o);

	if (rc != DB_ROW)
		resp_db_error(r, rc, "read organization");
	else
		resp_data(r, status, o);
}

static void list_orgs(struct request *r)
{
	struct org_filter f = { 0 };
	struct verrs v = { 0 };
	struct scope s;
	cJSON *items = NULL;
	int64_t total = 0;
	int rc;

	parse_pagination(r, 10, 100, &f.page, &f.limit, &v);
	query_enum(r, "status", org_statuses, &f.status, &v);
	query_enum(r, "type", org_types, &f.type, &v);
	if (v.n) {
		resp_validation(r, &v);
		return;
	}
	if ((rc = authz_scope(r->db, r->who, &s)) != DB_OK ||
	    (rc = store_orgs_list(r->db, &s, &f, &items, &total)) != DB_OK) {
		resp_db_error(r, rc, "list organizations");
		return;
	}
	resp_list(r, "organizations", items, f.page, f.limit, total);
}

static void get_org(struct request *r)
{
	struct scope s;
	struct org_row o;

	if (load_org(r, &s, &o) == 0)
		answer_org(r, o.id, 200);
}

/* Refuse super-admin-only fields for admins: 0 or -1 (answered). */
static int check_super_fields(struct request *r, const struct fvals *vals)
{
	struct buf denied = BUF_INIT;
	const char *const *f;

	if (r->who->role == ROLE_SUPER)
		return 0;
	for (f = super_fields; *f; f++)
		if (fvals_get(vals, *f))
			buf_addf(&denied, "%s%s", denied.len ? ", " : "", *f);
	if (!denied.len)
		return 0;
	resp_error(r, 403, "FORBIDDEN_FIELDS", "Only a super admin may change: %s", denied.s);
	buf_free(&denied);
	return -1;
}

/* The new parent exists, is reachable, and is not org_id or below it. */
static int check_parent(struct request *r, const char *parent, const char *org_id)
{
	struct verrs v = { 0 };
	struct org_row p;
	int rc = store_org_by_id(r->db, parent, &p);

	if (rc == DB_ROW)
		rc = authz_org_in_reach(r->db, r->who, parent, 0) == 1 ? DB_ROW : DB_DONE;
	if (rc == DB_ROW && org_id) {
		int below = store_org_within(r->db, parent, org_id);
		if (below < 0) {
			resp_db_error(r, below, "organization tree");
			return -1;
		}
		if (below) {
			verr_add(&v, "parentOrganizationId", "would make a cycle of branches", NULL);
			resp_validation(r, &v);
			return -1;
		}
	}
	if (rc == DB_DONE) {
		verr_add(&v, "parentOrganizationId", "no such organization within your reach", NULL);
		resp_validation(r, &v);
		return -1;
	}
	if (rc != DB_ROW) {
		resp_db_error(r, rc, "read organization");
		return -1;
	}
	return 0;
}

static void create_org(struct request *r)
{
	struct fvals vals = { 0 };
	struct verrs v = { 0 };
	const struct fval *parent;
	char id[UUID_STR_LEN];
	int64_t now = time_now_ms();
	int rc;

	fields_parse(org_fields, org_nfields, r->json, FF_CREATE, &vals, &v);
	if (v.n) {
		resp_validation(r, &v);
		goto out;
	}
	if (check_super_fields(r, &vals))
		goto out;
	parent = fvals_get(&vals, "parentOrganizationId");
	if (r->who->role != ROLE_SUPER && (!parent || parent->is_null)) {
		/* Admins grow their own tree: a new organization is a branch. */
		if (!r->who->org_id[0]) {
			resp_error(r, 403, "INSUFFICIENT_PERMISSIONS", "Only a super admin can create organizations");
			goto out;
		}
		fvals_set_text(&vals, F("parentOrganizationId"), r->who->org_id);
		parent = fvals_get(&vals, "parentOrganizationId");
	}
	if (parent && !parent->is_null && check_parent(r, parent->text, NULL))
		goto out;
	if (!fvals_get(&vals, "type"))
		fvals_set_text(&vals, F("type"), parent && !parent->is_null ? "branch" : "headquarters");
	if (!fvals_get(&vals, "subscriptionStartDate"))
		fvals_set_int(&vals, F("subscriptionStartDate"), now);
	if (!fvals_get(&vals, "subscriptionEndDate"))
		fvals_set_int(&vals, F("subscriptionEndDate"), now + 365LL * 86400000);
	rc = store_org_create(r->db, &vals, now, id);
	if (rc != DB_OK) {
		resp_db_error(r, rc, "create organization");
		goto out;
	}
	log_info("organization created id=%s by=%s", id, r->who->id);
	answer_org(r, id, 201);
out:
	fvals_free(&vals);
}

static void update_org(struct request *r)
{
	struct fvals vals = { 0 };
	struct verrs v = { 0 };
	const struct fval *fv;
	struct org_row o;
	struct scope s;
	int rc;

	if (load_org(r, &s, &o))
		return;
	fields_parse(org_fields, org_nfields, r->json, FF_UPDATE, &vals, &v);
	if (v.n) {
		resp_validation(r, &v);
		goto out;
	}
	if (check_super_fields(r, &vals))
		goto out;
	/* An admin's own organization: its status and place are not theirs. */
	if (r->who->role != ROLE_SUPER && !strcmp(o.id, r->who->org_id) &&
	    (fvals_get(&vals, "status") || fvals_get(&vals, "parentOrganizationId"))) {
		resp_error(r, 403, "FORBIDDEN_FIELDS",
			   "Only a super admin may change the status or parent of your own organization");
		goto out;
	}
	fv = fvals_get(&vals, "parentOrganizationId");
	if (fv && !fv->is_null && check_parent(r, fv->text, o.id))
		goto out;
	rc = vals.n ? store_org_update(r->db, o.id, &vals, time_now_ms()) : DB_OK;
	if (rc != DB_OK) {
		resp_db_error(r, rc, "update organization");
		goto out;
	}
	log_info("organization updated id=%s by=%s", o.id, r->who->id);
	answer_org(r, o.id, 200);
out:
	fvals_free(&vals);
}

static void delete_org(struct request *r)
{
	struct fvals vals = { 0 };
	struct org_row o;
	struct scope s;
	int rc;

	if (load_org(r, &s, &o))
		return;
	if (r->who->role != ROLE_SUPER && !strcmp(o.id, r->who->org_id)) {
		resp_error(r, 403, "INSUFFICIENT_PERMISSIONS",
			   "Only a super admin can delete your own organization");
		return;
	}
	if (!strcmp(o.id, r->who->org_id)) {
		resp_error(r, 409, "CANNOT_DELETE_OWN_ORGANIZATION",
			   "Deleting your own organization would lock you out");
		return;
	}
	fvals_set_text(&vals, F("status"), "inactive");
	rc = store_org_update(r->db, o.id, &vals, time_now_ms());
	fvals_free(&vals);
	if (rc != DB_OK) {
		resp_db_error(r, rc, "delete organization");
		return;
	}
	log_info("organization deactivated id=%s by=%s", o.id, r->who->id);
	resp_message(r, 200, "Organization deleted successfully", NULL);
}

static void branches(struct request *r)
{
	struct org_filter f = { 0 };
	struct verrs v = { 0 };
	struct org_row o;
	struct scope s, all = { .kind = SCOPE_ALL };
	cJSON *items = NULL;
	int rc;

	if (load_org(r, &s, &o))
		return;
	query_enum(r, "type", org_types, &f.type, &v);
	query_enum(r, "status", org_statuses, &f.status, &v);
	if (v.n) {
		resp_validation(r, &v);
		return;
	}
	f.parent_id = o.id; /* children of a reachable organization are reachable */
	rc = store_orgs_list(r->db, &all, &f, &items, NULL);
	if (rc != DB_OK)
		resp_db_error(r, rc, "list branches");
	else
		resp_data(r, 200, items);
}

static void stats(struct request *r)
{
	struct org_row o;
	struct scope s;
	cJSON *st = NULL;
	int rc;

	if (load_org(r, &s, &o))
		return;
	rc = store_org_stats(r->db, o.id, &st);
	if (rc != DB_ROW)
		resp_db_error(r, rc, "organization stats");
	else
		resp_data(r, 200, st);
}

static const struct route routes[] = {
	{ HTTP_GET, "/api/v1/organizations", list_orgs, AUTH_JWT, ROLES_ADMINS, 0,
	  "List reachable organizations (status, type filters)", 0 },
	{ HTTP_POST, "/api/v1/organizations", create_org, AUTH_JWT, ROLES_ADMINS, ROUTE_BODY_JSON,
	  "Create an organization (admins: a branch of theirs)", 0 },
	{ HTTP_GET, "/api/v1/organizations/:id", get_org, AUTH_JWT, ROLES_ADMINS, 0,
	  "One organization", 0 },
	{ HTTP_PUT, "/api/v1/organizations/:id", update_org, AUTH_JWT, ROLES_ADMINS, ROUTE_BODY_JSON,
	  "Update an organization", 0 },
	{ HTTP_DELETE, "/api/v1/organizations/:id", delete_org, AUTH_JWT, ROLES_ADMINS, 0,
	  "Deactivate an organization", 0 },
	{ HTTP_GET, "/api/v1/organizations/:id/branches", branches, AUTH_JWT, ROLES_ADMINS, 0,
	  "Direct branches (?type=)", 0 },
	{ HTTP_GET, "/api/v1/organizations/:id/stats", stats, AUTH_JWT, ROLES_ADMINS, 0,
	  "User and subscription statistics", 0 },
};

const struct route_table api_orgs_routes = ROUTE_TABLE(routes);
