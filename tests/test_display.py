"""One truth for every figure: the same answers shown through every surface a person reads give
the same score — one decimal, rounded toward zero, decimal comma in French (ia_maturity.display).

``tests/fixtures/score/almost-20.yaml`` scores 19.96 overall on a questionnaire whose level 1 starts
at 20: every surface must show 19.9 / 19,9 (never 20.0, 20 or 19.96) with level 0.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from ia_maturity.display import format_score

FIXTURES = Path(__file__).parent / "fixtures" / "score"
EDGE = FIXTURES / "edge.yaml"
ALMOST_20 = FIXTURES / "almost-20.yaml"


@pytest.mark.parametrize(
    ("value", "fr", "en"),
    [(19.96, "19,9", "19.9"), (59.99, "59,9", "59.9"), (60.0, "60,0", "60.0"), (58.3, "58,3", "58.3"),
     (0.0, "0,0", "0.0"), (100.0, "100,0", "100.0"), (20.833333333, "20,8", "20.8"), (None, "—", "—")],
)
def test_the_display_rule(value, fr, en) -> None:
    assert format_score(value, "fr") == fr and format_score(value, "en") == en


def _shown(text: str) -> set[str]:
    """Every figure near 20 written in ``text`` (19.9, 19,9, 20.0, 20, 19.96 …)."""
    return set(re.findall(r"(?<![\d.,])(?:19[.,]\d+|20(?:[.,]\d+)?)(?![\d])", text))


@pytest.mark.parametrize(("lang", "expected"), [("fr", "19,9"), ("en", "19.9")])
def test_every_surface_shows_the_same_figure(run, tmp_path, lang, expected) -> None:
    # Full precision where machines read it.
    data = json.loads(run("score", ALMOST_20, "-q", EDGE, "--format", "json").stdout)
    assert data["results"][0]["overall"]["score"] == pytest.approx(19.96)
    assert data["results"][0]["overall"]["level"] == 0

    surfaces: dict[str, str] = {}
    table = run("score", ALMOST_20, "-q", EDGE, "--lang", lang)
    assert table.exit_code == 0, table.stderr
    surfaces["score table"] = table.stdout

    answers = tmp_path / "a.yaml"
    shutil.copyfile(ALMOST_20, answers)
    summary = run("assess", "-q", EDGE, "--lang", lang, "-o", answers, input="\n")
    assert summary.exit_code == 0, summary.stderr
    surfaces["assess summary"] = summary.stdout

    for fmt in ("md", "html"):
        out = tmp_path / f"r-{lang}.{fmt}"
        result = run("report", ALMOST_20, "-q", EDGE, "--lang", lang, "-o", out)
        assert result.exit_code == 0, result.stderr
        surfaces[f"report {fmt}"] = out.read_text(encoding="utf-8")

    try:
        import docx
    except ImportError:  # the Word surface is checked where python-docx is installed (CI installs it)
        docx = None
    if docx is not None:
        out = tmp_path / f"r-{lang}.docx"
        assert run("report", ALMOST_20, "-q", EDGE, "--lang", lang, "-o", out).exit_code == 0
        document = docx.Document(str(out))
        texts = [p.text for p in document.paragraphs]
        texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        surfaces["report docx"] = "\n".join(texts)

    for name, text in surfaces.items():
        shown = _shown(_visible_text(text))
        assert expected in shown, (name, shown)
        # "20" alone may be a level threshold ("level 1 from 20"); the score is never shown as
        # 20.0, 20,0 or with more decimals.
        assert not shown - {expected, "20"}, (name, shown)


def _visible_text(text: str) -> str:
    """What a reader sees: markup, styles and SVG coordinates removed."""
    text = re.sub(r"<(style|script)\b.*?</\1>", " ", text, flags=re.S | re.I)
    text = re.sub(r"<[^>]*>", " ", text)
    return text
