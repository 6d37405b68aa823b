#!/bin/bash
# systemd integration: READY=1 once salesand listens, WATCHDOG=1 while its
# event loop turns (WatchdogSec, $WATCHDOG_USEC), STOPPING=1 on SIGTERM,
# all through $NOTIFY_SOCKET (the sd_notify protocol).
. "$(dirname "$0")/lib.sh"
SOCK=$TMP/notify.sock
python3 - "$SOCK" "$TMP/notify.log" <<'EOF2' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
with open(sys.argv[2], 'a', buffering=1) as log:
    while True:
        log.write(s.recv(4096).decode() + '\n')
EOF2
HELPER_PIDS+=($!)
for _ in $(seq 100); do [ -S "$SOCK" ] && break; sleep 0.05; done
NOTIFY_SOCKET=$SOCK WATCHDOG_USEC=1000000 start_server
for _ in $(seq 100); do grep -q WATCHDOG=1 "$TMP/notify.log" 2>/dev/null && break; sleep 0.05; done
like "$(head -1 "$TMP/notify.log")" '^READY=1$' "READY=1 once the server listens"
like "$(cat "$TMP/notify.log")" 'WATCHDOG=1' "WATCHDOG=1 while the event loop turns"
stop_server
for _ in $(seq 50); do grep -q STOPPING=1 "$TMP/notify.log" && break; sleep 0.05; done
like "$(cat "$TMP/notify.log")" 'STOPPING=1' "STOPPING=1 on SIGTERM"
SERVER_PIDS=()
start_server
is "$(curl -s "$URL/health" | jq -r .status)" OK "without NOTIFY_SOCKET nothing changes"
done_testing
