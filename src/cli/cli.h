/*
 * cli.h - the salesan command line: global state and the command table.
 *
 * Each command lives in its own cmd_*.c file and exports a const struct
 * command; main.c lists them.  A command's run() returns an exit code from
 * common/exitcodes.h and prints results to stdout, messages to stderr.
 */
#ifndef SALESAN_CLI_H
#define SALESAN_CLI_H

#include "common/conf.h"
#include "common/exitcodes.h"

struct cli {
	const char *prog;
	char *server;          /* resolved base URL, no trailing slash */
	const char *server_from; /* "--server", "SALESAN_SERVER", ... */
	int json, csv;         /* output formats for scripts */
	int color;             /* colour on stdout */
	int color_err;         /* colour on stderr */
	int no_input;          /* never prompt */
	int interactive;       /* stdin is a terminal and prompts are allowed */
	int verbose;
	int offline;           /* --offline: reads from the cache only */
	const char *profile;   /* --profile / SALESAN_PROFILE, "default" otherwise */
	char *config_dir;      /* $XDG_CONFIG_HOME/salesan, or .../salesan/profiles/NAME */
	char *config_path;
	char *cred_path;
	struct conf config;
	struct conf creds;
	const char *env_token; /* SALESAN_TOKEN */
};

struct command {
	const char *name;
	const char *summary;   /* one line for `salesan help` */
	const char *usage;     /* full help text, printed by --help */
	int (*run)(struct cli *cli, int argc, char **argv);
};

extern const struct command cmd_help, cmd_version, cmd_server, cmd_setup, cmd_login,
	cmd_logout, cmd_whoami, cmd_calls, cmd_analyze, cmd_record, cmd_monitor, cmd_sync,
	cmd_transcribe, cmd_doctor, cmd_config, cmd_report, cmd_users, cmd_scripts, cmd_orgs,
	cmd_notifications, cmd_api_keys, cmd_webhooks, cmd_export, cmd_cache, cmd_completion, cmd_complete, cmd_demo;

/* All commands, NULL-terminated (main.c). */
extern const struct command *const commands[];
const struct command *command_find(const char *name);

/* Print "salesan: <message>\n" to stderr (red "error:" on a colour TTY). */
void cli_error(struct cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cli_warn(struct cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print a command's usage to stdout (help) or a hint to stderr (misuse)
 * and return EXIT_OK or EXIT_USAGE accordingly. */
int cli_usage(const struct command *cmd, int to_stderr);

/* cmd_config.c: whether key is a setting salesan reads, and what is wrong
 * with value for it (NULL when nothing). */
int config_key_known(const char *key);
/* The plain keys (NULL-terminated; monitor.canned.N aside). */
extern const char *const config_plain_keys[];
const char *config_value_problem(const char *key, const char *value);

/* Save the credentials file (mode 0600).  Returns 0 or -1 (reported). */
int cli_save_creds(struct cli *cli);

#endif
