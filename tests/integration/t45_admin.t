#!/bin/bash
# Admin routes: authenticated, admins kept inside their organization.
. "$(dirname "$0")/lib.sh"
start_server
setup_admin root@acme.example Acme
SUPER=$ADMIN_TOKEN ORG_A=$ORG_ID
api POST /api/v1/organizations '{"name":"Beta","subscriptionPlan":"professional"}' "$SUPER"; ORG_B=$(jqb .data.id)
mkuser() { # mkuser EMAIL ROLE ORG
	api POST /api/v1/users "{\"email\":\"$1\",\"password\":\"$PW\",\"firstName\":\"F\",\"lastName\":\"L\",\"role\":\"$2\",\"organizationId\":\"$3\"}" "$SUPER"
	USER_ID=$(jqb .data.id)
	api POST /api/v1/auth/login "{\"email\":\"$1\",\"password\":\"$PW\"}"
	TOKEN=$(jqb .data.accessToken)
}
mkuser admin@acme.example admin "$ORG_A"; ADMIN=$TOKEN ADMIN_ID=$USER_ID
mkuser rep1@acme.example sales_representative "$ORG_A"; REP1=$TOKEN REP1_ID=$USER_ID
mkuser rep2@acme.example sales_representative "$ORG_A"; REP2_ID=$USER_ID
mkuser b@beta.example sales_representative "$ORG_B"; B=$TOKEN B_ID=$USER_ID
for d in 01 02 03; do
	api POST /api/v1/sales-calls "{\"customerName\":\"A$d\",\"appointmentDate\":\"2024-05-${d}T10:00:00Z\"}" "$REP1"
done
api POST "/api/v1/sales-calls/$(jqb .data.id)/complete" '{"outcome":"sale","saleAmount":500}' "$REP1"
api POST /api/v1/sales-calls '{"customerName":"B1","appointmentDate":"2024-05-04T10:00:00Z"}' "$B"

code=$(curl -s -o /dev/null -w '%{http_code}' "$API/admin/dashboard")
is "$code" 401 "the admin routes need a token (the original's were unreachable)"
api GET /api/v1/admin/dashboard "" "$REP1"
is "$STATUS" 403 "and an admin role"
api GET /api/v1/admin/dashboard "" "$ADMIN"
is "$(jqb '.data.stats | "\(.totalUsers) \(.activeUsers) \(.totalSalesCalls) \(.completedSalesCalls)"')" "4 4 3 1" \
	"the dashboard counts Acme only"
is "$(jqb '.data.recentActivity | length') $(jqb '.data.recentActivity[0].customerName')" "3 A03" "recent activity, newest first"
api GET /api/v1/admin/dashboard "" "$SUPER"
is "$(jqb .data.stats.totalSalesCalls)" 4 "the super admin's covers everything"

api GET /api/v1/admin/system-stats "" "$ADMIN"
is "$STATUS" 403 "system stats are for super admins"
api GET /api/v1/admin/system-stats "" "$SUPER"
is "$(jqb '.data | "\(.organizations.total) \(.users.total) \(.salesCalls.total) \(.salesCalls.completed)"')" "2 5 4 1" \
	"system stats"
is "$(jqb '[.data.subscriptions[] | "\(.subscriptionPlan)=\(.count)"] | join(",")')" "enterprise=1,professional=1" \
	"subscriptions by plan"

api GET /api/v1/admin/users "" "$ADMIN"
is "$(jqb .data.pagination.total) $(jqb .data.pagination.limit) $(jqb '.data.users[0].organization.name')" "4 20 Acme" \
	"users with their organization, 20 a page"
api GET "/api/v1/admin/users?organizationId=$ORG_B" "" "$ADMIN"
is "$(jqb .data.pagination.total)" 0 "an admin cannot list another organization"
api GET "/api/v1/admin/users?organizationId=$ORG_B" "" "$SUPER"
is "$(jqb .data.pagination.total)" 1 "a super admin can"

api PUT "/api/v1/admin/users/$REP1_ID/status" '{"status":"suspended"}' "$ADMIN"
is "$STATUS $(jqb .data.status)" "200 suspended" "an admin suspends a user"
api GET /api/v1/auth/me "" "$REP1"
is "$(jqb .error.code)" USER_INACTIVE "who is locked out"
api PUT "/api/v1/admin/users/$B_ID/status" '{"status":"suspended"}' "$ADMIN"
is "$STATUS" 404 "not in another organization"
api PUT "/api/v1/admin/users/$ADMIN_ID/status" '{"status":"suspended"}' "$ADMIN"
is "$STATUS" 409 "not themselves"
api PUT "/api/v1/admin/users/$REP1_ID/status" '{"status":"gone"}' "$ADMIN"
is "$STATUS" 400 "an unknown status is 400"

api GET /api/v1/admin/analytics "" "$SUPER"
is "$(jqb '.data.overview | "\(.totalCalls) \(.completedCalls) \(.successfulSales) \(.totalRevenue) \(.conversionRate)"')" \
	"4 1 1 500 100" "admin analytics overview"
is "$(jqb '[.data.organizationBreakdown[] | "\(.organizationName)=\(.totalCalls)"] | sort | join(",")')" "Acme=3,Beta=1" \
	"with a per-organization breakdown"
api GET /api/v1/admin/analytics "" "$ADMIN"
is "$(jqb '.data.organizationBreakdown | length') $(jqb '.data.recentCalls | length')" "1 3" "an admin's stays in Acme"

api POST /api/v1/admin/bulk-actions "{\"action\":\"activate\",\"userIds\":[\"$REP1_ID\",\"$B_ID\",\"$ADMIN_ID\"]}" "$ADMIN"
is "$(jqb '.data | "\(.status) \(.affectedUsers) \(.updatedCount)"')" "active 3 1" "bulk: one of three in reach"
is "$(jqb '[.data.skipped[].reason] | sort | join(",")')" "CANNOT_CHANGE_SELF,USER_NOT_FOUND" "the others are explained"
api POST /api/v1/admin/bulk-actions '{"action":"explode","userIds":[]}' "$ADMIN"
is "$STATUS $(jqb '.error.details | length')" "400 2" "bad action and ids"
api POST /api/v1/admin/bulk-actions "{\"action\":\"deactivate\",\"userIds\":[\"$REP2_ID\"]}" "$ADMIN"
api GET "/api/v1/users/$REP2_ID" "" "$ADMIN"
is "$(jqb .data.status)" inactive "deactivate"
done_testing
