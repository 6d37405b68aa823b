/*
 * server.h - the process-wide server state handlers may read.
 *
 * Created once by main.c before any thread starts; read-only afterwards
 * except for the atomic counters.
 */
#ifndef SALESAN_SERVER_H
#define SALESAN_SERVER_H

#include "config.h"

#include <stdatomic.h>
#include <stdint.h>

struct jobs;
struct ratelimit;

struct server {
	struct srv_config cfg;
	int64_t started_ms;      /* wall clock, for /health uptime */
	int64_t started_mono_us;
	struct jobs *jobs;
	struct jobs *hash_jobs;  /* ROUTE_HASHES requests (password hashing), apart from jobs */
	void *lws_ctx;           /* struct lws_context *, loop thread only */
	int bound_port;
	atomic_int draining;     /* shutting down: refuse new requests */
	atomic_long requests;    /* answered so far */
	struct ratelimit *ip_limit;      /* every API request, per client address */
	struct ratelimit *account_limit; /* failed logins and reset requests */
};

#endif
