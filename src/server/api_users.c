/*
 * api_users.c - /api/v1/users: list, get, create, update, soft delete.
 *
 * Reach (authz.h): managers act on their team (themselves and their direct
 * reports), admins on their organization and its branches, super admins
 * everywhere; representatives only see themselves.  On top of reach, who
 * may change which field is one table (field_rules): anyone may edit their
 * own profile and password (with the current password), nobody their own
 * role, status or organization; managers may edit their reports' profile
 * and status; admins everything but the super admin role, which only super
 * admins grant.  Super admins cannot be changed by anyone else.
 */
#include "authz.h"
#include "password.h"
#include "resp.h"
#include "router.h"
#include "server.h"
#include "store.h"
#include "user_ops.h"
#include "common/json.h"
#include "common/log.h"
#include "common/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const roles[] = { "sales_representative", "sales_manager", "admin",
				     "super_admin", NULL };
static const char *const statuses[] = { "active", "inactive", "suspended", NULL };

/* Which callers may change a field: on themselves, and on others they reach. */
static const struct {
	const char *field;
	unsigned self;   /* role bits allowed to change it on their own record */
	unsigned other;  /* role bits allowed to change it on someone they reach */
} field_rules[] = {
	{ "firstName", ROLES_ANY, ROLES_MANAGERS },
	{ "lastName", ROLES_ANY, ROLES_MANAGERS },
	{ "phone", ROLES_ANY, ROLES_MANAGERS },
	{ "profileImageUrl", ROLES_ANY, ROLES_MANAGERS },
	{ "preferences", ROLES_ANY, ROLES_ADMINS },
	{ "email", ROLES_ANY, ROLES_ADMINS },
	{ "status", 0, ROLES_MANAGERS },
	{ "role", 0, ROLES_ADMINS },
	{ "organizationId", 0, ROLES_ADMINS },
	{ "managerId", 0, ROLES_ADMINS },
};

static const struct field *F(const char *name)
{
	return fields_find(user_fields, user_nfields, name);
}

static void not_found(struct request *r)
{
	resp_error(r, 404, "USER_NOT_FOUND", "User not found");
}

static int may_grant_role(const struct principal *p, const char *role)
{
	unsigned bit = role_from_str(role);

	switch (p->role) {
	case ROLE_SUPER: return 1;
	case ROLE_ADMIN: return bit != ROLE_SUPER;
	case ROLE_MANAGER: return bit == ROLE_REP || bit == ROLE_MANAGER;
	default: return 0;
	}
}

/* The organization is active and has room for one more active user.
 * Returns 0, or -1 after answering. */
static int org_has_room(struct request *r, const char *org_id)
{
	struct org_row o;
	int64_t n;
	int rc = store_org_by_id(r->db, org_id, &o);

	if (rc == DB_DONE) {
		struct verrs v = { 0 };
		verr_add(&v, "organizationId", "no such organization", NULL);
		resp_validation(r, &v);
		return -1;
	}
	if (rc != DB_ROW || (rc = store_users_in_org(r->db, org_id, &n)) != DB_OK) {
		resp_db_error(r, rc, "organization capacity");
		return -1;
	}
	if (n >= o.max_users) {
		resp_error(r, 403, "USER_LIMIT_REACHED",
			   "The organization has reached its limit of %lld active users",
			   (long long)o.max_users);
		return -1;
	}
	return 0;
}

/* managerId must name an active manager (or above) of org_id who is not
 * target itself nor one of target's reports.  Returns 0 or -1 (answered). */
