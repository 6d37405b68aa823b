#include "live_audio.h"
#include "transcription.h"
#include "common/ids.h"
#include "common/log.h"
#include "common/xmalloc.h"
#include "speech/stt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BACKLOG (LIVE_AUDIO_BACKLOG_S * STT_RATE)

struct live_audio {
	char session_id[UUID_STR_LEN];
	int64_t offset_ms;
	int channels;             /* 1: the rep; 2: rep left, customer right */
	struct stt_config cfg;
	struct stt *stt[2];       /* touched only by the running job */
	int16_t *buf[2];          /* pending audio per channel, loop side */
	size_t len;               /* samples pending in each */
	unsigned char carry[4];   /* the start of a frame split between messages */
	size_t ncarry;
	int busy;                 /* a job is on the pool */
	int closing;              /* the session is over */
	int flushing;             /* the rep said the audio ended (live_audio_flush) */
	int finished;             /* the final job ran */
	int failed;
};

struct la_seg {
	struct stt_seg seg;
	int channel;
};

struct la_job {
	struct live_audio *la;
	int16_t *pcm[2];
	size_t n;
	int finish, failed;
	struct la_seg *segs;
	int nsegs, cap;
	char err[256];
};

static int g_active; /* recogniser streams reserved (loop thread) */

struct live_audio *live_audio_new(const struct server *srv, const char *backend,
				  const char *session_id, int channels, int64_t offset_ms,
				  char *why, size_t whylen)
{
	struct live_audio *la;
	char err[256];

	if (!backend) {
		snprintf(why, whylen, "Speech to text is turned off for this organization or server;"
			 " send transcript_segment");
		return NULL;
	}
	if (g_active + channels > srv->cfg.speech_live_max) {
		snprintf(why, whylen, "The server is transcribing %d live audio streams already"
			 " (SPEECH_LIVE_MAX %d); send transcript_segment", g_active,
			 srv->cfg.speech_live_max);
		return NULL;
	}
	la = xcalloc(1, sizeof *la);
	transcription_stt_config(srv, backend, &la->cfg);
	if (!stt_available(&la->cfg, backend, err, sizeof err)) {
		snprintf(why, whylen, "Speech to text is unavailable: %s", err);
		free(la);
		return NULL;
	}
	memcpy(la->session_id, session_id, UUID_STR_LEN);
	la->offset_ms = offset_ms;
	la->channels = channels;
	for (int c = 0; c < channels; c++)
		la->buf[c] = xmalloc(BACKLOG * sizeof *la->buf[c]);
	g_active += channels;
	return la;
}

static void la_free(struct live_audio *la)
{
	g_active -= la->channels;
	free(la->buf[0]);
	free(la->buf[1]);
	free(la);
}

/* Speech thread: feed the job's audio (and finish), collect the finals. */
static void job_run(void *arg, void *db)
{
	struct la_job *j = arg;
	struct live_audio *la = j->la;
	struct stt_seg seg;

	(void)db;
	for (int c = 0; c < la->channels; c++) {
		struct stt *s;

		/* la->failed is only written on the loop, before this job was queued */
		if (!la->stt[c] && !la->failed && !j->failed && j->n) {
			la->stt[c] = stt_open(&la->cfg, j->err, sizeof j->err);
			if (!la->stt[c])
				j->failed = 1;
		}
		if (!(s = la->stt[c]))
			continue;
		if (stt_feed(s, j->pcm[c], j->n) || (j->finish && stt_finish(s))) {
			snprintf(j->err, sizeof j->err, "%s", stt_error(s));
			j->failed = 1;
		}
		while (stt_next(s, &seg)) {
			if (!seg.final) {
				stt_seg_clear(&seg);
				continue;
			}
			if (j->nsegs == j->cap) {
				j->cap = j->cap ? j->cap * 2 : 8;
				j->segs = xrealloc(j->segs, (size_t)j->cap * sizeof *j->segs);
			}
			j->segs[j->nsegs].seg = seg;
			j->segs[j->nsegs++].channel = c;
		}
	}
	if (j->finish || j->failed)
		for (int c = 0; c < la->channels; c++) {
			stt_close(la->stt[c]); /* here: freeing a decoder takes a moment */
			la->stt[c] = NULL;
		}
}

