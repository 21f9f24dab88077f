#!/bin/sh
# SPDX-License-Identifier: 0BSD
# Terminal relay throughput: cat of a 100 MB file inside nsbox's own pty
# (the default when stdin is a terminal), beside util-linux script -qc and
# su --pty, which relay the same way, and nsbox --tty=inherit (no relay).
# Each runs on a pty of bench/ptyrun.py's (its stdin, stdout, stderr and
# controlling terminal), which reads the master in 1 MB blocks and counts:
# the "outer pty only" row is that measuring pty alone.
# Prints a markdown section on stdout (bench/run.sh puts it into
# docs/performance.md); "./build.sh bench relay" runs only this and replaces
# that section of docs/performance.md in place.
#   sh bench/relay.sh NSBOX [ROUNDS]      the section on stdout
#   sh bench/relay.sh --update            build, measure, splice into the doc
set -e
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP"
B=$TOP/out/bench/relay
REPORT=$TOP/docs/performance.md

if [ "$1" = --update ]; then
	mkdir -p "$B/build"
	cp configs/default_defconfig "$B/build/.config"
	O=$B/build ./build.sh >/dev/null
	sh "$0" "$B/build/nsbox" "${2:-5}" >"$B/section.md"
	[ -f "$REPORT" ] || { cp "$B/section.md" "$REPORT"; exit 0; }
	# Replace "## Terminal relay" up to the next "## " heading, or append.
	awk -v f="$B/section.md" '
	/^## Terminal relay/ { while ((getline l < f) > 0) print l; skip = 1; done = 1; next }
	skip && /^## / { skip = 0 }
	!skip { print }
	END { if (!done) { print ""; while ((getline l < f) > 0) print l } }' \
		"$REPORT" >"$REPORT.tmp"
	mv "$REPORT.tmp" "$REPORT"
	echo "bench: relay section of $REPORT updated" >&2
	exit 0
fi

NSBOX=$1
ROUNDS=${2:-5}
SIZE=100000000
[ -x "$NSBOX" ] || { echo "usage: sh bench/relay.sh NSBOX [ROUNDS]" >&2; exit 2; }
for c in script su python3; do
	command -v $c >/dev/null || { echo "bench: relay: no $c" >&2; exit 1; }
done
mkdir -p "$B"
F=$B/big
[ "$(wc -c <"$F" 2>/dev/null)" = $SIZE ] ||
	head -c $((SIZE / 4 * 3)) /dev/urandom | base64 | head -c $SIZE >"$F"

# label<TAB>command run by the outer script
cat >"$B/cmds" <<EOF
outer pty only	cat $F
nsbox (pty relay)	$NSBOX cat $F
script -qc	script -qec 'cat $F' /dev/null
su --pty	su --pty root -c 'cat $F'
nsbox --tty=inherit (no relay)	$NSBOX --tty=inherit cat $F
EOF
# Each must move every byte (or more: ONLCR) before it is timed.
while IFS='	' read -r label cmd; do
	set -- $(python3 bench/ptyrun.py "$cmd")
	[ "$1" -ge $SIZE ] || { echo "bench: relay: '$label' moved $1 bytes" >&2; exit 1; }
done <"$B/cmds"
: >"$B/times"
r=0
while [ $r -lt "$ROUNDS" ]; do
	while IFS='	' read -r label cmd; do
		set -- $(python3 bench/ptyrun.py "$cmd")
		printf '%s\t%s\n' "$label" "$2" >>"$B/times"
	done <"$B/cmds"
	r=$((r + 1))
done

echo "## Terminal relay"
echo
echo "\`cat\` of a $((SIZE / 1000000)) MB text file (base64 lines) from inside each tool's"
echo "terminal: nsbox's own pty (the default when stdin is a terminal, see"
echo "\`src/pty.c\`), util-linux \`script -qc\` and \`su --pty\`, which relay the same"
echo "way, and nsbox \`--tty=inherit\` (the command writes to the terminal"
echo "itself). Each runs on a pty of \`bench/ptyrun.py\` (stdin, stdout, stderr,"
echo "controlling terminal) that reads the master in 1 MB blocks: \"outer pty"
echo "only\" is that measuring pty alone, every other row adds one relay to it."
echo "$ROUNDS rounds, interleaved; the median wall time. Written by \`bench/relay.sh\`"
echo "(\`./build.sh bench relay\` reruns only this section), $(uname -r), $(nproc) CPUs,"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) when it ended."
echo
echo "| command | median ms | MB/s | × script -qc |"
echo "|---|---|---|---|"
med() { awk -F'\t' -v l="$1" '$1 == l { print $2 }' "$B/times" | sort -n |
	awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
ref=$(med "script -qc")
while IFS='	' read -r label cmd; do
	m=$(med "$label")
	awk -v l="$label" -v m="$m" -v s=$SIZE -v r="$ref" 'BEGIN {
		printf "| %s | %.0f | %.0f | %.2f |\n", l, m / 1000, s / m, m / r }'
done <"$B/cmds"
echo
echo "Commands (each run by \`python3 bench/ptyrun.py CMD\`):"
echo
echo '```'
sed "s|$TOP/||g; s|	|:  |" "$B/cmds"
echo '```'
