#!/bin/bash
# Organization API keys and the Zapier routes: key lifecycle and scopes,
# triggers, actions, searches, OtterAI ingestion with deduplication, and
# the transcript fetcher's refusal of internal destinations.
. "$(dirname "$0")/lib.sh"
start_httpstub
start_server
setup_admin root@acme.example Acme
SUPER=$ADMIN_TOKEN ORG_A=$ORG_ID
api POST /api/v1/organizations '{"name":"Beta","maxUsers":50}' "$SUPER"; ORG_B=$(jqb .data.id)
api POST /api/v1/users "{\"email\":\"admin.a@acme.example\",\"password\":\"$PW\",\"firstName\":\"Ann\",\"lastName\":\"Admin\",\"role\":\"admin\",\"organizationId\":\"$ORG_A\"}" "$SUPER"
api POST /api/v1/auth/login "{\"email\":\"admin.a@acme.example\",\"password\":\"$PW\"}"; ADMIN_A=$(jqb .data.accessToken)
register rep.a@acme.example "$ORG_A" sales_representative; REP_A=$TOKEN REP_A_ID=$USER_ID
register rep.b@beta.example "$ORG_B" sales_representative; REP_B=$TOKEN REP_B_ID=$USER_ID

# ---- API keys ----
api POST /api/v1/api-keys '{"name":"Zapier"}' "$ADMIN_A"
is "$STATUS $(jqb '.data.scopes | join(",")') $(jqb .data.organizationId)" "201 zapier $ORG_A" "an admin creates a key (default scope zapier)"
KEY=$(jqb .data.key) KEY_ID=$(jqb .data.id)
like "$KEY" '^slk_[A-Za-z0-9_-]{43}$' "the key is shown once"
is "$(jqb .data.prefix)" "${KEY:0:12}" "its prefix identifies it"
api GET /api/v1/api-keys "" "$ADMIN_A"
is "$(jqb '.data | length') $(jqb '.data[0].key') $(jqb '.data[0].prefix')" "1 null ${KEY:0:12}" "listing never shows the key"
ok "$(sqlite3 "$DATA_DIR/salesan.db" "SELECT count(*) FROM api_keys WHERE key_hash LIKE '%${KEY:4:20}%'" | grep -qx 0; echo $?)" "the database holds only a hash"
api POST /api/v1/api-keys '{"name":"Export only","scopes":["export"]}' "$ADMIN_A"; EXPORT_KEY=$(jqb .data.key)
api POST /api/v1/api-keys '{"name":"","scopes":["everything"]}' "$ADMIN_A"
is "$STATUS $(jqb '.error.details | length')" "400 2" "name and scopes are validated"
api POST /api/v1/api-keys "{\"name\":\"x\",\"organizationId\":\"$ORG_B\"}" "$ADMIN_A"
is "$STATUS" 404 "an admin cannot make keys for another organization"
api POST /api/v1/api-keys '{"name":"x"}' "$REP_A"
is "$STATUS" 403 "representatives cannot make keys"
api POST /api/v1/api-keys "{\"name\":\"Beta zap\",\"organizationId\":\"$ORG_B\"}" "$SUPER"; KEY_B=$(jqb .data.key) KEY_B_ID=$(jqb .data.id)
is "$STATUS" 201 "a super admin makes keys for any organization"
api GET /api/v1/api-keys "" "$ADMIN_A"
is "$(jqb '.data | length')" 2 "admins list only their organization's keys"
api DELETE "/api/v1/api-keys/$KEY_B_ID" "" "$ADMIN_A"
is "$STATUS" 404 "nor revoke others'"

api GET /api/v1/zapier/search/users "" "$KEY"
is "$STATUS" 200 "a key authenticates Zapier routes"
api GET /api/v1/zapier/search/users "" "slk_${KEY:4:20}wrong"
is "$STATUS $(jqb .error.code)" "401 API_KEY_INVALID" "a wrong key is refused"
api GET /api/v1/zapier/search/users "" "$EXPORT_KEY"
is "$STATUS $(jqb .error.code)" "403 API_KEY_SCOPE" "a key without the zapier scope is refused"
api GET /api/v1/users "" "$KEY"
is "$STATUS $(jqb .error.code)" "401 TOKEN_MISSING" "keys open only the routes that take them"
api GET /api/v1/zapier/search/users "" ""
is "$STATUS" 401 "Zapier routes need credentials"
api GET /api/v1/api-keys "" "$ADMIN_A"
ok "$([ "$(jqb '.data[] | select(.name=="Zapier") | .lastUsedAt')" != null ] && echo 0 || echo 1)" "use is recorded (lastUsedAt)"

