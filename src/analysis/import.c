/*
 * import.c - transcript importers (see transcript.h): Otter TXT, SRT,
 * WebVTT, salesan JSON, Whisper verbose_json, Deepgram, AssemblyAI and
 * plain "Speaker: text" lines.
 */
#include "transcript.h"
#include "common/buf.h"
#include "common/json.h"
#include "common/xmalloc.h"

#include <cJSON.h>
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define JSON_DEPTH_MAX 16
#define NAME_PREFIX_MAX 40 /* "Jane Doe: " speaker prefixes */

struct in {
	const char *p, *end;
	int line;            /* of the line last returned */
	struct transcript *t;
	char *err;
	size_t errlen;
};

/* How many of the first n bytes of s are ASCII digits, in a row.  (Lines
 * are slices of the input, which need not be NUL-terminated: no strspn.) */
static size_t digits(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	return i;
}

static int fail(struct in *in, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(in->err, in->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* The next line (without its end-of-line), or 0 at the end. */
static int next_line(struct in *in, const char **s, size_t *n)
{
	const char *nl;

	if (in->p >= in->end)
		return 0;
	nl = memchr(in->p, '\n', (size_t)(in->end - in->p));
	*s = in->p;
	*n = nl ? (size_t)(nl - in->p) : (size_t)(in->end - in->p);
	in->p = nl ? nl + 1 : in->end;
	if (*n && (*s)[*n - 1] == '\r')
		(*n)--;
	in->line++;
	return 1;
}

static int blank(const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	return n == 0;
}

/* "H:MM:SS", "M:SS" or "MM:SS" (optionally ".mmm" / ",mmm") exactly
 * spanning s[0..n); -1 when not a clock. */
static int64_t clock_ms(const char *s, size_t n)
{
	int64_t part[3] = { 0 }, frac = 0;
	int np = 0, digits, fd = 0;
	size_t i = 0;

	while (np < 3) {
		digits = 0;
		part[np] = 0;
		while (i < n && isdigit((unsigned char)s[i]) && digits < 6) {
			part[np] = part[np] * 10 + (s[i] - '0');
			i++;
			digits++;
		}
		if (!digits)
			return -1;
		np++;
		if (i < n && s[i] == ':') {
			i++;
			continue;
		}
		break;
	}
	if (np < 2)
		return -1;
	if (i < n && (s[i] == '.' || s[i] == ',')) {
		i++;
		while (i < n && isdigit((unsigned char)s[i]) && fd < 3) {
			frac = frac * 10 + (s[i] - '0');
			i++;
			fd++;
		}
		while (fd && fd < 3) {
			frac *= 10;
			fd++;
		}
	}
	if (i != n)
		return -1;
	if (np == 3 ? part[1] > 59 || part[2] > 59 : part[1] > 59)
		return -1;
	return np == 3 ? ((part[0] * 60 + part[1]) * 60 + part[2]) * 1000 + frac
		       : (part[0] * 60 + part[1]) * 1000 + frac;
}

/* "A --> B [settings]" into start/end; 0 or -1. */
static int cue_times(const char *s, size_t n, int64_t *a, int64_t *b)
{
	const char *arrow = NULL, *p, *end = s + n; /* (s moves past blanks below) */
	size_t i, an, bn;

	for (i = 0; i + 3 <= n; i++)
		if (!memcmp(s + i, "-->", 3)) {
			arrow = s + i;
			break;
		}
	if (!arrow)
		return -1;
	an = (size_t)(arrow - s);
	while (an && isspace((unsigned char)s[an - 1]))
		an--;
	while (an && isspace((unsigned char)*s)) {
		s++;
		an--;
	}
	p = arrow + 3;
	while (p < end && isspace((unsigned char)*p))
		p++;
	for (bn = 0; p + bn < end && !isspace((unsigned char)p[bn]); bn++)
		;
	*a = clock_ms(s, an);
	*b = clock_ms(p, bn);
	return *a < 0 || *b < 0 || *b < *a ? -1 : 0;
}

/* A "Name: " prefix of up to NAME_PREFIX_MAX characters that looks like a
 * name (no sentence punctuation, not a clock).  Returns its length (name
 * only) or 0. */
static size_t name_prefix(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && i <= NAME_PREFIX_MAX; i++) {
		char c = s[i];

		if (c == ':')
			break;
		if (c == '.' || c == '?' || c == '!' || c == ',' || c == '"' || c == '(' ||
		    c == '<' || c == '[')
			return 0;
	}
	if (i == 0 || i >= n || i > NAME_PREFIX_MAX || s[i] != ':')
		return 0;
	if (i + 1 < n && s[i + 1] != ' ' && s[i + 1] != '\t')
		return 0; /* "10:30" or "http://" */
	if (isdigit((unsigned char)s[0]) && digits(s, n) >= i)
		return 0;
	return i;
}

static int speaker_n(struct in *in, const char *name, size_t n)
{
	char buf[TRANSCRIPT_MAX_NAME + 1];
	int k;

	while (n && isspace((unsigned char)name[n - 1]))
		n--;
	while (n && isspace((unsigned char)*name)) {
		name++;
		n--;
	}
	if (n > TRANSCRIPT_MAX_NAME)
		n = TRANSCRIPT_MAX_NAME;
	memcpy(buf, name, n);
	buf[n] = '\0';
	k = transcript_speaker(in->t, n ? buf : "Speaker");
	if (k < 0)
		fail(in, "line %d: more than %d speakers", in->line, TRANSCRIPT_MAX_SPEAKERS);
	return k;
}

static int add(struct in *in, int spk, int64_t a, int64_t b, const char *text, size_t n)
{
	if (transcript_add(in->t, spk, a, b, text, n))
		return fail(in, "line %d: more than %d turns", in->line, TRANSCRIPT_MAX_TURNS);
	return 0;
}

/* Text with an optional "Name: " prefix (SRT, VTT without voices). */
static int add_prefixed(struct in *in, const char *text, size_t n, int64_t a, int64_t b)
{
	size_t k = name_prefix(text, n);
	int spk = k ? speaker_n(in, text, k) : speaker_n(in, "Speaker", 7);

	if (spk < 0)
		return -1;
	return k ? add(in, spk, a, b, text + k + 1, n - k - 1) : add(in, spk, a, b, text, n);
}

/* ---- Otter TXT ---- */

/* "Name  1:23" or "Name  1:02:03": the name's length, or 0. */
static size_t otter_header(const char *s, size_t n, int64_t *ms)
{
	size_t e = n, t;

	while (e && isspace((unsigned char)s[e - 1]))
		e--;
	t = e;
	while (t && (isdigit((unsigned char)s[t - 1]) || s[t - 1] == ':'))
		t--;
	if (t == e || t == 0 || !isspace((unsigned char)s[t - 1]))
		return 0;
	*ms = clock_ms(s + t, e - t);
	if (*ms < 0)
		return 0;
	while (t && isspace((unsigned char)s[t - 1]))
		t--;
	return t && t <= TRANSCRIPT_MAX_NAME ? t : 0;
}

static int import_otter(struct in *in)
{
	const char *s;
	size_t n, k;
	struct buf text = BUF_INIT;
	int spk = -1, at_block = 1, rc = 0;
	int64_t start = -1, ms;

	while (next_line(in, &s, &n)) {
		if (blank(s, n)) {
			at_block = 1;
			continue;
		}
		if (at_block && (k = otter_header(s, n, &ms))) {
			if (spk >= 0 && (rc = add(in, spk, start, -1, text.s ? text.s : "", text.len)))
				break;
			buf_reset(&text);
			if ((spk = speaker_n(in, s, k)) < 0) {
				rc = -1;
				break;
			}
			start = ms;
			at_block = 0;
			continue;
		}
		at_block = 0;
		if (spk < 0) {
			rc = fail(in, "line %d: text before the first speaker line (\"Name  0:00\")",
				  in->line);
			break;
		}
		if (text.len)
			buf_addch(&text, ' ');
		buf_add(&text, s, n);
	}
	if (!rc && spk >= 0)
		rc = add(in, spk, start, -1, text.s ? text.s : "", text.len);
	buf_free(&text);
	return rc;
}

/* ---- SRT ---- */

static int import_srt(struct in *in)
{
	const char *s;
	size_t n;
	struct buf text = BUF_INIT;
	int64_t a = 0, b = 0;
	int state = 0, rc = 0; /* 0 before a cue, 1 in its text */

	for (;;) {
		int more = next_line(in, &s, &n);

		if (!more || blank(s, n)) {
			if (state == 1 && text.len && (rc = add_prefixed(in, text.s, text.len, a, b)))
				break;
			buf_reset(&text);
			state = 0;
			if (!more)
				break;
			continue;
		}
		if (state == 0) {
			if (digits(s, n) == n) /* the index */
				continue;
			if (cue_times(s, n, &a, &b)) {
				rc = fail(in, "line %d: expected a time line \"00:00:01,000 --> "
					      "00:00:04,000\"", in->line);
				break;
			}
			state = 1;
			continue;
		}
		if (text.len)
			buf_addch(&text, ' ');
		buf_add(&text, s, n);
	}
	buf_free(&text);
	return rc;
}

/* ---- WebVTT ---- */

/* One voice span's text: the voice's turn, or a "Name: " prefixed one. */
static int vtt_flush(struct in *in, const char *voice, struct buf *text, int64_t a, int64_t b)
{
	int spk, rc = 0;

	if (text->len) {
		if (voice[0]) {
			spk = speaker_n(in, voice, strlen(voice));
			rc = spk < 0 ? -1 : add(in, spk, a, b, text->s, text->len);
		} else {
			rc = add_prefixed(in, text->s, text->len, a, b);
		}
	}
	buf_reset(text);
	return rc;
}

/* Add a cue payload: <v Name> spans become turns; other tags vanish. */
static int vtt_payload(struct in *in, const char *p, size_t n, int64_t a, int64_t b)
{
	struct buf text = BUF_INIT;
	char voice[TRANSCRIPT_MAX_NAME + 1] = "";
	int rc = 0;
	size_t i = 0;

	while (i < n && !rc) {
		if (p[i] == '<') {
			const char *close = memchr(p + i, '>', n - i);
			size_t tl;

			if (!close)
				break;
			tl = (size_t)(close - (p + i));
			if (tl >= 2 && p[i + 1] == 'v' && (p[i + 2] == ' ' || p[i + 2] == '.')) {
				const char *name = memchr(p + i + 2, ' ', tl - 1);
				rc = vtt_flush(in, voice, &text, a, b);
				if (name) {
					size_t nl = (size_t)(close - name - 1);
					if (nl > TRANSCRIPT_MAX_NAME)
						nl = TRANSCRIPT_MAX_NAME;
					memcpy(voice, name + 1, nl);
					voice[nl] = '\0';
				}
			}
			i += tl + 1;
			continue;
		}
		if (p[i] == '&') { /* the entities WebVTT defines */
			static const char *const ent[][2] = { { "&amp;", "&" }, { "&lt;", "<" },
							      { "&gt;", ">" }, { "&nbsp;", " " } };
			size_t e;
			for (e = 0; e < 4; e++) {
				size_t el = strlen(ent[e][0]);
				if (n - i >= el && !memcmp(p + i, ent[e][0], el)) {
					buf_addstr(&text, ent[e][1]);
					i += el;
					break;
				}
			}
			if (e < 4)
				continue;
		}
		buf_addch(&text, p[i++]);
	}
	if (!rc)
		rc = vtt_flush(in, voice, &text, a, b);
	buf_free(&text);
	return rc;
}

static int import_vtt(struct in *in)
{
	const char *s;
	size_t n;
	struct buf text = BUF_INIT;
	int64_t a = 0, b = 0;
	int state = 0, rc = 0; /* 0 between blocks, 1 cue text, 2 skipped block, 3 header */

	if (!next_line(in, &s, &n) || n < 6 || memcmp(s + (n >= 9 && !memcmp(s, "\xEF\xBB\xBF", 3) ? 3 : 0),
							"WEBVTT", 6))
		return fail(in, "line 1: a WebVTT file starts with \"WEBVTT\"");
	state = 3;
	for (;;) {
		int more = next_line(in, &s, &n);

		if (!more || blank(s, n)) {
			if (state == 1 && text.len && (rc = vtt_payload(in, text.s, text.len, a, b)))
				break;
			buf_reset(&text);
			state = 0;
			if (!more)
				break;
			continue;
		}
		if (state == 2 || state == 3)
			continue;
		if (state == 0) {
			if ((n >= 4 && !memcmp(s, "NOTE", 4) && (n == 4 || isspace((unsigned char)s[4]))) ||
			    (n >= 5 && !memcmp(s, "STYLE", 5)) || (n >= 6 && !memcmp(s, "REGION", 6))) {
				state = 2;
				continue;
			}
			if (cue_times(s, n, &a, &b) == 0) {
				state = 1;
				continue;
			}
			/* a cue identifier: the time line must follow */
			if (!next_line(in, &s, &n) || cue_times(s, n, &a, &b)) {
				rc = fail(in, "line %d: expected a cue time line \"00:01.000 --> "
					      "00:04.000\"", in->line);
				break;
			}
			state = 1;
			continue;
		}
		if (text.len)
			buf_addch(&text, ' ');
		buf_add(&text, s, n);
	}
	buf_free(&text);
	return rc;
}

/* ---- plain "Speaker: text" ---- */

static int import_plain(struct in *in)
{
	const char *s;
	size_t n, k;
	int rc = 0, last = -1;

	while (next_line(in, &s, &n)) {
		int64_t at = -1;

		if (blank(s, n))
			continue;
		/* an optional "[00:01:02]" or "(1:02)" before the name */
		if (n > 2 && (s[0] == '[' || s[0] == '(')) {
			const char *c = memchr(s, s[0] == '[' ? ']' : ')', n);
			if (c && (at = clock_ms(s + 1, (size_t)(c - s - 1))) >= 0) {
				n -= (size_t)(c + 1 - s);
				s = c + 1;
				while (n && isspace((unsigned char)*s)) {
					s++;
					n--;
				}
			}
		}
		k = name_prefix(s, n);
		if (k) {
			int spk = speaker_n(in, s, k);
			if (spk < 0 || (rc = add(in, spk, at, -1, s + k + 1, n - k - 1)))
				return -1;
			last = spk;
		} else if (last >= 0 && in->t->nturns) {
			/* a continuation of the previous turn */
			struct turn *u = &in->t->turns[in->t->nturns - 1];
			size_t ol = strlen(u->text);
			if (ol + n + 1 <= TRANSCRIPT_MAX_TURN_CHARS) {
				u->text = xrealloc(u->text, ol + n + 2);
				u->text[ol] = ' ';
				memcpy(u->text + ol + 1, s, n);
				u->text[ol + 1 + n] = '\0';
			}
		} else {
			return fail(in, "line %d: expected \"Speaker: text\"", in->line);
		}
	}
	return rc;
}

/* ---- JSON formats ---- */

static int jfail(struct in *in, const char *path, int i, const char *msg)
{
	return i >= 0 ? fail(in, "%s[%d]: %s", path, i, msg) : fail(in, "%s: %s", path, msg);
}

/* A time in seconds (scale 1000) or ms (scale 1): -1 absent, -2 bad. */
static int64_t jtime(const cJSON *o, const char *key, double scale)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!v || cJSON_IsNull(v))
		return -1;
	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble < 0 ||
	    v->valuedouble * scale > 1e10)
		return -2;
	return (int64_t)llround(v->valuedouble * scale);
}

