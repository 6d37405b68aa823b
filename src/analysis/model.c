/*
 * model.c - the analysis context (stemmer, lexicon maps, word cache), the
 * tokenizer, and compiling training scripts into matchable models.
 */
#include "internal.h"
#include "lexicon.h"
#include "script.h"
#include "common/xmalloc.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- string map ---- */

static uint64_t hash(const char *k, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	while (n--) {
		h ^= (unsigned char)*k++;
		h *= 1099511628211ULL;
	}
	return h;
}

int strmap_get(const struct strmap *m, const char *k, size_t n)
{
	size_t i;

	if (!m->cap)
		return -1;
	for (i = hash(k, n) & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1))
		if (!strncmp(m->keys[i], k, n) && m->keys[i][n] == '\0')
			return m->vals[i];
	return -1;
}

static void grow(struct strmap *m)
{
	struct strmap g = { xcalloc(m->cap ? m->cap * 2 : 64, sizeof(char *)),
			    xcalloc(m->cap ? m->cap * 2 : 64, sizeof(int)), m->cap ? m->cap * 2 : 64, 0 };
	size_t i, j;

	for (i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		for (j = hash(m->keys[i], strlen(m->keys[i])) & (g.cap - 1); g.keys[j];
		     j = (j + 1) & (g.cap - 1))
			;
		g.keys[j] = m->keys[i];
		g.vals[j] = m->vals[i];
		g.n++;
	}
	free(m->keys);
	free(m->vals);
	*m = g;
}

void strmap_put(struct strmap *m, const char *k, size_t n, int v)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	for (i = hash(k, n) & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1))
		if (!strncmp(m->keys[i], k, n) && m->keys[i][n] == '\0') {
			m->vals[i] = v;
			return;
		}
	m->keys[i] = xstrndup(k, n);
	m->vals[i] = v;
	m->n++;
}

void strmap_free(struct strmap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof *m);
}

/* ---- context ---- */

static const char *stem_n(struct analysis_ctx *c, const char *w, size_t n, int *len)
{
	const sb_symbol *s = sb_stemmer_stem(c->stemmer, (const sb_symbol *)w, (int)n);

	*len = s ? sb_stemmer_length(c->stemmer) : 0;
	return (const char *)s;
}

static int intern(struct analysis_ctx *c, const char *s, size_t n)
{
	int id = strmap_get(&c->vocab, s, n);

	if (id >= 0)
		return id;
	if (c->nstems >= VOCAB_MAX)
		return -1;
	if (c->nstems == c->capstems) {
		c->capstems = c->capstems ? c->capstems * 2 : 1024;
		c->stems = xrealloc(c->stems, (size_t)c->capstems * sizeof *c->stems);
	}
	c->stems[c->nstems] = xstrndup(s, n);
	strmap_put(&c->vocab, s, n, c->nstems);
	return c->nstems++;
}

const char *stem_of(const struct analysis_ctx *c, int id)
{
	return id >= 0 && id < c->nstems ? c->stems[id] : "";
}

struct analysis_ctx *analysis_ctx_new(void)
{
	struct analysis_ctx *c = xcalloc(1, sizeof *c);
	const char *const *g;
	int i, len;

	c->stemmer = sb_stemmer_new("english", NULL);
	if (!c->stemmer) {
		free(c);
		return NULL;
	}
	for (i = 0; lex_stopwords[i]; i++)
		strmap_put(&c->stops, lex_stopwords[i], strlen(lex_stopwords[i]), 1);
	for (i = 0; lex_negators[i]; i++)
		strmap_put(&c->negators, lex_negators[i], strlen(lex_negators[i]), 1);
	for (i = 0; lex_sentiment[i]; i++) {
		const char *e = lex_sentiment[i];
		int w = (e[0] == '-' ? -1 : 1) * (e[1] - '0');
		strmap_put(&c->sentiment, e + 2, strlen(e + 2), w + 8);
	}
	for (i = 0; lex_common[i]; i++) {
		const char *st = stem_n(c, lex_common[i], strlen(lex_common[i]), &len);
		if (st)
			strmap_put(&c->common, st, (size_t)len, 1);
	}
	/* concept groups, by stem; the first group a stem appears in wins */
	for (g = lex_concepts; *g; g++, c->nconcepts++) {
		for (; *g; g++) {
			const char *s = stem_n(c, *g, strlen(*g), &len);
			if (s && strmap_get(&c->concepts, s, (size_t)len) < 0)
				strmap_put(&c->concepts, s, (size_t)len, c->nconcepts);
		}
	}
	return c;
}

