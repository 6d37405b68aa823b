/* The analysis engine: metrics with hand-computed values, stage matching
 * (paraphrase, customer words, lone keywords), objections, forbidden
 * phrases, live feeding equal to batch. */
#include "tap.h"
#include "analysis/engine.h"
#include "common/json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char script_json[] =
	"{\"stages\":["
	"{\"id\":\"greet\",\"name\":\"Greeting\",\"phrases\":[\"Hi, this is Sam from Acme\"],\"keywords\":[]},"
	"{\"id\":\"pain\",\"name\":\"Pain\",\"phrases\":[\"What are the biggest challenges your team faces\"],"
	" \"keywords\":[\"challenge\",\"problem\"]},"
	"{\"id\":\"price\",\"name\":\"Pricing\",\"phrases\":[\"Let me walk you through our pricing options\"],"
	" \"keywords\":[\"pricing\",\"plans\"]},"
	"{\"id\":\"next\",\"name\":\"Next steps\",\"required\":false,\"phrases\":[\"Let's schedule a demo next week\"]}],"
	"\"objections\":[{\"type\":\"price\",\"triggers\":[\"That is too expensive for us\"],"
	" \"responses\":[\"I understand the budget concern, the return on investment pays for it\"]}],"
	"\"forbidden\":[\"I guarantee you will double your sales\"]}";

static double num(const cJSON *o, const char *path)
{
	char buf[128], *save = NULL, *k;
	const cJSON *v = o;

	snprintf(buf, sizeof buf, "%s", path);
	for (k = strtok_r(buf, ".", &save); k; k = strtok_r(NULL, ".", &save))
		v = cJSON_GetObjectItemCaseSensitive(v, k);
	return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static const cJSON *stage(const cJSON *sc, const char *id)
{
	const cJSON *s;

	cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(sc, "stages"))
		if (!strcmp(json_str(s, "id"), id))
			return s;
	return NULL;
}

static cJSON *run(struct analysis_ctx *c, struct script_model *m, const char *transcript)
{
	struct transcript t;
	char err[256];
	cJSON *sc;

	if (transcript_import(transcript, strlen(transcript), TF_AUTO, &t, NULL, err, sizeof err)) {
		diag("import: %s", err);
		return NULL;
	}
	sc = analyze_transcript(c, m, &t, NULL, err, sizeof err);
	transcript_free(&t);
	return sc;
}

