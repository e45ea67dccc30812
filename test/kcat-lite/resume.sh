#!/usr/bin/env bash
# Crash and resume: kcat-lite | canal2ops | ops2redis is killed with -9
# mid-stream while records keep arriving; a new pipeline started with
# --resume from the checkpoint hash in Redis loses nothing and does not
# start over.
. "$(dirname "$0")/../lib.sh"
command -v redis-server >/dev/null || skip_all "redis-server not installed"
for p in "$CANAL2OPS" "$OPS2REDIS"; do
	[ -x "$p" ] || skip_all "$p not built"
done
. "$TOP/test/kcat-lite/broker.bash"
cd "$WORK"
REDIS_PORT=$(free_port) REDIS_DIR=$WORK/redis
export REDIS_PORT REDIS_DIR
at_exit "'$TOP/test/services/redis.sh' stop"
"$TOP/test/services/redis.sh" start
R="redis-cli -s $REDIS_DIR/redis.sock"
N=20000		# Canal INSERT messages, ids 1..N, in 4 chunks

# Envelopes with Canal flat messages as payloads, keyed by id.
awk -v n=$N 'BEGIN {
	for (i = 1; i <= n; i++) {
		p = sprintf("{\"data\":[{\"id\":\"%d\",\"v\":\"row %d\"}],\"database\":\"shop\",\"es\":1700000000000,\"id\":%d,\"isDdl\":false,\"mysqlType\":{\"id\":\"int\",\"v\":\"varchar(20)\"},\"old\":null,\"pkNames\":[\"id\"],\"sql\":\"\",\"sqlType\":{\"id\":4,\"v\":12},\"table\":\"t\",\"ts\":1700000000001,\"type\":\"INSERT\"}", i, i, i)
		gsub(/"/, "\\\"", p)
		printf "{\"key\":\"%d\",\"payload\":\"%s\"}\n", i, p
	}
}' > all.env
split -n l/4 -d all.env chunk.
topic canal 3

pipeline() {	# pipeline LOG KCAT-LITE-ARGS...: the three stages
	local log=$1; shift
	"$KCAT_LITE" -q -b "$B" -t canal "$@" 2>> "$log.err" | tee -a "$log" |
	    "$CANAL2OPS" --checkpoint-every 500 2>> "$log.err" |
	    "$OPS2REDIS" -s "$REDIS_DIR/redis.sock" 2>> "$log.err"
}

# Records keep arriving: one chunk now, the rest while the pipeline runs.
"$KCAT_LITE" -P -J -q -b "$B" -t canal chunk.00
export -f pipeline
export B KCAT_LITE CANAL2OPS OPS2REDIS REDIS_DIR
setsid bash -c 'pipeline first -o beginning' & pg=$!
at_exit "kill -9 -- -$pg 2>/dev/null"
( for c in chunk.01 chunk.02 chunk.03; do
	sleep 0.5; "$KCAT_LITE" -P -J -q -b "$B" -t canal "$c"; done ) & prod=$!
at_exit "kill $prod 2>/dev/null"
applied() { [ "$($R DBSIZE)" -ge "$1" ]; }
wait_for 60 applied $((N / 3))
kill -9 -- -"$pg"
wait "$pg" 2>/dev/null || true
got=$($R DBSIZE)
check "killed mid-stream ($got of $N keys applied)" test "$got" -le "$N"
wait "$prod"

# The checkpoint never runs ahead of the data.
check "a checkpoint was written" test "$($R HLEN canal2ops:checkpoint)" -gt 0
# a topic:partition:name field (a fact about the partition, as the binlog
# time of its last record) sits in the hash too: --resume skips it
$R HSET canal2ops:checkpoint canal:0:es 1700000000000 > /dev/null
$R --raw HGETALL canal2ops:checkpoint > ckpt
: > covered
while read -r field && read -r off; do
	case $field in *:*:*) continue;; esac	# topic:partition:name: no offset
	# every record up to the checkpointed offset must be in Redis
	jq -rR 'fromjson?' first | jq -r --arg p "${field#canal:}" --argjson o "$off" \
	    'select(.partition == ($p | tonumber) and .offset <= $o) | "EXISTS \(.key)"' >> covered
done < ckpt
ahead=$($R < covered | grep -vc '^1$' || true)
check "checkpoints cover records ($(wc -l < covered))" test -s covered
is "checkpointed records are all in Redis" 0 "$ahead"

# Resume from the checkpoint: everything arrives, nothing starts over.
bash -c 'pipeline second -o beginning -e --resume ckpt'
is "every key applied after the resume" $((N + 1)) "$($R DBSIZE)"
is "a row reads back" '{"id":"12345","v":"row 12345"}' "$($R GET 12345)"
while read -r field && read -r off; do
	case $field in *:*:*) continue;; esac
	p=${field#canal:}
	first=$(jq -r --arg p "$p" 'select(.partition == ($p | tonumber)) | .offset' second | head -1)
	is "partition $p resumed just after offset $off" $((off + 1)) "${first:-none}"
done < ckpt
before=$(wc -l < first)
again=$(wc -l < second)
check "resumed run read only the rest ($again lines after $before)" \
    test "$again" -lt "$N"