static int check_manager(struct request *r, const char *manager_id, const char *org_id,
			 const char *target_id)
{
	struct verrs v = { 0 };
	struct user_row m;
	int rc = store_user_by_id(r->db, manager_id, &m);

	if (rc < 0) {
		resp_db_error(r, rc, "read manager");
		return -1;
	}
	if (rc == DB_DONE || strcmp(m.org_id, org_id ? org_id : "") || strcmp(m.status, "active") ||
	    !(role_from_str(m.role) & ROLES_MANAGERS)) {
		verr_add(&v, "managerId", "must be an active manager of the user's organization", NULL);
		resp_validation(r, &v);
		return -1;
	}
	if (target_id) {
		rc = store_user_reports_to(r->db, manager_id, target_id);
		if (rc < 0) {
			resp_db_error(r, rc, "manager chain");
			return -1;
		}
		if (rc) {
			verr_add(&v, "managerId", "would make the user their own manager", NULL);
			resp_validation(r, &v);
			return -1;
		}
	}
	return 0;
}

static void answer_user(struct request *r, const char *id, int status)
{
	cJSON *u = NULL;
	int rc = store_user_json(r->db, id, 0, &u);

	if (rc != DB_ROW)
		resp_db_error(r, rc, "read user");
	else
		resp_data(r, status, u);
}

static void list_users(struct request *r)
{
	struct user_filter f = { 0 };
	struct verrs v = { 0 };
	struct scope s;
	const char *email;
	char *key = NULL;
	cJSON *items = NULL;
	int64_t total = 0;
	int rc;

	parse_pagination(r, 10, 100, &f.page, &f.limit, &v);
	query_enum(r, "role", roles, &f.role, &v);
	query_enum(r, "status", statuses, &f.status, &v);
	query_uuid(r, "organizationId", &f.org_id, &v);
	email = req_query(r, "email");
	if (email && (!*email || strlen(email) > 254))
		verr_add_at(&v, "query", "email", "must be an email address of at most 254 characters",
			    NULL);
	if (v.n) {
		resp_validation(r, &v);
		return;
	}
	if (email)
		f.email_key = key = store_email_key(email);
	if ((rc = authz_scope(r->db, r->who, &s)) != DB_OK ||
	    (rc = store_users_list(r->db, &s, &f, &items, &total)) != DB_OK) {
		free(key);
		resp_db_error(r, rc, "list users");
		return;
	}
	free(key);
	resp_list(r, "users", items, f.page, f.limit, total);
}

/* Load the user the path names if the caller reaches it.  Returns 0, or -1
 * after answering (404 for malformed ids and users out of reach). */
static int load_target(struct request *r, struct user_row *t)
{
	const char *id = req_param(r, 0);
	struct scope s;
	int rc;

	if (!uuid_valid(id)) {
		not_found(r);
		return -1;
	}
	if ((rc = authz_scope(r->db, r->who, &s)) != DB_OK ||
	    ((rc = store_user_visible(r->db, &s, id)) != DB_ROW && rc != DB_DONE)) {
		resp_db_error(r, rc, "read user");
		return -1;
	}
	if (rc == DB_DONE || (rc = store_user_by_id(r->db, id, t)) == DB_DONE) {
		not_found(r);
		return -1;
	}
	if (rc != DB_ROW) {
		resp_db_error(r, rc, "read user");
		return -1;
	}
	return 0;
}

static void get_user(struct request *r)
{
	struct user_row t;

	if (load_target(r, &t) == 0)
		answer_user(r, t.id, 200);
}

