#!/usr/bin/env bash
# ops2redis -c into a Redis Cluster against ops2redis into one redis-server
# and against redis-cli -c (one command a round trip, the only cluster path
# redis-cli has), in one run; then a cluster whose masters have a replica
# each: the servers' CPU, and what --wait-replicas 1 costs.
# N SETs of ~200-byte JSON values (default 300000; redis-cli -c gets SMALL
# of them); each run ROUNDS times, interleaved, FLUSHALL before each; the
# median is shown. Prints markdown tables for BENCHMARKS.md.
set -eu
cd "$(dirname "$0")/.."
export LC_ALL=C
N=${N:-300000}
SMALL=${SMALL:-20000}
ROUNDS=${ROUNDS:-3}
OPS2REDIS=${OPS2REDIS:-ops2redis/ops2redis}
W=$(mktemp -d "${TMPDIR:-/tmp}/c2r-bench.XXXXXX")
ports() { local i; for i in $(seq 1 "$1"); do printf '%s ' "$(test/services/free-port)"; done; }
single=$(test/services/free-port)
stop_all() {
	REDIS_PORT=$single REDIS_DIR=$W/redis test/services/redis.sh stop || true
	for c in plain repl; do
		[ -f "$W/$c.env" ] && (. "$W/$c.env"; test/services/redis-cluster.sh stop) || true
	done
}
trap 'stop_all; rm -rf "$W"' EXIT
REDIS_PORT=$single REDIS_DIR=$W/redis test/services/redis.sh start
# cluster NAME REPLICAS: start one, its settings in $W/NAME.env
cluster() {
	local n=$(( 3 * ($2 + 1) ))
	cat > "$W/$1.env" <<EOF
export REDIS_CLUSTER_PORTS="$(ports "$n")" REDIS_CLUSTER_BUS_PORTS="$(ports "$n")"
export REDIS_CLUSTER_REPLICAS=$2 REDIS_CLUSTER_DIR=$W/$1
EOF
	(. "$W/$1.env"; test/services/redis-cluster.sh start)
}
cl() { (. "$W/$1.env"; shift; test/services/redis-cluster.sh "$@"); }
cluster plain 0

awk -v n="$N" 'BEGIN {
	for (i = 1; i <= n; i++) {
		v = sprintf("{\"id\":\"%d\",\"name\":\"user %d\",\"email\":\"user%d@example.com\",\"city\":\"Springfield\",\"created\":\"2024-01-02 03:04:05\",\"score\":\"%d\",\"note\":\"lorem ipsum dolor sit amet consectetur adipiscing\"}", i, i, i, i * 7 % 1000)
		printf "SET user:%d '\''%s'\''\n", i, v
	}
}' > "$W/ops"
head -n "$SMALL" "$W/ops" > "$W/ops.small"

# target NAME: "masters" ports and "servers" pids of a target (single,
# plain, repl); the options for ops2redis.
masters() { if [ "$1" = single ]; then echo "$single"; else cl "$1" masters; fi; }
servers() {
	if [ "$1" = single ]; then cat "$W/redis/redis.pid"
	else for p in $(. "$W/$1.env"; echo $REDIS_CLUSTER_PORTS); do cl "$1" pid "$p"; done; fi
}
seeds() { if [ "$1" = single ]; then echo "-p $single"; else echo "-c $(cl "$1" seeds)"; fi; }
cpu() {	# cpu PIDS...: their user + system CPU seconds
	local p t=0
	for p in "$@"; do t=$(( t + $(awk '{ print $14 + $15 }' "/proc/$p/stat") )); done
	echo "$t / $(getconf CLK_TCK)" | bc -l
}
keys() { local m n=0; for m in $(masters "$1"); do n=$(( n + $(redis-cli -p "$m" DBSIZE) )); done; echo "$n"; }
waits() { local m n=0; for m in $(masters "$1"); do
	n=$(( n + $(redis-cli -p "$m" INFO commandstats | sed -n 's/^cmdstat_wait:calls=\([0-9]*\),.*/\1/p' | tr -d '\r' | grep . || echo 0) ))
	done; echo "$n"; }

# run NAME TARGET KEYS CMD...: time CMD once, check the key count, append
# "rate rss_kb client_cpu_s server_cpu_s waits" to $W/r.NAME
run() {
	local name=$1 tg=$2 n=$3 t0 t1 got s0 s1 pids m; shift 3
	for m in $(masters "$tg"); do
		redis-cli -p "$m" FLUSHALL > /dev/null
		redis-cli -p "$m" CONFIG RESETSTAT > /dev/null
	done
	sleep 0.2
	pids=$(servers "$tg")
	# shellcheck disable=SC2086
	s0=$(cpu $pids)
	t0=$(date +%s.%N)
	/usr/bin/time -f '%M %U %S' -o "$W/time" "$@" > "$W/out" 2> "$W/err" ||
	    { echo "bench: $name failed:" >&2; tail -5 "$W/err" >&2; exit 1; }
	t1=$(date +%s.%N)
	# shellcheck disable=SC2086
	s1=$(cpu $pids)
	got=$(keys "$tg")
	[ "$got" = "$n" ] || { echo "bench: $name: $got keys, want $n" >&2; exit 1; }
	read -r rss u s < <(tail -1 "$W/time")
	echo "$(echo "$n / ($t1 - $t0)" | bc -l) $rss $(echo "$u + $s" | bc -l) $(echo "$s1 - $s0" | bc -l) $(waits "$tg")" >> "$W/r.$name"
}
median() { sort -n "$1" | awk '{ a[NR] = $0 } END { print a[int((NR + 1) / 2)] }'; }
field() { echo "$1" | awk -v f="$2" '{ print $f }'; }
maxrss() { awk '$2 > m { m = $2 } END { print m }' "$1"; }

