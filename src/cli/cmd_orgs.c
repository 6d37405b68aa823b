/*
 * cmd_orgs.c - salesan orgs: organizations and their branches, for admins
 * (an admin's organization and its branches; a super admin's every one).
 */
#include "cli.h"
#include "client.h"
#include "cmdkit.h"
#include "output.h"
#include "common/buf.h"
#include "common/ids.h"
#include "common/json.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

static const char usage[] =
	"usage: salesan orgs list [--status S] [--type T] [--page N] [--limit N] [--all]\n"
	"       salesan orgs show ID\n"
	"       salesan orgs create --name NAME [--type T] [--parent ID] [--industry I]\n"
	"                           [--email E] [--phone P] [--website URL] [--country C]\n"
	"       salesan orgs update ID [--name NAME] [--industry I] [--email E] [--phone P]\n"
	"                           [--website URL] [--country C] [--status S]\n"
	"       salesan orgs branches ID [--type T]\n"
	"       salesan orgs stats ID\n"
	"\n"
	"Examples:\n"
	"  salesan orgs list\n"
	"  salesan orgs create --name \"Acme West\" --type branch --parent 2b7e...\n"
	"  salesan orgs branches 2b7e... --json\n"
	"  salesan orgs stats 2b7e...\n"
	"\n"
	"Types: headquarters, branch, franchise, partner.  Statuses: active,\n"
	"inactive, suspended.  Admins create branches of their own organization;\n"
	"super admins any organization.  An empty value (--email \"\") clears a field.\n";

static const char *const types[] = { "headquarters", "branch", "franchise", "partner", NULL };
static const char *const statuses[] = { "active", "inactive", "suspended", NULL };

static const struct col list_cols[] = {
	{ "ID", "id", COL_STR }, { "NAME", "name", COL_STR }, { "TYPE", "type", COL_STR },
	{ "STATUS", "status", COL_STR }, { "PLAN", "subscriptionPlan", COL_STR },
	{ "PARENT", "parentOrganizationId", COL_STR }, { NULL, NULL, 0 },
};

static const struct col org_cols[] = {
	{ "ID", "id", COL_STR }, { "Name", "name", COL_STR }, { "Type", "type", COL_STR },
	{ "Status", "status", COL_STR }, { "Industry", "industry", COL_STR },
	{ "Size", "size", COL_STR }, { "Website", "website", COL_STR },
	{ "Email", "email", COL_STR }, { "Phone", "phone", COL_STR },
	{ "Country", "country", COL_STR }, { "Parent", "parentOrganizationId", COL_STR },
	{ "Plan", "subscriptionPlan", COL_STR }, { "Subscription", "subscriptionStatus", COL_STR },
	{ "Max users", "maxUsers", COL_INT }, { "Created", "createdAt", COL_TIME },
	{ "Updated", "updatedAt", COL_TIME }, { NULL, NULL, 0 },
};

static int need_id(struct cli *cli, const char *id)
{
	if (!uuid_valid(id)) {
		cli_error(cli, "'%s' is not an organization id (see `salesan orgs list`)", id);
		return EXIT_USAGE;
	}
	return 0;
}

static int list(struct cli *cli, int argc, char **argv)
{
	struct paging p = { 0 };
	const char *status = NULL, *type = NULL;
	const struct flag flags[] = {
		{ "status", 0, FLAG_STR, &status }, { "type", 0, FLAG_STR, &type },
		PAGING_FLAGS(&p), { NULL, 0, 0, NULL },
	};
	struct buf q = BUF_INIT;
	cJSON *all = NULL;
	int rc;

	if (!flags_parse(cli, &cmd_orgs, argc, argv, flags, 0, 0, NULL, NULL, NULL, &rc))
		return rc;
	if ((status && flag_enum(cli, "status", status, statuses)) ||
	    (type && flag_enum(cli, "type", type, types)))
		return EXIT_USAGE;
	buf_addstr(&q, "/api/v1/organizations");
	query_add(&q, "status", status);
	query_add(&q, "type", type);
	if ((rc = api_list(cli, q.s, "organizations", &p, 100, &all)) == EXIT_OK)
		print_records(cli, all, list_cols, "No organizations you can see.");
	cJSON_Delete(all);
	buf_free(&q);
	return rc;
}

/* One ID argument (and --type when type is non-NULL), then GET
 * /api/v1/organizations/ID<suffix>. */
static int get_one(struct cli *cli, int argc, char **argv, const char *suffix, const char **type,
		   const struct col *cols, int listing)
{
	const struct flag with_type[] = { { "type", 0, FLAG_STR, type }, { NULL, 0, 0, NULL } };
	const char *pos[1];
	struct buf path = BUF_INIT;
	int rc;

	if (!flags_parse(cli, &cmd_orgs, argc, argv, with_type + (type ? 0 : 1), 1, 1,
			 "an organization ID", pos, NULL, &rc))
		return rc;
	if ((rc = need_id(cli, pos[0])))
		return rc;
	if (type && *type && flag_enum(cli, "type", *type, types))
		return EXIT_USAGE;
	buf_addf(&path, "/api/v1/organizations/%s%s", pos[0], suffix);
	if (type)
		query_add(&path, "type", *type);
	rc = listing ? api_show_list(cli, path.s, NULL, cols, "No branches.")
		     : api_show_one(cli, path.s, NULL, cols);
	buf_free(&path);
	return rc;
}

