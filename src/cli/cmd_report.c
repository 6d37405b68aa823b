/*
 * cmd_report.c - salesan report: the analytics API as tables and charts
 * for people, CSV and JSON for scripts.
 *
 * Every report is one GET through api_get, so it is cached and answers
 * --offline from the cache.  Charts (sparklines, bars) are drawn only when
 * stdout is a terminal; piped output is plain.
 */
#include "cli.h"
#include "client.h"
#include "cmdkit.h"
#include "output.h"
#include "when.h"
#include "common/buf.h"
#include "common/json.h"
#include "common/timeutil.h"
#include "common/xmalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
	"usage: salesan report overview|performance|trends|leaderboard|team [options]\n"
	"       salesan report user USER [options]\n"
	"\n"
	"Examples:\n"
	"  salesan report overview --from 30d\n"
	"  salesan report trends --from this-year --period monthly\n"
	"  salesan report leaderboard --from last-month --sort score\n"
	"  salesan report user sam@acme.example --from 7d\n"
	"  salesan report team --csv > team.csv\n"
	"  salesan report overview --offline\n"
	"\n"
	"Reports over the calls you reach: your own as a representative, your\n"
	"team's as a manager, your organization's as an admin.\n"
	"\n"
	"  overview      totals, conversion, revenue, average score, top performers\n"
	"  performance   trends, strengths, weaknesses and common objections\n"
	"  trends        calls, sales, revenue and score per day, week or month\n"
	"  user USER     one person's figures and recent calls (USER: me, an email or id)\n"
	"  leaderboard   representatives ranked by conversion, score or compliance\n"
	"  team          every representative's figures, by name\n"
	"\n"
	"Options:\n"
	"  --from WHEN    start: a date, 7d, 12w, today, yesterday, this-week,\n"
	"                 this-month, last-month, this-year (default: all time)\n"
	"  --to WHEN      end, inclusive (a bare date means the end of that day)\n"
	"  --rep USER     only this representative (performance, trends)\n"
	"  --period P     daily, weekly or monthly (trends: weekly; performance: monthly)\n"
	"  --sort KEY     leaderboard order: conversion (default), score, compliance,\n"
	"                 revenue, calls\n"
	"\n"
	"--json prints the server's data unchanged; --csv prints the main table.\n"
	"Read from the cache with --offline, or when the server is unreachable.\n";

struct report_opts {
	const char *from, *to, *rep, *period, *sort;
};

static const char *const periods[] = { "daily", "weekly", "monthly", NULL };
static const char *const sorts[] = { "conversion", "score", "compliance", "revenue", "calls",
				     NULL };

/* Parse the shared options and build the query string into q.  Returns 1
 * to go on, or 0 with *rc set. */
static int report_args(struct cli *cli, int argc, char **argv, int npos, const char **pos,
		       struct report_opts *o, struct buf *q, int *rc)
{
	const struct flag flags[] = {
		{ "from", 0, FLAG_STR, &o->from }, { "to", 0, FLAG_STR, &o->to },
		{ "rep", 0, FLAG_STR, &o->rep }, { "period", 0, FLAG_STR, &o->period },
		{ "sort", 0, FLAG_STR, &o->sort }, { NULL, 0, 0, NULL },
	};
	int64_t start = 0, end = 0;
	int has_end = 0;
	char iso[TIME_ISO_LEN], id[40];

