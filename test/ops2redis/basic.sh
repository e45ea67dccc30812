#!/usr/bin/env bash
# ops2redis: options, man page, and the same state as redis-cli for the same ops.
. "$(dirname "$0")/../lib.sh"
. "$TOP/test/ops2redis/common.bash"
O=$OPS2REDIS

# options
status_is "--help" 0 "$O" --help
"$O" --help > "$WORK/help"
check "--help prints usage on stdout" grep -q '^usage: ops2redis' "$WORK/help"
status_is "--help on a full stdout: exit 74" 74 sh -c "'$O' --help > /dev/full"
status_is "-V on a full stdout: exit 74" 74 sh -c "'$O' -V > /dev/full"
status_is "bad option" 2 "$O" --no-such-option
"$O" --no-such-option 2> "$WORK/err" || true
check "usage on stderr after misuse" grep -q '^usage: ops2redis' "$WORK/err"
status_is "bad -w" 2 "$O" -w 0
status_is "bad --on-error" 2 "$O" --on-error maybe
status_is "-u not redis://" 2 "$O" -u http://x
is "-V" "ops2redis $(sed -n 's/^VERSION *= *//p' "$TOP/Makefile")" "$("$O" -V)"

# usage equals the man page SYNOPSIS (word for word)
man=$TOP/man/ops2redis.1
if command -v mandoc >/dev/null; then
	check "man page lints clean" sh -c "mandoc -Tlint -W warning '$man' >'$WORK/lint' 2>&1 && ! [ -s '$WORK/lint' ]"
	MANWIDTH=200 mandoc -Tascii -O width=200 "$man" | col -bx |
	    awk '/^SYNOPSIS/ { s = 1; next } /^[A-Z]/ { s = 0 } s' |
	    tr -s ' \n' '\n\n' | grep -v '^$' > "$WORK/syn.man"
	sed '/^See /d; s/^usage://; s/^ *//' "$WORK/help" | tr -s ' \n' '\n\n' |
	    grep -v '^$' > "$WORK/syn.usage"
	same "usage() equals SYNOPSIS" "$WORK/syn.man" "$WORK/syn.usage"
fi

start_redis A
start_redis B

# the same state as redis-cli, for generated ops in every quoting style
gen_ops 3000 42 > "$WORK/ops"
redis-cli -p "$B_PORT" < "$WORK/ops" > /dev/null
status_is "generated ops applied" 0 "$O" -p "$A_PORT" "$WORK/ops"
check "some keys" test "$(redis-cli -p "$A_PORT" DBSIZE)" -gt 100
is "same state as redis-cli (DEBUG DIGEST)" "$(digest "$B_PORT")" "$(digest "$A_PORT")"
ttls=$(redis-cli -p "$A_PORT" EVAL "local n = 0 for _, k in ipairs(redis.call('keys', '*')) do if redis.call('ttl', k) > 0 then n = n + 1 end end return n" 0)
check "SET EX keeps its TTL ($ttls keys)" test "$ttls" -gt 0

# hand-written quoting styles sdssplitargs accepts
printf '%s\n' '  SET  "s\x41\x4a\x4A\a\b\t\r\n\\\"x"   v1  ' \
    "SET 'single \\' quote' 'it\\''" \
    "SET e1 ''" 'SET e2 ""' '' '   ' 'HSET hq "" "" f2 ""' \
    "set lower 'x y'" 'SET "a b" "\xff\x00z"' 'SET tab	sep' \
    'SET bs "ends\\"' "SET json '{\"a\":\"b\\\"c\"}'" > "$WORK/quoted"
printf 'SET crlf yes\r\n' >> "$WORK/quoted"
redis-cli -p "$A_PORT" FLUSHALL > /dev/null
redis-cli -p "$B_PORT" FLUSHALL > /dev/null
redis-cli -p "$B_PORT" < "$WORK/quoted" > /dev/null
status_is "quoted ops applied" 0 "$O" -p "$A_PORT" < "$WORK/quoted"
is "quoting: same state as redis-cli" "$(digest "$B_PORT")" "$(digest "$A_PORT")"
is "empty value" "" "$(redis-cli -p "$A_PORT" GET e1)"
is "empty hash field and value" "1" "$(redis-cli -p "$A_PORT" HEXISTS hq '')"
is "NUL byte kept" "ff 00 7a 0a" "$(redis-cli -p "$A_PORT" GET 'a b' | od -An -tx1 | tr -s ' ' | sed 's/^ //')"

# unix socket, -n, -u
printf 'SET viasock 1\n' | "$O" -s "$A_SOCK"
is "-s socket" "1" "$(redis-cli -p "$A_PORT" GET viasock)"
unused=$(free_port)
printf 'SET sockwins 1\n' | "$O" -s "$A_SOCK" -h 127.0.0.2 -p "$unused" --retry-for 0 -u "redis://127.0.0.1:$unused" || true
is "-s wins over -h, -p and -u, as in redis-cli" "1" "$(redis-cli -p "$A_PORT" GET sockwins)"
printf 'SET indb3 1\n' | "$O" -p "$A_PORT" -n 3
is "-n 3" "1" "$(redis-cli -p "$A_PORT" -n 3 GET indb3)"
printf 'SET viauri 1\n' | "$O" -u "redis://127.0.0.1:$A_PORT/5"
is "-u redis://host:port/db" "1" "$(redis-cli -p "$A_PORT" -n 5 GET viauri)"
status_is "-n out of range: unavailable" 69 "$O" -p "$A_PORT" -n 99 --retry-for 0 < /dev/null

