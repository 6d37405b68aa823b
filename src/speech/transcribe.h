/*
 * transcribe.h - from audio to timed, speaker-attributed segments.
 *
 * Takes interleaved frames at any rate with one or two channels, resamples
 * each channel to 16 kHz and runs one recogniser stream per voice:
 *
 *   stereo  one stream per channel: channel rep_channel is the rep, the
 *           other the customer.  Exact attribution (a call recorder that
 *           puts each side on its own channel).
 *   mono    one stream.  With XC_DIARIZE (files), the final segments are
 *           split between two speakers by voice pitch (2-means over each
 *           segment's median F0); the speaker who talks first is taken as
 *           the rep.  This is an estimate and every segment says so.
 *           Without it (a live rep's microphone), every segment is the rep.
 *
 * Streaming: xcribe_feed/xcribe_next deliver segments as the recognisers
 * produce them (partials too, when cfg->partials), in each channel's time
 * order.  Diarization can only happen at the end: with XC_DIARIZE,
 * final segments are held until xcribe_finish and come out in time order
 * (partials still come out as they form).
 * Memory is bounded: the pitch track costs 50 bytes per second of audio.
 */
#ifndef SALESAN_TRANSCRIBE_H
#define SALESAN_TRANSCRIBE_H

#include "stt.h"

enum { XC_DIARIZE = 1 };

enum xc_speaker { XC_REP = 0, XC_CUSTOMER = 1 };

struct xseg {
	int64_t start_ms, end_ms;
	int speaker;           /* XC_REP or XC_CUSTOMER */
	int estimated;         /* the speaker was guessed (mono diarization) */
	int final;
	char *text;            /* owned; xseg_clear frees it */
};

struct xcribe;

/* rep_channel: 0 (left) or 1 (right) for stereo input.  NULL with err. */
struct xcribe *xcribe_new(const struct stt_config *cfg, int rate, int channels,
			  int rep_channel, int flags, char *err, size_t errlen);
/* Interleaved frames.  0, or -1 with xcribe_error. */
int xcribe_feed(struct xcribe *x, const int16_t *frames, size_t n);
int xcribe_finish(struct xcribe *x);
/* The next segment: 1, or 0 when none is ready. */
int xcribe_next(struct xcribe *x, struct xseg *out);
const char *xcribe_error(const struct xcribe *x);
/* Seconds of audio consumed (at the input's rate). */
double xcribe_seconds(const struct xcribe *x);
void xcribe_free(struct xcribe *x);
void xseg_clear(struct xseg *s);

#endif
