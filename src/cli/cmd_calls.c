/*
 * cmd_calls.c - salesan calls: list, show, create, update, start,
 * complete and delete sales calls.
 */
#include "cli.h"
#include "client.h"
#include "output.h"
#include "prompt.h"
#include "when.h"
#include "common/buf.h"
#include "common/json.h"
#include "common/timeutil.h"
#include "common/xmalloc.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: salesan calls list [--status S] [--outcome O] [--rep ID] [--from WHEN]\n"
	"                          [--to WHEN] [--page N] [--limit N] [--all]\n"
	"       salesan calls show ID\n"
	"       salesan calls create --customer NAME --date WHEN [--phone P] [--email E]\n"
	"                            [--rep ID] [--manager ID] [--notes TEXT] [--tag T]...\n"
	"       salesan calls update ID [--customer NAME] [--date WHEN] [--phone P] [--email E]\n"
	"                            [--rep ID] [--manager ID] [--notes TEXT] [--tag T]...\n"
	"                            [--status S] [--outcome O] [--amount N]\n"
	"       salesan calls start ID\n"
	"       salesan calls complete ID --outcome O [--amount N] [--notes TEXT]\n"
	"       salesan calls delete ID [--yes]\n"
	"\n"
	"Examples:\n"
	"  salesan calls list --status completed --from 2024-01-01\n"
	"  salesan calls create --customer \"Globex\" --date \"tomorrow 10:00\" --tag enterprise\n"
	"  salesan calls complete 3f2a... --outcome sale --amount 4800\n"
	"  salesan calls list --all --csv > calls.csv\n"
	"\n"
	"Sales calls you may see: your own as a representative, your team's as a\n"
	"manager, your organization's as an admin.\n"
	"\n"
	"WHEN is \"now\", \"today 14:30\", \"tomorrow 9:00\", \"2024-01-15 10:00\" (local\n"
	"time) or ISO-8601 with a zone (2024-01-15T10:00:00Z).  Statuses: scheduled,\n"
	"in_progress, completed, cancelled, no_show.  Outcomes: sale, no_sale,\n"
	"follow_up, rescheduled.\n"
	"\n"
	"Tables on a terminal; --json prints the server's objects, --csv a table for\n"
	"spreadsheets.  list --all fetches every page.\n";

enum {
	O_STATUS = 1000, O_OUTCOME, O_REP, O_FROM, O_TO, O_PAGE, O_LIMIT, O_ALL, O_CUSTOMER,
	O_DATE, O_PHONE, O_EMAIL, O_MANAGER, O_NOTES, O_TAG, O_AMOUNT, O_YES, O_HELP,
};

static const struct option opts[] = {
	{ "status", required_argument, NULL, O_STATUS },
	{ "outcome", required_argument, NULL, O_OUTCOME },
	{ "rep", required_argument, NULL, O_REP },
	{ "from", required_argument, NULL, O_FROM },
	{ "to", required_argument, NULL, O_TO },
	{ "page", required_argument, NULL, O_PAGE },
	{ "limit", required_argument, NULL, O_LIMIT },
	{ "all", no_argument, NULL, O_ALL },
	{ "customer", required_argument, NULL, O_CUSTOMER },
	{ "date", required_argument, NULL, O_DATE },
	{ "phone", required_argument, NULL, O_PHONE },
	{ "email", required_argument, NULL, O_EMAIL },
	{ "manager", required_argument, NULL, O_MANAGER },
	{ "notes", required_argument, NULL, O_NOTES },
	{ "tag", required_argument, NULL, O_TAG },
	{ "amount", required_argument, NULL, O_AMOUNT },
	{ "yes", no_argument, NULL, O_YES },
	{ "help", no_argument, NULL, O_HELP },
	{ NULL, 0, NULL, 0 },
};

/* Parsed options of every subcommand; each uses its own subset. */
struct call_opts {
	const char *status, *outcome, *rep, *from, *to, *customer, *date, *phone, *email,
		*manager, *notes, *amount;
	long page, limit;
	int all, yes, have_tags;
	cJSON *tags;
	const char *id;
};

