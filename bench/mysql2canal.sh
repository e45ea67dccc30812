#!/usr/bin/env bash
# Loading a table into Redis: mysql2canal | canal2ops | ops2redis against
# what users do today, mariadb --batch --raw -e 'SELECT ...' turned into
# SET commands (RESP) by awk and fed to redis-cli --pipe. N rows (default
# 1000000) of 7 columns, ~200 bytes of JSON a row (quotes, backslashes,
# NULLs and UTF-8 among them), one private MariaDB and redis-server, in
# one run; each way ROUNDS times, interleaved, FLUSHALL before each; the
# median is shown. Every run must leave N keys and the same DEBUG DIGEST
# (so both ways wrote the same bytes), and 1000+ rows are compared with
# MariaDB's own JSON_OBJECT of the row. Prints a table for BENCHMARKS.md.
set -eu
cd "$(dirname "$0")/.."
export LC_ALL=C
N=${N:-1000000}
ROUNDS=${ROUNDS:-3}
MYSQL2CANAL=${MYSQL2CANAL:-mysql2canal/mysql2canal}
CANAL2OPS=${CANAL2OPS:-canal2ops/canal2ops}
OPS2REDIS=${OPS2REDIS:-ops2redis/ops2redis}
# the awks to try: the system's awk, and mawk (the fastest) when present
AWKS=${AWKS:-"awk $(command -v mawk >/dev/null 2>&1 && echo mawk)"}
W=$(mktemp -d "${TMPDIR:-/tmp}/c2r-bench.XXXXXX")
svc=test/services
export MARIADB_PORT=$($svc/free-port) MARIADB_DIR=$W/mariadb MARIADB_DATABASES=bench
export REDIS_PORT=$($svc/free-port) REDIS_DIR=$W/redis
trap '$svc/redis.sh stop; $svc/mariadb.sh stop; rm -rf "$W"' EXIT
$svc/mariadb.sh start
$svc/redis.sh start
export MYSQL_PWD=Aliyun-test
sql() {
	mariadb --no-defaults --default-character-set=utf8mb4 -h127.0.0.1 \
	    -P"$MARIADB_PORT" -ulabex -D bench "$@"
}
cli() { redis-cli -p "$REDIS_PORT" "$@"; }

sql <<EOF
create table item (
	id      int primary key,
	name    varchar(40) not null,
	email   varchar(60),
	city    varchar(30),
	created datetime not null,
	score   int,
	note    varchar(100)
);
insert into item select seq, concat('user ', seq), concat('user', seq, '@example.com'),
	elt(1 + seq % 5, 'Springfield', 'Zürich', 'São Paulo', 'Köln', 'Oslo'),
	'2024-01-01 00:00:00' + interval seq second, if(seq % 10 = 0, null, seq * 7 % 1000),
	if(seq % 1000 = 0, 'she said "hi" \\\\ then left',
	    'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod')
	from seq_1_to_$N;
EOF
cols="id, name, email, city, created, score, note"

# The usual way: batch output (tab-separated, NULL for NULL) to RESP.
cat > "$W/rows2resp.awk" <<'EOF'
# s with a backslash before each sep (no gsub: awks differ on backslashes
# in its replacement)
function esc(s, sep,   n, j, p, r) {
	if (index(s, sep) == 0)
		return s
	n = split(s, p, sep)
	r = p[1]
	for (j = 2; j <= n; j++)
		r = r "\\" sep p[j]
	return r
}
BEGIN { FS = "\t"; split("id name email city created score note", name, " ") }
{
	v = "{"
	for (i = 1; i <= 7; i++) {
		f = $i
		if (f == "NULL")
			f = "null"
		else
			f = "\"" esc(esc(f, "\\"), "\"") "\""
		v = v (i > 1 ? "," : "") "\"" name[i] "\":" f
	}
	v = v "}"
	k = "item:" $1
	printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", length(k), k, length(v), v
}
EOF
usual() {
	mariadb --no-defaults --default-character-set=utf8mb4 -h127.0.0.1 \
	    -P"$MARIADB_PORT" -ulabex --batch --raw --quick -N \
	    -e "SELECT $cols FROM bench.item" |
	    $AWK -f "$W/rows2resp.awk" | redis-cli -p "$REDIS_PORT" --pipe
}
ours() {
	/usr/bin/time -f '%M' -o "$W/rss" "$MYSQL2CANAL" --no-defaults \
	    -h127.0.0.1 -P"$MARIADB_PORT" -ulabex bench.item |
	    "$CANAL2OPS" -k 'item:{pk}' | "$OPS2REDIS" -p "$REDIS_PORT"
}

