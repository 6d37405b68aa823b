/*
 * netguard.h - outbound HTTP to addresses users supply (transcript URLs,
 * later webhook targets), refusing internal destinations.
 *
 * The check runs on the address libcurl is about to connect to (its
 * open-socket callback), so it holds after DNS resolution, for every
 * redirect hop and against DNS rebinding: no name is resolved twice.
 * Refused: loopback, RFC 1918 and CGNAT ranges, link-local (cloud
 * metadata at 169.254.169.254 included), unique-local IPv6, multicast,
 * reserved and unspecified addresses, and IPv4 embedded in IPv6
 * (mapped, NAT64) when the embedded address is one of those.  Proxies from
 * the environment are ignored.  An operator may allow chosen ranges
 * (SSRF_ALLOW, "10.1.0.0/16,127.0.0.1"), e.g. for an internal transcript
 * store.
 */
#ifndef SALESAN_NETGUARD_H
#define SALESAN_NETGUARD_H

#include "common/buf.h"

#include <stddef.h>
#include <sys/socket.h>

/* Parse an allow list ("CIDR,CIDR,..."); NULL (with a message in err) when
 * malformed.  An empty string gives an empty list.  Free with
 * netguard_allow_free. */
struct netguard_allow;
struct netguard_allow *netguard_allow_parse(const char *spec, struct buf *err);
void netguard_allow_free(struct netguard_allow *a);

/* 1 when sa is an internal destination not in allow (which may be NULL). */
int netguard_refused(const struct sockaddr *sa, const struct netguard_allow *allow);

/* Guard an existing libcurl handle (any method): its connections refuse
 * internal destinations.  g must outlive the transfer; after it,
 * g->refused says whether a destination was refused and g->error why. */
struct netguard_sock {
	const struct netguard_allow *allow;
	int refused;
	char error[128];
};
void netguard_guard(void *curl_handle, struct netguard_sock *g);

enum fetch_status {
	FETCH_OK = 0,
	FETCH_BAD_URL,     /* not an absolute http(s) URL with a host */
	FETCH_FORBIDDEN,   /* resolves to an internal address */
	FETCH_TOO_LARGE,   /* more than max_bytes */
	FETCH_TIMEOUT,
	FETCH_NETWORK,     /* DNS, connection, TLS or protocol failure */
};

struct fetch_result {
	enum fetch_status status;
	long http_status;         /* the final response's status, 0 when none */
	char content_type[128];   /* "" when none */
	struct buf body;          /* owned; free with buf_free */
	char error[256];          /* what went wrong, for logs and answers */
};

/*
 * GET url (at most 5 redirects, http and https only) within timeout_ms,
 * reading at most max_bytes of body.  Blocks; call it from a worker.
 * Always fills *out (caller frees out->body); returns out->status.
 */
enum fetch_status netguard_get(const char *url, long timeout_ms, size_t max_bytes,
			       const struct netguard_allow *allow, struct fetch_result *out);

#endif
