/*
 * config.h - salesand's configuration.
 *
 * Every setting has one name, used as the environment variable and as the
 * key in salesand.conf (the original backend's names where it had one), and
 * usually a long flag.  Precedence: flags, then environment, then the
 * config file, then defaults.  The config file is --config FILE (or
 * SALESAND_CONFIG), else <data-dir>/salesand.conf when it exists.
 */
#ifndef SALESAN_SERVER_CONFIG_H
#define SALESAN_SERVER_CONFIG_H

#include "common/log.h"

#include <stddef.h>
#include <stdint.h>

struct netguard_allow;

struct srv_config {
	char *host;
	int port;                /* 0: let the kernel choose (see port_file) */
	char *port_file;         /* write the bound port here once listening */
	char *data_dir;
	char *db_path;           /* <data_dir>/salesan.db unless DATABASE_PATH */
	int db_durable;          /* synchronous=FULL */
	char *config_file;       /* the file that was read, or NULL */

	unsigned char *jwt_secret;
	size_t jwt_secret_len;
	char *jwt_expires_in;    /* as configured, echoed as "expiresIn" */
	int64_t jwt_ttl_s;
	int64_t refresh_ttl_s;

	enum log_level log_level;
	char *log_file;
	char *node_env;          /* NODE_ENV: reported by /health when set */
	char *cors_origin;       /* "*" or a comma-separated list of origins */

	size_t max_body;         /* JSON request bodies, bytes */
	int workers;             /* worker threads */
	int queue_max;           /* queued jobs before 503 */
	int hash_concurrency;    /* simultaneous Argon2id computations */
	int request_timeout_s;   /* a request still unanswered is dropped */
	int migrate_only;        /* --migrate: apply migrations and exit */
	int list_routes;         /* --list-routes: print the route table and exit */
	int rebuild_rollups;     /* --rebuild-rollups: recompute analytics rollups and exit */

	int64_t rate_window_ms;  /* RATE_LIMIT_WINDOW_MS */
	int64_t rate_max;        /* RATE_LIMIT_MAX_REQUESTS per window per IP; 0 = off */
	int64_t rate_clients;    /* addresses tracked at most */
	int trust_proxy;         /* hops of X-Forwarded-For to trust (0 = none) */
	int64_t login_max;       /* failed logins per account per window; 0 = off */

	char *smtp_url;          /* SMTP_URL: smtp://host:587 or smtps://...; NULL = log only */
	char *smtp_user;
	char *smtp_password;
	char *smtp_from;         /* SMTP_FROM */
	char *frontend_url;      /* FRONTEND_URL: base of links in emails */

	struct netguard_allow *ssrf_allow; /* SSRF_ALLOW: internal ranges outbound calls may reach */
	int64_t max_file_size;   /* MAX_FILE_SIZE: largest upload, bytes */
	char *otterai_api_url;   /* OTTERAI_API_URL (default https://api.otter.ai) */
	char *otterai_api_key;   /* OTTERAI_API_KEY; NULL = not configured */
	char *otterai_webhook_secret; /* OTTERAI_WEBHOOK_SECRET; NULL = webhook refused */
	int64_t otterai_timeout_ms;   /* OTTERAI_TIMEOUT_MS per attempt (default 10000) */
	int live_queue_max;      /* LIVE_QUEUE_MAX: messages a live reader may lag */
	/* Speech to text (recordings, live audio): SPEECH_BACKEND is
	 * pocketsphinx (default), whisper-http or none; SPEECH_WORKERS threads
	 * decode, apart from the request workers. */
	char *speech_backend;
	int speech_workers;
	int speech_live_max;     /* SPEECH_LIVE_MAX: live sessions decoding audio at once */
	char *whisper_url, *whisper_key, *whisper_model;
	int whisper_timeout_ms;
	char *ps_hmm, *ps_lm, *ps_dict;
	int live_grace_s;        /* LIVE_GRACE_SECONDS: a rep may be away this long; 0 = forever */
	/* Outbound webhooks (webhooks.h). */
	int64_t webhook_retry_base_ms; /* WEBHOOK_RETRY_BASE_MS: first retry delay (1000) */
	int64_t webhook_max_age_ms;    /* WEBHOOK_MAX_AGE_MS: retry for this long (24 h) */
	int64_t webhook_timeout_ms;    /* WEBHOOK_TIMEOUT_MS: per attempt (10000) */
	int64_t webhook_max_failures;  /* WEBHOOK_MAX_FAILURES: in a row, then disabled (20) */
	int webhook_allow_private;     /* SALESAN_WEBHOOK_ALLOW_PRIVATE: tests only */
};

/*
 * Fill cfg from defaults, the config file, the environment and argv, in
 * reverse precedence.  Returns 0; 1 when --help or --version was handled
 * (already printed, exit 0); -1 with a malloc'd message in *err for a bad
 * setting (exit 2).  Does not touch the filesystem except to read the
 * config file; the JWT secret is resolved by config_resolve_secret().
 */
int config_load(struct srv_config *cfg, int argc, char **argv, char **err);

/*
 * Ensure the data directory exists and a JWT secret is available: the
 * configured one (at least 32 bytes, or this fails), else the one kept in
 * <data_dir>/jwt-secret, else a new random one written there with mode
 * 0600.  Returns 0 or -1 with a malloc'd message.
 */
int config_resolve_secret(struct srv_config *cfg, char **err);

void config_free(struct srv_config *cfg);

#endif
