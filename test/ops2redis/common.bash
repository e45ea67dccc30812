# Sourced by the ops2redis tests (after lib.sh): private redis-servers.

# start_redis NAME [server args...]: start a redis-server on a free port,
# set NAME_PORT, NAME_DIR, NAME_SOCK; stopped at exit.
start_redis() {
	local name=$1 port dir; shift
	port=$(free_port)
	dir=$WORK/redis-$name
	REDIS_PORT=$port REDIS_DIR=$dir REDIS_ARGS="$*" "$TOP/test/services/redis.sh" start
	at_exit "REDIS_PORT=$port REDIS_DIR=$dir '$TOP/test/services/redis.sh' stop"
	eval "${name}_PORT=$port ${name}_DIR=$dir ${name}_SOCK=$dir/redis.sock"
}

# gen_ops N SEED: random ops in every quoting style (test/ops2redis/gen_ops.c).
gen_ops() {
	if [ ! -x "$WORK/gen_ops" ]; then
		${CC:-cc} -std=c11 -D_DEFAULT_SOURCE -I"$TOP/common" -o "$WORK/gen_ops" \
		    "$TOP/test/ops2redis/gen_ops.c" "$TOP/common/buf.c" \
		    "$TOP/common/ops.c" "$TOP/common/num.c"
	fi
	"$WORK/gen_ops" "$@"
}

# digest PORT [args]: DEBUG DIGEST of the whole data set.
digest() { local p=$1; shift; redis-cli -p "$p" "$@" DEBUG DIGEST; }
