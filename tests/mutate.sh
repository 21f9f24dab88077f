#!/bin/sh
# SPDX-License-Identifier: 0BSD
# ./build.sh mutate [ID...]: how strong is the host test stage? Each mutant
# below is a one-line change of src/ that a test should catch. Every mutant
# is applied to a copy of the tree (out/mutate/tree), built, and the host
# stage run against it (NSBOX_TEST_MUTATE_CONFIGS, default "default": it has -R;
# no build checks, no sanitizer or VM stage; a hang is cut by the per-file
# watchdog, NSBOX_TEST_FILE_TIMEOUT=120). A mutant is killed when a test
# fails that passes on the unmutated tree (run first, as the baseline). Prints the score and writes it into docs/reliability.md (when all
# mutants ran). By hand, not in CI: ~2 minutes a mutant on this machine.
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 1
W=$TOP/out/mutate
# ID|FILE|sed expression (no "|" in it)|what the mutant breaks
MUTANTS='
grace|src/init.c|s/if (!o.kill_after)/if (1)/|--kill-after ignored (always 0)
private|src/ns.c|s/if (o.propagation \&\& mount("none", "\/", 0, o.propagation, 0))/if (0)/|/ not made private
pivot|src/root.c|s/if (!sys_pivot_root(".", ".")) {/if (0) {/; s/} else if (errno == EINVAL) {/} else if (1) {/|pivot_root skipped (MS_MOVE + chroot)
fwd-outer|src/run.c|s/kill(child, stop_sig(si.ssi_signo));/(void)si;/|no signal forwarding by the outer process
fwd-init|src/init.c|s/kill(cmd, sig);/(void)sig;/|no signal forwarding by init
status|src/init.c|s/128 + WTERMSIG(st) :/WTERMSIG(st) :/|128+N lost for a signal death
pdeath|src/run.c|s/syscall(SYS_prctl, PR_SET_PDEATHSIG,/if (0) syscall(SYS_prctl, PR_SET_PDEATHSIG,/|no PR_SET_PDEATHSIG
term|src/init.c|s/kill(-1, SIGTERM)/kill(-1, 0)/|leftovers get no SIGTERM
reap|src/init.c|s/waitpid(-1, &st, WNOHANG/waitpid(cmd, \&st, WNOHANG/|init reaps only the command
setuid|src/safe.c|s/getauxval(AT_SECURE) \&\& getuid()/0/|setuid refusal removed
cloexec|src/run.c|s/sys_pipe2(errp, O_CLOEXEC)/sys_pipe2(errp, 0)/|error pipe leaks into the command
proc|src/ns.c|s/xmount("proc", o.proc_dir/if (0) xmount("proc", o.proc_dir/|no private /proc
setupfail|src/run.c|s/^\tif (fail)$/\tif (0)/|setup failure status lost
uts|src/opts.c|s/o.flags .= CLONE_NEWUTS;/;/|-H does not imply -u
rootless|src/main.c|s/o.map = 3;/o.map = 0;/|rootless nsbox maps nobody to root
'
only=" $* "
mkdir -p "$W"
: >"$W/results"
t0=$(date +%s)
# The host test files: NSBOX_TEST_MUTATE_FILES, else all but pkg (packaging:
# no source line of nsbox can change it, and the copy is no git checkout).
files=$NSBOX_TEST_MUTATE_FILES
[ -n "$files" ] || for f in tests/*.test; do
	n=${f#tests/}; n=${n%.test}
	case $n in build|pkg) ;; *) files="$files $n" ;; esac
done

# run ID [FILE EXPR]: the tree with the mutant applied, built and tested;
# its FAIL lines in $W/ID.fails. Returns 1 if the mutant does not apply
# (stale) and 2 if the tree does not build.
run() {
	rm -rf "$W/tree" && mkdir -p "$W/tree" &&
		git ls-files -z --cached --others --exclude-standard |
		xargs -0 cp --parents -t "$W/tree" 2>/dev/null
	if [ -n "$2" ]; then
		sed -i "$3" "$W/tree/$2"
		cmp -s "$2" "$W/tree/$2" && return 1
	fi
	(cd "$W/tree" && ./build.sh defconfig >/dev/null && ./build.sh) >"$W/$1.build" 2>&1 ||
		return 2
	(cd "$W/tree" && NSBOX_TEST_BUILD=0 NSBOX_TEST_SANITIZE=0 NSBOX_TEST_VM=0 \
		NSBOX_TEST_FILE_TIMEOUT=${NSBOX_TEST_FILE_TIMEOUT:-120} \
		NSBOX_TEST_CONFIGS="${NSBOX_TEST_MUTATE_CONFIGS:-default}" \
		sh tests/run.sh $files) >"$W/$1.log" 2>&1
	grep '^FAIL' "$W/$1.log" | sort -u >"$W/$1.fails"
}

# The unmutated tree first: what fails there (a flaky test, a missing
# tool) does not count as killing a mutant.
s=$(date +%s)
run baseline
echo "baseline: $(wc -l <"$W/baseline.fails") failures, $(($(date +%s) - s))s (files:$files)"
sed 's/^/    /' "$W/baseline.fails"
printf '%s\n' "$MUTANTS" | while IFS='|' read -r id file expr what; do
	[ -n "$id" ] || continue
	[ "$only" = "  " ] || case $only in *" $id "*) ;; *) continue ;; esac
	s=$(date +%s)
	run "$id" "$file" "$expr"
	case $? in
	1) echo "STALE $id: the expression no longer matches $file"
	   echo "stale $id" >>"$W/results"; continue ;;
	2) echo "NOBUILD $id: see $W/$id.build"
	   echo "nobuild $id" >>"$W/results"; continue ;;
	esac
	f=$(comm -13 "$W/baseline.fails" "$W/$id.fails" | wc -l)
	if [ "$f" != 0 ]; then r=killed; else r=SURVIVED; fi
	echo "$r $id ($what): $f new failures, $(($(date +%s) - s))s"
	comm -13 "$W/baseline.fails" "$W/$id.fails" | head -n 3 | sed 's/^/    /'
	echo "$r $id|$what|$f" >>"$W/results"
done
total=$(grep -c '^killed\|^SURVIVED' "$W/results")
killed=$(grep -c '^killed' "$W/results")
echo "mutation score: $killed of $total mutants killed ($(($(date +%s) - t0))s)"
if [ $# = 0 ] && [ -z "$NSBOX_TEST_MUTATE_FILES" ]; then
	{
		echo "$killed of $total one-line mutants of src/ killed by the host test stage"
		echo "(\`./build.sh mutate\`, $(date -u +%Y-%m-%d), builds: ${NSBOX_TEST_MUTATE_CONFIGS:-default})."
		echo
		echo "| mutant | what it breaks | result | new failures |"
		echo "|---|---|---|---|"
		sed -n 's/^\(killed\|SURVIVED\) \([^|]*\)|\([^|]*\)|\(.*\)/| \2 | \3 | \1 | \4 |/p' "$W/results"
		grep '^stale\|^nobuild' "$W/results" | sed 's/^/not run: /'
	} | sh bench/reliability.sh mutate
fi
[ "$killed" = "$total" ]
