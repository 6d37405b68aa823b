/*
 * cmdkit.c - verbs, flags and record printing shared by the commands.
 */
#include "cmdkit.h"
#include "client.h"
#include "output.h"
#include "prompt.h"
#include "common/buf.h"
#include "common/ids.h"
#include "common/json.h"
#include "common/xmalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int subcmd_run(struct cli *cli, const struct command *cmd, const struct subcmd *subs,
	       const char *def, int argc, char **argv)
{
	const struct subcmd *s;
	const char *verb;
	struct buf names = BUF_INIT;
	char *one[] = { NULL, NULL };

	if (argc < 2 || (def && argv[1][0] == '-')) {
		/* no verb, or flags of the default one: `salesan users --role x` */
		verb = def;
		if (argc < 2) {
			argc = 1;
			argv = one;
		}
	} else {
		verb = argv[1];
		argc--;
		argv++;
	}
	for (s = subs; verb && s->name; s++)
		if (!strcmp(s->name, verb)) {
			argv[0] = (char *)s->name;
			return s->run(cli, argc, argv);
		}
	for (s = subs; s->name; s++)
		buf_addf(&names, "%s%s", s == subs ? "" : ", ", s->name);
	if (verb)
		cli_error(cli, "'%s' is not a `%s` command (try %s)", verb, cmd->name, names.s);
	else
		cli_error(cli, "`%s` needs one of: %s", cmd->name, names.s);
	buf_free(&names);
	return cli_usage(cmd, 1);
}

static const struct flag *flag_find_long(const struct flag *flags, const char *name, size_t n)
{
	for (; flags->name; flags++)
		if (strlen(flags->name) == n && !strncmp(flags->name, name, n))
			return flags;
	return NULL;
}

static const struct flag *flag_find_short(const struct flag *flags, char c)
{
	for (; flags->name; flags++)
		if (flags->shortc == c)
			return flags;
	return NULL;
}

int flags_parse(struct cli *cli, const struct command *cmd, int argc, char **argv,
		const struct flag *flags, int npos_min, int npos_max, const char *pos_what,
		const char **pos, int *npos, int *rc)
{
	int i, n = 0, only_pos = 0;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *val = NULL;
		const struct flag *f = NULL;

		if (!only_pos && !strcmp(a, "--")) {
			only_pos = 1;
			continue;
		}
		if (!only_pos && (!strcmp(a, "--help") || !strcmp(a, "-h"))) {
			*rc = cli_usage(cmd, 0);
			return 0;
		}
		if (only_pos || a[0] != '-' || !a[1]) {
			if (n >= npos_max) {
				cli_error(cli, "unexpected argument '%s' for `%s %s`", a, cmd->name,
					  argv[0]);
				*rc = cli_usage(cmd, 1);
				return 0;
			}
			pos[n++] = a;
			continue;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			f = flag_find_long(flags, a + 2, eq ? (size_t)(eq - a - 2) : strlen(a + 2));
			if (eq)
				val = eq + 1;
		} else if (!a[2]) {
			f = flag_find_short(flags, a[1]);
		}
		if (!f) {
			cli_error(cli, "unknown option '%s' for `%s %s`", a, cmd->name, argv[0]);
			*rc = cli_usage(cmd, 1);
			return 0;
		}
		if (f->kind == FLAG_BOOL) {
			if (val) {
				cli_error(cli, "option --%s takes no value", f->name);
				*rc = EXIT_USAGE;
				return 0;
			}
			*(int *)f->out = 1;
			continue;
		}
		if (!val) {
			if (i + 1 >= argc) {
				cli_error(cli, "option --%s needs a value", f->name);
				*rc = EXIT_USAGE;
				return 0;
			}
			val = argv[++i];
		}
		if (f->kind == FLAG_STR) {
			*(const char **)f->out = val;
		} else {
			cJSON **list = f->out;
			if (!*list)
				*list = cJSON_CreateArray();
			cJSON_AddItemToArray(*list, cJSON_CreateString(val));
		}
	}
	if (n < npos_min) {
		cli_error(cli, "`%s %s` needs %s", cmd->name, argv[0], pos_what ? pos_what : "an argument");
		*rc = cli_usage(cmd, 1);
		return 0;
	}
	if (npos)
		*npos = n;
	return 1;
}

