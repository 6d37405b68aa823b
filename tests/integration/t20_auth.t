#!/bin/bash
# Auth: first-admin setup, register, login, refresh rotation and reuse
# detection, logout, and how tokens are checked.
. "$(dirname "$0")/lib.sh"
start_server

api GET /api/v1/auth/me
is "$STATUS" 401 "no token: 401"
is "$(jqb .error.code)" TOKEN_MISSING "TOKEN_MISSING"

api POST /api/v1/auth/setup-first-admin '{"email":"bad","password":"short"}'
is "$STATUS" 400 "invalid first-admin body: 400"
is "$(jqb '.error.details | length')" 5 "every bad field is listed"
is "$(jqb '[.error.details[].path] | sort | join(",")')" "email,firstName,lastName,organizationName,password" \
	"by name"

setup_admin boss@acme.example Acme
is "$STATUS" 201 "first admin created"
is "$(jqb .data.user.role)" super_admin "as super_admin"
is "$(jqb .data.organization.name)" Acme "with the organization"
is "$(jqb .data.user.password)" null "no password in the answer"
is "$(jqb .data.expiresIn)" 24h "expiresIn as configured"
RT1=$(jqb .data.refreshToken)

api POST /api/v1/auth/setup-first-admin \
	"{\"email\":\"other@x.example\",\"password\":\"$PW\",\"firstName\":\"O\",\"lastName\":\"X\",\"organizationName\":\"Evil\"}"
is "$STATUS" 409 "a second first-admin is refused"
is "$(jqb .error.code)" USERS_EXIST "USERS_EXIST"

api GET /api/v1/auth/me "" "$ADMIN_TOKEN"
is "$STATUS" 200 "me with the access token"
is "$(jqb .data.user.email)" boss@acme.example "me is the admin"
is "$(jqb .data.user.organization.name)" Acme "with the organization"

register rep@acme.example "$ORG_ID" sales_representative
is "$STATUS" 201 "a representative registers"
is "$(jqb .data.user.role)" sales_representative "as a representative"
api POST /api/v1/auth/register \
	"{\"email\":\"REP@acme.example\",\"password\":\"$PW\",\"firstName\":\"F\",\"lastName\":\"L\",\"organizationId\":\"$ORG_ID\"}"
is "$STATUS" 409 "the same email in other case is taken"
is "$(jqb .error.code)" USER_EXISTS "USER_EXISTS"
api POST /api/v1/auth/register \
	"{\"email\":\"x@acme.example\",\"password\":\"$PW\",\"firstName\":\"F\",\"lastName\":\"L\",\"organizationId\":\"$ORG_ID\",\"role\":\"admin\"}"
is "$STATUS" 400 "self-registration cannot create admins"
api POST /api/v1/auth/register \
	"{\"email\":\"x@acme.example\",\"password\":\"$PW\",\"firstName\":\"F\",\"lastName\":\"L\",\"organizationId\":\"00000000-0000-4000-8000-000000000000\"}"
is "$(jqb .error.code)" INVALID_ORGANIZATION "unknown organization refused"

api POST /api/v1/auth/login "{\"email\":\"rep@acme.example\",\"password\":\"wrong-password\"}"
is "$STATUS" 401 "wrong password: 401"
is "$(jqb .error.code)" INVALID_CREDENTIALS "INVALID_CREDENTIALS"
api POST /api/v1/auth/login "{\"email\":\"nobody@acme.example\",\"password\":\"$PW\"}"
is "$(jqb .error.code)" INVALID_CREDENTIALS "unknown account looks the same"
api POST /api/v1/auth/login "{\"email\":\"Rep@Acme.Example\",\"password\":\"$PW\"}"
is "$STATUS" 200 "login works, email case-insensitive"
ACC=$(jqb .data.accessToken)
RT=$(jqb .data.refreshToken)
is "$(jqb .data.user.lastLoginAt | cut -c1-2)" 20 "lastLoginAt recorded"

