#!/usr/bin/env bash
# A stream cut mid-line: a writer killed while blocked on a full pipe leaves
# half an op, without its newline, for the reader. Cut inside a key,
# "DEL item:10003640" would delete item:1000364; the cut line must be
# reported (exit 65) and never applied, by ops2redis and by canal2ops.
. "$(dirname "$0")/../lib.sh"
. "$TOP/test/ops2redis/common.bash"
command -v redis-server >/dev/null || skip_all "redis-server not installed"
start_redis R
cd "$WORK"
R() { redis-cli -p "$R_PORT" "$@"; }

# DELETE messages of 8-digit ids, one row each: ops "DEL item:1000xxxx" of
# 18 bytes, so a 64 KiB pipe ends inside a key. Every id and every 7-digit
# prefix of one (a key a cut op would name) is in Redis first.
n=20000
awk -v n=$n 'BEGIN { for (i = 0; i < n; i++)
	printf "{\"data\":[{\"id\":\"%d\"}],\"pkNames\":[\"id\"],\"table\":\"item\",\"type\":\"DELETE\"}\n", 10000000 + i }' > dels
awk -v n=$n 'BEGIN { for (i = 0; i < n; i++) printf "SET item:%d x\n", 10000000 + i
	for (i = 0; i <= n / 10; i++) printf "SET item:%d decoy\n", 1000000 + i }' | R > /dev/null
keys0=$(R DBSIZE)

# canal2ops blocks on the full pipe (nobody reads yet) and is killed there.
mkfifo pipe
exec 3<> pipe			# keep the pipe open while no reader is there
"$CANAL2OPS" -k 'item:{pk}' dels > pipe 3>&- &
c2o=$!
for _ in $(seq 1 100); do	# until it sleeps in the write
	[ "$(cut -d' ' -f3 /proc/$c2o/stat 2>/dev/null)" = S ] && break; sleep 0.05
done
sleep 0.2
kill -9 $c2o; wait $c2o 2>/dev/null || true
"$OPS2REDIS" -p "$R_PORT" < pipe > /dev/null 2> o2r.err 3>&- &
o2r=$!
exec 3>&-			# the last writer gone: ops2redis sees the end
rc=0; wait $o2r || rc=$?
is "ops2redis: a cut last line exits 65" 65 "$rc"
deleted=$(( keys0 - $(R DBSIZE) ))
check "some ops were applied" test "$deleted" -gt 1000
is "every decoy key (a prefix of a cut key) is still there" $(( n / 10 + 1 )) \
    "$(R --scan --pattern 'item:???????' | wc -l)"
check "the cut line is named" grep -q "^ops2redis: stdin:$((deleted + 1)): no newline at the end: the input was cut short, not applied: 'DEL item:[0-9]*'\$" o2r.err
check "nothing else reported" test "$(grep -c . o2r.err)" -eq 1

# The checkpoint after a cut line is withheld: a restart redoes the rest.
printf 'SET a 1\nHSET canal2ops:checkpoint t:0 5\nSET b' | "$OPS2REDIS" -p "$R_PORT" 2> o2r2.err && rc=0 || rc=$?
is "ops2redis: exit 65 when the cut line follows a checkpoint" 65 "$rc"
is "the whole lines before it are applied" "1 5" "$(R GET a) $(R HGET canal2ops:checkpoint t:0)"
is "the cut SET is not applied" 0 "$(R EXISTS b)"

# canal2ops: a last record without its newline is a bad record, even when it
# parses; it goes to --reject and makes no ops.
printf '%s\n%s' '{"data":[{"id":"1"}],"table":"t","type":"INSERT"}' \
    '{"data":[{"id":"2"}],"table":"t","type":"DELETE"}' > cut.json
"$CANAL2OPS" -r rej cut.json > cut.ops 2> cut.err && rc=0 || rc=$?
is "canal2ops: a cut last line exits 65" 65 "$rc"
is "canal2ops: only the whole line's ops" "SET 1 '{\"id\":\"1\"}'" "$(cat cut.ops)"
check "canal2ops: the cut line is named" grep -q '^canal2ops: cut.json:2: no newline at the end: the input was cut short$' cut.err
is "canal2ops: the cut line is rejected as it was" '{"data":[{"id":"2"}],"table":"t","type":"DELETE"}' "$(cat rej)"

# An input that ends with its newline is fine (the last line is not cut).
printf '%s\n' '{"data":[{"id":"3"}],"table":"t","type":"INSERT"}' | "$CANAL2OPS" > /dev/null
is "canal2ops: a whole last line exits 0" 0 $?
