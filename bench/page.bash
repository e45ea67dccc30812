# Sourced by bench/page.sh and bench/page-cluster.sh.

# median FILE: the median of FILE's numbers, one a line.
median() { sort -n "$1" | awk '{ a[NR] = $0 } END { print a[int((NR + 1) / 2)] }'; }

# walk_pages URL: follow redis-view's next links from URL?count=1000 to the
# end; sets pages (pages fetched), walked (keys listed) and once (distinct).
walk_pages() {
	local qs="count=1000"
	pages=0; : > "$W/keys"
	while [ -n "$qs" ]; do
		pages=$((pages + 1))
		curl -sf "$1?$qs" > "$W/p.html"
		sed -n 's/^<tr><th[^>]*>\(<div>\)\{0,1\}\(<span class="kp">\([^<]*\)<\/span>\)\{0,1\}\([^<]*\)<.*/\3\4/p' "$W/p.html" >> "$W/keys"
		qs=$(sed -n 's/.*id="next" href="?\([^"]*\)".*/\1/p' "$W/p.html" | sed 's/&amp;/\&/g')
	done
	walked=$(wc -l < "$W/keys"); once=$(sort -u "$W/keys" | wc -l)
}
