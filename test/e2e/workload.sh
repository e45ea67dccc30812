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

schema() {	# fresh tables, created while Canal is stopped
	sql -D e2e <<'EOF'
drop table if exists t_single, t_comp, t_nokey, marker;
create table t_single(id int primary key, name varchar(40), n int,
	price decimal(10,2), bin varbinary(8), note text, ts datetime(3));
create table t_comp(a int, b varchar(8), v varchar(40), w int, primary key (a, b));
create table t_nokey(id varchar(8), v varchar(40), n int);
create table marker(id int primary key, run int);
EOF
}

# expected: every row as "key<TAB>canonical JSON", sorted. Canal's string
# forms: numbers and dates as text, binary bytes as ISO-8859-1 code points,
# and (Canal 1.1.4) a DECIMAL whose fraction is all zeros as "N.0": -31763.00
# arrives as "-31763.0", -0.00 as "0.0".
expected() {
	sql -D e2e -N -B -r <<'EOF' > "$WORK/exp.raw"
select concat('t_single:', id), json_object('id', cast(id as char), 'name', name,
	'n', cast(n as char), 'price', if(price = floor(price),
	concat(cast(price as signed), '.0'), cast(price as char)),
	'bin', convert(bin using latin1), 'note', note, 'ts', cast(ts as char)) from t_single;
select concat('t_comp:', a, ':', b), json_object('a', cast(a as char), 'b', b,
	'v', v, 'w', cast(w as char)) from t_comp;
select concat('t_nokey:', id), json_object('id', id, 'v', v, 'n', cast(n as char)) from t_nokey;
select concat('marker:', id), json_object('id', cast(id as char), 'run', cast(run as char)) from marker;
EOF
	canon < "$WORK/exp.raw" > "$WORK/expected"
}

# actual: every string key of Redis the same way.
actual() {
	rcli --raw EVAL "local r = {}
		for _, k in ipairs(redis.call('KEYS', '*')) do
			if redis.call('TYPE', k).ok == 'string' then
				r[#r + 1] = k; r[#r + 1] = redis.call('GET', k)
			end
		end
		return r" 0 | paste - - > "$WORK/act.raw"
	canon < "$WORK/act.raw" > "$WORK/actual"
}

canon() {	# KEY<TAB>JSON lines -> KEY<TAB>sorted compact JSON, sorted
	local f
	f=$(mktemp "$WORK/canon.XXXXXX")
	cat > "$f"
	paste <(cut -f1 "$f") <(cut -f2- "$f" | jq -cS .) | sort
	rm -f "$f"
}

# quiesce RUN TOPIC: write a marker row, wait for it in Redis, then wait
# until the checkpoint of every partition is the partition's last offset.
quiesce() {
	local run=$1 topic=$2 p o ok_all end
	sql -D e2e -e "insert into marker values ($run, $run)"
	wait_for "$T" sh -c "redis-cli -p $REDIS_PORT EXISTS marker:$run | grep -q 1" ||
	    { not_ok "run $run: marker reached Redis"; return 1; }
	kcat -C -e -q -b "$BROKER" -t "$topic" -o -1 -f '%p %o\n' > "$WORK/last" 2>/dev/null
	end=$(( $(date +%s) + T ))
	while :; do
		ok_all=1
		while read -r p o; do
			[ "$(rcli HGET canal2ops:checkpoint "$topic:$p")" = "$o" ] || ok_all=0
		done < "$WORK/last"
		[ "$ok_all" = 1 ] && break
		[ "$(date +%s)" -lt "$end" ] || { not_ok "run $run: checkpoints reach the last offsets"; cat "$WORK/last" | sed 's/^/#   last /'; return 1; }
		sleep 0.2
	done
	ok "run $run: quiescent ($(wc -l < "$WORK/last") partitions)"
}

compare() {	# RUN: Redis equals SELECT, row by row
	expected; actual
	is "run $1: rows in MariaDB" "$(wc -l < "$WORK/expected")" "$(wc -l < "$WORK/actual")"
	same "run $1: Redis equals SELECT" "$WORK/expected" "$WORK/actual"
}

run_load() {	# RUN KEYCHANGE: the workload through one mariadb session
	local t0 t1
	awk -v seed="$SEED$1" -v n="$N" -v keychange="$2" -f "$TOP/test/e2e/workload.awk" > "$WORK/load$1.sql"
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
