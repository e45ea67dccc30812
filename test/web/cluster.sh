#!/usr/bin/env bash
# redis-view against a Redis Cluster (3 masters, a replica each, from
# test/services/redis-cluster.sh) filled through canal2ops | ops2redis -c
# with the demo's topic and 3000 generated rows: pages in headless
# Chromium and as JSON (curl + jq) cover every key of every master once,
# next and previous lead across masters and back, tables are grouped as on
# one node, the sync status comes from the master serving the checkpoint;
# a stale cursor after a failover, a master down (503), bad settings.
. "$(dirname "$0")/../lib.sh"
. "$TOP/test/web/web.bash"
. "$TOP/test/ops2redis/common.bash"
. "$TOP/test/ops2redis/cluster.bash"
: "${REDIS_VIEW:=$TOP/web/redis-view$sfx}"

for p in "$REDIS_VIEW" "$CANAL2OPS" "$OPS2REDIS"; do
	[ -x "$p" ] || skip_all "$p not built"
done
for c in apache2 chromium curl jq redis-server; do
	command -v "$c" >/dev/null || skip_all "$c not installed (make deps)"
done

# --- a cluster, and one node with the same data ---------------------------------
start_cluster 1
first_slot() { cl nodes | awk -v p="$1" '$1 == p { split($4, r, "-"); print r[1] }'; }
# the masters in the order of their slots
read -r m1 m2 m3 <<< "$(for m in $(cl masters); do echo "$(first_slot "$m") $m"; done |
    sort -n | cut -d' ' -f2 | paste -sd' ')"
start_redis ONE
C() { redis-cli -c -p "$m1" "$@"; }
ONE() { redis-cli -p "$ONE_PORT" "$@"; }

awk -v n=3000 'BEGIN {
	for (m = 0; m < n / 100; m++) {
		printf "{\"data\":["
		for (i = 1; i <= 100; i++) {
			id = m * 100 + i
			printf "%s{\"id\":\"%d\",\"name\":\"item %d\",\"price\":\"%d.%02d\"}",
			    (i > 1 ? "," : ""), id, id, id % 97, id % 100
		}
		printf "],\"database\":\"shop\",\"es\":1700000000000,\"id\":%d,\"isDdl\":false,", m + 1
		printf "\"mysqlType\":{\"id\":\"int\",\"name\":\"varchar(32)\",\"price\":\"decimal(10,2)\"},"
		printf "\"old\":null,\"pkNames\":[\"id\"],\"sql\":\"\",\"sqlType\":{\"id\":4,\"name\":12,\"price\":3},"
		printf "\"table\":\"item\",\"ts\":1700000000001,\"type\":\"INSERT\"}\n"
	}}' > "$WORK/items.json"
set +e
"$CANAL2OPS" -k '{table}:{pk}' "$TOP/examples/canal-topic.ndjson" |
    "$OPS2REDIS" -c $CL_SEEDS
st="${PIPESTATUS[*]}"
"$CANAL2OPS" --no-checkpoint -k '{table}:{pk}' "$WORK/items.json" |
    "$OPS2REDIS" -c $CL_SEEDS
st="$st ${PIPESTATUS[*]}"
"$CANAL2OPS" -k '{table}:{pk}' "$TOP/examples/canal-topic.ndjson" |
    "$OPS2REDIS" -p "$ONE_PORT"
st="$st ${PIPESTATUS[*]}"
set -e
is "canal2ops | ops2redis -c: the topic, 3000 rows; the topic on one node" \
    "0 0 0 0 0 0" "$st"
# Binlog times in the checkpoint, and a second partition (as test/web/page.sh).
now=$(date +%s)
es0=$(( (now - 3 * 86400) * 1000 )) es1=$(( (now - 300) * 1000 ))
for R in C ONE; do
	$R HSET canal2ops:checkpoint canaltopic:0:es "$es0" canaltopic:1 7 \
	    canaltopic:1:es "$es1" >/dev/null
done
ck_slot=$(C CLUSTER KEYSLOT canal2ops:checkpoint)
ck_master=$(cl master-of "$ck_slot")
is "the checkpoint is on the master of its slot" 1 \
    "$(redis-cli -p "$ck_master" EXISTS canal2ops:checkpoint)"

