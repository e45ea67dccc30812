#!/usr/bin/env bash
# Every column type through both paths on the real stack, compared with the
# row as MariaDB shows it: the live pipeline (MariaDB -> Canal 1.1.4 ->
# Kafka -> kcat-lite | canal2ops | ops2redis, Redis db 0) and the snapshot
# (mysql2canal | canal2ops | ops2redis, db 1) of the same tables
# (test/canal2ops/stack/alltypes.sql; rows, updates and deletes from
# alltypes-rows.sql). Both give the same keys and the same values, equal to
# MariaDB's, except where Canal's text lost the value (STACK_LOST: a
# negative TIME(1..4) above -1 s, latin1 text); FLOAT and DOUBLE are
# Canal's text both ways and read back by MariaDB as the stored value. The
# same for the hash layout (db 2, 3).
. "$(dirname "$0")/../lib.sh"
. "$TOP/test/e2e/lib.sh"
e2e_require
[ -x "$MYSQL2CANAL" ] || skip_all "$MYSQL2CANAL not built"
S=$TOP/test/canal2ops/stack
. "$S/lib.bash"
TOPIC=alltypes
T=${E2E_TIMEOUT:-60}

e2e_ports
e2e_start_db
e2e_start_redis
e2e_start_kafka
"$E2E_SVC/kafka.sh" create-topic "$TOPIC" 1
sql -D e2e < "$S/alltypes.sql"
CANAL_TOPIC=$TOPIC CANAL_FILTER='e2e\..*' e2e_start_canal
sql -D e2e < "$S/alltypes-rows.sql"
want=$(grep -c -E '^(insert|update|delete)' "$S/alltypes-rows.sql")
wait_for "$T" sh -c "[ \"\$('$KCAT_LITE' -C -e -q -o beginning -b '$BROKER' -t '$TOPIC' | grep -c .)\" -ge $want ]" ||
    { not_ok "Canal wrote the $want messages"; exit 1; }
"$KCAT_LITE" -C -e -q -o beginning -b "$BROKER" -t "$TOPIC" > "$WORK/topic"
is "Canal wrote one message a statement" "$want" "$(wc -l < "$WORK/topic")"

# The snapshot, in Canal's zone (its JVM runs in UTC), 3 rows a message.
# shellcheck disable=SC2086
MYSQL_PWD=Aliyun-test TZ=UTC "$MYSQL2CANAL" --no-defaults -h127.0.0.1 \
    -P"$MARIADB_PORT" -ulabex -b 3 $(printf 'e2e.%s ' $STACK_TABLES) > "$WORK/snapshot"
is "the snapshot's messages: Canal's mysqlType and pkNames for each table" \
    "$(jq -c '.payload | fromjson | select(.type == "INSERT" and .table != "nokey") | [.table, .mysqlType, .pkNames]' "$WORK/topic" | sort -u)" \
    "$(jq -c '[.table, .mysqlType, .pkNames]' "$WORK/snapshot" | sort -u)"
# sqlType is decided by each value: a row alone in a message (-b 1) has
# the sqlType Canal gave its INSERT (rows changed since left out)
# shellcheck disable=SC2086
MYSQL_PWD=Aliyun-test "$MYSQL2CANAL" --no-defaults -h127.0.0.1 -P"$MARIADB_PORT" \
    -ulabex -b 1 $(printf 'e2e.%s ' $STACK_TABLES) > "$WORK/snapshot1"