int flag_long(struct cli *cli, const char *name, const char *s, long lo, long hi, long *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (end == s || *end || v < lo || v > hi) {
		cli_error(cli, "--%s must be a whole number from %ld to %ld, not '%s'", name, lo, hi, s);
		return -1;
	}
	*out = v;
	return 0;
}

int flag_enum(struct cli *cli, const char *name, const char *value, const char *const *names)
{
	struct buf b = BUF_INIT;
	int i;

	for (i = 0; names[i]; i++)
		if (!strcmp(names[i], value))
			return 0;
	for (i = 0; names[i]; i++)
		buf_addf(&b, "%s%s", i ? ", " : "", names[i]);
	cli_error(cli, "--%s must be one of %s, not '%s'", name, b.s, value);
	buf_free(&b);
	return -1;
}

/* ---- output ---- */

const cJSON *json_path(const cJSON *obj, const char *path)
{
	char key[128];
	const char *dot;

	while (obj && (dot = strchr(path, '.'))) {
		size_t n = (size_t)(dot - path);
		if (n >= sizeof key)
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		obj = json_get(obj, key);
		path = dot + 1;
	}
	return obj ? json_get(obj, path) : NULL;
}

/* v with `decimals` decimals and suffix; strings as they are. */
static void number(const cJSON *v, int decimals, const char *suffix, char *out, size_t n)
{
	if (cJSON_IsNumber(v) && isfinite(v->valuedouble))
		snprintf(out, n, "%.*f%s", decimals, v->valuedouble, suffix);
	else if (cJSON_IsString(v))
		snprintf(out, n, "%s", v->valuestring);
	else
		out[0] = '\0';
}

void col_format(const cJSON *obj, const struct col *c, int csv, char *out, size_t n)
{
	const cJSON *v = json_path(obj, c->path);

	out[0] = '\0';
	if (!v || cJSON_IsNull(v))
		return;
	switch (c->kind) {
	case COL_STR:
		if (cJSON_IsString(v))
			snprintf(out, n, "%s", v->valuestring);
		else if (cJSON_IsNumber(v))
			snprintf(out, n, "%.15g", v->valuedouble);
		else if (cJSON_IsBool(v))
			snprintf(out, n, "%s", cJSON_IsTrue(v) ? "true" : "false");
		else if (cJSON_IsArray(v)) {
			struct buf b = BUF_INIT;
			const cJSON *e;
			cJSON_ArrayForEach(e, v)
				if (cJSON_IsString(e))
					buf_addf(&b, "%s%s", b.len ? ", " : "", e->valuestring);
			snprintf(out, n, "%s", b.s);
			buf_free(&b);
		}
		break;
	case COL_INT: number(v, 0, "", out, n); break;
	case COL_NUM: number(v, 1, "", out, n); break;
	case COL_MONEY: number(v, 2, "", out, n); break;
	case COL_PCT:
		if (csv)
			number(v, 2, "", out, n);
		else
			number(v, 1, "%", out, n);
		break;
	case COL_FRAC:
		if (cJSON_IsNumber(v) && csv)
			snprintf(out, n, "%.4f", v->valuedouble);
		else if (cJSON_IsNumber(v))
			snprintf(out, n, "%.0f%%", 100 * v->valuedouble);
		break;
	case COL_TIME:
		if (cJSON_IsString(v)) {
			if (csv)
				snprintf(out, n, "%s", v->valuestring);
			else
				fmt_local_time(v->valuestring, out, n);
		}
		break;
	case COL_BOOL:
		if (cJSON_IsBool(v))
			snprintf(out, n, "%s", cJSON_IsTrue(v) ? (csv ? "true" : "yes") : (csv ? "false" : "no"));
		break;
	case COL_PERSON:
		if (cJSON_IsObject(v))
			snprintf(out, n, "%s%s%s", json_str(v, "firstName") ? json_str(v, "firstName") : "",
				 json_str(v, "firstName") && json_str(v, "lastName") ? " " : "",
				 json_str(v, "lastName") ? json_str(v, "lastName") : "");
		break;
	case COL_SECS:
		if (cJSON_IsNumber(v)) {
			long s = lround(v->valuedouble);
			if (csv)
				snprintf(out, n, "%ld", s);
			else
				snprintf(out, n, "%ld:%02ld", s / 60, s % 60);
		}
		break;
	}
}

