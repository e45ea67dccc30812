#!/usr/bin/env bash
# Canal 1.1.4 configurations side by side on the real stack (MariaDB ->
# Canal -> Kafka -> kcat-lite | canal2ops | ops2redis -> Redis), plain builds.
# Each VARIANT (below) is a set of canal.properties lines added to the
# shipped test/services/canal/canal.properties.in; ROUNDS rounds run every
# variant once, in a rotated order, so all share the machine's conditions.
# A run starts Canal with its variant and measures, on a fresh topic:
#  steady  MySQL COMMIT to visible in Redis for N one-row INSERTs paced at
#          RATE a second (COMMIT: the row's now(6); visible: the SET seen by
#          a redis-cli subscribed to keyspace notifications, stamped by
#          gawk; also COMMIT to the Kafka record's CreateTime, set by
#          Canal's producer);
#  sparse  the same for N_SPARSE INSERTs at random gaps of 0.15 to 0.6 s
#          (the same gaps for every run);
#  drain   N_DRAIN one-row autocommit INSERTs written as fast as one
#          MariaDB session takes them: MariaDB's rate, Canal's rate (Kafka
#          records over the CreateTime from first to last) and the rate to
#          the last row visible in Redis; with PROFILE=1 also the CPU each
#          busy thread of Canal, Kafka and MariaDB used meanwhile, and the
#          top frames of Canal's MQ worker thread in jstack samples.
# Prints one line per run (after "# run"), then a markdown table per part:
# the median over the rounds and [min-max].
# Before measuring, WARM rows go through unmeasured (Java compiles Canal's
# hot code meanwhile), then one row all the way.
#   VARIANTS="old shipped" ROUNDS=3 N=1000 RATE=100 N_SPARSE=40 N_DRAIN=5000
#   WARM=1000 PROFILE=0
set -eu
export VARIANT=plain
. "$(dirname "$0")/../test/lib.sh"
. "$TOP/test/e2e/lib.sh"
VARIANTS=${VARIANTS:-old shipped}
ROUNDS=${ROUNDS:-3}
N=${N:-1000}
RATE=${RATE:-100}
N_SPARSE=${N_SPARSE:-40}
N_DRAIN=${N_DRAIN:-5000}
WARM=${WARM:-1000}
PROFILE=${PROFILE:-0}
T=120

# variant NAME: its canal.properties lines (empty: the shipped file as it
# is); a variant whose name ends in -loginfo also logs Canal's every get
# and ack at INFO (the logback.xml shipped before).
variant() {
	case ${1%-loginfo} in
	shipped) ;;
	old)	# the configuration shipped before this benchmark
		printf '%s\n' 'canal.instance.memory.batch.mode = MEMSIZE' \
		    'canal.mq.canalBatchSize = 50' 'canal.mq.canalGetTimeout = 100' \
		    'canal.mq.lingerMs = 1';;
	old-t10) variant old; echo 'canal.mq.canalGetTimeout = 10';;
	item50) printf '%s\n' 'canal.mq.canalBatchSize = 50' 'canal.mq.canalGetTimeout = 100';;
	t100)	echo 'canal.mq.canalGetTimeout = 100';;
	linger1) echo 'canal.mq.lingerMs = 1';;
	acks1)	echo 'canal.mq.acks = 1';;
	parallel) echo 'canal.instance.parser.parallel = true';;
	*)	echo "canal.sh: unknown variant $1" >&2; exit 2;;
	esac
}
logback() {
	case $1 in
	*-loginfo) echo "$WORK/logback-info.xml";;
	*)	echo "$TOP/test/services/canal/logback.xml";;
	esac
}
for v in $VARIANTS; do variant "$v" > /dev/null; done

e2e_require
e2e_ports
e2e_start_db >/dev/null
e2e_start_redis >/dev/null
e2e_start_kafka >/dev/null
rcli CONFIG SET notify-keyspace-events 'K$' >/dev/null

pct() { awk -v p="$1" '{ v[NR] = $1 } END { if (NR == 0) { print "-"; exit }
	i = int(NR * p + 0.5); if (i < 1) i = 1; printf "%.1f", v[i] }' "$2"; }

