#!/bin/bash
# Tenancy and roles for sales calls: reps see their own calls, managers
# their team's, admins their organization's (branches included), super
# admins all; everything else is invisible (404) and unchanged.
. "$(dirname "$0")/lib.sh"
start_server
setup_admin root@acme.example Acme
SUPER=$ADMIN_TOKEN
ORG_A=$ORG_ID

api POST /api/v1/organizations '{"name":"Beta","maxUsers":50}' "$SUPER"; ORG_B=$(jqb .data.id)
api POST /api/v1/organizations "{\"name\":\"Acme North\",\"parentOrganizationId\":\"$ORG_A\"}" "$SUPER"
BRANCH=$(jqb .data.id)

register mgr.a@acme.example "$ORG_A" sales_manager; MGR_A=$TOKEN MGR_A_ID=$USER_ID
register rep.a1@acme.example "$ORG_A" sales_representative "$MGR_A_ID"; REP_A1=$TOKEN REP_A1_ID=$USER_ID
register rep.a2@acme.example "$ORG_A" sales_representative; REP_A2=$TOKEN REP_A2_ID=$USER_ID
register rep.n@acme.example "$BRANCH" sales_representative; REP_N=$TOKEN REP_N_ID=$USER_ID
register rep.b1@beta.example "$ORG_B" sales_representative; REP_B1=$TOKEN REP_B1_ID=$USER_ID
for who in admin.a@acme.example:$ORG_A admin.b@beta.example:$ORG_B; do
	api POST /api/v1/users "{\"email\":\"${who%%:*}\",\"password\":\"$PW\",\"firstName\":\"A\",\"lastName\":\"D\",\"role\":\"admin\",\"organizationId\":\"${who#*:}\"}" "$SUPER"
done
api POST /api/v1/auth/login "{\"email\":\"admin.a@acme.example\",\"password\":\"$PW\"}"; ADMIN_A=$(jqb .data.accessToken)
api POST /api/v1/auth/login "{\"email\":\"admin.b@beta.example\",\"password\":\"$PW\"}"; ADMIN_B=$(jqb .data.accessToken) ADMIN_B_ID=$(jqb .data.user.id)

mk() { api POST /api/v1/sales-calls "{\"customerName\":\"$1\",\"appointmentDate\":\"2024-05-0$2T10:00:00Z\"}" "$3"; jqb .data.id; }
C_A1=$(mk "A1 customer" 1 "$REP_A1")
C_A2=$(mk "A2 customer" 2 "$REP_A2")
C_N=$(mk "North customer" 3 "$REP_N")
C_B1=$(mk "B1 customer" 4 "$REP_B1")

total() { api GET /api/v1/sales-calls "" "$1"; jqb .data.pagination.total; }
names() { api GET /api/v1/sales-calls "" "$1"; jqb '[.data.salesCalls[].customerName] | sort | join(",")'; }
is "$(names "$REP_A1")" "A1 customer" "rep A1 lists only their own call"
is "$(names "$REP_B1")" "B1 customer" "rep B1 lists only their own call"
is "$(names "$MGR_A")" "A1 customer" "manager A lists their team's calls"
is "$(names "$ADMIN_A")" "A1 customer,A2 customer,North customer" "admin A lists Acme and its branch"
is "$(names "$ADMIN_B")" "B1 customer" "admin B lists Beta only"
is "$(total "$SUPER")" 4 "the super admin lists everything"
api GET "/api/v1/sales-calls?salesRepresentativeId=$REP_B1_ID" "" "$ADMIN_A"
is "$(jqb .data.pagination.total)" 0 "filtering by another tenant's rep reveals nothing"

