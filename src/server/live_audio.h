/*
 * live_audio.h - a live session's audio, transcribed on the speech pool.
 *
 * The rep's client may send the call's audio to the hub instead of text:
 * binary WebSocket frames (or audio_stream events) of signed 16-bit
 * little-endian PCM at 16 kHz, mono (the rep) or, after audio_format
 * {channels: 2}, interleaved stereo with the rep on the left and the
 * customer on the right (one recogniser stream each).  The loop thread only appends it to a
 * bounded buffer; a job on the speech pool (transcription.h) feeds it to
 * the session's recogniser stream, and back on the loop each finished
 * utterance becomes a transcript_segment of its speaker
 * (live_audio_segment, in live.c), stored, analysed and fanned out like
 * one the client had sent.  One job per session at a time keeps the
 * audio in order.
 *
 * Bounds: at most SPEECH_LIVE_MAX recogniser streams run at once (a pocketsphinx
 * stream is ~100 MB); a session's pending audio is capped at
 * LIVE_AUDIO_BACKLOG_S seconds, beyond which new audio is refused (the
 * recogniser is behind) rather than memory growing.
 *
 * Everything here runs on the loop thread except the jobs.
 */
#ifndef SALESAN_LIVE_AUDIO_H
#define SALESAN_LIVE_AUDIO_H

#include <stddef.h>
#include <stdint.h>

#include "server.h"

#define LIVE_AUDIO_BACKLOG_S 20

struct live_audio;

/* Audio for session_id, whose sample 0 is offset_ms into the session,
 * with backend (transcription_backend_for; NULL = off).
 * NULL with why (speech off or unavailable, too many live streams). */
struct live_audio *live_audio_new(const struct server *srv, const char *backend,
				  const char *session_id, int channels, int64_t offset_ms,
				  char *why, size_t whylen);
/* Append n bytes of s16le PCM (any split; an odd byte waits for its pair).
 * 0, or -1 with why when the backlog is full (the audio is dropped). */
int live_audio_push(struct live_audio *la, const void *bytes, size_t n, char *why, size_t whylen);
/* The rep's audio has ended for now: decode what is pending, including
 * the last utterance, then live_audio_flushed(); more audio may follow. */
void live_audio_flush(struct live_audio *la);
/* The session is over: decode what is pending, then free (a NULL la is
 * ignored).  Segments that arrive after the session is gone are dropped. */
void live_audio_close(struct live_audio *la);

/* Implemented by the hub (live.c): a finished utterance of session_id's
 * rep or customer (role), times in ms from the session's start. */
void live_audio_segment(const char *session_id, const char *role, int64_t start_ms,
			int64_t end_ms, const char *text);
/* Implemented by the hub: everything before live_audio_flush is out. */
void live_audio_flushed(const char *session_id);
/* Implemented by the hub: decoding failed; tell the rep. */
void live_audio_failed(const char *session_id, const char *why);

#endif
