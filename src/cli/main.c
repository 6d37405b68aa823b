/*
 * salesan - the command line tool.
 *
 *   salesan [global options] <command> [<subcommand>] [options]
 *
 * Global options may appear anywhere before "--".  Settings come from
 * flags, then the environment (SALESAN_SERVER, SALESAN_TOKEN, NO_COLOR),
 * then $XDG_CONFIG_HOME/salesan/config.  See salesan(1).
 */
#include "cli.h"
#include "cache.h"
#include "client.h"
#include "manpage.h"
#include "common/buf.h"
#include "common/fsutil.h"
#include "common/ids.h"
#include "common/json.h"
#include "common/xmalloc.h"

#include <ctype.h>
#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const struct command *const commands[] = {
	&cmd_demo, &cmd_server, &cmd_setup, &cmd_login, &cmd_logout, &cmd_whoami, &cmd_calls,
	&cmd_analyze, &cmd_record, &cmd_monitor, &cmd_sync, &cmd_transcribe, &cmd_report,
	&cmd_users, &cmd_scripts, &cmd_orgs, &cmd_notifications, &cmd_api_keys, &cmd_webhooks, &cmd_export,
	&cmd_cache, &cmd_doctor, &cmd_config, &cmd_completion, &cmd_help, &cmd_version,
	&cmd_complete, NULL,
};

const struct command *command_find(const char *name)
{
	const struct command *const *c;

	for (c = commands; *c; c++)
		if (!strcmp((*c)->name, name))
			return *c;
	return NULL;
}

static void vmsg(struct cli *cli, const char *label, const char *color, const char *fmt,
		 va_list ap)
{
	struct buf b = BUF_INIT;

	if (cli && cli->color_err)
		buf_addf(&b, "salesan: \033[%sm%s\033[0m ", color, label);
	else
		buf_addf(&b, "salesan: %s ", label);
	buf_vaddf(&b, fmt, ap);
	buf_addch(&b, '\n');
	fputs(b.s, stderr);
	buf_free(&b);
}

void cli_error(struct cli *cli, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(cli, "error:", "1;31", fmt, ap);
	va_end(ap);
}

void cli_warn(struct cli *cli, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(cli, "warning:", "1;33", fmt, ap);
	va_end(ap);
}

int cli_usage(const struct command *cmd, int to_stderr)
{
	if (to_stderr) {
		fprintf(stderr, "Try 'salesan %s --help'.\n", cmd->name);
		return EXIT_USAGE;
	}
	fputs(cmd->usage, stdout);
	return EXIT_OK;
}

int cli_save_creds(struct cli *cli)
{
	if (mkdir_p(cli->config_dir, 0700) != 0 || conf_save(&cli->creds, cli->cred_path, 0600) != 0) {
		cli_error(cli, "cannot save credentials to %s: %s", cli->cred_path, strerror(errno));
		return -1;
	}
	return 0;
}

static const char main_usage[] =
	"usage: salesan [--server URL] [--profile NAME] [--json|--csv] [--offline] [--no-color]\n"
	"               [--no-input] <command> [args]\n"
	"\n"
	"The salesan sales toolset: calls, live monitoring, analysis and reports.\n"
	"\n"
	"Commands:\n";

static void print_main_usage(FILE *f)
{
	const struct command *const *c;

	fputs(main_usage, f);
	for (c = commands; *c; c++)
		if ((*c)->summary) /* hidden commands have none */
			fprintf(f, "  %-13s %s\n", (*c)->name, (*c)->summary);
	fputs("\nGlobal options:\n"
	      "  -s, --server URL   salesand to talk to [SALESAN_SERVER]\n"
	      "      --json         print results as JSON\n"
	      "      --csv          print tables as CSV\n"
	      "      --no-color     no colour (also NO_COLOR=1 or TERM=dumb)\n"
	      "      --color        colour even when not on a terminal\n"
	      "      --no-input     never prompt; fail instead\n"
	      "      --offline      answer reads from the local cache, never the server\n"
	      "      --profile NAME use the settings and login of profile NAME [SALESAN_PROFILE]\n"
	      "  -h, --help         help (also `salesan help COMMAND`)\n"
	      "  -V, --version      print the version\n"
	      "\nExit codes: 0 ok, 1 failure, 2 usage, 3 not found, 4 authentication needed,\n"
	      "5 server unreachable.  See salesan(1).\n",
	      f);
}

static int help_run(struct cli *cli, int argc, char **argv)
{
	const struct command *c;

	if (argc < 2) {
		print_main_usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--man")) {
		/* salesan help --man COMMAND: the manual page of COMMAND */
		struct buf b = BUF_INIT;
		if (argc < 3 || !(c = command_find(argv[2])) || !c->summary) {
			cli_error(cli, "help --man needs a command name");
			return EXIT_USAGE;
		}
		manpage_write(&b, c->name, c->summary, c->usage, SALESAN_VERSION, SALESAN_DATE);
		fputs(b.s, stdout);
		buf_free(&b);
		return EXIT_OK;
	}
	c = command_find(argv[1]);
	if (!c) {
		cli_error(cli, "no such command '%s'; see `salesan help`", argv[1]);
		return EXIT_USAGE;
	}
	return cli_usage(c, 0);
}

