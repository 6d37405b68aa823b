#include "client.h"
#include "cache.h"
#include "common/timeutil.h"
#include "common/buf.h"
#include "common/json.h"
#include "common/xmalloc.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_RESPONSE (64 * 1024 * 1024)

static CURL *handle;

static size_t on_data(char *ptr, size_t size, size_t n, void *ud)
{
	struct buf *b = ud;
	size_t len = size * n;

	if (b->len + len > MAX_RESPONSE)
		return 0; /* aborts the transfer with CURLE_WRITE_ERROR */
	buf_add(b, ptr, len);
	return len;
}

void client_cleanup(void)
{
	if (handle)
		curl_easy_cleanup(handle);
	handle = NULL;
}

char *url_escape(const char *s)
{
	char *e, *copy;

	if (!handle) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		handle = curl_easy_init();
	}
	e = curl_easy_escape(handle, s, 0);
	if (!e)
		abort();
	copy = xstrdup(e);
	curl_free(e);
	return copy;
}

void api_resp_free(struct api_resp *r)
{
	free(r->etag);
	cJSON_Delete(r->json);
	free(r->raw);
	memset(r, 0, sizeof *r);
}

const char *client_token(struct cli *cli)
{
	if (cli->env_token && *cli->env_token)
		return cli->env_token;
	return conf_get(&cli->creds, "access_token");
}

static void parse_envelope(struct api_resp *r)
{
	cJSON *err;

	r->json = json_parse(r->raw, strlen(r->raw), 64, NULL);
	if (!r->json)
		return;
	err = json_get(r->json, "error");
	if (cJSON_IsObject(err)) {
		r->code = json_str(err, "code");
		r->message = json_str(err, "message");
	} else if (cJSON_IsString(err)) {
		r->message = err->valuestring;
	}
	r->data = json_get(r->json, "data");
}

static size_t on_header(char *ptr, size_t size, size_t n, void *ud)
{
	struct api_resp *r = ud;
	size_t len = size * n, vl;
	const char *v;

	if (len > 5 && !strncasecmp(ptr, "etag:", 5)) {
		v = ptr + 5;
		vl = len - 5;
		while (vl && (*v == ' ' || *v == '\t'))
			v++, vl--;
		while (vl && (v[vl - 1] == '\r' || v[vl - 1] == '\n' || v[vl - 1] == ' '))
			vl--;
		free(r->etag);
		r->etag = vl && vl < 200 ? xstrndup(v, vl) : NULL;
	}
	return len;
}

/* One HTTP exchange.  Returns 0 when a response arrived, else the curl
 * error text in *cerr. */
static int perform(struct cli *cli, const char *method, const char *path, const char *body,
		   const char *ctype, const char *extra, const char *bearer, struct api_resp *out,
		   const char **cerr)
{
	struct curl_slist *h = NULL;
	struct buf url = BUF_INIT, resp = BUF_INIT, auth = BUF_INIT, ctbuf = BUF_INIT;
	static char errbuf[CURL_ERROR_SIZE];
	CURLcode rc;

	if (!handle) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		handle = curl_easy_init();
		if (!handle)
			abort();
	}
	buf_addf(&url, "%s%s", cli->server, path);
	h = curl_slist_append(h, "Accept: application/json");
	h = curl_slist_append(h, "Expect:");
	if (body) {
		buf_addf(&ctbuf, "Content-Type: %s", ctype ? ctype : "application/json");
		h = curl_slist_append(h, ctbuf.s);
	}
	if (extra)
		h = curl_slist_append(h, extra);
	if (bearer) {
		buf_addf(&auth, "Authorization: Bearer %s", bearer);
		h = curl_slist_append(h, auth.s);
	}
	curl_easy_reset(handle);
	errbuf[0] = '\0';
	curl_easy_setopt(handle, CURLOPT_URL, url.s);
	curl_easy_setopt(handle, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(handle, CURLOPT_USERAGENT, "salesan/" SALESAN_VERSION);
	curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
	curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, 120000L);
	curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(handle, CURLOPT_WRITEDATA, &resp);
	curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(handle, CURLOPT_HEADERDATA, out);
	curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
	if (!strcmp(method, "GET")) {
		curl_easy_setopt(handle, CURLOPT_HTTPGET, 1L);
	} else {
		/* Always a body, so lws always sees a Content-Length (P2). */
		curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, method);
		curl_easy_setopt(handle, CURLOPT_POSTFIELDS, body ? body : "");
		curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE, (long)(body ? strlen(body) : 0));
	}
	rc = curl_easy_perform(handle);
	curl_easy_setopt(handle, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(h);
	buf_free(&url);
	buf_free(&ctbuf);
	if (auth.len)
		memset(auth.s, 0, auth.len);
	buf_free(&auth);
	if (rc != CURLE_OK) {
		buf_free(&resp);
		*cerr = errbuf[0] ? errbuf : curl_easy_strerror(rc);
		return -1;
	}
	curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &out->status);
	out->raw = buf_detach(&resp, NULL);
	parse_envelope(out);
	return 0;
}

