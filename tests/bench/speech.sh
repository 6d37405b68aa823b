#!/bin/bash
# Speech to text: pocketsphinx's real-time factor on one core (short and
# long recordings), memory per decoding stream, and salesand's /health
# latency while it transcribes 4 recordings, against /health on the idle
# server measured in the same run.  Prints figures; asserts nothing.
set -eu
BIN=${SALESAN_BIN:?}
SRC=${SALESAN_SRC:?}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/salesan-bench.XXXXXX")
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
if ! command -v espeak-ng >/dev/null || [ ! -e /usr/share/pocketsphinx/model/en-us/en-us.lm.bin ]; then
	echo "speech: skipped (espeak-ng or the pocketsphinx model missing; make deps)"
	exit 0
fi
export HOME=$TMP XDG_CONFIG_HOME=$TMP/config
"$SRC/tests/fixtures/speech/make-audio.sh" "$TMP/fx" 2>/dev/null
sox "$TMP/fx/conv-mono.wav" "$TMP/fx/conv-mono.wav" "$TMP/fx/conv-mono.wav" "$TMP/fx/conv-mono.wav" \
	"$TMP/fx/conv-mono.wav" "$TMP/fx/conv-mono.wav" "$TMP/long.wav"

# one run: "user-CPU-seconds max-RSS-KB" of salesan transcribe FILE
measure() {
	/usr/bin/time -f '%U %M' -o "$TMP/t" "$BIN/salesan" transcribe "$1" >/dev/null 2>&1
	cat "$TMP/t"
}
rtf() { # rtf FILE LABEL
	local d cpu rss
	d=$(soxi -D "$1")
	read -r cpu rss <<<"$(measure "$1")"
	printf '%-34s %6.1f s of audio in %5.2f CPU-s: %4.1fx real time (RTF %.2f), max RSS %d MB\n' \
		"$2" "$d" "$cpu" "$(echo "$d / $cpu" | bc -l)" "$(echo "$cpu / $d" | bc -l)" $((rss / 1024))
}
echo "pocketsphinx (en-us generic model), one core:"
rtf "$TMP/fx/conv-mono.wav" "  mono call, first 20 s decoded twice"
rtf "$TMP/long.wav" "  mono call x6 (cold start amortised)"
read -r _ rss1 <<<"$(measure "$TMP/fx/conv-mono.wav")"
read -r _ rss2 <<<"$(measure "$TMP/fx/conv-stereo.wav")"
echo "memory per decoding stream: $(((rss2 - rss1) / 1024)) MB (stereo with 2 streams: $((rss2 / 1024)) MB, mono: $((rss1 / 1024)) MB max RSS)"

"$BIN/salesand" --data-dir "$TMP/data" --port 0 --port-file "$TMP/port" --log-level warn \
	--rate-limit-max 0 2>>"$TMP/stderr" &
PID=$!
for _ in $(seq 200); do [ -s "$TMP/port" ] && curl -s -o /dev/null "http://127.0.0.1:$(cat "$TMP/port")/health" && break; sleep 0.05; done
URL=http://127.0.0.1:$(cat "$TMP/port")
J='Content-Type: application/json'
T=$(curl -s -H "$J" --data '{"email":"b@bench.example","password":"bench-password","firstName":"B","lastName":"M","organizationName":"Bench"}' \
	"$URL/api/v1/auth/setup-first-admin" | jq -r .data.accessToken)
p99() { wrk -t1 -c4 -d"$1" --latency "$URL/health" | awk '/ 99%/ { print $2 } /Requests\/sec/ { print $2 }' | tr '\n' ' '; }
read -r idle_p99 idle_rps <<<"$(p99 5s)"
ids=()
for _ in 1 2 3 4; do
	id=$(curl -s -H "$J" -H "Authorization: Bearer $T" --data '{"customerName":"Bench","appointmentDate":"2024-01-01T10:00:00Z"}' \
		"$URL/api/v1/sales-calls" | jq -r .data.id)
	curl -s -o /dev/null -T "$TMP/long.wav" -H 'Content-Type: audio/wav' -H "Authorization: Bearer $T" \
		"$URL/api/v1/sales-calls/$id/recording"
	ids+=("$id")
done
read -r busy_p99 busy_rps <<<"$(p99 10s)"
done_n=0
for id in "${ids[@]}"; do
	[ "$(curl -s -H "Authorization: Bearer $T" "$URL/api/v1/sales-calls/$id/recording" | jq -r .data.status)" = done ] &&
		done_n=$((done_n + 1))
done
echo "GET /health, wrk -t1 -c4: idle p99 $idle_p99 ($idle_rps req/s); while 4 recordings"
echo "  (2 min each) are transcribed: p99 $busy_p99 ($busy_rps req/s); $done_n of 4 finished within the 10 s"
