#!/bin/bash
# The OtterAI routes against a local stand-in for OtterAI's API: recordings
# reached only through calls within reach, retries on server errors, the
# transcript fetched onto a call, and the signed webhook.
. "$(dirname "$0")/lib.sh"
start_httpstub
SECRET='whsec-test-secret'
start_server
setup_admin root@acme.example Acme
SUPER=$ADMIN_TOKEN ORG_A=$ORG_ID
register rep.a@acme.example "$ORG_A" sales_representative; REP_A=$TOKEN
register rep.b@acme.example "$ORG_A" sales_representative; REP_B=$TOKEN
api POST /api/v1/sales-calls '{"customerName":"Carla","appointmentDate":"2024-06-01T10:00:00Z"}' "$REP_A"; CALL=$(jqb .data.id)

api GET /api/v1/otterai/status "" "$REP_A"
is "$STATUS $(jqb .data.configured) $(jqb .data.webhookConfigured) $(jqb .data.apiUrl)" "200 false false https://api.otter.ai" "status when not configured"
api POST /api/v1/otterai/start-recording "{\"salesCallId\":\"$CALL\"}" "$REP_A"
is "$STATUS $(jqb .error.code)" "503 OTTERAI_NOT_CONFIGURED" "starting needs OtterAI configured"
api POST /api/v1/otterai/webhook '{"event_type":"x","recording_id":"r"}'
is "$STATUS $(jqb .error.code)" "503 WEBHOOK_NOT_CONFIGURED" "the webhook is refused without a secret"
stop_all_servers

OTTERAI_API_URL=$STUB_URL OTTERAI_API_KEY=otter-test-key OTTERAI_WEBHOOK_SECRET=$SECRET OTTERAI_TIMEOUT_MS=3000 \
	SRV_DATA=$DATA_DIR start_server
api GET /api/v1/otterai/status "" "$REP_A"
is "$(jqb .data.configured) $(jqb .data.webhookConfigured) $(jqb .data.apiUrl)" "true true $STUB_URL" "status when configured"

stub_answer POST /v1/recordings "200 application/json" '{"id":"rec_1","status":"recording","join_url":"https://otter.ai/j/1","recording_url":"https://otter.ai/r/1"}'
api POST /api/v1/otterai/start-recording '{"salesCallId":"not-a-uuid","options":7}' "$REP_A"
is "$STATUS $(jqb '.error.details | length')" "400 2" "salesCallId and options validated"
api POST /api/v1/otterai/start-recording "{\"salesCallId\":\"$CALL\"}" "$REP_B"
is "$STATUS" 404 "nobody records a call out of reach"
n0=$(stub_requests)
api POST /api/v1/otterai/start-recording "{\"salesCallId\":\"$CALL\",\"options\":{\"language\":\"fr-FR\",\"name\":\"ignored\"}}" "$REP_A"
is "$STATUS $(jqb .data.recordingId) $(jqb .data.status) $(jqb .data.joinUrl)" "200 rec_1 recording https://otter.ai/j/1" "start-recording"
req=$(ls -t "$STUB_DIR"/req-*.txt | head -1)
like "$(tr -d '\r' <"$req")" 'Authorization: Bearer otter-test-key' "the API key is sent as a bearer token"
like "$(tail -1 "$req")" '"name":"Sales Call - Carla"' "the recording is named after the customer"
like "$(tail -1 "$req")" '"language":"fr-FR"' "caller options are passed on"
api GET "/api/v1/sales-calls/$CALL" "" "$REP_A"
is "$(jqb .data.status) $(jqb .data.otterAIRecordingId) $([ "$(jqb .data.callStartTime)" != null ] && echo started)" "in_progress rec_1 started" "the call is in progress with its recording"

stub_answer POST /v1/recordings/rec_1/stop "200 application/json" '{"id":"rec_1","status":"stopped","duration":321}'
api POST /api/v1/otterai/stop-recording '{"recordingId":"rec_1"}' "$REP_B"
is "$STATUS $(jqb .error.code)" "404 RECORDING_NOT_FOUND" "nobody stops a recording out of reach"
api POST /api/v1/otterai/stop-recording '{}' "$REP_A"
is "$STATUS" 400 "recordingId required"
api POST /api/v1/otterai/stop-recording '{"recordingId":"rec_1"}' "$REP_A"
is "$STATUS $(jqb .data.status) $(jqb .data.duration)" "200 stopped 321" "stop-recording"
api GET "/api/v1/sales-calls/$CALL" "" "$REP_A"
is "$(jqb .data.duration)" 321 "the duration is kept"

