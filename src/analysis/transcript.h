/*
 * transcript.h - one model for every transcript salesan reads, and the
 * importers that fill it.
 *
 * A transcript has speakers (id, display name, role) and turns (speaker,
 * start and end in ms from the start of the call, text).  Importers sniff
 * the format from the content unless one is given; they bound every size
 * and report malformed input with the line (text formats) or byte (JSON)
 * where it went wrong.  Pure: no I/O, no globals.
 */
#ifndef SALESAN_ANALYSIS_TRANSCRIPT_H
#define SALESAN_ANALYSIS_TRANSCRIPT_H

#include <stddef.h>
#include <stdint.h>

#define TRANSCRIPT_MAX_BYTES (32u * 1024 * 1024)
#define TRANSCRIPT_MAX_TURNS 200000
#define TRANSCRIPT_MAX_SPEAKERS 64
#define TRANSCRIPT_MAX_TURN_CHARS 65536
#define TRANSCRIPT_MAX_NAME 128
#define TRANSCRIPT_WPM 150 /* speaking rate assumed where a format gives no end */

enum speaker_role { SPK_UNKNOWN = 0, SPK_REP, SPK_CUSTOMER };

struct speaker {
	char *id;          /* as the format names it ("1", "A", "Jane") */
	char *name;        /* display name */
	enum speaker_role role;
};

struct turn {
	int speaker;       /* index into speakers */
	int64_t start_ms, end_ms;
	char *text;        /* UTF-8, trimmed, never empty */
};

struct transcript {
	struct speaker *speakers;
	int nspeakers;
	struct turn *turns;
	int nturns, cap;
};

enum transcript_format {
	TF_AUTO = 0,
	TF_OTTER,      /* Otter TXT export */
	TF_SRT,
	TF_VTT,
	TF_JSON,       /* salesan JSON */
	TF_WHISPER,    /* Whisper / WhisperX verbose_json */
	TF_DEEPGRAM,
	TF_ASSEMBLYAI,
	TF_PLAIN,      /* "Speaker: text" lines */
};

/* "otter", "srt", ...; TF_AUTO for "auto"; -1 when unknown. */
int transcript_format_from_name(const char *name);
const char *transcript_format_name(enum transcript_format f);

/*
 * Parse len bytes of data (format f, or sniffed with TF_AUTO) into *out
 * (zeroed first).  Returns 0, or -1 with a message naming the line or
 * byte in err (and *out emptied).  *detected, when not NULL, receives the
 * format used.  The result is finished (transcript_finish) already.
 */
int transcript_import(const char *data, size_t len, enum transcript_format f,
		      struct transcript *out, enum transcript_format *detected, char *err,
		      size_t errlen);

/* Index of the speaker with this id, adding it (name = id) when new; -1
 * when there are too many speakers. */
int transcript_speaker(struct transcript *t, const char *id);
/* Speakers "rep" (role SPK_REP) and "customer" (SPK_CUSTOMER) with these
 * display names, as recordings have them; their indexes go to spk[0]
 * and spk[1].  The transcript must have no speakers yet. */
void transcript_rep_customer(struct transcript *t, const char *rep_name, const char *customer_name,
			     int spk[2]);
/* Append a turn (text copied, trimmed; empty text is skipped).  Returns 0,
 * or -1 when the turn limit is reached. */
int transcript_add(struct transcript *t, int speaker, int64_t start_ms, int64_t end_ms,
		   const char *text, size_t len);
/* Fill unknown (negative) times: a missing start is the previous turn's
 * end; a missing end is where the next turn begins, or, for the last turn
 * (or when the next start is unknown), the turn's word count at
 * TRANSCRIPT_WPM. */
void transcript_finish(struct transcript *t);
/* The transcript as salesan JSON {"speakers":[{id,name,role}],
 * "segments":[{speaker,startMs,endMs,text}]} (caller owns it), and as
 * plain "Name: text" lines (malloc'd). */
struct cJSON;
struct cJSON *transcript_to_json(const struct transcript *t);
char *transcript_to_text(const struct transcript *t);
/* Words in s (runs of letters, digits and apostrophes). */
int text_word_count(const char *s);
void transcript_free(struct transcript *t);

#endif
