/*
 * lexicon.h - the word lists the analysis engine uses, compiled in:
 * stop words, concept groups (synonyms), sentiment, fillers, question
 * openers and self-introduction cues.
 *
 * Concepts are a curated table rather than WordNet: WordNet's synsets mix
 * senses ("close" the deal / "close" the door), miss sales vocabulary
 * ("ROI", "onboarding", "demo"), and would add a 30 MB dependency for worse
 * precision.  A group lists words that a rep may use for the same idea in
 * a sales conversation; matching maps each word's stem to its group.
 */
#ifndef SALESAN_ANALYSIS_LEXICON_H
#define SALESAN_ANALYSIS_LEXICON_H

/* NULL-terminated lists. */
extern const char *const lex_stopwords[];
/* Everyday words that carry little meaning in a sales phrase ("work",
 * "team", "think"): they count less when matching. */
extern const char *const lex_common[];
/* Groups of words, each group NULL-terminated, the whole list ended by an
 * empty group (a lone NULL). */
extern const char *const lex_concepts[];
/* "word" with a weight: "+2good" style entries: sign and magnitude 1..3. */
extern const char *const lex_sentiment[];
extern const char *const lex_negators[];
extern const char *const lex_fillers[];      /* one or two words ("you know") */
extern const char *const lex_question_openers[];
extern const char *const lex_intro_cues[];   /* "my name is", "this is", "calling from" */
/* Contractions: "n't" and friends, as pairs {suffix, expansion}. */
extern const char *const lex_contractions[][2];
/* Number words and their digits. */
extern const char *const lex_numbers[][2];

#endif