# run NAME FUNCTION: time it once; check keys and digest; append the rate
run() {
	local t0 t1 got
	cli FLUSHALL > /dev/null
	t0=$(date +%s.%N)
	"$2" > "$W/out" 2> "$W/err" ||
	    { echo "bench: $1 failed:" >&2; tail -5 "$W/err" >&2; exit 1; }
	t1=$(date +%s.%N)
	got=$(cli DBSIZE)
	[ "$got" = "$N" ] || { echo "bench: $1: $got keys, want $N" >&2; exit 1; }
	cli DEBUG DIGEST >> "$W/digests"
	echo "$N / ($t1 - $t0)" | bc -l >> "$W/r.$1"
	[ "$1" != ours ] || cat "$W/rss" >> "$W/rss.ours"
}
median() { sort -n "$1" | awk '{ a[NR] = $0 } END { print a[int((NR + 1) / 2)] }'; }

load0=$(cut -d' ' -f1 /proc/loadavg)
for _ in $(seq 1 "$ROUNDS"); do
	for AWK in $AWKS; do
		run "usual.$AWK" usual
	done
	run ours ours
done
[ "$(sort -u "$W/digests" | wc -l)" = 1 ] ||
    { echo "bench: the runs left different data" >&2; exit 1; }

# Correct JSON: rows against MariaDB's JSON of them (after the last run).
sql -N -B -r -e "select concat('item:', id), json_object('id', cast(id as char), 'name', name,
	'email', email, 'city', city, 'created', cast(created as char),
	'score', cast(score as char), 'note', note) from item where id % 1000 = 0 or id % 997 = 1" |
    while IFS="$(printf '\t')" read -r k v; do
	printf '%s\t%s\n' "$k" "$(printf '%s' "$v" | jq -cS .)"
    done | sort > "$W/want"
cut -f1 "$W/want" > "$W/keys"
while read -r k; do
	printf '%s\t%s\n' "$k" "$(cli --raw GET "$k" | jq -cS .)"
done < "$W/keys" | sort > "$W/got"
cmp -s "$W/want" "$W/got" ||
    { echo "bench: values differ from MariaDB's:" >&2; diff "$W/want" "$W/got" | head >&2; exit 1; }
checked=$(wc -l < "$W/want")

ours=$(median "$W/r.ours")
usual=0
for AWK in $AWKS; do
	r=$(median "$W/r.usual.$AWK")
	if [ "$(echo "$r > $usual" | bc)" = 1 ]; then usual=$r; fi
done
rss=$(sort -n "$W/rss.ours" | tail -1)
bytes=$(cli --raw GET item:1 | wc -c)
echo
echo "$N rows of 7 columns (${bytes}-byte JSON values), MariaDB $(mariadbd --version | awk '{ print $3 }'), redis-server $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/'), $(nproc) cores, median of $ROUNDS, $(date -u +%F)"
echo
awkname() {	# what an awk is: GNU Awk 5.2.1, mawk 1.3.4
	case $($1 -W version 2>&1 | head -1) in
	GNU*)	$1 --version | head -1 | cut -d, -f1;;
	mawk*)	$1 -W version 2>&1 | head -1 | awk '{ print $1, $2 }';;
	*)	echo "$1";;
	esac
}
echo "| way | rows/s | vs the fastest usual way | peak RSS of mysql2canal |"
echo "|---|---|---|---|"
for AWK in $AWKS; do
	r=$(median "$W/r.usual.$AWK")
	printf '| mariadb --batch --raw --quick \\| %s \\| redis-cli --pipe | %.0f | %.2f | |\n' \
	    "$(awkname "$AWK")" "$r" "$(echo "$r / $usual" | bc -l)"
done
printf '| mysql2canal \\| canal2ops \\| ops2redis | %.0f | %.2f | %.1f MB |\n' "$ours" "$(echo "$ours / $usual" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
echo
echo "Every run: $N keys, one DEBUG DIGEST for all runs of both ways; $checked rows equal to MariaDB's JSON_OBJECT of them."
echo "Rows/s of each round: $(for AWK in $AWKS; do printf '%s %s; ' "$AWK" "$(awk '{ printf "%.0f ", $1 }' "$W/r.usual.$AWK")"; done)ours $(awk '{ printf "%.0f ", $1 }' "$W/r.ours"); load average $load0 at the start, $(cut -d' ' -f1 /proc/loadavg) at the end."
