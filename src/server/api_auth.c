/*
 * api_auth.c - /api/v1/auth: first-admin setup, registration, login,
 * refresh-token rotation, logout and the caller's profile.
 *
 * Refresh tokens are 32 random bytes (base64url), stored as SHA-256
 * hashes, one family per login.  Every refresh rotates the token; using a
 * rotated token again means it was stolen or replayed, and revokes the whole
 * family.  Access tokens are short JWTs (auth.h).
 */
#include "auth.h"
#include "resp.h"
#include "router.h"
#include "server.h"
#include "store.h"
#include "common/json.h"
#include "common/log.h"
#include "common/timeutil.h"
#include "common/xmalloc.h"
#include "ratelimit.h"
#include "jobs.h"
#include "mail.h"

#include <sodium.h>

#include <stdio.h>

#include <stdlib.h>

#include <string.h>

#define REFRESH_TOKEN_BYTES 32
#define REFRESH_TOKEN_MAX_LEN 256

/* Read a required string field (camelCase or snake_case alias) into *out,
 * checking it with check (may be NULL); problems go to v. */
static const char *want_str(const cJSON *body, const char *name, const char *alias, int maxlen,
			    const char *(*check)(const char *), struct verrs *v)
{
	const cJSON *j = json_get2(body, name, alias);
	const char *msg;

	if (!j || cJSON_IsNull(j)) {
		verr_add(v, name, "is required", NULL);
		return NULL;
	}
	if (!cJSON_IsString(j)) {
		verr_add(v, name, "must be a string", j);
		return NULL;
	}
	if (!j->valuestring[0] || strspn(j->valuestring, " \t") == strlen(j->valuestring)) {
		verr_add(v, name, "must not be empty", j);
		return NULL;
	}
	msg = check_text(j->valuestring, maxlen, 0);
	if (!msg && check)
		msg = check(j->valuestring);
	if (msg) {
		verr_add(v, name, msg, check == check_password ? NULL : j);
		return NULL;
	}
	return j->valuestring;
}

static const char *check_uuid(const char *s)
{
	return uuid_valid(s) ? NULL : "must be a UUID";
}

/*
 * Issue an access token and a new refresh token (in family, or a new
 * family when NULL) for u, adding accessToken, refreshToken and expiresIn
 * to data.  Returns DB_OK or a database error.
 */
static int issue_tokens(struct request *r, const struct user_row *u, const char *family,
			cJSON *data, char new_id[UUID_STR_LEN])
{
	struct principal p;
	char fam[UUID_STR_LEN], hash[65];
	char *refresh, *access;
	int64_t now = time_now_ms();
	int rc;

	memset(&p, 0, sizeof p);
	memcpy(p.id, u->id, sizeof p.id);
	memcpy(p.org_id, u->org_id, sizeof p.org_id);
	memcpy(p.email, u->email, sizeof p.email);
	p.role = role_from_str(u->role);
	if (family)
		memcpy(fam, family, sizeof fam);
	else
		uuid_v4(fam);
	refresh = random_token(REFRESH_TOKEN_BYTES);
	sha256_hex(refresh, strlen(refresh), hash);
	rc = store_token_insert(r->db, u->id, fam, hash, now + r->srv->cfg.refresh_ttl_s * 1000,
				new_id);
	if (rc != DB_OK) {
		free(refresh);
		return rc;
	}
	access = auth_access_token(r->srv, &p, now);
	cJSON_AddStringToObject(data, "accessToken", access);
	cJSON_AddStringToObject(data, "refreshToken", refresh);
	cJSON_AddStringToObject(data, "expiresIn", r->srv->cfg.jwt_expires_in);
	free(access);
	free(refresh);
	return DB_OK;
}

/* End a failed transaction with the right error response. */
static void fail_tx(struct request *r, int rc, const char *what)
{
	db_rollback(r->db);
	resp_db_error(r, rc, what);
}