# windows and --atomic give the same state
gen_ops 2000 7 > "$WORK/ops2"
redis-cli -p "$B_PORT" FLUSHALL > /dev/null
redis-cli -p "$B_PORT" < "$WORK/ops2" > /dev/null
want=$(digest "$B_PORT")
for opt in "-w 1" "-w 3" "-w 100000" "--atomic" "--atomic -w 2" "--atomic -w 50"; do
	redis-cli -p "$A_PORT" FLUSHALL > /dev/null
	# shellcheck disable=SC2086
	"$O" -p "$A_PORT" $opt < "$WORK/ops2"
	is "$opt: same state" "$want" "$(digest "$A_PORT")"
done

# a single op lands while input stays open (idle flush)
redis-cli -p "$A_PORT" FLUSHALL > /dev/null
mkfifo "$WORK/fifo"
"$O" -p "$A_PORT" < "$WORK/fifo" & pid=$!
exec 3> "$WORK/fifo"
echo "SET idle 1" >&3
check "op applied while input is idle" wait_for 5 sh -c "[ \"\$(redis-cli -p $A_PORT GET idle)\" = 1 ]"
exec 3>&-
wait "$pid"; is "exit 0 at EOF" 0 $?

# stdout stays empty
printf 'SET q 1\n' | "$O" -p "$A_PORT" -v > "$WORK/stdout" 2> "$WORK/stderr"
check "stdout empty" test ! -s "$WORK/stdout"
check "-v summary on stderr" grep -q '^ops2redis: 1 applied' "$WORK/stderr"

# long lines: more than the 8 MB kept in flight, one line bigger than the
# line reader's buffer
for i in 1 2 3 4 5 6; do
	printf 'SET big:%d %s\n' "$i" "$(head -c 2000000 /dev/urandom | base64 -w0)"
done > "$WORK/big"
for opt in "" "--atomic"; do
	redis-cli -p "$A_PORT" FLUSHALL > /dev/null
	# shellcheck disable=SC2086
	"$O" -p "$A_PORT" $opt "$WORK/big"
	is "long lines $opt: all there" "6" "$(redis-cli -p "$A_PORT" DBSIZE)"
	is "long lines $opt: value intact" "$(sed -n '6s/^SET big:6 //p' "$WORK/big" | cksum)" \
	    "$(redis-cli -p "$A_PORT" GET big:6 | cksum)"
done

# --progress: a line on stderr once a second while running
rm -f "$WORK/fifo"; mkfifo "$WORK/fifo"
"$O" -p "$A_PORT" --progress < "$WORK/fifo" > "$WORK/stdout" 2> "$WORK/progress" & pid=$!
exec 3> "$WORK/fifo"
echo "SET p1 1" >&3
check "--progress goes on while input is idle" \
    wait_for 10 sh -c "[ \$(wc -l < '$WORK/progress') -ge 2 ]"
echo "SET p2 2" >&3
exec 3>&-
wait "$pid"; is "--progress: exit 0" 0 $?
check "--progress line" grep -Eq '^ops2redis: [0-9]+ applied, [0-9]+/s, 0 errors, 0 reconnects$' "$WORK/progress"
check "--progress: stdout empty" test ! -s "$WORK/stdout"

# The lag: binlog time of the newest change to applied, taken from the es
# fields of a checkpoint op once the data before it is in (at least the
# 2.5 s the binlog time is behind the clock here).
es=$(( $(date +%s%3N) - 2500 ))
printf 'SET lag 1\nHSET canal2ops:checkpoint t:0 5 t:0:es %s t:1 2\n' "$es" |
    "$OPS2REDIS" -p "$A_PORT" -v 2> "$WORK/lag.err"
lag=$(sed -n 's/.*, lag \([0-9.]*\) s at the last checkpoint (at most [0-9.]* s)$/\1/p' "$WORK/lag.err")
check "summary: the lag at the last checkpoint (${lag:-none} s)" awk -v l="${lag:-0}" 'BEGIN { exit !(l >= 2.5) }'
printf 'SET nolag 1\nHSET canal2ops:checkpoint t:0 6\n' | "$OPS2REDIS" -p "$A_PORT" -v 2> "$WORK/lag.err"
check "summary: no lag without es fields" sh -c '! grep -q lag "$1"' _ "$WORK/lag.err"

# Option errors name the option as written, never the program's path.
is "an unknown option named" "ops2redis: --bogus: unknown option" "$("$OPS2REDIS" --bogus 2>&1 </dev/null | head -1)"
is "a long option given an argument it does not take" "ops2redis: --progress: takes no argument" \
    "$("$OPS2REDIS" --progress=1 2>&1 </dev/null | head -1)"
is "a missing argument" "ops2redis: --window: needs an argument" "$("$OPS2REDIS" --window 2>&1 </dev/null | head -1)"