static int parse_long(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (end == s || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* Parse argv for subcommand sub; allowed lists the option codes it takes.
 * Returns 0, or an exit code after reporting. */
static int parse(struct cli *cli, int argc, char **argv, const int *allowed, int want_id,
		 struct call_opts *o)
{
	int c, i;

	memset(o, 0, sizeof *o);
	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		int ok = 0;
		if (c == 'h' || c == O_HELP) {
			cli_usage(&cmd_calls, 0);
			return -1;
		}
		for (i = 0; allowed[i]; i++)
			ok |= allowed[i] == c;
		if (!ok) {
			if (c != '?')
				cli_error(cli, "option %s does not apply to `calls %s`", argv[optind - 1],
					  argv[0]);
			return cli_usage(&cmd_calls, 1);
		}
		switch (c) {
		case O_STATUS: o->status = optarg; break;
		case O_OUTCOME: o->outcome = optarg; break;
		case O_REP: o->rep = optarg; break;
		case O_FROM: o->from = optarg; break;
		case O_TO: o->to = optarg; break;
		case O_CUSTOMER: o->customer = optarg; break;
		case O_DATE: o->date = optarg; break;
		case O_PHONE: o->phone = optarg; break;
		case O_EMAIL: o->email = optarg; break;
		case O_MANAGER: o->manager = optarg; break;
		case O_NOTES: o->notes = optarg; break;
		case O_AMOUNT: o->amount = optarg; break;
		case O_ALL: o->all = 1; break;
		case O_YES: o->yes = 1; break;
		case O_TAG:
			if (!o->tags)
				o->tags = cJSON_CreateArray();
			cJSON_AddItemToArray(o->tags, cJSON_CreateString(optarg));
			break;
		case O_PAGE:
			if (parse_long(optarg, 1, 1000000, &o->page)) {
				cli_error(cli, "--page must be a number of at least 1");
				return EXIT_USAGE;
			}
			break;
		case O_LIMIT:
			if (parse_long(optarg, 1, 100, &o->limit)) {
				cli_error(cli, "--limit must be a number from 1 to 100");
				return EXIT_USAGE;
			}
			break;
		}
	}
	if (want_id) {
		if (optind >= argc) {
			cli_error(cli, "`calls %s` needs a call ID", argv[0]);
			return EXIT_USAGE;
		}
		o->id = argv[optind++];
	}
	if (optind < argc) {
		cli_error(cli, "unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	return 0;
}

/* Convert a WHEN into ISO-8601 UTC in out. Returns 0 or EXIT_USAGE. */
static int iso_when(struct cli *cli, const char *flag, const char *s, char out[TIME_ISO_LEN])
{
	int64_t ms;

	if (when_parse(s, &ms)) {
		cli_error(cli, "%s: cannot read '%s' as a date (try \"2024-01-15 10:00\" or "
			       "\"tomorrow 9:00\")", flag, s);
		return EXIT_USAGE;
	}
	time_format_iso(ms, out, TIME_ISO_LEN);
	return 0;
}

static const char *status_color(const char *s)
{
	if (!s)
		return NULL;
	if (!strcmp(s, "completed"))
		return C_GREEN;
	if (!strcmp(s, "in_progress"))
		return C_YELLOW;
	if (!strcmp(s, "cancelled") || !strcmp(s, "no_show"))
		return C_DIM;
	return C_CYAN;
}

static void money(const cJSON *v, char *out, size_t n)
{
	if (cJSON_IsNumber(v))
		snprintf(out, n, "%.2f", v->valuedouble);
	else
		out[0] = '\0';
}

static void person(const cJSON *p, char *out, size_t n)
{
	if (cJSON_IsObject(p))
		snprintf(out, n, "%s %s", json_str(p, "firstName") ? json_str(p, "firstName") : "",
			 json_str(p, "lastName") ? json_str(p, "lastName") : "");
	else
		out[0] = '\0';
}

static const char *const list_headers[] = { "ID", "CUSTOMER", "APPOINTMENT", "STATUS",
					    "OUTCOME", "AMOUNT", "REP" };

static void add_rows(struct table *t, const cJSON *calls)
{
	const cJSON *c;

	cJSON_ArrayForEach(c, calls) {
		char when[40], amount[32], rep[256];
		const char *cells[7];
		int row;

		fmt_local_time(json_str(c, "appointmentDate"), when, sizeof when);
		money(json_get(c, "saleAmount"), amount, sizeof amount);
		person(json_get(c, "salesRepresentative"), rep, sizeof rep);
		cells[0] = json_str(c, "id");
		cells[1] = json_str(c, "customerName");
		cells[2] = when;
		cells[3] = json_str(c, "status");
		cells[4] = json_str(c, "outcome");
		cells[5] = amount;
		cells[6] = rep;
		row = table_add(t, cells);
		table_color(t, row, 3, status_color(json_str(c, "status")));
	}
}

static int list(struct cli *cli, int argc, char **argv)
{
	static const int allowed[] = { O_STATUS, O_OUTCOME, O_REP, O_FROM, O_TO, O_PAGE,
				       O_LIMIT, O_ALL, 0 };
	struct call_opts o;
	struct buf q = BUF_INIT;
	struct table t;
	cJSON *all = cJSON_CreateArray();
	long page, pages = 1, total = 0;
	int rc;

	if ((rc = parse(cli, argc, argv, allowed, 0, &o)))
		goto out_early;
	page = o.page ? o.page : 1;
	if (!o.limit)
		o.limit = o.all ? 100 : 20;
	for (;;) {
		struct api_resp r;
		const cJSON *pg, *it;
		char *e;

		buf_reset(&q);
		buf_addf(&q, "/api/v1/sales-calls?page=%ld&limit=%ld", page, o.limit);
		const char *keys[] = { "status", "outcome", "salesRepresentativeId" };
		const char *vals[] = { o.status, o.outcome, o.rep };
		for (int k = 0; k < 3; k++) {
			if (!vals[k])
				continue;
			e = url_escape(vals[k]);
			buf_addf(&q, "&%s=%s", keys[k], e);
			free(e);
		}
		const char *dkeys[] = { "startDate", "endDate" };
		const char *dvals[] = { o.from, o.to };
		for (int k = 0; k < 2; k++) {
			char iso[TIME_ISO_LEN];
			if (!dvals[k])
				continue;
			if ((rc = iso_when(cli, k ? "--to" : "--from", dvals[k], iso)))
				goto out;
			buf_addf(&q, "&%s=%s", dkeys[k], iso);
		}
		rc = api_get(cli, q.s, &r);
		if (rc) {
			api_resp_free(&r);
			goto out;
		}
		cJSON_ArrayForEach(it, json_get(r.data, "salesCalls"))
			cJSON_AddItemToArray(all, cJSON_Duplicate(it, 1));
		pg = json_get(r.data, "pagination");
		pages = (long)cJSON_GetNumberValue(json_get(pg, "pages"));
		total = (long)cJSON_GetNumberValue(json_get(pg, "total"));
		api_resp_free(&r);
		if (!o.all || page >= pages)
			break;
		page++;
	}
	if (cli->json) {
		output_json(all);
	} else {
		table_init(&t, 7, list_headers);
		add_rows(&t, all);
		table_print(cli, &t, stdout);
		table_free(&t);
		if (!cli->csv) {
			int n = cJSON_GetArraySize(all);
			if (!n)
				fprintf(stderr, "No sales calls%s.\n",
					o.status || o.outcome || o.rep || o.from || o.to ? " match" : "");
			else if (!o.all && page < pages)
				fprintf(stderr, "Page %ld of %ld (%ld calls); --page %ld for more, --all for every page.\n",
					page, pages, total, page + 1);
		}
	}
	rc = EXIT_OK;
out:
	buf_free(&q);
out_early:
	cJSON_Delete(all);
	cJSON_Delete(o.tags);
	return rc < 0 ? EXIT_OK : rc;
}

static void show_call(struct cli *cli, const cJSON *c)
{
	char when[40], a[40], b[40], amount[32], rep[256], mgr[256];
	const cJSON *tags = json_get(c, "tags"), *tg;
	const char *st = json_str(c, "status");
	char painted[96];

	fmt_local_time(json_str(c, "appointmentDate"), when, sizeof when);
	fmt_local_time(json_str(c, "callStartTime"), a, sizeof a);
	fmt_local_time(json_str(c, "callEndTime"), b, sizeof b);
	money(json_get(c, "saleAmount"), amount, sizeof amount);
	person(json_get(c, "salesRepresentative"), rep, sizeof rep);
	person(json_get(c, "manager"), mgr, sizeof mgr);
	printf("Call %s\n", json_str(c, "id"));
	printf("  Customer:     %s", json_str(c, "customerName") ? json_str(c, "customerName") : "");
	if (json_str(c, "customerEmail"))
		printf(" <%s>", json_str(c, "customerEmail"));
	if (json_str(c, "customerPhone"))
		printf(" %s", json_str(c, "customerPhone"));
	printf("\n  Appointment:  %s\n", when);
	printf("  Status:       %s", paint(cli->color, status_color(st), st ? st : "?", painted,
					  sizeof painted));
	if (json_str(c, "outcome"))
		printf(" (%s%s%s)", json_str(c, "outcome"), *amount ? ", " : "", amount);
	printf("\n");
	if (*a)
		printf("  Started:      %s\n", a);
	if (*b)
		printf("  Ended:        %s\n", b);
	if (cJSON_IsNumber(json_get(c, "duration"))) {
		int d = (int)json_get(c, "duration")->valuedouble;
		printf("  Duration:     %d:%02d:%02d\n", d / 3600, d / 60 % 60, d % 60);
	}
	printf("  Rep:          %s\n", *rep ? rep : "-");
	if (*mgr)
		printf("  Manager:      %s\n", mgr);
	if (cJSON_IsNumber(json_get(c, "performanceScore")))
		printf("  Score:        %.0f%%\n", json_get(c, "performanceScore")->valuedouble * 100);
	if (cJSON_GetArraySize(tags) > 0) {
		printf("  Tags:        ");
		cJSON_ArrayForEach(tg, tags)
			printf(" %s", cJSON_GetStringValue(tg));
		printf("\n");
	}
	if (json_str(c, "notes"))
		printf("  Notes:        %s\n", json_str(c, "notes"));
}

/* Print the call a write returned, or a one-line confirmation. */
static void print_result(struct cli *cli, const cJSON *data, const char *verb)
{
	if (cli->json) {
		output_json(data);
		return;
	}
	show_call(cli, data);
	fprintf(stderr, "%s.\n", verb);
}

static int id_path(struct cli *cli, const char *id, const char *suffix, struct buf *path)
{
	char *e;

	if (!*id || strlen(id) > 64) {
		cli_error(cli, "'%s' is not a call ID", id);
		return EXIT_USAGE;
	}
	e = url_escape(id);
	buf_addf(path, "/api/v1/sales-calls/%s%s", e, suffix);
	free(e);
	return 0;
}

static int show(struct cli *cli, int argc, char **argv)
{
	static const int allowed[] = { 0 };
	struct call_opts o;
	struct buf path = BUF_INIT;
	struct api_resp r = { 0 };
	int rc;

	if ((rc = parse(cli, argc, argv, allowed, 1, &o)) || (rc = id_path(cli, o.id, "", &path)))
		goto out;
	rc = api_get(cli, path.s, &r);
	if (rc == EXIT_OK) {
		if (cli->json)
			output_json(r.data);
		else
			show_call(cli, r.data);
	}
out:
	api_resp_free(&r);
	buf_free(&path);
	cJSON_Delete(o.tags);
	return rc < 0 ? EXIT_OK : rc;
}

/* Build the JSON body of create/update from the options. */
static int call_body(struct cli *cli, struct call_opts *o, cJSON *body)
{
	char iso[TIME_ISO_LEN];
	int rc;

	if (o->customer)
		cJSON_AddStringToObject(body, "customerName", o->customer);
	if (o->date) {
		if ((rc = iso_when(cli, "--date", o->date, iso)))
			return rc;
		cJSON_AddStringToObject(body, "appointmentDate", iso);
	}
	/* Empty strings clear optional fields. */
	if (o->phone)
		json_add_str_or_null(body, "customerPhone", *o->phone ? o->phone : NULL);
	if (o->email)
		json_add_str_or_null(body, "customerEmail", *o->email ? o->email : NULL);
	if (o->rep)
		cJSON_AddStringToObject(body, "salesRepresentativeId", o->rep);
	if (o->manager)
		json_add_str_or_null(body, "managerId", *o->manager ? o->manager : NULL);
	if (o->notes)
		json_add_str_or_null(body, "notes", *o->notes ? o->notes : NULL);
	if (o->tags) {
		cJSON_AddItemToObject(body, "tags", o->tags);
		o->tags = NULL;
	}
	if (o->status)
		cJSON_AddStringToObject(body, "status", o->status);
	if (o->outcome)
		cJSON_AddStringToObject(body, "outcome", o->outcome);
	if (o->amount) {
		char *end;
		double v = strtod(o->amount, &end);
		if (end == o->amount || *end || !isfinite(v) || v < 0) {
			cli_error(cli, "--amount must be a non-negative number");
			return EXIT_USAGE;
		}
		cJSON_AddNumberToObject(body, "saleAmount", v);
	}
	return 0;
}

/* create, update and complete share this: options, body, request. */
static int write_call(struct cli *cli, int argc, char **argv, const int *allowed, int want_id,
		      const char *method, const char *suffix, const char *verb)
{
	struct call_opts o;
	struct buf path = BUF_INIT;
	struct api_resp r = { 0 };
	cJSON *body = cJSON_CreateObject();
	int rc;

	if ((rc = parse(cli, argc, argv, allowed, want_id, &o)))
		goto out;
	if (!want_id && (!o.customer || !o.date)) {
		cli_error(cli, "`calls create` needs --customer and --date");
		rc = EXIT_USAGE;
		goto out;
	}
	if (!strcmp(suffix, "/complete") && !o.outcome) {
		cli_error(cli, "`calls complete` needs --outcome (sale, no_sale, follow_up or rescheduled)");
		rc = EXIT_USAGE;
		goto out;
	}
	if ((rc = call_body(cli, &o, body)))
		goto out;
	if (want_id) {
		if ((rc = id_path(cli, o.id, suffix, &path)))
			goto out;
	} else {
		buf_addstr(&path, "/api/v1/sales-calls");
	}
	rc = api_call(cli, method, path.s, body, API_AUTH, &r);
	if (rc == EXIT_OK)
		print_result(cli, r.data, verb);
out:
	cJSON_Delete(body);
	cJSON_Delete(o.tags);
	api_resp_free(&r);
	buf_free(&path);
	return rc < 0 ? EXIT_OK : rc;
}

static int create(struct cli *cli, int argc, char **argv)
{
	static const int allowed[] = { O_CUSTOMER, O_DATE, O_PHONE, O_EMAIL, O_REP, O_MANAGER,
				       O_NOTES, O_TAG, 0 };
	return write_call(cli, argc, argv, allowed, 0, "POST", "", "Created");
}

static int update(struct cli *cli, int argc, char **argv)
{
	static const int allowed[] = { O_CUSTOMER, O_DATE, O_PHONE, O_EMAIL, O_REP, O_MANAGER,
				       O_NOTES, O_TAG, O_STATUS, O_OUTCOME, O_AMOUNT, 0 };
	return write_call(cli, argc, argv, allowed, 1, "PUT", "", "Updated");
}

static int start(struct cli *cli, int argc, char **argv)
{
	static const int allowed[] = { 0 };
	return write_call(cli, argc, argv, allowed, 1, "POST", "/start", "Started");
}

static int complete(struct cli *cli, int argc, char **argv)
{
	static const int allowed[] = { O_OUTCOME, O_AMOUNT, O_NOTES, 0 };
	return write_call(cli, argc, argv, allowed, 1, "POST", "/complete", "Completed");
}

static int del(struct cli *cli, int argc, char **argv)
{
	static const int allowed[] = { O_YES, 0 };
	struct call_opts o;
	struct buf path = BUF_INIT;
	struct api_resp r = { 0 };
	int rc;

	if ((rc = parse(cli, argc, argv, allowed, 1, &o)) || (rc = id_path(cli, o.id, "", &path)))
		goto out;
	if (!o.yes) {
		struct buf q = BUF_INIT;
		int yes;
		if (!cli->interactive) {
			cli_error(cli, "deleting needs confirmation: pass --yes");
			rc = EXIT_USAGE;
			goto out;
		}
		buf_addf(&q, "Delete sales call %s for good?", o.id);
		yes = confirm(cli, q.s);
		buf_free(&q);
		if (!yes) {
			fprintf(stderr, "Not deleted.\n");
			rc = EXIT_FAIL;
			goto out;
		}
	}
	rc = api_call(cli, "DELETE", path.s, NULL, API_AUTH, &r);
	if (rc == EXIT_OK) {
		if (cli->json)
			output_json(r.json);
		else
			fprintf(stderr, "Deleted sales call %s.\n", o.id);
	}
out:
	api_resp_free(&r);
	buf_free(&path);
	cJSON_Delete(o.tags);
	return rc < 0 ? EXIT_OK : rc;
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(struct cli *, int, char **);
	} subs[] = {
		{ "list", list }, { "ls", list }, { "show", show }, { "create", create },
		{ "update", update }, { "start", start }, { "complete", complete },
		{ "delete", del }, { "rm", del },
	};
	size_t i;

	if (argc < 2)
		return cli_usage(&cmd_calls, 1);
	for (i = 0; i < sizeof subs / sizeof subs[0]; i++)
		if (!strcmp(argv[1], subs[i].name))
			return subs[i].fn(cli, argc - 1, argv + 1);
	cli_error(cli, "unknown subcommand 'calls %s'", argv[1]);
	return cli_usage(&cmd_calls, 1);
}

const struct command cmd_calls = { "calls", "list, create and manage sales calls", usage, run };
