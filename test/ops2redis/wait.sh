#!/usr/bin/env bash
# ops2redis --wait-replicas with a single master: commands kept until WAIT
# confirms them, checkpoints withheld while replicas are missing (and the
# documented exit status when they stay missing), and a failover by hand
# (kill -9 of the master, REPLICAOF NO ONE on the replica, several hosts
# given) that loses nothing.
. "$(dirname "$0")/../lib.sh"
. "$TOP/test/ops2redis/common.bash"
. "$TOP/test/ops2redis/cluster.bash"
O=$OPS2REDIS

start_redis REF
start_redis M
start_redis R --replicaof 127.0.0.1 "$M_PORT"
linked() { redis-cli -p "$1" INFO replication | grep -q master_link_status:up; }
wait_for 20 linked "$R_PORT" || not_ok "the replica is in sync"

# With a replica in sync: applied, and the replica has it all.
gen_ops 20000 31 > "$WORK/ops"
printf 'HSET canal2ops:checkpoint t:0 1\n' >> "$WORK/ops"
want=$(ref_apply "$WORK/ops")
rc=0; "$O" -p "$M_PORT" --wait-replicas 1 -v "$WORK/ops" 2> "$WORK/err" || rc=$?
is "in sync: exit 0" 0 "$rc"
is "in sync: the master's state" "$want" "$(state "$M_PORT")"
# WAIT confirmed it: the replica already has it (no waiting here)
is "in sync: the replica's state, at once" "$want" "$(state "$R_PORT")"
check "in sync: no short WAIT" sh -c "! grep -q 'WAIT:' '$WORK/err'"

# No replica: said, nothing released, checkpoint withheld; exit 75 after
# --retry-for, or at once on SIGTERM.
start_redis S
rc=0
printf 'SET s1 1\nHSET canal2ops:checkpoint t:0 7\nSET s2 2\n' |
    "$O" -p "$S_PORT" --wait-replicas 1 --wait-timeout 200 --retry-for 2 -v \
    2> "$WORK/err" || rc=$?
is "no replica: exit 75" 75 "$rc"
check "no replica: said" grep -q "WAIT: 0 of 1 replicas confirmed; keeping 1 commands" "$WORK/err"
check "no replica: gave up after --retry-for" grep -q "did not confirm within 2 s" "$WORK/err"
check "no replica: the unconfirmed reported" grep -q "stdin:1: 1 commands from here on not confirmed by WAIT" "$WORK/err"
is "no replica: checkpoint withheld" 0 "$(redis-cli -p "$S_PORT" EXISTS canal2ops:checkpoint)"
status_is "two replicas asked, one there: exit 75" 75 \
    sh -c "echo 'SET two 1' | '$O' -p $M_PORT --wait-replicas 2 --wait-timeout 100 --retry-for 1 2>/dev/null"

rm -f "$WORK/fifo"; mkfifo "$WORK/fifo"
"$O" -p "$S_PORT" --wait-replicas 1 --wait-timeout 200 < "$WORK/fifo" 2> "$WORK/err" & pid=$!
exec 3> "$WORK/fifo"
echo "SET s3 3" >&3
check "SIGTERM while waiting for replicas: said" wait_for 10 grep -q "WAIT: 0 of 1" "$WORK/err"
kill -TERM "$pid"
rc=0; wait "$pid" || rc=$?
exec 3>&-
is "SIGTERM while waiting for replicas: exit 75" 75 "$rc"

# The replica comes back in time: the checkpoint goes once it is confirmed.
redis-cli -p "$S_PORT" FLUSHALL > /dev/null
rm -f "$WORK/fifo"; mkfifo "$WORK/fifo"
"$O" -p "$S_PORT" --wait-replicas 1 --wait-timeout 200 -v < "$WORK/fifo" 2> "$WORK/err" & pid=$!
exec 3> "$WORK/fifo"
printf 'SET late 1\nHSET canal2ops:checkpoint t:0 9\n' >&3
check "replica late: said" wait_for 10 grep -q "WAIT: 0 of 1" "$WORK/err"
is "replica late: checkpoint withheld meanwhile" 0 "$(redis-cli -p "$S_PORT" EXISTS canal2ops:checkpoint)"
start_redis S2 --replicaof 127.0.0.1 "$S_PORT" 3>&-	# the fifo stays ours
check "replica late: checkpoint written once confirmed" \
    wait_for 20 sh -c "[ \"\$(redis-cli -p $S_PORT HGET canal2ops:checkpoint t:0)\" = 9 ]"
exec 3>&-
rc=0; wait "$pid" || rc=$?
is "replica late: exit 0" 0 "$rc"
check "replica late: said it goes on" grep -q "WAIT: 1 replicas confirmed, going on" "$WORK/err"
is "replica late: the replica has it" 1 "$(redis-cli -p "$S2_PORT" GET late)"

# Failover by hand while the stream runs: the master killed, the replica
# made master, a new replica for it. ops2redis, given both hosts, finds
# the new master and sends it what was not confirmed.
redis-cli -p "$M_PORT" FLUSHALL > /dev/null
wait_for 10 sh -c "[ \$(redis-cli -p $R_PORT DBSIZE) = 0 ]"
gen_ops 40000 37 > "$WORK/ops"
want=$(ref_apply "$WORK/ops")
split -l 1000 "$WORK/ops" "$WORK/chunk."
for f in "$WORK"/chunk.*; do cat "$f"; sleep 0.05; done |
    "$O" -h 127.0.0.1 -p "$M_PORT" -p "$R_PORT" -t 1 --wait-replicas 1 -v \
    2> "$WORK/err" & pid=$!
sleep 1
kill -9 "$(cat "$M_DIR/redis.pid")"
rm -f "$M_DIR/redis.pid"
sleep 1
redis-cli -p "$R_PORT" REPLICAOF NO ONE > /dev/null
sleep 1
REDIS_PORT=$M_PORT REDIS_DIR=$M_DIR REDIS_ARGS="--replicaof 127.0.0.1 $R_PORT" \
    "$TOP/test/services/redis.sh" start
rc=0; wait "$pid" || rc=$?
is "failover: exit 0" 0 "$rc"
is "failover: the new master's state" "$want" "$(state "$R_PORT")"
check "failover: the old master was skipped as a replica or down" \
    grep -q "no master: 127.0.0.1:$M_PORT: .*127.0.0.1:$R_PORT: a replica" "$WORK/err"
check "failover: reconnected to the new master" grep -q "127.0.0.1:$R_PORT: connected" "$WORK/err"
grep -v ' applied, ' "$WORK/err" | sed 's/^/#   /'
