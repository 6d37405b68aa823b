/*
 * migrate.c - the schema, as numbered migrations.
 *
 * Conventions (DESIGN.md "Storage"): UUID text ids, integer milliseconds
 * since the epoch for times, integer cents for money, reals in 0..1 for
 * scores, JSON documents in TEXT columns.  Enumerations are CHECKed in the
 * database as well as validated by the API.  The SQL sticks to what SQLite
 * and PostgreSQL share.
 *
 * Never edit a migration that has shipped: add a new one.
 */
#include "migrate.h"
#include "common/buf.h"
#include "common/timeutil.h"

#include <stdlib.h>

struct migration {
	int version;
	const char *name;
	const char *const *sql; /* statements, NULL-terminated */
};

static const char *const m1_initial[] = {
	"CREATE TABLE organizations ( id TEXT PRIMARY KEY, name TEXT NOT NULL, "
	"type TEXT NOT NULL DEFAULT 'headquarters'  CHECK (type IN ('branch','headquarters','subsidiary')), "
	"industry TEXT, size TEXT, website TEXT, phone TEXT, email TEXT, "
	"address TEXT, city TEXT, state TEXT, country TEXT, postal_code TEXT, "
	"timezone TEXT, "
	"status TEXT NOT NULL DEFAULT 'active'  CHECK (status IN ('active','inactive','suspended')), "
	"subscription_plan TEXT NOT NULL DEFAULT 'basic'  CHECK (subscription_plan IN ('beta','basic','professional','enterprise')), "
	"subscription_status TEXT NOT NULL DEFAULT 'active'  CHECK (subscription_status IN ('active','inactive','expired','cancelled')), "
	"subscription_start_date INTEGER, subscription_end_date INTEGER, "
	"subscription_expires_at INTEGER, "
	"max_users INTEGER NOT NULL DEFAULT 10 CHECK (max_users >= 0), "
	"settings TEXT NOT NULL DEFAULT '{}', "
	"otterai_config TEXT NOT NULL DEFAULT '{}', logo TEXT, "
	"currency TEXT NOT NULL DEFAULT 'USD', "
	"parent_organization_id TEXT REFERENCES organizations(id) ON DELETE SET NULL, "
	"created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);",
	"CREATE INDEX idx_organizations_parent ON organizations(parent_organization_id);",
	"CREATE INDEX idx_organizations_created ON organizations(created_at);",
	"CREATE INDEX idx_organizations_status ON organizations(status, "
	"created_at);",
	"CREATE INDEX idx_organizations_type ON organizations(type, created_at);",
	"CREATE INDEX idx_organizations_name ON organizations(name);",
	"CREATE TABLE users ( id TEXT PRIMARY KEY, email TEXT NOT NULL, "
	"email_key TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL, "
	"first_name TEXT NOT NULL, last_name TEXT NOT NULL, phone TEXT, "
	"role TEXT NOT NULL DEFAULT 'sales_representative'  CHECK (role IN ('sales_representative','sales_manager','admin','super_admin')), "
	"status TEXT NOT NULL DEFAULT 'active'  CHECK (status IN ('active','inactive','suspended')), "
	"organization_id TEXT REFERENCES organizations(id) ON DELETE SET NULL, "
	"manager_id TEXT REFERENCES users(id) ON DELETE SET NULL, "
	"last_login_at INTEGER, preferences TEXT NOT NULL DEFAULT '{}', "
	"profile_image_url TEXT, is_online INTEGER NOT NULL DEFAULT 0, "
	"device_token TEXT, reset_token_hash TEXT, reset_token_expires INTEGER, "
	"created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);",
	"CREATE INDEX idx_users_org ON users(organization_id, created_at);",
	"CREATE INDEX idx_users_manager ON users(manager_id);",
	"CREATE INDEX idx_users_role ON users(organization_id, role);",
	"CREATE INDEX idx_users_status ON users(organization_id, status);",
	"CREATE INDEX idx_users_created ON users(created_at);",
	"CREATE INDEX idx_users_reset ON users(reset_token_hash);",
	"CREATE TABLE live_sessions ( id TEXT PRIMARY KEY, "
	"organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE, "
	"sales_call_id TEXT, "
	"user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE, "
	"session_token TEXT NOT NULL UNIQUE, "
	"status TEXT NOT NULL DEFAULT 'active'  CHECK (status IN ('connecting','active','paused','ended')), "
	"started_at INTEGER NOT NULL, ended_at INTEGER, duration INTEGER, "
	"participants TEXT NOT NULL DEFAULT '[]', notes TEXT, "
	"created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);",
	"CREATE INDEX idx_live_sessions_org ON live_sessions(organization_id, "
	"status);",
	"CREATE INDEX idx_live_sessions_call ON live_sessions(sales_call_id);",
	"CREATE INDEX idx_live_sessions_user ON live_sessions(user_id);",
	"CREATE TABLE sales_calls ( id TEXT PRIMARY KEY, "
	"organization_id TEXT REFERENCES organizations(id) ON DELETE SET NULL, "
	"sales_representative_id TEXT REFERENCES users(id) ON DELETE SET NULL, "
	"manager_id TEXT REFERENCES users(id) ON DELETE SET NULL, "
	"customer_name TEXT, customer_phone TEXT, customer_email TEXT, "
	"appointment_date INTEGER NOT NULL, call_start_time INTEGER, "
	"call_end_time INTEGER, duration INTEGER, "
	"status TEXT NOT NULL DEFAULT 'scheduled'  CHECK (status IN ('scheduled','in_progress','completed','cancelled','no_show')), "
	"outcome TEXT  CHECK (outcome IS NULL OR outcome IN ('sale','no_sale','follow_up','rescheduled')), "
	"sale_amount_cents INTEGER CHECK (sale_amount_cents IS NULL OR sale_amount_cents >= 0), "
	"otterai_recording_id TEXT, recording_url TEXT, transcript_url TEXT, "
	"transcript_text TEXT, analysis_data TEXT NOT NULL DEFAULT '{}', "
	"performance_score REAL  CHECK (performance_score IS NULL OR (performance_score >= 0 AND performance_score <= 1)), "
	"strengths TEXT NOT NULL DEFAULT '[]', "
	"weaknesses TEXT NOT NULL DEFAULT '[]', "
	"recommendations TEXT NOT NULL DEFAULT '[]', "
	"script_compliance REAL  CHECK (script_compliance IS NULL OR (script_compliance >= 0 AND script_compliance <= 1)), "
	"key_topics_covered TEXT NOT NULL DEFAULT '[]', "
	"objections_handled TEXT NOT NULL DEFAULT '[]', "
	"customer_sentiment TEXT  CHECK (customer_sentiment IS NULL OR customer_sentiment IN ('positive','neutral','negative')), "
	"notes TEXT, tags TEXT NOT NULL DEFAULT '[]', "
	"is_live_monitored INTEGER NOT NULL DEFAULT 0, live_session_id TEXT, "
	"created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);",
	/* (…, appointment_date, id) matches the list order, so pages come
	 * straight off the index with no sort. */
	"CREATE INDEX idx_sales_calls_date ON sales_calls(appointment_date, id);",
	"CREATE INDEX idx_sales_calls_org_date ON sales_calls(organization_id, "
	"appointment_date, id);",
	"CREATE INDEX idx_sales_calls_rep_date ON sales_calls(sales_representative_id, "
	"appointment_date, id);",
	"CREATE INDEX idx_sales_calls_org_status ON sales_calls(organization_id, "
	"status, appointment_date, id);",
	"CREATE INDEX idx_sales_calls_org_outcome ON sales_calls(organization_id, "
	"outcome, appointment_date, id);",
	"CREATE INDEX idx_sales_calls_manager ON sales_calls(manager_id);",
	"CREATE INDEX idx_sales_calls_customer_email ON sales_calls(customer_email);",
	"CREATE INDEX idx_sales_calls_recording ON sales_calls(otterai_recording_id);",
	"CREATE INDEX idx_sales_calls_updated ON sales_calls(organization_id, "
	"updated_at);",
	/* Rollups of sales calls per organization, representative and day of
	 * the appointment, kept in the same transaction as every change to a
	 * call (store_calls.c), so analytics never scan calls.  Scores are
	 * summed in millionths to keep the arithmetic exact. */
	"CREATE TABLE call_rollups ( organization_id TEXT NOT NULL, "
	"rep_id TEXT NOT NULL, day INTEGER NOT NULL, "
	"calls INTEGER NOT NULL DEFAULT 0, completed INTEGER NOT NULL DEFAULT 0, "
	"sales INTEGER NOT NULL DEFAULT 0, revenue_cents INTEGER NOT NULL DEFAULT 0, "
	"sale_revenue_cents INTEGER NOT NULL DEFAULT 0, "
	"duration_sum INTEGER NOT NULL DEFAULT 0, duration_n INTEGER NOT NULL DEFAULT 0, "
	"score_sum INTEGER NOT NULL DEFAULT 0, score_n INTEGER NOT NULL DEFAULT 0, "
	"compliance_sum INTEGER NOT NULL DEFAULT 0, compliance_n INTEGER NOT NULL DEFAULT 0, "
	"PRIMARY KEY (organization_id, rep_id, day));",
	"CREATE INDEX idx_call_rollups_rep ON call_rollups(rep_id, day);",
	"CREATE INDEX idx_call_rollups_org_day ON call_rollups(organization_id, day);",
	/* Counts of the analysis results' strengths, weaknesses and handled
	 * objections, the same way. */
	"CREATE TABLE call_facets ( organization_id TEXT NOT NULL, "
	"rep_id TEXT NOT NULL, day INTEGER NOT NULL, kind TEXT NOT NULL, "
	"name TEXT NOT NULL, n INTEGER NOT NULL DEFAULT 0, "
	"PRIMARY KEY (organization_id, rep_id, day, kind, name));",
	"CREATE INDEX idx_call_facets_kind ON call_facets(organization_id, kind, day);",
	"CREATE TABLE sales_scripts ( id TEXT PRIMARY KEY, "
	"organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE, "
	"name TEXT NOT NULL, description TEXT, content TEXT NOT NULL DEFAULT '', "
	"category TEXT, tags TEXT NOT NULL DEFAULT '[]', "
	"version TEXT NOT NULL DEFAULT '1.0', "
	"is_active INTEGER NOT NULL DEFAULT 1, "
	"is_default INTEGER NOT NULL DEFAULT 0, "
	"stages TEXT NOT NULL DEFAULT '[]', "
	"objections TEXT NOT NULL DEFAULT '[]', "
	"forbidden TEXT NOT NULL DEFAULT '[]', "
	"created_by TEXT REFERENCES users(id) ON DELETE SET NULL, "
	"created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);",
	"CREATE INDEX idx_sales_scripts_org ON sales_scripts(organization_id, "
	"is_active, updated_at);",
	"CREATE INDEX idx_sales_scripts_category ON sales_scripts(organization_id, "
	"category);",
	"CREATE TABLE analytics ( id TEXT PRIMARY KEY, "
	"organization_id TEXT REFERENCES organizations(id) ON DELETE SET NULL, "
	"user_id TEXT REFERENCES users(id) ON DELETE SET NULL, "
	"report_type TEXT NOT NULL, report_name TEXT NOT NULL, "
	"report_data TEXT NOT NULL DEFAULT '{}', "
	"filters TEXT NOT NULL DEFAULT '{}', date_range TEXT, "
	"generated_at INTEGER NOT NULL, expires_at INTEGER, "
	"is_scheduled INTEGER NOT NULL DEFAULT 0, schedule_frequency TEXT, "
	"last_generated INTEGER, created_at INTEGER NOT NULL, "
	"updated_at INTEGER NOT NULL);",
	"CREATE INDEX idx_analytics_org ON analytics(organization_id, "
	"generated_at);",
	"CREATE INDEX idx_analytics_user ON analytics(user_id, generated_at);",
	"CREATE INDEX idx_analytics_type ON analytics(report_type);",
	"CREATE TABLE notifications ( id TEXT PRIMARY KEY, "
	"organization_id TEXT REFERENCES organizations(id) ON DELETE SET NULL, "
	"user_id TEXT REFERENCES users(id) ON DELETE CASCADE, "
	"type TEXT NOT NULL  CHECK (type IN ('call_started','call_completed','performance_alert', "
	"  'live_intervention','system_alert','reminder','achievement','coaching_tip', "
	"  'email','info')), title TEXT NOT NULL, message TEXT NOT NULL, "
	"data TEXT NOT NULL DEFAULT '{}', is_read INTEGER NOT NULL DEFAULT 0, "
	"is_sent INTEGER NOT NULL DEFAULT 0, sent_at INTEGER, read_at INTEGER, "
	"priority TEXT NOT NULL DEFAULT 'medium'  CHECK (priority IN ('low','medium','high','urgent')), "
	"expires_at INTEGER, action_url TEXT, related_entity_type TEXT, "
	"related_entity_id TEXT, created_at INTEGER NOT NULL, "
	"updated_at INTEGER NOT NULL);",
	"CREATE INDEX idx_notifications_user ON notifications(user_id, is_read, "
	"created_at);",
	"CREATE INDEX idx_notifications_org ON notifications(organization_id, "
	"created_at);",
	"CREATE INDEX idx_notifications_type ON notifications(user_id, type);",
	"CREATE TABLE files ( id TEXT PRIMARY KEY, "
	"organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE, "
	"user_id TEXT REFERENCES users(id) ON DELETE SET NULL, "
	"file_key TEXT NOT NULL UNIQUE, file_url TEXT NOT NULL, "
	"original_name TEXT NOT NULL, content_type TEXT, file_size INTEGER, "
	"category TEXT NOT NULL DEFAULT 'general'  CHECK (category IN ('sales-call','analytics','profile','general')), "
	"description TEXT, related_id TEXT, metadata TEXT NOT NULL DEFAULT '{}', "
	"is_deleted INTEGER NOT NULL DEFAULT 0, deleted_at INTEGER, "
	"created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);",
	"CREATE INDEX idx_files_org ON files(organization_id, is_deleted, "
	"created_at);",
	"CREATE INDEX idx_files_user ON files(user_id);",
	"CREATE INDEX idx_files_related ON files(related_id);",
	"CREATE TABLE refresh_tokens ( id TEXT PRIMARY KEY, "
	"user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE, "
	"family_id TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, "
	"created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, "
	"revoked_at INTEGER, replaced_by TEXT);",
	"CREATE INDEX idx_refresh_tokens_family ON refresh_tokens(family_id);",
	"CREATE INDEX idx_refresh_tokens_user ON refresh_tokens(user_id);",
	"CREATE INDEX idx_refresh_tokens_expires ON refresh_tokens(expires_at);",
	NULL
};

