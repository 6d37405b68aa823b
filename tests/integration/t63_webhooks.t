#!/bin/bash
# Outbound webhooks against a local receiver (httpstub): subscriptions and
# Zapier REST hooks, every event, signatures, exactly one delivery per
# event through failures, durability across a crash, disabling with a
# notification, the delivery log, and SSRF refusals.
. "$(dirname "$0")/lib.sh"
FIX=$SALESAN_SRC/tests/fixtures/analysis
start_httpstub
SALESAN_WEBHOOK_ALLOW_PRIVATE=1 WEBHOOK_RETRY_BASE_MS=100 WEBHOOK_MAX_FAILURES=4 start_server
setup_admin boss@acme.example Acme
ADMIN=$ADMIN_TOKEN
like "$(cat "$SRV_DIR/salesand.log")" "SALESAN_WEBHOOK_ALLOW_PRIVATE is on" "allowing private targets is logged loudly"

# wait_req N: until the receiver has recorded N requests (10 s at most)
wait_req() { for _ in $(seq 200); do [ "$(stub_requests)" -ge "$1" ] && return 0; sleep 0.05; done; return 1; }
# req_for PATH: the request files for one receiver path, oldest first
req_for() { grep -l "^POST $1 " "$STUB_DIR"/req-*.txt 2>/dev/null | sort -V; }
body_of() { sed '1,/^\r\{0,1\}$/d' "$1"; }
hdr_of() { grep -i "^$2:" "$1" | head -1 | cut -d' ' -f2- | tr -d '\r'; }
# verify FILE SECRET: the signature checks out (HMAC-SHA256 of "t.body")
verify() {
	python3 - "$1" "$2" <<'EOF'
import hmac, hashlib, sys
raw = open(sys.argv[1], 'rb').read()
head, _, body = raw.partition(b'\r\n\r\n')
sig = [l.split(b': ', 1)[1] for l in head.split(b'\r\n') if l.lower().startswith(b'x-salesan-signature:')][0].decode()
parts = dict(p.split('=', 1) for p in sig.split(','))
mac = hmac.new(sys.argv[2].encode(), parts['t'].encode() + b'.' + body, hashlib.sha256).hexdigest()
print('ok' if hmac.compare_digest(mac, parts['v1']) else 'bad')
EOF
}

# ---- subscriptions ----
SECRET=receiver-secret-0123456789
for ev in sales_call.created sales_call.completed sales_call.analyzed performance.alert \
	live_session.started live_session.ended notification.created; do
	stub_answer POST "/hook/$ev" "200 text/plain" "thanks"
	api POST /api/v1/webhooks "{\"event\":\"$ev\",\"targetUrl\":\"$STUB_URL/hook/$ev\",\"secret\":\"$SECRET\"}" "$ADMIN"
	[ "$STATUS" = 201 ] || diag "subscribe $ev: $STATUS $BODY"
done
is "$STATUS $(jqb .data.event) $(jqb '.data | has("secret")')" "201 notification.created false" \
	"POST /webhooks subscribes (a given secret is not echoed)"
api GET /api/v1/webhooks "" "$ADMIN"
is "$(jqb '.data | length') $(jqb '[.data[] | has("secret")] | any')" "7 false" "GET /webhooks lists them, without secrets"
api POST /api/v1/webhooks '{"event":"sales_call.deleted","targetUrl":"ftp://x/y"}' "$ADMIN"
is "$STATUS $(jqb '[.error.details[].path] | sort | join(",")')" "400 event,targetUrl" "unknown events and non-http URLs: 400"
register rep@acme.example "$ORG_ID" sales_representative; REP=$TOKEN REP_ID=$USER_ID
register mgr@acme.example "$ORG_ID" sales_manager; MGR=$TOKEN MGR_ID=$USER_ID
api PUT "/api/v1/users/$REP_ID" "{\"managerId\":\"$MGR_ID\"}" "$ADMIN"
api GET /api/v1/webhooks "" "$MGR"
is "$STATUS" 403 "managers may not see webhooks"

