/*
 * api_scripts.c - /api/v1/sales-scripts: the training scripts calls are
 * scored against.  Everyone in an organization reads its scripts; managers
 * and admins write them.  A script has the original's fields plus the
 * structure the analysis engine uses (stages, objections, forbidden), which
 * analysis/script.c validates and normalises.  One active script per
 * organization may be its default (isDefault).
 */
#include "authz.h"
#include "resp.h"
#include "router.h"
#include "server.h"
#include "store.h"
#include "analysis/script.h"
#include "common/json.h"
#include "common/log.h"
#include "common/timeutil.h"

#include <stdlib.h>
#include <string.h>

static const struct field *F(const char *name)
{
	return fields_find(script_fields, script_nfields, name);
}

static void not_found(struct request *r)
{
	resp_error(r, 404, "SALES_SCRIPT_NOT_FOUND", "Sales script not found");
}

/* Scripts are organization data: readers see their organization's (admins
 * their tree's, super admins all), whatever their role. */
static int script_scope(struct request *r, struct scope *s)
{
	int rc;

	if (r->who->role & ROLES_ADMINS)
		rc = authz_scope(r->db, r->who, s);
	else {
		memset(s, 0, sizeof *s);
		s->kind = SCOPE_ORG;
		memcpy(s->org_id, r->who->org_id, sizeof s->org_id);
		rc = DB_OK;
	}
	if (rc != DB_OK)
		resp_db_error(r, rc, "scope");
	return rc == DB_OK ? 0 : -1;
}

/* Validate the structure into vals; 0, or -1 after answering 400. */
static int structure(struct request *r, struct fvals *vals, struct verrs *v)
{
	struct script_problem probs[16];
	struct script_norm n;
	int np = script_normalize(r->json, &n, probs, 16), i;

	for (i = 0; i < np && i < 16; i++)
		verr_add(v, probs[i].path, probs[i].msg, NULL);
	if (np)
		return -1;
	if (n.stages) {
		char *s = json_print(n.stages);
		fvals_set_text(vals, F("stages"), s);
		free(s);
	}
	if (n.objections) {
		char *s = json_print(n.objections);
		fvals_set_text(vals, F("objections"), s);
		free(s);
	}
	if (n.forbidden) {
		char *s = json_print(n.forbidden);
		fvals_set_text(vals, F("forbidden"), s);
		free(s);
	}
	script_norm_free(&n);
	return 0;
}

static void answer(struct request *r, const char *id, int status)
{
	struct scope all = { .kind = SCOPE_ALL };
	cJSON *o = NULL;
	int rc = store_script_json(r->db, &all, id, &o, NULL);

	if (rc != DB_ROW)
		resp_db_error(r, rc, "read script");
	else
		resp_data(r, status, o);
}

static void list_scripts(struct request *r)
{
	struct script_filter f = { 0 };
	struct verrs v = { 0 };
	struct scope s;
	const char *active = req_query(r, "isActive"), *cat = req_query(r, "category");
	cJSON *items = NULL;
	int64_t total = 0;
	int rc;

	parse_pagination(r, 20, 100, &f.page, &f.limit, &v);
	if (active && *active) {
		f.has_active = 1;
		if (!strcmp(active, "true"))
			f.active = 1;
		else if (strcmp(active, "false"))
			verr_add_at(&v, "query", "isActive", "must be true or false", NULL);
	}
	if (cat && *cat) {
		const char *msg = check_text(cat, 100, 0);
		if (msg)
			verr_add_at(&v, "query", "category", msg, NULL);
		f.category = cat;
	}
	if (v.n) {
		resp_validation(r, &v);
		return;
	}
	if (script_scope(r, &s))
		return;
	rc = store_scripts_list(r->db, &s, &f, &items, &total);
	if (rc != DB_OK) {
		resp_db_error(r, rc, "list scripts");
		return;
	}
	resp_list(r, "salesScripts", items, f.page, f.limit, total);
}

static int load(struct request *r, struct scope *s, char org[UUID_STR_LEN])
{
	const char *id = req_param(r, 0);
	int rc;

	if (!uuid_valid(id)) {
		not_found(r);
		return -1;
	}
	if (script_scope(r, s))
		return -1;
	rc = store_script_json(r->db, s, id, NULL, org);
	if (rc == DB_DONE)
		not_found(r);
	else if (rc != DB_ROW)
		resp_db_error(r, rc, "read script");
	return rc == DB_ROW ? 0 : -1;
}

static void get_script(struct request *r)
{
	struct scope s;
	char org[UUID_STR_LEN];

	if (load(r, &s, org) == 0)
		answer(r, req_param(r, 0), 200);
}

