/*
 * stt_ps.c - the offline backend: CMU pocketsphinx 5prealpha.
 *
 * Streaming: audio goes to the decoder in fixed 100 ms steps whatever the
 * caller's chunking, so feeding a file in one call or in many small ones
 * gives the same segments.  The decoder's voice activity detector marks
 * utterances; while one lasts, partial hypotheses are emitted (when asked)
 * from the live search.
 *
 * Finals and the cold start: in streaming mode pocketsphinx normalises
 * cepstra with a running mean that starts at the model's default, so the
 * first utterances of a stream come out badly (platform-notes §6: 55 %
 * against 37 % WER).  Each utterance's audio is therefore kept (from a
 * short pre-roll before the detector fired, bounded by MAX_UTT_MS) and
 * decoded again as one complete utterance, which uses batch normalisation
 * over exactly that speech, until 20 s of speech have gone by and the
 * running mean has adapted (the second pass then stops: it would double
 * the cost of a long call for no gain).
 *
 * Memory: one decoder per stream (the model, language model and
 * dictionary: ~100 MB); ps_init is serialised because pocketsphinx's
 * logging set-up is global.
 */
#include "stt_internal.h"

#ifdef HAVE_POCKETSPHINX
#include <pocketsphinx.h>
#endif

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PS_MODEL_DIR "/usr/share/pocketsphinx/model/en-us"
#define DEF_HMM PS_MODEL_DIR "/en-us"
#define DEF_LM PS_MODEL_DIR "/en-us.lm.bin"
#define DEF_DICT PS_MODEL_DIR "/cmudict-en-us.dict"

#define STEP 1600                  /* 100 ms at 16 kHz */
#define PREROLL (STT_RATE / 2)     /* audio kept from before the detector fired */
#define MAX_UTT_MS 30000           /* longer speech is cut into utterances */
#define PARTIAL_EVERY (STT_RATE)   /* samples between partial hypotheses */
#define WARM_SAMPLES (20 * STT_RATE) /* speech after which live CMN has adapted */

#ifdef HAVE_POCKETSPHINX

static const char *pick(const char *v, const char *def)
{
	return v && *v ? v : def;
}

static int model_missing(const struct stt_config *cfg, char *why, size_t len)
{
	const char *paths[3] = { pick(cfg->ps_hmm, DEF_HMM), pick(cfg->ps_lm, DEF_LM),
				 pick(cfg->ps_dict, DEF_DICT) };
	struct stat st;

	for (int i = 0; i < 3; i++)
		if (stat(paths[i], &st)) {
			snprintf(why, len, "pocketsphinx model file %s is missing: install the "
				 "Debian package pocketsphinx-en-us, or point SPEECH_PS_HMM/"
				 "SPEECH_PS_LM/SPEECH_PS_DICT at a model", paths[i]);
			return 1;
		}
	return 0;
}

static pthread_mutex_t g_init_lock = PTHREAD_MUTEX_INITIALIZER;

struct ps_stream {
	struct stt *owner;
	cmd_ln_t *cfg;
	ps_decoder_t *ps;
	int partials;
	int16_t step[STEP];
	size_t step_len;
	int64_t samples;            /* processed so far (the stream's clock) */
	int16_t pre[PREROLL];       /* ring of the latest samples outside speech */
	size_t pre_pos, pre_len;
	int in_utt;
	int16_t *utt;               /* this utterance's audio */
	size_t utt_len, utt_cap;
	int64_t utt_start;          /* stream sample of utt[0] */
	int64_t last_partial;
	int64_t speech;             /* samples of finished utterances */
	char *partial;
};

static int avail(const struct stt_config *cfg, char *why, size_t len)
{
	return !model_missing(cfg, why, len);
}

static void *ps_open(const struct stt_config *cfg, struct stt *owner, char *err, size_t errlen)
{
	struct ps_stream *p;

	if (model_missing(cfg, err, errlen))
		return NULL;
	p = calloc(1, sizeof *p);
	if (!p) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	p->owner = owner;
	p->partials = cfg->partials;
	p->utt_cap = (size_t)MAX_UTT_MS * STT_RATE / 1000 + PREROLL + STEP;
	p->utt = malloc(p->utt_cap * sizeof *p->utt);
	pthread_mutex_lock(&g_init_lock);
	p->cfg = cmd_ln_init(NULL, ps_args(), TRUE, "-hmm", pick(cfg->ps_hmm, DEF_HMM), "-lm",
			     pick(cfg->ps_lm, DEF_LM), "-dict", pick(cfg->ps_dict, DEF_DICT),
			     "-logfn", "/dev/null", NULL);
	if (p->cfg)
		p->ps = ps_init(p->cfg);
	pthread_mutex_unlock(&g_init_lock);
	if (!p->utt || !p->ps || ps_start_utt(p->ps) < 0) {
		snprintf(err, errlen, "pocketsphinx could not load its model (%s)",
			 pick(cfg->ps_hmm, DEF_HMM));
		if (p->ps)
			ps_free(p->ps);
		if (p->cfg)
			cmd_ln_free_r(p->cfg);
		free(p->utt);
		free(p);
		return NULL;
	}
	return p;
}

static int64_t ms(int64_t samples)
{
	return samples * 1000 / STT_RATE;
}

static void pre_add(struct ps_stream *p, const int16_t *x, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		p->pre[p->pre_pos] = x[i];
		p->pre_pos = (p->pre_pos + 1) % PREROLL;
	}
	p->pre_len = p->pre_len + n > PREROLL ? PREROLL : p->pre_len + n;
}

