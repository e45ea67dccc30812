#!/usr/bin/env bash
# redis-view end to end: Redis filled through canal2ops | ops2redis from the
# Canal topic captured from the project's stack (examples/) and hand-made
# records, served by a private Apache (mod_cgi),
# loaded in headless Chromium; JSON checked with curl + jq; 503 when Redis
# is down; the connection taken from the environment.
. "$(dirname "$0")/../lib.sh"
. "$TOP/test/web/web.bash"
: "${REDIS_VIEW:=$TOP/web/redis-view$sfx}"

for p in "$REDIS_VIEW" "$CANAL2OPS"; do
	[ -x "$p" ] || skip_all "$p not built"
done
for c in apache2 chromium curl jq redis-server; do
	command -v "$c" >/dev/null || skip_all "$c not installed (make deps)"
done

# --- the command line ------------------------------------------------------
status_is "-h" 0 sh -c '"$1" -h >/dev/null' _ "$REDIS_VIEW"
status_is "bad option" 2 sh -c '"$1" -x 2>/dev/null' _ "$REDIS_VIEW"
status_is "two operands" 2 sh -c '"$1" a b 2>/dev/null' _ "$REDIS_VIEW"
is "-V" "redis-view $(sed -n 's/^VERSION *= *//p' "$TOP/Makefile")" "$("$REDIS_VIEW" -V)"
check "usage equals the man page SYNOPSIS" \
    test "$("$REDIS_VIEW" -h | sed '$d')" = "usage: $(mandoc -Tutf8 "$TOP/man/redis-view.1" | col -b |
    sed -n '/^SYNOPSIS/{n;p;}' | sed 's/^ *//')"
is "-h ends with a pointer to the man page" "See redis-view(1)." "$("$REDIS_VIEW" -h | tail -1)"
# errors name the program, never its path (getopt's own messages do)
"$REDIS_VIEW" -x 2> "$WORK/opt.err" || true
is "a bad option is named after the program's name" "redis-view: unknown option -x" \
    "$(head -1 "$WORK/opt.err")"
"$REDIS_VIEW" --no-such 2> "$WORK/opt.err" || true
is "a bad long option too" "redis-view: unknown option --no-such" "$(head -1 "$WORK/opt.err")"

# --- services ---------------------------------------------------------------
# free_port's range overlaps the kernel's ephemeral ports, so a port can
# be taken between the probe and the bind: try another one then.
REDIS_DIR=$WORK/redis; export REDIS_DIR
for try in 1 2 3; do
	REDIS_PORT=$(free_port); export REDIS_PORT
	if "$TOP/test/services/redis.sh" start; then break; fi
	"$TOP/test/services/redis.sh" stop
	[ "$try" -lt 3 ] || { not_ok "redis starts"; exit 1; }
done
at_exit "REDIS_PORT=$REDIS_PORT '$TOP/test/services/redis.sh' stop"
start_apache
R() { redis-cli -p "$REDIS_PORT" "$@"; }

# --- fill Redis through canal2ops | ops2redis --------------------------------
cat > "$WORK/hand.json" <<'J'
{"data":[{"id":"900","name":"<script>alert(1)</script>","note":"Tom & \"Jerry\" 'x' <b>"}],"database":"shop","es":1700000000000,"id":3,"isDdl":false,"mysqlType":{"id":"int","name":"varchar(64)","note":"varchar(64)"},"old":null,"pkNames":["id"],"sql":"","sqlType":{"id":4,"name":12,"note":12},"table":"products","ts":1700000000001,"type":"INSERT"}
J
cat > "$WORK/user.json" <<'J'
{"data":[{"id":"7","name":"<img src=x onerror=alert(2)>","password":"s3cret"}],"database":"shop","es":1700000000000,"id":4,"isDdl":false,"mysqlType":{"id":"int","name":"varchar(64)","password":"varchar(64)"},"old":null,"pkNames":["id"],"sql":"","sqlType":{"id":4,"name":12,"password":12},"table":"users","ts":1700000000001,"type":"INSERT"}
J
apply() {
	if [ -x "$OPS2REDIS" ]; then
		"$OPS2REDIS" -p "$REDIS_PORT" "$@"
	else	# ops2redis not built: redis-cli reads the same ops
		echo "# ops2redis not built: filling with redis-cli" >&2
		redis-cli -p "$REDIS_PORT" "$@" >/dev/null
	fi
}
set +e
"$CANAL2OPS" -k '{table}:{pk}' "$TOP/examples/canal-topic.ndjson" | apply
st="${PIPESTATUS[*]}"
"$CANAL2OPS" "$WORK/hand.json" | apply
st="$st ${PIPESTATUS[*]}"
"$CANAL2OPS" --hash -k 'user:{pk}' --exclude-columns password "$WORK/user.json" | apply
st="$st ${PIPESTATUS[*]}"
set -e
is "canal2ops | ops2redis: captured topic, hand-made rows, a hash" "0 0 0 0 0 0" "$st"
R SET plain 'not <json> & more' >/dev/null
R RPUSH alist a b c >/dev/null
# The binlog times of the checkpoint (canal-ops(5)), a second partition,
# and a field of another kind that the page leaves alone.
now=$(date +%s)
es0=$(( (now - 3 * 86400) * 1000 )) es1=$(( (now - 300) * 1000 ))
R HSET canal2ops:checkpoint canaltopic:0:es "$es0" canaltopic:1 7 \
    canaltopic:1:es "$es1" canaltopic:1:lag 9 >/dev/null