# The refresh token is opaque and never works as an access token.
api GET /api/v1/auth/me "" "$RT"
is "$STATUS" 401 "refresh token used as access token: 401"
is "$(jqb .error.code)" TOKEN_INVALID "TOKEN_INVALID"
# ... and an access token is no refresh token.
api POST /api/v1/auth/refresh "{\"refreshToken\":\"$ACC\"}"
is "$STATUS" 401 "access token used as refresh token: 401"

# Rotation.
api POST /api/v1/auth/refresh "{\"refreshToken\":\"$RT\"}"
is "$STATUS" 200 "refresh rotates"
RT2=$(jqb .data.refreshToken)
ACC2=$(jqb .data.accessToken)
ok "$([ "$RT2" != "$RT" ] && [ -n "$RT2" ] && echo 0 || echo 1)" "a new refresh token"
api GET /api/v1/auth/me "" "$ACC2"
is "$STATUS" 200 "the new access token works"
# Reuse of the rotated token revokes the whole family.
api POST /api/v1/auth/refresh "{\"refreshToken\":\"$RT\"}"
is "$STATUS" 401 "reusing a rotated token: 401"
is "$(jqb .error.code)" REFRESH_TOKEN_REUSED "REFRESH_TOKEN_REUSED"
api POST /api/v1/auth/refresh "{\"refreshToken\":\"$RT2\"}"
is "$STATUS" 401 "the family, including the newest token, is revoked"
# Other logins are unaffected.
api POST /api/v1/auth/refresh "{\"refreshToken\":\"$RT1\"}"
is "$STATUS" 200 "another login's token still rotates"

# Logout revokes.
api POST /api/v1/auth/login "{\"email\":\"rep@acme.example\",\"password\":\"$PW\"}"
RT3=$(jqb .data.refreshToken)
api POST /api/v1/auth/logout "{\"refreshToken\":\"$RT3\"}"
is "$STATUS" 200 "logout"
api POST /api/v1/auth/refresh "{\"refreshToken\":\"$RT3\"}"
is "$STATUS" 401 "a logged-out token cannot refresh"
api POST /api/v1/auth/logout '{}'
is "$STATUS" 400 "logout without a token is a 400"
api POST /api/v1/auth/login "{\"email\":\"rep@acme.example\",\"password\":\"$PW\"}"
RT4=$(jqb .data.refreshToken)
A4=$(jqb .data.accessToken)
api POST /api/v1/auth/logout '{"all":true}' "$A4"
is "$STATUS" 200 "logout everywhere"
api POST /api/v1/auth/refresh "{\"refreshToken\":\"$RT4\"}"
is "$STATUS" 401 "every token of the account is revoked"

# Header forms.
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Basic $ACC2" "$API/auth/me")
is "$code" 401 "a non-Bearer scheme is refused"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: bearer $ACC2" "$API/auth/me")
is "$code" 200 "the scheme is case-insensitive"
big=$(head -c 6000 /dev/zero | tr '\0' 'a')
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $big" "$API/auth/me")
is "$code" 401 "a 6 KB token gets a clean 401"

# A short-lived token expires with TOKEN_EXPIRED.
start_server --jwt-expires-in 1s
setup_admin quick@acme.example Quick
sleep 2.2
api GET /api/v1/auth/me "" "$ADMIN_TOKEN"
is "$STATUS" 401 "expired access token: 401"
is "$(jqb .error.code)" TOKEN_EXPIRED "TOKEN_EXPIRED"

# A short secret refuses to start.
JWT_SECRET=short salesand --data-dir "$TMP/x" --port 0 >/dev/null 2>"$TMP/err"
is "$?" 2 "a JWT secret under 32 bytes refuses to start"
like "$(cat "$TMP/err")" "at least 32 bytes" "and says why"
ok "$([ "$(stat -c %a "$SRV_DIR/jwt-secret")" = 600 ] && echo 0 || echo 1)" "the generated secret is mode 0600"
done_testing
