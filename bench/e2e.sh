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
#              Kafka -> the pipeline -> Redis, Canal as test/services/canal/
#              configures it: N one-row INSERTs paced at RATE a second, each
#              stamping its row with the server's now(6), after WARM rows
#              went through unmeasured (Java compiles Canal's hot code);
#              also COMMIT to the Kafka record's CreateTime (Canal's part).
#              bench/canal.sh compares Canal configurations.
#  canal       rows/s through the whole stack: N_CANAL rows written as fast
#              as MariaDB takes them (one-row autocommit INSERTs, then
#              1000-row INSERTs), timed from the first statement until the
#              last row is visible in Redis; Canal's own rate from the
#              CreateTime of its first and last Kafka record.
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
N=${N:-1000}
RATE=${RATE:-100}
WARM=${WARM:-1000}
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
	local topic=bench1
	sql -D e2e -e "drop table if exists bench, warm; create table bench(id int primary key, ts datetime(6));
		create table warm(id int primary key, name varchar(40), n int, note text)"
	"$E2E_SVC/kafka.sh" create-topic "$topic" 1 >/dev/null
	CANAL_TOPIC=$topic CANAL_FILTER='e2e\.(bench|warm)' e2e_start_canal >/dev/null
	rcli FLUSHALL >/dev/null
	C2O_ARGS="-k {table}:{pk}" e2e_pipeline b1 -o beginning -t "$topic"
	gawk -v n="$WARM" 'BEGIN { for (i = 1; i <= n; i++)
		printf "insert into warm values (%d,\x27name %d\x27,%d,\x27some text for row %d\x27);\n", i, i, i * 7, i }' | sql -D e2e
	wait_for "$T" sh -c "redis-cli -p $REDIS_PORT EXISTS warm:$WARM | grep -q 1" || true
	watch c1 'bench:*'
	# paced by the clock: row i goes in at start + i / RATE
	gawk -l time -v n="$N" -v rate="$RATE" 'BEGIN { t = gettimeofday()
		for (i = 1; i <= n; i++) { d = t + i / rate - gettimeofday(); if (d > 0) sleep(d)
			print "insert into bench values (" i ", now(6));"; fflush() } }' 2>/dev/null | sql -D e2e
	wait_for "$T" sh -c "[ \$(wc -l < '$WORK/c1.seen') -ge $N ]" || true
	unwatch
	sql -D e2e -N -B -e "select id, unix_timestamp(ts) from bench" > "$WORK/commit1"
	awk 'NR == FNR { c[$1] = $2; next } ($1 in c) && !($1 in s) { s[$1] = 1
		printf "%.3f\n", ($2 - c[$1]) * 1000 }' "$WORK/commit1" "$WORK/c1.seen" | sort -n > "$WORK/lat1"
	# The Kafka record's CreateTime (set by Canal's producer) splits the path.
	kcat -C -e -q -J -b "$BROKER" -t "$topic" -o beginning 2>/dev/null |
	    jq -r 'select((.payload | fromjson | .table) == "bench") | [(.payload | fromjson | .data[0].id), .ts / 1000] | @tsv' > "$WORK/kafka1"
	awk 'NR == FNR { c[$1] = $2; next } ($1 in c) { printf "%.3f\n", ($2 - c[$1]) * 1000 }' \
	    "$WORK/commit1" "$WORK/kafka1" | sort -n > "$WORK/klat1"
	echo "| rows/s | rows | p50 ms | p90 ms | p99 ms | max ms | in Kafka: p50 ms | p99 ms |"
	echo "|---|---|---|---|---|---|---|---|"
	echo "| $RATE | $(wc -l < "$WORK/lat1") | $(pct 0.5 "$WORK/lat1") | $(pct 0.9 "$WORK/lat1") |" \
	    "$(pct 0.99 "$WORK/lat1") | $(pct 1 "$WORK/lat1") |" \
	    "$(pct 0.5 "$WORK/klat1") | $(pct 0.99 "$WORK/klat1") |"
	e2e_pipeline_stop b1 > /dev/null
	"$E2E_SVC/canal.sh" stop
	echo
	echo "$N one-row INSERTs at $RATE/s after $WARM unmeasured; MariaDB $(mariadbd --version | awk '{ print $3 }'), Canal 1.1.4 (test/services/canal/), Kafka 3.9, $(date -u +%Y-%m-%d), load average $(cut -d' ' -f1-3 /proc/loadavg)"
	echo
}

canal_part() {
	local run=0 kind t0 t1 topic n
	echo "| statements | rows | seconds to visible | rows/s | Kafka records | Canal records/s |"
	echo "|---|---|---|---|---|---|"
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
		# Canal's rate: its records over the CreateTime from first to last
		cr=$(kcat -C -e -q -b "$BROKER" -t "$topic" -o beginning -f '%T\n' 2>/dev/null |
		    awk 'NR == 1 { a = $1 } { b = $1 } END { if (b > a) printf "%.0f", (NR - 1) / (b - a) * 1000; else print "-" }')
		echo "| $kind-row INSERTs | $N_CANAL | $(secs "$t0" "$t1") | $(awk -v n="$N_CANAL" -v s="$(secs "$t0" "$t1")" 'BEGIN { printf "%.0f", n / s }') | $((n + 1)) | $cr |"
		e2e_pipeline_stop "k$run" > /dev/null
		"$E2E_SVC/canal.sh" stop
	done
	echo
	echo "$N_CANAL rows of ~60 bytes; MariaDB, Canal 1.1.4 (test/services/canal/), Kafka, the pipeline and Redis on one 2-core machine, load average $(cut -d' ' -f1-3 /proc/loadavg)"
	echo
}

for part in $PARTS; do
	"${part}_part"
done
