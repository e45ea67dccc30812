#!/usr/bin/env bash
# canal2redis-lag on the real stack (MariaDB -> Canal -> Kafka -> kcat-lite |
# canal2ops | ops2redis -> Redis): caught up is lag 0; with the pipeline
# stopped and rows committed the lag grows and the alert fires (exit 1);
# after a restart from the checkpoint it is 0 again and the alert is quiet.
# The Prometheus file follows each run. Failure paths: usage, Redis or Kafka
# down, a refused password, a key that is not a checkpoint, an unwritable
# metrics file, a partition whose lag cannot be told.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
e2e_require
e2e_ports
T=${E2E_TIMEOUT:-120}
LAG=$TOP/contrib/canal2redis-lag
TOPIC=lagtopic
KEY=canal2ops:checkpoint

e2e_start_db
e2e_start_redis
e2e_start_kafka
"$E2E_SVC/kafka.sh" create-topic "$TOPIC" 2	# Canal writes partition 0; 1 stays empty
sql -D e2e -e "drop table if exists lagt; create table lagt(id int primary key, v varchar(20))"
CANAL_TOPIC=$TOPIC CANAL_FILTER='e2e\.lagt' e2e_start_canal

# lag ARGS: the command against this stack; stdout in $WORK/out, stderr in
# $WORK/err, the exit status in $rc.
lag() {
	rc=0
	"$LAG" -b "$BROKER" -p "$REDIS_PORT" "$@" > "$WORK/out" 2> "$WORK/err" || rc=$?
}
field() { awk -v p="$1" -v n="$2" '$1 == p { print $n }' "$WORK/out"; }
last_offset() { kcat -C -e -q -b "$BROKER" -t "$TOPIC" -p 0 -o -1 -f '%o\n' 2>/dev/null; }
applied() { [ "$(rcli HGET "$KEY" "$TOPIC:0")" = "$1" ]; }
in_kafka() { [ "$(last_offset)" = "$1" ]; }
metric() { awk -v m="$1{key=\"$KEY\",topic=\"$TOPIC\",partition=\"$2\"}" '$1 == m { print $2 }' "$WORK/m/c2r.prom"; }
mkdir -p "$WORK/m"

# --- usage
lag -t 1.5; is "-t must be whole seconds (exit 2)" 2 "$rc"
lag -t; is "-t without a value (exit 2)" 2 "$rc"
lag -x; is "an unknown option (exit 2)" 2 "$rc"
lag extra; is "an operand (exit 2)" 2 "$rc"
check "usage errors say what was wrong" grep -q 'unexpected argument: extra' "$WORK/err"
lag --help; is "--help (exit 0)" 0 "$rc"
is "--help prints the usage" "usage: canal2redis-lag" "$(head -1 "$WORK/out" | cut -d' ' -f1,2)"

# usage() is the man page's SYNOPSIS, word for word
MANWIDTH=200 mandoc -Tascii "$TOP/man/canal2redis-lag.1" | col -b |
    sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | sed '1d;$d' | tr -s ' \t\n' '\n' | sed '/^$/d' > "$WORK/syn"
"$LAG" --help | sed '/^$/,$d; s/^usage://' | tr -s ' \t\n' '\n' | sed '/^$/d' > "$WORK/use"
same "usage equals the man page SYNOPSIS" "$WORK/syn" "$WORK/use"
check "the man page is lint-clean" mandoc -Tlint -W warning "$TOP/man/canal2redis-lag.1"

# --- nothing applied yet
lag; is "no checkpoint yet, no threshold (exit 0)" 0 "$rc"
check "no checkpoint yet: says so" grep -q "no checkpoint in $KEY" "$WORK/err"
lag -t 60; is "no checkpoint yet, with a threshold: alert (exit 1)" 1 "$rc"

