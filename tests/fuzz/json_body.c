/*
 * Fuzz target: a JSON request body as the API handlers see it: parsed with
 * the server's bounds, then validated against every resource's fields in
 * both modes, and a script's structure normalised.
 */
#include "fuzz.h"
#include "server/store.h"
#include "server/validate.h"
#include "analysis/script.h"
#include "common/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int init;
	const struct { const struct field *f; const size_t *n; } tables[] = {
		{ call_fields, &call_nfields }, { user_fields, &user_nfields },
		{ org_fields, &org_nfields }, { script_fields, &script_nfields },
		{ notification_fields, &notification_nfields },
	};
	struct script_problem probs[8];
	struct script_norm n;
	cJSON *body;
	size_t i;

	if (!init++)
		json_init();
	body = json_parse((const char *)data, size, JSON_MAX_DEPTH, NULL);
	if (!body)
		return 0;
	for (i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		for (unsigned mode = FF_CREATE; mode <= FF_UPDATE; mode <<= 1) {
			struct fvals v = { 0 };
			struct verrs e = { 0 };
			fields_parse(tables[i].f, *tables[i].n, body, mode, &v, &e);
			fvals_free(&v);
			verrs_free(&e);
		}
	}
	if (!script_normalize(body, &n, probs, 8))
		script_norm_free(&n);
	cJSON_Delete(body);
	return 0;
}
