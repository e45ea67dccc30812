#!/usr/bin/env bash
# Start or stop a throwaway Apache Kafka 3.9 broker: one KRaft node (broker
# and controller) on private loopback ports, jars fetched from Maven Central.
#   kafka.sh fetch                      download the jars only (for CI)
#   kafka.sh start | stop               safe to call twice
#   kafka.sh create-topic NAME PARTS    create a topic (no error if it exists)
#   kafka.sh status                     exit 0 when the broker answers
# Environment:
#   KAFKA_PORT (default 29092)            the broker listener
#   KAFKA_CONTROLLER_PORT (default 29093) the KRaft controller listener
#   KAFKA_DIR (default /tmp/c2r-kafka-$KAFKA_PORT)  data, config and log
#   KAFKA_CACHE (default test/services/.cache/kafka) the fetched jars
#   KAFKA_HEAP (default "-Xms128m -Xmx512m")
#   KAFKA_PROPS extra server.properties lines (newline-separated)
# The log is $KAFKA_DIR/server.log. Topics are auto-created with 1 partition.
set -eu
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KAFKA_PORT=${KAFKA_PORT:-29092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-29093}
KAFKA_DIR=${KAFKA_DIR:-/tmp/c2r-kafka-$KAFKA_PORT}
KAFKA_CACHE=${KAFKA_CACHE:-$here/.cache/kafka}
KAFKA_HEAP=${KAFKA_HEAP:--Xms128m -Xmx512m}
KAFKA_PROPS=${KAFKA_PROPS:-}
libs=$KAFKA_CACHE/libs
pidf=$KAFKA_DIR/kafka.pid
log=$KAFKA_DIR/server.log

die() { echo "kafka.sh: $*" >&2; exit 69; }

. "$(dirname "$0")/common.bash"
running() { pid_running "$pidf"; }

fetch() {
	mvn_fetch "$here/kafka/pom.xml" "$libs" || die "fetching Kafka with mvn failed"
}

java_run() {	# java_run MAIN-CLASS ARGS...: a Kafka tool, log4j quiet
	java -Xmx256m -cp "$libs/*" \
	    -Dlog4j.configuration="file:$KAFKA_DIR/tools-log4j.properties" "$@"
}

write_config() {
	mkdir -p "$KAFKA_DIR/data"
	cat > "$KAFKA_DIR/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_DIR/data
num.partitions=1
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
log.cleaner.dedupe.buffer.size=2097152
num.network.threads=2
num.io.threads=4
$KAFKA_PROPS
EOF
	cat > "$KAFKA_DIR/log4j.properties" <<EOF
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=$log
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.org.apache.kafka.controller=WARN
EOF
	cat > "$KAFKA_DIR/tools-log4j.properties" <<EOF
log4j.rootLogger=WARN, stderr
log4j.appender.stderr=org.apache.log4j.ConsoleAppender
log4j.appender.stderr.Target=System.err
log4j.appender.stderr.layout=org.apache.log4j.PatternLayout
log4j.appender.stderr.layout.ConversionPattern=kafka.sh: %p %m%n
EOF
}

answers() {	# the broker answers a metadata request
	if command -v kcat >/dev/null; then
		kcat -L -b "127.0.0.1:$KAFKA_PORT" -m 2 >/dev/null 2>&1
	else
		(exec 3<>"/dev/tcp/127.0.0.1/$KAFKA_PORT") 2>/dev/null
	fi
}

start() {
	if running; then
		wait_ready 120
		return
	fi
	command -v java >/dev/null || die "java not installed"
	fetch
	write_config
	if [ ! -f "$KAFKA_DIR/data/meta.properties" ]; then
		java_run kafka.tools.StorageTool format --ignore-formatted \
		    -t "$(java_run kafka.tools.StorageTool random-uuid)" \
		    -c "$KAFKA_DIR/server.properties" >"$KAFKA_DIR/format.log" 2>&1 ||
		    { cat "$KAFKA_DIR/format.log" >&2; die "storage format failed"; }
	fi
	: > "$log"
	# shellcheck disable=SC2086
	setsid java $KAFKA_HEAP -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
	    -Djava.awt.headless=true -XX:TieredStopAtLevel=1 \
	    -Dlog4j.configuration="file:$KAFKA_DIR/log4j.properties" \
	    -cp "$libs/*" kafka.Kafka "$KAFKA_DIR/server.properties" \
	    </dev/null >"$KAFKA_DIR/stdout.log" 2>&1 &
	echo $! > "$pidf"
	wait_ready 120
}

wait_ready() {
	local end=$(( $(date +%s) + $1 ))
	while :; do
		running || { tail -20 "$log" "$KAFKA_DIR/stdout.log" >&2 2>/dev/null
		    die "broker exited (see $log)"; }
		if grep -q "Kafka Server started" "$log" 2>/dev/null && answers; then
			return 0
		fi
		[ "$(date +%s)" -lt "$end" ] ||
		    die "broker not ready on port $KAFKA_PORT after $1 s (see $log)"
		sleep 0.2
	done
}

stop() { pid_stop "$pidf" 30; }

create_topic() {
	[ $# -eq 2 ] || { echo "usage: kafka.sh create-topic NAME PARTITIONS" >&2; exit 2; }
	running || die "broker not running on port $KAFKA_PORT"
	java_run org.apache.kafka.tools.TopicCommand \
	    --bootstrap-server "127.0.0.1:$KAFKA_PORT" --create --if-not-exists \
	    --topic "$1" --partitions "$2" --replication-factor 1 >/dev/null
	# Wait until the broker's metadata shows every partition with a leader.
	local i n
	for i in $(seq 1 100); do
		n=$(kcat -L -b "127.0.0.1:$KAFKA_PORT" -t "$1" -m 5 2>/dev/null |
		    grep -c 'partition .*leader 1,' || true)
		[ "$n" -ge "$2" ] && return 0
		sleep 0.1
	done
	die "topic $1 has $n of $2 partitions ready"
}

case ${1:-} in
fetch)	fetch ;;
start)	start ;;
stop)	stop ;;
status)	running && answers ;;
create-topic) shift; create_topic "$@" ;;
*)	echo "usage: kafka.sh fetch|start|stop|status|create-topic NAME PARTITIONS" >&2
	exit 2 ;;
esac
