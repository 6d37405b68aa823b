/*
 * cmd_record.c - salesan record: a rep's live call.
 *
 * Creates the call if needed, starts a live session and streams the call's
 * turns to the live hub as transcript segments (from a transcript file at
 * real pace, or faster with --speed), while showing the stages the rep
 * covers, the manager's interventions the moment they arrive (with a
 * bell), and alerts.  A line typed on standard input answers the last
 * intervention.  At the end (or on Ctrl-C) the session is ended and the
 * call's scorecard printed.
 */
#include "cli.h"
#include "client.h"
#include "live_client.h"
#include "outbox.h"
#include "speech_in.h"
#include "speech/resample.h"
#include "output.h"
#include "when.h"
#include "analysis/engine.h"
#include "common/conf.h"
#include "common/fsutil.h"
#include "common/ids.h"
#include "common/json.h"
#include "common/timeutil.h"
#include "common/xmalloc.h"

#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
	"usage: salesan record (--call ID | --customer NAME [--date WHEN] [--email E])\n"
	"                      --transcript-from FILE|- [--speed N] [--rep NAME] [--format F]\n"
	"       salesan record ... --audio-from FILE.wav|- [--rate HZ] [--rep-channel C] [--speed N]\n"
	"       salesan record ... --mic [--device NAME]\n"
	"\n"
	"Examples:\n"
	"  salesan record --customer \"Globex\" --transcript-from call.txt\n"
	"  salesan record --call 3f2a... --mic\n"
	"  salesan record --customer \"Initech\" --audio-from call.wav --stt server\n"
	"\n"
	"Run a live call: start a live session for the call (creating the call when\n"
	"--customer is given), stream its transcript to the server so managers can\n"
	"watch and intervene, and show the stages you cover and the interventions\n"
	"you receive as they happen.  Type a line and Enter to answer the last\n"
	"intervention.  At the end of the transcript, or on Ctrl-C, the session is\n"
	"ended and the call's scorecard printed.\n"
	"\n"
	"  --transcript-from FILE  a transcript in any format salesan reads (- for\n"
	"                          standard input), streamed turn by turn\n"
	"  --speed N               N times real time (default 1; 0 = no waiting)\n"
	"  --rep NAME              which speaker is you (default: inferred)\n"
	"  --format F              the transcript's format (default: detect)\n"
	"  --audio-from FILE|-     a WAV recording (or standard input: WAV, or raw\n"
	"                          s16le PCM with --rate), transcribed as it plays\n"
	"                          (see salesan transcribe; mono is all you, stereo\n"
	"                          puts you on --rep-channel, default left)\n"
	"  --mic                   record from the microphone (ALSA, --device NAME)\n"
	"  --stt local|server      where audio is transcribed: here (default; works\n"
	"                          offline) or by the server (needs the connection)\n"
	"  --json                  print the final scorecard as JSON\n";

static volatile sig_atomic_t g_stop;

static void on_signal(int sig)
{
	(void)sig;
	g_stop = 1;
}

struct rec {
	struct cli *cli;
	struct live_client *lc;
	char session[UUID_STR_LEN];
	char last_intervention[UUID_STR_LEN];
	cJSON *covered; /* stage ids announced */
	int stdin_open;
	char line[4096];
	size_t linelen;
	int audio_done;     /* the hub finished transcribing our audio (--stt server) */
	int transcribed;    /* turns the hub transcribed from our audio */
};

static void clock_text(double ms, char *out, size_t n)
{
	long s = (long)(ms / 1000);

	snprintf(out, n, "%ld:%02ld", s / 60, s % 60);
}

