/*
 * cmd_doctor.c - salesan doctor: check what salesan depends on and say how
 * to fix each problem.
 *
 * Checks, in order: the configuration file, the server (reachable, its
 * version and database), the credentials (valid, who), the offline
 * outbox, the speech-to-text backends and the microphone, and the
 * terminal (size, colours, UTF-8).  Each line is ok, warn or FAIL with a
 * fix; --json gives the same as an array.  Exit status 0 when nothing
 * failed, 1 otherwise (warnings do not fail).
 */
#include "cli.h"
#include "cache.h"
#include "client.h"
#include "outbox.h"
#include "output.h"
#include "speech_in.h"
#include "common/json.h"
#include "common/timeutil.h"
#include "common/xmalloc.h"

#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static const char usage[] =
	"usage: salesan doctor [--json]\n"
	"\n"
	"Examples:\n"
	"  salesan doctor\n"
	"  salesan doctor --json | jq '.[] | select(.status != \"ok\")'\n"
	"\n"
	"Check the configuration, the server, your credentials, the offline\n"
	"outbox, the read cache, speech to text (pocketsphinx, whisper-http, the\n"
	"microphone) and the terminal, and say how to fix whatever is wrong.\n"
	"Exits 1 when a check failed.\n";

enum level { OK, WARN, FAIL };

struct report {
	struct cli *cli;
	cJSON *items;
	int failed;
};

static void add(struct report *rp, enum level lv, const char *what, const char *detail,
		const char *fix)
{
	static const char *const names[] = { "ok", "warn", "fail" };
	static const char *const colors[] = { C_GREEN, C_YELLOW, C_RED };
	char a[64];
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "check", what);
	cJSON_AddStringToObject(o, "status", names[lv]);
	cJSON_AddStringToObject(o, "detail", detail);
	json_add_str_or_null(o, "fix", fix);
	cJSON_AddItemToArray(rp->items, o);
	if (lv == FAIL)
		rp->failed = 1;
	if (rp->cli->json)
		return;
	printf("%s %-12s %s\n", paint(rp->cli->color, colors[lv], lv == OK ? "ok  " : lv == WARN ? "warn" : "FAIL",
				      a, sizeof a), what, detail);
	if (fix && lv != OK)
		printf("     %-12s %s\n", "", fix);
}

static void check_config(struct report *rp)
{
	const struct conf *c = &rp->cli->config;
	char d[512];
	int bad = 0;

	for (size_t i = 0; i < c->n; i++) {
		const char *why = config_key_known(c->v[i].key)
					  ? config_value_problem(c->v[i].key, c->v[i].value)
					  : "is not a setting salesan knows";

		if (why) {
			snprintf(d, sizeof d, "%s:%d: %s %s", rp->cli->config_path, c->v[i].line,
				 c->v[i].key, why);
			add(rp, WARN, "config", d, "fix it with `salesan config edit` (see salesan config --help)");
			bad = 1;
		}
	}
	if (bad)
		return;
	if (access(rp->cli->config_path, R_OK) == 0)
		snprintf(d, sizeof d, "%s", rp->cli->config_path);
	else
		snprintf(d, sizeof d, "none (%s); defaults apply", rp->cli->config_path);
	add(rp, OK, "config", d, NULL);
}

/* 1 when the server answered /health. */
static int check_server(struct report *rp)
{
	struct api_resp r;
	char d[512];
	int rc = api_call_quiet(rp->cli, "GET", "/health", NULL, API_NOAUTH, &r);
	const char *db;

	if (rc == EXIT_UNREACHABLE || !r.json) {
		snprintf(d, sizeof d, "%s (from %s) does not answer", rp->cli->server,
			 rp->cli->server_from);
		add(rp, FAIL, "server", d,
		    "start one with `salesan server start`, or point at yours with --server URL, "
		    "SALESAN_SERVER or `server = URL` in the config file");
		api_resp_free(&r);
		return 0;
	}
	db = json_str(json_get(r.json, "database"), "status");
	snprintf(d, sizeof d, "%s (from %s): %s, version %s, database %s", rp->cli->server,
		 rp->cli->server_from, json_str(r.json, "status") ? json_str(r.json, "status") : "?",
		 json_str(r.json, "version") ? json_str(r.json, "version") : "?", db ? db : "?");
	add(rp, db && strcmp(db, "ok") ? WARN : OK, "server", d,
	    "the server cannot reach its database: see its log (salesan server status)");
	api_resp_free(&r);
	return 1;
}

static void check_auth(struct report *rp)
{
	struct api_resp r;
	char d[512];
	int rc;

	if (!client_token(rp->cli)) {
		add(rp, WARN, "credentials", "not logged in", "run `salesan login`");
		return;
	}
	rc = api_call_quiet(rp->cli, "GET", "/api/v1/auth/me", NULL, API_AUTH, &r);
	if (rc == EXIT_OK) {
		const cJSON *u = json_get(r.data, "user");

		snprintf(d, sizeof d, "%s (%s)", json_str(u, "email") ? json_str(u, "email") : "?",
			 json_str(u, "role") ? json_str(u, "role") : "?");
		add(rp, OK, "credentials", d, NULL);
	} else {
		snprintf(d, sizeof d, "refused: %s", r.message ? r.message : "no answer");
		add(rp, FAIL, "credentials", d, "log in again with `salesan login`");
	}
	api_resp_free(&r);
}

