#include "transcribe.h"
#include "resample.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WIN 640              /* pitch analysis window: 40 ms at 16 kHz */
#define HOP 320              /* 20 ms */
#define HOP_MS 20
#define IN_STEP 4096         /* input frames handled per round */

struct voice {
	struct resampler *rs;
	struct stt *stt;
	int speaker;
};

struct xcribe {
	int rate, channels, flags;
	struct voice v[2];
	int nv;
	int16_t *tmp;                /* one channel, resampled */
	size_t tmp_cap;
	/* pitch track of the mono voice, for diarization: one byte per hop,
	 * F0 / 2 in Hz, 0 when unvoiced or quiet */
	unsigned char *f0;
	size_t nf0, f0_cap;
	int16_t win[WIN];
	size_t wlen;
	/* segments: held ones wait for the end (XC_DIARIZE) */
	struct xseg *held, *out;
	size_t nheld, held_cap, nout, out_head, out_cap;
	int64_t frames;
	char err[256];
};

void xseg_clear(struct xseg *s)
{
	free(s->text);
	memset(s, 0, sizeof *s);
}

static int push(struct xseg **v, size_t *n, size_t *cap, const struct xseg *s)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 32;
		struct xseg *p = realloc(*v, nc * sizeof *p);

		if (!p)
			return -1;
		*v = p;
		*cap = nc;
	}
	(*v)[(*n)++] = *s;
	return 0;
}

struct xcribe *xcribe_new(const struct stt_config *cfg, int rate, int channels,
			  int rep_channel, int flags, char *err, size_t errlen)
{
	struct xcribe *x;

	if (channels < 1 || channels > 2) {
		snprintf(err, errlen, "audio must be mono or stereo");
		return NULL;
	}
	x = calloc(1, sizeof *x);
	if (!x) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	x->rate = rate;
	x->channels = channels;
	x->flags = flags;
	x->nv = channels;
	for (int i = 0; i < x->nv; i++) {
		x->v[i].speaker = channels == 1 ? XC_REP : i == rep_channel ? XC_REP : XC_CUSTOMER;
		x->v[i].rs = resampler_new(rate, STT_RATE);
		if (!x->v[i].rs) {
			snprintf(err, errlen, "cannot resample from %d Hz", rate);
			xcribe_free(x);
			return NULL;
		}
		x->v[i].stt = stt_open(cfg, err, errlen);
		if (!x->v[i].stt) {
			xcribe_free(x);
			return NULL;
		}
	}
	x->tmp_cap = resampler_max_out(x->v[0].rs, IN_STEP) + resampler_max_out(x->v[0].rs, 64);
	x->tmp = malloc(x->tmp_cap * sizeof *x->tmp);
	if (!x->tmp) {
		snprintf(err, errlen, "out of memory");
		xcribe_free(x);
		return NULL;
	}
	return x;
}

/* The fundamental frequency of the window in x->win (Hz), or 0 when it is
 * quiet or unvoiced: normalised autocorrelation of the signal decimated to
 * 8 kHz over 50..400 Hz, taking the shortest lag close to the best one so
 * octave errors stay rare. */
static double pitch(const int16_t *w)
{
	double d[WIN / 2], e = 0, best = 0, r[161];
	int n = WIN / 2, lag = 0;

	for (int i = 0; i < n; i++) {
		d[i] = ((double)w[2 * i] + w[2 * i + 1]) / 2;
		e += d[i] * d[i];
	}
	if (sqrt(e / n) < 300)
		return 0;
	for (int l = 20; l <= 160; l++) {
		double s = 0, a = 0, b = 0;

		for (int i = 0; i + l < n; i++) {
			s += d[i] * d[i + l];
			a += d[i] * d[i];
			b += d[i + l] * d[i + l];
		}
		r[l] = a > 0 && b > 0 ? s / sqrt(a * b) : 0;
		if (r[l] > best)
			best = r[l];
	}
	if (best < 0.5)
		return 0;
	for (int l = 20; l <= 160; l++)
		if (r[l] >= 0.9 * best && (l == 160 || r[l] >= r[l + 1])) {
			lag = l;
			break;
		}
	return lag ? 8000.0 / lag : 0;
}

