/*
 * stt.h - speech-to-text backends behind one interface.
 *
 * A stream takes 16 kHz mono signed 16-bit PCM (resample.h gets it there)
 * and yields timed segments: partial hypotheses while someone speaks, and
 * one final segment per utterance.  Times are milliseconds from the start
 * of the stream.  One stream is one voice channel; a stereo recording is
 * two streams (transcribe.h).
 *
 *   struct stt *s = stt_open(&cfg, err, sizeof err);
 *   while (audio) { stt_feed(s, pcm, n); while (stt_next(s, &seg)) use(seg); }
 *   stt_finish(s); while (stt_next(s, &seg)) use(seg);
 *   stt_close(s);
 *
 * Backends:
 *   "pocketsphinx"  offline (libpocketsphinx, model from pocketsphinx-en-us)
 *   "whisper-http"  a server speaking POST /v1/audio/transcriptions
 * A stream is used by one thread at a time; streams are independent.
 */
#ifndef SALESAN_STT_H
#define SALESAN_STT_H

#include <stddef.h>
#include <stdint.h>

#define STT_RATE 16000

struct stt_config {
	const char *backend;      /* NULL or "" = pocketsphinx */
	/* pocketsphinx: model files (NULL = the Debian package's en-us model) */
	const char *ps_hmm, *ps_lm, *ps_dict;
	/* whisper-http */
	const char *whisper_url;  /* base URL, e.g. http://127.0.0.1:8080 */
	const char *whisper_key;  /* bearer token, or NULL */
	const char *whisper_model;/* NULL = "whisper-1" */
	int whisper_timeout_ms;   /* per request; 0 = 120000 */
	int whisper_chunk_ms;     /* audio per request; 0 = 30000 */
	int partials;             /* emit partial hypotheses (live use) */
};

struct stt_seg {
	int64_t start_ms, end_ms;
	int final;                /* 0: a partial hypothesis of the current utterance */
	char *text;               /* owned; stt_seg_clear frees it */
};

struct stt;

/* NULL on failure with the reason in err (a missing model names the
 * package to install; an unknown backend lists the known ones). */
struct stt *stt_open(const struct stt_config *cfg, char *err, size_t errlen);
/* 0, or -1 on a backend failure (stt_error). */
int stt_feed(struct stt *s, const int16_t *pcm, size_t n);
/* The end of the audio: decode what is pending.  0 or -1. */
int stt_finish(struct stt *s);
/* Move the next segment into *out: 1, or 0 when none is ready. */
int stt_next(struct stt *s, struct stt_seg *out);
const char *stt_error(const struct stt *s);
void stt_close(struct stt *s);
void stt_seg_clear(struct stt_seg *seg);

/* The backend's name as resolved from cfg ("pocketsphinx", ...). */
const char *stt_backend_name(const struct stt_config *cfg);
/* Whether backend could open here: 1, or 0 with why (for doctor). */
int stt_available(const struct stt_config *cfg, const char *backend, char *why, size_t len);

#endif
