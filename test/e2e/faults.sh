#!/usr/bin/env bash
# Faults on the real stack while a random workload runs: kill -9 each stage
# of the pipeline and Canal at random moments (Canal keeps its position in a
# file: CANAL_META=file), restart Redis (append-only file on) and the Kafka
# broker. The pipeline runs under contrib/canal2redis-run, which
# restarts it from the checkpoint in Redis (kcat-lite --resume). Afterwards
# Redis must equal what SELECT returns: nothing lost, duplicates harmless.
# WORKLOAD_STATEMENTS (default 3000) and WORKLOAD_SEED pick the load.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
e2e_require
command -v jq >/dev/null || skip_all "jq not installed"
e2e_ports
N=${WORKLOAD_STATEMENTS:-3000}
SEED=${WORKLOAD_SEED:-$RANDOM}
T=${E2E_TIMEOUT:-180}
TOPIC=faults
echo "# seed $SEED, $N statements (WORKLOAD_SEED=$SEED to repeat)"

export REDIS_ARGS="--appendonly yes --appendfsync always"
e2e_start_db
e2e_start_redis
e2e_start_kafka
"$E2E_SVC/kafka.sh" create-topic "$TOPIC" 1
schema
CANAL_META=file CANAL_TOPIC=$TOPIC CANAL_FILTER='e2e\..*' e2e_start_canal

C2R_BROKERS=$BROKER C2R_TOPIC=$TOPIC C2R_REDIS_PORT=$REDIS_PORT \
C2R_CANAL2OPS_ARGS="-k {table}:{pk}" C2R_RESTART_DELAY=0.3 \
    "$TOP/contrib/canal2redis-run" 2> "$WORK/run.err" &
RUN=$!
at_exit "kill -TERM $RUN 2>/dev/null; wait $RUN 2>/dev/null"

stage() {	# stage NAME: the pid of the runner's child running NAME
	ps -o pid=,args= --ppid "$RUN" | awk -v n="$1" '$2 ~ n { print $1; exit }'
}
running() { [ -n "$(stage kcat-lite)" ] && [ -n "$(stage canal2ops)" ] && [ -n "$(stage ops2redis)" ]; }
wait_for 30 running || { not_ok "the runner starts the pipeline"; cat "$WORK/run.err" >&2; exit 1; }

# The workload, fed slowly (25 lines, then 0.1 s) so the faults land in it.
gawk -v seed="$SEED" -v n="$N" -v keychange=1 -f "$TOP/test/e2e/workload.awk" > "$WORK/load.sql"
awk '{ print; fflush() } NR % 25 == 0 { system("sleep 0.1") }' "$WORK/load.sql" |
    sql -D e2e > "$WORK/load.out" 2>&1 &
LOAD=$!

pause() { sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.2f", 0.3 + r / 32768 * 1.2 }')"; }

restarts() { grep -c 'pipeline ended' "$WORK/run.err" || true; }

for fault in kcat-lite canal2ops ops2redis canal redis kafka kcat-lite ops2redis canal canal2ops; do
	pause
	before=$(restarts)
	case $fault in
	redis)
		"$E2E_SVC/redis.sh" stop && "$E2E_SVC/redis.sh" start
		echo "# restarted redis";;
	kafka)
		"$E2E_SVC/kafka.sh" stop && "$E2E_SVC/kafka.sh" start
		echo "# restarted kafka";;
	canal)
		pid=$(cat "$CANAL_DIR/canal.pid")
		kill -9 "$pid"
		wait_for 10 sh -c "! ps -o stat= -p $pid | grep -q -v Z"
		echo "# kill -9 canal ($pid)"
		CANAL_META=file CANAL_TOPIC=$TOPIC CANAL_FILTER='e2e\..*' "$E2E_SVC/canal.sh" start ||
		    not_ok "canal restarts";;
	*)
		pid=$(stage "$fault")
		if [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; then
			echo "# kill -9 $fault ($pid)"
			wait_for 30 sh -c "[ \$(grep -c 'pipeline ended' '$WORK/run.err') -gt $before ]" ||
			    not_ok "the runner notices $fault died"
		else
			echo "# $fault not running at that moment"
		fi;;
	esac
	wait_for 30 running || not_ok "the pipeline runs again after the $fault fault"
done

rc=0; wait "$LOAD" || rc=$?
is "the workload ran" 0 "$rc"
[ "$rc" -eq 0 ] || sed 's/^/#   /' "$WORK/load.out" | tail -5
echo "# $(grep -c -E '^(INSERT|UPDATE|DELETE)' "$WORK/load.sql") statements; the runner restarted the pipeline $(restarts) times"
check "the runner restarted the pipeline" [ "$(restarts)" -ge 3 ]

wait_for 30 running || not_ok "the pipeline runs at the end"
quiesce 1 "$TOPIC"
compare 1

kill -TERM "$RUN"
rc=0; wait "$RUN" || rc=$?
is "the runner stops cleanly on SIGTERM" 0 "$rc"
if grep -q -E 'Sanitizer|runtime error' "$WORK/run.err"; then
	not_ok "no sanitizer report"; grep -A20 -E 'Sanitizer|runtime error' "$WORK/run.err" | head -30 | sed 's/^/#   /'
fi
