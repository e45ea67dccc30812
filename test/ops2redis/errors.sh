#!/usr/bin/env bash
# ops2redis: bad lines, error replies, checkpoints, closed and full streams,
# an unreachable server, SIGTERM mid-stream.
. "$(dirname "$0")/../lib.sh"
. "$TOP/test/ops2redis/common.bash"
O=$OPS2REDIS
start_redis A
P=$A_PORT
cli() { redis-cli -p "$P" "$@"; }

# a bad line and a WRONGTYPE reply: reported with line numbers, rest applied
cat > "$WORK/in" <<'OPS'
SET s1 a
HSET h1 f v
SET "unbalanced x
HSET s1 f v
INCR counter
SET s2 b

HSET h1 g w
OPS
rc=0; "$O" -p "$P" "$WORK/in" 2> "$WORK/err" || rc=$?
is "errors: exit 65" 65 "$rc"
check "bad line reported with file:line" grep -q "^ops2redis: $WORK/in:3: bad quoting (unbalanced, " "$WORK/err"
printf 'SET "a"b 1\n' > "$WORK/quote"
rc=0; "$O" -p "$P" "$WORK/quote" 2> "$WORK/err2" || rc=$?
is "text after a closing quote: exit 65" 65 "$rc"
check "text after a closing quote: not called unbalanced" grep -q "^ops2redis: $WORK/quote:1: bad quoting (unbalanced, or no blank after a closing quote): " "$WORK/err2"
check "WRONGTYPE reported with line and command" grep -q "^ops2redis: $WORK/in:4: WRONGTYPE .*: HSET s1 f v\$" "$WORK/err"
check "refused command reported" grep -q "^ops2redis: $WORK/in:5: command not allowed.*INCR counter" "$WORK/err"
is "three messages" 3 "$(wc -l < "$WORK/err")"
is "other lines applied" "a b v w" "$(cli GET s1) $(cli GET s2) $(cli HGET h1 f) $(cli HGET h1 g)"
is "refused command not sent" "0" "$(cli EXISTS counter)"
"$O" -p "$P" --allow-any <<< "INCR counter"
is "--allow-any sends it" "1" "$(cli GET counter)"
# BUSYGROUP (like BUSYKEY) is an error reply, not a busy server to wait out
printf 'XGROUP CREATE st g $ MKSTREAM\nXGROUP CREATE st g $ MKSTREAM\nSET afterbusy 1\n' > "$WORK/busy"
rc=0; timeout 20 "$O" -p "$P" --allow-any -v "$WORK/busy" 2> "$WORK/err" || rc=$?
is "BUSYGROUP: exit 65" 65 "$rc"
check "BUSYGROUP reported with its line" grep -q "^ops2redis: $WORK/busy:2: BUSYGROUP " "$WORK/err"
check "BUSYGROUP: no reconnect" grep -q " 0 reconnects" "$WORK/err"
is "BUSYGROUP: next line applied" "1" "$(cli GET afterbusy)"

# --on-error stop: nothing after the first error
cli FLUSHALL > /dev/null
printf 'SET a 1\nHSET a f v\nSET b 2\n' > "$WORK/stop"
status_is "--on-error stop: exit 65" 65 "$O" -p "$P" --on-error stop "$WORK/stop"
cli FLUSHALL > /dev/null
status_is "--on-error stop -w 1: exit 65" 65 "$O" -p "$P" --on-error stop -w 1 "$WORK/stop"
is "--on-error stop -w 1: before applied, after not" "1 0" "$(cli GET a) $(cli EXISTS b)"
cli FLUSHALL > /dev/null
printf 'SET a 1\nSET "bad\nSET b 2\n' | "$O" -p "$P" --on-error stop 2>/dev/null || true
is "--on-error stop at a bad line: before applied, after not" "1 0" "$(cli GET a) $(cli EXISTS b)"

