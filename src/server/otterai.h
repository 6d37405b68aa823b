/*
 * otterai.h - the outbound OtterAI API client.
 *
 * JSON over HTTPS to OTTERAI_API_URL with "Authorization: Bearer
 * OTTERAI_API_KEY", a per-attempt timeout (OTTERAI_TIMEOUT_MS) and up to
 * three attempts with backoff (250 ms, then 1 s) on network errors, 429 and
 * 5xx.  Blocking: call from a worker thread.
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

/* 1 when an API key is configured. */
int otterai_configured(const struct srv_config *cfg);

/*
 * method ("GET", "POST") path ("/v1/recordings/ID", escaped by the caller)
 * with body (may be NULL).  Returns 0 when a 2xx JSON object came back
 * (out->json set), else -1 with out->error and out->http_status.  The
 * caller frees out->json.
 */
int otterai_call(const struct srv_config *cfg, const char *method, const char *path,
		 const cJSON *body, struct otterai_result *out);

#endif
