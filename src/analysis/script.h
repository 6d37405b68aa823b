/*
 * script.h - the training-script structure (DESIGN.md "Analysis engine"):
 * validating and normalising it as JSON.
 *
 *   stages:     [{id, name, required, weight, phrases[], keywords[], withinMs}]
 *   objections: [{type, triggers[], responses[]}]
 *   forbidden:  [phrase, ...]
 *
 * The original backend's keyPhrases / requiredTopics (flat string arrays)
 * are accepted and become simple stages.  Pure: no I/O, no globals.
 */
#ifndef SALESAN_ANALYSIS_SCRIPT_H
#define SALESAN_ANALYSIS_SCRIPT_H

#include <cJSON.h>

#define SCRIPT_MAX_STAGES 50
#define SCRIPT_MAX_OBJECTIONS 50
#define SCRIPT_MAX_FORBIDDEN 200
#define SCRIPT_MAX_ITEMS 100       /* phrases, keywords, triggers, responses */
#define SCRIPT_MAX_PHRASE 500      /* characters */
#define SCRIPT_MAX_KEYWORD 100
#define SCRIPT_MAX_WITHIN_MS 86400000

struct script_problem {
	char path[80]; /* "stages[2].weight" */
	char msg[120];
};

struct script_norm {
	cJSON *stages;     /* normalised arrays, or NULL when not given */
	cJSON *objections;
	cJSON *forbidden;
};

/*
 * Validate the structure keys of obj (a script object: "stages",
 * "objections", "forbidden", or the original's "keyPhrases" and
 * "requiredTopics") and build normalised copies with every default filled
 * in.  Problems go to probs (at most maxprobs are kept); returns how many
 * there were.  On success (0) the caller owns the arrays in *out (release
 * with script_norm_free); on failure *out is left empty.
 */
int script_normalize(const cJSON *obj, struct script_norm *out, struct script_problem *probs,
		     int maxprobs);
void script_norm_free(struct script_norm *n);

#endif