	memset(o, 0, sizeof *o);
	if (!flags_parse(cli, &cmd_report, argc, argv, flags, npos, npos, "a user (me, an email or id)",
			 pos, NULL, rc))
		return 0;
	*rc = EXIT_USAGE;
	if (o->from && when_period(o->from, &start, &end, &has_end)) {
		cli_error(cli, "--from: cannot read '%s' (try 30d, this-month or 2024-01-15)", o->from);
		return 0;
	}
	if (o->to && when_until(o->to, &end)) {
		cli_error(cli, "--to: cannot read '%s' as a date", o->to);
		return 0;
	}
	if (o->to)
		has_end = 1;
	if (o->from && has_end && end < start) {
		cli_error(cli, "--to is before --from");
		return 0;
	}
	if ((o->period && flag_enum(cli, "period", o->period, periods)) ||
	    (o->sort && flag_enum(cli, "sort", o->sort, sorts)))
		return 0;
	if (o->from) {
		time_format_iso(start, iso, sizeof iso);
		query_add(q, "startDate", iso);
	}
	if (has_end) {
		time_format_iso(end, iso, sizeof iso);
		query_add(q, "endDate", iso);
	}
	if (o->rep) {
		if ((*rc = resolve_user(cli, o->rep, id)))
			return 0;
		query_add(q, "salesRepresentativeId", id);
	}
	query_add(q, "periodType", o->period);
	query_add(q, "sort", o->sort);
	*rc = EXIT_OK;
	return 1;
}

/* GET the report at path + query; r filled on EXIT_OK. */
static int fetch(struct cli *cli, const char *path, const struct buf *q, struct api_resp *r)
{
	struct buf p = BUF_INIT;
	int rc;

	buf_addf(&p, "%s%s", path, q->s);
	rc = api_get(cli, p.s, r);
	buf_free(&p);
	return rc;
}

static int charts(struct cli *cli)
{
	return !cli->json && !cli->csv && isatty(1);
}

static void heading(struct cli *cli, const char *title)
{
	char b[256];

	printf("\n%s\n", paint(cli->color, C_BOLD, title, b, sizeof b));
}

static const struct col figure_cols[] = {
	{ "Calls", "totalCalls", COL_INT },
	{ "Completed", "completedCalls", COL_INT },
	{ "Sales", "successfulSales", COL_INT },
	{ "Conversion", "conversionRate", COL_PCT },
	{ "Revenue", "totalRevenue", COL_MONEY },
	{ "Average duration", "averageCallDuration", COL_SECS },
	{ "Average score", "averagePerformanceScore", COL_FRAC },
	{ "Script compliance", "averageScriptCompliance", COL_FRAC },
	{ NULL, NULL, 0 },
};

/* A ranked list with a chart column of one metric (0..1) on a terminal. */
static void ranked(struct cli *cli, const cJSON *arr, const struct col *cols, const char *metric,
		   double scale, const char *chart_header)
{
	struct col *c;
	cJSON *copy;
	const cJSON *o;
	int n = 0, i;

	if (!charts(cli)) {
		print_records(cli, arr, cols, "No representatives with calls in this period.");
		return;
	}
	/* Add the bar as a string member of a copy, shown as one more column. */
	copy = cJSON_Duplicate(arr, 1);
	cJSON_ArrayForEach(o, copy) {
		struct buf b = BUF_INIT;
		hbar(&b, cJSON_GetNumberValue(json_get(o, metric)) / scale, 12);
		cJSON_AddStringToObject((cJSON *)o, "_chart", b.s);
		buf_free(&b);
	}
	while (cols[n].header)
		n++;
	c = xcalloc((size_t)n + 2, sizeof *c);
	for (i = 0; i < n; i++)
		c[i] = cols[i];
	c[n].header = chart_header;
	c[n].path = "_chart";
	c[n].kind = COL_STR;
	print_records(cli, copy, c, "No representatives with calls in this period.");
	free(c);
	cJSON_Delete(copy);
}