# ---- searches ----
api GET "/api/v1/zapier/search/users?query=rep" "" "$KEY"
is "$(jqb '[.data[].email] | join(",")')" "rep.a@acme.example" "user search stays in the key's organization"
is "$(jqb '.data[0].label') $(jqb '.data[0].value == .data[0].id')" "F L (rep.a@acme.example) true" "dropdown label and value"
api GET "/api/v1/zapier/search/users?query=%25" "" "$KEY"
is "$(jqb '.data | length')" 0 "% in a query is literal"
api GET "/api/v1/zapier/search/users?organizationId=$ORG_B" "" "$KEY"
is "$STATUS" 404 "another organization is not searchable"
api GET /api/v1/zapier/search/organizations "" "$KEY"
is "$(jqb '[.data[].name] | join(",")') $(jqb '.data[0].label')" "Acme Acme (headquarters)" "organization search: only reachable ones"
api GET /api/v1/zapier/search/organizations "" "$SUPER"
is "$(jqb '.data | length')" 2 "a super admin's token searches all"

# ---- actions ----
api POST /api/v1/zapier/actions/create-sales-call '{"customerName":"Zed","appointmentDate":"2024-06-01T10:00:00Z"}' "$KEY"
is "$STATUS $(jqb '.error.details[0].path')" "400 salesRepresentativeId" "a key must name the representative"
api POST /api/v1/zapier/actions/create-sales-call "{\"customerName\":\"Zed\",\"customerEmail\":\"zed@example.com\",\"appointmentDate\":\"2024-06-01T10:00:00Z\",\"salesRepresentativeId\":\"$REP_B_ID\"}" "$KEY"
is "$STATUS" 400 "a representative of another organization is refused"
api POST /api/v1/zapier/actions/create-sales-call "{\"customerName\":\"Zed\",\"customerEmail\":\"zed@example.com\",\"appointmentDate\":\"2024-06-01T10:00:00Z\",\"salesRepresentativeId\":\"$REP_A_ID\"}" "$KEY"
is "$STATUS $(jqb .data.customerName) $(jqb .data.status) $(jqb '.data | keys | join(",")')" \
	"201 Zed scheduled appointmentDate,createdAt,customerEmail,customerName,customerPhone,id,status" "create-sales-call"
ZED=$(jqb .data.id)
api POST /api/v1/zapier/actions/send-notification "{\"userId\":\"$REP_A_ID\",\"title\":\"Hi\",\"message\":\"From Zapier\"}" "$KEY"
is "$STATUS $(jqb .data.type) $(jqb .data.priority) $(jqb .data.status)" "201 info medium unread" "send-notification with defaults"
api POST /api/v1/zapier/actions/send-notification "{\"userId\":\"$REP_B_ID\",\"title\":\"Hi\",\"message\":\"x\"}" "$KEY"
is "$STATUS" 404 "nobody outside the organization is notified"

# ---- inbound webhooks ----
api POST /api/v1/zapier/webhook/sales-call-completed "{\"salesCallId\":\"$ZED\",\"organizationId\":\"$ORG_A\",\"eventType\":\"completed\"}" "$KEY"
is "$STATUS $(jqb .data.salesCallId) $(jqb .data.eventType)" "200 $ZED completed" "sales-call-completed"
api POST /api/v1/zapier/webhook/sales-call-completed "{\"salesCallId\":\"x\",\"organizationId\":\"y\",\"eventType\":\"exploded\",\"data\":3}" "$KEY"
is "$STATUS $(jqb '.error.details | length')" "400 4" "every bad field reported"
api POST /api/v1/zapier/webhook/performance-alert "{\"userId\":\"$REP_A_ID\",\"organizationId\":\"$ORG_A\",\"alertType\":\"low_performance\",\"metrics\":{\"score\":0.3},\"threshold\":\"0.5\"}" "$KEY"
is "$STATUS $(jqb .data.alertType)" "200 low_performance" "performance-alert accepted"
api GET /api/v1/notifications "" "$REP_A"
is "$(jqb '[.data.notifications[] | select(.type=="performance_alert")][0] | "\(.title)|\(.priority)|\(.actionUrl)|\(.actionData.threshold)"')" \
	"Performance Alert: LOW PERFORMANCE|high|/analytics/user/$REP_A_ID|0.5" "it is a high-priority notification"
