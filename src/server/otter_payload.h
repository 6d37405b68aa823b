/*
 * otter_payload.h - the OtterAI meeting payloads Zapier forwards to
 * POST /api/v1/zapier/actions/otterai-analyze, normalized.
 *
 * Zapier sends Otter's fields under varying names ("meeting_id",
 * "meeting id", ...), sometimes wrapped in {"data": ...}; this turns any of
 * them into one struct.  Pure: no I/O, no globals.
 */
#ifndef SALESAN_OTTER_PAYLOAD_H
#define SALESAN_OTTER_PAYLOAD_H

#include <cJSON.h>
#include <stdint.h>

struct otter_payload {
	/* Every member is owned by the struct (otter_payload_free). */
	char *meeting_id;          /* Otter's meeting id (numbers turned to text), or NULL */
	char *sales_call_id;       /* salesCallId / sales_call_id, or NULL */
	char *organization_id;     /* organizationId / organization_id, or NULL */
	char *transcript_text;     /* the transcript when it is text */
	char *transcript_url;      /* ... or when it is an http(s) URL */
	char *captured_url;        /* captured data (recording) URL */
	char *summary;             /* meeting summary, or NULL */
	char *sentiment_category;  /* as sent, or NULL */
	char *customer_sentiment;  /* positive / neutral / negative, NULL when no category */
	int has_score;
	double score;              /* Otter's 0..10 meeting score divided by 10, clamped 0..1 */
	cJSON *raw_score;          /* the score as sent, or NULL */
	cJSON *strengths;          /* arrays of strings, or NULL when not given */
	cJSON *weaknesses;
	int64_t duration_s;        /* -1 when not given or unreadable */
	int64_t start_ms, end_ms;  /* 0 when not given */
	char *host_email;          /* the Otter user who recorded (the rep) */
	char *host_name;
	cJSON *guests;             /* calendar guests, array of strings (maybe empty) */
	cJSON *analysis;           /* what is kept as the call's analysisData */
	/* Which parts were present, for the answer's dataReceived. */
	int got_transcript, got_captured, got_sentiment, got_user_identification, got_user_info,
		got_meeting_details;
};

/* Normalize body.  Returns 0, or -1 with a message in err when body is not
 * an object. */
int otter_payload_parse(const cJSON *body, struct otter_payload *out, char *err, size_t errlen);
void otter_payload_free(struct otter_payload *p);

/* Seconds in a duration as Otter and Zapier write them: a number of
 * seconds, "H:MM:SS", "M:SS", "1h 30m", "90 min", "1.5h", "45 minutes",
 * "2700".  -1 when unreadable. */
int64_t otter_duration_seconds(const cJSON *v);

/* "positive", "negative" or "neutral" for a sentiment category text
 * ("Very positive", "not good", ...). */
const char *otter_sentiment(const char *category);

#endif
