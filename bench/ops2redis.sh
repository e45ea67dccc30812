#!/usr/bin/env bash
# ops2redis against redis-cli --pipe (the same commands as RESP) and plain
# redis-cli (a scaled subset), on one private redis-server, in one run.
# N=300000 SETs of ~200-byte JSON values by default; prints a markdown table.
set -eu
cd "$(dirname "$0")/.."
export LC_ALL=C
N=${N:-300000}
SMALL=${SMALL:-20000}
WINDOWS=${WINDOWS:-"100 1000 10000"}
OPS2REDIS=${OPS2REDIS:-ops2redis/ops2redis}
W=$(mktemp -d "${TMPDIR:-/tmp}/c2r-bench.XXXXXX")
port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 30000 ))
export REDIS_PORT=$port REDIS_DIR=$W/redis
trap 'test/services/redis.sh stop; rm -rf "$W"' EXIT
test/services/redis.sh start

# The ops file and the same commands as RESP.
awk -v n="$N" 'BEGIN {
	for (i = 1; i <= n; i++) {
		v = sprintf("{\"id\":\"%d\",\"name\":\"user %d\",\"email\":\"user%d@example.com\",\"city\":\"Springfield\",\"created\":\"2024-01-02 03:04:05\",\"score\":\"%d\",\"note\":\"lorem ipsum dolor sit amet consectetur\"}", i, i, i, i * 7 % 1000)
		k = "user:" i
		printf "SET %s '\''%s'\''\n", k, v > "/dev/stdout"
		printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", length(k), k, length(v), v > "/dev/stderr"
	}
}' > "$W/ops" 2> "$W/resp"
head -n "$SMALL" "$W/ops" > "$W/ops.small"
bytes=$(awk '{ n += length($0) } END { printf "%d", n / NR }' "$W/ops")

cli() { redis-cli -p "$port" "$@"; }
# run NAME N CMD...: time CMD, check the key count, print "rate rss"
run() {
	local name=$1 n=$2 t0 t1 rss; shift 2
	cli FLUSHALL >/dev/null
	t0=$(date +%s.%N)
	/usr/bin/time -f '%M' -o "$W/time" "$@" >"$W/out" 2>"$W/err" ||
	    { echo "bench: $name failed:" >&2; tail -5 "$W/err" >&2; exit 1; }
	t1=$(date +%s.%N)
	got=$(cli DBSIZE)
	[ "$got" = "$n" ] || { echo "bench: $name: $got keys, want $n" >&2; exit 1; }
	rss=$(tail -1 "$W/time")
	echo "$(echo "$n / ($t1 - $t0)" | bc -l) $rss"
}

pipe=$(run "redis-cli --pipe" "$N" sh -c "redis-cli -p $port --pipe < $W/resp")
plain=$(run "redis-cli" "$SMALL" sh -c "redis-cli -p $port < $W/ops.small")
base=${pipe%% *}
row() { printf '| %s | %s | %.0f | %.2f | %.1f |\n' "$1" "$2" "${3%% *}" \
    "$(echo "${3%% *} / $base" | bc -l)" "$(echo "${3##* } / 1024" | bc -l)"; }
echo
echo "ops2redis: $N SET of ${bytes}-byte ops lines, redis-server $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/'), $(nproc) cores, $(date -u +%F)"
echo
echo "| tool | commands | SET/s | vs --pipe | peak RSS MB |"
echo "|---|---|---|---|---|"
row "redis-cli --pipe (RESP)" "$N" "$pipe"
row "redis-cli (inline, one round trip each)" "$SMALL" "$plain"
for w in $WINDOWS; do
	r=$(run "ops2redis -w $w" "$N" "$OPS2REDIS" -p "$port" -w "$w" "$W/ops")
	row "ops2redis -w $w" "$N" "$r"
done
r=$(run "ops2redis (stdin)" "$N" sh -c "cat $W/ops | $OPS2REDIS -p $port")
row "cat \| ops2redis (default window)" "$N" "$r"
r=$(run "ops2redis --atomic" "$N" "$OPS2REDIS" -p "$port" --atomic "$W/ops")
row "ops2redis --atomic" "$N" "$r"