# ---- the events ----
n0=$(stub_requests)
api POST /api/v1/sales-calls "{\"customerName\":\"Globex\",\"appointmentDate\":\"2024-05-01T10:00:00Z\",\"salesRepresentativeId\":\"$REP_ID\"}" "$ADMIN"
CALL=$(jqb .data.id)
api POST /api/v1/sales-scripts "$(cat "$SALESAN_SRC/share/salesan/scripts/discovery.json")" "$ADMIN"
curl -s -o /dev/null -X PUT -H "Authorization: Bearer $ADMIN" -H 'Content-Type: text/plain' \
	--data-binary @"$FIX/disc-08.plain.txt" "$URL/api/v1/sales-calls/$CALL/transcript"
api POST "/api/v1/sales-calls/$CALL/analyze" '{}' "$ADMIN"
api POST /api/v1/live-sessions "{\"salesCallId\":\"$CALL\"}" "$REP"
LIVE=$(jqb .data.id)
api POST "/api/v1/live-sessions/$LIVE/end" '{}' "$REP"
api POST "/api/v1/sales-calls/$CALL/start" '{}' "$ADMIN"
api POST "/api/v1/sales-calls/$CALL/complete" '{"outcome":"sale","saleAmount":1200}' "$ADMIN"
api POST /api/v1/notifications "{\"userId\":\"$REP_ID\",\"type\":\"coaching_tip\",\"title\":\"Tip\",\"message\":\"Listen more\"}" "$ADMIN"
for ev in sales_call.created sales_call.analyzed live_session.started live_session.ended \
	sales_call.completed notification.created; do
	for _ in $(seq 100); do [ -n "$(req_for "/hook/$ev")" ] && break; sleep 0.05; done
	f=$(req_for "/hook/$ev" | head -1)
	ok "$([ -n "$f" ] && echo 0 || echo 1)" "$ev is delivered"
	[ -n "$f" ] || continue
	is "$(hdr_of "$f" X-Salesan-Event) $(body_of "$f" | jq -r .event)" "$ev $ev" "  with X-Salesan-Event and the event in the body"
	is "$(verify "$f" "$SECRET")" ok "  signed: X-Salesan-Signature verifies with the secret"
done
f=$(req_for /hook/sales_call.analyzed | head -1)
is "$(body_of "$f" | jq -r '[.data.salesCallId == "'"$CALL"'", (.data.performanceScore | type), .data.stagesTotal] | join(" ")')" \
	"true number 7" "sales_call.analyzed carries the scorecard summary"
f=$(req_for /hook/sales_call.created | head -1)
is "$(body_of "$f" | jq -r '.data.customerName + " " + .organizationId')" "Globex $ORG_ID" "sales_call.created carries the call"
like "$(body_of "$f" | jq -r .id)" '^[0-9a-f-]{36}$' "every event has a stable id"
like "$(hdr_of "$f" X-Salesan-Delivery)" '^[0-9a-f]{32}$' "and every delivery an id"
for _ in $(seq 100); do [ -n "$(req_for /hook/performance.alert)" ] && break; sleep 0.05; done
f=$(req_for /hook/performance.alert | head -1)
ok "$(body_of "$f" | jq -e '.data.reasons | length > 0' >/dev/null; echo $?)" "performance.alert for a weak call, with its reasons"
is "$(req_for /hook/sales_call.created | wc -l)" 1 "one delivery per event"

# ---- failures: retried until delivered, exactly once ----
stub_answer POST /flaky.once1 "503 text/plain" "busy"
stub_answer POST /flaky.once2 "500 text/plain" "oops"
stub_answer POST /flaky "200 text/plain" "ok"
api POST /api/v1/webhooks "{\"event\":\"sales_call.created\",\"targetUrl\":\"$STUB_URL/flaky\"}" "$ADMIN"
FLAKY=$(jqb .data.id) GEN=$(jqb .data.secret)
like "$GEN" '^[0-9a-f]{64}$' "a generated secret is shown once"
api POST /api/v1/sales-calls '{"customerName":"Initech","appointmentDate":"2024-05-02T10:00:00Z"}' "$ADMIN"
for _ in $(seq 200); do [ "$(req_for /flaky | wc -l)" -ge 3 ] && break; sleep 0.05; done
sleep 0.5
files=($(req_for /flaky))
is "${#files[@]}" 3 "a receiver failing twice gets the event three times"
is "$(for f in "${files[@]}"; do hdr_of "$f" X-Salesan-Delivery; done | sort -u | wc -l) $(for f in "${files[@]}"; do body_of "$f" | jq -r .id; done | sort -u | wc -l)" \
	"1 1" "always the same delivery and event id (receivers deduplicate by it)"
