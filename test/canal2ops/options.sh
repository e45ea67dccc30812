#!/usr/bin/env bash
# canal2ops as a command: options, usage, exit statuses, --strict and
# --reject, several inputs, failing output, idle flushing and signals.
. "$(dirname "$0")/../lib.sh"
G=$TOP/test/canal2ops/golden
C=$CANAL2OPS
row='{"data":[{"id":"1","v":"a"}],"table":"t","type":"INSERT"}'

# usage, help, version
rc=0; "$C" -h > "$WORK/help" 2> "$WORK/help.err" || rc=$?
is "-h exits 0" 0 "$rc"
check "-h prints usage to stdout" grep -q '^usage: canal2ops ' "$WORK/help"
check "-h prints nothing on stderr" test ! -s "$WORK/help.err"
mandoc -Tascii "$TOP/man/canal2ops.1" | col -b |
    sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | sed '1d;$d' | tr -s ' \t\n' '\n' | sed '/^$/d' > "$WORK/syn"
sed '$d; s/^usage: //' "$WORK/help" | tr -s ' \t\n' '\n' | sed '/^$/d' > "$WORK/use"
same "usage equals the man page SYNOPSIS" "$WORK/syn" "$WORK/use"
is "-h ends with where to read more" "See canal2ops(1) and canal-ops(5)." "$(tail -n 1 "$WORK/help")"
check "an unknown option is named, not the program's path" \
    sh -c '"$1" --bogus 2>&1 >/dev/null | grep -qx "canal2ops: --bogus: unknown option"' sh "$C"
check "a missing argument is named" \
    sh -c '"$1" --key 2>&1 >/dev/null | grep -qx "canal2ops: --key: needs an argument"' sh "$C"
is "-V" "canal2ops $(sed -n 's/^VERSION *= *//p' "$TOP/Makefile")" "$("$C" -V)"
status_is "unknown option" 2 "$C" --bogus
check "misuse prints usage to stderr" sh -c '"$1" --bogus 2>&1 >/dev/null | grep -q "^usage: canal2ops"' sh "$C"
status_is "--ttl 0" 2 "$C" --ttl 0
status_is "--ttl x" 2 "$C" --ttl x
status_is "--checkpoint-every 0" 2 "$C" --checkpoint-every 0
status_is "--hash with --ttl" 2 "$C" --hash --ttl 5
status_is "--columns with --exclude-columns" 2 "$C" --columns a --exclude-columns b
status_is "--columns naming no column" 2 sh -c '"$1" --columns "" < /dev/null > /dev/null' sh "$C"
status_is "--columns ',' names no column" 2 sh -c '"$1" --columns , < /dev/null > /dev/null' sh "$C"
status_is "bad key template" 2 "$C" -k '{pk'
status_is "missing input file" 74 "$C" "$WORK/nonexistent"
# a directory among the inputs fails before any output
echo "$row" > "$WORK/one"
for i in $(seq 1 3000); do echo "$row"; done > "$WORK/some"	# > 64 kB of ops
rc=0; "$C" "$WORK/some" "$WORK" > "$WORK/dir.out" 2> "$WORK/dir.err" || rc=$?
is "directory as input: exit 74" 74 "$rc"
check "directory as input: no ops of the files before it" test ! -s "$WORK/dir.out"
is "directory as input: message" "canal2ops: $WORK: Is a directory" "$(cat "$WORK/dir.err")"
rc=0; "$C" "$WORK/one" - < "$WORK" > /dev/null 2>&1 || rc=$?
is "directory as stdin: exit 74" 74 "$rc"
# a read error: the ops of what was read before go out, then exit 74
if [ -r /proc/self/mem ]; then
	rc=0; "$C" "$WORK/one" /proc/self/mem > "$WORK/eio.out" 2> "$WORK/eio.err" || rc=$?
	is "read error: exit 74" 74 "$rc"
	is "read error: the ops read before are written" "SET 1 '{\"id\":\"1\",\"v\":\"a\"}'" "$(cat "$WORK/eio.out")"
	check "read error: message names the file" grep -q '^canal2ops: /proc/self/mem: ' "$WORK/eio.err"
fi
status_is "stdout is /dev/full" 74 sh -c 'echo "$1" | "$2" > /dev/full' sh "$row" "$C"
rc=0; echo "$row" | "$C" -r "$WORK/closed.rej" >&- 2> /dev/null || rc=$?
is "closed stdout with --reject: exit 74" 74 "$rc"
check "closed stdout with --reject: no ops in the reject file" test ! -s "$WORK/closed.rej"

# a reader that goes away: no success claimed
for i in $(seq 1 20000); do echo "$row"; done > "$WORK/many"
"$C" "$WORK/many" "$WORK/many" "$WORK/many" | head -1 > /dev/null
rc=${PIPESTATUS[0]}
check "closed stdout: not exit 0 (got $rc)" test "$rc" -ne 0
{ echo junk; cat "$WORK/many"; } > "$WORK/badfirst"
"$C" -r "$WORK/lost.rej" "$WORK/badfirst" "$WORK/many" "$WORK/many" 2>/dev/null | head -1 > /dev/null
is "closed stdout: rejected lines are in the reject file" junk "$(cat "$WORK/lost.rej")"