for m in $m1 $m2 $m3; do
	redis-cli -p "$m" --scan | grep -vx canal2ops:checkpoint | sort > "$WORK/keys.$m"
	# SCAN returns a key twice only while the key table is being resized.
	wait_for 10 sh -c '! redis-cli -p "$1" DEBUG HTSTATS 0 | grep -q rehashing' _ "$m" ||
	    echo "# Redis $m still rehashing"
done
sort -m "$WORK/keys.$m1" "$WORK/keys.$m2" "$WORK/keys.$m3" > "$WORK/keys"
is "the masters hold the rows" 3005 "$(wc -l < "$WORK/keys")"
check "every master holds more than a page of 400 keys" \
    test "$(wc -l < "$WORK/keys.$m1")" -gt 400 -a "$(wc -l < "$WORK/keys.$m2")" -gt 400 \
    -a "$(wc -l < "$WORK/keys.$m3")" -gt 400

# The page as the web server runs it: startup nodes as ops2redis -c takes them.
export REDIS_CLUSTER=1 REDIS_HOST=127.0.0.1 REDIS_PORT="$CL_PORTS"
start_apache
view() { "$REDIS_VIEW" "$1" | body; }

# --- JSON: pages across the masters ----------------------------------------------
cur=0 n=0; : > "$WORK/paged"; : > "$WORK/cursors"
while [ "$n" -lt 100 ]; do
	n=$((n + 1))
	curl -sf "$URL?format=json&count=200&cursor=$cur" > "$WORK/j.$n.json"
	jq -r '.rows[].key' "$WORK/j.$n.json" >> "$WORK/paged"
	echo "$cur" >> "$WORK/cursors"
	cur=$(jq -r .next_cursor "$WORK/j.$n.json")
	[ "$cur" = 0 ] && break
done
is "JSON: the next cursors lead to the last page" 0 "$cur"
same "JSON: every key of every master once" "$WORK/keys" <(sort "$WORK/paged")
is "JSON: three masters, in the order of their slots" "$m1 $m2 $m3" \
    "$(jq -r '[.cluster.masters[].node | sub(".*:"; "")] | join(" ")' "$WORK/j.1.json")"
is "JSON: the keys of each master" \
    "$(redis-cli -p "$m1" DBSIZE) $(redis-cli -p "$m2" DBSIZE) $(redis-cli -p "$m3" DBSIZE)" \
    "$(jq -r '[.cluster.masters[].keys] | join(" ")' "$WORK/j.1.json")"
is "JSON: dbsize is the keys of all masters (the checkpoint too)" 3006 \
    "$(jq -r .dbsize "$WORK/j.1.json")"
is "JSON: the cursors name each master in turn" \
    "$(first_slot "$m1") $(first_slot "$m2") $(first_slot "$m3")" \
    "$(grep : "$WORK/cursors" | cut -d: -f1 | uniq | paste -sd' ')"
# A page again from its cursor: what "previous" does.
k=$(( n / 2 + 1 ))
curl -sf "$URL?format=json&count=200&cursor=$(sed -n "${k}p" "$WORK/cursors")" > "$WORK/again.json"
same "JSON: a page's cursor gives that page again" \
    <(jq -r '.rows[].key' "$WORK/j.$k.json") <(jq -r '.rows[].key' "$WORK/again.json")
# The last page of the first master with more room: it takes keys of the
# next master too, and says it scanned both. (The rest of the first master
# may be no key at all: SCAN can end a full page with a cursor whose last
# call finds nothing.)
last1=$(grep -n "^$(first_slot "$m1"):" "$WORK/cursors" | tail -1 | cut -d: -f1)
: "${last1:=1}"
rest=$(jq -r '.rows[].key' "$WORK/j.$last1.json" | grep -cxFf "$WORK/keys.$m1" || :)
span="count=$((rest + 50))&cursor=$(sed -n "${last1}p" "$WORK/cursors")"
curl -sf "$URL?format=json&$span" > "$WORK/span.json"
jq -r '.rows[].key' "$WORK/span.json" | sort > "$WORK/span.keys"
check "a page spans two masters: keys of the next master" \
    grep -qxFf "$WORK/keys.$m2" "$WORK/span.keys"
is "a page spans two masters: both scanned" "$m1 $m2" \
    "$(jq -r '[.cluster.masters[] | select(.scanned) | .node | sub(".*:"; "")] | join(" ")' "$WORK/span.json")"
