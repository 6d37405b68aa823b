#!/bin/bash
# Sales scripts: structure validation, defaults, one default per
# organization, who reads and who writes.
. "$(dirname "$0")/lib.sh"
start_server
setup_admin boss@acme.example Acme
ADMIN=$ADMIN_TOKEN
register mgr@acme.example "$ORG_ID" sales_manager; MGR=$TOKEN
register rep@acme.example "$ORG_ID" sales_representative; REP=$TOKEN
api POST /api/v1/organizations '{"name":"Beta"}' "$ADMIN"; ORG_B=$(jqb .data.id)
register other@beta.example "$ORG_B" sales_manager; OTHER=$TOKEN

SCRIPT='{"name":"Discovery call","category":"discovery","content":"Greet, qualify, close.",
 "stages":[{"id":"greeting","name":"Greeting","phrases":["Hi, this is Sam from Acme"],"keywords":["acme"],"withinMs":60000},
           {"name":"Budget question","phrases":["what budget do you have in mind"],"required":false,"weight":2}],
 "objections":[{"type":"price","triggers":["too expensive"],"responses":["let us look at the return"]}],
 "forbidden":["guaranteed results"],"isDefault":true}'
api POST /api/v1/sales-scripts "$SCRIPT" "$MGR"
is "$STATUS" 201 "a manager creates a script"
S1=$(jqb .data.id)
is "$(jqb '.data.stages[1].id')" budget-question "a stage id is derived from its name"
is "$(jqb '.data.stages[0] | "\(.required) \(.weight) \(.withinMs)"')" "true 1 60000" "defaults filled in"
is "$(jqb '.data.stages[1] | "\(.required) \(.weight) \(.withinMs)"')" "false 2 null" "given values kept"
is "$(jqb '.data.objections[0].type') $(jqb '.data.forbidden[0]')" "price guaranteed results" "objections and forbidden"
is "$(jqb '.data.isDefault') $(jqb '.data.isActive') $(jqb .data.version)" "true true 1.0" "flags and version"
is "$(jqb .data.organizationId)" "$ORG_ID" "in the manager's organization"

api POST /api/v1/sales-scripts '{"name":"Legacy","keyPhrases":["thank you for your time"],"requiredTopics":["pricing"]}' "$MGR"
is "$STATUS $(jqb '.data.stages | length')" "201 2" "the original's keyPhrases/requiredTopics become stages"
is "$(jqb '.data.stages[1].keywords[0]')" pricing "topics become keyword stages"

api POST /api/v1/sales-scripts '{"name":"Bad","stages":[{"id":"a b","name":""},{"name":"x","weight":-1,"phrases":[]},{"name":"y"}],
 "objections":[{"type":"price"}],"forbidden":[1]}' "$MGR"
is "$STATUS" 400 "an invalid structure is refused"
is "$(jqb '[.error.details[].path] | sort | join(" ")')" \
	"forbidden[0] objections[0].responses objections[0].triggers stages[0] stages[0].id stages[0].name stages[1] stages[1].weight stages[2]" \
	"with every problem by path"
api POST /api/v1/sales-scripts '{"name":"Dup","stages":[{"id":"a","name":"A","keywords":["x"]},{"id":"a","name":"B","keywords":["y"]}]}' "$MGR"
is "$STATUS" 400 "duplicate stage ids are refused"
long=$(printf '"p%d",' $(seq 101))
api POST /api/v1/sales-scripts "{\"name\":\"Big\",\"stages\":[{\"name\":\"A\",\"phrases\":[${long%,}]}]}" "$MGR"
is "$STATUS" 400 "more than 100 phrases are refused"

api POST /api/v1/sales-scripts '{"name":"Demo call","isDefault":true,"stages":[{"name":"Demo","keywords":["demo"]}]}' "$MGR"
S2=$(jqb .data.id)
api GET "/api/v1/sales-scripts/$S1" "" "$REP"
is "$STATUS $(jqb .data.isDefault)" "200 false" "a rep reads scripts; the new default replaced the old"
api GET /api/v1/sales-scripts "" "$REP"
is "$(jqb .data.pagination.total) $(jqb '.data.salesScripts[0].id')" "3 $S2" "the list puts the default first"
api GET "/api/v1/sales-scripts?category=discovery" "" "$REP"
is "$(jqb .data.pagination.total)" 1 "category filter"
api PUT "/api/v1/sales-scripts/$S1" '{"isActive":false,"version":"1.1"}' "$MGR"
is "$STATUS $(jqb .data.isActive) $(jqb .data.version)" "200 false 1.1" "update"
api GET "/api/v1/sales-scripts?isActive=true" "" "$REP"
is "$(jqb .data.pagination.total)" 2 "isActive filter"
api PUT "/api/v1/sales-scripts/$S1" '{"stages":[{"name":"Only","keywords":["k"]}]}' "$MGR"
is "$(jqb '.data.stages | length')" 1 "stages replaced on update"

api POST /api/v1/sales-scripts '{"name":"Mine"}' "$REP"
is "$STATUS" 403 "representatives do not write scripts"
api GET "/api/v1/sales-scripts/$S1" "" "$OTHER"
is "$STATUS" 404 "another organization cannot read them"
api PUT "/api/v1/sales-scripts/$S1" '{"name":"x"}' "$OTHER"
is "$STATUS" 404 "nor change them"
api DELETE "/api/v1/sales-scripts/$S1" "" "$OTHER"
is "$STATUS" 404 "nor delete them"
api DELETE "/api/v1/sales-scripts/$S1" "" "$MGR"
is "$STATUS" 200 "the manager deletes"
api GET "/api/v1/sales-scripts/$S1" "" "$MGR"
is "$STATUS" 404 "gone"
done_testing
