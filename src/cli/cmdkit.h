/*
 * cmdkit.h - what every noun-verb command shares: choosing the verb,
 * reading its flags, and printing the server's objects as tables, CSV,
 * key/value records or JSON.
 *
 * Nothing here allocates anything the caller must free unless it says so.
 * Parsed string flags point into argv.
 */
#ifndef SALESAN_CMDKIT_H
#define SALESAN_CMDKIT_H

#include "cli.h"

#include <cJSON.h>
#include <stddef.h>

/* ---- verbs ---- */

struct subcmd {
	const char *name;
	/* argv[0] is the verb; returns an exit code. */
	int (*run)(struct cli *cli, int argc, char **argv);
};

/*
 * argv[0] is the noun (cmd->name).  Run the verb argv[1] from subs (a
 * NULL-name-terminated table); with no verb, def (when non-NULL) runs as
 * if named.  Unknown verbs are a usage error listing the known ones.
 */
int subcmd_run(struct cli *cli, const struct command *cmd, const struct subcmd *subs,
	       const char *def, int argc, char **argv);

/* ---- flags ---- */

enum flag_kind {
	FLAG_STR,  /* const char **: the value (points into argv) */
	FLAG_BOOL, /* int *: set to 1 */
	FLAG_LIST, /* cJSON **: an array of the values, created on first use (caller frees) */
};

struct flag {
	const char *name;      /* long name without "--"; NULL ends the table */
	char shortc;           /* single-letter alias, or 0 */
	enum flag_kind kind;
	void *out;
};

/*
 * Parse argv (argv[0] is the verb) against flags: --name VALUE,
 * --name=VALUE, -x VALUE, and "--" ending the flags.  Positional
 * arguments go to pos[0..] (at most npos_max; pos must have room); fewer
 * than npos_min is a usage error naming pos_what ("a user ID").
 * Returns 1 to go on (*npos set when non-NULL), or 0 with *rc set: after
 * --help (EXIT_OK, usage printed) or a usage error (reported).
 */
int flags_parse(struct cli *cli, const struct command *cmd, int argc, char **argv,
		const struct flag *flags, int npos_min, int npos_max, const char *pos_what,
		const char **pos, int *npos, int *rc);

/* A decimal in [lo, hi] from flag --name; 0, or -1 after reporting. */
int flag_long(struct cli *cli, const char *name, const char *s, long lo, long hi, long *out);
/* value must be one of the NULL-terminated names; 0, or -1 after reporting. */
int flag_enum(struct cli *cli, const char *name, const char *value, const char *const *names);

/* ---- output ---- */

enum col_kind {
	COL_STR,    /* the string (or number) as it is */
	COL_INT,    /* a whole number */
	COL_NUM,    /* a number with one decimal */
	COL_MONEY,  /* a number with two decimals */
	COL_PCT,    /* a percentage already in 0..100: "37.5%" */
	COL_FRAC,   /* a fraction 0..1 shown as a percentage */
	COL_TIME,   /* ISO-8601 shown as local "YYYY-MM-DD HH:MM" (CSV keeps ISO) */
	COL_BOOL,   /* true/false as "yes"/"no" */
	COL_PERSON, /* an object's "firstName lastName" */
	COL_SECS,   /* seconds as m:ss */
};

struct col {
	const char *header;
	const char *path;      /* dotted JSON path: "organization.name" */
	enum col_kind kind;
};

/* The value at a dotted path, or NULL. */
const cJSON *json_path(const cJSON *obj, const char *path);
/* Format obj's column c into out ("" when absent).  csv keeps ISO times
 * and plain numbers. */
void col_format(const cJSON *obj, const struct col *c, int csv, char *out, size_t n);

/*
 * Print arr (an array of objects): --json prints it as given, --csv a
 * header and rows, else an aligned table.  cols ends with a NULL header.
 * empty is printed to stderr for an empty table on a terminal (may be NULL).
 */
void print_records(struct cli *cli, const cJSON *arr, const struct col *cols, const char *empty);
/* Print one object: --json as given, --csv a one-row table, else
 * "Header: value" lines. */
void print_record(struct cli *cli, const cJSON *obj, const struct col *cols);

/* Ask before a destructive action: --yes goes on; on a terminal the
 * question is asked; otherwise it is a usage error telling to pass --yes.
 * Returns 1 to go on, or 0 with *rc set. */
int confirm_or_yes(struct cli *cli, int yes, const char *question, int *rc);

/* The id of the user `who` names: "me", a user id, or an email (looked up
 * among the users the caller reaches).  0, or an exit code after
 * reporting. */
int resolve_user(struct cli *cli, const char *who, char id[40]);

/*
 * Send method path with body (may be NULL) and show the outcome: with
 * --json the answer's data (or the whole answer when it has none);
 * otherwise the returned object (data, or data[key] when key) printed with
 * cols when non-NULL, and done (when non-NULL) on stderr.  Returns the
 * exit code; errors are reported.
 */
int api_write_show(struct cli *cli, const char *method, const char *path, const cJSON *body,
		   const char *key, const struct col *cols, const char *done);

/* GET path (through the cache) and print data (or data[key]) as a list
 * with cols (print_records) or, when one, as a record. */
int api_show_list(struct cli *cli, const char *path, const char *key, const struct col *cols,
		  const char *empty);
int api_show_one(struct cli *cli, const char *path, const char *key, const struct col *cols);

/* Paging flags every list takes: --page N, --limit N, --all. */
struct paging {
	const char *page, *limit;
	int all;
};
#define PAGING_FLAGS(p) \
	{ "page", 0, FLAG_STR, &(p)->page }, { "limit", 0, FLAG_STR, &(p)->limit }, \
	{ "all", 0, FLAG_BOOL, &(p)->all }

/*
 * GET base (a path, with or without a query) one page (p->page, p->limit)
 * or every page (p->all, 100 at a time), collecting data[key] into a new
 * array *out (the caller frees).  Cached like api_get.  Returns the exit
 * code; errors are reported.
 */
int api_list(struct cli *cli, const char *base, const char *key, const struct paging *p,
	     long max_limit, cJSON **out);

/* Percent-encoded query building: appends "&key=value" (the first one
 * with "?") when value is non-NULL. */
struct buf;
void query_add(struct buf *q, const char *key, const char *value);

#endif
