#include "speech_in.h"
#include "speech/transcribe.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *setting(struct cli *cli, const char *env, const char *key)
{
	const char *v = getenv(env);

	if (v && *v)
		return v;
	v = conf_get(&cli->config, key);
	return v && *v ? v : NULL;
}

void speech_config(struct cli *cli, struct stt_config *cfg, const char *backend)
{
	const char *v;

	memset(cfg, 0, sizeof *cfg);
	cfg->backend = backend ? backend : setting(cli, "SPEECH_BACKEND", "speech.backend");
	cfg->whisper_url = setting(cli, "SPEECH_WHISPER_URL", "speech.whisper_url");
	cfg->whisper_key = setting(cli, "SPEECH_WHISPER_KEY", "speech.whisper_key");
	cfg->whisper_model = setting(cli, "SPEECH_WHISPER_MODEL", "speech.whisper_model");
	v = setting(cli, "SPEECH_WHISPER_TIMEOUT_MS", "speech.whisper_timeout_ms");
	if (v && speech_parse_int(v, 100, 3600000, &cfg->whisper_timeout_ms))
		cli_warn(cli, "SPEECH_WHISPER_TIMEOUT_MS: \"%s\" is not 100..3600000 ms; using the default", v);
	v = setting(cli, "SPEECH_WHISPER_CHUNK_MS", "speech.whisper_chunk_ms");
	if (v && speech_parse_int(v, 1000, 600000, &cfg->whisper_chunk_ms))
		cli_warn(cli, "SPEECH_WHISPER_CHUNK_MS: \"%s\" is not 1000..600000 ms; using the default", v);
	cfg->ps_hmm = setting(cli, "SPEECH_PS_HMM", "speech.ps_hmm");
	cfg->ps_lm = setting(cli, "SPEECH_PS_LM", "speech.ps_lm");
	cfg->ps_dict = setting(cli, "SPEECH_PS_DICT", "speech.ps_dict");
}

