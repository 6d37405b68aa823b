/*
 * monitor.h - the manager's live dashboard (salesan monitor): an ncursesw
 * screen over the live hub.
 *
 * One thread: the screen waits for keys with a short timeout and services
 * the WebSocket client (live_client.h) between keys, so nothing blocks the
 * other.  REST (client.h) gives the initial state and call details.
 */
#ifndef SALESAN_TUI_MONITOR_H
#define SALESAN_TUI_MONITOR_H

struct cli;

struct monitor_opts {
	int readonly;      /* no interventions or notes */
	int once;          /* print the state as JSON and exit (no screen) */
};

/* Run the dashboard until the user quits; an exit code. */
int monitor_run(struct cli *cli, const struct monitor_opts *o);

#endif
