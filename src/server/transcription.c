#include "transcription.h"
#include "call_ops.h"
#include "http.h"
#include "httpd.h"
#include "jobs.h"
#include "store.h"
#include "analysis/transcript.h"
#include "common/buf.h"
#include "common/json.h"
#include "common/log.h"
#include "common/timeutil.h"
#include "common/xmalloc.h"
#include "speech/audio.h"
#include "speech/transcribe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QUEUE_MAX 4096
#define READ_FRAMES 8192

static struct jobs *g_pool;      /* recordings */
static struct jobs *g_live_pool; /* live audio (live_audio.c): never behind a recording */

struct tjob {
	struct server *srv;
	char call_id[UUID_STR_LEN];
};

const char *transcription_backend(const struct server *srv)
{
	return strcmp(srv->cfg.speech_backend, "none") ? srv->cfg.speech_backend : NULL;
}

const char *transcription_backend_for(const struct server *srv, struct db *db, const char *org_id)
{
	struct org_row o;

	if (org_id && org_id[0] && db && store_org_by_id(db, org_id, &o) == DB_ROW &&
	    o.speech_backend[0]) {
		if (!strcmp(o.speech_backend, "none"))
			return NULL;
		return !strcmp(o.speech_backend, "pocketsphinx") ? "pocketsphinx" : "whisper-http";
	}
	return transcription_backend(srv);
}

void transcription_stt_config(const struct server *srv, const char *backend,
			      struct stt_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->backend = backend ? backend : srv->cfg.speech_backend;
	cfg->whisper_url = srv->cfg.whisper_url;
	cfg->whisper_key = srv->cfg.whisper_key;
	cfg->whisper_model = srv->cfg.whisper_model;
	cfg->whisper_timeout_ms = srv->cfg.whisper_timeout_ms;
	cfg->ps_hmm = srv->cfg.ps_hmm;
	cfg->ps_lm = srv->cfg.ps_lm;
	cfg->ps_dict = srv->cfg.ps_dict;
}

/* Display names for the two voices: the call's rep and customer. */
static void names(struct db *db, const char *call_id, struct buf *rep, struct buf *customer)
{
	struct scope all = { .kind = SCOPE_ALL };
	cJSON *c = NULL;
	const cJSON *p;

	if (store_call_json(db, &all, call_id, &c) == DB_ROW) {
		p = json_get(c, "salesRepresentative");
		const char *v, *w;

		if (cJSON_IsObject(p) && (v = json_str(p, "firstName")))
			buf_addf(rep, "%s %s", v, (w = json_str(p, "lastName")) ? w : "");
		if ((v = json_str(c, "customerName")))
			buf_addstr(customer, v);
	}
	cJSON_Delete(c);
	if (!rep->len)
		buf_addstr(rep, "Rep");
	if (!customer->len)
		buf_addstr(customer, "Customer");
}

/* Decode the recording into *t.  0; 1 when interrupted by shutdown; -1
 * with why. */
static int decode(struct server *srv, const struct recording_row *rec, struct transcript *t,
		  int *estimated, char *why, size_t whylen, struct db *db)
{
	struct stt_config cfg;
	struct buf path = BUF_INIT, rep = BUF_INIT, cust = BUF_INIT;
	struct audio_in *a;
	struct xcribe *x = NULL;
	int16_t *pcm = NULL;
	struct xseg s;
	int spk[2], rc = -1;
	long n;

	buf_addf(&path, "%s/files/%s/%s", srv->cfg.data_dir, rec->org_id, rec->file_key);
	a = audio_open_wav(path.s, why, whylen);
	buf_free(&path);
	if (!a)
		return -1;
	transcription_stt_config(srv, rec->backend, &cfg);
	x = xcribe_new(&cfg, audio_rate(a), audio_channels(a), 0, XC_DIARIZE, why, whylen);
	pcm = xmalloc(READ_FRAMES * 2 * sizeof *pcm);
	if (!x)
		goto out;
	while ((n = audio_read(a, pcm, READ_FRAMES)) > 0) {
		if (atomic_load(&srv->draining)) {
			rc = 1;
			goto out;
		}
		if (xcribe_feed(x, pcm, (size_t)n)) {
			snprintf(why, whylen, "%s", xcribe_error(x));
			goto out;
		}
	}
	if (n < 0) {
		snprintf(why, whylen, "%s", audio_error(a));
		goto out;
	}
	if (xcribe_finish(x)) {
		snprintf(why, whylen, "%s", xcribe_error(x));
		goto out;
	}
	names(db, rec->call_id, &rep, &cust);
	transcript_rep_customer(t, rep.s, cust.s, spk);
	*estimated = 0;
	while (xcribe_next(x, &s)) {
		*estimated |= s.estimated;
		transcript_add(t, spk[s.speaker == XC_REP ? 0 : 1], s.start_ms, s.end_ms, s.text,
			       strlen(s.text));
		xseg_clear(&s);
	}
	transcript_finish(t);
	rc = 0;
out:
	buf_free(&rep);
	buf_free(&cust);
	free(pcm);
	xcribe_free(x);
	audio_close(a);
	return rc;
}

