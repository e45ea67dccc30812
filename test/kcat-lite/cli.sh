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
printf 'orders:0\n' > "$WORK/ckpt"
status_is "--resume odd line count" 65 quiet "$K" --resume "$WORK/ckpt" -b 127.0.0.1:1 -t orders
printf 'orders:x\n5\n' > "$WORK/ckpt"
status_is "--resume bad partition" 65 quiet "$K" --resume "$WORK/ckpt" -b 127.0.0.1:1 -t orders
status_is "--resume missing file" 74 quiet "$K" --resume "$WORK/nonexistent" -b 127.0.0.1:1 -t orders
status_is "--resume directory" 74 quiet "$K" --resume "$WORK" -b 127.0.0.1:1 -t orders

# The man page: lint-clean, SYNOPSIS equal to usage().
if command -v mandoc >/dev/null; then
	check "man page lint" mandoc -Tlint -W warning "$TOP/man/kcat-lite.1"
	mandoc -Tascii "$TOP/man/kcat-lite.1" | sed 's/.\x08//g' |
	    sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | sed '1d;$d' |
	    tr -s ' \t\n' ' ' > "$WORK/syn.man"
	"$K" -h | sed 's/^usage://' | tr -s ' \t\n' ' ' > "$WORK/syn.use"
	same "SYNOPSIS equals usage" "$WORK/syn.man" "$WORK/syn.use"
fi

# A producer that cannot deliver says so per line and exits 69.
port=$(free_port)
printf 'a\nb\n' > "$WORK/two"
status_is "undeliverable records exit 69" 69 quiet timeout 60 "$K" -P -q -b "127.0.0.1:$port" \
    -t t -X message.timeout.ms=1000 "$WORK/two"
check "each failed delivery is named by line" grep -q "two:2: delivery failed" "$WORK/out"

# SIGINT: the producer waits for its deliveries (here none can be made);
# a second SIGINT ends the wait at once, by that signal.
{ echo a; sleep 5; } 2>/dev/null | "$KCAT_LITE" -P -q -b "127.0.0.1:$port" -t t \
    -X message.timeout.ms=20000 & pp=$!
at_exit "kill $pp 2>/dev/null"
sleep 1
kill -INT "$pp"
sleep 1
kill -INT "$pp"
rc=0; wait "$pp" || rc=$?
is "a second SIGINT ends the producer's wait" 130 "$rc"
