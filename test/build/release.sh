#!/usr/bin/env bash
# The release is stated once and everywhere the same: the Makefile's
# VERSION is the newest entry of NEWS and of debian/changelog, and every
# program (plain and sanitizer builds, the scripts too) prints it with
# --version; the license is the BSD 2-Clause one, in LICENSE and
# debian/copyright.
. "$(dirname "$0")/../lib.sh"
cd "$TOP"

mkvar() {
	make -s -f Makefile -f - print-var VAR="$1" <<'MK'
print-var: ; @echo $($(VAR))
MK
}
version=$(mkvar VERSION)
echo "# VERSION $version"
check "VERSION looks like a release number" grep -qE '^[0-9]+\.[0-9]+\.[0-9]+$' <<<"$version"

# NEWS: the first release heading is this version.
if [ -f NEWS ]; then
	is "NEWS starts with this release" "$version" \
	    "$(grep -m1 -E '^[0-9]+\.[0-9]+\.[0-9]+' NEWS | cut -d' ' -f1)"
else
	not_ok "NEWS exists"
fi
if [ -f debian/changelog ]; then
	is "debian/changelog is at this release" "$version" \
	    "$(sed -n '1s/^canal2redis (\([^)]*\)).*/\1/p' debian/changelog)"
else
	not_ok "debian/changelog exists"
fi

# LICENSE: BSD 2-Clause, the project's copyright line, two conditions.
if [ -f LICENSE ]; then
	is "LICENSE is the BSD 2-Clause License" "BSD 2-Clause License" "$(head -1 LICENSE)"
	check "LICENSE: copyright of the canal2redis authors" \
	    grep -q '^Copyright (c) 2026, the canal2redis authors$' LICENSE
	is "LICENSE: two numbered conditions" "1. 2." "$(grep -oE '^[0-9]\.' LICENSE | paste -sd' ')"
	check "LICENSE: no endorsement clause (that is the 3-clause license)" \
	    test "$(grep -c 'Neither the name' LICENSE)" = 0
	check "LICENSE: the disclaimer" grep -q 'PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"' LICENSE
else
	not_ok "LICENSE exists"
fi
check "debian/copyright: BSD-2-Clause for every file" \
    awk '/^Files: \*$/ { f = 1 } f && /^License: BSD-2-Clause$/ { ok = 1 } END { exit !ok }' debian/copyright

# --version of every program, both builds, and of the scripts.
for p in $(mkvar PROGS); do
	for b in "$p" "$p.san"; do
		if [ ! -x "$b" ]; then echo "# $b not built"; continue; fi
		is "${b#./} --version" "${p##*/} $version" "$("$b" --version | head -1 | cut -d' ' -f1,2)"
	done
done
for s in $(mkvar SCRIPTS); do
	is "$s --version" "${s##*/} $version" "$("$s" --version)"
done
