/*
 * eval - how well the analysis engine does on the labeled development set
 * (tests/fixtures/analysis/labels.json): stage precision/recall/F1,
 * objection and forbidden-phrase F1, question-count and talk-ratio error,
 * rep identification, and how the score ranks calls labeled good, average
 * and poor.  Prints figures; `make eval` runs it.
 *
 *   eval [SRC_DIR]     (default: SALESAN_SRC or .)
 */
#include "analysis/engine.h"
#include "common/conf.h"
#include "common/json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct prf {
	int tp, fp, fn;
};

static void prf_print(const char *name, const struct prf *p)
{
	double pr = p->tp + p->fp ? (double)p->tp / (p->tp + p->fp) : 1;
	double rc = p->tp + p->fn ? (double)p->tp / (p->tp + p->fn) : 1;
	double f1 = pr + rc > 0 ? 2 * pr * rc / (pr + rc) : 0;

	printf("%-22s precision %.3f  recall %.3f  F1 %.3f   (tp %d, fp %d, fn %d)\n", name, pr, rc, f1,
	       p->tp, p->fp, p->fn);
}

static int in_strings(const cJSON *arr, const char *s)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, arr)
		if (cJSON_IsString(it) && !strcmp(it->valuestring, s))
			return 1;
	return 0;
}

static char *slurp(const char *dir, const char *a, const char *b, size_t *len)
{
	char path[4096 + 512];

	snprintf(path, sizeof path, "%s/%s%s", dir, a, b);
	return read_file(path, 64u << 20, len);
}