# watch NAME: stamp every SET into $WORK/NAME.seen ("table:id seconds");
# unwatch ends it.
watch() {
	mkfifo "$WORK/$1.sub"
	redis-cli -p "$REDIS_PORT" --csv PSUBSCRIBE '__keyspace@0__:*' > "$WORK/$1.sub" 2>/dev/null &
	WATCH_S=$!
	gawk -l time -F, '$1 == "\"pmessage\"" { k = $3; gsub(/"/, "", k); sub(/^__keyspace@0__:/, "", k)
		printf "%s %.6f\n", k, gettimeofday(); fflush() }' < "$WORK/$1.sub" > "$WORK/$1.seen" 2>/dev/null &
	WATCH_W=$!
	sleep 0.5
}
unwatch() { kill "$WATCH_S" 2>/dev/null || true; wait "$WATCH_W" 2>/dev/null || true; }
seen() { [ "$(grep -c "^$1:" "$WORK/$2.seen")" -ge "$3" ]; }

# paced TABLE COUNT GAPS-FILE|RATE: one-row INSERTs stamped with now(6), at
# RATE a second or after the gaps (seconds) in GAPS-FILE.
paced() {
	gawk -l time -v t="$1" -v n="$2" -v arg="$3" 'BEGIN {
		if (arg ~ /^[0-9.]+$/) for (i = 1; i <= n; i++) gap[i] = 1 / arg
		else for (i = 1; (getline g < arg) > 0; i++) gap[i] = g
		next_t = gettimeofday()
		for (i = 1; i <= n; i++) {
			next_t += gap[i]; d = next_t - gettimeofday()
			if (d > 0) sleep(d)
			printf "insert into %s values (%d, now(6));\n", t, i; fflush()
		} }' 2>/dev/null | sql -D e2e
}

# latencies TABLE NAME TOPIC: COMMIT->visible ms in $WORK/NAME.vis and
# COMMIT->Kafka ms in $WORK/NAME.kaf, sorted.
latencies() {
	sql -D e2e -N -B -e "select id, unix_timestamp(ts) from $1" > "$WORK/$2.commit"
	awk -v t="$1" 'NR == FNR { c[t ":" $1] = $2; next } ($1 in c) && !($1 in s) { s[$1] = 1
		printf "%.3f\n", ($2 - c[$1]) * 1000 }' "$WORK/$2.commit" "$WORK/$2.seen" | sort -n > "$WORK/$2.vis"
	jq -r --arg t "$1" 'select((.payload | fromjson | .table) == $t) |
		[(.payload | fromjson | .data[0].id), .ts / 1000] | @tsv' "$WORK/$3.kafka" > "$WORK/$2.kts"
	awk 'NR == FNR { c[$1] = $2; next } ($1 in c) { printf "%.3f\n", ($2 - c[$1]) * 1000 }' \
	    "$WORK/$2.commit" "$WORK/$2.kts" | sort -n > "$WORK/$2.kaf"
}

# cpu PID...: "pid/tid name ticks" for every thread of the processes.
cpu() {
	local p t
	for p in "$@"; do
		for t in /proc/"$p"/task/*; do
			[ -r "$t/stat" ] || continue
			awk -v id="$p/${t##*/}" '{ s = $0; sub(/^[^(]*\(/, "", s); n = s; sub(/\).*/, "", n)
				sub(/^[^)]*\) /, "", s); split(s, f, " ")
				gsub(/ /, "_", n); print id, n, f[12] + f[13] }' "$t/stat" 2>/dev/null
		done
	done
}

