#include "resample.h"
#include "audio.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define ZEROS 12          /* zero crossings of the sinc on each side */
#define MAX_PHASES 512    /* finer phases are rounded to these */
#define HIST_ROOM 4096    /* input samples taken per step */

struct resampler {
	int64_t L, M;         /* out/in rates divided by their gcd */
	int taps;             /* per side (T); the filter spans 2T inputs */
	int phases;
	float *tab;           /* phases x 2T coefficients; NULL when passing through */
	int16_t *hist;        /* input from absolute index base */
	size_t hist_len, hist_cap;
	int64_t base, in_total, n_out;
};

static int64_t gcd64(int64_t a, int64_t b)
{
	while (b) {
		int64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

static double sinc(double x)
{
	return fabs(x) < 1e-9 ? 1.0 : sin(M_PI * x) / (M_PI * x);
}

struct resampler *resampler_new(int in_rate, int out_rate)
{
	struct resampler *r;
	double fc;
	int64_t g;

	if (in_rate < AUDIO_MIN_RATE || in_rate > AUDIO_MAX_RATE || out_rate < AUDIO_MIN_RATE ||
	    out_rate > AUDIO_MAX_RATE)
		return NULL;
	r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	g = gcd64(in_rate, out_rate);
	r->L = out_rate / g;
	r->M = in_rate / g;
	if (r->L == r->M)
		return r;
	/* Cut-off (as a fraction of the input's Nyquist) below the lower of
	 * the two Nyquists, leaving room for the transition band. */
	fc = (r->L < r->M ? (double)r->L / (double)r->M : 1.0) * 0.92;
	r->taps = (int)ceil(ZEROS / fc);
	r->phases = r->L <= MAX_PHASES ? (int)r->L : MAX_PHASES;
	r->tab = malloc(sizeof *r->tab * (size_t)r->phases * 2 * (size_t)r->taps);
	r->hist_cap = (size_t)r->taps * 2 + HIST_ROOM;
	r->hist = malloc(sizeof *r->hist * r->hist_cap);
	if (!r->tab || !r->hist) {
		resampler_free(r);
		return NULL;
	}
	for (int p = 0; p < r->phases; p++) {
		float *row = r->tab + (size_t)p * 2 * (size_t)r->taps;
		double frac = (double)p / r->phases, sum = 0;

		for (int k = -r->taps + 1; k <= r->taps; k++) {
			double t = k - frac, w = 0;

			if (fabs(t) < r->taps)
				w = 0.42 + 0.5 * cos(M_PI * t / r->taps) +
				    0.08 * cos(2 * M_PI * t / r->taps);
			row[k + r->taps - 1] = (float)(fc * sinc(fc * t) * w);
			sum += row[k + r->taps - 1];
		}
		for (int k = 0; k < 2 * r->taps; k++)
			row[k] = (float)(row[k] / sum); /* unity gain at DC */
	}
	/* The first outputs look back before the stream: silence. */
	memset(r->hist, 0, sizeof *r->hist * (size_t)r->taps);
	r->hist_len = (size_t)r->taps;
	r->base = -(int64_t)r->taps;
	return r;
}

void resampler_free(struct resampler *r)
{
	if (!r)
		return;
	free(r->tab);
	free(r->hist);
	free(r);
}

size_t resampler_max_out(const struct resampler *r, size_t n)
{
	return (size_t)(((int64_t)n + 2 * (int64_t)r->taps + 2) * r->L / r->M + 2);
}

static int16_t clamp16(double v)
{
	long x = lround(v);

	return (int16_t)(x > 32767 ? 32767 : x < -32768 ? -32768 : x);
}

/* Outputs whose window ends before absolute input index avail. */
static size_t produce(struct resampler *r, int64_t avail, int64_t limit, int16_t *out)
{
	size_t k = 0;

	for (;;) {
		int64_t num = r->n_out * r->M;
		int64_t c = num / r->L, rem = num % r->L;
		int p = (int)(r->phases == r->L ? rem : rem * r->phases / r->L);
		const float *row = r->tab + (size_t)p * 2 * (size_t)r->taps;
		const int16_t *x;
		double acc = 0;

		if (c + r->taps >= avail + 1 || c >= limit)
			break;
		x = r->hist + (c - r->taps + 1 - r->base);
		for (int i = 0; i < 2 * r->taps; i++)
			acc += row[i] * x[i];
		out[k++] = clamp16(acc);
		r->n_out++;
	}
	return k;
}

/* Drop history the next output no longer needs. */
static void compact(struct resampler *r)
{
	int64_t c = r->n_out * r->M / r->L, keep_from = c - r->taps + 1;
	size_t drop;

	if (keep_from <= r->base)
		return;
	drop = (size_t)(keep_from - r->base);
	if (drop > r->hist_len)
		drop = r->hist_len;
	memmove(r->hist, r->hist + drop, sizeof *r->hist * (r->hist_len - drop));
	r->hist_len -= drop;
	r->base += (int64_t)drop;
}

size_t resampler_push(struct resampler *r, const int16_t *in, size_t n, size_t stride,
		      int16_t *out)
{
	size_t made = 0;

	if (!r->tab) {
		for (size_t i = 0; i < n; i++)
			out[i] = in[i * stride];
		return n;
	}
	while (n) {
		size_t room = r->hist_cap - r->hist_len, take = n < room ? n : room;

		for (size_t i = 0; i < take; i++)
			r->hist[r->hist_len + i] = in[i * stride];
		r->hist_len += take;
		r->in_total += (int64_t)take;
		in += take * stride;
		n -= take;
		made += produce(r, r->base + (int64_t)r->hist_len - 1, INT64_MAX, out + made);
		compact(r);
	}
	return made;
}

size_t resampler_flush(struct resampler *r, int16_t *out)
{
	size_t made = 0;

	if (!r->tab)
		return 0;
	/* Silence after the end, enough for the last windows. */
	for (int pass = 0; pass < 2; pass++) {
		size_t room = r->hist_cap - r->hist_len, pad = (size_t)r->taps * 2;

		if (pad > room)
			pad = room;
		memset(r->hist + r->hist_len, 0, sizeof *r->hist * pad);
		r->hist_len += pad;
		made += produce(r, r->base + (int64_t)r->hist_len - 1, r->in_total, out + made);
		compact(r);
	}
	return made;
}