sqltypes() {	# FILTER: "table:id<TAB>sqlType" of the one-row INSERTs
	jq -r "$1"' | select(.type == "INSERT" and (.data | length) == 1) |
	    select(.table != "keyed" and .table != "nokey") |
	    "\(.table):\(.data[0].id)\t\(.sqlType | tojson)"' |
	    grep -v -e '^alltypes:4	' -e '^numlabels:4	' | sort
}
sqltypes '.payload | fromjson' < "$WORK/topic" > "$WORK/sqltypes.canal"
sqltypes . < "$WORK/snapshot1" > "$WORK/sqltypes.m2c"
awk -F'\t' 'NR == FNR { k[$1]; next } $1 in k' "$WORK/sqltypes.m2c" "$WORK/sqltypes.canal" > "$WORK/sqltypes.want"
awk -F'\t' 'NR == FNR { k[$1]; next } $1 in k' "$WORK/sqltypes.canal" "$WORK/sqltypes.m2c" > "$WORK/sqltypes.got"
check "sqlType: rows in both (>= 25)" test "$(wc -l < "$WORK/sqltypes.got")" -ge 25
same "sqlType: as Canal gave each row" "$WORK/sqltypes.want" "$WORK/sqltypes.got"
load() {	# DB CANAL2OPS-ARGS... < input
	local db=$1; shift
	"$CANAL2OPS" -k '{table}:{pk}' --exclude-table nokey --no-checkpoint "$@" \
	    2>> "$WORK/c2o.err" | "$OPS2REDIS" -p "$REDIS_PORT" -n "$db" 2>> "$WORK/o2r.err"
}
check "live: loaded" load 0 < "$WORK/topic"
check "snapshot: loaded" load 1 < "$WORK/snapshot"
check "live, --hash: loaded" load 2 --hash < "$WORK/topic"
check "snapshot, --hash: loaded" load 3 --hash < "$WORK/snapshot"
is "nothing said by canal2ops or ops2redis" "" "$(cat "$WORK/c2o.err" "$WORK/o2r.err")"

stack_want > "$WORK/want"
stack_dump 0 > "$WORK/live"
stack_dump 1 > "$WORK/snap"
is "as many keys as rows" "$(wc -l < "$WORK/want")" "$(wc -l < "$WORK/snap")"
same "keys: MariaDB's rows' keys, live" <(cut -f1 "$WORK/want") <(cut -f1 "$WORK/live")
same "keys: MariaDB's rows' keys, snapshot" <(cut -f1 "$WORK/want") <(cut -f1 "$WORK/snap")
is "snapshot equals MariaDB (all but FLOAT, DOUBLE)" "" \
    "$(stack_differ <(stack_nofloat "$WORK/snap") "$WORK/want")"
is "live equals MariaDB, but where Canal lost the value" "$STACK_LOST" \
    "$(stack_differ <(stack_nofloat "$WORK/live") "$WORK/want")"
is "live equals the snapshot, but where Canal lost the value" "$STACK_LOST" \
    "$(stack_differ "$WORK/live" "$WORK/snap")"

# FLOAT and DOUBLE: MariaDB reads the text in Redis back as a number of the
# column's type; each must be the value it stores.
jq -R -r 'def lit: if . == null then "null" else "'"'"'\(.)'"'"'" end;
    split("\t") | .[2] | fromjson | select(.f != null or .f73 != null or .dbl != null) |
    "select id from alltypes where id = \(.id) and not (f <=> cast(\(.f | lit) as float)" +
    " and f73 <=> cast(\(.f73 | lit) as float) and dbl <=> cast(\(.dbl | lit) as double));"' \
    "$WORK/snap" > "$WORK/floats.sql"
is "FLOAT and DOUBLE: rows checked" 15 "$(wc -l < "$WORK/floats.sql")"
is "FLOAT and DOUBLE in Redis read back as the stored values" "" "$(sql -N -D e2e < "$WORK/floats.sql")"

stack_dump 2 > "$WORK/hlive"
stack_dump 3 > "$WORK/hsnap"
same "--hash: the same keys both ways" <(cut -f1 "$WORK/hlive") <(cut -f1 "$WORK/hsnap")
is "--hash: the same fields, but where Canal lost the value" "$STACK_LOST" \
    "$(stack_differ "$WORK/hlive" "$WORK/hsnap")"
is "--hash: MariaDB's values" "" "$(stack_differ <(stack_nofloat "$WORK/hsnap") "$WORK/want")"
