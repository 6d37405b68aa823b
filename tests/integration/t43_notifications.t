#!/bin/bash
# Notifications, email through a local SMTP stub, and the password reset
# flow end to end.
. "$(dirname "$0")/lib.sh"
start_smtp
start_server
setup_admin boss@acme.example Acme
ADMIN=$ADMIN_TOKEN
register mgr@acme.example "$ORG_ID" sales_manager; MGR=$TOKEN MGR_ID=$USER_ID
register rep@acme.example "$ORG_ID" sales_representative "$MGR_ID"; REP=$TOKEN REP_ID=$USER_ID
register loner@acme.example "$ORG_ID" sales_representative; LONER=$TOKEN LONER_ID=$USER_ID

# Every type and every priority, "normal" meaning "medium".
i=0
for t in call_started call_completed performance_alert live_intervention system_alert reminder achievement coaching_tip email info; do
	i=$((i + 1))
	p=$(echo "low medium normal high urgent" | cut -d' ' -f$(( (i % 5) + 1 )))
	api POST /api/v1/notifications "{\"userId\":\"$REP_ID\",\"type\":\"$t\",\"title\":\"T$i\",\"message\":\"M$i\",\"priority\":\"$p\"}" "$MGR"
	[ "$STATUS" = 201 ] || diag "type $t priority $p: $STATUS $BODY"
	[ "$STATUS" = 201 ] && ok=$((${ok:-0} + 1))
done
is "${ok:-0}" 10 "a manager creates notifications of every type and priority"
api POST /api/v1/notifications "{\"userId\":\"$REP_ID\",\"type\":\"reminder\",\"title\":\"Call Bob\",\"message\":\"Today\",\"priority\":\"normal\",\"actionUrl\":\"/calls/1\",\"actionData\":{\"callId\":\"1\"}}" "$MGR"
is "$(jqb .data.priority) $(jqb .data.status) $(jqb .data.actionData.callId)" "medium unread 1" "normal is medium; status and data"
N1=$(jqb .data.id)
api POST /api/v1/notifications "{\"userId\":\"$REP_ID\",\"type\":\"party\",\"title\":\"\",\"message\":\"x\",\"priority\":\"max\",\"actionUrl\":\"javascript:alert(1)\"}" "$MGR"
is "$STATUS $(jqb '.error.details | length')" "400 4" "bad type, title, priority and actionUrl"
api POST /api/v1/notifications "{\"userId\":\"$LONER_ID\",\"type\":\"info\",\"title\":\"x\",\"message\":\"x\"}" "$MGR"
is "$STATUS" 404 "a manager cannot notify someone outside the team"
api POST /api/v1/notifications "{\"userId\":\"$LONER_ID\",\"type\":\"info\",\"title\":\"x\",\"message\":\"x\"}" "$REP"
is "$STATUS" 403 "representatives cannot notify"

api GET /api/v1/notifications "" "$REP"
is "$(jqb .data.pagination.total) $(jqb .data.pagination.limit)" "11 20" "the rep sees their 11, 20 a page"
api GET /api/v1/notifications/unread "" "$REP"
is "$(jqb .data.unreadCount)" 11 "unread count"
api PUT "/api/v1/notifications/$N1/read" "" "$REP"
is "$STATUS $(jqb .data.status)" "200 read" "mark one read"
ok "$([ "$(jqb .data.readAt)" != null ] && echo 0 || echo 1)" "readAt set"
api PUT "/api/v1/notifications/$N1/read" "" "$LONER"
is "$STATUS" 404 "nobody else can touch it"
api GET "/api/v1/notifications?status=unread&type=reminder" "" "$REP"
is "$(jqb .data.pagination.total)" 1 "status and type filters"
api PUT /api/v1/notifications/read-all "" "$REP"
is "$STATUS $(jqb .data.updated)" "200 10" "read-all marks the remaining ten"
api GET /api/v1/notifications/unread "" "$REP"
is "$(jqb .data.unreadCount)" 0 "nothing unread"
api DELETE "/api/v1/notifications/$N1" "" "$LONER"
is "$STATUS" 404 "others cannot delete it"
api DELETE "/api/v1/notifications/$N1" "" "$REP"
is "$STATUS" 200 "the recipient deletes it"
api GET /api/v1/notifications/organization "" "$MGR"
is "$(jqb .data.pagination.total) $(jqb '.data.notifications[0].user.email')" "10 rep@acme.example" \
	"the manager lists the team's notifications with their recipients"
api GET /api/v1/notifications/organization "" "$REP"
is "$STATUS" 403 "representatives do not list the organization's"

# send-email without SMTP: stored, logged, not sent.
api POST /api/v1/notifications/send-email "{\"userId\":\"$REP_ID\",\"subject\":\"Hi\",\"message\":\"Body\"}" "$MGR"
is "$STATUS $(jqb .data.emailSent) $(jqb .data.notification.type)" "200 false email" "without SMTP the email is only logged"
grep -q 'email not sent (SMTP_URL is not set) to=rep@acme.example' "$SRV_DIR/salesand.log"
is "$?" 0 "the log names the recipient"

