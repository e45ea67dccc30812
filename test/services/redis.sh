#!/usr/bin/env bash
# Start or stop a throwaway redis-server on a private loopback port.
#   REDIS_PORT (default 26379)  REDIS_DIR (default /tmp/c2r-redis-$REDIS_PORT)
#   REDIS_ARGS extra server arguments, e.g. "--requirepass s3cret --appendonly yes"
# The unix socket is $REDIS_DIR/redis.sock. Safe to call twice.
set -eu
REDIS_PORT=${REDIS_PORT:-26379}
REDIS_DIR=${REDIS_DIR:-/tmp/c2r-redis-$REDIS_PORT}
REDIS_ARGS=${REDIS_ARGS:-}
pidf=$REDIS_DIR/redis.pid

. "$(dirname "$0")/common.bash"
running() { pid_running "$pidf"; }

case ${1:-} in
start)
	if running; then exit 0; fi
	command -v redis-server >/dev/null || { echo "redis.sh: redis-server not installed (make deps)" >&2; exit 69; }
	mkdir -p "$REDIS_DIR"
	# shellcheck disable=SC2086
	redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$REDIS_DIR" \
	    --unixsocket "$REDIS_DIR/redis.sock" --unixsocketperm 700 \
	    --pidfile "$pidf" --logfile "$REDIS_DIR/redis.log" \
	    --daemonize yes --save '' --protected-mode no --enable-debug-command local $REDIS_ARGS
	for _ in $(seq 1 100); do
		if [ -S "$REDIS_DIR/redis.sock" ] && running; then
			r=$(redis-cli -s "$REDIS_DIR/redis.sock" PING 2>/dev/null || true)
			case $r in PONG|*NOAUTH*) exit 0;; esac
		fi
		sleep 0.1
	done
	echo "redis.sh: redis-server did not start on port $REDIS_PORT (see $REDIS_DIR/redis.log)" >&2
	exit 69
	;;
stop)
	pid_stop "$pidf" 10
	;;
*)
	echo "usage: redis.sh start|stop" >&2; exit 2;;
esac
