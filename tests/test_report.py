"""Reports: golden Markdown files, HTML structure, escaping, branding, the template sandbox, the command.

Refresh the golden files after an intended change of the reports, then review the diff:

    IA_MATURITY_UPDATE_GOLDEN=1 python -m pytest tests/test_report.py -k golden
"""

from __future__ import annotations

import base64
import datetime as dt
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ia_maturity.analysis.rank import rank_recommendations, red_lines_crossed
from ia_maturity.batch import score_file
from ia_maturity.loading import load_questionnaire
from ia_maturity.model import AnswerSet
from ia_maturity.report.chart import bar_chart, radar_chart, wrap_label
from ia_maturity.report.context import (
    answers_fingerprint,
    build_report_context,
    cited_dates,
    readable_ref,
    related_laws,
)
from ia_maturity.report.i18n import (
    NNBSP,
    format_date,
    format_percent,
    format_score,
    parse_date,
    typography,
)
from ia_maturity.report.render import (
    PDF_INSTALL_HINT,
    ReportFormat,
    escape_markdown,
    format_for_output,
    load_brand,
    readable_on_white,
    render_report,
)

TESTS = Path(__file__).parent
FIXTURES = TESTS / "fixtures"
REPORT_FIXTURES = FIXTURES / "report"
GOLDEN = TESTS / "golden"
ROOT = TESTS.parent
EXAMPLES = ROOT / "examples"
MINI = FIXTURES / "mini.yaml"
ACME = FIXTURES / "acme.yaml"
HOSTILE = REPORT_FIXTURES / "hostile.yaml"
TRIO = REPORT_FIXTURES / "trio.yaml"
TRIO_ANSWERS = REPORT_FIXTURES / "trio-answers.yaml"
FRAMEWORKS = REPORT_FIXTURES / "frameworks.yaml"
FRAMEWORKS_ANSWERS = REPORT_FIXTURES / "frameworks-answers.yaml"
GOLDEN_VERSION = "0.0.0-golden"
TODAY = dt.date(2026, 6, 15)
UPDATE = os.environ.get("IA_MATURITY_UPDATE_GOLDEN") == "1"
NBSP = "\u00a0"

SECTION_IDS = ["summary", "scores", "domains", "recommendations", "plan", "regulatory", "method", "appendix"]
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
# A 1x1 transparent PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def result_for(answers: Path, questionnaire: Path | None = None):
    q = load_questionnaire(questionnaire) if questionnaire else None
    return score_file(answers, str(answers), q)


def render(answers: Path, questionnaire: Path | None, fmt: str, lang: str | None = None, **kwargs) -> str:
    kwargs.setdefault("today", TODAY)
    kwargs.setdefault("tool_version", GOLDEN_VERSION)
    return render_report(result_for(answers, questionnaire), fmt, lang, **kwargs)


# --------------------------------------------------------------------------------------------
# Golden Markdown files
# --------------------------------------------------------------------------------------------
FIXTURE_CASES = [
    ("acme-en", ACME, MINI, "en"),
    ("acme-fr", ACME, MINI, "fr"),
    ("hostile-fr", HOSTILE, MINI, "fr"),
    ("trio-en", TRIO_ANSWERS, TRIO, "en"),
    ("trio-fr", TRIO_ANSWERS, TRIO, "fr"),
    ("frameworks-en", FRAMEWORKS_ANSWERS, FRAMEWORKS, "en"),
    ("frameworks-fr", FRAMEWORKS_ANSWERS, FRAMEWORKS, "fr"),
    ("acme-en-summary", ACME, MINI, "en"),
    ("trio-fr-summary-target", TRIO_ANSWERS, TRIO, "fr"),
    ("many-en-summary", REPORT_FIXTURES / "many-answers.yaml", REPORT_FIXTURES / "many.yaml", "en"),
    ("acme-fr-target", ACME, MINI, "fr"),
]
GOLDEN_OPTIONS = {
    "acme-en-summary": {"detail": "summary"},
    "trio-fr-summary-target": {"detail": "summary", "target": 1, "per_month": 2},
    "many-en-summary": {"detail": "summary"},
    "acme-fr-target": {"target": 3, "per_month": 1},
}
"""Options of the golden cases that are not plain full reports."""
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml")) if EXAMPLES.is_dir() else []


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.exists(), f"missing golden file {path}; create it with IA_MATURITY_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file (refresh: IA_MATURITY_UPDATE_GOLDEN=1)"


@pytest.mark.parametrize(("name", "answers", "questionnaire", "lang"), FIXTURE_CASES, ids=[c[0] for c in FIXTURE_CASES])
def test_golden_markdown_fixtures(name: str, answers: Path, questionnaire: Path, lang: str) -> None:
    check_golden(f"{name}.md", render(answers, questionnaire, "md", lang, **GOLDEN_OPTIONS.get(name, {})))


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=[p.stem for p in EXAMPLE_FILES])
def test_golden_markdown_examples(example: Path) -> None:
    """Each example in its own language, against the built-in questionnaire it names."""
    check_golden(f"example-{example.stem}.md", render(example, None, "md"))


def test_every_golden_file_has_a_case() -> None:
    expected = {f"{name}.md" for name, *_ in FIXTURE_CASES} | {f"example-{p.stem}.md" for p in EXAMPLE_FILES}
    assert {p.name for p in GOLDEN.glob("*.md")} == expected


# --------------------------------------------------------------------------------------------
# Small pieces, exact
# --------------------------------------------------------------------------------------------
def test_french_typography() -> None:
    assert typography("Qui pilote l'IA ? « Personne » ; vraiment : oui !", "fr") == (
        f"Qui pilote l'IA{NNBSP}? «{NNBSP}Personne{NNBSP}»{NNBSP}; vraiment{NNBSP}: oui{NNBSP}!"
    )
    assert typography("«oui»", "fr") == f"«{NNBSP}oui{NNBSP}»"
    assert typography("70 % mais {% raw %}", "fr") == f"70{NNBSP}% mais {{% raw %}}"
    # Only typed spaces change: URLs, times and English text are left alone.
    assert typography("https://cnil.fr 10:30 a:b", "fr") == "https://cnil.fr 10:30 a:b"
    assert typography("Who leads AI ? « x »", "en") == "Who leads AI ? « x »"


def test_number_and_date_formats() -> None:
    assert format_score(59.99, "en") == "59.9"  # rounded down: a level threshold never looks reached
    assert format_score(62.5, "fr") == "62,5"
    assert format_score(70.0000000001, "en") == "70.0"
    assert format_score(None, "en") == "—"
    assert format_percent(0.695, "fr") == f"70{NNBSP}%"
    assert format_percent(1, "en") == "100%"
    # A no-break space between the day and the month: a line never breaks there.
    assert format_date(dt.date(2026, 11, 1), "fr") == f"1er{NBSP}novembre 2026"
    assert format_date(dt.date(2026, 8, 2), "fr") == f"2{NBSP}août 2026"
    assert format_date(dt.date(2026, 8, 2), "en") == f"2{NBSP}August 2026"
    for written in ("2 August 2026", "2 août 2026", "2 Août 2026", "August 2, 2026", "2026-08-02", "02/08/2026"):
        assert parse_date(written) == dt.date(2026, 8, 2), written
    assert parse_date("1er août 2024") == dt.date(2024, 8, 1)
    assert parse_date("31 février 2025") is None


def test_escape_markdown() -> None:
    assert escape_markdown("<b>*x*</b> [a](b) & `c` | #1_2") == r"\<b\>\*x\*\</b\> \[a\](b) &amp; \`c\` \| \#1\_2"
    assert escape_markdown("- item\n# title") == r"\- item \# title"
    assert escape_markdown("1. first") == r"1\. first"
    assert escape_markdown("12.5 and 3-4") == "12.5 and 3-4"


