#!/usr/bin/env bash
# kcat-lite without a broker: options, usage, version, man page.
. "$(dirname "$0")/../lib.sh"
K=$KCAT_LITE
# quiet CMD...: run CMD, its output to a log (shown when a check fails)
quiet() { "$@" >"$WORK/out" 2>&1; }

status_is "-h" 0 quiet "$K" -h
"$K" -h > "$WORK/help"
check "-h prints usage to stdout" grep -q '^usage: kcat-lite -C' "$WORK/help"
status_is "--help" 0 quiet "$K" --help
if [ -w /dev/full ]; then
	status_is "-h to a full stdout" 74 sh -c '"$1" -h > /dev/full 2>/dev/null' sh "$K"
fi
is "-V" "kcat-lite $(sed -n 's/^VERSION *= *//p' "$TOP/Makefile")" "$("$K" -V | cut -d' ' -f1-2)"
status_is "no topic" 2 quiet "$K" -b 127.0.0.1:1
status_is "unknown option" 2 quiet "$K" -Z -t t
status_is "-C and -P" 2 quiet "$K" -C -P -t t
status_is "-P with -e" 2 quiet "$K" -P -e -t t
status_is "-P with two topics" 2 quiet "$K" -P -t a -t b
status_is "-G with -p" 2 quiet "$K" -G g -p 0 -t t
status_is "-G with -o 5" 2 quiet "$K" -G g -o 5 -t t
status_is "-o stored without -G" 2 quiet "$K" -o stored -t t
status_is "-o garbage" 2 quiet "$K" -o soon -t t
status_is "-o s@garbage" 2 quiet "$K" -o s@x -t t
status_is "-o s@ negative" 2 quiet "$K" -o s@-1 -t t
status_is "-o e@ negative" 2 quiet "$K" -o e@-5 -t t
status_is "-c 0" 2 quiet "$K" -c 0 -t t
status_is "-p -1" 2 quiet "$K" -p -1 -t t
status_is "-q and -v" 2 quiet "$K" -q -v -t t
status_is "empty topic" 2 quiet "$K" -b 127.0.0.1:1 -t ''
status_is "empty group" 2 quiet "$K" -b 127.0.0.1:1 -G '' -t t
status_is "bad -X property" 2 quiet "$K" -X no.such.property=1 -t t -e
status_is "-X without =" 2 quiet "$K" -X fetch.wait.max.ms -t t -e
printf 'fetch.wait.max.ms = 10\nbogus.prop=1\n' > "$WORK/bad.conf"
status_is "bad -F file" 2 quiet "$K" -F "$WORK/bad.conf" -t t -e
status_is "missing -F file" 2 quiet "$K" -F "$WORK/nonexistent" -t t -e
"$K" -Z -t t 2> "$WORK/err" >/dev/null || true
check "misuse prints usage to stderr" grep -q '^usage: kcat-lite' "$WORK/err"
is "-h ends with a pointer to the man page" "See kcat-lite(1)." "$("$K" -h | tail -1)"

# Errors name the program, never its path (getopt's own messages would).
opt_err() { "$K" "$@" 2>&1 >/dev/null | head -1; }
is "unknown option" "kcat-lite: unknown option -Z" "$(opt_err -Z -t t)"
is "unknown option in a cluster" "kcat-lite: unknown option -Z" "$(opt_err -eZ -t t)"
is "missing argument" "kcat-lite: option -b needs an argument" "$(opt_err -t t -b)"
is "unknown long option" "kcat-lite: unknown option --no-such" "$(opt_err --no-such -t t)"
is "long option without its argument" "kcat-lite: option --resume needs an argument" \
    "$(opt_err -t t --resume)"
is "long option with an argument it does not take" \
    "kcat-lite: option --keep-partition takes no argument" "$(opt_err -P -t t --keep-partition=1)"
is "a bad number" "kcat-lite: -c: 'x' is invalid (1..9223372036854775807)" "$(opt_err -c x -t t)"
"$K" -Z -t t 2> "$WORK/err" || true
check "no message names the program's path" sh -c '! grep -qF "$1" "$2"' sh "$K" "$WORK/err"

