#!/bin/bash
# The admin side of salesan against a real server: reports, users,
# scripts, orgs, notifications, API keys, the read cache and --offline,
# profiles, Idempotency-Key, streamed exports (100,000 calls with flat
# memory, incremental, CSV quoting, atomic files), shell completion,
# manual pages and the demo.
. "$(dirname "$0")/lib.sh"
start_server
echo "$PW" > "$TMP/pw"
salesan setup --email boss@acme.example --first-name Ada --last-name Boss --organization Acme \
	--password-file "$TMP/pw" 2>/dev/null
is "$?" 0 "setup"
noesc() { ok "$(grep -q $'\033' "$1"; [ $? = 1 ] && echo 0 || echo 1)" "$2: no escape codes when piped"; }

# ---- users ----
salesan users add --email mia@acme.example --first-name Mia --last-name Chen --role sales_manager \
	--password-file "$TMP/pw" --json >"$TMP/o" 2>/dev/null
is "$(jq -r '.email + " " + .role' "$TMP/o")" "mia@acme.example sales_manager" "users add (flags only) --json"
salesan users add --email sam@acme.example --first-name Sam --last-name 'Rivera, "Jr"' \
	--manager mia@acme.example --password-file "$TMP/pw" >/dev/null 2>&1
is "$?" 0 "users add with --manager given as an email"
MIA=$(jq -r .id "$TMP/o")
SAM=$(salesan users show sam@acme.example --json | jq -r .id)
is "$(salesan users show sam@acme.example --json | jq -r '.managerId + " " + .role')" \
	"$MIA sales_representative" "users show by email: manager and default role"
salesan users list --json >"$TMP/o"
ok "$(jq -e 'length == 3 and (.[0] | has("id") and has("email") and has("role") and has("status"))' "$TMP/o" >/dev/null; echo $?)" \
	"users list --json has the documented fields"
salesan users list --csv >"$TMP/o"
is "$(head -1 "$TMP/o")" $'ID,EMAIL,FIRST,LAST,ROLE,STATUS,LAST LOGIN\r' "users list --csv header"
like "$(cat "$TMP/o")" '"Rivera, ""Jr"""' "CSV quotes commas and quotes"
salesan users list >"$TMP/o"; noesc "$TMP/o" "users list"
salesan users list --role nobody >/dev/null 2>"$TMP/err"
is "$?" 2 "an unknown role is a usage error"
like "$(cat "$TMP/err")" "must be one of" "naming the choices"
salesan users disable sam@acme.example </dev/null >/dev/null 2>"$TMP/err"
is "$?" 2 "disable without --yes and without a terminal: exit 2"
like "$(cat "$TMP/err")" "pass --yes" "says how to confirm"
is "$(salesan users disable sam@acme.example --yes --json | jq -r .status)" inactive "disable --yes"
is "$(salesan users enable sam@acme.example --json | jq -r .status)" active "enable"
is "$(salesan users set-role sam@acme.example sales_manager --json | jq -r .role)" sales_manager "set-role"
salesan users set-role sam@acme.example sales_representative >/dev/null 2>&1
is "$(salesan users set-manager sam@acme.example none --json | jq -r .managerId)" null "set-manager none"
salesan users set-manager sam@acme.example mia@acme.example >/dev/null 2>&1
is "$(salesan users update sam@acme.example --phone '+1 555 0100' --json | jq -r .phone)" "+1 555 0100" "update"
salesan users show nobody@acme.example >/dev/null 2>&1
is "$?" 3 "an unknown email: exit 3"
salesan users add --email x@acme.example </dev/null >/dev/null 2>"$TMP/err"
is "$?" 2 "users add without the required flags and no terminal: exit 2"

