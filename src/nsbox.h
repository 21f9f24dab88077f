/* SPDX-License-Identifier: 0BSD */
/* nsbox: shared declarations. */
#ifndef NSBOX_H
#define NSBOX_H

#include "config.h"
#include "sys.h"

#define NSBOX_VERSION "0.1"

struct opts {
	unsigned long flags;	/* CLONE_NEW* to create */
	unsigned long propagation;	/* MS_PRIVATE etc; 0: unchanged */
	const char *hostname;
	const char *proc_dir;	/* where to mount proc, or 0 */
	const char *wd;
	char **argv;		/* the command */
	sigset_t origmask;	/* the caller's signal mask, for the command */
	unsigned kill_after;	/* seconds between SIGTERM and SIGKILL */
	unsigned char as_pid1, no_proc, tty;
	unsigned char ns_named;	/* a namespace option was given */
	unsigned char verbose;
	/* root.c: -R DIR and the mounts made in it */
	const char *root;
	unsigned char dev, sys, no_tmp, no_resolv, nbinds;
	struct bind {
		const char *src, *dst;	/* src: host path; dst: in the root */
		unsigned char kind;	/* BIND_RW, BIND_RO, BIND_TMPFS */
	} binds[CFG_ROOT_BIND ? 16 : 1];
	unsigned char no_lo;	/* --no-loopback */
	unsigned char map;	/* user ns maps to write: 1 uid, 2 gid; 4 -U */
	unsigned map_uid, map_gid;	/* the caller's ids map to these inside */
	const char *setgroups;	/* "allow", "deny" or 0 (as needed) */
	const char *mono, *boot;	/* time ns offsets in seconds, or 0 */
};
enum { DEV_HOST, DEV_MIN, DEV_NONE };	/* o.dev */
enum { SYS_RO, SYS_RW, SYS_NONE };	/* o.sys */
enum { BIND_RW, BIND_RO, BIND_TMPFS };

extern struct opts o;
extern int errfd;	/* child -> parent: one byte, the exit status of a setup failure */

/* util.c: messages. die*() write one line "nsbox: ...", report the status
 * over errfd when in the child, and exit. The variadic parts are strings. */
_Noreturn void die_(int status, int err, const char *hint, ...);
void warn_(int err, const char *hint, ...);
#define die(...) die_(125, 0, 0, __VA_ARGS__, (char *)0)
#define die_sys(err, hint, ...) die_(125, err, hint, __VA_ARGS__, (char *)0)
#define warn(...) warn_(0, 0, __VA_ARGS__, (char *)0)
void say(int fd, ...);		/* write the strings in one write(2) */
const char *errstr(int err);
unsigned long parse_uint(const char *opt, const char *s, unsigned long max);
/* The index of ARG in NAMES ("a\0b\0c\0"), else die naming the choices. */
unsigned pick(const char *opt, const char *arg, const char *names);
const char *env(const char *name);	/* getenv(3) */

/* opts.c: the option table and parser; ARGV is main's, the return value
 * the command (or the mode's operands). */
char **opts_parse(char **argv);
unsigned long opts_default_ns(void);	/* the set nsbox makes by default */

/* run.c: the run mode: clone, checkpoint, wait, forward, hand back. */
int run_main(void);

/* ns.c: the namespaces themselves. */
const char *ns_hint(int err, unsigned long flags);
void ns_setup(void);		/* in the child: hostname, mounts, wd */

/* root.c: -R DIR. root_check() in the parent, before anything exists;
 * root_setup() in the child, inside the new mount namespace. */
void root_check(char **shell);
void root_setup(void);
void root_bind(int kind, char *arg);
int sysctl_is(const char *path, char c);	/* the file reads "c\n" */

/* net.c, sysfs.c, user.c, timens.c: one feature each. */
void lo_up(void);		/* in the child: bring lo up */
void sys_setup(void);		/* in the child: fresh sysfs, cgroup2 */
void user_maps(pid_t child);	/* in the parent: uid_map, setgroups, gid_map */
const char *user_hint(int err);	/* why a user namespace is refused */
void time_setup(void);		/* in the child: new time ns, offsets, enter */

/* init.c */
_Noreturn void init_main(void);
_Noreturn void exec_command(void);
void tty_take(void);

#endif
