#!/usr/bin/env bash
# kcat-lite -G against a real broker: two members share a topic (each record
# once), SIGTERM closes cleanly and commits, cron-style runs with -e get
# exactly the new records, and nothing unwritten is committed after EPIPE.
. "$(dirname "$0")/../lib.sh"
command -v jq >/dev/null || skip_all "jq not installed"
. "$TOP/test/kcat-lite/broker.bash"
K=$WORK/kl	# kcat-lite, never hanging a test run
printf '#!/bin/sh\nexec timeout 120 "%s" "$@"\n' "$KCAT_LITE" > "$K"; chmod +x "$K"
cd "$WORK"
lines() { cat "$@" 2>/dev/null | wc -l; }

# Two members of one group, records produced while both run.
topic grp 4
"$K" -v -b "$B" -G g1 -o beginning -t grp > c1.out 2> c1.err & p1=$!
at_exit "kill $p1 2>/dev/null"
wait_for 60 grep -q 'assigned grp' c1.err
"$K" -v -b "$B" -G g1 -o beginning -t grp > c2.out 2> c2.err & p2=$!
at_exit "kill $p2 2>/dev/null"
wait_for 60 grep -q 'assigned grp' c2.err
# the first member gave up half of its partitions
wait_for 60 grep -q 'revoked grp' c1.err
# to every partition (records without a key may all go to one: sticky)
for p in 0 1 2 3; do
	seq $((p * 500 + 1)) $((p * 500 + 500)) | "$K" -P -q -b "$B" -t grp -p $p
done
have_all() { [ "$(lines c1.out c2.out)" -ge 2000 ]; }
check "both members consumed all 2000" wait_for 60 have_all
sleep 0.5
kill -TERM "$p1" "$p2"
rc1=0; wait "$p1" || rc1=$?
rc2=0; wait "$p2" || rc2=$?
is "SIGTERM: members exit 0" "0 0" "$rc1 $rc2"
is "each record exactly once" 2000 "$(cat c1.out c2.out | jq -r '"\(.partition):\(.offset)"' | sort -u | wc -l)"
is "no duplicates" 2000 "$(lines c1.out c2.out)"
check "the work was shared" test -s c1.out -a -s c2.out
check "SIGTERM closed the consumer" grep -q 'closing the consumer' c1.err
seq 2001 2100 | "$K" -P -q -b "$B" -t grp
"$K" -q -b "$B" -G g1 -o beginning -e -t grp > c3.out
is "a later member gets exactly what came after the commit" \
    "$(seq 2001 2100 | sort)" "$(jq -r .payload c3.out | sort)"

# Cron-style runs: -G ... -e takes what is new since the last run.
topic cron 2
seq 1 50 | "$K" -P -q -b "$B" -t cron -p 0
seq 51 100 | "$K" -P -q -b "$B" -t cron -p 1
"$K" -q -b "$B" -G cron -o beginning -e -t cron > run1
is "first run: everything" "$(seq 1 100)" "$(jq -r .payload run1 | sort -n)"
seq 101 150 | "$K" -P -q -b "$B" -t cron
"$K" -q -b "$B" -G cron -o beginning -e -t cron > run2
is "second run: exactly the new records" "$(seq 101 150)" "$(jq -r .payload run2 | sort -n)"
"$K" -q -b "$B" -G cron -o beginning -e -t cron > run3
is "third run: nothing" 0 "$(lines run3)"

# After EPIPE nothing unwritten is committed: the next run of the group
# starts no later than what the reader could have taken.
topic pipe 1
seq 100001 150000 | "$K" -P -q -b "$B" -t pipe
set +e
"$K" -q -b "$B" -G gpipe -o beginning -e -t pipe | head -c 100000 > taken; rc=${PIPESTATUS[0]}
set -e
is "EPIPE in group mode exits 74" 74 "$rc"
"$K" -q -b "$B" -G gpipe -o beginning -e -t pipe > rest
first=$(head -1 rest | jq -r .offset)
# at most the bytes head took plus a pipe buffer were delivered
max=$(( (100000 + 65536) / $(head -1 taken | wc -c) + 1 ))
check "next run starts within what the reader took (offset $first <= $max)" test "$first" -le "$max"
is "next run reads to the end" 49999 "$(tail -1 rest | jq -r .offset)"

# --resume in group mode: the checkpoint wins over the committed offsets.
printf 'cron:0\n%s\ncron:1\n%s\n' \
    "$(jq -r 'select(.partition==0) | .offset' run1 | sort -n | sed -n 5p)" \
    "$(jq -r 'select(.partition==1) | .offset' run1 | sort -n | sed -n 5p)" > ckpt
"$K" -q -b "$B" -G cron -e -t cron --resume ckpt > run4
for p in 0 1; do
	want=$(( $(sed -n "$((p * 2 + 2))p" ckpt) + 1 ))
	is "group --resume: partition $p starts after its checkpoint" "$want" \
	    "$(jq -r "select(.partition==$p) | .offset" run4 | head -1)"
done
is "group --resume: nothing skipped after the checkpoints" \
    $(( 150 - 5 - 5 )) "$(wc -l < run4)"
