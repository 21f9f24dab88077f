# SPDX-License-Identifier: 0BSD
# The sanitizer stage, sourced by tests/run.sh after the host's runtime
# tests (harness functions, $OUT, $TMPDIR_TEST available). SANITIZE=1
# builds of full_defconfig (but FULL_ERRNO) and tiny_defconfig (glibc,
# -fsanitize=address,undefined: tests only, never shipped) then
#  1. replay the fuzz corpus, tests/fuzz/seeds/ and every reproducer ever
#     found, tests/fuzz/regress/, through tests/fuzz/harness.c: each input
#     must end in 0 or 125 without a report;
#  2. run the host test files that make sense under a sanitizer
#     (NSBOX_TEST_SANITIZE_FILES: the option and error paths, the default
#     box, -n, -U -r as nobody, -R up to the root switch) against the full
#     build. Reports go to files (ASAN_OPTIONS/UBSAN_OPTIONS log_path), not
#     into the tests' output: any file there fails the stage.
# NSBOX_TEST_SANITIZE=0 skips the stage.
SAN_LOG=$TMPDIR_TEST/sanitizer
: "${NSBOX_TEST_SANITIZE_FILES:=core user net root}"

# san_build NAME CFG: $OUT/NAME/{nsbox,fuzz-harness} from configs/CFG_defconfig.
san_build() {
	mkdir -p "$OUT/$1"
	# Messages from nsbox's own errno table, not glibc's strerror(3)
	# (whose texts differ from musl's, which the tests expect).
	sed 's/^CONFIG_FULL_ERRNO=y/# CONFIG_FULL_ERRNO is not set/' \
		"configs/$2_defconfig" >"$OUT/$1/.config"
	O=$OUT/$1 SANITIZE=1 ./build.sh >"$OUT/$1/build.log" 2>&1 ||
		{ cat "$OUT/$1/build.log"; return 1; }
}

# san_reports: what the sanitizers wrote since the last call (and clear).
san_reports() {
	for f in "$SAN_LOG"/*; do
		[ -f "$f" ] || continue
		printf '%s:\n' "$f"
		grep -v '^ *0x\|^Shadow\|^  [A-Z][a-z]' "$f" | head -n 25
		rm -f "$f"
	done
}

# san_replay HARNESS DIR...: every input of DIR... through HARNESS;
# prints the inputs that did not end in 0 or 125, or left a report.
san_replay() {
	h=$1; shift
	for d; do
		for f in "$d"/*; do
			[ -f "$f" ] || continue
			timeout 10 "$h" "$f" >/dev/null 2>"$SAN_LOG.err"
			rc=$?
			r=$(san_reports)
			if [ -n "$r" ] || { [ $rc != 0 ] && [ $rc != 125 ]; }; then
				printf '%s: rc=%s\n%s\n' "$f" "$rc" "$r"
				tail -n 5 "$SAN_LOG.err"
			fi
		done
	done
}

mkdir -p "$SAN_LOG"
chmod 711 "$TMPDIR_TEST"
chmod 1777 "$SAN_LOG"
export ASAN_OPTIONS="log_path=$SAN_LOG/asan:detect_leaks=0:abort_on_error=1"
export UBSAN_OPTIONS="log_path=$SAN_LOG/ubsan:halt_on_error=1:print_stacktrace=1"
CFGNAME=sanitize
optional
needcmd clang
check "sanitize: ASan+UBSan builds of full and tiny (glibc, clang)" \
	"san_build sanitize full && san_build sanitize-tiny tiny"
for c in sanitize sanitize-tiny; do
	[ -x "$OUT/$c/fuzz-harness" ] || continue
	check "fuzz: $c: the seed corpus replays clean ($(ls tests/fuzz/seeds | wc -l) inputs)" \
		"out=\$(san_replay $OUT/$c/fuzz-harness tests/fuzz/seeds); printf '%s' \"\$out\"; [ -z \"\$out\" ]"
	check "fuzz: $c: every reproducer ever found replays clean ($(ls tests/fuzz/regress | wc -l) inputs)" \
		"out=\$(san_replay $OUT/$c/fuzz-harness tests/fuzz/regress); printf '%s' \"\$out\"; [ -z \"\$out\" ]"
done
if [ -x "$OUT/sanitize/nsbox" ]; then
	NSBOX=$OUT/sanitize/nsbox NSBOX_SANITIZE=1
	export NSBOX_SANITIZE
	CONFIG=$OUT/sanitize/.config
	for n in $NSBOX_TEST_SANITIZE_FILES; do
		[ -f "tests/$n.test" ] || continue
		run_file "tests/$n.test"
	done
	CFGNAME=sanitize
	optional
	check "sanitize: no sanitizer report from the host tests ($NSBOX_TEST_SANITIZE_FILES)" \
		"r=\$(san_reports); printf '%s' \"\$r\"; [ -z \"\$r\" ]"
fi
unset ASAN_OPTIONS UBSAN_OPTIONS NSBOX_SANITIZE
optional