void analysis_ctx_free(struct analysis_ctx *c)
{
	int i;

	if (!c)
		return;
	sb_stemmer_delete(c->stemmer);
	strmap_free(&c->vocab);
	for (i = 0; i < c->nstems; i++)
		free(c->stems[i]);
	free(c->stems);
	strmap_free(&c->words);
	free(c->info);
	strmap_free(&c->concepts);
	strmap_free(&c->sentiment);
	strmap_free(&c->stops);
	strmap_free(&c->negators);
	strmap_free(&c->common);
	free(c);
}

/* ---- tokenizer ---- */

static const struct wordinfo *word(struct analysis_ctx *c, const char *w, size_t n)
{
	int k = strmap_get(&c->words, w, n), len, v;
	struct wordinfo *wi;
	const char *s;

	if (k >= 0)
		return &c->info[k];
	if (c->ninfo >= WORDS_MAX)
		return NULL;
	if (c->ninfo == c->capinfo) {
		c->capinfo = c->capinfo ? c->capinfo * 2 : 1024;
		c->info = xrealloc(c->info, (size_t)c->capinfo * sizeof *c->info);
	}
	wi = &c->info[c->ninfo];
	{
		/* number words stem to their digits: "three" and "3" meet */
		const char *w0 = w;
		size_t n0 = n;
		int i;

		for (i = 0; lex_numbers[i][0]; i++)
			if (strlen(lex_numbers[i][0]) == n0 && !memcmp(lex_numbers[i][0], w0, n0)) {
				w0 = lex_numbers[i][1];
				n0 = strlen(w0);
				break;
			}
		s = stem_n(c, w0, n0, &len);
	}
	wi->id = s ? intern(c, s, (size_t)len) : -1;
	wi->concept = s ? strmap_get(&c->concepts, s, (size_t)len) : -1;
	v = strmap_get(&c->sentiment, w, n);
	wi->sentiment = (signed char)(v >= 0 ? v - 8 : 0);
	wi->stop = strmap_get(&c->stops, w, n) >= 0;
	wi->negator = strmap_get(&c->negators, w, n) >= 0;
	strmap_put(&c->words, w, n, c->ninfo);
	return &c->info[c->ninfo++];
}

static void push(struct analysis_ctx *c, struct toks *out, const char *w, size_t n)
{
	const struct wordinfo *wi;
	struct tok *t;

	if (!n || !(wi = word(c, w, n)))
		return;
	if (out->n == out->cap) {
		out->cap = out->cap ? out->cap * 2 : 64;
		out->v = xrealloc(out->v, (size_t)out->cap * sizeof *out->v);
	}
	t = &out->v[out->n++];
	t->id = wi->id;
	t->concept = wi->concept;
	t->sentiment = wi->sentiment;
	t->stop = wi->stop;
	t->negator = wi->negator;
}

void toks_free(struct toks *t)
{
	free(t->v);
	memset(t, 0, sizeof *t);
}

#define WORD_MAX 64

/* Push word w, expanding a contraction ("can't" -> can not, "we're" -> we
 * are, "rep's" -> rep). */
static void expand(struct analysis_ctx *c, struct toks *out, const char *w, size_t n)
{
	int i;

	if (!memchr(w, '\'', n) && !(n == 6 && !memcmp(w, "cannot", 6))) {
		push(c, out, w, n);
		return;
	}
	for (i = 0; lex_contractions[i][0]; i++) {
		const char *suf = lex_contractions[i][0], *exp = lex_contractions[i][1];
		size_t sl = strlen(suf);

		if (exp[0] && exp[0] != ' ') { /* a whole word */
			if (n == sl && !memcmp(w, suf, n)) {
				const char *sp = strchr(exp, ' ');
				push(c, out, exp, (size_t)(sp - exp));
				push(c, out, sp + 1, strlen(sp + 1));
				return;
			}
			continue;
		}
		if (n > sl && !memcmp(w + n - sl, suf, sl)) {
			push(c, out, w, n - sl);
			if (exp[0])
				push(c, out, exp + 1, strlen(exp + 1));
			return;
		}
	}
	push(c, out, w, n);
}

/* General punctuation (U+2010..U+206F: dashes, quotes, ellipsis) separates
 * words, except the right single quote, which is an apostrophe. */
static int utf8_punct(const unsigned char *p)
{
	return p[0] == 0xE2 && (p[1] == 0x80 || p[1] == 0x81) && p[2] >= 0x80 && p[2] <= 0xBF &&
	       !(p[1] == 0x80 && p[2] == 0x99);
}

