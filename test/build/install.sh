#!/usr/bin/env bash
# make install / install-strip / uninstall: the layout under DESTDIR with a
# non-default PREFIX (programs and scripts in BINDIR, redis-view in CGIDIR,
# man pages, docs, examples whose paths match the install), installed
# programs run, uninstall removes everything; man pages are lint-clean and
# their SYNOPSIS matches each program's usage().
. "$(dirname "$0")/../lib.sh"
cd "$TOP"

mkvar() {	# mkvar NAME: the value of a Makefile variable
	make -s -f Makefile -f - print-var VAR="$1" <<'MK'
print-var: ; @echo $($(VAR))
MK
}
progs=$(mkvar PROGS)
mans=$(mkvar MANS)
scripts=$(mkvar SCRIPTS)
cgi=$(mkvar CGI_PROGS)
version=$(mkvar VERSION)
bins=""
for p in $progs $scripts; do
	case " $cgi " in *" $p "*) ;; *) bins="$bins ${p##*/}";; esac
done
check "redis-view is a CGI program" test "$cgi" = web/redis-view

# --- a non-default PREFIX under DESTDIR
dest=$WORK/dest
pre=/opt/c2r
make -s install DESTDIR="$dest" PREFIX=$pre >/dev/null
for b in $bins; do
	check "installed $pre/bin/$b" test -x "$dest$pre/bin/$b"
done
for p in $cgi; do
	check "installed $pre/lib/cgi-bin/${p##*/}" test -x "$dest$pre/lib/cgi-bin/${p##*/}"
	check "no ${p##*/} in $pre/bin" test ! -e "$dest$pre/bin/${p##*/}"
done
for m in $mans; do
	check "installed $pre/share/man/man${m##*.}/${m##*/}" test -f "$dest$pre/share/man/man${m##*.}/${m##*/}"
done
doc=$pre/share/doc/canal2redis
for f in README.md NEWS LICENSE examples/README.md examples/canal2redis.cron \
    examples/canal2redis.env examples/canal2redis.service examples/redis-view.conf; do
	check "installed $doc/$f" test -f "$dest$doc/$f"
done
is "the unit runs the installed runner" "ExecStart=$pre/bin/canal2redis-run" \
    "$(grep '^ExecStart=' "$dest$doc/examples/canal2redis.service")"
is "the crontab's PATH has the installed programs first" "PATH=$pre/bin:/usr/bin:/bin" \
    "$(grep '^PATH=' "$dest$doc/examples/canal2redis.cron")"
is "Apache runs the installed redis-view" "ScriptAlias /redis-view $pre/lib/cgi-bin/redis-view" \
    "$(grep '^ScriptAlias' "$dest$doc/examples/redis-view.conf")"
is "Apache allows CGI in the installed CGI folder" "<Directory $pre/lib/cgi-bin>" \
    "$(grep '^<Directory' "$dest$doc/examples/redis-view.conf")"
left=$(grep -rl /usr/local "$dest$doc/examples" "$dest$pre/share/man" "$dest$pre/bin" \
    2>/dev/null | sed "s|^$dest||" | paste -sd' ' || true)
is "no installed example, man page or script names /usr/local" "" "$left"
check "installed man page names the installed examples" \
    grep -q "$doc/examples/canal2redis.cron" "$dest$pre/share/man/man1/kcat-lite.1"

# Installed programs run: the version, and a replay of the example dump.
for b in $bins; do
	is "installed $b --version" "$b $version" \
	    "$("$dest$pre/bin/$b" --version | head -1 | cut -d' ' -f1,2)"
