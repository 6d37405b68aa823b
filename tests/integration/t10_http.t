#!/bin/bash
# HTTP basics: health, envelopes, headers, CORS, HEAD, 404/405.
. "$(dirname "$0")/lib.sh"
start_server

api GET /health
is "$STATUS" 200 "GET /health answers 200"
is "$(jqb .status)" OK "status OK"
is "$(jqb .database.status)" ok "the database check passes"
like "$(jqb .timestamp)" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{3}Z$' "ISO timestamp"
like "$(jqb .uptime)" '^[0-9.e-]+$' "uptime in seconds"
is "$(header content-type)" "application/json; charset=utf-8" "JSON content type"
is "$(header x-content-type-options)" nosniff "nosniff"
is "$(header x-frame-options)" DENY "frame denial"
is "$(header cache-control)" no-store "no caching"
like "$(header x-request-id)" '^[0-9a-f]{16}$' "a request id is assigned"
len=$(header content-length)

code=$(curl -s -o /dev/null -D "$TMP/hh" -w '%{http_code} %{size_download}' -I "$URL/health")
is "$code" "200 0" "HEAD /health answers 200 with no body"
like "$(grep -i '^content-length' "$TMP/hh" | tr -d '\r')" "content-length: [0-9]+" "HEAD keeps content-length"

rid=$(curl -s -D - -o /dev/null -H 'X-Request-Id: trace-42' "$URL/health" | grep -i '^x-request-id' | tr -d '\r')
is "$rid" "x-request-id: trace-42" "a sane X-Request-Id is echoed"
rid=$(curl -s -D - -o /dev/null -H 'X-Request-Id: bad id!' "$URL/health" | grep -i '^x-request-id' | tr -d '\r')
like "$rid" '^x-request-id: [0-9a-f]{16}$' "an unsafe one is replaced"

api GET /api/v1/nope
is "$STATUS" 404 "unknown route is 404"
is "$(jqb .error.code)" ROUTE_NOT_FOUND "with ROUTE_NOT_FOUND"
is "$(jqb .success)" false "in the error envelope"
api DELETE /health
is "$STATUS" 405 "wrong method is 405"
is "$(jqb .error.code)" METHOD_NOT_ALLOWED "with METHOD_NOT_ALLOWED"
like "$(header allow)" "GET" "and an Allow header"

cors=$(curl -s -D - -o /dev/null -H 'Origin: https://app.example' "$URL/health" | grep -i '^access-control-allow-origin' | tr -d '\r')
is "$cors" "access-control-allow-origin: *" "CORS allows any origin by default"
code=$(curl -s -o /dev/null -D "$TMP/pf" -w '%{http_code}' -X OPTIONS -H 'Origin: https://app.example' \
	-H 'Access-Control-Request-Method: POST' "$URL/api/v1/sales-calls")
is "$code" 204 "preflight answers 204"
like "$(grep -i '^access-control-allow-methods' "$TMP/pf" | tr -d '\r')" "POST" "preflight lists methods"

# A server with a CORS allow-list.
start_server --cors-origin "https://good.example, https://other.example"
cors=$(curl -s -D - -o /dev/null -H 'Origin: https://good.example' "$URL/health" | grep -i '^access-control-allow-origin' | tr -d '\r')
is "$cors" "access-control-allow-origin: https://good.example" "listed origin echoed"
cors=$(curl -s -D - -o /dev/null -H 'Origin: https://evil.example' "$URL/health" | grep -ic '^access-control-allow-origin')
is "$cors" 0 "unlisted origin gets no CORS header"

# Many keep-alive requests on one connection.
out=$(curl -s -w '%{http_code} %{num_connects}\n' -o /dev/null "$URL/health" -o /dev/null "$URL/health" \
	-o /dev/null -I "$URL/health" -o /dev/null "$URL/health")
is "$(echo $out)" "200 1 200 0 200 0 200 0" "one keep-alive connection serves GET, HEAD, GET"
done_testing