static int by_time(const void *a, const void *b)
{
	const struct la_seg *x = a, *y = b;

	return x->seg.start_ms < y->seg.start_ms ? -1 : x->seg.start_ms > y->seg.start_ms;
}

static void kick(struct live_audio *la);

/* Loop thread: hand the finals to the hub, then the next batch. */
static void job_done(void *arg)
{
	struct la_job *j = arg;
	struct live_audio *la = j->la;

	if (j->nsegs)
		qsort(j->segs, (size_t)j->nsegs, sizeof *j->segs, by_time);
	for (int i = 0; i < j->nsegs; i++) {
		struct stt_seg *s = &j->segs[i].seg;

		if (!la->closing)
			live_audio_segment(la->session_id, j->segs[i].channel == 0 ? "rep" : "customer",
					   la->offset_ms + s->start_ms, la->offset_ms + s->end_ms, s->text);
		stt_seg_clear(s);
	}
	if (j->err[0] && !la->closing) {
		log_warn("live session %s: speech to text failed: %s", la->session_id, j->err);
		live_audio_failed(la->session_id, j->err);
	}
	la->busy = 0;
	if (j->failed)
		la->failed = 1;
	if (j->finish)
		la->finished = 1;
	free(j->segs);
	free(j->pcm[0]);
	free(j->pcm[1]);
	if (j->finish && !la->closing && la->flushing) {
		la->flushing = 0;
		la->finished = 0; /* more audio opens new streams */
		live_audio_flushed(la->session_id);
	}
	free(j);
	if (la->closing && la->finished)
		la_free(la);
	else
		kick(la);
}

/* Start a job when none runs and there is audio (or an end) to process. */
static void kick(struct live_audio *la)
{
	struct la_job *j;

	if (la->busy || (!la->len && !la->closing && !la->flushing) ||
	    (la->failed && !la->closing && !la->flushing))
		return;
	j = xcalloc(1, sizeof *j);
	j->la = la;
	j->n = la->len;
	for (int c = 0; c < la->channels; c++) {
		j->pcm[c] = xmalloc((la->len ? la->len : 1) * sizeof *j->pcm[c]);
		memcpy(j->pcm[c], la->buf[c], la->len * sizeof *la->buf[c]);
	}
	j->finish = la->closing || la->flushing;
	la->len = 0;
	if (transcription_submit_job(job_run, job_done, j)) {
		free(j->pcm[0]);
		free(j->pcm[1]);
		free(j);
		if (la->closing) { /* no pool: give up on what is pending */
			for (int c = 0; c < la->channels; c++)
				stt_close(la->stt[c]);
			la_free(la);
		}
		return;
	}
	la->busy = 1;
}

int live_audio_push(struct live_audio *la, const void *bytes, size_t n, char *why, size_t whylen)
{
	const unsigned char *p = bytes;
	size_t frame = 2 * (size_t)la->channels, frames = (n + la->ncarry) / frame;

	if (la->failed) {
		snprintf(why, whylen, "Speech to text failed for this session");
		return -1;
	}
	if (la->len + frames > BACKLOG) {
		snprintf(why, whylen, "Audio is arriving faster than it can be transcribed; %zu ms dropped",
			 frames * 1000 / STT_RATE);
		return -1;
	}
	while (n) {
		la->carry[la->ncarry++] = *p++;
		n--;
		if (la->ncarry < frame)
			continue;
		for (int c = 0; c < la->channels; c++)
			la->buf[c][la->len] = (int16_t)(la->carry[2 * c] | la->carry[2 * c + 1] << 8);
		la->len++;
		la->ncarry = 0;
	}
	kick(la);
	return 0;
}

void live_audio_flush(struct live_audio *la)
{
	la->flushing = 1;
	kick(la);
}

void live_audio_close(struct live_audio *la)
{
	if (!la)
		return;
	la->closing = 1;
	if (!la->busy)
		kick(la);
}
