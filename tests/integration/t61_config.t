#!/bin/bash
# salesan config: settings checked against the keys salesan reads, written
# atomically with mode 0600, secrets masked in list, edit through $EDITOR.
. "$(dirname "$0")/lib.sh"
CONF=$XDG_CONFIG_HOME/salesan/config

is "$(salesan config path)" "$CONF" "config path names the file"
salesan config get server >/dev/null 2>"$TMP/err"
is "$? $(cat "$TMP/err")" "3 salesan: error: server is not set" "an unset key is not found (exit 3)"
salesan config set server https://sales.example.com
is "$? $(salesan config get server)" "0 https://sales.example.com" "set then get"
is "$(stat -c %a "$CONF")" 600 "the file is private (0600)"
salesan config set server ftp://x 2>"$TMP/err"
like "$? $(cat "$TMP/err")" "^2 .*server must be an http:// or https:// URL" "values are checked"
salesan config set colour never 2>"$TMP/err"
like "$? $(cat "$TMP/err")" '^2 .*unknown setting "colour"' "a misspelt key is an error, not a silent no-op"
salesan config set color never && salesan config set speech.whisper_key sk-very-secret &&
	salesan config set monitor.canned.3 "Ask about budget"
is "$(salesan config list | tr '\n' '|')" "server = https://sales.example.com|color = never|speech.whisper_key = ********|monitor.canned.3 = Ask about budget|" \
	"list shows every setting, secrets masked"
is "$(salesan config list --json | jq -r '.["monitor.canned.3"]')" "Ask about budget" "and as JSON"
salesan config unset color && salesan config unset color
is "$? $(grep -c '^color' "$CONF")" "0 0" "unset removes a key, and twice is fine"
is "$(SALESAN_SERVER= salesan whoami 2>&1 | grep -c 'sales.example.com')" 1 "the configured server is the one used"

# edit: the editor's result is checked
printf '#!/bin/sh\necho "colour = never" >>"$1"\n' >"$TMP/ed.sh"; chmod +x "$TMP/ed.sh"
EDITOR=$TMP/ed.sh salesan config edit 2>"$TMP/err"
like "$? $(cat "$TMP/err")" "^1 .*config:[0-9]+: colour is not a setting salesan knows" "edit reports a bad line with its number"
printf '#!/bin/sh\nsed -i "/^colour/d" "$1"\n' >"$TMP/ed.sh"
EDITOR=$TMP/ed.sh salesan config edit
is "$?" 0 "and passes once it is fixed"
echo "colour = never" >>"$CONF"
salesan doctor >"$TMP/doc.txt" 2>&1
like "$(grep '^warn config' "$TMP/doc.txt")" "config:[0-9]+: colour is not a setting salesan knows" "doctor points at a setting salesan would ignore"
salesan config frobnicate >/dev/null 2>&1
is "$?" 2 "an unknown verb is a usage error"
done_testing
