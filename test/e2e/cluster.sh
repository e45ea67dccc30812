#!/usr/bin/env bash
# The whole pipeline into a Redis Cluster: Canal records in a Kafka topic of
# 4 partitions, two `kcat-lite -G | canal2ops | ops2redis -c` pipelines in
# one consumer group, kill -9 of one pipeline while records flow; the other
# takes its partitions over. The final state equals a single Redis fed the
# whole topic.
. "$(dirname "$0")/../lib.sh"
. "$TOP/test/ops2redis/common.bash"
. "$TOP/test/ops2redis/cluster.bash"
for c in java mvn kcat redis-server; do
	command -v "$c" >/dev/null 2>&1 || skip_all "$c not installed (make deps)"
done
N=${N:-6000}
TOPIC=users
KAFKA_PORT=$(free_port); KAFKA_CONTROLLER_PORT=$(free_port); KAFKA_DIR=$WORK/kafka
export KAFKA_PORT KAFKA_CONTROLLER_PORT KAFKA_DIR
B=127.0.0.1:$KAFKA_PORT
at_exit "'$TOP/test/services/kafka.sh' stop >/dev/null 2>&1"
"$TOP/test/services/kafka.sh" start || { not_ok "kafka starts"; exit 1; }
"$TOP/test/services/kafka.sh" create-topic "$TOPIC" 4
start_redis REF
start_cluster 1
seed=$(echo $CL_PORTS | cut -d' ' -f1)
rc() { redis-cli -c -p "$seed" "$@"; }

# Canal flat messages for ids 1..500, INSERT, UPDATE (key kept) and DELETE,
# as kcat-lite -P -J envelopes; the partition is the id's hash (here the id
# modulo 4), as Canal's canal.mq.partitionHash would place them.
records() {	# records FIRST LAST
	awk -v a="$1" -v b="$2" 'BEGIN {
		srand(7 + a)
		for (i = a; i <= b; i++) {
			id = 1 + int(rand() * 500); r = rand()
			type = r < 0.6 ? "INSERT" : r < 0.9 ? "UPDATE" : "DELETE"
			old = type == "UPDATE" ? "[{\\\"v\\\":\\\"old\\\"}]" : "null"
			printf "{\"topic\":\"'"$TOPIC"'\",\"partition\":%d,\"key\":\"%d\",\"payload\":\"{\\\"data\\\":[{\\\"id\\\":\\\"%d\\\",\\\"name\\\":\\\"user %d\\\",\\\"v\\\":\\\"%d\\\"}],\\\"database\\\":\\\"shop\\\",\\\"es\\\":%d,\\\"id\\\":%d,\\\"isDdl\\\":false,\\\"mysqlType\\\":{\\\"id\\\":\\\"int\\\",\\\"name\\\":\\\"varchar(40)\\\",\\\"v\\\":\\\"int\\\"},\\\"old\\\":%s,\\\"pkNames\\\":[\\\"id\\\"],\\\"sql\\\":\\\"\\\",\\\"sqlType\\\":{\\\"id\\\":4,\\\"name\\\":12,\\\"v\\\":4},\\\"table\\\":\\\"user\\\",\\\"ts\\\":%d,\\\"type\\\":\\\"%s\\\"}\"}\n",
			    id % 4, id, id, id, i, 1700000000000 + i, i, old, 1700000000000 + i, type
		}
	}'
}
produce() { records "$1" "$2" | "$KCAT_LITE" -P -J -q --keep-partition -b "$B" -t "$TOPIC"; }

# The checkpoint names every partition before any pipeline starts (-1:
# from the beginning), so a member that takes over a partition of a killed
# one starts it from its own start checkpoint, never from the group's
# committed offset, which may be ahead of what was applied.
rc HSET canal2ops:checkpoint "$TOPIC:0" -1 "$TOPIC:1" -1 "$TOPIC:2" -1 "$TOPIC:3" -1 > /dev/null

# pipeline NAME: start one, its checkpoint read from the cluster first.
pipeline() {
	local n=$1
	rc --raw HGETALL canal2ops:checkpoint > "$WORK/$n.ckpt"
	rm -f "$WORK/$n.f1" "$WORK/$n.f2"; mkfifo "$WORK/$n.f1" "$WORK/$n.f2"
	# shellcheck disable=SC2086
	"$OPS2REDIS" -c $CL_SEEDS < "$WORK/$n.f2" 2> "$WORK/$n.o2r.err" &
	eval "${n}_O=$!"
	"$CANAL2OPS" -k 'user:{pk}' < "$WORK/$n.f1" > "$WORK/$n.f2" 2> "$WORK/$n.c2o.err" &
	eval "${n}_C=$!"
	"$KCAT_LITE" -C -v -b "$B" -G g1 -o beginning --resume "$WORK/$n.ckpt" \
	    -X session.timeout.ms=6000 -X heartbeat.interval.ms=500 \
	    -t "$TOPIC" > "$WORK/$n.f1" 2> "$WORK/$n.kcat.err" &
	eval "${n}_K=$!"
	eval "at_exit \"kill -9 \$${n}_K \$${n}_C \$${n}_O 2>/dev/null\""
}
assigned() { grep -q "assigned $TOPIC" "$WORK/$1.kcat.err"; }

