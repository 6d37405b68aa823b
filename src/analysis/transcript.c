/*
 * transcript.c - the transcript model (see transcript.h).
 */
#include "transcript.h"
#include "common/buf.h"
#include "common/xmalloc.h"

#include <cJSON.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *const format_names[] = {
	"auto", "otter", "srt", "vtt", "json", "whisper", "deepgram", "assemblyai", "plain", NULL
};

int transcript_format_from_name(const char *name)
{
	int i;

	for (i = 0; format_names[i]; i++)
		if (!strcmp(format_names[i], name))
			return i;
	if (!strcmp(name, "txt"))
		return TF_OTTER;
	if (!strcmp(name, "webvtt"))
		return TF_VTT;
	return -1;
}

const char *transcript_format_name(enum transcript_format f)
{
	return (unsigned)f < sizeof format_names / sizeof format_names[0] - 1 ? format_names[f] : "?";
}

int transcript_speaker(struct transcript *t, const char *id)
{
	int i;

	for (i = 0; i < t->nspeakers; i++)
		if (!strcmp(t->speakers[i].id, id))
			return i;
	if (t->nspeakers >= TRANSCRIPT_MAX_SPEAKERS)
		return -1;
	t->speakers = xrealloc(t->speakers, (size_t)(t->nspeakers + 1) * sizeof *t->speakers);
	t->speakers[t->nspeakers].id = xstrndup(id, TRANSCRIPT_MAX_NAME);
	t->speakers[t->nspeakers].name = xstrndup(id, TRANSCRIPT_MAX_NAME);
	t->speakers[t->nspeakers].role = SPK_UNKNOWN;
	return t->nspeakers++;
}

void transcript_rep_customer(struct transcript *t, const char *rep_name, const char *customer_name,
			     int spk[2])
{
	spk[0] = transcript_speaker(t, "rep");
	spk[1] = transcript_speaker(t, "customer");
	t->speakers[spk[0]].role = SPK_REP;
	t->speakers[spk[1]].role = SPK_CUSTOMER;
	free(t->speakers[spk[0]].name);
	free(t->speakers[spk[1]].name);
	t->speakers[spk[0]].name = xstrndup(rep_name, TRANSCRIPT_MAX_NAME);
	t->speakers[spk[1]].name = xstrndup(customer_name, TRANSCRIPT_MAX_NAME);
}

int transcript_add(struct transcript *t, int speaker, int64_t start_ms, int64_t end_ms,
		   const char *text, size_t len)
{
	struct turn *u;

	while (len && isspace((unsigned char)*text)) {
		text++;
		len--;
	}
	while (len && isspace((unsigned char)text[len - 1]))
		len--;
	if (!len)
		return 0;
	if (t->nturns >= TRANSCRIPT_MAX_TURNS)
		return -1;
	if (len > TRANSCRIPT_MAX_TURN_CHARS)
		len = TRANSCRIPT_MAX_TURN_CHARS;
	if (t->nturns == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->turns = xrealloc(t->turns, (size_t)t->cap * sizeof *t->turns);
	}
	u = &t->turns[t->nturns++];
	u->speaker = speaker;
	u->start_ms = start_ms;
	u->end_ms = end_ms;
	u->text = xstrndup(text, len);
	/* Line breaks inside a turn become spaces. */
	for (char *p = u->text; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	return 0;
}

int text_word_count(const char *s)
{
	int n = 0, in = 0;

	for (; *s; s++) {
		int w = isalnum((unsigned char)*s) || *s == '\'' || (unsigned char)*s >= 0x80;

		if (w && !in)
			n++;
		in = w;
	}
	return n;
}

static int64_t spoken_ms(const char *text)
{
	int64_t w = text_word_count(text);

	return (w ? w : 1) * 60000 / TRANSCRIPT_WPM;
}

void transcript_finish(struct transcript *t)
{
	int i;

	for (i = 0; i < t->nturns; i++) {
		struct turn *u = &t->turns[i], *next = i + 1 < t->nturns ? &t->turns[i + 1] : NULL;

		if (u->start_ms < 0)
			u->start_ms = i ? t->turns[i - 1].end_ms : 0;
		if (u->end_ms > u->start_ms)
			continue;
		if (next && next->start_ms > u->start_ms)
			u->end_ms = next->start_ms;
		else
			u->end_ms = u->start_ms + spoken_ms(u->text);
	}
}

void transcript_free(struct transcript *t)
{
	int i;

	for (i = 0; i < t->nspeakers; i++) {
		free(t->speakers[i].id);
		free(t->speakers[i].name);
	}
	for (i = 0; i < t->nturns; i++)
		free(t->turns[i].text);
	free(t->speakers);
	free(t->turns);
	memset(t, 0, sizeof *t);
}

cJSON *transcript_to_json(const struct transcript *t)
{
	static const char *const roles[] = { "unknown", "rep", "customer" };
	cJSON *doc = cJSON_CreateObject(), *arr, *o;
	int i;

	arr = cJSON_AddArrayToObject(doc, "speakers");
	for (i = 0; i < t->nspeakers; i++) {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", t->speakers[i].id);
		cJSON_AddStringToObject(o, "name", t->speakers[i].name);
		cJSON_AddStringToObject(o, "role", roles[t->speakers[i].role]);
		cJSON_AddItemToArray(arr, o);
	}
	arr = cJSON_AddArrayToObject(doc, "segments");
	for (i = 0; i < t->nturns; i++) {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "speaker", t->speakers[t->turns[i].speaker].id);
		cJSON_AddNumberToObject(o, "startMs", (double)t->turns[i].start_ms);
		cJSON_AddNumberToObject(o, "endMs", (double)t->turns[i].end_ms);
		cJSON_AddStringToObject(o, "text", t->turns[i].text);
		cJSON_AddItemToArray(arr, o);
	}
	return doc;
}

char *transcript_to_text(const struct transcript *t)
{
	struct buf b = BUF_INIT;
	int i;

	for (i = 0; i < t->nturns; i++)
		buf_addf(&b, "%s: %s\n", t->speakers[t->turns[i].speaker].name, t->turns[i].text);
	return b.s ? buf_detach(&b, NULL) : xstrdup("");
}
