/*
 * cmd_notifications.c - salesan notifications: the caller's own
 * notifications, and `watch`, which prints new ones as the live hub pushes
 * them (one line each, or one JSON object per line with --json).
 */
#include "cli.h"
#include "client.h"
#include "cmdkit.h"
#include "live_client.h"
#include "output.h"
#include "common/buf.h"
#include "common/ids.h"
#include "common/json.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
	"usage: salesan notifications list [--unread|--read] [--type T] [--page N] [--limit N] [--all]\n"
	"       salesan notifications read ID\n"
	"       salesan notifications read-all\n"
	"       salesan notifications watch\n"
	"\n"
	"Examples:\n"
	"  salesan notifications                  # the newest 20\n"
	"  salesan notifications list --unread --json | jq -r '.[].title'\n"
	"  salesan notifications read-all\n"
	"  salesan notifications watch            # until Ctrl-C\n"
	"\n"
	"Your own notifications: coaching tips, performance alerts, live\n"
	"interventions, reminders.  watch prints each new one as it arrives\n"
	"(--json: one object per line) and reconnects when the server restarts.\n";

static const struct col list_cols[] = {
	{ "ID", "id", COL_STR }, { "WHEN", "createdAt", COL_TIME }, { "TYPE", "type", COL_STR },
	{ "PRIORITY", "priority", COL_STR }, { "STATUS", "status", COL_STR },
	{ "TITLE", "title", COL_STR }, { "MESSAGE", "message", COL_STR }, { NULL, NULL, 0 },
};

static int list(struct cli *cli, int argc, char **argv)
{
	struct paging p = { 0 };
	int unread = 0, read = 0, rc;
	const char *type = NULL;
	const struct flag flags[] = {
		{ "unread", 0, FLAG_BOOL, &unread }, { "read", 0, FLAG_BOOL, &read },
		{ "type", 0, FLAG_STR, &type }, PAGING_FLAGS(&p), { NULL, 0, 0, NULL },
	};
	struct buf q = BUF_INIT;
	cJSON *all = NULL;

	if (!flags_parse(cli, &cmd_notifications, argc, argv, flags, 0, 0, NULL, NULL, NULL, &rc))
		return rc;
	if (unread && read) {
		cli_error(cli, "--read and --unread exclude each other");
		return EXIT_USAGE;
	}
	buf_addstr(&q, "/api/v1/notifications");
	query_add(&q, "status", unread ? "unread" : read ? "read" : NULL);
	query_add(&q, "type", type);
	if ((rc = api_list(cli, q.s, "notifications", &p, 100, &all)) == EXIT_OK)
		print_records(cli, all, list_cols, "No notifications.");
	cJSON_Delete(all);
	buf_free(&q);
	return rc;
}

static int read_one(struct cli *cli, int argc, char **argv)
{
	const struct flag flags[] = { { NULL, 0, 0, NULL } };
	const char *pos[1];
	struct buf path = BUF_INIT;
	int rc;

	if (!flags_parse(cli, &cmd_notifications, argc, argv, flags, 1, 1, "a notification ID", pos,
			 NULL, &rc))
		return rc;
	if (!uuid_valid(pos[0])) {
		cli_error(cli, "'%s' is not a notification id", pos[0]);
		return EXIT_USAGE;
	}
	buf_addf(&path, "/api/v1/notifications/%s/read", pos[0]);
	rc = api_write_show(cli, "PUT", path.s, NULL, NULL, NULL, "Marked read.");
	buf_free(&path);
	return rc;
}

static int read_all(struct cli *cli, int argc, char **argv)
{
	const struct flag flags[] = { { NULL, 0, 0, NULL } };
	int rc;

	if (!flags_parse(cli, &cmd_notifications, argc, argv, flags, 0, 0, NULL, NULL, NULL, &rc))
		return rc;
	return api_write_show(cli, "PUT", "/api/v1/notifications/read-all", NULL, NULL, NULL,
			      "All notifications marked read.");
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = 1;
}

static void print_notification(struct cli *cli, const cJSON *n)
{
	char when[40], b[300];

	if (cli->json) {
		char *s = json_print(n);
		printf("%s\n", s);
		free(s);
	} else {
		const char *prio = json_str(n, "priority");
		fmt_local_time(json_str(n, "createdAt"), when, sizeof when);
		printf("%s  %s  %s\n", when,
		       paint(cli->color, prio && (!strcmp(prio, "high") || !strcmp(prio, "urgent"))
						 ? C_RED : C_BOLD,
			     json_str(n, "title") ? json_str(n, "title") : "", b, sizeof b),
		       json_str(n, "message") ? json_str(n, "message") : "");
	}
	fflush(stdout);
}

static int watch(struct cli *cli, int argc, char **argv)
{
	const struct flag flags[] = { { NULL, 0, 0, NULL } };
	struct sigaction sa;
	int rc, backoff = 250, announced = 0;

	if (!flags_parse(cli, &cmd_notifications, argc, argv, flags, 0, 0, NULL, NULL, NULL, &rc))
		return rc;
	if (!client_token(cli)) {
		cli_error(cli, "not logged in to %s; run `salesan login` first", cli->server);
		return EXIT_AUTH;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	while (!stop) {
		char err[256];
		struct live_client *lc = live_client_connect(cli->server, client_token(cli), 5000, err,
							     sizeof err);
		int closed = 0;

		if (!lc) {
			if (strstr(err, "401") || strstr(err, "auth")) {
				cli_error(cli, "%s; log in again with `salesan login`", err);
				return EXIT_AUTH;
			}
			if (!announced++)
				cli_warn(cli, "%s; retrying", err);
			for (int t = 0; t < backoff / 50 && !stop; t++)
				usleep(50000);
			backoff = backoff < 4000 ? backoff * 2 : 4000;
			continue;
		}
		if (!cli->json && isatty(2))
			fprintf(stderr, "Watching notifications on %s (Ctrl-C to stop)\n", cli->server);
		announced = 0;
		backoff = 250;
		while (!stop && !closed) {
			cJSON *m = live_client_poll(lc, 200, &closed);
			const char *ev = json_str(m, "event");
			if (ev && !strcmp(ev, "notification"))
				print_notification(cli, json_get(m, "data"));
			else if (ev && !strcmp(ev, "error") &&
				 json_str(json_get(m, "data"), "code") &&
				 strstr(json_str(json_get(m, "data"), "code"), "TOKEN")) {
				cli_error(cli, "the server refused the login; run `salesan login`");
				cJSON_Delete(m);
				live_client_close(lc, 100);
				return EXIT_AUTH;
			}
			cJSON_Delete(m);
		}
		live_client_close(lc, 500);
		if (closed && !stop && !announced++)
			cli_warn(cli, "connection lost; reconnecting");
	}
	return EXIT_OK;
}

static const struct subcmd subs[] = {
	{ "list", list }, { "read", read_one }, { "read-all", read_all }, { "watch", watch },
	{ NULL, NULL },
};

static int run(struct cli *cli, int argc, char **argv)
{
	return subcmd_run(cli, &cmd_notifications, subs, "list", argc, argv);
}

const struct command cmd_notifications = {
	"notifications", "your notifications: list, mark read, watch live", usage, run,
};
