#!/usr/bin/env bash
# A randomized workload on the real stack; afterwards Redis must equal what
# SELECT returns, row by row. Two runs:
#  1. Canal writes every row to one partition; primary-key changes included.
#  2. Canal hashes rows by primary key over 3 partitions (canal.mq.partitionHash)
#     and two kcat-lite | canal2ops | ops2redis pipelines share them in one
#     consumer group; no key changes (an UPDATE that changes the key is routed
#     by its new key and can overtake older events of the old key: Canal
#     issue 3152).
# WORKLOAD_STATEMENTS (default 3000 a run) and WORKLOAD_SEED pick the load.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
e2e_require
command -v jq >/dev/null || skip_all "jq not installed"
e2e_ports
N=${WORKLOAD_STATEMENTS:-3000}
SEED=${WORKLOAD_SEED:-$RANDOM}
T=${E2E_TIMEOUT:-120}
echo "# seed $SEED, $N statements a run (WORKLOAD_SEED=$SEED to repeat)"

e2e_start_db
e2e_start_redis
e2e_start_kafka

run_load() {	# RUN KEYCHANGE: the workload through one mariadb session
	local t0 t1
	gawk -v seed="$SEED$1" -v n="$N" -v keychange="$2" -f "$TOP/test/e2e/workload.awk" > "$WORK/load$1.sql"
	t0=$(now_ms)
	if sql -D e2e < "$WORK/load$1.sql"; then ok "run $1: workload runs"
	else not_ok "run $1: workload runs"; fi
	t1=$(now_ms)
	echo "# run $1: $(grep -c -E '^(INSERT|UPDATE|DELETE)' "$WORK/load$1.sql") statements in $((t1 - t0)) ms"
}

# Run 1: one partition, key changes.
schema
"$E2E_SVC/kafka.sh" create-topic w1 1
CANAL_TOPIC=w1 CANAL_FILTER='e2e\..*' e2e_start_canal
C2O_ARGS="-k {table}:{pk}" e2e_pipeline w1 -o beginning -t w1
t0=$(now_ms)
run_load 1 1
quiesce 1 w1 && echo "# run 1: visible in Redis $(( $(now_ms) - t0 )) ms after the workload started"
compare 1
e2e_pipeline_stop w1
"$E2E_SVC/canal.sh" stop

# Run 2: rows hashed by primary key over 3 partitions, two consumers in a group.
rcli FLUSHALL >/dev/null
schema
"$E2E_SVC/kafka.sh" create-topic w2 3
CANAL_TOPIC=w2 CANAL_FILTER='e2e\..*' CANAL_PARTITIONS_NUM=3 \
    CANAL_PARTITION_HASH='e2e\..*:$pk$' e2e_start_canal
C2O_ARGS="-k {table}:{pk}" O2R_ARGS=-v e2e_pipeline w2a -G e2e-w2 -o beginning -t w2
A_KCAT=$P_KCAT A_C2O=$P_C2O A_O2R=$P_O2R
C2O_ARGS="-k {table}:{pk}" O2R_ARGS=-v e2e_pipeline w2b -G e2e-w2 -o beginning -t w2
t0=$(now_ms)
run_load 2 0
quiesce 2 w2 && echo "# run 2: visible in Redis $(( $(now_ms) - t0 )) ms after the workload started"
compare 2
parts=$(cut -d' ' -f1 "$WORK/last" | sort -u | wc -l)
is "run 2: Canal used 3 partitions" 3 "$parts"
e2e_pipeline_stop w2b
P_KCAT=$A_KCAT P_C2O=$A_C2O P_O2R=$A_O2R
e2e_pipeline_stop w2a
for p in w2a w2b; do
	n=$(sed -n 's/.*ops2redis: \([0-9]*\) applied.*/\1/p' "$WORK/$p.o2r.err" | tail -1)
	check "run 2: pipeline $p applied ops (${n:-none})" [ "${n:-0}" -gt 0 ]
done
