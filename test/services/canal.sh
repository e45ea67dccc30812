#!/usr/bin/env bash
# Start or stop a Canal server (Alibaba's MySQL binlog reader) that reads a
# private MariaDB (test/services/mariadb.sh) and writes flat JSON messages to a
# private Kafka broker (test/services/kafka.sh). Jars come from Maven Central.
#   canal.sh fetch           download the jars only (for CI)
#   canal.sh start | stop    safe to call twice
#   canal.sh status          exit 0 when the instance is running
# Environment:
#   CANAL_PORT (default 21111), CANAL_METRICS_PORT (default 21112)
#   CANAL_DIR (default /tmp/c2r-canal-$CANAL_PORT): conf/, logs/canal.log
#   CANAL_CACHE (default test/services/.cache/canal): the fetched jars
#   CANAL_VERSION (default 1.1.4: the newest canal.deployer on Maven Central;
#                 1.1.5 to 1.1.8 publish modules there but no deployer, so
#                 no launcher; 1.1.4 has its Kafka producer built in)
#   CANAL_HEAP (default "-Xms128m -Xmx512m")
#   MARIADB_PORT (default 23306), CANAL_DB_USER/CANAL_DB_PASSWORD (canal/canal)
#   KAFKA_PORT (default 29092)
#   CANAL_DESTINATION (default example), CANAL_TOPIC (default canaltopic)
#   CANAL_FILTER      tables to read, Canal's regex (default 'labex\..*')
#   CANAL_PARTITION   the one partition written (default 0), or
#   CANAL_PARTITIONS_NUM and CANAL_PARTITION_HASH (e.g. 'e2e\..*:$pk$'):
#                     rows hashed by primary key over that many partitions
#   CANAL_GET_TIMEOUT how long (ms) one poll of Canal's store waits for its
#                     batch (default 60000; canal/canal.properties.in says why)
#   CANAL_META        memory (default): positions in memory only, or file:
#                     also in $CANAL_DIR/data, so a restart (even after
#                     kill -9) resumes where Kafka has everything
#   CANAL_PROPERTIES  more canal.properties lines (newline-separated), added
#                     at the end: a key set there wins over the template's
#   CANAL_JAVA_OPTS   more JVM options (e.g. -XX:StartFlightRecording=...)
#   CANAL_LOGBACK     Canal's log configuration (default canal/logback.xml)
# Canal starts at the current binlog position (with CANAL_META=file, at its
# saved position when it has one): start it before the workload. Ready when
# the instance knows its start position and its Kafka producer runs.
# Canal 1.1.4's binlog decoder cannot read the DDL events of MariaDB 10.6 and
# later (status variable Q_XID): it stops and retries at that event forever.
# Create tables before starting Canal; only DML while it runs.
set -eu
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CANAL_PORT=${CANAL_PORT:-21111}
CANAL_METRICS_PORT=${CANAL_METRICS_PORT:-21112}
CANAL_DIR=${CANAL_DIR:-/tmp/c2r-canal-$CANAL_PORT}
CANAL_CACHE=${CANAL_CACHE:-$here/.cache/canal}
CANAL_VERSION=${CANAL_VERSION:-1.1.4}
CANAL_HEAP=${CANAL_HEAP:--Xms128m -Xmx512m}
MARIADB_PORT=${MARIADB_PORT:-23306}
KAFKA_PORT=${KAFKA_PORT:-29092}
CANAL_DB_USER=${CANAL_DB_USER:-canal}
CANAL_DB_PASSWORD=${CANAL_DB_PASSWORD:-canal}
CANAL_DESTINATION=${CANAL_DESTINATION:-example}
CANAL_TOPIC=${CANAL_TOPIC:-canaltopic}
CANAL_FILTER=${CANAL_FILTER:-labex\\..*}
CANAL_PARTITION=${CANAL_PARTITION:-0}
CANAL_PARTITIONS_NUM=${CANAL_PARTITIONS_NUM:-}
CANAL_PARTITION_HASH=${CANAL_PARTITION_HASH:-}
CANAL_GET_TIMEOUT=${CANAL_GET_TIMEOUT:-60000}
CANAL_META=${CANAL_META:-memory}
CANAL_PROPERTIES=${CANAL_PROPERTIES:-}
CANAL_JAVA_OPTS=${CANAL_JAVA_OPTS:-}
CANAL_LOGBACK=${CANAL_LOGBACK:-$here/canal/logback.xml}
CANAL_SLAVE_ID=${CANAL_SLAVE_ID:-$(( 1000 + CANAL_PORT % 50000 ))}
# A new pom means a new cache folder.
libs=$CANAL_CACHE/lib-$CANAL_VERSION-$(cksum < "$here/canal/pom.xml" | cut -d" " -f1)
conf=$CANAL_DIR/conf
pidf=$CANAL_DIR/canal.pid
log=$CANAL_DIR/logs/canal.log

die() { echo "canal.sh: $*" >&2; exit 69; }

. "$(dirname "$0")/common.bash"
running() { pid_running "$pidf"; }

fetch() {
	mvn_fetch "$here/canal/pom.xml" "$libs" -Dcanal.version="$CANAL_VERSION" ||
	    die "fetching Canal $CANAL_VERSION with mvn failed"
}

# props VALUE: VALUE as a Java properties value (backslashes doubled).
props() { printf '%s' "$1" | sed 's/\\/\\\\/g'; }

