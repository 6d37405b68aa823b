#!/bin/bash
# salesan record with a manager watching: the manager sees the rep's
# segments and live analysis and whispers; the rep's terminal shows the
# whisper, the rep's typed reply comes back; the call ends with its
# scorecard and transcript.
. "$(dirname "$0")/lib.sh"
FIX=$SALESAN_SRC/tests/fixtures/analysis
start_server
setup_admin root@acme.example Acme
register mgr@acme.example "$ORG_ID" sales_manager; MGR=$TOKEN MGR_ID=$USER_ID
register rep@acme.example "$ORG_ID" sales_representative "$MGR_ID"; REP=$TOKEN
api POST /api/v1/sales-scripts "$(cat "$SALESAN_SRC/share/salesan/scripts/discovery.json")" "$MGR"
api POST /api/v1/sales-calls '{"customerName":"Dana Lee","appointmentDate":"2024-06-01T10:00:00Z"}' "$REP"; CALL=$(jqb .data.id)
salesan login --email rep@acme.example --password-file <(printf '%s' "$PW") >/dev/null 2>&1
PORT=${URL##*:}
ev() { printf '{"event":"%s","data":%s}\n' "$1" "$2"; }
waitfor() { for _ in $(seq 200); do grep -qE "$2" "$1" 2>/dev/null && return 0; sleep 0.05; done; return 1; }

salesan record --call nope --transcript-from "$FIX/disc-01.txt" >/dev/null 2>&1
is "$?" 2 "a malformed call id is a usage error"
salesan record --call "$CALL" >/dev/null 2>&1
is "$?" 2 "a transcript source is required"

mkfifo "$TMP/rep.in" "$TMP/mgr.in"
# The manager is watching before the rep starts streaming: the session
# exists (the rep's app opened it), and record picks it up.
api POST /api/v1/live-sessions "{\"salesCallId\":\"$CALL\"}" "$REP"; SID=$(jqb .data.id)
"$HELPERS/wsclient" -H "Authorization: Bearer $MGR" -w 1000 127.0.0.1 "$PORT" /api/v1/live <"$TMP/mgr.in" >"$TMP/mgr.out" &
HELPER_PIDS+=($!)
exec 7>"$TMP/mgr.in"
ev join_live_session "{\"sessionId\":\"$SID\"}" >&7
waitfor "$TMP/mgr.out" '"event":"joined_live_session"' || diag "the manager did not join"
salesan record --call "$CALL" --transcript-from "$FIX/disc-01.txt" --speed 8 --no-color \
	<"$TMP/rep.in" >"$TMP/rep.out" 2>"$TMP/rep.err" &
REC=$!
exec 8>"$TMP/rep.in"
ok "$(waitfor "$TMP/rep.err" "live session $SID"; echo $?)" "record joins the call's live session"
ok "$(waitfor "$TMP/mgr.out" '"event":"transcript_segment"'; echo $?)" "the manager sees the rep's segments"
ok "$(waitfor "$TMP/mgr.out" '"event":"live_analysis"'; echo $?)" "and live analysis"
ev manager_intervention "{\"sessionId\":\"$SID\",\"message\":\"Ask who signs off\",\"type\":\"whisper\"}" >&7
ok "$(waitfor "$TMP/rep.out" 'whisper from mgr@acme.example\] Ask who signs off'; echo $?)" "the rep's terminal shows the whisper"
echo "Will do" >&8
ok "$(waitfor "$TMP/mgr.out" '"event":"sales_rep_response".*Will do'; echo $?)" "the rep's reply reaches the manager"
ok "$(waitfor "$TMP/rep.out" '✓ Greeting and introduction'; echo $?)" "the rep sees stages tick"
for _ in $(seq 300); do kill -0 "$REC" 2>/dev/null || break; sleep 0.1; done
wait "$REC"; rc=$?
is "$rc" 0 "record ends cleanly at the end of the transcript"
like "$(cat "$TMP/rep.out")" "Call ended" "and prints the scorecard"
ok "$(waitfor "$TMP/mgr.out" '"event":"live_session_ended"'; echo $?)" "the manager sees the session end"
api GET "/api/v1/sales-calls/$CALL/transcript" "" "$REP"
is "$(jqb '.data.segments | length')" 16 "the call has the whole transcript"
api GET "/api/v1/sales-calls/$CALL/analysis" "" "$MGR"
is "$STATUS" 200 "the analysis is stored"
is "$(jqb '.data.stages | length')" 7 "with every stage"
exec 7>&- 8>&-
done_testing
