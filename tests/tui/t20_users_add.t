#!/bin/bash
# salesan users add on a terminal (tmux): each missing field is asked for
# with readline, Tab completes roles and managers' emails, the password is
# read without echo; and destructive actions ask for confirmation.
. "$(dirname "$0")/../integration/lib.sh"
start_server
echo "$PW" > "$TMP/pw"
salesan setup --email boss@acme.example --first-name Ada --last-name Boss --organization Acme \
	--password-file "$TMP/pw" >/dev/null 2>&1
salesan users add --email mia@acme.example --first-name Mia --last-name Chen --role sales_manager \
	--password-file "$TMP/pw" >/dev/null 2>&1
tui_session t
run() { # run COMMAND...: in a fresh tmux window
	$TM kill-session -t t 2>/dev/null
	$TM new-session -d -s t -x 120 -y 30 \
		"env SALESAN_SERVER=$URL TERM=xterm-256color HOME=$HOME XDG_CONFIG_HOME=$XDG_CONFIG_HOME XDG_CACHE_HOME=$XDG_CACHE_HOME $*; echo EXIT=\$?; sleep 30"
}

run salesan users add
ok "$(waitscreen '^Email:'; echo $?)" "asks for the email"
$TM send-keys -t t "sam@acme.example" Enter
ok "$(waitscreen '^First name:'; echo $?)" "then the first name"
$TM send-keys -t t "Sam" Enter
waitscreen '^Last name:' >/dev/null
$TM send-keys -t t "Rivera" Enter
ok "$(waitscreen '^Role \[sales_representative\]'; echo $?)" "then the role, with its default"
$TM send-keys -t t "sales_m" Tab
ok "$(waitscreen 'Role .*: sales_manager'; echo $?)" "Tab completes the role"
$TM send-keys -t t C-u "sales_r" Tab Enter
ok "$(waitscreen "^Manager's email"; echo $?)" "then the manager"
$TM send-keys -t t "mi" Tab
ok "$(waitscreen "Manager's email.*: mia@acme.example"; echo $?)" "Tab completes a manager's email"
$TM send-keys -t t Enter
ok "$(waitscreen '^Password for the new user'; echo $?)" "then the password"
$TM send-keys -t t "$PW" Enter
ok "$(waitscreen 'EXIT=0'; echo $?)" "the user is created"
ok "$(screen | grep -q "$PW"; [ $? = 1 ]; echo $?)" "the password was not echoed"
is "$(salesan users show sam@acme.example --json | jq -r '.role + " " + (.managerId | length | tostring)')" \
	"sales_representative 36" "with the role and manager given at the prompts"
salesan login --email sam@acme.example --password-file "$TMP/pw" --profile sam >/dev/null 2>&1
is "$?" 0 "and the password typed"

run salesan users disable sam@acme.example
ok "$(waitscreen 'Disable sam@acme.example\? .*\[y/N\]'; echo $?)" "disable asks for confirmation on a terminal"
$TM send-keys -t t n Enter
ok "$(waitscreen 'EXIT=1'; echo $?)" "no: nothing happens (exit 1)"
is "$(salesan users show sam@acme.example --json | jq -r .status)" active "the user is still active"
run salesan users disable sam@acme.example
waitscreen '\[y/N\]' >/dev/null
$TM send-keys -t t y Enter
ok "$(waitscreen 'EXIT=0'; echo $?)" "yes: disabled"
is "$(salesan users show sam@acme.example --json | jq -r .status)" inactive "the user is inactive"
done_testing