static void track_pitch(struct xcribe *x, const int16_t *s, size_t n)
{
	while (n) {
		size_t take = WIN - x->wlen < n ? WIN - x->wlen : n;

		memcpy(x->win + x->wlen, s, take * sizeof *s);
		x->wlen += take;
		s += take;
		n -= take;
		if (x->wlen < WIN)
			continue;
		if (x->nf0 == x->f0_cap) {
			size_t nc = x->f0_cap ? x->f0_cap * 2 : 4096;
			unsigned char *p = realloc(x->f0, nc);

			if (!p)
				return; /* diarization degrades; transcription goes on */
			x->f0 = p;
			x->f0_cap = nc;
		}
		double f = pitch(x->win);
		x->f0[x->nf0++] = (unsigned char)(f / 2 > 255 ? 255 : f / 2);
		memmove(x->win, x->win + HOP, (WIN - HOP) * sizeof *x->win);
		x->wlen = WIN - HOP;
	}
}

static int drain(struct xcribe *x, struct voice *v)
{
	struct stt_seg s;

	while (stt_next(v->stt, &s)) {
		struct xseg o = { s.start_ms, s.end_ms, v->speaker, 0, s.final, s.text };
		int rc;

		/* partials go out at once (provisional: with XC_DIARIZE on mono
		 * their speaker is not known yet); finals wait for diarization */
		if ((x->flags & XC_DIARIZE) && !s.final)
			o.estimated = x->nv == 1;
		rc = (x->flags & XC_DIARIZE) && s.final ? push(&x->held, &x->nheld, &x->held_cap, &o)
							 : push(&x->out, &x->nout, &x->out_cap, &o);
		if (rc) {
			free(s.text);
			snprintf(x->err, sizeof x->err, "out of memory");
			return -1;
		}
	}
	return 0;
}

static int voice_fail(struct xcribe *x, const struct voice *v)
{
	snprintf(x->err, sizeof x->err, "%s", stt_error(v->stt));
	return -1;
}

int xcribe_feed(struct xcribe *x, const int16_t *frames, size_t n)
{
	while (n) {
		size_t take = n < IN_STEP ? n : IN_STEP;

		for (int c = 0; c < x->nv; c++) {
			struct voice *v = &x->v[c];
			size_t k = resampler_push(v->rs, frames + c, take, (size_t)x->channels, x->tmp);

			if (x->nv == 1 && (x->flags & XC_DIARIZE))
				track_pitch(x, x->tmp, k);
			if (stt_feed(v->stt, x->tmp, k))
				return voice_fail(x, v);
			if (drain(x, v))
				return -1;
		}
		x->frames += (int64_t)take;
		frames += take * (size_t)x->channels;
		n -= take;
	}
	return 0;
}

