#!/bin/bash
# Sales calls through the API with curl: the life cycle, filters,
# validation and the state machine.
. "$(dirname "$0")/lib.sh"
start_server
setup_admin boss@acme.example Acme
register manager@acme.example "$ORG_ID" sales_manager
MGR_TOKEN=$TOKEN MGR_ID=$USER_ID
register rep@acme.example "$ORG_ID" sales_representative "$MGR_ID"
REP_TOKEN=$TOKEN REP_ID=$USER_ID

api POST /api/v1/sales-calls '{"customer_name":"Bob Buyer","appointment_date":"2024-01-15T10:00:00Z","customer_email":"bob@buyer.example","customer_phone":"+1 555 0100","notes":"first touch"}' "$REP_TOKEN"
is "$STATUS" 201 "a rep creates a call (snake_case body)"
C1=$(jqb .data.id)
is "$(jqb .data.customerName)" "Bob Buyer" "camelCase in the answer"
is "$(jqb .data.salesRepresentativeId)" "$REP_ID" "the rep defaults to the caller"
is "$(jqb .data.managerId)" "$MGR_ID" "the manager defaults to the rep's"
is "$(jqb .data.organizationId)" "$ORG_ID" "the organization is the rep's"
is "$(jqb .data.status)" scheduled "status scheduled"
is "$(jqb .data.appointmentDate)" "2024-01-15T10:00:00.000Z" "ISO date with milliseconds"
is "$(jqb .data.salesRepresentative.email)" rep@acme.example "the rep is embedded"
ok "$(jqb '.data | has("createdAt") and has("updatedAt")' | grep -q true; echo $?)" "timestamps present"

api POST /api/v1/sales-calls '{"customerName":"Carla","appointmentDate":"2024-02-01T09:00:00Z","tags":["vip","q1"]}' "$REP_TOKEN"
C2=$(jqb .data.id)
is "$(jqb '.data.tags | join(",")')" "vip,q1" "tags stored"
api POST /api/v1/sales-calls '{"customerName":"Dora","appointmentDate":"2024-03-01T09:00:00Z"}' "$MGR_TOKEN"
C3=$(jqb .data.id)

api POST /api/v1/sales-calls '{"customerName":"","appointmentDate":"yesterday","customerEmail":"nope","salesRepresentativeId":"x"}' "$REP_TOKEN"
is "$STATUS" 400 "invalid call: 400"
is "$(jqb '.error.details | length')" 4 "four problems listed"
is "$(jqb .error.code)" VALIDATION_ERROR "VALIDATION_ERROR"

api GET "/api/v1/sales-calls/$C1" "" "$REP_TOKEN"
is "$STATUS" 200 "get one"
is "$(jqb .data.notes)" "first touch" "notes kept"
api GET /api/v1/sales-calls/not-a-uuid "" "$REP_TOKEN"
is "$STATUS" 404 "malformed id: 404, not 500"
is "$(jqb .error.code)" SALES_CALL_NOT_FOUND "SALES_CALL_NOT_FOUND"
api GET /api/v1/sales-calls/00000000-0000-4000-8000-000000000000 "" "$REP_TOKEN"
is "$STATUS" 404 "unknown id: 404"

api GET "/api/v1/sales-calls?page=1&limit=10" "" "$ADMIN_TOKEN"
is "$(jqb .data.pagination.total)" 3 "admin sees all three"
is "$(jqb '.data.salesCalls[0].customerName')" Dora "newest appointment first"
is "$(jqb '.data.pagination | "\(.page) \(.limit) \(.pages)"')" "1 10 1" "pagination block"
api GET "/api/v1/sales-calls?limit=2&page=2" "" "$ADMIN_TOKEN"
is "$(jqb '.data.salesCalls | length') $(jqb .data.pagination.pages)" "1 2" "second page of two"
api GET "/api/v1/sales-calls?startDate=2024-02-01" "" "$ADMIN_TOKEN"
is "$(jqb .data.pagination.total)" 2 "startDate alone"
api GET "/api/v1/sales-calls?endDate=2024-02-01" "" "$ADMIN_TOKEN"
is "$(jqb .data.pagination.total)" 2 "endDate alone includes that whole day"
api GET "/api/v1/sales-calls?salesRepresentativeId=$REP_ID" "" "$ADMIN_TOKEN"
is "$(jqb .data.pagination.total)" 2 "filter by rep"
for q in "limit=101" "limit=0" "page=0" "page=-1" "limit=abc" "status=lost" "startDate=soon" \
	"startDate=2024-03-01&endDate=2024-01-01" "salesRepresentativeId=nope"; do
	api GET "/api/v1/sales-calls?$q" "" "$ADMIN_TOKEN"
	is "$STATUS" 400 "bad query $q: 400"