/* The speaker of a JSON item: a string, or a number ("Speaker 2"). */
static int jspeaker(struct in *in, const cJSON *v, const char *prefix)
{
	char buf[64];

	if (cJSON_IsString(v) && v->valuestring[0])
		return speaker_n(in, v->valuestring, strlen(v->valuestring));
	if (cJSON_IsNumber(v) && isfinite(v->valuedouble)) {
		snprintf(buf, sizeof buf, "%s%.0f", prefix, v->valuedouble);
		return speaker_n(in, buf, strlen(buf));
	}
	return speaker_n(in, "Speaker", 7);
}

static int json_segments(struct in *in, const cJSON *arr, const char *path, const char *tkey,
			 const char *skey, const char *ekey, double scale, const char *spk_prefix)
{
	const cJSON *it;
	int i = 0;

	if (!cJSON_IsArray(arr))
		return jfail(in, path, -1, "must be an array");
	cJSON_ArrayForEach(it, arr) {
		const cJSON *tx = cJSON_GetObjectItemCaseSensitive(it, tkey);
		int64_t a = jtime(it, skey, scale), b = jtime(it, ekey, scale);
		int spk;

		if (!cJSON_IsObject(it))
			return jfail(in, path, i, "must be an object");
		if (!cJSON_IsString(tx))
			return jfail(in, path, i, "needs a text string");
		if (a == -2 || b == -2)
			return jfail(in, path, i, "times must be non-negative numbers");
		if (a >= 0 && b >= 0 && b < a)
			return jfail(in, path, i, "ends before it starts");
		spk = jspeaker(in, cJSON_GetObjectItemCaseSensitive(it, "speaker"), spk_prefix);
		if (spk < 0 || transcript_add(in->t, spk, a, b, tx->valuestring, strlen(tx->valuestring)))
			return jfail(in, path, i, "too many speakers or turns");
		i++;
	}
	return 0;
}

