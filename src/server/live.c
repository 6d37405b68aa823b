/*
 * live.c - the live hub (see live.h).
 *
 * A connection authenticates with the Authorization header of its upgrade
 * or an "authenticate" message within 5 seconds.  Messages are JSON text
 * frames {"event", "data"}; fragments are reassembled up to LIVE_MAX_MSG
 * and a larger message closes the connection (1009).  Every connection has
 * a bounded queue of outgoing messages (shared, reference-counted
 * payloads): a reader that falls LIVE_QUEUE_MAX messages (or
 * LIVE_QUEUE_BYTES) behind is closed
 * (1008, "slow consumer") and never holds up the loop or anyone else.
 *
 * A session is loaded from the store when someone first joins it and kept
 * while it is active: the rep's id and manager, its organization, and an
 * incremental analyzer over the organization's script, fed by the rep's
 * transcript_segment messages; each segment is fanned out to the session's
 * participants with a live_analysis update and any alerts.  When the rep's
 * last connection leaves, a grace period (LIVE_GRACE_SECONDS) starts: a rep
 * who rejoins resumes the same session; otherwise it is ended on a worker
 * like POST /live-sessions/:id/end would (transcript to the call, analysis).
 */
#include "live.h"
#include "live_audio.h"
#include "transcription.h"
#include "auth.h"
#include "call_ops.h"
#include "authz.h"
#include "jobs.h"
#include "router.h"
#include "server.h"
#include "store.h"
#include "analysis/engine.h"
#include "common/json.h"
#include "common/log.h"
#include "common/timeutil.h"
#include "common/xmalloc.h"

#include <netinet/in.h>
#include <sodium.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define LIVE_MAX_MSG (64 * 1024)     /* a reassembled message */
#define LIVE_QUEUE_MAX (g_srv->cfg.live_queue_max) /* messages waiting for one reader */
#define LIVE_QUEUE_BYTES (8u << 20)  /* ... or bytes */
#define LIVE_AUTH_MS 5000
#define LIVE_MAX_JOINED 8
#define LIVE_MAX_TEXT 8000           /* characters of one segment */
#define LIVE_MAX_NOTE 10000
#define LIVE_MAX_SEGMENTS 20000      /* per session */
#define LIVE_PRESENCE_ALL 32         /* above this many participants, joins and
				      * leaves are not announced (each joiner gets
				      * the list of participants) */

struct msg {
	int refs;
	size_t len;
	unsigned char data[]; /* LWS_PRE bytes, then the payload */
};

struct session;

struct conn {
	struct lws *wsi;
	int authed, subscribed, closing;
	int64_t auth_deadline;
	struct principal who;
	struct session *joined[LIVE_MAX_JOINED];
	int njoined;
	struct msg **q;              /* a ring of qcap slots, grown on demand */
	int qhead, qn, qcap;
	size_t qbytes;
	char *rx;
	size_t rxlen;
	int close_code, flush;          /* flush: send what is queued first */
	const char *close_reason;       /* a static string */
	struct conn *next;
};

struct session {
	char id[UUID_STR_LEN], org_id[UUID_STR_LEN], call_id[UUID_STR_LEN];
	char rep_id[UUID_STR_LEN], rep_name[256];
	int64_t started_at;
	struct script_model *model;
	struct analyzer *an;
	char **seen;            /* segment ids, open addressing */
	size_t seen_cap, nseen;
	int64_t last_start;
	int64_t rep_gone_since;  /* the rep's last connection left; 0 while present */
	int ending;              /* an automatic end is on a worker */
	struct live_audio *audio;/* the rep's streamed audio, once some came */
	int audio_channels;      /* audio_format: 1 (default) or 2 */
	struct session *next;
};

struct inbox_item {
	int kind; /* 0 started, 1 ended, 2 notification */
	char a[UUID_STR_LEN], b[UUID_STR_LEN];
	cJSON *doc;
	struct inbox_item *next;
};

static struct server *g_srv;
static struct db *g_db;
static struct analysis_ctx *g_actx;
static struct conn *g_conns;
static struct session *g_sessions;
static pthread_mutex_t g_inbox_lock = PTHREAD_MUTEX_INITIALIZER;
static struct inbox_item *g_inbox, **g_inbox_tail = &g_inbox;

size_t live_conn_size(void)
{
	return sizeof(struct conn);
}

/* ---- outgoing messages ---- */

static struct msg *msg_new(const char *event, cJSON *data)
{
	cJSON *o = cJSON_CreateObject();
	char *text;
	struct msg *m;
	size_t n;

	cJSON_AddStringToObject(o, "event", event);
	cJSON_AddItemToObject(o, "data", data ? data : cJSON_CreateObject());
	text = json_print(o);
	cJSON_Delete(o);
	n = strlen(text);
	m = xmalloc(sizeof *m + LWS_PRE + n);
	m->refs = 0;
	m->len = n;
	memcpy(m->data + LWS_PRE, text, n);
	free(text);
	return m;
}

static void msg_unref(struct msg *m)
{
	if (m && --m->refs <= 0)
		free(m);
}

static void conn_close(struct conn *c, int code, const char *reason, int flush)
{
	if (c->closing)
		return;
	c->closing = 1;
	c->flush = flush;
	c->close_code = code;
	c->close_reason = reason;
	lws_callback_on_writable(c->wsi);
}

static void send_msg(struct conn *c, struct msg *m)
{
	if (c->closing && !c->flush)
		return;
	if (c->qn >= LIVE_QUEUE_MAX || c->qbytes + m->len > LIVE_QUEUE_BYTES) {
		log_warn("live: closing a connection of %s: %d messages (%zu bytes) unread", c->who.id,
			 c->qn, c->qbytes);
		conn_close(c, 1008, "slow consumer", 0);
		return;
	}
	if (c->qn == c->qcap) { /* grow the ring, unrolling it */
		int cap = c->qcap ? c->qcap * 2 : 8, i;
		struct msg **q = xcalloc((size_t)cap, sizeof *q);
		for (i = 0; i < c->qn; i++)
			q[i] = c->q[(c->qhead + i) % c->qcap];
		free(c->q);
		c->q = q;
		c->qcap = cap;
		c->qhead = 0;
	}
	m->refs++;
	c->qbytes += m->len;
	c->q[(c->qhead + c->qn++) % c->qcap] = m;
	lws_callback_on_writable(c->wsi);
}

