/*
 * cmd_scripts.c - salesan scripts: the training scripts calls are scored
 * against.  `validate` runs the analysis engine's own script checks
 * offline and reports every problem as FILE:LINE:COL; create and update
 * validate the same way before anything is sent.
 */
#include "cli.h"
#include "client.h"
#include "cmdkit.h"
#include "output.h"
#include "analysis/script.h"
#include "common/buf.h"
#include "common/conf.h"
#include "common/fsutil.h"
#include "common/ids.h"
#include "common/json.h"
#include "common/xmalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCRIPT_FILE_MAX (1024 * 1024)

static const char usage[] =
	"usage: salesan scripts list [--active|--inactive] [--category C] [--page N] [--limit N] [--all]\n"
	"       salesan scripts show ID\n"
	"       salesan scripts create FILE\n"
	"       salesan scripts update ID FILE\n"
	"       salesan scripts activate ID      salesan scripts deactivate ID\n"
	"       salesan scripts rm ID [--yes]\n"
	"       salesan scripts validate FILE...\n"
	"\n"
	"Examples:\n"
	"  salesan scripts validate discovery.json        # offline, errors as FILE:LINE:COL\n"
	"  salesan scripts create discovery.json\n"
	"  salesan scripts list --active\n"
	"  salesan scripts update 6f1c... discovery.json\n"
	"  salesan scripts show 6f1c... --json > backup.json\n"
	"\n"
	"A script is a JSON object: name (required), description, category, tags,\n"
	"isActive, isDefault, content, and the structure calls are scored on:\n"
	"stages [{id, name, required, weight, phrases[], keywords[], withinMs}],\n"
	"objections [{type, triggers[], responses[]}] and forbidden [phrase...].\n"
	"Examples ship in share/salesan/scripts/.  FILE may be - for stdin.\n"
	"Representatives may read scripts; managers and admins write them.\n";

static const struct col list_cols[] = {
	{ "ID", "id", COL_STR }, { "NAME", "name", COL_STR }, { "CATEGORY", "category", COL_STR },
	{ "ACTIVE", "isActive", COL_BOOL }, { "DEFAULT", "isDefault", COL_BOOL },
	{ "VERSION", "version", COL_STR }, { "UPDATED", "updatedAt", COL_TIME },
	{ NULL, NULL, 0 },
};

static const struct col script_cols[] = {
	{ "ID", "id", COL_STR }, { "Name", "name", COL_STR },
	{ "Description", "description", COL_STR }, { "Category", "category", COL_STR },
	{ "Tags", "tags", COL_STR }, { "Version", "version", COL_STR },
	{ "Active", "isActive", COL_BOOL }, { "Default", "isDefault", COL_BOOL },
	{ "Created", "createdAt", COL_TIME }, { "Updated", "updatedAt", COL_TIME },
	{ NULL, NULL, 0 },
};

static const char *const known_keys[] = {
	"name", "description", "content", "category", "tags", "version", "isActive", "isDefault",
	"stages", "objections", "forbidden", "keyPhrases", "requiredTopics", "is_active",
	"is_default", "key_phrases", "required_topics", "id", "organizationId", "createdAt",
	"updatedAt", "createdBy", NULL,
};

