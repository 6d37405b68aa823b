#!/bin/bash
# Hostile and malformed input: each gets the right status, and the server
# keeps answering.
. "$(dirname "$0")/lib.sh"
start_server --max-body 4096
PORT=${URL##*:}
setup_admin boss@acme.example Acme
T=$ADMIN_TOKEN

# raw BYTES: send bytes on a fresh connection, print what comes back
# (the connection is read for at most 2 s).
raw() {
	printf "$1" >"$TMP/raw"
	exec 3<>"/dev/tcp/127.0.0.1/$PORT"
	cat "$TMP/raw" >&3 # one write(2), so pipelined requests arrive together
	timeout 2 cat <&3
	exec 3<&- 3>&-
}
post() { # post CONTENT-TYPE BODY
	STATUS=$(curl -s -o "$TMP/body" -w '%{http_code}' -H 'Expect:' -H "Authorization: Bearer $T" \
		-H "Content-Type: $1" --data-binary "$2" "$API/sales-calls")
	BODY=$(cat "$TMP/body")
}

post application/json '{"customerName": "x",'
is "$STATUS" 400 "malformed JSON: 400"
is "$(jqb .error.code)" INVALID_JSON "INVALID_JSON"
post application/json '{"a":1} trailing'
is "$STATUS" 400 "trailing garbage: 400"
post text/plain '{"customerName":"x","appointmentDate":"2024-01-01"}'
is "$STATUS" 415 "wrong content type: 415"
is "$(jqb .error.code)" UNSUPPORTED_MEDIA_TYPE "UNSUPPORTED_MEDIA_TYPE"
post "application/json; charset=utf-8" '{"customerName":"x","appointmentDate":"2024-01-01"}'
is "$STATUS" 201 "JSON with a charset parameter is fine"
post application/json "$(head -c 5000 /dev/zero | tr '\0' ' '){}"
is "$STATUS" 413 "a body over the limit: 413"
is "$(jqb .error.code)" PAYLOAD_TOO_LARGE "PAYLOAD_TOO_LARGE"
deep=$(printf '%.0s[' $(seq 100))$(printf '%.0s]' $(seq 100))
post application/json "$deep"
is "$STATUS" 400 "JSON nested 100 deep: 400"
post application/json '[1,2,3]'
is "$STATUS" 400 "an array body: 400"
post application/json "{\"customerName\":\"$(head -c 3000 /dev/zero | tr '\0' 'x')\",\"appointmentDate\":\"2024-01-01\"}"
is "$STATUS" 400 "a 3000-character name: 400"
post application/json "$(printf '{"customerName":"\xff\xfe","appointmentDate":"2024-01-01"}')"
is "$STATUS" 400 "invalid UTF-8: 400"
post application/json "$(printf '{"customerName":"a\\u0000b","appointmentDate":"2024-01-01"}')"
is "$STATUS" 400 "an escaped NUL in a string: 400"
post application/json "$(printf '{"customerName":"x","appointmentDate":"2024-02-30"}')"
is "$STATUS" 400 "February 30th: 400"
post application/json '{"customerName":"x","appointmentDate":"2024-01-01","saleAmount":1e400}'
is "$STATUS" 201 "unknown-to-create fields are ignored"

code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Expect:' -H "Authorization: Bearer $T" \
	-H 'Content-Type: application/json' -H 'Transfer-Encoding: chunked' --data-binary '{"a":1}' "$API/sales-calls")
is "$code" 411 "chunked request body: 411"
out=$(raw "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\r\n")
like "$out" "^HTTP/1.1 411" "POST without Content-Length: 411"
out=$(raw "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n")
like "$out" "^HTTP/1.1 400" "a non-numeric Content-Length: 400"
out=$(raw "PUT /api/v1/sales-calls/x HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n\r\n")
like "$out" "^HTTP/1.1 413" "a huge declared Content-Length: 413 at once"
big=$(head -c 20000 /dev/zero | tr '\0' 'a')
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H "X-Junk: $big" "$URL/health")
ok "$([ "$code" != 200 ] && echo 0 || echo 1)" "20 KB of headers is refused (got $code)"
code=$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/v1/sales-calls?$(printf 'a%d=1&' $(seq 70))" -H "Authorization: Bearer $T")
is "$code" 414 "too many query parameters: 414"
code=$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/v1/sales-calls?$(printf 'a%d=1&' $(seq 200))" -H "Authorization: Bearer $T")
ok "$([ "$code" != 200 ] && echo 0 || echo 1)" "200 query parameters are refused (lws drops the connection)"
out=$(raw "BREW /health HTTP/1.1\r\nHost: x\r\n\r\n")
ok "$([[ "$out" != *"HTTP/1.1 200"* ]] && echo 0 || echo 1)" "an unknown method is not served"

# P1: a pipelined request with a body would livelock lws 4.1.6.
start=$(date +%s%N)
out=$(raw "GET /health HTTP/1.1\r\nHost: x\r\n\r\nPOST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"a\":1}")
like "$out" "HTTP/1.1 200" "the first pipelined request is served"
like "$out" "PIPELINING_REFUSED" "the pipelined POST is refused, not stuck on"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$URL/health")
is "$code" 200 "other clients are answered within 1 s afterwards"
out=$(raw "GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /api/v1/nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
like "$out" "ROUTE_NOT_FOUND" "pipelined GETs are still served"

# A burst of concurrent requests.
pids=()
for i in $(seq 100); do
	curl -s -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $T" "$API/sales-calls?limit=5" \
		>>"$TMP/burst" &
	pids+=($!)
done
wait "${pids[@]}"
is "$(sort -u "$TMP/burst" | tr -d '\n')" 200 "100 concurrent list requests all succeed"

api GET /health
is "$STATUS" 200 "the server survived everything"
ok "$(kill -0 "$SRV_PID"; echo $?)" "the process is alive"
is "$(grep -c 'status=5' "$SRV_DIR/salesand.log")" 0 "no request got a 5xx"
done_testing
