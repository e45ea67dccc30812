#!/usr/bin/env bash
# kcat-lite against a real Kafka broker, with Debian's kcat as the peer:
# produce with one, consume with the other, compare.
. "$(dirname "$0")/../lib.sh"
command -v jq >/dev/null || skip_all "jq not installed"
. "$TOP/test/kcat-lite/broker.bash"
K=$WORK/kl	# kcat-lite, never hanging a test run
printf '#!/bin/sh\nexec timeout 60 "%s" "$@"\n' "$KCAT_LITE" > "$K"; chmod +x "$K"
cd "$WORK"

# keys, headers, JSON payloads with quotes, backslashes, control bytes and
# UTF-8, on three partitions, produced by kcat.
topic mix 3
for p in 0 1 2; do
	{ for i in $(seq 1 40); do
		printf 'k%s-%s\t{"id":%s,"s":"a \\"q\\" \\\\ \x01 \x1f é ✓ /"}\n' "$p" "$i" "$i"
	done; printf 'nokey-line\n'; } > in.$p
	kcat -P -b "$B" -t mix -p "$p" -K "$(printf '\t')" -H "src=kcat" -H "part=$p" < in.$p
done
printf 'plain\n' | kcat -P -b "$B" -t mix -p 1
kcat -C -J -e -q -b "$B" -t mix -o beginning | sort > kcat.out
"$K" -e -q -b "$B" -t mix -o beginning > lite.raw
sort lite.raw > lite.out
is "kcat-lite -e reads all 3 partitions" 124 "$(wc -l < lite.raw)"
same "kcat-lite output is byte for byte kcat -J's" kcat.out lite.out
is "without -o, from the beginning (as kcat)" 124 "$("$K" -q -e -b "$B" -t mix | wc -l)"
check "every line is valid JSON" jq -e . lite.raw >/dev/null
for p in 0 1 2; do		# per partition, in offset order
	jq -r "select(.partition==$p) | .offset" lite.raw > offs
	seq 0 $(( $(wc -l < offs) - 1 )) > want
	same "partition $p in offset order" want offs
done

# -F: properties from a file (here the brokers), -X after it
printf '# hosted Kafka settings go here\nbootstrap.servers = %s\n\nclient.id=from-file\n' "$B" > props
is "-F file supplies the brokers" 124 "$("$K" -q -e -F props -X client.id=x -t mix -o beginning | wc -l)"
is "a topic given twice is read once" 124 "$("$K" -q -e -b "$B" -t mix -t mix -o beginning | wc -l)"

# -c, -p, -o N, -o -N
is "-c 7" 7 "$("$K" -q -b "$B" -t mix -o beginning -c 7 | wc -l)"
is "-p 2 -e" 41 "$("$K" -q -e -b "$B" -t mix -p 2 -o beginning | jq -r .partition | grep -c '^2$')"
is "-o 38 -p 0" "38 39 40" "$("$K" -q -e -b "$B" -t mix -p 0 -o 38 | jq -r .offset | tr '\n' ' ' | sed 's/ $//')"
is "-o -2 on 3 partitions" 6 "$("$K" -q -e -b "$B" -t mix -o -2 | wc -l)"
is "-o end -e" 0 "$("$K" -q -e -b "$B" -t mix -o end | wc -l)"
"$K" -e -b "$B" -t mix -p 0 -o 500 > reset.out 2> reset.err
check "an offset reset that skips records is a warning" grep -q "offset reset" reset.err

# s@ts and e@ts split at a moment between two batches
topic when 1
seq 1 5 | "$K" -P -q -b "$B" -t when
sleep 0.1; t=$(date +%s%3N); sleep 0.1
seq 6 9 | "$K" -P -q -b "$B" -t when
is "-o s@ts" "6 7 8 9" "$("$K" -q -e -b "$B" -t when -o "s@$t" | jq -r .payload | tr '\n' ' ' | sed 's/ $//')"
is "-o e@ts" "1 2 3 4 5" "$("$K" -q -e -b "$B" -t when -o "e@$t" | jq -r .payload | tr '\n' ' ' | sed 's/ $//')"

