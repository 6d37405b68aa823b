/*
 * speech_in.h - the command line's way into src/speech: which recogniser
 * to use, and recorded audio to a transcript.
 *
 * Settings come from the environment first, then the config file:
 *   SPEECH_BACKEND        speech.backend        pocketsphinx | whisper-http
 *   SPEECH_WHISPER_URL    speech.whisper_url
 *   SPEECH_WHISPER_KEY    speech.whisper_key
 *   SPEECH_WHISPER_MODEL  speech.whisper_model
 *   SPEECH_WHISPER_TIMEOUT_MS, SPEECH_WHISPER_CHUNK_MS (per request; audio per request)
 *   SPEECH_PS_HMM/_LM/_DICT  speech.ps_hmm/ps_lm/ps_dict
 * The strings point into the environment or cli->config.
 */
#ifndef SALESAN_CLI_SPEECH_IN_H
#define SALESAN_CLI_SPEECH_IN_H

#include "cli.h"
#include "analysis/transcript.h"
#include "speech/audio.h"
#include "speech/stt.h"

struct speech_file_opts;
void speech_config(struct cli *cli, struct stt_config *cfg, const char *backend);

/* A whole decimal number in lo..hi into *out: 0, or -1 (out untouched). */
int speech_parse_int(const char *s, long lo, long hi, int *out);
/* --rate HZ into o->raw_rate: EXIT_OK, or EXIT_USAGE after saying why. */
int speech_opt_rate(struct cli *cli, const char *arg, struct speech_file_opts *o);
/* --rep-channel left|right into o->rep_channel: EXIT_OK or EXIT_USAGE. */
int speech_opt_rep_channel(struct cli *cli, const char *arg, struct speech_file_opts *o);

/* Whether the first bytes of a file look like a WAV (RIFF....WAVE). */
int speech_is_wav(const char *path);

struct speech_file_opts {
	const char *backend;   /* NULL: configured */
	int raw_rate;          /* > 0: path is raw s16le PCM at this rate */
	int raw_channels;
	int rep_channel;       /* stereo: 0 left, 1 right */
	const char *rep_name, *customer_name;  /* display names (NULL: Rep, Customer) */
	int partials;          /* print partial hypotheses to stderr as they form */
};

/*
 * Transcribe a recording (path "-" = standard input) into *t (the caller
 * zero-initialises and frees it): speakers "rep" and "customer" with their
 * roles, turns in time order.  *estimated says whether speakers were
 * guessed (mono).  Shows progress on a terminal's stderr.  Returns EXIT_OK
 * or an exit code after reporting the problem.
 */
int speech_transcribe_file(struct cli *cli, const char *path, const struct speech_file_opts *o,
			   struct transcript *t, int *estimated);

/*
 * Open recorded audio: a WAV file or "-" (WAV, or raw s16le with
 * o->raw_rate), or the microphone when from is NULL.  *fd is the
 * descriptor to close after audio_close (raw files), else -1.  NULL after
 * reporting the problem.
 */
struct audio_in *speech_open_audio(struct cli *cli, const char *from,
				   const struct speech_file_opts *o, const char *device, int *fd);

/*
 * Live decoding for salesan record: audio from a WAV file, standard input
 * ("-": WAV, or raw s16le with o->raw_rate) or the microphone (from NULL,
 * device o->device), decoded as it is read.  *t gets the speakers rep and
 * customer at open and one turn per final segment.  NULL after reporting.
 */
struct speech_live;
struct speech_live *speech_live_open(struct cli *cli, const char *from,
				     const struct speech_file_opts *o, const char *device,
				     struct transcript *t);
/*
 * Read and decode until one more turn is in t (1), the audio has ended
 * and everything is decoded (0), or a failure was reported (-1).  Before
 * each read of a file, wait(ctx, due) is called with the monotonic time
 * (time_mono_us) at which that audio would be spoken at speed from t0
 * (speed 0: no waiting; pipes and the microphone set their own pace).
 */
int speech_live_next(struct speech_live *s, struct transcript *t, double speed, int64_t t0,
		     void (*wait)(void *ctx, int64_t due), void *ctx);
void speech_live_close(struct speech_live *s);

#endif
