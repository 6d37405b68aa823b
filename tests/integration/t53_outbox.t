#!/bin/bash
# The offline outbox: the server dies in the middle of a recorded call; the
# recording goes on locally; after a restart `salesan sync` delivers the
# call and every segment is stored once.  Also a call recorded with the
# server down from the start.
. "$(dirname "$0")/lib.sh"
FIX=$SALESAN_SRC/tests/fixtures/analysis
start_server
setup_admin root@acme.example Acme
register mgr@acme.example "$ORG_ID" sales_manager; MGR=$TOKEN MGR_ID=$USER_ID
register rep@acme.example "$ORG_ID" sales_representative "$MGR_ID"; REP=$TOKEN
api POST /api/v1/sales-calls '{"customerName":"Dana Lee","appointmentDate":"2024-06-01T10:00:00Z"}' "$REP"; CALL=$(jqb .data.id)
export SALESAN_TOKEN=$REP
DATA=$DATA_DIR

salesan sync >"$TMP/sync0.out" 2>&1
is "$?$(cat "$TMP/sync0.out")" "0the outbox is empty" "an empty outbox syncs nothing"

salesan record --call "$CALL" --transcript-from "$FIX/disc-01.txt" --speed 8 --no-input \
	</dev/null >"$TMP/rec.out" 2>"$TMP/rec.err" &
REC=$!
for _ in $(seq 100); do
	n=$(sqlite3 "$DATA/salesan.db" "SELECT COUNT(*) FROM live_segments" 2>/dev/null)
	[ "${n:-0}" -ge 3 ] && break
	sleep 0.1
done
ok "$([ "${n:-0}" -ge 3 ]; echo $?)" "segments reach the server ($n before the crash)"
kill -9 "$SRV_PID"
wait "$SRV_PID" 2>/dev/null
SERVER_PIDS=()
for _ in $(seq 300); do kill -0 "$REC" 2>/dev/null || break; sleep 0.1; done
wait "$REC"; rc=$?
is "$rc" 0 "record finishes the call offline"
like "$(cat "$TMP/rec.err")" "recording offline" "it says it went offline"
like "$(cat "$TMP/rec.err")" "saved the call \(16 segments\) to the outbox" "and keeps every segment"

# down from the start: the call itself is created at sync
SALESAN_SERVER=http://127.0.0.1:9 salesan record --customer "Eve Offline" --transcript-from "$FIX/disc-03.vtt" \
	--speed 0 --no-input </dev/null >/dev/null 2>"$TMP/rec2.err"
is "$?" 0 "record works with no server at all"
like "$(cat "$TMP/rec2.err")" "outbox" "and keeps the call in the outbox"

SRV_DATA=$DATA start_server
salesan sync >"$TMP/sync.out" 2>&1
is "$?" 0 "sync delivers the outbox"
like "$(cat "$TMP/sync.out")" "2 calls synced" "both calls"
api GET "/api/v1/sales-calls/$CALL/transcript" "" "$REP"
is "$(jqb '.data.segments | length') $(jqb '[.data.segments[].text] | unique | length')" "16 16" \
	"the interrupted call has every segment, each once"
api GET "/api/v1/sales-calls/$CALL/analysis" "" "$REP"
is "$STATUS" 200 "and is analysed"
api GET /api/v1/live-sessions "" "$MGR"
is "$(jqb '.data | length')" 0 "the interrupted live session is ended"
api GET "/api/v1/sales-calls?limit=10" "" "$REP"
is "$(jqb '[.data.salesCalls[].customerName] | sort | join(",")')" "Dana Lee,Eve Offline" "the offline call was created"
salesan sync >"$TMP/sync2.out" 2>&1
is "$(cat "$TMP/sync2.out")" "the outbox is empty" "a second sync has nothing left"

# A server that comes back quickly: record reconnects and the call ends normally.
api POST /api/v1/sales-calls '{"customerName":"Fay Back","appointmentDate":"2024-06-03T10:00:00Z"}' "$REP"; CALL3=$(jqb .data.id)
PORT=${URL##*:}
salesan record --call "$CALL3" --transcript-from "$FIX/disc-01.txt" --speed 8 --no-input --no-color \
	</dev/null >"$TMP/rec3.out" 2>"$TMP/rec3.err" &
REC=$!
for _ in $(seq 100); do
	n=$(sqlite3 "$DATA/salesan.db" "SELECT COUNT(*) FROM live_segments s JOIN live_sessions l ON l.id = s.session_id WHERE l.sales_call_id = '$CALL3'" 2>/dev/null)
	[ "${n:-0}" -ge 3 ] && break
	sleep 0.1
done
kill -9 "$SRV_PID"
wait "$SRV_PID" 2>/dev/null
SERVER_PIDS=()
SRV_DATA=$DATA start_server --port "$PORT"
for _ in $(seq 300); do kill -0 "$REC" 2>/dev/null || break; sleep 0.1; done
wait "$REC"; rc=$?
is "$rc" 0 "record survives a server restart"
like "$(cat "$TMP/rec3.err")" "reconnected to the live session" "it reconnects by itself"
like "$(cat "$TMP/rec3.out")" "Call ended" "and ends the call normally"
api GET "/api/v1/sales-calls/$CALL3/transcript" "" "$REP"
is "$(jqb '.data.segments | length') $(jqb '[.data.segments[].text] | unique | length')" "16 16" \
	"every segment is stored once"
done_testing
