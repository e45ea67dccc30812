#!/usr/bin/env bash
# Start or stop a throwaway Apache (Debian's apache2, prefork + mod_cgi) on
# a private loopback port, serving one CGI program at /redis-view.
#   APACHE_PORT (default 28080)  APACHE_DIR (default /tmp/c2r-apache-$APACHE_PORT)
#   APACHE_CGI  the program to serve (default web/redis-view); copied into
#               $APACHE_DIR/cgi-bin so the server's user can run it.
# The environment the CGI gets (Apache passes none of its own) is set with
# SetEnv from these variables when set at start: REDIS_CLUSTER REDIS_HOST
# REDIS_PORT REDIS_DB REDIS_URL REDISCLI_AUTH REDIS_VIEW_KEY
# REDIS_VIEW_CHECKPOINT ASAN_OPTIONS UBSAN_OPTIONS.
# Own ServerRoot, config, logs and pid file under $APACHE_DIR (mode 755, so
# the www-data children can reach the program when started as root).
# Safe to call twice.
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
APACHE_PORT=${APACHE_PORT:-28080}
APACHE_DIR=${APACHE_DIR:-/tmp/c2r-apache-$APACHE_PORT}
APACHE_CGI=${APACHE_CGI:-$TOP/web/redis-view}
MODS=/usr/lib/apache2/modules
conf=$APACHE_DIR/httpd.conf
pidf=$APACHE_DIR/httpd.pid

. "$(dirname "$0")/common.bash"
running() { pid_running "$pidf"; }

config() {
	local v
	cat <<CONF
ServerRoot "$APACHE_DIR"
ServerName 127.0.0.1
Listen 127.0.0.1:$APACHE_PORT
PidFile "$pidf"
DefaultRuntimeDir "$APACHE_DIR/run"
Mutex file:$APACHE_DIR/run default
ErrorLog "$APACHE_DIR/error.log"
LogLevel warn
LogFormat "%h %t \"%r\" %>s %b" common
CustomLog "$APACHE_DIR/access.log" common
LoadModule mpm_prefork_module $MODS/mod_mpm_prefork.so
LoadModule authz_core_module $MODS/mod_authz_core.so
LoadModule alias_module $MODS/mod_alias.so
LoadModule env_module $MODS/mod_env.so
LoadModule cgi_module $MODS/mod_cgi.so
StartServers 1
MinSpareServers 1
MaxSpareServers 2
MaxRequestWorkers 8
Timeout 30
DocumentRoot "$APACHE_DIR/htdocs"
<Directory />
	AllowOverride None
	Require all denied
</Directory>
<Directory "$APACHE_DIR/htdocs">
	Require all granted
</Directory>
ScriptAlias /redis-view "$APACHE_DIR/cgi-bin/redis-view"
<Directory "$APACHE_DIR/cgi-bin">
	Require all granted
</Directory>
CONF
	# Apache refuses to run as root: its children become www-data.
	if [ "$(id -u)" -eq 0 ]; then
		echo "User www-data"
		echo "Group www-data"
	fi
	for v in REDIS_CLUSTER REDIS_HOST REDIS_PORT REDIS_DB REDIS_URL \
	    REDISCLI_AUTH REDIS_VIEW_KEY REDIS_VIEW_CHECKPOINT ASAN_OPTIONS UBSAN_OPTIONS; do
		[ -n "${!v:-}" ] && printf 'SetEnv %s "%s"\n' "$v" "${!v}"
	done
	return 0
}

case ${1:-} in
start)
	if running; then exit 0; fi
	command -v apache2 >/dev/null || { echo "apache.sh: apache2 not installed (make deps)" >&2; exit 69; }
	[ -x "$APACHE_CGI" ] || { echo "apache.sh: $APACHE_CGI: not built" >&2; exit 69; }
	mkdir -p "$APACHE_DIR/run" "$APACHE_DIR/htdocs" "$APACHE_DIR/cgi-bin"
	chmod 755 "$APACHE_DIR" "$APACHE_DIR/htdocs" "$APACHE_DIR/cgi-bin"
	install -m 755 "$APACHE_CGI" "$APACHE_DIR/cgi-bin/redis-view"
	config > "$conf"
	apache2 -f "$conf" -d "$APACHE_DIR" -k start
	for _ in $(seq 1 100); do
		if running && (exec 3<>"/dev/tcp/127.0.0.1/$APACHE_PORT") 2>/dev/null; then
			exit 0
		fi
		sleep 0.1
	done
	echo "apache.sh: apache2 did not start on port $APACHE_PORT (see $APACHE_DIR/error.log)" >&2
	exit 69
	;;
stop)
	pid_stop "$pidf" 10
	;;
*)
	echo "usage: apache.sh start|stop" >&2; exit 2;;
esac
