/*
 * stt_whisper.c - the whisper-http backend: any server speaking the
 * OpenAI-compatible POST /v1/audio/transcriptions (whisper.cpp's server,
 * faster-whisper servers, OpenAI itself).
 *
 * Audio is gathered into chunks of whisper_chunk_ms (30 s by default; the
 * model's window) and each chunk is sent as a 16 kHz mono WAV with
 * response_format=verbose_json.  A chunk ends at the quietest 100 ms in
 * its last fifth, so words are rarely cut.  Segment times in the answer
 * are relative to the chunk and are rebased onto the stream's clock; an
 * answer with only "text" becomes one segment spanning the chunk.
 *
 * Each request has a connect timeout of 10 s and a total timeout of
 * whisper_timeout_ms; network errors, 429 and 5xx are retried up to three
 * attempts with backoff (honouring a short Retry-After).  Other answers,
 * and bodies that are not the expected JSON, fail the stream with the
 * server's message.  There are no partial hypotheses.
 */
#include "stt_internal.h"
#include "audio.h"
#include "common/buf.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FRAME 1600               /* 100 ms */
#define ATTEMPTS 3
#define MAX_ANSWER (4u << 20)    /* bytes of a transcription answer */

struct ws {
	struct stt *owner;
	char *url, *auth, *model;
	long timeout_ms;
	size_t chunk;                /* samples per request */
	int16_t *pcm;
	size_t len;
	int64_t base;                /* stream sample of pcm[0] */
};

static int w_avail(const struct stt_config *cfg, char *why, size_t len)
{
	if (!cfg->whisper_url || !*cfg->whisper_url) {
		snprintf(why, len, "no server configured: set SPEECH_WHISPER_URL (a server with "
			 "POST /v1/audio/transcriptions)");
		return 0;
	}
	if (strncmp(cfg->whisper_url, "http://", 7) && strncmp(cfg->whisper_url, "https://", 8)) {
		snprintf(why, len, "SPEECH_WHISPER_URL must be an http(s) URL");
		return 0;
	}
	return 1;
}

static void w_close(void *impl)
{
	struct ws *w = impl;

	free(w->url);
	free(w->auth);
	free(w->model);
	free(w->pcm);
	free(w);
}