static void setup_first_admin(struct request *r)
{
	const char *email, *pw, *first, *last, *orgname;
	char hash[PASSWORD_HASH_MAX], org_id[UUID_STR_LEN], user_id[UUID_STR_LEN], tid[UUID_STR_LEN];
	struct verrs v = { 0 };
	struct user_row u;
	int64_t nusers;
	cJSON *data, *user = NULL, *org = NULL;
	int rc;

	email = want_str(r->json, "email", NULL, 254, check_email, &v);
	pw = want_str(r->json, "password", NULL, 0, check_password, &v);
	first = want_str(r->json, "firstName", "first_name", 100, NULL, &v);
	last = want_str(r->json, "lastName", "last_name", 100, NULL, &v);
	orgname = want_str(r->json, "organizationName", "organization_name", 255, NULL, &v);
	if (v.n) {
		resp_validation(r, &v);
		return;
	}
	/* Cheap early refusal before spending a hash; rechecked under lock. */
	if ((rc = store_users_count(r->db, &nusers)) != DB_OK) {
		resp_db_error(r, rc, "count users");
		return;
	}
	if (nusers > 0) {
		resp_error(r, 409, "USERS_EXIST", "Users already exist. Cannot setup first admin.");
		return;
	}
	if (password_hash(pw, hash)) {
		resp_internal(r, "password hashing failed (out of memory)");
		return;
	}
	if ((rc = db_begin(r->db)) != DB_OK) {
		resp_db_error(r, rc, "begin");
		return;
	}
	if ((rc = store_users_count(r->db, &nusers)) != DB_OK)
		{ fail_tx(r, rc, "count users"); return; }
	if (nusers > 0) {
		db_rollback(r->db);
		resp_error(r, 409, "USERS_EXIST", "Users already exist. Cannot setup first admin.");
		return;
	}
	struct new_org o = { orgname, "headquarters", "enterprise", 1000, "UTC", NULL };
	if ((rc = store_org_insert(r->db, &o, org_id)) != DB_OK)
		{ fail_tx(r, rc, "insert organization"); return; }
	struct new_user nu = { email, hash, first, last, NULL, "super_admin", org_id, NULL };
	if ((rc = store_user_insert(r->db, &nu, user_id)) != DB_OK)
		{ fail_tx(r, rc, "insert user"); return; }
	if ((rc = store_user_by_id(r->db, user_id, &u)) != DB_ROW)
		{ fail_tx(r, rc, "read user"); return; }
	data = cJSON_CreateObject();
	if ((rc = issue_tokens(r, &u, NULL, data, tid)) != DB_OK ||
	    (rc = store_user_json(r->db, user_id, 0, &user)) != DB_ROW ||
	    (rc = store_org_brief_json(r->db, org_id, &org)) != DB_ROW) {
		cJSON_Delete(data);
		cJSON_Delete(user);
		{ fail_tx(r, rc, "first admin"); return; }
	}
	if ((rc = db_commit(r->db)) != DB_OK) {
		cJSON_Delete(data);
		cJSON_Delete(user);
		cJSON_Delete(org);
		resp_db_error(r, rc, "commit");
		return;
	}
	cJSON_AddItemToObject(data, "user", user);
	cJSON_AddItemToObject(data, "organization", org);
	log_info("first super admin created user=%s organization=%s", user_id, org_id);
	resp_message(r, 201, "First super admin and organization created successfully", data);
}