def test_format_from_output_suffix() -> None:
    import typer

    assert format_for_output(Path("a.HTML"), None) is ReportFormat.html
    assert format_for_output(Path("a.pdf"), None) is ReportFormat.pdf
    assert format_for_output(Path("a.md"), None) is ReportFormat.md
    assert format_for_output(Path("a.txt"), None) is ReportFormat.md
    assert format_for_output(Path("a.txt"), "html") is ReportFormat.html  # a suffix that names no format
    assert format_for_output(Path("a.htm"), "html") is ReportFormat.html
    for name, requested in (("a.pdf", "html"), ("x.html", "md"), ("x.md", "pdf"), ("x.markdown", "html")):
        with pytest.raises(typer.BadParameter):
            format_for_output(Path(name), requested)


def test_answers_fingerprint_ignores_order_and_layout() -> None:
    a = AnswerSet("mini", "2.1", {"leaks": ("charter", "tools"), "role": ("dedicated",)}, {"organisation": "A"}, "fr", {})
    b = AnswerSet("mini", "2.1", {"role": ("dedicated",), "leaks": ("tools", "charter")}, {"organisation": "A"}, "fr", {})
    c = AnswerSet("mini", "2.1", {"role": ("part_time",), "leaks": ("tools", "charter")}, {"organisation": "A"}, "fr", {})
    assert answers_fingerprint(a) == answers_fingerprint(b)
    assert answers_fingerprint(a) != answers_fingerprint(c)
    assert re.fullmatch(r"[0-9a-f]{64}", answers_fingerprint(a))


def test_regulatory_watch_is_decided_from_texts_and_sources() -> None:
    q = load_questionnaire(TRIO)
    by_id = {r.id: r for r in q.recommendations}
    assert related_laws(by_id["literacy"]) == ("ai_act",)
    assert related_laws(by_id["processor"]) == ("gdpr",)
    assert related_laws(by_id["inventory"]) == ()
    assert cited_dates("depuis le 2 février 2025, puis le 1er août 2026 et 2027-08-02 (18/07/2024); again 2 February 2025") == (
        "2 février 2025", "1er août 2026", "2027-08-02", "18/07/2024", "2 February 2025")


def test_radar_geometry() -> None:
    chart = radar_chart(["A", "B", "C", "D"], [100, 50, None, 0], ["100.0", "50.0", "Not answered", "0.0"])
    assert (chart.cx, chart.width) == (340.0, 680.0)
    cy = chart.cy
    # A domain without a score is not drawn as 0: no point, a dashed axis, its label says why.
    assert chart.points == ((340.0, cy - 150), (415.0, cy), (340.0, cy))
    assert chart.polygon == f"340,{cy - 150:g} 415,{cy:g} 340,{cy:g}"
    assert chart.missing == (False, False, True, False)
    assert [label.anchor for label in chart.labels] == ["middle", "start", "middle", "end"]
    assert chart.labels[2].lines == ("C", "Not answered") and chart.labels[2].missing
    assert not chart.labels[3].missing
    assert chart.rings[-1][0] == 100
    with pytest.raises(ValueError):
        radar_chart(["A", "B"], [1, 2], ["1", "2"])


def test_bar_chart_and_label_wrapping() -> None:
    chart = bar_chart(["A", "B"], [100, None], ["100.0", "Not applicable"])
    assert [(b.width, b.missing) for b in chart.bars] == [(380.0, False), (0.0, True)]
    assert wrap_label("Gouvernance et rôle dédié à l'IA") == ("Gouvernance et rôle", "dédié à l'IA")


def test_readable_primary_colour() -> None:
    assert readable_on_white("#1d4e89") == "#1d4e89"
    assert readable_on_white("#ffff00") != "#ffff00"


def test_summary_strongest_weakest_and_red_lines() -> None:
    context = build_report_context(result_for(ACME, MINI), "en", today=TODAY, tool_version="x")
    assert [d.text for d in context.summary.strongest] == ["Data: 37.5/100, level 0 (Initial)"]
    assert [d.text for d in context.summary.weakest] == ["Governance: 12.5/100, level 0 (Initial)"]
    assert [r.text for r in context.summary.red_lines] == [
        "“Often” to “Client data in consumer chatbots?”: the domain “Data” held at level 0 instead of 1."
    ]
    assert context.summary.overall == "Acme SARL reaches level 1 out of 4, “Managed”, with an overall score of 20.8 out of 100."


@pytest.mark.skipif(not (EXAMPLES / "cabinet-juridique.yaml").is_file(), reason="example missing")
def test_red_lines_crossed_without_lowering_a_level_are_still_listed() -> None:
    """The law firm's domains are already at level 0: its red lines cap nothing, but the
    executive summary must still say they were crossed."""
    result = result_for(EXAMPLES / "cabinet-juridique.yaml")
    context = build_report_context(result, "en", today=TODAY, tool_version="x")
    assert [r.question_id for r in context.summary.red_lines] == [
        qid for qid, _ in red_lines_crossed(result.questionnaire, result.effective_answers)] == ["gov.lead", "data.consumer"]
    assert not any(r.capped for r in context.summary.red_lines)
    assert all(r.text.endswith("; nothing lowered, but still to act on.") for r in context.summary.red_lines)
    assert all(r.why for r in context.summary.red_lines)
    # The detail: the domain of the question lists its red lines, with the reason.
    governance = next(d for d in context.domains if d.domain_id == "governance")
    assert [r.target for r in governance.red_lines] == ["governance", "overall"]
    assert all("so the cap changes nothing" in r.text for r in governance.red_lines)


@pytest.mark.skipif(not (EXAMPLES / "industrial-supplier.yaml").is_file(), reason="example missing")
def test_regulatory_dates_come_from_the_recommendation_in_the_report_format() -> None:
    """Dates of application written in the text, in the report's format; never the publication
    dates of the sources (they stay in the source titles)."""
    for lang, expected in (("fr", f"2{NBSP}décembre 2027"), ("en", f"2{NBSP}December 2027")):
        context = build_report_context(result_for(EXAMPLES / "industrial-supplier.yaml"), lang, today=TODAY, tool_version="x")
        assert [item.dates for item in context.regulatory] == [(expected,)]
    context = build_report_context(result_for(EXAMPLES / "cabinet-juridique.yaml"), "fr", today=TODAY, tool_version="x")
    assert context.regulatory and not any("/" in d for item in context.regulatory for d in item.dates)


def test_plan_is_paced_from_the_assessment() -> None:
    """Pacing contract (analysis.plan): action k starts on D + 30 × floor(k / N) and is due its
    horizon after its start. Trio, D = 27 February 2026; rank: processor (red line, 90 days),
    literacy (high, 30), inventory (medium, 200)."""
    result = result_for(TRIO_ANSWERS, TRIO)
    context = build_report_context(result, "en", today=TODAY, tool_version="x")  # N = 3: one month
    assert [(b.key, b.title, [(i.rank, i.id, i.start_by, i.due) for i in b.items]) for b in context.plan] == [
        ("month-1", f"Month 1 — starting 27{NBSP}February 2026", [
            (1, "processor", f"27{NBSP}February 2026", f"28{NBSP}May 2026"),
            (2, "literacy", f"27{NBSP}February 2026", f"29{NBSP}March 2026"),
            (3, "inventory", f"27{NBSP}February 2026", f"15{NBSP}September 2026")]),
    ]
    assert context.plan_intro == (f"Dates count from the assessment on 27{NBSP}February 2026. Actions start 3 a month, "
                                  "in the order of the ranking, and each is due its time allowed after its start.")
    # N = 2: ranks 0 and 1 start on D, rank 2 on D + 30 = 29 March, due 200 days later (15 October).
    paced = build_report_context(result, "en", today=TODAY, tool_version="x", per_month=2)
    assert [(b.start, [(i.id, i.due) for i in b.items]) for b in paced.plan] == [
        (f"27{NBSP}February 2026", [("processor", f"28{NBSP}May 2026"), ("literacy", f"29{NBSP}March 2026")]),
        (f"29{NBSP}March 2026", [("inventory", f"15{NBSP}October 2026")]),
    ]
    # N = 1: one a month, D, D + 30, D + 60.
    one = build_report_context(result, "en", today=TODAY, tool_version="x", per_month=1)
    assert [b.start for b in one.plan] == [f"27{NBSP}February 2026", f"29{NBSP}March 2026", f"28{NBSP}April 2026"]
    # The plan writes each start date once (a heading per month), never on every row.
    md = render(TRIO_ANSWERS, TRIO, "md", "en", per_month=2)
    plan = md.split("## 5. Action plan", 1)[1].split("\n### Quick wins", 1)[0]
    assert plan.count(f"27{NBSP}February 2026") == 2  # the intro and the month's heading
    assert "| Rank | Recommendations | Priority | Effort | Due |" in plan
    assert f"| 1 | Sign a processor agreement (red line) | high | medium | 28{NBSP}May 2026 |" in plan


