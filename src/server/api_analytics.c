/*
 * api_analytics.c - /api/v1/analytics: overview, performance, one user,
 * trends.  The original's formulas (original-backend.md §6) with its
 * defects fixed: date filters work alone or together, trend buckets carry
 * revenue and score, common objections are counted, buckets are UTC, and
 * calls without a representative are "Unassigned".  Every figure comes
 * from SQL aggregates over the rollups (store_analytics.c).
 *
 * Reach: a representative's analytics cover their own calls, a manager's
 * their team's, an admin's their organization and its branches, a super
 * admin's every organization (or one, with organizationId).
 */
#include "authz.h"
#include "resp.h"
#include "router.h"
#include "server.h"
#include "store.h"
#include "common/json.h"
#include "common/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double ratio(int64_t a, int64_t b)
{
	return b ? (double)a / (double)b : 0;
}

/* The overview figures of s into o. */
static void add_figures(cJSON *o, const struct stats *s, int with_duration, int with_compliance)
{
	const int64_t *v = s->v;

	cJSON_AddNumberToObject(o, "totalCalls", (double)v[ST_CALLS]);
	cJSON_AddNumberToObject(o, "completedCalls", (double)v[ST_COMPLETED]);
	cJSON_AddNumberToObject(o, "successfulSales", (double)v[ST_SALES]);
	cJSON_AddNumberToObject(o, "totalRevenue", (double)v[ST_REVENUE] / 100.0);
	if (with_duration)
		cJSON_AddNumberToObject(o, "averageCallDuration", ratio(v[ST_DUR_SUM], v[ST_DUR_N]));
	cJSON_AddNumberToObject(o, "averagePerformanceScore", ratio(v[ST_SCORE_SUM], v[ST_SCORE_N]) / 1e6);
	if (with_compliance)
		cJSON_AddNumberToObject(o, "averageScriptCompliance",
					ratio(v[ST_COMPL_SUM], v[ST_COMPL_N]) / 1e6);
	cJSON_AddNumberToObject(o, "conversionRate",
				v[ST_COMPLETED] ? (double)v[ST_SALES] / (double)v[ST_COMPLETED] * 100.0 : 0);
}

/* Common query handling: the caller's scope and the date/rep/org filters.
 * Returns 0, or -1 after answering. */
static int filters(struct request *r, struct scope *s, struct stats_filter *f, int allow_rep)
{
	struct verrs v = { 0 };
	int rc;

	memset(f, 0, sizeof *f);
	query_date_range(r, &f->start_ms, &f->has_start, &f->end_ms, &f->has_end, &v);
	if (allow_rep)
		query_uuid(r, "salesRepresentativeId", &f->rep_id, &v);
	query_uuid(r, "organizationId", &f->org_id, &v);
	if (v.n) {
		resp_validation(r, &v);
		return -1;
	}
	if ((rc = authz_scope(r->db, r->who, s)) != DB_OK) {
		resp_db_error(r, rc, "scope");
		return -1;
	}
	f->scope = s;
	return 0;
}

/* "First Last" of a user id, "Unassigned" for none. */
static void person_name(struct request *r, const char *id, char *out, size_t n)
{
	cJSON *u = NULL;

	if (!*id || store_user_json(r->db, id, 0, &u) != DB_ROW) {
		snprintf(out, n, "%s", *id ? "Unknown user" : "Unassigned");
		return;
	}
	snprintf(out, n, "%s %s", json_str(u, "firstName"), json_str(u, "lastName"));
	cJSON_Delete(u);
}

static int cmp_score(const void *a, const void *b)
{
	const struct stats_row *x = a, *y = b;
	double sx = ratio(x->s.v[ST_SCORE_SUM], x->s.v[ST_SCORE_N]);
	double sy = ratio(y->s.v[ST_SCORE_SUM], y->s.v[ST_SCORE_N]);

	if (sx != sy)
		return sx < sy ? 1 : -1;
	if (x->s.v[ST_SALE_REVENUE] != y->s.v[ST_SALE_REVENUE])
		return x->s.v[ST_SALE_REVENUE] < y->s.v[ST_SALE_REVENUE] ? 1 : -1;
	return strcmp(x->key, y->key);
}