const struct command cmd_help = {
	"help", "show help for salesan or one command",
	"usage: salesan help [COMMAND]\n"
	"       salesan help --man COMMAND\n"
	"\n"
	"Examples:\n"
	"  salesan help report\n"
	"  salesan help --man users | man -l -\n"
	"\n"
	"Shows salesan's commands, or one command's help; --man prints the command's\n"
	"manual page (the same text as roff).\n", help_run,
};

static int version_run(struct cli *cli, int argc, char **argv)
{
	printf("salesan %s\n", SALESAN_VERSION);
	return EXIT_OK;
}

const struct command cmd_version = {
	"version", "print the version",
	"usage: salesan version\n"
	"\n"
	"Examples:\n"
	"  salesan version\n"
	"  salesan --version\n"
	"\n"
	"Prints \"salesan\" and the version number.\n",
	version_run,
};

/* Remove argv[i] (and n-1 following) in place. */
static void drop(int *argc, char **argv, int i, int n)
{
	memmove(&argv[i], &argv[i + n], (size_t)(*argc - i - n + 1) * sizeof *argv);
	*argc -= n;
}

static int normalise_server(struct cli *cli, const char *url, const char *from)
{
	size_t n = strlen(url);

	if (strncmp(url, "http://", 7) && strncmp(url, "https://", 8)) {
		cli_error(cli, "server URL '%s' (from %s) must start with http:// or https://", url, from);
		return -1;
	}
	while (n > 8 && url[n - 1] == '/')
		n--;
	free(cli->server);
	cli->server = xstrndup(url, n);
	cli->server_from = from;
	return 0;
}

/* The URL of the local server `salesan server start` runs, if any. */
static char *local_server_url(void)
{
	char *dir = xdg_dir(XDG_STATE), *path, *text;
	size_t len;

	if (!dir)
		return NULL;
	path = path_join(dir, "server.url");
	text = read_file(path, 1024, &len);
	free(dir);
	free(path);
	if (text) {
		while (len && (text[len - 1] == '\n' || text[len - 1] == ' '))
			text[--len] = '\0';
	}
	return text;
}

static int profile_name_ok(const char *p)
{
	size_t n = strlen(p), i;

	if (n < 1 || n > 64)
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)p[i]) && p[i] != '-' && p[i] != '_')
			return 0;
	return 1;
}

static void cli_free(struct cli *cli)
{
	free(cli->server);
	free(cli->config_dir);
	free(cli->config_path);
	free(cli->cred_path);
	conf_free(&cli->config);
	conf_free(&cli->creds);
}