static void register_user(struct request *r)
{
	const char *email, *pw, *first, *last, *org_id, *role = "sales_representative";
	const char *manager_id = NULL, *phone = NULL;
	char hash[PASSWORD_HASH_MAX], user_id[UUID_STR_LEN], tid[UUID_STR_LEN];
	struct verrs v = { 0 };
	struct org_row org;
	struct user_row u, mgr;
	int64_t n;
	const cJSON *j;
	cJSON *data, *user = NULL;
	int rc;

	email = want_str(r->json, "email", NULL, 254, check_email, &v);
	pw = want_str(r->json, "password", NULL, 0, check_password, &v);
	first = want_str(r->json, "firstName", "first_name", 100, NULL, &v);
	last = want_str(r->json, "lastName", "last_name", 100, NULL, &v);
	org_id = want_str(r->json, "organizationId", "organization_id", 36, check_uuid, &v);
	if ((j = json_get(r->json, "role")) && !cJSON_IsNull(j)) {
		if (!cJSON_IsString(j) || (strcmp(j->valuestring, "sales_representative") &&
					   strcmp(j->valuestring, "sales_manager")))
			verr_add(&v, "role", "must be one of: sales_representative, sales_manager", j);
		else
			role = j->valuestring;
	}
	if ((j = json_get2(r->json, "managerId", "manager_id")) && !cJSON_IsNull(j))
		manager_id = want_str(r->json, "managerId", "manager_id", 36, check_uuid, &v);
	if ((j = json_get(r->json, "phone")) && !cJSON_IsNull(j))
		phone = want_str(r->json, "phone", NULL, 32, NULL, &v);
	if (v.n) {
		resp_validation(r, &v);
		return;
	}
	if (password_hash(pw, hash)) {
		resp_internal(r, "password hashing failed (out of memory)");
		return;
	}
	if ((rc = db_begin(r->db)) != DB_OK) {
		resp_db_error(r, rc, "begin");
		return;
	}
	rc = store_org_by_id(r->db, org_id, &org);
	if (rc < 0)
		{ fail_tx(r, rc, "read organization"); return; }
	if (rc == DB_DONE || strcmp(org.status, "active")) {
		db_rollback(r->db);
		resp_error(r, 400, "INVALID_ORGANIZATION", "Invalid organization");
		return;
	}
	if (!org.allow_self_registration) {
		db_rollback(r->db);
		resp_error(r, 403, "REGISTRATION_DISABLED",
			   "This organization does not allow self-registration; ask an administrator");
		return;
	}
	if ((rc = store_users_in_org(r->db, org_id, &n)) != DB_OK)
		{ fail_tx(r, rc, "count users"); return; }
	if (n >= org.max_users) {
		db_rollback(r->db);
		resp_error(r, 403, "USER_LIMIT_REACHED",
			   "The organization has reached its limit of %lld users", (long long)org.max_users);
		return;
	}
	if (manager_id) {
		rc = store_user_by_id(r->db, manager_id, &mgr);
		if (rc < 0)
			{ fail_tx(r, rc, "read manager"); return; }
		if (rc == DB_DONE || strcmp(mgr.org_id, org_id) || strcmp(mgr.status, "active") ||
		    !(role_from_str(mgr.role) & ROLES_MANAGERS)) {
			db_rollback(r->db);
			verr_add(&v, "managerId", "must be an active manager of the organization", NULL);
			resp_validation(r, &v);
			return;
		}
	}
	rc = store_user_by_email(r->db, email, &u);
	if (rc < 0)
		{ fail_tx(r, rc, "read user"); return; }
	if (rc == DB_ROW) {
		db_rollback(r->db);
		resp_error(r, 409, "USER_EXISTS", "User with this email already exists");
		return;
	}
	struct new_user nu = { email, hash, first, last, phone, role, org_id, manager_id };
	if ((rc = store_user_insert(r->db, &nu, user_id)) != DB_OK) {
		if (rc == DB_CONSTRAINT) { /* a concurrent registration won */
			db_rollback(r->db);
			resp_error(r, 409, "USER_EXISTS", "User with this email already exists");
			return;
		}
		{ fail_tx(r, rc, "insert user"); return; }
	}
	if ((rc = store_user_by_id(r->db, user_id, &u)) != DB_ROW)
		{ fail_tx(r, rc, "read user"); return; }
	data = cJSON_CreateObject();
	if ((rc = issue_tokens(r, &u, NULL, data, tid)) != DB_OK ||
	    (rc = store_user_json(r->db, user_id, 0, &user)) != DB_ROW) {
		cJSON_Delete(data);
		{ fail_tx(r, rc, "register"); return; }
	}
	if ((rc = db_commit(r->db)) != DB_OK) {
		cJSON_Delete(data);
		cJSON_Delete(user);
		resp_db_error(r, rc, "commit");
		return;
	}
	cJSON_AddItemToObject(data, "user", user);
	log_info("user registered user=%s organization=%s role=%s", user_id, org_id, role);
	resp_data(r, 201, data);
}

