/*
 * stt_internal.h - what a speech-to-text backend implements (stt.h is the
 * interface its users see).  A backend hands segments to the stream with
 * stt_emit and reports failures with stt_fail; the queue and the error
 * text live in stt.c.
 */
#ifndef SALESAN_STT_INTERNAL_H
#define SALESAN_STT_INTERNAL_H

#include "stt.h"

struct stt_ops {
	const char *name;
	/* The backend's state for a new stream, or NULL with err set. */
	void *(*open)(const struct stt_config *cfg, struct stt *owner, char *err, size_t errlen);
	int (*feed)(void *impl, const int16_t *pcm, size_t n);
	int (*finish)(void *impl);
	void (*close)(void *impl);
	/* 1 when the backend can run with cfg, else 0 with why. */
	int (*available)(const struct stt_config *cfg, char *why, size_t len);
};

extern const struct stt_ops stt_pocketsphinx_ops;
extern const struct stt_ops stt_whisper_ops;

/* Queue a segment (text is copied; empty text is dropped). */
void stt_emit(struct stt *s, int64_t start_ms, int64_t end_ms, int final, const char *text);
/* Record the failure (printf-style) for stt_error; returns -1. */
int stt_fail(struct stt *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
