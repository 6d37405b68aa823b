/*
 * cmd_sync.c - salesan sync: deliver the calls recorded offline.
 *
 * For each call in the outbox, oldest first: create the call when it was
 * recorded for a new customer, end the interrupted live session if there
 * was one, store the whole transcript on the call and analyse it; the
 * entry leaves the outbox only once the transcript is stored.
 */
#include "cli.h"
#include "cache.h"
#include "client.h"
#include "outbox.h"
#include "common/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: salesan sync\n"
	"\n"
	"Examples:\n"
	"  salesan sync\n"
	"  salesan sync && salesan calls list --from today\n"
	"\n"
	"Send the calls `salesan record` kept in the outbox while the server\n"
	"could not be reached: each call is created if needed, its interrupted\n"
	"live session ended, its full transcript stored and analysed.  Entries\n"
	"stay in the outbox until they are delivered, so running sync again is\n"
	"safe (each call is created under its own Idempotency-Key).  Then the\n"
	"read cache is brought up to date (see `salesan cache`).\n";

static int deliver(struct cli *cli, struct outbox_entry *e)
{
	struct api_resp r;
	char path[128], call[64] = "";
	cJSON *b;
	int rc;

	if (e->call_id) {
		snprintf(call, sizeof call, "%s", e->call_id);
	} else {
		b = cJSON_CreateObject();
		cJSON_AddStringToObject(b, "customerName", e->customer ? e->customer : "Unknown");
		cJSON_AddStringToObject(b, "appointmentDate", e->date ? e->date : "");
		if (e->email)
			cJSON_AddStringToObject(b, "customerEmail", e->email);
		rc = api_create(cli, "/api/v1/sales-calls", b, e->idem_key, &r);
		cJSON_Delete(b);
		if (rc == EXIT_OK)
			snprintf(call, sizeof call, "%s", json_str(r.data, "id"));
		api_resp_free(&r);
		if (rc != EXIT_OK)
			return rc;
	}
	if (e->session_id) {
		/* the live session's partial transcript first, so the full one wins */
		snprintf(path, sizeof path, "/api/v1/live-sessions/%s/end", e->session_id);
		b = cJSON_CreateObject();
		rc = api_call_quiet(cli, "POST", path, b, API_AUTH, &r);
		cJSON_Delete(b);
		api_resp_free(&r);
		if (rc == EXIT_UNREACHABLE)
			return rc;
	}
	snprintf(path, sizeof path, "/api/v1/sales-calls/%s/transcript", call);
	rc = api_call(cli, "PUT", path, e->transcript, API_AUTH, &r);
	api_resp_free(&r);
	if (rc != EXIT_OK)
		return rc;
	snprintf(path, sizeof path, "/api/v1/sales-calls/%s/analyze", call);
	b = cJSON_CreateObject();
	if (api_call_quiet(cli, "POST", path, b, API_AUTH, &r) != EXIT_OK && r.message)
		cli_warn(cli, "call %s stored but not analysed: %s", call, r.message);
	cJSON_Delete(b);
	api_resp_free(&r);
	printf("synced call %s (%d segments)\n", call,
	       cJSON_GetArraySize(json_get(e->transcript, "segments")));
	return EXIT_OK;
}

/* Bring the read cache up to date: revalidate what it holds (unchanged
 * answers cost a 304), so --offline reads afterwards are current. */
static void refresh_cache(struct cli *cli)
{
	char **paths = cache_paths(cli, 200);
	int i, ok = 0, total = 0;

	for (i = 0; paths && paths[i]; i++) {
		struct api_resp r;
		int rc = api_get_quiet(cli, paths[i], &r);
		api_resp_free(&r);
		total++;
		ok += rc == EXIT_OK;
		if (rc == EXIT_UNREACHABLE || rc == EXIT_AUTH)
			break; /* keep what we have */
	}
	for (i = 0; paths && paths[i]; i++)
		free(paths[i]);
	free(paths);
	if (total)
		printf("cache refreshed: %d of %d answers\n", ok, total);
}

static int run(struct cli *cli, int argc, char **argv)
{
	struct outbox_entry *v;
	char err[256];
	int n, i, done = 0, rc = EXIT_OK;

	err[0] = '\0';
	if (argc > 1)
		return cli_usage(&cmd_sync, strcmp(argv[1], "--help") && strcmp(argv[1], "-h"));
	v = outbox_list(&n, err, sizeof err);
	if (!v && err[0] && n == 0 && strstr(err, "outbox")) {
		cli_error(cli, "%s", err);
		return EXIT_FAIL;
	}
	for (i = 0; i < n; i++) {
		if (!v[i].transcript) {
			cli_warn(cli, "outbox entry %lld is unreadable; left in place", v[i].id);
			continue;
		}
		rc = deliver(cli, &v[i]);
		if (rc != EXIT_OK)
			break;
		outbox_remove(v[i].id);
		done++;
	}
	if (rc == EXIT_OK)
		refresh_cache(cli);
	if (!n)
		printf("the outbox is empty\n");
	else if (rc == EXIT_OK)
		printf("%d call%s synced\n", done, done == 1 ? "" : "s");
	else
		cli_error(cli, "%d of %d calls synced; the rest stay in the outbox", done, n);
	outbox_free(v, n);
	return rc;
}

const struct command cmd_sync = { "sync", "send the calls recorded offline", usage, run };
