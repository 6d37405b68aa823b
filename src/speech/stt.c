#include "stt_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QUEUE_MAX 4096 /* segments waiting for stt_next; older partials give way */

struct stt {
	const struct stt_ops *ops;
	void *impl;
	struct stt_seg *q;
	size_t head, n, cap;
	char err[256];
};

static const struct stt_ops *const backends[] = {
	&stt_pocketsphinx_ops,
	&stt_whisper_ops,
};

static const struct stt_ops *find_ops(const char *name, char *err, size_t errlen)
{
	if (!name || !*name)
		name = "pocketsphinx";
	for (size_t i = 0; i < sizeof backends / sizeof *backends; i++)
		if (!strcmp(backends[i]->name, name))
			return backends[i];
	if (err)
		snprintf(err, errlen, "unknown speech backend '%s' (known: pocketsphinx, "
			 "whisper-http)", name);
	return NULL;
}

const char *stt_backend_name(const struct stt_config *cfg)
{
	const struct stt_ops *o = find_ops(cfg ? cfg->backend : NULL, NULL, 0);

	return o ? o->name : cfg->backend;
}

int stt_available(const struct stt_config *cfg, const char *backend, char *why, size_t len)
{
	const struct stt_ops *o = find_ops(backend, why, len);

	return o ? o->available(cfg, why, len) : 0;
}

struct stt *stt_open(const struct stt_config *cfg, char *err, size_t errlen)
{
	const struct stt_ops *o = find_ops(cfg->backend, err, errlen);
	struct stt *s;

	if (!o)
		return NULL;
	s = calloc(1, sizeof *s);
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->ops = o;
	s->impl = o->open(cfg, s, err, errlen);
	if (!s->impl) {
		free(s);
		return NULL;
	}
	return s;
}

int stt_feed(struct stt *s, const int16_t *pcm, size_t n)
{
	return n ? s->ops->feed(s->impl, pcm, n) : 0;
}

int stt_finish(struct stt *s)
{
	return s->ops->finish(s->impl);
}

void stt_seg_clear(struct stt_seg *seg)
{
	free(seg->text);
	memset(seg, 0, sizeof *seg);
}

int stt_next(struct stt *s, struct stt_seg *out)
{
	if (!s->n)
		return 0;
	*out = s->q[s->head];
	s->head = (s->head + 1) % s->cap;
	s->n--;
	return 1;
}

/* Drop the oldest queued partial to make room; 0 when there is none. */
static int drop_partial(struct stt *s)
{
	for (size_t i = 0; i < s->n; i++) {
		size_t k = (s->head + i) % s->cap;

		if (s->q[k].final)
			continue;
		free(s->q[k].text);
		for (size_t j = i; j + 1 < s->n; j++)
			s->q[(s->head + j) % s->cap] = s->q[(s->head + j + 1) % s->cap];
		s->n--;
		return 1;
	}
	return 0;
}

void stt_emit(struct stt *s, int64_t start_ms, int64_t end_ms, int final, const char *text)
{
	struct stt_seg seg;

	if (!text || !*text)
		return;
	/* Past QUEUE_MAX a caller is not draining: partials give way, finals
	 * (the transcript) are never dropped. */
	if (s->n == s->cap && !(s->cap >= QUEUE_MAX && drop_partial(s))) {
		size_t ncap = s->cap ? s->cap * 2 : 16;
		struct stt_seg *q;

		if (s->cap >= QUEUE_MAX && !final)
			return;
		q = malloc(ncap * sizeof *q);
		if (!q)
			return;
		for (size_t i = 0; i < s->n; i++)
			q[i] = s->q[(s->head + i) % s->cap];
		free(s->q);
		s->q = q;
		s->head = 0;
		s->cap = ncap;
	}
	seg.start_ms = start_ms;
	seg.end_ms = end_ms < start_ms ? start_ms : end_ms;
	seg.final = final;
	seg.text = strdup(text);
	if (!seg.text)
		return;
	s->q[(s->head + s->n) % s->cap] = seg;
	s->n++;
}

int stt_fail(struct stt *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->err, sizeof s->err, fmt, ap);
	va_end(ap);
	return -1;
}

const char *stt_error(const struct stt *s)
{
	return s->err[0] ? s->err : "no error";
}

void stt_close(struct stt *s)
{
	struct stt_seg seg;

	if (!s)
		return;
	s->ops->close(s->impl);
	while (stt_next(s, &seg))
		stt_seg_clear(&seg);
	free(s->q);
	free(s);
}
