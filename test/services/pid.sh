# Sourced by the service scripts: the state of a daemon named by a pid file.
# A killed process whose parent is gone can linger as a zombie until it is
# reaped: it counts as stopped.
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