sed '/CanalServerWithEmbedded/d' "$TOP/test/services/canal/logback.xml" > "$WORK/logback-info.xml"
gawk -v n="$N_SPARSE" 'BEGIN { srand(42); for (i = 1; i <= n; i++) printf "%.3f\n", 0.15 + rand() * 0.45 }' > "$WORK/gaps"
hz=$(getconf CLK_TCK)
: > "$WORK/runs"
run=0
echo "# $(date -u '+%Y-%m-%d %H:%M') UTC; load average $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
echo "# run: variant round | steady p50 p90 p99 max | Kafka p50 p99 | sparse p50 p99 max | drain MariaDB/s Canal/s Redis/s"
for r in $(seq 1 "$ROUNDS"); do
	set -- $VARIANTS
	# rotate the order by the round
	k=$(( (r - 1) % $# )); order="${*:k+1} ${*:1:k}"
	for v in $order; do
		run=$((run + 1)); topic=cv$run
		sql -D e2e -e "drop table if exists steady, sparse, drain, warm;
			create table steady(id int primary key, ts datetime(6));
			create table sparse(id int primary key, ts datetime(6));
			create table drain(id int primary key, name varchar(40), n int, note text);
			create table warm(id int primary key, name varchar(40), n int, note text)"
		"$E2E_SVC/kafka.sh" create-topic "$topic" 1 >/dev/null
		CANAL_TOPIC=$topic CANAL_FILTER='e2e\.(steady|sparse|drain|warm)' \
		    CANAL_PROPERTIES=$(variant "$v") CANAL_LOGBACK=$(logback "$v") e2e_start_canal >/dev/null
		rcli FLUSHALL >/dev/null
		C2O_ARGS="-k {table}:{pk}" e2e_pipeline "p$run" -o beginning -t "$topic"
		watch "w$run"
		# warm-up: WARM rows (Java's compilers), then one row all the way
		gawk -v n="$WARM" 'BEGIN { for (i = 1; i <= n; i++)
			printf "insert into warm values (%d,\x27name %d\x27,%d,\x27some text for row %d\x27);\n", i, i, i * 7, i }' | sql -D e2e
		wait_for "$T" seen warm "w$run" "$WARM" || echo "# $v: warm-up rows missing" >&2
		sql -D e2e -e "insert into steady values (0, now(6))"
		wait_for "$T" seen steady "w$run" 1 || echo "# $v: warm-up row not seen" >&2

		paced steady "$N" "$RATE"
		wait_for "$T" seen steady "w$run" $((N + 1)) || echo "# $v: steady rows missing" >&2
		paced sparse "$N_SPARSE" "$WORK/gaps"
		wait_for "$T" seen sparse "w$run" "$N_SPARSE" || echo "# $v: sparse rows missing" >&2

		gawk -v n="$N_DRAIN" 'BEGIN { for (i = 1; i <= n; i++)
			printf "insert into drain values (%d,\x27name %d\x27,%d,\x27some text for row %d\x27);\n", i, i, i * 7, i }' > "$WORK/drain.sql"
		pids="$(cat "$CANAL_DIR/canal.pid") $(cat "$KAFKA_DIR/kafka.pid") $(cat "$MARIADB_DIR/mysqld.pid")"
		# shellcheck disable=SC2086
		cpu $pids > "$WORK/cpu0"
		if [ "$PROFILE" = 1 ]; then
			# the MQ worker's stack, sampled while the drain lasts
			cpid=$(cat "$CANAL_DIR/canal.pid")
			( while :; do
				# the first two frames outside the JDK, and the state
				jstack "$cpid" 2>/dev/null | awk '/^"pool-[0-9]+-thread-[0-9]+"/ { s = 1; n = 0; st = ""; next }
					s && /java.lang.Thread.State:/ { st = $2 }
					s && /^\tat / && !/^\tat (java|jdk|sun)\./ { sub(/^\tat /, ""); sub(/\(.*/, ""); f[++n] = $0
						if (n == 2) { print st ": " f[1] " < " f[2]; s = 0 } }
					s && /^$/ { s = 0 }'
			done ) > "$WORK/stacks" 2>/dev/null &
			sampler=$!
		fi
		t0=$(date +%s%N)
		sql -D e2e < "$WORK/drain.sql"
		t1=$(date +%s%N)
		wait_for 300 seen drain "w$run" "$N_DRAIN" || echo "# $v: drain rows missing" >&2
		if [ "$PROFILE" = 1 ]; then kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true; fi
		t2=$(awk '$1 ~ /^drain:/ { if ($2 > m) m = $2 } END { printf "%.0f", m * 1e9 }' "$WORK/w$run.seen")
		# shellcheck disable=SC2086
		cpu $pids > "$WORK/cpu1"
		unwatch
		e2e_pipeline_stop "p$run" > /dev/null
		"$E2E_SVC/canal.sh" stop

		kcat -C -e -q -J -b "$BROKER" -t "$topic" -o beginning > "$WORK/$topic.kafka" 2>/dev/null
		latencies steady "w$run" "$topic"; mv "$WORK/w$run.vis" "$WORK/s$run.vis"; mv "$WORK/w$run.kaf" "$WORK/s$run.kaf"
		latencies sparse "w$run" "$topic"
		canal_rate=$(jq -r 'select((.payload | fromjson | .table) == "drain") | .ts' "$WORK/$topic.kafka" |
		    awk 'NR == 1 { a = $1 } { b = $1; n = NR } END { if (b > a) printf "%.0f", (n - 1) / (b - a) * 1000; else print "-" }')
		line="$v $r | $(pct 0.5 "$WORK/s$run.vis") $(pct 0.9 "$WORK/s$run.vis") $(pct 0.99 "$WORK/s$run.vis") $(pct 1 "$WORK/s$run.vis")"
		line="$line | $(pct 0.5 "$WORK/s$run.kaf") $(pct 0.99 "$WORK/s$run.kaf")"
		line="$line | $(pct 0.5 "$WORK/w$run.vis") $(pct 0.99 "$WORK/w$run.vis") $(pct 1 "$WORK/w$run.vis")"
		line="$line | $(awk -v n="$N_DRAIN" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n / ((b - a) / 1e9) }')"
		line="$line $canal_rate $(awk -v n="$N_DRAIN" -v a="$t0" -v b="$t2" 'BEGIN { printf "%.0f", n / ((b - a) / 1e9) }')"
		echo "# run: $line"
		echo "$line" >> "$WORK/runs"
		if [ "$PROFILE" = 1 ]; then
			echo "# $v: CPU during the drain ($(awk -v a="$t0" -v b="$t2" 'BEGIN { printf "%.2f", (b - a) / 1e9 }') s), % of one core, threads above 3%:"
			awk -v hz="$hz" -v s="$(awk -v a="$t0" -v b="$t2" 'BEGIN { print (b - a) / 1e9 }')" \
			    'NR == FNR { c[$1] = $3; next } { d = ($3 - c[$1]) / hz / s * 100; if (d >= 3) printf "#   %-8s %-16s %5.1f%%\n", $1, $2, d }' \
			    "$WORK/cpu0" "$WORK/cpu1" | sort -k4 -rn
			echo "# $v: the MQ worker thread in $(wc -l < "$WORK/stacks") jstack samples (state: top frames outside the JDK):"
			sort "$WORK/stacks" | uniq -c | sort -rn | head -6 | sed 's/^/#   /'
		fi
	done
done

# summary PART-TITLE FIELDS...: per variant, median [min-max] of each field
# (fields of the "runs" lines, after removing the bars).
summary() {
	local title=$1 v; shift
	echo "$title"
	for v in $VARIANTS; do
		printf '| %s |' "$v"
		for f in "$@"; do
			tr -d '|' < "$WORK/runs" | awk -v v="$v" -v f="$f" '$1 == v && $f != "-" { print $f }' | sort -g |
			    awk '{ x[NR] = $1 } END { if (NR == 0) { printf " - |"; exit }
				m = NR % 2 ? x[(NR + 1) / 2] : (x[NR / 2] + x[NR / 2 + 1]) / 2
				printf " %s [%s-%s] |", m, x[1], x[NR] }'
		done
		echo
	done
	echo
}
echo
echo "$N rows at $RATE/s, $N_SPARSE sparse rows, $N_DRAIN drained; $ROUNDS rounds; median [min-max] over the rounds, ms"
echo
summary "| variant | steady p50 | p90 | p99 | max | to Kafka p50 | p99 |
|---|---|---|---|---|---|---|" 3 4 5 6 7 8
summary "| variant | sparse p50 | p99 | max |
|---|---|---|---|" 9 10 11
summary "| variant | drain: MariaDB rows/s | Canal records/s | visible in Redis rows/s |
|---|---|---|---|" 12 13 14
echo "MariaDB $(mariadbd --version | awk '{ print $3 }'), Canal 1.1.4, Kafka 3.9, redis $(redis-server --version | awk '{ print $3 }' | cut -d= -f2)"
