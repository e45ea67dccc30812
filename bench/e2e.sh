#!/usr/bin/env bash
# End to end on this machine, plain builds; prints markdown tables for
# BENCHMARKS.md. PARTS picks (default "throughput latency commit"):
#  throughput  rows/s through kcat-lite | canal2ops | ops2redis from a topic
#              pre-filled with N_TP Canal messages (bench/canal2ops-gen.awk),
#              best of RUNS; the consumer alone (kcat-lite, kcat -J) beside it.
#  latency     Kafka write to visible in Redis at a steady LAT_RATE rows/s
#              (N_LAT one-row INSERT messages produced by kcat-lite -P; the
#              record's CreateTime against the moment Redis sets the key).
#  commit      MySQL COMMIT to visible in Redis through MariaDB -> Canal ->
#              Kafka -> the pipeline -> Redis: N one-row INSERTs at RATE a
#              second, each stamping its row with the server's now(6); once
#              per Canal batch timeout in TIMEOUTS (canal.mq.canalGetTimeout,
#              ms: how long Canal waits to fill a batch).
#  canal       rows/s through the whole stack: N_CANAL rows written as fast
#              as MariaDB takes them (one-row autocommit INSERTs, then
#              1000-row INSERTs), timed from the first statement until the
#              last row is visible in Redis.
# "Visible" is when a redis-cli subscribed to keyspace notifications sees
# the SET, stamped by gawk's gettimeofday (same clock as the other stamps).
set -eu
export VARIANT=plain
. "$(dirname "$0")/../test/lib.sh"
. "$TOP/test/e2e/lib.sh"
PARTS=${PARTS:-throughput latency commit canal}
N_CANAL=${N_CANAL:-20000}
N_TP=${N_TP:-300000}
RUNS=${RUNS:-3}
N_LAT=${N_LAT:-5000}
LAT_RATE=${LAT_RATE:-1000}
N=${N:-300}
RATE=${RATE:-20}
TIMEOUTS=${TIMEOUTS:-100 10}
T=60
e2e_require
e2e_ports

case " $PARTS " in *" commit "*|*" canal "*) e2e_start_db >/dev/null;; esac
e2e_start_redis >/dev/null
e2e_start_kafka >/dev/null
rcli CONFIG SET notify-keyspace-events 'K$' >/dev/null

pct() { awk -v p="$1" '{ v[NR] = $1 } END { i = int(NR * p + 0.5); if (i < 1) i = 1; printf "%.1f", v[i] }' "$2"; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }

# watch NAME PATTERN: stamp every key SET matching PATTERN into $WORK/NAME.seen
# ("key seconds"); sets WATCH_S WATCH_W; unwatch ends it.
watch() {
	mkfifo "$WORK/$1.sub"
	redis-cli -p "$REDIS_PORT" --csv PSUBSCRIBE "__keyspace@0__:$2" > "$WORK/$1.sub" 2>/dev/null &
	WATCH_S=$!
	gawk -l time -F, '$1 == "\"pmessage\"" { k = $3; gsub(/"|.*:/, "", k)
		printf "%s %.6f\n", k, gettimeofday(); fflush() }' < "$WORK/$1.sub" > "$WORK/$1.seen" 2>/dev/null &
	WATCH_W=$!
	sleep 0.5
}
unwatch() { kill "$WATCH_S" 2>/dev/null || true; wait "$WATCH_W" 2>/dev/null || true; }