# subst TEMPLATE OUT: replace every @NAME@ by the value of the exported
# variable S_NAME, literally.
subst() {
	awk '{
		line = $0; out = ""
		while ((i = index(line, "@")) > 0) {
			rest = substr(line, i + 1); j = index(rest, "@")
			name = substr(rest, 1, j - 1)
			if (j > 0 && ("S_" name) in ENVIRON) {
				out = out substr(line, 1, i - 1) ENVIRON["S_" name]
				line = substr(rest, j + 1)
			} else {
				out = out substr(line, 1, i); line = rest
			}
		}
		print out line
	}' "$1" > "$2"
}

write_config() {
	mkdir -p "$conf/spring" "$conf/$CANAL_DESTINATION" "$CANAL_DIR/logs"
	export S_CANAL_PORT=$CANAL_PORT S_CANAL_METRICS_PORT=$CANAL_METRICS_PORT
	export S_CANAL_DESTINATION=$CANAL_DESTINATION S_CANAL_CONF=$conf
	export S_KAFKA_PORT=$KAFKA_PORT S_MARIADB_PORT=$MARIADB_PORT
	export S_CANAL_GET_TIMEOUT=$CANAL_GET_TIMEOUT S_CANAL_SLAVE_ID=$CANAL_SLAVE_ID
	export S_CANAL_META=$CANAL_META S_CANAL_DATA=$CANAL_DIR/data
	case $CANAL_META in memory|file) ;; *) echo "canal.sh: CANAL_META is memory or file" >&2; exit 2;; esac
	mkdir -p "$CANAL_DIR/data"
	S_CANAL_DB_USER=$(props "$CANAL_DB_USER")
	S_CANAL_DB_PASSWORD=$(props "$CANAL_DB_PASSWORD")
	S_CANAL_FILTER=$(props "$CANAL_FILTER")
	S_CANAL_TOPIC=$(props "$CANAL_TOPIC")
	S_CANAL_PARTITION=$CANAL_PARTITION
	S_CANAL_PARTITIONS_NUM=$CANAL_PARTITIONS_NUM
	S_CANAL_PARTITION_HASH=$(props "$CANAL_PARTITION_HASH")
	S_CANAL_HASH_COMMENT=""
	[ -n "$CANAL_PARTITIONS_NUM" ] || S_CANAL_HASH_COMMENT="#"
	export S_CANAL_DB_USER S_CANAL_DB_PASSWORD S_CANAL_FILTER S_CANAL_TOPIC
	export S_CANAL_PARTITION S_CANAL_PARTITIONS_NUM S_CANAL_PARTITION_HASH
	export S_CANAL_HASH_COMMENT
	subst "$here/canal/canal.properties.in" "$conf/canal.properties"
	if [ -n "$CANAL_PROPERTIES" ]; then
		printf '\n# from CANAL_PROPERTIES (a later key wins)\n%s\n' \
		    "$CANAL_PROPERTIES" >> "$conf/canal.properties"
	fi
	subst "$here/canal/instance.properties.in" "$conf/$CANAL_DESTINATION/instance.properties"
	cp "$CANAL_LOGBACK" "$conf/logback.xml"
	cp "$here/canal/spring/"*.xml "$conf/spring/"
}

start() {
	if running; then
		wait_ready 120
		return
	fi
	command -v java >/dev/null || die "java not installed"
	fetch
	write_config
	: > "$log"
	# shellcheck disable=SC2086
	setsid java $CANAL_HEAP $CANAL_JAVA_OPTS -XX:+UseSerialGC -Djava.awt.headless=true \
	    -Dfile.encoding=UTF-8 -Duser.timezone=UTC \
	    --add-opens java.base/java.lang=ALL-UNNAMED \
	    --add-opens java.base/java.util=ALL-UNNAMED \
	    --add-opens java.base/java.nio=ALL-UNNAMED \
	    --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
	    -DappName=otter-canal -Dcanal.conf="$conf/canal.properties" \
	    -Dcanal.log.dir="$CANAL_DIR/logs" \
	    -Dlogback.configurationFile="$conf/logback.xml" \
	    -cp "$conf:$libs/*" com.alibaba.otter.canal.deployer.CanalLauncher \
	    </dev/null >"$CANAL_DIR/logs/stdout.log" 2>&1 &
	echo $! > "$pidf"
	wait_ready 120
}

ready() {	# the start position is known and the Kafka producer runs
	grep -q "find start position successfully" "$log" 2>/dev/null &&
	    grep -q "the MQ producer: $CANAL_DESTINATION is running now" "$log" 2>/dev/null
}

wait_ready() {
	local end=$(( $(date +%s) + $1 ))
	while :; do
		running || { tail -30 "$log" "$CANAL_DIR/logs/stdout.log" >&2 2>/dev/null
		    die "canal exited (see $log)"; }
		ready && return 0
		if [ "$(date +%s)" -ge "$end" ]; then
			grep -A3 ERROR "$log" | tail -20 >&2
			die "canal instance not started after $1 s (see $log)"
		fi
		sleep 0.2
	done
}

stop() { pid_stop "$pidf" 30; }

case ${1:-} in
fetch)	fetch ;;
start)	start ;;
stop)	stop ;;
status)	running && ready ;;
*)	echo "usage: canal.sh fetch|start|stop|status" >&2; exit 2 ;;
esac