def test_plan_without_assessment_date_says_so(write) -> None:
    answers = write("nodate.yaml", """
        format: 1
        questionnaire: {id: mini}
        respondent: {organisation: Nodate}
        answers: {role: dedicated}
    """)
    context = build_report_context(result_for(answers, MINI), "en", today=dt.date(2027, 1, 1), tool_version="x")
    assert context.cover.date == f"not stated in the answers; this report is dated 1{NBSP}January 2027, the day it was produced"
    assert context.plan_intro.startswith(
        f"The answers give no assessment date: dates count from 1{NBSP}January 2027, the day this report was produced.")
    # Governance is half answered by weight (1 of 4), Data not at all: the method warns.
    assert context.method.coverage_warning == (
        "Warning: coverage is below 80% for the assessment as a whole (Governance, Data). "
        "Scores there rest on few answers; treat them with care."
    )


# --------------------------------------------------------------------------------------------
# Format 1.1: not applicable, ask_if, critical, frameworks appendix (tests/fixtures/report/frameworks*.yaml)
# --------------------------------------------------------------------------------------------
NA_WORDS = {
    "en": {"na": "Not applicable", "not_asked": "Not asked — condition not met", "suffix": "(not applicable)",
           "not_answered": "Not answered", "agents": "Autonomous agents", "work": "Employee relations"},
    "fr": {"na": "Sans objet", "not_asked": "Non posée — condition non remplie", "suffix": "(sans objet)",
           "not_answered": "Sans réponse", "agents": "Agents autonomes", "work": "Dialogue social"},
}


@pytest.fixture(scope="module")
def frameworks_result():
    return result_for(FRAMEWORKS_ANSWERS, FRAMEWORKS)


def fw_context(result, lang: str):
    return build_report_context(result, lang, today=TODAY, tool_version="x")


def test_fixture_scores_as_the_report_tests_assume(frameworks_result) -> None:
    by_id = frameworks_result.domains_by_id
    assert by_id["agents"].not_applicable and by_id["agents"].score is None
    assert by_id["work"].score is None and not by_id["work"].not_applicable
    assert frameworks_result.not_applicable == {"gov.injection", "priv.dpa", "agent.oversight", "agent.logs"}
    assert "gov.injection" in frameworks_result.answers.answers  # in the file, ignored by the scores
    assert "gov.injection" not in frameworks_result.effective_answers


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_not_applicable_in_markdown(frameworks_result, lang: str) -> None:
    w = NA_WORDS[lang]
    md = render_report(frameworks_result, "md", lang, today=TODAY, tool_version=GOLDEN_VERSION)
    lines = md.splitlines()
    # Domain table: the all-N/A domain says so; the unanswered one keeps its dash and 0%.
    assert f"| {w['agents']} | {w['na']} | — | — | {'no' if lang == 'en' else 'non'} |" in lines
    assert f"| {w['work']} | — | — | 0{'%' if lang == 'en' else NNBSP + '%'} |" in md
    # Its section says why, and claims neither "nothing lost" nor "not answered".
    agents = md.split(f"### {w['agents']}\n", 1)[1].split("\n### ", 1)[0]
    assert agents.strip().startswith(w["na"] + ("" if lang == "en" else NNBSP) + ":")
    assert "Every scored question" not in agents and "Chaque question notée" not in agents
    assert w["not_answered"].lower() not in agents.lower() and "No scored question answered" not in agents
    # Appendix: N/A option label, marked once; ask_if follow-up not asked, its ignored answer absent.
    assert any(line.startswith("| Do you have a processor") or line.startswith("| Avez-vous un contrat")
               for line in lines)
    processor = next(line for line in lines if line.startswith(("| Do you have a processor", "| Avez-vous un contrat"))
                     and line.count("|") == 4)
    assert w["suffix"] in processor
    assert f"| {w['na']} |" in md and f"{w['na']} {w['suffix']}" not in md
    injection = [line for line in lines if "injection" in line and line.startswith("| ") and line.count("|") == 4]
    assert len(injection) == 1 and f"| {w['not_asked']} |" in injection[0]
    # Strongest / weakest never list the N/A (or the unanswered) domain.
    context = fw_context(frameworks_result, lang)
    listed = [line.title for line in context.summary.strongest + context.summary.weakest]
    assert listed and w["agents"] not in listed and w["work"] not in listed
    # The summary's figures say why those two have no score (never 0).
    summary = md.split("## 2.", 1)[0]
    assert f"{w['agents']} {w['na']}" in summary and f"{w['work']} {w['not_answered']}" in summary


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_not_applicable_in_html(frameworks_result, lang: str) -> None:
    w = NA_WORDS[lang]
    html = render_report(frameworks_result, "html", lang, today=TODAY, tool_version=GOLDEN_VERSION)
    assert '<tr class="not-applicable"><th scope="row">' + w["agents"] + '</th><td class="num">' + w["na"] + "</td>" in html
    assert f'<td class="muted not-asked">{w["not_asked"]}</td>' in html
    assert f'<td class="muted not-applicable">{w["na"]}</td>' in html
    # The chart: N/A and unanswered domains have no point (not drawn as 0), a dashed axis, a label.
    page = outline(html)
    assert len(page.find("circle")) == 2
    assert len([a for t, a in page.tags if t == "line" and a.get("stroke-dasharray")]) == 2
    svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert f'font-style="italic" fill="#4a5360">{w["na"]}</tspan>' in svg
    assert f'font-style="italic" fill="#4a5360">{w["not_answered"]}</tspan>' in svg
    agents = html.split('id="domain-agents"', 1)[1].split("</article>", 1)[0]
    assert w["not_answered"] not in agents and "<div class=\"card\">" not in agents


