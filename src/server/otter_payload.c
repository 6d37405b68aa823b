/*
 * otter_payload.c - see otter_payload.h.
 */
#include "otter_payload.h"
#include "common/timeutil.h"
#include "common/xmalloc.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The first of the NULL-terminated keys present in obj with a non-null value. */
static const cJSON *first_of(const cJSON *obj, ...)
{
	const cJSON *v = NULL;
	const char *k;
	va_list ap;

	va_start(ap, obj);
	while (!v && (k = va_arg(ap, const char *))) {
		v = cJSON_GetObjectItemCaseSensitive(obj, k);
		if (cJSON_IsNull(v))
			v = NULL;
	}
	va_end(ap);
	return v;
}

/* Text of a string or a number, malloc'd; NULL for anything else or "". */
static char *text_of(const cJSON *v)
{
	char tmp[64];

	if (cJSON_IsString(v) && v->valuestring[0])
		return xstrdup(v->valuestring);
	if (cJSON_IsNumber(v) && isfinite(v->valuedouble)) {
		if (v->valuedouble == floor(v->valuedouble) && fabs(v->valuedouble) < 1e15)
			snprintf(tmp, sizeof tmp, "%.0f", v->valuedouble);
		else
			snprintf(tmp, sizeof tmp, "%g", v->valuedouble);
		return xstrdup(tmp);
	}
	return NULL;
}

static int is_url(const char *s)
{
	return s && (!strncasecmp(s, "http://", 7) || !strncasecmp(s, "https://", 8));
}

/* A list given as an array of strings or as "a, b, c". */
static cJSON *string_list(const cJSON *v)
{
	cJSON *out = cJSON_CreateArray();
	const cJSON *it;

	if (cJSON_IsArray(v)) {
		cJSON_ArrayForEach(it, v)
			if (cJSON_IsString(it) && it->valuestring[0])
				cJSON_AddItemToArray(out, cJSON_CreateString(it->valuestring));
	} else if (cJSON_IsString(v)) {
		const char *p = v->valuestring;

		while (*p) {
			size_t n = strcspn(p, ",;\n");
			const char *s = p, *e = p + n;

			while (s < e && isspace((unsigned char)*s))
				s++;
			while (e > s && isspace((unsigned char)e[-1]))
				e--;
			if (e > s) {
				char *item = xstrndup(s, (size_t)(e - s));
				cJSON_AddItemToArray(out, cJSON_CreateString(item));
				free(item);
			}
			p += n;
			if (*p)
				p++;
		}
	}
	return out;
}

static int64_t time_of(const cJSON *v)
{
	int64_t ms;

	if (cJSON_IsString(v) && time_parse_iso(v->valuestring, &ms) == 0)
		return ms;
	if (cJSON_IsNumber(v) && v->valuedouble > 0 && v->valuedouble < 1e14)
		return v->valuedouble > 1e11 ? (int64_t)v->valuedouble /* ms */
					     : (int64_t)(v->valuedouble * 1000.0);
	return 0;
}

int64_t otter_duration_seconds(const cJSON *v)
{
	const char *s, *p;
	double total = 0;
	int any = 0;

	if (cJSON_IsNumber(v))
		return isfinite(v->valuedouble) && v->valuedouble >= 0 && v->valuedouble < 1e9
			       ? (int64_t)llround(v->valuedouble) : -1;
	if (!cJSON_IsString(v))
		return -1;
	s = v->valuestring;
	if (strchr(s, ':')) { /* H:MM:SS or M:SS */
		long part[3];
		int n = 0;
		char *end;

		p = s;
		while (n < 3) {
			part[n++] = strtol(p, &end, 10);
			if (end == p || part[n - 1] < 0)
				return -1;
			if (*end != ':')
				break;
			p = end + 1;
		}
		while (isspace((unsigned char)*end))
			end++;
		if (*end || n < 2)
			return -1;
		return n == 3 ? part[0] * 3600 + part[1] * 60 + part[2] : part[0] * 60 + part[1];
	}
	/* number [unit] pairs: "1h 30m", "90 min", "1.5 hours", "2700" */
	for (p = s; *p;) {
		char *end;
		double x;
		const char *u;
		size_t ul;

		while (isspace((unsigned char)*p) || *p == ',')
			p++;
		if (!*p)
			break;
		x = strtod(p, &end);
		if (end == p || !isfinite(x) || x < 0)
			return -1;
		p = end;
		while (isspace((unsigned char)*p))
			p++;
		u = p;
		while (isalpha((unsigned char)*p))
			p++;
		ul = (size_t)(p - u);
		if (!ul || !strncasecmp(u, "s", 1))
			total += x;
		else if (!strncasecmp(u, "h", 1))
			total += x * 3600;
		else if (!strncasecmp(u, "m", 1))
			total += x * 60;
		else
			return -1;
		any = 1;
	}
	return any && total < 1e9 ? (int64_t)llround(total) : -1;
}

