#!/bin/bash
# Transcripts and analysis through the server: upload in any format, read
# back, analyse with the organization's script (or none), stored scorecard,
# call columns and analytics updated, manager alerted on a low score; and
# salesan analyze, offline and by call id.
. "$(dirname "$0")/lib.sh"
FIX=${SALESAN_SRC:?}/tests/fixtures/analysis
SCRIPTS=$SALESAN_SRC/share/salesan/scripts
start_server
setup_admin root@acme.example Acme
ADMIN=$ADMIN_TOKEN
register mgr@acme.example "$ORG_ID" sales_manager; MGR=$TOKEN MGR_ID=$USER_ID
register rep@acme.example "$ORG_ID" sales_representative "$MGR_ID"; REP=$TOKEN
register other@acme.example "$ORG_ID" sales_representative; OTHER=$TOKEN
api POST /api/v1/sales-calls '{"customerName":"Dana Lee","appointmentDate":"2024-06-01T10:00:00Z"}' "$REP"; CALL=$(jqb .data.id)

# put_transcript CALL FILE TOKEN [QUERY]
put_transcript() {
	STATUS=$(curl -s -o "$TMP/body" -w '%{http_code}' -X PUT -H "Authorization: Bearer $3" \
		-H 'Content-Type: text/plain' --data-binary "@$2" "$API/sales-calls/$1/transcript${4-}")
	BODY=$(cat "$TMP/body")
}

api POST "/api/v1/sales-calls/$CALL/analyze" '{}' "$REP"
is "$STATUS $(jqb .error.code)" "404 TRANSCRIPT_NOT_FOUND" "no transcript yet"
put_transcript "$CALL" "$FIX/disc-01.txt" "$OTHER"
is "$STATUS" 404 "nobody uploads to a call out of reach"
put_transcript "$CALL" "$FIX/disc-01.txt" "$REP"
is "$STATUS $(jqb .data.format) $(jqb .data.turns) $(jqb '.data.speakers | join(",")')" \
	"200 otter 16 Sam Rivera,Dana Lee" "an Otter transcript is stored"
api GET "/api/v1/sales-calls/$CALL/transcript" "" "$MGR"
is "$STATUS $(jqb '.data.segments | length') $(jqb '.data.segments[0].startMs') $(jqb '.data.segments[1].startMs')" \
	"200 16 0 6000" "the manager reads it back as salesan JSON"
printf 'Rep: hi\n1\n00:00:01,000 --> nonsense\n' >"$TMP/bad.srt"
put_transcript "$CALL" "$TMP/bad.srt" "$REP" "?format=srt"
is "$STATUS $(jqb .error.code)" "400 INVALID_TRANSCRIPT" "a malformed transcript is refused"
like "$(jqb .error.message)" "line [0-9]+" "naming the line"
put_transcript "$CALL" "$TMP/bad.srt" "$REP" "?format=mp3"
is "$STATUS" 400 "an unknown format is a 400"

api POST "/api/v1/sales-calls/$CALL/analyze" '{}' "$REP"
is "$STATUS $(jqb .data.scriptId) $(jqb .data.scriptCompliance) $(jqb '.data.stages | length')" \
	"200 null null 0" "without a script: metrics only"
ok "$(jqb '.data.metrics.talkRatio > 0 and .data.metrics.questionsAsked > 0')" "metrics are computed"

api POST /api/v1/sales-scripts "$(cat "$SCRIPTS/discovery.json")" "$MGR"
is "$STATUS" 201 "the discovery script is accepted by the API"
SCRIPT=$(jqb .data.id)
api POST "/api/v1/sales-calls/$CALL/analyze" '{}' "$REP"
is "$STATUS $(jqb .data.scriptId) $(jqb '.data.stages | length') $(jqb .data.rep.name)" \
	"200 $SCRIPT 7 Sam Rivera" "the organization's active script is used"