# ---- scripts ----
cat >"$TMP/bad.json" <<'EOF'
{
  "name": "Bad",
  "stages": [
    { "id": "a", "name": "A", "phrases": ["hello there"] },
    { "id": "b", "name": "B", "weight": -3, "phrases": ["x y"] }
  ]
}
EOF
salesan scripts validate "$TMP/bad.json" 2>"$TMP/err"
is "$?" 1 "validate: an invalid script exits 1"
like "$(cat "$TMP/err")" "bad.json:5:[0-9]+: stages\[1\]\.weight: " "errors carry FILE:LINE:COL and the path"
printf '{\n  "name": "x",\n  "stages": [1,,]\n}\n' >"$TMP/broken.json"
salesan scripts validate "$TMP/broken.json" 2>"$TMP/err"
like "$(cat "$TMP/err")" "broken.json:3:[0-9]+: malformed JSON" "malformed JSON: its line"
out=$(salesan --server http://127.0.0.1:1 scripts validate "$SALESAN_SRC/share/salesan/scripts/discovery.json")
like "$out" 'valid: "Discovery call", 7 stages' "validate works offline"
SID=$(salesan scripts create "$SALESAN_SRC/share/salesan/scripts/discovery.json" --json | jq -r .id)
like "$SID" '^[0-9a-f-]{36}$' "scripts create"
salesan scripts create "$TMP/bad.json" >/dev/null 2>&1
is "$?" 1 "an invalid script is refused before sending"
is "$(salesan scripts deactivate "$SID" >/dev/null 2>&1; salesan scripts list --inactive --json | jq length)" 1 "deactivate, list --inactive"
salesan scripts activate "$SID" >/dev/null 2>&1
is "$(salesan scripts show "$SID" --json | jq -r '.isActive and (.stages | length == 7)')" true "activate; show has the structure"

# ---- calls, analytics and reports ----
TOK=$(sed -n 's/^access_token *= *//p' "$XDG_CONFIG_HOME/salesan/credentials")
for i in 1 2 3 4; do
	id=$(salesan calls create --customer "Cust $i" --date "2024-0$i-10 10:00" --rep "$SAM" --json | jq -r .id)
	salesan calls start "$id" >/dev/null 2>&1
	salesan calls complete "$id" --outcome $([ $i -le 2 ] && echo sale || echo no_sale) --amount 100 >/dev/null 2>&1
done
salesan report overview --json >"$TMP/o"
is "$(jq -r '[.totalCalls, .successfulSales, .conversionRate] | @tsv' "$TMP/o")" $'4\t2\t50' "report overview --json"
salesan report leaderboard --json >"$TMP/o"
is "$(jq -r '.[0] | [.rank, .name, .totalCalls, .conversionRate] | @tsv' "$TMP/o")" \
	$'1\tSam Rivera, "Jr"\t4\t50' "report leaderboard ranks representatives"
ok "$(jq -e '.[0] | has("averagePerformanceScore") and has("averageScriptCompliance") and has("totalRevenue")' "$TMP/o" >/dev/null; echo $?)" \
	"leaderboard rows have score, compliance and revenue"
is "$(salesan report trends --period monthly --from 2024-01-01 --to 2024-12-31 --json | jq length)" 4 "report trends --period monthly"
is "$(salesan report trends --period monthly --from 2024-02-01 --to 2024-02-29 --json | jq -r '.[0].totalCalls')" 1 "--from/--to bound the range"
is "$(salesan report user sam@acme.example --json | jq -r .totalCalls)" 4 "report user EMAIL"
salesan report team --csv >"$TMP/o"
is "$(head -1 "$TMP/o")" $'NAME,CALLS,SALES,CONVERSION,SCORE,COMPLIANCE,REVENUE\r' "report team --csv"
salesan report performance --json | jq -e 'has("trends") and has("topStrengths") and has("commonObjections") and (.scoreDistribution | length == 10) and .talkRatio.target == 0.43' >/dev/null
is "$?" 0 "report performance --json"
salesan report trends --period hourly >/dev/null 2>&1
is "$?" 2 "a bad --period: exit 2"
salesan report overview --from 'next tuesday' >/dev/null 2>&1
is "$?" 2 "an unreadable --from: exit 2"
salesan report leaderboard >"$TMP/o"; noesc "$TMP/o" "report leaderboard"
out=$(script -qec "salesan report leaderboard" /dev/null)
like "$out" "█" "on a terminal the leaderboard has bars"

# ---- orgs, notifications, api-keys ----
ORG=$(salesan orgs list --json | jq -r '.[0].id')
is "$(salesan orgs show "$ORG" --json | jq -r .name)" Acme "orgs show"
is "$(salesan orgs stats "$ORG" --json | jq -r .totalUsers)" 3 "orgs stats"
BR=$(salesan orgs create --name "Acme West" --type branch --parent "$ORG" --json | jq -r .id)
is "$(salesan orgs branches "$ORG" --json | jq -r '.[0].id')" "$BR" "orgs create a branch; branches lists it"
is "$(salesan orgs update "$BR" --industry Retail --json | jq -r .industry)" Retail "orgs update"
api POST /api/v1/notifications "{\"userId\":\"$(salesan whoami --json | jq -r .id)\",\"type\":\"coaching_tip\",\"title\":\"Tip\",\"message\":\"Ask more questions\"}" "$TOK"
is "$(salesan notifications list --unread --json | jq -r '.[0].title')" Tip "notifications list --unread"
NID=$(salesan notifications --json | jq -r '.[0].id')
salesan notifications read "$NID" >/dev/null 2>&1
is "$(salesan notifications list --unread --json | jq length)" 0 "notifications read"
salesan notifications read-all >/dev/null 2>&1
is "$?" 0 "notifications read-all"
salesan notifications watch --json >"$TMP/watch" 2>/dev/null &
WATCH=$!
HELPER_PIDS+=("$WATCH")
ME=$(salesan whoami --json | jq -r .id)
# (until the watcher has connected: a notification before that is not pushed)
for _ in $(seq 50); do
	api POST /api/v1/notifications "{\"userId\":\"$ME\",\"type\":\"performance_alert\",\"title\":\"Live one\",\"message\":\"Pushed\",\"priority\":\"high\"}" "$TOK"
	sleep 0.2
	[ -s "$TMP/watch" ] && break
done
kill -INT "$WATCH" 2>/dev/null; wait "$WATCH" 2>/dev/null
is "$(jq -r .title "$TMP/watch" 2>/dev/null | head -1)" "Live one" "notifications watch prints a new notification as it arrives (one JSON per line)"
KEY=$(salesan api-keys create "Export job" --scope export)
like "$KEY" '^slk_' "api-keys create prints the key alone"
is "$(salesan api-keys list --json | jq -r '.[0].name + " " + (.[0].scopes | join(","))')" "Export job export" "api-keys list"

# ---- Idempotency-Key ----
B='{"customerName":"Idem Co","appointmentDate":"2024-05-01T10:00:00Z"}'
H="Idempotency-Key: k-$$"
c1=$(curl -s -H "Authorization: Bearer $TOK" -H 'Content-Type: application/json' -H "$H" -d "$B" "$URL/api/v1/sales-calls")
curl -s -D "$TMP/h" -H "Authorization: Bearer $TOK" -H 'Content-Type: application/json' -H "$H" -d "$B" \
	"$URL/api/v1/sales-calls" >"$TMP/c2"
is "$(jq -r .data.id "$TMP/c2")" "$(jq -r .data.id <<<"$c1")" "a repeated Idempotency-Key replays the first answer"
like "$(cat "$TMP/h")" "idempotent-replayed: true" "and says so"
is "$(salesan calls list --all --json | jq '[.[] | select(.customerName == "Idem Co")] | length')" 1 "one call exists"
api POST /api/v1/notifications '{}' "$TOK"
curl -s -H "Authorization: Bearer $TOK" -H 'Content-Type: application/json' -H "$H" -d '{}' \
	"$URL/api/v1/notifications" >"$TMP/o"
is "$(jq -r .error.code "$TMP/o")" IDEMPOTENCY_KEY_REUSED "the key on another path: 422"
# The outbox uses keys: a call whose creation succeeded but whose answer
# was lost is not created again by sync.
mkdir -p "$XDG_STATE_HOME/salesan"
salesan calls list >/dev/null 2>&1
sqlite3 "$XDG_STATE_HOME/salesan/outbox.db" "CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY,
	call_id TEXT, customer TEXT, date TEXT, email TEXT, session_id TEXT, transcript TEXT NOT NULL,
	created_at INTEGER NOT NULL, idem_key TEXT);
	INSERT INTO outbox (customer, date, transcript, created_at, idem_key) VALUES ('Lost Answer Ltd',
	'2024-06-01T10:00:00Z', '{\"speakers\":[{\"id\":\"r\",\"name\":\"Rep\",\"role\":\"rep\"}],\"segments\":[{\"speaker\":\"r\",\"startMs\":0,\"endMs\":2000,\"text\":\"Hello there\"}]}',
	0, 'outbox-test-1');"
