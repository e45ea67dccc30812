# Sourced by the redis-view tests (after lib.sh): a private Apache serving
# the page, headless Chromium, and reading the page back.

# start_apache: test/services/apache.sh on a free port serving $REDIS_VIEW
# with the environment of now (REDIS_*); sets APACHE_PORT, APACHE_DIR and
# URL; stopped at exit. free_port's range overlaps the kernel's ephemeral
# ports, so a port can be taken between the probe and the bind: another
# one is tried then.
start_apache() {
	local try
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
}

# code CURL-ARGS...: the HTTP status; the body in $WORK/body.
code() { curl -s -o "$WORK/body" -w '%{http_code}' "$@"; }
# body: a CGI response without its headers.
body() { sed '1,/^\r$/d'; }

chrome() {
	local prof; prof=$(mktemp -d "$WORK/chrome.XXXXXX")
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic \
	    --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync --hide-scrollbars \
	    --user-data-dir="$prof" "$@" 2>>"$WORK/chromium.log"
}

# tsv: the page's tables as lines "TABLE<TAB>KEY<TAB>CELL...", each header
# as "TABLE<TAB>#<TAB>key<TAB>COLUMN..."; tags stripped, entities decoded,
# a newline in a value as \n.
tsv() {
	awk '
	function text(s) {
		gsub(/<[^>]*>/, "", s); gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s)
		gsub(/&quot;/, "\"", s); gsub(/&#39;/, "\047", s)
		gsub(/&nbsp;/, " ", s); gsub(/&amp;/, "\\&", s); return s }
	/<h2>/ { t = $0; sub(/ <span class="n">.*/, "", t); t = text(t) }
	/<thead><tr>/ { s = $0; gsub(/<\/th><th[^>]*>/, "\t", s)
		print t "\t#\t" text(s) }
	row != "" { row = row "\\n" $0 }
	/^<tr><th/ { row = $0 }
	row != "" && /<\/tr>$/ { gsub(/<\/t[hd]><td[^>]*>/, "\t", row)
		print t "\t" text(row); row = "" }'
}

# href ID < PAGE: the link with that id, entities decoded.
href() { sed -n "s/.*id=\"$1\" href=\"\\([^\"]*\\)\".*/\\1/p" | sed 's/&amp;/\&/g'; }
# rows < PAGE: the table rows.
rows() { grep '^<tr><th'; }
