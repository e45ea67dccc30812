#!/usr/bin/env bash
# The data synchronization test of the original lab tutorial, automated on
# the real stack: MariaDB -> Canal -> Kafka -> kcat-lite | canal2ops |
# ops2redis -> Redis. labex.user is created exactly as the tutorial does (no
# primary key), then its two inserts, its update and its delete; after each
# step Redis must match within a timeout. The COMMIT-to-visible time is
# printed as a comment.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
e2e_require
e2e_ports
TOPIC=canaltopic
T=${E2E_TIMEOUT:-30}

e2e_start_db
e2e_start_redis
e2e_start_kafka
"$E2E_SVC/kafka.sh" create-topic "$TOPIC" 1

# The table, created before Canal starts (as in the tutorial, which reads
# SHOW MASTER STATUS afterwards and starts Canal there).
sql -D labex < "$TOP/examples/tutorial-table.sql"
CANAL_TOPIC=$TOPIC CANAL_FILTER='labex\..*' e2e_start_canal
ok "services started (mariadb $MARIADB_PORT, kafka $KAFKA_PORT, canal $CANAL_PORT, redis $REDIS_PORT)"
status_is "mariadb.sh start again" 0 "$E2E_SVC/mariadb.sh" start
status_is "canal.sh start again" 0 env CANAL_TOPIC=$TOPIC "$E2E_SVC/canal.sh" start
status_is "canal.sh status" 0 "$E2E_SVC/canal.sh" status
status_is "canal.sh with a bad CANAL_META" 2 env CANAL_META=zk CANAL_DIR="$WORK/canal-bad" "$E2E_SVC/canal.sh" start
is "canal user can read the binlog position" 1 "$(mariadb --no-defaults -h127.0.0.1 -P"$MARIADB_PORT" -ucanal -pcanal -N -e 'show master status' | wc -l)"

e2e_pipeline tutorial -o beginning -t "$TOPIC"

# step NAME SQL KEY EXPECTED: run SQL (autocommit: it returns after COMMIT),
# then poll Redis until GET KEY is EXPECTED ("" meaning the key is gone).
step() {
	local name=$1 stmt=$2 key=$3 want=$4 t0 t1 got end
	sql -D labex -e "$stmt" || { not_ok "$name: statement runs"; return; }
	t0=$(now_ms)
	end=$(( t0 + T * 1000 ))
	while :; do
		if [ -z "$want" ]; then
			got=$(rcli EXISTS "$key")
			[ "$got" = 0 ] && break
		else
			got=$(rcli --raw GET "$key")
			[ "$got" = "$want" ] && break
		fi
		[ "$(now_ms)" -lt "$end" ] || break
		sleep 0.005
	done
	t1=$(now_ms)
	if [ -z "$want" ]; then
		is "$name: key $key is gone" 0 "$got"
	else
		is "$name: GET $key" "$want" "$got"
	fi
	echo "# commit-to-visible $name: $((t1 - t0)) ms"
}

row1='{"id":"19832","username":"name1","password":"ddsdfdfd","addr":"addr1","phone":"17138141002","nickname":"nickname1"}'
row2='{"id":"20122","username":"name2","password":"xdfdsafd","addr":"addr2","phone":"13877686321","nickname":"nickname2"}'
row1u='{"id":"19832","username":"nanzhao","password":"ddsdfdfd","addr":"addr1","phone":"17138141002","nickname":"nickname1"}'

# The tutorial's statements, verbatim.
step "insert 19832" 'insert into user values("19832", "name1", "ddsdfdfd", "addr1", "17138141002", "nickname1");' 19832 "$row1"
step "insert 20122" 'insert into user values("20122", "name2", "xdfdsafd", "addr2", "13877686321", "nickname2");' 20122 "$row2"
step "update 19832" 'update user set username = "nanzhao" where id = "19832";' 19832 "$row1u"
step "delete 19832" 'delete from user where id = "19832";' 19832 ""

is "20122 is still there" "$row2" "$(rcli --raw GET 20122)"

# Canal wrote one message per statement; the checkpoint covers the last one.
kcat -C -J -e -q -b "$BROKER" -t "$TOPIC" > "$WORK/topic.ndjson" 2>/dev/null
is "Canal wrote 4 messages" 4 "$(grep -c . "$WORK/topic.ndjson")"
wait_for "$T" sh -c "[ \"\$(redis-cli -p $REDIS_PORT HGET canal2ops:checkpoint $TOPIC:0)\" = 3 ]" || true
is "checkpoint is the last offset" 3 "$(rcli HGET canal2ops:checkpoint "$TOPIC:0")"
is "Redis holds the row and the checkpoint" "2" "$(rcli DBSIZE)"

e2e_pipeline_stop tutorial

# kcat's own -J output works as the first stage too (into database 1).
kcat -C -J -e -q -b "$BROKER" -t "$TOPIC" -o beginning 2>/dev/null | "$CANAL2OPS" |
    "$OPS2REDIS" -p "$REDIS_PORT" -n 1
is "kcat -J | canal2ops | ops2redis: GET 20122" "$row2" "$(rcli -n 1 --raw GET 20122)"
is "kcat -J | canal2ops | ops2redis: 19832 is gone" 0 "$(rcli -n 1 EXISTS 19832)"
is "kcat -J | canal2ops | ops2redis: checkpoint" 3 "$(rcli -n 1 HGET canal2ops:checkpoint "$TOPIC:0")"