static int show(struct cli *cli, int argc, char **argv)
{
	return get_one(cli, argc, argv, "", NULL, org_cols, 0);
}

static int branches(struct cli *cli, int argc, char **argv)
{
	const char *type = NULL;

	return get_one(cli, argc, argv, "/branches", &type, list_cols, 1);
}

static int stats(struct cli *cli, int argc, char **argv)
{
	static const struct col cols[] = {
		{ "Users", "totalUsers", COL_INT }, { "Active users", "activeUsers", COL_INT },
		{ "Representatives", "salesRepresentatives", COL_INT },
		{ "Managers", "managers", COL_INT }, { "Admins", "admins", COL_INT },
		{ "Plan", "subscriptionPlan", COL_STR },
		{ "Subscription active", "subscriptionActive", COL_BOOL },
		{ "Max users", "maxUsers", COL_INT }, { NULL, NULL, 0 },
	};

	return get_one(cli, argc, argv, "/stats", NULL, cols, 0);
}

/* The fields create and update take, as flags. */
struct org_flags {
	const char *name, *type, *parent, *industry, *email, *phone, *website, *country, *status;
};

static cJSON *org_body(const struct org_flags *o)
{
	static const size_t offs[] = {
		offsetof(struct org_flags, name), offsetof(struct org_flags, type),
		offsetof(struct org_flags, parent), offsetof(struct org_flags, industry),
		offsetof(struct org_flags, email), offsetof(struct org_flags, phone),
		offsetof(struct org_flags, website), offsetof(struct org_flags, country),
		offsetof(struct org_flags, status),
	};
	static const char *const keys[] = { "name", "type", "parentOrganizationId", "industry",
					    "email", "phone", "website", "country", "status" };
	cJSON *body = cJSON_CreateObject();
	size_t i;

	for (i = 0; i < sizeof offs / sizeof offs[0]; i++) {
		const char *v = *(const char *const *)((const char *)o + offs[i]);
		if (!v)
			continue;
		if (!*v && i > 1)
			cJSON_AddNullToObject(body, keys[i]);
		else
			cJSON_AddStringToObject(body, keys[i], v);
	}
	return body;
}

static int write_org(struct cli *cli, int argc, char **argv, int create)
{
	struct org_flags o = { 0 };
	const struct flag flags[] = {
		{ "name", 0, FLAG_STR, &o.name }, { "type", 0, FLAG_STR, &o.type },
		{ "parent", 0, FLAG_STR, &o.parent }, { "industry", 0, FLAG_STR, &o.industry },
		{ "email", 0, FLAG_STR, &o.email }, { "phone", 0, FLAG_STR, &o.phone },
		{ "website", 0, FLAG_STR, &o.website }, { "country", 0, FLAG_STR, &o.country },
		{ "status", 0, FLAG_STR, &o.status }, { NULL, 0, 0, NULL },
	};
	const char *pos[1];
	struct buf path = BUF_INIT;
	cJSON *body;
	int rc;

	if (!flags_parse(cli, &cmd_orgs, argc, argv, flags, !create, !create, "an organization ID",
			 pos, NULL, &rc))
		return rc;
	if (create && !o.name) {
		cli_error(cli, "--name is required");
		return EXIT_USAGE;
	}
	if ((o.type && flag_enum(cli, "type", o.type, types)) ||
	    (o.status && flag_enum(cli, "status", o.status, statuses)) ||
	    (!create && (rc = need_id(cli, pos[0]))) || (o.parent && (rc = need_id(cli, o.parent))))
		return EXIT_USAGE;
	if (create && o.status) {
		cli_error(cli, "--status applies to update");
		return EXIT_USAGE;
	}
	body = org_body(&o);
	if (!create && !cJSON_GetArraySize(body)) {
		cJSON_Delete(body);
		cli_error(cli, "nothing to change");
		return EXIT_USAGE;
	}
	if (create)
		buf_addstr(&path, "/api/v1/organizations");
	else
		buf_addf(&path, "/api/v1/organizations/%s", pos[0]);
	rc = api_write_show(cli, create ? "POST" : "PUT", path.s, body, NULL, org_cols,
			    create ? "Organization created." : "Organization updated.");
	cJSON_Delete(body);
	buf_free(&path);
	return rc;
}

static int create(struct cli *cli, int argc, char **argv)
{
	return write_org(cli, argc, argv, 1);
}

static int update(struct cli *cli, int argc, char **argv)
{
	return write_org(cli, argc, argv, 0);
}

static const struct subcmd subs[] = {
	{ "list", list }, { "show", show }, { "create", create }, { "update", update },
	{ "branches", branches }, { "stats", stats }, { NULL, NULL },
};

static int run(struct cli *cli, int argc, char **argv)
{
	return subcmd_run(cli, &cmd_orgs, subs, "list", argc, argv);
}

const struct command cmd_orgs = {
	"orgs", "organizations: list, show, create, update, branches, stats", usage, run,
};
