#include "auth.h"
#include "jwt.h"
#include "resp.h"
#include "router.h"
#include "server.h"
#include "store.h"
#include "common/json.h"
#include "common/timeutil.h"
#include "common/xmalloc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
	unsigned bit;
	const char *name;
} roles[] = {
	{ ROLE_REP, "sales_representative" },
	{ ROLE_MANAGER, "sales_manager" },
	{ ROLE_ADMIN, "admin" },
	{ ROLE_SUPER, "super_admin" },
};

unsigned role_from_str(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (!strcmp(roles[i].name, s))
			return roles[i].bit;
	return 0;
}

const char *role_str(unsigned role)
{
	size_t i;

	for (i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (roles[i].bit == role)
			return roles[i].name;
	return "unknown";
}

char *auth_access_token(const struct server *srv, const struct principal *p, int64_t now_ms)
{
	cJSON *c = cJSON_CreateObject();
	char jti[UUID_STR_LEN];
	int64_t now = now_ms / 1000;
	char *tok;

	uuid_v4(jti);
	cJSON_AddStringToObject(c, "userId", p->id);
	cJSON_AddStringToObject(c, "email", p->email);
	cJSON_AddStringToObject(c, "role", role_str(p->role));
	json_add_str_or_null(c, "organizationId", p->org_id[0] ? p->org_id : NULL);
	cJSON_AddStringToObject(c, "type", "access");
	cJSON_AddStringToObject(c, "jti", jti);
	cJSON_AddNumberToObject(c, "iat", (double)now);
	cJSON_AddNumberToObject(c, "exp", (double)(now + srv->cfg.jwt_ttl_s));
	tok = jwt_sign(c, srv->cfg.jwt_secret, srv->cfg.jwt_secret_len);
	cJSON_Delete(c);
	return tok;
}

static int unauthorized(struct request *r, const char *code, const char *msg)
{
	resp_error(r, 401, code, "%s", msg);
	resp_header(r, "www-authenticate", "Bearer realm=\"salesan\"");
	return -1;
}

int auth_token_principal(const struct server *srv, struct db *db, const char *tok,
			 struct principal *p, const char **code, const char **msg)
{
	struct user_row u;
	cJSON *claims = NULL;
	const char *uid, *type;
	enum jwt_status js;
	int rc;

	*code = "TOKEN_INVALID";
	*msg = "Invalid token";
	js = jwt_verify(tok, srv->cfg.jwt_secret, srv->cfg.jwt_secret_len, time_now_ms() / 1000, 60,
			&claims);
	if (js == JWT_EXPIRED) {
		*code = "TOKEN_EXPIRED";
		*msg = "Token expired";
		return 401;
	}
	if (js != JWT_OK)
		return 401;
	uid = json_str(claims, "userId");
	type = json_str(claims, "type");
	/* Only access tokens: never a refresh token or a token of another kind. */
	if (!uid || !uuid_valid(uid) || !type || strcmp(type, "access")) {
		cJSON_Delete(claims);
		return 401;
	}
	if (!db) {
		cJSON_Delete(claims);
		*code = "SERVICE_UNAVAILABLE";
		*msg = "Database unavailable";
		return 503;
	}
	rc = store_user_by_id(db, uid, &u);
	cJSON_Delete(claims);
	if (rc == DB_DONE) {
		*code = "USER_NOT_FOUND";
		*msg = "Invalid token - user not found";
		return 401;
	}
	if (rc != DB_ROW) {
		*code = "SERVICE_UNAVAILABLE";
		*msg = "Database unavailable";
		return 503;
	}
	if (strcmp(u.status, "active")) {
		*code = "USER_INACTIVE";
		*msg = "User account is not active";
		return 401;
	}
	if (u.org_id[0] && strcmp(u.org_status, "active")) {
		*code = "ORGANIZATION_INACTIVE";
		*msg = "Organization account is not active";
		return 401;
	}
	memset(p, 0, sizeof *p);
	memcpy(p->id, u.id, sizeof u.id);
	memcpy(p->org_id, u.org_id, sizeof u.org_id);
	memcpy(p->manager_id, u.manager_id, sizeof u.manager_id);
	memcpy(p->email, u.email, sizeof p->email);
	p->role = role_from_str(u.role);
	return 0;
}

int auth_authenticate(struct request *r)
{
	const char *h = r->authorization, *tok, *code, *msg;
	struct principal p;
	int st;

	if (!h || !*h)
		return unauthorized(r, "TOKEN_MISSING", "Access token required");
	if (strncasecmp(h, "Bearer ", 7) != 0)
		return unauthorized(r, "TOKEN_MISSING",
				    "Access token required (Authorization: Bearer <token>)");
	tok = h + 7;
	while (*tok == ' ')
		tok++;
	if (!*tok)
		return unauthorized(r, "TOKEN_MISSING", "Access token required");
	st = auth_token_principal(r->srv, r->db, tok, &p, &code, &msg);
	if (st == 401)
		return unauthorized(r, code, msg);
	if (st) {
		resp_db_error(r, DB_READONLY, "authenticate");
		return -1;
	}
	r->who = xcalloc(1, sizeof *r->who);
	*r->who = p;
	return 0;
}

const char *const key_scope_names[] = { "zapier", "webhooks", "export", NULL };

#define API_KEY_PREFIX "slk_"

char *auth_new_api_key(char prefix[13])
{
	char *secret = random_token(32), *key;
	struct buf b = BUF_INIT;

	buf_addf(&b, API_KEY_PREFIX "%s", secret);
	free(secret);
	key = buf_detach(&b, NULL);
	memcpy(prefix, key, 12);
	prefix[12] = '\0';
	return key;
}

int auth_api_key(struct request *r, unsigned scope)
{
	const char *key = r->api_key;
	struct apikey_row k;
	char hash[65];
	int rc, i;

	/* Keys are 256-bit random, so looking the hash up by index leaks
	 * nothing useful through timing. */
	if (strncmp(key, API_KEY_PREFIX, 4) || strlen(key) > 128) {
		resp_error(r, 401, "API_KEY_INVALID", "Invalid API key");
		return -1;
	}
	if (!r->db) {
		resp_db_error(r, DB_READONLY, "authenticate");
		return -1;
	}
	sha256_hex(key, strlen(key), hash);
	rc = store_apikey_by_hash(r->db, hash, &k);
	if (rc == DB_DONE || (rc == DB_ROW && k.revoked)) {
		resp_error(r, 401, "API_KEY_INVALID", "Invalid API key");
		return -1;
	}
	if (rc != DB_ROW) {
		resp_db_error(r, rc, "authenticate");
		return -1;
	}
	if (strcmp(k.org_status, "active")) {
		resp_error(r, 401, "ORGANIZATION_INACTIVE", "Organization account is not active");
		return -1;
	}
	if (!(k.scopes & scope)) {
		for (i = 0; key_scope_names[i] && !(scope & (1u << i)); i++)
			;
		resp_error(r, 403, "API_KEY_SCOPE", "This API key lacks the '%s' scope",
			   key_scope_names[i] ? key_scope_names[i] : "required");
		return -1;
	}
	store_apikey_touch(r->db, k.id, time_now_ms()); /* best effort */
	r->who = xcalloc(1, sizeof *r->who);
	memcpy(r->who->id, k.id, sizeof k.id);
	memcpy(r->who->org_id, k.org_id, sizeof k.org_id);
	r->who->role = ROLE_ADMIN;
	r->who->via_key = 1;
	r->who->key_scopes = k.scopes;
	return 0;
}
