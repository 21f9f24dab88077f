#!/bin/sh
# SPDX-License-Identifier: 0BSD
# Refresh tests/fuzz/seeds/ from the command lines the project already has:
# every "nsbox ..." example of README.md and docs/nsbox.1, and every
# "$NSBOX ..." of tests/*.test (their bad inputs included), one word a line,
# named by content. Run by hand after adding options or tests; commit the
# result. Words are cut at the first shell operator; quoting is undone as
# far as a seed needs (a seed need not be exact, only realistic).
cd "$(dirname "$0")/../.." || exit 1
d=tests/fuzz/seeds
mkdir -p "$d"
{
	sed -n 's/^ *\$* *nsbox \(.*\)/\1/p' README.md
	[ -f docs/nsbox.1 ] && sed -n 's/^\\*\.*B* *nsbox \(.*\)/\1/p; s/^nsbox \(.*\)/\1/p' docs/nsbox.1
	cat tests/*.test tests/vm/*.test 2>/dev/null | tr '\n' ' ' |
		sed 's/\$NSBOX /\n/g' | sed 1d
} | sed 's/  *#.*//; s/[;|&<>`].*//; s/\\"/"/g; s/\\\$/$/g' |
while IFS= read -r l; do
	# one word a line, quotes stripped, at most 12 words
	printf '%s\n' "$l" | awk '{
		n = 0
		for (i = 1; i <= NF && n < 12; i++) {
			w = $i; gsub(/^["'\'']|["'\'']$/, "", w)
			if (w == "2") break
			print w; n++
		}
	}' >"$d/.tmp"
	[ -s "$d/.tmp" ] || continue
	mv "$d/.tmp" "$d/$(cksum <"$d/.tmp" | cut -d' ' -f1)"
done
rm -f "$d/.tmp"
# Targets of their own (tests/fuzz/harness.c targets[]).
# (valid words first: a target stops at the first refused one)
printf '@uint\n0\n4294967294\n007\n4294967295\n' >"$d/target-uint"
printf '@bind\n/a:/b\n/a\n/x:/y:/z\n/tmp\n:\n' >"$d/target-bind"
printf '@size\n0\n16M\n2g\n1T\n4611686018427387903\n12X\n' >"$d/target-size"
printf '@signal\nKILL\nSIGTERM\n9\nRTMIN+3\nSIGRTMAX-1\nrtmin\nHUP\n0\n' >"$d/target-signal"
echo "$(ls "$d" | wc -l) seeds in $d"
