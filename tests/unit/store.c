/* Migrations and the stores on a real SQLite file. */
#include "tap.h"
#include "common/ids.h"
#include "common/json.h"
#include "common/timeutil.h"
#include "server/migrate.h"
#include "server/store.h"

#include <stdlib.h>
#include <unistd.h>

int main(void)
{
	char dir[] = "/tmp/salesan-store-XXXXXX", path[128], org[UUID_STR_LEN], uid[UUID_STR_LEN];
	char tid[UUID_STR_LEN], tid2[UUID_STR_LEN];
	struct user_row u;
	struct token_row t;
	struct db *db;
	char *err = NULL;
	int64_t n;

	ids_init();
	json_init();
	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof path, "%s/t.db", dir);
	db = db_open(path, 0, &err);
	ok(db != NULL, "opens a new database");
	is_int(migrate_current(db), 0, "a new database is at version 0");
	ok(migrate_apply(db, &err) == migrate_latest(), "applies every migration");
	is_int(migrate_current(db), migrate_latest(), "records the version");
	is_int(migrate_apply(db, &err), 0, "a second run applies nothing");

	struct new_org o = { "Acme", "headquarters", "basic", 10, NULL, NULL };
	is_int(store_org_insert(db, &o, org), DB_OK, "insert organization");
	struct new_user nu = { "Ada@Example.com", "$argon2id$x", "Ada", "L", NULL, "admin", org, NULL };
	is_int(store_user_insert(db, &nu, uid), DB_OK, "insert user");
	struct new_user dup = { "ada@EXAMPLE.com", "$argon2id$x", "A", "B", NULL, "admin", org, NULL };
	is_int(store_user_insert(db, &dup, tid), DB_CONSTRAINT, "emails are unique case-insensitively");
	is_int(store_user_by_email(db, "ADA@example.COM", &u), DB_ROW, "found by any case");
	is_str(u.email, "Ada@Example.com", "stored as given");
	is_str(u.org_status, "active", "with the organization's status");
	ok(store_users_count(db, &n) == DB_OK && n == 1, "one user");
	struct new_user badrole = { "x@y.z", "h", "A", "B", NULL, "emperor", org, NULL };
	is_int(store_user_insert(db, &badrole, tid), DB_CONSTRAINT, "the schema checks roles too");

	is_int(store_token_insert(db, uid, "fam", "hash1", time_now_ms() + 60000, tid), DB_OK, "token");
	is_int(store_token_find(db, "hash1", &t), DB_ROW, "found by hash");
	ok(!t.revoked, "not revoked");
	is_int(store_token_consume(db, t.id, "next", time_now_ms()), DB_OK, "consumed once");
	is_int(store_token_consume(db, t.id, "next", time_now_ms()), DB_DONE, "but not twice");
	is_int(store_token_insert(db, uid, "fam", "hash2", time_now_ms() + 60000, tid2), DB_OK, "second");
	is_int(store_token_revoke_family(db, "fam", time_now_ms()), DB_OK, "revoke the family");
	ok(store_token_find(db, "hash2", &t) == DB_ROW && t.revoked, "the family is revoked");
	ok(store_org_within(db, org, org) == 1, "an organization is within itself");
	db_close(db);
	snprintf(path, sizeof path, "rm -rf %s", dir);
	ok(system(path) == 0, "cleaned up");
	return done_testing();
}
