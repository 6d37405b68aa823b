/*
 * store.h - the storage layer: every SQL statement salesand runs lives in a
 * store_*.c file, one per aggregate.  Store functions take the worker's
 * struct db, never see HTTP, and return db.h statuses: DB_OK (or DB_ROW
 * for "found"), DB_DONE for "not found", negative values for errors.
 * Objects returned as cJSON are in API shape (camelCase) and owned by the
 * caller.
 */
#ifndef SALESAN_STORE_H
#define SALESAN_STORE_H

#include "common/ids.h"
#include "db.h"
#include "password.h"
#include "validate.h"

#include <cJSON.h>
#include <stdint.h>

/* ---- visibility scopes (store_scope.c) ----
 * Which rows a caller may see, decided by authz.c and turned into SQL here.
 */
enum scope_kind {
	SCOPE_ALL,      /* super admin */
	SCOPE_ORG,      /* one organization */
	SCOPE_ORG_TREE, /* an organization and all its branches */
	SCOPE_TEAM,     /* a manager and their direct reports */
	SCOPE_SELF,     /* one user */
};

struct scope {
	enum scope_kind kind;
	char org_id[UUID_STR_LEN];
	char user_id[UUID_STR_LEN];
};

/* Append a WHERE condition (no leading AND) restricting org_col/user_col. */
void scope_sql(const struct scope *s, const char *org_col, const char *user_col, struct buf *sql);
/* Bind its parameters from idx; returns the next index, or -1. */
int scope_bind(const struct scope *s, struct db_stmt *st, int idx);

/* ---- users (store_users.c) ---- */
struct user_row {
	char id[UUID_STR_LEN];
	char email[256];
	char password_hash[PASSWORD_HASH_MAX];
	char role[24];
	char status[16];
	char org_id[UUID_STR_LEN];     /* "" when none */
	char org_status[16];           /* "" when no organization */
	char manager_id[UUID_STR_LEN];
};

struct new_user {
	const char *email;
	const char *password_hash;
	const char *first_name;
	const char *last_name;
	const char *phone;             /* may be NULL */
	const char *role;
	const char *org_id;            /* may be NULL */
	const char *manager_id;        /* may be NULL */
};

extern const struct field user_fields[];
extern const size_t user_nfields;

struct user_filter {
	const char *role, *status, *org_id; /* NULL: any */
	const char *email_key;              /* store_email_key() of an email, or NULL */
	int with_org;                       /* add "organization" {id, name, type} */
	int64_t page, limit;
};

/* The lower-cased form emails are unique by; malloc'd. */
char *store_email_key(const char *email);
int store_users_count(struct db *db, int64_t *n);
int store_users_list(struct db *db, const struct scope *s, const struct user_filter *f,
		     cJSON **items, int64_t *total);
/* Insert a user from validated values (including the hidden emailKey and
 * passwordHash).  DB_CONSTRAINT when the email is taken. */
int store_user_create(struct db *db, const struct fvals *v, int64_t now, char id_out[UUID_STR_LEN]);
/* Set the columns in v (validated) on user id.  DB_DONE when absent;
 * DB_CONSTRAINT when an email is taken. */
int store_user_update(struct db *db, const char *id, const struct fvals *v, int64_t now);
/* Look up by email (case-insensitive) or id. */
int store_user_by_email(struct db *db, const char *email, struct user_row *out);
int store_user_by_id(struct db *db, const char *id, struct user_row *out);
/* Insert; id_out receives the new id.  DB_CONSTRAINT when the email exists. */
int store_user_insert(struct db *db, const struct new_user *u, char id_out[UUID_STR_LEN]);
int store_user_set_password(struct db *db, const char *id, const char *hash);
int store_user_touch_login(struct db *db, const char *id, int64_t now_ms);
/* The user in API shape; with_org adds "organization" {id, name, type,
 * status, subscriptionPlan} or null. */
int store_user_json(struct db *db, const char *id, int with_org, cJSON **out);
/* Active users of org_id (for max_users). */
/* DB_ROW when user id is inside scope s, DB_DONE when not (or absent). */
int store_user_visible(struct db *db, const struct scope *s, const char *id);
/* 1 when ancestor_id is user_id or above it in the manager chain. */
int store_user_reports_to(struct db *db, const char *user_id, const char *ancestor_id);
/* Store (hash) or clear (NULL) a password-reset token hash with its expiry. */
int store_user_set_reset(struct db *db, const char *id, const char *hash, int64_t expires);
/* The user whose unexpired reset token hashes to hash. */
int store_user_by_reset(struct db *db, const char *hash, int64_t now, struct user_row *out);
/* Users within s: how many, and how many active. */
int store_users_count_scope(struct db *db, const struct scope *s, int64_t *total, int64_t *active);
int store_users_in_org(struct db *db, const char *org_id, int64_t *n);

