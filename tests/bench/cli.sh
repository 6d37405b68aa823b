#!/bin/bash
# The command line's own speed and the streaming export:
#  - `salesan --version` cold start, against exec of /bin/true;
#  - `salesan calls list` against a local server, against curl fetching
#    the same page (a process plus one request);
#  - `salesan report overview --offline`, against `salesan --version`;
#  - `salesan export calls` of BENCH_EXPORT_CALLS calls (default
#    1,000,000): rows/s, MB/s, and salesand's RSS during the export.
# Prints figures and ratios measured in the same run; asserts nothing.
set -eu
BIN=${SALESAN_BIN:?}
N=${BENCH_EXPORT_CALLS:-1000000}
RUNS=${BENCH_RUNS:-200}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/salesan-bench.XXXXXX")
PID=
cleanup() {
	[ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
export HOME=$TMP/home XDG_CONFIG_HOME=$TMP/config XDG_STATE_HOME=$TMP/state \
	XDG_CACHE_HOME=$TMP/cache XDG_DATA_HOME=$TMP/data
unset SALESAN_PROFILE SALESAN_TOKEN
mkdir -p "$HOME"
start() {
	rm -f "$TMP/port"
	"$BIN/salesand" --data-dir "$TMP/srv" --port 0 --port-file "$TMP/port" --log-level warn \
		--rate-limit-max 0 2>>"$TMP/stderr" &
	PID=$!
	for _ in $(seq 200); do [ -s "$TMP/port" ] && curl -s -o /dev/null "http://127.0.0.1:$(cat "$TMP/port")/health" && break; sleep 0.05; done
	export SALESAN_SERVER="http://127.0.0.1:$(cat "$TMP/port")"
}
# mean wall time in ms of running "$@" RUNS times
per_run() {
	local t0 t1 i
	t0=$(date +%s%N)
	for ((i = 0; i < RUNS; i++)); do "$@" >/dev/null 2>&1; done
	t1=$(date +%s%N)
	echo "scale=3; ($t1 - $t0) / $RUNS / 1000000" | bc
}

start
echo 'bench-password-1' >"$TMP/pw"
"$BIN/salesan" setup --email bench@example.com --first-name B --last-name M --organization Bench \
	--password-file "$TMP/pw" >/dev/null 2>&1
ORG=$("$BIN/salesan" whoami --json | jq -r .organizationId)
TOKEN=$(sed -n 's/^access_token *= *//p' "$XDG_CONFIG_HOME/salesan/credentials")
kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
echo "loading $N calls with SQL..."
sqlite3 "$TMP/srv/salesan.db" <<SQL
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $N)
INSERT INTO sales_calls (id, organization_id, customer_name, customer_email, appointment_date,
	status, outcome, sale_amount_cents, performance_score, created_at, updated_at)
SELECT printf('%08x-0000-4000-8000-%012x', i, i), '$ORG', 'Customer ' || i || ', Inc.',
	'buyer' || i || '@example.com', 1672531200000 + i * 60000,
	'completed', CASE WHEN i % 3 = 0 THEN 'sale' ELSE 'no_sale' END,
	CASE WHEN i % 3 = 0 THEN 10000 + i % 90000 END, (i % 100) / 100.0,
	1700000000000 + i, 1700000000000 + i FROM n;
SQL
"$BIN/salesand" --data-dir "$TMP/srv" --rebuild-rollups 2>>"$TMP/stderr"
start
"$BIN/salesan" login --email bench@example.com --password-file "$TMP/pw" >/dev/null 2>&1
TOKEN=$(sed -n 's/^access_token *= *//p' "$XDG_CONFIG_HOME/salesan/credentials")

echo "mean of $RUNS runs each (new process each time):"
t_true=$(per_run /bin/true)
t_ver=$(per_run "$BIN/salesan" --version)
printf "  %-44s %7.2f ms   (/bin/true %.2f ms; target <= 5 ms)\n" "salesan --version" "$t_ver" "$t_true"
t_curl=$(per_run curl -s -H "Authorization: Bearer $TOKEN" "$SALESAN_SERVER/api/v1/sales-calls?page=1&limit=20")
t_list=$(per_run "$BIN/salesan" calls list)
printf "  %-44s %7.2f ms   (curl, same page: %.2f ms; ratio %.2f; target <= 30 ms)\n" \
	"salesan calls list ($N calls on the server)" "$t_list" "$t_curl" "$(echo "$t_list / $t_curl" | bc -l)"
"$BIN/salesan" report overview >/dev/null
t_off=$(per_run "$BIN/salesan" --offline report overview)
printf "  %-44s %7.2f ms   (salesan --version %.2f ms; target <= 10 ms)\n" \
	"salesan report overview --offline" "$t_off" "$t_ver"
t_on=$(RUNS=20 per_run "$BIN/salesan" report overview)
printf "  %-44s %7.2f ms   (online, the server aggregating $N calls)\n" "salesan report overview" "$t_on"

echo "export of $N calls (salesan export calls --out FILE):"
for fmt in csv ndjson; do
	hwm0=$(awk '/VmHWM/ {print $2}' "/proc/$PID/status")
	( peak=0; while kill -0 "$PID" 2>/dev/null && [ ! -e "$TMP/done" ]; do
		r=$(awk '/VmRSS/ {print $2}' "/proc/$PID/status"); [ "$r" -gt "$peak" ] && peak=$r
		echo "$peak" >"$TMP/peak"; sleep 0.05; done ) &
	sampler=$!
	t0=$(date +%s%N)
	/usr/bin/time -f %M -o "$TMP/cli_rss" "$BIN/salesan" export calls --format "$fmt" --out "$TMP/out.$fmt" 2>/dev/null
	t1=$(date +%s%N)
	touch "$TMP/done"; wait "$sampler" 2>/dev/null || true; rm -f "$TMP/done"
	secs=$(echo "($t1 - $t0) / 1000000000" | bc -l)
	bytes=$(stat -c %s "$TMP/out.$fmt")
	printf "  %-7s %8.0f rows/s  %7.1f MB/s  %6.1f MB in %.2f s; salesand RSS peak %d MB (before %d MB), salesan %d MB\n" \
		"$fmt" "$(echo "$N / $secs" | bc -l)" "$(echo "$bytes / 1000000 / $secs" | bc -l)" \
		"$(echo "$bytes / 1000000" | bc -l)" "$secs" "$(( $(cat "$TMP/peak") / 1024 ))" "$((hwm0 / 1024))" \
		"$(( $(cat "$TMP/cli_rss") / 1024 ))"
	rm -f "$TMP/out.$fmt"
done
t_api=$(RUNS=5 per_run curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" \
	"$SALESAN_SERVER/api/v1/sales-calls?page=1&limit=100")
printf "  baseline: one page of 100 calls through the list API takes %.2f ms (%.0f rows/s by paging)\n" \
	"$t_api" "$(echo "100 / ($t_api / 1000)" | bc -l)"
