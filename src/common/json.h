/*
 * json.h - small helpers over cJSON used by both binaries.
 *
 * Getters never allocate and return pointers into the cJSON tree, valid as
 * long as the tree is.  Builders take ownership of nothing but their own
 * results (documented per function).
 */
#ifndef SALESAN_JSON_H
#define SALESAN_JSON_H

#include <cJSON.h>
#include <stddef.h>
#include <stdint.h>

#define JSON_MAX_DEPTH 32

/* Route cJSON's allocations through xmalloc so that OOM aborts instead of
 * silently producing partial trees.  Call once at start-up. */
void json_init(void);

/*
 * Parse exactly len bytes as one JSON value.  Trailing non-whitespace,
 * nesting deeper than max_depth, or a parse error gives NULL and, when err
 * is non-NULL, a static description in *err.  The caller owns the result
 * (cJSON_Delete).
 */
cJSON *json_parse(const char *text, size_t len, int max_depth, const char **err);

/*
 * Where in text (len bytes of JSON) the value at path starts: path is
 * "key", "key[3]", "stages[2].weight" (keys compared as written, without
 * unescaping).  Returns the byte offset, or -1 when the path is not there
 * or the text is malformed before it.  Pure; for error messages with line
 * numbers (see json_line_col).
 */
long json_locate(const char *text, size_t len, const char *path);
/* The 1-based line and column of byte offset off in text. */
void json_line_col(const char *text, size_t off, int *line, int *col);

/* Depth of the deepest container (a scalar has depth 0). */
int json_depth(const cJSON *v);

/* The string value of obj[key], or NULL when absent or not a string. */
const char *json_str(const cJSON *obj, const char *key);
/* obj[key] (case-sensitive), or NULL. */
cJSON *json_get(const cJSON *obj, const char *key);
/* The first of two keys present (used for camelCase / snake_case aliases). */
cJSON *json_get2(const cJSON *obj, const char *key, const char *alias);
/* True when obj[key] exists and is JSON true. */
int json_true(const cJSON *obj, const char *key);
/* obj[key] as int64 when it is an integral number; returns 0 on success. */
int json_int(const cJSON *obj, const char *key, int64_t *out);

/* Add s as a string, or JSON null when s is NULL. */
void json_add_str_or_null(cJSON *obj, const char *key, const char *s);
/* Add an ISO-8601 string for ms, or null when has_value is 0. */
void json_add_time(cJSON *obj, const char *key, int64_t ms, int has_value);

/* Compact serialisation; malloc'd, caller frees.  Aborts on OOM. */
char *json_print(const cJSON *v);
/* Indented serialisation for humans; malloc'd, caller frees. */
char *json_print_pretty(const cJSON *v);

#endif
