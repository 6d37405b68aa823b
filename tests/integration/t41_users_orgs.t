#!/bin/bash
# Users and organizations: reach, field rules, seat limits, branch trees.
. "$(dirname "$0")/lib.sh"
start_server
setup_admin root@acme.example Acme
SUPER=$ADMIN_TOKEN SUPER_ID=$ADMIN_ID ORG_A=$ORG_ID
login() { api POST /api/v1/auth/login "{\"email\":\"$1\",\"password\":\"${2:-$PW}\"}"; jqb .data.accessToken; }
new_user() { # new_user TOKEN EMAIL ROLE [ORG] [MANAGER] -> USER_ID
	local body="{\"email\":\"$2\",\"password\":\"$PW\",\"firstName\":\"F\",\"lastName\":\"L\",\"role\":\"$3\""
	[ -n "${4-}" ] && body+=",\"organizationId\":\"$4\""
	[ -n "${5-}" ] && body+=",\"managerId\":\"$5\""
	api POST /api/v1/users "$body}" "$1"
	USER_ID=$(jqb .data.id)
}

# Organizations by the super admin.
api POST /api/v1/organizations '{"name":"Beta","subscription_plan":"professional","maxUsers":3,"email":"hq@beta.example"}' "$SUPER"
is "$STATUS" 201 "super admin creates an organization (snake_case plan accepted)"
ORG_B=$(jqb .data.id)
is "$(jqb .data.type) $(jqb .data.subscriptionPlan) $(jqb .data.maxUsers) $(jqb .data.currentUsers)" \
	"headquarters professional 3 0" "defaults and given fields"
ok "$([ "$(jqb .data.subscriptionEndDate)" != null ] && echo 0 || echo 1)" "a subscription period is set"
api POST /api/v1/organizations '{"name":""}' "$SUPER"
is "$STATUS" 400 "an empty name is refused"

new_user "$SUPER" admin.a@acme.example admin "$ORG_A"; ADMIN_A_ID=$USER_ID
is "$STATUS" 201 "super admin creates an admin"
ADMIN_A=$(login admin.a@acme.example)
new_user "$SUPER" admin.b@beta.example admin "$ORG_B"; ADMIN_B_ID=$USER_ID
ADMIN_B=$(login admin.b@beta.example)

# Branches by an admin.
api POST /api/v1/organizations '{"name":"Acme North"}' "$ADMIN_A"
is "$STATUS" 201 "an admin creates a branch of their organization"
BRANCH=$(jqb .data.id)
is "$(jqb .data.parentOrganizationId) $(jqb .data.type)" "$ORG_A branch" "parent and type"
api POST /api/v1/organizations "{\"name\":\"Acme Labs\",\"type\":\"subsidiary\",\"parentOrganizationId\":\"$ORG_A\"}" "$ADMIN_A"
SUBSID=$(jqb .data.id)
api POST /api/v1/organizations '{"name":"Sneaky","maxUsers":1000}' "$ADMIN_A"
is "$STATUS" 403 "admins cannot set seat limits"
api POST /api/v1/organizations "{\"name\":\"Inside B\",\"parentOrganizationId\":\"$ORG_B\"}" "$ADMIN_A"
is "$STATUS" 400 "nor hang a branch under another organization"

api GET /api/v1/organizations "" "$ADMIN_A"
is "$(jqb .data.pagination.total)" 3 "admin A lists Acme and its two branches (a correct total)"
api GET /api/v1/organizations "" "$SUPER"
is "$(jqb .data.pagination.total)" 4 "super admin lists all four"
api GET "/api/v1/organizations?type=branch" "" "$SUPER"
is "$(jqb .data.pagination.total)" 1 "type filter"
api GET "/api/v1/organizations/$ORG_A/branches" "" "$ADMIN_A"
is "$(jqb '.data | length')" 2 "branches lists direct children of any type"
api GET "/api/v1/organizations/$ORG_A/branches?type=subsidiary" "" "$ADMIN_A"
is "$(jqb '.data[0].name') $(jqb '.data | length')" "Acme Labs 1" "branches ?type="
for route in "" /branches /stats; do
	api GET "/api/v1/organizations/$ORG_B$route" "" "$ADMIN_A"
	is "$STATUS" 404 "admin A cannot see Beta$route"