/* The five representatives with the best average score. */
static cJSON *top_performers(struct request *r, struct stats_rows *reps)
{
	cJSON *arr = cJSON_CreateArray();
	size_t i;

	if (reps->n)
		qsort(reps->v, reps->n, sizeof *reps->v, cmp_score);
	for (i = 0; i < reps->n && i < 5; i++) {
		const struct stats_row *row = &reps->v[i];
		cJSON *o = cJSON_CreateObject();
		char name[256];

		person_name(r, row->key, name, sizeof name);
		json_add_str_or_null(o, "id", row->key[0] ? row->key : NULL);
		cJSON_AddStringToObject(o, "name", name);
		cJSON_AddNumberToObject(o, "totalCalls", (double)row->s.v[ST_CALLS]);
		cJSON_AddNumberToObject(o, "successfulSales", (double)row->s.v[ST_SALES]);
		cJSON_AddNumberToObject(o, "totalRevenue", (double)row->s.v[ST_SALE_REVENUE] / 100.0);
		cJSON_AddNumberToObject(o, "averageScore",
					ratio(row->s.v[ST_SCORE_SUM], row->s.v[ST_SCORE_N]) / 1e6);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

/* One scan of the rollups grouped by representative gives both the top
 * performers and, summed here, the totals (a second, ungrouped scan would
 * double the cost at a million calls). */
static void overview(struct request *r)
{
	struct stats_filter f;
	struct stats_rows reps;
	struct stats tot;
	struct scope s;
	cJSON *data;
	size_t i;
	int rc, k;

	if (filters(r, &s, &f, 0))
		return;
	if ((rc = store_stats(r->db, &f, GROUP_REP, &reps)) != DB_OK) {
		resp_db_error(r, rc, "analytics");
		return;
	}
	memset(&tot, 0, sizeof tot);
	for (i = 0; i < reps.n; i++)
		for (k = 0; k < (int)(sizeof tot.v / sizeof tot.v[0]); k++)
			tot.v[k] += reps.v[i].s.v[k];
	data = cJSON_CreateObject();
	add_figures(data, &tot, 1, 0);
	cJSON_AddItemToObject(data, "topPerformers", top_performers(r, &reps));
	stats_rows_free(&reps);
	resp_data(r, 200, data);
}

static cJSON *buckets(const struct stats_rows *days, const char *period)
{
	cJSON *arr = cJSON_CreateArray();
	struct stats acc;
	char cur[16] = "", key[16];
	size_t i;

	memset(&acc, 0, sizeof acc);
	for (i = 0; i <= days->n; i++) {
		if (i < days->n) {
			int64_t d = days->v[i].day;
			char iso[TIME_ISO_LEN];
			if (!strcmp(period, "weekly"))
				d -= ((d % 7) + 7 + 4) % 7; /* 1970-01-01 was a Thursday */
			time_format_iso(d * 86400000LL, iso, sizeof iso);
			snprintf(key, sizeof key, "%.*s", !strcmp(period, "monthly") ? 7 : 10, iso);
		}
		if (cur[0] && (i == days->n || strcmp(key, cur))) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "period", cur);
			cJSON_AddNumberToObject(o, "totalCalls", (double)acc.v[ST_CALLS]);
			cJSON_AddNumberToObject(o, "completedCalls", (double)acc.v[ST_COMPLETED]);
			cJSON_AddNumberToObject(o, "successfulSales", (double)acc.v[ST_SALES]);
			cJSON_AddNumberToObject(o, "totalRevenue", (double)acc.v[ST_SALE_REVENUE] / 100.0);
			cJSON_AddNumberToObject(o, "averagePerformanceScore",
						ratio(acc.v[ST_SCORE_SUM], acc.v[ST_SCORE_N]) / 1e6);
			cJSON_AddItemToArray(arr, o);
			memset(&acc, 0, sizeof acc);
		}
		if (i == days->n)
			break;
		snprintf(cur, sizeof cur, "%s", key);
		for (int k = 0; k < 11; k++)
			acc.v[k] += days->v[i].s.v[k];
	}
	return arr;
}

/* periodType, validated; NULL after answering 400. */
static const char *period_type(struct request *r, const char *def)
{
	static const char *const periods[] = { "daily", "weekly", "monthly", NULL };
	struct verrs v = { 0 };
	const char *p;

	query_enum(r, "periodType", periods, &p, &v);
	if (v.n) {
		resp_validation(r, &v);
		return NULL;
	}
	return p ? p : def;
}

static int trend_array(struct request *r, const struct stats_filter *f, const char *period,
		       cJSON **out)
{
	struct stats_rows days;
	int rc = store_stats(r->db, f, GROUP_DAY, &days);

	if (rc != DB_OK)
		return rc;
	*out = buckets(&days, period);
	stats_rows_free(&days);
	return DB_OK;
}

/* salesan's addition to performance analytics: how analysed calls spread
 * over scores, and the representatives' average share of talking against
 * the analysis engine's ideal. */
#define TALK_RATIO_TARGET 0.43

