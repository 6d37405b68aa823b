#include "config.h"
#include "netguard.h"
#include "common/buf.h"
#include "common/conf.h"
#include "common/fsutil.h"
#include "common/ids.h"
#include "common/timeutil.h"
#include "common/xmalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MIN_SECRET 32

typedef int (*apply_fn)(struct srv_config *cfg, const char *v, struct buf *err);

struct setting {
	const char *name;  /* environment variable and config-file key */
	const char *flag;  /* long option, or NULL */
	int short_opt;     /* or 0 */
	const char *arg;   /* argument name for --help, NULL for a switch */
	const char *help;
	apply_fn apply;     /* validates and stores the value, or NULL with: */
	size_t str_at;      /* offsetof(struct srv_config, field) + 1: stored as given */
};

/* A setting taken as it is, into a char * field. */
#define STRING(field) NULL, offsetof(struct srv_config, field) + 1

static int parse_int(const char *v, long lo, long hi, long *out)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || end == v || *end || n < lo || n > hi)
		return -1;
	*out = n;
	return 0;
}

static void set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = xstrdup(v);
}

static int ap_host(struct srv_config *c, const char *v, struct buf *e)
{
	if (!*v || strlen(v) > 255) {
		buf_addstr(e, "must be a host name or address");
		return -1;
	}
	set_str(&c->host, v);
	return 0;
}

static int ap_port(struct srv_config *c, const char *v, struct buf *e)
{
	long n;

	if (parse_int(v, 0, 65535, &n)) {
		buf_addstr(e, "must be a port number 0..65535 (0 picks a free port)");
		return -1;
	}
	c->port = (int)n;
	return 0;
}

static int ap_port_file(struct srv_config *c, const char *v, struct buf *e)
{
	set_str(&c->port_file, v);
	return 0;
}

static int ap_data_dir(struct srv_config *c, const char *v, struct buf *e)
{
	if (!*v) {
		buf_addstr(e, "must not be empty");
		return -1;
	}
	set_str(&c->data_dir, v);
	return 0;
}

static int ap_db_path(struct srv_config *c, const char *v, struct buf *e)
{
	set_str(&c->db_path, v);
	return 0;
}

static int ap_bool(int *dst, const char *v, struct buf *e)
{
	if (!strcmp(v, "1") || !strcasecmp(v, "true") || !strcasecmp(v, "yes") ||
	    !strcasecmp(v, "on"))
		*dst = 1;
	else if (!strcmp(v, "0") || !strcasecmp(v, "false") || !strcasecmp(v, "no") ||
		 !strcasecmp(v, "off"))
		*dst = 0;
	else {
		buf_addstr(e, "must be true or false");
		return -1;
	}
	return 0;
}

static int ap_durable(struct srv_config *c, const char *v, struct buf *e)
{
	return ap_bool(&c->db_durable, v, e);
}

static int ap_secret(struct srv_config *c, const char *v, struct buf *e)
{
	size_t n = strlen(v);

	if (n < MIN_SECRET) {
		buf_addf(e, "must be at least %d bytes (got %zu); unset it to have "
			    "salesand generate one", MIN_SECRET, n);
		return -1;
	}
	free(c->jwt_secret);
	c->jwt_secret = (unsigned char *)xstrdup(v);
	c->jwt_secret_len = n;
	return 0;
}

static int ap_duration(int64_t *dst, const char *v, struct buf *e)
{
	if (time_parse_duration(v, dst)) {
		buf_addstr(e, "must be a duration like 900, 15m, 24h or 7d");
		return -1;
	}
	return 0;
}

static int ap_jwt_expires(struct srv_config *c, const char *v, struct buf *e)
{
	if (ap_duration(&c->jwt_ttl_s, v, e))
		return -1;
	set_str(&c->jwt_expires_in, v);
	return 0;
}

static int ap_refresh_expires(struct srv_config *c, const char *v, struct buf *e)
{
	return ap_duration(&c->refresh_ttl_s, v, e);
}

static int ap_log_level(struct srv_config *c, const char *v, struct buf *e)
{
	if (log_parse_level(v, &c->log_level)) {
		buf_addstr(e, "must be error, warn, info or debug");
		return -1;
	}
	return 0;
}

