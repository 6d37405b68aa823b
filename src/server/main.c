/*
 * salesand - the salesan server.
 *
 * Start-up: configuration (flags > environment > salesand.conf), logging,
 * the data directory and JWT secret, the database and its migrations, the
 * worker pool (one database connection per worker), then the lws loop until
 * SIGTERM/SIGINT.  Shutdown lets in-flight requests finish, joins the
 * workers and closes every connection to the database cleanly.
 */
#include "config.h"
#include "router.h"
#include "db.h"
#include "httpd.h"
#include "jobs.h"
#include "transcription.h"
#include "webhooks.h"
#include "migrate.h"
#include "password.h"
#include "ratelimit.h"
#include "server.h"
#include "store.h"
#include "common/ids.h"
#include "common/json.h"
#include "common/log.h"
#include "common/timeutil.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *worker_init(void *ud)
{
	struct server *srv = ud;
	char *err = NULL;
	struct db *db = db_open(srv->cfg.db_path, srv->cfg.db_durable, &err);

	if (!db) {
		/* Requests on this worker answer 503; the log says why. */
		log_error("worker: %s", err);
		free(err);
	}
	return db;
}

static void worker_fini(void *state, void *ud)
{
	(void)ud;
	db_close(state);
}

/* One line per route: METHOD PATH AUTH ROLES, tab-separated, for the
 * route tests and the OpenAPI document's check. */
static void list_routes(void)
{
	static const char *const auth[] = { "public", "jwt", "jwt-or-key" };
	size_t i;

	for (i = 0; i < router_count(); i++) {
		const struct route *rt = router_at(i);
		unsigned roles = rt->auth == AUTH_PUBLIC ? 0 : rt->roles;

		printf("%s\t%s\t%s\t%s%s%s%s\t%s\n", http_method_name(rt->method), rt->pattern,
		       auth[rt->auth], roles & ROLE_REP ? "r" : "-", roles & ROLE_MANAGER ? "m" : "-",
		       roles & ROLE_ADMIN ? "a" : "-", roles & ROLE_SUPER ? "s" : "-", rt->summary);
	}
}

int main(int argc, char **argv)
{
	static struct server srv;
	struct jobs_config jc;
	struct db *db;
	char *err = NULL;
	int rc;

	if (ids_init()) {
		fprintf(stderr, "salesand: cannot initialise libsodium\n");
		return 1;
	}
	json_init();
	/* libcurl (mail, outbound HTTP) must be initialised before threads. */
	curl_global_init(CURL_GLOBAL_DEFAULT);
	rc = config_load(&srv.cfg, argc, argv, &err);
	if (rc == 1) {
		config_free(&srv.cfg);
		return 0;
	}
	if (rc < 0) {
		fprintf(stderr, "salesand: %s\n", err);
		free(err);
		config_free(&srv.cfg);
		return 2;
	}
	if (srv.cfg.list_routes) {
		list_routes();
		config_free(&srv.cfg);
		return 0;
	}
	log_set_level(srv.cfg.log_level);
	if (srv.cfg.log_file && log_open_file(srv.cfg.log_file)) {
		fprintf(stderr, "salesand: cannot open log file %s: %s\n", srv.cfg.log_file,
			strerror(errno));
		config_free(&srv.cfg);
		return 1;
	}
	if (config_resolve_secret(&srv.cfg, &err)) {
		log_error("%s", err);
		free(err);
		config_free(&srv.cfg);
		return 1;
	}
	srv.started_ms = time_now_ms();
	srv.started_mono_us = time_mono_us();

	db = db_open(srv.cfg.db_path, srv.cfg.db_durable, &err);
	if (!db) {
		log_error("%s", err);
		free(err);
		config_free(&srv.cfg);
		return 1;
	}
	rc = migrate_apply(db, &err);
	if (rc < 0) {
		log_error("%s", err);
		free(err);
		db_close(db);
		config_free(&srv.cfg);
		return 1;
	}
	if (rc > 0)
		log_info("database %s migrated to schema version %d", srv.cfg.db_path, migrate_latest());
	if (srv.cfg.rebuild_rollups) {
		int64_t n = 0;
		int64_t t0 = time_mono_us();
		rc = store_rollups_rebuild(db, &n);
		if (rc == DB_OK)
			printf("rollups rebuilt from %lld calls in %.1f s\n", (long long)n,
			       (double)(time_mono_us() - t0) / 1e6);
		else
			log_error("rebuilding rollups failed: %s", db_errmsg(db));
		db_close(db);
		config_free(&srv.cfg);
		return rc == DB_OK ? 0 : 1;
	}
	if (srv.cfg.migrate_only) {
		printf("database %s is at schema version %d\n", srv.cfg.db_path, migrate_current(db));
		db_close(db);
		config_free(&srv.cfg);
		return 0;
	}
	db_close(db);

	password_init(srv.cfg.hash_concurrency);
	srv.ip_limit = rl_create((size_t)srv.cfg.rate_clients, srv.cfg.rate_window_ms, srv.cfg.rate_max);
	srv.account_limit = rl_create((size_t)srv.cfg.rate_clients, srv.cfg.rate_window_ms,
				      srv.cfg.login_max);
	memset(&jc, 0, sizeof jc);
	jc.threads = srv.cfg.workers;
	jc.queue_max = srv.cfg.queue_max;
	jc.thread_init = worker_init;
	jc.thread_fini = worker_fini;
	jc.ud = &srv;
	jc.wake = httpd_wake;
	srv.jobs = jobs_create(&jc);
	/* Password hashing (logins, registrations) on its own threads, as many
	 * as may hash at once, so it never holds the request workers. */
	jc.threads = srv.cfg.hash_concurrency;
	srv.hash_jobs = srv.jobs ? jobs_create(&jc) : NULL;
	if (!srv.jobs || !srv.hash_jobs) {
		log_error("cannot start worker threads");
		if (srv.jobs)
			jobs_destroy(srv.jobs);
		config_free(&srv.cfg);
		return 1;
	}
	if (transcription_start(&srv)) {
		jobs_destroy(srv.hash_jobs);
		jobs_destroy(srv.jobs);
		config_free(&srv.cfg);
		return 1;
	}
	if (webhooks_start(&srv)) {
		transcription_stop(&srv);
		jobs_destroy(srv.hash_jobs);
		jobs_destroy(srv.jobs);
		config_free(&srv.cfg);
		return 1;
	}
	rc = httpd_run(&srv);
	webhooks_stop();
	transcription_stop(&srv);
	jobs_destroy(srv.hash_jobs);
	jobs_destroy(srv.jobs);
	rl_destroy(srv.ip_limit);
	rl_destroy(srv.account_limit);
	log_info("salesand stopped after %ld request(s)", (long)atomic_load(&srv.requests));
	log_close_file();
	config_free(&srv.cfg);
	curl_global_cleanup();
	return rc ? 1 : 0;
}
