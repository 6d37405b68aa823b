/* Normalizing OtterAI payloads from Zapier. */
#include "tap.h"
#include "server/otter_payload.h"

#include <cJSON.h>
#include <string.h>

static long long dur(const char *json)
{
	cJSON *v = cJSON_Parse(json);
	long long s = otter_duration_seconds(v);

	cJSON_Delete(v);
	return s;
}

int main(void)
{
	struct otter_payload p;
	char err[64];
	cJSON *b;

	is_int(dur("\"1:02:03\""), 3723, "H:MM:SS");
	is_int(dur("\"4:05\""), 245, "M:SS");
	is_int(dur("\"1h 30m\""), 5400, "1h 30m");
	is_int(dur("\"90 min\""), 5400, "90 min (the original gave 0)");
	is_int(dur("\"1.5h\""), 5400, "1.5h");
	is_int(dur("\"45 minutes\""), 2700, "45 minutes");
	is_int(dur("\"2700\""), 2700, "plain seconds");
	is_int(dur("125"), 125, "a number");
	is_int(dur("\"soon\""), -1, "unreadable");
	is_int(dur("\"-5\""), -1, "negative");
	is_str(otter_sentiment("Very Positive"), "positive", "positive");
	is_str(otter_sentiment("not good"), "negative", "negation (the original said positive)");
	is_str(otter_sentiment("Bad"), "negative", "negative");
	is_str(otter_sentiment("mixed"), "neutral", "neutral");

	b = cJSON_Parse("{\"data\":{\"meeting id\":12345,\"transcript\":\"https://x.example/t\","
			"\"sentiment analysis\":{\"meeting score\":\"7.5\",\"strengths\":\"a, b,,c\"},"
			"\"user identification\":{\"email\":\"host@x.example\"},"
			"\"meeting details\":{\"duration\":\"10:00\",\"start datetime\":\"2024-01-02T03:04:05Z\"}}}");
	ok(otter_payload_parse(b, &p, err, sizeof err) == 0, "a wrapped payload parses");
	is_str(p.meeting_id, "12345", "numeric meeting id as text");
	is_str(p.transcript_url, "https://x.example/t", "a URL transcript goes to transcript_url");
	ok(p.transcript_text == NULL, "and not to the text");
	ok(p.has_score && p.score > 0.749 && p.score < 0.751, "score 7.5 becomes 0.75");
	is_int(cJSON_GetArraySize(p.strengths), 3, "strengths split, empties dropped");
	ok(p.weaknesses == NULL, "weaknesses not given stay absent");
	is_str(p.host_email, "host@x.example", "host from user identification");
	is_int(p.duration_s, 600, "duration");
	is_int(p.start_ms, 1704164645000LL, "start time");
	otter_payload_free(&p);
	cJSON_Delete(b);

	b = cJSON_Parse("{\"sentiment_analysis\":{\"meeting_score\":-3}}");
	otter_payload_parse(b, &p, err, sizeof err);
	ok(p.has_score && p.score == 0, "negative scores clamp to 0");
	otter_payload_free(&p);
	cJSON_Delete(b);
	b = cJSON_Parse("[1]");
	ok(otter_payload_parse(b, &p, err, sizeof err) == -1, "a non-object is refused");
	otter_payload_free(&p);
	cJSON_Delete(b);
	return done_testing();
}
