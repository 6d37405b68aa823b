/*
 * Fuzz target: the inbound webhook payload normaliser (OtterAI and
 * Zapier's otterai-analyze bodies).
 */
#include "fuzz.h"
#include "server/otter_payload.h"
#include "common/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int init;
	struct otter_payload p;
	char err[256];
	cJSON *body;

	if (!init++)
		json_init();
	if (!(body = json_parse((const char *)data, size, JSON_MAX_DEPTH, NULL)))
		return 0;
	if (!otter_payload_parse(body, &p, err, sizeof err))
		otter_payload_free(&p);
	cJSON_Delete(body);
	return 0;
}
