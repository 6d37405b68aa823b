/*
 * cmd_transcribe.c - salesan transcribe: speech to a timed transcript.
 *
 *   salesan transcribe FILE.wav|- [--format text|json|srt|vtt] [--call ID]
 *
 * Runs offline with the configured recogniser (speech_in.h); with --call
 * the transcript is also stored on the server for that call, which
 * analyses it.
 */
#include "cli.h"
#include "client.h"
#include "output.h"
#include "speech_in.h"
#include "common/buf.h"
#include "common/ids.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
	"usage: salesan transcribe FILE.wav|- [options]\n"
	"\n"
	"Examples:\n"
	"  salesan transcribe call.wav\n"
	"  salesan transcribe call.wav --format srt --out call.srt\n"
	"  salesan transcribe call.wav --call 3f2a...   # and store it on the call\n"
	"\n"
	"Turn a call recording into a timed transcript with rep and customer\n"
	"turns.  WAV files (PCM 8-32 bit or float, mono or stereo, any common\n"
	"rate) are read as they stream; - reads standard input, and --rate\n"
	"takes raw signed 16-bit little-endian PCM instead.  Stereo recordings\n"
	"give each side its own channel (exact attribution); in mono, the two\n"
	"voices are told apart by pitch and the result says it is an estimate.\n"
	"\n"
	"Recognisers: pocketsphinx (offline, the default) or whisper-http (set\n"
	"SPEECH_WHISPER_URL).  See salesan-transcribe(1).\n"
	"\n"
	"Options:\n"
	"  -f, --format F        text (default), json, srt or vtt\n"
	"  -o, --out FILE        write there instead of standard output\n"
	"  -b, --backend B       pocketsphinx or whisper-http\n"
	"      --rep-channel C   stereo: left (default) or right is the rep\n"
	"      --rate HZ         the input is raw s16le PCM at HZ\n"
	"      --channels N      with --rate: 1 (default) or 2\n"
	"      --rep NAME        the rep's display name (default Rep)\n"
	"      --customer NAME   the customer's display name (default Customer)\n"
	"      --call ID         also store the transcript on the server for call ID\n"
	"      --partials        show partial hypotheses on stderr as speech is decoded\n"
	"      --json            the same as --format json\n";

static void stamp(struct buf *b, int64_t ms, char frac_sep)
{
	if (ms < 0)
		ms = 0;
	buf_addf(b, "%02lld:%02lld:%02lld%c%03lld", (long long)(ms / 3600000),
		 (long long)(ms / 60000 % 60), (long long)(ms / 1000 % 60), frac_sep,
		 (long long)(ms % 1000));
}

/* SRT (vtt = 0) or WebVTT (vtt = 1) cues, "Name: text". */
static char *subtitles(const struct transcript *t, int vtt)
{
	struct buf b = BUF_INIT;

	if (vtt)
		buf_addstr(&b, "WEBVTT\n\n");
	for (int i = 0; i < t->nturns; i++) {
		const struct turn *u = &t->turns[i];

		if (!vtt)
			buf_addf(&b, "%d\n", i + 1);
		stamp(&b, u->start_ms, vtt ? '.' : ',');
		buf_addstr(&b, " --> ");
		stamp(&b, u->end_ms, vtt ? '.' : ',');
		buf_addf(&b, "\n%s: %s\n\n", t->speakers[u->speaker].name, u->text);
	}
	return buf_detach(&b, NULL);
}

static int store(struct cli *cli, const char *call, cJSON *doc)
{
	struct api_resp r;
	char path[128];
	int rc;

	snprintf(path, sizeof path, "/api/v1/sales-calls/%s/transcript", call);
	rc = api_call(cli, "PUT", path, doc, API_AUTH, &r);
	api_resp_free(&r);
	return rc;
}

