/*
 * store_analytics.c - call statistics from the rollups (store_rollups.c),
 * exact at millisecond date boundaries: whole UTC days inside the range
 * come from call_rollups, the partial first and last days from the calls
 * themselves (a handful of rows through the date index).  Nothing here
 * scans every call.
 */
#include "store.h"
#include "fields.h"
#include "common/xmalloc.h"

#include <stdlib.h>
#include <string.h>

#define DAY_MS 86400000LL

static int64_t day_of(int64_t ms)
{
	return ms >= 0 ? ms / DAY_MS : -((-ms + DAY_MS - 1) / DAY_MS);
}

/* The split of a date range into whole days and partial edges. */
struct split {
	int has_lo, has_hi;     /* whole-day bounds */
	int64_t lo, hi;         /* whole days lo..hi (inclusive) */
	int nraw;               /* raw ranges */
	int64_t raw[2][2];      /* [from, to] in ms, inclusive */
	int empty;              /* no whole days at all */
};

static void split_range(const struct stats_filter *f, struct split *sp)
{
	memset(sp, 0, sizeof *sp);
	if (f->has_start) {
		int64_t d = day_of(f->start_ms);
		sp->has_lo = 1;
		sp->lo = f->start_ms == d * DAY_MS ? d : d + 1;
	}
	if (f->has_end) {
		int64_t d = day_of(f->end_ms);
		sp->has_hi = 1;
		sp->hi = f->end_ms == (d + 1) * DAY_MS - 1 ? d : d - 1;
	}
	if (sp->has_lo && sp->has_hi && sp->lo > sp->hi) {
		/* No whole day inside: the range is read from the calls. */
		sp->empty = 1;
		if (f->start_ms <= f->end_ms) {
			sp->raw[0][0] = f->start_ms;
			sp->raw[0][1] = f->end_ms;
			sp->nraw = 1;
		}
		return;
	}
	if (sp->has_lo && f->start_ms < sp->lo * DAY_MS) {
		sp->raw[sp->nraw][0] = f->start_ms;
		sp->raw[sp->nraw][1] = sp->lo * DAY_MS - 1;
		sp->nraw++;
	}
	if (sp->has_hi && f->end_ms > (sp->hi + 1) * DAY_MS - 1) {
		sp->raw[sp->nraw][0] = (sp->hi + 1) * DAY_MS;
		sp->raw[sp->nraw][1] = f->end_ms;
		sp->nraw++;
	}
}

static const char *const group_roll[] = { "''", "r.rep_id", "r.day", "r.organization_id" };
static const char *const group_raw[] = {
	"''", "COALESCE(c.sales_representative_id, '')", "c.appointment_date / 86400000",
	"COALESCE(c.organization_id, '')"
};

static const char sums_roll[] =
	"SUM(r.calls), SUM(r.completed), SUM(r.sales), SUM(r.revenue_cents),"
	" SUM(r.sale_revenue_cents), SUM(r.duration_sum), SUM(r.duration_n), SUM(r.score_sum),"
	" SUM(r.score_n), SUM(r.compliance_sum), SUM(r.compliance_n)";
static const char sums_raw[] =
	"COUNT(*), SUM(CASE WHEN c.status = 'completed' THEN 1 ELSE 0 END),"
	" SUM(CASE WHEN c.outcome = 'sale' THEN 1 ELSE 0 END),"
	" SUM(COALESCE(c.sale_amount_cents, 0)),"
	" SUM(CASE WHEN c.outcome = 'sale' THEN COALESCE(c.sale_amount_cents, 0) ELSE 0 END),"
	" SUM(CASE WHEN c.duration > 0 THEN c.duration ELSE 0 END),"
	" SUM(CASE WHEN c.duration > 0 THEN 1 ELSE 0 END),"
	" SUM(CAST(ROUND(COALESCE(c.performance_score, 0) * 1000000) AS INTEGER)),"
	" SUM(CASE WHEN c.performance_score IS NULL THEN 0 ELSE 1 END),"
	" SUM(CAST(ROUND(COALESCE(c.script_compliance, 0) * 1000000) AS INTEGER)),"
	" SUM(CASE WHEN c.script_compliance IS NULL THEN 0 ELSE 1 END)";

