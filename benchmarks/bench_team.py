"""Benchmark: `ia-maturity team DIR --format json --jobs J` against `ia-maturity score DIR --format
json --jobs J` on the same files (target: team at most 1.5 x score), for each J of --jobs.

Uses the questionnaire of bench_score.py (60 questions, 10 domains x 6) and writes N answer files
of about 60 answers each, spread over organisations of --per-team respondents (one manager, the
others staff). Both commands run as whole processes (start-up included), interleaved (score -j1,
team -j1, score -j2, team -j2, ...), best of --repeat runs. The load average is printed before
and after: the figures of a busy machine say little.

    python benchmarks/bench_team.py                  # N = 3000, teams of 10, jobs 1 and 2
    python benchmarks/bench_team.py --files 3000 6000 --per-team 40 --jobs 1 2 --repeat 5
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_score import load_average, timed, write_questionnaire  # noqa: E402


def write_answers(folder: Path, count: int, per_team: int, questions: list[tuple[str, str, list[str]]], seed: int = 1) -> None:
    rnd = random.Random(seed)
    for i in range(count):
        role = "manager" if i % per_team == 0 else "staff"
        lines = ["format: 1", 'questionnaire: {id: bench, version: "1"}', "respondent:",
                 f"  organisation: Firm {i // per_team}", f"  role: {role}", '  date: "2026-11-25"', "language: fr", "answers:"]
        for qid, qtype, values in questions:
            if rnd.random() < 0.05:
                lines.append(f"  {qid}: null")
            elif qtype == "multi":
                lines.append(f"  {qid}: [{', '.join(rnd.sample(values[2:], rnd.randint(0, 3)))}]")
            else:
                lines.append(f"  {qid}: {rnd.choice(values)}")
        lines += ["notes:", f"  d0_q0: Note number {i}"]
        (folder / f"answers-{i:05d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, nargs="+", default=[3000], help="numbers of answer files (default 3000)")
    parser.add_argument("--per-team", type=int, default=10, help="respondents per organisation (default 10)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="values of --jobs to time (default 1 2)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best is kept (default 3)")
    args = parser.parse_args()
    cli = shutil.which("ia-maturity") or sys.exit("ia-maturity is not on PATH: pip install . first")
    work = Path(tempfile.mkdtemp(prefix="ia-maturity-bench-team-"))
    load = load_average()
    try:
        questionnaire = work / "bench.yaml"
        questions = write_questionnaire(questionnaire)
        print(f"load average {load}; {os.cpu_count()} CPUs")
        print(f"{len(questions)} questions, teams of {args.per_team}; best of {args.repeat} runs; whole processes")
        print(f"{'files':>6} {'jobs':>4} {'score':>8} {'team':>8} {'ratio':>6} {'score RSS':>10} {'team RSS':>10}")
        for count in args.files:
            folder = work / f"answers-{count}"
            folder.mkdir()
            write_answers(folder, count, args.per_team, questions)
            out = work / "out.json"
            common = [str(folder), "--questionnaire", str(questionnaire), "--format", "json", "--output", str(out)]
            runs: dict[tuple[str, int], list[tuple[float, int]]] = {}
            for _ in range(args.repeat):
                for jobs in args.jobs:
                    for command in ("score", "team"):
                        runs.setdefault((command, jobs), []).append(timed([cli, command, *common, "--jobs", str(jobs)]))
            for jobs in args.jobs:
                score, team = runs["score", jobs], runs["team", jobs]
                s, t = min(x for x, _ in score), min(x for x, _ in team)
                print(f"{count:>6} {jobs:>4} {s:>7.2f}s {t:>7.2f}s {t / s:>6.2f} "
                      f"{max(m for _, m in score) / 1024:>8.1f}MB {max(m for _, m in team) / 1024:>8.1f}MB", flush=True)
            shutil.rmtree(folder)
        print(f"load average {load_average()} (before: {load})")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
