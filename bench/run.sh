#!/bin/sh
# SPDX-License-Identifier: 0BSD
# Benchmarks: ./build.sh bench [quick|soak|relay|arch]
# Measures on this machine, and writes docs/performance.md from what it
# measured (no number in it is typed by hand):
#   size      stripped out/nsbox per defconfig; bytes per Kconfig feature on
#             top of tiny_defconfig; where the bytes go (ld map file)
#   latency   spawn of a static "true" under nsbox, two floor programs and
#             the other tools, interleaved rounds (bench/timer.c), 3 times
#   work      user-space instructions (callgrind) and syscalls (strace)
#   memory    VmRSS of every resident wrapper process
#   reaping   a burst of orphans under nsbox's init and tini (bench/reap.c)
#   enter     nsbox -e into a running box against util-linux nsenter -a and
#             a floor (bench/enterfloor.c); nsbox -l of 100 boxes and lsns
#   soak      (bench/soak.sh, also alone: "soak") the leak soak,
#             concurrency and kill storms into docs/reliability.md
#   relay     terminal relay throughput beside script -qc and su --pty
#             (bench/relay.sh; "relay" runs only this, updating its section)
#   per arch  every defconfig built for x86_64, aarch64, armhf, riscv64
#             (ARCH=, Debian's cross toolchains)
# Needs root (namespaces) and Debian's packages, which it installs.
# Outputs under out/bench/. "quick" runs fewer rounds and a smaller burst;
# "arch" builds only the per-arch sizes and rewrites their table in
# docs/performance.md, leaving the rest as it was.
set -e
unset KCONFIG_CONFIG KCONFIG_ALLCONFIG O
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP"
MODE=${1:-full}
case $MODE in
full) ROUNDS=300 WARM=30 REAPN=20000 RELAYN=5 ;;
quick) ROUNDS=40 WARM=5 REAPN=2000 RELAYN=1 ;;
soak) exec sh bench/soak.sh ;;	# only the reliability soak and storms
relay) exec sh bench/relay.sh --update ;;	# only the relay section
arch) ;;
*) echo "usage: ./build.sh bench [quick|soak|relay|arch]" >&2; exit 2 ;;
esac
REPEATS=3
B=$TOP/out/bench
BIN=$B/bin
REPORT=$TOP/docs/performance.md

