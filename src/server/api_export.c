/*
 * api_export.c - /api/v1/export: bulk data out, streamed.
 *
 *   GET /api/v1/export/sales-calls?format=csv|ndjson&since=ISO&until=ISO
 *
 * Every call the caller reaches (a representative's own, a manager's
 * team's, an admin's organization and branches) that changed in
 * [since, until), oldest change first, written row by row from the
 * database cursor to the socket (stream.h): memory stays flat at any size
 * and the event loop never waits for the database.  API keys with the
 * "export" scope may use it (their organization's calls).
 *
 * ndjson: one call per line, in the list API's shape.  csv: RFC 4180 with
 * a header line and the columns below (times ISO-8601 UTC, money with two
 * decimals, scores 0..1).  The X-Export-Until header carries the upper
 * bound used (the request's `until`, else the time the export started):
 * a client resumes with since=<that> and gets every later change once
 * (rows changed while an export runs have a later updatedAt).
 */
#include "authz.h"
#include "resp.h"
#include "router.h"
#include "server.h"
#include "store.h"
#include "stream.h"
#include "common/buf.h"
#include "common/json.h"
#include "common/log.h"
#include "common/timeutil.h"
#include "common/xmalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Flush the row buffer to the stream once it holds this much. */
#define EXPORT_FLUSH (32 * 1024)

static const char *const csv_columns[][2] = {
	{ "id", "id" }, { "customer_name", "customerName" }, { "customer_email", "customerEmail" },
	{ "customer_phone", "customerPhone" }, { "appointment_date", "appointmentDate" },
	{ "status", "status" }, { "outcome", "outcome" }, { "sale_amount", "saleAmount" },
	{ "duration_seconds", "duration" }, { "performance_score", "performanceScore" },
	{ "script_compliance", "scriptCompliance" }, { "customer_sentiment", "customerSentiment" },
	{ "sales_representative_id", "salesRepresentativeId" },
	{ "sales_representative_name", NULL }, { "sales_representative_email", NULL },
	{ "manager_id", "managerId" }, { "organization_id", "organizationId" },
	{ "created_at", "createdAt" }, { "updated_at", "updatedAt" },
};

#define NCOLS (sizeof csv_columns / sizeof csv_columns[0])

struct export_job {
	struct scope scope;
	struct export_filter f;
	int csv;
	struct buf out;
	struct resp_stream *s;
	int failed;
	int64_t rows;
};

static void csv_value(struct buf *b, const cJSON *v)
{
	char num[64];

	if (!v || cJSON_IsNull(v))
		return;
	if (cJSON_IsString(v)) {
		buf_add_csv_field(b, v->valuestring);
	} else if (cJSON_IsNumber(v)) {
		if (v->valuedouble == floor(v->valuedouble) && fabs(v->valuedouble) < 1e15)
			snprintf(num, sizeof num, "%.0f", v->valuedouble);
		else
			snprintf(num, sizeof num, "%.6g", v->valuedouble);
		buf_addstr(b, num);
	} else if (cJSON_IsBool(v)) {
		buf_addstr(b, cJSON_IsTrue(v) ? "true" : "false");
	}
}

static void csv_row(struct buf *b, const cJSON *row)
{
	const cJSON *rep = json_get(row, "salesRepresentative");
	size_t i;

	for (i = 0; i < NCOLS; i++) {
		if (i)
			buf_addch(b, ',');
		if (csv_columns[i][1]) {
			const cJSON *v = json_get(row, csv_columns[i][1]);
			if (!strcmp(csv_columns[i][1], "saleAmount") && cJSON_IsNumber(v))
				buf_addf(b, "%.2f", v->valuedouble);
			else
				csv_value(b, v);
		} else if (cJSON_IsObject(rep)) {
			char name[512];
			if (i == 13) {
				snprintf(name, sizeof name, "%s %s",
					 json_str(rep, "firstName") ? json_str(rep, "firstName") : "",
					 json_str(rep, "lastName") ? json_str(rep, "lastName") : "");
				buf_add_csv_field(b, name);
			} else {
				csv_value(b, json_get(rep, "email"));
			}
		}
	}
	buf_addstr(b, "\r\n");
}