static void add_row(struct stats_rows *out, struct db_stmt *st, enum stats_group g)
{
	struct stats_row *r;
	int i;

	if (out->n == out->alloc) {
		out->alloc = out->alloc ? out->alloc * 2 : 64;
		out->v = xrealloc(out->v, out->alloc * sizeof *out->v);
	}
	r = &out->v[out->n++];
	memset(r, 0, sizeof *r);
	if (g == GROUP_DAY)
		r->day = db_col_int(st, 0);
	else
		db_col_copy(st, 0, r->key, sizeof r->key);
	for (i = 0; i < 11; i++)
		r->s.v[i] = db_col_int(st, i + 1);
}

static int cmp_rows(const void *a, const void *b)
{
	const struct stats_row *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c)
		return c;
	return (x->day > y->day) - (x->day < y->day);
}

/* Run one aggregate query (rollups or raw) and append its rows. */
static int run(struct db *db, const struct stats_filter *f, enum stats_group g, int raw,
	       const struct split *sp, struct stats_rows *out)
{
	struct buf sql = BUF_INIT;
	struct db_stmt *st;
	int rc, i, k;

	buf_addf(&sql, "SELECT %s, %s FROM %s WHERE ", raw ? group_raw[g] : group_roll[g],
		 raw ? sums_raw : sums_roll, raw ? "sales_calls c" : "call_rollups r");
	scope_sql(f->scope, raw ? "c.organization_id" : "r.organization_id",
		  raw ? "c.sales_representative_id" : "r.rep_id", &sql);
	if (f->rep_id)
		buf_addstr(&sql, raw ? " AND c.sales_representative_id = ?" : " AND r.rep_id = ?");
	if (f->org_id)
		buf_addstr(&sql, raw ? " AND c.organization_id = ?" : " AND r.organization_id = ?");
	if (raw) {
		buf_addstr(&sql, " AND (");
		for (k = 0; k < sp->nraw; k++)
			buf_addf(&sql, "%s(c.appointment_date >= ? AND c.appointment_date <= ?)",
				 k ? " OR " : "");
		buf_addch(&sql, ')');
	} else {
		if (sp->has_lo)
			buf_addstr(&sql, " AND r.day >= ?");
		if (sp->has_hi)
			buf_addstr(&sql, " AND r.day <= ?");
	}
	if (g != GROUP_NONE)
		buf_addf(&sql, " GROUP BY %s", raw ? group_raw[g] : group_roll[g]);
	st = db_prepare(db, sql.s);
	buf_free(&sql);
	if (!st)
		return DB_ERROR;
	i = scope_bind(f->scope, st, 1);
	if (i < 0 || (f->rep_id && db_bind_text(st, i++, f->rep_id)) ||
	    (f->org_id && db_bind_text(st, i++, f->org_id))) {
		db_done(st);
		return DB_ERROR;
	}
	if (raw) {
		for (k = 0; k < sp->nraw; k++)
			if (db_bind_int(st, i++, sp->raw[k][0]) || db_bind_int(st, i++, sp->raw[k][1])) {
				db_done(st);
				return DB_ERROR;
			}
	} else if ((sp->has_lo && db_bind_int(st, i++, sp->lo)) ||
		   (sp->has_hi && db_bind_int(st, i++, sp->hi))) {
		db_done(st);
		return DB_ERROR;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		if (g == GROUP_NONE && db_col_is_null(st, 1))
			continue; /* SUM over no rows */
		add_row(out, st, g);
	}
	db_done(st);
	return rc == DB_DONE ? DB_OK : rc;
}

int store_stats(struct db *db, const struct stats_filter *f, enum stats_group g,
		struct stats_rows *out)
{
	struct split sp;
	size_t i, w;
	int rc;

