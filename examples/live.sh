#!/usr/bin/env bash
# The seed's data-sync test, live and visible: starts MariaDB, Kafka, Canal
# and Redis on private ports (test/services/), runs
#   kcat-lite | canal2ops | ops2redis
# and performs the seed's insert, update and delete, showing what Redis holds
# after each; then stops everything it started. Needs the plain builds (make)
# and what `make deps` installs; the first run fetches Kafka and Canal with
# Maven (a few minutes), later runs take about 20 s.
set -eu
cd "$(dirname "$0")/.."
svc=test/services
work=$(mktemp -d /tmp/c2r-live.XXXXXX)
topic=canaltopic

port() { "$svc/free-port"; }
export MARIADB_PORT=$(port) MARIADB_DIR=$work/mariadb
export KAFKA_PORT=$(port) KAFKA_CONTROLLER_PORT=$(port) KAFKA_DIR=$work/kafka
export CANAL_PORT=$(port) CANAL_METRICS_PORT=$(port) CANAL_DIR=$work/canal
export REDIS_PORT=$(port) REDIS_DIR=$work/redis
export CANAL_TOPIC=$topic CANAL_FILTER='labex\..*'
pids=""
cleanup() {
	# shellcheck disable=SC2086
	[ -z "$pids" ] || kill $pids 2>/dev/null
	$svc/canal.sh stop; $svc/kafka.sh stop; $svc/redis.sh stop; $svc/mariadb.sh stop
	rm -rf "$work"
}
trap cleanup EXIT

say() { printf '\n\033[1m%s\033[0m\n' "$*"; }
sql() {
	mariadb --no-defaults --default-character-set=utf8mb4 -h127.0.0.1 \
	    -P"$MARIADB_PORT" -ulabex -pAliyun-test -D labex "$@"
}
show() {	# show KEY: GET KEY once the last change is there
	local v
	sleep 1
	v=$(redis-cli -p "$REDIS_PORT" --raw GET "$1")
	printf 'redis> GET %s\n%s\n' "$1" "${v:-(nil)}"
}

say "Starting MariaDB :$MARIADB_PORT, Kafka :$KAFKA_PORT, Redis :$REDIS_PORT"
$svc/mariadb.sh start
$svc/redis.sh start
$svc/kafka.sh start
$svc/kafka.sh create-topic "$topic" 1
say "The seed's table (section 4.7):"
tee /dev/stderr < examples/seed-table.sql | sql
say "Starting Canal :$CANAL_PORT (reads the binlog from here on, writes to topic $topic)"
$svc/canal.sh start
say "Starting kcat-lite -b 127.0.0.1:$KAFKA_PORT -t $topic | canal2ops | ops2redis -p $REDIS_PORT"
mkfifo "$work/f1" "$work/f2"
ops2redis/ops2redis -p "$REDIS_PORT" < "$work/f2" & pids="$pids $!"
canal2ops/canal2ops < "$work/f1" > "$work/f2" & pids="$pids $!"
kcat-lite/kcat-lite -C -q -b "127.0.0.1:$KAFKA_PORT" -o beginning -t "$topic" > "$work/f1" & pids="$pids $!"

step() { say "mysql> $1"; sql -e "$1"; }
step 'insert into user values("19832", "name1", "ddsdfdfd", "addr1", "17138141002", "nickname1");'
step 'insert into user values("20122", "name2", "xdfdsafd", "addr2", "13877686321", "nickname2");'
show 19832; show 20122
step 'update user set username = "nanzhao" where id = "19832";'
show 19832
step 'delete from user where id = "19832";'
show 19832
say "Everything Redis holds:"
redis-cli -p "$REDIS_PORT" --scan | sort | while read -r k; do
	case $(redis-cli -p "$REDIS_PORT" TYPE "$k") in
	string) printf '%-22s %s\n' "$k" "$(redis-cli -p "$REDIS_PORT" --raw GET "$k")";;
	hash)   printf '%-22s %s\n' "$k" "$(redis-cli -p "$REDIS_PORT" --raw HGETALL "$k" | paste -sd' ')";;
	esac
done
say "Stopping what was started"
