"""scripts/bench/benchlib.py - what the benchmark scripts share."""
import os
import subprocess
import tempfile


def peak_rss_kib(argv, cwd=None):
    """Peak RSS of argv in KiB, from GNU time (wait4's ru_maxrss would
    count the forked Python image)."""
    fd, out = tempfile.mkstemp()
    os.close(fd)
    subprocess.run(["/usr/bin/time", "-o", out, "-f", "%M"] + argv, cwd=cwd,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(out) as f:
        kib = int(f.read().split()[-1])
    os.unlink(out)
    return kib
