/*
 * cmd_users.c - salesan users: the people of the organization, for
 * managers and admins.  Every flow works with flags alone (scripts, cron)
 * and, on a terminal, asks for what is missing with readline (Tab
 * completes roles and managers' emails).  USER is an id, an email or "me".
 */
#include "cli.h"
#include "client.h"
#include "cmdkit.h"
#include "output.h"
#include "prompt.h"
#include "common/buf.h"
#include "common/json.h"
#include "common/xmalloc.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: salesan users list [--role R] [--status S] [--page N] [--limit N] [--all]\n"
	"       salesan users show USER\n"
	"       salesan users add [--email E] [--first-name F] [--last-name L] [--role R]\n"
	"                         [--phone P] [--manager USER] [--password-file FILE]\n"
	"       salesan users update USER [--email E] [--first-name F] [--last-name L]\n"
	"                         [--phone P]\n"
	"       salesan users disable USER [--yes]      salesan users enable USER\n"
	"       salesan users rm USER [--yes]\n"
	"       salesan users set-manager USER MANAGER|none\n"
	"       salesan users set-role USER ROLE\n"
	"\n"
	"Examples:\n"
	"  salesan users list --role sales_representative\n"
	"  salesan users add --email sam@acme.example --first-name Sam --last-name Rivera \\\n"
	"      --role sales_representative --manager mia@acme.example --password-file pw.txt\n"
	"  salesan users add                       # asks for each field on a terminal\n"
	"  salesan users set-manager sam@acme.example mia@acme.example\n"
	"  salesan users disable sam@acme.example --yes\n"
	"\n"
	"USER is an email address, a user id or \"me\".  Roles: sales_representative,\n"
	"sales_manager, admin, super_admin (you may grant roles up to your own).\n"
	"Statuses: active, inactive, suspended, pending.  disable keeps the person\n"
	"and their calls but ends their sessions; rm removes them from the active\n"
	"users (salesand keeps the record for the calls' history).  Both ask for\n"
	"confirmation on a terminal; --yes skips it (and is needed in scripts).\n";

static const char *const roles[] = { "sales_representative", "sales_manager", "admin",
				     "super_admin", NULL };
static const char *const statuses[] = { "active", "inactive", "suspended", "pending", NULL };

static const struct col list_cols[] = {
	{ "ID", "id", COL_STR }, { "EMAIL", "email", COL_STR },
	{ "FIRST", "firstName", COL_STR }, { "LAST", "lastName", COL_STR },
	{ "ROLE", "role", COL_STR }, { "STATUS", "status", COL_STR },
	{ "LAST LOGIN", "lastLoginAt", COL_TIME }, { NULL, NULL, 0 },
};

static const struct col user_cols[] = {
	{ "ID", "id", COL_STR }, { "Email", "email", COL_STR },
	{ "First name", "firstName", COL_STR }, { "Last name", "lastName", COL_STR },
	{ "Phone", "phone", COL_STR }, { "Role", "role", COL_STR },
	{ "Status", "status", COL_STR }, { "Organization", "organizationId", COL_STR },
	{ "Manager", "managerId", COL_STR }, { "Last login", "lastLoginAt", COL_TIME },
	{ "Created", "createdAt", COL_TIME }, { "Updated", "updatedAt", COL_TIME },
	{ NULL, NULL, 0 },
};