# -L, -Q and topics as operands after -G: usage errors
status_is "no brokers" 2 quiet "$K" -t t -e
check "no brokers: said so" grep -q 'no brokers' "$WORK/out"
status_is "-L and -P" 2 quiet "$K" -L -P -b 127.0.0.1:1
status_is "-L with two topics" 2 quiet "$K" -L -b 127.0.0.1:1 -t a -t b
status_is "-L with -G" 2 quiet "$K" -L -b 127.0.0.1:1 -G g
status_is "-L with an operand" 2 quiet "$K" -L -b 127.0.0.1:1 t
status_is "-Q without -t" 2 quiet "$K" -Q -b 127.0.0.1:1
status_is "-Q topic without partition" 2 quiet "$K" -Q -b 127.0.0.1:1 -t t
status_is "-Q topic:partition only" 2 quiet "$K" -Q -b 127.0.0.1:1 -t t:0
status_is "-Q bad partition" 2 quiet "$K" -Q -b 127.0.0.1:1 -t t:x:5
status_is "-Q bad timestamp" 2 quiet "$K" -Q -b 127.0.0.1:1 -t t:0:soon
status_is "-Q timestamp below -2" 2 quiet "$K" -Q -b 127.0.0.1:1 -t t:0:-3
status_is "-Q a partition twice" 2 quiet "$K" -Q -b 127.0.0.1:1 -t t:0:5 -t t:0:6
status_is "-Q with -o" 2 quiet "$K" -Q -b 127.0.0.1:1 -t t:0:5 -o end
status_is "topic operands without -G" 2 quiet "$K" -b 127.0.0.1:1 t1 t2
status_is "-G with an empty operand" 2 quiet "$K" -b 127.0.0.1:1 -G g t1 ''

# A broker that cannot be reached: named, its failure printed once.
port=$(free_port)
status_is "-L: no broker answers" 69 quiet timeout 60 "$K" -L -b "127.0.0.1:$port"
check "-L: the broker tried is named" grep -q "no metadata from 127.0.0.1:$port" "$WORK/out"
is "-L: the refused connection printed once" 1 "$(grep -c 'Connection refused' "$WORK/out")"
check "all brokers down: the bootstrap brokers named" \
    grep -q "brokers are down (bootstrap.servers 127.0.0.1:$port)" "$WORK/out"
status_is "-Q: no broker answers" 69 quiet timeout 60 "$K" -Q -b "127.0.0.1:$port" -t t:0:5
check "-Q: the broker tried is named" grep -q "no offsets from 127.0.0.1:$port" "$WORK/out"
status_is "consumer: no broker answers" 69 quiet timeout 60 "$K" -e -b "127.0.0.1:$port" -t t
check "consumer: the broker tried is named" grep -q "t: no metadata from 127.0.0.1:$port" "$WORK/out"
is "consumer: the refused connection printed once" 1 "$(grep -c 'Connection refused' "$WORK/out")"
printf 'orders:0\n' > "$WORK/ckpt"
status_is "--resume odd line count" 65 quiet "$K" --resume "$WORK/ckpt" -b 127.0.0.1:1 -t orders
printf 'orders:x\n5\n' > "$WORK/ckpt"
status_is "--resume bad partition" 65 quiet "$K" --resume "$WORK/ckpt" -b 127.0.0.1:1 -t orders
printf 'orders:x:es\n5\n' > "$WORK/ckpt"
status_is "--resume bad partition before a name" 65 quiet "$K" --resume "$WORK/ckpt" -b 127.0.0.1:1 -t orders
printf 'orders:0:\n5\n' > "$WORK/ckpt"
status_is "--resume empty name" 65 quiet "$K" --resume "$WORK/ckpt" -b 127.0.0.1:1 -t orders
# topic:partition:name fields (facts about a partition) are skipped: the
# file is read and kcat-lite goes on to the broker (unreachable here: 69)
printf 'orders:0:es\n1700000000000\norders:0\n5\n' > "$WORK/ckpt"
status_is "--resume skips topic:partition:name fields" 69 quiet "$K" --resume "$WORK/ckpt" -b 127.0.0.1:1 -t orders
status_is "--resume missing file" 74 quiet "$K" --resume "$WORK/nonexistent" -b 127.0.0.1:1 -t orders
status_is "--resume directory" 74 quiet "$K" --resume "$WORK" -b 127.0.0.1:1 -t orders

