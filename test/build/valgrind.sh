#!/usr/bin/env bash
# The plain builds under valgrind's memcheck: no invalid access, no use of
# uninitialised memory, no leak, on the golden inputs and a short Redis run.
. "$(dirname "$0")/../lib.sh"
command -v valgrind >/dev/null || skip_all "valgrind not installed"
cd "$TOP"
VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect"

vg() {	# vg NAME CMD...: ok when valgrind found nothing (the tool's own status is not judged)
	local name=$1 rc=0; shift
	$VG "$@" > "$WORK/out" 2> "$WORK/vg" || rc=$?
	if [ "$rc" -ne 99 ]; then ok "valgrind: $name"; else
		not_ok "valgrind: $name"; head -30 "$WORK/vg" | sed 's/^/#   /'; fi
}

for in in test/canal2ops/golden/*.in; do
	base=${in%.in}
	set --
	[ -f "$base.args" ] && eval "set -- $(cat "$base.args")"
	vg "canal2ops ${base##*/}" canal2ops/canal2ops "$@" "$in"
done
vg "canal2ops on the captured dump" canal2ops/canal2ops -k '{table}:{pk}' examples/canal-topic.ndjson
vg "canal2ops on the all-types capture (value rules)" canal2ops/canal2ops -k '{table}:{pk}' \
    --exclude-table nokey test/canal2ops/stack/alltypes.ndjson

port=$(free_port)
export REDIS_PORT=$port REDIS_DIR=$WORK/redis
"$TOP/test/services/redis.sh" start
at_exit "REDIS_PORT=$port REDIS_DIR=$WORK/redis '$TOP/test/services/redis.sh' stop"
canal2ops/canal2ops -k '{table}:{pk}' examples/canal-topic.ndjson > "$WORK/ops"
printf 'SET k\nGET\nLPUSH x 1\nSET "unterminated\n' >> "$WORK/ops"
vg "ops2redis with bad lines and an error reply" ops2redis/ops2redis -p "$port" "$WORK/ops"
is "ops2redis applied the dump under valgrind" 1 "$(redis-cli -p "$port" EXISTS user:20122)"
vg "ops2redis, Redis gone" ops2redis/ops2redis -p "$(free_port)" --retry-for 0 "$WORK/ops"
vg "redis-view HTML page" env REQUEST_METHOD=GET QUERY_STRING='match=*&count=5' \
    REDIS_PORT="$port" web/redis-view
vg "redis-view JSON" env REQUEST_METHOD=GET QUERY_STRING='format=json' \
    REDIS_PORT="$port" web/redis-view
vg "kcat-lite usage error" kcat-lite/kcat-lite -C -o nonsense -t x
