#!/bin/bash
# Webhook delivery throughput: BENCH_WEBHOOK_EVENTS pending deliveries
# (default 5000; loaded with SQL while salesand is stopped) to a local
# receiver (python's threading HTTP server), timed from salesand's start
# until the last is delivered.  Baseline in the same run: the same receiver
# hit by curl, one request per process, and by one keep-alive client.
# Prints figures; asserts nothing.
set -eu
BIN=${SALESAN_BIN:?}
N=${BENCH_WEBHOOK_EVENTS:-5000}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/salesan-bench.XXXXXX")
PID= RPID=
cleanup() {
	[ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
	[ -n "$RPID" ] && kill "$RPID" 2>/dev/null && wait "$RPID" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
python3 - "$TMP/rport" <<'PY' &
import http.server, socketserver, sys
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    def do_POST(self):
        self.rfile.read(int(self.headers.get('Content-Length', 0)))
        self.send_response(200); self.send_header('Content-Length', '0'); self.end_headers()
    def log_message(self, *a): pass
class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
s = S(('127.0.0.1', 0), H)
open(sys.argv[1], 'w').write(str(s.server_address[1]))
s.serve_forever()
PY
RPID=$!
for _ in $(seq 100); do [ -s "$TMP/rport" ] && break; sleep 0.05; done
RURL="http://127.0.0.1:$(cat "$TMP/rport")/hook"
start() {
	rm -f "$TMP/port"
	SALESAN_WEBHOOK_ALLOW_PRIVATE=1 "$BIN/salesand" --data-dir "$TMP/srv" --port 0 \
		--port-file "$TMP/port" --log-level warn --rate-limit-max 0 2>>"$TMP/stderr" &
	PID=$!
	for _ in $(seq 200); do [ -s "$TMP/port" ] && curl -s -o /dev/null "http://127.0.0.1:$(cat "$TMP/port")/health" && break; sleep 0.01; done
	URL="http://127.0.0.1:$(cat "$TMP/port")"
}
start
TOKEN=$(curl -s -H 'Content-Type: application/json' --data \
	'{"email":"bench@example.com","password":"bench-password","firstName":"B","lastName":"M","organizationName":"Bench"}' \
	"$URL/api/v1/auth/setup-first-admin" | jq -r .data.accessToken)
HOOK=$(curl -s -H 'Content-Type: application/json' -H "Authorization: Bearer $TOKEN" \
	--data "{\"event\":\"sales_call.created\",\"targetUrl\":\"$RURL\",\"secret\":\"bench-secret-0123456789\"}" \
	"$URL/api/v1/webhooks" | jq -r .data.id)
ORG=$(curl -s -H "Authorization: Bearer $TOKEN" "$URL/api/v1/auth/me" | jq -r .data.user.organizationId)
kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
sqlite3 "$TMP/srv/salesan.db" <<SQL
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $N)
INSERT INTO webhook_events (id, organization_id, event, payload, created_at)
SELECT printf('%08x-0000-4000-8000-%012x', i, i), '$ORG', 'sales_call.created',
	json_object('id', printf('%08x-0000-4000-8000-%012x', i, i), 'event', 'sales_call.created',
		'organizationId', '$ORG', 'data', json_object('customerName', 'Customer ' || i, 'n', i)),
	1700000000000 + i FROM n;
INSERT INTO webhook_deliveries (id, webhook_id, event_id, seq, next_at, created_at)
SELECT lower(hex(randomblob(16))), '$HOOK', id, created_at, 0, strftime('%s','now') * 1000 FROM webhook_events;
SQL
t0=$(date +%s%N)
start
while :; do
	left=$(sqlite3 "$TMP/srv/salesan.db" "SELECT count(*) FROM webhook_deliveries WHERE status = 'pending'")
	[ "$left" = 0 ] && break
	sleep 0.05
done
t1=$(date +%s%N)
secs=$(echo "($t1 - $t0) / 1000000000" | bc -l)
done_n=$(sqlite3 "$TMP/srv/salesan.db" "SELECT count(*) FROM webhook_deliveries WHERE status = 'delivered'")
printf "webhook deliveries: %d of %d delivered in %.2f s: %.0f events/s (signed, one at a time per subscription)\n" \
	"$done_n" "$N" "$secs" "$(echo "$done_n / $secs" | bc -l)"
t0=$(date +%s%N)
for _ in $(seq 200); do curl -s -o /dev/null -d '{}' "$RURL"; done
t1=$(date +%s%N)
printf "baseline: curl, one process per POST: %.0f requests/s\n" "$(echo "200 / (($t1 - $t0) / 1000000000)" | bc -l)"
printf "baseline: one keep-alive client: %.0f requests/s\n" "$(python3 - "$RURL" <<'PY'
import http.client, sys, time, urllib.parse
u = urllib.parse.urlparse(sys.argv[1]); c = http.client.HTTPConnection(u.hostname, u.port)
n = 2000; t = time.time()
for _ in range(n):
    c.request('POST', u.path, body=b'{}', headers={'Content-Type': 'application/json'}); c.getresponse().read()
print(n / (time.time() - t))
PY
)"
