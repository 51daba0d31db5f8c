"""The HTML report in a real headless Chromium (Debian's ``chromium``, driven by Playwright).

Checks that the page logs no console error, makes no network request of any kind, shows the
chart, and prints to an A4 PDF of a reasonable number of pages. Skips when Chromium or Playwright
is missing, unless IA_MATURITY_REQUIRE_BROWSER=1 (CI), where a missing browser is a failure.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from ia_maturity.batch import score_file
from ia_maturity.loading import load_questionnaire
from ia_maturity.report.render import render_report

TESTS = Path(__file__).parent
EXAMPLES = sorted((TESTS.parent / "examples").glob("*.yaml"))
TRIO = TESTS / "fixtures" / "report" / "trio.yaml"
TRIO_ANSWERS = TESTS / "fixtures" / "report" / "trio-answers.yaml"
FRAMEWORKS = TESTS / "fixtures" / "report" / "frameworks.yaml"
FRAMEWORKS_ANSWERS = TESTS / "fixtures" / "report" / "frameworks-answers.yaml"
MANY = TESTS / "fixtures" / "report" / "many.yaml"
MANY_ANSWERS = TESTS / "fixtures" / "report" / "many-answers.yaml"
SUMMARY_MAX_PAGES = 2
"""``--detail summary`` prints on at most two A4 pages (issue 9), in Chromium as in WeasyPrint."""
PHONE_WIDTH = 390
MAX_PAGES = 55
"""The longest example (48 recommendations apply, with the frameworks appendix) prints to about 45
A4 pages (docs/reports.md lists the counts measured)."""


def open_report(browser, path: Path):
    """Open ``path``; return the page, the console errors and every request made."""
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda req: requests.append(req.url))
    page.goto(path.as_uri(), wait_until="load")
    return context, page, errors, requests


def pdf_pages(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def cases() -> list[tuple[str, Path, Path | None]]:
    found = [("trio", TRIO_ANSWERS, TRIO), ("frameworks", FRAMEWORKS_ANSWERS, FRAMEWORKS)]
    found += [(p.stem, p, None) for p in EXAMPLES]
    return found


@pytest.mark.parametrize(("name", "answers", "questionnaire"), cases(), ids=[c[0] for c in cases()])
def test_report_in_headless_chromium(browser, tmp_path: Path, name: str, answers: Path, questionnaire: Path | None) -> None:
    q = load_questionnaire(questionnaire) if questionnaire else None
    result = score_file(answers, str(answers), q)
    html_path = tmp_path / f"{name}.html"
    html_path.write_text(render_report(result, "html"), encoding="utf-8")

    context, page, errors, requests = open_report(browser, html_path)
    try:
        # No console error and no request but the file itself (no font, image, favicon, CDN).
        assert errors == []
        assert requests == [html_path.as_uri()]
        chart = page.locator("figure.chart svg[role=img]")
        assert chart.count() == 1
        box = chart.bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 200
        assert page.locator("figure.chart svg polygon").count() >= 2
        assert page.title().endswith(result.answers.organisation or "")
        pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
        pages = pdf_pages(pdf)
        assert 3 <= pages <= MAX_PAGES, f"{name}: {pages} pages"
        assert errors == []
        assert requests == [html_path.as_uri()]
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_not_applicable_and_frameworks_as_rendered(browser, tmp_path: Path, lang: str) -> None:
    """What a reader sees: the N/A domain labelled (never a point at 0), the frameworks appendix
    with its indicative-mapping sentence and statuses, the critical recommendation first."""
    result = score_file(FRAMEWORKS_ANSWERS, str(FRAMEWORKS_ANSWERS), load_questionnaire(FRAMEWORKS))
    html_path = tmp_path / f"frameworks-{lang}.html"
    html_path.write_text(render_report(result, "html", lang), encoding="utf-8")
    w = {"en": ("Autonomous agents", "Not applicable", "Not asked — condition not met", "gap", "critical"),
         "fr": ("Agents autonomes", "Sans objet", "Non posée — condition non remplie", "écart", "critique")}[lang]
    context, page, errors, requests = open_report(browser, html_path)
    try:
        assert errors == [] and requests == [html_path.as_uri()]
        row = page.locator("table.scores tr.not-applicable")
        assert row.count() == 1 and row.locator("th").inner_text() == w[0]
        assert row.locator("td").first.inner_text() == w[1]
        assert row.locator("td").first.evaluate("e => getComputedStyle(e).fontStyle") == "italic"
        # Four axes, two domains without a score: two points, two dashed axes, their labels visible.
        assert page.locator("figure.chart svg circle").count() == 2
        assert page.locator("figure.chart svg line[stroke-dasharray]").count() == 2
        assert page.locator("figure.chart svg tspan", has_text=w[1]).is_visible()
        appendix = page.locator("#frameworks")
        assert appendix.is_visible()
        assert appendix.locator("p.callout").inner_text().startswith(
            {"en": "This mapping to frameworks is indicative", "fr": "Cette correspondance avec les référentiels est indicative"}[lang])
        assert appendix.locator("h3").count() == 7
        gap = appendix.locator("span.status.gap")
        assert gap.count() == 1 and gap.inner_text() == w[3]
        assert gap.evaluate("e => getComputedStyle(e).color") == "rgb(161, 18, 28)"
        assert page.locator("#appendix td.not-asked").inner_text() == w[2]
        first = page.locator("#recommendations article").first
        assert first.get_attribute("id") == "rec-training"
        assert first.locator(".badge.critical").inner_text() == w[4]
    finally:
        context.close()


def summary_cases() -> list[tuple[str, Path, Path | None, str]]:
    """Every example and fixture, plus the hostile 15-domain questionnaire, in both languages."""
    found = cases() + [("many", MANY_ANSWERS, MANY)]
    return [(name, a, q, lang) for name, a, q in found for lang in ("fr", "en")]


@pytest.mark.parametrize(("name", "answers", "questionnaire", "lang"), summary_cases(),
                         ids=[f"{c[0]}-{c[3]}" for c in summary_cases()])
def test_summary_fits_two_pages_in_chromium(browser, tmp_path: Path, name: str, answers: Path,
                                            questionnaire: Path | None, lang: str) -> None:
    q = load_questionnaire(questionnaire) if questionnaire else None
    result = score_file(answers, str(answers), q)
    html_path = tmp_path / f"{name}-{lang}-summary.html"
    html_path.write_text(render_report(result, "html", lang, detail="summary"), encoding="utf-8")
    context, page, errors, requests = open_report(browser, html_path)
    try:
        assert page.locator("figure.chart svg[role=img]").count() == 1
        pages = pdf_pages(page.pdf(format="A4", print_background=True, prefer_css_page_size=True))
        assert 1 <= pages <= SUMMARY_MAX_PAGES, f"{name} ({lang}): {pages} pages"
        assert errors == [] and requests == [html_path.as_uri()]
    finally:
        context.close()


@pytest.mark.parametrize(("name", "answers", "questionnaire"), cases() + [("many", MANY_ANSWERS, MANY)],
                         ids=[c[0] for c in cases()] + ["many"])
def test_nothing_overflows_a_phone_screen(browser, tmp_path: Path, name: str, answers: Path, questionnaire: Path | None) -> None:
    """At 390 px wide (a phone), the page does not scroll sideways: no table, chart or long word
    makes it wider than the screen."""
    q = load_questionnaire(questionnaire) if questionnaire else None
    result = score_file(answers, str(answers), q)
    html_path = tmp_path / f"{name}.html"
    top = max(level.level for level in result.questionnaire.levels)  # with the target section too
    html_path.write_text(render_report(result, "html", target=top), encoding="utf-8")
    context = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 800})
    try:
        page = context.new_page()
        page.goto(html_path.as_uri(), wait_until="load")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE_WIDTH, f"{name}: {width} px wide"
        assert page.evaluate("document.body.scrollWidth") <= PHONE_WIDTH
    finally:
        context.close()
