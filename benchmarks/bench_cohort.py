"""Benchmark: `ia-maturity cohort DIR --by sector,size --format json --jobs J` against `ia-maturity
score DIR --format json --jobs J` on the same generated answer files of the built-in questionnaire,
for each J of --jobs.

Generates N fictional firms with examples/cohort/generate.py (the same generator as the committed
example cohort), then times both commands as whole processes (start-up included), interleaved
(score -j1, cohort -j1, score -j2, cohort -j2…), and keeps the best of --repeat runs. Targets
(issue 10): cohort within 1.5x the time of score, and cohort's peak memory growing by less than
1 KiB per file, read off the difference between the largest and the smallest N (with the first
of --jobs). The load average is printed before and after.

    python benchmarks/bench_cohort.py                          # N = 3000 and 30000, jobs 1 and 2
    python benchmarks/bench_cohort.py --files 3000 --jobs 1 2 --repeat 5
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_score import load_average, timed  # noqa: E402

GENERATOR = Path(__file__).resolve().parents[1] / "examples" / "cohort" / "generate.py"


def load_generator():
    spec = importlib.util.spec_from_file_location("cohort_generate", GENERATOR)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, nargs="+", default=[3000, 30000], help="numbers of answer files (default 3000 30000)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="values of --jobs to time (default 1 2)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best is kept (default 3)")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args()
    cli = shutil.which("ia-maturity") or sys.exit("ia-maturity is not on PATH: pip install . first")
    generator = load_generator()
    work = Path(tempfile.mkdtemp(prefix="ia-maturity-bench-cohort-"))
    peaks: dict[int, int] = {}
    load = load_average()
    try:
        print(f"load average {load}; {os.cpu_count()} CPUs")
        print(f"built-in questionnaire; best of {args.repeat} runs; whole processes, start-up included")
        print(f"{'files':>6} {'jobs':>4} {'score json':>11} {'cohort':>9} {'ratio':>6} {'score RSS':>10} {'cohort RSS':>11}")
        for count in sorted(args.files):
            folder = work / f"answers-{count}"
            generator.write_cohort(folder, count, seed=count)
            out = work / "out.json"
            runs: dict[tuple[str, int], list[tuple[float, int]]] = {}
            for _ in range(args.repeat):
                for jobs in args.jobs:
                    runs.setdefault(("score", jobs), []).append(
                        timed([cli, "score", str(folder), "--format", "json", "--output", str(out), "--jobs", str(jobs)]))
                    runs.setdefault(("cohort", jobs), []).append(
                        timed([cli, "cohort", str(folder), "--by", "sector,size", "--format", "json", "--output", str(out),
                               "--jobs", str(jobs)]))
            for jobs in args.jobs:
                score, cohort = runs["score", jobs], runs["cohort", jobs]
                s, c = min(t for t, _ in score), min(t for t, _ in cohort)
                if jobs == args.jobs[0]:
                    peaks[count] = max(m for _, m in cohort)
                print(f"{count:>6} {jobs:>4} {s:>10.2f}s {c:>8.2f}s {c / s:>6.2f} {max(m for _, m in score) / 1024:>8.1f}MB "
                      f"{max(m for _, m in cohort) / 1024:>9.1f}MB", flush=True)
            shutil.rmtree(folder)
        if len(peaks) > 1:
            low, high = min(peaks), max(peaks)
            growth = (peaks[high] - peaks[low]) * 1024 / (high - low)
            print(f"cohort peak RSS growth: {growth:.0f} bytes per file ({low} -> {high} files, --jobs {args.jobs[0]})")
        print(f"load average {load_average()} (before: {load})")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"files kept in {work}")


if __name__ == "__main__":
    main()