/* ---- organizations (store_orgs.c) ---- */
struct org_row {
	char id[UUID_STR_LEN];
	char status[16];
	char parent_id[UUID_STR_LEN];
	int64_t max_users;
	int allow_self_registration;
	double alert_threshold;       /* settings.performanceAlertThreshold, default 0.6 */
	char speech_backend[16];      /* settings.speechBackend when valid, else "" */
	int has_children;
};

struct new_org {
	const char *name;
	const char *type;
	const char *subscription_plan;
	int64_t max_users;
	const char *timezone;
	const char *parent_id;        /* may be NULL */
};

extern const struct field org_fields[];
extern const size_t org_nfields;

struct org_filter {
	const char *status, *type, *parent_id; /* NULL: any */
	int64_t page, limit;                   /* limit 0: every row, by name */
};

int store_org_insert(struct db *db, const struct new_org *o, char id_out[UUID_STR_LEN]);
/* Organizations in API shape (with currentUsers) within scope s (SCOPE_ALL,
 * SCOPE_ORG or SCOPE_ORG_TREE). */
int store_orgs_list(struct db *db, const struct scope *s, const struct org_filter *f,
		    cJSON **items, int64_t *total);
int store_org_json(struct db *db, const struct scope *s, const char *id, cJSON **out);
int store_org_create(struct db *db, const struct fvals *v, int64_t now, char id_out[UUID_STR_LEN]);
int store_org_update(struct db *db, const char *id, const struct fvals *v, int64_t now);
/* {totalUsers, activeUsers, salesRepresentatives, managers, admins,
 * subscriptionActive, subscriptionPlan, maxUsers, currentUsers}. */
int store_org_stats(struct db *db, const char *id, cJSON **out);
int store_org_by_id(struct db *db, const char *id, struct org_row *out);
/* True (1) when org is ancestor_id itself or one of its branches, at any
 * depth; 0 when not; negative on error. */
int store_org_within(struct db *db, const char *org_id, const char *ancestor_id);
/* {id, name, type} of an organization. */
int store_org_brief_json(struct db *db, const char *id, cJSON **out);

/* Counts across every organization for the super admin:
 * {organizations:{total,active}, users:{total,active},
 *  salesCalls:{total,completed}, subscriptions:[{subscriptionPlan,count}]}. */
int store_system_stats(struct db *db, cJSON **out);

/* ---- refresh tokens (store_tokens.c) ---- */
struct token_row {
	char id[UUID_STR_LEN];
	char user_id[UUID_STR_LEN];
	char family_id[UUID_STR_LEN];
	int64_t expires_at;
	int revoked;
};

int store_token_insert(struct db *db, const char *user_id, const char *family_id,
		       const char *token_hash, int64_t expires_at, char id_out[UUID_STR_LEN]);
int store_token_find(struct db *db, const char *token_hash, struct token_row *out);
/* Mark id revoked and replaced; returns DB_OK only when it was still
 * active (so two racing refreshes cannot both succeed), else DB_DONE. */
int store_token_consume(struct db *db, const char *id, const char *replaced_by, int64_t now);
int store_token_revoke_family(struct db *db, const char *family_id, int64_t now);
int store_token_revoke_user(struct db *db, const char *user_id, int64_t now);

/* ---- sales scripts (store_scripts.c) ---- */
extern const struct field script_fields[];
extern const size_t script_nfields;

struct script_filter {
	int has_active, active;
	const char *category;
	int64_t page, limit;
};

/* Scripts within scope s (organization columns; SCOPE_SELF/TEAM match the
 * creator).  The default script first, then the most recently updated. */
int store_scripts_list(struct db *db, const struct scope *s, const struct script_filter *f,
		       cJSON **items, int64_t *total);
/* One script within s; out and org_out (its organization) may be NULL. */
int store_script_json(struct db *db, const struct scope *s, const char *id, cJSON **out,
		      char org_out[UUID_STR_LEN]);
