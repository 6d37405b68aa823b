/*
 * netguard.c - see netguard.h.
 */
#include "netguard.h"
#include "common/xmalloc.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct range {
	int family;
	unsigned char addr[16];
	int bits;
};

struct netguard_allow {
	struct range *v;
	size_t n;
};

static int in_range(const unsigned char *a, const unsigned char *net, int bits)
{
	int full = bits / 8, rest = bits % 8;

	if (memcmp(a, net, (size_t)full))
		return 0;
	return !rest || ((a[full] ^ net[full]) & (0xff << (8 - rest)) & 0xff) == 0;
}

static int v4_internal(const unsigned char *a)
{
	static const struct { unsigned char net[4]; int bits; } bad[] = {
		{ { 0, 0, 0, 0 }, 8 },        /* "this" network */
		{ { 10, 0, 0, 0 }, 8 },       /* private */
		{ { 100, 64, 0, 0 }, 10 },    /* carrier-grade NAT */
		{ { 127, 0, 0, 0 }, 8 },      /* loopback */
		{ { 169, 254, 0, 0 }, 16 },   /* link-local, cloud metadata */
		{ { 172, 16, 0, 0 }, 12 },    /* private */
		{ { 192, 0, 0, 0 }, 24 },     /* IETF protocol assignments */
		{ { 192, 0, 2, 0 }, 24 },     /* documentation */
		{ { 192, 88, 99, 0 }, 24 },   /* 6to4 relay */
		{ { 192, 168, 0, 0 }, 16 },   /* private */
		{ { 198, 18, 0, 0 }, 15 },    /* benchmarking */
		{ { 198, 51, 100, 0 }, 24 },  /* documentation */
		{ { 203, 0, 113, 0 }, 24 },   /* documentation */
		{ { 224, 0, 0, 0 }, 4 },      /* multicast */
		{ { 240, 0, 0, 0 }, 4 },      /* reserved, broadcast */
	};
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (in_range(a, bad[i].net, bad[i].bits))
			return 1;
	return 0;
}

static int v6_internal(const unsigned char *a)
{
	static const unsigned char zero[16], mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	static const unsigned char nat64[12] = { 0, 0x64, 0xff, 0x9b };
	static const struct { unsigned char net[16]; int bits; } bad[] = {
		{ { 0xfc }, 7 },                 /* unique local (incl. fd00:ec2::254) */
		{ { 0xfe, 0x80 }, 10 },          /* link-local */
		{ { 0xfe, 0xc0 }, 10 },          /* site-local (deprecated) */
		{ { 0xff }, 8 },                 /* multicast */
		{ { 0x20, 0x01, 0x0d, 0xb8 }, 32 }, /* documentation */
		{ { 0x20, 0x02 }, 16 },          /* 6to4: embeds any IPv4 */
		{ { 0x20, 0x01, 0, 0 }, 32 },    /* Teredo */
		{ { 0x01, 0, 0, 0, 0, 0, 0, 0 }, 64 }, /* discard-only */
	};
	size_t i;

	if (!memcmp(a, zero, 15) && (a[15] == 0 || a[15] == 1))
		return 1; /* unspecified, loopback */
	if (!memcmp(a, mapped, 12) || !memcmp(a, nat64, 12) || !memcmp(a, zero, 12))
		return v4_internal(a + 12); /* IPv4-mapped, NAT64, IPv4-compatible */
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (in_range(a, bad[i].net, bad[i].bits))
			return 1;
	return 0;
}

