#!/bin/bash
# Rate limits: per client address (draft-6 headers, 429 with Retry-After),
# per account on failed logins, and X-Forwarded-For only when trusted.
. "$(dirname "$0")/lib.sh"
start_server --rate-limit-max 5 --rate-limit-window 60000 --login-rate-limit 3
for i in 1 2 3 4 5; do
	api GET /api/v1/auth/me
	rem=$(header ratelimit-remaining)
done
is "$STATUS" 401 "requests within the limit are served"
is "$(header ratelimit-limit)" 5 "RateLimit-Limit"
is "$rem" 0 "RateLimit-Remaining counts down"
is "$(header ratelimit-policy)" "5;w=60" "RateLimit-Policy"
like "$(header ratelimit-reset)" '^[0-9]+$' "RateLimit-Reset in seconds"
api GET /api/v1/auth/me
is "$STATUS" 429 "the sixth request is refused"
is "$(jqb .error.code)" RATE_LIMITED "RATE_LIMITED"
like "$(header retry-after)" '^[0-9]+$' "with Retry-After"
api GET /health
is "$STATUS" 200 "/health is not limited"

start_server --login-rate-limit 3
setup_admin boss@acme.example Acme
for i in 1 2 3; do
	api POST /api/v1/auth/login '{"email":"boss@acme.example","password":"wrong-password"}'
done
is "$STATUS" 401 "failed logins are answered 401"
api POST /api/v1/auth/login "{\"email\":\"BOSS@acme.example\",\"password\":\"$PW\"}"
is "$STATUS" 429 "after three failures the account is locked for the window, any case"
is "$(jqb .error.code)" TOO_MANY_ATTEMPTS "TOO_MANY_ATTEMPTS"
like "$(header retry-after)" '^[0-9]+$' "with Retry-After"
register rep@acme.example "$ORG_ID" sales_representative
api POST /api/v1/auth/login "{\"email\":\"rep@acme.example\",\"password\":\"$PW\"}"
is "$STATUS" 200 "other accounts are unaffected"

start_server --rate-limit-max 2 --trust-proxy 1
for ip in 203.0.113.1 203.0.113.1 203.0.113.2; do
	code=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Forwarded-For: 198.51.100.9, $ip" "$API/auth/me")
done
is "$code" 401 "behind a trusted proxy each client address has its own budget"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Forwarded-For: 203.0.113.1" "$API/auth/me")
is "$code" 429 "and the proxy's view of the client is what counts"
start_server --rate-limit-max 2
for ip in 203.0.113.1 203.0.113.2 203.0.113.3; do
	code=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Forwarded-For: $ip" "$API/auth/me")
done
is "$code" 429 "without TRUST_PROXY a forged X-Forwarded-For changes nothing"
done_testing