static void check_outbox(struct report *rp)
{
	char err[256] = "", d[300];
	int n = 0;
	struct outbox_entry *v = outbox_list(&n, err, sizeof err);

	outbox_free(v, n);
	if (err[0]) {
		snprintf(d, sizeof d, "cannot be read: %s", err);
		add(rp, FAIL, "outbox", d, "check the permissions of $XDG_STATE_HOME/salesan");
	} else if (n) {
		snprintf(d, sizeof d, "%d call(s) recorded offline wait to be sent", n);
		add(rp, WARN, "outbox", d, "run `salesan sync` once the server is reachable");
	} else {
		add(rp, OK, "outbox", "empty", NULL);
	}
}

static void check_cache(struct report *rp)
{
	struct cache_info ci;
	char *path = cache_path(), d[600], *dir;
	int64_t age;

	if (!path) {
		add(rp, WARN, "cache", "no cache directory (HOME unset?)",
		    "set HOME or XDG_CACHE_HOME so reads can be cached for --offline");
		return;
	}
	dir = xstrdup(path);
	*strrchr(dir, '/') = '\0';
	if (access(dir, F_OK) == 0 && access(dir, W_OK) != 0) {
		snprintf(d, sizeof d, "%s is not writable", dir);
		add(rp, WARN, "cache", d, "fix its permissions (chmod u+w), or set XDG_CACHE_HOME");
	} else if (cache_info(rp->cli, &ci) == 0 && ci.responses) {
		age = (time_now_ms() - ci.newest_ms) / 60000;
		snprintf(d, sizeof d, "%lld answers for profile %s (newest %lld min old) in %s",
			 (long long)ci.responses, rp->cli->profile, (long long)age, path);
		add(rp, OK, "cache", d, NULL);
	} else {
		snprintf(d, sizeof d, "empty for profile %s (%s)", rp->cli->profile, path);
		add(rp, OK, "cache", d, NULL);
	}
	free(dir);
	free(path);
}

static void check_speech(struct report *rp)
{
	static const char *const backends[] = { "pocketsphinx", "whisper-http" };
	struct stt_config cfg;
	const char *chosen;
	char why[400], d[512], what[32];

	speech_config(rp->cli, &cfg, NULL);
	chosen = stt_backend_name(&cfg);
	for (size_t i = 0; i < sizeof backends / sizeof *backends; i++) {
		int ok = stt_available(&cfg, backends[i], why, sizeof why);
		int is_chosen = chosen && !strcmp(chosen, backends[i]);

		snprintf(what, sizeof what, "%s", backends[i]);
		if (ok)
			snprintf(d, sizeof d, "available%s", is_chosen ? " (selected)" : "");
		else
			snprintf(d, sizeof d, "%s%s", is_chosen ? "selected but unavailable: " : "", why);
		add(rp, ok ? OK : is_chosen ? FAIL : WARN, what, d,
		    ok ? NULL : i == 0 ? "apt-get install pocketsphinx-en-us (or make deps)"
				      : "set SPEECH_WHISPER_URL (or speech.whisper_url in the config file)");
	}
	if (audio_mic_supported())
		add(rp, OK, "microphone", "ALSA capture built in (salesan record --mic [--device NAME])",
		    NULL);
	else
		add(rp, WARN, "microphone", "built without ALSA",
		    "record from a file or a pipe: arecord -f S16_LE -r 16000 - | salesan record "
		    "--audio-from -");
}

static void check_terminal(struct report *rp)
{
	struct winsize ws;
	const char *term = getenv("TERM"), *cs;
	char d[300];

	if (!isatty(1)) {
		add(rp, OK, "terminal", "not a terminal (output for scripts: plain, no colour)", NULL);
		return;
	}
	setlocale(LC_CTYPE, "");
	cs = nl_langinfo(CODESET);
	if (ioctl(1, TIOCGWINSZ, &ws) || !ws.ws_col)
		ws.ws_col = ws.ws_row = 0;
	snprintf(d, sizeof d, "TERM=%s, %dx%d, %s, colour %s", term ? term : "(unset)", ws.ws_col,
		 ws.ws_row, cs ? cs : "?", rp->cli->color ? "on" : "off");
	if (!term || !strcmp(term, "dumb"))
		add(rp, WARN, "terminal", d, "salesan monitor needs a real terminal: set TERM (e.g. xterm-256color)");
	else if (ws.ws_col && (ws.ws_col < 80 || ws.ws_row < 24))
		add(rp, WARN, "terminal", d, "salesan monitor wants at least 80x24");
	else if (!cs || strcmp(cs, "UTF-8"))
		add(rp, WARN, "terminal", d, "use a UTF-8 locale (LANG=C.UTF-8) for names, bars and charts");
	else
		add(rp, OK, "terminal", d, NULL);
}

static int run(struct cli *cli, int argc, char **argv)
{
	struct report rp = { cli, cJSON_CreateArray(), 0 };

	if (argc > 1) {
		cJSON_Delete(rp.items);
		return cli_usage(&cmd_doctor, strcmp(argv[1], "--help") && strcmp(argv[1], "-h"));
	}
	check_config(&rp);
	if (check_server(&rp))
		check_auth(&rp);
	check_outbox(&rp);
	check_cache(&rp);
	check_speech(&rp);
	check_terminal(&rp);
	if (cli->json)
		output_json(rp.items);
	cJSON_Delete(rp.items);
	return rp.failed ? EXIT_FAIL : EXIT_OK;
}

const struct command cmd_doctor = { "doctor", "check the setup and say how to fix problems",
				    usage, run };
