/*
 * cmd_export.c - salesan export calls: every call you reach as CSV,
 * NDJSON or a JSON array, streamed from GET /api/v1/export/sales-calls.
 *
 * Made for cron: memory stays flat at any size (the body goes straight to
 * the file), --out writes a temporary file beside the target and renames
 * it only when the whole export arrived (so a failure never leaves a
 * partial file), and --incremental resumes from the high-water mark the
 * last successful export stored in the cache (the server's
 * X-Export-Until), so each run exports only calls created or changed
 * since.  Progress shows on a terminal only.
 */
#include "cache.h"
#include "cli.h"
#include "client.h"
#include "cmdkit.h"
#include "when.h"
#include "common/buf.h"
#include "common/timeutil.h"
#include "common/xmalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
	"usage: salesan export calls [--format csv|ndjson|json] [--since WHEN | --incremental]\n"
	"                            [--until WHEN] [--out FILE]\n"
	"\n"
	"Examples:\n"
	"  salesan export calls --format csv --out calls.csv\n"
	"  salesan export calls --format ndjson --since 2024-01-01 | jq .customerName\n"
	"  salesan export calls --incremental --out \"calls-$(date +%F).csv\"   # in cron\n"
	"\n"
	"Exports every call you can see (your own, your team's, your organization's)\n"
	"that was created or changed in the period, oldest change first.  csv has a\n"
	"header line (RFC 4180 quoting); ndjson is one call per line; json is one\n"
	"array.  --incremental starts where the last successful --incremental export\n"
	"of this profile and server stopped (everything, the first time) and\n"
	"remembers the new mark only when the export succeeded.\n"
	"\n"
	"  --format F      csv (default), ndjson or json\n"
	"  --since WHEN    only calls changed at or after WHEN (a date, 7d, this-month...)\n"
	"  --until WHEN    only calls changed before WHEN\n"
	"  --incremental   since the last incremental export\n"
	"  --out FILE      write FILE atomically (default: standard output)\n"
	"\n"
	"Exit status is 0 only when the whole export was written.\n";

#define MARK_KEY "export.calls.until"

struct sink {
	FILE *f;
	int json;          /* ndjson from the server, written as one array */
	int first;         /* no array element written yet */
	struct buf line;   /* json: a partial line */
	int64_t bytes, rows;
	int progress;
	int64_t last_us, t0_us;
	int error;
};

static void show_progress(struct sink *s, int final)
{
	int64_t now = time_mono_us();
	double secs = (double)(now - s->t0_us) / 1e6;

	if (!s->progress || (!final && now - s->last_us < 200000))
		return;
	s->last_us = now;
	fprintf(stderr, "\r\033[KExporting: %lld rows, %.1f MB, %.0f rows/s%s",
		(long long)s->rows, (double)s->bytes / 1e6, secs > 0 ? (double)s->rows / secs : 0,
		final ? "\n" : "");
}

static int put(struct sink *s, const char *data, size_t len)
{
	if (len && fwrite(data, 1, len, s->f) != len) {
		s->error = errno ? errno : EIO;
		return -1;
	}
	return 0;
}

/* One NDJSON line as an array element. */
static int put_element(struct sink *s, const char *line, size_t len)
{
	if (!len)
		return 0;
	if (put(s, s->first ? "[\n" : ",\n", 2) || put(s, line, len))
		return -1;
	s->first = 0;
	return 0;
}

static int on_data(const char *data, size_t len, void *arg)
{
	struct sink *s = arg;
	size_t i, start = 0;

	s->bytes += (int64_t)len;
	for (i = 0; i < len; i++)
		if (data[i] == '\n')
			s->rows++;
	if (!s->json) {
		if (put(s, data, len))
			return -1;
	} else {
		for (i = 0; i < len; i++) {
			if (data[i] != '\n')
				continue;
			if (s->line.len) {
				buf_add(&s->line, data + start, i - start);
				if (put_element(s, s->line.s, s->line.len))
					return -1;
				buf_reset(&s->line);
			} else if (put_element(s, data + start, i - start)) {
				return -1;
			}
			start = i + 1;
		}
		buf_add(&s->line, data + start, len - start);
	}
	show_progress(s, 0);
	return 0;
}

static int parse_when(struct cli *cli, const char *flag, const char *v, char iso[TIME_ISO_LEN])
{
	int64_t ms, end;
	int has_end;

	if (when_period(v, &ms, &end, &has_end)) {
		cli_error(cli, "--%s: cannot read '%s' as a date", flag, v);
		return -1;
	}
	time_format_iso(ms, iso, TIME_ISO_LEN);
	return 0;
}

