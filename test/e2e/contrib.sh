#!/usr/bin/env bash
# contrib/ on the real stack: the crontab (batch sync from the checkpoint, in
# cron's own environment, with its lock and log) and the systemd unit
# (canal2redis-run with its EnvironmentFile), each run as written, with only
# addresses, paths and the key template substituted.
# After each, Redis must equal what SELECT returns.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
e2e_require
command -v jq >/dev/null || skip_all "jq not installed"
command -v flock >/dev/null || skip_all "flock not installed"
e2e_ports
N=${WORKLOAD_STATEMENTS:-600}
SEED=${WORKLOAD_SEED:-$RANDOM}
T=${E2E_TIMEOUT:-120}
TOPIC=canaltopic	# the name the contrib files use
echo "# seed $SEED, $N statements (WORKLOAD_SEED=$SEED to repeat)"

e2e_start_db
e2e_start_redis
e2e_start_kafka
"$E2E_SVC/kafka.sh" create-topic "$TOPIC" 1
schema
CANAL_TOPIC=$TOPIC CANAL_FILTER='e2e\..*' e2e_start_canal

# The programs under their installed names.
mkdir -p "$WORK/bin"
ln -s "$KCAT_LITE" "$WORK/bin/kcat-lite"
ln -s "$CANAL2OPS" "$WORK/bin/canal2ops"
ln -s "$OPS2REDIS" "$WORK/bin/ops2redis"
ln -s "$TOP/contrib/canal2redis-run" "$WORK/bin/canal2redis-run"
export PATH="$WORK/bin:$PATH"

# in_kafka RUN: Canal has written marker row RUN to the topic.
in_kafka() {
	kcat -C -e -q -b "$BROKER" -t "$TOPIC" -o -1 2>/dev/null | grep -q "\"run\":\"$1\""
}

gawk -v seed="$SEED" -v n="$N" -v keychange=1 -f "$TOP/test/e2e/workload.awk" > "$WORK/load.sql"
sql -D e2e < "$WORK/load.sql" && ok "workload runs" || not_ok "workload runs"
sql -D e2e -e "insert into marker values (1, 1)"
wait_for "$T" in_kafka 1 || not_ok "Canal wrote the workload"

# --- the crontab, run as cron runs it: SHELL -c COMMAND in HOME, with the
# crontab's variables, HOME and LOGNAME and nothing else. The programs are
# "installed" in $WORK/bin, which the crontab's /usr/local/bin stands for
# (make install writes its BINDIR there); only addresses are substituted.
crontab=$TOP/contrib/canal2redis.cron
shopt -u patsub_replacement 2>/dev/null || true	# "&" in a replacement is literal
check "crontab: no file in /tmp" test "$(grep -v '^#' "$crontab" | grep -c /tmp)" = 0
is "crontab: PATH finds what make install put in /usr/local/bin" "PATH=/usr/local/bin:/usr/bin:/bin" \
    "$(grep '^PATH=' "$crontab")"
