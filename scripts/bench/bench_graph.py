#!/usr/bin/python3
"""scripts/bench/bench_graph.py - graph commands: revgraph vs the floor vs
Alembic, side by side in one run, as ratios.

For each size (100, 1k, 10k, 100k) and shape (linear; branchy: a branch
point and a merge every ten revisions) it generates an Alembic .py project
(scripts/gen_project.py), then times, alternating runs so machine noise
hits all alike:
  cat       the floor as the issue that set the target defines it: `cat`
            of all the revision files in one process (argv built here, no
            shell; output to /dev/null)
  read      a stricter floor: floor_read.c, readdir + open + read of every
            file in one process and nothing else
  revgraph  heads / history / branches on the .py files
  alembic   the same commands (Alembic 1.8, sorted reads), where it finishes
            within --alembic-limit seconds
Medians of --runs runs; peak RSS from GNU time.  Writes a Markdown table.

  scripts/bench/bench_graph.py --revgraph build/revgraph [--sizes 100,1000]
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

from benchlib import peak_rss_kib

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ALEMBIC = os.path.join(TOP, "tests", "alembic-sorted")

def raise_arg_limit():
    """cat of 100,000 names needs more than the default 2 MiB of argv
    (ARG_MAX is a quarter of the stack limit at exec).  Set once in this
    process, so every tool inherits the same limit and all are started
    alike (a preexec_fn would make Popen fork instead of vfork)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_STACK)
    want = 64 << 20
    if hard != resource.RLIM_INFINITY:
        want = min(want, hard)
    resource.setrlimit(resource.RLIMIT_STACK, (want, hard))


def run(cmd, cwd, timeout=None):
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    try:
        _, status, ru = os.wait4(p.pid, 0)
    except Exception:
        p.kill()
        raise
    dt = time.perf_counter() - t0
    if timeout and dt > timeout:
        return dt, ru.ru_maxrss, False
    return dt, ru.ru_maxrss, os.waitstatus_to_exitcode(status) == 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--revgraph", required=True)
    ap.add_argument("--sizes", default="100,1000,10000,100000")
    ap.add_argument("--shapes", default="linear,branchy")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--alembic-limit", type=float, default=30.0,
                    help="skip Alembic at sizes where one run took longer")
    ap.add_argument("--work", default=None)
    ap.add_argument("--no-alembic", action="store_true")
    args = ap.parse_args()
    raise_arg_limit()

    work = args.work or tempfile.mkdtemp(prefix="rg-bench-")
    os.makedirs(work, exist_ok=True)
    floor_bin = os.path.join(work, "floor_read")
    subprocess.check_call(["cc", "-O2", "-o", floor_bin,
                           os.path.join(TOP, "scripts", "bench", "floor_read.c")])
    rows = []
    for shape in args.shapes.split(","):
        alembic_ok = not args.no_alembic
        for n in [int(s) for s in args.sizes.split(",")]:
            proj = os.path.join(work, f"{shape}-{n}")
            if not os.path.isdir(proj):
                subprocess.check_call(
                    ["/usr/bin/python3", os.path.join(TOP, "scripts", "gen_project.py"),
                     "--seed", "7", "--out", proj, "--revs", str(n),
                     "--shape", shape, "--py-only"], stdout=subprocess.DEVNULL)
            vdir = os.path.join(proj, "versions")
            names = sorted(f for f in os.listdir(vdir) if f.endswith(".py"))
            tools = (
                ("cat", ["/bin/cat"] + names, vdir),
                ("read", [floor_bin, vdir], proj),
                ("revgraph", [args.revgraph, "-d", vdir, None], proj),
                ("alembic", [ALEMBIC, "-c", os.path.join(proj, "alembic.ini"),
                             None], proj))
            for cmd in ("heads", "history", "branches"):
                res = {t[0]: [] for t in tools}
                mem = {t[0]: 0 for t in tools}
                runs = args.runs if n <= 10000 else max(3, args.runs // 2)
                for _ in range(runs):
                    for tool, argv, cwd in tools:
                        if tool == "alembic" and not alembic_ok:
                            continue
                        argv = [cmd if a is None else a for a in argv]
                        dt, rss, ok = run(argv, cwd)
                        if not ok:
                            print(f"{tool} {cmd} failed at {shape} {n}", file=sys.stderr)
                            sys.exit(1)
                        res[tool].append(dt)
                        if tool == "alembic" and dt > args.alembic_limit:
                            alembic_ok = False
                            break
                mem["revgraph"] = peak_rss_kib([args.revgraph, "-d", vdir, cmd], proj)
                if res["alembic"]:
                    mem["alembic"] = peak_rss_kib(
                        [ALEMBIC, "-c", os.path.join(proj, "alembic.ini"), cmd], proj)
                med = {k: statistics.median(v) if v else None for k, v in res.items()}
                rows.append((shape, n, cmd, med, mem))
                a, r = med["alembic"], med["revgraph"]
                print(f"{shape:8} {n:>7} {cmd:9} cat {med['cat']:.4f}s "
                      f"read {med['read']:.4f}s revgraph {r:.4f}s "
                      f"({r / med['cat']:.2f}x cat, {r / med['read']:.2f}x read, "
                      f"{mem['revgraph'] // 1024} MiB) "
                      + (f"alembic {a:.3f}s ({a / r:.0f}x revgraph)"
                         if a else "alembic skipped"), flush=True)
    print()
    print("| shape | revisions | command | floor: cat (s) | floor: read (s) "
          "| revgraph (s) | revgraph / cat | revgraph / read "
          "| peak RSS revgraph / alembic (MiB) | alembic (s) | alembic / revgraph |")
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for shape, n, cmd, med, mem in rows:
        a, r = med["alembic"], med["revgraph"]
        print(f"| {shape} | {n} | {cmd} | {med['cat']:.4f} | {med['read']:.4f} "
              f"| {r:.4f} | {r / med['cat']:.2f} | {r / med['read']:.2f} "
              f"| {mem['revgraph'] / 1024:.1f} / "
              + (f"{mem['alembic'] / 1024:.0f}" if a else "-") + " | "
              + (f"{a:.3f} | {a / r:.0f} |" if a else "not run | |"))


if __name__ == "__main__":
    main()