/* Organization API keys for integrations (Zapier, webhooks, export):
 * only a SHA-256 of the key is kept; prefix identifies it in listings. */
static const char *const m2_api_keys[] = {
	"CREATE TABLE api_keys ( id TEXT PRIMARY KEY, "
	"organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE, "
	"created_by TEXT REFERENCES users(id) ON DELETE SET NULL, "
	"name TEXT NOT NULL, prefix TEXT NOT NULL, key_hash TEXT NOT NULL UNIQUE, "
	"scopes TEXT NOT NULL DEFAULT '[\"zapier\"]', "
	"created_at INTEGER NOT NULL, last_used_at INTEGER, revoked_at INTEGER);",
	"CREATE INDEX idx_api_keys_org ON api_keys(organization_id, revoked_at);",
	NULL
};

/* A call's transcript in the engine's model (salesan JSON), beside the
 * plain text kept in transcript_text. */
static const char *const m3_transcripts[] = {
	"ALTER TABLE sales_calls ADD COLUMN transcript TEXT;",
	NULL
};

/* Live sessions: the transcript as it streamed (each segment once, by the
 * client's id) and an audit trail of joins, leaves, interventions,
 * responses and notes. */
static const char *const m4_live[] = {
	"CREATE TABLE live_segments ( id TEXT PRIMARY KEY, "
	"session_id TEXT NOT NULL REFERENCES live_sessions(id) ON DELETE CASCADE, "
	"speaker TEXT NOT NULL, role TEXT NOT NULL, start_ms INTEGER NOT NULL, "
	"end_ms INTEGER NOT NULL, text TEXT NOT NULL, created_at INTEGER NOT NULL);",
	"CREATE INDEX idx_live_segments_session ON live_segments(session_id, start_ms);",
	"CREATE TABLE live_events ( id TEXT PRIMARY KEY, "
	"session_id TEXT NOT NULL REFERENCES live_sessions(id) ON DELETE CASCADE, "
	"user_id TEXT, kind TEXT NOT NULL, data TEXT NOT NULL DEFAULT '{}', "
	"at INTEGER NOT NULL);",
	"CREATE INDEX idx_live_events_session ON live_events(session_id, at);",
	NULL
};

