/*
 * router.h - route tables and path matching.
 *
 * Each API resource file (api_*.c) exports a table of routes; the router
 * collects the tables and matches "METHOD /path" against patterns whose
 * segments are literals or ":name" parameters.  Role and authentication
 * requirements live in the table, so dispatch.c enforces them in one place
 * and the isolation tests can enumerate every route.
 */
#ifndef SALESAN_ROUTER_H
#define SALESAN_ROUTER_H

#include "http.h"

#include <stddef.h>

typedef void (*handler_fn)(struct request *r);

/* Who may call a route. */
enum route_auth {
	AUTH_PUBLIC = 0, /* no credentials needed */
	AUTH_JWT = 1,    /* a valid access token */
	AUTH_JWT_OR_KEY = 2, /* an access token, or an organization API key
			      * (X-API-Key) carrying route.key_scope */
};

/* Roles, as bits, for route.roles. */
#define ROLE_REP     0x1u
#define ROLE_MANAGER 0x2u
#define ROLE_ADMIN   0x4u
#define ROLE_SUPER   0x8u
#define ROLES_ANY    (ROLE_REP | ROLE_MANAGER | ROLE_ADMIN | ROLE_SUPER)
#define ROLES_MANAGERS (ROLE_MANAGER | ROLE_ADMIN | ROLE_SUPER)
#define ROLES_ADMINS (ROLE_ADMIN | ROLE_SUPER)

/* Route flags. */
#define ROUTE_BODY_JSON 0x1u /* the body, when present, must be JSON */
#define ROUTE_UPLOAD    0x2u /* multipart/form-data up to MAX_FILE_SIZE (struct upload) */
#define ROUTE_BODY_LARGE 0x4u /* a raw body up to ROUTE_LARGE_BODY (transcripts) */
#define ROUTE_UPLOAD_RAW 0x8u /* with ROUTE_UPLOAD: an audio or octet-stream body is
			       * itself the file (field "recording") */
#define ROUTE_HASHES 0x10u /* hashes or checks a password (Argon2id): runs on the hashing
			  * pool, so a burst of logins never starves the other requests */
#define ROUTE_LARGE_BODY (16u * 1024 * 1024)

struct route {
	enum http_method method;
	const char *pattern;      /* "/api/v1/sales-calls/:id/start" */
	handler_fn handler;
	enum route_auth auth;
	unsigned roles;           /* with AUTH_JWT: allowed roles */
	unsigned flags;
	const char *summary;      /* one line, for docs and the route test */
	unsigned key_scope;       /* with AUTH_JWT_OR_KEY: a KEY_SCOPE_* bit (auth.h) */
};

struct route_table {
	const struct route *routes;
	size_t n;
};

#define ROUTE_TABLE(arr) { (arr), sizeof(arr) / sizeof((arr)[0]) }

enum match_result { MATCH_OK, MATCH_NOT_FOUND, MATCH_BAD_METHOD, MATCH_TOO_LONG };

#define ROUTER_MAX_PATH 2048

/*
 * Match method and path against every registered route.  On MATCH_OK,
 * *route is set and params[0..*nparams) receive malloc'd copies of the
 * parameter values (the caller frees them).  On MATCH_BAD_METHOD, *allowed
 * receives a bit mask (1 << method) of the methods the path supports.  HEAD
 * matches GET routes.
 */
enum match_result router_match(enum http_method method, const char *path,
			       const struct route **route, char **params, int *nparams,
			       unsigned *allowed);

/* Every route of every table, for the route tests and OPTIONS. */
size_t router_count(void);
const struct route *router_at(size_t i);

/* "GET, POST, OPTIONS" for an allowed mask, into b. */
void router_allow_header(unsigned allowed, struct buf *b);

#endif