curl -s -o /dev/null -H "Authorization: Bearer $TOK" -H 'Content-Type: application/json' \
	-H 'Idempotency-Key: outbox-test-1' -d '{"customerName":"Lost Answer Ltd","appointmentDate":"2024-06-01T10:00:00Z"}' \
	"$URL/api/v1/sales-calls"
salesan sync >"$TMP/o" 2>&1
is "$?" 0 "sync delivers the entry"
like "$(cat "$TMP/o")" "cache refreshed: [1-9][0-9]* of [1-9][0-9]* answers" "and refreshes the cache"
is "$(salesan calls list --all --json | jq '[.[] | select(.customerName == "Lost Answer Ltd")] | length')" 1 \
	"sync reused the entry's key: the call exists once"

# ---- the cache, --offline, profiles ----
TOK=$(sed -n 's/^access_token *= *//p' "$XDG_CONFIG_HOME/salesan/credentials")
E=$(curl -s -D - -o /dev/null -H "Authorization: Bearer $TOK" "$URL/api/v1/users?page=1&limit=20" |
	tr -d '\r' | sed -n 's/^etag: //Ip')
like "$E" '^"[0-9a-f]{32}"$' "GET answers carry an ETag"
is "$(curl -s -o /dev/null -w '%{http_code} %{size_download}' -H "If-None-Match: $E" \
	-H "Authorization: Bearer $TOK" "$URL/api/v1/users?page=1&limit=20")" "304 0" \
	"If-None-Match with it: 304 and no body"
