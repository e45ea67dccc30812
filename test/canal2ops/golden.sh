#!/usr/bin/env bash
# Golden tests: each golden/NAME.in through canal2ops (options from
# NAME.args) must give NAME.out on stdout, NAME.err on stderr (empty when
# there is no such file) and exit status NAME.rc (0 when none).
. "$(dirname "$0")/../lib.sh"
G=$TOP/test/canal2ops/golden

for in in "$G"/*.in; do
	t=$(basename "$in" .in)
	set --
	[ -f "$G/$t.args" ] && eval "set -- $(cat "$G/$t.args")"
	want_rc=0
	[ -f "$G/$t.rc" ] && want_rc=$(cat "$G/$t.rc")
	rc=0
	"$CANAL2OPS" "$@" < "$in" > "$WORK/$t.out" 2> "$WORK/$t.err" || rc=$?
	same "$t: ops" "$G/$t.out" "$WORK/$t.out"
	if [ -f "$G/$t.err" ]; then
		same "$t: diagnostics" "$G/$t.err" "$WORK/$t.err"
	else
		same "$t: no diagnostics" /dev/null "$WORK/$t.err"
	fi
	is "$t: exit status" "$want_rc" "$rc"
done
