# lib.sh - shared helpers for the integration tests (sourced, bash).
#
# Every test gets a private temporary directory (HOME and the XDG
# directories point inside it), starts its own salesand on a free port
# (--port 0 with a port file) with a fresh data directory, and always stops
# it and removes the directory on exit, whether the test passed or not.
#
#   start_server [salesand options...]   sets URL, API, SALESAN_SERVER, SRV_PID
#   api METHOD PATH [JSON] [TOKEN]        sets STATUS and BODY (and HEADERS file)
#   jqb FILTER                            jq over BODY
#   plan N | ok COND NAME | is GOT WANT NAME | like GOT REGEX NAME | done_testing

set -u
BIN=${SALESAN_BIN:?SALESAN_BIN must point at the built binaries}
export PATH="$BIN:$PATH"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/salesan-test.XXXXXX")
export HOME=$TMP/home XDG_CONFIG_HOME=$TMP/config XDG_DATA_HOME=$TMP/data \
	XDG_STATE_HOME=$TMP/state XDG_CACHE_HOME=$TMP/cache TZ=UTC
mkdir -p "$HOME"
unset SALESAN_SERVER SALESAN_TOKEN SALESAN_PROFILE NO_COLOR JWT_SECRET PORT HOST LOG_LEVEL LOG_FILE \
	SALESAN_DATA_DIR DATABASE_PATH CORS_ORIGIN NODE_ENV JWT_EXPIRES_IN
SERVER_PIDS=()
HELPER_PIDS=()
HELPERS=${SALESAN_HELPERS:-}
T_RUN=0
T_FAIL=0
T_PLAN=0

