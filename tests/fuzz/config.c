/*
 * Fuzz target: the KEY = value configuration format (salesan's config and
 * credentials, salesand.conf).
 */
#include "fuzz.h"
#include "common/conf.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conf c = { 0 };
	char *err = NULL;

	conf_parse(&c, (const char *)data, size, &err);
	free(err);
	conf_free(&c);
	return 0;
}
