# SPDX-License-Identifier: 0BSD
# nsbox test harness (POSIX sh), sourced by tests/run.sh.
#   testing NAME COMMAND EXPECTED [FILE] [STDIN]
# runs COMMAND (eval'd in a scratch directory, FILE's contents in ./input,
# STDIN on its stdin) and compares its stdout with EXPECTED (printf %b
# escapes). "optional SYM..." skips the following tests unless every
# CONFIG_SYM is on in $CONFIG; "needroot" and "needcmd CMD" skip them when
# the environment lacks something; "optional" alone clears all three.
# NSBOX_TEST_STRICT=1 turns environment skips into failures (CI).

PASSED=0 FAILED=0 SKIPPED=0
SKIP_CFG= SKIP_ENV= _NOBODY= _USERNS=
: "${VERBOSE:=}"

cfg_on() { grep -q "^CONFIG_$1=y" "$CONFIG"; }
# The command name of nsbox's init: "nsbox-init" where boxes can be named
# or listed (they are found by it), else nsbox's own.
init_comm() { if cfg_on NAME || cfg_on LIST; then echo nsbox-init; else echo nsbox; fi; }

optional() {
	SKIP_CFG= SKIP_ENV=
	for s; do
		cfg_on "$s" || SKIP_CFG="${SKIP_CFG:+$SKIP_CFG, }CONFIG_$s is off"
	done
}

needroot() { [ "$(id -u)" = 0 ] || SKIP_ENV="not root"; }
# needstatic: skip when $NSBOX cannot run alone in a chroot: the sanitizer
# build (tests/sanitize.sh) is dynamic, against glibc.
needstatic() { [ "$NSBOX_SANITIZE" != 1 ] || SKIP_CFG="a dynamic sanitizer build"; }
needcmd() { for c; do command -v "$c" >/dev/null 2>&1 || SKIP_ENV="no $c"; done; }

# as_nobody CMD...: CMD from / as nobody:nogroup, no other groups, with
# util-linux setpriv, else with su (busybox's setpriv has no --reuid).
as_nobody() {
	[ -n "$_NOBODY" ] || { setpriv --reuid=0 true 2>/dev/null &&
		_NOBODY=setpriv || _NOBODY=su; }
	if [ "$_NOBODY" = setpriv ]; then
		(cd / && exec setpriv --reuid=nobody --regid=nogroup --clear-groups "$@")
	else
		(cd / && exec su -p -s /bin/sh -c 'exec "$0" "$@"' -- nobody "$@")
	fi
}
# needuserns: skip unless root can run as nobody and nobody may make a
# user namespace (probed once).
needuserns() {
	needroot
	needcmd unshare
	[ -n "$SKIP_ENV" ] && return 0
	if [ -z "$_USERNS" ]; then
		_USERNS=ok
		if ! as_nobody true 2>/dev/null; then
			_USERNS="cannot run as nobody (no setpriv --reuid, no su)"
		elif [ "$(cat /proc/sys/user/max_user_namespaces 2>/dev/null)" = 0 ]; then
			_USERNS="sysctl user.max_user_namespaces is 0"
		elif ! as_nobody unshare -U true 2>/dev/null; then
			_USERNS="unprivileged user namespaces are blocked on this machine"
		fi
	fi
	[ "$_USERNS" = ok ] || SKIP_ENV=$_USERNS
}

_result() {	# PASS|FAIL|SKIP NAME [WHY]
	case $1 in
	PASS) PASSED=$((PASSED + 1)) ;;
	FAIL) FAILED=$((FAILED + 1)) ;;
	SKIP) SKIPPED=$((SKIPPED + 1)) ;;
	esac
	printf '%s: %s%s\n' "$1" "$2" "${3:+ ($3)}"
}

# skipped NAME: true (and reports) when the current tests are to be skipped.
skipped() {
	if [ -n "$SKIP_CFG" ]; then
		_result SKIP "$1" "$SKIP_CFG"
	elif [ -n "$SKIP_ENV" ] && [ "$NSBOX_TEST_STRICT" = 1 ]; then
		_result FAIL "$1" "$SKIP_ENV, and NSBOX_TEST_STRICT=1"
	elif [ -n "$SKIP_ENV" ]; then
		_result SKIP "$1" "$SKIP_ENV"
	else
		return 1
	fi
}

testing() {
	name="${CFGNAME:+[$CFGNAME] }$1"
	skipped "$name" && return 0
	t=$TMPDIR_TEST/t
	rm -rf "$t" && mkdir -p "$t"
	printf '%b' "$3" >"$t.expected"
	[ -n "$4" ] && printf '%b' "$4" >"$t/input"
	printf '%b' "$5" | (cd "$t" && eval "$2") >"$t.actual" 2>"$t.stderr"
	if cmp -s "$t.expected" "$t.actual"; then
		_result PASS "$name"
	else
		_result FAIL "$name"
		printf '  command: %s\n' "$2"
		diff -u "$t.expected" "$t.actual" | sed '1,2d; s/^/  /' | head -n 30
		sed 's/^/  stderr: /' "$t.stderr" | head -n 10
	fi
	[ -n "$VERBOSE" ] && sed 's/^/  stderr: /' "$t.stderr"
	return 0
}

# check NAME COMMAND: passes when COMMAND (eval'd) exits 0.
check() {
	name="${CFGNAME:+[$CFGNAME] }$1"
	skipped "$name" && return 0
	if out=$(eval "$2" 2>&1); then
		_result PASS "$name"
	else
		_result FAIL "$name"
		printf '  command: %s\n' "$2"
		printf '%s\n' "$out" | sed 's/^/  /' | head -n 30
	fi
	return 0
}

# watched FILE SECONDS KNOB: source the test file FILE with this harness
# in a session of its own (stdin /dev/null), then print what it printed and
# add its result lines to the counts here. A watchdog kills the whole
# session if it outlives SECONDS: a failure naming KNOB, the variable that
# sets SECONDS. For tests/run.sh (host) and tests/vm/runner.sh (VM).
watched() {
	log=$TMPDIR_TEST/log.$$
	rm -f "$log.wd" "$log.pid"
	(trap 'kill $s 2>/dev/null; exit 0' TERM
	 sleep "$2" & s=$!; wait $s &&
	 kill -KILL -"$(cat "$log.pid")" 2>/dev/null && : >"$log.wd") &
	k=$!
	# In the foreground: a "&" job would start with SIGINT ignored.
	# $dfl_sigs (tests/run.sh) resets the signals a test sends.
	NSBOX=$NSBOX CONFIG=$CONFIG CFGNAME=$CFGNAME $dfl_sigs \
	setsid sh -c 'echo $$ >"$2"; . tests/lib.sh; optional; . "$1"' \
		sh "$1" "$log.pid" >"$log" 2>&1 </dev/null
	kill $k 2>/dev/null; wait $k
	cat "$log"
	PASSED=$((PASSED + $(grep -c '^PASS: ' "$log")))
	FAILED=$((FAILED + $(grep -c '^FAIL: ' "$log")))
	SKIPPED=$((SKIPPED + $(grep -c '^SKIP: ' "$log")))
	[ -e "$log.wd" ] && _result FAIL "[$CFGNAME] $1: killed after ${2}s (watchdog, $3)"
	rm -f "$log" "$log.wd" "$log.pid"
}

summary() {
	printf '%s passed, %s failed, %s skipped\n' "$PASSED" "$FAILED" "$SKIPPED"
	[ "$FAILED" = 0 ]
}