/* Recordings of sales calls and their transcription: one per call (a new
 * upload replaces it); the audio is a row of files. */
static const char *const m5_recordings[] = {
	"CREATE TABLE recordings ( call_id TEXT PRIMARY KEY "
	"REFERENCES sales_calls(id) ON DELETE CASCADE, "
	"organization_id TEXT NOT NULL, file_key TEXT NOT NULL, uploaded_by TEXT, "
	"status TEXT NOT NULL, error TEXT, backend TEXT NOT NULL, "
	"duration_ms INTEGER NOT NULL DEFAULT 0, channels INTEGER NOT NULL DEFAULT 1, "
	"sample_rate INTEGER NOT NULL DEFAULT 0, segments INTEGER NOT NULL DEFAULT 0, "
	"speakers_estimated INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL, "
	"updated_at INTEGER NOT NULL, finished_at INTEGER);",
	"CREATE INDEX idx_recordings_status ON recordings(status);",
	NULL
};

/* Per-organization settings of outside services (OtterAI's API URL and
 * key), secrets included: never returned by the API. */
static const char *const m6_integrations[] = {
	"CREATE TABLE org_integrations ( organization_id TEXT NOT NULL "
	"REFERENCES organizations(id) ON DELETE CASCADE, provider TEXT NOT NULL, "
	"config TEXT NOT NULL, updated_by TEXT, updated_at INTEGER NOT NULL, "
	"PRIMARY KEY (organization_id, provider));",
	NULL
};