/* Send event to one connection (data taken). */
static void send_to(struct conn *c, const char *event, cJSON *data)
{
	struct msg *m = msg_new(event, data);

	m->refs++;
	send_msg(c, m);
	msg_unref(m);
}

static void send_error(struct conn *c, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void send_error(struct conn *c, const char *code, const char *fmt, ...)
{
	cJSON *d = cJSON_CreateObject();
	char text[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	cJSON_AddStringToObject(d, "message", text);
	cJSON_AddStringToObject(d, "code", code);
	send_to(c, "error", d);
}

static int joined(const struct conn *c, const struct session *s)
{
	int i;

	for (i = 0; i < c->njoined; i++)
		if (c->joined[i] == s)
			return 1;
	return 0;
}

/* Send to every participant of s; who: 0 all, 1 the rep's connections, 2
 * everyone but the rep.  except may be NULL. */
static void fanout(struct session *s, int who, const struct conn *except, const char *event,
		   cJSON *data)
{
	struct msg *m = msg_new(event, data);
	struct conn *c;

	m->refs++;
	for (c = g_conns; c; c = c->next) {
		int is_rep;
		if (c == except || !c->authed || !joined(c, s))
			continue;
		is_rep = !strcmp(c->who.id, s->rep_id);
		if ((who == 1 && !is_rep) || (who == 2 && is_rep))
			continue;
		send_msg(c, m);
	}
	msg_unref(m);
}

/* ---- durable writes, on the worker pool ---- */

struct write_job {
	int kind; /* 0 segment, 1 event, 2 notes */
	char session[UUID_STR_LEN], id[UUID_STR_LEN], user[UUID_STR_LEN];
	char speaker[128], role[16], kindname[24];
	int64_t a, b, at;
	char *text;
};

static void write_run(void *arg, void *state)
{
	struct write_job *w = arg;
	struct db *db = state;
	char id[UUID_STR_LEN];
	int rc = DB_ERROR;

	if (db && w->kind == 0)
		rc = store_live_segment(db, w->session, w->id, w->speaker, w->role, w->a, w->b,
					w->text, w->at);
	else if (db && w->kind == 1)
		rc = store_live_event(db, w->session, w->user[0] ? w->user : NULL, w->kindname, w->text,
				      w->at, id);
	else if (db && w->kind == 2)
		rc = store_live_set_notes(db, w->session, w->text, w->at);
	if (rc != DB_OK)
		log_error("live: storing a %s for session %s failed (%d)",
			  w->kind == 0 ? "segment" : w->kind == 1 ? w->kindname : "note", w->session, rc);
}

static void write_done(void *arg)
{
	struct write_job *w = arg;

	free(w->text);
	free(w);
}

static void store_async(struct write_job *w)
{
	if (jobs_submit(g_srv->jobs, write_run, write_done, w)) {
		log_error("live: worker queue full; a %s of session %s was not stored",
			  w->kind == 0 ? "segment" : "record", w->session);
		write_done(w);
	}
}

static void audit(const struct session *s, const char *user, const char *kind, cJSON *data)
{
	struct write_job *w = xcalloc(1, sizeof *w);

	w->kind = 1;
	memcpy(w->session, s->id, sizeof w->session);
	if (user)
		snprintf(w->user, sizeof w->user, "%s", user);
	snprintf(w->kindname, sizeof w->kindname, "%s", kind);
	w->text = json_print(data);
	w->at = time_now_ms();
	cJSON_Delete(data);
	store_async(w);
}

/* ---- sessions ---- */

static void session_free(struct session *s)
{
	size_t i;

	for (i = 0; i < s->seen_cap; i++)
		free(s->seen[i]);
	free(s->seen);
	analyzer_free(s->an);
	script_model_free(s->model);
	live_audio_close(s->audio);
	free(s);
}

/* 1 when id was new (and is now remembered), 0 when seen before. */
static int seen_add(struct session *s, const char *id)
{
	size_t i, h = 5381;
	const char *p;

	if ((s->nseen + 1) * 2 > s->seen_cap) {
		size_t cap = s->seen_cap ? s->seen_cap * 2 : 256, k;
		char **v = xcalloc(cap, sizeof *v);
		for (k = 0; k < s->seen_cap; k++) {
			if (!s->seen[k])
				continue;
			for (h = 5381, p = s->seen[k]; *p; p++)
				h = h * 33 + (unsigned char)*p;
			for (i = h & (cap - 1); v[i]; i = (i + 1) & (cap - 1))
				;
			v[i] = s->seen[k];
		}
		free(s->seen);
		s->seen = v;
		s->seen_cap = cap;
	}
	for (h = 5381, p = id; *p; p++)
		h = h * 33 + (unsigned char)*p;
	for (i = h & (s->seen_cap - 1); s->seen[i]; i = (i + 1) & (s->seen_cap - 1))
		if (!strcmp(s->seen[i], id))
			return 0;
	s->seen[i] = xstrdup(id);
	s->nseen++;
	return 1;
}

static struct session *session_find(const char *id)
{
	struct session *s;

	for (s = g_sessions; s; s = s->next)
		if (!strcmp(s->id, id))
			return s;
	return NULL;
}

/* The active session id, loaded with its script; NULL when it does not
 * exist or has ended (*why says which). */
static struct session *session_load(const char *id, const char **why)
{
	struct live_row r;
	struct session *s = session_find(id);
	struct scope org = { .kind = SCOPE_ORG };
	struct script_filter f = { .has_active = 1, .active = 1, .page = 1, .limit = 1 };
	struct user_row u;
	cJSON *items = NULL, *segs = NULL, *it;
	int64_t total;
	char err[256];

	*why = "SESSION_NOT_FOUND";
	if (s)
		return s;
	if (!uuid_valid(id) || store_live_get(g_db, id, &r) != DB_ROW)
		return NULL;
	if (strcmp(r.status, "active")) {
		*why = "SESSION_ENDED";
		return NULL;
	}
	s = xcalloc(1, sizeof *s);
	memcpy(s->id, r.id, sizeof s->id);
	memcpy(s->org_id, r.org_id, sizeof s->org_id);
	memcpy(s->call_id, r.call_id, sizeof s->call_id);
	memcpy(s->rep_id, r.rep_id, sizeof s->rep_id);
	s->started_at = r.started_at;
	if (store_user_by_id(g_db, r.rep_id, &u) == DB_ROW)
		snprintf(s->rep_name, sizeof s->rep_name, "%s", u.email);
	memcpy(org.org_id, r.org_id, sizeof org.org_id);
	if (store_scripts_list(g_db, &org, &f, &items, &total) == DB_OK && cJSON_GetArraySize(items))
		s->model = script_model_new(g_actx, cJSON_GetArrayItem(items, 0), err, sizeof err);
	cJSON_Delete(items);
	if (!s->model)
		s->model = script_model_new(g_actx, NULL, err, sizeof err);
	s->an = analyzer_new(g_actx, s->model);
	/* a session that was running before a restart picks up its segments */
	if (store_live_segments(g_db, id, &segs) == DB_OK) {
		struct analysis_event ev[ANALYSIS_MAX_EVENTS];
		cJSON_ArrayForEach(it, segs) {
			const char *role = json_str(it, "role");
			int64_t a = (int64_t)cJSON_GetNumberValue(json_get(it, "startMs"));
			seen_add(s, json_str(it, "segmentId"));
			if (a < s->last_start)
				a = s->last_start;
			analyzer_feed(s->an, role && !strcmp(role, "rep") ? SPK_REP : SPK_CUSTOMER,
				      json_str(it, "speaker"), a,
				      (int64_t)cJSON_GetNumberValue(json_get(it, "endMs")),
				      json_str(it, "text"), ev);
			s->last_start = a;
		}
	}
	cJSON_Delete(segs);
	s->next = g_sessions;
	g_sessions = s;
	return s;
}

static void session_drop(struct session *s)
{
	struct session **pp;
	struct conn *c;
	int i;

	for (c = g_conns; c; c = c->next)
		for (i = 0; i < c->njoined; i++)
			if (c->joined[i] == s) {
				c->joined[i] = c->joined[--c->njoined];
				i--;
			}
	for (pp = &g_sessions; *pp; pp = &(*pp)->next)
		if (*pp == s) {
			*pp = s->next;
			break;
		}
	session_free(s);
}

/* May c's user watch or join s?  The rep of the call; managers, admins and
 * super admins who reach the rep. */
static int may_join(struct conn *c, const struct session *s)
{
	struct user_row u;

	if (!strcmp(c->who.id, s->rep_id))
		return 1;
	if (!(c->who.role & ROLES_MANAGERS))
		return 0;
	return authz_user_in_reach(g_db, &c->who, s->rep_id, &u) == AUTHZ_OK ||
	       (c->who.role & ROLES_ADMINS && authz_org_in_reach(g_db, &c->who, s->org_id, 0) == 1);
}

static int participants(const struct session *s)
{
	const struct conn *c;
	int n = 0;

	for (c = g_conns; c; c = c->next)
		n += c->authed && joined(c, s);
	return n;
}

/* participant_joined / participant_left, in sessions small enough that
 * announcing every arrival does not cost n^2 messages. */
static void presence(struct session *s, const struct conn *who, const char *event, cJSON *d)
{
	if (participants(s) <= LIVE_PRESENCE_ALL)
		fanout(s, 0, who, event, d);
	else
		cJSON_Delete(d);
}

/* Note the rep leaving s (conn c going away): the grace period starts when
 * no other connection of the rep remains in the session. */
static void rep_left(struct session *s, const struct conn *c)
{
	const struct conn *o;

	if (strcmp(c->who.id, s->rep_id))
		return;
	for (o = g_conns; o; o = o->next)
		if (o != c && o->authed && !o->closing && joined(o, s) && !strcmp(o->who.id, s->rep_id))
			return;
	s->rep_gone_since = time_now_ms();
}

static cJSON *analysis_update(struct session *s)
{
	cJSON *sc = analyzer_scorecard(s->an, s->rep_name, 0), *d = cJSON_CreateObject(), *x;

	cJSON_AddStringToObject(d, "sessionId", s->id);
	if ((x = cJSON_DetachItemFromObject(sc, "stages")))
		cJSON_AddItemToObject(d, "stages", x);
	if ((x = cJSON_DetachItemFromObject(sc, "metrics")))
		cJSON_AddItemToObject(d, "metrics", x);
	if ((x = cJSON_DetachItemFromObject(sc, "objections")))
		cJSON_AddItemToObject(d, "objections", x);
	if ((x = cJSON_DetachItemFromObject(sc, "forbidden")))
		cJSON_AddItemToObject(d, "alerts", x);
	if ((x = cJSON_DetachItemFromObject(sc, "performanceScore")))
		cJSON_AddItemToObject(d, "performanceScore", x);
	if ((x = cJSON_DetachItemFromObject(sc, "scriptCompliance")))
		cJSON_AddItemToObject(d, "scriptCompliance", x);
	cJSON_Delete(sc);
	return d;
}

/* ---- incoming events ---- */

static const char *sid_of(struct conn *c, const cJSON *data, struct session **out, int must_join)
{
	const char *id = json_str(data, "sessionId"), *why;
	struct session *s;

	if (!id) {
		send_error(c, "INVALID_MESSAGE", "sessionId is required");
		return NULL;
	}
	s = session_load(id, &why);
	if (!s) {
		send_error(c, why, "Live session not found or ended");
		return NULL;
	}
	if (must_join && !joined(c, s)) {
		send_error(c, "NOT_JOINED", "Join the session first");
		return NULL;
	}
	*out = s;
	return id;
}

static void on_join(struct conn *c, const cJSON *data)
{
	struct session *s;
	cJSON *d, *parts;
	struct conn *o;

	if (!sid_of(c, data, &s, 0))
		return;
	if (!may_join(c, s)) {
		send_error(c, "ACCESS_DENIED", "You may not join this session");
		return;
	}
	if (!strcmp(c->who.id, s->rep_id))
		s->rep_gone_since = 0; /* back within the grace period: the same session */
	if (!joined(c, s)) {
		if (c->njoined >= LIVE_MAX_JOINED) {
			send_error(c, "TOO_MANY_SESSIONS", "At most %d sessions per connection",
				   LIVE_MAX_JOINED);
			return;
		}
		c->joined[c->njoined++] = s;
		d = cJSON_CreateObject();
		cJSON_AddStringToObject(d, "sessionId", s->id);
		cJSON_AddStringToObject(d, "userId", c->who.id);
		cJSON_AddStringToObject(d, "role", role_str(c->who.role));
		presence(s, c, "participant_joined", cJSON_Duplicate(d, 1));
		audit(s, c->who.id, "joined", d);
	}
	d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "sessionId", s->id);
	json_add_str_or_null(d, "salesCallId", s->call_id[0] ? s->call_id : NULL);
	cJSON_AddStringToObject(d, "salesRepresentativeId", s->rep_id);
	parts = cJSON_AddArrayToObject(d, "participants");
	for (o = g_conns; o; o = o->next)
		if (o->authed && joined(o, s))
			cJSON_AddItemToArray(parts, cJSON_CreateString(o->who.id));
	cJSON_AddItemToObject(d, "analysis", analysis_update(s));
	send_to(c, "joined_live_session", d);
}

static void on_leave(struct conn *c, const cJSON *data)
{
	struct session *s;
	cJSON *d;
	int i;

	if (!sid_of(c, data, &s, 1))
		return;
	rep_left(s, c);
	for (i = 0; i < c->njoined; i++)
		if (c->joined[i] == s)
			c->joined[i] = c->joined[--c->njoined];
	d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "sessionId", s->id);
	cJSON_AddStringToObject(d, "userId", c->who.id);
	presence(s, c, "participant_left", cJSON_Duplicate(d, 1));
	audit(s, c->who.id, "left", d);
	send_to(c, "left_live_session", cJSON_CreateObject());
}