int main(int argc, char **argv)
{
	const char *src = argc > 1 ? argv[1] : getenv("SALESAN_SRC") ? getenv("SALESAN_SRC") : ".";
	char fixdir[1024], scriptdir[1024], err[256];
	struct analysis_ctx *ctx;
	struct prf stages = { 0 }, objs = { 0 }, handled = { 0 }, forb = { 0 };
	double q_err = 0, talk_err = 0, score_by[3] = { 0 };
	int n = 0, reps_ok = 0, count_by[3] = { 0 }, pairs = 0, good_pairs = 0;
	double scores[256];
	int quality[256];
	const cJSON *call;
	cJSON *labels;
	size_t len;
	char *text;

	json_init();
	snprintf(fixdir, sizeof fixdir, "%s/tests/fixtures/analysis/", src);
	snprintf(scriptdir, sizeof scriptdir, "%s/share/salesan/scripts/", src);
	text = slurp(fixdir, "labels.json", "", &len);
	labels = text ? cJSON_Parse(text) : NULL;
	free(text);
	if (!labels) {
		fprintf(stderr, "eval: cannot read %slabels.json\n", fixdir);
		return 1;
	}
	ctx = analysis_ctx_new();
	cJSON_ArrayForEach(call, json_get(labels, "calls")) {
		const char *q = json_str(call, "quality");
		struct transcript t;
		struct script_model *m;
		cJSON *script, *sc;
		const cJSON *it, *st;
		char sname[256];

		snprintf(sname, sizeof sname, "%s.json", json_str(call, "script"));
		text = slurp(scriptdir, sname, "", &len);
		script = text ? cJSON_Parse(text) : NULL;
		free(text);
		m = script_model_new(ctx, script, err, sizeof err);
		text = slurp(fixdir, json_str(call, "file"), "", &len);
		if (!m || !text || transcript_import(text, len, TF_AUTO, &t, NULL, err, sizeof err)) {
			fprintf(stderr, "eval: %s: %s\n", json_str(call, "id"), text ? err : "unreadable");
			return 1;
		}
		free(text);
		sc = analyze_transcript(ctx, m, &t, NULL, err, sizeof err);
		/* stages */
		cJSON_ArrayForEach(st, json_get(sc, "stages")) {
			int want = in_strings(json_get(call, "stages"), json_str(st, "id"));
			int got = json_true(st, "covered");
			stages.tp += want && got;
			stages.fp += !want && got;
			stages.fn += want && !got;
			if (want != got)
				printf("  %-8s stage %-18s %s\n", json_str(call, "id"), json_str(st, "id"),
				       got ? "false positive" : "missed");
		}
		/* objections, by type */
		cJSON_ArrayForEach(it, json_get(call, "objections")) {
			const cJSON *o;
			int found = 0, h = 0;
			cJSON_ArrayForEach(o, json_get(sc, "objections"))
				if (!strcmp(json_str(o, "type"), json_str(it, "type"))) {
					found = 1;
					h |= json_true(o, "handled");
				}
			objs.tp += found;
			objs.fn += !found;
			if (!found)
				printf("  %-8s objection %s missed\n", json_str(call, "id"), json_str(it, "type"));
			if (found) {
				int want = json_true(it, "handled");
				handled.tp += want && h;
				handled.fp += !want && h;
				handled.fn += want && !h;
				if (want != h)
					printf("  %-8s objection %s %s\n", json_str(call, "id"), json_str(it, "type"),
					       h ? "wrongly handled" : "handling missed");
			}
		}
		cJSON_ArrayForEach(it, json_get(sc, "objections")) {
			const cJSON *o;
			int want = 0;
			cJSON_ArrayForEach(o, json_get(call, "objections"))
				want |= !strcmp(json_str(o, "type"), json_str(it, "type"));
			objs.fp += !want;
			if (!want)
				printf("  %-8s objection %s false positive: %s\n", json_str(call, "id"),
				       json_str(it, "type"), json_str(it, "evidence"));
		}
		/* forbidden phrases */
		cJSON_ArrayForEach(it, json_get(call, "forbidden")) {
			const cJSON *f;
			int found = 0;
			cJSON_ArrayForEach(f, json_get(sc, "forbidden"))
				found |= !strcmp(json_str(f, "phrase"), it->valuestring);
			forb.tp += found;
			forb.fn += !found;
			if (!found)
				printf("  %-8s forbidden \"%s\" missed\n", json_str(call, "id"), it->valuestring);
		}
		cJSON_ArrayForEach(it, json_get(sc, "forbidden"))
			if (!in_strings(json_get(call, "forbidden"), json_str(it, "phrase"))) {
				forb.fp++;
				printf("  %-8s forbidden \"%s\" false positive: %s\n", json_str(call, "id"),
				       json_str(it, "phrase"), json_str(it, "evidence"));
			}
		q_err += fabs(cJSON_GetNumberValue(json_get(json_get(sc, "metrics"), "questionsAsked")) -
			      cJSON_GetNumberValue(json_get(call, "questions")));
		talk_err += fabs(cJSON_GetNumberValue(json_get(json_get(sc, "metrics"), "talkRatio")) -
				 cJSON_GetNumberValue(json_get(call, "talkRatio")));
		reps_ok += !strcmp(json_str(json_get(sc, "rep"), "name"), json_str(call, "rep"));
		if (strcmp(json_str(json_get(sc, "rep"), "name"), json_str(call, "rep")))
			printf("  %-8s rep: got %s, want %s\n", json_str(call, "id"),
			       json_str(json_get(sc, "rep"), "name"), json_str(call, "rep"));
		if (n < 256) {
			scores[n] = cJSON_GetNumberValue(json_get(sc, "performanceScore"));
			quality[n] = !strcmp(q, "good") ? 2 : !strcmp(q, "average") ? 1 : 0;
			score_by[quality[n]] += scores[n];
			count_by[quality[n]]++;
		}
		n++;
		cJSON_Delete(sc);
		cJSON_Delete(script);
		script_model_free(m);
		transcript_free(&t);
	}
	for (int i = 0; i < n && i < 256; i++)
		for (int j = 0; j < n && j < 256; j++)
			if (quality[i] > quality[j]) {
				pairs++;
				good_pairs += scores[i] > scores[j];
			}
	printf("\n%d calls\n", n);
	prf_print("stages", &stages);
	prf_print("objections (raised)", &objs);
	prf_print("objections (handled)", &handled);
	prf_print("forbidden phrases", &forb);
	printf("%-22s %.2f per call\n", "question count error", n ? q_err / n : 0);
	printf("%-22s %.3f (mean absolute)\n", "talk ratio error", n ? talk_err / n : 0);
	printf("%-22s %d of %d\n", "rep identified", reps_ok, n);
	printf("%-22s good %.3f  average %.3f  poor %.3f\n", "mean score",
	       count_by[2] ? score_by[2] / count_by[2] : 0, count_by[1] ? score_by[1] / count_by[1] : 0,
	       count_by[0] ? score_by[0] / count_by[0] : 0);
	printf("%-22s %.3f (%d of %d pairs of different quality ordered right)\n", "score ranking",
	       pairs ? (double)good_pairs / pairs : 1, good_pairs, pairs);
	cJSON_Delete(labels);
	analysis_ctx_free(ctx);
	return 0;
}
