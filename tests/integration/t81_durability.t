#!/bin/bash
# Durability: kill -9 of salesand under a sustained write load loses no
# write it acknowledged; the database passes PRAGMA integrity_check; and
# the restart is quick.
. "$(dirname "$0")/lib.sh"
start_server
setup_admin boss@acme.example Acme
# Four writers, each counting the creates salesand answered 201.
writer() { # writer N
	local i=0 code
	while :; do
		code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H "Authorization: Bearer $ADMIN_TOKEN" \
			-H 'Content-Type: application/json' \
			-d "{\"customerName\":\"W$1-$i\",\"appointmentDate\":\"2024-06-01T10:00:00Z\"}" \
			"$URL/api/v1/sales-calls") || break
		[ "$code" = 201 ] || break
		echo "W$1-$i" >>"$TMP/acked.$1"
		i=$((i + 1))
	done
}
for w in 1 2 3 4; do writer "$w" & HELPER_PIDS+=($!); done
sleep 3
kill -KILL "$SRV_PID"; wait "$SRV_PID" 2>/dev/null
SERVER_PIDS=() # (killed on purpose)
for pid in "${HELPER_PIDS[@]}"; do wait "$pid" 2>/dev/null; done
HELPER_PIDS=()
acked=$(cat "$TMP"/acked.* 2>/dev/null | sort)
n=$(printf '%s\n' "$acked" | grep -c .)
ok "$([ "$n" -gt 50 ] && echo 0 || echo 1)" "the writers had $n creates acknowledged before kill -9"
is "$(sqlite3 "$DATA_DIR/salesan.db" 'PRAGMA integrity_check')" ok "the database passes PRAGMA integrity_check"
stored=$(sqlite3 "$DATA_DIR/salesan.db" "SELECT customer_name FROM sales_calls" | sort)
missing=$(comm -23 <(printf '%s\n' "$acked") <(printf '%s\n' "$stored") | grep -c .)
is "$missing" 0 "every acknowledged create is there after the crash"
t0=$(date +%s%N)
SRV_DATA=$DATA_DIR start_server
t1=$(date +%s%N)
diag "restart to /health answering: $(( (t1 - t0) / 1000000 )) ms (includes the harness's polling)"
ok "$([ $(( (t1 - t0) / 1000000 )) -lt 10000 ] && echo 0 || echo 1)" "the restarted server answers (within 10 s)"
api POST /api/v1/auth/login "{\"email\":\"boss@acme.example\",\"password\":\"$PW\"}"
api GET "/api/v1/sales-calls?limit=1" "" "$(jqb .data.accessToken)"
is "$(jqb .data.pagination.total)" "$(sqlite3 "$DATA_DIR/salesan.db" 'SELECT count(*) FROM sales_calls')" \
	"and serves what was stored"
done_testing