/* Store t on the call and analyse it.  0, or -1 with why. */
static int store(struct server *srv, struct db *db, const char *call_id,
		 const struct transcript *t, char *why, size_t whylen)
{
	struct request *r = request_new();
	struct scope all = { .kind = SCOPE_ALL };
	struct call_row c;
	cJSON *sc = NULL;
	int rc = -1;

	r->db = db;
	r->srv = srv;
	if (call_store_transcript(r, call_id, t))
		snprintf(why, whylen, "the call could not be updated (deleted?)");
	else if (!t->nturns)
		rc = 0; /* nothing was said: nothing to analyse */
	else if (store_call_row(db, &all, call_id, &c) != DB_ROW)
		snprintf(why, whylen, "the call is gone");
	else if (call_analyze(r, &c, NULL, &sc))
		snprintf(why, whylen, "transcribed, but the analysis failed (status %d)",
			 r->resp.status);
	else
		rc = 0;
	cJSON_Delete(sc);
	request_free(r);
	return rc;
}

static void run(void *arg, void *state)
{
	struct tjob *j = arg;
	struct db *db = state;
	struct recording_row rec;
	struct transcript t = { 0 };
	char why[256] = "";
	int64_t t0 = time_mono_us();
	int rc, estimated = 0;

	if (!db || store_recording_get(db, j->call_id, &rec) != DB_ROW)
		return;
	if (strcmp(rec.status, "queued") && strcmp(rec.status, "transcribing"))
		return;
	if (store_recording_set(db, rec.call_id, rec.status, "transcribing", NULL, 0, 0,
				time_now_ms()) != DB_OK)
		return;
	rc = decode(j->srv, &rec, &t, &estimated, why, sizeof why, db);
	if (rc == 1) {
		store_recording_set(db, rec.call_id, "transcribing", "queued", NULL, 0, 0,
				    time_now_ms());
		log_info("transcription of call %s interrupted by shutdown; resumes at start",
			 rec.call_id);
	} else if (rc == 0 && store(j->srv, db, rec.call_id, &t, why, sizeof why) == 0) {
		store_recording_set(db, rec.call_id, "transcribing", "done", NULL, t.nturns,
				    estimated, time_now_ms());
		log_info("call %s transcribed with %s: %d turns from %.1f s of audio in %.1f s",
			 rec.call_id, rec.backend, t.nturns, rec.duration_ms / 1000.0,
			 (double)(time_mono_us() - t0) / 1e6);
	} else {
		store_recording_set(db, rec.call_id, "transcribing", "failed", why, 0, 0,
				    time_now_ms());
		log_warn("transcription of call %s failed: %s", rec.call_id, why);
	}
	transcript_free(&t);
}

static void done(void *arg)
{
	free(arg);
}

int transcription_submit(struct server *srv, const char *call_id)
{
	struct tjob *j;

	if (!g_pool)
		return -1;
	j = xcalloc(1, sizeof *j);
	j->srv = srv;
	memcpy(j->call_id, call_id, UUID_STR_LEN);
	if (jobs_submit(g_pool, run, done, j)) {
		free(j);
		return -1;
	}
	return 0;
}

int transcription_submit_job(void (*run_fn)(void *arg, void *db), void (*done_fn)(void *arg),
			     void *arg)
{
	return g_live_pool ? jobs_submit(g_live_pool, run_fn, done_fn, arg) : -1;
}

void transcription_drain(void)
{
	if (g_pool)
		jobs_drain_completed(g_pool);
	if (g_live_pool)
		jobs_drain_completed(g_live_pool);
}

static void *thread_init(void *ud)
{
	struct server *srv = ud;
	char *err = NULL;
	struct db *db = db_open(srv->cfg.db_path, srv->cfg.db_durable, &err);

	if (!db) {
		log_error("speech worker: %s", err);
		free(err);
	}
	return db;
}

static void thread_fini(void *state, void *ud)
{
	(void)ud;
	db_close(state);
}

int transcription_start(struct server *srv)
{
	struct jobs_config jc;
	char(*ids)[UUID_STR_LEN] = NULL;
	struct db *db;
	int n = 0;

	/* The pools run even when the server's default is none: an
	 * organization may choose a backend of its own. */
	memset(&jc, 0, sizeof jc);
	jc.threads = srv->cfg.speech_workers;
	jc.queue_max = QUEUE_MAX;
	jc.thread_init = thread_init;
	jc.thread_fini = thread_fini;
	jc.ud = srv;
	jc.wake = httpd_wake; /* completions run on the loop */
	g_pool = jobs_create(&jc);
	if (!g_pool) {
		log_error("cannot start the speech workers");
		return -1;
	}
	if (srv->cfg.speech_live_max > 0) {
		memset(&jc, 0, sizeof jc);
		jc.threads = srv->cfg.speech_live_max;
		jc.queue_max = QUEUE_MAX;
		jc.wake = httpd_wake;
		g_live_pool = jobs_create(&jc);
		if (!g_live_pool)
			log_warn("cannot start the live speech workers: live audio is refused");
	}
	db = thread_init(srv);
	if (db && store_recordings_unfinished(db, &ids, &n) == DB_OK && n)
		log_info("resuming %d unfinished transcription(s)", n);
	for (int i = 0; i < n; i++)
		transcription_submit(srv, ids[i]);
	free(ids);
	db_close(db);
	return 0;
}

void transcription_stop(struct server *srv)
{
	(void)srv;
	if (g_live_pool)
		jobs_destroy(g_live_pool);
	g_live_pool = NULL;
	if (g_pool)
		jobs_destroy(g_pool);
	g_pool = NULL;
}
