/*
 * internal.h - shared between the analysis engine's files; not for users
 * of the engine (they include engine.h).
 */
#ifndef SALESAN_ANALYSIS_INTERNAL_H
#define SALESAN_ANALYSIS_INTERNAL_H

#include "engine.h"

#include <libstemmer.h>
#include <stddef.h>
#include <stdint.h>

/* A string -> int map with open addressing; keys copied. */
struct strmap {
	char **keys;
	int *vals;
	size_t cap, n;
};
int strmap_get(const struct strmap *m, const char *k, size_t klen); /* -1 when absent */
void strmap_put(struct strmap *m, const char *k, size_t klen, int v);
void strmap_free(struct strmap *m);

/* What the engine knows about one surface word. */
struct wordinfo {
	int id;          /* interned stem, -1 when the vocabulary is full */
	int concept;     /* concept group, -1 for none */
	signed char sentiment;
	unsigned char stop, negator;
};

#define VOCAB_MAX 1000000 /* stems remembered per context */
#define WORDS_MAX 1000000 /* surface words cached per context */

struct analysis_ctx {
	struct sb_stemmer *stemmer;
	struct strmap vocab;       /* stem -> id */
	char **stems;              /* id -> stem */
	int nstems, capstems;
	struct strmap words;       /* surface word -> index into info */
	struct wordinfo *info;
	int ninfo, capinfo;
	struct strmap concepts;    /* stem -> concept group */
	int nconcepts;
	struct strmap sentiment;   /* surface word -> weight + 8 */
	struct strmap stops, negators;
	struct strmap common;      /* stems of everyday words */
};

/* A token of normalised text. */
struct tok {
	int id, concept;
	signed char sentiment;
	unsigned char stop, negator;
};

struct toks {
	struct tok *v;
	int n, cap;
};

/* Tokenise text: lower case, contractions, number words, stems.  Appends
 * to out. */
void tokenize(struct analysis_ctx *c, const char *text, struct toks *out);
void toks_free(struct toks *t);
const char *stem_of(const struct analysis_ctx *c, int id);

/* A phrase of a script: its content tokens with weights. */
struct phrase {
	char *text;
	int *ids, *concepts;
	double *w;
	int n;
	int salient;    /* tokens that are not everyday words */
	double total;
};

struct stage {
	char *id, *name;
	int required;
	double weight;
	int64_t within_ms;  /* 0: anytime */
	struct phrase *phrases;
	int nphrases;
	struct phrase *keywords;
	int nkeywords;
};

struct objection {
	char *type;
	struct phrase *triggers, *responses;
	int ntriggers, nresponses;
};

struct script_model {
	struct stage *stages;
	int nstages;
	struct objection *objections;
	int nobjections;
	struct phrase *forbidden;
	int nforbidden;
	int *vocab_ids;       /* every content token id of the script */
	int nvocab;
};

#endif
