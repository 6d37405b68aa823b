/*
 * db_sqlite.c - the SQLite driver behind db.h.
 */
#include "db.h"
#include "common/buf.h"
#include "common/xmalloc.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STMT_CACHE_SLOTS 128

struct db_stmt {
	sqlite3_stmt *st;
	struct db *db;
	char *sql;       /* cache key: the statement text */
	uint32_t hash;
	struct db_stmt *next;
};

struct db {
	sqlite3 *h;
	struct db_stmt *cache[STMT_CACHE_SLOTS];
	char errmsg[256];
	int depth; /* open transaction levels (db_begin nesting) */
};

static void set_err(struct db *db, const char *what)
{
	snprintf(db->errmsg, sizeof db->errmsg, "%s: %s", what, sqlite3_errmsg(db->h));
}

static int map_rc(struct db *db, int rc, const char *what)
{
	switch (rc & 0xff) {
	case SQLITE_OK: return DB_OK;
	case SQLITE_ROW: return DB_ROW;
	case SQLITE_DONE: return DB_DONE;
	case SQLITE_CONSTRAINT: set_err(db, what); return DB_CONSTRAINT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED: set_err(db, what); return DB_BUSY;
	case SQLITE_FULL: set_err(db, what); return DB_FULL;
	case SQLITE_READONLY:
	case SQLITE_CANTOPEN:
	case SQLITE_IOERR: set_err(db, what); return DB_READONLY;
	default: set_err(db, what); return DB_ERROR;
	}
}

struct db *db_open(const char *path, int durable, char **err)
{
	struct db *db = xcalloc(1, sizeof *db);
	int rc = sqlite3_open_v2(path, &db->h,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
					 SQLITE_OPEN_NOMUTEX,
				 NULL);
	struct buf b = BUF_INIT;

	if (rc != SQLITE_OK) {
		buf_addf(&b, "cannot open database %s: %s", path,
			 db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_busy_timeout(db->h, 5000);
	sqlite3_extended_result_codes(db->h, 1);
	buf_addf(&b, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; "
		     "PRAGMA synchronous=%s; PRAGMA temp_store=MEMORY; "
		     "PRAGMA cache_size=-16000;",
		 durable ? "FULL" : "NORMAL");
	if (sqlite3_exec(db->h, b.s, NULL, NULL, NULL) != SQLITE_OK) {
		buf_reset(&b);
		buf_addf(&b, "cannot configure database %s: %s", path, sqlite3_errmsg(db->h));
		goto fail;
	}
	buf_free(&b);
	return db;
fail:
	*err = buf_detach(&b, NULL);
	if (db->h)
		sqlite3_close(db->h);
	free(db);
	return NULL;
}

void db_close(struct db *db)
{
	size_t i;

	if (!db)
		return;
	for (i = 0; i < STMT_CACHE_SLOTS; i++) {
		struct db_stmt *s = db->cache[i], *n;
		for (; s; s = n) {
			n = s->next;
			sqlite3_finalize(s->st);
			free(s->sql);
			free(s);
		}
	}
	/* Checkpoint so the WAL does not linger after a clean shutdown. */
	sqlite3_exec(db->h, "PRAGMA wal_checkpoint(TRUNCATE);", NULL, NULL, NULL);
	sqlite3_close(db->h);
	free(db);
}

const char *db_driver(const struct db *db)
{
	(void)db;
	return "sqlite";
}

int db_exec(struct db *db, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		int m = map_rc(db, rc, "exec");
		snprintf(db->errmsg, sizeof db->errmsg, "%s", msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return m < 0 ? m : DB_ERROR;
	}
	return DB_OK;
}

static uint32_t fnv1a(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

struct db_stmt *db_prepare(struct db *db, const char *sql)
{
	uint32_t h = fnv1a(sql);
	size_t slot = h % STMT_CACHE_SLOTS;
	struct db_stmt *s;

	/* Keyed by text, so SQL assembled at run time from a bounded set of
	 * fragments (filters, scopes) is cached as well as literals are. */
	for (s = db->cache[slot]; s; s = s->next)
		if (s->hash == h && !strcmp(s->sql, sql))
			return s;
	s = xcalloc(1, sizeof *s);
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->st, NULL) !=
	    SQLITE_OK) {
		set_err(db, "prepare");
		free(s);
		return NULL;
	}
	s->db = db;
	s->sql = xstrdup(sql);
	s->hash = h;
	s->next = db->cache[slot];
	db->cache[slot] = s;
	return s;
}

struct db_stmt *db_prepare_once(struct db *db, const char *sql)
{
	struct db_stmt *s = xcalloc(1, sizeof *s);