static const char *const alert_names[] = { "stage_covered", "objection_raised", "objection_handled",
					   "forbidden_phrase", "talk_ratio_high", "monologue_long" };

/* A segment of s's call, validated: stored once, analysed, fanned out
 * (data is the event's payload as watchers get it; consumed). */
static void ingest(struct session *s, const char *seg, const char *speaker, const char *role,
		   int64_t start, int64_t end, const char *text, cJSON *data)
{
	struct analysis_event ev[ANALYSIS_MAX_EVENTS];
	struct write_job *w;
	int n, i;

	w = xcalloc(1, sizeof *w);
	memcpy(w->session, s->id, sizeof w->session);
	snprintf(w->id, sizeof w->id, "%s", seg);
	snprintf(w->speaker, sizeof w->speaker, "%s", speaker);
	snprintf(w->role, sizeof w->role, "%s", role);
	w->a = start;
	w->b = end;
	w->text = xstrdup(text);
	w->at = time_now_ms();
	store_async(w);
	/* analyzer turns must not go back in time */
	if (start < s->last_start)
		start = s->last_start;
	if (end < start)
		end = start;
	s->last_start = start;
	n = analyzer_feed(s->an, !strcmp(role, "rep") ? SPK_REP : SPK_CUSTOMER, speaker, start, end,
			  text, ev);
	fanout(s, 0, NULL, "transcript_segment", data);
	fanout(s, 0, NULL, "live_analysis", analysis_update(s));
	for (i = 0; i < n; i++) {
		cJSON *al = cJSON_CreateObject();
		char m[200];

		cJSON_AddStringToObject(al, "sessionId", s->id);
		cJSON_AddStringToObject(al, "kind", alert_names[ev[i].kind]);
		snprintf(m, sizeof m, "%s: %s", alert_names[ev[i].kind], ev[i].id ? ev[i].id : "");
		cJSON_AddStringToObject(al, "message", m);
		json_add_str_or_null(al, "id", ev[i].id);
		cJSON_AddNumberToObject(al, "atMs", (double)ev[i].at_ms);
		cJSON_AddNumberToObject(al, "value", ev[i].value);
		fanout(s, 0, NULL, "alert", al);
	}
}

