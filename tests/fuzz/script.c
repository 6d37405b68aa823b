/*
 * Fuzz target: the training-script parser as `salesan scripts validate`
 * uses it: JSON, the engine's normalisation, and locating every problem's
 * path in the text.
 */
#include "fuzz.h"
#include "analysis/script.h"
#include "common/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int init;
	struct script_problem probs[16];
	struct script_norm n;
	cJSON *obj;
	int np, i, line, col;

	if (!init++)
		json_init();
	if (!(obj = json_parse((const char *)data, size, JSON_MAX_DEPTH, NULL)))
		return 0;
	np = script_normalize(obj, &n, probs, 16);
	if (!np)
		script_norm_free(&n);
	for (i = 0; i < np && i < 16; i++) {
		long off = json_locate((const char *)data, size, probs[i].path);
		if (off >= 0)
			json_line_col((const char *)data, (size_t)off, &line, &col);
	}
	cJSON_Delete(obj);
	return 0;
}
