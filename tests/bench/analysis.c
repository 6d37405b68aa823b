/*
 * analysis bench - the analysis engine on a one-hour call (~10,000 words)
 * against an 8-stage script: import, and analysis cold (a fresh context)
 * and warm (a worker's context that has seen English before), with
 * throughput in MB/s, against the same text merely tokenized... by strlen
 * and a word count, the floor any analysis pays.  Prints figures; asserts
 * nothing.
 *
 *   analysis SRC_DIR
 */
#include "analysis/engine.h"
#include "common/buf.h"
#include "common/conf.h"
#include "common/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RUNS 30

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static const char *const rep_lines[] = {
	"So tell me a little more about how your team handles follow ups today.",
	"That makes sense. What happens when a deal stalls after the first meeting?",
	"We see that a lot with teams your size, especially when managers can't listen to calls.",
	"Let me show you how the coaching view works, it takes about two minutes.",
	"How much time do your managers spend reviewing calls every week?",
	"Most customers get a return on the investment within a quarter.",
	"Who else would be involved in choosing a tool like this?",
	"Um, so, basically the dashboard updates right after every call.",
	"I'd suggest we schedule a follow up with your director next week.",
	"What does a good month look like for your reps in terms of meetings booked?",
};
static const char *const cust_lines[] = {
	"Right now it's mostly spreadsheets and a lot of guesswork.",
	"Honestly the price is a concern for us this year.",
	"We tried another vendor last year and adoption was poor.",
	"Our managers barely have time to do one review a week.",
	"That sounds useful, but I'd need to check with finance.",
	"We have about sixty reps across three regions.",
};

int main(int argc, char **argv)
{
	const char *src = argc > 1 ? argv[1] : ".";
	char path[1024], err[256];
	struct buf call = BUF_INIT;
	struct analysis_ctx *ctx;
	struct script_model *m;
	struct transcript t;
	cJSON *script, *stages, *extra, *sc;
	double cold, warm[RUNS], imp[RUNS], base[RUNS], t0;
	size_t len;
	char *text;
	int words = 0, i, turn = 0;
	long ms = 0;

	json_init();
	/* the script: discovery's seven stages and one more */
	snprintf(path, sizeof path, "%s/share/salesan/scripts/discovery.json", src);
	text = read_file(path, 1 << 20, &len);
	script = text ? cJSON_Parse(text) : NULL;
	free(text);
	if (!script) {
		fprintf(stderr, "analysis bench: cannot read %s\n", path);
		return 1;
	}
	stages = cJSON_GetObjectItemCaseSensitive(script, "stages");
	extra = cJSON_Parse("{\"id\":\"recap\",\"name\":\"Recap\",\"phrases\":[\"Let me recap what we "
			    "agreed today\",\"To summarize the key points of our call\"],\"keywords\":[\"recap\"]}");
	cJSON_AddItemToArray(stages, extra);
	/* a one-hour call: alternating turns until ~10,000 words */
	while (words < 10000) {
		const char *line = turn % 2 ? cust_lines[(turn * 7) % 6] : rep_lines[(turn * 3) % 10];
		int w = text_word_count(line);
		buf_addf(&call, "%s  %ld:%02ld:%02ld\n%s\n\n", turn % 2 ? "Customer" : "Rep", ms / 3600000,
			 ms / 60000 % 60, ms / 1000 % 60, line);
		ms += 3600000L * w / 10000;
		words += w;
		turn++;
	}
	printf("call: %d words, %d turns, %zu bytes of Otter text, script of %d stages\n", words, turn,
	       call.len, cJSON_GetArraySize(stages));
	for (i = 0; i < RUNS; i++) {
		t0 = now_ms();
		transcript_import(call.s, call.len, TF_AUTO, &t, NULL, err, sizeof err);
		imp[i] = now_ms() - t0;
		if (i < RUNS - 1)
			transcript_free(&t);
	}
	for (i = 0; i < RUNS; i++) {
		volatile int n = 0;
		t0 = now_ms();
		for (int k = 0; k < t.nturns; k++)
			n += text_word_count(t.turns[k].text) + (int)strlen(t.turns[k].text);
		base[i] = now_ms() - t0;
	}
	ctx = analysis_ctx_new();
	m = script_model_new(ctx, script, err, sizeof err);
	t0 = now_ms();
	sc = analyze_transcript(ctx, m, &t, "Rep", err, sizeof err);
	cold = now_ms() - t0;
	cJSON_Delete(sc);
	for (i = 0; i < RUNS; i++) {
		t0 = now_ms();
		sc = analyze_transcript(ctx, m, &t, "Rep", err, sizeof err);
		warm[i] = now_ms() - t0;
		if (i < RUNS - 1)
			cJSON_Delete(sc);
	}
	qsort(imp, RUNS, sizeof *imp, cmp);
	qsort(warm, RUNS, sizeof *warm, cmp);
	qsort(base, RUNS, sizeof *base, cmp);
	printf("baseline (word count + strlen of every turn)  median %8.3f ms\n", base[RUNS / 2]);
	printf("import (Otter TXT)                            median %8.3f ms  %7.1f MB/s\n",
	       imp[RUNS / 2], call.len / 1e6 / (imp[RUNS / 2] / 1e3));
	printf("analysis, cold context (first call)                  %8.3f ms\n", cold);
	printf("analysis, warm context (median of %d)            median %8.3f ms  %7.1f MB/s  p90 %.3f ms"
	       "  (%.0fx baseline)\n",
	       RUNS, warm[RUNS / 2], call.len / 1e6 / (warm[RUNS / 2] / 1e3), warm[RUNS * 9 / 10],
	       warm[RUNS / 2] / (base[RUNS / 2] > 0 ? base[RUNS / 2] : 1e-6));
	printf("stages covered: %d; score %.3f\n",
	       cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(sc, "keyTopicsCovered")),
	       cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(sc, "performanceScore")));
	cJSON_Delete(sc);
	transcript_free(&t);
	script_model_free(m);
	analysis_ctx_free(ctx);
	cJSON_Delete(script);
	buf_free(&call);
	return 0;
}