stub_answer GET /v1/recordings/rec_1 "200 application/json" '{"id":"rec_1","name":"Sales Call - Carla","status":"done","duration":321,"transcript":[{"speaker":"Rep","text":"Hello Carla"},{"speaker":"Carla","text":"Hi"}],"summary":"Intro","transcript_url":"https://otter.ai/t/1"}'
api GET /api/v1/otterai/recording/rec_1 "" "$REP_A"
is "$STATUS $(jqb .data.name) $(jqb .data.transcriptUrl) $(jqb .data.insights)" "200 Sales Call - Carla https://otter.ai/t/1 null" "recording details in the original's shape"
api GET "/api/v1/otterai/recording/..%2Fadmin" "" "$REP_A"
is "$STATUS" 404 "odd recording ids never reach the upstream path"
api POST "/api/v1/otterai/analyze/$CALL" '{}' "$REP_A"
is "$STATUS $(jqb .error.code)" "400 RECORDING_ID_REQUIRED" "analyze needs recordingId"
api POST "/api/v1/otterai/analyze/$CALL" '{"recordingId":"rec_1"}' "$REP_B"
is "$STATUS" 404 "analyze checks the call's tenant"
api POST "/api/v1/otterai/analyze/$CALL" '{"recordingId":"rec_1"}' "$REP_A"
is "$STATUS $(jqb .data.transcriptStored) $(jqb .data.transcriptLength)" "200 true 27" "the transcript is fetched onto the call"
api GET "/api/v1/sales-calls/$CALL" "" "$REP_A"
is "$(jqb .data.transcriptUrl) $(jqb .data.analysisData.recording.summary)" "https://otter.ai/t/1 Intro" "transcript URL and recording kept with the call"

# Retries: three attempts on 503, then 502.
stub_answer GET /v1/recordings/rec_1 "503 text/plain" "down"
n0=$(stub_requests)
api GET /api/v1/otterai/recording/rec_1 "" "$REP_A"
is "$STATUS $(jqb .error.code) $(( $(stub_requests) - n0 ))" "502 RECORDING_DETAILS_FAILED 3" "server errors are retried, then reported"
stub_answer GET /v1/recordings/rec_1 "404 application/json" '{}'
api GET /api/v1/otterai/recording/rec_1 "" "$REP_A"
is "$STATUS" 404 "an upstream 404 is a 404"
stub_answer GET /v1/recordings/rec_1 "200 application/json" '{}' 'X-Slow: 1'
sed -i '1i DELAY 5000' "$(stub_file GET /v1/recordings/rec_1)"
n0=$(stub_requests)
api GET /api/v1/otterai/recording/rec_1 "" "$REP_A"
is "$STATUS $(( $(stub_requests) - n0 ))" "502 3" "a silent upstream times out (per attempt) and is retried"

