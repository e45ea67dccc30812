#!/usr/bin/env bash
# canal2ops | redis-cli into a real redis-server (private port): the Redis
# state must be the rows Canal sent, byte for byte (compared as JSON with
# jq), the keys the Canal rules give, and the checkpoint hash.
. "$(dirname "$0")/../lib.sh"
command -v redis-server >/dev/null || skip_all "redis-server not installed"
G=$TOP/test/canal2ops/golden
export REDIS_PORT REDIS_DIR
REDIS_PORT=$(free_port)
REDIS_DIR=$WORK/redis
at_exit "$TOP/test/services/redis.sh stop"
"$TOP/test/services/redis.sh" start
cli() { redis-cli -p "$REDIS_PORT" "$@"; }
apply() { "$CANAL2OPS" "$@" | cli > "$WORK/cli.out"; ! grep -q '^(error)\|^ERR' "$WORK/cli.out"; }

# Every column type, from the project's own capture of the real Canal
# 1.1.4 (test/canal2ops/stack: alltypes.ndjson as kcat-lite wrote the topic,
# alltypes.want the rows as MariaDB showed them): Redis holds MariaDB's
# values, Canal's ENUM, SET, DECIMAL and BINARY(n) text undone, but where
# Canal's text lost the value; --raw-values keeps Canal's text.
S=$TOP/test/canal2ops/stack
. "$S/lib.bash"
rcli() { cli "$@"; }
alltypes() { "$CANAL2OPS" -k '{table}:{pk}' --exclude-table nokey --no-checkpoint "$@" "$S/alltypes.ndjson"; }
alltypes > "$WORK/alltypes.ops"
cli < "$WORK/alltypes.ops" > "$WORK/cli.out"
check "alltypes: applied" sh -c "! grep -q '^(error)\\|^ERR' '$WORK/cli.out'"
stack_dump 0 > "$WORK/dump"
same "alltypes: the keys MariaDB's rows give" <(cut -f1 "$S/alltypes.want") <(cut -f1 "$WORK/dump")
is "alltypes: MariaDB's values but where Canal lost them" "$STACK_LOST" \
    "$(stack_differ <(stack_nofloat "$WORK/dump") "$S/alltypes.want")"
is "alltypes: FLOAT and DOUBLE as Canal wrote them" '["1.6777216E7","1.5","0.1"]' \
    "$(cli --raw GET alltypes:4 | jq -c '[.f, .f73, .dbl]')"
# and byte for byte as canal-ops(5) says the value is written
cli --raw GET alltypes:4 | head -c -1 > "$WORK/got4"
grep '^SET alltypes:4 ' "$WORK/alltypes.ops" | tail -1 |
    sed "s/^SET alltypes:4 '//; s/'\$//; s/\\\\'/'/g" | head -c -1 > "$WORK/want4"
same "alltypes row 4: value bytes" "$WORK/want4" "$WORK/got4"
cli FLUSHALL > /dev/null
alltypes --raw-values | cli > /dev/null
is "alltypes, --raw-values: Canal's ENUM, SET, DECIMAL, BINARY(8)" '["3","5","7.0","\u0007"]' \
    "$(cli --raw GET alltypes:4 | jq -c '[.e, .s, .dec2, .bn]')"
cli FLUSHALL > /dev/null
alltypes --hash | cli > /dev/null
is "alltypes, --hash: the same values" "$STACK_LOST" \
    "$(stack_differ <(stack_nofloat <(stack_dump 0)) "$S/alltypes.want")"
grep '"data"' "$S/alltypes.ndjson" | jq -r .payload > "$WORK/alltype"

# Key changes and deletes.
cli FLUSHALL > /dev/null
check "pk-change: applied" apply "$G/pk-change.in"
is "pk-change: keys" "10 5 7 8 9" "$(cli KEYS '*' | sort | tr '\n' ' ' | sed 's/ $//')"
is "pk-change: row 5" '{"id":"5","name":"e","age":"31"}' "$(cli --raw GET 5)"

# Unicode, control characters, quotes in keys and values.
cli FLUSHALL > /dev/null
grep -v 'lone surrogate in the key' "$G/unicode.in" > "$WORK/unicode"
check "unicode: applied" apply -k '{pk}' "$WORK/unicode"
is "unicode: key count" 4 "$(cli DBSIZE)"
is "unicode: UTF-8 key" '{"id":"ключ","v":"x"}' "$(cli --raw GET ключ)"
is "unicode: key with NUL, newline and quotes" 1 \
    "$(printf '%s\n' "EXISTS \"a\\x00b\\n'c\\\" d\"" | cli)"
