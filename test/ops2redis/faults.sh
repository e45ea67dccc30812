#!/usr/bin/env bash
# ops2redis under faults: the connection killed again and again mid-stream,
# Redis shut down (and killed) and restarted mid-stream with an append-only
# file: the final state equals the reference and the exit status is 0.
. "$(dirname "$0")/../lib.sh"
. "$TOP/test/ops2redis/common.bash"
O=$OPS2REDIS
N=${N:-60000}
start_redis REF
start_redis K
start_redis R --appendonly yes --appendfsync always

gen_ops "$N" 1234 > "$WORK/ops"
head -n $((N / 2)) "$WORK/ops" > "$WORK/ops1"
tail -n +$((N / 2 + 1)) "$WORK/ops" > "$WORK/ops2"
redis-cli -p "$REF_PORT" < "$WORK/ops" > /dev/null
want=$(digest "$REF_PORT")

# CLIENT KILL in a loop (the killer skips itself; checks run after it ends)
( while [ ! -e "$WORK/killer.stop" ]; do
	redis-cli -p "$K_PORT" CLIENT KILL TYPE normal SKIPME yes > /dev/null 2>&1 || true
	sleep 0.02
  done ) & killer=$!
at_exit "touch '$WORK/killer.stop'; wait $killer 2>/dev/null || true"
split -l 1000 "$WORK/ops" "$WORK/chunk."
rc=0
for f in "$WORK"/chunk.*; do cat "$f"; sleep 0.02; done |
    "$O" -p "$K_PORT" -v -w 500 2> "$WORK/err.kill" || rc=$?
touch "$WORK/killer.stop"; wait "$killer" || true
is "CLIENT KILL loop: exit 0" 0 "$rc"
n=$(grep -c 'connection lost' "$WORK/err.kill" || true)
check "CLIENT KILL loop: connection was lost ($n times)" test "$n" -ge 5
is "CLIENT KILL loop: same state as the reference" "$want" "$(digest "$K_PORT")"
tail -1 "$WORK/err.kill" | sed 's/^/# /'

# restart mid-stream: $1 is how Redis goes away (stop: SIGTERM, kill: SIGKILL)
restart_test() {
	local how=$1 rc=0 pid
	redis-cli -p "$R_PORT" FLUSHALL > /dev/null
	rm -f "$WORK/fifo"; mkfifo "$WORK/fifo"
	"$O" -p "$R_PORT" -v < "$WORK/fifo" 2> "$WORK/err.$how" & pid=$!
	exec 3> "$WORK/fifo"
	cat "$WORK/ops1" >&3
	# some of the first half is in, maybe not all
	check "restart ($how): some ops in before" \
	    wait_for 20 sh -c "[ \$(redis-cli -p $R_PORT DBSIZE) -gt 100 ]"
	if [ "$how" = kill ]; then
		kill -9 "$(cat "$R_DIR/redis.pid")" || true
		# a killed daemon may stay a zombie: not "running" for redis.sh
		rm -f "$R_DIR/redis.pid"
		wait_for 10 sh -c "! redis-cli -p $R_PORT PING" || true
	else
		REDIS_PORT=$R_PORT REDIS_DIR=$R_DIR "$TOP/test/services/redis.sh" stop || true
	fi
	cat "$WORK/ops2" >&3 & feeder=$!
	sleep 1
	back=0
	REDIS_PORT=$R_PORT REDIS_DIR=$R_DIR REDIS_ARGS="--appendonly yes --appendfsync always" \
	    "$TOP/test/services/redis.sh" start 3>&- || back=$?	# the fifo stays ours
	wait "$feeder" || true
	exec 3>&-
	wait "$pid" || rc=$?
	is "restart ($how): exit 0" 0 "$rc"
	check "restart ($how): Redis back" test "$back" -eq 0
	check "restart ($how): connection was lost" grep -q "connection lost" "$WORK/err.$how"
	check "restart ($how): reconnected" grep -q " [1-9][0-9]* reconnects" "$WORK/err.$how"
	is "restart ($how): same state as the reference" "$want" "$(digest "$R_PORT")"
	tail -1 "$WORK/err.$how" | sed 's/^/# /'
}
restart_test stop
restart_test kill

# a server that stops answering (DEBUG SLEEP): --command-timeout gives up
# on the connection, a new one gets the command again
rm -f "$WORK/fifo"; mkfifo "$WORK/fifo"
"$O" -p "$K_PORT" --command-timeout 1 -v < "$WORK/fifo" 2> "$WORK/err.sleep" & pid=$!
exec 3> "$WORK/fifo"
echo "SET s1 1" >&3
wait_for 5 sh -c "[ \"\$(redis-cli -p $K_PORT GET s1)\" = 1 ]"
redis-cli -p "$K_PORT" DEBUG SLEEP 3 > /dev/null & sleeper=$!
sleep 0.3
echo "SET s2 2" >&3
exec 3>&-
rc=0; wait "$pid" || rc=$?
wait "$sleeper" || true
is "command timeout: exit 0" 0 "$rc"
check "command timeout: reported" grep -q "timed out waiting for a reply" "$WORK/err.sleep"
is "command timeout: applied after all" 2 "$(redis-cli -p "$K_PORT" GET s2)"
