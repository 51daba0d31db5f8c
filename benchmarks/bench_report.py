"""Benchmark: the time to render one report as a whole process, start-up included.

Runs `ia-maturity report ANSWERS --format html --output FILE` (as `python -m ia_maturity`, so the
installed package of this interpreter is measured) --repeat times for each answer file, for the
full report and for `--detail summary`, and prints the best and the median wall time, and the
size of the file written. By default the answer files are the examples (built-in questionnaire);
`--version` is timed too, as the floor that start-up alone costs, and the summary's ratio to it
is printed (target: under 3×). Optionally, --pdf times the PDF (WeasyPrint) and --docx the Word
document (python-docx, the `docx` extra) as well, full and summary.

    python benchmarks/bench_report.py
    python benchmarks/bench_report.py examples/cabinet-juridique.yaml --repeat 20 --pdf --docx

--batch DIR times the batch instead (issue 12): `report DIR --output-dir OUT --format html`, one
process writing one report per answer file, against one `report FILE` process; target: the batch
of 60 files (examples/cohort/answers/) within 4× the single report.

    python benchmarks/bench_report.py --batch examples/cohort/answers --repeat 5
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(command: list[str], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def show(label: str, times: list[float], extra: str = "") -> None:
    print(f"{label:<40} best {min(times) * 1000:7.0f} ms   median {statistics.median(times) * 1000:7.0f} ms{extra}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("answers", nargs="*", type=Path, help="answer files (default: examples/*.yaml)")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--pdf", action="store_true", help="also time --format pdf")
    parser.add_argument("--docx", action="store_true", help="also time --format docx (needs the docx extra)")
    parser.add_argument("--batch", type=Path, help="time --output-dir on this folder against one report of its first file")
    args = parser.parse_args()
    if args.batch is not None:
        batch(args.batch, args.repeat)
        return
    files = args.answers or sorted((ROOT / "examples").glob("*.yaml"))
    if not files:
        sys.exit("no answer files: give some, or run from a checkout with examples/")
    base = [sys.executable, "-m", "ia_maturity"]
    print(f"python {sys.version.split()[0]}, {args.repeat} runs each")
    startup = timed(base + ["--version"], args.repeat)
    show("ia-maturity --version (start-up)", startup)
    formats = ["html"] + (["pdf"] if args.pdf else []) + (["docx"] if args.docx else [])
    with tempfile.TemporaryDirectory() as tmp:
        for answers in files:
            for fmt in formats:
                repeat = args.repeat if fmt == "html" else max(1, args.repeat // 3)
                for detail in ("full", "summary"):
                    output = Path(tmp) / f"{answers.stem}-{detail}.{fmt}"
                    command = base + ["report", str(answers), "--format", fmt, "--detail", detail, "--output", str(output)]
                    times = timed(command, repeat)
                    extra = f"   {output.stat().st_size / 1024:.0f} KB"
                    if fmt == "html" and detail == "summary":
                        extra += f"   {min(times) / min(startup):.1f}× start-up"
                    show(f"report {answers.name} ({fmt}, {detail})", times, extra)


def batch(folder: Path, repeat: int) -> None:
    """One process writing one HTML report per file of ``folder`` against one `report` process."""
    files = sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml", ".json"))
    if not files:
        sys.exit(f"no answer files in {folder}")
    base = [sys.executable, "-m", "ia_maturity"]
    print(f"python {sys.version.split()[0]}, {repeat} runs each, {len(files)} answer files in {folder}")
    with tempfile.TemporaryDirectory() as tmp:
        one = timed(base + ["report", str(files[0]), "--output", str(Path(tmp) / "one.html")], repeat)
        show(f"report {files[0].name} (one process)", one)
        many = timed(base + ["report", str(folder), "--output-dir", str(Path(tmp) / "out"), "--format", "html"], repeat)
        written = len(list((Path(tmp) / "out").glob("*.html")))
        show(f"report {folder} --output-dir ({written} reports)", many,
             f"   {min(many) / min(one):.1f}× one report (target: at most 4×)")


if __name__ == "__main__":
    main()