check "crontab: says where its log is" grep -q '~/.local/state/canal2redis' "$crontab"
line=$(grep -v -e '^#' -e '^$' -e '^[A-Z_]*=' "$crontab")
case $line in "*/5 * * * * "*) ok "cron line runs every 5 minutes";; *) not_ok "cron line: $line";; esac
cmd=${line#\*/5 \* \* \* \* }
cmd=${cmd//localhost:9092/$BROKER}
cmd=${cmd//-p 6379/-p $REDIS_PORT}
cron_env=(HOME="$WORK/home" LOGNAME="$(id -un)" SHELL=/bin/sh PATH=/usr/bin:/bin)
while IFS= read -r v; do
	cron_env+=("${v//\/usr\/local\/bin/$WORK/bin}")
done < <(grep '^[A-Z_]*=' "$crontab")
cron_shell=$(grep '^SHELL=' "$crontab" | cut -d= -f2 || true)
: "${cron_shell:=/bin/sh}"
mkdir -p "$WORK/home"
echo "# cron: ${cron_env[*]}"
echo "# cron: $cmd"
cron() {	# cron [COMMAND]: run the job (or COMMAND) as cron would
	(cd "$WORK/home" && env -i "${cron_env[@]}" "$cron_shell" -c "${1:-$cmd}")
}
state=$WORK/home/.local/state/canal2redis
status_is "cron run 1" 0 cron
compare cron1
is "cron run 1: checkpoint" "$(kcat -C -e -q -b "$BROKER" -t "$TOPIC" -o -1 -f '%o\n')" \
    "$(rcli HGET canal2ops:checkpoint "$TOPIC:0")"
check "cron run 1: its lock is in the state folder" test -f "$state/lock"
check "cron run 1: its log is in the state folder" test -f "$state/cron.log"

# More changes; the next run applies only what is new.
sql -D e2e <<'EOF'
update t_single set n = coalesce(n, 0) + 1 where id between 1 and 100;
delete from t_comp where a < 10;
update t_nokey set v = 'cron' where id like 'n1%';
insert into marker values (2, 2);
EOF
wait_for "$T" in_kafka 2 || not_ok "Canal wrote the second batch"
from=$(rcli HGET canal2ops:checkpoint "$TOPIC:0")
status_is "cron run 2" 0 cron
compare cron2
to=$(rcli HGET canal2ops:checkpoint "$TOPIC:0")
echo "# cron run 2 applied offsets $((from + 1))..$to"
check "cron run 2 starts after the checkpoint" [ "$to" -gt "$from" ]
status_is "cron run 3 (nothing new)" 0 cron
is "cron run 3 leaves the checkpoint" "$to" "$(rcli HGET canal2ops:checkpoint "$TOPIC:0")"
is "good runs log no failure" 0 "$(grep -c 'sync failed' "$state/cron.log" || true)"

# Failures end up in the log: Redis not answering, a run still holding the lock.
dead=$(free_port)
cron "${cmd//-p $REDIS_PORT/-p $dead}"
check "Redis down: the log says the run failed, with its status" \
    grep -q 'canal2redis sync failed, exit status [1-9]' "$state/cron.log"
check "Redis down: the log has redis-cli's error" grep -q "127.0.0.1:$dead" "$state/cron.log"
: > "$state/cron.log"
flock "$state/lock" sleep 60 & holder=$!
at_exit "kill $holder 2>/dev/null"
wait_for 10 sh -c "! flock -n '$state/lock' true"
cron
check "lock held: the run is skipped and logged with status 75" \
    grep -q 'canal2redis sync failed, exit status 75$' "$state/cron.log"
kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null || true
is "lock held: the checkpoint is unchanged" "$to" "$(rcli HGET canal2ops:checkpoint "$TOPIC:0")"
sed 's/^/# cron.log: /' "$state/cron.log" | tail -3

# kcat-lite(1) shows the same recipe: the checkpoint from Redis, -e, no group.
recipe=$(sed -n '/from cron/,/^\.Ed/p' "$TOP/man/kcat-lite.1")
check "kcat-lite(1): the cron recipe resumes from the checkpoint in Redis" \
    grep -q 'HGETALL canal2ops:checkpoint > ckpt' <<<"$recipe"
check "kcat-lite(1): the cron recipe uses --resume and -e" \
    grep -q -- '-e --resume ckpt' <<<"$recipe"
check "kcat-lite(1): the cron recipe joins no group (a group loses records on a crash)" \
    test "$(grep -c -- ' -G ' <<<"$recipe")" = 0
check "crontab: resumes from the checkpoint in Redis with -e" \
    grep -q 'HGETALL canal2ops:checkpoint > checkpoint && kcat-lite -C -e .*--resume checkpoint' "$crontab"

# --- the systemd unit, from an empty Redis
rcli FLUSHALL >/dev/null
unit=$TOP/contrib/canal2redis.service
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
is "unit runs canal2redis-run" /usr/local/bin/canal2redis-run "$exec_start"
grep -q '^EnvironmentFile=/etc/default/canal2redis$' "$unit" && ok "unit reads /etc/default/canal2redis" ||
    not_ok "unit reads /etc/default/canal2redis"
if command -v systemd-analyze >/dev/null 2>&1; then
	sed "s|/usr/local/bin/canal2redis-run|$TOP/contrib/canal2redis-run|; s|^EnvironmentFile=.*|EnvironmentFile=$WORK/env|" \
	    "$unit" > "$WORK/canal2redis.service"
	: > "$WORK/env"
	systemd-analyze verify "$WORK/canal2redis.service" > "$WORK/verify.out" 2>&1 &&
	    ok "systemd-analyze verify" || { not_ok "systemd-analyze verify"; sed 's/^/#   /' "$WORK/verify.out"; }
fi
sed -e "s|^C2R_BROKERS=.*|C2R_BROKERS=$BROKER|" -e "s|^C2R_REDIS_PORT=.*|C2R_REDIS_PORT=$REDIS_PORT|" \
    -e "s|^C2R_CANAL2OPS_ARGS=.*|C2R_CANAL2OPS_ARGS=\"-k {table}:{pk}\"|" \
    "$TOP/contrib/canal2redis.env" > "$WORK/env"
(set -a; . "$WORK/env"; exec "${exec_start##*/}") 2> "$WORK/unit.err" &
# (systemd reads the file the same way: KEY=value lines, double quotes removed)
UNIT=$!
at_exit "kill -TERM $UNIT 2>/dev/null"
quiesce 3 "$TOPIC" || sed 's/^/#   /' "$WORK/unit.err" | tail -20
compare unit
kill -TERM "$UNIT"
rc=0; wait "$UNIT" || rc=$?
is "unit's runner stops on SIGTERM" 0 "$rc"
