/*
 * cmd_api_keys.c - salesan api-keys: the organization's API keys for
 * Zapier, webhooks and export clients (admins).  A new key is printed
 * once, on stdout alone, so it can be piped into a secret store.
 */
#include "cli.h"
#include "client.h"
#include "cmdkit.h"
#include "output.h"
#include "common/buf.h"
#include "common/ids.h"
#include "common/json.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
	"usage: salesan api-keys list\n"
	"       salesan api-keys create NAME [--scope S]... [--org ID]\n"
	"       salesan api-keys revoke ID [--yes]\n"
	"\n"
	"Examples:\n"
	"  salesan api-keys create \"Zapier\" --scope zapier\n"
	"  salesan api-keys create \"Nightly export\" --scope export > export.key\n"
	"  salesan api-keys list\n"
	"  salesan api-keys revoke 1f0e... --yes\n"
	"\n"
	"Scopes: zapier, webhooks, export (default: zapier).  The key itself is\n"
	"shown only when it is created: on a terminal with a reminder, otherwise\n"
	"alone on stdout.  The server keeps only its hash.\n";

static const struct col list_cols[] = {
	{ "ID", "id", COL_STR }, { "NAME", "name", COL_STR }, { "PREFIX", "prefix", COL_STR },
	{ "SCOPES", "scopes", COL_STR }, { "LAST USED", "lastUsedAt", COL_TIME },
	{ "CREATED", "createdAt", COL_TIME }, { NULL, NULL, 0 },
};

static int list(struct cli *cli, int argc, char **argv)
{
	const struct flag flags[] = { { NULL, 0, 0, NULL } };
	int rc;

	if (!flags_parse(cli, &cmd_api_keys, argc, argv, flags, 0, 0, NULL, NULL, NULL, &rc))
		return rc;
	return api_show_list(cli, "/api/v1/api-keys", NULL, list_cols,
			     "No API keys; create one with `salesan api-keys create NAME`.");
}

static int create(struct cli *cli, int argc, char **argv)
{
	static const char *const scopes[] = { "zapier", "webhooks", "export", NULL };
	cJSON *scope = NULL, *body;
	const char *org = NULL, *pos[1];
	const struct flag flags[] = {
		{ "scope", 0, FLAG_LIST, &scope }, { "org", 0, FLAG_STR, &org }, { NULL, 0, 0, NULL },
	};
	const cJSON *s;
	struct api_resp r;
	int rc;

	if (!flags_parse(cli, &cmd_api_keys, argc, argv, flags, 1, 1, "a NAME", pos, NULL, &rc))
		goto out;
	rc = EXIT_USAGE;
	cJSON_ArrayForEach(s, scope)
		if (flag_enum(cli, "scope", s->valuestring, scopes))
			goto out;
	if (org && !uuid_valid(org)) {
		cli_error(cli, "--org must be an organization id");
		goto out;
	}
	body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "name", pos[0]);
	if (org)
		cJSON_AddStringToObject(body, "organizationId", org);
	if (!scope) {
		scope = cJSON_CreateArray();
		cJSON_AddItemToArray(scope, cJSON_CreateString("zapier"));
	}
	cJSON_AddItemToObject(body, "scopes", scope);
	scope = NULL;
	rc = api_call(cli, "POST", "/api/v1/api-keys", body, API_AUTH, &r);
	cJSON_Delete(body);
	if (rc == EXIT_OK) {
		if (cli->json)
			output_json(r.data);
		else
			printf("%s\n", json_str(r.data, "key") ? json_str(r.data, "key") : "");
		if (isatty(1) && !cli->json)
			fprintf(stderr, "Store this key now: it is not shown again.\n");
	}
	api_resp_free(&r);
out:
	cJSON_Delete(scope);
	return rc;
}

static int revoke_key(struct cli *cli, int argc, char **argv)
{
	int yes = 0, rc;
	const struct flag flags[] = { { "yes", 'y', FLAG_BOOL, &yes }, { NULL, 0, 0, NULL } };
	const char *pos[1];
	struct buf path = BUF_INIT;

	if (!flags_parse(cli, &cmd_api_keys, argc, argv, flags, 1, 1, "a key ID", pos, NULL, &rc))
		return rc;
	if (!uuid_valid(pos[0])) {
		cli_error(cli, "'%s' is not an API key id (see `salesan api-keys list`)", pos[0]);
		return EXIT_USAGE;
	}
	buf_addf(&path, "/api/v1/api-keys/%s", pos[0]);
	if (confirm_or_yes(cli, yes, "Revoke this key? Clients using it stop working.", &rc))
		rc = api_write_show(cli, "DELETE", path.s, NULL, NULL, NULL, "Key revoked.");
	buf_free(&path);
	return rc;
}

static const struct subcmd subs[] = {
	{ "list", list }, { "create", create }, { "revoke", revoke_key }, { NULL, NULL },
};

static int run(struct cli *cli, int argc, char **argv)
{
	return subcmd_run(cli, &cmd_api_keys, subs, "list", argc, argv);
}

const struct command cmd_api_keys = {
	"api-keys", "API keys for Zapier, webhooks and export clients", usage, run,
};