/*
 * The per-account limit on failed logins and reset requests (on top of the
 * per-address one), so one account cannot be brute-forced from many
 * addresses.  Returns 0 to proceed or -1 after answering 429.
 */
static int account_limited(struct request *r, const char *key)
{
	struct rl_state st;
	char v[24];

	rl_peek(r->srv->account_limit, key, time_now_ms(), &st);
	if (st.allowed)
		return 0;
	snprintf(v, sizeof v, "%lld", (long long)st.reset_s);
	resp_error(r, 429, "TOO_MANY_ATTEMPTS",
		   "Too many attempts for this account; try again in %lld seconds", (long long)st.reset_s);
	resp_header(r, "retry-after", v);
	return -1;
}

static void login(struct request *r)
{
	const char *email, *pw;
	char *key;
	char newhash[PASSWORD_HASH_MAX], tid[UUID_STR_LEN];
	struct verrs v = { 0 };
	struct user_row u;
	cJSON *data, *user = NULL;
	int rc;

	email = want_str(r->json, "email", NULL, 254, check_email, &v);
	pw = want_str(r->json, "password", NULL, 0, NULL, &v);
	if (pw && strlen(pw) > 1024) {
		verr_add(&v, "password", "must be at most 1024 bytes", NULL);
		pw = NULL;
	}
	if (v.n) {
		resp_validation(r, &v);
		return;
	}
	key = store_email_key(email);
	if (account_limited(r, key)) {
		free(key);
		return;
	}
	rc = store_user_by_email(r->db, email, &u);
	if (rc < 0) {
		free(key);
		resp_db_error(r, rc, "read user");
		return;
	}
	if (rc == DB_DONE || !password_verify(u.password_hash, pw)) {
		struct rl_state st;
		if (rc == DB_DONE)
			password_dummy_verify(pw);
		rl_hit(r->srv->account_limit, key, time_now_ms(), &st);
		free(key);
		log_info("login failed: %s ip=%s", rc == DB_DONE ? "unknown account" : "wrong password", r->ip);
		resp_error(r, 401, "INVALID_CREDENTIALS", "Invalid credentials");
		return;
	}
	rl_reset(r->srv->account_limit, key);
	free(key);
	if (strcmp(u.status, "active")) {
		resp_error(r, 401, "ACCOUNT_INACTIVE", "Account is not active");
		return;
	}
	if (u.org_id[0] && strcmp(u.org_status, "active")) {
		resp_error(r, 401, "ORGANIZATION_INACTIVE", "Organization account is not active");
		return;
	}
	if (password_needs_rehash(u.password_hash) && password_hash(pw, newhash) == 0) {
		if (store_user_set_password(r->db, u.id, newhash) == DB_OK)
			log_info("password hash upgraded user=%s", u.id);
	}
	if ((rc = db_begin(r->db)) != DB_OK) {
		resp_db_error(r, rc, "begin");
		return;
	}
	data = cJSON_CreateObject();
	if ((rc = store_user_touch_login(r->db, u.id, time_now_ms())) != DB_OK ||
	    (rc = issue_tokens(r, &u, NULL, data, tid)) != DB_OK ||
	    (rc = store_user_json(r->db, u.id, 0, &user)) != DB_ROW) {
		cJSON_Delete(data);
		{ fail_tx(r, rc, "login"); return; }
	}
	if ((rc = db_commit(r->db)) != DB_OK) {
		cJSON_Delete(data);
		cJSON_Delete(user);
		resp_db_error(r, rc, "commit");
		return;
	}
	cJSON_AddItemToObject(data, "user", user);
	log_info("login user=%s ip=%s", u.id, r->ip);
	resp_data(r, 200, data);
}