/* Swap the stored refresh token for new tokens.  Returns 0 on success. */
static int refresh_tokens(struct cli *cli)
{
	const char *rt = conf_get(&cli->creds, "refresh_token");
	struct api_resp r = { 0 };
	const char *cerr = NULL, *at, *nrt;
	cJSON *body;
	char *s;
	int ok = -1;

	if (!rt)
		return -1;
	body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "refreshToken", rt);
	s = json_print(body);
	cJSON_Delete(body);
	if (perform(cli, "POST", "/api/v1/auth/refresh", s, NULL, NULL, NULL, &r, &cerr) == 0 &&
	    r.status == 200 && (at = json_str(r.data, "accessToken")) &&
	    (nrt = json_str(r.data, "refreshToken"))) {
		conf_set(&cli->creds, "access_token", at);
		conf_set(&cli->creds, "refresh_token", nrt);
		ok = cli_save_creds(cli);
	} else if (r.status == 401) {
		/* The login is over: forget the dead tokens. */
		conf_unset(&cli->creds, "access_token");
		conf_unset(&cli->creds, "refresh_token");
		cli_save_creds(cli);
	}
	free(s);
	api_resp_free(&r);
	return ok;
}

static int exchange(struct cli *cli, const char *method, const char *path, const char *text,
		    const char *ctype, const char *extra, enum api_auth auth, struct api_resp *out,
		    int quiet)
{
	const char *cerr = NULL, *tok = NULL;
	char *s = text ? xstrdup(text) : NULL;
	int rc;

	memset(out, 0, sizeof *out);
	if (auth == API_AUTH) {
		tok = client_token(cli);
		if (!tok) {
			free(s);
			if (!quiet)
				cli_error(cli, "not logged in to %s; run `salesan login` first", cli->server);
			return EXIT_AUTH;
		}
	}
	rc = perform(cli, method, path, s, ctype, extra, tok, out, &cerr);
	if (rc == 0 && out->status == 401 && auth == API_AUTH && !cli->env_token && out->code &&
	    !strcmp(out->code, "TOKEN_EXPIRED") && refresh_tokens(cli) == 0) {
		api_resp_free(out);
		rc = perform(cli, method, path, s, ctype, extra, client_token(cli), out, &cerr);
	}
	free(s);
	if (rc != 0) {
		if (!quiet)
			cli_error(cli, "cannot reach salesand at %s (%s); start it with `salesan server start` "
				       "or point --server / SALESAN_SERVER at a running server",
				  cli->server, cerr);
		return EXIT_UNREACHABLE;
	}
	if (out->status >= 200 && out->status < 300)
		return EXIT_OK;
	rc = out->status == 401 ? EXIT_AUTH : out->status == 404 ? EXIT_NOTFOUND : EXIT_FAIL;
	if (!quiet)
		api_report(cli, out, rc);
	return rc;
}

