#!/bin/bash
# Graceful shutdown: requests in flight when SIGTERM arrives still get
# their answers, and the database is left consistent.
. "$(dirname "$0")/lib.sh"
start_server --workers 2
setup_admin boss@acme.example Acme
DB=$SRV_DIR/salesan.db

# Logins cost ~60 ms of Argon2 each on two workers: some are still queued
# or running when the signal lands.
pids=()
for i in $(seq 8); do
	curl -s -o /dev/null -w '%{http_code}\n' -H 'Content-Type: application/json' -H 'Expect:' \
		--data "{\"email\":\"boss@acme.example\",\"password\":\"$PW\"}" "$API/auth/login" >>"$TMP/codes" &
	pids+=($!)
done
sleep 0.1
kill -TERM "$SRV_PID"
wait "${pids[@]}"
# Requests that reached the server before the signal are served; any that
# arrive while it drains get 503.  None is dropped unanswered.
n200=$(grep -c '^200$' "$TMP/codes")
is "$(grep -cvE '^(200|503)$' "$TMP/codes")" 0 "every request was answered (200, or 503 while draining)"
ok "$([ "$n200" -ge 1 ] && echo 0 || echo 1)" "requests in flight completed ($n200 of 8)"
for _ in $(seq 200); do kill -0 "$SRV_PID" 2>/dev/null || break; sleep 0.05; done
ok "$(kill -0 "$SRV_PID" 2>/dev/null; [ $? != 0 ] && echo 0 || echo 1)" "the server exited"
like "$(tail -1 "$SRV_DIR/salesand.log")" "salesand stopped" "after a clean shutdown"
is "$(sqlite3 "$DB" 'PRAGMA integrity_check')" ok "the database passes integrity_check"
is "$(sqlite3 "$DB" 'SELECT COUNT(*) FROM refresh_tokens')" $((n200 + 1)) "every acknowledged login was stored"
done_testing
