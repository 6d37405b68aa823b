#!/bin/bash
# make bench: HTTP throughput of salesand under wrk (2 threads, 50
# connections, 10 s each), with GET /health on the same server as the
# baseline.  Prints figures and ratios; asserts nothing.
#
#   BENCH_CALLS   calls to seed (default 10000)
#   BENCH_SECS    seconds per wrk run (default 10)
set -eu
BIN=${SALESAN_BIN:?}
CALLS=${BENCH_CALLS:-10000}
SECS=${BENCH_SECS:-10}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/salesan-bench.XXXXXX")
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT

"$BIN/salesand" --data-dir "$TMP/data" --port 0 --port-file "$TMP/port" --log-level warn --rate-limit-max 0 \
	--workers 4 2>"$TMP/stderr" &
PID=$!
for _ in $(seq 200); do [ -s "$TMP/port" ] && curl -s -o /dev/null "http://127.0.0.1:$(cat "$TMP/port")/health" && break; sleep 0.05; done
URL="http://127.0.0.1:$(cat "$TMP/port")"

TOKEN=$(curl -s -H 'Content-Type: application/json' --data \
	'{"email":"bench@example.com","password":"bench-password","firstName":"B","lastName":"M","organizationName":"Bench"}' \
	"$URL/api/v1/auth/setup-first-admin" | jq -r .data.accessToken)

# Seed through the API on one keep-alive connection (a curl config file
# with one request per entry).
echo "seeding $CALLS sales calls through the API..."
start=$(date +%s.%N)
{
	for i in $(seq "$CALLS"); do
		d=$(( (i % 28) + 1 ))
		[ "$i" -gt 1 ] && echo next
		printf 'url = "%s/api/v1/sales-calls"\nheader = "Content-Type: application/json"\nheader = "Authorization: Bearer %s"\nheader = "Expect:"\ndata = "{\\"customerName\\":\\"Customer %d\\",\\"appointmentDate\\":\\"2024-02-%02dT10:00:00Z\\"}"\noutput = "/dev/null"\nwrite-out = "%%{http_code}\\n"\n' \
			"$URL" "$TOKEN" "$i" "$d"
	done
} >"$TMP/seed.cfg"
curl -s -K "$TMP/seed.cfg" >"$TMP/seed.codes"
end=$(date +%s.%N)
ok=$(grep -c '^201$' "$TMP/seed.codes" || true)
printf "seeded %d calls (%d created) in %.1f s: %.0f creates/s\n" "$CALLS" "$ok" \
	"$(echo "$end - $start" | bc)" "$(echo "$ok / ($end - $start)" | bc -l)"

echo
echo "wrk -t2 -c50 -d${SECS}s on $(nproc) cores (client and server share them)"
wrk -t2 -c50 -d"${SECS}s" --latency "$URL/health" >"$TMP/wrk.health"
wrk -t2 -c50 -d"${SECS}s" --latency -H "Authorization: Bearer $TOKEN" \
	"$URL/api/v1/sales-calls?page=1&limit=10" >"$TMP/wrk.list"
for n in health list; do
	rps=$(awk '/^Requests\/sec/ {print $2}' "$TMP/wrk.$n")
	p50=$(awk '$1 == "50%" {print $2}' "$TMP/wrk.$n")
	p99=$(awk '$1 == "99%" {print $2}' "$TMP/wrk.$n")
	errs=$(grep -E 'Non-2xx|Socket errors' "$TMP/wrk.$n" | tr '\n' ' ' || true)
	label=$([ $n = health ] && echo "GET /health (baseline)" || echo "GET /api/v1/sales-calls?limit=10")
	printf "%-36s %10s req/s   p50 %8s   p99 %8s  %s\n" "$label" "$rps" "$p50" "$p99" "$errs"
	eval "RPS_$n=$rps"
done
printf "ratio list/health: %.2f (authenticated, %d calls, count + page query)\n" \
	"$(echo "$RPS_list / $RPS_health" | bc -l)" "$CALLS"
grep -c 'status=5' "$TMP/stderr" >/dev/null 2>&1 && echo "warning: server logged 5xx responses" || true
