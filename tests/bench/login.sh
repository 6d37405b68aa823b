#!/bin/bash
# Login bursts against /health: 32 concurrent logins, repeated (Argon2id
# hashing on the worker pool), while one client measures GET /health;
# baseline: the same /health measurement with no logins, in the same run.
# Target (issue 8): /health p99 stays under 10 ms.  Prints; asserts nothing.
set -eu
BIN=${SALESAN_BIN:?}
N=${BENCH_HEALTH_REQUESTS:-400}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/salesan-bench.XXXXXX")
PID=
cleanup() {
	[ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
	pkill -P $$ 2>/dev/null || true
	rm -rf "$TMP"
}
trap cleanup EXIT
"$BIN/salesand" --data-dir "$TMP/srv" --port 0 --port-file "$TMP/port" --log-level warn \
	--rate-limit-max 0 2>>"$TMP/stderr" &
PID=$!
for _ in $(seq 200); do [ -s "$TMP/port" ] && curl -s -o /dev/null "http://127.0.0.1:$(cat "$TMP/port")/health" && break; sleep 0.05; done
URL="http://127.0.0.1:$(cat "$TMP/port")"
curl -s -o /dev/null -H 'Content-Type: application/json' --data \
	'{"email":"bench@example.com","password":"bench-password","firstName":"B","lastName":"M","organizationName":"Bench"}' \
	"$URL/api/v1/auth/setup-first-admin"
health() { # health FILE: N sequential /health latencies in ms
	for _ in $(seq "$N"); do curl -s -o /dev/null -w '%{time_total}\n' "$URL/health"; done |
		awk '{ print $1 * 1000 }' | sort -n >"$1"
}
pct() { awk -v p="$2" '{ v[NR] = $1 } END { i = int(NR * p + 0.5); if (i < 1) i = 1; printf "%.2f", v[i] }' "$1"; }
health "$TMP/base"
burst() {
	while [ ! -e "$TMP/stop" ]; do
		for _ in $(seq 32); do
			curl -s -o /dev/null -H 'Content-Type: application/json' \
				--data '{"email":"bench@example.com","password":"bench-password"}' \
				"$URL/api/v1/auth/login" &
		done
		wait
	done
}
burst &
BURST=$!
sleep 0.5
health "$TMP/load"
touch "$TMP/stop"; wait "$BURST" 2>/dev/null || true
printf "GET /health alone:                 p50 %s ms  p99 %s ms  max %s ms\n" \
	"$(pct "$TMP/base" 0.5)" "$(pct "$TMP/base" 0.99)" "$(pct "$TMP/base" 1)"
printf "GET /health during login bursts:   p50 %s ms  p99 %s ms  max %s ms  (target p99 <= 10 ms)\n" \
	"$(pct "$TMP/load" 0.5)" "$(pct "$TMP/load" 0.99)" "$(pct "$TMP/load" 1)"
