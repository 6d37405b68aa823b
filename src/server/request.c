/*
 * request.c - the request object's life cycle and accessors.
 */
#include "auth.h"
#include "http.h"
#include "stream.h"
#include "common/xmalloc.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *http_method_name(enum http_method m)
{
	static const char *const names[] = { "GET", "POST", "PUT", "PATCH",
					     "DELETE", "OPTIONS", "HEAD" };
	return (unsigned)m < HTTP_METHOD_COUNT ? names[m] : "?";
}

const char *req_query(const struct request *r, const char *key)
{
	int i;

	for (i = 0; i < r->nquery; i++)
		if (!strcmp(r->query[i].key, key))
			return r->query[i].value;
	return NULL;
}

const char *const http_extra_headers[] = { "x-otter-signature", "x-otter-timestamp",
					   "idempotency-key", "if-none-match", NULL };

const char *req_header(const struct request *r, const char *name)
{
	int i;

	for (i = 0; i < r->nextra; i++)
		if (!strcmp(r->extra[i].key, name))
			return r->extra[i].value;
	return NULL;
}

const char *const http_form_fields[] = { "category", "description", "relatedId", "salesCallId",
					 NULL };

const char *upload_field(const struct upload *u, const char *name)
{
	int i;

	for (i = 0; u && i < u->nfields; i++)
		if (!strcmp(u->fields[i].key, name))
			return u->fields[i].value;
	return NULL;
}

const char *req_param(const struct request *r, int i)
{
	return i >= 0 && i < r->nparams ? r->params[i] : "";
}

struct request *request_new(void)
{
	struct request *r = xcalloc(1, sizeof *r);

	buf_init(&r->body);
	buf_init(&r->resp.body);
	r->content_length = -1;
	return r;
}

void request_free(struct request *r)
{
	int i;

	if (!r)
		return;
	free(r->path);
	for (i = 0; i < r->nquery; i++) {
		free(r->query[i].key);
		free(r->query[i].value);
	}
	for (i = 0; i < r->nparams; i++)
		free(r->params[i]);
	free(r->content_type);
	free(r->authorization);
	free(r->origin);
	free(r->api_key);
	free(r->user_agent);
	free(r->forwarded_for);
	for (i = 0; i < r->nextra; i++) {
		free(r->extra[i].key);
		free(r->extra[i].value);
	}
	buf_free(&r->body);
	stream_free(r->resp.stream);
	free(r->who);
	cJSON_Delete(r->json);
	if (r->upload) {
		for (i = 0; i < r->upload->nfields; i++) {
			free(r->upload->fields[i].key);
			free(r->upload->fields[i].value);
		}
		if (r->upload->path)
			unlink(r->upload->path);
		free(r->upload->path);
		free(r->upload->field);
		free(r->upload->filename);
		free(r->upload);
	}
	if (r->resp.file_fd > 0)
		close(r->resp.file_fd);
	buf_free(&r->resp.body);
	for (i = 0; i < r->resp.nheaders; i++) {
		free(r->resp.headers[i].key);
		free(r->resp.headers[i].value);
	}
	free(r);
}