# Null and binary keys and payloads: produced by kcat-lite -P -J, read by kcat.
topic bin 1
{
	echo '{"key":"k1","payload":null}'
	echo '{"key":null,"payload":"v2"}'
	echo '{"key":"","payload":""}'
	printf '{"key":"%s","key_encoding":"base64","payload":"%s","payload_encoding":"base64","headers":["h","x"]}\n' \
	    "$(printf 'k\377' | base64)" "$(printf 'a\000b\377\n' | base64)"
	echo '{"payload":"v5","headers":["n1",null,"n2","v"]}'
} > bin.in
status_is "-P -J binary and null fields" 0 "$K" -P -J -q -b "$B" -t bin bin.in
kcat -C -e -q -b "$B" -t bin -o beginning -Z -f '%k|%s|%h\n' > bin.kcat
# (kcat -Z prints empty keys and payloads as NULL too; -J tells them apart)
printf 'k1|NULL|\nNULL|v2|\nNULL|NULL|\nk\377|a\000b\377\n|h=x\nNULL|v5|n1=NULL,n2=v\n' > bin.want
same "kcat reads what kcat-lite -P produced" bin.want bin.kcat
is "empty key and payload are not null" '"" ""' \
    "$(kcat -C -J -e -q -b "$B" -t bin -o 2 -c 1 | jq -c '[.key, .payload]' | tr -d '[]' | tr , ' ')"
"$K" -q -e -b "$B" -t bin -o beginning > bin.lite
check "binary output is valid JSON" jq -e . bin.lite >/dev/null
jq -c '{key,key_encoding,payload,payload_encoding,headers}' bin.lite > bin.fields
jq -c '{key,key_encoding,payload,payload_encoding,headers}' bin.in > bin.fields.want
same "kcat-lite reads back the envelopes it was given" bin.fields.want bin.fields
sed -n 4p bin.lite | jq -r .payload | base64 -d > bin.payload4
printf 'a\000b\377\n' > bin.payload4.want
same "base64 payload decodes to the bytes" bin.payload4.want bin.payload4
printf 'x\377y\n' | kcat -P -b "$B" -t bin -H "bad=$(printf 'v\377')"
"$K" -q -b "$B" -t bin -o -1 -e > bin.hdr
is "binary header value is base64" '["YmFk","dv8="] base64' \
    "$(jq -c .headers bin.hdr) $(jq -r .headers_encoding bin.hdr)"
# kcat -J writes bytes that are not UTF-8 as they are; -P -J keeps them
topic binback 1
kcat -C -J -e -q -b "$B" -t bin -o beginning > bin.kcatj
status_is "-P -J takes kcat -J's raw binary output" 0 "$K" -P -J -q -b "$B" -t binback bin.kcatj
kcat -C -e -q -b "$B" -t bin -o beginning -f '%k|%s|%h\n' > bin.all
kcat -C -e -q -b "$B" -t binback -o beginning -f '%k|%s|%h\n' > binback.all
same "kcat -J binary dump restored byte for byte" bin.all binback.all

# A dump restores a topic (kcat-lite -P -J --keep-partition), read by kcat.
topic mix2 3
"$K" -P -J -q --keep-partition -b "$B" -t mix2 lite.raw
kcat -C -J -e -q -b "$B" -t mix2 -o beginning |
    jq -c 'del(.topic, .ts)' | sort > mix2.out
jq -c 'del(.topic, .ts)' lite.raw | sort > mix2.want
same "dump replayed with --keep-partition: same partitions, offsets, keys, headers" mix2.want mix2.out
"$K" -C -e -q -b "$B" -t mix -t mix2 -o beginning | wc -l > two
is "two topics at once" 248 "$(cat two)"

# kcat -J's own output replays with kcat-lite -P -J
topic fromkcat 1
"$K" -P -J -q -b "$B" -t fromkcat kcat.out
is "kcat -J output accepted by -P -J" 124 "$("$K" -q -e -b "$B" -t fromkcat -o beginning | wc -l)"

# Bad envelopes: named, skipped, exit 65; the good ones still produced.
topic badin 1
printf '{"payload":"a"}\nnot json\n{"payload":1}\n[]\n\n{"payload":"b"}\n' > bad.in
"$K" -P -J -b "$B" -t badin bad.in 2> bad.err && rc=0 || rc=$?
is "bad envelopes exit 65" 65 "$rc"
check "bad envelope named by line" grep -q 'bad.in:2: bad envelope' bad.err
check "wrong field type named" grep -q 'bad.in:3: bad envelope' bad.err
is "good envelopes produced" "a b" "$("$K" -q -e -b "$B" -t badin -o beginning | jq -r .payload | tr '\n' ' ' | sed 's/ $//')"

