/*
 * localsrv.c - a salesand run in the background by salesan itself: the
 * files it uses and starting, probing and stopping it (salesan server,
 * salesan demo).  See localsrv.h.
 */
#include "localsrv.h"
#include "client.h"
#include "common/buf.h"
#include "common/conf.h"
#include "common/fsutil.h"
#include "common/xmalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int local_server_paths(struct cli *cli, const char *sub, struct local_server *p)
{
	memset(p, 0, sizeof *p);
	p->state = xdg_dir(XDG_STATE);
	p->data = xdg_dir(XDG_DATA);
	if (sub && p->state) {
		char *d = path_join(p->state, sub);
		free(p->state);
		free(p->data);
		p->state = d;
		p->data = path_join(d, "data");
	}
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

void local_server_free(struct local_server *p)
{
	free(p->state);
	free(p->data);
	free(p->pid);
	free(p->log);
	free(p->url);
	free(p->port);
}

/* The running server's pid from the pid file, or 0. */
pid_t local_server_pid(const struct local_server *p)
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

char *local_server_read(const char *path)
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

int local_server_healthy(struct cli *cli, const char *url)
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

int local_server_start(struct cli *cli, struct local_server *p, const char *host, const char *port,
		       int quiet)
{
	struct buf url = BUF_INIT;
	char *bin, *existing;
	pid_t pid;
	int status, i;

	if ((pid = local_server_pid(p))) {
		existing = local_server_read(p->url);
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
		pt = local_server_read(p->port);
		if (pt && *pt) {
			buf_reset(&url);
			buf_addf(&url, "http://%s:%s", strchr(host, ':') ? "[::1]" : host, pt);
			free(pt);
			if (local_server_healthy(cli, url.s))
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
	if (!quiet)
		fprintf(stderr, "salesand running at %s (pid %ld)\n  data: %s\n  log:  %s\n", url.s,
			(long)pid, p->data, p->log);
	buf_free(&url);
	return EXIT_OK;
}

int local_server_stop(struct cli *cli, struct local_server *p)
{
	pid_t pid = local_server_pid(p);
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

