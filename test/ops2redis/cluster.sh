#!/usr/bin/env bash
# ops2redis -c on a real Redis Cluster (3 masters, a replica each): options,
# CRC16 slots against CLUSTER KEYSLOT, the same state as a single node for
# generated ops, seeds, ASK and MOVED while a slot migrates, keys in
# several slots, checkpoints, ACL users, progress per node.
. "$(dirname "$0")/../lib.sh"
. "$TOP/test/ops2redis/common.bash"
. "$TOP/test/ops2redis/cluster.bash"
O=$OPS2REDIS

# options that do not go with -c
for bad in "-n 1" "--atomic" "-s /tmp/none.sock"; do
	# shellcheck disable=SC2086
	status_is "-c with $bad: usage" 2 "$O" -c $bad < /dev/null
done
"$O" -c -n 1 < /dev/null 2> "$WORK/err" || true
check "-c -n: says why" grep -q "database 0 only" "$WORK/err"
status_is "--wait-replicas x: usage" 2 "$O" --wait-replicas x < /dev/null
status_is "--wait-timeout 0: usage" 2 "$O" --wait-timeout 0 < /dev/null

start_redis REF
start_cluster 1
masters=$(cl masters)
read -r m1 m2 m3 <<< "$(echo $masters)"
is "three masters" 3 "$(echo "$masters" | wc -w)"

# Our slot of every key (binary ones, hash tags) is the one Redis computes.
gen_ops 3000 3 1 > "$WORK/ops"
keyslot < "$WORK/ops" > "$WORK/ks"
cut -f1 "$WORK/ks" > "$WORK/slots.ours"
cut -f2- "$WORK/ks" | redis-cli -p "$m1" > "$WORK/slots.redis"
same "CRC16 slots equal CLUSTER KEYSLOT (3000 keys)" "$WORK/slots.redis" "$WORK/slots.ours"

# Generated ops, keys with and without hash tags: the state of a single
# node applying them with redis-cli, for several windows.
gen_ops 20000 5 1 > "$WORK/ops"
want=$(ref_apply "$WORK/ops")
for opt in "-w 1" "-w 7" "" "--wait-replicas 1"; do
	flush_cluster
	rc=0
	# shellcheck disable=SC2086
	"$O" -c $CL_SEEDS $opt -v "$WORK/ops" 2> "$WORK/err" || rc=$?
	is "generated ops ${opt:-(default)}: exit 0" 0 "$rc"
	is "generated ops ${opt:-(default)}: state equals a single node" "$want" "$(cluster_state)"
done
check "every master got some" test "$(grep -c ': [1-9][0-9]* applied, 0 error replies, 0 moved' "$WORK/err")" -eq 3
check "WAIT confirmed every window" grep -q ', 0 short WAITs' "$WORK/err"
! grep -q -v -e ', 0 short WAITs' -e '^ops2redis: [0-9]' "$WORK/err" ||
    { not_ok "no short WAIT"; cat "$WORK/err"; }
flush_cluster

# Seeds: -p given several times (the host repeated); the first one down.
dead=$(free_port)
printf 'SET seeds 1\n' | "$O" -c -h 127.0.0.1 -p "$dead" -p "$m2" 2> "$WORK/err"
is "a dead seed is skipped" 1 "$(redis-cli -c -p "$m1" GET seeds)"
status_is "no seed answers: unavailable" 69 "$O" -c -p "$dead" --retry-for 0 < /dev/null
status_is "-c on a node without cluster mode: unavailable" 69 "$O" -c -p "$REF_PORT" < /dev/null
"$O" -c -p "$REF_PORT" < /dev/null 2> "$WORK/err" || true
check "-c on a single node: says so" grep -q "cluster support disabled" "$WORK/err"

# Without -c, a MOVED reply names cluster mode.
slot=$(redis-cli -p "$m1" CLUSTER KEYSLOT nocluster)
wrong=$m1; [ "$(cl master-of "$slot")" = "$m1" ] && wrong=$m2
rc=0; printf 'SET nocluster 1\n' | "$O" -p "$wrong" 2> "$WORK/err" || rc=$?
is "MOVED without -c: exit 65" 65 "$rc"
check "MOVED without -c: use -c" grep -q "MOVED $slot .*(a Redis Cluster node: use -c)" "$WORK/err"