/* Start this utterance's buffer with the pre-roll. */
static void utt_begin(struct ps_stream *p)
{
	size_t from = (p->pre_pos + PREROLL - p->pre_len) % PREROLL;

	for (size_t i = 0; i < p->pre_len; i++)
		p->utt[i] = p->pre[(from + i) % PREROLL];
	p->utt_len = p->pre_len;
	p->utt_start = p->samples - (int64_t)p->pre_len;
	p->pre_len = 0;
	p->last_partial = p->samples;
	p->in_utt = 1;
}

/* End the utterance and emit its final; leaves the decoder listening
 * again.  Until WARM_SAMPLES of speech have passed, the live result is
 * replaced by decoding the utterance's audio again as one complete
 * utterance (batch CMN); after that the running CMN has adapted to the
 * voice and the live result is as good, so the second pass stops. */
static int utt_end(struct ps_stream *p)
{
	const char *hyp;
	int32 score;
	int rc = 0;

	if (ps_end_utt(p->ps) < 0)
		rc = stt_fail(p->owner, "pocketsphinx failed to end an utterance");
	else if (p->speech < WARM_SAMPLES &&
		 (ps_start_utt(p->ps) < 0 ||
		  ps_process_raw(p->ps, p->utt, p->utt_len, FALSE, TRUE) < 0 ||
		  ps_end_utt(p->ps) < 0))
		rc = stt_fail(p->owner, "pocketsphinx failed to decode an utterance");
	if (!rc && (hyp = ps_get_hyp(p->ps, &score)) && *hyp)
		stt_emit(p->owner, ms(p->utt_start), ms(p->utt_start + (int64_t)p->utt_len), 1, hyp);
	p->speech += (int64_t)p->utt_len;
	free(p->partial);
	p->partial = NULL;
	p->in_utt = 0;
	p->utt_len = 0;
	if (ps_start_utt(p->ps) < 0)
		rc = stt_fail(p->owner, "pocketsphinx could not restart");
	return rc;
}

static void maybe_partial(struct ps_stream *p)
{
	const char *hyp;
	int32 score;

	if (!p->partials || p->samples - p->last_partial < PARTIAL_EVERY)
		return;
	p->last_partial = p->samples;
	hyp = ps_get_hyp(p->ps, &score);
	if (!hyp || !*hyp || (p->partial && !strcmp(hyp, p->partial)))
		return;
	free(p->partial);
	p->partial = strdup(hyp);
	stt_emit(p->owner, ms(p->utt_start), ms(p->samples), 0, hyp);
}

/* One fixed step through the live decoder and the detector. */
static int run_step(struct ps_stream *p, const int16_t *x, size_t n)
{
	int speech;

	if (ps_process_raw(p->ps, x, n, FALSE, FALSE) < 0)
		return stt_fail(p->owner, "pocketsphinx failed on the audio");
	p->samples += (int64_t)n;
	speech = ps_get_in_speech(p->ps);
	if (!p->in_utt) {
		if (!speech) {
			pre_add(p, x, n);
			return 0;
		}
		p->samples -= (int64_t)n; /* the pre-roll ends before this step */
		utt_begin(p);
		p->samples += (int64_t)n;
	}
	memcpy(p->utt + p->utt_len, x, n * sizeof *x);
	p->utt_len += n;
	if (!speech || p->utt_len + STEP > p->utt_cap)
		return utt_end(p);
	maybe_partial(p);
	return 0;
}

static int ps_feed(void *impl, const int16_t *pcm, size_t n)
{
	struct ps_stream *p = impl;

	while (n) {
		size_t take = STEP - p->step_len < n ? STEP - p->step_len : n;

		memcpy(p->step + p->step_len, pcm, take * sizeof *pcm);
		p->step_len += take;
		pcm += take;
		n -= take;
		if (p->step_len == STEP) {
			p->step_len = 0;
			if (run_step(p, p->step, STEP))
				return -1;
		}
	}
	return 0;
}

static int ps_finish(void *impl)
{
	struct ps_stream *p = impl;

	if (p->step_len) {
		size_t n = p->step_len;

		p->step_len = 0;
		if (run_step(p, p->step, n))
			return -1;
	}
	return p->in_utt ? utt_end(p) : 0;
}

static void ps_close(void *impl)
{
	struct ps_stream *p = impl;

	ps_free(p->ps);
	cmd_ln_free_r(p->cfg);
	free(p->partial);
	free(p->utt);
	free(p);
}

#else /* no pocketsphinx at build time */

static int avail(const struct stt_config *cfg, char *why, size_t len)
{
	(void)cfg;
	snprintf(why, len, "this build has no pocketsphinx (install libpocketsphinx-dev and "
		 "rebuild), use SPEECH_BACKEND=whisper-http");
	return 0;
}

static void *ps_open(const struct stt_config *cfg, struct stt *owner, char *err, size_t errlen)
{
	(void)owner;
	avail(cfg, err, errlen);
	return NULL;
}

static int ps_feed(void *impl, const int16_t *pcm, size_t n)
{
	(void)impl;
	(void)pcm;
	(void)n;
	return -1;
}

static int ps_finish(void *impl)
{
	(void)impl;
	return -1;
}

static void ps_close(void *impl)
{
	(void)impl;
}
#endif

const struct stt_ops stt_pocketsphinx_ops = {
	"pocketsphinx", ps_open, ps_feed, ps_finish, ps_close, avail,
};