is "$(verify "${files[2]}" "$GEN")" ok "signed with the generated secret"
api GET "/api/v1/webhooks/$FLAKY/deliveries" "" "$ADMIN"
is "$(jqb '.data[0] | [.status, .attempts, .lastResponseStatus] | join(" ")')" "delivered 3 200" "the delivery log shows the attempts"

# ---- a crash between the change and the delivery loses nothing ----
stub_answer POST /durable.once1 "503 text/plain" "later"
stub_answer POST /durable "200 text/plain" "ok"
api POST /api/v1/webhooks "{\"event\":\"sales_call.created\",\"targetUrl\":\"$STUB_URL/durable\"}" "$ADMIN"
api POST /api/v1/sales-calls '{"customerName":"Umbrella","appointmentDate":"2024-05-03T10:00:00Z"}' "$ADMIN"
for _ in $(seq 100); do [ "$(req_for /durable | wc -l)" -ge 1 ] && break; sleep 0.02; done
kill -KILL "$SRV_PID"; wait "$SRV_PID" 2>/dev/null
SERVER_PIDS=() # (killed on purpose: not a failed exit)
before=$(req_for /durable | wc -l)
SALESAN_WEBHOOK_ALLOW_PRIVATE=1 WEBHOOK_RETRY_BASE_MS=100 WEBHOOK_MAX_FAILURES=4 SRV_DATA=$DATA_DIR start_server
for _ in $(seq 200); do [ "$(req_for /durable | wc -l)" -ge 2 ] && break; sleep 0.05; done
is "$before $(req_for /durable | wc -l)" "1 2" "after kill -9 and a restart the pending delivery is made"
f=$(req_for /durable | tail -1)
is "$(body_of "$f" | jq -r .data.customerName)" Umbrella "the event survived the crash"

# ---- a subscription that keeps failing is disabled, its creator told ----
stub_answer POST /broken "500 text/plain" "down"
api POST /api/v1/webhooks "{\"event\":\"sales_call.created\",\"targetUrl\":\"$STUB_URL/broken\"}" "$ADMIN"
BROKEN=$(jqb .data.id)
api POST /api/v1/sales-calls '{"customerName":"Hooli","appointmentDate":"2024-05-04T10:00:00Z"}' "$ADMIN"
for _ in $(seq 200); do api GET "/api/v1/webhooks/$BROKEN" "" "$ADMIN"; [ "$(jqb .data.status)" = disabled ] && break; sleep 0.1; done
is "$(jqb .data.status) $(jqb .data.consecutiveFailures)" "disabled 4" "WEBHOOK_MAX_FAILURES failures in a row disable it"
api GET "/api/v1/notifications?type=system_alert" "" "$ADMIN"
like "$(jqb '.data.notifications[0].title')" "Webhook disabled: sales_call.created" "the admin is notified"
n=$(req_for /broken | wc -l)
api POST /api/v1/sales-calls '{"customerName":"Pied Piper","appointmentDate":"2024-05-05T10:00:00Z"}' "$ADMIN"
for _ in $(seq 100); do [ "$(req_for /flaky | wc -l)" -ge 6 ] && break; sleep 0.05; done
sleep 0.3
is "$(req_for /broken | wc -l)" "$n" "a disabled subscription receives nothing more"
is "$(req_for /flaky | wc -l)" 6 "while the others go on"

# ---- secrets stay out of the logs ----
leaks=0
for sec in "$SECRET" "$GEN" "$PW" "$ADMIN" "$(cat "$DATA_DIR/jwt-secret")"; do
	grep -qF -- "$sec" "$TMP"/srv*/salesand.log "$TMP"/srv*/stderr && { diag "a secret is in the log"; leaks=1; }