static void *w_open(const struct stt_config *cfg, struct stt *owner, char *err, size_t errlen)
{
	struct ws *w;
	struct buf u = BUF_INIT;
	int chunk_ms = cfg->whisper_chunk_ms > 0 ? cfg->whisper_chunk_ms : 30000;

	if (!w_avail(cfg, err, errlen))
		return NULL;
	if (chunk_ms < 1000)
		chunk_ms = 1000;
	if (chunk_ms > 600000)
		chunk_ms = 600000;
	w = calloc(1, sizeof *w);
	if (!w) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	w->owner = owner;
	buf_addstr(&u, cfg->whisper_url);
	while (u.len && u.s[u.len - 1] == '/')
		buf_truncate(&u, u.len - 1);
	buf_addstr(&u, "/v1/audio/transcriptions");
	w->url = buf_detach(&u, NULL);
	if (cfg->whisper_key && *cfg->whisper_key) {
		buf_addf(&u, "Authorization: Bearer %s", cfg->whisper_key);
		w->auth = buf_detach(&u, NULL);
	}
	w->model = strdup(cfg->whisper_model && *cfg->whisper_model ? cfg->whisper_model
								      : "whisper-1");
	w->timeout_ms = cfg->whisper_timeout_ms > 0 ? cfg->whisper_timeout_ms : 120000;
	w->chunk = (size_t)chunk_ms * STT_RATE / 1000;
	w->pcm = malloc(w->chunk * sizeof *w->pcm);
	if (!w->pcm || !w->model) {
		w_close(w);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	return w;
}

static size_t on_body(char *p, size_t size, size_t n, void *arg)
{
	struct buf *b = arg;

	if (b->len + size * n > MAX_ANSWER)
		return 0;
	buf_add(b, p, size * n);
	return size * n;
}

static size_t on_header(char *p, size_t size, size_t n, void *arg)
{
	long *retry_after = arg;

	if (size * n > 12 && !strncasecmp(p, "Retry-After:", 12))
		*retry_after = strtol(p + 12, NULL, 10);
	return size * n;
}

/* One attempt.  Returns the HTTP status, or 0 on a network error (why). */
static long post(struct ws *w, const unsigned char *wav, size_t wavlen, struct buf *body,
		 long *retry_after, char *why, size_t whylen)
{
	CURL *c = curl_easy_init();
	curl_mime *mime;
	curl_mimepart *part;
	struct curl_slist *h = NULL;
	long status = 0;
	CURLcode rc;

	if (!c) {
		snprintf(why, whylen, "cannot start libcurl");
		return 0;
	}
	mime = curl_mime_init(c);
	part = curl_mime_addpart(mime);
	curl_mime_name(part, "file");
	curl_mime_filename(part, "audio.wav");
	curl_mime_type(part, "audio/wav");
	curl_mime_data(part, (const char *)wav, wavlen);
	part = curl_mime_addpart(mime);
	curl_mime_name(part, "model");
	curl_mime_data(part, w->model, CURL_ZERO_TERMINATED);
	part = curl_mime_addpart(mime);
	curl_mime_name(part, "response_format");
	curl_mime_data(part, "verbose_json", CURL_ZERO_TERMINATED);
	if (w->auth)
		h = curl_slist_append(h, w->auth);
	h = curl_slist_append(h, "Expect:");
	curl_easy_setopt(c, CURLOPT_URL, w->url);
	curl_easy_setopt(c, CURLOPT_MIMEPOST, mime);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, w->timeout_ms);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, body);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, retry_after);
	rc = curl_easy_perform(c);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	else
		snprintf(why, whylen, "%s", curl_easy_strerror(rc));
	curl_slist_free_all(h);
	curl_mime_free(mime);
	curl_easy_cleanup(c);
	return status;
}

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* The server's error message from a JSON error body, or a prefix of it. */
static void answer_message(const struct buf *body, char *out, size_t len)
{
	cJSON *j = cJSON_ParseWithLength(body->s, body->len);
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(j, "error");
	const cJSON *m = cJSON_IsObject(e) ? cJSON_GetObjectItemCaseSensitive(e, "message") : e;

	if (cJSON_IsString(m))
		snprintf(out, len, "%s", m->valuestring);
	else
		snprintf(out, len, "%.120s", body->s);
	cJSON_Delete(j);
}

/* Emit the segments of an answer for audio starting at base (samples). */
static int emit_answer(struct ws *w, const struct buf *body, int64_t base, size_t n)
{
	cJSON *j = cJSON_ParseWithLength(body->s, body->len);
	const cJSON *segs = cJSON_GetObjectItemCaseSensitive(j, "segments");
	const cJSON *text = cJSON_GetObjectItemCaseSensitive(j, "text");
	int64_t off = base * 1000 / STT_RATE, dur = (int64_t)n * 1000 / STT_RATE;
	const cJSON *s;

	if (!cJSON_IsObject(j) || (!cJSON_IsArray(segs) && !cJSON_IsString(text))) {
		cJSON_Delete(j);
		return stt_fail(w->owner, "whisper server answered with something other than a "
				"transcription");
	}
	if (cJSON_IsArray(segs)) {
		cJSON_ArrayForEach(s, segs) {
			const cJSON *st = cJSON_GetObjectItemCaseSensitive(s, "start");
			const cJSON *en = cJSON_GetObjectItemCaseSensitive(s, "end");
			const cJSON *tx = cJSON_GetObjectItemCaseSensitive(s, "text");
			double a, b;
			const char *t;

			if (!cJSON_IsNumber(st) || !cJSON_IsNumber(en) || !cJSON_IsString(tx))
				continue;
			a = isfinite(st->valuedouble) ? st->valuedouble : 0;
			b = isfinite(en->valuedouble) ? en->valuedouble : a;
			a = a < 0 ? 0 : a * 1000 > (double)dur ? (double)dur / 1000 : a;
			b = b < a ? a : b * 1000 > (double)dur ? (double)dur / 1000 : b;
			for (t = tx->valuestring; *t == ' '; t++)
				;
			stt_emit(w->owner, off + (int64_t)(a * 1000), off + (int64_t)(b * 1000), 1, t);
		}
	} else {
		const char *t = text->valuestring;

		while (*t == ' ')
			t++;
		stt_emit(w->owner, off, off + dur, 1, t);
	}
	cJSON_Delete(j);
	return 0;
}