static void create_user(struct request *r)
{
	struct fvals vals = { 0 };
	struct verrs v = { 0 };
	const struct fval *fv;
	const char *pw = json_str(r->json, "password"), *role, *org_id, *msg;
	char hash[PASSWORD_HASH_MAX], id[UUID_STR_LEN], *key;
	int rc;

	fields_parse(user_fields, user_nfields, r->json, FF_CREATE, &vals, &v);
	if (!pw)
		verr_add(&v, "password", "is required", NULL);
	else if ((msg = check_password(pw)))
		verr_add(&v, "password", msg, NULL);
	if (v.n) {
		resp_validation(r, &v);
		goto out;
	}
	if (!fvals_get(&vals, "role"))
		fvals_set_text(&vals, F("role"), "sales_representative");
	role = fvals_get(&vals, "role")->text;
	if (!may_grant_role(r->who, role)) {
		resp_error(r, 403, "INSUFFICIENT_PERMISSIONS", "You may not create users with role %s", role);
		goto out;
	}
	if (!fvals_get(&vals, "organizationId")) {
		if (!r->who->org_id[0]) {
			verr_add(&v, "organizationId", "is required", NULL);
			resp_validation(r, &v);
			goto out;
		}
		fvals_set_text(&vals, F("organizationId"), r->who->org_id);
	}
	org_id = fvals_get(&vals, "organizationId")->text;
	rc = r->who->role == ROLE_MANAGER ? !strcmp(org_id, r->who->org_id)
					  : authz_org_in_reach(r->db, r->who, org_id, 0);
	if (rc < 0) {
		resp_db_error(r, rc, "organization");
		goto out;
	}
	if (!rc) {
		verr_add(&v, "organizationId", "must be your organization or one of its branches", NULL);
		resp_validation(r, &v);
		goto out;
	}
	/* A manager's new users report to them unless told otherwise. */
	if (!fvals_get(&vals, "managerId") && r->who->role == ROLE_MANAGER)
		fvals_set_text(&vals, F("managerId"), r->who->id);
	fv = fvals_get(&vals, "managerId");
	if (fv && !fv->is_null && check_manager(r, fv->text, org_id, NULL))
		goto out;
	if (password_hash(pw, hash)) {
		resp_internal(r, "password hashing failed (out of memory)");
		goto out;
	}
	fvals_set_text(&vals, F("passwordHash"), hash);
	key = store_email_key(fvals_get(&vals, "email")->text);
	fvals_set_text(&vals, F("emailKey"), key);
	free(key);
	if ((rc = db_begin(r->db)) != DB_OK) {
		resp_db_error(r, rc, "begin");
		goto out;
	}
	if (org_has_room(r, org_id)) {
		db_rollback(r->db);
		goto out;
	}
	rc = store_user_create(r->db, &vals, time_now_ms(), id);
	if (rc == DB_CONSTRAINT) {
		db_rollback(r->db);
		resp_error(r, 409, "USER_EXISTS", "User with this email already exists");
		goto out;
	}
	if (rc != DB_OK || (rc = db_commit(r->db)) != DB_OK) {
		db_rollback(r->db);
		resp_db_error(r, rc, "insert user");
		goto out;
	}
	log_info("user created id=%s role=%s organization=%s by=%s", id, role, org_id, r->who->id);
	answer_user(r, id, 201);
out:
	fvals_free(&vals);
}

/* Refuse every field the caller may not change on t; 0 when all allowed. */
static int check_field_rules(struct request *r, const struct user_row *t, const struct fvals *vals,
			     int self)
{
	struct buf denied = BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof field_rules / sizeof field_rules[0]; i++) {
		unsigned allowed = self ? field_rules[i].self : field_rules[i].other;
		if (fvals_get(vals, field_rules[i].field) && !(r->who->role & allowed))
			buf_addf(&denied, "%s%s", denied.len ? ", " : "", field_rules[i].field);
	}
	if (json_get(r->json, "password") && !self && !(r->who->role & ROLES_ADMINS))
		buf_addf(&denied, "%s%s", denied.len ? ", " : "", "password");
	if (denied.len) {
		resp_error(r, 403, "FORBIDDEN_FIELDS", "You may not change: %s", denied.s);
		buf_free(&denied);
		return -1;
	}
	return 0;
}