is "a page spans two masters: the rest of the first master's keys on it" "$rest" \
    "$(grep -cxFf "$WORK/keys.$m1" "$WORK/span.keys")"

# --- tables grouped as on one node; the sync status ------------------------------
# (the columns of the whole page come in the order SCAN met them)
strip='del(.cluster, .dbsize, .next_cursor, .columns, .sync.now, .sync.age_ms)'
curl -sf "$URL?format=json&count=1000&match=%5Boup%5D*" > "$WORK/topic.cluster.json"
env -u REDIS_CLUSTER REDIS_PORT="$ONE_PORT" REDIS_HOST=127.0.0.1 "$REDIS_VIEW" 'format=json&count=1000&match=%5Boup%5D*' |
    body > "$WORK/topic.one.json"
is "the demo's rows: on one page across the three masters" "5 $m1 $m2 $m3" \
    "$(jq -r '[(.rows | length)] + [.cluster.masters[] | select(.scanned) | .node | sub(".*:"; "")] | join(" ")' "$WORK/topic.cluster.json")"
jq -S "$strip" "$WORK/topic.one.json" > "$WORK/topic.one"
jq -S "$strip" "$WORK/topic.cluster.json" > "$WORK/topic.cluster"
same "tables, rows, columns and sync as on one node" "$WORK/topic.one" "$WORK/topic.cluster"
is "JSON: the sync status from the checkpoint" \
    "canaltopic 0 $(C HGET canal2ops:checkpoint canaltopic:0) $es0,canaltopic 1 7 $es1 $es1" \
    "$(jq -r '.sync.newest_es as $n | [.sync.partitions[] | "\(.topic) \(.partition) \(.offset) \(.es)"] | join(",") + " \($n)"' "$WORK/j.1.json")"
# The checkpoint key is read from the master of its slot, whichever it is.
for m in $m1 $m2 $m3; do
	for i in $(seq 1 200); do
		[ "$(cl master-of "$(C CLUSTER KEYSLOT "ck$i")")" = "$m" ] && break
	done
	C HSET "ck$i" t:0 "$m" >/dev/null
	is "checkpoint=ck$i on master $m" "$m" \
	    "$(view "format=json&count=1&checkpoint=ck$i" | jq -r '.sync.partitions[0].offset')"
	C DEL "ck$i" >/dev/null
done

# --- HTML in headless Chromium: next and previous across the masters -------------
qs="count=400"; n=0; : > "$WORK/html.keys"; sorted=1
while [ -n "$qs" ] && [ "$n" -lt 30 ]; do
	n=$((n + 1))
	chrome --dump-dom "$URL?$qs" > "$WORK/h.$n.html"
	tsv < "$WORK/h.$n.html" | awk -F'\t' '$2 != "#" { print $2 }' > "$WORK/h.$n.keys"
	cat "$WORK/h.$n.keys" >> "$WORK/html.keys"
	for t in item order_item product user; do
		grep "^$t:" "$WORK/h.$n.keys" > "$WORK/t.keys" || true
		cmp -s "$WORK/t.keys" <(sort -V "$WORK/t.keys") || sorted=0
	done
	qs=$(href next < "$WORK/h.$n.html"); qs=${qs#\?}
done
check "Chromium rendered the first page" grep -q '<section class="rows" id="t1">' "$WORK/h.1.html"
is "HTML: the next links lead to the last page" "" "$qs"
same "HTML: every key of every master once" "$WORK/keys" <(sort "$WORK/html.keys")
is "HTML: keys sorted within each table on every page" 1 "$sorted"
chrome --dump-dom "$URL?$span" > "$WORK/span.html"
# (which keys of the next master come first follows its SCAN order, which
# differs from run to run: the demo's rows of other tables may be among them)
here=$(grep -o '<span class="here">[^<]*' "$WORK/span.html" | sed 's/<[^>]*>//')
case $here in
"this page: $(wc -l < "$WORK/span.keys") keys"*", from 127.0.0.1:$m1 and 127.0.0.1:$m2")
	ok "HTML: a page that spans two masters names both";;
*)	not_ok "HTML: a page that spans two masters names both: $here";;
esac
is "HTML: ... its item rows in one table, keys sorted" "$(grep '^item:' "$WORK/span.keys" | sort -V)" \
    "$(tsv < "$WORK/span.html" | awk -F'\t' '$1 == "item" && $2 != "#" { print $2 }')"
