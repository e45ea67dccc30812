#!/usr/bin/env bash
# Capture what the real Canal 1.1.4 writes for every column type: a private
# MariaDB, Kafka and Canal (test/services/), alltypes.sql before Canal starts,
# then alltypes-rows.sql; the topic as kcat-lite writes it goes to FILE.
#   test/canal2ops/stack/capture.sh [FILE]   (default: alltypes.ndjson here)
# Needs the plain build of kcat-lite (make) and what `make deps` installs.
# Canal's JVM runs in UTC (test/services/canal.sh), so TIMESTAMP values are
# UTC. Also writes FILE's .want: the rows as MariaDB shows them afterwards,
# as Redis should hold them (lib.bash, stack_want).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
out=$(realpath -m "${1:-$here/alltypes.ndjson}")
svc=$top/test/services
work=$(mktemp -d /tmp/c2r-capture.XXXXXX)
topic=canaltopic

port() { "$svc/free-port"; }
export MARIADB_PORT=$(port) MARIADB_DIR=$work/mariadb MARIADB_DATABASES=e2e
export KAFKA_PORT=$(port) KAFKA_CONTROLLER_PORT=$(port) KAFKA_DIR=$work/kafka
export CANAL_PORT=$(port) CANAL_METRICS_PORT=$(port) CANAL_DIR=$work/canal
export CANAL_TOPIC=$topic CANAL_FILTER='e2e\..*'
trap '"$svc/canal.sh" stop; "$svc/kafka.sh" stop; "$svc/mariadb.sh" stop; rm -rf "$work"' EXIT

sql() {
	mariadb --no-defaults --default-character-set=utf8mb4 -h127.0.0.1 \
	    -P"$MARIADB_PORT" -ulabex -pAliyun-test "$@"
}
topic() {
	"$top/kcat-lite/kcat-lite" -C -e -q -o beginning \
	    -b "127.0.0.1:$KAFKA_PORT" -t "$topic"
}

"$svc/mariadb.sh" start
"$svc/kafka.sh" start
"$svc/kafka.sh" create-topic "$topic" 1
sql -D e2e < "$here/alltypes.sql"
"$svc/canal.sh" start
sql -D e2e < "$here/alltypes-rows.sql"
# One message per statement (rows event); wait until Canal wrote them all.
want=$(grep -c -E '^(insert|update|delete)' "$here/alltypes-rows.sql")
n=0
for _ in $(seq 1 300); do
	n=$(topic | grep -c . || true)
	[ "$n" -ge "$want" ] && break
	sleep 0.1
done
[ "$n" -eq "$want" ] || { echo "capture.sh: $n messages, expected $want" >&2; exit 1; }
topic > "$out"
export LC_ALL=C
. "$here/lib.bash"
stack_want > "${out%.ndjson}.want"
echo "capture.sh: $n records in $out" >&2