int main(int argc, char **argv)
{
	struct cli cli;
	const char *server_flag = NULL, *env, *cs;
	int seen_cmd = 0;
	const struct command *cmd;
	int i, force_color = -1, rc;
	char *err = NULL, *local;

	setlocale(LC_ALL, "");
	memset(&cli, 0, sizeof cli);
	cli.prog = "salesan";
	cli.color_err = isatty(2) && !getenv("NO_COLOR") &&
			!(getenv("TERM") && !strcmp(getenv("TERM"), "dumb"));
	if (ids_init()) {
		fprintf(stderr, "salesan: cannot initialise libsodium\n");
		return EXIT_FAIL;
	}
	json_init();

	/* Global options, anywhere before "--". */
	for (i = 1; i < argc;) {
		const char *a = argv[i];
		if (!strcmp(a, "--"))
			break;
		if (!strcmp(a, "--json")) {
			cli.json = 1;
			drop(&argc, argv, i, 1);
		} else if (!strcmp(a, "--csv")) {
			cli.csv = 1;
			drop(&argc, argv, i, 1);
		} else if (!strcmp(a, "--no-color") || !strcmp(a, "--no-colour")) {
			force_color = 0;
			drop(&argc, argv, i, 1);
		} else if (!strcmp(a, "--color") || !strcmp(a, "--colour")) {
			force_color = 1;
			drop(&argc, argv, i, 1);
		} else if (!strcmp(a, "--offline")) {
			cli.offline = 1;
			drop(&argc, argv, i, 1);
		} else if (!strcmp(a, "--profile") || !strncmp(a, "--profile=", 10)) {
			if (a[9] == '=') {
				cli.profile = a + 10;
				drop(&argc, argv, i, 1);
			} else if (i + 1 >= argc) {
				cli_error(&cli, "--profile needs a name");
				return EXIT_USAGE;
			} else {
				cli.profile = argv[i + 1];
				drop(&argc, argv, i, 2);
			}
		} else if (!strcmp(a, "--no-input")) {
			cli.no_input = 1;
			drop(&argc, argv, i, 1);
		} else if (!strcmp(a, "--server") || (!strcmp(a, "-s") && !seen_cmd)) {
			/* -s only before the command: commands have their own -s */
			if (i + 1 >= argc) {
				cli_error(&cli, "%s needs a URL", a);
				return EXIT_USAGE;
			}
			server_flag = argv[i + 1];
			drop(&argc, argv, i, 2);
		} else if (!strncmp(a, "--server=", 9)) {
			server_flag = a + 9;
			drop(&argc, argv, i, 1);
		} else if (i == 1 && (!strcmp(a, "--version") || !strcmp(a, "-V"))) {
			printf("salesan %s\n", SALESAN_VERSION);
			return EXIT_OK;
		} else if (i == 1 && (!strcmp(a, "--help") || !strcmp(a, "-h"))) {
			print_main_usage(stdout);
			return EXIT_OK;
		} else {
			seen_cmd = 1;
			i++;
		}
	}
	if (cli.json && cli.csv) {
		cli_error(&cli, "--json and --csv cannot be combined");
		return EXIT_USAGE;
	}

	if (!cli.profile && (env = getenv("SALESAN_PROFILE")) && *env)
		cli.profile = env;
	if (!cli.profile)
		cli.profile = "default";
	if (!profile_name_ok(cli.profile)) {
		cli_error(&cli, "profile name '%s' must be 1-64 letters, digits, '-' or '_'",
			  cli.profile);
		return EXIT_USAGE;
	}
	cli.config_dir = xdg_dir(XDG_CONFIG);
	if (!cli.config_dir)
		cli.config_dir = xstrdup(".salesan");
	if (strcmp(cli.profile, "default")) {
		/* Each profile has its own config and credentials. */
		char *base = cli.config_dir, *sub = path_join("profiles", cli.profile);
		cli.config_dir = path_join(base, sub);
		free(base);
		free(sub);
	}
	cli.config_path = path_join(cli.config_dir, "config");
	cli.cred_path = path_join(cli.config_dir, "credentials");
	if (conf_load(&cli.config, cli.config_path, &err) < 0 ||
	    conf_load(&cli.creds, cli.cred_path, &err) < 0) {
		cli_error(&cli, "%s", err);
		free(err);
		cli_free(&cli);
		return EXIT_FAIL;
	}

	cs = conf_get(&cli.config, "color");
	cli.color = isatty(1) && !getenv("NO_COLOR") &&
		    !(getenv("TERM") && !strcmp(getenv("TERM"), "dumb")) &&
		    !(cs && !strcmp(cs, "never"));
	if (cs && !strcmp(cs, "always"))
		cli.color = 1;
	if (force_color >= 0)
		cli.color = cli.color_err = force_color;
	cli.interactive = !cli.no_input && isatty(0);
	cli.env_token = getenv("SALESAN_TOKEN");

	local = local_server_url();
	if (server_flag)
		rc = normalise_server(&cli, server_flag, "--server");
	else if ((env = getenv("SALESAN_SERVER")) && *env)
		rc = normalise_server(&cli, env, "SALESAN_SERVER");
	else if (conf_get(&cli.config, "server"))
		rc = normalise_server(&cli, conf_get(&cli.config, "server"), cli.config_path);
	else if (local)
		rc = normalise_server(&cli, local, "the local server");
	else
		rc = normalise_server(&cli, "http://127.0.0.1:3000", "the default");
	free(local);
	if (rc) {
		cli_free(&cli);
		return EXIT_USAGE;
	}
	/* Stored tokens belong to the server they came from: never send them
	 * anywhere else. */
	{
		const char *cs2 = conf_get(&cli.creds, "server");
		if (cs2 && strcmp(cs2, cli.server)) {
			conf_unset(&cli.creds, "access_token");
			conf_unset(&cli.creds, "refresh_token");
		}
	}

	if (argc < 2) {
		print_main_usage(stderr);
		cli_free(&cli);
		return EXIT_USAGE;
	}
	cmd = command_find(argv[1]);
	if (!cmd) {
		cli_error(&cli, "'%s' is not a salesan command; see `salesan help`", argv[1]);
		cli_free(&cli);
		return EXIT_USAGE;
	}
	if (argc > 2 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h")))
		rc = cli_usage(cmd, 0);
	else
		rc = cmd->run(&cli, argc - 1, argv + 1);
	client_cleanup();
	cache_close();
	cli_free(&cli);
	fflush(stdout);
	if (ferror(stdout)) {
		fprintf(stderr, "salesan: error writing output\n");
		return EXIT_FAIL;
	}
	return rc;
}