static int exchange_json(struct cli *cli, const char *method, const char *path,
			 const cJSON *body, enum api_auth auth, struct api_resp *out, int quiet)
{
	char *s = body ? json_print(body) : NULL;
	int rc = exchange(cli, method, path, s, NULL, NULL, auth, out, quiet);

	free(s);
	return rc;
}

int api_call(struct cli *cli, const char *method, const char *path, const cJSON *body,
	     enum api_auth auth, struct api_resp *out)
{
	return exchange_json(cli, method, path, body, auth, out, 0);
}

int api_call_quiet(struct cli *cli, const char *method, const char *path, const cJSON *body,
		   enum api_auth auth, struct api_resp *out)
{
	return exchange_json(cli, method, path, body, auth, out, 1);
}

int api_send_text(struct cli *cli, const char *method, const char *path, const char *text,
		  const char *ctype, struct api_resp *out)
{
	return exchange(cli, method, path, text, ctype, NULL, API_AUTH, out, 0);
}

int api_create(struct cli *cli, const char *path, const cJSON *body, const char *idem_key,
	       struct api_resp *out)
{
	char *s = json_print(body), hdr[300];
	int rc;

	snprintf(hdr, sizeof hdr, "Idempotency-Key: %.255s", idem_key);
	rc = exchange(cli, "POST", path, s, NULL, hdr, API_AUTH, out, 0);
	free(s);
	return rc;
}

/* Say on stderr that the answer comes from the cache, and how old it is. */
static void note_cached(struct cli *cli, int64_t fetched_ms, const char *why)
{
	int64_t age = (time_now_ms() - fetched_ms) / 1000;
	char agebuf[48];

	if (age < 120)
		snprintf(agebuf, sizeof agebuf, "%lld s", (long long)(age < 0 ? 0 : age));
	else if (age < 7200)
		snprintf(agebuf, sizeof agebuf, "%lld min", (long long)(age / 60));
	else if (age < 172800)
		snprintf(agebuf, sizeof agebuf, "%lld h", (long long)(age / 3600));
	else
		snprintf(agebuf, sizeof agebuf, "%lld days", (long long)(age / 86400));
	fprintf(stderr, "salesan: %s; showing cached data from %s ago\n", why, agebuf);
}

static int from_cache(struct cli *cli, const char *path, struct api_resp *out, const char *why)
{
	int64_t fetched;
	char *body = cache_get(cli, path, &fetched, NULL);

	if (!body)
		return -1;
	memset(out, 0, sizeof *out);
	out->status = 200;
	out->raw = body;
	parse_envelope(out);
	note_cached(cli, fetched, why);
	return 0;
}

static int cached_get(struct cli *cli, const char *path, struct api_resp *out, int quiet);

int api_get(struct cli *cli, const char *path, struct api_resp *out)
{
	return cached_get(cli, path, out, 0);
}

int api_get_quiet(struct cli *cli, const char *path, struct api_resp *out)
{
	return cached_get(cli, path, out, 1);
}

static int cached_get(struct cli *cli, const char *path, struct api_resp *out, int quiet)
{
	char *etag = NULL, *body, hdr[256];
	int64_t fetched;
	int rc;

	if (cli->offline && quiet) {
		memset(out, 0, sizeof *out);
		return EXIT_UNREACHABLE;
	}
	if (cli->offline) {
		if (from_cache(cli, path, out, "offline") == 0)
			return EXIT_OK;
		memset(out, 0, sizeof *out);
		cli_error(cli, "--offline: nothing cached for this yet; run the same command once "
			       "while %s is reachable", cli->server);
		return EXIT_UNREACHABLE;
	}
	/* Revalidate what the cache holds: 304 means it is still current. */
	body = cache_get(cli, path, &fetched, &etag);
	if (body && etag) {
		snprintf(hdr, sizeof hdr, "If-None-Match: %s", etag);
		rc = exchange(cli, "GET", path, NULL, NULL, hdr, API_AUTH, out, 1);
	} else {
		rc = api_call_quiet(cli, "GET", path, NULL, API_AUTH, out);
	}
	if (out->status == 304 && body) {
		rc = EXIT_OK;
		api_resp_free(out);
		out->status = 200;
		out->raw = body;
		body = NULL;
		out->etag = etag;
		etag = NULL;
		parse_envelope(out);
		cache_touch(cli, path);
	} else if (rc == EXIT_OK) {
		cache_put(cli, path, out->raw, out->etag);
	}
	free(body);
	free(etag);
	if (rc == EXIT_OK || quiet)
		return rc;
	if (rc == EXIT_UNREACHABLE) {
		char why[300];
		snprintf(why, sizeof why, "cannot reach %s", cli->server);
		api_resp_free(out);
		if (from_cache(cli, path, out, why) == 0)
			return EXIT_OK;
		memset(out, 0, sizeof *out);
		cli_error(cli, "cannot reach salesand at %s and nothing is cached for this; start it "
			       "with `salesan server start` or point --server / SALESAN_SERVER at a "
			       "running server", cli->server);
		return rc;
	}
	if (rc == EXIT_AUTH && !client_token(cli))
		cli_error(cli, "not logged in to %s; run `salesan login` first", cli->server);
	else
		api_report(cli, out, rc);
	return rc;
}