jq -c '.data[0]' "$WORK/unicode" | head -1 > "$WORK/want"
cli --raw GET 1 | jq -c . > "$WORK/got"
same "unicode: row 1 equals the Canal row" "$WORK/want" "$WORK/got"
is "unicode: lone surrogate kept as written" \
    '{"id":"5","v":"lone \udc00 surrogate in a value is kept"}' "$(cli --raw GET 5)"

# A 1 MB row.
cli FLUSHALL > /dev/null
big=$(head -c 786432 /dev/zero | tr '\0' 'x')
printf '{"data":[{"id":"big","a":"%s","b":"tab\\there \\u00e9 it'"'"'s"}],"table":"t","type":"INSERT"}\n' "$big" > "$WORK/big"
check "1 MB row: applied" apply "$WORK/big"
is "1 MB row: length" "$(jq -c '.data[0]' "$WORK/big" | head -c -1 | wc -c)" "$(cli STRLEN big)"
jq -c '.data[0]' "$WORK/big" | md5sum > "$WORK/want"
cli --raw GET big | jq -c . | md5sum > "$WORK/got"
same "1 MB row: value equals the Canal row" "$WORK/want" "$WORK/got"

# Hash layout.
cli FLUSHALL > /dev/null
head -1 "$G/hash.in" > "$WORK/hash1"
check "hash: insert applied" apply --hash -k 'user:{id}' --exclude-columns id "$WORK/hash1"
is "hash: inserted fields" "name ann note two words" \
    "$(cli --raw HGETALL user:1 | paste -d' ' - - | sort | tr '\n' ' ' | sed 's/ $//')"
head -2 "$G/hash.in" | tail -1 > "$WORK/hash2"
check "hash: update applied" apply --hash -k 'user:{id}' --exclude-columns id "$WORK/hash2"
is "hash: NULL column gone, new one there" "email a@x name ann" \
    "$(cli --raw HGETALL user:1 | paste -d' ' - - | sort | tr '\n' ' ' | sed 's/ $//')"
check "hash: the rest applied" apply --hash -k 'user:{id}' --exclude-columns id "$G/hash.in"
is "hash: key change, all-NULL row and delete leave nothing" 0 "$(cli DBSIZE)"

# Envelopes: the checkpoint hash holds the last offset of each partition.
cli FLUSHALL > /dev/null
"$CANAL2OPS" -k '{pk}' --checkpoint-every 3 "$G/envelope.in" 2>/dev/null | cli > /dev/null
is "envelope: checkpoint" "orders:0 14 orders:1 6 users:0 0" \
    "$(cli --raw HGETALL canal2ops:checkpoint | paste -d' ' - - | sort | tr '\n' ' ' | sed 's/ $//')"
is "envelope: rows" "10 21 30 40" "$(cli KEYS '*' | grep -v : | sort -n | tr '\n' ' ' | sed 's/ $//')"
is "envelope: base64 payload row" '{"id":"30","v":"b64"}' "$(cli --raw GET 30)"

# The same ops through ops2redis (db 1) and through redis-cli (db 0) give
# the same Redis state: every key with a digest of its DUMP.
if [ -x "$OPS2REDIS" ]; then
	cli FLUSHALL > /dev/null
	{
		"$CANAL2OPS" -k '{table}:{pk}' --exclude-table nokey "$WORK/alltype"
		"$CANAL2OPS" -k '{pk}' "$G/pk-change.in" "$WORK/unicode" "$WORK/big"
		"$CANAL2OPS" -k '{pk}' --checkpoint-every 2 "$G/envelope.in" || true
		"$CANAL2OPS" --hash -k 'h:{pk}' "$WORK/hash1" "$WORK/hash2" "$G/composite.in"
	} > "$WORK/all.ops" 2>/dev/null
	cli -n 0 < "$WORK/all.ops" > /dev/null
	rc=0
	"$OPS2REDIS" -p "$REDIS_PORT" -n 1 "$WORK/all.ops" > /dev/null 2>"$WORK/o2r.err" || rc=$?
	is "ops2redis: applied the ops" 0 "$rc"
	state='local o = {}
	for _, k in ipairs(redis.call("KEYS", "*")) do
		o[#o + 1] = k .. " " .. redis.sha1hex(redis.call("DUMP", k))
	end
	table.sort(o)
	return o'
	cli -n 0 EVAL "$state" 0 > "$WORK/state0"
	cli -n 1 EVAL "$state" 0 > "$WORK/state1"
	check "redis-cli state is not empty" test "$(wc -l < "$WORK/state0")" -gt 10
	same "ops2redis and redis-cli give the same state" "$WORK/state0" "$WORK/state1"
else
	echo "# ops2redis not built: state comparison skipped"
fi