static int word_byte(const unsigned char *p)
{
	return isalnum(*p) || *p == '\'' || (*p >= 0x80 && !utf8_punct(p));
}

void tokenize(struct analysis_ctx *c, const char *text, struct toks *out)
{
	const unsigned char *p = (const unsigned char *)text;
	char w[WORD_MAX + 8];

	while (*p) {
		size_t n = 0;

		while (*p && !(word_byte(p) && *p != '\''))
			p += utf8_punct(p) ? 3 : 1;
		while (*p && word_byte(p)) {
			if (p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0x99) { /* ’ */
				if (n < WORD_MAX)
					w[n++] = '\'';
				p += 3;
				continue;
			}
			if (n < WORD_MAX)
				w[n++] = (char)tolower(*p);
			p++;
		}
		while (n && w[n - 1] == '\'')
			n--;
		if (!n)
			continue;
		w[n] = '\0';
		expand(c, out, w, n);
	}
}

/* ---- scripts ---- */

static void phrase_compile(struct analysis_ctx *c, const char *text, struct phrase *ph)
{
	struct toks t = { 0 };
	int i, content = 0;

	memset(ph, 0, sizeof *ph);
	ph->text = xstrdup(text);
	tokenize(c, text, &t);
	for (i = 0; i < t.n; i++)
		content += !t.v[i].stop && t.v[i].id >= 0;
	ph->ids = xcalloc((size_t)t.n + 1, sizeof *ph->ids);
	ph->concepts = xcalloc((size_t)t.n + 1, sizeof *ph->concepts);
	ph->w = xcalloc((size_t)t.n + 1, sizeof *ph->w);
	for (i = 0; i < t.n; i++) {
		int j, dup = 0;

		if (t.v[i].id < 0 || (content && t.v[i].stop))
			continue; /* only content words, unless there are none */
		for (j = 0; j < ph->n; j++)
			dup |= ph->ids[j] == t.v[i].id;
		if (dup)
			continue;
		ph->ids[ph->n] = t.v[i].id;
		ph->concepts[ph->n] = t.v[i].concept;
		ph->w[ph->n++] = 1;
	}
	toks_free(&t);
}

static void phrase_free(struct phrase *ph)
{
	free(ph->text);
	free(ph->ids);
	free(ph->concepts);
	free(ph->w);
}

static struct phrase *phrases_of(struct analysis_ctx *c, const cJSON *arr, int *n)
{
	struct phrase *v = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof *v);
	const cJSON *it;

	*n = 0;
	cJSON_ArrayForEach(it, arr)
		if (cJSON_IsString(it))
			phrase_compile(c, it->valuestring, &v[(*n)++]);
	return v;
}

/* Document frequencies for IDF: each stage, objection side and forbidden
 * phrase is one document. */
struct dfcount {
	int *df, cap;
	int ndocs;
	int *seen;
};

static void df_doc(struct dfcount *d, struct phrase *ph, int n, int doc)
{
	int i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < ph[i].n; j++) {
			int id = ph[i].ids[j];
			if (id >= d->cap) {
				int nc = id * 2 + 16;
				d->df = xrealloc(d->df, (size_t)nc * sizeof *d->df);
				d->seen = xrealloc(d->seen, (size_t)nc * sizeof *d->seen);
				memset(d->df + d->cap, 0, (size_t)(nc - d->cap) * sizeof *d->df);
				for (int k = d->cap; k < nc; k++)
					d->seen[k] = -1;
				d->cap = nc;
			}
			if (d->seen[id] != doc) {
				d->seen[id] = doc;
				d->df[id]++;
			}
		}
}

#define COMMON_WEIGHT 0.35

static void df_weigh(const struct analysis_ctx *c, const struct dfcount *d, struct phrase *ph,
		     int n)
{
	int i, j;

	for (i = 0; i < n; i++) {
		ph[i].total = 0;
		ph[i].salient = 0;
		for (j = 0; j < ph[i].n; j++) {
			int df = d->df[ph[i].ids[j]];
			const char *st = stem_of(c, ph[i].ids[j]);
			ph[i].w[j] = 1.0 + log((1.0 + d->ndocs) / (0.5 + df));
			if (strmap_get(&c->common, st, strlen(st)) >= 0)
				ph[i].w[j] *= COMMON_WEIGHT;
			else
				ph[i].salient++;
			ph[i].total += ph[i].w[j];
		}
	}
}