check "HTML: a table a source table, as on one node" grep -qF \
    '<thead><tr><th>key</th><th class="num">id</th><th>name</th><th class="num">price</th></tr></thead>' "$WORK/h.1.html"
check "HTML: the masters listed, with their slots and keys" \
    grep -qE "<p class=\"where\" id=\"masters\">Masters: <span class=\"node scanned\" title=\"[0-9a-f]{40}\">127.0.0.1:$m1</span> \\(slots 0-[0-9]+, $(redis-cli -p "$m1" DBSIZE) keys\\)" "$WORK/h.1.html"
check "HTML: keys of all masters in the header" grep -qF "Redis Cluster, 3 masters · 3006 keys in all" "$WORK/h.1.html"
back=1
for i in $(seq "$n" -1 2); do
	qs=$(href prev < "$WORK/h.$i.html")
	curl -sf "$URL$qs" | tsv | awk -F'\t' '$2 != "#" { print $2 }' > "$WORK/back.keys"
	cmp -s "$WORK/back.keys" "$WORK/h.$((i - 1)).keys" || back=0
done
is "HTML: previous links lead back through every page ($n pages)" 1 "$back"
chrome --dump-dom "$URL$(href prev < "$WORK/h.3.html")" | tsv |
    awk -F'\t' '$2 != "#" { print $2 }' > "$WORK/back.keys"
same "HTML: previous in Chromium too" "$WORK/h.2.keys" "$WORK/back.keys"
sed -n '/<section id="sync"/,/<\/section>/p' "$WORK/h.1.html" > "$WORK/sync.html"
is "HTML: sync, the newest binlog time" \
    "<time datetime=\"$(date -u -d "@$((es1 / 1000))" +%Y-%m-%dT%H:%M:%SZ)\">" \
    "$(grep -o '<time datetime="[^"]*">' "$WORK/sync.html" | head -1)"
is "HTML: sync, the position of each partition" \
    "$(printf 'canaltopic [0] at offset %s\ncanaltopic [1] at offset 7' "$(C HGET canal2ops:checkpoint canaltopic:0)")" \
    "$(grep -o '<span class="part">[^<]*' "$WORK/sync.html" | sed 's/<[^>]*>//; s/&nbsp;/ /; s/ *$//')"
chrome --dump-dom "$URL?count=1000&match=%5Boup%5D*" | tsv > "$WORK/topic.cluster.tsv"
env -u REDIS_CLUSTER REDIS_PORT="$ONE_PORT" REDIS_HOST=127.0.0.1 "$REDIS_VIEW" 'count=1000&match=%5Boup%5D*' |
    body | tsv > "$WORK/topic.one.tsv"
same "HTML: the demo's tables as on one node" "$WORK/topic.one.tsv" "$WORK/topic.cluster.tsv"

# --- cursors and settings that do not fit ------------------------------------------
is "a cursor of one node: 400" 400 "$(code "$URL?cursor=17")"
check "the 400 page says why" grep -qF 'cursor: names no master of the Redis Cluster' "$WORK/body"
is "back cursors of one node: 400" 400 "$(code "$URL?format=json&back=0,17")"
is "a cursor of no slot: 400" 400 "$(code "$URL?cursor=16384:0123abcd:1")"
is "a master's cursor without REDIS_CLUSTER: 400" \
    "Status: 400 Bad Request|cursor: names a Redis Cluster master, and REDIS_CLUSTER is not set" \
    "$(env -u REDIS_CLUSTER REDIS_PORT="$ONE_PORT" "$REDIS_VIEW" 'format=json&cursor=0:0123abcd:5' 2>/dev/null |
    tr -d '\r' | sed -n '1p;$p' | sed 's/^{"error":"\(.*\)"}$/\1/' | paste -sd'|')"
status_is "REDIS_CLUSTER=2: exit 69" 69 sh -c 'REDIS_CLUSTER=2 "$1" >/dev/null 2>&1' _ "$REDIS_VIEW"
is "REDIS_CLUSTER=2: says why" "REDIS_CLUSTER: not 1 or 0: 2" \
    "$(REDIS_CLUSTER=2 "$REDIS_VIEW" format=json 2>/dev/null | body | jq -r .error)"
is "REDIS_DB=1 in a cluster: says why" "REDIS_DB: a Redis Cluster has database 0 only" \
    "$(REDIS_DB=1 "$REDIS_VIEW" format=json 2>/dev/null | body | jq -r .error)"
