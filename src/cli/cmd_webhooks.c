/*
 * cmd_webhooks.c - salesan webhooks: the organization's outbound webhook
 * subscriptions and their delivery logs (admins).
 */
#include "cli.h"
#include "client.h"
#include "cmdkit.h"
#include "output.h"
#include "prompt.h"
#include "common/buf.h"
#include "common/ids.h"
#include "common/json.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
	"usage: salesan webhooks list\n"
	"       salesan webhooks create EVENT URL [--secret-file FILE]\n"
	"       salesan webhooks show ID\n"
	"       salesan webhooks deliveries ID [--limit N]\n"
	"       salesan webhooks rm ID [--yes]\n"
	"\n"
	"Examples:\n"
	"  salesan webhooks create sales_call.analyzed https://crm.example.com/hooks/salesan\n"
	"  salesan webhooks create performance.alert https://hooks.slack.example/T0/B0 --secret-file s.txt\n"
	"  salesan webhooks list\n"
	"  salesan webhooks deliveries 5d1e... --json | jq '.[] | select(.status != \"delivered\")'\n"
	"\n"
	"salesand POSTs each event to the URL, signed with the subscription's\n"
	"secret (X-Salesan-Signature: t=<unix>,v1=<hex HMAC-SHA256 of \"t.body\">),\n"
	"retrying with backoff for a day; a receiver failing again and again is\n"
	"disabled and you are notified.  Events: sales_call.created,\n"
	"sales_call.completed, sales_call.analyzed, performance.alert,\n"
	"live_session.started, live_session.ended, notification.created.\n"
	"Without --secret-file a secret is generated and printed once: store it\n"
	"where the receiver can check signatures.  Targets must be public http(s)\n"
	"URLs.\n";

static const char *const events[] = {
	"sales_call.created", "sales_call.completed", "sales_call.analyzed", "performance.alert",
	"live_session.started", "live_session.ended", "notification.created", NULL,
};

static const struct col list_cols[] = {
	{ "ID", "id", COL_STR }, { "EVENT", "event", COL_STR }, { "URL", "targetUrl", COL_STR },
	{ "STATUS", "status", COL_STR }, { "FAILURES", "consecutiveFailures", COL_INT },
	{ "SOURCE", "source", COL_STR }, { "CREATED", "createdAt", COL_TIME }, { NULL, NULL, 0 },
};

static const struct col hook_cols[] = {
	{ "ID", "id", COL_STR }, { "Event", "event", COL_STR }, { "URL", "targetUrl", COL_STR },
	{ "Status", "status", COL_STR }, { "Disabled because", "disabledReason", COL_STR },
	{ "Failures in a row", "consecutiveFailures", COL_INT }, { "Source", "source", COL_STR },
	{ "Created", "createdAt", COL_TIME }, { NULL, NULL, 0 },
};

/* One ID argument; the subscription's path into path. */
static int hook_arg(struct cli *cli, int argc, char **argv, const struct flag *flags,
		    struct buf *path, int *rc)
{
	const char *pos[1];

	if (!flags_parse(cli, &cmd_webhooks, argc, argv, flags, 1, 1, "a webhook ID", pos, NULL, rc))
		return 0;
	if (!uuid_valid(pos[0])) {
		cli_error(cli, "'%s' is not a webhook id (see `salesan webhooks list`)", pos[0]);
		*rc = EXIT_USAGE;
		return 0;
	}
	buf_addf(path, "/api/v1/webhooks/%s", pos[0]);
	return 1;
}

static int list(struct cli *cli, int argc, char **argv)
{
	const struct flag flags[] = { { NULL, 0, 0, NULL } };
	int rc;

	if (!flags_parse(cli, &cmd_webhooks, argc, argv, flags, 0, 0, NULL, NULL, NULL, &rc))
		return rc;
	return api_show_list(cli, "/api/v1/webhooks", NULL, list_cols,
			     "No webhooks; add one with `salesan webhooks create EVENT URL`.");
}

