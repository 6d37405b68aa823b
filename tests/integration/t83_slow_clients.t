#!/bin/bash
# Slow clients cannot tie salesand up: 100 connections dripping headers
# (slowloris), 20 dripping a body, 50 saying nothing, and 20 WebSockets
# that never authenticate.  Meanwhile every other client is answered
# within 1 s, and each slow connection is closed by the server in time.
. "$(dirname "$0")/lib.sh"
start_server --request-timeout 5
PORT=${URL##*:}
cat >"$TMP/slow.py" <<'PY'
import socket, subprocess, sys, time
port = int(sys.argv[1])
def conn(first):
    s = socket.create_connection(('127.0.0.1', port)); s.sendall(first); s.setblocking(False); return s
groups = {
    'headers': [conn(b'GET /health HTTP/1.1\r\nHost: x\r\n') for _ in range(100)],
    'body': [conn(b'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n'
                  b'Content-Length: 1000\r\n\r\n{') for _ in range(20)],
    'idle': [conn(b'') for _ in range(50)],
    'ws': [conn(b'GET /api/v1/live HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n'
                b'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n'
                b'Sec-WebSocket-Protocol: salesan.live.v1\r\n\r\n') for _ in range(20)],
}
drip = {'headers': b'X-a: b\r\n', 'body': b' ', 'idle': None, 'ws': None}
closed = {g: [None] * len(v) for g, v in groups.items()}
worst = 0.0
t0 = time.time()
while time.time() - t0 < 75 and any(c is None for v in closed.values() for c in v):
    for g, socks in groups.items():
        for i, s in enumerate(socks):
            if closed[g][i] is not None:
                continue
            try:
                while True:
                    d = s.recv(4096)
                    if not d:
                        raise ConnectionError
            except BlockingIOError:
                pass
            except Exception:
                closed[g][i] = time.time() - t0
                continue
            try:
                if drip[g]:
                    s.send(drip[g])
            except Exception:
                closed[g][i] = time.time() - t0
    r = subprocess.run(['curl', '-s', '-o', '/dev/null', '-w', '%{http_code} %{time_total}', '--max-time', '5',
                        f'http://127.0.0.1:{port}/health'], capture_output=True, text=True).stdout.split()
    worst = 99 if not r or r[0] != '200' else max(worst, float(r[1]))
    time.sleep(1)
for g in groups:
    times = [c for c in closed[g] if c is not None]
    print(g, len(times), len(closed[g]), int(max(times)) if times else -1)
print('worst', worst)
PY
out=$(timeout 90 python3 "$TMP/slow.py" "$PORT")
diag "$(echo "$out" | tr '\n' ' ')"
for g in headers body idle ws; do
	read -r _ n total secs <<<"$(grep "^$g " <<<"$out")"
	is "$n/$total" "$total/$total" "every $g connection is closed by the server (the last after ${secs} s)"
done
worst=$(sed -n 's/^worst //p' <<<"$out")
ok "$(awk -v w="$worst" 'BEGIN { exit !(w < 1.0) }'; echo $?)" "other clients were answered within 1 s throughout (worst ${worst} s)"
api GET /health
is "$STATUS" 200 "and the server is fine afterwards"
done_testing