static int cmp_f(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Median log-F0 of the voiced hops inside s, or 0 when none. */
static double seg_pitch(const struct xcribe *x, const struct xseg *s, double *scratch)
{
	size_t from = (size_t)(s->start_ms / HOP_MS), to = (size_t)(s->end_ms / HOP_MS), k = 0;

	if (to > x->nf0)
		to = x->nf0;
	for (size_t i = from; i < to; i++)
		if (x->f0[i])
			scratch[k++] = log(x->f0[i] * 2.0);
	if (!k)
		return 0;
	qsort(scratch, k, sizeof *scratch, cmp_f);
	return scratch[k / 2];
}

static int cmp_seg(const void *a, const void *b)
{
	const struct xseg *x = a, *y = b;

	return x->start_ms < y->start_ms ? -1 : x->start_ms > y->start_ms;
}

/* Two speakers on one channel: 2-means over the segments' pitch. */
static void diarize(struct xcribe *x)
{
	double *p = calloc(x->nheld ? x->nheld : 1, sizeof *p);
	double *scratch = malloc((x->nf0 ? x->nf0 : 1) * sizeof *scratch);
	double c[2] = { HUGE_VAL, -HUGE_VAL };
	int rep = -1, last = 0;

	if (!p || !scratch) {
		free(p);
		free(scratch);
		return;
	}
	for (size_t i = 0; i < x->nheld; i++) {
		p[i] = seg_pitch(x, &x->held[i], scratch);
		if (p[i] && p[i] < c[0])
			c[0] = p[i];
		if (p[i] && p[i] > c[1])
			c[1] = p[i];
	}
	for (int it = 0; it < 30 && c[0] < c[1]; it++) {
		double sum[2] = { 0, 0 };
		int cnt[2] = { 0, 0 };

		for (size_t i = 0; i < x->nheld; i++)
			if (p[i]) {
				int k = fabs(p[i] - c[0]) <= fabs(p[i] - c[1]) ? 0 : 1;

				sum[k] += p[i];
				cnt[k]++;
			}
		for (int k = 0; k < 2; k++)
			if (cnt[k])
				c[k] = sum[k] / cnt[k];
	}
	/* Centres closer than ~12 % in pitch: one voice. */
	int two = c[0] < c[1] && c[1] - c[0] > log(1.12);

	for (size_t i = 0; i < x->nheld; i++) {
		int k = last;

		if (p[i])
			k = two && fabs(p[i] - c[0]) > fabs(p[i] - c[1]) ? 1 : 0;
		if (rep < 0 && p[i])
			rep = k;
		last = k;
		x->held[i].speaker = k;
		x->held[i].estimated = 1;
	}
	for (size_t i = 0; i < x->nheld; i++)
		x->held[i].speaker = rep < 0 || x->held[i].speaker == rep ? XC_REP : XC_CUSTOMER;
	free(p);
	free(scratch);
}

int xcribe_finish(struct xcribe *x)
{
	for (int c = 0; c < x->nv; c++) {
		struct voice *v = &x->v[c];
		size_t k = resampler_flush(v->rs, x->tmp);

		if (x->nv == 1 && (x->flags & XC_DIARIZE))
			track_pitch(x, x->tmp, k);
		if (stt_feed(v->stt, x->tmp, k) || stt_finish(v->stt))
			return voice_fail(x, v);
		if (drain(x, v))
			return -1;
	}
	if (!(x->flags & XC_DIARIZE))
		return 0;
	if (x->nheld)
		qsort(x->held, x->nheld, sizeof *x->held, cmp_seg);
	if (x->nv == 1)
		diarize(x);
	for (size_t i = 0; i < x->nheld; i++)
		if (push(&x->out, &x->nout, &x->out_cap, &x->held[i])) {
			snprintf(x->err, sizeof x->err, "out of memory");
			for (; i < x->nheld; i++)
				xseg_clear(&x->held[i]);
			x->nheld = 0;
			return -1;
		}
	x->nheld = 0;
	return 0;
}

int xcribe_next(struct xcribe *x, struct xseg *out)
{
	if (x->out_head == x->nout) {
		x->out_head = x->nout = 0;
		return 0;
	}
	*out = x->out[x->out_head++];
	return 1;
}

const char *xcribe_error(const struct xcribe *x)
{
	return x->err[0] ? x->err : "no error";
}

double xcribe_seconds(const struct xcribe *x)
{
	return (double)x->frames / x->rate;
}

void xcribe_free(struct xcribe *x)
{
	if (!x)
		return;
	for (int c = 0; c < 2; c++) {
		resampler_free(x->v[c].rs);
		stt_close(x->v[c].stt);
	}
	for (size_t i = x->out_head; i < x->nout; i++)
		xseg_clear(&x->out[i]);
	for (size_t i = 0; i < x->nheld; i++)
		xseg_clear(&x->held[i]);
	free(x->out);
	free(x->held);
	free(x->f0);
	free(x->tmp);
	free(x);
}
