"""PDF reports through WeasyPrint: the text of the PDF holds the organisation and the overall level.

Skips when WeasyPrint (or the Pango libraries it needs) is missing, unless
IA_MATURITY_REQUIRE_BROWSER=1 (CI), where it is a failure.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from ia_maturity.batch import score_file
from ia_maturity.loading import load_questionnaire
from ia_maturity.report.render import render_report, weasyprint_available

TESTS = Path(__file__).parent
MINI = TESTS / "fixtures" / "mini.yaml"
ACME = TESTS / "fixtures" / "acme.yaml"
EXAMPLES = sorted((TESTS.parent / "examples").glob("*.yaml"))
FRAMEWORKS = TESTS / "fixtures" / "report" / "frameworks.yaml"
FRAMEWORKS_ANSWERS = TESTS / "fixtures" / "report" / "frameworks-answers.yaml"
REPORT_FIXTURES = TESTS / "fixtures" / "report"
SUMMARY_CASES = [(p.stem, p, None) for p in EXAMPLES] + [
    ("trio", REPORT_FIXTURES / "trio-answers.yaml", REPORT_FIXTURES / "trio.yaml"),
    ("frameworks", FRAMEWORKS_ANSWERS, FRAMEWORKS),
    ("many", REPORT_FIXTURES / "many-answers.yaml", REPORT_FIXTURES / "many.yaml"),  # 15 domains, very long texts
]


@pytest.fixture(autouse=True)
def _needs_weasyprint() -> None:
    if weasyprint_available():
        return
    reason = "WeasyPrint not installed or its Pango libraries missing (pip install 'ia-maturity[pdf]')"
    if os.environ.get("IA_MATURITY_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (IA_MATURITY_REQUIRE_BROWSER=1: PDF tests must run)")
    pytest.skip(reason)


def pdf_text(data: bytes) -> tuple[int, str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return len(reader.pages), " ".join(text.split())


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_pdf_holds_organisation_and_level(lang: str) -> None:
    result = score_file(ACME, str(ACME), load_questionnaire(MINI))
    data = render_report(result, "pdf", lang)
    assert isinstance(data, bytes) and data.startswith(b"%PDF-")
    pages, text = pdf_text(data)
    assert "Acme SARL" in text
    expected = {"en": "Level 1 · Managed — 20.8/100", "fr": "Niveau 1 · Géré — 20,8/100"}[lang]
    assert expected in text
    assert 5 <= pages <= 15


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_pdf_of_each_example(example: Path) -> None:
    result = score_file(example, str(example), None)
    pages, text = pdf_text(render_report(result, "pdf"))
    level = result.questionnaire.level(result.level)
    lang = result.answers.language or result.questionnaire.default_language
    assert result.answers.organisation in text
    assert level is not None and level.name.get_text(lang) in text
    assert pages <= 55  # as tests/test_report_browser.py MAX_PAGES


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_pdf_holds_not_applicable_and_frameworks(lang: str) -> None:
    result = score_file(FRAMEWORKS_ANSWERS, str(FRAMEWORKS_ANSWERS), load_questionnaire(FRAMEWORKS))
    _, text = pdf_text(render_report(result, "pdf", lang))
    expected = {"en": ("Autonomous agents Not applicable", "9. Appendix: frameworks", "AI Act Art. 26(6)", "Code du travail L.2312-8"),
                "fr": ("Agents autonomes Sans objet", "9. Annexe", "AI Act art. 26(6)", "Code du travail L.2312-8")}[lang]
    for phrase in expected:
        assert phrase in text, phrase


def test_cli_writes_pdf(tmp_path: Path, run) -> None:
    output = tmp_path / "acme.pdf"
    result = run("report", ACME, "-q", MINI, "-o", output)
    assert result.exit_code == 0, result.stderr
    assert output.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize(("name", "answers", "questionnaire"), SUMMARY_CASES, ids=[c[0] for c in SUMMARY_CASES])
def test_summary_pdf_fits_two_pages(name: str, answers: Path, questionnaire: Path | None, lang: str) -> None:
    """``--detail summary`` on at most two A4 pages through WeasyPrint (tests/test_report_browser.py
    checks Chromium), with the level, the red lines and the top actions in the text."""
    result = score_file(answers, str(answers), load_questionnaire(questionnaire) if questionnaire else None)
    pages, text = pdf_text(render_report(result, "pdf", lang, detail="summary"))
    assert 1 <= pages <= 2, f"{name} ({lang}): {pages} pages"
    heading = {"en": "Priority actions", "fr": "Actions prioritaires"}[lang]
    assert heading in text
    if result.level is not None:
        assert result.questionnaire.level(result.level).name.get_text(lang).split()[0] in text


def test_full_pdf_starts_with_the_summary() -> None:
    result = score_file(ACME, str(ACME), load_questionnaire(MINI))
    _, summary = pdf_text(render_report(result, "pdf", "en", detail="summary"))
    _, full = pdf_text(render_report(result, "pdf", "en"))
    start = summary.split("This report was produced offline")[0].split(" 1 / ")[0]
    assert full.startswith(start[:400])