/* Send pcm[0..n) and drop it from the buffer. */
static int send_chunk(struct ws *w, size_t n)
{
	unsigned char *wav = malloc(44 + n * 2);
	struct buf body = BUF_INIT;
	char why[200] = "";
	long status = 0, retry_after;
	int rc = -1;

	if (!wav)
		return stt_fail(w->owner, "out of memory");
	audio_wav_header(wav, STT_RATE, 1, (uint32_t)n);
	for (size_t i = 0; i < n; i++) {
		wav[44 + 2 * i] = (unsigned char)(w->pcm[i] & 0xff);
		wav[45 + 2 * i] = (unsigned char)((uint16_t)w->pcm[i] >> 8);
	}
	for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
		buf_reset(&body);
		retry_after = -1;
		status = post(w, wav, 44 + n * 2, &body, &retry_after, why, sizeof why);
		if (status && status != 429 && status < 500)
			break;
		if (attempt < ATTEMPTS)
			pause_ms(retry_after >= 0 && retry_after <= 10 ? retry_after * 1000
								       : 500L << (attempt - 1));
	}
	if (status >= 200 && status < 300) {
		rc = emit_answer(w, &body, w->base, n);
	} else if (status) {
		char msg[160];

		answer_message(&body, msg, sizeof msg);
		stt_fail(w->owner, "whisper server %s answered %ld: %s", w->url, status, msg);
	} else {
		stt_fail(w->owner, "whisper server %s: %s", w->url, why);
	}
	free(wav);
	buf_free(&body);
	w->len -= n;
	memmove(w->pcm, w->pcm + n, w->len * sizeof *w->pcm);
	w->base += (int64_t)n;
	return rc;
}

/* Where to end a full buffer: after the quietest 100 ms of its last fifth. */
static size_t cut_point(const struct ws *w)
{
	size_t from = w->len - w->len / 5, best = w->len;
	double best_e = HUGE_VAL;

	for (size_t f = from - from % FRAME; f + FRAME <= w->len; f += FRAME) {
		double e = 0;

		for (size_t i = f; i < f + FRAME; i++)
			e += (double)w->pcm[i] * w->pcm[i];
		if (e < best_e) {
			best_e = e;
			best = f + FRAME / 2;
		}
	}
	return best;
}

static int w_feed(void *impl, const int16_t *pcm, size_t n)
{
	struct ws *w = impl;

	while (n) {
		size_t take = w->chunk - w->len < n ? w->chunk - w->len : n;

		memcpy(w->pcm + w->len, pcm, take * sizeof *pcm);
		w->len += take;
		pcm += take;
		n -= take;
		if (w->len == w->chunk && send_chunk(w, cut_point(w)))
			return -1;
	}
	return 0;
}

static int w_finish(void *impl)
{
	struct ws *w = impl;

	return w->len >= FRAME ? send_chunk(w, w->len) : 0;
}

const struct stt_ops stt_whisper_ops = {
	"whisper-http", w_open, w_feed, w_finish, w_close, w_avail,
};