static int list(struct cli *cli, int argc, char **argv)
{
	struct paging p = { 0 };
	const char *role = NULL, *status = NULL;
	const struct flag flags[] = {
		{ "role", 0, FLAG_STR, &role }, { "status", 0, FLAG_STR, &status },
		PAGING_FLAGS(&p), { NULL, 0, 0, NULL },
	};
	struct buf q = BUF_INIT;
	cJSON *all = NULL;
	int rc;

	if (!flags_parse(cli, &cmd_users, argc, argv, flags, 0, 0, NULL, NULL, NULL, &rc))
		return rc;
	if ((role && flag_enum(cli, "role", role, roles)) ||
	    (status && flag_enum(cli, "status", status, statuses)))
		return EXIT_USAGE;
	buf_addstr(&q, "/api/v1/users");
	query_add(&q, "role", role);
	query_add(&q, "status", status);
	rc = api_list(cli, q.s, "users", &p, 100, &all);
	if (rc == EXIT_OK)
		print_records(cli, all, list_cols, "No users match.");
	cJSON_Delete(all);
	buf_free(&q);
	return rc;
}

/* "/api/v1/users/<id of who>" into path; 0 or an exit code. */
static int user_path(struct cli *cli, const char *who, struct buf *path)
{
	char id[40];
	int rc = resolve_user(cli, who, id);

	if (!rc)
		buf_addf(path, "/api/v1/users/%s", id);
	return rc;
}

static int show(struct cli *cli, int argc, char **argv)
{
	const struct flag flags[] = { { NULL, 0, 0, NULL } };
	const char *pos[1];
	struct buf path = BUF_INIT;
	int rc;

	if (!flags_parse(cli, &cmd_users, argc, argv, flags, 1, 1, "a USER", pos, NULL, &rc))
		return rc;
	if (!(rc = user_path(cli, pos[0], &path)))
		rc = api_show_one(cli, path.s, NULL, user_cols);
	buf_free(&path);
	return rc;
}

/* The emails of the managers the caller can see, for Tab completion. */
static char **manager_emails(struct cli *cli)
{
	struct paging p = { .all = 1 };
	cJSON *all = NULL;
	char **v;
	const cJSON *u;
	int n = 0;

	api_list(cli, "/api/v1/users?role=sales_manager&status=active", "users", &p, 100, &all);
	v = xcalloc((size_t)cJSON_GetArraySize(all) + 1, sizeof *v);
	cJSON_ArrayForEach(u, all)
		if (json_str(u, "email"))
			v[n++] = xstrdup(json_str(u, "email"));
	cJSON_Delete(all);
	return v;
}

