#!/usr/bin/env bash
# make install / uninstall honour PREFIX, MANPREFIX and DESTDIR; man pages
# are lint-clean and their SYNOPSIS matches each program's usage().
. "$(dirname "$0")/../lib.sh"
cd "$TOP"

progs=$(make -s -f Makefile -f - print-progs <<'MK'
print-progs: ; @echo $(PROGS)
MK
)
mans=$(make -s -f Makefile -f - print-mans <<'MK'
print-mans: ; @echo $(MANS)
MK
)

dest=$WORK/dest
make -s install DESTDIR="$dest" PREFIX=/usr MANPREFIX=/usr/share/man >/dev/null
for p in $progs; do
	check "installed $p" test -x "$dest/usr/bin/${p##*/}"
done
for m in $mans; do
	check "installed $m" test -f "$dest/usr/share/man/man${m##*.}/${m##*/}"
done
make -s uninstall DESTDIR="$dest" PREFIX=/usr MANPREFIX=/usr/share/man >/dev/null
left=$(find "$dest" -type f | wc -l)
is "uninstall removes every installed file" 0 "$left"

for m in $mans; do
	out=$(mandoc -Tlint -W warning "$m" 2>&1 | grep -v -e 'STYLE' -e 'outdated mandoc' || true)
	is "mandoc -Tlint $m" "" "$out"
done

# usage() equals the SYNOPSIS, compared without white space.
for p in $progs; do
	m=man/${p##*/}.1
	[ -f "$m" ] || { not_ok "man page for $p"; continue; }
	syn=$(MANWIDTH=1000 mandoc -Tascii -O width=1000 "$m" | col -b |
	    sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | sed '1d;$d' | tr -d ' \t\n')
	use=$("$p" --help | sed -n '/^usage:/,/^$/p' | sed '/^See /d; s/^usage://' | tr -d ' \t\n')
	is "$p --help usage equals the SYNOPSIS of $m" "$syn" "$use"
	status_is "$p --version" 0 sh -c "'$p' --version | grep -q '^${p##*/} [0-9]'"
	status_is "$p with an unknown option" 2 sh -c "'$p' --no-such-option 2>/dev/null </dev/null"
done
