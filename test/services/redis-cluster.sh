#!/usr/bin/env bash
# Start or stop a throwaway Redis Cluster on private loopback ports: M
# masters with R replicas each (redis-server --cluster-enabled yes, made with
# redis-cli --cluster create), and print what tests need to know about it.
#   redis-cluster.sh start        start every node that is not running, make
#                                 the cluster once, wait until it is ok
#   redis-cluster.sh stop         stop every node (safe twice)
#   redis-cluster.sh status       exit 0 when every node runs, the cluster is
#                                 ok and consistent, every replica in sync;
#                                 print the nodes
#   redis-cluster.sh wait-ok [S]  wait up to S seconds (default 60) for that
#   redis-cluster.sh nodes        one line a node: PORT master|replica
#                                 MASTER-PORT|- SLOT-RANGES (as a live node sees it)
#   redis-cluster.sh masters      the ports of the masters, one a line
#   redis-cluster.sh master-of SLOT   the port of the master serving SLOT
#   redis-cluster.sh replicas PORT    the ports of the replicas of master PORT
#   redis-cluster.sh pid PORT     the pid of the node on PORT
#   redis-cluster.sh seeds        "-p PORT" for every node (ops2redis -c)
#   redis-cluster.sh add-node PORT BUS-PORT   start one more node and join it
#                                 as a master without slots (stop stops it too)
# Environment:
#   REDIS_CLUSTER_PORTS      client ports, M * (1 + R) of them
#                            (default 27001 ... 27006)
#   REDIS_CLUSTER_BUS_PORTS  cluster bus ports, as many (default port + 10000)
#   REDIS_CLUSTER_REPLICAS   R (default 1; 0 for masters only)
#   REDIS_CLUSTER_DIR        data, config and logs (default /tmp/c2r-cluster-FIRSTPORT)
#   REDIS_CLUSTER_NODE_TIMEOUT  cluster-node-timeout in ms (default 2000)
#   REDIS_CLUSTER_ARGS       extra arguments for every redis-server
# Node N's files are in $REDIS_CLUSTER_DIR/PORT (redis.log, nodes.conf).
set -eu
PORTS=${REDIS_CLUSTER_PORTS:-27001 27002 27003 27004 27005 27006}
BUS=${REDIS_CLUSTER_BUS_PORTS:-}
REPLICAS=${REDIS_CLUSTER_REPLICAS:-1}
read -r first _ <<< "$PORTS"
DIR=${REDIS_CLUSTER_DIR:-/tmp/c2r-cluster-$first}
NODE_TIMEOUT=${REDIS_CLUSTER_NODE_TIMEOUT:-2000}
ARGS=${REDIS_CLUSTER_ARGS:-}

. "$(dirname "$0")/common.bash"
die() { echo "redis-cluster.sh: $*" >&2; exit 69; }

read -r -a ports <<< "$PORTS"
read -r -a bus <<< "$BUS"
if [ "${#bus[@]}" -eq 0 ]; then
	for p in "${ports[@]}"; do bus+=( $((p + 10000)) ); done
fi
nbase=${#ports[@]}
if [ -s "$DIR/added" ]; then	# nodes added later: "PORT BUS" lines
	while read -r p b; do ports+=( "$p" ); bus+=( "$b" ); done < "$DIR/added"
fi
[ "${#bus[@]}" -eq "${#ports[@]}" ] || die "REDIS_CLUSTER_BUS_PORTS: ${#bus[@]} ports for ${#ports[@]} nodes"
[ $(( nbase % (REPLICAS + 1) )) -eq 0 ] && [ $(( nbase / (REPLICAS + 1) )) -ge 3 ] ||
    die "REDIS_CLUSTER_PORTS: $nbase ports do not make 3 or more masters with $REPLICAS replicas each"

cli() { redis-cli -h 127.0.0.1 -p "$1" "${@:2}"; }
running() { pid_running "$DIR/$1/redis.pid"; }

start_node() {	# start_node INDEX
	local p=${ports[$1]} d=$DIR/${ports[$1]}
	running "$p" && return 0
	mkdir -p "$d"
	# shellcheck disable=SC2086
	redis-server --bind 127.0.0.1 --port "$p" --dir "$d" \
	    --cluster-enabled yes --cluster-config-file nodes.conf \
	    --cluster-port "${bus[$1]}" --cluster-node-timeout "$NODE_TIMEOUT" \
	    --cluster-replica-validity-factor 0 \
	    --cluster-allow-replica-migration no --repl-diskless-sync-delay 0 \
	    --pidfile "$d/redis.pid" --logfile "$d/redis.log" \
	    --daemonize yes --save '' --appendonly no --protected-mode no \
	    --enable-debug-command local $ARGS
}

# A live node to ask, or nothing.
any_node() {
	local p
	for p in "${ports[@]}"; do
		if running "$p" && [ "$(cli "$p" PING 2>/dev/null)" = PONG ]; then
			echo "$p"; return 0
		fi
	done
	return 1
}

# ok: every node runs, says cluster_state:ok, and all agree (--cluster check).
ok() {
	local p
	for p in "${ports[@]}"; do
		running "$p" || return 1
		cli "$p" CLUSTER INFO 2>/dev/null | grep -q '^cluster_state:ok' || return 1
	done
	redis-cli --cluster check "127.0.0.1:${ports[0]}" >"$DIR/check.log" 2>&1 || return 1
	! grep -q -e '\[WARNING\]' -e '\[ERR\]' "$DIR/check.log" || return 1
	# every replica attached (as the first node sees it) and in sync
	[ "$(cli "${ports[0]}" CLUSTER NODES | awk '$3 ~ /slave/' | wc -l)" -eq \
	    $(( nbase / (REPLICAS + 1) * REPLICAS )) ] || return 1
	for p in "${ports[@]}"; do
		case $(cli "$p" ROLE | head -1) in
		slave) cli "$p" INFO replication | grep -q '^master_link_status:up' || return 1;;
		esac
	done
}

