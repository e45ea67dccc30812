#!/usr/bin/env bash
# redis-view behind a private Apache (mod_cgi), against the same Apache
# serving the 1000-row page's bytes as a static file, in one run.
# N keys (default 100000) of ~50-byte JSON rows in 4 tables ({table}:{pk});
# each request kind is fetched ROUNDS x EACH times with curl, interleaved;
# the median time is shown. Then every key is walked 1000 at a time.
# Prints a markdown table for web/README.md.
set -eu
cd "$(dirname "$0")/.."
export LC_ALL=C
. bench/page.bash
N=${N:-100000}
ROUNDS=${ROUNDS:-5}
EACH=${EACH:-10}
REDIS_VIEW=${REDIS_VIEW:-web/redis-view}
W=$(mktemp -d "${TMPDIR:-/tmp}/c2r-bench.XXXXXX")
REDIS_PORT=$(test/services/free-port)
APACHE_PORT=$(test/services/free-port)
APACHE_DIR=/tmp/c2r-apache-$APACHE_PORT	# mode 755 on the way: www-data runs the CGI
export REDIS_PORT REDIS_DIR=$W/redis APACHE_PORT APACHE_DIR
trap 'test/services/apache.sh stop; test/services/redis.sh stop; rm -rf "$W" "$APACHE_DIR"' EXIT
test/services/redis.sh start
R() { redis-cli -p "$REDIS_PORT" "$@"; }

# The rows, as RESP for redis-cli --pipe.
awk -v n="$N" 'BEGIN {
	split("user product order_item payment", t, " ")
	for (i = 1; i <= n; i++) {
		k = t[i % 4 + 1] ":" i
		v = sprintf("{\"id\":\"%d\",\"name\":\"row %d\",\"price\":\"%d.%02d\"}", i, i, i % 997, i % 100)
		printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", length(k), k, length(v), v
	}
}' | R --pipe >/dev/null
[ "$(R DBSIZE)" = "$N" ] || { echo "bench: $(R DBSIZE) keys, want $N" >&2; exit 1; }
vbytes=$(R GET user:4 | wc -c)
REDIS_HOST=127.0.0.1 APACHE_CGI=$REDIS_VIEW test/services/apache.sh start
URL=http://127.0.0.1:$APACHE_PORT
curl -sf "$URL/redis-view?count=1000" > "$APACHE_DIR/htdocs/page.html"

# The request kinds: label, path.
kinds=(
	"static file, the 1000-row page's bytes|/page.html"
	"1000-row page|/redis-view?count=1000"
	"1000 rows, format=json|/redis-view?count=1000&format=json"
	"50-row page|/redis-view?count=50"
	"50-row page, pattern matching 11 keys (*:7777*)|/redis-view?count=50&match=*:7777*"
)
for _ in $(seq 1 "$ROUNDS"); do
	for i in "${!kinds[@]}"; do
		path=${kinds[$i]#*|}
		for _ in $(seq 1 "$EACH"); do
			curl -sf -o "$W/out" -w '%{time_total}\n' "$URL$path" >> "$W/t.$i"
		done
		[ "$i" -gt 0 ] || continue
		grep -q '</html>\|"rows":' "$W/out" ||
		    { echo "bench: ${kinds[$i]%|*}: not a page" >&2; exit 1; }
	done
done
base=$(median "$W/t.0")

# Walk every key 1000 at a time with the next links.
walk_pages "$URL/redis-view"

echo
echo "$N keys of ${vbytes}-byte JSON rows in 4 tables, redis-server $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/'), Apache $(apache2 -v | sed -n 's/.*Apache\/\([^ ]*\).*/\1/p'), $(nproc) cores, median of $((ROUNDS * EACH)) requests, $(date -u +%F)"
echo
echo "| request | bytes | ms | vs static |"
echo "|---|---|---|---|"
for i in "${!kinds[@]}"; do
	path=${kinds[$i]#*|}
	m=$(median "$W/t.$i")
	printf '| %s | %s | %.1f | %.1f |\n' "${kinds[$i]%|*}" \
	    "$(curl -sf "$URL$path" | wc -c)" "$(echo "$m * 1000" | bc -l)" \
	    "$(echo "$m / $base" | bc -l)"
done
echo
echo "Walking all $N keys 1000 at a time: $pages pages, $walked keys listed, $once distinct."
