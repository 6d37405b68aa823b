#!/bin/bash
# salesan monitor under tmux: a session streamed by salesan record appears,
# its transcript scrolls, a stage ticks, a whisper typed in the dashboard
# reaches the rep, the screen redraws after a resize, and q quits.
. "$(dirname "$0")/../integration/lib.sh"
trap "" PIPE # writes to a finished recorder must fail, not kill the test
FIX=$SALESAN_SRC/tests/fixtures/analysis
start_server
setup_admin root@acme.example Acme
register mgr@acme.example "$ORG_ID" sales_manager; MGR=$TOKEN MGR_ID=$USER_ID
api PUT "/api/v1/users/$MGR_ID" '{"firstName":"Mia","lastName":"Grant"}' "$MGR"
register rep@acme.example "$ORG_ID" sales_representative "$MGR_ID"; REP=$TOKEN REP_ID=$USER_ID
api PUT "/api/v1/users/$REP_ID" '{"firstName":"Sam","lastName":"Rivera"}' "$REP"
api POST /api/v1/sales-scripts "$(cat "$SALESAN_SRC/share/salesan/scripts/discovery.json")" "$MGR"
tui_session mon

mkfifo "$TMP/rep.in"
SALESAN_TOKEN=$REP salesan record --customer "Dana Lee" --transcript-from "$FIX/disc-01.txt" --speed 2 \
	--no-color <"$TMP/rep.in" >"$TMP/rep.out" 2>&1 &
REC=$!
HELPER_PIDS+=($REC)
exec 8>"$TMP/rep.in"
$TM new-session -d -s mon -x 110 -y 30 \
	"env SALESAN_TOKEN=$MGR SALESAN_SERVER=$URL TERM=xterm-256color HOME=$HOME XDG_CONFIG_HOME=$XDG_CONFIG_HOME salesan monitor"
ok "$(waitscreen 'Sam Rivera +Dana Lee'; echo $?)" "the live session appears with rep and customer"
$TM send-keys -t mon Enter
ok "$(waitscreen 'transcript: Sam Rivera'; echo $?)" "Enter opens its transcript"
ok "$(waitscreen 'Dana Lee: Sure, happy to chat'; echo $?)" "the transcript shows what was said"
ok "$(waitscreen "Sam Rivera: Walk me through"; echo $?)" "and scrolls as the call goes on"
ok "$(waitscreen '✓ Greeting and introduction'; echo $?)" "a stage ticks in the checklist"
$TM send-keys -t mon w
ok "$(waitscreen '^whisper>'; echo $?)" "w opens the whisper line"
$TM send-keys -t mon "Ask who signs off" Enter
for _ in $(seq 100); do grep -q 'Ask who signs off' "$TMP/rep.out" && break; sleep 0.1; done
like "$(cat "$TMP/rep.out")" 'whisper from mgr@acme.example\] Ask who signs off' "the whisper reaches the rep's terminal"
echo "On it" >&8
ok "$(waitscreen 'rep: On it'; echo $?)" "the rep's reply shows in the alerts"
$TM send-keys -t mon '?'
ok "$(waitscreen 'salesan monitor keys'; echo $?)" "? shows the help"
$TM send-keys -t mon x
$TM resize-window -t mon -x 80 -y 24
ok "$(waitscreen '^salesan monitor .{40,}\[\?\] help$'; echo $?)" "a resize redraws the screen at 80x24"
ok "$([ "$(screen | LC_ALL=C.UTF-8 wc -L)" -le 80 ]; echo $?)" "nothing is drawn beyond 80 columns"
$TM send-keys -t mon q
for _ in $(seq 50); do $TM has-session -t mon 2>/dev/null || break; sleep 0.1; done
ok "$($TM has-session -t mon 2>/dev/null; [ $? != 0 ]; echo $?)" "q quits"
out=$(SALESAN_TOKEN=$MGR salesan monitor --once --json)
is "$(jq -r '.[0].customer' <<<"$out") $(jq -r '.[0].stagesTotal' <<<"$out")" "Dana Lee 7" "--once --json dumps the live state"
SALESAN_TOKEN=$MGR salesan monitor </dev/null >/dev/null 2>&1
is "$?" 2 "without a terminal, monitor asks for --once"
exec 8>&-
kill "$REC" 2>/dev/null
done_testing
