#!/usr/bin/env bash
# canal2ops on envelopes written by Debian's kcat -C -J and by kcat-lite,
# from a real Kafka broker: the ops equal those of the raw Canal lines,
# followed by the checkpoint of the last offset; tombstones are skipped
# and a non-UTF-8 payload is a bad record.
. "$(dirname "$0")/../lib.sh"
. "$TOP/test/kcat-lite/broker.bash"
cd "$WORK"


topic canal 2
# Canal's messages as the project's stack wrote them (examples/), split in two
K={table}:{pk}
jq -r .payload "$TOP/examples/canal-topic.ndjson" > payloads
head -7 payloads > p0
tail -n +8 payloads > p1
kcat -P -b "$B" -t canal -p 0 < p0		# stdin: a message a line
# partition 1: the samples, a tombstone (key, null value), a non-UTF-8 value
kcat -P -b "$B" -t canal -p 1 < p1
printf 'gone\t\n' | kcat -P -b "$B" -t canal -p 1 -K "$(printf '\t')" -Z
printf '{"data":[{"id":"9","v":"\xff"}],"table":"t","type":"INSERT"}\n' |
    kcat -P -b "$B" -t canal -p 1

n0=$(wc -l < p0)
n1=$(wc -l < p1)
es0=$(jq -s 'map(.es) | max' p0)	# the newest binlog time of each
es1=$(jq -s 'map(.es) | max' p1)
"$CANAL2OPS" -k "$K" p0 > want0
echo "HSET canal2ops:checkpoint canal:0 $((n0 - 1)) canal:0:es $es0" >> want0
"$CANAL2OPS" -k "$K" p1 > want1
# kcat writes the non-UTF-8 value as raw bytes: that line is no JSON, its
# position unknown, so the checkpoint stays at the tombstone. kcat-lite
# base64-encodes it: canal2ops knows the position and covers it.
cp want1 want1.kcat
echo "HSET canal2ops:checkpoint canal:1 $n1 canal:1:es $es1" >> want1.kcat
echo "HSET canal2ops:checkpoint canal:1 $((n1 + 1)) canal:1:es $es1" >> want1.kcat-lite
cat want1 want1.kcat-lite > want1.tmp && mv want1.tmp want1.kcat-lite
bad_kcat="^canal2ops: kcat.env1:$((n1 + 2)): invalid UTF-8 in string at byte [0-9]*\$"
bad_lite="^canal2ops: kcat-lite.env1:$((n1 + 2)): topic canal partition 1 offset $((n1 + 1)): payload: invalid UTF-8 in string at byte [0-9]*\$"

consume() {	# consume NAME BAD-PATTERN TOOL...: both partitions through canal2ops
	local name=$1 bad=$2 p rc; shift 2
	for p in 0 1; do
		rc=0
		"$@" -C -J -e -q -b "$B" -t canal -p "$p" -o beginning > "$name.env$p"
		"$CANAL2OPS" -k "$K" -v "$name.env$p" > "$name.ops$p" 2> "$name.err$p" || rc=$?
		echo "$rc" > "$name.rc$p"
	done
	same "$name -J, partition 0: ops and checkpoint" want0 "$name.ops0"
	is "$name -J, partition 0: exit 0" 0 "$(cat "$name.rc0")"
	same "$name -J, partition 1: ops and checkpoint" "want1.$name" "$name.ops1"
	check "$name -J, partition 1: tombstone counted" grep -q '(1 tombstones)' "$name.err1"
	check "$name -J, partition 1: the bad record reported" grep -q "$bad" "$name.err1"
	is "$name -J, partition 1: exit 65" 65 "$(cat "$name.rc1")"
}

consume kcat "$bad_kcat" kcat
if [ -x "$KCAT_LITE" ]; then
	consume kcat-lite "$bad_lite" "$KCAT_LITE"
	check "kcat-lite base64-encodes the non-UTF-8 payload" \
	    grep -q '"payload_encoding":"base64"' kcat-lite.env1
else
	echo "# kcat-lite not built: its half skipped"
fi
