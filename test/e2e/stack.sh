#!/usr/bin/env bash
# scripts/stack, the entry point to the real stack outside the harness:
# start prints shell lines that eval into a working environment (MariaDB,
# Kafka, Canal, Redis on private ports, the topic made, a schema run before
# Canal), a change in MariaDB reaches Redis through the three tools, `env`
# prints the same, `stop` stops everything and removes its folder; misuse
# and a service that cannot start are reported, leaving nothing behind.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
e2e_require
stack=$TOP/scripts/stack
export TMPDIR=$WORK
unset STACK_DIR MARIADB_PORT MARIADB_DIR KAFKA_PORT KAFKA_CONTROLLER_PORT KAFKA_DIR \
    CANAL_PORT CANAL_METRICS_PORT CANAL_DIR REDIS_PORT REDIS_DIR CANAL_TOPIC CANAL_FILTER

status_is "no command: usage" 2 "$stack" 2>/dev/null
status_is "unknown service" 2 "$stack" start nosuch 2>/dev/null
status_is "stop without STACK_DIR" 2 "$stack" stop 2>/dev/null
status_is "env without STACK_DIR" 2 "$stack" env 2>/dev/null

cat > "$WORK/schema.sql" <<'EOF'
create table item(id int primary key, name varchar(20));
EOF
if ! "$stack" start -s "$WORK/schema.sql" > "$WORK/env.sh" 2> "$WORK/start.err"; then
	not_ok "stack start"; sed 's/^/#   /' "$WORK/start.err"; exit 1
fi
ok "stack start"
. "$WORK/env.sh"
at_exit "STACK_DIR='$STACK_DIR' '$stack' stop >/dev/null 2>&1"
sed -n 's/^# /#   /p' "$WORK/env.sh"
for v in MARIADB_PORT KAFKA_PORT KAFKA_CONTROLLER_PORT CANAL_PORT CANAL_METRICS_PORT REDIS_PORT; do
	check "start sets $v to a port" grep -qE '^[0-9]+$' <<<"${!v:-}"
done
is "six different ports" 6 "$(printf '%s\n' "$MARIADB_PORT" "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" \
    "$CANAL_PORT" "$CANAL_METRICS_PORT" "$REDIS_PORT" | sort -u | wc -l)"
is "KAFKA_BROKERS" "127.0.0.1:$KAFKA_PORT" "$KAFKA_BROKERS"
is "the topic" canaltopic "$CANAL_TOPIC"
check "its folder is under TMPDIR" test -d "$STACK_DIR" -a "${STACK_DIR#"$WORK"/}" != "$STACK_DIR"
check "says how to connect to MariaDB" grep -q "^# MariaDB: mariadb .* -P$MARIADB_PORT " "$WORK/env.sh"
check "says how to follow the topic into Redis" \
    grep -q "kcat-lite -b 127.0.0.1:$KAFKA_PORT -t canaltopic | canal2ops .* | ops2redis -p $REDIS_PORT" "$WORK/env.sh"
same "stack env prints the same" "$WORK/env.sh" <("$stack" env)
status_is "stack status: all running" 0 sh -c "'$stack' status >/dev/null"
is "the topic has one partition" 1 \
    "$(kcat -L -b "$KAFKA_BROKERS" -t canaltopic 2>/dev/null | grep -c 'partition 0,')"
status_is "a schema while Canal runs is refused" 2 "$stack" start -s "$WORK/schema.sql" 2>/dev/null

# A change in MariaDB reaches Redis through the tools.
mariadb --no-defaults -h127.0.0.1 -P"$MARIADB_PORT" -ulabex -pAliyun-test labex \
    -e "insert into item values (1, 'one')"
BROKER=$KAFKA_BROKERS C2O_ARGS='-k {table}:{pk}' e2e_pipeline item -t "$CANAL_TOPIC"
wait_for 30 sh -c "redis-cli -p $REDIS_PORT --raw GET item:1 | grep -q one" &&
    ok "the row reaches Redis" || not_ok "the row reaches Redis"
is "GET item:1" '{"id":"1","name":"one"}' "$(redis-cli -p "$REDIS_PORT" --raw GET item:1)"
e2e_pipeline_stop item

dir=$STACK_DIR
ports="$MARIADB_PORT $KAFKA_PORT $CANAL_PORT $REDIS_PORT"
status_is "stack stop" 0 sh -c "'$stack' stop > '$WORK/stop.out' 2>/dev/null"
eval "$(cat "$WORK/stop.out")"
is "stop's output unsets the environment" "" "${STACK_DIR:-}${REDIS_PORT:-}${CANAL_TOPIC:-}"
for p in $ports; do
	status_is "port $p is closed" 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$p" 2>/dev/null
done
check "its folder is removed" test ! -e "$dir"
status_is "stack status on the removed folder" 66 sh -c "STACK_DIR='$dir' '$stack' status >/dev/null 2>&1"

# A service that cannot start: Redis on a port in use. The stack stops what
# it started and leaves no folder.
taken=$(free_port)
nc_pid=""
python3 -c "import socket,time; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', $taken)); s.listen(); time.sleep(60)" & nc_pid=$!
at_exit "kill $nc_pid 2>/dev/null"
wait_for 10 bash -c "exec 3<>/dev/tcp/127.0.0.1/$taken"
rc=0; REDIS_PORT=$taken "$stack" start redis > /dev/null 2> "$WORK/fail.err" || rc=$?
check "redis on a port in use: start fails ($rc)" test "$rc" -ne 0
is "redis on a port in use: no folder left" "" "$(ls -d "$WORK"/canal2redis-stack.* 2>/dev/null)"
kill "$nc_pid" 2>/dev/null || true

check "README shows scripts/stack start" grep -q 'scripts/stack start' "$TOP/README.md"