static int ap_log_file(struct srv_config *c, const char *v, struct buf *e)
{
	set_str(&c->log_file, v);
	return 0;
}

static int ap_node_env(struct srv_config *c, const char *v, struct buf *e)
{
	set_str(&c->node_env, v);
	return 0;
}

static int ap_cors(struct srv_config *c, const char *v, struct buf *e)
{
	if (!*v || strlen(v) > 4096 || strpbrk(v, "\r\n")) {
		buf_addstr(e, "must be * or a comma-separated list of origins");
		return -1;
	}
	set_str(&c->cors_origin, v);
	return 0;
}

static int ap_max_body(struct srv_config *c, const char *v, struct buf *e)
{
	long n;

	if (parse_int(v, 1024, 64L * 1024 * 1024, &n)) {
		buf_addstr(e, "must be a byte count between 1024 and 67108864");
		return -1;
	}
	c->max_body = (size_t)n;
	return 0;
}

static int ap_workers(struct srv_config *c, const char *v, struct buf *e)
{
	long n;

	if (parse_int(v, 1, 256, &n)) {
		buf_addstr(e, "must be 1..256");
		return -1;
	}
	c->workers = (int)n;
	return 0;
}

static int ap_queue(struct srv_config *c, const char *v, struct buf *e)
{
	long n;

	if (parse_int(v, 1, 1000000, &n)) {
		buf_addstr(e, "must be 1..1000000");
		return -1;
	}
	c->queue_max = (int)n;
	return 0;
}

static int ap_hashes(struct srv_config *c, const char *v, struct buf *e)
{
	long n;

	if (parse_int(v, 1, 64, &n)) {
		buf_addstr(e, "must be 1..64");
		return -1;
	}
	c->hash_concurrency = (int)n;
	return 0;
}

static int ap_timeout(struct srv_config *c, const char *v, struct buf *e)
{
	long n;

	if (parse_int(v, 1, 3600, &n)) {
		buf_addstr(e, "must be 1..3600 seconds");
		return -1;
	}
	c->request_timeout_s = (int)n;
	return 0;
}

static int ap_long(int64_t *dst, const char *v, long lo, long hi, struct buf *e)
{
	long n;

	if (parse_int(v, lo, hi, &n)) {
		buf_addf(e, "must be a whole number from %ld to %ld", lo, hi);
		return -1;
	}
	*dst = n;
	return 0;
}

static int ap_rate_window(struct srv_config *c, const char *v, struct buf *e)
{
	return ap_long(&c->rate_window_ms, v, 1000, 86400000L, e);
}

static int ap_rate_max(struct srv_config *c, const char *v, struct buf *e)
{
	return ap_long(&c->rate_max, v, 0, 1000000000L, e);
}

static int ap_rate_clients(struct srv_config *c, const char *v, struct buf *e)
{
	return ap_long(&c->rate_clients, v, 16, 10000000L, e);
}

static int ap_trust_proxy(struct srv_config *c, const char *v, struct buf *e)
{
	int64_t n;

	if (!strcasecmp(v, "false"))
		v = "0";
	else if (!strcasecmp(v, "true"))
		v = "1";
	if (ap_long(&n, v, 0, 10, e))
		return -1;
	c->trust_proxy = (int)n;
	return 0;
}

static int ap_login_max(struct srv_config *c, const char *v, struct buf *e)
{
	return ap_long(&c->login_max, v, 0, 1000000L, e);
}

static int ap_smtp_url(struct srv_config *c, const char *v, struct buf *e)
{
	if (strncmp(v, "smtp://", 7) && strncmp(v, "smtps://", 8)) {
		buf_addstr(e, "must start with smtp:// or smtps://");
		return -1;
	}
	set_str(&c->smtp_url, v);
	return 0;
}

static int ap_smtp_user(struct srv_config *c, const char *v, struct buf *e)
{
	set_str(&c->smtp_user, v);
	return 0;
}

static int ap_smtp_password(struct srv_config *c, const char *v, struct buf *e)
{
	set_str(&c->smtp_password, v);
	return 0;
}

static int ap_smtp_from(struct srv_config *c, const char *v, struct buf *e)
{
	if (strpbrk(v, "\r\n") || !strchr(v, '@')) {
		buf_addstr(e, "must be an address like \"Sales <noreply@example.com>\"");
		return -1;
	}
	set_str(&c->smtp_from, v);
	return 0;
}