# --- caught up
C2O_ARGS="-k {table}:{pk}" e2e_pipeline p1 -o beginning -t "$TOPIC"
sql -D e2e -e "insert into lagt values (1,'a'),(2,'b'); insert into lagt values (3,'c'); insert into lagt values (4,'d')"
wait_for "$T" in_kafka 2 || not_ok "Canal wrote 3 records"
wait_for "$T" applied 2 || not_ok "the pipeline applied them"
check "the checkpoint has Canal's es" test -n "$(rcli HGET "$KEY" "$TOPIC:0:es")"
lag -t 0 -o "$WORK/m/c2r.prom"
is "caught up: within -t 0 (exit 0)" 0 "$rc"
sed 's/^/#   /' "$WORK/out"
is "caught up: applied" 2 "$(field "$TOPIC:0" 2)"
is "caught up: last offset" 2 "$(field "$TOPIC:0" 3)"
is "caught up: behind" 0 "$(field "$TOPIC:0" 4)"
is "caught up: lag 0" 0 "$(field "$TOPIC:0" 5)"
es=$(rcli HGET "$KEY" "$TOPIC:0:es")
is "caught up: the newest applied change's time" "$(date -u -d "@$((es / 1000))" '+%Y-%m-%dT%H:%M:%SZ')" "$(field "$TOPIC:0" 6)"
is "an empty partition is caught up: lag 0" "- - 0 0" "$(field "$TOPIC:1" 2) $(field "$TOPIC:1" 3) $(field "$TOPIC:1" 4) $(field "$TOPIC:1" 5)"
is "metrics: caught up, lag 0" 0 "$(metric canal2redis_lag_seconds 0)"
is "metrics: applied offset" 2 "$(metric canal2redis_applied_offset 0)"
is "metrics: newest applied change" "$((es / 1000)).$(printf %03d $((es % 1000)))" \
    "$(metric canal2redis_newest_applied_change_timestamp_seconds 0)"
is "metrics: the check succeeded" "canal2redis_lag_check_success{key=\"$KEY\"} 1" \
    "$(grep '^canal2redis_lag_check_success' "$WORK/m/c2r.prom")"
# text exposition: HELP/TYPE comments, then name{labels} value
check "metrics: every line is a comment or a sample" awk '
	/^# (HELP|TYPE) canal2redis_[a-z_]+ / { next }
	/^canal2redis_[a-z_]+(\{[a-z]+="[^"]*"(,[a-z]+="[^"]*")*\})? (-?[0-9]+(\.[0-9]+)?|NaN)$/ { next }
	{ print "bad line: " $0; bad = 1 } END { exit bad }' "$WORK/m/c2r.prom"
is "metrics: the file alone in its folder (no temporary left)" c2r.prom "$(ls "$WORK/m")"

# --- the pipeline stops, rows are committed: the lag grows, the alert fires
e2e_pipeline_stop p1
sql -D e2e -e "insert into lagt values (5,'e'); update lagt set v = 'B' where id = 2; delete from lagt where id = 3"
wait_for "$T" in_kafka 5 || not_ok "Canal wrote the 3 new records"
sleep 2
lag -t 1 -o "$WORK/m/c2r.prom"
is "stopped: past -t 1 (exit 1)" 1 "$rc"
sed 's/^/#   /' "$WORK/out" "$WORK/err"
lag1=$(field "$TOPIC:0" 5)
is "stopped: applied stays" 2 "$(field "$TOPIC:0" 2)"
is "stopped: 3 records behind" 3 "$(field "$TOPIC:0" 4)"
# committed 2 s ago or more, so the lag (an upper bound) is at least 2
check "stopped: lag at least the 2 s since the commit ($lag1)" test "$lag1" -ge 2
check "the alert names the partition and its lag" grep -q "lag over 1 s: $TOPIC:0 ($lag1 s, 3 records)" "$WORK/err"
is "metrics: the lag printed" "$lag1" "$(metric canal2redis_lag_seconds 0)"
is "metrics: 3 records behind" 3 "$(metric canal2redis_behind_records 0)"
sleep 2
lag -q -t 1
is "still stopped: still past -t 1 (exit 1)" 1 "$rc"
lag
is "without -t, a lag does not change the exit status" 0 "$rc"
lag2=$(field "$TOPIC:0" 5)
check "the lag grows ($lag1 s, then $lag2 s)" test "$lag2" -gt "$lag1"
lag -q -t 3600; is "within -t 3600 (exit 0)" 0 "$rc"
is "-q prints nothing" "" "$(cat "$WORK/out")"

