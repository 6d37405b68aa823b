#include "script.h"
#include "common/utf8.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

struct ctx {
	struct script_problem *probs;
	int max, n;
};

static void problem(struct ctx *c, const char *path, const char *msg)
{
	if (c->n < c->max) {
		snprintf(c->probs[c->n].path, sizeof c->probs[c->n].path, "%s", path);
		snprintf(c->probs[c->n].msg, sizeof c->probs[c->n].msg, "%s", msg);
	}
	c->n++;
}

/* A bounded, non-empty, control-free string; NULL (after a problem) if not. */
static const char *text(struct ctx *c, const cJSON *v, const char *path, long maxlen)
{
	int ctrl;
	long n;
	const char *s;

	if (!cJSON_IsString(v)) {
		problem(c, path, "must be a string");
		return NULL;
	}
	s = v->valuestring;
	while (*s == ' ' || *s == '\t')
		s++;
	n = utf8_count(s, 0, &ctrl);
	if (n < 0 || ctrl) {
		problem(c, path, "must be valid UTF-8 without control characters");
		return NULL;
	}
	if (n == 0) {
		problem(c, path, "must not be empty");
		return NULL;
	}
	if (n > maxlen) {
		problem(c, path, "is too long");
		return NULL;
	}
	return v->valuestring;
}

/* A normalised array of strings (NULL after a problem). */
static cJSON *strings(struct ctx *c, const cJSON *v, const char *path, int max_items, long maxlen,
		      int required)
{
	char p[80];
	const cJSON *it;
	cJSON *out;
	int i = 0, before = c->n;

	if (!v || cJSON_IsNull(v)) {
		if (required)
			problem(c, path, "is required");
		return required ? NULL : cJSON_CreateArray();
	}
	if (!cJSON_IsArray(v)) {
		problem(c, path, "must be an array of strings");
		return NULL;
	}
	if (cJSON_GetArraySize(v) > max_items) {
		snprintf(p, sizeof p, "has more than %d items", max_items);
		problem(c, path, p);
		return NULL;
	}
	if (required && cJSON_GetArraySize(v) == 0) {
		problem(c, path, "must not be empty");
		return NULL;
	}
	out = cJSON_CreateArray();
	cJSON_ArrayForEach(it, v) {
		const char *s;
		snprintf(p, sizeof p, "%s[%d]", path, i++);
		if ((s = text(c, it, p, maxlen)))
			cJSON_AddItemToArray(out, cJSON_CreateString(s));
	}
	if (c->n > before) {
		cJSON_Delete(out);
		return NULL;
	}
	return out;
}

static int valid_id(const char *s)
{
	size_t n = strlen(s);

	return n >= 1 && n <= 64 &&
	       strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") == n;
}

/* A stage id from its name: lower-case letters and digits joined by '-'. */
static void slug(const char *name, char out[65])
{
	size_t o = 0;
	int dash = 0;

	for (; *name && o < 60; name++) {
		unsigned char ch = (unsigned char)*name;
		if (isalnum(ch)) {
			if (dash && o)
				out[o++] = '-';
			out[o++] = (char)tolower(ch);
			dash = 0;
		} else {
			dash = 1;
		}
	}
	out[o] = '\0';
	if (!o)
		snprintf(out, 65, "stage");
}

static int in_list(const cJSON *arr, const char *key, const char *value)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, arr) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, key);
		if (cJSON_IsString(v) && !strcmp(v->valuestring, value))
			return 1;
	}
	return 0;
}