# Keys in several slots are refused (and no later checkpoint written);
# with one hash tag they go.
rc=0
printf 'DEL {a}x {b}y\nMSET {a}x 1 {a}y 2\nHSET canal2ops:checkpoint t:0 1\n' |
    "$O" -c -p "$m1" 2> "$WORK/err" || rc=$?
is "keys in several slots: exit 65" 65 "$rc"
check "keys in several slots: said" grep -q "stdin:1: keys in different hash slots" "$WORK/err"
is "one hash tag: applied" "1 2" "$(redis-cli -c -p "$m1" MGET {a}x {a}y | tr '\n' ' ' | sed 's/ $//')"
is "checkpoint after a refused command: withheld" 0 "$(redis-cli -c -p "$m1" EXISTS canal2ops:checkpoint)"

# An error reply on one master withholds a checkpoint that lives on another.
tag() {	# tag PORT: a hash tag whose slot that master serves
	local i
	for i in $(seq 1 200); do
		[ "$(cl master-of "$(redis-cli -p "$m1" CLUSTER KEYSLOT "t$i")")" = "$1" ] &&
		    { echo "t$i"; return; }
	done
}
ckslot=$(redis-cli -p "$m1" CLUSTER KEYSLOT canal2ops:checkpoint)
ckm=$(cl master-of "$ckslot")
other=$m1; [ "$ckm" = "$m1" ] && other=$m2
t=$(tag "$other")
redis-cli -c -p "$m1" SET "{$t}str" x > /dev/null
rc=0
printf 'HSET {%s}str f v\nHSET canal2ops:checkpoint t:0 2\n' "$t" |
    "$O" -c -p "$m1" 2> "$WORK/err" || rc=$?
is "error on another master: exit 65" 65 "$rc"
is "error on another master: checkpoint withheld" 0 "$(redis-cli -c -p "$m1" EXISTS canal2ops:checkpoint)"
printf 'SET {%s}ok 1\nHSET canal2ops:checkpoint t:0 3\n' "$t" | "$O" -c -p "$m1"
is "checkpoint after acknowledged commands: written" 3 "$(redis-cli -c -p "$m1" HGET canal2ops:checkpoint t:0)"

# A slot migrating while ops2redis runs: keys not on the source any more
# get ASK (ASKING, then the command on the target; the map unchanged); once
# the slot has moved, MOVED (the map changes). Commands of a key stay in
# order through both.
t=$(tag "$m1"); S=$(redis-cli -p "$m1" CLUSTER KEYSLOT "$t")
id1=$(redis-cli -p "$m1" CLUSTER MYID); id2=$(redis-cli -p "$m2" CLUSTER MYID)
redis-cli -p "$m1" SET "{$t}old" 0 > /dev/null
rm -f "$WORK/fifo"; mkfifo "$WORK/fifo"
"$O" -c -p "$m1" -v < "$WORK/fifo" 2> "$WORK/err.ask" & pid=$!
exec 3> "$WORK/fifo"
echo "SET {$t}warm 1" >&3	# the map is taken before the migration
wait_for 10 sh -c "[ \"\$(redis-cli -p $m1 GET '{$t}warm')\" = 1 ]"
redis-cli -p "$m2" CLUSTER SETSLOT "$S" IMPORTING "$id1" > /dev/null
redis-cli -p "$m1" CLUSTER SETSLOT "$S" MIGRATING "$id2" > /dev/null
printf '%s\n' "SET {$t}old 1" "SET {$t}new 1" "SET {$t}new 2" "DEL {$t}new" \
    "SET {$t}new 3" "HSET {$t}h f v" "SET {$t}old 2" >&3
