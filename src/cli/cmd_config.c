/*
 * cmd_config.c - salesan config: read and change the client's config file
 * ($XDG_CONFIG_HOME/salesan/config, "key = value" lines, salesan.conf(5)).
 *
 *   salesan config list | get KEY | set KEY VALUE | unset KEY | edit | path
 *
 * Keys are checked against the ones salesan reads, and values where their
 * form is known, so a typo is an error rather than a setting that silently
 * does nothing.  Values of secret keys are masked in list.  The file is
 * written atomically with mode 0600.
 */
#include "cli.h"
#include "output.h"
#include "common/conf.h"
#include "common/fsutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char usage[] =
	"usage: salesan config list\n"
	"       salesan config get KEY\n"
	"       salesan config set KEY VALUE\n"
	"       salesan config unset KEY\n"
	"       salesan config edit\n"
	"       salesan config path\n"
	"\n"
	"Examples:\n"
	"  salesan config list\n"
	"  salesan config set server https://sales.acme.example\n"
	"  salesan config get speech.backend\n"
	"  salesan config edit\n"
	"\n"
	"Read and change the client's settings.  Keys:\n"
	"  server                 the server's URL (http or https)\n"
	"  color                  auto, always or never\n"
	"  monitor.canned.1..9    canned interventions for salesan monitor\n"
	"  speech.backend         pocketsphinx or whisper-http\n"
	"  speech.whisper_url     a server with POST /v1/audio/transcriptions\n"
	"  speech.whisper_key, speech.whisper_model, speech.whisper_timeout_ms,\n"
	"  speech.whisper_chunk_ms, speech.ps_hmm, speech.ps_lm, speech.ps_dict\n"
	"\n"
	"Environment variables (SALESAN_SERVER, SPEECH_*) take precedence over\n"
	"the file, and flags over both.  edit opens $VISUAL or $EDITOR and checks\n"
	"the result.\n";

const char *const config_plain_keys[] = {
	"server", "color", "speech.backend", "speech.whisper_url", "speech.whisper_key",
	"speech.whisper_model", "speech.whisper_timeout_ms", "speech.whisper_chunk_ms",
	"speech.ps_hmm", "speech.ps_lm", "speech.ps_dict", NULL,
};

int config_key_known(const char *key)
{
	for (int i = 0; config_plain_keys[i]; i++)
		if (!strcmp(key, config_plain_keys[i]))
			return 1;
	return !strncmp(key, "monitor.canned.", 15) && key[15] >= '1' && key[15] <= '9' && !key[16];
}

static int secret(const char *key)
{
	return strstr(key, "key") || strstr(key, "secret") || strstr(key, "password") ||
	       strstr(key, "token");
}

static int whole_number(const char *v, long lo, long hi)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	return *v && !*end && !errno && n >= lo && n <= hi;
}

const char *config_value_problem(const char *key, const char *v)
{
	if ((!strcmp(key, "server") || !strcmp(key, "speech.whisper_url")) &&
	    strncmp(v, "http://", 7) && strncmp(v, "https://", 8))
		return "must be an http:// or https:// URL";
	if (!strcmp(key, "color") && strcmp(v, "auto") && strcmp(v, "always") && strcmp(v, "never"))
		return "must be auto, always or never";
	if (!strcmp(key, "speech.backend") && strcmp(v, "pocketsphinx") && strcmp(v, "whisper-http"))
		return "must be pocketsphinx or whisper-http";
	if (!strcmp(key, "speech.whisper_timeout_ms") && !whole_number(v, 100, 3600000))
		return "must be milliseconds from 100 to 3600000";
	if (!strcmp(key, "speech.whisper_chunk_ms") && !whole_number(v, 1000, 600000))
		return "must be milliseconds from 1000 to 600000";
	if (strchr(v, '\n') || strlen(v) > 2000)
		return "must be one line of at most 2000 characters";
	return NULL;
}

