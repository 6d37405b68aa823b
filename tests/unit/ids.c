/* UUIDs, random tokens, base64url and hashing. */
#include "tap.h"
#include "common/ids.h"

#include <stdlib.h>

int main(void)
{
	char a[UUID_STR_LEN], b[UUID_STR_LEN], hex[65];
	size_t n;
	int i, distinct = 1, shape = 1;
	unsigned char *bin;
	char *enc, *t;

	ids_init();
	for (i = 0; i < 1000; i++) {
		uuid_v4(a);
		uuid_v4(b);
		distinct &= strcmp(a, b) != 0;
		shape &= uuid_valid(a) && a[14] == '4' && strchr("89ab", a[19]) != NULL &&
			 strlen(a) == 36;
	}
	ok(shape, "UUIDs are version 4, variant 1, 36 characters");
	ok(distinct, "UUIDs differ");
	ok(uuid_valid("967DF29E-46C2-4FF0-8ED9-8E9380436865"), "uppercase UUID is valid");
	ok(!uuid_valid("967df29e-46c2-4ff0-8ed9-8e938043686"), "short UUID is invalid");
	ok(!uuid_valid("967df29e-46c2-4ff0-8ed9-8e93804368655"), "long UUID is invalid");
	ok(!uuid_valid("967df29e_46c2-4ff0-8ed9-8e9380436865"), "wrong separator is invalid");
	ok(!uuid_valid("g67df29e-46c2-4ff0-8ed9-8e9380436865"), "non-hex is invalid");
	ok(!uuid_valid("not-a-uuid"), "text is invalid");
	ok(!uuid_valid(""), "empty is invalid");
	ok(!uuid_valid(NULL), "NULL is invalid");
	ok(!uuid_valid("' OR 1=1 --"), "SQL is invalid");

	enc = b64url_encode((const unsigned char *)"\xfb\xff\xfe", 3);
	is_str(enc, "-__-", "base64url alphabet");
	free(enc);
	enc = b64url_encode((const unsigned char *)"ab", 2);
	is_str(enc, "YWI", "no padding");
	bin = b64url_decode("YWI=", 4, &n);
	ok(bin && n == 2 && !memcmp(bin, "ab", 2), "padding tolerated when decoding");
	free(bin);
	free(enc);
	ok(b64url_decode("a+b/", 4, &n) == NULL, "standard base64 characters refused");
	t = random_token(32);
	is_int(strlen(t), 43, "32-byte tokens are 43 characters");
	free(t);
	sha256_hex("abc", 3, hex);
	is_str(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "SHA-256 of abc");
	ok(ct_equal("same", "same", 4) && !ct_equal("same", "sane", 4), "constant-time compare");
	return done_testing();
}
