#!/bin/sh
# make demo: start the local salesand on the embedded SQLite database, set
# it up with a demo organization the first time, and show salesan working.
set -eu
cd "$(dirname "$0")/.."
S=bin/salesan
STATE=${XDG_STATE_HOME:-$HOME/.local/state}/salesan

$S server start
if $S whoami >/dev/null 2>&1; then
	echo "Already logged in:"
	$S whoami
else
	mkdir -p "$STATE"
	PWFILE=$STATE/demo-password
	if [ ! -s "$PWFILE" ]; then
		(umask 077; head -c 18 /dev/urandom | base64 | tr '+/' '-_' >"$PWFILE")
	fi
	if ! $S setup --email demo@salesan.example --first-name Dana --last-name Demo \
		--organization "Demo Sales Co" --password-file "$PWFILE" 2>/dev/null; then
		$S login --email demo@salesan.example --password-file "$PWFILE" || {
			echo "This server already has users; log in with: $S login" >&2
			exit 1
		}
	fi
	echo "Demo admin: demo@salesan.example, password in $PWFILE"
	$S calls create --customer "Globex Corporation" --date "tomorrow 10:00" \
		--email buyer@globex.example --tag enterprise >/dev/null 2>&1
	$S calls create --customer "Initech" --date "today 15:30" --phone "+1 555 0142" >/dev/null 2>&1
	id=$($S calls create --customer "Umbrella Health" --date "today 09:00" --json | jq -r .id)
	$S calls start "$id" >/dev/null 2>&1
	$S calls complete "$id" --outcome sale --amount 4800 --notes "Signed the annual plan" \
		>/dev/null 2>&1
fi
echo
$S calls list
echo
echo "A recorded call scored against the discovery script (offline):"
$S analyze --transcript tests/fixtures/analysis/disc-01.txt \
	--script share/salesan/scripts/discovery.json | head -14
echo
echo "Try: $S calls show ID   |   $S calls list --json   |   $S monitor   |   $S help"
echo "Stop the server with: $S server stop"