for _ in $(seq 1 "$ROUNDS"); do
	run single single "$N" "$OPS2REDIS" -p "$single" "$W/ops"
	# shellcheck disable=SC2046
	run cluster plain "$N" "$OPS2REDIS" $(seeds plain) "$W/ops"
	run clic plain "$SMALL" sh -c "redis-cli -c -p $(masters plain | head -1) < $W/ops.small"
done

# The same with a replica for each master (the plain cluster stopped).
cl plain stop
cluster repl 1
for _ in $(seq 1 "$ROUNDS"); do
	# shellcheck disable=SC2046
	run repl repl "$N" "$OPS2REDIS" $(seeds repl) "$W/ops"
	# shellcheck disable=SC2046
	run wait repl "$N" "$OPS2REDIS" $(seeds repl) --wait-replicas 1 "$W/ops"
done

base=$(median "$W/r.single"); base=$(field "$base" 1)
row() {	# row LABEL NAME COMMANDS
	local m rate
	m=$(median "$W/r.$2"); rate=$(field "$m" 1)
	printf '| %s | %s | %.0f | %.2f | %.1f | %.2f | %.2f |\n' "$1" "$3" "$rate" \
	    "$(echo "$rate / $base" | bc -l)" "$(echo "$(maxrss "$W/r.$2") / 1024" | bc -l)" \
	    "$(echo "$(field "$m" 3) * 1000000 / $3" | bc -l)" \
	    "$(echo "$(field "$m" 4) * 1000000 / $3" | bc -l)"
}
echo
echo "$N SET of ~200-byte JSON, redis-server $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/'), $(nproc) cores, median of $ROUNDS, $(date -u +%F)"
echo
echo "| tool and target | commands | SET/s | vs one node | peak RSS MB | client CPU us/SET | servers' CPU us/SET |"
echo "|---|---|---|---|---|---|---|"
row "ops2redis, one redis-server" single "$N"
row "ops2redis -c, 3 masters" cluster "$N"
row "redis-cli -c (a round trip each), 3 masters" clic "$SMALL"
row "ops2redis -c, 3 masters + 3 replicas" repl "$N"
row "ops2redis -c --wait-replicas 1, 3 masters + 3 replicas" wait "$N"
c=$(field "$(median "$W/r.cluster")" 1); r=$(field "$(median "$W/r.clic")" 1)
echo
printf -- '-c into 3 masters: %.2fx one node, %.1fx redis-cli -c\n' "$(echo "$c / $base" | bc -l)" "$(echo "$c / $r" | bc -l)"
m1=$(median "$W/r.single"); m3=$(median "$W/r.repl")
printf 'servers'\'' CPU per SET, 3 masters + 3 replicas against one node: %.2fx\n' \
    "$(echo "$(field "$m3" 4) / $(field "$m1" 4)" | bc -l)"
mr=$(median "$W/r.repl"); mw=$(median "$W/r.wait")
nw=$(field "$mw" 5)
# the masters WAIT at the same time: the time added, per WAIT of one master
printf -- '--wait-replicas 1: %.2fx the rate without it, %d WAITs (3 masters), %.2f ms added per WAIT of a master\n' \
    "$(echo "$(field "$mw" 1) / $(field "$mr" 1)" | bc -l)" "$nw" \
    "$(echo "($N / $(field "$mw" 1) - $N / $(field "$mr" 1)) * 1000 / $nw * 3" | bc -l)"

# Latency on an idle stream: one SET and a checkpoint written to the pipe,
# until the checkpoint is seen (polling with redis-cli: an upper bound).
lat() {	# lat NAME OPTS...
	local name=$1 o i t0 t1 m
	shift
	m=$(masters repl | head -1)
	rm -f "$W/fifo"; mkfifo "$W/fifo"
	# shellcheck disable=SC2046
	"$OPS2REDIS" $(seeds repl) "$@" < "$W/fifo" & o=$!
	exec 3> "$W/fifo"
	for i in $(seq 1 20); do
		t0=$(date +%s%N)
		printf 'SET lat %d\nHSET canal2ops:checkpoint t:0 %d\n' "$i" "$i" >&3
		until [ "$(redis-cli -c -p "$m" HGET canal2ops:checkpoint t:0)" = "$i" ]; do :; done
		t1=$(date +%s%N)
		echo $(( (t1 - t0) / 1000 ))
	done > "$W/lat.$name"
	exec 3>&-
	wait "$o"
	sort -n "$W/lat.$name" | awk -v n="$name" '{ a[NR] = $1 } END {
		printf "%s: median %.1f ms, max %.1f ms\n", n, a[int((NR + 1) / 2)] / 1000, a[NR] / 1000 }'
}
echo
echo "one SET and a checkpoint on an idle stream, until the checkpoint is seen (upper bound, 20 tries), 3 masters + 3 replicas:"
lat "without WAIT"
lat "--wait-replicas 1" --wait-replicas 1
