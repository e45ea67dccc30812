#!/usr/bin/env bash
# redis-view on a Redis Cluster of 3 masters (no replicas) against
# redis-view on one redis-server holding the same keys, each behind its own
# private Apache (mod_cgi), in one run. N keys (default 100000) of ~41-byte
# JSON rows in 4 tables ({table}:{pk}), loaded with ops2redis (-c); each
# request kind fetched ROUNDS x EACH times with curl, interleaved; the
# median is shown. Then every key is walked 1000 at a time on the cluster.
# Prints a markdown table for BENCHMARKS.md.
set -eu
cd "$(dirname "$0")/.."
export LC_ALL=C
. bench/page.bash
N=${N:-100000}
ROUNDS=${ROUNDS:-5}
EACH=${EACH:-10}
REDIS_VIEW=${REDIS_VIEW:-web/redis-view}
OPS2REDIS=${OPS2REDIS:-ops2redis/ops2redis}
W=$(mktemp -d "${TMPDIR:-/tmp}/c2r-bench.XXXXXX")
ports() { local i; for i in $(seq 1 "$1"); do printf '%s ' "$(test/services/free-port)"; done; }
single=$(test/services/free-port)
a1=$(test/services/free-port) a2=$(test/services/free-port)
export REDIS_CLUSTER_PORTS="$(ports 3)" REDIS_CLUSTER_BUS_PORTS="$(ports 3)"
export REDIS_CLUSTER_REPLICAS=0 REDIS_CLUSTER_DIR=$W/cluster
apache() { APACHE_PORT=$1 APACHE_DIR=/tmp/c2r-apache-$1 test/services/apache.sh "${@:2}"; }
trap 'apache "$a1" stop; apache "$a2" stop; test/services/redis-cluster.sh stop
    REDIS_PORT=$single REDIS_DIR=$W/redis test/services/redis.sh stop
    rm -rf "$W" /tmp/c2r-apache-$a1 /tmp/c2r-apache-$a2' EXIT
REDIS_PORT=$single REDIS_DIR=$W/redis test/services/redis.sh start
test/services/redis-cluster.sh start

awk -v n="$N" 'BEGIN {
	split("user product order_item payment", t, " ")
	for (i = 1; i <= n; i++)
		printf "SET %s:%d '\''{\"id\":\"%d\",\"name\":\"row %d\",\"price\":\"%d.%02d\"}'\''\n",
		    t[i % 4 + 1], i, i, i, i % 997, i % 100
}' > "$W/ops"
"$OPS2REDIS" -p "$single" < "$W/ops"
"$OPS2REDIS" -c $(test/services/redis-cluster.sh seeds) < "$W/ops"
keys=0
for m in $(test/services/redis-cluster.sh masters); do
	keys=$(( keys + $(redis-cli -p "$m" DBSIZE) ))
done
[ "$keys" = "$N" ] && [ "$(redis-cli -p "$single" DBSIZE)" = "$N" ] ||
    { echo "bench: $keys and $(redis-cli -p "$single" DBSIZE) keys, want $N" >&2; exit 1; }

vbytes=$(redis-cli -p "$single" GET user:4 | wc -c)
REDIS_HOST=127.0.0.1 REDIS_PORT=$single APACHE_CGI=$REDIS_VIEW apache "$a1" start
REDIS_CLUSTER=1 REDIS_HOST=127.0.0.1 REDIS_PORT="$REDIS_CLUSTER_PORTS" \
    APACHE_CGI=$REDIS_VIEW apache "$a2" start
one=http://127.0.0.1:$a1/redis-view cluster=http://127.0.0.1:$a2/redis-view

# The request kinds: label, query.
kinds=(
	"1000-row page|?count=1000"
	"1000 rows, format=json|?count=1000&format=json"
	"50-row page|?count=50"
)
for _ in $(seq 1 "$ROUNDS"); do
	for i in "${!kinds[@]}"; do
		q=${kinds[$i]#*|}
		for u in one cluster; do
			for _ in $(seq 1 "$EACH"); do
				curl -sf -o "$W/out" -w '%{time_total}\n' "${!u}$q" >> "$W/t.$u.$i"
			done
			grep -q '</html>\|"rows":' "$W/out" ||
			    { echo "bench: $u ${kinds[$i]%|*}: not a page" >&2; exit 1; }
		done
	done
done

# Walk every key of the cluster 1000 at a time with the next links.
walk_pages "$cluster"

echo
echo "$N keys of ${vbytes}-byte JSON rows in 4 tables, 3 masters (no replicas) against one redis-server, redis-server $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/'), Apache $(apache2 -v | sed -n 's/.*Apache\/\([^ ]*\).*/\1/p'), $(nproc) cores, median of $((ROUNDS * EACH)) requests each, $(date -u +%F)"
echo
echo "| request | one node ms | cluster ms | cluster / one node |"
echo "|---|---|---|---|"
for i in "${!kinds[@]}"; do
	m1=$(median "$W/t.one.$i") m2=$(median "$W/t.cluster.$i")
	printf '| %s | %.1f | %.1f | %.2f |\n' "${kinds[$i]%|*}" \
	    "$(echo "$m1 * 1000" | bc -l)" "$(echo "$m2 * 1000" | bc -l)" \
	    "$(echo "$m2 / $m1" | bc -l)"
done
echo
echo "Walking all $N keys of the cluster 1000 at a time: $pages pages, $walked keys listed, $once distinct."