/* The refresh token of the body, validated, or NULL (with a 400 sent). */
static const char *body_refresh_token(struct request *r, int required)
{
	const cJSON *j = json_get2(r->json, "refreshToken", "refresh_token");
	struct verrs v = { 0 };

	if (!j && !required)
		return NULL;
	if (!cJSON_IsString(j) || !j->valuestring[0]) {
		verr_add(&v, "refreshToken", j ? "must be a non-empty string" : "is required", NULL);
		resp_validation(r, &v);
		return NULL;
	}
	if (strlen(j->valuestring) > REFRESH_TOKEN_MAX_LEN) {
		resp_error(r, 401, "REFRESH_FAILED", "Token refresh failed");
		return NULL;
	}
	return j->valuestring;
}

static void refresh(struct request *r)
{
	const char *tok = body_refresh_token(r, 1);
	char hash[65], new_id[UUID_STR_LEN];
	struct token_row t;
	struct user_row u;
	int64_t now = time_now_ms();
	cJSON *data;
	int rc;

	if (!tok)
		return;
	sha256_hex(tok, strlen(tok), hash);
	if ((rc = db_begin(r->db)) != DB_OK) {
		resp_db_error(r, rc, "begin");
		return;
	}
	rc = store_token_find(r->db, hash, &t);
	if (rc < 0)
		{ fail_tx(r, rc, "find token"); return; }
	if (rc == DB_DONE) {
		db_rollback(r->db);
		resp_error(r, 401, "REFRESH_FAILED", "Token refresh failed");
		return;
	}
	if (t.revoked) {
		/* A rotated token came back: whoever holds this family is not
		 * to be trusted any more. */
		if ((rc = store_token_revoke_family(r->db, t.family_id, now)) != DB_OK)
			{ fail_tx(r, rc, "revoke family"); return; }
		if ((rc = db_commit(r->db)) != DB_OK) {
			resp_db_error(r, rc, "commit");
			return;
		}
		log_warn("refresh token reuse detected user=%s family=%s ip=%s; family revoked",
			 t.user_id, t.family_id, r->ip);
		resp_error(r, 401, "REFRESH_TOKEN_REUSED",
			   "Refresh token was already used; this login has been revoked, log in again");
		return;
	}
	if (t.expires_at <= now) {
		db_rollback(r->db);
		resp_error(r, 401, "REFRESH_TOKEN_EXPIRED", "Refresh token expired; log in again");
		return;
	}
	rc = store_user_by_id(r->db, t.user_id, &u);
	if (rc < 0)
		{ fail_tx(r, rc, "read user"); return; }
	if (rc == DB_DONE || strcmp(u.status, "active") ||
	    (u.org_id[0] && strcmp(u.org_status, "active"))) {
		db_rollback(r->db);
		resp_error(r, 401, "USER_INACTIVE", "User account is not active");
		return;
	}
	data = cJSON_CreateObject();
	if ((rc = issue_tokens(r, &u, t.family_id, data, new_id)) != DB_OK) {
		cJSON_Delete(data);
		{ fail_tx(r, rc, "issue tokens"); return; }
	}
	rc = store_token_consume(r->db, t.id, new_id, now);
	if (rc != DB_OK) {
		cJSON_Delete(data);
		if (rc == DB_DONE) {
			db_rollback(r->db);
			resp_error(r, 401, "REFRESH_FAILED", "Token refresh failed");
			return;
		}
		{ fail_tx(r, rc, "rotate token"); return; }
	}
	if ((rc = db_commit(r->db)) != DB_OK) {
		cJSON_Delete(data);
		resp_db_error(r, rc, "commit");
		return;
	}
	resp_data(r, 200, data);
}