nkeys=$(R DBSIZE)
# the topic's 5 rows and its checkpoint, 900, user:7, plain, alist
is "Redis holds the rows" 10 "$nkeys"
is "the script row is in Redis" '<script>alert(1)</script>' "$(R GET 900 | jq -r .name)"
R --scan | grep -vx canal2ops:checkpoint | sort > "$WORK/keys"

# --- the page in headless Chromium -------------------------------------------
chrome --dump-dom "$URL?count=1000" > "$WORK/dom.html"
check "Chromium rendered the page" grep -q '<section class="rows" id="t1">' "$WORK/dom.html"
tsv < "$WORK/dom.html" > "$WORK/page.tsv"

# One table a source table (the table part of {table}:{pk}), then the
# keys without one, grouped by their columns.
is "one table a source table, in order, then the others" \
    "$(printf '%s\n' order_item product user 'Rows with id, name, note' 'Other keys')" \
    "$(sed -n 's/.*<h2>\(.*\) <span class="n">.*/\1/p' "$WORK/dom.html" |
    sed 's/<[^>]*>//g')"
cols() { awk -F'\t' -v t="$1" '$1 == t && $2 == "#" { $1 = $2 = ""; print substr($0, 3) }' OFS='\t' "$WORK/page.tsv"; }
is "product: its columns in row order" \
    "$(printf 'key\t'; R GET product:P-100 | jq -r 'keys_unsorted | join("\t")')" \
    "$(cols product)"
is "order_item: its columns in row order" \
    "$(printf 'key\t'; R GET order_item:1002:3 | jq -r 'keys_unsorted | join("\t")')" \
    "$(cols order_item)"
is "user: a hash among strings: a type column, columns merged in row order" \
    "$(printf 'key\ttype\tid\tusername\tpassword\taddr\tphone\tnickname\tname')" \
    "$(cols user)"
is "the others: the type only where types differ" \
    "$(printf 'key\ttype\tvalue')" "$(cols 'Other keys')"
for t in order_item product user; do
	is "$t: keys sorted" "$(grep "^$t:" "$WORK/keys" | sort -V)" \
	    "$(awk -F'\t' -v t="$t" '$1 == t && $2 != "#" { print $2 }' "$WORK/page.tsv")"
done
is "every key once, the checkpoint not among them" "$(cat "$WORK/keys")" \
    "$(awk -F'\t' '$2 != "#" { print $2 }' "$WORK/page.tsv" | sort)"
# Each key's name column, as Redis holds it.
awk -F'\t' '$2 == "#" { c = 0; for (i = 3; i <= NF; i++) if ($i == "name") c = i - 1; next }
	{ print $2 "\t" (c ? $c : "") }' "$WORK/page.tsv" | sort > "$WORK/names.page"
while read -r k; do
	case $(R TYPE "$k") in
	string) name=$(R GET "$k" | jq -r '.name? // ""' 2>/dev/null || true);;
	hash)	name=$(R HGET "$k" name);;
	*)	name="";;
	esac
	printf '%s\t%s\n' "$k" "$name"
done < "$WORK/keys" | sort > "$WORK/names.redis"
same "the tables show every key and its name column" "$WORK/names.redis" "$WORK/names.page"
check "the table part of a key is dimmed" \
    grep -qF '<th><span class="kp">product:</span>P-100</th>' "$WORK/dom.html"
