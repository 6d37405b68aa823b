/*
 * localsrv.h - a salesand that salesan runs in the background on the
 * embedded SQLite database (salesan server, salesan demo).
 *
 * Files: state (pid, log, URL and port files) in $XDG_STATE_HOME/salesan
 * or a subdirectory of it, data in $XDG_DATA_HOME/salesan or <state>/data.
 * The URL file lets other commands find the server.
 */
#ifndef SALESAN_LOCALSRV_H
#define SALESAN_LOCALSRV_H

#include "cli.h"

#include <sys/types.h>

struct local_server {
	char *state, *data, *pid, *log, *url, *port; /* owned paths */
};

/* Fill p for the local server (sub NULL) or one kept under
 * $XDG_STATE_HOME/salesan/<sub> with its data inside.  0, or -1 after
 * reporting.  Release with local_server_free in both cases. */
int local_server_paths(struct cli *cli, const char *sub, struct local_server *p);
void local_server_free(struct local_server *p);
/* The running server's pid (from the pid file, alive), or 0. */
pid_t local_server_pid(const struct local_server *p);
/* The first line of a small file (the URL file), malloc'd, or NULL. */
char *local_server_read(const char *path);
/* Whether url answers GET /health. */
int local_server_healthy(struct cli *cli, const char *url);
/* Start salesand (unless running) and wait until it answers; the URL is
 * written to p->url.  EXIT_OK or an exit code after reporting (with the
 * log's tail). */
int local_server_start(struct cli *cli, struct local_server *p, const char *host, const char *port,
		       int quiet);
/* SIGTERM, wait up to 15 s, then SIGKILL.  EXIT_OK or EXIT_FAIL. */
int local_server_stop(struct cli *cli, struct local_server *p);

#endif