static int create(struct cli *cli, int argc, char **argv)
{
	const char *secret_file = NULL, *pos[2];
	const struct flag flags[] = { { "secret-file", 0, FLAG_STR, &secret_file },
				      { NULL, 0, 0, NULL } };
	struct api_resp r;
	cJSON *body;
	char *secret = NULL;
	int rc;

	if (!flags_parse(cli, &cmd_webhooks, argc, argv, flags, 2, 2, "an EVENT and a URL", pos,
			 NULL, &rc))
		return rc;
	if (flag_enum(cli, "event", pos[0], events))
		return EXIT_USAGE;
	if (secret_file && !(secret = read_secret_file(cli, secret_file)))
		return EXIT_USAGE;
	body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "event", pos[0]);
	cJSON_AddStringToObject(body, "targetUrl", pos[1]);
	if (secret)
		cJSON_AddStringToObject(body, "secret", secret);
	secret_free(secret);
	rc = api_call(cli, "POST", "/api/v1/webhooks", body, API_AUTH, &r);
	cJSON_Delete(body);
	if (rc == EXIT_OK) {
		if (cli->json) {
			output_json(r.data);
		} else {
			print_record(cli, r.data, hook_cols);
			if (json_str(r.data, "secret"))
				printf("Secret:           %s\n", json_str(r.data, "secret"));
		}
		if (json_str(r.data, "secret") && !cli->json && isatty(1))
			fprintf(stderr, "Store the secret now: it is not shown again.\n");
	}
	api_resp_free(&r);
	return rc;
}

static int show(struct cli *cli, int argc, char **argv)
{
	const struct flag flags[] = { { NULL, 0, 0, NULL } };
	struct buf path = BUF_INIT;
	int rc;

	if (hook_arg(cli, argc, argv, flags, &path, &rc))
		rc = api_show_one(cli, path.s, NULL, hook_cols);
	buf_free(&path);
	return rc;
}

static int deliveries(struct cli *cli, int argc, char **argv)
{
	static const struct col cols[] = {
		{ "ID", "id", COL_STR }, { "EVENT", "event", COL_STR },
		{ "STATUS", "status", COL_STR }, { "ATTEMPTS", "attempts", COL_INT },
		{ "HTTP", "lastResponseStatus", COL_INT }, { "ERROR", "lastError", COL_STR },
		{ "CREATED", "createdAt", COL_TIME }, { "NEXT TRY", "nextAttemptAt", COL_TIME },
		{ NULL, NULL, 0 },
	};
	const char *limit = NULL;
	const struct flag flags[] = { { "limit", 0, FLAG_STR, &limit }, { NULL, 0, 0, NULL } };
	struct buf path = BUF_INIT;
	long n;
	int rc;

	if (hook_arg(cli, argc, argv, flags, &path, &rc)) {
		buf_addstr(&path, "/deliveries");
		if (limit && flag_long(cli, "limit", limit, 1, 500, &n))
			rc = EXIT_USAGE;
		else {
			query_add(&path, "limit", limit);
			rc = api_show_list(cli, path.s, NULL, cols, "No deliveries yet.");
		}
	}
	buf_free(&path);
	return rc;
}

static int rm(struct cli *cli, int argc, char **argv)
{
	int yes = 0, rc;
	const struct flag flags[] = { { "yes", 'y', FLAG_BOOL, &yes }, { NULL, 0, 0, NULL } };
	struct buf path = BUF_INIT;

	if (hook_arg(cli, argc, argv, flags, &path, &rc) &&
	    confirm_or_yes(cli, yes, "Delete this webhook? Its pending deliveries are dropped.", &rc))
		rc = api_write_show(cli, "DELETE", path.s, NULL, NULL, NULL, "Webhook deleted.");
	buf_free(&path);
	return rc;
}

static const struct subcmd subs[] = {
	{ "list", list }, { "create", create }, { "show", show }, { "deliveries", deliveries },
	{ "rm", rm }, { NULL, NULL },
};

static int run(struct cli *cli, int argc, char **argv)
{
	return subcmd_run(cli, &cmd_webhooks, subs, "list", argc, argv);
}

const struct command cmd_webhooks = {
	"webhooks", "outbound webhooks: subscribe URLs to events, see deliveries", usage, run,
};
