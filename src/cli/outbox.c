/*
 * outbox.c - see outbox.h.
 */
#include "outbox.h"
#include "common/fsutil.h"
#include "common/ids.h"
#include "common/json.h"
#include "common/xmalloc.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Outboxes made before idempotency keys get the column. */
static int has_idem_column(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int found = 0;

	if (sqlite3_prepare_v2(db, "SELECT idem_key FROM outbox LIMIT 0", -1, &st, NULL) == SQLITE_OK)
		found = 1;
	sqlite3_finalize(st);
	return found || sqlite3_exec(db, "ALTER TABLE outbox ADD COLUMN idem_key TEXT", NULL, NULL,
				     NULL) == SQLITE_OK;
}

static sqlite3 *open_db(char *err, size_t errlen)
{
	char *dir = xdg_dir(XDG_STATE), *path;
	sqlite3 *db = NULL;

	if (!dir || mkdir_p(dir, 0700)) {
		snprintf(err, errlen, "no state directory for the outbox");
		free(dir);
		return NULL;
	}
	path = path_join(dir, "outbox.db");
	free(dir);
	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, "PRAGMA busy_timeout = 5000; CREATE TABLE IF NOT EXISTS outbox ("
			     " id INTEGER PRIMARY KEY, call_id TEXT, customer TEXT, date TEXT, email TEXT,"
			     " session_id TEXT, transcript TEXT NOT NULL, created_at INTEGER NOT NULL)",
			 NULL, NULL, NULL) != SQLITE_OK ||
	    !has_idem_column(db)) {
		snprintf(err, errlen, "outbox %s: %s", path, db ? sqlite3_errmsg(db) : "cannot open");
		sqlite3_close(db);
		free(path);
		return NULL;
	}
	free(path);
	return db;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

int outbox_add(const struct outbox_entry *e, char *err, size_t errlen)
{
	sqlite3 *db = open_db(err, errlen);
	sqlite3_stmt *st = NULL;
	char *text, key[7 + UUID_STR_LEN] = "outbox-";
	int rc;

	if (!db)
		return -1;
	text = json_print(e->transcript);
	uuid_v4(key + 7);
	rc = sqlite3_prepare_v2(db, "INSERT INTO outbox (call_id, customer, date, email, session_id,"
				    " transcript, idem_key, created_at)"
				    " VALUES (?, ?, ?, ?, ?, ?, ?, strftime('%s','now'))",
				-1, &st, NULL);
	if (rc == SQLITE_OK) {
		bind_text(st, 1, e->call_id);
		bind_text(st, 2, e->customer);
		bind_text(st, 3, e->date);
		bind_text(st, 4, e->email);
		bind_text(st, 5, e->session_id);
		bind_text(st, 6, text);
		bind_text(st, 7, key);
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
	}
	if (rc != SQLITE_OK)
		snprintf(err, errlen, "outbox: %s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	sqlite3_close(db);
	free(text);
	return rc == SQLITE_OK ? 0 : -1;
}

static char *col(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? xstrdup((const char *)s) : NULL;
}

struct outbox_entry *outbox_list(int *n, char *err, size_t errlen)
{
	sqlite3 *db = open_db(err, errlen);
	struct outbox_entry *v = NULL;
	sqlite3_stmt *st = NULL;

	*n = 0;
	if (!db)
		return NULL;
	if (sqlite3_prepare_v2(db, "SELECT id, call_id, customer, date, email, session_id, transcript,"
				   " coalesce(idem_key, 'outbox-' || id || '-' || created_at)"
				   " FROM outbox ORDER BY id", -1, &st, NULL) == SQLITE_OK) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			struct outbox_entry *e;
			const unsigned char *t = sqlite3_column_text(st, 6);

			v = xrealloc(v, (size_t)(*n + 1) * sizeof *v);
			e = &v[(*n)++];
			e->id = sqlite3_column_int64(st, 0);
			e->call_id = col(st, 1);
			e->customer = col(st, 2);
			e->date = col(st, 3);
			e->email = col(st, 4);
			e->session_id = col(st, 5);
			e->transcript = t ? cJSON_Parse((const char *)t) : NULL;
			e->idem_key = col(st, 7);
		}
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

int outbox_remove(long long id)
{
	char err[128];
	sqlite3 *db = open_db(err, sizeof err);
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (!db)
		return -1;
	if (sqlite3_prepare_v2(db, "DELETE FROM outbox WHERE id = ?", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, id);
		rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc;
}

void outbox_free(struct outbox_entry *v, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		free(v[i].call_id);
		free(v[i].idem_key);
		free(v[i].customer);
		free(v[i].date);
		free(v[i].email);
		free(v[i].session_id);
		cJSON_Delete(v[i].transcript);
	}
	free(v);
}