int store_script_create(struct db *db, const struct fvals *v, int64_t now, char id_out[UUID_STR_LEN]);
int store_script_update(struct db *db, const char *id, const struct fvals *v, int64_t now);
int store_script_delete(struct db *db, const char *id);
/* Make every other script of org_id non-default. */
int store_script_clear_default(struct db *db, const char *org_id, const char *except_id);

/* ---- notifications (store_notifications.c) ---- */
extern const struct field notification_fields[];
extern const size_t notification_nfields;
extern const char *const *notification_types;      /* NULL-terminated */
extern const char *const *notification_priorities;

struct notification_filter {
	const char *user_id;       /* one recipient's own notifications, or */
	const struct scope *scope; /* every recipient within a scope (with "user") */
	int has_read, read;
	const char *type;
	const char *recipient;     /* narrow a scoped list to one user */
	int64_t page, limit;
};

/* Unexpired notifications, newest first; items may be NULL (count only). */
int store_notifications_list(struct db *db, const struct notification_filter *f, int64_t now,
			     cJSON **items, int64_t *total);
/* One notification, when user_id (if given) is its recipient. */
int store_notification_json(struct db *db, const char *id, const char *user_id, cJSON **out);
int store_notification_create(struct db *db, const struct fvals *v, int64_t now,
			      char id_out[UUID_STR_LEN]);
/* Mark one (id) or all (id NULL) of user_id's notifications read. */
int store_notifications_mark_read(struct db *db, const char *user_id, const char *id, int64_t now,
				  int64_t *changed);
int store_notification_delete(struct db *db, const char *user_id, const char *id);
int store_notification_mark_sent(struct db *db, const char *id, int64_t now);

/* ---- call statistics (store_analytics.c) ---- */
struct stats_filter {
	const struct scope *scope;
	const char *rep_id, *org_id;     /* NULL: any */
	int64_t start_ms, end_ms;        /* appointment date range, inclusive */
	int has_start, has_end;
};

enum stats_group { GROUP_NONE, GROUP_REP, GROUP_DAY, GROUP_ORG };

/* The sums behind every analytics figure, in this order. */
enum stat_col {
	ST_CALLS, ST_COMPLETED, ST_SALES, ST_REVENUE, ST_SALE_REVENUE, ST_DUR_SUM, ST_DUR_N,
	ST_SCORE_SUM, ST_SCORE_N, ST_COMPL_SUM, ST_COMPL_N,
};

struct stats {
	int64_t v[11]; /* indexed by enum stat_col; money in cents, scores in millionths */
};

struct stats_row {
	char key[40];  /* rep or organization id ("" for none) */
	int64_t day;   /* GROUP_DAY: days since the epoch */
	struct stats s;
};

struct stats_rows {
	struct stats_row *v;
	size_t n, alloc;
};

/* Aggregate the calls matching f, grouped by g (GROUP_NONE gives exactly
 * one row).  Rows are sorted by key (or day).  Release with
 * stats_rows_free. */
int store_stats(struct db *db, const struct stats_filter *f, enum stats_group g,
		struct stats_rows *out);
void stats_rows_free(struct stats_rows *r);
/* The top `limit` strengths/weaknesses/objections ("strength", "weakness",
 * "objection") of the matching calls as [{name, count}], most frequent
 * first. */
int store_facets_top(struct db *db, const struct stats_filter *f, const char *kind, int limit,
		     cJSON **out);

/* Analysed calls matching f by score tenth (count[0] is 0-10 %, ... count[9]
 * 90-100 %), and the sum and number of their talk ratios. */
struct score_hist {
	int64_t count[10];
	double talk_sum;
	int64_t talk_n;
};
int store_score_histogram(struct db *db, const struct stats_filter *f, struct score_hist *out);

/* Recompute every rollup from the calls themselves (after a restore or a
 * bulk load); *calls receives the number of calls counted. */
int store_rollups_rebuild(struct db *db, int64_t *calls);

/* Stored reports (the analytics table) within s, optionally of one user,
 * generated within f's dates and not expired, newest first. */
int store_reports_list(struct db *db, const struct scope *s, const char *user_id,
		       const struct stats_filter *f, int64_t now, int limit, cJSON **out);

/* ---- outbound webhooks (store_webhooks.c; delivery rules in webhooks.h) ---- */
int store_webhook_create(struct db *db, const char *org_id, const char *event, const char *url,
			 const char *secret, const char *source, const char *created_by,
			 int64_t now, char id_out[UUID_STR_LEN]);