static int contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (!strncasecmp(hay, needle, n))
			return 1;
	return 0;
}

const char *otter_sentiment(const char *c)
{
	static const char *const neg[] = { "negative", "bad", "poor", "ugly", "unhappy", "angry" };
	static const char *const pos[] = { "positive", "good", "great", "impressive", "excellent",
					   "happy" };
	size_t i;
	int negated = contains(c, "not ") || contains(c, "n't ");

	for (i = 0; i < sizeof neg / sizeof neg[0]; i++)
		if (contains(c, neg[i]))
			return negated ? "neutral" : "negative";
	for (i = 0; i < sizeof pos / sizeof pos[0]; i++)
		if (contains(c, pos[i]))
			return negated ? "negative" : "positive";
	return "neutral";
}

/* Copy src[key alternatives] into dst[name] when present. */
static void pick(cJSON *dst, const char *name, const cJSON *src, const char *k1, const char *k2,
		 const char *k3)
{
	const cJSON *v = first_of(src, k1, k2, k3, (const char *)NULL);

	if (v)
		cJSON_AddItemToObject(dst, name, cJSON_Duplicate(v, 1));
}

static cJSON *user_object(const cJSON *u)
{
	cJSON *o = cJSON_CreateObject();

	if (!cJSON_IsObject(u))
		return o;
	pick(o, "user_email", u, "user_email", "user email", "email");
	pick(o, "user_name", u, "user_name", "user name", "name");
	pick(o, "calendar_guests", u, "calendar_guests", "calendar guests", NULL);
	pick(o, "meeting_id", u, "meeting_id", "meeting id", NULL);
	return o;
}

