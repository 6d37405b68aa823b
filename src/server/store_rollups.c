/*
 * store_rollups.c - keeping call_rollups and call_facets in step with
 * sales_calls.  Every change to a call goes through store_calls.c, which
 * reads the call's aggregate contribution before and after the change and
 * applies the difference here, inside the same transaction.
 */
#include "store.h"
#include "store_rollups.h"
#include "common/timeutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int64_t micro(double v)
{
	return llround(v * 1e6);
}

int rollup_read(struct db *db, const char *call_id, struct call_agg *a)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT COALESCE(organization_id, ''), COALESCE(sales_representative_id, ''),"
		" appointment_date, status, outcome, sale_amount_cents, duration,"
		" performance_score, script_compliance, strengths, weaknesses, objections_handled"
		" FROM sales_calls WHERE id = ?");
	int rc;

	memset(a, 0, sizeof *a);
	if (!st)
		return DB_ERROR;
	if (db_bind_text(st, 1, call_id)) {
		db_done(st);
		return DB_ERROR;
	}
	rc = db_step(st);
	if (rc == DB_ROW) {
		int64_t ms = db_col_int(st, 2);
		a->present = 1;
		db_col_copy(st, 0, a->org, sizeof a->org);
		db_col_copy(st, 1, a->rep, sizeof a->rep);
		a->day = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
		a->completed = !strcmp(db_col_text(st, 3), "completed");
		a->sale = !db_col_is_null(st, 4) && !strcmp(db_col_text(st, 4), "sale");
		a->amount = db_col_is_null(st, 5) ? -1 : db_col_int(st, 5);
		a->duration = db_col_is_null(st, 6) ? -1 : db_col_int(st, 6);
		a->score = db_col_is_null(st, 7) ? -1 : micro(db_col_double(st, 7));
		a->compliance = db_col_is_null(st, 8) ? -1 : micro(db_col_double(st, 8));
		a->facets[0] = cJSON_Parse(db_col_text(st, 9));
		a->facets[1] = cJSON_Parse(db_col_text(st, 10));
		a->facets[2] = cJSON_Parse(db_col_text(st, 11));
	}
	db_done(st);
	return rc;
}

void rollup_free(struct call_agg *a)
{
	int i;

	for (i = 0; i < 3; i++)
		cJSON_Delete(a->facets[i]);
	memset(a, 0, sizeof *a);
}

static int apply_facets(struct db *db, const struct call_agg *a, int sign)
{
	static const char *const kinds[] = { "strength", "weakness", "objection" };
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO call_facets (organization_id, rep_id, day, kind, name, n)"
		" VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (organization_id, rep_id, day, kind, name)"
		" DO UPDATE SET n = n + excluded.n");
	const cJSON *it;
	int k, rc;

	if (!st)
		return DB_ERROR;
	for (k = 0; k < 3; k++) {
		cJSON_ArrayForEach(it, a->facets[k]) {
			if (!cJSON_IsString(it))
				continue;
			if (db_bind_text(st, 1, a->org) || db_bind_text(st, 2, a->rep) ||
			    db_bind_int(st, 3, a->day) || db_bind_text(st, 4, kinds[k]) ||
			    db_bind_text(st, 5, it->valuestring) || db_bind_int(st, 6, sign)) {
				db_done(st);
				return DB_ERROR;
			}
			if ((rc = db_run(st)) != DB_OK)
				return rc;
		}
	}
	return DB_OK;
}

int rollup_apply(struct db *db, const struct call_agg *a, int sign)
{
	struct db_stmt *st;
	int rc;

	if (!a->present)
		return DB_OK;
	st = db_prepare(db,
		"INSERT INTO call_rollups (organization_id, rep_id, day, calls, completed, sales,"
		" revenue_cents, sale_revenue_cents, duration_sum, duration_n, score_sum, score_n,"
		" compliance_sum, compliance_n) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		" ON CONFLICT (organization_id, rep_id, day) DO UPDATE SET"
		" calls = calls + excluded.calls, completed = completed + excluded.completed,"
		" sales = sales + excluded.sales, revenue_cents = revenue_cents + excluded.revenue_cents,"
		" sale_revenue_cents = sale_revenue_cents + excluded.sale_revenue_cents,"
		" duration_sum = duration_sum + excluded.duration_sum,"
		" duration_n = duration_n + excluded.duration_n,"
		" score_sum = score_sum + excluded.score_sum, score_n = score_n + excluded.score_n,"
		" compliance_sum = compliance_sum + excluded.compliance_sum,"
		" compliance_n = compliance_n + excluded.compliance_n");
	if (!st)
		return DB_ERROR;
	/* Durations of 0 do not count toward the average, as in the original. */
	if (db_bind_text(st, 1, a->org) || db_bind_text(st, 2, a->rep) || db_bind_int(st, 3, a->day) ||
	    db_bind_int(st, 4, sign) || db_bind_int(st, 5, sign * a->completed) ||
	    db_bind_int(st, 6, sign * a->sale) ||
	    db_bind_int(st, 7, sign * (a->amount > 0 ? a->amount : 0)) ||
	    db_bind_int(st, 8, sign * (a->sale && a->amount > 0 ? a->amount : 0)) ||
	    db_bind_int(st, 9, sign * (a->duration > 0 ? a->duration : 0)) ||
	    db_bind_int(st, 10, sign * (a->duration > 0)) ||
	    db_bind_int(st, 11, sign * (a->score >= 0 ? a->score : 0)) ||
	    db_bind_int(st, 12, sign * (a->score >= 0)) ||
	    db_bind_int(st, 13, sign * (a->compliance >= 0 ? a->compliance : 0)) ||
	    db_bind_int(st, 14, sign * (a->compliance >= 0))) {
		db_done(st);
		return DB_ERROR;
	}
	if ((rc = db_run(st)) != DB_OK)
		return rc;
	return apply_facets(db, a, sign);
}