static void handle(struct rec *r, cJSON *m)
{
	const char *ev = json_str(m, "event");
	const cJSON *d = json_get(m, "data"), *st;
	char a[1024], t[32];

	if (!ev)
		return;
	if (!strcmp(ev, "live_analysis")) {
		cJSON_ArrayForEach(st, json_get(d, "stages")) {
			const char *id = json_str(st, "id");
			int seen = 0;
			const cJSON *x;
			if (!json_true(st, "covered") || !id)
				continue;
			cJSON_ArrayForEach(x, r->covered)
				seen |= !strcmp(x->valuestring, id);
			if (seen)
				continue;
			cJSON_AddItemToArray(r->covered, cJSON_CreateString(id));
			clock_text(cJSON_GetNumberValue(json_get(st, "atMs")), t, sizeof t);
			printf("%s %s (%s)\n", paint(r->cli->color, C_GREEN, "\xe2\x9c\x93", a, sizeof a),
			       json_str(st, "name"), t);
		}
	} else if (!strcmp(ev, "manager_intervention")) {
		char head[160];
		snprintf(head, sizeof head, "[%s from %s]", json_str(d, "type") ? json_str(d, "type") : "whisper",
			 json_str(d, "from") ? json_str(d, "from") : "your manager");
		printf("\a%s %s\n", paint(r->cli->color, "1;33", head, a, sizeof a), json_str(d, "message"));
		if (json_str(d, "id"))
			snprintf(r->last_intervention, sizeof r->last_intervention, "%s", json_str(d, "id"));
		if (r->stdin_open)
			printf("%s\n", paint(r->cli->color, C_DIM, "  (type a reply and press Enter)", a, sizeof a));
	} else if (!strcmp(ev, "alert")) {
		const char *k = json_str(d, "kind");
		if (k && strcmp(k, "stage_covered"))
			printf("%s %s\n", paint(r->cli->color, C_YELLOW, "!", a, sizeof a), json_str(d, "message"));
	} else if (!strcmp(ev, "transcript_segment") && json_true(d, "transcribed")) {
		clock_text(cJSON_GetNumberValue(json_get(d, "startMs")), t, sizeof t);
		printf("%s %s: %s\n", paint(r->cli->color, C_DIM, t, a, sizeof a),
		       json_str(d, "role") && !strcmp(json_str(d, "role"), "customer") ? "customer" : "you",
		       json_str(d, "text"));
		r->transcribed++;
	} else if (!strcmp(ev, "audio_done")) {
		r->audio_done = 1;
	} else if (!strcmp(ev, "response_sent")) {
		printf("%s\n", paint(r->cli->color, C_DIM, "  (reply sent)", a, sizeof a));
	} else if (!strcmp(ev, "error")) {
		cli_warn(r->cli, "live hub: %s (%s)", json_str(d, "message"), json_str(d, "code"));
	}
	fflush(stdout);
}

/* A line typed on standard input answers the last intervention. */
static void read_replies(struct rec *r)
{
	struct pollfd p = { 0, POLLIN, 0 };
	ssize_t k;
	char *nl;

	if (!r->stdin_open || poll(&p, 1, 0) <= 0)
		return;
	k = read(0, r->line + r->linelen, sizeof r->line - 1 - r->linelen);
	if (k <= 0) {
		r->stdin_open = 0;
		return;
	}
	r->linelen += (size_t)k;
	while ((nl = memchr(r->line, '\n', r->linelen))) {
		size_t n = (size_t)(nl - r->line);
		if (n) {
			cJSON *d = cJSON_CreateObject();
			char *msg = strndup(r->line, n);
			cJSON_AddStringToObject(d, "sessionId", r->session);
			if (r->last_intervention[0])
				cJSON_AddStringToObject(d, "interventionId", r->last_intervention);
			cJSON_AddStringToObject(d, "message", msg);
			free(msg);
			live_client_send(r->lc, "sales_rep_response", d);
		}
		memmove(r->line, nl + 1, r->linelen - n - 1);
		r->linelen -= n + 1;
	}
	if (r->linelen == sizeof r->line - 1)
		r->linelen = 0;
}

/* Service the connection until the monotonic deadline (µs). */
static int pump_until(struct rec *r, int64_t deadline)
{
	int closed = 0;

	do {
		int64_t left = (deadline - time_mono_us()) / 1000;
		cJSON *m = live_client_poll(r->lc, left > 100 ? 100 : left > 0 ? (int)left : 0, &closed);
		if (m) {
			handle(r, m);
			cJSON_Delete(m);
		}
		read_replies(r);
	} while (!closed && !g_stop && time_mono_us() < deadline);
	return closed ? -1 : 0;
}

