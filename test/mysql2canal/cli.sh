#!/usr/bin/env bash
# mysql2canal against a real MariaDB (test/services/mariadb.sh): usage and
# the man page, the message shape, options (batches, chunks, --where,
# --columns, DATABASE.*, time zone, option files), tables without a key,
# one consistent snapshot against chunks, privileges, and faults: no such
# table, no privilege, wrong password, no server, a 1 MB row, 100k rows
# (peak RSS shown), stdout full, SIGTERM, MariaDB killed mid-read.
. "$(dirname "$0")/../lib.sh"
. "$TOP/test/e2e/lib.sh"
for c in mariadbd mariadb jq; do
	command -v "$c" >/dev/null || skip_all "$c not installed (make deps)"
done
[ -x "$MYSQL2CANAL" ] || skip_all "$MYSQL2CANAL not built"
M=$MYSQL2CANAL

nrows() { jq -s 'map(.data | length) | add // 0' "$@"; }

# usage, help, version: before any server
rc=0; "$M" --help > "$WORK/help" 2> "$WORK/help.err" || rc=$?
is "--help exits 0" 0 "$rc"
check "--help prints usage to stdout, nothing on stderr" \
    sh -c "grep -q '^usage: mysql2canal ' '$WORK/help' && test ! -s '$WORK/help.err'"
mandoc -Tascii "$TOP/man/mysql2canal.1" | col -b |
    sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | sed '1d;$d' | tr -s ' \t\n' '\n' | sed '/^$/d' > "$WORK/syn"
sed '$d; s/^usage: //' "$WORK/help" | tr -s ' \t\n' '\n' | sed '/^$/d' > "$WORK/use"
same "usage equals the man page SYNOPSIS" "$WORK/syn" "$WORK/use"
is "--help ends with where to read more" "See mysql2canal(1)." "$(tail -n 1 "$WORK/help")"
check "an unknown option is named, not the program's path" \
    sh -c '"$1" --bogus 2>&1 >/dev/null | grep -qx "mysql2canal: --bogus: unknown option"' sh "$M"
is "man page is lint-clean" "" "$(mandoc -Tlint -W warning "$TOP/man/mysql2canal.1" 2>&1)"
is "-V" "mysql2canal $(sed -n 's/^VERSION *= *//p' "$TOP/Makefile")" "$("$M" -V)"
status_is "unknown option" 2 "$M" --bogus
check "misuse prints usage to stderr" sh -c '"$1" --bogus 2>&1 >/dev/null | grep -q "^usage: mysql2canal"' sh "$M"
status_is "no table" 2 "$M" --no-defaults
status_is "a table without its database" 2 "$M" --no-defaults user
status_is "-b 0" 2 "$M" -b 0 a.b
status_is "--chunk-size x" 2 "$M" --chunk-size x a.b
status_is "--columns ,," 2 "$M" --columns ,, a.b
status_is "--where ''" 2 "$M" --where '' a.b
status_is "an unknown --time-zone" 2 "$M" --time-zone No/Such_Zone a.b
status_is "--no-defaults with --defaults-file" 2 "$M" --no-defaults --defaults-file /dev/null a.b
status_is "a missing --defaults-file" 78 "$M" --defaults-file "$WORK/none.cnf" a.b
printf 'host=x\n' > "$WORK/nogroup.cnf"
status_is "an option before the first group" 78 "$M" --defaults-file "$WORK/nogroup.cnf" a.b

e2e_ports
MARIADB_DATABASES="e2e shop" e2e_start_db
export MYSQL_PWD=Aliyun-test
m2c() { "$M" --no-defaults -h127.0.0.1 -P"$MARIADB_PORT" -ulabex "$@"; }
m2c_bg() { exec "$M" --no-defaults -h127.0.0.1 -P"$MARIADB_PORT" -ulabex "$@"; }	# its pid is $!
rc=0; m2c e2e.nosuch > "$WORK/out" 2> "$WORK/err" || rc=$?
is "no such table: exit 66" 66 "$rc"
check "no such table: named, nothing written" sh -c \
    "grep -q \"e2e.nosuch: Table 'e2e.nosuch' doesn't exist\" '$WORK/err' && test ! -s '$WORK/out'"
status_is "no such database" 66 m2c 'nosuch.*'
status_is "wrong password" 77 env MYSQL_PWD=wrong "$M" --no-defaults -h127.0.0.1 -P"$MARIADB_PORT" -ulabex e2e.t
status_is "no server on the port" 69 "$M" --no-defaults -h127.0.0.1 -P"$(free_port)" -ulabex e2e.t
status_is "--ssl with a server without TLS" 69 m2c --ssl e2e.t

