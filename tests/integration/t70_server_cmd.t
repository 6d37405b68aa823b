#!/bin/bash
# salesan server start|status|stop: a local salesand on the embedded SQLite
# database, found by other commands without configuration.
. "$(dirname "$0")/lib.sh"

salesan server status >/dev/null 2>&1
is "$?" 1 "status when nothing runs: exit 1"
salesan server start --port 0 2>"$TMP/err"
is "$?" 0 "server start"
like "$(cat "$TMP/err")" "salesand running at http://127.0.0.1:[0-9]+" "says where"
ok "$([ -f "$XDG_DATA_HOME/salesan/salesan.db" ] && echo 0 || echo 1)" "the database is under XDG_DATA_HOME"
ok "$([ -f "$XDG_STATE_HOME/salesan/salesand.log" ] && echo 0 || echo 1)" "the log is under XDG_STATE_HOME"
salesan server status >/dev/null
is "$?" 0 "status: running"
is "$(salesan server status --json | jq -r .healthy)" true "status --json"
salesan server start --port 0 2>"$TMP/err"
like "$(cat "$TMP/err")" "already running" "a second start notices"
echo "$PW" | salesan setup --email a@b.example --first-name A --last-name B --organization O 2>/dev/null
is "$?" 0 "other commands find the local server"
salesan calls create --customer Local --date now >/dev/null 2>&1
is "$(salesan calls list --json | jq -r '.[0].customerName')" Local "and work with it"
pid=$(cat "$XDG_STATE_HOME/salesan/salesand.pid")
salesan server stop 2>/dev/null
is "$?" 0 "server stop"
ok "$(kill -0 "$pid" 2>/dev/null; [ $? != 0 ] && echo 0 || echo 1)" "the process is gone"
like "$(tail -1 "$XDG_STATE_HOME/salesan/salesand.log")" "salesand stopped" "it shut down cleanly"
ok "$([ ! -s "$XDG_DATA_HOME/salesan/salesan.db-wal" ] && echo 0 || echo 1)" "the WAL was checkpointed"
salesan server stop 2>&1 | grep -q "not running"
is "$?" 0 "stopping again is harmless"
done_testing