static cJSON *stage(struct ctx *c, const cJSON *v, int i, const cJSON *done)
{
	char p[80], id[65] = "";
	const cJSON *j;
	const char *name;
	cJSON *st, *phrases, *keywords;
	int before = c->n;
	double weight = 1;

	snprintf(p, sizeof p, "stages[%d]", i);
	if (!cJSON_IsObject(v)) {
		problem(c, p, "must be an object");
		return NULL;
	}
	snprintf(p, sizeof p, "stages[%d].name", i);
	name = text(c, cJSON_GetObjectItemCaseSensitive(v, "name"), p, 200);
	j = cJSON_GetObjectItemCaseSensitive(v, "id");
	snprintf(p, sizeof p, "stages[%d].id", i);
	if (j) {
		if (!cJSON_IsString(j) || !valid_id(j->valuestring))
			problem(c, p, "must be 1-64 letters, digits, '_', '.' or '-'");
		else
			snprintf(id, sizeof id, "%s", j->valuestring);
	} else if (name) {
		slug(name, id);
		/* A derived id is made unique; a given one must be. */
		if (in_list(done, "id", id)) {
			size_t len = strlen(id);
			for (int k = 2; in_list(done, "id", id); k++)
				snprintf(id + (len > 56 ? 56 : len), sizeof id - (len > 56 ? 56 : len), "-%d", k);
		}
	}
	if (c->n == before && j && in_list(done, "id", id))
		problem(c, p, "is not unique");
	j = cJSON_GetObjectItemCaseSensitive(v, "weight");
	snprintf(p, sizeof p, "stages[%d].weight", i);
	if (j && !cJSON_IsNull(j)) {
		if (!cJSON_IsNumber(j) || !isfinite(j->valuedouble) || j->valuedouble <= 0 ||
		    j->valuedouble > 100)
			problem(c, p, "must be a number above 0 and at most 100");
		else
			weight = j->valuedouble;
	}
	j = cJSON_GetObjectItemCaseSensitive(v, "required");
	snprintf(p, sizeof p, "stages[%d].required", i);
	if (j && !cJSON_IsBool(j) && !cJSON_IsNull(j))
		problem(c, p, "must be true or false");
	snprintf(p, sizeof p, "stages[%d].phrases", i);
	phrases = strings(c, cJSON_GetObjectItemCaseSensitive(v, "phrases"), p, SCRIPT_MAX_ITEMS,
			  SCRIPT_MAX_PHRASE, 0);
	snprintf(p, sizeof p, "stages[%d].keywords", i);
	keywords = strings(c, cJSON_GetObjectItemCaseSensitive(v, "keywords"), p, SCRIPT_MAX_ITEMS,
			   SCRIPT_MAX_KEYWORD, 0);
	if (phrases && keywords && !cJSON_GetArraySize(phrases) && !cJSON_GetArraySize(keywords)) {
		snprintf(p, sizeof p, "stages[%d]", i);
		problem(c, p, "needs at least one phrase or keyword");
	}
	st = cJSON_CreateObject();
	if (c->n == before) {
		const cJSON *w = cJSON_GetObjectItemCaseSensitive(v, "withinMs");
		cJSON_AddStringToObject(st, "id", id);
		cJSON_AddStringToObject(st, "name", name);
		cJSON_AddBoolToObject(st, "required", !cJSON_IsFalse(j));
		cJSON_AddNumberToObject(st, "weight", weight);
		cJSON_AddItemToObject(st, "phrases", phrases);
		cJSON_AddItemToObject(st, "keywords", keywords);
		snprintf(p, sizeof p, "stages[%d].withinMs", i);
		if (w && !cJSON_IsNull(w)) {
			if (!cJSON_IsNumber(w) || w->valuedouble != floor(w->valuedouble) ||
			    w->valuedouble < 1 || w->valuedouble > SCRIPT_MAX_WITHIN_MS)
				problem(c, p, "must be a whole number of milliseconds up to 24 hours");
			else
				cJSON_AddNumberToObject(st, "withinMs", w->valuedouble);
		} else {
			cJSON_AddNullToObject(st, "withinMs");
		}
	} else {
		cJSON_Delete(phrases);
		cJSON_Delete(keywords);
	}
	if (c->n > before) {
		cJSON_Delete(st);
		return NULL;
	}
	return st;
}

/* keyPhrases / requiredTopics of the original, as simple stages. */
static void legacy_stages(struct ctx *c, const cJSON *obj, cJSON *stages)
{
	static const struct { const char *key, *list; } legacy[] = {
		{ "keyPhrases", "phrases" }, { "requiredTopics", "keywords" },
	};
	size_t k;

	for (k = 0; k < 2; k++) {
		const cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, legacy[k].key), *it;
		cJSON *list = arr ? strings(c, arr, legacy[k].key, SCRIPT_MAX_STAGES, SCRIPT_MAX_PHRASE, 0)
				  : NULL;
		if (!list)
			continue;
		cJSON_ArrayForEach(it, list) {
			cJSON *src = cJSON_CreateObject(), *one = cJSON_CreateArray(), *st;
			cJSON_AddStringToObject(src, "name", it->valuestring);
			cJSON_AddItemToArray(one, cJSON_CreateString(it->valuestring));
			cJSON_AddItemToObject(src, legacy[k].list, one);
			st = stage(c, src, cJSON_GetArraySize(stages), stages);
			if (st)
				cJSON_AddItemToArray(stages, st);
			cJSON_Delete(src);
		}
		cJSON_Delete(list);
	}
}