/* The joined session data names, when c is its rep; else NULL after
 * telling c (what: "transcript segments", "audio"). */
static struct session *rep_session(struct conn *c, const cJSON *data, const char *what)
{
	struct session *s;

	if (!sid_of(c, data, &s, 1))
		return NULL;
	if (strcmp(c->who.id, s->rep_id)) {
		send_error(c, "ACCESS_DENIED", "Only the session's rep sends %s", what);
		return NULL;
	}
	return s;
}

static void on_segment(struct conn *c, const cJSON *data)
{
	const char *seg = json_str(data, "segmentId"), *speaker = json_str(data, "speaker");
	const char *role = json_str(data, "role"), *text = json_str(data, "text");
	const cJSON *a = json_get(data, "startMs"), *b = json_get(data, "endMs");
	struct session *s = rep_session(c, data, "transcript segments");

	if (!s)
		return;
	if (!seg || !uuid_valid(seg) || !text || !*text || strlen(text) > LIVE_MAX_TEXT ||
	    !cJSON_IsNumber(a) || !cJSON_IsNumber(b) || a->valuedouble < 0 ||
	    b->valuedouble < a->valuedouble || b->valuedouble > 86400000.0 ||
	    (role && strcmp(role, "rep") && strcmp(role, "customer"))) {
		send_error(c, "INVALID_SEGMENT", "A segment needs a UUID segmentId, text (at most %d"
			   " bytes), startMs <= endMs and role rep or customer", LIVE_MAX_TEXT);
		return;
	}
	if (!seen_add(s, seg)) {
		send_to(c, "segment_duplicate", cJSON_CreateString(seg));
		return;
	}
	if (s->nseen > LIVE_MAX_SEGMENTS) {
		send_error(c, "SESSION_TOO_LONG", "At most %d segments per session", LIVE_MAX_SEGMENTS);
		return;
	}
	if (!role)
		role = "rep";
	if (!speaker || !*speaker || strlen(speaker) > 100)
		speaker = !strcmp(role, "rep") ? "Rep" : "Customer";
	ingest(s, seg, speaker, role, (int64_t)a->valuedouble, (int64_t)b->valuedouble, text,
	       cJSON_Duplicate(data, 1));
}