static int ap_frontend(struct srv_config *c, const char *v, struct buf *e)
{
	if (strncmp(v, "http://", 7) && strncmp(v, "https://", 8)) {
		buf_addstr(e, "must be an http(s) URL");
		return -1;
	}
	set_str(&c->frontend_url, v);
	return 0;
}

static int ap_rebuild(struct srv_config *c, const char *v, struct buf *e)
{
	c->rebuild_rollups = 1;
	return 0;
}

static int ap_list_routes(struct srv_config *c, const char *v, struct buf *e)
{
	c->list_routes = 1;
	return 0;
}

static int ap_migrate(struct srv_config *c, const char *v, struct buf *e)
{
	c->migrate_only = 1;
	return 0;
}

static int ap_ssrf_allow(struct srv_config *c, const char *v, struct buf *e)
{
	struct netguard_allow *a = netguard_allow_parse(v, e);

	if (!a)
		return -1;
	netguard_allow_free(c->ssrf_allow);
	c->ssrf_allow = a;
	return 0;
}

static int ap_max_file(struct srv_config *c, const char *v, struct buf *e)
{
	long n;

	if (parse_int(v, 1, 4L * 1024 * 1024 * 1024, &n)) {
		buf_addstr(e, "must be a byte count between 1 and 4294967296");
		return -1;
	}
	c->max_file_size = n;
	return 0;
}

static int ap_otter_url(struct srv_config *c, const char *v, struct buf *e)
{
	if (strncmp(v, "http://", 7) && strncmp(v, "https://", 8)) {
		buf_addstr(e, "must be an http(s) URL");
		return -1;
	}
	set_str(&c->otterai_api_url, v);
	return 0;
}

static int ap_otter_timeout(struct srv_config *c, const char *v, struct buf *e)
{
	long n;

	if (parse_int(v, 100, 600000, &n)) {
		buf_addstr(e, "must be milliseconds between 100 and 600000");
		return -1;
	}
	c->otterai_timeout_ms = n;
	return 0;
}

static int ap_speech_backend(struct srv_config *c, const char *v, struct buf *e)
{
	if (strcmp(v, "pocketsphinx") && strcmp(v, "whisper-http") && strcmp(v, "none")) {
		buf_addstr(e, "must be pocketsphinx, whisper-http or none");
		return -1;
	}
	set_str(&c->speech_backend, v);
	return 0;
}

static int ap_speech_workers(struct srv_config *c, const char *v, struct buf *e)
{
	long n;

	if (parse_int(v, 1, 64, &n)) {
		buf_addstr(e, "must be 1..64");
		return -1;
	}
	c->speech_workers = (int)n;
	return 0;
}

static int ap_wh_base(struct srv_config *c, const char *v, struct buf *e)
{
	return ap_long(&c->webhook_retry_base_ms, v, 1, 3600000, e);
}

static int ap_wh_age(struct srv_config *c, const char *v, struct buf *e)
{
	return ap_long(&c->webhook_max_age_ms, v, 1, 30L * 86400000, e);
}

static int ap_wh_timeout(struct srv_config *c, const char *v, struct buf *e)
{
	return ap_long(&c->webhook_timeout_ms, v, 100, 600000, e);
}

static int ap_wh_failures(struct srv_config *c, const char *v, struct buf *e)
{
	return ap_long(&c->webhook_max_failures, v, 1, 100000, e);
}

static int ap_wh_private(struct srv_config *c, const char *v, struct buf *e)
{
	return ap_bool(&c->webhook_allow_private, v, e);
}

static int ap_speech_live(struct srv_config *c, const char *v, struct buf *e)
{
	long n;

	if (parse_int(v, 0, 1024, &n)) {
		buf_addstr(e, "must be 0..1024");
		return -1;
	}
	c->speech_live_max = (int)n;
	return 0;
}

static int ap_whisper_url(struct srv_config *c, const char *v, struct buf *e)
{
	if (strncmp(v, "http://", 7) && strncmp(v, "https://", 8)) {
		buf_addstr(e, "must be an http(s) URL");
		return -1;
	}
	set_str(&c->whisper_url, v);
	return 0;
}