static int ncols_of(const struct col *cols)
{
	int n = 0;

	while (cols[n].header)
		n++;
	return n;
}

static void fill_table(struct cli *cli, struct table *t, const cJSON *arr, const struct col *cols)
{
	int nc = ncols_of(cols), i;
	const char **hdr = xcalloc((size_t)nc, sizeof *hdr);
	const cJSON *o;

	for (i = 0; i < nc; i++)
		hdr[i] = cols[i].header;
	table_init(t, nc, hdr);
	cJSON_ArrayForEach(o, arr) {
		char (*vals)[512] = xcalloc((size_t)nc, sizeof *vals);
		const char **cells = xcalloc((size_t)nc, sizeof *cells);
		for (i = 0; i < nc; i++) {
			col_format(o, &cols[i], cli->csv, vals[i], sizeof vals[i]);
			cells[i] = vals[i];
		}
		table_add(t, cells);
		free(cells);
		free(vals);
	}
}

void print_records(struct cli *cli, const cJSON *arr, const struct col *cols, const char *empty)
{
	struct table t;

	if (cli->json) {
		output_json(arr);
		return;
	}
	if (!cli->csv && cJSON_GetArraySize(arr) == 0 && empty) {
		fprintf(stderr, "%s\n", empty);
		return;
	}
	fill_table(cli, &t, arr, cols);
	table_print(cli, &t, stdout);
	free((void *)t.headers);
	table_free(&t);
}

void print_record(struct cli *cli, const cJSON *obj, const struct col *cols)
{
	int i, w = 0;

	if (cli->json) {
		output_json(obj);
		return;
	}
	if (cli->csv) {
		cJSON *one = cJSON_CreateArray();
		cJSON_AddItemReferenceToArray(one, (cJSON *)obj);
		print_records(cli, one, cols, NULL);
		cJSON_Delete(one);
		return;
	}
	for (i = 0; cols[i].header; i++)
		if (display_width(cols[i].header) > w)
			w = display_width(cols[i].header);
	for (i = 0; cols[i].header; i++) {
		char v[2048], h[128];
		col_format(obj, &cols[i], 0, v, sizeof v);
		if (!*v)
			continue;
		snprintf(h, sizeof h, "%s:", cols[i].header);
		printf("%s%*s %s\n", paint(cli->color, C_BOLD, h, (char[160]){ 0 }, 160),
		       w + 1 - display_width(h), "", v);
	}
}

int confirm_or_yes(struct cli *cli, int yes, const char *question, int *rc)
{
	if (yes)
		return 1;
	if (!cli->interactive) {
		cli_error(cli, "this needs confirmation: pass --yes");
		*rc = EXIT_USAGE;
		return 0;
	}
	if (!confirm(cli, question)) {
		fprintf(stderr, "Nothing changed.\n");
		*rc = EXIT_FAIL;
		return 0;
	}
	return 1;
}

