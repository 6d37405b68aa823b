/*
 * otterai.h - the outbound OtterAI API client.
 *
 * JSON over HTTPS to OTTERAI_API_URL with "Authorization: Bearer
 * OTTERAI_API_KEY" (or an organization's own URL and key), a per-attempt
 * timeout (OTTERAI_TIMEOUT_MS) and up to three attempts with backoff
 * (250 ms, then 1 s) on network errors, 429 and 5xx.  An organization's URL
 * is the organization's choice, so its connections go through netguard
 * (no internal addresses, SSRF_ALLOW aside).  Blocking: call from a worker
 * thread.
 */
#ifndef SALESAN_OTTERAI_H
#define SALESAN_OTTERAI_H

#include "config.h"

#include <cJSON.h>

#define OTTERAI_MAX_RESPONSE (8u * 1024 * 1024)

struct otterai_result {
	long http_status;  /* the last answer's status, 0 when none arrived */
	cJSON *json;       /* the parsed 2xx body (owned), or NULL */
	char error[256];   /* what went wrong, without secrets */
};

/* Where and as whom to call OtterAI: an organization's own settings
 * (PUT /organizations/:id/integrations/otterai) or the server's. */
struct otterai_target {
	char url[512];
	char key[512];
	long timeout_ms;
	int guarded;                  /* an organization's URL: internal addresses refused */
	const struct netguard_allow *allow;
	const char *source;           /* "organization" or "server" */
};

struct db;

/* 1 when an API key is configured on the server. */
int otterai_configured(const struct srv_config *cfg);
/* The target for org_id's calls (its own settings, else the server's):
 * 1 when one is configured, 0 when not (t->source tells which was
 * looked at), negative on a database error. */
int otterai_target_for(struct db *db, const struct srv_config *cfg, const char *org_id,
		       struct otterai_target *t);
/* Wipe the key. */
void otterai_target_clear(struct otterai_target *t);

/*
 * method ("GET", "POST") path ("/v1/recordings/ID", escaped by the caller)
 * with body (may be NULL).  Returns 0 when a 2xx JSON object came back
 * (out->json set), else -1 with out->error and out->http_status.  The
 * caller frees out->json.
 */
int otterai_call(const struct otterai_target *t, const char *method, const char *path,
		 const cJSON *body, struct otterai_result *out);

#endif
