#!/bin/bash
# Files: multipart uploads streamed to local storage, types decided from
# the bytes, tenancy, signed download links served by salesand, deletion
# and status.
. "$(dirname "$0")/lib.sh"
start_server --max-file-size 3000000
setup_admin root@acme.example Acme
SUPER=$ADMIN_TOKEN ORG_A=$ORG_ID
api POST /api/v1/organizations '{"name":"Beta","maxUsers":50}' "$SUPER"; ORG_B=$(jqb .data.id)
api POST /api/v1/users "{\"email\":\"admin.a@acme.example\",\"password\":\"$PW\",\"firstName\":\"A\",\"lastName\":\"D\",\"role\":\"admin\",\"organizationId\":\"$ORG_A\"}" "$SUPER"
api POST /api/v1/auth/login "{\"email\":\"admin.a@acme.example\",\"password\":\"$PW\"}"; ADMIN_A=$(jqb .data.accessToken)
api POST /api/v1/users "{\"email\":\"admin.b@beta.example\",\"password\":\"$PW\",\"firstName\":\"A\",\"lastName\":\"D\",\"role\":\"admin\",\"organizationId\":\"$ORG_B\"}" "$SUPER"
api POST /api/v1/auth/login "{\"email\":\"admin.b@beta.example\",\"password\":\"$PW\"}"; ADMIN_B=$(jqb .data.accessToken)
register mgr.a@acme.example "$ORG_A" sales_manager; MGR=$TOKEN MGR_ID=$USER_ID
register rep.a@acme.example "$ORG_A" sales_representative "$MGR_ID"; REP=$TOKEN REP_ID=$USER_ID
register rep.a2@acme.example "$ORG_A" sales_representative; REP2=$TOKEN
api POST /api/v1/sales-calls '{"customerName":"Carla","appointmentDate":"2024-06-01T10:00:00Z"}' "$REP"; CALL=$(jqb .data.id)

W=$TMP/w; mkdir -p "$W"
{ printf 'RIFF\x24\x10\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00\x80\x3e\x00\x00\x00\x7d\x00\x00\x02\x00\x10\x00data\x00\x10\x00\x00'; head -c 4096 /dev/urandom; } >"$W/call.wav"
printf '%%PDF-1.4\n%%fake\n' >"$W/deck.pdf"
printf 'name,amount\nCarla,10\n' >"$W/leads.csv"
printf '\x7fELF\x02\x01\x01\x00garbage' >"$W/evil.wav"
head -c 3100000 /dev/zero | tr '\0' 'a' >"$W/big.txt"

# up TOKEN PATH FORM... : multipart POST; sets STATUS and BODY
up() {
	local token=$1 path=$2; shift 2
	local args=() f
	for f in "$@"; do args+=(-F "$f"); done
	STATUS=$(curl -s -o "$TMP/body" -w '%{http_code}' -H "Authorization: Bearer $token" "${args[@]}" "$URL$path")
	BODY=$(cat "$TMP/body")
}

up "$REP" /api/v1/files/upload "file=@$W/call.wav" category=general description=Hello
is "$STATUS $(jqb .data.contentType) $(jqb .data.fileSize) $(jqb .data.originalName) $(jqb .data.category)" \
	"201 audio/wav $(stat -c %s "$W/call.wav") call.wav general" "a WAV upload is stored; type from its bytes"
KEY=$(jqb .data.fileKey)
like "$KEY" '^[A-Za-z0-9_-]{22}\.wav$' "the key is opaque, URL-safe, without /"
ok "$(cmp -s "$W/call.wav" "$DATA_DIR/files/$ORG_A/$KEY"; echo $?)" "the bytes are on disk under the organization"
is "$(sqlite3 "$DATA_DIR/salesan.db" "SELECT category || ' ' || file_size FROM files WHERE file_key = '$KEY'")" \
	"general $(stat -c %s "$W/call.wav")" "a files row is kept"
up "$REP" /api/v1/files/upload "file=@$W/evil.wav;type=audio/wav" category=general
is "$STATUS $(jqb .error.code)" "400 INVALID_FILE_TYPE" "a declared type is not trusted: an executable is refused"
up "$REP" /api/v1/files/upload "file=@$W/leads.csv" category=general
is "$STATUS $(jqb .data.contentType)" "201 text/csv" "CSV"
up "$REP" /api/v1/files/upload "file=@$W/deck.pdf" category=sales-call "relatedId=$CALL"
is "$STATUS $(jqb .data.contentType) $(jqb .data.relatedId)" "201 application/pdf $CALL" "a PDF attached to a call"
PDF=$(jqb .data.fileKey)
up "$REP2" /api/v1/files/upload "file=@$W/deck.pdf" category=sales-call "relatedId=$CALL"
is "$STATUS $(jqb .error.code)" "404 RELATED_NOT_FOUND" "nobody attaches files to calls out of reach"
up "$REP" /api/v1/files/upload "file=@$W/deck.pdf" category=sales-call
is "$STATUS $(jqb .error.code)" "400 MISSING_SALES_CALL_ID" "sales-call needs relatedId"
up "$REP" /api/v1/files/upload "file=@$W/deck.pdf" category=profile
is "$STATUS $(jqb .error.code)" "400 MISSING_USER_ID" "profile needs relatedId"
up "$REP" /api/v1/files/upload "file=@$W/deck.pdf" category=party "description=$(head -c 600 /dev/zero | tr '\0' x)"
is "$STATUS $(jqb '.error.details | length')" "400 2" "category and description validated"
up "$REP" /api/v1/files/upload category=general
is "$STATUS $(jqb .error.code)" "400 NO_FILE" "no file"
up "$REP" /api/v1/files/upload "file=@$W/big.txt" category=general
is "$STATUS $(jqb .error.code)" "413 FILE_TOO_LARGE" "MAX_FILE_SIZE is enforced"
ok "$(ls "$DATA_DIR/files/.tmp" | wc -l | grep -qx 0; echo $?)" "refused uploads leave no temporary files"
STATUS=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $REP" -H 'Content-Type: application/json' --data '{}' "$URL/api/v1/files/upload")
is "$STATUS" 415 "uploads must be multipart"
STATUS=$(curl -s -o /dev/null -w '%{http_code}' -F "file=@$W/call.wav" -F category=general "$URL/api/v1/files/upload")
is "$STATUS" 401 "uploads need authentication"

