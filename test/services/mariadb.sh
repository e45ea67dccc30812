#!/usr/bin/env bash
# Start or stop a throwaway MariaDB server (Debian mariadb-server) on a
# private loopback port, with a row-based binlog for Canal.
#   MARIADB_PORT (default 23306)  MARIADB_DIR (default /tmp/c2r-mariadb-$MARIADB_PORT)
#   MARIADB_DATABASES databases to create (default "labex e2e")
#   MARIADB_ROW_IMAGE binlog_row_image (default FULL; MINIMAL, NOBLOB)
# Users: root (no password, over the socket $MARIADB_DIR/mysqld.sock);
# canal/canal with SELECT, REPLICATION SLAVE, REPLICATION CLIENT on *.*;
# labex/Aliyun-test (the user of the original lab tutorial) with all privileges on the databases.
#   mariadb.sh start|stop|client [mariadb ARGS...]
# "client" runs the mariadb client as root on the socket. Safe to call twice.
set -eu
MARIADB_PORT=${MARIADB_PORT:-23306}
MARIADB_DIR=${MARIADB_DIR:-/tmp/c2r-mariadb-$MARIADB_PORT}
MARIADB_DATABASES=${MARIADB_DATABASES:-labex e2e}
pidf=$MARIADB_DIR/mysqld.pid
sock=$MARIADB_DIR/mysqld.sock
cnf=$MARIADB_DIR/my.cnf

. "$(dirname "$0")/common.bash"
running() { pid_running "$pidf"; }
client() { mariadb --no-defaults --default-character-set=utf8mb4 -uroot -S "$sock" "$@"; }

case ${1:-} in
start)
	if running; then exit 0; fi
	command -v mariadbd >/dev/null || { echo "mariadb.sh: mariadbd not installed (make deps)" >&2; exit 69; }
	mkdir -p "$MARIADB_DIR"
	cat > "$cnf" <<EOF
[mysqld]
user = root
bind-address = 127.0.0.1
port = $MARIADB_PORT
socket = $sock
pid-file = $pidf
datadir = $MARIADB_DIR/data
tmpdir = $MARIADB_DIR
log-error = $MARIADB_DIR/mysqld.log
log-bin = $MARIADB_DIR/data/binlog
binlog_format = ROW
binlog_row_image = ${MARIADB_ROW_IMAGE:-FULL}
server_id = 1
character-set-server = utf8mb4
collation-server = utf8mb4_general_ci
skip-name-resolve
innodb_buffer_pool_size = 64M
innodb_log_file_size = 48M
innodb_flush_log_at_trx_commit = 2
sync_binlog = 0
performance_schema = OFF
EOF
	fresh=0
	if [ ! -d "$MARIADB_DIR/data/mysql" ]; then
		fresh=1
		mariadb-install-db --defaults-file="$cnf" --user=root \
		    --auth-root-authentication-method=normal --skip-test-db \
		    > "$MARIADB_DIR/install.log" 2>&1 || {
			echo "mariadb.sh: mariadb-install-db failed (see $MARIADB_DIR/install.log)" >&2; exit 69; }
	fi
	mariadbd --defaults-file="$cnf" > /dev/null 2>&1 &
	for _ in $(seq 1 300); do
		if running && client -e 'SELECT 1' >/dev/null 2>&1; then
			if [ "$fresh" = 1 ]; then
				{
				echo "CREATE USER IF NOT EXISTS 'canal'@'%' IDENTIFIED BY 'canal';"
				echo "GRANT SELECT, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'canal'@'%';"
				echo "CREATE USER IF NOT EXISTS 'labex'@'%' IDENTIFIED BY 'Aliyun-test';"
				for d in $MARIADB_DATABASES; do
					echo "CREATE DATABASE IF NOT EXISTS \`$d\`;"
					echo "GRANT ALL PRIVILEGES ON \`$d\`.* TO 'labex'@'%';"
				done
				echo "FLUSH PRIVILEGES;"
				} | client || { echo "mariadb.sh: could not create users" >&2; exit 69; }
			fi
			exit 0
		fi
		sleep 0.1
	done
	echo "mariadb.sh: mariadbd did not start on port $MARIADB_PORT (see $MARIADB_DIR/mysqld.log)" >&2
	exit 69
	;;
stop)
	pid_stop "$pidf" 30
	;;
client)
	shift
	client "$@"
	;;
*)
	echo "usage: mariadb.sh start|stop|client [mariadb-args]" >&2; exit 2;;
esac