done

# Updates: only known fields are written.
api PUT "/api/v1/sales-calls/$C1" "{\"customerName\":\"Bob B. Buyer\",\"organizationId\":\"00000000-0000-4000-8000-000000000000\",\"performanceScore\":0.99,\"id\":\"x\"}" "$REP_TOKEN"
is "$STATUS" 200 "update"
is "$(jqb .data.customerName)" "Bob B. Buyer" "name changed"
is "$(jqb .data.organizationId)" "$ORG_ID" "organization not writable"
is "$(jqb .data.performanceScore)" null "score not writable"
is "$(jqb .data.id)" "$C1" "id not writable"
api PUT "/api/v1/sales-calls/$C1" '{"notes":null}' "$REP_TOKEN"
is "$(jqb .data.notes)" null "a nullable field clears"
api PUT "/api/v1/sales-calls/$C1" '{"customerName":null}' "$REP_TOKEN"
is "$STATUS" 400 "a required field cannot be cleared"

# Life cycle.
api POST "/api/v1/sales-calls/$C1/complete" '{}' "$REP_TOKEN"
is "$STATUS" 400 "complete needs an outcome"
api POST "/api/v1/sales-calls/$C1/start" "" "$REP_TOKEN"
is "$STATUS" 200 "start"
is "$(jqb .data.status)" in_progress "in progress"
ok "$([ "$(jqb .data.callStartTime)" != null ] && echo 0 || echo 1)" "start time set"
api POST "/api/v1/sales-calls/$C1/start" "" "$REP_TOKEN"
is "$STATUS" 409 "starting twice: 409"
sleep 1.1
api POST "/api/v1/sales-calls/$C1/complete" '{"outcome":"sale","sale_amount":1500.5,"notes":"signed"}' "$REP_TOKEN"
is "$STATUS" 200 "complete"
is "$(jqb .data.status)" completed "completed"
is "$(jqb .data.outcome)" sale "outcome"
is "$(jqb .data.saleAmount)" 1500.5 "saleAmount is a number"
is "$(jqb .data.notes)" signed "notes"
ok "$([ "$(jqb .data.duration)" -ge 1 ] && echo 0 || echo 1)" "duration computed ($(jqb .data.duration) s)"
api POST "/api/v1/sales-calls/$C1/start" "" "$REP_TOKEN"
is "$STATUS" 409 "a completed call cannot start again"
is "$(jqb .error.code)" SALES_CALL_COMPLETED "SALES_CALL_COMPLETED"
api POST "/api/v1/sales-calls/$C1/complete" '{"outcome":"no_sale"}' "$REP_TOKEN"
is "$STATUS" 409 "nor complete again"
api PUT "/api/v1/sales-calls/$C1" '{"status":"scheduled"}' "$REP_TOKEN"
is "$STATUS" 409 "nor be rescheduled by PUT"
api PUT "/api/v1/sales-calls/$C2" '{"status":"cancelled"}' "$REP_TOKEN"
is "$(jqb .data.status)" cancelled "scheduled -> cancelled by PUT"
api PUT "/api/v1/sales-calls/$C2" '{"status":"scheduled"}' "$REP_TOKEN"
is "$(jqb .data.status)" scheduled "cancelled -> scheduled"
api PUT "/api/v1/sales-calls/$C2" '{"status":"completed"}' "$REP_TOKEN"
is "$STATUS" 400 "completing by PUT needs an outcome"
api GET "/api/v1/sales-calls?status=completed&outcome=sale" "" "$ADMIN_TOKEN"
is "$(jqb .data.pagination.total)" 1 "status and outcome filters"

# Deletion: managers and above.
api DELETE "/api/v1/sales-calls/$C2" "" "$REP_TOKEN"
is "$STATUS" 403 "a rep cannot delete"
api DELETE "/api/v1/sales-calls/$C2" "" "$MGR_TOKEN"
is "$STATUS" 200 "the rep's manager can"
api GET "/api/v1/sales-calls/$C2" "" "$ADMIN_TOKEN"
is "$STATUS" 404 "gone"
api DELETE "/api/v1/sales-calls/$C2" "" "$MGR_TOKEN"
is "$STATUS" 404 "deleting again: 404"
done_testing
