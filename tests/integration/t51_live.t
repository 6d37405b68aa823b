#!/bin/bash
# The live hub: REST live sessions, WebSocket authentication, joins and
# permissions, segments fanned out with live analysis, interventions and
# responses, notes, org subscriptions, notifications, hostile frames and a
# slow consumer.  Clients are tests/helpers/wsclient.
. "$(dirname "$0")/lib.sh"
trap "" PIPE # a client that was dropped must fail a test, not kill it
start_server --live-queue-max 1024
setup_admin root@acme.example Acme
SUPER=$ADMIN_TOKEN ORG_A=$ORG_ID
register mgr@acme.example "$ORG_A" sales_manager; MGR=$TOKEN MGR_ID=$USER_ID
register rep@acme.example "$ORG_A" sales_representative "$MGR_ID"; REP=$TOKEN REP_ID=$USER_ID
register mgr2@acme.example "$ORG_A" sales_manager; MGR2=$TOKEN
api POST /api/v1/organizations '{"name":"Beta","maxUsers":50}' "$SUPER"; ORG_B=$(jqb .data.id)
api POST /api/v1/users "{\"email\":\"admin.b@beta.example\",\"password\":\"$PW\",\"firstName\":\"A\",\"lastName\":\"B\",\"role\":\"admin\",\"organizationId\":\"$ORG_B\"}" "$SUPER"
api POST /api/v1/auth/login "{\"email\":\"admin.b@beta.example\",\"password\":\"$PW\"}"; ADMIN_B=$(jqb .data.accessToken)
api POST /api/v1/sales-scripts "$(cat "$SALESAN_SRC/share/salesan/scripts/discovery.json")" "$MGR"
api POST /api/v1/sales-calls '{"customerName":"Dana","appointmentDate":"2024-06-01T10:00:00Z"}' "$REP"; CALL=$(jqb .data.id)
PORT=${URL##*:}
WS="$HELPERS/wsclient"
uuid() { cat /proc/sys/kernel/random/uuid; }
ev() { printf '{"event":"%s","data":%s}\n' "$1" "$2"; }

api POST /api/v1/live-sessions "{\"salesCallId\":\"$CALL\"}" "$MGR2"
is "$STATUS" 404 "a manager outside the rep's team cannot start it"
api POST /api/v1/live-sessions "{\"salesCallId\":\"$CALL\"}" "$REP"
is "$STATUS $(jqb .data.status) $(jqb .data.salesRepresentativeId)" "201 active $REP_ID" "the rep starts a live session"
SID=$(jqb .data.id)
api POST /api/v1/live-sessions "{\"salesCallId\":\"$CALL\"}" "$REP"
is "$STATUS $(jqb .error.code)" "409 LIVE_SESSION_EXISTS" "one active session per call"
api GET "/api/v1/sales-calls/$CALL" "" "$REP"
is "$(jqb .data.status) $(jqb .data.liveSessionId)" "in_progress $SID" "the call is in progress"
api GET /api/v1/live-sessions "" "$MGR"
is "$(jqb '.data | length') $(jqb '.data[0].id')" "1 $SID" "the manager sees it"
api GET /api/v1/live-sessions "" "$MGR2"
is "$(jqb '.data | length')" 0 "another team's manager does not"

# Connection-level checks.
out=$("$WS" -w 300 127.0.0.1 "$PORT" /api/v1/other </dev/null)
like "$out" "#refused" "upgrades on other paths are refused"
out=$(ev authenticate "{\"token\":\"$REP\"}" | "$WS" -p "" -w 500 127.0.0.1 "$PORT" /api/v1/live)
like "$out" '"event":"authenticated"' "a client offering no subprotocol is served"
out=$(ev join_live_session "{\"sessionId\":\"$SID\"}" | "$WS" -H "Authorization: Bearer not.a.token" -w 500 127.0.0.1 "$PORT" /api/v1/live)
like "$out" '"code":"TOKEN_INVALID"' "an invalid token gets an error"
like "$out" '#closed 1008' "and the connection is closed"
api POST /api/v1/auth/login "{\"email\":\"rep@acme.example\",\"password\":\"$PW\"}"; REFRESH=$(jqb .data.refreshToken)
out=$(ev authenticate "{\"token\":\"$REFRESH\"}" | "$WS" -w 500 127.0.0.1 "$PORT" /api/v1/live)
like "$out" '"code":"TOKEN_INVALID"' "a refresh token is not an access token"
out=$(ev join_live_session "{\"sessionId\":\"$SID\"}" | "$WS" -w 500 127.0.0.1 "$PORT" /api/v1/live)
like "$out" '"code":"AUTHENTICATION_REQUIRED"' "nothing before authentication"
out=$("$WS" -w 6500 127.0.0.1 "$PORT" /api/v1/live </dev/null)
like "$out" 'AUTHENTICATION_TIMEOUT' "no authentication within 5 s closes"
for who in MGR2 ADMIN_B; do
	out=$(ev join_live_session "{\"sessionId\":\"$SID\"}" | "$WS" -H "Authorization: Bearer ${!who}" -w 500 127.0.0.1 "$PORT" /api/v1/live)
	like "$out" '"code":"(ACCESS_DENIED|SESSION_NOT_FOUND)"' "$who may not join"
done
out=$( { ev subscribe_org '{}'; printf 'this is not json\n'; ev no_such_event '{}'; ev join_live_session '{}'; ev subscribe_org '{}'; } |
	"$WS" -H "Authorization: Bearer $MGR" -f 7 -w 500 127.0.0.1 "$PORT" /api/v1/live)
like "$out" '"code":"INVALID_MESSAGE"' "a malformed frame gets an error"
like "$out" '"code":"UNKNOWN_EVENT"' "an unknown event gets an error"
is "$(grep -c '"event":"subscribed"' <<<"$out")" 2 "the connection survives, fragmented messages are reassembled"
out=$(head -c 70000 /dev/zero | tr '\0' a | "$WS" -H "Authorization: Bearer $MGR" -w 500 127.0.0.1 "$PORT" /api/v1/live)
like "$out" '#closed 1009' "an oversized message closes the connection"

# A session: the manager watches (and subscribes), the rep streams.
mkfifo "$TMP/mgr.in" "$TMP/rep.in"
"$WS" -H "Authorization: Bearer $MGR" -w 1500 127.0.0.1 "$PORT" /api/v1/live <"$TMP/mgr.in" >"$TMP/mgr.out" &
HELPER_PIDS+=($!)
exec 7>"$TMP/mgr.in"
"$WS" -w 1500 127.0.0.1 "$PORT" /api/v1/live <"$TMP/rep.in" >"$TMP/rep.out" &
HELPER_PIDS+=($!)
exec 8>"$TMP/rep.in"
waitfor() { # waitfor FILE REGEX
	for _ in $(seq 100); do grep -qE "$2" "$1" 2>/dev/null && return 0; sleep 0.05; done
	return 1
}
ev subscribe_org '{}' >&7
ev join_live_session "{\"sessionId\":\"$SID\"}" >&7
waitfor "$TMP/mgr.out" '"event":"joined_live_session"' || diag "the manager did not join"
ev authenticate "{\"token\":\"$REP\"}" >&8
ev join_live_session "{\"sessionId\":\"$SID\"}" >&8
waitfor "$TMP/rep.out" '"event":"joined_live_session"' || diag "the rep did not join"
ok "$(waitfor "$TMP/mgr.out" '"event":"participant_joined"'; echo $?)" "the manager sees the rep join"
S1=$(uuid)
ev transcript_segment "{\"sessionId\":\"$SID\",\"segmentId\":\"$S1\",\"speaker\":\"Sam\",\"role\":\"rep\",\"startMs\":0,\"endMs\":4000,\"text\":\"Hi Dana, this is Sam with Acme, thanks for making the time today.\"}" >&8
ev transcript_segment "{\"sessionId\":\"$SID\",\"segmentId\":\"$S1\",\"speaker\":\"Sam\",\"role\":\"rep\",\"startMs\":0,\"endMs\":4000,\"text\":\"Hi Dana, this is Sam with Acme, thanks for making the time today.\"}" >&8
ev transcript_segment "{\"sessionId\":\"$SID\",\"segmentId\":\"$(uuid)\",\"speaker\":\"Dana\",\"role\":\"customer\",\"startMs\":4500,\"endMs\":7000,\"text\":\"Sure. Honestly this sounds expensive.\"}" >&8
ok "$(waitfor "$TMP/mgr.out" 'expensive'; echo $?)" "the manager receives the segments"
ok "$(waitfor "$TMP/mgr.out" '"event":"live_analysis".*"id":"greeting","name":"Greeting and introduction","required":true,"covered":true'; echo $?)" \
	"live_analysis shows the greeting stage covered"
ok "$(waitfor "$TMP/mgr.out" '"kind":"objection_raised"'; echo $?)" "an alert for the customer's objection"
ok "$(waitfor "$TMP/rep.out" '"event":"segment_duplicate"'; echo $?)" "a repeated segment id is acknowledged, not stored twice"
ev transcript_segment "{\"sessionId\":\"$SID\",\"segmentId\":\"x\",\"text\":\"\"}" >&8
ok "$(waitfor "$TMP/rep.out" 'INVALID_SEGMENT'; echo $?)" "a malformed segment is refused"
ev transcript_segment "{\"sessionId\":\"$SID\",\"segmentId\":\"$(uuid)\",\"startMs\":1,\"endMs\":2,\"text\":\"hi\"}" >&7
ok "$(waitfor "$TMP/mgr.out" '"code":"ACCESS_DENIED"'; echo $?)" "managers cannot send segments"
ev manager_intervention "{\"sessionId\":\"$SID\",\"message\":\"Ask about their budget\",\"type\":\"whisper\",\"priority\":\"high\"}" >&7
ok "$(waitfor "$TMP/rep.out" '"event":"manager_intervention".*Ask about their budget'; echo $?)" "the rep receives the whisper"
ok "$(waitfor "$TMP/mgr.out" '"event":"intervention_sent"'; echo $?)" "the manager is told it was sent"
IID=$(grep '"event":"manager_intervention"' "$TMP/rep.out" | head -1 | jq -r .data.id)
ev sales_rep_response "{\"sessionId\":\"$SID\",\"interventionId\":\"$IID\",\"message\":\"On it\"}" >&8
ok "$(waitfor "$TMP/mgr.out" '"event":"sales_rep_response".*On it'; echo $?)" "the rep's response comes back"
ev manager_intervention "{\"sessionId\":\"$SID\",\"message\":\"x\"}" >&8
ok "$(waitfor "$TMP/rep.out" 'Only managers send interventions'; echo $?)" "reps cannot send interventions"
ev session_notes "{\"sessionId\":\"$SID\",\"notes\":\"Strong opening\"}" >&7
api POST /api/v1/notifications "{\"userId\":\"$MGR_ID\",\"type\":\"info\",\"title\":\"Ping\",\"message\":\"Live push\"}" "$SUPER"
ok "$(waitfor "$TMP/mgr.out" '"event":"notification".*Live push'; echo $?)" "a new notification is pushed to the recipient"
sleep 0.3
api GET "/api/v1/live-sessions/$SID" "" "$MGR"
is "$(jqb '.data.transcript | length') $(jqb '.data.notes') $(jqb '[.data.interventions[].kind] | join(",")')" \
	"2 Strong opening intervention,response" "the session keeps its transcript, notes and interventions"
ok "$(jqb '[.data.events[].kind] | index("joined") != null')" "joins are in the audit trail"

# A slow consumer is dropped; the others continue.
"$WS" -s -w 4000 -H "Authorization: Bearer $MGR" 127.0.0.1 "$PORT" /api/v1/live \
	< <(ev join_live_session "{\"sessionId\":\"$SID\"}"; sleep 6) >"$TMP/slow.out" &
HELPER_PIDS+=($!)
sleep 0.5
for i in $(seq 3000); do
	printf '{"event":"transcript_segment","data":{"sessionId":"%s","segmentId":"%s","speaker":"Sam","role":"rep","startMs":%d,"endMs":%d,"text":"%s"}}\n' \
		"$SID" "$(printf '00000000-0000-4000-8000-%012d' "$i")" $((10000 + i * 10)) $((10005 + i * 10)) \
		"Let me tell you more about how our coaching view helps managers every single week of the year, number $i."
done >&8
ok "$(waitfor "$TMP/mgr.out" 'number 3000\.'; echo $?)" "a reading watcher gets every segment"
api GET /health
is "$STATUS" 200 "the server keeps answering"
sleep 0.5
ok "$(grep -qE 'closing a connection of .* unread' "$SRV_DIR/salesand.log"; echo $?)" "the stalled reader was disconnected"

# Ending: the call gets the transcript and the analysis.
api POST "/api/v1/live-sessions/$SID/end" '{}' "$REP"
is "$STATUS $(jqb .data.session.status) $(jqb '.data.analysis.stages | length')" "200 ended 7" "ending analyses the call"
ok "$(waitfor "$TMP/mgr.out" '"event":"live_session_ended"'; echo $?)" "the manager is told it ended"
api GET "/api/v1/sales-calls/$CALL/transcript" "" "$REP"
is "$(jqb '.data.segments | length')" 3002 "every segment is in the call's transcript once"
api POST "/api/v1/live-sessions/$SID/end" '{}' "$REP"
is "$STATUS" 409 "ending twice is a conflict"
ev transcript_segment "{\"sessionId\":\"$SID\",\"segmentId\":\"$(uuid)\",\"startMs\":1,\"endMs\":2,\"text\":\"late\"}" >&8
ok "$(waitfor "$TMP/rep.out" 'NOT_JOINED|SESSION_ENDED'; echo $?)" "no segments after the end"
api POST /api/v1/sales-calls '{"customerName":"Eve","appointmentDate":"2024-06-02T10:00:00Z"}' "$REP"; CALL2=$(jqb .data.id)
api POST /api/v1/live-sessions "{\"salesCallId\":\"$CALL2\"}" "$REP"
ok "$(waitfor "$TMP/mgr.out" '"event":"live_session_started"'; echo $?)" "subscribed managers hear of new sessions"
exec 7>&- 8>&-
done_testing