/* Subscriptions within s (secrets never included). */
int store_webhooks_list(struct db *db, const struct scope *s, cJSON **out);
/* DB_ROW with *out, DB_DONE when absent or outside s. */
int store_webhook_json(struct db *db, const struct scope *s, const char *id, cJSON **out);
int store_webhook_delete(struct db *db, const char *id);
/* The newest `limit` deliveries of subscription id. */
int store_webhook_deliveries(struct db *db, const char *id, int limit, cJSON **out);
/* Record event (with data, copied) for org_id's active subscriptions to it,
 * one pending delivery each, in the caller's transaction: the event exists
 * exactly when the change that caused it was committed.  DB_OK when nobody
 * subscribed (nothing written). */
int store_event_emit(struct db *db, const char *org_id, const char *event, const cJSON *data,
		     int64_t now);

struct due_delivery {
	char id[UUID_STR_LEN + 8], webhook_id[UUID_STR_LEN], event_id[UUID_STR_LEN], event[40];
	char *url, *secret, *body; /* owned */
	int attempts;
	int64_t created_at;
};
/* At most max deliveries due at now: each the oldest pending one of its
 * (active) subscription.  *out is freed with due_deliveries_free. */
int store_deliveries_due(struct db *db, int64_t now, int max, struct due_delivery **out, int *n);
void due_deliveries_free(struct due_delivery *v, int n);
/* Record an attempt: status "delivered", "pending" (retry at next_at) or
 * "failed"; the subscription's consecutive failures are reset or counted,
 * and returned in *failures. */
int store_delivery_result(struct db *db, const struct due_delivery *d, const char *status,
			  long http_status, const char *error, int64_t next_at, int64_t now,
			  int64_t *failures);
/* "active" (failures reset) or "disabled" with a reason. */
int store_webhook_set_status(struct db *db, const char *id, const char *status, const char *reason,
			     int64_t now);
/* A subscription's organization, creator ("" when none) and event. */
int store_webhook_owner(struct db *db, const char *id, char org[UUID_STR_LEN],
			char created_by[UUID_STR_LEN], char event[40]);

/* The active admins of org (at most 50); *ids is malloc'd. */
int store_org_admins(struct db *db, const char *org, char (**ids)[UUID_STR_LEN], int *n);

/* ---- sales calls (store_calls.c) ---- */
extern const struct field call_fields[];
extern const size_t call_nfields;

enum call_order {
	ORDER_APPOINTMENT,  /* appointment date, newest first (the default) */
	ORDER_CREATED,      /* creation, newest first */
	ORDER_SCORE,        /* performance score, best first; unscored calls left out */
};

struct call_filter {
	const char *status, *outcome, *rep_id; /* NULL: any */
	const char *org_id;                    /* NULL: any */
	enum call_order order;
	int64_t start_ms, end_ms;
	int has_start, has_end;
	int64_t page, limit;
};

/* Calls changed in [since, until) (by updatedAt), for exports. */
struct export_filter {
	int64_t since_ms, until_ms;
	int has_since, has_until;
};

/* Call each(row, arg) for every call within s matching f, oldest change
 * first (then by id), one row in memory at a time; rows have the list's
 * shape.  each returns nonzero to stop early (then DB_OK is returned). */
int store_calls_each(struct db *db, const struct scope *s, const struct export_filter *f,
		     int (*each)(const cJSON *row, void *arg), void *arg);

/* The essentials of one call, for state changes and permission checks. */
struct call_row {
	char id[UUID_STR_LEN];
	char org_id[UUID_STR_LEN];
	char rep_id[UUID_STR_LEN];
	char status[16];
	int64_t start_ms;
	int has_start;
};

int store_calls_list(struct db *db, const struct scope *s, const struct call_filter *f,
		     cJSON **items, int64_t *total);
/* DB_ROW with *out, DB_DONE when absent or outside the scope. */
int store_call_json(struct db *db, const struct scope *s, const char *id, cJSON **out);
int store_call_row(struct db *db, const struct scope *s, const char *id, struct call_row *out);
/* The (first) call recorded as OtterAI recording_id, within s. */
int store_call_row_by_recording(struct db *db, const struct scope *s, const char *recording_id,
				struct call_row *out);
/* Insert the values v (validated; organization and ids decided by the
 * caller through v) as a new call; id_out receives the id. */