static int ap_whisper_timeout(struct srv_config *c, const char *v, struct buf *e)
{
	long n;

	if (parse_int(v, 100, 3600000, &n)) {
		buf_addstr(e, "must be milliseconds between 100 and 3600000");
		return -1;
	}
	c->whisper_timeout_ms = (int)n;
	return 0;
}

static int ap_live_queue(struct srv_config *c, const char *v, struct buf *e)
{
	long n;

	if (parse_int(v, 16, 1000000, &n)) {
		buf_addstr(e, "must be a number of messages between 16 and 1000000");
		return -1;
	}
	c->live_queue_max = (int)n;
	return 0;
}

static int ap_live_grace(struct srv_config *c, const char *v, struct buf *e)
{
	long n;

	if (parse_int(v, 0, 86400, &n)) {
		buf_addstr(e, "must be seconds between 0 and 86400");
		return -1;
	}
	c->live_grace_s = (int)n;
	return 0;
}

static const struct setting settings[] = {
	{ "HOST", "host", 'H', "ADDR", "address to listen on (default 127.0.0.1)", ap_host, 0 },
	{ "PORT", "port", 'p', "N", "port to listen on (default 3000; 0 = any free port)", ap_port, 0 },
	{ "SALESAND_PORT_FILE", "port-file", 0, "FILE", "write the bound port to FILE once listening", ap_port_file, 0 },
	{ "SALESAN_DATA_DIR", "data-dir", 'd', "DIR", "data directory (default $XDG_DATA_HOME/salesan)", ap_data_dir, 0 },
	{ "DATABASE_PATH", "database", 0, "FILE", "SQLite database (default DIR/salesan.db)", ap_db_path, 0 },
	{ "DB_DURABLE", "durable", 0, "BOOL", "fsync every commit (survives power loss; slower)", ap_durable, 0 },
	{ "JWT_SECRET", NULL, 0, NULL, "JWT signing secret, at least 32 bytes (environment or file only)", ap_secret, 0 },
	{ "JWT_EXPIRES_IN", "jwt-expires-in", 0, "DUR", "access token lifetime (default 24h)", ap_jwt_expires, 0 },
	{ "JWT_REFRESH_EXPIRES_IN", "jwt-refresh-expires-in", 0, "DUR", "refresh token lifetime (default 7d)", ap_refresh_expires, 0 },
	{ "LOG_LEVEL", "log-level", 'l', "LEVEL", "error, warn, info or debug (default info)", ap_log_level, 0 },
	{ "LOG_FILE", "log-file", 0, "FILE", "also append log lines to FILE", ap_log_file, 0 },
	{ "NODE_ENV", "environment", 0, "NAME", "environment name reported by /health", ap_node_env, 0 },
	{ "CORS_ORIGIN", "cors-origin", 0, "ORIGINS", "* or comma-separated allowed origins (default *)", ap_cors, 0 },
	{ "MAX_BODY_SIZE", "max-body", 0, "BYTES", "largest JSON request body (default 1048576)", ap_max_body, 0 },
	{ "WORKERS", "workers", 'w', "N", "worker threads (default 4)", ap_workers, 0 },
	{ "QUEUE_MAX", "queue-max", 0, "N", "queued requests before answering 503 (default 1024)", ap_queue, 0 },
	{ "HASH_CONCURRENCY", "hash-concurrency", 0, "N", "simultaneous password hashes (default 2)", ap_hashes, 0 },
	{ "REQUEST_TIMEOUT", "request-timeout", 0, "SECS", "drop requests unanswered after SECS (default 30)", ap_timeout, 0 },
	{ "RATE_LIMIT_WINDOW_MS", "rate-limit-window", 0, "MS", "rate-limit window (default 900000)", ap_rate_window, 0 },
	{ "RATE_LIMIT_MAX_REQUESTS", "rate-limit-max", 0, "N", "requests per window per client address (default 100; 0 = off)", ap_rate_max, 0 },
	{ "RATE_LIMIT_MAX_CLIENTS", "rate-limit-clients", 0, "N", "client addresses tracked at most (default 65536)", ap_rate_clients, 0 },
	{ "TRUST_PROXY", "trust-proxy", 0, "HOPS", "proxies whose X-Forwarded-For to trust (default 0)", ap_trust_proxy, 0 },
	{ "LOGIN_RATE_LIMIT_MAX", "login-rate-limit", 0, "N", "failed logins / reset requests per account per window (default 10)", ap_login_max, 0 },
	{ "SMTP_URL", NULL, 0, NULL, "smtp://host:587 or smtps://host:465 for outgoing mail (unset: log only)", ap_smtp_url, 0 },
	{ "SMTP_USER", NULL, 0, NULL, "SMTP user name", ap_smtp_user, 0 },
	{ "SMTP_PASSWORD", NULL, 0, NULL, "SMTP password (environment or file only)", ap_smtp_password, 0 },
	{ "SMTP_FROM", NULL, 0, NULL, "sender address (default salesan <noreply@localhost>)", ap_smtp_from, 0 },
	{ "FRONTEND_URL", NULL, 0, NULL, "base URL of links in emails (default http://localhost:5173)", ap_frontend, 0 },
	{ "SSRF_ALLOW", "ssrf-allow", 0, "CIDRS", "internal address ranges outbound fetches may reach (default none)", ap_ssrf_allow, 0 },
	{ "MAX_FILE_SIZE", "max-file-size", 0, "BYTES", "largest file upload (default 104857600)", ap_max_file, 0 },
	{ "OTTERAI_API_URL", NULL, 0, NULL, "OtterAI API base URL (default https://api.otter.ai)", ap_otter_url, 0 },
	{ "OTTERAI_API_KEY", NULL, 0, NULL, "OtterAI API key (environment or file only)", STRING(otterai_api_key) },
	{ "OTTERAI_WEBHOOK_SECRET", NULL, 0, NULL, "secret of the OtterAI webhook's HMAC signature", STRING(otterai_webhook_secret) },
	{ "OTTERAI_TIMEOUT_MS", NULL, 0, NULL, "OtterAI request timeout per attempt (default 10000)", ap_otter_timeout, 0 },
	{ "SPEECH_BACKEND", "speech-backend", 0, "NAME", "speech to text: pocketsphinx (default), whisper-http or none", ap_speech_backend, 0 },
	{ "SPEECH_WORKERS", "speech-workers", 0, "N", "threads transcribing recordings and live audio (default 1)", ap_speech_workers, 0 },
	{ "SPEECH_LIVE_MAX", "speech-live-max", 0, "N", "live sessions transcribing streamed audio at once, ~100 MB each with pocketsphinx (default 4; 0 = none)", ap_speech_live, 0 },
	{ "SPEECH_WHISPER_URL", NULL, 0, NULL, "whisper-http server (POST /v1/audio/transcriptions) base URL", ap_whisper_url, 0 },
	{ "SPEECH_WHISPER_KEY", NULL, 0, NULL, "whisper-http bearer token (environment or file only)", STRING(whisper_key) },
	{ "SPEECH_WHISPER_MODEL", NULL, 0, NULL, "whisper-http model name (default whisper-1)", STRING(whisper_model) },
	{ "SPEECH_WHISPER_TIMEOUT_MS", NULL, 0, NULL, "whisper-http request timeout (default 120000)", ap_whisper_timeout, 0 },
	{ "SPEECH_PS_HMM", NULL, 0, NULL, "pocketsphinx acoustic model directory", STRING(ps_hmm) },
	{ "SPEECH_PS_LM", NULL, 0, NULL, "pocketsphinx language model", STRING(ps_lm) },
	{ "SPEECH_PS_DICT", NULL, 0, NULL, "pocketsphinx pronunciation dictionary", STRING(ps_dict) },
	{ "LIVE_QUEUE_MAX", "live-queue-max", 0, "N", "messages a live-hub reader may fall behind before it is dropped (default 4096)", ap_live_queue, 0 },
	{ "LIVE_GRACE_SECONDS", "live-grace", 0, "SECS", "end a live session whose rep stays disconnected this long (default 300; 0 = never)", ap_live_grace, 0 },
	{ "WEBHOOK_RETRY_BASE_MS", NULL, 0, NULL, "first webhook retry after this long; doubles up to 1 h (default 1000)", ap_wh_base, 0 },
	{ "WEBHOOK_MAX_AGE_MS", NULL, 0, NULL, "retry a webhook delivery for this long (default 86400000, a day)", ap_wh_age, 0 },
	{ "WEBHOOK_TIMEOUT_MS", NULL, 0, NULL, "one webhook delivery attempt's time limit (default 10000)", ap_wh_timeout, 0 },
	{ "WEBHOOK_MAX_FAILURES", NULL, 0, NULL, "failed attempts in a row before a subscription is disabled (default 20)", ap_wh_failures, 0 },
	{ "SALESAN_WEBHOOK_ALLOW_PRIVATE", NULL, 0, NULL, "let webhooks reach loopback and private addresses (tests only; logged loudly)", ap_wh_private, 0 },
	{ NULL, "list-routes", 0, NULL, "print every route (method, path, authentication, roles) and exit", ap_list_routes, 0 },
	{ NULL, "migrate", 0, NULL, "apply database migrations and exit", ap_migrate, 0 },
	{ NULL, "rebuild-rollups", 0, NULL, "recompute the analytics rollups from the calls and exit", ap_rebuild, 0 },
};