CLEANUP_CMDS=() # extra commands run at exit (tmux servers, ...)
cleanup() {
	local pid c
	for c in "${CLEANUP_CMDS[@]}"; do eval "$c" >/dev/null 2>&1; done
	for pid in "${HELPER_PIDS[@]}"; do
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	for pid in "${SERVER_PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null
	done
	for pid in "${SERVER_PIDS[@]}"; do
		for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	# Local servers started through `salesan server start` or `salesan demo`.
	for c in "$XDG_STATE_HOME/salesan/salesand.pid" "$XDG_STATE_HOME/salesan/demo/salesand.pid"; do
		[ -f "$c" ] || continue
		pid=$(cat "$c")
		kill -TERM "$pid" 2>/dev/null
		for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
		kill -KILL "$pid" 2>/dev/null
	done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

plan() { T_PLAN=$1; echo "1..$1"; }
ok() {
	T_RUN=$((T_RUN + 1))
	if [ "$1" = 0 ] || [ "$1" = true ]; then
		echo "ok $T_RUN - $2"
	else
		echo "not ok $T_RUN - $2"
		T_FAIL=$((T_FAIL + 1))
	fi
}
# ok_cmd NAME CMD...: the command succeeds
ok_cmd() { local name=$1; shift; "$@" >/dev/null 2>&1; ok $? "$name"; }
is() {
	if [ "$1" == "$2" ]; then ok 0 "$3"; else ok 1 "$3"; echo "#   got '$1', want '$2'" >&2; fi
}
like() {
	if [[ "$1" =~ $2 ]]; then ok 0 "$3"; else ok 1 "$3"; echo "#   '$1' does not match /$2/" >&2; fi
}
diag() { echo "# $*" >&2; }
# Stop every server this test started and check that each exited cleanly,
# with no sanitizer report (make check-asan runs the same tests).
stop_all_servers() {
	local pid status bad=0 f
	for pid in "${SERVER_PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		status=$?
		# 0 after SIGTERM; 143 when it was already gone (killed by the test).
		[ "$status" = 0 ] || [ "$status" = 143 ] || { diag "salesand $pid exited $status"; bad=1; }
	done
	SERVER_PIDS=()
	for f in "$TMP"/srv*/stderr; do
		[ -f "$f" ] || continue
		if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$f"; then
			diag "sanitizer report in $f:"
			head -40 "$f" >&2
			bad=1
		fi
	done
	ok "$bad" "every salesand exited cleanly with no sanitizer report"
}

done_testing() {
	[ "${#SERVER_PIDS[@]}" -gt 0 ] && stop_all_servers
	[ "$T_PLAN" = 0 ] && echo "1..$T_RUN"
	if [ "$T_PLAN" != 0 ] && [ "$T_PLAN" != "$T_RUN" ]; then
		diag "planned $T_PLAN tests, ran $T_RUN"
		exit 1
	fi
	[ "$T_FAIL" = 0 ]
	exit $?
}

# start_server [options]: a fresh salesand; waits for /health by polling.
# With SRV_DATA=DIR in the environment it reuses that data directory (a
# restart, or a second server on the same database); DATA_DIR is the one
# in use.
SRV_N=0
start_server() {
	SRV_N=$((SRV_N + 1))
	SRV_DIR=$TMP/srv$SRV_N
	mkdir -p "$SRV_DIR"
	# Tests send far more than the original's 100 requests per 15 minutes;
	# the rate-limit test passes its own --rate-limit-max after this one.
	DATA_DIR=${SRV_DATA:-$SRV_DIR}
	salesand --data-dir "$DATA_DIR" --port 0 --port-file "$SRV_DIR/port" \
		--log-file "$SRV_DIR/salesand.log" --rate-limit-max 1000000 "$@" 2>>"$SRV_DIR/stderr" &
	SRV_PID=$!
	SERVER_PIDS+=("$SRV_PID")
	local i
	for i in $(seq 200); do
		if [ -s "$SRV_DIR/port" ]; then
			URL="http://127.0.0.1:$(cat "$SRV_DIR/port")"
			if curl -s -o /dev/null --max-time 1 "$URL/health"; then
				API=$URL/api/v1
				export SALESAN_SERVER=$URL
				return 0
			fi
		fi
		kill -0 "$SRV_PID" 2>/dev/null || break
		sleep 0.05
	done
	diag "salesand did not start:"
	cat "$SRV_DIR/stderr" >&2
	exit 1
}

# stop_server [pid]: SIGTERM and wait.  (Never call a bare `wait` in a test:
# it would wait for the servers too.)
stop_server() {
	local pid=${1:-$SRV_PID}
	kill -TERM "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}

# api METHOD PATH [JSON] [TOKEN]: a TOKEN starting with slk_ is sent as an
# organization API key (X-API-Key), anything else as a Bearer token.
api() {
	local method=$1 path=$2 data=${3-} token=${4-}
	local args=(-s -o "$TMP/body" -D "$TMP/headers" -w '%{http_code}' -X "$method"
		-H 'Expect:' --max-time 20)
	# Extra request headers for one call: API_HEADERS=(-H 'X: y') api ...
	[ -n "${API_HEADERS+x}" ] && args+=("${API_HEADERS[@]}")
	case $token in
	'') ;;
	slk_*) args+=(-H "X-API-Key: $token") ;;
	*) args+=(-H "Authorization: Bearer $token") ;;
	esac
	if [ -n "$data" ]; then
		args+=(-H 'Content-Type: application/json' --data-binary "$data")
	elif [ "$method" != GET ] && [ "$method" != HEAD ] && [ "$method" != DELETE ]; then
		args+=(-H 'Content-Length: 0')
	fi
	STATUS=$(curl "${args[@]}" "$URL$path")
	BODY=$(cat "$TMP/body")
}
jqb() { jq -r "$1" <<<"$BODY"; }
header() { grep -i "^$1:" "$TMP/headers" | head -1 | cut -d' ' -f2- | tr -d '\r'; }

# start_smtp [--reject]: a local SMTP stub; sets SMTP_PORT and MAILDIR
# (each accepted message lands in $MAILDIR/mail-N.txt).
start_smtp() {
	MAILDIR=$TMP/mail.$RANDOM
	mkdir -p "$MAILDIR"
	"$HELPERS/smtpstub" "$MAILDIR/port" "$MAILDIR" "$@" >"$MAILDIR/stub.log" 2>&1 &
	HELPER_PIDS+=($!)
	for _ in $(seq 100); do [ -s "$MAILDIR/port" ] && break; sleep 0.05; done
	SMTP_PORT=$(cat "$MAILDIR/port")
}
# wait_mail N: poll until N messages arrived (at most 10 s).
wait_mail() {
	for _ in $(seq 200); do
		[ "$(ls "$MAILDIR"/mail-*.txt 2>/dev/null | wc -l)" -ge "$1" ] && return 0
		sleep 0.05
	done
	return 1
}