int store_call_insert(struct db *db, const struct fvals *v, int64_t now,
		      char id_out[UUID_STR_LEN]);
/* Set the columns in v on call id.  DB_DONE when it does not exist. */
int store_call_update(struct db *db, const char *id, const struct fvals *v, int64_t now);
int store_call_delete(struct db *db, const char *id);
/* A call's stored transcript (engine JSON), its plain text and its
 * analysis_data, each malloc'd or NULL when absent (analysis may be NULL
 * to skip it).  DB_ROW, or DB_DONE when no such call. */
int store_call_transcript(struct db *db, const char *id, char **json, char **text,
			  char **analysis);

/* ---- organization API keys (store_apikeys.c) ---- */
struct apikey_row {
	char id[UUID_STR_LEN];
	char org_id[UUID_STR_LEN];
	char org_status[16];
	unsigned scopes;               /* KEY_SCOPE_* bits */
	int revoked;
	int64_t last_used_at;          /* 0 when never */
};

/* ["zapier", ...] for KEY_SCOPE_* bits. */
cJSON *key_scopes_json(unsigned bits);
/* Record a key (its hash only).  scopes are KEY_SCOPE_* bits. */
int store_apikey_create(struct db *db, const char *org_id, const char *created_by,
			const char *name, const char *prefix, const char *key_hash, unsigned scopes,
			int64_t now, char id_out[UUID_STR_LEN]);
/* The unrevoked keys of the organizations within s, newest first. */
int store_apikeys_list(struct db *db, const struct scope *s, cJSON **items);
/* One key by id (revoked or not); DB_DONE when absent. */
int store_apikey_by_id(struct db *db, const char *id, struct apikey_row *out);
int store_apikey_by_hash(struct db *db, const char *key_hash, struct apikey_row *out);
/* Revoke; DB_DONE when absent or already revoked. */
int store_apikey_revoke(struct db *db, const char *id, int64_t now);
/* Note a use (written at most once a minute per key). */
int store_apikey_touch(struct db *db, const char *id, int64_t now);

/* ---- Zapier searches, triggers and ingestion (store_zapier.c) ---- */
/* Users within s (and org_id, role when given) whose name or email
 * contains query (case-insensitive; NULL: any), by first name, at most
 * 100, as Zapier dropdown items {id, label, value, firstName, ...}. */
int store_search_users(struct db *db, const struct scope *s, const char *org_id,
		       const char *role, const char *query, cJSON **out);
/* Organizations within s whose name contains query, by name, at most 100,
 * as {id, label, value, name, type}. */
int store_search_orgs(struct db *db, const struct scope *s, const char *query, cJSON **out);
/* Performance-alert notifications of users within s, newest first. */
struct alert_filter {
	const char *org_id, *alert_type; /* NULL: any */
	int64_t start_ms, end_ms;
	int has_start, has_end;
	int64_t limit;
};
int store_alerts_trigger(struct db *db, const struct scope *s, const struct alert_filter *f,
			 cJSON **out);
/* The call of org_id recorded as recording_id (an OtterAI meeting id);
 * DB_ROW with id_out, DB_DONE when none. */
int store_call_by_recording(struct db *db, const char *org_id, const char *recording_id,
			    char id_out[UUID_STR_LEN]);
/* The organization of stored report id ("" when it has none); DB_DONE
 * when there is no such report. */
int store_report_org(struct db *db, const char *id, char org[UUID_STR_LEN]);
/* Store a report row in the analytics table; expires after ttl_ms. */
int store_report_insert(struct db *db, const char *org_id, const char *user_id,
			const char *type, const char *name, const cJSON *data, int64_t now,
			int64_t ttl_ms, char id_out[UUID_STR_LEN]);

/* ---- uploaded files (store_files.c) ---- */
struct file_row {
	char id[UUID_STR_LEN];
	char key[64];
	char org_id[UUID_STR_LEN];
	char user_id[UUID_STR_LEN];    /* "" when the uploader is gone */
	char category[16];
	char related_id[UUID_STR_LEN]; /* "" when none */
	char content_type[128];
	char original_name[256];
	char description[1024];        /* truncated copy; "" when none */
	char etag[65];
	int64_t size;
	int64_t created_at;
};