sql -D e2e <<'EOF'
create table t (id int primary key, name varchar(20), n int, ts timestamp(3) null);
insert into t values (1, 'ann', 10, '2024-01-01 00:00:00.250'), (2, 'bob', null, null),
	(3, 'it''s', 30, '2024-07-01 12:00:00'), (4, 'dé', 40, '1970-01-01 00:00:01');
create table comp (a int, b varbinary(4), c datetime, v int, primary key (b, a, c));
insert into comp select seq % 7, char(seq div 7 % 5), '2024-01-01' + interval (seq div 35) day, seq
	from seq_1_to_2000;
create table nokey (k varchar(5), v int);
insert into nokey values ('a', 1), ('a', 1), (null, null);
create table enumkey (e enum('x','y'), f float, v int, primary key (e, f));
insert into enumkey values ('y', 1.5, 1), ('x', 2.5, 2);
create view tview as select id from t;
create table secret (id int primary key, pw varchar(20));
insert into secret values (1, 'hunter2');
EOF
sql -D shop -e "create table item (sku varchar(8) primary key, qty int); insert into item values ('a1', 3)"

# the shape: Canal's members in Canal's order, INSERT, old null, sql empty
m2c e2e.t > "$WORK/t.json"
is "one message for four rows" 1 "$(wc -l < "$WORK/t.json")"
is "members in Canal's order" "data,database,es,id,isDdl,mysqlType,old,pkNames,sql,sqlType,table,ts,type" \
    "$(jq -r 'keys_unsorted | join(",")' "$WORK/t.json")"
is "fixed members" '{"database":"e2e","id":1,"isDdl":false,"old":null,"pkNames":["id"],"sql":"","table":"t","type":"INSERT"}' \
    "$(jq -c '{database, id, isDdl, old, pkNames, sql, table, type}' "$WORK/t.json")"
is "mysqlType" '{"id":"int(11)","name":"varchar(20)","n":"int(11)","ts":"timestamp(3)"}' "$(jq -c .mysqlType "$WORK/t.json")"
is "sqlType of the last row" '{"id":4,"name":12,"n":4,"ts":93}' "$(jq -c .sqlType "$WORK/t.json")"
is "rows" '[{"id":"1","name":"ann","n":"10","ts":"2024-01-01 00:00:00.250"},{"id":"2","name":"bob","n":null,"ts":null},{"id":"3","name":"it'"'"'s","n":"30","ts":"2024-07-01 12:00:00.000"},{"id":"4","name":"dé","n":"40","ts":"1970-01-01 00:00:01.000"}]' \
    "$(TZ=UTC "$M" --no-defaults -h127.0.0.1 -P"$MARIADB_PORT" -ulabex e2e.t | jq -c .data)"
es=$(jq .es "$WORK/t.json"); ts=$(jq .ts "$WORK/t.json"); now=$(now_ms)
check "es <= ts <= now, in ms" test "$es" -le "$ts" -a "$ts" -le "$now" -a "$es" -gt $((now - 600000))

# time zone: the default is TZ (the local zone, as Canal's JVM)
is "--time-zone Asia/Shanghai" '"2024-01-01 08:00:00.250"' \
    "$(m2c --time-zone Asia/Shanghai e2e.t | jq -c '.data[0].ts')"
is "TZ=Asia/Shanghai" '"2024-01-01 08:00:00.250"' \
    "$(TZ=Asia/Shanghai "$M" --no-defaults -h127.0.0.1 -P"$MARIADB_PORT" -ulabex e2e.t | jq -c '.data[0].ts')"
is "--time-zone over TZ" '"2023-12-31 19:00:00.250"' \
    "$(TZ=Asia/Shanghai "$M" --no-defaults -h127.0.0.1 -P"$MARIADB_PORT" -ulabex --time-zone America/New_York e2e.t | jq -c '.data[0].ts')"

# batches and message size; ids count the messages
m2c -b 3 e2e.comp > "$WORK/b3.json"
is "-b 3: 2000 rows in 667 messages" "667 2000" "$(wc -l < "$WORK/b3.json") $(nrows "$WORK/b3.json")"
is "-b 3: ids 1..667" "$(seq 1 667 | paste -sd,)" "$(jq .id "$WORK/b3.json" | paste -sd,)"
is "--message-bytes 1: one row a message" 2000 "$(m2c --message-bytes 1 e2e.comp | wc -l)"
# a row that would take a message past --message-bytes starts the next one
m2c --message-bytes 600 e2e.comp > "$WORK/mb.json"
is "--message-bytes 600: every row once" 2000 "$(jq -c '.data[]' "$WORK/mb.json" | sort -u | wc -l)"
is "--message-bytes 600: no line of two rows or more is longer" 0 \
    "$(paste <(awk '{ print length($0) + 1 }' "$WORK/mb.json") <(jq '.data | length' "$WORK/mb.json") |
    awk '$1 > 600 && $2 > 1' | wc -l)"
