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
	struct stt_config cfg;
	struct stt *stt;          /* touched only by the running job */
	int16_t *buf;             /* pending audio, loop side */
	size_t len;
	unsigned char carry;
	int has_carry;
	int busy;                 /* a job is on the pool */
	int closing;              /* the session is over */
	int flushing;             /* the rep said the audio ended (live_audio_flush) */
	int finished;             /* the final job ran */
	int failed;
};

struct la_job {
	struct live_audio *la;
	int16_t *pcm;
	size_t n;
	int finish, failed;
	struct stt_seg *segs;
	int nsegs, cap;
	char err[256];
};

static int g_active; /* live streams open (loop thread) */

struct live_audio *live_audio_new(const struct server *srv, const char *backend,
				  const char *session_id, int64_t offset_ms, char *why, size_t whylen)
{
	struct live_audio *la;
	char err[256];

	if (!backend) {
		snprintf(why, whylen, "Speech to text is turned off for this organization or server;"
			 " send transcript_segment");
		return NULL;
	}
	if (g_active >= srv->cfg.speech_live_max) {
		snprintf(why, whylen, "The server is transcribing %d live calls already (SPEECH_LIVE_MAX);"
			 " send transcript_segment", g_active);
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
	la->buf = xmalloc(BACKLOG * sizeof *la->buf);
	g_active++;
	return la;
}

static void la_free(struct live_audio *la)
{
	free(la->buf);
	free(la);
	g_active--;
}

/* Speech thread: feed the job's audio (and finish), collect the finals. */
static void job_run(void *arg, void *db)
{
	struct la_job *j = arg;
	struct live_audio *la = j->la;
	struct stt_seg seg;

	(void)db;
	/* la->failed is only written on the loop, before this job was queued */
	if (!la->stt && !la->failed && j->n) {
		la->stt = stt_open(&la->cfg, j->err, sizeof j->err);
		if (!la->stt)
			j->failed = 1;
	}
	if (la->stt && (stt_feed(la->stt, j->pcm, j->n) || (j->finish && stt_finish(la->stt)))) {
		snprintf(j->err, sizeof j->err, "%s", stt_error(la->stt));
		j->failed = 1;
	}
	while (la->stt && stt_next(la->stt, &seg)) {
		if (!seg.final) {
			stt_seg_clear(&seg);
			continue;
		}
		if (j->nsegs == j->cap) {
			j->cap = j->cap ? j->cap * 2 : 8;
			j->segs = xrealloc(j->segs, (size_t)j->cap * sizeof *j->segs);
		}
		j->segs[j->nsegs++] = seg;
	}
	if (j->finish || j->failed) {
		stt_close(la->stt); /* here, not on the loop: freeing a decoder takes a moment */
		la->stt = NULL;
	}
}

static void kick(struct live_audio *la);

/* Loop thread: hand the finals to the hub, then the next batch. */
static void job_done(void *arg)
{
	struct la_job *j = arg;
	struct live_audio *la = j->la;

	for (int i = 0; i < j->nsegs; i++) {
		if (!la->closing)
			live_audio_segment(la->session_id, la->offset_ms + j->segs[i].start_ms,
					   la->offset_ms + j->segs[i].end_ms, j->segs[i].text);
		stt_seg_clear(&j->segs[i]);
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
	free(j->pcm);
	if (j->finish && !la->closing && la->flushing) {
		la->flushing = 0;
		la->finished = 0; /* more audio opens a new stream */
		live_audio_flushed(la->session_id);
	}
	free(j);
	if (la->closing && la->finished)
		la_free(la);
	else
		kick(la);
}

/* Start a job when none runs and there is audio (or the end) to process. */
static void kick(struct live_audio *la)
{
	struct la_job *j;

	if (la->busy || (!la->len && !la->closing && !la->flushing) ||
	    (la->failed && !la->closing && !la->flushing))
		return;
	j = xcalloc(1, sizeof *j);
	j->la = la;
	j->n = la->len;
	j->pcm = xmalloc((la->len ? la->len : 1) * sizeof *j->pcm);
	memcpy(j->pcm, la->buf, la->len * sizeof *la->buf);
	j->finish = la->closing || la->flushing;
	la->len = 0;
	if (transcription_submit_job(job_run, job_done, j)) {
		free(j->pcm);
		free(j);
		if (la->closing) { /* no pool: give up on what is pending */
			la->finished = 1;
			if (la->stt)
				stt_close(la->stt);
			la_free(la);
		}
		return;
	}
	la->busy = 1;
}

int live_audio_push(struct live_audio *la, const void *bytes, size_t n, char *why, size_t whylen)
{
	const unsigned char *p = bytes;
	size_t samples = (n + (size_t)la->has_carry) / 2, k = 0;

	if (la->failed) {
		snprintf(why, whylen, "Speech to text failed for this session");
		return -1;
	}
	if (la->len + samples > BACKLOG) {
		snprintf(why, whylen, "Audio is arriving faster than it can be transcribed; %zu ms dropped",
			 samples * 1000 / STT_RATE);
		return -1;
	}
	if (la->has_carry && n) {
		la->buf[la->len + k++] = (int16_t)(la->carry | p[0] << 8);
		p++;
		n--;
		la->has_carry = 0;
	}
	for (; n >= 2; n -= 2, p += 2)
		la->buf[la->len + k++] = (int16_t)(p[0] | p[1] << 8);
	if (n) {
		la->carry = p[0];
		la->has_carry = 1;
	}
	la->len += k;
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