static int only_space(const char *p, const char *end)
{
	for (; p < end; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n' && *p != '\0')
			return 0;
	return 1;
}

/* Print one problem as FILE:LINE:COL: path: message. */
static void problem(const char *file, const char *text, size_t len, const char *path,
		    const char *msg)
{
	long off = path && *path ? json_locate(text, len, path) : 0;
	char *dot;
	int line, col;

	/* A missing member points at the object that should hold it. */
	while (off < 0 && path && (dot = strrchr(path, '.'))) {
		char parent[128];
		snprintf(parent, sizeof parent, "%.*s", (int)(dot - path), path);
		off = json_locate(text, len, parent);
		break;
	}
	json_line_col(text, off < 0 ? 0 : (size_t)off, &line, &col);
	fprintf(stderr, "%s:%d:%d: %s%s%s\n", file, line, col, path && *path ? path : "",
		path && *path ? ": " : "", msg);
}

static int check_string(const cJSON *obj, const char *key, size_t max, int required,
			const char *file, const char *text, size_t len)
{
	const cJSON *v = json_get(obj, key);
	char msg[96];

	if (!v || cJSON_IsNull(v)) {
		if (required) {
			problem(file, text, len, "", "\"name\" is required");
			return 1;
		}
		return 0;
	}
	if (!cJSON_IsString(v) || (required && !*v->valuestring) || strlen(v->valuestring) > max) {
		snprintf(msg, sizeof msg, "must be a%s string of at most %zu characters",
			 required ? " non-empty" : "", max);
		problem(file, text, len, key, msg);
		return 1;
	}
	return 0;
}

/*
 * Read and check a script file.  Returns the parsed object (caller frees)
 * when it is valid, else NULL after printing every problem.  With quiet,
 * a valid file prints nothing.
 */
static cJSON *load_script(struct cli *cli, const char *file, int quiet)
{
	struct script_problem probs[32];
	struct script_norm n;
	const char *end = NULL;
	const cJSON *m;
	size_t len;
	char *text;
	cJSON *obj;
	int np, i, bad = 0;

	text = read_input(file, SCRIPT_FILE_MAX, &len);
	if (!text) {
		cli_error(cli, "%s: %s", file,
			  errno == EFBIG ? "larger than 1 MiB" : strerror(errno));
		return NULL;
	}
	obj = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (!obj || (end && !only_space(end, text + len))) {
		size_t off = end ? (size_t)(end - text) : 0;
		int line, col;
		json_line_col(text, off, &line, &col);
		fprintf(stderr, "%s:%d:%d: %s\n", file, line, col,
			obj ? "unexpected data after the script" : "malformed JSON here");
		cJSON_Delete(obj);
		free(text);
		return NULL;
	}
	if (!cJSON_IsObject(obj)) {
		problem(file, text, len, "", "a script must be a JSON object");
		bad = 1;
		goto out;
	}
	bad += check_string(obj, "name", 255, 1, file, text, len);
	bad += check_string(obj, "description", 5000, 0, file, text, len);
	bad += check_string(obj, "category", 100, 0, file, text, len);
	bad += check_string(obj, "version", 20, 0, file, text, len);
	bad += check_string(obj, "content", 200000, 0, file, text, len);
	np = script_normalize(obj, &n, probs, 32);
	for (i = 0; i < np && i < 32; i++)
		problem(file, text, len, probs[i].path, probs[i].msg);
	if (np > 32)
		fprintf(stderr, "%s: ... and %d more problems\n", file, np - 32);
	bad += np;
	cJSON_ArrayForEach(m, obj) {
		int k, known = 0;
		for (k = 0; known_keys[k]; k++)
			known |= !strcmp(known_keys[k], m->string);
		if (!known) {
			char msg[160];
			snprintf(msg, sizeof msg, "warning: unknown key \"%.100s\" is ignored", m->string);
			problem(file, text, len, m->string, msg);
		}
	}
	if (!np) {
		if (!quiet && !cli->json)
			printf("%s: valid: \"%s\", %d stages, %d objections, %d forbidden phrases\n", file,
			       json_str(obj, "name") ? json_str(obj, "name") : "",
			       cJSON_GetArraySize(n.stages), cJSON_GetArraySize(n.objections),
			       cJSON_GetArraySize(n.forbidden));
		script_norm_free(&n);
	}
out:
	free(text);
	if (bad) {
		cJSON_Delete(obj);
		return NULL;
	}
	return obj;
}

static int validate(struct cli *cli, int argc, char **argv)
{
	const struct flag flags[] = { { NULL, 0, 0, NULL } };
	const char *pos[64];
	int npos, rc, i, bad = 0;

	if (!flags_parse(cli, &cmd_scripts, argc, argv, flags, 1, 64, "a FILE", pos, &npos, &rc))
		return rc;
	for (i = 0; i < npos; i++) {
		cJSON *s = load_script(cli, pos[i], 0);
		bad += !s;
		cJSON_Delete(s);
	}
	return bad ? EXIT_FAIL : EXIT_OK;
}

static int need_id(struct cli *cli, const char *id)
{
	if (!uuid_valid(id)) {
		cli_error(cli, "'%s' is not a script id (see `salesan scripts list`)", id);
		return EXIT_USAGE;
	}
	return 0;
}

/* Parse argv for a script ID first (npos positional arguments in all, into
 * pos) and put the script's path in path.  1 to go on, or 0 with *rc set. */
static int script_arg(struct cli *cli, int argc, char **argv, const struct flag *flags, int npos,
		      const char *what, const char **pos, struct buf *path, int *rc)
{
	if (!flags_parse(cli, &cmd_scripts, argc, argv, flags, npos, npos, what, pos, NULL, rc))
		return 0;
	if ((*rc = need_id(cli, pos[0])))
		return 0;
	buf_addf(path, "/api/v1/sales-scripts/%s", pos[0]);
	return 1;
}

static int list(struct cli *cli, int argc, char **argv)
{
	struct paging p = { 0 };
	int active = 0, inactive = 0, rc;
	const char *category = NULL;
	const struct flag flags[] = {
		{ "active", 0, FLAG_BOOL, &active }, { "inactive", 0, FLAG_BOOL, &inactive },
		{ "category", 0, FLAG_STR, &category }, PAGING_FLAGS(&p), { NULL, 0, 0, NULL },
	};
	struct buf q = BUF_INIT;
	cJSON *all = NULL;

	if (!flags_parse(cli, &cmd_scripts, argc, argv, flags, 0, 0, NULL, NULL, NULL, &rc))
		return rc;
	if (active && inactive) {
		cli_error(cli, "--active and --inactive exclude each other");
		return EXIT_USAGE;
	}
	buf_addstr(&q, "/api/v1/sales-scripts");
	query_add(&q, "isActive", active ? "true" : inactive ? "false" : NULL);
	query_add(&q, "category", category);
	rc = api_list(cli, q.s, "salesScripts", &p, 100, &all);
	if (rc == EXIT_OK)
		print_records(cli, all, list_cols, "No scripts yet; create one with `salesan scripts create FILE`.");
	cJSON_Delete(all);
	buf_free(&q);
	return rc;
}

static void show_structure(struct cli *cli, const cJSON *s)
{
	const cJSON *st, *o;
	int i = 0;

	if (cJSON_GetArraySize(json_get(s, "stages")))
		printf("\n%s\n", paint(cli->color, C_BOLD, "Stages", (char[64]){ 0 }, 64));
	cJSON_ArrayForEach(st, json_get(s, "stages"))
		printf("  %2d. %-28s weight %-3g %s%d phrases\n", ++i,
		       json_str(st, "name") ? json_str(st, "name") : json_str(st, "id"),
		       cJSON_GetNumberValue(json_get(st, "weight")),
		       json_true(st, "required") ? "required, " : "",
		       cJSON_GetArraySize(json_get(st, "phrases")));
	if (cJSON_GetArraySize(json_get(s, "objections")))
		printf("\n%s\n", paint(cli->color, C_BOLD, "Objections", (char[64]){ 0 }, 64));
	cJSON_ArrayForEach(o, json_get(s, "objections"))
		printf("  %-20s %d triggers, %d responses\n", json_str(o, "type") ? json_str(o, "type") : "",
		       cJSON_GetArraySize(json_get(o, "triggers")),
		       cJSON_GetArraySize(json_get(o, "responses")));
	if (cJSON_GetArraySize(json_get(s, "forbidden")))
		printf("\n%s %d phrases\n", paint(cli->color, C_BOLD, "Forbidden:", (char[64]){ 0 }, 64),
		       cJSON_GetArraySize(json_get(s, "forbidden")));
}

static int show(struct cli *cli, int argc, char **argv)
{
	const struct flag flags[] = { { NULL, 0, 0, NULL } };
	const char *pos[1];
	struct buf path = BUF_INIT;
	struct api_resp r;
	int rc;

	if (!script_arg(cli, argc, argv, flags, 1, "a script ID", pos, &path, &rc))
		return rc;
	rc = api_get(cli, path.s, &r);
	if (rc == EXIT_OK) {
		print_record(cli, r.data, script_cols);
		if (!cli->json && !cli->csv)
			show_structure(cli, r.data);
	}
	api_resp_free(&r);
	buf_free(&path);
	return rc;
}

static int send_file(struct cli *cli, const char *method, const char *path, const char *file,
		     const char *done)
{
	cJSON *body = load_script(cli, file, 1);
	int rc;

	if (!body)
		return EXIT_FAIL;
	/* The server owns these. */
	cJSON_DeleteItemFromObject(body, "id");
	cJSON_DeleteItemFromObject(body, "organizationId");
	cJSON_DeleteItemFromObject(body, "createdAt");
	cJSON_DeleteItemFromObject(body, "updatedAt");
	cJSON_DeleteItemFromObject(body, "createdBy");
	rc = api_write_show(cli, method, path, body, NULL, script_cols, done);
	cJSON_Delete(body);
	return rc;
}

static int create(struct cli *cli, int argc, char **argv)
{
	const struct flag flags[] = { { NULL, 0, 0, NULL } };
	const char *pos[1];
	int rc;

	if (!flags_parse(cli, &cmd_scripts, argc, argv, flags, 1, 1, "a FILE", pos, NULL, &rc))
		return rc;
	return send_file(cli, "POST", "/api/v1/sales-scripts", pos[0], "Script created.");
}

static int update(struct cli *cli, int argc, char **argv)
{
	const struct flag flags[] = { { NULL, 0, 0, NULL } };
	const char *pos[2];
	struct buf path = BUF_INIT;
	int rc;

	if (!script_arg(cli, argc, argv, flags, 2, "a script ID and a FILE", pos, &path, &rc)) {
		buf_free(&path);
		return rc;
	}
	rc = send_file(cli, "PUT", path.s, pos[1], "Script updated.");
	buf_free(&path);
	return rc;
}

static int set_active(struct cli *cli, int argc, char **argv, int on)
{
	const struct flag flags[] = { { NULL, 0, 0, NULL } };
	const char *pos[1];
	struct buf path = BUF_INIT;
	cJSON *body;
	int rc;

	if (!script_arg(cli, argc, argv, flags, 1, "a script ID", pos, &path, &rc))
		return rc;
	body = cJSON_CreateObject();
	cJSON_AddBoolToObject(body, "isActive", on);
	rc = api_write_show(cli, "PUT", path.s, body, NULL, NULL,
			    on ? "Script activated." : "Script deactivated.");
	cJSON_Delete(body);
	buf_free(&path);
	return rc;
}

static int activate(struct cli *cli, int argc, char **argv)
{
	return set_active(cli, argc, argv, 1);
}

static int deactivate(struct cli *cli, int argc, char **argv)
{
	return set_active(cli, argc, argv, 0);
}

static int rm(struct cli *cli, int argc, char **argv)
{
	int yes = 0, rc;
	const struct flag flags[] = { { "yes", 'y', FLAG_BOOL, &yes }, { NULL, 0, 0, NULL } };
	const char *pos[1];
	struct buf path = BUF_INIT;

	if (!script_arg(cli, argc, argv, flags, 1, "a script ID", pos, &path, &rc))
		return rc;
	if (confirm_or_yes(cli, yes, "Delete this script? Calls keep their scores.", &rc))
		rc = api_write_show(cli, "DELETE", path.s, NULL, NULL, NULL, "Script deleted.");
	buf_free(&path);
	return rc;
}

static const struct subcmd subs[] = {
	{ "list", list }, { "show", show }, { "create", create }, { "update", update },
	{ "activate", activate }, { "deactivate", deactivate }, { "rm", rm },
	{ "validate", validate }, { NULL, NULL },
};

static int run(struct cli *cli, int argc, char **argv)
{
	return subcmd_run(cli, &cmd_scripts, subs, "list", argc, argv);
}

const struct command cmd_scripts = {
	"scripts", "training scripts: list, show, create, update, validate offline", usage, run,
};