	memset(out, 0, sizeof *out);
	split_range(f, &sp);
	if (!sp.empty && (rc = run(db, f, g, 0, &sp, out)) != DB_OK)
		return rc;
	if (sp.nraw && (rc = run(db, f, g, 1, &sp, out)) != DB_OK)
		return rc;
	/* Merge rows of the same key (a rep seen in both parts). */
	if (out->n)
		qsort(out->v, out->n, sizeof *out->v, cmp_rows);
	for (i = 0, w = 0; i < out->n; i++) {
		if (w && !cmp_rows(&out->v[w - 1], &out->v[i])) {
			for (int k = 0; k < 11; k++)
				out->v[w - 1].s.v[k] += out->v[i].s.v[k];
		} else {
			out->v[w++] = out->v[i];
		}
	}
	out->n = w;
	if (g == GROUP_NONE && !out->n) {
		/* Always one row for totals. */
		out->v = xrealloc(out->v, sizeof *out->v);
		memset(out->v, 0, sizeof *out->v);
		out->n = 1;
	}
	return DB_OK;
}

/* The scope, representative and organization conditions of a query over
 * sales_calls c, and their binding from index 1 (returns the next index,
 * or -1). */
static void raw_where(const struct stats_filter *f, struct buf *sql)
{
	scope_sql(f->scope, "c.organization_id", "c.sales_representative_id", sql);
	if (f->rep_id)
		buf_addstr(sql, " AND c.sales_representative_id = ?");
	if (f->org_id)
		buf_addstr(sql, " AND c.organization_id = ?");
}

static int raw_bind(const struct stats_filter *f, struct db_stmt *st)
{
	int i = scope_bind(f->scope, st, 1);

	if (i < 0 || (f->rep_id && db_bind_text(st, i++, f->rep_id)) ||
	    (f->org_id && db_bind_text(st, i++, f->org_id)))
		return -1;
	return i;
}

int store_score_histogram(struct db *db, const struct stats_filter *f, struct score_hist *out)
{
	struct buf sql = BUF_INIT;
	struct db_stmt *st;
	int rc, i;

	memset(out, 0, sizeof *out);
	buf_addstr(&sql, "SELECT MIN(CAST(c.performance_score * 10 AS INTEGER), 9), COUNT(*),"
			 " SUM(CASE WHEN c.talk_ratio IS NULL THEN 0 ELSE 1 END),"
			 " SUM(COALESCE(c.talk_ratio, 0))"
			 " FROM sales_calls c WHERE c.performance_score IS NOT NULL AND ");
	raw_where(f, &sql);
	if (f->has_start)
		buf_addstr(&sql, " AND c.appointment_date >= ?");
	if (f->has_end)
		buf_addstr(&sql, " AND c.appointment_date <= ?");
	buf_addstr(&sql, " GROUP BY 1");
	st = db_prepare(db, sql.s);
	buf_free(&sql);
	if (!st)
		return DB_ERROR;
	i = raw_bind(f, st);
	if (i < 0 || (f->has_start && db_bind_int(st, i++, f->start_ms)) ||
	    (f->has_end && db_bind_int(st, i++, f->end_ms))) {
		db_done(st);
		return DB_ERROR;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t b = db_col_int(st, 0);
		if (b < 0 || b > 9)
			continue;
		out->count[b] += db_col_int(st, 1);
		out->talk_n += db_col_int(st, 2);
		out->talk_sum += db_col_double(st, 3);
	}
	db_done(st);
	return rc == DB_DONE ? DB_OK : rc;
}

void stats_rows_free(struct stats_rows *r)
{
	free(r->v);
	memset(r, 0, sizeof *r);
}

/* ---- facets ---- */

struct facet {
	char *name;
	int64_t n;
};

static void facet_add(struct facet **v, size_t *n, const char *name, int64_t k)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (!strcmp((*v)[i].name, name)) {
			(*v)[i].n += k;
			return;
		}
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[*n].name = xstrdup(name);
	(*v)[*n].n = k;
	(*n)++;
}