/* ---- audio from the rep (live_audio.h) ---- */

/* The session c streams audio for: the one it joined as the rep. */
static struct session *audio_session(struct conn *c)
{
	for (int i = 0; i < c->njoined; i++)
		if (!strcmp(c->joined[i]->rep_id, c->who.id))
			return c->joined[i];
	return NULL;
}

static void on_audio(struct conn *c, struct session *s, const void *pcm, size_t n)
{
	char why[300];

	if (!s) {
		send_error(c, "NOT_IN_SESSION", "Join your live session as its rep before sending audio");
		return;
	}
	if (!s->audio) {
		s->audio = live_audio_new(g_srv, transcription_backend_for(g_srv, g_db, s->org_id),
					  s->id, s->audio_channels ? s->audio_channels : 1,
					  time_now_ms() - s->started_at, why, sizeof why);
		if (!s->audio) {
			send_error(c, "AUDIO_NOT_SUPPORTED", "%s", why);
			return;
		}
		log_info("live session %s: transcribing the rep's audio", s->id);
	}
	if (live_audio_push(s->audio, pcm, n, why, sizeof why))
		send_error(c, "AUDIO_OVERFLOW", "%s", why);
}

static void on_audio_stream(struct conn *c, const cJSON *data)
{
	const char *chunk = json_str(data, "chunk");
	struct session *s;
	unsigned char *pcm;
	size_t n = 0;

	if (!(s = rep_session(c, data, "audio")))
		return;
	if (!chunk) {
		send_error(c, "INVALID_AUDIO", "audio_stream needs chunk: base64 of s16le 16 kHz mono PCM");
		return;
	}
	pcm = xmalloc(strlen(chunk) / 4 * 3 + 3);
	if (sodium_base642bin(pcm, strlen(chunk) / 4 * 3 + 3, chunk, strlen(chunk), "\n\r ", &n,
			      NULL, sodium_base64_VARIANT_ORIGINAL))
		send_error(c, "INVALID_AUDIO", "chunk is not base64");
	else
		on_audio(c, s, pcm, n);
	free(pcm);
}

void live_audio_segment(const char *session_id, const char *role, int64_t start_ms,
			int64_t end_ms, const char *text)
{
	struct session *s = session_find(session_id);
	const char *speaker;
	char id[UUID_STR_LEN];
	cJSON *d;

	if (!s || !text || !*text || s->nseen >= LIVE_MAX_SEGMENTS)
		return;
	if (start_ms < 0)
		start_ms = 0;
	uuid_v4(id);
	seen_add(s, id);
	speaker = !strcmp(role, "rep") ? s->rep_name : "Customer";
	d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "sessionId", s->id);
	cJSON_AddStringToObject(d, "segmentId", id);
	cJSON_AddStringToObject(d, "speaker", speaker);
	cJSON_AddStringToObject(d, "role", role);
	cJSON_AddNumberToObject(d, "startMs", (double)start_ms);
	cJSON_AddNumberToObject(d, "endMs", (double)end_ms);
	cJSON_AddStringToObject(d, "text", text);
	cJSON_AddBoolToObject(d, "transcribed", 1);
	ingest(s, id, speaker, role, start_ms, end_ms, text, d);
}

/* The rep's connections of s get event with {sessionId}. */
static void to_rep(struct session *s, const char *event)
{
	cJSON *d = cJSON_CreateObject();

	cJSON_AddStringToObject(d, "sessionId", s->id);
	fanout(s, 1, NULL, event, d);
}

void live_audio_flushed(const char *session_id)
{
	struct session *s = session_find(session_id);

	if (s)
		to_rep(s, "audio_done");
}

static void on_audio_format(struct conn *c, const cJSON *data)
{
	const cJSON *ch = json_get(data, "channels"), *rate = json_get(data, "sampleRate");
	struct session *s;

	if (!(s = rep_session(c, data, "audio")))
		return;
	if ((ch && (!cJSON_IsNumber(ch) || (ch->valuedouble != 1 && ch->valuedouble != 2))) ||
	    (rate && (!cJSON_IsNumber(rate) || rate->valuedouble != 16000))) {
		send_error(c, "INVALID_AUDIO", "Audio is s16le at sampleRate 16000 with channels 1 (the"
			   " rep) or 2 (rep left, customer right)");
		return;
	}
	if (s->audio) {
		send_error(c, "AUDIO_FORMAT_LOCKED", "Set the audio format before sending audio");
		return;
	}
	s->audio_channels = ch ? (int)ch->valuedouble : 1;
	to_rep(s, "audio_format_set");
}

static void on_audio_end(struct conn *c, const cJSON *data)
{
	struct session *s;

	if (!(s = rep_session(c, data, "audio")))
		return;
	if (s->audio)
		live_audio_flush(s->audio);
	else
		to_rep(s, "audio_done");
}

void live_audio_failed(const char *session_id, const char *why)
{
	struct session *s = session_find(session_id);
	struct conn *c;

	if (!s)
		return;
	for (c = g_conns; c; c = c->next)
		if (c->authed && joined(c, s) && !strcmp(c->who.id, s->rep_id))
			send_error(c, "AUDIO_FAILED", "Speech to text failed: %.200s", why);
}

