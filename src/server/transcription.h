/*
 * transcription.h - recordings to transcripts, on salesand's speech pool.
 *
 * Decoding takes seconds of CPU per minute of audio, so it runs on its own
 * pool of SPEECH_WORKERS threads (each with a database connection), never
 * on the request workers: the API stays responsive while recordings are
 * transcribed.  Live audio (live_audio.h) has a second pool of
 * SPEECH_LIVE_MAX threads, so a live call never waits behind a recording.
 * A job reads the recording's WAV from file storage,
 * transcribes it (speech/transcribe.h: stereo = rep left, customer right;
 * mono split by pitch and flagged), stores the transcript on the call,
 * analyses it against the organization's script, and records the outcome
 * in the recordings table (queued -> transcribing -> done | failed).
 *
 * The loop thread runs each job's completion (transcription_drain), so
 * live audio (live_audio.h) hands its segments to the hub there.
 *
 * Durability: the queue is the table.  Recordings still queued or
 * transcribing when salesand stopped are queued again at start, and a
 * shutdown interrupts a running job between chunks (it stays queued).
 */
#ifndef SALESAN_TRANSCRIPTION_H
#define SALESAN_TRANSCRIPTION_H

#include "server.h"
#include "speech/stt.h"

struct db;

/* Start the pool and resume unfinished work.  0, or -1 (logged). */
int transcription_start(struct server *srv);
/* Finish (interrupt) the jobs and stop the pool. */
void transcription_stop(struct server *srv);

/* The configured backend's name, or NULL when SPEECH_BACKEND=none. */
const char *transcription_backend(const struct server *srv);
/* The backend for org_id's calls: the organization's settings.speechBackend
 * (pocketsphinx, whisper-http or none) when set, else the server's; NULL
 * for none.  db is the calling thread's connection. */
const char *transcription_backend_for(const struct server *srv, struct db *db, const char *org_id);
/* The recogniser settings from the server's configuration, with backend
 * (NULL: the server's). */
void transcription_stt_config(const struct server *srv, const char *backend,
			      struct stt_config *cfg);

/* Queue call_id's recording (already recorded as queued).  0, or -1 when
 * the queue is full (it will be picked up at the next start). */
int transcription_submit(struct server *srv, const char *call_id);

/* Any work for the speech pool: run(arg, db) on a speech thread, then
 * done(arg) on the loop thread (transcription_drain).  0, or -1 when
 * speech is off or the queue is full (nothing ran). */
int transcription_submit_job(void (*run)(void *arg, void *db), void (*done)(void *arg), void *arg);
/* Loop thread: run done() of finished speech jobs. */
void transcription_drain(void);

#endif
