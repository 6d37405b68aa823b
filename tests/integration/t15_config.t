#!/bin/bash
# salesand's configuration: flags over environment over salesand.conf, clear
# errors for bad settings, and --migrate.
. "$(dirname "$0")/lib.sh"

D=$TMP/conf-data
mkdir -p "$D"
printf '# test configuration\nNODE_ENV = from-file\nLOG_LEVEL = warn\n' >"$D/salesand.conf"
start_server --data-dir "$D"
api GET /health
is "$(jqb .environment)" from-file "the config file in the data directory is read"
stop_all_servers

NODE_ENV=from-env start_server --data-dir "$D"
api GET /health
is "$(jqb .environment)" from-env "the environment overrides the file"
NODE_ENV=from-env start_server --data-dir "$D" --environment from-flag
api GET /health
is "$(jqb .environment)" from-flag "a flag overrides the environment"

printf 'PORT = 3000\nNO_SUCH_SETTING = 1\n' >"$TMP/bad.conf"
salesand --config "$TMP/bad.conf" --data-dir "$TMP/x" 2>"$TMP/err"
is "$?" 2 "an unknown setting refuses to start"
like "$(cat "$TMP/err")" "line 2: unknown setting 'NO_SUCH_SETTING'" "and names the line"
salesand --data-dir "$TMP/x" --port 70000 2>"$TMP/err"
is "$?" 2 "a bad port refuses to start"
like "$(cat "$TMP/err")" "--port: must be a port number" "and says which flag"
PORT=abc salesand --data-dir "$TMP/x" 2>"$TMP/err"
like "$(cat "$TMP/err")" "PORT \(environment\)" "a bad environment value names its source"
salesand --config "$TMP/missing.conf" 2>/dev/null
is "$?" 2 "a missing --config file is an error"
salesand --bogus 2>/dev/null
is "$?" 2 "an unknown flag is a usage error"
salesand --help | grep -q -- "--data-dir"
is "$?" 0 "--help documents the options"
like "$(salesand --version)" "^salesand [0-9.]+$" "--version"

out=$(salesand --data-dir "$TMP/m" --migrate)
is "$?" 0 "--migrate applies migrations and exits"
like "$out" "schema version [0-9]+" "and reports the version"
is "$(sqlite3 "$TMP/m/salesan.db" 'PRAGMA journal_mode')" wal "the database is in WAL mode"
is "$(sqlite3 "$TMP/m/salesan.db" 'SELECT COUNT(*) FROM schema_migrations')" \
	"$(sqlite3 "$TMP/m/salesan.db" 'SELECT MAX(version) FROM schema_migrations')" "every migration is recorded once"
salesand --data-dir "$TMP/m" --migrate >/dev/null
is "$?" 0 "migrating again is a no-op"
sqlite3 "$TMP/m/salesan.db" "INSERT INTO schema_migrations VALUES (999, 'future', 0)"
salesand --data-dir "$TMP/m" --migrate 2>"$TMP/err" >/dev/null
is "$?" 1 "a database from a newer salesand is refused"
like "$(cat "$TMP/err")" "newer than this salesand" "with the reason"
done_testing