throughput_part() {
	local t0 t1 i best ops rows
	gawk -v n="$N_TP" -f "$TOP/bench/canal2ops-gen.awk" > "$WORK/tp.raw"
	"$E2E_SVC/kafka.sh" create-topic tp 1 >/dev/null
	t0=$(date +%s%N)
	"$KCAT_LITE" -P -q -b "$BROKER" -t tp "$WORK/tp.raw"
	t1=$(date +%s%N)
	echo "| stage | seconds | messages/s |"
	echo "|---|---|---|"
	echo "| kcat-lite -P (fill the topic) | $(secs "$t0" "$t1") | $(awk -v n="$N_TP" -v s="$(secs "$t0" "$t1")" 'BEGIN { printf "%.0fk", n / s / 1000 }') |"
	for c in "kcat -C -J -e -q -o beginning" "$KCAT_LITE -C -e -q -o beginning"; do
		best=""
		for i in $(seq 1 "$RUNS"); do
			t0=$(date +%s%N); $c -b "$BROKER" -t tp > /dev/null; t1=$(date +%s%N)
			s=$(secs "$t0" "$t1")
			if [ -z "$best" ] || awk -v a="$s" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$s; fi
		done
		c1=${c%% *}
		echo "| ${c1##*/} -C (consumer alone, to /dev/null) | $best | $(awk -v n="$N_TP" -v s="$best" 'BEGIN { printf "%.0fk", n / s / 1000 }') |"
	done
	best=""
	for i in $(seq 1 "$RUNS"); do
		rcli FLUSHALL >/dev/null
		t0=$(date +%s%N)
		"$KCAT_LITE" -C -e -q -o beginning -b "$BROKER" -t tp | "$CANAL2OPS" | "$OPS2REDIS" -p "$REDIS_PORT"
		t1=$(date +%s%N)
		s=$(secs "$t0" "$t1")
		if [ -z "$best" ] || awk -v a="$s" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$s; fi
	done
	echo "| kcat-lite \| canal2ops \| ops2redis (into Redis) | $best | $(awk -v n="$N_TP" -v s="$best" 'BEGIN { printf "%.0fk", n / s / 1000 }') |"
	[ "$(rcli HGET canal2ops:checkpoint tp:0)" = $((N_TP - 1)) ] ||
	    echo "e2e.sh: throughput: the checkpoint is not the last offset" >&2
	echo
	echo "$N_TP Canal messages of ~$(( $(wc -c < "$WORK/tp.raw") / N_TP )) bytes, one row each (bench/canal2ops-gen.awk), one partition; best of $RUNS"
	echo
}

latency_part() {
	rcli FLUSHALL >/dev/null
	"$E2E_SVC/kafka.sh" create-topic lat 1 >/dev/null
	C2O_ARGS="-k {table}:{pk}" e2e_pipeline lat -o beginning -t lat
	watch lat 'lat:*'
	# One-row INSERTs with keys 1..N_LAT, LAT_RATE a second in steps of 10 ms,
	# after a warm-up record (key 0, not counted) has gone all the way: the
	# steady state, not the consumer's start.
	gawk -v n="$N_LAT" -v rate="$LAT_RATE" 'BEGIN { per = rate / 100
		for (i = 0; i <= n; i++) {
			if (i == 1) { fflush(); system("until redis-cli -p '"$REDIS_PORT"' EXISTS lat:0 | grep -q 1; do sleep 0.05; done") }
			printf "{\"data\":[{\"id\":\"%d\",\"v\":\"x\"}],\"database\":\"b\",\"es\":0,\"id\":%d,\"isDdl\":false,\"mysqlType\":{\"id\":\"int\",\"v\":\"text\"},\"old\":null,\"pkNames\":[\"id\"],\"sql\":\"\",\"sqlType\":{\"id\":4,\"v\":2005},\"table\":\"lat\",\"ts\":0,\"type\":\"INSERT\"}\n", i, i
			if (i % per == 0) { fflush(); system("sleep 0.01") }
		} }' | "$KCAT_LITE" -P -q -b "$BROKER" -t lat
	wait_for "$T" sh -c "[ \$(wc -l < '$WORK/lat.seen') -gt $N_LAT ]" || true
	unwatch
	kcat -C -e -q -J -b "$BROKER" -t lat -o beginning 2>/dev/null |
	    jq -r '[(.payload | fromjson | .data[0].id), .ts / 1000] | @tsv' > "$WORK/lat.kafka"
	awk 'NR == FNR { c[$1] = $2; next } ($1 in c) && !($1 in s) { s[$1] = 1
		if ($1 != 0) printf "%.3f\n", ($2 - c[$1]) * 1000 }' "$WORK/lat.kafka" "$WORK/lat.seen" | sort -n > "$WORK/lat.ms"
	echo "| rows/s | rows | p50 ms | p90 ms | p99 ms | max ms |"
	echo "|---|---|---|---|---|---|"
	echo "| $LAT_RATE | $(wc -l < "$WORK/lat.ms") | $(pct 0.5 "$WORK/lat.ms") | $(pct 0.9 "$WORK/lat.ms") | $(pct 0.99 "$WORK/lat.ms") | $(pct 1 "$WORK/lat.ms") |"
	echo
	echo "Kafka record CreateTime (kcat-lite -P, linger.ms=5) to the SET seen in Redis"
	echo
	e2e_pipeline_stop lat > /dev/null
}

