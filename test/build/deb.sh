#!/usr/bin/env bash
# The Debian package. In a copy of the tree (the tree itself is left
# alone): dpkg-buildpackage -us -uc -b builds it, lintian finds no errors
# or warnings, every file the build adds is one .gitignore ignores and
# `debian/rules clean` removes. Then the .deb is installed with dpkg, every
# program answers --version and --help where the package put it, every man
# page is found by man -w and renders, and dpkg --purge leaves nothing.
# The install part needs root; it is skipped when a canal2redis package is
# already installed here (never replaced by a test).
. "$(dirname "$0")/../lib.sh"
for c in dpkg-buildpackage dpkg-checkbuilddeps dh fakeroot; do
	command -v "$c" >/dev/null 2>&1 ||
	    skip_all "$c not installed (make deps: dpkg-dev, debhelper, fakeroot)"
done
cd "$TOP"
mkvar() {
	make -s -f Makefile -f - print-var VAR="$1" <<'MK'
print-var: ; @echo $($(VAR))
MK
}
version=$(mkvar VERSION)
progs="$(mkvar PROGS) $(mkvar SCRIPTS)"
mans=$(mkvar MANS)
arch=$(dpkg --print-architecture)

# The copy: what git tracks (and new files not ignored), else everything
# but the build's outputs.
src=$WORK/src/canal2redis
mkdir -p "$src"
if [ -e .git ] && command -v git >/dev/null; then
	git ls-files -z -co --exclude-standard |
	    tar --null -T - --ignore-failed-read -cf - 2>/dev/null | tar -xf - -C "$src"
	git status --porcelain > "$WORK/status.before"
else
	cp -a . "$src"
	make -s -C "$src" clean >/dev/null
fi
[ -f "$src/debian/control" ] || { not_ok "debian/control exists"; exit 1; }
(cd "$src" && dpkg-checkbuilddeps) 2> "$WORK/builddeps" ||
    skip_all "$(sed 's/^dpkg-checkbuilddeps: //' "$WORK/builddeps" | head -1) (make deps)"
(cd "$src" && find . -type f | sort) > "$WORK/files.before"

if ! status_is "dpkg-buildpackage -us -uc -b" 0 sh -c \
    "cd '$src' && dpkg-buildpackage -us -uc -b -j2 > '$WORK/build.log' 2>&1"; then
	tail -30 "$WORK/build.log" | sed 's/^/#   /'
	exit 1
fi
deb=$WORK/src/canal2redis_${version}_$arch.deb
check "built canal2redis_${version}_$arch.deb" test -f "$deb"
is "no compiler warnings" "" "$(grep -E 'warning:' "$WORK/build.log" | head -3)"

if command -v lintian >/dev/null; then
	lintian "$WORK/src/canal2redis_${version}_$arch.changes" > "$WORK/lintian" 2>/dev/null || true
	is "lintian: no errors or warnings" "" "$(grep -E '^[EW]: ' "$WORK/lintian" | head -10)"
else
	echo "# lintian not installed: not run"
fi

# Artifacts: ignored by .gitignore, and gone after debian/rules clean.
(cd "$src" && find . -type f | sort) > "$WORK/files.built"
comm -13 "$WORK/files.before" "$WORK/files.built" | sed 's|^\./||' > "$WORK/added"
if [ -e .git ] && command -v git >/dev/null; then
	unignored=$(while read -r f; do
		git check-ignore -q --no-index "$f" || echo "$f"
	done < "$WORK/added" | head -5 | paste -sd' ')
	is "every file the build adds is ignored by git" "" "$unignored"
fi
(cd "$src" && fakeroot debian/rules clean) > "$WORK/clean.log" 2>&1
(cd "$src" && find . -type f | sort) > "$WORK/files.after"
same "debian/rules clean leaves the files as they were" "$WORK/files.before" "$WORK/files.after"
if [ -f "$WORK/status.before" ]; then
	git status --porcelain > "$WORK/status.after"
	same "the source tree is untouched" "$WORK/status.before" "$WORK/status.after"
fi

# --- install, run, purge
if [ "$(id -u)" -ne 0 ]; then
	echo "# not root: the package is not installed"
	exit 0
fi
if dpkg-query -W -f='${Status}\n' canal2redis 2>/dev/null | grep -q -v 'not-installed'; then
	echo "# a canal2redis package is installed on this machine: not replaced, install part skipped"
	exit 0
fi
dpkg_run() {	# dpkg ARGS, waiting while another dpkg or apt holds the lock
	local i rc
	for i in $(seq 1 120); do
		rc=0; dpkg "$@" > "$WORK/dpkg.out" 2>&1 || rc=$?
		grep -q 'lock' "$WORK/dpkg.out" && [ "$rc" -ne 0 ] || break
		sleep 1
	done
	[ "$rc" -eq 0 ] || sed 's/^/#   /' "$WORK/dpkg.out"
	return "$rc"
}
at_exit "dpkg --purge canal2redis >/dev/null 2>&1"
status_is "dpkg -i" 0 dpkg_run -i "$deb"
dpkg -L canal2redis | while read -r f; do [ -d "$f" ] || echo "$f"; done > "$WORK/installed"
echo "# $(wc -l < "$WORK/installed") files installed"

for p in $progs; do
	b=${p##*/}
	f=/usr/bin/$b
	[ "$b" = redis-view ] && f=/usr/lib/cgi-bin/$b
	check "$f is in the package" grep -qx "$f" "$WORK/installed"
	is "$f --version" "$b $version" "$("$f" --version 2>&1 | head -1 | cut -d' ' -f1,2)"
	is "$f --help" "usage: $b" "$("$f" --help 2>&1 | head -1 | cut -d' ' -f1,2)"
done
for m in $mans; do
	n=${m##*/}; s=${n##*.}; n=${n%.*}
	is "man -w $s $n" "/usr/share/man/man$s/$n.$s.gz" "$(man -w "$s" "$n" 2>&1)"
	check "man $s $n renders its NAME" sh -c "MANWIDTH=80 man -P cat '$s' '$n' 2>/dev/null | grep -q '^NAME'"
done
ex=/usr/share/doc/canal2redis/examples
is "the packaged unit runs /usr/bin/canal2redis-run" "ExecStart=/usr/bin/canal2redis-run" \
    "$(grep '^ExecStart=' "$ex/canal2redis.service" 2>&1)"
is "the packaged Apache example runs /usr/lib/cgi-bin/redis-view" \
    "ScriptAlias /redis-view /usr/lib/cgi-bin/redis-view" "$(grep '^ScriptAlias' "$ex/redis-view.conf" 2>&1)"
n=$(/usr/bin/canal2ops -k '{table}:{pk}' "$TOP/examples/canal-topic.ndjson" | grep -c '^SET ' || true)
check "packaged canal2ops turns the example dump into SETs ($n)" test "$n" -gt 0

status_is "dpkg --purge" 0 dpkg_run --purge canal2redis
is "dpkg knows no canal2redis" "" \
    "$(dpkg-query -W -f='${Status}' canal2redis 2>/dev/null | grep -v 'not-installed' || true)"
is "every installed file is gone" "" "$(while read -r f; do [ -e "$f" ] && echo "$f"; done < "$WORK/installed" | head -5 | paste -sd' ')"
check "its doc folder is gone" test ! -e /usr/share/doc/canal2redis
