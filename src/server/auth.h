/*
 * auth.h - who is calling: access tokens and the authenticated principal.
 *
 * Access tokens are HS256 JWTs with the original's claims (userId, email,
 * role, organizationId, iat, exp) plus jti and type "access".  Only userId
 * is trusted: role, organization and status are reloaded from the database
 * on every request, so a deactivation or role change applies at once.
 */
#ifndef SALESAN_AUTH_H
#define SALESAN_AUTH_H

#include "common/ids.h"
#include "http.h"

#include <stdint.h>

struct server;
struct db;

/* What an API key may be used for (api_keys.scopes). */
#define KEY_SCOPE_ZAPIER   0x1u
#define KEY_SCOPE_WEBHOOKS 0x2u
#define KEY_SCOPE_EXPORT   0x4u
/* "zapier", "webhooks", "export": the names, NULL-terminated, in bit order. */
extern const char *const key_scope_names[];

/*
 * The caller.  For an API key, id is the key's id, role is ROLE_ADMIN over
 * the key's organization (its reach is that organization and its
 * branches), and key_scopes is non-zero; handlers that record "who did
 * it" must check via_key.
 */
struct principal {
	char id[UUID_STR_LEN];
	char org_id[UUID_STR_LEN];     /* "" when the user has no organization */
	char manager_id[UUID_STR_LEN]; /* "" when none */
	unsigned role;                 /* one ROLE_* bit (router.h) */
	char email[256];
	int via_key;                   /* authenticated with an API key */
	unsigned key_scopes;           /* KEY_SCOPE_* bits, with via_key */
};

/* ROLE_* bit for a role name, or 0 when unknown. */
unsigned role_from_str(const char *s);
/* The role name for a ROLE_* bit ("sales_representative", ...). */
const char *role_str(unsigned role);

/*
 * Authenticate r from its "Authorization: Bearer" header.  On success sets
 * r->who (owned by r) and returns 0.  Otherwise writes the 401 (codes
 * TOKEN_MISSING, TOKEN_INVALID, TOKEN_EXPIRED, USER_NOT_FOUND,
 * USER_INACTIVE, ORGANIZATION_INACTIVE) or 503 and returns -1.
 */
int auth_authenticate(struct request *r);

/*
 * The principal of access token tok (JWT checks, then the user reloaded
 * from db).  Returns 0, or 401 / 503 with an error code and message
 * (static strings) in *code and *msg.  Any thread with its own db.
 */
int auth_token_principal(const struct server *srv, struct db *db, const char *tok,
			 struct principal *p, const char **code, const char **msg);

/*
 * Authenticate r from its X-API-Key header for a route needing scope (a
 * KEY_SCOPE_* bit).  Like auth_authenticate: 0 with r->who set, or -1 with
 * the answer written (401 API_KEY_INVALID, 403 API_KEY_SCOPE, 401
 * ORGANIZATION_INACTIVE, 503).
 */
int auth_api_key(struct request *r, unsigned scope);

/* A new API key's secret ("slk_" + 43 URL-safe characters), malloc'd;
 * prefix receives its first 12 characters. */
char *auth_new_api_key(char prefix[13]);

/* A signed access token for p, issued at now_ms; malloc'd. */
char *auth_access_token(const struct server *srv, const struct principal *p, int64_t now_ms);

#endif