def test_bar_chart_labels_a_not_applicable_domain(write) -> None:
    questionnaire = write("two.yaml", """
        format: 1
        id: two
        version: "1"
        languages: [en]
        title: Two
        levels: [{level: 0, min: 0, name: Start}]
        domains:
          - id: a
            title: Alpha
            questions:
              - {id: qa, text: A?, options: [{value: "no", label: "No", score: 0}, {value: "yes", label: "Yes", score: 1}]}
          - id: b
            title: Beta
            questions:
              - id: qb
                text: B?
                options: [{value: "yes", label: "Yes", score: 1}, {value: na, label: We have none, not_applicable: true}]
    """)
    answers = write("two-answers.yaml", """
        format: 1
        questionnaire: {id: two}
        answers: {qa: "yes", qb: na}
    """)
    html = render(answers, questionnaire, "html")
    assert len(outline(html).find("rect")) == 1  # no bar (not even an empty one) for Beta
    assert '<text x="236.0" y="81.0" font-size="13" font-style="italic" fill="#4a5360">Not applicable</text>' in html


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_critical_recommendation_first_and_labelled(frameworks_result, lang: str) -> None:
    context = fw_context(frameworks_result, lang)
    # "training" is critical with a 60-day horizon: it still comes before a high one due in 30 days.
    assert [(r.id, r.priority) for r in context.recommendations] == [
        ("training", {"en": "critical", "fr": "critique"}[lang]),
        ("lead", {"en": "high", "fr": "haute"}[lang]),
        ("dpia", {"en": "medium", "fr": "moyenne"}[lang]),
    ]
    # One rank everywhere: inside a plan period too, and a "critical impact" row heads the quick wins.
    assert [[i.id for i in b.items] for b in context.plan] == [["training", "lead", "dpia"]]
    assert [row.impact_key for row in context.quick_wins.rows] == ["critical", "high", "medium", "low"]
    assert context.quick_wins.rows[0].label == {"en": "Critical impact", "fr": "Impact critique"}[lang]
    md = render_report(frameworks_result, "md", lang, today=TODAY, tool_version="x")
    assert md.index("### 1. " + {"en": "Train your teams in AI", "fr": "Formez vos équipes à l'IA"}[lang]) > 0
    assert {"en": "*Priority: critical ·", "fr": f"*Priorité{NNBSP}: critique ·"}[lang] in md
    html = render_report(frameworks_result, "html", lang, today=TODAY, tool_version="x")
    assert '<article class="card priority-critical" id="rec-training">' in html
    assert f'<span class="badge critical">{ {"en": "critical", "fr": "critique"}[lang] }</span>' in html
    assert html.index('id="rec-training"') < html.index('id="rec-lead"') < html.index('id="rec-dpia"')


def test_readable_references() -> None:
    en = build_report_context(result_for(TRIO_ANSWERS, TRIO), "en", today=TODAY, tool_version="x").t
    fr = build_report_context(result_for(TRIO_ANSWERS, TRIO), "fr", today=TODAY, tool_version="x").t
    assert readable_ref("ai-act:art-26-6", fr) == "AI Act art. 26(6)"
    assert readable_ref("ai-act:art-26-6", en) == "AI Act Art. 26(6)"
    assert readable_ref("gdpr:art-28", en) == "GDPR Art. 28"
    assert readable_ref("gdpr:art-28", fr) == "RGPD art. 28"
    assert readable_ref("iso42001:A.6.2", en) == "ISO/IEC 42001 A.6.2"
    assert readable_ref("iso42001:7.2", fr) == "ISO/IEC 42001 7.2"
    assert readable_ref("nist-ai-rmf:GOVERN-1.1", en) == "NIST AI RMF GOVERN 1.1"
    assert readable_ref("owasp-llm:LLM01", en) == "OWASP LLM01"
    assert readable_ref("owasp-agentic:ASI01", fr) == "OWASP ASI01"
    assert readable_ref("code-travail:L.2312-8", fr) == "Code du travail L.2312-8"
    assert readable_ref("other:x-1", en) == "other:x-1"


def test_frameworks_appendix_content_and_statuses(frameworks_result) -> None:
    context = fw_context(frameworks_result, "en")
    assert [(fw.scheme, [(q.question_id, q.refs, q.status_key) for q in fw.questions]) for fw in context.frameworks] == [
        ("ai-act", [("gov.training", ("AI Act Art. 4",), "gap"),            # "I don't know" is a gap
                    ("priv.dpia", ("AI Act Art. 26(9)",), "partial"),
                    ("agent.oversight", ("AI Act Art. 26(6)",), "not_applicable")]),
        ("gdpr", [("priv.dpa", ("GDPR Art. 28",), "not_applicable"), ("priv.dpia", ("GDPR Art. 35",), "partial")]),
        ("iso42001", [("gov.lead", ("ISO/IEC 42001 5.3",), "partial")]),
        ("nist-ai-rmf", [("gov.lead", ("NIST AI RMF GOVERN 2.1",), "partial")]),
        ("owasp-llm", [("gov.genai", ("OWASP LLM01",), None),               # informational: no status
                       ("gov.injection", ("OWASP LLM01",), "not_applicable")]),  # ask_if false
        ("owasp-agentic", [("agent.oversight", ("OWASP ASI01",), "not_applicable")]),
        ("code-travail", [("work.cse", ("Code du travail L.2312-8",), "not_answered")]),
    ]
    ai_act = context.frameworks[0]
    assert [q.answer for q in ai_act.questions] == ["I don't know", "Partly", "Not applicable"]
    assert [q.status for q in ai_act.questions] == ["gap", "partial", "not applicable"]
    assert context.frameworks[4].questions[1].answer == "Not asked — condition not met"
    # Related actions: recommendations that apply and cite the framework, in the report's rank.
    assert [[(a.recommendation.id, a.refs) for a in fw.actions] for fw in context.frameworks[:3]] == [
        [("training", ("AI Act Art. 4",))], [("dpia", ("GDPR Art. 35",))], [("lead", ("ISO/IEC 42001 5.3",))]]
    assert context.sections[-1] == ("frameworks", 9, "Appendix: frameworks")
    assert [fw.name for fw in fw_context(frameworks_result, "fr").frameworks][:2] == [
        "AI Act (règlement (UE) 2024/1689 sur l'IA)", "RGPD (règlement (UE) 2016/679)"]


def test_met_status_and_fr_statuses(write) -> None:
    answers = write("met.yaml", FRAMEWORKS_ANSWERS.read_text(encoding="utf-8").replace("gov.lead: part", "gov.lead: lead")
                    .replace("gov.training: unknown", 'gov.training: "no"'))
    context = fw_context(result_for(answers, FRAMEWORKS), "fr")
    iso = next(fw for fw in context.frameworks if fw.scheme == "iso42001")
    assert [(q.status_key, q.status) for q in iso.questions] == [("met", "satisfait")]
    assert [(q.status_key, q.status) for q in context.frameworks[0].questions][:1] == [("gap", "écart")]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_frameworks_appendix_rendered(frameworks_result, lang: str) -> None:
    intro = {"en": "This mapping to frameworks is indicative: it is neither a compliance assessment nor legal advice.",
             "fr": f"Cette correspondance avec les référentiels est indicative{NNBSP}: ce n'est ni une évaluation "
                   "de conformité ni un avis juridique."}[lang]
    title = {"en": "9. Appendix: frameworks", "fr": f"9. Annexe{NNBSP}: référentiels"}[lang]
    md = render_report(frameworks_result, "md", lang, today=TODAY, tool_version="x")
    appendix = md.split(f"## {title}\n", 1)[1]
    assert appendix.lstrip().startswith(f"*{intro}*")
    headings = [line[4:] for line in appendix.splitlines() if line.startswith("### ")]
    assert [h.split(" (")[0] for h in headings] == (
        ["AI Act", "GDPR", "ISO/IEC 42001", "NIST AI RMF", "OWASP Top 10 for LLM Applications",
         "OWASP Top 10 for Agentic Applications", "Code du travail"] if lang == "en" else
        ["AI Act", "RGPD", "ISO/IEC 42001", "NIST AI RMF", "OWASP Top 10 for LLM Applications",
         "OWASP Top 10 for Agentic Applications", "Code du travail"])
    row = {"en": "| AI Act Art. 4 | Are your teams trained in AI? | I don't know | **gap** |",
           "fr": f"| AI Act art. 4 | Vos équipes sont-elles formées à l'IA{NNBSP}? | Je ne sais pas | **écart** |"}[lang]
    assert row in appendix
    assert {"en": "| OWASP LLM01 | Do you use generative AI? | No | (context, not scored) |",
            "fr": f"| OWASP LLM01 | Utilisez-vous l'IA générative{NNBSP}? | Non | (contexte, non noté) |"}[lang] in appendix
    html = render_report(frameworks_result, "html", lang, today=TODAY, tool_version="x")
    page = outline(html)
    assert [a["id"] for a in page.find("section")] == SECTION_IDS + ["frameworks"]
    assert f'<h2 id="h-frameworks">{title}</h2>' in html
    assert f'<p class="callout warn" role="note">{intro.replace(chr(39), "&#39;")}</p>' in html
    assert [a["id"] for t, a in page.tags if t == "h3" and a.get("id", "").startswith("framework-")] == [
        "framework-ai-act", "framework-gdpr", "framework-iso42001", "framework-nist-ai-rmf", "framework-owasp-llm",
        "framework-owasp-agentic", "framework-code-travail"]
    assert html.count('<span class="status gap">') == 1 and html.count('<span class="status not-applicable">') == 4
    assert '<a href="#rec-training">' in html.split('id="frameworks"', 1)[1]