int otter_payload_parse(const cJSON *body, struct otter_payload *p, char *err, size_t errlen)
{
	const cJSON *b = body, *v, *sent, *det;
	cJSON *ui, *uid, *s;

	memset(p, 0, sizeof *p);
	p->duration_s = -1;
	if (!cJSON_IsObject(b)) {
		snprintf(err, errlen, "the payload must be a JSON object");
		return -1;
	}
	v = cJSON_GetObjectItemCaseSensitive(b, "data");
	if (cJSON_IsObject(v))
		b = v;
	p->analysis = cJSON_CreateObject();

	v = first_of(b, "transcript", "transcript_data", "transcript data", (const char *)NULL);
	if (v) {
		char *t = text_of(v);

		p->got_transcript = t != NULL;
		if (is_url(t))
			p->transcript_url = t;
		else
			p->transcript_text = t;
	}
	v = first_of(b, "captured_data_url", "captured_data", "captured data url", (const char *)NULL);
	if (v) {
		char *t = text_of(v);

		p->got_captured = t != NULL;
		if (is_url(t))
			p->captured_url = t;
		else
			free(t);
	}
	p->meeting_id = text_of(first_of(b, "meeting_id", "meeting id", (const char *)NULL));
	p->sales_call_id =
		text_of(first_of(b, "salesCallId", "sales_call_id", "sales call id", (const char *)NULL));
	p->organization_id = text_of(
		first_of(b, "organizationId", "organization_id", "organization id", (const char *)NULL));

	sent = first_of(b, "sentiment_analysis", "sentiment analysis", (const char *)NULL);
	if (sent) {
		p->got_sentiment = 1;
		if (cJSON_IsObject(sent)) {
			s = cJSON_CreateObject();
			pick(s, "sentiment_category", sent, "sentiment_category", "sentiment category",
			     NULL);
			pick(s, "strengths", sent, "strengths", NULL, NULL);
			pick(s, "weaknesses", sent, "weaknesses", NULL, NULL);
			pick(s, "meeting_score", sent, "meeting_score", "meeting score", NULL);
		} else {
			s = cJSON_Duplicate(sent, 1);
		}
		cJSON_AddItemToObject(p->analysis, "sentiment_analysis", s);
		if (cJSON_IsObject(s)) {
			const cJSON *cat = cJSON_GetObjectItemCaseSensitive(s, "sentiment_category");
			const cJSON *sc = cJSON_GetObjectItemCaseSensitive(s, "meeting_score");
			const cJSON *x;
			double d = 0;

			if (cJSON_IsString(cat) && cat->valuestring[0]) {
				p->sentiment_category = xstrdup(cat->valuestring);
				p->customer_sentiment = xstrdup(otter_sentiment(cat->valuestring));
			}
			if (cJSON_IsNumber(sc))
				d = sc->valuedouble;
			if (cJSON_IsNumber(sc) || (cJSON_IsString(sc) && sc->valuestring[0])) {
				char *end = NULL;

				if (cJSON_IsString(sc))
					d = strtod(sc->valuestring, &end);
				if (isfinite(d) && (!end || end != sc->valuestring)) {
					p->has_score = 1;
					p->score = d / 10.0 < 0 ? 0 : d / 10.0 > 1 ? 1 : d / 10.0;
				}
				p->raw_score = cJSON_Duplicate(sc, 1);
			}
			if ((x = cJSON_GetObjectItemCaseSensitive(s, "strengths")))
				p->strengths = string_list(x);
			if ((x = cJSON_GetObjectItemCaseSensitive(s, "weaknesses")))
				p->weaknesses = string_list(x);
		}
	}

	v = first_of(b, "user_identification", "user identification", (const char *)NULL);
	p->got_user_identification = v != NULL;
	uid = user_object(v);
	v = first_of(b, "user_info", "user info", (const char *)NULL);
	p->got_user_info = v != NULL;
	ui = user_object(v);
	{
		const cJSON *e = first_of(ui, "user_email", (const char *)NULL);
		const cJSON *n = first_of(ui, "user_name", (const char *)NULL);
		const cJSON *g = first_of(ui, "calendar_guests", (const char *)NULL);

		if (!e)
			e = first_of(uid, "user_email", (const char *)NULL);
		if (!n)
			n = first_of(uid, "user_name", (const char *)NULL);
		if (!g)
			g = first_of(uid, "calendar_guests", (const char *)NULL);
		p->host_email = text_of(e);
		p->host_name = text_of(n);
		p->guests = string_list(g);
		if (!p->meeting_id)
			p->meeting_id = text_of(first_of(ui, "meeting_id", (const char *)NULL));
		if (!p->meeting_id)
			p->meeting_id = text_of(first_of(uid, "meeting_id", (const char *)NULL));
	}
	cJSON_AddItemToObject(p->analysis, "user_identification", uid);
	cJSON_AddItemToObject(p->analysis, "user_info", ui);

	det = first_of(b, "meeting_details", "meeting details", (const char *)NULL);
	p->got_meeting_details = det != NULL;
	if (cJSON_IsObject(det)) {
		cJSON *d = cJSON_CreateObject();

		pick(d, "duration", det, "duration", NULL, NULL);
		pick(d, "start_datetime", det, "start_datetime", "start datetime", NULL);
		pick(d, "end_datetime", det, "end_datetime", "end datetime", NULL);
		pick(d, "created_at", det, "created_at", "created at", NULL);
		pick(d, "summary", det, "summary", NULL, NULL);
		pick(d, "abstract_summary", det, "abstract_summary", "abstract summary", NULL);
		p->duration_s = otter_duration_seconds(cJSON_GetObjectItemCaseSensitive(d, "duration"));
		p->start_ms = time_of(cJSON_GetObjectItemCaseSensitive(d, "start_datetime"));
		p->end_ms = time_of(cJSON_GetObjectItemCaseSensitive(d, "end_datetime"));
		p->summary = text_of(first_of(d, "summary", "abstract_summary", (const char *)NULL));
		if (p->duration_s < 0 && p->start_ms && p->end_ms > p->start_ms)
			p->duration_s = (p->end_ms - p->start_ms) / 1000;
		cJSON_AddItemToObject(p->analysis, "meeting_details", d);
	} else if (det) {
		cJSON_AddItemToObject(p->analysis, "meeting_details", cJSON_Duplicate(det, 1));
	}
	if (p->meeting_id)
		cJSON_AddStringToObject(p->analysis, "meeting_id", p->meeting_id);
	if (p->transcript_url)
		cJSON_AddStringToObject(p->analysis, "transcript_url", p->transcript_url);
	if (p->captured_url)
		cJSON_AddStringToObject(p->analysis, "captured_data_url", p->captured_url);
	cJSON_AddStringToObject(p->analysis, "source", "otterai");
	return 0;
}

void otter_payload_free(struct otter_payload *p)
{
	free(p->meeting_id);
	free(p->sales_call_id);
	free(p->organization_id);
	free(p->transcript_text);
	free(p->transcript_url);
	free(p->captured_url);
	free(p->summary);
	free(p->sentiment_category);
	free(p->customer_sentiment);
	cJSON_Delete(p->raw_score);
	cJSON_Delete(p->strengths);
	cJSON_Delete(p->weaknesses);
	free(p->host_email);
	free(p->host_name);
	cJSON_Delete(p->guests);
	cJSON_Delete(p->analysis);
	memset(p, 0, sizeof *p);
}
