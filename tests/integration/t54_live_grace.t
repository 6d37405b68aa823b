#!/bin/bash
# A rep who drops out of a live call has a grace period: back in time, the
# same session goes on; gone for good, the session is ended like an explicit
# end (transcript to the call, analysis).
. "$(dirname "$0")/lib.sh"
trap "" PIPE
start_server --live-grace 2
setup_admin root@acme.example Acme
register mgr@acme.example "$ORG_ID" sales_manager; MGR=$TOKEN MGR_ID=$USER_ID
register rep@acme.example "$ORG_ID" sales_representative "$MGR_ID"; REP=$TOKEN
PORT=${URL##*:}
ev() { printf '{"event":"%s","data":%s}\n' "$1" "$2"; }
seg() { ev transcript_segment "{\"sessionId\":\"$1\",\"segmentId\":\"$(cat /proc/sys/kernel/random/uuid)\",\"speaker\":\"Sam\",\"role\":\"rep\",\"startMs\":$2,\"endMs\":$(($2 + 2000)),\"text\":\"$3\"}"; }
status() { api GET "/api/v1/live-sessions/$1" "" "$MGR"; jqb .data.status; }

api POST /api/v1/sales-calls '{"customerName":"Dana","appointmentDate":"2024-06-01T10:00:00Z"}' "$REP"; CALL=$(jqb .data.id)
api POST /api/v1/live-sessions "{\"salesCallId\":\"$CALL\"}" "$REP"; SID=$(jqb .data.id)

# A short drop: back within the grace period.
{ ev join_live_session "{\"sessionId\":\"$SID\"}"; seg "$SID" 0 "Hi Dana, this is Sam from Acme."; } |
	"$HELPERS/wsclient" -H "Authorization: Bearer $REP" -w 300 127.0.0.1 "$PORT" /api/v1/live >/dev/null
sleep 0.5
{ ev join_live_session "{\"sessionId\":\"$SID\"}"; seg "$SID" 5000 "Sorry, I lost you for a second."; sleep 3; } |
	"$HELPERS/wsclient" -H "Authorization: Bearer $REP" -w 300 127.0.0.1 "$PORT" /api/v1/live >"$TMP/back.out"
like "$(cat "$TMP/back.out")" '"event":"joined_live_session"' "the rep rejoins the same session"
is "$(status "$SID")" active "a rep back within the grace period keeps the session alive"

# Gone for good: ended after the grace period.
for _ in $(seq 100); do [ "$(status "$SID")" = ended ] && break; sleep 0.1; done
is "$(status "$SID")" ended "a rep gone longer than the grace period: the session ends"
api GET "/api/v1/sales-calls/$CALL/transcript" "" "$REP"
is "$(jqb '.data.segments | length')" 2 "the call keeps what was said"
api GET "/api/v1/live-sessions/$SID" "" "$MGR"
ok "$(jqb '[.data.events[].kind] | index("ended") != null')" "the audit trail says why it ended"
done_testing
