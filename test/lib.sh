# Shared by the test scripts: sourced, never run.
# A script prints one TAP-style line per check ("ok - what" / "not ok - what");
# test/run counts them. Every script gets a private work dir, cleaned by a trap.
set -eu
export LC_ALL=C
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export TOP
VARIANT=${VARIANT:-san}
sfx=""; [ "$VARIANT" = san ] && sfx=".san"
: "${CANAL2OPS:=$TOP/canal2ops/canal2ops$sfx}"
: "${OPS2REDIS:=$TOP/ops2redis/ops2redis$sfx}"
: "${KCAT_LITE:=$TOP/kcat-lite/kcat-lite$sfx}"
: "${MYSQL2CANAL:=$TOP/mysql2canal/mysql2canal$sfx}"
export CANAL2OPS OPS2REDIS KCAT_LITE MYSQL2CANAL
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:exitcode=99}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
SAMPLES=${SAMPLES:-$TOP/../shared/canal-samples}

T_PASS=0
T_FAIL=0
WORK=$(mktemp -d "${TMPDIR:-/tmp}/c2r-test.XXXXXX")
T_CLEANUP=""			# commands run at exit (services to stop)
t_exit() {
	local rc=$?
	trap - ERR
	eval "$T_CLEANUP" || true
	rm -rf "$WORK"
	echo "# $(basename "$0"): $T_PASS passed, $T_FAIL failed"
	[ "$T_FAIL" -eq 0 ] && [ "$rc" -eq 0 ]
}
trap t_exit EXIT
# A command that ends the script (set -e) is named, so the log says where.
set -E
trap 'case $- in *e*) echo "# ${0##*/}: line $LINENO: exit $?" >&2; esac' ERR
trap 'exit 130' INT TERM

# at_exit CMD: run CMD when the script ends (last registered runs first).
at_exit() { T_CLEANUP="$1; $T_CLEANUP"; }

ok()     { T_PASS=$((T_PASS + 1)); echo "ok - $*"; }
not_ok() { T_FAIL=$((T_FAIL + 1)); echo "not ok - $*"; }

# check NAME CMD...: ok when CMD succeeds.
check() { local n=$1; shift; if "$@"; then ok "$n"; else not_ok "$n"; fi; }

# same NAME EXPECTED-FILE ACTUAL-FILE: ok when equal, else show the diff.
same() {
	if cmp -s "$2" "$3"; then ok "$1"; else
		not_ok "$1"; diff -u "$2" "$3" | head -40 | sed 's/^/#   /'; fi
}

# is NAME EXPECTED ACTUAL: ok when the strings are equal.
is() {
	if [ "$2" = "$3" ]; then ok "$1"; else
		not_ok "$1"; echo "#   expected: $2"; echo "#   actual:   $3"; fi
}

# status_is NAME CODE CMD...: ok when CMD exits with CODE.
status_is() {
	local n=$1 want=$2 rc=0; shift 2
	"$@" || rc=$?
	is "$n (exit $want)" "$want" "$rc"
}

# free_port: a free private loopback port (test/services/free-port), a
# different one on every call.
free_port() {
	local p i
	for i in $(seq 1 50); do
		p=$("$TOP/test/services/free-port") || return 1
		if ! grep -qx "$p" "$WORK/.ports" 2>/dev/null; then
			echo "$p" >> "$WORK/.ports"; echo "$p"; return 0
		fi
	done
	echo "free_port: no free port" >&2; return 1
}

# wait_for SECONDS CMD...: poll CMD until it succeeds or time runs out.
wait_for() {
	local t=$1 end; shift
	end=$(( $(date +%s) + t ))
	until "$@" >/dev/null 2>&1; do
		[ "$(date +%s)" -lt "$end" ] || return 1
		sleep 0.1
	done
}

# skip_all REASON: the script cannot run here (says so, counts nothing).
skip_all() { echo "# SKIP $(basename "$0"): $*"; exit 0; }
