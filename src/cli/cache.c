/*
 * cache.c - the local read cache (see cache.h).
 */
#include "cache.h"
#include "common/fsutil.h"
#include "common/json.h"
#include "common/timeutil.h"
#include "common/xmalloc.h"

#include <cJSON.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static sqlite3 *db;
static int db_failed;

static const char schema[] =
	"PRAGMA journal_mode = WAL;"
	"CREATE TABLE IF NOT EXISTS responses (scope TEXT NOT NULL, path TEXT NOT NULL,"
	" body TEXT NOT NULL, fetched_at INTEGER NOT NULL, PRIMARY KEY (scope, path));"
	"CREATE TABLE IF NOT EXISTS entities (scope TEXT NOT NULL, kind TEXT NOT NULL,"
	" id TEXT NOT NULL, label TEXT, updated_at TEXT, PRIMARY KEY (scope, kind, id));"
	"CREATE TABLE IF NOT EXISTS meta (scope TEXT NOT NULL, key TEXT NOT NULL,"
	" value TEXT, PRIMARY KEY (scope, key));";

/* Columns added after the first release of the cache. */
static void upgrade(void)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, "SELECT etag FROM responses LIMIT 0", -1, &st, NULL) != SQLITE_OK)
		sqlite3_exec(db, "ALTER TABLE responses ADD COLUMN etag TEXT", NULL, NULL, NULL);
	sqlite3_finalize(st);
}

char *cache_path(void)
{
	char *dir = xdg_dir(XDG_CACHE), *p;

	if (!dir)
		return NULL;
	p = path_join(dir, "cache.db");
	free(dir);
	return p;
}

