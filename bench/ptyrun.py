# SPDX-License-Identifier: 0BSD
# python3 bench/ptyrun.py CMD: run "sh -c CMD" on a new pty (stdin, stdout,
# stderr, controlling terminal, in a new session), read everything it writes
# from the master in 1 MB blocks; print "BYTES MICROSECONDS" (wall time from
# the start to the end of its output and its exit). For bench/relay.sh.
import fcntl, os, subprocess, sys, termios, time

m, s = os.openpty()
t0 = time.monotonic()
p = subprocess.Popen(["sh", "-c", sys.argv[1]], stdin=s, stdout=s, stderr=s,
                     start_new_session=True,
                     preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0))
os.close(s)
n = 0
while True:
    try:
        b = os.read(m, 1 << 20)
    except OSError:
        break  # EIO: every slave is closed
    if not b:
        break
    n += len(b)
p.wait()
print(n, int((time.monotonic() - t0) * 1e6))