static int overview(struct cli *cli, int argc, char **argv)
{
	static const struct col top_cols[] = {
		{ "NAME", "name", COL_STR }, { "CALLS", "totalCalls", COL_INT },
		{ "SALES", "successfulSales", COL_INT }, { "REVENUE", "totalRevenue", COL_MONEY },
		{ "SCORE", "averageScore", COL_FRAC }, { NULL, NULL, 0 },
	};
	struct report_opts o;
	struct buf q = BUF_INIT;
	struct api_resp r = { 0 };
	int rc;

	if (report_args(cli, argc, argv, 0, NULL, &o, &q, &rc) &&
	    (rc = fetch(cli, "/api/v1/analytics/overview", &q, &r)) == EXIT_OK) {
		if (cli->json || cli->csv) {
			print_record(cli, r.data, figure_cols);
		} else {
			print_record(cli, r.data, figure_cols);
			if (charts(cli)) {
				struct buf b = BUF_INIT;
				hbar(&b, cJSON_GetNumberValue(json_get(r.data, "conversionRate")) / 100, 30);
				printf("Conversion        %s\n", b.s);
				buf_free(&b);
			}
			if (cJSON_GetArraySize(json_get(r.data, "topPerformers"))) {
				heading(cli, "Top performers");
				ranked(cli, json_get(r.data, "topPerformers"), top_cols, "averageScore", 1,
				       "SCORE");
			}
		}
	}
	api_resp_free(&r);
	buf_free(&q);
	return rc;
}

static const struct col trend_cols[] = {
	{ "PERIOD", "period", COL_STR }, { "CALLS", "totalCalls", COL_INT },
	{ "COMPLETED", "completedCalls", COL_INT }, { "SALES", "successfulSales", COL_INT },
	{ "REVENUE", "totalRevenue", COL_MONEY }, { "SCORE", "averagePerformanceScore", COL_FRAC },
	{ NULL, NULL, 0 },
};

/* Sparklines of the trend buckets' calls, sales, revenue and score. */
static void trend_charts(struct cli *cli, const cJSON *buckets)
{
	static const char *const series[][2] = {
		{ "Calls", "totalCalls" }, { "Sales", "successfulSales" },
		{ "Revenue", "totalRevenue" }, { "Score", "averagePerformanceScore" },
	};
	int n = cJSON_GetArraySize(buckets), i, k;
	double *v;

	if (!charts(cli) || n < 2)
		return;
	v = xcalloc((size_t)n, sizeof *v);
	printf("\n");
	for (k = 0; k < 4; k++) {
		struct buf b = BUF_INIT;
		for (i = 0; i < n; i++)
			v[i] = cJSON_GetNumberValue(json_get(cJSON_GetArrayItem(buckets, i), series[k][1]));
		sparkline(&b, v, n);
		printf("%-8s %s\n", series[k][0], b.s);
		buf_free(&b);
	}
	free(v);
}

static int trends(struct cli *cli, int argc, char **argv)
{
	struct report_opts o;
	struct buf q = BUF_INIT;
	struct api_resp r = { 0 };
	int rc;

	if (report_args(cli, argc, argv, 0, NULL, &o, &q, &rc) &&
	    (rc = fetch(cli, "/api/v1/analytics/trends", &q, &r)) == EXIT_OK) {
		print_records(cli, r.data, trend_cols, "No calls in this period.");
		trend_charts(cli, r.data);
	}
	api_resp_free(&r);
	buf_free(&q);
	return rc;
}

/* [{name, count}] as a bar list relative to the largest count. */
static void counted(struct cli *cli, const char *title, const cJSON *arr)
{
	static const struct col cols[] = { { "NAME", "name", COL_STR },
					   { "COUNT", "count", COL_INT }, { NULL, NULL, 0 } };
	double max = 0;
	const cJSON *o;

	heading(cli, title);
	cJSON_ArrayForEach(o, arr)
		if (cJSON_GetNumberValue(json_get(o, "count")) > max)
			max = cJSON_GetNumberValue(json_get(o, "count"));
	if (max > 0)
		ranked(cli, arr, cols, "count", max, "");
	else
		printf("  (none yet)\n");
}

/* The score distribution (a bar per tenth on a terminal, else a table) and
 * the average talk ratio against its target. */