static void update_user(struct request *r)
{
	struct fvals vals = { 0 };
	struct verrs v = { 0 };
	struct user_row t;
	const struct fval *fv;
	const cJSON *pwj = json_get(r->json, "password");
	const char *org_id, *msg = NULL;
	int self, rc, revoke = 0;
	char hash[PASSWORD_HASH_MAX];

	if (load_target(r, &t))
		return;
	self = !strcmp(t.id, r->who->id);
	fields_parse(user_fields, user_nfields, r->json, FF_UPDATE, &vals, &v);
	if (pwj && (!cJSON_IsString(pwj) || (msg = check_password(pwj->valuestring))))
		verr_add(&v, "password", cJSON_IsString(pwj) ? msg : "must be a string", NULL);
	if (v.n) {
		resp_validation(r, &v);
		goto out;
	}
	if (!self && role_from_str(t.role) == ROLE_SUPER && r->who->role != ROLE_SUPER) {
		resp_error(r, 403, "INSUFFICIENT_PERMISSIONS", "Only a super admin can change a super admin");
		goto out;
	}
	if (check_field_rules(r, &t, &vals, self))
		goto out;
	/* Changing one's own email or password needs the current password. */
	if (self && (pwj || fvals_get(&vals, "email"))) {
		const char *cur = json_str(r->json, "currentPassword");
		if (!cur)
			cur = json_str(r->json, "current_password");
		if (!cur || !password_verify(t.password_hash, cur)) {
			resp_error(r, 401, "INVALID_CURRENT_PASSWORD",
				   "The current password is missing or wrong");
			goto out;
		}
	}
	if ((fv = fvals_get(&vals, "role")) && !may_grant_role(r->who, fv->text)) {
		resp_error(r, 403, "INSUFFICIENT_PERMISSIONS", "You may not grant role %s", fv->text);
		goto out;
	}
	org_id = (fv = fvals_get(&vals, "organizationId")) ? fv->text : t.org_id;
	if (fvals_get(&vals, "organizationId")) {
		rc = authz_org_in_reach(r->db, r->who, org_id, 0);
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
		/* Moving to another organization leaves the old manager behind. */
		if (strcmp(org_id, t.org_id) && !fvals_get(&vals, "managerId"))
			fvals_set_null(&vals, F("managerId"));
	}
	fv = fvals_get(&vals, "managerId");
	if (fv && !fv->is_null && check_manager(r, fv->text, org_id, t.id))
		goto out;
	if ((fv = fvals_get(&vals, "email"))) {
		char *key = store_email_key(fv->text);
		fvals_set_text(&vals, F("emailKey"), key);
		free(key);
	}
	if (pwj) {
		if (password_hash(pwj->valuestring, hash)) {
			resp_internal(r, "password hashing failed (out of memory)");
			goto out;
		}
		fvals_set_text(&vals, F("passwordHash"), hash);
		revoke = 1;
	}
	if ((fv = fvals_get(&vals, "status")) && strcmp(fv->text, "active"))
		revoke = 1;
	if ((rc = db_begin(r->db)) != DB_OK) {
		resp_db_error(r, rc, "begin");
		goto out;
	}
	/* Becoming active in an organization takes one of its seats. */
	fv = fvals_get(&vals, "status");
	if ((fv ? !strcmp(fv->text, "active") : !strcmp(t.status, "active")) && org_id[0] &&
	    (strcmp(t.status, "active") || strcmp(org_id, t.org_id)) && org_has_room(r, org_id)) {
		db_rollback(r->db);
		goto out;
	}
	rc = vals.n ? store_user_update(r->db, t.id, &vals, time_now_ms()) : DB_OK;
	if (rc == DB_CONSTRAINT) {
		db_rollback(r->db);
		resp_error(r, 409, "USER_EXISTS", "User with this email already exists");
		goto out;
	}
	if (rc == DB_OK && revoke)
		rc = store_token_revoke_user(r->db, t.id, time_now_ms());
	if (rc != DB_OK || (rc = db_commit(r->db)) != DB_OK) {
		db_rollback(r->db);
		resp_db_error(r, rc, "update user");
		goto out;
	}
	log_info("user updated id=%s by=%s%s", t.id, r->who->id, revoke ? " (sessions revoked)" : "");
	answer_user(r, t.id, 200);
out:
	fvals_free(&vals);
}

