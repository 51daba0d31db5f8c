"""Benchmark: `ia-maturity score DIR` against merely parsing the same files with libyaml.

Generates a questionnaire of 60 questions (10 domains x 6) and N answer files of about 60 answers
each, then times, as whole processes (start-up included for all):

  1. the bare parse: one Python process that reads every file and yaml.load()s it with CSafeLoader;
  2. ia-maturity score DIR --questionnaire Q --format json --output FILE --jobs J, for each J;
  3. the same with --format table (written to a file: the aligned text of pipes and files).

Runs are interleaved (bare, json -j1, json -j2, table…) so that a slower spell of the machine
hits all of them; the best of --repeat runs is kept. It prints, for each N: the times, each
JSON run's ratio to the bare parse (targets: 1 job about 1.1-1.5, 2 jobs at most 0.7 on an idle
2-core machine), the table's ratio to the JSON run with the same jobs (target at most 1.3), and
the peak memory (max RSS of the largest process) of each, so that growth with N can be read off
(target: at 30,000 files at most 1.3x that at 3,000). The load average is printed before and
after: figures taken on a busy machine are not worth much.

    python benchmarks/bench_score.py                          # N = 3000, jobs 1 and 2
    python benchmarks/bench_score.py --files 3000 30000 --repeat 5
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DOMAINS, PER_DOMAIN = 10, 6

BARE_PARSE = """
import sys, os, yaml
loader = yaml.CSafeLoader
count = 0
for root, dirs, files in os.walk(sys.argv[1]):
    for name in files:
        with open(os.path.join(root, name), 'rb') as handle:
            yaml.load(handle.read().decode('utf-8'), Loader=loader)
        count += 1
print(count)
"""


def write_questionnaire(path: Path) -> list[tuple[str, str, list[str]]]:
    lines = ['format: 1', 'id: bench', 'version: "1"', 'languages: [fr, en]', 'title: {fr: Banc, en: Bench}', 'levels:']
    for i, low in enumerate([0, 20, 40, 60, 80]):
        lines.append(f'  - {{level: {i}, min: {low}, name: {{fr: "N{i}", en: "L{i}"}}}}')
    lines.append("domains:")
    questions = []
    for d in range(DOMAINS):
        lines += [f"  - id: d{d}", f"    title: {{fr: Domaine {d}, en: Domain {d}}}", "    questions:"]
        for k in range(PER_DOMAIN):
            qid, qtype = f"d{d}_q{k}", "multi" if k == 5 else "single"
            values = ["unknown", "none", "some", "most", "all"]
            lines += [f"      - id: {qid}", f"        type: {qtype}", f"        text: {{fr: Question {qid} ?, en: Question {qid}?}}", "        options:"]
            for v, score in zip(values, [0, 0, 0.25, 0.5, 1], strict=True):
                cap = f", caps: [{{target: d{d}, max_level: 1}}]" if v == "none" and k == 0 else ""
                lines.append(f"          - {{value: {v}, label: {{fr: '{v} fr', en: '{v} en'}}, score: {score}{cap}}}")
            questions.append((qid, qtype, values))
    lines.append("recommendations:")
    for d in range(DOMAINS):
        lines += [f"  - id: r{d}", "    priority: high", "    horizon: 30", f"    when: {{any: [{{score: d{d}, below: 50}}, {{answer: d{d}_q0, in: [none]}}]}}",
                  f"    title: {{fr: Reco {d}, en: Rec {d}}}", "    body: {fr: Faites-le., en: Do it.}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return questions


def write_answers(folder: Path, count: int, questions: list[tuple[str, str, list[str]]], seed: int = 1) -> None:
    rnd = random.Random(seed)
    for i in range(count):
        lines = ["format: 1", 'questionnaire: {id: bench, version: "1"}', "respondent:", f"  organisation: Firm {i}",
                 "  role: manager", "  sector: industry", "  size: 10-49", '  date: "2026-11-25"', "language: fr", "answers:"]
        for qid, qtype, values in questions:
            if rnd.random() < 0.05:
                lines.append(f"  {qid}: null")
            elif qtype == "multi":
                lines.append(f"  {qid}: [{', '.join(rnd.sample(values[2:], rnd.randint(0, 3)))}]")
            else:
                lines.append(f"  {qid}: {rnd.choice(values)}")
        lines += ["notes:", f"  d0_q0: Note number {i}"]
        (folder / f"firm-{i:05d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def load_average() -> str:
    """The 1, 5 and 15-minute load averages, printed with every figure."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def timed(command: list[str]) -> tuple[float, int]:
    """Wall time (s) and peak RSS (KiB) of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"command failed: {' '.join(command)}\n{process.stderr.read().decode() if process.stderr else ''}")
    return elapsed, usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, nargs="+", default=[3000], help="numbers of answer files (default 3000)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="--jobs values to time (default 1 2)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best is kept (default 3)")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args()
    cli = shutil.which("ia-maturity") or sys.exit("ia-maturity is not on PATH: pip install . first")
    work = Path(tempfile.mkdtemp(prefix="ia-maturity-bench-"))
    load = load_average()
    print(f"load average {load}; {os.cpu_count()} CPUs")
    try:
        questionnaire = work / "bench.yaml"
        questions = write_questionnaire(questionnaire)
        print(f"{len(questions)} questions; best of {args.repeat} runs; whole processes, start-up included")
        for count in args.files:
            folder = work / f"answers-{count}"
            folder.mkdir()
            write_answers(folder, count, questions)
            runs: dict[str, list[tuple[float, int]]] = {"bare": []}
            commands = {"bare": [sys.executable, "-c", BARE_PARSE, str(folder)]}
            for jobs in args.jobs:
                for fmt in ("json", "table"):
                    commands[f"{fmt} -j{jobs}"] = [cli, "score", str(folder), "--questionnaire", str(questionnaire),
                                                   "--format", fmt, "--output", str(work / f"out.{fmt}"), "--jobs", str(jobs)]
            for _ in range(args.repeat):
                for name, command in commands.items():
                    runs.setdefault(name, []).append(timed(command))
            best = {name: min(t for t, _ in values) for name, values in runs.items()}
            rss = {name: max(m for _, m in values) / 1024 for name, values in runs.items()}
            print(f"\n{count} files: bare parse {best['bare']:.2f}s, {rss['bare']:.1f} MB")
            print(f"  {'run':<10} {'time':>7} {'/bare':>6} {'/json':>6} {'peak RSS':>9}")
            for jobs in args.jobs:
                for fmt in ("json", "table"):
                    name = f"{fmt} -j{jobs}"
                    vs_json = f"{best[name] / best[f'json -j{jobs}']:>6.2f}" if fmt == "table" else f"{'':>6}"
                    print(f"  {name:<10} {best[name]:>6.2f}s {best[name] / best['bare']:>6.2f} {vs_json} {rss[name]:>7.1f}MB")
            shutil.rmtree(folder, ignore_errors=True)
    finally:
        print(f"\nload average {load_average()} (before: {load})")
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"files kept in {work}")


if __name__ == "__main__":
    main()