check "ASK: applied on the target" wait_for 10 sh -c "[ \"\$(printf 'ASKING\nGET {$t}new\n' | redis-cli -p $m2 | tail -1)\" = 3 ]"
is "ASK: a key still on the source is written there" 2 "$(redis-cli -p "$m1" GET "{$t}old")"
is "ASK: the hash on the target" v "$(printf 'ASKING\nHGET {%s}h f\n' "$t" | redis-cli -p "$m2" | tail -1)"
# finish the migration: the keys, then the slot's owner everywhere
redis-cli -p "$m1" MIGRATE 127.0.0.1 "$m2" "" 0 5000 KEYS "{$t}old" "{$t}warm" > /dev/null
for m in $m2 $m1 $m3; do redis-cli -p "$m" CLUSTER SETSLOT "$S" NODE "$id2" > /dev/null; done
printf '%s\n' "SET {$t}old 3" "SET {$t}new 4" >&3
exec 3>&-
rc=0; wait "$pid" || rc=$?
is "ASK and MOVED: exit 0" 0 "$rc"
is "after MOVED: applied on the new owner" "3 4" "$(redis-cli -p "$m2" MGET "{$t}old" "{$t}new" | tr '\n' ' ' | sed 's/ $//')"
check "ASK counted" grep -q "127.0.0.1:$m1: .* [1-9][0-9]* asked" "$WORK/err.ask"
check "MOVED counted" grep -q "127.0.0.1:$m1: .* [1-9][0-9]* moved" "$WORK/err.ask"
cl wait-ok 30 || not_ok "the cluster is ok after the migration"

# With --wait-replicas a command applied but not confirmed stays kept. A
# later command of its key redirected (the slot moved: MOVED; the key
# moved: ASK) takes it along, first: sent again to the old master after a
# reconnect, it would be redirected behind the later one and undo it. The
# replicas of both masters are paused so that nothing is confirmed; ops
# for a third master keep ops2redis reading until the first ASK moved a
# command of the slot to the target, so that the next one waits for it.
get2() { printf 'ASKING\nGET %s\n' "$1" | redis-cli -p "$m2" | tail -1; }
k_is() { [ "$(get2 "$1")" = "$2" ]; }	# k_is KEY VALUE, on m2 (also importing)
kept_redirect() {	# kept_redirect MOVED|ASK
	local how=$1 t u S r1 r2 pid rc
	t=$(tag "$m1"); u=$(tag "$m3"); S=$(redis-cli -p "$m1" CLUSTER KEYSLOT "$t")
	r1=$(cl replicas "$m1" | head -1); r2=$(cl replicas "$m2" | head -1)
	rm -f "$WORK/fifo"; mkfifo "$WORK/fifo"
	"$O" -c -p "$m1" --wait-replicas 1 --wait-timeout 200 -v < "$WORK/fifo" \
	    2> "$WORK/err.kept" & pid=$!
	exec 3> "$WORK/fifo"
	echo "SET {$t}k 0" >&3
	wait_for 10 sh -c "[ \"\$(redis-cli -p $m1 GET '{$t}k')\" = 0 ]"
	redis-cli -p "$m2" CLUSTER SETSLOT "$S" IMPORTING "$id1" > /dev/null
	redis-cli -p "$m1" CLUSTER SETSLOT "$S" MIGRATING "$id2" > /dev/null
	kill -STOP "$(cl pid "$r1")" "$(cl pid "$r2")"
	{ echo "SET {$t}k 1"; echo "SET {$t}other 1"
	  seq 1 20000 | sed "s/^/SET {$u}pad /"; echo "SET {$t}k 2"; } > "$WORK/burst"
	cat "$WORK/burst" >&3
	wait_for 10 grep -q "WAIT: 0 of 1" "$WORK/err.kept"
	redis-cli -p "$m1" MIGRATE 127.0.0.1 "$m2" "" 0 5000 KEYS "{$t}k" > /dev/null
	if [ "$how" = MOVED ]; then
		for m in $m2 $m1 $m3; do
			redis-cli -p "$m" CLUSTER SETSLOT "$S" NODE "$id2" > /dev/null
		done
	fi
	kill -CONT "$(cl pid "$r2")"
	wait_for 10 k_is "{$t}k" 2
	redis-cli -p "$m1" CLIENT KILL TYPE normal > /dev/null
	kill -CONT "$(cl pid "$r1")"
	exec 3>&-
	rc=0; wait "$pid" || rc=$?
	is "$how of a kept command's key, then a reconnect: exit 0" 0 "$rc"
	is "$how of a kept command's key, then a reconnect: the last value" 2 "$(get2 "{$t}k")"
	check "$how of a kept command's key: the source was reconnected" \
	    grep -q "127.0.0.1:$m1: .* 1 reconnects" "$WORK/err.kept"
	for m in $m2 $m1 $m3; do redis-cli -p "$m" CLUSTER SETSLOT "$S" NODE "$id2" > /dev/null; done
	cl wait-ok 30 || not_ok "$how of a kept command's key: the cluster is ok again"
}
kept_redirect MOVED
kept_redirect ASK

