/*
 * user_ops.h - user changes shared by more than one resource (the users
 * API and the admin API), with the same rules wherever they are made.
 */
#ifndef SALESAN_USER_OPS_H
#define SALESAN_USER_OPS_H

#include "http.h"

/*
 * Set user id's status (active, inactive, suspended) as r's caller: the
 * user must be within reach, not the caller, and not a super admin unless
 * the caller is one; activating takes a seat of the organization; leaving
 * active revokes every refresh token.  Returns NULL on success, else an
 * error code (USER_NOT_FOUND, CANNOT_CHANGE_SELF, INSUFFICIENT_PERMISSIONS,
 * USER_LIMIT_REACHED, DATABASE_ERROR) for the caller to report.
 */
const char *user_set_status(struct request *r, const char *id, const char *status);

#endif
