#include "resp.h"
#include "stream.h"
#include "db.h"
#include "server.h"
#include "validate.h"
#include "common/json.h"
#include "common/log.h"
#include "common/xmalloc.h"

#include <stdlib.h>
#include <stdarg.h>
#include <string.h>

static void set_body(struct request *r, int status, cJSON *doc)
{
	char *s = json_print(doc);

	cJSON_Delete(doc);
	if (r->resp.stream) { /* a stream replaced by an ordinary answer */
		stream_free(r->resp.stream);
		r->resp.stream = NULL;
		r->resp.close = 0;
	}
	buf_reset(&r->resp.body);
	buf_addstr(&r->resp.body, s);
	free(s);
	r->resp.status = status;
	r->resp.content_type = "application/json; charset=utf-8";
}

void resp_json(struct request *r, int status, cJSON *doc)
{
	set_body(r, status, doc);
}

void resp_data(struct request *r, int status, cJSON *data)
{
	cJSON *doc = cJSON_CreateObject();

	cJSON_AddTrueToObject(doc, "success");
	cJSON_AddItemToObject(doc, "data", data ? data : cJSON_CreateNull());
	set_body(r, status, doc);
}

void resp_message(struct request *r, int status, const char *message, cJSON *data)
{
	cJSON *doc = cJSON_CreateObject();

	cJSON_AddTrueToObject(doc, "success");
	cJSON_AddStringToObject(doc, "message", message);
	if (data)
		cJSON_AddItemToObject(doc, "data", data);
	set_body(r, status, doc);
}

void resp_error_details(struct request *r, int status, const char *code,
			const char *message, cJSON *details)
{
	cJSON *doc = cJSON_CreateObject(), *err = cJSON_CreateObject();

	cJSON_AddFalseToObject(doc, "success");
	cJSON_AddStringToObject(err, "message", message);
	cJSON_AddStringToObject(err, "code", code);
	if (details)
		cJSON_AddItemToObject(err, "details", details);
	cJSON_AddItemToObject(doc, "error", err);
	set_body(r, status, doc);
}

void resp_error(struct request *r, int status, const char *code, const char *fmt, ...)
{
	struct buf m = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&m, fmt, ap);
	va_end(ap);
	resp_error_details(r, status, code, m.s, NULL);
	buf_free(&m);
}

void resp_internal(struct request *r, const char *what)
{
	log_error("internal error rid=%s path=%s: %s", r->request_id, r->path, what);
	resp_error(r, 500, "INTERNAL_SERVER_ERROR",
		   "Internal server error (request id %s)", r->request_id);
}

void resp_db_error(struct request *r, int dbrc, const char *what)
{
	const char *msg = r->db ? db_errmsg(r->db) : "no database connection";

	switch (dbrc) {
	case DB_CONSTRAINT:
		log_info("conflict rid=%s %s: %s", r->request_id, what, msg);
		resp_error(r, 409, "CONFLICT", "The change conflicts with existing data");
		return;
	case DB_BUSY:
	case DB_FULL:
	case DB_READONLY:
		log_error("database unavailable rid=%s %s: %s", r->request_id, what, msg);
		resp_error(r, 503, "DATABASE_UNAVAILABLE",
			   "The database is temporarily unavailable; retry shortly");
		resp_header(r, "retry-after", "5");
		return;
	default: {
		struct buf b = BUF_INIT;
		buf_addf(&b, "%s: %s", what, msg);
		resp_internal(r, b.s);
		buf_free(&b);
	}
	}
}

void resp_header(struct request *r, const char *name, const char *value)
{
	int i;

	for (i = 0; i < r->resp.nheaders; i++) {
		if (!strcmp(r->resp.headers[i].key, name)) {
			free(r->resp.headers[i].value);
			r->resp.headers[i].value = xstrdup(value);
			return;
		}
	}
	if (r->resp.nheaders >= HTTP_MAX_RESP_HEADERS)
		abort(); /* a handler bug: the limit is far above any response's needs */
	r->resp.headers[r->resp.nheaders].key = xstrdup(name);
	r->resp.headers[r->resp.nheaders].value = xstrdup(value);
	r->resp.nheaders++;
}

void resp_list(struct request *r, const char *key, cJSON *items, int64_t page, int64_t limit,
	       int64_t total)
{
	cJSON *data = cJSON_CreateObject();

	cJSON_AddItemToObject(data, key, items);
	cJSON_AddItemToObject(data, "pagination", pagination_json(page, limit, total));
	resp_data(r, 200, data);
}
