#!/usr/bin/env bash
# User-facing text speaks of the user's original system as the original lab
# tutorial (named once, in the README), never as "the seed": README, NEWS,
# examples/, contrib/, man pages, web/'s README and configuration, debian/,
# scripts/, the Makefile's comments, and the names of files and tests.
. "$(dirname "$0")/../lib.sh"
cd "$TOP"

files=$(ls README.md NEWS Makefile web/README.md web/apache.conf examples/* \
    contrib/* man/* scripts/* debian/* debian/source/* 2>/dev/null |
    while read -r f; do if [ -f "$f" ]; then echo "$f"; fi; done)
for f in $files; do
	hits=$(grep -n -i 'seed' "$f" | head -3 | paste -sd'|' || true)
	is "$f does not say seed" "" "$hits"
done

# Names a user sees (files, test scripts as test/run prints them).
if [ -d .git ] && command -v git >/dev/null; then
	names=$(git ls-files -co --exclude-standard | grep -i seed | paste -sd' ' || true)
else
	names=$(find . -path ./.git -prune -o -iname '*seed*' -print | paste -sd' ')
fi
is "no file name says seed" "" "$names"

# Elsewhere (tests, services), the tutorial's sense of the word: a random
# generator's seed is fine.
hits=$(grep -rn -i -E "seed's|seed\.md|the seed\b|seed (test|table|user)" \
    --exclude-dir=.git --exclude-dir=.cache --exclude=wording.sh . | head -5 || true)
is "no test or script speaks of the seed" "" "$hits"

is "README names the tutorial by its project, once" 1 \
    "$(grep -c 'solution-mysql-redis-canal-kafka-sync' README.md)"
check "README calls it the original lab tutorial" grep -q 'original lab tutorial' README.md
