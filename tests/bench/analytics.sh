#!/bin/bash
# Analytics over many calls: GET /api/v1/analytics/overview with
# BENCH_ANALYTICS_CALLS calls (default 1,000,000) across 50 representatives
# and two years, against GET /health on the same server.  The calls are
# bulk-loaded with SQL and the rollups rebuilt with salesand
# --rebuild-rollups (seeding a million calls through the API would take
# twenty minutes).  Prints latencies; asserts nothing.
set -eu
BIN=${SALESAN_BIN:?}
N=${BENCH_ANALYTICS_CALLS:-1000000}
RUNS=${BENCH_RUNS:-50}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/salesan-bench.XXXXXX")
PID=
cleanup() {
	[ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
	# BENCH_KEEP_DATA=DIR keeps the loaded data directory for profiling.
	[ -n "${BENCH_KEEP_DATA:-}" ] && rm -rf "$BENCH_KEEP_DATA" && mv "$TMP/data" "$BENCH_KEEP_DATA"
	rm -rf "$TMP"
}
trap cleanup EXIT
start() {
	rm -f "$TMP/port"
	"$BIN/salesand" --data-dir "$TMP/data" --port 0 --port-file "$TMP/port" --log-level warn \
		--rate-limit-max 0 2>>"$TMP/stderr" &
	PID=$!
	for _ in $(seq 200); do [ -s "$TMP/port" ] && curl -s -o /dev/null "http://127.0.0.1:$(cat "$TMP/port")/health" && break; sleep 0.05; done
	URL="http://127.0.0.1:$(cat "$TMP/port")"
}
start
TOKEN=$(curl -s -H 'Content-Type: application/json' --data \
	'{"email":"bench@example.com","password":"bench-password","firstName":"B","lastName":"M","organizationName":"Bench"}' \
	"$URL/api/v1/auth/setup-first-admin" | jq -r .data.accessToken)
ORG=$(curl -s -H "Authorization: Bearer $TOKEN" "$URL/api/v1/auth/me" | jq -r .data.user.organizationId)
for i in $(seq 50); do
	curl -s -o /dev/null -H 'Content-Type: application/json' -H "Authorization: Bearer $TOKEN" --data \
		"{\"email\":\"rep$i@example.com\",\"password\":\"bench-password\",\"firstName\":\"Rep\",\"lastName\":\"$i\",\"role\":\"sales_representative\"}" \
		"$URL/api/v1/users"
done
kill "$PID"; wait "$PID" 2>/dev/null || true; PID=

echo "loading $N calls with SQL..."
t0=$(date +%s.%N)
sqlite3 "$TMP/data/salesan.db" <<SQL
PRAGMA journal_mode=WAL;
CREATE TEMP TABLE reps AS SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS k FROM users WHERE role = 'sales_representative';
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $N)
INSERT INTO sales_calls (id, organization_id, sales_representative_id, customer_name, appointment_date,
	status, outcome, sale_amount_cents, duration, performance_score, created_at, updated_at)
SELECT printf('%08x-0000-4000-8000-%012x', i, i), '$ORG', (SELECT id FROM reps WHERE k = i % 50),
	'Customer ' || i, 1672531200000 + (i * 63113) % 63072000000,
	CASE i % 5 WHEN 0 THEN 'scheduled' ELSE 'completed' END,
	CASE WHEN i % 5 = 0 THEN NULL WHEN i % 3 = 0 THEN 'sale' ELSE 'no_sale' END,
	CASE WHEN i % 5 <> 0 AND i % 3 = 0 THEN 10000 + i % 90000 ELSE NULL END,
	CASE WHEN i % 5 = 0 THEN NULL ELSE 300 + i % 3000 END,
	CASE WHEN i % 5 = 0 THEN NULL ELSE (i % 100) / 100.0 END,
	1700000000000, 1700000000000
FROM n;
SQL
t1=$(date +%s.%N)
"$BIN/salesand" --data-dir "$TMP/data" --rebuild-rollups 2>>"$TMP/stderr"
t2=$(date +%s.%N)
printf "loaded in %.1f s; rollups rebuilt in %.1f s\n" "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)"
start

measure() { # measure NAME URL [auth]
	local i
	for i in $(seq "$RUNS"); do
		curl -s -o /dev/null -w '%{time_total}\n' ${3:+-H "Authorization: Bearer $TOKEN"} "$2"
	done | sort -n >"$TMP/t"
	awk -v name="$1" '{ t[NR] = $1 * 1000; s += $1 * 1000 } END {
		printf "%-52s p50 %7.2f ms   p90 %7.2f ms   max %7.2f ms   mean %7.2f ms\n", name,
			t[int(NR * 0.5 + 0.5)], t[int(NR * 0.9 + 0.5)], t[NR], s / NR }' "$TMP/t"
}
TOKEN=$(curl -s -H 'Content-Type: application/json' --data '{"email":"bench@example.com","password":"bench-password"}' \
	"$URL/api/v1/auth/login" | jq -r .data.accessToken)
echo "$RUNS sequential requests each (curl, new connection each):"
measure "GET /health (baseline)" "$URL/health"
measure "GET /analytics/overview ($N calls)" "$URL/api/v1/analytics/overview" auth
measure "GET /analytics/overview?startDate&endDate (1 year)" \
	"$URL/api/v1/analytics/overview?startDate=2023-03-15T12:00:00Z&endDate=2024-03-15T12:00:00Z" auth
measure "GET /analytics/trends?periodType=monthly" "$URL/api/v1/analytics/trends?periodType=monthly" auth
curl -s -H "Authorization: Bearer $TOKEN" "$URL/api/v1/analytics/overview" | jq -c '.data | {totalCalls, completedCalls, successfulSales, totalRevenue, conversionRate}'