# A last line without its newline (a writer killed mid-line): named, not
# produced, exit 65; the lines before it are produced. With -J the cut line
# would parse as a whole envelope.
topic cutin 1
printf '{"payload":"a"}\n{"payload":"b"}' > cut.in
"$K" -P -J -b "$B" -t cutin cut.in 2> cut.err && rc=0 || rc=$?
is "-P -J: a cut last line exits 65" 65 "$rc"
check "-P -J: the cut line is named" grep -q 'cut.in:2: no newline at the end' cut.err
is "-P -J: only the whole lines produced" "a" "$("$K" -q -e -b "$B" -t cutin -o beginning | jq -r .payload | tr '\n' ' ' | sed 's/ $//')"
printf 'r1\nr' | "$K" -P -q -b "$B" -t cutin && rc=0 || rc=$?
is "-P: a cut last raw line exits 65" 65 "$rc"
is "-P: only the whole raw lines produced" "a r1" "$("$K" -q -e -b "$B" -t cutin -o beginning | jq -r .payload | tr '\n' ' ' | sed 's/ $//')"

# Raw lines with -P (kcat -P style), -p partition
printf 'r1\nr2\n' | "$K" -P -q -b "$B" -t mix -p 2
is "-P raw lines to -p 2" "r1 r2" "$("$K" -q -e -b "$B" -t mix -p 2 -o -2 | jq -r .payload | tr '\n' ' ' | sed 's/ $//')"

# stdout lost: exit 74 (more output than a pipe holds)
topic big 2
seq 1 50000 | "$K" -P -q -b "$B" -t big
is "50000 records" 50000 "$("$K" -q -e -b "$B" -t big -o beginning | wc -l)"
set +e
"$K" -q -e -b "$B" -t big -o beginning | head -1 > /dev/null; rc=${PIPESTATUS[0]}
set -e
is "EPIPE exits 74" 74 "$rc"
status_is "/dev/full exits 74" 74 sh -c "'$K' -q -e -b '$B' -t mix -o beginning > /dev/full 2>/dev/null"
status_is "unknown topic exits 69" 69 sh -c "'$K' -q -e -b '$B' -t no_such_topic 2>/dev/null"

# --resume: start just after the checkpointed offsets
printf 'mix:0\n1\nmix:2\n39\nother:0\n5\n' > ckpt
"$K" -q -e -b "$B" -t mix -o end --resume ckpt > resumed
is "--resume partition 0 from offset 2" 2 "$(jq -r 'select(.partition==0) | .offset' resumed | head -1)"
is "--resume partition 0 count" 39 "$(jq -r 'select(.partition==0) | .offset' resumed | wc -l)"
is "--resume partition 2 from offset 40" "40 41 42" "$(jq -r 'select(.partition==2) | .offset' resumed | tr '\n' ' ' | sed 's/ $//')"
is "partition 1 not in the checkpoint follows -o end" 0 "$(jq -r 'select(.partition==1)' resumed | wc -l)"
printf 'mix:1\n40\n' | "$K" -q -e -b "$B" -t mix -o end --resume - > resumed
is "--resume - (stdin)" "41" "$(jq -r .offset resumed | tr '\n' ' ' | sed 's/ $//')"

# Flush when idle: a lone record reaches the reader while kcat-lite runs on.
topic idle 1
"$K" -q -b "$B" -t idle -o end > idle.out & ic=$!
at_exit "kill $ic 2>/dev/null"
sleep 2		# assigned and at the end
echo lone | "$K" -P -q -b "$B" -t idle
got_lone() { grep -q '"payload":"lone"' idle.out; }
check "a lone record is written out at once" wait_for 20 got_lone
kill -INT "$ic"
rc=0; wait "$ic" || rc=$?
is "SIGINT: exit 0" 0 "$rc"

