/*
 * client.h - the REST client: libcurl to salesand with the API's
 * envelopes, transparent token refresh and exit codes for every failure.
 *
 * One keep-alive handle per process.  Requests always carry
 * Content-Length and an empty "Expect:" (lws never answers 100-continue).
 */
#ifndef SALESAN_CLIENT_H
#define SALESAN_CLIENT_H

#include "cli.h"

#include <cJSON.h>

struct api_resp {
	long status;        /* HTTP status, 0 when the server was not reached */
	cJSON *json;        /* the parsed body, or NULL */
	char *raw;          /* the raw body */
	const char *code;   /* error.code, when the body is an error envelope */
	const char *message;/* error.message */
	cJSON *data;        /* "data" of a success envelope (points into json) */
	char *etag;         /* the ETag response header, or NULL */
};

enum api_auth { API_NOAUTH = 0, API_AUTH = 1 };

/*
 * Perform method on path (which starts with "/", e.g. "/api/v1/auth/me"),
 * with body serialised as JSON when non-NULL.  With API_AUTH the stored or
 * SALESAN_TOKEN access token is sent, and an expired one is refreshed once.
 * Returns EXIT_OK for a 2xx answer.  Otherwise prints what went wrong and
 * what to do (unless quiet), and returns the exit code: EXIT_UNREACHABLE,
 * EXIT_AUTH (401, or no credentials), EXIT_NOTFOUND (404), EXIT_FAIL.
 * out is always filled and must be released with api_resp_free().
 */
int api_call(struct cli *cli, const char *method, const char *path, const cJSON *body,
	     enum api_auth auth, struct api_resp *out);
/* The same without printing errors (the caller reports). */
int api_call_quiet(struct cli *cli, const char *method, const char *path, const cJSON *body,
		   enum api_auth auth, struct api_resp *out);
/*
 * GET path for a read command, through the local cache (cache.h): with
 * --offline the cached answer only; otherwise the server's, kept in the
 * cache when it succeeds; when the server cannot be reached, the cached
 * answer with a note on stderr saying how old it is.  Returns as api_call
 * (EXIT_UNREACHABLE when there is neither server nor cached copy).
 */
int api_get(struct cli *cli, const char *path, struct api_resp *out);
/* The same refreshing the cache from the server only: no fallback to the
 * cache and nothing printed (salesan sync). */
int api_get_quiet(struct cli *cli, const char *path, struct api_resp *out);

/* api_call (authenticated) with a body that is not JSON: text sent as is
 * with Content-Type ctype (a transcript, say). */
int api_send_text(struct cli *cli, const char *method, const char *path, const char *text,
		  const char *ctype, struct api_resp *out);

/*
 * GET path and hand the body to sink as it arrives (sink returns nonzero
 * to abort; it reports why).  An expired token is refreshed once.  The
 * response header want_header (may be NULL) is captured into *header_out
 * (malloc'd, NULL when absent).  Returns EXIT_OK only when the whole body
 * arrived (a chunked body cut short is an error); failures are reported.
 */
int api_stream_get(struct cli *cli, const char *path,
		   int (*sink)(const char *data, size_t len, void *arg), void *arg,
		   const char *want_header, char **header_out);

/* POST body to path with an Idempotency-Key header, so a retry after a
 * lost answer creates nothing twice (the server replays the first
 * answer).  Otherwise as api_call with API_AUTH. */
int api_create(struct cli *cli, const char *path, const cJSON *body, const char *idem_key,
	       struct api_resp *out);

/* Print the error of a failed response (as api_call would). */
int api_report(struct cli *cli, const struct api_resp *r, int rc);
void api_resp_free(struct api_resp *r);

/* The access token requests use (SALESAN_TOKEN or the stored one), or
 * NULL. */
const char *client_token(struct cli *cli);

/* Percent-encode s for a query string; malloc'd. */
char *url_escape(const char *s);

/* Release the curl handle (at exit). */
void client_cleanup(void);

#endif