	if (sqlite3_prepare_v2(db->h, sql, -1, &s->st, NULL) != SQLITE_OK) {
		set_err(db, "prepare");
		free(s);
		return NULL;
	}
	s->db = db;
	return s;
}

void db_finalize(struct db_stmt *st)
{
	if (!st)
		return;
	sqlite3_finalize(st->st);
	free(st);
}

void db_done(struct db_stmt *st)
{
	sqlite3_reset(st->st);
	sqlite3_clear_bindings(st->st);
}

int db_bind_textn(struct db_stmt *st, int idx, const char *s, size_t n)
{
	return map_rc(st->db, sqlite3_bind_text(st->st, idx, s, (int)n, SQLITE_TRANSIENT), "bind");
}

int db_bind_text(struct db_stmt *st, int idx, const char *s)
{
	return db_bind_textn(st, idx, s, strlen(s));
}

int db_bind_text_or_null(struct db_stmt *st, int idx, const char *s)
{
	return s ? db_bind_text(st, idx, s) : db_bind_null(st, idx);
}

int db_bind_int(struct db_stmt *st, int idx, int64_t v)
{
	return map_rc(st->db, sqlite3_bind_int64(st->st, idx, v), "bind");
}

int db_bind_double(struct db_stmt *st, int idx, double v)
{
	return map_rc(st->db, sqlite3_bind_double(st->st, idx, v), "bind");
}

int db_bind_null(struct db_stmt *st, int idx)
{
	return map_rc(st->db, sqlite3_bind_null(st->st, idx), "bind");
}

int db_step(struct db_stmt *st)
{
	return map_rc(st->db, sqlite3_step(st->st), "step");
}

int db_col_is_null(struct db_stmt *st, int col)
{
	return sqlite3_column_type(st->st, col) == SQLITE_NULL;
}

const char *db_col_text(struct db_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st->st, col);
}

int64_t db_col_int(struct db_stmt *st, int col)
{
	return sqlite3_column_int64(st->st, col);
}

double db_col_double(struct db_stmt *st, int col)
{
	return sqlite3_column_double(st->st, col);
}

int db_col_count(struct db_stmt *st)
{
	return sqlite3_column_count(st->st);
}

int db_run(struct db_stmt *st)
{
	int rc = db_step(st);

	db_done(st);
	return rc == DB_DONE || rc == DB_ROW ? DB_OK : rc;
}

/*
 * Transactions nest: the outermost db_begin is BEGIN IMMEDIATE (the write
 * lock up front, so read-then-write cannot fail on a lock upgrade), inner
 * ones are savepoints, so a store function can make its own multi-statement
 * change atomic whether or not its caller opened a transaction.
 */
int db_begin(struct db *db)
{
	char sql[48];
	int rc;

	if (db->depth == 0)
		rc = db_exec(db, "BEGIN IMMEDIATE");
	else {
		snprintf(sql, sizeof sql, "SAVEPOINT sp%d", db->depth);
		rc = db_exec(db, sql);
	}
	if (rc == DB_OK)
		db->depth++;
	return rc;
}

int db_commit(struct db *db)
{
	char sql[48];
	int rc;

	if (db->depth <= 0)
		return DB_ERROR;
	if (db->depth == 1)
		rc = db_exec(db, "COMMIT");
	else {
		snprintf(sql, sizeof sql, "RELEASE sp%d", db->depth - 1);
		rc = db_exec(db, sql);
	}
	if (rc != DB_OK) {
		db_rollback(db);
		return rc;
	}
	db->depth--;
	return DB_OK;
}

void db_rollback(struct db *db)
{
	char sql[64];

	if (db->depth <= 0)
		return;
	if (db->depth == 1) {
		if (!sqlite3_get_autocommit(db->h))
			sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	} else {
		snprintf(sql, sizeof sql, "ROLLBACK TO sp%d; RELEASE sp%d", db->depth - 1, db->depth - 1);
		sqlite3_exec(db->h, sql, NULL, NULL, NULL);
	}
	db->depth--;
}

int64_t db_changes(struct db *db)
{
	return sqlite3_changes64(db->h);
}

const char *db_errmsg(struct db *db)
{
	return db->errmsg;
}