struct script_model *script_model_new(struct analysis_ctx *c, const cJSON *script, char *err,
				      size_t errlen)
{
	struct script_model *m = xcalloc(1, sizeof *m);
	struct script_problem prob[4];
	struct script_norm norm = { 0 };
	struct dfcount d = { 0 };
	const cJSON *it;
	int i, doc = 0;

	if (!script || !cJSON_IsObject(script))
		return m;
	if (script_normalize(script, &norm, prob, 4)) {
		snprintf(err, errlen, "%s: %s", prob[0].path, prob[0].msg);
		free(m);
		return NULL;
	}
	m->stages = xcalloc((size_t)cJSON_GetArraySize(norm.stages) + 1, sizeof *m->stages);
	cJSON_ArrayForEach(it, norm.stages) {
		struct stage *s = &m->stages[m->nstages++];
		const cJSON *w = cJSON_GetObjectItemCaseSensitive(it, "withinMs");

		s->id = xstrdup(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "id")));
		s->name = xstrdup(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "name")));
		s->required = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "required"));
		s->weight = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(it, "weight"));
		s->within_ms = cJSON_IsNumber(w) ? (int64_t)w->valuedouble : 0;
		s->phrases = phrases_of(c, cJSON_GetObjectItemCaseSensitive(it, "phrases"), &s->nphrases);
		s->keywords = phrases_of(c, cJSON_GetObjectItemCaseSensitive(it, "keywords"),
					 &s->nkeywords);
		df_doc(&d, s->phrases, s->nphrases, doc);
		df_doc(&d, s->keywords, s->nkeywords, doc++);
	}
	m->objections = xcalloc((size_t)cJSON_GetArraySize(norm.objections) + 1, sizeof *m->objections);
	cJSON_ArrayForEach(it, norm.objections) {
		struct objection *o = &m->objections[m->nobjections++];

		o->type = xstrdup(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "type")));
		o->triggers = phrases_of(c, cJSON_GetObjectItemCaseSensitive(it, "triggers"), &o->ntriggers);
		o->responses = phrases_of(c, cJSON_GetObjectItemCaseSensitive(it, "responses"),
					  &o->nresponses);
		df_doc(&d, o->triggers, o->ntriggers, doc++);
		df_doc(&d, o->responses, o->nresponses, doc++);
	}
	m->forbidden = phrases_of(c, norm.forbidden, &m->nforbidden);
	for (i = 0; i < m->nforbidden; i++)
		df_doc(&d, &m->forbidden[i], 1, doc++);
	d.ndocs = doc;
	for (i = 0; i < m->nstages; i++) {
		df_weigh(c, &d, m->stages[i].phrases, m->stages[i].nphrases);
		df_weigh(c, &d, m->stages[i].keywords, m->stages[i].nkeywords);
	}
	for (i = 0; i < m->nobjections; i++) {
		df_weigh(c, &d, m->objections[i].triggers, m->objections[i].ntriggers);
		df_weigh(c, &d, m->objections[i].responses, m->objections[i].nresponses);
	}
	df_weigh(c, &d, m->forbidden, m->nforbidden);
	/* the script's vocabulary, for fuzzy matching */
	for (i = 0; i < d.cap; i++)
		if (d.df[i]) {
			m->vocab_ids = xrealloc(m->vocab_ids, (size_t)(m->nvocab + 1) * sizeof(int));
			m->vocab_ids[m->nvocab++] = i;
		}
	free(d.df);
	free(d.seen);
	script_norm_free(&norm);
	return m;
}

void script_model_free(struct script_model *m)
{
	int i, j;

	if (!m)
		return;
	for (i = 0; i < m->nstages; i++) {
		free(m->stages[i].id);
		free(m->stages[i].name);
		for (j = 0; j < m->stages[i].nphrases; j++)
			phrase_free(&m->stages[i].phrases[j]);
		for (j = 0; j < m->stages[i].nkeywords; j++)
			phrase_free(&m->stages[i].keywords[j]);
		free(m->stages[i].phrases);
		free(m->stages[i].keywords);
	}
	for (i = 0; i < m->nobjections; i++) {
		free(m->objections[i].type);
		for (j = 0; j < m->objections[i].ntriggers; j++)
			phrase_free(&m->objections[i].triggers[j]);
		for (j = 0; j < m->objections[i].nresponses; j++)
			phrase_free(&m->objections[i].responses[j]);
		free(m->objections[i].triggers);
		free(m->objections[i].responses);
	}
	for (i = 0; i < m->nforbidden; i++)
		phrase_free(&m->forbidden[i]);
	free(m->stages);
	free(m->objections);
	free(m->forbidden);
	free(m->vocab_ids);
	free(m);
}