static int add_distribution(struct request *r, const struct stats_filter *f, cJSON *data)
{
	struct score_hist h;
	cJSON *arr, *t;
	int rc = store_score_histogram(r->db, f, &h), i;

	if (rc != DB_OK)
		return rc;
	arr = cJSON_AddArrayToObject(data, "scoreDistribution");
	for (i = 0; i < 10; i++) {
		cJSON *b = cJSON_CreateObject();
		cJSON_AddNumberToObject(b, "from", i / 10.0);
		cJSON_AddNumberToObject(b, "to", (i + 1) / 10.0);
		cJSON_AddNumberToObject(b, "count", (double)h.count[i]);
		cJSON_AddItemToArray(arr, b);
	}
	t = cJSON_AddObjectToObject(data, "talkRatio");
	if (h.talk_n)
		cJSON_AddNumberToObject(t, "average", h.talk_sum / (double)h.talk_n);
	else
		cJSON_AddNullToObject(t, "average");
	cJSON_AddNumberToObject(t, "calls", (double)h.talk_n);
	cJSON_AddNumberToObject(t, "target", TALK_RATIO_TARGET);
	return DB_OK;
}

static void performance(struct request *r)
{
	static const char *const kinds[][2] = {
		{ "strength", "topStrengths" }, { "weakness", "topWeaknesses" },
		{ "objection", "commonObjections" },
	};
	struct stats_filter f;
	struct scope s;
	const char *period;
	cJSON *data, *x = NULL;
	int rc, k;

	if (filters(r, &s, &f, 1) || !(period = period_type(r, "monthly")))
		return;
	data = cJSON_CreateObject();
	rc = store_reports_list(r->db, &s, NULL, &f, time_now_ms(), 100, &x);
	if (rc == DB_OK) {
		cJSON_AddItemToObject(data, "analytics", x);
		rc = trend_array(r, &f, period, &x);
	}
	if (rc == DB_OK)
		cJSON_AddItemToObject(data, "trends", x);
	for (k = 0; rc == DB_OK && k < 3; k++)
		if ((rc = store_facets_top(r->db, &f, kinds[k][0], 5, &x)) == DB_OK)
			cJSON_AddItemToObject(data, kinds[k][1], x);
	if (rc == DB_OK)
		rc = add_distribution(r, &f, data);
	if (rc != DB_OK) {
		cJSON_Delete(data);
		resp_db_error(r, rc, "performance analytics");
		return;
	}
	resp_data(r, 200, data);
}

static void user_analytics(struct request *r)
{
	struct stats_filter f;
	struct stats_rows tot;
	struct call_filter cf = { 0 };
	struct user_row u;
	struct scope s, all = { .kind = SCOPE_ALL };
	const char *uid = req_param(r, 0);
	cJSON *data, *x = NULL;
	int64_t total;
	int rc;

	if (!uuid_valid(uid)) {
		resp_error(r, 404, "USER_NOT_FOUND", "User not found");
		return;
	}
	if (filters(r, &s, &f, 0))
		return;
	rc = authz_user_in_reach(r->db, r->who, uid, &u);
	if (rc < 0) {
		resp_db_error(r, rc, "read user");
		return;
	}
	if (rc == AUTHZ_NOT_FOUND) {
		resp_error(r, 404, "USER_NOT_FOUND", "User not found");
		return;
	}
	f.rep_id = u.id;
	f.scope = &all; /* the user is within reach; count all of their calls */
	if ((rc = store_stats(r->db, &f, GROUP_NONE, &tot)) != DB_OK) {
		resp_db_error(r, rc, "user analytics");
		return;
	}
	data = cJSON_CreateObject();
	add_figures(data, &tot.v[0].s, 1, 1);
	stats_rows_free(&tot);
	rc = store_reports_list(r->db, &all, u.id, &f, time_now_ms(), 100, &x);
	if (rc == DB_OK) {
		cJSON_AddItemToObject(data, "analytics", x);
		cf.rep_id = u.id;
		cf.start_ms = f.start_ms;
		cf.has_start = f.has_start;
		cf.end_ms = f.end_ms;
		cf.has_end = f.has_end;
		cf.page = 1;
		cf.limit = 10;
		rc = store_calls_list(r->db, &all, &cf, &x, &total);
	}
	if (rc != DB_OK) {
		cJSON_Delete(data);
		resp_db_error(r, rc, "user analytics");
		return;
	}
	cJSON_AddItemToObject(data, "recentCalls", x);
	resp_data(r, 200, data);
}

static void trends(struct request *r)
{
	struct stats_filter f;
	struct scope s;
	const char *period;
	cJSON *x = NULL;
	int rc;

	if (filters(r, &s, &f, 1) || !(period = period_type(r, "weekly")))
		return;
	rc = trend_array(r, &f, period, &x);
	if (rc != DB_OK)
		resp_db_error(r, rc, "trends");
	else
		resp_data(r, 200, x);
}