static void distribution(struct cli *cli, const cJSON *data)
{
	static const struct col cols[] = { { "SCORE", "_range", COL_STR },
					   { "CALLS", "count", COL_INT }, { NULL, NULL, 0 } };
	const cJSON *d = json_get(data, "scoreDistribution"), *b;
	const cJSON *talk = json_get(data, "talkRatio");
	double max = 0;
	cJSON *copy;

	if (!cJSON_GetArraySize(d))
		return;
	cJSON_ArrayForEach(b, d)
		if (cJSON_GetNumberValue(json_get(b, "count")) > max)
			max = cJSON_GetNumberValue(json_get(b, "count"));
	heading(cli, "Score distribution (analysed calls)");
	copy = cJSON_Duplicate(d, 1);
	cJSON_ArrayForEach(b, copy) {
		char range[32];
		snprintf(range, sizeof range, "%3.0f-%.0f%%",
			 100 * cJSON_GetNumberValue(json_get(b, "from")),
			 100 * cJSON_GetNumberValue(json_get(b, "to")));
		cJSON_AddStringToObject((cJSON *)b, "_range", range);
	}
	if (max > 0)
		ranked(cli, copy, cols, "count", max, "");
	else
		printf("  (no analysed calls yet)\n");
	cJSON_Delete(copy);
	if (cJSON_IsNumber(json_get(talk, "average"))) {
		double avg = cJSON_GetNumberValue(json_get(talk, "average"));
		double target = cJSON_GetNumberValue(json_get(talk, "target"));
		heading(cli, "Talk ratio (the representatives' share of talking)");
		if (charts(cli)) {
			struct buf bar = BUF_INIT;
			int mark = (int)(target * 30 + 0.5), i;
			hbar(&bar, avg, 30);
			/* the target as a tick under the bar */
			printf("  %s %.0f%%\n  ", bar.s, 100 * avg);
			for (i = 0; i < mark; i++)
				putchar(' ');
			printf("^ target %.0f%%\n", 100 * target);
			buf_free(&bar);
		} else {
			printf("  average %.0f%% over %.0f calls; target %.0f%%\n", 100 * avg,
			       cJSON_GetNumberValue(json_get(talk, "calls")), 100 * target);
		}
	}
}

static int performance(struct cli *cli, int argc, char **argv)
{
	struct report_opts o;
	struct buf q = BUF_INIT;
	struct api_resp r = { 0 };
	int rc;

	if (report_args(cli, argc, argv, 0, NULL, &o, &q, &rc) &&
	    (rc = fetch(cli, "/api/v1/analytics/performance", &q, &r)) == EXIT_OK) {
		if (cli->json) {
			output_json(r.data);
		} else if (cli->csv) {
			print_records(cli, json_get(r.data, "trends"), trend_cols, NULL);
		} else {
			printf("%s\n", paint(cli->color, C_BOLD, "Trends", (char[64]){ 0 }, 64));
			print_records(cli, json_get(r.data, "trends"), trend_cols,
				      "No calls in this period.");
			trend_charts(cli, json_get(r.data, "trends"));
			distribution(cli, r.data);
			counted(cli, "Top strengths", json_get(r.data, "topStrengths"));
			counted(cli, "Top weaknesses", json_get(r.data, "topWeaknesses"));
			counted(cli, "Common objections", json_get(r.data, "commonObjections"));
		}
	}
	api_resp_free(&r);
	buf_free(&q);
	return rc;
}

