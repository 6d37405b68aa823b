#!/bin/bash
# The salesan command line against a real server: setup, login, calls, the
# output formats, exit codes and transparent token refresh.
. "$(dirname "$0")/lib.sh"
start_server --jwt-expires-in 2s
CRED=$XDG_CONFIG_HOME/salesan/credentials

echo "$PW" > "$TMP/pw"
salesan setup --email boss@acme.example --first-name Ada --last-name Boss --organization Acme \
	--password-file "$TMP/pw" 2>"$TMP/err"
is "$?" 0 "setup creates the first admin"
like "$(cat "$TMP/err")" "logged in to" "and logs in"
is "$(stat -c %a "$CRED")" 600 "credentials are mode 0600"
ok "$(grep -q "$PW" "$CRED"; [ $? = 1 ] && echo 0 || echo 1)" "the password is not stored"

out=$(salesan whoami)
like "$out" "Ada Boss <boss@acme.example>" "whoami shows the user"
like "$out" "super_admin" "and the role"
is "$(salesan whoami --json | jq -r .email)" boss@acme.example "whoami --json"

salesan logout 2>/dev/null
is "$?" 0 "logout"
salesan whoami >/dev/null 2>&1
is "$?" 4 "after logout: exit 4 (authentication needed)"
salesan login --email boss@acme.example --password-file - <"$TMP/pw" 2>/dev/null
is "$?" 0 "login with the password on stdin"
echo wrong-password | salesan login --email boss@acme.example >/dev/null 2>"$TMP/err"
is "$?" 4 "a wrong password: exit 4"
like "$(cat "$TMP/err")" "Invalid credentials" "with the server's message"
salesan login --email boss@acme.example --password-file - <"$TMP/pw" 2>/dev/null

out=$(salesan calls create --customer "Bob Müller" --date "2024-01-15 10:00" --email bob@x.example --tag vip 2>/dev/null)
is "$?" 0 "calls create"
like "$out" "Bob Müller" "shows the new call"
ID=$(salesan calls list --json | jq -r '.[0].id')
like "$ID" '^[0-9a-f-]{36}$' "calls list --json gives the server's objects"
salesan calls create --customer "Carla" --date "2024-02-01T09:00:00Z" >/dev/null 2>&1
out=$(salesan calls list)
like "$out" "ID +CUSTOMER +APPOINTMENT +STATUS" "a table with headers"
like "$out" "Bob Müller +2024-01-15 10:00 +scheduled" "UTF-8 names align in the table"
is "$(salesan calls list --csv | head -1)" "ID,CUSTOMER,APPOINTMENT,STATUS,OUTCOME,AMOUNT,REP"$'\r' "CSV header"
is "$(salesan calls list --csv | wc -l)" 3 "CSV rows"
ok "$(salesan calls list | grep -q $'\033'; [ $? = 1 ] && echo 0 || echo 1)" "no colour when not a terminal"
is "$(salesan calls list --status scheduled --from 2024-01-20 --json | jq length)" 1 "filters"

# Token expiry: the CLI refreshes transparently.
sleep 2.5
salesan calls start "$ID" >/dev/null 2>&1
is "$?" 0 "an expired access token is refreshed transparently"
is "$(salesan calls show "$ID" --json | jq -r .status)" in_progress "and the call started"
salesan calls start "$ID" >/dev/null 2>"$TMP/err"
is "$?" 1 "starting twice fails (exit 1)"
like "$(cat "$TMP/err")" "already in progress" "with the reason"
out=$(salesan calls complete "$ID" --outcome sale --amount 1500.5 --json)
is "$(jq -r .status <<<"$out") $(jq -r .saleAmount <<<"$out")" "completed 1500.5" "complete with outcome and amount"
salesan calls complete "$ID" >/dev/null 2>&1
is "$?" 2 "complete without --outcome: usage error"

salesan calls show 00000000-0000-4000-8000-000000000000 >/dev/null 2>&1
is "$?" 3 "an unknown call: exit 3"
salesan calls create --customer X --date 2024-01-01 --email bad 2>"$TMP/err" >/dev/null
is "$?" 1 "a validation error: exit 1"
like "$(cat "$TMP/err")" "customerEmail: must be a valid email" "field by field"
salesan calls create --customer X --date "not a date" >/dev/null 2>&1
is "$?" 2 "an unreadable date: exit 2"
salesan calls frobnicate >/dev/null 2>&1
is "$?" 2 "an unknown subcommand: exit 2"
salesan frobnicate >/dev/null 2>&1
is "$?" 2 "an unknown command: exit 2"
salesan calls delete "$ID" </dev/null >/dev/null 2>&1
is "$?" 2 "delete without a terminal needs --yes"
salesan calls delete "$ID" --yes 2>/dev/null
is "$?" 0 "delete --yes"
salesan calls show "$ID" >/dev/null 2>&1
is "$?" 3 "the call is gone"

SALESAN_TOKEN=garbage salesan whoami >/dev/null 2>&1
is "$?" 4 "SALESAN_TOKEN overrides the stored token"
SALESAN_TOKEN=x salesan --server http://127.0.0.1:1 whoami >/dev/null 2>"$TMP/err"
is "$?" 5 "an unreachable server: exit 5"
like "$(cat "$TMP/err")" "cannot reach salesand at http://127.0.0.1:1 .*salesan server start" "with what to do"
salesan --server ftp://x whoami >/dev/null 2>&1
is "$?" 2 "a non-HTTP server URL: exit 2"

salesan --help | grep -q calls
is "$?" 0 "--help lists the commands"
salesan help calls | grep -q "calls complete"
is "$?" 0 "help COMMAND"
salesan calls --help | grep -q "usage: salesan calls"
is "$?" 0 "COMMAND --help"
like "$(salesan --version)" "^salesan [0-9]+\.[0-9]+\.[0-9]+$" "--version"
done_testing