static int start_session(struct cli *cli, const char *call, char id[UUID_STR_LEN])
{
	struct api_resp resp;
	cJSON *b = cJSON_CreateObject();
	char path[64];
	int rc;

	cJSON_AddStringToObject(b, "salesCallId", call);
	snprintf(path, sizeof path, "/api/v1/live-sessions");
	rc = api_call_quiet(cli, "POST", path, b, API_AUTH, &resp);
	cJSON_Delete(b);
	if (rc != EXIT_OK && resp.code && !strcmp(resp.code, "LIVE_SESSION_EXISTS")) {
		const cJSON *det = json_get(json_get(resp.json, "error"), "details");
		if (cJSON_IsString(det) && uuid_valid(det->valuestring)) {
			snprintf(id, UUID_STR_LEN, "%s", det->valuestring);
			api_resp_free(&resp);
			return EXIT_OK;
		}
	}
	if (rc != EXIT_OK) {
		api_report(cli, &resp, rc);
		api_resp_free(&resp);
		return rc;
	}
	snprintf(id, UUID_STR_LEN, "%s", json_str(resp.data, "id"));
	api_resp_free(&resp);
	return EXIT_OK;
}

static int create_call(struct cli *cli, const char *customer, const char *date, const char *email,
		       char id[UUID_STR_LEN])
{
	struct api_resp resp;
	cJSON *b = cJSON_CreateObject();
	int64_t ms = time_now_ms();
	char iso[40];
	int rc;

	if (date && when_parse(date, &ms)) {
		cJSON_Delete(b);
		cli_error(cli, "--date: cannot read \"%s\"", date);
		return EXIT_USAGE;
	}
	time_format_iso(ms, iso, sizeof iso);
	cJSON_AddStringToObject(b, "customerName", customer);
	cJSON_AddStringToObject(b, "appointmentDate", iso);
	if (email)
		cJSON_AddStringToObject(b, "customerEmail", email);
	rc = api_call(cli, "POST", "/api/v1/sales-calls", b, API_AUTH, &resp);
	cJSON_Delete(b);
	if (rc == EXIT_OK)
		snprintf(id, UUID_STR_LEN, "%s", json_str(resp.data, "id"));
	api_resp_free(&resp);
	return rc;
}

/* Wait until the deadline while offline (nothing to service). */
static void sleep_until(int64_t deadline)
{
	while (!g_stop && time_mono_us() < deadline) {
		int64_t left = deadline - time_mono_us();
		usleep((useconds_t)(left > 50000 ? 50000 : left > 0 ? left : 0));
	}
}

/* Waiting for audio to be spoken: keep the live connection turning. */
struct wait_ctx {
	struct rec *r;
	int *offline;
};

static int pump_until(struct rec *r, int64_t deadline);

static void wait_audio(void *ctx, int64_t due)
{
	struct wait_ctx *w = ctx;

	if (*w->offline || !w->r->lc || pump_until(w->r, due) < 0)
		sleep_until(due);
}

/* Send turn i of t (segment id sid) on the live connection. */
static int send_segment(struct rec *r, const struct transcript *t, int i, int repi, const char *sid)
{
	const struct turn *u = &t->turns[i];
	cJSON *d = cJSON_CreateObject();

	cJSON_AddStringToObject(d, "sessionId", r->session);
	cJSON_AddStringToObject(d, "segmentId", sid);
	cJSON_AddStringToObject(d, "speaker", t->speakers[u->speaker].name);
	cJSON_AddStringToObject(d, "role", u->speaker == repi ? "rep" : "customer");
	cJSON_AddNumberToObject(d, "startMs", (double)u->start_ms);
	cJSON_AddNumberToObject(d, "endMs", (double)u->end_ms);
	cJSON_AddStringToObject(d, "text", u->text);
	return live_client_send(r->lc, "transcript_segment", d);
}

/*
 * The connection dropped: reconnect with backoff (0.25 s doubling to 4 s,
 * about 8 s in all), rejoin, and send again the first upto turns (the hub
 * keeps each segment id once, so resending is harmless).  0 when back
 * online, -1 to go on offline.
 */