api POST /api/v1/zapier/webhook/performance-alert "{\"userId\":\"$REP_B_ID\",\"organizationId\":\"$ORG_B\",\"alertType\":\"low_performance\",\"metrics\":{}}" "$KEY"
is "$STATUS" 404 "no alerts into another organization"

# ---- polling triggers ----
api GET /api/v1/zapier/triggers/performance-alerts "" "$KEY"
is "$(jqb '.data | length') $(jqb '.data[0].alertType') $(jqb '.data[0].metrics.score') $(jqb '.data[0].user.email')" \
	"1 low_performance 0.3 rep.a@acme.example" "performance-alerts trigger"
api GET "/api/v1/zapier/triggers/performance-alerts?alertType=script_violation" "" "$KEY"
is "$(jqb '.data | length')" 0 "filtered by alert type"
api GET "/api/v1/zapier/triggers/sales-calls?status=scheduled" "" "$KEY"
is "$(jqb '.data | length') $(jqb '.data[0].id') $(jqb '.data[0].organization.name') $(jqb '.data[0].salesRepresentative.email')" \
	"1 $ZED Acme rep.a@acme.example" "sales-calls trigger with status"
api GET "/api/v1/zapier/triggers/sales-calls?limit=500" "" "$KEY"
is "$STATUS" 400 "trigger limit bounded"

# ---- OtterAI ingestion ----
otter='{"data":{"meeting id":"m-123","transcript":"Rep: Hello\nCustomer: Hi","captured data url":"https://files.example/rec.mp3",
 "sentiment analysis":{"sentiment category":"Very positive","strengths":"rapport, discovery","weaknesses":"closing","meeting score":"8.5"},
 "user info":{"user email":"rep.a@acme.example","user name":"Rep A","calendar guests":["rep.a@acme.example","Carla Customer <carla@example.com>"]},
 "meeting details":{"duration":"1h 30m","start datetime":"2024-07-01T09:00:00Z","summary":"Demo"}}}'
api POST /api/v1/zapier/actions/otterai-analyze "$otter" "$KEY"
is "$STATUS $(jqb .data.salesCallCreated) $(jqb .data.analysisSummary.performanceScore) $(jqb .data.dataReceived.transcript)" \
	"201 true 0.85 true" "an Otter meeting creates a call; score 8.5 → 0.85"
OC=$(jqb .data.salesCallId)
api GET "/api/v1/sales-calls/$OC" "" "$ADMIN_A"
is "$(jqb .data.customerName)|$(jqb .data.salesRepresentativeId)|$(jqb .data.duration)|$(jqb .data.customerSentiment)|$(jqb '.data.strengths | join(",")')|$(jqb .data.status)|$(jqb .data.recordingUrl)" \
	"Carla Customer <carla@example.com>|$REP_A_ID|5400|positive|rapport,discovery|completed|https://files.example/rec.mp3" \
	"the call: customer from the guests, rep from the host, duration, sentiment, strengths"
api POST /api/v1/zapier/actions/otterai-analyze '{"meeting_id":"m-123","sentiment_analysis":{"meeting_score":4}}' "$KEY"
is "$STATUS $(jqb .data.salesCallCreated) $(jqb .data.salesCallId)" "200 false $OC" "the same meeting again updates its call"
api GET "/api/v1/sales-calls/$OC" "" "$ADMIN_A"
is "$(jqb .data.performanceScore) $(jqb .data.duration) $(jqb '.data.strengths | join(",")') $(jqb .data.customerSentiment)" \
	"0.4 5400 rapport,discovery positive" "fields the payload lacks are kept"