# Every single-call route, for every caller who must not reach the call.
check_hidden() { # check_hidden CALL TOKEN WHO
	local call=$1 tok=$2 who=$3
	api GET "/api/v1/sales-calls/$call" "" "$tok"; is "$STATUS" 404 "$who: GET is 404"
	api PUT "/api/v1/sales-calls/$call" '{"customerName":"HACKED","notes":"x"}' "$tok"; is "$STATUS" 404 "$who: PUT is 404"
	api POST "/api/v1/sales-calls/$call/start" "" "$tok"; is "$STATUS" 404 "$who: start is 404"
	api POST "/api/v1/sales-calls/$call/complete" '{"outcome":"sale"}' "$tok"; is "$STATUS" 404 "$who: complete is 404"
}
check_hidden "$C_A1" "$REP_B1" "rep of another organization"
check_hidden "$C_A1" "$REP_A2" "another rep of the same organization"
check_hidden "$C_A2" "$MGR_A" "a manager outside the rep's team"
check_hidden "$C_B1" "$ADMIN_A" "an admin of another organization"
check_hidden "$C_A1" "$ADMIN_B" "an admin of another organization (2)"
api DELETE "/api/v1/sales-calls/$C_A2" "" "$MGR_A"; is "$STATUS" 404 "a manager cannot delete outside the team"
api DELETE "/api/v1/sales-calls/$C_A1" "" "$ADMIN_B"; is "$STATUS" 404 "an admin cannot delete in another organization"
api DELETE "/api/v1/sales-calls/$C_A1" "" "$REP_A1"; is "$STATUS" 403 "a rep cannot delete at all"

# Nothing leaked or changed.
api GET "/api/v1/sales-calls/$C_A1" "" "$SUPER"
is "$(jqb .data.customerName) $(jqb .data.status) $(jqb .data.notes)" "A1 customer scheduled null" \
	"call A1 is untouched"
api GET "/api/v1/sales-calls/$C_B1" "" "$SUPER"
is "$(jqb .data.customerName) $(jqb .data.status)" "B1 customer scheduled" "call B1 is untouched"

# Assigning calls: only to people within reach.
api POST /api/v1/sales-calls "{\"customerName\":\"X\",\"appointmentDate\":\"2024-05-09\",\"salesRepresentativeId\":\"$REP_A2_ID\"}" "$REP_A1"
is "$STATUS" 400 "a rep cannot create a call for another rep"
api POST /api/v1/sales-calls "{\"customerName\":\"X\",\"appointmentDate\":\"2024-05-09\",\"salesRepresentativeId\":\"$REP_B1_ID\"}" "$ADMIN_A"
is "$STATUS" 400 "an admin cannot assign a call to another organization's rep"
api PUT "/api/v1/sales-calls/$C_A1" "{\"salesRepresentativeId\":\"$REP_B1_ID\"}" "$REP_A1"
is "$STATUS" 400 "a rep cannot hand a call to another organization"
api POST /api/v1/sales-calls "{\"customerName\":\"Team\",\"appointmentDate\":\"2024-05-09\",\"salesRepresentativeId\":\"$REP_A1_ID\"}" "$MGR_A"
is "$STATUS" 201 "a manager creates a call for their report"
is "$(jqb .data.salesRepresentativeId)" "$REP_A1_ID" "assigned to the report"
api POST /api/v1/sales-calls "{\"customerName\":\"Branch\",\"appointmentDate\":\"2024-05-09\",\"salesRepresentativeId\":\"$REP_N_ID\"}" "$ADMIN_A"
is "$STATUS" 201 "an admin creates a call in a branch"
is "$(jqb .data.organizationId)" "$BRANCH" "the call belongs to the branch"
api POST /api/v1/sales-calls "{\"customerName\":\"X\",\"appointmentDate\":\"2024-05-09\",\"managerId\":\"$ADMIN_B_ID\"}" "$REP_A1"
is "$STATUS" 400 "a manager from another organization cannot be attached"

# Deactivation and inactive organizations take effect at once.
api PUT "/api/v1/users/$REP_A2_ID" '{"status":"suspended"}' "$SUPER"
api GET /api/v1/sales-calls "" "$REP_A2"
is "$(jqb .error.code)" USER_INACTIVE "a suspended user's token stops working"
api DELETE "/api/v1/organizations/$ORG_B" "" "$SUPER"
api GET /api/v1/sales-calls "" "$REP_B1"
is "$(jqb .error.code)" ORGANIZATION_INACTIVE "an inactive organization locks its users out"
api POST /api/v1/auth/login "{\"email\":\"rep.b1@beta.example\",\"password\":\"$PW\"}"
is "$STATUS" 401 "and they cannot log in"
done_testing
