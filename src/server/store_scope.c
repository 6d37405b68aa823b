/*
 * store_scope.c - visibility scopes as SQL conditions.
 */
#include "store.h"

void scope_sql(const struct scope *s, const char *org_col, const char *user_col, struct buf *sql)
{
	switch (s->kind) {
	case SCOPE_ALL:
		buf_addstr(sql, "1 = 1");
		break;
	case SCOPE_ORG:
		buf_addf(sql, "%s = ?", org_col);
		break;
	case SCOPE_ORG_TREE:
		/* Branches at any depth; shared SQLite/PostgreSQL syntax. */
		buf_addf(sql, "%s IN (WITH RECURSIVE tree(id) AS (SELECT ? UNION "
			      "SELECT o.id FROM organizations o JOIN tree t "
			      "ON o.parent_organization_id = t.id) SELECT id FROM tree)",
			 org_col);
		break;
	case SCOPE_TEAM:
		buf_addf(sql, "%s IN (SELECT u.id FROM users u WHERE u.id = ? OR u.manager_id = ?)",
			 user_col);
		break;
	case SCOPE_SELF:
		buf_addf(sql, "%s = ?", user_col);
		break;
	}
}

int scope_bind(const struct scope *s, struct db_stmt *st, int idx)
{
	switch (s->kind) {
	case SCOPE_ALL:
		return idx;
	case SCOPE_ORG:
	case SCOPE_ORG_TREE:
		return db_bind_text(st, idx, s->org_id) == DB_OK ? idx + 1 : -1;
	case SCOPE_TEAM:
		if (db_bind_text(st, idx, s->user_id) || db_bind_text(st, idx + 1, s->user_id))
			return -1;
		return idx + 2;
	case SCOPE_SELF:
		return db_bind_text(st, idx, s->user_id) == DB_OK ? idx + 1 : -1;
	}
	return -1;
}
