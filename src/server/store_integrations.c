/*
 * store_integrations.c - org_integrations: an organization's settings for
 * an outside service (provider "otterai"), as a JSON object; and the
 * receipts of the signed deliveries those services sent us.
 */
#include "store.h"
#include "common/xmalloc.h"

#include <string.h>

int store_integration_get(struct db *db, const char *org_id, const char *provider, char **config,
			  int64_t *updated_at)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT config, updated_at FROM org_integrations"
		" WHERE organization_id = ? AND provider = ?");
	int rc;

	*config = NULL;
	if (!st)
		return DB_ERROR;
	if (db_bind_text(st, 1, org_id) || db_bind_text(st, 2, provider)) {
		db_done(st);
		return DB_ERROR;
	}
	rc = db_step(st);
	if (rc == DB_ROW) {
		*config = xstrdup(db_col_text(st, 0));
		if (updated_at)
			*updated_at = db_col_int(st, 1);
	}
	db_done(st);
	return rc;
}

int store_integration_put(struct db *db, const char *org_id, const char *provider,
			  const char *config, const char *by, int64_t now)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO org_integrations (organization_id, provider, config, updated_by,"
		" updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (organization_id, provider)"
		" DO UPDATE SET config = excluded.config, updated_by = excluded.updated_by,"
		" updated_at = excluded.updated_at");

	if (!st)
		return DB_ERROR;
	if (db_bind_text(st, 1, org_id) || db_bind_text(st, 2, provider) ||
	    db_bind_text(st, 3, config) || db_bind_text_or_null(st, 4, by && *by ? by : NULL) ||
	    db_bind_int(st, 5, now)) {
		db_done(st);
		return DB_ERROR;
	}
	return db_run(st);
}

int store_integration_delete(struct db *db, const char *org_id, const char *provider)
{
	struct db_stmt *st = db_prepare(db,
		"DELETE FROM org_integrations WHERE organization_id = ? AND provider = ?");
	int rc;

	if (!st)
		return DB_ERROR;
	if (db_bind_text(st, 1, org_id) || db_bind_text(st, 2, provider)) {
		db_done(st);
		return DB_ERROR;
	}
	rc = db_run(st);
	if (rc == DB_OK && db_changes(db) == 0)
		rc = DB_DONE;
	return rc;
}

int store_receipt_new(struct db *db, const char *provider, const char *digest, int64_t now,
		      int64_t keep_ms)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM webhook_receipts WHERE received_at < ?");
	int rc;

	if (!st)
		return DB_ERROR;
	if (db_bind_int(st, 1, now - keep_ms)) {
		db_done(st);
		return DB_ERROR;
	}
	if ((rc = db_run(st)) != DB_OK)
		return rc;
	st = db_prepare(db, "INSERT INTO webhook_receipts (provider, digest, received_at)"
			    " VALUES (?, ?, ?)");
	if (!st)
		return DB_ERROR;
	if (db_bind_text(st, 1, provider) || db_bind_text(st, 2, digest) || db_bind_int(st, 3, now)) {
		db_done(st);
		return DB_ERROR;
	}
	rc = db_run(st);
	return rc == DB_OK ? 1 : rc == DB_CONSTRAINT ? 0 : rc;
}
