/*
 * resample.h - streaming sample-rate conversion of one 16-bit channel.
 *
 * A windowed-sinc (Blackman) interpolator evaluated at the exact rational
 * positions out_index * in_rate / out_rate, with its cut-off lowered to the
 * output's Nyquist when downsampling so 44.1/48 kHz audio does not alias
 * into the recogniser's band.  Equal rates pass samples through untouched.
 * State is a short history (the filter's half-width), so memory is
 * constant however long the stream.
 */
#ifndef SALESAN_RESAMPLE_H
#define SALESAN_RESAMPLE_H

#include <stddef.h>
#include <stdint.h>

struct resampler;

/* NULL when a rate is outside AUDIO_MIN_RATE..AUDIO_MAX_RATE or on OOM. */
struct resampler *resampler_new(int in_rate, int out_rate);
void resampler_free(struct resampler *r);

/* Output samples that n input samples can produce at most (a bound for
 * sizing the output buffer of resampler_push). */
size_t resampler_max_out(const struct resampler *r, size_t n);

/* Feed n samples (stride: distance between them, 2 to take one channel of
 * interleaved stereo); writes the samples now computable to out (room for
 * resampler_max_out(n)) and returns how many. */
size_t resampler_push(struct resampler *r, const int16_t *in, size_t n, size_t stride,
		      int16_t *out);
/* At the end of the stream: the remaining samples (at most the filter's
 * half-width in output terms; out needs room for resampler_max_out(64)). */
size_t resampler_flush(struct resampler *r, int16_t *out);

#endif
