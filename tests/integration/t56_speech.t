#!/bin/bash
# Speech to text: salesan transcribe and salesan analyze on synthesised
# calls (espeak-ng + sox, deterministic), with pocketsphinx offline and a
# whisper-http server stood in by the stub.
. "$(dirname "$0")/lib.sh"
SRC=$SALESAN_SRC
speech_fixtures
WER=$SRC/tests/fixtures/speech/wer.pl
roles() { jq -r '[.segments[].speaker] | join(",")' "$1"; }

# Stereo: one channel per speaker, exact attribution (44.1 kHz, resampled).
salesan transcribe "$FX/conv-stereo.wav" --json >"$TMP/stereo.json" 2>"$TMP/err"
ok $? "a stereo recording is transcribed"
is "$(roles "$TMP/stereo.json") $(jq .speakersEstimated "$TMP/stereo.json")" \
	"rep,customer,rep,customer false" "stereo: every turn goes to its channel's speaker"
jq -r '.segments[] | select(.speaker == "rep") | .text' "$TMP/stereo.json" >"$TMP/rep.hyp"
awk -F'\t' '$1 == "rep" { print $2 }' "$FX/refs.txt" >"$TMP/rep.ref"
wer=$("$WER" "$TMP/rep.ref" "$TMP/rep.hyp")
diag "pocketsphinx WER on the rep's synthetic voice: $wer % (bound 30 %)"
[ "$(echo "$wer <= 30" | bc)" = 1 ]; ok $? "the rep's words are recognised within the WER bound ($wer %)"
hyp=$(cat "$TMP/rep.hyp")
n=0; for w in challenges facing reporting process today; do [[ " $hyp " == *" $w "* ]] && n=$((n + 1)); done
is "$n" 5 "the key words of a known sentence are recovered"
t0=$(jq '.segments[2].startMs' "$TMP/stereo.json") t1=$(jq '.segments[2].endMs' "$TMP/stereo.json")
[ "$t0" -gt 7000 ] && [ "$t0" -lt 9500 ] && [ "$t1" -gt 12000 ] && [ "$t1" -lt 14500 ]
ok $? "segments carry their times in the call ($t0..$t1 ms for the third turn)"

# Mono: two voices told apart by pitch, and the result says it guessed.
salesan transcribe "$FX/conv-mono.wav" --json >"$TMP/mono.json" 2>/dev/null
is "$(roles "$TMP/mono.json") $(jq .speakersEstimated "$TMP/mono.json")" \
	"rep,customer,rep,customer true" "mono: speakers split by voice, flagged as estimated"

# Streaming equals whole-file decoding: raw PCM through a pipe, read in
# whatever pieces the pipe delivers, gives the same transcript.
salesan transcribe "$FX/turn3.wav" --json >"$TMP/whole.json" 2>/dev/null
sox "$FX/turn3.wav" -t raw - | salesan transcribe - --rate 16000 --json >"$TMP/stream.json" 2>/dev/null
cmp -s "$TMP/whole.json" "$TMP/stream.json"; ok $? "streamed and whole-file decoding agree"
salesan transcribe "$FX/turn3.wav" --partials --json >"$TMP/part.json" 2>"$TMP/part.err"
cmp -s "$TMP/whole.json" "$TMP/part.json"; ok $? "--partials leaves the transcript as it was"
like "$(grep -c '^~ 0:0[0-9] ' "$TMP/part.err") $(tail -1 "$TMP/part.err")" "^[1-9][0-9]* ~ 0:00 .*process" \
	"and shows the utterance growing on stderr while it is decoded"
salesan transcribe "$FX/turn3.wav" --format srt >"$TMP/t.srt" 2>/dev/null
like "$(head -3 "$TMP/t.srt" | tr '\n' '|')" '^1\|00:00:00,[0-9]{3} --> 00:00:0[0-9],[0-9]{3}\|Rep: .*challenges' "SRT output"

# analyze takes a recording directly.
salesan analyze "$FX/conv-stereo.wav" --script "$SRC/share/salesan/scripts/discovery.json" --json \
	>"$TMP/sc.json" 2>/dev/null
ok $? "analyze RECORDING.wav --script runs offline"
is "$(jq -r '[.stages[] | select(.covered) | .name] | index("Current situation") != null' "$TMP/sc.json") $(jq -r '[.objections[].type] | join(",")' "$TMP/sc.json")" \
	"true price" "the scorecard sees the discovery question and the price objection"

# Bad input.
head -c 30000 "$FX/conv-mono.wav" >"$TMP/cut.wav"
salesan transcribe "$TMP/cut.wav" >/dev/null 2>"$TMP/err"
is "$? $(grep -c 'truncated audio' "$TMP/err")" "1 1" "a truncated recording is an error that says so"
salesan transcribe "$FX/refs.txt" >/dev/null 2>"$TMP/err"
is "$? $(grep -c 'not a WAV file' "$TMP/err")" "2 1" "text is not audio"
salesan transcribe "$FX/turn1.wav" --backend nope >/dev/null 2>"$TMP/err"
like "$(cat "$TMP/err")" "unknown speech backend 'nope' \(known: pocketsphinx, whisper-http\)" "unknown backends are named"
SPEECH_PS_HMM=/nonexistent salesan transcribe "$FX/turn1.wav" >/dev/null 2>"$TMP/err"
like "$(cat "$TMP/err")" "pocketsphinx-en-us" "a missing model names the package to install"

