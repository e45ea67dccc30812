#!/usr/bin/env bash
# The broker restarts mid-stream: the producer's records are all delivered
# (once, in order) and both consumers, with and without a group, get every
# one of them once.
. "$(dirname "$0")/../lib.sh"
command -v jq >/dev/null || skip_all "jq not installed"
. "$TOP/test/kcat-lite/broker.bash"
K=$WORK/kl	# kcat-lite, never hanging a test run
printf '#!/bin/sh\nexec timeout 180 "%s" "$@"\n' "$KCAT_LITE" > "$K"; chmod +x "$K"
cd "$WORK"
N=6000
topic rs 2

"$K" -b "$B" -t rs -o beginning > plain.out 2> plain.err & pc=$!
at_exit "kill $pc 2>/dev/null"
"$K" -b "$B" -G rsg -o beginning -t rs > group.out 2> group.err & gc=$!
at_exit "kill $gc 2>/dev/null"
# 60 batches of 100, 0.1 s apart, while the broker goes down and up.
( for b in $(seq 0 59); do seq $((b * 100 + 1)) $((b * 100 + 100)); sleep 0.1; done ) |
    "$K" -P -b "$B" -t rs -X message.timeout.ms=120000 > /dev/null 2> prod.err & pp=$!
at_exit "kill $pp 2>/dev/null"
halfway() { [ "$(wc -l < plain.out)" -ge 1000 ]; }
wait_for 60 halfway
kafka stop
sleep 1
kafka start
prc=0; wait "$pp" || prc=$?
is "producer delivered everything across the restart" 0 "$prc"
have() { [ "$(wc -l < "$1")" -ge "$N" ]; }
check "plain consumer caught up" wait_for 90 have plain.out
check "group consumer caught up" wait_for 90 have group.out
sleep 0.5
kill -TERM "$pc" "$gc"
rc1=0; wait "$pc" || rc1=$?
rc2=0; wait "$gc" || rc2=$?
is "consumers exit 0 on SIGTERM" "0 0" "$rc1 $rc2"
check "the consumer saw the broker go away" grep -qiE "refused|disconnect|down" plain.err
check "the producer saw the broker go away" grep -qiE "refused|disconnect|down" prod.err
seq 1 $N > want
jq -r .payload plain.out | sort -n > got.plain
jq -r .payload group.out | sort -n > got.group
same "plain consumer: every record once" want got.plain
same "group consumer: every record once" want got.group
for p in 0 1; do	# order kept within each partition
	jq -r "select(.partition==$p) | .payload" plain.out > order.$p
	sort -n order.$p > sorted.$p
	same "partition $p in production order" sorted.$p order.$p
done

# The broker stopped mid-produce: 100 records delivered, then the broker
# goes away and 100 more are read. SIGTERM starts the wait for them (up to
# message.timeout.ms, five minutes), a second SIGTERM ends it at once:
# they are reported as not delivered, the run exits 69, and only what the
# broker acknowledged is claimed delivered; after a restart the topic holds
# exactly the records claimed. (A watchdog, not timeout(1), which passes on
# only the first signal.)
topic stopped 1
mkfifo in.fifo
"$KCAT_LITE" -P -v -b "$B" -t stopped < in.fifo > /dev/null 2> stop.err & sp=$!
at_exit "kill $sp 2>/dev/null"
( sleep 120; kill -9 "$sp" 2>/dev/null ) & wd=$!
at_exit "kill $wd 2>/dev/null"
exec 3> in.fifo
seq 1 100 >&3
delivered100() { [ "$("$K" -q -e -b "$B" -t stopped -o beginning | wc -l)" -ge 100 ]; }
check "the first 100 records delivered" wait_for 60 delivered100
kafka stop
seq 101 200 >&3
exec 3>&-
check "the producer read all 200 lines" wait_for 30 grep -q 'end of input, 200 lines' stop.err
kill -TERM "$sp"
check "the first SIGTERM: waiting for the 100 deliveries" \
    wait_for 30 grep -q 'waiting for 100 deliveries' stop.err
kill -TERM "$sp"
rc=0; wait "$sp" || rc=$?
is "a second SIGTERM ends the wait at once: exit 69" 69 "$rc"
sed -n 's/^kcat-lite: -:\([0-9]*\): not delivered.*/\1/p' stop.err > stop.named
named_ok() { [ "$(wc -l < stop.named)" -eq 10 ] && awk '$1 < 101 || $1 > 200 { bad = 1 } END { exit bad }' stop.named; }
check "the records given up are named by line (ten of 101..200: $(tr '\n' ' ' < stop.named))" named_ok
check "and counted" grep -q 'stopped by a second signal: 100 records not delivered' stop.err
check "only the acknowledged records are claimed delivered" grep -q ': 100 messages delivered' stop.err
kafka start
seq 1 100 > stop.want
"$K" -q -e -b "$B" -t stopped -o beginning | jq -r .payload > stop.got
same "after a restart the topic holds exactly the records claimed" stop.want stop.got

# The broker down: SIGTERM starts a close that waits for the group
# coordinator; a second SIGTERM ends kcat-lite at once, by that signal.
# (Not under timeout(1), which passes on only the first signal; the close
# gives up by itself after session.timeout.ms.)
"$KCAT_LITE" -v -b "$B" -G downg -o beginning -t rs > down.out 2> down.err & dc=$!
at_exit "kill $dc 2>/dev/null"
check "member assigned" wait_for 60 grep -q 'assigned rs' down.err
# caught up and idle first: a watermark query in flight when the broker
# dies can hang (poke_fetcher: librdkafka 2.0 does not time it out)
check "member caught up" wait_for 90 have down.out
sleep 2
kafka stop
kill -TERM "$dc"
check "closing after the first SIGTERM" wait_for 30 grep -q 'closing the consumer' down.err
sleep 1
kill -TERM "$dc"
rc=0; wait "$dc" || rc=$?
is "a second SIGTERM ends a hanging close" 143 "$rc"
