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

void speech_config(struct cli *cli, struct stt_config *cfg, const char *backend);

/* Whether the first bytes of a file look like a WAV (RIFF....WAVE). */
int speech_is_wav(const char *path);

struct speech_file_opts {
	const char *backend;   /* NULL: configured */
	int raw_rate;          /* > 0: path is raw s16le PCM at this rate */
	int raw_channels;
	int rep_channel;       /* stereo: 0 left, 1 right */
	const char *rep_name, *customer_name;  /* display names (NULL: Rep, Customer) */
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

#endif