say() { printf '%s\n' "$*" >&2; }
die() { say "bench: $*"; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (namespaces, mounts)"

# ------------------------------------------------------------ arch sizes
ARCHES="x86_64 aarch64 armhf riscv64"
# arch_sizes: every defconfig for every arch, "ARCH CONFIG BYTES" lines
# in $B/arch/sizes (BYTES "-" when that build failed).
arch_sizes() {
	mkdir -p "$B/arch"
	: >"$B/arch/sizes"
	for a in $ARCHES; do
		for f in configs/*_defconfig; do
			c=${f#configs/}; c=${c%_defconfig}
			d=$B/arch/$a-$c
			mkdir -p "$d"
			cp "$f" "$d/.config"
			if ARCH=$a NSBOX_AUTO_INSTALL=1 O=$d ./build.sh >"$d/build.log" 2>&1
			then s=$(wc -c <"$d/nsbox" | tr -d ' ')
			else s=-; say "bench: ARCH=$a $c failed: $d/build.log"
			fi
			echo "$a $c $s" >>"$B/arch/sizes"
		done
	done
}
# arch_table: the per-arch section of docs/performance.md.
arch_table() {
	echo "<!-- arch-sizes -->"
	echo "### Per architecture"
	echo
	echo "The file as built by \`ARCH=... ./build.sh\` for each defconfig" \
		"(\`$(date -u '+%Y-%m-%d')\`, nsbox $(git rev-parse --short HEAD 2>/dev/null))," \
		"with Debian's $("${ARCH_GCC:-aarch64-linux-gnu-gcc}" -dumpfullversion 2>/dev/null | sed 's/^/gcc /')" \
		"cross compilers and musl $(dpkg-query -W -f '${Version}\n' musl-dev 2>/dev/null | head -n 1)" \
		"(riscv64: trixie's $(cat "$TOP/out/cross/riscv64/.deb-version" 2>/dev/null))."
	echo
	echo "| config | $(echo $ARCHES | sed 's/ / | /g') |"
	echo "|---$(for a in $ARCHES; do printf '|---'; done)|"
	for f in configs/*_defconfig; do
		c=${f#configs/}; c=${c%_defconfig}
		printf '| `%s_defconfig` ' "$c"
		for a in $ARCHES; do
			printf '| %s ' "$(awk -v a="$a" -v c="$c" '$1 == a && $2 == c { print $3 }' "$B/arch/sizes")"
		done
		echo "|"
	done
	echo "<!-- arch-sizes end -->"
}
if [ "$MODE" = arch ]; then
	arch_sizes
	arch_table >"$B/arch/table.md"
	# In place of the old table, else before the per-feature sizes.
	awk -v f="$B/arch/table.md" -v has="$(grep -c '^<!-- arch-sizes -->$' "$REPORT")" '
		function table() { while ((getline l < f) > 0) print l; print "" }
		/^<!-- arch-sizes -->$/ { table(); skip = 1; next }
		/^<!-- arch-sizes end -->$/ { skip = 0; getline; if ($0 != "") print; next }
		!has && /^### What each feature costs/ { table(); has = 1 }
		!skip' "$REPORT" >"$REPORT.tmp"
	mv "$REPORT.tmp" "$REPORT"
	say "bench: per-arch sizes written to $REPORT"
	exit 0
fi

# What the benchmark runs, from Debian.
deps() {
	miss=
	for pc in musl-tools:musl-gcc kconfig-frontends:kconfig-conf \
	    bubblewrap:bwrap tini:tini busybox-static:busybox \
	    util-linux:unshare valgrind:valgrind strace:strace \
	    binutils:strip file:file; do
		command -v "${pc#*:}" >/dev/null 2>&1 || miss="$miss ${pc%%:*}"
	done
	# busybox must be the static one (no loader in its figures).
	[ -n "$(command -v busybox)" ] && ! file -L "$(command -v busybox)" |
		grep -q 'statically linked' && miss="$miss busybox-static"
	[ -z "$miss" ] && return 0
	say "bench: installing$miss"
	command -v apt-get >/dev/null || die "missing:$miss"
	export DEBIAN_FRONTEND=noninteractive
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $miss >/dev/null 2>&1 ||
		{ apt-get update -qq >/dev/null 2>&1
		  apt-get install -y -qq --no-install-recommends $miss >/dev/null; } ||
		die "apt-get install$miss failed"
}
deps
BUSYBOX=$(command -v busybox)
UNSHARE=$(command -v unshare)
BWRAP=$(command -v bwrap)
TINI=$(command -v tini)
# Each other tool's isolating prefix, once (paths have no spaces: word
# splitting of these is intended).
C_UNSHARE="$UNSHARE -fpuim --mount-proc"
C_BUSYBOX="$BUSYBOX unshare -fpuim --mount-proc"
C_BWRAP="$BWRAP --bind / / --dev /dev --proc /proc --unshare-pid --unshare-uts --unshare-ipc"
C_TINI="$C_UNSHARE $TINI --"
SLEEP=$(command -v sleep)

rm -rf "$B"
mkdir -p "$BIN" "$B/size" "$B/cg" "$B/st" "$TOP/docs"

# ---------------------------------------------------------------- builds
say "bench: building the bench programs and nsbox"
FLOORFLAGS="-Os -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables
	-fno-unwind-tables -static -Wl,--gc-sections -Wl,-z,noseparate-code
	-Wl,-z,norelro -Wl,-z,common-page-size=16"
for p in true floor1 floor2 floorcg timer reap enterfloor; do
	# nsbox's own compile and link flags, so the floors map and fault in
	# as few pages as nsbox does; not stripped: callgrind finds execve and
	# fork in the floors by name.
	# shellcheck disable=SC2086
	musl-gcc -std=gnu11 -Wall -Wextra -Werror $FLOORFLAGS \
		-o "$BIN/$p" "bench/$p.c" || die "bench/$p.c does not build"
done
TRUE=$BIN/true

# nsbox_build NAME CONFIGFILE [LDFLAGS]: out/bench/size/NAME/nsbox, and
# prints its stripped size.
nsbox_build() {
	d=$B/size/$1
	mkdir -p "$d"
	cp "$2" "$d/.config"
	O=$d LDFLAGS="$3" ./build.sh >"$d/build.log" 2>&1 ||
		{ cat "$d/build.log" >&2; die "build of $1 failed"; }
	# The build already strips (and drops section headers): strip
	# again only where there is something left to strip.
	strip -o "$d/nsbox.stripped" "$d/nsbox" 2>/dev/null ||
		cp "$d/nsbox" "$d/nsbox.stripped"
	wc -c <"$d/nsbox.stripped" | tr -d ' '
}

DEFCONFIGS=
for f in configs/*_defconfig; do
	n=${f#configs/}; DEFCONFIGS="$DEFCONFIGS ${n%_defconfig}"
done
: >"$B/sizes"
for c in $DEFCONFIGS; do
	s=$(nsbox_build "$c" "configs/${c}_defconfig" "-Wl,-Map=$B/size/$c.map")
	echo "$c $s" >>"$B/sizes"
done
size_of() { awk -v c="$1" '$1 == c { print $2 }' "$B/sizes"; }
arch_sizes
NSBOX=$B/size/default/nsbox
# The same default build with its symbol table, for callgrind's names.
mkdir -p "$B/sym"
cp configs/default_defconfig "$B/sym/.config"
SSTRIP=0 O=$B/sym LDFLAGS=-Wl,--strip-debug ./build.sh >"$B/sym/build.log" 2>&1 ||
	die "symbol build failed"
NSBOX_SYM=$B/sym/nsbox

# ---------------------------------------------------------------- features
say "bench: per-feature sizes on top of tiny_defconfig"
bools() {
	awk '$1 == "config" { n = $2 } n && $1 == "bool" { print n; n = "" }
	     $1 == "int" || $1 == "string" { n = "" }' Kconfig
}
deps_of() {	# SYM: the symbols its "depends on" lines name, recursively
	awk -v s="$1" '
	$1 == "config" || $1 == "menuconfig" { n = $2 }
	$1 == "depends" && $2 == "on" {
		for (i = 3; i <= NF; i++) {
			w = $i; gsub(/[^A-Za-z0-9_]/, " ", w)
			k = split(w, a, " ")
			for (j = 1; j <= k; j++) if (a[j] ~ /^[A-Z][A-Z0-9_]*$/) d[n] = d[n] " " a[j]
		}
	}
	END {
		todo = s; seen[s] = 1
		while (todo != "") {
			split(todo, q, " "); todo = ""
			for (i in q) { k = split(d[q[i]], a, " ")
				for (j = 1; j <= k; j++) if (!seen[a[j]]++) {
					print a[j]; todo = todo " " a[j] } }
		}
	}' Kconfig
}
ys() { sed -n 's/^CONFIG_\([A-Za-z0-9_]*\)=y$/\1/p' "$1" | sort; }
TINY=$(size_of tiny)
ys configs/tiny_defconfig >"$B/tiny.y"
: >"$B/features"
for sym in $(bools); do
	frag=$B/size/frag.$sym
	if grep -qx "$sym" "$B/tiny.y"; then
		# In tiny already: what turning it off would save.
		sed "s/^CONFIG_$sym=y\$/# CONFIG_$sym is not set/" \
			configs/tiny_defconfig >"$frag"
		want=n
	else
		on="$sym $(deps_of "$sym" | tr '\n' ' ')"
		cp configs/tiny_defconfig "$frag"
		for s in $on; do
			grep -v "CONFIG_$s[= ]" "$frag" >"$frag.t" || true
			echo "CONFIG_$s=y" >>"$frag.t"
			mv "$frag.t" "$frag"
		done
		want=y
	fi
	KCONFIG_ALLCONFIG=$frag KCONFIG_CONFIG=$frag.config \
		kconfig-conf -s --allnoconfig Kconfig >/dev/null 2>&1 ||
		{ echo "$sym $want fail - kconfig failed" >>"$B/features"; continue; }
	ys "$frag.config" >"$frag.y"
	if [ $want = y ]; then
		grep -qx "$sym" "$frag.y" ||
			{ echo "$sym y fail - cannot be enabled on top of tiny" >>"$B/features"; continue; }
		also=$(comm -13 "$B/tiny.y" "$frag.y" | grep -vx "$sym" | tr '\n' ',')
	else
		also=$(comm -23 "$B/tiny.y" "$frag.y" | grep -vx "$sym" | tr '\n' ',')
	fi
	s=$(nsbox_build "f-$sym" "$frag.config")
	echo "$sym $want $s ${also%,}" >>"$B/features"
done

# ---------------------------------------------------------------- where the bytes go
say "bench: where the bytes go"
SRCS=$(cd src && echo *.c)
objsizes() {	# MAPFILE: MAPFILE.objs, "SIZE OBJECT" a line, largest first
	awk -f bench/mapsize.awk "$1" | sort -rn >"$1.objs"
	# cc*.o are the compiler's temporaries for src/*.c, in that order.
	grep '^LOAD .*/cc[^/]*\.o$' "$1" | sed 's|.*/||' >"$1.cc"
	i=0
	for s in $SRCS; do
		i=$((i + 1))
		cc=$(sed -n "${i}p" "$1.cc")
		[ -n "$cc" ] && sed -i "s| $cc\$| src/$s|" "$1.objs"
	done
	return 0
}
for c in tiny default; do objsizes "$B/size/$c.map"; done
# ELF layout of tiny: headers, code, data, and the padding RELRO costs.
layout() {	# BINARY: "what bytes" lines
	readelf -lW "$1" | awk '
	$1 == "LOAD" { n++; off[n] = strtonum_(substr($2, 3)); fs[n] = strtonum_(substr($5, 3)) }
	function strtonum_(h,  i, v) { v = 0; h = tolower(h)
		for (i = 1; i <= length(h); i++) v = v * 16 + index("0123456789abcdef", substr(h, i, 1)) - 1
		return v }
	END { print "text", fs[1]; print "pad", off[2] - off[1] - fs[1]; print "data", fs[2] }'
}
layout "$B/size/tiny/nsbox.stripped" >"$B/tiny.layout"
# Flag experiments on the default and tiny configs, and an empty program.
printf 'int main(void){return 0;}\n' >"$B/empty.c"
FL="-Os -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables -fno-unwind-tables -fno-ident -static -Wl,--gc-sections -Wl,-z,noseparate-code -Wl,--build-id=none -s"
# shellcheck disable=SC2086
musl-gcc $FL -o "$B/empty" "$B/empty.c"
# shellcheck disable=SC2086
musl-gcc $FL -Wl,-z,norelro -Wl,-z,common-page-size=16 -o "$B/empty-norelro" "$B/empty.c"
EMPTY=$(wc -c <"$B/empty"); EMPTY_NORELRO=$(wc -c <"$B/empty-norelro")
: >"$B/experiments"
for c in tiny default; do
	# Later -z options win: these undo build.sh's norelro and page size.
	for e in "relro:-Wl,-z,relro -Wl,-z,common-page-size=4096" \
	    "cps:-Wl,-z,common-page-size=4096" "relro16:-Wl,-z,relro"; do
		s=$(nsbox_build "x-$c-${e%%:*}" "configs/${c}_defconfig" "${e#*:}")
		echo "$c ${e%%:*} $s" >>"$B/experiments"
	done
done
exp_of() { awk -v c="$1" -v e="$2" '$1 == c && $2 == e { print $3 }' "$B/experiments"; }

# ---------------------------------------------------------------- latency
say "bench: spawn latency, $REPEATS x $ROUNDS interleaved rounds"
H=bench$$
# The box with limits (CONFIG_LIMITS: full_defconfig) beside the same build
# without: every controller nsbox limits, so on a v1 or hybrid host three
# hierarchies (the child joins each), on cgroup2 one (clone3 puts it there).
NSBOX_FULL=$B/size/full/nsbox
LIMITS="--pids-max 1000 --memory-max 1G --cpu-max 100"
if grep -q ':pids:' /proc/self/cgroup; then
	CGLAYOUT="cgroup v1 (the child joins each hierarchy at the checkpoint)"
else
	CGLAYOUT="cgroup v2 (clone3 CLONE_INTO_CGROUP)"
fi
# The cgroup floor (bench/floorcg.c) makes its cgroups where nsbox makes
# the box's (their parents, from the box's /proc/self/cgroup) and writes
# the limits nsbox writes for $LIMITS there.
CG2=/sys/fs/cgroup
[ "$(stat -f -c %T $CG2)" = cgroup2fs ] || CG2=$CG2/unified
# shellcheck disable=SC2086
FLOORCG=$("$NSBOX_FULL" $LIMITS cat /proc/self/cgroup | awk -F: -v v2="$CG2" '
	function val(c) {
		if (c == "pids") return "pids.max=1000"
		if (c == "memory") return v1 ? "memory.limit_in_bytes=1073741824 ?memory.memsw.limit_in_bytes=1073741824" : "memory.max=1073741824 ?memory.swap.max=0"
		return v1 ? "cpu.cfs_quota_us=100000" : "cpu.max=100000"
	}
	$3 ~ /\/nsbox-[0-9]+$/ {
		p = $3; sub(/\/nsbox-[0-9]+$/, "", p)
		if ($2 == "") { two = p; has2 = 1; next }
		v1 = 1; dir = ""; w = ""
		n = split("pids memory cpu", c, " ")
		for (i = 1; i <= n; i++)
			if (("," $2 ",") ~ ("," c[i] ",")) {
				if (dir == "") dir = "1:/sys/fs/cgroup/" c[i] p
				w = w " " val(c[i]); done[c[i]] = 1
			}
		if (dir != "") out = out dir w " "
	}
	END {
		v1 = 0; w = ""
		split("pids memory cpu", c, " ")
		for (i = 1; i <= 3; i++) if (!done[c[i]]) w = w " " val(c[i])
		if (has2) out = out "2:" v2 two w " "
		print out
	}')
[ -n "$FLOORCG" ] || die "no cgroup of the box with limits found"
cat >"$B/cmds" <<EOF
floor1	$BIN/floor1 $TRUE
floor2	$BIN/floor2 $TRUE
nsbox --as-pid-1	$NSBOX --as-pid-1 -H $H $TRUE
nsbox	$NSBOX -H $H $TRUE
nsbox full	$NSBOX_FULL -H $H $TRUE
nsbox full, limits	$NSBOX_FULL -H $H $LIMITS $TRUE
floor2 + cgroups	$BIN/floorcg $FLOORCG-- $TRUE
unshare	$C_UNSHARE $TRUE
busybox unshare	$C_BUSYBOX $TRUE
bwrap	$C_BWRAP $TRUE
unshare + tini	$C_TINI $TRUE
EOF
# Each must work before it is timed.
while IFS='	' read -r label cmd; do
	# shellcheck disable=SC2086
	$cmd >/dev/null || die "'$label' fails: $cmd"
done <"$B/cmds"
for r in $(seq $REPEATS); do
	"$BIN/timer" "$ROUNDS" "$WARM" "$B/cmds" >"$B/lat.$r" </dev/null
	say "bench:   repeat $r done"
done
cat "$B/lat."* | awk -F'\t' '{ split($2, v, " "); if (v[5] > 0) bad = bad " " $1 } END { if (bad != "") { print "bench: failures in:" bad > "/dev/stderr"; exit 1 } }' ||
	die "some spawns failed"
# mlat FILE LABEL: median over the repeats of LABEL's per-repeat medians
# in $B/FILE.N (the timer's output: LABEL, tab, "median min max ...").
mlat() {
	for r in $(seq $REPEATS); do
		awk -F'\t' -v l="$2" '$1 == l { split($2, v, " "); print v[1] }' "$B/$1.$r"
	done | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}
# mratio FILE LABEL BASE: per-repeat ratio of the medians LABEL / BASE in
# $B/FILE.N: "median min max" over the repeats.
mratio() {
	for r in $(seq $REPEATS); do
		awk -F'\t' -v l="$2" -v f="$3" '
		{ split($2, v, " "); m[$1] = v[1] }
		END { printf "%.4f\n", m[l] / m[f] }' "$B/$1.$r"
	done | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)], a[1], a[NR] }'
}
# lat LABEL, ratio LABEL FLOOR: the same for the spawn latencies.
lat() { mlat lat "$1"; }
ratio() { mratio lat "$1" "$2"; }

