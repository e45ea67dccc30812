#!/usr/bin/env bash
# ops2redis -c under faults in the middle of a stream, on a real cluster of
# 3 masters with a replica each: CLUSTER FAILOVER, kill -9 of a master,
# slots resharded with redis-cli --cluster reshard, a master stopped
# (SIGSTOP) past the node timeout. Each time the final state must equal a
# single node applying the same ops, and the checkpoint, sampled while the
# stream runs, must never be ahead of the data (markers written before
# each checkpoint on every master must be there). Without --wait-replicas
# a kill -9 and a stall can lose acknowledged writes: those runs report
# what was lost, they do not assert it.
. "$(dirname "$0")/../lib.sh"
. "$TOP/test/ops2redis/common.bash"
. "$TOP/test/ops2redis/cluster.bash"
O=$OPS2REDIS
N=${N:-40000}

start_redis REF
start_cluster 1

# A hash tag for each master, for the markers.
tags=""
for m in $(cl masters); do
	for i in $(seq 1 300); do
		s=$(redis-cli -p "$m" CLUSTER KEYSLOT "m$i")
		if [ "$(cl master-of "$s")" = "$m" ]; then tags="$tags m$i"; break; fi
	done
done
is "a marker tag for each master" 3 "$(echo $tags | wc -w)"

# The stream: generated ops, and after every 500 of them a marker on each
# master, then a checkpoint naming the markers' number.
gen_ops "$N" 23 1 | awk -v tags="$tags" '
	BEGIN { n = split(tags, t, " ") }
	{ print }
	NR % 500 == 0 {
		b++
		for (i = 1; i <= n; i++) printf "SET mark:{%s}:%d %d\n", t[i], b, b
		printf "HSET canal2ops:checkpoint t:0 %d\n", b
	}' > "$WORK/ops"
want=$(ref_apply "$WORK/ops")
split -l 1000 "$WORK/ops" "$WORK/chunk."

# node: a node that answers (for redis-cli -c).
node() {
	local p
	for p in $CL_PORTS; do
		[ "$(redis-cli -p "$p" PING 2>/dev/null)" = PONG ] && { echo "$p"; return; }
	done
}

# monitor FILE: sample the checkpoint, then the markers it covers, until
# FILE.stop exists; one line a sample: "CKPT ok" or "CKPT missing TAG".
monitor() {
	local c t e p
	while [ ! -e "$1.stop" ]; do
		p=$(node)
		c=$(timeout 2 redis-cli -c -p "$p" HGET canal2ops:checkpoint t:0 2>/dev/null) || c=""
		case $c in ''|*[!0-9]*) sleep 0.1; continue;; esac
		for t in $tags; do
			e=$(timeout 2 redis-cli -c -p "$p" EXISTS "mark:{$t}:$c" 2>/dev/null) || e=""
			case $e in
			0) echo "$c missing $t";;
			1) echo "$c ok $t";;
			esac
		done
		sleep 0.1
	done > "$1"
}

