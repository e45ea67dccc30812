#!/usr/bin/env bash
# canal2ops against the same job done by jq (bench/canal2ops.jq), on one
# generated stream of N Canal messages (bench/canal2ops-gen.awk), raw and
# in kcat -J envelopes, in one run; wall time from date(1), peak RSS from
# /usr/bin/time.
# canal2ops runs RUNS times (best time, largest RSS), jq once.
# Prints a markdown table for BENCHMARKS.md.
set -eu
cd "$(dirname "$0")/.."
export LC_ALL=C
N=${N:-100000}
RUNS=${RUNS:-5}
CANAL2OPS=${CANAL2OPS:-canal2ops/canal2ops}
W=$(mktemp -d "${TMPDIR:-/tmp}/c2r-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT

awk -v n="$N" -f bench/canal2ops-gen.awk > "$W/raw"
jq -cR '{topic: "canal", partition: 0, offset: (input_line_number - 1),
    tstype: "create", ts: 1700000000000, broker: 1, key: null, payload: .,
    headers: null}' "$W/raw" > "$W/env"

# run NAME OUT CMD...: one timed run, "seconds maxrss-kB" into $W/NAME.time
# (wall time to the millisecond from date, RSS from /usr/bin/time)
run() {
	local name=$1 out=$2 t0 t1; shift 2
	t0=$(date +%s%N)
	/usr/bin/time -f '%M' -o "$W/$name.rss" "$@" > "$out"
	t1=$(date +%s%N)
	echo "$(( (t1 - t0) / 1000000 )) $(cat "$W/$name.rss")" |
	    awk '{ printf "%.3f %d\n", $1 / 1000, $2 }' > "$W/$name.time"
}
# best of RUNS: smallest time, largest RSS
best() {
	local name=$1 out=$2 i t m bt="" bm=0; shift 2
	for i in $(seq 1 "$RUNS"); do
		run "$name" "$out" "$@"
		read -r t m < "$W/$name.time"
		if [ -z "$bt" ] || awk -v a="$t" -v b="$bt" 'BEGIN { exit !(a < b) }'; then bt=$t; fi
		[ "$m" -gt "$bm" ] && bm=$m
	done
	echo "$bt $bm" > "$W/$name.time"
}

best c2o-raw "$W/c2o-raw.out" "$CANAL2OPS" "$W/raw"
run jq-raw "$W/jq-raw.out" jq -r -f bench/canal2ops.jq "$W/raw"
best c2o-env "$W/c2o-env.out" "$CANAL2OPS" "$W/env"
# the yardstick: yajl parsing the same raw stream, no output (yajl-tools)
if command -v json_verify >/dev/null; then
	best yajl-raw /dev/null sh -c 'json_verify -s -q < "$1"' sh "$W/raw"
fi
run jq-env "$W/jq-env.out" jq -r -f bench/canal2ops.jq "$W/env"

# Both must have done the same job.
cmp -s "$W/c2o-raw.out" "$W/jq-raw.out" || { echo "canal2ops.sh: raw outputs differ" >&2; exit 1; }
grep -v '^HSET canal2ops:checkpoint ' "$W/c2o-env.out" | cmp -s - "$W/jq-env.out" ||
    { echo "canal2ops.sh: envelope outputs differ" >&2; exit 1; }

rb=$(( $(wc -c < "$W/raw") / N ))
eb=$(( $(wc -c < "$W/env") / N ))
ops=$(wc -l < "$W/jq-raw.out")
echo "$N Canal messages ($ops ops); raw ~$rb bytes/message, envelope ~$eb bytes/message; canal2ops best of $RUNS, jq $(jq --version)"
echo
echo "| input | tool | seconds | messages/s | MB/s in | peak RSS | vs jq |"
echo "|---|---|---|---|---|---|---|"
row() {	# row INPUT TOOL NAME BYTES JQNAME
	local t m jt
	read -r t m < "$W/$3.time"
	read -r jt _ < "$W/$5.time"
	awk -v i="$1" -v tool="$2" -v t="$t" -v m="$m" -v n="$N" -v b="$4" -v jt="$jt" 'BEGIN {
		if (t <= 0) t = 0.01
		printf "| %s | %s | %.3f | %.0fk | %.0f | %.1f MB | %.1fx |\n",
		    i, tool, t, n / t / 1000, n * b / t / 1e6, m / 1024, jt / t }'
}
row raw canal2ops c2o-raw "$rb" jq-raw
row raw jq jq-raw "$rb" jq-raw
[ -f "$W/yajl-raw.time" ] && row raw "json_verify -s (yajl, parse only)" yajl-raw "$rb" jq-raw
row envelope canal2ops c2o-env "$eb" jq-env
row envelope jq jq-env "$eb" jq-env