/* ---- streamed downloads ---- */

struct stream_ctx {
	CURL *h;
	int (*sink)(const char *data, size_t len, void *arg);
	void *arg;
	struct buf err;     /* the body of a non-2xx answer */
	int sink_failed;
	const char *want;   /* header to capture */
	size_t want_len;
	char *hdr;
};

static size_t stream_data(char *ptr, size_t size, size_t n, void *ud)
{
	struct stream_ctx *c = ud;
	size_t len = size * n;
	long status = 0;

	curl_easy_getinfo(c->h, CURLINFO_RESPONSE_CODE, &status);
	if (status < 200 || status >= 300) {
		if (c->err.len + len <= MAX_RESPONSE)
			buf_add(&c->err, ptr, len);
		return len;
	}
	if (c->sink(ptr, len, c->arg)) {
		c->sink_failed = 1;
		return 0;
	}
	return len;
}

static size_t stream_header(char *ptr, size_t size, size_t n, void *ud)
{
	struct stream_ctx *c = ud;
	size_t len = size * n;

	if (c->want && len > c->want_len + 1 && !strncasecmp(ptr, c->want, c->want_len) &&
	    ptr[c->want_len] == ':') {
		const char *v = ptr + c->want_len + 1;
		size_t vl = len - c->want_len - 1;
		while (vl && (*v == ' ' || *v == '\t'))
			v++, vl--;
		while (vl && (v[vl - 1] == '\r' || v[vl - 1] == '\n' || v[vl - 1] == ' '))
			vl--;
		free(c->hdr);
		c->hdr = xstrndup(v, vl);
	}
	return len;
}

