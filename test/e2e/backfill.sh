#!/usr/bin/env bash
# Backfill and repair on the real stack (contrib/canal2redis-backfill):
# rows that existed before Canal started, changes lost behind Canal's back
# (rows deleted and a table truncated with sql_log_bin=0, as after a purged
# binlog), unrelated keys, and a random workload (inserts, updates,
# deletes, key changes, transactions) running while the backfill loads and
# the live pipeline (contrib/canal2redis-run) goes on. Afterwards Redis
# equals what SELECT returns, the unrelated keys are still there, and the
# report mode tells both states apart by its exit status.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
e2e_require
[ -x "$MYSQL2CANAL" ] || skip_all "$MYSQL2CANAL not built"
e2e_ports
SEED=${WORKLOAD_SEED:-$RANDOM}
N=${WORKLOAD_STATEMENTS:-2400}
T=${E2E_TIMEOUT:-120}
TOPIC=backfill
echo "# seed $SEED, $N statements (WORKLOAD_SEED=$SEED to repeat)"

e2e_start_db
e2e_start_redis
e2e_start_kafka
"$E2E_SVC/kafka.sh" create-topic "$TOPIC" 1
schema

# One workload in three parts, cut between transactions: before Canal
# starts (rows Canal never sends), while the live pipeline runs, and during
# the backfill.
gawk -v seed="$SEED" -v n="$N" -v keychange=1 -f "$TOP/test/e2e/workload.awk" > "$WORK/load.sql"
total=$(wc -l < "$WORK/load.sql")
gawk -v a=$((total / 3)) -v b=$((total * 2 / 3)) -v dir="$WORK" '
	{ print > (dir "/part" part ".sql") }
	/^BEGIN;/ { intx = 1 } /^COMMIT;/ { intx = 0 }
	!intx && part == "" && NR >= a { part = 2 } !intx && part == 2 && NR >= b { part = 3 }
	BEGIN { part = "" }' "$WORK/load.sql"
mv "$WORK/part.sql" "$WORK/part1.sql"
sql -D e2e < "$WORK/part1.sql" || not_ok "part 1 of the workload runs"
before=$(sql -D e2e -N -e "select count(*) from t_single")

CANAL_TOPIC=$TOPIC CANAL_FILTER='e2e\..*' e2e_start_canal

# The live pipeline: canal2redis-run, stopped and started by the backfill.
export C2R_BROKERS=$BROKER C2R_TOPIC=$TOPIC C2R_REDIS_PORT=$REDIS_PORT
export C2R_CANAL2OPS_ARGS="-k {table}:{pk}" C2R_RESTART_DELAY=0.3
printf '[client]\npassword = Aliyun-test\n' > "$WORK/my.cnf"
export C2R_MYSQL2CANAL_ARGS="--defaults-extra-file=$WORK/my.cnf -h127.0.0.1 -P$MARIADB_PORT -ulabex"
cat > "$WORK/live" <<EOF
#!/bin/sh
case \$1 in
start)	"$TOP/contrib/canal2redis-run" 2>> "$WORK/run.err" &
	echo \$! > "$WORK/run.pid";;
stop)	pid=\$(cat "$WORK/run.pid"); kill -TERM "\$pid" 2>/dev/null || exit 0
	while kill -0 "\$pid" 2>/dev/null; do sleep 0.1; done;;
esac
EOF
chmod +x "$WORK/live"
"$WORK/live" start
at_exit "'$WORK/live' stop"
export C2R_PAUSE="'$WORK/live' stop" C2R_RESUME="'$WORK/live' start"

sql -D e2e < "$WORK/part2.sql" || not_ok "part 2 of the workload runs"
quiesce 1 "$TOPIC"
ok "$before rows of t_single existed before Canal started"

# Changes Canal never sees: rows deleted and a table emptied in a session
# that writes no binlog; keys of other kinds beside the tables'.
gone=$(rcli --scan --pattern 't_single:*' | cut -d: -f2 | sort -n | head -5 | paste -sd,)
"$E2E_SVC/mariadb.sh" client -D e2e -e "set sql_log_bin = 0;
    delete from t_single where id in ($gone); truncate t_comp"