is "REDIS_CLUSTER at a node that is not in a cluster: says so" \
    "Redis 127.0.0.1:$ONE_PORT is not a Redis Cluster node, and REDIS_CLUSTER is set" \
    "$(REDIS_PORT=$ONE_PORT "$REDIS_VIEW" format=json 2>/dev/null | body | jq -r .error)"
dead=$(free_port)
is "a startup node that does not answer: the next one" 3005 \
    "$(REDIS_PORT="$dead $m2" "$REDIS_VIEW" 'format=json&count=1' | body | jq -r '[.cluster.masters[].keys] | add - 1')"
is "REDIS_URL: a list of startup nodes" "$m1 $m2 $m3" \
    "$(env -u REDIS_PORT REDIS_URL="redis://127.0.0.1:$dead, redis://127.0.0.1:$m3" "$REDIS_VIEW" 'format=json&count=1' |
    body | jq -r '[.cluster.masters[].node | sub(".*:"; "")] | join(" ")')"
REDIS_PORT="$dead $dead" "$REDIS_VIEW" format=json > "$WORK/nonode" 2>/dev/null || true
is "no startup node answers: 503" "Status: 503 Service Unavailable" "$(head -1 "$WORK/nonode" | tr -d '\r')"
is "no startup node answers: says so" \
    "none of the nodes asked gave the cluster's map; the last: cannot connect to Redis 127.0.0.1:$dead: Connection refused" \
    "$(body < "$WORK/nonode" | jq -r .error)"
# One node of a cluster without REDIS_CLUSTER: its own keys, and a sync
# status that says what to set.
other=$m1; [ "$ck_master" = "$m1" ] && other=$m2
is "without REDIS_CLUSTER: one master's keys, the checkpoint elsewhere" \
    "$(wc -l < "$WORK/keys.$other") true" \
    "$(env -u REDIS_CLUSTER REDIS_PORT="$other" "$REDIS_VIEW" 'format=json&count=1' | body |
    jq -r '"\(.dbsize) \(.sync.error | test("^MOVED [0-9]+ .*set REDIS_CLUSTER"))"')"

# --- the cluster changes between pages: a stale cursor ---------------------------
# A cursor in the middle of the second master; its replica takes over.
stale=$(grep "^$(first_slot "$m2"):" "$WORK/cursors" | grep -v ':0$' | head -1 || true)
check "a cursor in the middle of the second master" test -n "$stale"
slot2=${stale%%:*}
r2=$(cl replicas "$m2")
redis-cli -p "$r2" CLUSTER FAILOVER >/dev/null
wait_for 30 sh -c '[ "$("$1" master-of "$2")" = "$3" ]' _ "$TOP/test/services/redis-cluster.sh" "$slot2" "$r2" &&
    cl wait-ok 60 || echo "# the failover did not finish"
is "the replica serves the second master's slots" "$r2" "$(cl master-of "$slot2")"
curl -sf "$URL?format=json&count=200&cursor=$stale" > "$WORK/stale.json"
fresh=$(jq -r '.cluster.masters[1] | "\(.slots | sub("-.*"; "")):\(.id[0:8]):0"' "$WORK/stale.json")
curl -sf "$URL?format=json&count=200&cursor=$fresh" > "$WORK/fresh.json"
is "a stale cursor: said" "true false" \
    "$(jq -r .cluster.restarted "$WORK/stale.json") $(jq -r .cluster.restarted "$WORK/fresh.json")"
jq -r '.rows[].key' "$WORK/fresh.json" > "$WORK/fresh.keys"
jq -r '.rows[].key' "$WORK/stale.json" > "$WORK/stale.keys"
same "a stale cursor: the master now serving its slot from its start" \
    "$WORK/fresh.keys" "$WORK/stale.keys"
is "a stale cursor: the new master scanned" "$r2" \
    "$(jq -r '[.cluster.masters[] | select(.scanned) | .node | sub(".*:"; "")][0]' "$WORK/stale.json")"
code "$URL?count=200&cursor=$stale" > /dev/null
check "HTML: a stale cursor, the page says what happened" grep -qF \
    "<p class=\"note\" id=\"restarted\">The cluster changed since this page&#39;s link was made: slot $slot2 is now served by 127.0.0.1:$r2" "$WORK/body"
