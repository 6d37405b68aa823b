/*
 * cmd_server.c - salesan server start|stop|status: a local salesand on the
 * embedded SQLite database, needing no setup at all.
 *
 * Files: data in $XDG_DATA_HOME/salesan, the log, pid and URL files in
 * $XDG_STATE_HOME/salesan.  The URL file lets every other command find the
 * local server without configuration.
 */
#include "cli.h"
#include "client.h"
#include "localsrv.h"
#include "common/buf.h"
#include "common/conf.h"
#include "common/fsutil.h"
#include "common/json.h"
#include "common/timeutil.h"
#include "common/xmalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char usage[] =
	"usage: salesan server start [--port N] [--host ADDR]\n"
	"       salesan server stop\n"
	"       salesan server status\n"
	"\n"
	"Examples:\n"
	"  salesan server start\n"
	"  salesan server start --port 8080\n"
	"  salesan server status --json\n"
	"  salesan server stop\n"
	"\n"
	"Run a local salesand in the background on the embedded SQLite database.\n"
	"Data lives in $XDG_DATA_HOME/salesan; the log (salesand.log), pid file and\n"
	"URL file in $XDG_STATE_HOME/salesan.  Other commands find the local server\n"
	"through the URL file unless --server, SALESAN_SERVER or the config file\n"
	"name another one.\n"
	"\n"
	"  -p, --port N     port to listen on (default 3000)\n"
	"  -H, --host ADDR  address to listen on (default 127.0.0.1)\n"
	"\n"
	"status exits 0 when the server runs and answers, 1 otherwise.\n";

static int status(struct cli *cli, struct local_server *p)
{
	pid_t pid = local_server_pid(p);
	char *url = local_server_read(p->url);
	int ok = pid && url && local_server_healthy(cli, url);

	if (cli->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddBoolToObject(o, "running", pid != 0);
		cJSON_AddBoolToObject(o, "healthy", ok);
		if (pid)
			cJSON_AddNumberToObject(o, "pid", pid);
		json_add_str_or_null(o, "url", url);
		cJSON_AddStringToObject(o, "dataDir", p->data);
		cJSON_AddStringToObject(o, "log", p->log);
		char *s = json_print_pretty(o);
		puts(s);
		free(s);
		cJSON_Delete(o);
	} else if (!pid) {
		printf("salesand is not running (start it with `salesan server start`)\n");
	} else {
		printf("salesand is running (pid %ld) at %s: %s\n", (long)pid, url ? url : "?",
		       ok ? "healthy" : "NOT answering /health");
		printf("  data: %s\n  log:  %s\n", p->data, p->log);
	}
	free(url);
	return ok ? EXIT_OK : EXIT_FAIL;
}

static int start(struct cli *cli, struct local_server *p, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "port", required_argument, NULL, 'p' },
		{ "host", required_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *port = "3000", *host = "127.0.0.1";
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "p:H:h", opts, NULL)) != -1) {
		if (c == 'p')
			port = optarg;
		else if (c == 'H')
			host = optarg;
		else
			return cli_usage(&cmd_server, c != 'h');
	}
	return local_server_start(cli, p, host, port, 0);
}

static int run(struct cli *cli, int argc, char **argv)
{
	struct local_server p;
	int rc;

	if (argc < 2)
		return cli_usage(&cmd_server, 1);
	if (local_server_paths(cli, NULL, &p)) {
		local_server_free(&p);
		return EXIT_FAIL;
	}
	if (!strcmp(argv[1], "start"))
		rc = start(cli, &p, argc - 1, argv + 1);
	else if (!strcmp(argv[1], "stop"))
		rc = local_server_stop(cli, &p);
	else if (!strcmp(argv[1], "status"))
		rc = status(cli, &p);
	else {
		cli_error(cli, "unknown subcommand '%s' (start, stop or status)", argv[1]);
		rc = EXIT_USAGE;
	}
	local_server_free(&p);
	return rc;
}

const struct command cmd_server = { "server", "start, stop or check the local salesand", usage, run };
