/*
 * cmd_whoami.c - salesan whoami: the logged-in user, from the server.
 */
#include "cli.h"
#include "client.h"
#include "output.h"
#include "common/json.h"

#include <stdio.h>

static const char usage[] =
	"usage: salesan whoami [--json]\n"
	"\n"
	"Examples:\n"
	"  salesan whoami\n"
	"  salesan whoami --json | jq -r .role\n"
	"\n"
	"Show who the stored (or SALESAN_TOKEN) credentials belong to, as the\n"
	"server sees them: name, email, role and organization.\n";

static int run(struct cli *cli, int argc, char **argv)
{
	struct api_resp r;
	const cJSON *u, *org;
	int rc;

	if (argc > 1)
		return cli_usage(&cmd_whoami, 1);
	rc = api_get(cli, "/api/v1/auth/me", &r);
	if (rc == EXIT_OK) {
		u = json_get(r.data, "user");
		org = json_get(u, "organization");
		if (cli->json) {
			output_json(u);
		} else {
			printf("%s %s <%s>\n", json_str(u, "firstName"), json_str(u, "lastName"),
			       json_str(u, "email"));
			printf("role:         %s\n", json_str(u, "role"));
			if (cJSON_IsObject(org))
				printf("organization: %s (%s)\n", json_str(org, "name"), json_str(org, "id"));
			printf("user id:      %s\n", json_str(u, "id"));
			printf("server:       %s\n", cli->server);
		}
	}
	api_resp_free(&r);
	return rc;
}

const struct command cmd_whoami = { "whoami", "show the logged-in user", usage, run };