#define N_SETTINGS (sizeof settings / sizeof settings[0])

static void defaults(struct srv_config *c)
{
	memset(c, 0, sizeof *c);
	c->host = xstrdup("127.0.0.1");
	c->port = 3000;
	c->jwt_expires_in = xstrdup("24h");
	c->jwt_ttl_s = 24 * 3600;
	c->refresh_ttl_s = 7 * 86400;
	c->log_level = LOG_INFO;
	c->cors_origin = xstrdup("*");
	c->max_body = 1024 * 1024;
	c->workers = 4;
	c->queue_max = 1024;
	c->hash_concurrency = 2;
	c->request_timeout_s = 30;
	c->rate_window_ms = 900000;
	c->rate_max = 100;
	c->rate_clients = 65536;
	c->login_max = 10;
	c->smtp_from = xstrdup("salesan <noreply@localhost>");
	c->frontend_url = xstrdup("http://localhost:5173");
	c->max_file_size = 104857600;
	c->otterai_api_url = xstrdup("https://api.otter.ai");
	c->otterai_timeout_ms = 10000;
	c->live_queue_max = 4096;
	c->live_grace_s = 300;
	c->speech_backend = xstrdup("pocketsphinx");
	c->speech_workers = 1;
	c->speech_live_max = 4;
	c->webhook_retry_base_ms = 1000;
	c->webhook_max_age_ms = 86400000;
	c->webhook_timeout_ms = 10000;
	c->webhook_max_failures = 20;
}