# Recording uploads.
up "$REP" /api/v1/files/upload-sales-call "recording=@$W/call.wav" "salesCallId=$CALL" description=Demo
is "$STATUS $(jqb .data.salesCallId) $(jqb .data.contentType)" "201 $CALL audio/wav" "a call's recording"
REC=$(jqb .data.fileKey)
up "$REP" /api/v1/files/upload-sales-call "recording=@$W/deck.pdf" "salesCallId=$CALL"
is "$STATUS $(jqb .error.code)" "400 INVALID_FILE_TYPE" "recordings are audio or video"
up "$REP" /api/v1/files/upload-sales-call "salesCallId=$CALL"
is "$STATUS $(jqb .error.code)" "400 NO_RECORDING_FILE" "no recording"
up "$REP2" /api/v1/files/upload-sales-call "recording=@$W/call.wav" "salesCallId=$CALL"
is "$STATUS" 404 "no recordings for calls out of reach"

# Info, tenancy, download links.
api GET "/api/v1/files/$KEY" "" "$REP"
is "$STATUS $(jqb .data.contentLength) $(jqb .data.downloadUrl)" "200 $(stat -c %s "$W/call.wav") null" "the uploader reads the info"
api GET "/api/v1/files/$KEY" "" "$MGR"
is "$STATUS" 200 "so does their manager"
api GET "/api/v1/files/$KEY" "" "$REP2"
is "$STATUS" 404 "another rep does not"
api GET "/api/v1/files/$PDF" "" "$MGR"
is "$STATUS" 200 "files of a call are visible to whoever sees the call"
api GET "/api/v1/files/$KEY" "" "$ADMIN_B"
is "$STATUS" 404 "another organization's admin sees nothing"
api GET "/api/v1/files/$KEY" "" "$ADMIN_A"
is "$STATUS" 200 "the organization's admin does"
api GET "/api/v1/files/$KEY?download=true" "" "$REP"
is "$(jqb .data.expiresIn)" 3600 "a download link lasting an hour"
DL=$(jqb .data.downloadUrl)
like "$DL" "^/api/v1/files/$KEY/content\\?expires=[0-9]+&signature=[0-9a-f]{64}$" "signed URL"
STATUS=$(curl -s -o "$W/got" -D "$W/h" -w '%{http_code}' "$URL$DL")
is "$STATUS" 200 "the link works without credentials"
ok "$(cmp -s "$W/call.wav" "$W/got"; echo $?)" "and returns the exact bytes"
like "$(tr -d '\r' <"$W/h")" 'content-disposition: attachment; filename="call.wav"' "as an attachment"
last=${DL: -1}; [ "$last" = 0 ] && flip=1 || flip=0
STATUS=$(curl -s -o /dev/null -w '%{http_code}' "$URL${DL%?}$flip")
is "$STATUS" 403 "a tampered signature is refused"
exp=$(sed 's/.*expires=\([0-9]*\).*/\1/' <<<"$DL")
STATUS=$(curl -s -o /dev/null -w '%{http_code}' "$URL${DL/expires=$exp/expires=$((exp + 100000))}")
is "$STATUS" 403 "a stretched expiry is refused"
STATUS=$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/v1/files/$KEY/content")
is "$STATUS" 403 "no signature, no file"
api GET "/api/v1/files/..%2Fsalesan.db" "" "$ADMIN_A"
is "$STATUS" 404 "odd keys are not found"
STATUS=$(curl -s -o /dev/null -w '%{http_code}' -r 0-10 "$URL$DL")
ok "$([ "$STATUS" = 200 ] || [ "$STATUS" = 206 ]; echo $?)" "a range request is answered"

# Status and deletion.
api GET /api/v1/files/status "" "$ADMIN_A"
is "$STATUS $(jqb .data.provider) $(jqb .data.files) $(jqb .data.maxFileSize)" "200 local 4 3000000" "status is reachable and counts the organization's files"
api GET /api/v1/files/status "" "$REP"
is "$STATUS" 403 "status is for admins"
api DELETE "/api/v1/files/$KEY" "" "$REP"
is "$STATUS" 403 "reps cannot delete"
api DELETE "/api/v1/files/$KEY" "" "$ADMIN_B"
is "$STATUS" 404 "another organization's admin cannot"
api DELETE "/api/v1/files/$KEY" "" "$ADMIN_A"
is "$STATUS $(jqb .data.fileKey)" "200 $KEY" "the admin deletes it"
ok "$([ ! -e "$DATA_DIR/files/$ORG_A/$KEY" ]; echo $?)" "the bytes are gone"
STATUS=$(curl -s -o /dev/null -w '%{http_code}' "$URL$DL")
is "$STATUS" 404 "old links stop working"
api GET "/api/v1/files/$KEY" "" "$ADMIN_A"
is "$STATUS" 404 "the info too"
done_testing