static int reconnect(struct rec *r, const struct transcript *t, int repi, char (*sids)[UUID_STR_LEN],
		     int upto)
{
	int64_t delay = 250000;
	char err[256];
	cJSON *d;
	int i;

	live_client_close(r->lc, 0);
	r->lc = NULL;
	while (!g_stop && delay <= 4000000) {
		sleep_until(time_mono_us() + delay);
		delay *= 2;
		r->lc = live_client_connect(r->cli->server, client_token(r->cli), 2000, err, sizeof err);
		if (!r->lc)
			continue;
		d = cJSON_CreateObject();
		cJSON_AddStringToObject(d, "sessionId", r->session);
		live_client_send(r->lc, "join_live_session", d);
		for (i = 0; i < upto; i++)
			send_segment(r, t, i, repi, sids[i]);
		cli_warn(r->cli, "reconnected to the live session");
		return 0;
	}
	return -1;
}

/* Keep the first n turns of t in the outbox. */
static int save_offline(struct cli *cli, const struct transcript *t, int n, const char *call,
			const char *customer, const char *date, const char *email,
			const char *session)
{
	struct outbox_entry e;
	cJSON *j = transcript_to_json(t), *segs = cJSON_GetObjectItemCaseSensitive(j, "segments");
	int64_t ms = time_now_ms();
	char iso[40], err[256];
	int rc;

	while (cJSON_GetArraySize(segs) > n)
		cJSON_DeleteItemFromArray(segs, cJSON_GetArraySize(segs) - 1);
	if (date)
		when_parse(date, &ms);
	time_format_iso(ms, iso, sizeof iso);
	memset(&e, 0, sizeof e);
	e.call_id = (char *)(call && call[0] ? call : NULL);
	e.customer = (char *)customer;
	e.date = iso;
	e.email = (char *)email;
	e.session_id = (char *)(session && session[0] ? session : NULL);
	e.transcript = j;
	rc = outbox_add(&e, err, sizeof err);
	cJSON_Delete(j);
	if (rc) {
		cli_error(cli, "%s", err);
		return EXIT_FAIL;
	}
	fprintf(stderr, "saved the call (%d segments) to the outbox; run `salesan sync` when the"
			" server is back\n", n);
	return EXIT_OK;
}

/*
 * --stt server: send the audio to the hub as 16 kHz s16le binary frames of
 * 100 ms, at the audio's pace for files: mono as the rep, stereo as two
 * channels with the rep (rep_channel) first.  The hub transcribes it and
 * streams the turns back; at the end, wait for it to finish the last
 * utterances.
 */
static int stream_to_hub(struct rec *r, struct audio_in *a, int rep_channel, double speed,
			 int paced)
{
	int ch = audio_channels(a), rc = EXIT_OK;
	struct resampler *rs[2] = { resampler_new(audio_rate(a), STT_RATE),
				    ch == 2 ? resampler_new(audio_rate(a), STT_RATE) : NULL };
	size_t chunk = (size_t)audio_rate(a) / 10, k = 0, cap;
	int16_t *in = xmalloc(chunk * 2 * sizeof *in), *out[2] = { NULL, NULL };
	unsigned char *bytes = NULL;
	int64_t frames = 0, t0 = time_mono_us(), deadline;
	cJSON *d;
	long n = 0;

	if (!rs[0] || (ch == 2 && !rs[1])) {
		cli_error(r->cli, "cannot resample from %d Hz", audio_rate(a));
		rc = EXIT_FAIL;
		goto out;
	}
	cap = resampler_max_out(rs[0], chunk) + resampler_max_out(rs[0], 64);
	out[0] = xmalloc(cap * sizeof **out);
	out[1] = xmalloc(cap * sizeof **out);
	bytes = xmalloc(cap * 4);
	d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "sessionId", r->session);
	cJSON_AddNumberToObject(d, "channels", ch);
	cJSON_AddNumberToObject(d, "sampleRate", STT_RATE);
	live_client_send(r->lc, "audio_format", d);
	for (;;) {
		int last = g_stop || (n = audio_read(a, in, chunk)) <= 0;

		for (int c = 0; c < ch; c++) { /* out[0] the rep, out[1] the customer */
			int src = ch == 2 ? (c == 0 ? rep_channel : 1 - rep_channel) : 0;

			k = last ? resampler_flush(rs[c], out[c])
				 : resampler_push(rs[c], in + src, (size_t)n, (size_t)ch, out[c]);
		}
		for (size_t i = 0; i < k; i++)
			for (int c = 0; c < ch; c++) {
				bytes[(i * (size_t)ch + (size_t)c) * 2] = (unsigned char)((uint16_t)out[c][i] & 0xff);
				bytes[(i * (size_t)ch + (size_t)c) * 2 + 1] = (unsigned char)((uint16_t)out[c][i] >> 8);
			}
		if (k && live_client_send_binary(r->lc, bytes, k * 2 * (size_t)ch)) {
			cli_error(r->cli, "the live connection is gone: %s", live_client_error(r->lc));
			rc = EXIT_UNREACHABLE;
			goto out;
		}
		if (last)
			break;
		frames += n;
		if (pump_until(r, paced && speed > 0 ? t0 + (int64_t)((double)frames * 1e6 /
								       audio_rate(a) / speed)
						     : time_mono_us()) < 0) {
			cli_error(r->cli, "the live connection is gone: %s", live_client_error(r->lc));
			rc = EXIT_UNREACHABLE;
			goto out;
		}
	}
	if (n < 0) {
		cli_error(r->cli, "%s", audio_error(a));
		rc = EXIT_FAIL;
	}
	d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "sessionId", r->session);
	live_client_send(r->lc, "audio_end", d);
	deadline = time_mono_us() + 120 * 1000000LL;
	while (!r->audio_done && !g_stop && time_mono_us() < deadline)
		if (pump_until(r, time_mono_us() + 100000) < 0)
			break;
	if (!r->audio_done && !g_stop)
		cli_warn(r->cli, "the server did not finish transcribing; ending the call anyway");