salesan users list >/dev/null 2>&1
n304=$(grep -c 'path=/api/v1/users status=304' "$SRV_DIR/salesand.log")
is "$(salesan users list --json | jq length)" 3 "salesan revalidates its cache: same answer"
is "$(grep -c 'path=/api/v1/users status=304' "$SRV_DIR/salesand.log")" "$((n304 + 1))" "through a 304"
want=$(salesan report overview --json | jq -r .totalCalls)
salesan --offline report overview --json >"$TMP/o" 2>"$TMP/err"
is "$(jq -r .totalCalls "$TMP/o")" "$want" "--offline answers from the cache"
like "$(cat "$TMP/err")" "offline; showing cached data from [0-9]+ s ago" "and says how old it is"
stop_server
salesan users list --json >"$TMP/o" 2>"$TMP/err"
is "$?" 0 "with the server down, a read is answered from the cache"
like "$(cat "$TMP/err")" "cannot reach" "saying the server is unreachable"
salesan users list --role admin >/dev/null 2>&1
is "$?" 5 "an uncached read with the server down: exit 5"
salesan --offline cache info --json >"$TMP/o"
ok "$(jq -e '.responses > 5 and .entities >= 3' "$TMP/o" >/dev/null; echo $?)" "cache info --json"
is "$(salesan __complete 3 salesan users show '' | sort | tr '\n' ' ')" \
	"boss@acme.example mia@acme.example sam@acme.example " "completion offers cached user emails"
salesan --profile work --server http://127.0.0.1:1 --offline report overview >/dev/null 2>&1
is "$?" 5 "another profile does not see this profile's cache"
salesan --profile work whoami >/dev/null 2>&1
is "$?" 4 "nor its login"
salesan --profile 'bad/name' whoami >/dev/null 2>&1
is "$?" 2 "profile names are checked"
salesan cache clear 2>/dev/null
salesan --offline report overview >/dev/null 2>&1
is "$?" 5 "cache clear forgets"
start_server
SRV_DATA= # (a new data directory: log in again)
salesan setup --email boss@acme.example --first-name Ada --last-name Boss --organization Acme \
	--password-file "$TMP/pw" >/dev/null 2>&1

