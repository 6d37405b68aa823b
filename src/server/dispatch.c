#include "dispatch.h"
#include "auth.h"
#include "db.h"
#include "idempotency.h"
#include "resp.h"
#include "router.h"
#include "server.h"
#include "common/json.h"
#include "common/log.h"

#include <string.h>
#include <strings.h>

/* "application/json" optionally followed by parameters ("; charset=utf-8"),
 * or any "+json" structured type. */
static int is_json_type(const char *ct)
{
	size_t n = strcspn(ct, "; \t");

	if (n == 16 && !strncasecmp(ct, "application/json", 16))
		return 1;
	return n > 5 && !strncasecmp(ct + n - 5, "+json", 5) && !strncasecmp(ct, "application/", 12);
}

static int parse_body(struct request *r)
{
	const char *err = NULL;

	if (r->body.len == 0) {
		r->json = cJSON_CreateObject(); /* an absent body is an empty one */
		return 0;
	}
	if (!r->content_type || !is_json_type(r->content_type)) {
		resp_error(r, 415, "UNSUPPORTED_MEDIA_TYPE",
			   "Request body must be JSON (Content-Type: application/json)");
		return -1;
	}
	if (memchr(r->body.s, '\0', r->body.len)) {
		resp_error(r, 400, "INVALID_JSON", "Malformed JSON: NUL byte in body");
		return -1;
	}
	r->json = json_parse(r->body.s, r->body.len, JSON_MAX_DEPTH, &err);
	if (!r->json) {
		resp_error(r, 400, "INVALID_JSON", "%s", err ? err : "Malformed JSON");
		return -1;
	}
	return 0;
}

void dispatch_request(struct request *r, struct db *db)
{
	const struct route *rt = r->route;

	r->db = db;
	if ((rt->flags & ROUTE_BODY_JSON) && parse_body(r))
		return;
	if (!r->json)
		r->json = cJSON_CreateObject();
	if (rt->auth == AUTH_JWT_OR_KEY && r->api_key && *r->api_key) {
		if (auth_api_key(r, rt->key_scope))
			return;
	} else if (rt->auth != AUTH_PUBLIC) {
		if (auth_authenticate(r))
			return;
		if (!(r->who->role & rt->roles)) {
			resp_error(r, 403, "INSUFFICIENT_PERMISSIONS", "Insufficient permissions");
			return;
		}
	}
	if (!db) {
		resp_db_error(r, DB_READONLY, "no database connection");
		return;
	}
	if (idem_before(r))
		return;
	rt->handler(r);
	if (!r->resp.status)
		resp_internal(r, "handler produced no response");
	idem_after(r);
}
