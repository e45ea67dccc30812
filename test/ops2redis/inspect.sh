#!/usr/bin/env bash
# ops2redis --scan and --diff on a real redis-server: the keys of a pattern
# as DEL ops (byte for byte what canal2ops --as-deletes writes), and the ops
# whose effect Redis does not show, which applied bring it in step.
. "$(dirname "$0")/../lib.sh"
. "$TOP/test/ops2redis/common.bash"
command -v redis-server >/dev/null || skip_all "redis-server not installed"
O=$OPS2REDIS
start_redis R
R() { redis-cli -p "$R_PORT" "$@"; }
cd "$WORK"

# --scan: odd keys (space, quote, newline, a byte that is not UTF-8)
printf '%s\n' 'SET "t:a b" 1' "SET \"t:it's\" 1" 'SET "t:nl\nx" 1' 'SET "t:\xff" 1' \
    'SET t:1 1' 'SET other:1 1' 'SET "t*x" 1' | "$O" -p "$R_PORT"
rc=0; "$O" -p "$R_PORT" --scan 't:*' > scan || rc=$?
is "--scan: exit 0" 0 "$rc"
is "--scan: every key of the pattern once" 5 "$(sort -u scan | wc -l)"
check "--scan: written as ops" sh -c '! grep -v "^DEL " "$1"' _ scan
is "--scan: a glob character matched as written" 'DEL t*x' "$("$O" -p "$R_PORT" --scan 't\*x')"
is "--scan: nothing matches" "" "$("$O" -p "$R_PORT" --scan 'none:*')"
"$O" -p "$R_PORT" scan
is "--scan's ops remove exactly those keys" "other:1 t*x" "$(R KEYS '*' | sort | paste -sd' ')"
# the same bytes as canal2ops writes for the same keys
R SET 'u:ключ "x"' 1 > /dev/null
printf '%s\n' '{"data":[{"id":"ключ \"x\""}],"database":"d","pkNames":["id"],"table":"u","type":"INSERT"}' |
    "$CANAL2OPS" -k '{table}:{pk}' --as-deletes > want
same "--scan writes a key as canal2ops --as-deletes does" want <("$O" -p "$R_PORT" --scan 'u:*')
status_is "--scan with a file" 2 "$O" -p "$R_PORT" --scan 'x' want
status_is "--scan and --diff" 2 "$O" -p "$R_PORT" --scan 'x' --diff
R FLUSHALL > /dev/null

# --diff: rows in step, changed, missing; hashes with their HDEL; DEL
cat > want.ops <<'EOF'
SET s:1 '{"id":"1","v":"same"}'
SET s:2 '{"id":"2","v":"new"}'
SET s:3 '{"id":"3","v":"missing"}'
SET s:4 '{"id":"4"}' EX 3600
HSET h:1 id 1 v same
HDEL h:1 gone
HSET h:2 id 2 v new
HSET h:3 id 3 v extra
DEL d:1
DEL d:2
HDEL h:4 f
HSET canal2ops:checkpoint t:0 5
INCR counter
EOF
printf '%s\n' "SET s:1 '{\"id\":\"1\",\"v\":\"same\"}'" "SET s:2 '{\"id\":\"2\",\"v\":\"old\"}'" \
    "SET s:4 '{\"id\":\"4\"}'" 'HSET h:1 id 1 v same' 'HSET h:2 id 2 v old' \
    'HSET h:3 id 3 v extra more 1' 'SET d:2 x' 'HSET h:4 f 1 g 2' | "$O" -p "$R_PORT"
rc=0; "$O" -p "$R_PORT" --diff want.ops > diff 2> err || rc=$?
is "--diff: exit 1 when some differ" 1 "$rc"
cat > diff.want <<'EOF'
SET s:2 '{"id":"2","v":"new"}'
SET s:3 '{"id":"3","v":"missing"}'
DEL h:2
HSET h:2 id 2 v new
DEL h:3
HSET h:3 id 3 v extra
DEL d:2
HDEL h:4 f
EOF
same "--diff: the ops Redis does not show" diff.want diff
check "--diff: counts" grep -q '^ops2redis: 10 ops checked: 4 in step, 6 differ (1 of them missing), 1 not compared$' err
check "--diff: names what it cannot compare" grep -q '^ops2redis: want.ops:13: INCR: not compared' err
is "--diff writes nothing to Redis" "" "$(R GET s:3)"
"$O" -p "$R_PORT" diff
rc=0; "$O" -p "$R_PORT" -w 2 --diff want.ops > diff2 2> err2 || rc=$?
is "after applying it: in step (exit 0)" "0 0" "$rc $(wc -c < diff2)"

# bad input and a Redis that is not there
printf 'SET a 1\nSET "b' | "$O" -p "$R_PORT" --diff > /dev/null 2> err && rc=0 || rc=$?
is "--diff: a cut line exits 65" 65 "$rc"
check "--diff: the cut line named" grep -q 'stdin:2: no newline at the end' err
status_is "--diff: Redis down" 69 sh -c "echo 'SET a 1' | '$O' -p $(free_port) --diff 2>/dev/null"
status_is "--scan: Redis down" 69 "$O" -p "$(free_port)" --scan '*'
status_is "--scan: stdout full" 74 sh -c "'$O' -p $R_PORT --scan '*' > /dev/full 2>/dev/null"
# a signal: what was found so far, and exit 75 (not all was read)
rm -f fifo; mkfifo fifo
"$O" -p "$R_PORT" --diff < fifo > diff.sig 2> err.sig & pid=$!
exec 3> fifo
echo 'SET s:sig 1' >&3
connected() { [ "$(R INFO clients | sed -n 's/^connected_clients:\([0-9]*\).*/\1/p')" -ge 2 ]; }
wait_for 10 connected || not_ok "--diff connects"
kill -TERM "$pid"
rc=0; wait "$pid" || rc=$?
exec 3>&-
is "--diff stopped by SIGTERM: exit 75" 75 "$rc"
check "--diff stopped by SIGTERM: said" grep -q "stopped by a signal" err.sig
# stdout full while batches go on (not only at the end)
awk 'BEGIN { for (i = 0; i < 3000; i++) printf "SET full:%d x\n", i }' > full.ops
status_is "--diff: stdout full mid-stream" 74 sh -c "'$O' -p $R_PORT -w 100 --diff full.ops > /dev/full 2>/dev/null"