# The microphone, on a machine without a sound card: the error names the
# ways that do work (and nothing of ALSA's own chatter).
if grep -q '^ *[0-9]' /proc/asound/cards 2>/dev/null; then
	ok 0 "# SKIP this machine has a sound card"
else
	salesan record --customer Mic --mic >/dev/null 2>"$TMP/err"
	like "$? $(cat "$TMP/err")" "^1 salesan: error: cannot capture from ALSA device 'default'.*--audio-from FILE.wav.*arecord.*parec" \
		"no sound card: the microphone's error names the alternatives"
fi

# whisper-http against a stand-in server.
start_httpstub
P=/v1/audio/transcriptions
export SPEECH_WHISPER_URL=$STUB_URL SPEECH_WHISPER_KEY=wk-test SPEECH_WHISPER_CHUNK_MS=8000 \
	SPEECH_WHISPER_TIMEOUT_MS=1000
stub_answer POST $P "200 application/json" '{"text":"x","segments":[{"start":0.5,"end":2.25,"text":" what challenges are you facing"},{"start":3,"end":99,"text":" today"}]}'
salesan transcribe "$FX/conv-mono.wav" --backend whisper-http --json >"$TMP/w.json" 2>"$TMP/err"
ok $? "whisper-http transcribes"
reqs=$(stub_requests)
is "$reqs" 3 "19.5 s of audio in chunks of at most 8 s: three requests"
is "$(jq -r '.segments[0] | "\(.startMs) \(.endMs) \(.text)"' "$TMP/w.json")" "500 2250 what challenges are you facing" \
	"segment times come from the answer"
s2=$(jq '.segments[2].startMs' "$TMP/w.json") e1=$(jq '.segments[1].endMs' "$TMP/w.json")
[ "$s2" -gt 6000 ] && [ "$s2" -le 8500 ] && [ "$e1" -le "$s2" ]
ok $? "times are rebased onto the recording and clamped to their chunk ($e1, $s2)"
req=$(tr -d '\r\0' <"$STUB_DIR/req-1.txt")
like "$req" 'Authorization: Bearer wk-test' "the key is sent as a bearer token"
like "$req" 'name="response_format"..verbose_json' "verbose JSON is asked for"
like "$req" 'name="model"..whisper-1' "the default model is named"
like "$req" 'filename="audio.wav".Content-Type: audio/wav..RIFF' "audio goes as a WAV file"

rm -f "$STUB_DIR"/req-*.txt
stub_answer POST "$P.once1" "500 application/json" '{"error":{"message":"busy"}}'
stub_answer POST "$P.once2" "429 application/json" '{"error":{"message":"slow down"}}' "Retry-After: 0"
salesan transcribe "$FX/turn2.wav" --backend whisper-http --json >"$TMP/w.json" 2>"$TMP/err"
is "$? $(stub_requests) $(jq '.segments | length' "$TMP/w.json")" "0 3 2" "a 500 and a 429 are retried"
rm -f "$STUB_DIR"/req-*.txt
for k in 1 2 3; do stub_answer POST "$P.once$k" "503 application/json" '{"error":{"message":"model not loaded"}}'; done
salesan transcribe "$FX/turn2.wav" --backend whisper-http >/dev/null 2>"$TMP/err"
is "$? $(stub_requests)" "1 3" "three failures in a row give up"
like "$(cat "$TMP/err")" "answered 503: model not loaded" "with the server's message"
rm -f "$STUB_DIR"/req-*.txt
stub_answer POST "$P.once1" "401 application/json" '{"error":{"message":"bad key"}}'
salesan transcribe "$FX/turn2.wav" --backend whisper-http >/dev/null 2>"$TMP/err"
is "$? $(stub_requests)" "1 1" "a 401 is not retried"
stub_answer POST "$P.once1" "200 text/html" '<html>proxy error</html>'
salesan transcribe "$FX/turn2.wav" --backend whisper-http >/dev/null 2>"$TMP/err"
like "$? $(cat "$TMP/err")" "^1 .*something other than a transcription" "a malformed answer is an error"
rm -f "$STUB_DIR"/req-*.txt
for k in 1 2 3; do stub_answer POST "$P.once$k" "200 application/json" '{"text":"late"}'; sed -i '1i DELAY 3000' "$(stub_file POST "$P.once$k")"; done
salesan transcribe "$FX/turn2.wav" --backend whisper-http >/dev/null 2>"$TMP/err"
is "$? $(stub_requests)" "1 3" "a silent server times out, per attempt"
like "$(cat "$TMP/err")" "[Tt]imeout" "and the error says so"
unset SPEECH_WHISPER_URL
salesan transcribe "$FX/turn2.wav" --backend whisper-http >/dev/null 2>"$TMP/err"
like "$(cat "$TMP/err")" "SPEECH_WHISPER_URL" "whisper-http without a server says what to set"
done_testing