int main(void)
{
	struct analysis_ctx *c = analysis_ctx_new();
	cJSON *sj = cJSON_Parse(script_json), *sc, *sc2;
	char err[256];
	struct script_model *m = script_model_new(c, sj, err, sizeof err);
	const char *metrics_call =
		"{\"speakers\":[{\"id\":\"r\",\"name\":\"Sam\",\"role\":\"rep\"},{\"id\":\"c\",\"name\":\"Dee\",\"role\":\"customer\"}],"
		"\"segments\":["
		"{\"speaker\":\"r\",\"startMs\":0,\"endMs\":10000,\"text\":\"Hi, this is Sam from Acme. How are you?\"},"
		"{\"speaker\":\"c\",\"startMs\":12000,\"endMs\":20000,\"text\":\"Good thanks, great to hear.\"},"
		"{\"speaker\":\"r\",\"startMs\":21000,\"endMs\":31000,\"text\":\"What are your biggest challenges today? um tell me\"},"
		"{\"speaker\":\"r\",\"startMs\":31000,\"endMs\":41000,\"text\":\"And we can help.\"},"
		"{\"speaker\":\"c\",\"startMs\":43000,\"endMs\":73000,\"text\":\"Our reporting is broken and slow and that is too expensive for us.\"},"
		"{\"speaker\":\"r\",\"startMs\":74000,\"endMs\":80000,\"text\":\"I understand.\"}]}";

	ok(c != NULL, "context");
	ok(m != NULL, "script compiles");
	sc = run(c, m, metrics_call);
	ok(sc != NULL, "analysis runs");
	is_int(lround(num(sc, "metrics.talkRatio") * 1000), 486, "talk ratio 36 s of 74 s");
	is_int(num(sc, "metrics.longestMonologueMs"), 20000, "longest monologue: two rep turns in a row");
	is_int(num(sc, "metrics.longestCustomerStoryMs"), 30000, "longest customer story");
	is_int(lround(num(sc, "metrics.interactivity") * 1000), 3000, "4 switches in 80 s = 3 a minute");
	is_int(num(sc, "metrics.patienceMs"), 1000, "patience: 1 s before each answer");
	is_int(num(sc, "metrics.questionsAsked"), 2, "two questions");
	is_int(lround(num(sc, "metrics.questionRate") * 1000), 1500, "1.5 questions a minute");
	is_int(lround(num(sc, "metrics.wordsPerMinute")), 40, "24 rep words in 36 s = 40 a minute");
	is_int(num(sc, "metrics.fillerWords"), 1, "one filler");
	ok(json_true(stage(sc, "greet"), "covered"), "greeting covered");
	ok(json_true(stage(sc, "pain"), "covered"), "pain covered by a paraphrase");
	ok(!json_true(stage(sc, "price"), "covered"), "pricing not covered: only the customer spoke of price");
	is_int(cJSON_GetArraySize(json_get(sc, "objections")), 1, "the price objection is raised");
	ok(!json_true(cJSON_GetArrayItem(json_get(sc, "objections"), 0), "handled"),
	   "and not handled by \"I understand.\" alone");
	ok(num(sc, "sentiment.customer") < 0.2, "customer sentiment reflects complaints");
	ok(num(sc, "performanceScore") >= 0 && num(sc, "performanceScore") <= 1, "score in 0..1");
	is_str(json_str(json_get(sc, "rep"), "name"), "Sam", "the rep by role");
	ok(!json_true(json_get(sc, "rep"), "inferred"), "not inferred when the role is given");
	cJSON_Delete(sc);

	/* live feeding gives the batch result */
	{
		struct transcript t;
		struct analysis_event ev[ANALYSIS_MAX_EVENTS];
		struct analyzer *a;
		char *x, *y;
		int i, covered_events = 0, n;

		transcript_import(metrics_call, strlen(metrics_call), TF_AUTO, &t, NULL, err, sizeof err);
		a = analyzer_new(c, m);
		for (i = 0; i < t.nturns; i++) {
			n = analyzer_feed(a, t.speakers[t.turns[i].speaker].role,
					  t.speakers[t.turns[i].speaker].name, t.turns[i].start_ms,
					  t.turns[i].end_ms, t.turns[i].text, ev);
			for (int k = 0; k < n; k++)
				covered_events += ev[k].kind == EV_STAGE_COVERED;
		}
		is_int(covered_events, 2, "live events report each covered stage once");
		sc = analyzer_scorecard(a, "Sam", 0);
		sc2 = run(c, m, metrics_call);
		x = json_print(sc);
		y = json_print(sc2);
		is_str(x, y, "live and batch scorecards are identical");
		free(x);
		free(y);
		cJSON_Delete(sc);
		cJSON_Delete(sc2);
		ok(analyzer_feed(a, SPK_REP, "Sam", 1000, 2000, "late", ev) == -1, "out-of-order turns refused");
		analyzer_free(a);
		transcript_free(&t);
	}

	/* handled objection, forbidden paraphrase, lone keyword, ASR questions */
	sc = run(c, m,
		 "Rep: Hi there, Sam here with Acme.\n"
		 "Customer: Honestly that is too expensive for us.\n"
		 "Rep: I hear the budget concern. The return on the investment pays for it within months.\n"
		 "Rep: I can guarantee you'd double your sales.\n"
		 "Rep: We have a plan for that.\n"
		 "Rep: so what does your process look like today and how many reps do you have\n"
		 "Customer: Twelve.\n");
	ok(sc != NULL, "plain transcript analysed");
	ok(json_true(cJSON_GetArrayItem(json_get(sc, "objections"), 0), "handled"), "objection handled by a paraphrased response");
	is_int(cJSON_GetArraySize(json_get(sc, "forbidden")), 1, "a paraphrased forbidden phrase is found");
	ok(!json_true(stage(sc, "price"), "covered"), "a lone keyword (plan) in another sense does not cover a stage");
	is_int(num(sc, "metrics.questionsAsked"), 2, "questions in unpunctuated text");
	is_str(json_str(json_get(sc, "rep"), "name"), "Rep", "the rep is inferred");
	ok(json_true(json_get(sc, "rep"), "inferred"), "and marked inferred");
	cJSON_Delete(sc);

	/* live thresholds: a monologue over two minutes, the rep over 65% of
	 * the last five minutes; each reported once */
	{
		struct analysis_event ev[ANALYSIS_MAX_EVENTS];
		struct analyzer *a = analyzer_new(c, m);
		int mono = 0, talk = 0, k, n;
		int64_t at = 0;

		for (k = 0; k < 8; k++) { /* rep 40 s, customer 5 s, ... */
			n = analyzer_feed(a, SPK_REP, "Sam", at, at + 40000, "We help teams coach.", ev);
			for (int e = 0; e < n; e++) {
				mono += ev[e].kind == EV_MONOLOGUE_LONG;
				talk += ev[e].kind == EV_TALK_RATIO_HIGH;
			}
			at += 40000;
			n = analyzer_feed(a, SPK_CUSTOMER, "Dee", at, at + 5000, "Okay.", ev);
			for (int e = 0; e < n; e++)
				talk += ev[e].kind == EV_TALK_RATIO_HIGH;
			at += 5000;
		}
		is_int(mono, 0, "no monologue alert while the customer keeps answering");
		is_int(talk, 1, "one talk-ratio alert once five minutes are dominated");
		for (k = 0; k < 4; k++) {
			n = analyzer_feed(a, SPK_REP, "Sam", at, at + 40000, "And another thing.", ev);
			for (int e = 0; e < n; e++)
				mono += ev[e].kind == EV_MONOLOGUE_LONG;
			at += 40000;
		}
		is_int(mono, 1, "one monologue alert past two minutes");
		analyzer_free(a);
	}

	{
		struct transcript t;
		transcript_import("A: hi\nB: hello\n", 16, TF_AUTO, &t, NULL, err, sizeof err);
		ok(analyze_transcript(c, m, &t, "Nobody", err, sizeof err) == NULL, "--rep naming nobody fails");
		transcript_free(&t);
	}
	cJSON *bad = cJSON_Parse("{\"stages\":[{\"name\":\"x\",\"weight\":-1,\"phrases\":[\"a\"]}]}");
	ok(script_model_new(c, bad, err, sizeof err) == NULL, "an invalid script is refused");
	like(err, "weight", "naming the problem");
	cJSON_Delete(bad);
	script_model_free(m);
	cJSON_Delete(sj);
	analysis_ctx_free(c);
	return done_testing();
}
