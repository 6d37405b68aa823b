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

struct principal {
	char id[UUID_STR_LEN];
	char org_id[UUID_STR_LEN];     /* "" when the user has no organization */
	char manager_id[UUID_STR_LEN]; /* "" when none */
	unsigned role;                 /* one ROLE_* bit (router.h) */
	char email[256];
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

/* A signed access token for p, issued at now_ms; malloc'd. */
char *auth_access_token(const struct server *srv, const struct principal *p, int64_t now_ms);

#endif
