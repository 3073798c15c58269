#!/usr/bin/python3
"""scripts/bench/bench_graph.py - graph commands: revgraph vs the floor vs
Alembic, side by side in one run, as ratios.

For each size (100, 1k, 10k, 100k) and shape (linear; branchy: a branch
point and a merge every ten revisions) it generates an Alembic .py project
(scripts/gen_project.py), then times, alternating runs so machine noise
hits all alike:
  floor     reading every revision file once in one process (floor_read)
  revgraph  heads / history / branches on the .py files
  alembic   the same commands (Alembic 1.8, sorted reads), where it finishes
            within --alembic-limit seconds
Medians of --runs runs; peak RSS from wait4().  Writes a Markdown table.

  scripts/bench/bench_graph.py --revgraph build/revgraph [--sizes 100,1000]
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

from benchlib import peak_rss_kib

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ALEMBIC = os.path.join(TOP, "tests", "alembic-sorted")

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
            for cmd in ("heads", "history", "branches"):
                res = {"floor": [], "revgraph": [], "alembic": []}
                mem = {"floor": 0, "revgraph": 0, "alembic": 0}
                runs = args.runs if n <= 10000 else max(3, args.runs // 2)
                for _ in range(runs):
                    for tool, argv in (
                            ("floor", [floor_bin, vdir]),
                            ("revgraph", [args.revgraph, "-d", vdir, cmd]),
                            ("alembic", [ALEMBIC, "-c",
                                         os.path.join(proj, "alembic.ini"), cmd])):
                        if tool == "alembic" and not alembic_ok:
                            continue
                        dt, rss, ok = run(argv, proj)
                        if not ok:
                            print(f"{tool} {cmd} failed at {shape} {n}", file=sys.stderr)
                            sys.exit(1)
                        res[tool].append(dt)
                        mem[tool] = max(mem[tool], rss)
                        if tool == "alembic" and dt > args.alembic_limit:
                            alembic_ok = False
                            break
                mem["revgraph"] = peak_rss_kib([args.revgraph, "-d", vdir, cmd], proj)
                if res["alembic"]:
                    mem["alembic"] = peak_rss_kib(
                        [ALEMBIC, "-c", os.path.join(proj, "alembic.ini"), cmd], proj)
                med = {k: statistics.median(v) if v else None for k, v in res.items()}
                rows.append((shape, n, cmd, med, mem))
                a = med["alembic"]
                print(f"{shape:8} {n:>7} {cmd:9} floor {med['floor']:.4f}s "
                      f"revgraph {med['revgraph']:.4f}s "
                      f"({med['revgraph'] / med['floor']:.2f}x floor, {mem['revgraph'] // 1024} MiB) "
                      + (f"alembic {a:.3f}s ({a / med['revgraph']:.0f}x revgraph)"
                         if a else "alembic skipped"), flush=True)
    print()
    print("| shape | revisions | command | floor (s) | revgraph (s) | revgraph / floor "
          "| peak RSS revgraph / alembic (MiB) | alembic (s) | alembic / revgraph |")
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for shape, n, cmd, med, mem in rows:
        a = med["alembic"]
        print(f"| {shape} | {n} | {cmd} | {med['floor']:.4f} | {med['revgraph']:.4f} "
              f"| {med['revgraph'] / med['floor']:.2f} | {mem['revgraph'] / 1024:.1f} / "
              + (f"{mem['alembic'] / 1024:.0f}" if med["alembic"] else "-") + " | "
              + (f"{a:.3f} | {a / med['revgraph']:.0f} |" if a else "not run | |"))


if __name__ == "__main__":
    main()