/* Store vals as a create (id NULL) or an update, keeping one default per
 * organization, in one transaction. */
static void save(struct request *r, struct fvals *vals, const char *id, const char *org)
{
	char new_id[UUID_STR_LEN];
	const struct fval *def = fvals_get(vals, "isDefault");
	int rc;

	if ((rc = db_begin(r->db)) != DB_OK) {
		resp_db_error(r, rc, "begin");
		return;
	}
	rc = id ? store_script_update(r->db, id, vals, time_now_ms())
		: store_script_create(r->db, vals, time_now_ms(), new_id);
	if (rc == DB_OK && def && def->i)
		rc = store_script_clear_default(r->db, org, id ? id : new_id);
	if (rc != DB_OK || (rc = db_commit(r->db)) != DB_OK) {
		db_rollback(r->db);
		resp_db_error(r, rc, "save script");
		return;
	}
	log_info("sales script %s id=%s by=%s", id ? "updated" : "created", id ? id : new_id,
		 r->who->id);
	answer(r, id ? id : new_id, id ? 200 : 201);
}

static void create_script(struct request *r)
{
	struct fvals vals = { 0 };
	struct verrs v = { 0 };
	const struct fval *org;
	int rc;

	fields_parse(script_fields, script_nfields, r->json, FF_CREATE, &vals, &v);
	if (structure(r, &vals, &v) || v.n) {
		resp_validation(r, &v);
		goto out;
	}
	org = fvals_get(&vals, "organizationId");
	if (!org) {
		if (!r->who->org_id[0]) {
			verr_add(&v, "organizationId", "is required", NULL);
			resp_validation(r, &v);
			goto out;
		}
		fvals_set_text(&vals, F("organizationId"), r->who->org_id);
		org = fvals_get(&vals, "organizationId");
	} else {
		rc = r->who->role == ROLE_MANAGER ? !strcmp(org->text, r->who->org_id)
						  : authz_org_in_reach(r->db, r->who, org->text, 0);
		if (rc < 0) {
			resp_db_error(r, rc, "organization");
			goto out;
		}
		if (!rc) {
			verr_add(&v, "organizationId", "must be your organization or one of its branches",
				 NULL);
			resp_validation(r, &v);
			goto out;
		}
	}
	fvals_set_text(&vals, F("createdBy"), r->who->id);
	save(r, &vals, NULL, org->text);
out:
	fvals_free(&vals);
}

static void update_script(struct request *r)
{
	struct fvals vals = { 0 };
	struct verrs v = { 0 };
	struct scope s;
	char org[UUID_STR_LEN];

	if (load(r, &s, org))
		return;
	if (r->who->role == ROLE_MANAGER && strcmp(org, r->who->org_id)) {
		not_found(r);
		return;
	}
	fields_parse(script_fields, script_nfields, r->json, FF_UPDATE, &vals, &v);
	if (structure(r, &vals, &v) || v.n) {
		resp_validation(r, &v);
		goto out;
	}
	save(r, &vals, req_param(r, 0), org);
out:
	fvals_free(&vals);
}

static void delete_script(struct request *r)
{
	struct scope s;
	char org[UUID_STR_LEN];
	int rc;

	if (load(r, &s, org))
		return;
	rc = store_script_delete(r->db, req_param(r, 0));
	if (rc == DB_DONE) {
		not_found(r);
		return;
	}
	if (rc != DB_OK) {
		resp_db_error(r, rc, "delete script");
		return;
	}
	log_info("sales script deleted id=%s by=%s", req_param(r, 0), r->who->id);
	resp_message(r, 200, "Sales script deleted successfully", NULL);
}

static const struct route routes[] = {
	{ HTTP_GET, "/api/v1/sales-scripts", list_scripts, AUTH_JWT, ROLES_ANY, 0,
	  "List the organization's training scripts (isActive, category)", 0 },
	{ HTTP_POST, "/api/v1/sales-scripts", create_script, AUTH_JWT, ROLES_MANAGERS, ROUTE_BODY_JSON,
	  "Create a training script", 0 },
	{ HTTP_GET, "/api/v1/sales-scripts/:id", get_script, AUTH_JWT, ROLES_ANY, 0,
	  "One training script", 0 },
	{ HTTP_PUT, "/api/v1/sales-scripts/:id", update_script, AUTH_JWT, ROLES_MANAGERS,
	  ROUTE_BODY_JSON, "Update a training script", 0 },
	{ HTTP_DELETE, "/api/v1/sales-scripts/:id", delete_script, AUTH_JWT, ROLES_MANAGERS, 0,
	  "Delete a training script", 0 },
};

const struct route_table api_scripts_routes = ROUTE_TABLE(routes);