static void logout(struct request *r)
{
	int64_t now = time_now_ms();
	struct token_row t;
	const char *tok;
	char hash[65];
	int rc;

	if (json_true(r->json, "all")) {
		if (auth_authenticate(r))
			return;
		if ((rc = store_token_revoke_user(r->db, r->who->id, now)) != DB_OK) {
			resp_db_error(r, rc, "revoke");
			return;
		}
		log_info("logout from all sessions user=%s", r->who->id);
		resp_message(r, 200, "Logged out of all sessions", NULL);
		return;
	}
	if (!json_get2(r->json, "refreshToken", "refresh_token")) {
		struct verrs v = { 0 };
		verr_add(&v, "refreshToken",
			 "is required (or send {\"all\": true} with a Bearer token)", NULL);
		resp_validation(r, &v);
		return;
	}
	tok = body_refresh_token(r, 1);
	if (!tok)
		return;
	sha256_hex(tok, strlen(tok), hash);
	rc = store_token_find(r->db, hash, &t);
	if (rc == DB_ROW)
		rc = store_token_revoke_family(r->db, t.family_id, now);
	if (rc < 0) {
		resp_db_error(r, rc, "revoke");
		return;
	}
	/* Unknown or already revoked tokens log out just the same. */
	resp_message(r, 200, "Logged out successfully", NULL);
}

#define RESET_TTL_MS (3600 * 1000)

struct reset_mail {
	const struct server *srv;
	char to[256];
	char *link;
};

/* Mail the reset link from a worker, after the response went out, so the
 * answer takes as long for unknown addresses as for known ones. */
static void reset_mail_run(void *arg, void *thread_state)
{
	struct reset_mail *m = arg;
	struct buf body = BUF_INIT;
	char *err = NULL;

	(void)thread_state;
	buf_addf(&body, "Hello,\n\nSomeone asked to reset the password of your salesan account.\n"
			"Open this link within one hour to choose a new password:\n\n%s\n\n"
			"If it was not you, ignore this message; your password stays as it is.\n",
		 m->link);
	if (mail_send(&m->srv->cfg, m->to, "Password reset for your salesan account", body.s, &err)) {
		log_warn("password reset mail failed: %s", err);
		free(err);
	}
	sodium_memzero(body.s, body.len);
	buf_free(&body);
	sodium_memzero(m->link, strlen(m->link));
	free(m->link);
	free(m);
}

static void forgot_password(struct request *r)
{
	static const char answer[] =
		"If an account with that email exists, a password reset link has been sent.";
	struct verrs v = { 0 };
	struct user_row u;
	struct rl_state st;
	const char *email = want_str(r->json, "email", NULL, 254, check_email, &v);
	char hash[65], *key, *tok;
	int rc;

	if (v.n) {
		resp_validation(r, &v);
		return;
	}
	/* Counted per account whether it exists or not, so the limit tells
	 * nothing either; it caps the mail one address can receive. */
	key = store_email_key(email);
	{
		struct buf k = BUF_INIT;
		buf_addf(&k, "reset:%s", key);
		if (account_limited(r, k.s)) {
			buf_free(&k);
			free(key);
			return;
		}
		rl_hit(r->srv->account_limit, k.s, time_now_ms(), &st);
		buf_free(&k);
	}
	free(key);
	rc = store_user_by_email(r->db, email, &u);
	if (rc < 0) {
		resp_db_error(r, rc, "read user");
		return;
	}
	if (rc == DB_ROW && !strcmp(u.status, "active")) {
		struct reset_mail *m = xcalloc(1, sizeof *m);
		struct buf link = BUF_INIT;
		tok = random_token(32);
		sha256_hex(tok, strlen(tok), hash);
		rc = store_user_set_reset(r->db, u.id, hash, time_now_ms() + RESET_TTL_MS);
		if (rc != DB_OK) {
			sodium_memzero(tok, strlen(tok));
			free(tok);
			free(m);
			resp_db_error(r, rc, "store reset token");
			return;
		}
		buf_addf(&link, "%s/reset-password?token=%s", r->srv->cfg.frontend_url, tok);
		sodium_memzero(tok, strlen(tok));
		free(tok);
		m->srv = r->srv;
		snprintf(m->to, sizeof m->to, "%s", u.email);
		m->link = buf_detach(&link, NULL);
		if (jobs_submit(r->srv->jobs, reset_mail_run, NULL, m) != 0) {
			log_warn("password reset mail dropped: worker queue full");
			free(m->link);
			free(m);
		}
		log_info("password reset requested user=%s", u.id);
	}
	resp_message(r, 200, answer, NULL);
}

