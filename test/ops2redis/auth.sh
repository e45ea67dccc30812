#!/usr/bin/env bash
# ops2redis: requirepass, an ACL user, REDISCLI_AUTH, -u; re-authenticate
# and re-select after a reconnect.
. "$(dirname "$0")/../lib.sh"
. "$TOP/test/ops2redis/common.bash"
O=$OPS2REDIS
start_redis A --requirepass s3cret
P=$A_PORT
cli() { REDISCLI_AUTH=s3cret redis-cli -p "$P" "$@"; }
cli ACL SETUSER writer on '>w-pass' '~*' '+@all' > /dev/null
cli ACL SETUSER limited on '>l-pass' '~app:*' '+set' '+ping' > /dev/null
unset REDISCLI_AUTH

rc=0; "$O" -p "$P" --retry-for 0 <<< "SET a 1" 2> "$WORK/err" || rc=$?
is "no password: exit 69" 69 "$rc"
check "no password: NOAUTH reported" grep -q "NOAUTH" "$WORK/err"
rc=0; "$O" -p "$P" -a wrong <<< "SET a 1" 2> "$WORK/err" || rc=$?
is "wrong password: exit 69 (no retry)" 69 "$rc"
check "wrong password reported" grep -q "^ops2redis: AUTH: WRONGPASS" "$WORK/err"

"$O" -p "$P" -a s3cret <<< "SET a 1" 2> "$WORK/err"
is "-a" "1" "$(cli GET a)"
check "-a warns like redis-cli" grep -qx "ops2redis: Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe." "$WORK/err"
"$O" -p "$P" -a s3cret --no-auth-warning <<< "SET a 1" 2> "$WORK/err"
check "--no-auth-warning" test ! -s "$WORK/err"
REDISCLI_AUTH=s3cret "$O" -p "$P" <<< "SET b 2" 2> "$WORK/err"
is "REDISCLI_AUTH" "2" "$(cli GET b)"
check "REDISCLI_AUTH: no warning" test ! -s "$WORK/err"
REDISCLI_AUTH=w-pass "$O" -p "$P" --user writer -n 2 <<< "SET c 3"
is "--user with REDISCLI_AUTH, -n 2" "3" "$(cli -n 2 GET c)"
"$O" -u "redis://writer:w-pass@127.0.0.1:$P/3" <<< "SET d 4" 2> "$WORK/err"
is "-u with user and password" "4" "$(cli -n 3 GET d)"
check "-u with password warns" grep -q "Warning: Using a password" "$WORK/err"
"$O" -u "redis://:s3cret@127.0.0.1:$P" --no-auth-warning <<< "SET e 5"
is "-u with password only" "5" "$(cli GET e)"
# -u twice, the second without credentials: the first one's still hold
rc=0; "$O" -u "redis://writer:w-pass@127.0.0.1:$P/5" -u "redis://127.0.0.1:$P" \
    --no-auth-warning <<< "SET f 6" 2> "$WORK/err" || rc=$?
is "-u twice: exit 0" 0 "$rc"
is "-u twice: the first URI's user, password and db" "6" "$(cli -n 5 GET f)"
status_is "--user without password: usage" 2 "$O" -p "$P" --user writer < /dev/null

# an ACL user that may not write everywhere: NOPERM reported, rest applied
printf 'SET app:1 x\nSET other y\nSET app:2 z\n' > "$WORK/acl"
rc=0; REDISCLI_AUTH=l-pass "$O" -p "$P" --user limited "$WORK/acl" 2> "$WORK/err" || rc=$?
is "NOPERM: exit 65" 65 "$rc"
check "NOPERM reported with its line" grep -q "acl:2: NOPERM" "$WORK/err"
is "permitted keys applied" "x z 0" "$(cli GET app:1) $(cli GET app:2) $(cli EXISTS other)"

# killed connection: reconnect re-authenticates and re-selects
mkfifo "$WORK/fifo"
REDISCLI_AUTH=w-pass "$O" -p "$P" --user writer -n 4 -v < "$WORK/fifo" 2> "$WORK/err" & pid=$!
exec 3> "$WORK/fifo"
echo "SET k1 1" >&3
wait_for 5 sh -c "[ \"\$(REDISCLI_AUTH=s3cret redis-cli -p $P -n 4 GET k1)\" = 1 ]"
cli CLIENT KILL USER writer > /dev/null
echo "SET k2 2" >&3
exec 3>&-
rc=0; wait "$pid" || rc=$?
is "after a kill: exit 0" 0 "$rc"
is "after a kill: applied in db 4" "1 2" "$(cli -n 4 GET k1) $(cli -n 4 GET k2)"
check "after a kill: one reconnect" grep -q " 1 reconnects" "$WORK/err"