# ACL user on every node; a wrong password fails at once.
for p in $CL_PORTS; do
	redis-cli -p "$p" ACL SETUSER loader on '>s3cret' '~*' '&*' +@all > /dev/null
done
printf 'SET acl:1 1\nSET acl:2 2\nSET acl:3 3\n' |
    "$O" -c -p "$m1" --user loader -a s3cret --no-auth-warning
is "ACL user: applied" "1 2 3" "$(for k in acl:1 acl:2 acl:3; do redis-cli -c -p "$m1" GET $k; done | tr '\n' ' ' | sed 's/ $//')"
status_is "ACL user, wrong password: unavailable" 69 \
    "$O" -c -p "$m1" --user loader -a wrong --no-auth-warning < /dev/null

# --progress: the total and a rate for each master.
gen_ops 6000 21 1 > "$WORK/ops"
split -l 1000 "$WORK/ops" "$WORK/chunk."
for f in "$WORK"/chunk.*; do cat "$f"; sleep 0.4; done |
    "$O" -c $CL_SEEDS --progress 2> "$WORK/err"
check "--progress: per master" grep -q "reconnects; 127.0.0.1:[0-9]* [0-9]*/s, 127.0.0.1:[0-9]* [0-9]*/s" "$WORK/err"
sed -n 1p "$WORK/err" | sed 's/^/# /'

# --scan and --diff on every master: the keys of a pattern once each; the
# rows that differ, wherever their slot is.
for m in $(cl masters); do redis-cli -p "$m" FLUSHALL > /dev/null; done
awk 'BEGIN { for (i = 0; i < 2000; i++) printf "SET row:%d '"'"'{\"id\":\"%d\"}'"'"'\n", i, i
	for (i = 0; i < 50; i++) printf "SET {t}row:%d x\n", i }' > "$WORK/rows"
"$O" -c $CL_SEEDS "$WORK/rows"
"$O" -c $CL_SEEDS --scan 'row:*' | sort > "$WORK/scan"
is "-c --scan: every key of the pattern once, from every master" 2000 "$(sort -u "$WORK/scan" | wc -l)"
is "-c --scan: a DEL op each" "DEL row:0" "$(sort -V "$WORK/scan" | head -1)"
status_is "-c --diff: in step" 0 sh -c "'$O' -c $CL_SEEDS --diff '$WORK/rows' 2>/dev/null"
redis-cli -c -p "$m1" SET row:7 changed > /dev/null
redis-cli -c -p "$m1" DEL row:1999 > /dev/null
rc=0; "$O" -c $CL_SEEDS --diff "$WORK/rows" > "$WORK/diff" 2>/dev/null || rc=$?
is "-c --diff: exit 1" 1 "$rc"
is "-c --diff: the changed and the missing row" "SET row:7 '{\"id\":\"7\"}'|SET row:1999 '{\"id\":\"1999\"}'" "$(paste -sd'|' "$WORK/diff")"

# --diff while a slot migrates: a read answered ASK is read again on the
# target, apart from the reads of the batch pending there.
t=$(tag "$m1"); v=$(tag "$m2"); S=$(redis-cli -p "$m1" CLUSTER KEYSLOT "$t")
redis-cli -c -p "$m1" SET "{$v}x" 1 > /dev/null
redis-cli -p "$m2" CLUSTER SETSLOT "$S" IMPORTING "$id1" > /dev/null
redis-cli -p "$m1" CLUSTER SETSLOT "$S" MIGRATING "$id2" > /dev/null
printf 'SET {%s}new 1\nSET {%s}x 1\n' "$t" "$v" > "$WORK/ask.ops"
rc=0; "$O" -c $CL_SEEDS --diff "$WORK/ask.ops" > "$WORK/diff" 2>/dev/null || rc=$?
is "-c --diff, ASK: exit 1" 1 "$rc"
is "-c --diff, ASK: only the missing key" "SET {$t}new 1" "$(cat "$WORK/diff")"
for m in $m2 $m1 $m3; do redis-cli -p "$m" CLUSTER SETSLOT "$S" NODE "$id2" > /dev/null; done
