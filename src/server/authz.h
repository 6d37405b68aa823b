/*
 * authz.h - what an authenticated caller may see and change.  The role and
 * tenancy rules live here only; handlers ask, stores apply the answer.
 *
 *   sales_representative  their own calls
 *   sales_manager         their team: themselves and their direct reports
 *   admin                 their organization and its branches
 *   super_admin           everything
 *
 * Objects outside a caller's reach are reported as not found (404), never
 * as forbidden, so their existence does not leak.
 */
#ifndef SALESAN_AUTHZ_H
#define SALESAN_AUTHZ_H

#include "auth.h"
#include "store.h"

/*
 * The scope of what p may see: calls and other per-user data (filtered by
 * their user column), users (by id), organizations (by id; admins and
 * super admins only).  Returns DB_OK or a database error.
 */
int authz_scope(struct db *db, const struct principal *p, struct scope *out);

/* May p reach organization org_id (its own or a branch below it, or any for
 * a super admin)?  strict excludes p's own organization.  1 yes, 0 no,
 * negative on a database error. */
int authz_org_in_reach(struct db *db, const struct principal *p, const char *org_id, int strict);

enum authz_result {
	AUTHZ_OK = 0,
	AUTHZ_NOT_FOUND = 1, /* no such user, or outside p's reach */
	AUTHZ_INACTIVE = 2,  /* in reach but not active */
};

/*
 * May p act for user target_id (assign them a call, ...)?  On AUTHZ_OK
 * *target holds the user.  Negative values are database errors.
 */
int authz_user_in_reach(struct db *db, const struct principal *p, const char *target_id,
			struct user_row *target);

#endif
