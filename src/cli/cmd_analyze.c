/*
 * cmd_analyze.c - salesan analyze: score a call against a training script.
 *
 *   salesan analyze --transcript FILE --script FILE [--rep NAME] [--format F]
 *   salesan analyze CALL_ID
 *
 * The first form runs the analysis engine locally, with no server; the
 * second shows the analysis the server stored for a call.
 */
#include "cli.h"
#include "client.h"
#include "output.h"
#include "analysis/engine.h"
#include "common/ids.h"
#include "common/json.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
	"usage: salesan analyze --transcript FILE --script FILE [--rep NAME] [--format F] [--json]\n"
	"       salesan analyze CALL_ID [--json]\n"
	"\n"
	"Score a sales call against a training script: stages covered (with the\n"
	"rep's words as evidence), objections raised and handled, forbidden\n"
	"phrases, talk ratio, questions, monologues, filler words and sentiment,\n"
	"with an overall score and specific recommendations.\n"
	"\n"
	"The first form works offline.  FILE may be - for standard input.\n"
	"Transcript formats are recognised from the content: otter (Otter TXT),\n"
	"srt, vtt, json (salesan), whisper, deepgram, assemblyai, plain\n"
	"(\"Speaker: text\" lines); --format forces one.  The script is a JSON\n"
	"object with stages, objections and forbidden (see share/salesan/scripts/).\n"
	"Without --rep, the rep is inferred and the result says so.\n"
	"\n"
	"The second form shows the analysis stored on the server for a call.\n"
	"\n"
	"Options:\n"
	"  -t, --transcript FILE   the call's transcript\n"
	"  -s, --script FILE       the training script (JSON)\n"
	"  -r, --rep NAME          the rep's speaker name or id\n"
	"  -f, --format F          transcript format (default: detect)\n"
	"      --json              print the scorecard as JSON\n";

#define SCRIPT_MAX_BYTES (4u * 1024 * 1024)

static char *read_input(const char *path, size_t max, size_t *len)
{
	size_t cap = 65536, n = 0;
	char *b;
	ssize_t k;

	if (strcmp(path, "-"))
		return read_file(path, max, len);
	b = malloc(cap + 1);
	if (!b)
		return NULL;
	while ((k = read(0, b + n, cap - n)) > 0) {
		n += (size_t)k;
		if (n > max) {
			free(b);
			errno = EFBIG;
			return NULL;
		}
		if (n == cap) {
			char *g = realloc(b, cap * 2 + 1);
			if (!g) {
				free(b);
				return NULL;
			}
			b = g;
			cap *= 2;
		}
	}
	if (k < 0) {
		free(b);
		return NULL;
	}
	b[n] = '\0';
	*len = n;
	return b;
}

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

static void print_scorecard(struct cli *cli, const cJSON *sc)
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

static int offline(struct cli *cli, const char *tpath, const char *spath, const char *rep,
		   const char *format)
{
	struct analysis_ctx *ctx = NULL;
	struct script_model *model = NULL;
	struct transcript t = { 0 };
	enum transcript_format f = TF_AUTO;
	char *tdata = NULL, *sdata = NULL, err[256];
	cJSON *script = NULL, *sc = NULL;
	const char *jerr = NULL;
	size_t tlen = 0, slen = 0;
	int rc = EXIT_FAIL;

	if (format) {
		int k = transcript_format_from_name(format);
		if (k < 0) {
			cli_error(cli, "unknown format \"%s\" (otter, srt, vtt, json, whisper, deepgram,"
				       " assemblyai, plain)", format);
			return EXIT_USAGE;
		}
		f = (enum transcript_format)k;
	}
	if (!(tdata = read_input(tpath, TRANSCRIPT_MAX_BYTES, &tlen))) {
		cli_error(cli, "%s: %s", tpath, errno == EFBIG ? "transcript too large" : strerror(errno));
		goto out;
	}
	if (!(sdata = read_input(spath, SCRIPT_MAX_BYTES, &slen))) {
		cli_error(cli, "%s: %s", spath, errno == EFBIG ? "script too large" : strerror(errno));
		goto out;
	}
	script = json_parse(sdata, slen, JSON_MAX_DEPTH, &jerr);
	if (!cJSON_IsObject(script)) {
		cli_error(cli, "%s: %s", spath, jerr ? jerr : "a script is a JSON object");
		goto out;
	}
	if (cJSON_IsObject(json_get(script, "data"))) { /* an API answer */
		cJSON *d = cJSON_DetachItemFromObject(script, "data");
		cJSON_Delete(script);
		script = d;
	}
	if (transcript_import(tdata, tlen, f, &t, NULL, err, sizeof err)) {
		cli_error(cli, "%s: %s", tpath, err);
		goto out;
	}
	if (!(ctx = analysis_ctx_new())) {
		cli_error(cli, "cannot create the English stemmer");
		goto out;
	}
	if (!(model = script_model_new(ctx, script, err, sizeof err))) {
		cli_error(cli, "%s: %s", spath, err);
		goto out;
	}
	if (!(sc = analyze_transcript(ctx, model, &t, rep, err, sizeof err))) {
		cli_error(cli, "%s", err);
		rc = EXIT_USAGE;
		goto out;
	}
	if (cli->json)
		output_json(sc);
	else
		print_scorecard(cli, sc);
	rc = EXIT_OK;
out:
	cJSON_Delete(sc);
	cJSON_Delete(script);
	script_model_free(model);
	analysis_ctx_free(ctx);
	transcript_free(&t);
	free(tdata);
	free(sdata);
	return rc;
}

static int from_server(struct cli *cli, const char *id)
{
	struct api_resp r;
	char path[128];
	int rc;

	if (!uuid_valid(id)) {
		cli_error(cli, "\"%s\" is not a call id", id);
		return EXIT_USAGE;
	}
	snprintf(path, sizeof path, "/api/v1/sales-calls/%s/analysis", id);
	rc = api_call(cli, "GET", path, NULL, API_AUTH, &r);
	if (rc == EXIT_OK) {
		if (cli->json)
			output_json(r.data);
		else
			print_scorecard(cli, r.data);
	}
	api_resp_free(&r);
	return rc;
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "transcript", required_argument, NULL, 't' },
		{ "script", required_argument, NULL, 's' },
		{ "rep", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *tpath = NULL, *spath = NULL, *rep = NULL, *format = NULL;
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "t:s:r:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 't': tpath = optarg; break;
		case 's': spath = optarg; break;
		case 'r': rep = optarg; break;
		case 'f': format = optarg; break;
		case 'h': return cli_usage(&cmd_analyze, 0);
		default: return cli_usage(&cmd_analyze, 1);
		}
	}
	if (optind < argc) {
		if (tpath || spath || optind + 1 < argc)
			return cli_usage(&cmd_analyze, 1);
		return from_server(cli, argv[optind]);
	}
	if (!tpath || !spath) {
		cli_error(cli, "give --transcript and --script, or a call id");
		return cli_usage(&cmd_analyze, 1);
	}
	return offline(cli, tpath, spath, rep, format);
}

const struct command cmd_analyze = { "analyze", "score a call against a training script", usage,
				     run };
