# Sourced by the service scripts: the state of a daemon named by a pid file,
# and fetching a server's jars with Maven.

# pid_alive PID: a live process. A killed process whose parent is gone can
# linger as a zombie until it is reaped: it counts as stopped.
pid_alive() {
	case $(ps -o stat= -p "$1" 2>/dev/null) in
	""|Z*) return 1;;
	esac
}

# pid_running FILE: the pid file names a live process.
pid_running() { [ -s "$1" ] && pid_alive "$(cat "$1")"; }

# pid_stop FILE [SECONDS]: SIGTERM the process FILE names, SIGKILL it when
# it is still there after SECONDS (default 10), remove FILE.
pid_stop() {
	local pid _
	if pid_running "$1"; then
		pid=$(cat "$1")
		kill "$pid" 2>/dev/null || true
		for _ in $(seq 1 $(( ${2:-10} * 10 ))); do pid_alive "$pid" || break; sleep 0.1; done
		if pid_alive "$pid"; then
			kill -9 "$pid" 2>/dev/null || true
			for _ in $(seq 1 50); do pid_alive "$pid" || break; sleep 0.1; done
		fi
	fi
	rm -f "$1"
}

# mvn_fetch POM LIBS [MVN-ARGS...]: copy POM's runtime dependencies into the
# folder LIBS, once (LIBS/.complete marks a finished fetch). The jars go to
# a private folder first, then are renamed: two fetches at once never leave
# half a classpath. Returns 1 (and shows mvn's output) when mvn fails.
mvn_fetch() {
	local pom=$1 libs=$2 tmp
	shift 2
	[ -f "$libs/.complete" ] && return 0
	command -v mvn >/dev/null || { echo "mvn not installed (make deps)" >&2; return 1; }
	mkdir -p "$(dirname "$libs")"
	tmp=$(mktemp -d "$libs.XXXXXX")
	if ! mvn -q -B -f "$pom" "$@" \
	    org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies \
	    -DincludeScope=runtime -DoutputDirectory="$tmp" >"$tmp.log" 2>&1; then
		cat "$tmp.log" >&2; rm -rf "$tmp" "$tmp.log"
		return 1
	fi
	rm -f "$tmp.log"
	touch "$tmp/.complete"
	if ! mv -T "$tmp" "$libs" 2>/dev/null; then
		rm -rf "$tmp"	# another fetch won the race
		[ -f "$libs/.complete" ] || { echo "cannot install jars in $libs" >&2; return 1; }
	fi
}