static void reset_password(struct request *r)
{
	struct verrs v = { 0 };
	struct user_row u;
	const char *tok = want_str(r->json, "token", NULL, 256, NULL, &v);
	const char *pw = want_str(r->json, "password", NULL, 0, check_password, &v);
	char hash[65], pwhash[PASSWORD_HASH_MAX];
	int64_t now = time_now_ms();
	int rc;

	if (v.n) {
		resp_validation(r, &v);
		return;
	}
	sha256_hex(tok, strlen(tok), hash);
	if (password_hash(pw, pwhash)) {
		resp_internal(r, "password hashing failed (out of memory)");
		return;
	}
	if ((rc = db_begin(r->db)) != DB_OK) {
		resp_db_error(r, rc, "begin");
		return;
	}
	rc = store_user_by_reset(r->db, hash, now, &u);
	if (rc == DB_DONE) {
		db_rollback(r->db);
		resp_error(r, 400, "INVALID_RESET_TOKEN", "Invalid or expired reset token");
		return;
	}
	/* One use only, and every session of the account ends. */
	if (rc != DB_ROW || (rc = store_user_set_password(r->db, u.id, pwhash)) != DB_OK ||
	    (rc = store_user_set_reset(r->db, u.id, NULL, 0)) != DB_OK ||
	    (rc = store_token_revoke_user(r->db, u.id, now)) != DB_OK ||
	    (rc = db_commit(r->db)) != DB_OK) {
		db_rollback(r->db);
		resp_db_error(r, rc, "reset password");
		return;
	}
	log_info("password reset completed user=%s", u.id);
	resp_message(r, 200, "Password has been reset successfully", NULL);
}

static void me(struct request *r)
{
	cJSON *user = NULL, *data;
	int rc = store_user_json(r->db, r->who->id, 1, &user);

	if (rc != DB_ROW) {
		resp_db_error(r, rc, "read user");
		return;
	}
	data = cJSON_CreateObject();
	cJSON_AddItemToObject(data, "user", user);
	resp_data(r, 200, data);
}

static const struct route routes[] = {
	{ HTTP_POST, "/api/v1/auth/setup-first-admin", setup_first_admin, AUTH_PUBLIC, 0, ROUTE_HASHES |
	  ROUTE_BODY_JSON, "Create the first super admin and organization (empty database only)", 0 },
	{ HTTP_POST, "/api/v1/auth/register", register_user, AUTH_PUBLIC, 0, ROUTE_BODY_JSON | ROUTE_HASHES,
	  "Register a representative or manager in an organization", 0 },
	{ HTTP_POST, "/api/v1/auth/login", login, AUTH_PUBLIC, 0, ROUTE_BODY_JSON | ROUTE_HASHES,
	  "Log in with email and password", 0 },
	{ HTTP_POST, "/api/v1/auth/refresh", refresh, AUTH_PUBLIC, 0, ROUTE_BODY_JSON,
	  "Rotate a refresh token for new tokens", 0 },
	{ HTTP_POST, "/api/v1/auth/logout", logout, AUTH_PUBLIC, 0, ROUTE_BODY_JSON,
	  "Revoke a refresh token (or all of the caller's)", 0 },
	{ HTTP_POST, "/api/v1/auth/forgot-password", forgot_password, AUTH_PUBLIC, 0, ROUTE_BODY_JSON,
	  "Mail a password-reset link (same answer for unknown addresses)", 0 },
	{ HTTP_POST, "/api/v1/auth/reset-password", reset_password, AUTH_PUBLIC, 0, ROUTE_BODY_JSON | ROUTE_HASHES,
	  "Set a new password with a reset token", 0 },
	{ HTTP_GET, "/api/v1/auth/me", me, AUTH_JWT, ROLES_ANY, 0, "The caller's profile", 0 },
};

const struct route_table api_auth_routes = ROUTE_TABLE(routes);
