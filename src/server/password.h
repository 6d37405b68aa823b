/*
 * password.h - Argon2id password hashing (libsodium crypto_pwhash_str).
 *
 * Hashing costs ~60 ms and 64 MiB, so it runs on worker threads only and at
 * most password_init()'s concurrency at once (callers beyond that wait).
 */
#ifndef SALESAN_PASSWORD_H
#define SALESAN_PASSWORD_H

#define PASSWORD_HASH_MAX 128 /* crypto_pwhash_STRBYTES */

/* Set the number of simultaneous hashes (>= 1).  Call before threads. */
void password_init(int concurrency);
/* Hash pw into out.  Returns 0, or -1 when memory ran out. */
int password_hash(const char *pw, char out[PASSWORD_HASH_MAX]);
/* 1 when pw matches hash, 0 otherwise (including a malformed hash). */
int password_verify(const char *hash, const char *pw);
/* Spend the same time as a verify, for unknown accounts, so that login
 * timing does not reveal whether an email is registered. */
void password_dummy_verify(const char *pw);
/* 1 when hash uses weaker parameters than password_hash would. */
int password_needs_rehash(const char *hash);

#endif
