#include "jwt.h"
#include "common/buf.h"
#include "common/ids.h"
#include "common/json.h"

#include <sodium.h>
#include <string.h>

static void hmac(const unsigned char *key, size_t keylen, const char *msg, size_t n,
		 unsigned char out[crypto_auth_hmacsha256_BYTES])
{
	hmac_sha256(key, keylen, msg, n, NULL, 0, out);
}

char *jwt_sign(const cJSON *claims, const unsigned char *key, size_t keylen)
{
	static const char header[] = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	struct buf tok = BUF_INIT;
	char *payload = json_print(claims), *h64, *p64, *s64;

	h64 = b64url_encode((const unsigned char *)header, strlen(header));
	p64 = b64url_encode((const unsigned char *)payload, strlen(payload));
	buf_addf(&tok, "%s.%s", h64, p64);
	hmac(key, keylen, tok.s, tok.len, mac);
	s64 = b64url_encode(mac, sizeof mac);
	buf_addf(&tok, ".%s", s64);
	free(payload);
	free(h64);
	free(p64);
	free(s64);
	return buf_detach(&tok, NULL);
}

/* Decode one base64url segment into a JSON object. */
static cJSON *segment_json(const char *s, size_t n)
{
	size_t len;
	unsigned char *raw = b64url_decode(s, n, &len);
	cJSON *v;

	if (!raw)
		return NULL;
	v = json_parse((const char *)raw, len, 4, NULL);
	free(raw);
	if (v && !cJSON_IsObject(v)) {
		cJSON_Delete(v);
		return NULL;
	}
	return v;
}

static int claim_time(const cJSON *claims, const char *name, int64_t *out, int *present)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(claims, name);

	*present = v != NULL;
	if (!v)
		return 0;
	if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 1e11)
		return -1;
	*out = (int64_t)v->valuedouble;
	return 0;
}

enum jwt_status jwt_verify(const char *token, const unsigned char *key, size_t keylen,
			   int64_t now, int64_t leeway_s, cJSON **claims_out)
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	const char *d1, *d2, *alg, *typ;
	unsigned char *sig = NULL;
	size_t len = strlen(token), siglen;
	cJSON *header = NULL, *claims = NULL;
	enum jwt_status rc = JWT_MALFORMED;
	int64_t exp, nbf, iat;
	int has_exp, has_nbf, has_iat;

	if (claims_out)
		*claims_out = NULL;
	if (len == 0 || len > JWT_MAX_LEN)
		return JWT_MALFORMED;
	d1 = strchr(token, '.');
	d2 = d1 ? strchr(d1 + 1, '.') : NULL;
	if (!d1 || !d2 || strchr(d2 + 1, '.') || d1 == token || d2 == d1 + 1)
		return JWT_MALFORMED;
	header = segment_json(token, (size_t)(d1 - token));
	if (!header)
		goto out;
	alg = json_str(header, "alg");
	typ = json_str(header, "typ");
	if (!alg || strcmp(alg, "HS256") || (json_get(header, "typ") && (!typ || strcmp(typ, "JWT")))) {
		rc = JWT_BAD_ALG;
		goto out;
	}
	if (json_get(header, "crit")) {
		rc = JWT_BAD_ALG; /* we implement no extensions */
		goto out;
	}
	sig = b64url_decode(d2 + 1, strlen(d2 + 1), &siglen);
	if (!sig || siglen != sizeof mac) {
		rc = sig ? JWT_BAD_SIGNATURE : JWT_MALFORMED;
		goto out;
	}
	hmac(key, keylen, token, (size_t)(d2 - token), mac);
	if (crypto_verify_32(mac, sig) != 0) {
		rc = JWT_BAD_SIGNATURE;
		goto out;
	}
	claims = segment_json(d1 + 1, (size_t)(d2 - d1 - 1));
	if (!claims)
		goto out;
	if (claim_time(claims, "exp", &exp, &has_exp) || !has_exp ||
	    claim_time(claims, "nbf", &nbf, &has_nbf) || claim_time(claims, "iat", &iat, &has_iat))
		goto out;
	if (exp <= now) {
		rc = JWT_EXPIRED;
		goto out;
	}
	if ((has_nbf && nbf > now + leeway_s) || (has_iat && iat > now + leeway_s)) {
		rc = JWT_NOT_YET_VALID;
		goto out;
	}
	rc = JWT_OK;
	if (claims_out) {
		*claims_out = claims;
		claims = NULL;
	}
out:
	cJSON_Delete(header);
	cJSON_Delete(claims);
	free(sig);
	return rc;
}

const char *jwt_status_str(enum jwt_status s)
{
	switch (s) {
	case JWT_OK: return "ok";
	case JWT_MALFORMED: return "malformed token";
	case JWT_BAD_ALG: return "unsupported algorithm";
	case JWT_BAD_SIGNATURE: return "bad signature";
	case JWT_EXPIRED: return "expired";
	case JWT_NOT_YET_VALID: return "not yet valid";
	}
	return "?";
}