/* Leaderboard ranks: the order of the "sort" query parameter's values. */
enum rank_key { RANK_CONVERSION, RANK_SCORE, RANK_COMPLIANCE, RANK_REVENUE, RANK_CALLS };

static double rank_value(const struct stats *s, enum rank_key k)
{
	const int64_t *v = s->v;

	switch (k) {
	case RANK_CONVERSION: return ratio(v[ST_SALES], v[ST_COMPLETED]);
	case RANK_SCORE: return ratio(v[ST_SCORE_SUM], v[ST_SCORE_N]);
	case RANK_COMPLIANCE: return ratio(v[ST_COMPL_SUM], v[ST_COMPL_N]);
	case RANK_REVENUE: return (double)v[ST_SALE_REVENUE];
	case RANK_CALLS: return (double)v[ST_CALLS];
	}
	return 0;
}

/* Best first by the chosen key, then by the others in enum order, then by
 * id, so ties rank the same way on every call. */
static int cmp_rank(const void *a, const void *b, void *arg)
{
	const struct stats_row *x = a, *y = b;
	enum rank_key rank_by = *(const enum rank_key *)arg;
	int k;

	for (k = -1; k <= RANK_CALLS; k++) {
		enum rank_key key = k < 0 ? rank_by : (enum rank_key)k;
		double vx = rank_value(&x->s, key), vy = rank_value(&y->s, key);
		if (vx != vy)
			return vx < vy ? 1 : -1;
	}
	return strcmp(x->key, y->key);
}

/* salesan's addition: every representative within reach with the figures
 * a leaderboard needs, ranked by conversion (default), score, compliance,
 * revenue or calls.  Representatives without calls in the range are not
 * listed; calls without one are "Unassigned". */
static void leaderboard(struct request *r)
{
	static const char *const sorts[] = { "conversion", "score", "compliance", "revenue",
					     "calls", NULL };
	struct stats_filter f;
	struct stats_rows reps;
	struct verrs v = { 0 };
	struct scope s;
	const char *sort = NULL;
	enum rank_key rank_by = RANK_CONVERSION;
	cJSON *arr;
	size_t i;
	int rc, k;

	query_enum(r, "sort", sorts, &sort, &v);
	if (v.n) {
		resp_validation(r, &v);
		return;
	}
	if (filters(r, &s, &f, 0))
		return;
	if ((rc = store_stats(r->db, &f, GROUP_REP, &reps)) != DB_OK) {
		resp_db_error(r, rc, "leaderboard");
		return;
	}
	for (k = 0; sort && sorts[k]; k++)
		if (!strcmp(sort, sorts[k]))
			rank_by = (enum rank_key)k;
	if (reps.n)
		qsort_r(reps.v, reps.n, sizeof *reps.v, cmp_rank, &rank_by);
	arr = cJSON_CreateArray();
	for (i = 0; i < reps.n; i++) {
		const struct stats_row *row = &reps.v[i];
		cJSON *o = cJSON_CreateObject();
		char name[256];

		person_name(r, row->key, name, sizeof name);
		cJSON_AddNumberToObject(o, "rank", (double)(i + 1));
		json_add_str_or_null(o, "id", row->key[0] ? row->key : NULL);
		cJSON_AddStringToObject(o, "name", name);
		add_figures(o, &row->s, 1, 1);
		cJSON_AddItemToArray(arr, o);
	}
	stats_rows_free(&reps);
	resp_data(r, 200, arr);
}

static const struct route routes[] = {
	{ HTTP_GET, "/api/v1/analytics/overview", overview, AUTH_JWT, ROLES_ANY, 0,
	  "Totals, rates and top performers over the calls the caller reaches", 0 },
	{ HTTP_GET, "/api/v1/analytics/performance", performance, AUTH_JWT, ROLES_MANAGERS, 0,
	  "Trends, top strengths/weaknesses, common objections, stored reports", 0 },
	{ HTTP_GET, "/api/v1/analytics/user/:userId", user_analytics, AUTH_JWT, ROLES_ANY, 0,
	  "One user's figures and recent calls", 0 },
	{ HTTP_GET, "/api/v1/analytics/trends", trends, AUTH_JWT, ROLES_MANAGERS, 0,
	  "Daily, weekly or monthly buckets (UTC)", 0 },
	{ HTTP_GET, "/api/v1/analytics/leaderboard", leaderboard, AUTH_JWT, ROLES_MANAGERS, 0,
	  "Representatives ranked by conversion, score, compliance, revenue or calls", 0 },
};

const struct route_table api_analytics_routes = ROUTE_TABLE(routes);