static int flush(struct export_job *j)
{
	if (!j->out.len)
		return 0;
	if (stream_write(j->s, j->out.s, j->out.len)) {
		j->failed = 1;
		return -1;
	}
	buf_reset(&j->out);
	return 0;
}

static int each_row(const cJSON *row, void *arg)
{
	struct export_job *j = arg;

	if (j->csv) {
		csv_row(&j->out, row);
	} else {
		char *s = json_print(row);
		buf_addstr(&j->out, s);
		buf_addch(&j->out, '\n');
		free(s);
	}
	j->rows++;
	return j->out.len >= EXPORT_FLUSH ? flush(j) : 0;
}

static int produce(struct request *r, struct resp_stream *s, void *arg)
{
	struct export_job *j = arg;
	size_t i;
	int rc;

	j->s = s;
	if (j->csv) {
		for (i = 0; i < NCOLS; i++)
			buf_addf(&j->out, "%s%s", i ? "," : "", csv_columns[i][0]);
		buf_addstr(&j->out, "\r\n");
	}
	rc = store_calls_each(r->db, &j->scope, &j->f, each_row, j);
	if (rc == DB_OK && !j->failed)
		flush(j);
	if (rc != DB_OK)
		log_error("export rid=%s: database error %d after %lld rows", r->request_id, rc,
			  (long long)j->rows);
	else
		log_info("export rid=%s: %lld rows%s", r->request_id, (long long)j->rows,
			 j->failed ? " (client gone)" : "");
	return rc != DB_OK || j->failed ? -1 : 0;
}

static void job_free(void *arg)
{
	struct export_job *j = arg;

	buf_free(&j->out);
	free(j);
}

static void export_calls(struct request *r)
{
	static const char *const formats[] = { "csv", "ndjson", NULL };
	struct export_job *j;
	struct verrs v = { 0 };
	const char *format = NULL;
	char until[TIME_ISO_LEN];
	int rc;

	j = xcalloc(1, sizeof *j);
	buf_init(&j->out);
	query_enum(r, "format", formats, &format, &v);
	query_time(r, "since", 0, &j->f.since_ms, &j->f.has_since, &v);
	query_time(r, "until", 0, &j->f.until_ms, &j->f.has_until, &v);
	if (j->f.has_since && j->f.has_until && j->f.until_ms < j->f.since_ms)
		verr_add_at(&v, "query", "until", "must not be before since", NULL);
	if (v.n) {
		job_free(j);
		resp_validation(r, &v);
		return;
	}
	if ((rc = authz_scope(r->db, r->who, &j->scope)) != DB_OK) {
		job_free(j);
		resp_db_error(r, rc, "scope");
		return;
	}
	/* A fixed upper bound, so that resuming from it misses nothing and
	 * repeats nothing. */
	if (!j->f.has_until) {
		j->f.until_ms = time_now_ms();
		j->f.has_until = 1;
	}
	j->csv = !format || !strcmp(format, "csv");
	if (stream_acquire()) {
		job_free(j);
		resp_error(r, 503, "EXPORT_BUSY", "Too many exports are running; retry shortly");
		resp_header(r, "retry-after", "5");
		return;
	}
	time_format_iso(j->f.until_ms, until, sizeof until);
	resp_stream(r, 200, j->csv ? "text/csv; charset=utf-8" : "application/x-ndjson", produce, j,
		    job_free);
	resp_header(r, "x-export-until", until);
	resp_header(r, "content-disposition", j->csv ? "attachment; filename=\"sales-calls.csv\""
						     : "attachment; filename=\"sales-calls.ndjson\"");
}

static const struct route routes[] = {
	{ HTTP_GET, "/api/v1/export/sales-calls", export_calls, AUTH_JWT_OR_KEY, ROLES_ANY, 0,
	  "Stream every reachable call changed in [since, until) as CSV or NDJSON",
	  KEY_SCOPE_EXPORT },
};

const struct route_table api_export_routes = ROUTE_TABLE(routes);