out:
	resampler_free(rs[0]);
	resampler_free(rs[1]);
	free(in);
	free(out[0]);
	free(out[1]);
	free(bytes);
	return rc;
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "call", required_argument, NULL, 'c' },
		{ "customer", required_argument, NULL, 'C' },
		{ "date", required_argument, NULL, 'd' },
		{ "email", required_argument, NULL, 'e' },
		{ "transcript-from", required_argument, NULL, 't' },
		{ "speed", required_argument, NULL, 'S' },
		{ "rep", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ "audio-from", required_argument, NULL, 'A' },
		{ "mic", no_argument, NULL, 'M' },
		{ "device", required_argument, NULL, 'D' },
		{ "rate", required_argument, NULL, 'R' },
		{ "rep-channel", required_argument, NULL, 'P' },
		{ "stt", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct speech_file_opts so = { 0 };
	struct speech_live *live = NULL;
	const char *audio = NULL, *device = NULL;
	int mic = 0, sids_cap = 0, audio_rc = EXIT_OK, server_stt = 0, afd = -1;
	struct audio_in *hub_audio = NULL;
	const char *call = NULL, *customer = NULL, *date = NULL, *email = NULL, *from = NULL;
	const char *rep = NULL, *format = NULL;
	double speed = 1;
	struct rec r;
	struct transcript t = { 0 };
	struct analysis_ctx *ctx = NULL;
	struct script_model *empty = NULL;
	char call_id[UUID_STR_LEN], err[256], path[96], a[256];
	enum transcript_format f = TF_AUTO;
	struct api_resp resp;
	struct sigaction sa;
	int c, i, inferred, rc = EXIT_FAIL, repi, offline = 0, streamed = 0;
	char (*sids)[UUID_STR_LEN] = NULL;
	struct wait_ctx wctx;
	int64_t t0;
	size_t len;
	char *data;
	cJSON *d;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'c': call = optarg; break;
		case 'C': customer = optarg; break;
		case 'd': date = optarg; break;
		case 'e': email = optarg; break;
		case 't': from = optarg; break;
		case 'S': {
			char *end;
			speed = strtod(optarg, &end);
			if (*end || speed < 0 || speed > 10000) {
				cli_error(cli, "--speed must be a number from 0 to 10000");
				return EXIT_USAGE;
			}
			break;
		}
		case 'r': rep = optarg; break;
		case 'f': format = optarg; break;
		case 'A': audio = optarg; break;
		case 'M': mic = 1; break;
		case 'D': device = optarg; break;
		case 'R':
			if (speech_opt_rate(cli, optarg, &so))
				return EXIT_USAGE;
			break;
		case 'P':
			if (speech_opt_rep_channel(cli, optarg, &so))
				return EXIT_USAGE;
			break;
		case 'T':
			if (strcmp(optarg, "local") && strcmp(optarg, "server")) {
				cli_error(cli, "--stt is local or server");
				return EXIT_USAGE;
			}
			server_stt = !strcmp(optarg, "server");
			break;
		case 'h': return cli_usage(&cmd_record, 0);
		default: return cli_usage(&cmd_record, 1);
		}
	}
	if (optind < argc || (!call == !customer) || (!!from + !!audio + mic) != 1) {
		cli_error(cli, "give --call ID or --customer NAME, and one of --transcript-from FILE,"
			       " --audio-from FILE or --mic");
		return cli_usage(&cmd_record, 1);
	}
	if (call && !uuid_valid(call)) {
		cli_error(cli, "--call: \"%s\" is not a call id", call);
		return EXIT_USAGE;
	}
	if (format && (i = transcript_format_from_name(format)) < 0) {
		cli_error(cli, "unknown format \"%s\"", format);
		return EXIT_USAGE;
	} else if (format) {
		f = (enum transcript_format)i;
	}
	if (server_stt && !audio && !mic) {
		cli_error(cli, "--stt server needs --audio-from or --mic");
		return EXIT_USAGE;
	}
	if (server_stt) {
		int spk[2];

		hub_audio = speech_open_audio(cli, audio, &so, device, &afd);
		if (!hub_audio)
			return audio && strcmp(audio, "-") && !path_exists(audio) ? EXIT_USAGE : EXIT_FAIL;
		transcript_rep_customer(&t, rep ? rep : "Rep", customer ? customer : "Customer", spk);
		repi = spk[0];
		inferred = 0;
	} else if (audio || mic) {
		so.rep_name = rep;
		so.customer_name = customer;
		live = speech_live_open(cli, audio, &so, device, &t);
		if (!live)
			return audio && strcmp(audio, "-") && !path_exists(audio) ? EXIT_USAGE : EXIT_FAIL;
		repi = 0; /* speech_live_open names rep, then customer */
		inferred = 0;
	} else if (!(data = read_input(from, TRANSCRIPT_MAX_BYTES, &len))) {
		cli_error(cli, "%s: %s", from, errno == EFBIG ? "transcript too large" : strerror(errno));
		return EXIT_FAIL;
	} else {
		i = transcript_import(data, len, f, &t, NULL, err, sizeof err);
		free(data);
		if (i) {
			cli_error(cli, "%s: %s", from, err);
			return EXIT_FAIL;
		}
		ctx = analysis_ctx_new();
		empty = ctx ? script_model_new(ctx, NULL, err, sizeof err) : NULL;
		repi = empty ? analysis_pick_rep(ctx, empty, &t, rep, &inferred) : -1;
		script_model_free(empty);
		analysis_ctx_free(ctx);
	}
	if (repi < 0) {
		cli_error(cli, "no speaker named \"%s\" in the transcript", rep ? rep : "");
		transcript_free(&t);
		return EXIT_USAGE;
	}
	call_id[0] = '\0';
	if (customer)
		rc = create_call(cli, customer, date, email, call_id);
	else {
		snprintf(call_id, sizeof call_id, "%s", call);
		rc = EXIT_OK;
	}
	memset(&r, 0, sizeof r);
	r.cli = cli;
	r.covered = cJSON_CreateArray();
	r.stdin_open = !(from && !strcmp(from, "-")) && !(audio && !strcmp(audio, "-")) &&
		       !cli->no_input;
	if (rc == EXIT_OK)
		rc = start_session(cli, call_id, r.session);
	if (rc == EXIT_UNREACHABLE) {
		cli_warn(cli, "the server is unreachable: recording offline");
		offline = 1;
	} else if (rc != EXIT_OK) {
		goto out;
	} else {
		r.lc = live_client_connect(cli->server, client_token(cli), 5000, err, sizeof err);
		if (!r.lc) {
			cli_warn(cli, "%s: recording offline", err);
			offline = 1;
		} else {
			d = cJSON_CreateObject();
			cJSON_AddStringToObject(d, "sessionId", r.session);
			live_client_send(r.lc, "join_live_session", d);
		}
	}
	if (offline && hub_audio) {
		cli_error(cli, "--stt server needs the server; record with --stt local to keep the call "
			       "offline");
		rc = EXIT_UNREACHABLE;
		goto out;
	}
	if (hub_audio)
		fprintf(stderr, "live session %s for call %s: streaming %s to the server to transcribe\n",
			r.session, call_id, audio ? (strcmp(audio, "-") ? audio : "standard input")
						  : "the microphone");
	else if (!offline && live)
		fprintf(stderr, "live session %s for call %s: transcribing %s as it plays\n",
			r.session, call_id, audio ? (strcmp(audio, "-") ? audio : "standard input")
						  : "the microphone");
	else if (!offline)
		fprintf(stderr, "live session %s for call %s: %d turns, %s as the rep%s\n", r.session,
			call_id, t.nturns, t.speakers[repi].name, inferred ? " (inferred)" : "");
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sids_cap = t.nturns + 1;
	sids = xcalloc((size_t)sids_cap, sizeof *sids);
	for (i = 0; i < t.nturns; i++)
		uuid_v4(sids[i]);
	t0 = time_mono_us();
	wctx.r = &r;
	wctx.offline = &offline;
	if (hub_audio)
		audio_rc = stream_to_hub(&r, hub_audio, so.rep_channel, speed,
					 audio && strcmp(audio, "-"));
	for (i = 0; !g_stop && !hub_audio; i++) {
		const struct turn *u;
		int64_t due;

		if (live) { /* decode until the next turn */
			int k = speech_live_next(live, &t, speed, t0, wait_audio, &wctx);

			if (k <= 0) {
				audio_rc = k < 0 ? EXIT_FAIL : EXIT_OK;
				break;
			}
			if (t.nturns >= sids_cap) {
				sids = xrealloc(sids, (size_t)(sids_cap *= 2) * sizeof *sids);
			}
			uuid_v4(sids[t.nturns - 1]);
		} else if (i >= t.nturns) {
			break;
		}
		u = &t.turns[i];
		due = speed > 0 ? t0 + (int64_t)((double)u->start_ms * 1000.0 / speed) : 0;

		if (offline) {
			sleep_until(due);
			if (!g_stop)
				streamed = i + 1;
			continue;
		}
		if (due > time_mono_us() && pump_until(&r, due) < 0 && !g_stop) {
			cli_warn(cli, "%s: reconnecting", live_client_error(r.lc));
			if (reconnect(&r, &t, repi, sids, i)) {
				cli_warn(cli, "the server stays unreachable: recording offline");
				offline = 1;
				i--; /* this turn is recorded offline */
				continue;
			}
		}
		if (send_segment(&r, &t, i, repi, sids[i]) && reconnect(&r, &t, repi, sids, i + 1)) {
			offline = 1;
			i--;
			continue;
		}
		streamed = i + 1;
		if (speed == 0)
			pump_until(&r, time_mono_us() + 2000);
	}
	/* let the last updates and interventions arrive */
	if (!offline && pump_until(&r, time_mono_us() + 1500000) < 0 && !g_stop &&
	    reconnect(&r, &t, repi, sids, streamed))
		offline = 1;
	live_client_close(r.lc, offline ? 0 : 1000);
	r.lc = NULL;
	if (offline) {
		rc = save_offline(cli, &t, streamed, call_id, customer, date, email, r.session);
		goto out;
	}
	snprintf(path, sizeof path, "/api/v1/live-sessions/%s/end", r.session);
	d = cJSON_CreateObject();
	rc = api_call(cli, "POST", path, d, API_AUTH, &resp);
	cJSON_Delete(d);
	if (rc == EXIT_UNREACHABLE) { /* the call is not lost: it waits for sync */
		api_resp_free(&resp);
		rc = save_offline(cli, &t, streamed, call_id, customer, date, email, r.session);
		goto out;
	}
	if (rc == EXIT_OK) {
		const cJSON *sc = json_get(resp.data, "analysis");
		if (cli->json)
			output_json(sc);
		else if (cJSON_IsObject(sc)) {
			printf("\n%s\n", paint(cli->color, C_BOLD, "Call ended", a, sizeof a));
			output_scorecard(cli, sc);
		}
	}
	api_resp_free(&resp);
out:
	free(sids);
	speech_live_close(live);
	audio_close(hub_audio);
	if (afd > 0)
		close(afd);
	cJSON_Delete(r.covered);
	transcript_free(&t);
	return rc == EXIT_OK ? audio_rc : rc;
}

const struct command cmd_record = { "record", "run a live call: stream it for managers to watch",
				    usage, run };