done
api PUT "/api/v1/organizations/$ORG_B" '{"name":"Owned"}' "$ADMIN_A"
is "$STATUS" 404 "nor change it"
api DELETE "/api/v1/organizations/$ORG_B" "" "$ADMIN_A"
is "$STATUS" 404 "nor delete it"
api GET "/api/v1/organizations/$ORG_A" "" "$(login root@acme.example)"
is "$STATUS" 200 "get one"
api PUT "/api/v1/organizations/$ORG_A" '{"name":"Acme Inc","website":"https://acme.example","settings":{"allowSelfRegistration":false}}' "$ADMIN_A"
is "$STATUS $(jqb .data.name)" "200 Acme Inc" "an admin renames their organization"
api PUT "/api/v1/organizations/$ORG_A" '{"status":"suspended"}' "$ADMIN_A"
is "$STATUS" 403 "but cannot suspend it"
api PUT "/api/v1/organizations/$ORG_A" '{"maxUsers":5000}' "$ADMIN_A"
is "$STATUS" 403 "nor raise its seat limit"
api PUT "/api/v1/organizations/$ORG_A" "{\"parentOrganizationId\":\"$BRANCH\"}" "$SUPER"
is "$STATUS" 400 "a cycle of branches is refused"
api POST /api/v1/auth/register "{\"email\":\"walkin@acme.example\",\"password\":\"$PW\",\"firstName\":\"W\",\"lastName\":\"I\",\"organizationId\":\"$ORG_A\"}"
is "$STATUS $(jqb .error.code)" "403 REGISTRATION_DISABLED" "settings.allowSelfRegistration=false closes registration"

# Users.
new_user "$ADMIN_A" mgr@acme.example sales_manager; MGR_ID=$USER_ID
MGR=$(login mgr@acme.example)
new_user "$MGR" rep1@acme.example sales_representative; REP1_ID=$USER_ID
is "$STATUS" 201 "a manager creates a representative"
is "$(jqb .data.managerId)" "$MGR_ID" "who reports to them"
REP1=$(login rep1@acme.example)
new_user "$ADMIN_A" rep2@acme.example sales_representative; REP2_ID=$USER_ID
REP2=$(login rep2@acme.example)
new_user "$MGR" boss2@acme.example admin
is "$STATUS" 403 "a manager cannot create admins"
new_user "$ADMIN_A" super2@acme.example super_admin
is "$STATUS" 403 "an admin cannot create super admins"
new_user "$ADMIN_A" rep1@ACME.example sales_representative
is "$STATUS $(jqb .error.code)" "409 USER_EXISTS" "duplicate email (any case)"
new_user "$ADMIN_A" x@beta.example sales_representative "$ORG_B"
is "$STATUS" 400 "an admin cannot create users in another organization"
api POST /api/v1/users '{"email":"bad","password":"short"}' "$ADMIN_A"
is "$STATUS $(jqb '.error.details | length')" "400 4" "every bad field of a new user"

names() { jqb '[.data.users[].email] | sort | join(",")'; }
api GET /api/v1/users "" "$MGR"
is "$(names)" "mgr@acme.example,rep1@acme.example" "a manager lists their team"
api GET /api/v1/users "" "$ADMIN_B"
is "$(names)" "admin.b@beta.example" "admin B lists only Beta"
api GET "/api/v1/users?role=sales_representative" "" "$ADMIN_A"
is "$(names)" "rep1@acme.example,rep2@acme.example" "role filter"
api GET "/api/v1/users?limit=2" "" "$ADMIN_A"
is "$(jqb '.data.users | length') $(jqb .data.pagination.total)" "2 5" "pagination"
api GET /api/v1/users "" "$REP1"
is "$STATUS" 403 "representatives cannot list users"
api GET "/api/v1/users/$REP1_ID" "" "$REP1"
is "$STATUS" 200 "a rep reads themselves"
ok "$(jqb '.data | has("passwordHash") or has("password") or has("emailKey") or has("deviceToken")' | grep -q false; echo $?)" \
	"no secrets in user objects"
api GET "/api/v1/users/$REP2_ID" "" "$REP1"
is "$STATUS" 404 "but nobody else"
api GET "/api/v1/users/$REP2_ID" "" "$MGR"
is "$STATUS" 404 "a manager cannot see someone outside the team"
api GET "/api/v1/users/$REP1_ID" "" "$ADMIN_B"
is "$STATUS" 404 "an admin cannot see another organization's users"
api GET /api/v1/users/nope "" "$ADMIN_A"
is "$STATUS" 404 "a malformed id is 404"

# Own profile, never own role/status/organization.
api PUT "/api/v1/users/$REP1_ID" '{"firstName":"Rita","phone":"+1 555 0101","preferences":{"theme":"dark"}}' "$REP1"
is "$STATUS $(jqb .data.firstName) $(jqb .data.preferences.theme)" "200 Rita dark" "a rep edits their profile"
for f in '"role":"sales_manager"' "\"organizationId\":\"$ORG_B\"" '"status":"active"' "\"managerId\":\"$REP2_ID\""; do
	api PUT "/api/v1/users/$REP1_ID" "{$f}" "$REP1"
	is "$STATUS $(jqb .error.code)" "403 FORBIDDEN_FIELDS" "a rep cannot change their own ${f%%:*}"
done
api PUT "/api/v1/users/$REP1_ID" '{"password":"a-new-password"}' "$REP1"
is "$STATUS $(jqb .error.code)" "401 INVALID_CURRENT_PASSWORD" "a new password needs the current one"
api POST /api/v1/auth/login "{\"email\":\"rep1@acme.example\",\"password\":\"$PW\"}"; RT=$(jqb .data.refreshToken)
api PUT "/api/v1/users/$REP1_ID" "{\"password\":\"a-new-password\",\"currentPassword\":\"$PW\"}" "$REP1"
is "$STATUS" 200 "with it, the password changes"
api POST /api/v1/auth/refresh "{\"refreshToken\":\"$RT\"}"
is "$STATUS" 401 "and every refresh token is revoked"
is "$(login rep1@acme.example a-new-password | cut -c1-3)" eyJ "the new password works"

