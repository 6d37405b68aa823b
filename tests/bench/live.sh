#!/bin/bash
# The live hub under load (tests/bench/live.c): intervention latency with
# 200 streaming sessions, fan-out to 1,000 watchers of one session, and the
# server's memory with 10,000 idle authenticated connections.  Against the
# HTTP /health baseline on the same server.  Prints figures; asserts nothing.
set -eu
BIN=${SALESAN_BIN:?}
BENCH=${SALESAN_BENCH_BIN:?}
SESSIONS=${BENCH_LIVE_SESSIONS:-200}
WATCHERS=${BENCH_LIVE_WATCHERS:-1000}
IDLE=${BENCH_LIVE_IDLE:-10000}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/salesan-bench.XXXXXX")
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
"$BIN/salesand" --data-dir "$TMP/data" --port 0 --port-file "$TMP/port" --log-level warn \
	--rate-limit-max 0 2>>"$TMP/stderr" &
PID=$!
for _ in $(seq 200); do [ -s "$TMP/port" ] && curl -s -o /dev/null "http://127.0.0.1:$(cat "$TMP/port")/health" && break; sleep 0.05; done
PORT=$(cat "$TMP/port")
U=http://127.0.0.1:$PORT/api/v1
J='Content-Type: application/json'
A=$(curl -s -H "$J" --data '{"email":"boss@bench.example","password":"bench-password","firstName":"B","lastName":"M","organizationName":"Bench"}' "$U/auth/setup-first-admin")
ORG=$(jq -r .data.organization.id <<<"$A")
M=$(curl -s -H "$J" --data "{\"email\":\"mgr@bench.example\",\"password\":\"bench-password\",\"firstName\":\"M\",\"lastName\":\"G\",\"organizationId\":\"$ORG\",\"role\":\"sales_manager\"}" "$U/auth/register")
MGR=$(jq -r .data.accessToken <<<"$M")
R=$(curl -s -H "$J" --data "{\"email\":\"rep@bench.example\",\"password\":\"bench-password\",\"firstName\":\"R\",\"lastName\":\"P\",\"organizationId\":\"$ORG\",\"role\":\"sales_representative\",\"managerId\":\"$(jq -r .data.user.id <<<"$M")\"}" "$U/auth/register")
REP=$(jq -r .data.accessToken <<<"$R")
session() {
	local call
	call=$(curl -s -H "$J" -H "Authorization: Bearer $REP" --data '{"customerName":"Bench","appointmentDate":"2024-01-01T10:00:00Z"}' "$U/sales-calls" | jq -r .data.id)
	curl -s -H "$J" -H "Authorization: Bearer $REP" --data "{\"salesCallId\":\"$call\"}" "$U/live-sessions" | jq -r .data.id
}
for _ in $(seq "$SESSIONS"); do session; done >"$TMP/sessions"
FAN=$(session)
echo "baseline: $(curl -s -o /dev/null -w 'GET /health %{time_total}s' "http://127.0.0.1:$PORT/health")"
"$BENCH/live" 127.0.0.1 "$PORT" latency "$REP" "$MGR" "$TMP/sessions" 5
"$BENCH/live" 127.0.0.1 "$PORT" fanout "$REP" "$MGR" "$FAN" "$WATCHERS" 200
"$BENCH/live" 127.0.0.1 "$PORT" idle "$MGR" "$IDLE" "$PID"