static int cmp_facet(const void *a, const void *b)
{
	const struct facet *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return strcmp(x->name, y->name);
}

int store_facets_top(struct db *db, const struct stats_filter *f, const char *kind, int limit,
		     cJSON **out)
{
	static const char *const kinds[] = { "strength", "weakness", "objection" };
	static const char *const cols[] = { "strengths", "weaknesses", "objections_handled" };
	struct buf sql = BUF_INIT;
	struct facet *v = NULL;
	struct split sp;
	struct db_stmt *st;
	size_t n = 0, i;
	int rc = DB_OK, k, idx, which = 0;

	for (k = 0; k < 3; k++)
		if (!strcmp(kind, kinds[k]))
			which = k;
	split_range(f, &sp);
	if (!sp.empty) {
		buf_addstr(&sql, "SELECT r.name, SUM(r.n) FROM call_facets r WHERE ");
		scope_sql(f->scope, "r.organization_id", "r.rep_id", &sql);
		buf_addstr(&sql, " AND r.kind = ?");
		if (f->rep_id)
			buf_addstr(&sql, " AND r.rep_id = ?");
		if (f->org_id)
			buf_addstr(&sql, " AND r.organization_id = ?");
		if (sp.has_lo)
			buf_addstr(&sql, " AND r.day >= ?");
		if (sp.has_hi)
			buf_addstr(&sql, " AND r.day <= ?");
		buf_addstr(&sql, " GROUP BY r.name");
		st = db_prepare(db, sql.s);
		if (!st) {
			rc = DB_ERROR;
			goto out;
		}
		idx = scope_bind(f->scope, st, 1);
		if (idx < 0 || db_bind_text(st, idx++, kinds[which]) ||
		    (f->rep_id && db_bind_text(st, idx++, f->rep_id)) ||
		    (f->org_id && db_bind_text(st, idx++, f->org_id)) ||
		    (sp.has_lo && db_bind_int(st, idx++, sp.lo)) || (sp.has_hi && db_bind_int(st, idx++, sp.hi))) {
			db_done(st);
			rc = DB_ERROR;
			goto out;
		}
		while ((rc = db_step(st)) == DB_ROW)
			facet_add(&v, &n, db_col_text(st, 0), db_col_int(st, 1));
		db_done(st);
		if (rc != DB_DONE)
			goto out;
		rc = DB_OK;
	}
	for (k = 0; k < sp.nraw; k++) {
		buf_reset(&sql);
		buf_addf(&sql, "SELECT c.%s FROM sales_calls c WHERE ", cols[which]);
		raw_where(f, &sql);
		buf_addstr(&sql, " AND c.appointment_date >= ? AND c.appointment_date <= ?");
		st = db_prepare(db, sql.s);
		if (!st) {
			rc = DB_ERROR;
			goto out;
		}
		idx = raw_bind(f, st);
		if (idx < 0 || db_bind_int(st, idx, sp.raw[k][0]) || db_bind_int(st, idx + 1, sp.raw[k][1])) {
			db_done(st);
			rc = DB_ERROR;
			goto out;
		}
		while ((rc = db_step(st)) == DB_ROW) {
			cJSON *arr = cJSON_Parse(db_col_text(st, 0)), *it;
			cJSON_ArrayForEach(it, arr)
				if (cJSON_IsString(it))
					facet_add(&v, &n, it->valuestring, 1);
			cJSON_Delete(arr);
		}
		db_done(st);
		if (rc != DB_DONE)
			goto out;
		rc = DB_OK;
	}
	if (n)
		qsort(v, n, sizeof *v, cmp_facet);
	*out = cJSON_CreateArray();
	for (i = 0; i < n && (int)cJSON_GetArraySize(*out) < limit; i++) {
		if (v[i].n <= 0)
			continue;
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", v[i].name);
		cJSON_AddNumberToObject(o, "count", (double)v[i].n);
		cJSON_AddItemToArray(*out, o);
	}
out:
	for (i = 0; i < n; i++)
		free(v[i].name);
	free(v);
	buf_free(&sql);
	return rc;
}