check "--message-bytes 600: rows share messages" test "$(wc -l < "$WORK/mb.json")" -lt 2000
# chunks: the same rows as one statement, in key order (b, a, c)
m2c --chunk-size 7 -b 1000 e2e.comp | jq -c '.data[]' > "$WORK/chunked"
m2c --chunk-size 1000000 -b 1000 e2e.comp | jq -c '.data[]' > "$WORK/whole"
is "--chunk-size 7: every row once" 2000 "$(sort -u "$WORK/chunked" | wc -l)"
same "--chunk-size 7: the rows and order of one statement" "$WORK/whole" "$WORK/chunked"
sql -N -B -D e2e -e "select v from comp order by b, a, c" > "$WORK/keyorder"
jq -r .v "$WORK/chunked" > "$WORK/v"
same "chunks come in key order (b, a, c)" "$WORK/keyorder" "$WORK/v"
is "pkNames in column order, not key order" '["a","b","c"]' "$(m2c e2e.comp 2>/dev/null | head -1 | jq -c .pkNames)"

# --where, --columns, several tables, DATABASE.*
is "--where" '["2","4"]' "$(m2c --where 'id % 2 = 0' e2e.t | jq -c '[.data[].id]')"
is "--where with chunks" 400 "$(m2c --chunk-size 13 --where 'v % 5 = 0' e2e.comp | nrows)"
rc=0; m2c --where 'nosuch = 1' e2e.t > /dev/null 2> "$WORK/err" || rc=$?
is "--where naming no column: exit 65" 65 "$rc"
check "--where error names the table and the server's message" grep -q "e2e.t: Unknown column 'nosuch'" "$WORK/err"
is "--columns: the key and the columns named" '{"id":"1","n":"10"}|{"id":4,"n":4}' \
    "$(m2c --columns n e2e.t | jq -c '[.data[0], .sqlType] | map(tostring) | join("|")' -r)"
status_is "--columns naming no column" 65 m2c --columns nosuch e2e.t
rc=0; m2c --columns name --columns n e2e.t > "$WORK/cols2.json" || rc=$?
is "--columns twice: both lists, as canal2ops (exit 0: no leak under ASan)" '0 {"id":"1","name":"ann","n":"10"}' \
    "$rc $(jq -c '.data[0]' "$WORK/cols2.json")"
is "--keys-only: the key's columns" '{"a":"0","b":"\u0000","c":"2024-01-02 00:00:00"}' "$(m2c --keys-only e2e.comp | head -1 | jq -c '.data[0]')"
is "--keys-only: a table without a key whole" '{"k":"a","v":"1"}' "$(m2c --keys-only e2e.nokey | jq -c '.data[0]')"
status_is "--keys-only with --columns" 2 "$M" --keys-only --columns a a.b
is "several tables in order" "t nokey item" "$(m2c e2e.t e2e.nokey shop.item | jq -r .table | paste -sd' ')"
is "e2e.*: every base table, no view" "comp enumkey nokey secret t" "$(m2c 'e2e.*' | jq -r .table | uniq | paste -sd' ')"
# a table without a primary key: pkNames null, read whole, duplicates too
m2c e2e.nokey > "$WORK/nokey.json"
is "no key: pkNames null" null "$(jq -c .pkNames "$WORK/nokey.json")"
is "no key: every row" '[{"k":"a","v":"1"},{"k":"a","v":"1"},{"k":null,"v":null}]' "$(jq -c .data "$WORK/nokey.json")"
is "a key of ENUM and FLOAT: read whole" '[{"e":"x","f":"2.5","v":"2"},{"e":"y","f":"1.5","v":"1"}]' \
    "$(m2c --chunk-size 1 e2e.enumkey | jq -c '[.data[]] | sort_by(.v) | reverse')"