check "numbers are right-aligned, whole" \
    grep -qF '<td class="num">13877686321</td>' "$WORK/dom.html"
check "a value with a newline wraps in its box" \
    grep -qF "<td class=\"long\"><div>it's \"quoted\"" "$WORK/dom.html"
check "the script row is shown as text" \
    grep -qF '<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>' "$WORK/dom.html"
is "no <script> element in the DOM" 0 "$(grep -ci '<script' "$WORK/dom.html" || true)"
is "no <img> element in the DOM" 0 "$(grep -ci '<img' "$WORK/dom.html" || true)"
check "quotes and & shown as text" \
    grep -qF "<td>Tom &amp; \"Jerry\" 'x' &lt;b&gt;</td>" "$WORK/dom.html"
check "a hash's fields are columns; the excluded one absent" \
    sh -c 'grep -q "^<tr><th><span class=\"kp\">user:</span>7</th><td class=\"type\">hash</td>" "$1" &&
    ! grep -q s3cret "$1"' _ "$WORK/dom.html"
check "a non-JSON value is one value cell" \
    grep -qF '<td>not &lt;json&gt; &amp; more</td>' "$WORK/dom.html"
check "a list is shown by its length" grep -qF '(list of 3 elements)' "$WORK/dom.html"
check "no word-break; short values nowrap; a viewport for phones" \
    sh -c '! grep -q word-break "$1" && grep -q "white-space:nowrap" "$1" &&
    grep -q "<meta name=\"viewport\" content=\"width=device-width" "$1"' _ "$WORK/dom.html"

# The sync status on top, from the checkpoint.
sed -n '/<section id="sync"/,/<\/section>/p' "$WORK/dom.html" > "$WORK/sync.html"
line() { grep -n -m1 "$1" "$WORK/dom.html" | cut -d: -f1; }
check "the sync status comes before the tables" \
    test "$(line 'id="sync"')" -lt "$(line 'class="rows"')"
