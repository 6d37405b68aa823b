/* JWT: signing matches the reference, and every forgery is refused. */
#include "tap.h"
#include "common/buf.h"
#include "common/ids.h"
#include "common/json.h"
#include "server/jwt.h"

#include <stdlib.h>

static const unsigned char KEY[] = "0123456789abcdef0123456789abcdef-test";
#define KEYLEN (sizeof KEY - 1)

/* "header.payload." with an empty signature, from raw JSON texts. */
static char *unsigned_token(const char *header, const char *payload)
{
	char *h = b64url_encode((const unsigned char *)header, strlen(header));
	char *p = b64url_encode((const unsigned char *)payload, strlen(payload));
	struct buf b = BUF_INIT;

	buf_addf(&b, "%s.%s.", h, p);
	free(h);
	free(p);
	return buf_detach(&b, NULL);
}

int main(void)
{
	const int64_t now = 1700000000;
	cJSON *c, *out = NULL;
	char *tok, *t2;
	char payload[256];

	ids_init();
	json_init();

	/* The jwt.io reference token. */
	c = cJSON_Parse("{\"sub\":\"1234567890\",\"name\":\"John Doe\",\"iat\":1516239022}");
	tok = jwt_sign(c, (const unsigned char *)"your-256-bit-secret", 19);
	is_str(tok, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6Ikpv"
		    "aG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
	       "HS256 signature matches the jwt.io reference");
	is_int(jwt_verify(tok, (const unsigned char *)"your-256-bit-secret", 19, now, 0, NULL),
	       JWT_MALFORMED, "a token without exp is refused");
	free(tok);
	cJSON_Delete(c);

	/* Round trip. */
	snprintf(payload, sizeof payload, "{\"userId\":\"u1\",\"iat\":%lld,\"exp\":%lld}",
		 (long long)now, (long long)now + 60);
	c = cJSON_Parse(payload);
	tok = jwt_sign(c, KEY, KEYLEN);
	is_int(jwt_verify(tok, KEY, KEYLEN, now, 0, &out), JWT_OK, "valid token verifies");
	is_str(json_str(out, "userId"), "u1", "claims come back");
	cJSON_Delete(out);
	is_int(jwt_verify(tok, (const unsigned char *)"another-key-another-key-another-key", 35, now,
			  0, NULL),
	       JWT_BAD_SIGNATURE, "wrong key is refused");
	is_int(jwt_verify(tok, KEY, KEYLEN, now + 60, 0, NULL), JWT_EXPIRED, "expired at exp");
	is_int(jwt_verify(tok, KEY, KEYLEN, now + 3600, 0, NULL), JWT_EXPIRED, "expired later");

	/* Tampered payload: same signature, different claims. */
	{
		const char *d1 = strchr(tok, '.'), *d2 = strrchr(tok, '.');
		char *evil = b64url_encode((const unsigned char *)"{\"userId\":\"admin\",\"exp\":9999999999}", 35);
		struct buf b = BUF_INIT;
		buf_add(&b, tok, (size_t)(d1 - tok) + 1);
		buf_addstr(&b, evil);
		buf_addstr(&b, d2);
		is_int(jwt_verify(b.s, KEY, KEYLEN, now, 0, NULL), JWT_BAD_SIGNATURE,
		       "tampered payload is refused");
		/* Empty signature. */
		buf_reset(&b);
		buf_add(&b, tok, (size_t)(d2 - tok) + 1);
		ok(jwt_verify(b.s, KEY, KEYLEN, now, 0, NULL) != JWT_OK, "empty signature is refused");
		/* Truncated signature. */
		buf_reset(&b);
		buf_add(&b, tok, strlen(tok) - 2);
		ok(jwt_verify(b.s, KEY, KEYLEN, now, 0, NULL) != JWT_OK, "truncated signature is refused");
		buf_free(&b);
		free(evil);
	}
	cJSON_Delete(c);
	free(tok);

	/* alg none and friends, with and without a signature. */
	{
		const char *algs[] = { "none", "None", "NONE", "HS512", "RS256", "hs256", "" };
		size_t i;
		for (i = 0; i < sizeof algs / sizeof algs[0]; i++) {
			char hdr[64];
			snprintf(hdr, sizeof hdr, "{\"alg\":\"%s\",\"typ\":\"JWT\"}", algs[i]);
			t2 = unsigned_token(hdr, payload);
			is_int(jwt_verify(t2, KEY, KEYLEN, now, 0, NULL), JWT_BAD_ALG, "alg refused");
			free(t2);
		}
		t2 = unsigned_token("{\"typ\":\"JWT\"}", payload);
		is_int(jwt_verify(t2, KEY, KEYLEN, now, 0, NULL), JWT_BAD_ALG, "missing alg refused");
		free(t2);
		t2 = unsigned_token("{\"alg\":\"HS256\",\"crit\":[\"x\"]}", payload);
		is_int(jwt_verify(t2, KEY, KEYLEN, now, 0, NULL), JWT_BAD_ALG, "crit header refused");
		free(t2);
	}

	/* Not yet valid. */
	snprintf(payload, sizeof payload, "{\"nbf\":%lld,\"exp\":%lld}", (long long)now + 600,
		 (long long)now + 1200);
	c = cJSON_Parse(payload);
	tok = jwt_sign(c, KEY, KEYLEN);
	is_int(jwt_verify(tok, KEY, KEYLEN, now, 60, NULL), JWT_NOT_YET_VALID, "nbf in the future");
	free(tok);
	cJSON_Delete(c);
	snprintf(payload, sizeof payload, "{\"exp\":\"soon\"}");
	c = cJSON_Parse(payload);
	tok = jwt_sign(c, KEY, KEYLEN);
	is_int(jwt_verify(tok, KEY, KEYLEN, now, 0, NULL), JWT_MALFORMED, "non-numeric exp");
	free(tok);
	cJSON_Delete(c);

	/* Shapes. */
	is_int(jwt_verify("", KEY, KEYLEN, now, 0, NULL), JWT_MALFORMED, "empty token");
	is_int(jwt_verify("abc", KEY, KEYLEN, now, 0, NULL), JWT_MALFORMED, "one part");
	is_int(jwt_verify("a.b", KEY, KEYLEN, now, 0, NULL), JWT_MALFORMED, "two parts");
	is_int(jwt_verify("a.b.c.d", KEY, KEYLEN, now, 0, NULL), JWT_MALFORMED, "four parts");
	is_int(jwt_verify("!!!.###.$$$", KEY, KEYLEN, now, 0, NULL), JWT_MALFORMED, "not base64url");
	{
		char *huge = malloc(JWT_MAX_LEN + 10);
		memset(huge, 'a', JWT_MAX_LEN + 9);
		huge[JWT_MAX_LEN + 9] = '\0';
		huge[10] = '.';
		huge[20] = '.';
		is_int(jwt_verify(huge, KEY, KEYLEN, now, 0, NULL), JWT_MALFORMED, "oversized token");
		free(huge);
	}
	/* The refresh tokens salesand issues are opaque, never JWTs. */
	t2 = random_token(32);
	is_int(jwt_verify(t2, KEY, KEYLEN, now, 0, NULL), JWT_MALFORMED, "opaque refresh token is no JWT");
	free(t2);
	return done_testing();
}