# option files: [client] and [mysql2canal], later files win, the command line over all
mkdir -p "$WORK/home"
cat > "$WORK/my.cnf" <<EOF
# a comment
[client]
host = 127.0.0.1
port = $MARIADB_PORT
user = nobody
[mysql]
user = wrong
[mysql2canal]
user = labex
password = "Aliyun-test"   # quoted
EOF
is "--defaults-file: [client] and [mysql2canal]" 4 \
    "$(env -u MYSQL_PWD "$M" --defaults-file "$WORK/my.cnf" e2e.t | jq '.data | length')"
printf '[client]\npassword=wrong\n' > "$WORK/home/.my.cnf"
status_is "~/.my.cnf after --defaults-extra-file wins" 77 \
    env -u MYSQL_PWD HOME="$WORK/home" MYSQL_HOME=/nonexistent "$M" --defaults-extra-file "$WORK/my.cnf" e2e.t
printf '[client]\n!include %s\n' "$WORK/my.cnf" > "$WORK/inc.cnf"
is "!include" 4 "$(env -u MYSQL_PWD "$M" --defaults-file "$WORK/inc.cnf" e2e.t | jq '.data | length')"
status_is "-u over the option file" 77 env -u MYSQL_PWD "$M" --defaults-file "$WORK/my.cnf" -u nobody e2e.t
status_is "a password from the option file over MYSQL_PWD" 0 \
    sh -c 'MYSQL_PWD=wrong "$1" --defaults-file "$2" e2e.t > /dev/null' sh "$M" "$WORK/my.cnf"

# privileges: SELECT alone is enough; no privilege is exit 77
mariadb_root() { env -u MYSQL_PWD MARIADB_PORT=$MARIADB_PORT MARIADB_DIR=$MARIADB_DIR "$E2E_SVC/mariadb.sh" client "$@"; }
mariadb_root -e "CREATE USER 'reader'@'%' IDENTIFIED BY 'r'; GRANT SELECT ON e2e.t TO 'reader'@'%';
	GRANT SELECT ON e2e.comp TO 'reader'@'%'"
reader() { MYSQL_PWD=r "$M" --no-defaults -h127.0.0.1 -P"$MARIADB_PORT" -ureader "$@"; }
is "SELECT on a table is enough" 2004 "$(reader --single-transaction --chunk-size 100 e2e.t e2e.comp | nrows)"
rc=0; reader e2e.secret > "$WORK/out" 2> "$WORK/err" || rc=$?
is "no SELECT privilege: exit 77" 77 "$rc"
check "no privilege: named, nothing written" sh -c "grep -q 'SELECT command denied' '$WORK/err' && test ! -s '$WORK/out'"
is "DATABASE.* lists only what the user may read" "comp t" "$(reader 'e2e.*' | jq -r .table | uniq | paste -sd' ')"
is "--list-tables: what DATABASE.* stands for, no rows" "e2e.comp e2e.t" "$(reader --list-tables 'e2e.*' | paste -sd' ')"
status_is "--list-tables: a table it may not read" 77 sh -c "MYSQL_PWD=r '$M' --no-defaults -h127.0.0.1 -P$MARIADB_PORT -ureader --list-tables e2e.secret 2>/dev/null"

# --single-transaction: one snapshot; chunks: each chunk as it is read.
# 20000 rows of ~60 bytes fill the pipe long before row 10000; once the
# first line is read, rows from 10001 on are changed and one is added.
sql -D e2e -e "create table big (id int primary key, v varchar(40));
	insert into big select seq, repeat('x', 30) from seq_1_to_20000"
snapshot_vs_change() {	# OUT ARGS...
	local out=$1 pid; shift
	rm -f "$WORK/fifo"; mkfifo "$WORK/fifo"
	m2c_bg --chunk-size 1000 "$@" e2e.big > "$WORK/fifo" &
	pid=$!
	{
		IFS= read -r first
		printf '%s\n' "$first"
		sql -D e2e -e "update big set v = 'changed' where id > 10000; insert into big values (30000, 'new')"
		cat
	} < "$WORK/fifo" > "$out"
	wait "$pid"
	sql -D e2e -e "update big set v = repeat('x', 30); delete from big where id = 30000"
}
snapshot_vs_change "$WORK/single.json" --single-transaction
is "--single-transaction: every row as at the start" "20000 0" \
    "$(jq -c '.data[]' "$WORK/single.json" | wc -l) $(jq -c '.data[] | select(.v == "changed" or .v == "new")' "$WORK/single.json" | wc -l)"
is "--single-transaction: one es for all" 1 "$(jq .es "$WORK/single.json" | sort -u | wc -l)"
snapshot_vs_change "$WORK/chunks.json"
is "chunks: rows read after a change have it" "20001 10000 1" \
    "$(jq -c '.data[]' "$WORK/chunks.json" | wc -l) $(jq -c '.data[] | select(.v == "changed")' "$WORK/chunks.json" | wc -l) $(jq -c '.data[] | select(.v == "new")' "$WORK/chunks.json" | wc -l)"

