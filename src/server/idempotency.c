/*
 * idempotency.c - Idempotency-Key on POST (see idempotency.h).
 */
#include "idempotency.h"
#include "auth.h"
#include "db.h"
#include "http.h"
#include "resp.h"
#include "common/log.h"
#include "common/timeutil.h"

#include <stdio.h>
#include <string.h>

#define JSON_TYPE "application/json; charset=utf-8"

static const char *key_of(struct request *r)
{
	return r->method == HTTP_POST && r->who ? req_header(r, "idempotency-key") : NULL;
}

static void principal_of(const struct request *r, char *out, size_t n)
{
	snprintf(out, n, "%s:%s", r->who->via_key ? "key" : "user", r->who->id);
}

static int key_valid(const char *k)
{
	size_t n = strlen(k), i;

	if (n < 1 || n > 255)
		return 0;
	for (i = 0; i < n; i++)
		if (k[i] < 0x21 || k[i] > 0x7e)
			return 0;
	return 1;
}

/* Marks r as holding the idempotency transaction (the request is only
 * ever on one worker). */
static __thread struct request *open_for;

int idem_before(struct request *r)
{
	const char *k = key_of(r);
	char who[80];
	struct db_stmt *st;
	int rc;

	open_for = NULL;
	if (!k)
		return 0;
	if (!key_valid(k)) {
		resp_error(r, 400, "INVALID_IDEMPOTENCY_KEY",
			   "Idempotency-Key must be 1 to 255 visible ASCII characters");
		return 1;
	}
	if ((rc = db_begin(r->db)) != DB_OK) {
		resp_db_error(r, rc, "idempotency");
		return 1;
	}
	principal_of(r, who, sizeof who);
	st = db_prepare(r->db, "SELECT method, path, status, body FROM idempotency_keys"
			       " WHERE principal = ? AND idem_key = ? AND created_at >= ?");
	if (!st || db_bind_text(st, 1, who) || db_bind_text(st, 2, k) ||
	    db_bind_int(st, 3, time_now_ms() - IDEMPOTENCY_TTL_MS)) {
		if (st)
			db_done(st);
		db_rollback(r->db);
		resp_db_error(r, DB_ERROR, "idempotency");
		return 1;
	}
	rc = db_step(st);
	if (rc == DB_ROW) {
		if (strcmp(db_col_text(st, 0), http_method_name(r->method)) ||
		    strcmp(db_col_text(st, 1), r->path)) {
			db_done(st);
			db_rollback(r->db);
			resp_error(r, 422, "IDEMPOTENCY_KEY_REUSED",
				   "This Idempotency-Key was used for another request");
			return 1;
		}
		r->resp.status = (int)db_col_int(st, 2);
		buf_reset(&r->resp.body);
		buf_addstr(&r->resp.body, db_col_text(st, 3));
		r->resp.content_type = JSON_TYPE;
		db_done(st);
		db_rollback(r->db);
		resp_header(r, "idempotent-replayed", "true");
		log_info("idempotent replay rid=%s path=%s", r->request_id, r->path);
		return 1;
	}
	db_done(st);
	if (rc != DB_DONE) {
		db_rollback(r->db);
		resp_db_error(r, rc, "idempotency");
		return 1;
	}
	open_for = r;
	return 0;
}

void idem_after(struct request *r)
{
	const char *k = key_of(r);
	char who[80];
	struct db_stmt *st;
	int64_t now = time_now_ms();
	int rc = DB_OK;

	if (open_for != r || !k)
		return;
	open_for = NULL;
	if (r->resp.status >= 200 && r->resp.status < 300 && !r->resp.stream &&
	    r->resp.file_fd <= 0 && r->resp.content_type &&
	    !strcmp(r->resp.content_type, JSON_TYPE)) {
		principal_of(r, who, sizeof who);
		st = db_prepare(r->db, "DELETE FROM idempotency_keys WHERE created_at < ?");
		if (st && !db_bind_int(st, 1, now - IDEMPOTENCY_TTL_MS))
			rc = db_run(st);
		else if (st)
			db_done(st);
		st = db_prepare(r->db, "INSERT OR REPLACE INTO idempotency_keys (principal, idem_key,"
				       " method, path, status, content_type, body, created_at)"
				       " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
		if (!st || db_bind_text(st, 1, who) || db_bind_text(st, 2, k) ||
		    db_bind_text(st, 3, http_method_name(r->method)) || db_bind_text(st, 4, r->path) ||
		    db_bind_int(st, 5, r->resp.status) || db_bind_text(st, 6, JSON_TYPE) ||
		    db_bind_textn(st, 7, r->resp.body.s, r->resp.body.len) || db_bind_int(st, 8, now)) {
			if (st)
				db_done(st);
			rc = DB_ERROR;
		} else {
			rc = db_run(st);
		}
	}
	if (rc != DB_OK) {
		/* Without the key the create must not stand either. */
		db_rollback(r->db);
		resp_db_error(r, rc, "idempotency");
		return;
	}
	if ((rc = db_commit(r->db)) != DB_OK)
		resp_db_error(r, rc, "idempotency commit");
}