# With the SMTP stub.
SMTP_URL="smtp://127.0.0.1:$SMTP_PORT" SMTP_USER=mailer SMTP_PASSWORD=mail-secret-123 \
	SMTP_FROM="Acme Sales <noreply@acme.example>" SRV_DATA=$SRV_DIR start_server
api POST /api/v1/notifications/send-email "{\"userId\":\"$REP_ID\",\"subject\":\"Coaching: ünïcode\",\"message\":\"Great call today.\\nKeep going.\"}" "$MGR"
is "$STATUS $(jqb .data.emailSent)" "200 true" "send-email through SMTP"
wait_mail 1
m=$(cat "$MAILDIR"/mail-1.txt)
like "$m" "RCPT TO:<rep@acme.example>" "to the user"
like "$m" "MAIL FROM:<noreply@acme.example>" "from SMTP_FROM"
like "$m" "Subject: =\?UTF-8\?B\?" "non-ASCII subject encoded"
like "$m" "Great call today." "with the message"
ok "$(grep -q mail-secret-123 "$SRV_DIR/salesand.log"; [ $? = 1 ] && echo 0 || echo 1)" "the SMTP password is never logged"
api POST /api/v1/notifications/send-email "{\"userId\":\"$REP_ID\",\"subject\":\"a\\r\\nBcc: x@evil\",\"message\":\"x\"}" "$MGR"
is "$STATUS" 400 "a line break in the subject is refused"

# Forgot / reset password.
api POST /api/v1/auth/forgot-password '{"email":"nobody@acme.example"}'
is "$STATUS" 200 "unknown address: 200"
UNKNOWN_BODY=$BODY
api POST /api/v1/auth/forgot-password '{"email":"rep@acme.example"}'
is "$STATUS" 200 "known address: 200"
is "$BODY" "$UNKNOWN_BODY" "the same answer either way"
wait_mail 2
link=$(grep -o 'http://localhost:5173/reset-password?token=[A-Za-z0-9_-]*' "$MAILDIR"/mail-2.txt)
TOKEN_R=${link##*token=}
like "$TOKEN_R" '^[A-Za-z0-9_-]{43}$' "the mail carries a reset link"
ok "$(grep -qF -- "$TOKEN_R" "$SRV_DIR/salesand.log"; [ $? = 1 ] && echo 0 || echo 1)" "the token is never logged"
ok "$(sqlite3 "$DATA_DIR/salesan.db" "SELECT COUNT(*) FROM users WHERE reset_token_hash = '$TOKEN_R'" | grep -q '^0$'; echo $?)" \
	"only its hash is stored"
api POST /api/v1/auth/login "{\"email\":\"rep@acme.example\",\"password\":\"$PW\"}"; OLD_RT=$(jqb .data.refreshToken)
api POST /api/v1/auth/reset-password '{"token":"not-a-token","password":"brand-new-pass"}'
is "$STATUS $(jqb .error.code)" "400 INVALID_RESET_TOKEN" "a wrong token is refused"
api POST /api/v1/auth/reset-password "{\"token\":\"$TOKEN_R\",\"password\":\"short\"}"
is "$STATUS" 400 "a weak new password is refused"
api POST /api/v1/auth/reset-password "{\"token\":\"$TOKEN_R\",\"password\":\"brand-new-pass\"}"
is "$STATUS" 200 "the reset works"
api POST /api/v1/auth/reset-password "{\"token\":\"$TOKEN_R\",\"password\":\"another-pass-1\"}"
is "$STATUS" 400 "and only once"
api POST /api/v1/auth/refresh "{\"refreshToken\":\"$OLD_RT\"}"
is "$STATUS" 401 "every earlier session is revoked"
api POST /api/v1/auth/login '{"email":"rep@acme.example","password":"brand-new-pass"}'
is "$STATUS" 200 "the new password logs in"
for i in 1 2 3 4 5 6 7 8 9 10; do api POST /api/v1/auth/forgot-password '{"email":"mgr@acme.example"}'; done
api POST /api/v1/auth/forgot-password '{"email":"mgr@acme.example"}'
is "$STATUS" 429 "reset requests per account are limited"

start_smtp --reject
SMTP_URL="smtp://127.0.0.1:$SMTP_PORT" SRV_DATA=$DATA_DIR start_server
api POST /api/v1/notifications/send-email "{\"userId\":\"$REP_ID\",\"subject\":\"Hi\",\"message\":\"x\"}" "$MGR"
is "$STATUS $(jqb .error.code)" "502 EMAIL_SEND_FAILED" "a refusing relay gives 502, not 500"
done_testing