static int write_out(struct cli *cli, const char *out, const char *text)
{
	FILE *f = out ? fopen(out, "w") : stdout;

	if (!f) {
		cli_error(cli, "%s: cannot write", out);
		return EXIT_FAIL;
	}
	fputs(text, f);
	if (out ? fclose(f) : fflush(f)) {
		cli_error(cli, "%s: write failed", out ? out : "standard output");
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int run(struct cli *cli, int argc, char **argv)
{
	enum { O_REPCH = 256, O_RATE, O_CHANNELS, O_REP, O_CUSTOMER, O_CALL, O_PARTIALS };
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "out", required_argument, NULL, 'o' },
		{ "backend", required_argument, NULL, 'b' },
		{ "rep-channel", required_argument, NULL, O_REPCH },
		{ "rate", required_argument, NULL, O_RATE },
		{ "channels", required_argument, NULL, O_CHANNELS },
		{ "rep", required_argument, NULL, O_REP },
		{ "customer", required_argument, NULL, O_CUSTOMER },
		{ "call", required_argument, NULL, O_CALL },
		{ "partials", no_argument, NULL, O_PARTIALS },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct speech_file_opts so = { 0 };
	struct transcript t = { 0 };
	const char *format = cli->json ? "json" : "text", *out = NULL, *call = NULL;
	char *text = NULL;
	cJSON *doc = NULL;
	int c, rc, estimated;

	optind = 0;
	while ((c = getopt_long(argc, argv, "f:o:b:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f': format = optarg; break;
		case 'o': out = optarg; break;
		case 'b': so.backend = optarg; break;
		case O_REPCH:
			if (speech_opt_rep_channel(cli, optarg, &so))
				return EXIT_USAGE;
			break;
		case O_RATE:
			if (speech_opt_rate(cli, optarg, &so))
				return EXIT_USAGE;
			break;
		case O_CHANNELS:
			if (speech_parse_int(optarg, 1, 2, &so.raw_channels)) {
				cli_error(cli, "--channels is 1 or 2");
				return EXIT_USAGE;
			}
			break;
		case O_REP: so.rep_name = optarg; break;
		case O_CUSTOMER: so.customer_name = optarg; break;
		case O_PARTIALS: so.partials = 1; break;
		case O_CALL:
			if (!uuid_valid(optarg)) {
				cli_error(cli, "\"%s\" is not a call id", optarg);
				return EXIT_USAGE;
			}
			call = optarg;
			break;
		case 'h': return cli_usage(&cmd_transcribe, 0);
		default: return cli_usage(&cmd_transcribe, 1);
		}
	}
	if (optind + 1 != argc)
		return cli_usage(&cmd_transcribe, 1);
	if (strcmp(format, "text") && strcmp(format, "json") && strcmp(format, "srt") &&
	    strcmp(format, "vtt")) {
		cli_error(cli, "unknown format \"%s\" (text, json, srt, vtt)", format);
		return EXIT_USAGE;
	}
	rc = speech_transcribe_file(cli, argv[optind], &so, &t, &estimated);
	if (rc != EXIT_OK)
		goto done;
	doc = transcript_to_json(&t);
	cJSON_AddBoolToObject(doc, "speakersEstimated", estimated);
	if (!strcmp(format, "json"))
		text = cJSON_Print(doc);
	else if (!strcmp(format, "text"))
		text = transcript_to_text(&t);
	else
		text = subtitles(&t, !strcmp(format, "vtt"));
	if (!strcmp(format, "json") && text) {
		size_t n = strlen(text);
		char *p = realloc(text, n + 2);

		if (p) {
			text = p;
			memcpy(text + n, "\n", 2);
		}
	}
	rc = write_out(cli, out, text ? text : "");
	if (rc == EXIT_OK && estimated && !cli->json && isatty(2))
		cli_warn(cli, "mono recording: rep and customer were told apart by voice pitch "
			      "(an estimate)");
	if (rc == EXIT_OK && call)
		rc = store(cli, call, doc);
done:
	free(text);
	cJSON_Delete(doc);
	transcript_free(&t);
	return rc;
}

const struct command cmd_transcribe = { "transcribe", "turn a call recording into a transcript",
					usage, run };