static void strv_free(char **v)
{
	size_t i;

	for (i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

/* Fill *value by asking when it is missing and we may ask; required
 * fields must end up set.  Returns 0 or EXIT_USAGE. */
static int ask(struct cli *cli, const char *flag, const char *question, const char *const *choices,
	       int required, const char **value, char **owned)
{
	if (*value || !cli->interactive) {
		if (!*value && required) {
			cli_error(cli, "--%s is required (or run on a terminal to be asked)", flag);
			return EXIT_USAGE;
		}
		return 0;
	}
	for (;;) {
		char *a = prompt_choose(cli, question, choices); /* (trimmed; Tab offers choices) */
		if (!a)
			return EXIT_USAGE;
		if (*a || !required) {
			if (*a) {
				*owned = a;
				*value = a;
			} else {
				free(a);
			}
			return 0;
		}
		free(a);
	}
}

static void add_str(cJSON *body, const char *key, const char *v)
{
	if (v)
		cJSON_AddStringToObject(body, key, v);
}

static int add(struct cli *cli, int argc, char **argv)
{
	const char *email = NULL, *first = NULL, *last = NULL, *role = NULL, *phone = NULL,
		   *manager = NULL, *pwfile = NULL;
	const struct flag flags[] = {
		{ "email", 0, FLAG_STR, &email }, { "first-name", 0, FLAG_STR, &first },
		{ "last-name", 0, FLAG_STR, &last }, { "role", 0, FLAG_STR, &role },
		{ "phone", 0, FLAG_STR, &phone }, { "manager", 0, FLAG_STR, &manager },
		{ "password-file", 0, FLAG_STR, &pwfile }, { NULL, 0, 0, NULL },
	};
	char *own[6] = { 0 }, *pw = NULL, **mgrs = NULL, mid[40];
	cJSON *body = NULL;
	int rc, i;

	if (!flags_parse(cli, &cmd_users, argc, argv, flags, 0, 0, NULL, NULL, NULL, &rc))
		return rc;
	if (cli->interactive && !manager)
		mgrs = manager_emails(cli);
	if ((rc = ask(cli, "email", "Email: ", NULL, 1, &email, &own[0])) ||
	    (rc = ask(cli, "first-name", "First name: ", NULL, 1, &first, &own[1])) ||
	    (rc = ask(cli, "last-name", "Last name: ", NULL, 1, &last, &own[2])) ||
	    (rc = ask(cli, "role", "Role [sales_representative] (Tab completes): ", roles, 0, &role,
		      &own[3])) ||
	    (rc = ask(cli, "manager", "Manager's email (Tab completes; empty for none): ",
		      (const char *const *)mgrs, 0, &manager, &own[4])))
		goto out;
	if (role && flag_enum(cli, "role", role, roles)) {
		rc = EXIT_USAGE;
		goto out;
	}
	if (pwfile)
		pw = read_secret_file(cli, pwfile);
	else if (cli->interactive)
		pw = prompt_secret(cli, "Password for the new user (at least 8 characters): ");
	else
		cli_error(cli, "--password-file is required (or run on a terminal to be asked)");
	if (!pw) {
		rc = EXIT_USAGE;
		goto out;
	}
	body = cJSON_CreateObject();
	add_str(body, "email", email);
	add_str(body, "firstName", first);
	add_str(body, "lastName", last);
	add_str(body, "role", role);
	add_str(body, "phone", phone);
	cJSON_AddStringToObject(body, "password", pw);
	if (manager) {
		if ((rc = resolve_user(cli, manager, mid)))
			goto out;
		cJSON_AddStringToObject(body, "managerId", mid);
	}
	rc = api_write_show(cli, "POST", "/api/v1/users", body, NULL, user_cols, "User created.");
out:
	if (body) {
		cJSON *p = json_get(body, "password");
		if (cJSON_IsString(p))
			sodium_memzero(p->valuestring, strlen(p->valuestring));
	}
	cJSON_Delete(body);
	secret_free(pw);
	for (i = 0; i < 6; i++)
		free(own[i]);
	strv_free(mgrs);
	return rc;
}

/* PUT body to the user `who`, showing the result. */
static int put_user(struct cli *cli, const char *who, cJSON *body, const char *done)
{
	struct buf path = BUF_INIT;
	int rc;

	if (!(rc = user_path(cli, who, &path)))
		rc = api_write_show(cli, "PUT", path.s, body, NULL, user_cols, done);
	buf_free(&path);
	cJSON_Delete(body);
	return rc;
}

static int update(struct cli *cli, int argc, char **argv)
{
	const char *email = NULL, *first = NULL, *last = NULL, *phone = NULL, *pos[1];
	const struct flag flags[] = {
		{ "email", 0, FLAG_STR, &email }, { "first-name", 0, FLAG_STR, &first },
		{ "last-name", 0, FLAG_STR, &last }, { "phone", 0, FLAG_STR, &phone },
		{ NULL, 0, 0, NULL },
	};
	cJSON *body;
	int rc;

	if (!flags_parse(cli, &cmd_users, argc, argv, flags, 1, 1, "a USER", pos, NULL, &rc))
		return rc;
	if (!email && !first && !last && !phone) {
		cli_error(cli, "nothing to change: give --email, --first-name, --last-name or --phone");
		return EXIT_USAGE;
	}
	body = cJSON_CreateObject();
	add_str(body, "email", email);
	add_str(body, "firstName", first);
	add_str(body, "lastName", last);
	if (phone && !*phone)
		cJSON_AddNullToObject(body, "phone");
	else
		add_str(body, "phone", phone);
	return put_user(cli, pos[0], body, "User updated.");
}

static int set_status(struct cli *cli, int argc, char **argv, const char *status)
{
	const char *pos[1];
	int yes = 0, rc;
	const struct flag flags[] = { { "yes", 'y', FLAG_BOOL, &yes }, { NULL, 0, 0, NULL } };
	struct buf q = BUF_INIT;
	cJSON *body;

	if (!flags_parse(cli, &cmd_users, argc, argv, flags, 1, 1, "a USER", pos, NULL, &rc))
		return rc;
	if (strcmp(status, "active")) {
		buf_addf(&q, "Disable %s? They are logged out everywhere.", pos[0]);
		if (!confirm_or_yes(cli, yes, q.s, &rc)) {
			buf_free(&q);
			return rc;
		}
		buf_free(&q);
	}
	body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "status", status);
	return put_user(cli, pos[0], body, strcmp(status, "active") ? "User disabled." : "User enabled.");
}

static int disable(struct cli *cli, int argc, char **argv)
{
	return set_status(cli, argc, argv, "inactive");
}

static int enable(struct cli *cli, int argc, char **argv)
{
	return set_status(cli, argc, argv, "active");
}

static int rm(struct cli *cli, int argc, char **argv)
{
	const char *pos[1];
	int yes = 0, rc;
	const struct flag flags[] = { { "yes", 'y', FLAG_BOOL, &yes }, { NULL, 0, 0, NULL } };
	struct buf path = BUF_INIT, q = BUF_INIT;

	if (!flags_parse(cli, &cmd_users, argc, argv, flags, 1, 1, "a USER", pos, NULL, &rc))
		return rc;
	buf_addf(&q, "Remove %s from the active users?", pos[0]);
	if (confirm_or_yes(cli, yes, q.s, &rc) && !(rc = user_path(cli, pos[0], &path)))
		rc = api_write_show(cli, "DELETE", path.s, NULL, NULL, NULL, "User removed.");
	buf_free(&q);
	buf_free(&path);
	return rc;
}

static int set_manager(struct cli *cli, int argc, char **argv)
{
	const struct flag flags[] = { { NULL, 0, 0, NULL } };
	const char *pos[2];
	char mid[40];
	cJSON *body;
	int rc;

	if (!flags_parse(cli, &cmd_users, argc, argv, flags, 2, 2, "a USER and a MANAGER (or none)",
			 pos, NULL, &rc))
		return rc;
	body = cJSON_CreateObject();
	if (!strcmp(pos[1], "none")) {
		cJSON_AddNullToObject(body, "managerId");
	} else if ((rc = resolve_user(cli, pos[1], mid))) {
		cJSON_Delete(body);
		return rc;
	} else {
		cJSON_AddStringToObject(body, "managerId", mid);
	}
	return put_user(cli, pos[0], body, "Manager set.");
}

static int set_role(struct cli *cli, int argc, char **argv)
{
	const struct flag flags[] = { { NULL, 0, 0, NULL } };
	const char *pos[2];
	cJSON *body;
	int rc;

	if (!flags_parse(cli, &cmd_users, argc, argv, flags, 2, 2, "a USER and a ROLE", pos, NULL,
			 &rc))
		return rc;
	if (flag_enum(cli, "role", pos[1], roles))
		return EXIT_USAGE;
	body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "role", pos[1]);
	return put_user(cli, pos[0], body, "Role set.");
}

static const struct subcmd subs[] = {
	{ "list", list }, { "show", show }, { "add", add }, { "update", update },
	{ "disable", disable }, { "enable", enable }, { "rm", rm },
	{ "set-manager", set_manager }, { "set-role", set_role }, { NULL, NULL },
};

static int run(struct cli *cli, int argc, char **argv)
{
	return subcmd_run(cli, &cmd_users, subs, "list", argc, argv);
}

const struct command cmd_users = {
	"users", "list, add, update, disable and re-role the people you manage", usage, run,
};