/* Signed webhook deliveries already processed (replays are ignored). */
static const char *const m7_receipts[] = {
	"CREATE TABLE webhook_receipts ( provider TEXT NOT NULL, digest TEXT NOT NULL, "
	"received_at INTEGER NOT NULL, PRIMARY KEY (provider, digest));",
	"CREATE INDEX idx_webhook_receipts_at ON webhook_receipts(received_at);",
	NULL
};

/* Exports walk calls by their last change; Idempotency-Key replays; the
 * rep's talk ratio of an analysed call, for reports. */
static const char *const m8_export_idempotency[] = {
	"ALTER TABLE sales_calls ADD COLUMN talk_ratio REAL "
	"CHECK (talk_ratio IS NULL OR (talk_ratio >= 0 AND talk_ratio <= 1));",
	"DROP INDEX IF EXISTS idx_sales_calls_updated;",
	"CREATE INDEX idx_sales_calls_org_updated ON sales_calls(organization_id, updated_at, id);",
	"CREATE INDEX idx_sales_calls_updated_id ON sales_calls(updated_at, id);",
	"CREATE TABLE idempotency_keys ( principal TEXT NOT NULL, idem_key TEXT NOT NULL, "
	"method TEXT NOT NULL, path TEXT NOT NULL, status INTEGER NOT NULL, "
	"content_type TEXT NOT NULL, body TEXT NOT NULL, created_at INTEGER NOT NULL, "
	"PRIMARY KEY (principal, idem_key));",
	"CREATE INDEX idx_idempotency_created ON idempotency_keys(created_at);",
	NULL
};

