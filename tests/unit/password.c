/* Argon2id password hashing. */
#include "tap.h"
#include "common/ids.h"
#include "server/password.h"

#include <sodium.h>

int main(void)
{
	char h1[PASSWORD_HASH_MAX], h2[PASSWORD_HASH_MAX], weak[PASSWORD_HASH_MAX];

	ids_init();
	password_init(2);
	ok(password_hash("correct horse", h1) == 0, "hash succeeds");
	ok(!strncmp(h1, "$argon2id$", 10), "the hash is Argon2id");
	ok(password_verify(h1, "correct horse"), "the right password verifies");
	ok(!password_verify(h1, "correct horsE"), "a wrong password does not");
	ok(!password_verify(h1, ""), "an empty password does not");
	ok(password_hash("correct horse", h2) == 0 && strcmp(h1, h2), "hashes are salted");
	ok(!password_needs_rehash(h1), "current parameters need no rehash");
	ok(crypto_pwhash_str(weak, "pw", 2, crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN) == 0,
	   "a weak hash can be made");
	ok(password_verify(weak, "pw"), "weak hashes still verify");
	ok(password_needs_rehash(weak), "weak parameters ask for a rehash");
	ok(!password_verify("not a hash", "pw"), "a malformed hash never verifies");
	ok(!password_verify(NULL, "pw"), "a missing hash never verifies");
	ok(!password_verify("$2a$12$abcdefghijklmnopqrstuv", "pw"), "a bcrypt hash is not accepted");
	password_dummy_verify("anything");
	ok(1, "the dummy verification runs");
	return done_testing();
}
