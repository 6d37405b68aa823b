#include "output.h"
#include "common/buf.h"
#include "common/json.h"
#include "common/timeutil.h"
#include "common/xmalloc.h"

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
