/*
 * migrate.h - numbered, transactional schema migrations.
 *
 * The database records every applied migration in schema_migrations.
 * migrate_apply() runs the missing ones in order, each inside its own
 * transaction, and refuses a database newer than this binary.
 */
#ifndef SALESAN_MIGRATE_H
#define SALESAN_MIGRATE_H

#include "db.h"

/* The highest migration this binary knows. */
int migrate_latest(void);
/* The version recorded in db (0 for a fresh database), or -1 on error. */
int migrate_current(struct db *db);
/*
 * Apply every pending migration.  Returns the number applied (>= 0), or -1
 * with a malloc'd message in *err (nothing of the failed migration stays).
 */
int migrate_apply(struct db *db, char **err);

#endif