static int stream_once(struct cli *cli, const char *path, struct stream_ctx *c, long *status,
		       const char **cerr)
{
	static char errbuf[CURL_ERROR_SIZE];
	struct curl_slist *h = NULL;
	struct buf url = BUF_INIT, auth = BUF_INIT;
	CURLcode rc;

	c->h = curl_easy_init();
	if (!c->h)
		abort();
	buf_addf(&url, "%s%s", cli->server, path);
	if (client_token(cli)) {
		buf_addf(&auth, "Authorization: Bearer %s", client_token(cli));
		h = curl_slist_append(h, auth.s);
	}
	errbuf[0] = '\0';
	curl_easy_setopt(c->h, CURLOPT_URL, url.s);
	curl_easy_setopt(c->h, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c->h, CURLOPT_USERAGENT, "salesan/" SALESAN_VERSION);
	curl_easy_setopt(c->h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c->h, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
	/* No overall limit (an export may be large), but a stalled one ends. */
	curl_easy_setopt(c->h, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(c->h, CURLOPT_LOW_SPEED_TIME, 120L);
	curl_easy_setopt(c->h, CURLOPT_WRITEFUNCTION, stream_data);
	curl_easy_setopt(c->h, CURLOPT_WRITEDATA, c);
	curl_easy_setopt(c->h, CURLOPT_HEADERFUNCTION, stream_header);
	curl_easy_setopt(c->h, CURLOPT_HEADERDATA, c);
	curl_easy_setopt(c->h, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c->h, CURLOPT_PROTOCOLS_STR, "http,https");
	rc = curl_easy_perform(c->h);
	curl_easy_getinfo(c->h, CURLINFO_RESPONSE_CODE, status);
	curl_easy_cleanup(c->h);
	curl_slist_free_all(h);
	if (auth.len)
		memset(auth.s, 0, auth.len);
	buf_free(&auth);
	buf_free(&url);
	*cerr = rc == CURLE_OK ? NULL : errbuf[0] ? errbuf : curl_easy_strerror(rc);
	return rc == CURLE_OK ? 0 : -1;
}

int api_stream_get(struct cli *cli, const char *path,
		   int (*sink)(const char *data, size_t len, void *arg), void *arg,
		   const char *want_header, char **header_out)
{
	struct stream_ctx c = { .sink = sink, .arg = arg, .want = want_header };
	struct api_resp r = { 0 };
	const char *cerr = NULL;
	long status = 0;
	int rc, attempt;

	c.want_len = want_header ? strlen(want_header) : 0;
	buf_init(&c.err);
	if (!client_token(cli)) {
		cli_error(cli, "not logged in to %s; run `salesan login` first", cli->server);
		return EXIT_AUTH;
	}
	for (attempt = 0; attempt < 2; attempt++) {
		buf_reset(&c.err);
		rc = stream_once(cli, path, &c, &status, &cerr);
		if (rc == 0 && status == 401 && attempt == 0 && !cli->env_token &&
		    strstr(c.err.s, "TOKEN_EXPIRED") && refresh_tokens(cli) == 0)
			continue;
		break;
	}
	if (c.sink_failed) {
		rc = EXIT_FAIL; /* the sink reported */
	} else if (rc != 0 && !status) {
		cli_error(cli, "cannot reach salesand at %s (%s)", cli->server, cerr);
		rc = EXIT_UNREACHABLE;
	} else if (rc != 0) {
		cli_error(cli, "the transfer broke off: %s", cerr);
		rc = EXIT_FAIL;
	} else if (status < 200 || status >= 300) {
		r.status = status;
		r.raw = buf_detach(&c.err, NULL);
		parse_envelope(&r);
		rc = status == 401 ? EXIT_AUTH : status == 404 ? EXIT_NOTFOUND : EXIT_FAIL;
		api_report(cli, &r, rc);
		api_resp_free(&r);
	} else {
		rc = EXIT_OK;
	}
	buf_free(&c.err);
	if (header_out)
		*header_out = c.hdr;
	else
		free(c.hdr);
	return rc;
}

int api_report(struct cli *cli, const struct api_resp *r, int rc)
{
	const cJSON *details = json_get(json_get(r->json, "error"), "details"), *d;
	const char *msg = r->message ? r->message : "unexpected response";

	if (r->status == 401) {
		if (r->code && (!strcmp(r->code, "TOKEN_EXPIRED") || !strcmp(r->code, "TOKEN_INVALID") ||
				!strcmp(r->code, "TOKEN_MISSING") || !strcmp(r->code, "USER_NOT_FOUND")))
			cli_error(cli, "%s; log in again with `salesan login`", msg);
		else
			cli_error(cli, "%s", msg);
		return rc;
	}
	if (r->status == 403) {
		cli_error(cli, "%s (your role does not allow this)", msg);
		return rc;
	}
	cli_error(cli, "%s%s%s%s", msg, r->status >= 500 ? " (server error " : "",
		  r->status >= 500 ? (r->code ? r->code : "?") : "", r->status >= 500 ? ")" : "");
	cJSON_ArrayForEach(d, details)
		fprintf(stderr, "  %s: %s\n", json_str(d, "path") ? json_str(d, "path") : "?",
			json_str(d, "msg") ? json_str(d, "msg") : "invalid");
	return rc;
}
