/*
 * ids.h - identifiers, random tokens and the encodings they travel in.
 *
 * All randomness comes from libsodium's randombytes; ids_init() must have
 * been called once (it calls sodium_init) before any other function here.
 */
#ifndef SALESAN_IDS_H
#define SALESAN_IDS_H

#include <stddef.h>

#define UUID_STR_LEN 37 /* 36 characters plus NUL */

/* Initialise libsodium.  Returns 0, or -1 when the library cannot start. */
int ids_init(void);

/* Write a fresh random (version 4) UUID in lowercase 8-4-4-4-12 form. */
void uuid_v4(char out[UUID_STR_LEN]);
/* True when s is exactly a UUID in 8-4-4-4-12 hex form (any version, any
 * case).  Used to reject malformed path ids with 404 before touching SQL. */
int uuid_valid(const char *s);

/* n random bytes, base64url without padding, NUL-terminated in a new
 * malloc'd string (the caller frees). */
char *random_token(size_t nbytes);

/* base64url (no padding) of n bytes; malloc'd, caller frees. */
char *b64url_encode(const unsigned char *data, size_t n);
/*
 * Decode base64url text (padding '=' tolerated and ignored).  Returns a
 * malloc'd buffer (NUL-terminated for convenience, caller frees) and its
 * length in *outlen, or NULL when the input is not valid base64url.
 */
unsigned char *b64url_decode(const char *s, size_t len, size_t *outlen);

/* SHA-256 of n bytes as 64 lowercase hex characters plus NUL. */
void sha256_hex(const void *data, size_t n, char out[65]);

/* Constant-time equality of two byte strings of equal length n. */
/* HMAC-SHA256 of the concatenation a || b (b may be NULL) under key (any
 * length) into out. */
void hmac_sha256(const void *key, size_t keylen, const void *a, size_t na, const void *b,
		 size_t nb, unsigned char out[32]);

int ct_equal(const void *a, const void *b, size_t n);

#endif
