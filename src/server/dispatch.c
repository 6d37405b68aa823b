#include "dispatch.h"
#include "auth.h"
#include "db.h"
#include "idempotency.h"
#include "resp.h"
#include "router.h"
#include "server.h"
#include "common/json.h"
#include "common/log.h"

#include <sodium.h>
#include <stdio.h>
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

/*
 * A strong ETag on every successful JSON GET (a hash of the body), and 304
 * Not Modified with no body when the client's If-None-Match names it: a
 * client that caches (salesan's read cache) revalidates without fetching
 * the same data again.  The server still computes the answer; what is
 * saved is the transfer and the client's parsing.
 */
static void etag(struct request *r)
{
	unsigned char h[16];
	char tag[2 * sizeof h + 3];
	const char *inm;
	size_t i;

	if (r->method != HTTP_GET || r->resp.status != 200 || r->resp.stream ||
	    r->resp.file_fd > 0 || !r->resp.body.len)
		return;
	crypto_generichash(h, sizeof h, (const unsigned char *)r->resp.body.s, r->resp.body.len,
			   NULL, 0);
	tag[0] = '"';
	for (i = 0; i < sizeof h; i++)
		snprintf(tag + 1 + 2 * i, 3, "%02x", h[i]);
	tag[1 + 2 * sizeof h] = '"';
	tag[2 + 2 * sizeof h] = '\0';
	resp_header(r, "etag", tag);
	inm = req_header(r, "if-none-match");
	if (inm && (strstr(inm, tag) || !strcmp(inm, "*"))) {
		r->resp.status = 304;
		buf_reset(&r->resp.body);
	}
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
	etag(r);
}