int store_rollups_rebuild(struct db *db, int64_t *calls)
{
	static const char *const steps[] = {
		"DELETE FROM call_rollups",
		"DELETE FROM call_facets",
		"INSERT INTO call_rollups (organization_id, rep_id, day, calls, completed, sales,"
		" revenue_cents, sale_revenue_cents, duration_sum, duration_n, score_sum, score_n,"
		" compliance_sum, compliance_n)"
		" SELECT COALESCE(organization_id, ''), COALESCE(sales_representative_id, ''),"
		" appointment_date / 86400000, COUNT(*),"
		" SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END),"
		" SUM(CASE WHEN outcome = 'sale' THEN 1 ELSE 0 END),"
		" SUM(CASE WHEN sale_amount_cents > 0 THEN sale_amount_cents ELSE 0 END),"
		" SUM(CASE WHEN outcome = 'sale' AND sale_amount_cents > 0 THEN sale_amount_cents ELSE 0 END),"
		" SUM(CASE WHEN duration > 0 THEN duration ELSE 0 END),"
		" SUM(CASE WHEN duration > 0 THEN 1 ELSE 0 END),"
		" SUM(CAST(ROUND(COALESCE(performance_score, 0) * 1000000) AS INTEGER)),"
		" SUM(CASE WHEN performance_score IS NULL THEN 0 ELSE 1 END),"
		" SUM(CAST(ROUND(COALESCE(script_compliance, 0) * 1000000) AS INTEGER)),"
		" SUM(CASE WHEN script_compliance IS NULL THEN 0 ELSE 1 END)"
		" FROM sales_calls WHERE appointment_date >= 0 GROUP BY 1, 2, 3",
	};
	struct db_stmt *st;
	size_t i;
	int rc;

	if ((rc = db_begin(db)) != DB_OK)
		return rc;
	for (i = 0; i < sizeof steps / sizeof steps[0]; i++)
		if ((rc = db_exec(db, steps[i])) != DB_OK)
			goto fail;
	/* Calls before 1970 and the facets go through the same code as every
	 * change does. */
	st = db_prepare(db, "SELECT id FROM sales_calls WHERE appointment_date < 0"
			    " OR strengths <> '[]' OR weaknesses <> '[]' OR objections_handled <> '[]'");
	if (!st) {
		rc = DB_ERROR;
		goto fail;
	}
	{
		char (*ids)[37] = NULL;
		size_t n = 0;
		while ((rc = db_step(st)) == DB_ROW) {
			ids = realloc(ids, (n + 1) * sizeof *ids);
			if (!ids)
				abort();
			db_col_copy(st, 0, ids[n++], 37);
		}
		db_done(st);
		for (i = 0; rc == DB_DONE && i < n; i++) {
			struct call_agg a;
			if ((rc = rollup_read(db, ids[i], &a)) != DB_ROW)
				break;
			if (a.day >= 0) /* counts already in; only the facets */
				rc = apply_facets(db, &a, 1);
			else {
				rc = rollup_apply(db, &a, 1);
			}
			rollup_free(&a);
			rc = rc == DB_OK ? DB_DONE : rc;
		}
		free(ids);
	}
	if (rc != DB_DONE)
		goto fail;
	st = db_prepare(db, "SELECT COALESCE(SUM(calls), 0) FROM call_rollups");
	if (st && db_step(st) == DB_ROW && calls)
		*calls = db_col_int(st, 0);
	if (st)
		db_done(st);
	return db_commit(db);
fail:
	db_rollback(db);
	return rc < 0 ? rc : DB_ERROR;
}
