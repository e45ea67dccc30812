#!/usr/bin/env bash
# Every Canal sample in $SAMPLES: its records (the lines starting with "{")
# must give samples/NAME.out, the -v summary samples/NAME.err and the exit
# status samples/NAME.rc. The whole files, license comments included, are
# run too: each comment line is a bad record (not a JSON object).
. "$(dirname "$0")/../lib.sh"
S=$TOP/test/canal2ops/samples
[ -d "$SAMPLES" ] || skip_all "no samples in $SAMPLES"

for f in "$SAMPLES"/*.txt; do
	t=$(basename "$f" .txt)
	[ -f "$S/$t.out" ] || { not_ok "$t: no expected output"; continue; }
	rc=0
	grep '^{' "$f" | "$CANAL2OPS" -k '{pk}' -v > "$WORK/$t.out" 2> "$WORK/$t.err" || rc=$?
	same "$t: ops" "$S/$t.out" "$WORK/$t.out"
	same "$t: summary" "$S/$t.err" "$WORK/$t.err"
	is "$t: exit status" "$(cat "$S/$t.rc")" "$rc"
done

# A table without a primary key, keyed by --key-columns.
f=$SAMPLES/apache_paimon_table-nonpk-canal-data-1.txt
grep '^{' "$f" | "$CANAL2OPS" --key-columns v0,v1 -k '{database}:{table}:{pk}' > "$WORK/nonpk" || true
printf '%s\n' "SET non_pk:t:five:50 '{\"v0\":\"five\",\"v1\":\"50\"}'" \
    "SET non_pk:t:five:50 '{\"v0\":\"five\",\"v1\":\"50\"}'" > "$WORK/nonpk.want"
same "nonpk: keyed by --key-columns" "$WORK/nonpk.want" "$WORK/nonpk"

# Whole files: the 17 license lines are bad records; the rest as above.
f=$SAMPLES/apache_paimon_table-event-event-update.txt
t=$(basename "$f" .txt)
rc=0
"$CANAL2OPS" -v "$f" > "$WORK/whole.out" 2> "$WORK/whole.err" || rc=$?
same "whole $t: ops" "$S/$t.out" "$WORK/whole.out"
is "whole $t: bad records" 17 "$(grep -c ': not a JSON object at byte [0-9]*$' "$WORK/whole.err")"
is "whole $t: first bad line named" "canal2ops: $f:1: not a JSON object at byte 1" "$(head -1 "$WORK/whole.err")"
check "whole $t: summary counts the blank line" grep -q '^canal2ops: 19 lines (1 blank)' "$WORK/whole.err"
check "whole $t: summary counts 17 bad" grep -q '; 17 bad$' "$WORK/whole.err"
is "whole $t: exit status" 65 "$rc"