wait_ok() {
	local end=$(( $(date +%s) + ${1:-60} ))
	until ok; do
		[ "$(date +%s)" -lt "$end" ] || return 1
		sleep 0.2
	done
}

# nodes: PORT ROLE MASTER-PORT SLOTS... from CLUSTER NODES of a live node.
nodes() {
	local p
	p=$(any_node) || die "no node answers"
	cli "$p" CLUSTER NODES | awk '
	{ id[NR] = $1; split($2, a, "[:@]"); port[NR] = a[2]; fl[NR] = $3
	  mid[NR] = $4; s = ""; for (i = 9; i <= NF; i++) s = s " " $i; sl[NR] = s
	  byid[$1] = a[2] }
	END { for (i = 1; i <= NR; i++) {
		role = fl[i] ~ /master/ ? "master" : "replica"
		if (fl[i] ~ /fail/ && fl[i] !~ /fail\?/) role = role ",fail"
		printf "%s %s %s%s\n", port[i], role, mid[i] == "-" ? "-" : byid[mid[i]], sl[i] } }' |
	    sort -n
}

case ${1:-} in
start)
	command -v redis-server >/dev/null || die "redis-server not installed (make deps)"
	mkdir -p "$DIR"
	for i in "${!ports[@]}"; do start_node "$i"; done
	for p in "${ports[@]}"; do
		for _ in $(seq 1 100); do
			[ "$(cli "$p" PING 2>/dev/null)" = PONG ] && break
			sleep 0.1
		done
		[ "$(cli "$p" PING 2>/dev/null)" = PONG ] || die "node $p did not start (see $DIR/$p/redis.log)"
	done
	if [ ! -e "$DIR/created" ]; then
		addrs=()
		for p in "${ports[@]:0:nbase}"; do addrs+=( "127.0.0.1:$p" ); done
		redis-cli --cluster create "${addrs[@]}" --cluster-replicas "$REPLICAS" \
		    --cluster-yes > "$DIR/create.log" 2>&1 ||
		    { cat "$DIR/create.log" >&2; die "redis-cli --cluster create failed"; }
		touch "$DIR/created"
	fi
	wait_ok 60 || { cat "$DIR/check.log" >&2; die "the cluster is not ok after 60 s"; }
	;;
stop)
	for p in "${ports[@]}"; do pid_stop "$DIR/$p/redis.pid" 10; done
	;;
status)
	ok; rc=$?
	nodes || true
	exit $rc
	;;
wait-ok)
	wait_ok "${2:-60}" || { cat "$DIR/check.log" >&2; exit 1; }
	;;
nodes)
	nodes
	;;
masters)
	nodes | awk '$2 == "master" { print $1 }'
	;;
master-of)
	[ $# -eq 2 ] || die "usage: redis-cluster.sh master-of SLOT"
	nodes | awk -v s="$2" '$2 == "master" { for (i = 4; i <= NF; i++) {
		if ($i ~ /^\[/) continue
		n = split($i, r, "-"); lo = r[1]; hi = n > 1 ? r[2] : r[1]
		if (s + 0 >= lo + 0 && s + 0 <= hi + 0) { print $1; exit } } }'
	;;
replicas)
	[ $# -eq 2 ] || die "usage: redis-cluster.sh replicas PORT"
	nodes | awk -v m="$2" '$2 ~ /^replica/ && $3 == m { print $1 }'
	;;
pid)
	[ $# -eq 2 ] || die "usage: redis-cluster.sh pid PORT"
	cat "$DIR/$2/redis.pid"
	;;
seeds)
	for p in "${ports[@]}"; do printf -- '-p %s ' "$p"; done; echo
	;;
add-node)
	[ $# -eq 3 ] || die "usage: redis-cluster.sh add-node PORT BUS-PORT"
	member=$(any_node) || die "no node answers"
	ports+=( "$2" ); bus+=( "$3" )
	start_node $(( ${#ports[@]} - 1 ))
	for _ in $(seq 1 100); do
		[ "$(cli "$2" PING 2>/dev/null)" = PONG ] && break
		sleep 0.1
	done
	redis-cli --cluster add-node "127.0.0.1:$2" "127.0.0.1:$member" \
	    > "$DIR/add-$2.log" 2>&1 || { cat "$DIR/add-$2.log" >&2; die "add-node $2 failed"; }
	echo "$2 $3" >> "$DIR/added"
	wait_ok 60 || { cat "$DIR/check.log" >&2; die "the cluster is not ok after adding $2"; }
	;;
*)
	echo "usage: redis-cluster.sh start|stop|status|wait-ok|nodes|masters|master-of SLOT|replicas PORT|pid PORT|seeds|add-node PORT BUS-PORT" >&2
	exit 2;;
esac
