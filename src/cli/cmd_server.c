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

struct paths {
	char *state, *data, *pid, *log, *url, *port;
};

static int paths_get(struct cli *cli, struct paths *p)
{
	memset(p, 0, sizeof *p);
	p->state = xdg_dir(XDG_STATE);
	p->data = xdg_dir(XDG_DATA);
	if (!p->state || !p->data) {
		cli_error(cli, "cannot locate the XDG directories; set HOME");
		return -1;
	}
	p->pid = path_join(p->state, "salesand.pid");
	p->log = path_join(p->state, "salesand.log");
	p->url = path_join(p->state, "server.url");
	p->port = path_join(p->state, "salesand.port");
	return 0;
}

static void paths_free(struct paths *p)
{
	free(p->state);
	free(p->data);
	free(p->pid);
	free(p->log);
	free(p->url);
	free(p->port);
}

/* The running server's pid from the pid file, or 0. */
static pid_t running_pid(const struct paths *p)
{
	size_t len;
	char *text = read_file(p->pid, 64, &len);
	long v;
	pid_t pid = 0;

	if (!text)
		return 0;
	v = strtol(text, NULL, 10);
	free(text);
	if (v > 0 && v < INT_MAX && kill((pid_t)v, 0) == 0)
		pid = (pid_t)v;
	return pid;
}

static char *read_trimmed(const char *path)
{
	size_t len;
	char *t = read_file(path, 1024, &len);

	if (t)
		t[strcspn(t, "\r\n")] = '\0';
	return t;
}

/* Find salesand next to this salesan, else on PATH. */
static char *salesand_path(void)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);

	if (n > 0) {
		char *slash;
		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			char *cand = path_join(self, "salesand");
			if (access(cand, X_OK) == 0)
				return cand;
			free(cand);
		}
	}
	return xstrdup("salesand");
}

static int healthy(struct cli *cli, const char *url)
{
	struct api_resp r;
	char *saved = cli->server;
	int rc;

	cli->server = (char *)url;
	rc = api_call_quiet(cli, "GET", "/health", NULL, API_NOAUTH, &r);
	cli->server = saved;
	api_resp_free(&r);
	return rc == EXIT_OK;
}

static void show_log_tail(const char *log)
{
	size_t len;
	char *t = read_file(log, 4 * 1024 * 1024, &len);
	size_t start = len > 1500 ? len - 1500 : 0;

	if (!t)
		return;
	fprintf(stderr, "--- last lines of %s ---\n%s", log, t + start);
	free(t);
}