# a 1 MB row (text and blob) is one message, its values whole
sql -D e2e -e "create table wide (id int primary key, t mediumtext, b mediumblob);
	insert into wide values (1, repeat('é', 524288), repeat(x'00ff', 262144)), (2, 'small', x'01')"
m2c e2e.wide > "$WORK/wide.json"
is "1 MB row: a message of its own, then the next" "2 1 1" \
    "$(wc -l < "$WORK/wide.json") $(head -1 "$WORK/wide.json" | jq '.data | length') $(tail -1 "$WORK/wide.json" | jq '.data | length')"
is "1 MB row: the values' lengths" "524288 524288" \
    "$(head -1 "$WORK/wide.json" | jq -r '.data[0] | "\(.t | length) \(.b | length)"')"
is "1 MB row: bytes as code points" '"\u0000ÿ"' "$(head -1 "$WORK/wide.json" | jq -c '.data[0].b[0:2]')"

# 100k rows of ~200 bytes: streamed; peak RSS shown, not asserted
sql -D e2e -e "create table rows100k (id int primary key, a varchar(80), b varchar(80), n int, d datetime);
	insert into rows100k select seq, md5(seq), repeat(char(65 + seq % 26), 70), seq * 7, '2024-01-01' + interval seq second
	from seq_1_to_100000"
/usr/bin/time -f '%M' -o "$WORK/rss" "$M" --no-defaults -h127.0.0.1 -P"$MARIADB_PORT" -ulabex e2e.rows100k > "$WORK/100k.json"
is "100k rows: all written" 100000 "$(nrows "$WORK/100k.json")"
echo "# 100k rows ($(wc -c < "$WORK/100k.json") bytes of messages): peak RSS $(cat "$WORK/rss") KB"

# stdout: full, closed early
status_is "stdout full: exit 74" 74 sh -c '"$1" --no-defaults -h127.0.0.1 -P"$2" -ulabex e2e.t > /dev/full 2>/dev/null' sh "$M" "$MARIADB_PORT"
m2c e2e.rows100k 2> "$WORK/err" | head -c 1 > /dev/null
rc=${PIPESTATUS[0]}
is "reader gone: exit 74" 74 "$rc"
check "reader gone: said" grep -q 'stdout: Broken pipe' "$WORK/err"

# SIGTERM: the messages so far whole, exit 75, the table said incomplete
rm -f "$WORK/fifo"; mkfifo "$WORK/fifo"
m2c_bg -b 10 e2e.rows100k > "$WORK/fifo" 2> "$WORK/term.err" &
pid=$!
{ head -c 100000 > "$WORK/term.json"; kill -TERM "$pid"; cat >> "$WORK/term.json"; } < "$WORK/fifo"
rc=0; wait "$pid" || rc=$?
is "SIGTERM: exit 75" 75 "$rc"
check "SIGTERM: every line a whole message" sh -c "jq -c .id '$WORK/term.json' > /dev/null"
check "SIGTERM: fewer rows than the table" test "$(nrows "$WORK/term.json")" -lt 100000
check "SIGTERM: said incomplete" grep -q 'interrupted after .* rows; the table is incomplete' "$WORK/term.err"

# MariaDB killed mid-read: exit 75, whole messages only, said incomplete
rm -f "$WORK/fifo"; mkfifo "$WORK/fifo"
m2c_bg --single-transaction e2e.rows100k > "$WORK/fifo" 2> "$WORK/kill.err" &
pid=$!
{
	head -c 200000 > "$WORK/kill.json"
	kill -9 "$(cat "$MARIADB_DIR/mysqld.pid")"
	cat >> "$WORK/kill.json"
} < "$WORK/fifo"
rc=0; wait "$pid" || rc=$?
is "MariaDB killed: exit 75" 75 "$rc"
check "MariaDB killed: every line a whole message" sh -c "jq -c .id '$WORK/kill.json' > /dev/null"
n=$(nrows "$WORK/kill.json")
check "MariaDB killed: fewer rows than the table ($n)" test "$n" -lt 100000
check "MariaDB killed: the error says lost and incomplete" \
    grep -E -q 'rows100k: .* \((2006|2013)\); the table is incomplete: rows read before are written; run it again' "$WORK/kill.err"
sed 's/^/# /' "$WORK/kill.err"