/* Outbound webhooks: subscriptions, the event outbox (written in the
 * transaction of the change) and one delivery per subscription and event. */
static const char *const m9_webhooks[] = {
	"CREATE TABLE webhooks ( id TEXT PRIMARY KEY, "
	"organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE, "
	"event TEXT NOT NULL, target_url TEXT NOT NULL, secret TEXT NOT NULL, "
	"source TEXT NOT NULL DEFAULT 'api' CHECK (source IN ('api','zapier')), "
	"created_by TEXT, status TEXT NOT NULL DEFAULT 'active' "
	"CHECK (status IN ('active','disabled')), failures INTEGER NOT NULL DEFAULT 0, "
	"disabled_reason TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);",
	"CREATE INDEX idx_webhooks_org_event ON webhooks(organization_id, event, status);",
	"CREATE TABLE webhook_events ( id TEXT PRIMARY KEY, organization_id TEXT NOT NULL, "
	"event TEXT NOT NULL, payload TEXT NOT NULL, created_at INTEGER NOT NULL);",
	"CREATE INDEX idx_webhook_events_created ON webhook_events(created_at);",
	"CREATE TABLE webhook_deliveries ( id TEXT PRIMARY KEY, "
	"webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE, "
	"event_id TEXT NOT NULL REFERENCES webhook_events(id) ON DELETE CASCADE, "
	"seq INTEGER NOT NULL, status TEXT NOT NULL DEFAULT 'pending' "
	"CHECK (status IN ('pending','delivered','failed')), attempts INTEGER NOT NULL DEFAULT 0, "
	"next_at INTEGER NOT NULL, last_status INTEGER, last_error TEXT, "
	"created_at INTEGER NOT NULL, delivered_at INTEGER, UNIQUE (webhook_id, event_id));",
	"CREATE INDEX idx_webhook_deliveries_due ON webhook_deliveries(status, next_at);",
	"CREATE INDEX idx_webhook_deliveries_hook ON webhook_deliveries(webhook_id, status, seq);",
	NULL
};