# Managers on their reports; admins on everyone in reach.
api PUT "/api/v1/users/$REP1_ID" '{"role":"sales_manager"}' "$MGR"
is "$STATUS" 403 "a manager cannot promote a report"
api PUT "/api/v1/users/$REP2_ID" '{"status":"suspended"}' "$MGR"
is "$STATUS" 404 "nor touch someone outside the team"
api PUT "/api/v1/users/$REP1_ID" '{"status":"suspended"}' "$MGR"
is "$STATUS $(jqb .data.status)" "200 suspended" "a manager suspends a report"
api GET /api/v1/auth/me "" "$REP1"
is "$(jqb .error.code)" USER_INACTIVE "the suspended user is locked out at once"
api PUT "/api/v1/users/$REP1_ID" '{"status":"active"}' "$MGR"
api PUT "/api/v1/users/$REP2_ID" "{\"role\":\"sales_manager\",\"managerId\":\"$MGR_ID\",\"email\":\"rep2.new@acme.example\"}" "$ADMIN_A"
is "$STATUS $(jqb .data.role) $(jqb .data.email)" "200 sales_manager rep2.new@acme.example" "an admin changes role, manager and email"
api PUT "/api/v1/users/$MGR_ID" "{\"managerId\":\"$REP2_ID\"}" "$ADMIN_A"
is "$STATUS" 400 "a manager cycle is refused"
api PUT "/api/v1/users/$REP2_ID" '{"email":"mgr@acme.example"}' "$ADMIN_A"
is "$STATUS" 409 "an email taken by another user"
api PUT "/api/v1/users/$SUPER_ID" '{"status":"suspended"}' "$ADMIN_A"
is "$STATUS" 403 "an admin cannot touch the super admin"
api PUT "/api/v1/users/$REP2_ID" '{"role":"super_admin"}' "$ADMIN_A"
is "$STATUS" 403 "nor grant super admin"

# Deleting is deactivating.
api DELETE "/api/v1/users/$ADMIN_A_ID" "" "$ADMIN_A"
is "$STATUS" 409 "nobody deletes themselves"
api DELETE "/api/v1/users/$REP1_ID" "" "$MGR"
is "$STATUS" 200 "a manager deletes a report"
api GET "/api/v1/users/$REP1_ID" "" "$ADMIN_A"
is "$(jqb .data.status)" inactive "who is now inactive"
api DELETE "/api/v1/users/$REP1_ID" "" "$REP2"
is "$STATUS" 404 "a manager cannot delete outside the team"

# Seats.
new_user "$ADMIN_B" b1@beta.example sales_representative
new_user "$ADMIN_B" b2@beta.example sales_representative
is "$STATUS" 201 "the third seat of Beta is taken"
new_user "$ADMIN_B" b3@beta.example sales_representative
is "$STATUS $(jqb .error.code)" "403 USER_LIMIT_REACHED" "the fourth is refused"
api POST /api/v1/auth/register "{\"email\":\"b4@beta.example\",\"password\":\"$PW\",\"firstName\":\"W\",\"lastName\":\"I\",\"organizationId\":\"$ORG_B\"}"
is "$STATUS $(jqb .error.code)" "403 USER_LIMIT_REACHED" "so is self-registration"
api GET "/api/v1/organizations/$ORG_B/stats" "" "$ADMIN_B"
is "$(jqb '.data | "\(.totalUsers) \(.activeUsers) \(.salesRepresentatives) \(.managers) \(.subscriptionPlan) \(.maxUsers) \(.currentUsers) \(.subscriptionActive)"')" \
	"3 3 2 0 professional 3 3 true" "stats count users, seats and the plan"
api PUT "/api/v1/organizations/$ORG_B" '{"maxUsers":10}' "$SUPER"
is "$STATUS $(jqb .data.maxUsers)" "200 10" "the super admin raises the limit"
new_user "$ADMIN_B" b3@beta.example sales_representative
is "$STATUS" 201 "and the seat is available"

# Deactivating a branch locks its users out.
new_user "$ADMIN_A" north@acme.example sales_representative "$BRANCH"
NORTH=$(login north@acme.example)
api DELETE "/api/v1/organizations/$BRANCH" "" "$ADMIN_A"
is "$STATUS" 200 "an admin deactivates a branch"
api GET /api/v1/auth/me "" "$NORTH"
is "$(jqb .error.code)" ORGANIZATION_INACTIVE "its users are locked out"
api DELETE "/api/v1/organizations/$ORG_A" "" "$ADMIN_A"
is "$STATUS" 403 "an admin cannot delete their own organization"
done_testing
