#!/bin/bash
# The tenant and role isolation matrix.  It enumerates the server's route
# table (salesand --list-routes), so a new route cannot skip it:
#  1. every route taking an id is called, by every role of another
#     organization, on an object of organization B: 403 or 404, nothing of
#     B in the answer, and nothing of B changed;
#  2. the same by a representative of B who neither owns nor manages the
#     object (only reading B's sales scripts is allowed);
#  3. every route limited to some roles answers 403 to the others.
. "$(dirname "$0")/lib.sh"
# (webhook targets on loopback are allowed so B can have a subscription)
SALESAN_WEBHOOK_ALLOW_PRIVATE=1 start_server
setup_admin root@acme.example Acme
SUPER=$ADMIN_TOKEN ORG_A=$ORG_ID
api POST /api/v1/organizations '{"name":"SecretB Corp","maxUsers":50}' "$SUPER"; ORG_B=$(jqb .data.id)
mkadmin() { # mkadmin EMAIL ORG -> TOKEN, USER_ID
	api POST /api/v1/users "{\"email\":\"$1\",\"password\":\"$PW\",\"firstName\":\"Ad\",\"lastName\":\"Min\",\"role\":\"admin\",\"organizationId\":\"$2\"}" "$SUPER"
	USER_ID=$(jqb .data.id)
	api POST /api/v1/auth/login "{\"email\":\"$1\",\"password\":\"$PW\"}"; TOKEN=$(jqb .data.accessToken)
}
mkadmin admin.a@acme.example "$ORG_A"; ADMIN_A=$TOKEN
register mgr.a@acme.example "$ORG_A" sales_manager; MGR_A=$TOKEN MGR_A_ID=$USER_ID
register rep.a@acme.example "$ORG_A" sales_representative "$MGR_A_ID"; REP_A=$TOKEN
mkadmin admin.b@secretb.example "$ORG_B"; ADMIN_B=$TOKEN
register mgr.b@secretb.example "$ORG_B" sales_manager; MGR_B=$TOKEN MGR_B_ID=$USER_ID
register rep.b@secretb.example "$ORG_B" sales_representative "$MGR_B_ID"; REP_B=$TOKEN REP_B_ID=$USER_ID
register rep.b2@secretb.example "$ORG_B" sales_representative; REP_B2=$TOKEN

# B's objects.
api POST /api/v1/sales-calls '{"customerName":"SecretB Customer","appointmentDate":"2024-06-01T10:00:00Z"}' "$REP_B"; CALL_B=$(jqb .data.id)
api POST /api/v1/sales-scripts '{"name":"SecretB Script","content":"Hello"}' "$MGR_B"; SCRIPT_B=$(jqb .data.id)
api POST /api/v1/notifications "{\"userId\":\"$REP_B_ID\",\"type\":\"info\",\"title\":\"SecretB note\",\"message\":\"x\"}" "$MGR_B"; NOTE_B=$(jqb .data.id)
api POST /api/v1/api-keys '{"name":"SecretB key"}' "$ADMIN_B"; KEY_B=$(jqb .data.id)
printf 'SecretB,1\n' >"$TMP/b.csv"
FILE_B=$(curl -s -H "Authorization: Bearer $REP_B" -F "file=@$TMP/b.csv" -F category=general "$URL/api/v1/files/upload" | jq -r .data.fileKey)
sqlite3 "$DATA_DIR/salesan.db" "UPDATE sales_calls SET otterai_recording_id = 'rec_secretb' WHERE id = '$CALL_B'"
api POST /api/v1/live-sessions "{\"salesCallId\":\"$CALL_B\"}" "$REP_B"; LIVE_B=$(jqb .data.id)
api POST /api/v1/webhooks '{"event":"live_session.ended","targetUrl":"http://127.0.0.1:9/secretb"}' "$ADMIN_B"; HOOK_B=$(jqb .data.id)
for v in "$CALL_B" "$SCRIPT_B" "$NOTE_B" "$KEY_B" "$FILE_B" "$LIVE_B" "$HOOK_B"; do
	[ -n "$v" ] && [ "$v" != null ] || { diag "setup failed"; exit 1; }
done