static int import_salesan(struct in *in, const cJSON *doc)
{
	const cJSON *sp = cJSON_GetObjectItemCaseSensitive(doc, "speakers"), *it;
	int i = 0;

	if (sp && !cJSON_IsArray(sp))
		return jfail(in, "speakers", -1, "must be an array");
	cJSON_ArrayForEach(it, sp) {
		const char *id = json_str(it, "id"), *name = json_str(it, "name"),
			   *role = json_str(it, "role");
		int k;

		if (!id || !*id)
			return jfail(in, "speakers", i, "needs an id");
		if ((k = transcript_speaker(in->t, id)) < 0)
			return jfail(in, "speakers", i, "too many speakers");
		if (name && *name) {
			free(in->t->speakers[k].name);
			in->t->speakers[k].name = xstrndup(name, TRANSCRIPT_MAX_NAME);
		}
		if (role && !strcmp(role, "rep"))
			in->t->speakers[k].role = SPK_REP;
		else if (role && !strcmp(role, "customer"))
			in->t->speakers[k].role = SPK_CUSTOMER;
		else if (role && strcmp(role, "unknown"))
			return jfail(in, "speakers", i, "role must be rep, customer or unknown");
		i++;
	}
	return json_segments(in, cJSON_GetObjectItemCaseSensitive(doc, "segments"), "segments",
			     "text", "startMs", "endMs", 1, "");
}