# A record near Kafka's 1 MB default limit, JSON-escaped, and back.
topic large 1
head -c 600000 /dev/urandom | base64 -w0 | sed 's/+/"/g; s/\//\\/g' > large.raw
echo >> large.raw
jq -Rc '{key: "big", payload: .}' large.raw > large.env
"$K" -P -J -q -b "$B" -t large large.env
"$K" -q -e -b "$B" -t large -o beginning | jq -r .payload > large.back
check "a large payload with quotes and backslashes comes back" cmp -s large.raw large.back

# -L: the metadata, byte for byte as kcat -L prints it (kcat -L -J ends
# without a newline); all topics compared as sets (the order is the broker's).
kcat -L -b "$B" -t mix > L.kcat
"$K" -L -b "$B" -t mix > L.lite
same "-L -t: kcat -L's text" L.kcat L.lite
{ kcat -L -J -b "$B" -t mix; echo; } > LJ.kcat
"$K" -L -J -b "$B" -t mix > LJ.lite
same "-L -J -t: kcat -L -J's JSON" LJ.kcat LJ.lite
kcat -L -J -b "$B" | jq -cS '.topics |= sort_by(.topic)' > LA.kcat
"$K" -L -J -b "$B" | jq -cS '.topics |= sort_by(.topic)' > LA.lite
same "-L -J, all topics: kcat's" LA.kcat LA.lite
is "-L -J lists every partition with leader, replicas and isrs" "0:1:1:1 1:1:1:1 2:1:1:1" \
    "$(jq -r '.topics[0].partitions[] | "\(.partition):\(.leader):\(.replicas[0].id):\(.isrs[0].id)"' LJ.lite | tr '\n' ' ' | sed 's/ $//')"
"$K" -L -b "$B" -t no_such_topic > L.none 2>&1 && rc=0 || rc=$?
is "-L of a missing topic exits 69" 69 "$rc"
check "-L of a missing topic says so" grep -q 'topic "no_such_topic" with 0 partitions: Broker: Unknown topic' L.none
check "-L created no topic" sh -c '! kcat -L -b "$1" | grep -q no_such_topic' sh "$B"

# -Q: offsets for times, as kcat -Q (topic "when": 1..5, then 6..9 after $t)
kcat -Q -b "$B" -t "when:0:$t" -t mix:1:0 -t mix:0:-1 -t mix:2:-2 > Q.kcat
"$K" -Q -b "$B" -t "when:0:$t" -t mix:1:0 -t mix:0:-1 -t mix:2:-2 > Q.lite
sort Q.kcat > Q.kcat.s
same "-Q: kcat -Q's lines (sorted by topic and partition)" Q.kcat.s Q.lite
is "-Q: the first offset at or after the time" "when [0] offset 5" "$(grep '^when' Q.lite)"
{ kcat -Q -J -b "$B" -t "when:0:$t" -t mix:0:-1; echo; } > QJ.kcat
"$K" -Q -J -b "$B" -t "when:0:$t" -t mix:0:-1 > QJ.lite
same "-Q -J: kcat -Q -J's JSON" QJ.kcat QJ.lite
is "-Q after the last record: -1" "-1" \
    "$("$K" -Q -J -b "$B" -t "when:0:$(( $(date +%s%3N) + 3600000 ))" | jq '.when."0".offset')"
"$K" -Q -J -b "$B" -t mix:0:0 -t mix:9:0 > Q.err && rc=0 || rc=$?
is "-Q of a missing partition exits 69" 69 "$rc"
is "-Q -J: the error in place of the offset, the rest answered" '"Local: Unknown partition" 0' \
    "$(jq -r '.mix."9".error|tojson' Q.err) $(jq -r '.mix."0".offset' Q.err)"

# kcat -G group topic ...: topics as operands after -G (and with -t)
topic opa 1
topic opb 2
printf 'a1\na2\n' | "$K" -P -q -b "$B" -t opa
printf 'b1\nb2\nb3\n' | "$K" -P -q -b "$B" -t opb
"$K" -q -b "$B" -G ops -o beginning -e opa opb > ops.out
is "-G group topic topic: both topics read" "a1 a2 b1 b2 b3" \
    "$(jq -r .payload ops.out | sort | tr '\n' ' ' | sed 's/ $//')"
"$K" -q -b "$B" -G ops2 -o beginning -e -t opa opb opa > ops2.out
is "-G with -t and operands: each topic once" 5 "$(wc -l < ops2.out)"
