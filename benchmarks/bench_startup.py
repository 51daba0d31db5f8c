"""Benchmark: start-up of `ia-maturity list`, `--help` and `--version` against a minimal typer app.

Writes a one-command typer app (a `--version` option, one command printing a line) to a
temporary folder and times whole processes, interleaved (app, ia-maturity, app, ia-maturity…)
so that a slower spell of the machine hits both, keeping the best of --repeat runs:

  ia-maturity list        against  python minimal.py hello
  ia-maturity --help      against  python minimal.py --help
  ia-maturity --version   against  python minimal.py --version

Targets (issue 12): list at most 1.5x, --help and --version at most 1.2x. The load average is
printed: figures taken on a busy machine are not worth much.

    python benchmarks/bench_startup.py
    python benchmarks/bench_startup.py --repeat 30
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MINIMAL = '''
import typer

app = typer.Typer(add_completion=False, no_args_is_help=True)


def _version(value: bool) -> None:
    if value:
        typer.echo("minimal 1.0")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True)) -> None:
    """A minimal app."""


@app.command()
def hello(name: str = typer.Option("world", "--name")) -> None:
    """Say hello."""
    typer.echo(f"hello {name}")


if __name__ == "__main__":
    app()
'''

CASES = (("list", ["list"], ["hello"], 1.5), ("--help", ["--help"], ["--help"], 1.2),
         ("--version", ["--version"], ["--version"], 1.2))


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="runs per measurement; the best is kept (default 20)")
    args = parser.parse_args()
    cli = shutil.which("ia-maturity") or sys.exit("ia-maturity is not on PATH: pip install . first")
    with tempfile.TemporaryDirectory(prefix="ia-maturity-startup-") as work:
        minimal = Path(work) / "minimal.py"
        minimal.write_text(MINIMAL, encoding="utf-8")
        print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; best of {args.repeat}, interleaved")
        print(f"{'command':<22} {'minimal':>9} {'ia-maturity':>12} {'ratio':>6} {'target':>7}")
        for name, ours, theirs, target in CASES:
            timed([cli, *ours])  # warm the file cache
            timed([sys.executable, str(minimal), *theirs])
            base, real = [], []
            for _ in range(args.repeat):
                base.append(timed([sys.executable, str(minimal), *theirs]))
                real.append(timed([cli, *ours]))
            b, r = min(base), min(real)
            print(f"{'ia-maturity ' + name:<22} {b * 1000:>7.0f}ms {r * 1000:>10.0f}ms {r / b:>6.2f} {target:>7.1f}")
        print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