# checkpoints: written when all before is OK, never after an error
CK=canal2ops:checkpoint
cli FLUSHALL > /dev/null
printf 'SET a 1\nHSET %s t:0 10\nSET b 2\nHSET %s t:0 11 t:1 5\n' $CK $CK | "$O" -p "$P"
is "checkpoint written" "11 5" "$(cli HGET $CK t:0) $(cli HGET $CK t:1)"
printf 'SET c 1\nHSET %s t:0 20\nHSET a f v\nSET d 2\nHSET %s t:0 21\n' $CK $CK > "$WORK/ck"
rc=0; "$O" -p "$P" -v "$WORK/ck" 2> "$WORK/err" || rc=$?
is "checkpoint after error: exit 65" 65 "$rc"
is "checkpoint before the error written, after it not" "20" "$(cli HGET $CK t:0)"
is "data after the error still applied" "2" "$(cli GET d)"
check "withheld checkpoint counted" grep -q "1 checkpoints (1 withheld)" "$WORK/err"
printf 'SET x "bad\nHSET %s t:0 30\n' $CK | "$O" -p "$P" 2>/dev/null || true
is "no checkpoint after a bad line" "20" "$(cli HGET $CK t:0)"
printf 'HSET mine t:0 40\n' | "$O" -p "$P" --checkpoint-key mine
is "--checkpoint-key" "40" "$(cli HGET mine t:0)"
cli SET wrongck str > /dev/null
status_is "checkpoint error reply: exit 65" 65 "$O" -p "$P" --checkpoint-key wrongck <<< "HSET wrongck t:0 1"
for opt in --atomic "--atomic -w 3"; do
	cli DEL $CK > /dev/null
	# shellcheck disable=SC2086
	"$O" -p "$P" $opt 2>/dev/null < "$WORK/ck" || true
	is "$opt: checkpoint after error withheld" "20" "$(cli HGET $CK t:0)"
done

# --atomic: a batch with a command refused when queued is not applied
cli FLUSHALL > /dev/null
printf 'SET p 1\nSET q\nSET r 3\n' > "$WORK/abort"
rc=0; "$O" -p "$P" --atomic "$WORK/abort" 2> "$WORK/err" || rc=$?
is "--atomic EXECABORT: exit 65" 65 "$rc"
check "queued error reported" grep -q "$WORK/abort:2: ERR wrong number of arguments" "$WORK/err"
check "batch reported with line range" grep -q "$WORK/abort:1-3: batch of 3 commands not applied: EXECABORT" "$WORK/err"
is "--atomic: nothing of the batch applied" "0" "$(cli DBSIZE)"

# stderr on /dev/full: still applied, exit status still right
cli FLUSHALL > /dev/null
status_is "stderr /dev/full, good input" 0 "$O" -p "$P" -v 2>/dev/full <<< "SET full 1"
status_is "stderr /dev/full, bad input" 65 "$O" -p "$P" -v --progress 2>/dev/full < "$WORK/in"
is "applied with stderr full" "1" "$(cli GET full)"

# closed stdin and stdout
rc=0; "$O" -p "$P" <&- 2> "$WORK/err" || rc=$?
is "closed stdin: exit 74" 74 "$rc"
check "closed stdin reported" grep -q "^ops2redis: stdin: Bad file descriptor" "$WORK/err"
status_is "closed stdout" 0 sh -c "echo 'SET so 1' | '$O' -p $P >&-"
status_is "missing file: exit 74" 74 "$O" -p "$P" "$WORK/nonexistent"

# nothing listens: exit 69 after --retry-for
port=$(free_port)
rc=0; "$O" -p "$port" --retry-for 1 <<< "SET a 1" 2> "$WORK/err" || rc=$?
is "unreachable: exit 69" 69 "$rc"
check "unreachable reported" grep -q "^ops2redis: 127.0.0.1:$port: " "$WORK/err"

# a server that accepts but does not answer: a timeout, said as one
fpid=$(cat "$A_DIR/redis.pid")
at_exit "kill -CONT $fpid 2>/dev/null || true"
kill -STOP "$fpid"
rc=0; "$O" -p "$P" -t 1 --retry-for 0 <<< "SET a 1" 2> "$WORK/err" || rc=$?
kill -CONT "$fpid"
is "frozen server: exit 69" 69 "$rc"
check "frozen server: timeout reported" grep -q "^ops2redis: PING: no reply within the connect timeout (-t)" "$WORK/err"

# SIGTERM mid-stream: stops reading, drains, exits cleanly
cli FLUSHALL > /dev/null
mkfifo "$WORK/fifo"
"$O" -p "$P" -v < "$WORK/fifo" 2> "$WORK/err" & pid=$!
exec 3> "$WORK/fifo"
for i in $(seq 1 500); do echo "SET term:$i $i"; done >&3
check "SIGTERM mid-stream: the lines before applied" wait_for 60 sh -c "[ \"\$(redis-cli -p $P GET term:500)\" = 500 ]"
kill -TERM "$pid"
rc=0; wait "$pid" || rc=$?
exec 3>&-
is "SIGTERM: exit 0" 0 "$rc"
is "SIGTERM: all read ops applied" 500 "$(cli DBSIZE)"
check "SIGTERM: summary written" grep -q "^ops2redis: 500 applied" "$WORK/err"

