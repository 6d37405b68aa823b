#!/bin/bash
# Recordings: uploaded to a call (raw audio/wav or multipart), transcribed
# on salesand's speech pool with pocketsphinx, the transcript stored and
# analysed; progress through GET; bad audio, reach and a server without
# speech to text; an interrupted transcription resumes after a restart.
. "$(dirname "$0")/lib.sh"
SRC=$SALESAN_SRC
speech_fixtures
start_server
setup_admin boss@acme.example Acme
ADMIN=$ADMIN_TOKEN ORG=$ORG_ID
register rep@acme.example "$ORG" sales_representative; REP=$TOKEN
setup_other() { register other@acme.example "$ORG" sales_representative; OTHER=$TOKEN; }
setup_other
new_call() {
	api POST /api/v1/sales-calls "{\"customerName\":\"$1\",\"appointmentDate\":\"2024-06-01T10:00:00Z\"}" "$REP"
	jqb .data.id
}
upload() { # upload CALL FILE [TYPE] -> STATUS, BODY
	BODY=$(curl -s -o - -w '\n%{http_code}' -X PUT -H "Authorization: Bearer $REP" \
		-H "Content-Type: ${3:-audio/wav}" --data-binary "@$2" "$API/sales-calls/$1/recording")
	STATUS=${BODY##*$'\n'} BODY=${BODY%$'\n'*}
}
wait_done() { # wait_done CALL -> BODY of the finished recording
	for _ in $(seq 600); do
		api GET "/api/v1/sales-calls/$1/recording" "" "$REP"
		case $(jqb .data.status) in done|failed) return 0 ;; esac
		sleep 0.2
	done
	return 1
}

CALL=$(new_call "Carla Buyer")
api GET "/api/v1/sales-calls/$CALL/recording" "" "$REP"
is "$STATUS $(jqb .error.code)" "404 RECORDING_NOT_FOUND" "no recording yet"
upload "$CALL" "$FX/conv-stereo.wav"
is "$STATUS $(jqb .data.status) $(jqb .data.channels) $(jqb .data.sampleRate) $(jqb .data.backend)" \
	"202 queued 2 44100 pocketsphinx" "a stereo WAV is accepted and queued (202)"
dur=$(jqb .data.durationMs)
ok "$([ "$dur" -gt 19000 ] && [ "$dur" -lt 20000 ]; echo $?)" "its duration is read from the header ($dur ms)"
api GET /health
is "$STATUS" 200 "the server answers while it transcribes"
wait_done "$CALL"; ok $? "the transcription finishes"
is "$(jqb .data.status) $(jqb .data.segments) $(jqb .data.speakersEstimated)" "done 4 false" \
	"four turns, speakers exact from the channels"
api GET "/api/v1/sales-calls/$CALL/transcript" "" "$REP"
is "$(jqb '[.data.speakers[].name] | join(",")')" "F L,Carla Buyer" "speakers are named after the call's rep and customer"
like "$(jqb '.data.segments[2].text')" "challenges.*reporting process" "the rep's question is in the transcript"
api GET "/api/v1/sales-calls/$CALL/analysis" "" "$REP"
is "$STATUS $(jqb '.data.performanceScore | type')" "200 number" "the transcript was analysed"
api GET "/api/v1/sales-calls/$CALL" "" "$REP"
is "$(jqb '.data.performanceScore | type')" "number" "the call carries the score"