SCORE=$(jqb .data.performanceScore)
ok "$(jqb '[.data.stages[] | select(.covered)] | length >= 5')" "most stages of a good call are covered"
ok "$(jqb '.data.stages[] | select(.id=="greeting") | .evidence | test("this is Sam")')" "evidence is the rep's words"
api GET "/api/v1/sales-calls/$CALL/analysis" "" "$MGR"
is "$STATUS $(jqb .data.performanceScore)" "200 $SCORE" "the scorecard is stored"
api GET "/api/v1/sales-calls/$CALL" "" "$REP"
is "$(jqb .data.performanceScore) $(jqb '.data.keyTopicsCovered | length > 0') $(jqb .data.customerSentiment | grep -cE '^(positive|neutral|negative)$')" \
	"$SCORE true 1" "the call's columns carry the results"
api GET /api/v1/analytics/overview "" "$MGR"
is "$(jqb .data.averagePerformanceScore)" "$SCORE" "analytics see the score"
api POST "/api/v1/sales-calls/$CALL/analyze" '{"scriptId":"00000000-0000-4000-8000-000000000000"}' "$REP"
is "$STATUS $(jqb .error.code)" "404 SCRIPT_NOT_FOUND" "an unknown script"
api POST "/api/v1/sales-calls/$CALL/analyze" '{"scriptId":7}' "$REP"
is "$STATUS" 400 "scriptId validated"
api GET "/api/v1/sales-calls/$CALL/analysis" "" "$OTHER"
is "$STATUS" 404 "others cannot read the analysis"

# A low score alerts the rep's manager.
api PUT "/api/v1/organizations/$ORG_ID" '{"settings":{"performanceAlertThreshold":0.99}}' "$ADMIN"
api POST "/api/v1/sales-calls/$CALL/analyze" "{\"scriptId\":\"$SCRIPT\"}" "$REP"
api GET "/api/v1/notifications?type=performance_alert" "" "$MGR"
is "$(jqb .data.pagination.total) $(jqb '.data.notifications[0].priority') $(jqb '.data.notifications[0].actionData.salesCallId')" \
	"1 high $CALL" "the manager gets a performance alert"

# The CLI.
salesan login --email rep@acme.example --password-file <(printf '%s' "$PW") >/dev/null 2>&1
out=$(salesan analyze "$CALL" --json 2>&1)
is "$(jq -r .performanceScore <<<"$out")" "$SCORE" "salesan analyze CALL_ID shows the stored scorecard"
out=$(salesan analyze --transcript "$FIX/disc-01.txt" --script "$SCRIPTS/discovery.json" --json)
is "$(jq -r '.stages | length' <<<"$out") $(jq -r .rep.inferred <<<"$out")" "7 true" "offline analysis, rep inferred"
out=$(salesan analyze --transcript "$FIX/disc-01.txt" --script "$SCRIPTS/discovery.json" --rep "Dana Lee" --json)
is "$(jq -r .rep.name <<<"$out") $(jq -r .rep.inferred <<<"$out")" "Dana Lee false" "--rep chooses the rep"
out=$(salesan analyze --transcript "$FIX/disc-01.txt" --script "$SCRIPTS/discovery.json" --no-color)
like "$out" "Score [0-9]+%" "a readable scorecard"
like "$out" "Recommendations|Strengths" "with strengths or recommendations"
salesan analyze --transcript "$FIX/disc-01.txt" --script "$SCRIPTS/discovery.json" --rep Nobody >/dev/null 2>&1
is "$?" 2 "an unknown --rep is a usage error"
printf '{"stages":[{"name":"x","weight":-3,"phrases":["a"]}]}' >"$TMP/bad.json"
err=$(salesan analyze --transcript "$FIX/disc-01.txt" --script "$TMP/bad.json" 2>&1)
is "$?" 1 "an invalid script fails"
like "$err" "weight" "naming the problem"
cat "$FIX/disc-01.txt" | salesan analyze --transcript - --script "$SCRIPTS/discovery.json" --json >"$TMP/o.json"
is "$(jq -r '.stages | length' "$TMP/o.json")" 7 "the transcript can come from standard input"
done_testing