int netguard_refused(const struct sockaddr *sa, const struct netguard_allow *allow)
{
	const unsigned char *a;
	int family = sa->sa_family, internal;
	size_t i;

	if (family == AF_INET) {
		a = (const unsigned char *)&((const struct sockaddr_in *)(const void *)sa)->sin_addr;
		internal = v4_internal(a);
	} else if (family == AF_INET6) {
		a = (const unsigned char *)&((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
		internal = v6_internal(a);
	} else {
		return 1; /* unix sockets and anything else */
	}
	if (!internal)
		return 0;
	for (i = 0; allow && i < allow->n; i++)
		if (allow->v[i].family == family && in_range(a, allow->v[i].addr, allow->v[i].bits))
			return 0;
	return 1;
}

struct netguard_allow *netguard_allow_parse(const char *spec, struct buf *err)
{
	struct netguard_allow *al = xcalloc(1, sizeof *al);
	char *copy = xstrdup(spec), *save = NULL, *tok;

	for (tok = strtok_r(copy, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
		struct range r = { 0 };
		char *slash = strchr(tok, '/'), *end;
		long bits;

		if (slash)
			*slash = '\0';
		if (inet_pton(AF_INET, tok, r.addr) == 1) {
			r.family = AF_INET;
			r.bits = 32;
		} else if (inet_pton(AF_INET6, tok, r.addr) == 1) {
			r.family = AF_INET6;
			r.bits = 128;
		} else {
			buf_addf(err, "\"%s\" is not an IP address or CIDR range", tok);
			goto bad;
		}
		if (slash) {
			bits = strtol(slash + 1, &end, 10);
			if (!slash[1] || *end || bits < 0 || bits > r.bits) {
				buf_addf(err, "bad prefix length in \"%s/%s\"", tok, slash + 1);
				goto bad;
			}
			r.bits = (int)bits;
		}
		al->v = xrealloc(al->v, (al->n + 1) * sizeof *al->v);
		al->v[al->n++] = r;
	}
	free(copy);
	return al;
bad:
	free(copy);
	netguard_allow_free(al);
	return NULL;
}

void netguard_allow_free(struct netguard_allow *a)
{
	if (a) {
		free(a->v);
		free(a);
	}
}

struct fetch_ctx {
	struct netguard_sock g;
	struct fetch_result *out;
	size_t max;
	int too_large;
};

static curl_socket_t open_socket(void *ud, curlsocktype purpose, struct curl_sockaddr *addr)
{
	struct netguard_sock *g = ud;
	char host[INET6_ADDRSTRLEN] = "?";

	(void)purpose;
	if (netguard_refused(&addr->addr, g->allow)) {
		if (addr->family == AF_INET)
			inet_ntop(AF_INET, &((struct sockaddr_in *)(void *)&addr->addr)->sin_addr, host,
				  sizeof host);
		else if (addr->family == AF_INET6)
			inet_ntop(AF_INET6, &((struct sockaddr_in6 *)(void *)&addr->addr)->sin6_addr,
				  host, sizeof host);
		snprintf(g->error, sizeof g->error, "destination %s is an internal address", host);
		g->refused = 1;
		return CURL_SOCKET_BAD;
	}
	return socket(addr->family, addr->socktype, addr->protocol);
}

void netguard_guard(void *curl_handle, struct netguard_sock *g)
{
	CURL *h = curl_handle;

	g->refused = 0;
	g->error[0] = '\0';
	curl_easy_setopt(h, CURLOPT_PROXY, ""); /* never an environment proxy */
	curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, open_socket);
	curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, g);
}

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
	struct fetch_ctx *c = ud;

	if (c->out->body.len + n > c->max) {
		c->too_large = 1;
		return 0; /* abort the transfer */
	}
	buf_add(&c->out->body, p, size * n);
	return size * n;
}

static int url_ok(const char *url, struct fetch_result *out)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL;
	int ok = 0;

	if (strlen(url) > 4096 || strpbrk(url, " \t\r\n"))
		goto done;
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK)
		goto done;
	if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || !*host)
		goto done;
	ok = !strcmp(scheme, "http") || !strcmp(scheme, "https");
done:
	if (!ok)
		snprintf(out->error, sizeof out->error, "not an absolute http(s) URL");
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return ok;
}

enum fetch_status netguard_get(const char *url, long timeout_ms, size_t max_bytes,
			       const struct netguard_allow *allow, struct fetch_result *out)
{
	struct fetch_ctx c = { { allow, 0, "" }, out, max_bytes, 0 };
	char *ct = NULL;
	CURLcode cc;
	CURL *h;

	memset(out, 0, sizeof *out);
	if (!url_ok(url, out))
		return out->status = FETCH_BAD_URL;
	h = curl_easy_init();
	if (!h) {
		snprintf(out->error, sizeof out->error, "out of memory");
		return out->status = FETCH_NETWORK;
	}
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	netguard_guard(h, &c.g);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms < 5000 ? timeout_ms : 5000L);
	curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)max_bytes);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &c);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "salesand");
	curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, ""); /* whatever curl can decode */
	cc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out->http_status);
	if (curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct)
		snprintf(out->content_type, sizeof out->content_type, "%s", ct);
	curl_easy_cleanup(h);
	if (c.g.refused) {
		snprintf(out->error, sizeof out->error, "%s", c.g.error);
		out->status = FETCH_FORBIDDEN;
	}
	else if (c.too_large || cc == CURLE_FILESIZE_EXCEEDED) {
		snprintf(out->error, sizeof out->error, "response larger than %zu bytes", max_bytes);
		out->status = FETCH_TOO_LARGE;
	} else if (cc == CURLE_OPERATION_TIMEDOUT) {
		snprintf(out->error, sizeof out->error, "no complete answer within %ld ms", timeout_ms);
		out->status = FETCH_TIMEOUT;
	} else if (cc != CURLE_OK) {
		snprintf(out->error, sizeof out->error, "%s", curl_easy_strerror(cc));
		out->status = FETCH_NETWORK;
	} else {
		out->status = FETCH_OK;
	}
	if (out->status != FETCH_OK)
		buf_free(&out->body);
	return out->status;
}