/* Deepgram words with speakers: consecutive words of one speaker form a turn. */
static int deepgram_words(struct in *in, const cJSON *words)
{
	const cJSON *w;
	struct buf text = BUF_INIT;
	int cur = -2, spk = -1, i = 0;
	int64_t a = -1, b = -1;

	cJSON_ArrayForEach(w, words) {
		const cJSON *sv = cJSON_GetObjectItemCaseSensitive(w, "speaker");
		const char *word = json_str(w, "punctuated_word");
		int s = cJSON_IsNumber(sv) ? (int)sv->valuedouble : -1;
		int64_t ws = jtime(w, "start", 1000), we = jtime(w, "end", 1000);

		if (!word)
			word = json_str(w, "word");
		if (!word || ws == -2 || we == -2) {
			buf_free(&text);
			return jfail(in, "results.channels[0].alternatives[0].words", i,
				     "needs a word and numeric start/end");
		}
		if (s != cur) {
			if (text.len && transcript_add(in->t, spk, a, b, text.s, text.len)) {
				buf_free(&text);
				return fail(in, "too many turns");
			}
			buf_reset(&text);
			cur = s;
			spk = jspeaker(in, sv, "Speaker ");
			if (spk < 0) {
				buf_free(&text);
				return -1;
			}
			a = ws;
		}
		if (text.len)
			buf_addch(&text, ' ');
		buf_addstr(&text, word);
		b = we;
		i++;
	}
	if (text.len && transcript_add(in->t, spk, a, b, text.s, text.len)) {
		buf_free(&text);
		return fail(in, "too many turns");
	}
	buf_free(&text);
	return 0;
}