static void delete_user(struct request *r)
{
	struct fvals vals = { 0 };
	struct user_row t;
	int rc;

	if (load_target(r, &t))
		return;
	if (!strcmp(t.id, r->who->id)) {
		resp_error(r, 409, "CANNOT_DELETE_SELF", "You cannot delete your own account");
		return;
	}
	if (role_from_str(t.role) == ROLE_SUPER && r->who->role != ROLE_SUPER) {
		resp_error(r, 403, "INSUFFICIENT_PERMISSIONS", "Only a super admin can delete a super admin");
		return;
	}
	fvals_set_text(&vals, F("status"), "inactive");
	if ((rc = db_begin(r->db)) != DB_OK ||
	    (rc = store_user_update(r->db, t.id, &vals, time_now_ms())) != DB_OK ||
	    (rc = store_token_revoke_user(r->db, t.id, time_now_ms())) != DB_OK ||
	    (rc = db_commit(r->db)) != DB_OK) {
		db_rollback(r->db);
		resp_db_error(r, rc, "delete user");
	} else {
		log_info("user deactivated id=%s by=%s", t.id, r->who->id);
		resp_message(r, 200, "User deleted successfully", NULL);
	}
	fvals_free(&vals);
}

static const struct route routes[] = {
	{ HTTP_GET, "/api/v1/users", list_users, AUTH_JWT, ROLES_MANAGERS, 0,
	  "List the users the caller reaches (role, status, organizationId filters)", 0 },
	{ HTTP_POST, "/api/v1/users", create_user, AUTH_JWT, ROLES_MANAGERS, ROUTE_BODY_JSON | ROUTE_HASHES,
	  "Create a user", 0 },
	{ HTTP_GET, "/api/v1/users/:id", get_user, AUTH_JWT, ROLES_ANY, 0, "One user", 0 },
	{ HTTP_PUT, "/api/v1/users/:id", update_user, AUTH_JWT, ROLES_ANY, ROUTE_BODY_JSON | ROUTE_HASHES,
	  "Update a user (own profile, or as their manager or admin)", 0 },
	{ HTTP_DELETE, "/api/v1/users/:id", delete_user, AUTH_JWT, ROLES_MANAGERS, 0,
	  "Deactivate a user", 0 },
};

const struct route_table api_users_routes = ROUTE_TABLE(routes);

const char *user_set_status(struct request *r, const char *id, const char *status)
{
	struct fvals vals = { 0 };
	struct user_row t;
	struct org_row o;
	int64_t n;
	int rc = uuid_valid(id) ? authz_user_in_reach(r->db, r->who, id, &t) : AUTHZ_NOT_FOUND;

	if (rc < 0)
		return "DATABASE_ERROR";
	if (rc == AUTHZ_NOT_FOUND)
		return "USER_NOT_FOUND";
	if (!strcmp(t.id, r->who->id))
		return "CANNOT_CHANGE_SELF";
	if (role_from_str(t.role) == ROLE_SUPER && r->who->role != ROLE_SUPER)
		return "INSUFFICIENT_PERMISSIONS";
	if (db_begin(r->db) != DB_OK)
		return "DATABASE_ERROR";
	if (!strcmp(status, "active") && strcmp(t.status, "active") && t.org_id[0]) {
		if (store_org_by_id(r->db, t.org_id, &o) != DB_ROW ||
		    store_users_in_org(r->db, t.org_id, &n) != DB_OK) {
			db_rollback(r->db);
			return "DATABASE_ERROR";
		}
		if (n >= o.max_users) {
			db_rollback(r->db);
			return "USER_LIMIT_REACHED";
		}
	}
	fvals_set_text(&vals, F("status"), status);
	rc = store_user_update(r->db, t.id, &vals, time_now_ms());
	fvals_free(&vals);
	if (rc == DB_OK && strcmp(status, "active"))
		rc = store_token_revoke_user(r->db, t.id, time_now_ms());
	if (rc != DB_OK) {
		db_rollback(r->db);
		return "DATABASE_ERROR";
	}
	if (db_commit(r->db) != DB_OK)
		return "DATABASE_ERROR";
	log_info("user status id=%s status=%s by=%s", t.id, status, r->who->id);
	return NULL;
}
