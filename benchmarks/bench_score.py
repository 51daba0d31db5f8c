"""Benchmark: `ia-maturity score DIR --format json` against merely parsing the same files with libyaml.

Generates a questionnaire of 60 questions (10 domains x 6) and N answer files of about 60 answers
each, then times, as whole processes (start-up included for both):

  1. the bare parse: one Python process that reads every file and yaml.load()s it with CSafeLoader;
  2. the real command: ia-maturity score DIR --questionnaire Q --format json --output FILE.

Runs are interleaved (bare, score, bare, score…). It prints the best time of each over --repeat
runs, their ratio (target: at most 1.3), the median of the per-pair ratios, and the peak memory
(max RSS) of each, for each N, so that growth with N can be read off.

    python benchmarks/bench_score.py                 # N = 3000
    python benchmarks/bench_score.py --files 1000 3000 6000 --repeat 5
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
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best is kept (default 3)")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args()
    cli = shutil.which("ia-maturity") or sys.exit("ia-maturity is not on PATH: pip install . first")
    work = Path(tempfile.mkdtemp(prefix="ia-maturity-bench-"))
    try:
        questionnaire = work / "bench.yaml"
        questions = write_questionnaire(questionnaire)
        print(f"{len(questions)} questions; best of {args.repeat} runs; whole processes, start-up included")
        print(f"{'files':>6} {'bare parse':>11} {'score':>9} {'ratio':>6} {'median':>7} {'parse RSS':>10} {'score RSS':>10}")
        for count in args.files:
            folder = work / f"answers-{count}"
            folder.mkdir()
            write_answers(folder, count, questions)
            out = work / "results.json"
            bare, real = [], []
            for _ in range(args.repeat):  # interleaved, so that a slower spell of the machine hits both
                bare.append(timed([sys.executable, "-c", BARE_PARSE, str(folder)]))
                real.append(timed([cli, "score", str(folder), "--questionnaire", str(questionnaire), "--format", "json", "--output", str(out)]))
            b, r = min(t for t, _ in bare), min(t for t, _ in real)
            ratios = sorted(rt / bt for (bt, _), (rt, _) in zip(bare, real, strict=True))
            print(f"{count:>6} {b:>10.2f}s {r:>8.2f}s {r / b:>6.2f} {ratios[len(ratios) // 2]:>7.2f} "
                  f"{max(m for _, m in bare) / 1024:>8.1f}MB {max(m for _, m in real) / 1024:>8.1f}MB")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"files kept in {work}")


if __name__ == "__main__":
    main()