static int import_json(struct in *in, enum transcript_format f, const char *data, size_t len,
		       enum transcript_format *used)
{
	const char *end = NULL;
	cJSON *doc = cJSON_ParseWithLengthOpts(data, len, &end, 0), *x;
	int rc;

	if (!doc) {
		size_t at = end && end >= data ? (size_t)(end - data) : 0;
		return fail(in, "byte %zu: malformed JSON", at + 1);
	}
	if (json_depth(doc) > JSON_DEPTH_MAX) {
		cJSON_Delete(doc);
		return fail(in, "JSON nested deeper than %d levels", JSON_DEPTH_MAX);
	}
	if (f == TF_AUTO) {
		const cJSON *seg = cJSON_GetObjectItemCaseSensitive(doc, "segments");
		const cJSON *s0 = cJSON_GetArrayItem(seg, 0);

		if (cJSON_GetObjectItemCaseSensitive(doc, "results"))
			f = TF_DEEPGRAM;
		else if (cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(doc, "utterances")))
			f = TF_ASSEMBLYAI;
		else if (s0 && (cJSON_GetObjectItemCaseSensitive(s0, "startMs") ||
				cJSON_GetObjectItemCaseSensitive(doc, "speakers")))
			f = TF_JSON;
		else if (seg)
			f = TF_WHISPER;
		else {
			cJSON_Delete(doc);
			return fail(in, "JSON transcript not recognised: expected segments (salesan,"
				       " Whisper), results (Deepgram) or utterances (AssemblyAI)");
		}
	}
	*used = f;
	switch (f) {
	case TF_JSON:
		rc = import_salesan(in, doc);
		break;
	case TF_WHISPER:
		rc = json_segments(in, cJSON_GetObjectItemCaseSensitive(doc, "segments"), "segments",
				   "text", "start", "end", 1000, "");
		break;
	case TF_ASSEMBLYAI:
		rc = json_segments(in, cJSON_GetObjectItemCaseSensitive(doc, "utterances"),
				   "utterances", "text", "start", "end", 1, "Speaker ");
		break;
	case TF_DEEPGRAM:
		x = cJSON_GetObjectItemCaseSensitive(doc, "results");
		if (cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(x, "utterances")))
			rc = json_segments(in, cJSON_GetObjectItemCaseSensitive(x, "utterances"),
					   "results.utterances", "transcript", "start", "end", 1000,
					   "Speaker ");
		else {
			x = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(x, "channels"), 0);
			x = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(x, "alternatives"), 0);
			x = cJSON_GetObjectItemCaseSensitive(x, "words");
			rc = cJSON_IsArray(x) ? deepgram_words(in, x)
					      : fail(in, "results: expected utterances or"
							 " channels[0].alternatives[0].words");
		}
		break;
	default:
		rc = fail(in, "not a JSON format");
	}
	cJSON_Delete(doc);
	return rc;
}