static void on_intervention(struct conn *c, const cJSON *data)
{
	static const char *const types[] = { "whisper", "suggestion", "alert", NULL };
	static const char *const prios[] = { "low", "medium", "normal", "high", "urgent", NULL };
	const char *msg = json_str(data, "message"), *type = json_str(data, "type");
	const char *prio = json_str(data, "priority");
	char id[UUID_STR_LEN];
	struct session *s;
	cJSON *d;
	int i, k;

	if (!sid_of(c, data, &s, 1))
		return;
	if (!strcmp(c->who.id, s->rep_id) || !(c->who.role & ROLES_MANAGERS)) {
		send_error(c, "ACCESS_DENIED", "Only managers send interventions");
		return;
	}
	if (!type)
		type = "whisper";
	if (!prio)
		prio = "medium";
	for (i = 0; types[i] && strcmp(types[i], type); i++)
		;
	for (k = 0; prios[k] && strcmp(prios[k], prio); k++)
		;
	if (!msg || !*msg || strlen(msg) > 2000 || !types[i] || !prios[k]) {
		send_error(c, "INVALID_INTERVENTION", "An intervention needs a message (at most 2000"
			   " bytes), type whisper|suggestion|alert and a known priority");
		return;
	}
	uuid_v4(id);
	d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "id", id);
	cJSON_AddStringToObject(d, "sessionId", s->id);
	cJSON_AddStringToObject(d, "fromUserId", c->who.id);
	cJSON_AddStringToObject(d, "from", c->who.email);
	cJSON_AddStringToObject(d, "type", type);
	cJSON_AddStringToObject(d, "priority", !strcmp(prio, "normal") ? "medium" : prio);
	cJSON_AddStringToObject(d, "message", msg);
	json_add_time(d, "at", time_now_ms(), 1);
	fanout(s, 1, NULL, "manager_intervention", cJSON_Duplicate(d, 1));
	send_to(c, "intervention_sent", cJSON_Duplicate(d, 1));
	audit(s, c->who.id, "intervention", d);
}

static void on_response(struct conn *c, const cJSON *data)
{
	const char *msg = json_str(data, "message"), *iid = json_str(data, "interventionId");
	struct session *s;
	cJSON *d;

	if (!sid_of(c, data, &s, 1))
		return;
	if (strcmp(c->who.id, s->rep_id)) {
		send_error(c, "ACCESS_DENIED", "Only the session's rep responds");
		return;
	}
	if (!msg || !*msg || strlen(msg) > 2000 || (iid && !uuid_valid(iid))) {
		send_error(c, "INVALID_RESPONSE", "A response needs a message (at most 2000 bytes)");
		return;
	}
	d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "sessionId", s->id);
	json_add_str_or_null(d, "interventionId", iid);
	cJSON_AddStringToObject(d, "message", msg);
	cJSON_AddStringToObject(d, "fromUserId", c->who.id);
	json_add_time(d, "at", time_now_ms(), 1);
	fanout(s, 2, NULL, "sales_rep_response", cJSON_Duplicate(d, 1));
	send_to(c, "response_sent", cJSON_Duplicate(d, 1));
	audit(s, c->who.id, "response", d);
}

static void on_notes(struct conn *c, const cJSON *data)
{
	const char *notes = json_str(data, "notes");
	struct write_job *w;
	struct session *s;
	cJSON *d;

	if (!sid_of(c, data, &s, 1))
		return;
	if (!strcmp(c->who.id, s->rep_id) || !(c->who.role & ROLES_MANAGERS)) {
		send_error(c, "ACCESS_DENIED", "Only managers write session notes");
		return;
	}
	if (!notes || strlen(notes) > LIVE_MAX_NOTE) {
		send_error(c, "INVALID_NOTES", "notes must be text of at most %d bytes", LIVE_MAX_NOTE);
		return;
	}
	w = xcalloc(1, sizeof *w);
	w->kind = 2;
	memcpy(w->session, s->id, sizeof w->session);
	w->text = xstrdup(notes);
	w->at = time_now_ms();
	store_async(w);
	d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "sessionId", s->id);
	cJSON_AddStringToObject(d, "notes", notes);
	cJSON_AddStringToObject(d, "byUserId", c->who.id);
	fanout(s, 2, NULL, "notes_updated", cJSON_Duplicate(d, 1));
	audit(s, c->who.id, "notes", d);
}

static void authenticate(struct conn *c, const char *token)
{
	const char *code, *msg;
	cJSON *d;
	int st = auth_token_principal(g_srv, g_db, token, &c->who, &code, &msg);

	if (st) {
		send_error(c, code, "%s", msg);
		conn_close(c, 1008, code, 1);
		return;
	}
	c->authed = 1;
	d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "userId", c->who.id);
	cJSON_AddStringToObject(d, "role", role_str(c->who.role));
	send_to(c, "authenticated", d);
}