static void usage(FILE *f)
{
	struct buf b = BUF_INIT;
	size_t i;

	fprintf(f, "usage: salesand [options]\n\n"
		   "The salesan server: REST API and live hub over HTTP/WebSocket.\n\n"
		   "Options (each also settable by the environment variable shown, or\n"
		   "as \"NAME = value\" in salesand.conf):\n");
	for (i = 0; i < N_SETTINGS; i++) {
		const struct setting *s = &settings[i];
		buf_reset(&b);
		if (s->flag) {
			if (s->short_opt)
				buf_addf(&b, "-%c, ", s->short_opt);
			buf_addf(&b, "--%s", s->flag);
			if (s->arg)
				buf_addf(&b, " %s", s->arg);
		} else {
			buf_addf(&b, "%s=...", s->name);
		}
		fprintf(f, "  %-34s %s%s%s%s\n", b.s, s->help, s->name && s->flag ? " [" : "",
			s->name && s->flag ? s->name : "", s->name && s->flag ? "]" : "");
	}
	fprintf(f, "  %-34s %s\n", "-c, --config FILE", "read settings from FILE [SALESAND_CONFIG]");
	fprintf(f, "  %-34s %s\n", "-h, --help", "show this help");
	fprintf(f, "  %-34s %s\n", "-V, --version", "show the version");
	fprintf(f, "\nSee salesand(8) and salesan.conf(5).\n");
	buf_free(&b);
}

