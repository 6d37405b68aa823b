#include "output.h"
#include "common/buf.h"
#include "common/json.h"
#include "common/timeutil.h"
#include "common/xmalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

void table_init(struct table *t, int ncols, const char *const *headers)
{
	memset(t, 0, sizeof *t);
	t->ncols = ncols;
	t->headers = headers;
	t->max_width = 48;
}

int table_add(struct table *t, const char *const *cells)
{
	int i, row = t->nrows;

	if (t->nrows == t->alloc) {
		t->alloc = t->alloc ? t->alloc * 2 : 16;
		t->cells = xrealloc(t->cells, (size_t)t->alloc * (size_t)t->ncols * sizeof *t->cells);
		t->colors = xrealloc(t->colors, (size_t)t->alloc * (size_t)t->ncols * sizeof *t->colors);
	}
	for (i = 0; i < t->ncols; i++) {
		t->cells[row * t->ncols + i] = xstrdup(cells[i] ? cells[i] : "");
		t->colors[row * t->ncols + i] = NULL;
	}
	t->nrows++;
	return row;
}

void table_color(struct table *t, int row, int col, const char *color)
{
	t->colors[row * t->ncols + col] = color;
}

int display_width(const char *s)
{
	mbstate_t st;
	const char *p = s;
	int w = 0;

	memset(&st, 0, sizeof st);
	while (*p) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, p, strlen(p), &st);
		if (n == (size_t)-1 || n == (size_t)-2) {
			/* Not valid in this locale: count bytes. */
			memset(&st, 0, sizeof st);
			p++;
			w++;
			continue;
		}
		int cw = wcwidth(wc);
		w += cw > 0 ? cw : 0;
		p += n ? n : 1;
	}
	return w;
}

/* A copy of s cut to at most width columns, with "…" when cut. */
static char *truncated(const char *s, int width)
{
	mbstate_t st;
	const char *p = s;
	int w = 0;

	if (display_width(s) <= width)
		return xstrdup(s);
	memset(&st, 0, sizeof st);
	while (*p) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, p, strlen(p), &st);
		int cw;
		if (n == (size_t)-1 || n == (size_t)-2) {
			n = 1;
			cw = 1;
			memset(&st, 0, sizeof st);
		} else {
			cw = wcwidth(wc) > 0 ? wcwidth(wc) : 0;
		}
		if (w + cw > width - 1)
			break;
		w += cw;
		p += n ? n : 1;
	}
	struct buf b = BUF_INIT;
	buf_add(&b, s, (size_t)(p - s));
	buf_addstr(&b, MB_CUR_MAX > 1 ? "\xe2\x80\xa6" : "~");
	return buf_detach(&b, NULL);
}

static void print_csv(struct table *t, FILE *f)
{
	struct buf line = BUF_INIT;
	int r, c;

	for (c = 0; c < t->ncols; c++) {
		if (c)
			buf_addch(&line, ',');
		buf_add_csv_field(&line, t->headers[c]);
	}
	buf_addstr(&line, "\r\n");
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			if (c)
				buf_addch(&line, ',');
			buf_add_csv_field(&line, t->cells[r * t->ncols + c]);
		}
		buf_addstr(&line, "\r\n");
	}
	fwrite(line.s, 1, line.len, f);
	buf_free(&line);
}

void table_print(struct cli *cli, struct table *t, FILE *f)
{
	int *w, r, c;
	char **shown;

	if (cli->csv) {
		print_csv(t, f);
		return;
	}
	w = xcalloc((size_t)t->ncols, sizeof *w);
	shown = xcalloc((size_t)(t->nrows * t->ncols) + 1, sizeof *shown);
	for (c = 0; c < t->ncols; c++)
		w[c] = display_width(t->headers[c]);
	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < t->ncols; c++) {
			char *s = truncated(t->cells[r * t->ncols + c], t->max_width);
			int dw = display_width(s);
			shown[r * t->ncols + c] = s;
			if (dw > w[c])
				w[c] = dw;
		}
	for (c = 0; c < t->ncols; c++) {
		if (cli->color)
			fprintf(f, "\033[1m%s\033[0m", t->headers[c]);
		else
			fputs(t->headers[c], f);
		if (c < t->ncols - 1)
			fprintf(f, "%*s", w[c] - display_width(t->headers[c]) + 2, "");
	}
	fputc('\n', f);
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			const char *s = shown[r * t->ncols + c];
			const char *col = t->colors[r * t->ncols + c];
			if (cli->color && col)
				fprintf(f, "\033[%sm%s\033[0m", col, s);
			else
				fputs(s, f);
			if (c < t->ncols - 1)
				fprintf(f, "%*s", w[c] - display_width(s) + 2, "");
		}
		fputc('\n', f);
	}
	for (r = 0; r < t->nrows * t->ncols; r++)
		free(shown[r]);
	free(shown);
	free(w);
}