static void on_message(struct conn *c, const char *text, size_t len)
{
	const char *err = NULL, *event;
	cJSON *doc = json_parse(text, len, 16, &err), *data;

	if (!cJSON_IsObject(doc) || !(event = json_str(doc, "event"))) {
		send_error(c, "INVALID_MESSAGE", "Messages are JSON objects {\"event\", \"data\"}%s%s",
			   err ? ": " : "", err ? err : "");
		cJSON_Delete(doc);
		return;
	}
	data = json_get(doc, "data");
	if (!strcmp(event, "authenticate")) {
		const char *tok = json_str(data, "token");
		if (c->authed)
			send_error(c, "ALREADY_AUTHENTICATED", "Already authenticated");
		else if (!tok)
			send_error(c, "TOKEN_MISSING", "authenticate needs {\"token\"}");
		else
			authenticate(c, tok);
	} else if (!c->authed) {
		send_error(c, "AUTHENTICATION_REQUIRED", "Authenticate first");
	} else if (!strcmp(event, "join_live_session")) {
		on_join(c, data);
	} else if (!strcmp(event, "leave_live_session")) {
		on_leave(c, data);
	} else if (!strcmp(event, "transcript_segment")) {
		on_segment(c, data);
	} else if (!strcmp(event, "manager_intervention")) {
		on_intervention(c, data);
	} else if (!strcmp(event, "sales_rep_response")) {
		on_response(c, data);
	} else if (!strcmp(event, "session_notes")) {
		on_notes(c, data);
	} else if (!strcmp(event, "subscribe_org")) {
		if (!(c->who.role & ROLES_MANAGERS)) {
			send_error(c, "ACCESS_DENIED", "Only managers and admins subscribe to live sessions");
		} else {
			c->subscribed = 1;
			send_to(c, "subscribed", cJSON_CreateObject());
		}
	} else if (!strcmp(event, "audio_stream")) {
		on_audio_stream(c, data);
	} else if (!strcmp(event, "audio_end")) {
		on_audio_end(c, data);
	} else if (!strcmp(event, "audio_format")) {
		on_audio_format(c, data);
	} else {
		send_error(c, "UNKNOWN_EVENT", "Unknown event \"%.60s\"", event);
	}
	cJSON_Delete(doc);
}

/* ---- abandoned sessions ---- */

struct end_job {
	char id[UUID_STR_LEN];
};

static void end_run(void *arg, void *state)
{
	struct end_job *j = arg;
	struct request *r = request_new();
	struct live_row l;
	cJSON *sc = NULL;

	r->db = state;
	r->srv = g_srv;
	if (r->db && store_live_get(r->db, j->id, &l) == DB_ROW && !strcmp(l.status, "active")) {
		char ev[UUID_STR_LEN];
		if (live_finish(r, &l, &sc) == 0)
			log_info("live session %s ended: its rep did not come back within %d s", j->id,
				 g_srv->cfg.live_grace_s);
		store_live_event(r->db, j->id, NULL, "ended", "{\"reason\":\"rep disconnected\"}",
				 time_now_ms(), ev);
	}
	cJSON_Delete(sc);
	request_free(r);
}

static void end_done(void *arg)
{
	free(arg);
}

void live_tick(void)
{
	int64_t now = time_now_ms(), grace;
	struct session *s;

	if (!g_srv || g_srv->cfg.live_grace_s <= 0)
		return;
	grace = (int64_t)g_srv->cfg.live_grace_s * 1000;
	for (s = g_sessions; s; s = s->next) {
		struct end_job *j;

		if (!s->rep_gone_since || s->ending || now - s->rep_gone_since < grace)
			continue;
		j = xcalloc(1, sizeof *j);
		memcpy(j->id, s->id, sizeof j->id);
		if (jobs_submit(g_srv->jobs, end_run, end_done, j) == 0)
			s->ending = 1;
		else
			free(j);
	}
}

/* ---- the inbox from other threads ---- */

static void post(struct inbox_item *it)
{
	pthread_mutex_lock(&g_inbox_lock);
	*g_inbox_tail = it;
	g_inbox_tail = &it->next;
	pthread_mutex_unlock(&g_inbox_lock);
	if (g_srv && g_srv->lws_ctx)
		lws_cancel_service(g_srv->lws_ctx);
}

void live_post_started(const struct live_row *r)
{
	struct inbox_item *it = xcalloc(1, sizeof *it);

	it->kind = 0;
	memcpy(it->a, r->id, sizeof it->a);
	memcpy(it->b, r->org_id, sizeof it->b);
	it->doc = store_live_json(r);
	post(it);
}

void live_post_ended(const char *session_id, const char *org_id, cJSON *analysis)
{
	struct inbox_item *it = xcalloc(1, sizeof *it);

	it->kind = 1;
	snprintf(it->a, sizeof it->a, "%s", session_id);
	snprintf(it->b, sizeof it->b, "%s", org_id);
	it->doc = analysis;
	post(it);
}

void live_post_notification(const char *user_id, cJSON *notification)
{
	struct inbox_item *it = xcalloc(1, sizeof *it);

	it->kind = 2;
	snprintf(it->a, sizeof it->a, "%s", user_id);
	it->doc = notification;
	post(it);
}

/* Does c watch organization org (its own, or a branch for admins)? */
static int watches_org(struct conn *c, const char *org)
{
	return c->authed && c->subscribed &&
	       (c->who.role == ROLE_SUPER || !strcmp(c->who.org_id, org) ||
		((c->who.role & ROLES_ADMINS) && authz_org_in_reach(g_db, &c->who, org, 0) == 1));
}

void live_drain(void)
{
	struct inbox_item *list, *it;
	struct conn *c;

	pthread_mutex_lock(&g_inbox_lock);
	list = g_inbox;
	g_inbox = NULL;
	g_inbox_tail = &g_inbox;
	pthread_mutex_unlock(&g_inbox_lock);
	while ((it = list)) {
		list = it->next;
		if (it->kind == 0 || it->kind == 1) {
			struct session *s = session_find(it->a);
			cJSON *d = cJSON_CreateObject();

			cJSON_AddStringToObject(d, "sessionId", it->a);
			if (it->kind == 0)
				cJSON_AddItemToObject(d, "session", it->doc ? it->doc : cJSON_CreateNull());
			else
				cJSON_AddItemToObject(d, "analysis", it->doc ? it->doc : cJSON_CreateNull());
			it->doc = NULL;
			if (s && it->kind == 1)
				fanout(s, 0, NULL, "live_session_ended", cJSON_Duplicate(d, 1));
			for (c = g_conns; c; c = c->next)
				if (watches_org(c, it->b) && !(s && joined(c, s) && it->kind == 1))
					send_to(c, it->kind == 0 ? "live_session_started" : "live_session_ended",
						cJSON_Duplicate(d, 1));
			cJSON_Delete(d);
			if (s && it->kind == 1)
				session_drop(s);
		} else {
			for (c = g_conns; c; c = c->next)
				if (c->authed && !strcmp(c->who.id, it->a))
					send_to(c, "notification", cJSON_Duplicate(it->doc, 1));
		}
		cJSON_Delete(it->doc);
		free(it);
	}
}

