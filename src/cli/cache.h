/*
 * cache.h - the local read cache, $XDG_CACHE_HOME/salesan/cache.db.
 *
 * Every successful GET that a read command makes is kept with the time it
 * was fetched, under a scope of profile and server so data of different
 * servers or profiles never mixes.  When the server cannot be reached, or
 * with --offline, read commands answer from here (api_get in client.h).
 * Lists also feed a small table of known ids and labels (users, calls,
 * scripts) that shell completion reads, and export keeps its high-water
 * marks in the same file.
 *
 * SQLite in WAL mode with a busy timeout, so concurrent salesan processes
 * are safe.  The cache is an optimisation: every function here fails
 * softly (a broken or unwritable cache never fails a command); the ones
 * that return data return NULL/-1 when there is none.
 */
#ifndef SALESAN_CACHE_H
#define SALESAN_CACHE_H

#include "cli.h"

#include <stdint.h>

/* The cache file's path (malloc'd), or NULL when no cache directory. */
char *cache_path(void);

/* Keep body (with its ETag, may be NULL) as the answer to GET path, and
 * note the ids it lists. */
void cache_put(struct cli *cli, const char *path, const char *body, const char *etag);
/* The cached answer to GET path (malloc'd), when it was fetched (ms since
 * the epoch) and, when etag is non-NULL, its ETag (malloc'd or NULL); NULL
 * when there is none. */
char *cache_get(struct cli *cli, const char *path, int64_t *fetched_ms, char **etag);
/* The server confirmed the cached answer (304): it is fresh as of now. */
void cache_touch(struct cli *cli, const char *path);

/* The paths of this scope's cached answers, most recently fetched first,
 * at most max (a NULL-terminated malloc'd array of malloc'd strings; NULL
 * when there are none). */
char **cache_paths(struct cli *cli, int max);

/* A small per-scope key/value store (export high-water marks). */
char *cache_meta_get(struct cli *cli, const char *key);
int cache_meta_set(struct cli *cli, const char *key, const char *value);

/* Print the ids of kind ("users", "calls", "scripts") known in this scope,
 * one per line with a tab and the label (for completion). */
void cache_print_ids(struct cli *cli, const char *kind);

struct cache_info {
	int64_t responses, entities, bytes, oldest_ms, newest_ms;
};
/* Figures for this scope (0 when the cache does not exist). */
int cache_info(struct cli *cli, struct cache_info *out);
/* Remove this scope's data (all scopes when all).  0, or -1 on error. */
int cache_clear(struct cli *cli, int all);

/* Close the database (at exit). */
void cache_close(void);

#endif