int speech_parse_int(const char *s, long lo, long hi, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

int speech_opt_rate(struct cli *cli, const char *arg, struct speech_file_opts *o)
{
	if (speech_parse_int(arg, AUDIO_MIN_RATE, AUDIO_MAX_RATE, &o->raw_rate)) {
		cli_error(cli, "--rate must be %d..%d", AUDIO_MIN_RATE, AUDIO_MAX_RATE);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

int speech_opt_rep_channel(struct cli *cli, const char *arg, struct speech_file_opts *o)
{
	if (strcmp(arg, "left") && strcmp(arg, "right")) {
		cli_error(cli, "--rep-channel is left or right");
		return EXIT_USAGE;
	}
	o->rep_channel = !strcmp(arg, "right");
	return EXIT_OK;
}

int speech_is_wav(const char *path)
{
	unsigned char h[12];
	int fd = open(path, O_RDONLY | O_CLOEXEC), ok;

	if (fd < 0)
		return 0;
	ok = read(fd, h, 12) == 12 && !memcmp(h, "RIFF", 4) && !memcmp(h + 8, "WAVE", 4);
	close(fd);
	return ok;
}

static void name_speakers(struct transcript *t, const struct speech_file_opts *o, int spk[2]);

static void progress(struct cli *cli, const struct xcribe *x, int64_t total_frames, int rate,
		     int done)
{
	(void)cli;
	if (!isatty(2))
		return;
	if (done) {
		fprintf(stderr, "\r\033[K");
		return;
	}
	if (total_frames > 0)
		fprintf(stderr, "\rtranscribing: %.0f of %.0f s", xcribe_seconds(x),
			(double)total_frames / rate);
	else
		fprintf(stderr, "\rtranscribing: %.0f s", xcribe_seconds(x));
	fflush(stderr);
}

static int add_seg(struct transcript *t, const struct xseg *s, int spk[2])
{
	return transcript_add(t, spk[s->speaker == XC_REP ? 0 : 1], s->start_ms, s->end_ms,
			      s->text, strlen(s->text));
}

int speech_transcribe_file(struct cli *cli, const char *path, const struct speech_file_opts *o,
			   struct transcript *t, int *estimated)
{
	struct stt_config cfg;
	struct audio_in *a;
	struct xcribe *x = NULL;
	struct xseg s;
	int16_t *buf = NULL;
	char err[300];
	int spk[2], rc = EXIT_FAIL, fd = -1;
	long n;

	*estimated = 0;
	speech_config(cli, &cfg, o->backend);
	cfg.partials = o->partials;
	a = speech_open_audio(cli, path, o, NULL, &fd);
	if (!a)
		return EXIT_USAGE;
	x = xcribe_new(&cfg, audio_rate(a), audio_channels(a), o->rep_channel, XC_DIARIZE, err,
		       sizeof err);
	if (!x) {
		cli_error(cli, "speech: %s", err);
		goto out;
	}
	buf = malloc(4096 * 2 * sizeof *buf);
	if (!buf)
		goto out;
	name_speakers(t, o, spk);
	while ((n = audio_read(a, buf, 4096)) > 0) {
		if (xcribe_feed(x, buf, (size_t)n)) {
			cli_error(cli, "speech: %s", xcribe_error(x));
			goto out;
		}
		while (xcribe_next(x, &s)) { /* only partials come out before the end */
			if (o->partials)
				fprintf(stderr, "~ %lld:%02lld %s\n", (long long)(s.start_ms / 60000),
					(long long)(s.start_ms / 1000 % 60), s.text);
			xseg_clear(&s);
		}
		progress(cli, x, audio_frames_total(a), audio_rate(a), 0);
	}
	progress(cli, x, 0, 1, 1);
	if (n < 0) {
		cli_error(cli, "%s: %s", strcmp(path, "-") ? path : "standard input", audio_error(a));
		goto out;
	}
	if (xcribe_finish(x)) {
		cli_error(cli, "speech: %s", xcribe_error(x));
		goto out;
	}
	while (xcribe_next(x, &s)) {
		if (!s.final) {
			xseg_clear(&s);
			continue;
		}
		*estimated |= s.estimated;
		if (add_seg(t, &s, spk)) {
			xseg_clear(&s);
			cli_error(cli, "%s: the transcript has too many turns", path);
			goto out;
		}
		xseg_clear(&s);
	}
	transcript_finish(t);
	rc = EXIT_OK;
out:
	if (fd > 0)
		close(fd); /* audio_open_raw does not own it */
	free(buf);
	xcribe_free(x);
	audio_close(a);
	return rc;
}

/* ---- live decoding (salesan record) ---- */

struct speech_live {
	struct cli *cli;
	struct audio_in *a;
	struct xcribe *x;
	int fd, paced, ended, spk[2];
	int64_t frames;
	int16_t *buf;
	size_t chunk;
	const char *name;
};

static void name_speakers(struct transcript *t, const struct speech_file_opts *o, int spk[2])
{
	transcript_rep_customer(t, o->rep_name ? o->rep_name : "Rep",
				o->customer_name ? o->customer_name : "Customer", spk);
}

struct audio_in *speech_open_audio(struct cli *cli, const char *from,
				   const struct speech_file_opts *o, const char *device, int *fd)
{
	struct audio_in *a;
	char err[300];

	*fd = -1;
	if (!from) {
		a = audio_open_mic(device, o->raw_rate > 0 ? o->raw_rate : STT_RATE,
				   o->raw_channels ? o->raw_channels : 1, err, sizeof err);
	} else if (o->raw_rate > 0) {
		*fd = strcmp(from, "-") ? open(from, O_RDONLY | O_CLOEXEC) : 0;
		if (*fd < 0) {
			snprintf(err, sizeof err, "%s: %s", from, strerror(errno));
			a = NULL;
		} else {
			a = audio_open_raw(*fd, o->raw_rate, o->raw_channels ? o->raw_channels : 1, err,
					   sizeof err);
		}
	} else {
		a = audio_open_wav(from, err, sizeof err);
	}
	if (!a) {
		cli_error(cli, "%s", err);
		if (*fd > 0)
			close(*fd);
		*fd = -1;
	}
	return a;
}

struct speech_live *speech_live_open(struct cli *cli, const char *from,
				     const struct speech_file_opts *o, const char *device,
				     struct transcript *t)
{
	struct speech_live *s = calloc(1, sizeof *s);
	struct stt_config cfg;
	char err[300];

	if (!s)
		return NULL;
	s->cli = cli;
	s->fd = -1;
	s->name = from ? (strcmp(from, "-") ? from : "standard input") : "the microphone";
	s->a = speech_open_audio(cli, from, o, device, &s->fd);
	if (!s->a) {
		speech_live_close(s);
		return NULL;
	}
	/* a regular file is paced to real time; pipes and devices pace themselves */
	s->paced = from && strcmp(from, "-");
	speech_config(cli, &cfg, o->backend);
	s->x = xcribe_new(&cfg, audio_rate(s->a), audio_channels(s->a), o->rep_channel, 0, err,
			  sizeof err);
	s->chunk = (size_t)audio_rate(s->a) / 4; /* 250 ms */
	s->buf = malloc(s->chunk * 2 * sizeof *s->buf);
	if (!s->x || !s->buf) {
		cli_error(cli, "speech: %s", s->x ? "out of memory" : err);
		speech_live_close(s);
		return NULL;
	}
	name_speakers(t, o, s->spk);
	return s;
}

int speech_live_next(struct speech_live *s, struct transcript *t, double speed, int64_t t0,
		     void (*wait)(void *ctx, int64_t due), void *ctx)
{
	struct xseg seg;
	long n;

	for (;;) {
		while (xcribe_next(s->x, &seg)) {
			int rc = seg.final ? transcript_add(t, s->spk[seg.speaker == XC_REP ? 0 : 1],
							    seg.start_ms, seg.end_ms, seg.text,
							    strlen(seg.text)) : 1;
			xseg_clear(&seg);
			if (rc == 0)
				return 1;
		}
		if (s->ended)
			return 0;
		if (s->paced && speed > 0 && wait)
			wait(ctx, t0 + (int64_t)((double)s->frames * 1e6 / audio_rate(s->a) / speed));
		n = audio_read(s->a, s->buf, s->chunk);
		if (n < 0) {
			cli_error(s->cli, "%s: %s", s->name, audio_error(s->a));
			return -1;
		}
		if (n == 0) {
			s->ended = 1;
			if (xcribe_finish(s->x)) {
				cli_error(s->cli, "speech: %s", xcribe_error(s->x));
				return -1;
			}
			continue;
		}
		s->frames += n;
		if (xcribe_feed(s->x, s->buf, (size_t)n)) {
			cli_error(s->cli, "speech: %s", xcribe_error(s->x));
			return -1;
		}
	}
}

void speech_live_close(struct speech_live *s)
{
	if (!s)
		return;
	xcribe_free(s->x);
	audio_close(s->a);
	if (s->fd > 0)
		close(s->fd);
	free(s->buf);
	free(s);
}
