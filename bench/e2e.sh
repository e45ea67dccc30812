#!/usr/bin/env bash
# MySQL COMMIT to visible in Redis through the whole real stack: MariaDB ->
# Canal -> Kafka -> kcat-lite | canal2ops | ops2redis -> Redis, all on this
# machine. N one-row INSERTs at RATE a second, each stamping its row with
# the server's now(6); a redis-cli subscribed to keyspace notifications
# stamps the moment each key is SET (gawk's gettimeofday). Latency = SET
# seen - now(6), same clock. Run once per Canal batch timeout in TIMEOUTS
# (canal.mq.canalGetTimeout, ms: how long Canal waits to fill a batch).
# Prints a markdown table for BENCHMARKS.md. Plain builds.
set -eu
export VARIANT=plain
. "$(dirname "$0")/../test/lib.sh"
. "$TOP/test/e2e/lib.sh"
N=${N:-300}
RATE=${RATE:-20}
TIMEOUTS=${TIMEOUTS:-100 10}
T=60
e2e_require
e2e_ports

e2e_start_db >/dev/null
e2e_start_redis >/dev/null
e2e_start_kafka >/dev/null
rcli CONFIG SET notify-keyspace-events 'K$' >/dev/null

echo "| canal.mq.canalGetTimeout | rows | p50 ms | p90 ms | p99 ms | max ms | in Kafka: p50 ms | p99 ms |"
echo "|---|---|---|---|---|---|---|---|"
run=0
for to in $TIMEOUTS; do
	run=$((run + 1))
	topic=bench$run
	sql -D e2e -e "drop table if exists bench; create table bench(id int primary key, ts datetime(6))"
	"$E2E_SVC/kafka.sh" create-topic "$topic" 1 >/dev/null
	CANAL_TOPIC=$topic CANAL_FILTER='e2e\.bench' CANAL_GET_TIMEOUT=$to e2e_start_canal >/dev/null
	rcli FLUSHALL >/dev/null
	C2O_ARGS="-k {table}:{pk}" e2e_pipeline "b$run" -o beginning -t "$topic"

	mkfifo "$WORK/sub$run"
	redis-cli -p "$REDIS_PORT" --csv PSUBSCRIBE '__keyspace@0__:bench:*' > "$WORK/sub$run" 2>/dev/null &
	S=$!
	gawk -l time -F, '$1 == "\"pmessage\"" { k = $3; gsub(/"|.*:/, "", k)
		printf "%s %.6f\n", k, gettimeofday(); fflush() }' < "$WORK/sub$run" > "$WORK/seen$run" 2>/dev/null &
	W=$!
	sleep 0.5
	gawk -v n="$N" -v rate="$RATE" 'BEGIN { for (i = 1; i <= n; i++) {
		print "insert into bench values (" i ", now(6));"; fflush()
		system("sleep " 1 / rate) } }' | sql -D e2e
	wait_for "$T" sh -c "[ \$(wc -l < '$WORK/seen$run') -ge $N ]" || true
	kill "$S" 2>/dev/null || true
	wait "$W" 2>/dev/null || true
	sql -D e2e -N -B -e "select id, unix_timestamp(ts) from bench" > "$WORK/commit$run"
	awk 'NR == FNR { c[$1] = $2; next } ($1 in c) && !($1 in s) { s[$1] = 1
		printf "%.3f\n", ($2 - c[$1]) * 1000 }' "$WORK/commit$run" "$WORK/seen$run" |
	    sort -n > "$WORK/lat$run"
	# The Kafka record's CreateTime (set by Canal's producer) splits the path.
	kcat -C -e -q -J -b "$BROKER" -t "$topic" -o beginning 2>/dev/null |
	    jq -r '[(.payload | fromjson | .data[0].id), .ts / 1000] | @tsv' > "$WORK/kafka$run"
	awk 'NR == FNR { c[$1] = $2; next } ($1 in c) { printf "%.3f\n", ($2 - c[$1]) * 1000 }' \
	    "$WORK/commit$run" "$WORK/kafka$run" | sort -n > "$WORK/klat$run"
	pct() { awk -v p="$1" '{ v[NR] = $1 } END { i = int(NR * p + 0.5); if (i < 1) i = 1; printf "%.1f", v[i] }' "$2"; }
	if [ -s "$WORK/lat$run" ]; then
		echo "| $to | $(wc -l < "$WORK/lat$run") | $(pct 0.5 "$WORK/lat$run") | $(pct 0.9 "$WORK/lat$run") |" \
		    "$(pct 0.99 "$WORK/lat$run") | $(pct 1 "$WORK/lat$run") |" \
		    "$(pct 0.5 "$WORK/klat$run") | $(pct 0.99 "$WORK/klat$run") |"
	else
		echo "| $to | 0 | - | - | - | - | - | - |"
	fi
	e2e_pipeline_stop "b$run" > /dev/null
	"$E2E_SVC/canal.sh" stop
done
echo
echo "$N one-row INSERTs at $RATE/s a run; MariaDB $(mariadbd --version | awk '{ print $3 }'), Canal 1.1.4, Kafka 3.9, $(date -u +%Y-%m-%d)"