static cJSON *objection(struct ctx *c, const cJSON *v, int i, const cJSON *done)
{
	char p[80];
	const char *type;
	cJSON *o, *trig, *resp;
	int before = c->n;

	snprintf(p, sizeof p, "objections[%d]", i);
	if (!cJSON_IsObject(v)) {
		problem(c, p, "must be an object");
		return NULL;
	}
	snprintf(p, sizeof p, "objections[%d].type", i);
	type = text(c, cJSON_GetObjectItemCaseSensitive(v, "type"), p, 64);
	if (type && in_list(done, "type", type))
		problem(c, p, "is not unique");
	snprintf(p, sizeof p, "objections[%d].triggers", i);
	trig = strings(c, cJSON_GetObjectItemCaseSensitive(v, "triggers"), p, SCRIPT_MAX_ITEMS,
		       SCRIPT_MAX_PHRASE, 1);
	snprintf(p, sizeof p, "objections[%d].responses", i);
	resp = strings(c, cJSON_GetObjectItemCaseSensitive(v, "responses"), p, SCRIPT_MAX_ITEMS,
		       SCRIPT_MAX_PHRASE, 1);
	if (c->n > before) {
		cJSON_Delete(trig);
		cJSON_Delete(resp);
		return NULL;
	}
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "type", type);
	cJSON_AddItemToObject(o, "triggers", trig);
	cJSON_AddItemToObject(o, "responses", resp);
	return o;
}

/* The list under key, each item checked by one(); NULL when absent or bad. */
static cJSON *list_of(struct ctx *c, const cJSON *obj, const char *key, int max,
		      cJSON *(*one)(struct ctx *, const cJSON *, int, const cJSON *))
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, key), *it;
	char msg[64];
	cJSON *out;
	int i = 0;

	if (!arr || cJSON_IsNull(arr))
		return NULL;
	if (!cJSON_IsArray(arr)) {
		problem(c, key, "must be an array");
		return NULL;
	}
	if (cJSON_GetArraySize(arr) > max) {
		snprintf(msg, sizeof msg, "has more than %d items", max);
		problem(c, key, msg);
		return NULL;
	}
	out = cJSON_CreateArray();
	cJSON_ArrayForEach(it, arr) {
		cJSON *x = one(c, it, i++, out);
		if (x)
			cJSON_AddItemToArray(out, x);
	}
	return out;
}

int script_normalize(const cJSON *obj, struct script_norm *out, struct script_problem *probs,
		     int maxprobs)
{
	struct ctx c = { probs, maxprobs, 0 };
	const cJSON *fb;

	memset(out, 0, sizeof *out);
	out->stages = list_of(&c, obj, "stages", SCRIPT_MAX_STAGES, stage);
	if (!out->stages && (cJSON_GetObjectItemCaseSensitive(obj, "keyPhrases") ||
			     cJSON_GetObjectItemCaseSensitive(obj, "requiredTopics"))) {
		out->stages = cJSON_CreateArray();
		legacy_stages(&c, obj, out->stages);
		if (cJSON_GetArraySize(out->stages) > SCRIPT_MAX_STAGES)
			problem(&c, "keyPhrases", "too many stages");
	}
	out->objections = list_of(&c, obj, "objections", SCRIPT_MAX_OBJECTIONS, objection);
	fb = cJSON_GetObjectItemCaseSensitive(obj, "forbidden");
	if (fb && !cJSON_IsNull(fb))
		out->forbidden = strings(&c, fb, "forbidden", SCRIPT_MAX_FORBIDDEN, SCRIPT_MAX_PHRASE, 0);
	if (c.n)
		script_norm_free(out);
	return c.n;
}

void script_norm_free(struct script_norm *n)
{
	cJSON_Delete(n->stages);
	cJSON_Delete(n->objections);
	cJSON_Delete(n->forbidden);
	n->stages = n->objections = n->forbidden = NULL;
}