void table_free(struct table *t)
{
	int i;

	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t->colors);
	memset(t, 0, sizeof *t);
}

void output_json(const cJSON *v)
{
	char *s = json_print_pretty(v);

	fputs(s, stdout);
	fputc('\n', stdout);
	free(s);
}

void fmt_local_time(const char *iso, char *out, size_t n)
{
	int64_t ms;
	time_t t;
	struct tm tm;

	if (!iso) {
		out[0] = '\0';
		return;
	}
	if (time_parse_iso(iso, &ms)) {
		snprintf(out, n, "%s", iso);
		return;
	}
	t = (time_t)(ms / 1000);
	localtime_r(&t, &tm);
	strftime(out, n, "%Y-%m-%d %H:%M", &tm);
}

const char *paint(int on, const char *color, const char *s, char *out, size_t n)
{
	if (!on)
		return s;
	snprintf(out, n, "\033[%sm%s\033[0m", color, s);
	return out;
}

/* ---- scorecards (analyze, record) ---- */

static void clock_of(double ms, char *out, size_t n)
{
	long s = (long)(ms / 1000);

	if (s >= 3600)
		snprintf(out, n, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
	else
		snprintf(out, n, "%ld:%02ld", s / 60, s % 60);
}

/* A 20-cell bar of value in 0..1 with a target mark. */
static void bar(struct cli *cli, const char *label, double v, double target, const char *text)
{
	char cells[20 * 3 + 1], out[256];
	int i, fill = (int)(v * 20 + 0.5), mark = target >= 0 ? (int)(target * 20 + 0.5) : -1;
	size_t k = 0;

	for (i = 0; i < 20; i++) {
		const char *g = i == mark ? "|" : i < fill ? "\xe2\x96\x88" : "\xe2\x96\x91";
		memcpy(cells + k, g, strlen(g));
		k += strlen(g);
	}
	cells[k] = '\0';
	printf("  %-18s %s %s\n", label, paint(cli->color, C_CYAN, cells, out, sizeof out), text);
}

void output_scorecard(struct cli *cli, const cJSON *sc)
{
	const cJSON *it, *m = json_get(sc, "metrics"), *rep = json_get(sc, "rep");
	const cJSON *comp = json_get(sc, "scriptCompliance");
	char a[512], b[64], t[32];
	double talk = cJSON_GetNumberValue(json_get(m, "talkRatio"));

	snprintf(b, sizeof b, "%.0f%%", 100 * cJSON_GetNumberValue(json_get(sc, "performanceScore")));
	printf("%s %s", paint(cli->color, C_BOLD, "Score", a, sizeof a), b);
	if (cJSON_IsNumber(comp))
		printf("   script compliance %.0f%%", 100 * comp->valuedouble);
	if (cJSON_IsNumber(json_get(sc, "orderAdherence")))
		printf("   order %.0f%%", 100 * cJSON_GetNumberValue(json_get(sc, "orderAdherence")));
	printf("\n");
	if (json_str(rep, "name"))
		printf("Rep: %s%s   customer sentiment: %s\n", json_str(rep, "name"),
		       json_true(rep, "inferred") ? " (inferred)" : "", json_str(sc, "customerSentiment"));
	if (cJSON_GetArraySize(json_get(sc, "stages")))
		printf("\n%s\n", paint(cli->color, C_BOLD, "Stages", a, sizeof a));
	cJSON_ArrayForEach(it, json_get(sc, "stages")) {
		int cov = json_true(it, "covered");
		const char *ev = json_str(it, "evidence");

		printf("  %s %-28s", cov ? paint(cli->color, C_GREEN, "\xe2\x9c\x93", a, sizeof a)
					 : paint(cli->color, C_RED, "\xe2\x9c\x97", a, sizeof a),
		       json_str(it, "name"));
		if (cov) {
			clock_of(cJSON_GetNumberValue(json_get(it, "atMs")), t, sizeof t);
			printf(" %6s  %s", t, paint(cli->color, C_DIM, ev ? ev : "", a, sizeof a));
		} else if (json_true(it, "required")) {
			printf(" %s", paint(cli->color, C_RED, "missed", a, sizeof a));
		}
		printf("\n");
	}
	if (cJSON_GetArraySize(json_get(sc, "objections")))
		printf("\n%s\n", paint(cli->color, C_BOLD, "Objections", a, sizeof a));
	cJSON_ArrayForEach(it, json_get(sc, "objections")) {
		clock_of(cJSON_GetNumberValue(json_get(it, "atMs")), t, sizeof t);
		printf("  %s %-12s %6s  %s\n",
		       json_true(it, "handled") ? paint(cli->color, C_GREEN, "\xe2\x9c\x93", a, sizeof a)
						: paint(cli->color, C_RED, "\xe2\x9c\x97", a, sizeof a),
		       json_str(it, "type"), t, json_str(it, "evidence"));
	}
	if (cJSON_GetArraySize(json_get(sc, "forbidden")))
		printf("\n%s\n", paint(cli->color, C_BOLD, "Forbidden phrases", a, sizeof a));
	cJSON_ArrayForEach(it, json_get(sc, "forbidden")) {
		clock_of(cJSON_GetNumberValue(json_get(it, "atMs")), t, sizeof t);
		printf("  %s \"%s\" %6s  %s\n", paint(cli->color, C_RED, "!", a, sizeof a),
		       json_str(it, "phrase"), t, json_str(it, "evidence"));
	}
	printf("\n%s\n", paint(cli->color, C_BOLD, "Conversation", a, sizeof a));
	snprintf(b, sizeof b, "%.0f%% (ideal 43%%)", talk * 100);
	bar(cli, "talk ratio", talk, 0.43, b);
	clock_of(cJSON_GetNumberValue(json_get(m, "longestMonologueMs")), t, sizeof t);
	snprintf(b, sizeof b, "%s (keep under 2:00)", t);
	bar(cli, "longest monologue",
	    fmin(1, cJSON_GetNumberValue(json_get(m, "longestMonologueMs")) / 240000.0), 0.5, b);
	snprintf(b, sizeof b, "%d (%.1f a minute)", (int)cJSON_GetNumberValue(json_get(m, "questionsAsked")),
		 cJSON_GetNumberValue(json_get(m, "questionRate")));
	bar(cli, "questions", fmin(1, cJSON_GetNumberValue(json_get(m, "questionRate")) / 2), 0.25, b);
	printf("  %-18s %.0f words a minute, %d filler words, %.1f switches a minute\n", "pace",
	       cJSON_GetNumberValue(json_get(m, "wordsPerMinute")),
	       (int)cJSON_GetNumberValue(json_get(m, "fillerWords")),
	       cJSON_GetNumberValue(json_get(m, "interactivity")));
	if (cJSON_GetArraySize(json_get(sc, "strengths")))
		printf("\n%s\n", paint(cli->color, C_BOLD, "Strengths", a, sizeof a));
	cJSON_ArrayForEach(it, json_get(sc, "strengths"))
		printf("  + %s\n", it->valuestring);
	if (cJSON_GetArraySize(json_get(sc, "recommendations")))
		printf("\n%s\n", paint(cli->color, C_BOLD, "Recommendations", a, sizeof a));
	cJSON_ArrayForEach(it, json_get(sc, "recommendations"))
		printf("  - %s\n", it->valuestring);
}


/* ---- charts ---- */

void sparkline(struct buf *b, const double *v, int n)
{
	static const char *const ticks[] = { "\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83",
					     "\xe2\x96\x84", "\xe2\x96\x85", "\xe2\x96\x86",
					     "\xe2\x96\x87", "\xe2\x96\x88" };
	double max = 0;
	int i;

	for (i = 0; i < n; i++)
		if (isfinite(v[i]) && v[i] > max)
			max = v[i];
	for (i = 0; i < n; i++) {
		int k;
		if (!isfinite(v[i])) {
			buf_addch(b, ' ');
			continue;
		}
		k = max > 0 ? (int)(v[i] / max * 7 + 0.5) : 0;
		buf_addstr(b, ticks[k < 0 ? 0 : k > 7 ? 7 : k]);
	}
}

void hbar(struct buf *b, double frac, int width)
{
	static const char *const part[] = { "", "\xe2\x96\x8f", "\xe2\x96\x8e", "\xe2\x96\x8d",
					    "\xe2\x96\x8c", "\xe2\x96\x8b", "\xe2\x96\x8a",
					    "\xe2\x96\x89" };
	int eighths, i, cells = 0;

	if (!isfinite(frac) || frac < 0)
		frac = 0;
	if (frac > 1)
		frac = 1;
	eighths = (int)(frac * width * 8 + 0.5);
	for (i = 0; i < eighths / 8; i++, cells++)
		buf_addstr(b, "\xe2\x96\x88");
	if (eighths % 8) {
		buf_addstr(b, part[eighths % 8]);
		cells++;
	}
	for (; cells < width; cells++)
		buf_addch(b, ' ');
}
