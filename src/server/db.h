/*
 * db.h - the database seam.  Store files (store_*.c) talk to the database
 * only through this interface, with SQL in the subset SQLite and
 * PostgreSQL share and '?' placeholders, so that another driver only has to
 * translate placeholders and types.
 *
 * A struct db is one connection and must be used by one thread at a time
 * (each worker thread owns one).  Statements prepared with db_prepare() are
 * cached per connection, keyed by the SQL text, and must be released with
 * db_done() (which resets them for reuse) before the next db_prepare of
 * the same SQL.  SQL assembled at run time must come from a bounded set of
 * fragments (never from input), or use db_prepare_once().
 *
 * Failure: functions return DB_OK/DB_ROW/DB_DONE or a negative enum
 * db_status; db_errmsg() describes the last error.  DB_CONSTRAINT means a
 * UNIQUE/CHECK/FOREIGN KEY violation (a client-caused conflict); DB_BUSY,
 * DB_FULL and DB_READONLY are transient server conditions (503).
 */
#ifndef SALESAN_DB_H
#define SALESAN_DB_H

#include <stddef.h>
#include <stdint.h>

struct db;
struct db_stmt;

enum db_status {
	DB_OK = 0,
	DB_ROW = 1,
	DB_DONE = 2,
	DB_ERROR = -1,
	DB_CONSTRAINT = -2,
	DB_BUSY = -3,
	DB_FULL = -4,
	DB_READONLY = -5,
};

/*
 * Open (creating when missing) the database at path and configure it: WAL,
 * foreign keys, busy timeout, synchronous=NORMAL (in WAL mode a killed
 * process never loses a committed transaction; FULL only adds protection
 * against power loss and can be requested with durable=1).
 * Returns NULL with a malloc'd message in *err on failure.
 */
struct db *db_open(const char *path, int durable, char **err);
void db_close(struct db *db);
/* The driver's name for /health: "sqlite". */
const char *db_driver(const struct db *db);

/* Run one or more statements with no parameters (migrations). */
int db_exec(struct db *db, const char *sql);

/* A cached prepared statement for sql, or NULL on error (db_errmsg). */
struct db_stmt *db_prepare(struct db *db, const char *sql);
/* An uncached statement for SQL built at run time (the cache would grow
 * without bound); release it with db_finalize(), not db_done(). */
struct db_stmt *db_prepare_once(struct db *db, const char *sql);
void db_finalize(struct db_stmt *st);
/* Reset and clear bindings so the cached statement can be reused. */
void db_done(struct db_stmt *st);

/* Bind parameter idx (1-based).  Text is copied.  Return DB_OK or error. */
int db_bind_text(struct db_stmt *st, int idx, const char *s);
int db_bind_textn(struct db_stmt *st, int idx, const char *s, size_t n);
int db_bind_int(struct db_stmt *st, int idx, int64_t v);
int db_bind_double(struct db_stmt *st, int idx, double v);
int db_bind_null(struct db_stmt *st, int idx);
/* Text, or NULL when s is NULL. */
int db_bind_text_or_null(struct db_stmt *st, int idx, const char *s);

/* Advance: DB_ROW, DB_DONE, or an error. */
int db_step(struct db_stmt *st);
/* Column readers (0-based).  Text pointers are valid until the next
 * db_step/db_done on st; NULL for SQL NULL. */
int db_col_is_null(struct db_stmt *st, int col);
const char *db_col_text(struct db_stmt *st, int col);
int64_t db_col_int(struct db_stmt *st, int col);
double db_col_double(struct db_stmt *st, int col);
int db_col_count(struct db_stmt *st);

/* Copy a text column into dst (size n), "" for NULL; truncates. */
void db_col_copy(struct db_stmt *st, int col, char *dst, size_t n);

/* Execute a prepared statement that returns no rows; db_done is called.
 * Returns DB_OK or an error. */
int db_run(struct db_stmt *st);

/* Transactions.  db_begin takes the write lock immediately (BEGIN
 * IMMEDIATE), so a transaction that reads then writes cannot deadlock.
 * They nest (inner levels are savepoints): every db_begin that succeeded
 * is matched by exactly one db_commit or db_rollback.  A failed db_commit
 * has already rolled its level back. */
int db_begin(struct db *db);
int db_commit(struct db *db);
void db_rollback(struct db *db);

/* Rows changed by the last INSERT/UPDATE/DELETE. */
int64_t db_changes(struct db *db);
const char *db_errmsg(struct db *db);

#endif
