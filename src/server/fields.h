/*
 * fields.h - turning rows into API objects with the same field specs that
 * validate requests (validate.h).  Used by store files only.
 */
#ifndef SALESAN_FIELDS_H
#define SALESAN_FIELDS_H

#include "db.h"
#include "validate.h"

#include <cJSON.h>

/*
 * Append "p.col1, p.col2, ..." for every field not carrying any of the
 * skip flags (prefix may be "" or "c."). 
 */
void fields_select(const struct field *fs, size_t n, const char *prefix, unsigned skip,
		   struct buf *b);
/*
 * Add one JSON member per field (same order and skip flags as the select
 * list) to obj, reading columns from col0 on.  Returns the next column.
 */
int fields_row_json(struct db_stmt *st, int col0, const struct field *fs, size_t n,
		    unsigned skip, cJSON *obj);
/*
 * Bind the values of v, in order, from parameter idx on; returns the next
 * parameter index, or -1 on a bind error.
 */
int fields_bind(struct db_stmt *st, int idx, const struct fvals *v);

/*
 * INSERT a row with a new UUID (id_out) and the columns of v into table,
 * stamping created_at/updated_at with now.  table must be a literal.
 */
int store_insert_row(struct db *db, const char *table, const struct fvals *v, int64_t now,
		     char id_out[37]);
/* UPDATE table row id with the columns of v (and updated_at).  DB_DONE when
 * no such row. */
int store_update_row(struct db *db, const char *table, const char *id, const struct fvals *v,
		     int64_t now);

#endif
