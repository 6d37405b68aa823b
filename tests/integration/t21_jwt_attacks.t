#!/bin/bash
# The JWT attack suite: forged, altered, stale and misused tokens are all
# refused with the right code, on the REST API and on the live hub, and a
# token stops working when its user or organization does.
. "$(dirname "$0")/lib.sh"
start_server
setup_admin boss@acme.example Acme
register rep@acme.example "$ORG_ID" sales_representative; REP=$TOKEN REP_ID=$USER_ID
api POST /api/v1/auth/login "{\"email\":\"rep@acme.example\",\"password\":\"$PW\"}"
REFRESH=$(jqb .data.refreshToken)
SECRET=$(cat "$DATA_DIR/jwt-secret")

# forge ALG PAYLOAD_PYTHON_EXPR [KEY]: a token with that header alg and
# payload (a Python dict over `claims`, the rep's real claims), signed with
# KEY (default: the server's secret) unless ALG is not HS256.
forge() {
	python3 - "$REP" "$1" "$2" "${3-$SECRET}" <<'EOF'
import base64, hashlib, hmac, json, sys, time
tok, alg, expr, key = sys.argv[1:5]
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b'=').decode()
unb64 = lambda s: base64.urlsafe_b64decode(s + '=' * (-len(s) % 4))
claims = json.loads(unb64(tok.split('.')[1]))
now = int(time.time())
payload = eval(expr)
head = b64(json.dumps({'alg': alg, 'typ': 'JWT'}).encode()) + '.' + b64(json.dumps(payload).encode())
sig = b64(hmac.new(key.encode(), head.encode(), hashlib.sha256).digest()) if alg == 'HS256' else ''
print(head + '.' + sig)
EOF
}
code() { api GET /api/v1/auth/me "" "$1"; echo "$STATUS $(jqb .error.code)"; }

is "$(code "$REP")" "200 null" "the genuine token works"
is "$(code "$(forge HS256 'claims')")" "200 null" "a token forged with the real secret works (the harness is right)"
for alg in none None NONE nOnE; do
	is "$(code "$(forge "$alg" 'claims')")" "401 TOKEN_INVALID" "alg $alg: refused"
done
is "$(code "$(forge HS384 'claims')")" "401 TOKEN_INVALID" "another algorithm: refused"
tok=$(forge HS256 'claims'); is "$(code "${tok%.*}.")" "401 TOKEN_INVALID" "HS256 with an empty signature: refused"
tok=$(forge HS256 'dict(claims, role="super_admin")')
forged_sig=${REP##*.}
is "$(code "${tok%.*}.$forged_sig")" "401 TOKEN_INVALID" "a tampered payload (role raised) with the old signature: refused"
is "$(code "$(forge HS256 'dict(claims, role="super_admin")' wrong-key-0123456789abcdef0123456789)")" \
	"401 TOKEN_INVALID" "signed with another key: refused"
is "$(code "$(forge HS256 'dict(claims, exp=now - 10)')")" "401 TOKEN_EXPIRED" "expired: refused as expired"
is "$(code "$(forge HS256 'dict(claims, nbf=now + 3600)')")" "401 TOKEN_INVALID" "not yet valid (nbf): refused"
is "$(code "$(forge HS256 'dict(claims, iat=now + 3600)')")" "401 TOKEN_INVALID" "issued in the future: refused"
is "$(code "$(forge HS256 '{k: v for k, v in claims.items() if k != "exp"}')")" "401 TOKEN_INVALID" \
	"without exp: refused"
is "$(code "$(forge HS256 'dict(claims, userId="00000000-0000-4000-8000-000000000000")')")" \
	"401 USER_NOT_FOUND" "a user that does not exist: refused"
is "$(code "$(forge HS256 'dict(claims, type="refresh")')")" "401 TOKEN_INVALID" "a refresh-type token as access: refused"
is "$(code "$REFRESH")" "401 TOKEN_INVALID" "the refresh token itself as access: refused"
api POST /api/v1/auth/refresh "{\"refreshToken\":\"$REP\"}"
is "$STATUS" 401 "the access token as a refresh token: refused"
is "$(code "${REP}x")" "401 TOKEN_INVALID" "a truncated/extended signature: refused"
is "$(code "a.b.c")" "401 TOKEN_INVALID" "garbage: refused"

# The live hub applies the same rules.
PORT=${URL##*:}
out=$("$HELPERS/wsclient" -H "Authorization: Bearer $(forge none 'claims')" -w 500 127.0.0.1 "$PORT" /api/v1/live </dev/null)
like "$out" '"code":"TOKEN_INVALID"' "the live hub refuses an alg:none token"
like "$out" '#closed 1008' "and closes the connection"
out=$(printf '{"event":"authenticate","data":{"token":"%s"}}\n' "$(forge HS256 'dict(claims, exp=now - 10)')" |
	"$HELPERS/wsclient" -w 500 127.0.0.1 "$PORT" /api/v1/live)
like "$out" '"code":"TOKEN_EXPIRED"' "and an expired one sent in an authenticate message"

# Tokens of users and organizations that stop being active.
api PUT "/api/v1/admin/users/$REP_ID/status" '{"status":"suspended"}' "$ADMIN_TOKEN"
is "$(code "$REP")" "401 USER_INACTIVE" "a suspended user's token: refused"
api PUT "/api/v1/admin/users/$REP_ID/status" '{"status":"active"}' "$ADMIN_TOKEN"
api POST /api/v1/auth/login "{\"email\":\"rep@acme.example\",\"password\":\"$PW\"}"; REP=$(jqb .data.accessToken)
is "$(code "$REP")" "200 null" "active again, after a new login"
api DELETE "/api/v1/users/$REP_ID" "" "$ADMIN_TOKEN"
is "$(code "$REP")" "401 USER_INACTIVE" "a deleted (deactivated) user's token: refused"
api POST /api/v1/organizations '{"name":"Branch Co","maxUsers":10}' "$ADMIN_TOKEN"; BR=$(jqb .data.id)
register b.rep@branch.example "$BR" sales_representative; BREP=$TOKEN
is "$(code "$BREP")" "200 null" "a branch user's token works"
api PUT "/api/v1/organizations/$BR" '{"status":"inactive"}' "$ADMIN_TOKEN"
is "$(code "$BREP")" "401 ORGANIZATION_INACTIVE" "an inactive organization's users: refused"
done_testing