done
is "$leaks" 0 "no password, token, JWT secret or webhook secret appears in the logs"

# ---- Zapier REST hooks ----
stub_answer POST /zap "200 application/json" '{}'
api POST /api/v1/zapier/hooks "{\"target_url\":\"$STUB_URL/zap\",\"event\":\"sales_call.completed\"}" "$ADMIN"
ZAP=$(jqb .data.id)
is "$STATUS $(jqb .data.source)" "201 zapier" "Zapier subscribes with target_url"
api DELETE "/api/v1/zapier/hooks/$ZAP" "" "$ADMIN"
is "$STATUS" 200 "and unsubscribes"
api GET "/api/v1/webhooks/$ZAP" "" "$ADMIN"
is "$STATUS" 404 "gone"
api DELETE "/api/v1/webhooks/$BROKEN" "" "$ADMIN"
is "$STATUS" 200 "DELETE /webhooks/:id"

# ---- salesan webhooks ----
echo "$PW" >"$TMP/pw"
salesan login --email boss@acme.example --password-file "$TMP/pw" >/dev/null 2>&1
stub_answer POST /cli "200 text/plain" "ok"
out=$(salesan webhooks create sales_call.completed "$STUB_URL/cli" --json)
CLIHOOK=$(jq -r .id <<<"$out")
like "$(jq -r .secret <<<"$out")" '^[0-9a-f]{64}$' "salesan webhooks create (a generated secret, once)"
is "$(salesan webhooks list --json | jq -r --arg id "$CLIHOOK" '.[] | select(.id == $id) | .event')" \
	sales_call.completed "salesan webhooks list"
salesan webhooks create sales_call.deleted "$STUB_URL/cli" >/dev/null 2>&1
is "$?" 2 "an unknown event: exit 2"
is "$(salesan webhooks deliveries "$FLAKY" --json | jq -r '.[-1].attempts')" 3 "salesan webhooks deliveries (oldest last)"
salesan webhooks rm "$CLIHOOK" --yes >/dev/null 2>&1
salesan webhooks show "$CLIHOOK" >/dev/null 2>&1
is "$?" 3 "salesan webhooks rm"

# ---- SSRF ----
stop_server
start_server
setup_admin boss@other.example Other
for t in http://127.0.0.1:8080/x http://10.1.2.3/x http://169.254.169.254/latest/meta-data \
	http://[::1]:8080/x http://192.168.1.1/x http://localhost/x; do
	api POST /api/v1/webhooks "{\"event\":\"sales_call.created\",\"targetUrl\":\"$t\"}" "$ADMIN_TOKEN"
	is "$STATUS $(jqb '.error.details[0].path')" "400 targetUrl" "refused: $t"
done
stop_server
start_httpstub
SSRF_ALLOW=127.0.0.1/32 SRV_DATA=$DATA_DIR start_server
api POST /api/v1/auth/login '{"email":"boss@other.example","password":"'"$PW"'"}'
ADMIN_TOKEN=$(jqb .data.accessToken)
stub_answer POST /redirect "302 text/plain" "" "Location: http://169.254.169.254/latest/meta-data"
api POST /api/v1/webhooks "{\"event\":\"sales_call.created\",\"targetUrl\":\"$STUB_URL/redirect\"}" "$ADMIN_TOKEN"
RED=$(jqb .data.id)
is "$STATUS" 201 "an allowed target (SSRF_ALLOW) is accepted"
api POST /api/v1/sales-calls '{"customerName":"Redirected","appointmentDate":"2024-05-06T10:00:00Z"}' "$ADMIN_TOKEN"
for _ in $(seq 100); do api GET "/api/v1/webhooks/$RED/deliveries" "" "$ADMIN_TOKEN"; [ "$(jqb '.data[0].status')" = failed ] && break; sleep 0.1; done
is "$(jqb '.data[0].status')" failed "a redirect to the metadata address fails the delivery"
like "$(jqb '.data[0].lastError')" "refused" "because the guard refused the internal destination"
done_testing