# run NAME ASSERT OPTS FAULT...: stream the ops into the cluster, FAULT one
# second in; then bring every node back, and check (ASSERT=1) or report.
run() {
	local name=$1 assert=$2 opts=$3 pid mon rc=0 st lost ahead samples
	shift 3
	flush_cluster
	rm -f "$WORK/mon.$name.stop"
	monitor "$WORK/mon.$name" & mon=$!
	# shellcheck disable=SC2086
	for f in "$WORK"/chunk.*; do cat "$f"; sleep 0.05; done |
	    "$O" -c $CL_SEEDS -v -t 1 $opts 2> "$WORK/err.$name" & pid=$!
	sleep 1
	"$@"
	wait "$pid" || rc=$?
	touch "$WORK/mon.$name.stop"; wait "$mon" || true
	cl start > /dev/null 2>&1 || true
	cl wait-ok 60 || not_ok "$name: the cluster is ok again"
	st=$(cluster_state)
	samples=$(awk '{ print $1 }' "$WORK/mon.$name" | sort -u | wc -l)
	ahead=$(grep -c missing "$WORK/mon.$name" || true)
	if [ "$assert" = 1 ]; then
		is "$name: exit 0" 0 "$rc"
		is "$name: state equals a single node" "$want" "$st"
		check "$name: checkpoints sampled ($samples)" test "$samples" -ge 2
		is "$name: checkpoint never ahead of the data" 0 "$ahead"
	else
		key_digests $(cl masters) > "$WORK/got"
		key_digests "$REF_PORT" > "$WORK/want"
		lost=$(comm -23 "$WORK/want" "$WORK/got" | wc -l)
		echo "# $name (reported, not asserted): exit $rc, $lost of $(wc -l < "$WORK/want") keys differ from the reference, checkpoint ahead of the data in $ahead of $samples sampled checkpoints"
	fi
	grep -v ' applied, ' "$WORK/err.$name" | sed 's/[0-9][0-9]* commands/N commands/' | sort | uniq -c |
	    sort -rn | head -5 | cut -c1-150 | sed 's/^/#   /'
}

# The master serving the checkpoint key, and another one.
ck_master() { cl master-of "$(redis-cli -p "$(node)" CLUSTER KEYSLOT canal2ops:checkpoint)"; }
other_master() { cl masters | grep -v -x "$(ck_master)" | head -1; }

failover() { redis-cli -p "$(cl replicas "$(other_master)" | head -1)" CLUSTER FAILOVER > /dev/null; }
kill9() {	# the checkpoint's master, back as a replica once replaced
	local m r
	m=$(ck_master); r=$(cl replicas "$m" | head -1)
	kill -9 "$(cl pid "$m")"
	# Restarted empty (no persistence) before its replica took over, it
	# would be master again and the replica would copy its empty data
	# set: no client can keep data through that (Redis' replication docs
	# warn against restarting such a master by itself).
	wait_for 30 sh -c "redis-cli -p $r ROLE 2>/dev/null | head -1 | grep -qx master" ||
	    not_ok "kill -9: the replica $r takes over"
	sleep 1
	cl start > /dev/null
}
stall() {	# stopped for 6 s, three times the node timeout
	local m pid
	m=$(ck_master); pid=$(cl pid "$m")
	kill -STOP "$pid"
	sleep 6
	kill -CONT "$pid"
}
reshard() {
	local a b
	read -r a b <<< "$(echo $(cl masters) | cut -d' ' -f1,2)"
	redis-cli --cluster reshard "127.0.0.1:$a" --cluster-from "$(redis-cli -p "$a" CLUSTER MYID)" \
	    --cluster-to "$(redis-cli -p "$b" CLUSTER MYID)" --cluster-slots 2000 --cluster-yes \
	    > "$WORK/reshard.log" 2>&1 || { not_ok "reshard runs"; tail -5 "$WORK/reshard.log"; }
}

run failover 1 "" failover
run reshard 1 "" reshard
run kill9-wait 1 "--wait-replicas 1" kill9
run kill9 0 "" kill9
run stall-wait 1 "--wait-replicas 1" stall
run stall 0 "" stall

# A node added (a master without slots, so the map ops2redis takes at start
# does not name it), then slots resharded to it while the stream runs.
# Last: the new master has no replica.
new=$(free_port)
cl add-node "$new" "$(free_port)" > /dev/null || not_ok "a node is added"
grow() {
	redis-cli --cluster reshard "127.0.0.1:$(cl masters | head -1)" --cluster-from all \
	    --cluster-to "$(redis-cli -p "$new" CLUSTER MYID)" --cluster-slots 3000 --cluster-yes \
	    > "$WORK/grow.log" 2>&1 || { not_ok "reshard to the new node runs"; tail -5 "$WORK/grow.log"; }
}
run grow 1 "" grow
check "grow: the new node serves slots" grep -qx "$new" <(cl masters)
check "grow: commands went to the new node" grep -q "127.0.0.1:$new: [1-9][0-9]* applied" "$WORK/err.grow"
