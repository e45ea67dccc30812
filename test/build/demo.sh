#!/usr/bin/env bash
# make demo, as the README gives it: replays the captured topic into a
# private Redis and shows what it holds, in plain text when not on a
# terminal; the replay changes nothing the second time.
. "$(dirname "$0")/../lib.sh"
command -v redis-server >/dev/null || skip_all "redis-server not installed"
cd "$TOP"
REDIS_PORT=$(free_port) REDIS_DIR=$WORK/redis APACHE_PORT=$(free_port)
export REDIS_PORT REDIS_DIR APACHE_PORT
rc=0; make --no-print-directory demo > "$WORK/log" 2>&1 || rc=$?
is "make demo (exit 0)" 0 "$rc"
[ "$rc" -eq 0 ] || tail -20 "$WORK/log" | sed 's/^/#   /'
is "no terminal codes in a file" 0 "$(grep -c $'\033' "$WORK/log" || true)"
check "the rows of three tables, keyed by table" sh -c \
    'grep -q "^user:20122 " "$1" && grep -q "^product:P-100 " "$1" && grep -q "^order_item:1002:3 " "$1"' _ "$WORK/log"
check "the checkpoint with its binlog time" grep -q '^canal2ops:checkpoint  *canaltopic:0 13 canaltopic:0:es [0-9]*$' "$WORK/log"
check "the replay changes nothing" sh -c 'grep "^digest before" "$1" | awk "{ sub(/,\$/, \"\", \$3); exit \$3 != \$5 }"' _ "$WORK/log"
is "Redis stopped afterwards" "" "$(redis-cli -p "$REDIS_PORT" PING 2>/dev/null)"
