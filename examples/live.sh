#!/usr/bin/env bash
# make live: the data synchronization test of the original lab tutorial,
# live and visible. scripts/stack starts MariaDB, Kafka, Canal and Redis on
# private ports, with the tutorial's table created before Canal starts;
#   kcat-lite | canal2ops -k '{table}:{pk}' | ops2redis
# follows the topic while the tutorial's insert, update and delete run, and
# what Redis holds is shown after each; then everything is stopped.
# Needs the plain builds (make) and what `make deps` installs; the first run
# fetches Kafka and Canal with Maven (a few minutes), later runs take about
# 20 s. Bold headings on a terminal, plain text otherwise (make live > log).
set -eu
cd "$(dirname "$0")/.."
table=examples/tutorial-table.sql
STACK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/c2r-live.XXXXXX")
export STACK_DIR
pids=""
cleanup() {
	# shellcheck disable=SC2086
	[ -z "$pids" ] || kill $pids 2>/dev/null
	scripts/stack stop > /dev/null
	rm -rf "$STACK_DIR"
}
trap cleanup EXIT

bold="" off=""
if [ -t 1 ]; then bold=$(printf '\033[1m') off=$(printf '\033[0m'); fi
say() { printf '\n%s%s%s\n' "$bold" "$*" "$off"; }

say "The table of the original lab tutorial, created before Canal starts:"
cat "$table"
say "Starting MariaDB, Redis, Kafka and Canal on private ports (scripts/stack start)"
scripts/stack start -s "$table" > "$STACK_DIR/env.sh" 2> "$STACK_DIR/stack.log" ||
    { cat "$STACK_DIR/stack.log"; exit 1; }
grep '^stack: .* on ' "$STACK_DIR/stack.log" || true
. "$STACK_DIR/env.sh"
topic=$CANAL_TOPIC

sql() {
	mariadb --no-defaults --default-character-set=utf8mb4 -h127.0.0.1 \
	    -P"$MARIADB_PORT" -ulabex -pAliyun-test -D labex "$@"
}

say "kcat-lite -b $KAFKA_BROKERS -t $topic | canal2ops -k '{table}:{pk}' | ops2redis -p $REDIS_PORT"
echo "(the tutorial keys a row by its id alone, SET 19832; with the table in"
echo "the key, rows of different tables never overwrite each other)"
mkfifo "$STACK_DIR/f1" "$STACK_DIR/f2"
ops2redis/ops2redis -p "$REDIS_PORT" < "$STACK_DIR/f2" & pids="$pids $!"
canal2ops/canal2ops -k '{table}:{pk}' < "$STACK_DIR/f1" > "$STACK_DIR/f2" & pids="$pids $!"
kcat-lite/kcat-lite -C -q -b "$KAFKA_BROKERS" -o beginning -t "$topic" > "$STACK_DIR/f1" & pids="$pids $!"

# Every statement is one Kafka record; a change is in Redis once the
# checkpoint there has reached its offset.
statements=0
step() {
	say "mysql> $1"
	sql -e "$1"
	statements=$((statements + 1))
}
show() {	# show KEY...: GET each key once the last change is applied
	local k v i
	for i in $(seq 1 300); do
		[ "$(redis-cli -p "$REDIS_PORT" HGET canal2ops:checkpoint "$topic:0")" = \
		    "$((statements - 1))" ] && break
		sleep 0.1
	done
	for k in "$@"; do
		v=$(redis-cli -p "$REDIS_PORT" --raw GET "$k")
		printf 'redis> GET %s\n%s\n' "$k" "${v:-(nil)}"
	done
}

step 'insert into user values("19832", "name1", "ddsdfdfd", "addr1", "17138141002", "nickname1");'
step 'insert into user values("20122", "name2", "xdfdsafd", "addr2", "13877686321", "nickname2");'
show user:19832 user:20122
step 'update user set username = "nanzhao" where id = "19832";'
show user:19832
step 'delete from user where id = "19832";'
show user:19832
say "Everything Redis holds:"
redis-cli -p "$REDIS_PORT" --scan | sort | while read -r k; do
	case $(redis-cli -p "$REDIS_PORT" TYPE "$k") in
	string) printf '%-22s %s\n' "$k" "$(redis-cli -p "$REDIS_PORT" --raw GET "$k")";;
	hash)   printf '%-22s %s\n' "$k" "$(redis-cli -p "$REDIS_PORT" --raw HGETALL "$k" | paste -sd' ')";;
	esac
done
say "Stopping what was started"