lost_comp=$(rcli --scan --pattern 't_comp:*' | wc -l)
# a row Redis holds with another value than MySQL's
changed=$(rcli --scan --pattern 't_single:*' | sort -t: -k2 -n | tail -1)
rcli SET "$changed" '{"id":"changed behind the pipeline"}' > /dev/null
rcli SET session:abc x > /dev/null
rcli SET t_single_archive:1 '{"id":"1"}' > /dev/null
rcli HSET t_single:no:such:row f 1 > /dev/null	# t_single's key space

B=$TOP/contrib/canal2redis-backfill
rc=0; "$B" --report 'e2e.*' > "$WORK/report1" 2> "$WORK/report1.err" || rc=$?
is "report before: exit 1 (Redis has drifted)" 1 "$rc"
sed 's/^/# /' "$WORK/report1"
row() { awk -v t="$1" -v c="$2" '$1 == t { print $c }' "$WORK/$3"; }
missing=$(comm -23 <(sql -D e2e -N -e "select id from t_single" | sort) \
    <(rcli --scan --pattern 't_single:*' | cut -d: -f2 | sort) | wc -l)
is "report: the t_single rows Redis lacks (the ones from before Canal) and the one changed" \
    "$((missing + 1))" "$(row e2e.t_single 3 report1)"
is "report: the 5 deleted t_single rows and the key no row gives are stale" 6 "$(row e2e.t_single 4 report1)"
is "report: the truncated t_comp's keys are stale" "$lost_comp" "$(row e2e.t_comp 4 report1)"
is "report: t_comp has no rows to differ" 0 "$(row e2e.t_comp 3 report1)"

# The backfill, while part 3 of the workload runs and the pipeline goes on.
# Each table's rows reach Redis 2 s after they were read (as a big table's
# would): rows changed meanwhile are first written back with their older
# image, which only the replay from the checkpoint before the load repairs.
cat > "$WORK/m2c-slow" <<EOF
#!/bin/sh
case " \$* " in *" --list-tables "*|*" --keys-only "*) exec "$MYSQL2CANAL" "\$@";; esac
"$MYSQL2CANAL" "\$@" > "$WORK/snap.\$\$" || exit \$?
sleep 2; cat "$WORK/snap.\$\$"
EOF
chmod +x "$WORK/m2c-slow"
awk '{ print; fflush() } NR % 20 == 0 { system("sleep 0.2") }' "$WORK/part3.sql" |
    sql -D e2e > "$WORK/load.out" 2>&1 &
LOAD=$!
sleep 0.5
rc=0; MYSQL2CANAL=$WORK/m2c-slow "$B" -v 'e2e.*' > "$WORK/bf.out" 2> "$WORK/bf.err" || rc=$?
is "backfill: exit 0" 0 "$rc"
[ "$rc" -eq 0 ] || sed 's/^/#   /' "$WORK/bf.err" | tail -20
check "backfill: the live pipeline was paused and resumed" grep -q 'the live pipeline goes on' "$WORK/bf.err"
rc=0; wait "$LOAD" || rc=$?
is "part 3 of the workload ran during the backfill" 0 "$rc"

quiesce 2 "$TOPIC"
is "keys of no table's pattern stay, the stale one is gone" "x 1 0" \
    "$(rcli GET session:abc) $(rcli EXISTS t_single_archive:1) $(rcli EXISTS t_single:no:such:row)"
rcli DEL session:abc t_single_archive:1 > /dev/null
compare 2

rc=0; "$B" --report 'e2e.*' > "$WORK/report2" 2> "$WORK/report2.err" || rc=$?
is "report after: exit 0 (in step)" 0 "$rc"
[ "$rc" -eq 0 ] && sed 's/^/# /' "$WORK/report2"
[ "$rc" -eq 0 ] || sed 's/^/#   /' "$WORK/report2" "$WORK/report2.err"
# Failures say so, and claim nothing.
status_is "no such table: exit 66" 66 sh -c "'$B' --report e2e.no_such_table > /dev/null 2>&1"
status_is "Redis not answering: exit 69" 69 sh -c "C2R_REDIS_PORT=$(free_port) '$B' --report e2e.t_single > /dev/null 2>&1"
status_is "a template without {table}: stale keys cannot be told apart (exit 2)" 2 \
    sh -c "C2R_CANAL2OPS_ARGS= '$B' --report e2e.t_single > /dev/null 2>&1"
