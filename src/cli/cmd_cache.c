/*
 * cmd_cache.c - salesan cache: what the local read cache holds, and
 * clearing it.  `cache ids KIND` prints known ids for shell completion.
 */
#include "cache.h"
#include "cli.h"
#include "cmdkit.h"
#include "output.h"
#include "common/timeutil.h"
#include "common/xmalloc.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char usage[] =
	"usage: salesan cache info\n"
	"       salesan cache clear [--all]\n"
	"       salesan cache ids users|calls|scripts\n"
	"\n"
	"Examples:\n"
	"  salesan cache info\n"
	"  salesan --offline report overview     # answered from the cache\n"
	"  salesan cache clear\n"
	"\n"
	"Read commands keep what they fetch in $XDG_CACHE_HOME/salesan/cache.db,\n"
	"separately per profile and server, and answer from it with --offline or\n"
	"when the server cannot be reached (saying so, with the data's age).\n"
	"clear forgets this profile and server's data (--all: everything).\n"
	"ids lists the ids the cache knows, with a label, for shell completion.\n";

static int info(struct cli *cli, int argc, char **argv)
{
	const struct flag flags[] = { { NULL, 0, 0, NULL } };
	struct cache_info ci;
	char *path = cache_path(), oldest[TIME_ISO_LEN] = "", newest[TIME_ISO_LEN] = "";
	struct stat st;
	int rc;

	if (!flags_parse(cli, &cmd_cache, argc, argv, flags, 0, 0, NULL, NULL, NULL, &rc)) {
		free(path);
		return rc;
	}
	cache_info(cli, &ci);
	if (ci.responses) {
		time_format_iso(ci.oldest_ms, oldest, sizeof oldest);
		time_format_iso(ci.newest_ms, newest, sizeof newest);
	}
	if (cli->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "path", path ? path : "");
		cJSON_AddStringToObject(o, "profile", cli->profile);
		cJSON_AddStringToObject(o, "server", cli->server);
		cJSON_AddNumberToObject(o, "responses", (double)ci.responses);
		cJSON_AddNumberToObject(o, "entities", (double)ci.entities);
		cJSON_AddNumberToObject(o, "bytes", (double)ci.bytes);
		cJSON_AddNumberToObject(o, "fileBytes",
					path && stat(path, &st) == 0 ? (double)st.st_size : 0);
		if (ci.responses) {
			cJSON_AddStringToObject(o, "oldest", oldest);
			cJSON_AddStringToObject(o, "newest", newest);
		} else {
			cJSON_AddNullToObject(o, "oldest");
			cJSON_AddNullToObject(o, "newest");
		}
		output_json(o);
		cJSON_Delete(o);
	} else {
		char a[40], b[40];
		printf("Cache:     %s%s\n", path ? path : "(no cache directory)",
		       path && stat(path, &st) == 0 ? "" : " (not created yet)");
		printf("Scope:     profile %s, server %s\n", cli->profile, cli->server);
		printf("Responses: %lld (%.1f KiB)\n", (long long)ci.responses, ci.bytes / 1024.0);
		printf("Known ids: %lld (users, calls, scripts)\n", (long long)ci.entities);
		if (ci.responses) {
			fmt_local_time(oldest, a, sizeof a);
			fmt_local_time(newest, b, sizeof b);
			printf("Fetched:   %s to %s\n", a, b);
		}
	}
	free(path);
	return EXIT_OK;
}

static int clear(struct cli *cli, int argc, char **argv)
{
	int all = 0, rc;
	const struct flag flags[] = { { "all", 0, FLAG_BOOL, &all }, { NULL, 0, 0, NULL } };

	if (!flags_parse(cli, &cmd_cache, argc, argv, flags, 0, 0, NULL, NULL, NULL, &rc))
		return rc;
	if (cache_clear(cli, all)) {
		cli_error(cli, "could not clear the cache (is another salesan writing it?)");
		return EXIT_FAIL;
	}
	fprintf(stderr, "Cache cleared%s.\n", all ? " (every profile and server)" : "");
	return EXIT_OK;
}

static int ids(struct cli *cli, int argc, char **argv)
{
	static const char *const kinds[] = { "users", "calls", "scripts", NULL };
	const struct flag flags[] = { { NULL, 0, 0, NULL } };
	const char *pos[1];
	int rc;

	if (!flags_parse(cli, &cmd_cache, argc, argv, flags, 1, 1, "users, calls or scripts", pos,
			 NULL, &rc))
		return rc;
	if (flag_enum(cli, "kind", pos[0], kinds))
		return EXIT_USAGE;
	cache_print_ids(cli, pos[0]);
	return EXIT_OK;
}

static const struct subcmd subs[] = {
	{ "info", info }, { "clear", clear }, { "ids", ids }, { NULL, NULL },
};

static int run(struct cli *cli, int argc, char **argv)
{
	return subcmd_run(cli, &cmd_cache, subs, "info", argc, argv);
}

const struct command cmd_cache = {
	"cache", "the local read cache: info, clear", usage, run,
};
