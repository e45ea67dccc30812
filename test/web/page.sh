#!/usr/bin/env bash
# redis-view end to end: Redis filled through canal2ops | ops2redis from the
# Canal topic captured from the project's stack (examples/) and hand-made
# records, served by a private Apache (mod_cgi),
# loaded in headless Chromium; JSON checked with curl + jq; 503 when Redis
# is down; the connection taken from the environment.
. "$(dirname "$0")/../lib.sh"
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
for try in 1 2 3; do
	APACHE_PORT=$(free_port) APACHE_DIR=/tmp/c2r-apache-$APACHE_PORT
	export APACHE_PORT APACHE_DIR
	if APACHE_CGI=$REDIS_VIEW "$TOP/test/services/apache.sh" start; then
		break
	fi
	"$TOP/test/services/apache.sh" stop
	if [ "$try" -eq 3 ]; then
		not_ok "apache starts"
		sed 's/^/# /' "$APACHE_DIR/error.log" 2>/dev/null; exit 1
	fi
	rm -rf "$APACHE_DIR"
done
at_exit "APACHE_PORT=$APACHE_PORT APACHE_DIR='$APACHE_DIR' '$TOP/test/services/apache.sh' stop; rm -rf '$APACHE_DIR'"
URL=http://127.0.0.1:$APACHE_PORT/redis-view
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
		"$OPS2REDIS" -p "$REDIS_PORT"
	else	# ops2redis not built: redis-cli reads the same ops
		echo "# ops2redis not built: filling with redis-cli" >&2
		redis-cli -p "$REDIS_PORT" >/dev/null
	fi
}
set +e
"$CANAL2OPS" -k 'shop:{table}:{pk}' "$TOP/examples/canal-topic.ndjson" | apply
st="${PIPESTATUS[*]}"
"$CANAL2OPS" "$WORK/hand.json" | apply
st="$st ${PIPESTATUS[*]}"
"$CANAL2OPS" --hash -k 'user:{pk}' --exclude-columns password "$WORK/user.json" | apply
st="$st ${PIPESTATUS[*]}"
set -e
is "canal2ops | ops2redis: captured topic, hand-made rows, a hash" "0 0 0 0 0 0" "$st"
R SET plain 'not <json> & more' >/dev/null
R RPUSH alist a b c >/dev/null
nkeys=$(R DBSIZE)
# 5 rows of the topic and its checkpoint, 900, user:7, plain, alist
is "Redis holds the rows" 10 "$nkeys"
is "the script row is in Redis" '<script>alert(1)</script>' "$(R GET 900 | jq -r .name)"

# --- the page in headless Chromium -------------------------------------------
chrome() {
	local prof; prof=$(mktemp -d "$WORK/chrome.XXXXXX")
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic \
	    --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync --hide-scrollbars \
	    --user-data-dir="$prof" "$@" 2>>"$WORK/chromium.log"
}
chrome --dump-dom "$URL?count=1000" > "$WORK/dom.html"
check "Chromium rendered the table" grep -q '<table id="rows">' "$WORK/dom.html"

# Rows of the rendered table as "key<TAB>name", entities decoded.
awk -F'\t' '
/<thead>/ { gsub(/<\/th><th>/, "\t"); sub(/.*<tr><th>/, ""); sub(/<\/th><\/tr>.*/, "")
	n = split($0, h, "\t"); for (i = 1; i <= n; i++) if (h[i] == "name") col = i }
/^<tr><td>/ { gsub(/<\/td><td[^>]*>/, "\t"); sub(/^<tr><td>/, ""); sub(/<\/td><\/tr>$/, "")
	split($0, f, "\t"); line = f[1] "\t" f[col]
	gsub(/&lt;/, "<", line); gsub(/&gt;/, ">", line); gsub(/&amp;/, "\\&", line)
	print line }' "$WORK/dom.html" | sort > "$WORK/page.tsv"
for k in $(R --scan); do
	case $(R TYPE "$k") in
	string) name=$(R GET "$k" | jq -r '.name? // ""' 2>/dev/null || true);;
	hash)	name=$(R HGET "$k" name);;
	*)	name="";;
	esac
	printf '%s\t%s\n' "$k" "$name"
