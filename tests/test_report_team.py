"""Team reports, --previous, --benchmark, --output-dir batches and the template sandbox (issues 10, 12, 13).

Golden files live in tests/golden/team/; refresh them after an intended change, then review the diff:

    IA_MATURITY_UPDATE_GOLDEN=1 python -m pytest tests/test_report_team.py -k golden
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from ia_maturity.analysis.cohort import compare_with_pack, load_pack
from ia_maturity.analysis.rounds import compare_rounds, round_of
from ia_maturity.analysis.team import pool_results
from ia_maturity.batch import score_file
from ia_maturity.report.i18n import NNBSP
from ia_maturity.report.render import render_report

TESTS = Path(__file__).parent
ROOT = TESTS.parent
EXAMPLES = ROOT / "examples"
TEAM = EXAMPLES / "team"
SMALL_TEAM = TESTS / "fixtures" / "report" / "team-small"
ROUND_1 = EXAMPLES / "rounds" / "sillons-2026-11.yaml"
ROUND_2 = EXAMPLES / "rounds" / "sillons-2027-05.yaml"
ROUND_3 = TESTS / "fixtures" / "report" / "rounds" / "sillons-2027-11.yaml"
PACK = EXAMPLES / "cohort" / "pack.json"
FIRM = EXAMPLES / "cohort" / "answers" / "firm-00001.yaml"
MINI = TESTS / "fixtures" / "mini.yaml"
ACME = TESTS / "fixtures" / "acme.yaml"
GOLDEN = TESTS / "golden" / "team"
UPDATE = os.environ.get("IA_MATURITY_UPDATE_GOLDEN") == "1"
TODAY = dt.date(2026, 6, 15)
VERSION = "0.0.0-golden"


def scored(path: Path):
    return score_file(path, str(path), None)


def team_of(folder: Path, min_group: int = 3):
    return pool_results([scored(p) for p in sorted(folder.glob("*.yaml"))], min_group)


def team_report(folder: Path, fmt: str, lang: str, min_group: int = 3, **kwargs) -> str:
    team = team_of(folder, min_group)
    return render_report(team.result, fmt, lang, team=team.extras, today=TODAY, tool_version=VERSION, **kwargs)


def rounds_report(paths: list[Path], fmt: str, lang: str, **kwargs) -> str:
    rounds = [round_of(str(p), scored(p)) for p in paths]
    comparison = compare_rounds(rounds)
    return render_report(comparison.last.result, fmt, lang, comparison=comparison, today=TODAY, tool_version=VERSION, **kwargs)


def bench_report(fmt: str, lang: str, pack: Path = PACK, **kwargs) -> str:
    result = scored(FIRM)
    loaded = load_pack(pack)
    bench = compare_with_pack(loaded, result)
    return render_report(result, fmt, lang, benchmark=bench, benchmark_version=loaded.questionnaire_version,
                         today=TODAY, tool_version=VERSION, **kwargs)


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.exists(), f"missing golden file {path}; create it with IA_MATURITY_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file (refresh: IA_MATURITY_UPDATE_GOLDEN=1)"


def section(markdown: str, title: str) -> str:
    """The Markdown from the heading that ends with ``title`` to the next heading of level 2."""
    match = re.search(rf"^## \d+\. {re.escape(title)}\n(.*?)(?=^## |\Z)", markdown, re.S | re.M)
    assert match, f"no section {title!r}"
    return match.group(1)


# --------------------------------------------------------------------------------------------
# Golden files
# --------------------------------------------------------------------------------------------
GOLDEN_CASES = {
    "team-en.md": lambda: team_report(TEAM, "md", "en"),
    "team-small-fr.md": lambda: team_report(SMALL_TEAM, "md", "fr"),
    "progress-3-en.md": lambda: rounds_report([ROUND_1, ROUND_2, ROUND_3], "md", "en"),
    "progress-fr-summary.md": lambda: rounds_report([ROUND_1, ROUND_2], "md", "fr", detail="summary"),
    "benchmark-fr.md": lambda: bench_report("md", "fr"),
}


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_golden_team_progress_benchmark(name: str) -> None:
    check_golden(name, GOLDEN_CASES[name]())


def test_every_team_golden_file_has_a_case() -> None:
    assert {p.name for p in GOLDEN.glob("*.md")} == set(GOLDEN_CASES)


# --------------------------------------------------------------------------------------------
# Team report
# --------------------------------------------------------------------------------------------
def test_team_report_in_english() -> None:
    md = team_report(TEAM, "md", "en")
    assert "- **Respondent:** a team of 6 respondents, pooled" in md
    team = section(md, "The team's answers")
    assert "| Management | 1 |\n| Staff | 5 |\n| **Total** | 6 |" in team
    assert ("- **Does work with AI go through business accounts managed by the company rather than personal accounts?** "
            "(6 answers): I don't know: 0; No: personal accounts (free or paid by staff) are common: 3;") in team
    assert ("— management: “Named business accounts for all, strong authentication, closed on departure; no personal "
            "accounts”; staff: “No: personal accounts (free or paid by staff) are common”") in team
    # Answers are the team's average in words, never anyone's own choice; notes never appear.
    assert "team average ≈ “" in md
    for note in ("Tout le monde a un compte professionnel", "je n'ai jamais vu de cas", "Je pilote moi-même"):
        assert note not in md


def test_team_report_in_french_html() -> None:
    html = team_report(TEAM, "html", "fr")
    assert '<section class="major" id="team" aria-labelledby="h-team">' in html
    assert "<h3>Comment la direction et les salariés le voient</h3>" in html
    assert f"direction{NNBSP}: «{NNBSP}Comptes professionnels nominatifs" in html
    assert f"salariés{NNBSP}: «{NNBSP}Non{NNBSP}: les comptes personnels" in html
    assert '<ul class="option-counts">' in html
    assert "Tout le monde a un compte professionnel" not in html


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_team_with_fewer_than_k_staff_shows_no_staff_figure(fmt: str, lang: str) -> None:
    """One manager and K − 1 = 2 staff: no staff mean, no option count, no note, no one's answer."""
    team = team_of(SMALL_TEAM)
    assert team.extras.respondents["staff"] == 2 and team.extras.divergent
    text = team_report(SMALL_TEAM, fmt, lang)
    too_few = {"en": "too few answers to show", "fr": "trop peu de réponses pour être montré"}[lang]
    assert "NOTE" not in text  # every respondent wrote notes tagged MANAGER-NOTE / STAFF-NOTE-…
    assert '<ul class="option-counts">' not in text
    assert {"en": "staff:", "fr": f"salariés{NNBSP}:"}[lang] not in text
    assert {"en": "How staff see it is not shown: fewer than 3 staff answered.",
            "fr": "La vision des salariés n'est pas montrée : moins de 3 salariés ont répondu.".replace(" :", f"{NNBSP}:")
            }[lang].replace("'", "&#39;" if fmt == "html" else "'") in text
    assert text.count(too_few) >= len(team.extras.divergent) + 10
    # No one's own answer in the findings or the appendix: "common" was chosen by one staff member only.
    question = team.result.questionnaire.questions_by_id["shadow.personal"]
    label = question.options_by_value["common"].label.get_text(lang)
    assert label.replace("'", "&#39;") not in text and label not in text


