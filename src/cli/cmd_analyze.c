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
#include "speech_in.h"
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
	"       salesan analyze RECORDING.wav --script FILE [--json]\n"
	"       salesan analyze CALL_ID [--json]\n"
	"\n"
	"Examples:\n"
	"  salesan analyze --transcript call.txt --script share/salesan/scripts/discovery.json\n"
	"  salesan analyze recording.wav --script discovery.json --json\n"
	"  salesan analyze 3f2a...                # a stored call's scorecard\n"
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
	"A WAV recording is transcribed first, offline, as salesan transcribe\n"
	"does (stereo: the left channel is the rep).\n"
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
	if (!strcmp(tpath, "-") ? 0 : speech_is_wav(tpath)) {
		struct speech_file_opts so = { 0 };
		int estimated;

		if ((rc = speech_transcribe_file(cli, tpath, &so, &t, &estimated)) != EXIT_OK)
			goto out;
		rc = EXIT_FAIL;
	} else if (!(tdata = read_input(tpath, TRANSCRIPT_MAX_BYTES, &tlen))) {
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
	if (tdata && transcript_import(tdata, tlen, f, &t, NULL, err, sizeof err)) {
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
		output_scorecard(cli, sc);
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
	rc = api_get(cli, path, &r);
	if (rc == EXIT_OK) {
		if (cli->json)
			output_json(r.data);
		else
			output_scorecard(cli, r.data);
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
		if (tpath || optind + 1 < argc)
			return cli_usage(&cmd_analyze, 1);
		if (uuid_valid(argv[optind]) && !spath)
			return from_server(cli, argv[optind]);
		tpath = argv[optind]; /* a recording or a transcript */
	}
	if (!tpath || !spath) {
		cli_error(cli, "give --transcript and --script, or a call id");
		return cli_usage(&cmd_analyze, 1);
	}
	return offline(cli, tpath, spath, rep, format);
}

const struct command cmd_analyze = { "analyze", "score a call against a training script", usage,
				     run };
