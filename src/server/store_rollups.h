/*
 * store_rollups.h - a call's contribution to the analytics rollups
 * (internal to the store layer).
 */
#ifndef SALESAN_STORE_ROLLUPS_H
#define SALESAN_STORE_ROLLUPS_H

#include "db.h"

#include <cJSON.h>
#include <stdint.h>

struct call_agg {
	int present;
	char org[37], rep[37]; /* "" for none */
	int64_t day;           /* days since the epoch of the appointment (UTC) */
	int completed, sale;
	int64_t amount, duration, score, compliance; /* -1 when NULL; scores in millionths */
	cJSON *facets[3];      /* strengths, weaknesses, objections handled */
};

/* Read call_id's contribution (present = 0 when the call does not exist).
 * Release with rollup_free. */
int rollup_read(struct db *db, const char *call_id, struct call_agg *a);
void rollup_free(struct call_agg *a);
/* Add (sign 1) or remove (sign -1) a contribution. */
int rollup_apply(struct db *db, const struct call_agg *a, int sign);

#endif
