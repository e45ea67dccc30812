#!/usr/bin/env bash
# Huge lines: --max-line-bytes skips a line longer than the limit (a bad
# record, the lines after it still go through); running out of memory on a
# line names it and exits 71 after writing the ops of the lines before it;
# a JSON error far into a long line names its byte.
. "$(dirname "$0")/../lib.sh"
cd "$WORK"
C=$CANAL2OPS
row() { printf '{"data":[{"id":"%s","v":"%s"}],"table":"t","type":"INSERT"}\n' "$1" "$2"; }
long() { head -c "$1" /dev/zero | tr '\0' x; }

{ row 1 a; row 2 "$(long 5000)"; row 3 c; } > in
rc=0; "$C" --max-line-bytes 1000 -r rej in > out 2> err || rc=$?
is "--max-line-bytes: exit 65" 65 "$rc"
is "--max-line-bytes: the lines around it go through" "SET 1 '{\"id\":\"1\",\"v\":\"a\"}'|SET 3 '{\"id\":\"3\",\"v\":\"c\"}'" "$(paste -sd'|' out)"
is "--max-line-bytes: named with its length" \
    "canal2ops: in:2: a line of 5056 bytes, longer than --max-line-bytes 1000: skipped (not in the reject file)" "$(cat err)"
is "--max-line-bytes: nothing in the reject file" 0 "$(wc -c < rej)"
status_is "--max-line-bytes 0" 2 "$C" --max-line-bytes 0 /dev/null
status_is "the default limit takes a 5 kB line" 0 "$C" in

# A JSON error at the end of a long line: where it is.
{ printf '{"data":[{"id":"4","v":"%s"}],"table":"t","type":"INSERT"' "$(long 100000)"; echo ' x}'; } > bad
rc=0; "$C" bad > /dev/null 2> err || rc=$?
is "a long bad line: the byte of the error" "canal2ops: bad:1: expected ',' or '}' at byte 100057" "$(cat err)"

# Out of memory (the plain build: the sanitizers' own memory needs no limit).
P=$TOP/canal2ops/canal2ops
if [ -x "$P" ]; then
	{ row 1 a; row 2 "$(long 40000000)"; row 3 c; } > big
	rc=0; (ulimit -v 150000; "$P" big > out 2> err) || rc=$?
	is "out of memory while writing a row's ops: exit 71" 71 "$rc"
	is "  the ops of the lines before it are written" "SET 1 '{\"id\":\"1\",\"v\":\"a\"}'" "$(cut -c1-30 out)"
	is "  the line is named" "canal2ops: big:2: out of memory; the ops of the lines before it were written" "$(cat err)"
	{ row 1 a; row 2 "$(long 100000000)"; row 3 c; } > huge
	rc=0; (ulimit -v 100000; "$P" --max-line-bytes 200000000 huge > out 2> err) || rc=$?
	is "out of memory while reading a line: exit 71" 71 "$rc"
	is "  the ops of the lines before it are written" "SET 1 '{\"id\":\"1\",\"v\":\"a\"}'" "$(cat out)"
	check "  the line is named" grep -q "^canal2ops: huge:2: out of memory after [0-9]* bytes of the line (see --max-line-bytes); the ops of the lines before it were written$" err
	rm -f big huge
else
	echo "# $P not built: the out-of-memory checks skipped"
fi
