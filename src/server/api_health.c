/*
 * api_health.c - GET /health: liveness plus a database round trip.
 */
#include "db.h"
#include "resp.h"
#include "router.h"
#include "server.h"
#include "common/json.h"
#include "common/timeutil.h"

static void health(struct request *r)
{
	cJSON *doc = cJSON_CreateObject(), *db = cJSON_CreateObject();
	int64_t t0 = time_mono_us(), now = time_now_ms();
	struct db_stmt *st = r->db ? db_prepare(r->db, "SELECT 1") : NULL;
	int ok = st && db_step(st) == DB_ROW;
	int64_t t1 = time_mono_us();

	if (st)
		db_done(st);
	cJSON_AddStringToObject(doc, "status", ok ? "OK" : "ERROR");
	json_add_time(doc, "timestamp", now, 1);
	cJSON_AddNumberToObject(doc, "uptime", (double)(time_mono_us() - r->srv->started_mono_us) / 1e6);
	if (r->srv->cfg.node_env)
		cJSON_AddStringToObject(doc, "environment", r->srv->cfg.node_env);
	cJSON_AddStringToObject(doc, "version", SALESAN_VERSION);
	cJSON_AddStringToObject(db, "status", ok ? "ok" : "error");
	cJSON_AddStringToObject(db, "driver", r->db ? db_driver(r->db) : "sqlite");
	cJSON_AddNumberToObject(db, "latencyMs", (double)(t1 - t0) / 1000.0);
	cJSON_AddItemToObject(doc, "database", db);
	resp_json(r, ok ? 200 : 503, doc);
}

static const struct route routes[] = {
	{ HTTP_GET, "/health", health, AUTH_PUBLIC, 0, 0, "Liveness and database status", 0 },
};

const struct route_table api_health_routes = ROUTE_TABLE(routes);
