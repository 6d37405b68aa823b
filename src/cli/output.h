/*
 * output.h - how salesan prints results: aligned tables (UTF-8 aware) with
 * optional colour for people, CSV and JSON for scripts.
 */
#ifndef SALESAN_OUTPUT_H
#define SALESAN_OUTPUT_H

#include "cli.h"

#include <cJSON.h>
#include <stdio.h>

/* ANSI colour names for table cells and messages. */
#define C_RED "31"
#define C_GREEN "32"
#define C_YELLOW "33"
#define C_BLUE "34"
#define C_MAGENTA "35"
#define C_CYAN "36"
#define C_DIM "2"
#define C_BOLD "1"

struct table {
	int ncols;
	const char *const *headers;
	char **cells;        /* nrows * ncols, owned */
	const char **colors; /* nrows * ncols, static strings or NULL */
	int nrows, alloc;
	int max_width;       /* truncate cells wider than this (with …) */
};

void table_init(struct table *t, int ncols, const char *const *headers);
/* Append a row; cells are copied; NULL cells print as "". Returns the row. */
int table_add(struct table *t, const char *const *cells);
void table_color(struct table *t, int row, int col, const char *color);
/* Print as an aligned table (colour when cli->color) or as CSV
 * (cli->csv: header line, then rows). */
void table_print(struct cli *cli, struct table *t, FILE *f);
void table_free(struct table *t);

/* Pretty-print a JSON value followed by a newline. */
void output_json(const cJSON *v);

/* Terminal display width of a UTF-8 string. */
int display_width(const char *s);

/* Format an ISO-8601 UTC time as local "YYYY-MM-DD HH:MM" into out;
 * "" for NULL, the input unchanged when it does not parse. */
void fmt_local_time(const char *iso, char *out, size_t n);

/* "\033[<color>m" s "\033[0m" when on, else s, appended to a static-free
 * buffer the caller provides. */
const char *paint(int on, const char *color, const char *s, char *out, size_t n);

/* A sparkline of v[0..n) (▁ to █, scaled from 0 to the largest value)
 * appended to b; values that are not finite show as a space. */
struct buf;
void sparkline(struct buf *b, const double *v, int n);
/* A bar of `width` cells filled to frac (0..1, clamped) appended to b,
 * with eighth-cell precision. */
void hbar(struct buf *b, double frac, int width);

/* A scorecard (the analysis engine's JSON) for people: score, stages with
 * ticks, objections, forbidden phrases, conversation bars against targets,
 * strengths and recommendations. */
void output_scorecard(struct cli *cli, const cJSON *sc);

#endif
