/*
 * cmd_setup.c - salesan setup: create the first super admin of an empty
 * server, with its organization, and log in as them.
 */
#include "cli.h"
#include "client.h"
#include "output.h"
#include "prompt.h"
#include "session.h"
#include "common/json.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: salesan setup --email EMAIL --first-name NAME --last-name NAME\n"
	"                     --organization NAME [--password-file FILE|-]\n"
	"\n"
	"Examples:\n"
	"  salesan setup\n"
	"  salesan setup --email ada@acme.example --first-name Ada --last-name Lovelace \\\n"
	"        --organization \"Acme\" --password-file pw.txt\n"
	"\n"
	"Create the first super admin and their organization on a server that has\n"
	"no users yet, then log in as them.  Missing values are prompted for on a\n"
	"terminal; the password is read like `salesan login` reads it.\n";

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "email", required_argument, NULL, 'e' },
		{ "first-name", required_argument, NULL, 'f' },
		{ "last-name", required_argument, NULL, 'l' },
		{ "organization", required_argument, NULL, 'o' },
		{ "password-file", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const prompts[] = { "Email: ", "First name: ", "Last name: ",
					       "Organization name: " };
	static const char *const keys[] = { "email", "firstName", "lastName", "organizationName" };
	static const char *const flags[] = { "--email", "--first-name", "--last-name", "--organization" };
	char *val[4] = { NULL, NULL, NULL, NULL }, *pw = NULL, *who;
	const char *pwfile = NULL;
	struct api_resp r = { 0 };
	cJSON *body;
	int c, i, rc = EXIT_USAGE;

	optind = 0;
	while ((c = getopt_long(argc, argv, "e:f:l:o:p:h", opts, NULL)) != -1) {
		int k = c == 'e' ? 0 : c == 'f' ? 1 : c == 'l' ? 2 : c == 'o' ? 3 : -1;
		if (k >= 0) {
			free(val[k]);
			val[k] = strdup(optarg);
		} else if (c == 'p') {
			pwfile = optarg;
		} else {
			rc = cli_usage(&cmd_setup, c != 'h');
			goto out;
		}
	}
	for (i = 0; i < 4; i++) {
		if (!val[i])
			val[i] = prompt_line(cli, prompts[i]);
		if (!val[i] || !*val[i]) {
			cli_error(cli, "%s is required", flags[i]);
			goto out;
		}
	}
	if (pwfile) {
		pw = read_secret_file(cli, pwfile);
	} else if (cli->interactive) {
		char *again;
		pw = prompt_secret(cli, "Password (8 or more characters): ");
		again = prompt_secret(cli, "Password again: ");
		if (pw && (!again || strcmp(pw, again))) {
			cli_error(cli, "the passwords differ");
			secret_free(again);
			goto out;
		}
		secret_free(again);
	} else {
		pw = read_secret_file(cli, "-");
	}
	if (!pw)
		goto out;
	body = cJSON_CreateObject();
	for (i = 0; i < 4; i++)
		cJSON_AddStringToObject(body, keys[i], val[i]);
	cJSON_AddStringToObject(body, "password", pw);
	rc = api_call(cli, "POST", "/api/v1/auth/setup-first-admin", body, API_NOAUTH, &r);
	cJSON_Delete(body);
	if (rc == EXIT_OK)
		rc = session_save(cli, r.data);
	if (rc == EXIT_OK) {
		if (cli->json) {
			output_json(r.data ? json_get(r.data, "user") : NULL);
		} else {
			who = session_describe_user(json_get(r.data, "user"));
			fprintf(stderr, "Created organization \"%s\" and its super admin %s; logged in to %s\n",
				json_str(json_get(r.data, "organization"), "name"), who, cli->server);
			free(who);
		}
	}
out:
	api_resp_free(&r);
	secret_free(pw);
	for (i = 0; i < 4; i++)
		free(val[i]);
	return rc;
}

const struct command cmd_setup = { "setup", "create the first admin of a new server", usage, run };