static const struct migration migrations[] = {
	{ 1, "initial schema", m1_initial },
	{ 2, "api keys", m2_api_keys },
	{ 3, "call transcripts", m3_transcripts },
	{ 4, "live transcripts and audit", m4_live },
	{ 5, "recordings", m5_recordings },
	{ 6, "organization integrations", m6_integrations },
	{ 7, "webhook receipts", m7_receipts },
	{ 8, "export index, idempotency keys, talk ratio", m8_export_idempotency },
	{ 9, "webhooks", m9_webhooks },
};

#define N_MIGRATIONS (sizeof migrations / sizeof migrations[0])

int migrate_latest(void)
{
	return migrations[N_MIGRATIONS - 1].version;
}

int migrate_current(struct db *db)
{
	struct db_stmt *st;
	int v = 0, rc;

	if (db_exec(db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
			" version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
			" applied_at INTEGER NOT NULL)") != DB_OK)
		return -1;
	st = db_prepare(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
	if (!st)
		return -1;
	rc = db_step(st);
	if (rc == DB_ROW)
		v = (int)db_col_int(st, 0);
	db_done(st);
	return rc == DB_ROW ? v : -1;
}

static char *fail(struct db *db, const struct migration *m, const char *what)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "migration %d (%s) failed at %s: %s", m->version, m->name, what,
		 db_errmsg(db));
	return buf_detach(&b, NULL);
}

int migrate_apply(struct db *db, char **err)
{
	int cur = migrate_current(db), applied = 0;
	size_t i;

	if (cur < 0) {
		struct buf b = BUF_INIT;
		buf_addf(&b, "cannot read schema version: %s", db_errmsg(db));
		*err = buf_detach(&b, NULL);
		return -1;
	}
	if (cur > migrate_latest()) {
		struct buf b = BUF_INIT;
		buf_addf(&b, "database schema version %d is newer than this salesand "
			     "(knows up to %d); upgrade salesand", cur, migrate_latest());
		*err = buf_detach(&b, NULL);
		return -1;
	}
	for (i = 0; i < N_MIGRATIONS; i++) {
		const struct migration *m = &migrations[i];
		struct db_stmt *st;

		if (m->version <= cur)
			continue;
		if (db_begin(db) != DB_OK) {
			*err = fail(db, m, "BEGIN");
			return -1;
		}
		for (const char *const *q = m->sql; *q; q++) {
			if (db_exec(db, *q) != DB_OK) {
				*err = fail(db, m, *q);
				db_rollback(db);
				return -1;
			}
		}
		st = db_prepare(db, "INSERT INTO schema_migrations (version, name, applied_at)"
				    " VALUES (?, ?, ?)");
		if (!st || db_bind_int(st, 1, m->version) || db_bind_text(st, 2, m->name) ||
		    db_bind_int(st, 3, time_now_ms()) || db_run(st) != DB_OK) {
			*err = fail(db, m, "recording");
			db_rollback(db);
			return -1;
		}
		if (db_commit(db) != DB_OK) {
			*err = fail(db, m, "COMMIT");
			return -1;
		}
		applied++;
	}
	return applied;
}