is "sync: the binlog time of the newest change" \
    "<time datetime=\"$(date -u -d "@$((es1 / 1000))" +%Y-%m-%dT%H:%M:%SZ)\">" \
    "$(grep -o '<time datetime="[^"]*">' "$WORK/sync.html" | head -1)"
check "sync: its age in words" \
    grep -Eq '<span class="age">5 min( [0-9]+ s)? ago</span>' "$WORK/sync.html"
is "sync: the position of each partition" \
    "$(printf 'canaltopic [0] at offset %s\ncanaltopic [1] at offset 7' "$(R HGET canal2ops:checkpoint canaltopic:0)")" \
    "$(grep -o '<span class="part">[^<]*' "$WORK/sync.html" | sed 's/<[^>]*>//; s/&nbsp;/ /; s/ *$//')"
check "sync: each partition's time when there are several" \
    grep -qF "($(date -u -d "@$((es0 / 1000))" '+%Y-%m-%d %H:%M:%S') UTC)" "$WORK/sync.html"
is "sync: other fields left alone" 0 "$(grep -c lag "$WORK/sync.html" || true)"
for w in 1280,800 390,844; do
	chrome --screenshot="$WORK/page-${w%,*}.png" --window-size="$w" "$URL" >/dev/null
	check "screenshot at ${w/,/x}" sh -c 'head -c 8 "$1" | od -An -c | grep -q "P   N   G"' _ "$WORK/page-${w%,*}.png"
done
[ -n "${SCREENSHOT:-}" ] && cp "$WORK/page-1280.png" "$SCREENSHOT"
[ -n "${SCREENSHOT_PHONE:-}" ] && cp "$WORK/page-390.png" "$SCREENSHOT_PHONE"

# --- JSON for scripts ----------------------------------------------------------
curl -sf "$URL?format=json&count=1000" > "$WORK/all.json"
check "?format=json is valid JSON" sh -c 'jq -e . "$1" >/dev/null' _ "$WORK/all.json"
is "JSON: every key once, in the page's order" "$(awk -F'\t' '$2 != "#" { print $2 }' "$WORK/page.tsv")" \
    "$(jq -r '.rows[].key' "$WORK/all.json")"
is "JSON: the tables" "order_item product user null null" \
    "$(jq -r '[.tables[].name] | map(tostring) | join(" ")' "$WORK/all.json")"
is "JSON: each row names its table" "user" \
    "$(jq -r '.rows[] | select(.key == "user:7") | .table' "$WORK/all.json")"
is "JSON: the checkpoint" "canaltopic 0 $(R HGET canal2ops:checkpoint canaltopic:0) $es0,canaltopic 1 7 $es1" \
    "$(jq -r '[.sync.partitions[] | "\(.topic) \(.partition) \(.offset) \(.es)"] | join(",")' "$WORK/all.json")"
is "JSON: the newest binlog time" "$es1" "$(jq -r .sync.newest_es "$WORK/all.json")"
is "JSON: the script row, unescaped" '<script>alert(1)</script>' \
    "$(jq -r '.rows[] | select(.key == "900") | .fields.name' "$WORK/all.json")"
is "JSON: no raw < in the body" 0 "$(grep -c '<' "$WORK/all.json" || true)"
is "JSON: a row as Redis holds it" "$(R GET product:P-100 | jq -cS .)" \
    "$(jq -cS '.rows[] | select(.key == "product:P-100") | .fields' "$WORK/all.json")"

# --- paging: next cursors cover the keyspace, previous goes back ---------------
cur=0; : > "$WORK/paged"
for _ in $(seq 1 100); do
	curl -sf "$URL?format=json&count=3&cursor=$cur" > "$WORK/p.json"
	jq -r '.rows[].key' "$WORK/p.json" >> "$WORK/paged"
	cur=$(jq -r .next_cursor "$WORK/p.json")
	[ "$cur" = 0 ] && break
done
is "pages of 3 cover every key" "$(cat "$WORK/keys")" "$(sort -u "$WORK/paged")"
curl -sf "$URL?count=3" > "$WORK/p1.html"
next=$(href next < "$WORK/p1.html")
check "page 1 has a next link" test -n "$next"
curl -sf "$URL$next" > "$WORK/p2.html"
prev=$(href prev < "$WORK/p2.html")
check "page 2 has a previous link" test -n "$prev"
curl -sf "$URL$prev" > "$WORK/p1b.html"
same "previous leads back to page 1" <(rows < "$WORK/p1.html") <(rows < "$WORK/p1b.html")
next2=$(href next < "$WORK/p2.html")
if [ -n "$next2" ]; then
	curl -sf "$URL$next2" > "$WORK/p3.html"
	prev2=$(href prev < "$WORK/p3.html")
	curl -sf "$URL$prev2" > "$WORK/p2b.html"
	same "previous from page 3 leads to page 2" <(rows < "$WORK/p2.html") <(rows < "$WORK/p2b.html")
fi
curl -sf "$URL?format=json&match=user:*" > "$WORK/m.json"
is "match picks keys by pattern" "user:7 user:20122 user:30001" "$(jq -r '[.rows[].key] | join(" ")' "$WORK/m.json")"

# --- 10,000 rows of one table: pages cover every key once, sorted ----------
awk -v n=10000 'BEGIN {
	for (m = 0; m < n / 100; m++) {
		printf "{\"data\":["
		for (i = 1; i <= 100; i++) {
			id = m * 100 + i
			printf "%s{\"id\":\"%d\",\"name\":\"item %d\",\"price\":\"%d.%02d\",\"phone\":\"138%08d\"}",
			    (i > 1 ? "," : ""), id, id, id % 97, id % 100, id * 7919 % 100000000
		}
		printf "],\"database\":\"shop\",\"es\":1700000000000,\"id\":%d,\"isDdl\":false,", m + 1
		printf "\"mysqlType\":{\"id\":\"int\",\"name\":\"varchar(32)\",\"price\":\"decimal(10,2)\",\"phone\":\"varchar(11)\"},"
		printf "\"old\":null,\"pkNames\":[\"id\"],\"sql\":\"\",\"sqlType\":{\"id\":4,\"name\":12,\"price\":3,\"phone\":12},"
		printf "\"table\":\"big\",\"ts\":1700000000001,\"type\":\"INSERT\"}\n"
	}}' > "$WORK/big.json"
set +e
"$CANAL2OPS" --no-checkpoint -k '{table}:{pk}' "$WORK/big.json" | apply -n 3
st="${PIPESTATUS[*]}"
set -e
is "10,000 rows through canal2ops | ops2redis" "0 0 10000" "$st $(R -n 3 DBSIZE)"
# SCAN returns a key twice only while the key table is being resized.
wait_for 10 sh -c '! redis-cli -p "$1" -n 3 DEBUG HTSTATS 3 | grep -q rehashing' _ "$REDIS_PORT" ||
    echo "# Redis still rehashing db 3"
