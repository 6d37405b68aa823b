/*
 * api_recordings.c - a sales call's recording and its transcription:
 *
 *   PUT /api/v1/sales-calls/:id/recording   the WAV, as the body
 *                                           (Content-Type: audio/wav) or
 *                                           multipart (field "recording");
 *                                           stored with the call's files
 *                                           and queued for transcription:
 *                                           202 with the recording
 *   GET /api/v1/sales-calls/:id/recording   the recording and where its
 *                                           transcription stands
 *
 * Whoever can see a call may upload its recording and read it (reps their
 * own calls).  The transcription runs on the speech pool
 * (transcription.h); when it is done the call has its transcript and
 * analysis.  POST /api/v1/files/upload-sales-call with a WAV queues a
 * transcription the same way.
 */
#include "authz.h"
#include "call_ops.h"
#include "resp.h"
#include "router.h"
#include "server.h"
#include "store.h"
#include "transcription.h"
#include "common/json.h"
#include "common/log.h"
#include "common/timeutil.h"
#include "speech/audio.h"

#include <stdio.h>
#include <string.h>

static cJSON *recording_json(const struct recording_row *rec)
{
	cJSON *o = cJSON_CreateObject();
	char ts[40];

	cJSON_AddStringToObject(o, "salesCallId", rec->call_id);
	cJSON_AddStringToObject(o, "fileKey", rec->file_key);
	cJSON_AddStringToObject(o, "status", rec->status);
	if (rec->error[0])
		cJSON_AddStringToObject(o, "error", rec->error);
	else
		cJSON_AddNullToObject(o, "error");
	cJSON_AddStringToObject(o, "backend", rec->backend);
	cJSON_AddNumberToObject(o, "durationMs", (double)rec->duration_ms);
	cJSON_AddNumberToObject(o, "channels", rec->channels);
	cJSON_AddNumberToObject(o, "sampleRate", rec->sample_rate);
	cJSON_AddNumberToObject(o, "segments", rec->segments);
	cJSON_AddBoolToObject(o, "speakersEstimated", rec->speakers_estimated);
	time_format_iso(rec->created_at, ts, sizeof ts);
	cJSON_AddStringToObject(o, "uploadedAt", ts);
	if (rec->finished_at) {
		time_format_iso(rec->finished_at, ts, sizeof ts);
		cJSON_AddStringToObject(o, "finishedAt", ts);
	} else {
		cJSON_AddNullToObject(o, "finishedAt");
	}
	return o;
}

int recording_check(const struct request *r, const char *org_id, const char *path,
		    struct recording_row *rec, int *status, char *why, size_t whylen)
{
	const char *backend = transcription_backend_for(r->srv, r->db, org_id);
	struct stt_config cfg;
	struct audio_in *a;
	char err[256];

	memset(rec, 0, sizeof *rec);
	if (!backend) {
		*status = 503;
		snprintf(why, whylen, "Speech to text is turned off for this organization or server"
			 " (settings.speechBackend or SPEECH_BACKEND is none)");
		return -1;
	}
	transcription_stt_config(r->srv, backend, &cfg);
	if (!stt_available(&cfg, backend, err, sizeof err)) {
		*status = 503;
		snprintf(why, whylen, "Speech to text is unavailable: %s", err);
		return -1;
	}
	a = audio_open_wav(path, err, sizeof err);
	if (!a) {
		const char *msg = strstr(err, ": ");

		*status = 400;
		snprintf(why, whylen, "Not a recording salesan can read: %s", msg ? msg + 2 : err);
		return -1;
	}
	rec->sample_rate = audio_rate(a);
	rec->channels = audio_channels(a);
	rec->duration_ms = audio_frames_total(a) > 0
				   ? audio_frames_total(a) * 1000 / audio_rate(a) : 0;
	snprintf(rec->backend, sizeof rec->backend, "%s", backend);
	audio_close(a);
	return 0;
}

int recording_queue(struct request *r, const char *call_id, const struct file_row *f,
		    struct recording_row *rec, cJSON **out)
{
	int rc;

	memcpy(rec->call_id, call_id, UUID_STR_LEN);
	memcpy(rec->org_id, f->org_id, UUID_STR_LEN);
	snprintf(rec->file_key, sizeof rec->file_key, "%s", f->key);
	memcpy(rec->uploaded_by, r->who->via_key ? "" : r->who->id, UUID_STR_LEN);
	rc = store_recording_put(r->db, rec, time_now_ms());
	if (rc == DB_OK)
		rc = store_recording_get(r->db, call_id, rec) == DB_ROW ? DB_OK : DB_ERROR;
	if (rc != DB_OK)
		return rc;
	if (transcription_submit((struct server *)r->srv, call_id))
		log_warn("speech queue full: call %s's recording waits for the next start", call_id);
	log_info("recording of call %s queued for transcription (%s, %.1f s, %d channel(s))",
		 call_id, rec->backend, rec->duration_ms / 1000.0, rec->channels);
	*out = recording_json(rec);
	return DB_OK;
}

static void put_recording(struct request *r)
{
	const struct upload *u = r->upload;
	struct recording_row rec;
	struct file_row f;
	struct call_row c;
	char why[320];
	cJSON *d = NULL;
	int status, rc;

	if (call_load(r, &c))
		return;
	if (!u || !u->path || (u->field && strcmp(u->field, "recording") && strcmp(u->field, "file"))) {
		resp_error(r, 400, "NO_RECORDING_FILE",
			   "Send the recording as the body (Content-Type: audio/wav) or as the "
			   "multipart field \"recording\"");
		return;
	}
	if (!c.org_id[0]) {
		resp_error(r, 400, "NO_ORGANIZATION", "The call belongs to no organization");
		return;
	}
	if (recording_check(r, c.org_id, u->path, &rec, &status, why, sizeof why)) {
		resp_error(r, status, status == 400 ? "INVALID_AUDIO" : "SPEECH_UNAVAILABLE", "%s",
			   why);
		return;
	}
	memset(&f, 0, sizeof f);
	memcpy(f.org_id, c.org_id, UUID_STR_LEN);
	snprintf(f.category, sizeof f.category, "sales-call");
	memcpy(f.related_id, c.id, UUID_STR_LEN);
	if (file_store_upload(r, &f))
		return;
	rc = recording_queue(r, c.id, &f, &rec, &d);
	if (rc != DB_OK) {
		resp_db_error(r, rc, "record recording");
		return;
	}
	resp_message(r, 202, "Recording stored; transcription queued", d);
}

static void get_recording(struct request *r)
{
	struct recording_row rec;
	struct call_row c;
	int rc;

	if (call_load(r, &c))
		return;
	rc = store_recording_get(r->db, c.id, &rec);
	if (rc == DB_DONE) {
		resp_error(r, 404, "RECORDING_NOT_FOUND", "This call has no recording");
		return;
	}
	if (rc != DB_ROW) {
		resp_db_error(r, rc, "read recording");
		return;
	}
	resp_data(r, 200, recording_json(&rec));
}

static const struct route routes[] = {
	{ HTTP_PUT, "/api/v1/sales-calls/:id/recording", put_recording, AUTH_JWT, ROLES_ANY,
	  ROUTE_UPLOAD | ROUTE_UPLOAD_RAW, "Upload a call's WAV recording and transcribe it", 0 },
	{ HTTP_GET, "/api/v1/sales-calls/:id/recording", get_recording, AUTH_JWT, ROLES_ANY, 0,
	  "A call's recording and the state of its transcription", 0 },
};

const struct route_table api_recordings_routes = ROUTE_TABLE(routes);