/* ---- sniffing ---- */

static enum transcript_format sniff(const char *d, size_t len)
{
	struct in in = { d, d + len, 0, NULL, NULL, 0 };
	const char *s;
	size_t n, i;
	int lines = 0;

	while (len && isspace((unsigned char)*d)) {
		d++;
		len--;
	}
	if (len && (*d == '{' || *d == '['))
		return TF_JSON; /* refined by import_json */
	if (len >= 6 && !memcmp(d, "WEBVTT", 6))
		return TF_VTT;
	in.p = d;
	while (lines < 30 && next_line(&in, &s, &n)) {
		if (blank(s, n))
			continue;
		lines++;
		for (i = 0; i + 3 <= n; i++)
			if (!memcmp(s + i, "-->", 3))
				return TF_SRT;
		if (lines == 1) {
			int64_t ms;
			if (otter_header(s, n, &ms) && !name_prefix(s, n))
				return TF_OTTER;
		}
	}
	return TF_PLAIN;
}

int transcript_import(const char *data, size_t len, enum transcript_format f,
		      struct transcript *out, enum transcript_format *detected, char *err,
		      size_t errlen)
{
	struct in in = { data, data + len, 0, out, err, errlen };
	enum transcript_format used;
	int rc;

	memset(out, 0, sizeof *out);
	if (errlen)
		err[0] = '\0';
	if (len > TRANSCRIPT_MAX_BYTES)
		return fail(&in, "transcript larger than %u bytes", TRANSCRIPT_MAX_BYTES);
	if (memchr(data, '\0', len))
		return fail(&in, "byte %zu: NUL byte in a text transcript",
			    (size_t)((const char *)memchr(data, '\0', len) - data) + 1);
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) { /* a UTF-8 byte-order mark */
		in.p += 3;
		data += 3;
		len -= 3;
	}
	used = f == TF_AUTO ? sniff(data, len) : f;
	switch (used) {
	case TF_OTTER:
		rc = import_otter(&in);
		break;
	case TF_SRT:
		rc = import_srt(&in);
		break;
	case TF_VTT:
		rc = import_vtt(&in);
		break;
	case TF_PLAIN:
		rc = import_plain(&in);
		break;
	default:
		rc = import_json(&in, f == TF_AUTO ? TF_AUTO : used, data, len, &used);
		break;
	}
	if (!rc && !out->nturns)
		rc = fail(&in, "no speech found in the %s transcript", transcript_format_name(used));
	if (rc) {
		transcript_free(out);
		return -1;
	}
	transcript_finish(out);
	if (detected)
		*detected = used;
	return 0;
}
