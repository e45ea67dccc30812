#!/usr/bin/env bash
# Partial row images on the real stack. Canal 1.1.4 refuses to start when
# the server's binlog_row_image is not FULL, but any session can set its
# own: then Canal writes only the columns the binlog has (MINIMAL: the
# changed ones, and no key in an UPDATE that keeps it; NOBLOB: all but the
# unchanged TEXT/BLOB ones), and mysqlType lists only those too.
# canal2ops must never SET such a row as the whole row (a bad record that
# names what is missing); with --hash it merges the columns present.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
e2e_require
e2e_ports
TOPIC=rowimage
T=${E2E_TIMEOUT:-30}

e2e_start_db
e2e_start_redis
e2e_start_kafka
"$E2E_SVC/kafka.sh" create-topic "$TOPIC" 1
sql -D e2e <<'EOF'
drop table if exists p;
create table p(id int primary key, a varchar(10), b int, c text);
EOF
CANAL_TOPIC=$TOPIC CANAL_FILTER='e2e\.p' e2e_start_canal

# as root: setting binlog_row_image needs SUPER or BINLOG ADMIN
root_sql() { "$E2E_SVC/mariadb.sh" client "$@"; }
root_sql -D e2e <<'EOF'
insert into p values (1, 'x', 1, 'text one'), (2, 'y', 2, 'text two'), (3, 'z', 3, null);
set session binlog_row_image = NOBLOB;
update p set a = 'x2' where id = 1;
set session binlog_row_image = MINIMAL;
update p set b = 20 where id = 2;
insert into p (id, a) values (4, 'w');
update p set id = 30 where id = 3;
EOF
# 1 full insert + 4 partial events + the marker below
root_sql -D e2e -e "set session binlog_row_image = FULL; insert into p values (99, 'end', 0, null)"
wait_for "$T" sh -c "[ \$('$KCAT_LITE' -C -e -q -b $BROKER -t $TOPIC 2>/dev/null | wc -l) -ge 6 ]" ||
    not_ok "Canal wrote the events"
"$KCAT_LITE" -C -e -q -b "$BROKER" -t "$TOPIC" > "$WORK/topic" 2>/dev/null
payload() { jq -r .payload "$WORK/topic" | sed -n "${1}p"; }
is "NOBLOB: the UPDATE lacks the unchanged TEXT column" '["id","a","b"]' \
    "$(payload 2 | jq -c '.data[0] | keys_unsorted')"
is "MINIMAL: the UPDATE has neither the key nor the other columns" '["b"]' \
    "$(payload 3 | jq -c '.data[0] | keys_unsorted')"

# mysql's view: "id<TAB>JSON of the non-NULL columns", for the hash layout
mysql_rows() {
	sql -D e2e -N -B -r -e "select id, json_object('id', cast(id as char), 'a', a,
	    'b', cast(b as char), 'c', c) from p order by id" |
	    while IFS=$'\t' read -r id row; do
		printf '%s\t%s\n' "$id" "$(echo "$row" | jq -cS 'with_entries(select(.value != null))')"
	    done
}
hash_rows() {
	local id
	for id in $(sql -D e2e -N -e "select id from p order by id"); do
		printf '%s\t%s\n' "$id" "$(rcli --raw HGETALL "h:$id" | paste - - |
		    jq -R -s -cS 'split("\n") | map(select(. != "") | split("\t") | {(.[0]): .[1]}) | add // {}')"
	done
}

# The string layout: the partial images are bad records, Redis keeps the
# whole rows it had (stale, and said so), never a partial one.
rc=0
"$CANAL2OPS" -k 'p:{pk}' -r "$WORK/rej" "$WORK/topic" 2> "$WORK/str.err" |
    "$OPS2REDIS" -p "$REDIS_PORT" 2>/dev/null || rc=$?
rc=${PIPESTATUS[0]}
is "string layout: exit 65" 65 "$rc"
is "string layout: the 4 partial images rejected" 4 "$(grep -c . "$WORK/rej")"
check "string layout: NOBLOB named" grep -q "row 1: a partial row image: it lacks column c, which e2e.p has" "$WORK/str.err"
check "string layout: MINIMAL named" grep -q "row 1: a partial row image: it lacks columns id, a, c, which e2e.p has" "$WORK/str.err"
is "string layout: row 1 is the whole image it had" '{"id":"1","a":"x","b":"1","c":"text one"}' "$(rcli --raw GET p:1)"
is "string layout: no partial row 4" 0 "$(rcli EXISTS p:4)"
is "string layout: row 99 after the bad ones" '{"id":"99","a":"end","b":"0","c":null}' "$(rcli --raw GET p:99)"

# The hash layout merges what a partial image has; an UPDATE without its
# key (MINIMAL) or one that moves the key cannot be merged: bad records.
rc=0
"$CANAL2OPS" --hash -k 'h:{pk}' "$WORK/topic" 2> "$WORK/hash.err" |
    "$OPS2REDIS" -p "$REDIS_PORT" 2>/dev/null || rc=$?
rc=${PIPESTATUS[0]}
is "hash layout: exit 65" 65 "$rc"
is "hash layout: 2 bad records" 2 "$(grep -c 'partial row image' "$WORK/hash.err")"
check "hash layout: the UPDATE without its key named" grep -q "a partial row image without the columns of its key: it lacks id, a, c" "$WORK/hash.err"
check "hash layout: the key change named" grep -q "a partial row image that changes the key" "$WORK/hash.err"
mysql_rows > "$WORK/mysql"
hash_rows > "$WORK/hash"
same "hash layout: rows 1 (NOBLOB) and 4 (MINIMAL insert) equal MySQL's" \
    <(grep -E '^(1|4|99)\b' "$WORK/mysql") <(grep -E '^(1|4|99)\b' "$WORK/hash")