commit_part() {
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

		watch "c$run" 'bench:*'
		gawk -v n="$N" -v rate="$RATE" 'BEGIN { for (i = 1; i <= n; i++) {
			print "insert into bench values (" i ", now(6));"; fflush()
			system("sleep " 1 / rate) } }' | sql -D e2e
		wait_for "$T" sh -c "[ \$(wc -l < '$WORK/c$run.seen') -ge $N ]" || true
		unwatch
		sql -D e2e -N -B -e "select id, unix_timestamp(ts) from bench" > "$WORK/commit$run"
		awk 'NR == FNR { c[$1] = $2; next } ($1 in c) && !($1 in s) { s[$1] = 1
			printf "%.3f\n", ($2 - c[$1]) * 1000 }' "$WORK/commit$run" "$WORK/c$run.seen" |
		    sort -n > "$WORK/lat$run"
		# The Kafka record's CreateTime (set by Canal's producer) splits the path.
		kcat -C -e -q -J -b "$BROKER" -t "$topic" -o beginning 2>/dev/null |
		    jq -r '[(.payload | fromjson | .data[0].id), .ts / 1000] | @tsv' > "$WORK/kafka$run"
		awk 'NR == FNR { c[$1] = $2; next } ($1 in c) { printf "%.3f\n", ($2 - c[$1]) * 1000 }' \
		    "$WORK/commit$run" "$WORK/kafka$run" | sort -n > "$WORK/klat$run"
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
}

canal_part() {
	local run=0 kind t0 t1 topic n
	echo "| statements | rows | seconds to visible | rows/s | Kafka records |"
	echo "|---|---|---|---|---|"
	for kind in single multi; do
		run=$((run + 1)); topic=bulk$run
		sql -D e2e -e "drop table if exists bulk; create table bulk(id int primary key, name varchar(40), n int, note text)"
		"$E2E_SVC/kafka.sh" create-topic "$topic" 1 >/dev/null
		CANAL_TOPIC=$topic CANAL_FILTER='e2e\.bulk' e2e_start_canal >/dev/null
		rcli FLUSHALL >/dev/null
		C2O_ARGS="-k {table}:{pk}" e2e_pipeline "k$run" -o beginning -t "$topic"
		gawk -v n="$N_CANAL" -v kind="$kind" 'BEGIN {
			for (i = 1; i <= n; i++) {
				row = sprintf("(%d,\x27name %d\x27,%d,\x27some text for row %d\x27)", i, i, i * 7, i)
				if (kind == "single") print "insert into bulk values " row ";"
				else printf "%s%s", (i % 1000 == 1 ? "insert into bulk values " : ","), row (i % 1000 == 0 || i == n ? ";\n" : "")
			} }' > "$WORK/bulk$run.sql"
		t0=$(date +%s%N)
		sql -D e2e < "$WORK/bulk$run.sql"
		wait_for 300 sh -c "redis-cli -p $REDIS_PORT EXISTS bulk:$N_CANAL | grep -q 1" || true
		t1=$(date +%s%N)
		n=$(kcat -C -e -q -b "$BROKER" -t "$topic" -o -1 -f '%o\n' 2>/dev/null)
		echo "| $kind-row INSERTs | $N_CANAL | $(secs "$t0" "$t1") | $(awk -v n="$N_CANAL" -v s="$(secs "$t0" "$t1")" 'BEGIN { printf "%.0f", n / s }') | $((n + 1)) |"
		e2e_pipeline_stop "k$run" > /dev/null
		"$E2E_SVC/canal.sh" stop
	done
	echo
	echo "$N_CANAL rows of ~60 bytes; MariaDB, Canal 1.1.4 (canal.mq.canalBatchSize=50), Kafka, the pipeline and Redis on one 2-core machine"
	echo
}

for part in $PARTS; do
	"${part}_part"
done
