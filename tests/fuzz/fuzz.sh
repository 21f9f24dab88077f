#!/bin/sh
# SPDX-License-Identifier: 0BSD
# ./build.sh fuzz [SECONDS]: AFL++ on tests/fuzz/harness.c (nsbox's own
# parsers, full_defconfig, ASan+UBSan, glibc) for SECONDS (default 60) on
# one core, from tests/fuzz/seeds/ and tests/fuzz/regress/, with a
# dictionary of every option name in src/opts.c. Fails on any crash or
# hang: prints each reproducer and what the sanitizers said, and copies it
# into tests/fuzz/regress/ (commit it with the fix: the suite replays that
# directory on every run). The figures go into docs/reliability.md.
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 1
secs=${1:-60}
case $secs in ''|*[!0-9]*) echo "fuzz: SECONDS must be a number" >&2; exit 1 ;; esac
O=$TOP/out/fuzz
if ! command -v afl-fuzz >/dev/null; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ >/dev/null ||
			{ echo "fuzz: apt-get install afl++ failed" >&2; exit 1; }
	else
		echo "fuzz: afl-fuzz is missing: apt-get install -y afl++" >&2; exit 1
	fi
fi
mkdir -p "$O"
cp configs/full_defconfig "$O/.config"
O=$O SANITIZE=1 CC=afl-cc AFL_QUIET=1 ./build.sh >"$O/build.log" 2>&1 ||
	{ cat "$O/build.log"; exit 1; }

# The dictionary: every short and long option, and the separators.
sed -n 's/.*X("\([^"]*\)", "\([^"]*\)".*/\1 \2/p' src/opts.c |
while read -r s l; do
	[ "$s" = '\1' ] || printf '"-%s"\n' "$s"
	printf '"--%s"\n' "$l"
done >"$O/dict"
printf '"="\n":"\n"--"\n"@opts"\n"@uint"\n"@bind"\n"@size"\n"@signal"\n"SIG"\n"RTMIN+"\n' >>"$O/dict"
rm -rf "$O/in" "$O/findings"
mkdir -p "$O/in"
cp tests/fuzz/seeds/* "$O/in/"
for f in tests/fuzz/regress/*; do [ -f "$f" ] && cp "$f" "$O/in/"; done

echo "fuzz: $(ls "$O/in" | wc -l) inputs, ${secs}s, out/fuzz/findings"
AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_SKIP_CRASHES=1 \
AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_STARTUP_CALIBRATION=1 \
ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=0 \
UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1 \
	afl-fuzz -i "$O/in" -o "$O/findings" -x "$O/dict" -m none -t 1000 \
	-V "$secs" -- "$O/fuzz-harness" @@ >"$O/afl.log" 2>&1
rc=$?
st=$O/findings/default/fuzzer_stats
if [ ! -f "$st" ]; then
	tail -n 30 "$O/afl.log"
	echo "fuzz: afl-fuzz failed (rc=$rc), see $O/afl.log" >&2
	exit 1
fi
stat() { sed -n "s/^$1 *: *//p" "$st" | head -n 1; }
execs=$(stat execs_done) paths=$(stat corpus_count)
crashes=$(stat saved_crashes) hangs=$(stat saved_hangs)
[ -n "$crashes" ] || crashes=$(stat unique_crashes)
[ -n "$hangs" ] || hangs=$(stat unique_hangs)
cov=$(stat bitmap_cvg) speed=$(stat execs_per_sec)
echo "fuzz: $execs execs in ${secs}s ($speed/s), $paths paths, coverage $cov, $crashes crashes, $hangs hangs"

# One reproducer per crash site (the first frame in src/ or tests/).
bad=0 seen=
for f in "$O"/findings/default/crashes/id:* "$O"/findings/default/hangs/id:*; do
	[ -f "$f" ] || continue
	bad=$((bad + 1))
	timeout 5 "$O/fuzz-harness" "$f" >"$O/report" 2>&1
	site=$(sed -n 's/.* in \([A-Za-z_0-9]* [^ ]*\(src\|tests\)\/[^ ]*\).*/\1/p' "$O/report" | head -n 1)
	case " $seen " in *" ${site:-?} "*) continue ;; esac
	seen="$seen ${site:-?}"
	k=$(cksum <"$f" | cut -d' ' -f1)
	cp "$f" "tests/fuzz/regress/$k"
	echo "== reproducer tests/fuzz/regress/$k (${f##*/}), at ${site:-?}:"
	od -c "$f" | head -n 20
	echo "== $O/fuzz-harness tests/fuzz/regress/$k:"
	grep -v '^ *0x\|^Shadow\|^  [A-Z][a-z]' "$O/report" | head -n 20
done

sh bench/reliability.sh fuzz <<EOF2
| | |
|---|---|
| run | \`./build.sh fuzz $secs\`, $(date -u +%Y-%m-%d), AFL++ $(afl-fuzz -h 2>&1 | sed 's/\x1b\[[0-9;]*m//g' | sed -n 's/.*afl-fuzz++\([0-9][0-9a-z.]*\).*/\1/p' | head -n 1), one core |
| inputs | $(ls tests/fuzz/seeds | wc -l) seeds, $(ls tests/fuzz/regress | wc -l) regression reproducers |
| executions | $execs ($speed/s) |
| corpus after | $paths inputs, map coverage $cov |
| crashes / hangs | $crashes / $hangs |
EOF2
if [ "$bad" != 0 ]; then
	echo "fuzz: FAIL: $bad crashes or hangs; one reproducer per site copied into tests/fuzz/regress/" >&2
	exit 1
fi
echo "fuzz: PASS"