static int apply(struct srv_config *c, const struct setting *s, const char *v,
		 const char *origin, char **err)
{
	struct buf e = BUF_INIT;

	if (!s->apply) {
		set_str((char **)(void *)((char *)c + s->str_at - 1), v);
		return 0;
	}
	if (s->apply(c, v, &e) == 0) {
		buf_free(&e);
		return 0;
	}
	struct buf m = BUF_INIT;
	if (s->flag && !strcmp(origin, "flag"))
		buf_addf(&m, "--%s: %s", s->flag, e.s);
	else
		buf_addf(&m, "%s (%s): %s", s->name, origin, e.s);
	buf_free(&e);
	*err = buf_detach(&m, NULL);
	return -1;
}

int config_load(struct srv_config *cfg, int argc, char **argv, char **err)
{
	struct option opts[N_SETTINGS + 4];
	struct buf shortopts = BUF_INIT;
	const char *flagval[N_SETTINGS];
	const char *config_path = getenv("SALESAND_CONFIG");
	struct conf file = { 0 };
	size_t i, no = 0;
	int c, rc = -1;

	defaults(cfg);
	memset(flagval, 0, sizeof flagval);
	buf_addstr(&shortopts, ":c:hV");
	for (i = 0; i < N_SETTINGS; i++) {
		if (!settings[i].flag)
			continue;
		opts[no].name = settings[i].flag;
		opts[no].has_arg = settings[i].arg ? required_argument : no_argument;
		opts[no].flag = NULL;
		opts[no].val = 1000 + (int)i;
		no++;
		if (settings[i].short_opt)
			buf_addf(&shortopts, "%c%s", settings[i].short_opt, settings[i].arg ? ":" : "");
	}
	opts[no++] = (struct option){ "config", required_argument, NULL, 'c' };
	opts[no++] = (struct option){ "help", no_argument, NULL, 'h' };
	opts[no++] = (struct option){ "version", no_argument, NULL, 'V' };
	opts[no] = (struct option){ NULL, 0, NULL, 0 };

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts.s, opts, NULL)) != -1) {
		struct buf m = BUF_INIT;
		if (c == 'h') {
			usage(stdout);
			rc = 1;
			goto out;
		}
		if (c == 'V') {
			printf("salesand %s\n", SALESAN_VERSION);
			rc = 1;
			goto out;
		}
		if (c == 'c') {
			config_path = optarg;
			continue;
		}
		if (c == '?' || c == ':') {
			if (optopt)
				buf_addf(&m, "%s option -%c (try --help)",
					 c == ':' ? "missing argument for" : "unknown", optopt);
			else
				buf_addf(&m, "%s option %s (try --help)",
					 c == ':' ? "missing argument for" : "unknown",
					 argv[optind - 1]);
			*err = buf_detach(&m, NULL);
			goto out;
		}
		for (i = 0; i < N_SETTINGS; i++)
			if ((c >= 1000 && (size_t)(c - 1000) == i) ||
			    (c < 1000 && settings[i].short_opt == c))
				flagval[i] = settings[i].arg ? optarg : "1";
	}
	if (optind < argc) {
		struct buf m = BUF_INIT;
		buf_addf(&m, "unexpected argument '%s' (try --help)", argv[optind]);
		*err = buf_detach(&m, NULL);
		goto out;
	}

	/* Locate the data directory first: the default config file lives there. */
	for (i = 0; i < N_SETTINGS; i++) {
		if (settings[i].apply != ap_data_dir)
			continue;
		if (flagval[i])
			set_str(&cfg->data_dir, flagval[i]);
		else if (getenv(settings[i].name))
			set_str(&cfg->data_dir, getenv(settings[i].name));
	}
	if (!cfg->data_dir) {
		cfg->data_dir = xdg_dir(XDG_DATA);
		if (!cfg->data_dir) {
			*err = xstrdup("no data directory: set --data-dir, SALESAN_DATA_DIR or HOME");
			goto out;
		}
	}
	{
		char *path = config_path ? xstrdup(config_path) : path_join(cfg->data_dir, "salesand.conf");
		int lr = conf_load(&file, path, err);
		if (lr < 0) {
			free(path);
			goto out;
		}
		if (lr == 1 && config_path) {
			struct buf m = BUF_INIT;
			buf_addf(&m, "config file %s does not exist", path);
			*err = buf_detach(&m, NULL);
			free(path);
			goto out;
		}
		if (lr == 0)
			cfg->config_file = path;
		else
			free(path);
	}
	for (i = 0; i < file.n; i++) {
		size_t j;
		for (j = 0; j < N_SETTINGS; j++)
			if (settings[j].name && !strcmp(settings[j].name, file.v[i].key))
				break;
		if (j == N_SETTINGS) {
			struct buf m = BUF_INIT;
			buf_addf(&m, "%s line %d: unknown setting '%s'", cfg->config_file,
				 file.v[i].line, file.v[i].key);
			*err = buf_detach(&m, NULL);
			goto out;
		}
		if (apply(cfg, &settings[j], file.v[i].value, "config file", err))
			goto out;
	}
	for (i = 0; i < N_SETTINGS; i++) {
		const char *v = settings[i].name ? getenv(settings[i].name) : NULL;
		if (v && *v && apply(cfg, &settings[i], v, "environment", err))
			goto out;
	}
	for (i = 0; i < N_SETTINGS; i++)
		if (flagval[i] && apply(cfg, &settings[i], flagval[i], "flag", err))
			goto out;
	if (!cfg->db_path)
		cfg->db_path = path_join(cfg->data_dir, "salesan.db");
	rc = 0;