/* Record an upload (row->id is set).  metadata holds the etag. */
int store_file_insert(struct db *db, struct file_row *row, const char *url, int64_t now);
/* An undeleted file by key; DB_DONE when none. */
int store_file_by_key(struct db *db, const char *key, struct file_row *out);
/* Soft-delete; DB_DONE when absent or already deleted. */
int store_file_delete(struct db *db, const char *key, int64_t now);
/* Undeleted files of the organizations within s (SCOPE_ALL, SCOPE_ORG,
 * SCOPE_ORG_TREE): how many and their bytes. */
int store_files_usage(struct db *db, const struct scope *s, int64_t *count, int64_t *bytes);

/* ---- live sessions (store_live.c) ---- */
struct live_row {
	char id[UUID_STR_LEN];
	char org_id[UUID_STR_LEN];
	char call_id[UUID_STR_LEN];
	char rep_id[UUID_STR_LEN];
	char status[16];
	int64_t started_at, ended_at;
};

int store_live_create(struct db *db, const char *org_id, const char *call_id, const char *rep_id,
		      int64_t now, char id_out[UUID_STR_LEN]);
/* The active session of a call; DB_DONE when none. */
int store_live_active_for_call(struct db *db, const char *call_id, struct live_row *out);
int store_live_get(struct db *db, const char *id, struct live_row *out);
/* Active sessions whose rep is within s, newest first, in API shape. */
int store_live_list(struct db *db, const struct scope *s, cJSON **items);
cJSON *store_live_json(const struct live_row *r);
/* The session's segments [{segmentId, speaker, role, startMs, endMs, text}]
 * and events [{id, userId, kind, data, at}], in order. */
int store_live_segments(struct db *db, const char *id, cJSON **out);
int store_live_events(struct db *db, const char *id, cJSON **out);
/* End it: status, end time and duration; DB_DONE when not active. */
int store_live_end(struct db *db, const char *id, int64_t now);
/* Record a segment once per segment id (a repeat is DB_OK, not a change). */
int store_live_segment(struct db *db, const char *session_id, const char *seg_id,
		       const char *speaker, const char *role, int64_t start_ms, int64_t end_ms,
		       const char *text, int64_t now);
int store_live_event(struct db *db, const char *session_id, const char *user_id,
		     const char *kind, const char *data_json, int64_t at, char id_out[UUID_STR_LEN]);
int store_live_set_notes(struct db *db, const char *id, const char *notes, int64_t now);

/* ---- organization integrations (store_integrations.c) ---- */

/* provider's configuration for org_id (a JSON object, malloc'd into
 * *config): DB_ROW, or DB_DONE when there is none. */
int store_integration_get(struct db *db, const char *org_id, const char *provider, char **config,
			  int64_t *updated_at);
int store_integration_put(struct db *db, const char *org_id, const char *provider,
			  const char *config, const char *by, int64_t now);
/* DB_OK, or DB_DONE when there was none. */
int store_integration_delete(struct db *db, const char *org_id, const char *provider);

/* Remember a signed delivery (provider, digest) received at now, forgetting
 * those older than keep_ms: 1 when it is new, 0 when it was seen before,
 * negative on a database error.  store_integrations.c. */
int store_receipt_new(struct db *db, const char *provider, const char *digest, int64_t now,
		      int64_t keep_ms);

/* ---- recordings (store_recordings.c) ---- */

struct recording_row {
	char call_id[UUID_STR_LEN];
	char org_id[UUID_STR_LEN];
	char file_key[64];
	char uploaded_by[UUID_STR_LEN];
	char status[16];              /* queued, transcribing, done, failed */
	char backend[16];
	char error[256];
	int64_t duration_ms, created_at, updated_at, finished_at;
	int channels, sample_rate, segments, speakers_estimated;
};

/* Record (or replace) call r->call_id's recording as queued. */
int store_recording_put(struct db *db, const struct recording_row *r, int64_t now);
/* DB_ROW with *out, or DB_DONE. */
int store_recording_get(struct db *db, const char *call_id, struct recording_row *out);
/* Move a recording to status (with error text, or NULL); done and failed
 * also record segments, speakers_estimated and finished_at.  DB_DONE when
 * the recording is gone or was replaced after started_at (from_status no
 * longer matches). */
int store_recording_set(struct db *db, const char *call_id, const char *from_status,
			const char *status, const char *error, int segments, int estimated,
			int64_t now);
/* Call ids of recordings queued or being transcribed (to resume at start),
 * oldest first; *ids is malloc'd (caller frees), *n its length. */
int store_recordings_unfinished(struct db *db, char (**ids)[UUID_STR_LEN], int *n);

#endif
