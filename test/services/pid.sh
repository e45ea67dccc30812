# Sourced by the service scripts.
# pid_running FILE: the pid file names a live process. A killed process whose
# parent is gone can linger as a zombie until it is reaped: not running.
pid_running() {
	[ -s "$1" ] || return 1
	case $(ps -o stat= -p "$(cat "$1")" 2>/dev/null) in
	""|Z*) return 1;;
	esac
}