if grep -q -E 'Sanitizer|runtime error' "$WORK/run.err" "$WORK/bf.err"; then
	not_ok "no sanitizer report"
fi

# The nightly crontab line of contrib/, run as written but for the
# settings file and the tables (and the programs found in the tree).
env | grep -E '^C2R_(BROKERS|TOPIC|REDIS_PORT|CANAL2OPS_ARGS|MYSQL2CANAL_ARGS|PAUSE|RESUME)=' |
    sed "s/=\(.*\)/='\1'/" > "$WORK/c2r.env"
job=$(grep -v -e '^#' -e '^$' -e '^[A-Z_]*=' "$TOP/contrib/canal2redis-backfill.cron" |
    sed 's/^30 3 \* \* \* //')
case $job in *"canal2redis-backfill -e /etc/default/canal2redis 'shop.*'"*) ok "cron line: the backfill with the unit's settings";;
	*) not_ok "cron line: $job";; esac
job=${job//\/etc\/default\/canal2redis/$WORK/c2r.env}
job=${job//shop.\*/e2e.*}
mkdir -p "$WORK/home"
rc=0; HOME=$WORK/home PATH=$TOP/contrib:$PATH bash -c "$job" || rc=$?
is "cron line runs (exit 0)" 0 "$rc"
check "cron line: its log is in the state folder" grep -q 'the live pipeline goes on' "$WORK/home/.local/state/canal2redis/backfill.log"
quiesce 3 "$TOPIC"
compare 3

# C2R_LOCK instead of C2R_PAUSE: the lock file the crontab's runs take
# (contrib/canal2redis.cron) is held from the removal of stale keys to the
# end, and a run that holds it is waited for. Every ops2redis the backfill
# starts notes whether the lock was free.
"$WORK/live" stop
cat > "$WORK/o2r-lock" <<EOF2
#!/bin/sh
if flock -n "$WORK/lock" true; then s=free; else s=held; fi
[ -e "$WORK/holder" ] && s="\$s after-holder"
case " \$* " in *" --scan "*) s="\$s scan";; *" /"*) s="\$s remove";; *) s="\$s load";; esac
echo "\$s" >> "$WORK/lock.log"
exec "$OPS2REDIS" "\$@"
EOF2
chmod +x "$WORK/o2r-lock"
lockrun() {	# the backfill of t_single with C2R_LOCK, stderr in lock.err
	env -u C2R_PAUSE -u C2R_RESUME C2R_LOCK="$1" OPS2REDIS="$WORK/o2r-lock" \
	    "$B" e2e.t_single 2> "$WORK/lock.err"
}
rcli SET t_single:no:such:row2 '{}' > /dev/null
rm -f "$WORK/lock.log"
rc=0; lockrun "$WORK/lock" || rc=$?
is "C2R_LOCK: exit 0" 0 "$rc"
is "C2R_LOCK: free while loading, held for the stale keys" \
    "free load,held scan,held remove" "$(paste -sd, "$WORK/lock.log")"
check "C2R_LOCK: released at the end" flock -n "$WORK/lock" true
is "C2R_LOCK: the stale key removed" 0 "$(rcli EXISTS t_single:no:such:row2)"
compare 4
# a sync run holds the lock: the backfill waits for it to end
flock "$WORK/lock" sh -c "sleep 1; touch '$WORK/holder'" &
holder=$!
wait_for 10 sh -c "! flock -n '$WORK/lock' true" || not_ok "C2R_LOCK: the holder took the lock"
rm -f "$WORK/lock.log"
rc=0; lockrun "$WORK/lock" || rc=$?
wait "$holder"
is "C2R_LOCK, a run holding it: exit 0" 0 "$rc"
is "C2R_LOCK, a run holding it: the stale keys listed once it ended" \
    "held after-holder scan" "$(grep scan "$WORK/lock.log")"
rc=0; lockrun "$WORK/no/such/dir/lock" || rc=$?
is "C2R_LOCK that cannot be taken: exit 75" 75 "$rc"
check "C2R_LOCK that cannot be taken: says so" grep -q "no/such/dir/lock: cannot take the lock" "$WORK/lock.err"