view3() { REDIS_DB=3 "$REDIS_VIEW" "$1" | body; }
qs="count=500"; n=0; : > "$WORK/big.keys"; : > "$WORK/big.pages"
sorted=1 onetable=1
while [ -n "$qs" ] && [ "$n" -lt 60 ]; do
	n=$((n + 1))
	view3 "$qs" > "$WORK/big.$n.html"
	printf '%s\n' "$qs" >> "$WORK/big.pages"
	tsv < "$WORK/big.$n.html" | awk -F'\t' '$2 != "#" { print $2 }' > "$WORK/big.$n.keys"
	cmp -s "$WORK/big.$n.keys" <(sort -V "$WORK/big.$n.keys") || sorted=0
	[ "$(grep -c '<section class="rows"' "$WORK/big.$n.html")" = 1 ] || onetable=0
	cat "$WORK/big.$n.keys" >> "$WORK/big.keys"
	qs=$(href next < "$WORK/big.$n.html"); qs=${qs#\?}
done
is "10k: the next links lead to the last page" "" "$qs"
is "10k: every key on some page, once" "$(R -n 3 --scan | sort)" "$(sort "$WORK/big.keys")"
is "10k: keys sorted on every page" 1 "$sorted"
is "10k: one table on every page" 1 "$onetable"
check "10k: the table's columns" grep -qF \
    '<thead><tr><th>key</th><th class="num">id</th><th>name</th><th class="num">price</th><th class="num">phone</th></tr></thead>' "$WORK/big.1.html"
back=1
for i in $(seq "$n" -1 2); do
	qs=$(href prev < "$WORK/big.$i.html"); qs=${qs#\?}
	view3 "$qs" | tsv | awk -F'\t' '$2 != "#" { print $2 }' > "$WORK/back.keys"
	cmp -s "$WORK/back.keys" "$WORK/big.$((i - 1)).keys" || back=0
done
is "10k: previous links lead back through every page ($n pages)" 1 "$back"

# --- the key template and the checkpoint key: settings -----------------------
"$CANAL2OPS" -k '{database}:{table}:{pk}' --checkpoint-key ck "$TOP/examples/canal-topic.ndjson" | apply -n 4
R -n 4 HSET ck canaltopic:0:es 1795673478000 >/dev/null
view4() { REDIS_DB=4 "$REDIS_VIEW" "$@" | body; }
is "key={database}:{table}:{pk}: tables by database.table" \
    "labex.order_item labex.product labex.user null" \
    "$(view4 'format=json&key=%7Bdatabase%7D:%7Btable%7D:%7Bpk%7D' | jq -r '[.tables[].name] | map(tostring) | join(" ")')"
is "REDIS_VIEW_KEY, and REDIS_VIEW_CHECKPOINT" "labex.order_item labex.product labex.user 13" \
    "$(REDIS_VIEW_KEY='{database}:{table}:{pk}' REDIS_VIEW_CHECKPOINT=ck view4 format=json |
    jq -r '[.tables[].name] + [.sync.partitions[0].offset] | join(" ")')"
is "checkpoint=: the checkpoint key is no row" "ck 13 1795673478000 false" \
    "$(view4 'format=json&checkpoint=ck' | jq -r '[.sync.key, .sync.partitions[0].offset, .sync.newest_es, any(.rows[]; .key == "ck")] | join(" ")')"
is "another checkpoint key: ck is a row, no sync status" "true false" \
    "$(view4 format=json | jq -r '[any(.rows[]; .key == "ck"), .sync.found] | join(" ")')"
check "the links keep the settings" \
    sh -c '"$1" "count=2&key=%7Bdatabase%7D:%7Btable%7D:%7Bpk%7D&checkpoint=ck" |
    grep -q "id=\"next\" href=\"[^\"]*&amp;key=%7Bdatabase%7D:%7Btable%7D:%7Bpk%7D&amp;checkpoint=ck\""' _ "$REDIS_VIEW"
check "the form keeps them too" \
    sh -c '"$1" "key=%7Bdatabase%7D:%7Btable%7D:%7Bpk%7D&checkpoint=ck" |
    grep -qF "<input name=\"key\" maxlength=\"256\" value=\"{database}:{table}:{pk}\"></label><input type=\"hidden\" name=\"checkpoint\" value=\"ck\">"' _ "$REDIS_VIEW"
is "a bad template in the query: 400" 400 "$(code "$URL?key=%7Btable")"
check "the 400 page says why" grep -qF "key: &#39;{&#39; without &#39;}&#39;" "$WORK/body"
status_is "a bad REDIS_VIEW_KEY: exit 78" 78 sh -c 'REDIS_VIEW_KEY="{a}{b}" "$1" >/dev/null 2>&1' _ "$REDIS_VIEW"
is "a bad REDIS_VIEW_KEY: 500, says why" "Status: 500 Internal Server Error|REDIS_VIEW_KEY: two placeholders need text between them" \
    "$(REDIS_VIEW_KEY='{a}{b}' "$REDIS_VIEW" format=json 2>/dev/null | tr -d '\r' | sed -n '1p;$p' | sed 's/^{"error":"\(.*\)"}$/\1/' | paste -sd'|')"

# --- hostile requests ------------------------------------------------------------
is "bad count: 400" 400 "$(code "$URL?count=abc")"
is "bad cursor: 400" 400 "$(code "$URL?cursor=18446744073709551616")"
is "pattern too long: 400" 400 "$(code "$URL?match=$(printf '%0257d' 0)")"
is "unknown parameters ignored" 200 "$(code "$URL?utm=%zz&x&=&count=2")"
is "a <script> pattern: 200" 200 "$(code "$URL?match=%3Cscript%3Ealert(1)%3C/script%3E")"
is "the pattern is echoed escaped" 0 "$(grep -ci '<script' "$WORK/body" || true)"
is "POST: 405" 405 "$(code -X POST -d x=1 "$URL")"

# --- the connection from the environment ---------------------------------------
R -n 1 SET only-in-db-1 '{"a":"1"}' >/dev/null
is "REDIS_DB selects the database" "only-in-db-1" \
    "$(REDIS_DB=1 "$REDIS_VIEW" format=json | body | jq -r '.rows[].key')"
is "REDIS_URL" "only-in-db-1" \
    "$(REDIS_URL=redis://127.0.0.1:$REDIS_PORT/1 "$REDIS_VIEW" format=json | body | jq -r '.rows[].key')"
is "REDIS_HOST as a Unix socket" "only-in-db-1" \
    "$(REDIS_HOST=$REDIS_DIR/redis.sock REDIS_DB=1 "$REDIS_VIEW" format=json | body | jq -r '.rows[].key')"
R -n 2 SET $'\xff\x01k' '{"a":"1"}' >/dev/null
is "JSON: a key that is not UTF-8 travels as base64" "base64 /wFr" \
    "$(REDIS_DB=2 "$REDIS_VIEW" format=json | body | jq -r '.rows[0] | .key_encoding + " " + .key')"
R CONFIG SET requirepass 's3 cret' >/dev/null
is "without the password: 503" 503 "$(code "$URL")"
check "the 503 page says why" grep -q 'id="error">Redis refused.*NOAUTH' "$WORK/body"
is "REDISCLI_AUTH" "$((nkeys - 1))" \
    "$(REDISCLI_AUTH='s3 cret' "$REDIS_VIEW" format=json | body | jq -r '.rows | length')"
is "REDIS_URL with a password" "only-in-db-1" \
    "$(REDIS_URL="redis://:s3 cret@127.0.0.1:$REDIS_PORT/1" "$REDIS_VIEW" format=json | body | jq -r '.rows[].key')"
REDISCLI_AUTH='s3 cret' R CONFIG SET requirepass '' >/dev/null 2>&1

# --- Redis down: 503 ---------------------------------------------------------------
"$TOP/test/services/redis.sh" stop
is "Redis down: 503" 503 "$(code "$URL")"
check "a clear error page" grep -q '<h1>Redis unavailable</h1>' "$WORK/body"
is "Redis down, JSON: 503" 503 "$(code "$URL?format=json")"
check "a JSON error" sh -c 'jq -e ".error | test(\"connect\")" "$1" >/dev/null' _ "$WORK/body"
status_is "Redis down: exit 69" 69 sh -c '"$1" >/dev/null 2>&1' _ "$REDIS_VIEW"

# --- nothing the sanitizers or Apache complained about ---------------------------
is "no sanitizer report in Apache's error log" 0 \
    "$(grep -c -e AddressSanitizer -e 'runtime error' -e LeakSanitizer "$APACHE_DIR/error.log" || true)"
