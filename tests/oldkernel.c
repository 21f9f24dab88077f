/* SPDX-License-Identifier: 0BSD */
/* oldkernel: run COMMAND as an older kernel would answer its namespace
 * calls, so that the code nsbox keeps for those kernels is tested here
 * too. A seccomp filter (seccomp(2), PR_SET_SECCOMP) makes:
 *   5.2  pidfd_open(2) fail with ENOSYS (it came in Linux 5.3);
 *   5.7  setns(2) fail with EINVAL where its type is not one CLONE_NEW*
 *        flag: a pidfd with a mask of types (Linux 5.8), as a kernel
 *        that takes only namespace fds does.
 *   oldkernel 5.2|5.7 COMMAND [ARG]...
 * For the tests on the host: the filter assumes the native syscall ABI
 * and a little-endian machine (the low half of the second argument). */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#define ARG1 (offsetof(struct seccomp_data, args) + 8)
#define RET(v) BPF_STMT(BPF_RET | BPF_K, (v))
#define IS(v, yes, no) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (v), (yes), (no))

int main(int argc, char **argv)
{
	struct sock_filter f52[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		IS(SYS_pidfd_open, 0, 1),
		RET(SECCOMP_RET_ERRNO | ENOSYS),
		RET(SECCOMP_RET_ALLOW),
	}, f57[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		IS(SYS_setns, 1, 0),
		RET(SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG1),
		IS(0x10000000 /* CLONE_NEWUSER */, 8, 0),
		IS(0x02000000 /* CLONE_NEWCGROUP */, 7, 0),
		IS(0x08000000 /* CLONE_NEWIPC */, 6, 0),
		IS(0x04000000 /* CLONE_NEWUTS */, 5, 0),
		IS(0x40000000 /* CLONE_NEWNET */, 4, 0),
		IS(0x20000000 /* CLONE_NEWPID */, 3, 0),
		IS(0x00020000 /* CLONE_NEWNS */, 2, 0),
		IS(0x00000080 /* CLONE_NEWTIME */, 1, 0),
		RET(SECCOMP_RET_ERRNO | EINVAL),
		RET(SECCOMP_RET_ALLOW),
	};
	struct sock_fprog p;

	if (argc < 3)
		return 125;
	if (!strcmp(argv[1], "5.2"))
		p = (struct sock_fprog){ sizeof(f52) / sizeof(*f52), f52 };
	else if (!strcmp(argv[1], "5.7"))
		p = (struct sock_fprog){ sizeof(f57) / sizeof(*f57), f57 };
	else
		return 125;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &p, 0, 0))
		return 125;
	execvp(argv[2], argv + 2);
	return 127;
}