# ---------------------------------------------------------------- enter, list
say "bench: enter latency and list timing"
NSENTER=$(command -v nsenter)
LSNS=$(command -v lsns)
EB=be$$
# nsbox -e NAME looks at the newest processes first: beside the new box,
# an older one with 100 processes younger than it.
"$NSBOX" --name "${EB}o" -H "$EB" "$SLEEP" 1000 </dev/null >/dev/null 2>&1 &
EOLD="$!"
i=0
until "$NSBOX" -e "${EB}o" true 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 100 ] || die "the box to enter did not start"; sleep 0.1
done
i=0
while [ $i -lt 100 ]; do "$SLEEP" 1000 & EOLD="$EOLD $!"; i=$((i + 1)); done
"$NSBOX" --name "$EB" -H "$EB" "$SLEEP" 1000 </dev/null >/dev/null 2>&1 &
EOUTER=$!
# Whatever happens, the boxes of this section end with the benchmark.
trap 'kill $EOUTER $EOLD $LPIDS 2>/dev/null || true' EXIT
i=0
until "$NSBOX" -e "$EB" true 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 100 ] || die "the box to enter did not start"; sleep 0.1
done
EPID=$(cut -d' ' -f1 /proc/$EOUTER/task/*/children)
# nsbox -e with a name no box has looks at every process on the machine.
ENPROCS=$(ls -d /proc/[0-9]* 2>/dev/null | wc -l)
cat >"$B/ecmds" <<EOF
enter floor	$BIN/enterfloor $EPID $TRUE
nsbox -e NAME	$NSBOX -e $EB $TRUE
nsbox -e NAME, 100 younger	$NSBOX -e ${EB}o $TRUE
nsbox -e PID	$NSBOX -e $EPID $TRUE
nsenter -a	$NSENTER -t $EPID -a $TRUE
EOF
while IFS='	' read -r label cmd; do
	# shellcheck disable=SC2086
	$cmd >/dev/null || die "'$label' fails: $cmd"
done <"$B/ecmds"
for r in $(seq $REPEATS); do
	"$BIN/timer" "$ROUNDS" "$WARM" "$B/ecmds" >"$B/elat.$r"
done
# shellcheck disable=SC2086
kill "$EOUTER" $EOLD; wait "$EOUTER" $EOLD || true
# -l with 100 boxes (50 named), against lsns listing every namespace.
LB=bl$$
LPIDS=
i=0
while [ $i -lt 50 ]; do
	"$NSBOX" --name "$LB-$i" "$SLEEP" 1000 </dev/null >/dev/null 2>&1 &
	LPIDS="$LPIDS $!"
	"$NSBOX" -H "$LB" "$SLEEP" 1000 </dev/null >/dev/null 2>&1 &
	LPIDS="$LPIDS $!"
	i=$((i + 1))
done
i=0
while [ "$("$NSBOX" -l | grep -c -e "^$LB-" -e " $LB ")" -lt 100 ]; do
	i=$((i + 1)); [ $i -lt 100 ] || die "the 100 boxes did not start"; sleep 0.1
done
NBOXES=$("$NSBOX" -l | sed 1d | wc -l)
NPROCS=$(ls -d /proc/[0-9]* 2>/dev/null | wc -l)
printf 'nsbox -l\t%s -l\nlsns\t%s\n' "$NSBOX" "$LSNS" >"$B/lcmds"
LROUNDS=$((ROUNDS / 10 + 5))
for r in $(seq $REPEATS); do
	"$BIN/timer" "$LROUNDS" 2 "$B/lcmds" >"$B/llat.$r"
done
# shellcheck disable=SC2086
kill $LPIDS
wait || true
# ---------------------------------------------------------------- callgrind, strace
say "bench: instructions (callgrind) and syscalls (strace)"
# Callgrind writes a process's counts when it exits; a process that execs
# loses them. So every process also dumps before execve, and before the
# calls that create processes (fork, clone, syscall, and eventfd, which
# bwrap calls just before its raw clone), which resets the counters: a
# child then does not inherit, and count twice, what its parent did.
# Summed over every file of every process, minus "true" (not traced).
VGDUMP="--dump-before=execve --dump-before=fork --dump-before=_Fork
	--dump-before=vfork --dump-before=clone --dump-before=__clone
	--dump-before=eventfd"
callgrind() {	# NAME SYSCALLDUMP CMD...: instructions summed over processes
	n=$1; sd=$2; shift 2
	mkdir -p "$B/cg/$n"
	# shellcheck disable=SC2086
	valgrind --tool=callgrind --vgdb=no --trace-children=yes \
		--trace-children-skip="*/true" $VGDUMP $sd \
		--callgrind-out-file="$B/cg/$n/cg.%p" "$@" \
		>/dev/null 2>"$B/cg/$n.log" || { cat "$B/cg/$n.log" >&2; die "callgrind $n failed"; }
	cat "$B/cg/$n"/cg.* | awk '$1 == "summary:" { s += $2 } END { print s }'
}
SD=--dump-before=syscall
# bwrap's child calls syscall() while its root is a bare tmpfs where the
# output files cannot be written: its raw clone is caught by eventfd.
{
	echo "floor1 $(callgrind floor1 $SD "$BIN/floor1" "$TRUE")"
	echo "floor2 $(callgrind floor2 $SD "$BIN/floor2" "$TRUE")"
	echo "nsbox-p1 $(callgrind nsbox-p1 $SD "$NSBOX_SYM" --as-pid-1 -H "$H" "$TRUE")"
	echo "nsbox $(callgrind nsbox $SD "$NSBOX_SYM" -H "$H" "$TRUE")"
	echo "unshare $(callgrind unshare $SD $C_UNSHARE "$TRUE")"
	echo "busybox $(callgrind busybox $SD $C_BUSYBOX "$TRUE")"
	echo "bwrap $(callgrind bwrap "" $C_BWRAP "$TRUE")"
	# unshare would exec a traced tini with the same PID 1 as itself and
	# their files would collide: tini is counted as PID 1 under an
	# untraced unshare, and unshare's own part comes from its row.
	mkdir -p "$B/cg/tini"
	# shellcheck disable=SC2086
	$C_UNSHARE valgrind --tool=callgrind --vgdb=no \
		--trace-children=yes --trace-children-skip="*/true" $VGDUMP $SD \
		--callgrind-out-file="$B/cg/tini/cg.%p" "$TINI" -- "$TRUE" \
		>/dev/null 2>"$B/cg/tini.log" || die "callgrind tini failed"
	t=$(cat "$B/cg/tini"/cg.* | awk '$1 == "summary:" { s += $2 } END { print s }')
	echo "tini $t"
} >"$B/instr"
instr() { awk -v n="$1" '$1 == n { print $2 }' "$B/instr"; }
# byproc NAME: "outer N, PID 1 N, ..." (the host's PID is the outer one).
byproc() {
	for f in "$B/cg/$1"/cg.*; do
		p=${f##*/cg.}; p=${p%%.*}
		awk -v p="$p" '$1 == "summary:" { print p, $2 }' "$f"
	done | awk '{ s[$1] += $2 } END { for (p in s) print p, s[p] }' | sort -n |
	awk '{ printf "%s%s %d", (NR > 1 ? ", " : ""), ($1 > 99 ? "outer" : "PID " $1), $2 }'
}
# Where the outer nsbox process's instructions go, by function.
for f in "$B/cg/nsbox"/cg.*; do
	p=${f##*/cg.}; p=${p%%.*}
	[ "$p" -gt 99 ] && [ -s "$f" ] && callgrind_annotate "$f" 2>/dev/null
done | awk '/\?\?\?:/ { n = $1; gsub(/,/, "", n); f = $0; sub(/.*\?\?\?:/, "", f)
	sub(/ \[.*/, "", f); gsub(/ /, "_", f); s[f] += n } END { for (f in s) print s[f], f }' |
	sort -rn | head -n 12 >"$B/nsbox.fns"

strace_calls() {	# CMD...: syscalls of all processes
	strace -f -c -o "$B/st/out" "$@" >/dev/null 2>&1 || die "strace $* failed"
	awk '$NF == "total" { print $4 }' "$B/st/out"
}
TRUE_SC=$(strace_calls "$TRUE")
{
	echo "floor1 $(strace_calls "$BIN/floor1" "$TRUE")"
	echo "floor2 $(strace_calls "$BIN/floor2" "$TRUE")"
	echo "nsbox-p1 $(strace_calls "$NSBOX" --as-pid-1 -H "$H" "$TRUE")"
	echo "nsbox $(strace_calls "$NSBOX" -H "$H" "$TRUE")"
	echo "unshare $(strace_calls $C_UNSHARE "$TRUE")"
	echo "busybox $(strace_calls $C_BUSYBOX "$TRUE")"
	echo "bwrap $(strace_calls $C_BWRAP "$TRUE")"
	echo "tini $(strace_calls $C_TINI "$TRUE")"
} >"$B/sys"
sc() { awk -v n="$1" -v t="$TRUE_SC" '$1 == n { print $2 - t }' "$B/sys"; }

# ---------------------------------------------------------------- memory
say "bench: resident memory"
# tree PID: "PID DEPTH COMM" for PID and every process below it.
tree() {
	for f in /proc/[0-9]*/stat; do cat "$f" 2>/dev/null; echo; done |
	awk -v top="$1" '
	NF { c = $0; sub(/^[0-9]+ \(/, "", c); sub(/\).*/, "", c)
	     r = $0; sub(/.*\) /, "", r); split(r, f, " ")
	     ppid[$1] = f[2]; comm[$1] = c }
	END { for (p in ppid) { d = 0; q = p
		while (q != top && q in ppid && d < 10) { q = ppid[q]; d++ }
		if (q == top) print p, d, comm[p] } }'
}
# rss1 NAME CMD...: runs CMD (whose command is "sleep 3") and, once the
# sleep runs, lists every process between: "NAME DEPTH COMM KiB".
rss1() {
	n=$1; shift
	"$@" &
	top=$!
	i=0
	while [ $i -lt 50 ] && ! tree $top | grep -q ' sleep$'; do
		sleep 0.1; i=$((i + 1))
	done
	sleep 0.2
	tree $top | grep -v ' sleep$' | while read -r pid depth comm; do
		kb=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$pid/status" 2>/dev/null)
		[ -n "$kb" ] && echo "$n $depth $comm $kb"
	done
	wait "$top" || true
}
rss() {	# rss1, tried again when it saw nothing (a loaded machine)
	for try in 1 2 3; do
		out=$(rss1 "$@")
		[ -n "$out" ] && { echo "$out"; return 0; }
	done
	say "bench: no resident process seen for $1"
}
{
	rss floor2 "$BIN/floor2" "$SLEEP" 3
	rss nsbox "$NSBOX" -H "$H" "$SLEEP" 3
	rss nsbox-p1 "$NSBOX" --as-pid-1 -H "$H" "$SLEEP" 3
	rss unshare $C_UNSHARE "$SLEEP" 3
	rss busybox $C_BUSYBOX "$SLEEP" 3
	rss bwrap $C_BWRAP "$SLEEP" 3
	rss tini $C_TINI "$SLEEP" 3
} | sort -k1,1 -k2n >"$B/rss"

# ---------------------------------------------------------------- reaping
say "bench: reaping $REAPN orphans"
"$NSBOX" -H "$H" "$BIN/reap" "$REAPN" >"$B/reap.nsbox"
$C_TINI "$BIN/reap" "$REAPN" >"$B/reap.tini"

# ---------------------------------------------------------------- relay
say "bench: terminal relay throughput"
sh bench/relay.sh "$NSBOX" "$RELAYN" >"$B/relay.md"

# ---------------------------------------------------------------- report
say "bench: writing $REPORT"
. bench/report.sh >"$REPORT.tmp"
mv "$REPORT.tmp" "$REPORT"
say "bench: done ($MODE): $REPORT"

# ---------------------------------------------------------------- reliability
# The long soak and kill storms (docs/reliability.md), the full run only.
if [ "$MODE" = full ]; then
	sh bench/soak.sh || die "soak: failures (out/bench/soak.log)"
fi