# multipart, mono: speakers estimated
CALL2=$(new_call "Mona Mono")
BODY=$(curl -s -w '\n%{http_code}' -X PUT -H "Authorization: Bearer $REP" -F "recording=@$FX/conv-mono.wav" \
	"$API/sales-calls/$CALL2/recording"); STATUS=${BODY##*$'\n'} BODY=${BODY%$'\n'*}
is "$STATUS $(jqb .data.channels)" "202 1" "multipart upload (field recording)"
wait_done "$CALL2"
is "$(jqb .data.status) $(jqb .data.speakersEstimated)" "done true" "a mono recording's speakers are estimated"

# what is refused
upload "$CALL" "$FX/refs.txt"
is "$STATUS $(jqb .error.code)" "400 INVALID_AUDIO" "text sent as audio/wav is refused"
like "$(jqb .error.message)" "not a WAV file" "and the message says why"
upload "$CALL" "$FX/turn1.wav" "application/json"
is "$STATUS $(jqb .error.code)" "415 UNSUPPORTED_MEDIA_TYPE" "a recording is not JSON"
upload "$CALL" "$FX/turn1.wav" "text/plain"
is "$STATUS" 415 "nor text"
BODY=$(curl -s -w '\n%{http_code}' -X PUT -H "Authorization: Bearer $OTHER" -H "Content-Type: audio/wav" \
	--data-binary "@$FX/turn1.wav" "$API/sales-calls/$CALL/recording"); STATUS=${BODY##*$'\n'} BODY=${BODY%$'\n'*}
is "$STATUS $(jqb .error.code)" "404 SALES_CALL_NOT_FOUND" "another rep's call is out of reach"
api GET "/api/v1/sales-calls/$CALL/recording" "" "$OTHER"
is "$STATUS" 404 "and so is its recording"
api GET "/api/v1/sales-calls/$CALL/recording" "" "$ADMIN"
is "$STATUS $(jqb .data.status)" "200 done" "the admin sees it"

# the files route queues a WAV too
BODY=$(curl -s -w '\n%{http_code}' -H "Authorization: Bearer $REP" -F "recording=@$FX/turn3.wav" \
	-F "salesCallId=$CALL2" "$API/files/upload-sales-call"); STATUS=${BODY##*$'\n'} BODY=${BODY%$'\n'*}
is "$STATUS $(jqb .data.transcription.status)" "201 queued" "a WAV through /files/upload-sales-call is queued"
wait_done "$CALL2"
is "$(jqb .data.segments)" 1 "and replaces the call's transcript when done"

# the live path: salesan record transcribes audio as it plays and a
# manager's WebSocket client receives the segments
salesan login --email rep@acme.example --password-file <(printf '%s' "$PW") >/dev/null 2>&1
salesan doctor --json >"$TMP/doc.json"
is "$? $(jq -r '[.[] | select(.check == "server" or .check == "credentials" or .check == "pocketsphinx") | .status] | join(",")' "$TMP/doc.json")" \
	"0 ok,ok,ok" "doctor: server, credentials and pocketsphinx are fine"
SPEECH_BACKEND=pocketsphinx SPEECH_PS_HMM=/nonexistent salesan doctor >"$TMP/doc.txt"
is "$? $(grep -c '^FAIL pocketsphinx.*selected but unavailable' "$TMP/doc.txt") $(grep -c 'apt-get install pocketsphinx-en-us' "$TMP/doc.txt")" \
	"1 1 1" "doctor fails a selected backend that cannot run, and says how to fix it"
CALL4=$(new_call "Lara Live")
api POST /api/v1/live-sessions "{\"salesCallId\":\"$CALL4\"}" "$REP"; SID=$(jqb .data.id)
mkfifo "$TMP/adm.in"
"$HELPERS/wsclient" -H "Authorization: Bearer $ADMIN" -w 1000 127.0.0.1 "${URL##*:}" /api/v1/live <"$TMP/adm.in" >"$TMP/adm.out" &
HELPER_PIDS+=($!)
exec 7>"$TMP/adm.in"
printf '{"event":"join_live_session","data":{"sessionId":"%s"}}\n' "$SID" >&7
salesan record --call "$CALL4" --audio-from "$FX/conv-stereo.wav" --speed 4 --no-color --json \
	</dev/null >"$TMP/rec.out" 2>"$TMP/rec.err"
is "$?" 0 "record --audio-from streams a recording and ends the call"
n=$(grep -c '"event":"transcript_segment"' "$TMP/adm.out")
is "$n" 4 "the watching admin received every transcribed turn"
like "$(grep '"event":"transcript_segment"' "$TMP/adm.out" | sed -n 3p)" '"role":"rep".*challenges' \
	"in order, with the rep's channel as the rep"
like "$(grep '"event":"transcript_segment"' "$TMP/adm.out" | sed -n 4p)" '"role":"customer".*price' \
	"and the other channel as the customer"
api GET "/api/v1/sales-calls/$CALL4/transcript" "" "$REP"
is "$(jqb '.data.segments | length')" 4 "the call's transcript is the streamed turns"
exec 7>&-
salesan record --call "$CALL4" --audio-from "$FX/nope.wav" >/dev/null 2>"$TMP/err"
is "$?" 2 "a missing recording is a usage error"

# Audio into the hub: the rep's client sends 16 kHz PCM as binary frames,
# the server transcribes it on its live speech pool and the segments come
# back (and go to every watcher) like typed ones.
waitfor() { for _ in $(seq 600); do grep -qE "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done; return 1; }
ev() { printf '{"event":"%s","data":%s}\n' "$1" "$2"; }
CALL5=$(new_call "Hugo Hub")
api POST /api/v1/live-sessions "{\"salesCallId\":\"$CALL5\"}" "$REP"; SID5=$(jqb .data.id)
sox "$FX/turn3.wav" -t raw "$TMP/turn3.raw"
mkfifo "$TMP/rep.in" "$TMP/mgr.in"
"$HELPERS/wsclient" -H "Authorization: Bearer $REP" -w 1000 127.0.0.1 "${URL##*:}" /api/v1/live <"$TMP/rep.in" >"$TMP/rep.out" &
HELPER_PIDS+=($!)
"$HELPERS/wsclient" -H "Authorization: Bearer $ADMIN" -w 1000 127.0.0.1 "${URL##*:}" /api/v1/live <"$TMP/mgr.in" >"$TMP/mgr.out" &
HELPER_PIDS+=($!)
exec 8>"$TMP/rep.in" 9>"$TMP/mgr.in"
echo "#binfile $TMP/turn3.raw" >&8
waitfor "$TMP/rep.out" NOT_IN_SESSION; ok $? "audio before joining as the rep is refused (NOT_IN_SESSION)"
ev join_live_session "{\"sessionId\":\"$SID5\"}" >&8
ev join_live_session "{\"sessionId\":\"$SID5\"}" >&9
waitfor "$TMP/mgr.out" joined_live_session
ev audio_stream "{\"sessionId\":\"$SID5\",\"chunk\":\"AAAA\"}" >&9
waitfor "$TMP/mgr.out" '"code":"ACCESS_DENIED"'; ok $? "only the rep sends audio"
ev audio_stream "{\"sessionId\":\"$SID5\",\"chunk\":\"not base64!\"}" >&8
waitfor "$TMP/rep.out" '"code":"INVALID_AUDIO"'; ok $? "a chunk that is not base64 is refused"
echo "#binfile $TMP/turn3.raw" >&8
ev audio_end "{\"sessionId\":\"$SID5\"}" >&8
waitfor "$TMP/rep.out" '"event":"audio_done"'; ok $? "the hub says when it has transcribed everything sent"
like "$(grep '"event":"transcript_segment"' "$TMP/mgr.out")" '"role":"rep".*"text":"what challenges are you [a-z]+ with your reporting process today".*"transcribed":true' \
	"the watcher receives the transcribed turn"
like "$(grep -c '"event":"live_analysis"' "$TMP/mgr.out")" '^[1-9]' "and the live analysis of it"
exec 8>&- 9>&-
api POST "/api/v1/live-sessions/$SID5/end" "" "$REP"
api GET "/api/v1/sales-calls/$CALL5/transcript" "" "$REP"
like "$(jqb '.data.segments[0].text')" "challenges" "ending the session keeps the transcribed turn"

# salesan record --stt server: the same from the command line; a stereo
# file goes as two channels (audio_format), rep left, customer right
CALL6=$(new_call "Stella Server")
salesan record --call "$CALL6" --audio-from "$FX/conv-stereo.wav" --stt server --speed 4 --no-color \
	</dev/null >"$TMP/rec6.out" 2>"$TMP/rec6.err"
is "$?" 0 "record --stt server streams the audio and ends the call"
like "$(cat "$TMP/rec6.out")" "challenges are you facing" "the rep sees the server's transcription"
api GET "/api/v1/sales-calls/$CALL6/transcript" "" "$REP"
is "$(jqb '[.data.segments[].speaker] | join(",")')" "rep@acme.example,Customer,rep@acme.example,Customer" \
	"the call holds both sides' turns, in order"
like "$(cat "$TMP/rec6.out")" "customer: .*price is a concern" "the customer's channel is transcribed too"

# interrupted by a restart: queued again and finished
CALL3=$(new_call "Rita Restart")
upload "$CALL3" "$FX/conv-stereo.wav"
stop_server
SRV_DATA=$DATA_DIR start_server
wait_done "$CALL3"
is "$(jqb .data.status) $(jqb .data.segments)" "done 4" "a transcription cut short by a restart resumes"

# an organization may choose its own backend (settings.speechBackend)
api PUT "/api/v1/organizations/$ORG" '{"settings":{"speechBackend":"none"}}' "$ADMIN"
upload "$CALL" "$FX/turn1.wav"
is "$STATUS $(jqb .error.code)" "503 SPEECH_UNAVAILABLE" "an organization with speechBackend none refuses recordings"
api PUT "/api/v1/organizations/$ORG" '{"settings":{}}' "$ADMIN"

stop_server

# a server with speech to text turned off says so
SPEECH_BACKEND=none SRV_DATA=$DATA_DIR start_server
upload "$CALL" "$FX/turn1.wav"
is "$STATUS $(jqb .error.code)" "503 SPEECH_UNAVAILABLE" "SPEECH_BACKEND=none refuses recordings"
CALL7=$(new_call "Nora None")
api POST /api/v1/live-sessions "{\"salesCallId\":\"$CALL7\"}" "$REP"; SID7=$(jqb .data.id)
{ ev join_live_session "{\"sessionId\":\"$SID7\"}"; sleep 0.5; echo "#binfile $TMP/turn3.raw"; } |
	"$HELPERS/wsclient" -H "Authorization: Bearer $REP" -w 1500 127.0.0.1 "${URL##*:}" /api/v1/live >"$TMP/none.out"
like "$(cat "$TMP/none.out")" '"code":"AUDIO_NOT_SUPPORTED".*turned off' "and live audio, with the reason"
api PUT "/api/v1/organizations/$ORG" '{"settings":{"speechBackend":"pocketsphinx"}}' "$ADMIN"
upload "$CALL2" "$FX/turn2.wav"
is "$STATUS $(jqb .data.backend)" "202 pocketsphinx" "but an organization that chose pocketsphinx still transcribes"
wait_done "$CALL2"; is "$(jqb .data.status)" done "on the server's speech pool"
api PUT "/api/v1/organizations/$ORG" '{"settings":{}}' "$ADMIN"
stop_server
SPEECH_PS_HMM=/nonexistent SRV_DATA=$DATA_DIR start_server
upload "$CALL" "$FX/turn1.wav"
like "$STATUS $(jqb .error.message)" "^503 .*pocketsphinx-en-us" "a missing model names the package"
stop_server
MAX_FILE_SIZE=4096 SRV_DATA=$DATA_DIR start_server
upload "$CALL" "$FX/turn1.wav"
is "$STATUS" 413 "MAX_FILE_SIZE bounds recordings"
done_testing