cur=0; : > "$WORK/paged2"
for _ in $(seq 1 100); do
	curl -sf "$URL?format=json&count=500&cursor=$cur" > "$WORK/p.json"
	jq -r '.rows[].key' "$WORK/p.json" >> "$WORK/paged2"
	cur=$(jq -r .next_cursor "$WORK/p.json")
	[ "$cur" = 0 ] && break
done
same "after the failover: every key once" "$WORK/keys" <(sort "$WORK/paged2")

# --- a slot migrating: keys already moved are read after ASK ----------------------
as=$(C CLUSTER KEYSLOT '{ask}')
src=$(cl master-of "$as")
dst=$(cl masters | grep -vx "$src" | head -1)
C SET 'item:{ask}1' '{"id":"a1","name":"moved","price":"1.00"}' >/dev/null
C SET 'item:{ask}2' '{"id":"a2","name":"stays","price":"2.00"}' >/dev/null
redis-cli -p "$dst" CLUSTER SETSLOT "$as" IMPORTING "$(redis-cli -p "$src" CLUSTER MYID)" >/dev/null
redis-cli -p "$src" CLUSTER SETSLOT "$as" MIGRATING "$(redis-cli -p "$dst" CLUSTER MYID)" >/dev/null
redis-cli -p "$src" MIGRATE 127.0.0.1 "$dst" 'item:{ask}1' 0 5000 >/dev/null
is "one key moved, one not yet" "1 OK 1" \
    "$(redis-cli -p "$src" EXISTS 'item:{ask}2') $(printf 'ASKING\nEXISTS item:{ask}1\n' |
    redis-cli -p "$dst" | paste -sd' ')"
is "a migrating slot: each key read where it is" "item:{ask}1 string moved,item:{ask}2 string stays" \
    "$(view 'format=json&count=1000&match=item:%7Bask%7D*' | jq -r '[.rows[] | "\(.key) \(.type) \(.fields.name)"] | join(",")')"
# the rest of the slot (other keys may share it), then the slot
redis-cli -p "$src" CLUSTER GETKEYSINSLOT "$as" 1000 | while read -r k; do
	redis-cli -p "$src" MIGRATE 127.0.0.1 "$dst" "$k" 0 5000 >/dev/null
done
for m in $(cl masters); do
	redis-cli -p "$m" CLUSTER SETSLOT "$as" NODE "$(redis-cli -p "$dst" CLUSTER MYID)" >/dev/null
done
cl wait-ok 60 || echo "# the cluster is not ok after the migration"
is "the slot migrated: both keys from the new owner" "item:{ask}1 moved,item:{ask}2 stays" \
    "$(view 'format=json&count=1000&match=item:%7Bask%7D*' | jq -r '[.rows[] | "\(.key) \(.fields.name)"] | join(",")')"

# --- a master down: 503 until its replica takes over ------------------------------
pid3=$(cl pid "$m3")
slot3=$(first_slot "$m3")
kill -9 "$pid3"
wait_for 10 sh -c '! redis-cli -p "$1" PING' _ "$m3" || true
is "a master down: 503" 503 "$(code "$URL")"
check "the 503 page names the master and its slots" grep -qE \
    "id=\"error\">cannot connect to Redis 127.0.0.1:$m3: .* \\(the master of slots $slot3-[0-9 -]+\\)" "$WORK/body"
is "a master down, JSON: 503" 503 "$(code "$URL?format=json")"
check "a JSON error" sh -c 'jq -e ".error | test(\"127.0.0.1:$2\")" "$1" >/dev/null' _ "$WORK/body" "$m3"
status_is "a master down: exit 69" 69 sh -c '"$1" >/dev/null 2>&1' _ "$REDIS_VIEW"
wait_for 60 sh -c 'm=$("$1" master-of "$2") && [ -n "$m" ] && [ "$m" != "$3" ]' _ \
    "$TOP/test/services/redis-cluster.sh" "$slot3" "$m3" || echo "# no failover of $m3"
is "after the failover: 200, every master's keys" "200 3008" \
    "$(code "$URL?format=json&count=1") $(jq -r .dbsize "$WORK/body")"

# --- nothing the sanitizers or Apache complained about ------------------------------
is "no sanitizer report in Apache's error log" 0 \
    "$(grep -c -e AddressSanitizer -e 'runtime error' -e LeakSanitizer "$APACHE_DIR/error.log" || true)"