static int calls(struct cli *cli, int argc, char **argv)
{
	static const char *const formats[] = { "csv", "ndjson", "json", NULL };
	const char *format = "csv", *since = NULL, *until = NULL, *out = NULL;
	int incremental = 0, rc;
	const struct flag flags[] = {
		{ "format", 'f', FLAG_STR, &format }, { "since", 0, FLAG_STR, &since },
		{ "until", 0, FLAG_STR, &until }, { "incremental", 0, FLAG_BOOL, &incremental },
		{ "out", 'o', FLAG_STR, &out }, { NULL, 0, 0, NULL },
	};
	struct sink s = { 0 };
	struct buf path = BUF_INIT, tmp = BUF_INIT;
	char iso[TIME_ISO_LEN], *mark = NULL, *new_mark = NULL;
	int fd = -1;

	if (!flags_parse(cli, &cmd_export, argc, argv, flags, 0, 0, NULL, NULL, NULL, &rc))
		return rc;
	if (flag_enum(cli, "format", format, formats))
		return EXIT_USAGE;
	if (since && incremental) {
		cli_error(cli, "--since and --incremental exclude each other");
		return EXIT_USAGE;
	}
	if (cli->offline) {
		cli_error(cli, "export needs the server; it cannot run --offline");
		return EXIT_USAGE;
	}
	buf_addstr(&path, "/api/v1/export/sales-calls");
	query_add(&path, "format", strcmp(format, "csv") ? "ndjson" : "csv");
	if (since) {
		if (parse_when(cli, "since", since, iso))
			return EXIT_USAGE;
		query_add(&path, "since", iso);
	}
	if (incremental && (mark = cache_meta_get(cli, MARK_KEY)))
		query_add(&path, "since", mark);
	if (until) {
		if (parse_when(cli, "until", until, iso)) {
			rc = EXIT_USAGE;
			goto out;
		}
		query_add(&path, "until", iso);
	}

	if (out) {
		buf_addf(&tmp, "%s.tmp.XXXXXX", out);
		fd = mkstemp(tmp.s);
		if (fd < 0 || !(s.f = fdopen(fd, "w"))) {
			cli_error(cli, "cannot write next to %s: %s", out, strerror(errno));
			if (fd >= 0)
				close(fd);
			rc = EXIT_FAIL;
			goto out;
		}
	} else {
		s.f = stdout;
	}
	s.json = !strcmp(format, "json");
	s.first = 1;
	buf_init(&s.line);
	s.progress = isatty(2) && !(out == NULL && isatty(1));
	s.t0_us = time_mono_us();
	rc = api_stream_get(cli, path.s, on_data, &s, "x-export-until", &new_mark);
	if (rc == EXIT_OK && s.json)
		if (put_element(&s, s.line.s, s.line.len) || put(&s, s.first ? "[]\n" : "\n]\n", 3))
			rc = EXIT_FAIL;
	if (s.error) {
		cli_error(cli, "writing %s: %s", out ? out : "standard output", strerror(s.error));
		rc = EXIT_FAIL;
	}
	if (rc == EXIT_OK && (fflush(s.f) || (out && fsync(fileno(s.f))))) {
		cli_error(cli, "writing %s: %s", out ? out : "standard output", strerror(errno));
		rc = EXIT_FAIL;
	}
	if (s.progress)
		show_progress(&s, 1);
	if (out) {
		if (fclose(s.f) && rc == EXIT_OK) {
			cli_error(cli, "writing %s: %s", out, strerror(errno));
			rc = EXIT_FAIL;
		}
		if (rc == EXIT_OK && rename(tmp.s, out)) {
			cli_error(cli, "cannot rename the export to %s: %s", out, strerror(errno));
			rc = EXIT_FAIL;
		}
		if (rc != EXIT_OK) {
			unlink(tmp.s);
			fprintf(stderr, "salesan: nothing was written to %s\n", out);
		}
	}
	if (rc == EXIT_OK && incremental && new_mark &&
	    cache_meta_set(cli, MARK_KEY, new_mark) != 0) {
		cli_error(cli, "the export succeeded but its mark could not be saved in the cache; "
			       "the next --incremental export will repeat these calls");
		rc = EXIT_FAIL;
	}
	if (rc == EXIT_OK && out && !cli->json)
		fprintf(stderr, "Export written to %s (%.1f kB)\n", out, (double)s.bytes / 1e3);
	buf_free(&s.line);
out:
	free(mark);
	free(new_mark);
	buf_free(&path);
	buf_free(&tmp);
	return rc;
}

static const struct subcmd subs[] = { { "calls", calls }, { NULL, NULL } };

static int run(struct cli *cli, int argc, char **argv)
{
	return subcmd_run(cli, &cmd_export, subs, NULL, argc, argv);
}

const struct command cmd_export = {
	"export", "export calls as CSV, NDJSON or JSON (streamed; --incremental for cron)", usage,
	run,
};