api GET /api/v1/sales-calls "" "$ADMIN_A"
is "$(jqb .data.pagination.total)" 2 "no duplicate call"
api POST /api/v1/zapier/actions/otterai-analyze "{\"salesCallId\":\"$ZED\",\"sentiment_analysis\":{\"meeting_score\":42}}" "$KEY"
is "$STATUS $(jqb .data.analysisSummary.performanceScore)" "200 1" "an explicit salesCallId; the score is clamped to 1"
api POST /api/v1/zapier/actions/otterai-analyze "{\"organizationId\":\"$ORG_B\",\"meeting_id\":\"z\"}" "$KEY"
is "$STATUS" 404 "no ingestion into another organization"
api POST /api/v1/zapier/actions/otterai-analyze '[1,2]' "$KEY"
is "$STATUS" 400 "a non-object payload is a 400"
api GET /api/v1/zapier/test/otterai "" "$KEY"
is "$STATUS $(jqb .data.method)" "200 POST" "test/otterai describes the action"

# ---- transcript fetcher ----
api GET "/api/v1/zapier/proxy/transcript?url=$STUB_URL/t.txt" "" "$KEY"
is "$STATUS $(jqb .error.code)" "403 DESTINATION_FORBIDDEN" "loopback is refused"
n0=$(stub_requests)
for u in http://169.254.169.254/latest/meta-data/ http://10.0.0.1/ "http://[::1]:$(cat "$STUB_DIR/port")/t.txt" \
	"http://[::ffff:127.0.0.1]:$(cat "$STUB_DIR/port")/t.txt" "http://0x7f000001:$(cat "$STUB_DIR/port")/t.txt" \
	"http://localhost:$(cat "$STUB_DIR/port")/t.txt"; do
	api GET "/api/v1/zapier/proxy/transcript?url=$(jq -rn --arg u "$u" '$u|@uri')" "" "$KEY"
	[ "$STATUS" = 403 ] || diag "$u: $STATUS $BODY"
	[ "$STATUS" = 403 ] && refused=$((${refused:-0} + 1))
done
is "${refused:-0}" 6 "metadata, private, IPv6 loopback, mapped, hex and named loopback are refused"
is "$(stub_requests)" "$n0" "nothing reached the internal server"
for u in "file:///etc/passwd" "gopher://x/" "not a url" ""; do
	api GET "/api/v1/zapier/proxy/transcript?url=$(jq -rn --arg u "$u" '$u|@uri')" "" "$KEY"
	[ "$STATUS" = 400 ] && bad=$((${bad:-0} + 1))
done
is "${bad:-0}" 4 "non-http URLs and a missing url are 400"
stop_all_servers

# With the stub's range allowed, fetching works, and redirects are checked.
SRV_DATA=$DATA_DIR start_server --ssrf-allow 127.0.0.1/32
stub_answer GET /t.txt "200 text/plain" "Rep: Hello there"
stub_answer GET /big.txt "200 text/plain" "$(head -c 6000000 /dev/zero | tr '\0' a)"
stub_answer GET /missing.txt "404 text/plain" "no"
stub_answer GET /to-meta "302 text/plain" "" "Location: http://169.254.169.254/latest/"
api GET "/api/v1/zapier/proxy/transcript?url=$STUB_URL/t.txt" "" "$KEY"
is "$STATUS $(jqb .content) $(jqb .contentLength) $(jqb .contentType)" "200 Rep: Hello there 16 text/plain" "an allowed fetch returns the content"
api GET "/api/v1/zapier/proxy/transcript?url=$STUB_URL/to-meta" "" "$KEY"
is "$STATUS" 403 "a redirect to the metadata address is refused"
api GET "/api/v1/zapier/proxy/transcript?url=$STUB_URL/big.txt" "" "$KEY"
is "$STATUS $(jqb .error.code)" "502 UPSTREAM_TOO_LARGE" "size is bounded"
api GET "/api/v1/zapier/proxy/transcript?url=$STUB_URL/missing.txt" "" "$KEY"
is "$STATUS $(jqb .error.code)" "502 UPSTREAM_ERROR" "an upstream error is reported"

# Revoked keys stop working at once.
api DELETE "/api/v1/api-keys/$KEY_ID" "" "$ADMIN_A"
is "$STATUS" 200 "an admin revokes a key"
api GET /api/v1/zapier/search/users "" "$KEY"
is "$STATUS" 401 "a revoked key is refused"
# So do keys of an inactive organization.
api PUT "/api/v1/organizations/$ORG_B" '{"status":"inactive"}' "$SUPER"
api GET /api/v1/zapier/search/users "" "$KEY_B"
is "$STATUS $(jqb .error.code)" "401 ORGANIZATION_INACTIVE" "a key of an inactive organization is refused"
done_testing
