/*
 * jwt.h - JSON Web Tokens, HS256 only (HMAC-SHA256 via libsodium).
 *
 * Only tokens whose header says exactly {"alg":"HS256"} (typ "JWT" or
 * absent) are accepted: "none", other algorithms and any header that
 * cannot be parsed are rejected before the signature is looked at.  The
 * signature is compared in constant time.
 */
#ifndef SALESAN_JWT_H
#define SALESAN_JWT_H

#include <cJSON.h>
#include <stddef.h>
#include <stdint.h>

#define JWT_MAX_LEN 8192

enum jwt_status {
	JWT_OK = 0,
	JWT_MALFORMED,     /* not three base64url parts of JSON objects */
	JWT_BAD_ALG,       /* alg other than HS256 */
	JWT_BAD_SIGNATURE,
	JWT_EXPIRED,       /* exp <= now */
	JWT_NOT_YET_VALID, /* nbf > now (+ leeway) or iat in the future */
};

/* Sign claims (not consumed) with key.  Returns a malloc'd token. */
char *jwt_sign(const cJSON *claims, const unsigned char *key, size_t keylen);

/*
 * Verify token at time now (seconds since the epoch).  A token without
 * "exp" is rejected as malformed: every token salesand issues expires.
 * On JWT_OK, *claims (when claims is non-NULL) receives the payload,
 * owned by the caller.  leeway_s tolerates clock skew for nbf/iat.
 */
enum jwt_status jwt_verify(const char *token, const unsigned char *key, size_t keylen,
			   int64_t now, int64_t leeway_s, cJSON **claims);

const char *jwt_status_str(enum jwt_status s);

#endif
