#!/bin/sh
# SPDX-License-Identifier: 0BSD
# ./build.sh mutate [ID...]: how strong is the host test stage? Each mutant
# below is a one-line change of src/ that a test should catch. Every mutant
# is applied to a copy of the tree (out/mutate/tree), built, and the host
# stage run against it (NSBOX_TEST_MUTATE_CONFIGS, default "default rescue";
# no build checks, no sanitizer or VM stage; a hang is cut by the per-file
# watchdog, NSBOX_TEST_FILE_TIMEOUT=120). A mutant is killed when a test
# fails. Prints the score and writes it into docs/reliability.md (when all
# mutants ran). By hand, not in CI: ~2 minutes a mutant on this machine.
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 1
W=$TOP/out/mutate
# ID|FILE|sed expression|what the mutant breaks
MUTANTS='
grace|src/init.c|s/if (!o.kill_after)/if (1)/|--kill-after ignored (always 0)
private|src/ns.c|s/if (o.propagation \&\& mount("none", "\/", 0, o.propagation, 0))/if (0)/|/ not made private
pivot|src/root.c|s/if (!sys_pivot_root(".", ".")) {/if (0) {/; s/} else if (errno == EINVAL) {/} else if (1) {/|pivot_root skipped (MS_MOVE + chroot)
fwd-outer|src/run.c|s/kill(child, si.ssi_signo);/(void)si;/|no signal forwarding by the outer process
fwd-init|src/init.c|s/kill(cmd, sig);/(void)sig;/|no signal forwarding by init
status|src/init.c|s/128 + WTERMSIG(st) : WEXITSTATUS/WTERMSIG(st) : WEXITSTATUS/|128+N lost for a signal death
pdeath|src/run.c|s/syscall(SYS_prctl, PR_SET_PDEATHSIG, SIGKILL);/;/|no PR_SET_PDEATHSIG
term|src/init.c|s/kill(-1, SIGTERM)/kill(-1, 0)/|leftovers get no SIGTERM
reap|src/init.c|s/waitpid(-1, &st, WNOHANG/waitpid(cmd, \&st, WNOHANG/|init reaps only the command
setuid|src/safe.c|s/getauxval(AT_SECURE) \&\& getuid()/0/|setuid refusal removed
cloexec|src/run.c|s/sys_pipe2(errp, O_CLOEXEC)/sys_pipe2(errp, 0)/|error pipe leaks into the command
proc|src/ns.c|s/xmount("proc", o.proc_dir/if (0) xmount("proc", o.proc_dir/|no private /proc
setupfail|src/run.c|s/return fail ? fail :/return 0 ? fail :/|setup failure status lost
uts|src/opts.c|s/o.flags |= CLONE_NEWUTS;/;/|-H does not imply -u
rootless|src/main.c|s/o.map = 3;/o.map = 0;/|rootless nsbox maps nobody to root
'
only=" $* "
mkdir -p "$W"
: >"$W/results"
n=0 killed=0 stale=0 t0=$(date +%s)
printf '%s\n' "$MUTANTS" | while IFS='|' read -r id file expr what; do
	[ -n "$id" ] || continue
	[ "$only" = "  " ] || case $only in *" $id "*) ;; *) continue ;; esac
	rm -rf "$W/tree" && mkdir -p "$W/tree" &&
		git ls-files -z --cached --others --exclude-standard |
		xargs -0 cp --parents -t "$W/tree" 2>/dev/null
	sed -i "$expr" "$W/tree/$file"
	if cmp -s "$file" "$W/tree/$file"; then
		echo "STALE $id: the expression no longer matches $file"
		echo "stale $id" >>"$W/results"; continue
	fi
	if ! (cd "$W/tree" && ./build.sh defconfig >/dev/null && ./build.sh >"$W/$id.build" 2>&1); then
		echo "NOBUILD $id: see $W/$id.build"
		echo "nobuild $id" >>"$W/results"; continue
	fi
	s=$(date +%s)
	(cd "$W/tree" && NSBOX_TEST_BUILD=0 NSBOX_TEST_SANITIZE=0 NSBOX_TEST_VM=0 \
		NSBOX_TEST_FILE_TIMEOUT=${NSBOX_TEST_FILE_TIMEOUT:-120} \
		NSBOX_TEST_CONFIGS="${NSBOX_TEST_MUTATE_CONFIGS:-default rescue}" \
		sh tests/run.sh $NSBOX_TEST_MUTATE_FILES) >"$W/$id.log" 2>&1
	rc=$? f=$(grep -c '^FAIL' "$W/$id.log")
	if [ $rc != 0 ]; then r=killed; else r=SURVIVED; fi
	echo "$r $id ($what): $f failures, $(($(date +%s) - s))s"
	grep -m3 '^FAIL' "$W/$id.log" | sed 's/^/    /'
	echo "$r $id|$what|$f" >>"$W/results"
done
total=$(grep -c '^killed\|^SURVIVED' "$W/results")
killed=$(grep -c '^killed' "$W/results")
echo "mutation score: $killed of $total mutants killed ($(($(date +%s) - t0))s)"
if [ $# = 0 ] && [ -z "$NSBOX_TEST_MUTATE_FILES" ]; then
	{
		echo "$killed of $total one-line mutants of src/ killed by the host test stage"
		echo "(\`./build.sh mutate\`, $(date -u +%Y-%m-%d), builds: ${NSBOX_TEST_MUTATE_CONFIGS:-default rescue})."
		echo
		echo "| mutant | what it breaks | result | failing tests |"
		echo "|---|---|---|---|"
		sed -n 's/^\(killed\|SURVIVED\) \([^|]*\)|\([^|]*\)|\(.*\)/| \2 | \3 | \1 | \4 |/p' "$W/results"
		grep '^stale\|^nobuild' "$W/results" | sed 's/^/not run: /'
	} | sh bench/reliability.sh mutate
fi
[ "$killed" = "$total" ]
