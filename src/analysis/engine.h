/*
 * engine.h - the call-analysis engine: score a transcript against a
 * training script.
 *
 *   struct analysis_ctx   per thread: the stemmer and the compiled
 *                         lexicons (build once, reuse for every call)
 *   struct script_model   a training script compiled for matching
 *   struct analyzer       one call being analysed, fed one turn at a time
 *                         (live) or all at once (batch); both give the
 *                         same final scorecard
 *
 * Matching works on normalised tokens: lower case, contractions expanded,
 * number words as digits, Snowball (libstemmer) stems, stop words set
 * aside, and concept groups (lexicon.h) so that "price", "cost" and
 * "budget" meet.  A rep window matches a stage phrase by IDF-weighted
 * coverage of the phrase's content tokens, where a token counts fully for
 * the same stem, 0.8 for the same concept and 0.7 for a near spelling (ASR
 * errors).  Only rep turns can cover stages or say forbidden phrases; only
 * customer turns raise objections.
 *
 * Pure: no I/O, no globals, no threads.  Every object is owned by its
 * creator and released with its _free function; failures return NULL or
 * -1 with a message.
 */
#ifndef SALESAN_ANALYSIS_ENGINE_H
#define SALESAN_ANALYSIS_ENGINE_H

#include "transcript.h"

#include <cJSON.h>
#include <stddef.h>
#include <stdint.h>

struct analysis_ctx;
struct script_model;
struct analyzer;

/* NULL only when the stemmer cannot be created. */
struct analysis_ctx *analysis_ctx_new(void);
void analysis_ctx_free(struct analysis_ctx *c);

/*
 * Compile a script object (its "stages", "objections", "forbidden", or the
 * original's "keyPhrases"/"requiredTopics"; validated by script_normalize)
 * into a model.  NULL with a message in err when it is invalid.  A NULL or
 * empty script gives a model without stages (metrics only).
 */
struct script_model *script_model_new(struct analysis_ctx *c, const cJSON *script, char *err,
				      size_t errlen);
void script_model_free(struct script_model *m);

/* Live events (what changed after a turn). */
enum analysis_event_kind {
	EV_STAGE_COVERED,
	EV_OBJECTION_RAISED,
	EV_OBJECTION_HANDLED,
	EV_FORBIDDEN,
	EV_TALK_RATIO_HIGH,     /* the rep talked over 65% of the last 5 minutes */
	EV_MONOLOGUE_LONG,      /* a rep monologue passed 2 minutes */
};

struct analysis_event {
	enum analysis_event_kind kind;
	const char *id;         /* stage id, objection type or forbidden phrase (model-owned) */
	int64_t at_ms;
	double value;           /* confidence, ratio or duration */
};

#define ANALYSIS_MAX_EVENTS 16

/* A new analysis of one call against m (which must outlive it). */
struct analyzer *analyzer_new(struct analysis_ctx *c, const struct script_model *m);
void analyzer_free(struct analyzer *a);

/*
 * Feed the next turn, in time order: role SPK_REP or SPK_CUSTOMER (other
 * speakers count for talk time only), text, times in ms from the call's
 * start.  Fills ev with up to ANALYSIS_MAX_EVENTS events and returns how
 * many.  Returns -1 when the turn is out of order or the call too long.
 */
int analyzer_feed(struct analyzer *a, enum speaker_role role, const char *speaker,
		  int64_t start_ms, int64_t end_ms, const char *text, struct analysis_event *ev);

/* The scorecard so far (see DESIGN.md / the analysis issue for its
 * fields); caller owns it.  rep_name/rep_inferred fill "rep". */
cJSON *analyzer_scorecard(struct analyzer *a, const char *rep_name, int rep_inferred);

/*
 * Which speaker of t is the rep: one with role SPK_REP, or the one named
 * rep_name (case-insensitive id or name), or else the one who introduces
 * themselves, matches the script and asks the most questions.  Sets the
 * roles of t (the rep, everyone else customer), and *inferred.  Returns the
 * rep's index, or -1 when rep_name names nobody.
 */
int analysis_pick_rep(struct analysis_ctx *c, const struct script_model *m, struct transcript *t,
		      const char *rep_name, int *inferred);

/* Batch: pick the rep and run every turn; the scorecard, or NULL with a
 * message when rep_name names nobody. */
cJSON *analyze_transcript(struct analysis_ctx *c, const struct script_model *m,
			  struct transcript *t, const char *rep_name, char *err, size_t errlen);

#endif