# ---- exports ----
TOK=$(sed -n 's/^access_token *= *//p' "$XDG_CONFIG_HOME/salesan/credentials")
salesan calls create --customer 'Comma, "Quote"' --date "2024-01-01 10:00" >/dev/null 2>&1
salesan export calls --format csv --out "$TMP/one.csv" 2>/dev/null
is "$?" 0 "export calls --out"
python3 - "$TMP/one.csv" >"$TMP/o" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='')))
print(len(rows) - 1, rows[1][1] == 'Comma, "Quote"', rows[0][0], rows[0][1])
EOF
is "$(cat "$TMP/o")" "1 True id customer_name" "CSV quotes commas and quotes (RFC 4180)"
is "$(stat -c %a "$TMP/one.csv")" 600 "exports are private (0600)"
salesan export calls --format json | jq -e 'length == 1' >/dev/null
is "$?" 0 "export --format json is one array"
is "$(salesan export calls --incremental --format ndjson | wc -l)" 1 "the first --incremental exports everything"
is "$(salesan export calls --incremental --format ndjson | wc -l)" 0 "the next one exports nothing new"
salesan calls create --customer "New One" --date "2024-02-01 10:00" >/dev/null 2>&1
is "$(salesan export calls --incremental --format ndjson | jq -r .customerName)" "New One" "then only the change"
salesan export calls --format xml >/dev/null 2>&1
is "$?" 2 "an unknown format: exit 2"
salesan --server http://127.0.0.1:1 export calls --out "$TMP/fail.csv" >/dev/null 2>&1
ok "$([ $? -ne 0 ] && [ ! -e "$TMP/fail.csv" ] && ! ls "$TMP"/fail.csv.tmp.* >/dev/null 2>&1 && echo 0 || echo 1)" \
	"a failed export exits non-zero and leaves no file behind"
curl -s -H "X-API-Key: $KEY" "$URL/api/v1/export/sales-calls?format=ndjson" >"$TMP/o"
is "$(jq -r .error.code "$TMP/o" | head -1)" API_KEY_INVALID "keys of another server's data do not work"

# 100,000 calls, loaded with SQL, exported with flat memory on both sides.
ORG=$(salesan whoami --json | jq -r .organizationId)
stop_server
sqlite3 "$SRV_DIR/salesan.db" <<SQL
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < 100000)
INSERT INTO sales_calls (id, organization_id, customer_name, appointment_date, status, created_at, updated_at)
SELECT printf('%08x-0000-4000-8000-%012x', i, i), '$ORG', 'Customer ' || i || ', Inc.', 1700000000000 + i,
	'scheduled', 1700000000000 + i, 1700000000000 + i FROM n;
UPDATE sales_calls SET customer_name = 'Line one, "two"' || char(10) || 'line three'
	WHERE id = printf('%08x-0000-4000-8000-%012x', 7, 7);
SQL
SRV_DATA=$SRV_DIR start_server
salesan login --email boss@acme.example --password-file "$TMP/pw" 2>/dev/null # (a new port)
hwm() { awk '/VmHWM/ {print $2}' "/proc/$1/status"; }
before=$(hwm "$SRV_PID")
/usr/bin/time -f %M -o "$TMP/rss" salesan export calls --format ndjson --out "$TMP/big.ndjson" 2>"$TMP/err"; rc=$?; grep -v '^Export written' "$TMP/err" >&2; (exit $rc)
is "$?" 0 "an export of 100,000 calls (ndjson)"
is "$(wc -l <"$TMP/big.ndjson")" 100002 "every call, once"
cli_rss=$(cat "$TMP/rss")
/usr/bin/time -f %M -o "$TMP/rss" salesan export calls --format csv --out "$TMP/big.csv" 2>/dev/null
python3 - "$TMP/big.csv" >"$TMP/o" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='')))
print(len(rows) - 1, sum(1 for r in rows if r[1] == 'Line one, "two"\nline three'))
EOF
is "$(cat "$TMP/o")" "100002 1" "and as CSV, a name with a comma, quotes and a newline quoted (RFC 4180)"
after=$(hwm "$SRV_PID")
diag "export of $(du -h "$TMP/big.ndjson" | cut -f1) ndjson: salesan peak RSS ${cli_rss} kB, csv $(cat "$TMP/rss") kB; salesand peak RSS ${before} -> ${after} kB"
ok "$([ "$cli_rss" -lt 40000 ] && [ "$(cat "$TMP/rss")" -lt 40000 ] && echo 0 || echo 1)" "salesan's memory stays flat (< 40 MB)"
if [ -n "${ASAN_OPTIONS:-}" ]; then
	ok 0 "# SKIP salesand's memory under AddressSanitizer (its quarantine keeps freed memory)"