/* Open (creating) the cache; NULL when it cannot be used. */
static sqlite3 *open_cache(int create)
{
	char *path, *dir;
	struct stat st;

	if (db || db_failed)
		return db;
	path = cache_path();
	if (!path || (!create && stat(path, &st) != 0)) {
		free(path);
		return NULL;
	}
	dir = xstrdup(path);
	*strrchr(dir, '/') = '\0';
	if (mkdir_p(dir, 0700) != 0 || sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_busy_timeout(db, 5000) != SQLITE_OK ||
	    sqlite3_exec(db, schema, NULL, NULL, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		db = NULL;
		db_failed = 1;
	} else {
		upgrade();
	}
	free(dir);
	free(path);
	return db;
}

void cache_close(void)
{
	sqlite3_close(db);
	db = NULL;
}

static char *scope_of(struct cli *cli)
{
	size_t n = strlen(cli->profile) + strlen(cli->server) + 2;
	char *s = xmalloc(n);

	snprintf(s, n, "%s|%s", cli->profile, cli->server);
	return s;
}

/* Prepare sql with the scope bound as ?1; NULL when the cache is unusable. */
static sqlite3_stmt *prep(struct cli *cli, const char *sql, int create)
{
	sqlite3_stmt *st = NULL;
	char *scope;

	if (!open_cache(create) || sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	scope = scope_of(cli);
	sqlite3_bind_text(st, 1, scope, -1, SQLITE_TRANSIENT);
	free(scope);
	return st;
}

static void text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

/* Which entity kind a list path holds, and the field that labels it. */
static const char *entity_kind(const char *path, const char **label)
{
	static const char *const map[][3] = {
		{ "/api/v1/users", "users", "email" },
		{ "/api/v1/sales-calls", "calls", "customerName" },
		{ "/api/v1/sales-scripts", "scripts", "name" },
	};
	size_t i, n;

	for (i = 0; i < sizeof map / sizeof map[0]; i++) {
		n = strlen(map[i][0]);
		if (!strncmp(path, map[i][0], n) && (path[n] == '\0' || path[n] == '?')) {
			*label = map[i][2];
			return map[i][1];
		}
	}
	return NULL;
}

/* The first array of objects in data (data itself, or one of its members). */
static const cJSON *list_in(const cJSON *data)
{
	const cJSON *m;

	if (cJSON_IsArray(data))
		return data;
	cJSON_ArrayForEach(m, data)
		if (cJSON_IsArray(m))
			return m;
	return NULL;
}

static void note_entities(struct cli *cli, const char *path, const char *body)
{
	const char *label, *kind = entity_kind(path, &label);
	const cJSON *arr, *o;
	sqlite3_stmt *st;
	cJSON *j;

	if (!kind || !(j = json_parse(body, strlen(body), 64, NULL)))
		return;
	arr = list_in(json_get(j, "data"));
	st = prep(cli, "INSERT OR REPLACE INTO entities (scope, kind, id, label, updated_at)"
		       " VALUES (?1, ?2, ?3, ?4, ?5)", 1);
	if (st) {
		cJSON_ArrayForEach(o, arr) {
			if (!json_str(o, "id"))
				continue;
			text(st, 2, kind);
			text(st, 3, json_str(o, "id"));
			text(st, 4, json_str(o, label));
			text(st, 5, json_str(o, "updatedAt"));
			sqlite3_step(st);
			sqlite3_reset(st);
		}
		sqlite3_finalize(st);
	}
	cJSON_Delete(j);
}

void cache_put(struct cli *cli, const char *path, const char *body, const char *etag)
{
	sqlite3_stmt *st = prep(cli, "INSERT OR REPLACE INTO responses (scope, path, body,"
				     " fetched_at, etag) VALUES (?1, ?2, ?3, ?4, ?5)", 1);

	if (!st)
		return;
	sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	text(st, 2, path);
	text(st, 3, body);
	sqlite3_bind_int64(st, 4, time_now_ms());
	text(st, 5, etag);
	sqlite3_step(st);
	sqlite3_finalize(st);
	note_entities(cli, path, body);
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
}

char *cache_get(struct cli *cli, const char *path, int64_t *fetched_ms, char **etag)
{
	sqlite3_stmt *st = prep(cli, "SELECT body, fetched_at, etag FROM responses WHERE scope = ?1"
				     " AND path = ?2", 0);
	char *body = NULL;

	if (etag)
		*etag = NULL;
	if (!st)
		return NULL;
	text(st, 2, path);
	if (sqlite3_step(st) == SQLITE_ROW) {
		body = xstrdup((const char *)sqlite3_column_text(st, 0));
		*fetched_ms = sqlite3_column_int64(st, 1);
		if (etag && sqlite3_column_text(st, 2))
			*etag = xstrdup((const char *)sqlite3_column_text(st, 2));
	}
	sqlite3_finalize(st);
	return body;
}

void cache_touch(struct cli *cli, const char *path)
{
	sqlite3_stmt *st = prep(cli, "UPDATE responses SET fetched_at = ?3 WHERE scope = ?1"
				     " AND path = ?2", 0);

	if (!st)
		return;
	text(st, 2, path);
	sqlite3_bind_int64(st, 3, time_now_ms());
	sqlite3_step(st);
	sqlite3_finalize(st);
}

char **cache_paths(struct cli *cli, int max)
{
	sqlite3_stmt *st = prep(cli, "SELECT path FROM responses WHERE scope = ?1"
				     " ORDER BY fetched_at DESC LIMIT ?2", 0);
	char **v = NULL;
	int n = 0;

	if (!st)
		return NULL;
	sqlite3_bind_int(st, 2, max);
	while (sqlite3_step(st) == SQLITE_ROW) {
		v = xrealloc(v, (size_t)(n + 2) * sizeof *v);
		v[n++] = xstrdup((const char *)sqlite3_column_text(st, 0));
		v[n] = NULL;
	}
	sqlite3_finalize(st);
	return v;
}

char *cache_meta_get(struct cli *cli, const char *key)
{
	sqlite3_stmt *st = prep(cli, "SELECT value FROM meta WHERE scope = ?1 AND key = ?2", 0);
	char *v = NULL;

	if (!st)
		return NULL;
	text(st, 2, key);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		v = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

int cache_meta_set(struct cli *cli, const char *key, const char *value)
{
	sqlite3_stmt *st = prep(cli, "INSERT OR REPLACE INTO meta (scope, key, value)"
				     " VALUES (?1, ?2, ?3)", 1);
	int rc;

	if (!st)
		return -1;
	text(st, 2, key);
	text(st, 3, value);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
	sqlite3_finalize(st);
	return rc;
}

void cache_print_ids(struct cli *cli, const char *kind)
{
	sqlite3_stmt *st = prep(cli, "SELECT id, label FROM entities WHERE scope = ?1 AND kind = ?2"
				     " ORDER BY label, id", 0);

	if (!st)
		return;
	text(st, 2, kind);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *label = (const char *)sqlite3_column_text(st, 1);
		printf("%s\t%s\n", sqlite3_column_text(st, 0), label ? label : "");
	}
	sqlite3_finalize(st);
}

int cache_info(struct cli *cli, struct cache_info *out)
{
	sqlite3_stmt *st;

	memset(out, 0, sizeof *out);
	st = prep(cli, "SELECT count(*), coalesce(sum(length(body)), 0), min(fetched_at),"
		       " max(fetched_at) FROM responses WHERE scope = ?1", 0);
	if (!st)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		out->responses = sqlite3_column_int64(st, 0);
		out->bytes = sqlite3_column_int64(st, 1);
		out->oldest_ms = sqlite3_column_int64(st, 2);
		out->newest_ms = sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	st = prep(cli, "SELECT count(*) FROM entities WHERE scope = ?1", 0);
	if (st && sqlite3_step(st) == SQLITE_ROW)
		out->entities = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return 0;
}

int cache_clear(struct cli *cli, int all)
{
	static const char *const tables[] = { "responses", "entities", "meta" };
	char sql[128];
	size_t i;
	int rc = 0;

	if (!open_cache(0))
		return 0;
	for (i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		sqlite3_stmt *st;
		snprintf(sql, sizeof sql, "DELETE FROM %s%s", tables[i], all ? " WHERE ?1 IS NOT NULL"
									   : " WHERE scope = ?1");
		st = prep(cli, sql, 0);
		if (!st || sqlite3_step(st) != SQLITE_DONE)
			rc = -1;
		sqlite3_finalize(st);
	}
	if (all && rc == 0)
		sqlite3_exec(db, "VACUUM", NULL, NULL, NULL);
	return rc;
}
