/*
 * cmd_login.c - salesan login: exchange email and password for tokens.
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
	"usage: salesan login [--email EMAIL] [--password-file FILE|-]\n"
	"\n"
	"Examples:\n"
	"  salesan login\n"
	"  salesan login --email mia@acme.example --password-file pw.txt\n"
	"  salesan --profile work login --email mia@work.example\n"
	"\n"
	"Log in to salesand and keep the tokens in $XDG_CONFIG_HOME/salesan/credentials\n"
	"(mode 0600).  On a terminal, missing values are prompted for (the password\n"
	"without echo).  For scripts, pass --password-file (\"-\" reads one line from\n"
	"standard input); without a terminal the password is read from standard input.\n"
	"Passwords are never accepted on the command line.\n"
	"\n"
	"  -e, --email EMAIL         the account's email\n"
	"  -p, --password-file FILE  read the password from FILE (- for stdin)\n";

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "email", required_argument, NULL, 'e' },
		{ "password-file", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *pwfile = NULL;
	char *email = NULL, *pw = NULL, *who;
	struct api_resp r;
	cJSON *body;
	int c, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "e:p:h", opts, NULL)) != -1) {
		switch (c) {
		case 'e': free(email); email = strdup(optarg); break;
		case 'p': pwfile = optarg; break;
		case 'h': free(email); return cli_usage(&cmd_login, 0);
		default: free(email); return cli_usage(&cmd_login, 1);
		}
	}
	if (optind < argc) {
		cli_error(cli, "unexpected argument '%s'", argv[optind]);
		free(email);
		return EXIT_USAGE;
	}
	if (!email)
		email = prompt_line(cli, "Email: ");
	if (!email || !*email) {
		cli_error(cli, "an email is needed: pass --email");
		free(email);
		return EXIT_USAGE;
	}
	if (pwfile)
		pw = read_secret_file(cli, pwfile);
	else if (cli->interactive)
		pw = prompt_secret(cli, "Password: ");
	else
		pw = read_secret_file(cli, "-");
	if (!pw) {
		free(email);
		return EXIT_USAGE;
	}
	body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "email", email);
	cJSON_AddStringToObject(body, "password", pw);
	secret_free(pw);
	rc = api_call(cli, "POST", "/api/v1/auth/login", body, API_NOAUTH, &r);
	cJSON_Delete(body);
	if (rc == EXIT_OK)
		rc = session_save(cli, r.data);
	if (rc == EXIT_OK) {
		if (cli->json) {
			output_json(json_get(r.data, "user"));
		} else {
			who = session_describe_user(json_get(r.data, "user"));
			fprintf(stderr, "Logged in to %s as %s\n", cli->server, who);
			free(who);
		}
	}
	api_resp_free(&r);
	free(email);
	return rc;
}

const struct command cmd_login = { "login", "log in and keep the tokens", usage, run };
