#!/usr/bin/env bash
# make live (examples/live.sh) with its output in a file, as in
# `make live > log 2>&1`: the log keeps all of it (nothing truncated, no
# holes), is plain text (no terminal codes), shows the original lab
# tutorial's changes in Redis, and every service is stopped afterwards.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
e2e_require
for p in kcat-lite/kcat-lite canal2ops/canal2ops ops2redis/ops2redis; do
	[ -x "$TOP/$p" ] || skip_all "$p not built (make)"
done
log=$WORK/live.log
export TMPDIR=$WORK

status_is "make live > log 2>&1" 0 sh -c '"$0" > "$1" 2>&1' "$TOP/examples/live.sh" "$log"
status_is "log has no NUL bytes (nothing overwritten)" 1 grep -q -P '\x00' "$log"
status_is "log has no escape codes" 1 grep -q -P '\x1b' "$log"
is "log starts with the first heading" "The table of the original lab tutorial, created before Canal starts:" \
    "$(sed -n 2p "$log")"
is "the table is shown once" 1 "$(grep -c '^create table user' "$log")"
is "the table is shown whole" "$(cat "$TOP/examples/tutorial-table.sql")" \
    "$(sed -n '/^create table user/,/^);/p' "$log")"
for s in mariadb redis kafka canal; do
	check "log says where $s ran" grep -q "^stack: $s on 127.0.0.1:[0-9]" "$log"
done
is "the last heading is there" "Stopping what was started" "$(tail -1 "$log")"

row1='{"id":"19832","username":"name1","password":"ddsdfdfd","addr":"addr1","phone":"17138141002","nickname":"nickname1"}'
row1u='{"id":"19832","username":"nanzhao","password":"ddsdfdfd","addr":"addr1","phone":"17138141002","nickname":"nickname1"}'
is "GET after the inserts, the update and the delete" "$row1|$row1u|(nil)" \
    "$(grep -A1 '^redis> GET user:19832$' "$log" | grep -v -e '^redis>' -e '^--' | paste -sd'|')"
check "Redis ends with the row of 20122 and the checkpoint" \
    grep -q -e '^user:20122  *{"id":"20122"' "$log"
check "checkpoint is the last offset, with its binlog time" grep -q '^canal2ops:checkpoint  *canaltopic:0 3 canaltopic:0:es [0-9]\{13\}$' "$log"
status_is "log names the tutorial only as the original lab tutorial" 1 grep -q -i seed "$log"

# Everything was stopped: no port of the log still answers, no folder left.
for p in $(sed -n 's/^stack: [a-z]* on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log"); do
	status_is "port $p is closed" 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$p" 2>/dev/null
done
is "its folder is removed" "" "$(ls -d "$WORK"/c2r-live.* 2>/dev/null)"
