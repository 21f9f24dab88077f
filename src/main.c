/* SPDX-License-Identifier: 0BSD */
/* nsbox: an isolated shell in new namespaces under a small, correct PID 1.
 * main.c: parse the options, settle what they imply, then hand over to the
 * mode (run, for now). */
#include "nsbox.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mount.h>

int main(int argc, char **argv)
{
	static char *sh[2];

	(void)argc;
	safe_start();
	sigprocmask(SIG_SETMASK, 0, &o.origmask);
	o.propagation = MS_REC | MS_PRIVATE;
	o.kill_after = CFG_KILL_AFTER;
	o.args = argv;
	argv = opts_parse(argv);
	if (CFG_LIST && o.list)
		return list_main();
	if (CFG_ENTER && o.enter) {
		if (o.flags || o.name || (CFG_ROOT && o.root))
			die("--enter: only -w goes with it");
		return enter_main(argv);
	}
	if (CFG_CHECK && o.check) {
		if (*argv)
			die("--check takes no command");
		return check_main();
	}
	/* The selection rule: the default set, plus what is named; with
	 * --only, exactly what is named (and implied), as unshare(1). */
	if (!(CFG_ONLY && o.only))
		o.flags |= opts_default_ns();
	else if (!o.flags)
		die("--only: no namespace named");
	/* Rootless by default: a non-root caller gets a user namespace
	 * that maps it to root, and the rest is owned by it. */
	if (CFG_USER_NS && o.flags && !o.map && geteuid()) {
		o.flags |= CLONE_NEWUSER;
		o.map = 3;
	}
	if (CFG_SETID)
		ids_check();	/* -S, -G: mapped in a user namespace? */
	if (CFG_MOUNT_PROC && !o.proc_dir && !o.no_proc &&
	    (o.flags & (CLONE_NEWPID | CLONE_NEWNS)) == (CLONE_NEWPID | CLONE_NEWNS))
		o.proc_dir = "/proc";
	if (o.proc_dir && o.no_proc)
		die("--mount-proc and --no-proc conflict");
	/* Refuse a bad --wd before anything is created. */
	if (CFG_WD && o.wd && !(CFG_ROOT && o.root)) {
		int fd = sys_open(o.wd, O_PATH | O_DIRECTORY | O_CLOEXEC, 0);

		if (fd < 0)
			die_sys(errno, 0, "--wd ", o.wd);
		close(fd);
	}
	if (!*argv) {
		sh[0] = (char *)env("SHELL");
		if (!sh[0] || !*sh[0])
			sh[0] = "/bin/sh";
		argv = sh;
	}
	if (CFG_ROOT && o.root)		/* -R DIR: refuse before creating */
		root_check(argv == sh ? sh : 0);
	/* Below a shared mount, a proc mounted in the box would appear on
	 * the host: without private or slave propagation, mount nothing. */
	if (CFG_PROPAGATION && o.proc_dir &&
	    !(o.propagation & (MS_PRIVATE | MS_SLAVE)))
		die("--propagation ", o.propagation ? "shared" : "unchanged",
		    ": the proc mount could reach the host (add --no-proc)");
	if (CFG_NAME && o.name) {
		char n[24];
		unsigned long pid;

		if (!(o.flags & CLONE_NEWPID) || o.as_pid1)
			die("--name needs nsbox's init (a PID namespace, "
			    "no --as-pid-1)");
		/* Two boxes started at the same instant may both pass. */
		if ((pid = box_find(o.name, 0)))
			die("--name ", o.name, ": in use by the box of PID ",
			    (n[23] = 0, ultoa(pid, n + 23)));
	}
	o.argv = argv;
	return run_main();
}