# The man page: lint-clean, SYNOPSIS equal to usage().
if command -v mandoc >/dev/null; then
	check "man page lint" mandoc -Tlint -W warning "$TOP/man/kcat-lite.1"
	mandoc -Tascii "$TOP/man/kcat-lite.1" | sed 's/.\x08//g' |
	    sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | sed '1d;$d' |
	    tr -s ' \t\n' ' ' > "$WORK/syn.man"
	"$K" -h | sed '$d' | sed 's/^usage://' | tr -s ' \t\n' ' ' > "$WORK/syn.use"
	same "SYNOPSIS equals usage" "$WORK/syn.man" "$WORK/syn.use"
fi

# A producer that cannot deliver says so per line and exits 69.
port=$(free_port)
printf 'a\nb\n' > "$WORK/two"
status_is "undeliverable records exit 69" 69 quiet timeout 60 "$K" -P -q -b "127.0.0.1:$port" \
    -t t -X message.timeout.ms=1000 "$WORK/two"
check "each failed delivery is named by line" grep -q "two:2: delivery failed" "$WORK/out"

# SIGINT: the producer waits for its deliveries (here none can be made);
# a second SIGINT gives them up at once: reported, exit 69.
# (Each producer below has a watchdog: without the fix it would wait for
# message.timeout.ms.)
watchdog() { ( sleep 90; kill -9 "$1" 2>/dev/null ) & at_exit "kill $! 2>/dev/null"; }
{ echo a; sleep 5; } 2>/dev/null | "$KCAT_LITE" -P -q -b "127.0.0.1:$port" -t t \
    -X message.timeout.ms=20000 2> "$WORK/sig.err" & pp=$!
at_exit "kill $pp 2>/dev/null"
watchdog "$pp"
sleep 1
kill -INT "$pp"
sleep 1
kill -INT "$pp"
rc=0; wait "$pp" || rc=$?
is "a second SIGINT ends the producer's wait: records given up, exit 69" 69 "$rc"
check "the record given up is named by its line" grep -q -- '-:1: not delivered' "$WORK/sig.err"

# The input has ended and the broker is down: SIGTERM, SIGTERM, SIGINT.
# The first starts the wait, the second ends it: the queued record is
# purged and reported, never claimed delivered.
echo hi | "$KCAT_LITE" -P -v -t x -b "127.0.0.1:$port" 2> "$WORK/p.err" & pp=$!
at_exit "kill $pp 2>/dev/null"
watchdog "$pp"
check "the producer read its input" wait_for 30 grep -q 'end of input' "$WORK/p.err"
kill -TERM "$pp"
check "the first SIGTERM: waiting for the delivery" \
    wait_for 30 grep -q 'waiting for 1 deliveries' "$WORK/p.err"
kill -TERM "$pp"
kill -INT "$pp" 2>/dev/null || true
rc=0; wait "$pp" || rc=$?
is "a second SIGTERM ends the wait at once, exit 69" 69 "$rc"
check "the record not delivered is named" grep -q -- '-:1: not delivered' "$WORK/p.err"
check "and counted" grep -q 'stopped by a second signal: 1 records not delivered' "$WORK/p.err"
check "nothing claimed delivered" grep -q '0 messages delivered' "$WORK/p.err"

# Out of memory for a line (the plain build: the sanitizers need address
# space): the line is named, the lines before it are produced (here they
# cannot be delivered: 69 wins over 71 then).
if [ -x "$TOP/kcat-lite/kcat-lite" ]; then
	( ulimit -v 300000
	  { echo a; head -c 200000000 /dev/zero | tr '\0' 'x'; } |
	      "$TOP/kcat-lite/kcat-lite" -P -q -t x -b "127.0.0.1:$port" -X message.timeout.ms=1000
	) 2> "$WORK/oom.err" && rc=0 || rc=$?
	is "a line too long for memory: the run fails" 69 "$rc"
	check "that line is named" grep -q -- '-:2: out of memory after' "$WORK/oom.err"
	check "the line before it was produced (its delivery failed)" \
	    grep -q -- '-:1: delivery failed' "$WORK/oom.err"
	( ulimit -v 300000; head -c 200000000 /dev/zero | tr '\0' 'x' |
	      "$TOP/kcat-lite/kcat-lite" -P -q -t x -b "127.0.0.1:$port"
	) 2>/dev/null && rc=0 || rc=$?
	is "only a line too long for memory: exit 71" 71 "$rc"
fi
