#include "ids.h"
#include "xmalloc.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

int ids_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

void uuid_v4(char out[UUID_STR_LEN])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char b[16];
	int i, o = 0;

	randombytes_buf(b, sizeof b);
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[b[i] >> 4];
		out[o++] = hex[b[i] & 15];
	}
	out[o] = '\0';
}

int uuid_valid(const char *s)
{
	int i;

	if (!s)
		return 0;
	for (i = 0; i < 36; i++) {
		char c = s[i];
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (c != '-')
				return 0;
		} else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
			     (c >= 'A' && c <= 'F'))) {
			return 0;
		}
	}
	return s[36] == '\0';
}

char *b64url_encode(const unsigned char *data, size_t n)
{
	const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
	size_t len = sodium_base64_ENCODED_LEN(n, variant);
	char *out = xmalloc(len);

	sodium_bin2base64(out, len, data, n, variant);
	return out;
}

unsigned char *b64url_decode(const char *s, size_t len, size_t *outlen)
{
	unsigned char *out;
	size_t bin_len = 0;

	while (len && s[len - 1] == '=')
		len--;
	out = xmalloc(len * 3 / 4 + 2);
	if (sodium_base642bin(out, len * 3 / 4 + 1, s, len, NULL, &bin_len, NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
		free(out);
		return NULL;
	}
	out[bin_len] = '\0';
	*outlen = bin_len;
	return out;
}

char *random_token(size_t nbytes)
{
	unsigned char *b = xmalloc(nbytes);
	char *tok;

	randombytes_buf(b, nbytes);
	tok = b64url_encode(b, nbytes);
	sodium_memzero(b, nbytes);
	free(b);
	return tok;
}

void sha256_hex(const void *data, size_t n, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, data, n);
	sodium_bin2hex(out, 65, h, sizeof h);
}

int ct_equal(const void *a, const void *b, size_t n)
{
	return sodium_memcmp(a, b, n) == 0;
}

void hmac_sha256(const void *key, size_t keylen, const void *a, size_t na, const void *b,
		 size_t nb, unsigned char out[32])
{
	crypto_auth_hmacsha256_state st;

	/* The streaming API accepts keys of any length; the one-shot call
	 * requires exactly 32 bytes. */
	crypto_auth_hmacsha256_init(&st, key, keylen);
	crypto_auth_hmacsha256_update(&st, a, na);
	if (b)
		crypto_auth_hmacsha256_update(&st, b, nb);
	crypto_auth_hmacsha256_final(&st, out);
}
