/*
 * resp.h - building responses in the API's envelopes (API.md):
 *
 *   success  {"success": true, "data": ..., "message"?: "..."}
 *   error    {"success": false, "error": {"message", "code", "details"?}}
 *
 * Each function sets req->resp completely (status, body, content type),
 * replacing anything set before, and takes ownership of the cJSON values
 * passed in.
 */
#ifndef SALESAN_RESP_H
#define SALESAN_RESP_H

#include "http.h"

#include <cJSON.h>
#include <stdint.h>

/* {"success":true,"data":data}; data NULL gives "data":null. */
void resp_data(struct request *r, int status, cJSON *data);
/* {"success":true,"message":message,"data":data}; data may be NULL (then
 * no "data" key at all). */
void resp_message(struct request *r, int status, const char *message, cJSON *data);
/* An error envelope.  details (an array, or NULL) is owned afterwards. */
void resp_error_details(struct request *r, int status, const char *code,
			const char *message, cJSON *details);
void resp_error(struct request *r, int status, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* {"success":true,"data":{key: items, "pagination": {...}}}. */
void resp_list(struct request *r, const char *key, cJSON *items, int64_t page, int64_t limit,
	       int64_t total);
/* Any JSON document as the whole body (for /health). */
void resp_json(struct request *r, int status, cJSON *doc);
/* Map a db.h error status: conflict 409, busy/full/read-only 503 (with
 * Retry-After), anything else 500 (logged with the request id). */
void resp_db_error(struct request *r, int dbrc, const char *what);
/* The generic 500: logs what, never tells the client internals. */
void resp_internal(struct request *r, const char *what);

/* Add a response header (name lower-case, no colon).  Copies both. */
void resp_header(struct request *r, const char *name, const char *value);

#endif