# several inputs, "-" for stdin; file names in messages
printf '%s\n' 'junk' > "$WORK/bad1"
rc=0
echo "$row" | "$C" "$WORK/bad1" - "$WORK/bad1" > "$WORK/multi.out" 2> "$WORK/multi.err" || rc=$?
is "several inputs: ops" "SET 1 '{\"id\":\"1\",\"v\":\"a\"}'" "$(cat "$WORK/multi.out")"
is "several inputs: messages name each file" \
    "canal2ops: $WORK/bad1:1: not a JSON object at byte 1|canal2ops: $WORK/bad1:1: not a JSON object at byte 1" \
    "$(paste -sd'|' "$WORK/multi.err")"
is "several inputs: exit 65" 65 "$rc"

# --reject gets every bad line verbatim; --strict stops at the first
rc=0
"$C" -r "$WORK/rej" < "$G/garbage.in" > /dev/null 2>&1 || rc=$?
sed -n '5,15p' "$G/garbage.in" > "$WORK/rej.want"
tail -n 1 "$G/garbage.in" >> "$WORK/rej.want"	# the cut last line
[ -z "$(tail -c 1 "$G/garbage.in")" ] || echo >> "$WORK/rej.want"
same "--reject: bad lines verbatim" "$WORK/rej.want" "$WORK/rej"
rc=0
"$C" --strict -r "$WORK/rej2" < "$G/garbage.in" > "$WORK/strict.out" 2> "$WORK/strict.err" || rc=$?
is "--strict: exit 65" 65 "$rc"
is "--strict: ops before the bad record only" "SET 1 '{\"id\":\"1\",\"v\":\"before\"}'" "$(cat "$WORK/strict.out")"
is "--strict: one message" 1 "$(wc -l < "$WORK/strict.err")"
sed -n 5p "$G/garbage.in" > "$WORK/rej2.want"
same "--strict: one rejected line" "$WORK/rej2.want" "$WORK/rej2"
rc=0
"$C" -k '{pk}' --strict --checkpoint-every 100 < "$G/envelope.in" > "$WORK/strict-env" 2>/dev/null || rc=$?
is "--strict envelopes: checkpoint stops before the bad record" \
    "HSET canal2ops:checkpoint orders:0 12 orders:1 5" "$(grep '^HSET' "$WORK/strict-env")"

# checkpoint options
"$C" -k '{pk}' --no-checkpoint < "$G/envelope.in" > "$WORK/nock" 2>/dev/null || true
is "--no-checkpoint" 0 "$(grep -c '^HSET' "$WORK/nock" || true)"
"$C" -k '{pk}' --checkpoint-key 'my ck' < "$G/envelope.in" > "$WORK/ck" 2>/dev/null || true
is "--checkpoint-key: one at EOF" "HSET 'my ck' orders:0 14 orders:1 6 users:0 0" "$(grep '^HSET' "$WORK/ck")"

# idle input: ops and the checkpoint go out at once, SIGTERM ends cleanly
mkfifo "$WORK/fifo"
"$C" < "$WORK/fifo" > "$WORK/idle.out" 2> "$WORK/idle.err" &
pid=$!
at_exit "kill $pid 2>/dev/null"
exec 3> "$WORK/fifo"
head -1 "$G/envelope.in" >&3
check "idle: ops flushed while input stays open" wait_for 10 grep -q '^SET 10 ' "$WORK/idle.out"
check "idle: checkpoint flushed too" wait_for 10 grep -q '^HSET canal2ops:checkpoint orders:0 10$' "$WORK/idle.out"
kill -TERM "$pid"
rc=0; wait "$pid" || rc=$?
is "SIGTERM: clean exit" 0 "$rc"
exec 3>&-

# --as-deletes: the keys of the rows as DEL ops, whatever the type; no
# checkpoints. --key-pattern: the SCAN pattern of a table's keys.
is "--as-deletes" "DEL user:1|DEL user:2|DEL user:3" "$(printf '%s\n' \
    '{"topic":"t","partition":0,"offset":5,"payload":"{\"data\":[{\"id\":\"1\"},{\"id\":\"2\"}],\"database\":\"s\",\"pkNames\":[\"id\"],\"table\":\"user\",\"type\":\"INSERT\"}"}' \
    '{"data":[{"id":"3","v":"x"}],"database":"s","pkNames":["id"],"table":"user","type":"UPDATE"}' |
    "$C" -k '{table}:{pk}' --as-deletes | paste -sd'|')"
is "--key-pattern: table and database names, a star for the row" 'shop:us\*er\?:*' \
    "$("$C" -k '{database}:{table}:{pk}' --key-pattern 'shop.us*er?')"
is "--key-pattern: one star for adjacent row parts" 'o:*' "$("$C" -k 'o:{id}{pk}' --key-pattern a.b)"
status_is "--key-pattern without a dot" 2 "$C" --key-pattern users
