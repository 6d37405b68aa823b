/*
 * http.h - the request and response as handlers see them.
 *
 * The event-loop glue (http.c) builds a struct request from the lws
 * connection (method, decoded path, query, the headers salesand uses, the
 * body), routes it, and hands it to a worker thread, where dispatch.c runs
 * authentication and the route's handler.  The handler fills req->resp
 * (through resp.h) and returns; the loop writes the response.  A handler
 * never touches lws and may block (database, hashing).
 *
 * Everything in a request is owned by the request and freed with it.
 */
#ifndef SALESAN_HTTP_H
#define SALESAN_HTTP_H

#include "common/buf.h"

#include <cJSON.h>
#include <stdint.h>

enum http_method {
	HTTP_GET,
	HTTP_POST,
	HTTP_PUT,
	HTTP_PATCH,
	HTTP_DELETE,
	HTTP_OPTIONS,
	HTTP_HEAD,
	HTTP_METHOD_COUNT
};

#define HTTP_MAX_PARAMS 4
#define HTTP_MAX_QUERY 64
#define HTTP_MAX_RESP_HEADERS 12
#define HTTP_MAX_EXTRA 6

struct kv {
	char *key;
	char *value;
};

struct response {
	int status;              /* 0 until a handler answers */
	struct buf body;
	/* Or a file: with file_fd > 0 the body is file_len bytes read from
	 * it (the request owns and closes the descriptor). */
	int file_fd;
	int64_t file_len;
	/* Or a body produced while it is sent (stream.h); owned. */
	struct resp_stream *stream;
	const char *content_type; /* static string; default application/json */
	struct kv headers[HTTP_MAX_RESP_HEADERS]; /* owned */
	int nheaders;
	int close;               /* send "connection: close" and close */
};

struct server;
struct db;
struct resp_stream;
struct principal;
struct route;

#define HTTP_MAX_FORM 8

/*
 * A multipart/form-data body of a ROUTE_UPLOAD route, parsed by the loop
 * with lws's form parser as it arrives: the text fields named in
 * http_form_fields, and at most one file, streamed to a temporary file
 * under the data directory.
 */
struct upload {
	struct kv fields[HTTP_MAX_FORM]; /* owned */
	int nfields;
	char *field;             /* the file part's form name; NULL when no file came */
	char *filename;          /* as the client sent it: untrusted */
	char *path;              /* the temporary file; request_free unlinks it unless
				  * a handler took it (and set this to NULL) */
	int64_t size;
	unsigned char sha256[32]; /* of the file's bytes */
};

/* The text fields an upload may carry (NULL-terminated). */
extern const char *const http_form_fields[];
/* The text field name of u, or NULL. */
const char *upload_field(const struct upload *u, const char *name);

struct request {
	enum http_method method; /* HEAD requests run as GET with head = 1 */
	int head;
	char *path;              /* URL-decoded, no query string */
	struct kv query[HTTP_MAX_QUERY];
	int nquery;
	char *content_type;      /* NULL when absent */
	char *authorization;
	char *origin;
	char *api_key;           /* X-API-Key */
	char *user_agent;
	char request_id[65];
	char ip[64];
	int64_t content_length;  /* -1 when absent */
	char *forwarded_for;     /* X-Forwarded-For, used only with TRUST_PROXY */
	/* The other headers handlers read (http_extra_headers), lower-case
	 * names without the colon; absent ones are not listed. */
	struct kv extra[HTTP_MAX_EXTRA];
	int nextra;
	struct buf body;
	struct upload *upload;   /* ROUTE_UPLOAD routes only */

	const struct route *route;
	char *params[HTTP_MAX_PARAMS]; /* path parameters, in pattern order */
	int nparams;

	/* Set by the dispatcher on the worker thread. */
	const struct server *srv;
	struct db *db;           /* this worker's connection; NULL if it failed */
	struct principal *who;   /* the authenticated caller, or NULL */
	cJSON *json;             /* the parsed JSON body, or NULL */

	struct response resp;
};

const char *http_method_name(enum http_method m);
/* The first value of query parameter key, or NULL. */
const char *req_query(const struct request *r, const char *key);
/* Request header name (one of http_extra_headers, lower-case), or NULL. */
const char *req_header(const struct request *r, const char *name);
/* The NULL-terminated list of extra headers the loop captures. */
extern const char *const http_extra_headers[];
/* Path parameter i (0-based), or "" when absent. */
const char *req_param(const struct request *r, int i);

/* A new empty request (the loop glue fills it); request_free releases all. */
struct request *request_new(void);
void request_free(struct request *r);

#endif