# --- restart from the checkpoint: caught up again, lag 0, the alert quiet
rcli --raw HGETALL "$KEY" > "$WORK/ckpt"
C2O_ARGS="-k {table}:{pk}" e2e_pipeline p2 -o beginning --resume "$WORK/ckpt" -t "$TOPIC"
wait_for "$T" applied 5 || not_ok "the restarted pipeline applied the rest"
lag -t 1 -o "$WORK/m/c2r.prom"
is "restarted: within -t 1 again (exit 0)" 0 "$rc"
sed 's/^/#   /' "$WORK/out"
is "restarted: behind 0, lag 0" "0 0" "$(field "$TOPIC:0" 4) $(field "$TOPIC:0" 5)"
is "metrics: lag 0 again" 0 "$(metric canal2redis_lag_seconds 0)"
is "Redis has the rows" '{"id":"2","v":"B"} 0' "$(rcli GET lagt:2) $(rcli EXISTS lagt:3)"
e2e_pipeline_stop p2

# --- failure paths
closed=$(free_port)
rc=0; "$LAG" -b "$BROKER" -p "$closed" > /dev/null 2> "$WORK/err" || rc=$?
is "Redis down (exit 69)" 69 "$rc"
check "Redis down: says which" grep -q "redis 127.0.0.1:$closed" "$WORK/err"
lag -b "127.0.0.1:$closed" -o "$WORK/m/c2r.prom"
is "Kafka down (exit 69)" 69 "$rc"
is "Kafka down: the metrics say the check failed" "canal2redis_lag_check_success{key=\"$KEY\"} 0" \
    "$(grep '^canal2redis_lag_check_success' "$WORK/m/c2r.prom")"
is "Kafka down: no stale lag left in the metrics" "" "$(metric canal2redis_lag_seconds 0)"
lag -o "$WORK/nofolder/c2r.prom"
is "an unwritable metrics file (exit 74)" 74 "$rc"
rcli SET notahash x > /dev/null
lag -k notahash; is "a key that is not a hash (exit 65)" 65 "$rc"
rcli HSET badck "$TOPIC:0" 12x > /dev/null
lag -k badck; is "a hash that is not a checkpoint (exit 65)" 65 "$rc"
check "a bad checkpoint is named" grep -q "$TOPIC:0 12x" "$WORK/err"
rcli HSET ghost "nosuchtopic:0" 1 > /dev/null
lag -k ghost; is "a checkpoint naming a topic Kafka lacks (exit 69)" 69 "$rc"
lag -n 1; is "an empty database: no checkpoint (exit 0)" 0 "$rc"

# a record without Canal's es in partition 1, never applied: lag unknown
printf 'not a canal message\n' | "$KCAT_LITE" -P -q -b "$BROKER" -t "$TOPIC" -p 1
lag -t 3600 -o "$WORK/m/c2r.prom"
is "unknown lag counts as past the threshold (exit 1)" 1 "$rc"
is "unknown lag: shown as ?" "- 0 1 ?" "$(field "$TOPIC:1" 2) $(field "$TOPIC:1" 3) $(field "$TOPIC:1" 4) $(field "$TOPIC:1" 5)"
is "unknown lag: NaN in the metrics" NaN "$(metric canal2redis_lag_seconds 1)"

# a password
rcli CONFIG SET requirepass 'lag pw' > /dev/null
lag; is "a password is needed (exit 69)" 69 "$rc"
lag -a 'lag pw'; is "-a password (exit 0)" 0 "$rc"
check "-a: no warning about a password on the command line" test ! -s "$WORK/err"
rc=0; REDISCLI_AUTH='lag pw' "$LAG" -b "$BROKER" -p "$REDIS_PORT" > /dev/null 2>&1 || rc=$?
is "REDISCLI_AUTH (exit 0)" 0 "$rc"
REDISCLI_AUTH='lag pw' rcli CONFIG SET requirepass '' > /dev/null