int resolve_user(struct cli *cli, const char *who, char id[40])
{
	struct api_resp r;
	struct buf path = BUF_INIT;
	const cJSON *users;
	int rc;

	if (uuid_valid(who)) {
		snprintf(id, 40, "%s", who);
		return 0;
	}
	if (!strcmp(who, "me"))
		buf_addstr(&path, "/api/v1/auth/me");
	else if (strchr(who, '@')) {
		buf_addstr(&path, "/api/v1/users");
		query_add(&path, "email", who);
	} else {
		cli_error(cli, "'%s' is neither a user id, an email address nor \"me\"", who);
		return EXIT_USAGE;
	}
	rc = api_get(cli, path.s, &r);
	buf_free(&path);
	if (rc != EXIT_OK) {
		api_resp_free(&r);
		return rc;
	}
	users = json_get(r.data, "users");
	if (users)
		who = json_str(cJSON_GetArrayItem(users, 0), "id");
	else
		who = json_str(json_get(r.data, "user"), "id") ? json_str(json_get(r.data, "user"), "id")
							      : json_str(r.data, "id");
	if (!who || !uuid_valid(who)) {
		cli_error(cli, "no user with that email among the users you can see");
		api_resp_free(&r);
		return EXIT_NOTFOUND;
	}
	snprintf(id, 40, "%s", who);
	api_resp_free(&r);
	return 0;
}

void query_add(struct buf *q, const char *key, const char *value)
{
	char *e;

	if (!value)
		return;
	e = url_escape(value);
	buf_addf(q, "%c%s=%s", strchr(q->s, '?') ? '&' : '?', key, e);
	free(e);
}

int api_write_show(struct cli *cli, const char *method, const char *path, const cJSON *body,
		   const char *key, const struct col *cols, const char *done)
{
	struct api_resp r;
	int rc = api_call(cli, method, path, body, API_AUTH, &r);

	if (rc == EXIT_OK) {
		const cJSON *obj = key ? json_get(r.data, key) : r.data;
		if (cli->json)
			output_json(r.data ? r.data : r.json);
		else if (cols && cJSON_IsObject(obj))
			print_record(cli, obj, cols);
		if (done && !cli->json)
			fprintf(stderr, "%s\n", done);
	}
	api_resp_free(&r);
	return rc;
}

static int show(struct cli *cli, const char *path, const char *key, const struct col *cols,
		const char *empty, int list)
{
	struct api_resp r;
	int rc = api_get(cli, path, &r);

	if (rc == EXIT_OK) {
		const cJSON *v = key ? json_get(r.data, key) : r.data;
		if (list)
			print_records(cli, v, cols, empty);
		else
			print_record(cli, v, cols);
	}
	api_resp_free(&r);
	return rc;
}

int api_show_list(struct cli *cli, const char *path, const char *key, const struct col *cols,
		  const char *empty)
{
	return show(cli, path, key, cols, empty, 1);
}

int api_show_one(struct cli *cli, const char *path, const char *key, const struct col *cols)
{
	return show(cli, path, key, cols, NULL, 0);
}

int api_list(struct cli *cli, const char *base, const char *key, const struct paging *p,
	     long max_limit, cJSON **out)
{
	long page = 1, limit = p->all ? max_limit : 20, pages = 1;
	int rc = EXIT_OK;

	*out = cJSON_CreateArray();
	if ((p->page && flag_long(cli, "page", p->page, 1, 1000000, &page)) ||
	    (p->limit && flag_long(cli, "limit", p->limit, 1, max_limit, &limit)))
		return EXIT_USAGE;
	do {
		struct buf q = BUF_INIT;
		struct api_resp r;
		const cJSON *it;
		char num[24];

		buf_addstr(&q, base);
		snprintf(num, sizeof num, "%ld", page);
		query_add(&q, "page", num);
		snprintf(num, sizeof num, "%ld", limit);
		query_add(&q, "limit", num);
		rc = api_get(cli, q.s, &r);
		buf_free(&q);
		if (rc == EXIT_OK) {
			cJSON_ArrayForEach(it, json_get(r.data, key))
				cJSON_AddItemToArray(*out, cJSON_Duplicate(it, 1));
			pages = (long)cJSON_GetNumberValue(json_get(json_get(r.data, "pagination"), "pages"));
		}
		api_resp_free(&r);
		page++;
	} while (rc == EXIT_OK && p->all && page <= pages);
	return rc;
}