static int save(struct cli *cli)
{
	if (mkdir_p(cli->config_dir, 0700) != 0 || conf_save(&cli->config, cli->config_path, 0600)) {
		cli_error(cli, "%s: %s", cli->config_path, strerror(errno));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int list(struct cli *cli)
{
	cJSON *o = cli->json ? cJSON_CreateObject() : NULL;

	for (size_t i = 0; i < cli->config.n; i++) {
		const struct conf_entry *e = &cli->config.v[i];
		const char *v = secret(e->key) ? "********" : e->value;

		if (o)
			cJSON_AddStringToObject(o, e->key, v);
		else
			printf("%s = %s\n", e->key, v);
	}
	if (o) {
		output_json(o);
		cJSON_Delete(o);
	}
	return EXIT_OK;
}

static int edit(struct cli *cli)
{
	const char *ed = getenv("VISUAL");
	struct conf c = { 0 };
	char *err = NULL, *cmd;
	int st;

	if (!ed || !*ed)
		ed = getenv("EDITOR");
	if (!ed || !*ed)
		ed = "vi";
	if (mkdir_p(cli->config_dir, 0700) != 0) {
		cli_error(cli, "%s: %s", cli->config_dir, strerror(errno));
		return EXIT_FAIL;
	}
	if (!path_exists(cli->config_path) && save(cli) != EXIT_OK)
		return EXIT_FAIL;
	/* through the shell, as git does, so EDITOR="code --wait" works */
	if (asprintf(&cmd, "%s \"$1\"", ed) < 0)
		return EXIT_FAIL;
	switch (fork()) {
	case -1:
		free(cmd);
		cli_error(cli, "cannot start %s: %s", ed, strerror(errno));
		return EXIT_FAIL;
	case 0:
		execl("/bin/sh", "sh", "-c", cmd, "sh", cli->config_path, (char *)NULL);
		_exit(127);
	}
	free(cmd);
	if (wait(&st) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) {
		cli_error(cli, "the editor (%s) failed; the file is as it left it", ed);
		return EXIT_FAIL;
	}
	if (conf_load(&c, cli->config_path, &err) < 0) {
		cli_error(cli, "%s; run salesan config edit again to fix it", err);
		free(err);
		return EXIT_FAIL;
	}
	st = EXIT_OK;
	for (size_t i = 0; i < c.n; i++) {
		const char *why = config_key_known(c.v[i].key) ? config_value_problem(c.v[i].key, c.v[i].value)
						     : "is not a setting salesan knows";

		if (why) {
			cli_error(cli, "%s:%d: %s %s", cli->config_path, c.v[i].line, c.v[i].key, why);
			st = EXIT_FAIL;
		}
	}
	conf_free(&c);
	return st;
}

static int run(struct cli *cli, int argc, char **argv)
{
	const char *verb = argc > 1 ? argv[1] : NULL, *why;

	if (!verb || !strcmp(verb, "-h") || !strcmp(verb, "--help"))
		return cli_usage(&cmd_config, !verb);
	if (!strcmp(verb, "list") && argc == 2)
		return list(cli);
	if (!strcmp(verb, "path") && argc == 2) {
		printf("%s\n", cli->config_path);
		return EXIT_OK;
	}
	if (!strcmp(verb, "edit") && argc == 2)
		return edit(cli);
	if ((!strcmp(verb, "get") || !strcmp(verb, "unset")) && argc == 3) {
		const char *v = conf_get(&cli->config, argv[2]);

		if (!config_key_known(argv[2])) {
			cli_error(cli, "unknown setting \"%s\" (see salesan config --help)", argv[2]);
			return EXIT_USAGE;
		}
		if (!v) {
			if (!strcmp(verb, "unset"))
				return EXIT_OK;
			cli_error(cli, "%s is not set", argv[2]);
			return EXIT_NOTFOUND;
		}
		if (!strcmp(verb, "get")) {
			printf("%s\n", v);
			return EXIT_OK;
		}
		conf_unset(&cli->config, argv[2]);
		return save(cli);
	}
	if (!strcmp(verb, "set") && argc == 4) {
		if (!config_key_known(argv[2])) {
			cli_error(cli, "unknown setting \"%s\" (see salesan config --help)", argv[2]);
			return EXIT_USAGE;
		}
		if ((why = config_value_problem(argv[2], argv[3]))) {
			cli_error(cli, "%s %s", argv[2], why);
			return EXIT_USAGE;
		}
		conf_set(&cli->config, argv[2], argv[3]);
		return save(cli);
	}
	return cli_usage(&cmd_config, 1);
}

const struct command cmd_config = { "config", "read and change salesan's settings", usage, run };
