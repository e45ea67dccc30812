# Shared by the end-to-end scripts (sourced after test/lib.sh): the real
# stack on private ports, MariaDB -> Canal -> Kafka -> kcat-lite | canal2ops |
# ops2redis -> Redis. Each script starts it once and stops it at exit.

E2E_SVC=$TOP/test/services
E2E_STACK=$TOP/scripts/stack

e2e_require() {	# skip when the machine lacks what the stack needs
	local c
	for c in java mvn mariadbd mariadb redis-server redis-cli kcat gawk jq; do
		command -v "$c" >/dev/null 2>&1 || skip_all "$c not installed (make deps)"
	done
	for c in "$KCAT_LITE" "$CANAL2OPS" "$OPS2REDIS"; do
		[ -x "$c" ] || skip_all "$c not built"
	done
}

# e2e_ports: pick every port and folder (scripts/stack ports, the stack's
# state in $WORK) and export them; never those of a stack the caller's
# environment names.
e2e_ports() {
	local v
	for v in MARIADB_PORT MARIADB_DIR KAFKA_PORT KAFKA_CONTROLLER_PORT KAFKA_DIR \
	    CANAL_PORT CANAL_METRICS_PORT CANAL_DIR REDIS_PORT REDIS_DIR \
	    CANAL_TOPIC CANAL_FILTER KAFKA_BROKERS; do
		unset "$v"
	done
	eval "$(STACK_DIR=$WORK "$E2E_STACK" ports)" || { not_ok "stack ports"; exit 1; }
	for v in "$MARIADB_PORT" "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "$CANAL_PORT" \
	    "$CANAL_METRICS_PORT" "$REDIS_PORT"; do
		echo "$v" >> "$WORK/.ports"	# free_port picks none of them again
	done
	BROKER=127.0.0.1:$KAFKA_PORT
}

# e2e_start_db, e2e_start_kafka, e2e_start_redis, e2e_start_canal: start one
# service (or fail the script with its log) and register its stop.
e2e_start() {	# e2e_start SERVICE: scripts/stack start SERVICE
	at_exit "'$E2E_STACK' stop $1 >/dev/null 2>&1"
	"$E2E_STACK" start "$1" >/dev/null 2>"$WORK/stack.err" ||
	    { cat "$WORK/stack.err" >&2; not_ok "$1 starts"; exit 1; }
	grep -v '^stack: ' "$WORK/stack.err" >&2 || true
}
e2e_start_db()    { e2e_start mariadb; }
e2e_start_kafka() { e2e_start kafka; }
e2e_start_redis() { e2e_start redis; }
e2e_start_canal() { e2e_start canal; }

# sql ARGS...: the mariadb client as the original lab tutorial's user
# (labex) over TCP (stdin: SQL).
sql() {
	mariadb --no-defaults --default-character-set=utf8mb4 -h127.0.0.1 \
	    -P"$MARIADB_PORT" -ulabex -pAliyun-test "$@"
}

rcli() { redis-cli -p "$REDIS_PORT" "$@"; }

# now_ms: wall clock in milliseconds.
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# e2e_pipeline NAME KCAT-ARGS...: start kcat-lite ARGS | canal2ops $C2O_ARGS |
# ops2redis $O2R_ARGS in the background, each stage's stderr in $WORK/NAME.STAGE.err; sets
# P_KCAT P_C2O P_O2R (pids). e2e_pipeline_stop ends it and checks the stages.
e2e_pipeline() {
	local name=$1; shift
	rm -f "$WORK/$name.f1" "$WORK/$name.f2"
	mkfifo "$WORK/$name.f1" "$WORK/$name.f2"
	# shellcheck disable=SC2086
	"$OPS2REDIS" -p "$REDIS_PORT" ${O2R_ARGS:-} < "$WORK/$name.f2" 2> "$WORK/$name.o2r.err" &
	P_O2R=$!
	# shellcheck disable=SC2086
	"$CANAL2OPS" ${C2O_ARGS:-} < "$WORK/$name.f1" > "$WORK/$name.f2" 2> "$WORK/$name.c2o.err" &
	P_C2O=$!
	"$KCAT_LITE" -C -b "$BROKER" "$@" > "$WORK/$name.f1" 2> "$WORK/$name.kcat.err" &
	P_KCAT=$!
	at_exit "kill $P_KCAT $P_C2O $P_O2R 2>/dev/null"
}

# e2e_pipeline_stop NAME: SIGTERM to kcat-lite; every stage must then exit 0
# (the others see end of input).
e2e_pipeline_stop() {
	local name=$1 rc st
	kill -TERM "$P_KCAT" 2>/dev/null || true
	for st in KCAT C2O O2R; do
		eval "pid=\$P_$st"
		rc=0; wait "$pid" || rc=$?
		is "$name: ${st,,} exits cleanly" 0 "$rc"
		[ "$rc" -eq 0 ] || sed 's/^/#   /' "$WORK/$name.${st,,}.err" 2>/dev/null | tail -20
	done 2>/dev/null
	for st in kcat c2o o2r; do
		if grep -q -E 'Sanitizer|runtime error' "$WORK/$name.$st.err" 2>/dev/null; then
			not_ok "$name: $st has no sanitizer report"
			head -30 "$WORK/$name.$st.err" | sed 's/^/#   /'
		fi
	done
}

# The workload tables (test/e2e/workload.awk) and the row-by-row comparison.
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
# forms: numbers and dates as text, binary bytes as ISO-8859-1 code points.
# (Canal 1.1.4 writes a DECIMAL whose fraction is all zeros as "N.0":
# canal2ops pads it back to its scale from mysqlType.)
expected() {
	sql -D e2e -N -B -r <<'EOF' > "$WORK/exp.raw"
select concat('t_single:', id), json_object('id', cast(id as char), 'name', name,
	'n', cast(n as char), 'price', cast(price as char),
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

# quiesce RUN TOPIC (timeout $T): write a marker row, wait for it in Redis, then wait
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