done | sort > "$WORK/redis.tsv"
same "the table shows every key and its name column" "$WORK/redis.tsv" "$WORK/page.tsv"
check "the script row is shown as text" \
    grep -qF '<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>' "$WORK/dom.html"
is "no <script> element in the DOM" 0 "$(grep -ci '<script' "$WORK/dom.html" || true)"
is "no <img> element in the DOM" 0 "$(grep -ci '<img' "$WORK/dom.html" || true)"
check "quotes and & shown as text" \
    grep -qF "<td>Tom &amp; \"Jerry\" 'x' &lt;b&gt;</td>" "$WORK/dom.html"
check "a hash's fields are columns; the excluded one absent" \
    sh -c 'grep -q "^<tr><td>user:7</td><td class=\"type\">hash</td>" "$1" &&
    ! grep -q s3cret "$1"' _ "$WORK/dom.html"
check "a non-JSON value is one value cell" \
    grep -qF '<td>not &lt;json&gt; &amp; more</td>' "$WORK/dom.html"
check "a list is shown by its length" grep -qF '(list of 3 elements)' "$WORK/dom.html"
chrome --screenshot="$WORK/page.png" --window-size=1200,800 "$URL?count=1000" >/dev/null
check "screenshot saved" sh -c 'head -c 8 "$1" | od -An -c | grep -q "P   N   G"' _ "$WORK/page.png"
[ -n "${SCREENSHOT:-}" ] && cp "$WORK/page.png" "$SCREENSHOT"

# --- JSON for scripts ----------------------------------------------------------
curl -sf "$URL?format=json&count=1000" > "$WORK/all.json"
check "?format=json is valid JSON" sh -c 'jq -e . "$1" >/dev/null' _ "$WORK/all.json"
is "JSON: every key once" "$(R --scan | sort)" "$(jq -r '.rows[].key' "$WORK/all.json" | sort)"
is "JSON: the script row, unescaped" '<script>alert(1)</script>' \
    "$(jq -r '.rows[] | select(.key == "900") | .fields.name' "$WORK/all.json")"
is "JSON: no raw < in the body" 0 "$(grep -c '<' "$WORK/all.json" || true)"
is "JSON: a row as Redis holds it" "$(R GET shop:product:P-100 | jq -cS .)" \
    "$(jq -cS '.rows[] | select(.key == "shop:product:P-100") | .fields' "$WORK/all.json")"

# --- paging: next cursors cover the keyspace, previous goes back ---------------
cur=0; : > "$WORK/paged"
for _ in $(seq 1 100); do
	curl -sf "$URL?format=json&count=3&cursor=$cur" > "$WORK/p.json"
	jq -r '.rows[].key' "$WORK/p.json" >> "$WORK/paged"
	cur=$(jq -r .next_cursor "$WORK/p.json")
	[ "$cur" = 0 ] && break
done
is "pages of 3 cover every key" "$(R --scan | sort)" "$(sort -u "$WORK/paged")"
href() { sed -n "s/.*id=\"$1\" href=\"\\([^\"]*\\)\".*/\\1/p" | sed 's/&amp;/\&/g'; }
rows() { grep '^<tr><td>'; }
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
is "match picks keys by pattern" "user:7" "$(jq -r '.rows[].key' "$WORK/m.json")"

# --- hostile requests ------------------------------------------------------------
code() { curl -s -o "$WORK/body" -w '%{http_code}' "$@"; }
is "bad count: 400" 400 "$(code "$URL?count=abc")"
is "bad cursor: 400" 400 "$(code "$URL?cursor=18446744073709551616")"
is "pattern too long: 400" 400 "$(code "$URL?match=$(printf '%0257d' 0)")"
is "unknown parameters ignored" 200 "$(code "$URL?utm=%zz&x&=&count=2")"
is "a <script> pattern: 200" 200 "$(code "$URL?match=%3Cscript%3Ealert(1)%3C/script%3E")"
is "the pattern is echoed escaped" 0 "$(grep -ci '<script' "$WORK/body" || true)"
is "POST: 405" 405 "$(code -X POST -d x=1 "$URL")"

# --- the connection from the environment ---------------------------------------
body() { sed '1,/^\r$/d'; }
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
is "REDISCLI_AUTH" "$nkeys" \
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
