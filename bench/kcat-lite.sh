#!/usr/bin/env bash
# kcat-lite -C against kcat -C -J -e on the same topic of the same private
# Kafka broker, in one run; also kcat-lite -P against kcat -P filling it.
# N=1000000 Canal-like records (~250 bytes) on 4 partitions by default;
# each consumer writes into a pipe to wc -l (the count is checked), best of
# RUNS (3); prints a markdown table.
set -eu
cd "$(dirname "$0")/.."
export LC_ALL=C
N=${N:-1000000}
PARTS=${PARTS:-4}
RUNS=${RUNS:-3}
KCAT_LITE=${KCAT_LITE:-kcat-lite/kcat-lite}
W=$(mktemp -d "${TMPDIR:-/tmp}/c2r-bench.XXXXXX")
port() { test/services/free-port; }
KAFKA_PORT=$(port) KAFKA_CONTROLLER_PORT=$(port) KAFKA_DIR=$W/kafka
export KAFKA_PORT KAFKA_CONTROLLER_PORT KAFKA_DIR
B=127.0.0.1:$KAFKA_PORT
trap 'test/services/kafka.sh stop; rm -rf "$W"' EXIT
test/services/kafka.sh start
for r in $(seq 1 "$RUNS"); do
	test/services/kafka.sh create-topic "kp$r" "$PARTS"
	test/services/kafka.sh create-topic "lp$r" "$PARTS"
done

awk -v n="$N" 'BEGIN {
	for (i = 1; i <= n; i++)
		printf "{\"data\":[{\"id\":\"%d\",\"name\":\"user %d\",\"email\":\"user%d@example.com\",\"city\":\"Springfield\"}],\"database\":\"shop\",\"es\":1700000000000,\"id\":%d,\"isDdl\":false,\"old\":null,\"pkNames\":[\"id\"],\"sql\":\"\",\"table\":\"user\",\"ts\":1700000000001,\"type\":\"INSERT\"}\n", i, i, i, i
}' > "$W/in"
bytes=$(awk '{ n += length($0) + 1 } END { printf "%d", n / NR }' "$W/in")

# timed CMD: run CMD (a shell string); sets S (seconds) and RSS (kB)
timed() {
	local t0 t1
	t0=$(date +%s%N)
	/usr/bin/time -f '%M' -o "$W/time" sh -c "$1" > "$W/out" 2> "$W/err" ||
	    { echo "bench: failed: $1" >&2; tail -5 "$W/err" >&2; exit 1; }
	t1=$(date +%s%N)
	S=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
	RSS=$(tail -1 "$W/time")
}
less() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }

row() {	# row TOOL SECONDS RSS BASE_SECONDS
	awk -v t="$1" -v s="$2" -v r="$3" -v b="$4" -v n="$N" -v by="$bytes" 'BEGIN {
		printf "| %s | %.2f | %.0fk | %.0f | %.1f MB | %.2fx |\n",
		    t, s, n / s / 1000, n * by / s / 1e6, r / 1024, b / s }'
}

# Producing lines, best of RUNS each, alternating, each into a new topic;
# the consumers then read kcat-lite's first one.
kp_s=999999 lp_s=999999
for r in $(seq 1 "$RUNS"); do
	timed "kcat -P -b $B -t kp$r < $W/in"
	if less "$S" "$kp_s"; then kp_s=$S kp_rss=$RSS; fi
	timed "$KCAT_LITE -P -q -b $B -t lp$r < $W/in"
	if less "$S" "$lp_s"; then lp_s=$S lp_rss=$RSS; fi
done

# Consuming: best of RUNS each, alternating.
kc_s=999999 lc_s=999999
for r in $(seq 1 "$RUNS"); do
	timed "kcat -C -J -e -q -b $B -t lp1 -o beginning | wc -l"
	[ "$(cat "$W/out")" = "$N" ] || { echo "bench: kcat read $(cat "$W/out")" >&2; exit 1; }
	if less "$S" "$kc_s"; then kc_s=$S kc_rss=$RSS; fi
	timed "$KCAT_LITE -C -e -q -b $B -t lp1 -o beginning | wc -l"
	[ "$(cat "$W/out")" = "$N" ] || { echo "bench: kcat-lite read $(cat "$W/out")" >&2; exit 1; }
	if less "$S" "$lc_s"; then lc_s=$S lc_rss=$RSS; fi
done
# Same envelopes, byte for byte (kcat -J and kcat-lite agree on valid UTF-8).
kcat -C -J -e -q -b "$B" -t lp1 -o beginning -c 1000 -p 0 > "$W/k1"
"$KCAT_LITE" -C -e -q -b "$B" -t lp1 -o beginning -c 1000 -p 0 > "$W/k2"
cmp -s "$W/k1" "$W/k2" || { echo "bench: outputs differ" >&2; exit 1; }

echo "$N records, ~$bytes bytes each, $PARTS partitions; consumers best of $RUNS into | wc -l; $(kcat -V 2>&1 | grep -o 'librdkafka [0-9.]*' | head -1)"
echo
echo "| mode | tool | seconds | records/s | MB/s | peak RSS | vs kcat |"
echo "|---|---|---|---|---|---|---|"
echo "| consume -J -e | $(row kcat "$kc_s" "$kc_rss" "$kc_s" | cut -c3-)"
echo "| consume -J -e | $(row kcat-lite "$lc_s" "$lc_rss" "$kc_s" | cut -c3-)"
echo "| produce lines | $(row kcat "$kp_s" "$kp_rss" "$kp_s" | cut -c3-)"
echo "| produce lines | $(row kcat-lite "$lp_s" "$lp_rss" "$kp_s" | cut -c3-)"