/* ---- stored reports (the analytics table) ---- */

static const struct field report_fields[] = {
	{ "id", NULL, "id", FT_UUID, 0, 0, NULL, 0, 0 },
	{ "organizationId", NULL, "organization_id", FT_UUID, 0, 0, NULL, 0, 0 },
	{ "userId", NULL, "user_id", FT_UUID, 0, 0, NULL, 0, 0 },
	{ "reportType", NULL, "report_type", FT_TEXT, 0, 0, NULL, 0, 0 },
	{ "reportName", NULL, "report_name", FT_TEXT, 0, 0, NULL, 0, 0 },
	{ "reportData", NULL, "report_data", FT_JSON, 0, 0, NULL, 0, 0 },
	{ "filters", NULL, "filters", FT_JSON, 0, 0, NULL, 0, 0 },
	{ "dateRange", NULL, "date_range", FT_JSON, 0, 0, NULL, 0, 0 },
	{ "generatedAt", NULL, "generated_at", FT_TIME, 0, 0, NULL, 0, 0 },
	{ "expiresAt", NULL, "expires_at", FT_TIME, 0, 0, NULL, 0, 0 },
	{ "isScheduled", NULL, "is_scheduled", FT_BOOL, 0, 0, NULL, 0, 0 },
	{ "scheduleFrequency", NULL, "schedule_frequency", FT_TEXT, 0, 0, NULL, 0, 0 },
	{ "lastGenerated", NULL, "last_generated", FT_TIME, 0, 0, NULL, 0, 0 },
	{ "createdAt", NULL, "created_at", FT_TIME, 0, 0, NULL, 0, 0 },
	{ "updatedAt", NULL, "updated_at", FT_TIME, 0, 0, NULL, 0, 0 },
};

int store_reports_list(struct db *db, const struct scope *s, const char *user_id,
		       const struct stats_filter *f, int64_t now, int limit, cJSON **out)
{
	struct buf sql = BUF_INIT;
	struct db_stmt *st;
	cJSON *arr;
	int rc, i;

	buf_addstr(&sql, "SELECT ");
	fields_select(report_fields, sizeof report_fields / sizeof report_fields[0], "a.", 0, &sql);
	buf_addstr(&sql, " FROM analytics a WHERE ");
	scope_sql(s, "a.organization_id", "a.user_id", &sql);
	if (user_id)
		buf_addstr(&sql, " AND a.user_id = ?");
	if (f->has_start)
		buf_addstr(&sql, " AND a.generated_at >= ?");
	if (f->has_end)
		buf_addstr(&sql, " AND a.generated_at <= ?");
	buf_addstr(&sql, " AND (a.expires_at IS NULL OR a.expires_at > ?)"
			 " ORDER BY a.generated_at DESC, a.id LIMIT ?");
	st = db_prepare(db, sql.s);
	buf_free(&sql);
	if (!st)
		return DB_ERROR;
	i = scope_bind(s, st, 1);
	if (i < 0 || (user_id && db_bind_text(st, i++, user_id)) ||
	    (f->has_start && db_bind_int(st, i++, f->start_ms)) ||
	    (f->has_end && db_bind_int(st, i++, f->end_ms)) || db_bind_int(st, i++, now) ||
	    db_bind_int(st, i, limit)) {
		db_done(st);
		return DB_ERROR;
	}
	arr = cJSON_CreateArray();
	while ((rc = db_step(st)) == DB_ROW) {
		cJSON *o = cJSON_CreateObject();
		fields_row_json(st, 0, report_fields, sizeof report_fields / sizeof report_fields[0], 0, o);
		cJSON_AddItemToArray(arr, o);
	}
	db_done(st);
	if (rc != DB_DONE) {
		cJSON_Delete(arr);
		return rc;
	}
	*out = arr;
	return DB_OK;
}