# SIGTERM while replies are awaited at idle input: exits once they came,
# without waiting for more input
cli FLUSHALL > /dev/null
rm -f "$WORK/fifo"; mkfifo "$WORK/fifo"
"$O" -p "$P" < "$WORK/fifo" 2> "$WORK/err" & pid=$!
exec 3> "$WORK/fifo"
echo "SET idle1 1" >&3
check "idle input: the first command applied" wait_for 60 sh -c "[ \"\$(redis-cli -p $P GET idle1)\" = 1 ]"
apid=$(cat "$A_DIR/redis.pid")
at_exit "kill -CONT $apid 2>/dev/null || true"
kill -STOP "$apid"
echo "SET idle2 2" >&3
queued_a() {	# SET idle2 (27 bytes of RESP) waits in the frozen server's queue
	[ "$(ss -tnH state established "( sport = :$P )" |
	    awk '{s += $1} END {print s + 0}')" -ge 27 ]
}
check "command sent to the frozen server" wait_for 10 queued_a
kill -TERM "$pid"
sleep 0.2
kill -CONT "$apid"
check "SIGTERM while draining at idle input: exits" \
    wait_for 10 sh -c "! kill -0 $pid 2>/dev/null"
exec 3>&-
rc=0; wait "$pid" || rc=$?
is "SIGTERM while draining: exit 0" 0 "$rc"
is "SIGTERM while draining: applied" 2 "$(cli GET idle2)"

# SIGTERM while Redis is down: stop waiting, report what was not
# acknowledged, exit 69
start_redis D
rm -f "$WORK/fifo"; mkfifo "$WORK/fifo"
"$O" -p "$D_PORT" < "$WORK/fifo" 2> "$WORK/err" & pid=$!
exec 3> "$WORK/fifo"
echo "SET before 1" >&3
check "Redis down: the first command applied before" wait_for 60 sh -c "[ \"\$(redis-cli -p $D_PORT GET before)\" = 1 ]"
# Freeze Redis so the next two commands are sent but never answered (they
# wait in the server socket's receive queue), then kill it.
rpid=$(cat "$D_DIR/redis.pid")
kill -STOP "$rpid"
# one write: bash's printf writes line by line, and ops2redis, reading the
# first line alone, would wait for its reply before it reads the second
printf 'SET after1 1\nSET after2 2\n' > "$WORK/two"
cat "$WORK/two" >&3
queued() {	# both commands (64 bytes of RESP) wait in the server's queue
	[ "$(ss -tnH state established "( sport = :$D_PORT )" |
	    awk '{s += $1} END {print s + 0}')" -ge 64 ]
}
if wait_for 30 queued; then ok "both commands sent to the frozen server"; else
	not_ok "both commands sent to the frozen server"
	ss -tn "( sport = :$D_PORT or dport = :$D_PORT )" | sed 's/^/#   /'
	sed 's/^/#   /' "$WORK/err"
fi
kill -KILL "$rpid"
wait_for 10 grep -q "retrying" "$WORK/err"
kill -TERM "$pid"
rc=0; wait "$pid" || rc=$?
exec 3>&-
is "SIGTERM while Redis is down: exit 69" 69 "$rc"
check "unacknowledged commands reported from their line" \
    grep -q "^ops2redis: stdin:2: 2 commands from here on not acknowledged" "$WORK/err"

# A raw NUL byte would cut the line short (sdssplitargs, redis-cli): a bad
# line, reported; the lines around it are applied.
printf 'SET nul:1 a\nSET nul:2 x\0y\nSET nul:3 c\n' > "$WORK/nul"
rc=0; "$O" -p "$P" "$WORK/nul" 2> "$WORK/err" || rc=$?
is "NUL byte: exit 65" 65 "$rc"
check "NUL byte: reported with its line" grep -q "nul:2: a NUL byte in the line" "$WORK/err"
is "NUL byte: that line not applied" 0 "$(cli EXISTS nul:2)"
is "NUL byte: the others applied" "a c" "$(cli GET nul:1) $(cli GET nul:3)"

# Commands that change the connection's state are refused even with
# --allow-any: after a reconnect their effect would be gone (SELECT), or
# they would break one reply a command (MULTI, SUBSCRIBE).
printf 'SELECT 3\nSET st:1 a\nMULTI\nSUBSCRIBE ch\nSET st:2 b\n' > "$WORK/state"
rc=0; "$O" -p "$P" --allow-any "$WORK/state" 2> "$WORK/err" || rc=$?
is "stateful commands: exit 65" 65 "$rc"
is "stateful commands: three refused" 3 "$(grep -c "changes the connection's state" "$WORK/err")"
is "stateful commands: the rest applied in db 0" "a b" "$(cli GET st:1) $(cli GET st:2)"
