#!/usr/bin/env bash
# Capture a Canal topic dump from the real stack: a private MariaDB, Kafka and
# Canal (scripts/stack), examples/schema.sql before Canal starts, then
# examples/workload.sql; the topic as kcat-lite writes it goes to FILE.
#   examples/capture.sh [FILE]      (default examples/canal-topic.ndjson)
# Needs the plain build of kcat-lite (make) and what `make deps` installs.
set -eu
cd "$(dirname "$0")/.."
out=${1:-examples/canal-topic.ndjson}
STACK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/c2r-capture.XXXXXX")
export STACK_DIR CANAL_TOPIC=canaltopic CANAL_FILTER='labex\..*'
topic=$CANAL_TOPIC
trap 'scripts/stack stop > /dev/null; rm -rf "$STACK_DIR"' EXIT

sql() {
	mariadb --no-defaults --default-character-set=utf8mb4 -h127.0.0.1 \
	    -P"$MARIADB_PORT" -ulabex -pAliyun-test -D labex "$@"
}

eval "$(scripts/stack start mariadb kafka)"
test/services/kafka.sh create-topic "$topic" 1
scripts/stack start -s examples/schema.sql canal > /dev/null
sql < examples/workload.sql
# One message per rows event; wait until Canal has written them all.
want=$(grep -c -E '^(insert|update|delete)' examples/workload.sql)
for _ in $(seq 1 300); do
	n=$(kcat-lite/kcat-lite -C -e -q -o beginning -b "127.0.0.1:$KAFKA_PORT" -t "$topic" | grep -c . || true)
	[ "$n" -ge "$want" ] && break
	sleep 0.1
done
[ "$n" -eq "$want" ] || { echo "capture.sh: $n messages, expected $want" >&2; exit 1; }
kcat-lite/kcat-lite -C -e -q -o beginning -b "127.0.0.1:$KAFKA_PORT" -t "$topic" > "$out"
# The rows as MariaDB holds them afterwards, for comparison.
for t in user product order_item; do
	sql -N -e "select * from $t order by 1, 2" | sed "s/^/$t	/"
done > "${out%.ndjson}.rows.tsv"
echo "capture.sh: $n records in $out" >&2