/* ---- the lws protocol ---- */

static void conn_release(struct conn *c)
{
	struct conn **pp;

	while (c->qn) {
		msg_unref(c->q[c->qhead]);
		c->qhead = (c->qhead + 1) % c->qcap;
		c->qn--;
	}
	free(c->q);
	free(c->rx);
	c->q = NULL;
	c->rx = NULL;
	for (pp = &g_conns; *pp; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
}

static int on_established(struct lws *wsi, struct conn *c)
{
	char auth[4096];

	memset(c, 0, sizeof *c);
	c->wsi = wsi;
	{
		/* small messages must not wait for Nagle and delayed ACKs */
		int one = 1, fd = lws_get_socket_fd(wsi);
		if (fd >= 0)
			setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	}
	c->auth_deadline = time_now_ms() + LIVE_AUTH_MS;
	c->next = g_conns;
	g_conns = c;
	if (lws_hdr_copy(wsi, auth, sizeof auth, WSI_TOKEN_HTTP_AUTHORIZATION) > 7 &&
	    !strncasecmp(auth, "Bearer ", 7))
		authenticate(c, auth + 7);
	/* the deadline for an "authenticate" message */
	lws_set_timer_usecs(wsi, (lws_usec_t)LIVE_AUTH_MS * 1000);
	return 0;
}

static int on_receive(struct lws *wsi, struct conn *c, const void *in, size_t len)
{
	if (c->closing)
		return 0;
	if (lws_frame_is_binary(wsi)) {
		/* PCM goes straight to the session's audio, fragment by fragment */
		if (!c->authed) {
			if (lws_is_final_fragment(wsi))
				send_error(c, "NOT_AUTHENTICATED", "Authenticate before sending audio");
			return 0;
		}
		on_audio(c, audio_session(c), in, len);
		return 0;
	}
	if (c->rxlen + len > LIVE_MAX_MSG) {
		lws_close_reason(wsi, LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE,
				 (unsigned char *)"message too large", 17);
		return -1;
	}
	c->rx = xrealloc(c->rx, c->rxlen + len + 1);
	memcpy(c->rx + c->rxlen, in, len);
	c->rxlen += len;
	if (lws_is_final_fragment(wsi) && !lws_remaining_packet_payload(wsi)) {
		on_message(c, c->rx, c->rxlen);
		c->rxlen = 0;
	}
	return 0;
}

static int on_writeable(struct lws *wsi, struct conn *c)
{
	struct msg *m;

	if (c->closing && (!c->qn || !c->flush)) {
		lws_close_reason(wsi, (enum lws_close_status)c->close_code,
				 (unsigned char *)c->close_reason, strlen(c->close_reason));
		return -1;
	}
	if (!c->qn)
		return 0;
	m = c->q[c->qhead];
	if (lws_write(wsi, m->data + LWS_PRE, m->len, LWS_WRITE_TEXT) < (int)m->len)
		return -1;
	c->qhead = (c->qhead + 1) % c->qcap;
	c->qn--;
	c->qbytes -= m->len;
	msg_unref(m);
	if (!c->qn) { /* idle connections keep no ring */
		free(c->q);
		c->q = NULL;
		c->qcap = c->qhead = 0;
	}
	if (c->qn || c->closing)
		lws_callback_on_writable(wsi);
	return 0;
}

int live_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
		  size_t len)
{
	struct conn *c = user;
	char uri[256];

	switch (reason) {
	case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
		/* P9: upgrades are not routed by URL; only LIVE_PATH upgrades */
		if (lws_hdr_copy(wsi, uri, sizeof uri, WSI_TOKEN_GET_URI) <= 0 ||
		    strcmp(uri, LIVE_PATH) || atomic_load(&g_srv->draining))
			return 1;
		return 0;
	case LWS_CALLBACK_ESTABLISHED:
		return on_established(wsi, c);
	case LWS_CALLBACK_RECEIVE:
		return on_receive(wsi, c, in, len);
	case LWS_CALLBACK_SERVER_WRITEABLE:
		return on_writeable(wsi, c);
	case LWS_CALLBACK_TIMER:
		if (!c->authed && !c->closing) {
			send_error(c, "AUTHENTICATION_TIMEOUT", "No authentication within %d s",
				   LIVE_AUTH_MS / 1000);
			conn_close(c, 1008, "authentication timeout", 1);
		}
		return 0;
	case LWS_CALLBACK_CLOSED: {
		int i;
		for (i = 0; c->authed && i < c->njoined; i++) {
			cJSON *d = cJSON_CreateObject();
			rep_left(c->joined[i], c);
			cJSON_AddStringToObject(d, "sessionId", c->joined[i]->id);
			cJSON_AddStringToObject(d, "userId", c->who.id);
			presence(c->joined[i], c, "participant_left", cJSON_Duplicate(d, 1));
			cJSON_AddStringToObject(d, "reason", "disconnected");
			audit(c->joined[i], c->who.id, "left", d);
		}
		conn_release(c);
		return 0;
	}
	default:
		return 0;
	}
}

int live_init(struct server *srv)
{
	char *err = NULL;

	g_srv = srv;
	g_db = db_open(srv->cfg.db_path, srv->cfg.db_durable, &err);
	if (!g_db) {
		log_error("live hub: %s", err);
		free(err);
		return -1;
	}
	g_actx = analysis_ctx_new();
	if (!g_actx) {
		db_close(g_db);
		g_db = NULL;
		return -1;
	}
	return 0;
}

void live_fini(void)
{
	struct inbox_item *it;

	while (g_sessions)
		session_drop(g_sessions);
	while ((it = g_inbox)) {
		g_inbox = it->next;
		cJSON_Delete(it->doc);
		free(it);
	}
	g_inbox_tail = &g_inbox;
	analysis_ctx_free(g_actx);
	g_actx = NULL;
	db_close(g_db);
	g_db = NULL;
}
