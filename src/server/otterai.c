/*
 * otterai.c - see otterai.h.
 */
#include "otterai.h"
#include "netguard.h"
#include "store.h"
#include "common/buf.h"
#include "common/json.h"
#include "common/log.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int otterai_configured(const struct srv_config *cfg)
{
	return cfg->otterai_api_key && *cfg->otterai_api_key;
}

int otterai_target_for(struct db *db, const struct srv_config *cfg, const char *org_id,
		       struct otterai_target *t)
{
	char *conf = NULL;
	int rc = DB_DONE;

	memset(t, 0, sizeof *t);
	t->timeout_ms = cfg->otterai_timeout_ms;
	t->allow = cfg->ssrf_allow;
	if (org_id && org_id[0] && db)
		rc = store_integration_get(db, org_id, "otterai", &conf, NULL);
	if (rc == DB_ROW) {
		cJSON *j = cJSON_Parse(conf);
		const char *url = json_str(j, "apiUrl"), *key = json_str(j, "apiKey");

		t->source = "organization";
		t->guarded = 1;
		snprintf(t->url, sizeof t->url, "%s", url ? url : cfg->otterai_api_url);
		snprintf(t->key, sizeof t->key, "%s", key ? key : "");
		if (conf)
			memset(conf, 0, strlen(conf));
		cJSON_Delete(j);
		free(conf);
		return t->key[0] != '\0';
	}
	free(conf);
	if (rc != DB_DONE)
		return -1;
	t->source = "server";
	snprintf(t->url, sizeof t->url, "%s", cfg->otterai_api_url);
	snprintf(t->key, sizeof t->key, "%s", cfg->otterai_api_key ? cfg->otterai_api_key : "");
	return t->key[0] != '\0';
}

void otterai_target_clear(struct otterai_target *t)
{
	memset(t->key, 0, sizeof t->key);
}

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
	struct buf *b = ud;

	if (b->len + n > OTTERAI_MAX_RESPONSE)
		return 0;
	buf_add(b, p, size * n);
	return size * n;
}

/* One attempt.  Returns the curl code; *status and body filled. */
static CURLcode attempt(const struct otterai_target *t, const char *method, const char *url,
			const char *payload, long *status, struct buf *body, char *why, size_t whylen)
{
	struct curl_slist *h = NULL;
	struct buf auth = BUF_INIT;
	struct netguard_sock g = { t->allow, 0, "" };
	CURLcode cc;
	CURL *c = curl_easy_init();

	if (!c)
		return CURLE_OUT_OF_MEMORY;
	if (t->guarded)
		netguard_guard(c, &g);
	buf_addf(&auth, "Authorization: Bearer %s", t->key);
	h = curl_slist_append(h, auth.s);
	h = curl_slist_append(h, "Content-Type: application/json");
	h = curl_slist_append(h, "Accept: application/json");
	h = curl_slist_append(h, "Expect:");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, t->timeout_ms);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, t->timeout_ms < 5000 ? t->timeout_ms : 5000L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "salesand");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, body);
	if (payload) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, payload);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(payload));
	}
	cc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
	if (g.refused)
		snprintf(why, whylen, "%s", g.error);
	curl_slist_free_all(h);
	memset(auth.s, 0, auth.len);
	buf_free(&auth);
	curl_easy_cleanup(c);
	return cc;
}

int otterai_call(const struct otterai_target *t, const char *method, const char *path,
		 const cJSON *body, struct otterai_result *out)
{
	static const unsigned backoff_ms[] = { 250, 1000 };
	struct buf url = BUF_INIT, resp = BUF_INIT;
	char *payload = body ? json_print(body) : NULL;
	const char *err = NULL;
	CURLcode cc = CURLE_OK;
	size_t base;
	int i, ret = -1;

	char refused[128] = "";

	memset(out, 0, sizeof *out);
	if (!t->key[0]) {
		snprintf(out->error, sizeof out->error, "OtterAI is not configured (OTTERAI_API_KEY)");
		free(payload);
		return -1;
	}
	buf_addstr(&url, t->url);
	base = url.len;
	while (base && url.s[base - 1] == '/')
		base--;
	buf_truncate(&url, base);
	buf_addstr(&url, path);
	for (i = 0; i < 3; i++) {
		if (i)
			usleep(backoff_ms[i - 1] * 1000u);
		buf_reset(&resp);
		out->http_status = 0;
		cc = attempt(t, method, url.s, payload, &out->http_status, &resp, refused,
			     sizeof refused);
		if (refused[0] || (cc == CURLE_OK && out->http_status != 429 && out->http_status < 500))
			break;
		log_warn("otterai: %s %s attempt %d failed: %s", method, path, i + 1,
			 cc != CURLE_OK ? curl_easy_strerror(cc) : "server error");
	}
	if (refused[0]) {
		snprintf(out->error, sizeof out->error, "OtterAI URL refused: %s", refused);
	} else if (cc != CURLE_OK) {
		snprintf(out->error, sizeof out->error, "OtterAI unreachable: %s",
			 curl_easy_strerror(cc));
	} else if (out->http_status < 200 || out->http_status > 299) {
		snprintf(out->error, sizeof out->error, "OtterAI answered %ld", out->http_status);
	} else {
		out->json = json_parse(resp.s ? resp.s : "", resp.len, 64, &err);
		if (!cJSON_IsObject(out->json)) {
			cJSON_Delete(out->json);
			out->json = NULL;
			snprintf(out->error, sizeof out->error, "OtterAI sent an answer that is not a"
								  " JSON object");
		} else {
			ret = 0;
		}
	}
	buf_free(&url);
	buf_free(&resp);
	free(payload);
	return ret;
}