static int user(struct cli *cli, int argc, char **argv)
{
	static const struct col recent_cols[] = {
		{ "ID", "id", COL_STR }, { "CUSTOMER", "customerName", COL_STR },
		{ "APPOINTMENT", "appointmentDate", COL_TIME }, { "STATUS", "status", COL_STR },
		{ "OUTCOME", "outcome", COL_STR }, { "SCORE", "performanceScore", COL_FRAC },
		{ NULL, NULL, 0 },
	};
	struct report_opts o;
	struct buf q = BUF_INIT, path = BUF_INIT;
	struct api_resp r = { 0 };
	const char *pos[1];
	char id[40];
	int rc;

	if (report_args(cli, argc, argv, 1, pos, &o, &q, &rc) && !(rc = resolve_user(cli, pos[0], id))) {
		buf_addf(&path, "/api/v1/analytics/user/%s", id);
		if ((rc = fetch(cli, path.s, &q, &r)) == EXIT_OK) {
			print_record(cli, r.data, figure_cols);
			if (!cli->json && !cli->csv && cJSON_GetArraySize(json_get(r.data, "recentCalls"))) {
				heading(cli, "Recent calls");
				print_records(cli, json_get(r.data, "recentCalls"), recent_cols, NULL);
			}
		}
	}
	api_resp_free(&r);
	buf_free(&q);
	buf_free(&path);
	return rc;
}

static const struct col board_cols[] = {
	{ "RANK", "rank", COL_INT }, { "NAME", "name", COL_STR },
	{ "CALLS", "totalCalls", COL_INT }, { "SALES", "successfulSales", COL_INT },
	{ "CONVERSION", "conversionRate", COL_PCT }, { "SCORE", "averagePerformanceScore", COL_FRAC },
	{ "COMPLIANCE", "averageScriptCompliance", COL_FRAC }, { "REVENUE", "totalRevenue", COL_MONEY },
	{ NULL, NULL, 0 },
};

static int by_name(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;

	return strcoll(json_str(x, "name") ? json_str(x, "name") : "",
		       json_str(y, "name") ? json_str(y, "name") : "");
}

static int board(struct cli *cli, int argc, char **argv, int team)
{
	struct report_opts o;
	struct buf q = BUF_INIT;
	struct api_resp r = { 0 };
	int rc;

	if (report_args(cli, argc, argv, 0, NULL, &o, &q, &rc) &&
	    (rc = fetch(cli, "/api/v1/analytics/leaderboard", &q, &r)) == EXIT_OK) {
		const char *metric = "conversionRate", *chart = "CONVERSION";
		double scale = 100;

		if (team) {
			/* The team view: by name, then the team's totals. */
			int n = cJSON_GetArraySize(r.data), i;
			cJSON **v = xcalloc((size_t)n + 1, sizeof *v), *sorted = cJSON_CreateArray();
			for (i = 0; i < n; i++)
				v[i] = cJSON_GetArrayItem(r.data, i);
			qsort(v, (size_t)n, sizeof *v, by_name);
			for (i = 0; i < n; i++)
				cJSON_AddItemToArray(sorted, cJSON_Duplicate(v[i], 1));
			free(v);
			cJSON_ReplaceItemInObject(r.json, "data", sorted);
			r.data = sorted;
		}
		if (o.sort && !strcmp(o.sort, "score")) {
			metric = "averagePerformanceScore";
			chart = "SCORE";
			scale = 1;
		} else if (o.sort && !strcmp(o.sort, "compliance")) {
			metric = "averageScriptCompliance";
			chart = "COMPLIANCE";
			scale = 1;
		}
		ranked(cli, r.data, team ? board_cols + 1 : board_cols, metric, scale, chart);
	}
	api_resp_free(&r);
	buf_free(&q);
	return rc;
}

static int leaderboard(struct cli *cli, int argc, char **argv)
{
	return board(cli, argc, argv, 0);
}

static int team(struct cli *cli, int argc, char **argv)
{
	return board(cli, argc, argv, 1);
}

static const struct subcmd subs[] = {
	{ "overview", overview }, { "performance", performance }, { "trends", trends },
	{ "user", user }, { "leaderboard", leaderboard }, { "team", team }, { NULL, NULL },
};

static int run(struct cli *cli, int argc, char **argv)
{
	return subcmd_run(cli, &cmd_report, subs, "overview", argc, argv);
}

const struct command cmd_report = {
	"report", "analytics: overview, trends, leaderboard, team, one user", usage, run,
};