# The id to put in each parameter, by route prefix.  A route with a
# parameter missing here fails the test.
id_for() { # id_for PATTERN PARAM
	case "$1:$2" in
	/api/v1/users/*:id | /api/v1/admin/users/*:id | /api/v1/analytics/user/*:userId) echo "$REP_B_ID" ;;
	/api/v1/organizations/*:id) echo "$ORG_B" ;;
	/api/v1/sales-calls/*:id | /api/v1/otterai/analyze/*:salesCallId) echo "$CALL_B" ;;
	/api/v1/sales-scripts/*:id) echo "$SCRIPT_B" ;;
	/api/v1/notifications/*:id) echo "$NOTE_B" ;;
	/api/v1/api-keys/*:id) echo "$KEY_B" ;;
	/api/v1/files/*:fileKey) echo "$FILE_B" ;;
	/api/v1/otterai/recording/*:recordingId) echo rec_secretb ;;
	/api/v1/live-sessions/*:id) echo "$LIVE_B" ;;
	/api/v1/webhooks/*:id | /api/v1/zapier/hooks/*:id) echo "$HOOK_B" ;;
	*) return 1 ;;
	esac
}
# One body that passes validation wherever the route looks at it, so the
# answer reflects authorization, not input checking.
BODY_ALL='{"firstName":"Hacked","name":"Hacked","customerName":"Hacked","outcome":"sale","status":"suspended","recordingId":"rec_secretb","content":"x"}'

snapshot() {
	sqlite3 "$DATA_DIR/salesan.db" "
		SELECT * FROM users WHERE organization_id = '$ORG_B' ORDER BY id;
		SELECT * FROM organizations WHERE id = '$ORG_B';
		SELECT * FROM sales_calls WHERE organization_id = '$ORG_B' ORDER BY id;
		SELECT * FROM sales_scripts WHERE organization_id = '$ORG_B' ORDER BY id;
		SELECT * FROM notifications WHERE organization_id = '$ORG_B' ORDER BY id;
		SELECT id, name, revoked_at FROM api_keys WHERE organization_id = '$ORG_B' ORDER BY id;
		SELECT * FROM files WHERE organization_id = '$ORG_B' ORDER BY id;
		SELECT id, status, ended_at FROM live_sessions WHERE organization_id = '$ORG_B' ORDER BY id;
		SELECT id, event, target_url FROM webhooks WHERE organization_id = '$ORG_B' ORDER BY id;" | md5sum
}
BEFORE=$(snapshot)
# A tenth of a second of 8 kHz silence, for the recording upload.
printf 'RIFF\x74\x06\0\0WAVEfmt \x10\0\0\0\x01\0\x01\0\x40\x1f\0\0\x80\x3e\0\0\x02\0\x10\0data\x40\x06\0\0' >"$TMP/tiny.wav"
head -c 1600 /dev/zero >>"$TMP/tiny.wav"

salesand --list-routes >"$TMP/routes"
n_routes=0 n_calls=0 bad=0 unmapped=0
while IFS=$'\t' read -r method pattern auth roles summary; do
	case "$pattern" in *:*) ;; *) continue ;; esac
	[ "$auth" = public ] && continue # signature-protected (files/content): t48
	n_routes=$((n_routes + 1))
	path=$pattern
	for p in $(grep -o ':[A-Za-z]*' <<<"$pattern"); do
		if ! id=$(id_for "$pattern" "${p#:}"); then
			diag "no id for $p of $method $pattern: add it to the matrix"
			unmapped=$((unmapped + 1))
			continue 2
		fi
		path=${path/$p/$id}
	done
	body=""
	[ "$method" = POST ] || [ "$method" = PUT ] && body=$BODY_ALL
	for who in REP_A MGR_A ADMIN_A REP_B2; do
		[ "$who" = REP_B2 ] && [ "$method $pattern" = "GET /api/v1/sales-scripts/:id" ] && continue
		if [ "$method $pattern" = "PUT /api/v1/sales-calls/:id/recording" ]; then
			# an upload: real audio, so the answer is about reach
			STATUS=$(curl -s -o "$TMP/body" -w '%{http_code}' -X PUT -H "Authorization: Bearer ${!who}" \
				-H 'Content-Type: audio/wav' --data-binary "@$TMP/tiny.wav" "$URL$path")
			BODY=$(cat "$TMP/body")
		else
			api "$method" "$path" "$body" "${!who}"
		fi
		n_calls=$((n_calls + 1))
		if [ "$STATUS" != 403 ] && [ "$STATUS" != 404 ]; then
			diag "$who $method $path: $STATUS $BODY"
			bad=$((bad + 1))
		elif grep -q 'SecretB' <<<"$BODY"; then
			diag "$who $method $path leaks: $BODY"
			bad=$((bad + 1))
		fi
	done
done <"$TMP/routes"
is "$unmapped" 0 "every route with an id is in the matrix"
ok "$([ "$n_routes" -ge 25 ]; echo $?)" "the matrix covers $n_routes routes with ids"
is "$bad" 0 "$n_calls calls from other organizations and lower roles: all 403/404, nothing leaked"
is "$(snapshot)" "$BEFORE" "nothing of organization B changed"

# The same-organization reader exception still works (and is the only one).
api GET "/api/v1/sales-scripts/$SCRIPT_B" "" "$REP_B2"
is "$STATUS $(jqb .data.name)" "200 SecretB Script" "B's representatives read B's scripts"

# Roles in the table are enforced: every role outside a route's list is 403.
declare -A TOK=([r]=$REP_B [m]=$MGR_B [a]=$ADMIN_B)
bad=0 n=0
while IFS=$'\t' read -r method pattern auth roles summary; do
	[ "$auth" = public ] && continue
	path=$pattern
	for p in $(grep -o ':[A-Za-z]*' <<<"$pattern"); do path=${path/$p/$(id_for "$pattern" "${p#:}" || echo x)}; done
	for c in r m a; do
		[[ "$roles" == *"$c"* ]] && continue
		body=""
		[ "$method" = POST ] || [ "$method" = PUT ] && body=$BODY_ALL
		api "$method" "$path" "$body" "${TOK[$c]}"
		n=$((n + 1))
		[ "$STATUS" = 403 ] || { diag "role $c $method $path: $STATUS"; bad=$((bad + 1)); }
	done
done <"$TMP/routes"
is "$bad" 0 "$n calls by roles a route does not allow: all 403"
is "$(snapshot)" "$BEFORE" "still nothing of organization B changed"
done_testing
