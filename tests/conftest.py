"""Shared fixtures: the small hand-computable questionnaire, a CLI runner, file writers."""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ia_maturity.cli import app
from ia_maturity.loading import load_questionnaire
from ia_maturity.model import Questionnaire

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini.yaml"
ACME = FIXTURES / "acme.yaml"


@pytest.fixture(scope="session")
def mini() -> Questionnaire:
    return load_questionnaire(MINI)


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write dedented text (or bytes) to a file in tmp_path and return its path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def run() -> Callable[..., object]:
    """Invoke the CLI in-process; stdout and stderr are kept apart."""
    runner = CliRunner()

    def _run(*args: str, input: str | None = None):
        return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)

    return _run


# --- a real headless Chromium, shared by the report and form browser tests -------------------

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def unavailable(reason: str) -> None:
    """Skip for ``reason``; fail instead where IA_MATURITY_REQUIRE_BROWSER=1 (CI): there the
    browser tests must run."""
    if os.environ.get("IA_MATURITY_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (IA_MATURITY_REQUIRE_BROWSER=1: browser tests must run)")
    pytest.skip(reason)


def chromium_path() -> str:
    for candidate in (os.environ.get("IA_MATURITY_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    unavailable("Chromium not found (apt-get install chromium)")
    raise AssertionError  # unreachable


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright (never a browser Playwright downloads)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright not installed (pip install playwright)")
    executable = chromium_path()
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()