out:
	conf_free(&file);
	buf_free(&shortopts);
	return rc;
}

int config_resolve_secret(struct srv_config *cfg, char **err)
{
	struct buf m = BUF_INIT;
	char *path;
	size_t len;
	char *text;

	if (mkdir_p(cfg->data_dir, 0700) != 0) {
		buf_addf(&m, "cannot create data directory %s: %s", cfg->data_dir, strerror(errno));
		*err = buf_detach(&m, NULL);
		return -1;
	}
	if (cfg->jwt_secret)
		return 0;
	path = path_join(cfg->data_dir, "jwt-secret");
	text = read_file(path, 4096, &len);
	if (text) {
		while (len && (text[len - 1] == '\n' || text[len - 1] == '\r'))
			text[--len] = '\0';
		if (len < MIN_SECRET) {
			buf_addf(&m, "%s holds fewer than %d bytes; remove it to generate a new one",
				 path, MIN_SECRET);
			goto fail;
		}
		cfg->jwt_secret = (unsigned char *)text;
		cfg->jwt_secret_len = len;
		free(path);
		return 0;
	}
	if (errno != ENOENT) {
		buf_addf(&m, "cannot read %s: %s", path, strerror(errno));
		goto fail;
	}
	{
		char *secret = random_token(48);
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		size_t n = strlen(secret);
		if (fd < 0 || write(fd, secret, n) != (ssize_t)n || write(fd, "\n", 1) != 1 ||
		    fsync(fd) != 0) {
			buf_addf(&m, "cannot write %s: %s", path, strerror(errno));
			if (fd >= 0)
				close(fd);
			free(secret);
			goto fail;
		}
		close(fd);
		cfg->jwt_secret = (unsigned char *)secret;
		cfg->jwt_secret_len = n;
		log_info("generated a new JWT secret in %s", path);
	}
	free(path);
	return 0;
fail:
	free(path);
	free(text);
	*err = buf_detach(&m, NULL);
	return -1;
}

void config_free(struct srv_config *c)
{
	free(c->host);
	free(c->port_file);
	free(c->data_dir);
	free(c->db_path);
	free(c->config_file);
	if (c->jwt_secret) {
		memset(c->jwt_secret, 0, c->jwt_secret_len);
		free(c->jwt_secret);
	}
	free(c->jwt_expires_in);
	free(c->log_file);
	free(c->node_env);
	free(c->cors_origin);
	free(c->smtp_url);
	free(c->smtp_user);
	if (c->smtp_password) {
		memset(c->smtp_password, 0, strlen(c->smtp_password));
		free(c->smtp_password);
	}
	free(c->smtp_from);
	free(c->frontend_url);
	netguard_allow_free(c->ssrf_allow);
	free(c->speech_backend);
	free(c->whisper_url);
	free(c->whisper_key);
	free(c->whisper_model);
	free(c->ps_hmm);
	free(c->ps_lm);
	free(c->ps_dict);
	free(c->otterai_api_url);
	free(c->otterai_api_key);
	if (c->otterai_webhook_secret) {
		memset(c->otterai_webhook_secret, 0, strlen(c->otterai_webhook_secret));
		free(c->otterai_webhook_secret);
	}
	memset(c, 0, sizeof *c);
}
