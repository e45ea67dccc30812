# Sourced by the ops2redis cluster tests (after lib.sh and common.bash): a
# Redis Cluster of 3 masters with a replica each (test/services/
# redis-cluster.sh) on free ports, stopped at exit, and state digests that
# compare a cluster with a single node.

# start_cluster [REPLICAS]: set CL_DIR, CL_PORTS, CL_SEEDS (ops2redis -p
# options for every node); cl ARGS runs the service script on it.
start_cluster() {
	local i n=$(( 3 * (1 + ${1:-1}) )) ports="" bus=""
	for i in $(seq 1 "$n"); do
		ports="$ports $(free_port)"; bus="$bus $(free_port)"
	done
	export REDIS_CLUSTER_PORTS=${ports# } REDIS_CLUSTER_BUS_PORTS=${bus# }
	export REDIS_CLUSTER_REPLICAS=${1:-1} REDIS_CLUSTER_DIR=$WORK/cluster
	CL_DIR=$REDIS_CLUSTER_DIR
	CL_PORTS=$REDIS_CLUSTER_PORTS
	at_exit "'$TOP/test/services/redis-cluster.sh' stop"
	cl start || { not_ok "the cluster starts"; exit 1; }
	CL_SEEDS=$(cl seeds)
}
cl() { "$TOP/test/services/redis-cluster.sh" "$@"; }

# A Lua script: one line a key, the SHA1 of its name, type, value(s) and
# whether it has a TTL (hash fields and set members sorted).
STATE_LUA="local out = {}
for _, k in ipairs(redis.call('KEYS', '*')) do
	local t = redis.call('TYPE', k).ok
	local v = ''
	if t == 'string' then v = redis.call('GET', k)
	elseif t == 'hash' then
		local h, p = redis.call('HGETALL', k), {}
		for i = 1, #h, 2 do p[#p + 1] = #h[i] .. ':' .. h[i] .. #h[i + 1] .. ':' .. h[i + 1] end
		table.sort(p); v = table.concat(p, ',')
	elseif t == 'set' then
		local m = redis.call('SMEMBERS', k); table.sort(m)
		for i = 1, #m do m[i] = #m[i] .. ':' .. m[i] end
		v = table.concat(m, ',')
	end
	local ttl = redis.call('PTTL', k) > 0 and 'T' or '-'
	out[#out + 1] = redis.sha1hex(#k .. ':' .. k .. ' ' .. t .. ttl .. v)
end
return out"

# key_digests PORT...: the sorted key lines of these nodes.
key_digests() {
	local p
	for p in "$@"; do redis-cli -p "$p" EVAL "$STATE_LUA" 0; done | sort
}

# state PORT...: "KEYS DIGEST" of the union of these nodes' data.
state() {
	key_digests "$@" > "$WORK/state.lines"
	echo "$(wc -l < "$WORK/state.lines") $(sha1sum < "$WORK/state.lines" | cut -c1-16)"
}
cluster_state() { state $(cl masters); }

# ref_apply FILE: the reference state of FILE, applied by redis-cli to a
# fresh single node (start_redis REF first).
ref_apply() {
	redis-cli -p "$REF_PORT" FLUSHALL > /dev/null
	redis-cli -p "$REF_PORT" < "$1" > /dev/null
	state "$REF_PORT"
}

# flush_cluster: FLUSHALL on every master.
flush_cluster() {
	local m
	for m in $(cl masters); do redis-cli -p "$m" FLUSHALL > /dev/null; done
}

# keyslot < OPS: "SLOT<TAB>CLUSTER KEYSLOT KEY" a line (test/ops2redis/keyslot.c).
keyslot() {
	if [ ! -x "$WORK/keyslot" ]; then
		${CC:-cc} -std=c11 -D_DEFAULT_SOURCE -I"$TOP/common" -I"$TOP/ops2redis" \
		    -o "$WORK/keyslot" "$TOP/test/ops2redis/keyslot.c" \
		    "$TOP/common/slot.c" "$TOP/common/buf.c" "$TOP/common/ops.c"
	fi
	"$WORK/keyslot"
}
