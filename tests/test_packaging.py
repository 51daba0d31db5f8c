"""Both kinds of installation find the built-in questionnaires and report templates.

The test session itself runs on a regular (wheel) install in CI, where test_resources checks the
packaged copy. Here an editable install is made in a throw-away venv, which sees this
environment's packages through a .pth file, so no network is needed (hatchling and editables come
with the test extra).
"""

from __future__ import annotations

import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(not (ROOT / "pyproject.toml").is_file(), reason="needs the source checkout")
def test_editable_install_finds_builtin_content(tmp_path: Path) -> None:
    pytest.importorskip("hatchling", reason="hatchling is in the test extra")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    here = {sysconfig.get_paths()["purelib"], *site.getsitepackages()}
    Path(purelib, "outer-env.pth").write_text("\n".join(sorted(here)) + "\n", encoding="utf-8")
    installed = subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "-e", str(ROOT)],
                               capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr[-3000:]
    code = (
        "import ia_maturity, ia_maturity.resources as r\n"
        "print(ia_maturity.__file__)\n"
        "print(r.questionnaires_dir())\n"
        "print(r.templates_dir())\n"
        "print(r.load_builtin('sme-ai-maturity').id)\n"
    )
    out = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path).stdout.split("\n")
    assert out[0] == str(ROOT / "src" / "ia_maturity" / "__init__.py")  # the checkout, not a copy
    assert out[1:4] == [str(ROOT / "questionnaires"), str(ROOT / "report_templates"), "sme-ai-maturity"]