static int start(struct cli *cli, struct paths *p, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "port", required_argument, NULL, 'p' },
		{ "host", required_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *port = "3000", *host = "127.0.0.1";
	struct buf url = BUF_INIT;
	char *bin, *existing;
	pid_t pid;
	int c, status, i;

	optind = 0;
	while ((c = getopt_long(argc, argv, "p:H:h", opts, NULL)) != -1) {
		if (c == 'p')
			port = optarg;
		else if (c == 'H')
			host = optarg;
		else
			return cli_usage(&cmd_server, c != 'h');
	}
	if ((pid = running_pid(p))) {
		existing = read_trimmed(p->url);
		fprintf(stderr, "salesand is already running (pid %ld) at %s\n", (long)pid,
			existing ? existing : "?");
		free(existing);
		return EXIT_OK;
	}
	if (mkdir_p(p->state, 0700) || mkdir_p(p->data, 0700)) {
		cli_error(cli, "cannot create %s or %s: %s", p->state, p->data, strerror(errno));
		return EXIT_FAIL;
	}
	unlink(p->port);
	bin = salesand_path();
	pid = fork();
	if (pid < 0) {
		cli_error(cli, "fork: %s", strerror(errno));
		free(bin);
		return EXIT_FAIL;
	}
	if (pid == 0) {
		int fd = open(p->log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
		int nul = open("/dev/null", O_RDONLY | O_CLOEXEC);
		setsid();
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		if (nul >= 0)
			dup2(nul, 0);
		/* A limit for one team, not the original's 100 per 15 minutes;
		 * a RATE_LIMIT_MAX_REQUESTS in the environment wins. */
		setenv("RATE_LIMIT_MAX_REQUESTS", "10000", 0);
		execl(bin, "salesand", "--data-dir", p->data, "--host", host, "--port", port,
		      "--port-file", p->port, (char *)NULL);
		fprintf(stderr, "salesan: cannot run %s: %s\n", bin, strerror(errno));
		_exit(127);
	}
	free(bin);
	{
		FILE *f = fopen(p->pid, "w");
		if (f) {
			fprintf(f, "%ld\n", (long)pid);
			fclose(f);
		}
	}
	/* Wait for the port file, then for /health. */
	for (i = 0; i < 200; i++) {
		char *pt;
		if (waitpid(pid, &status, WNOHANG) == pid) {
			cli_error(cli, "salesand exited during start-up");
			show_log_tail(p->log);
			unlink(p->pid);
			return EXIT_FAIL;
		}
		pt = read_trimmed(p->port);
		if (pt && *pt) {
			buf_reset(&url);
			buf_addf(&url, "http://%s:%s", strchr(host, ':') ? "[::1]" : host, pt);
			free(pt);
			if (healthy(cli, url.s))
				break;
		} else {
			free(pt);
		}
		struct timespec ts = { 0, 50 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	if (i == 200) {
		cli_error(cli, "salesand did not answer /health within 10 s (pid %ld)", (long)pid);
		show_log_tail(p->log);
		return EXIT_FAIL;
	}
	{
		FILE *f = fopen(p->url, "w");
		if (f) {
			fprintf(f, "%s\n", url.s);
			fclose(f);
		}
	}
	fprintf(stderr, "salesand running at %s (pid %ld)\n  data: %s\n  log:  %s\n", url.s,
		(long)pid, p->data, p->log);
	buf_free(&url);
	return EXIT_OK;
}

static int stop(struct cli *cli, struct paths *p)
{
	pid_t pid = running_pid(p);
	int i;

	if (!pid) {
		fprintf(stderr, "salesand is not running\n");
		unlink(p->pid);
		unlink(p->url);
		return EXIT_OK;
	}
	if (kill(pid, SIGTERM) != 0) {
		cli_error(cli, "cannot stop pid %ld: %s", (long)pid, strerror(errno));
		return EXIT_FAIL;
	}
	for (i = 0; i < 300 && kill(pid, 0) == 0; i++) {
		struct timespec ts = { 0, 50 * 1000 * 1000 };
		waitpid(pid, NULL, WNOHANG); /* reap when it is our child */
		nanosleep(&ts, NULL);
	}
	if (kill(pid, 0) == 0) {
		cli_warn(cli, "salesand (pid %ld) did not stop in 15 s; killing it", (long)pid);
		kill(pid, SIGKILL);
	}
	unlink(p->pid);
	unlink(p->url);
	fprintf(stderr, "salesand stopped\n");
	return EXIT_OK;
}

static int status(struct cli *cli, struct paths *p)
{
	pid_t pid = running_pid(p);
	char *url = read_trimmed(p->url);
	int ok = pid && url && healthy(cli, url);

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

static int run(struct cli *cli, int argc, char **argv)
{
	struct paths p;
	int rc;

	if (argc < 2)
		return cli_usage(&cmd_server, 1);
	if (paths_get(cli, &p)) {
		paths_free(&p);
		return EXIT_FAIL;
	}
	if (!strcmp(argv[1], "start"))
		rc = start(cli, &p, argc - 1, argv + 1);
	else if (!strcmp(argv[1], "stop"))
		rc = stop(cli, &p);
	else if (!strcmp(argv[1], "status"))
		rc = status(cli, &p);
	else {
		cli_error(cli, "unknown subcommand '%s' (start, stop or status)", argv[1]);
		rc = EXIT_USAGE;
	}
	paths_free(&p);
	return rc;
}

const struct command cmd_server = { "server", "start, stop or check the local salesand", usage, run };
