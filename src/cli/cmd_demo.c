/*
 * cmd_demo.c - salesan demo: a local salesand on a fresh SQLite database,
 * seeded through the REST API with a realistic organization (an admin,
 * two managers, six representatives of differing skill, the example
 * training scripts, and calls spread over the last 90 days with
 * transcripts, analyses and outcomes), logged in as a manager in the
 * profile "demo".
 *
 * Transcripts are written from the discovery script itself: a
 * representative covers each stage with a probability that grows with
 * their skill, customers raise the script's objections, and weaker
 * representatives leave objections unanswered or say a forbidden phrase.
 * So every score, trend and leaderboard position comes from the real
 * analysis engine.  The generator is seeded (--seed), so a demo can be
 * reproduced.
 */
#include "cli.h"
#include "client.h"
#include "cmdkit.h"
#include "localsrv.h"
#include "common/buf.h"
#include "common/conf.h"
#include "common/fsutil.h"
#include "common/json.h"
#include "common/timeutil.h"
#include "common/xmalloc.h"

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef SALESAN_DATADIR
#define SALESAN_DATADIR "/usr/local/share/salesan"
#endif

static const char usage[] =
	"usage: salesan demo [--calls N] [--days N] [--seed N] [--port N]\n"
	"       salesan demo --stop\n"
	"\n"
	"Examples:\n"
	"  salesan demo                              # then: export SALESAN_PROFILE=demo\n"
	"  salesan --profile demo report leaderboard\n"
	"  salesan --profile demo monitor\n"
	"  salesan demo --stop                       # stop it and delete its data\n"
	"\n"
	"Starts a private salesand on a new SQLite database (under\n"
	"$XDG_STATE_HOME/salesan/demo), fills it with a demo organization (three\n"
	"roles, the example training scripts, 200 analysed calls over 90 days) and\n"
	"logs in as the demo manager in the profile \"demo\", so your own server and\n"
	"login are untouched.  Running it again starts over.\n"
	"\n"
	"  --calls N   how many calls (default 200, at most 5000)\n"
	"  --days N    spread over the last N days (default 90)\n"
	"  --seed N    the random seed (default 1): the same seed, the same demo\n"
	"  --port N    port for the demo server (default: any free port)\n";

struct person {
	const char *first, *last, *email;
	double skill;       /* representatives: 0..1 */
	int manager;        /* index of the manager in managers[] */
	char id[40];
};

static struct person managers[] = {
	{ "Mia", "Chen", "mia@demo.salesan.example", 0, 0, "" },
	{ "Omar", "Haddad", "omar@demo.salesan.example", 0, 0, "" },
};

static struct person reps[] = {
	{ "Sam", "Rivera", "sam@demo.salesan.example", 0.92, 0, "" },
	{ "Priya", "Natarajan", "priya@demo.salesan.example", 0.80, 0, "" },
	{ "Leo", "Martin", "leo@demo.salesan.example", 0.55, 0, "" },
	{ "Grace", "Okafor", "grace@demo.salesan.example", 0.86, 1, "" },
	{ "Tom", "Becker", "tom@demo.salesan.example", 0.62, 1, "" },
	{ "Ana", "Souza", "ana@demo.salesan.example", 0.40, 1, "" },
};

#define NREPS ((int)(sizeof reps / sizeof reps[0]))

static const char *const companies[] = {
	"Globex", "Initech", "Umbrella Health", "Hooli", "Vandelay Imports", "Stark Logistics",
	"Wayne Freight", "Soylent Foods", "Cyberdyne Systems", "Tyrell Biotech", "Acme Retail",
	"Wonka Confections", "Pied Piper", "Aperture Labs", "Gringotts Credit", "Oscorp",
	"Monarch Solutions", "Duff Beverages", "Sterling Cooper", "Dunder Mifflin",
};

static const char *const contacts[] = {
	"Dana Lee", "Chris Park", "Jordan Blake", "Alex Moreno", "Taylor Quinn", "Morgan Reyes",
	"Jamie Fox", "Riley Chen", "Casey Nguyen", "Avery Stone",
};

static const char *const replies[] = {
	"Sure, that works for me.", "Okay, go ahead.", "Honestly it is a bit of a mess right now.",
	"We mostly use spreadsheets and a lot of manual follow up.",
	"The team is missing its targets and nobody knows exactly why.",
	"That makes sense.", "I would need to check with my director.",
	"We want something in place before the end of the quarter.",
	"Interesting, tell me more.", "Yes, that is the main problem for us.",
};

