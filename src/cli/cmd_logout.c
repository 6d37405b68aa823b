/*
 * cmd_logout.c - salesan logout: revoke the refresh token and forget it.
 */
#include "cli.h"
#include "cache.h"
#include "client.h"
#include "session.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char usage[] =
	"usage: salesan logout [--all]\n"
	"\n"
	"Examples:\n"
	"  salesan logout\n"
	"  salesan logout --all            # every session of this account\n"
	"\n"
	"Revoke this login's refresh token on the server and remove the stored\n"
	"tokens.  With --all, every login of the account (on every device) ends.\n"
	"The local tokens are removed even when the server cannot be reached.\n";

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *rt = conf_get(&cli->creds, "refresh_token");
	struct api_resp r;
	int c, all = 0, rc = EXIT_OK;
	cJSON *body;

	optind = 0;
	while ((c = getopt_long(argc, argv, "ah", opts, NULL)) != -1) {
		if (c == 'a')
			all = 1;
		else
			return cli_usage(&cmd_logout, c != 'h');
	}
	if (!rt && !all && !conf_get(&cli->creds, "access_token")) {
		fprintf(stderr, "Not logged in to %s\n", cli->server);
		return EXIT_OK;
	}
	body = cJSON_CreateObject();
	if (all)
		cJSON_AddTrueToObject(body, "all");
	else
		cJSON_AddStringToObject(body, "refreshToken", rt ? rt : "");
	rc = api_call(cli, "POST", "/api/v1/auth/logout", body, all ? API_AUTH : API_NOAUTH, &r);
	cJSON_Delete(body);
	api_resp_free(&r);
	if (session_clear(cli) != EXIT_OK)
		return EXIT_FAIL;
	cache_clear(cli, 0); /* what this login could read stays with it */
	if (rc == EXIT_OK)
		fprintf(stderr, "Logged out of %s%s\n", cli->server, all ? " (all sessions)" : "");
	else
		fprintf(stderr, "Removed the local tokens; the server was not told (see above)\n");
	return rc;
}

const struct command cmd_logout = { "logout", "end the login and forget its tokens", usage, run };