# The webhook.
# hook SIGNATURE [TIMESTAMP] BODY: POST the webhook with those headers.
hook() {
	API_HEADERS=(-H "x-otter-signature: $1")
	[ $# = 3 ] && API_HEADERS+=(-H "x-otter-timestamp: $2")
	api POST /api/v1/otterai/webhook "${!#}"
	unset API_HEADERS
}
sign() { perl -MDigest::SHA=hmac_sha256_hex -e 'print hmac_sha256_hex($ARGV[0], $ARGV[1])' "$1" "$SECRET"; }
body='{"event_type":"transcript.ready","recording_id":"rec_1","data":{"transcript_url":"https://otter.ai/t/2"}}'
api POST /api/v1/otterai/webhook "$body"
is "$STATUS $(jqb .error.code)" "401 MISSING_SIGNATURE" "no signature"
hook "$(printf '%064d' 0)" "$body"
is "$STATUS $(jqb .error.code)" "401 INVALID_SIGNATURE" "a wrong signature"
hook "$(sign "${body} ")" "$body"
is "$STATUS" 401 "a signature of other bytes"
hook "sha256=$(sign "$body")" "$body"
is "$STATUS $(jqb .data.handled)" "200 true" "a valid signature (sha256= prefix) is accepted"
api GET "/api/v1/sales-calls/$CALL" "" "$REP_A"
is "$(jqb .data.transcriptUrl)" "https://otter.ai/t/2" "transcript.ready sets the transcript URL"
now=$(date +%s)
body='{"event_type":"recording.completed","recording_id":"rec_1","data":{"duration":400}}'
hook "$(sign "$now.$body")" "$now" "$body"
is "$STATUS" 200 "a timestamped signature"
api GET "/api/v1/sales-calls/$CALL" "" "$REP_A"
is "$(jqb .data.duration)" 400 "recording.completed sets the duration"
end1=$(jqb .data.callEndTime)
sleep 1
hook "$(sign "$now.$body")" "$now" "$body"
is "$STATUS $(jqb .data.handled) $(jqb .data.duplicate)" "200 false true" "the same delivery again is acknowledged and ignored"
api GET "/api/v1/sales-calls/$CALL" "" "$REP_A"
is "$(jqb .data.callEndTime)" "$end1" "so it changes nothing"
old=$((now - 600))
hook "$(sign "$old.$body")" "$old" "$body"
is "$STATUS $(jqb .error.code)" "401 STALE_SIGNATURE" "a replay older than five minutes is refused"
body='{"event_type":"meeting.renamed","recording_id":"rec_1"}'
hook "$(sign "$body")" "$body"
is "$STATUS $(jqb .data.handled)" "200 false" "unknown events are acknowledged"
body='{"event_type":"transcript.ready"}'
hook "$(sign "$body")" "$body"
is "$STATUS" 400 "a signed but malformed event is a 400"

# An organization's own OtterAI account: the key is write-only, its calls
# use it, and its URL may not reach internal addresses (SSRF_ALLOW lets
# this server reach the stub on loopback).
stop_server
OTTERAI_API_URL=$STUB_URL OTTERAI_API_KEY=otter-test-key SSRF_ALLOW=127.0.0.1 SRV_DATA=$DATA_DIR start_server
ADMIN_A=$SUPER
I=/api/v1/organizations/$ORG_A/integrations/otterai
api PUT "$I" '{"apiKey":"org-key-123456","apiUrl":"'"$STUB_URL"'"}' "$REP_A"
is "$STATUS" 403 "representatives cannot set it"
api PUT "$I" '{"apiKey":"short","apiUrl":"ftp://x"}' "$ADMIN_A"
is "$STATUS $(jqb '.error.details | length')" "400 2" "the key and URL are validated"
api PUT "$I" '{"apiKey":"org-key-123456","apiUrl":"'"$STUB_URL"'"}' "$ADMIN_A"
is "$STATUS $(jqb .data.configured) $(jqb .data.keyHint)" "200 true ...3456" "an admin sets the organization's key"
is "$(sqlite3 "$DATA_DIR/salesan.db" "SELECT count(*) FROM org_integrations WHERE organization_id = '$ORG_A'")" 1 "it is stored"
ok "$(grep -c org-key-123456 <<<"$BODY" | grep -qx 0; echo $?)" "and the answer never shows it"
api GET "$I" "" "$ADMIN_A"
is "$(jqb .data.apiUrl) $(jqb .data.keyHint)" "$STUB_URL ...3456" "GET shows the URL and a hint"
api GET /api/v1/otterai/status "" "$REP_A"
is "$(jqb .data.configured) $(jqb .data.source)" "true organization" "status says whose account is used"
n0=$(stub_requests)
api POST /api/v1/otterai/start-recording "{\"salesCallId\":\"$CALL\"}" "$REP_A"
req=$(ls -t "$STUB_DIR"/req-*.txt | head -1)
like "$STATUS $(tr -d '\r' <"$req")" '^200 .*Authorization: Bearer org-key-123456' "the organization's calls use its own key"
api PUT "$I" '{"apiKey":"org-key-123456","apiUrl":"http://169.254.169.254/latest"}' "$ADMIN_A"
api POST /api/v1/otterai/start-recording "{\"salesCallId\":\"$CALL\"}" "$REP_A"
like "$STATUS $(jqb .error.details)" "^502 .*refused.*internal address" "an organization's URL may not reach internal addresses"
api GET "$I" "" "$REP_A"
is "$STATUS" 403 "nor see it"
api DELETE "$I" "" "$ADMIN_A"
is "$STATUS" 200 "the settings can be removed"
api DELETE "$I" "" "$ADMIN_A"
is "$STATUS $(jqb .error.code)" "404 INTEGRATION_NOT_FOUND" "twice is a 404"
api GET /api/v1/otterai/status "" "$REP_A"
is "$(jqb .data.source)" "server" "and the server's account applies again"
done_testing