/* ---- a small seeded generator (xorshift64*) ---- */
static uint64_t rng_state = 1;

static double rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (double)((rng_state * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}

static int pick(int n)
{
	int i = (int)(rnd() * n);
	return i < n ? i : n - 1;
}

static const char *pick_str(const cJSON *arr)
{
	const cJSON *it = cJSON_GetArrayItem(arr, pick(cJSON_GetArraySize(arr)));

	return cJSON_IsString(it) ? it->valuestring : NULL;
}

/* ---- transcripts ---- */

struct writer {
	struct buf b;
	int t; /* seconds into the call */
};

static void say(struct writer *w, const char *who, const char *text)
{
	if (!text)
		return;
	buf_addf(&w->b, "%s  %d:%02d\n%s\n\n", who, w->t / 60, w->t % 60, text);
	w->t += 6 + (int)(strlen(text) / 14) + pick(8);
}

/* A call of rep with contact, following script s.  *quality receives how
 * much of the script was covered (0..1), which drives the outcome. */
static char *write_call(const cJSON *s, const struct person *rep, const char *contact,
			double *quality)
{
	struct writer w = { BUF_INIT, 0 };
	const cJSON *stage, *obj = NULL;
	char name[128];
	int n = 0, covered = 0, objection_at = -1, nst = cJSON_GetArraySize(json_get(s, "stages"));

	snprintf(name, sizeof name, "%s %s", rep->first, rep->last);
	if (rnd() < 0.6 && cJSON_GetArraySize(json_get(s, "objections")))
		objection_at = 2 + pick(nst > 3 ? nst - 3 : 1);
	cJSON_ArrayForEach(stage, json_get(s, "stages")) {
		if (rnd() < rep->skill + 0.08) {
			say(&w, name, pick_str(json_get(stage, "phrases")));
			covered++;
		} else {
			say(&w, name, "So, anyway, let me tell you a bit more about what we do.");
		}
		say(&w, contact, replies[pick((int)(sizeof replies / sizeof replies[0]))]);
		if (n++ == objection_at) {
			obj = cJSON_GetArrayItem(json_get(s, "objections"),
						 pick(cJSON_GetArraySize(json_get(s, "objections"))));
			say(&w, contact, pick_str(json_get(obj, "triggers")));
			if (rnd() < rep->skill)
				say(&w, name, pick_str(json_get(obj, "responses")));
			else
				say(&w, name, "Okay. Moving on then.");
		}
		if (rnd() < (1 - rep->skill) * 0.12)
			say(&w, name, pick_str(json_get(s, "forbidden")));
	}
	say(&w, contact, "Thanks, talk soon.");
	*quality = nst ? (double)covered / nst : 0.5;
	return buf_detach(&w.b, NULL);
}

/* ---- seeding through the API ---- */

/* POST/PUT body to path as the logged-in user; data (caller frees) or
 * NULL after reporting. */
static cJSON *call_api(struct cli *cli, const char *method, const char *path, cJSON *body)
{
	struct api_resp r;
	cJSON *data = NULL;

	if (api_call(cli, method, path, body, API_AUTH, &r) == EXIT_OK)
		data = cJSON_Duplicate(r.data ? r.data : r.json, 1);
	api_resp_free(&r);
	cJSON_Delete(body);
	return data;
}

/* Send a raw transcript body (not JSON) with the stored token. */
static int put_transcript(struct cli *cli, const char *call_id, const char *text);

static cJSON *load_script(const char *dir, const char *name)
{
	char *path = path_join(dir, name), *text;
	size_t len;
	cJSON *j = NULL;

	text = read_file(path, 1 << 20, &len);
	if (text)
		j = json_parse(text, len, 32, NULL);
	free(text);
	free(path);
	return j;
}

/* Where the example scripts are: next to the binary (a build tree or
 * PREFIX/bin), then SALESAN_DATADIR. */
static char *scripts_dir(void)
{
	char self[PATH_MAX], *cand;
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	const char *env = getenv("SALESAN_SHARE_DIR");

	if (env && *env)
		return path_join(env, "scripts");
	if (n > 0) {
		char *slash;
		self[n] = '\0';
		if ((slash = strrchr(self, '/'))) {
			*slash = '\0';
			cand = path_join(self, "../share/salesan/scripts/discovery.json");
			if (access(cand, R_OK) == 0) {
				cand[strlen(cand) - strlen("/discovery.json")] = '\0';
				return cand;
			}
			free(cand);
		}
	}
	return xstrdup(SALESAN_DATADIR "/scripts");
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

static void progress(int done, int total)
{
	int i, w = 30, fill = total ? done * w / total : w;

	if (!isatty(2))
		return;
	fputs("\r  seeding calls [", stderr);
	for (i = 0; i < w; i++)
		fputs(i < fill ? "#" : " ", stderr);
	fprintf(stderr, "] %d/%d", done, total);
	if (done == total)
		fputc('\n', stderr);
}

static int seed(struct cli *cli, const char *pw, long ncalls, long days)
{
	static const char *const script_files[] = { "discovery.json", "demo.json", "renewal.json" };
	char *dir = scripts_dir(), path[128];
	cJSON *scripts[3] = { 0 }, *d, *b;
	const char *sid = NULL;
	int i, k, rc = EXIT_FAIL;
	int64_t now = time_now_ms();

	for (i = 0; i < 3; i++) {
		if (!(scripts[i] = load_script(dir, script_files[i]))) {
			cli_error(cli, "cannot read the example script %s/%s (set SALESAN_SHARE_DIR to "
				       "the directory holding scripts/)", dir, script_files[i]);
			goto out;
		}
	}
	/* The team. */
	for (k = 0; k < 2; k++) {
		struct person *group = k ? reps : managers;
		int n = k ? NREPS : 2;
		for (i = 0; i < n; i++) {
			b = cJSON_CreateObject();
			cJSON_AddStringToObject(b, "email", group[i].email);
			cJSON_AddStringToObject(b, "firstName", group[i].first);
			cJSON_AddStringToObject(b, "lastName", group[i].last);
			cJSON_AddStringToObject(b, "password", pw);
			cJSON_AddStringToObject(b, "role", k ? "sales_representative" : "sales_manager");
			if (k)
				cJSON_AddStringToObject(b, "managerId", managers[group[i].manager].id);
			if (!(d = call_api(cli, "POST", "/api/v1/users", b)))
				goto out;
			snprintf(group[i].id, sizeof group[i].id, "%s", json_str(d, "id"));
			cJSON_Delete(d);
		}
	}
	/* The scripts; discovery is the default one calls are scored on. */
	for (i = 0; i < 3; i++) {
		b = cJSON_Duplicate(scripts[i], 1);
		if (i == 0)
			cJSON_AddTrueToObject(b, "isDefault");
		if (!(d = call_api(cli, "POST", "/api/v1/sales-scripts", b)))
			goto out;
		if (i == 0)
			sid = json_str(d, "id") ? strdup(json_str(d, "id")) : NULL;
		cJSON_Delete(d);
	}
	/* The calls, oldest first. */
	for (i = 0; i < ncalls; i++) {
		const struct person *rep = &reps[pick(NREPS)];
		const char *company = companies[pick((int)(sizeof companies / sizeof companies[0]))];
		const char *contact = contacts[pick((int)(sizeof contacts / sizeof contacts[0]))];
		int64_t when = now - (int64_t)((1.0 - (double)i / ncalls) * days * 86400000.0);
		char iso[TIME_ISO_LEN], *text, id[40];
		double quality, amount;

		when -= when % 60000;
		time_format_iso(when, iso, sizeof iso);
		b = cJSON_CreateObject();
		cJSON_AddStringToObject(b, "customerName", company);
		cJSON_AddStringToObject(b, "appointmentDate", iso);
		cJSON_AddStringToObject(b, "salesRepresentativeId", rep->id);
		cJSON_AddStringToObject(b, "managerId", managers[rep->manager].id);
		if (!(d = call_api(cli, "POST", "/api/v1/sales-calls", b)))
			goto out;
		snprintf(id, sizeof id, "%s", json_str(d, "id") ? json_str(d, "id") : "");
		cJSON_Delete(d);
		text = write_call(scripts[0], rep, contact, &quality);
		k = put_transcript(cli, id, text);
		free(text);
		if (k)
			goto out;
		snprintf(path, sizeof path, "/api/v1/sales-calls/%s/analyze", id);
		b = cJSON_CreateObject();
		if (sid)
			cJSON_AddStringToObject(b, "scriptId", sid);
		if (!(d = call_api(cli, "POST", path, b)))
			goto out;
		cJSON_Delete(d);
		/* Better calls close more often and bigger. */
		b = cJSON_CreateObject();
		cJSON_AddStringToObject(b, "status", "completed");
		amount = 0;
		if (rnd() < 0.12 + 0.55 * quality * rep->skill) {
			amount = 500 + (double)pick(40) * 500 * (0.5 + quality);
			cJSON_AddStringToObject(b, "outcome", "sale");
			cJSON_AddNumberToObject(b, "saleAmount", (double)(long)amount);
		} else {
			cJSON_AddStringToObject(b, "outcome", rnd() < 0.5 ? "follow_up" : "no_sale");
		}
		snprintf(path, sizeof path, "/api/v1/sales-calls/%s", id);
		if (!(d = call_api(cli, "PUT", path, b)))
			goto out;
		cJSON_Delete(d);
		progress(i + 1, (int)ncalls);
	}
	/* Something for the manager's inbox. */
	b = cJSON_CreateObject();
	cJSON_AddStringToObject(b, "userId", managers[0].id);
	cJSON_AddStringToObject(b, "type", "coaching_tip");
	cJSON_AddStringToObject(b, "title", "Leo leaves price objections open");
	cJSON_AddStringToObject(b, "message",
				"Three of Leo's last calls ended with an unanswered price objection.");
	cJSON_AddStringToObject(b, "priority", "medium");
	d = call_api(cli, "POST", "/api/v1/notifications", b);
	cJSON_Delete(d);
	rc = EXIT_OK;
out:
	free((void *)sid);
	for (i = 0; i < 3; i++)
		cJSON_Delete(scripts[i]);
	free(dir);
	return rc;
}

static int put_transcript(struct cli *cli, const char *call_id, const char *text)
{
	struct api_resp r;
	char path[128];
	int rc;

	snprintf(path, sizeof path, "/api/v1/sales-calls/%s/transcript", call_id);
	rc = api_send_text(cli, "PUT", path, text, "text/plain", &r);
	api_resp_free(&r);
	return rc == EXIT_OK ? 0 : -1;
}

/* Switch cli to the "demo" profile (its own config and credentials). */
static void use_demo_profile(struct cli *cli, const char *url)
{
	char *base = xdg_dir(XDG_CONFIG), *sub = path_join("profiles", "demo");

	free(cli->config_dir);
	free(cli->config_path);
	free(cli->cred_path);
	cli->config_dir = path_join(base ? base : ".salesan", sub);
	cli->config_path = path_join(cli->config_dir, "config");
	cli->cred_path = path_join(cli->config_dir, "credentials");
	cli->profile = "demo";
	free(base);
	free(sub);
	conf_free(&cli->config);
	conf_free(&cli->creds);
	memset(&cli->config, 0, sizeof cli->config);
	memset(&cli->creds, 0, sizeof cli->creds);
	conf_set(&cli->config, "server", url);
	free(cli->server);
	cli->server = xstrdup(url);
}

static int login_as(struct cli *cli, const char *email, const char *pw)
{
	struct api_resp r;
	cJSON *b = cJSON_CreateObject();
	int rc;

	cJSON_AddStringToObject(b, "email", email);
	cJSON_AddStringToObject(b, "password", pw);
	rc = api_call(cli, "POST", "/api/v1/auth/login", b, API_NOAUTH, &r);
	cJSON_Delete(b);
	if (rc == EXIT_OK) {
		conf_set(&cli->creds, "server", cli->server);
		conf_set(&cli->creds, "access_token", json_str(r.data, "accessToken"));
		conf_set(&cli->creds, "refresh_token", json_str(r.data, "refreshToken"));
		conf_set(&cli->creds, "email", email);
	}
	api_resp_free(&r);
	return rc;
}

static int run(struct cli *cli, int argc, char **argv)
{
	const char *calls = NULL, *daysf = NULL, *seedf = NULL, *port = NULL;
	int stop = 0, rc;
	const struct flag flags[] = {
		{ "calls", 0, FLAG_STR, &calls }, { "days", 0, FLAG_STR, &daysf },
		{ "seed", 0, FLAG_STR, &seedf }, { "port", 0, FLAG_STR, &port },
		{ "stop", 0, FLAG_BOOL, &stop }, { NULL, 0, 0, NULL },
	};
	long ncalls = 200, days = 90, seedv = 1, portv = 0;
	struct local_server p;
	char pw[40], *url = NULL, *pwpath = NULL, portbuf[16];
	unsigned char raw[18];
	FILE *f;

	argv[0] = (char *)"demo";
	if (!flags_parse(cli, &cmd_demo, argc, argv, flags, 0, 0, NULL, NULL, NULL, &rc))
		return rc;
	if ((calls && flag_long(cli, "calls", calls, 1, 5000, &ncalls)) ||
	    (daysf && flag_long(cli, "days", daysf, 1, 3650, &days)) ||
	    (seedf && flag_long(cli, "seed", seedf, 1, LONG_MAX, &seedv)) ||
	    (port && flag_long(cli, "port", port, 1, 65535, &portv)))
		return EXIT_USAGE;
	if (local_server_paths(cli, "demo", &p)) {
		local_server_free(&p);
		return EXIT_FAIL;
	}
	/* Always start over: stop a previous demo and delete its data. */
	if (local_server_pid(&p) && (rc = local_server_stop(cli, &p)) != EXIT_OK)
		goto out;
	nftw(p.data, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	if (stop) {
		unlink(p.url);
		fprintf(stderr, "The demo is stopped and its data deleted.\n");
		rc = EXIT_OK;
		goto out;
	}
	snprintf(portbuf, sizeof portbuf, "%ld", portv);
	fprintf(stderr, "Starting a demo salesand on a new SQLite database...\n");
	if ((rc = local_server_start(cli, &p, "127.0.0.1", portbuf, 1)) != EXIT_OK)
		goto out;
	url = local_server_read(p.url);
	use_demo_profile(cli, url);
	rng_state = (uint64_t)seedv * 0x9E3779B97F4A7C15ULL | 1;

	/* One password for every demo account, kept next to the data. */
	randombytes_buf(raw, sizeof raw);
	for (size_t i = 0; i < sizeof raw; i++)
		pw[i] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"[raw[i] % 56];
	memcpy(pw + sizeof raw, "-Demo1", 7);
	pwpath = path_join(p.state, "password");
	if ((f = fopen(pwpath, "w"))) {
		fchmod(fileno(f), 0600);
		fprintf(f, "%s\n", pw);
		fclose(f);
	}
	{
		cJSON *b = cJSON_CreateObject();
		struct api_resp r;
		cJSON_AddStringToObject(b, "email", "admin@demo.salesan.example");
		cJSON_AddStringToObject(b, "password", pw);
		cJSON_AddStringToObject(b, "firstName", "Ada");
		cJSON_AddStringToObject(b, "lastName", "Admin");
		cJSON_AddStringToObject(b, "organizationName", "Northwind Demo Co");
		rc = api_call(cli, "POST", "/api/v1/auth/setup-first-admin", b, API_NOAUTH, &r);
		cJSON_Delete(b);
		if (rc == EXIT_OK) {
			conf_set(&cli->creds, "access_token", json_str(r.data, "accessToken"));
			conf_set(&cli->creds, "refresh_token", json_str(r.data, "refreshToken"));
		}
		api_resp_free(&r);
		if (rc != EXIT_OK)
			goto out;
	}
	fprintf(stderr, "  organization Northwind Demo Co: 1 admin, 2 managers, 6 representatives\n");
	if ((rc = seed(cli, pw, ncalls, days)) != EXIT_OK)
		goto out;
	if ((rc = login_as(cli, managers[0].email, pw)) != EXIT_OK)
		goto out;
	if (mkdir_p(cli->config_dir, 0700) || conf_save(&cli->config, cli->config_path, 0600) ||
	    cli_save_creds(cli)) {
		cli_error(cli, "cannot save the demo profile in %s: %s", cli->config_dir, strerror(errno));
		rc = EXIT_FAIL;
		goto out;
	}
	printf("The demo is ready at %s: %ld calls over %ld days, analysed against the\n"
	       "discovery script.  You are logged in as the manager Mia Chen (%s)\n"
	       "in the profile \"demo\"; every account's password is in %s.\n\n"
	       "Try:\n"
	       "  export SALESAN_PROFILE=demo\n"
	       "  salesan report overview\n"
	       "  salesan report leaderboard --sort score\n"
	       "  salesan report trends --period weekly\n"
	       "  salesan calls list\n"
	       "  salesan analyze CALL_ID          # a call's scorecard\n"
	       "  salesan users list\n"
	       "  salesan notifications\n"
	       "  salesan monitor                  # live calls (start one with salesan record)\n"
	       "  salesan export calls --format csv --out calls.csv\n\n"
	       "Stop it and delete its data with: salesan demo --stop\n",
	       url, ncalls, days, managers[0].email, pwpath);
out:
	sodium_memzero(pw, sizeof pw);
	free(url);
	free(pwpath);
	local_server_free(&p);
	return rc;
}

const struct command cmd_demo = {
	"demo", "start a local demo server with a seeded organization", usage, run,
};
