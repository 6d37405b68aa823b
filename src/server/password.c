#include "password.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int slots = 2;
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char dummy_hash[PASSWORD_HASH_MAX];

#define OPS crypto_pwhash_OPSLIMIT_INTERACTIVE
#define MEM crypto_pwhash_MEMLIMIT_INTERACTIVE

void password_init(int concurrency)
{
	slots = concurrency > 0 ? concurrency : 1;
}

static void acquire(void)
{
	pthread_mutex_lock(&lock);
	while (slots <= 0)
		pthread_cond_wait(&cond, &lock);
	slots--;
	pthread_mutex_unlock(&lock);
}

static void release(void)
{
	pthread_mutex_lock(&lock);
	slots++;
	pthread_cond_signal(&cond);
	pthread_mutex_unlock(&lock);
}

int password_hash(const char *pw, char out[PASSWORD_HASH_MAX])
{
	int rc;

	acquire();
	rc = crypto_pwhash_str(out, pw, strlen(pw), OPS, MEM);
	release();
	return rc == 0 ? 0 : -1;
}

int password_verify(const char *hash, const char *pw)
{
	int rc;

	if (!hash || strncmp(hash, "$argon2", 7) || strlen(hash) >= PASSWORD_HASH_MAX)
		return 0;
	acquire();
	rc = crypto_pwhash_str_verify(hash, pw, strlen(pw));
	release();
	return rc == 0;
}

static void make_dummy(void)
{
	if (crypto_pwhash_str(dummy_hash, "salesan-dummy-password", 22, OPS, MEM) != 0)
		dummy_hash[0] = '\0';
}

void password_dummy_verify(const char *pw)
{
	pthread_once(&dummy_once, make_dummy);
	(void)password_verify(dummy_hash, pw);
}

int password_needs_rehash(const char *hash)
{
	return crypto_pwhash_str_needs_rehash(hash, OPS, MEM) != 0;
}
