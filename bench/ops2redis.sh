#!/usr/bin/env bash
# ops2redis against redis-cli --pipe (the same commands as RESP) and plain
# redis-cli (a scaled subset), on one private redis-server, in one run.
# N SETs of ~200-byte JSON values (default 300000); each tool runs ROUNDS
# times, interleaved, FLUSHALL before each; the median rate is shown.
# Prints a markdown table for BENCHMARKS.md.
set -eu
cd "$(dirname "$0")/.."
export LC_ALL=C
N=${N:-300000}
SMALL=${SMALL:-20000}
ROUNDS=${ROUNDS:-3}
WINDOWS=${WINDOWS:-"100 1000 10000"}
OPS2REDIS=${OPS2REDIS:-ops2redis/ops2redis}
W=$(mktemp -d "${TMPDIR:-/tmp}/c2r-bench.XXXXXX")
port=$(test/services/free-port)
export REDIS_PORT=$port REDIS_DIR=$W/redis
trap 'test/services/redis.sh stop; rm -rf "$W"' EXIT
test/services/redis.sh start

# The ops file and the same commands as RESP.
awk -v n="$N" 'BEGIN {
	for (i = 1; i <= n; i++) {
		v = sprintf("{\"id\":\"%d\",\"name\":\"user %d\",\"email\":\"user%d@example.com\",\"city\":\"Springfield\",\"created\":\"2024-01-02 03:04:05\",\"score\":\"%d\",\"note\":\"lorem ipsum dolor sit amet consectetur adipiscing\"}", i, i, i, i * 7 % 1000)
		k = "user:" i
		printf "SET %s '\''%s'\''\n", k, v > "/dev/stdout"
		printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", length(k), k, length(v), v > "/dev/stderr"
	}
}' > "$W/ops" 2> "$W/resp"
head -n "$SMALL" "$W/ops" > "$W/ops.small"
vbytes=$(awk -F"'" '{ n += length($2) } END { printf "%d", n / NR }' "$W/ops")

cli() { redis-cli -p "$port" "$@"; }
# run NAME KEYS CMD...: time CMD once, check the key count, append
# "rate rss_kb cpu_s" to $W/NAME
run() {
	local name=$1 n=$2 t0 t1 got; shift 2
	cli FLUSHALL >/dev/null
	t0=$(date +%s.%N)
	/usr/bin/time -f '%M %U %S' -o "$W/time" "$@" >"$W/out" 2>"$W/err" ||
	    { echo "bench: $name failed:" >&2; tail -5 "$W/err" >&2; exit 1; }
	t1=$(date +%s.%N)
	got=$(cli DBSIZE)
	[ "$got" = "$n" ] || { echo "bench: $name: $got keys, want $n" >&2; exit 1; }
	read -r rss u s < <(tail -1 "$W/time")
	echo "$(echo "$n / ($t1 - $t0)" | bc -l) $rss $(echo "$u + $s" | bc -l)" >> "$W/r.$name"
}
median() { sort -n "$1" | awk '{ a[NR] = $0 } END { print a[int((NR + 1) / 2)] }'; }
maxrss() { awk '$2 > m { m = $2 } END { print m }' "$1"; }

names="pipe plain"
for w in $WINDOWS; do names="$names w$w"; done
names="$names stdin atomic"
for _ in $(seq 1 "$ROUNDS"); do
	run pipe "$N" sh -c "redis-cli -p $port --pipe < $W/resp"
	run plain "$SMALL" sh -c "redis-cli -p $port < $W/ops.small"
	for w in $WINDOWS; do
		run "w$w" "$N" "$OPS2REDIS" -p "$port" -w "$w" "$W/ops"
	done
	run stdin "$N" sh -c "cat $W/ops | $OPS2REDIS -p $port"
	run atomic "$N" "$OPS2REDIS" -p "$port" --atomic "$W/ops"
done
base=$(median "$W/r.pipe"); base=${base%% *}
row() {	# row LABEL NAME COMMANDS
	local m rate cpu
	m=$(median "$W/r.$2"); rate=${m%% *}; cpu=${m##* }
	printf '| %s | %s | %.0f | %.2f | %.1f | %.2f |\n' "$1" "$3" "$rate" \
	    "$(echo "$rate / $base" | bc -l)" "$(echo "$(maxrss "$W/r.$2") / 1024" | bc -l)" \
	    "$(echo "$cpu * 1000000 / $3" | bc -l)"
}
echo
echo "$N SET, values ${vbytes}-byte JSON, redis-server $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/'), $(nproc) cores, median of $ROUNDS, $(date -u +%F)"
echo
echo "| tool | commands | SET/s | vs --pipe | peak RSS MB | client CPU us/SET |"
echo "|---|---|---|---|---|---|"
row "redis-cli --pipe (RESP file)" pipe "$N"
row "redis-cli (inline, a round trip each)" plain "$SMALL"
for w in $WINDOWS; do
	row "ops2redis -w $w FILE" "w$w" "$N"
done
row "cat FILE \\| ops2redis" stdin "$N"
row "ops2redis --atomic FILE" atomic "$N"

# Latency of one op on an idle stream: write one line into the pipe, poll
# Redis until it is there. An upper bound (each poll is a redis-cli start).
mkfifo "$W/fifo"
"$OPS2REDIS" -p "$port" < "$W/fifo" & o2r=$!
exec 3> "$W/fifo"
for i in $(seq 1 20); do
	t0=$(date +%s%N)
	echo "SET lat $i" >&3
	until [ "$(cli GET lat)" = "$i" ]; do :; done
	t1=$(date +%s%N)
	echo $(( (t1 - t0) / 1000 ))
done > "$W/lat"
exec 3>&-
wait "$o2r"
sort -n "$W/lat" | awk '{ a[NR] = $1 } END {
	printf "\none op on an idle stream, written to the pipe until GET sees it (upper bound, 20 tries): median %.1f ms, max %.1f ms\n", a[int((NR + 1) / 2)] / 1000, a[NR] / 1000 }'