def test_no_frameworks_appendix_without_refs(trio_html: str) -> None:
    context = build_report_context(result_for(TRIO_ANSWERS, TRIO), "en", today=TODAY, tool_version="x")
    assert context.frameworks == () and len(context.sections) == 8
    md = render(TRIO_ANSWERS, TRIO, "md", "en")
    assert "frameworks" not in md.lower() and "\n9. " not in md and "## 9." not in md
    assert 'id="frameworks"' not in trio_html and "référentiels" not in trio_html


def test_frameworks_appendix_escapes_questionnaire_text(write) -> None:
    hostile = FRAMEWORKS.read_text(encoding="utf-8").replace(
        'en: "Who leads AI?"', 'en: "<script>alert(1)</script> {{ 7*7 }} | [x](javascript:alert(1))"')
    questionnaire = write("hostile-fw.yaml", hostile)
    result = result_for(FRAMEWORKS_ANSWERS, questionnaire)
    html = render_report(result, "html", "en", today=TODAY, tool_version="x")
    assert "<script" not in html
    assert "<td>&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} | [x](javascript:alert(1))</td>" in html.split('id="frameworks"')[1]
    md = render_report(result, "md", "en", today=TODAY, tool_version="x")
    assert r"| ISO/IEC 42001 5.3 | \<script\>alert(1)\</script\> {{ 7\*7 }} \| \[x\](javascript:alert(1)) |" in md