else
	ok "$([ $((after - before)) -lt 32000 ] && echo 0 || echo 1)" "salesand's peak memory grows by < 32 MB"
fi

# ---- completion, manual pages ----
is "$(salesan completion bash)" "$(cat "$SALESAN_SRC/completions/salesan.bash")" "completions/ matches salesan completion bash"
is "$(salesan completion zsh)" "$(cat "$SALESAN_SRC/completions/_salesan")" "... zsh"
is "$(salesan completion fish)" "$(cat "$SALESAN_SRC/completions/salesan.fish")" "... fish"
out=$(bash -c 'source <(salesan completion bash); COMP_WORDS=(salesan rep); COMP_CWORD=1; _salesan; echo "${COMPREPLY[*]}"')
is "$out" "report" "bash completes a command"
out=$(bash -c 'source <(salesan completion bash); COMP_WORDS=(salesan users set-r); COMP_CWORD=2; _salesan; echo "${COMPREPLY[*]}"')
is "$out" "set-role" "bash completes a verb"
if command -v zsh >/dev/null; then
	out=$(zsh -fc 'autoload -U compinit; compinit -u -D; source <(salesan completion zsh);
		compadd() { shift $(( $# - ${#@[(r)--]} )) 2>/dev/null; print -l -- "${@:#--}"; };
		words=(salesan report le); CURRENT=3; _salesan' 2>/dev/null | grep -v '^-' | tr '\n' ' ')
	like "$out" "leaderboard" "zsh loads the script and completes a verb"
else
	ok 0 "# SKIP zsh not installed"
fi
if command -v fish >/dev/null; then
	out=$(HOME=$TMP/home fish --no-config -c "source (salesan completion fish | psub); complete -C 'salesan export ca'" 2>/dev/null)
	like "$out" "calls" "fish loads the script and completes a verb"
else
	ok 0 "# SKIP fish not installed"
fi
bad=0
for c in $(salesan help | awk '/^Commands:/{f=1;next} /^$/{f=0} f{print $1}'); do
	salesan help "$c" | awk 'seen { print; exit } /^$/ { seen = 1 }' | grep -q '^Examples:' ||
		{ diag "no examples first: $c"; bad=1; }
	cmp -s <(salesan help --man "$c") "$SALESAN_SRC/man/salesan-$c.1" || { diag "man/salesan-$c.1 is stale"; bad=1; }
done
is "$bad" 0 "every command's help starts with examples, and man/ matches it (make docs)"
lint=$(for m in "$SALESAN_SRC"/man/*.[158]; do mandoc -T lint -W warning "$m"; groff -ww -man -Tutf8 "$m" 2>&1 >/dev/null; done)
is "$lint" "" "every manual page lints clean (mandoc -T lint, groff -ww)"

# ---- share/ ----
start_server --config "$SALESAN_SRC/share/salesan/salesand.conf.example" --host 127.0.0.1
is "$(curl -s "$URL/health" | jq -r .status)" OK "salesand starts with the example salesand.conf"

# ---- the demo ----
out=$(SALESAN_SHARE_DIR=$SALESAN_SRC/share/salesan salesan demo --calls 40 --days 30 2>/dev/null)
is "$?" 0 "salesan demo"
DEMO_PID=$(cat "$XDG_STATE_HOME/salesan/demo/salesand.pid" 2>/dev/null)
export SALESAN_SERVER= # (the profile's own server, not the test server)
like "$out" "logged in as the manager Mia Chen" "logs in as the demo manager"
like "$out" "salesan report leaderboard" "and says what to try"
is "$(salesan --profile demo report overview --json | jq -r '.totalCalls > 5 and .averagePerformanceScore > 0')" true \
	"the demo manager sees analysed calls"
is "$(salesan --profile demo users list --json | jq '[.[] | .role] | unique | length')" 2 "a manager sees their team (manager and representatives)"
is "$(salesan --profile demo scripts list --json | jq length)" 3 "the example scripts"
salesan demo --stop 2>/dev/null
ok "$(kill -0 "$DEMO_PID" 2>/dev/null && echo 1 || echo 0)" "demo --stop stops its server"

done_testing
