#include "authz.h"
#include "router.h"

#include <string.h>

static int org_scope(struct db *db, const struct principal *p, struct scope *out)
{
	struct org_row o;
	int rc = store_org_by_id(db, p->org_id, &o);

	if (rc < 0)
		return rc;
	memcpy(out->org_id, p->org_id, sizeof out->org_id);
	/* Without branches the plain equality lets the index order the list. */
	out->kind = rc == DB_ROW && o.has_children ? SCOPE_ORG_TREE : SCOPE_ORG;
	return DB_OK;
}

int authz_scope(struct db *db, const struct principal *p, struct scope *out)
{
	memset(out, 0, sizeof *out);
	memcpy(out->user_id, p->id, sizeof out->user_id);
	switch (p->role) {
	case ROLE_SUPER:
		out->kind = SCOPE_ALL;
		return DB_OK;
	case ROLE_ADMIN:
		if (p->org_id[0])
			return org_scope(db, p, out);
		out->kind = SCOPE_SELF;
		return DB_OK;
	case ROLE_MANAGER:
		out->kind = SCOPE_TEAM;
		return DB_OK;
	default:
		out->kind = SCOPE_SELF;
		return DB_OK;
	}
}

int authz_org_in_reach(struct db *db, const struct principal *p, const char *org_id, int strict)
{
	if (p->role == ROLE_SUPER)
		return 1;
	if (p->role != ROLE_ADMIN || !p->org_id[0])
		return !strict && !strcmp(org_id, p->org_id);
	if (!strcmp(org_id, p->org_id))
		return !strict;
	return store_org_within(db, org_id, p->org_id);
}

int authz_user_in_reach(struct db *db, const struct principal *p, const char *target_id,
			struct user_row *t)
{
	int rc = store_user_by_id(db, target_id, t);

	if (rc == DB_DONE)
		return AUTHZ_NOT_FOUND;
	if (rc != DB_ROW)
		return rc;
	switch (p->role) {
	case ROLE_SUPER:
		break;
	case ROLE_ADMIN:
		if (!p->org_id[0] || !t->org_id[0])
			return strcmp(t->id, p->id) ? AUTHZ_NOT_FOUND : AUTHZ_OK;
		rc = store_org_within(db, t->org_id, p->org_id);
		if (rc < 0)
			return rc;
		if (!rc)
			return AUTHZ_NOT_FOUND;
		break;
	case ROLE_MANAGER:
		if (strcmp(t->id, p->id) && strcmp(t->manager_id, p->id))
			return AUTHZ_NOT_FOUND;
		break;
	default:
		if (strcmp(t->id, p->id))
			return AUTHZ_NOT_FOUND;
		break;
	}
	return strcmp(t->status, "active") ? AUTHZ_INACTIVE : AUTHZ_OK;
}