# --------------------------------------------------------------------------------------------
# HTML structure
# --------------------------------------------------------------------------------------------
class Outline(HTMLParser):
    """Collects what the structure tests look at."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def trio_html() -> str:
    return render(TRIO_ANSWERS, TRIO, "html", "fr")


def test_html_structure(trio_html: str) -> None:
    page = outline(trio_html)
    assert page.find("html")[0]["lang"] == "fr"
    assert [m["content"] for m in page.find("meta", **{"http-equiv": "Content-Security-Policy"})] == [CSP]
    assert len(page.find("h1")) == 1
    sections = [a["id"] for a in page.find("section")]
    assert sections == SECTION_IDS
    headings = [a["id"] for t, a in page.tags if t == "h2" and a.get("id", "").startswith("h-")]
    assert headings == [f"h-{s}" for s in SECTION_IDS]
    svg = page.find("svg", role="img")
    assert len(svg) == 1 and svg[0]["aria-labelledby"] == "chart-title chart-desc"
    assert len(page.find("polygon")) == 6  # five rings and the scores
    for t, attrs in page.tags:
        if t == "th":
            assert attrs.get("scope") in ("col", "row", "rowgroup")  # rowgroup: a month of the plan
    assert "<script" not in trio_html
    # Nothing loads from outside: every src is a data: URL; hrefs are in-page anchors or links to click.
    for t, attrs in page.tags:
        assert not (attrs.get("src") or "data:").startswith(("http", "//", "file")), (t, attrs)
        if "href" in attrs and t != "link":
            assert t == "a" and attrs["href"].startswith(("#", "https://", "http://")), (t, attrs)
    assert [a["href"] for a in page.find("link")] == ["data:,"]
    assert all(a["src"].startswith("data:") for a in page.find("img"))


def test_html_content_order_and_typography(trio_html: str) -> None:
    text = "".join(outline(trio_html).text)
    body = text.split("rien n'a été envoyé nulle part.", 1)[1]  # after the cover and its contents
    order = ["2. Scores par domaine", "3. Ce qui a fait baisser chaque score",
             "4. Recommandations", "5. Plan d'action", "6. Veille réglementaire", "7. Méthode", "8. Annexe"]
    positions = [body.index(item) for item in order]
    assert positions == sorted(positions)
    # The header and the summary come first, then the contents and the detail.
    assert text.index("Trio & Fils") < text.index("1. Synthèse") < text.index("Sommaire")
    assert f"Vos équipes sont-elles formées{NNBSP}?" in text
    assert f"Réponse{NNBSP}:" in text
    assert "Ce rapport n'est pas un avis juridique." in text
    assert "ia-maturity 0.0.0-golden" in text


def test_bar_chart_for_fewer_than_three_domains() -> None:
    html = render(ACME, MINI, "html", "en")
    page = outline(html)
    assert len(page.find("svg", role="img")) == 1
    assert len(page.find("rect")) == 2


def test_cover_page_numbers_and_print_rules(trio_html: str) -> None:
    assert "size: A4;" in trio_html
    assert 'counter(page) " / " counter(pages)' in trio_html
    assert "section.major { break-before: page; }" in trio_html
    assert "print-color-adjust: exact" in trio_html


# --------------------------------------------------------------------------------------------
# Escaping of what clients write
# --------------------------------------------------------------------------------------------
def test_html_escapes_hostile_answers() -> None:
    html = render(HOSTILE, MINI, "html")
    body = html.split("<body>", 1)[1]
    assert "<script" not in html
    assert "<img src=x" not in body and "onerror=alert(1)>" not in body
    assert "<b>bold</b>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} **Evil** [x](javascript:alert(1)) &amp; Co" in body
    assert "{{ &#39;&#39;.__class__.__mro__ }}" in body
    assert "{% raw %}{{ config }}{% endraw %}" in body
    assert "49" not in "".join(outline(body).text).replace("0.0.0-golden", "")
    # In the page title too, and in the CSS footer, where it is a CSS escape.
    assert "<title>Évaluation de la maturité IA — &lt;script&gt;" in html
    footer = re.search(r"@bottom-left \{ content: (\"[^\"]*\");", html).group(1)
    assert "<" not in footer and "\\3c " in footer


def test_markdown_escapes_hostile_answers() -> None:
    md = render(HOSTILE, MINI, "md")
    assert md.splitlines()[0] == (
        r"# Évaluation de la maturité IA — \<script\>alert(1)\</script\> {{ 7\*7 }} \*\*Evil\*\* \[x\](javascript:alert(1)) &amp; Co"
    )
    assert f"  - Note{NNBSP}: *\\# Not a heading - not a list \\| not \\| a table \\|*" in md
    assert "<" not in re.sub(r'<a id="rec-[a-z-]+"></a>', "", md).replace("\\<", "").replace("<br>", "").replace("(<https", "")


# --------------------------------------------------------------------------------------------
# Branding
# --------------------------------------------------------------------------------------------
def test_branding(write, tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(PNG)
    brand_file = write("brand.yaml", """
        consultant: "Conseil <Durand> & Associés"
        logo: logo.png
        primary_color: "#ffcc00"
        footer: 'Confidentiel"; } body { display: none } /*'
    """)
    brand = load_brand(brand_file)
    assert brand.logo_data_uri == "data:image/png;base64," + base64.b64encode(PNG).decode()
    assert brand.primary_color == "#ffcc00"
    html = render(ACME, MINI, "html", "fr", brand=brand)
    page = outline(html)
    assert page.find("img", **{"class": "logo"})[0]["src"] == brand.logo_data_uri
    assert "Conseil &lt;Durand&gt; &amp; Associés" in html
    assert "--primary: #ffcc00;" in html
    assert f"--primary-text: {brand.text_color};" in html and brand.text_color != "#ffcc00"
    footer = re.search(r"@bottom-left \{ content: (\"[^\"]*\");", html).group(1)
    assert footer.startswith('"Confidentiel\\22 \\3b  \\7d  body \\7b  display\\3a  none')
    assert "body { display: none }" not in html


def test_branding_errors_are_located(write, tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(b"not an image")
    brand_file = write("brand.yaml", """
        consultant: Durand
        primary_color: red
        logo: logo.png
        colour: "#000"
    """)
    with pytest.raises(Exception) as caught:
        load_brand(brand_file)
    assert [str(p).replace(str(tmp_path), "T") for p in caught.value.problems] == [
        "T/brand.yaml:4: branding: unknown key 'colour' (allowed: consultant, logo, primary_color, footer)",
        "T/brand.yaml:2: branding: primary_color must be #rgb or #rrggbb (got 'red')",
        "T/brand.yaml:3: branding: logo logo.png is not a PNG, JPEG, GIF, WebP or SVG image",
    ]


# --------------------------------------------------------------------------------------------
# Template overrides and the sandbox
# --------------------------------------------------------------------------------------------
def test_template_dir_overrides_a_template(tmp_path: Path) -> None:
    (tmp_path / "report.md.j2").write_text("Custom for {{ report.cover.organisation }}: {{ report.summary.score }}\n", encoding="utf-8")
    md = render(HOSTILE, MINI, "md", template_dir=tmp_path)
    assert md == "Custom for \\<script\\>alert(1)\\</script\\> {{ 7\\*7 }} \\*\\*Evil\\*\\* \\[x\\](javascript:alert(1)) &amp; Co: 0,0\n"


def test_template_dir_partial_override_keeps_the_rest(tmp_path: Path) -> None:
    (tmp_path / "report.css.j2").write_text("body { color: {{ report.brand.primary_color }}; }\n", encoding="utf-8")
    html = render(ACME, MINI, "html", template_dir=tmp_path)
    assert "body { color: #1d4e89; }" in html
    assert '<section class="summary" id="summary"' in html


@pytest.mark.parametrize("source", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ report.__class__.__init__.__globals__ }}",
    "{{ report.t.update({'x': 1}) }}",
])
def test_sandbox_refuses_python_internals(tmp_path: Path, run, source: str) -> None:
    (tmp_path / "report.html.j2").write_text(source, encoding="utf-8")
    output = tmp_path / "out.html"
    result = run("report", ACME, "-q", MINI, "-o", output, "--template-dir", tmp_path)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{tmp_path / 'report.html.j2'}:1: template error: refused by the sandbox: ")
    assert result.stderr.count("\n") == 1
    assert not output.exists()


def test_template_syntax_error_is_located(tmp_path: Path, run) -> None:
    (tmp_path / "report.md.j2").write_text("line one\n{% for %}\n", encoding="utf-8")
    result = run("report", ACME, "-q", MINI, "-o", tmp_path / "out.md", "--template-dir", tmp_path)
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path / 'report.md.j2'}:2: template error: Expected an expression, got 'end of statement block'\n"


def test_unknown_name_in_template_fails_cleanly(tmp_path: Path, run) -> None:
    (tmp_path / "report.md.j2").write_text("{{ report.nothing_here }}\n", encoding="utf-8")
    result = run("report", ACME, "-q", MINI, "-o", tmp_path / "out.md", "--template-dir", tmp_path)
    assert result.exit_code == 1
    assert result.stderr == (f"{tmp_path / 'report.md.j2'}:1: template error: "
                             "'ia_maturity.report.context.ReportContext object' has no attribute 'nothing_here'\n")


# --------------------------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------------------------
def test_command_writes_html_from_the_suffix(tmp_path: Path, run) -> None:
    output = tmp_path / "acme.html"
    result = run("report", ACME, "-q", MINI, "-o", output)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"Wrote {output} (html, ")
    assert output.read_text(encoding="utf-8").startswith("<!DOCTYPE html>\n<html lang=\"en\">")


def test_command_defaults_to_markdown_and_honours_lang(tmp_path: Path, run) -> None:
    output = tmp_path / "acme.txt"
    result = run("report", ACME, "-q", MINI, "-o", output, "--lang", "fr")
    assert result.exit_code == 0, result.stderr
    assert output.read_text(encoding="utf-8").startswith("# Évaluation de la maturité IA — Acme SARL\n")


def test_command_rejects_a_language_the_questionnaire_lacks(tmp_path: Path, run) -> None:
    result = run("report", ACME, "-q", MINI, "-o", tmp_path / "x.md", "--lang", "de")
    assert result.exit_code == 1
    assert result.stderr == "error: --lang de: questionnaire 'mini' is written in fr, en\n"


def test_invalid_answers_get_located_errors_and_nothing_is_written(write, tmp_path: Path, run) -> None:
    bad = write("bad.yaml", """
        format: 1
        questionnaire: {id: mini}
        answers:
          role: boss
          nope: 1
    """)
    output = tmp_path / "out.html"
    result = run("report", bad, "-q", MINI, "-o", output)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{bad}:4: question 'role': unknown option 'boss' (allowed: unknown, nobody, part_time, dedicated)\n"
        f"{bad}:5: unknown question 'nope' (not in questionnaire 'mini')\n"
    )
    assert not output.exists()
    score = run("score", bad, "-q", MINI)
    assert score.stderr.startswith(result.stderr)


def test_output_never_replaces_the_input(tmp_path: Path, run) -> None:
    answers = tmp_path / "acme.yaml"
    answers.write_bytes(ACME.read_bytes())
    result = run("report", answers, "-q", MINI, "-o", answers, "--format", "md")
    assert result.exit_code == 1
    assert result.stderr == f"error: --output {answers} is an input file; choose another name\n"
    assert answers.read_bytes() == ACME.read_bytes()


def test_failed_rendering_keeps_the_previous_output(tmp_path: Path, run) -> None:
    output = tmp_path / "out.md"
    output.write_text("previous\n", encoding="utf-8")
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "report.md.j2").write_text("{{ nothing }}", encoding="utf-8")
    result = run("report", ACME, "-q", MINI, "-o", output, "--template-dir", tmp_path / "tpl")
    assert result.exit_code == 1
    assert output.read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.md", "tpl"]


def test_pdf_without_weasyprint_says_how_to_install(tmp_path: Path, run, monkeypatch: pytest.MonkeyPatch) -> None:
    import ia_maturity.report.render as report_module

    monkeypatch.setattr(report_module, "weasyprint_available", lambda: False)
    output = tmp_path / "acme.pdf"
    result = run("report", ACME, "-q", MINI, "-o", output)
    assert result.exit_code == 1
    assert result.stderr == "error: PDF output needs WeasyPrint: pip install 'ia-maturity[pdf]' (in a checkout: pip install '.[pdf]')\n"
    assert PDF_INSTALL_HINT in result.stderr
    assert not output.exists()


def test_bad_format_is_a_usage_error(tmp_path: Path, run) -> None:
    result = run("report", ACME, "-q", MINI, "-o", tmp_path / "x", "--format", "odt")
    assert result.exit_code == 2
    assert "'odt' is not one of md, html, pdf" in result.stderr


def test_help_has_examples(run) -> None:
    result = run("report", "--help")
    assert result.exit_code == 0
    assert "ia-maturity report acme.yaml --output acme-report.html" in result.stdout
    for option in ("--questionnaire", "--lang", "--format", "--output", "--brand", "--template-dir", "--detail",
                   "--per-month", "--target"):
        assert option in result.stdout


def test_version_does_not_import_jinja2() -> None:
    code = "import sys; from ia_maturity.cli import main; sys.argv=['ia-maturity','--version']\n" \
           "try:\n    main()\nexcept SystemExit:\n    pass\nprint('jinja2' in sys.modules, 'weasyprint' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "False False"


# --------------------------------------------------------------------------------------------
# Issue 9: the executive summary first, --detail, the paced plan, --target, the suffix rule
# --------------------------------------------------------------------------------------------
MANY = REPORT_FIXTURES / "many.yaml"
MANY_ANSWERS = REPORT_FIXTURES / "many-answers.yaml"
TRIO_ZERO = REPORT_FIXTURES / "trio-zero-answers.yaml"
SUMMARY_WORDS = {
    "en": ("## 1. Executive summary", "### Red lines crossed", "### Priority actions", "### What to do next"),
    "fr": ("## 1. Synthèse", "### Lignes rouges franchies", "### Actions prioritaires", "### Et maintenant"),
}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_summary_markdown_is_the_start_of_the_full_report(lang: str) -> None:
    summary = render(ACME, MINI, "md", lang, detail="summary")
    full = render(ACME, MINI, "md", lang)
    for words in SUMMARY_WORDS[lang]:
        assert words in summary
    # Nothing of the detail in the summary; the full report starts with exactly the same text.
    assert "## 2." not in summary and "Appendix" not in summary and "Annexe" not in summary
    head = summary.rsplit("\n*", 1)[0]  # the last line of a summary report says it was produced offline
    assert full.startswith(head)
    assert full[len(head):].lstrip("\n").startswith({"en": "**Contents**", "fr": "**Sommaire**"}[lang])
    badge = {"en": "**Level 1 · Managed — 20.8/100**", "fr": "**Niveau 1 · Géré — 20,8/100**"}[lang]
    assert badge in summary
    figures = {"en": "**Scores by domain:** Governance 12.5; Data 37.5", "fr": f"**Scores par domaine{NNBSP}:** Gouvernance 12,5{NNBSP}; Données 37,5"}[lang]
    assert figures in summary


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_summary_html_is_the_start_of_the_full_report(lang: str) -> None:
    summary = render(TRIO_ANSWERS, TRIO, "html", lang, detail="summary")
    full = render(TRIO_ANSWERS, TRIO, "html", lang)
    section = re.compile(r'<section class="summary" id="summary".*?</section>', re.S)
    assert section.search(summary).group(0) == section.search(full).group(0)
    page = outline(summary)
    assert [a["id"] for a in page.find("section")] == ["summary"]
    assert len(page.find("svg", role="img")) == 1  # the radar is in the summary
    assert "<nav" not in summary and 'id="appendix"' not in summary
    # In the full report: header, summary, contents, then the detail sections.
    assert full.index('id="cover"') < full.index('id="summary"') < full.index('class="contents"') < full.index('id="scores"')
    assert full.count("<svg") == 1  # the chart is drawn once


def test_top_actions_follow_the_one_rank() -> None:
    for example in EXAMPLE_FILES:
        result = result_for(example)
        context = build_report_context(result, "en", today=TODAY, tool_version="x")
        expected = [r.id for r in rank_recommendations(result)[:5]]
        assert [a.id for a in context.summary.top_actions] == expected, example.name
        assert [a.rank for a in context.summary.top_actions] == list(range(1, len(expected) + 1))
        # The same one rank in every list: recommendations, plan, quick wins.
        ranked = [r.id for r in rank_recommendations(result)]
        assert [i.id for i in context.recommendations] == ranked
        assert [i.id for b in context.plan for i in b.items] == ranked
        for row in context.quick_wins.rows:
            for cell in row.cells:
                assert [i.id for i in cell] == [r for r in ranked if r in {i.id for i in cell}]


def test_top_action_why_and_when() -> None:
    context = build_report_context(result_for(TRIO_ANSWERS, TRIO), "en", today=TODAY, tool_version="x")
    assert [(a.title, a.why, a.when, a.red_line) for a in context.summary.top_actions] == [
        ("Sign a processor agreement", "Required by Article 28.", f"Start 27{NBSP}February 2026 · due 28{NBSP}May 2026", True),
        ("Train your teams", "The AI literacy duty applies since 2 February 2025.", f"Start 27{NBSP}February 2026 · due 29{NBSP}March 2026", False),
        ("Keep an inventory", "A simple list is enough.", f"Start 27{NBSP}February 2026 · due 15{NBSP}September 2026", False),
    ]
    assert context.summary.top_intro == "All 3 actions, in the order of the ranking."


def test_summary_cuts_long_texts_sensibly() -> None:
    from ia_maturity.report.context import (
        SUMMARY_TITLE_CHARS,
        SUMMARY_WHY_CHARS,
        first_sentence,
        shorten,
    )

    assert first_sentence("Do this now. Then that.", 100) == "Do this now."
    assert first_sentence("See Art. 28 and e.g. this. Next one.", 100) == "See Art. 28 and e.g. this."
    assert shorten("word " * 40, 30) == "word word word word word…"
    assert shorten(f"a{NNBSP}: b", 10) == f"a{NNBSP}: b"  # no-break spaces are kept
    context = build_report_context(result_for(MANY_ANSWERS, MANY), "en", today=TODAY, tool_version="x")
    assert len(context.summary.top_actions) == 5
    for a in context.summary.top_actions:
        assert len(a.title) <= SUMMARY_TITLE_CHARS and a.title.endswith("…")
        assert len(a.why) <= SUMMARY_WHY_CHARS
    assert len(context.summary.red_lines) == 15  # every red line, each one sentence
    assert all(r.text.count(". ") == 0 and r.text.endswith(".") for r in context.summary.red_lines)
    assert context.summary.coverage_warning.startswith("Coverage is below 80% for Domain 4")
    assert "and 0 more" not in context.summary.coverage_warning


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_red_line_listed_when_the_level_was_already_zero(lang: str) -> None:
    """trio-zero: score 0 (level 0) and dpa "no", which caps overall at 0: it lowers nothing."""
    result = result_for(TRIO_ZERO, TRIO)
    assert result.level == 0 and not result.caps
    assert red_lines_crossed(result.questionnaire, result.effective_answers) == [("dpa", "no")]
    md = render(TRIO_ZERO, TRIO, "md", lang, detail="summary")
    expected = {
        "en": "- “No” to “Do you have a processor agreement?”: the overall level capped at level 0 (already at 0); "
              "nothing lowered, but still to act on.",
        "fr": f"- «{NNBSP}Non{NNBSP}» à «{NNBSP}Avez-vous un contrat de sous-traitance{NNBSP}?{NNBSP}»{NNBSP}: le niveau global "
              f"plafonné au niveau 0 (déjà au niveau 0){NNBSP}; rien d'abaissé, mais à traiter.",
    }[lang]
    assert expected in md.splitlines()
    html = render(TRIO_ZERO, TRIO, "html", lang, detail="summary")
    assert html.count('<ul class="red-lines">') == 1 and html.count("<li>“No”") + html.count(f"<li>«{NNBSP}Non") == 1


def test_summary_coverage_warning_and_next_steps(write) -> None:
    answers = write("partial.yaml", """
        format: 1
        questionnaire: {id: mini}
        respondent: {organisation: Partial, date: "2026-03-01"}
        answers: {role: dedicated, consumer: never}
    """)
    context = build_report_context(result_for(answers, MINI), "en", today=TODAY, tool_version="x")
    assert context.summary.coverage_warning == (
        "Coverage is below 80% for the assessment as a whole (33%), Governance (25%), Data (50%): the scores there rest "
        "on few answers; answer the missing questions before relying on them.")
    assert context.summary.next_steps == (
        f"Start the action on 1{NBSP}March 2026; it is due on 28{NBSP}August 2026.",  # keep-going: 180 days
        "Questions without an answer: 2. Answer them to firm up the scores.",
        f"Take the questionnaire again in six months, around 30{NBSP}August 2026, to measure progress.",
    )
    # No empty "strongest / weakest" headings when a single domain has a score.
    one = write("one.yaml", """
        format: 1
        questionnaire: {id: mini}
        answers: {role: dedicated}
    """)
    md = render(one, MINI, "md", "en")
    assert "### Strongest domains" in md and "### Weakest domains" not in md


def test_domain_table_has_an_overall_row() -> None:
    md = render(ACME, MINI, "md", "en")
    assert "| **Overall** | **20.8** | **1 · Managed** | **100%** | **no** |" in md
    html = render(ACME, MINI, "html", "fr")
    assert ('<tfoot>\n<tr class="overall"><th scope="row">Ensemble</th><td class="num">20,8</td><td>1 · Géré</td>'
            f'<td class="num">100{NNBSP}%</td><td>non</td></tr>\n</tfoot>') in html


def test_every_score_shown_follows_the_display_rule(write) -> None:
    """19.96 is shown 19.9 (toward zero), 19,9 in French: badge, sentence, chart label and alt
    text, table, domain sections, target status."""
    answers = write("rounding.yaml", """
        format: 1
        questionnaire: {id: trio}
        respondent: {organisation: Arrondi, date: "2026-03-01"}
        answers: {training: "yes", dpa: "yes", inventory: "yes", review: "no"}
    """)
    result = result_for(answers, TRIO)
    tools = result.domains_by_id["tools"].score
    assert tools is not None and 33.3 < tools < 33.4
    for lang, shown in (("en", "33.3"), ("fr", "33,3")):
        html = render(answers, TRIO, "html", lang, target=1)
        svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]
        assert f">{shown}</tspan>" in svg and f" {shown}" in svg.split("<desc", 1)[1].split("</desc>", 1)[0]
        assert f'<td class="num">{shown}</td>' in html
        assert f"{shown}/100" in html.split('id="domains"', 1)[1]
        assert f"{shown}" in html.split('id="targets"', 1)[1]
        assert "33.33" not in html and "33,33" not in html


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_target_text_and_links(lang: str) -> None:
    """Acme, --target 2 (min 40). Governance (12.5): nothing caps it; improve budget (weight 3)
    first, which alone brings it to 87.5. Data (37.5, capped to 0 by consumer: often): change
    consumer, then improve consumer. budget is addressed by fund (action 2), consumer by protect
    (action 1, a red line first)."""
    context = build_report_context(result_for(ACME, MINI), lang, today=TODAY, tool_version="x", target=2)
    tg = context.targets
    assert [(d.domain_id, d.sentence_key, [q.question_id for q in d.change], [q.question_id for q in d.improve],
             [(q.action_id, q.action_rank) for q in d.change + d.improve]) for d in tg.domains] == [
        ("gov", "target_improve", [], ["budget"], [("fund", 2)]),
        ("data", "target_change_improve", ["consumer"], ["consumer"], [("protect", 1), ("protect", 1)]),
    ]
    md = render(ACME, MINI, "md", lang, target=2)
    expected = {
        "en": ("## 6. Reaching level 2",
               "To reach level 2 in this domain, improve [Do you have an AI budget?](#rec-fund) (action 2).",
               "To reach level 2 in this domain, first change [Client data in consumer chatbots?](#rec-protect) (action 1), "
               "then improve [Client data in consumer chatbots?](#rec-protect) (action 1).",
               "*Today: level 0 (Initial), score 12.5; level 2 starts at 40.*"),
        "fr": ("## 6. Atteindre le niveau 2",
               f"Pour atteindre le niveau 2 dans ce domaine, améliorez [Avez-vous un budget IA{NNBSP}?](#rec-fund) (action 2).",
               f"Pour atteindre le niveau 2 dans ce domaine, changez d'abord [Données clients dans des chatbots grand public{NNBSP}?](#rec-protect) "
               f"(action 1), puis améliorez [Données clients dans des chatbots grand public{NNBSP}?](#rec-protect) (action 1).",
               f"*Aujourd'hui{NNBSP}: niveau 0 (Initial), score 12,5{NNBSP}; le niveau 2 commence à 40.*"),
    }[lang]
    for line in expected:
        assert line in md.splitlines(), line
    assert '<a id="rec-fund"></a>' in md and '<a id="rec-protect"></a>' in md  # the links' targets
    html = render(ACME, MINI, "html", lang, target=2)
    targets = html.split('id="targets"', 1)[1].split("</section>", 1)[0]
    assert targets.count('<a href="#rec-protect">') == 2 and targets.count('<a href="#rec-fund">') == 1
    assert html.index('id="plan"') < html.index('id="targets"') < html.index('id="regulatory"')
    # In a summary report the target section follows the summary, without links to absent sections.
    summary = render(ACME, MINI, "html", lang, target=2, detail="summary")
    assert 'id="targets"' in summary and '<a href="#rec-' not in summary


def test_target_lists_unanswered_questions(write) -> None:
    answers = write("half.yaml", """
        format: 1
        questionnaire: {id: mini}
        respondent: {organisation: Half, date: "2026-03-01"}
        answers: {role: nobody, consumer: never}
    """)
    context = build_report_context(result_for(answers, MINI), "en", today=TODAY, tool_version="x", target=3)
    gov = next(d for d in context.targets.domains if d.domain_id == "gov")
    assert [q.question_id for q in gov.change] == ["role"] and [q.question_id for q in gov.unanswered] == ["budget"]
    md = render(answers, MINI, "md", "en", target=3)
    assert "**Unanswered:** Do you have an AI budget?" in md


def test_target_level_the_questionnaire_lacks(tmp_path: Path, run) -> None:
    result = run("report", ACME, "-q", MINI, "-o", tmp_path / "x.md", "--target", "7")
    assert result.exit_code == 1
    assert result.stderr == "error: --target 7: level 7 is not one of the questionnaire's levels (0, 1, 2, 3, 4)\n"
    assert not (tmp_path / "x.md").exists()


def test_command_detail_per_month_and_target(tmp_path: Path, run) -> None:
    output = tmp_path / "acme.md"
    result = run("report", ACME, "-q", MINI, "-o", output, "--detail", "summary", "--per-month", "1", "--target", "2")
    assert result.exit_code == 0, result.stderr
    text = output.read_text(encoding="utf-8")
    assert "## 1. Executive summary" in text and "## 2. Reaching level 2" in text and "Appendix" not in text
    assert f"the plan paces the 3 actions at 1 a month, the last one starting on 1{NBSP}January 2027" in text
    assert run("report", ACME, "-q", MINI, "-o", output, "--per-month", "0").exit_code == 2
    assert run("report", ACME, "-q", MINI, "-o", output, "--detail", "short").exit_code == 2


@pytest.mark.parametrize(("name", "fmt"), [("x.html", "md"), ("x.pdf", "html"), ("x.md", "html"), ("x.HTM", "pdf")])
def test_suffix_contradicting_the_format_is_a_usage_error(tmp_path: Path, run, name: str, fmt: str) -> None:
    output = tmp_path / name
    result = run("report", ACME, "-q", MINI, "-o", output, "--format", fmt)
    assert result.exit_code == 2
    assert f"names a {ReportFormat(format_for_output(output, None)).value} file but --format is {fmt}" in result.stderr
    assert not output.exists()


def test_unknown_suffix_writes_markdown_and_says_so(tmp_path: Path, run) -> None:
    output = tmp_path / "acme.txt"
    result = run("report", ACME, "-q", MINI, "-o", output)
    assert result.exit_code == 0
    assert result.stderr.startswith("note: --output acme.txt has suffix '.txt'; writing Markdown (known suffixes: .md, .markdown, .html, .htm, .pdf")
    assert output.read_text(encoding="utf-8").startswith("# ")
    quiet = run("report", ACME, "-q", MINI, "-o", tmp_path / "acme2.txt", "--format", "md")
    assert quiet.exit_code == 0 and "note:" not in quiet.stderr