# start_httpstub: a local HTTP server standing in for an internet service;
# sets STUB_URL and STUB_DIR.  Answers come from $STUB_DIR/resp/METHOD/NAME
# (or resp/ANY/NAME; NAME is the path with / written as ~): "CODE TYPE",
# header lines, a blank line, the body (stub_answer writes one; stub_file
# names it); requests are recorded as $STUB_DIR/req-N.txt.
start_httpstub() {
	STUB_DIR=$TMP/http.$RANDOM
	mkdir -p "$STUB_DIR/resp/ANY"
	"$HELPERS/httpstub" "$STUB_DIR/port" "$STUB_DIR" >"$STUB_DIR/stub.log" 2>&1 &
	HELPER_PIDS+=($!)
	for _ in $(seq 100); do [ -s "$STUB_DIR/port" ] && break; sleep 0.05; done
	STUB_URL="http://127.0.0.1:$(cat "$STUB_DIR/port")"
}
# stub_answer METHOD PATH "CODE TYPE" [BODY] [HEADER...]
stub_file() { echo "$STUB_DIR/resp/$1/${2//\//\~}"; }
stub_answer() {
	local f status=$3 body=${4-}
	f=$(stub_file "$1" "$2")
	shift 3; [ $# -gt 0 ] && shift
	mkdir -p "$(dirname "$f")"
	{ echo "$status"; for h in "$@"; do echo "$h"; done; echo; printf '%s' "$body"; } >"$f"
}
# stub_requests: how many requests the stub has recorded.
stub_requests() { ls "$STUB_DIR"/req-*.txt 2>/dev/null | wc -l; }

# speech_fixtures: skip the whole test unless espeak-ng, sox and the
# pocketsphinx model are here, else synthesise the calls into $FX
# (tests/fixtures/speech/make-audio.sh).
speech_fixtures() {
	if ! command -v espeak-ng >/dev/null || ! command -v sox >/dev/null ||
		[ ! -e /usr/share/pocketsphinx/model/en-us/en-us.lm.bin ]; then
		echo "1..0 # SKIP espeak-ng, sox or the pocketsphinx model is missing (make deps)"
		exit 0
	fi
	FX=$TMP/fx
	"${SALESAN_SRC:?}/tests/fixtures/speech/make-audio.sh" "$FX"
}

# Helpers that build the usual cast.
PW='correct-horse-battery'
setup_admin() { # setup_admin EMAIL ORGNAME -> ADMIN_TOKEN, ORG_ID, ADMIN_ID
	api POST /api/v1/auth/setup-first-admin \
		"{\"email\":\"$1\",\"password\":\"$PW\",\"firstName\":\"Ada\",\"lastName\":\"Admin\",\"organizationName\":\"$2\"}"
	ADMIN_TOKEN=$(jqb .data.accessToken)
	ORG_ID=$(jqb .data.organization.id)
	ADMIN_ID=$(jqb .data.user.id)
}
# tui_session NAME: the TUI tests' private tmux server ($TM, killed at exit)
# and the session screen / waitscreen REGEX look at (15 s at most).
tui_session() {
	TM="tmux -L salesan-test-$$"
	TUI_SESSION=$1
	CLEANUP_CMDS+=("$TM kill-server")
}
screen() { $TM capture-pane -t "$TUI_SESSION" -p; }
waitscreen() {
	for _ in $(seq 150); do screen | grep -qE "$1" && return 0; sleep 0.1; done
	screen | sed 's/^/#   /' >&2
	return 1
}
register() { # register EMAIL ORG ROLE [MANAGER_ID] -> TOKEN, USER_ID
	local extra=""
	[ -n "${4-}" ] && extra=",\"managerId\":\"$4\""
	api POST /api/v1/auth/register \
		"{\"email\":\"$1\",\"password\":\"$PW\",\"firstName\":\"F\",\"lastName\":\"L\",\"organizationId\":\"$2\",\"role\":\"$3\"$extra}"
	TOKEN=$(jqb .data.accessToken)
	USER_ID=$(jqb .data.user.id)
}