done
for p in $cgi; do
	is "installed ${p##*/} --version" "${p##*/} $version" \
	    "$("$dest$pre/lib/cgi-bin/${p##*/}" --version | head -1 | cut -d' ' -f1,2)"
done
n=$("$dest$pre/bin/canal2ops" -k '{table}:{pk}' examples/canal-topic.ndjson | grep -c '^SET ' || true)
check "installed canal2ops turns the example dump into SETs ($n)" test "$n" -gt 0

make -s uninstall DESTDIR="$dest" PREFIX=$pre >/dev/null
is "uninstall removes every installed file" "" "$(find "$dest" -type f | sed "s|^$dest||")"
is "uninstall removes the doc folder" "" "$(find "$dest" -name canal2redis)"

# --- CGIDIR, BINDIR and MANPREFIX on their own
dest=$WORK/dest2
make -s install DESTDIR="$dest" PREFIX=/usr CGIDIR=/srv/cgi BINDIR=/usr/sbin \
    MANPREFIX=/usr/man >/dev/null
check "CGIDIR: redis-view in /srv/cgi" test -x "$dest/srv/cgi/redis-view"
check "BINDIR: canal2ops in /usr/sbin" test -x "$dest/usr/sbin/canal2ops"
check "MANPREFIX: canal2ops.1 in /usr/man/man1" test -f "$dest/usr/man/man1/canal2ops.1"
is "CGIDIR: Apache runs /srv/cgi/redis-view" "ScriptAlias /redis-view /srv/cgi/redis-view" \
    "$(grep '^ScriptAlias' "$dest/usr/share/doc/canal2redis/examples/redis-view.conf")"
is "BINDIR: the unit runs /usr/sbin/canal2redis-run" "ExecStart=/usr/sbin/canal2redis-run" \
    "$(grep '^ExecStart=' "$dest/usr/share/doc/canal2redis/examples/canal2redis.service")"
make -s uninstall DESTDIR="$dest" PREFIX=/usr CGIDIR=/srv/cgi BINDIR=/usr/sbin \
    MANPREFIX=/usr/man >/dev/null
is "uninstall with the same settings removes every file" "" "$(find "$dest" -type f | sed "s|^$dest||")"

# --- install-strip: no symbol table in the programs; install keeps it
symtab() { readelf -S "$1" 2>/dev/null | grep -c -e '\.symtab' -e '\.debug_info' || true; }
dest=$WORK/dest3
make -s install-strip DESTDIR="$dest" PREFIX=/usr >/dev/null
for p in $progs; do
	f=$dest/usr/bin/${p##*/}
	case " $cgi " in *" $p "*) f=$dest/usr/lib/cgi-bin/${p##*/};; esac
	is "install-strip strips ${p##*/}" 0 "$(symtab "$f")"
done
check "install-strip installs the scripts too" test -x "$dest/usr/bin/canal2redis-run"
check "install keeps the symbols" test "$(symtab "$TOP/canal2ops/canal2ops")" -gt 0
status_is "installed stripped canal2ops runs" 0 sh -c "'$dest/usr/bin/canal2ops' --version >/dev/null"

for m in $mans; do
	out=$(mandoc -Tlint -W warning "$m" 2>&1 | grep -v -e 'STYLE' -e 'outdated mandoc' || true)
	is "mandoc -Tlint $m" "" "$out"
done

# usage() equals the SYNOPSIS, compared without white space.
for p in $progs $scripts; do
	m=man/${p##*/}.1
	[ -f "$m" ] || { not_ok "man page for $p"; continue; }
	syn=$(MANWIDTH=1000 mandoc -Tascii -O width=1000 "$m" | col -b |
	    sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | sed '1d;$d' | tr -d ' \t\n')
	use=$("$p" --help | sed -n '/^usage:/,/^$/p' | sed '/^See /d; s/^usage://' | tr -d ' \t\n')
	is "$p --help usage equals the SYNOPSIS of $m" "$syn" "$use"
	status_is "$p --version" 0 sh -c "'$p' --version | grep -q '^${p##*/} [0-9]'"
	status_is "$p with an unknown option" 2 sh -c "'$p' --no-such-option 2>/dev/null </dev/null"
done
