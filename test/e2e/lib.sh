# Shared by the end-to-end scripts (sourced after test/lib.sh): the real
# stack on private ports, MariaDB -> Canal -> Kafka -> kcat-lite | canal2ops |
# ops2redis -> Redis. Each script starts it once and stops it at exit.

E2E_SVC=$TOP/test/services

e2e_require() {	# skip when the machine lacks what the stack needs
	local c
	for c in java mvn mariadbd mariadb redis-server redis-cli kcat; do
		command -v "$c" >/dev/null 2>&1 || skip_all "$c not installed (make deps)"
	done
	for c in "$KCAT_LITE" "$CANAL2OPS" "$OPS2REDIS"; do
		[ -x "$c" ] || skip_all "$c not built"
	done
}

# e2e_ports: pick every port and directory; export them for the scripts.
e2e_ports() {
	MARIADB_PORT=$(free_port); MARIADB_DIR=$WORK/mariadb
	KAFKA_PORT=$(free_port); KAFKA_CONTROLLER_PORT=$(free_port); KAFKA_DIR=$WORK/kafka
	CANAL_PORT=$(free_port); CANAL_METRICS_PORT=$(free_port); CANAL_DIR=$WORK/canal
	REDIS_PORT=$(free_port); REDIS_DIR=$WORK/redis
	export MARIADB_PORT MARIADB_DIR KAFKA_PORT KAFKA_CONTROLLER_PORT KAFKA_DIR
	export CANAL_PORT CANAL_METRICS_PORT CANAL_DIR REDIS_PORT REDIS_DIR
	BROKER=127.0.0.1:$KAFKA_PORT
}

# e2e_start_db, e2e_start_kafka, e2e_start_redis, e2e_start_canal: start one
# service (or fail the script with its log) and register its stop.
e2e_start_db() {
	at_exit "'$E2E_SVC/mariadb.sh' stop >/dev/null 2>&1"
	"$E2E_SVC/mariadb.sh" start || { not_ok "mariadb starts"; exit 1; }
}
e2e_start_kafka() {
	at_exit "'$E2E_SVC/kafka.sh' stop >/dev/null 2>&1"
	"$E2E_SVC/kafka.sh" start || { not_ok "kafka starts"; exit 1; }
}
e2e_start_redis() {
	at_exit "'$E2E_SVC/redis.sh' stop >/dev/null 2>&1"
	"$E2E_SVC/redis.sh" start || { not_ok "redis starts"; exit 1; }
}
e2e_start_canal() {
	at_exit "'$E2E_SVC/canal.sh' stop >/dev/null 2>&1"
	"$E2E_SVC/canal.sh" start || { not_ok "canal starts"; exit 1; }
}

# sql ARGS...: the mariadb client as the seed's user over TCP (stdin: SQL).
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