def test_team_at_k_staff_shows_counts_and_gaps() -> None:
    """The boundary: with --min-group 2, the two staff are K and their figures are shown."""
    md = team_report(SMALL_TEAM, "md", "en", min_group=2)
    team = section(md, "The team's answers")
    assert "*too few answers to show*" not in team
    assert "— management: “Named business accounts" in team and "; staff: “" in team
    assert re.search(r"\(3 answers\): I don't know: 0; .*: 2", team)
    assert "NOTE" not in md


def test_team_command(tmp_path: Path, run) -> None:
    output = tmp_path / "team.html"
    result = run("report", TEAM, "-o", output)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"Wrote {output} (html, team of 6, ")
    html = output.read_text(encoding="utf-8")
    assert 'id="team"' in html and "<script" not in html
    files = sorted(TEAM.glob("*.yaml"))[:3]
    result = run("report", *files, "-o", tmp_path / "three.md", "--min-group", "2", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert "a team of 3 respondents" in (tmp_path / "three.md").read_text(encoding="utf-8")


def test_team_report_of_several_organisations_is_a_usage_error(tmp_path: Path, run) -> None:
    result = run("report", TEAM, ROUND_2, "-o", tmp_path / "x.html")
    assert result.exit_code == 2
    assert "Fiduciaire des Trois Rivières (6 file(s))" in result.stderr and "Sillons Robotique (1 file(s))" in result.stderr
    assert not (tmp_path / "x.html").exists()


def test_team_report_refuses_a_file_without_organisation(tmp_path: Path, run) -> None:
    folder = tmp_path / "team"
    shutil.copytree(SMALL_TEAM, folder)
    text = (folder / "staff-2.yaml").read_text(encoding="utf-8")
    (folder / "staff-2.yaml").write_text(text.replace('  organisation: "Fiduciaire des Trois Rivières"\n', ""), encoding="utf-8")
    result = run("report", folder, "-o", tmp_path / "x.md")
    assert result.exit_code == 1
    assert "staff-2.yaml: no respondent organisation" in result.stderr
    assert not (tmp_path / "x.md").exists()


# --------------------------------------------------------------------------------------------
# Progress
# --------------------------------------------------------------------------------------------
def test_progress_since_the_previous_round() -> None:
    md = rounds_report([ROUND_1, ROUND_2], "md", "en")
    progress = section(md, "Progress since 5\u00a0November 2026")
    assert "| Measure | 5\u00a0November 2026 | 5\u00a0May 2027 | Change |" in progress
    assert "| Governance and a dedicated AI role | 42.7 | 61.8 | +19.1 |" in progress
    assert "| Strategy and use cases | 61.8 | 61.8 | 0.0 |" in progress
    assert "| **Overall** | **48.2** | **56.5** | **+8.3** |" in progress
    assert "- Forbid confidential data in consumer tools, and offer an alternative" in progress
    assert "**Red lines cleared:**\n\n- “Yes, occasionally” to “Is client, personal or confidential data typed into consumer AI tools?”" in progress
    assert "**New red lines:** None." in progress
    assert "Scores at each round" not in md  # two rounds: no chart


def test_progress_in_french() -> None:
    md = rounds_report([ROUND_1, ROUND_2], "md", "fr")
    progress = section(md, "Progrès depuis le 5\u00a0novembre 2026")
    assert "| Mesure | 5\u00a0novembre 2026 | 5\u00a0mai 2027 | Évolution |" in progress
    assert f"**Lignes rouges levées{NNBSP}:**" in progress


def test_progress_chart_from_three_rounds() -> None:
    html = rounds_report([ROUND_3, ROUND_1, ROUND_2], "html", "en")  # ordered by date, whatever the order given
    start = html.index('<figure class="chart progress-chart">')
    chart = html[start:html.index("</figure>", start)]
    assert chart.count("<svg ") == 1 and "<script" not in chart and "href" not in chart
    assert '<title id="progress-chart-title">Scores at each round</title>' in chart
    assert "Overall 48.2 → 56.5 → " in chart
    assert chart.count("<polyline ") >= 3
    assert ">Nov 2026<" in chart and ">May 2027<" in chart
    md = rounds_report([ROUND_1, ROUND_2, ROUND_3], "md", "en")
    assert "Compared with the first of 3 assessments, on 5\u00a0November 2026" in md


def test_progress_chart_escapes_titles(tmp_path: Path) -> None:
    from ia_maturity.report.chart import line_chart

    chart = line_chart(["a", "b", "c"], [("<b>&", [10.0, None, 30.0], "30", True)])
    assert chart.series[0].segments == ()  # a round without a score breaks the line: no two-point segment
    assert len(chart.series[0].points) == 2


def test_previous_command(tmp_path: Path, run) -> None:
    output = tmp_path / "progress.html"
    result = run("report", ROUND_3, "--previous", ROUND_1, "--previous", ROUND_2, "-o", output)
    assert result.exit_code == 0, result.stderr
    assert 'id="progress"' in output.read_text(encoding="utf-8")
    result = run("report", ROUND_1, "--previous", ROUND_2, "-o", tmp_path / "x.md")
    assert result.exit_code == 2
    assert "dated 2027-05-05, after this report's answers (2026-11-05)" in result.stderr
    result = run("report", ROUND_2, "--previous", FIRM, "-o", tmp_path / "x.md")
    assert result.exit_code == 2 and "several organisations" in result.stderr


def test_previous_needs_dates(tmp_path: Path, run) -> None:
    undated = tmp_path / "undated.yaml"
    undated.write_text(ROUND_1.read_text(encoding="utf-8").replace('  date: "2026-11-05"\n', ""), encoding="utf-8")
    result = run("report", ROUND_2, "--previous", undated, "-o", tmp_path / "x.md")
    assert result.exit_code == 1
    assert "undated.yaml: no respondent date" in result.stderr


# --------------------------------------------------------------------------------------------
# Benchmark
# --------------------------------------------------------------------------------------------
def test_benchmark_section() -> None:
    md = bench_report("md", "en")
    bench = section(md, "How you compare")
    assert bench.startswith("\nPeers: Manufacturing, industry (13 firms).\n")
    assert "| Measure | Your score | Among your peers | Peers: p25 · median · p75 |" in bench
    assert re.search(r"\| \*\*Overall\*\* \| \*\*[\d.]+\*\* \| \*\*(below|between|above) ", bench)
    html = bench_report("html", "fr")
    assert '<section class="major" id="benchmark"' in html and "Où vous situez-vous" in html


def test_benchmark_command(tmp_path: Path, run) -> None:
    output = tmp_path / "bench.md"
    result = run("report", FIRM, "--benchmark", PACK, "-o", output)
    assert result.exit_code == 0, result.stderr
    assert "## 2. How you compare" in output.read_text(encoding="utf-8")
    pack = json.loads(PACK.read_text(encoding="utf-8"))
    pack["questionnaire"]["version"] = "1.9"
    older = tmp_path / "older.json"
    older.write_text(json.dumps(pack), encoding="utf-8")
    result = run("report", FIRM, "--benchmark", older, "-o", output)
    assert result.exit_code == 0
    assert result.stderr.startswith(f"warning: {older}: the benchmark pack was built on version 1.9")
    assert "another version of the questionnaire (1.9; these answers: 2.0)" in output.read_text(encoding="utf-8")
    pack["questionnaire"]["id"] = "another-questionnaire"
    other = tmp_path / "other.json"
    other.write_text(json.dumps(pack), encoding="utf-8")
    output.unlink()
    result = run("report", FIRM, "--benchmark", other, "-o", output)
    assert result.exit_code == 1
    assert "is for questionnaire 'another-questionnaire', not 'sme-ai-maturity'" in result.stderr
    assert not output.exists()


# --------------------------------------------------------------------------------------------
# Batch reports
# --------------------------------------------------------------------------------------------
def test_output_dir_writes_one_report_per_file_and_lists_bad_ones(tmp_path: Path, run) -> None:
    answers = tmp_path / "answers"
    (answers / "sub").mkdir(parents=True)
    shutil.copy(FIRM, answers / "acme.yaml")
    shutil.copy(ROUND_1, answers / "sub" / "acme.yaml")
    (answers / "broken.yaml").write_text("format: 1\nquestionnaire: {id: sme-ai-maturity, version: '2.0'}\nanswers: [\n",
                                         encoding="utf-8")
    shutil.copy(ROUND_2, answers / "zeta.yaml")
    out = tmp_path / "reports"
    result = run("report", answers, "--output-dir", out)
    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == ["acme-2.html", "acme.html", "zeta.html"]
    assert "broken.yaml:" in result.stderr
    assert result.stdout.strip().endswith("Wrote 3 report(s) (html) into " + str(out) + "; 1 file(s) failed.")
    assert "Entreprise fictive 00001" in (out / "acme.html").read_text(encoding="utf-8")
    result = run("report", FIRM, ROUND_2, "--output-dir", out, "--format", "md", "--benchmark", PACK)
    assert result.exit_code == 0, result.stderr
    assert "How you compare" in (out / "firm-00001.md").read_text(encoding="utf-8")


def test_output_and_output_dir_are_exclusive(tmp_path: Path, run) -> None:
    assert run("report", FIRM, "-o", tmp_path / "a.md", "--output-dir", tmp_path).exit_code == 2
    assert run("report", FIRM).exit_code == 2
    assert run("report", FIRM, "--output-dir", tmp_path, "--previous", ROUND_1).exit_code == 2


# --------------------------------------------------------------------------------------------
# Sandbox: defect 6 (links) and defect 7 (template errors), issue 12
# --------------------------------------------------------------------------------------------
SECRET = "TOP-SECRET-OUTSIDE-THE-FOLDER"


@pytest.mark.parametrize("layout", ["file-outside", "linked-folder", "link-inside", "linked-main-template"])
def test_template_dir_refuses_symbolic_links(tmp_path: Path, run, layout: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    templates = tmp_path / "templates"
    templates.mkdir()
    main = templates / "report.md.j2"
    if layout == "file-outside":
        (templates / "k").symlink_to(outside / "secret.txt")
        main.write_text("{% include 'k' %}\n", encoding="utf-8")
    elif layout == "linked-folder":
        (templates / "sub").symlink_to(outside, target_is_directory=True)
        main.write_text("{% include 'sub/secret.txt' %}\n", encoding="utf-8")
    elif layout == "link-inside":
        (templates / "real.txt").write_text("inside", encoding="utf-8")
        (templates / "k").symlink_to(templates / "real.txt")
        main.write_text("{% include 'k' %}\n", encoding="utf-8")
    else:
        (outside / "report.md.j2").write_text(SECRET, encoding="utf-8")
        main.symlink_to(outside / "report.md.j2")
    output = tmp_path / "out.md"
    result = run("report", ACME, "-q", MINI, "-o", output, "--template-dir", templates)
    assert result.exit_code == 1
    assert "is a symbolic link" in result.stderr and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr and SECRET not in result.stdout + result.stderr
    assert not output.exists()


@pytest.mark.parametrize(("source", "line", "message"), [
    ("ok\n{{ 1/0 }}\n", 2, "ZeroDivisionError: division by zero"),
    ("{{ '%d'|format('x') }}", 1, "TypeError: %d format: a real number is required, not str"),
    ("{{ '{:d}'.format('x') }}", 1, "ValueError"),
    ("{% for i in range(10**9) %}{% endfor %}", 1, "OverflowError: Range too big"),
    ("{{ 'x' * 10**9 }}", 1, "refused by the sandbox: a value longer than"),
    ("{{ 'x'|center(10**9) }}", 1, "refused by the sandbox: a value longer than"),
    ("{{ '%0999999999d' % 1 }}", 1, "refused by the sandbox: a format field wider than"),
    ("{{ '%0999999999d'|format(1) }}", 1, "refused by the sandbox: a format field wider than"),
    ("{{ '{:>999999999}'.format(1) }}", 1, "refused by the sandbox: a format field wider than"),
    ("{{ 10 ** 100000000 }}", 1, "refused by the sandbox: a number of more than"),
    ("{{ report.cover.nothing() }}", 1, "has no attribute 'nothing'"),
    ("\n{{ lipsum(10**9) }}", 2, "'lipsum' is undefined"),
    ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", None, "calls itself without end"),
    ("{% include 'report.md.j2' %}", None, "calls itself without end"),
])
def test_every_template_error_is_one_located_line(tmp_path: Path, run, source: str, line: int | None, message: str) -> None:
    (tmp_path / "report.md.j2").write_text(source, encoding="utf-8")
    output = tmp_path / "out.md"
    result = run("report", ACME, "-q", MINI, "-o", output, "--template-dir", tmp_path)
    assert result.exit_code == 1, result.stdout
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    template = str(tmp_path / "report.md.j2")
    if line is not None:
        assert result.stderr.startswith(f"{template}:{line}: template error: ")
    else:
        assert template in result.stderr
    assert message in result.stderr
    assert not output.exists()


def test_rendering_is_bounded_in_time(tmp_path: Path, run, monkeypatch: pytest.MonkeyPatch) -> None:
    import ia_maturity.report.render as report

    monkeypatch.setattr(report, "RENDER_SECONDS", 0.5)
    (tmp_path / "report.md.j2").write_text(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", encoding="utf-8")
    result = run("report", ACME, "-q", MINI, "-o", tmp_path / "out.md", "--template-dir", tmp_path)
    assert result.exit_code == 1
    assert result.stderr.endswith("template error: rendering took more than 0.5 seconds; stopped\n")
    assert result.stderr.count("\n") == 1


def test_rendering_is_bounded_in_size(tmp_path: Path, run, monkeypatch: pytest.MonkeyPatch) -> None:
    import ia_maturity.report.render as report

    monkeypatch.setattr(report, "MAX_OUTPUT_CHARS", 10_000)
    (tmp_path / "report.md.j2").write_text("{% for i in range(100000) %}0123456789{% endfor %}", encoding="utf-8")
    result = run("report", ACME, "-q", MINI, "-o", tmp_path / "out.md", "--template-dir", tmp_path)
    assert result.exit_code == 1
    assert "template error: the report grew beyond" in result.stderr and result.stderr.count("\n") == 1


def test_a_regular_custom_template_still_works(tmp_path: Path, run) -> None:
    (tmp_path / "parts").mkdir()
    (tmp_path / "parts" / "hello.j2").write_text("Hello {{ report.cover.organisation }}", encoding="utf-8")
    (tmp_path / "report.md.j2").write_text("{% include 'parts/hello.j2' %}\n", encoding="utf-8")
    result = run("report", ACME, "-q", MINI, "-o", tmp_path / "out.md", "--template-dir", tmp_path)
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out.md").read_text(encoding="utf-8").startswith("Hello ")


# --------------------------------------------------------------------------------------------
# Word
# --------------------------------------------------------------------------------------------
def test_word_has_the_team_progress_and_benchmark_sections() -> None:
    docx = pytest.importorskip("docx")
    import io

    team = team_of(TEAM)
    rounds = [round_of(str(p), scored(p)) for p in (ROUND_1, ROUND_2, ROUND_3)]
    comparison = compare_rounds(rounds)
    data = render_report(team.result, "docx", "en", team=team.extras, today=TODAY, tool_version=VERSION)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert "2. The team's answers" in text and "How management and staff see it" in text
    assert "Tout le monde a un compte professionnel" not in text
    data = render_report(comparison.last.result, "docx", "fr", comparison=comparison, tool_version=VERSION,
                         benchmark=compare_with_pack(load_pack(PACK), comparison.last.result))
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "2. Progrès depuis le 5\u00a0novembre 2026" in text and "3. Où vous situez-vous" in text
    assert any(t.rows[0].cells[-1].text == "Évolution" for t in document.tables)