pipeline A
wait_for 60 assigned A || not_ok "pipeline A joins"
pipeline B
wait_for 60 assigned B || not_ok "pipeline B joins"
wait_for 60 grep -q "revoked $TOPIC" "$WORK/A.kcat.err" || true
third=$((N / 3))
produce 1 "$third"
# the second third slowly, pipeline A killed while it flows
( for i in $(seq 0 19); do
	produce $((third + 1 + i * third / 20)) $((third + (i + 1) * third / 20)); sleep 0.1
  done ) & producer=$!
sleep 1
kill -9 "$A_K" "$A_C" "$A_O"
wait "$A_K" "$A_C" "$A_O" 2>/dev/null || true
echo "# killed pipeline A, checkpoint then: $(rc --raw HGETALL canal2ops:checkpoint | paste -sd' ')"
wait "$producer"
produce $((2 * third + 1)) "$N"

# Done when every partition's checkpoint is its last offset.
kcat -C -e -q -b "$B" -t "$TOPIC" -o -1 -f '%p %o\n' > "$WORK/last" 2>/dev/null
caught_up() {
	local p o
	while read -r p o; do
		[ "$(rc HGET canal2ops:checkpoint "$TOPIC:$p")" = "$o" ] || return 1
	done < "$WORK/last"
}
check "every partition's checkpoint reaches its last offset" wait_for 120 caught_up
is "four partitions" 4 "$(wc -l < "$WORK/last")"
for n in B; do
	eval "k=\$${n}_K c=\$${n}_C o=\$${n}_O"
	kill -TERM "$k"
	st=""
	for pid in $k $c $o; do r=0; wait "$pid" || r=$?; st="$st $r"; done
	is "pipeline $n: every stage exits 0" " 0 0 0" "$st"
done
check "pipeline B took the partitions of A over" \
    test "$(grep -c "assigned $TOPIC" "$WORK/B.kcat.err")" -gt 2
for f in "$WORK"/B.*.err; do
	! grep -q -E 'Sanitizer|runtime error' "$f" || { not_ok "no sanitizer report in $f"; head -20 "$f"; }
done

# The reference: the whole topic through canal2ops into one node.
"$KCAT_LITE" -C -q -e -o beginning -b "$B" -t "$TOPIC" | "$CANAL2OPS" -k 'user:{pk}' |
    "$OPS2REDIS" -p "$REF_PORT"
want=$(state "$REF_PORT")
is "the cluster equals a single node fed the whole topic" "$want" "$(cluster_state)"
check "keys in the reference" test "${want%% *}" -gt 100

# contrib's runner on the cluster (C2R_REDIS_CLUSTER): the checkpoint read
# through any node, ops2redis -c; more records reach the cluster.
produce $((N + 1)) $((N + 600))
C2R_BROKERS=$B C2R_TOPIC=$TOPIC C2R_REDIS_PORT=$seed C2R_REDIS_CLUSTER=1 \
C2R_CANAL2OPS_ARGS="-k user:{pk}" C2R_RESTART_DELAY=0.3 \
    "$TOP/contrib/canal2redis-run" 2> "$WORK/run.err" &
RUN=$!
at_exit "kill -TERM $RUN 2>/dev/null; wait $RUN 2>/dev/null"
kcat -C -e -q -b "$B" -t "$TOPIC" -o -1 -f '%p %o\n' > "$WORK/last" 2>/dev/null
check "runner on the cluster: every partition's checkpoint reaches its last offset" wait_for 120 caught_up
kill -TERM "$RUN"; rc=0; wait "$RUN" || rc=$?
is "runner on the cluster: stops cleanly" 0 "$rc"
"$KCAT_LITE" -C -q -e -o beginning -b "$B" -t "$TOPIC" | "$CANAL2OPS" -k 'user:{pk}' |
    "$OPS2REDIS" -p "$REF_PORT"
is "runner on the cluster: the cluster equals the reference" "$(state "$REF_PORT")" "$(cluster_state)"
