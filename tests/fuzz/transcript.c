/*
 * Fuzz target: every transcript importer (sniffed and forced), and the
 * JSON and text forms of whatever they accept.
 */
#include "fuzz.h"
#include "analysis/transcript.h"
#include "common/json.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int init;
	char err[256];
	int f;

	if (!init++)
		json_init();
	for (f = TF_AUTO; f <= TF_PLAIN; f++) {
		struct transcript t;
		enum transcript_format used;
		if (transcript_import((const char *)data, size, (enum transcript_format)f, &t, &used,
				      err, sizeof err))
			continue;
		cJSON_Delete(transcript_to_json(&t));
		free(transcript_to_text(&t));
		transcript_free(&t);
	}
	return 0;
}
